"""What a chart costs the browser when an input changes (issue 14): measured by
``bench/bench_chart_updates.py``, guarded here.

- A chart whose spec is unchanged and whose data changed has its new data swapped into the
  drawing it has (the same SVG, redrawn): a changed spec would have Vega compile and build
  the chart anew, 3–4× the browser's work.
- Line and area marks, one SVG path for all their items, go without the ARIA description
  Vega-Lite writes for every item (only the first item's ever labels the path); points and
  bars, one element an item, keep theirs.
- Data sent beside the spec (Arrow, typed) is not parsed again row by row.

A data swap still costs the browser ~12-14 ms of its main thread a chart whatever it holds,
so the charts whose data change with every draw of Random images (its statistics' two plots,
its neighbour correlations) are now the page's own HTML (``lib.charts.statistics_plots``,
``lib.sampling_strip``), and its exact triangle's 127 points are checked there
(``test_sampling_plots.py``).

The browser's side (``assert_new_data_swapped_in``) is checked on a visit that changes those
inputs anyway: How many images?'s width (``test_view_reruns.py``), on the page as first drawn,
with no page load of its own. Random images' new seed swaps data into no chart
(``test_view_link.py`` checks that every Vega chart stays as drawn).
"""

from __future__ import annotations

import json

from conftest import wait_for_run

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

#: Line paths labelled, and point or bar items labelled, over every chart of the page.
LABELS = """() => {
  const labelled = s => [...document.querySelectorAll(s)].filter(e => e.hasAttribute('aria-label')).length;
  return {paths: labelled('svg.marks .mark-line path, svg.marks .mark-area path'),
          items: labelled('svg.marks .mark-symbol path, svg.marks .mark-rect path')};
}"""


def chart_drawings(tab) -> list[dict]:
    """Each chart's drawing now (``DRAWINGS``), its SVG tagged as seen: take it with every
    chart drawn (``wait_for_paint``), before the input changes."""
    return tab.evaluate(DRAWINGS)


def assert_new_data_swapped_in(tab, before: list[dict], changed: int) -> None:
    """After an input changed (its run waited for): at least ``changed`` charts drew new data,
    each into the SVG it had (``before``: :func:`chart_drawings`), and only points and bars
    carry item descriptions.

    The new data is drawn once the run has ended (an effect after React's commit): this waits
    for the charts that change to have drawn it, whether into the old SVG or a new one.
    Checked on a visit another test makes: How many images? with a new width
    (``test_view_reruns.py``).
    """
    tab.wait_for_function(
        """([before, changed]) => {
          const now = [...document.querySelectorAll('[data-testid="stVegaLiteChart"] svg.marks')];
          const drawn = now.map(svg => [...svg.querySelectorAll('path, text')].map(e => e.getAttribute('d') || e.textContent).join('|'));
          return now.length === before.length && drawn.filter((d, i) => d !== before[i].drawn).length >= changed;
        }""",
        arg=[before, changed],
        polling="raf",
    )
    wait_for_run(tab)
    after = tab.evaluate(DRAWINGS)
    redrawn = [i for i, (old, new) in enumerate(zip(before, after)) if old["drawn"] != new["drawn"]]
    assert len(redrawn) >= changed
    assert all(chart["seen"] for chart in after), "a chart was drawn anew instead of given new data"
    labels = tab.evaluate(LABELS)
    assert labels["paths"] == 0 and labels["items"] > 0, labels
