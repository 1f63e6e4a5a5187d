"""The Learning page's chart builders, read on the Vega-Lite dictionaries they return (no Streamlit)."""

from __future__ import annotations

import html

import numpy as np
import pytest

from lib import density as dm
from lib import learning_parts
from lib import learning_view as text
from lib import reference_figures as ref
from lib.charts import learning as charts
from lib.charts import learning_cards
from lib.learning_sheets import sample_rows
from lib.reference_figures import CIFAR10_CHART


@pytest.fixture(scope="module")
def ladder() -> dm.LadderResult:
    rng = np.random.default_rng(0)
    noise = rng.integers(0, 256, (700, 16), dtype=np.uint8)
    return dm.fit_ladder(noise[:300], noise[300:500], 4, 1, samples=6, fresh=noise[500:])


def test_ladder_chart_is_as_tall_as_its_rows_and_never_clips(ladder):
    """Review 11, Learning-0: presenting, the chart filled 58% of the screen's height, so at
    1280×720 each row got 29 px and its markers touched the next row's. Each row has its own
    height in both modes, and the presenting legend takes two columns (three were cut off)."""
    normal = charts.ladder_chart(ladder)
    presenting = charts.ladder_chart(ladder, presenting=True)
    for spec, mode in ((normal, False), (presenting, True)):
        rows = len(ladder.rungs) + 2  # every rung, then PNG and WebP
        assert spec["height"] == charts.ROW_PX[mode] * rows
        assert spec["autosize"]["type"] == "fit-x"
        # A row holds its markers (a shift and half a marker each way) and 4 px clear.
        assert charts.ROW_PX[mode] >= 2 * charts.SHIFT[mode] + charts.MARKER[mode] ** 0.5 + 4
    for spec, size in ((normal, charts.TEXT_PX), (presenting, 22)):
        assert spec["config"]["axis"]["titleLimit"] == 0 and spec["config"]["axis"]["labelLimit"] == 0
        assert spec["config"]["axis"]["labelFontSize"] == size
        legend = spec["config"]["legend"]
        assert legend["orient"] == "top" and legend["labelLimit"] == 0  # above the plot, whole
    assert presenting["config"]["legend"]["columns"] == 2 and normal["config"]["legend"]["columns"] == 1


def figures_layer(spec: dict) -> dict:
    (layer,) = [layer for layer in spec["layer"] if layer.get("mark", {}).get("type") == "text"]
    return layer


def test_figures_stand_in_a_column_right_of_the_plot_and_the_axis_follows_the_data(ladder):
    """Review 11, Learning-0 and 1: a figure above its circle sat on the row above's markers;
    from 0, a phone's points crowded the plot's right 45%. Each held-out figure is written
    once, right of the plot in its row's middle; the axis spans the data, in one spec for
    every fit (no domain written into it), and on a narrow window a name breaks in two."""
    for presenting in (False, True):
        spec = charts.ladder_chart(ladder, presenting=presenting)
        figures = figures_layer(spec)
        # The plot's right edge: no marker and no 8-bit line runs through a figure.
        assert figures["encoding"]["x"] == {"value": "width"}
        assert figures["mark"]["align"] == "left" and figures["mark"]["dx"] > 0
        assert figures["mark"]["baseline"] == "middle" and "dy" not in figures["mark"]
        assert figures["transform"][0]["filter"]["oneOf"] == [charts.HELD_OUT, charts.PNG, charts.WEBP]
        group, _ = markers(spec)
        scale = group["encoding"]["x"]["scale"]
        assert scale["zero"] is False and "domain" not in scale and "domainMin" not in scale
        names = group["encoding"]["y"]["axis"]["labelExpr"]
        assert f"windowSize()[0] + 0 * width < {charts.NARROW_PX}" in names


def markers(spec: dict) -> tuple[dict, list[dict]]:
    """The ladder's layer of markers (its shared encoding) and its point layers, in drawing order."""
    (group,) = [layer for layer in spec["layer"] if "shape" in layer.get("encoding", {})]
    assert all(layer["mark"]["type"] == "point" for layer in group["layer"])
    return group, group["layer"]


def test_ladder_chart_has_one_legend_for_colour_and_shape(ladder):
    """Fill, outline and shape share their legend settings and scales: one legend, no
    "Conflicting legend property" warning."""
    group, dots = markers(charts.ladder_chart(ladder))
    look = group["encoding"]
    assert look["fill"]["legend"] == look["stroke"]["legend"] == look["shape"]["legend"]
    assert all(look[c]["scale"]["domain"] == list(charts.SERIES) for c in ("fill", "stroke", "shape"))
    assert all("encoding" not in layer for layer in dots)  # the four share the group's
    points = charts.ladder_rows(ladder)
    assert {p["series"] for p in points} == {
        charts.HELD_OUT,
        charts.FRESH,
        charts.TRAINING,
        charts.PNG,
        charts.WEBP,
    }


