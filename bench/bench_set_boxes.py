"""What a box set by the server costs the browser, when the link changes with it: prints figures, asserts nothing.

    python bench/bench_set_boxes.py [--runs 30] [--warmup 3] [--filler 40]

Random images' "Draw again" writes the next seed into the seed box (through Session State), and
How many images?' presets write four boxes; each box is bound to the link (``bind="query-params"``),
so the link changes in the same rerun. Paired against the same trees with the box left alone
(issue 14), that cost the browser 6-8 ms of its main thread and, in most runs, a frame painted:
part of what still separates those reruns from twice the empty page's. This bench measures it on
a test page of its own, apart from everything else the app draws: a fragment holding a text box,
"Draw again" and a line saying which draw it is, below ``--filler`` paragraphs (an app's page has
25-46 elements), served as the app is (``serve.py``'s lifespan: one burst a run). "Draw again"
reruns the fragment, and, by variant (``?how=``):

- ``nothing``: only the line changes (the baseline);
- ``box``: the box is set too, a box bound to nothing;
- ``link``: the link changes too (``st.query_params``, a parameter no widget is bound to);
- ``bound``: the box is set and, being bound to the link, the link changes with it: Random
  images' "Draw again";
- ``bound ×4``: four bound boxes set at once: a preset of How many images?.

Each variant has a browser context of its own; their reruns are taken in turn, rerun ``i`` of each
before rerun ``i + 1`` of any (``bench_draw_split.paired``), the empty page's too, and each is timed
as ``bench_pages`` times a rerun (the click to the painted page, then two frames). Printed: medians,
the ratio to the empty page, and each variant's paired difference from ``nothing`` at the same turn.

Where it led (2026-11-27, Streamlit 1.67; three runs of 30 reruns a variant, 40 paragraphs twice
and none once, load 0.6-1.1): renderer CPU paired against ``nothing``, a box set +1.5 to +1.8 ms, the
link changed +2.3 to +2.8, both (a bound box) +4.3 to +4.4, four bound boxes +10.3 to +12.2; the
same with no paragraphs, so it is the boxes' and the link's own work, not the page's. Painted, the
bound box cost a frame in two runs of three and four boxes a frame in all three (+16 to +19 ms). It is
Streamlit's browser code: a box told its value by the server is brought in line by more renders of it,
in React's effects after the page is painted, and a new link is pushed into the history and into
the app's state. A page that shows a view's values in its boxes and keeps the view in its link pays
both; the app does (a seed box that kept the last typed seed, or a link without the seed, would not
be the view). ``bench_count_split --only inputs:unbound inputs:popover inputs:none`` takes the
same boxes out of How many images? itself.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_cold_start import EMPTY_SERVED  # noqa: E402
from bench_draw_split import medians, paired, paired_differences  # noqa: E402
from bench_pages import EMPTY_TRIGGER, empty_page  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_FLAGS, start_server, stop_server  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

#: The test page: ``{filler}`` paragraphs, then the fragment "Draw again" reruns.
PAGE = """
import streamlit as st

how = st.query_params.get("how", "nothing")
boxes = 4 if how == "bound4" else 1
st.title("boxes")
for i in range({filler}):
    st.markdown(f"Paragraph {{i}}: a page's element outside the part that reruns.")


def draw_again() -> None:
    st.session_state.draws = st.session_state.get("draws", 0) + 1
    if how in ("box", "bound", "bound4"):
        for b in range(boxes):
            st.session_state[f"seed{{b}}"] = str(st.session_state.draws + b)


@st.fragment
def part() -> None:
    for b in range(boxes):
        st.text_input(f"Seed {{b}}", str(b), key=f"seed{{b}}", bind="query-params" if how.startswith("bound") else None)
    st.button("Draw again", on_click=draw_again)
    draws = st.session_state.get("draws", 0)
    if how == "link":
        st.query_params["draw"] = str(draws)
    st.html(f"<p>Draw number {{draws}}.</p>")


part()
"""

#: (row, ?how=): the variants, as the table names them.
VARIANTS = [
    ("nothing", "nothing"),
    ("box", "box"),
    ("link", "link"),
    ("bound", "bound"),
    ("bound ×4", "bound4"),
]


def main(runs: int, warmup: int, filler: int) -> None:
    started = time.perf_counter()
    loads = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        page = folder / "boxes.py"
        page.write_text(PAGE.format(filler=filler))
        served = folder / "served.py"
        served.write_text(EMPTY_SERVED.format(root=str(ROOT), page=str(page)))
        servers = [start_server(script=str(empty_page(folder))), start_server(script=str(served))]
        try:
            (empty, empty_url), (test, url) = servers
            click = ("click", ["Draw again"])
            tabs = {"(empty page)": (empty_url, EMPTY_TRIGGER, empty.pid)}
            tabs |= {name: (f"{url}/?how={how}", click, test.pid) for name, how in VARIANTS}
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                rows = paired(browser, tabs, runs, warmup)
                browser.close()
        finally:
            for process, _ in servers:
                stop_server(process)
    loads.append(os.getloadavg()[0])
    print(
        f"'Draw again' on a test page of {filler} paragraphs and a fragment, by what the click changes; "
        f"{warmup} warm-up and {runs} timed reruns each, taken in turn ({time.perf_counter() - started:.0f} s"
        f" in all; load (1 min) {', '.join(f'{x:.1f}' for x in loads)})."
    )
    print(
        "painted: the click (the empty page: Enter) to the painted page, then two frames; renderer: its main"
        " thread's CPU; paired: the median of each rerun's difference from 'nothing' at the same turn."
    )
    print(
        f"{'changed':<14}{'painted':>9}{'× empty':>9}{'renderer CPU':>14}{'paired painted':>16}{'paired CPU':>12}"
    )
    empty_painted = statistics.median(r["painted"] for r in rows["(empty page)"])
    for name, own in rows.items():
        pick = medians(own, ("painted", "renderer"))
        paired_cells = ""
        if name not in ("(empty page)", "nothing"):
            diffs = paired_differences(rows, name, base="nothing")
            paired_cells = f"{diffs['painted']:>+14.0f}ms{diffs['renderer']:>+10.1f}ms"
        print(
            f"{name:<14}{pick['painted']:>7.0f}ms{pick['painted'] / empty_painted:>9.2f}"
            f"{pick['renderer']:>12.1f}ms{paired_cells}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--filler", type=int, default=40, help="paragraphs above the part (default: 40)")
    args = parser.parse_args()
    main(args.runs, args.warmup, args.filler)
