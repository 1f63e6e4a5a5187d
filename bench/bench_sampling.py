"""Time, bytes sent and peak memory of the Sampling page at the limits of its inputs.

    .venv/bin/python bench/bench_sampling.py [--repeats 3]

Each view runs in a fresh Python process (a cold server: empty caches, first imports),
through Streamlit's AppTest, ``--repeats`` times; the figures are the median with min and
max. "Bytes" is what one run sends: every element's protobuf plus every image file.
"Peak MB" is the child's peak resident memory. The baseline, measured in the same run
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
import json, resource, sys, time
sys.path.insert(0, {root!r})
import streamlit.testing.v1.app_test as app_test
from streamlit.testing.v1 import AppTest
stores = []
class Recording(app_test.MemoryMediaFileStorage):
    def __init__(self, *a, **k):
        super().__init__(*a, **k); stores.append(self)
app_test.MemoryMediaFileStorage = Recording
script, page, query = {script!r}, {page!r}, {query!r}
at = AppTest.from_file(script, default_timeout=600)
for key, value in query.items():
    at.query_params[key] = value
if page:
    at.switch_page(page)
start = time.perf_counter()
at.run()
seconds = time.perf_counter() - start
def walk(node):
    yield node
    for child in getattr(node, "children", {{}}).values():
        yield from walk(child)
protos = sum(el.proto.ByteSize() for el in walk(at.main) if getattr(el, "proto", None) is not None)
# Downloads are stored, and sent only when clicked.
files = sum(len(f.content) for s in stores for f in s._files_by_id.values() if f.kind.name != "DOWNLOADABLE")
errors = len(at.exception) + len(at.error)
print(json.dumps(dict(seconds=seconds, bytes=protos + files, peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, errors=errors)))
"""

BASELINE_PAGE = """
import streamlit as st
st.set_page_config(page_title="baseline", layout="wide")
st.write("An empty view.")
"""


def run(script: str, page: str | None, query: dict[str, str]) -> dict:
    code = CHILD.format(root=str(ROOT), script=script, page=page, query=query)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def summary(values: list[float], fmt: str) -> str:
    return f"{format(statistics.median(values), fmt)} [{format(min(values), fmt)}–{format(max(values), fmt)}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        baseline = Path(folder) / "baseline.py"
        baseline.write_text(BASELINE_PAGE)
        rows = [("baseline: an empty page", str(baseline), None, {})]
        rows += [
            (name, str(ROOT / "streamlit_app.py"), "pages/2_Sampling.py", query) for name, query in VIEWS
        ]
        print(
            f"{'view (cold, one process each)':<34} {'seconds':>22} {'KB sent':>22} {'peak MB':>22}  errors"
        )
        for name, script, page, query in rows:
            runs = [run(script, page, query) for _ in range(args.repeats)]
            print(
                f"{name:<34} {summary([r['seconds'] for r in runs], '.2f'):>22} "
                f"{summary([r['bytes'] / 1024 for r in runs], ',.0f'):>22} "
                f"{summary([r['peak_mb'] for r in runs], ',.0f'):>22}  {max(r['errors'] for r in runs)}"
            )


if __name__ == "__main__":
    main()
