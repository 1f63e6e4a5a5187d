"""Where a preset click on How many images? spends the browser's time, element by element: prints figures, asserts nothing.

    python bench/bench_count_split.py [--runs 5] [--warmup 2] [--rounds 2] [--only all same:all]
    python bench/bench_count_split.py --only inputs:none inputs:unbound inputs:popover

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
- **each element left out, or sent the same**: the app's pages run by wrappers
  (``bench_draw_split.WRAPPER``) whose Combinatorics page leaves out the elements named in a
  control file, read at every script run, or, named ``same:<element>``, sends that element's
  first body again on every rerun (the same bytes, which the browser leaves as drawn: what the
  page could save at most by making the element the same for every preset, where leaving it
  out also saves its layout and its place). ``same:all`` is the frame's floor: every element
  of the view unchanged, only the pills and the inputs changing.

  The variants are taken rerun by rerun in turn, each in a tab of its own (its own browser
  context, so its own renderer), the empty page among them: rerun ``i`` of every variant falls
  in the same few seconds, and what a variant saves is the median over ``i`` of the page as
  served minus the variant at ``i``, so the load of a shared machine, which swings over
  seconds, falls on both sides of each difference. Each variant: ``--warmup`` reruns, then
  ``--runs`` × ``--rounds`` timed ones (each timed as ``bench_pages`` times a preset: the click
  to the painted page, then two frames), the renderer's main-thread CPU and the bytes beside.

- **the four boxes** (width, height, channels, bits: the widgets a preset gives new values):
  ``inputs:unbound``, the boxes not bound to the link (what writing the link costs: one
  ``page_info_changed`` message and one ``history.pushState`` per box a preset changes);
  ``inputs:popover``, the boxes in a closed ``st.popover`` (which mounts its content only when
  opened: what their drawing costs in the browser, the widgets still sent and bound);
  ``inputs:none``, no boxes, the values kept in Session State (what the four widgets cost at
  most, on both sides). Each is a page-design question, not a page: the link, the boxes a
  visitor types in and the tests that type in them are what the page has now;
- **what React renders**: a stub of React's DevTools hook counts, over the timed reruns of
  the page as served and of the empty page, the commits of one rerun and the components each
  renders, by the element they belong to (the sidebar, each element of the page, and the
  blocks that hold them: ``layout``). Every run-state change of a rerun (started, running,
  finished) renders the whole tree again, so an element costs on every rerun whether it
  changed or not, and a widget given a new value renders twice more after its delta.

The machine is shared: read each variant against the page as served, in the same run.
"""

from __future__ import annotations

import os
import statistics
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
    LEFT_OUT_READER,
    SEED,
    WRAPPER,
    Split,
    paired,
    print_split,
    run_from_the_command_line,
    trace_one,
    write_wrapped_app,
)
from bench_pages import IMAGE_PRESETS, Meter, empty_page, rerun  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_FLAGS, start_server, wait_for_run  # noqa: E402
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
#: Each element again, sent the same on every rerun (its first body) instead of left out.
SAME = {f"same:{name}": ("same-html", marker) for name, (_, marker) in FIGURES.items()}
#: The four boxes of the image inputs, drawn otherwise (the wrapper's ``inputs`` kind).
INPUTS = {
    name: ("inputs", name.split(":")[1]) for name in ("inputs:unbound", "inputs:popover", "inputs:none")
}
GROUPS = {"charts": ("count-chart", "one-axis"), "all": tuple(FIGURES), "same:all": tuple(SAME)}

