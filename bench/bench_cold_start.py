"""The first request to a fresh server, for every page and deep link: prints figures, asserts nothing.

    python bench/bench_cold_start.py [--repeats 3] [--links /Sampling ...] [--entries serve.py]
                                     [--no-imports] [--baseline plain|served]

For each entry file (``serve.py``, the app as served, which rehearses every page before it
listens; ``streamlit_app.py``, the same app started cold) and each link, ``--repeats``
times: a new ``streamlit run`` server on 127.0.0.1, the seconds from launch until its health
check answers, and the link as the very first request it ever sees, spoken in Streamlit's own websocket protocol
(a ``rerun_script`` with the link's page and query, as the browser sends on load): the time
to ``script_finished`` (errors counted), and the same again as the second visitor (warm).
The baseline, in the same run and the same way: an empty Streamlit page on its own fresh
server, launched right before each link's server (paired), because on a shared machine the
empty page's own first load drifts by ±25% over a run: a ratio to a baseline taken minutes
apart measures that drift, not the app. Each link prints the median, min and max of its first
loads, and the median [min–max] of its per-pair ratios (its first load ÷ the empty page's just
before it); the empty pages of all pairs are pooled in the first row. Beside them, the same
for the server's CPU on each request, measured inside the server (every server is started
through ``bench/cold_start_probe.py``): wall times of a first request swing with the load of
a shared machine, its CPU far less. ``serve.py`` sets TCP_NODELAY on its connections
(:mod:`lib.ui.no_delay`), which a plain ``streamlit run`` does not: ``--baseline served``
serves the empty page the same way, so that the ratio compares pages, not transports.

Then the import time of every page (``python -X importtime``): what its top-level imports
cost after ``import streamlit`` (the server has that already), and the heaviest packages.
Loopback only; every server is stopped; every loop is bounded.
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_audience import Session  # noqa: E402
from conftest import _die_with_parent, _free_port, stop_server, wait_until_serving  # noqa: E402

#: Starts each server with a probe of its CPU per page run (see that file).
PROBE = ROOT / "bench" / "cold_start_probe.py"

EMPTY_PAGE = "import streamlit as st\nst.title('empty')\nst.text_input('Seed', key='seed')\n"
#: ``--baseline served``: the empty page served as ``serve.py`` serves the app, through the
#: rehearsal's lifespan with nothing to rehearse: its connections send at once
#: (lib.ui.no_delay) and it keeps its compiled script, but nothing of it is run or imported
#: before its first visitor. The same transport on both sides of the ratio.
EMPTY_SERVED = """import sys
sys.path.insert(0, {root!r})
import streamlit as st
from lib.ui.rehearsal import rehearsal
app = st.App({page!r}, lifespan=rehearsal(views=(), warm=lambda: None))
"""

# Every page's default view and the deep links the README and the talk's slides use.
LINKS = [
    "/",
    "/Combinatorics",
    "/Combinatorics?w=32&h=32&c=3&bits=8",
    "/Combinatorics?m=text",
    "/Combinatorics?m=video",
    "/Sampling",
    "/Sampling?size=32&n=16&seed=3",
    "/Learning",
    "/Learning?size=8&colour=grey",
    "/Talk",
    "/Talk?step=4&side=28&seed=3",
]


async def first_and_second(port: int, link: str, timeout: float) -> tuple[float | None, float | None, list]:
    path, _, query = link.lstrip("/").partition("?")
    errors: list[str] = []
    times = []
    for visitor in ("first", "second"):
        s = Session(port, timeout, errors, visitor)
        await s.connect()
        times.append(await s.run(path, query))
        await s.close()
    return times[0], times[1], errors


def start_probed_server(script: str, probe: Path) -> tuple[subprocess.Popen, str]:
    """A fresh server as the tests start one (``conftest.launch_server``'s options), through
    :data:`PROBE`, which appends the server's CPU milliseconds of each page run to ``probe``."""
    port = _free_port()
    log = tempfile.TemporaryFile("w+")  # noqa: SIM115 (closed by stop_server)
    options = {
        "server.headless": "true",
        "server.address": "127.0.0.1",
        "server.port": str(port),
        "browser.gatherUsageStats": "false",
        "client.showErrorDetails": "none",
        "server.enableXsrfProtection": "true",
    }
    process = subprocess.Popen(
        [sys.executable, str(PROBE), script, *(f"--{k}={v}" for k, v in options.items())],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        preexec_fn=_die_with_parent,
        env={**os.environ, "COLD_START_PROBE": str(probe)},
    )
    process.log = log  # type: ignore[attr-defined]
    return wait_until_serving(process, f"http://127.0.0.1:{port}")


def cold(script: str, link: str, repeats: int, timeout: float) -> dict:
    firsts, seconds, errors, ready, cpu_firsts, cpu_seconds = [], [], [], [], [], []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as folder:
            probe = Path(folder) / "cpu.txt"
            launched = time.perf_counter()
            process, url = start_probed_server(script, probe)
            ready.append(time.perf_counter() - launched)
            try:
                port = int(url.rsplit(":", 1)[1])
                first, second, errs = asyncio.run(first_and_second(port, link, timeout))
            finally:
                stop_server(process)
            runs = [float(line) / 1e3 for line in probe.read_text().split()] if probe.exists() else []
        errors += errs
        firsts += [first] if first is not None else []
        seconds += [second] if second is not None else []
        cpu_firsts += runs[:1]
        cpu_seconds += runs[1:2]
    return dict(
        first=firsts, second=seconds, errors=errors, ready=ready, cpu_first=cpu_firsts, cpu_second=cpu_seconds
    )


def page_imports(page: Path) -> list[str]:
    """The page's top-level import statements, as source lines."""
    tree = ast.parse(page.read_text())
    return [ast.unparse(node) for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]


def import_times(page: Path) -> tuple[float, list[tuple[float, str]]]:
    """Milliseconds the page's imports cost after `import streamlit`, and the heaviest packages."""
    lines = [line for line in page_imports(page) if "__future__" not in line]
    code = "import streamlit\nimport sys\nprint('MARK', file=sys.stderr)\n" + "\n".join(lines)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    after = done.stderr.split("MARK", 1)[-1]
    rows = re.findall(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", after)
    # Top-level entries (the least indented) are what the page's import lines pulled in.
    top = min((len(indent) for _, indent, _ in rows), default=0)
    heads = [(int(cum) / 1e3, name) for cum, indent, name in rows if len(indent) == top]
    packages: dict[str, float] = {}
    for cum, indent, name in rows:
        if len(indent) <= top + 2:
            root = name.split(".")[0]
            packages[root] = max(packages.get(root, 0.0), int(cum) / 1e3)
    return sum(ms for ms, _ in heads), sorted(((ms, n) for n, ms in packages.items()), reverse=True)[:6]


def fmt(values: list[float], unit: str = "ms") -> str:
    if not values:
        return "(failed)"
    if unit == "s":
        return f"{statistics.median(values):5.1f} s [{min(values):.1f}–{max(values):.1f}]"
    return f"{statistics.median(values) * 1e3:6.0f} ms [{min(values) * 1e3:.0f}–{max(values) * 1e3:.0f}]"


def paired(script: str, link: str, empty: str, repeats: int, timeout: float) -> tuple[dict, dict]:
    """The link's cold figures and, launched right before each of its servers, an empty page's."""
    link_rows, empty_rows = [], []
    for _ in range(repeats):
        empty_rows.append(cold(empty, "/", 1, timeout))
        link_rows.append(cold(script, link, 1, timeout))
    merged = [{k: [v for r in rows for v in r[k]] for k in rows[0]} for rows in (link_rows, empty_rows)]
    for key, kept in (("first", "ratios"), ("cpu_first", "cpu_ratios")):
        merged[0][kept] = [
            lr[key][0] / er[key][0]
            for lr, er in zip(link_rows, empty_rows, strict=True)
            if lr[key] and er[key] and er[key][0] > 0
        ]
    return merged[0], merged[1]


def main(args) -> None:
    started = time.perf_counter()
    links = args.links or [link for link in LINKS if (ROOT / "pages").exists()]
    pages = {p.stem.split("_", 1)[-1] for p in (ROOT / "pages").glob("*.py")}
    links = [link for link in links if link == "/" or link[1:].split("?")[0] in pages]
    pooled: dict = dict(first=[], second=[], errors=[], ready=[], cpu_first=[], cpu_second=[])
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty.py"
        empty.write_text(EMPTY_PAGE)
        if args.baseline == "served":
            served = Path(tmp) / "empty_served.py"
            served.write_text(EMPTY_SERVED.format(root=str(ROOT), page=str(empty)))
            empty = served
        for entry in args.entries:
            for link in links:
                row, baseline = paired(entry, link, str(empty), args.repeats, args.timeout)
                rows.append((f"{entry} {link}", row))
                for key in pooled:
                    pooled[key] += baseline[key]
    rows.insert(0, (f"empty page, {args.baseline} (every pair's baseline)", pooled))
    print(
        f"First request to a fresh server (websocket rerun to script_finished), {args.repeats} fresh "
        f"servers per link, each paired with an empty page's fresh server launched just before it; "
        f"median [min–max]; {time.perf_counter() - started:.0f} s in all. "
        "Launch → healthy: from starting the process until /_stcore/health answers."
    )
    print(
        "Server CPU: the server process's CPU (every thread) from the rerun request's arrival until "
        "its script_finished is handed to the websocket (bench/cold_start_probe.py), robust to the "
        f"machine's load, which wall times are not; load average now {os.getloadavg()[0]:.1f}."
    )
    print(
        f"{'entry and link':<52}{'launch → healthy':>24}{'first visitor':>24}{'× empty, paired':>22}"
        f"{'second visitor':>24}{'server CPU, first':>24}{'× empty, paired':>22}{'server CPU, second':>24}"
        "  errors"
    )
    for label, row in rows:
        cells = []
        for key in ("ratios", "cpu_ratios"):
            ratios = row.get(key, [])
            cells.append(
                f"{statistics.median(ratios):.2f} [{min(ratios):.2f}–{max(ratios):.2f}]" if ratios else ""
            )
        print(
            f"{label:<52}{fmt(row['ready'], 's'):>24}{fmt(row['first']):>24}{cells[0]:>22}{fmt(row['second']):>24}"
            f"{fmt(row['cpu_first']):>24}{cells[1]:>22}{fmt(row['cpu_second']):>24}  {len(row['errors'])}"
        )
        for e in row["errors"][:2]:
            print(f"    {e[:150]}")
    if args.no_imports:
        return
    print("\nImport time of each page's top-level imports after `import streamlit` (python -X importtime):")
    for page in [ROOT / "streamlit_app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        runs = [import_times(page) for _ in range(args.repeats)]
        totals = [total for total, _ in runs]
        heaviest = ", ".join(f"{name} {ms:.0f}" for ms, name in runs[0][1])
        print(
            f"  {page.relative_to(ROOT).as_posix():<26} {statistics.median(totals):6.0f} ms "
            f"[{min(totals):.0f}–{max(totals):.0f}]   heaviest (ms): {heaviest}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--links", nargs="*", help="links to time instead of the default list")
    parser.add_argument(
        "--entries",
        nargs="*",
        default=["serve.py", "streamlit_app.py"],
        help="entry files to start the app from (serve.py rehearses before it listens)",
    )
    parser.add_argument("--no-imports", action="store_true", help="skip the import-time table")
    parser.add_argument(
        "--baseline",
        choices=["plain", "served"],
        default="plain",
        help="the empty page as `streamlit run` serves it (plain), or through the app's own serving "
        "lifespan with nothing rehearsed (served: TCP_NODELAY on both sides of the ratio)",
    )
    parser.add_argument("--timeout", type=float, default=180.0)
    main(parser.parse_args())
