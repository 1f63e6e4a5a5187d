"""A run's messages leave the server together (lib.ui.one_burst): held from the run's start to
its end, HOLD_S at most, so the browser renders a rerun in fewer passes; a fragment's whole rerun
says "running" just before its end."""

from __future__ import annotations

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime import runtime
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.forward_msg_queue import ForwardMsgQueue

from lib.ui import one_burst
from lib.ui.one_burst import HOLD_S, hold, send_each_run_at_once


class Session:
    """What the runtime's flush reads of a session: its queue and its wake-up callback."""

    def __init__(self) -> None:
        self._browser_queue = ForwardMsgQueue()
        self.woken = 0
        self._message_enqueued_callback = self.wake

    def wake(self) -> None:
        self.woken += 1

    def write(self, kind: str, text: str = "") -> None:
        """Queue a message as a test of the hold's own reading does: straight into the queue."""
        self._browser_queue.enqueue(self.message(kind, text))

    def send(self, kind: str, text: str = "") -> None:
        """Queue a message as the session does (the patched ``AppSession._enqueue_forward_msg``)."""
        AppSession._enqueue_forward_msg(self, self.message(kind, text))  # type: ignore[arg-type]

    def message(self, kind: str, text: str = "") -> ForwardMsg:
        msg = ForwardMsg()
        if kind in ("new_session", "new_page_session"):  # a fragment's rerun, or a whole page's
            msg.new_session.SetInParent()
            if kind == "new_session":
                msg.metadata.run.fragment_ids.append("the-draw")
        elif kind == "script_finished":
            msg.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
        elif kind in ("running", "not running"):
            msg.session_status_changed.script_is_running = kind == "running"
        elif kind == "page_info_changed":
            msg.page_info_changed.query_string = text
        else:  # a delta: a markdown element at its own place
            msg.delta.new_element.markdown.body = text
            msg.metadata.delta_path[:] = [0, len(self._browser_queue._queue)]
        return msg


def kinds(messages: list[ForwardMsg]) -> list[str]:
    return [m.WhichOneof("type") for m in messages]


def test_a_run_is_sent_whole_when_it_ends():
    """The runtime's flush (the patched AppSession method) returns nothing while a run is under
    way, then the whole run in order once its end is queued."""
    assert send_each_run_at_once()
    session = Session()
    flush = AppSession.flush_browser_queue  # as the runtime's loop calls it
    session.write("new_session")
    assert flush(session) == []  # type: ignore[arg-type]
    session.write("delta", "the inputs")
    assert flush(session) == []  # type: ignore[arg-type]
    session.write("delta", "the figures")
    session.write("script_finished")
    sent = flush(session)  # type: ignore[arg-type]
    assert kinds(sent) == ["new_session", "delta", "delta", "script_finished"]
    assert [m.delta.new_element.markdown.body for m in sent[1:3]] == ["the inputs", "the figures"]
    assert flush(session) == []  # type: ignore[arg-type]  # nothing sent twice


def said(messages: list[ForwardMsg]) -> list[str]:
    """Each message's kind, a session status as "running" or "not running"."""
    return [
        ("running" if m.session_status_changed.script_is_running else "not running")
        if m.WhichOneof("type") == "session_status_changed"
        else m.WhichOneof("type")
        for m in messages
    ]


def test_a_whole_run_says_it_is_running_just_before_it_ends():
    """The browser sees the run's new elements before "running" (which would mark every element
    of the rerun part stale, for a whole-page render, and the elements then fresh, for another),
    and still sees "running" before the run's end and "not running" after it."""
    assert send_each_run_at_once()
    session = Session()
    for kind in ("new_session", "running", "delta", "page_info_changed", "delta", "script_finished"):
        session.write(kind)
    session.write("not running")
    sent = AppSession.flush_browser_queue(session)  # type: ignore[arg-type]
    assert said(sent) == [
        *("new_session", "delta", "page_info_changed", "delta"),
        *("running", "script_finished", "not running"),
    ]


def test_a_run_cut_by_the_hold_or_followed_by_another_or_of_the_whole_page_is_sent_as_written():
    """Only a whole rerun of fragments, alone, is reordered: a long run's first messages (sent
    when the hold ends), a run cut short for a newer one, and a whole page's run (whose
    "running" the suite's wait_for_run reads) keep Streamlit's order."""
    first_part = ["new_session", "running", "delta"]
    session = Session()
    for kind in first_part:
        session.write(kind)
    assert said(session._browser_queue.flush()) == first_part
    assert said(one_burst.running_said_last(_written(first_part))) == first_part
    two_runs = ["new_session", "running", "delta", "script_finished", "new_session", "running", "delta"]
    two_runs += ["script_finished", "not running"]
    assert said(one_burst.running_said_last(_written(two_runs))) == two_runs
    whole_page = ["new_page_session", "running", "delta", "script_finished", "not running"]
    assert said(one_burst.running_said_last(_written(whole_page))) == ["new_session", *whole_page[1:]]


