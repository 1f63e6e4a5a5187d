"""A server started as the README starts it (``serve.py``) rehearses every page before it
listens, so the first visitor is served warm (issue 14, cold start)."""

from __future__ import annotations

import asyncio
import re
import textwrap
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import websockets
from conftest import (
    SERVED_APP,
    element_html,
    launch_server,
    retire_server,
    server_log,
    shared_server_is_unvisited,
    start_server,
    wait_until_serving,
)
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from lib.ui.rehearsal import REHEARSED_VIEWS

ROOT = Path(__file__).resolve().parent.parent


def _first_visit(url: str, path: str, query: str = "") -> tuple[int, list[str]]:
    """:func:`_visit` on a thread of its own: a browser test before this one, in the same
    process, may have left Playwright's event loop running on this thread."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, _visit(url, path, query)).result()


async def _visit(url: str, path: str, query: str = "") -> tuple[int, list[str]]:
    """One visitor's first run of a page over Streamlit's websocket: its finishing status and
    the kinds of element it was sent, in order (``inline_png`` for HTML holding a picture,
    ``html_plot`` for HTML holding a plot drawn as the page's own HTML)."""
    kinds: list[str] = []
    async with websockets.connect(
        url.replace("http", "ws") + "/_stcore/stream", subprotocols=["streamlit"], max_size=None
    ) as ws:
        msg = BackMsg()
        msg.rerun_script.page_name, msg.rerun_script.query_string = path, query
        await ws.send(msg.SerializeToString())
        async with asyncio.timeout(60):
            while True:
                fwd = ForwardMsg()
                fwd.ParseFromString(await ws.recv())
                if fwd.WhichOneof("type") == "script_finished":
                    return fwd.script_finished, kinds
                if fwd.WhichOneof("type") == "delta" and fwd.delta.HasField("new_element"):
                    element = fwd.delta.new_element
                    kind = element.WhichOneof("type")
                    # The app's own pixel-exact pictures are PNGs written into its HTML.
                    own = element_html(element)  # st.html's, or a block shown in place
                    picture = 'src="data:image/png;base64,' in own
                    # Its plots drawn as HTML hold their lines as one image (lib.charts.plot_lines).
                    plot = 'class="plot-lines"' in own
                    kinds.append("inline_png" if picture else "html_plot" if plot else kind)


def test_the_served_app_rehearses_every_view_before_its_first_visitor(request):
    """This process's shared server (``serve.py``) when no test has visited it yet (this file
    is handed out first: ``conftest.LONGEST_FIRST``), else a server of its own."""
    own = not shared_server_is_unvisited()
    process, url = start_server(SERVED_APP) if own else request.getfixturevalue("app_server_process")
    try:
        status, kinds = _first_visit(url, "Learning")  # the very first request it answers
        log = server_log(process)
    finally:
        if own:
            retire_server(process)
    rehearsed = re.search(
        r"Rehearsed (\d+) of (\d+) views in [\d.]+ s \([\d.]+ CPU-s\) before serving: (.*)", log
    )
    assert rehearsed, log
    assert int(rehearsed.group(1)) == int(rehearsed.group(2)) == len(REHEARSED_VIEWS) == 12
    assert "/Talk?step=8" in rehearsed.group(3) and "/Learning" in rehearsed.group(3)
    assert "Rehearsal of" not in log, log  # every view ran without an error or a timeout
    # Its connections send each message at once (lib.ui.no_delay): no page waits on Nagle's algorithm.
    at_once = re.search(r"(\d+) listening socket\(s\) send each message at once", log)
    assert at_once and int(at_once.group(1)) >= 1, log
    # And each run's messages leave it together (lib.ui.one_burst): the browser renders a rerun in fewer passes.
    assert "each run's messages leave together" in log, log
    # And the scripts every page loads are compressed before the first phone asks (lib.ui.compressed_assets).
    ahead = re.search(r"(\d+) of Streamlit's scripts and styles compressed ahead", log)
    assert ahead and int(ahead.group(1)) >= 10, log
    assert status == ForwardMsg.FINISHED_SUCCESSFULLY and "exception" not in kinds
    # Nothing left to fit: on a cold server the first visitor watches a progress bar here.
    pictures = sum(kinds.count(kind) for kind in ("imgs", "inline_png", "html_plot", "vega_lite_chart"))
    assert "progress" not in kinds and pictures >= 3, kinds


@pytest.fixture(scope="module", autouse=True)
def failing_app(tmp_path_factory):
    """(process, url) of a served app whose home page fails and whose other page hangs,
    launched as this file starts: it boots and rehearses (waiting out its 3 s limit) while
    the first test waits for the shared server, instead of after it."""
    folder = tmp_path_factory.mktemp("failing_app")
    (folder / "pages").mkdir()
    (folder / "home.py").write_text(
        "import streamlit as st\nst.write('home')\nraise ValueError('broken home')\n"
    )
    (folder / "pages" / "slow.py").write_text(
        "import time\nimport streamlit as st\ntime.sleep(8)\nst.write('late')\n"
    )
    (folder / "serve.py").write_text(
        textwrap.dedent(
            """
            import streamlit as st
            from lib.ui.rehearsal import rehearsal
            app = st.App("home.py", lifespan=rehearsal((("slow", ""), ("", "")), warm=lambda: None, timeout_s=3))
            """
        )
    )
    process, url = launch_server(str(folder / "serve.py"))
    yield process, url
    retire_server(process)  # its slow page may still be asleep: reaped at the session's end


def test_a_page_that_fails_or_hangs_in_rehearsal_is_logged_and_the_server_still_starts(failing_app):
    process, url = wait_until_serving(*failing_app)
    status, kinds = _first_visit(url, "")
    log = server_log(process)
    assert "Rehearsal of / went wrong: 1 error(s) on the page" in log and "broken home" in log, log
    assert "Rehearsal of /slow took over 3 s: serving without it" in log, log
    assert "Rehearsed 1 of 2 views" in log, log
    assert status == ForwardMsg.FINISHED_SUCCESSFULLY and "exception" in kinds  # the page's own error, shown


def test_no_session_pays_for_a_file_watcher():
    """With Streamlit's file watcher on, each new session's first run scans the path of
    every imported module (0.10–0.15 s of CPU): the app's own config turns it off, and the
    test and bench servers read that config instead of a flag of their own."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["fileWatcherType"] == "none"
    assert "fileWatcherType" not in (ROOT / "tests" / "conftest.py").read_text()
