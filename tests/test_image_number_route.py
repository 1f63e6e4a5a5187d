"""An image's number up to 2^17 bits takes its leading digits by exact integer arithmetic
(lib.statistics.image_number._exact_leading_digits): ~0.1 ms for a 32×32 RGB image where the
top bits' magnitudes took ~1.1 ms of every new draw of Random images."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from lib.statistics import image_as_number, image_number


def test_a_32_by_32_colour_image_never_needs_the_top_bits_magnitudes(monkeypatch):
    def refuse(*_):
        raise AssertionError("the magnitudes' route was taken")

    monkeypatch.setattr(image_number, "_bracket", refuse)
    image = np.random.default_rng(7).integers(0, 256, (32, 32, 3), dtype=np.uint8)
    number = image_as_number(image, 20)
    assert (number.digit_count, number.leading) == _digits(image_number.image_index(image), 20)


def _digits(n: int, count: int) -> tuple[int, str]:
    """Digit count and leading digits by str(), its limit lifted for this call only."""
    previous = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        text = str(n)
    finally:
        sys.set_int_max_str_digits(previous)
    return len(text), text[:count]


@pytest.mark.parametrize("k", [1, 2, 9, 10, 100, 4300, 39_000])
def test_exact_leading_digits_at_and_around_each_power_of_ten(k):
    for n in (10**k - 1, 10**k, 10**k + 1, 2 ** int(k * 3.3219)):
        for count in (1, 3, 40):
            digit_count, lead = _digits(n, count)
            assert image_number.leading_digits(n, count) == (lead, digit_count), (n, count)


def test_a_shapes_powers_of_256_are_counted_once(monkeypatch):
    """The space's digit count and the first byte's place value are the same for every image of
    a shape: a new draw of the same shape works neither out again."""
    image_number.power_of_256_digits.cache_clear()
    images = np.random.default_rng(3).integers(0, 256, (2, 9, 7, 3), dtype=np.uint8)
    first = (
        image_as_number(images[0], 5).space_digit_count,
        image_number.pixel_step(images[0], 0, 0).place_value_digits(),
    )
    counted = []
    power = image_number.Magnitude.power
    monkeypatch.setattr(
        image_number.Magnitude,
        "power",
        lambda base, exponent: counted.append(exponent) or power(base, exponent),
    )
    again = (
        image_as_number(images[1], 5).space_digit_count,
        image_number.pixel_step(images[1], 0, 0).place_value_digits(),
    )
    assert again == first == (456, 453)  # 256^189 and 256^188: 9×7 pixels of 3 bytes
    assert counted == []
