"""How thin natural images are, as two plots of the page's own HTML: how much of the patches'
variation their first principal directions hold (:func:`variance_share_plot`), and the
intrinsic-dimension estimates against k (:func:`dimension_plot`).

Why not Vega-Lite, as they were: a phone's first load of Random images (390 px, 4× CPU
throttling) spent 0.56-1.05 s of its main thread in Vega's ``embed.js``, fetched for these two
charts and the diffusion path alone. Drawn by :mod:`lib.charts.html_plot` (lines and bands one
SVG image, words and points HTML placed by percentage: :mod:`lib.charts.html_marks`), the page
loads no Vega at all: in 5 alternated rounds the first run ended sooner in every one (medians
4.37 -> 3.74 s, the main thread busy 4.27 -> 3.65 s; a shared machine, load 4-6), and the
page's HTTP answers fell from 1,816 to 1,466 KB. The same for every visitor of a server, so
the page builds them once per mode (:func:`page_parts`).

Pure functions from numbers to HTML text; tests read the text and its SVG back.
``presenting`` makes plots taller and type larger (a projector's only on a wide screen, as
:data:`lib.charts.html_plot.PLOT_STYLE` keeps it). Titles and legends wrap, never cut, so both
read at 390 px and at 1920 px.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from lib import thinness_text as words
from lib.charts import NOISE, REAL, REFERENCE
from lib.charts.html_marks import (
    Band,
    ShapeEntry,
    bands_image,
    heading,
    hollow_points,
    hover_points,
    labelled_points,
    level_label,
    round_capped,
    share_percent,
    ticks_between,
    with_parts,
)
from lib.charts.html_plot import Axis, Entry, Frame, Scale, axes_grid, plot_html
from lib.charts.plot_lines import Line, lines_image, polyline_path
from lib.intrinsic_dimension import PatchStudy, PrincipalVariances

PHOTO_LABEL, NOISE_LABEL = "photo patches", "uniform-noise patches"
SHORT = {PHOTO_LABEL: "photos", NOISE_LABEL: "noise"}
#: Where the plot marks how much the first directions hold (the share its subtitle quotes).
MARKED_DIRECTIONS = 2
#: Both plots' box: 300 px high, 480 on a projector (as the Vega charts were), and their class.
FRAME = Frame(300, kind="thinness-plot")
#: The titles, as the Vega charts' (their lines joined: the words wrap to the plot's width).
DIMENSION_TITLE = "Our patches: estimated dimension against the number of neighbours used"
DIMENSION_SUBTITLE = "line: median over random subsets; band: their range"


def _held(spectrum: np.ndarray | Sequence[float]) -> np.ndarray:
    """The share of the variation the first k directions hold, for k = 0 to all of them."""
    values = np.asarray(spectrum, dtype=float)
    if values.ndim != 1 or len(values) == 0 or not np.all(values >= 0) or values.sum() <= 0:
        raise ValueError("each variance spectrum must be a non-empty list of variances, not all zero")
    return np.concatenate([[0.0], np.cumsum(values) / values.sum()])


def hover_directions(pixels: int) -> list[int]:
    """The directions whose shares show on hover: every one up to 8, where the photos' curve
    turns, then every sixteenth of the way (130 clear boxes for every share were 10 KB of the
    page's first load for a curve that reads the same).

    >>> hover_directions(64)[:10], len(hover_directions(64)), hover_directions(4)
    ([0, 1, 2, 3, 4, 5, 6, 7, 8, 12], 23, [0, 1, 2, 3, 4])
    """
    return sorted(set(range(min(8, pixels) + 1)) | set(range(0, pixels + 1, max(1, pixels // 16))))


def variance_share_plot(variances: PrincipalVariances, patch_size: int, *, presenting: bool = False) -> str:
    """How much of the patches' variation their first k directions hold, for every k, photos
    against noise: what "thin" means, drawn directly.

    Photos climb at once (two directions of 64 hold ~90%), noise climbs evenly to 100% at the
    last (every direction holds as much). A scatter of both clouds on the photos' two main
    axes said the same only to a reader who knew noise's variation lies in the 62 directions
    it hides: the eye saw photos spread wide and noise as a small ball, "photos vary more"
    (review 11, Sampling-2). The shares at :data:`MARKED_DIRECTIONS` directions are marked
    and labelled in bold, as the subtitle quotes them; the shares show on hover
    (:func:`hover_directions`: the Vega chart's line showed its first point's, 0%, wherever
    it was hovered).

    >>> p = PrincipalVariances(np.array([6.0, 3.0, 1.0, 0.0]), np.ones(4))
    >>> block = variance_share_plot(p, 2)
    >>> ">photos: 90%</b>" in block, ">noise: 50%</b>" in block, block.count('<i title="photo patches: ')
    (True, True, 5)
    >>> 'style="bottom: 100.00%">100%</span>' in block, "directions kept, of the 4" in block
    (True, True)
    """
    pixels = patch_size * patch_size
    quarters = tuple(
        float(k) for k in range(0, pixels + 1, max(1, pixels // 4))
    )  # the marked share is labelled
    x = Axis(Scale(0, pixels), quarters, f"directions kept, of the {pixels}")
    y = Axis(Scale(0, 1), ticks_between(0, 1, 0.1), "share of the variation they hold", words=share_percent)
    lines, hover, marked = [], [], []
    for label, spectrum, colour in (
        (PHOTO_LABEL, variances.photo_spectrum, REAL),
        (NOISE_LABEL, variances.noise_spectrum, NOISE),
    ):
        held = _held(spectrum)
        k = np.arange(len(held))
        across, up = x.scale.share(k), y.scale.share(held)
        lines.append(Line(polyline_path(across, up), colour, 4 if presenting else 2.5))
        shown = hover_directions(len(held) - 1)
        titles = [f"{label}: the first {n} directions hold {held[n]:.1%}" for n in shown]
        hover.append(hover_points(across[shown], up[shown], titles))
        at = min(MARKED_DIRECTIONS, len(held) - 1)
        marked.append((across[at], up[at], f"{SHORT[label]}: {held[at]:.0%}", colour))
    share, noise_share = variances.photo_share(MARKED_DIRECTIONS), variances.noise_share(MARKED_DIRECTIONS)
    figure = plot_html(
        "",
        x,
        y,
        lines_image(lines, axes_grid(x, y)),
        [Entry(PHOTO_LABEL, REAL), Entry(NOISE_LABEL, NOISE)],
        points="".join(hover) + labelled_points(*zip(*marked)),
        description=(
            f"Share of the variation the first directions hold, of the {pixels} of {patch_size}×{patch_size}"
            f" grey patches: the first {MARKED_DIRECTIONS} hold {share:.0%} for photo patches and"
            f" {noise_share:.0%} for uniform-noise patches, whose share climbs evenly to 100% at {pixels}"
        ),
        presenting=presenting,
        frame=FRAME,
    )
    return with_parts(
        figure,
        heading(
            f"{patch_size}×{patch_size} grey patches ({pixels} pixels each): how few directions hold them",
            f"The first {MARKED_DIRECTIONS} directions hold {share:.0%} of how the photo patches vary,"
            f" {noise_share:.0%} of the noise's: noise spreads evenly over all {pixels}.",
        ),
    )


def _series_name(study: PatchStudy) -> str:
    """A study's legend entry, as the Vega chart's: what, its size and its true dimension.

    >>> _series_name(PatchStudy("noise", 8, 100, (5,), np.zeros((1, 1))))
    'uniform noise, 8×8 (64 dimensions)'
    """
    what = "photo patches" if study.kind == "photos" else "uniform noise"
    return f"{what}, {study.size}×{study.size} ({study.ambient} dimensions)"


def _neighbours_axis(ks: Sequence[int]) -> Axis:
    """The x axis: the neighbours used, from the first k to the last (not from 0), a tick at
    every whole k; past eight of them a narrow plot labels every other one.

    >>> axis = _neighbours_axis(range(5, 21))
    >>> axis.scale, axis.ticks[:3], axis.minor[:2]
    (Scale(low=5.0, high=20.0, log=False), (5.0, 6.0, 7.0), (5.0, 7.0))
    """
    low, high = float(min(ks)), float(max(ks))
    if low == high:
        low, high = low - 1, high + 1
    step = max(1, math.ceil((high - low) / 20))
    ticks = ticks_between(low, high, step)
    minor = tuple(t for i, t in enumerate(ticks) if i % 2 == 0) if len(ticks) > 8 else ()
    return Axis(Scale(low, high), ticks, "neighbours used", minor)


def dimension_plot(studies: Sequence[PatchStudy], *, presenting: bool = False) -> str:
    """Intrinsic-dimension estimates against k, one line and band a study.

    For each study a line (median over the random subsets) and a band (their min–max),
    photos in blue and noise in vermilion, patch size by dash and hollow marker (circle for
    the smaller patches, square: the photos' two lines lie on each other), each marker's
    figures on hover; each legend entry states the true dimension, which noise truly has: a
    grey dotted line where the axis holds it without squashing the estimates (within 1.5× of
    the highest), labelled under it, else a note under the plot's top edge.

    >>> s = PatchStudy("noise", 8, 100, (5, 10), np.array([[45.0, 40.0], [44.0, 41.0]]))
    >>> block = dimension_plot([s])
    >>> "true dimension of 8×8 noise: 64" in block, block.count('<div class="dots hollow circle"')
    (True, 1)
    >>> big = dimension_plot([PatchStudy("noise", 16, 100, (5, 10), np.array([[80.0, 70.0]]))])
    >>> "16×16 noise truly has 256: far above ↑" in big
    True
    """
    if not studies:
        raise ValueError("give at least one study to chart")
    smallest = min(s.size for s in studies)
    highs = np.concatenate([np.asarray(s.by_k()[2], dtype=float) for s in studies])
    top = float(np.max(highs[np.isfinite(highs)], initial=0.0))
    truths = sorted({(s.ambient, s.size) for s in studies if s.kind == "noise"})
    drawn = [(d, n) for d, n in truths if d <= 1.5 * top]  # on the axis, the estimates still read
    top = max([top, *(float(d) for d, _ in drawn)])
    y_high = max(10.0, math.ceil(top / 10.0) * 10.0)
    y = Axis(
        Scale(0, y_high),
        ticks_between(0, y_high, 10 * math.ceil(y_high / 100)),
        "dimensions needed (estimated)",
    )
    x = _neighbours_axis(sorted({k for s in studies for k in s.ks}))
    bands, lines, markers = [], [], []
    legend: list[ShapeEntry] = []
    for study in studies:
        median, low, high = (np.asarray(v, dtype=float) for v in study.by_k())
        name, across = _series_name(study), x.scale.share(study.ks)
        colour = REAL if study.kind == "photos" else NOISE
        dash, shape = ((), "circle") if study.size == smallest else ((6, 3), "square")
        bands.append(Band(across, y.scale.share(low), y.scale.share(high), colour))
        up = y.scale.share(median)
        width = 3 if presenting else 2
        lines.append(Line(polyline_path(across, up), colour, width, round_capped(dash, width)))
        short = f"{study.kind} {study.size}×{study.size}"  # the legend says the rest
        titles = [
            f"{short}, {k} neighbours: median over subsets {m:.1f} (lowest {lo:.1f}, highest {hi:.1f})"
            for k, m, lo, hi in zip(study.ks, median, low, high)
        ]
        markers.append(hollow_points(across, up, titles, colour, shape))
        if all(e.label != name for e in legend):
            legend.append(ShapeEntry(name, colour, dash=dash, shape=shape))
    labels = []
    for d, n in drawn:
        level = float(y.scale.share([d])[0])
        lines.append(Line(polyline_path([0, 1], [level, level]), REFERENCE, 1, round_capped((2, 2), 1)))
        labels.append(level_label(level, f"true dimension of {n}×{n} noise: {d}"))
    above = [f"{n}×{n} noise truly has {d}: far above ↑" for d, n in truths if (d, n) not in drawn]
    if above:
        labels.append(level_label(1.0, "; ".join(above)))
    said = "; ".join(f"{_series_name(s)}: about {s.median:.1f}" for s in studies)
    truth = "; ".join(f"{n}×{n} noise truly has {d}" for d, n in truths)
    figure = plot_html(
        "",
        x,
        y,
        bands_image(bands, axes_grid(x, y)) + lines_image(lines),
        legend,
        points="".join(markers) + "".join(labels),
        description=(
            f"Estimated dimension against the number of neighbours used, {x.scale.low:g} to {x.scale.high:g},"
            f" median over random subsets with their range: {said}" + (f"; {truth}" if truth else "")
        ),
        presenting=presenting,
        frame=FRAME,
    )
    return with_parts(figure, heading(DIMENSION_TITLE, DIMENSION_SUBTITLE))


def page_parts(
    studies: Sequence[PatchStudy], variances: PrincipalVariances, *, presenting: bool = False
) -> dict:
    """The section's two plots (HTML), table rows and caption: the same for every visitor of a
    server, so a page builds them once per mode.

    >>> s = PatchStudy("photos", 8, 100, (5, 10), np.array([[4.0, 5.0], [6.0, 5.5]]))
    >>> p = PrincipalVariances(np.array([9.0, 1.0]), np.ones(2))
    >>> parts = page_parts([s], p)
    >>> parts["rows"], parts["directions"].startswith('<figure class="html-plot thinness-plot"')
    ([['photos 8×8 (64)', '5.2', '4.0\u2060–\u20606.0']], True)
    """
    return {
        "directions": variance_share_plot(variances, 8, presenting=presenting),
        "dimensions": dimension_plot(studies, presenting=presenting),
        "rows": words.study_rows(studies),
        "published": words.published_rows(),
        "caption": words.study_caption(studies, variances),
    }
