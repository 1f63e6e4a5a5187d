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
``lib.charts.axis_bars``), and Random images' plots below its draw too (``lib.charts.thinness``,
``lib.charts.sampling``: the page loads no Vega at all). A new seed leaves those as drawn
(``test_view_link.py``). The charts left as Vega are checked here on a chart built as
``lib.ui.chart`` sends one.
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


def sent_chart() -> dict:
    """A chart with each kind of mark the pages' Vega charts draw, as ``lib.ui.chart`` sends it
    (its spec as JSON; Random images' charts, which these tests read before, are the page's own
    HTML now): a line and an area (paths), points, text and a rule; one dataset fixed
    (inline) and one live (Arrow, beside the spec)."""
    from lib.ui.display import _to_send

    fixed = vega.rows(x=[1.0, 2.0, 3.0], y=[1.0, 4.0, 9.0], low=[0.5, 3.0, 8.0])
    live = vega.rows(x=[1.0, 2.0], y=[2.0, 3.0], label=["a", "b"])
    xy = {"x": vega.field("x", "Q"), "y": vega.field("y", "Q")}
    spec = vega.layered(
        vega.view("fixed", fixed, "line", xy),
        vega.view("fixed", fixed, {"type": "area", "opacity": 0.2}, {**xy, "y2": {"field": "low"}}),
        vega.view("live", live, "point", xy),
        vega.view("live", live, "text", {**xy, "text": vega.field("label", "N")}),
        vega.view("fixed", fixed[:1], "rule", {"y": vega.field("y", "Q")}),
    )
    sent = _to_send(spec, ("live",))
    assert set(sent.get("datasets", {})) == {"live"}  # the live data travels as Arrow, beside
    return json.loads(json.dumps({k: v for k, v in sent.items() if k != "datasets"}))


def test_path_marks_are_sent_without_item_descriptions_and_the_rest_keep_theirs():
    every = marks(sent_chart())
    paths = [mark for mark in every if mark["type"] in vega.PATH_MARKS]
    others = [mark for mark in every if mark["type"] not in vega.PATH_MARKS]
    assert len(paths) == 2 and all(mark.get("aria") is False for mark in paths), paths
    assert len(others) == 3 and all("aria" not in mark for mark in others), others


def test_data_sent_beside_the_spec_is_read_as_typed_and_inline_data_keeps_its_format():
    sent = [sent_chart()]
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
