"""The charts of "How many images?": the count against the side, and every modality on one axis.

Pure builders: plain numbers in, an Altair chart out, no Streamlit. Both plot the number
of *digits* of a count (floor(log10) + 1, exact) on a logarithmic axis, because the
counts themselves overflow every float. ``presenting`` makes plots taller and type larger
for a projector, so a chart is never squashed by its larger legend and labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import altair as alt
import pandas as pd

from lib.charts import MODALITY_COLOURS, REFERENCE

#: Dash patterns that tell reference lines apart without colour.
DASHES = ([6, 3], [2, 3], [10, 4, 2, 4], [1, 1])
MODALITY_NAMES = {"image": "Images", "text": "Text", "audio": "Audio", "video": "Video"}


def _floats(digits: Sequence[int]) -> list[float]:
    """Positions on a log axis: floats are precise enough to draw (and never overflow int64)."""
    return [float(d) for d in digits]


def _texts(digits: Sequence[int]) -> list[str]:
    """The exact digit counts, grouped, for tooltips."""
    return [f"{d:,}" for d in digits]


def _sizes(presenting: bool) -> dict[str, int]:
    if presenting:
        return {"font": 20, "title": 22, "height": 520, "row": 54, "bar": 16}
    return {"font": 12, "title": 13, "height": 380, "row": 34, "bar": 10}


def _configured(chart: Any, presenting: bool) -> alt.LayerChart:
    size = _sizes(presenting)
    return (
        chart.properties(
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
            padding={"left": 8, "right": 16, "top": 8, "bottom": 8},  # a config padding is ignored
        )
        .configure_axis(labelFontSize=size["font"], titleFontSize=size["title"], titlePadding=8)
        .configure_legend(labelFontSize=size["font"], titleFontSize=size["title"])
        .configure_view(stroke=None)
    )


def count_by_side_chart(
    sides: Sequence[int],
    digits: Sequence[int],
    current_side: float,
    current_digits: int,
    current_label: str,
    references: Sequence[tuple[str, int]],
    *,
    presenting: bool = False,
) -> alt.LayerChart:
    """Digits of the number of s×s images against s, with reference counts as labelled lines.

    ``references`` are (name, digits) pairs, drawn grey with a dash pattern each and
    labelled on the line itself (no legend to clip at phone width).

    >>> chart = count_by_side_chart([1, 2, 4], [3, 10, 39], 2.0, 10, "this image", [("atoms", 81)])
    >>> chart.to_dict()["layer"][0]["mark"]["type"]
    'line'
    """
    size = _sizes(presenting)
    curve = pd.DataFrame({"side": list(sides), "digits": _floats(digits), "exact": _texts(digits)})
    top = max([*digits, *(d for _, d in references), current_digits])
    x = alt.X(
        "side:Q",
        scale=alt.Scale(type="log", domain=[min(sides), max(sides)], nice=False),
        title="side of a square image (pixels)",
    )
    y = alt.Y(
        "digits:Q",
        scale=alt.Scale(type="log", domain=[1, top * 1.5], nice=False),
        title="digits of the number of images",
        axis=alt.Axis(format="~s"),
    )
    line = (
        alt.Chart(curve)
        .mark_line(color=MODALITY_COLOURS["image"], strokeWidth=3, clip=True)
        .encode(x=x, y=y, tooltip=["side:Q", alt.Tooltip("exact:N", title="digits")])
    )
    refs = pd.DataFrame(
        {
            "reference": [name for name, _ in references],
            "digits": _floats([d for _, d in references]),
            "exact": _texts([d for _, d in references]),
            "dash": [DASHES[i % len(DASHES)] for i in range(len(references))],
            "side": [max(sides)] * len(references),
        }
    )
    rules = (
        alt.Chart(refs)
        .mark_rule(color=REFERENCE, strokeWidth=2)
        .encode(
            y=alt.Y("digits:Q"),
            strokeDash=alt.StrokeDash("dash:N", scale=None, legend=None),
            tooltip=["reference:N", alt.Tooltip("exact:N", title="digits")],
        )
    )
    names = (
        alt.Chart(refs)
        .mark_text(align="right", baseline="bottom", dy=-3, color="#555555", fontSize=size["font"])
        .encode(x="side:Q", y="digits:Q", text="reference:N")
    )
    here = pd.DataFrame(
        {
            "side": [current_side],
            "digits": _floats([current_digits]),
            "exact": _texts([current_digits]),
            "label": [current_label],
        }
    )
    dot = (
        alt.Chart(here)
        .mark_point(size=160 if not presenting else 300, filled=True, color=MODALITY_COLOURS["image"])
        .encode(x=x, y=y, tooltip=["label:N", alt.Tooltip("exact:N", title="digits")])
    )
    dot_label = dot.mark_text(
        align="left", dx=10, dy=12, fontWeight="bold", fontSize=size["font"], color="#222222"
    ).encode(text="label:N")
    layered = alt.layer(line, rules, names, dot, dot_label, height=size["height"])
    return _configured(layered, presenting)


def one_axis_chart(
    names: Sequence[str],
    modalities: Sequence[str],
    digits: Sequence[int],
    current: Sequence[bool],
    *,
    presenting: bool = False,
) -> alt.LayerChart:
    """Every example's digit count as a bar on one log axis, one colour per modality.

    Each bar's name is written above it, not on the axis, so a phone's narrow screen
    keeps the bars and the names whole; the current view is outlined.

    >>> chart = one_axis_chart(["a tweet", "a photo"], ["text", "image"], [331, 68181012], [False, True])
    >>> [layer["mark"]["type"] for layer in chart.to_dict()["layer"]]
    ['bar', 'text']
    """
    size = _sizes(presenting)
    order = sorted(range(len(names)), key=lambda i: digits[i])
    frame = pd.DataFrame(
        {
            "example": [("▶ this view: " if current[i] else "") + names[i] for i in order],
            "kind": [MODALITY_NAMES[modalities[i]] for i in order],
            "digits": _floats([digits[i] for i in order]),
            "exact": _texts([digits[i] for i in order]),
            "start": [1] * len(order),
            "outline": [2 if current[i] else 0 for i in order],
        }
    )
    kinds = [MODALITY_NAMES[m] for m in MODALITY_COLOURS]
    y = alt.Y("example:N", sort=None, title=None, axis=None)
    scale = alt.Scale(type="log", domain=[1, max(digits) * 2], nice=False)
    x = alt.X(
        "digits:Q",
        scale=scale,
        title="digits of the number of possible examples",
        axis=alt.Axis(format="~s", orient="top"),
    )
    bars = (
        alt.Chart(frame)
        .mark_bar(size=size["bar"], yOffset=size["bar"] // 2, stroke="#000000", filled=True)
        .encode(
            x=x,
            x2="start:Q",
            y=y,
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(domain=kinds, range=[MODALITY_COLOURS[m] for m in MODALITY_COLOURS]),
                title=None,
                legend=alt.Legend(orient="bottom", direction="horizontal", labelLimit=0, columns=4),
            ),
            # A data column, not alt.condition: the condition alone costs ~0.6 s to build.
            strokeWidth=alt.StrokeWidth("outline:Q", scale=None, legend=None),
            tooltip=["example:N", "kind:N", alt.Tooltip("exact:N", title="digits")],
        )
    )
    labels = (
        alt.Chart(frame)
        .mark_text(align="left", baseline="bottom", dx=2, dy=-2, fontSize=size["font"], color="#222222")
        .encode(
            x=alt.X("start:Q", scale=scale),
            y=y,
            text="example:N",
        )
    )
    layered = alt.layer(bars, labels, height=size["row"] * len(names))
    return _configured(layered, presenting)


@lru_cache(maxsize=256)
def count_by_side_spec(
    sides: tuple[int, ...],
    digits: tuple[int, ...],
    current_side: float,
    current_digits: int,
    current_label: str,
    references: tuple[tuple[str, int], ...],
    presenting: bool = False,
) -> dict:
    """:func:`count_by_side_chart` as a Vega-Lite spec, built once per view (Altair's
    validation takes a large share of a rerun otherwise). Treat the result as read-only."""
    chart = count_by_side_chart(
        sides, digits, current_side, current_digits, current_label, references, presenting=presenting
    )
    return chart.to_dict()


@lru_cache(maxsize=256)
def one_axis_spec(
    names: tuple[str, ...],
    modalities: tuple[str, ...],
    digits: tuple[int, ...],
    current: tuple[bool, ...],
    presenting: bool = False,
) -> dict:
    """:func:`one_axis_chart` as a Vega-Lite spec, built once per view. Read-only."""
    return one_axis_chart(names, modalities, digits, current, presenting=presenting).to_dict()