def _written(kinds: list[str]) -> list[ForwardMsg]:
    session = Session()
    for kind in kinds:
        session.write(kind)
    return session._browser_queue.flush()


def test_a_long_run_streams_after_the_hold_and_nothing_outside_a_run_waits():
    session = Session()
    session.write("page_info_changed", "seed=3")  # an answer outside any run: at once
    assert not hold(session, now=0.0)
    session._browser_queue.flush()
    session.write("new_session")
    assert hold(session, now=10.0) and hold(session, now=10.0 + HOLD_S * 0.9)
    assert not hold(session, now=10.0 + HOLD_S * 1.01)  # a long run: its first messages go now
    session._browser_queue.flush()
    session.write("delta", "a progress bar")  # the rest of that run as written, no run start queued
    assert not hold(session, now=10.0 + HOLD_S * 1.5)


def test_a_held_run_asks_to_be_flushed_when_its_hold_ends(monkeypatch):
    """A run that writes nothing more after its first messages still sends them after HOLD_S:
    the first hold asks the server's event loop to flush the session again then."""
    calls = []

    class Loop:
        def call_later(self, delay, callback):
            calls.append((delay, callback))

    monkeypatch.setattr(one_burst.asyncio, "get_running_loop", Loop)
    session = Session()
    session.write("new_session")
    assert hold(session, now=0.0) and hold(session, now=0.01)
    assert calls == [(HOLD_S, session.wake)]  # once, on the first hold
    calls[0][1]()
    assert session.woken == 1


def test_only_the_elements_of_a_held_run_leave_the_server_asleep():
    """The server's loop is woken to flush by a run's start, its status and its end, and by what
    is outside a run; an element of a run it is holding would only be held, so it wakes nothing,
    and the loop, not woken ~17 times a draw, is awake when the run ends; once a long run
    streams, every element wakes it again. A flush that holds leaves the loop no pause after it,
    so the run's end is flushed as soon as it is queued; one that sends keeps Streamlit's pause,
    which gathers what streams."""
    assert send_each_run_at_once()
    pause = 0.005  # Streamlit 1.67's
    runtime.MESSAGE_FLUSH_INTERVAL_SECS = pause
    session = Session()
    session.send("new_session")
    session.send("delta", "written before the loop saw the run")
    assert session.woken == 2
    assert AppSession.flush_browser_queue(session) == []  # type: ignore[arg-type]  # held
    assert runtime.MESSAGE_FLUSH_INTERVAL_SECS == 0
    for kind in ("running", "delta", "delta", "page_info_changed"):
        session.send(kind)
    assert session.woken == 4  # the status and the answer to the address, not the elements
    session.send("script_finished")
    assert session.woken == 5
    sent = AppSession.flush_browser_queue(session)  # type: ignore[arg-type]
    said = ["new_session", *(["delta"] * 3), "page_info_changed", "session_status_changed", "script_finished"]
    assert kinds(sent) == said
    assert pause == runtime.MESSAGE_FLUSH_INTERVAL_SECS
    session.send("delta", "an upload's answer, outside a run")
    assert session.woken == 6
    session._browser_queue.flush()
    session.send("new_session")  # a long run
    assert hold(session, now=10.0)
    session.send("delta", "its progress bar, held")
    assert session.woken == 7
    assert not hold(session, now=10.0 + HOLD_S * 1.01)  # its hold ends: it streams
    session.send("delta", "the rest, as written")
    assert session.woken == 8


@pytest.mark.parametrize("missing", ["method", "enqueue", "pause", "queue"])
def test_a_changed_streamlit_is_left_as_it_is(monkeypatch, missing):
    """An upgrade that renames what it patches leaves the server sending as written."""
    monkeypatch.setattr(one_burst, "_installed", False)
    if missing == "method":
        monkeypatch.delattr(AppSession, "flush_browser_queue")
    elif missing == "enqueue":
        monkeypatch.delattr(AppSession, "_enqueue_forward_msg")
    elif missing == "pause":
        monkeypatch.delattr(runtime, "MESSAGE_FLUSH_INTERVAL_SECS")
    else:
        monkeypatch.setattr(ForwardMsgQueue, "__init__", lambda self: None)
    assert send_each_run_at_once() is False
