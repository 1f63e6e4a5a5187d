"""What a visitor's browser waits for and receives on a rerun: prints figures, asserts nothing.

    python bench/bench_pages.py [--runs 10] [--warmup 2]

For every page, through a real local server and the system Chromium (/usr/bin/chromium):
the time from a rerun's trigger (the key press that submits a changed input) to the
finished, painted page, and the bytes that rerun sends to the browser (websocket frames
plus HTTP bodies such as images). The baseline is an empty Streamlit page with one text
input, served by a second server in the same run and rerun the same way.

How a rerun is timed, inside the page (no fixed sleeps, no Playwright round trips in the
figure): a capture-phase key listener stamps the trigger; a MutationObserver on the app
root sees ``data-test-script-state`` turn to "running" (so the idle state *before* the
rerun is never mistaken for its end) and then to "notRunning" while CONNECTED; the next
animation frame, once every image has loaded and every chart has drawn, stamps the end.
Each page: ``--warmup`` untimed reruns, then ``--runs`` timed ones; median, min and max.
The machine is shared: read the ratios to the empty page, not the absolute figures.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_FLAGS, start_server, wait_for_run  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

EMPTY_PAGE = "import streamlit as st\nst.title('empty')\nst.text_input('Seed', key='seed')\n"

# (label, path, trigger): a text box to change and the values to cycle through, or None
# for Streamlit's "r" shortcut (a rerun with nothing changed).
PAGES = [
    ("home (r: rerun)", "/", None),
    ("combinatorics (width)", "/Combinatorics", ("Width (pixels)", [str(w) for w in range(100, 200)])),
    ("sampling (seed)", "/Sampling", ("Seed", [str(s) for s in range(1, 101)])),
    ("learning (seed)", "/Learning", ("Seed", [str(s) for s in range(1, 101)])),
]

# Installed before each trigger: stamps the key press and the painted end of the rerun it starts.
ARM = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const t = window.__rerun = {start: null, running: false, end: null};
  window.__rerunObserver?.disconnect();
  addEventListener('keydown', () => { t.start ??= performance.now(); }, {capture: true, once: true});
  const settled = () =>
    [...document.querySelectorAll('img')].every(i => i.complete) &&
    [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
      .every(c => c.querySelector('canvas, svg'));
  const finish = () => settled() ? (t.end = performance.now()) : requestAnimationFrame(finish);
  const observer = window.__rerunObserver = new MutationObserver(records => {
    const state = app.getAttribute('data-test-script-state');
    // Records keep the old value, so a run too quick to be seen between callbacks still counts.
    if (state === 'running' || records.some(r => r.oldValue === 'running')) t.running = true;
    if (t.running && state === 'notRunning' &&
        app.getAttribute('data-test-connection-state') === 'CONNECTED') {
      observer.disconnect();
      requestAnimationFrame(finish);
    }
  });
  observer.observe(app, {attributes: true, attributeOldValue: true,
                         attributeFilter: ['data-test-script-state', 'data-test-connection-state']});
}"""


class Meter:
    """Counts the bytes the server sends to one page: websocket frames and HTTP responses."""

    def __init__(self, page) -> None:
        self.bytes = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))
        page.on("requestfinished", self._request)

    def _frame(self, payload) -> None:
        self.bytes += len(payload)

    def _request(self, request) -> None:
        sizes = request.sizes()
        self.bytes += sizes.get("responseBodySize", 0) + sizes.get("responseHeadersSize", 0)


def rerun(page, trigger, i: int) -> float:
    """One rerun, triggered by a key press; milliseconds from the key to the painted page."""
    page.evaluate(ARM)
    if trigger is None:
        page.keyboard.press("r")  # Streamlit's rerun shortcut
    else:
        label, values = trigger
        box = page.get_by_role("textbox", name=label, exact=True)
        box.fill(values[i % len(values)])
        box.press("Enter")
    page.wait_for_function("() => window.__rerun.end !== null", polling="raf", timeout=120_000)
    return page.evaluate("() => window.__rerun.end - window.__rerun.start")


def measure(browser, url: str, trigger, runs: int, warmup: int) -> dict:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    meter = Meter(page)
    page.goto(url)
    wait_for_run(page)
    times, sizes = [], []
    for i in range(warmup + runs):
        meter.bytes = 0
        ms = rerun(page, trigger, i)
        if i >= warmup:
            times.append(ms)
            sizes.append(meter.bytes)
    page.close()
    return dict(
        median=statistics.median(times), low=min(times), high=max(times), bytes=statistics.median(sizes)
    )


def main(runs: int, warmup: int) -> None:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty.py"
        empty.write_text(EMPTY_PAGE)
        app, app_url = start_server()
        base, base_url = start_server(script=str(empty))
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                empty_trigger = ("Seed", [str(s) for s in range(1, 101)])
                rows = [("empty page (seed)", measure(browser, base_url, empty_trigger, runs, warmup))]
                for label, path, trigger in PAGES:
                    rows.append((label, measure(browser, app_url + path, trigger, runs, warmup)))
                # The baseline again at the end: if it moved, the machine's load changed mid-run.
                rows.append(("empty page again", measure(browser, base_url, empty_trigger, runs, warmup)))
                browser.close()
        finally:
            for process in (app, base):
                process.terminate()
    baseline = rows[0][1]["median"]
    print(
        f"Rerun of each page in Chromium, key press to painted page; {warmup} warm-up and {runs} timed "
        f"reruns each ({time.perf_counter() - started:.0f} s in all)."
    )
    print(f"{'page (input changed)':<26}{'median':>9}{'min':>8}{'max':>8}{'× empty':>9}{'bytes/rerun':>13}")
    for label, row in rows:
        print(
            f"{label:<26}{row['median']:>7.0f}ms{row['low']:>6.0f}ms{row['high']:>6.0f}ms"
            f"{row['median'] / baseline:>9.1f}{row['bytes']:>13,.0f}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args()
    main(args.runs, args.warmup)