#: Run by the wrapper before the page: ``lib.ui.inputs_with_presets`` (which the page calls on
#: every run of its part) draws the boxes as the control file's ``inputs:...`` says, or as served.
INPUTS_WRAPPER = """
import lib.ui.inputs as inputs
from lib.inputs import parse_whole_number

served_inputs = DeltaGenerator.__dict__.get("_served_inputs") or lib.ui.inputs_with_presets
DeltaGenerator._served_inputs = served_inputs


def unbound_text_input(self, *args, **kwargs):
    kwargs.pop("bind", None)
    return DeltaGenerator._served_text_input(self, *args, **kwargs)


DeltaGenerator._served_text_input = DeltaGenerator.__dict__.get("_served_text_input") or DeltaGenerator.text_input


def kept_value(label, key, default, low, high, container=None, help=None):
    if key not in st.session_state:
        st.session_state[key] = str(default)
    return parse_whole_number(st.session_state[key], label, low, high), None


def inputs_as_asked(fields, presets, preset_key, container=None):
    how = kinds().get("inputs", [""])[-1]
    if how == "unbound":
        DeltaGenerator.text_input = unbound_text_input
        try:
            return served_inputs(fields, presets, preset_key, container)
        finally:
            DeltaGenerator.text_input = DeltaGenerator._served_text_input
    if how not in ("popover", "none"):
        return served_inputs(fields, presets, preset_key, container)
    picker = st.container()
    boxes = st.popover("Change the numbers") if how == "popover" else None
    values, problems = {{}}, []
    for field in fields:
        if boxes is None:
            values[field.key], problem = kept_value(field.label, field.key, field.default, field.low, field.high)
        else:
            values[field.key], problem = inputs.whole_number_input(
                field.label, field.key, field.default, field.low, field.high, boxes, field.help
            )
        problems.append(problem)
    match = next((name for name, preset in presets if preset == values), None)
    inputs.preset_pills(presets, preset_key, match, picker)
    inputs.show_problems(problems)
    return values, match


lib.ui.inputs_with_presets = inputs_as_asked
"""

#: The wrapper of How many images?: bench_draw_split's, whose ``st.html`` also sends, for an
#: element named ``same:...``, the body it sent first (kept on the class: a preset reruns the
#: page's part alone, which calls ``st.html`` again but not this wrapper's top).
SAME_WRAPPER = WRAPPER.replace(
    LEFT_OUT_READER,
    LEFT_OUT_READER
    + """

def same(body):
    first = DeltaGenerator.__dict__.get("_first_bodies")
    if first is None:
        first = DeltaGenerator._first_bodies = {{}}
    for marker in kinds().get("same-html", ()):
        if marker in str(body):
            return first.setdefault(marker, body)
    return body
""",
).replace(
    '    return originals["html"](self, body, *args, **kwargs)',
    '    return originals["html"](self, same(body), *args, **kwargs)',
)
SAME_WRAPPER = SAME_WRAPPER.replace("runpy.run_path(", INPUTS_WRAPPER + "runpy.run_path(")
if (
    "same(body)" not in SAME_WRAPPER
    or "def same(" not in SAME_WRAPPER
    or "inputs_as_asked" not in SAME_WRAPPER
):  # bench_draw_split's text changed
    raise RuntimeError("bench_draw_split.WRAPPER no longer reads as this bench expects: see SAME_WRAPPER")

