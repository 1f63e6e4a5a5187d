"""Random images' two plots of a draw's statistics, "Coarse and fine detail" (the power
spectrum, :func:`spectrum_plot`) and "How much neighbouring pixels differ" (the difference
histogram, :func:`difference_plot`), as the page draws them: its own HTML, drawn by
:mod:`lib.charts.html_plot`.

They were Vega-Lite charts, and a new draw swapped its data into each: ~12-14 ms of the
browser's main thread a chart whatever it holds (``bench/bench_chart_updates.py`` at 489a349). Written
into the draw's HTML instead, both with their captions in one element, a new seed's renderer
CPU went from 82-92 to 68-72 ms (:mod:`lib.charts.html_plot` says how it was measured, and
how the plot is drawn). The plots below the draw, the same for every draw, are the page's
own HTML too (:mod:`lib.charts.thinness`, :mod:`lib.charts.sampling`): the page loads no Vega.

Pure functions from statistics (:mod:`lib.statistics`) to HTML text; tests read the text and
its SVG back. Each takes ``presenting``: a projector wants taller plots and larger type.
"""

from __future__ import annotations

import numpy as np

from lib.charts import NOISE, REAL, REFERENCE
from lib.charts.html_plot import (
    Axis,
    Entry,
    Scale,
    axes_grid,
    decades,
    dots_html,
    plot_html,
)
from lib.charts.plot_lines import Line, lines_image, polyline_path
from lib.notation import signed
from lib.statistics import DifferenceHistogram, PowerSpectrum

#: How the page names noise and photos, in these plots' legends and in the neighbour
#: correlations' strip (:mod:`lib.sampling_strip`).
NOISE_LABEL, REAL_LABEL = "uniform noise", "real photos"
TRIANGLE_LABEL = "uniform noise, exact (256 − |d|)/65,536"
MEASURED_LABEL = "uniform noise, measured"
#: The differences the exact triangle is drawn through: every 8th up to 192, every 2nd up to
#: 240, every one after, where log(256 − |d|) bends fastest. The line through these 127 points
#: stays within 0.00076 of a decade of the one through all 511, 0.12 px on the tallest plot
#: a decade can get (480 px presenting over the 3 decades of one 8×8 grey image's 112 pairs),
#: and its SVG path, re-sent with every draw, is 1,444 characters instead of 5,882.
TRIANGLE_DIFFERENCES = tuple(
    d for d in range(-255, 256) if (abs(d) % 8 == 0 if abs(d) <= 192 else abs(d) % 2 == 0 or abs(d) >= 240)
)
#: The two side-by-side plots' titles: short, plain, what each shows.
SPECTRUM_TITLE = "Coarse and fine detail"
DIFFERENCE_TITLE = "How much neighbouring pixels differ"
#: The finest detail a pixel grid holds (cycles per pixel): the spectrum's x axis ends there.
SPECTRUM_MAX_FREQUENCY = 0.5
#: The spectrum's ticks: 1-2-5 steps on x, one per power of ten on y (wider than any image's
#: power, so every size and draw has its decades; the plot keeps only those inside its scale).
#: Vega's own log ticks came in touching pairs (200,000 over 100,000) and ran 0.03, 0.04, 0.05
#: together (review 8).
FREQUENCY_TICKS = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5)
POWER_TICKS = tuple(10.0**k for k in range(-6, 16))
#: The difference histogram's ticks, one per power of ten: no share of pairs is below 10^-12
#: (a 2304×4096 image has fewer than 10^8 pairs).
SHARE_TICKS = tuple(10.0**k for k in range(-12, 1))


#: The spectrum's fitted lines, as its legend names them.
FITTED_LABEL = "straight lines fitted to each"


def spectrum_plot(noise_spec: PowerSpectrum, real_spec: PowerSpectrum, *, presenting: bool = False) -> str:
    """Radially averaged power against frequency, log-log, with the fitted lines dashed.

    The x axis runs from the lowest ring to 0.5 cycles per pixel, where the data end (the
    finest detail a grid of pixels holds), not to a "nice" 1; y spans whole decades around
    every point and fitted value; ticks come from a fixed list (1-2-5 on x, a power of ten
    on y). Each images' line with its points (their values on hover) in the page's colours
    for noise and photos, the fitted lines dashed grey on top; the legend names each slope
    in plain words, as the caption says it (how it is fitted is in the caption's footnote).
    A ring of no power is no point.

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
        points.append(dots_html(across, up, titles, colour))
    legend = [
        *(Entry(s[4], c, "point") for s, c in zip(series, (NOISE, REAL))),
        Entry(FITTED_LABEL, REFERENCE, "dashed"),
    ]
    return plot_html(
        SPECTRUM_TITLE,
        x,
        y,
        lines_image([*lines, *fits], axes_grid(x, y)),
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
    """Share of neighbour pairs at each difference, log scale; the exact triangle on top.

    x fixed at −255..255; y log with a domain no draw of a view's shape can leave: a share is
    at least one pair in ``total`` (at least 10^−digits of the total) and at most 1, so the
    axis stays put from one draw to the next. A log scale has no place for a share of 0: an
    empty bin is a gap in its line, never a straight segment from the bins either side of
    it, which would draw pairs that were never seen. The exact triangle is drawn last,
    dashed and wider, so it stays visible where the measured noise follows it.

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
    legend = [
        Entry(REAL_LABEL, REAL),
        Entry(MEASURED_LABEL, NOISE),
        Entry(TRIANGLE_LABEL, REFERENCE, "dashed"),
    ]
    return plot_html(
        DIFFERENCE_TITLE,
        x,
        y,
        lines_image(lines, axes_grid(x, y)),
        legend,
        description=(
            "Share of neighbour pairs at each difference, on a log scale: real photos, uniform noise as"
            f" measured, and {TRIANGLE_LABEL} dashed"
        ),
        presenting=presenting,
    )
