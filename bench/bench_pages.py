"""What a visitor's browser waits for and receives on a rerun: prints figures, asserts nothing.

    python bench/bench_pages.py [--runs 10] [--warmup 2] [--only talk sampling] [--pause 0.5]
    python bench/bench_pages.py --against REV [--runs 15] [--only sampling]
    python bench/bench_pages.py --phone [--against REV]

For every page, through a real local server and the system Chromium (/usr/bin/chromium):
the time from a rerun's trigger (the key press that submits a changed input) to the
finished, painted page, and the bytes that rerun sends to the browser (websocket frames
plus HTTP bodies such as images). The baseline is an empty Streamlit page with one text
input, served by a second server in the same run and rerun the same way, at the start and again
at the end; the ratios are to the mean of the two.

How a rerun is timed (no fixed sleeps): from just before the key press that submits the
input (the new value is typed, untimed, before it) to the ``script_finished`` ForwardMsg on the page's own websocket (a fast rerun may
never show "running" in the DOM, so the idle state before the rerun cannot be mistaken for
its end), and to the painted page: the app CONNECTED and notRunning and every image loaded
(the plots' lines too), polled every animation frame, then two frames more (a picture's
decoding and the plots' layout land in those).
Each page: ``--warmup`` untimed reruns, then ``--runs`` timed ones; median, min and max.
By default each rerun is triggered as soon as the last is painted, faster than a person
clicks: work a page does ahead for the next step (the next seed's fit or draw) then runs
beside the rerun timed. ``--pause S`` waits S seconds, untimed, before each rerun of every
row (the empty page's too), as a speaker's clicks leave time between them; the server's
CPU per rerun still counts the work done ahead during the pause.
The machine is shared: read the ratios to the empty page, not the absolute figures.

``--phone`` opens every page, the empty one too, as a phone in the room (:data:`PHONE`: its
screen, touch, its CPU four times slower): the browser's part of a rerun, which a laptop hides
in a frame or two, counts as it would there.

``--against REV`` instead serves this tree and commit ``REV`` (a git worktree of it) beside the
empty page, and takes each row's reruns of the three in turn, rerun ``i`` of each before rerun
``i + 1`` of any (``bench_draw_split.paired``): a load that swings over seconds falls on all
three alike, and each tree's difference from this one at the same turn is paired (the median
of those differences is printed beside the medians). A change worth less than a frame (~17 ms)
shows there, where the ratios of two separate runs swing by more.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_FLAGS, FINISHED, SERVED_APP, start_server, wait_for_run  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

EMPTY_PAGE = "import streamlit as st\nst.title('empty')\nst.text_input('Seed', key='seed')\n"
#: How the empty page is rerun: a new value typed into its one box.
EMPTY_TRIGGER = ("Seed", [str(s) for s in range(1, 101)])

# (label, path, trigger): a text box to change and the values to cycle through, ("keys", names)
# for key presses in turn (the talk's clicker: PageDown is "next step"), ("click", names) for
# buttons or pills clicked in turn (presets: a click, not a key press, is how they are used),
# or None for Streamlit's "r" shortcut (a rerun with nothing changed).
#: How many images?' image presets, as their pills read (lib.count_inputs.presets("image")).
IMAGE_PRESETS = [
    *("MNIST digit", "CIFAR-10", "ImageNet at 224×224", "4K UHD frame, 10-bit", "8K UHD frame, 10-bit"),
    *("Every Icon", "6×6 grey thumbnail", "Phone photo (the post)"),
]

PAGES = [
    ("home (r: rerun)", "/", None),
    ("combinatorics (width)", "/Combinatorics", ("Width (pixels)", [str(w) for w in range(100, 200)])),
    # Every image preset in turn: each pill reruns the count's part alone (since 91cbf6c), charts and cards changed.
    ("combinatorics (preset)", "/Combinatorics", ("click", IMAGE_PRESETS)),
    ("sampling (seed)", "/Sampling", ("Seed", [str(s) for s in range(1, 101)])),
    ("sampling (Draw again)", "/Sampling", ("click", ["Draw again"])),
    ("learning (seed)", "/Learning", ("Seed", [str(s) for s in range(1, 101)])),
    # Six seeds in turn, each fitted in the warm-up (WARMED): what a changed input costs beyond its
    # fit. Two seeds in turn flattered it: Streamlit re-sent the views of the last two runs as cached
    # references (11.5 KB a rerun where any other seed's view is 26 KB).
    ("learning (seed, fitted)", "/Learning", ("Seed", [str(s) for s in range(1, 7)])),
    ("talk (next step)", "/Talk", ("keys", [*["PageDown"] * 7, "Home"])),  # every step, then back
]

#: Rows whose warm-up reruns every value of their trigger at least once (whatever ``--warmup``).
WARMED = {"learning (seed, fitted)"}

#: A phone in the room (``--phone``): a 390×844 screen at 3 device pixels a CSS pixel, touch,
#: and its CPU four times slower than this machine's (Chromium's CPU throttling; DevTools' and
#: Lighthouse's figure for a mid-range phone), so the page's own work counts as it would there.
PHONE = {
    "context": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 3,
        "is_mobile": True,
        "has_touch": True,
    },
    "slowdown": 4,
}

PAINTED = (
    f"() => document.querySelector('{FINISHED}') !== null"
    " && [...document.querySelectorAll('img')].every(i => i.complete)"
)


def is_script_finished(payload) -> bool:
    if isinstance(payload, str):
        return False
    msg = ForwardMsg()
    msg.ParseFromString(payload)
    return msg.WhichOneof("type") == "script_finished"


def stamps_finish(seen: dict[str, float]):
    """A websocket-frame predicate, true on the ``script_finished`` ForwardMsg, whose time
    it writes to ``seen["end"]``."""

    def finished(payload) -> bool:
        if is_script_finished(payload):
            seen["end"] = time.perf_counter()
            return True
        return False

    return finished


class Meter:
    """Counts the bytes the server sends to one page: websocket frames and HTTP responses."""

    def __init__(self, page) -> None:
        self.bytes = 0
        self.ws = None
        page.on("websocket", self._socket)
        page.on("requestfinished", self._request)

    def _socket(self, ws) -> None:
        self.ws = ws
        ws.on("framereceived", self._frame)

    def _frame(self, payload) -> None:
        self.bytes += len(payload)

    def _request(self, request) -> None:
        sizes = request.sizes()
        self.bytes += sizes.get("responseBodySize", 0) + sizes.get("responseHeadersSize", 0)


def cpu_ms(pid: int) -> float:
    """The CPU time a process has used, every thread counted, ended ones too (``utime`` and
    ``stime`` of ``/proc/PID/stat``): a busy machine delays it less than it delays the wall
    clock. It counts in ticks of 10 ms, so a bench reads it over all its timed reruns at once
    (each script run has a thread of its own, which per-thread counters lose when it ends)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1e3 / os.sysconf("SC_CLK_TCK")


