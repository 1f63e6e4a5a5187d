"""Timings of the intrinsic-dimension estimator at the page's sizes (prints; never asserts).

    cd /work/main && .venv/bin/python bench/bench_intrinsic_dimension.py

Each line: warm-up once, then ``REPEAT`` runs; median, min and max. The same-run
baseline is one plain numpy matrix product of the same shape as the neighbour search's
(n × D times D × n), so figures from different (or busy) machines can be compared as a
ratio. Also prints the estimates themselves (the figures quoted in the report).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from lib import intrinsic_dimension as idm
from lib import photo_corpus as pc

REPEAT = 5


def timed(label: str, function, repeat: int = REPEAT) -> float:
    function()  # warm-up
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        runs.append(time.perf_counter() - start)
    median = statistics.median(runs)
    print(
        f"{label:<52} median {median * 1e3:8.1f} ms   min {min(runs) * 1e3:8.1f}   max {max(runs) * 1e3:8.1f}"
    )
    return median


def main() -> None:
    print(f"numpy {np.__version__}, Python {sys.version.split()[0]}")
    pool = pc.load_corpus()
    n = idm.DEFAULT_POINTS
    for size in idm.PATCH_SIZES:
        dim = size * size
        photos = idm.photo_patches(size, n, 0, pool)
        noise = idm.noise_patches(size, n, 0)
        print(f"-- {size}×{size} grey patches: n = {n:,}, D = {dim} --")
        base = timed(f"baseline: ({n}×{dim}) @ ({dim}×{n}) float64", lambda x=photos: x @ x.T)
        one = timed("mle_dimension(photo patches), k = 5…20", lambda x=photos: idm.mle_dimension(x))
        timed("mle_dimension(noise patches), k = 5…20", lambda x=noise: idm.mle_dimension(x))
        timed("photo_patches (crops from the cached corpus)", lambda s=size: idm.photo_patches(s, n, 0, pool))
        study = timed(
            f"patch_study('photos'), {idm.DEFAULT_SUBSETS} subsets",
            lambda s=size: idm.patch_study("photos", s, pool=pool),
            repeat=3,
        )
        timed(
            "principal_variances (photos and noise)", lambda a=photos, b=noise: idm.principal_variances(a, b)
        )
        print(f"   one estimate = {one / base:.1f}× baseline; one study = {study / base:.1f}× baseline")
    print("-- the page's whole section: 2 sizes × (photos, noise) × 5 subsets --")
    timed(
        "4 studies (what the page caches once per server)",
        lambda: [idm.patch_study(k, s, pool=pool) for k in ("photos", "noise") for s in idm.PATCH_SIZES],
        repeat=2,
    )
    print("-- the estimates (median over subsets and k; range) --")
    for kind in ("photos", "noise"):
        for size in idm.PATCH_SIZES:
            s = idm.patch_study(kind, size, pool=pool)
            median, _, _ = s.by_k()
            print(
                f"{kind:>6} {size:>2}×{size:<2} (D = {s.ambient:>3}): median {s.median:5.1f}, "
                f"range {s.low:5.1f}–{s.high:5.1f}; k = 5: {median[0]:5.1f}, k = 20: {median[-1]:5.1f}"
            )
    p = idm.principal_variances(idm.photo_patches(8, n, 0, pool), idm.noise_patches(8, n, 0))
    print(
        f"PCA 8×8: 2 axes hold {p.photo_share(2):.1%} of photo variance, {p.noise_share(2):.1%} of noise; "
        f"90% of variance needs {p.components_for(p.photo_spectrum, 0.9)} axes (photos) "
        f"vs {p.components_for(p.noise_spectrum, 0.9)} (noise)"
    )


if __name__ == "__main__":
    main()
