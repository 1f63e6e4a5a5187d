"""How thin natural images are, as Vega-Lite specs: how much of the patches' variation their
first principal directions hold, and the intrinsic-dimension estimates against k.

Pure functions from numbers to plain Vega-Lite dictionaries (no Streamlit, no Altair: see
:mod:`lib.charts.vega`); tests read the dictionaries. ``presenting`` makes plots taller and
type larger. Legends sit below the plot, one entry per line, never truncated; titles are
given as lines and never clipped, so both read at 390 px and at 1920 px.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lib import thinness_text as words
from lib.charts import NOISE, PRESENTING_FONT_PX, REAL, REFERENCE
from lib.charts.vega import (
    FIT_WIDTH,
    NATURAL_SIZE,
    Spec,
    axis_config,
    field,
    layered,
    padded,
    rows,
    significant,
    tooltip,
    view,
)
from lib.intrinsic_dimension import PatchStudy, PrincipalVariances

PHOTO_LABEL, NOISE_LABEL = "photo patches", "uniform-noise patches"
SHORT = {PHOTO_LABEL: "photos", NOISE_LABEL: "noise"}
#: Where the chart marks how much the first directions hold (the share its title quotes).
MARKED_DIRECTIONS = 2


def _height(presenting: bool, normal: int) -> int:
    """Plot height in pixels: 1.6× on a projector, so larger type never squashes the plot."""
    return int(normal * 1.6) if presenting else normal


def _config(presenting: bool) -> Spec:
    """Shared type sizes (the projector's, as on every page's charts); titles and labels never
    clipped (limit 0), legends below."""
    size = PRESENTING_FONT_PX if presenting else 12
    return {
        "axis": axis_config(size),
        "legend": {
            "labelFontSize": size,
            "titleFontSize": size,
            "orient": "bottom",
            "direction": "vertical",
            "labelLimit": 0,
            "titleLimit": 0,
        },
        "title": {"fontSize": size + 2, "subtitleFontSize": size, "limit": 0, "anchor": "start"},
        "view": {"strokeWidth": 0},
    }


def variance_share_chart(variances: PrincipalVariances, patch_size: int, *, presenting: bool = False) -> Spec:
    """How much of the patches' variation their first k directions hold, for every k, photos
    against noise: what "thin" means, drawn directly.

    Photos climb at once (two directions of 64 hold ~90%), noise climbs evenly to 100% at the
    last (every direction holds as much). A scatter of both clouds on the photos' two main
    axes said the same only to a reader who knew noise's variation lies in the 62 directions
    it hides: the eye saw photos spread wide and noise as a small ball, "photos vary more"
    (review 11, Sampling-2). The shares at :data:`MARKED_DIRECTIONS` directions are marked
    and labelled, as the title quotes them. 2 × 65 points: cheaper to draw than 1,200.

    >>> from lib.intrinsic_dimension import PrincipalVariances
    >>> p = PrincipalVariances(np.array([6.0, 3.0, 1.0, 0.0]), np.ones(4))
    >>> spec = variance_share_chart(p, 2)
    >>> [(r["directions"], r["held"]) for r in spec["datasets"]["shares"] if r["patches"] == PHOTO_LABEL]
    [(0, 0.0), (1, 0.6), (2, 0.9), (3, 1.0), (4, 1.0)]
    >>> [r["label"] for r in spec["datasets"]["marked"]]
    ['photos: 90%', 'noise: 50%']
    """
    data, marked = [], []
    for label, spectrum in (
        (PHOTO_LABEL, variances.photo_spectrum),
        (NOISE_LABEL, variances.noise_spectrum),
    ):
        spectrum = np.asarray(spectrum, dtype=float)
        if spectrum.ndim != 1 or len(spectrum) == 0 or not np.all(spectrum >= 0) or spectrum.sum() <= 0:
            raise ValueError("each variance spectrum must be a non-empty list of variances, not all zero")
        held = np.concatenate([[0.0], np.cumsum(spectrum) / spectrum.sum()])
        data += rows(directions=np.arange(len(held)), held=significant(held, 4), patches=label)
        k = min(MARKED_DIRECTIONS, len(spectrum))
        marked += rows(
            directions=[k], held=[float(held[k])], patches=label, label=f"{SHORT[label]}: {held[k]:.0%}"
        )
    pixels = patch_size * patch_size
    colour = field(
        "patches",
        "N",
        title=None,
        scale={"domain": [PHOTO_LABEL, NOISE_LABEL], "range": [REAL, NOISE]},
        legend={"symbolSize": 160, "symbolOpacity": 1, "symbolStrokeWidth": 3},
    )
    x = field(
        "directions",
        "Q",
        title=f"directions kept, of the {pixels}",
        scale={"domain": [0, pixels], "nice": False},
        axis={"values": list(range(0, pixels + 1, max(1, pixels // 4)))},  # the marked share is labelled
    )
    y = field(
        "held", "Q", title="share of the variation they hold", scale={"domain": [0, 1]}, axis={"format": "%"}
    )
    lines = view(
        "shares",
        data,
        {"type": "line", "strokeWidth": 4 if presenting else 2.5},
        {
            "x": x,
            "y": y,
            "color": colour,
            "tooltip": tooltip("patches:N", "directions:Q", field("held", "Q", format=".1%")),
        },
    )
    size = PRESENTING_FONT_PX if presenting else 12
    points = view(
        "marked",
        marked,
        {"type": "point", "filled": True, "size": 120 if presenting else 60, "opacity": 1},
        {"x": x, "y": y, "color": colour},
    )
    labels = view(
        "marked",
        marked,
        {"type": "text", "align": "left", "dx": 10, "fontSize": size, "fontWeight": "bold"},
        {"x": x, "y": y, "text": field("label", "N"), "color": colour},
    )
    share, noise_share = variances.photo_share(MARKED_DIRECTIONS), variances.noise_share(MARKED_DIRECTIONS)
    return {
        **layered(lines, points, labels),
        "width": "container",
        "height": _height(presenting, 300),
        "autosize": FIT_WIDTH,  # the plot takes the column, its axis titles counted in
        "padding": padded(),
        "title": {
            "text": [
                f"{patch_size}×{patch_size} grey patches ({pixels} pixels each):",
                "how few directions hold them",
            ],
            "subtitle": [  # short lines: a title line too long is cut, not wrapped
                f"The first {MARKED_DIRECTIONS} directions hold {share:.0%}",
                f"of how the photo patches vary, {noise_share:.0%} of",
                f"the noise's: noise spreads evenly over all {pixels}.",
            ],
        },
        "config": _config(presenting),
    }


def dimension_chart(
    studies: Sequence[PatchStudy],
    published: Sequence[tuple[str, int, float]] = (),
    *,
    presenting: bool = False,
) -> Spec:
    """Intrinsic-dimension estimates against k: our patches, and published datasets beside.

    Left: for each study a line (median over the random subsets) and a band (their
    min–max), photos in blue and noise in vermilion, patch size by dash and hollow point
    (circle, square: the photos' two lines lie on each other); each legend entry states the
    true dimension, which noise truly has: a grey line where the axis holds it without
    squashing the estimates (within 1.5× of the highest), else a note at the top edge.
    Right (only if ``published`` is given): the published estimates as labelled points,
    ``(dataset, k, value)``, on the same y scale.

    >>> from lib.intrinsic_dimension import PatchStudy
    >>> s = PatchStudy("noise", 8, 100, (5, 10), np.array([[45.0, 40.0], [44.0, 41.0]]))
    >>> spec = dimension_chart([s])
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['area', 'line', 'rule', 'text']
    >>> spec["datasets"]["truth-labels"][0]["label"]
    'true dimension of 8×8 noise: 64'
    >>> "hconcat" in dimension_chart([s], [("CIFAR-10", 5, 21.0)])
    True
    """
    if not studies:
        raise ValueError("give at least one study to chart")
    data, series, sizes = [], [], []
    for study in studies:
        median, low, high = study.by_k()
        what = "photo patches" if study.kind == "photos" else "uniform noise"
        name = f"{what}, {study.size}×{study.size} ({study.ambient} dimensions)"
        tint = REAL if study.kind == "photos" else NOISE  # the band's fill, no scale: not in the legend
        data += rows(k=study.ks, estimate=median, low=low, high=high, series=name, size=study.size, tint=tint)
        if name not in series:
            series.append(name)
            sizes.append(study.size)
    colours = [REAL if s.startswith("photo") else NOISE for s in series]
    dashes = [[1, 0] if size == min(sizes) else [6, 3] for size in sizes]  # larger patches dashed
    shapes = ["circle" if size == min(sizes) else "square" for size in sizes]
    # One legend: each entry the line's colour, dash and point shape (circle: the smaller patches),
    # hollow as the points are drawn: the bands take their fill from the data, not the colour scale
    # (through it, their fill made every swatch a filled blob, review 10).
    swatch = {"symbolOpacity": 1, "symbolStrokeWidth": 2, "symbolSize": 150}
    colour = field("series", "N", title=None, scale={"domain": series, "range": colours}, legend=swatch)
    dash = field("series", "N", title=None, scale={"domain": series, "range": dashes}, legend=swatch)
    shape = field("series", "N", title=None, scale={"domain": series, "range": shapes}, legend=swatch)
    highs = [row["high"] for row in data if row["high"] is not None]  # None: NaN, not drawn
    top = max(max(highs, default=0.0), max((v for _, _, v in published), default=0.0))
    truths = sorted({(s.ambient, s.size) for s in studies if s.kind == "noise"})
    drawn = [(d, size) for d, size in truths if d <= 1.5 * top]  # on the axis, estimates still read
    top = max([top, *(d for d, _ in drawn)])
    y_scale = {"domain": [0, float(np.ceil(top / 10.0) * 10.0)]}
    x = field(
        "k", "Q", title="neighbours used", scale={"zero": False, "nice": False}, axis={"tickMinStep": 1}
    )
    band = {
        "mark": {"type": "area", "opacity": 0.2},
        "encoding": {
            "x": x,
            "y": field("low", "Q", scale=y_scale, title="dimensions needed (estimated)"),
            "y2": {"field": "high"},
            "fill": field("tint", "N", scale=None),
            "detail": field("series", "N"),  # one band a study
        },
    }
    line = {
        "mark": {
            "type": "line",
            "point": {"filled": False, "strokeWidth": 2, "size": 90 if presenting else 50},
            "strokeWidth": 3 if presenting else 2,
        },
        "encoding": {
            "x": x,
            "y": field("estimate", "Q", scale=y_scale),
            "color": colour,
            "strokeDash": dash,
            "shape": shape,
            "tooltip": tooltip(
                "series:N",
                "k:Q",
                field("estimate", "Q", format=".1f", title="median over subsets"),
                field("low", "Q", format=".1f", title="lowest subset"),
                field("high", "Q", format=".1f", title="highest subset"),
            ),
        },
    }
    # Each true value under its grey line; those above the axis in one note under its top edge.
    above = "\n".join(f"{n}×{n} noise truly has {d}: far above ↑" for d, n in truths if (d, n) not in drawn)
    said = [f"true dimension of {n}×{n} noise: {d}" for d, n in drawn] + ([above] if above else [])
    values = [float(d) for d, _ in drawn] + ([y_scale["domain"][1]] if above else [])
    truth = view(
        "truth",
        rows(value=[d for d, _ in drawn]),
        {"type": "rule", "color": REFERENCE, "strokeDash": [2, 2]},
        {"y": field("value", "Q", scale=y_scale)},
    )
    text = {"type": "text", "align": "left", "baseline": "top", "x": 4, "dy": 3, "lineBreak": "\n"}
    text |= {"color": "#333333", "fontSize": PRESENTING_FONT_PX if presenting else 11}
    truth_labels = view(
        "truth-labels",
        rows(value=values, label=said),
        text,
        {"y": field("value", "Q", scale=y_scale), "text": field("label", "N")},
    )
    layers = layered(band, line, truth, truth_labels)
    ours = {
        **layers,
        "data": {"name": "studies"},
        "datasets": {**layers["datasets"], "studies": data},
        "height": _height(presenting, 300),
        "title": {
            "text": ["Our patches: estimated dimension", "against the number of neighbours used"],
            "subtitle": ["line: median over random subsets; band: their range"],
        },
    }
    if not published:
        # Width follows the container, height stays the plot's: Streamlit's default ("fit")
        # squeezes the legend and titles into the height and the plot collapses.
        return {**ours, "autosize": FIT_WIDTH, "padding": padded(), "config": _config(presenting)}
    reference = rows(
        dataset=[d for d, _, _ in published],
        k=[k for _, k, _ in published],
        estimate=[v for _, _, v in published],
    )
    last: dict[str, dict] = {}
    for row in reference:  # each dataset's point at its largest k carries its name
        if row["dataset"] not in last or row["k"] > last[row["dataset"]]["k"]:
            last[row["dataset"]] = row
    marks = view(
        "published",
        reference,
        {"type": "line", "point": True, "color": REFERENCE},
        {
            "x": x,
            "y": field("estimate", "Q", scale=y_scale, title="published estimate"),
            "detail": field("dataset", "N"),
            "tooltip": tooltip("dataset:N", "k:Q", field("estimate", "Q", format=".0f")),
        },
    )
    labels = view(
        "published-names",
        list(last.values()),
        {
            "type": "text",
            "align": "left",
            "dx": 6,
            "fontSize": PRESENTING_FONT_PX if presenting else 11,
            "color": "#333333",
        },
        {"x": field("k", "Q"), "y": field("estimate", "Q", scale=y_scale), "text": field("dataset", "N")},
    )
    theirs = layered(
        marks,
        labels,
        height=_height(presenting, 300),
        title={"text": ["Published: whole images of datasets"], "subtitle": ["Pope et al., ICLR 2021"]},
    )
    datasets = {**ours.pop("datasets"), **theirs.pop("datasets")}
    # Natural size (Streamlit cannot fit a concatenation; "fit" would squash the plots).
    return {
        "hconcat": [{**ours, "width": 360}, {**theirs, "width": 240}],
        "resolve": {"scale": {"y": "shared"}},
        "datasets": datasets,
        "autosize": NATURAL_SIZE,
        "config": _config(presenting),
    }


def page_parts(
    studies: Sequence[PatchStudy], variances: PrincipalVariances, *, presenting: bool = False
) -> dict:
    """The section's charts (inlined, as :func:`lib.ui.chart` sends them), table rows and
    caption: the same for every visitor of a server, so a page builds them once per mode.

    >>> s = PatchStudy("photos", 8, 100, (5, 10), np.array([[4.0, 5.0], [6.0, 5.5]]))
    >>> p = PrincipalVariances(np.array([9.0, 1.0]), np.ones(2))
    >>> parts = page_parts([s], p)
    >>> parts["rows"], "datasets" in parts["directions"]
    ([['photos 8×8 (64)', '5.2', '4.0\u2060–\u20606.0']], False)
    """
    from lib.charts.vega import inline

    return {
        "directions": inline(variance_share_chart(variances, 8, presenting=presenting)),
        "dimensions": inline(dimension_chart(studies, presenting=presenting)),
        "rows": words.study_rows(studies),
        "published": words.published_rows(),
        "caption": words.study_caption(studies, variances),
    }
