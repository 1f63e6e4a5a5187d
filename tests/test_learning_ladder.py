"""Memorise or model?'s ladder as the page's own HTML (lib.charts.ladder_plot), read back from
the text it returns: places against scales worked out by hand, rows, legend, figures. The
browser's checks (every figure on its row, nothing clipped or touching, the first screen)
are in test_learning_browser.py."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from ladder_reading import marker_shift, marker_svg, read_ladder

from lib import density as dm
from lib.charts import BLUE, PRESENTING_FONT_PX, learning_cards
from lib.charts import ladder_plot as lp

#: Figures chosen so that every place below is worked out by hand: held out, fresh, training.
HAND = {
    "uniform": (8.0, 8.0, 8.0),
    "independent pixels": (8.276, 7.6, 7.5),
    "Gaussian": (7.074, 5.3, 5.25),
    "autoregressive": (5.108, 4.4, 4.35),
    "Gaussian mixture": (5.024, 4.25, 4.2),
}
PNG, WEBP = 5.321, 4.969


@pytest.fixture(scope="module")
def fitted() -> dm.LadderResult:
    rng = np.random.default_rng(0)
    noise = rng.integers(0, 256, (700, 16), dtype=np.uint8)
    return dm.fit_ladder(noise[:300], noise[300:500], 4, 1, samples=0, fresh=noise[500:])


@pytest.fixture(scope="module")
def by_hand(fitted) -> dm.LadderResult:
    rungs = tuple(
        replace(r, bits_per_dim=h, fresh_bits_per_dim=f, train_bits_per_dim=t)
        for r, (h, f, t) in ((r, HAND[r.name]) for r in fitted.rungs)
    )
    return replace(fitted, rungs=rungs, png_bits_per_dim=PNG, webp_bits_per_dim=WEBP)


def test_every_point_sits_where_the_scale_worked_out_by_hand_puts_it(by_hand):
    """The axis spans the figures and the 8-bit line rounded out to half bits (4.2 and 8.276:
    4 to 8.5, a span of 4.5), not 0 to 9 (review 11, Learning-1: from 0 a phone's points
    crowded the plot's right 45%); seven rows, each point in its row's middle."""
    ladder = read_ladder(lp.ladder_html(by_hand))
    assert ladder.names == [*HAND, "PNG (lossless file)", "WebP (lossless file)"]
    place = {(m.title.split(",")[0], lp.SERIES[m.series]): (m.left, m.top) for m in ladder.markers}
    assert len(place) == len(ladder.markers) == 5 * 3 + 2
    # Shares written to 2 decimals of a percent: 4.2 is (4.2 - 4) / 4.5 = 4.44%.
    assert place["Gaussian mixture", lp.TRAINING] == (0.0444, pytest.approx(9 / 14, abs=5e-5))
    assert place["independent pixels", lp.HELD_OUT] == (
        0.9502,
        pytest.approx(3 / 14, abs=5e-5),
    )  # 4.276 / 4.5
    assert place["uniform", lp.HELD_OUT] == (0.8889, pytest.approx(1 / 14, abs=5e-5))  # 4 / 4.5
    assert place["PNG (lossless file)", lp.PNG] == (0.2936, pytest.approx(11 / 14, abs=5e-5))  # 1.321 / 4.5
    assert place["WebP (lossless file)", lp.WEBP] == (0.2153, pytest.approx(13 / 14, abs=5e-5))  # 0.969 / 4.5
    assert ladder.ticks[0] == ("4", 0.0, False) and ladder.ticks[-1] == ("8.5", 1.0, True)
    assert [t[0] for t in ladder.ticks] == ["4", "4.5", "5", "5.5", "6", "6.5", "7", "7.5", "8", "8.5"]
    assert ("6", 0.4444, False) in ladder.ticks  # 2 / 4.5
    # The half bits are minor: a narrow plot leaves their labels out (they touched on a phone).
    assert [t[0] for t in ladder.ticks if t[2]] == ["4.5", "5.5", "6.5", "7.5", "8.5"]


def test_the_axis_follows_the_data_not_zero(by_hand):
    low = replace(by_hand, rungs=tuple(replace(r, fresh_bits_per_dim=2.1) for r in by_hand.rungs))
    ticks = read_ladder(lp.ladder_html(low)).ticks
    assert ticks[0] == ("2", 0.0, False) and ticks[-1][0] == "8.5"


def test_each_row_holds_its_markers_and_the_plot_is_as_tall_as_its_rows(by_hand):
    """Review 11, Learning-0: presenting, rows sized by the screen's height were 29 px at
    1280×720 and each row's markers touched the next one's. A row has its own height in
    both modes, enough for its markers (a shift and half a marker each way) and 4 px clear;
    a projector gets larger type and markers."""
    for presenting in (False, True):
        ladder = read_ladder(lp.ladder_html(by_hand, presenting=presenting))
        assert ladder.area_height == lp.ROW_PX[presenting] * 7
        assert lp.ROW_PX[presenting] >= 2 * lp.SHIFT_PX + lp.MARKER_PX[presenting] + 4
        size = PRESENTING_FONT_PX if presenting else lp.TEXT_PX
        assert f"--type: {size}px" in ladder.style and f"--mk: {lp.MARKER_PX[presenting]}px" in ladder.style
        assert f"--row: {lp.ROW_PX[presenting]}px" in ladder.style
    assert lp.MARKER_PX[True] > lp.MARKER_PX[False] >= 14


def test_one_legend_names_each_series_in_its_markers_look_and_held_out_is_on_top(by_hand):
    """Finding 18 of review 9: at uniform (all three at 8) the held-out circle was covered.
    The legend's keys are the markers' own boxes (one class a series: its colour and shape);
    fresh and training patches are hollow, moved above and below the row's middle; the
    held-out circle is filled blue and drawn last in its row, over them."""
    ladder = read_ladder(lp.ladder_html(by_hand))
    assert ladder.legend == [(i, s.label) for i, s in enumerate(lp.SERIES)]
    for i, series in enumerate(lp.SERIES):
        svg = marker_svg(i)
        assert f"stroke='{series.colour}'" in svg
        assert f"fill='{'none' if series.hollow else series.colour}'" in svg
    assert lp.HELD_OUT.colour == BLUE and not lp.HELD_OUT.hollow
    assert lp.FRESH.hollow and lp.TRAINING.hollow
    assert marker_shift(lp.SERIES.index(lp.FRESH)) == "calc(-1 * var(--shift))"  # above
    assert marker_shift(lp.SERIES.index(lp.TRAINING)) == "calc(1 * var(--shift))"  # below
    assert all(marker_shift(lp.SERIES.index(s)) is None for s in (lp.HELD_OUT, lp.PNG, lp.WEBP))
    for name in HAND:
        drawn = [lp.SERIES[m.series] for m in ladder.markers if m.title.startswith(f"{name},")]
        assert drawn[-1] is lp.HELD_OUT and len(drawn) == 3


def test_figures_have_the_cards_rounding_and_say_so(by_hand):
    """Finding 2 of review 9: the chart said 5.02 where the cards a screen lower say 5.024.
    Every figure on the ladder has the cards' 3 decimals, in a column right of the plot (one a
    row, on the held-out patches), its hover texts too, and the axis title says so."""
    ladder = read_ladder(lp.ladder_html(by_hand))
    assert ladder.figures == ["8.000", "8.276", "7.074", "5.108", "5.024", "5.321", "4.969"]
    training = next(
        m for m in ladder.markers if m.title.startswith("Gaussian,") and lp.SERIES[m.series] is lp.TRAINING
    )
    assert (
        training.title
        == f"Gaussian, training patches: 5.250 bits per value ({by_hand.rung('Gaussian').likelihood})"
    )
    png = next(m for m in ladder.markers if lp.SERIES[m.series] is lp.PNG)
    assert png.title.startswith(
        "PNG (lossless file), PNG file of the held-out patches: 5.321 bits per value (file size, exact"
    )
    assert "figures at the right: held out, to 3 decimals" in lp.X_TITLE
    assert "figures at the right: held out, to 3 decimals" in lp.ladder_html(by_hand)
    assert f"{by_hand.rungs[0].bits_per_dim:.3f} bits per value" in learning_cards.rung_cards(by_hand)


def test_a_screen_reader_hears_every_figure(by_hand):
    said = read_ladder(lp.ladder_html(by_hand)).description
    for name, (held, fresh, train) in HAND.items():
        assert (
            f"{name}: {held:.3f} on held-out photos, {fresh:.3f} on new patches of the training photos, {train:.3f} on training patches"
            in said
        )
    assert f"PNG (lossless file): {PNG:.3f}" in said and f"WebP (lossless file): {WEBP:.3f}" in said


def test_a_name_breaks_after_its_first_word_only(by_hand):
    """On a phone each name on one line took 40% of the width: a narrow plot breaks it after
    its first word ("independent / pixels"), never inside "(lossless file)"."""
    block = lp.ladder_html(by_hand)
    assert "<span><span><b>independent</b> <b>pixels</b></span></span>" in block
    assert "<span><span><b>PNG</b> <b>(lossless file)</b></span></span>" in block
    assert "<span><span>uniform</span></span>" in block
