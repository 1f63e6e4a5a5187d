"""The server's part of a rerun, alone: prints figures, asserts nothing.

    python bench/bench_round_trip.py [--runs 40] [--warmup 2] [--only sampling] [--against REV]
                                     [--pause 0.5] [--baseline plain|served]

Over Streamlit's own websocket (``bench_audience.Session``: no browser, so what is timed is the
server and loopback), for each page's input as a visitor changes it in the page (a fragment's
rerun: a width, a seed, the talk's Next), the time from the ``BackMsg`` to the run's
``script_finished``. The baseline is the empty page (``bench_pages.EMPTY_PAGE``), its one box
changed the same way by a session of its own, served beside it in the same run. Reruns are
taken in turn, rerun ``i`` of every server before rerun ``i + 1`` of any, so a load that swings
over seconds falls on all alike; ``--pause S`` waits S seconds between reruns (0.05 by
default: what a page does ahead starts between them, as in a room). Each row: median, min and
max over ``--runs`` after ``--warmup``, and its ratio to the empty page's median;
``--baseline served`` serves the empty page as the app is served (``bench_pages.empty_page``).

``--against REV`` serves commit ``REV`` (a git worktree of it) beside this tree and prints the
median of each rerun's difference from this tree's at the same turn (positive: this tree is
faster). ``bench/bench_pages.py`` times the same reruns in Chromium, painted; its "finished"
column is this figure seen through a browser and Playwright, several times noisier.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from bench_audience import Session  # noqa: E402
from bench_draw_split import served_against  # noqa: E402
from bench_pages import timing_arguments  # noqa: E402

#: (label, page, changes made in turn: a widget's key and the value typed, or None for a button
#: pressed): a new value each rerun, as bench_pages' rows (a new seed's fit or draw is the
#: server's work a visitor waits for); the talk's Next through every step, then Back.
ROWS = [
    ("combinatorics (width)", "Combinatorics", [("w", str(w)) for w in range(100, 200)]),
    ("sampling (seed)", "Sampling", [("seed", str(s)) for s in range(1, 101)]),
    ("learning (seed)", "Learning", [("seed", str(s)) for s in range(1, 101)]),
    ("talk (next step)", "Talk", [("talk-next", None)] * 7 + [("talk-back", None)] * 7),
]
#: The empty page's one box (bench_pages.EMPTY_PAGE), a new value each rerun.
EMPTY_CHANGES = [("seed", str(s)) for s in range(1, 101)]


def port_of(url: str) -> int:
    """The port of a server's address.

    >>> port_of("http://127.0.0.1:8501")
    8501
    """
    return int(url.rsplit(":", 1)[1].strip("/"))


async def opened(url: str, path: str) -> Session:
    """A session that has opened the home page, then ``path``, as a visitor does."""
    session = Session(port_of(url), 120.0, [], path or "empty")
    await session.connect()
    await session.run("")
    if path:
        await session.run(path)
    return session


async def turns(servers: dict[str, str], path: str, changes: list, reruns: int, warmup: int, pause: float):
    """Milliseconds of each timed rerun, per server (``servers``: name -> url): the empty page
    (named ``(empty page)``) has its box changed, the others ``path``'s ``changes`` in turn."""
    sessions = {
        name: await opened(url, "" if name == "(empty page)" else path) for name, url in servers.items()
    }
    times: dict[str, list[float]] = {name: [] for name in servers}
    names = list(servers)
    for i in range(warmup + reruns):
        for name in names if i % 2 == 0 else names[::-1]:  # who goes first alternates
            own_path, own = ("", EMPTY_CHANGES) if name == "(empty page)" else (path, changes)
            seconds = await sessions[name].change(own_path, *own[i % len(own)])
            if seconds is None:
                raise RuntimeError(f"{name} /{path}: {sessions[name].errors}")
            if i >= warmup:
                times[name].append(seconds * 1e3)
            await asyncio.sleep(pause)
    for session in sessions.values():
        await session.close()
    return times


def table(label: str, times: dict[str, list[float]], rev: str | None) -> None:
    """One row per server: median, min, max, × the empty page's median, and (on ``rev``'s row)
    the median paired difference from this tree's."""
    empty = statistics.median(times["(empty page)"])
    for name, own in times.items():
        paired = ""
        if rev is not None and name == rev:
            paired = f"{statistics.median(b - a for a, b in zip(times['this tree'], own)):>+12.1f}ms"
        print(
            f"{label if name == '(empty page)' else '':<24}{name[:12]:<13}{statistics.median(own):>8.1f}ms"
            f"{min(own):>8.1f}ms{max(own):>8.1f}ms{statistics.median(own) / empty:>9.2f}{paired}",
            flush=True,
        )


def main(
    reruns: int, warmup: int, only: list[str] | None, rev: str | None, pause: float, baseline: str
) -> None:
    started, loads = time.perf_counter(), [os.getloadavg()[0]]
    print(
        f"A rerun's round trip over the websocket, BackMsg to script_finished: {warmup} warm-up and {reruns}"
        " timed reruns each, servers taken in turn"
        + (
            f"; 'paired': {rev}'s minus this tree's at the same turn (positive: this tree is faster)."
            if rev
            else "."
        )
    )
    print(
        f"{'page (input changed)':<24}{'server':<13}{'median':>10}{'min':>10}{'max':>10}{'× empty':>9}",
        end="",
    )
    print(f"{'paired':>14}" if rev else "")
    with served_against(rev, baseline) as launched:
        names = ["(empty page)", "this tree", *([rev] if rev else [])]
        servers = {name: url for name, (_, url) in zip(names, launched)}
        for label, path, changes in ROWS:
            if only and not any(word in label for word in only):
                continue
            table(label, asyncio.run(turns(servers, path, changes, reruns, warmup, pause)), rev)
    loads.append(os.getloadavg()[0])
    print(
        f"{time.perf_counter() - started:.0f} s in all; load (1 min) {loads[0]:.1f} at the start, {loads[1]:.1f} at the end."
    )


if __name__ == "__main__":
    args = timing_arguments(__doc__, 40, "rows whose label has")
    main(args.runs, args.warmup, args.only, args.against, args.pause or 0.05, args.baseline)
