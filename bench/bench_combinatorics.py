"""Benchmark of the combinatorics page: prints figures, asserts nothing.

    python bench/bench_combinatorics.py [--quick]

1. Each computation of lib/combinatorics for several image sizes (median µs), next to the
   naive route of building the integer and converting it to a string (256×256 RGB).
2. The page's rerun time next to an empty page's, both through AppTest in this run.
Machines here are shared and noisy: read medians and ratios, not single numbers.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lib import combinatorics as comb  # noqa: E402
from lib import reference_figures as ref  # noqa: E402
from lib.big_numbers import Magnitude  # noqa: E402


def median_seconds(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def all_figures(image: comb.ImageFormat) -> None:
    """Everything the page computes for one image, uncached."""
    count = Magnitude.power(2, image.total_bits)  # a fresh object: no lru_cache hit
    comb.count_facts.__wrapped__(count)
    for data in ref.DATASETS:
        comb.dataset_coverage(count, data).scientific(3)
    for rate in comb.enumeration_rates():
        t = comb.enumeration_time(count, rate)
        t.years.scientific(3), t.universe_ages.scientific(3)
    comb.smallest_square_exceeding(ref.ATOMS_IN_UNIVERSE.magnitude, image.channels, image.bits)


def bench_lib(repeat: int) -> None:
    print("## lib/combinatorics: one computation, median over", repeat, "runs")
    images = {
        "CIFAR-10 32×32 RGB": comb.ImageFormat(32, 32, 3, 8),
        "phone photo 2304×4096 RGB": comb.DEFAULT,
        "8K UHD": comb.PRESETS_BY_KEY["uhd8k"].image,
        "10^9×10^9, 64 ch, 32 bit": comb.ImageFormat(10**9, 10**9, 64, 32),
        "maximum 10^12×10^12, 1024 ch, 32 bit": comb.ImageFormat(10**12, 10**12, 1024, 32),
    }
    for name, image in images.items():
        count = Magnitude.power(2, image.total_bits)
        bits = image.total_bits
        rows = {  # each timed right here, in this iteration (default arguments bind it anyway)
            "digit count": lambda bits=bits: Magnitude.power(2, bits).digit_count(),
            "1.0149·10^x (5 digits)": lambda bits=bits: Magnitude.power(2, bits).scientific(5),
            "first 12 digits": lambda bits=bits: Magnitude.power(2, bits).leading_digits(12),
            "last 12 digits": lambda count=count: count.trailing_digits(12),
            "log10, 12 places": lambda bits=bits: Magnitude.power(2, bits).log10(12),
            "whole page's figures": lambda image=image: all_figures(image),
        }
        print(f"- {name}")
        for label, fn in rows.items():
            print(f"    {label:<26} {median_seconds(fn, repeat) * 1e6:10.1f} µs")
    return images


def bench_modalities(repeat: int) -> None:
    from lib import modalities as mod

    print("\n## lib/modalities: count facts of one preset, median over", repeat, "runs")
    for presets in mod.PRESETS.values():
        for preset in presets:
            data = preset.data
            seconds = median_seconds(
                lambda data=data: comb.count_facts.__wrapped__(Magnitude.power(data.levels, data.positions)),
                repeat,
            )
            print(f"    {preset.name:<46} {seconds * 1e6:10.1f} µs")


def bench_naive(quick: bool) -> None:
    side = 64 if quick else 256
    print(f"\n## The naive route against lib, for {side}×{side} RGB 8-bit")
    sys.set_int_max_str_digits(0)
    image = comb.ImageFormat(side, side, 3, 8)
    start = time.perf_counter()
    text = str(256**image.values)
    naive = time.perf_counter() - start
    exact = median_seconds(lambda: all_figures(image), 20)
    ours = Magnitude.power(2, image.total_bits)
    assert len(text) == ours.digit_count() and text[:12] == ours.leading_digits(12)
    print(f"    build the integer + str(): {naive * 1e3:12.1f} ms  ({len(text):,} digits)")
    print(f"    lib, every figure:         {exact * 1e3:12.3f} ms")
    print(f"    ratio naive / lib:         {naive / exact:12,.0f}×")
    print(
        "    (the phone photo's 68,181,012 digits would take the naive route hours; "
        "lib takes the same microseconds)"
    )


def bench_reruns(repeat: int) -> None:
    from streamlit.testing.v1 import AppTest

    print(f"\n## Page reruns through AppTest (median of {repeat}, same process)")
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty_page.py"
        empty.write_text("import streamlit as st\nst.write('empty')\n")
        empty_at = AppTest.from_file(str(empty), default_timeout=60).run()
        home = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60).run()
        page = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
        page.switch_page("pages/1_Combinatorics.py").run()
        widths = iter(range(100, 100 + 10 * repeat))

        def new_width():
            page.text_input(key="w").set_value(str(next(widths))).run()

        text = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
        text.query_params["m"] = "text"
        text.switch_page("pages/1_Combinatorics.py").run()
        figures = {
            "empty page": median_seconds(lambda: empty_at.run(), repeat),
            "combinatorics, text view": median_seconds(lambda: text.run(), repeat),
            "home page": median_seconds(lambda: home.run(), repeat),
            "combinatorics, same input": median_seconds(lambda: page.run(), repeat),
            "combinatorics, new width": median_seconds(new_width, repeat),
        }
    baseline = figures["empty page"]
    for label, seconds in figures.items():
        print(f"    {label:<28} {seconds * 1e3:8.1f} ms   {seconds / baseline:6.1f}× the empty page")


def main() -> None:
    quick = "--quick" in sys.argv
    repeat = 20 if quick else 200
    bench_lib(repeat)
    bench_modalities(repeat)
    bench_naive(quick)
    bench_reruns(10 if quick else 30)


if __name__ == "__main__":
    main()
