"""Random images' diffusion path (lib.charts.sampling) and the thinness study's dimension plot
(lib.charts.thinness), drawn as the page's own HTML, read back from it (no Streamlit); the
captions. The statistics' plots: tests/test_sampling_plots.py; the variance plot:
tests/test_intrinsic_dimension.py; the marks they share: tests/test_html_marks.py."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from below_the_draw_reading import diffusion_plot, read

from lib import sampling_text as words
from lib import statistics as stats
from lib.charts import NOISE, PRESENTING_FONT_PX, REAL, REFERENCE
from lib.charts import sampling as charts
from lib.intrinsic_dimension import PatchStudy
from lib.notation import signed
from lib.photo_corpus import load_corpus, uniform_noise
from lib.real_samples import random_crops


@pytest.fixture(scope="module")
def batches():
    noise = uniform_noise(8, 32, seed=1)
    real = random_crops(load_corpus(), 32, 8, seed=1).images
    return noise, real


def diffusion(batches, presenting: bool) -> dict:
    noise, real = batches
    return diffusion_plot(
        charts.diffusion_plot([0, 100], np.stack([real[0], noise[0]]), presenting=presenting)
    )


def test_heights_and_type_follow_presentation_mode(batches):
    """On a projector the plot is 1.6× as tall and every word at the projector's 22 px (18 px
    read as 12–14 px in the review's screenshots beside 28-px body text at 1920); the frames
    may grow to twice the size (review 11, Presenting-1)."""
    normal, presenting = diffusion(batches, False), diffusion(batches, True)
    assert (normal["height"], presenting["height"]) == (300, 480)
    assert (normal["type"], presenting["type"]) == (12, PRESENTING_FONT_PX) and "presenting" in presenting[
        "classes"
    ]
    noise, real = batches
    frames = np.stack([real[0], noise[0]])
    for presented, largest in ((False, 96), (True, 192)):  # the widest frame the style draws
        widths = [int(w) for w in re.findall(r"img \{ width: (\d+)px", charts.frames_style(32, 2, presented))]
        assert max(widths) == largest, widths
    block = charts.diffusion_plot([0, 100], frames, presenting=True)
    assert block.startswith("<style>") and charts.frames_style(32, 2, True) in block


def test_diffusion_plot_has_two_axes_one_point_per_frame_and_each_frame_exact():
    frames = uniform_noise(3, 16, seed=2)
    plot = read(charts.diffusion_plot([0, 50, 1000], frames).split("</style>", 1)[1])
    # The steps are evenly spaced categories, said so; each at the middle of its third of the axis.
    assert [w for w, _, _ in plot["x"]] == ["0", "50", "1000"] and not any(minor for *_, minor in plot["x"])
    np.testing.assert_allclose([at for _, at, _ in plot["x"]], [1 / 6, 0.5, 5 / 6], atol=1e-4)
    assert "not to scale" in plot["x title"]
    assert plot["y title"] == "neighbour correlation"
    assert plot["y2 title"] == "how fast detail fades: slope (dashed)"  # review 11 (Jargon-1): no "spectral"
    assert [w for w, _, _ in plot["y"]][:3] == ["−0.2", "−0.1", "0.0"] and plot["y"][-1] == (
        "1.0",
        1.0,
        False,
    )
    assert plot["y2"][0] == ("−4.0", 0.0, False) and plot["y2"][-1] == ("0.5", 1.0, False)
    assert len(plot["y2"]) == 10 and not plot["legend"]  # the axes' titles name the lines, in their colours
    # The two statistics of each frame, at its step's x, on their own axes, with their values on hover.
    correlation = stats.adjacent_pixel_correlations(frames).mean
    slope = [stats.radial_power_spectrum(f).slope for f in frames]
    left, right = plot["groups"]
    assert left["colour"] == charts.CORRELATION_COLOUR and right["colour"] == charts.SLOPE_COLOUR
    for (title, x, y), t, c, share in zip(left["points"], (0, 50, 1000), correlation, (1 / 6, 0.5, 5 / 6)):
        assert title == f"t = {t}: neighbour correlation {signed(c, 3)}"
        assert x == pytest.approx(share, abs=1e-4) and y == pytest.approx((c + 0.2) / 1.2, abs=1e-4)
    for (title, x, y), (_, x_left, _), t, s in zip(right["points"], left["points"], (0, 50, 1000), slope):
        assert title == f"t = {t}: slope {signed(s, 2)}" and y == pytest.approx((s + 4) / 4.5, abs=1e-4)
        assert x == x_left
    grid, correlation_line, slope_line = plot["strokes"]
    assert grid["colour"] == "#e6e9ef" and grid["d"].count("H") == 13  # one a left tick, none vertical
    assert correlation_line["colour"] == charts.CORRELATION_COLOUR and correlation_line["dash"] == ""
    # Dashed 6 on, 3 off as Vega drew it: each round cap adds half the width at both ends.
    assert (
        slope_line["colour"] == charts.SLOPE_COLOUR
        and slope_line["dash"] == "4 5"
        and slope_line["width"] == 2
    )
    expected = [(round(1000 * x, 1), round(1000 * (1 - y), 1)) for _, x, y in left["points"]]
    np.testing.assert_allclose(correlation_line["points"], expected, atol=0.1)
    # Colours that do not mean "photos" or "noise".
    assert {charts.CORRELATION_COLOUR, charts.SLOPE_COLOUR}.isdisjoint({REAL, NOISE})
    # Each frame titled with its step, in its step's column, its PNG the frame's exact pixels
    # (never smoothed: the style).
    assert [(alt, caption) for alt, _, caption in plot["frames"]] == [
        ("the photo at step t = 0", "t = 0"),
        ("the photo at step t = 50", "t = 50"),
        ("the photo at step t = 1000", "t = 1000"),
    ]
    assert all(
        f".plot-frames > div:nth-child({i}) {{ grid-column: {i}; }}" in charts.frames_style(16, 3, False)
        for i in (1, 2, 3)
    )
    assert all(np.array_equal(png, frame) for (_, png, _), frame in zip(plot["frames"], frames, strict=True))
    assert "image-rendering: pixelated" in charts.frames_style(16, 3, False)
    said = plot["label"]  # what a screen reader says: both statistics, where they start and end
    assert f"(left axis) from {signed(correlation[0], 2)} to {signed(correlation[-1], 2)}" in said
    assert f"(right axis, dashed), from {signed(slope[0], 2)} to {signed(slope[-1], 2)}" in said
    with pytest.raises(ValueError, match="one frame"):
        charts.diffusion_plot([0, 50], frames)


def vega_factor(width: float, side: int, count: int, most: int, gap: int = 4) -> tuple[int, int]:
    """The Vega chart's frames at a plot ``width``: its rows and factor, from its expressions."""
    step = width / count
    rows = 1 if step >= 2 * side + gap else 2
    return rows, max(1, min(most // side, math.floor((rows * step - gap) / side)))


@pytest.mark.parametrize(("side", "count", "most"), [(32, 8, 96), (32, 8, 192), (16, 3, 96), (64, 8, 96)])
def test_frames_take_the_size_and_rows_the_vega_chart_gave_them_at_every_width(side, count, most):
    """Frames take one row while 2× fits there; narrower, they take turns on two rows (each
    with twice the room): the same rows and factor as the Vega chart's at every plot width."""
    sizes = charts.frame_sizes(side, count, most)
    for width in range(1, 2400):
        least, rows, factor = [s for s in sizes if s[0] <= width][-1]
        assert (rows, factor) == vega_factor(width, side, count, most), width
    style = charts.frames_style(side, count, most > charts.FRAME_MAX_PX)
    for least, rows, factor in sizes[1:]:
        size = (
            f"{{ .diffusion-plot .plot-frames img {{ width: {factor * side}px; height: {factor * side}px; }}"
        )
        turns = "div:nth-child(odd) { grid-row: 2; }" if rows == 2 else "div:nth-child(n) { grid-row: 1; }"
        rule = style.split(f"@container (min-width: {least:g}px) ", 1)[1].split("@", 1)[0]
        assert rule.startswith(size) and turns in rule, rule
    # On a phone, apart from the plot: across the figure, four a row, titled, each at 2× where it fits.
    phone = style.split(f"@media (max-width: {charts.FRAMES_APART_PX}px) ", 1)[1]
    assert phone.startswith(
        "{ .diffusion-plot .plot-frames { grid-column: 1 / -1; grid-template-columns: repeat(4,"
    )
    assert f"width: max(round(down, min(100%, {2 * side}px), {side}px), {side}px)" in phone
    assert (
        "span { display: block;" in phone and "div:nth-child(n) { grid-row: auto; grid-column: auto;" in phone
    )


def test_captions_quote_the_numbers(batches):
    noise, real = batches
    spectra = [stats.radial_power_spectrum(x) for x in (noise, real)]
    assert signed(spectra[1].slope, 2) in words.spectrum_caption(*spectra)
    hists = [stats.neighbour_difference_histogram(x) for x in (noise, real)]
    assert "bell curve" in words.difference_caption(*hists)


def test_the_dimension_plot_draws_the_true_dimensions_and_tells_the_photo_lines_apart():
    """Review 9: the caption says noise "truly has 64 and 256 dimensions", but the axis stopped
    at 90 with neither drawn, and the 8×8 and 16×16 photo lines lay on each other. Now 64 is a
    labelled grey line inside the axis, 256 a note at its top edge, and each patch size has its
    own marker shape (hollow, so one shows through the other) as well as its dash."""
    from lib.charts import thinness

    estimates = {8: np.array([[6.0, 5.0]]), 16: np.array([[7.0, 5.5]])}
    studies = [PatchStudy("photos", n, 100, (5, 10), e) for n, e in estimates.items()]
    studies += [PatchStudy("noise", n, 100, (5, 10), 8 * e) for n, e in estimates.items()]
    plot = read(thinness.dimension_plot(studies))
    hollow = [(g["classes"], g["colour"]) for g in plot["groups"] if "hollow" in g["classes"]]
    assert hollow == [
        (["dots", "hollow", "circle"], REAL),
        (["dots", "hollow", "square"], REAL),
        (["dots", "hollow", "circle"], NOISE),
        (["dots", "hollow", "square"], NOISE),
    ]
    assert float(plot["y"][-1][0]) >= 64 and plot["y"][-1][1] == 1.0
    top = float(plot["y"][-1][0])
    rule = [s for s in plot["strokes"] if s["colour"] == REFERENCE]
    assert (
        len(rule) == 1 and rule[0]["dash"] == "1 3" and rule[0]["width"] == 1
    )  # dotted 2 on, 2 off: round caps
    level = 1000 * (1 - 64 / top)
    np.testing.assert_allclose(rule[0]["points"], [(0, level), (1000, level)], atol=0.1)
    assert plot["levels"] == [
        ("true dimension of 8×8 noise: 64", pytest.approx(64 / top, abs=1e-4)),
        ("16×16 noise truly has 256: far above ↑", 1.0),
    ]
    assert "16×16 noise truly has 256" in plot["label"] and "8×8 noise truly has 64" in plot["label"]
