"""What one Vega-Lite chart costs the browser on a rerun, by how it is sent: prints figures, asserts nothing.

    python bench/bench_chart_updates.py [--runs 5] [--warmup 2] [--only swap canvas] [--exact VARIANT ...]

One small Streamlit page (a title and a text box, as bench_pages' empty page) is served with
one chart below the box, built by ``lib.ui.chart`` as the app sends its charts; the variant is
chosen by the page's URL (``?v=flag,flag``), so every variant runs on one server, in one
Chromium, beside the empty page (no chart) as the same-run baseline. Each rerun types a new
value into the box (untimed) and times Enter to the painted page exactly as
``bench/bench_pages.py`` does (script_finished on the websocket, then every chart drawn and
two frames more), and reads the renderer's main-thread time for the rerun from Chromium's
``Performance.getMetrics`` (TaskDuration): the browser's own work, which a shared machine
disturbs less than wall time.

Flags (the chart: a line of 60 points that moves with the value typed, on log axes like those
of How many images?' count chart when it was a Vega view):

- how the data travels: ``same`` (the value changes nothing in the chart), ``swap`` (a fixed
  spec and live Arrow data, swapped into the drawn view), ``spec`` (the data written into
  the spec, so the spec's text changes);
- ``canvas``/``svg``/``hybrid`` (``usermeta.embedOptions.renderer``, which Streamlit passes on to
  vega-embed);
- ``layers=N`` (the line plus N-1 more layers: points, text, rules), ``datasets=N`` (each
  layer reading its own copy of the data);
- ``tip`` (tooltips on every layer), ``expr`` (each layer computes its fields with a
  calculate and a filter, run by Vega's CSP-safe interpreter, instead of reading them);
- ``noaria`` (no ARIA description per mark item), ``nogrid``, ``noticks``, ``ticks=N`` (a
  tick count hint), ``linear`` (linear scales, not log), ``notip`` (the tooltips off);
- ``fixed`` (600 px wide instead of the column's width);
- ``noparse`` (named data read without Vega-Lite's parse formula), ``invalid=MODE`` (its
  handling of nulls and of values a log scale cannot show);
- ``pathnoaria`` (no ARIA description on line and area marks, whose one SVG path shows
  only its first item's), ``pathnamed`` (their description the series' name instead);
- ``before`` (the chart as sent before this bench's findings: ARIA on path marks, named
  data parsed).

(Its ``sampling=diffusion`` variant, Random images' diffusion chart as the app built it, went
with that chart: the page's every figure is its own HTML now, ``lib.charts.sampling``.)

Where it led: a swap of new data into a drawn chart (``swap``, and How many images?' count
chart as the app built it) cost the browser ~12-14 ms of its main thread whatever the chart
held (canvas, a fixed width, no tooltips: no help), an unchanged element ~0.1 ms. So the charts whose data changed with every rerun became
the page's own HTML, which costs the browser its parse instead: Random images' neighbour
correlations (``lib.sampling_strip``) and its statistics' two plots
(``lib.charts.statistics_plots``, drawn by ``lib.charts.html_plot``: a new seed's renderer CPU
82-92 -> 68-72 ms; with their captions ~10 ms of a draw's 79, ``bench_draw_split.py``), and
How many images?' bars of every modality (``lib.charts.axis_bars``: 12 ms of a preset's
renderer CPU as Vega, 6 ms as HTML with its block of words), and at last its count against the
side (``lib.charts.count_plot``: the plot one element, the same bytes for nearby sizes, the
view's dot another; left out of a preset it saved 12 ms of renderer CPU as Vega, 7 ms as HTML,
``bench_count_split.py``, and a preset's renderer CPU went 59-65 -> 56-59 ms, its bytes
23,371 -> 20,618, commit d6e1b0d). No chart of the app swaps data into a drawn Vega view now.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_pages import PAINTED, stamps_finish, timing_arguments  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_FLAGS, start_server, wait_for_run  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

PAGE = '''
import math
import streamlit as st
from lib import ui
from lib.charts.vega import layered, padded, rows, view, field, FIT_WIDTH

flags = set(st.query_params.get("v", "").split(","))
options = dict(f.split("=") for f in flags if "=" in f)
st.title("empty")
value = st.text_input("Seed", key="seed")
n = int(value) if value.isdigit() else 1


def synthetic():
    shift = 0 if "same" in flags else n
    xs = list(range(1, 61))
    ys = [round(3 * x + (shift % 17) * math.log(x + 1), 3) for x in xs]
    data = rows(x=xs, y=ys, double=[2 * y for y in ys], label=[f"{y:,.1f}" for y in ys])
    layers = int(options.get("layers", 1))
    sets = int(options.get("datasets", 1))
    marks = ["line", "point", "text", "rule"]
    views = []
    for i in range(layers):
        mark = marks[i % len(marks)] if i else "line"
        encoding = {
            "x": field("x", "Q", scale={"type": "linear" if "linear" in flags else "log"},
                       title="side of a square image (pixels)"),
            "y": field("yy" if "expr" in flags else "double", "Q",
                       scale={"type": "linear" if "linear" in flags else "log"},
                       title="digits of the number of images"),
        }
        if mark == "text":
            encoding["text"] = field("label", "N")
        if mark == "rule":
            encoding.pop("x")
        if "tip" in flags:
            encoding["tooltip"] = [field("x", "Q"), field("label", "N", title="digits")]
        extra = {}
        if "expr" in flags:
            extra["transform"] = [{"calculate": "datum.y * 2", "as": "yy"}, {"filter": "datum.x > 0"}]
        views.append(view(f"d{i % sets}", data, {"type": mark, "color": "#0072B2"}, encoding, **extra))
    spec = layered(*views, height=380, autosize=FIT_WIDTH, padding=padded(right=16))
    if "fixed" in flags:
        spec["width"] = 600
    return spec, tuple(spec["datasets"]) if "spec" not in flags else ()


def without(node, channel):
    node = dict(node)
    if "encoding" in node:
        node["encoding"] = {k: v for k, v in node["encoding"].items() if k != channel}
    for key in ("layer", "hconcat", "vconcat", "concat"):
        if key in node:
            node[key] = [without(child, channel) for child in node[key]]
    return node


def paths(node, change):
    """``change`` applied to every view whose mark is a line or an area (a path of many items)."""
    node = dict(node)
    mark = node.get("mark")
    if mark is not None:
        mark = {"type": mark} if isinstance(mark, str) else dict(mark)
        if mark["type"] in ("line", "area", "trail"):
            node = change(node, mark)
    for key in ("layer", "hconcat", "vconcat", "concat"):
        if key in node:
            node[key] = [paths(child, change) for child in node[key]]
    return node


def as_before(node):
    """The chart as it was sent before 2026-11-26 (issue 14): ARIA on path marks, named data
    parsed by Vega-Lite."""
    node = dict(node)
    mark = node.get("mark")
    if isinstance(mark, dict) and mark.get("aria") is False:
        node["mark"] = {k: v for k, v in mark.items() if k != "aria"}
    if node.get("data", {}).get("format") == {"parse": None}:
        node["data"] = {k: v for k, v in node["data"].items() if k != "format"}
    for key in ("layer", "hconcat", "vconcat", "concat"):
        if key in node:
            node[key] = [as_before(child) for child in node[key]]
    return node


def unparsed(node):
    """Named data read as it comes (Arrow has its types): no parse formula per item."""
    node = dict(node)
    if "name" in node.get("data", {}):
        node["data"] = {**node["data"], "format": {"parse": None}}
    for key in ("layer", "hconcat", "vconcat", "concat"):
        if key in node:
            node[key] = [unparsed(child) for child in node[key]]
    return node


def no_aria(node, mark):
    return {**node, "mark": {**mark, "aria": False}}


def named(node, mark):
    colour = node.get("encoding", {}).get("color", {})
    label = {"field": colour["field"]} if "field" in colour else {"value": mark["type"]}
    return {**node, "encoding": {**node.get("encoding", {}), "description": label}}


if flags & {"same", "swap", "spec"}:
    spec, live = synthetic()

    for renderer in flags & {"svg", "canvas", "hybrid"}:
        spec["usermeta"] = {"embedOptions": {"renderer": renderer}}
    if "ticks" in options:  # at most this many ticks on each axis (a hint; a log axis keeps its powers)
        spec.setdefault("config", {}).setdefault("axis", {})["tickCount"] = int(options["ticks"])
    if "noaria" in flags:  # no ARIA description per mark item (Streamlit does this above 5,000 items)
        spec.setdefault("config", {}).setdefault("mark", {})["aria"] = False
    if "invalid" in options:  # Vega-Lite's handling of nulls and of values a log scale cannot show
        spec.setdefault("config", {}).setdefault("mark", {})["invalid"] = options["invalid"]
    if "noticks" in flags:
        spec.setdefault("config", {}).setdefault("axis", {})["ticks"] = False
    if "nogrid" in flags:
        spec.setdefault("config", {}).setdefault("axis", {})["grid"] = False
    if "notip" in flags:
        spec = without(spec, "tooltip")
    if "noparse" in flags:
        spec = unparsed(spec)
    for flag, change in (("pathnoaria", no_aria), ("pathnamed", named)):
        if flag in flags:
            spec = paths(spec, change)
    if "before" in flags:  # what lib.ui.chart sends, with this bench's findings undone
        from lib.ui.display import _to_send

        sent = _to_send(spec, live)
        sent = {**as_before(sent), "datasets": sent.get("datasets", {})}
        st.vega_lite_chart(sent, width=600 if "fixed" in flags else "stretch", height="content")
    else:
        ui.chart(spec, width=600 if "fixed" in flags else "stretch", live_data=live)
'''

VARIANTS = [
    "",  # no chart: the baseline
    "swap,before",
    "same",
    "swap",
    "spec",
    "swap,svg",
    "swap,canvas",
    "swap,hybrid",
    "spec,canvas",
    "swap,layers=4",
    "swap,layers=8",
    "swap,layers=8,canvas",
    "swap,layers=8,datasets=8",
    "swap,layers=8,tip",
    "swap,layers=8,expr",
    "swap,fixed",
    "swap,noaria",
    "swap,nogrid",
    "swap,noticks",
    "swap,linear",
    "swap,tip",
    "swap,tip,noaria",
]


def rerun(page, cdp, socket, value: str) -> tuple[float, float, float]:
    """One rerun: ms to script_finished, ms to the painted page, and the renderer main
    thread's CPU ms (from just before the key press until 100 ms after the painted page)."""
    seen: dict[str, float] = {}
    finished = stamps_finish(seen)

    box = page.locator('input[aria-label="Seed"]')
    box.fill(value)
    before = _cpu_ms(cdp)
    with socket.expect_event("framereceived", predicate=finished, timeout=60_000):
        started = time.perf_counter()
        box.press("Enter")
    page.wait_for_function(PAINTED, polling="raf", timeout=60_000)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    painted = time.perf_counter()
    # Whatever the rerun left queued (a chart's redraw after the frames above) is its own.
    page.evaluate("() => new Promise(r => setTimeout(r, 100))")
    return (seen["end"] - started) * 1e3, (painted - started) * 1e3, _cpu_ms(cdp) - before


