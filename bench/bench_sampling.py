"""Timings of the sampling page's hot functions at default settings (prints; never asserts).

    cd /work/main && python bench/bench_sampling.py

Each figure is the median of several runs, next to a trivial baseline (summing the 16 noise
images' 49,152 bytes with numpy) measured in the same run, so that figures from different
machines can be compared.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np

from lib import statistics as stats
from lib import photo_corpus as pc
from lib.uploads import decode_upload

SIZE, COUNT, SEED, SCALE = 32, 16, 1, 4


def timed(label: str, function, repeat: int = 7) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        runs.append(time.perf_counter() - start)
    median = statistics.median(runs)
    print(f"{label:<58} {median * 1e3:10.3f} ms")
    return median


def main() -> None:
    print(f"numpy {np.__version__}, Python {sys.version.split()[0]}")
    noise = pc.uniform_noise(COUNT, SIZE, SEED)
    baseline = timed("baseline: noise.sum() over 16×32×32×3 bytes", lambda: noise.sum(), repeat=101)
    print()
    timed("load_corpus (cached by the page)", pc.load_corpus, repeat=3)
    pool = pc.load_corpus()
    real = pc.random_crops(pool, SIZE, COUNT, SEED).images
    both = np.concatenate([noise, real])
    sheet = pc.contact_sheet(noise, 8, SCALE, 2)

    print("-- one default rerun: 16 noise + 16 real 32×32 RGB --")
    parts = [
        timed("uniform_noise(16, 32)", lambda: pc.uniform_noise(COUNT, SIZE, SEED)),
        timed("random_crops(16, 32)", lambda: pc.random_crops(pool, SIZE, COUNT, SEED)),
        timed(
            "contact_sheet ×2 (8 columns, ×4, gap 2)",
            lambda: (pc.contact_sheet(noise, 8, SCALE, 2), pc.contact_sheet(real, 8, SCALE, 2)),
        ),
        timed(
            f"encode_png ×2 (sheets of {sheet.shape[1]}×{sheet.shape[0]})",
            lambda: (pc.encode_png(sheet), pc.encode_png(sheet)),
        ),
        timed("adjacent_pixel_correlations (32 images)", lambda: stats.adjacent_pixel_correlations(both)),
        timed(
            "radial_power_spectrum ×2",
            lambda: (stats.radial_power_spectrum(noise), stats.radial_power_spectrum(real)),
        ),
        timed(
            "neighbour_difference_histogram ×2",
            lambda: (stats.neighbour_difference_histogram(noise), stats.neighbour_difference_histogram(real)),
        ),
        timed(
            "diffusion_path (6 steps) + correlations",
            lambda: [
                stats.adjacent_pixel_correlation(x)
                for x in stats.diffusion_path(real[0], [0, 50, 100, 200, 400, 1000], 1)
            ],
        ),
        timed("image_as_number(32×32×3 crop)", lambda: stats.image_as_number(real[0])),
    ]
    total = sum(parts)
    print(f"{'total of the rerun above':<58} {total * 1e3:10.3f} ms  ({total / baseline:,.0f}× the baseline)")
    print()
    print("-- cacheable or occasional --")
    timed(
        "noise_correlation_bound(32, 32, 0.9, RGB, mean)",
        lambda: stats.noise_correlation_bound(32, 32, 0.9, channels=3),
        repeat=5,
    )
    timed(
        "noise_correlation_bound(2304, 4096, 0.9, RGB, mean)",
        lambda: stats.noise_correlation_bound(2304, 4096, 0.9, channels=3),
        repeat=5,
    )
    timed(
        "monte_carlo_noise_correlation(32, 32, 1000 draws, RGB)",
        lambda: stats.monte_carlo_noise_correlation(32, 32, 1000, SEED, channels=3),
        repeat=3,
    )
    timed("whole_photos(16, 32) (Lanczos)", lambda: pc.whole_photos(pool, SIZE, COUNT, SEED))
    timed(
        "uniform_noise_window 512×512 of 2304×4096",
        lambda: pc.uniform_noise_window(2304, 4096, 900, 1800, 512, 512, SEED),
    )
    timed(
        "uniform_noise_image(2304, 4096) (whole)", lambda: pc.uniform_noise_image(2304, 4096, SEED), repeat=3
    )
    big = pc.uniform_noise_image(2304, 4096, SEED)
    timed("image_as_number(2304×4096×3)", lambda: stats.image_as_number(big), repeat=3)
    upload = pc.encode_png(pool[0].pixels)
    timed("decode_upload(512×512 PNG)", lambda: decode_upload(upload))


if __name__ == "__main__":
    main()
