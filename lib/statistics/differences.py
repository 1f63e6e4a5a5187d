"""Neighbour differences: peaked and heavy-tailed in photos, an exact triangle in uniform noise."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from lib.statistics._batch import CHUNK, as_batch, require_size


@dataclass(frozen=True, eq=False)
class DifferenceHistogram:
    """Histogram of ``x[neighbour] - x[pixel]`` over horizontal and vertical pairs.

    ``values`` is -255..255, ``counts`` the number of pairs with each difference, ``pmf``
    ``counts / total``. ``excess_kurtosis`` measures how peaked the histogram is with how
    heavy tails: 0 for a Gaussian, -0.6 for the triangle of uniform noise, and large
    (often > 5) for photos: most neighbours are nearly equal, a few (edges) differ a lot.
    """

    values: np.ndarray = field(repr=False)
    counts: np.ndarray = field(repr=False)
    pmf: np.ndarray = field(repr=False)
    total: int
    mean_absolute: float
    excess_kurtosis: float


def neighbour_difference_histogram(images: np.ndarray | Sequence[np.ndarray]) -> DifferenceHistogram:
    """Histogram of differences between neighbouring pixels of uint8 images (pooled).

    >>> image = np.array([[0, 1], [3, 3]], np.uint8)  # pairs: 1, 0 across; 3, 2 down
    >>> h = neighbour_difference_histogram(image)
    >>> h.total, {int(v): int(c) for v, c in zip(h.values, h.counts) if c}
    (4, {0: 1, 1: 1, 2: 1, 3: 1})
    """
    batch = as_batch(images)
    if batch.dtype != np.uint8:
        raise ValueError("neighbour differences need uint8 images (values 0..255)")
    require_size(batch, 2, "neighbour differences")
    counts = np.zeros(511, dtype=np.int64)
    n, c, h, w = batch.shape
    per_chunk = max(1, CHUNK // (c * h * w))
    for i0 in range(0, n, per_chunk):
        block = batch[i0 : i0 + per_chunk].astype(np.int16)
        counts += np.bincount((block[..., 1:] - block[..., :-1]).ravel() + 255, minlength=511)
        counts += np.bincount((block[:, :, 1:] - block[:, :, :-1]).ravel() + 255, minlength=511)
    values = np.arange(-255, 256)
    total = int(counts.sum())
    pmf = counts / total
    mean_abs = float(np.sum(pmf * np.abs(values)))
    mean = float(np.sum(pmf * values))
    variance = float(np.sum(pmf * (values - mean) ** 2))
    fourth = float(np.sum(pmf * (values - mean) ** 4))
    kurtosis = fourth / variance**2 - 3 if variance > 0 else float("nan")
    return DifferenceHistogram(values, counts, pmf, total, mean_abs, kurtosis)


def uniform_noise_difference_pmf() -> np.ndarray:
    """Exact distribution of ``X' - X`` for independent uniform bytes, at -255..255.

    ``P(d) = (256 - |d|) / 65536``: a triangle. Every value is a dyadic rational, so the
    float64 array is exact and sums to exactly 1. (Neighbouring differences of noise
    share pixels and are dependent, but each one has exactly this distribution.)

    >>> pmf = uniform_noise_difference_pmf()
    >>> float(pmf.sum()), float(pmf[255]) == 256 / 65536
    (1.0, True)
    """
    d = np.arange(-255, 256)
    return (256 - np.abs(d)) / 65536.0