def wait_until_idle(pid: int, quiet_ms: float = 10.0, window_s: float = 0.5, limit_s: float = 30.0) -> float:
    """Wait until the server has used under ``quiet_ms`` of CPU over ``window_s`` (at most
    ``limit_s``): work a row started ahead for its visitor's next step (Memorise or model?'s
    fits of the next seeds) would otherwise run during the next row and be charged to it.
    Returns the seconds waited."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit_s:
        before = cpu_ms(pid)
        time.sleep(window_s)
        if cpu_ms(pid) - before < quiet_ms:
            break
    return time.perf_counter() - started


def as_phone(phone: bool) -> str:
    """What a table's heading adds when its pages were opened as :data:`PHONE`."""
    return f"; as a phone (390×844, its CPU {PHONE['slowdown']}× slower)" if phone else ""


def open_tab(browser, phone: bool = False):
    """A page in a browser context of its own, as a laptop's 1400×900 window or as :data:`PHONE`,
    and its DevTools session with Chromium's performance metrics on: (page, session)."""
    context = browser.new_context(
        **(PHONE["context"] if phone else {"viewport": {"width": 1400, "height": 900}})
    )
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    if phone:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": PHONE["slowdown"]})
    return page, cdp


def renderer_ms(cdp) -> float:
    """The CPU time the renderer's main thread has used (Chromium's ThreadTime metric)."""
    metrics = cdp.send("Performance.getMetrics")["metrics"]
    return next(m["value"] for m in metrics if m["name"] == "ThreadTime") * 1e3


