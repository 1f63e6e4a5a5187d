"""Time, bytes sent and peak memory of the Sampling page at the limits of its inputs.

    .venv/bin/python bench/bench_sampling.py [--repeats 3] [--only size=512]

Each view runs through Streamlit's AppTest in fresh Python processes, ``--repeats`` times
each way: as the first request of a process (a cold server: first imports, empty caches),
and on a warm server whose caches for this view are cold (after a warm-up view with other
values of every input). Figures are the median with min and max. "KB sent" is what one
run sends: every element's protobuf plus every image file (downloads are sent only when
clicked). "Cold CPU s" is the CPU time of the whole child process during that run (all
threads: robust to a loaded machine). "Peak MB" is the child's peak resident memory (VmHWM). The baseline, measured in the same run
and the same way, is a page that configures itself and writes one line: the floor any
view pays. Prints; never asserts.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The default view, each input at its limit alone, and the worst combinations.
VIEWS: list[tuple[str, dict[str, str]]] = [
    ("default", {}),
    ("size=32&n=16&seed=3", {"size": "32", "n": "16", "seed": "3"}),  # a new draw (the cold-start link)
    ("size=512", {"size": "512"}),
    ("size=8", {"size": "8"}),
    ("n=64", {"n": "64"}),
    ("n=1", {"n": "1"}),
    ("draws=20000", {"draws": "20000"}),
    ("seed=2^32-1", {"seed": str(2**32 - 1)}),
    ("size=512&n=64&draws=20000", {"size": "512", "n": "64", "draws": "20000"}),
    ("… grey", {"size": "512", "n": "64", "draws": "20000", "colour": "grey"}),
    ("… crops", {"size": "512", "n": "64", "draws": "20000", "real": "crops"}),
    ("size=8&n=64&draws=20000", {"size": "8", "n": "64", "draws": "20000"}),
]

CHILD = r"""
import functools, json, sys, time
sys.path.insert(0, {root!r})
# A server scans installed packages for components once, at start-up; AppTest would rescan
# for every new AppTest (~0.1-2 s), inside the timed run.
from streamlit.components.v2 import manifest_scanner
manifest_scanner.scan_component_manifests = functools.cache(manifest_scanner.scan_component_manifests)
manifest_scanner.scan_component_manifests()
import streamlit.testing.v1.app_test as app_test
from streamlit.testing.v1 import AppTest
stores = []
class Recording(app_test.MemoryMediaFileStorage):
    def __init__(self, *a, **k):
        super().__init__(*a, **k); stores.append(self)
app_test.MemoryMediaFileStorage = Recording
script, page, query, warm = {script!r}, {page!r}, {query!r}, {warm!r}
if warm:  # a warm server: everything imported, shared caches filled, this view's caches cold
    first = AppTest.from_file(script, default_timeout=600)
    for key, value in warm.items():
        first.query_params[key] = value
    if page:
        first.switch_page(page)
    first.run()
    stores.clear()
    # Let the warm-up's background work finish (e.g. a default view fitted after it): idle
    # means under 20 ms of CPU in 200 ms, within 60 s.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        before = time.process_time()
        time.sleep(0.2)
        if time.process_time() - before < 0.02:
            break
at = AppTest.from_file(script, default_timeout=600)
for key, value in query.items():
    at.query_params[key] = value
if page:
    at.switch_page(page)
start, cpu = time.perf_counter(), time.process_time()
at.run()
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
def peak_mb():  # VmHWM: ru_maxrss would carry the parent's peak across fork and exec
    status = open("/proc/self/status").read().split("VmHWM:")[1]
    return int(status.split()[0]) / 1024
def walk(node):
    yield node
    for child in getattr(node, "children", {{}}).values():
        yield from walk(child)
protos = sum(el.proto.ByteSize() for el in walk(at.main) if getattr(el, "proto", None) is not None)
# Downloads are stored, and sent only when clicked.
files = sum(len(f.content) for s in stores for f in s._files_by_id.values() if f.kind.name != "DOWNLOADABLE")
errors = len(at.exception) + len(at.error)
print(json.dumps(dict(seconds=seconds, bytes=protos + files, peak_mb=peak_mb(), cpu=cpu, errors=errors)))
"""

BASELINE_PAGE = """
import streamlit as st
st.set_page_config(page_title="baseline", layout="wide")
st.write("An empty view.")
"""


#: The warm-up view: different values of every input, so no cache of a measured view is filled.
WARM_UP = {"size": "9", "n": "2", "seed": "12345", "draws": "11"}


def run(script: str, page: str | None, query: dict[str, str], warm: dict[str, str] | None = None) -> dict:
    code = CHILD.format(root=str(ROOT), script=script, page=page, query=query, warm=warm)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def summary(values: list[float], fmt: str) -> str:
    return f"{format(statistics.median(values), fmt)} [{format(min(values), fmt)}–{format(max(values), fmt)}]"


def measure_views(
    page: str, views: list[tuple[str, dict[str, str]]], warm_up: dict[str, str], repeats: int
) -> None:
    """Print each view of ``page`` (a path under pages/) against an empty page, measured
    the same way in the same run (bench_learning.py measures its page with this too)."""
    with tempfile.TemporaryDirectory() as folder:
        baseline = Path(folder) / "baseline.py"
        baseline.write_text(BASELINE_PAGE)
        rows = [("baseline: an empty page", str(baseline), None, {})]
        rows += [(name, str(ROOT / "streamlit_app.py"), page, query) for name, query in views]
        print(
            "seconds: first request to a fresh process | the view's caches cold on a warm server "
            "(wall, and CPU of the whole process: robust to a loaded machine)"
        )
        print(
            f"{'view':<28} {'first s':>18} {'first CPU s':>18} {'cold-cache s':>18} {'cold CPU s':>18} "
            f"{'KB sent':>16} "
            f"{'peak MB':>16}  errors"
        )
        for name, script, page_path, query in rows:
            warm = warm_up if page_path else {}
            first = [run(script, page_path, query) for _ in range(repeats)]
            cached = [run(script, page_path, query, warm) for _ in range(repeats)]
            print(
                f"{name:<28} {summary([r['seconds'] for r in first], '.2f'):>18} "
                f"{summary([r['cpu'] for r in first], '.2f'):>18} "
                f"{summary([r['seconds'] for r in cached], '.2f'):>18} "
                f"{summary([r['cpu'] for r in cached], '.2f'):>18} "
                f"{summary([r['bytes'] / 1024 for r in first], ',.0f'):>16} "
                f"{summary([r['peak_mb'] for r in first + cached], ',.0f'):>16}  "
                f"{max(r['errors'] for r in first + cached)}",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", default="", help="measure only the views whose name contains this")
    args = parser.parse_args()
    views = [(name, query) for name, query in VIEWS if args.only in name]
    measure_views("pages/2_Sampling.py", views, WARM_UP, args.repeats)


if __name__ == "__main__":
    main()
