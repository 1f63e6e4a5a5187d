"""A fresh server warms the shared figures of every page after its first page (issue 14)."""

from __future__ import annotations

import gc

import streamlit as st

from lib import density as dm
from lib import intrinsic_dimension as idm
from lib import ui
from lib.ui import page, shared


def test_the_warm_up_fits_the_default_study_and_computes_the_thinness_figures(monkeypatch):
    st.cache_resource.clear()  # a fresh server
    monkeypatch.setattr(shared, "WARM_UP_DELAY_S", 0.0)
    shared._warm_up()
    assert ui.study_service().cached(dm.StudySettings())  # Learning's and the talk's default
    figures = ui.background("thinness", idm.page_figures)  # the Sampling page's own call
    assert figures.done() and len(figures.result()[0]) == 4
    assert ui.warm_room_search().done()


def test_the_warm_up_leaves_the_servers_own_objects_out_of_each_collection(monkeypatch):
    """Streamlit collects garbage after every run; what the server keeps for good is frozen."""
    monkeypatch.setattr(shared, "WARM_UP_DELAY_S", 0.0)
    gc.unfreeze()
    try:
        shared._warm_up()
        assert gc.get_freeze_count() > 10_000  # modules, photos, the fitted study
    finally:
        gc.unfreeze()  # this test process is not a server


def test_every_page_starts_the_warm_up_once_it_is_drawn(open_page, monkeypatch):
    calls = []
    monkeypatch.setattr(page, "warm_the_server", lambda: calls.append(1))
    for path in ("streamlit_app.py", "pages/1_Combinatorics.py", "pages/4_Talk.py"):
        assert not open_page(path).exception
    assert len(calls) == 3
