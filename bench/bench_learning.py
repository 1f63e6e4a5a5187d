"""How long the learning page's views take from a cold cache, and how much memory they need.

Run: ``python bench/bench_learning.py`` (``--limits`` adds every limit view, one cold
process each; ``--repeats N`` changes the number of timed runs of the default view;
``--parts`` times each part of a study and a server's new seed instead; ``--webp`` WebP's
effort levels on each shape's held-out picture; ``--mixture`` the Gaussian mixture where the
ladder leaves it out; ``--browser`` the page's reruns in Chromium: the next seed, a seed
nobody asked for, a seed already fitted, against an empty page; ``--split [PIECE ...]``
where the browser's time of a new seed goes, piece by piece: one traced rerun, then the page
with each piece left out in turn; ``--against REV [--kind never|next] [--runs N] [--pause S]``
this tree's reruns against commit REV's, served side by side and taken in turn).
Prints figures, asserts nothing.

Each view is what the page computes on a cache miss: :func:`lib.density.run_study`
(patches, the whole ladder, samples, own entropies, the lookup table, PNG). Each limit
view runs in a fresh process, so its time is cold (imports excluded) and its peak
memory (``VmHWM`` in /proc) is its own. The machine is shared and noisy, so a same-run
baseline is printed beside every figure: for the default view's repeats, one
``numpy.cov`` of its training patches (the least any Gaussian fit computes); for each
limit view, the default view computed first in the same process (so the ratio says how
much more a limit view costs whatever the load), and the peak memory of a process that
only loads the photos.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from lib import density as dm  # noqa: E402
from lib.photo_corpus import load_corpus  # noqa: E402

#: The limit views: every extreme of every input, each alone and the worst combinations.
LIMITS: list[tuple[int, int, int]] = [
    (8, 1, 4000),  # the default
    (8, 1, 500),
    (8, 1, 20_000),
    (8, 3, 20_000),
    (16, 1, 20_000),
    (16, 3, 20_000),
    (32, 1, 20_000),
    (32, 3, 20_000),
]


#: The page's links at the limits (the fit is cold: the warm-up view has another seed).
PAGE_VIEWS: list[tuple[str, dict[str, str]]] = [
    ("default", {}),
    ("train=20000", {"train": "20000"}),
    ("size=16&colour=rgb", {"size": "16", "colour": "rgb"}),
    ("size=32&colour=rgb&train=8000", {"size": "32", "colour": "rgb", "train": "8000"}),
    ("size=32&train=20000", {"size": "32", "train": "20000"}),
    ("size=16&train=20000", {"size": "16", "train": "20000"}),
    ("colour=rgb&train=20000&holdout=rocket", {"colour": "rgb", "train": "20000", "holdout": "rocket"}),
]


def peak_mb() -> float:
    """This process's peak resident memory in MB: VmHWM from /proc (``ru_maxrss`` would carry
    the parent's peak across fork and exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def spread(times: list[float]) -> str:
    return f"median {statistics.median(times):6.3f} s (min {min(times):.3f}, max {max(times):.3f})"


def one_view(size: int, channels: int, train: int, holdout: tuple[str, ...]) -> dict:
    """Run in a child process: one cold view, its time and the process's peak memory."""
    photos = load_corpus()
    pixels, names = [p.pixels for p in photos], [p.credit.key for p in photos]  # type: ignore[union-attr]
    loaded = peak_mb()
    start = time.perf_counter()
    dm.run_study(pixels, names, holdout)  # the default view: the same-run baseline
    baseline = time.perf_counter() - start
    size, train, note = dm.limit_view(size, channels, train)
    start, cpu = time.perf_counter(), time.process_time()
    study = dm.run_study(pixels, names, holdout, size, channels, train, 0)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = peak_mb()
    return {
        "seconds": seconds,
        "cpu": cpu,
        "baseline": baseline,
        "peak_mb": peak,
        "loaded_mb": loaded,
        "train": train,
        "size": size,
        "models": [r.name for r in study.ladder.rungs],
        "note": note,
    }


