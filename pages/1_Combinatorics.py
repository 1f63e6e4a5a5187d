"""How many images (texts, sounds, videos)? Every possible one, counted exactly.

Deep links: ``?w=32&h=32&c=3&bits=8`` for images; ``?m=text&vocab=50257&tokens=70``,
``?m=audio&rate=44100&depth=16&ach=2&secs=180``, ``?m=video&vw=1920&vh=1080&fps=30&vsecs=10&vbits=8``.
The answer comes first, the inputs beside it; then a few cards, the charts, the post's figures.
"""

from __future__ import annotations

import html
import math

import streamlit as st

from lib import combinatorics as comb
from lib import count_cards, ui
from lib import modalities as mod
from lib import reference_figures as ref
from lib.big_numbers import Magnitude
from lib.charts import counts as charts
from lib.notation import rich_text

EDGE_CHOICES = (12, 100, 1_000, 10_000)
ROUNDED = (
    '<p class="caption">The cards round each power of ten and each length to 3 significant digits; '
    "counts of digits, pages, books and pixels are exact.</p>"
)
NOUNS = count_cards.NOUNS
F = ui.NumberField
FIELDS = {
    "image": [
        F("Width (pixels)", "w", comb.DEFAULT.width, 1, comb.MAX_SIDE),
        F("Height (pixels)", "h", comb.DEFAULT.height, 1, comb.MAX_SIDE),
        F("Channels", "c", comb.DEFAULT.channels, 1, comb.MAX_CHANNELS, "1 = grey, 3 = RGB, 4 = RGBA"),
        F("Bits per channel", "bits", comb.DEFAULT.bits, 1, comb.MAX_BITS, "8 bits = 256 levels"),
    ],
    "text": [
        F("Vocabulary size", "vocab", 27, 2, mod.MAX_VOCABULARY, "27 = letters and space; 50,257 = GPT-2"),
        F("Length (symbols)", "tokens", 280, 1, mod.MAX_TOKENS),
    ],
    "audio": [
        F("Sample rate (Hz)", "rate", 44_100, 1, mod.MAX_SAMPLE_RATE),
        F("Bit depth", "depth", 16, 1, comb.MAX_BITS),
        F("Channels", "ach", 2, 1, mod.MAX_AUDIO_CHANNELS),
        F("Duration (s)", "secs", 180, 1, mod.MAX_SECONDS),
    ],
    "video": [
        F("Frame width", "vw", 1920, 1, mod.MAX_FRAME_SIDE),
        F("Frame height", "vh", 1080, 1, mod.MAX_FRAME_SIDE),
        F("Frames per second", "fps", 30, 1, mod.MAX_FPS),
        F("Duration (s)", "vsecs", 10, 1, mod.MAX_SECONDS),
        F("Bits per channel", "vbits", 8, 1, comb.MAX_BITS),
    ],
}


def image_values(image: comb.ImageFormat) -> dict[str, int]:
    return {"w": image.width, "h": image.height, "c": image.channels, "bits": image.bits}


def back_to_the_post() -> None:
    """Reset the view to the post's phone photo (a callback: runs before the rerun)."""
    d = comb.DEFAULT
    st.session_state.update(m="image", w=str(d.width), h=str(d.height), c=str(d.channels), bits=str(d.bits))


def read_inputs(modality: str) -> tuple[mod.DataFormat, str, comb.ImageFormat | None]:
    """The modality's presets and inputs: the format, the name of this view, the image."""
    if modality == "image":
        presets = [(p.name, image_values(p.image), p.note) for p in comb.PRESETS]
    else:
        presets = [(p.name, p.values, p.note) for p in mod.PRESETS[modality]]
    values, match = ui.inputs_with_presets(
        FIELDS[modality], [(n, v) for n, v, _ in presets], f"{modality}_preset"
    )
    if match:
        st.caption(rich_text(f"{match}: {next(note for n, _, note in presets if n == match)}."))
    v = values
    if modality == "image":
        image = comb.ImageFormat(v["w"], v["h"], v["c"], v["bits"])
        return mod.image_data(image), match or image.describe(), image
    if modality == "text":
        data = mod.text_data(v["vocab"], v["tokens"])
    elif modality == "audio":
        data = mod.audio_data(v["rate"], v["depth"], v["ach"], v["secs"])
    else:
        data = mod.video_data(v["vw"], v["vh"], v["fps"], v["vsecs"], v["vbits"])
    return data, match or data.description, None


