"""Every modality on one axis ("How many images?"), drawn as the page's own HTML: a bar per
example on one log axis of digit counts, its name above it, the current view's bar outlined
and named "▶ this view: ...". Plain strings: no Streamlit.

Why not Vega-Lite: the bars are the same for every view, only the outline and its words move
with the preset a view matches, yet any new data swapped into a drawn Vega view costs the
browser ~12-14 ms of its main thread whatever it holds (its dataflow, layout and rendering run
again: ``bench/bench_count_split.py``, the chart left out of a preset's rerun; a one-row swap
saved nothing over the 21 rows). Written into the block of words above it, which a preset
re-sends anyway, the chart costs the sanitiser and the parser ~90 elements instead.

Off screen the browser skips its layout and painting (``content-visibility: auto``, as the
page's charts), guessing its height from its rows and type (and keeping the height it last
had once drawn), so the page does not grow under the visitor's thumb as it comes into view.

How: each row is a box of the row's height holding the name and the bar, whose length is its
share of the log axis (a percentage of the plot, so the chart follows its column's width
without the server knowing it); the grid is one repeating gradient, a line every decade; tick
labels are boxes placed by percentage, every second or fourth left out on a narrow plot (a
container query, in units of the chart's type: the widest label is ~5 em). Hovering a bar
shows its name, kind and exact digit count (``title``).
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from functools import lru_cache

from lib.charts import MODALITY_COLOURS, PRESENTING_FONT_PX, PROJECTOR_MIN_WIDTH
from lib.charts.html_plot import INK, Scale, percent
from lib.charts.number_words import decade_words
from lib.charts.plot_lines import GRID

#: The kinds of data as the key names them, in its order.
MODALITY_NAMES = {"image": "Images", "text": "Text", "audio": "Audio", "video": "Video"}
AXIS_TITLE = "digits of the number of possible examples"
#: Room a tick label needs, in the chart's type (em): "100 million" is ~5 em wide.
LABEL_EM = 5.5


def axis_bars_html(
    names: Sequence[str],
    modalities: Sequence[str],
    digits: Sequence[int],
    current: Sequence[bool],
    *,
    presenting: bool = False,
) -> str:
    """Every example's digit count as a bar, shortest first, from 1 to twice the longest on a
    log axis; the current view's bar (a preset's; at most one) outlined, its name "▶ this
    view: ...". The key and the axis are at the top: the chart is taller than a screen.

    >>> chart = axis_bars_html(["a tweet", "a photo"], ["text", "image"], [331, 68181012], [False, True])
    >>> chart.count('<li class="bar'), chart.count("▶ this view")
    (2, 1)
    >>> 'title="a photo (Images): 68,181,012 digits"' in chart
    True
    >>> "a tweet (331 digits); this view, a photo (68,181,012 digits)" in chart
    True
    >>> axis_bars_html(["a"], ["text"], [0], [False])
    Traceback (most recent call last):
    ...
    ValueError: every example's count has at least one digit, not 0
    """
    if any(d < 1 for d in digits):
        raise ValueError(f"every example's count has at least one digit, not {min(digits)}")
    size = PRESENTING_FONT_PX if presenting else 12
    row, bar = (56, 16) if presenting else (34, 10)
    scale = Scale(1.0, 2.0 * max(digits, default=1), log=True)
    decades = math.log10(scale.high)
    ticks = range(math.floor(decades) + 1)
    labels = "".join(
        f'<span class="{_thinned(k)}" style="left: {percent(k / decades)}">{decade_words(k)}</span>'
        for k in ticks
    )
    order = sorted(range(len(names)), key=lambda i: digits[i])
    shares = scale.share([float(digits[i]) for i in order])
    rows = "".join(
        f'<li class="bar{" here" if current[i] else ""}" title="{html.escape(names[i])} '
        f'({MODALITY_NAMES[modalities[i]]}): {digits[i]:,} digits" style="--c: {MODALITY_COLOURS[modalities[i]]};'
        f' --w: {percent(share)}"><span>{"▶ this view: " if current[i] else ""}{html.escape(names[i])}</span></li>'
        for i, share in zip(order, shares.tolist())
    )
    key = "".join(
        f'<li><i style="--c: {MODALITY_COLOURS[m]}"></i>{name}</li>' for m, name in MODALITY_NAMES.items()
    )
    # What a screen reader says of it (role="img" hides the words inside), the view's bar too.
    described = "; ".join(
        f"{'this view, ' if current[i] else ''}{names[i]} ({digits[i]:,} digits)" for i in order
    )
    return (
        f'<figure class="axis-bars{" presenting" if presenting else ""}" role="img"'
        f' aria-label="{html.escape(AXIS_TITLE)}, on a log axis: {html.escape(described)}"'
        f' style="--type: {size}px; --row: {row}px; --bar: {bar}px; --decade: {percent(1 / decades)};'
        f' contain-intrinsic-size: auto {row * len(names) + round(7.3 * size)}px">'
        f'<ul class="axis-key">{key}</ul><div class="axis-title">{AXIS_TITLE}</div>'
        f'<div class="axis-ticks">{labels}</div><ol class="axis-rows">{rows}</ol></figure>'
    )


def _thinned(power: int) -> str:
    """A tick's class: ``t4`` for every fourth (always shown), ``t2`` for the other even ones
    (left out on a narrow plot), ``t1`` for the odd ones (left out on a narrower one).

    >>> [_thinned(k) for k in range(6)]
    ['t4', 't1', 't2', 't1', 't4', 't1']
    """
    return "t4" if power % 4 == 0 else "t2" if power % 2 == 0 else "t1"


def axis_bars_style(digits: Sequence[int]) -> str:
    """The chart's style, written once for the page (a preset re-sends no stylesheet).
    ``digits`` are the bars' (the same for every view): the axis's length in decades sets
    where its tick labels thin out, a label every decade needing ``LABEL_EM`` em of it.

    >>> "@container (max-width: 71.50em)" in axis_bars_style([5 * 10**12])  # 13 decades: 1 to 10^13
    True
    """
    decades = math.log10(2.0 * max(digits, default=1))
    every, second = LABEL_EM * decades, LABEL_EM * decades / 2
    return (
        "<style>.axis-bars { container-type: inline-size; content-visibility: auto; margin: 0;"
        " padding: 8px 16px 8px 8px;"
        f" font-size: var(--type); line-height: 1.2; color: {INK}; }}"
        " .axis-bars .axis-key { list-style: none; margin: 0 0 1em 0; padding: 0; display: flex; flex-wrap: wrap;"
        " gap: 0.3em 1.2em; }"
        " .axis-bars .axis-key li { margin: 0; padding: 0; font-size: var(--type); display: flex;"
        " align-items: center; gap: 0.4em; }"
        " .axis-bars .axis-key i { width: 0.9em; height: 0.9em; background: var(--c); }"
        " .axis-bars .axis-title { text-align: center; font-size: calc(var(--type) + 1px); margin: 0 0 0.6em 0; }"
        " .axis-bars .axis-ticks { position: relative; height: 1.2em; margin: 0 0 1.4em 0; }"
        " .axis-bars .axis-ticks span { position: absolute; transform: translateX(-50%); white-space: nowrap; }"
        " .axis-bars .axis-ticks span:first-child { transform: none; }"
        " .axis-bars .axis-rows { list-style: none; margin: 0; padding: 0;"
        f" background: repeating-linear-gradient(to right, {GRID} 0 1px, transparent 1px var(--decade)); }}"
        " .axis-bars .axis-rows li { position: relative; height: var(--row); margin: 0; padding: 0;"
        " font-size: var(--type); line-height: 1.2; color: #222222; }"
        " .axis-bars .axis-rows span { position: absolute; left: 2px; bottom: calc(50% + 4px); white-space: nowrap; }"
        " .axis-bars .axis-rows li::after { content: ''; position: absolute; left: 0; top: 50%; width: var(--w);"
        " height: var(--bar); background: var(--c); }"
        " .axis-bars .axis-rows li.here::after { outline: 2px solid #000000; outline-offset: -1px; }"
        f" @container (max-width: {every:.2f}em) {{ .axis-bars .axis-ticks .t1 {{ display: none; }} }}"
        f" @container (max-width: {second:.2f}em) {{ .axis-bars .axis-ticks .t2 {{ display: none; }} }}"
        # A presenting page's type is a projector's only on a wide screen (lib.charts.PROJECTOR_MIN_WIDTH).
        f" @media (max-width: {PROJECTOR_MIN_WIDTH - 1}px) {{ .axis-bars {{ --type: 12px !important; }} }}</style>"
    )


@lru_cache(maxsize=256)
def axis_bars_block(
    names: tuple[str, ...],
    modalities: tuple[str, ...],
    digits: tuple[int, ...],
    current: tuple[bool, ...],
    presenting: bool = False,
) -> str:
    """:func:`axis_bars_html`, built once per view (hashable arguments)."""
    return axis_bars_html(names, modalities, digits, current, presenting=presenting)