#: Counts the DOM changes under each element of the page (by its test id and key class),
#: from the call until ``window.__changes()`` is read.
OBSERVE = """() => {
  const counts = {};
  const where = node => {
    let el = node.nodeType === 1 ? node : node.parentElement;
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


#: A stub of React's DevTools hook (an init script): after each commit, the components it
#: rendered, by the element they belong to. A function component renders new hook objects
#: each time it runs, and a rendered component gets new props or state objects: one whose
#: objects were not seen before was rendered by this commit. Its element: the nearest
#: ``stElementContainer`` above it, named by its widget's test id and first words, or the
#: sidebar, an expander, or else the blocks that lay the page out (``layout``).
CENSUS = """
window.__census = {commits: 0, renders: {}};
(() => {
  const seen = new WeakSet();
  const fresh = o => o && typeof o === 'object' && !seen.has(o) && (seen.add(o), true);
  const LAYOUT = new Set(['stVerticalBlock', 'stHorizontalBlock', 'stLayoutWrapper', 'stColumn', 'stMainBlockContainer']);
  const name = (fiber, outer) => {
    const id = fiber.tag === 5 && fiber.memoizedProps && fiber.memoizedProps['data-testid'];
    if (!id || /^(element|sidebar|expander)/.test(outer)) return outer;
    if (id === 'stSidebar') return 'sidebar';
    if (id === 'stExpander') return 'expander ' + (fiber.stateNode?.textContent || '').slice(0, 32);
    if (id === 'stElementContainer' && fiber.stateNode) {
      const inner = fiber.stateNode.querySelector('[data-testid]');
      return 'element ' + (inner ? inner.dataset.testid : '?') + ' ' + (fiber.stateNode.textContent || '').slice(0, 26);
    }
    return LAYOUT.has(id) ? 'layout' : outer;
  };
  const census = root => {
    const stack = [[root.current, 'app frame']];
    while (stack.length) {
      const [fiber, outer] = stack.pop();
      if (!fiber) continue;
      const where = name(fiber, outer);
      const props = fresh(fiber.memoizedProps), state = fresh(fiber.memoizedState);
      if ((props || state) && [0, 1, 11, 14, 15].includes(fiber.tag)) {
        window.__census.renders[where] = (window.__census.renders[where] || 0) + 1;
      }
      stack.push([fiber.sibling, outer], [fiber.child, where]);
    }
  };
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {supportsFiber: true, renderers: new Map(), inject() { return 1; },
    onScheduleFiberRoot() {}, onCommitFiberRoot(id, root) { window.__census.commits++; census(root); },
    onCommitFiberUnmount() {}, onPostCommitFiberRoot() {}, checkDCE() {}, isDisabled: false};
})();
"""


def census(browser, url: str, trigger, reruns: int, warmup: int) -> tuple[list[int], dict[str, float]]:
    """React's commits in each of ``reruns`` reruns of ``url`` (after ``warmup``), and the
    components rendered a rerun by element (:data:`CENSUS`), a mean over them."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.add_init_script(CENSUS)
    meter = Meter(page)
    page.goto(url, timeout=180_000)
    wait_for_run(page, timeout=180_000)
    for i in range(warmup):
        rerun(page, meter, trigger, i)
    commits, renders = [], defaultdict(float)
    for i in range(warmup, warmup + reruns):
        before = page.evaluate(
            "() => { const c = window.__census.commits; window.__census.renders = {}; return c; }"
        )
        rerun(page, meter, trigger, i)
        after = page.evaluate("() => window.__census")
        commits.append(after["commits"] - before)
        for where, count in after["renders"].items():
            renders[where] += count / reruns
    page.close()
    return commits, dict(renders)


def print_census(own: tuple[list[int], dict[str, float]], empty: tuple[list[int], dict[str, float]]) -> None:
    (commits, renders), (empty_commits, empty_renders) = own, empty
    print(
        f"\nWhat React renders (DevTools hook; mean of {len(commits)} reruns): commits a rerun "
        f"{statistics.median(commits):.0f} {commits} (empty page {statistics.median(empty_commits):.0f}); "
        f"components rendered {sum(renders.values()):,.0f} (empty page {sum(empty_renders.values()):,.0f}), by element:"
    )
    for where, count in sorted(renders.items(), key=lambda kv: -kv[1])[:24]:
        print(f"  {where[:58]:<60}{count:>7,.0f}")


def count_changes(changes: dict):
    """A ``before`` for :func:`bench_draw_split.trace_one`: one rerun with its DOM changes
    counted by element into ``changes``."""

    def before(page, meter, i: int) -> None:
        page.evaluate(OBSERVE)
        rerun(page, meter, PRESET, i)
        changes.update(page.evaluate("() => window.__changes()"))

    return before


