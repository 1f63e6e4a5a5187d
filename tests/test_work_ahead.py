"""Work done ahead for a visitor's next step waits for the page run that offered it to end
and its last messages to go out (lib.work_ahead.OneAhead's ``after``): the page being sent
never shares Python's lock with it."""

from __future__ import annotations

import threading

from lib import work_ahead
from lib.ui import sampling_figures
from lib.work_ahead import OneAhead

SAMPLING = "pages/2_Sampling.py"


def test_a_job_offered_after_a_run_starts_once_that_run_has_ended(monkeypatch):
    monkeypatch.setattr(work_ahead, "SETTLE_S", 0.0)  # the run's end alone (the order: below)
    gate = threading.Event()
    run = threading.Thread(target=gate.wait, name="a page's run", daemon=True)
    run.start()
    ahead = OneAhead("test-after")
    try:
        job = ahead.offer(run.is_alive, after=run)  # the job answers whether the run is still going
        assert job is not None
        assert ahead.offer(lambda: None) is None  # waiting counts as under way: offers are dropped
    finally:
        gate.set()
    assert job.result() is False


def test_then_it_leaves_the_server_time_to_send_the_page():
    order: list[object] = []

    class Run:
        def join(self, timeout=None):
            order.append("the run ended")

    class Settling:
        def wait(self, timeout=None):
            order.append(("settling", timeout))

    ahead = OneAhead("test-settle")
    ahead._settled = Settling()  # type: ignore[assignment]
    ahead.offer(lambda: order.append("job"), after=Run()).result()  # type: ignore[union-attr]
    assert order == ["the run ended", ("settling", work_ahead.SETTLE_S), "job"]
    assert 0 < work_ahead.SETTLE_S <= 0.2  # well below a visitor's reaction to the page
    order.clear()
    ahead.offer(lambda: order.append("job")).result()  # type: ignore[union-attr]
    assert order == ["job"]  # nothing to wait for: at once


def test_the_main_thread_is_never_waited_for(monkeypatch):
    """It ends only with the process: a job waiting for it would wait out its whole limit."""
    monkeypatch.setattr(work_ahead, "AFTER_WAIT_S", 3600.0)
    job = OneAhead("test-main").offer(lambda: "done", after=threading.main_thread())
    assert job is not None and job.result(timeout=60) == "done"  # a bound on a hang, not a timing


def test_random_images_offers_the_next_draw_after_its_own_run(open_page, monkeypatch):
    offered = []

    class Recorder:
        def offer(self, job, after=None):
            offered.append((job.args[0].seed, after, threading.current_thread()))

    monkeypatch.setattr(sampling_figures, "_drawing_ahead", Recorder)
    assert not open_page(SAMPLING, size="12", seed="5151").exception
    ((seed, after, offering),) = offered
    assert seed == 5152
    # The thread of the script run that drew the page, which ends when the run does.
    assert after is offering and after is not threading.main_thread()
