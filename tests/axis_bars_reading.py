"""How many images?' one-axis chart read back from the page's HTML (lib.charts.axis_bars)."""

from __future__ import annotations

import html
import re

BAR = re.compile(
    r'<li class="bar( here)?" title="([^"]*)" style="--c: ([^;]*); --w: ([0-9.]+)%"><span>([^<]*)</span></li>'
)


def axis_bars(page: str) -> list[dict]:
    """Each bar of the one-axis chart in ``page`` (its HTML), top to bottom: whether it is
    marked as this view, its hover text, colour, length (a share of the plot) and name."""
    figures = re.findall(r'<figure class="axis-bars.*?</figure>', page, flags=re.S)
    assert len(figures) <= 1, len(figures)
    return [
        {
            "here": bool(here),
            "title": html.unescape(title),
            "colour": colour,
            "share": float(width) / 100,
            "name": html.unescape(name),
        }
        for here, title, colour, width, name in BAR.findall(figures[0] if figures else "")
    ]


def without_axis_bars(page: str) -> str:
    """``page`` without the one-axis chart, whose bars name every kind of data."""
    return re.sub(r'<figure class="axis-bars.*?</figure>', "", page, flags=re.S)
