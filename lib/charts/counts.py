"""How many images?' count against the side as a Vega-Lite chart, and the words of its axes.

The page draws the count as its own HTML (:mod:`lib.charts.count_plot`: any data swapped
into a drawn Vega view costs the browser ~12-14 ms); :func:`count_by_side_chart`, its Vega
twin, stays as the chart whose data swap ``bench/bench_chart_updates.py`` measures. The
words of large numbers on an axis (:data:`NUMBER_WORDS`, "100 million") are the talk's too.

Pure builders: plain numbers in, a plain Vega-Lite dictionary out (no Streamlit, no Altair:
see :mod:`lib.charts.vega`). The chart plots the number of *digits* of a count
(floor(log10) + 1, exact) on a logarithmic axis, because the counts themselves overflow
every float. ``presenting`` makes the plot taller and type larger for a projector.
"""

from __future__ import annotations

from collections.abc import Sequence

from lib.charts import MODALITY_COLOURS, PRESENTING_FONT_PX, REFERENCE
from lib.charts.vega import FIT_WIDTH, Spec, field, layered, padded, rows, tooltip, view

#: Dash patterns that tell reference lines apart without colour.
DASHES = ([6, 3], [2, 3], [10, 4, 2, 4], [1, 1])
#: The datasets that change from one view to the next, sent beside the spec rather than in it
#: (``lib.ui.chart(..., live_data=LIVE_DATA)``): the spec stays the same, so a changed input
#: updates the drawn chart's data instead of the browser drawing the chart anew.
LIVE_DATA = ("curve", "here")


def _headroom(channel: str, axis: Spec, factor: float) -> Spec:
    """A layer that stretches the ``axis`` on ``channel`` to ``factor`` × the largest digit
    count, computed in the chart from the live data: one invisible point (no size, so it
    takes no hover). The scale follows the data while the spec stays the same.

    >>> layer = _headroom("x", field("digits", "Q"), 2)
    >>> layer["encoding"]["x"]["field"], layer["transform"][1]["calculate"]
    ('room', 'datum.top * 2')
    """
    return {
        "transform": [
            {"aggregate": [{"op": "max", "field": "digits", "as": "top"}]},
            {"calculate": f"datum.top * {factor}", "as": "room"},
        ],
        "mark": {"type": "point", "size": 0, "opacity": 0},
        "encoding": {channel: {**axis, "field": "room"}},
    }


#: Ticks and grid lines at whole powers of ten only (Vega shows only those inside the domain):
#: Vega's own log ticks add 2×, 3×, … 9× of each, ~120 lines and labels that every redraw
#: works out again, for nothing a reader of "how many digits" needs. Up to 10^30: the largest
#: inputs' count has ~10^28 digits (above 10^18 the axis had no label: review 11, Comb-1).
DECADES = [10**k for k in range(31)]


#: Large numbers in words below the ticks ("1 billion", "100 million"), never SI prefixes:
#: "1G" or "10M" reads as gigabytes or megabytes. Each number up to a million is written out
#: with separators ("100,000"); above, the power of a thousand is named, up to quintillions;
#: past those (names nobody reads at a glance) a power of ten, "10²¹". Exact at every tick
#: these charts draw (whole powers of ten, or round millions). A Vega expression.
SCALE_WORDS = ("million", "billion", "trillion", "quadrillion", "quintillion")
#: The first power of ten written as a power: a thousand quintillions.
FIRST_POWER = 21
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _number_words_expr() -> str:
    """The Vega label expression for :data:`SCALE_WORDS`.

    >>> _number_words_expr().startswith("datum.value < 1e6 ? format(datum.value, ',')")
    True
    """
    # Past the quintillions, each decade of DECADES as a power (the axes show no other tick there).
    expr = f"'10{str(len(DECADES) - 1).translate(_SUPERSCRIPTS)}'"
    for power in reversed(range(FIRST_POWER, len(DECADES) - 1)):
        expr = f"datum.value < 1e{power + 1} ? '10{str(power).translate(_SUPERSCRIPTS)}' : " + expr
    expr = f"datum.value < 1e{FIRST_POWER} ? format(datum.value / 1e18, ',') + ' quintillion' : " + expr
    for power, word in reversed(list(enumerate(SCALE_WORDS[:-1], start=2))):
        expr = (
            f"datum.value < 1e{3 * power + 3} ? format(datum.value / 1e{3 * power}, ',') + ' {word}' : "
            + expr
        )
    return "datum.value < 1e6 ? format(datum.value, ',') : " + expr


