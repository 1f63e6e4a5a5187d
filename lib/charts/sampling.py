"""The Sampling page's charts: what tells uniform noise from photographs, as Vega-Lite specs.

Pure functions from numbers to plain Vega-Lite dictionaries (no Streamlit, no Altair: see
:mod:`lib.charts.vega`); tests read the dictionaries. Every builder takes ``presenting``: a
projector wants taller plots and larger type, so heights follow the mode instead of being
squashed by larger legends. Legends sit below the plot, one entry per line, never
truncated, so every entry is visible on a 390 px phone and at 1920 px.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import numpy as np

from lib.charts import NOISE, REAL, REFERENCE
from lib.charts.vega import (
    FIT_WIDTH,
    Spec,
    axis_config,
    field,
    layered,
    padded,
    rows,
    single,
    tooltip,
    view,
)
from lib.notation import power_html
from lib.photo_corpus import STATISTICS_BYTES, ScreenSheet
from lib.statistics import (
    VIEW_BYTES,
    CorrelationBound,
    DifferenceHistogram,
    MonteCarloResult,
    PixelStep,
    PowerSpectrum,
    adjacent_pixel_correlations,
    image_as_number,
    pixel_step,
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


def _height(presenting: bool, normal: int) -> int:
    """Plot height in pixels: 1.6× on a projector, so larger type never squashes the plot."""
    return int(normal * 1.6) if presenting else normal


def _frame(presenting: bool, height: int) -> Spec:
    """Shared size and type; titles never clipped (limit 0), legends below the plot.

    The chart fits its column's width with the axis titles counted in (``contains=
    "padding"``), so on a phone a y-axis title is not pushed out of the SVG's left edge.
    """
    size = 18 if presenting else 12
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


def correlation_chart(noise_corr: Values, real_corr: Values, *, presenting: bool = False) -> Spec:
    """One tick per image at its neighbour correlation: noise near 0, photos near 1.

    >>> spec = correlation_chart([0.01, -0.02], [0.9, float("nan")])
    >>> spec["encoding"]["x"]["scale"]["domain"], len(spec["datasets"][spec["data"]["name"]])
    ([-0.2, 1], 3)
    """
    noise, real = np.asarray(noise_corr, dtype=float), np.asarray(real_corr, dtype=float)
    values = np.concatenate([noise, real])
    kinds = np.array([NOISE_LABEL] * len(noise) + [REAL_LABEL] * len(real))
    shown = np.isfinite(values)
    ticks = view(
        "correlations",
        rows(correlation=values[shown], images=kinds[shown]),
        {"type": "tick", "thickness": 2, "size": _height(presenting, 28)},
        {
            "x": field(
                "correlation",
                "Q",
                scale={"domain": [-0.2, 1]},
                title="correlation between neighbouring pixels",
            ),
            "y": field("images", "N", title=None, sort=[NOISE_LABEL, REAL_LABEL]),
            "color": field(
                "images",
                "N",
                scale={"domain": [NOISE_LABEL, REAL_LABEL], "range": [NOISE, REAL]},
                legend=None,
            ),
            "tooltip": tooltip("images:N", field("correlation", "Q", format=".3f")),
        },
    )
    return single(ticks, **_frame(presenting, 110))


def spectrum_chart(noise_spec: PowerSpectrum, real_spec: PowerSpectrum, *, presenting: bool = False) -> Spec:
    """Radially averaged power against frequency, log-log, with the fitted lines dashed.

    >>> from lib.statistics import radial_power_spectrum
    >>> rng = np.random.default_rng(0)
    >>> noise = radial_power_spectrum(rng.integers(0, 256, (4, 32, 32), dtype=np.uint8))
    >>> spec = spectrum_chart(noise, noise)
    >>> spec["layer"][0]["encoding"]["x"]["scale"]["type"]
    'log'
    """
    data = []
    for name, spec in ((NOISE_LABEL, noise_spec), (REAL_LABEL, real_spec)):
        frequency, power = np.asarray(spec.frequency), np.asarray(spec.power)
        kept = (frequency > 0) & (power > 0)
        label = f"{name} (fitted slope {spec.slope:.2f})"
        fit = np.asarray(spec.fit_line())[kept]
        data += rows(
            frequency=frequency[kept],
            power=power[kept],
            fit=fit,
            images=name,
            label=label,
        )
    x = field("frequency", "Q", scale={"type": "log"}, title="spatial frequency (cycles per pixel)")
    y = field("power", "Q", scale={"type": "log"}, title="power (radially averaged)")
    # The labels carry the fitted slopes, so they come with the data, not the spec (the same
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
    return {
        **layered(points, fits, **_frame(presenting, 300)),
        "data": {"name": "spectra"},
        "datasets": {"spectra": data},
    }


def difference_chart(
    noise_hist: DifferenceHistogram, real_hist: DifferenceHistogram, *, presenting: bool = False
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
    share = np.concatenate([real_hist.pmf, noise_hist.pmf])
    series = np.array([REAL_LABEL] * len(values) + [MEASURED_LABEL] * len(values))
    drawn = share > 0  # a log scale has no place for a share of 0
    measured = rows(
        difference=np.concatenate([values, values])[drawn],
        share=share[drawn],
        series=series[drawn],
    )
    domain = [REAL_LABEL, MEASURED_LABEL, TRIANGLE_LABEL]
    encoding = {
        "x": field(
            "difference", "Q", title="difference between neighbouring pixels", scale={"domain": [-255, 255]}
        ),
        "y": field("share", "Q", scale={"type": "log"}, title="share of neighbour pairs (log)"),
        "color": field(
            "series", "N", title=None, scale={"domain": domain, "range": [REAL, NOISE, REFERENCE]}
        ),
        "tooltip": tooltip("series:N", "difference:Q", field("share", "Q", format=".2e")),
    }
    lines = view("measured", measured, {"type": "line", "opacity": 0.85}, encoding)
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
    return layered(lines, exact, **_frame(presenting, 300))


def diffusion_chart(steps: Sequence[int], frames: np.ndarray, *, presenting: bool = False) -> Spec:
    """Neighbour correlation (left axis) and spectral slope (right axis) of each frame.

    ``frames`` are the uint8 states at ``steps``; ``t`` is an evenly spaced category, so
    each point sits under its frame of the strip above the chart.

    >>> frames = np.random.default_rng(0).integers(0, 256, (2, 16, 16), dtype=np.uint8)
    >>> spec = diffusion_chart([0, 500], frames)
    >>> spec["resolve"]["scale"]["y"], spec["layer"][0]["encoding"]["x"]["type"]
    ('independent', 'ordinal')
    """
    correlation = adjacent_pixel_correlations(frames).mean
    slope = [radial_power_spectrum(frame).slope for frame in frames]
    x = field("t", "O", title="diffusion step t (one point per frame above)", axis={"labelAngle": 0})
    left = {
        "mark": {"type": "line", "point": True, "color": REAL},
        "encoding": {
            "x": x,
            "y": field(
                "correlation",
                "Q",
                title="neighbour correlation",
                scale={"domain": [-0.2, 1]},
                axis={"titleColor": REAL},
            ),
            "tooltip": tooltip("t:O", field("correlation", "Q", format=".3f")),
        },
    }
    right = {
        "mark": {"type": "line", "point": True, "color": NOISE, "strokeDash": [6, 3]},
        "encoding": {
            "x": x,
            "y": field(
                "slope",
                "Q",
                title="spectral slope (dashed)",
                scale={"domain": [-4, 0.5]},
                axis={"titleColor": NOISE, "orient": "right"},
            ),
            "tooltip": tooltip("t:O", field("slope", "Q", format=".2f")),
        },
    }
    return {
        **layered(left, right, resolve={"scale": {"y": "independent"}}, **_frame(presenting, 240)),
        "data": {"name": "path"},
        "datasets": {"path": rows(t=list(steps), correlation=correlation, slope=slope)},
    }


# -- what to see: each chart's caption, from the same numbers ---------------------------------
def correlation_caption(noise_corr: Values, real_corr: Values, count: int | None = None) -> str:
    """The correlation chart's caption; ``count`` is how many images the grids hold, when
    the statistics read only the first ``len(noise_corr)`` of them.

    >>> correlation_caption([0.01, -0.01], [0.9, 0.95])
    'What to see: in a photo a pixel almost predicts its neighbour (median 0.93); in noise it tells nothing (median 0.000). One tick per image.'
    >>> correlation_caption([0.0], [0.9], 64).split(". ")[-1]
    'Every statistic here reads the first 1 of the 64 images (at most 2 MB each).'
    """
    measured = len(noise_corr)
    if count is not None and measured < count:
        return correlation_caption(noise_corr, real_corr) + (
            f" Every statistic here reads the first {measured:,} of the {count:,} images (at most {STATISTICS_BYTES // 2**20} MB each)."
        )
    return (
        f"What to see: in a photo a pixel almost predicts its neighbour (median {np.nanmedian(real_corr):.2f}); "
        f"in noise it tells nothing (median {np.nanmedian(noise_corr):.3f}). One tick per image.".replace(
            "median -0.000", "median 0.000"
        )
    )


def spectrum_caption(noise_spec: PowerSpectrum, real_spec: PowerSpectrum) -> str:
    """The spectrum chart's caption, with both fitted slopes."""
    return (
        "What to see: photos concentrate their power at low frequencies and fall steeply (fitted slope "
        f"{real_spec.slope:.2f}; the classic figure for natural images is about −2), noise is flat (slope "
        f"{noise_spec.slope:.2f}). Dashed grey: the fitted lines."
    )


