"""The talk's charts (lib.charts.talk) read back from the page's HTML as a test sees them: each
figure's kind and description, its axes' labels (words and place), axes' titles, bars, ticks,
dots and words on the plot, and the strokes of its lines image."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from count_plot_reading import strokes

FIGURE = re.compile(r'<figure class="html-plot talk-plot talk-(\w+)[^"]*".*?</figure>', re.S)


@dataclass
class Mark:
    """One mark of a plot: its class, hover text, its style's properties, and its words as text
    (markup gone, ``<br>`` a newline) and as markup."""

    kind: str
    title: str
    style: dict[str, str]
    text: str = ""
    markup: str = ""
    classes: tuple[str, ...] = ()

    def share(self, name: str) -> float:
        """A property of its place (``left``, ``top``, ``width``...) as a share of the plot."""
        return float(self.style[name].rstrip("%")) / 100


@dataclass
class TalkChart:
    kind: str
    description: str
    x: list[tuple[str, float, bool]]  # (words, share of the axis, minor)
    y: list[tuple[str, float]]  # (words, share from the bottom)
    x_title: list[str]
    y_title: list[str]
    bars: list[Mark] = field(default_factory=list)
    ticks: list[Mark] = field(default_factory=list)
    dots: list[Mark] = field(default_factory=list)
    words: list[Mark] = field(default_factory=list)  # words on the plot (a point's, a row's)
    strokes: list[dict] = field(default_factory=list)
    figure: str = ""


def _style(text: str) -> dict[str, str]:
    return dict(
        (key.strip(), value.strip())
        for key, _, value in (part.partition(":") for part in text.split(";") if part.strip())
    )


class _Reader(HTMLParser):
    """Walks one figure: the text and markup of each element of interest, by where it is."""

    MARKS = ("bar", "tick", "dot", "words", "row-words")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, list[str], dict]] = []
        self.found: list[tuple[str, dict, str, str]] = []  # (role, attrs, text, markup)
        self.open: list[list] = []  # [role, attrs, text parts, markup parts, depth]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        for entry in self.open:
            entry[3].append(self.get_starttag_text() or "")
            if tag == "br":
                entry[2].append("\n")
        role = next((c for c in classes if c in self.MARKS), None)
        role = role or next(
            (c for c in classes if c in ("plot-x", "plot-y", "plot-x-title", "plot-y-title", "plot-widest")),
            None,
        )
        if tag == "span" and self.stack and "plot-x" in self.stack[-1][1] and "minor" in classes:
            role = "x-minor"
        elif tag == "span" and self.stack and "plot-x" in self.stack[-1][1]:
            role = "x-label"
        elif tag == "span" and self.stack and "plot-y" in self.stack[-1][1] and role != "plot-widest":
            role = "y-label"
        if tag not in ("br", "img"):
            self.stack.append((tag, classes, attrs))
            if role:
                self.open.append([role, attrs, [], [], len(self.stack)])

    def handle_endtag(self, tag):
        if tag in ("br", "img"):
            return
        depth = len(self.stack)
        if self.open and self.open[-1][4] == depth:
            role, attrs, text, markup, _ = self.open.pop()
            self.found.append((role, attrs, "".join(text).strip(), "".join(markup)))
        for entry in self.open:
            entry[3].append(f"</{tag}>")
        self.stack.pop()

    def handle_data(self, data):
        for entry in self.open:
            entry[2].append(data)
            entry[3].append(data)


def read_talk_chart(figure: str) -> TalkChart:
    """One talk chart's figure (its HTML, as :data:`FIGURE` finds it) read back."""
    reader = _Reader()
    reader.feed(figure)
    kind = re.match(r'<figure class="html-plot talk-plot talk-(\w+)', figure)[1]
    description = re.search(r'aria-label="([^"]*)"', figure)[1]
    chart = TalkChart(kind, _unescape(description), [], [], [], [], figure=figure)
    for role, attrs, text, markup in reader.found:
        style = _style(attrs.get("style") or "")
        if role in ("x-label", "x-minor"):
            chart.x.append((text, float(style["left"].rstrip("%")) / 100, role == "x-minor"))
        elif role == "y-label":
            chart.y.append((text, float(style["bottom"].rstrip("%")) / 100))
        elif role == "plot-x-title":
            chart.x_title = text.split("\n")
        elif role == "plot-y-title":
            chart.y_title = [line for line in text.split("\n") if line]
        elif role in _Reader.MARKS:
            classes = tuple((attrs.get("class") or "").split())
            mark = Mark(role, attrs.get("title") or "", style, text, markup, classes)
            {"bar": chart.bars, "tick": chart.ticks, "dot": chart.dots}.get(role, chart.words).append(mark)
    chart.x.sort(key=lambda t: t[1])
    chart.strokes = strokes(figure)
    return chart


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def talk_charts(page: str) -> dict[str, TalkChart]:
    """Every talk chart in ``page`` (its HTML), by kind (``digits``, ``odds``, ``bits``)."""
    charts = {}
    for match in FIGURE.finditer(page):
        chart = read_talk_chart(match.group(0))
        assert chart.kind not in charts, f"two {chart.kind} charts"
        charts[chart.kind] = chart
    return charts
