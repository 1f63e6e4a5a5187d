"""An audience opening the same link at once: prints figures, asserts nothing.

    python bench/bench_load.py [--sessions 25] [--reruns 500]

One local server (the app as deployed), N concurrent browser sessions in the system
Chromium, each loading every page by deep link and changing an input. Prints the time to
a finished page (median and worst), errors seen, the server's peak memory, then its memory
after R further reruns against the memory at the start of those reruns. Only loopback
traffic; every loop is bounded.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from playwright.async_api import async_playwright  # noqa: E402
from test_browser import CHROMIUM, CHROMIUM_FLAGS, FINISHED, start_server  # noqa: E402

# Each session walks the story: (deep link, label of a text box to change, new value).
VISIT = [
    ("/", None, None),
    ("/Combinatorics?w=32&h=32", "Width (pixels)", "64"),
    ("/Combinatorics?m=text", "Length (symbols)", "140"),
    ("/Sampling?seed={i}", "Size (pixels per side)", "16"),
    ("/Learning", None, None),  # the same link for everyone, as from a slide's QR code
]


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class PeakMemory(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0.0, True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, rss_mib(self.pid))
            time.sleep(0.05)


async def finished(page) -> None:
    await page.wait_for_timeout(50)
    await page.wait_for_function(
        f"() => document.querySelector('{FINISHED}') !== null"
        " && document.querySelector('[data-testid=\"stMain\"] h1') !== null",
        polling="raf",
        timeout=180_000,
    )


async def session(browser, url: str, i: int, timings: list, errors: list) -> object:
    page = await browser.new_page(viewport={"width": 1200, "height": 800})
    page.set_default_timeout(180_000)  # 25 pages share 2 cores with the server
    page.on("pageerror", lambda e: errors.append(f"session {i}: {e}"))
    for path, label, value in VISIT:
        try:
            await visit(page, url, path, label, value, i, timings, errors)
        except Exception as error:  # a slow or failed step is a figure to report, not a crash
            errors.append(f"session {i}: {path}: {type(error).__name__}: {str(error)[:120]}")
    return page


async def visit(page, url, path, label, value, i, timings, errors) -> None:
    """One deep link, then (where the page has one) an input changed: both timed."""
    start = time.perf_counter()
    await page.goto(url + path.format(i=i))
    await finished(page)
    timings.append(time.perf_counter() - start)
    if await page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').count():
        errors.append(f"session {i}: an error box on {path}")
    if label:
        box = page.get_by_role("textbox", name=label, exact=True)
        start = time.perf_counter()
        await box.fill(value)
        await box.press("Enter")
        await finished(page)
        timings.append(time.perf_counter() - start)


async def main(sessions: int, reruns: int) -> None:
    process, url = start_server()
    meter = PeakMemory(process.pid)
    start_rss = rss_mib(process.pid)
    meter.start()
    try:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            timings, errors = [], []
            began = time.perf_counter()
            pages = await asyncio.gather(
                *(session(browser, url, i, timings, errors) for i in range(sessions))
            )
            wall = time.perf_counter() - began
            peak = meter.peak
            await asyncio.sleep(2)
            before = rss_mib(process.pid)
            # R further reruns, round robin over the open sessions (each on its last page).
            for r in range(reruns):
                page = pages[r % len(pages)]
                await page.keyboard.press("r")
                await finished(page)
            await asyncio.sleep(2)
            after = rss_mib(process.pid)
            await browser.close()
    finally:
        meter.running = False
        process.terminate()
    print(
        f"{sessions} concurrent sessions × {len(timings) // max(sessions, 1)} page loads and "
        f"input changes each, one server, {wall:.1f} s in all"
    )
    print(f"time to a finished page: median {statistics.median(timings):.2f} s, worst {max(timings):.2f} s")
    print(f"errors seen: {len(errors)}" + "".join(f"\n  {e}" for e in errors[:10]))
    print(f"server memory: {start_rss:.0f} MiB at start, peak {peak:.0f} MiB under load")
    print(
        f"after {reruns} further reruns: {after:.0f} MiB, against {before:.0f} MiB before them "
        f"({after - before:+.0f} MiB)"
    )


if __name__ == "__main__":
    args = sys.argv
    n = int(args[args.index("--sessions") + 1]) if "--sessions" in args else 25
    r = int(args[args.index("--reruns") + 1]) if "--reruns" in args else 500
    asyncio.run(main(n, r))
