"""Where a new draw of Random images spends the browser's time, figure by figure: prints figures, asserts nothing.

    python bench/bench_draw_split.py [--runs 5] [--warmup 2] [--rounds 2] [--only grids rest]
    python bench/bench_draw_split.py --against REV [--runs 30] [--trigger seed|again]

A new seed typed into /Sampling reruns its part ``the_draw``: three elements of its own change
(both grids; their caption; and one block of the rest (``rest``): the image as a number, the correlation
strip, the statistics' two plots, the odds), and two are sent again unchanged: the corners at
1:1 (one image's, the same for every draw, at the same URL since 37e11f9: ``corners`` leaves
out that element, no longer a fetch) and the enlarged corners (``zooms``: the same bytes, sent as a
reference to the browser's copy).
Two views of the same rerun, in one Chromium, through one served app (``serve.py``'s
rehearsal):

- **one figure left out at a time**: the app's pages run by wrappers (as ``bench_floor``'s)
  whose Sampling page sends everything except the figures named in a control file, read at
  every script run, so one server serves every variant; each variant is timed as
  ``bench_pages`` times a rerun (Enter to the painted page, then two frames), the renderer's
  main-thread CPU (``Performance.getMetrics`` ThreadTime) beside it; variants are taken rerun by
  rerun in turn, each in a tab of its own (``--runs`` × ``--rounds`` timed reruns each), so a
  load that comes and goes falls on each alike (:func:`in_turns`). What a figure
  costs is the page as served minus the page without it; ``all`` leaves every figure of the
  draw out (its inputs, buttons and layout stay: the floor of the draw); ``inputs`` leaves out
  the draw's frame but for the seed box and "Draw again" (size, images per grid, colour, real
  samples, the reset), ``panels`` its two closed panels (:data:`FRAME`);
- **a trace of one rerun as served** (``Tracing``, devtools.timeline): the renderer main
  thread's self time by kind of work (script, style, layout, paint, image decoding, HTML
  parsing, garbage collection), and the events that took most.

The machine is shared: read each variant against the page as served in the same round.

``--against REV`` instead serves this tree and commit ``REV`` (a git worktree of it) side by
side with the empty page, and takes their reruns in turn, rerun ``i`` of each before rerun
``i + 1`` of any, each in a browser context of its own: a load that swings over seconds falls
on all three alike, and each row's difference from this tree at the same rerun is paired
(the median of those differences is printed beside the medians).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_pages import Meter, cpu_ms, empty_page, measure, open_tab, renderer_ms, rerun  # noqa: E402
from conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_FLAGS,
    SERVED_APP,
    _die_with_parent,
    _free_port,
    start_server,
    stop_server,
    wait_for_run,
    wait_until_serving,
)
from playwright.sync_api import sync_playwright  # noqa: E402

SEED = ("Seed", [str(s) for s in range(1, 101)])

#: Each figure of a draw, and how the wrapper recognises it: an ``st.html`` body holding the
#: marker, ``html-img`` (the pictures of that class within a body), ``image`` (``st.image``: the
#: corners at 1:1) or ``caption`` (``st.caption``).
FIGURES = {
    "grids": ("html", "pixel-grid-random"),
    # The grids' caption and the heading of the corners at the post's size.
    "caption": ("html", "points of the space picked at random"),
    "corners": ("image", ""),
    # The enlarged corners, one element of the same bytes on every draw (sent as a reference).
    "zooms": ("html", "pixel-zoom-noise"),
    # The rest, one element: the image as a number, the correlation strip
    # (lib.sampling_strip), the statistics' two plots with their captions (lib.charts.html_plot), the odds.
    "rest": ("html", 'class="draw-statistics"'),
    # Within the rest, the statistics plots' lines alone: each plot's <img class="plot-lines">, an SVG
    # in a data URI (lib.charts.plot_lines), a new one on every draw; the plots' labels and dots stay.
    "lines": ("html-img", "plot-lines"),
}
#: The draw's frame, each piece by its widget's key (``widget``: drawn as nothing, the page given
#: the value Session State holds, a button not clicked, a panel closed): the inputs but the seed
#: box (which a new seed is typed into) and the two panels. Timed alone only when named in ``--only``.
FRAME = {
    key: ("widget", key) for key in ("size", "n", "colour", "real", "reset", "how-we-know", "draw-files")
}
GROUPS = {
    "all": tuple(FIGURES),
    "inputs": ("size", "n", "colour", "real", "reset"),  # all but the seed box and "Draw again"
    "panels": ("how-we-know", "draw-files"),
}

#: How every wrapper that leaves figures out begins (``bench_learning --split``'s too): the app's
#: root on the path, the figures it knows (``FIGURES``: name -> (kind, marker)) and ``kinds()``,
#: the markers of those left out now, by kind, read from the control file at every call.
LEFT_OUT_READER = """import re, runpy, sys
sys.path.insert(0, {root!r})
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