def difference_caption(noise_hist: DifferenceHistogram, real_hist: DifferenceHistogram) -> str:
    """The difference chart's caption; excess kurtosis explained where it appears."""
    return (
        "What to see: in photos most neighbours are nearly equal and a few (edges) differ a lot, a peak with "
        f"heavy tails (excess kurtosis {real_hist.excess_kurtosis:.1f}, where a bell curve has 0). Noise follows "
        f"the exact triangle (256 − |d|)/65,536, dashed (excess kurtosis {noise_hist.excess_kurtosis:.2f})."
    )


DIFFUSION_CAPTION = (
    "x_t = √ᾱ_t·x_0 + √(1−ᾱ_t)·ε: at step t a share ᾱ_t of the photo is left and Gaussian noise ε fills the "
    "rest (the noise schedule of Ho et al. 2020: 1,000 steps, one shared ε). What to see: the statistics drift "
    "to those of noise (correlation → 0, slope → 0). A diffusion model generates by learning to walk this path "
    "backwards, from noise to the thin set of natural images; the page shows the way there."
)


def image_number_rows(image: np.ndarray) -> list[tuple[str, str]]:
    """The rows of the "every image is one number" table: (label, HTML built from our digits)."""
    number = image_as_number(image, digits=20)
    first = pixel_step(image, 0, 0, 0)
    last = pixel_step(image, image.shape[0] - 1, image.shape[1] - 1, 0 if image.ndim == 2 else 2)
    return [
        ("Read as one base-256 number, it has", f"<b>{number.digit_count:,}</b> digits"),
        ("It begins", f'<span class="digits">{number.leading}…</span>'),
        ("It ends", f'<span class="digits">…{number.trailing}</span>'),
        (
            "Images of this shape (the whole space)",
            power_html(number.space_size.scientific(5)) + f", {number.space_digit_count:,} digits",
        ),
        ("Changing the last byte by one", _last_byte_step(last)),
        (
            "Changing the first pixel's first byte by one",
            f"moves it by 256<sup>{first.exponent:,}</sup>, a number of {first.place_value_digits():,} digits",
        ),
    ]


