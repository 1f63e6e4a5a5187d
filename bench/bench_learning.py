"""How long the learning page's ladder takes to fit, and what it scores.

Run: ``python bench/bench_learning.py`` (``--all`` adds the bigger patch settings,
``--repeats N`` changes the number of timed runs). Prints figures, asserts nothing.

The machine is shared and noisy, so each figure is the median of several runs, with
the fastest and slowest run beside it, and a trivial baseline (one covariance matrix of
the same training patches, the least any Gaussian fit must compute) is timed in the
same runs: if the baseline is slow too, the machine was busy, not the code.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "tests"))

from fixtures import synthetic_photo  # noqa: E402

from lib.density import (  # noqa: E402
    DEFAULT_CHANNELS,
    DEFAULT_SEED,
    DEFAULT_SIZE,
    DEFAULT_TEST_PATCHES,
    DEFAULT_TRAIN_PATCHES,
    extract_patches,
    fit_ladder,
    split_by_photo,
)

PHOTOS = ROOT / "assets" / "photos"


def load_photos() -> tuple[list[np.ndarray], list[str], str]:
    """The shipped photos (named in the manifest) or, without them, six synthetic stand-ins."""
    manifest = PHOTOS / "manifest.json"
    if manifest.exists():
        entries = json.loads(manifest.read_text()).get("photos", [])
        files = [PHOTOS / e["file"] for e in entries if isinstance(e, dict) and "file" in e]
        files = [f for f in files if f.exists()]
        if len(files) >= 2:
            return (
                [np.asarray(Image.open(f).convert("RGB")) for f in files],
                [f.stem for f in files],
                f"{len(files)} shipped photos (assets/photos)",
            )
    photos = [synthetic_photo(256, 256, seed) for seed in range(6)]
    return photos, [f"synthetic-{i}" for i in range(6)], "6 synthetic dead-leaves images (no photos shipped)"


def timed(fn, repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def spread(times: list[float]) -> str:
    return f"median {statistics.median(times):6.3f} s  (min {min(times):.3f}, max {max(times):.3f})"


def bench_setting(photos, names, size, channels, train_count, test_count, repeats, verbose=True):
    split = split_by_photo(photos, 0.25, rng=DEFAULT_SEED)
    train = extract_patches(list(split.train), size, channels, train_count, rng=1)
    test = extract_patches(list(split.test), size, channels, test_count, rng=2)
    baseline, totals, fits, results = [], [], [], []
    for _ in range(repeats):
        baseline += timed(lambda: np.cov(train.T.astype(np.float64)), 1)
        start = time.perf_counter()
        result = fit_ladder(train, test, size, channels, samples=16, seed=DEFAULT_SEED)
        totals.append(time.perf_counter() - start)
        fits.append(result.fit_seconds)
        results.append(result)
    colour = "grey" if channels == 1 else "RGB"
    print(
        f"\n{size}×{size} {colour} (D = {size * size * channels}), {train_count:,} training patches, "
        f"{test_count:,} test patches; held out: {', '.join(names[i] for i in split.test_indices)}"
    )
    print(f"  trivial baseline, np.cov of the training patches: {spread(baseline)}")
    print(f"  fitting the whole ladder (fit only):              {spread(fits)}")
    print(f"  fit_ladder call (fit + score + sample + PNG):      {spread(totals)}")
    print(f"  ladder fit / baseline (medians): {statistics.median(fits) / statistics.median(baseline):,.0f}×")
    if verbose:
        print(
            f"  {'model':20s} {'test bits/dim':>13s} {'train':>7s} {'fit (median)':>13s} {'share':>6s}"
            f"  likelihood"
        )
        fit_total = statistics.median(fits)
        for i, rung in enumerate(results[0].rungs):
            fit = statistics.median(r.rungs[i].fit_seconds for r in results)
            print(
                f"  {rung.name:20s} {rung.bits_per_dim:13.3f} {rung.train_bits_per_dim:7.3f} "
                f"{fit:11.3f} s {100 * fit / fit_total:5.1f}%  {rung.likelihood}"
            )
        print(f"  {'PNG (reference)':20s} {results[0].png_bits_per_dim:13.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--all", action="store_true", help="also time the bigger patch settings")
    args = parser.parse_args()
    photos, names, what = load_photos()
    print(f"numpy {np.__version__}, {os.cpu_count()} CPUs; data: {what}")
    print("default settings:")
    bench_setting(
        photos,
        names,
        DEFAULT_SIZE,
        DEFAULT_CHANNELS,
        DEFAULT_TRAIN_PATCHES,
        DEFAULT_TEST_PATCHES,
        args.repeats,
    )
    if args.all:
        print("\nbigger settings (one run each after the first):")
        for size, channels, train_count in [
            (8, 3, 4000),
            (16, 1, 4000),
            (16, 3, 8000),
            (32, 1, 8000),
            (32, 3, 8000),
        ]:
            bench_setting(photos, names, size, channels, train_count, 2000, 1 if size == 32 else 2)


if __name__ == "__main__":
    main()