FIGURES = {figures!r}


def kinds():  # read at every call: a new view reruns the page's part alone, not this wrapper
    try:
        with open({control!r}) as f:
            left_out = f.read().split()
    except OSError:
        left_out = []
    found = {{}}
    for name in left_out:
        kind, marker = FIGURES[name]
        found.setdefault(kind, []).append(marker)
    return found


"""

WRAPPER = (
    "# {page} with the figures named in {control} left out (bench/bench_draw_split.py).\n"
    + LEFT_OUT_READER
    + """originals = DeltaGenerator.__dict__.get("_split_originals") or {{
    "html": DeltaGenerator.html, "image": DeltaGenerator.image, "caption": DeltaGenerator.caption,
}}
DeltaGenerator._split_originals = originals


def html(self, body, *args, **kwargs):
    if any(marker in str(body) for marker in kinds().get("html", ())):
        return None
    for marker in kinds().get("html-img", ()):  # pictures of that class left out of the body
        body = re.sub('<img class="' + marker + '"[^>]*>', "", str(body))
    return originals["html"](self, body, *args, **kwargs)


def image(self, *args, **kwargs):
    return None if "image" in kinds() else originals["image"](self, *args, **kwargs)


def caption(self, *args, **kwargs):
    return None if "caption" in kinds() else originals["caption"](self, *args, **kwargs)


class Closed:  # a panel left out: closed, so the page draws nothing in it
    open = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def widget(name):
    original = originals.setdefault(name, getattr(DeltaGenerator, name))

    def drawn_or_left_out(self, *args, **kwargs):
        key = kwargs.get("key")
        if key is None or key not in kinds().get("widget", ()):
            return original(self, *args, **kwargs)
        if name == "expander":
            return Closed()
        if name == "button":
            return False
        held = kwargs.get("default") if name == "segmented_control" else kwargs.get("value", args[1])
        return st.session_state.get(key, held)

    return drawn_or_left_out


for name, function in (("html", html), ("image", image), ("caption", caption)):
    setattr(DeltaGenerator, name, function)
    setattr(st, name, getattr(st._main, name))
for name in ("text_input", "segmented_control", "button", "expander"):
    setattr(DeltaGenerator, name, widget(name))
    setattr(st, name, getattr(st._main, name))