def rerun(page, meter: Meter, trigger, i: int) -> tuple[float, float]:
    """One rerun, triggered by a key press: ms to the script_finished frame, and to the painted page.

    The end of the run is the ``script_finished`` ForwardMsg on the page's websocket (a fast
    rerun may never show "running" in the DOM); then every image (the plots' lines too) loaded.
    """
    seen: dict[str, float] = {}
    finished = stamps_finish(seen)

    click = None
    if trigger is None:
        key, box = "r", None  # Streamlit's rerun shortcut
    elif trigger[0] == "keys":
        key, box = trigger[1][i % len(trigger[1])], None
    elif trigger[0] == "click":
        # Found by how its text ends (an icon is text before it; pills are buttons too) and
        # hovered, untimed: Playwright's own click() first waits for the button to hold still
        # for two frames, which would charge the page ~30 ms of the test's own checks.
        key, box = "", None
        name = trigger[1][i % len(trigger[1])]
        button = page.locator("button").filter(has_text=re.compile(f"{re.escape(name)}$"))
        button.hover(timeout=60_000)
        click = page.mouse
    else:
        # Typing the value is not timed: a text box reruns the page only on Enter. Neither is
        # Playwright's search for the box (by role, it walks the whole page, which would charge
        # a large page for the test's own work in the same renderer).
        label, values = trigger
        key, box = "Enter", page.locator(f'input[aria-label="{label}"]')
        box.fill(values[i % len(values)])
    with meter.ws.expect_event("framereceived", predicate=finished, timeout=180_000):
        started = time.perf_counter()
        if click is not None:
            click.down()
            click.up()
        else:
            (box or page.keyboard).press(key)
    page.wait_for_function(PAINTED, polling="raf", timeout=180_000)
    # A chart whose data is swapped into the drawing it already has passes PAINTED at once
    # (its SVG is there); its new data is drawn in the frames that follow. Two more frames
    # count that drawing in this rerun instead of leaving it to delay the next one.
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    painted = time.perf_counter()
    return (seen["end"] - started) * 1e3, (painted - started) * 1e3


def focus_for_keys(page, trigger) -> None:
    """Before reruns by key presses: a key press reaches the deck's shortcuts only once the
    document has the focus (a fresh tab's first PageDown is otherwise lost): click a blank spot."""
    if trigger is not None and trigger[0] == "keys":
        page.bring_to_front()
        page.locator('[data-testid="stApp"]').click(position={"x": 5, "y": 300})
        page.wait_for_function("document.hasFocus()", polling="raf", timeout=30_000)


def measure(
    browser,
    url: str,
    trigger,
    runs: int,
    warmup: int,
    server_pid: int | None = None,
    pause: float = 0.0,
    phone: bool = False,
) -> dict:
    """Medians of ``runs`` reruns after ``warmup``: wall times, bytes, the CPU time of the
    renderer's main thread; and the server's (``server_pid``, all its threads: work done
    ahead for a visitor's next step counts in the rerun during which it ran), a mean.
    ``pause``: seconds waited, untimed, before each rerun (a visitor's pace); ``phone``: in
    :data:`PHONE`'s browser."""
    page, cdp = open_tab(browser, phone)
    meter = Meter(page)
    page.goto(url, timeout=180_000)
    wait_for_run(page, timeout=180_000)  # a first load on a busy machine
    focus_for_keys(page, trigger)
    times, painted, sizes, browser_cpu = [], [], [], []
    server_before = 0.0
    for i in range(warmup + runs):
        if pause:
            page.wait_for_timeout(pause * 1000)
        meter.bytes = 0
        if i == warmup and server_pid:
            server_before = cpu_ms(server_pid)
        before = renderer_ms(cdp)
        ms, paint_ms = rerun(page, meter, trigger, i)
        if i >= warmup:
            times.append(ms)
            painted.append(paint_ms)
            sizes.append(meter.bytes)
            browser_cpu.append(renderer_ms(cdp) - before)
    server_cpu = (cpu_ms(server_pid) - server_before) / runs if server_pid else float("nan")
    page.context.close()
    return dict(
        median=statistics.median(times),
        low=min(times),
        high=max(times),
        painted=statistics.median(painted),
        bytes=statistics.median(sizes),
        renderer=statistics.median(browser_cpu),
        server=server_cpu,
    )


