"""Shared fixtures: a fast AppTest factory for every page, and one browser and server per session.

Browser tests drive ``playwright.sync_api`` directly (no pytest-playwright): one Chromium
for the whole session, one tab handed from test to test on the shared server (``tab``), one
server for every test that does not need to be its first visitor (``app_server``) and a new
server for those that do (``fresh_server``: started one test ahead, in the background, so a
test never waits for a server to boot; its first page request is still the test's own). The helpers
(``start_server``, ``wait_for_run``) are shared with the benchmarks in ``bench/``.

The suite runs on two processes (pytest-xdist, ``-n 2`` in pyproject.toml): each has its own
Chromium and servers, on ports no other process of the run can pick.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import http.client
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))

CHROMIUM = "/usr/bin/chromium"
#: Chromium features Playwright turns off itself (its ``chromiumSwitches.ts``, 1.65): Chromium
#: reads only the last ``--disable-features``, so a list of ours must repeat them.
PLAYWRIGHT_DISABLED_FEATURES = [
    *("AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "HttpsUpgrades"),
    *("HttpsFirstBalancedModeAutoEnable", "LensOverlay", "MediaRouter", "PaintHolding"),
    *("ThirdPartyStoragePartitioning", "AvoidCorsURLLoaderRestartOnRedirect", "TcpPortRandomizationWin"),
    *("OptimizationHints", "NetworkTimeServiceQuerying", "AimEnabled", "PreconnectToSearch"),
    *("msForceBrowserSignIn", "msEdgeUpdateLaunchServicesPreferredVersion"),
]
#: What a headless window needs no part of: the address bar's suggestion popups, which
#: Chromium 156 builds as web pages in a renderer of their own for every window (~1 s of CPU
#: per tab opened, as much as the app's page itself), and the spare renderer it keeps
#: started for the next navigation (a process per tab, never used).
UNUSED_FEATURES = [
    *("WebUIOmniboxPopup", "WebUIOmniboxAimPopup", "WebUIOmniboxFullPopup"),
    "SpareRendererForSitePerProcess",
]
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-features=" + ",".join(PLAYWRIGHT_DISABLED_FEATURES + UNUSED_FEATURES),
]
FINISHED = (
    '[data-testid="stApp"][data-test-connection-state="CONNECTED"][data-test-script-state="notRunning"]'
)


def in_ci() -> bool:
    """CI=true (or 1, yes) means CI; unset, empty, 0, false and no do not."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def pytest_configure(config):
    """No Hypothesis test asserts a timing: its default 200 ms deadline per example fails a
    correct test on a busy machine ("Unreliable test timings", 293 ms then 0.03 ms). Loaded
    before the test modules are imported, so every ``@settings`` made there inherits it. The
    pytest-xdist controller runs no test: it starts its workers without importing Hypothesis."""
    if hasattr(config, "workerinput") or config.getoption("dist", default="no") == "no":
        from hypothesis import settings

        settings.register_profile("suite", deadline=None)
        settings.load_profile("suite")


# --- AppTest ------------------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _scan_components_once():
    """Each new AppTest rescans installed packages for components (~70 ms); once is enough."""
    from streamlit.components.v2 import manifest_scanner

    original = manifest_scanner.scan_component_manifests
    manifest_scanner.scan_component_manifests = functools.cache(original)
    yield
    manifest_scanner.scan_component_manifests = original


@pytest.fixture(scope="session", autouse=True)
def _compile_each_script_once():
    """Each AppTest run makes a new ``ScriptCache``, so it compiled the entrypoint and the page
    again every time (~10 ms of a ~40 ms run of a warm page); a server compiles each once. One
    cache per process instead, keyed by the file's path, modification time and size (a test
    that writes a script gets its own) and by the one setting that changes what is compiled."""
    from streamlit import config
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    original = ScriptCache.get_bytecode
    compiled: dict[tuple, object] = {}

    def get_bytecode(self, script_path: str):
        path = os.path.abspath(script_path)
        stat = os.stat(path)
        key = (path, stat.st_mtime_ns, stat.st_size, config.get_option("runner.magicEnabled"))
        if key not in compiled:
            compiled[key] = original(self, path)
        return compiled[key]

    ScriptCache.get_bytecode = get_bytecode
    yield
    ScriptCache.get_bytecode = original