def test_no_marker_hides_another_and_held_out_is_on_top(ladder):
    """Finding 18 of review 9: at uniform (all three at 8) the held-out circle was covered.
    The held-out circle is the last marker drawn, in its row's middle; fresh and training
    patches are hollow, one above it and one below, far enough apart not to overlap; the
    markers are larger on a projector."""
    for presenting in (False, True):
        spec = charts.ladder_chart(ladder, presenting=presenting)
        _, dots = markers(spec)

        def drawn(series: str, dots: list[dict] = dots) -> dict:
            return next(layer for layer in dots if series in layer["transform"][0]["filter"]["oneOf"])

        assert len(dots) == 4 and dots[-1] is drawn(charts.HELD_OUT) and "yOffset" not in dots[-1]["mark"]
        fills = dict(zip(charts.SERIES, charts.SERIES_FILLS, strict=True))
        assert fills[charts.HELD_OUT] == charts.BLUE
        assert fills[charts.FRESH] == fills[charts.TRAINING] == "transparent"
        above, below = drawn(charts.FRESH)["mark"]["yOffset"], drawn(charts.TRAINING)["mark"]["yOffset"]
        point = spec["config"]["point"]
        side = point["size"] ** 0.5  # a circle's diameter, in pixels
        assert point["filled"] and point["size"] == charts.MARKER[presenting]
        assert above < 0 < below and below - above >= side  # the two hollow ones never touch
        assert side >= (20 if presenting else 14)


def test_ladder_figures_have_the_cards_rounding_and_say_so(ladder):
    """Finding 2 of review 9: the chart said 5.02 where the cards a screen lower say 5.024.
    Every figure drawn on the ladder has the cards' 3 decimals, and the axis title says so."""
    spec = charts.ladder_chart(ladder)
    group, _ = markers(spec)
    formats = {
        channel.get("format")
        for layer in spec["layer"]
        for channel in [
            layer.get("encoding", {}).get("text", {}),
            *layer.get("encoding", {}).get("tooltip", []),
        ]
        if channel.get("field") == "bits/dim"
    }
    assert formats == {".3f"}
    assert "figures at the right: held out, to 3 decimals" in group["encoding"]["x"]["title"]
    rung = ladder.rungs[0]
    assert f"{rung.bits_per_dim:.3f} bits per value" in learning_cards.rung_cards(ladder)


def test_published_records_and_histograms_follow_the_mode():
    for presenting in (False, True):
        spec = charts.published_chart(CIFAR10_CHART, presenting=presenting)
        assert spec["height"] == (352 if presenting else 220)
        flat = np.full(256, 1 / 256)
        hist = charts.histogram_chart(flat, flat, "a", "b", presenting=presenting)
        assert hist["height"] == (384 if presenting else 240)


def test_sample_rows_are_pixel_exact_strips(ladder):
    """Each strip at the patches' own size, one white pixel between them (the page enlarges it)."""
    rows = sample_rows(ladder, count=6)
    assert rows[0][0] == "real patches from the held-out photos"
    assert rows[-1][0] == "uniform: noise"
    strip = rows[0][1]
    assert strip.dtype == np.uint8 and strip.shape == (4, 6 * 4 + 5)
    assert np.array_equal(strip[:, :4], ladder.real_examples[0].reshape(4, 4))
    assert (strip[:, 4] == 255).all()


def _same(a, b) -> bool:
    """Deep equality of a page's built parts (arrays by value)."""
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and np.array_equal(a, b)
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    return a == b


def test_the_same_view_draws_the_same_pixels_however_long_the_fit_took():
    """Same URL, same pixels: what the page draws from a study depends on no measured time
    (the cards once printed "fitted in 0.63 s", a figure that changes from run to run)."""
    from dataclasses import replace

    rng = np.random.default_rng(1)
    photos = [rng.integers(0, 256, (24, 24, 3), dtype=np.uint8) for _ in range(3)]
    study = dm.run_study(photos, ["a", "b", "c"], ["c"], size=4, train_count=500)
    slower = replace(
        study,
        seconds=study.seconds + 7.25,
        ladder=replace(
            study.ladder,
            rungs=tuple(
                replace(r, fit_seconds=r.fit_seconds + 1.25, score_seconds=r.score_seconds + 2.5)
                for r in study.ladder.rungs
            ),
        ),
    )
    assert _same(learning_parts.page_parts(study), learning_parts.page_parts(slower))


