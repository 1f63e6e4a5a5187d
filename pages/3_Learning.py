"""Memorise or model? A ladder of density models fitted live, and a lookup table, in bits.

Deep links: ``?size=16&colour=rgb&seed=3&train=8000&holdout=camera&holdout=grass``.
The science is in :mod:`lib.density`, the ladder in :mod:`lib.charts.ladder_plot`, the records'
and histograms' plots in :mod:`lib.charts.learning` (all the page's own HTML: it loads no Vega),
a view's parts built once in :mod:`lib.learning_parts`.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from lib import density as dm
from lib import learning_parts, ui
from lib import learning_style as style
from lib import learning_view as text
from lib import photo_corpus as pc
from lib import reference_figures as ref
from lib.charts import learning as charts

SIZES, COLOURS = ("8", "16", "32"), ("grey", "rgb")
MIN_TRAIN, MAX_TRAIN, MAX_SEED = 500, 20_000, 2**32 - 1
#: The photos split_by_photo(photos, 0.25, rng=0) holds out, as bench/bench_learning.py does.
DEFAULT_HOLDOUT = dm.StudySettings().holdout
ROW_SAMPLES = 6  # samples per model
#: The most screen pixels a patch spans (whole factors; a narrower column gets fewer): an 8×8
#: patch 96 px on a wide screen (at 64 its rows filled half the column at 1920, review 14,
#: Learn-2), 128 on a projector, seen from the back of a room.
TILE_PIXELS = {False: 96, True: 128}
#: Set by a whole run of the page, taken by its view: only then may the ladder's place be held
#: while a fit runs (a rerun of the view alone has a ladder there already).
_WHOLE_RUN = "_learning_whole_run"


def photo_keys() -> list[str]:
    return [p.credit.key if p.credit else p.name for p in ui.shipped_photos()]


def read_settings(keys: list[str]) -> dm.StudySettings:
    # One row that wraps on a phone, the reset button last; the photos' box below it, full width.
    # Columns would be six more elements to draw on every rerun.
    row = st.container(horizontal=True, vertical_alignment="bottom")
    size = int(ui.choice_input("Patch side (pixels)", SIZES, "size", str(dm.DEFAULT_SIZE), row))
    channels = 1 if ui.choice_input("Colour", COLOURS, "colour", "grey", row) == "grey" else 3
    seed, p1 = ui.whole_number_input("Seed", "seed", dm.DEFAULT_SEED, 0, MAX_SEED, row)
    linked = st.query_params.get_all("train")  # before the box, which drops its default from the link
    train, p2 = ui.whole_number_input(
        "Training patches", "train", dm.DEFAULT_TRAIN_PATCHES, MIN_TRAIN, MAX_TRAIN, row
    )
    # A count the visitor gave (typed or linked) gets a message when capped; the default is
    # capped quietly, and the count used is said below the box in words.
    asked = bool(linked) or train != dm.DEFAULT_TRAIN_PATCHES
    size, used, limited = dm.limit_view(size, channels, train, MAX_TRAIN, asked=asked)
    p2 = ui.InputProblem("train", limited) if limited else p2
    if used < train and not asked:  # beside the box that shows the default, not below the fold
        row.caption(text.quiet_cap(used, train, size, channels))
    row.button("Back to the defaults", on_click=back_to_defaults, icon=":material/undo:")
    holdout, p3 = read_holdout(keys)
    ui.show_problems([p1, p2, p3])
    return dm.StudySettings(size, channels, used, seed, holdout)


def read_holdout(keys: list[str]) -> tuple[tuple[str, ...], ui.InputProblem | None]:
    """Which whole photos the models never see, bound to ?holdout= (repeated for several)."""
    asked = st.query_params.get_all("holdout")  # before the widget, which drops names it lacks
    # Given its default, as every bound input is: at it, Streamlit drops ?holdout= from the
    # link (seeded state spelled the default photos out after "Back to the defaults"). The
    # reset's Session State warning is off in .streamlit/config.toml. The link still wins.
    # No format_func: a bound widget matches the URL against its labels.
    chosen = st.multiselect(
        "Photos held out for testing (never trained on)",
        keys,
        default=list(DEFAULT_HOLDOUT),
        key="holdout",
        bind="query-params",
    )
    if asked and not any(asked):  # ?holdout= (empty): the box keeps its photos, the link gets a message
        chosen = []
    holdout, message = dm.choose_holdout(chosen, asked, keys, DEFAULT_HOLDOUT)
    return holdout, ui.InputProblem("holdout", message) if message else None


def defaults() -> dict[str, object]:
    """Every input's default, by its key (the link's word)."""
    d = dm.StudySettings()
    return dict(
        size=str(d.size), colour="grey", seed=str(d.seed), train=str(d.train), holdout=list(d.holdout)
    )


def back_to_defaults() -> None:
    """Reset every input (a callback: runs before the rerun)."""
    ui.set_inputs(defaults())


def specs(study: dm.Study, presenting: bool) -> dict:
    """The view's charts and blocks of HTML, built once per view and mode (a rerun sends the
    same bytes), by its first visitor or ahead of them, beside a fit made ahead
    (:data:`lib.learning_parts.VIEWS`)."""
    return learning_parts.VIEWS.get((study.key, presenting), lambda: build_parts(study, presenting))


def build_parts(study: dm.Study, presenting: bool) -> dict:
    """What :func:`specs` keeps: the parts of :func:`lib.learning_parts.page_parts`, laid out."""
    parts = learning_parts.page_parts(study, ROW_SAMPLES, TILE_PIXELS[presenting], presenting=presenting)
    rows = [(label, strip, f"{ROW_SAMPLES} patches: {label}") for label, strip in parts["samples"]]
    notes = text.ladder_notes_html(study) + text.codec_note_html(study) + text.honest_note_html(study)
    parts["histogram"] = ui.Html(parts["histogram"])  # sent as it is (st.html dedents a str)
    parts["picture"] = ui.Html(f'{parts["ladder"]}<div class="learning">{notes}</div>')
    # From the samples to the honest note: one element (each is a render on every rerun).
    parts["story"] = ui.Html(
        '<div class="learning">'
        + ui.pixel_rows_html(rows, parts["scale"])
        + text.samples_caption_html(study, ROW_SAMPLES)
        + parts["rungs"]
        + text.memorising_html(study, parts["datasets"])
        + "</div>"
    )
    patch, phone, ladder = parts["patch"], parts["phone"], study.ladder
    eigen = (
        parts["eigen"],
        f"The {study.eigen_images.shape[0]} patterns the Gaussian found, as patches",
    )
    parts["space"] = ui.Html(
        '<div class="learning"><h3 class="section">What the Gaussian learned</h3>'
        + ui.pixel_figures_html(
            [(*eigen, text.eigenvectors_caption(study))], keys=("eigen",), max_scale=parts["scale"]
        )
        + text.effective_space_html(  # the heading, the two numbers, then what they mean
            study,
            '<div class="bignum-pair">'
            + ui.big_number_html(
                ui.Html(
                    f"{ladder.size}×{ladder.size} patches with a chance ≥ 2<sup>−b·D</sup> each: at most"
                ),
                patch["favoured"],
                ui.Html(f"{patch['power']}, of {patch['everything']} (both to 3 significant digits)"),
            )
            + ui.big_number_html(
                "Phone photos, the same way: at most (an extrapolation)",
                phone["favoured"],
                ui.Html(f"a share of {phone['fraction']} (both to 3 significant digits)"),
            )
            + "</div>",
        )
        + "</div>"
    )
    # What follows the inputs, samples to effective space: one element (each is a render on every rerun).
    parts["below"] = ui.Html(parts["story"] + parts["space"])
    return parts


@st.cache_resource(show_spinner=False)
def published(presenting: bool) -> ui.Html:
    """CIFAR-10's records: the same plot for every view, built once per server and mode."""
    return ui.Html(charts.published_plot(ref.CIFAR10_CHART, presenting=presenting))


