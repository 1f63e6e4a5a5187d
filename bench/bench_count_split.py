"""Where a preset click on How many images? spends the browser's time, element by element: prints figures, asserts nothing.

    python bench/bench_count_split.py [--runs 5] [--warmup 2] [--rounds 2] [--only charts]

A pill of /Combinatorics ("MNIST digit", "CIFAR-10", ...) reruns the count's part alone: the
pills and inputs, the preset's note with the phone-only reminder, the count with its digits,
the cards, the count chart and the one-axis chart. Three views of the same rerun, in one
Chromium, through one served app (``serve.py``'s rehearsal), beside an empty page:

- **what changes on screen**: a ``MutationObserver`` counts the DOM changes one preset makes
  (nodes added or removed, attributes and texts changed) inside each element of the page:
  each chart, each block of our own HTML, the widgets;
- **a trace of one preset's rerun** (``Tracing``, devtools.timeline), the renderer main
  thread's self time by kind of work, and V8 profiles of a few more, by script file and
  function (``bench_draw_split``'s);
- **one element left out at a time**: the app's pages run by wrappers
  (``bench_draw_split.WRAPPER``) whose Combinatorics page sends everything except the elements
  named in a control file, read at every script run; each variant is timed as
  ``bench_pages`` times a preset (the click to the painted page, then two frames), the
  renderer's main-thread CPU beside it, the variants taken in turns ``--rounds`` times. What
  an element costs is the page as served minus the page without it.

The machine is shared: read each variant against the page as served in the same round.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_draw_split import (  # noqa: E402
    SEED,
    Split,
    print_split,
    run_from_the_command_line,
    trace_one,
    write_wrapped_app,
)
from bench_pages import IMAGE_PRESETS, empty_page, measure, rerun  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_FLAGS, start_server  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

PRESET = ("click", IMAGE_PRESETS)

#: Each element a preset re-sends (one word: the control file is split on spaces), and how
#: the wrapper recognises it: an ``st.html`` body holding the marker, or a chart by its dataset's name.
FIGURES = {
    # The count chart (lib.charts.count_plot): the plot, and the view's dot laid over it.
    "count-chart": ("html", '<figure class="html-plot count-plot'),
    "count-dot": ("html", "count-plot plot-overlay"),
    # Every modality on one axis (lib.charts.axis_bars) with the words above it: the count
    # chart's caption, the heading, where a view that is no preset falls (one element).
    "one-axis": ("html", '<figure class="axis-bars'),
    "answer": ("html", '<p class="intro">'),  # the count, its digits caption, the scale card
    "cards": ("html", "The count explodes"),  # the cards and the count chart's heading
    "note": ("html", "caption phone-only"),  # the preset's note and the phone-only reminder
}
GROUPS = {"charts": ("count-chart", "one-axis"), "all": tuple(FIGURES)}

#: Counts the DOM changes under each element of the page (by its test id and key class),
#: from the call until ``window.__changes()`` is read.
OBSERVE = """() => {
  const counts = {};
  const where = node => {
    let el = node.nodeType === 1 ? node : node.parentElement;
    const chart = el && el.closest('[data-testid="stVegaLiteChart"]');
    if (chart) {
      const all = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
      return 'chart ' + all.indexOf(chart);
    }
    const box = el && el.closest('[data-testid="stHtml"], [data-testid="stElementContainer"]');
    if (!box) return 'outside elements';
    const inner = box.querySelector('[data-testid]');
    const text = (box.textContent || '').slice(0, 28).replace(/\\s+/g, ' ');
    return (box.dataset.testid === 'stHtml' ? 'html ' : (inner ? inner.dataset.testid + ' ' : '')) + text;
  };
  const observer = new MutationObserver(records => {
    for (const r of records) {
      const key = where(r.target);
      counts[key] = (counts[key] || 0) + (r.type === 'childList' ? r.addedNodes.length + r.removedNodes.length : 1);
    }
  });
  observer.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
  window.__changes = () => { observer.disconnect(); return counts; };
}"""


def count_changes(changes: dict):
    """A ``before`` for :func:`bench_draw_split.trace_one`: one rerun with its DOM changes
    counted by element into ``changes``."""

    def before(page, meter, i: int) -> None:
        page.evaluate(OBSERVE)
        rerun(page, meter, PRESET, i)
        changes.update(page.evaluate("() => window.__changes()"))

    return before


def main(runs: int, warmup: int, rounds: int, only: list[str] | None) -> None:
    started = time.perf_counter()
    variants = ["", *(v for v in [*FIGURES, *GROUPS] if not only or v in only)]
    figures: dict[str, list[dict]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        control = Path(tmp) / "left_out.txt"
        folder = Path(tmp) / "split"
        folder.mkdir()
        servers = [
            start_server(str(write_wrapped_app(folder, control, "1_Combinatorics.py", FIGURES))),
            start_server(script=str(empty_page(Path(tmp)))),
        ]
        (app, app_url), (base, base_url) = servers
        url = app_url + "/Combinatorics"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                control.write_text("")
                changes: dict[str, int] = {}
                traced = trace_one(browser, url, warmup, Path(tmp), PRESET, count_changes(changes))
                empty_traced = trace_one(browser, base_url, warmup, Path(tmp))
                loads = [os.getloadavg()[0]]
                for _ in range(rounds):
                    figures["(empty page)"].append(measure(browser, base_url, SEED, runs, warmup, base.pid))
                    for variant in variants:
                        control.write_text(" ".join(GROUPS.get(variant, (variant,) if variant else ())))
                        figures[variant].append(measure(browser, url, PRESET, runs, warmup, app.pid))
                    loads.append(os.getloadavg()[0])
                browser.close()
        finally:
            for process, _ in servers:
                process.terminate()
    print(
        f"How many images?, a preset clicked (each image preset in turn): DOM changes of one, one traced, "
        f"then {rounds} rounds of every variant in turn ({warmup} warm-up and {runs} timed reruns each); "
        f"{time.perf_counter() - started:.0f} s in all, load (1 min) {', '.join(f'{x:.1f}' for x in loads)}."
    )
    print("\nDOM changes of one preset, by element (nodes added or removed, attributes and texts changed):")
    for where, count in sorted(changes.items(), key=lambda kv: -kv[1]):
        print(f"  {where[:60]:<62}{count:>7,}")
    print_split(Split(*traced, *empty_traced, dict(figures), loads), "element")


if __name__ == "__main__":
    run_from_the_command_line(main, __doc__, [*FIGURES, *GROUPS])