def _timed(parts: dict[str, list[tuple[float, float]]], name: str, job):
    """Run ``job()``, add its (wall, CPU of every thread of the process) to ``parts[name]``."""
    start, used = time.perf_counter(), time.process_time()
    out = job()
    parts.setdefault(name, []).append((time.perf_counter() - start, time.process_time() - used))
    return out


def study_parts(pixels: list, names: list[str], holdout: tuple[str, ...], seed: int, parts: dict) -> None:
    """One study's work, part by part, one after the other (run_study runs the ladder's parts in
    threads; here each is timed alone, so its CPU time is its own). The same calls as
    :func:`lib.density.run_study`; what only the held-out photos decide is marked "(held out)":
    the page computes it once per held-out photos and shape, not once per seed."""
    from lib.density import codecs
    from lib.density.ladder import default_ladder, own_entropy
    from lib.density.study import EIGEN_SHOWN, ENTROPY_SAMPLES, SHOWN, value_shares

    held = [names.index(h) for h in holdout]
    test, split = _timed(parts, "held-out patches (held out)", lambda: dm.held_out_patches(pixels, held))
    train, fresh = _timed(parts, "training and fresh patches", lambda: dm.training_patches(split, seed=seed))
    picture = codecs.mosaic(codecs._bounded(test, 8, 1), 8, 1)
    _timed(parts, "PNG (held out)", lambda: codecs._encode(picture, "PNG"))
    _timed(parts, "WebP (held out)", lambda: codecs._encode(picture, "WEBP"))
    _timed(parts, "own histogram (held out)", lambda: value_shares(test))
    for model in default_ladder(8, 1):  # each lambda runs at once, inside its own iteration
        _timed(parts, f"{model.name}: fit", lambda m=model: m.fit(train))
        _timed(
            parts,
            f"{model.name}: scores (3 sets)",
            lambda m=model: [m.bits_per_dim(p) for p in (test, train, fresh)],
        )
        _timed(parts, f"{model.name}: samples", lambda m=model: m.sample(SHOWN, np.random.default_rng(seed)))
        _timed(parts, f"{model.name}: own entropy", lambda m=model: own_entropy(m, ENTROPY_SAMPLES, seed))
        if isinstance(model, dm.GaussianModel):
            _timed(parts, "Gaussian: eigenvectors", lambda m=model: m.eigenvector_images(EIGEN_SHOWN))
    _timed(parts, "lookup table", lambda: dm.lookup_table(train, test))
    _timed(parts, "training histogram", lambda: value_shares(train))


def bench_parts(pixels: list, names: list[str], holdout: tuple[str, ...], repeats: int) -> None:
    """The default view's study part by part, then the server's path: the default view on a
    fresh :class:`lib.density.StudyService`, then a new seed (what a visitor's new seed costs),
    with the same-run baseline (one ``numpy.cov`` of the training patches)."""
    parts: dict[str, list[tuple[float, float]]] = {}
    runs: dict[str, list[tuple[float, float]]] = {}
    sets = dm.patch_sets(pixels, [names.index(h) for h in holdout])
    study_parts(pixels, names, holdout, 0, {})  # warm-up
    for r in range(repeats):
        _timed(
            runs, "baseline np.cov of the training patches", lambda: np.cov(sets.train.T.astype(np.float64))
        )
        study_parts(pixels, names, holdout, 1000 + r, parts)
        service = dm.StudyService(lambda: (pixels, names))
        _timed(
            runs,
            "default view, fresh server (threads)",
            lambda s=service: s.study(dm.StudySettings(), always=True),
        )
        new = dm.StudySettings(seed=1000 + r)
        _timed(runs, "then a new seed (threads)", lambda s=service, n=new: s.study(n, always=True))

    def row(name: str, times: list[tuple[float, float]]) -> str:
        wall, cpu = (statistics.median(t[i] for t in times) * 1000 for i in (0, 1))
        return f"  {name:44s} CPU {cpu:7.1f} ms   wall {wall:7.1f} ms"

    print(f"\nthe study part by part (8×8 grey, 4,000 patches, new seeds), medians of {repeats}:")
    for name, times in parts.items():
        print(row(name, times))
    per_seed = [n for n in parts if "(held out)" not in n]
    total = sum(statistics.median(t[1] for t in parts[n]) for n in parts)
    seed_only = sum(statistics.median(t[1] for t in parts[n]) for n in per_seed)
    print(
        f"  sum of the parts' CPU: {total * 1000:.0f} ms; of those a new seed redoes: {seed_only * 1000:.0f} ms"
    )
    print(f"\nthe server's path, medians of {repeats} (CPU counts every thread):")
    for name, times in runs.items():
        print(row(name, times))
    base = statistics.median(t[0] for t in runs["baseline np.cov of the training patches"])
    seed = statistics.median(t[0] for t in runs["then a new seed (threads)"])
    print(f"  new seed / baseline (wall medians): {seed / base:,.0f}×")


