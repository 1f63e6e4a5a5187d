"""The Learning page's parts of one view: its charts, sample sheets, cards and figures, built
once per view and mode from a fitted study and shared by every visitor of that view.

Why a module of its own: a rerun that rebuilt these would redo tens of milliseconds of
big-number arithmetic and re-encode every sheet, and a new seed changes nearly all of them;
so the page asks for one dictionary per view (:func:`page_parts`) and lays it out. The
pieces themselves live where their idea does: the ladder in :mod:`lib.charts.ladder_plot`,
the histograms' plot in :mod:`lib.charts.learning`, the cards in :mod:`lib.charts.learning_cards`, the pixel sheets
in :mod:`lib.learning_sheets`. No Streamlit.
"""

from __future__ import annotations

import functools

from lib.built_once import BuiltOnce
from lib.charts.ladder_plot import ladder_html
from lib.charts.learning import histogram_plot
from lib.charts.learning_cards import dataset_cards, rung_cards, whole_bits_html
from lib.density import Study
from lib.learning_sheets import framed_sheet, sample_rows
from lib.notation import power_html


def histogram_block(study: Study, *, presenting: bool = False) -> str:
    """The view's two histograms (:func:`~lib.charts.learning.histogram_plot`): how often each
    value occurs in the held-out photos and in the training photos, each set named by its
    photos. The published records are the same for every view:
    :func:`~lib.charts.learning.published_plot`.
    """
    return histogram_plot(
        study.test_histogram,
        study.train_histogram,
        f"held-out photos ({', '.join(study.test_photos)})",
        f"training photos ({len(study.train_photos)})",
        presenting=presenting,
    )


#: The lookup tables the page prices: three datasets at two image sizes (the same for every view).
PRICED_DATASETS = ("IMAGENET_1K", "IMAGENET_FULL", "LAION_5B")


@functools.cache
def priced_dataset_cards() -> str:
    """What a lookup table of each of :data:`PRICED_DATASETS` costs at 224×224 and at a phone
    photo's size (:func:`~lib.charts.learning_cards.dataset_cards`): the same cards for every
    view and mode, so built once per server, not with each new view's parts (~0.8 ms of
    big-number arithmetic a new seed).
    """
    from lib import reference_figures as ref

    sizes = [(224, 224), (ref.PHONE_PHOTO_WIDTH, ref.PHONE_PHOTO_HEIGHT)]
    return dataset_cards([getattr(ref, name) for name in PRICED_DATASETS], sizes)


def page_parts(study: Study, count: int = 6, tile_pixels: int = 64, *, presenting: bool = False) -> dict:
    """Everything the learning page draws from a study that a rerun would otherwise rebuild:
    the ladder and the histograms (HTML), the sample strips and the eigenvectors' sheet (at the patches' own size, to
    be enlarged by at most ``scale`` = ``tile_pixels // size``), the rung and dataset cards,
    and the effective-space figures as HTML. Built once per view and mode, shared by every
    visitor of it (the big-number arithmetic costs tens of ms).

    The histograms are drawn only while their panel is open (a fragment of the page), but
    built here with the rest: a rerun of the view sends the same bytes, and their ~256 hover
    columns and two stepped paths (:mod:`lib.charts.learning_marks`) are built once a view.
    """
    from lib import reference_figures as ref
    from lib.density import effective_space

    parts: dict = {"histogram": histogram_block(study, presenting=presenting)}
    parts["ladder"] = ladder_html(study.ladder, presenting=presenting)
    parts["samples"] = sample_rows(study.ladder, count)
    parts["rungs"] = rung_cards(study.ladder)
    parts["eigen"] = framed_sheet(study.eigen_images)
    # The most a picture's pixel is enlarged (a patch then spans ``tile_pixels`` screen pixels).
    parts["scale"] = max(1, tile_pixels // study.ladder.size)
    parts["datasets"] = priced_dataset_cards()
    bits = study.best.bits_per_dim
    for key, values in (("patch", study.ladder.dims), ("phone", ref.PHONE_PHOTO_VALUES)):
        space = effective_space(bits, values)
        parts[key] = {
            "favoured": power_html(space.favoured.scientific(3)),
            "everything": power_html(space.everything.scientific(3)),
            "fraction": power_html(space.fraction.scientific(3)),
            "power": whole_bits_html(space),
        }
    return parts


#: Memorise or model?'s views' parts, by (study key, presenting): as many as the page kept with
#: ``st.cache_resource`` before (64).
VIEWS = BuiltOnce(64)
