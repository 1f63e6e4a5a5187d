"""What another seed on the Learning page sends (issue 14: a rerun at the floor).

The seed picks the training and held-out patches, so a new seed is a new fit; but the
ladder and the histograms keep their specs for a patch shape and held-out photos, and
only their data (Arrow, beside the spec) changes: the browser swaps the new points into
the charts it has drawn instead of building new ones. The published records never change.
"""

from __future__ import annotations

import pyarrow as pa

from lib.charts import learning as charts

LEARNING = "pages/3_Learning.py"


def sent(at) -> list[tuple[str, dict[str, bytes]]]:
    return [
        (c.proto.spec, {d.name: d.data.data for d in c.proto.datasets}) for c in at.get("vega_lite_chart")
    ]


def test_another_seed_changes_the_fitted_data_and_never_a_spec(open_page, fresh_fitting_budget):
    before, after = sent(open_page(LEARNING)), sent(open_page(LEARNING, seed="3"))
    assert len(before) == len(after) == 3
    assert [spec for spec, _ in before] == [spec for spec, _ in after]  # nothing re-embedded
    ladder, histogram, published = zip(before, after)
    assert ladder[0][1]["ladder"] != ladder[1][1]["ladder"]  # another fit, other points
    assert histogram[0][1]["shares"] != histogram[1][1]["shares"]
    assert published[0] == published[1] and not published[0][1]  # inline, byte for byte the same


def test_the_ladder_travels_as_its_rows(open_page):
    """What the browser receives decodes to exactly the rows of the fitted ladder."""
    from conftest import fitted_study

    at = open_page(LEARNING)
    ladder = at.get("vega_lite_chart")[0]
    data = {d.name: pa.ipc.open_stream(d.data.data).read_all().to_pylist() for d in ladder.proto.datasets}
    study = fitted_study(("rocket", "grass"), 8, 1, 4000, 0)
    assert data["ladder"] == charts.ladder_rows(study.ladder)


def test_the_page_hands_streamlit_arrow_it_need_not_convert(open_page, monkeypatch):
    """Rows given to Streamlit would go through pandas (~0.7 s to import on a fresh server)."""
    import streamlit.dataframe_util as dataframe_util

    def refuse(data, *args, **kwargs):
        raise AssertionError(f"Streamlit was asked to convert {type(data).__name__} to Arrow")

    monkeypatch.setattr(dataframe_util, "convert_anything_to_arrow_bytes", refuse)
    at = open_page(LEARNING)
    assert not at.exception and len(at.get("vega_lite_chart")) == 3


def test_no_chart_gains_a_blank_legend_title(open_page):
    """Streamlit turns a top-level colour legend's empty title into " ", a blank line above
    the histogram (22 px); a layer's legend is left alone, as when the data was inline."""
    for page in (LEARNING, "pages/2_Sampling.py"):
        for chart in open_page(page).get("vega_lite_chart"):
            assert '"title": " "' not in chart.proto.spec
