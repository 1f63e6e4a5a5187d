"""Uniform noise (lib.uniform_noise): seeded, prefix-stable, uniform, any window of a huge image."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.uniform_noise import uniform_noise, uniform_noise_image, uniform_noise_window


def test_noise_is_deterministic_and_prefix_stable():
    a = uniform_noise(16, 32, seed=7)
    assert a.shape == (16, 32, 32, 3) and a.dtype == np.uint8
    assert np.array_equal(a, uniform_noise(16, 32, seed=7))
    assert not np.array_equal(a, uniform_noise(16, 32, seed=8))
    assert np.array_equal(uniform_noise(20, 32, seed=7)[:16], a)
    grey = uniform_noise(4, 8, seed=7, grey=True)
    assert grey.shape == (4, 8, 8)
    assert np.array_equal(uniform_noise(1, 32, seed=3)[0], uniform_noise_image(32, 32, 3))


def test_noise_bytes_are_uniform():
    counts = np.bincount(uniform_noise_image(512, 512, seed=1).ravel(), minlength=256)
    expected = counts.sum() / 256
    chi2 = float(np.sum((counts - expected) ** 2 / expected))
    assert chi2 < 400  # 255 degrees of freedom: mean 255, sd 22.6


@settings(max_examples=30, deadline=None)
@given(
    h=st.integers(1, 40), w=st.integers(1, 40), data=st.data(), grey=st.booleans(), seed=st.integers(0, 2**63)
)
def test_noise_window_is_exactly_a_slice_of_the_full_image(h, w, data, grey, seed):
    top = data.draw(st.integers(0, h - 1))
    left = data.draw(st.integers(0, w - 1))
    wh = data.draw(st.integers(1, h - top))
    ww = data.draw(st.integers(1, w - left))
    full = uniform_noise_image(h, w, seed, grey=grey)
    window = uniform_noise_window(h, w, top, left, wh, ww, seed, grey=grey)
    assert np.array_equal(window, full[top : top + wh, left : left + ww])


def test_window_of_the_posts_2304_by_4096_noise():
    window = uniform_noise_window(2304, 4096, 2000, 3900, 304, 196, seed=5)
    full = uniform_noise_image(2304, 4096, seed=5)
    assert np.array_equal(window, full[2000:, 3900:])


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: uniform_noise(0, 8, 1), "count"),
        (lambda: uniform_noise(2, 8, -1), "seed"),
        (lambda: uniform_noise(2, 8, 1.5), "seed"),
        (lambda: uniform_noise(2, True, 1), "size"),
        (lambda: uniform_noise(100_000, 1000, 1), "MB"),
        (lambda: uniform_noise_window(10, 10, 5, 5, 6, 1, 1), "does not fit"),
    ],
)
def test_bad_noise_requests_are_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()
