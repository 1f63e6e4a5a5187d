"""A visitor's first load of each link, in a browser with nothing cached: prints figures, asserts nothing.

    python bench/bench_first_load.py [--runs 10] [--links / /Sampling ...] [--network fast-4g] [--phone]
    python bench/bench_first_load.py --against REV [--runs 10]

Each load opens a new browser context (no cache, no cookies) on the app served as the README
serves it (``serve.py``) and times, from the navigation: the page's websocket opening (Streamlit's
page has found its server) and the first run's end (the page connected, running, then not).
Loads are taken in turns, link after link, ``--runs`` times after a warm-up turn, so a load that
swings over seconds falls on every link alike; the home page, which Streamlit finds its server
from at once, is the baseline in the same run. ``--against REV`` serves this tree and commit REV
(a worktree of it) side by side and loads each link from both in turn, printing each tree's
medians and their paired difference. Beside the times, each load's bytes (every HTTP answer's
headers and body as they came over the wire: the websocket's frames are not counted) and the
server's CPU for it (its process tree's, in the kernel's 10-ms ticks: read the medians).
``--network`` loads each page over a phone's link, emulated by Chromium (:data:`NETWORKS`), where
the bytes count; by default, over loopback.

Where it led (2026-11-27): a link to a page opened its websocket ~100 ms after the home page's
(Streamlit's page asked the page's own path for the server first: two 404s, then its 100-ms
retry delay); since :mod:`lib.ui.deep_links`, as soon as the home page's. ``--against 4cc00b8
--runs 10`` (load 2.9-5.1): the websocket open 92-108 ms sooner on every link to a page (How many
images?, Random images, Memorise or model?, the talk's step 3), the first run's end 68-109 ms
sooner; the home page the same (-4 and +6 ms).

And then: a first load of the home page was 2.7 MB, 2.1 MB of it Streamlit's own scripts, sent
uncompressed; since :mod:`lib.ui.compressed_assets` gzips them once per server, 1.1 MB (``--against
16e0219``).
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

from bench_audience import tree_cpu_seconds  # noqa: E402
from bench_draw_split import checked_out, serve_tree  # noqa: E402
from bench_pages import PHONE  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_FLAGS, stop_server, wait_for_run  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

#: The home page (the baseline) and a link to each page, as the README and the talk give them.
LINKS = ["/", "/Combinatorics?w=32&h=32&c=3&bits=8", "/Sampling", "/Learning", "/Talk?step=3"]

#: A phone's link: (Mbit/s down, Mbit/s up, ms of latency added to each request). The names,
#: the latencies and the nominal throughputs of Chromium DevTools' presets (DevTools itself sends
#: 90% of those throughputs). A phone in a full room is often slower still.
NETWORKS = {"fast-4g": (9.0, 1.5, 165.0), "slow-4g": (1.6, 0.75, 562.5)}


def first_load(
    browser, url: str, pid: int, network: str | None = None, phone: bool = False
) -> tuple[float, float, int, float, float]:
    """ms from the navigation to the websocket's opening and to the first run's end, the bytes
    of every HTTP answer, the ms of the server's CPU (its process tree ``pid``) and of the
    page's main thread (Chromium's ``TaskDuration``), in a new browser context (nothing cached),
    over ``network`` (:data:`NETWORKS`) if given, as :data:`PHONE` if ``phone``."""
    context = browser.new_context(
        **(PHONE["context"] if phone else {"viewport": {"width": 1400, "height": 900}})
    )
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable")
        if phone:
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": PHONE["slowdown"]})
        if network:
            down, up, latency = NETWORKS[network]
            cdp.send("Network.enable")
            cdp.send(
                "Network.emulateNetworkConditions",
                {
                    "offline": False,
                    "latency": latency,
                    "downloadThroughput": down * 1e6 / 8,
                    "uploadThroughput": up * 1e6 / 8,
                },
            )
        opened: list[float] = []
        answered: list = []
        page.on("websocket", lambda _: opened.append(time.perf_counter()))
        page.on("requestfinished", lambda request: answered.append(request))
        cpu, started = tree_cpu_seconds(pid), time.perf_counter()
        page.goto(url, timeout=120_000)
        wait_for_run(page, timeout=120_000)
        ended = time.perf_counter()
        cpu = tree_cpu_seconds(pid) - cpu
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        sizes = [request.sizes() for request in answered]
        wire = sum(size["responseBodySize"] + size["responseHeadersSize"] for size in sizes)
        return (
            (opened[0] - started) * 1e3,
            (ended - started) * 1e3,
            wire,
            cpu * 1e3,
            metrics["TaskDuration"] * 1e3,
        )
    finally:
        context.close()


def in_turns(
    served: dict[str, tuple[str, int]], links: list[str], runs: int, network: str | None, phone: bool = False
) -> dict[tuple[str, str], list]:
    """(tree, link) -> [(websocket ms, run's end ms, bytes, server CPU ms, main thread ms)]: one warm-up turn,
    then ``runs`` turns of every link from every tree (``served``: tree -> (url, server pid))."""
    out: dict[tuple[str, str], list] = {(name, link): [] for name in served for link in links}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for turn in range(runs + 1):
            for link in links:
                for name, (url, pid) in served.items():
                    timed = first_load(browser, url + link, pid, network, phone)
                    if turn:
                        out[(name, link)].append(timed)
        browser.close()
    return out


def main(runs: int, links: list[str], against: str | None, network: str | None, phone: bool = False) -> None:
    started, load = time.perf_counter(), [os.getloadavg()[0]]
    with ExitStack() as stack:
        trees = {"this tree": ROOT}
        if against:
            trees[against] = stack.enter_context(checked_out(against))
        servers = {}
        try:
            servers = {name: serve_tree(tree) for name, tree in trees.items()}
            served = {name: (url, process.pid) for name, (process, url) in servers.items()}
            rows = in_turns(served, links, runs, network, phone)
        finally:
            for process, _ in servers.values():
                stop_server(process)
    load.append(os.getloadavg()[0])
    print(
        f"First loads in a browser with nothing cached, {runs} a link and tree, taken in turns after a warm-up"
        f" turn ({time.perf_counter() - started:.0f} s; load (1 min) {load[0]:.1f}, {load[1]:.1f}); over "
        + (
            "{} ({:g} Mbit/s down, {:g} up, {:g} ms of latency)".format(network, *NETWORKS[network])
            if network
            else "loopback"
        )
        + (f"; as a phone (390×844, its CPU {PHONE['slowdown']}× slower)." if phone else ".")
    )
    print(
        "ms from the navigation: the websocket open, the first run's end; medians [min–max]; × home: ÷ '/';"
        " KB: the HTTP answers' bytes; server ms: its CPU for the load (10-ms ticks);"
        " page ms: the page's main thread busy until the run's end (Chromium's TaskDuration)."
    )
    home = {name: statistics.median(r[1] for r in rows[(name, links[0])]) for name in trees}
    for link in links:
        for name in trees:
            own = rows[(name, link)]
            ws, end = [r[0] for r in own], [r[1] for r in own]
            wire, cpu = statistics.median(r[2] for r in own), statistics.median(r[3] for r in own)
            busy = statistics.median(r[4] for r in own)
            line = (
                f"{link[:38]:<38} {name[:10]:<10} websocket {statistics.median(ws):5.0f} [{min(ws):.0f}–{max(ws):.0f}]"
                f"   run's end {statistics.median(end):5.0f} [{min(end):.0f}–{max(end):.0f}]"
                f"  × home {statistics.median(end) / home[name]:.2f}   {wire / 1e3:5.0f} KB  server {cpu:4.0f} ms  page {busy:5.0f} ms"
            )
            if name != "this tree":
                mine = rows[("this tree", link)]
                d_ws = statistics.median(o[0] - m[0] for o, m in zip(own, mine))
                d_end = statistics.median(o[1] - m[1] for o, m in zip(own, mine))
                d_cpu = statistics.median(o[3] - m[3] for o, m in zip(own, mine))
                d_busy = statistics.median(o[4] - m[4] for o, m in zip(own, mine))
                line += (
                    f"   paired ({name} − this tree): websocket {d_ws:+.0f}, run's end {d_end:+.0f},"
                    f" server {d_cpu:+.0f}, page {d_busy:+.0f} ms"
                )
            print(line)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--links", nargs="*", default=LINKS, help="links to load, the first the baseline")
    parser.add_argument("--against", help="a git revision to serve beside this tree")
    parser.add_argument(
        "--network", choices=sorted(NETWORKS), help="a phone's link, emulated (default: loopback)"
    )
    parser.add_argument("--phone", action="store_true", help="load as a phone: its screen, its CPU 4× slower")
    args = parser.parse_args()
    main(args.runs, args.links, args.against, args.network, args.phone)
