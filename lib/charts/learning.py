"""The Learning page's charts: the ladder of models in bits per dimension, and its references.

Pure functions from numbers to plain Vega-Lite dictionaries (no Streamlit, no Altair: see
:mod:`lib.charts.vega`); tests read the dictionaries. Every builder takes ``presenting``: a projector wants taller plots and
larger type, so heights follow the mode instead of being squashed by larger legends.
Models sit on the vertical axis (their names read horizontally, never rotated or clipped
on a phone) and legends sit above the plot, one entry per line, never truncated.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lib.charts import BLUE, GREEN, ORANGE, PINK, PRESENTING_FONT_PX, REFERENCE, SKY, VERMILION
from lib.charts.vega import (
    FIT_WIDTH,
    Spec,
    axis_config,
    field,
    layered,
    padded,
    plain,
    rows,
    single,
    tooltip,
    view,
)
from lib.density import (
    PNG_METHOD,
    WEBP_METHOD,
    LadderResult,
)
from lib.reference_figures import PublishedRecord

HELD_OUT = "photos never trained on (held out)"
FRESH = "new patches of the training photos"
TRAINING = "training patches"
PNG = "PNG file of the held-out patches"
WEBP = "WebP file of the held-out patches"  # its row says lossless; a phone fits the legend
PUBLISHED = "published, CIFAR-10 test set"
#: The ladder's series, in legend order, with one colour and one shape each.
SERIES = (HELD_OUT, FRESH, TRAINING, PNG, WEBP)
SERIES_COLOURS = (BLUE, SKY, ORANGE, VERMILION, PINK)
SERIES_SHAPES = ("circle", "diamond", "triangle-up", "square", "cross")
#: Inside each shape: the two series on training photos hollow (their outline only), so a
#: marker never hides the one it shares a row with.
SERIES_FILLS = (BLUE, "transparent", "transparent", VERMILION, PINK)
#: Every figure the page shows of a model's or a file's bits per value is rounded to 3
#: decimals: the chart's labels and tooltips, the cards and the notes (one rounding a figure).
FIGURE_FORMAT = ".3f"
#: Marker area in square pixels (Vega's ``size``; a circle's diameter is its square root):
#: 14 px on a screen, 20 px on a projector.
MARKER = {False: 196, True: 400}
#: How far the hollow markers sit above (fresh patches) and below (training patches) the
#: held-out circle in the row's middle: the two hollow ones never touch, and the circle on
#: top of them covers little of either (at uniform, where all three sit at 8, each hollow
#: one shows most of its outline: review 11 saw them merge into one blob on a phone at 9 px).
SHIFT = {False: 11, True: 12}
#: A row's height in pixels: its markers (a shift and a half marker each way) and a few
#: pixels clear of the next row's, on a projector too. Review 11, Learning-0: presenting
#: at 1280×720 the rows shared 58% of the screen's height, 29 px each, and every row's
#: markers touched the next one's. The chart's height follows its rows, not the screen.
ROW_PX = {False: 40, True: 48}
#: How far right of the plot the figures' column starts: each row's held-out figure is
#: written there, clear of every marker at any width (above its circle, a figure sat on the
#: row above's markers once the rows were close: review 11 read PNG as 4.969).
FIGURE_GAP = 10
#: The x axis spans the figures (rounded out to ticks), not 0 to 9: a dot plot encodes no
#: length, and from 0 a phone's points crowded its plot's right 45% (review 11, Learning-1).
#: Padding in pixels keeps the outermost markers clear of the plot's edges.
X_PADDING = {False: 12, True: 16}
#: The widest window whose row names break after their first word (a phone's: the names took
#: 40% of its width on one line).
NARROW_PX = 640


#: Chart text in pixels off a projector (on one: :data:`lib.charts.PRESENTING_FONT_PX`).
TEXT_PX = 13


def _text_px(presenting: bool) -> int:
    return PRESENTING_FONT_PX if presenting else TEXT_PX


def _height(presenting: bool, normal: int) -> int:
    """Plot height in pixels: 1.6× on a projector (≥ 40% of a 1080p or 720p screen's height)."""
    return int(normal * 1.6) if presenting else normal


def _frame(presenting: bool) -> Spec:
    """Shared size and type; titles never clipped (limit 0), legends above the plot.

    On a projector the legend takes two columns (fewer rows above the plot; three ran past
    the right edge of a 1280-px screen, review 11). The chart fits its column's width with
    the axis titles counted in, so none leaves the SVG.
    """
    size = _text_px(presenting)
    return {
        "autosize": FIT_WIDTH,
        "padding": padded(),
        "config": {
            "axis": axis_config(size),
            "legend": {
                "labelFontSize": size,
                "symbolSize": MARKER[presenting],
                "symbolStrokeWidth": 2,
                "orient": "top",
                "direction": "vertical",
                "columns": 2 if presenting else 1,
                "labelLimit": 0,
                "titleLimit": 0,
            },
            "view": {"strokeWidth": 0},
        },
    }


def ladder_rows(ladder: LadderResult) -> list[dict]:
    """Every point of the ladder chart: each rung held out, on fresh and on training patches; PNG.

    >>> from lib.density import fit_ladder
    >>> noise = np.random.default_rng(0).integers(0, 256, (300, 16), dtype=np.uint8)
    >>> points = ladder_rows(fit_ladder(noise[:200], noise[200:], 4, 1, samples=0))
    >>> sorted({p["series"] for p in points}) == sorted([HELD_OUT, TRAINING, PNG, WEBP]), len(points)
    (True, 12)
    """
    points = [
        {"model": r.name, "series": series, "bits/dim": bits, "how counted": r.likelihood}
        for r in ladder.rungs
        for series, bits in (
            (HELD_OUT, r.bits_per_dim),
            (FRESH, r.fresh_bits_per_dim),
            (TRAINING, r.train_bits_per_dim),
        )
        if bits is not None
    ]
    if ladder.png_bits_per_dim is not None:
        points.append(
            {
                "model": "PNG (lossless file)",
                "series": PNG,
                "bits/dim": ladder.png_bits_per_dim,
                "how counted": f"file size, exact: {PNG_METHOD}",
            }
        )
    if ladder.webp_bits_per_dim is not None:
        points.append(
            {
                "model": "WebP (lossless file)",
                "series": WEBP,
                "bits/dim": ladder.webp_bits_per_dim,
                "how counted": f"file size, exact: {WEBP_METHOD}",
            }
        )
    return [{k: plain(v) for k, v in p.items()} for p in points]


def ladder_chart(ladder: LadderResult, *, presenting: bool = False) -> Spec:
    """Bits per dimension of every rung, held out and on training, with PNG and the 8-bit line.

    >>> from lib.density import fit_ladder
    >>> noise = np.random.default_rng(0).integers(0, 256, (300, 16), dtype=np.uint8)
    >>> spec = ladder_chart(fit_ladder(noise[:200], noise[200:], 4, 1, samples=0))
    >>> spec["config"]["legend"]["orient"], spec["config"]["axis"]["titleLimit"]
    ('top', 0)
    """
    points = ladder_rows(ladder)
    order = list(dict.fromkeys(p["model"] for p in points))
    legend = {"title": None, "labelLimit": 0}
    # On a phone each name breaks after its first word ("independent / pixels"): one line
    # each took 40% of the width. Vega reads the window's width in the browser (one spec
    # for every screen); times 0, the chart's width makes it read again on a resize.
    first_word = "slice(datum.label, 0, indexof(datum.label, ' '))"
    rest = "slice(datum.label, indexof(datum.label, ' ') + 1)"
    names = {
        "labelLimit": 0,
        "labelExpr": f"windowSize()[0] + 0 * width < {NARROW_PX} && indexof(datum.label, ' ') > 0"
        f" ? [{first_word}, {rest}] : datum.label",
    }
    y = field("model", "N", sort=order, title=None, axis=names)
    # Half-bit ticks at most: on a 1920-pixel projector Vega's default put one every 0.2.
    # The axis spans the figures and the 8-bit line, rounded out to ticks (the spec stays the
    # same for every fit of a view: Vega finds the span in the data, so a new seed swaps data).
    x = field(
        "bits/dim",
        "Q",
        # Two lines: one is wider than a phone's plot.
        title=["bits per value (lower is better)", "figures at the right: held out, to 3 decimals"],
        scale={"zero": False, "nice": True, "padding": X_PADDING[presenting]},
        axis={"tickMinStep": 0.5},
    )
    raw = view(
        "raw",
        rows(**{"bits/dim": [8.0]}),
        {"type": "rule", "color": REFERENCE, "strokeDash": [2, 3]},
        {"x": field("bits/dim", "Q")},
    )
    shift = SHIFT[presenting]
    # One legend of every series: fill, outline and shape share their field, domain and settings.
    scales = {"domain": list(SERIES)}
    look = {
        "fill": field("series", "N", scale={**scales, "range": list(SERIES_FILLS)}, legend=legend),
        "stroke": field("series", "N", scale={**scales, "range": list(SERIES_COLOURS)}, legend=legend),
        "shape": field("series", "N", scale={**scales, "range": list(SERIES_SHAPES)}, legend=legend),
        "tooltip": tooltip(
            "model:N",
            "series:N",
            field("bits/dim", "Q", format=FIGURE_FORMAT, title="bits per value"),
            "how counted:N",
        ),
    }

    def markers(series: Sequence[str], offset: int = 0) -> Spec:
        """The points of ``series``, ``offset`` pixels below their row's middle."""
        return {
            "mark": {"type": "point", "yOffset": offset} if offset else {"type": "point"},
            "transform": [{"filter": {"field": "series", "oneOf": list(series)}}],
        }

    # Each row's figure on the held-out patches (its circle's, or its file's) in a column
    # right of the plot, in the row's middle: clear of every marker and of the other rows
    # at any width and on a projector, and read down like a table.
    figures = {
        "data": {"name": "ladder"},
        "transform": [{"filter": {"field": "series", "oneOf": [HELD_OUT, PNG, WEBP]}}],
        "mark": {
            "type": "text",
            "align": "left",
            "baseline": "middle",
            "dx": FIGURE_GAP,
            "fontSize": _text_px(presenting),
        },
        "encoding": {
            "x": {"value": "width"},
            "y": y,
            "text": field("bits/dim", "Q", format=FIGURE_FORMAT),
        },
    }
    # The held-out circle is the figure a rung is judged by: drawn last, on top, in the row's
    # middle; the two training-photo series are hollow, one above and one below it, so none
    # hides another where their costs meet (uniform: all three at 8; the Gaussian's two).
    # One layer holds the four, their encoding written once (a new seed re-sends the spec).
    dots = {
        "data": {"name": "ladder"},
        "datasets": {"ladder": points},
        "encoding": {"x": x, "y": y, **look},
        "layer": [
            markers([FRESH], -shift),
            markers([TRAINING], shift),
            markers([PNG, WEBP]),
            markers([HELD_OUT]),
        ],
    }
    frame = _frame(presenting)
    # The markers' looks, written once for the four layers of them.
    frame["config"]["point"] = {"size": MARKER[presenting], "filled": True, "opacity": 1, "strokeWidth": 2}
    # As tall as its rows need, on a projector too: a share of the screen's height gave
    # each row what was left of it (29 px at 1280×720). In pixels, not as a step: Streamlit
    # fits a chart to its box, and Vega-Lite warned on every draw that it dropped "fit-y"
    # for a step height.
    return layered(raw, dots, figures, height=ROW_PX[presenting] * len(order), **frame)


def published_chart(records: Sequence[PublishedRecord], *, presenting: bool = False) -> Spec:
    """Published CIFAR-10 test-set records by year: another dataset, on its own axis.

    >>> from lib.reference_figures import CIFAR10_CHART
    >>> spec = published_chart(CIFAR10_CHART)
    >>> [len(rows) for rows in spec["datasets"].values()] == [len(CIFAR10_CHART)]
    True
    """
    data = rows(
        model=[f"{r.model} ({r.year})" for r in records],
        year=[r.year for r in records],
        **{
            "bits/dim": [r.bits_per_dim for r in records],
            "how counted": [r.kind + (f", {r.note}" if r.note else "") for r in records],
        },
        source=[r.citation for r in records],
    )
    x = field("year", "Q", title="year published", axis={"format": "d", "tickMinStep": 1})
    y = field(
        "bits/dim",
        "Q",
        title="bits per value on CIFAR-10 (32×32 RGB)",
        scale={"zero": False, "padding": 20},
    )
    line = {
        "mark": {"type": "line", "color": GREEN, "point": {"size": 100, "color": GREEN}},
        "encoding": {
            "x": x,
            "y": y,
            "tooltip": tooltip(
                "model:N",
                field("bits/dim", "Q", format=".2f", title="bits per value"),
                "how counted:N",
                "source:N",
            ),
        },
    }
    names = {
        "mark": {
            "type": "text",
            "align": "left",
            "dx": 8,
            "dy": -8,
            "fontSize": _text_px(presenting) - 2 if presenting else 11,
        },
        "encoding": {"x": x, "y": y, "text": field("model", "N")},
    }
    return {
        **layered(line, names, height=_height(presenting, 220), **_frame(presenting)),
        "data": {"name": "records"},
        "datasets": {"records": data},
    }


def histogram_chart(
    test_shares: np.ndarray,
    train_shares: np.ndarray,
    test_label: str,
    train_label: str,
    *,
    presenting: bool = False,
) -> Spec:
    """How often each value 0..255 occurs in the held-out and in the training patches.

    >>> flat = np.full(256, 1 / 256)
    >>> spec = histogram_chart(flat, flat, "held-out", "training")
    >>> spec["encoding"]["color"]["scale"]["range"] == [BLUE, ORANGE]
    True
    """
    data = rows(
        value=np.tile(np.arange(256), 2),
        share=np.concatenate([np.asarray(test_shares), np.asarray(train_shares)]) * 100,
        photos=[test_label] * 256 + [train_label] * 256,
    )
    lines = view(
        "shares",
        data,
        {"type": "line", "interpolate": "step-after", "strokeWidth": 3 if presenting else 2},
        {
            "x": field("value", "Q", title="value (0 = black, 255 = white)", scale={"domain": [0, 255]}),
            "y": field("share", "Q", title="share of all values (%)"),
            "color": field(
                "photos",
                "N",
                scale={"domain": [test_label, train_label], "range": [BLUE, ORANGE]},
                legend={"title": None, "labelLimit": 0},
            ),
            "tooltip": tooltip("photos:N", "value:Q", field("share", "Q", format=".3f")),
        },
    )
    return single(lines, height=_height(presenting, 240), **_frame(presenting))
