"""The image of a plot's lines (:mod:`lib.charts.plot_lines`), decoded: where the readers of the
plots drawn as the page's own HTML start."""

from __future__ import annotations

import re
from urllib.parse import unquote

#: One stroke of the image: its path, colour, width and the rest of its attributes.
STROKE = re.compile(r"<path d='([^']*)' stroke='(#[0-9A-Fa-f]{6})' stroke-width='([\d.]+)'([^/]*)/>")


def strokes_of(block: str) -> list[tuple[str, str, float, str]]:
    """(path, colour, width, other attributes) of each stroke of the one lines image in
    ``block``, in drawing order (a grid first): an image stretched over its plot
    (``preserveAspectRatio='none'``, a 1000-unit box), each stroke keeping its width in px."""
    (src,) = re.findall(r'src="data:image/svg\+xml,([^"]*)"', block)
    svg = unquote(src)
    assert "preserveAspectRatio='none'" in svg and "viewBox='0 0 1000 1000'" in svg
    found = []
    for d, colour, width, rest in STROKE.findall(svg):
        assert "vector-effect='non-scaling-stroke'" in rest  # strokes keep their width in px
        found.append((d, colour, float(width), rest))
    return found
