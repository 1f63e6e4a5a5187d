"""Memorise or model?'s two plots under the ladder (lib.charts.learning: the published CIFAR-10
records and the two histograms), read back from their HTML as a test sees them: axes, strokes
of the lines image, points, names, hover columns, legend, what a screen reader is told."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from plot_lines_reading import strokes_of

RECORDS = re.compile(r'<figure class="html-plot records-plot(?: presenting)?".*?</figure>', re.S)
HISTOGRAM = re.compile(r'<figure class="html-plot histogram-plot(?: presenting)?".*?</figure>', re.S)
LABEL = re.compile(r'<span( class=minor)? style="(left|bottom): ([\d.]+)%">([^<]*)</span>')
POINT = re.compile(r'<i title="([^"]*)" style="left:([\d.]+)%;bottom:([\d.]+)%"></i>')
NAME = re.compile(
    r'<span( class="before")? style="(?:left|right):calc\(([\d.]+)% \+ 0.5em\);(?:bottom|top):calc\(([\d.]+)%'
    r' \+ 0.5em\);max-width:calc\(([\d.]+)cqw - 0.5em\)">([^<]*)</span>'
)


@dataclass(frozen=True)
class Plot:
    figure: str
    classes: str
    label: str  # what a screen reader is told (aria-label)
    type_px: int
    plot_px: int
    x_title: str
    y_title: str
    x: list[tuple[str, float, bool]]  # (words, share of the axis, minor)
    y: list[tuple[str, float, bool]]
    strokes: list[dict]  # the lines image's paths in drawing order, the grid first
    legend: list[tuple[str, str]]  # (words, colour)


def _plot(figure: str) -> Plot:
    strokes = [{"d": d, "colour": colour, "width": width} for d, colour, width, _ in strokes_of(figure)]
    opening = figure[: figure.index(">")]
    labels = [(html.unescape(w), float(at) / 100, bool(m), side) for m, side, at, w in LABEL.findall(figure)]
    return Plot(
        figure=figure,
        classes=re.search(r'class="([^"]*)"', opening)[1],
        label=html.unescape(re.search(r'aria-label="([^"]*)"', opening)[1]),
        type_px=int(re.search(r"--type: (\d+)px", opening)[1]),
        plot_px=int(re.search(r"--plot: (\d+)px", opening)[1]),
        x_title=html.unescape(re.search(r'<div class="plot-x-title">([^<]*)</div>', figure)[1]),
        y_title=html.unescape(re.search(r'<div class="plot-y-title"><span>([^<]*)</span>', figure)[1]),
        x=[(w, at, m) for w, at, m, side in labels if side == "left"],
        y=[(w, at, m) for w, at, m, side in labels if side == "bottom"],
        strokes=strokes,
        legend=[
            (html.unescape(words), colour)
            for colour, words in re.findall(
                r'<li><i class="key line" style="--c: ([^"]*)"></i>([^<]*)</li>', figure
            )
        ],
    )


def read_records(page: str) -> dict:
    """The records' plot in ``page`` (exactly one): its plot, each point (hover text, place as
    shares of the plot), each name (words, whether it is before its point, where it is
    anchored, the room it may take) and the line through the points (its path's points, as
    shares of the plot)."""
    (figure,) = RECORDS.findall(page)
    plot = _plot(figure)
    grid, line = plot.strokes
    points = [(html.unescape(t), float(x) / 100, float(y) / 100) for t, x, y in POINT.findall(figure)]
    names = [
        {
            "words": html.unescape(w),
            "before": bool(b),
            "x": float(x) / 100,
            "y": float(y) / 100,
            "room": float(r) / 100,
        }
        for b, x, y, r, w in NAME.findall(figure)
    ]
    drawn = [(float(a) / 1000, 1 - float(b) / 1000) for a, b in re.findall(r"([\d.]+) ([\d.]+)", line["d"])]
    return {"plot": plot, "grid": grid, "line": line, "drawn": drawn, "points": points, "names": names}


def steps(d: str) -> list[float]:
    """The height (a share of the plot, y upwards) of each of the 256 bins a stepped path
    (lib.charts.learning_marks.step_path) draws, read back from its H and V commands."""
    start = re.fullmatch(r"M0 ([\d.]+)((?:H[\d.]+V[\d.]+)*)H1000", d)
    assert start, d
    level, at, heights = float(start[1]), 0.0, []
    for until, then in re.findall(r"H([\d.]+)V([\d.]+)", start[2]):
        heights += [level] * round((float(until) - at) * 256 / 1000)
        level, at = float(then), float(until)
    heights += [level] * round((1000 - at) * 256 / 1000)
    return [1 - h / 1000 for h in heights]


def read_histogram(page: str) -> dict:
    """The histograms' plot in ``page`` (exactly one): its plot, the two sets' stepped lines
    (colour, width, each bin's height as a share of the plot) and the hover columns' words."""
    (figure,) = HISTOGRAM.findall(page)
    plot = _plot(figure)
    grid, *lines = plot.strokes
    columns = re.search(r'<div class="bin-columns" style="--bins: (\d+)">(.*?)</div>', figure, re.S)
    titles = [html.unescape(t) for t in re.findall(r'<i title="([^"]*)"></i>', columns[2])]
    assert int(columns[1]) == len(titles)
    return {
        "plot": plot,
        "grid": grid,
        "lines": [{"colour": s["colour"], "width": s["width"], "heights": steps(s["d"])} for s in lines],
        "titles": titles,
    }
