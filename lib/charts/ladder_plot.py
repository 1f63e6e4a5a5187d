"""Memorise or model?'s ladder, bits per value of every model on three sets of patches and of
two lossless files, drawn as the page's own HTML.

Why not Vega-Lite, as it was: every new seed swapped new points into the drawn chart, and a
swap costs the browser ~12-14 ms of its main thread whatever the chart holds (parsing the
Arrow, running the view's dataflow, laying it out again: ``bench/bench_chart_updates.py`` at 489a349),
the last such swap a visitor made often. Written as HTML (a few dozen elements, sanitised and
parsed with the words under it, :mod:`lib.charts.html_plot` says how that was measured on
the other pages), the rows' height, the legend's wrap and the type are the page's own: the
whole ladder, its axis included, fits the first screen presented at 1280×720 (review 13,
Learn-1: as Vega it sat ~119 px below it, its legend three lines above the plot).

How it is laid out: a grid of three columns, the models' names, the plot and the figures
on the held-out patches, one row each of :data:`ROW_PX`; the legend wraps above as many
entries a line as fit, the x axis's labels and its title below. The grid lines and the
8-bit line are one SVG image stretched over the plot (:func:`lib.charts.plot_lines.lines_image`);
each marker is a box placed by its share of the x axis in the middle of its row (the two
series on training photos shifted above and below it), drawn by its series' class
(:data:`LADDER_STYLE`: an SVG shape as its background, the legend's keys the same boxes),
its model, series, figure and how it was counted on hover (``title``). No Streamlit.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from urllib.parse import quote

from lib.charts import BLUE, ORANGE, PINK, PRESENTING_FONT_PX, PROJECTOR_MIN_WIDTH, REFERENCE, SKY, VERMILION
from lib.charts.html_plot import INK, Axis, Scale, percent, tick_labels
from lib.charts.plot_lines import URI_SAFE, Line, grid_path, lines_image, polyline_path
from lib.density import PNG_METHOD, WEBP_METHOD, LadderResult


@dataclass(frozen=True)
class Series:
    """One kind of point on the ladder: its legend's words, colour, shape and fill, and how far
    (in markers' shifts) its markers sit below their row's middle (-1: above)."""

    label: str
    colour: str
    shape: str
    hollow: bool = False
    shift: int = 0


HELD_OUT = Series("photos never trained on (held out)", BLUE, "circle")
FRESH = Series("new patches of the training photos", SKY, "diamond", hollow=True, shift=-1)
TRAINING = Series("training patches", ORANGE, "triangle", hollow=True, shift=1)
PNG = Series("PNG file of the held-out patches", VERMILION, "square")
WEBP = Series("WebP file of the held-out patches", PINK, "cross")  # its row says lossless
#: The ladder's series in the legend's order. The two on training photos are hollow (their
#: outline only) and sit one above, one below the held-out circle, drawn last on top: none
#: hides another where their costs meet (uniform: all three at 8; review 11 saw them merge
#: into one blob on a phone when they shared a row's middle).
SERIES = (HELD_OUT, FRESH, TRAINING, PNG, WEBP)

#: Every figure the page shows of a model's or a file's bits per value is rounded to 3
#: decimals: the ladder's figures and hover texts, the cards and the notes (one rounding).
FIGURE_FORMAT = ".3f"
#: A marker's side in px: 14 on a screen, 18 on a projector.
MARKER_PX = {False: 14, True: 18}
#: How far the hollow markers sit above (fresh patches) and below (training patches) the
#: held-out circle in the row's middle, in px: the two never touch, and the circle over them
#: covers little of either.
SHIFT_PX = 11
#: A row's height in px: its markers (a shift and a half marker each way) and a few px clear
#: of the next row's, on a projector too. Review 11, Learning-0: rows sized by the screen's
#: height were 29 px presented at 1280×720 and every row's markers touched the next one's.
#: The plot is as tall as its rows, whatever the screen.
ROW_PX = {False: 40, True: 44}
#: Room in px between the plot's edges and the ends of its axis, so the outermost markers
#: stay inside the plot.
X_PADDING_PX = {False: 12, True: 16}
#: The gap in px between the plot and the figures' column right of it: each row's held-out
#: figure is written there, clear of every marker at any width (above its circle, a figure
#: sat on the row above's markers once rows were close: review 11 read PNG as 4.969).
FIGURE_GAP_PX = 10
#: Type in px off a projector (on one: :data:`lib.charts.PRESENTING_FONT_PX`).
TEXT_PX = 13
#: Narrower than this (the figure's width, px), the names break after their first word (on a
#: phone one line each took 40% of the width) and the x axis labels whole bits only.
NARROW_PX = 600
#: The x axis's ticks are half bits (on a 1920-px projector Vega's default put one every 0.2).
TICK_STEP = 0.5
#: Bits per value of a model that knows nothing about images (one byte a value): the dashed line.
RAW_BITS = 8.0


#: The x axis's title, in two parts that share a line where the plot is wide enough.
X_TITLE = ("bits per value (lower is better)", "figures at the right: held out, to 3 decimals")


@dataclass(frozen=True)
class Row:
    """One row of the ladder: a model (or a file) and its points, ``(series, bits)``, in
    drawing order (the held-out one last, on top), with how it was counted."""

    name: str
    points: tuple[tuple[Series, float], ...]
    counted: str

    @property
    def figure(self) -> float:
        """The row's figure in the column at the right: its cost on the held-out patches."""
        return self.points[-1][1]


def ladder_rows(ladder: LadderResult) -> list[Row]:
    """Every row of the ladder: each rung (on fresh and training patches, then held out), then
    the PNG and WebP files of the held-out patches, where they were computed.

    >>> from lib.density import fit_ladder
    >>> import numpy as np
    >>> noise = np.random.default_rng(0).integers(0, 256, (300, 16), dtype=np.uint8)
    >>> rows = ladder_rows(fit_ladder(noise[:200], noise[200:], 4, 1, samples=0))
    >>> [r.name for r in rows], [len(r.points) for r in rows]
    (['uniform', 'independent pixels', 'Gaussian', 'autoregressive', 'Gaussian mixture', 'PNG (lossless file)', 'WebP (lossless file)'], [2, 2, 2, 2, 2, 1, 1])
    """
    rows = [
        Row(
            r.name,
            tuple(
                (series, float(bits))
                for series, bits in (
                    (FRESH, r.fresh_bits_per_dim),
                    (TRAINING, r.train_bits_per_dim),
                    (HELD_OUT, r.bits_per_dim),
                )
                if bits is not None
            ),
            r.likelihood,
        )
        for r in ladder.rungs
    ]
    for name, series, bits, method in (
        ("PNG (lossless file)", PNG, ladder.png_bits_per_dim, PNG_METHOD),
        ("WebP (lossless file)", WEBP, ladder.webp_bits_per_dim, WEBP_METHOD),
    ):
        if bits is not None:
            rows.append(Row(name, ((series, float(bits)),), f"file size, exact: {method}"))
    return rows


def bits_axis(rows: list[Row]) -> Axis:
    """The x axis: it spans the figures and the 8-bit line, rounded out to half bits, not 0 to 9:
    a dot plot encodes no length, and from 0 a phone's points crowded its plot's right 45%
    (review 11, Learning-1). Whole bits are its major ticks, half bits minor (a narrow plot
    leaves their labels out).

    >>> axis = bits_axis([Row("a", ((HELD_OUT, 4.2),), ""), Row("b", ((HELD_OUT, 8.276),), "")])
    >>> axis.scale, axis.ticks[:3], axis.minor[:2]
    (Scale(low=4.0, high=8.5, log=False), (4.0, 4.5, 5.0), (4.5, 5.5))
    """
    every = [bits for row in rows for _, bits in row.points if math.isfinite(bits)] + [RAW_BITS]
    low = math.floor(min(every) / TICK_STEP) * TICK_STEP
    high = max(math.ceil(max(every) / TICK_STEP) * TICK_STEP, low + 2 * TICK_STEP)
    ticks = tuple(low + i * TICK_STEP for i in range(round((high - low) / TICK_STEP) + 1))
    return Axis(
        Scale(low, high),
        ticks,
        X_TITLE[0],
        minor=tuple(t for t in ticks if t != int(t)),
    )


def _marker_title(row: Row, series: Series, bits: float) -> str:
    """What a marker says on hover: the model, the series, the figure and how it was counted."""
    return f"{row.name}, {series.label}: {bits:{FIGURE_FORMAT}} bits per value ({row.counted})"


def description(rows: list[Row]) -> str:
    """What a screen reader says of the ladder (``role="img"`` reads this instead of the boxes):
    every figure, row by row.

    >>> description([Row("uniform", ((FRESH, 8.0), (HELD_OUT, 8.0)), "")]).split(": ", 1)[1]
    'uniform: 8.000 on held-out photos, 8.000 on new patches of the training photos.'
    """
    said = "; ".join(
        f"{row.name}: "
        + ", ".join(
            f"{bits:{FIGURE_FORMAT}} on {'held-out photos' if series is HELD_OUT else series.label}"
            for series, bits in sorted(row.points, key=lambda p: p[0] is not HELD_OUT)
        )
        for row in rows
    )
    return (
        "Bits per value of every model on three sets of patches and of two lossless files, lower "
        f"is better, guessing blindly takes {RAW_BITS:g}: {said}."
    )


def _name_html(name: str) -> str:
    """A row's name, breakable after its first word only (a narrow plot breaks it there)."""
    first, _, rest = name.partition(" ")
    words = f"<b>{html.escape(first)}</b> <b>{html.escape(rest)}</b>" if rest else html.escape(name)
    return f"<span><span>{words}</span></span>"


def ladder_html(ladder: LadderResult, *, presenting: bool = False) -> str:
    """The whole ladder as one block of HTML: the legend, the rows (names, markers over the grid
    and the dashed 8-bit line, held-out figures), the x axis. The type is a projector's when
    presenting (the style keeps it only on a wide screen), its rows taller, its markers larger.

    >>> from lib.density import fit_ladder
    >>> import numpy as np
    >>> noise = np.random.default_rng(0).integers(0, 256, (300, 16), dtype=np.uint8)
    >>> block = ladder_html(fit_ladder(noise[:200], noise[200:], 4, 1, samples=0))
    >>> block.count('<i class="mk s'), block.count("<li>"), block.count('<span class="fig"')
    (17, 5, 7)
    """
    rows = ladder_rows(ladder)
    x = bits_axis(rows)
    n = len(rows)
    raw = float(x.scale.share([RAW_BITS])[0])
    image = lines_image(
        [Line(polyline_path([raw, raw], [0, 1]), REFERENCE, 1, "2 3")],
        grid_path(x.scale.share(x.shown_ticks()).tolist(), []),
    )
    markers = "".join(
        f'<i class="mk s{SERIES.index(series)}" title="{html.escape(_marker_title(row, series, bits))}"'
        f' style="left:{percent(float(x.scale.share([bits])[0]))};top:{percent((i + 0.5) / n)}"></i>'
        for i, row in enumerate(rows)
        for series, bits in row.points
    )
    legend = "".join(f'<li><i class="mk s{i}"></i>{html.escape(s.label)}</li>' for i, s in enumerate(SERIES))
    size = PRESENTING_FONT_PX if presenting else TEXT_PX
    style = (
        f"--type: {size}px; --row: {ROW_PX[presenting]}px; --mk: {MARKER_PX[presenting]}px;"
        f" --shift: {SHIFT_PX}px; --pad: {X_PADDING_PX[presenting]}px"
    )
    return (
        f'<figure class="ladder-plot{" presenting" if presenting else ""}" role="img"'
        f' aria-label="{html.escape(description(rows))}" style="{style}">'
        f'<ul class="ladder-legend">{legend}</ul>'
        f'<div class="ladder-names">{"".join(_name_html(r.name) for r in rows)}</div>'
        f'<div class="ladder-area" style="height: {n * ROW_PX[presenting]}px">{image}{markers}</div>'
        '<div class="ladder-figures">'
        + "".join(f'<span class="fig">{r.figure:{FIGURE_FORMAT}}</span>' for r in rows)
        + "</div>"
        f'<div class="ladder-x">{tick_labels(x, "left")}</div>'
        f'<div class="ladder-x-title"><span>{X_TITLE[0]}</span><span>{X_TITLE[1]}</span></div></figure>'
    )


def _shape_svg(series: Series) -> str:
    """The series' marker as an SVG in a 20-unit box, its outline 2 px whatever its size."""
    paths = {
        "circle": "<circle cx='10' cy='10' r='9'/>",
        "diamond": "<path d='M10 1L19 10L10 19L1 10Z'/>",
        "triangle": "<path d='M10 2L19 18H1Z'/>",
        "square": "<path d='M2 2H18V18H2Z'/>",
        "cross": "<path d='M7 1H13V7H19V13H13V19H7V13H1V7H7Z'/>",
    }
    fill = "none" if series.hollow else series.colour
    return (
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 20 20'>"
        f"<g fill='{fill}' stroke='{series.colour}' stroke-width='2' vector-effect='non-scaling-stroke'>"
        f"{paths[series.shape]}</g></svg>"
    )


def _marker_rules() -> str:
    """Each series' marker drawn by its class: its shape as the box's background, and how far
    it sits from its row's middle."""
    rules = []
    for i, series in enumerate(SERIES):
        uri = quote(_shape_svg(series), safe=URI_SAFE)
        rules.append(f' .ladder-plot .mk.s{i} {{ background-image: url("data:image/svg+xml,{uri}"); }}')
        if series.shift:
            rules.append(f" .ladder-area > .mk.s{i} {{ margin-top: calc({series.shift} * var(--shift)); }}")
    return "".join(rules)


#: The ladder's style, written once with the page's (a new seed re-sends no stylesheet): a grid
#: of the names, the plot and the figures, each a column of rows as tall as ``--row``; the
#: legend wraps above them, the axis below. Markers are boxes centred on their place; the
#: held-out circle comes last in its row, so it is drawn over the two hollow ones.
LADDER_STYLE = (
    "<style>.ladder-plot { container-type: inline-size; display: grid; margin: 0 0 1rem 0;"
    " grid-template-columns: auto minmax(0, 1fr) auto; column-gap: 0;"
    f" font-size: var(--type); line-height: 1.2; color: {INK}; }}"
    " .ladder-plot > * { min-width: 0; }"
    " .ladder-plot .ladder-legend { grid-column: 1 / -1; display: flex; flex-wrap: wrap; column-gap: 1.6em;"
    " row-gap: 0.35em; list-style: none; margin: 0 0 0.6em 0; padding: 0; }"
    " .ladder-plot .ladder-legend li { display: flex; align-items: center; gap: 0.45em; margin: 0; padding: 0;"
    " font-size: var(--type); line-height: 1.2; white-space: nowrap; }"
    " .ladder-plot .mk { display: inline-block; flex: none; width: var(--mk); height: var(--mk);"
    " background: center / contain no-repeat; }"
    " .ladder-plot .ladder-names, .ladder-plot .ladder-figures { display: grid; grid-auto-rows: var(--row); }"
    " .ladder-plot .ladder-names > span { display: flex; align-items: center; justify-content: flex-end;"
    " text-align: right; white-space: nowrap; padding-right: 0.6em; }"
    " .ladder-plot .ladder-names b { font-weight: inherit; white-space: nowrap; }"
    " .ladder-plot .ladder-area { position: relative; margin: 0 var(--pad); }"
    " .ladder-plot .plot-lines { position: absolute; inset: 0; width: 100%; height: 100%; max-width: none; }"
    " .ladder-plot .ladder-area > .mk { position: absolute; transform: translate(-50%, -50%); }"
    f" .ladder-plot .ladder-figures {{ padding-left: {FIGURE_GAP_PX}px; color: var(--text-color, #31333f); }}"
    " .ladder-plot .ladder-figures > span { display: flex; align-items: center; white-space: nowrap; }"
    " .ladder-plot .ladder-x { grid-column: 2; position: relative; height: 1.2em; margin: 0.5em var(--pad) 0; }"
    " .ladder-plot .ladder-x span { position: absolute; transform: translateX(-50%); white-space: nowrap; }"
    " .ladder-plot .ladder-x-title { grid-column: 2; display: flex; flex-wrap: wrap; justify-content: center;"
    " column-gap: 0.4em; margin-top: 0.6em; text-align: center; }"
    " .ladder-plot .ladder-x-title span + span::before { content: '· '; }"
    + _marker_rules()
    + f" @container (max-width: {NARROW_PX}px) {{ .ladder-plot .minor {{ display: none; }}"
    " .ladder-plot .ladder-names > span > span { white-space: normal; width: min-content; }"
    " .ladder-plot .ladder-x-title { flex-direction: column; }"
    " .ladder-plot .ladder-x-title span + span::before { content: none; } }"
    # A presenting page's type is a projector's only on a wide screen (lib.charts.PROJECTOR_MIN_WIDTH).
    f" @media (max-width: {PROJECTOR_MIN_WIDTH - 1}px) {{ .ladder-plot {{ --type: {TEXT_PX}px !important; }} }}</style>"
)