def interleaved(browser, tabs: dict, control: Path, reruns: int, warmup: int) -> dict[str, list[dict]]:
    """Every variant's reruns taken in turn (``tabs``: variant -> (url, trigger, server pid),
    the empty page's variant named ``(empty page)``), rerun ``i`` of each before rerun ``i + 1``
    of any (:func:`bench_draw_split.paired`), the variant's names written to ``control`` before
    each: one row a timed rerun (painted ms, renderer CPU ms, server CPU ms, bytes), as
    :func:`bench_draw_split.print_split` reads a round's."""

    def name_the_variant(variant: str) -> None:
        control.write_text(" ".join(GROUPS.get(variant, (variant,) if variant else ())))

    rows = paired(browser, tabs, reruns, warmup, before_each=name_the_variant)
    for own in rows.values():  # the server's CPU counts in 10-ms ticks: its mean over the reruns, on each
        mean = statistics.mean(r["server"] for r in own)
        for r in own:
            r["server"] = mean
    return rows


def main(runs: int, warmup: int, rounds: int, only: list[str] | None) -> None:
    started = time.perf_counter()
    variants = ["", *(v for v in [*FIGURES, *SAME, *GROUPS, *INPUTS] if not only or v in only)]
    with tempfile.TemporaryDirectory() as tmp:
        control = Path(tmp) / "left_out.txt"
        folder = Path(tmp) / "split"
        folder.mkdir()
        entry = write_wrapped_app(folder, control, "1_Combinatorics.py", {**FIGURES, **SAME, **INPUTS})
        (folder / "pages" / "1_Combinatorics.py").write_text(
            SAME_WRAPPER.format(
                page=str(ROOT / "pages" / "1_Combinatorics.py"),
                root=str(ROOT),
                control=str(control),
                figures={**FIGURES, **SAME, **INPUTS},
            )
        )
        servers = [start_server(str(entry)), start_server(script=str(empty_page(Path(tmp))))]
        (app, app_url), (base, base_url) = servers
        url = app_url + "/Combinatorics"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                control.write_text("")
                changes: dict[str, int] = {}
                traced = trace_one(browser, url, warmup, Path(tmp), PRESET, count_changes(changes))
                empty_traced = trace_one(browser, base_url, warmup, Path(tmp))
                react = (
                    census(browser, url, PRESET, runs, warmup),
                    census(browser, base_url, SEED, runs, warmup),
                )
                loads = [os.getloadavg()[0]]
                tabs = {"(empty page)": (base_url, SEED, base.pid)}
                tabs.update({variant: (url, PRESET, app.pid) for variant in variants})
                rows = interleaved(browser, tabs, control, runs * rounds, warmup)
                loads.append(os.getloadavg()[0])
                browser.close()
        finally:
            for process, _ in servers:
                process.terminate()
    print(
        f"How many images?, a preset clicked (each image preset in turn): DOM changes of one, one traced, "
        f"then {len(variants)} variants and the empty page rerun by rerun in turn ({warmup} warm-up and "
        f"{runs * rounds} timed reruns each); {time.perf_counter() - started:.0f} s in all, "
        f"load (1 min) {', '.join(f'{x:.1f}' for x in loads)}."
    )
    print("\nDOM changes of one preset, by element (nodes added or removed, attributes and texts changed):")
    for where, count in sorted(changes.items(), key=lambda kv: -kv[1]):
        print(f"  {where[:60]:<62}{count:>7,}")
    print_census(*react)
    # Each row of a variant one rerun, paired with the page as served's at the same rerun.
    print_split(Split(*traced, *empty_traced, {"": rows.pop(""), **rows}, loads), "element")
    print(
        "(Here a round is one rerun: the variants taken rerun by rerun in turn, a same:... one sent unchanged.)"
    )


if __name__ == "__main__":
    run_from_the_command_line(main, __doc__, [*FIGURES, *SAME, *GROUPS, *INPUTS])
