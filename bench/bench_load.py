"""An audience in real browsers: prints figures, asserts nothing.

    python bench/bench_load.py [--sessions 10] [--repeats 3]

The browser-side complement of ``bench_audience.py`` (which speaks the websocket protocol
and measures the server alone; browsers and server share this machine's cores, so read
these figures as what a visitor's browser waits for, not as the server's capacity).
One fresh local server; first one browser session alone, ``--repeats`` times (the
baseline, in the same run); then N sessions at once in the system Chromium, each opening
every page by deep link and changing an input. Each step is timed from its trigger (the
navigation, or the key press that submits the input) to the painted page: no fixed sleeps,
an input's rerun ends at the ``script_finished`` frame on the page's websocket. Prints median and p95 per
step, alone and in the crowd, errors seen, and the server's peak memory (process tree).
Only loopback traffic; every loop is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_audience import PeakMemory, pct, tree_mib  # noqa: E402
from bench_pages import is_script_finished  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_FLAGS, FINISHED, SERVED_APP, start_server, stop_server  # noqa: E402
from playwright.async_api import async_playwright  # noqa: E402

# Each session walks the story: (step, deep link, label of a text box to change, new values).
VISIT = [
    ("home", "/", None, None),
    ("combinatorics", "/Combinatorics?w=32&h=32", "Width (pixels)", ["64", "128"]),
    ("sampling", "/Sampling", "Seed", ["2", "3"]),
    ("learning", "/Learning", None, None),  # the same link for everyone, as from a slide's QR code
]
PAINTED = (
    f"() => document.querySelector('{FINISHED}') !== null"
    " && document.querySelector('[data-testid=\"stMain\"] h1') !== null"
    " && [...document.querySelectorAll('img')].every(i => i.complete)"
)
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


async def walk(browser, url: str, i: int, times: dict, errors: list) -> None:
    context = await browser.new_context(viewport={"width": 1200, "height": 800})
    page = await context.new_page()
    page.set_default_timeout(180_000)
    page.on("pageerror", lambda e: errors.append(f"session {i}: {e}"))
    sockets: list = []
    page.on("websocket", sockets.append)
    for step, path, label, values in VISIT:
        try:
            started = time.perf_counter()
            await page.goto(url + path)
            await page.wait_for_function(PAINTED, polling="raf", timeout=180_000)
            times.setdefault(f"{step} load", []).append(time.perf_counter() - started)
            if await page.locator(ERRORS).count():
                errors.append(f"session {i}: an error box on {path}")
            if label:
                finished = asyncio.get_running_loop().create_future()
                ws = sockets[-1]

                def on_frame(payload, finished=finished) -> None:
                    if not finished.done() and is_script_finished(payload):
                        finished.set_result(time.perf_counter())

                ws.on("framereceived", on_frame)
                box = page.get_by_role("textbox", name=label, exact=True)
                await box.fill(values[i % len(values)])
                started = time.perf_counter()
                await box.press("Enter")
                end = await asyncio.wait_for(finished, 180)
                ws.remove_listener("framereceived", on_frame)
                times.setdefault(f"{step} input", []).append(end - started)
        except Exception as error:  # a slow or failed step is a figure to report, not a crash
            errors.append(f"session {i}: {path}: {type(error).__name__}: {str(error)[:120]}")
    await context.close()


async def main(sessions: int, repeats: int) -> None:
    process, url = start_server(SERVED_APP)  # as the README serves it
    meter = PeakMemory(process.pid)
    meter.start()
    rss_start = tree_mib(process.pid)
    alone: dict[str, list[float]] = {}
    crowd: dict[str, list[float]] = {}
    errors: list[str] = []
    try:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            await walk(browser, url, 0, {}, errors)  # warm-up: the first visitor pays the imports
            for r in range(repeats):
                await walk(browser, url, r + 1, alone, errors)
            began = time.perf_counter()
            await asyncio.gather(*(walk(browser, url, i, crowd, errors) for i in range(sessions)))
            wall = time.perf_counter() - began
            await browser.close()
    finally:
        meter.running = False
        peak = meter.peak
        stop_server(process)
    print(
        f"One server; one browser session alone ({repeats} walks after a warm-up), then {sessions} "
        f"sessions at once ({wall:.1f} s); browsers and server share this machine's cores."
    )
    print(f"{'step':<22}{'alone median':>14}{'crowd p50':>12}{'p95':>10}{'p95/alone':>11}")
    for step in alone:
        a, c = statistics.median(alone[step]), crowd.get(step, [])
        if c:
            print(
                f"{step:<22}{a * 1e3:>11.0f} ms{pct(c, 0.5) * 1e3:>9.0f} ms{pct(c, 0.95) * 1e3:>7.0f} ms"
                f"{pct(c, 0.95) / a:>10.1f}×"
            )
    print(f"errors seen: {len(errors)}" + "".join(f"\n  {e}" for e in errors[:10]))
    print(f"server memory (process tree): {rss_start:.0f} MiB at start, peak {peak:.0f} MiB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(main(args.sessions, args.repeats))
