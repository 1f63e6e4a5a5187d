"""The charts of "How many images?": the count against the side, and every modality on one axis.

Pure builders: plain numbers in, a plain Vega-Lite dictionary out (no Streamlit, no Altair:
see :mod:`lib.charts.vega`). Both plot the number of *digits* of a count (floor(log10) + 1,
exact) on a logarithmic axis, because the counts themselves overflow every float.
``presenting`` makes plots taller and type larger for a projector, so a chart is never
squashed by its larger legend and labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from lib.charts import MODALITY_COLOURS, PRESENTING_FONT_PX, REFERENCE
from lib.charts.vega import FIT_WIDTH, Spec, field, layered, padded, rows, tooltip, view

#: Dash patterns that tell reference lines apart without colour.
DASHES = ([6, 3], [2, 3], [10, 4, 2, 4], [1, 1])
MODALITY_NAMES = {"image": "Images", "text": "Text", "audio": "Audio", "video": "Video"}
#: The datasets that change from one view to the next, sent beside the spec rather than in it
#: (``lib.ui.chart(..., live_data=LIVE_DATA)``): the spec stays the same, so a changed input
#: updates the drawn chart's data instead of the browser drawing the chart anew.
LIVE_DATA = ("curve", "here", "marked")
#: The one-axis chart's marked bar (:func:`one_axis_chart`), as its layers and lookup read it:
#: sent beside the spec (Arrow, typed already), so read as it comes.
MARKED = {"name": "marked", "format": {"parse": None}}


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
        return {"font": font, "title": font + 2, "height": 520, "row": 56, "bar": 16, "symbol": 400}
    return {"font": 12, "title": 13, "height": 380, "row": 34, "bar": 10, "symbol": 150}


def _frame(presenting: bool) -> Spec:
    size = _sizes(presenting)
    return {
        "autosize": FIT_WIDTH,
        "padding": padded(right=16),  # a config padding is ignored
        "config": {
            # labelLimit 0: whole labels (the default cut "100 million" to "100 milli…" at a
            # projector's 22 px, on both charts: review 12).
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


def one_axis_chart(
    names: Sequence[str],
    modalities: Sequence[str],
    digits: Sequence[int],
    current: Sequence[bool],
    *,
    presenting: bool = False,
) -> Spec:
    """Every example's digit count as a bar on one log axis, one colour per modality: the Vega
    twin of :func:`lib.charts.axis_bars.axis_bars_html`, which the page draws (a preset swapped
    data into this chart: ~12 ms of the browser's time, whatever the rows). Kept to compare
    them (``bench/bench_count_split.py``'s history) and for the tests that read its spec.

    Each bar's name is written above it, not on the axis, so a phone's narrow screen
    keeps the bars and the names whole; the current view's bar (a preset's) is outlined and
    its name reads "▶ this view: ...".

    The bars (``examples``) are the same for every view: only the marked bar's one row
    (``marked``, empty for a view that is no preset) travels as live data. A preset once
    swapped in all 21 rows only to move the outline and the words "this view", and the
    browser then drew every bar, name and tooltip anew (~860 changes to the chart's SVG a
    click, bench/bench_count_split.py); now it draws the outline, the marked name, and puts
    back the plain name it hid. Both scales' domains are written out (the bars are known
    here), so a new marked row moves no scale, axis or other bar.

    >>> chart = one_axis_chart(["a tweet", "a photo"], ["text", "image"], [331, 68181012], [False, True])
    >>> [layer["mark"]["type"] for layer in chart["layer"]]
    ['bar', 'bar', 'text', 'text']
    >>> [row["label"] for row in chart["datasets"]["marked"]]
    ['▶ this view: a photo']
    """
    size = _sizes(presenting)
    order = sorted(range(len(names)), key=lambda i: digits[i])
    columns = {
        "example": [names[i] for i in order],
        "kind": [MODALITY_NAMES[modalities[i]] for i in order],
        "digits": _floats([digits[i] for i in order]),
        "exact": _texts([digits[i] for i in order]),
    }
    examples = rows(**columns, start=1)
    marked = [
        {**row, "label": f"▶ this view: {row['example']}"} for row, i in zip(examples, order) if current[i]
    ]
    kinds = [MODALITY_NAMES[m] for m in MODALITY_COLOURS]
    # Both scales written out once, on the bars (the layers share them, and a domain written
    # wins over the others' data): a band per example in the order of their counts, and from
    # 1 to twice the longest bar. Left to the data, the marked rows would join the domains:
    # a preset would move nothing, but the browser would work both scales out again.
    y = field("example", "N")
    top = 2.0 * max(map(float, digits), default=1.0)
    scale = {"type": "log", "domain": [1, top], "nice": False}
    bar = {"type": "bar", "size": size["bar"], "yOffset": size["bar"] // 2}
    tips = tooltip("example:N", "kind:N", field("exact", "N", title="digits"))
    bars = {
        "mark": bar,
        "encoding": {
            "x": field(
                "digits",
                "Q",
                scale=scale,
                title="digits of the number of possible examples",
                axis={"labelExpr": NUMBER_WORDS, "orient": "top", "values": DECADES},
            ),
            "x2": {"field": "start"},
            "y": {**y, "scale": {"domain": columns["example"]}, "title": None, "axis": None},
            "color": field(
                "kind",
                "N",
                scale={"domain": kinds, "range": [MODALITY_COLOURS[m] for m in MODALITY_COLOURS]},
                title=None,
                # Swatches of plain colour, no outline. On top: the chart is taller than a
                # screen, and a key below its last bar was never seen with its first.
                legend={
                    "orient": "top",
                    "direction": "horizontal",
                    "labelLimit": 0,
                    "columns": 4,
                    "symbolType": "square",
                    "symbolStrokeWidth": 0,
                    "symbolSize": size["symbol"],
                },
            ),
            "tooltip": tips,
        },
    }
    # The current view's bar outlined: its own bar again, unfilled, on top (hovered, it
    # shows the same tooltip as the bar under it).
    outline = {
        "data": MARKED,
        "mark": {**bar, "filled": False, "stroke": "#000000", "strokeWidth": 2},
        "encoding": {
            "x": field("digits", "Q"),
            "x2": {"field": "start"},
            "y": y,
            "tooltip": tips,
        },
    }
    text = {
        "type": "text",
        "align": "left",
        "baseline": "bottom",
        "dx": 2,
        "dy": -2,
        "fontSize": size["font"],
        "color": "#222222",
    }
    place = {"x": field("start", "Q"), "y": y}
    marked_label = {"data": MARKED, "mark": text, "encoding": {**place, "text": field("label", "N")}}
    # Every other bar's name: the marked one's is "▶ this view: ..." above, so its plain name
    # is left out, looked up in the marked row (a new preset changes two names, not 21).
    labels = {
        "transform": [
            {
                "lookup": "example",
                "from": {"data": MARKED, "key": "example", "fields": ["example"]},
                "as": ["marked"],
            },
            {"filter": "!datum.marked"},
        ],
        "mark": text,
        "encoding": {**place, "text": field("example", "N")},
    }
    return {
        # A height, not a step per bar: Streamlit's charts fit their box, and Vega-Lite then
        # drops a step height with a console warning. The bars are the presets, whatever the
        # view, so the height and the spec stay the same.
        **layered(bars, outline, marked_label, labels, height=size["row"] * len(names), **_frame(presenting)),
        "data": {"name": "examples"},
        "datasets": {"examples": examples, "marked": marked},
    }


@lru_cache(maxsize=256)
def count_by_side_spec(
    sides: tuple[int, ...],
    digits: tuple[int, ...],
    current_side: float,
    current_digits: int,
    current_label: str,
    references: tuple[tuple[str, int], ...],
    presenting: bool = False,
) -> dict:
    """:func:`count_by_side_chart`, built once per view (hashable arguments): a rerun of the
    same view sends the same bytes, which Streamlit then sends as a reference. Read-only."""
    return count_by_side_chart(
        sides, digits, current_side, current_digits, current_label, references, presenting=presenting
    )


@lru_cache(maxsize=256)
def one_axis_spec(
    names: tuple[str, ...],
    modalities: tuple[str, ...],
    digits: tuple[int, ...],
    current: tuple[bool, ...],
    presenting: bool = False,
) -> dict:
    """:func:`one_axis_chart`, built once per view. Read-only."""
    return one_axis_chart(names, modalities, digits, current, presenting=presenting)
