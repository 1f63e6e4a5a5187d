"""Random images' one Vega-Lite chart: the diffusion path, from a photo to noise, with each
frame drawn above its points (:func:`diffusion_chart`). The same for every view and draw, so
a new draw sends it byte for byte the same and the browser leaves it as drawn. The page's
other figures are its own HTML: the statistics' two plots (:mod:`lib.charts.statistics_plots`)
and the neighbour correlations' strip (:mod:`lib.sampling_strip`), since a new draw swapping
data into a Vega chart cost the browser ~12-14 ms of its main thread a chart.

A pure function from numbers to a plain Vega-Lite dictionary (no Streamlit, no Altair: see
:mod:`lib.charts.vega`); tests read the dictionary. It takes ``presenting``: a projector
wants a taller plot and larger type, so the height follows the mode instead of being
squashed by larger type.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

import numpy as np

from lib.charts import GREEN, PINK, PRESENTING_FONT_PX
from lib.charts.vega import FIT_WIDTH, Spec, axis_config, field, layered, padded, rows, tooltip
from lib.statistics import adjacent_pixel_correlations, radial_power_spectrum


def _height(presenting: bool, normal: int) -> int:
    """Plot height in pixels: 1.6× on a projector, so larger type never squashes the plot."""
    return int(normal * 1.6) if presenting else normal


def _frame(presenting: bool, height: int) -> Spec:
    """Size and type; titles never clipped (limit 0), legends below the plot.

    The chart fits its column's width with the axis titles counted in (``contains=
    "padding"``), so on a phone a y-axis title is not pushed out of the SVG's left edge.
    """
    size = PRESENTING_FONT_PX if presenting else 12
    return {
        "height": _height(presenting, height),
        "autosize": FIT_WIDTH,
        "padding": padded(),
        "config": {
            "axis": axis_config(size),
            "legend": {
                "labelFontSize": size,
                "orient": "bottom",
                "direction": "vertical",
                "labelLimit": 0,
                "titleLimit": 0,
            },
            "view": {"strokeWidth": 0},
        },
    }


#: The widest a diffusion frame is drawn (a whole factor of its side, up to this many pixels),
#: and the room kept between neighbouring frames and between a frame and the plot.
FRAME_MAX_PX, FRAME_GAP_PX = 96, 4
#: The most rows the frames take turns on: each row is a frame's height taken from the lines.
FRAME_ROWS = 2
#: At this window width or less (a phone's) the chart draws no frames and its lines take the
#: whole plot: the page shows the frames above it in a grid of their own, in reading order at
#: 2× (on three staggered rows in a ~210-px plot they read as a jumble, review 10).
FRAMES_APART_PX = 640


#: The diffusion chart's two statistics: neither the photos' colour nor the noise's.
CORRELATION_COLOUR, SLOPE_COLOUR = GREEN, PINK


def diffusion_chart(steps: Sequence[int], frames: np.ndarray, *, presenting: bool = False) -> Spec:
    """Neighbour correlation (left axis) and how fast detail fades, the spectrum's slope (right
    axis), of each frame, with the frame itself drawn above its points.

    ``frames`` are the uint8 states at ``steps``; ``t`` is an evenly spaced category. Each
    frame is an image mark at its step's x (lossless PNG, never smoothed), so it stands over
    its points at every width: a strip of frames above the chart, laid out by the page,
    stood ~75 px off the points it meant. A frame is enlarged by the largest whole factor
    that leaves :data:`FRAME_GAP_PX` between neighbours in its row (at most
    :data:`FRAME_MAX_PX`, twice that presenting: review 11, Presenting-1). Frames take one row while 2× fits there; on a narrower plot they
    take turns on two rows, each drawn at 2× (64 px for a 32-px frame): on two rows at 1:1
    they were 32 px, too small to read. In a window of :data:`FRAMES_APART_PX` or less the
    chart draws none (the page shows them apart).

    >>> frames = np.random.default_rng(0).integers(0, 256, (2, 16, 16), dtype=np.uint8)
    >>> spec = diffusion_chart([0, 500], frames)
    >>> lines, *pictures = spec["layer"]
    >>> lines["resolve"]["scale"]["y"], lines["layer"][0]["encoding"]["x"]["type"]
    ('independent', 'ordinal')
    >>> [p["mark"]["type"] for p in pictures], spec["datasets"]["path"][0]["frame"][:22]
    (['image', 'image'], 'data:image/png;base64,')
    """
    from lib.pixel_sheets import encode_png

    correlation = adjacent_pixel_correlations(frames).mean
    slope = [radial_power_spectrum(frame).slope for frame in frames]
    # The steps are evenly spaced categories (0, 50, 100, 200 … 1000), so the axis says it is not
    # to scale. The two statistics take colours of their own: the page's blue and vermilion
    # mean "photos" and "noise", which these lines are not.
    x = field("t", "O", title="diffusion step t (not to scale)", axis={"labelAngle": 0})
    side, count = int(frames.shape[2]), len(steps)
    step = f"width / {count}"  # a point scale's step: the plot's width over the frames
    twice = 2 * side + FRAME_GAP_PX  # a frame at 2× and its gap
    turns = f"({step} >= {twice} ? 1 : {FRAME_ROWS})"  # rows taken in turn
    most = FRAME_MAX_PX * (2 if presenting else 1)  # from the back of a room: 96 px read as a stamp
    factor = f"max(1, min({most // side}, floor(({turns} * {step} - {FRAME_GAP_PX}) / {side})))"
    drawn = f"{side} * {factor}"
    # The frames take the top of the plot (one row, or two in turns), the lines the rest:
    # inside the plot, the frames are inside the chart at every width.
    shown = f"windowSize()[0] + 0 * width > {FRAMES_APART_PX}"  # reading width: Vega asks again on a resize
    band = f"({shown} ? {turns} * ({drawn} + {FRAME_GAP_PX}) : 0)"
    lines_range = [{"expr": "height"}, {"expr": band}]
    left = {
        "mark": {"type": "line", "point": {"color": CORRELATION_COLOUR}, "color": CORRELATION_COLOUR},
        "encoding": {
            "x": x,
            "y": field(
                "correlation",
                "Q",
                title="neighbour correlation",
                scale={"domain": [-0.2, 1], "range": lines_range},
                axis={"titleColor": CORRELATION_COLOUR},
            ),
            "tooltip": tooltip("t:O", field("correlation", "Q", format=".3f")),
        },
    }
    right = {
        "mark": {
            "type": "line",
            "point": {"color": SLOPE_COLOUR},
            "color": SLOPE_COLOUR,
            "strokeDash": [6, 3],
        },
        "encoding": {
            "x": x,
            "y": field(
                "slope",
                "Q",
                title="how fast detail fades: slope (dashed)",  # no "spectral": review 11, Jargon-1
                scale={"domain": [-4, 0.5], "range": lines_range},
                axis={"titleColor": SLOPE_COLOUR, "orient": "right"},
            ),
            "tooltip": tooltip("t:O", field("slope", "Q", format=".2f")),
        },
    }
    pictures = [
        {
            "transform": [
                {"calculate": "indexof(" + str(list(steps)) + f", datum.t) % {turns}", "as": "row"},
                {"filter": f"datum.row == {row} && {shown}"},
            ],
            "mark": {
                "type": "image",
                "smooth": False,
                "align": "center",
                "baseline": "bottom",
                "width": {"expr": drawn},
                "height": {"expr": drawn},
            },
            "encoding": {
                "x": x,
                "y": {"value": {"expr": f"{band} - {FRAME_GAP_PX} - {row} * ({drawn} + {FRAME_GAP_PX})"}},
                "url": field("frame", "N"),
            },
        }
        for row in range(FRAME_ROWS)
    ]
    urls = [
        "data:image/png;base64," + base64.b64encode(encode_png(frame)).decode("ascii") for frame in frames
    ]
    return {
        **layered(
            {"layer": [left, right], "resolve": {"scale": {"y": "independent"}}},
            *pictures,
            resolve={"scale": {"y": "independent"}},
            **_frame(presenting, 240 + FRAME_ROWS * (2 * side + FRAME_GAP_PX)),
        ),
        "data": {"name": "path"},
        "datasets": {"path": rows(t=list(steps), correlation=correlation, slope=slope, frame=urls)},
    }