def sheet_note(sheet: ScreenSheet, count: int) -> str:
    """What a grid leaves out to fit the screen ("" when it shows everything).

    >>> from lib.photo_corpus import screen_sheet
    >>> sheet_note(screen_sheet(np.zeros((64, 64, 64), np.uint8)), 64)
    'The first 16 of 64 at 1:1: all 64 would not fit a screen.'
    """
    if sheet.cropped:
        return f"The top-left {sheet.pixels.shape[1]}×{sheet.pixels.shape[0]} pixels of image 1, at 1:1."
    if sheet.shown < count:
        return f"The first {sheet.shown} of {count} at 1:1: all {count} would not fit a screen."
    return ""


def _last_byte_step(last: PixelStep) -> str:
    """Where one step of the last byte leads: up to the next image, or (at 255) down."""
    if last.change > 0:
        return "moves the number by 1: the very next image"
    return "moves the number by −1 (this byte is 255, so it can only go down): the image just before"


def grid_caption(seed: int, whole: bool) -> str:
    """What the two grids are, in words true at every width (left/right stay side by side)."""
    real = "whole photos, resized" if whole else "random crops of photos"
    return (
        f"Left: every pixel drawn uniformly from 0–255 (seed {seed}), points of the space picked at random. "
        f"Right: {real}. Lossless PNG, each pixel a sharp square. Draw again as often as you like: the noise "
        "never looks like anything."
    )


