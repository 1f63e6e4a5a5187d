"""The talk's charts: few marks, large type, sized by their container.

Each builder returns a plain Vega-Lite dictionary (no Altair: see :mod:`lib.charts.vega`)
whose width and height are ``"container"``: the talk page gives the chart a box of a share
of the screen's height, so the plot fills the same share of a 1280×720 and a 1920×1080
projector. Fonts are in pixels (Vega has no rem); they are chosen to read from the back
of a room at 1080 rows and to still fit at 720. Legends are avoided: every series is
labelled on the plot itself.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

from lib.charts import NOISE, REAL, REFERENCE
from lib.charts.number_words import NUMBER_WORDS
from lib.charts.vega import Spec, field, layered, rows, view
from lib.combinatorics import ImageFormat
from lib.talk.counting import against_atoms
from lib.talk.models import BitsFigures
from lib.talk.noise import odds_curve

#: The slide's words' colour (Streamlit's text colour): labels that must be read, not glanced at.
INK = "#31333F"

#: Type grows with the chart's box (Vega has no rem): 3.8% of its height for labels, 4.2%
#: for titles and the values written on the marks: ~26 and ~29 px in a 1080-row projector's
#: box; never below 18 and 19 px on a projector, to be read from the back of a room (at 720
#: rows the box, 64% of the height, is 461 px: 3.8% of it would be 17.5 px). On a phone the
#: box's width limits it too (4.5% and 5% of it, never below 14 and 15 px): at 334 px wide,
#: 19-px names would need more width than the chart has, and Vega's fit would shrink the
#: plot to nothing to make room for them.
_TITLE_EXPR = "clamp(min(max(containerSize()[1] * 0.042, 19), containerSize()[0] * 0.05), 15, 44)"
LABEL_PX = {"expr": "clamp(min(max(containerSize()[1] * 0.038, 18), containerSize()[0] * 0.045), 14, 40)"}
TITLE_PX = {"expr": _TITLE_EXPR}


def _sized(chart: Spec) -> Spec:
    """Fill the container; type that follows its size; no frame."""
    return {
        **chart,
        "width": "container",
        "height": "container",
        # Room for what Vega's fit measures short: the vertical title and the top tick's
        # superscripts reached 2–3 px past the chart's edge.
        "padding": {"left": 10, "top": 10, "right": 5, "bottom": 5},
        "config": {
            "axis": {
                "labelFontSize": LABEL_PX,
                "titleFontSize": TITLE_PX,
                "labelLimit": 0,
                "titlePadding": 10,
            },
            "view": {"stroke": None},
        },
    }


def digits_chart(photo_label: str, photo_digits: int, atoms_digits: int) -> Spec:
    """Two bars on one linear axis: the digits of the count against those of 10^80.

    On a linear scale the atoms' bar is invisible next to the count's: that is the point. So
    the atoms' row gets a thick tick at zero, labelled beside it as too thin to see (a bare
    label over an empty row pointed at nothing: review 9), and each label sits in its own row.
    The label says "too thin" only where it is, under a hundredth of the axis: of an image the
    speaker typed so small that its count has fewer digits than the atoms (5×5 grey: 61), the
    atoms' bar is the longer one.

    >>> spec = digits_chart("possible photos", 68_181_012, 81)
    >>> spec["width"], spec["height"], len(spec["datasets"][spec["data"]["name"]])
    ('container', 'container', 2)
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['bar', 'tick', 'text', 'text']
    >>> def atoms_label(spec):
    ...     return spec["datasets"][spec["data"]["name"]][0]["label"].replace("\\n", " ")
    >>> atoms_label(spec)
    'atoms in the universe (~10⁸⁰): 81 digits: a bar too thin to see at this scale'
    >>> atoms_label(digits_chart("possible images", 61, 81))
    'atoms in the universe (~10⁸⁰): 81 digits'
    """
    # Under a hundredth of the axis: a few pixels on a projector, none on a phone.
    thin = atoms_digits < max(photo_digits, atoms_digits) / 100
    data = rows(
        what=["atoms in the universe (~10⁸⁰)", photo_label],
        digits=[atoms_digits, photo_digits],
        # Short lines (the mark's lineBreak): one long line would not fit a phone's chart.
        label=[
            f"atoms in the universe (~10⁸⁰):\n{atoms_digits:,} digits"
            + (": a bar too thin\nto see at this scale" if thin else ""),
            f"{photo_label}:\n{photo_digits:,} digits",
        ],
        kind=["reference", "count"],
    )
    y = field("what", "N", title=None, sort=None, axis=None, scale={"paddingInner": 0.5, "paddingOuter": 0.4})
    x = field(
        "digits",
        "Q",
        title="digits of the number (linear scale)",
        # 0, then "20 million", "40 million", ...: not "20M", read as megabytes.
        axis={
            "labelExpr": NUMBER_WORDS,
            "tickCount": 5,
            "labelFlush": True,  # the last label inside the chart, not cut at its right edge
        },
    )
    colour = field(
        "kind", "N", scale={"domain": ["reference", "count"], "range": [REFERENCE, REAL]}, legend=None
    )
    bars = {"mark": {"type": "bar"}, "encoding": {"x": x, "y": y, "color": colour}}
    atoms_row = [{"filter": "datum.kind === 'reference'"}]
    tick = {
        "mark": {"type": "tick", "orient": "vertical", "thickness": 6, "color": REFERENCE},
        "encoding": {"x": {"datum": 0}, "y": y},
        "transform": atoms_row,
    }
    label = {
        "type": "text",
        "align": "left",
        "lineBreak": "\n",
        "fontSize": TITLE_PX,
        "fontWeight": "bold",
    }
    # The atoms' words beside their tick, in the middle of its row, in the words' ink: in the tick's
    # light grey they were the faintest text on the slide, and they carry its punchline (review 11).
    beside = {
        "mark": {**label, "baseline": "middle", "dx": 14, "color": INK},
        "encoding": {
            "x": {"datum": 0},
            "y": field("what", "N", sort=None, axis=None, bandPosition=0.5),
            "text": field("label", "N"),
        },
        "transform": atoms_row,
    }
    # The count's words above its bar, from the axis (Vega sets the first of two lines on the
    # baseline, hence the lift: both lines above the bar).
    above = {
        "mark": {**label, "baseline": "bottom", "dy": {"expr": f"-1.2 * {_TITLE_EXPR}"}},
        "encoding": {
            "x": {"datum": 0},
            "y": field("what", "N", sort=None, axis=None, bandPosition=0),
            "text": field("label", "N"),
            "color": colour,
        },
        "transform": [{"filter": "datum.kind === 'count'"}],
    }
    return _sized(
        {**layered(bars, tick, beside, above), "data": {"name": "digits"}, "datasets": {"digits": data}}
    )


_SUPERSCRIPTS = str.maketrans("−0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
# 1 -> 10⁻¹, 10 -> 10⁻¹⁰, ...: a Vega expression (tick values are powers of ten).
_SUPERSCRIPT_TICKS = (
    "'10⁻' + replace(replace(replace(format(datum.value, 'd'), /1/g, '¹'), /0/g, '⁰'), /^$/, '')"
)


def odds_chart(points: Sequence[tuple[int, float]], current: int) -> Spec:
    """The bound's exponent against the image side: the odds fall with every pixel added.

    ``points`` are (side, −log10 of the bound); the current side is marked and labelled.

    >>> spec = odds_chart([(8, 20.5), (16, 95.0), (32, 400.0)], 16)
    >>> spec["layer"][0]["encoding"]["y"]["scale"]
    {'type': 'log', 'reverse': True}
    """
    exponents = [max(value, 1e-3) for _, value in points]
    # Rounded down, as the bound is "at most": 10^-75.6 is at most 10^-75.
    data = rows(
        side=[side for side, _ in points],
        exponent=exponents,
        current=[side == current for side, _ in points],
        label=["10" + f"−{math.floor(value)}".translate(_SUPERSCRIPTS) for value in exponents],
    )
    x = field(
        "side",
        "Q",
        scale={"type": "log", "base": 2, "nice": False, "padding": 24},
        # Powers of two only: 28 beside 32 would run into it.
        axis={"values": [side for side, _ in points if side & (side - 1) == 0], "format": "d"},
        title=["noise image side", "(pixels, RGB)"],  # two lines: one would not fit a phone
    )
    top = max(value for _, value in points)
    ticks = [10**k for k in range(0, 7) if 10**k <= top * 10]
    y = field(
        "exponent",
        "Q",
        # Reversed: the chance falls down the axis, so the line falls as the chance does.
        scale={"type": "log", "reverse": True},
        axis={"values": ticks, "labelExpr": _SUPERSCRIPT_TICKS, "grid": True},
        # Each line down is ten times the exponent (a log of a log): said on the axis, or the
        # room reads 10⁻¹⁰⁰ to 10⁻¹⁰⁰⁰ as one more step of the same size (review 13, Talk-12).
        title=["chance, at most", "(each line: the exponent ×10)"],
    )
    line = {"mark": {"type": "line", "color": NOISE, "strokeWidth": 4}, "encoding": {"x": x, "y": y}}
    dots = {
        "mark": {"type": "circle", "color": NOISE, "opacity": 1},
        "encoding": {
            "x": x,
            "y": y,
            "size": {"condition": {"test": "datum.current", "value": 600}, "value": 120},
        },
    }
    # The current point's bound beside it, off the falling line: above and right of it in the
    # left half, below and left of it in the right half (where above and right run off the plot).
    sides = [side for side, _ in points]
    early = current not in sides or sides.index(current) < len(sides) / 2
    label = {
        "mark": {
            "type": "text",
            "align": "left" if early else "right",
            "dx": 18 if early else -18,
            "dy": -18 if early else 18,
            "fontSize": TITLE_PX,
            "fontWeight": "bold",
            "color": NOISE,
        },
        "encoding": {"x": x, "y": y, "text": field("label", "N")},
        "transform": [{"filter": "datum.current"}],
    }
    return _sized({**layered(line, dots, label), "data": {"name": "odds"}, "datasets": {"odds": data}})


def bits_chart(
    rungs: list[tuple[str, float]], png_bits: float | None, webp_bits: float | None = None
) -> Spec:
    """Held-out bits per value for each model, against raw pixels (8) and the PNG and WebP
    files of the same patches (grey bars: codecs, not models that can draw an image).

    >>> spec = bits_chart([("uniform", 8.0), ("Gaussian", 7.1)], 5.3, 4.9)
    >>> [len(spec["datasets"][layer["data"]["name"]]) for layer in spec["layer"]]  # raw, bars, values
    [1, 4, 4]
    """
    names = [name for name, _ in rungs]
    models = [dict(model=name, bits=bits, kind="model") for name, bits in rungs]
    for name, bits in (("PNG file", png_bits), ("WebP file", webp_bits)):
        if bits is not None:
            models.append(dict(model=name, bits=bits, kind="file"))
            names.append(name)
    data = rows(
        model=[m["model"] for m in models],
        bits=[m["bits"] for m in models],
        kind=[m["kind"] for m in models],
        label=[f"{m['bits']:.3f}" for m in models],
    )
    y = field("model", "N", sort=names, title=None, axis={"labelFontSize": LABEL_PX, "labelLimit": 0})
    x = field(
        "bits",
        "Q",
        scale={"domain": [0, 10]},
        title=["bits per value on photos never seen", "(to 3 decimals; 8 = raw pixels)"],
        # Ending at the plot's right edge: centred under a phone's narrow plot it ran past the chart.
        # Whole bits: at 1920 px Vega ticked every 0.5 and labelled every other "0.0 … 10.0".
        axis={"titleAnchor": "end", "tickMinStep": 1},
    )
    colour = field("kind", "N", scale={"domain": ["model", "file"], "range": [REAL, REFERENCE]}, legend=None)
    bars = view("bits", data, {"type": "bar", "height": {"band": 0.65}}, {"x": x, "y": y, "color": colour})
    # Each value inside its bar's end (every bar here is 4 bits or more), white on blue, dark on
    # grey; the raw pixels' dashed line at 8 drawn first, under the bars: written beside the
    # bars, the line ran through "7.07" and the start of "8.00".
    ink = {"condition": {"test": "datum.kind === 'model'", "value": "#FFFFFF"}, "value": "#222222"}
    labels = view(
        "bits",
        data,
        {"type": "text", "align": "right", "dx": -8, "fontSize": TITLE_PX, "fontWeight": "bold"},
        {"x": x, "y": y, "text": field("label", "N"), "color": ink},
    )
    raw = view(
        "raw",
        rows(bits=[8.0]),
        {"type": "rule", "color": NOISE, "strokeDash": [8, 6], "strokeWidth": 3},
        {"x": field("bits", "Q")},
    )
    return _sized(layered(raw, bars, labels))


@lru_cache(maxsize=32)
def step_chart(key: str, view: ImageFormat | int | BitsFigures) -> tuple[Spec, str]:
    """Talk step ``key``'s chart for its input (``lib.talk.chart_inputs``: steps 1–3's image
    for ``"atoms"``, the side for ``"odds"``; the fitted models' figures for ``"bits"``), and
    its text for screen readers.

    Built once per process and view, and the same spec object each time (read-only): every
    whole run of the deck draws all three charts, the hidden ones too, and the page's chart
    sender recognises an object it sent before, so it neither builds, inlines nor resizes
    its type again (a cold server's first visitor waits for that run).

    >>> spec, alt = step_chart("odds", 32)
    >>> step_chart("odds", 32)[0] is spec, alt
    (True, 'The bound against the image side')
    """
    if key == "atoms" and isinstance(view, ImageFormat):
        figures = against_atoms(view)
        label = f"{view.describe()} images"
        spec = digits_chart(label, figures.photo_digits, figures.atoms_digits)
        return spec, "Digits of the count against digits of 10^80"
    if key == "odds" and isinstance(view, int):
        return odds_chart(odds_curve(), view), "The bound against the image side"
    if key == "bits" and isinstance(view, BitsFigures):
        return bits_chart(list(view.rungs), view.png_bits, view.webp_bits), "Bits per value of each model"
    raise ValueError(
        f"The talk has no chart “{key}” for {view!r}: atoms take an image, odds a side, bits figures."
    )
