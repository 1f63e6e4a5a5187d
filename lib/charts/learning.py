"""Memorise or model?'s two plots under its ladder, drawn as the page's own HTML
(:mod:`lib.charts.html_plot`): the published CIFAR-10 records by year (:func:`published_plot`)
and the two histograms behind the honest note (:func:`histogram_plot`). The ladder itself is
:mod:`lib.charts.ladder_plot`.

Why not Vega-Lite, as they were: these two were the page's last Vega charts, and a page with
one loads Vega's ``embed.js`` (256 KB gzipped, 756 KB of script): on a 4×-throttled phone,
290-640 ms of the main thread, and a first run ~1 s later than with no chart (issue 14). The
records sat in a closed panel and the histograms in one drawn only while open, yet the
records' chart alone made every first load of the page pay for Vega.

How: the lines (and the grid) are one SVG image stretched over the plot
(:mod:`lib.charts.plot_lines`); the words, the records' points and their names, and the
histograms' hover columns are HTML placed by percentage (:mod:`lib.charts.learning_marks`).
A histogram's 256 bins are one stepped path a set, not a box a bin. Each takes
``presenting``: a projector's type and a plot 1.6× as tall. Pure functions from numbers to
HTML text (no Streamlit); tests read the text and its SVG back.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lib.charts import BLUE, GREEN, ORANGE
from lib.charts.html_plot import (
    Axis,
    Entry,
    Frame,
    Scale,
    axes_grid,
    dots_html,
    fixed_words,
    plot_html,
    round_ticks,
    step_decimals,
)
from lib.charts.learning_marks import bin_columns, point_names, step_path
from lib.charts.plot_lines import Line, grid_path, lines_image, polyline_path
from lib.reference_figures import PublishedRecord

#: The records' plot: 220 px high on a screen (as its Vega chart), 1.6× on a projector.
RECORDS_FRAME = Frame(220, kind="records-plot")
RECORDS_X_TITLE = "year published"
RECORDS_Y_TITLE = "bits per value on CIFAR-10 (32×32 RGB)"
#: Room above the highest tick and below the lowest, as a share of their span (Vega's 20 px of
#: padding on its 220): the top record's name fits above it, the last's below it.
RECORDS_PADDING = 0.1


def _year(value: float) -> str:
    """A year's tick label: no thousands separator."""
    return f"{value:.0f}"


def record_title(record: PublishedRecord) -> str:
    """What a record's point says on hover, as its Vega tooltip did: the model and year, its
    figure, how it was counted, the source.

    >>> from lib.reference_figures import CIFAR10_CHART
    >>> record_title(CIFAR10_CHART[3])
    "VDM (2021): 2.65 bits per value, variational upper bound, without data augmentation. D. P. Kingma, T. Salimans, B. Poole, J. Ho, 'Variational Diffusion Models', NeurIPS 2021"
    """
    counted = record.kind + (f", {record.note}" if record.note else "")
    return f"{record.model} ({record.year}): {record.bits_per_dim:.2f} bits per value, {counted}. {record.citation}"


def published_plot(records: Sequence[PublishedRecord], *, presenting: bool = False) -> str:
    """Published CIFAR-10 test-set records by year, a green line through them, each point
    named "model (year)" beside it and described on hover: another dataset, on its own axis.

    The x axis runs half a year past the first and last records (every year a tick, the odd
    ones left out on a narrow plot); y spans round ticks around the records (not from 0: the
    records differ by tenths), with room for the names of the highest and the lowest.

    >>> from lib.reference_figures import CIFAR10_CHART
    >>> block = published_plot(CIFAR10_CHART)
    >>> block.count('<i title="'), block.count("</span>") > 9, "MuLAN (2024)</span>" in block
    (5, True, True)
    >>> published_plot([])
    Traceback (most recent call last):
    ...
    ValueError: the records' plot needs at least one record
    """
    if not records:
        raise ValueError("the records' plot needs at least one record")
    years = [r.year for r in records]
    bits = np.array([r.bits_per_dim for r in records], dtype=float)
    first, last = min(years), max(years)
    x = Axis(
        Scale(first - 0.5, last + 0.5),
        tuple(float(y) for y in range(first, last + 1)),
        RECORDS_X_TITLE,
        minor=tuple(float(y) for y in range(first + 1, last + 1, 2)),
        words=_year,
    )
    low, high = float(bits.min()), float(bits.max())
    spread = max(high - low, 0.1)  # one record (or equal ones): a tenth of a bit around it
    ticks = round_ticks(low - (spread - (high - low)) / 2, high + (spread - (high - low)) / 2, 5)
    room = (ticks[-1] - ticks[0]) * RECORDS_PADDING
    y = Axis(
        Scale(ticks[0] - room, ticks[-1] + room),
        ticks,
        RECORDS_Y_TITLE,
        words=fixed_words(step_decimals(ticks[1] - ticks[0])),
    )
    across, up = x.scale.share(years), y.scale.share(bits)
    line = Line(polyline_path(across, up), GREEN, 3 if presenting else 2)
    names = [f"{r.model} ({r.year})" for r in records]
    points = (
        dots_html(across, up, [record_title(r) for r in records], GREEN)
        + f'<div class="point-names">{point_names(across.tolist(), up.tolist(), names)}</div>'
    )
    said = ", ".join(f"{name}: {r.bits_per_dim:.2f}" for name, r in zip(names, records))
    return plot_html(
        "",
        x,
        y,
        lines_image([line], axes_grid(x, y)),
        (),
        points=points,
        description=f"Published records on CIFAR-10, in bits per value (lower is better), by year: {said}",
        presenting=presenting,
        frame=RECORDS_FRAME,
    )


