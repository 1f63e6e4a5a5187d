"""A line plot drawn as the page's own HTML: its lines one SVG image stretched over the plot,
its words and points boxes placed by their share of it. Plain strings: no Streamlit.

Why not Vega-Lite: a new draw of Random images swaps new data into each chart the browser has
drawn, and each swap costs the browser ~12-14 ms of its main thread whatever the chart holds
(parsing the Arrow, running the view's dataflow, laying it out again, rendering: the chart
alone on a page against none, ``bench/bench_chart_updates.py`` at 489a349); the page's two
statistics charts were ~27 ms of a new draw's renderer CPU (``bench/bench_draw_split.py``). A plot
written into the draw's HTML costs the sanitiser and the parser a few dozen elements instead:
with both plots (one element with their captions), a new seed's renderer CPU went from 82-92
to 68-72 ms and its painted time from 132-217 to 118-169 ms (6 alternated rounds of 8 reruns
against the Vega charts, lower in every round; empty page ~20 ms; load 4-8); left out
altogether, the plots and captions now save ~10 ms of it.

How: the lines (and the grid) are one SVG image stretched over the plot
(:mod:`lib.charts.plot_lines`); the tick labels, the axis titles, the legend and the points are
HTML, placed by percentage, so text never stretches with the plot and reflows on a phone. A
point's value shows on hover (its ``title``).
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from lib.charts import PROJECTOR_MIN_WIDTH
from lib.charts.plot_lines import grid_path

#: The plots' secondary words (ticks, axis titles, legend): Streamlit's charts' grey (#808495)
#: darkened to 5.1:1 on white, where it was 3.7:1, under the 4.5:1 small type needs (WCAG AA)
#: and pale from the back of a room on a washed-out projector (review, 27 Nov).
INK = "#696D7D"


@dataclass(frozen=True)
class Scale:
    """An axis from ``low`` to ``high``, linear or logarithmic.

    >>> Scale(1e-5, 1, log=True).share(np.array([1e-5, 1e-3, 1.0])).tolist()
    [0.0, 0.4, 1.0]
    >>> Scale(-255, 255).share(np.array([0.0])).tolist()
    [0.5]
    >>> Scale(0, 1, log=True)
    Traceback (most recent call last):
    ...
    ValueError: a log scale needs 0 < low < high, got 0 and 1
    """

    low: float
    high: float
    log: bool = False

    def __post_init__(self) -> None:
        if not (self.low < self.high and (not self.log or self.low > 0)):
            kind = "log scale needs 0 < low < high" if self.log else "scale needs low < high"
            raise ValueError(f"a {kind}, got {self.low:g} and {self.high:g}")

    def share(self, values: np.ndarray | Sequence[float]) -> np.ndarray:
        """Where each value falls along the axis, 0 at ``low`` and 1 at ``high`` (not clamped;
        a value a log scale cannot place, 0 or below, is NaN: a gap, never a point)."""
        v = np.asarray(values, dtype=float)
        if not self.log:
            return (v - self.low) / (self.high - self.low)
        with np.errstate(divide="ignore", invalid="ignore"):
            logged = np.where(v > 0, np.log10(np.where(v > 0, v, 1.0)), np.nan)
        return (logged - math.log10(self.low)) / (math.log10(self.high) - math.log10(self.low))


def decades(low: float, high: float) -> Scale:
    """A log scale from the power of ten at or below ``low`` to the one at or above ``high``
    (as Vega's "nice" log scale: every decade whole).

    >>> decades(130.0, 2.1e5)
    Scale(low=100.0, high=1000000.0, log=True)
    """
    if not 0 < low <= high:
        raise ValueError(f"decades need 0 < low <= high, got {low:g} and {high:g}")
    bottom, top = math.floor(math.log10(low)), math.ceil(math.log10(high))
    return Scale(10.0**bottom, 10.0 ** max(top, bottom + 1), log=True)


def number_label(value: float) -> str:
    """A tick's label as Vega writes it: thousands separated, no exponent, a true minus.

    >>> [number_label(v) for v in (1e6, 100.0, 0.5, 1e-5, -250.0, 0.0)]
    ['1,000,000', '100', '0.5', '0.00001', '−250', '0']
    """
    if value == int(value) and abs(value) < 1e15:
        text = f"{int(value):,}"
    else:
        text = np.format_float_positional(value, trim="-")
    return text.replace("-", "−")


def percent(share: float) -> str:
    """A share as a CSS percentage.

    >>> percent(0.6), percent(1 / 3)
    ('60.00%', '33.33%')
    """
    return f"{share * 100:.2f}%"


#: A tick step is one of these times a power of ten (as Vega's "nice" ticks).
STEPS = (1, 2, 5)


def round_ticks(low: float, high: float, intervals: int = 6) -> tuple[float, ...]:
    """Ticks at the smallest round step (1, 2 or 5 times a power of ten) that spans ``low`` to
    ``high`` in at most ``intervals`` steps, from the tick at or below ``low`` to the one at or
    above ``high``, each rounded to its step's decimals (no 0.6000000000000001).

    >>> round_ticks(2.55, 3.14, 5)
    (2.4, 2.6, 2.8, 3.0, 3.2)
    >>> round_ticks(0, 1.49, 8)
    (0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6)
    >>> round_ticks(0, 3.7, 8)
    (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0)
    >>> round_ticks(3, 1)
    Traceback (most recent call last):
    ...
    ValueError: ticks need low < high, got 3 and 1
    """
    if not (math.isfinite(low) and math.isfinite(high) and low < high) or intervals < 1:
        raise ValueError(f"ticks need low < high, got {low:g} and {high:g}")
    power = 10.0 ** math.floor(math.log10((high - low) / intervals))
    for step in (s * power * ten for ten in (1, 10, 100) for s in STEPS):
        first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
        if last - first <= intervals:
            decimals = step_decimals(step)
            return tuple(round(k * step, decimals) for k in range(first, last + 1))
    raise AssertionError("unreachable: a step of 100 times the range spans it in one")


def step_decimals(step: float) -> int:
    """How many decimals a tick step needs: 0 for 5 or 10, 1 for 0.2, 2 for 0.05.

    >>> step_decimals(10.0), step_decimals(0.2), step_decimals(0.05)
    (0, 1, 2)
    """
    return max(0, -math.floor(math.log10(step) + 1e-9))


def fixed_words(decimals: int):
    """A tick's words with ``decimals`` decimals every one (0.0, 0.2, ... 1.0, as Vega writes a
    linear axis), a true minus.

    >>> words = fixed_words(1)
    >>> words(1.0), words(-0.4), words(-0.0), words(-3.5)
    ('1.0', '−0.4', '0.0', '−3.5')
    """

    def words(value: float) -> str:
        return f"{value + 0.0:,.{decimals}f}".replace("-", "−")  # + 0.0: no "−0.0"

    return words


@dataclass(frozen=True)
class Axis:
    """An axis's scale, its ticks (values) and title. ``minor``: the ticks whose labels a
    narrow plot leaves out (every label shown would touch its neighbours there). ``words``
    writes a tick's label (:func:`number_label` unless given: "100 million" on a count's axis)
    as markup, placed unescaped (a power's ``<sup>``): it must escape any text it did not make
    (the talk's bar names are escaped before they become words)."""

    scale: Scale
    ticks: tuple[float, ...]
    title: str
    minor: tuple[float, ...] = ()
    words: Callable[[float], str] = number_label

    def shown_ticks(self) -> list[float]:
        """The ticks inside the scale (a fixed list is kept for every draw; those outside drop).

        >>> Axis(Scale(0.03, 0.5, log=True), (0.01, 0.05, 0.5), "f").shown_ticks()
        [0.05, 0.5]
        """
        return [t for t in self.ticks if self.scale.low <= t <= self.scale.high]


def tick_labels(axis: Axis, where: str) -> str:
    """An axis's labels, each placed at its tick's share of the axis from ``where`` (``left``
    for an x axis, ``bottom`` for a y axis); a minor tick's label has the class ``minor``.

    >>> tick_labels(Axis(Scale(0, 2), (0.0, 1.0, 2.0), "x", minor=(1.0,)), "left")
    '<span style="left: 0.00%">0</span><span class=minor style="left: 50.00%">1</span><span style="left: 100.00%">2</span>'
    """
    shown = axis.shown_ticks()
    return "".join(
        f'<span{" class=minor" if t in axis.minor else ""} style="{where}: {percent(s)}">{axis.words(t)}</span>'
        for t, s in zip(shown, axis.scale.share(shown))
    )


@dataclass(frozen=True)
class Entry:
    """A legend entry: its words and how its mark looks (``line``, ``dashed`` or ``point``).
    ``dash``: the dash pattern of its line in px (on, off, ...), drawn as the line draws it,
    for a legend whose lines are told apart by their dashes alone."""

    label: str
    colour: str
    mark: str = "line"
    dash: tuple[int, ...] = ()

    def key(self) -> str:
        """The entry's mark: a box styled by its class and colour, or its own dash pattern
        as a repeating gradient (CSS borders know only one dash).

        >>> Entry("a", "#888", dash=(6, 3)).key()
        '<i class="key stroke" style="--c: #888; background: repeating-linear-gradient(to right, #888 0 6px, transparent 6px 9px)"></i>'
        """
        if not self.dash:
            return f'<i class="key {self.mark}" style="--c: {self.colour}"></i>'
        stops, at = [], 0
        for i, length in enumerate(self.dash * (len(self.dash) % 2 + 1)):  # an odd pattern twice
            stops.append(f"{self.colour if i % 2 == 0 else 'transparent'} {at}px {at + length}px")
            at += length
        stops[0] = stops[0].replace(" 0px ", " 0 ")
        gradient = f"repeating-linear-gradient(to right, {', '.join(stops)})"
        return f'<i class="key stroke" style="--c: {self.colour}; background: {gradient}"></i>'


@dataclass(frozen=True)
class Frame:
    """A plot's box: its height in px (``presenting_height`` when presenting, 1.6× unless given,
    as every chart of the page) and ``kind``, a class of its own for the page's style. A plot
    and the overlay laid over it share one (:func:`overlay_html`): their grids must match.
    """

    height: int = 300
    presenting_height: int | None = None
    kind: str = ""

    def tall(self, presenting: bool) -> int:
        """The plot's height in px in this mode.

        >>> Frame(380, 520).tall(True), Frame(300).tall(True), Frame(300).tall(False)
        (520, 480, 300)
        """
        return (self.presenting_height or round(self.height * 1.6)) if presenting else self.height


def axes_grid(x: Axis, y: Axis) -> str:
    """The grid's path for a plot's two axes: a line at each tick shown on either
    (:func:`lib.charts.plot_lines.grid_path`).

    >>> axes_grid(Axis(Scale(0, 10), (0.0, 5.0, 10.0), "x"), Axis(Scale(0, 1), (0.5,), "y"))
    'M0 0V1000M500 0V1000M1000 0V1000M0 500H1000'
    """
    return grid_path(x.scale.share(x.shown_ticks()).tolist(), y.scale.share(y.shown_ticks()).tolist())


def plot_html(
    title: str,
    x: Axis,
    y: Axis,
    image: str,
    legend: Sequence[Entry],
    *,
    points: str = "",
    description: str,
    presenting: bool = False,
    frame: Frame = Frame(),
) -> str:
    """The whole plot as one block of HTML: its title above (none if empty), the y axis's
    title and labels at its left, the plot (``image``, then ``points``), the x axis's labels
    and title below it, then the legend, one entry a line. ``description`` is what a screen
    reader says of it; ``frame``, its height and class. The type is a projector's when
    presenting (the style keeps it only on a wide screen).
    """

    entries = "".join(f"<li>{e.key()}{html.escape(e.label)}</li>" for e in legend)
    caption = f'<figcaption class="plot-title">{html.escape(title)}</figcaption>' if title else ""
    return (
        _figure(description, presenting, frame)
        + caption
        + _y_side(y, tick_labels(y, "bottom"))
        + f'<div class="plot-area">{image}{points}</div>'
        f'<div class="plot-x">{tick_labels(x, "left")}</div>'
        f'<div class="plot-x-title">{html.escape(x.title)}</div>'
        f'<ul class="plot-legend">{entries}</ul></figure>'
    )


def _figure(description: str, presenting: bool, frame: Frame, overlay: bool = False) -> str:
    """A plot's opening tag: its classes, what a screen reader says, its type and height."""
    from lib.charts import PRESENTING_FONT_PX

    size = PRESENTING_FONT_PX if presenting else 12
    kinds = ("html-plot", frame.kind, "plot-overlay" if overlay else "", "presenting" if presenting else "")
    classes = " ".join(c for c in kinds if c)
    return (
        f'<figure class="{classes}" role="img" aria-label="{html.escape(description)}"'
        f' style="--type: {size}px; --plot: {frame.tall(presenting)}px">'
    )


def _y_side(y: Axis, labels: str) -> str:
    """The y axis's title and its labels' column (:func:`label_column`): what places the plot,
    in the plot and in its overlay alike."""
    return f'<div class="plot-y-title"><span>{html.escape(y.title)}</span></div>' + label_column(
        y, "plot-y", labels
    )


def label_column(y: Axis, kind: str, labels: str) -> str:
    """A y axis's column of ``labels`` (a class ``kind``: ``plot-y`` at the left, another for a
    second axis), as wide as its widest label, kept in the flow hidden: every plot and axis
    that places its plot by its labels' width builds it here.

    >>> label_column(Axis(Scale(0, 10), (0.0, 10.0), "y"), "plot-y", "")
    '<div class="plot-y"><span class="plot-widest">10</span></div>'
    """
    widest = max((y.words(t) for t in y.shown_ticks()), key=len, default="")
    return f'<div class="{kind}"><span class="plot-widest">{widest}</span>{labels}</div>'


def overlay_html(
    y: Axis,
    marks: str,
    *,
    description: str,
    presenting: bool = False,
    frame: Frame = Frame(),
) -> str:
    """Marks over a plot drawn by :func:`plot_html` with the same ``y`` axis and ``frame``, as an
    element of their own (placed over the plot's by the page's style, :data:`OVERLAY_STYLE`):
    what moves from one view to the next (a marked point and its name) is sent and drawn
    alone, while the plot, the same bytes, is left as the browser drew it. Its grid is the
    plot's, only the axis's title and widest label (hidden) to place the plot area the same.

    >>> y = Axis(Scale(1, 100, log=True), (1.0, 10.0, 100.0), "digits")
    >>> block = overlay_html(y, "<i></i>", description="this view")
    >>> block.count("<span"), '<div class="plot-area"><i></i></div></figure>' in block
    (2, True)
    """
    return (
        _figure(description, presenting, frame, overlay=True)
        + _y_side(y, "")
        + f'<div class="plot-area">{marks}</div></figure>'
    )


def point_boxes(x_share: np.ndarray, y_share: np.ndarray, titles: Sequence[str]) -> str:
    """A dot at each point (shares of the plot), its value on hover (``titles``); a point the
    scales cannot place is left out. Each dot carries only what differs between dots (no
    class, no spaces: a 512-px view draws 512 of them): their look and colour are their
    block's (``<div class="dots" style="--c: …">``, :data:`PLOT_STYLE`).

    >>> point_boxes(np.array([0.5, np.nan]), np.array([0.25, 0.1]), ["a", "b"])
    '<i title="a" style="left:50.00%;bottom:25.00%"></i>'
    """
    return "".join(
        f'<i title="{html.escape(t)}" style="left:{percent(x)};bottom:{percent(y)}"></i>'
        for x, y, t in zip(x_share.tolist(), y_share.tolist(), titles)
        if math.isfinite(x) and math.isfinite(y)
    )


def dots_html(
    x_share: np.ndarray, y_share: np.ndarray, titles: Sequence[str], colour: str, kind: str = ""
) -> str:
    """A series' dots (:func:`point_boxes`) in their block, which gives them their colour and,
    with ``kind``, a look of its own (a hollow marker's class).

    >>> dots_html(np.array([0.5]), np.array([0.25]), ["a"], "#0072B2", "hollow circle")
    '<div class="dots hollow circle" style="--c: #0072B2"><i title="a" style="left:50.00%;bottom:25.00%"></i></div>'
    """
    classes = f"dots {kind}" if kind else "dots"
    return f'<div class="{classes}" style="--c: {colour}">{point_boxes(x_share, y_share, titles)}</div>'


#: Narrower than this (the figure's width, px), a plot's minor tick labels are left out:
#: with a screen's type, and with a projector's.
NARROW_PX, NARROW_PRESENTING_PX = 420, 720

#: The plots' style, written once beside the draw (a new draw re-sends no stylesheet). The
#: figure is a grid: the y title and labels in columns as wide as their words, the plot
#: taking the rest, the x labels under it; every label is centred on its share of the plot
#: (boxes placed by percentage), the widest y label kept in the flow (hidden) so the column
#: is as wide as it. The figure keeps room at its right for the last x label's half, as
#: padding inside its own box: a figure whose paint is contained (the count plot's
#: ``content-visibility: auto``) clips at its border, and in a margin "10,000" was cut to
#: "10,00" on a phone (review 13, Comb-11).
PLOT_STYLE = (
    "<style>.html-plot { container-type: inline-size; display: grid; margin: 0 0 1rem 0;"
    " padding-right: 1.2em;"
    " grid-template-columns: auto auto minmax(0, 1fr); grid-template-rows: auto var(--plot) auto auto auto;"
    f" column-gap: 0.4em; font-size: var(--type); line-height: 1.2; color: {INK}; }}"
    " .html-plot > * { min-width: 0; }"
    " .html-plot .plot-title { grid-column: 1 / -1; font-size: calc(var(--type) + 2px); font-weight: 600;"
    " color: var(--text-color, #31333f); opacity: 1; margin: 0 0 1em 0; line-height: 1.3; }"
    " .html-plot .plot-y-title { grid-row: 2; display: flex; align-items: center; }"
    " .html-plot .plot-y-title span { writing-mode: vertical-rl; transform: rotate(180deg); text-align: center; }"
    " .html-plot .plot-y { grid-row: 2; position: relative; padding-right: 0.3em; }"
    " .html-plot .plot-widest { visibility: hidden; display: block; height: 0; }"
    " .html-plot .plot-y span:not(.plot-widest) { position: absolute; right: 0.3em; transform: translateY(50%);"
    " white-space: nowrap; }"
    " .html-plot .plot-area { grid-row: 2; grid-column: 3; position: relative; }"
    " .html-plot .plot-lines { position: absolute; inset: 0; width: 100%; height: 100%; max-width: none; }"
    " .html-plot .plot-x { grid-row: 3; grid-column: 3; position: relative; height: 1.2em; margin-top: 0.5em; }"
    " .html-plot .plot-x span { position: absolute; transform: translateX(-50%); white-space: nowrap; }"
    " .html-plot .plot-x-title { grid-row: 4; grid-column: 3; text-align: center; margin-top: 0.8em; }"
    " .html-plot .plot-legend:empty { display: none; }"
    " .html-plot .plot-legend { grid-row: 5; grid-column: 3; list-style: none; margin: 1.6em 0 0 0; padding: 0; }"
    " .html-plot .plot-legend li { margin: 0 0 0.6em 0; padding: 0; font-size: var(--type); line-height: 1.2;"
    " display: flex; align-items: center; gap: 0.5em; }"
    " .html-plot .key { flex: none; width: 1.2em; border-top: 2px solid var(--c); }"
    " .html-plot .key.dashed { border-top: 3px dashed var(--c); }"
    " .html-plot .key.point { width: 0.9em; height: 0.9em; border: 0; border-radius: 50%; background: var(--c); }"
    " .html-plot .key.stroke { width: 2.5em; height: 2px; border: 0; }"
    # An overlay (overlay_html): its plot area alone shows, over the plot's; its marks take the hover.
    " .html-plot.plot-overlay { pointer-events: none; }"
    " .html-plot.plot-overlay > :not(.plot-area) { visibility: hidden; }"
    " .html-plot .dots { position: absolute; inset: 0; }"
    " .html-plot .dots > i { position: absolute; width: 6px; height: 6px; border-radius: 50%; background: var(--c);"
    " transform: translate(-50%, 50%); }"
    f" @container (max-width: {NARROW_PX}px) {{ .html-plot .minor {{ display: none; }} }}"
    f" @container (max-width: {NARROW_PRESENTING_PX}px) {{ .html-plot.presenting .minor {{ display: none; }} }}"
    # A presenting page's type is a projector's only on a wide screen (lib.charts.PROJECTOR_MIN_WIDTH).
    f" @media (max-width: {PROJECTOR_MIN_WIDTH - 1}px) {{ .html-plot {{ --type: 12px !important; }} }}</style>"
)
