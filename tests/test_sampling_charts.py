"""The Sampling page's chart builders, checked on the Vega-Lite dictionaries they return (no Streamlit)."""

from __future__ import annotations

import base64
import dataclasses
import io
import itertools
import math
import re
from types import SimpleNamespace

import numpy as np
import pytest
from PIL import Image

from lib import sampling_text as words
from lib import statistics as stats
from lib.charts import NOISE, REAL, REFERENCE
from lib.charts import sampling as charts
from lib.photo_corpus import load_corpus, uniform_noise
from lib.real_samples import random_crops


@pytest.fixture(scope="module")
def batches():
    noise = uniform_noise(8, 32, seed=1)
    real = random_crops(load_corpus(), 32, 8, seed=1).images
    return noise, real


def builders(batches):
    noise, real = batches
    spectra = [stats.radial_power_spectrum(x) for x in (noise, real)]
    hists = [stats.neighbour_difference_histogram(x) for x in (noise, real)]
    return {
        "spectrum": lambda p: charts.spectrum_chart(*spectra, presenting=p),
        "difference": lambda p: charts.difference_chart(*hists, presenting=p),
        "diffusion": lambda p: charts.diffusion_chart([0, 100], np.stack([real[0], noise[0]]), presenting=p),
    }


def encodings(spec: dict):
    """Every encoding dict of a (possibly layered) spec."""
    for layer in [spec, *spec.get("layer", [])]:
        if "encoding" in layer:
            yield layer["encoding"]


@pytest.mark.parametrize("name", ["spectrum", "difference", "diffusion"])
def test_heights_follow_presentation_mode_and_titles_are_never_clipped(batches, name):
    build = builders(batches)[name]
    normal, presenting = build(False), build(True)
    assert presenting["height"] > normal["height"] >= 100
    assert normal["config"]["axis"]["titleLimit"] == 0 and normal["config"]["legend"]["labelLimit"] == 0
    assert presenting["config"]["axis"]["titleFontSize"] > normal["config"]["axis"]["titleFontSize"]


@pytest.mark.parametrize("name", ["spectrum", "difference", "diffusion"])
def test_no_field_has_a_legend_both_disabled_and_enabled(batches, name):
    """Vega-Lite warns 'Conflicting legend property "disable"' when one channel of a field
    hides its legend and another shows it."""
    spec = builders(batches)[name](False)
    legends: dict[str, set[bool]] = {}
    for encoding in encodings(spec):
        for channel in ("color", "strokeDash", "shape", "opacity", "size"):
            if channel in encoding and "field" in encoding[channel]:
                hidden = "legend" in encoding[channel] and encoding[channel]["legend"] is None
                legends.setdefault(encoding[channel]["field"], set()).add(hidden)
    assert all(len(states) == 1 for states in legends.values()), legends


def test_colours_come_from_the_shared_palette(batches):
    spec = builders(batches)["difference"](False)
    scale = spec["layer"][0]["encoding"]["color"]["scale"]
    assert scale["range"] == [REAL, NOISE, REFERENCE]
    assert scale["domain"][-1] == charts.TRIANGLE_LABEL


def test_the_exact_triangle_is_drawn_on_top_dashed_and_sums_to_one(batches):
    spec = builders(batches)["difference"](False)
    top = spec["layer"][-1]
    assert top["mark"]["strokeDash"] and top["mark"]["strokeWidth"] >= 2
    # Drawn from a sequence and a formula (nothing sent): evaluate both as Vega would.
    sequence = top["data"]["sequence"]
    differences = np.arange(sequence["start"], sequence["stop"])
    formula, label = (step["calculate"] for step in top["transform"] if "calculate" in step)
    assert formula == charts.TRIANGLE_FORMULA and label == f"'{charts.TRIANGLE_LABEL}'"
    shares = [eval(formula, {"abs": abs}, {"datum": SimpleNamespace(difference=int(d))}) for d in differences]
    assert np.array_equal(shares, stats.uniform_noise_difference_pmf())  # exact, as in Python
    assert sum(shares) == 1.0


def test_spectrum_legend_names_each_slope_in_plain_words(batches):
    spec = builders(batches)["spectrum"](False)
    colour = spec["layer"][0]["encoding"]["color"]
    labels = sorted({row["label"] for row in spec["datasets"][spec["data"]["name"]]}, reverse=True)
    assert colour["sort"] == "descending" and colour["scale"]["range"] == [NOISE, REAL]  # noise first
    assert [label.split(" (")[0] for label in labels] == ["uniform noise", "real photos"]
    # Plain words (review 9): the slope, as the caption says it; how it is fitted is in its footnote.
    assert all(" (slope " in label and "fitted" not in label for label in labels)


def test_a_slope_that_rounds_to_zero_has_no_sign(batches):
    """Noise's fitted slope is near 0: "−0.00" would claim a direction the digits do not show."""
    noise, real = (stats.radial_power_spectrum(x) for x in batches)
    flat = dataclasses.replace(noise, slope=-0.001)
    spec = charts.spectrum_chart(flat, dataclasses.replace(real, slope=-2.0))
    labels = {row["label"] for row in spec["datasets"][spec["data"]["name"]]}
    assert labels == {"uniform noise (slope 0.00)", "real photos (slope −2.00)"}


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


