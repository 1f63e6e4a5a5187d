"""The talk's charts: few marks, large type, each filling the box its step's layout gives it.

Drawn as the page's own HTML (:mod:`lib.charts.talk_marks` says how, and why no longer
Vega-Lite): a figure the height of its box (a share of the screen's height, ``assets/talk/talk.css``),
so the plot fills the same share of a 1280×720 and a 1920×1080 projector, its type following
the box, read from the back of a room at 1080 rows and still fitting at 720. Legends are
avoided: every series is labelled on the plot itself. Each mark's value shows on hover.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from functools import lru_cache

from lib.charts import NOISE, REAL, REFERENCE
from lib.charts.html_plot import PLOT_STYLE, Axis, Scale, axes_grid, number_label
from lib.charts.plot_lines import Line, grid_path, lines_image, polyline_path
from lib.charts.talk_marks import (
    DARK,
    INK,
    TALK_PLOT_STYLE,
    bar_html,
    count_words,
    dot_html,
    linear_ticks,
    row_words,
    talk_plot_html,
    tick_html,
    words_at,
)
from lib.combinatorics import ImageFormat
from lib.talk.counting import against_atoms
from lib.talk.models import BitsFigures
from lib.talk.noise import odds_curve

#: The charts' style, once with the page's: html_plot's grid and the talk's marks.
STYLE = PLOT_STYLE + TALK_PLOT_STYLE

#: Step 2's two rows, as Vega's band scale laid them out (padding 0.4 outside, 0.5 between: a
#: row 0.217 of the plot high): the atoms' row first, then the count's, each label in its own
#: room (the count's in the gap above its bar).
ATOMS_TOP, COUNT_TOP, ROW = 0.174, 0.609, 0.217
DIGITS_TITLE = ("digits of the number (linear scale)",)


def digits_chart(photo_label: str, photo_digits: int, atoms_digits: int) -> str:
    """Two bars on one linear axis: the digits of the count against those of 10^80.

    On a linear scale the atoms' bar is invisible next to the count's: that is the point. So
    the atoms' row gets a thick tick at zero, labelled beside it as too thin to see (a bare
    label over an empty row pointed at nothing: review 9), in the words' ink (in the tick's
    light grey they were the faintest text on the slide, and they carry its punchline: review
    11), and each label sits in its own row. The label says "too thin" only where it is, under
    a hundredth of the axis: of an image the speaker typed so small that its count has fewer
    digits than the atoms (5×5 grey: 61), the atoms' bar is the longer one. The axis's numbers
    in words, "20 million" (not "20M", read as megabytes: review 7).

    >>> chart = digits_chart("possible photos", 68_181_012, 81)
    >>> chart.count('class="bar"'), chart.count('class="tick"'), "a bar too thin<br>to see at this scale" in chart
    (2, 1, True)
    >>> "too thin" in digits_chart("possible images", 61, 81)
    False
    """
    # Under a hundredth of the axis: a few pixels on a projector, none on a phone.
    thin = atoms_digits < max(photo_digits, atoms_digits) / 100
    ticks = linear_ticks(max(photo_digits, atoms_digits))
    x = Axis(ticks.scale, ticks.labelled, DIGITS_TITLE[0], minor=ticks.minor, words=count_words)
    atoms, photos = ticks.scale.share([atoms_digits, photo_digits]).tolist()
    atoms_name = "atoms in the universe (~10<sup>80</sup>)"
    # Short lines: one long line would not fit a phone's chart.
    atoms_words = f"{atoms_name}:<br>{atoms_digits:,} digits" + (
        ": a bar too thin<br>to see at this scale" if thin else ""
    )
    label = html.escape(photo_label)
    marks = (
        bar_html(ATOMS_TOP, ROW, atoms, REFERENCE, f"atoms in the universe (~10⁸⁰): {atoms_digits:,} digits")
        + tick_html(ATOMS_TOP, ROW, REFERENCE, f"atoms in the universe (~10⁸⁰): {atoms_digits:,} digits")
        + bar_html(COUNT_TOP, ROW, photos, REAL, f"{photo_label}: {photo_digits:,} digits")
        # Past the atoms' bar when it shows and leaves room (a typed image of 100-3,000 digits:
        # half on it, half off, the words read as two broken lines); a bar past half the axis (an
        # image with fewer digits than the atoms) holds its words.
        + row_words(
            atoms_words, INK, beside=ATOMS_TOP + ROW / 2, past=atoms if not thin and atoms < 0.5 else 0.0
        )
        + row_words(f"{label}:<br>{photo_digits:,} digits", REAL, above=COUNT_TOP)
    )
    grid = grid_path(ticks.scale.share(ticks.grid).tolist(), [])
    return talk_plot_html(
        "digits",
        x,
        lines_image([], grid) + marks,
        description=(
            f"Digits of the number, on a linear scale: atoms in the universe (~10^80) {atoms_digits:,} digits"
            + (", a bar too thin to see at this scale" if thin else "")
            + f"; {photo_label} {photo_digits:,} digits"
        ),
        x_title=DIGITS_TITLE,
    )


#: Step 5's axes' titles: two lines each (one would not fit a phone). Each line down is ten
#: times the exponent (a log of a log): said on the axis, or the room reads 10⁻¹⁰⁰ to 10⁻¹⁰⁰⁰
#: as one more step of the same size (review 13, Talk-12).
ODDS_X_TITLE = ("noise image side", "(pixels, RGB)")
ODDS_Y_TITLE = ("chance, at most", "(each line: the exponent ×10)")
#: Room at each end of the sides' axis, in doublings: the first and last dots inside the plot.
SIDE_PADDING = 0.25


def chance_words(exponent: float) -> str:
    """The chance 10^-``exponent`` as the page writes a power (a tick's or the marked side's).

    >>> chance_words(10_000.0), chance_words(79.6)
    ('10<sup>−10,000</sup>', '10<sup>−79</sup>')
    """
    return f"10<sup>−{math.floor(exponent):,}</sup>"


def odds_chart(points: Sequence[tuple[int, float]], current: int) -> str:
    """The bound's exponent against the image side: the odds fall with every pixel added.

    ``points`` are (side, −log10 of the bound); the current side is marked and labelled with
    its bound, rounded down as the bound is "at most" (10^-75.6 is at most 10^-75). Both
    axes are logarithmic, the exponent's reversed (the chance falls down the axis, so the line
    falls as the chance does), ticked at 10⁻¹, 10⁻¹⁰, 10⁻¹⁰⁰, …; the sides' at powers of two
    only (28 beside 32 would run into it). The bound's words beside its dot, off the falling
    line: above and right of it in the left half, below and left of it in the right half
    (where above and right run off the plot).

    >>> chart = odds_chart([(8, 20.5), (16, 95.0), (32, 400.0)], 16)
    >>> chart.count('class="dot'), chart.count('class="dot marked"'), '"words up-right"' in chart
    (3, 1, True)
    >>> [t for t in ("10<sup>−10</sup>", "10<sup>−100</sup>", "10<sup>−1,000</sup>") if t in chart]
    ['10<sup>−10</sup>', '10<sup>−100</sup>', '10<sup>−1,000</sup>']
    """
    sides = [side for side, _ in points]
    exponents = [max(value, 1e-3) for _, value in points]
    # The exponent's log axis reversed, as a linear one of −log10(exponent): whole decades.
    low, high = math.floor(math.log10(min(exponents))), math.ceil(math.log10(max(exponents)))
    y = Axis(
        Scale(-float(max(high, low + 1)), -float(low)),
        tuple(-float(k) for k in range(0, 7) if 10**k <= max(exponents) * 10),
        ODDS_Y_TITLE[0],
        words=lambda t: chance_words(10 ** round(-t)),
    )
    pad = 2**SIDE_PADDING
    x = Axis(
        Scale(min(sides) / pad, max(sides) * pad, log=True),
        tuple(float(s) for s in sides if s & (s - 1) == 0),
        ODDS_X_TITLE[0],
        words=number_label,
    )
    across = x.scale.share(sides)
    up = y.scale.share([-math.log10(e) for e in exponents])
    dots = "".join(
        dot_html(
            a,
            u,
            NOISE,
            f"side {s}: chance at most 10^−{math.floor(e):,}",
            marked=s == current,
        )
        for s, e, a, u in zip(sides, exponents, across.tolist(), up.tolist())
    )
    said = ""
    if current in sides:
        i = sides.index(current)
        early = i < len(sides) / 2
        said = words_at(
            float(across[i]),
            float(up[i]),
            chance_words(exponents[i]),
            NOISE,
            towards="up-right" if early else "down-left",
        )
    image = lines_image([Line(polyline_path(across, up), NOISE, 4)], axes_grid(x, y))
    bounds = "; ".join(f"side {s}: at most 10^−{math.floor(e):,}" for s, e in zip(sides, exponents))
    return talk_plot_html(
        "odds",
        x,
        image + dots + said,
        description=f"The chance that noise is as smooth as a photo, against the image side: {bounds}; "
        f"marked: side {current}",
        x_title=ODDS_X_TITLE,
        y=y,
        y_title=ODDS_Y_TITLE,
    )


BITS_TITLE = ("bits per value on photos never seen", "(to 3 decimals; 8 = raw pixels)")
#: A bar's height, as a share of its row (Vega's band 0.65 of its step, less its padding).
BAR = 0.62
#: Bits per value of raw pixels (one byte a value): the dashed line.
RAW_BITS = 8.0
#: A bar shorter than this share of the axis has its figure written past its end, not inside.
FIGURE_INSIDE = 0.3


def bits_chart(rungs: list[tuple[str, float]], png_bits: float | None, webp_bits: float | None = None) -> str:
    """Held-out bits per value for each model, against raw pixels (8, a dashed line under the
    bars) and the PNG and WebP files of the same patches (grey bars: codecs, not models that can
    draw an image). Each figure inside its bar's end (every bar here is 4 bits or more), white
    on blue, dark on grey: written beside the bars, the 8-bit line ran through "7.07" and the
    start of "8.00". Whole bits on the axis (at 1920 px Vega ticked every 0.5, "0.0 … 10.0").

    A figure that is not finite (a model that gave a held-out value no chance at all costs
    infinitely many bits) gets no bar, its words saying so; the axis is the finite ones'.
    The chart is built once per server and shown to everyone: it must not fail for one fit.

    >>> chart = bits_chart([("uniform", 8.0), ("Gaussian", 7.1)], 5.3, 4.9)
    >>> chart.count('class="bar"'), chart.count(f'--c:{REFERENCE}'), ">7.100</span></b>" in chart
    (4, 2, True)
    >>> chart = bits_chart([("uniform", 8.0), ("broken", float("inf")), ("lost", float("nan"))], None)
    >>> "width:0.00%" in chart, ">∞</span>" in chart, ">not a number</span>" in chart
    (True, True, True)
    """
    rows = [(name, bits, REAL, "#FFFFFF") for name, bits in rungs]
    rows += [
        (name, bits, REFERENCE, DARK)
        for name, bits in (("PNG file", png_bits), ("WebP file", webp_bits))
        if bits is not None
    ]
    n = len(rows)
    top = max(10.0, math.ceil(max((bits for _, bits, _, _ in rows if math.isfinite(bits)), default=0.0)))
    ticks = tuple(float(t) for t in range(int(top) + 1))
    x = Axis(Scale(0.0, top), ticks, BITS_TITLE[0], minor=ticks[1::2], words=number_label)
    names = {float(n - i - 0.5): html.escape(name) for i, (name, *_) in enumerate(rows)}
    y = Axis(Scale(0.0, float(n)), tuple(names), "", words=lambda t: names[t])
    bars = ""
    for i, (name, bits, colour, ink) in enumerate(rows):
        length = float(x.scale.share([bits])[0]) if math.isfinite(bits) else 0.0
        place = "" if length >= FIGURE_INSIDE else ' class="past"'
        said = f"{bits:.3f}" if math.isfinite(bits) else ("∞" if bits > 0 else "not a number")
        figure = f'<span{place} style="color:{ink if not place else INK}">{said}</span>'
        bars += bar_html(
            (i + (1 - BAR) / 2) / n, BAR / n, length, colour, f"{name}: {said} bits per value", figure
        )
    raw = float(x.scale.share([RAW_BITS])[0])
    image = lines_image(
        [Line(polyline_path([raw, raw], [0, 1]), NOISE, 3, "8 6")],
        grid_path(x.scale.share(ticks).tolist(), []),
    )
    said = "; ".join(
        f"{name} {bits:.3f}" if math.isfinite(bits) else f"{name} {bits}" for name, bits, *_ in rows
    )
    return talk_plot_html(
        "bits",
        x,
        image + bars,
        description=f"Bits per value on photos never seen, to 3 decimals (raw pixels: 8, a dashed line): {said}",
        x_title=BITS_TITLE,
        y=y,
    )


@lru_cache(maxsize=32)
def step_chart(key: str, view: ImageFormat | int | BitsFigures) -> str:
    """Talk step ``key``'s chart for its input (``lib.talk.chart_inputs``: steps 1–3's image
    for ``"atoms"``, the side for ``"odds"``; the fitted models' figures for ``"bits"``), as HTML
    that says what it shows to a screen reader (``role="img"``).

    Built once per process and view, and the same string each time: every whole run of the
    deck draws all three charts, the hidden ones too (a key press shows one and sends
    nothing), so none is built again for a run (a cold server's first visitor waits for that
    run). The talk has one mode, presented (its type follows its box).

    >>> chart = step_chart("odds", 32)
    >>> step_chart("odds", 32) is chart, 'aria-label="The chance that noise' in chart
    (True, True)
    """
    if key == "atoms" and isinstance(view, ImageFormat):
        figures = against_atoms(view)
        return digits_chart(f"{view.describe()} images", figures.photo_digits, figures.atoms_digits)
    if key == "odds" and isinstance(view, int):
        return odds_chart(odds_curve(), view)
    if key == "bits" and isinstance(view, BitsFigures):
        return bits_chart(list(view.rungs), view.png_bits, view.webp_bits)
    raise ValueError(
        f"The talk has no chart “{key}” for {view!r}: atoms take an image, odds a side, bits figures."
    )