def full_size_caption(width: int, height: int, channels: int) -> str:
    """The caption under the full-size corners, with the image's size for this colour mode.

    Uniform noise does not compress: a PNG of it holds every pixel byte (28.3 MB in RGB,
    9.4 MB in grey) plus a little framing.

    >>> full_size_caption(2304, 4096, 1).split("; ")[1]
    'a full-size PNG of it would hold its 9.4 MB of pixel bytes, incompressible static.'
    """
    megabytes = width * height * channels / 1e6
    return (
        f"The noise is the corner of one full {width}×{height} uniform image (the same pixels the whole image "
        f"would have for this seed); a full-size PNG of it would hold its {megabytes:.1f} MB of pixel bytes, "
        "incompressible static."
    )


def odds_caption(bound: CorrelationBound, draws_per_second: int, universe_years: str) -> str:
    """What the bound means in draws and years (both rounded so "at least" stays true), as
    HTML with superscripts, built from our own digits and the escaped ``universe_years``.

    >>> odds_caption(CorrelationBound(8, 8, 1, 0.9, "mean", -100.0), 1000, "~13.787·10^9").split("; ")[1]
    'at 1,000 draws a second that is at least 10<sup>89</sup> years (the universe is ~13.787·10<sup>9</sup> years old).'
    """
    universe, wait = (
        re.sub(r"10\^(-?[\d,]+)", r"10<sup>\1</sup>", html.escape(text))
        for text in (universe_years, bound.wait_text(draws_per_second))
    )
    return (
        f"A proven upper bound, not an estimate. So you would expect to draw at least "
        f"10<sup>{bound.exponent_text(1)}</sup> images before the first success; at {draws_per_second:,} draws "
        f"a second that is at least {wait} (the universe is {universe} years old)."
    )


HOW_WE_KNOW = (
    "The bound is a proof: Chernoff bounds (the chance that a sum strays far from its mean falls "
    "exponentially with the number of terms) with the exact moment generating functions of uniform bytes, "
    "computed in interval arithmetic, which brackets every rounding error, so no float can make it false."
)


def experiment_sentence(mc: MonteCarloResult, threshold: float, asked: int | None = None) -> str:
    """The Monte Carlo result, in a sentence (a correlation, not a probability); when the
    link ``asked`` for more draws than one view may make, it says so.

    >>> from lib.statistics import monte_carlo_noise_correlation
    >>> experiment_sentence(monte_carlo_noise_correlation(8, 8, 10, 1), 0.9, 20_000).split(". ")[-1]
    '20,000 draws of 8×8 images were asked for; one view draws at most 32 MB of noise.'
    """
    capped = (
        ""
        if asked is None or asked <= mc.draws
        else (
            f" {asked:,} draws of {mc.width}×{mc.height} images were asked for; one view draws at most "
            f"{VIEW_BYTES // 2**20} MB of noise."
        )
    )
    return (
        f"An experiment ({mc.draws:,} noise images, seed {mc.seed}): the largest neighbour correlation was "
        f"{mc.largest:.3f}; {mc.count_at_least(threshold):,} of {mc.draws:,} reached {threshold:.2f}. "
        "It can only show what is likely, which is why the bound matters." + capped
    )