NUMBER_WORDS = _number_words_expr()


def _floats(digits: Sequence[int]) -> list[float]:
    """Positions on a log axis: floats are precise enough to draw (and never overflow int64)."""
    return [float(d) for d in digits]


def _texts(digits: Sequence[int]) -> list[str]:
    """The exact digit counts, grouped, for tooltips."""
    return [f"{d:,}" for d in digits]


def _sizes(presenting: bool) -> dict[str, int]:
    """Type, heights and marks off a projector and on one, where the chart's text is the other
    pages' projector type (:data:`lib.charts.PRESENTING_FONT_PX`): 20 px beside 22-24-px words
    read as an afterthought (review 11, Presenting-1)."""
    if presenting:
        font = PRESENTING_FONT_PX
        return {"font": font, "title": font + 2, "height": 520}
    return {"font": 12, "title": 13, "height": 380}


def _frame(presenting: bool) -> Spec:
    size = _sizes(presenting)
    return {
        "autosize": FIT_WIDTH,
        "padding": padded(right=16),  # a config padding is ignored
        "config": {
            # labelLimit 0: whole labels (the default cut "100 million" to "100 milli…" at a
            # projector's 22 px, on both of the page's charts: review 12).
            "axis": {
                "labelFontSize": size["font"],
                "titleFontSize": size["title"],
                "titlePadding": 8,
                "labelLimit": 0,
            },
            "legend": {"labelFontSize": size["font"], "titleFontSize": size["title"]},
            "view": {"stroke": None},
        },
    }