#: The held-out pictures the codecs encode, by patch shape (the default, then the limit views;
#: the training count does not change them).
CODEC_SHAPES = [(8, 1), (8, 3), (16, 1), (16, 3), (32, 1)]


def bench_webp(pixels: list, names: list[str], holdout: tuple[str, ...], repeats: int) -> None:
    """WebP lossless at every ``method`` 0–6 (quality as the page uses it) on the very picture
    the page encodes for each shape: its size against method 6's, and its CPU time."""
    import io

    from PIL import Image

    from lib.density import codecs
    from lib.density.study import MAX_SCORED_VALUES

    def encode(picture: np.ndarray, method: int) -> tuple[int, float]:
        times = []
        for _ in range(repeats):
            buffer, used = io.BytesIO(), time.process_time()
            Image.fromarray(picture).save(
                buffer, format="WEBP", lossless=True, quality=codecs.WEBP_QUALITY, method=method
            )
            times.append(time.process_time() - used)
        return buffer.tell(), statistics.median(times)

    held = [names.index(h) for h in holdout]
    print(f"\nWebP lossless, quality {codecs.WEBP_QUALITY}: size against method 6, CPU (median of {repeats})")
    for size, channels in CODEC_SHAPES:
        dims = size * size * channels
        test, _ = dm.held_out_patches(pixels, held, size, channels, min(2000, MAX_SCORED_VALUES // dims))
        picture = codecs.mosaic(codecs._bounded(test, size, channels), size, channels)
        found = [encode(picture, method) for method in range(7)]
        best = found[6][0]
        cells = " | ".join(
            f"m{m} {100 * (n / best - 1):+6.2f}% {t * 1000:4.0f} ms" for m, (n, t) in enumerate(found)
        )
        colour = "grey" if channels == 1 else "RGB"
        print(f"  {size}×{size} {colour:4s} ({best:,} B at m6): {cells}")


def bench_mixture(pixels: list, names: list[str], holdout: tuple[str, ...], repeats: int) -> None:
    """The Gaussian mixture where the ladder leaves it out (above MIXTURE_MAX_DIMS values a
    patch), at each shape's largest live training count: its fit's CPU time against the whole
    default view's in the same run, and what it scores (does it generalise?)."""
    from lib.density import GaussianMixtureModel

    held = [names.index(h) for h in holdout]
    base = []
    for _ in range(repeats):
        used = time.process_time()
        dm.run_study(pixels, names, holdout)
        base.append(time.process_time() - used)
    print(
        f"\nGaussian mixture left out of the ladder (median of {repeats}; the default view: {spread(base)} CPU-s)"
    )
    for size, channels in [(8, 3), (16, 1), (16, 3)]:
        train_count = dm.max_train_patches(size, channels)
        test, split = dm.held_out_patches(pixels, held, size, channels, 666)
        train, fresh = dm.training_patches(split, size, channels, train_count, 0, 666)
        times = []
        for _ in range(repeats):
            used = time.process_time()
            model = GaussianMixtureModel(size, channels).fit(train)
            times.append(time.process_time() - used)
        colour = "grey" if channels == 1 else "RGB"
        print(
            f"  {size}×{size} {colour:4s} on {train_count:,} patches: fit {spread(times)} CPU-s; bits/dim "
            f"training {model.bits_per_dim(train):.2f}, fresh {model.bits_per_dim(fresh):.2f}, "
            f"held out {model.bits_per_dim(test):.2f}"
        )


def bench_reruns(repeats: int) -> None:
    """The page's first run and its reruns (AppTest, in this process), against an empty page.

    The baseline is a page that only calls ``st.title``, run the same way in the same
    process: what Streamlit itself costs per run.
    """
    import tempfile

    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory() as folder:
        empty = Path(folder) / "empty.py"
        empty.write_text('import streamlit as st\nst.title("empty")\n')
        runs: dict[str, list[float]] = {"empty page": [], "learning page": []}
        first = {}
        for name, path, page in (
            ("empty page", empty, None),
            ("learning page", ROOT / "streamlit_app.py", "pages/3_Learning.py"),
        ):
            at = AppTest.from_file(str(path), default_timeout=300)
            if page:
                at.switch_page(page)
            start = time.perf_counter()
            at.run()
            first[name] = time.perf_counter() - start
            for _ in range(max(repeats, 3)):
                start = time.perf_counter()
                at.run()
                runs[name].append(time.perf_counter() - start)
    print("\npage runs in AppTest (this process; the first run includes the fit of the default view):")
    for name, times in runs.items():
        print(f"  {name:14s} first run {first[name]:6.2f} s; reruns {spread(times)}")
    ratio = statistics.median(runs["learning page"]) / statistics.median(runs["empty page"])
    print(f"  rerun ratio (medians), learning / empty: {ratio:.1f}×")


#: In Chromium (``--browser``): which seeds each kind of rerun types in turn. The page fits
#: the next seed, then the one before, ahead once a view is shown (StudyService.ahead), so
#: "the next seed" steps by one, and "the next seed again" the same seeds once more;
#: "a seed never asked for" steps by 7 from 5,000, past every seed fitted ahead; "a seed
#: already fitted" alternates two seeds the warm-up reruns fitted.
BROWSER_RERUNS = (
    ("the next seed (fitted ahead)", [str(s) for s in range(1, 101)]),
    # The same seeds again, in a new tab: new to the browser, but fitted before, with no fit
    # made ahead beside them (their neighbours are fitted too): what a fit ahead costs beside
    # a view, against none.
    ("the next seed again", [str(s) for s in range(1, 101)]),
    ("a seed never asked for", [str(s) for s in range(5000, 6000, 7)]),
    ("a seed already fitted", ["1", "2"]),
)


def bench_browser(runs: int, warmup: int, pause: float) -> None:
    """Reruns of the page in Chromium (``bench/bench_pages.py``'s clock: the Enter key to the
    painted page) for each of :data:`BROWSER_RERUNS`, with an empty page served and rerun the
    same way in the same run, before and after. ``pause`` seconds pass between a painted view
    and the next key press (a presenter reading the slide): 0 is bench_pages' pace.

    Beside the wall clock, which a shared machine's load moves, two CPU times that it moves
    less: the renderer's main thread from the key press to the painted page (median), and the
    server's, every thread, from the key press to the run's ``script_finished`` message
    (``/proc``, in 10 ms ticks: the mean over the timed reruns), so the fits the server makes
    ahead for the next seeds once a run has ended are not counted."""
    import tempfile

    sys.path.insert(0, str(ROOT / "tests"))
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_pages import EMPTY_PAGE, Meter, cpu_ms, is_script_finished, renderer_ms, rerun
    from conftest import CHROMIUM, CHROMIUM_FLAGS, SERVED_APP, start_server, wait_for_run
    from playwright.sync_api import sync_playwright

    def measure(
        browser, url: str, values: list[str], server_pid: int
    ) -> tuple[list[float], list[float], float]:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        meter = Meter(page)
        page.goto(url, timeout=180_000)
        wait_for_run(page, timeout=180_000)
        finished: dict[str, float] = {}

        def on_frame(payload) -> None:
            if is_script_finished(payload):
                finished["cpu"] = cpu_ms(server_pid)

        meter.ws.on("framereceived", on_frame)
        painted, renderer, server = [], [], 0.0
        for i in range(warmup + runs):
            time.sleep(pause)
            before, server_before = renderer_ms(cdp), cpu_ms(server_pid)
            _, paint_ms = rerun(page, meter, ("Seed", values), i)
            if i >= warmup:
                painted.append(paint_ms)
                renderer.append(renderer_ms(cdp) - before)
                server += finished["cpu"] - server_before
        page.close()
        return painted, renderer, server / runs

    rows: list[tuple[str, tuple[list[float], list[float], float]]] = []
    with tempfile.TemporaryDirectory() as folder:
        empty = Path(folder) / "empty.py"
        empty.write_text(EMPTY_PAGE)
        app, app_url = start_server(SERVED_APP)
        base, base_url = start_server(script=str(empty))
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                seeds = [str(s) for s in range(1, 101)]
                rows.append(("empty page", measure(browser, base_url, seeds, base.pid)))
                for label, values in BROWSER_RERUNS:
                    rows.append((label, measure(browser, app_url + "/Learning", values, app.pid)))
                rows.append(("empty page again", measure(browser, base_url, seeds, base.pid)))
                browser.close()
        finally:
            for process in (app, base):
                process.terminate()
    baseline = statistics.median(rows[0][1][0])
    print(
        f"\nLearning's reruns in Chromium, Enter to painted page ({warmup} warm-up, {runs} timed, "
        f"{pause:.1f} s between a painted view and the next key press; load {os.getloadavg()[0]:.1f}):"
    )
    for label, (painted, renderer, server) in rows:
        median = statistics.median(painted)
        print(
            f"  {label:30s} painted median {median:6.0f} ms (min {min(painted):.0f}, max {max(painted):.0f})"
            f"  {median / baseline:5.1f}× empty   renderer CPU {statistics.median(renderer):5.0f} ms"
            f"   server CPU to the run's end {server:5.0f} ms"
        )


#: --against's kinds of rerun: a row of :data:`BROWSER_RERUNS` each.
AGAINST_KINDS = {"never": "a seed never asked for", "next": "the next seed (fitted ahead)"}


def bench_against(rev: str, runs: int, warmup: int, pause: float, kind: str) -> None:
    """This tree's Learning against commit ``rev``'s, served side by side (``rev`` from a git
    worktree of its own), with the empty page beside: their reruns taken in turn, rerun ``i``
    of each before rerun ``i + 1`` of any, each in a browser context of its own
    (:func:`bench_draw_split.paired`), ``pause`` seconds before each. Both trees type the same
    seeds (``kind``: :data:`AGAINST_KINDS`), so a machine's load, which swings over seconds,
    falls on both; each tree's fits ahead run beside the other's reruns alike. Prints medians
    and ``rev``'s paired differences from this tree's (median of each turn's difference)."""
    sys.path.insert(0, str(ROOT / "tests"))
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_draw_split import paired, paired_differences, served_against
    from conftest import CHROMIUM, CHROMIUM_FLAGS
    from playwright.sync_api import sync_playwright

    seeds = dict(BROWSER_RERUNS)[AGAINST_KINDS[kind]]
    started, loads = time.perf_counter(), [os.getloadavg()[0]]
    with served_against(rev) as servers:
        names, paths = ("(empty page)", "this tree", rev), ("", "/Learning", "/Learning")
        tabs = {
            name: (url + path, ("Seed", seeds), process.pid)
            for name, (process, url), path in zip(names, servers, paths, strict=True)
        }
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            rows = paired(browser, tabs, runs, warmup, before_each=lambda _: time.sleep(pause))
            browser.close()
        loads.append(os.getloadavg()[0])
    print(
        f"\nMemorise or model?, {AGAINST_KINDS[kind]}: this tree against {rev}, {warmup} warm-up and {runs} "
        f"timed reruns each, taken in turn, {pause:.1f} s before each; {time.perf_counter() - started:.0f} s in "
        f"all, load (1 min) {', '.join(f'{x:.1f}' for x in loads)}. Medians; 'paired' is the median of each "
        "rerun's difference from this tree's at the same turn."
    )
    print(f"{'served':<16}{'painted':>9}{'× empty':>9}{'renderer CPU':>14}{'server CPU':>12}{'paired':>24}")
    empty = statistics.median(r["painted"] for r in rows["(empty page)"])
    for name, own in rows.items():
        painted, renderer = (statistics.median(r[k] for r in own) for k in ("painted", "renderer"))
        server = statistics.mean(r["server"] for r in own)  # counted in 10-ms ticks: a mean
        line = f"{name[:16]:<16}{painted:>7.0f}ms{painted / empty:>9.2f}{renderer:>12.1f}ms{server:>10.1f}ms"
        if name == rev:
            diffs = paired_differences(rows, rev)
            line += f"{diffs['painted']:>+11.0f}ms painted{diffs['renderer']:>+7.1f}ms CPU"
        print(line)


#: What --split leaves out of a rerun of the page, one at a time: an element dropped whole
#: (``drop``: an ``st.html`` body holding the marker) or a piece cut out of the HTML it is in (``cut``: a regular expression), so the
#: blocks stay and only the piece goes.
SPLIT_FIGURES = {
    "ladder": ("cut", r'<figure class="ladder-plot.*?</figure>'),  # the page's own HTML, its notes kept
    "notes": (
        "cut",
        r'(?<=</figure>)<div class="learning"><p>Each model learned.*',
    ),  # in the ladder's element
    "below": ("drop", "pixel-rows"),
    "images": ("cut", r"<img [^>]*>"),
    "rows": ("cut", r'<div class="pixel-rows">.*?(?=<p class="caption">)'),
    "cards": ("cut", r'<div class="rung-cards">.*?(?=<h2 class="section">)'),
    "datasets": ("cut", r'<div class="cards"><div class="card"><h4>ImageNet.*?(?=<p class="caption">Raw)'),
    "space": ("cut", r'<div class="learning"><h3 class="section">What the Gaussian.*'),
    "bignums": ("cut", r'<div class="bignum-pair">.*?(?=<p>The best model)'),
}
SPLIT_GROUPS = {"all": ("ladder", "notes", "below")}

#: What the --split wrapper does after bench_draw_split.LEFT_OUT_READER (imported with the
#: trace's helpers by :func:`bench_split`): html cut or dropped.
SPLIT_PATCHES = """originals = DeltaGenerator.__dict__.get("_split_originals") or {{
    "html": DeltaGenerator.html,
}}
DeltaGenerator._split_originals = originals


def html(self, body, *args, **kwargs):
    found, text = kinds(), str(body)
    if any(marker in text for marker in found.get("drop", ())):
        return None
    for pattern in found.get("cut", ()):
        text = re.sub(pattern, "", text, flags=re.S)
    return originals["html"](self, text if found.get("cut") else body, *args, **kwargs)


DeltaGenerator.html = html
st.html = st._main.html
runpy.run_path({page!r}, run_name="__main__")
"""


def bench_split(runs: int, warmup: int, rounds: int, only: list[str] | None) -> None:
    """Where a new seed's rerun spends the browser's time, piece by piece (as
    ``bench/bench_draw_split.py`` does for Random images): one rerun traced (devtools.timeline:
    the renderer main thread's self time by kind of work) and profiled (V8: script by file and
    function), then the page served with each of :data:`SPLIT_FIGURES` left out in turn, every
    variant timed as ``bench_pages`` times a rerun (next seeds, fitted ahead), ``rounds`` times;
    what a piece costs is the page as served minus the page without it, in the same round."""
    import tempfile

    sys.path.insert(0, str(ROOT / "tests"))
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_draw_split import LEFT_OUT_READER, print_split, split_rerun
    from bench_pages import empty_page
    from conftest import SERVED_APP

    variants = ["", *(v for v in [*SPLIT_FIGURES, *SPLIT_GROUPS] if not only or v in only)]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        control, folder = Path(tmp) / "left_out.txt", Path(tmp) / "split"
        (folder / "pages").mkdir(parents=True)
        for page in [ROOT / "streamlit_app.py", *sorted((ROOT / "pages").glob("*.py"))]:
            text = f"import runpy, sys\nsys.path.insert(0, {str(ROOT)!r})\nrunpy.run_path({str(page)!r}, run_name='__main__')\n"
            if page.name == "3_Learning.py":
                header = "# {page} with the pieces named in {control} left out (bench_learning --split).\n"
                text = (header + LEFT_OUT_READER + SPLIT_PATCHES).format(
                    page=str(page), root=str(ROOT), control=str(control), figures=SPLIT_FIGURES
                )
            (folder / page.relative_to(ROOT)).write_text(text)
        served = folder / SERVED_APP
        served.write_text(
            f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n" + (ROOT / SERVED_APP).read_text()
        )
        empty = empty_page(Path(tmp))
        split = split_rerun(
            served, empty, "/Learning", control, SPLIT_GROUPS, variants, (runs, warmup, rounds)
        )
    print(
        f"Learning, the next seed typed: one traced rerun, then {rounds} rounds of every variant in turn "
        f"({warmup} warm-up and {runs} timed reruns each); {time.perf_counter() - started:.0f} s in all, "
        f"load (1 min) {', '.join(f'{x:.1f}' for x in split.loads)}."
    )
    print_split(split, "piece")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--limits", action="store_true", help="also time every limit view, cold")
    parser.add_argument("--reruns", action="store_true", help="also time the page's first run and reruns")
    parser.add_argument(
        "--pages",
        action="store_true",
        help="also the page itself at every limit link (AppTest, as bench_sampling)",
    )
    parser.add_argument(
        "--parts", action="store_true", help="only the study part by part, and the server's new seed"
    )
    parser.add_argument("--webp", action="store_true", help="only WebP's methods 0-6 on each shape's picture")
    parser.add_argument(
        "--mixture", action="store_true", help="only the mixture where the ladder leaves it out"
    )
    parser.add_argument(
        "--browser", action="store_true", help="only the page's reruns in Chromium, against an empty page"
    )
    parser.add_argument(
        "--split",
        nargs="*",
        metavar="PIECE",
        help=f"only where a new seed's rerun goes in the browser, of {[*SPLIT_FIGURES, *SPLIT_GROUPS]} (none: all)",
    )
    parser.add_argument("--rounds", type=int, default=2, help="rounds of every variant (--split)")
    parser.add_argument(
        "--runs", type=int, default=3, help="timed reruns of each kind (--browser, --split, --against)"
    )
    parser.add_argument(
        "--pause",
        type=float,
        default=0.0,
        help="seconds between a painted view and the next key (--browser, --against)",
    )
    parser.add_argument(
        "--against", metavar="REV", help="only this tree's reruns against commit REV's (--kind)"
    )
    parser.add_argument(
        "--kind", choices=list(AGAINST_KINDS), default="never", help="which reruns (--against)"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    holdout = dm.StudySettings().holdout
    if args.child:
        size, channels, train = json.loads(args.child)
        print(json.dumps(one_view(size, channels, train, holdout)))
        return
    print(f"numpy {np.__version__}, {os.cpu_count()} CPUs")
    if args.against:
        bench_against(args.against, args.runs, 2, args.pause, args.kind)
        return
    if args.browser:
        bench_browser(args.runs, 2, args.pause)
        return
    if args.split is not None:
        bench_split(args.runs, 2, args.rounds, args.split)
        return
    photos = load_corpus()
    pixels, names = [p.pixels for p in photos], [p.credit.key for p in photos]  # type: ignore[union-attr]
    if args.mixture:
        bench_mixture(pixels, names, holdout, args.repeats)
        return
    if args.parts or args.webp:
        if args.parts:
            bench_parts(pixels, names, holdout, args.repeats)
        if args.webp:
            bench_webp(pixels, names, holdout, args.repeats)
        return
    held = [names.index(h) for h in holdout]
    sets = dm.patch_sets(pixels, held, 8, 1, 4000, 0)
    baseline, views, cpu = [], [], []
    dm.run_study(pixels, names, holdout)  # warm-up
    for _ in range(args.repeats):
        start = time.perf_counter()
        np.cov(sets.train.T.astype(np.float64))
        baseline.append(time.perf_counter() - start)
        start, used = time.perf_counter(), time.process_time()
        study = dm.run_study(pixels, names, holdout)
        views.append(time.perf_counter() - start)
        cpu.append(time.process_time() - used)
    print(f"default view (8×8 grey, 4,000 patches), {args.repeats} warm runs after one warm-up:")
    print(f"  baseline np.cov of the training patches: {spread(baseline)}")
    print(f"  run_study (the page's whole cache miss):  {spread(views)}")
    # The fit runs its models and codecs in threads: on a busy machine the wall time says little,
    # the CPU time of all its threads is what a crowd of fits would share.
    print(f"  its CPU time, every thread counted:       {spread(cpu)}")
    print(f"  ratio of medians: {statistics.median(views) / statistics.median(baseline):,.0f}×")
    for rung in study.ladder.rungs:
        print(
            f"    {rung.name:20s} held out {rung.bits_per_dim:6.3f}  fresh {rung.fresh_bits_per_dim:6.3f}  "
            f"train {rung.train_bits_per_dim:6.3f}  own {rung.entropy_bits_per_dim:6.3f}  "
            f"fit {rung.fit_seconds:5.2f} s"
        )
    if args.reruns:
        bench_reruns(args.repeats)
    if args.pages:
        from bench_sampling import measure_views

        print("\nthe page at each limit link (fits, charts and pictures included):")
        measure_views("pages/3_Learning.py", PAGE_VIEWS, {"seed": "77"}, args.repeats)
    if not args.limits:
        return
    print("\nlimit views, each cold in its own process (imports excluded):")
    print(
        f"  {'view':22s} {'time':>7s} {'CPU':>7s} {'default':>8s} {'ratio':>6s} {'peak MB':>8s} {'photos only':>11s}  used"
    )
    for size, channels, train in LIMITS:
        child = subprocess.run(
            [sys.executable, __file__, "--child", json.dumps([size, channels, train])],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if child.returncode:
            print(f"  {size}×{size}×{channels} {train}: failed\n{child.stderr[-2000:]}")
            continue
        out = json.loads(child.stdout.strip().splitlines()[-1])
        kind = f"{size}×{size} {'grey' if channels == 1 else 'RGB'} {train:,}"
        print(
            f"  {kind:22s} {out['seconds']:6.2f}s {out['cpu']:6.2f}s {out['baseline']:7.2f}s {out['seconds'] / out['baseline']:5.1f}× "
            f"{out['peak_mb']:8.0f} "
            f"{out['loaded_mb']:11.0f}  {out['size']}×{out['size']}, {out['train']:,} patches; "
            f"{len(out['models'])} models"
        )


if __name__ == "__main__":
    main()
