"""How many images (texts, sounds, videos)? Every possible one, counted exactly.

Deep links: ``?w=32&h=32&c=3&bits=8`` for images; ``?m=text&vocab=50257&tokens=70``,
``?m=audio&rate=44100&depth=16&ach=2&secs=180``, ``?m=video&vw=1920&vh=1080&fps=30&vsecs=10&vbits=8``.
"""

from __future__ import annotations

import math
from fractions import Fraction

import altair as alt
import pandas as pd
import streamlit as st

from lib import combinatorics as comb
from lib import modalities as mod
from lib import reference_figures as ref
from lib import ui
from lib.big_numbers import Magnitude

EDGE_CHOICES = (12, 100, 1_000, 10_000)
NOUNS = {"image": "images", "text": "texts", "audio": "sounds", "video": "videos"}
# Okabe-Ito colours: distinguishable with every common colour-vision deficiency.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#999999"]


# -- inputs -------------------------------------------------------------------------------------
def pick_modality() -> str:
    """Images, text, audio or video, bound to ?m= (images, the default, keep the URL clean)."""
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    choice = ui.choice_input("What kind of data?", mod.MODALITIES, "m", "image", left)
    right.button(
        "Back to the post's example",
        on_click=back_to_the_post,
        icon=":material/undo:",
        help="The post's phone photo: 2304×4096 RGB, 8 bits per channel",
    )
    return choice


def back_to_the_post() -> None:
    """Reset the view to the post's phone photo (a callback: runs before the rerun)."""
    d = comb.DEFAULT
    st.session_state.update(m="image", w=str(d.width), h=str(d.height), c=str(d.channels), bits=str(d.bits))


def read_image_format() -> comb.ImageFormat:
    d = comb.DEFAULT
    fields = [
        ui.NumberField("Width (pixels)", "w", d.width, 1, comb.MAX_SIDE),
        ui.NumberField("Height (pixels)", "h", d.height, 1, comb.MAX_SIDE),
        ui.NumberField(
            "Channels",
            "c",
            d.channels,
            1,
            comb.MAX_CHANNELS,
            "1 = grey, 3 = RGB, 4 = RGBA; hyperspectral cameras have hundreds",
        ),
        ui.NumberField(
            "Bits per channel",
            "bits",
            d.bits,
            1,
            comb.MAX_BITS,
            "8 bits = 256 levels; 1 bit = black or white",
        ),
    ]
    presets = [
        (p.name, {"w": p.image.width, "h": p.image.height, "c": p.image.channels, "bits": p.image.bits})
        for p in comb.PRESETS
    ]
    values, match = ui.inputs_with_presets(fields, presets, "preset")
    if match:
        st.caption(f"{match}: {next(p.note for p in comb.PRESETS if p.name == match)}.")
    return comb.ImageFormat(values["w"], values["h"], values["c"], values["bits"])


def _fields(modality: str) -> list[ui.NumberField]:
    first = mod.PRESETS[modality][0].values
    if modality == "text":
        return [
            ui.NumberField(
                "Vocabulary size",
                "vocab",
                first["vocab"],
                2,
                mod.MAX_VOCABULARY,
                "27 = letters and space; 256 = bytes; 50,257 = GPT-2's tokens",
            ),
            ui.NumberField("Length (symbols)", "tokens", first["tokens"], 1, mod.MAX_TOKENS),
        ]
    if modality == "audio":
        return [
            ui.NumberField("Sample rate (Hz)", "rate", first["rate"], 1, mod.MAX_SAMPLE_RATE),
            ui.NumberField("Bit depth", "depth", first["depth"], 1, comb.MAX_BITS),
            ui.NumberField("Channels", "ach", first["ach"], 1, mod.MAX_AUDIO_CHANNELS),
            ui.NumberField("Duration (s)", "secs", first["secs"], 1, mod.MAX_SECONDS),
        ]
    return [
        ui.NumberField("Frame width", "vw", first["vw"], 1, mod.MAX_FRAME_SIDE),
        ui.NumberField("Frame height", "vh", first["vh"], 1, mod.MAX_FRAME_SIDE),
        ui.NumberField("Frames per second", "fps", first["fps"], 1, mod.MAX_FPS),
        ui.NumberField("Duration (s)", "vsecs", first["vsecs"], 1, mod.MAX_SECONDS),
        ui.NumberField("Bits per channel", "vbits", first["vbits"], 1, comb.MAX_BITS),
    ]


