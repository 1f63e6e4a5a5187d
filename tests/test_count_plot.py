"""How many images?' count chart as the page's own HTML (lib.charts.count_plot), read back
against positions worked out by hand from its log scales."""

from __future__ import annotations

import math
import re

import pytest
from count_plot_reading import count_dot, count_plot

from lib import combinatorics as comb
from lib.charts import MODALITY_COLOURS, PRESENTING_FONT_PX, REFERENCE
from lib.charts import count_plot as plot
from lib.charts.count_plot import DASHES

SIDES = [1, 2, 4, 8, 16, 32]
#: Digits of 256^(s²), the number of s×s grey 8-bit images, for each side: worked out exactly.
DIGITS = [len(str(256 ** (s * s))) for s in SIDES]
REFERENCES = [("atoms", 81), ("LAION-5B", 10), ("CIFAR-10", 5)]


def by_hand(value: float, top: float) -> float:
    """Where ``value`` falls on a log axis from 1 to ``top``: log10 by hand."""
    return math.log10(value) / math.log10(top)


def test_the_curve_passes_through_each_sides_exact_digit_count():
    seen = count_plot(plot.count_plot_html(SIDES, DIGITS, REFERENCES))
    curve = seen["strokes"][1]  # the grid first
    assert curve["colour"] == MODALITY_COLOURS["image"] and curve["width"] == 3 and not curve["dash"]
    top = 1.5 * DIGITS[-1]  # room above the curve for the dot's name
    assert curve["points"] == [
        pytest.approx((1000 * by_hand(s, 32), 1000 * (1 - by_hand(d, top))), abs=0.05)
        for s, d in zip(SIDES, DIGITS)
    ]
    # Each side's exact digit count on hover, at the curve's point.
    assert [title for title, _, _ in seen["points"]] == [
        f"side {s:,}: {d:,} digits" for s, d in zip(SIDES, DIGITS)
    ]
    for (_, x, y), s, d in zip(seen["points"], SIDES, DIGITS):
        assert (x, y) == pytest.approx((by_hand(s, 32), by_hand(d, top)), abs=5e-5)


def test_the_axes_tick_every_decade_in_words():
    """Ticks at whole powers of ten only, labelled in words ("1 million", never "1M"), placed by
    their share of the log axis."""
    sides = comb.chart_sides(4000)  # 1 to 16,384 at most
    digits = [p.digits for p in comb.log10_count_by_side(3, 8, sides)]
    seen = count_plot(plot.count_plot_html(sides, digits, REFERENCES))
    assert 10_000 < sides[-1] <= 16_384
    assert [(w, round(at, 4)) for w, at, _ in seen["x"]] == [
        (w, round(by_hand(10**k, sides[-1]), 4)) for k, w in enumerate(["1", "10", "100", "1,000", "10,000"])
    ]
    top = 1.5 * digits[-1]  # 1.5 × 1,890,207,982 digits (side 16,175): past 10^9
    assert sides[-1] == 16_175 and digits[-1] == 1_890_207_982
    words = [
        "1",
        "10",
        "100",
        "1,000",
        "10,000",
        "100,000",
        "1 million",
        "10 million",
        "100 million",
        "1 billion",
    ]
    assert [(w, round(at, 4)) for w, at, _ in seen["y"]] == [
        (w, round(by_hand(10**k, top), 4)) for k, w in enumerate(words)
    ]
    # Five decades or fewer on x fit a phone's plot; the y labels, stacked, fit it too.
    assert not any(minor for _, _, minor in seen["x"] + seen["y"])
    assert ">side of a square image (pixels)<" in seen["figure"]
    assert ">digits of the number of images<" in seen["figure"]


def test_the_largest_inputs_label_every_other_decade_and_fewer_on_a_phone():
    """Sides to 4.4 × 10^12 (a trillion-pixel side's curve) are 13 decades on x: a label every
    second decade, every fourth on a narrow plot (seven labels up to "1 trillion" would touch
    there); 3.7 × 10^26 digits (to 1.5 times that) are 27 decades on y: every second one."""
    sides = comb.chart_sides(10**12)
    digits = [p.digits for p in comb.log10_count_by_side(4, 16, sides)]
    assert sides[-1] == 4_364_822_350_307 and digits[-1] == 367_048_024_748_010_967_045_957_321
    seen = count_plot(plot.count_plot_html(sides, digits, REFERENCES))
    x_words = ["1", "100", "10,000", "1 million", "100 million", "10 billion", "1 trillion"]
    assert [(w, minor) for w, _, minor in seen["x"]] == [(w, i % 2 == 1) for i, w in enumerate(x_words)]
    assert [at for _, at, _ in seen["x"]] == pytest.approx(
        [by_hand(100**k, sides[-1]) for k in range(7)], abs=5e-5
    )
    assert [w for w, _, _ in seen["y"]][-4:] == ["100 quintillion", "10²²", "10²⁴", "10²⁶"]
    assert len(seen["y"]) == 14 and not any(minor for _, _, minor in seen["y"])
    # The grid follows the labels: a line at each, none between.
    assert seen["strokes"][0]["d"].count("V") == 7 and seen["strokes"][0]["d"].count("H") == 14


