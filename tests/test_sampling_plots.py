"""The statistics' plots of Random images, drawn as the page's own HTML (lib.charts.html_plot,
lib.charts.statistics_plots.spectrum_plot and difference_plot): what they draw, read back from the
HTML and its SVG and checked against values worked out by hand from the log scales."""

from __future__ import annotations

import dataclasses
import math
import re

import numpy as np
import pytest
from plot_lines_reading import strokes_of

from lib import statistics as stats
from lib.charts import NOISE, REAL, REFERENCE, plot_lines
from lib.charts import html_plot as plot
from lib.charts import statistics_plots as charts
from lib.photo_corpus import load_corpus, uniform_noise
from lib.real_samples import random_crops

#: A tick label: its axis's side, its place and its words; "minor" when a narrow plot leaves it out.
LABEL = re.compile(r'<span( class=minor)? style="(left|bottom): ([\d.]+)%">([^<]*)</span>')
#: A point of the spectrum: its words on hover and its place.
DOT = re.compile(r'<i title="([^"]*)" style="left:([\d.]+)%;bottom:([\d.]+)%"></i>')


@pytest.fixture(scope="module")
def batches():
    return uniform_noise(8, 32, seed=1), random_crops(load_corpus(), 32, 8, seed=1).images


def strokes(block: str) -> list[dict]:
    """The strokes of the plot's lines image, in drawing order (the grid first)."""
    found = []
    for d, colour, width, rest in strokes_of(block):
        dash = re.search(r"stroke-dasharray='([^']*)'", rest)
        runs = (
            [np.array(r.split(), dtype=float).reshape(-1, 2) for r in d.split("M")[1:]]
            if "V" not in d
            else []
        )
        found.append({"colour": colour, "width": width, "dash": dash[1] if dash else "", "runs": runs})
    return found


def labels(block: str, side: str) -> list[tuple[str, float, bool]]:
    return [
        (words, float(at), bool(minor)) for minor, where, at, words in LABEL.findall(block) if where == side
    ]


def by_hand_log(value: float, low: float, high: float) -> float:
    """Where ``value`` falls on a log axis from ``low`` to ``high``, as a share: log10 by hand."""
    return (math.log10(value) - math.log10(low)) / (math.log10(high) - math.log10(low))


def test_each_measured_line_passes_through_every_bin_and_breaks_where_one_is_empty(batches):
    noise, real = (stats.neighbour_difference_histogram(x) for x in batches)
    block = charts.difference_plot(noise, real)
    grid, real_line, noise_line, _ = strokes(block)
    lowest = 10.0 ** -len(str(max(noise.total, real.total)))  # one pair in the total, at least
    for hist, line, colour in ((real, real_line, REAL), (noise, noise_line, NOISE)):
        assert line["colour"] == colour and line["dash"] == ""
        seen = hist.pmf > 0
        runs = []  # the bins of each run of non-empty ones, worked out apart from the drawing
        for i, full in enumerate(seen):
            if full and (i == 0 or not seen[i - 1]):
                runs.append([])
            if full:
                runs[-1].append(i)
        assert len(line["runs"]) == len(runs) >= 2  # the photos' tails have empty bins: gaps
        for drawn, bins in zip(line["runs"], runs):
            expected = [
                ((hist.values[i] + 255) / 510 * 1000, (1 - by_hand_log(hist.pmf[i], lowest, 1)) * 1000)
                for i in bins
            ]
            if len(bins) == 1:  # a bin alone between gaps: a dot (a zero-length segment)
                expected *= 2
            assert drawn == pytest.approx(np.array(expected), abs=0.051)
    assert grid["colour"] == plot_lines.GRID


def test_the_exact_triangle_is_drawn_last_dashed_wider_and_on_its_formula(batches):
    hists = [stats.neighbour_difference_histogram(x) for x in batches]
    *_, triangle = strokes(charts.difference_plot(*hists))
    assert triangle["colour"] == REFERENCE and triangle["dash"] == "6 4" and triangle["width"] == 3
    (points,) = triangle["runs"]  # one unbroken line: no share of the triangle is 0
    d = np.array(charts.TRIANGLE_DIFFERENCES)
    assert points[:, 0] == pytest.approx((d + 255) / 510 * 1000, abs=0.051)
    lowest = 10.0 ** -len(str(max(h.total for h in hists)))
    shares = 10 ** (math.log10(lowest) * (points[:, 1] / 1000))  # back from the drawing
    exact = stats.uniform_noise_difference_pmf()[d + 255]
    assert shares == pytest.approx(exact, rel=1e-3)  # within the drawing's 0.1-unit rounding
    assert np.array_equal(exact, (256 - np.abs(d)) / 65536)