def open_app(page: str = "streamlit_app.py", **query: str | list[str]):
    """A finished AppTest run of ``page`` (a path under the repo) with ``query`` in its URL."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    if page != "streamlit_app.py":
        at.switch_page(page)
    return at.run()


@pytest.fixture
def open_page():
    """open_page("pages/1_Combinatorics.py", w="32") -> a finished AppTest run of that page."""
    return open_app


@pytest.fixture
def served(monkeypatch):
    """served(url) -> the bytes the app serves at a media URL (images, downloads).

    AppTest builds a fresh MemoryMediaFileStorage per run and drops it; recording the
    instances lets a test read exactly what a browser would receive.
    """
    import streamlit.testing.v1.app_test as app_test

    stores = []

    class RecordingStorage(app_test.MemoryMediaFileStorage):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            stores.append(self)

    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", RecordingStorage)

    def get(url: str) -> bytes:
        return stores[-1].get_file(url.rsplit("/", 1)[-1].split(".")[0]).content

    return get


@pytest.fixture
def media(served):
    """media(at) -> every image a run shows, decoded, in page order, after checking each is
    sent as PNG: ``st.image``'s, served, and the app's own written into its HTML as data URIs."""
    import io

    import numpy as np
    from PIL import Image

    def images(at) -> list:
        from fixtures import pngs_in

        out = []
        for element in _in_page_order(at.main):
            if getattr(element, "type", "") in ("html", "bidi_component"):  # the app's own pictures
                out.extend(pngs_in(node_html(element)))
            for img in element.proto.imgs if getattr(element, "type", "") == "image" else ():
                assert img.url.endswith(".png"), img.url
                data = served(img.url)
                assert data[:8] == b"\x89PNG\r\n\x1a\n", "every image is sent as lossless PNG"
                out.append(np.asarray(Image.open(io.BytesIO(data))))
        return out

    return images


def _in_page_order(node):
    """Every element of an AppTest tree, in page order."""
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _in_page_order(child)


@functools.cache
def fitted_study(holdout: tuple[str, ...], size: int, channels: int, train: int, seed: int):
    """The Learning page's study for these settings rebuilt from lib alone (the call the page
    makes), fitted once per test process for every test that compares against it."""
    from lib import density
    from lib.photo_corpus import load_corpus

    photos = load_corpus()
    keys = [p.credit.key for p in photos]
    return density.run_study([p.pixels for p in photos], keys, holdout, size, channels, train, seed)


def give_fitting_budget(monkeypatch) -> None:
    """The server's fitting budget as a fresh server has it (nothing spent), its fitted studies
    kept. Clearing every cache instead would make each such test refit the default view."""
    from lib import ui

    service = ui.study_service()
    monkeypatch.setattr(service, "budget_seconds", service.budget_seconds + service.spent())


@pytest.fixture
def fresh_fitting_budget(monkeypatch):
    """A test may fit new settings as on a fresh server (see ``give_fitting_budget``)."""
    give_fitting_budget(monkeypatch)


def html_blocks(at) -> list[str]:
    """The app's own HTML of a run, block by block in the order of AppTest's tree (as
    ``at.get("html")`` has them: the main area's, the sidebar's, the style sheets'): each
    ``st.html`` body, and each block shown in place (:mod:`lib.ui.in_place`), whose HTML is
    the custom element's data."""
    blocks: list[str] = []

    def walk(node) -> None:
        if getattr(node, "type", "") in ("html", "bidi_component"):
            blocks.append(node_html(node))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)  # every root (main, sidebar, event, bottom), as at.get walks them
    return blocks


def _own_html(kind: str, proto) -> str:
    """The app's own HTML in an element of kind ``kind`` (its message ``proto``): an ``st.html``
    body, or a block shown in place (:mod:`lib.ui.in_place`, whose data is a list of the one
    block); "" for any other element."""
    import json

    from lib.ui.in_place import NAME

    if kind == "html":
        return proto.body
    if kind == "bidi_component" and proto.component_name == NAME:
        (html,) = json.loads(proto.json)
        return html
    return ""


def node_html(node) -> str:
    """The app's own HTML in one element of an AppTest run (:func:`_own_html`)."""
    kind = getattr(node, "type", "")
    return _own_html(kind, node.proto) if kind in ("html", "bidi_component") else ""


def element_html(element) -> str:
    """The app's own HTML in one element as the server sent it, a ``ForwardMsg``'s ``Element``
    (:func:`_own_html`)."""
    kind = element.WhichOneof("type")
    return _own_html(kind, getattr(element, kind)) if kind in ("html", "bidi_component") else ""