@pytest.fixture(scope="module")
def tinted_study() -> dm.Study:
    """5×5 RGB patches (75 values: no mixture) of photos made of flat blocks of random colour."""
    rng = np.random.default_rng(2)
    photos = [
        np.kron(rng.integers(0, 256, (8, 8, 3)), np.ones((10, 10, 1))).astype(np.uint8) for _ in range(3)
    ]
    return dm.run_study(photos, ["a", "b", "c"], ["c"], size=5, channels=3, train_count=500)


def test_cards_at_a_shape_without_the_mixture_say_why_and_leave_no_card_alone(tinted_study):
    ladder = tinted_study.ladder
    assert all(r.name != "Gaussian mixture" for r in ladder.rungs)
    cards = learning_cards.rung_cards(ladder)
    models, files = cards.split('<div class="codec-cards">')
    assert models.count('class="card"') == len(ladder.rungs) + 1 == 5  # three to a row: 3 + 2
    assert "<h4>Gaussian mixture</h4>" in models and "not fitted" in models
    assert html.escape(dm.mixture_left_out(ladder.dims, ladder.train_count)) in models
    assert files.count('class="card"') == 2  # PNG and WebP side by side
    # The codecs in a visitor's words; Pillow's settings stay in "How the scores are counted".
    assert html.escape(dm.PNG_IN_WORDS) in files and "optimize=True" not in cards
    assert "as small as it will go" in files and "optimize=True" in dm.HOW_COUNTED
    for method in ("compress", "quality", "entropy", dm.EXACT_DISCRETE, dm.DEQUANTISED_BOUND):
        assert method not in cards  # method words wait in "How the scores are counted"
    assert (
        dm.EXACT_DISCRETE.capitalize() in dm.HOW_COUNTED
        and dm.DEQUANTISED_BOUND.capitalize() in dm.HOW_COUNTED
    )
    assert "No row of samples for the Gaussian mixture" in text.samples_caption_html(tinted_study, 6)


def test_eigenvector_caption_follows_what_is_shown(tinted_study):
    caption = text.eigenvectors_caption(tinted_study)
    assert "smooth waves" not in caption
    assert "a flat tint (colour, no pattern)" in caption  # flat blocks of colour: tints lead


def test_dataset_cards_count_bytes_only_from_exact_counts():
    cards = learning_cards.dataset_cards([ref.IMAGENET_1K, ref.LAION_5B], [(224, 224)])
    assert f"({1_281_167 * 224 * 224 * 3:,} bytes)" in cards
    laion = cards.split("LAION-5B")[1]
    assert "bytes)" not in laion and "≈ 881 TB" in laion


def _font_sizes(node) -> list[int]:
    """Every font size a spec sets, anywhere in it."""
    if isinstance(node, dict):
        found = [v for k, v in node.items() if k.endswith("FontSize") or k == "fontSize"]
        return found + [s for v in node.values() for s in _font_sizes(v)]
    if isinstance(node, list):
        return [s for v in node for s in _font_sizes(v)]
    return []


def test_presenting_charts_write_text_a_room_can_read(ladder):
    """Beside ~28-px body text on a projector, no chart text under 18 px (12-14 px were measured)."""
    flat = np.full(256, 1 / 256)
    for spec in (
        charts.ladder_chart(ladder, presenting=True),
        charts.published_chart(CIFAR10_CHART, presenting=True),
        charts.histogram_chart(flat, flat, "a", "b", presenting=True),
    ):
        sizes = _font_sizes(spec)
        assert sizes and min(sizes) >= 18, sizes


def test_the_dataset_cards_are_built_once_for_every_view(tinted_study, monkeypatch):
    """The cards of whole datasets are the same for every view: a new view's parts reuse them
    instead of doing their big-number arithmetic again (~0.8 ms a new seed)."""
    learning_parts.priced_dataset_cards.cache_clear()
    built = []
    monkeypatch.setattr(learning_parts, "dataset_cards", lambda *a: built.append(a) or f"cards {len(built)}")
    first = learning_parts.page_parts(tinted_study)["datasets"]
    again = learning_parts.page_parts(tinted_study, presenting=True)["datasets"]
    assert len(built) == 1 and first == again == "cards 1"
    learning_parts.priced_dataset_cards.cache_clear()  # the real cards for the tests that follow
    monkeypatch.undo()
    names = [c.split("</h4>")[0] for c in learning_parts.priced_dataset_cards().split("<h4>")[1:]]
    assert names == [getattr(ref, n).name for n in learning_parts.PRICED_DATASETS]