def correlation_numbers(noise_corr: Values, real_corr: Values) -> dict[str, str]:
    """Every image's neighbour correlation, for the CSV/JSON download."""
    rows = {"noise": noise_corr, "real": real_corr}
    return {
        f"{k} image {i + 1} neighbour correlation": f"{v:.6f}"
        for k, vs in rows.items()
        for i, v in enumerate(vs)
    }


IMAGE_NUMBER_CAPTION = (
    "Bytes in reading order (row by row, then channel), first byte most significant. Every image of this "
    "shape is one of the integers 0 … 256^bytes − 1; almost all of them are noise."
)
CREDITS_CAPTION = (
    "All from scikit-image's sample data, each CC0 or public domain as stated there. Visitors' photos are "
    "used in this session only and never stored."
)


# -- the page's own HTML around its pictures (our text only, escaped) -------------------------


def section_html(title: str) -> str:
    """A section heading inside a block of the page's own HTML (it looks like a markdown one).

    >>> section_html("Odds & ends")
    '<h4 class="section">Odds &amp; ends</h4>'
    """
    return f'<h4 class="section">{html.escape(title)}</h4>'


#: The corners at 1:1 side by side at every width (a phone scrolls them sideways), never smoothed.
FULL_SIZE_STYLE = (
    "<style>.st-key-full-size [data-testid='stFullScreenFrame'] div { flex-wrap: nowrap; justify-content: start; }"
    " .st-key-full-size img { image-rendering: pixelated; max-width: none !important; }"
    " .st-key-full-size { overflow-x: auto; }</style>"
)

#: The grids' titles at the size and weight of text, not of a caption (read from the back).
GRID_TITLE_STYLE = "<style>.pixel-grid-random figcaption, .pixel-grid-real figcaption { opacity: 1; font-size: 1rem; }</style>"


def grid_title_html(count: int, what: str, size: int, grey: bool, note: str = "") -> str:
    """The title under a grid, and what it leaves out to fit the screen.

    >>> grid_title_html(9, "real", 32, False, "The first 4 of 9 at 1:1.")
    '<b>9 real 32×32 RGB images</b><br>The first 4 of 9 at 1:1.'
    """
    title = f"<b>{count} {html.escape(what)} {size}×{size} {'grey' if grey else 'RGB'} images</b>"
    return title + (f"<br>{html.escape(note)}" if note else "")


def paragraph_html(text: str) -> str:
    """A caption inside a block of the page's own HTML (``text`` escaped).

    >>> paragraph_html("a < b")
    '<p class="caption">a &lt; b</p>'
    """
    return f'<p class="caption">{html.escape(text)}</p>'


def after_the_corners_html(zooms: str, number_table: str, channels: int) -> str:
    """What follows the corners at full size, as one block of the page's own HTML (one
    element to render on a new draw where there were six): the enlarged corners
    (``zooms``, markup), what the full image would weigh, the image as a number
    (``number_table``, markup) and its caption, and the statistics' heading.

    >>> block = after_the_corners_html("<figure></figure>", "<table></table>", 1)
    >>> block.count("<h4"), "9.4 MB" in block
    (2, True)
    """
    from lib.reference_figures import PHONE_PHOTO_HEIGHT, PHONE_PHOTO_WIDTH

    return (
        zooms
        + paragraph_html(full_size_caption(PHONE_PHOTO_WIDTH, PHONE_PHOTO_HEIGHT, channels))
        + section_html("Every image is one number (the Library of Babel's idea)")
        + number_table
        + paragraph_html(IMAGE_NUMBER_CAPTION)
        + section_html("The statistics that tell them apart")
    )