#: Twelve digits kept on one line: a phone wrapped "73044265445 / 5…" mid-number.
_WHOLE = '<span class="digits" style="white-space: nowrap">'


def answer_html(data: mod.DataFormat, count: Magnitude, facts: comb.CountFacts) -> str:
    """The count, big, with what is exact about it, and its digits printed out: one block."""
    noun = NOUNS[data.modality]
    if facts.exact is not None:
        label, value = f"Possible {noun}, exactly", f"{facts.exact:,}"
    else:
        label, value = f"Possible {noun}, to 5 significant digits", ui.power_html(facts.scientific)
    return (
        f'<p class="intro">Every possible {html.escape(data.phrase)}: one choice of a value at '
        "every position.</p>"
        + ui.big_number_html(label, value, ui.Html(f"= {count_cards.powers(data)}"))
        + f'<p class="bignum-caption">Exactly <b>{facts.digit_count:,}</b> digits: it begins '
        f"{_WHOLE}{facts.leading}…</span> and ends {_WHOLE}…{facts.trailing}</span>; "
        f"log<sub>10</sub> = {count_cards.log10_html(facts.log10)}… (every decimal shown is certain).</p>"
        + count_cards.scale_card(facts)
    )


def show_charts(
    data: mod.DataFormat, name: str, here: int, image: comb.ImageFormat | None, cards: str, presenting: bool
) -> str:
    """The count against the side of a square image, and every modality on one axis (a view
    that is no preset placed in words: its rows stay the same). The text between two charts
    (the cards before, a caption and the next heading) is one block, since each element is a
    render on every rerun; ``here`` is the count's number of digits. Returns the last caption,
    for the next block."""
    text = cards + ROUNDED
    if image is not None:
        side = math.sqrt(image.width * image.height)
        points = comb.log10_count_by_side(image.channels, image.bits, comb.chart_sides(side))
        small, large = comb.smallest_and_largest()
        # Short names (the caption says what they are): a long one ran into the curve on a phone.
        refs = tuple(
            (f"{name}: {d.magnitude.digit_count()} digits", d.magnitude.digit_count())
            for name, d in (("atoms", ref.ATOMS_IN_UNIVERSE), (large.name, large), (small.name, small))
        )
        st.html(text + '<h4 class="section">The count explodes with the side of the image</h4>')
        sides, digits = tuple(p.side for p in points), tuple(p.digits for p in points)
        spec = charts.count_by_side_spec(sides, digits, side, here, "this image", refs, presenting)
        ui.chart(spec, width="stretch", live_data=charts.LIVE_DATA)
        text = (
            '<p class="caption">Both axes logarithmic. The grey lines: the atoms in the observable '
            f"universe (~10<sup>80</sup>, an estimate) and the largest and smallest datasets, "
            f"{html.escape(large.name)} and {html.escape(small.name)}, as numbers of digits.</p>"
        )
    axis = mod.one_axis(data, name)
    heading = '<h4 class="section">Images, text, sound and video on one axis</h4>'
    st.html(text + heading + count_cards.axis_place_html(name, here, axis))
    spec = charts.one_axis_spec(
        tuple(p.name for p in axis),
        tuple(p.modality for p in axis),
        tuple(p.digits for p in axis),
        tuple(p.current for p in axis),
        presenting,
    )
    ui.chart(spec, width="stretch", live_data=charts.LIVE_DATA)
    return '<p class="caption">Digits on a logarithmic axis: each step multiplies the number of digits by ten.</p>'


