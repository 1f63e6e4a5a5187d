"""How many images?' count chart read back from the page's HTML (lib.charts.count_plot): the
plot (axes, lines, key, hover targets) and the view's dot laid over it."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

PLOT = re.compile(r'<figure class="html-plot count-plot(?: presenting)?".*?</figure>', re.S)
DOT = re.compile(r'<figure class="html-plot count-plot plot-overlay(?: presenting)?".*?</figure>', re.S)
PATH = re.compile(r"<path d='([^']*)' stroke='([^']*)' stroke-width='([^']*)'([^>]*)/>")


def strokes(figure: str) -> list[dict]:
    """The strokes of the plot's lines image in drawing order (the grid first): colour, width,
    dash pattern and, unless it is the grid, its points (x, y in the SVG's 1000-unit box)."""
    images = re.findall(r'src="data:image/svg\+xml,([^"]*)"', figure)  # st.html's
    inline = re.findall(r'<svg class="plot-lines".*?</svg>', figure, re.S)  # shown in place (lib.ui.in_place)
    (svg,) = [unquote(src) for src in images] + inline
    found = []
    for d, colour, width, rest in PATH.findall(svg):
        dash = re.search(r"stroke-dasharray='([^']*)'", rest)
        points = [] if "V" in d else [tuple(map(float, p)) for p in re.findall(r"([-0-9.]+) ([-0-9.]+)", d)]
        found.append(
            {
                "colour": colour,
                "width": float(width),
                "dash": dash[1] if dash else "",
                "points": points,
                "d": d,
            }
        )
    return found


def ticks(figure: str, where: str) -> list[tuple[str, float, bool]]:
    """Each tick label on the x (``left``) or y (``bottom``) axis: its words, its place (a share
    of the plot) and whether a narrow plot leaves it out."""
    found = re.findall(r'<span( class=minor)? style="(left|bottom): ([0-9.]+)%">([^<]*)</span>', figure)
    return [
        (html.unescape(words), float(at) / 100, bool(minor))
        for minor, side, at, words in found
        if side == where
    ]


def count_plot(page: str) -> dict:
    """The count chart's plot in ``page`` (its HTML; exactly one)."""
    (figure,) = PLOT.findall(page)
    return {
        "figure": figure,
        "label": html.unescape(re.search(r'aria-label="([^"]*)"', figure)[1]),
        "x": ticks(figure, "left"),
        "y": ticks(figure, "bottom"),
        "strokes": strokes(figure),
        "key": [
            (html.unescape(label), style)
            for style, label in re.findall(
                r'<li><i class="key stroke" style="([^"]*)"></i>([^<]*)</li>', figure
            )
        ],
        "points": [
            (html.unescape(t), float(x) / 100, float(y) / 100)
            for t, x, y in re.findall(
                r'<i title="([^"]*)" style="left:([0-9.]+)%;bottom:([0-9.]+)%"></i>', figure
            )
        ],
        "rules": [
            (html.unescape(t), float(y) / 100)
            for t, y in re.findall(r'<b title="([^"]*)" style="bottom:([0-9.]+)%"></b>', figure)
        ],
    }


def count_dot(page: str) -> dict:
    """The view's dot in ``page``, laid over the plot (exactly one): its hover text, place
    (shares of the plot), name and which side of the dot the name is on."""
    (figure,) = DOT.findall(page)
    dot = re.search(r'<i class="dot" title="([^"]*)" style="left:([0-9.]+)%;bottom:([0-9.]+)%"></i>', figure)
    name = re.search(r'<span class="here( left)?" style="[^"]*">([^<]*)</span>', figure)
    assert dot and name, figure
    return {
        "figure": figure,
        "label": html.unescape(re.search(r'aria-label="([^"]*)"', figure)[1]),
        "title": html.unescape(dot[1]),
        "x": float(dot[2]) / 100,
        "y": float(dot[3]) / 100,
        "name": html.unescape(name[2]),
        "left": bool(name[1]),
    }
