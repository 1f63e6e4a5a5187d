"""Marks a plot of the page's own HTML (:mod:`lib.charts.html_plot`) lacks: a title with a
subtitle, a second y axis at the right, filled bands, hollow markers and their legend keys,
marked points with bold labels, invisible hover targets along a line, a label under a
reference line. Plain strings, no Streamlit.

Why a module of its own: :mod:`lib.charts.html_plot` is shared by every page's plots and keeps
what they all draw; these are what Random images' thinness study and diffusion path drew as
Vega-Lite charts and the statistics' plots never needed. Each adds to a plot built by
:func:`lib.charts.html_plot.plot_html`, never changing it: words and boxes are placed by
their share of the plot (``left``/``bottom`` percentages) inside its plot area (``points``),
or as further children of its figure (:func:`with_parts`), placed in the figure's grid by
:data:`MARKS_STYLE`, which the page writes once beside :data:`lib.charts.html_plot.PLOT_STYLE`.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

import numpy as np

from lib.charts.html_plot import Axis, Entry, dots_html, label_column, percent, point_boxes, tick_labels
from lib.charts.plot_lines import BOX, GRID, URI_SAFE

#: The ink of words written inside a plot (a reference line's label), as Vega wrote them.
LABEL_INK = "#333333"
#: A plot with a second y axis at its right: the figure's class (``Frame(kind=...)``), whose
#: grid gets two more columns for that axis's labels and title.
TWO_AXES = "two-axes"


def with_parts(figure: str, parts: str) -> str:
    """A plot (``figure``, as :func:`lib.charts.html_plot.plot_html` returns it) with ``parts``
    added as its last children: a heading (:func:`heading`), a right axis
    (:func:`right_axis`), pictures above the plot. Each is placed in the figure's grid by its
    class (:data:`MARKS_STYLE`), wherever it stands among the children.

    >>> with_parts('<figure class="html-plot"><div></div></figure>', "<p></p>")
    '<figure class="html-plot"><div></div><p></p></figure>'
    >>> with_parts("<div></div>", "<p></p>")
    Traceback (most recent call last):
    ...
    ValueError: with_parts adds to a plot_html figure, not to '<div></div>'
    """
    if not (figure.startswith('<figure class="html-plot') and figure.endswith("</figure>")):
        raise ValueError(f"with_parts adds to a plot_html figure, not to {figure[:40]!r}")
    return figure.removesuffix("</figure>") + parts + "</figure>"


def heading(title: str, subtitle: str = "") -> str:
    """A plot's title and, under it in lighter type, a subtitle: the plot's caption, across
    the top of its figure (give :func:`lib.charts.html_plot.plot_html` an empty title and add
    this with :func:`with_parts`). The words wrap at any width, where Vega cut a line too long
    for the chart: its titles were written as short lines for a phone.

    >>> heading("Thin <b>", "a & b")
    '<figcaption class="plot-title plot-heading">Thin &lt;b&gt;<span class="plot-subtitle">a &amp; b</span></figcaption>'
    """
    said = f'<span class="plot-subtitle">{html.escape(subtitle)}</span>' if subtitle else ""
    return f'<figcaption class="plot-title plot-heading">{html.escape(title)}{said}</figcaption>'


def right_axis(y: Axis) -> str:
    """A second y axis at the plot's right: its labels (each at its tick's share of the plot's
    height, the column as wide as the widest) and its title, reading downwards. For a figure
    of the class :data:`TWO_AXES`; add it with :func:`with_parts`.

    >>> from lib.charts.html_plot import Scale
    >>> right_axis(Axis(Scale(0, 1), (0.0, 1.0), "slope"))
    '<div class="plot-y2"><span class="plot-widest">0</span><span style="bottom: 0.00%">0</span><span style="bottom: 100.00%">1</span></div><div class="plot-y2-title"><span>slope</span></div>'
    """
    return (
        label_column(y, "plot-y2", tick_labels(y, "bottom"))
        + f'<div class="plot-y2-title"><span>{html.escape(y.title)}</span></div>'
    )


def round_capped(dash: Sequence[float], width: float) -> str:
    """A dash pattern in px (on, off, ...) for a line of ``width`` px as the lines' image draws
    it, with round caps (:func:`lib.charts.plot_lines.lines_image`): each cap adds half the
    width at both ends of a dash, so a dashed line of 3 px drawn "6 3" was solid. Each dash is
    drawn shorter and each gap longer by the width, so the line shows ``dash`` as Vega drew it
    (square ends). The legend's key draws ``dash`` itself.

    >>> round_capped((6, 3), 2), round_capped((6, 3), 3), round_capped((2, 2), 1), round_capped((), 2)
    ('4 5', '3 6', '1 3', '')
    """
    return " ".join(
        f"{max(length - width, 0) if i % 2 == 0 else length + width:g}" for i, length in enumerate(dash)
    )


def share_percent(value: float) -> str:
    """A share's tick label as a whole percentage (Vega's format ``%``).

    >>> [share_percent(v) for v in (0.0, 0.1, 1.0)]
    ['0%', '10%', '100%']
    """
    return f"{value:.0%}"


@dataclass(frozen=True)
class Band:
    """A filled band between two lines (shares of the plot, y upwards), as drawn under them:
    the range of several estimates at each x, say."""

    x: np.ndarray | Sequence[float]
    low: np.ndarray | Sequence[float]
    high: np.ndarray | Sequence[float]
    colour: str
    opacity: float = 0.2

    def path(self) -> str:
        """The band's outline in the :data:`lib.charts.plot_lines.BOX`: along its top, back
        along its bottom; the points either line cannot place are left out.

        >>> Band([0, 1], [0, 0.5], [0.5, 1], "#000").path()
        'M0 500L1000 0L1000 500L0 1000Z'
        """
        x, low, high = (np.asarray(v, dtype=float) for v in (self.x, self.low, self.high))
        kept = np.isfinite(x) & np.isfinite(low) & np.isfinite(high)
        xs = np.round(x[kept] * BOX, 1).tolist()
        tops = np.round((1 - high[kept]) * BOX, 1).tolist()
        bottoms = np.round((1 - low[kept]) * BOX, 1).tolist()
        corners = [*zip(xs, tops), *reversed(list(zip(xs, bottoms)))]
        return ("M" + "L".join(f"{a:g} {b:g}" for a, b in corners) + "Z") if corners else ""


def bands_image(bands: Sequence[Band], grid: str = "") -> str:
    """The grid (a path, :func:`lib.charts.html_plot.axes_grid`) and ``bands`` filled, as an
    ``<img>`` filling the plot under its lines' (:func:`lib.charts.plot_lines.lines_image`,
    drawn without a grid after this one): an SVG in a data URI, stretched to any shape.

    >>> image = bands_image([Band([0, 1], [0, 0], [1, 1], "#0072B2")], "M0 500H1000")
    >>> image.startswith('<img class="plot-lines" alt="" src="data:image/svg+xml,%3Csvg ')
    True
    >>> "fill='%230072B2' fill-opacity='0.2'" in image and "stroke='%23e6e9ef'" in image
    True
    """
    shapes = (
        [
            f"<path d='{grid}' fill='none' stroke='{GRID}' stroke-width='1' vector-effect='non-scaling-stroke'/>"
        ]
        if grid
        else []
    )
    shapes += [f"<path d='{b.path()}' fill='{b.colour}' fill-opacity='{b.opacity:g}'/>" for b in bands]
    svg = (
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {BOX} {BOX}' preserveAspectRatio='none'>"
        f"{''.join(shapes)}</svg>"
    )
    return f'<img class="plot-lines" alt="" src="data:image/svg+xml,{quote(svg, safe=URI_SAFE)}">'


#: The hollow markers' shapes (:func:`hollow_points`, :class:`ShapeEntry`).
SHAPES = ("circle", "square")


def hollow_points(
    x_share: np.ndarray, y_share: np.ndarray, titles: Sequence[str], colour: str, shape: str
) -> str:
    """Hollow markers (their outline only: one shows through another) of ``shape`` at the
    points, their values on hover (``titles``).

    >>> hollow_points(np.array([0.5]), np.array([0.25]), ["a"], "#000", "square")
    '<div class="dots hollow square" style="--c: #000"><i title="a" style="left:50.00%;bottom:25.00%"></i></div>'
    """
    if shape not in SHAPES:
        raise ValueError(f"a hollow marker is one of {', '.join(SHAPES)}, not {shape!r}")
    return dots_html(x_share, y_share, titles, colour, f"hollow {shape}")


def hover_points(x_share: np.ndarray, y_share: np.ndarray, titles: Sequence[str]) -> str:
    """Clear boxes along a line, each its point's value on hover (where Vega showed its
    tooltip): the line itself is an image, which has no items to hover.

    >>> hover_points(np.array([0.0]), np.array([1.0]), ["x <"])
    '<div class="dots hover"><i title="x &lt;" style="left:0.00%;bottom:100.00%"></i></div>'
    """
    return f'<div class="dots hover">{point_boxes(x_share, y_share, titles)}</div>'


def labelled_points(
    x_share: Sequence[float], y_share: Sequence[float], labels: Sequence[str], colours: Sequence[str]
) -> str:
    """Marked points, filled, each with its label in bold at its right, in its colour; the
    label is its value on hover too.

    >>> labelled_points([0.5], [0.9], ["photos: 92%"], ["#0072B2"])
    '<div class="marked" style="--c: #0072B2"><i title="photos: 92%" style="left:50.00%;bottom:90.00%"></i><b style="left:50.00%;bottom:90.00%">photos: 92%</b></div>'
    """
    marks = []
    for x, y, label, colour in zip(x_share, y_share, labels, colours, strict=True):
        where = f"left:{percent(x)};bottom:{percent(y)}"
        said = html.escape(label)
        marks.append(
            f'<div class="marked" style="--c: {colour}"><i title="{said}" style="{where}"></i>'
            f'<b style="{where}">{said}</b></div>'
        )
    return "".join(marks)


def level_label(y_share: float, text: str) -> str:
    """Words at the plot's left edge just under a level (a reference line's, or the plot's
    top edge at 1): what the line is, or a note on what lies above the plot.

    >>> level_label(0.75, "64 <")
    '<span class="level-label" style="bottom: 75.00%">64 &lt;</span>'
    """
    return f'<span class="level-label" style="bottom: {percent(y_share)}">{html.escape(text)}</span>'


@dataclass(frozen=True)
class ShapeEntry(Entry):
    """A legend entry whose key is its line (solid, or dashed by ``dash``) with its hollow
    marker (``shape``, one of :data:`SHAPES`) over the line's middle: the line, its dash and
    its marker as the plot draws them.

    >>> ShapeEntry("a", "#888", shape="square").key()
    '<span class="shape-key square" style="--c: #888"><i class="key stroke" style="--c: #888; background: #888"></i></span>'
    """

    shape: str = "circle"

    def key(self) -> str:
        if self.shape not in SHAPES:
            raise ValueError(f"a hollow marker is one of {', '.join(SHAPES)}, not {self.shape!r}")
        line = (
            Entry(self.label, self.colour, dash=self.dash).key()
            if self.dash
            else f'<i class="key stroke" style="--c: {self.colour}; background: {self.colour}"></i>'
        )
        return f'<span class="shape-key {self.shape}" style="--c: {self.colour}">{line}</span>'


def ticks_between(low: float, high: float, step: float) -> tuple[float, ...]:
    """Every multiple of ``step`` from ``low`` to ``high`` (both included when on a step),
    rounded as written (no 0.30000000000000004).

    >>> ticks_between(-0.2, 1.0, 0.1)[:3], ticks_between(0, 90, 10)[-1]
    ((-0.2, -0.1, 0.0), 90.0)
    """
    if not step > 0:
        raise ValueError(f"ticks need a step above 0, got {step:g}")
    first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    digits = max(0, -math.floor(math.log10(step)) + 1)
    return tuple(round(k * step, digits) + 0.0 for k in range(first, last + 1))


#: The marks' style, written once with :data:`lib.charts.html_plot.PLOT_STYLE` (the page's
#: plots below the draw are sent once a visit). A heading takes the figure's first row; a
#: figure of two axes has two more columns at its right, the right axis's labels (left-aligned,
#: placed as the left axis's) and its title, reading downwards; a plot without a legend keeps
#: no room for one.
MARKS_STYLE = (
    "<style>.html-plot .plot-heading { grid-row: 1; }"
    " .html-plot .plot-subtitle { display: block; font-size: var(--type); font-weight: 400; margin-top: 0.3em; }"
    f" .html-plot.{TWO_AXES} {{ grid-template-columns: auto auto minmax(0, 1fr) auto auto; padding-right: 0; }}"
    f" .html-plot.{TWO_AXES} .plot-y2 {{ grid-row: 2; grid-column: 4; position: relative; padding-left: 0.3em; }}"
    f" .html-plot.{TWO_AXES} .plot-y2 span:not(.plot-widest) {{ position: absolute; left: 0.3em;"
    " transform: translateY(50%); white-space: nowrap; }"
    f" .html-plot.{TWO_AXES} .plot-y2-title {{ grid-row: 2; grid-column: 5; display: flex; align-items: center; }}"
    f" .html-plot.{TWO_AXES} .plot-y2-title span {{ writing-mode: vertical-rl; text-align: center; }}"
    # Hollow markers: an outline 2 px wide (one shows through another); larger on a projector.
    " .html-plot .dots.hollow > i { width: 8px; height: 8px; box-sizing: border-box; background: transparent;"
    " border: 2px solid var(--c); }"
    " .html-plot.presenting .dots.hollow > i { width: 11px; height: 11px; }"
    " .html-plot .dots.hollow.square > i { border-radius: 0; }"
    " .html-plot .dots.hover > i { width: 10px; height: 10px; background: transparent; }"
    " .html-plot .shape-key { position: relative; flex: none; display: inline-flex; align-items: center; }"
    " .html-plot .shape-key::after { content: ''; position: absolute; left: 50%; top: 50%; width: 0.7em;"
    " height: 0.7em; box-sizing: border-box; border: 2px solid var(--c); border-radius: 50%;"
    " transform: translate(-50%, -50%); }"
    " .html-plot .shape-key.square::after { border-radius: 0; }"
    # Marked points: filled, their labels in bold at their right, in their colour.
    " .html-plot .marked > i { position: absolute; width: 9px; height: 9px; border-radius: 50%;"
    " background: var(--c); transform: translate(-50%, 50%); }"
    " .html-plot.presenting .marked > i { width: 12px; height: 12px; }"
    " .html-plot .marked > b { position: absolute; transform: translate(10px, 50%); white-space: nowrap;"
    " font-weight: 700; color: var(--c); pointer-events: none; }"
    f" .html-plot .level-label {{ position: absolute; left: 4px; transform: translateY(calc(100% + 3px));"
    f" color: {LABEL_INK}; }}</style>"
)
