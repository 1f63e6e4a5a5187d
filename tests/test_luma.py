"""Grey from colour (lib.luma): exactly Pillow's luma, grey left as it is."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image

from lib.luma import to_grey


@settings(max_examples=40, deadline=None)
@given(arrays(np.uint8, st.tuples(st.integers(1, 9), st.integers(1, 9), st.just(3))))
def test_to_grey_is_exactly_pillows_luma(image):
    expected = np.asarray(Image.fromarray(image).convert("L"))
    assert np.array_equal(to_grey(image), expected)


def test_to_grey_keeps_grey_values():
    values = np.arange(256, dtype=np.uint8).reshape(16, 16)
    rgb = np.repeat(values[:, :, None], 3, axis=2)
    assert np.array_equal(to_grey(rgb), values)
    assert np.array_equal(to_grey(values), values)


@pytest.mark.parametrize(
    ("pixels", "message"),
    [(np.zeros((4, 4, 3), np.float64), "uint8"), (np.zeros(3, np.uint8), "not an image")],
)
def test_what_is_not_uint8_pixels_is_a_clear_error(pixels, message):
    with pytest.raises(ValueError, match=message):
        to_grey(pixels)