runpy.run_path({page!r}, run_name="__main__")
"""
)


def write_wrapped_app(folder: Path, control: Path, wrapped: str = "2_Sampling.py", figures=None) -> Path:
    """The app's entry and pages as wrappers, page ``wrapped``'s leaving out what ``control``
    names (of ``figures``: :data:`FIGURES` by default), plus a copy of ``serve.py`` (which
    rehearses them); returns the copy's path. bench_count_split wraps How many images? so."""
    (folder / "pages").mkdir()
    for page in [ROOT / "streamlit_app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        where = folder / page.relative_to(ROOT)
        if page.name == wrapped:
            text = WRAPPER.format(
                page=str(page), root=str(ROOT), control=str(control), figures=figures or FIGURES
            )
        else:
            text = f"import runpy, sys\nsys.path.insert(0, {str(ROOT)!r})\nrunpy.run_path({str(page)!r}, run_name='__main__')\n"
        where.write_text(text)
    served = folder / SERVED_APP
    served.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n" + (ROOT / SERVED_APP).read_text())
    return served


#: Kinds of the renderer main thread's work, by what a trace event's name holds (the first kind
#: that matches; the rest is "tasks and other": the scheduler's own RunTask and the like).
KINDS = {
    "GC": ("GC", "Sweep"),
    "style": ("recalcStyle", "updateStyle", "UpdateLayoutTree", "RecalculateStyles", "Style.", "StyleSheet"),
    "layout": ("Layout", "IntersectionObserver", "HitTest"),
    "paint": ("Paint", "Commit", "Layerize", "CompositeLayers", "UpdateLayer", "Raster"),
    "image decode": ("Decode", "ImageDecode"),
    "HTML parse": ("ParseHTML", "HTMLDocumentParser", "PumpTokenizer", "parseFromString"),
    "script": (
        *("FunctionCall", "v8.", "V8.", "EvaluateScript", "RunMicrotasks", "TimerFire"),
        *("FireAnimationFrame", "EventDispatch", "PostMessage", "MessagePort", "CpuProfiler"),
    ),
}
TRACE_CATEGORIES = [
    "devtools.timeline",
    "disabled-by-default-devtools.timeline",
    "v8",
    "blink",
    "blink.user_timing",
    "disabled-by-default-devtools.timeline.frame",
]


def self_times(events: list[dict]) -> tuple[dict[str, float], float]:
    """Self time (ms) of each event name on the busiest renderer main thread, and that
    thread's total busy time: each complete event's duration less its children's."""
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events if e.get("name") == "thread_name"}
    mains = [key for key, name in names.items() if name == "CrRendererMain"]
    by_thread: dict[tuple, list[dict]] = defaultdict(list)
    for e in events:
        if e.get("ph") == "X" and (e["pid"], e["tid"]) in mains and "dur" in e:
            by_thread[(e["pid"], e["tid"])].append(e)
    if not by_thread:
        return {}, 0.0
    thread = max(by_thread.values(), key=lambda es: sum(e["dur"] for e in es))
    thread.sort(key=lambda e: (e["ts"], -e["dur"]))
    own: dict[str, float] = defaultdict(float)
    stack: list[tuple[dict, list[float]]] = []
    busy = 0.0

    def close(until: float) -> None:
        while stack and stack[-1][0]["ts"] + stack[-1][0]["dur"] <= until:
            event, children = stack.pop()
            own[event["name"]] += (event["dur"] - children[0]) / 1e3

    for e in thread:
        close(e["ts"])
        if stack:
            stack[-1][1][0] += e["dur"]
        else:
            busy += e["dur"] / 1e3
        stack.append((e, [0.0]))
    close(float("inf"))
    return dict(own), busy


def kind_of(name: str) -> str:
    return next(
        (kind for kind, parts in KINDS.items() if any(part in name for part in parts)), "tasks and other"
    )


