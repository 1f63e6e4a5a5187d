"""A chart whose data changes from view to view while its spec stays the same.

:func:`lib.ui.chart` writes the data into the spec (no pandas, no Arrow): right for a chart
that is the same on every rerun, which the browser then keeps as drawn. A chart that
shows a new draw on every seed would be re-embedded by the browser each time its spec's
text changed; :func:`data_chart` sends its rows as Arrow beside a fixed spec instead
(:func:`lib.charts.arrow.with_arrow_data`), and the browser swaps them into the chart it
has already drawn.
"""

from __future__ import annotations

import streamlit as st

from lib.charts.vega import Spec


def data_chart(
    spec: Spec, *, width="stretch", height="content", alt: str | None = None, container=None
) -> None:
    """A chart from a spec whose named datasets are Arrow bytes (see
    :func:`lib.charts.arrow.with_arrow_data`), sent as they are."""
    if any(not isinstance(data, bytes) for data in spec.get("datasets", {}).values()):
        raise ValueError("data_chart sends datasets already encoded as Arrow bytes (with_arrow_data)")
    where = container if container is not None else st
    where.vega_lite_chart(spec, width=width, height=height, alt=alt)
