"""The talk in a browser: the cold first screen and every clicker step. Prints figures, asserts nothing.

    python bench/bench_talk.py [--repeats 3] [--size 1920x1080]

Cold: ``--repeats`` times, a new server whose very first request is ``/Talk?step=1`` in the
system Chromium; the time from ``goto`` to the finished, painted step (title drawn, run
finished, images loaded, fonts ready). The baseline, in the same run and the same way: an
empty Streamlit page on its own fresh server. Then, on the last talk server, the time from
a PageDown to the next step painted, for every step (its chart drawn when it has one), and
back with PageUp, against the same baseline (the empty page's cold load). Median,
min and max; read the ratios, the machine is shared. Every server is stopped.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_FLAGS, start_server, stop_server, wait_for_paint, wait_for_run  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from lib.talk import STEPS  # noqa: E402

EMPTY_PAGE = "import streamlit as st\nst.title('empty')\nst.text_input('Seed', key='seed')\n"
CHARTS = {step.number for step in STEPS if step.key in ("atoms", "odds", "bits")}
DRAWN = "n => document.querySelector('.st-key-talk-title h1')?.textContent.startsWith(n + '. ')"
#: The step's own chart on screen (every step's is drawn beforehand, hidden: lib.charts.talk).
CHART_DRAWN = "() => [...document.querySelectorAll('figure.talk-plot')].some(f => f.offsetParent !== null)"


def summary(label: str, seconds: list[float], baseline: float | None = None) -> str:
    median = statistics.median(seconds)
    ratio = f"  ×{median / baseline:.1f} the baseline" if baseline else ""
    return (
        f"{label:<34} median {median * 1000:7.0f} ms  min {min(seconds) * 1000:7.0f}  "
        f"max {max(seconds) * 1000:7.0f}  (n={len(seconds)}){ratio}"
    )


def painted_step(page, number: int) -> None:
    page.wait_for_function(DRAWN, arg=number, polling="raf", timeout=120_000)
    wait_for_run(page, timeout=120_000)
    if number in CHARTS:
        page.wait_for_function(CHART_DRAWN, polling="raf", timeout=60_000)
    wait_for_paint(page)


def cold_load(browser, script: str, link: str, ready, size: dict) -> tuple[float, Any, Any]:
    """Seconds from goto to the painted page on a fresh server; the server and page stay open."""
    process, url = start_server(script)
    page = browser.new_context(viewport=size).new_page()
    start = time.perf_counter()
    page.goto(url + link)
    ready(page)
    return time.perf_counter() - start, process, page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--size", default="1920x1080")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    size = {"width": width, "height": height}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        empty = Path(tmp) / "empty.py"
        empty.write_text(EMPTY_PAGE)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        empty_cold, talk_cold = [], []
        for _ in range(args.repeats):
            seconds, process, page = cold_load(browser, str(empty), "/", wait_for_run, size)
            empty_cold.append(seconds)
            page.context.close()
            stop_server(process)
        steps: dict[str, list[float]] = {}
        for repeat in range(args.repeats):
            seconds, process, page = cold_load(
                browser, "streamlit_app.py", "/Talk?step=1", lambda p: painted_step(p, 1), size
            )
            talk_cold.append(seconds)
            if repeat == args.repeats - 1:  # the clicker, on the last server (warm by now)
                page.wait_for_timeout(1500)  # buttons take their shortcuts a moment after drawing
                moves = [("PageDown", n) for n in range(2, len(STEPS) + 1)]
                moves += [("PageUp", n) for n in range(len(STEPS) - 1, 0, -1)]
                for key, number in moves:
                    start = time.perf_counter()
                    page.keyboard.press(key)
                    painted_step(page, number)
                    steps.setdefault(f"{key} to step {number}", []).append(time.perf_counter() - start)
            page.context.close()
            stop_server(process)
        browser.close()
    base = statistics.median(empty_cold)
    print(f"Viewport {width}×{height}; {args.repeats} fresh servers each.")
    print(summary("cold: empty page (baseline)", empty_cold))
    print(summary("cold: /Talk?step=1", talk_cold, base))
    for label, times in steps.items():
        print(summary(label, times, base))


if __name__ == "__main__":
    main()
