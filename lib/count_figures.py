"""The figures a view of "How many images?" goes with, and the words beside them: the count
against the side of a square image (:func:`count_chart`, with its grey reference lines,
:func:`reference_lines`), and, for a view that is no preset, where it falls among every
modality's bars (:func:`axis_place_html`).

Plain string building (no Streamlit): the figures are the page's own HTML
(:mod:`lib.charts.count_plot`), the counts come from :mod:`lib.combinatorics` and
:mod:`lib.modalities` as exact digit counts.
"""

from __future__ import annotations

import html
import math

from lib import combinatorics as comb
from lib import modalities as mod
from lib import reference_figures as ref
from lib.charts import count_plot


def reference_lines() -> tuple[tuple[tuple[str, int], ...], str]:
    """The grey lines of the chart of the count against the side, as (name, digits): the atoms
    in the universe and the largest and smallest datasets; and the caption that says what
    they are. The names are short: a long one ran into the curve on a phone.

    >>> lines, caption = reference_lines()
    >>> lines[0], "LAION-5B" in caption
    (('atoms: 81 digits', 81), True)
    """
    small, large = comb.smallest_and_largest()
    lines = tuple(
        (f"{name}: {d.magnitude.digit_count()} digits", d.magnitude.digit_count())
        for name, d in (("atoms", ref.ATOMS_IN_UNIVERSE), (large.name, large), (small.name, small))
    )
    caption = (
        '<p class="caption">Both axes logarithmic. The grey lines: the atoms in the observable '
        f"universe (~10<sup>80</sup>, an estimate) and the largest and smallest datasets, "
        f"{html.escape(large.name)} and {html.escape(small.name)}, as numbers of digits.</p>"
    )
    return lines, caption


def axis_place_html(name: str, digits: int, axis: list[mod.AxisPoint]) -> str:
    """Where a view that is no preset falls among the bars of the one-axis chart, in words
    (exact digit counts): it has no bar of its own (:func:`lib.modalities.one_axis`). Empty
    for a preset, whose own bar is marked.

    >>> axis = [mod.AxisPoint("a tweet", "text", 331, False), mod.AxisPoint("a photo", "image", 68_181_012, False)]
    >>> axis_place_html("28×28 grey", 1_889, axis)
    '<p class="caption">This view, 28×28 grey (1,889 digits), has no bar of its own: it would sit between “a tweet” (331 digits) and “a photo” (68,181,012 digits).</p>'
    >>> axis_place_html("1×1 grey", 3, axis).endswith("before the shortest, “a tweet” (331 digits).</p>")
    True
    >>> axis_place_html("a tweet", 331, [mod.AxisPoint("a tweet", "text", 331, True)])
    ''
    """
    if any(point.current for point in axis):
        return ""
    below = [p for p in axis if p.digits <= digits]
    above = [p for p in axis if p.digits > digits]
    low = max(below, key=lambda p: p.digits) if below else None
    high = min(above, key=lambda p: p.digits) if above else None

    def bar(point: mod.AxisPoint) -> str:
        return f"“{html.escape(point.name)}” ({point.digits:,} digits)"

    if high is None:  # (the axis has bars: one of the two is there)
        where = f"past the longest, {bar(low)}" if low else ""
    elif low is None:
        where = f"before the shortest, {bar(high)}"
    elif low.digits == digits:
        where = f"beside {bar(low)}, with as many digits"
    else:
        where = f"between {bar(low)} and {bar(high)}"
    return (
        f'<p class="caption">This view, {html.escape(name)} ({digits:,} digits), '
        f"has no bar of its own: it would sit {where}.</p>"
    )


def count_chart(image: comb.ImageFormat, digits: int, presenting: bool) -> tuple[str, str]:
    """The count against the side of a square image as the page's own HTML
    (:mod:`lib.charts.count_plot`): the plot, with the grey lines of :func:`reference_lines`,
    kept per curve (nearby sizes share it: the same bytes), and the view's dot, ``digits`` the
    view's count's number of digits, an element of its own laid over it.

    >>> plot, dot = count_chart(comb.DEFAULT, 68_181_012, False)
    >>> plot is count_chart(comb.ImageFormat(4000, 3024, 3, 8), 68_014_123, False)[0]
    True
    >>> "this image: 68,181,012 digits" in dot
    True
    """
    side = math.sqrt(image.width * image.height)
    points = comb.log10_count_by_side(image.channels, image.bits, comb.chart_sides(side))
    refs, _ = reference_lines()
    sides, counts = tuple(p.side for p in points), tuple(p.digits for p in points)
    plot = count_plot.count_plot_block(sides, counts, refs, presenting)
    return plot, count_plot.count_dot_html(sides, counts, side, digits, "this image", presenting=presenting)
