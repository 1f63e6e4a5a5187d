"""How many images (texts, sounds, videos)? Every possible one, counted exactly.

Deep links: ``?w=32&h=32&c=3&bits=8`` for images; ``?m=text&vocab=50257&tokens=70``,
``?m=audio&rate=44100&depth=16&ach=2&secs=180``, ``?m=video&vw=1920&vh=1080&fps=30&vsecs=10&vbits=8``.
The answer comes first, the inputs beside it; then a few cards, the charts, the post's figures.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import partial

import streamlit as st

from lib import combinatorics as comb
from lib import count_cards, count_figures, count_inputs, ui
from lib import modalities as mod
from lib import reference_figures as ref
from lib.big_numbers import Magnitude
from lib.charts import axis_bars, count_plot
from lib.charts.html_plot import PLOT_STYLE
from lib.notation import rich_text
from lib.ui.link_at_once import write_link_at_once
from lib.ui.shared import WARM_UP_DELAY_S

EDGE_CHOICES = (12, 100, 1_000, 10_000)
ROUNDED = (
    '<p class="caption">The cards round each power of ten and each length to 3 significant digits; '
    "counts of digits, pages, books and pixels are exact.</p>"
)
NOUNS = count_cards.NOUNS


def back_to_the_post() -> None:
    """Reset the view to the post's phone photo (a callback: runs before the rerun)."""
    d = comb.DEFAULT
    ui.set_inputs(dict(m="image", w=str(d.width), h=str(d.height), c=str(d.channels), bits=str(d.bits)))


def read_inputs(modality: str) -> tuple[mod.DataFormat, str, comb.ImageFormat | None, str]:
    """The modality's presets (pills) and inputs: the format, the name of this view, the image,
    and the note of the preset matched (HTML, empty if none), which the caller draws."""
    presets = count_inputs.presets(modality)
    fields = [ui.NumberField(*spec) for spec in count_inputs.FIELDS[modality]]
    write_link_at_once(fields)  # a preset's boxes into the link in one step of history, not one each
    values, match = ui.inputs_with_presets(fields, [(n, v) for n, v, _ in presets], f"{modality}_preset")
    note = ""
    if match:  # our own HTML: markdown (st.caption) is parsed and rendered anew in the browser
        said = next(note for n, _, note in presets if n == match)
        note = f'<p class="caption" style="margin: 0">{rich_text(f"{match}: {said}.")}</p>'
    data, image = count_inputs.data_format(modality, values)
    return data, match or (image.describe() if image is not None else data.description), image, note


@dataclass
class CountView:
    """The view the count's part worked out last, read by what the page draws once, outside
    the part: the downloads, which work out its numbers when clicked."""

    modality: str
    data: mod.DataFormat | None = None
    count: Magnitude | None = None


def answer_html(data: mod.DataFormat, count: Magnitude, facts: comb.CountFacts) -> str:
    """The count, big, with what is exact about it, and its digits printed out: one block."""
    label = f"Possible {NOUNS[data.modality]}, {count_cards.how_exact(facts)}"
    if facts.exact is not None:
        # Free to break after a comma (.bignum does not wrap): at its smallest type a count of
        # 40 digits, 53 characters, ran 32 px past a 360-px phone's column (review 12).
        whole = f"{facts.exact:,}".replace(",", ",<wbr>")
        value = f'<span style="white-space: normal">{whole}</span>'
    else:
        value = ui.power_html(facts.scientific)
    return (
        f'<p class="intro">Every possible {html.escape(data.phrase)}: one choice of a value at '
        "every position.</p>"
        + ui.big_number_html(label, value, ui.Html(f"= {count_cards.powers(data)}"))
        + count_cards.digits_caption_html(facts)
        + count_cards.scale_card(facts)
    )


def show_charts(here: int, image: comb.ImageFormat | None, cards: str, place: str, presenting: bool) -> str:
    """The count against the side of a square image, and the words before where the view
    falls among the bars of every modality (:func:`axis_html`). The text between two
    charts (the cards before, a caption and the next heading) is one block, changed in place
    (:func:`lib.ui.html_in_place`, as the charts: below the first screen); ``here`` is the count's
    number of digits, ``place`` the words placing it among the bars. Returns the last block."""
    text, explodes = cards + ROUNDED, '<h4 class="section">The count explodes with the side of the image</h4>'
    if image is not None:
        ui.html_in_place(text + explodes, "count-cards")
        plot, dot = count_figures.count_chart(image, here, presenting)
        # The dot an element of its own, over the plot (count_plot.COUNT_PLOT_STYLE): a new size
        # near the last sends the same plot, which the browser leaves as drawn.
        with st.container(key=count_plot.KEY):
            ui.html_in_place(plot, "count-curve")
            ui.html_in_place(dot, "count-here")
        text = count_figures.reference_lines()[1]
    heading = '<h4 class="section">Images, text, sound and video on one axis</h4>'
    return text + heading + place