#: The histograms' plot: 240 px high on a screen (as its Vega chart), 1.6× on a projector.
HISTOGRAM_FRAME = Frame(240, kind="histogram-plot")
HISTOGRAM_X_TITLE = "value (0 = black, 255 = white)"
HISTOGRAM_Y_TITLE = "share of all values (%)"
HISTOGRAM_ALT = "How often each value 0 to 255 occurs in both sets"
#: The two sets as a value's hover words name them (the legend names them in full): the
#: full names in each of 256 columns made the plot 33 KB a view, where these make it 24 KB.
HISTOGRAM_SETS = ("held-out", "training")
#: A label every 10 values; every 50 on a narrower plot (:data:`lib.charts.learning_marks.EVERY_TEN_EM`).
VALUE_TICKS = tuple(float(v) for v in range(0, 251, 10))


def histogram_plot(
    test_shares: np.ndarray,
    train_shares: np.ndarray,
    test_label: str,
    train_label: str,
    *,
    presenting: bool = False,
) -> str:
    """How often each value 0..255 occurs in the held-out (blue) and in the training patches
    (orange), in % of all values: each set a stepped line, value ``v``'s bin centred on it (the
    x axis from −0.5 to 255.5), y from 0 to a round tick at or above the largest share. Over
    each value, a clear column says both shares on hover (to 3 decimals, as Vega's tooltip),
    the sets by their short names (:data:`HISTOGRAM_SETS`); what a screen reader hears names
    each set in full with its most common value, as the eye finds the two peaks.

    >>> flat = np.full(256, 1 / 256)
    >>> block = histogram_plot(flat, flat, "held-out", "training")
    >>> block.count("<li>"), block.count("<i title="), 'title="value 255: held-out 0.391%, training 0.391%"' in block
    (2, 256, True)
    >>> peaked = np.eye(256)[200] * 0.5 + flat * 0.5
    >>> "most common value 200 (50.195%)" in histogram_plot(peaked, flat, "held-out", "training")
    True
    >>> histogram_plot(flat[:3], flat, "a", "b")
    Traceback (most recent call last):
    ...
    ValueError: each histogram needs 256 shares, got 3 and 256
    """
    test, train = (np.asarray(s, dtype=float) * 100 for s in (test_shares, train_shares))
    if test.shape != (256,) or train.shape != (256,):
        raise ValueError(f"each histogram needs 256 shares, got {test.size} and {train.size}")
    x = Axis(
        Scale(-0.5, 255.5),
        VALUE_TICKS,
        HISTOGRAM_X_TITLE,
        minor=tuple(v for v in VALUE_TICKS if v % 50),
    )
    top = max(float(np.nanmax(np.concatenate([test, train]))), 1e-9)
    ticks = round_ticks(0.0, top, 8)
    y = Axis(Scale(0.0, ticks[-1]), ticks, HISTOGRAM_Y_TITLE, words=fixed_words(step_decimals(ticks[1])))
    # The grid at every 50 only, where every width labels the axis: every 10 (a narrow plot's
    # labels every 50) drew a comb of 26 lines on a phone.
    labelled = [v for v in VALUE_TICKS if v not in x.minor]
    grid = grid_path(x.scale.share(labelled).tolist(), y.scale.share(y.ticks).tolist())
    width = 3 if presenting else 2
    lines = [
        Line(step_path(y.scale.share(test)), BLUE, width),
        Line(step_path(y.scale.share(train)), ORANGE, width),
    ]
    short_test, short_train = HISTOGRAM_SETS
    titles = [
        f"value {v}: {short_test} {a:.3f}%, {short_train} {b:.3f}%"
        for v, (a, b) in enumerate(zip(test.tolist(), train.tolist()))
    ]
    peaks = [
        f"{label} ({colour}): most common value {int(np.nanargmax(shares))} ({float(np.nanmax(shares)):.3f}%)"
        for label, colour, shares in ((test_label, "blue", test), (train_label, "orange", train))
    ]
    return plot_html(
        "",
        x,
        y,
        lines_image(lines, grid),
        [Entry(test_label, BLUE), Entry(train_label, ORANGE)],
        points=bin_columns(titles),
        description=f"{HISTOGRAM_ALT}, in % of all values: " + "; ".join(peaks),
        presenting=presenting,
        frame=HISTOGRAM_FRAME,
    )
