"""lib.notation and How many images?' charts: one notation for big numbers, and the count charts."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from lib import notation
from lib.big_numbers import Magnitude, Scientific
from lib.charts import MODALITY_COLOURS, REFERENCE, axis_bars
from lib.charts import counts as charts


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
def side_chart(presenting=False):
    return charts.count_by_side_chart(
        [1, 2, 4, 8],
        [3, 10, 39, 155],
        4.0,
        39,
        "this image",
        [("atoms", 81), ("LAION-5B", 10)],
        presenting=presenting,
    )


def axis_chart(presenting=False):
    return axis_bars.axis_bars_html(
        ["a tweet", "a photo", "a song", "a film"],
        ["text", "image", "audio", "video"],
        [331, 68_181_012, 76_466_436, 10**28],
        [False, True, False, False],
        presenting=presenting,
    )


def test_charts_grow_in_presentation_mode():
    """Issue 13: heights and type follow the mode, so legends never squash the plot."""
    plain, big = side_chart(), side_chart(True)
    assert big["height"] > plain["height"]
    assert big["config"]["axis"]["labelFontSize"] > plain["config"]["axis"]["labelFontSize"]
    # The bars of every modality (the page's own HTML): taller rows, a projector's type.
    sizes = [
        re.search(r"--type: (\d+)px; --row: (\d+)px", chart) for chart in (axis_chart(), axis_chart(True))
    ]
    assert all(sizes) and all(
        int(big) > int(plain) for plain, big in zip(sizes[0].groups(), sizes[1].groups())
    )


def test_side_chart_spans_its_axes_and_labels_reference_lines():
    spec = side_chart()
    line, rules = spec["layer"][:2]
    assert line["mark"]["color"] == MODALITY_COLOURS["image"]
    # The curve spans the x axis: the domain is the data's (nothing in the spec, which stays the
    # same from one image size to the next), from 1 digit up to 1.5× the top on the y axis.
    assert line["encoding"]["x"]["scale"] == {"type": "log", "nice": False}
    assert line["encoding"]["y"]["scale"] == {"type": "log", "domainMin": 1, "nice": False}
    assert spec["layer"][-1]["transform"][-1] == {"calculate": "datum.top * 1.5", "as": "room"}
    assert rules["mark"]["color"] == REFERENCE
    assert line["encoding"]["y"]["title"] == "digits of the number of images"
    # The lines are told apart without colour, by a dash each, and named in a key above the
    # plot (review 9: names beside the lines sat on both sides, unclear whose).
    dash = rules["encoding"]["strokeDash"]
    assert dash["field"] == "reference" and dash["scale"]["domain"] == ["atoms", "LAION-5B"]
    assert dash["scale"]["range"][0] != dash["scale"]["range"][1]
    assert dash["legend"]["orient"] == "top" and dash["legend"]["symbolType"] == "stroke"
    assert not [
        layer for layer in spec["layer"] if layer["encoding"].get("text", {}).get("field") == "reference"
    ]


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