def read_data_format(modality: str) -> tuple[mod.DataFormat, str]:
    """Inputs and presets for text, audio or video; returns the format and its name."""
    presets = mod.PRESETS[modality]
    values, match = ui.inputs_with_presets(
        _fields(modality), [(p.name, p.values) for p in presets], f"{modality}_preset"
    )
    if match:
        st.caption(f"{match}: {next(p.note for p in presets if p.name == match)}.")
    if modality == "text":
        data = mod.text_data(values["vocab"], values["tokens"])
    elif modality == "audio":
        data = mod.audio_data(values["rate"], values["depth"], values["ach"], values["secs"])
    else:
        data = mod.video_data(values["vw"], values["vh"], values["fps"], values["vsecs"], values["vbits"])
    return data, f"this view: {match or data.description}"


# -- outputs shared by every modality ------------------------------------------------------------
def show_headline(question: str, powers: str, count: Magnitude, facts: comb.CountFacts) -> None:
    st.subheader(question)
    ui.big_number(
        "Number of possibilities, exactly",
        str(facts.exact) if facts.exact is not None else ui.power_html(facts.scientific),
        ui.Html(f"= {powers} = {ui.exponent_html(facts.log10)}…"),
    )
    ui.table(
        ["", ""],
        [
            ["Written out, it has", ui.Html(f"<b>{facts.digit_count:,}</b> decimal digits")],
            ["log10 of it (certain to every place shown)", facts.log10],
            ["It begins", ui.Html(f'<span class="digits">{facts.leading}…</span>')],
            ["It ends", ui.Html(f'<span class="digits">…{facts.trailing}</span>')],
            [
                "Against the atoms in the observable universe (~10^80, an estimate)",
                ui.Html(ui.ratio_html(count / ref.ATOMS_IN_UNIVERSE.magnitude)),
            ],
        ],
    )


def show_digits(count: Magnitude, facts: comb.CountFacts) -> None:
    """The first and last digits on request, as text and as a download."""
    with st.expander("More digits: the first and the last, exactly"):
        if facts.exact is not None:
            st.code(str(facts.exact), language=None, wrap_lines=True)
            return
        choices = [n for n in EDGE_CHOICES if 2 * n <= facts.digit_count] or [EDGE_CHOICES[0]]
        # Bound to ?digits= (no format_func: a bound widget matches the URL against its labels).
        n = st.selectbox(
            "How many digits at each end",
            choices,
            index=min(2, len(choices) - 1),
            key="digits",
            bind="query-params",
        )
        first, last = comb.edge_digits(count, n)
        hidden = facts.digit_count - len(first) - len(last)
        text = f"{first}\n… {hidden:,} digits not shown …\n{last}"
        st.code(text, language=None, wrap_lines=True, height=300)
        st.download_button(
            "Download these digits (.txt)",
            text,
            file_name="count-digits.txt",
            mime="text/plain",
            on_click="ignore",
            icon=":material/download:",
        )
        st.caption(
            "Computed from mpmath interval arithmetic (leading) and modular "
            "exponentiation (trailing): the full number is never built."
        )


def show_yardsticks(count: Magnitude) -> None:
    st.markdown("#### Against the largest numbers in nature")
    rows = [
        [
            f"{yard.name} ({yard.label})",
            ui.Html(ui.ratio_html(comb.times_more_than(count, yard))),
            yard.source,
        ]
        for yard in ref.COSMIC_YARDSTICKS
    ]
    ui.table(["Compared with", "The count is", "Source (estimate)"], rows)


def show_enumeration(count: Magnitude, noun: str) -> None:
    st.markdown(f"#### How long would it take to look at every one of the {noun}?")
    rows = []
    for rate in comb.enumeration_rates():
        t = comb.enumeration_time(count, rate)
        rows.append(
            [
                rate.name,
                ui.Html(ui.power_html(rate.images_per_second.scientific(3))),
                ui.Html(ui.power_html(t.years.scientific(3))),
                ui.Html(ui.power_html(t.universe_ages.scientific(3))),
                rate.source,
            ]
        )
    ui.table(
        [
            "At the pace of",
            f"{noun.capitalize()} per second",
            "Years",
            "Ages of the universe (13.787 Gyr)",
            "Source (estimate)",
        ],
        rows,
    )