def view(presenting: bool) -> None:
    """The inputs and everything that depends on them (a fragment: an input reruns this alone).
    A fit made ahead waits while it runs: they would share Python's lock (StudyService.visiting)."""
    with ui.study_service().visiting():
        show_view(presenting)


def show_view(presenting: bool) -> None:
    picture = st.container(key="ladder")  # the ladder first, its inputs below it (style.STALE_STYLE)
    # A whole run holds the place of the ladder and its notes, as tall as what comes, before
    # the inputs are sent: the browser draws elements as they arrive, and inputs sent first sat
    # under the heading, then ~1,500 px lower on a phone once the ladder came. Another seed
    # keeps the old ladder there, faded, instead: no placeholder.
    held = picture.empty() if st.session_state.pop(_WHOLE_RUN, False) else None
    if held is not None:  # empty until the page knows whether a fit is needed (style: .ladder-waiting)
        held.html('<div class="ladder-waiting"></div>')
    settings = read_settings(photo_keys())
    if held is not None and not ui.study_service().cached(settings):  # the page's first fit: said
        held.html(text.waiting_html(settings.train, settings.size, settings.channels))
    # A new setting's progress bar (and a busy server's message) takes a block of its own below
    # the inputs: in the flow, it took the place of what follows them, which vanished during a
    # fit and came back after it. A block, not an st.empty: the bar is emptied after the message.
    with st.container():
        study = ui.fitted_study(settings)
    parts = specs(study, presenting)  # one lookup a run: the view's built pieces
    with picture:  # the first screen: what the picture shows (main's heading), then the picture
        # The ladder (the page's own HTML, lib.charts.ladder_plot) and its notes: one element,
        # each being a render on every rerun, and the words never arrive after the figures.
        (held or st).html(parts["picture"])
        if dm.inversions(study.ladder):  # the histograms behind the notes' last sentence
            show_histograms(parts["histogram"])
    ui.html_in_place(parts["below"], "learning-below")  # below the first screen: changed in place
    if st.context.headers:  # a visitor's browser, not a test's script run
        # The seeds around this one (the next, the one before, the two after), fitted while
        # idle, and their parts built for this mode.
        ui.study_service().ahead(
            dm.neighbour_seeds(settings, MAX_SEED), then=partial(specs, presenting=presenting)
        )