#: A plot's lines as drawn (JavaScript, of the element ``.plot-lines``): the SVG it holds, with
#: its attributes in single quotes as :func:`lib.charts.plot_lines.lines_image` writes them, an
#: image's (its data URI decoded) or inline (:mod:`lib.ui.in_place`, serialised by the browser).
LINES_SVG = (
    "(l => l.localName === 'img' ? decodeURIComponent(l.src.split(',')[1])"
    " : l.outerHTML.replaceAll('\"', \"'\"))"
)


def page_html(at) -> str:
    """All the app's own HTML of a run (:func:`html_blocks`), joined: where the app shows its
    big numbers, tables and plots."""
    return "\n".join(html_blocks(at))


# --- servers and browsers -----------------------------------------------------------------


def _worker() -> tuple[int, int]:
    """(this process's index, the number of processes) in a pytest-xdist run; (0, 1) alone."""
    name = os.environ.get("PYTEST_XDIST_WORKER", "")  # gw0, gw1, ...
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1") or 1)
    return (int(name[2:]) if name.startswith("gw") and name[2:].isdigit() else 0), max(count, 1)


#: Servers' ports are drawn from here: below the range the kernel hands out to outgoing
#: connections (Linux: /proc/sys/net/ipv4/ip_local_port_range, 32768–60999 by default), so a
#: health check polling a port nobody listens on yet can never be given that same port as its
#: own and connect to itself (TCP's self-connect: it reads back its own request, "BadStatusLine:
#: GET /_stcore/health", and holds the port the server is about to bind).
SERVER_PORTS = range(20_000, 32_768)


def _free_port() -> int:
    """A free local port, outside the outgoing connections' range, that no other process of
    this test run can be given: with N processes, process i only takes ports ≡ i (mod N), so
    two servers started at the same instant by two processes never race for one port."""
    index, count = _worker()
    draw = random.SystemRandom()
    while True:
        port = draw.randrange(SERVER_PORTS.start, SERVER_PORTS.stop - count)
        port += (index - port) % count  # the nearest port at or above it that is this process's
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue  # taken: draw again
            return port


def _die_with_parent() -> None:
    """Linux: the server gets SIGTERM when the test run that started it dies (no orphans)."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


#: The app as the README serves it: an ``st.App`` that rehearses every page before it listens
#: (``lib/ui/rehearsal.py``). ``streamlit_app.py`` starts the same app cold, which is what the
#: tests of a deep link as a server's very first request want.
SERVED_APP = "serve.py"


def start_server(script: str = "streamlit_app.py") -> tuple[subprocess.Popen, str]:
    """A freshly started Streamlit server on a free local port, ready to serve.

    Its output goes to a temporary file, ``process.log`` (read it with ``server_log``).
    """
    return wait_until_serving(*launch_server(script))


def launch_server(script: str = "streamlit_app.py") -> tuple[subprocess.Popen, str]:
    """A Streamlit server process starting on a free local port (``wait_until_serving`` waits
    for it). Call it from the thread that will outlive the server: the server gets SIGTERM
    when the thread that started it ends."""
    port = _free_port()
    log = tempfile.TemporaryFile("w+")  # noqa: SIM115 (closed by stop_server)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
            # As on Community Cloud: no error details for visitors, XSRF protection on.
            "--client.showErrorDetails",
            "none",
            "--server.enableXsrfProtection",
            "true",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        preexec_fn=_die_with_parent,
    )
    process.log = log  # type: ignore[attr-defined]
    return process, f"http://127.0.0.1:{port}"


def wait_until_serving(process: subprocess.Popen, url: str) -> tuple[subprocess.Popen, str]:
    """Poll the server's health check until it answers ``ok`` (120 s at most: a served app
    rehearses every page first, which takes several times longer on a busy machine)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.read() == b"ok":
                    return process, url
        except (OSError, http.client.HTTPException):
            time.sleep(0.05)  # polling the port while the server imports
    stop_server(process)
    raise RuntimeError(f"the Streamlit server did not start within 120 s:\n{server_log(process)[-2000:]}")


def server_log(process: subprocess.Popen) -> str:
    log = process.log  # type: ignore[attr-defined]
    log.flush()
    log.seek(0)
    return log.read()


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    process.log.close()  # type: ignore[attr-defined]