def show_one_axis(current: mod.DataFormat, name: str) -> None:
    st.markdown("#### Images, text, sound and video on one axis")
    points = mod.one_axis(current, name)
    frame = pd.DataFrame(
        {
            "example": [p.name for p in points],
            "kind": [mod.MODALITY_LABELS[p.modality] + (" (this view)" if p.current else "") for p in points],
            "log10 digits": [p.log10_digits for p in points],
            "digits": [10**p.log10_digits for p in points],
        }
    )
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("example:N", sort="-x", title=None, axis=alt.Axis(labelLimit=0, labelOverlap=False)),
            x=alt.X("log10 digits:Q", title="log10 of the number of digits = log10(log10(count))"),
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(range=OKABE_ITO),
                title=None,
                legend=alt.Legend(orient="bottom", labelLimit=0),
            ),
            tooltip=["example:N", "kind:N", alt.Tooltip("digits:Q", format=",.0f", title="digits")],
        )
        .properties(height=28 * len(points))
    )
    st.altair_chart(
        chart,
        width="stretch",
        alt="Number of digits of the count of possible examples for every preset, on a logarithmic axis",
    )
    st.caption(
        "A log of a log: each step of 1 on this axis multiplies the number of digits by "
        "ten. A 2-hour 4K film's count has about 10 trillion digits; a tweet's, a few hundred."
    )


# -- images ------------------------------------------------------------------------------------
def show_image_comparisons(count: Magnitude) -> None:
    left, right = st.columns(2)
    with left:
        show_yardsticks(count)
    with right:
        st.markdown("#### Against the largest image datasets")
        rows = [
            [
                f"{data.name}: {data.label} {data.unit}",
                ui.Html(ui.power_html(comb.dataset_coverage(count, data).scientific(3))),
                data.source,
            ]
            for data in ref.DATASETS
        ]
        ui.table(["Dataset", "Share of all images it covers", "Source"], rows)
        st.caption(
            "A share assumes every image in the dataset has exactly this format; "
            "it can only be smaller in truth."
        )


def show_smallest_square(image: comb.ImageFormat) -> None:
    side = comb.smallest_square_exceeding(ref.ATOMS_IN_UNIVERSE.magnitude, image.channels, image.bits)
    tiny = comb.ImageFormat(side, side, image.channels, image.bits)
    st.markdown("#### The smallest square image that beats the universe")
    st.markdown(
        f"With {image.channels} channel{'s' * (image.channels > 1)} of {image.bits} bit"
        f"{'s' * (image.bits > 1)}, a **{side}×{side}** image already has more possible versions "
        f"({comb.count_facts(comb.count_images(tiny)).scientific}) than there are atoms in the "
        f"observable universe (~10^80); {side - 1}×{side - 1} does not."
        if side > 1
        else "Even a single pixel of this kind has more possible values than there are atoms in "
        "the observable universe (~10^80)."
    )


def show_side_chart(image: comb.ImageFormat) -> None:
    st.markdown("#### The count explodes with the side of the image")
    current_side = math.sqrt(image.width * image.height)
    points = comb.log10_count_by_side(image.channels, image.bits, comb.chart_sides(current_side))
    curve = pd.DataFrame({"side": [p.side for p in points], "log10 count": [p.log10_count for p in points]})
    here = pd.DataFrame(
        {
            "side": [current_side],
            "log10 count": [image.total_bits * math.log10(2)],
            "label": [f"this image ({image.width:,}×{image.height:,})"],
        }
    )
    yardsticks = (*ref.COSMIC_YARDSTICKS, ref.LAION_5B, ref.MNIST)
    refs = pd.DataFrame(
        {
            "log10 count": [float(r.magnitude.log10(3)) for r in yardsticks],
            "reference": [f"{r.name} ({r.label})" for r in yardsticks],
        }
    )
    x = alt.X("side:Q", scale=alt.Scale(type="log"), title="side of a square image (pixels)")
    y = alt.Y(
        "log10 count:Q", scale=alt.Scale(type="log"), title="log10(number of images) = its number of digits"
    )
    line = (
        alt.Chart(curve)
        .mark_line(color=OKABE_ITO[0])
        .encode(x=x, y=y, tooltip=["side:Q", alt.Tooltip("log10 count:Q", format=",.1f")])
    )
    rules = (
        alt.Chart(refs)
        .mark_rule(strokeDash=[5, 4], strokeWidth=2)
        .encode(
            y="log10 count:Q",
            color=alt.Color(
                "reference:N",
                scale=alt.Scale(range=OKABE_ITO[1:]),
                sort=None,
                legend=alt.Legend(orient="bottom", columns=2, title=None, labelLimit=0),
            ),
            tooltip=["reference:N", alt.Tooltip("log10 count:Q", format=",.2f")],
        )
    )
    dot = (
        alt.Chart(here)
        .mark_point(size=140, filled=True, color=OKABE_ITO[3])
        .encode(x=x, y=y, tooltip=["label:N", alt.Tooltip("log10 count:Q", format=",.0f")])
    )
    dot_label = dot.mark_text(align="right", dx=-10, dy=-10, color=OKABE_ITO[3]).encode(text="label:N")
    st.altair_chart(
        (line + rules + dot + dot_label).properties(height=420),
        width="stretch",
        alt="log10 of the number of possible square images against their side",
    )
    st.caption(
        "Both axes are logarithmic. Dashed lines: the cosmic yardsticks and the smallest and "
        "largest datasets, as numbers of digits. The curve passes them all within a few pixels."
    )


