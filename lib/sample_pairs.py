"""A view's noise and real images, drawn only as far as they will be shown or measured.

A view asks for ``count`` images of each kind, but a screen sheet shows only what fits
(:func:`lib.pixel_sheets.sheet_capacity`) and the statistics read at most
:data:`STATISTICS_BYTES` of each batch: 64 images of 512×512 would be 50 MB of pixels of which
two are looked at. Every sampler here keeps its first images when more are asked, so drawing
only the first ones gives the same pixels as drawing them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from lib.pixel_sheets import sheet_capacity
from lib.real_samples import Sample, random_crops, whole_photos
from lib.uniform_noise import channel_count, uniform_noise
from lib.validation import check_whole_number

if TYPE_CHECKING:
    from lib.photo_corpus import Photo


@dataclass(frozen=True, eq=False)
class SamplePair:
    """Noise and real images for one view: only as many as the screen and the statistics use.

    ``noise`` and ``real`` hold the first ``len(noise)`` of the ``count`` images asked for
    (every sampler here keeps the first images when more are asked, so they are the same
    pixels); the statistics use the first ``measured`` of them.
    """

    noise: np.ndarray = field(repr=False)
    real: Sample
    count: int
    measured: int


#: The statistics of one view read at most this many bytes of each batch.
STATISTICS_BYTES = 2 * 2**20


def sample_pair(
    pool: Sequence[Photo], count: int, size: int, seed: int, *, grey: bool = False, whole: bool = False
) -> SamplePair:
    """The view's noise and real samples, drawn only as far as they will be shown or measured.

    Parameters
    ----------
    pool : sequence of Photo
        The photos the real images are drawn from.
    count, size, seed : int
        The view's images of each kind, their side in pixels, and its seed.
    grey, whole : bool
        Grey images (luma) instead of RGB; whole photos resized instead of random crops.

    Raises
    ------
    ValueError
        If ``count`` or ``size`` is not a whole number of at least 1, or the sampler refuses
        the view (see :func:`lib.real_samples.random_crops`).

    Examples
    --------
    >>> from lib.photo_corpus import load_corpus
    >>> pair = sample_pair(load_corpus(), 64, 512, 0)
    >>> pair.count, len(pair.noise), pair.measured
    (64, 2, 2)
    """
    count, size = check_whole_number(count, "count", 1), check_whole_number(size, "size", 1)
    measured = max(1, min(count, STATISTICS_BYTES // (size * size * channel_count(grey))))
    take = max(measured, sheet_capacity(count, size), 1)
    pick = whole_photos if whole else random_crops
    return SamplePair(
        uniform_noise(take, size, seed, grey=grey), pick(pool, size, take, seed, grey=grey), count, measured
    )
