"""Chart data as Arrow IPC bytes, for charts whose data changes while their spec does not.

Why: in the browser, Streamlit re-embeds a Vega-Lite chart (parses and compiles its spec
and builds a new view, ~100 ms a chart in Chromium) whenever the spec's text changes, and
data written into the spec is part of that text. Named datasets sent as Arrow beside an
unchanged spec are instead swapped into the chart already drawn. So a chart that shows
new rows of the same quantities keeps its spec fixed and sends its rows here (Memorise
or model?'s histograms of another fit; Random images' diffusion path, the same for
everyone). A swap still costs the browser 12–14 ms whatever the chart's size, so the
charts a visitor redraws most (the count plot, the statistics, the ladder) are the
page's own HTML (:mod:`lib.charts.html_plot`).

Streamlit would turn rows into Arrow through pandas (an import of ~0.7 s on a fresh
server, and a conversion on every rerun); pyarrow, which Streamlit ships with, builds the
table from columns directly (~1 ms for the Sampling page's largest chart).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from lib.charts.vega import Spec, composed

#: Whole numbers in this range travel as 32-bit integers: a 64-bit one reaches the
#: browser's Arrow reader as a BigInt, which is no plain JavaScript number.
_INT32 = range(-(2**31), 2**31)


def arrow_bytes(rows: Sequence[Mapping[str, Any]]) -> bytes:
    """Rows of plain values (numbers, text, None) as one Arrow IPC stream.

    Text columns are dictionary-encoded (each label sent once), whole numbers that fit are
    32-bit integers, other numbers 64-bit floats; None stays a null.

    >>> import pyarrow as pa
    >>> data = arrow_bytes([{"x": 1, "share": 0.5, "kind": "noise"}, {"x": 2, "share": None, "kind": "noise"}])
    >>> table = pa.ipc.open_stream(data).read_all()
    >>> table.to_pylist()
    [{'x': 1, 'share': 0.5, 'kind': 'noise'}, {'x': 2, 'share': None, 'kind': 'noise'}]
    >>> [str(t) for t in table.schema.types]
    ['int32', 'double', 'dictionary<values=string, indices=int32, ordered=0>']
    >>> arrow_bytes([{"x": 1}, {"y": 2}])
    Traceback (most recent call last):
    ValueError: every row needs the same columns, not ['x'] and ['y']
    """
    import pyarrow as pa

    names = list(rows[0]) if rows else []
    for row in rows:
        if list(row) != names:
            raise ValueError(f"every row needs the same columns, not {names} and {list(row)}")
    columns = {}
    for name in names:
        values = [row[name] for row in rows]
        present = [v for v in values if v is not None]
        if present and all(isinstance(v, str) for v in present):
            columns[name] = _text(values)
        elif all(isinstance(v, int) and not isinstance(v, bool) and v in _INT32 for v in present):
            columns[name] = pa.array(values, pa.int32())
        elif all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
            columns[name] = pa.array(values, pa.float64())
        else:
            raise ValueError(f"column {name!r} mixes kinds of values; give numbers, text or None")
    return _stream(columns)


def arrow_columns(**columns: np.ndarray | str) -> bytes:
    """Equally long columns as one Arrow IPC stream, built from the arrays themselves: the
    same table :func:`arrow_bytes` makes of the rows (text dictionary-encoded,
    whole numbers as 32-bit integers, other numbers as 64-bit floats, NaN a null), without
    a Python object per cell. A new draw's difference histogram (~900 rows) took ~2–9 ms of
    CPU as rows, ~0.3 ms as columns; a text scalar is repeated down its column.

    >>> from lib.charts.vega import rows
    >>> data = arrow_columns(d=np.array([-1, 2]), share=np.array([0.5, np.nan]), kind="noise")
    >>> data == arrow_bytes(rows(d=[-1, 2], share=[0.5, None], kind="noise"))
    True
    >>> arrow_columns(d=np.array([1, 2]), share=np.array([0.5]))
    Traceback (most recent call last):
    ValueError: every column needs the same length, not [2, 1]
    """
    import pyarrow as pa

    arrays = {k: np.asarray(v) for k, v in columns.items() if not isinstance(v, str)}
    lengths = [len(v) for v in arrays.values()]
    if len(set(lengths)) > 1:
        raise ValueError(f"every column needs the same length, not {lengths}")
    count = lengths[0] if lengths else 1
    table = {}
    for name, values in columns.items():
        if isinstance(values, str):
            values = np.full(count, values)
        values = np.asarray(values)
        if values.dtype.kind in "UO":
            table[name] = _text(values.astype(str))
        elif values.dtype.kind in "iu" and (
            not len(values) or _INT32.start <= values.min() <= values.max() < _INT32.stop
        ):
            table[name] = pa.array(values.astype(np.int32), pa.int32())
        elif values.dtype.kind in "iuf":
            numbers = values.astype(np.float64)
            missing = ~np.isfinite(numbers)  # a null, as JSON has no NaN (lib.charts.vega.plain)
            table[name] = pa.array(np.where(missing, 0.0, numbers), pa.float64(), mask=missing)
        else:
            raise ValueError(f"column {name!r} is neither numbers nor text")
    return _stream(table)


def _text(values) -> Any:
    """Text as Arrow, dictionary-encoded: each label sent once however many rows repeat it."""
    import pyarrow as pa

    return pa.array(values, pa.string()).dictionary_encode()


def _stream(columns: dict[str, Any]) -> bytes:
    """Named Arrow arrays of one length as one Arrow IPC stream."""
    import pyarrow as pa

    table = pa.table(columns)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def with_arrow_data(spec: Spec) -> Spec:
    """The spec with each named dataset as Arrow bytes (what :func:`lib.ui.chart` sends):
    a new draw changes only the bytes, never the spec's text.

    A single view becomes a layer of one (:func:`lib.charts.vega.composed`, as
    :func:`lib.charts.vega.inline` does): Streamlit rewrites a top-level colour legend's
    empty title into a blank line of legend (22 px above the chart), never a layer's.

    >>> from lib.charts.vega import rows, single, view
    >>> sent = with_arrow_data(single(view("dots", rows(x=[1, 2]), "point", {}), height=50))
    >>> sent["layer"][0]["data"], type(sent["datasets"]["dots"]), sent["height"], "mark" in sent
    ({'name': 'dots'}, <class 'bytes'>, 50, False)
    """
    top = composed(spec)
    top["datasets"] = {name: arrow_bytes(rows) for name, rows in spec.get("datasets", {}).items()}
    return top
