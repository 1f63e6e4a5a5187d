"""A room of phones opening the same links: prints figures, asserts nothing.

    python bench/bench_audience.py [--sessions 100] [--arrival 10] [--reruns 1000] [--repeats 5]
                                   [--http] [--cpu-share 0.5]

Speaks Streamlit's own websocket protocol (the ``websockets`` client and Streamlit's
protobuf ``BackMsg``/``ForwardMsg``), no browsers, so what is measured is the server.
A fresh server from the test suite's ``start_server`` (tests/conftest.py: one command line
for tests and benches, as on Community Cloud; ``--set section.option=value`` travels as
Streamlit's environment variable). First one visitor at a time,
in the same run, as the baseline: each visitor exactly as in the crowd, for every page
(one warm-up pass, then ``--repeats`` timed passes; median, min, max).
Then N sessions arriving evenly within ``--arrival`` seconds, each opening the home page,
then one page's default view (pages dealt round robin), then changing one input on it as
the browser does: the widget's new state, sent with the id of the fragment that drew it
(every page's body is a fragment, so only the body reruns); the talk presses Next. With
``--links`` (and ``--hostile``) the input changes by a link instead: a whole run with a
changed query string. With ``--http`` each visitor first makes the HTTP requests a phone
with nothing cached makes (the page's HTML, Streamlit's scripts, styles and fonts; recorded
once in Chromium: ``bench/phone_http.py``), the home page's before its websocket and its page's
new ones before the page's view, and those steps' times include them. With ``--cpu-share F``
the server runs on one CPU of its own, held to F of it as a hosting service's container is
(``bench/cpu_quota.py``; Community Cloud gives an app a fraction of a CPU). Printed: p50 and p95
time to ``script_finished`` per step and overall against the session alone, errors (exception
elements and error boxes in the deltas, runs that did not finish successfully, tracebacks in
the server's log), the server's peak memory (VmHWM and sampled VmRSS of its process tree from
/proc), then R further reruns spread over the open sessions and the memory after them.

Loopback only; every loop is bounded (a step that does not finish within ``--timeout``
seconds counts as an error); the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import statistics
import sys
import threading
import time
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.string_util import to_snake_case

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import SERVED_APP, server_log, start_server, stop_server  # noqa: E402  (the suite's own server)
from cpu_quota import CpuQuota  # noqa: E402
from phone_http import fetch_all, recorded_requests  # noqa: E402

# One input per page, as a visitor changes it: (query parameter, values). Session i uses
# values[i % len(values)]: a room picks among a few values, so shared caches can help.
CHANGES = {
    "": ("present", ["1"]),
    "Combinatorics": ("w", ["64", "128", "256", "512"]),
    "Sampling": ("seed", ["2", "3", "4", "5"]),
    "Learning": ("seed", ["2", "3", "4", "5"]),
    "Talk": ("step", ["2", "3", "4", "5"]),
}

#: ``--hostile``: each visitor sends a link at the limits of every input instead (issue 9:
#: "ten concurrent hostile sessions"); distinct values defeat the shared caches on purpose.
HOSTILE = {
    "": ("present", ["maybe"]),
    "Combinatorics": ("w", ["1e12&h=1e12&c=1024&bits=32", "999999999999&h=10^12&c=1000&bits=31"]),
    "Sampling": (
        "size",
        [
            "512&n=64&draws=20000",
            "512&n=64&draws=19999&colour=grey",
            "512&n=64&draws=19998&real=crops",
            "512&n=64&draws=19997&seed=7",
        ],
    ),
    "Learning": (
        "size",
        [
            "32&colour=rgb&train=20000&seed=1",
            "16&colour=rgb&train=20000&seed=2",
            "32&colour=grey&train=20000&seed=3",
            "16&colour=grey&train=20000&seed=4",
        ],
    ),
    "Talk": ("step", ["4&side=256&seed=9", "99", "5", "6"]),
}


# --- the server and its memory -------------------------------------------------------


def server_option_environment(options: list[str]) -> dict[str, str]:
    """``--set runner.postScriptGC=false`` as the environment variable Streamlit reads for it
    (``STREAMLIT_RUNNER_POST_SCRIPT_GC``): the server is started by the test suite's own
    ``start_server``, with the suite's command line, so options travel this way.

    >>> server_option_environment(["runner.postScriptGC=false"])
    {'STREAMLIT_RUNNER_POST_SCRIPT_GC': 'false'}
    """
    out = {}
    for option in options:
        key, _, value = option.partition("=")
        if not key or "." not in key or not _:
            raise ValueError(f"a server option is section.name=value, got {option!r}")
        out["STREAMLIT_" + to_snake_case(key.replace(".", "_")).upper()] = value
    return out


def process_tree(pid: int) -> list[int]:
    """The pid and all its descendants, from /proc/<pid>/task/*/children."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                todo += [int(c) for c in task.read_text().split()]
    return out


def status_mib(pid: int, field: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU time of the process tree so far (robust to a shared machine's load)."""
    total = 0
    for p in process_tree(pid):
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def tree_mib(pid: int, field: str = "VmRSS") -> float:
    return sum(status_mib(p, field) for p in process_tree(pid))


class PeakMemory(threading.Thread):
    """Samples the tree's summed VmRSS every 50 ms (VmHWM is the kernel's exact peak)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0.0, True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, tree_mib(self.pid))
            time.sleep(0.05)


# --- one session ------------------------------------------------------------------------


class Session:
    """One visitor's websocket: rerun requests out, ForwardMsgs in, timed to script_finished."""

    def __init__(self, port: int, timeout: float, errors: list[str], name: str) -> None:
        self.port, self.timeout, self.errors, self.name = port, timeout, errors, name
        self.ws = None
        self.pages: dict[str, str] = {}  # url_pathname -> page_script_hash
        self.widgets: dict[str, tuple[str, str]] = {}  # a widget's key -> (its id, its fragment's id)
        self.page = ""  # the page it opened after the home page

    async def connect(self) -> None:
        self.ws = await websockets.connect(
            f"ws://127.0.0.1:{self.port}/_stcore/stream",
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=self.timeout,
            ping_interval=None,
        )

    async def run(self, path: str, query: str = "") -> float | None:
        """Rerun the script for one page and query string (a link opened); seconds to
        script_finished."""
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_name = path
        msg.rerun_script.page_script_hash = self.pages.get(path, "")
        return await self._send(msg, path, query)

    async def change(self, path: str, key: str, value: str | None) -> float | None:
        """Change one input as the browser does (its state, sent with the id of the fragment
        that drew it, so only that fragment reruns): a text box's new ``value``, or a click
        on a button (``value`` None). Seconds to script_finished."""
        if key not in self.widgets:
            self.errors.append(f"{self.name} /{path}: no widget {key!r} was drawn")
            return None
        widget, fragment = self.widgets[key]
        msg = BackMsg()
        msg.rerun_script.page_name = path
        msg.rerun_script.page_script_hash = self.pages.get(path, "")
        msg.rerun_script.fragment_id = fragment
        state = msg.rerun_script.widget_states.widgets.add()
        state.id = widget
        if value is None:
            state.trigger_value = True
        else:
            state.string_value = value
        return await self._send(msg, path, f"{key}={value}", fragment=bool(fragment))

    async def _send(self, msg: BackMsg, path: str, query: str, fragment: bool = False) -> float | None:
        started = time.perf_counter()
        ran = None
        try:
            await self.ws.send(msg.SerializeToString())
            async with asyncio.timeout(self.timeout):
                while True:
                    fwd = ForwardMsg()
                    fwd.ParseFromString(await self.ws.recv())
                    kind = fwd.WhichOneof("type")
                    if kind == "delta":
                        self._check(fwd, path)
                    elif kind == "navigation":  # the page that runs, and (once) every page's hash
                        ran = fwd.navigation.page_script_hash
                        if not self.pages:
                            self.pages = {
                                p.url_pathname: p.page_script_hash for p in fwd.navigation.app_pages
                            }
                    elif kind == "page_not_found":
                        self.errors.append(f"{self.name} /{path}: page not found")
                    elif kind == "script_finished":
                        if self.pages and self.pages.get(path) != ran and not fragment:
                            self.errors.append(f"{self.name} /{path}: another page ran instead")
                        status = fwd.script_finished
                        if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                            # The part asked for a whole-page run (st.rerun: How many images?
                            # when a new width leaves or meets a preset): the step ends with it.
                            fragment = False
                            continue
                        done = (
                            ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
                            if fragment
                            else ForwardMsg.FINISHED_SUCCESSFULLY
                        )
                        if status != done:
                            self.errors.append(f"{self.name} /{path}?{query}: finished with status {status}")
                            return None
                        return time.perf_counter() - started
        except Exception as error:  # a slow or failed step is a figure to report, not a crash
            self.errors.append(f"{self.name} /{path}?{query}: {type(error).__name__} {str(error)[:100]}")
            return None

    def _check(self, fwd: ForwardMsg, path: str) -> None:
        if not fwd.delta.HasField("new_element"):
            return
        element = fwd.delta.new_element
        kind = element.WhichOneof("type")
        widget_id = getattr(getattr(element, kind, None), "id", "") if kind else ""
        if isinstance(widget_id, str) and widget_id.startswith("$$ID-"):  # $$ID-<hash>-<key>
            self.widgets[widget_id.split("-", 2)[2]] = (widget_id, fwd.delta.fragment_id)
        if kind == "exception":
            self.errors.append(f"{self.name} /{path}: exception {element.exception.message[:100]}")
        elif kind == "alert" and element.alert.format == Alert.ERROR:
            self.errors.append(f"{self.name} /{path}: error box {element.alert.body[:100]}")

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


# --- the benchmark ----------------------------------------------------------------------


def changed_query(path: str, i: int) -> str:
    key, values = CHANGES.get(path, CHANGES[""])  # HOSTILE when --hostile
    return f"{key}={values[i % len(values)]}"


#: The input each page's visitor changes in the page itself (not by a link): the widget's key
#: and the values typed in turn, or None for a button pressed (the talk: Next, then Back).
WIDGET_CHANGES: dict[str, list[tuple[str, str | None]]] = {
    "Combinatorics": [("w", v) for v in CHANGES["Combinatorics"][1]],
    "Sampling": [("seed", v) for v in CHANGES["Sampling"][1]],
    "Learning": [("seed", v) for v in CHANGES["Learning"][1]],
    "Talk": [("talk-next", None), ("talk-back", None)],
}


async def change(s: Session, path: str, i: int) -> float | None:
    """Visitor ``i``'s change on ``path``: a widget, as a phone changes it (``--links``, or
    ``--hostile``, or a page without one: a link with a changed query string instead)."""
    if LINKS or path not in WIDGET_CHANGES:
        return await s.run(path, changed_query(path, i))
    key, value = WIDGET_CHANGES[path][i % len(WIDGET_CHANGES[path])]
    return await s.change(path, key, value)


LINKS = False  # set by --links or --hostile
#: ``--http``: link -> the HTTP requests its first load makes (phone_http.recorded_requests); each
#: visitor makes them before its websocket (the home page's) and before its page's view (the
#: page's static files that the home page's did not ask for: a browser's new scripts for the
#: page's elements; moving to a page within the app asks for nothing else).
HTTP: dict[str, list[str]] = {}
HTTP_BYTES: list[int] = []  # each visitor's HTTP bytes received


async def alone(port: int, pages: list[str], repeats: int, timeout: float) -> dict[str, list[float]]:
    """One visitor at a time, exactly as in the crowd (a new session: home, then one page's
    default view, then one input changed), for every page; one warm-up pass, then
    ``repeats`` timed passes. A session per visitor: a widget's value set on one page
    would otherwise carry over to the next page's view."""
    errors: list[str] = []
    times: dict[str, list[float]] = {}
    for n in range(repeats + 1):
        for path in pages:
            sessions: list[Session] = []
            into: dict[str, list[float]] = times if n else {}  # pass 0 is the warm-up
            await visitor(n, port, [path], 0.0, timeout, into, errors, sessions)
            for s in sessions:
                await s.close()
    if errors:
        print("errors alone:", *errors[:5], sep="\n  ")
    return times


async def visitor(i, port, pages, delay, timeout, times, errors, sessions) -> None:
    await asyncio.sleep(delay)
    s = Session(port, timeout, errors, f"session {i}")
    started = time.perf_counter()
    path = pages[i % len(pages)]
    wire = 0
    if HTTP:
        wire = await fetch_all("127.0.0.1", port, HTTP["/"], errors, s.name)
    try:
        await s.connect()
    except Exception as error:
        errors.append(f"session {i}: connect: {type(error).__name__} {error}")
        return
    s.page = path
    sessions.append(s)  # in the order they connected, which is not always the order they arrived
    t = await s.run("", "")
    if t is not None:
        times.setdefault("home", []).append(time.perf_counter() - started)  # HTTP and connect included
    started = time.perf_counter()
    if HTTP:
        new = [p for p in HTTP[f"/{path}"] if p.startswith("/static/") and p not in HTTP["/"]]
        wire += await fetch_all("127.0.0.1", port, new, errors, s.name)  # a page's scripts, in the app
        HTTP_BYTES.append(wire)
    t = await s.run(path, "")
    if t is not None:
        times.setdefault(f"{path} view", []).append(time.perf_counter() - started)  # its HTTP included
    t = await change(s, path, i)
    if t is not None:
        times.setdefault(f"{path} change", []).append(t)


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


async def main(args) -> None:
    with mock.patch.dict(os.environ, server_option_environment(args.set)):
        process, url = start_server(SERVED_APP)  # as the README serves it
    quota = None
    if args.cpu_share:
        quota = CpuQuota(process.pid, args.cpu_share)
        others = os.sched_getaffinity(0) - {quota.core}
        if others:  # the visitors' side on the other cores, the server alone on its own
            os.sched_setaffinity(0, others)
        quota.start()
    started = time.monotonic()
    await bench(args, process, urlsplit(url).port, quota)
    if quota is not None:
        held = quota.stopped_s / (time.monotonic() - started)
        print(
            f"CPU quota: the server pinned to CPU {quota.core} and held to {args.cpu_share:g} of it "
            f"(bench/cpu_quota.py, which lets it run ~5% over): stopped {quota.stopped_s:.1f} s, "
            f"{held:.0%} of the bench's time"
        )


async def bench(args, process, port: int, quota: CpuQuota | None = None) -> None:
    meter = PeakMemory(process.pid)
    meter.start()
    rss_start = tree_mib(process.pid)
    try:
        probe = Session(port, args.timeout, [], "probe")
        await probe.connect()
        await probe.run("")
        pages = [p for p in probe.pages if p]  # every page but the home page, in the app's order
        await probe.close()
        if args.http:
            links = ["/", *(f"/{p}" for p in pages)]
            HTTP.update(await asyncio.to_thread(recorded_requests, f"http://127.0.0.1:{port}", links))

        cpu = tree_cpu_seconds(process.pid)
        base = await alone(port, pages, args.repeats, args.timeout)
        cpu_alone = (tree_cpu_seconds(process.pid) - cpu) / max(1, args.repeats + 1)
        rss_alone = tree_mib(process.pid)

        times: dict[str, list[float]] = {}
        errors: list[str] = []
        HTTP_BYTES.clear()  # the crowd's visitors only
        sessions: list[Session] = []
        began, cpu = time.perf_counter(), tree_cpu_seconds(process.pid)
        await asyncio.gather(
            *(
                visitor(
                    i, port, pages, i * args.arrival / args.sessions, args.timeout, times, errors, sessions
                )
                for i in range(args.sessions)
            )
        )
        wall, cpu_crowd = time.perf_counter() - began, tree_cpu_seconds(process.pid) - cpu
        peak_crowd, hwm_crowd = meter.peak, tree_mib(process.pid, "VmHWM")
        rss_before = tree_mib(process.pid)
        flat = [t for ts in times.values() for t in ts]
        if flat:  # progress, in case the reruns below are stopped
            print(
                f"(crowd done in {wall:.0f} s: p50 {pct(flat, 0.5):.2f} s, p95 {pct(flat, 0.95):.2f} s, "
                f"{len(errors)} errors, peak {max(meter.peak, hwm_crowd):.0f} MiB; {args.reruns} reruns next)",
                flush=True,
            )

        # R further reruns: each open session in turn reruns its page with the next value.
        rerun_errors: list[str] = []
        marks = []
        rerun_times: list[float] = []

        async def rerunner(k: int, s: Session, count: int) -> None:
            path = s.page
            for j in range(count):
                t = await change(s, path, k + j + 1)
                if t is not None:
                    rerun_times.append(t)

        chunk = max(1, args.reruns // 4)
        done = 0
        while done < args.reruns and sessions:
            n = min(chunk, args.reruns - done)
            per = [n // len(sessions) + (k < n % len(sessions)) for k in range(len(sessions))]
            for s in sessions:
                s.errors = rerun_errors
            await asyncio.gather(*(rerunner(k, s, c) for k, (s, c) in enumerate(zip(sessions, per)) if c))
            done += n
            marks.append((done, tree_mib(process.pid)))
        for s in sessions:
            await s.close()
        await asyncio.sleep(2)
        rss_closed = tree_mib(process.pid)
    finally:
        meter.running = False
        log = server_log(process)
        if quota is not None:  # a stopped server would take its SIGTERM only once let go
            quota.release()
        stop_server(process)
    tracebacks = len(re.findall(r"^Traceback", log, flags=re.M))

    print(
        f"Server: one fresh server from tests/conftest.py's start_server "
        f"({' '.join(args.set) or 'no extra options'}) on 127.0.0.1:{port}; "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}."
    )
    print(f"Alone: one visitor at a time, {args.repeats} passes after a warm-up (median [min–max]).")
    print(
        f"Crowd: {args.sessions} sessions arriving within {args.arrival:g} s, each home → one page → "
        f"one input changed ({'by a link' if LINKS else 'in the page: a fragment rerun'}); {wall:.1f} s from the first arrival to the last finish."
    )
    print(f"{'step':<24}{'alone median [min–max]':>26}{'n':>5}{'crowd p50':>11}{'p95':>9}{'p95/alone':>11}")
    all_crowd, all_alone = [], []
    for label in ["home"] + [f"{p} {k}" for p in pages for k in ("view", "change")]:
        a, c = base.get(label, []), times.get(label, [])
        all_alone += a
        all_crowd += c
        if not a:
            print(f"{label:<24}{'(no figures)':>26}")
            continue
        if not c:
            am = statistics.median(a)
            print(f"{label:<24}{am * 1e3:>9.0f} ms [{min(a) * 1e3:.0f}–{max(a) * 1e3:.0f}]")
            continue
        am = statistics.median(a)
        print(
            f"{label:<24}{am * 1e3:>9.0f} ms [{min(a) * 1e3:.0f}–{max(a) * 1e3:.0f}]".ljust(50)
            + f"{len(c):>5}{pct(c, 0.5) * 1e3:>8.0f} ms{pct(c, 0.95) * 1e3:>6.0f} ms{pct(c, 0.95) / am:>10.1f}×"
        )
    if all_crowd and all_alone:
        print(
            f"{'every step':<24}{'alone p95':>16}{pct(all_alone, 0.95) * 1e3:>7.0f} ms   "
            f"{len(all_crowd):>5}{pct(all_crowd, 0.5) * 1e3:>8.0f} ms{pct(all_crowd, 0.95) * 1e3:>6.0f} ms"
            f"{pct(all_crowd, 0.95) / pct(all_alone, 0.95):>10.1f}×   (target ≤ 5×)"
        )
    print(
        f"server CPU time: {cpu_alone:.2f} s per pass alone ({len(pages)} visitors, {3 * len(pages)} runs: "
        f"{cpu_alone / max(1, len(pages)):.2f} s a visitor); "
        f"{cpu_crowd:.1f} s for the crowd ({cpu_crowd / max(1, args.sessions):.2f} s a visitor)"
    )
    if HTTP_BYTES:
        print(
            "HTTP a visitor (the home page's first load, then its page's new requests): "
            + ", ".join(f"{link} {len(paths)} requests" for link, paths in HTTP.items())
            + f"; {statistics.median(HTTP_BYTES) / 1e3:.0f} KB received a visitor (median)"
        )
    print(f"errors in the crowd: {len(errors)}" + "".join(f"\n  {e}" for e in errors[:8]))
    print(
        f"server memory (process tree): {rss_start:.0f} MiB at start, {rss_alone:.0f} MiB after the "
        f"session alone, peak {max(peak_crowd, hwm_crowd):.0f} MiB in the crowd "
        f"(VmHWM {hwm_crowd:.0f}, sampled VmRSS {peak_crowd:.0f}; target < 1024)"
    )
    if rerun_times:
        print(
            f"{args.reruns} further reruns over {len(sessions)} open sessions: median "
            f"{statistics.median(rerun_times) * 1e3:.0f} ms, p95 {pct(rerun_times, 0.95) * 1e3:.0f} ms, "
            f"errors {len(rerun_errors)}"
        )
        print(
            f"  memory: {rss_before:.0f} MiB before → "
            + " → ".join(f"{m:.0f} (after {d})" for d, m in marks)
            + f" MiB: {marks[-1][1] - rss_before:+.0f} MiB over the reruns; {rss_closed:.0f} MiB "
            "2 s after every session closed"
        )
        for e in rerun_errors[:5]:
            print(f"  {e}")
    print(f"tracebacks in the server's log: {tracebacks}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument(
        "--hostile", action="store_true", help="every visitor sends links at the inputs' limits"
    )
    parser.add_argument("--arrival", type=float, default=10.0, help="seconds over which sessions arrive")
    parser.add_argument("--reruns", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5, help="timed passes of the session alone")
    parser.add_argument(
        "--set", action="append", default=[], help="a server option, e.g. runner.postScriptGC=false"
    )
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds before a step counts as failed")
    parser.add_argument(
        "--links", action="store_true", help="change the input by opening a link with it, not in the page"
    )
    parser.add_argument(
        "--cpu-share",
        type=float,
        help="hold the server to this share of one CPU, as a container's quota does (bench/cpu_quota.py)",
    )
    parser.add_argument(
        "--http",
        action="store_true",
        help="each visitor first makes the HTTP requests a phone's first load makes (bench/phone_http.py)",
    )
    arguments = parser.parse_args()
    if arguments.cpu_share is not None and not 0 < arguments.cpu_share <= 1:
        parser.error(f"--cpu-share is a share of one CPU, in (0, 1]: got {arguments.cpu_share}")
    if arguments.hostile:
        CHANGES = HOSTILE
    LINKS = arguments.links or arguments.hostile
    asyncio.run(main(arguments))
