"""Would Custom Components v2 host our HTML figures for less than st.html? Prints figures, asserts nothing.

    python bench/bench_figure_host.py [--runs 10] [--warmup 2] [--only plot mix html each] [--pause S]

Every figure of the app is its own HTML sent with ``st.html`` (:mod:`lib.charts.html_plot`,
:func:`lib.ui.display.pixel_figures_html`). When a body changes, the browser re-renders that
element: Streamlit's React element, DOMPurify sanitising the body on the main thread, React
replacing the subtree, layout, paint. Streamlit 1.67 ships Custom Components v2
(``st.components.v2.component``): a component defined by html/css/js strings, mounted in the page
(no iframe; with ``isolate_styles=False`` no shadow root either, so the page's style applies),
updated with new ``data`` on each run, whose JS can set the body's HTML itself. This bench
serves one test page with N figures that all change on every rerun, hosted four ways:

- ``html``: one ``st.html`` per figure, as the app sends them;
- ``each``: one CCv2 component per figure (keyed, so a new body updates the mounted element
  instead of mounting a new one), whose JS sets a box's ``innerHTML`` to the body (the data is
  the HTML string);
- ``safe``: the same, the body set with the browser's sanitiser (``Element.setHTML`` with an
  empty configuration: our markup kept byte for byte, event handlers and javascript: URLs
  dropped, as DOMPurify drops them from an ``st.html`` body, where ``innerHTML`` runs them);
- ``one``: one CCv2 component for all N, its data the list of bodies, each set in a box of its
  own, the boxes 1rem apart as Streamlit spaces elements.

Bodies like ours, new on every rerun: ``plot``, How many images?' count plot
(:func:`lib.charts.count_plot.count_plot_html`, ~5 KB, its curve moved by the value typed);
``pixel``, a pixel figure (:func:`lib.ui.display.pixel_figures_html`) of 192×192 grey noise, a
~49 KB body (Random images' grids and corners are 54-65 KB bodies); ``mix``, pixel and plot in
turn (a draw of Random images changes two big bodies and two small ones). N is 1 or 4. The
page carries the app's style (app.css, the plots'); the four hosts draw the same pixels (full-page
screenshots at 1440×900 and 390×844 identical) and the same accessibility tree.

The baseline is the same page with no figure (``none``: a title and the text box, bench_pages'
empty page), on the same server (served as the app is, through ``serve.py``'s lifespan:
TCP_NODELAY). Every variant has a tab (browser context) of its own; the variants are rerun in
turn, rerun i of each before rerun i+1 of any, so the load of a shared machine falls on all.
A rerun types a new value (untimed; ``--pause S`` then waits S seconds) and times Enter to the
painted page as ``bench/bench_pages.py`` does, except that painted also waits until every
figure shows this rerun's body (a component sets its HTML in an effect after React's commit,
which the run's end does not wait for), then two frames more. Per rerun: painted ms, the
renderer main thread's CPU (``Performance.getMetrics`` ThreadTime, key press to 100 ms after the
paint), React commits (a stub ``__REACT_DEVTOOLS_GLOBAL_HOOK__`` counting ``onCommitFiberRoot``),
bytes the server sent, and the script's own CPU (``time.thread_time`` of the run's thread,
written by the page to a log). ``paired``: the median over rounds of (variant - html), same
round, kind and N.

Where it led (2026-11-27, on ac247b2; three runs of 20-30 reruns a variant at load 9-19): a
component saves the browser only DOMPurify's walk, ~1-1.5 ms of renderer CPU a changed figure,
and spends some of it again (its module's call, JSON.parse of the data, its theme's CSS
variables). Four changed figures, renderer CPU paired: ``each`` -3.0 to -6.2 ms (plots), -2.4
to -6.2 (mix), -0.3 and +0.8 (pixels); ``safe`` -1.0 to -3.9 (plots), -3.2 to -3.7 (mix);
``one`` -4.3 to -6.6 (plots), -4.7 to -7.5 (mix), -1.6 and -5.5 (pixels), what merging bodies
into one ``st.html`` already gave Random images (f2d7af9: -4 to -7 ms). One figure: ±1.5 ms.
Painted: within the noise (paired -23 to +20 ms every way, swings of 60-300 ms under that load);
React commits the same (8 a rerun, as the empty page). A CPU profile of 20 reruns agrees:
DOMPurify and its parse were 6.6-8.2 ms of the 15-17 ms of JS that four bodies add (20-25 ms of
renderer CPU in all); the rest (React, layout, paint) a component pays as well. Against it:
each component re-sends its JS (0.7 KB) and its body as a JSON string (quotes escaped) on every
run, 0.8-1 KB more a figure a rerun; its script costs 0.25-0.5 ms more CPU a figure on the
server (a room of phones multiplies it); ``innerHTML`` runs any event handler a missed escape
lets into a body, where ``st.html`` sanitises, and ``setHTML`` is Chromium 146+ and Firefox 148+
only (not Safari: not an iPhone in the room); AppTest sees a component as an ``UnknownElement``
whose body is ``json.loads(el.proto.json)``, not ``at.get("html")``, so every test reading a
figure would change. Not recommended: far under the 10 ms of renderer CPU and of painted time a
rerun it would have had to save.

Since 59a04db the pages show their largest changing blocks below the first screen through
:mod:`lib.ui.in_place`, which none of these hosts is: its script changes only the nodes and
attributes that differ (a body set whole lays everything out again and decodes every image
again) and draws a plot's lines inline, where each was an SVG image, a document of its own;
it sanitises as DOMPurify does. Random images' new draw: renderer CPU -6.4 to -10.8 ms, a
preset -6.5 to -9.4 (``bench_pages.py --against 3c10024``).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_cold_start import EMPTY_SERVED  # noqa: E402
from bench_pages import FINISHED, Meter, renderer_ms, stamps_finish, timing_arguments  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_FLAGS, start_server, wait_for_run  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

#: The hosts under trial, as the test page imports them (written beside it).
HOSTS = '''
"""Three ways to put a figure's HTML on the page (bench_figure_host's test page)."""
import json
import time

import numpy as np
import streamlit as st
from streamlit.components.v2 import component

from lib.charts.count_plot import count_plot_html
from lib.ui.display import Html, pixel_figures_html

#: One box per figure under the component's element; a body is parsed only when it changed.
JS = """
export default function ({ data, parentElement }) {
  const bodies = typeof data === "string" ? [data] : data;
  let column = parentElement.__column;
  if (!column) {
    // Boxes laid out as Streamlit lays out elements: a column 1rem apart, margins kept.
    column = parentElement.__column = document.createElement("div");
    column.style.cssText = "display: flex; flex-direction: column; gap: 1rem";
    parentElement.appendChild(column);
  }
  bodies.forEach((body, i) => {
    let box = column.children[i];
    if (!box) {
      box = document.createElement("div");
      column.appendChild(box);
    }
    if (box.__body !== body) {
      box.innerHTML = body;
      box.__body = body;
    }
  });
}
"""
FIGURES = component("figure_host_trial", js=JS, isolate_styles=False)
#: The same, each body set through the browser's own sanitiser (Element.setHTML, Chromium 150:
#: with an empty configuration it keeps every element and attribute of ours and still drops
#: event handlers, scripts and javascript: URLs), where innerHTML would run them.
SAFE_JS = JS.replace("box.innerHTML = body;", "box.setHTML(body, {sanitizer: {}});")
SAFE = component("figure_host_trial_safe", js=SAFE_JS, isolate_styles=False)


def body(kind: str, i: int, value: int) -> str:
    """Figure ``i`` for the value typed: a count plot or a pixel figure, wrapped in a marker of
    the rerun (``data-run``) that the bench waits for."""
    if kind == "mix":
        kind = "pixel" if i % 2 == 0 else "plot"
    if kind == "plot":
        sides = [2**k for k in range(0, 24)]
        bits = 1 + (value + i) % 16
        digits = [max(1, int(s * s * bits * 0.30103)) + 1 for s in sides]
        inner = count_plot_html(sides, digits, [("atoms in the universe", 81), ("LAION-5B", 10)])
    else:
        rng = np.random.default_rng(1000 * value + i)
        noise = rng.integers(0, 256, (192, 192), dtype=np.uint8)
        inner = pixel_figures_html([(noise, f"uniform noise number {value}", f"draw {value}")], 40)
    return f'<div data-run="{value}">{inner}</div>'


def show(how: str, kind: str, n: int, value: int) -> None:
    bodies = [body(kind, i, value) for i in range(n)]
    if how == "html":
        for b in bodies:
            st.html(Html(b))
    elif how == "each":
        for i, b in enumerate(bodies):
            FIGURES(key=f"figure-{i}", data=b)
    elif how == "one":
        FIGURES(key="figures", data=bodies)
    elif how == "safe":
        for i, b in enumerate(bodies):
            SAFE(key=f"figure-{i}", data=b)
'''

PAGE = """
import sys
import time
sys.path.insert(0, {root!r})
sys.path.insert(0, {here!r})
started = time.thread_time()
import streamlit as st
from lib.charts.count_plot import COUNT_PLOT_STYLE
from lib.charts.html_plot import PLOT_STYLE
from lib.ui.page import _CSS
import figure_hosts

