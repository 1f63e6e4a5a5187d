"""The Sampling page's room search and thinness sections in Chromium: prints figures, asserts nothing.

    python bench/bench_room_section.py [--repeats 2]

For each repeat, a fresh ``streamlit run`` server and ``/Sampling`` as its very first request
at 1440×900: seconds from navigation to the first grid picture (the baseline, same load),
to the room's counter, to the thinness table, and to the run's end. Then, on that warm server,
reruns timed from click to the run's end: "Search harder" against "Draw again" (the baseline:
a rerun the page already had). Median, min and max. Loopback only; every server is stopped.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_FLAGS, start_server, stop_server, wait_for_run  # noqa: E402

MARKS = {
    "first grid picture (baseline)": "() => document.querySelector('[class*=pixel-grid-random] img')?.complete",
    "room counter": "() => [...document.querySelectorAll('.bignum-label')]"
    ".some(e => e.textContent.startsWith('noise images this room'))",
    "thinness table": "() => [...document.querySelectorAll('table.facts td')]"
    ".some(e => e.textContent.startsWith('noise 16×16'))",
}


def timed_click(page, name: str) -> float:
    start = time.perf_counter()
    page.get_by_role("button", name=name).first.click()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')"
        ".getAttribute('data-test-script-state') === 'running'",
        polling="raf",
    )
    wait_for_run(page, 120_000)
    return time.perf_counter() - start


def summary(values: list[float]) -> str:
    return f"median {statistics.median(values):6.2f} s  min {min(values):6.2f}  max {max(values):6.2f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    figures: dict[str, list[float]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for _ in range(max(1, min(args.repeats, 5))):
            process, url = start_server()
            try:
                page = browser.new_page(viewport={"width": 1440, "height": 900})
                start = time.perf_counter()
                page.goto(f"{url}/Sampling")
                for name, condition in MARKS.items():
                    page.wait_for_function(condition, polling="raf", timeout=180_000)
                    figures.setdefault(f"cold: {name}", []).append(time.perf_counter() - start)
                wait_for_run(page, 180_000)
                figures.setdefault("cold: run finished", []).append(time.perf_counter() - start)
                for _ in range(3):
                    figures.setdefault("rerun: Draw again (baseline)", []).append(
                        timed_click(page, "Draw again")
                    )
                    page.wait_for_timeout(1100)  # the room's budget refills in a second
                    figures.setdefault("rerun: Search harder", []).append(timed_click(page, "Search harder"))
                page.close()
            finally:
                stop_server(process)
        browser.close()
    for name, values in figures.items():
        print(f"{name:34s} {summary(values)}  (n={len(values)})")


if __name__ == "__main__":
    main()
