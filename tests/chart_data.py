"""What a page's chart sent: its Vega-Lite spec and its data, read from an AppTest element.

Charts travel as plain Vega-Lite with their data inline in each view, as rows or, when
long, as CSV text (``lib.ui.chart``);
any data Streamlit moved to Arrow buffers is read too, so a test keeps working either way.
"""

from __future__ import annotations

import io
import json

import pandas as pd
import pyarrow as pa


def _inline_values(node) -> list:
    found = []
    if isinstance(node, dict):
        data = node.get("data")
        if isinstance(data, dict) and "values" in data:
            found.append(data["values"])  # rows, or CSV text (lib.charts.vega.inline_data)
        for key in ("layer", "hconcat", "vconcat", "concat"):
            for child in node.get(key, []):
                found += _inline_values(child)
    return found


def spec_and_frames(element) -> tuple[dict, list[pd.DataFrame]]:
    """The chart's spec and one DataFrame per dataset (repeated data counted once)."""
    spec = json.loads(element.proto.spec)
    frames, seen = [], []
    for values in _inline_values(spec):
        if values not in seen:
            seen.append(values)
            frames.append(
                pd.read_csv(io.StringIO(values)) if isinstance(values, str) else pd.DataFrame(values)
            )
    buffers = [element.proto.data.data, *(d.data.data for d in element.proto.datasets)]
    frames += [pa.ipc.open_stream(b).read_pandas() for b in buffers if b]
    return spec, frames


def views(spec: dict):
    """Every unit view (a mark and its encoding) of a spec, at any depth, in drawing order."""
    if "mark" in spec:
        yield spec
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for child in spec.get(key, []):
            yield from views(child)
