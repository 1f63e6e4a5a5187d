"""A plot's lines and grid as one SVG image stretched over the plot area of a plot drawn as
the page's own HTML (:mod:`lib.charts.html_plot`, which places the words and boxes around it).

``st.html`` sanitises with DOMPurify's html profile, which drops inline ``<svg>`` but
keeps an ``<img>`` whose source is a ``data:image/svg+xml`` URI. So the lines (and the grid)
are one SVG in a 1000×1000 box stretched to the plot (``preserveAspectRatio="none"``), each
stroke ``vector-effect="non-scaling-stroke"`` so it keeps its width whatever the plot's
shape, and its dashes in px; the words around it are HTML, so they never stretch with it.

Why a module of its own: the lines' geometry (paths in a box of :data:`BOX` units, broken at
values a log scale cannot place) and their encoding into a data URI are one idea, apart from
the words and boxes laid out around them; together they had grown
:mod:`lib.charts.html_plot` to 407 lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote, unquote

import numpy as np

#: The SVG's own box: a share s of the plot is 1000·s units (one decimal: 0.1 unit is under
#: 0.1 px on any plot narrower than 1,000 px).
BOX = 1000
#: What an SVG keeps as it is in its data URI: the rest (<, >, #, quotes of the page's HTML) is
#: percent-encoded, so the attribute holds no markup for the sanitiser to weigh.
URI_SAFE = " =:/,.-'"
#: An image of :func:`lines_image`, its SVG percent-encoded in the first group.
_LINES_IMAGE = re.compile(r'<img class="plot-lines" alt="" src="data:image/svg\+xml,([^"]*)">')
#: The grid's colour, as light as Streamlit's charts draw theirs.
GRID = "#e6e9ef"


def polyline_path(x_share: np.ndarray | Sequence[float], y_share: np.ndarray | Sequence[float]) -> str:
    """The SVG path of a line through the points (shares of the plot, y upwards) in the
    :data:`BOX`, broken wherever a point is not finite: a value a log scale cannot place (an
    empty bin's share of 0) is a gap, never a straight segment across it, which would draw
    pairs that were never seen. A point alone between gaps is a zero-length segment (drawn
    as a dot by a round line cap).

    >>> polyline_path([0, 0.5, 1], [0, 1, 0.25])
    'M0 1000 500 0 1000 750'
    >>> polyline_path([0, 0.25, 0.5, 0.75, 1], [0.5, 0.5, float("nan"), 0.1, 0.2])
    'M0 500 250 500M750 900 1000 800'
    >>> polyline_path([0, 0.5, 1], [float("nan"), 0.3, float("nan")])
    'M500 700 500 700'
    """
    xs = np.round(np.asarray(x_share, dtype=float) * BOX, 1)
    ys = np.round((1 - np.asarray(y_share, dtype=float)) * BOX, 1)
    runs, run = [], []
    for x, y, ok in zip(xs.tolist(), ys.tolist(), (np.isfinite(xs) & np.isfinite(ys)).tolist()):
        if ok:
            run.append(f"{x:g} {y:g}")
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return "".join("M" + " ".join(r if len(r) > 1 else r * 2) for r in runs)


@dataclass(frozen=True)
class Line:
    """One stroke of the plot's image: its path (:func:`polyline_path`), colour, width in px,
    dash pattern in px ("" for solid) and opacity."""

    path: str
    colour: str
    width: float = 2
    dash: str = ""
    opacity: float = 1


def grid_path(x_shares: Sequence[float], y_shares: Sequence[float]) -> str:
    """The grid's path: a vertical line at each x tick, a horizontal one at each y tick.

    >>> grid_path([0.5], [0.25])
    'M500 0V1000M0 750H1000'
    """
    vertical = "".join(f"M{x * BOX:.1f}".rstrip("0").rstrip(".") + f" 0V{BOX}" for x in x_shares)
    horizontal = "".join(f"M0 {(1 - y) * BOX:.1f}".rstrip("0").rstrip(".") + f"H{BOX}" for y in y_shares)
    return vertical + horizontal


def lines_image(lines: Sequence[Line], grid: str = "") -> str:
    """The plot's strokes (the grid first, then ``lines`` in order, the last on top) as an
    ``<img>`` filling the plot: an SVG in a data URI, stretched to any shape, its strokes
    keeping their width and dashes in px.

    >>> image = lines_image([Line("M0 0 10 10", "#0072B2", dash="6 4")])
    >>> image.startswith('<img class="plot-lines" alt="" src="data:image/svg+xml,%3Csvg ')
    True
    >>> "stroke='%230072B2'" in image and "stroke-dasharray='6 4'" in image and "<path" not in image
    True
    """
    strokes = [Line(grid, GRID, 1)] if grid else []
    paths = []
    for line in [*strokes, *lines]:
        dash = f" stroke-dasharray='{line.dash}'" if line.dash else ""
        faint = f" stroke-opacity='{line.opacity:g}'" if line.opacity < 1 else ""
        paths.append(
            f"<path d='{line.path}' stroke='{line.colour}' stroke-width='{line.width:g}'{dash}{faint}"
            " vector-effect='non-scaling-stroke'/>"
        )
    svg = (
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {BOX} {BOX}' preserveAspectRatio='none'>"
        "<g fill='none' stroke-linecap='round' stroke-linejoin='round'>"
        f"{''.join(paths)}</g></svg>"
    )
    return f'<img class="plot-lines" alt="" src="data:image/svg+xml,{quote(svg, safe=URI_SAFE)}">'


def inline_lines(html: str) -> str:
    """``html`` with each image of a plot's lines (:func:`lines_image`) written as the SVG it
    holds, inline, for a host that keeps inline SVG (:mod:`lib.ui.in_place`): the same strokes,
    without a document of its own for the browser to build for each image. The SVG takes the
    image's class (the plot's style places it) and is hidden from screen readers as the
    image's empty ``alt`` hid it.

    >>> inline = inline_lines("<p>" + lines_image([Line("M0 0 10 10", "#0072B2", dash="6 4")]) + "</p>")
    >>> inline.startswith('<p><svg class="plot-lines" aria-hidden="true" xmlns=')
    True
    >>> "<path d='M0 0 10 10' stroke='#0072B2' stroke-width='2' stroke-dasharray='6 4'" in inline
    True
    >>> inline_lines("<img src='x.png'>")
    "<img src='x.png'>"
    """
    return _LINES_IMAGE.sub(
        lambda m: unquote(m.group(1)).replace("<svg ", '<svg class="plot-lines" aria-hidden="true" ', 1), html
    )