def empty_page(folder: Path, baseline: str = "plain") -> Path:
    """The empty page's entry, written into ``folder``: ``plain``, run as ``streamlit run``
    runs it (Streamlit's own transport: Nagle's algorithm on, a small message after a large one
    may wait ~40 ms for the browser's delayed ACK); ``served``, through ``serve.py``'s lifespan
    with nothing rehearsed (``bench_cold_start.EMPTY_SERVED``: TCP_NODELAY, as the app), so the
    ratio compares pages, not transports."""
    empty = folder / "empty.py"
    empty.write_text(EMPTY_PAGE)
    if baseline == "plain":
        return empty
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_cold_start import EMPTY_SERVED

    served = folder / "empty_served.py"
    served.write_text(EMPTY_SERVED.format(root=str(ROOT), page=str(empty)))
    return served


def main(
    runs: int,
    warmup: int,
    only: list[str] | None = None,
    baseline: str = "plain",
    pause: float = 0.0,
    phone: bool = False,
) -> None:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        empty = empty_page(Path(tmp), baseline)
        app, app_url = start_server(SERVED_APP)  # as the README serves it
        base, base_url = start_server(script=str(empty))
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                empty_trigger = EMPTY_TRIGGER
                rows = [
                    (
                        "empty page (seed)",
                        measure(browser, base_url, empty_trigger, runs, warmup, base.pid, pause, phone),
                    )
                ]
                for label, path, trigger in PAGES:
                    if only and not any(word in label for word in only):
                        continue
                    try:
                        wait_until_idle(app.pid)  # the last row's work ahead is not this row's
                        warm = max(warmup, len(trigger[1])) if label in WARMED and trigger else warmup
                        rows.append(
                            (
                                label,
                                measure(browser, app_url + path, trigger, runs, warm, app.pid, pause, phone),
                            )
                        )
                    except Exception as error:  # a page that fails is a figure to report, not a crash
                        print(f"{label}: {type(error).__name__}: {str(error)[:150]}")
                # The baseline again at the end: if it moved, the machine's load changed mid-run.
                rows.append(
                    (
                        "empty page again",
                        measure(browser, base_url, empty_trigger, runs, warmup, base.pid, pause, phone),
                    )
                )
                browser.close()
        finally:
            for process in (app, base):
                process.terminate()
    # The baseline is the empty page's reruns at both ends of the run, averaged: alone, the
    # first row's painted time moved from 52 to 93 ms between two runs a minute apart.
    empty_ms = (rows[0][1]["median"] + rows[-1][1]["median"]) / 2
    print(
        f"Rerun of each page in Chromium, key press to painted page; {warmup} warm-up and {runs} timed "
        f"reruns each, {f'{pause:g} s apart' if pause else 'each as soon as the last was painted'}"
        f" ({time.perf_counter() - started:.0f} s in all){as_phone(phone)}."
    )
    paint_base = (rows[0][1]["painted"] + rows[-1][1]["painted"]) / 2
    print(
        f"× empty: against the mean of the two empty-page rows (the first and the last); the empty page "
        f"{'served as the app is (TCP_NODELAY)' if baseline == 'served' else 'run plainly (Streamlit: Nagle on)'}."
    )
    # CPU time: the renderer's main thread from the key press to the painted page, and the
    # server's (every thread) over the timed reruns; less disturbed by load than wall time.
    cpu_base = [(rows[0][1][k] + rows[-1][1][k]) / 2 for k in ("renderer", "server")]
    print(
        f"CPU, ms a rerun: the renderer's main thread (median), and the server's (every thread, mean; work"
        f" done ahead counts where it ran); × empty as above (empty page: {cpu_base[0]:.0f} and {cpu_base[1]:.0f} ms)."
    )
    print(
        f"{'page (input changed)':<26}{'finished: median':>17}{'min':>8}{'max':>8}{'× empty':>9}"
        f"{'painted':>10}{'× empty':>9}{'bytes/rerun':>13}{'renderer CPU':>14}{'× empty':>9}"
        f"{'server CPU':>12}{'× empty':>9}"
    )
    for label, row in rows:
        print(
            f"{label:<26}{row['median']:>15.0f}ms{row['low']:>6.0f}ms{row['high']:>6.0f}ms"
            f"{row['median'] / empty_ms:>9.1f}{row['painted']:>8.0f}ms{row['painted'] / paint_base:>9.1f}"
            f"{row['bytes']:>13,.0f}{row['renderer']:>12.0f}ms{row['renderer'] / cpu_base[0]:>9.1f}"
            f"{row['server']:>10.0f}ms{row['server'] / max(cpu_base[1], 1.0):>9.1f}"
        )