@st.fragment
def show_histograms(block: ui.Html) -> None:
    """The two histograms behind the honest note, drawn only while their panel is open (a
    fragment: opening it reruns the panel alone). As a Vega chart they were about half of a
    new seed's time in the browser (bench/bench_pages.py); as the page's own HTML (256 hover
    columns and two paths) they are still detail: the note above states their figures."""
    with st.expander(
        "The two histograms: how often each value 0 to 255 occurs in both sets",
        icon=":material/bar_chart:",
        key="histograms",
        on_change="rerun",
    ) as panel:
        if panel.open:
            st.html(block)


def show_footnotes(presenting: bool) -> None:
    """The same for every view: outside the inputs' fragment, so no input redraws them."""
    with st.expander("Published records on CIFAR-10 (another dataset: whole 32×32 RGB images)"):
        st.html(published(presenting))
        st.caption(  # one element: each is a render on every rerun
            "\n\n".join(
                f"{r.model} ({r.year}): {r.bits_per_dim:.2f} bits per value, {r.kind}. {r.citation}"
                for r in ref.CIFAR10_CHART
            )
        )
    with st.expander("How the scores are counted", icon=":material/functions:"):
        st.markdown(dm.HOW_COUNTED)
    with st.expander("The photos: credits and licences", icon=":material/photo_library:"):
        st.caption(
            "Which photos are held out is named under the ladder.\n\n"
            + "\n\n".join(
                f"**{c.title}** ({c.key}): {c.author}, {c.licence}. {c.source}; {c.url}"
                for c in pc.load_manifest()
            )
        )


def main(presenting: bool) -> None:
    # The styles alone in their element: st.html sanitises markup with anything else in it,
    # and a <style> leading other markup is dropped (the cards lost their spacing, seen in Chromium).
    st.html(style.PAGE_STYLE)
    st.title("Memorise or model?")
    st.html(text.LADDER_HEADING)  # the same for every view: outside the inputs' fragment, not re-sent
    st.session_state[_WHOLE_RUN] = True  # read by the view, which also reruns alone
    ui.run_part(view, presenting)
    show_footnotes(presenting)


ui.run_page(main, "Memorise or model?", inputs=defaults())
