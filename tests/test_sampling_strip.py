"""The neighbour-correlation strip (lib.sampling_strip): one tick per image where its value falls."""

from __future__ import annotations

import re

import numpy as np
import pytest

from lib import sampling_strip as strip
from lib import statistics as stats
from lib.charts import NOISE, REAL
from lib.photo_corpus import load_corpus, uniform_noise
from lib.real_samples import random_crops

TICK = re.compile(r'<i class="tick (n|r)" title="([^:"]+): (−?\d\.\d{3})" style="left: ([\d.]+)%"></i>')
LABEL = re.compile(r'<span class="(label(?: odd)?)" style="left: ([\d.]+)%">([^<]+)</span>')


def ticks(block: str) -> list[tuple[str, str, float, float]]:
    """Each tick: its row's class, whose it says it is, its value as written, where it stands (% of the plot)."""
    return [
        (row, name, float(value.replace("−", "-")), float(left))
        for row, name, value, left in TICK.findall(block)
    ]


def test_one_tick_per_image_where_its_correlation_falls_in_its_row_and_colour():
    noise = uniform_noise(8, 32, seed=1)
    real = random_crops(load_corpus(), 32, 8, seed=1).images
    noise_corr, real_corr = (stats.adjacent_pixel_correlations(x).mean for x in (noise, real))
    found = ticks(strip.strip_html(noise_corr, real_corr))
    assert len(found) == 16
    for (row, name, value, left), expected, index in zip(found, [*noise_corr, *real_corr], [0] * 8 + [1] * 8):
        assert (row, name) == (("n", "r")[index], strip.NAMES[index])
        assert value == pytest.approx(expected, abs=5e-4)
        assert left == pytest.approx((expected + 0.2) / 1.2 * 100, abs=1e-3)
    # Each row's ticks in their row and colour, the noise's above the photos'.
    style = strip.STRIP_STYLE
    assert f"top: calc((var(--row) - var(--tick)) / 2); background: {NOISE}; }}" in style
    assert (
        f".tick.r {{ top: calc(var(--row) + (var(--row) - var(--tick)) / 2); background: {REAL}; }}" in style
    )


def test_no_tick_for_a_missing_value_and_none_off_the_axis():
    found = ticks(strip.strip_html([float("nan"), -0.5], [1.5, 0.4]))
    assert [(name, value, left) for _, name, value, left in found] == [
        ("uniform noise", -0.5, 0.0),  # clamped to the axis' ends, its own value in its title
        ("real photos", 1.5, 100.0),
        ("real photos", 0.4, 50.0),
    ]


def test_the_axis_reads_as_the_chart_did_with_a_true_minus_and_fewer_labels_on_a_phone():
    block = strip.strip_html([0.0], [0.9])
    labels = LABEL.findall(block)
    assert [text for _, _, text in labels] == [
        *("−0.20", "−0.10", "0.00", "0.10", "0.20", "0.30", "0.40"),
        *("0.50", "0.60", "0.70", "0.80", "0.90", "1.00"),
    ]
    assert [float(left) for _, left, _ in labels] == pytest.approx(list(np.linspace(0, 100, 13)), abs=1e-3)
    # Every other one is left out on a phone, where thirteen would touch: the ends and 0.00 stay.
    assert [text for kind, _, text in labels if kind == "label"] == [
        *("−0.20", "0.00", "0.20", "0.40", "0.60", "0.80", "1.00")
    ]
    # A grid line every 0.05: 24 steps of the plot's width, the last at its right edge.
    assert (
        "transparent 1px calc(100% / 24)" in strip.STRIP_STYLE
        and "border-right: 1px solid" in strip.STRIP_STYLE
    )
    assert strip.TITLE in block and ".label.odd { display: none; }" in strip.STRIP_STYLE


def test_a_projector_gets_taller_rows_and_larger_type():
    normal, presenting = strip.strip_html([0.0], [0.9]), strip.strip_html([0.0], [0.9], presenting=True)
    assert "--type: 12px; --row: 55px; --tick: 28px" in normal
    assert "--type: 22px; --row: 88px; --tick: 45px" in presenting