def count_by_side_chart(
    sides: Sequence[int],
    digits: Sequence[int],
    current_side: float,
    current_digits: int,
    current_label: str,
    references: Sequence[tuple[str, int]],
    *,
    presenting: bool = False,
) -> Spec:
    """Digits of the number of s×s images against s, with reference counts as labelled lines.

    ``references`` are (name, digits) pairs, drawn grey with a dash pattern each and named
    in a key above the plot (a key beside it would squeeze a phone's plot).

    >>> chart = count_by_side_chart([1, 2, 4], [3, 10, 39], 2.0, 10, "this image", [("atoms", 81)])
    >>> chart["layer"][0]["mark"]["type"]
    'line'
    """
    size = _sizes(presenting)
    # No domain written in the spec: the scales span the data (the curve from side 1 to its
    # last side; from 1 digit up to 1.5× its top through the invisible "headroom" layer), so the
    # spec is the same for every image size and only the data changes (LIVE_DATA).
    x = field("side", "Q", scale={"type": "log", "nice": False})
    y = field("digits", "Q", scale={"type": "log", "domainMin": 1, "nice": False})
    # Each axis written once, on the curve's layer: the layers share their scales and axes, and
    # its explicit title, ticks and labels win over the others' defaults. Written on every
    # layer, the 369-character label expression and the ticks went 9 times into every rerun.
    axes = {
        "x": {
            **x,
            "title": "side of a square image (pixels)",
            "axis": {"values": DECADES, "labelExpr": NUMBER_WORDS},
        },
        "y": {
            **y,
            "title": "digits of the number of images",
            "axis": {"values": DECADES, "labelExpr": NUMBER_WORDS},
        },
    }
    digits_tip = field("exact", "N", title="digits")
    line = view(
        "curve",
        rows(side=list(sides), digits=_floats(digits), exact=_texts(digits)),
        {"type": "line", "color": MODALITY_COLOURS["image"], "strokeWidth": 3, "clip": True},
        {**axes, "tooltip": tooltip("side:Q", digits_tip)},
    )
    refs = rows(
        reference=[name for name, _ in references],
        digits=_floats([d for _, d in references]),
        exact=_texts([d for _, d in references]),
    )
    # The lines are named in a key of their dash patterns above the plot, one a row (a phone
    # has no room for three side by side), where no curve, dot or name is. Written beside the
    # lines, the names could not all sit on one side: LAION-5B's 10 digits and CIFAR-10's 5
    # are one label's height apart, so one name sat between two lines, whose it was unclear (review 9).
    # Inside the plot, a key hid the dot's name on a phone.
    dashes = {
        "domain": [name for name, _ in references],
        "range": [DASHES[i % len(DASHES)] for i in range(len(references))],
    }
    key = {
        "orient": "top",
        "columns": 1,
        "title": None,
        "symbolType": "stroke",
        "symbolStrokeColor": REFERENCE,
        "symbolStrokeWidth": 2,
        "symbolSize": 1600 if presenting else 900,  # a stroke as long as the root: 40 or 30 px
        "labelLimit": 0,
        "labelColor": "#555555",
    }
    rules = view(
        "references",
        refs,
        {"type": "rule", "color": REFERENCE, "strokeWidth": 2},
        {
            "y": field("digits", "Q"),
            "strokeDash": field("reference", "N", scale=dashes, legend=key),
            "tooltip": tooltip("reference:N", digits_tip),
        },
    )
    # The dot's name goes below and right of it, where the rising curve is not; past the middle
    # of the axis, above and left of it, or it would run off the plot's right edge.
    middle = max(sides) ** 0.5 if sides else 1.0
    here = rows(
        side=[current_side],
        digits=_floats([current_digits]),
        exact=_texts([current_digits]),
        label=[current_label],
        left=[int(current_side > middle)],  # Arrow columns here take numbers or text
    )
    # The dot and its name are placed through the curve's scales (scale('x', side)), not on
    # them: on the shared scales the dot was part of both domains, so each new size made Vega
    # work out the domains again and, after them, every tick, label, grid line, curve point
    # and rule (~5 of ~20 ms of the browser's rerun: bench_chart_updates). Placed this way a
    # move redraws the dot alone; the curve spans it (from side 1 to past it, every digit
    # count between), so the dot always lands inside the plot.
    place = [
        {"calculate": "scale('x', datum.side)", "as": "px"},
        {"calculate": "scale('y', datum.digits)", "as": "py"},
    ]
    dot_encoding = {
        "x": field("px", "Q", scale=None),
        "y": field("py", "Q", scale=None),
        "tooltip": tooltip("label:N", digits_tip),
    }
    dot = view(
        "here",
        here,
        {
            "type": "point",
            "size": 160 if not presenting else 300,
            "filled": True,
            "color": MODALITY_COLOURS["image"],
        },
        dot_encoding,
        transform=place,
    )
    # The dot's name, on the side the data's "left" says (above): one layer whose alignment and
    # offsets follow it, not one layer a side, each a mark redrawn on every new size.
    left = "datum.left ? "
    dot_label = view(
        "here",
        here,
        {
            "type": "text",
            "align": {"expr": f"{left}'right' : 'left'"},
            "baseline": {"expr": f"{left}'bottom' : 'top'"},
            "dx": {"expr": f"{left}-12 : 10"},
            "dy": {"expr": f"{left}-6 : 6"},
            "fontWeight": "bold",
            "fontSize": size["font"],
            "color": "#222222",
        },
        {**dot_encoding, "text": field("label", "N")},
        transform=place,
    )
    # Room above the curve's top: the key and the dot's name stay clear of it.
    headroom = {"data": {"name": "curve"}, **_headroom("y", y, 1.5)}
    return layered(
        line,
        rules,
        dot,
        dot_label,
        headroom,
        height=size["height"],
        **_frame(presenting),
    )
