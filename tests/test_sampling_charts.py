"""Random images' Vega-Lite charts (the diffusion path, lib.charts.sampling; the dimension
chart, lib.charts.thinness), checked on the dictionaries they return (no Streamlit), and its
captions. The statistics' plots are the page's own HTML: tests/test_sampling_plots.py."""

from __future__ import annotations

import base64
import io
import math
import re

import numpy as np
import pytest
from PIL import Image

from lib import sampling_text as words
from lib import statistics as stats
from lib.charts import NOISE, REAL
from lib.charts import sampling as charts
from lib.photo_corpus import load_corpus, uniform_noise
from lib.real_samples import random_crops


@pytest.fixture(scope="module")
def batches():
    noise = uniform_noise(8, 32, seed=1)
    real = random_crops(load_corpus(), 32, 8, seed=1).images
    return noise, real


def diffusion(batches, presenting: bool) -> dict:
    noise, real = batches
    return charts.diffusion_chart([0, 100], np.stack([real[0], noise[0]]), presenting=presenting)


def test_heights_follow_presentation_mode_and_titles_are_never_clipped(batches):
    normal, presenting = diffusion(batches, False), diffusion(batches, True)
    assert presenting["height"] > normal["height"] >= 100
    assert normal["config"]["axis"]["titleLimit"] == 0 and normal["config"]["legend"]["labelLimit"] == 0
    assert presenting["config"]["axis"]["titleFontSize"] > normal["config"]["axis"]["titleFontSize"]


def test_diffusion_chart_has_two_axes_one_point_per_frame_and_each_frame_exact():
    frames = uniform_noise(3, 16, seed=2)
    spec = charts.diffusion_chart([0, 50, 1000], frames)
    lines, *pictures = spec["layer"]
    assert lines["resolve"]["scale"]["y"] == "independent"
    left, right = lines["layer"]
    assert left["encoding"]["x"]["type"] == "ordinal"
    assert left["encoding"]["y"]["field"] == "correlation" and right["encoding"]["y"]["field"] == "slope"
    assert right["encoding"]["y"]["axis"]["orient"] == "right"

    # Review 11 (Presenting-1): presenting, a frame may grow to twice the size (96 -> 192 px for
    # a 16-px frame on a 1920-px projector's plot), worked out as Vega would at a plot width.
    def drawn(spec: dict, width: float) -> float:
        expr = spec["layer"][1]["mark"]["width"]["expr"]
        names = {"width": width, "max": max, "min": min, "floor": math.floor}
        python = re.sub(r"\(([^()?]+) \? ([^():]+) : ([^()]+)\)", r"(\2 if \1 else \3)", expr)
        return eval(python, {"__builtins__": {}}, names)

    big = charts.diffusion_chart([0, 50, 1000], frames, presenting=True)
    assert drawn(spec, 1700) == charts.FRAME_MAX_PX and drawn(big, 1700) == 2 * charts.FRAME_MAX_PX
    assert drawn(big, 150) == drawn(spec, 150) < charts.FRAME_MAX_PX  # a narrow plot: as before
    # Review 11 (Jargon-1): the slope's axis in plain words, not "spectral slope".
    assert right["encoding"]["y"]["title"] == "how fast detail fades: slope (dashed)"
    # Evenly spaced steps, said so; the lines in colours that do not mean "photos" or "noise".
    assert "not to scale" in left["encoding"]["x"]["title"]
    colours = {left["mark"]["color"], right["mark"]["color"], left["mark"]["point"]["color"]}
    assert colours.isdisjoint({REAL, NOISE}) and left["mark"]["color"] != right["mark"]["color"]
    path = spec["datasets"][spec["data"]["name"]]
    assert len(path) == 3
    # Each frame on the same x as its points, its PNG the frame's exact pixels, never smoothed.
    assert all(p["encoding"]["x"] == left["encoding"]["x"] and p["mark"]["smooth"] is False for p in pictures)
    # None in a phone's window, where the page shows them apart (test_sampling_browser).
    assert all(f"> {charts.FRAMES_APART_PX}" in p["transform"][-1]["filter"] for p in pictures)
    for row, frame in zip(path, frames, strict=True):
        png = base64.b64decode(row["frame"].removeprefix("data:image/png;base64,"))
        assert np.array_equal(np.asarray(Image.open(io.BytesIO(png))), frame)


def test_captions_quote_the_numbers(batches):
    noise, real = batches
    spectra = [stats.radial_power_spectrum(x) for x in (noise, real)]
    assert words.signed(spectra[1].slope, 2) in words.spectrum_caption(*spectra)
    hists = [stats.neighbour_difference_histogram(x) for x in (noise, real)]
    assert "bell curve" in words.difference_caption(*hists)


def test_presented_chart_type_reads_from_the_back_of_the_room(batches):
    """On a projector every axis and legend label is 22 px (18 px looked 12–14 px in the
    review's screenshots beside 28-px body text at 1920); test_sampling_browser.py measures
    what Chromium draws."""
    config = diffusion(batches, True)["config"]
    sizes = [
        config["axis"]["labelFontSize"],
        config["axis"]["titleFontSize"],
        config["legend"]["labelFontSize"],
    ]
    assert min(sizes) >= 20 and min(sizes) == charts.PRESENTING_FONT_PX, sizes


def test_the_dimension_chart_draws_the_true_dimensions_and_tells_the_photo_lines_apart():
    """Review 9: the caption says noise "truly has 64 and 256 dimensions", but the axis stopped
    at 90 with neither drawn, and the 8×8 and 16×16 photo lines lay on each other. Now 64 is a
    labelled grey line inside the axis, 256 a note at its top edge, and each patch size has its
    own point shape (hollow, so one shows through the other) as well as its dash."""
    from lib.charts import thinness
    from lib.intrinsic_dimension import PatchStudy

    estimates = {8: np.array([[6.0, 5.0]]), 16: np.array([[7.0, 5.5]])}
    studies = [PatchStudy("photos", n, 100, (5, 10), e) for n, e in estimates.items()]
    studies += [PatchStudy("noise", n, 100, (5, 10), 8 * e) for n, e in estimates.items()]
    spec = thinness.dimension_chart(studies)
    line = spec["layer"][1]
    assert line["encoding"]["shape"]["scale"]["range"] == ["circle", "square", "circle", "square"]
    assert line["mark"]["point"]["filled"] is False
    assert line["encoding"]["y"]["scale"]["domain"][1] >= 64
    rules = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    assert [r["value"] for r in spec["datasets"][rules[0]["data"]["name"]]] == [64]
    labels = [r["label"] for r in spec["datasets"]["truth-labels"]]
    assert labels == ["true dimension of 8×8 noise: 64", "16×16 noise truly has 256: far above ↑"]
