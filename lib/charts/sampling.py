"""The Sampling page's charts: what tells uniform noise from photographs, as Vega-Lite specs,
and the statistics' two plots as the page draws them, its own HTML (:func:`spectrum_plot`,
:func:`difference_plot`, drawn by :mod:`lib.charts.html_plot`): a new draw swapped data into
each Vega chart, ~12-14 ms of the browser's main thread a chart. Their Vega twins
(:func:`spectrum_chart`, :func:`difference_chart`) stay as what ``bench/bench_chart_updates.py``
measures a chart's data swap with.

Pure functions from numbers to plain Vega-Lite dictionaries (no Streamlit, no Altair: see
:mod:`lib.charts.vega`); tests read the dictionaries. Every builder takes ``presenting``: a
projector wants taller plots and larger type, so heights follow the mode instead of being
squashed by larger legends. Legends sit below the plot, one entry per line, never
truncated, so every entry is visible on a 390 px phone and at 1920 px.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

import numpy as np

from lib.charts import GREEN, NOISE, PINK, PRESENTING_FONT_PX, REAL, REFERENCE
from lib.charts.arrow import arrow_columns
from lib.charts.html_plot import (
    Axis,
    Entry,
    Line,
    Scale,
    decades,
    grid_path,
    lines_image,
    plot_html,
    point_boxes,
    polyline_path,
)
from lib.charts.vega import (
    FIT_WIDTH,
    Spec,
    axis_config,
    composed,
    field,
    layered,
    padded,
    rows,
    tooltip,
    view,
)
from lib.notation import signed
from lib.statistics import (
    DifferenceHistogram,
    PowerSpectrum,
    adjacent_pixel_correlations,
    radial_power_spectrum,
)

#: Numbers per image: an array or a list.
Values = np.ndarray | Sequence[float]
NOISE_LABEL, REAL_LABEL = "uniform noise", "real photos"
TRIANGLE_LABEL = "uniform noise, exact (256 − |d|)/65,536"
MEASURED_LABEL = "uniform noise, measured"
#: The exact share of neighbour pairs of uniform noise at difference d, as a Vega expression
#: (:func:`lib.statistics.uniform_noise_difference_pmf` in Python).
TRIANGLE_FORMULA = "(256 - abs(datum.difference)) / 65536"
#: The differences the exact triangle is drawn through: every 8th up to 192, every 2nd up to
#: 240, every one after, where log(256 − |d|) bends fastest. The line through these 127 points
#: stays within 0.05 px of the one through all 511 on a 55 px decade, and the browser encodes
#: a quarter of the points each time a new draw rescales the chart (bench_chart_updates.py).
TRIANGLE_DIFFERENCES = tuple(
    d for d in range(-255, 256) if (abs(d) % 8 == 0 if abs(d) <= 192 else abs(d) % 2 == 0 or abs(d) >= 240)
)
#: The two side-by-side charts' titles: short, plain, what each shows.
SPECTRUM_TITLE = "Coarse and fine detail"
DIFFERENCE_TITLE = "How much neighbouring pixels differ"
#: The finest detail a pixel grid holds (cycles per pixel): the spectrum's x axis ends there.
SPECTRUM_MAX_FREQUENCY = 0.5
#: The spectrum's ticks: 1-2-5 steps on x, one per power of ten on y (wider than any image's
#: power, so every size and draw has its decades; Vega keeps only those inside the scale).
FREQUENCY_TICKS = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5)
POWER_TICKS = tuple(10.0**k for k in range(-6, 16))
#: The difference histogram's ticks, one per power of ten: no share of pairs is below 10^-12
#: (a 2304×4096 image has fewer than 10^8 pairs).
SHARE_TICKS = tuple(10.0**k for k in range(-12, 1))


def _data(spec: Spec, columns: dict[str, dict], live: bool) -> Spec:
    """The chart with its datasets as rows (what tests read), or, ``live``, as
    :func:`lib.ui.chart` sends it: a layer of views whose named datasets are Arrow bytes
    (:func:`lib.charts.arrow.with_arrow_data`, built from the columns)."""
    if not live:
        return {**spec, "datasets": {name: rows(**cols) for name, cols in columns.items()}}
    return {**composed(spec), "datasets": {name: arrow_columns(**cols) for name, cols in columns.items()}}


def _height(presenting: bool, normal: int) -> int:
    """Plot height in pixels: 1.6× on a projector, so larger type never squashes the plot."""
    return int(normal * 1.6) if presenting else normal


def _frame(presenting: bool, height: int, title: str | None = None) -> Spec:
    """Shared size and type; titles never clipped (limit 0), legends below the plot.

    The chart fits its column's width with the axis titles counted in (``contains=
    "padding"``), so on a phone a y-axis title is not pushed out of the SVG's left edge.
    ``title``: a short plain name above the plot, for a chart that sits beside another
    (each says what it is without the caption below it).
    """
    size = PRESENTING_FONT_PX if presenting else 12
    named = {"title": {"text": title, "anchor": "start", "fontSize": size + 2, "limit": 0}} if title else {}
    return {
        **named,
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


def spectrum_chart(
    noise_spec: PowerSpectrum, real_spec: PowerSpectrum, *, presenting: bool = False, live: bool = False
) -> Spec:
    """Radially averaged power against frequency, log-log, with the fitted lines dashed.

    >>> from lib.statistics import radial_power_spectrum
    >>> rng = np.random.default_rng(0)
    >>> noise = radial_power_spectrum(rng.integers(0, 256, (4, 32, 32), dtype=np.uint8))
    >>> spec = spectrum_chart(noise, noise)
    >>> spec["layer"][0]["encoding"]["x"]["scale"]["type"]
    'log'
    """
    parts: dict[str, list[np.ndarray]] = {"frequency": [], "power": [], "fit": [], "images": [], "label": []}
    for name, spec in ((NOISE_LABEL, noise_spec), (REAL_LABEL, real_spec)):
        frequency, power = np.asarray(spec.frequency), np.asarray(spec.power)
        kept = (frequency > 0) & (power > 0)
        label = f"{name} (slope {signed(spec.slope, 2)})"  # plain, as the caption; the fit in its footnote
        parts["frequency"].append(frequency[kept])
        parts["power"].append(power[kept])
        parts["fit"].append(np.asarray(spec.fit_line())[kept])
        parts["images"].append(np.full(int(kept.sum()), name))
        parts["label"].append(np.full(int(kept.sum()), label))
    columns = {"spectra": {k: np.concatenate(v) for k, v in parts.items()}}
    # The x axis ends where the data do, at 0.5 cycles per pixel (the finest detail a grid of
    # pixels holds), not at a "nice" 1. Both axes get a fixed list of ticks, kept the same for
    # every draw (Vega drops the ones outside the scale): on y one per power of ten (Vega's own
    # log ticks came in touching pairs, 200,000 over 100,000), on x 1-2-5 steps (its own ran
    # 0.03, 0.04, 0.05 together).
    x = field(
        "frequency",
        "Q",
        scale={"type": "log", "domainMax": SPECTRUM_MAX_FREQUENCY, "nice": False},
        axis={"values": list(FREQUENCY_TICKS)},
        title="detail: coarse (left) to fine (right)",
    )
    y = field("power", "Q", scale={"type": "log"}, axis={"values": list(POWER_TICKS)}, title="strength")
    # The labels carry the slopes, so they come with the data, not the spec (the same
    # spec for every draw: the browser swaps in new data instead of drawing a new chart);
    # sorted descending, "uniform noise …" comes first and takes the first colour.
    colour = field("label", "N", title=None, sort="descending", scale={"range": [NOISE, REAL]})
    points = {
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": x,
            "y": y,
            "color": colour,
            "tooltip": tooltip(
                "images:N", field("frequency", "Q", format=".3f"), field("power", "Q", format=",.0f")
            ),
        },
    }
    fits = {
        "mark": {"type": "line", "strokeDash": [4, 3], "color": REFERENCE},
        "encoding": {"x": x, "y": field("fit", "Q"), "detail": field("images", "N")},
    }
    return _data(
        {**layered(points, fits, **_frame(presenting, 300, SPECTRUM_TITLE)), "data": {"name": "spectra"}},
        columns,
        live,
    )


def difference_chart(
    noise_hist: DifferenceHistogram,
    real_hist: DifferenceHistogram,
    *,
    presenting: bool = False,
    live: bool = False,
) -> Spec:
    """Share of neighbour pairs at each difference, log scale; the exact triangle on top.

    The triangle is drawn last, dashed and wider, so it stays visible where the measured
    noise follows it.

    >>> from lib.statistics import neighbour_difference_histogram
    >>> h = neighbour_difference_histogram(np.arange(64, dtype=np.uint8).reshape(8, 8))
    >>> [layer["mark"]["type"] for layer in difference_chart(h, h)["layer"]]
    ['line', 'line']
    """
    values = np.asarray(real_hist.values)
    share = np.concatenate([real_hist.pmf, noise_hist.pmf]).astype(float)
    series = np.array([REAL_LABEL] * len(values) + [MEASURED_LABEL] * len(values))
    # A log scale has no place for a share of 0: an empty bin is a gap in its line (a null,
    # which the mark's invalid mode breaks the path at), never a straight segment from the
    # bins either side of it, which would draw pairs that were never seen. One null a gap is
    # enough (the first empty bin after a drawn one): the rest of the gap is not sent.
    drawn = share > 0
    after_drawn = np.concatenate([[False], drawn[:-1]]) & (np.arange(len(share)) % len(values) != 0)
    kept = drawn | after_drawn
    share[~drawn] = np.nan
    differences = np.concatenate([values, values])
    columns = {"measured": {"difference": differences[kept], "share": share[kept], "series": series[kept]}}
    domain = [REAL_LABEL, MEASURED_LABEL, TRIANGLE_LABEL]
    # A y domain no draw can leave, the same for every draw of a view's shape: a share is at
    # least one pair in ``total`` (at least 10^−digits of total) and at most 1. So a new draw's
    # rows are swapped into the chart as drawn, its axis and exact triangle left as they are,
    # where a domain following the data redrew both (~24 of ~61 ms of the browser's main thread
    # a new draw: bench/bench_chart_updates.py, sampling=difference).
    lowest = 10.0 ** -len(str(max(noise_hist.total, real_hist.total)))
    encoding = {
        "x": field(
            "difference", "Q", title="difference between neighbouring pixels", scale={"domain": [-255, 255]}
        ),
        "y": field(  # one tick a decade, as the spectrum's (Vega's own paired 0.02 with 0.01)
            "share",
            "Q",
            scale={"type": "log", "domain": [lowest, 1], "nice": False},
            axis={"values": list(SHARE_TICKS)},
            title="share of neighbour pairs (log)",
        ),
        "color": field(
            "series", "N", title=None, scale={"domain": domain, "range": [REAL, NOISE, REFERENCE]}
        ),
        "tooltip": tooltip("series:N", "difference:Q", field("share", "Q", format=".2e")),
    }
    broken = {"type": "line", "opacity": 0.85, "invalid": "break-paths-show-domains"}
    lines = view("measured", [], broken, encoding)
    exact = {  # the same for every draw: the browser computes it, nothing is sent
        "data": {"sequence": {"start": -255, "stop": 256, "as": "difference"}},
        "transform": [
            {"filter": {"field": "difference", "oneOf": list(TRIANGLE_DIFFERENCES)}},
            {"calculate": TRIANGLE_FORMULA, "as": "share"},
            {"calculate": f"'{TRIANGLE_LABEL}'", "as": "series"},
        ],
        "mark": {"type": "line", "strokeDash": [6, 4], "strokeWidth": 3},
        "encoding": encoding,
    }
    return _data(layered(lines, exact, **_frame(presenting, 300, DIFFERENCE_TITLE)), columns, live)


#: The spectrum's fitted lines, as its legend names them.
FITTED_LABEL = "straight lines fitted to each"


def spectrum_plot(noise_spec: PowerSpectrum, real_spec: PowerSpectrum, *, presenting: bool = False) -> str:
    """What :func:`spectrum_chart` shows, drawn as the page's own HTML
    (:mod:`lib.charts.html_plot`: a new draw swaps no data into a Vega view).

    The same promises: log-log, x from the lowest ring to 0.5 cycles per pixel (the finest
    detail a grid of pixels holds), y whole decades around every point and fitted value,
    ticks from a fixed list (1-2-5 on x, a power of ten on y); each images' line with its
    points (their values on hover) in the page's colours for noise and photos, the fitted
    lines dashed grey on top; the legend names each slope. A ring of no power is no point.

    >>> from lib.statistics import radial_power_spectrum
    >>> rng = np.random.default_rng(0)
    >>> noise = radial_power_spectrum(rng.integers(0, 256, (4, 32, 32), dtype=np.uint8))
    >>> block = spectrum_plot(noise, noise)
    >>> block.count('<i title='), block.count("<li>"), ">0.5</span>" in block
    (32, 3, True)
    """
    series = []
    for name, spec in ((NOISE_LABEL, noise_spec), (REAL_LABEL, real_spec)):
        frequency, power = np.asarray(spec.frequency, dtype=float), np.asarray(spec.power, dtype=float)
        kept = (frequency > 0) & (power > 0)
        fit = np.asarray(spec.fit_line(), dtype=float)[kept]
        series.append((name, frequency[kept], power[kept], fit, f"{name} (slope {signed(spec.slope, 2)})"))
    every_x = np.concatenate([s[1] for s in series])
    every_y = np.concatenate([np.concatenate([s[2], s[3]]) for s in series])
    every_y = every_y[np.isfinite(every_y) & (every_y > 0)]
    scale = Scale(float(every_x.min()), SPECTRUM_MAX_FREQUENCY, log=True)
    shown = [t for t in FREQUENCY_TICKS if scale.low <= t <= scale.high]
    # Up to four labels fit a phone's plot (0.05 … 0.5 for a 32-px image); more, over more
    # decades, would touch there: a narrow plot then leaves out the 2s (0.002, 0.02, 0.2).
    minor = tuple(t for t in shown if f"{t:e}"[0] == "2") if len(shown) > 4 else ()
    x = Axis(scale, FREQUENCY_TICKS, "detail: coarse (left) to fine (right)", minor)
    y = Axis(decades(float(every_y.min()), float(every_y.max())), POWER_TICKS, "strength")
    lines, fits, points = [], [], []
    for (name, frequency, power, fit, _), colour in zip(series, (NOISE, REAL)):
        across, up = x.scale.share(frequency), y.scale.share(power)
        lines.append(Line(polyline_path(across, up), colour))
        fits.append(Line(polyline_path(across, y.scale.share(fit)), REFERENCE, 2, "4 3"))
        titles = [f"{name}: detail {f:.3f}, strength {p:,.0f}" for f, p in zip(frequency, power)]
        points.append(f'<div class="dots" style="--c: {colour}">{point_boxes(across, up, titles)}</div>')
    grid = grid_path(x.scale.share(x.shown_ticks()).tolist(), y.scale.share(y.shown_ticks()).tolist())
    legend = [
        *(Entry(s[4], c, "point") for s, c in zip(series, (NOISE, REAL))),
        Entry(FITTED_LABEL, REFERENCE, "dashed"),
    ]
    return plot_html(
        SPECTRUM_TITLE,
        x,
        y,
        lines_image([*lines, *fits], grid),
        legend,
        points="".join(points),
        description=(
            "Strength of coarse and fine detail, log-log: "
            + " and ".join(s[4] for s in series)
            + f", with {FITTED_LABEL} dashed"
        ),
        presenting=presenting,
    )


#: The difference plot's x axis: a label every 50; on a narrow plot every 100 (eleven would touch).
DIFFERENCE_TICKS = tuple(range(-250, 251, 50))


def difference_plot(
    noise_hist: DifferenceHistogram, real_hist: DifferenceHistogram, *, presenting: bool = False
) -> str:
    """What :func:`difference_chart` shows, drawn as the page's own HTML
    (:mod:`lib.charts.html_plot`: a new draw swaps no data into a Vega view).

    The same promises: x fixed at −255..255, y log with a domain no draw can leave (a share is
    at least one pair in ``total`` and at most 1), each measured line broken where its bin is
    empty (a log scale has no place for 0), the exact triangle dashed and wider on top.

    >>> from lib.statistics import neighbour_difference_histogram
    >>> h = neighbour_difference_histogram(np.arange(64, dtype=np.uint8).reshape(8, 8))
    >>> block = difference_plot(h, h)
    >>> block.count("<li>"), 'style="bottom: 100.00%">1</span>' in block
    (3, True)
    """
    values = np.asarray(real_hist.values)
    lowest = 10.0 ** -len(str(max(noise_hist.total, real_hist.total)))
    x = Axis(
        Scale(-255, 255),
        DIFFERENCE_TICKS,
        "difference between neighbouring pixels",
        minor=tuple(t for t in DIFFERENCE_TICKS if t % 100),
    )
    y = Axis(Scale(lowest, 1, log=True), SHARE_TICKS, "share of neighbour pairs (log)")
    across = x.scale.share(values)
    triangle = np.array(TRIANGLE_DIFFERENCES)
    lines = [
        Line(polyline_path(across, y.scale.share(real_hist.pmf)), REAL, opacity=0.85),
        Line(polyline_path(across, y.scale.share(noise_hist.pmf)), NOISE, opacity=0.85),
        Line(
            polyline_path(x.scale.share(triangle), y.scale.share((256 - np.abs(triangle)) / 65536)),
            REFERENCE,
            3,
            "6 4",
        ),
    ]
    grid = grid_path(x.scale.share(x.shown_ticks()).tolist(), y.scale.share(y.shown_ticks()).tolist())
    legend = [
        Entry(REAL_LABEL, REAL),
        Entry(MEASURED_LABEL, NOISE),
        Entry(TRIANGLE_LABEL, REFERENCE, "dashed"),
    ]
    return plot_html(
        DIFFERENCE_TITLE,
        x,
        y,
        lines_image(lines, grid),
        legend,
        description=(
            "Share of neighbour pairs at each difference, on a log scale: real photos, uniform noise as"
            f" measured, and {TRIANGLE_LABEL} dashed"
        ),
        presenting=presenting,
    )


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