_RETIRED: list[subprocess.Popen] = []


def retire_server(process: subprocess.Popen) -> None:
    """Stop a test's server without waiting for it: it gets SIGTERM now and is reaped when the
    session ends (a server finishing a background fit takes seconds to exit, and no test
    needs to wait for that)."""
    if process.poll() is None:
        process.terminate()
    _RETIRED.append(process)


@pytest.fixture(scope="session", autouse=True)
def _reap_retired_servers():
    yield
    _RETIRED.extend(process for process, _ in _EARLY_APP_SERVER)  # launched, never wanted
    while _RETIRED:
        stop_server(_RETIRED.pop())


#: How often a wait re-checks the page, in ms: about once a frame, on a timer. Polling with
#: ``polling="raf"`` asks the page for an animation frame on every check, and an idle page then
#: renders and composites 60 frames a second for as long as the wait lasts (~0.10 CPU-s per
#: second of waiting, against ~0.02 on a 16 ms timer: a served Sampling page, renderer and GPU
#: process, 2026-11-26); the suite's browser tests wait minutes in all.
POLL_MS = 16


def wait_for_run(page, timeout: float = 60_000) -> None:
    """Wait until a script run has rendered the page and finished.

    "notRunning" alone also holds in the instant before the first run starts, so the
    page's own content (the title) must be there too. A run on a warm server can finish
    before the browser has loaded the code of every kind of element it sent (buttons,
    inputs, charts are loaded on first use): until then each shows a placeholder
    (``stSkeleton``), so none may be left. Polled every ``POLL_MS``.
    """
    page.wait_for_function(
        f"() => document.querySelector('{FINISHED}') !== null"
        " && document.querySelector('[data-testid=\"stMain\"] h1') !== null"
        " && document.querySelector('[data-testid=\"stSkeleton\"]') === null",
        polling=POLL_MS,
        timeout=timeout,
    )


def forward_messages(frames: list) -> list:
    """The ForwardMsgs among websocket frames a page received (the binary ones), decoded, in order."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    decoded = []
    for payload in frames:
        if isinstance(payload, bytes):
            message = ForwardMsg()
            message.ParseFromString(payload)
            decoded.append(message)
    return decoded


def record_requests(page) -> list[str]:
    """Every URL ``page`` asks for from now on (read it with ``assert_offline``)."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def assert_offline(requests: list[str]) -> None:
    """The browser asked nothing of any host but the app's own (fonts, icons, charts included)."""
    from urllib.parse import urlparse

    foreign = [
        u for u in requests if urlparse(u).hostname != "127.0.0.1" and not u.startswith(("data:", "blob:"))
    ]
    assert requests and not foreign, foreign


def no_error_shown(page) -> None:
    """No exception on the page, and no polite error box either ("went wrong")."""
    assert page.locator('[data-testid="stException"]').count() == 0, "an exception is shown"
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert "went wrong" not in body, "a polite error box is still an error"


#: The words shown on the page in the icon font that it does not draw as an icon (an icon is one
#: em wide; a word the font has no ligature for is drawn letter by letter, several ems, though
#: Streamlit's box for an icon stays one em wide), once the font has loaded; then a word that is no icon, set in the font, must measure as one (else
#: the measure tells nothing), and is taken away again.
ICONS_NOT_DRAWN = """async () => {
  const family = '"Material Symbols Rounded"';
  await document.fonts.load(`24px ${family}`, "casino");
  const drawn = (e) => {  // the words' own width: an icon's box is one em whatever it holds
    const range = document.createRange();
    range.selectNodeContents(e);
    return range.getBoundingClientRect().width;
  };
  const wide = (e) => drawn(e) > 1.3 * parseFloat(getComputedStyle(e).fontSize);
  const shown = [...document.querySelectorAll("body *")].filter((e) => e.children.length === 0
      && getComputedStyle(e).fontFamily.includes("Material Symbols") && e.getBoundingClientRect().width > 0);
  const control = document.body.appendChild(Object.assign(document.createElement("span"),
      {textContent: "no_such_icon_here"}));
  control.style.fontFamily = family;
  control.style.fontSize = "24px";
  const measured = wide(control);
  control.remove();
  if (!measured) return ["the control word measured as an icon: the measure tells nothing"];
  return shown.filter(wide).map((e) => e.textContent);
}"""


