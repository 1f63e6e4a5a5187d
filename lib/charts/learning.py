"""The Learning page's Vega-Lite charts: the published CIFAR-10 records and the two histograms
behind the honest note (the ladder of models is the page's own HTML, :mod:`lib.charts.ladder_plot`:
a new seed swapped new data into it, ~12-14 ms of the browser's main thread a time).

Pure functions from numbers to plain Vega-Lite dictionaries (no Streamlit, no Altair: see
:mod:`lib.charts.vega`); tests read the dictionaries. Every builder takes ``presenting``: a
projector wants taller plots and larger type, so heights follow the mode instead of being
squashed by larger legends. Legends sit above the plot, never truncated.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lib.charts import BLUE, GREEN, ORANGE, PRESENTING_FONT_PX
from lib.charts.vega import (
    FIT_WIDTH,
    Spec,
    axis_config,
    field,
    layered,
    padded,
    rows,
    single,
    tooltip,
    view,
)
from lib.reference_figures import PublishedRecord

#: A legend symbol's area in square pixels (Vega's ``symbolSize``): 14 px across on a screen,
#: 20 on a projector.
LEGEND_SYMBOL = {False: 196, True: 400}
#: Chart text in pixels off a projector (on one: :data:`lib.charts.PRESENTING_FONT_PX`).
TEXT_PX = 13


def _text_px(presenting: bool) -> int:
    return PRESENTING_FONT_PX if presenting else TEXT_PX


def _height(presenting: bool, normal: int) -> int:
    """Plot height in pixels: 1.6× on a projector (≥ 40% of a 1080p or 720p screen's height)."""
    return int(normal * 1.6) if presenting else normal


def _frame(presenting: bool) -> Spec:
    """Shared size and type; titles never clipped (limit 0), legends above the plot.

    On a projector the legend takes two columns (fewer rows above the plot; three ran past
    the right edge of a 1280-px screen, review 11). The chart fits its column's width with
    the axis titles counted in, so none leaves the SVG.
    """
    size = _text_px(presenting)
    return {
        "autosize": FIT_WIDTH,
        "padding": padded(),
        "config": {
            "axis": axis_config(size),
            "legend": {
                "labelFontSize": size,
                "symbolSize": LEGEND_SYMBOL[presenting],
                "symbolStrokeWidth": 2,
                "orient": "top",
                "direction": "vertical",
                "columns": 2 if presenting else 1,
                "labelLimit": 0,
                "titleLimit": 0,
            },
            "view": {"strokeWidth": 0},
        },
    }


def published_chart(records: Sequence[PublishedRecord], *, presenting: bool = False) -> Spec:
    """Published CIFAR-10 test-set records by year: another dataset, on its own axis.

    >>> from lib.reference_figures import CIFAR10_CHART
    >>> spec = published_chart(CIFAR10_CHART)
    >>> [len(rows) for rows in spec["datasets"].values()] == [len(CIFAR10_CHART)]
    True
    """
    data = rows(
        model=[f"{r.model} ({r.year})" for r in records],
        year=[r.year for r in records],
        **{
            "bits/dim": [r.bits_per_dim for r in records],
            "how counted": [r.kind + (f", {r.note}" if r.note else "") for r in records],
        },
        source=[r.citation for r in records],
    )
    x = field("year", "Q", title="year published", axis={"format": "d", "tickMinStep": 1})
    y = field(
        "bits/dim",
        "Q",
        title="bits per value on CIFAR-10 (32×32 RGB)",
        scale={"zero": False, "padding": 20},
    )
    line = {
        "mark": {"type": "line", "color": GREEN, "point": {"size": 100, "color": GREEN}},
        "encoding": {
            "x": x,
            "y": y,
            "tooltip": tooltip(
                "model:N",
                field("bits/dim", "Q", format=".2f", title="bits per value"),
                "how counted:N",
                "source:N",
            ),
        },
    }
    names = {
        "mark": {
            "type": "text",
            "align": "left",
            "dx": 8,
            "dy": -8,
            "fontSize": _text_px(presenting) - 2 if presenting else 11,
        },
        "encoding": {"x": x, "y": y, "text": field("model", "N")},
    }
    return {
        **layered(line, names, height=_height(presenting, 220), **_frame(presenting)),
        "data": {"name": "records"},
        "datasets": {"records": data},
    }


def histogram_chart(
    test_shares: np.ndarray,
    train_shares: np.ndarray,
    test_label: str,
    train_label: str,
    *,
    presenting: bool = False,
) -> Spec:
    """How often each value 0..255 occurs in the held-out and in the training patches.

    >>> flat = np.full(256, 1 / 256)
    >>> spec = histogram_chart(flat, flat, "held-out", "training")
    >>> spec["encoding"]["color"]["scale"]["range"] == [BLUE, ORANGE]
    True
    """
    data = rows(
        value=np.tile(np.arange(256), 2),
        share=np.concatenate([np.asarray(test_shares), np.asarray(train_shares)]) * 100,
        photos=[test_label] * 256 + [train_label] * 256,
    )
    lines = view(
        "shares",
        data,
        {"type": "line", "interpolate": "step-after", "strokeWidth": 3 if presenting else 2},
        {
            "x": field("value", "Q", title="value (0 = black, 255 = white)", scale={"domain": [0, 255]}),
            "y": field("share", "Q", title="share of all values (%)"),
            "color": field(
                "photos",
                "N",
                scale={"domain": [test_label, train_label], "range": [BLUE, ORANGE]},
                legend={"title": None, "labelLimit": 0},
            ),
            "tooltip": tooltip("photos:N", "value:Q", field("share", "Q", format=".3f")),
        },
    )
    return single(lines, height=_height(presenting, 240), **_frame(presenting))
