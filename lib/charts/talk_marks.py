"""The marks of the talk's charts (:mod:`lib.charts.talk`), drawn as the page's own HTML with
the machinery of :mod:`lib.charts.html_plot`: the figure's grid and its axes' words
(:data:`~lib.charts.html_plot.PLOT_STYLE`), the grid and lines as one SVG image
(:mod:`lib.charts.plot_lines`), and the rest, bars, a tick, dots and words on the plot, boxes
placed by their share of it. Plain strings: no Streamlit.

Why not Vega-Lite, as they were: a phone opening the talk's link loaded Vega's ``embed.js``
(756 KB of script) for these three charts alone, and spent ~520 ms of its main thread in it at 4×
throttling before the step's first run ended (issue 14). Written as HTML they cost the
sanitiser and the parser a few dozen elements: such a phone's first load of step 3 received
1.11 MB where it received 1.46 MB, and its first run ended after a median 2.6 s where it
ended after 3.6 s (step 7: 2.2 s where 2.9 s; 6 loads each, on a shared machine). A key
press costs the same as before (``bench/bench_pages.py --against``: within ±3 ms, paired).

What differs from a page's plot (:func:`lib.charts.html_plot.plot_html`): a talk's chart fills
the box the step's layout gives it (``height: 100%`` of its keyed container, 64% of the
screen's height: ``assets/talk/talk.css``), its plot taking what its axes leave; and its type
follows that box, as the Vega charts' did (Vega has no rem, so they read their container's
size): labels 3.8% of the box's height and the words on the marks and axes' titles 10% more,
never below 18 px on a projector at least 1,000 px wide, to be read from the back of a room
(at 720 rows the box is 461 px: 3.8% would be 17.5); narrower, the box's width limits them too
(4.5% of it, never below 14 px: at 334 px wide, 18-px names would leave the plot no width), so
an 800×600 projector gets ~17 px. The box is a size
container (talk.css), so these are container units, worked out by the browser at any size
without the server knowing it. The talk is always presented (one mode): no ``presenting`` flag.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

from lib.charts.html_plot import Axis, Scale, label_column, percent, round_ticks, tick_labels
from lib.charts.number_words import SCALE_WORDS

#: The words' colour (Streamlit's text colour), for words that must be read, not glanced at.
INK = "#31333F"
#: Dark words on a light (grey) bar.
DARK = "#222222"


def count_words(value: float) -> str:
    """A linear axis's tick in words, as the Vega axes wrote it (their label expression, kept
    in ``tests/vega_number_words.py`` as this function's reference): "20 million", never "20M"
    (read as megabytes); past the quintillions, a power of ten, "2 × 10²¹".

    >>> [count_words(v) for v in (0, 20, 400_000, 20_000_000, 2.5e9, 7e12, 1e18, 3e21)]
    ['0', '20', '400,000', '20 million', '2.5 billion', '7 trillion', '1 quintillion', '3 × 10²¹']
    >>> count_words(1e22)
    '10²²'
    """
    if value < 1e6:
        return f"{value:,.12g}"
    for group, word in enumerate(SCALE_WORDS, start=2):
        if value < 10 ** (3 * group + 3):  # the last, quintillions, up to 10^21
            return f"{value / 10 ** (3 * group):,.12g} {word}"
    power = math.floor(math.log10(value))
    mantissa = f"{value / 10**power:.12g}"
    return ("" if mantissa == "1" else f"{mantissa} × ") + "10" + superscript(str(power))


_SUPERSCRIPTS = str.maketrans("−0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def superscript(text: str) -> str:
    """Digits (and a minus) as superscript characters, for a hover text (a ``title`` holds no markup).

    >>> superscript("−79")
    '⁻⁷⁹'
    """
    return text.translate(_SUPERSCRIPTS)


def nice_step(span: float, intervals: int) -> float:
    """The smallest step of 1, 2 or 5 times a power of ten that cuts ``span`` into at most
    ``intervals`` pieces: the second of :func:`lib.charts.html_plot.round_ticks` from 0.

    >>> nice_step(68_181_012, 8), nice_step(81, 8), nice_step(10, 10)
    (10000000.0, 20.0, 1.0)
    """
    if not span > 0 or intervals < 1:
        raise ValueError(f"a step cuts a span above 0 into at least one piece, not {span:g} into {intervals}")
    return round_ticks(0.0, span, intervals)[1]


#: Room for a bar axis's labels, in ems of their type: a phone's plot is at least 21 em wide
#: (its type follows its width), a projector's at least 25 (1024×768; 33 to 36 at 1280 and
#: 1920 px). Between them html_plot's narrow plot (a figure under 420 px) leaves the minor
#: labels out. A label is ~0.47 em a character wide (measured: "20 million" 4.1 em), and
#: needs 0.6 em clear of the next.
NARROW_EM, WIDE_EM = 21.0, 25.0
CHAR_EM, GAP_EM = 0.47, 0.6
#: At most this many labels on a bar's axis, however wide (Vega's ~5 ticks, and 0).
MOST_LABELS = 6


@dataclass(frozen=True)
class LinearTicks:
    """A linear axis from 0 to a whole number of steps: its grid lines (``grid``), its labelled
    ticks and those of them a narrow plot leaves out (``minor``)."""

    scale: Scale
    grid: tuple[float, ...]
    labelled: tuple[float, ...]
    minor: tuple[float, ...] = ()


def linear_ticks(high: float, *, lines: int = 10) -> LinearTicks:
    """Ticks for a bar's axis from 0 past ``high``, as Vega's "nice" axis drew them: a grid
    line every :func:`nice_step` (at most ``lines`` of them past 0), the axis ending at the
    first line at or past ``high``, and a label on every line, or every second (fifth, ...)
    one where their words (:func:`count_words`) would run into each other on a projector
    (:data:`WIDE_EM`); of those, the ones that would on a phone (:data:`NARROW_EM`) are minor.
    Labels are round numbers (1, 2 or 5 times a power of ten apart), and the last one, flush
    with the plot's end when it is there, needs half its width more.

    >>> ticks = linear_ticks(68_181_012)
    >>> ticks.scale.high, len(ticks.grid), [count_words(t) for t in ticks.labelled], ticks.minor
    (70000000.0, 8, ['0', '20 million', '40 million', '60 million'], ())
    >>> ticks = linear_ticks(4.1e9)
    >>> [count_words(t) for t in ticks.labelled], [count_words(t) for t in ticks.minor]
    (['0', '1 billion', '2 billion', '3 billion', '4 billion'], ['1 billion', '3 billion'])
    >>> [count_words(t) for t in linear_ticks(81).labelled]
    ['0', '20', '40', '60', '80']
    >>> linear_ticks(0)
    Traceback (most recent call last):
    ...
    ValueError: a bar's axis needs a length above 0, got 0
    """
    if not high > 0:
        raise ValueError(f"a bar's axis needs a length above 0, got {high:g}")
    step = nice_step(high, lines)
    grid = tuple(float(i * step) for i in range(math.ceil(high / step - 1e-9) + 1))
    last = len(grid) - 1

    def clear(every: int, room: float) -> bool:
        """Whether labels every ``every`` lines are clear of each other in ``room`` em."""
        widest = CHAR_EM * max(len(count_words(t)) for t in grid[::every])
        return room * every / last >= widest * (1.5 if last % every == 0 else 1) + GAP_EM

    def roundest(candidates: range, room: float, otherwise: int) -> int:
        """The first ``every`` whose labels are clear and step by 1, 2 or 5 times a power of ten
        (0, 1 million, 2 million; not 0, 600,000, 1.2 million) with three labels or more, else
        the first whose labels are clear, else ``otherwise``."""
        fitting = [k for k in candidates if clear(k, room)]
        round_steps = [k for k in fitting if nice_step(k * step, 1) == k * step and k * 2 <= last]
        return (round_steps or fitting or [otherwise])[0]

    wide = roundest(range(math.ceil(len(grid) / MOST_LABELS), last), WIDE_EM, last)
    narrow = roundest(range(wide, last, wide), NARROW_EM, last - last % wide)
    labelled = grid[::wide]
    return LinearTicks(
        Scale(0.0, grid[-1]), grid, labelled, tuple(t for t in labelled if round(t / step) % narrow)
    )


def axis_lines(title: Sequence[str]) -> str:
    """An axis's title as lines (each escaped), one under the other (two short lines fit a
    phone's chart where one long one would not).

    >>> axis_lines(["noise image side", "(pixels, RGB)"])
    'noise image side<br>(pixels, RGB)'
    """
    return "<br>".join(html.escape(line) for line in title)


def talk_plot_html(
    kind: str,
    x: Axis,
    area: str,
    *,
    description: str,
    x_title: Sequence[str],
    y: Axis | None = None,
    y_title: Sequence[str] = (),
) -> str:
    """A talk's chart as one figure laid out by :data:`~lib.charts.html_plot.PLOT_STYLE`'s grid:
    the y axis's title and labels at the left (none without ``y``), the plot (``area``: the
    lines' image and the marks), the x axis's labels and title (lines) below it. ``kind``
    names it for the page's style (``talk-<kind>``); ``description`` is what a screen reader
    says of it. The figure fills its box and its type follows the box (:data:`TALK_PLOT_STYLE`).

    >>> x = Axis(Scale(0, 10), (0.0, 5.0, 10.0), "bits")
    >>> figure = talk_plot_html("demo", x, "<i></i>", description="a <demo>", x_title=["bits", "(raw: 8)"])
    >>> figure.startswith('<figure class="html-plot talk-plot talk-demo no-y" role="img" aria-label="a &lt;demo&gt;">')
    True
    >>> '<div class="plot-x-title">bits<br>(raw: 8)</div>' in figure, figure.count("<span")
    (True, 3)
    """
    side = ""
    if y is not None:
        side = f'<div class="plot-y-title"><span>{axis_lines(y_title)}</span></div>' + label_column(
            y, "plot-y", tick_labels(y, "bottom")
        )
    return (
        f'<figure class="html-plot talk-plot talk-{kind}{"" if y else " no-y"}" role="img"'
        f' aria-label="{html.escape(description)}">'
        f'{side}<div class="plot-area">{area}</div>'
        f'<div class="plot-x">{tick_labels(x, "left")}</div>'
        f'<div class="plot-x-title">{axis_lines(x_title)}</div></figure>'
    )


def bar_html(top: float, height: float, length: float, colour: str, title: str, words: str = "") -> str:
    """A horizontal bar from the plot's left edge, ``length`` of its width long, from ``top``
    (shares of the plot's height, from its top) ``height`` high; its ``title`` on hover, and
    ``words`` (markup, escaped by the caller) written at its end, inside it (:data:`TALK_PLOT_STYLE`).

    >>> bar_html(0.25, 0.5, 0.8, "#0072B2", "uniform: 8.000", "<span>8.000</span>")
    '<b class="bar" title="uniform: 8.000" style="top:25.00%;height:50.00%;width:80.00%;--c:#0072B2"><span>8.000</span></b>'
    """
    return (
        f'<b class="bar" title="{html.escape(title)}" style="top:{percent(top)};height:{percent(height)};'
        f'width:{percent(max(length, 0.0))};--c:{colour}">{words}</b>'
    )


def dot_html(x: float, y: float, colour: str, title: str, *, marked: bool = False) -> str:
    """A dot at (``x``, ``y``) (shares of the plot, y upwards), its value on hover; ``marked``:
    the larger dot of the view the words speak of.

    >>> dot_html(0.5, 0.25, "#D55E00", "side 32", marked=True)
    '<i class="dot marked" title="side 32" style="left:50.00%;bottom:25.00%;--c:#D55E00"></i>'
    """
    return (
        f'<i class="dot{" marked" if marked else ""}" title="{html.escape(title)}"'
        f' style="left:{percent(x)};bottom:{percent(y)};--c:{colour}"></i>'
    )


def tick_html(top: float, height: float, colour: str, title: str) -> str:
    """A thick tick at the plot's left edge, from ``top`` (a share of the plot's height, from
    its top) ``height`` high: where a bar too thin to see starts.

    >>> tick_html(0.2, 0.3, "#999999", "atoms")
    '<i class="tick" title="atoms" style="top:20.00%;height:30.00%;--c:#999999"></i>'
    """
    return (
        f'<i class="tick" title="{html.escape(title)}" style="top:{percent(top)};height:{percent(height)};'
        f'--c:{colour}"></i>'
    )


def row_words(
    words: str, colour: str, *, beside: float | None = None, above: float | None = None, past: float = 0.0
) -> str:
    """Words (markup, escaped by the caller) naming a row of bars: ``beside`` its tick at the
    left edge, their middle at that share of the plot's height (from its top), or ``above``
    a bar whose top is at that share, from the left edge, the last line just over the bar.
    Words beside start ``past`` the share of the plot a bar covers, if it covers more than its
    tick: words half on a bar and half off it read as two broken lines (review, 27 Nov).

    >>> row_words("atoms", "#31333F", beside=0.25)
    '<span class="row-words beside" style="top:25.00%;color:#31333F">atoms</span>'
    >>> row_words("atoms", "#31333F", beside=0.25, past=0.2)
    '<span class="row-words beside" style="top:25.00%;color:#31333F;--past:20.00%">atoms</span>'
    >>> row_words("images", "#0072B2", above=0.6)
    '<span class="row-words above" style="bottom:40.00%;color:#0072B2">images</span>'
    """
    if (beside is None) == (above is None):
        raise ValueError("a row's words sit either beside its tick or above its bar")
    if beside is not None:
        kind, place = "beside", f"top:{percent(beside)}"
    else:
        kind, place = "above", f"bottom:{percent(1 - float(above or 0))}"
    shift = f";--past:{percent(past)}" if past else ""
    return f'<span class="row-words {kind}" style="{place};color:{colour}{shift}">{words}</span>'


def words_at(x: float, y: float, words: str, colour: str, *, towards: str = "up-right") -> str:
    """Words (markup, escaped by the caller) beside the point (``x``, ``y``) of the plot (shares,
    y upwards), ``towards`` ``"up-right"`` of it or ``"down-left"``: off a falling line, and
    inside the plot whichever half the point is in.

    >>> words_at(0.25, 0.75, "10<sup>−79</sup>", "#D55E00")
    '<span class="words up-right" style="left:25.00%;bottom:75.00%;color:#D55E00">10<sup>−79</sup></span>'
    """
    if towards not in ("up-right", "down-left"):
        raise ValueError(f"words sit up-right or down-left of their point, not {towards!r}")
    return (
        f'<span class="words {towards}" style="left:{percent(x)};bottom:{percent(y)};color:{colour}">'
        f"{words}</span>"
    )


#: The talk's charts' style, written once with the page's (talk.css makes each chart's box a
#: size container, 64% of the screen's height): the figure fills the box, its plot row taking
#: what the axes leave, its type from the box's size (the module's docstring says how); the
#: axes' titles and the words on the marks 10% larger than the labels, as the Vega charts'.
#: Its first rule names the figure by both its classes, to win over PLOT_STYLE's rule (a
#: screen's 12-px type below 1,000 px wide): the talk's type follows its box instead.
TALK_PLOT_STYLE = (
    "<style>.html-plot.talk-plot { --type: clamp(14px, min(max(3.8cqh, 18px), 4.5cqw), 40px) !important;"
    " height: 100%; box-sizing: border-box; margin: 0; padding: 0.6em 1.2em 0 0;"
    " grid-template-rows: 0 minmax(0, 1fr) auto auto 0; }"
    " .talk-plot.no-y { column-gap: 0; }"
    " .talk-plot .plot-x-title, .talk-plot .plot-y-title { font-size: 1.1em; line-height: 1.2; }"
    " .talk-plot .plot-x-title { margin-top: 0.5em; }"
    # Sideways, every character: upright in a vertical line, "×10" read "× 1 0" (the sign stood up).
    " .talk-plot .plot-y-title span { text-orientation: sideways; }"
    # Under the whole chart, ending at its right edge, where a plot beside its names is narrow:
    # in the plot's column alone a phone broke "bits per value on photos never seen" into four lines.
    " .talk-plot.talk-bits .plot-x-title { grid-column: 1 / -1; text-align: right; }"
    # The first and last labels of a bar's axis flush with the plot's ends (Vega's labelFlush).
    " .talk-plot.no-y .plot-x span:first-child { transform: none; }"
    ' .talk-plot.no-y .plot-x span:last-child[style$="left: 100.00%"] { transform: translateX(-100%); }'
    " .talk-plot .bar { position: absolute; left: 0; background: var(--c); }"
    " .talk-plot .bar > span { position: absolute; top: 50%; right: 0.35em; transform: translateY(-50%);"
    " font-size: 1.1em; font-weight: 700; line-height: 1; white-space: nowrap; }"
    " .talk-plot .bar > span.past { right: auto; left: calc(100% + 0.35em); }"
    " .talk-plot .tick { position: absolute; left: 0; width: 6px; background: var(--c); }"
    " .talk-plot .row-words { position: absolute; left: 0; max-width: 100%; font-size: 1.1em; font-weight: 700;"
    " line-height: 1.2; }"
    " .talk-plot .row-words.beside { left: calc(max(6px, var(--past, 0px)) + 0.6em);"
    " max-width: calc(100% - max(6px, var(--past, 0px)) - 0.6em);"
    " transform: translateY(-50%); }"
    " .talk-plot .row-words.above { padding-bottom: 0.25em; }"
    " .talk-plot .dot { position: absolute; width: max(8px, 0.5em); height: max(8px, 0.5em); border-radius: 50%;"
    " background: var(--c); transform: translate(-50%, 50%); }"
    " .talk-plot .dot.marked { width: max(18px, 1.05em); height: max(18px, 1.05em); }"
    " .talk-plot .words { position: absolute; font-size: 1.1em; font-weight: 700; line-height: 1.2;"
    " white-space: nowrap; }"
    " .talk-plot .words.up-right { transform: translate(0.75em, -0.45em); }"
    " .talk-plot .words.down-left { transform: translate(calc(-100% - 0.75em), calc(100% + 0.45em)); }"
    # Exponents carry step 5's ticks (10⁻¹ to 10⁻¹⁰⁰⁰⁰): larger than a superscript's usual 0.6 em.
    " .talk-plot sup { font-size: 0.8em; line-height: 0; vertical-align: 0.6em; }</style>"
)
