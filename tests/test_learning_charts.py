"""The Learning page's two plots under the ladder (the published records and the histograms, the
page's own HTML: lib.charts.learning), read back from their HTML and SVG and checked against
places worked out by hand, and its other parts (samples, cards, captions; no Streamlit). The
ladder is tests/test_learning_ladder.py's; the plots as drawn in Chromium, test_learning_browser.py's."""

from __future__ import annotations

import html

import numpy as np
import pytest
from learning_plots_reading import read_histogram, read_records

from lib import density as dm
from lib import learning_parts
from lib import learning_view as text
from lib import reference_figures as ref
from lib.charts import BLUE, GREEN, ORANGE, PRESENTING_FONT_PX, html_plot, learning_cards, learning_marks
from lib.charts import learning as charts
from lib.learning_sheets import sample_rows
from lib.reference_figures import CIFAR10_CHART


@pytest.fixture(scope="module")
def ladder() -> dm.LadderResult:
    rng = np.random.default_rng(0)
    noise = rng.integers(0, 256, (700, 16), dtype=np.uint8)
    return dm.fit_ladder(noise[:300], noise[300:500], 4, 1, samples=6, fresh=noise[500:])


def test_every_record_sits_where_the_scales_worked_out_by_hand_put_it():
    """Five records, 2016 to 2024 and 2.55 to 3.14 bits: x from 2015.5 to 2024.5 (9 years), y
    from 2.32 to 3.28 (ticks 2.4 to 3.2, a tenth of their span past each); each point there,
    with its model, year, figure, how it was counted and its source on hover, the line through
    the very same places, and the name of each beside it."""
    records = read_records(charts.published_plot(CIFAR10_CHART))
    assert len(records["points"]) == len(records["names"]) == len(CIFAR10_CHART) == 5
    for r, (title, x, y), name, (line_x, line_y) in zip(
        CIFAR10_CHART, records["points"], records["names"], records["drawn"], strict=True
    ):
        by_hand = ((r.year - 2015.5) / 9, (r.bits_per_dim - 2.32) / 0.96)
        assert (x, y) == pytest.approx(by_hand, abs=6e-5)  # to 2 decimals of a percent
        assert (line_x, line_y) == pytest.approx(by_hand, abs=5e-4)
        assert title.startswith(f"{r.model} ({r.year}): {r.bits_per_dim:.2f} bits per value, {r.kind}")
        assert title.endswith(r.citation) and (not r.note or f", {r.note}. " in title)
        assert name["words"] == f"{r.model} ({r.year})"
        # Right of and above a point in the plot's left half, left of and below one in its right
        # half (the line falls: it runs clear of both), never more room than its side has.
        assert name["before"] == (x > 0.5)
        if name["before"]:
            assert (name["x"], name["y"], name["room"]) == pytest.approx(
                (1 - by_hand[0], 1 - by_hand[1], by_hand[0]), abs=6e-5
            )
        else:
            assert (name["x"], name["y"], name["room"]) == pytest.approx((*by_hand, 1 - by_hand[0]), abs=6e-5)
    assert records["line"]["colour"] == GREEN and records["line"]["width"] == 2
    plot = records["plot"]
    assert [w for w, _, _ in plot.x] == [str(year) for year in range(2016, 2025)]
    assert [w for w, _, minor in plot.x if minor] == ["2017", "2019", "2021", "2023"]  # left out on a phone
    assert [(w, round(at, 4)) for w, at, _ in plot.y] == [
        ("2.4", 0.0833),
        ("2.6", 0.2917),
        ("2.8", 0.5),
        ("3.0", 0.7083),
        ("3.2", 0.9167),
    ]
    assert plot.x_title == "year published" and plot.y_title == "bits per value on CIFAR-10 (32×32 RGB)"
    assert plot.legend == [] and "<figcaption" not in plot.figure  # one line, named by its points
    for r in CIFAR10_CHART:  # a screen reader hears every record
        assert f"{r.model} ({r.year}): {r.bits_per_dim:.2f}" in plot.label


