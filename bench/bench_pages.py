"""What a visitor's browser waits for and receives: prints figures, asserts nothing.

    python bench/bench_pages.py [--runs N]

For every page, through a real local server and the system Chromium (/usr/bin/chromium):
the time from a rerun's trigger to the finished page, and the bytes that rerun sends to
the browser (websocket frames plus media files), median over N reruns. The baseline is an
empty Streamlit page served by a second server in the same run. Machines here are shared
and noisy: read medians and ratios.
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

from playwright.sync_api import sync_playwright  # noqa: E402
from test_browser import CHROMIUM, CHROMIUM_FLAGS, FINISHED, start_server  # noqa: E402

# (label, path, how to trigger a rerun that recomputes everything)
PAGES = [
    ("home", "/", None),
    ("combinatorics", "/Combinatorics", ("Width (pixels)", [str(w) for w in range(100, 200)])),
    ("sampling", "/Sampling", ("Seed", [str(s) for s in range(1, 101)])),
    ("learning", "/Learning", ("Seed", [str(s) for s in range(1, 101)])),
]


class Meter:
    """Counts the bytes the server sends to one page: websocket frames and HTTP bodies."""

    def __init__(self, page) -> None:
        self.bytes = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))
        page.on("requestfinished", self._request)

    def _frame(self, payload) -> None:
        self.bytes += len(payload)

    def _request(self, request) -> None:
        sizes = request.sizes()
        self.bytes += sizes.get("responseBodySize", 0) + sizes.get("responseHeadersSize", 0)


def wait_finished(page, started: float) -> float:
    page.wait_for_timeout(50)  # let the rerun start: "notRunning" also holds before it
    page.wait_for_function(
        f"() => document.querySelector('{FINISHED}') !== null", polling="raf", timeout=60_000
    )
    return time.perf_counter() - started


def measure(browser, url: str, trigger, runs: int) -> dict:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    meter = Meter(page)
    start = time.perf_counter()
    page.goto(url)
    cold = wait_finished(page, start)
    cold_bytes = meter.bytes
    times, sizes = [], []
    for i in range(runs):
        meter.bytes = 0
        start = time.perf_counter()
        if trigger is None:
            page.keyboard.press("r")  # Streamlit's rerun shortcut
        else:
            label, values = trigger
            box = page.get_by_role("textbox", name=label, exact=True)
            box.fill(values[i % len(values)])
            box.press("Enter")
        times.append(wait_finished(page, start))
        page.wait_for_timeout(200)  # late media requests of this rerun
        sizes.append(meter.bytes)
    page.close()
    return dict(
        cold=cold,
        cold_bytes=cold_bytes,
        rerun=statistics.median(times),
        worst=max(times),
        bytes=statistics.median(sizes),
    )


def main() -> None:
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 10
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty.py"
        empty.write_text("import streamlit as st\nst.title('empty')\n")
        app, app_url = start_server()
        base, base_url = start_server(script=str(empty))
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                baseline = measure(browser, base_url, None, runs)
                rows = [("empty page (baseline)", baseline)]
                for label, path, trigger in PAGES:
                    if label == "learning" and not (ROOT / "pages" / "3_Learning.py").exists():
                        continue
                    rows.append((label, measure(browser, app_url + path, trigger, runs)))
                browser.close()
        finally:
            for process in (app, base):
                process.terminate()
    print(f"Median over {runs} reruns per page (a rerun recomputes the page: a new input).")
    print(
        f"{'page':<24}{'first load':>12}{'rerun':>10}{'worst':>10}{'× empty':>9}"
        f"{'bytes/rerun':>14}{'first-load bytes':>18}"
    )
    for label, row in rows:
        print(
            f"{label:<24}{row['cold'] * 1e3:>10.0f}ms{row['rerun'] * 1e3:>8.0f}ms"
            f"{row['worst'] * 1e3:>8.0f}ms{row['rerun'] / baseline['rerun']:>9.1f}"
            f"{row['bytes']:>14,.0f}{row['cold_bytes']:>18,.0f}"
        )


if __name__ == "__main__":
    main()
