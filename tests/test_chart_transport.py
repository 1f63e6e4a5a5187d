"""How charts and pictures travel: plain Vega-Lite with inline data, PNGs encoded once.

Issue 14: a page's rerun must not build Altair charts, import pandas or convert data to
Arrow, and an unchanged picture must not be encoded again.
"""

from __future__ import annotations

import io
import re

import numpy as np
import pandas as pd
import pytest
from chart_data import views
from conftest import PAGES
from PIL import Image

from lib import ui
from lib.charts import vega
from lib.statistics import neighbour_difference_histogram

TALK_CHART_STEPS = ("2", "5", "7")  # the talk's steps that draw a chart (the page's own HTML)


def test_inline_moves_every_row_into_the_views_and_nothing_to_the_top():
    h = neighbour_difference_histogram(np.random.default_rng(0).integers(0, 256, (4, 16, 16), dtype=np.uint8))
    measured = vega.rows(difference=h.values, share=h.pmf, series="measured")
    triangle = vega.rows(difference=h.values, share=h.pmf[::-1], series="triangle")
    spec = vega.layered(
        vega.view("measured", measured, "line", {}), vega.view("triangle", triangle, "line", {})
    )
    sent = vega.inline(spec)
    assert "data" not in sent and "datasets" not in sent  # Streamlit would convert these via pandas
    shown = []
    for view in sent["layer"]:
        data = view["data"]
        assert data["format"]["type"] == "csv" and data["format"]["parse"]["share"] == "number"
        shown.append(pd.read_csv(io.StringIO(data["values"])))
    for name, frame in zip(["measured", "triangle"], shown):
        expected = pd.DataFrame(spec["datasets"][name])
        pd.testing.assert_frame_equal(frame, expected, check_dtype=False)


def test_short_data_and_booleans_stay_json():
    rows = vega.rows(side=[8, 16], current=[False, True])
    assert vega.inline_data(rows * 40) == {"values": rows * 40}  # booleans would read as text in CSV


def test_a_single_view_keeps_its_size_and_config_on_top():
    spec = vega.single(vega.view("d", vega.rows(x=[1.0]), "point", {}), height=120, config={"axis": {}})
    sent = vega.inline(spec)
    assert sent["height"] == 120 and sent["config"] == {"axis": {}}
    assert [v["mark"]["type"] for v in views(sent)] == ["point"]


# Every chart of every page is the page's own HTML: none is sent as Vega-Lite.


@pytest.mark.parametrize("step", TALK_CHART_STEPS)
def test_the_talks_charts_are_the_pages_own_html(open_page, step):
    """Each step with a chart, opened from its link: its chart and every other step's it draws
    beforehand (hidden until a key press shows it) are the page's own HTML (lib.charts.talk),
    each alone in its element: no Vega chart, so no phone in the room loads Vega's script."""
    at = open_page("pages/4_Talk.py", step=step)
    assert not at.get("vega_lite_chart")
    charts = [
        re.findall(r'<figure class="html-plot talk-plot talk-(\w+)', el.proto.body) for el in at.get("html")
    ]
    drawn = [chart for chart in charts if chart]
    assert all(len(chart) == 1 for chart in drawn), drawn
    # The models' chart waits for the server's fit unless it is step 7's own.
    assert sorted(drawn) in ([["digits"], ["odds"]], [["bits"], ["digits"], ["odds"]]), drawn
    assert ["bits"] in drawn or step != "7"


def test_pages_are_all_covered():
    assert {p.split("_", 1)[1] for p in PAGES} == {
        "Combinatorics.py",
        "Sampling.py",
        "Learning.py",
        "Talk.py",
    }


def test_a_picture_is_encoded_once_and_decodes_to_its_pixels(monkeypatch):
    import lib.photo_corpus as corpus

    pixels = np.random.default_rng(1).integers(0, 256, (24, 32, 3), dtype=np.uint8)
    calls = []
    encode = corpus.encode_png
    monkeypatch.setattr(corpus, "encode_png", lambda image: calls.append(1) or encode(image))
    first = ui.png_of(pixels)
    again = ui.png_of(pixels.copy())
    assert again is first and len(calls) == 1  # same pixels: the same bytes, not encoded again
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(first))), pixels)
    other = ui.png_of(pixels[:, :31])
    assert len(calls) == 2 and np.array_equal(np.asarray(Image.open(io.BytesIO(other))), pixels[:, :31])


def test_two_axes_stay_two_axes_once_the_shared_data_is_inlined():
    """A chart of two y axes beside another layer (as Random images' diffusion path was drawn
    before it became the page's own HTML): its axes are resolved on the layer holding both lines."""
    lines = [{"mark": "line", "encoding": {"y": vega.field(name, "Q")}} for name in ("correlation", "slope")]
    spec = {
        **vega.layered(
            {"layer": lines, "resolve": {"scale": {"y": "independent"}}},
            *({"mark": "image", "encoding": {"url": vega.field("frame", "N")}} for _ in range(2)),  # two rows
            resolve={"scale": {"y": "independent"}},
        ),
        "data": {"name": "path"},
        "datasets": {
            "path": vega.rows(t=[0, 500], correlation=[0.9, 0.0], slope=[-3.0, 0.0], frame=["a", "b"])
        },
    }
    sent = vega.inline(spec)
    nodes = [sent, *sent["layer"], *(inner for node in sent["layer"] for inner in node.get("layer", []))]
    (holder,) = [node for node in nodes if len(node.get("layer", [])) == 2]  # beside the frames' layers
    assert holder["resolve"] == {"scale": {"y": "independent"}}
    assert [view["encoding"]["y"]["field"] for view in holder["layer"]] == ["correlation", "slope"]
