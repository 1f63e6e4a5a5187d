"""Views that are the same for everyone are fitted once per server (issue 14, a room of phones)."""

from __future__ import annotations

import streamlit as st

from lib import density as dm
from lib import ui


def test_the_learning_page_and_the_talk_share_one_fitted_ladder(open_page):
    st.cache_resource.clear()  # a fresh server
    at = open_page("pages/3_Learning.py")
    assert not at.exception and not at.error
    service = ui.study_service()  # the talk's service: the page's fit is already in it
    assert service.cached(dm.StudySettings())
    assert service.study(dm.StudySettings()).seconds > 0  # the fitted study, not a new fit
    again = open_page("pages/3_Learning.py", seed="3")
    assert not again.exception and service.cached(dm.StudySettings(seed=3))


def test_every_visitor_of_a_sampling_view_shares_its_figures(open_page, monkeypatch):
    from lib import sampling_view

    st.cache_resource.clear()
    measured = []
    original = sampling_view.measure

    def counting(pool, view):
        measured.append(view)
        return original(pool, view)

    monkeypatch.setattr(sampling_view, "measure", counting)
    for query in ({}, {}, {"seed": "4"}, {"seed": "4"}, {}):
        at = open_page("pages/2_Sampling.py", **query)
        assert not at.exception and not at.error
    # Each view drawn and measured once per server; the next seeds (1, 5) perhaps ahead, once too.
    seeds = [v.seed for v in measured]
    assert len(set(seeds)) == len(seeds) and {0, 4} <= set(seeds) <= {0, 1, 4, 5}, seeds


def test_a_deep_link_to_a_fresh_server_is_fitted_first_and_the_default_next(open_page, monkeypatch):
    import time

    from lib.density import service as service_module

    st.cache_resource.clear()  # a fresh server
    fitted_seeds = []
    original = service_module.run_study

    def recording(*args, **kwargs):
        fitted_seeds.append(args[6] if len(args) > 6 else kwargs.get("seed"))
        return original(*args, **kwargs)

    monkeypatch.setattr(service_module, "run_study", recording)
    at = open_page("pages/3_Learning.py", seed="3")
    assert not at.exception and not at.error
    assert fitted_seeds[0] == 3  # the visitor's own view waited for no other fit
    deadline = time.monotonic() + 60
    while not ui.study_service().cached(dm.StudySettings()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert fitted_seeds == [3, dm.DEFAULT_SEED]  # then the default, in the background, once


def test_a_fit_done_before_it_reports_draws_no_progress_bar(monkeypatch):
    """The Learning page's bar appears at a fit's first report (a model still fitting after
    lib.density.ladder.REPORT_AFTER_S, or a wait for another fit), not before: a quick new
    seed sends no bar, whose messages cost the browser more than the wait they announce."""
    from lib.ui import shared

    bars: list[list[tuple]] = []

    class Bar:
        def __init__(self, fraction, text):
            self.calls = [("progress", fraction, text)]
            bars.append(self.calls)

        def progress(self, fraction, text):
            self.calls.append(("progress", fraction, text))

        def empty(self):
            self.calls.append(("empty",))

    class Service:
        def __init__(self, reports):
            self.reports = reports

        def cached(self, settings):
            return False

        def study(self, settings, report=None, *, always=False):
            for fraction, text in self.reports:
                report(fraction, text)
            return "the study"

    monkeypatch.setattr(shared.st, "progress", Bar)
    monkeypatch.setattr(shared, "_warm_default_study", lambda: None)
    monkeypatch.setattr(shared, "study_service", lambda: Service([(1.0, "done")]))
    assert shared.fitted_study(dm.StudySettings(seed=5)) == "the study"
    assert bars == []  # done before any report: no bar at all
    monkeypatch.setattr(shared, "study_service", lambda: Service([(0.5, "autoregressive"), (1.0, "done")]))
    assert shared.fitted_study(dm.StudySettings(seed=6)) == "the study"
    assert bars == [
        [("progress", 0.5, "Fitting: autoregressive …"), ("progress", 1.0, "Fitting: done …"), ("empty",)]
    ]
