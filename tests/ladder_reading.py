"""Reading Memorise or model?'s ladder (lib.charts.ladder_plot) back from its HTML, as a test
sees it: its rows (name, figure), its markers (series, place, hover text), its x ticks, its
legend and what a screen reader is told; and each series' marker as its style draws it."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import unquote

from lib.charts import ladder_plot


@dataclass(frozen=True)
class Marker:
    series: int  # index into ladder_plot.SERIES
    left: float  # share of the axis, 0 to 1
    top: float  # share of the plot's height, 0 to 1
    title: str


@dataclass(frozen=True)
class Ladder:
    names: list[str]
    figures: list[str]
    markers: list[Marker]
    ticks: list[tuple[str, float, bool]]  # (label, share of the axis, minor)
    legend: list[tuple[int, str]]  # (series index, words)
    description: str
    area_height: int
    style: str  # the figure's own custom properties


def read_ladder(block: str) -> Ladder:
    """The ladder in ``block`` (its <figure class="ladder-plot ...">, wherever it sits)."""
    figure = re.search(r'<figure class="ladder-plot[^"]*"[^>]*>.*?</figure>', block, re.S)
    assert figure, "no ladder in this HTML"
    text = figure.group(0)
    names_html = re.search(r'<div class="ladder-names">(.*?)</div>', text, re.S).group(1)
    names = [
        html.unescape(re.sub(r"<.*?>", "", n))
        for n in re.findall(r"<span><span>(.*?)</span></span>", names_html)
    ]
    figures = re.findall(r'<span class="fig">([^<]*)</span>', text)
    markers = [
        Marker(int(s), round(float(left) / 100, 6), round(float(top) / 100, 6), html.unescape(title))
        for s, title, left, top in re.findall(
            r'<i class="mk s(\d)" title="([^"]*)" style="left:(-?[0-9.]+)%;top:([0-9.]+)%"></i>', text
        )
    ]
    x = re.search(r'<div class="ladder-x">(.*?)</div>', text, re.S).group(1)
    ticks = [
        (label, round(float(left) / 100, 6), bool(minor))
        for minor, left, label in re.findall(
            r'<span( class=minor)? style="left: ([0-9.]+)%">([^<]*)</span>', x
        )
    ]
    legend = [
        (int(s), html.unescape(w)) for s, w in re.findall(r'<li><i class="mk s(\d)"></i>([^<]*)</li>', text)
    ]
    return Ladder(
        names=names,
        figures=figures,
        markers=markers,
        ticks=ticks,
        legend=legend,
        description=html.unescape(re.search(r'aria-label="([^"]*)"', text).group(1)),
        area_height=int(re.search(r'<div class="ladder-area" style="height: (\d+)px">', text).group(1)),
        style=html.unescape(re.search(r'style="([^"]*)"', text).group(1)),
    )


def marker_svg(index: int) -> str:
    """Series ``index``'s marker as the ladder's style draws it: the SVG of its background."""
    rule = re.search(
        rf'\.ladder-plot \.mk\.s{index} {{ background-image: url\("data:image/svg\+xml,([^"]*)"\); }}',
        ladder_plot.LADDER_STYLE,
    )
    assert rule, f"no marker rule for series {index}"
    return unquote(rule.group(1))


def marker_shift(index: int) -> str | None:
    """How series ``index``'s markers are moved off their row's middle in the plot (a CSS
    margin-top), or None."""
    rule = re.search(rf"\.ladder-area > \.mk\.s{index} {{ margin-top: ([^;]*); }}", ladder_plot.LADDER_STYLE)
    return rule.group(1) if rule else None
