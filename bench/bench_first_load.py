"""A visitor's first load of each link, in a browser with nothing cached: prints figures, asserts nothing.

    python bench/bench_first_load.py [--runs 10] [--links / /Sampling ...]
    python bench/bench_first_load.py --against REV [--runs 10]

Each load opens a new browser context (no cache, no cookies) on the app served as the README
serves it (``serve.py``) and times, from the navigation: the page's websocket opening (Streamlit's
page has found its server) and the first run's end (the page connected, running, then not).
Loads are taken in turns, link after link, ``--runs`` times after a warm-up turn, so a load that
swings over seconds falls on every link alike; the home page, which Streamlit finds its server
from at once, is the baseline in the same run. ``--against REV`` serves this tree and commit REV
(a worktree of it) side by side and loads each link from both in turn, printing each tree's
medians and their paired difference.

Where it led (2026-11-27): a link to a page opened its websocket ~100 ms after the home page's
(Streamlit's page asked the page's own path for the server first: two 404s, then its 100-ms
retry delay); since :mod:`lib.ui.deep_links`, as soon as the home page's. ``--against 4cc00b8
--runs 10`` (load 2.9-5.1): the websocket open 92-108 ms sooner on every link to a page (How many
images?, Random images, Memorise or model?, the talk's step 3), the first run's end 68-109 ms
sooner; the home page the same (-4 and +6 ms).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_draw_split import checked_out, serve_tree  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_FLAGS, stop_server, wait_for_run  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

#: The home page (the baseline) and a link to each page, as the README and the talk give them.
LINKS = ["/", "/Combinatorics?w=32&h=32&c=3&bits=8", "/Sampling", "/Learning", "/Talk?step=3"]


def first_load(browser, url: str) -> tuple[float, float]:
    """ms from the navigation to the websocket's opening and to the first run's end, in a new
    browser context (nothing cached)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        opened: list[float] = []
        page.on("websocket", lambda _: opened.append(time.perf_counter()))
        started = time.perf_counter()
        page.goto(url, timeout=60_000)
        wait_for_run(page, timeout=60_000)
        ended = time.perf_counter()
        return (opened[0] - started) * 1e3, (ended - started) * 1e3
    finally:
        context.close()


def in_turns(served: dict[str, str], links: list[str], runs: int) -> dict[tuple[str, str], list]:
    """(tree, link) -> [(websocket ms, run's end ms)]: one warm-up turn, then ``runs`` turns of
    every link from every tree."""
    out: dict[tuple[str, str], list] = {(name, link): [] for name in served for link in links}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for turn in range(runs + 1):
            for link in links:
                for name, url in served.items():
                    timed = first_load(browser, url + link)
                    if turn:
                        out[(name, link)].append(timed)
        browser.close()
    return out


def main(runs: int, links: list[str], against: str | None) -> None:
    started, load = time.perf_counter(), [os.getloadavg()[0]]
    with ExitStack() as stack:
        trees = {"this tree": ROOT}
        if against:
            trees[against] = stack.enter_context(checked_out(against))
        servers = {}
        try:
            servers = {name: serve_tree(tree) for name, tree in trees.items()}
            rows = in_turns({name: url for name, (_, url) in servers.items()}, links, runs)
        finally:
            for process, _ in servers.values():
                stop_server(process)
    load.append(os.getloadavg()[0])
    print(
        f"First loads in a browser with nothing cached, {runs} a link and tree, taken in turns after a warm-up"
        f" turn ({time.perf_counter() - started:.0f} s; load (1 min) {load[0]:.1f}, {load[1]:.1f})."
    )
    print(
        "ms from the navigation: the websocket open, the first run's end; medians [min–max]; × home: ÷ '/'."
    )
    home = {name: statistics.median(r[1] for r in rows[(name, links[0])]) for name in trees}
    for link in links:
        for name in trees:
            own = rows[(name, link)]
            ws, end = [r[0] for r in own], [r[1] for r in own]
            line = (
                f"{link[:38]:<38} {name[:10]:<10} websocket {statistics.median(ws):5.0f} [{min(ws):.0f}–{max(ws):.0f}]"
                f"   run's end {statistics.median(end):5.0f} [{min(end):.0f}–{max(end):.0f}]"
                f"  × home {statistics.median(end) / home[name]:.2f}"
            )
            if name != "this tree":
                mine = rows[("this tree", link)]
                d_ws = statistics.median(o[0] - m[0] for o, m in zip(own, mine))
                d_end = statistics.median(o[1] - m[1] for o, m in zip(own, mine))
                line += f"   paired ({name} − this tree): websocket {d_ws:+.0f}, run's end {d_end:+.0f}"
            print(line)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--links", nargs="*", default=LINKS, help="links to load, the first the baseline")
    parser.add_argument("--against", help="a git revision to serve beside this tree")
    args = parser.parse_args()
    main(args.runs, args.links, args.against)
