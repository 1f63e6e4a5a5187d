"""How charts and pictures travel: every chart the page's own HTML, PNGs encoded once.

Issue 14: a page's rerun must not build Altair charts, import pandas or convert data to
Arrow, and an unchanged picture must not be encoded again. No page draws a Vega-Lite chart:
one on a page made every phone that opened it fetch and run Vega's script (~1 s of a phone's
first load, ``bench/bench_first_load.py --phone``).
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from conftest import PAGES
from PIL import Image

from lib import ui


@pytest.mark.parametrize("page", ["streamlit_app.py", *PAGES])
def test_no_page_draws_a_vega_chart(open_page, page):
    at = open_page(page)
    assert not at.exception and not at.get("vega_lite_chart")


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