def test_the_exact_triangle_through_fewer_points_is_the_same_line():
    """Drawn through 127 of the 511 differences (the path is re-sent with every draw), the
    triangle stays within 0.15 px of the line through all of them on the tallest plot a decade
    can get: presenting, over the 3 decades of one 8×8 grey image's 112 pairs."""
    one_image = stats.neighbour_difference_histogram(np.zeros((8, 8), dtype=np.uint8))
    block = charts.difference_plot(one_image, one_image, presenting=True)
    (height,) = map(int, re.findall(r"--plot: (\d+)px", block))
    decades = len(labels(block, "bottom")) - 1
    assert (one_image.total, decades, height) == (112, 3, 480)
    *_, triangle = strokes(block)
    (points,) = triangle["runs"]
    kept = np.round(points[:, 0] / 1000 * 510 - 255).astype(int)  # back from the drawing
    every = np.arange(-255, 256)
    assert len(kept) <= 128 and {-255, 0, 255} <= set(kept.tolist()) and np.all(np.diff(kept) > 0)

    def log_share(d):
        return np.log10((256 - np.abs(d)) / 65536)

    along = np.linspace(-255, 255, 200_001)
    drawn = np.interp(along, kept, log_share(kept))
    through_all = np.interp(along, every, log_share(every))
    assert np.max(np.abs(drawn - through_all)) * height / decades < 0.15


def test_two_draws_of_one_shape_keep_the_difference_axes(batches):
    """The y domain holds any share a view's shape can give (one pair of the total, up to 1):
    a new draw moves the lines, never the axis under them, and no point leaves the plot."""
    again = (uniform_noise(8, 32, seed=2), random_crops(load_corpus(), 32, 8, seed=2).images)
    blocks = [charts.difference_plot(*map(stats.neighbour_difference_histogram, d)) for d in (batches, again)]
    assert blocks[0] != blocks[1]
    assert labels(blocks[0], "bottom") == labels(blocks[1], "bottom")
    assert labels(blocks[0], "left") == labels(blocks[1], "left")
    for block in blocks:
        _, *lines, _ = strokes(block)
        drawn = np.concatenate([run for line in lines for run in line["runs"]])
        assert drawn.min() >= 0 and drawn.max() <= 1000


def test_the_difference_axes_ticks_and_legend(batches):
    noise, real = (stats.neighbour_difference_histogram(x) for x in batches)
    block = charts.difference_plot(noise, real)
    digits = len(str(max(noise.total, real.total)))  # 8 crops of 32×32×3: 47,616 pairs, 5 digits
    assert digits == 5
    assert labels(block, "bottom") == [
        (f"0.{'0' * (k - 1)}1" if k else "1", (digits - k) / digits * 100, False)
        for k in range(digits, -1, -1)
    ]
    x = labels(block, "left")
    assert [w for w, _, _ in x] == [
        "−250",
        "−200",
        "−150",
        "−100",
        "−50",
        "0",
        "50",
        "100",
        "150",
        "200",
        "250",
    ]
    assert [at for _, at, _ in x] == pytest.approx(
        [(t + 255) / 510 * 100 for t in range(-250, 251, 50)], abs=0.005
    )
    assert [w for w, _, minor in x if not minor] == ["−200", "−100", "0", "100", "200"]  # a narrow plot's
    assert re.findall(r'<li><i class="key (\w+)" style="--c: (#\w+)"></i>([^<]*)</li>', block) == [
        ("line", REAL, "real photos"),
        ("line", NOISE, "uniform noise, measured"),
        ("dashed", REFERENCE, "uniform noise, exact (256 − |d|)/65,536"),
    ]
    assert "How much neighbouring pixels differ" in block and "share of neighbour pairs (log)" in block