def trace_one(browser, url: str, warmup: int, folder: Path, trigger=SEED, before=None):
    """The self times of one traced rerun of ``url`` (``trigger``: a new seed by default) and V8
    profiles of :data:`PROFILED` more, after ``warmup`` untraced; ``before(page, meter, i)``, if
    given, runs rerun ``i`` of its own first (bench_count_split counts its DOM changes there)."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    meter = Meter(page)
    page.goto(url, timeout=180_000)
    wait_for_run(page, timeout=180_000)
    for i in range(warmup):
        rerun(page, meter, trigger, i)
    first = warmup
    if before is not None:
        before(page, meter, first)
        first += 1
    path = folder / "trace.json"
    browser.start_tracing(page=page, path=str(path), categories=TRACE_CATEGORIES)
    rerun(page, meter, trigger, first)
    page.evaluate("() => new Promise(r => setTimeout(r, 100))")  # what the rerun left queued
    browser.stop_tracing()
    cdp = page.context.new_cdp_session(page)
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 200})
    scripts = []
    for i in range(PROFILED):
        cdp.send("Profiler.start")
        rerun(page, meter, trigger, first + 1 + i)
        page.evaluate("() => new Promise(r => setTimeout(r, 100))")
        scripts.append(cdp.send("Profiler.stop")["profile"])
    page.close()
    data = json.loads(path.read_text())
    return (*self_times(data["traceEvents"] if isinstance(data, dict) else data), scripts)


#: Reruns profiled (V8's sampling profiler, 0.2 ms) after the traced one: their script's time by function.
PROFILED = 3


def script_split(profiles: list[dict]) -> tuple[dict[str, float], dict[str, float]]:
    """Mean self time (ms a rerun) of each script file and of each function, over ``profiles``."""
    files: dict[str, float] = defaultdict(float)
    functions: dict[str, float] = defaultdict(float)
    for profile in profiles:
        nodes = {n["id"]: n["callFrame"] for n in profile["nodes"]}
        for sample, delta in zip(profile["samples"], profile["timeDeltas"]):
            frame = nodes[sample]
            where = frame["url"].rsplit("/", 1)[-1] or "(" + frame["functionName"] + ")"
            files[where] += delta / 1e3 / len(profiles)
            name = f"{frame['functionName'] or '(anonymous)'} {where}:{frame['lineNumber']}"
            functions[name] += delta / 1e3 / len(profiles)
    return files, functions


@dataclass
class Split:
    """One page's rerun taken apart: one traced rerun (self ms by event, the main thread's
    busy ms, V8 profiles of :data:`PROFILED` more), the empty page's beside it, and each
    variant's :func:`bench_pages.measure` rows, one a round ("" the page as served; taken in
    turn, :func:`in_turns`, one row a rerun)."""

    own: dict[str, float]
    busy: float
    profiles: list[dict]
    empty_own: dict[str, float]
    empty_busy: float
    empty_profiles: list[dict]
    figures: dict[str, list[dict]]
    loads: list[float]


def split_rerun(
    entry: Path,
    empty: Path,
    path: str,
    control: Path,
    groups: dict,
    variants: list[str],
    timing: tuple,
    in_turn: bool = False,
) -> Split:
    """Serve ``entry`` (wrappers reading ``control``) and ``empty``, trace a new seed's rerun of
    ``path`` and of the empty page, then time every variant (the names written to ``control``:
    a group of ``groups`` or one figure) in turn, ``rounds`` times. ``timing``: (runs,
    warmup, rounds). ``in_turn``: rerun by rerun instead (:func:`paired`, each variant a tab
    of its own, ``runs * rounds`` timed reruns each, one row a rerun): a load that swings
    over seconds then falls on every variant alike, where rounds of ``runs`` reruns a
    variant left a 10-ms figure under noise of 20-100 ms painted at load 10-13."""
    runs, warmup, rounds = timing
    figures: dict[str, list[dict]] = defaultdict(list)
    servers = [start_server(str(entry)), start_server(script=str(empty))]
    (app, app_url), (base, base_url) = servers
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            control.write_text("")
            traced = trace_one(browser, app_url + path, warmup, control.parent)
            empty_traced = trace_one(browser, base_url, warmup, control.parent)
            loads = [os.getloadavg()[0]]
            if in_turn:
                figures.update(
                    in_turns(
                        browser,
                        (base_url, base.pid),
                        (app_url + path, app.pid),
                        control,
                        groups,
                        variants,
                        timing,
                    )
                )
                loads.append(os.getloadavg()[0])
            for _ in range(0 if in_turn else rounds):
                figures["(empty page)"].append(measure(browser, base_url, SEED, runs, warmup, base.pid))
                for variant in variants:
                    control.write_text(" ".join(groups.get(variant, (variant,) if variant else ())))
                    figures[variant].append(measure(browser, app_url + path, SEED, runs, warmup, app.pid))
                loads.append(os.getloadavg()[0])
            browser.close()
    finally:
        for process, _ in servers:
            process.terminate()
    return Split(*traced, *empty_traced, figures, loads)


def in_turns(
    browser, empty: tuple, served: tuple, control: Path, groups: dict, variants: list[str], timing: tuple
):
    """Each variant's reruns of ``served`` (url, server pid) and the empty page's (``empty``) rerun
    by rerun in turn (:func:`paired`), the variant's names written to ``control`` before each
    rerun of its tab: one row a rerun, the server's CPU (counted in 10-ms ticks) its mean over them."""
    runs, warmup, rounds = timing
    tabs = {"(empty page)": (empty[0], SEED, empty[1])}
    tabs.update({variant: (served[0], SEED, served[1]) for variant in variants})

    def name_the_variant(name: str) -> None:
        asked = () if name == "(empty page)" else groups.get(name, (name,) if name else ())
        control.write_text(" ".join(asked))

    rows = paired(browser, tabs, runs * rounds, warmup, before_each=name_the_variant)
    for own in rows.values():
        mean = statistics.mean(r["server"] for r in own)
        for r in own:
            r["server"] = mean
    return rows