how = st.query_params.get("how", "none")
kind = st.query_params.get("kind", "plot")
n = int(st.query_params.get("n", "1"))
st.title("figures")
st.html(_CSS)
st.html(PLOT_STYLE + COUNT_PLOT_STYLE)
value = st.text_input("Seed", key="seed")
figure_hosts.show(how, kind, n, int(value) if value.isdigit() else 0)
with open({log!r}, "a") as log:
    log.write(f"{{how}} {{kind}} {{n}} {{value or '-'}} {{(time.thread_time() - started) * 1e3:.2f}}\\n")
"""

#: Counts React commits: a stub of React's devtools hook (React calls it on every commit).
HOOK = """
window.__commits = 0;
window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {supportsFiber: true, renderers: new Map(), inject() { return 1; },
  onScheduleFiberRoot() {}, onCommitFiberRoot() { window.__commits++; },
  onCommitFiberUnmount() {}, onPostCommitFiberRoot() {}, checkDCE() {}, isDisabled: false};
"""

VARIANTS = [("none", "", 0)] + [
    (how, kind, n)
    for kind in ("plot", "pixel", "mix")
    for n in (1, 4)
    for how in ("html", "each", "safe", "one")
    if not (kind == "mix" and n == 1)
]


def painted_when(value: int, n: int) -> str:
    """The page is painted for this rerun: the run finished, every figure shows its new body,
    every image loaded."""
    return (
        f"() => document.querySelector('{FINISHED}') !== null"
        f" && document.querySelectorAll('[data-run=\"{value}\"]').length === {n}"
        " && [...document.querySelectorAll('img')].every(i => i.complete)"
    )


class Tab:
    """One variant's page, loaded and warmed up, rerun in turn with the others."""

    def __init__(self, browser, url: str, variant: tuple[str, str, int]) -> None:
        self.variant = variant
        how, kind, n = variant
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.add_init_script(HOOK)
        self.meter = Meter(self.page)
        self.page.goto(f"{url}/?how={how}&kind={kind or 'plot'}&n={n}", timeout=120_000)
        wait_for_run(self.page, timeout=120_000)
        self.cdp = self.page.context.new_cdp_session(self.page)
        self.cdp.send("Performance.enable")
        self.count = 0
        self.rows: list[dict[str, float]] = []

    def rerun(self, keep: bool, pause: float) -> None:
        self.page.bring_to_front()  # a tab in the background gets no animation frames
        self.count += 1
        value = 100 + self.count
        box = self.page.locator('input[aria-label="Seed"]')
        box.fill(str(value))
        if pause:
            self.page.wait_for_timeout(pause * 1000)
        seen: dict[str, float] = {}
        self.meter.bytes = 0
        commits = self.page.evaluate("window.__commits")
        cpu = renderer_ms(self.cdp)
        with self.meter.ws.expect_event("framereceived", predicate=stamps_finish(seen), timeout=60_000):
            started = time.perf_counter()
            box.press("Enter")
        self.page.wait_for_function(painted_when(value, self.variant[2]), polling="raf", timeout=60_000)
        self.page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        painted = time.perf_counter()
        self.page.evaluate("() => new Promise(r => setTimeout(r, 100))")  # what the rerun left queued
        if keep:
            self.rows.append(
                dict(
                    painted=(painted - started) * 1e3,
                    finished=(seen["end"] - started) * 1e3,
                    renderer=renderer_ms(self.cdp) - cpu,
                    commits=self.page.evaluate("window.__commits") - commits,
                    bytes=self.meter.bytes,
                    value=value,
                )
            )