@st.fragment
def show_digits(count: Magnitude, facts: comb.CountFacts) -> None:
    """The first and last digits on request, as text and as a download: worked out only while
    the panel is open (a thousand leading digits are ~50 ms of interval arithmetic on every
    new size), which a link asking for ?digits= opens. A fragment: opening the panel or
    choosing how many digits reruns the panel alone, not the count, cards and charts."""
    asked = st.query_params.get_all("digits")
    with ui.panel_opened_by_link(
        "More digits: the first and the last, exactly", "more-digits", "digits"
    ) as panel:
        if facts.exact is not None:
            st.code(str(facts.exact), language=None, wrap_lines=True)
            return
        if not panel.open:
            return
        choices = [n for n in EDGE_CHOICES if 2 * n <= facts.digit_count] or [EDGE_CHOICES[0]]
        if asked and asked[-1] not in {str(n) for n in choices}:
            st.warning(
                ui.escape_markdown(
                    f"The link gives digits={asked[-1][:40]}, which is not one of "
                    f"{', '.join(map(str, choices))}; showing {choices[min(2, len(choices) - 1)]}."
                )
            )
        # Bound to ?digits= (no format_func: a bound widget matches the URL against its labels).
        n = st.selectbox(
            "How many digits at each end",
            choices,
            index=min(2, len(choices) - 1),
            key="digits",
            bind="query-params",
        )
        first, last = comb.edge_digits(count, n)
        text = f"{first}\n… {facts.digit_count - len(first) - len(last):,} digits not shown …\n{last}"
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
            "Leading digits from interval arithmetic, trailing ones from modular exponentiation: "
            "the full number is never built."
        )


def main(presenting: bool) -> None:
    """The frame a new size leaves as it is: the title, the kind of data, the post's figures.
    What a size changes is one part (:func:`the_count`), written into the boxes drawn here."""
    title = st.empty()  # filled once the modality is known, so the title stays on top
    answer, controls = st.columns([3, 2], gap="large")
    with controls:  # a bad ?m= gets its message here too
        modality = ui.choice_input("What kind of data?", mod.MODALITIES, "m", "image")
    title.title(f"How many different {NOUNS[modality]} are there?")
    charts_box = st.container()
    if modality == "image":  # the same for everyone
        st.html(ui.computed_once("post panel", None, count_cards.post_panel))
    ui.run_part(lambda _: the_count(modality, answer, controls, charts_box, presenting), presenting)
    # The same for every view of this kind of data: after the part, neither re-sent nor redrawn
    # with every new size (each element a part sends is a render in the browser).
    controls.button("Back to the post's example", on_click=back_to_the_post, icon=":material/undo:")
    st.html(ui.computed_once("sources", modality, lambda: count_cards.sources_html(modality)))


def the_count(modality: str, answer, controls, charts_box, presenting: bool) -> None:
    """Everything the inputs of one kind of data change (a fragment: a new size reruns this
    alone). A preset of this part that changes the kind of data runs the whole page again,
    title and post panel included."""
    asked = st.session_state.get("m", modality)  # a bad ?m= leaves it unusable: no rerun for that
    if asked in mod.MODALITIES and asked != modality:
        st.rerun()
    with controls:
        data, name, image = read_inputs(modality)
    noun = NOUNS[data.modality]
    count = data.count()
    facts = comb.count_facts(count)
    answer.html(answer_html(data, count, facts))  # one element: each is a render on every rerun
    cards = ui.computed_once(
        "count cards", (data, image), lambda: count_cards.view_cards_html(data, count, image)
    )
    with charts_box:
        st.html(show_charts(data, name, facts.digit_count, image, cards, presenting))
    # Below the post's panel, in this part's own place: a fragment in it (the digits) written
    # into a box drawn outside the part was drawn again beside the old one on every rerun.
    show_digits(count, facts)
    datasets = ref.DATASETS if image is not None else ()
    ui.download_numbers(  # worked out when clicked
        lambda: comb.view_numbers(f"{noun} of {data.description}", count, datasets=datasets),
        f"{data.modality}-{data.levels}-{data.positions}",
    )


ui.run_page(main, "How many images?")
