"""How much of a rerun is the page's figures, and how much its frame: prints figures, asserts nothing.

    python bench/bench_floor.py [--runs 5] [--warmup 2] [--only sampling learning] [--pause 0.5]

Issue 14 asks for every page's rerun within 2× an empty page's. This bench says how much of
that a page could reach by making its figures cheaper: each page of ``bench/bench_pages.py``
is timed twice in one run, in one Chromium, as ``bench_pages`` times it (the same triggers,
the same painted-page test), beside the same empty page:

- as served (``serve.py``);
- **with every figure left out**: the same app and page files, run by a copy of ``serve.py``
  whose pages call the real ones with ``html``, ``image``, ``markdown``
  and ``caption`` doing nothing (no text, picture or chart is sent). What is left is the
  page's frame: its inputs, buttons, expanders and layout blocks, its fragments and
  callbacks, the work its script does to decide what to show (every cached figure is still
  looked up, every fit still waited for), and Streamlit's own work on a rerun.

The second figure is a floor no change to the figures can go below; the first minus the
second is what the figures cost. The baseline is the empty page at the start and at the end,
averaged, as in ``bench_pages``. The machine is shared: read the ratios, not the milliseconds.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_pages import PAGES, empty_page, measure, timing_arguments  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_FLAGS, SERVED_APP, start_server  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

#: What sends a figure: text, a picture, a chart. Widgets, expanders and blocks stay.
LEFT_OUT = ("html", "image", "markdown", "caption")
#: Pages this bench cannot floor, and why (it says so instead of timing out on them).
NOT_FLOORED = {
    "/Talk": "its slide, the step's title included, is one block of HTML: with it left out the"
    " page has no <h1>, by which a finished first run is recognised (conftest.wait_for_run)",
}

WRAPPER = """# The page {page} with every figure left out (bench/bench_floor.py).
import runpy, sys
sys.path.insert(0, {root!r})
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

def _left_out(*args, **kwargs):
    return None

for name in {left_out!r}:
    setattr(DeltaGenerator, name, _left_out)
    setattr(st, name, _left_out)
runpy.run_path({page!r}, run_name="__main__")
"""


def write_floor_app(folder: Path) -> Path:
    """The app's entry and pages as wrappers that leave every figure out, plus a copy of
    ``serve.py`` (which rehearses them); returns the copy's path."""
    (folder / "pages").mkdir()
    for page in [ROOT / "streamlit_app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        where = folder / page.relative_to(ROOT)
        where.write_text(WRAPPER.format(page=str(page), root=str(ROOT), left_out=LEFT_OUT))
    served = folder / SERVED_APP
    served.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n" + (ROOT / SERVED_APP).read_text())
    return served


def main(
    runs: int, warmup: int, only: list[str] | None = None, baseline: str = "plain", pause: float = 0.0
) -> None:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        empty = empty_page(Path(tmp), baseline)
        floor_folder = Path(tmp) / "floor"
        floor_folder.mkdir()
        servers = [
            start_server(SERVED_APP),
            start_server(str(write_floor_app(floor_folder))),
            start_server(script=str(empty)),
        ]
        (app, app_url), (floor, floor_url), (base, base_url) = servers
        rows = []
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                empty_trigger = ("Seed", [str(s) for s in range(1, 101)])
                first = measure(browser, base_url, empty_trigger, runs, warmup, base.pid, pause)
                for label, path, trigger in PAGES:
                    if only and not any(word in label for word in only):
                        continue
                    if path in NOT_FLOORED:
                        print(f"{label}: not floored: {NOT_FLOORED[path]}")
                        continue
                    try:
                        whole = measure(browser, app_url + path, trigger, runs, warmup, app.pid, pause)
                        frame = measure(browser, floor_url + path, trigger, runs, warmup, floor.pid, pause)
                        rows.append((label, whole, frame))
                    except Exception as error:  # a page that fails is a figure to report, not a crash
                        print(f"{label}: {type(error).__name__}: {str(error)[:150]}")
                last = measure(browser, base_url, empty_trigger, runs, warmup, base.pid, pause)
                browser.close()
        finally:
            for process, _ in servers:
                process.terminate()
    base = {key: (first[key] + last[key]) / 2 for key in ("painted", "renderer")}
    print(
        f"Rerun of each page in Chromium, key press or click to painted page, as served and with every "
        f"figure left out; {warmup} warm-up and {runs} timed reruns each"
        f"{f', {pause:g} s apart' if pause else ''} ({time.perf_counter() - started:.0f} s)."
    )
    print(
        f"Empty page: painted in {first['painted']:.0f} ms at the start, {last['painted']:.0f} ms at the end; "
        f"renderer CPU {first['renderer']:.0f} and {last['renderer']:.0f} ms (× empty: their means)."
    )
    print(
        "Renderer CPU: the browser's main thread from the key press to the painted page (less disturbed by load)."
    )
    print(
        f"{'page (input changed)':<26}{'painted: as served':>19}{'× empty':>9}{'no figures':>12}{'× empty':>9}"
        f"{'renderer CPU: as served':>25}{'× empty':>9}{'no figures':>12}{'× empty':>9}"
    )
    for label, whole, frame in rows:
        cells = ""
        for key, width in (("painted", 17), ("renderer", 23)):
            cells += f"{whole[key]:>{width}.0f}ms{whole[key] / base[key]:>9.1f}{frame[key]:>10.0f}ms{frame[key] / base[key]:>9.1f}"
        print(f"{label:<26}{cells}")


if __name__ == "__main__":
    args = timing_arguments(__doc__, 5, "pages whose label has")
    main(args.runs, args.warmup, args.only, args.baseline, args.pause)