def show_post_panel() -> None:
    st.markdown("#### The post says / exactly")
    rows = [
        [
            c.what,
            ui.Html("~" + ui.power_html(c.post_says)) if c.post_says else "(not stated)",
            ui.Html(ui.power_html(c.exactly)),
            c.note,
        ]
        for c in comb.post_claims()
    ]
    ui.table(["", "The post says", "Exactly", "Note"], rows)
    post = ref.SEED_POST
    st.caption(f"“{post['title']}”, {post['author']}, {post['venue']}, {post['date']}.")


def image_view() -> tuple[mod.DataFormat, str]:
    image = read_image_format()
    count = comb.count_images(image)
    facts = comb.count_facts(count)
    by_levels, by_bits = comb.powers_text(image)
    show_headline(
        f"How many different {image.describe()} images exist?", f"{by_levels} = {by_bits}", count, facts
    )
    show_digits(count, facts)
    ui.download_numbers(
        comb.view_numbers(image.describe() + " images", count),
        f"images-{image.width}x{image.height}x{image.channels}x{image.bits}",
    )
    show_image_comparisons(count)
    show_enumeration(count, "images")
    show_smallest_square(image)
    show_side_chart(image)
    data = mod.image_data(image)
    return data, f"this view: {image.describe()}"


# -- text, audio, video ---------------------------------------------------------------------------
def show_corpora(data: mod.DataFormat) -> None:
    st.markdown("#### Against the largest corpora")
    rows = []
    for corpus in mod.corpora_for(data.modality):
        windows = corpus.windows(data)
        rows.append(
            [
                f"{corpus.name}: {corpus.label}",
                ui.Html(ui.power_html(windows.scientific(3))),
                ui.Html(ui.power_html(mod.corpus_coverage(data, corpus).scientific(3))),
                corpus.source + (" (estimate)" if corpus.estimate else ""),
            ]
        )
    ui.table(["Corpus", "Distinct examples it could hold, at most", "Share of all of them", "Source"], rows)
    st.caption(
        "Generously, every starting point in a corpus counts as a different example "
        "(every token, every sample, every frame), so the true share is smaller still."
    )


def show_shortest(data: mod.DataFormat) -> None:
    n = mod.shortest_exceeding(ref.ATOMS_IN_UNIVERSE.magnitude, data.levels)
    st.markdown("#### The shortest one that beats the universe")
    if data.modality == "text":
        words = f"a text of just **{n:,} symbols**"
    elif data.modality == "audio":
        seconds = Fraction(n, data.positions_per_unit)
        words = f"**{n:,} samples**, {float(seconds) * 1000:.3g} milliseconds of this sound"
    else:
        words = f"**{n:,} values**, {n / data.positions_per_unit:.2g} of one frame"
    st.markdown(
        f"With {data.levels:,} possible values per position, {words} already has more "
        "possible versions than there are atoms in the observable universe (~10^80)."
    )


def modality_view(modality: str) -> tuple[mod.DataFormat, str]:
    data, name = read_data_format(modality)
    count = data.count()
    facts = comb.count_facts(count)
    noun = NOUNS[modality]
    show_headline(
        f"How many different {noun} of {data.description}?",
        f"{data.levels:,}^{data.positions:,}",
        count,
        facts,
    )
    show_digits(count, facts)
    ui.download_numbers(
        comb.view_numbers(f"{noun} of {data.description}", count, datasets=()),
        f"{modality}-{data.levels}-{data.positions}",
    )
    left, right = st.columns(2)
    with left:
        show_yardsticks(count)
    with right:
        show_corpora(data)
    show_enumeration(count, noun)
    show_shortest(data)
    return data, name


def main() -> None:
    ui.setup_page("How many images?")
    title = st.empty()  # filled once the modality is known, so the title stays on top
    modality = pick_modality()
    title.title(f"How many different {NOUNS[modality]} are there?")
    st.markdown(
        "Every image, text, sound or video of a given size is one choice of a value at "
        "every position. Count the choices, exactly, and compare."
    )
    if modality == "image":
        data, name = image_view()
    else:
        data, name = modality_view(modality)
    show_one_axis(data, name)
    if modality == "image":
        show_post_panel()


ui.run_page(main)
