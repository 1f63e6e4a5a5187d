"""``streamlit run`` with a probe of the server's CPU per page run: for bench/bench_cold_start.py.

    COLD_START_PROBE=/tmp/cpu.txt python bench/cold_start_probe.py serve.py --server.port 8501 ...

Wall-clock times of a first request swing with the machine's load (two cores shared with
other programs: the same link's first load ranged 27-261 ms in one run); the CPU the server
spends on it does not, or far less. For each page run a websocket visitor asks for, this
appends one line to the file ``$COLD_START_PROBE``: the server process's CPU milliseconds
(``time.process_time``, every thread: the script's, the event loop's sending the messages,
and any work the page started beside them) from the moment the rerun request reached the
session until its ``script_finished`` message was handed to the websocket. Runs nobody asked
for over a websocket (``serve.py``'s rehearsal) write nothing.

Two small wrappers around Streamlit's own methods, the same for every server the bench
starts (the empty page's included), so they cost every server alike; nothing else changes.
"""

from __future__ import annotations

import os
import sys
import time

from streamlit.runtime import app_session
from streamlit.web import cli
from streamlit.web.server.starlette import starlette_websocket

_PROBE = os.environ.get("COLD_START_PROBE", "")
_asked_at: list[float] = []  # the CPU clock when the latest rerun request arrived


def _probe() -> None:
    handle_backmsg = app_session.AppSession.handle_backmsg

    def handle_backmsg_timed(self, msg):  # type: ignore[no-untyped-def]
        if msg.WhichOneof("type") == "rerun_script":
            _asked_at[:] = [time.process_time()]
        return handle_backmsg(self, msg)

    client = starlette_websocket.StarletteSessionClient
    write_forward_msg = client.write_forward_msg

    def write_forward_msg_timed(self, msg):  # type: ignore[no-untyped-def]
        if msg.WhichOneof("type") == "script_finished" and _asked_at:
            spent = (time.process_time() - _asked_at.pop()) * 1e3
            with open(_PROBE, "a") as out:
                out.write(f"{spent:.2f}\n")
        return write_forward_msg(self, msg)

    app_session.AppSession.handle_backmsg = handle_backmsg_timed  # type: ignore[method-assign]
    client.write_forward_msg = write_forward_msg_timed  # type: ignore[method-assign]


if __name__ == "__main__":
    if _PROBE:
        _probe()
    sys.argv = ["streamlit", "run", *sys.argv[1:]]
    cli.main()
