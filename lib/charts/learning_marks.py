"""Marks the Learning page's two plots need beyond :mod:`lib.charts.html_plot`'s: a histogram's
bins as one stepped line, a name beside each point, and a clear column over each bin that says
its values on hover. Plain strings: no Streamlit.

Why a module of its own: the published records and the two histograms are drawn with the
shared machinery (:func:`lib.charts.html_plot.plot_html`, the lines one SVG image,
:mod:`lib.charts.plot_lines`); what they add is theirs alone, and their style with it
(:data:`MARKS_STYLE`, written once with the page's), so html_plot stays as the other pages use it.

A histogram of 256 values stays cheap: each series is one path of the plot's SVG image
(``H``/``V`` steps, equal neighbours merged), never a box a bin; its hover is one bare
``<i title>`` a value in a grid of equal columns (no style of their own), each saying both
sets' shares, as Vega's tooltip said one.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np

from lib.charts import PROJECTOR_MIN_WIDTH
from lib.charts.html_plot import percent
from lib.charts.plot_lines import BOX


def step_path(y_share: np.ndarray | Sequence[float]) -> str:
    """A histogram's bins as one stepped line in the plot's SVG box (:data:`lib.charts.plot_lines.BOX`):
    bin ``i`` of ``n`` spans ``i/n`` to ``(i + 1)/n`` of the width at its share of the height
    (y upwards), a vertical step between neighbours; equal neighbours are one level. Shares
    that are not finite are drawn at 0 (a histogram has no gaps).

    >>> step_path([0.5, 0.5, 1.0, 0.0])
    'M0 500H500V0H750V1000H1000'
    """
    shares = np.nan_to_num(np.asarray(y_share, dtype=float), nan=0.0, posinf=0.0, neginf=0.0)
    n = len(shares)
    if n == 0:
        raise ValueError("a histogram needs at least one bin")
    ys = [f"{v:g}" for v in np.round((1 - shares) * BOX, 1).tolist()]
    xs = [f"{v:g}" for v in np.round(np.arange(1, n + 1) * BOX / n, 1).tolist()]
    path = [f"M0 {ys[0]}"]
    for i in range(1, n):
        if ys[i] != ys[i - 1]:
            path.append(f"H{xs[i - 1]}V{ys[i]}")
    path.append(f"H{xs[-1]}")
    return "".join(path)


def bin_columns(titles: Sequence[str]) -> str:
    """A clear column over each of the plot's equal bins, in order, saying ``titles[i]`` on
    hover: bare boxes in a grid as wide as the plot (:data:`MARKS_STYLE`), so each costs its
    words alone.

    >>> bin_columns(["0: a", "1: <b>"])
    '<div class="bin-columns" style="--bins: 2"><i title="0: a"></i><i title="1: &lt;b&gt;"></i></div>'
    """
    cells = "".join(f'<i title="{html.escape(t)}"></i>' for t in titles)
    return f'<div class="bin-columns" style="--bins: {len(titles)}">{cells}</div>'


#: Room between a point and its name, in the plot's type (em).
NAME_GAP_EM = 0.5


def point_names(x_share: Sequence[float], y_share: Sequence[float], names: Sequence[str]) -> str:
    """Each point's name beside it (shares of the plot): above and right of a point in the
    plot's left half, below and left of one in its right half, so that a falling line (each
    record lower than the last) runs clear of every name and no name runs off the plot's
    right. A name wraps rather than leave the plot: it is at most as wide as the room on its
    side (the plot area is a container, :data:`MARKS_STYLE`).

    >>> point_names([0.25, 0.75], [0.5, 0.2], ["A (2016)", "B & C"])
    '<span style="left:calc(25.00% + 0.5em);bottom:calc(50.00% + 0.5em);max-width:calc(75.00cqw - 0.5em)">A (2016)</span><span class="before" style="right:calc(25.00% + 0.5em);top:calc(80.00% + 0.5em);max-width:calc(75.00cqw - 0.5em)">B &amp; C</span>'
    """
    spans = []
    for x, y, name in zip(x_share, y_share, names):
        words = html.escape(name)
        if x <= 0.5:
            where = f"left:calc({percent(x)} + {NAME_GAP_EM}em);bottom:calc({percent(y)} + {NAME_GAP_EM}em)"
            room, kind = 1 - x, ""
        else:
            where = (
                f"right:calc({percent(1 - x)} + {NAME_GAP_EM}em);top:calc({percent(1 - y)} + {NAME_GAP_EM}em)"
            )
            room, kind = x, ' class="before"'
        room_css = f"max-width:calc({room * 100:.2f}cqw - {NAME_GAP_EM}em)"
        spans.append(f'<span{kind} style="{where};{room_css}">{words}</span>')
    return "".join(spans)


#: A histogram's x labels every 10 values need this much of the plot's width, in its type
#: (26 labels up to "250", each ~1.7 em with room between): narrower, every 50 only.
EVERY_TEN_EM = 66

#: The marks' style, written once with the page's (a new view re-sends no stylesheet): the
#: names beside the records' points, the records' larger dots (a screen's on a phone, as the
#: type), a histogram's hover columns (a faint band under the pointer), its x labels thinned
#: to every 50 on a narrower plot, no empty legend's room under a plot without one, and a y
#: title's "32×32" set sideways as the words around it (upright, × took a line's width) and
#: wrapped into even lines where it is longer than the plot is tall (a projector's type).
MARKS_STYLE = (
    "<style>"
    " .html-plot .plot-y-title span { text-orientation: sideways; text-wrap: balance; }"
    " .html-plot .point-names { position: absolute; inset: 0; container-type: inline-size; pointer-events: none; }"
    " .html-plot .point-names > span { position: absolute; width: max-content; line-height: 1.1;"
    " color: var(--text-color, #31333f); }"
    " .html-plot .point-names > span.before { text-align: right; }"
    " .html-plot.records-plot .dots > i { width: 10px; height: 10px; }"
    " .html-plot.records-plot.presenting .dots > i { width: 14px; height: 14px; }"
    " .html-plot .bin-columns { position: absolute; inset: 0; display: grid;"
    " grid-template-columns: repeat(var(--bins), minmax(0, 1fr)); }"
    # Only where a pointer hovers: a phone's tap would leave the band on until the next tap.
    " @media (hover: hover) { .html-plot .bin-columns > i:hover { background: rgba(49, 51, 63, 0.08); } }"
    f" @container (max-width: {EVERY_TEN_EM}em) {{ .html-plot.histogram-plot .minor {{ display: none; }} }}"
    f" @media (max-width: {PROJECTOR_MIN_WIDTH - 1}px) {{"
    " .html-plot.records-plot.presenting .dots > i { width: 10px; height: 10px; } }</style>"
)