def against(rev: str, runs: int, warmup: int, only: list[str] | None = None, phone: bool = False) -> None:
    """Every row (or those ``only`` names) of this tree against commit ``rev``'s, the empty page
    beside, taken rerun by rerun in turn; prints medians and each row's paired differences.
    ``phone``: each page opened as :data:`PHONE`."""
    from bench_draw_split import medians, paired, paired_columns, served_against  # it imports this module

    started, loads = time.perf_counter(), [os.getloadavg()[0]]
    print(
        f"Each page's rerun: this tree against {rev}, beside the empty page, taken in turn; {warmup} warm-up"
        f" and {runs} timed reruns each. Medians; 'paired' is the median of each rerun's difference from"
        " this tree's at the same turn: the other tree's minus this one's (positive: this tree is faster)."
        f" 'finished': key press to the run's end reaching the page (the server's part){as_phone(phone)}."
    )
    print(
        f"{'page (input changed)':<26}{'tree':<12}{'painted':>9}{'× empty':>9}{'finished':>10}{'renderer CPU':>14}"
        f"{'bytes/rerun':>13}{'paired painted':>16}{'paired CPU':>12}{'paired finished':>17}"
    )
    with (
        served_against(rev) as ((empty, empty_url), (here, here_url), (there, there_url)),
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for label, path, trigger in PAGES:
            if only and not any(word in label for word in only):
                continue
            tabs = {
                "(empty page)": (empty_url, EMPTY_TRIGGER, empty.pid),
                "this tree": (here_url + path, trigger, here.pid),
                rev: (there_url + path, trigger, there.pid),
            }
            warm = max(warmup, len(trigger[1])) if label in WARMED and trigger else warmup
            rows = paired(browser, tabs, runs, warm, phone=phone)
            base = statistics.median(r["painted"] for r in rows["(empty page)"])
            for name, own in rows.items():
                pick = medians(own, ("painted", "finished", "renderer", "bytes"))
                print(
                    f"{label if name == '(empty page)' else '':<26}{name[:11]:<12}{pick['painted']:>7.0f}ms"
                    f"{pick['painted'] / base:>9.2f}{pick['finished']:>8.0f}ms{pick['renderer']:>12.1f}ms"
                    f"{pick['bytes']:>13,.0f}"
                    f"{paired_columns(rows, name, rev)}",
                    flush=True,
                )
        browser.close()
    loads.append(os.getloadavg()[0])
    print(
        f"{time.perf_counter() - started:.0f} s in all; load (1 min) {loads[0]:.1f} at the start, {loads[1]:.1f} at the end."
    )


def timing_arguments(doc: str, runs: int, what: str, phone: bool = False) -> argparse.Namespace:
    """The command line of a rerun bench: ``--runs``, ``--warmup`` and ``--only`` (``what``
    says what ``--only`` picks), ``--pause``, ``--against``, ``--baseline``; ``--phone`` too
    where the bench can open its pages as :data:`PHONE` (``phone``)."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--only", nargs="*", help=f"time only the {what} one of these words")
    parser.add_argument(
        "--pause",
        type=float,
        default=0.0,
        help="seconds to wait, untimed, before each rerun (a visitor's pace; default: none)",
    )
    parser.add_argument("--against", help="a git revision to serve beside this tree, reruns taken in turn")
    parser.add_argument(
        "--baseline",
        choices=["plain", "served"],
        default="plain",
        help="the empty page run plainly (Streamlit's transport), or served as the app (TCP_NODELAY)",
    )
    if phone:
        parser.add_argument(
            "--phone",
            action="store_true",
            help="open every page as a phone: 390×844, touch, its CPU 4× slower",
        )
    return parser.parse_args()


if __name__ == "__main__":
    args = timing_arguments(__doc__, 10, "pages whose label has", phone=True)
    if args.against:
        against(args.against, args.runs, args.warmup, args.only, args.phone)
    else:
        main(args.runs, args.warmup, args.only, args.baseline, args.pause, args.phone)