def test_the_histograms_step_through_every_bin_at_its_share():
    """Each set's 256 shares as one stepped line (not a box a bin), bin v centred on v (the axis
    from -0.5 to 255.5), heights against a round top tick; both shares of each value on hover."""
    rng = np.random.default_rng(3)
    test, train = (rng.dirichlet(np.ones(256)) for _ in range(2))
    test[:10] = 0  # no values there: the line lies on 0, never a gap
    hist = read_histogram(charts.histogram_plot(test, train, "held-out photos (a, b)", "training photos (3)"))
    plot = hist["plot"]
    top = float(plot.y[-1][0])
    assert top >= max(test.max(), train.max()) * 100 > float(plot.y[-2][0])  # the first round tick above
    assert [round(at, 6) for _, at, _ in plot.y] == [
        round(i / (len(plot.y) - 1), 6) for i in range(len(plot.y))
    ]
    for line, shares, colour in zip(hist["lines"], (test, train), (BLUE, ORANGE), strict=True):
        assert line["colour"] == colour and line["width"] == 2 and len(line["heights"]) == 256
        assert line["heights"] == pytest.approx(shares * 100 / top, abs=6e-4)  # 0.1 of the SVG's 1000 units
    assert hist["titles"][0] == "value 0: held-out 0.000%, training " + f"{train[0] * 100:.3f}%"
    assert [t.split(":")[0] for t in hist["titles"]] == [f"value {v}" for v in range(256)]
    assert hist["titles"][200].endswith(f"{test[200] * 100:.3f}%, training {train[200] * 100:.3f}%")
    # A screen reader hears each set in full, with its most common value.
    for label, shares in (("held-out photos (a, b)", test), ("training photos (3)", train)):
        peak = int(np.argmax(shares))
        assert f"{label} " in hist["plot"].label
        assert f"most common value {peak} ({shares[peak] * 100:.3f}%)" in hist["plot"].label
    assert [w for w, _, _ in plot.x] == [str(v) for v in range(0, 251, 10)]
    assert [at for _, at, _ in plot.x] == pytest.approx(
        [(v + 0.5) / 256 for v in range(0, 251, 10)], abs=6e-5
    )
    assert [w for w, _, minor in plot.x if not minor] == ["0", "50", "100", "150", "200", "250"]
    assert len(plot.x) == 26
    # The grid: every labelled 50 across, every y tick along.
    assert hist["grid"]["d"].count("V1000") == 6 and hist["grid"]["d"].count("H1000") == len(plot.y)
    assert plot.legend == [("held-out photos (a, b)", BLUE), ("training photos (3)", ORANGE)]
    assert plot.x_title == "value (0 = black, 255 = white)" and plot.y_title == "share of all values (%)"
    assert plot.label.startswith("How often each value 0 to 255 occurs in both sets")
    with pytest.raises(ValueError, match="256 shares"):
        charts.histogram_plot(test[:255], train, "a", "b")


def test_both_plots_follow_the_mode():
    """Presenting: a projector's type and a plot 1.6× as tall (the Vega charts' 220 and 240 px
    high, 352 and 384), the histograms' lines and the records' line wider; a screen's otherwise."""
    flat = np.full(256, 1 / 256)
    for presenting, type_px, records_px, hist_px, width in (
        (False, 12, 220, 240, 2),
        (True, PRESENTING_FONT_PX, 352, 384, 3),
    ):
        records = read_records(charts.published_plot(CIFAR10_CHART, presenting=presenting))
        hist = read_histogram(charts.histogram_plot(flat, flat, "a", "b", presenting=presenting))
        for plot, height in ((records["plot"], records_px), (hist["plot"], hist_px)):
            assert (plot.type_px, plot.plot_px) == (type_px, height)
            assert ("presenting" in plot.classes.split()) == presenting
        assert [line["width"] for line in hist["lines"]] == [width, width]
        assert records["line"]["width"] == width


def test_hostile_words_stay_words():
    """Nothing in a label or a record reaches the page as markup (holdout names come from the
    corpus, but the builders escape whatever they are given)."""
    from dataclasses import replace

    hostile = '<img src=x onerror="alert(1)">'
    flat = np.full(256, 1 / 256)
    for block in (
        charts.histogram_plot(flat, flat, hostile, "b & c"),
        charts.published_plot(
            [replace(CIFAR10_CHART[0], model=hostile, citation=hostile), *CIFAR10_CHART[1:]]
        ),
    ):
        assert "<img src=x" not in block and 'onerror="alert' not in block
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in block
    hist = read_histogram(charts.histogram_plot(flat, flat, hostile, "b & c"))
    assert hist["plot"].legend[0][0] == hostile and hostile in hist["plot"].label


def test_round_ticks_and_steps_by_hand():
    assert html_plot.round_ticks(0, 1.49, 8) == (0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6)
    assert html_plot.round_ticks(0, 0.7, 8) == (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
    assert learning_marks.step_path([0.25, 0.25, 0.25, 0.25]) == "M0 750H1000"  # equal neighbours: one level
    assert learning_marks.step_path([0.0, float("nan"), 1.0]) == "M0 1000H666.7V0H1000"  # no gap


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