def icons_not_drawn(page) -> list[str]:
    """The words of ``page`` in the icon font it does not draw as icons (:data:`ICONS_NOT_DRAWN`):
    an icon missing from the font the server sends (``lib.ui.icon_font``)."""
    return page.evaluate(ICONS_NOT_DRAWN)


def wait_for_paint(page) -> None:
    """Wait until every image (the plots' lines too) has loaded and the fonts are in, then one
    more frame."""
    page.wait_for_function(
        """() => [...document.querySelectorAll('img')].every(i => i.complete)
             && document.fonts.status === 'loaded'""",
        polling=POLL_MS,
        timeout=30_000,
    )
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


#: Counts, in the page, the messages it sends its server (a click that asks for a rerun sends
#: one at once). Installed before the page loads.
SEND_WATCH = """(() => {
  window.__sent = 0;
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (...args) { window.__sent++; return send.apply(this, args); };
})()"""

#: After an action: true once the page has sent its server a message; false if two frames
#: pass and it has sent nothing (the action asked for no run).
SENT_AFTER = """(sent) => new Promise(resolve => {
  let frames = 0;
  const tick = () => {
    if (window.__sent > sent) return resolve(true);
    if (++frames > 2) return resolve(false);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})"""


class RunWatch:
    """The script runs a page asks its server for, read from the frames on its websocket.

    A run asked for (a ``rerun_script`` message sent) has ended once the server has started
    it (``new_session``) and then said it finished (``script_finished``, not cut short by a
    newer request). The page's own "running" state cannot tell: a fragment's rerun can
    start and end between two of the page's renders, so the state never changes.
    """

    #: Frames larger than this are elements (pictures, charts), never a run's start or end.
    SMALL = 200_000

    def __init__(self, page) -> None:
        self.page = page
        self.asked = 0
        self.state = "idle"  # -> asked -> running -> done
        self.socket = None
        page.on("websocket", self._attach)
        page.add_init_script(SEND_WATCH)

    def _attach(self, socket) -> None:
        if socket.url.endswith("/_stcore/stream"):
            self.socket = socket
            socket.on("framesent", self._sent)
            socket.on("framereceived", self._received)

    def _sent(self, payload) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        if isinstance(payload, bytes) and len(payload) < self.SMALL:
            message = BackMsg()
            message.ParseFromString(payload)
            if message.WhichOneof("type") == "rerun_script":
                self.asked += 1
                self.state = "asked"

    def _received(self, payload) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        if not isinstance(payload, bytes) or len(payload) >= self.SMALL:
            return
        message = ForwardMsg()
        message.ParseFromString(payload)
        kind = message.WhichOneof("type")
        if kind == "new_session" and self.state == "asked":
            self.state = "running"
        elif (
            kind == "script_finished"
            and self.state == "running"
            and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
        ):
            self.state = "done"

    def act(self, action) -> bool:
        """Do ``action``; if it asked the server for a run, wait until that run has ended and
        the page has drawn it. Returns whether it asked for one. No fixed wait: an action that
        sends nothing is known as such after two frames."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        sent, asked = self.page.evaluate("() => window.__sent"), self.asked
        action()
        if self.page.evaluate(SENT_AFTER, sent) and self.socket is not None:
            # The frame the page sent reaches us as an event: wait for it (a message that is
            # not a rerun, such as a heartbeat, leaves ``asked`` as it was: 10 s at most).
            with contextlib.suppress(PlaywrightTimeout):
                while self.asked == asked:
                    self.socket.wait_for_event("framesent", timeout=10_000)
            while self.asked > asked and self.state != "done":
                self.socket.wait_for_event("framereceived", timeout=60_000)
        wait_for_run(self.page)
        return self.asked > asked


_WATCHES: dict[int, RunWatch] = {}


def watch_runs(page) -> RunWatch:
    """Let ``act_and_wait_for_run`` see this page's requests and runs (call before ``goto``)."""
    watch = _WATCHES[id(page)] = RunWatch(page)
    page.on("close", lambda _: _WATCHES.pop(id(page), None))
    return watch


def record_frames(page) -> list:
    """Every websocket frame's payload the page receives from now on, in a list that grows as
    they come (call before ``goto``); the page's runs are watched too (``watch_runs``)."""
    frames: list = []
    # A lambda, not frames.append: Playwright wraps a listener's function, not a builtin method.
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(payload)))
    watch_runs(page)
    return frames