def test_each_reference_is_a_grey_line_with_its_own_dash_named_in_the_key():
    seen = count_plot(plot.count_plot_html(SIDES, DIGITS, REFERENCES))
    top = 1.5 * DIGITS[-1]
    lines = seen["strokes"][2:]
    assert [line["colour"] for line in lines] == [REFERENCE] * 3
    assert (
        [line["dash"] for line in lines]
        == ["6 3", "2 3", "10 4 2 4"]
        == [" ".join(map(str, d)) for d in DASHES[:3]]
    )
    for line, (_, count) in zip(lines, REFERENCES):
        level = 1000 * (1 - by_hand(count, top))
        assert line["points"] == [pytest.approx((0, level), abs=0.05), pytest.approx((1000, level), abs=0.05)]
    # The key: each name beside a swatch of its own line's dashes (a gradient: on 6, off 3 ...).
    assert [name for name, _ in seen["key"]] == ["atoms", "LAION-5B", "CIFAR-10"]
    assert f"{REFERENCE} 0 6px, transparent 6px 9px)" in seen["key"][0][1]
    assert (
        f"{REFERENCE} 0 10px, transparent 10px 14px, {REFERENCE} 14px 16px, transparent 16px 20px)"
        in (seen["key"][2][1])
    )
    # Each line's exact digits on hover, along it.
    assert seen["rules"] == [
        (f"{name}: {count} digits", pytest.approx(by_hand(count, top), abs=5e-5))
        for name, count in REFERENCES
    ]
    assert "grey lines: atoms 81 digits; LAION-5B 10 digits; CIFAR-10 5 digits" in seen["label"]


@pytest.mark.parametrize(("side", "left"), [(4.0, False), (5.0, False), (6.0, True), (24.0, True)])
def test_the_dot_stands_at_the_views_side_and_digits_its_name_clear_of_the_curve(side, left):
    """The dot at (side, digits) on the plot's scales; its name below-right of it, where the
    rising curve is not, or past the middle of the x axis (√32 ≈ 5.66) above-left, inside the plot."""
    digits = len(str(256 ** round(side * side)))
    seen = count_dot(plot.count_dot_html(SIDES, DIGITS, side, digits, "this image"))
    assert (seen["x"], seen["y"]) == pytest.approx(
        (by_hand(side, 32), by_hand(digits, 1.5 * DIGITS[-1])), abs=5e-5
    )
    assert seen["title"] == f"this image: {digits:,} digits" and seen["name"] == "this image"
    assert seen["left"] == left
    assert seen["label"] == f"this image: side {side:,.0f}, {digits:,} digits"


def test_the_dot_is_laid_over_a_plot_of_the_same_grid():
    """The dot's figure places its plot area as the plot's does: the same y title and widest
    y label (hidden), the same height and type; nothing else of the plot in it."""
    figure = plot.count_plot_html(SIDES, DIGITS, REFERENCES, presenting=True)
    dot = plot.count_dot_html(SIDES, DIGITS, 8.0, 155, "this image", presenting=True)
    y_side = re.compile(r'<div class="plot-y-title">.*?<span class="plot-widest">[^<]*</span>', re.S)
    assert y_side.search(dot)[0] == y_side.search(figure)[0]
    style = re.compile(r'style="--type: [0-9]+px; --plot: [0-9]+px"')
    assert style.search(dot)[0] == style.search(figure)[0]
    assert "plot-x" not in dot and "plot-legend" not in dot and "data:image" not in dot


def test_presenting_makes_the_plot_taller_with_a_projectors_type():
    plain, big = (plot.count_plot_html(SIDES, DIGITS, REFERENCES, presenting=p) for p in (False, True))
    assert 'style="--type: 12px; --plot: 380px"' in plain
    assert f'style="--type: {PRESENTING_FONT_PX}px; --plot: 520px"' in big and "presenting" in big


def test_nearby_sizes_share_one_plot_and_bad_input_is_refused():
    sides = comb.chart_sides(550)
    digits = tuple(p.digits for p in comb.log10_count_by_side(3, 8, sides))
    assert sides == comb.chart_sides(776)  # widths 100 to 199 of a 3,024-px-high image
    block = plot.count_plot_block(tuple(sides), digits, tuple(REFERENCES), False)
    assert block is plot.count_plot_block(tuple(sides), digits, tuple(REFERENCES), False)
    with pytest.raises(ValueError, match="at least 1 for each side"):
        plot.count_plot_html([1, 2], [3], REFERENCES)
