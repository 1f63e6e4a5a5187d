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
    pairs of all channel planes are pooled. uint8 input: the five sums are exact (integers
    below 2**53 in float64); float input: pixels are first shifted by each image's mean (no
    cancellation).

    >>> ramp = np.arange(16, dtype=np.uint8).reshape(1, 1, 4, 4)
    >>> pair_correlations(ramp, 3).tolist()
    [1.0]
    """
    return neighbour_correlations(batch, (axis,))[0]


def neighbour_correlations(batch: np.ndarray, axes: tuple[int, ...] = (3, 2)) -> list[np.ndarray]:
    """:func:`pair_correlations` along each of ``axes``, sharing one pass over the pixels.

    The sums of the left and right members (and of their squares) are the image's total
    less one edge column or row, so only the products of neighbours need a pass of their
    own: both directions cost about what one did.

    >>> rng = np.random.default_rng(0)
    >>> noise = rng.integers(0, 256, (2, 3, 64, 64), dtype=np.uint8)
    >>> [bool(np.all(abs(c) < 0.05)) for c in neighbour_correlations(noise)]
    [True, True]
    >>> ramp = np.add.outer(np.arange(4), 2 * np.arange(4)).astype(np.uint8)[None, None]
    >>> [round(float(c[0]), 12) for c in neighbour_correlations(ramp)]
    [1.0, 1.0]
    """
    if any(axis not in (2, 3) for axis in axes):
        raise ValueError(f"axes must be 2 (vertical) or 3 (horizontal), got {axes!r}")
    n, c, h, w = batch.shape
    sums = {axis: np.zeros((5, n)) for axis in axes}
    if batch.dtype != np.uint8:
        batch = batch - batch.mean(axis=(1, 2, 3), keepdims=True)
    per_image = c * h * w
    if per_image <= CHUNK:
        step = max(1, CHUNK // per_image)
        for i0 in range(0, n, step):
            block = batch[i0 : i0 + step].astype(np.float64)
            whole = _whole_sums(block)  # shared by both directions
            for axis in axes:
                sums[axis][:, i0 : i0 + step] = _block_sums(block, axis, whole)
    else:  # one large image at a time, in blocks of rows (overlapping by one for vertical)
        rows = max(2, CHUNK // (c * w))
        for axis in axes:
            starts = range(0, h, rows) if axis == 3 else range(0, h - 1, rows - 1)
            for i in range(n):
                for r0 in starts:
                    block = batch[i : i + 1, :, r0 : r0 + rows].astype(np.float64)
                    sums[axis][:, i : i + 1] += _block_sums(block, axis)
    return [_pearson(sums[axis], c * (h * (w - 1) if axis == 3 else (h - 1) * w)) for axis in axes]


def _block_sums(
    block: np.ndarray, axis: int, whole: tuple[np.ndarray, np.ndarray] | None = None
) -> np.ndarray:
    """(Σa, Σb, Σa², Σb², Σab) per image of a float64 block, a/b the left/right (top/bottom)
    members of each pair. Integer pixels give exact integers: every partial sum of
    products of bytes stays far below 2**53. Written for any memory layout (an RGB batch
    is a channels-last array seen as channels-first): nothing is reshaped or copied.
    ``whole`` is the block's (Σx, Σx²) per image when already known (the other direction's)."""
    total, squares = whole if whole is not None else _whole_sums(block)
    if axis == 3:
        first, last = block[..., 0], block[..., -1]
        products = np.einsum("nchw,nchw->n", block[..., :-1], block[..., 1:])
    else:
        first, last = block[:, :, 0], block[:, :, -1]
        products = np.einsum("nchw,nchw->n", block[:, :, :-1], block[:, :, 1:])
    return np.stack(
        [
            total - last.sum(axis=(1, 2)),
            total - first.sum(axis=(1, 2)),
            squares - np.einsum("nck,nck->n", last, last),
            squares - np.einsum("nck,nck->n", first, first),
            products,
        ]
    )


def _whole_sums(block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(Σx, Σx²) per image of a float64 block."""
    return block.sum(axis=(1, 2, 3)), np.einsum("nchw,nchw->n", block, block)


def _pearson(sums: np.ndarray, pairs: int) -> np.ndarray:
    """Correlations from the five sums of ``pairs`` pairs per image (nan where undefined)."""
    sa, sb, saa, sbb, sab = sums
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
    return CorrelationBatch(*neighbour_correlations(batch, (3, 2)))


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