def axis_html(axis: list[mod.AxisPoint], presenting: bool) -> str:
    """Every modality on one axis, the page's own HTML (:mod:`lib.charts.axis_bars`): its bars
    are the same for every view, and the one a preset matches is outlined and named "this
    view" (a view that is no preset is placed in words, above it). A Vega chart would have a
    preset swap data into it, ~12 ms of the browser's time."""
    return axis_bars.axis_bars_block(
        tuple(p.name for p in axis),
        tuple(p.modality for p in axis),
        tuple(p.digits for p in axis),
        tuple(p.current for p in axis),
        presenting,
    )


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
            ui.refuse(
                f"The link gives digits={asked[-1][:40]}, which is not one of "
                f"{', '.join(map(str, choices))}; showing {choices[min(2, len(choices) - 1)]}."
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
    """The frame a new size, a preset or the reset leaves as it is: the title, the kind of
    data, the post's figures, the downloads, the sources (a new kind of data runs it again,
    as the page's body: each follows it). Everything the inputs change, the presets and the
    bars of every modality included, is one part (:func:`the_count`) that reruns alone,
    written into the boxes drawn here; each element it sends is a render in the browser on
    every rerun, and nothing drawn here is sent again."""
    title = st.empty()  # filled once the modality is known, so the title stays on top
    answer, controls = st.columns([3, 2], gap="large")
    with controls:  # a bad ?m= gets its message here too
        modality = ui.choice_input("What kind of data?", mod.MODALITIES, "m", "image")
    title.title(f"How many different {NOUNS[modality]} are there?")
    charts_box = st.container(key="count-charts")  # its charts skipped while off screen (their style)
    view = CountView(modality)
    post = ui.computed_once("post panel", None, count_cards.post_panel) if modality == "image" else ""
    # The same for everyone, with the charts' style (the one-axis chart's bars are the presets').
    styles = PLOT_STYLE + count_plot.COUNT_PLOT_STYLE + axis_bars.axis_bars_style(mod.preset_digits())
    st.html(ui.Html(styles + AXIS_CAPTION + post))
    with answer:  # the part's own place: the count, and under it the panel of its digits
        ui.run_part(lambda _: the_count(view, controls, charts_box, presenting), presenting)
    if view.data is not None:  # (else the part's own message says what went wrong)
        ui.download_numbers(
            lambda: view_numbers(view), f"how-many-{NOUNS[modality]}"
        )  # worked out when clicked
    st.html(ui.computed_once("sources", modality, lambda: count_cards.sources_html(modality)))
    # Once per server (at its rehearsal, serve.py), after this page is sent.
    ui.background("count presets", partial(count_cards.work_out_preset_views, WARM_UP_DELAY_S))


AXIS_CAPTION = (
    '<p class="caption">Digits on a logarithmic axis: each step multiplies the number of digits by ten.</p>'
)


def view_numbers(view: CountView) -> dict[str, str]:
    """The numbers of the view the part worked out last (a download's, on the click)."""
    assert view.data is not None and view.count is not None
    datasets = ref.DATASETS if view.modality == "image" else ()
    return comb.view_numbers(
        f"{NOUNS[view.modality]} of {view.data.description}", view.count, datasets=datasets
    )


def the_count(view: CountView, controls, charts_box, presenting: bool) -> None:
    """Everything the inputs of one kind of data change (a fragment: a new size, a preset or
    the reset reruns this alone): the presets and the inputs, written under the kind of data
    in the controls' column (Streamlit 1.67 lets a fragment write widgets into a box drawn
    outside it: one wrapper block, drawn again with it); the count and the panel of its
    digits in the part's own place; the cards and both charts in the charts' box. The pills
    and the bars, which follow the preset matched, are drawn again with the inputs, so no
    size needs the whole page run again (nine pills drawn outside the part made every
    preset, and every size that matched one or stopped matching, a run of the body)."""
    modality = view.modality
    asked = st.session_state.get("m", modality)  # a bad ?m= leaves it unusable: no rerun for that
    if asked in mod.MODALITIES and asked != modality:
        st.rerun()  # the reset, from another kind of data: the title and the panels follow it
    with controls:
        data, name, image, note = read_inputs(modality)
        count = data.count()
        facts = comb.count_facts(count)
        # The note and, on a phone (the count far above), the count again: one element.
        st.html(ui.Html(note + count_cards.count_reminder_html(NOUNS[modality], facts)))
        st.button(
            "Back to the post's example",
            key="back-to-post",
            on_click=back_to_the_post,
            icon=":material/undo:",
        )  # its key: app.css lets its label wrap in a narrow column
    view.data, view.count = data, count
    axis = mod.one_axis(data, name)
    # ui.Html: our own markup, sent as it is (st.html dedents a plain string: ~0.4 ms for
    # the cards' 3 kB). One element: each renders on every rerun.
    st.html(ui.Html(answer_html(data, count, facts)))
    # Under the count, in this part's own place: a fragment in it (the digits) written into a
    # box drawn outside the part was drawn again beside the old one on every rerun.
    show_digits(count, facts)
    cards = count_cards.view_cards(data, image)
    with charts_box:  # the bars too: the charts are skipped while off screen (their style)
        place = count_figures.axis_place_html(name, facts.digit_count, axis)
        ui.html_in_place(show_charts(facts.digit_count, image, cards, place, presenting), "count-words")
        # An element of its own: a new size that is no preset sends the same bars, which the
        # browser then leaves as drawn (in the words' block, it parsed them again each time).
        ui.html_in_place(axis_html(axis, presenting), "count-axis")


ui.run_page(main, "How many images?")