#: The page's websocket hands Streamlit the messages its server sends one at a time, the next
#: only after a task and two animation frames (a frame drawn with the one before). Installed
#: before the page loads; the rest of the socket is left as it is.
ONE_MESSAGE_A_FRAME = """(() => {
  const Socket = window.WebSocket;
  window.WebSocket = class extends Socket {
    constructor(...args) {
      super(...args);
      const waiting = [], listeners = (this.__messageListeners = []);
      let handing = false;
      const next = () => {
        const message = waiting.shift();
        if (message === undefined) { handing = false; return; }
        for (const listener of listeners) listener.call(this, message);
        setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(next)), 0);
      };
      super.addEventListener('message', message => {
        waiting.push(message);
        if (!handing) { handing = true; next(); }
      });
    }
    addEventListener(type, listener, options) {
      if (type === 'message') this.__messageListeners.push(listener);
      else super.addEventListener(type, listener, options);
    }
  };
})()"""


def draw_every_message(page) -> None:
    """Let ``page`` draw every state its runs pass through (call before ``goto``).

    A browser draws at once whatever reached it between two frames, so which of a run's
    in-between states a test ever sees depends on when the messages arrive: on the machine's
    load, on how the server flushes. Handed one message a frame (``ONE_MESSAGE_A_FRAME``), the
    page draws each of them, as a visitor's browser may on a slow link: a check of every frame
    sees every state, under any load, and a run takes a few frames a message longer."""
    page.add_init_script(ONE_MESSAGE_A_FRAME)


def act_and_wait_for_run(page, action) -> bool:
    """Do ``action`` (a click, a key); if it asked the server for a run, wait for that run to
    end (``RunWatch.act``). Returns whether a run was asked for. The page must be watched
    (``watch_runs``) before it was opened.
    """
    return _WATCHES[id(page)].act(action)


@pytest.fixture(scope="session")
def browser():
    """One system Chromium for every browser test (Playwright never downloads one here)."""
    if not os.path.exists(CHROMIUM):
        reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
        if in_ci():
            pytest.fail(reason + " — browser tests are required in CI")
        pytest.skip(reason)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)  # a ceiling for a loaded machine, not a wait
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def _shared_context(browser):
    """One browser context for the tests on the shared server (and their one tab: ``tab``): the
    app's scripts, styles and fonts are fetched once per process instead of once per test."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    yield context
    context.close()


#: Storage the app's origin may have kept (the shared context's tabs must not see another's).
CLEAR_STORAGE = "() => { try { localStorage.clear(); sessionStorage.clear(); } catch (e) {} }"


#: The shared context's one tab, handed from test to test (see ``tab``).
_SHARED_TAB: list = []
_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Mark a test that failed, so that ``tab`` does not hand its tab on."""
    report = yield
    if report.failed:
        item.stash[_FAILED] = True
    return report


class _Additions:
    """What a test adds to a tab it shares with the tests after it (event handlers, init
    scripts), recorded so that ``remove`` can take it all away again."""

    def __init__(self, page) -> None:
        self.page, self.handlers, self.scripts = page, [], []
        on, add_init_script = page.on, page.add_init_script

        def recorded_on(event, handler):
            self.handlers.append((event, handler))
            return on(event, handler)

        def recorded_add_init_script(*args, **kwargs):
            script = add_init_script(*args, **kwargs)
            self.scripts.append(script)
            return script

        page.on, page.add_init_script = recorded_on, recorded_add_init_script

    def remove(self) -> None:
        del self.page.on, self.page.add_init_script  # the class's own again
        for event, handler in self.handlers:
            self.page.remove_listener(event, handler)
        for script in self.scripts:
            script.close()