def test_the_photos_line_breaks_at_empty_bins_instead_of_joining_them(batches):
    """A bin no neighbour pair fell in has no place on a log scale: it is a gap in its line
    (null, and a mark that breaks paths at nulls), where the line used to run straight
    across it, drawing differences that were never seen (~205 → 245 in the review)."""
    noise, _ = batches
    flat = np.repeat(np.arange(0, 256, 64, dtype=np.uint8), 8).reshape(4, 8)  # steps of 0 and 64 only
    hists = [stats.neighbour_difference_histogram(x) for x in (noise, flat)]
    spec = charts.difference_chart(*hists)
    measured = spec["layer"][0]
    assert measured["mark"]["invalid"] == "break-paths-show-domains"
    photo = [
        (r["difference"], r["share"])
        for r in spec["datasets"]["measured"]
        if r["series"] == charts.REAL_LABEL
    ]
    shares = dict(photo)
    assert shares[0] > 0 and shares[64] > 0 and shares[1] is None  # the line stops after 0
    # Wherever differences are skipped, the line has stopped first (one null a gap is sent).
    for (a, share), (b, _) in itertools.pairwise(sorted(photo)):
        assert b == a + 1 or share is None, (a, b, share)
    assert sum(share is None for _, share in photo) < 10  # not the whole of every gap


def test_a_new_draw_changes_the_difference_chart_s_rows_alone(batches):
    """Two draws of one view's shape give the same chart but for its rows: its y domain holds
    any share there can be (one pair of the total, up to 1), so the browser swaps the rows in
    and leaves the axis and the exact triangle as drawn (a domain following the data redrew them)."""
    noise, real = batches
    draws = [(noise, real), (uniform_noise(8, 32, seed=2), random_crops(load_corpus(), 32, 8, seed=2).images)]
    specs = [charts.difference_chart(*map(stats.neighbour_difference_histogram, draw)) for draw in draws]
    (a, b), rows = (
        ({k: v for k, v in s.items() if k != "datasets"} for s in specs),
        [s["datasets"] for s in specs],
    )
    assert a == b and rows[0] != rows[1]
    low, high = a["layer"][0]["encoding"]["y"]["scale"]["domain"]
    shares = [r["share"] for draw in rows for r in draw["measured"] if r["share"] is not None]
    assert low <= 1 / (8 * 32 * 31 * 2 * 3) <= min(shares) and max(shares) <= high == 1


def test_presented_chart_type_reads_from_the_back_of_the_room(batches):
    """On a projector every axis and legend label is 22 px (18 px looked 12–14 px in the
    review's screenshots beside 28-px body text at 1920); test_sampling_browser.py measures
    what Chromium draws."""
    for name, build in builders(batches).items():
        config = build(True)["config"]
        sizes = [
            config["axis"]["labelFontSize"],
            config["axis"]["titleFontSize"],
            config["legend"]["labelFontSize"],
        ]
        assert min(sizes) >= 20 and min(sizes) == charts.PRESENTING_FONT_PX, (name, sizes)


def test_spectrum_axes_end_at_the_data_with_one_tick_a_decade_and_both_charts_are_titled(batches):
    """Review 8: Vega's own log ticks came in touching pairs (200,000 over 100,000) and ran
    0.03/0.04/0.05 together, and the x axis ran to 1 though no frequency passes 0.5."""
    noise, real = batches
    spectra = [stats.radial_power_spectrum(x) for x in (noise, real)]
    spec = charts.spectrum_chart(*spectra)
    x, y = spec["layer"][0]["encoding"]["x"], spec["layer"][0]["encoding"]["y"]
    data = spec["datasets"][spec["data"]["name"]]
    assert x["scale"]["domainMax"] == 0.5 and x["scale"]["nice"] is False
    assert 0.45 < max(row["frequency"] for row in data) <= 0.5  # the data reach the end
    ratios = np.diff(np.log10(y["axis"]["values"]))
    assert np.allclose(ratios, 1)  # one tick a decade, no pairs
    assert min(y["axis"]["values"]) < min(row["power"] for row in data) / 10
    assert max(y["axis"]["values"]) > max(row["power"] for row in data) * 10
    xs = np.log10(x["axis"]["values"])
    assert np.diff(xs).min() >= np.log10(2) - 1e-9 and max(x["axis"]["values"]) == 0.5
    hists = [stats.neighbour_difference_histogram(x) for x in (noise, real)]
    difference = charts.difference_chart(*hists)
    for chart in (spec, difference):
        assert chart["title"]["text"] and chart["title"]["limit"] == 0
    shares = difference["layer"][0]["encoding"]["y"]["axis"]["values"]
    assert np.allclose(np.diff(np.log10(shares)), 1) and max(shares) == 1


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