def test_each_spectrum_point_stands_where_its_log_log_values_put_it(batches):
    noise, real = (stats.radial_power_spectrum(x) for x in batches)
    block = charts.spectrum_plot(noise, real)
    lowest = min(float(s.frequency[s.frequency > 0].min()) for s in (noise, real))
    values = np.concatenate([np.concatenate([s.power, s.fit_line()]) for s in (noise, real)])
    bottom, top = 10.0 ** math.floor(math.log10(values.min())), 10.0 ** math.ceil(math.log10(values.max()))
    dots = DOT.findall(block)
    assert len(dots) == len(noise.frequency) + len(real.frequency) == 32
    for (title, left, up), (name, spectrum, i) in zip(
        dots,
        [
            (n, s, i)
            for n, s in (("uniform noise", noise), ("real photos", real))
            for i in range(len(s.power))
        ],
    ):
        f, p = float(spectrum.frequency[i]), float(spectrum.power[i])
        assert title == f"{name}: detail {f:.3f}, strength {p:,.0f}"
        assert float(left) == pytest.approx(by_hand_log(f, lowest, 0.5) * 100, abs=0.005)
        assert float(up) == pytest.approx(by_hand_log(p, bottom, top) * 100, abs=0.005)
    assert labels(block, "left")[-1] == ("0.5", 100.0, False)  # the finest detail a grid holds ends the axis
    y = labels(block, "bottom")
    assert [w for w, _, _ in y] == [
        f"{10**k:,}" for k in range(round(math.log10(bottom)), round(math.log10(top)) + 1)
    ]
    # Each images' line, then the fitted ones dashed grey on top.
    _, *lines = strokes(block)
    assert [(s["colour"], s["dash"]) for s in lines] == [
        (NOISE, ""),
        (REAL, ""),
        (REFERENCE, "4 3"),
        (REFERENCE, "4 3"),
    ]
    fitted = lines[3]["runs"][0]
    shares = 1 - fitted[:, 1] / 1000
    assert 10 ** (math.log10(bottom) + shares * (math.log10(top) - math.log10(bottom))) == pytest.approx(
        real.fit_line(), rel=2e-3
    )


def test_the_spectrum_legend_names_each_slope_in_plain_words_with_a_true_minus(batches):
    noise, real = (stats.radial_power_spectrum(x) for x in batches)
    flat = dataclasses.replace(noise, slope=-0.001)  # "−0.00" would claim a direction
    block = charts.spectrum_plot(flat, dataclasses.replace(real, slope=-2.0))
    assert re.findall(r"</i>([^<]*)</li>", block) == [
        "uniform noise (slope 0.00)",
        "real photos (slope −2.00)",
        charts.FITTED_LABEL,
    ]
    assert re.findall(r'class="key (\w+)" style="--c: (#\w+)"', block) == [
        ("point", NOISE),
        ("point", REAL),
        ("dashed", REFERENCE),
    ]


def test_a_wide_spectrum_leaves_out_its_2s_on_a_narrow_plot():
    """A 512-px view's x axis runs from 0.002 to 0.5: eight labels, which touch on a phone."""
    rng = np.random.default_rng(3)
    wide = stats.radial_power_spectrum(rng.integers(0, 256, (1, 512, 512), dtype=np.uint8))
    x = labels(charts.spectrum_plot(wide, wide), "left")
    assert [w for w, _, _ in x] == ["0.005", "0.01", "0.02", "0.05", "0.1", "0.2", "0.5"]
    assert [w for w, _, minor in x if minor] == ["0.02", "0.2"]


@pytest.mark.parametrize("build", ["spectrum_plot", "difference_plot"])
def test_presenting_plots_are_taller_with_a_projector_s_type(batches, build):
    noise, real = batches
    args = (
        [stats.radial_power_spectrum(x) for x in (noise, real)]
        if build == "spectrum_plot"
        else [stats.neighbour_difference_histogram(x) for x in (noise, real)]
    )
    normal, presenting = (getattr(charts, build)(*args, presenting=p) for p in (False, True))
    assert 'style="--type: 12px; --plot: 300px"' in normal and 'class="html-plot"' in normal
    assert (
        'style="--type: 22px; --plot: 480px"' in presenting and 'class="html-plot presenting"' in presenting
    )


def test_polyline_breaks_log_scale_and_labels():
    log = plot.Scale(1e-5, 1, log=True)
    assert log.share([1e-4, 0.0]).tolist()[0] == pytest.approx(0.2) and math.isnan(log.share([0.0])[0])
    assert plot_lines.polyline_path([0, 0.5, 1], log.share([1e-5, 0, 1])) == "M0 1000 0 1000M1000 0 1000 0"
    assert plot.decades(0.5, 5.0) == plot.Scale(0.1, 10.0, log=True)
    assert plot.decades(100.0, 100.0) == plot.Scale(100.0, 1000.0, log=True)  # never an empty axis
    assert [plot.number_label(v) for v in (1e-12, 5461.0, -50.0)] == ["0.000000000001", "5,461", "−50"]
    with pytest.raises(ValueError, match="low < high"):
        plot.Scale(1, 1)