@pytest.fixture
def tab(browser, request):
    """A browser tab: the session's one tab on the shared server, a tab of its own on a fresh
    server's.

    On the shared server, one tab serves test after test: a new tab costs Chromium a new
    renderer process that parses and compiles the app's scripts again (~3.7 CPU-s a page load
    in a new tab against ~2.0 navigating one tab, 8 loads alternating How many images? and
    Memorise or model?, 2026-11-26). Each test gets it with the cookies cleared, a 1400×900
    viewport and a 30 s timeout; after it, the storage is cleared, the event handlers and
    init scripts the test added are removed, and the tab is left on the server's health
    check, so the app's page and its session are closed before the next test attaches its
    handlers. A failed test's tab is closed, and the next test gets a new one. A fresh
    server's first visitor gets a context of its own (nothing cached)."""
    if {"fresh_server", "fresh_server_process"} & set(request.fixturenames):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        page.set_default_timeout(30_000)
        yield page
        context.close()
        return
    context = request.getfixturevalue("_shared_context")
    context.clear_cookies()
    if not _SHARED_TAB or _SHARED_TAB[0].is_closed():
        _SHARED_TAB[:] = [context.new_page()]
    page = _SHARED_TAB[0]
    page.set_viewport_size({"width": 1400, "height": 900})
    page.set_default_timeout(30_000)
    added = _Additions(page)
    yield page
    added.remove()
    origin = re.match(r"http://127\.0\.0\.1:\d+", page.url)  # about:blank: never left
    handed_on = not request.node.stash.get(_FAILED, False) and not page.is_closed()
    if handed_on and origin:
        try:
            page.evaluate(CLEAR_STORAGE)
            page.goto(origin.group(0) + "/_stcore/health")
        except Exception:  # a tab that cannot be cleaned is not handed on either
            handed_on = False
    if not handed_on:  # a failed test's tab, or one that could not be cleaned: the next gets a new one
        _SHARED_TAB.clear()
        with contextlib.suppress(Exception):
            page.close()


#: The shared server, launched as soon as this process knows a test of its will want it.
_EARLY_APP_SERVER: list[tuple[subprocess.Popen, str]] = []


#: The order work is handed out in, longest first (measured with ``--durations``). pytest-xdist
#: hands out work in collection order (``--no-loadscope-reorder`` in pyproject.toml), so the
#: long units start first and the many short files fill in at the end, where they keep both
#: processes busy instead of leaving one to finish a browser file alone. ``test_rehearsal.py``
#: goes first: its first test is then its process's shared server's first visitor, and needs
#: no server of its own (``shared_server_is_unvisited``). ``test_browser.py``, whose deep links
#: share a new server (a fixture of the file), runs whole and is the longest unit; the browser
#: files on the shared server go test by test (``ONE_BY_ONE``).
LONGEST_FIRST = (
    "test_rehearsal.py",
    "test_browser.py",
    "test_talk_browser.py",
    "test_quiet_logs.py",
    "test_hostile_uploads.py",
    "test_pages.py",
    "test_sampling_browser.py",
    "test_fuzz.py",
    "test_learning_page.py",
    "test_sampling_page.py",
    "test_layout_browser.py",
    "test_density_models.py",
    "test_statistics.py",
    "test_learning_reruns.py",
    "test_view_reruns.py",
)

#: Files whose tests are handed out one by one: each test opens its own tab on its process's
#: shared server and shares nothing else with the file's other tests. Every other file runs
#: whole in one process (its shared fits, its fresh servers started one test ahead).
ONE_BY_ONE = (
    "test_talk_browser.py",
    "test_quiet_logs.py",
    "test_layout_browser.py",
    "test_sampling_browser.py",
    "test_view_reruns.py",
)


#: Fixtures of a test that drives a browser or starts a server.
BROWSING = {"tab", "browser", "app_server", "app_server_process", "fresh_server", "fresh_server_process"}


def pytest_collection_modifyitems(items):
    """``LONGEST_FIRST`` first; then, of the files it does not name, those with a test that
    drives a browser or a server (a page load is seconds, where most other files' tests are
    milliseconds), then the rest. A browser file added without a place in the list is still
    handed out before the short files, not at the end, where one process would finish it
    alone (review 11's test_talk_slides.py, 5-17 s, was the second-last file)."""
    rank = {name: place for place, name in enumerate(LONGEST_FIRST)}
    browsing = {item.path for item in items if BROWSING & set(getattr(item, "fixturenames", ()))}
    # stable: within a rank, files keep their order
    items.sort(key=lambda item: (rank.get(item.path.name, len(rank)), item.path not in browsing))


