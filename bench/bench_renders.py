"""How often the browser renders a page for one rerun: prints figures, asserts nothing.

    python bench/bench_renders.py [--runs 8] [--only sampling] [--against REV]

For every row of ``bench_pages.PAGES`` (the same pages, triggers and servers), the React
commits the page makes from the rerun's trigger to the painted page, counted by a stand-in for
React's developer-tools hook (``__REACT_DEVTOOLS_GLOBAL_HOOK__``, which React calls on every
commit when one is there): how many commits, how many components rendered in all, and in the
largest. A commit that renders the whole page costs the renderer ~0.02 ms a component; the
empty page (one title, one text box) is the baseline. Counts, not times: they do not depend on
the machine's load, so a few reruns a row suffice.

``--against REV`` counts commit ``REV`` (a git worktree of it) beside this tree.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_draw_split import checked_out, serve_tree  # noqa: E402
from bench_pages import EMPTY_TRIGGER, PAGES, WARMED, Meter, empty_page, focus_for_keys, rerun  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_FLAGS, start_server, wait_for_run  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

#: Counts each commit's components that rendered (a fiber new or flagged as having done work),
#: while ``window.__counting`` is set; React finds the hook when it loads.
HOOK = """(() => {
  const commits = window.__commits = [];
  let id = 0;
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    renderers: new Map(), supportsFiber: true, isDisabled: false, checkDCE() {},
    inject(renderer) { this.renderers.set(++id, renderer); return id; },
    onScheduleFiberRoot() {}, onCommitFiberUnmount() {}, onPostCommitFiberRoot() {},
    onCommitFiberRoot(_, root) {
      if (!window.__counting) return;
      let rendered = 0;
      const walk = (parent) => {
        if (parent.alternate && parent.child === parent.alternate.child) return;  // a subtree untouched
        for (let fiber = parent.child; fiber; fiber = fiber.sibling) {
          if (fiber.alternate === null || (fiber.flags & 1) !== 0) rendered++;  // new, or PerformedWork
          walk(fiber);
        }
      };
      walk(root.current);
      commits.push(rendered);
    },
  };
})();"""


def count(browser, url: str, trigger, runs: int, warmup: int) -> dict:
    """Medians over ``runs`` reruns (after ``warmup``) of the commits a rerun makes, the
    components they render in all, and in the largest."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_init_script(HOOK)
    page = context.new_page()
    meter = Meter(page)
    page.goto(url, timeout=180_000)
    wait_for_run(page, timeout=180_000)
    focus_for_keys(page, trigger)
    seen = []
    for i in range(warmup + runs):
        page.evaluate("() => { window.__commits.length = 0; window.__counting = true; }")
        rerun(page, meter, trigger, i)
        commits = page.evaluate("() => { window.__counting = false; return [...window.__commits]; }")
        if i >= warmup:
            seen.append(commits)
    context.close()
    return {
        "commits": statistics.median(len(c) for c in seen),
        "rendered": statistics.median(sum(c) for c in seen),
        "largest": statistics.median(max(c, default=0) for c in seen),
        "shapes": sorted({" + ".join(map(str, c)) for c in seen})[:2],
    }


def main(runs: int, warmup: int, only: list[str] | None, against: str | None) -> None:
    with contextlib.ExitStack() as stack, sync_playwright() as p:
        trees = {"this tree": ROOT}
        if against:
            trees[against] = stack.enter_context(checked_out(against))
        servers = {name: serve_tree(root) for name, root in trees.items()}
        empty, empty_url = start_server(
            script=str(empty_page(Path(stack.enter_context(tempfile.TemporaryDirectory()))))
        )
        for process in [empty, *(process for process, _ in servers.values())]:
            stack.callback(process.terminate)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        print(
            f"React commits a rerun, trigger to painted page; {warmup} warm-up and {runs} counted reruns a"
            " row; medians. 'rendered': components rendered in all the rerun's commits; 'largest': in its"
            " largest commit; 'as seen': each commit's components, for up to two reruns of the row."
        )
        print(
            f"{'page (input changed)':<26}{'tree':<12}{'commits':>8}{'rendered':>10}{'largest':>9}   as seen"
        )
        rows = [("empty page (seed)", {"(empty page)": (empty_url, EMPTY_TRIGGER)})]
        for label, path, trigger in PAGES:
            if not only or any(word in label for word in only):
                rows.append((label, {name: (url + path, trigger) for name, (_, url) in servers.items()}))
        for label, tabs in rows:
            for name, (url, trigger) in tabs.items():
                warm = max(warmup, len(trigger[1])) if label in WARMED and trigger else warmup
                got = count(browser, url, trigger, runs, warm)
                print(
                    f"{label if name == next(iter(tabs)) else '':<26}{name[:11]:<12}{got['commits']:>8g}"
                    f"{got['rendered']:>10g}{got['largest']:>9g}   {' | '.join(got['shapes'])}",
                    flush=True,
                )
        browser.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--only", nargs="*", help="count only the rows whose label has one of these words")
    parser.add_argument("--against", help="a git revision to count beside this tree")
    args = parser.parse_args()
    main(args.runs, args.warmup, args.only, args.against)