def _cpu_ms(cdp) -> float:
    """The CPU time the renderer's main thread has used (Chromium's ThreadTime metric): a busy
    machine delays it less than it delays the wall clock."""
    metrics = cdp.send("Performance.getMetrics")["metrics"]
    return next(m["value"] for m in metrics if m["name"] == "ThreadTime") * 1e3


class Tab:
    """One variant's page, loaded and warmed up, rerun in turn with the others."""

    def __init__(self, browser, url: str, warmup: int) -> None:
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        sockets: list = []
        self.page.on("websocket", lambda ws: sockets.append(ws))
        self.page.goto(url, timeout=120_000)
        wait_for_run(self.page, timeout=120_000)
        self.socket = sockets[-1]
        self.cdp = self.page.context.new_cdp_session(self.page)
        self.cdp.send("Performance.enable")
        self.count = 0
        self.painted: list[float] = []
        self.cpu: list[float] = []
        for _ in range(warmup):
            self.rerun(keep=False)

    def rerun(self, keep: bool = True) -> None:
        self.page.bring_to_front()
        self.count += 1
        _, painted, cpu = rerun(self.page, self.cdp, self.socket, str(100 + self.count))
        if keep:
            self.painted.append(painted)
            self.cpu.append(cpu)


def main(runs: int, warmup: int, only: list[str] | None, exact: list[str] | None = None) -> None:
    started = time.perf_counter()
    variants = [v for v in VARIANTS if not only or v == "" or any(w in v for w in only)]
    if exact:  # these variants as written, listed or not, after the baseline
        variants = ["", *exact]
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "one_chart.py"
        script.write_text(PAGE)
        server, url = start_server(script=str(script))
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                tabs = [Tab(browser, f"{url}/?v={v}", warmup) for v in variants]
                # Round by round, every variant once a round: a load that comes and goes on the
                # shared machine falls on every variant alike.
                for _ in range(runs):
                    for tab in tabs:
                        tab.rerun()
                browser.close()
        finally:
            server.terminate()
    print(
        f"One chart's rerun in Chromium, Enter to painted page; {warmup} warm-up and {runs} timed reruns "
        f"each, taken in turns ({time.perf_counter() - started:.0f} s in all). CPU: the renderer's main "
        "thread, key press to 100 ms after the paint."
    )
    base = tabs[0]
    print(
        f"{'variant':<26}{'painted: median':>16}{'min':>7}{'max':>7}{'× empty':>8}"
        f"{'CPU: median':>13}{'min':>7}{'max':>7}{'+ empty':>9}"
    )
    for name, tab in zip(variants, tabs):
        p, c = tab.painted, tab.cpu
        print(
            f"{name or '(no chart)':<26}{statistics.median(p):>14.0f}ms{min(p):>5.0f}ms{max(p):>5.0f}ms"
            f"{statistics.median(p) / statistics.median(base.painted):>8.2f}"
            f"{statistics.median(c):>11.0f}ms{min(c):>5.0f}ms{max(c):>5.0f}ms"
            f"{statistics.median(c) - statistics.median(base.cpu):>+7.0f}ms"
        )


if __name__ == "__main__":
    exact = sys.argv.index("--exact") if "--exact" in sys.argv else len(sys.argv)
    chosen, sys.argv = sys.argv[exact + 1 :], sys.argv[:exact]  # --exact V1 V2 ...: these variants alone
    args = timing_arguments(__doc__, 5, "variants with")
    main(args.runs, args.warmup, args.only, chosen)