def print_split(split: Split, what: str) -> None:
    """The trace by kind of work and its busiest events, the script by file (the empty page's
    beside) and by function, then the variants' table (``what``: "figure", "piece")."""
    print(
        f"\nTrace of one rerun, renderer main thread's self time by kind (ms): busy {split.busy:.0f} "
        f"(empty page {split.empty_busy:.0f})"
    )
    kinds: dict[str, float] = defaultdict(float)
    empty_kinds: dict[str, float] = defaultdict(float)
    for name, ms in split.own.items():
        kinds[kind_of(name)] += ms
    for name, ms in split.empty_own.items():
        empty_kinds[kind_of(name)] += ms
    for kind in sorted(kinds, key=kinds.__getitem__, reverse=True):
        print(f"  {kind:<20}{kinds[kind]:>7.1f}{empty_kinds.get(kind, 0.0):>9.1f} (empty)")
    print("  events with the most self time:")
    for name, ms in sorted(split.own.items(), key=lambda kv: -kv[1])[:14]:
        print(f"    {name[:48]:<50}{ms:>7.1f}")
    files, functions = script_split(split.profiles)
    empty_files, _ = script_split(split.empty_profiles)
    print(
        f"\nScript by file, self ms a rerun (V8 sampling profile, mean of {PROFILED} reruns; empty page beside):"
    )
    for name in sorted(files, key=files.__getitem__, reverse=True)[:10]:
        print(f"  {name[:60]:<62}{files[name]:>7.1f}{empty_files.get(name, 0.0):>8.1f}")
    print("Script by function, self ms a rerun:")
    for name in sorted(functions, key=functions.__getitem__, reverse=True)[:25]:
        print(f"  {name[:70]:<72}{functions[name]:>7.1f}")
    print(
        f"\nOne {what} left out at a time: medians over the rounds of each round's median; "
        "'saves' is the page as served minus the variant, in the same rounds."
    )
    print(
        f"{'left out':<16}{'painted':>9}{'saves':>8}{'renderer CPU':>14}{'saves':>8}"
        f"{'server CPU':>12}{'bytes/rerun':>13}"
    )
    served = split.figures[""]
    for variant, rows in split.figures.items():
        pick = {k: statistics.median(r[k] for r in rows) for k in ("painted", "renderer", "server", "bytes")}
        saves = {
            k: statistics.median(s[k] - r[k] for s, r in zip(served, rows)) for k in ("painted", "renderer")
        }
        print(
            f"{variant or '(nothing)':<16}{pick['painted']:>7.0f}ms{saves['painted']:>6.0f}ms"
            f"{pick['renderer']:>12.0f}ms{saves['renderer']:>6.0f}ms{pick['server']:>10.0f}ms{pick['bytes']:>13,.0f}"
        )


def main(runs: int, warmup: int, rounds: int, only: list[str] | None) -> None:
    started = time.perf_counter()
    variants = ["", *(v for v in [*FIGURES, *GROUPS] if not only or v in only)]
    variants += [piece for piece in FRAME if only and piece in only]
    with tempfile.TemporaryDirectory() as tmp:
        control = Path(tmp) / "left_out.txt"
        folder = Path(tmp) / "split"
        folder.mkdir()
        entry = write_wrapped_app(folder, control, figures=FIGURES | FRAME)
        split = split_rerun(
            entry, empty_page(Path(tmp)), "/Sampling", control, GROUPS, variants, (runs, warmup, rounds), True
        )
    print(
        f"Random images, a new seed typed: one traced rerun, then every variant and the empty page rerun by "
        f"rerun in turn, each in a tab of its own ({warmup} warm-up and {runs * rounds} timed reruns each); "
        f"{time.perf_counter() - started:.0f} s in all, load (1 min) {', '.join(f'{x:.1f}' for x in split.loads)}."
    )
    print_split(split, "figure")
    print("(Here a round is one rerun: the variants taken rerun by rerun in turn.)")


#: "Draw again" clicked, the other way a visitor draws (--trigger again).
DRAW_AGAIN = ("click", ["Draw again"])


def serve_tree(root: Path) -> tuple[subprocess.Popen, str]:
    """``serve.py`` of the tree at ``root`` served from there, as the suite serves this one
    (conftest's flags): its own pages, ``lib``, assets and ``.streamlit`` config."""
    port = _free_port()
    log = tempfile.TemporaryFile("w+")  # noqa: SIM115 (closed by stop_server)
    flags = ["--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port)]
    flags += ["--browser.gatherUsageStats", "false", "--client.showErrorDetails", "none"]
    flags += ["--server.enableXsrfProtection", "true"]
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", SERVED_APP, *flags],
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
        preexec_fn=_die_with_parent,
    )
    process.log = log  # type: ignore[attr-defined]
    return wait_until_serving(process, f"http://127.0.0.1:{port}")


