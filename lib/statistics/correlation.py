"""Neighbour correlation: how well one pixel predicts the next (≈0.9 in photos, ≈0 in noise)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from lib.statistics._batch import CHUNK, as_batch, require_size


@dataclass(frozen=True)
class NeighbourCorrelation:
    """Pearson correlation of horizontally and of vertically adjacent pixels of one image.

    ``nan`` when it is undefined (a constant image, or one constant member of the pairs).
    """

    horizontal: float
    vertical: float

    @property
    def mean(self) -> float:
        """(horizontal + vertical) / 2: the single "neighbour correlation" of the page."""
        return (self.horizontal + self.vertical) / 2


@dataclass(frozen=True, eq=False)
class CorrelationBatch:
    """Neighbour correlations of each image of a batch (arrays of length n, may hold nan)."""

    horizontal: np.ndarray = field(repr=False)
    vertical: np.ndarray = field(repr=False)

    @property
    def mean(self) -> np.ndarray:
        """(horizontal + vertical) / 2 for each image."""
        return (self.horizontal + self.vertical) / 2

    def __len__(self) -> int:
        return len(self.horizontal)


def pair_correlations(batch: np.ndarray, axis: int) -> np.ndarray:
    """Per-image Pearson correlation of neighbours along ``axis`` (2 = vertical, 3 = horizontal).

    ``batch`` is ``(n, channels, H, W)`` (see :func:`~lib.statistics._batch.as_batch`); the
    pairs of all channel planes are pooled. uint8 input: the five sums are exact int64;
    float input: pixels are first shifted by each image's mean (no cancellation).

    >>> ramp = np.arange(16, dtype=np.uint8).reshape(1, 1, 4, 4)
    >>> pair_correlations(ramp, 3).tolist()
    [1.0]
    """
    n, c, h, w = batch.shape
    integer = batch.dtype == np.uint8
    # Products of bytes fit in int32 (≤ 65,025); numpy sums int32 into int64, so exact.
    acc_dtype = np.int32 if integer else np.float64
    sums = np.zeros((5, n), dtype=np.int64 if integer else np.float64)
    if not integer:
        batch = batch - batch.mean(axis=(1, 2, 3), keepdims=True)

    def accumulate(block: np.ndarray, i0: int, i1: int) -> None:
        block = block.astype(acc_dtype)
        a, b = (block[..., :-1], block[..., 1:]) if axis == 3 else (block[:, :, :-1], block[:, :, 1:])
        for k, values in enumerate((a, b, a * a, b * b, a * b)):
            sums[k, i0:i1] += values.sum(axis=(1, 2, 3))

    per_image = c * h * w
    if per_image <= CHUNK:
        step = max(1, CHUNK // per_image)
        for i0 in range(0, n, step):
            accumulate(batch[i0 : i0 + step], i0, min(n, i0 + step))
    else:  # one large image at a time, in blocks of rows (overlapping by one for vertical)
        rows = max(2, CHUNK // (c * w))
        for i in range(n):
            starts = range(0, h, rows) if axis == 3 else range(0, h - 1, rows - 1)
            for r0 in starts:
                accumulate(batch[i : i + 1, :, r0 : r0 + rows], i, i + 1)
    pairs = c * (h * (w - 1) if axis == 3 else (h - 1) * w)
    sa, sb, saa, sbb, sab = (s.astype(np.float64) for s in sums)
    cov = pairs * sab - sa * sb
    var_a = pairs * saa - sa * sa
    var_b = pairs * sbb - sb * sb
    denominator = np.sqrt(np.maximum(var_a, 0.0)) * np.sqrt(np.maximum(var_b, 0.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        result = np.where(denominator > 0, cov / np.where(denominator > 0, denominator, 1.0), np.nan)
    return np.clip(result, -1.0, 1.0)


def adjacent_pixel_correlations(images: np.ndarray | Sequence[np.ndarray]) -> CorrelationBatch:
    """Horizontal and vertical neighbour correlation of every image of a batch.

    For image ``x``, the horizontal value is the Pearson correlation of the pairs
    ``(x[i, j, ch], x[i, j+1, ch])`` over all rows ``i``, columns ``j`` and channels ``ch``
    (sample means of the left and of the right members); vertical likewise with ``i+1``.

    >>> ramps = np.stack([np.add.outer(np.arange(8), np.arange(8)).astype(np.uint8)] * 2)
    >>> adjacent_pixel_correlations(ramps).mean.tolist()
    [1.0, 1.0]
    """
    batch = as_batch(images)
    require_size(batch, 2, "neighbour correlation")
    return CorrelationBatch(pair_correlations(batch, 3), pair_correlations(batch, 2))


def adjacent_pixel_correlation(image: np.ndarray) -> NeighbourCorrelation:
    """Neighbour correlation of one image (see :func:`adjacent_pixel_correlations`).

    >>> rng = np.random.default_rng(0)
    >>> noise = rng.integers(0, 256, (256, 256), dtype=np.uint8)
    >>> abs(adjacent_pixel_correlation(noise).mean) < 0.01
    True
    """
    array = np.asarray(image)
    if not (array.ndim == 2 or (array.ndim == 3 and array.shape[-1] == 3)):
        raise ValueError(f"expected one H×W or H×W×3 image, got shape {array.shape}")
    result = adjacent_pixel_correlations(array)
    return NeighbourCorrelation(float(result.horizontal[0]), float(result.vertical[0]))
