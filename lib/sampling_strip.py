"""The neighbour-correlation strip of Random images: one tick per image, noise near 0 and photos
near 1, drawn as the page's own HTML instead of a Vega-Lite chart.

Why not Vega-Lite: a new draw swaps new data into each chart the browser has drawn, and each
swap costs the browser ~12-14 ms of its main thread whatever the chart holds (parsing the
Arrow, running the view's dataflow, laying it out again at its width, rendering it: the chart
alone on a page against none, ``bench/bench_chart_updates.py`` at 489a349). Eighteen ticks on a fixed axis
need none of it: written into the block of HTML that already holds the statistics' heading,
the strip and its caption cost a new draw no element of their own. On the page, a new draw's
renderer CPU went from 93 to 89 ms with the strip, and from 86 to 81 ms once its markup was
halved (alternated runs against the page before, at a load of 7-15: every element and inline
style of a re-sent block is sanitised and parsed again).

It reads as the chart did: two labelled rows, vertical ticks coloured as the page colours noise
and photos, the axis fixed from −0.2 to 1 (grid every 0.05, labels every 0.1; every 0.2 on a
phone, where thirteen labels would touch), its title below, each tick's value on hover. Plain
strings: no Streamlit.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np

from lib.charts import NOISE, PRESENTING_FONT_PX, PROJECTOR_MIN_WIDTH, REAL, html_plot
from lib.charts.statistics_plots import NOISE_LABEL, REAL_LABEL
from lib.notation import signed

#: The axis: fixed, so every draw's ticks fall on the same scale (noise can dip below 0).
LOW, HIGH = -0.2, 1.0
#: Each row's height and a tick's length, in px (as the chart's: 110 px for two rows, 28-px ticks),
#: both 1.6× when presenting, as every chart of the page.
ROW_PX, TICK_PX = 55, 28
#: The rows, named as the statistics' plots name noise and photos.
NAMES = (NOISE_LABEL, REAL_LABEL)
TITLE = "correlation between neighbouring pixels"
#: Labels and titles as the page's plots write theirs (lib.charts.html_plot.INK); the grid as light.
INK, GRID = html_plot.INK, "#e6e9ef"


def _x(value: float) -> str:
    """Where ``value`` falls across the plot, as a share of its width.

    >>> _x(-0.2), _x(1.0), _x(0.4)
    ('0.000%', '100.000%', '50.000%')
    """
    return f"{(value - LOW) / (HIGH - LOW) * 100:.3f}%"


def strip_html(
    noise_corr: Sequence[float] | np.ndarray,
    real_corr: Sequence[float] | np.ndarray,
    *,
    presenting: bool = False,
) -> str:
    """The strip as one block of HTML: the rows' names beside a plot as wide as its column,
    every mark a box placed at its share of the plot's width (``st.html`` keeps no SVG).

    Values that are not finite (a flat photo has no correlation) draw no tick; values outside
    the axis are clamped to its ends, so no tick is lost off the plot.

    >>> block = strip_html([0.01, -0.02], [0.9, float("nan")])
    >>> block.count('<i class="tick'), '<i class="tick r" title="real photos: 0.900"' in block
    (3, True)
    >>> '<i class="tick n" title="uniform noise: −0.020" style="left: 15.000%">' in strip_html([-0.02], [])
    True

    Each mark carries only what differs between marks (its row's class, its place, its value):
    the browser sanitises and parses every attribute of the block again on each new draw, and
    the grid is the plot's background (:data:`STRIP_STYLE`), not 25 boxes.
    """
    scale = 1.6 if presenting else 1.0
    size = PRESENTING_FONT_PX if presenting else 12
    marks = []
    for i in range(round((HIGH - LOW) / 0.1) + 1):
        value = LOW + i * 0.1
        label = f"{value:.2f}".replace("-", "−")
        label = "0.00" if label == "−0.00" else label
        kind = "label odd" if i % 2 else "label"
        marks.append(f'<span class="{kind}" style="left: {_x(value)}">{label}</span>')
    for row, name, values in zip(("n", "r"), NAMES, (noise_corr, real_corr)):
        for value in np.asarray(values, dtype=float):
            if np.isfinite(value):
                x = _x(min(max(float(value), LOW), HIGH))
                marks.append(
                    f'<i class="tick {row}" title="{name}: {signed(value, 3)}" style="left: {x}"></i>'
                )
    names = "".join(f"<span>{html.escape(n)}</span>" for n in NAMES)
    label = f"One tick per image on an axis of {TITLE} from −0.2 to 1: {NAMES[0]} in one row, {NAMES[1]} in the other"
    return (
        f'<figure class="correlation-strip" role="img" aria-label="{html.escape(label)}"'
        f' style="--type: {size}px; --row: {round(ROW_PX * scale)}px; --tick: {round(TICK_PX * scale)}px">'
        f'<div class="strip-names">{names}</div><div class="strip-plot">{"".join(marks)}</div>'
        f'<div></div><div class="strip-title">{html.escape(TITLE)}</div></figure>'
    )


#: The strip's style: names in a column of their own beside the plot, each as tall as its row;
#: the plot as wide as what is left, its grid a line every 0.05 (24 steps, the last at its right
#: edge) drawn as its background; marks placed by their share of it (centred on their place),
#: each tick centred in its row, coloured as the page colours noise and photos; labels and
#: title at the charts' type size, in their grey. On a phone every other label is left out
#: (thirteen would touch in ~260 px). The plot keeps room at its right for its last label's half.
STRIP_STYLE = (
    "<style>.correlation-strip { display: grid; grid-template-columns: max-content 1fr; column-gap: 0.75rem;"
    f" margin: 0.5rem 1.5rem 0 0; font-size: var(--type); line-height: 1.2; color: {INK}; }}"
    " .correlation-strip .strip-names { display: flex; flex-direction: column; }"
    " .correlation-strip .strip-names span { display: flex; align-items: center; justify-content: flex-end;"
    " height: var(--row); }"
    " .correlation-strip .strip-plot { position: relative; height: calc(2 * var(--row));"
    f" margin-bottom: calc(var(--type) * 2); border-right: 1px solid {GRID};"
    f" background: repeating-linear-gradient(to right, {GRID} 0 1px, transparent 1px calc(100% / 24)); }}"
    " .correlation-strip .strip-plot > * { position: absolute; transform: translateX(-50%); }"
    " .correlation-strip .tick { width: 2px; height: var(--tick); opacity: 0.7;"  # as Vega draws a tick
    f" top: calc((var(--row) - var(--tick)) / 2); background: {NOISE}; }}"
    f" .correlation-strip .tick.r {{ top: calc(var(--row) + (var(--row) - var(--tick)) / 2); background: {REAL}; }}"
    " .correlation-strip .label { top: calc(100% + 0.4em); white-space: nowrap; }"
    " .correlation-strip .strip-title { text-align: center; margin-bottom: 0.5rem; }"
    " @media (max-width: 640px) { .correlation-strip .label.odd { display: none; } }"
    # A presenting page's type is a projector's only on a wide screen (lib.charts.PROJECTOR_MIN_WIDTH).
    f" @media (max-width: {PROJECTOR_MIN_WIDTH - 1}px) {{ .correlation-strip {{ --type: 12px !important; }} }}</style>"
)
