"""The Learning page's Vega-Lite charts (histograms, published records), read on the dictionaries
they return, and its other parts (samples, cards, captions; no Streamlit). The ladder is the
page's own HTML: tests/test_learning_ladder.py."""

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


def test_presenting_charts_write_text_a_room_can_read():
    """Beside ~28-px body text on a projector, no chart text under 18 px (12-14 px were measured)."""
    flat = np.full(256, 1 / 256)
    for spec in (
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