def paired(
    browser, tabs: dict, reruns: int, warmup: int, before_each=None, phone: bool = False
) -> dict[str, list[dict]]:
    """Every tab's reruns in turn (``tabs``: name -> (url, trigger, server pid)), rerun ``i`` of
    each before rerun ``i + 1`` of any, each in a browser context of its own (as
    ``bench_pages.PHONE`` if ``phone``): one row a timed rerun (painted ms, ms to the script's
    end, renderer CPU ms, server CPU ms, bytes). ``before_each(name)``, if given, is called
    before each of a tab's reruns (a variant's control file written, say)."""
    opened = {}
    for name, (url, trigger, pid) in tabs.items():
        page, cdp = open_tab(browser, phone)
        meter = Meter(page)
        page.goto(url, timeout=180_000)
        wait_for_run(page, timeout=180_000)
        # As bench_pages.measure does: the deck's keys reach it only once the page has the focus.
        if trigger is not None and trigger[0] == "keys":
            page.locator('[data-testid="stApp"]').click(position={"x": 5, "y": 300})
        opened[name] = (page, cdp, meter, trigger, pid)
    rows: dict[str, list[dict]] = {name: [] for name in tabs}
    for i in range(warmup + reruns):
        for name, (page, cdp, meter, trigger, pid) in opened.items():
            if before_each is not None:
                before_each(name)
            page.bring_to_front()
            meter.bytes = 0
            renderer, server = renderer_ms(cdp), cpu_ms(pid)
            finished, painted = rerun(page, meter, trigger, i)
            if i >= warmup:
                rows[name].append(
                    dict(
                        painted=painted,
                        finished=finished,
                        renderer=renderer_ms(cdp) - renderer,
                        server=cpu_ms(pid) - server,
                        bytes=meter.bytes,
                    )
                )
    for page, *_ in opened.values():
        page.context.close()
    return rows


