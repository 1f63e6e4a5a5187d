"""How many images? Every possible image of a given size, counted exactly.

Deep links: ``?w=32&h=32&c=3&bits=8`` (width, height, channels, bits per channel).
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd
import streamlit as st

from lib import combinatorics as comb
from lib import reference_figures as ref
from lib import ui
from lib.big_numbers import Magnitude

CUSTOM = "Custom size"
EDGE_CHOICES = (12, 100, 1_000, 10_000)


def apply_preset() -> None:
    """Copy the chosen preset into the four URL-bound inputs (runs before the rerun)."""
    preset = next((p for p in comb.PRESETS if p.name == st.session_state["preset"]), None)
    if preset is not None:
        image = preset.image
        st.session_state.update(w=str(image.width), h=str(image.height),
                                c=str(image.channels), bits=str(image.bits))


def read_image_format() -> comb.ImageFormat:
    """The four inputs (bound to ?w, ?h, ?c, ?bits) and a preset picker that fills them."""
    default = comb.DEFAULT
    picker, *boxes = st.columns([2.2, 1, 1, 1, 1], vertical_alignment="bottom")
    w, pw = ui.whole_number_input("Width (pixels)", "w", default.width, 1, comb.MAX_SIDE, boxes[0])
    h, ph = ui.whole_number_input("Height (pixels)", "h", default.height, 1, comb.MAX_SIDE, boxes[1])
    c, pc = ui.whole_number_input("Channels", "c", default.channels, 1, comb.MAX_CHANNELS, boxes[2],
                                  help="1 = grey, 3 = RGB, 4 = RGBA; hyperspectral cameras have hundreds")
    b, pb = ui.whole_number_input("Bits per channel", "bits", default.bits, 1, comb.MAX_BITS, boxes[3],
                                  help="8 bits = 256 levels; 1 bit = black or white")
    image = comb.ImageFormat(w, h, c, b)
    # The picker shows whichever preset the inputs match, so it never contradicts them.
    match = comb.matching_preset(image)
    st.session_state["preset"] = match.name if match else CUSTOM
    picker.selectbox("Preset", [p.name for p in comb.PRESETS] + [CUSTOM], key="preset",
                     on_change=apply_preset)
    ui.show_problems([pw, ph, pc, pb])
    if match:
        st.caption(f"{match.name}: {match.note}.")
    return image


def show_headline(image: comb.ImageFormat, count: Magnitude, facts: comb.CountFacts) -> None:
    by_levels, by_bits = comb.powers_text(image)
    st.subheader(f"How many different {image.describe()} images exist?")
    ui.big_number(
        "Number of possible images, exactly",
        str(facts.exact) if facts.exact is not None else ui.power_html(facts.scientific),
        ui.Html(f"= {by_levels} = {by_bits} = {ui.exponent_html(facts.log10)}…"),
    )
    digits = ui.Html(f"{facts.digit_count:,}")
    ui.table(["", ""], [
        ["Written out, it has", ui.Html(f"<b>{digits}</b> decimal digits")],
        ["log10 of it (certain to every place shown)", facts.log10],
        ["It begins", ui.Html(f'<span class="digits">{facts.leading}…</span>')],
        ["It ends", ui.Html(f'<span class="digits">…{facts.trailing}</span>')],
        ["Against the atoms in the observable universe (~10^80, an estimate)",
         ui.Html(ui.ratio_html(count / ref.ATOMS_IN_UNIVERSE.magnitude))],
    ])


def show_digits(count: Magnitude, facts: comb.CountFacts) -> None:
    """The first and last digits on request, as text and as a download."""
    with st.expander("More digits: the first and the last, exactly"):
        if facts.exact is not None:
            st.code(str(facts.exact), language=None, wrap_lines=True)
            return
        choices = [n for n in EDGE_CHOICES if 2 * n <= facts.digit_count] or [EDGE_CHOICES[0]]
        n = st.selectbox("How many digits at each end", choices, index=min(2, len(choices) - 1),
                         format_func=lambda k: f"{k:,}", key="edge_digits")
        first, last = comb.edge_digits(count, n)
        hidden = facts.digit_count - len(first) - len(last)
        text = f"{first}\n… {hidden:,} digits not shown …\n{last}"
        st.code(text, language=None, wrap_lines=True, height=300)
        st.download_button("Download these digits (.txt)", text, file_name="count-digits.txt",
                           mime="text/plain", on_click="ignore", icon=":material/download:")
        st.caption("Computed from mpmath interval arithmetic (leading) and modular "
                   "exponentiation (trailing): the full number is never built.")


def show_comparisons(count: Magnitude) -> None:
    left, right = st.columns(2)
    with left:
        st.markdown("#### Against the largest numbers in nature")
        rows = []
        for yard in ref.COSMIC_YARDSTICKS:
            ratio = comb.times_more_than(count, yard)
            rows.append([f"{yard.name} ({yard.label})", ui.Html(ui.ratio_html(ratio)),
                         yard.source])
        ui.table(["Compared with", "The count is", "Source (estimate)"], rows)
    with right:
        st.markdown("#### Against the largest image datasets")
        rows = []
        for data in ref.DATASETS:
            share = comb.dataset_coverage(count, data)
            rows.append([f"{data.name}: {data.label} {data.unit}",
                         ui.Html(ui.power_html(share.scientific(3))), data.source])
        ui.table(["Dataset", "Share of all images it covers", "Source"], rows)
        st.caption("A share assumes every image in the dataset has exactly this format; "
                   "it can only be smaller in truth.")


def show_enumeration(count: Magnitude) -> None:
    st.markdown("#### How long would it take to look at every one?")
    rows = []
    for rate in comb.enumeration_rates():
        t = comb.enumeration_time(count, rate)
        rows.append([rate.name, ui.Html(ui.power_html(rate.images_per_second.scientific(3))),
                     ui.Html(ui.power_html(t.years.scientific(3))),
                     ui.Html(ui.power_html(t.universe_ages.scientific(3))), rate.source])
    ui.table(["At the pace of", "Images per second", "Years", "Ages of the universe (13.787 Gyr)",
              "Source (estimate)"], rows)


def show_smallest_square(image: comb.ImageFormat) -> None:
    side = comb.smallest_square_exceeding(ref.ATOMS_IN_UNIVERSE.magnitude, image.channels, image.bits)
    tiny = comb.ImageFormat(side, side, image.channels, image.bits)
    st.markdown("#### The smallest square image that beats the universe")
    st.markdown(
        f"With {image.channels} channel{'s' * (image.channels > 1)} of {image.bits} bit"
        f"{'s' * (image.bits > 1)}, a **{side}×{side}** image already has more possible versions "
        f"({comb.count_facts(comb.count_images(tiny)).scientific}) than there are atoms in the "
        f"observable universe (~10^80); {side - 1}×{side - 1} does not."
        if side > 1 else
        "Even a single pixel of this kind has more possible values than there are atoms in "
        "the observable universe (~10^80).")


def show_chart(image: comb.ImageFormat) -> None:
    st.markdown("#### The count explodes with the side of the image")
    current_side = math.sqrt(image.width * image.height)
    points = comb.log10_count_by_side(image.channels, image.bits, comb.chart_sides(current_side))
    curve = pd.DataFrame({"side": [p.side for p in points],
                          "log10 count": [p.log10_count for p in points]})
    here = pd.DataFrame({"side": [current_side], "log10 count": [float(count_log10(image))],
                         "label": [f"this image ({image.width:,}×{image.height:,})"]})
    yardsticks = (*ref.COSMIC_YARDSTICKS, ref.LAION_5B, ref.MNIST)
    refs = pd.DataFrame({
        "log10 count": [float(r.magnitude.log10(3)) for r in yardsticks],
        "reference": [f"{r.name} ({r.label})" for r in yardsticks],
    })
    x = alt.X("side:Q", scale=alt.Scale(type="log"), title="side of a square image (pixels)")
    y = alt.Y("log10 count:Q", scale=alt.Scale(type="log"),
              title="log10(number of images) = its number of digits")
    line = alt.Chart(curve).mark_line(color="#0072B2").encode(
        x=x, y=y, tooltip=["side:Q", alt.Tooltip("log10 count:Q", format=",.1f")])
    # Okabe-Ito colours: distinguishable with every common colour-vision deficiency.
    palette = alt.Scale(range=["#E69F00", "#D55E00", "#009E73", "#56B4E9", "#999999"])
    rules = alt.Chart(refs).mark_rule(strokeDash=[5, 4], strokeWidth=2).encode(
        y="log10 count:Q", color=alt.Color("reference:N", scale=palette, sort=None,
                                           legend=alt.Legend(orient="bottom", columns=2, title=None)),
        tooltip=["reference:N", alt.Tooltip("log10 count:Q", format=",.2f")])
    dot = alt.Chart(here).mark_point(size=140, filled=True, color="#CC79A7").encode(
        x=x, y=y, tooltip=["label:N", alt.Tooltip("log10 count:Q", format=",.0f")])
    dot_label = dot.mark_text(align="right", dx=-10, dy=-10, color="#CC79A7").encode(text="label:N")
    chart = (line + rules + dot + dot_label).properties(height=420)
    st.altair_chart(chart, width="stretch",
                    alt="log10 of the number of possible square images against their side")
    st.caption("Both axes are logarithmic. Dashed lines: the cosmic yardsticks and the smallest and "
               "largest datasets, as numbers of digits. The curve passes them all within a few pixels.")


def count_log10(image: comb.ImageFormat) -> float:
    """log10 of the count as a float for the chart (a log never overflows)."""
    return image.total_bits * math.log10(2)


def show_post_panel() -> None:
    st.markdown("#### The post says / exactly")
    rows = [[c.what, ui.Html("~" + ui.power_html(c.post_says)) if c.post_says else "(not stated)",
             ui.Html(ui.power_html(c.exactly)), c.note] for c in comb.post_claims()]
    ui.table(["", "The post says", "Exactly", "Note"], rows)
    post = ref.SEED_POST
    st.caption(f"“{post['title']}”, {post['author']}, {post['venue']}, {post['date']}.")


def main() -> None:
    ui.setup_page("How many images?")
    st.title("How many different images are there?")
    st.markdown("Every image of a given size is one choice of a value for every channel of "
                "every pixel. Count the choices, exactly, and compare.")
    image = read_image_format()
    count = comb.count_images(image)
    facts = comb.count_facts(count)
    show_headline(image, count, facts)
    show_digits(count, facts)
    show_comparisons(count)
    show_enumeration(count)
    show_smallest_square(image)
    show_chart(image)
    show_post_panel()


main()
