"""The rehearsal leaves one session of the server's own open, so that Streamlit, which
forgets every compiled page script when its last session closes, keeps them for the first
visitor (lib.ui.rehearsal._keep_pages_compiled)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import streamlit.runtime
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from lib.ui import rehearsal


class FakeRuntime:
    """Sessions as Streamlit's runtime hands them out; each run finishes at once."""

    def __init__(self) -> None:
        self.clients: dict[str, object] = {}
        self.ran: list[str] = []

    def connect_session(self, client, user_info) -> str:
        session = f"session-{len(self.clients) + len(self.ran)}"
        self.clients[session] = client
        return session

    def handle_backmsg(self, session, msg) -> None:
        self.ran.append(session)
        done = ForwardMsg()
        done.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
        self.clients[session].write_forward_msg(done)  # type: ignore[attr-defined]

    def close_session(self, session) -> None:
        del self.clients[session]


def test_one_session_that_never_runs_stays_open_after_the_rehearsal(monkeypatch):
    runtime = FakeRuntime()
    monkeypatch.setattr(streamlit.runtime.Runtime, "instance", staticmethod(lambda: runtime))
    monkeypatch.setattr(rehearsal, "_KEEPER", None)
    views = (("", ""), ("Sampling", ""))
    for _ in range(2):  # a second rehearsal in the same server holds no second session
        # On a thread of its own, as test_rehearsal's visits: a worker that ran a browser test
        # first has Playwright's event loop running in this thread, and asyncio.run refuses.
        with ThreadPoolExecutor(1) as pool:
            took = pool.submit(asyncio.run, rehearsal.rehearse(views, timeout_s=5)).result()
        assert sorted(took) == ["/", "/Sampling"]
        (kept,) = runtime.clients  # every rehearsed view's session closed, one left open
        assert kept == rehearsal._KEEPER and kept not in runtime.ran