def script_cpu(log: Path) -> dict[tuple[str, str, int, int], float]:
    """The script's own CPU ms by (how, kind, n, value), from the page's log."""
    out = {}
    for line in log.read_text().splitlines():
        how, kind, n, value, ms = line.split()
        if value.isdigit():
            out[(how, kind, int(n), int(value))] = float(ms)
    return out


def main(runs: int, warmup: int, only: list[str] | None, pause: float) -> None:
    started = time.perf_counter()
    variants = [v for v in VARIANTS if v[0] == "none" or not only or v[1] in only or v[0] in only]
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "figure_hosts.py").write_text(HOSTS)
        log = folder / "script_cpu.log"
        page = folder / "figures.py"
        page.write_text(PAGE.format(root=str(ROOT), here=str(folder), log=str(log)))
        served = folder / "served.py"
        served.write_text(EMPTY_SERVED.format(root=str(ROOT), page=str(page)))
        server, url = start_server(script=str(served))
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                tabs = [Tab(browser, url, v) for v in variants]
                for round_ in range(warmup + runs):
                    for tab in tabs:
                        tab.rerun(keep=round_ >= warmup, pause=pause)
                browser.close()
            cpu = script_cpu(log)
        finally:
            server.terminate()
    load_after = os.getloadavg()
    print(
        f"N figures changed on every rerun, hosted by st.html or by Custom Components v2; {warmup} warm-up"
        f" and {runs} timed reruns a variant, taken in turns ({time.perf_counter() - started:.0f} s in all;"
        f" load {load_before[0]:.1f} before, {load_after[0]:.1f} after)."
    )
    print(
        "painted: Enter to every figure showing its new body, images loaded, two frames more; renderer:"
        " main-thread CPU to 100 ms after; commits: React's; script: the run's own CPU on the server."
    )
    print(
        f"{'variant':<18}{'painted: median':>16}{'min':>6}{'max':>6}{'× none':>8}{'renderer':>10}{'min':>6}"
        f"{'max':>6}{'commits':>9}{'bytes':>9}{'script':>8}{'paired painted':>16}{'paired renderer':>17}"
    )
    empty_painted = statistics.median(row["painted"] for row in tabs[0].rows)
    html_tabs = {(t.variant[1], t.variant[2]): t for t in tabs if t.variant[0] == "html"}
    for tab in tabs:
        how, kind, n = tab.variant
        col = {k: [r[k] for r in tab.rows] for k in tab.rows[0]}
        script = [cpu.get((how, kind or "plot", n, int(v)), float("nan")) for v in col["value"]]
        against = html_tabs.get((kind, n))
        paired = ""
        if against is not None and against is not tab:
            dp = statistics.median(a["painted"] - b["painted"] for a, b in zip(tab.rows, against.rows))
            dr = statistics.median(a["renderer"] - b["renderer"] for a, b in zip(tab.rows, against.rows))
            paired = f"{dp:>+14.0f}ms{dr:>+15.1f}ms"
        print(
            f"{how + (f' {kind} ×{n}' if n else ''):<18}{statistics.median(col['painted']):>14.0f}ms"
            f"{min(col['painted']):>6.0f}{max(col['painted']):>6.0f}"
            f"{statistics.median(col['painted']) / empty_painted:>8.2f}"
            f"{statistics.median(col['renderer']):>8.1f}ms"
            f"{min(col['renderer']):>6.0f}{max(col['renderer']):>6.0f}"
            f"{statistics.median(col['commits']):>9.0f}{statistics.median(col['bytes']):>9,.0f}"
            f"{statistics.median(script):>6.1f}ms{paired}"
        )


if __name__ == "__main__":
    args = timing_arguments(__doc__, 10, "variants whose host or kind is")
    main(args.runs, args.warmup, args.only, args.pause)
