"""The neighbour-correlation strip (lib.sampling_strip): one tick per image where its value falls."""

from __future__ import annotations

import re

import numpy as np
import pytest

from lib import sampling_strip as strip
from lib import statistics as stats
from lib.charts import NOISE, REAL
from lib.photo_corpus import load_corpus, random_crops, uniform_noise

TICK = re.compile(
    r'<i class="tick" title="([^:"]+): (−?\d\.\d{3})" style="left: ([\d.]+)%; top: (\d+)px; height: (\d+)px; background: (#\w+)"'
)
LABEL = re.compile(r'<span class="(label(?: odd)?)" style="left: ([\d.]+)%">([^<]+)</span>')


def ticks(block: str) -> list[tuple[str, float, float, int, int, str]]:
    """Each tick: whose, its value as written, where it stands (% of the plot), top, height, colour."""
    return [
        (name, float(value.replace("−", "-")), float(left), int(top), int(height), colour)
        for name, value, left, top, height, colour in TICK.findall(block)
    ]


def test_one_tick_per_image_where_its_correlation_falls_in_its_row_and_colour():
    noise = uniform_noise(8, 32, seed=1)
    real = random_crops(load_corpus(), 32, 8, seed=1).images
    noise_corr, real_corr = (stats.adjacent_pixel_correlations(x).mean for x in (noise, real))
    found = ticks(strip.strip_html(noise_corr, real_corr))
    assert len(found) == 16
    for (name, value, left, top, height, colour), expected, row in zip(
        found, [*noise_corr, *real_corr], [0] * 8 + [1] * 8
    ):
        assert name == strip.NAMES[row] and colour == (NOISE, REAL)[row]
        assert value == pytest.approx(expected, abs=5e-4)
        assert left == pytest.approx((expected + 0.2) / 1.2 * 100, abs=1e-3)
        # Centred in its row: the noise's above the photos'.
        assert top + height / 2 == pytest.approx(strip.ROW_PX * row + strip.ROW_PX / 2, abs=1)


def test_no_tick_for_a_missing_value_and_none_off_the_axis():
    found = ticks(strip.strip_html([float("nan"), -0.5], [1.5, 0.4]))
    assert [(name, value, left) for name, value, left, *_ in found] == [
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
    assert block.count('<i class="grid"') == 25  # every 0.05
    assert strip.TITLE in block and ".label.odd { display: none; }" in strip.STRIP_STYLE


def test_a_projector_gets_taller_rows_and_larger_type():
    normal, presenting = strip.strip_html([0.0], [0.9]), strip.strip_html([0.0], [0.9], presenting=True)
    (*_, top, height, _), (*_, top_p, height_p, _) = ticks(normal)[0], ticks(presenting)[0]
    assert height_p > height and top_p > top
    assert "--type: 12px" in normal and "--type: 22px" in presenting
