"""What a chart costs the browser when an input changes (issue 14): measured by
``bench/bench_chart_updates.py``, guarded here.

- Line and area marks, one SVG path for all their items, go without the ARIA description
  Vega-Lite writes for every item (only the first item's ever labels the path); points and
  bars, one element an item, keep theirs.
- Data sent beside the spec (Arrow, typed) is not parsed again row by row.

A swap of new data into a drawn Vega chart costs the browser ~12-14 ms of its main thread
whatever it holds, so the charts whose data changed with a view are now the page's own HTML:
Random images' statistics' two plots and neighbour correlations (``lib.charts.statistics_plots``,
``lib.sampling_strip``; its exact triangle's 127 points are checked in
``test_sampling_plots.py``) and both of How many images?' charts (``lib.charts.count_plot``,
``lib.charts.axis_bars``). :func:`chart_drawings` tells a Vega chart left as drawn from one
drawn anew: a new seed of Random images leaves every one as drawn (``test_view_link.py``).
"""

from __future__ import annotations

import json

from lib.charts import vega


def marks(node: dict) -> list[dict]:
    """Every mark of a spec, as a dictionary."""
    found = []
    if "mark" in node:
        mark = node["mark"]
        found.append({"type": mark} if isinstance(mark, str) else mark)
    for key in vega.COMPOSITIONS:
        for child in node.get(key, []):
            found += marks(child)
    return found


def test_path_marks_are_sent_without_item_descriptions_and_the_rest_keep_theirs(open_page):
    sent = [
        marks(json.loads(chart.proto.spec))
        for chart in open_page("pages/2_Sampling.py").get("vega_lite_chart")
    ]
    every = [mark for chart in sent for mark in chart]
    paths = [mark for mark in every if mark["type"] in vega.PATH_MARKS]
    others = [mark for mark in every if mark["type"] not in vega.PATH_MARKS]
    assert len(paths) >= 4 and all(mark.get("aria") is False for mark in paths), paths
    assert others and all("aria" not in mark for mark in others), others


def test_data_sent_beside_the_spec_is_read_as_typed_and_inline_data_keeps_its_format(open_page):
    sent = [json.loads(chart.proto.spec) for chart in open_page("pages/2_Sampling.py").get("vega_lite_chart")]
    named, inline = [], []

    def walk(node: dict) -> None:
        data = node.get("data", {})
        (named if "name" in data else inline if "values" in data else []).append(data)
        for key in vega.COMPOSITIONS:
            for child in node.get(key, []):
                walk(child)

    for spec in sent:
        walk(spec)
    assert named and all(data["format"] == {"parse": None} for data in named), named
    assert inline and all(data.get("format", {}).get("parse", {}) is not None for data in inline)


#: Each chart's drawing: its root SVG (tagged the first time it is seen, so that a chart drawn
#: anew shows up as an untagged SVG) and what it draws (paths' shapes and texts).
DRAWINGS = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"] svg.marks')].map(svg => {
  const seen = svg.__seenBefore === true;
  svg.__seenBefore = true;
  const drawn = [...svg.querySelectorAll('path, text')].map(e => e.getAttribute('d') || e.textContent).join('|');
  return {seen, drawn};
})"""


def chart_drawings(tab) -> list[dict]:
    """Each chart's drawing now (``DRAWINGS``), its SVG tagged as seen: take it with every
    chart drawn (``wait_for_paint``), before the input changes."""
    return tab.evaluate(DRAWINGS)
