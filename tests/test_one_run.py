"""A run's messages reach the page in one task (lib.ui.one_run, assets/one_run.js).

The script runs in Node here: the type it reads from a message's bytes against protobuf's own
``ForwardMsg`` (the independent reference), and its hold against a stand-in socket and clock.
That the served page uses it, in Chromium against the server, is ``test_browser.py``'s
``test_a_fragments_rerun_reaches_the_page_in_one_task``.
"""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from lib.ui import one_burst
from lib.ui.one_run import SCRIPT, SOURCE


def node(program: str) -> object:
    """What ``program``, run after the script in one Node process, prints (as JSON)."""
    source = SOURCE.read_text(encoding="utf-8")
    out = subprocess.run(["node", "-e", source + "\n" + program], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def message(kind: str, *, path_length: int = 2, hashed: bool = True) -> ForwardMsg:
    """A ForwardMsg of one type, with a hash and metadata as the server writes them (a long
    delta path makes the metadata's length take two bytes). ``new_session``: a fragment's rerun
    starts (its metadata names the fragment); ``whole_page``: a whole page's run starts."""
    msg = ForwardMsg()
    if hashed:
        msg.hash = "e3b0c44298fc1c149afbf4c8996fb924"
    msg.metadata.delta_path[:] = list(range(path_length))
    if kind in ("new_session", "whole_page"):
        msg.new_session.SetInParent()
        msg.metadata.run.script_run_id = "a-run"
        if kind == "new_session":
            msg.metadata.run.fragment_ids.append("the-draw")
    elif kind == "script_finished":
        msg.script_finished = ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
    elif kind == "delta":
        msg.delta.new_element.markdown.body = "x" * 300
    elif kind == "session_status_changed":
        msg.session_status_changed.script_is_running = True
    elif kind == "file_urls_response":
        msg.file_urls_response.response_id = "upload"
    elif kind == "heartbeat_ack":
        msg.heartbeat_ack = True
    else:
        raise ValueError(kind)
    return msg


def wire(msg: ForwardMsg) -> list[int]:
    return list(msg.SerializeToString())


def test_a_messages_type_is_read_as_protobuf_reads_it():
    """Every kind the hold tells apart, with and without a hash, with a short and a long
    metadata (a length of one byte and of two); a message with no type, one cut short, none."""
    cases = []
    for kind in ("new_session", "script_finished", "delta", "session_status_changed", "file_urls_response"):
        for path_length, hashed in ((2, True), (200, True), (1, False)):
            msg = message(kind, path_length=path_length, hashed=hashed)
            cases.append((wire(msg), msg.DESCRIPTOR.fields_by_name[kind].number))
    assert any(len(msg.metadata.SerializeToString()) > 127 for msg in [message("delta", path_length=200)])
    untyped = ForwardMsg(hash="abc")
    untyped.metadata.delta_path[:] = [1, 2]
    cut = wire(message("delta", path_length=200))[:40]  # inside the metadata
    cases += [(wire(untyped), -1), (cut, -1), ([], -1), ([0x12], -1)]
    # Fields 1 and 2 as a fixed64 (wire type 1) and a fixed32 (5) skip by their width; cut short, none.
    cases += [
        ([0x09, *range(8), 0x30, 1], 6),
        ([0x15, 1, 2, 3, 4, 0x30, 1], 6),
        ([0x09, 1, 2], -1),
        ([0x15, 1], -1),
    ]
    cases += [([0x19, *range(8)], 3), ([0x19, 1, 2], -1)]  # a type field of fixed width, whole and cut short
    read = node(
        f"console.log(JSON.stringify({json.dumps([c for c, _ in cases])}"
        ".map(bytes => forwardMsgType(Uint8Array.from(bytes)))))"
    )
    assert read == [expected for _, expected in cases]


def test_a_fragments_rerun_is_told_from_a_whole_pages_run_as_protobuf_tells_it():
    """``runsFragments``: the run's fragments in the metadata, read as protobuf reads them."""
    cases = [
        message(kind, path_length=n) for kind in ("new_session", "whole_page", "delta") for n in (2, 200)
    ]
    unnamed = message("whole_page")
    unnamed.metadata.run.ClearField("script_run_id")
    cases.append(unnamed)
    read = node(
        f"console.log(JSON.stringify({json.dumps([wire(m) for m in cases])}"
        ".map(bytes => runsFragments(Uint8Array.from(bytes)))))"
    )
    assert read == [bool(m.metadata.run.fragment_ids) for m in cases]
    assert read.count(True) == 2


#: Drives the hold: a stand-in socket and clock; each step a message (its bytes) or the clock
#: reaching the hold's end; prints what the listener had got after each step (by message index).
DRIVER = """
const pending = new Map(); let nextTimer = 1;
const timers = {
  setTimeout: (f, ms) => { pending.set(nextTimer, [f, ms]); return nextTimer++; },
  clearTimeout: (id) => { pending.delete(id); },
};
class StandIn { constructor() { this.listeners = []; }
  addEventListener(type, listener) { this.listeners.push([type, listener]); }
  emit(type, event) { for (const [t, l] of this.listeners) if (t === type) l(event); } }
const Socket = holdingEachRun(StandIn, 100, timers);
const socket = new Socket(), got = [], opened = [], log = [];
let throwOn = -1;
socket.addEventListener("message", (event) => { got.push(event.index); if (got.length - 1 === throwOn) throw new Error("one"); });
socket.addEventListener("open", () => opened.push(true));
const steps = STEPS;
steps.forEach((step, index) => {
  if (step === "clock") { for (const [id, [f, ms]] of [...pending]) { pending.delete(id); f(); } }
  else if (step === "open") socket.emit("open", {});
  else if (step === "close") socket.emit("close", {});
  else if (step === "error") socket.emit("error", {});
  else if (step === "throw") throwOn = got.length;
  else if (step === "text") socket.emit("message", {data: "not binary", index});
  else socket.emit("message", {data: Uint8Array.from(step).buffer, index});
  log.push([...got]);
});
console.log(JSON.stringify({log, opened: opened.length, timers: [...pending.values()].map(([, ms]) => ms)}));
"""


def hold(steps: list) -> dict:
    encoded = [
        wire(message(s)) if s not in ("clock", "open", "close", "error", "throw", "text") else s
        for s in steps
    ]
    result = node(DRIVER.replace("STEPS", json.dumps(encoded)))
    assert isinstance(result, dict)
    return result


def test_a_run_reaches_the_listener_whole_when_it_ends():
    """From its start to its end nothing reaches the listener; then the whole run, in order, in
    the call that brought its end; the clock's hold is cleared."""
    steps = ["new_session", "delta", "session_status_changed", "delta", "script_finished"]
    result = hold(steps)
    assert result["log"] == [[], [], [], [], [0, 1, 2, 3, 4]]
    assert result["timers"] == []


def test_messages_outside_a_run_pass_at_once():
    """An upload's answer, a heartbeat's, a message that is not binary: each reaches the
    listener in the call that brought it; other kinds of listener are not touched."""
    result = hold(["file_urls_response", "heartbeat_ack", "text", "delta", "open"])
    assert result["log"] == [[0], [0, 1], [0, 1, 2], [0, 1, 2, 3], [0, 1, 2, 3]]
    assert result["opened"] == 1


def test_a_whole_pages_run_passes_as_it_comes():
    """A link, the sidebar's switch, Streamlit's "R": each message at once, as the server sends
    it (the rule of lib.ui.one_burst.running_said_last; held, the test that leaves presentation
    mode right after the sidebar's switch failed in one clean run of three); a fragment's rerun
    after it is held again."""
    result = hold(["whole_page", "delta", "script_finished", "new_session", "delta", "script_finished"])
    assert result["log"] == [[0], [0, 1], [0, 1, 2], [0, 1, 2], [0, 1, 2], [0, 1, 2, 3, 4, 5]]


def test_a_long_run_is_held_100_ms_at_most():
    """A run still going when the hold ends: what came so far reaches the listener then, and
    the rest of the run as it comes; the next run is held again."""
    steps = ["new_session", "delta", "clock", "delta", "script_finished", "new_session", "script_finished"]
    result = hold(steps)
    assert result["log"] == [[], [], [0, 1], [0, 1, 3], [0, 1, 3, 4], [0, 1, 3, 4], [0, 1, 3, 4, 5, 6]]
    assert result["timers"] == []
    assert hold(["new_session"])["timers"] == [100]


def test_a_run_cut_short_for_a_newer_one():
    """A fast second click: Streamlit ends the first run early (``script_finished``, finished
    early for a rerun), then starts the next; each reaches the listener whole at its own end.
    A new run's start while one is held (no end between) is held with it."""
    result = hold(["new_session", "delta", "script_finished", "new_session", "delta", "script_finished"])
    assert result["log"] == [[], [], [0, 1, 2], [0, 1, 2], [0, 1, 2], [0, 1, 2, 3, 4, 5]]
    result = hold(["new_session", "delta", "new_session", "delta", "script_finished"])
    assert result["log"][-1] == [0, 1, 2, 3, 4] and result["log"][-2] == []


def test_a_socket_that_fails_or_closes_mid_run_hands_over_what_it_held():
    """The server goes away mid-run: what came of the run reaches the listener before the
    socket's error or close reaches Streamlit's listeners (Streamlit lets the socket go on the
    first, and ignores the messages of a socket it has let go of)."""
    assert hold(["new_session", "delta", "close"])["log"] == [[], [], [0, 1]]
    assert hold(["new_session", "delta", "error", "close"])["log"] == [[], [], [0, 1], [0, 1]]


def test_a_listener_that_throws_still_gets_the_rest_of_the_run():
    """One message the listener fails on does not take the run's later messages with it."""
    result = hold(["throw", "new_session", "delta", "delta", "script_finished"])
    assert result["log"][-1] == [1, 2, 3, 4]
    assert result["timers"] == [0]  # the error, thrown again on its own


def test_the_page_holds_as_long_as_the_server():
    """The script's hold is the server's (lib.ui.one_burst.HOLD_S)."""
    match = re.search(r"var HOLD_MS = (\d+);", SOURCE.read_text(encoding="utf-8"))
    assert match and int(match.group(1)) == round(one_burst.HOLD_S * 1000)
    assert SCRIPT.startswith("<script>") and SCRIPT.endswith("</script>") and "</script>" not in SCRIPT[8:-9]


def test_a_page_that_runs_it_twice_wraps_its_websocket_once():
    """Run twice in one window (two copies of the script in a page), it wraps the window's
    WebSocket once: each message still reaches a listener once."""
    program = f"""
const vm = require("vm");
const source = {json.dumps(SOURCE.read_text(encoding="utf-8"))};
class StandIn {{ constructor() {{ this.l = []; }} addEventListener(t, f) {{ if (t === "message") this.l.push(f); }} }}
const context = vm.createContext({{window: {{setTimeout, clearTimeout, WebSocket: StandIn}}}});
vm.runInContext(source, context);
const first = context.window.WebSocket;
vm.runInContext(source, context);
const socket = new context.window.WebSocket(); let got = 0;
socket.addEventListener("message", () => got++);
for (const f of socket.l) f({{data: "not binary"}});
console.log(JSON.stringify({{got, wraps: socket.l.length, once: context.window.WebSocket === first,
  marked: context.window.WebSocket.holdsEachRun}}));
"""
    out = subprocess.run(["node", "-e", program], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == {"got": 1, "wraps": 1, "once": True, "marked": True}


@pytest.mark.parametrize("kind", ["new_session", "script_finished"])
def test_the_kinds_held_are_streamlits(kind):
    """The numbers the script waits for are the fields of Streamlit's ForwardMsg today."""
    number = ForwardMsg.DESCRIPTOR.fields_by_name[kind].number
    names = {"new_session": "RUN_STARTS", "script_finished": "RUN_ENDS"}
    assert re.search(rf"{names[kind]} = {number}\b", SOURCE.read_text(encoding="utf-8"))
