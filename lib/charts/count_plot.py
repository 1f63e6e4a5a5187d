"""How many images?' count chart, drawn as the page's own HTML (:mod:`lib.charts.html_plot`):
the digits of the number of s×s images against the side s, both on log axes, the reference
counts as grey dashed lines named in a key, the view's image as a dot with its name.

Why not Vega-Lite: every new size or preset swapped new data into the drawn Vega view, which
costs the browser ~12-14 ms of its main thread whatever it holds (``bench/bench_count_split.py``:
the chart left out of a preset saved ~11 ms of renderer CPU, as much of a new width). Here the
plot (axes, grid, curve, lines, key) is one element and the view's dot with its name another,
laid over it (:func:`lib.charts.html_plot.overlay_html`): nearby sizes share one curve
(:func:`lib.combinatorics.chart_sides`), so a new width re-sends the very same plot, which the
browser leaves as drawn, and only the dot's few elements are new.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

from lib.charts import MODALITY_COLOURS, REFERENCE
from lib.charts.html_plot import (
    Axis,
    Entry,
    Frame,
    Scale,
    axes_grid,
    overlay_html,
    percent,
    plot_html,
    point_boxes,
)
from lib.charts.number_words import decade_words
from lib.charts.plot_lines import Line, lines_image, polyline_path

#: Dash patterns that tell the reference lines apart without colour, one a line in turn.
DASHES = ((6, 3), (2, 3), (10, 4, 2, 4), (1, 1))
X_TITLE = "side of a square image (pixels)"
Y_TITLE = "digits of the number of images"
#: The plot's box, shared by the plot and its dot's overlay: 380 px high on a screen and 520 on
#: a projector (the Vega chart's), and the class the page's style reads.
FRAME = Frame(380, 520, "count-plot")
#: The element holding the plot and its dot (``st.container(key=...)``), which the style reads.
KEY = "count-plot"


def decade_label(value: float) -> str:
    """A tick's words: every tick is a whole power of ten (:func:`lib.charts.number_words.decade_words`).

    >>> decade_label(1e8), decade_label(1000.0)
    ('100 million', '1,000')
    """
    return decade_words(round(math.log10(value)))


#: At most this many labelled decades on the x axis (each label up to "100 billion", ~6 em),
#: and on a narrow plot (a phone's); on the y axis, stacked, at most this many (the plot's
#: height over 16 is at least 1.8 lines of type). Past them, every second (third, ...) decade.
X_LABELS, X_LABELS_NARROW, Y_LABELS = 10, 5, 16


def _ticks(scale: Scale, most: int, most_narrow: int) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """An axis's ticks, at most ``most`` of its decades evenly spaced, and those of them a
    narrow plot leaves out to keep at most ``most_narrow`` (the decades overlapping labels
    would touch, as Vega's axes left them out).

    >>> _ticks(Scale(1.0, 4e12, log=True), 10, 5)
    ((1.0, 100.0, 10000.0, 1000000.0, 100000000.0, 10000000000.0, 1000000000000.0), (100.0, 1000000.0, 10000000000.0))
    >>> _ticks(Scale(1.0, 16384.0, log=True), 10, 5)
    ((1.0, 10.0, 100.0, 1000.0, 10000.0), ())
    """
    low, high = math.ceil(math.log10(scale.low) - 1e-9), math.floor(math.log10(scale.high) + 1e-9)
    every = [10.0**k for k in range(low, high + 1)]
    ticks = tuple(every[:: math.ceil(len(every) / most)])
    step = math.ceil(len(ticks) / most_narrow)
    return ticks, tuple(t for i, t in enumerate(ticks) if i % step)


def _axes(sides: Sequence[int], digits: Sequence[int]) -> tuple[Axis, Axis]:
    """Both axes: x from side 1 to the curve's last side, y from 1 digit to 1.5× its top (room
    above the curve for the dot's name), each ticked at whole decades (:func:`_ticks`).

    >>> x, y = _axes([1, 2, 4096], [3, 10, 40_403_570])
    >>> x.scale, y.scale.high, len(y.ticks), x.minor
    (Scale(low=1.0, high=4096.0, log=True), 60605355.0, 8, ())
    """
    x_scale = Scale(1.0, float(max(sides)), log=True)
    y_scale = Scale(1.0, 1.5 * max(digits), log=True)
    x_ticks, x_minor = _ticks(x_scale, X_LABELS, X_LABELS_NARROW)
    y_ticks, _ = _ticks(y_scale, Y_LABELS, Y_LABELS)
    return Axis(x_scale, x_ticks, X_TITLE, x_minor, decade_label), Axis(
        y_scale, y_ticks, Y_TITLE, (), decade_label
    )


def count_plot_html(
    sides: Sequence[int],
    digits: Sequence[int],
    references: Sequence[tuple[str, int]],
    *,
    presenting: bool = False,
) -> str:
    """The plot without the view's dot: the curve of ``digits`` against ``sides`` (the exact
    digit count of each side on hover), ``references`` ((name, digits) pairs) as grey lines
    with a dash each, named in the key below the plot (told apart without colour).

    >>> block = count_plot_html([1, 2, 4, 8], [3, 10, 39, 155], [("atoms", 81), ("LAION-5B", 10)])
    >>> block.count('<li>'), block.count('<i title="side '), '>100</span>' in block
    (2, 4, True)
    """
    if not sides or len(sides) != len(digits) or min(sides) < 1 or min(digits) < 1:
        raise ValueError("the count chart needs a digit count of at least 1 for each side, from side 1")
    x, y = _axes(sides, digits)
    across, up = x.scale.share(sides), y.scale.share(digits)
    lines = [Line(polyline_path(across, up), MODALITY_COLOURS["image"], 3)]
    entries, rules = [], []
    for i, (name, count) in enumerate(references):
        dash = DASHES[i % len(DASHES)]
        level = float(y.scale.share([count])[0])
        lines.append(Line(polyline_path([0, 1], [level, level]), REFERENCE, 2, " ".join(map(str, dash))))
        entries.append(Entry(name, REFERENCE, dash=dash))
        rules.append(f'<b title="{name}: {count:,} digits" style="bottom:{percent(level)}"></b>')
    titles = [f"side {s:,}: {d:,} digits" for s, d in zip(sides, digits)]
    hover = f'<div class="dots count-hover">{point_boxes(across, up, titles)}{"".join(rules)}</div>'
    said = "; ".join(f"{name} {count:,} digits" for name, count in references)
    return plot_html(
        "",
        x,
        y,
        lines_image(lines, axes_grid(x, y)),
        entries,
        points=hover,
        description=(
            f"{Y_TITLE} against the {X_TITLE}, both on log axes: from {digits[0]:,} digits at side "
            f"{sides[0]:,} to {digits[-1]:,} at side {sides[-1]:,}; grey lines: {said}"
        ),
        presenting=presenting,
        frame=FRAME,
    )


def count_dot_html(
    sides: Sequence[int],
    digits: Sequence[int],
    side: float,
    count: int,
    label: str,
    *,
    presenting: bool = False,
) -> str:
    """The view's dot over :func:`count_plot_html` of the same ``sides`` and ``digits``: at
    (``side``, ``count`` digits), its name ``label`` below and right of it, where the rising
    curve is not, or past the middle of the x axis above and left of it (else it would run
    off the plot). Its digits on hover.

    >>> dot = count_dot_html([1, 2, 4, 8, 16], [3, 10, 39, 155, 617], 4.0, 39, "this image")
    >>> 'left:50.00%;bottom:' in dot, "here left" in dot, 'title="this image: 39 digits"' in dot
    (True, False, True)
    """
    x, y = _axes(sides, digits)
    across, up = float(x.scale.share([side])[0]), float(y.scale.share([count])[0])
    where = f"left:{percent(across)};bottom:{percent(up)}"
    side_class = " left" if side > math.sqrt(max(sides)) else ""
    return overlay_html(
        y,
        f'<i class="dot" title="{label}: {count:,} digits" style="{where}"></i>'
        f'<span class="here{side_class}" style="{where}">{label}</span>',
        description=f"{label}: side {side:,.0f}, {count:,} digits",
        presenting=presenting,
        frame=FRAME,
    )


@lru_cache(maxsize=256)
def count_plot_block(
    sides: tuple[int, ...], digits: tuple[int, ...], references: tuple[tuple[str, int], ...], presenting: bool
) -> str:
    """:func:`count_plot_html`, built once per curve (hashable arguments): nearby sizes share it."""
    return count_plot_html(sides, digits, references, presenting=presenting)


#: The page's style for the count plot, written once (a new view re-sends no stylesheet): the
#: dot's element laid over the plot's in their box (the box's last child, out of the flow), the
#: curve's and lines' hover targets (clear boxes on the points and along the lines), the dot
#: and its name. The plot is skipped by the browser while off screen, its height guessed.
COUNT_PLOT_STYLE = (
    f"<style>.st-key-{KEY} {{ position: relative; }}"
    f" .st-key-{KEY} > :last-child {{ position: absolute; inset: 0; pointer-events: none; }}"
    # Its height while skipped: the plot, then below it ~11 lines of type (the x labels and
    # title, the key's three lines and their gaps), whatever the width and mode.
    " .count-plot:not(.plot-overlay) { content-visibility: auto;"
    " contain-intrinsic-size: auto calc(var(--plot) + 11 * var(--type)); }"
    " .count-plot .count-hover > i { width: 12px; height: 12px; background: transparent; }"
    " .count-plot .count-hover > b { position: absolute; left: 0; right: 0; height: 8px;"
    " transform: translateY(50%); }"
    " .count-plot .dot { position: absolute; width: 12px; height: 12px; border-radius: 50%;"
    f" background: {MODALITY_COLOURS['image']}; transform: translate(-50%, 50%); pointer-events: auto; }}"
    " .count-plot.presenting .dot { width: 18px; height: 18px; }"
    " .count-plot .here { position: absolute; white-space: nowrap; font-weight: 700; color: #222222;"
    " transform: translate(10px, calc(100% + 6px)); }"
    " .count-plot .here.left { transform: translate(calc(-100% - 12px), -6px); }</style>"
)
