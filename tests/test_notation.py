"""lib.notation and How many images?' bars of every modality: one notation for big numbers."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from lib import notation
from lib.big_numbers import Magnitude, Scientific
from lib.charts import MODALITY_COLOURS, axis_bars


def test_power_is_one_unbreakable_expression():
    """Issue 12: "1.0149 ×" and "10^68,181,011" never land on two lines."""
    html = notation.power_html(Scientific("1.0149", 68181011))
    assert html == '<span class="pow">1.0149 × 10<sup>68,181,011</sup></span>'
    assert html.count("<span") == 1


def test_a_mantissa_is_kept_unless_it_is_exactly_one():
    """Issue 10, item 6: 1.0000 stays; only a literal power of ten drops it."""
    assert "1.0000 ×" in notation.power_html(Scientific("1.0000", 8651))
    assert "1.00 ×" in notation.magnitude_html(Magnitude.power(2, 28738))
    assert notation.magnitude_html(Magnitude.of(10**80)) == '<span class="pow">10<sup>80</sup></span>'
    assert "1.00 ×" in notation.magnitude_html(Magnitude.of(10**80 + 1))


def test_rich_text_escapes_and_writes_superscripts():
    html = notation.rich_text("<b>1.36·10^50</b> & 256^28,311,552, 10^-3")
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html
    assert "1.36 × 10<sup>50</sup>" in html and "256<sup>28,311,552</sup>" in html
    assert "10<sup>−3</sup>" in html and "^" not in html and "·" not in html


@pytest.mark.parametrize(
    "n", [0, 999, 10**12 - 1, 10**12, 99_950_000_000_000, 99_949_999_999_999, 10**40 + 1]
)
def test_whole_numbers_grouped_or_rounded_and_marked(n):
    text = notation.whole_html(n)
    if n < 10**12:
        assert text == f"{n:,}"
    else:
        mantissa, exponent = re.fullmatch(
            r'≈ <span class="pow">([\d.]+) × 10<sup>([\d,]+)</sup></span>', text
        ).groups()
        assert abs(Fraction(mantissa) * 10 ** int(exponent.replace(",", "")) - n) <= Fraction(
            5, 1000
        ) * 10 ** int(exponent.replace(",", ""))


def test_lengths():
    assert notation.length_html(Fraction(3429, 20)) == "17.1 cm"
    assert notation.length_html(Fraction(721582377, 5)) == "144 km"
    assert "light-years" in notation.length_html(Fraction(10**28))


def test_lengths_below_a_million_units_are_plain_numbers():
    """Review 7: the 1080p clip's digits 'would run ≈ 9.51 × 10³ km': now '9,510 km'."""
    from lib import combinatorics as comb
    from lib import modalities as mod

    clip = mod.video_data(1920, 1080, 30, 10, 8)
    line = comb.printed(comb.count_facts(clip.count()).digit_count).line_mm
    assert notation.length_html(line) == "9,510 km"
    for mm in (
        Fraction(1_000_000),
        Fraction(123_456_789_012),
        Fraction(999_499_000_000),
        Fraction(5_554_600_000),
    ):
        text = notation.length_html(mm)
        number = int(text.removesuffix(" km").replace(",", ""))
        assert len(str(number).rstrip("0")) <= 3 and abs(number - mm / 10**6) <= 5 * 10 ** (
            len(str(number)) - 4
        )
    assert "10<sup>6</sup>" in notation.length_html(Fraction(999_500_000_000))
    assert notation.length_html(Fraction(5_554_600_000)) == "5,550 km"  # rounded once, not twice


def test_footnotes_number_sources_once():
    notes = notation.Footnotes()
    assert [notes.cite(s) for s in ("a", "b", "a")] == [f'<sup class="fn">{i}</sup>' for i in (1, 2, 1)]
    assert notes.sources == ["a", "b"]


def test_fit_style_shrinks_longer_expressions():
    short = notation.fit_style(notation.power_html(Scientific("1", 80)))
    long = notation.fit_style(
        notation.power_html(Scientific("1.0149", 9_864_150_897_917_335_804_763_796_102))
    )
    size = lambda style: float(re.search(r"([\d.]+)cqi", style).group(1))  # noqa: E731
    assert size(long) < size(short)


# -- the charts ---------------------------------------------------------------------------------
def axis_chart(presenting=False):
    return axis_bars.axis_bars_html(
        ["a tweet", "a photo", "a song", "a film"],
        ["text", "image", "audio", "video"],
        [331, 68_181_012, 76_466_436, 10**28],
        [False, True, False, False],
        presenting=presenting,
    )


def test_the_bars_grow_in_presentation_mode():
    """Issue 13: the bars of every modality (the page's own HTML) get taller rows and a
    projector's type when presenting, so the key never squashes them. (The count chart's
    plot: ``tests/test_count_plot.py``.)"""
    sizes = [
        re.search(r"--type: (\d+)px; --row: (\d+)px", chart) for chart in (axis_chart(), axis_chart(True))
    ]
    assert all(sizes) and all(
        int(big) > int(plain) for plain, big in zip(sizes[0].groups(), sizes[1].groups())
    )


def test_one_axis_chart_colours_each_modality_and_keeps_exact_digits():
    """Issue 12: one colour per modality (the lib.charts palette), every key entry present,
    each bar in its kind's colour with its exact digit count on hover; one bar this view's."""
    chart = axis_chart()
    key = re.findall(r'<li><i style="--c: ([^"]*)"></i>([^<]*)</li>', chart)
    assert key == [
        (MODALITY_COLOURS[m], name) for m, name in zip(MODALITY_COLOURS, ["Images", "Text", "Audio", "Video"])
    ]
    bars = re.findall(r'title="[^"]*\): ([0-9,]+) digits" style="--c: ([^;]*);', chart)
    assert bars == [
        ("331", MODALITY_COLOURS["text"]),
        ("68,181,012", MODALITY_COLOURS["image"]),
        ("76,466,436", MODALITY_COLOURS["audio"]),
        (f"{10**28:,}", MODALITY_COLOURS["video"]),
    ]
    assert chart.count("▶ this view") == 1