@contextmanager
def checked_out(rev: str) -> Iterator[Path]:
    """Commit ``rev`` in a git worktree of its own, in a temporary folder, removed after."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "against"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(tree), rev], cwd=ROOT, check=True, capture_output=True
        )
        try:
            yield tree
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)


@contextmanager
def served_against(rev: str | None, baseline: str = "plain") -> Iterator[list[tuple[subprocess.Popen, str]]]:
    """The empty page (``bench_pages.empty_page``'s ``baseline``), this tree and commit ``rev``
    (:func:`checked_out`; none when ``rev`` is None), each served by a server of its own:
    ``[(process, url)]`` in that order, stopped after."""
    with ExitStack() as stack:
        other = stack.enter_context(checked_out(rev)) if rev is not None else None
        folder = (
            other.parent if other is not None else Path(stack.enter_context(tempfile.TemporaryDirectory()))
        )
        servers = []
        try:
            servers = [start_server(script=str(empty_page(folder, baseline))), serve_tree(ROOT)]
            if other is not None:
                servers.append(serve_tree(other))
            yield servers
        finally:
            for process, _ in servers:
                stop_server(process)


def against(rev: str, reruns: int, warmup: int, trigger: str) -> None:
    """This tree's draw against commit ``rev``'s, the empty page beside, taken rerun by rerun in
    turn (:func:`paired`); prints medians, and each tree's paired differences from this one."""
    started = time.perf_counter()
    with served_against(rev) as servers:
        draw = SEED if trigger == "seed" else DRAW_AGAIN
        names = ("(empty page)", "this tree", rev)
        paths, triggers = ("", "/Sampling", "/Sampling"), (SEED, draw, draw)
        tabs = {n: (url + p, t, proc.pid) for n, (proc, url), p, t in zip(names, servers, paths, triggers)}
        loads = [os.getloadavg()[0]]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            rows = paired(browser, tabs, reruns, warmup)
            browser.close()
        loads.append(os.getloadavg()[0])
    print(
        f"Random images, {'a new seed typed' if trigger == 'seed' else 'Draw again clicked'}: this tree against "
        f"{rev}, {warmup} warm-up and {reruns} timed reruns each, taken in turn; {time.perf_counter() - started:.0f} s "
        f"in all, load (1 min) {', '.join(f'{x:.1f}' for x in loads)}. Medians; 'paired' is the median of each "
        "rerun's difference from this tree's at the same turn."
    )
    print(
        f"{'served':<16}{'painted':>9}{'× empty':>9}{'finished':>10}{'renderer CPU':>14}{'server CPU':>12}"
        f"{'bytes/rerun':>13}{'paired painted':>16}{'paired CPU':>12}{'paired finished':>17}"
    )
    empty = statistics.median(r["painted"] for r in rows["(empty page)"])
    for name, own in rows.items():
        pick = medians(own, ("painted", "finished", "renderer", "bytes"))
        server = statistics.mean(r["server"] for r in own)  # counted in 10-ms ticks: a mean
        print(
            f"{name[:16]:<16}{pick['painted']:>7.0f}ms{pick['painted'] / empty:>9.2f}{pick['finished']:>8.0f}ms"
            f"{pick['renderer']:>12.1f}ms{server:>10.1f}ms{pick['bytes']:>13,.0f}{paired_columns(rows, name, rev)}"
        )


def medians(own: list[dict], keys: tuple[str, ...]) -> dict[str, float]:
    """Each of ``keys``' median over one row's reruns (``own``, as :func:`paired` returns them).

    >>> medians([{"painted": 10}, {"painted": 30}, {"painted": 20}], ("painted",))
    {'painted': 20}
    """
    return {k: statistics.median(r[k] for r in own) for k in keys}


def paired_columns(rows: dict[str, list[dict]], name: str, rev: str) -> str:
    """The three last columns of an ``--against`` table: on ``rev``'s row, its paired differences
    from this tree (:func:`paired_differences`), painted, renderer CPU and finished (the run's end
    reaching the page: a change on the server shows there, where painted moves by whole frames);
    on any other, none.

    >>> rows = {"this tree": [{"painted": 10, "renderer": 5.0, "finished": 7.0}],
    ...         "old": [{"painted": 12, "renderer": 6.5, "finished": 9.5}]}
    >>> paired_columns(rows, "old", "old"), paired_columns(rows, "this tree", "old")
    ('            +2ms      +1.5ms         +2.5ms', '')
    """
    if name != rev:
        return ""
    diffs = paired_differences(rows, rev, keys=("painted", "renderer", "finished"))
    return f"{diffs['painted']:>+14.0f}ms{diffs['renderer']:>+10.1f}ms{diffs['finished']:>+13.1f}ms"


def paired_differences(
    rows: dict[str, list[dict]], name: str, keys=("painted", "renderer"), base: str = "this tree"
) -> dict[str, float]:
    """The median over the turns of :func:`paired` of row ``name``'s figure minus row ``base``'s
    (this tree's) at the same turn, for each of ``keys``: positive where ``base`` is faster. A
    load that swings over seconds falls on both sides of each difference.

    >>> rows = {"this tree": [{"painted": 10}, {"painted": 30}], "old": [{"painted": 12}, {"painted": 33}]}
    >>> paired_differences(rows, "old", keys=("painted",))
    {'painted': 2.5}
    >>> paired_differences(rows, "this tree", keys=("painted",), base="old")
    {'painted': -2.5}
    """
    return {k: statistics.median(r[k] - t[k] for r, t in zip(rows[name], rows[base])) for k in keys}


def run_from_the_command_line(main, doc: str, variants: list[str]) -> None:
    """Both split benches' options (``--runs``, ``--warmup``, ``--rounds``, ``--only`` of
    ``variants``), read and handed to ``main``."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--only", nargs="*", help=f"variants to time, of {variants}")
    args = parser.parse_args()
    main(args.runs, args.warmup, args.rounds, args.only)


if __name__ == "__main__":
    if "--against" in sys.argv:
        parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
        parser.add_argument("--against", required=True, help="a git revision to serve beside this tree")
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--warmup", type=int, default=3)
        parser.add_argument("--trigger", choices=["seed", "again"], default="seed")
        args = parser.parse_args()
        against(args.against, args.runs, args.warmup, args.trigger)
    else:
        run_from_the_command_line(main, __doc__, [*FIGURES, *GROUPS, *FRAME])