def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile``, except that the tests of ``ONE_BY_ONE`` files are each a unit of
    their own. (pytest-xdist's own ``loadgroup`` cannot be used: with pytest 9 its groups are
    silently ignored.)"""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class WholeFilesBrowserTestsOneByOne(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return nodeid if Path(path).name in ONE_BY_ONE else path

    return WholeFilesBrowserTestsOneByOne(config, log)


def pytest_collection_finish(session):
    """Launch the shared server now, so it boots while the tests before the browser tests run
    (in a pytest-xdist run, each worker collects and launches its own)."""
    wanted = {"app_server", "app_server_process"}
    if session.config.option.collectonly:
        return  # no test runs: nothing would visit it, or stop it
    if any(wanted & set(getattr(item, "fixturenames", ())) for item in session.items):
        _EARLY_APP_SERVER.append(launch_server(SERVED_APP))


#: Set once this process's shared server has been handed to a test: until then no browser or
#: session has visited it, and a test may use it as a fresh server (``test_rehearsal.py``).
_APP_SERVER_HANDED_OUT: list[bool] = []


def shared_server_is_unvisited() -> bool:
    """True while no test of this process has been given the shared server."""
    return not _APP_SERVER_HANDED_OUT


@pytest.fixture(scope="session")
def app_server_process():
    """(process, url) of the shared server (its log: ``server_log``; other tests use it too)."""
    process, url = (
        wait_until_serving(*_EARLY_APP_SERVER.pop()) if _EARLY_APP_SERVER else start_server(SERVED_APP)
    )
    _APP_SERVER_HANDED_OUT.append(True)
    yield process, url
    retire_server(process)


@pytest.fixture(scope="session")
def app_server(app_server_process):
    """One server for every browser test that does not need to be the server's first visitor."""
    return app_server_process[1]


class _FreshServers:
    """New servers for the tests that must be a server's first visitor, each started while
    the test before it runs.

    A server is launched when a test takes the previous one and a later test of this file
    will want one, so it boots while that test runs instead of before the next. It has
    answered only ``/_stcore/health`` when a test gets it: the first page request is the
    test's own, as on a server just deployed.
    """

    def __init__(self) -> None:
        self._spare: tuple[subprocess.Popen, str] | None = None

    def take(self, more_wanted: bool) -> tuple[subprocess.Popen, str]:
        spare, self._spare = self._spare, None
        process, url = wait_until_serving(*spare) if spare is not None else start_server()
        if more_wanted:
            self._spare = launch_server()  # booting, not waited for
        return process, url

    def close(self) -> None:
        if self._spare is not None:
            stop_server(self._spare[0])
            self._spare = None


@pytest.fixture(scope="session")
def _fresh_servers():
    servers = _FreshServers()
    yield servers
    servers.close()


def _wants_fresh_server(item) -> bool:
    return bool({"fresh_server", "fresh_server_process"} & set(getattr(item, "fixturenames", ())))


def _later_test_wants_a_fresh_server(request) -> bool:
    """Does a test after this one, in this file (files run whole in one process), want one?"""
    items = request.session.items
    here = request.node
    try:
        start = items.index(here) + 1
    except ValueError:
        return False
    return any(_wants_fresh_server(i) and i.path == here.path for i in items[start:])


@pytest.fixture
def fresh_server_process(_fresh_servers, request):
    """(process, url) of a server no browser has visited yet (its log: ``server_log``)."""
    process, url = _fresh_servers.take(_later_test_wants_a_fresh_server(request))
    yield process, url
    retire_server(process)


@pytest.fixture
def fresh_server(fresh_server_process):
    """A new server per test, so the first request it ever sees is the test's deep link."""
    return fresh_server_process[1]


# --- the fuzz count, summed over the processes of an xdist run ---------------------------

_FUZZ_FROM_WORKERS: dict[str, int] = {}


def _fuzz_tried() -> dict[str, int]:
    return dict(getattr(sys.modules.get("test_fuzz"), "TRIED", {}))


def pytest_sessionfinish(session):
    """A pytest-xdist worker hands its fuzz count to the process that prints the summary."""
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["fuzz_tried"] = _fuzz_tried()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    for page, n in getattr(node, "workeroutput", {}).get("fuzz_tried", {}).items():
        _FUZZ_FROM_WORKERS[page] = _FUZZ_FROM_WORKERS.get(page, 0) + n


def pytest_terminal_summary(terminalreporter):
    """Report what the fuzz test tried (issue: hostile links, 'counted')."""
    tried = _fuzz_tried()
    for page, n in _FUZZ_FROM_WORKERS.items():
        tried[page] = tried.get(page, 0) + n
    for page, n in sorted(tried.items()):
        terminalreporter.write_line(
            f"fuzz: {n:,} hostile query strings against {page}, no exception reached the page"
        )
