"""Random images' plots below the draw read back from their HTML: the thinness study's two
(lib.charts.thinness) and the diffusion path (lib.charts.sampling), each drawn by
lib.charts.html_plot with lib.charts.html_marks."""

from __future__ import annotations

import base64
import html
import io
import re
from urllib.parse import unquote

import numpy as np
from PIL import Image

THINNESS = re.compile(r'<figure class="html-plot thinness-plot(?: presenting)?".*?</figure>', re.S)
DIFFUSION = re.compile(r'<figure class="html-plot two-axes diffusion-plot(?: presenting)?".*?</figure>', re.S)
STROKE = re.compile(r"<path d='([^']*)' stroke='([^']*)' stroke-width='([^']*)'([^>]*)/>")
FILL = re.compile(r"<path d='([^']*)' fill='(#[0-9A-Fa-f]{6})' fill-opacity='([^']*)'/>")
POINT = r'<i title="([^"]*)" style="left:([-0-9.]+)%;bottom:([-0-9.]+)%"></i>'


def _numbers(d: str) -> list[tuple[float, float]]:
    return [tuple(map(float, p)) for p in re.findall(r"([-0-9.]+) ([-0-9.]+)", d)]


def images(figure: str) -> list[str]:
    """The SVGs of the figure's images of lines and bands, decoded, in drawing order."""
    return [
        unquote(src)
        for src in re.findall(r'<img class="plot-lines" alt="" src="data:image/svg\+xml,([^"]*)"', figure)
    ]


def strokes(figure: str) -> list[dict]:
    """Every stroke of the figure's images in drawing order (a grid first): colour, width, dash
    pattern and its points in the SVG's 1000-unit box (none for a grid)."""
    found = []
    for svg in images(figure):
        assert "preserveAspectRatio='none'" in svg and "viewBox='0 0 1000 1000'" in svg
        for d, colour, width, rest in STROKE.findall(svg):
            dash = re.search(r"stroke-dasharray='([^']*)'", rest)
            grid = "V" in d or "H" in d
            found.append(
                {
                    "colour": colour,
                    "width": float(width),
                    "dash": dash[1] if dash else "",
                    "d": d,
                    "points": [] if grid else _numbers(d),
                }
            )
    return found


def fills(figure: str) -> list[dict]:
    """Every filled band: colour, opacity, outline's points (SVG box)."""
    return [
        {"colour": c, "opacity": float(o), "points": _numbers(d)}
        for svg in images(figure)
        for d, c, o in FILL.findall(svg)
    ]


def ticks(figure: str, where: str, inside: str = "") -> list[tuple[str, float, bool]]:
    """Tick labels along ``where`` (``left``: x; ``bottom``: y), their words, share, and whether
    minor; ``inside``: only those in the element of that class (``plot-y2``: the right axis)."""
    part = figure
    if inside:
        found = re.search(rf'<div class="{inside}">(.*?)</div>', figure, re.S)
        part = found[1] if found else ""
    elif where == "bottom":
        part = re.search(r'<div class="plot-y">(.*?)</div>', figure, re.S)[1]
    labels = re.findall(r'<span( class=minor)? style="(left|bottom): ([-0-9.]+)%">([^<]*)</span>', part)
    return [
        (html.unescape(w), float(at) / 100, bool(minor)) for minor, side, at, w in labels if side == where
    ]


def text_of(figure: str, cls: str) -> str:
    found = re.search(rf'<div class="{cls}"><span>([^<]*)</span></div>', figure) or re.search(
        rf'<div class="{cls}">([^<]*)</div>', figure
    )
    return html.unescape(found[1]) if found else ""


def points(block: str) -> list[tuple[str, float, float]]:
    return [(html.unescape(t), float(x) / 100, float(y) / 100) for t, x, y in re.findall(POINT, block)]


def groups(figure: str) -> list[dict]:
    """Each block of points: its classes, colour and points."""
    return [
        {"classes": cls.split(), "colour": colour, "points": points(body)}
        for cls, colour, body in re.findall(
            r'<div class="(dots[^"]*)"(?: style="--c: ([^"]*)")?>((?:<i [^>]*></i>)*)</div>', figure
        )
    ]


def read(figure: str) -> dict:
    """What a plot says and draws."""
    heading = re.search(
        r'<figcaption class="plot-title plot-heading">([^<]*)(?:<span class="plot-subtitle">([^<]*)</span>)?</figcaption>',
        figure,
    )
    return {
        "figure": figure,
        "classes": re.match(r'<figure class="([^"]*)"', figure)[1].split(),
        "label": html.unescape(re.search(r'aria-label="([^"]*)"', figure)[1]),
        "type": int(re.search(r"--type: (\d+)px", figure)[1]),
        "height": int(re.search(r"--plot: (\d+)px", figure)[1]),
        "title": html.unescape(heading[1]) if heading else "",
        "subtitle": html.unescape(heading[2] or "") if heading else "",
        "x": ticks(figure, "left"),
        "y": ticks(figure, "bottom"),
        "y2": ticks(figure, "bottom", "plot-y2"),
        "x title": text_of(figure, "plot-x-title"),
        "y title": text_of(figure, "plot-y-title"),
        "y2 title": text_of(figure, "plot-y2-title"),
        "legend": [
            (html.unescape(label), key)
            for key, label in re.findall(
                r"<li>((?:<span [^>]*>)?<i [^>]*></i>(?:</span>)?)([^<]*)</li>", figure
            )
        ],
        "strokes": strokes(figure),
        "fills": fills(figure),
        "groups": groups(figure),
        "marked": [
            (html.unescape(label), colour, float(x) / 100, float(y) / 100)
            for colour, x, y, label in re.findall(
                r'<div class="marked" style="--c: ([^"]*)"><i title="[^"]*" style="left:([-0-9.]+)%;bottom:([-0-9.]+)%"></i>'
                r"<b [^>]*>([^<]*)</b></div>",
                figure,
            )
        ],
        "levels": [
            (html.unescape(t), float(y) / 100)
            for y, t in re.findall(
                r'<span class="level-label" style="bottom: ([-0-9.]+)%">([^<]*)</span>', figure
            )
        ],
        "frames": [
            (
                html.unescape(alt),
                np.asarray(Image.open(io.BytesIO(base64.b64decode(src)))),
                html.unescape(caption),
            )
            for src, alt, caption in re.findall(
                r'<div><img src="data:image/png;base64,([^"]*)" alt="([^"]*)" width="\d+" height="\d+">'
                r"<span>([^<]*)</span></div>",
                figure,
            )
        ],
    }


def thinness_plots(page: str) -> list[dict]:
    """The thinness study's plots in ``page`` (its HTML), in order."""
    return [read(f) for f in THINNESS.findall(page)]


def diffusion_plot(page: str) -> dict:
    """The diffusion path's plot in ``page`` (exactly one)."""
    (figure,) = DIFFUSION.findall(page)
    return read(figure)
