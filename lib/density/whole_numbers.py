"""Statistics of whole numbers 0..255 read exactly and fast: what the autoregressive fit takes
from its training values (its weights by least squares, its activity classes by quantiles).

Both lean on the values being whole numbers: sums of their products are exact in float64 in
any order, and their quantiles follow from 256 counts instead of a sort.
"""

from __future__ import annotations

import numpy as np

from lib.density.base import LEVELS


def least_squares(block: np.ndarray) -> np.ndarray:
    """Weights ``w`` (then an intercept) minimising ``|features @ w[:-1] + w[-1] - target|²``,
    for ``block`` = the features, then the target, as whole numbers 0..255 (float64): shape (N, k + 1).

    Solved from one Gram matrix of the whole block, ``blockᵀ·block``, and its column sums:
    sums of products of whole numbers, below 2⁵³ for up to 10¹¹ rows (the model reads at
    most 10⁷), so float64 holds them **exactly** in any order BLAS adds them. The centred (k × k) system is taken from them (the products less
    ``sums·sumsᵀ/N``) and solved, instead of an SVD of the whole (N × k+1) design
    (``numpy.linalg.lstsq``): the same weights to ~10⁻¹⁰ here. A column that never varies
    centres to exactly 0 and gets weight 0 (``lstsq``'s minimum-norm answer).

    >>> x = np.array([[0, 1], [1, 3], [2, 4], [3, 8]])
    >>> y = 2 * x[:, 0] - x[:, 1] + 5
    >>> np.round(least_squares(np.column_stack([x, y]).astype(np.float64)), 9).tolist()
    [2.0, -1.0, 5.0]
    """
    n, k = block.shape[0], block.shape[1] - 1
    # The column sums as a product with ones (exact as well, so the same numbers): numpy's
    # sum down the columns of a tall block of ~6 took 0.6 ms for 50,000 rows, the product 0.03.
    sums = np.ones(n) @ block
    centred = block.T @ block - np.outer(sums, sums) / n  # (k + 1) × (k + 1)
    mean = sums / n
    if k == 0:
        return np.array([mean[0]])
    weights = np.linalg.lstsq(centred[:k, :k], centred[:k, k], rcond=None)[0]  # tiny: k ≤ 2·neighbours + 2
    return np.append(weights, mean[k] - mean[:k] @ weights)


def small_int_quantiles(values: np.ndarray, q: np.ndarray) -> np.ndarray:
    """``numpy.quantile(values, q)`` (its default linear method) for whole numbers 0..255,
    from their counts instead of a sort: the same floats, in a tenth of the time.

    >>> v = np.random.default_rng(0).integers(0, 256, 999).astype(np.float64)
    >>> bool(np.array_equal(small_int_quantiles(v, np.array([0.25, 0.5, 0.75])), np.quantile(v, [0.25, 0.5, 0.75])))
    True
    """
    counts = np.bincount(values.astype(np.int64), minlength=LEVELS)
    ends = np.cumsum(counts)  # sorted[i] = the first value whose running count exceeds i
    at = (values.size - 1) * np.asarray(q, dtype=np.float64)
    below = np.floor(at)
    low = np.searchsorted(ends, below, side="right").astype(np.float64)
    high = np.searchsorted(ends, np.minimum(below + 1, values.size - 1), side="right").astype(np.float64)
    return low + (at - below) * (high - low)
