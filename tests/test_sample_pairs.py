"""A view's noise and real images (lib.sample_pairs): only as many as are shown or measured,
and the same pixels as drawing them all."""

from __future__ import annotations

import numpy as np
import pytest

from lib.photo_corpus import load_corpus
from lib.pixel_sheets import sheet_capacity
from lib.real_samples import random_crops, whole_photos
from lib.sample_pairs import STATISTICS_BYTES, sample_pair
from lib.uniform_noise import uniform_noise


@pytest.fixture(scope="module")
def pool():
    return load_corpus()


@pytest.mark.parametrize(
    ("count", "size", "grey", "whole"), [(64, 512, False, False), (16, 32, True, True), (9, 8, False, True)]
)
def test_a_pair_is_the_first_images_of_the_whole_draw(pool, count, size, grey, whole):
    pair = sample_pair(pool, count, size, 7, grey=grey, whole=whole)
    channels = 1 if grey else 3
    assert pair.count == count
    assert pair.measured == max(1, min(count, STATISTICS_BYTES // (size * size * channels)))
    drawn = len(pair.noise)
    assert drawn == max(pair.measured, sheet_capacity(count, size)) and drawn <= count
    assert np.array_equal(pair.noise, uniform_noise(count, size, 7, grey=grey)[:drawn])
    sampler = whole_photos if whole else random_crops
    everything = sampler(pool, size, count, 7, grey=grey)
    assert np.array_equal(pair.real.images, everything.images[:drawn])
    assert pair.real.origins == everything.origins[:drawn]


@pytest.mark.parametrize(("count", "size"), [(0, 8), (4, 0), (2.5, 8)])
def test_a_bad_view_is_a_clear_error(pool, count, size):
    with pytest.raises(ValueError, match=r"count|size"):
        sample_pair(pool, count, size, 0)
