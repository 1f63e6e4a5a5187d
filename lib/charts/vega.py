"""Vega-Lite specs as plain dictionaries: rows of data, named datasets, shared settings.

Why not Altair: building one chart with Altair took 0.1–0.7 s (its schema validation and
deep copies), and importing it with the pandas it pulls in took ~1 s on a fresh server,
on every rerun and in front of every first visitor. A Vega-Lite spec is just JSON: the
builders in :mod:`lib.charts` write it directly, in the layout Altair's ``to_dict()``
gives (data in ``datasets``, referenced by name), so tests read the same keys.

Nothing here imports Streamlit; :func:`lib.ui.chart` sends a spec with its data inline.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

#: The keys that belong to one view (a unit spec); the rest of a spec is its frame.
VIEW_KEYS = ("data", "mark", "encoding", "transform", "params", "name", "projection")
COMPOSITIONS = ("layer", "hconcat", "vconcat", "concat")

Spec = dict[str, Any]


def significant(values: Iterable[float], digits: int = 6) -> list[float | None]:
    """Measured values rounded to ``digits`` significant digits, to draw: a chart of a few
    hundred pixels shows no more, tooltips print at most four, and the JSON sent on every
    new view shrinks by half (``0.0754442`` instead of ``0.07544417382415923``).

    >>> significant([0.07544417382415923, 1.52587890625e-05, float("nan"), 0.0])
    [0.0754442, 1.52588e-05, None, 0.0]
    """
    return [plain(float(f"{float(v):.{digits}g}")) for v in values]


def plain(value: Any) -> Any:
    """A JSON value from a number of any kind: numpy scalars become Python ones, and a
    NaN or an infinity becomes None (JSON has neither; Vega-Lite skips nulls).

    >>> [plain(np.int64(3)), plain(np.float32(0.5)), plain(float("nan")), plain("a"), plain(True)]
    [3, 0.5, None, 'a', True]
    """
    if isinstance(value, str | bool) or value is None:
        return value
    if hasattr(value, "item"):  # a numpy scalar
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def rows(**columns: Any) -> list[dict[str, Any]]:
    """Rows of data from equally long columns (a scalar is repeated down its column).

    >>> rows(x=[1, 2], kind="noise")
    [{'x': 1, 'kind': 'noise'}, {'x': 2, 'kind': 'noise'}]
    >>> rows(x=np.array([0.5, np.nan]), n=np.array([1, 2]))
    [{'x': 0.5, 'n': 1}, {'x': None, 'n': 2}]
    >>> rows(x=[1, 2], y=[1])
    Traceback (most recent call last):
    ValueError: every column needs the same length, not [2, 1]
    """
    lists = {k: _column(v) for k, v in columns.items() if not isinstance(v, str | int | float)}
    lengths = [len(v) for v in lists.values()]
    if len(set(lengths)) > 1:
        raise ValueError(f"every column needs the same length, not {lengths}")
    count = lengths[0] if lengths else 1
    cells = [lists[k] if k in lists else [plain(v)] * count for k, v in columns.items()]
    return [dict(zip(columns, row)) for row in zip(*cells)] if cells else []


def _column(values: Any) -> list[Any]:
    """One column as JSON values; a numpy array converted in one call (a cell at a time is
    ten times slower on the Sampling page's scatter of 1,200 points)."""
    if isinstance(values, np.ndarray):
        out = values.tolist()
        if values.dtype.kind in "fc" and not np.isfinite(values).all():
            out = [plain(v) for v in out]
        return out
    return [plain(v) for v in values]


def view(
    name: str, data: Sequence[Mapping[str, Any]], mark: Spec | str, encoding: Spec, **extra: Any
) -> Spec:
    """One layer of a chart: its own named data, a mark and an encoding.

    >>> v = view("dots", rows(x=[1]), {"type": "point"}, {"x": {"field": "x", "type": "quantitative"}})
    >>> v["data"], v["datasets"]
    ({'name': 'dots'}, {'dots': [{'x': 1}]})
    """
    mark = {"type": mark} if isinstance(mark, str) else mark
    return {
        "data": {"name": name},
        "datasets": {name: list(data)},
        "mark": mark,
        "encoding": encoding,
        **extra,
    }


def layered(*views: Spec, **frame: Any) -> Spec:
    """Views drawn on top of each other, their datasets gathered at the top (as Altair does).

    >>> spec = layered(view("a", [], "line", {}), {"mark": {"type": "rule"}, "encoding": {}}, height=100)
    >>> list(spec["datasets"]), [layer["mark"]["type"] for layer in spec["layer"]], spec["height"]
    (['a'], ['line', 'rule'], 100)
    """
    datasets: dict[str, list] = {}
    layers = []
    for v in views:
        v = dict(v)
        datasets.update(v.pop("datasets", {}))
        layers.append(v)
    return {"layer": layers, "datasets": datasets, **frame}


def single(v: Spec, **frame: Any) -> Spec:
    """One view as a whole chart (data referenced at the top, as Altair writes it)."""
    return {**v, **frame}


def axis_config(size: int, **more: Any) -> Spec:
    """Axis type at ``size`` px with titles and labels never truncated (limit 0)."""
    return {"labelFontSize": size, "titleFontSize": size, "titleLimit": 0, "labelLimit": 0, **more}


#: The narrowest window that gets a projector's chart type (:func:`projector_type_on_wide_screens`):
#: a 1280×720 laptop driving a projector has it; a phone or a tablet held upright does not.
PROJECTOR_MIN_WIDTH = 1000
#: Type sizes below this are a screen's; at or above it, a projector's (22 px beside 28-px words).
_PROJECTOR_TYPE_PX = 16
_TYPE_KEYS = frozenset({"fontSize", "labelFontSize", "titleFontSize", "subtitleFontSize"})


def projector_type_on_wide_screens(spec: Spec, min_width: int = PROJECTOR_MIN_WIDTH) -> Spec:
    """``spec`` with its projector-sized type, legend symbols and legend columns kept only in a
    window at least ``min_width`` px wide, and a screen's sizes (about 0.55×, ≥ 11 px) below.

    Why: a presenting page's charts are built for a projector (22-px text, a three-column
    legend), and the server cannot know the width of the browser that asks for them. Someone
    in the audience who opens the presented link on a phone got plots squeezed to a sliver
    beside 22-px labels, with legends and axis titles cut off. Vega works the size out in the
    browser (``windowSize()``), so one spec serves both. Sizes below 16 px (a screen's) and
    sizes that are expressions already (the talk's, which follow their box) are left alone;
    datasets are not walked.

    Vega evaluates ``windowSize()`` once: an expression re-runs only when a signal it reads
    changes. So the test also reads ``width`` (times 0), the chart's width, which Streamlit
    changes with the window: a presented page opened in a narrow window and then maximised
    on the projector gets a projector's type in every chart that fits its column, without a
    reload. (A chart of fixed size keeps the type it was first drawn with.)

    >>> spec = {"config": {"axis": {"labelFontSize": 22, "labelLimit": 0},
    ...                    "legend": {"labelFontSize": 12, "columns": 3, "symbolSize": 200}},
    ...         "datasets": {"d": [{"fontSize": 40}]}}
    >>> out = projector_type_on_wide_screens(spec)
    >>> out["config"]["axis"]["labelFontSize"]
    {'expr': 'windowSize()[0] + 0 * width >= 1000 ? 22 : 12'}
    >>> out["config"]["legend"]["labelFontSize"], out["config"]["legend"]["columns"]["expr"]
    (12, 'windowSize()[0] + 0 * width >= 1000 ? 3 : 1')
    >>> out["config"]["legend"]["symbolSize"]["expr"], out["datasets"] == spec["datasets"]
    ('windowSize()[0] + 0 * width >= 1000 ? 200 : 100', True)
    """

    def wide_or_not(wide: float, narrow: float) -> Spec:
        return {"expr": f"windowSize()[0] + 0 * width >= {min_width} ? {wide:g} : {narrow:g}"}

    def walk(node: Any, parent: str) -> Any:
        if isinstance(node, list):
            return [walk(item, parent) for item in node]
        if not isinstance(node, dict):
            return node
        out: Spec = {}
        for key, value in node.items():
            number = isinstance(value, int | float) and not isinstance(value, bool)
            if key in ("datasets", "data", "values"):
                out[key] = value
            elif number and key in _TYPE_KEYS and value >= _PROJECTOR_TYPE_PX:
                out[key] = wide_or_not(value, max(11, round(value * 0.55)))
            elif number and key == "symbolSize" and value > 100:
                out[key] = wide_or_not(value, 100)
            elif number and key == "columns" and parent == "legend" and value > 1:
                out[key] = wide_or_not(value, 1)
            else:
                out[key] = walk(value, key)
        return out

    return walk(spec, "")


def padded(left: int = 8, right: int = 8, top: int = 8, bottom: int = 8) -> Spec:
    """Vega's padding as an object (a number crashed Streamlit's chart code in the browser);
    a config padding is ignored, so it is a property of the chart."""
    return {"left": left, "right": right, "top": top, "bottom": bottom}


FIT_WIDTH = {"type": "fit-x", "contains": "padding"}
NATURAL_SIZE = {"type": "pad", "contains": "padding"}


def field(name: str, kind: str, **more: Any) -> Spec:
    """An encoding channel on a field: ``field("x", "Q", title=...)``.

    >>> field("side", "Q", title="side")
    {'field': 'side', 'type': 'quantitative', 'title': 'side'}
    """
    kinds = {"Q": "quantitative", "N": "nominal", "O": "ordinal", "T": "temporal"}
    return {"field": name, "type": kinds[kind], **more}


def tooltip(*fields: str | Spec) -> list[Spec]:
    """Tooltip channels from shorthands ``"name:Q"`` or full channel dicts."""
    out = []
    for f in fields:
        if isinstance(f, str):
            name, kind = f.rsplit(":", 1)
            out.append(field(name, kind))
        else:
            out.append(f)
    return out


def composed(spec: Spec) -> Spec:
    """The spec's top level without its datasets, a single view made a layer of one (its
    size, title and config staying on top). Streamlit rewrites a top-level colour legend's
    empty title into a blank line of legend above the chart, never a layer's; and a layer
    is where :func:`inline` writes data.

    >>> sent = composed(single(view("d", rows(x=[1]), "point", {}), height=50))
    >>> sent["layer"][0]["mark"], sent["height"], "datasets" in sent
    ({'type': 'point'}, 50, False)
    """
    top = {k: v for k, v in spec.items() if k != "datasets"}
    if not any(k in top for k in COMPOSITIONS):
        top["layer"] = [{k: top.pop(k) for k in VIEW_KEYS if k in top}]
    return top


def inline(spec: Spec) -> Spec:
    """The spec with every named dataset written into the views that use it, and no data
    at the top: what :func:`lib.ui.chart` sends. Streamlit turns top-level data and named
    datasets into Arrow through pandas (an import of ~0.7 s on a fresh server and a
    conversion on every rerun); data inside a view is sent as JSON, untouched.

    A single view becomes a layer of one, its size, title and config staying on top; data
    shared by every layer is written once, on a layer that holds them. Line and area marks
    go without per-item ARIA descriptions (:func:`unlabelled_paths`).

    >>> spec = single(view("d", rows(x=[1, 2]), "point", {}), height=50)
    >>> sent = inline(spec)
    >>> "data" in sent, "datasets" in sent, sent["layer"][0]["data"], sent["height"]
    (False, False, {'values': [{'x': 1}, {'x': 2}]}, 50)
    >>> shared = inline({"layer": [{"mark": "bar"}, {"mark": "rule"}], "data": {"name": "d"}, "datasets": {"d": []}})
    >>> shared["layer"][0]["data"], [layer["mark"] for layer in shared["layer"][0]["layer"]]
    ({'values': []}, ['bar', 'rule'])
    >>> layers = [{"mark": "line"}, {"mark": "line"}]
    >>> two_axes = inline({"layer": layers, "resolve": {"scale": {"y": "independent"}}, "data": {"name": "d"}, "datasets": {"d": []}})
    >>> "resolve" in two_axes, two_axes["layer"][0]["resolve"]
    (False, {'scale': {'y': 'independent'}})
    """
    datasets = spec.get("datasets", {})
    top = composed(spec)
    if "data" in top and "layer" in top:  # shared data: held once, by a layer of the layers
        inner = {"data": top.pop("data"), "layer": top["layer"]}
        if "resolve" in top:  # the layers' scales and axes are resolved where the layers are
            inner["resolve"] = top.pop("resolve")
        top["layer"] = [inner]
    children = next(k for k in COMPOSITIONS if k in top)
    data = top.pop("data", None)
    inherited = _resolve(data, datasets) if data is not None else None
    top[children] = [_push(child, inherited, datasets) for child in top[children]]
    return unlabelled_paths(top)


#: Marks drawn as one SVG path through all their items.
PATH_MARKS = ("line", "area", "trail")


def unlabelled_paths(node: Spec) -> Spec:
    """The spec with ``aria: false`` on every line, area and trail mark that does not say
    otherwise: what :func:`inline` (and so :func:`lib.ui.chart`) sends.

    Why: Vega-Lite writes an ARIA description for every item of a mark (``"difference: −211;
    share: 1.87e-5; …"``, two number formats an item), worked out in the browser by Vega's
    expression interpreter each time new data is swapped in. A path mark is one SVG element
    whose label is its first item's description, so the other descriptions are never read,
    and the one that is describes a single point of the line. Without them the Sampling
    page's difference chart (865 points) costs the browser ~15 ms less on every new draw
    (``bench/bench_chart_updates.py``, variant ``pathnoaria``); points and bars, one element
    an item, keep their descriptions, and so do the points a line draws with ``point``
    (Vega-Lite gives its point overlay no ``aria`` of the line). Tooltips stay: Vega shows
    the item nearest the pointer.

    >>> spec = {"layer": [{"mark": "line"}, {"mark": {"type": "point"}}, {"mark": {"type": "area", "aria": True}}]}
    >>> [layer["mark"] for layer in unlabelled_paths(spec)["layer"]]
    [{'type': 'line', 'aria': False}, {'type': 'point'}, {'type': 'area', 'aria': True}]
    """
    node = dict(node)
    mark = node.get("mark")
    if mark is not None:
        mark = {"type": mark} if isinstance(mark, str) else mark
        if mark["type"] in PATH_MARKS and "aria" not in mark:
            node["mark"] = {**mark, "aria": False}
    for children in COMPOSITIONS:
        if children in node:
            node[children] = [unlabelled_paths(child) for child in node[children]]
    return node


def _resolve(data: Spec, datasets: Mapping[str, list]) -> Spec:
    # A name not among ``datasets`` stays a name: data sent beside the spec (lib.ui.chart).
    if data.get("name") in datasets:
        return inline_data(datasets[data["name"]])
    return as_typed(data) if "name" in data else data


def as_typed(data: Spec) -> Spec:
    """A reference to data sent beside the spec, read as the types it comes with.

    Why: data sent beside a spec is Arrow, whose columns are typed already, but Vega-Lite
    cannot know that and may parse a field it plots as a number (``toNumber(datum.x)``), a
    formula the browser's expression interpreter runs on every row each time new data is
    swapped in (865 times a new draw on the Sampling page's difference chart).
    ``"parse": null`` turns that off; a format given already is kept.

    >>> as_typed({"name": "curve"})
    {'name': 'curve', 'format': {'parse': None}}
    >>> as_typed({"name": "curve", "format": {"parse": {"x": "number"}}})["format"]
    {'parse': {'x': 'number'}}
    """
    return data if "format" in data else {**data, "format": {"parse": None}}


#: From this many rows on, data travels as CSV: a column's name is written once, not once a row.
CSV_ROWS = 64


def inline_data(values: Sequence[Mapping[str, Any]]) -> Spec:
    """Rows as a Vega-Lite ``data`` object: CSV text when there are many rows of plain
    numbers and strings (a third of the JSON's size: the keys are written once), JSON
    otherwise (booleans, lists and nulls keep their meaning). Numeric columns are parsed
    as numbers, every other one stays text.

    >>> inline_data([{"x": 1, "kind": "a, b"}] * 64)["format"]
    {'type': 'csv', 'parse': {'x': 'number'}}
    >>> inline_data([{"x": 1, "kind": "a, b"}] * 64)["values"].splitlines()[:2]
    ['x,kind', '1,"a, b"']
    >>> inline_data([{"x": None}] * 64)
    {'values': [{'x': None}, ...]}
    """
    values = list(values)
    columns = list(values[0]) if values else []
    same_keys = all(len(row) == len(columns) for row in values) and all(
        c in row for row in values for c in columns
    )
    kinds = {type(row[c]) for row in values for c in columns} if same_keys else {list}
    plain_cells = kinds <= {str, int, float}
    if len(values) < CSV_ROWS or not plain_cells:
        return {"values": values}
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([row[c] for c in columns] for row in values)
    numeric = [c for c in columns if all(isinstance(row[c], int | float) for row in values)]
    return {"values": text.getvalue(), "format": {"type": "csv", "parse": {c: "number" for c in numeric}}}


def _push(node: Spec, inherited: Spec | None, datasets: Mapping[str, list]) -> Spec:
    """Below the top, a view keeps its own data (resolved); a unit without any inherits
    its parent's only when the parent could not hold it (the top of a concatenation)."""
    node = dict(node)
    if "data" in node:
        node["data"] = _resolve(node["data"], datasets)
        inherited = None  # this node holds it; its children inherit it in Vega-Lite
    children = next((k for k in COMPOSITIONS if k in node), None)
    if children is None:
        if inherited is not None:
            node["data"] = inherited
        return node
    if inherited is not None and children == "layer":
        node["data"], inherited = inherited, None
    node[children] = [_push(child, inherited, datasets) for child in node[children]]
    return node
