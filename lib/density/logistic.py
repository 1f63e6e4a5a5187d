"""The discretised logistic: a logistic distribution rounded to the integers 0..255.

The residual distribution of the autoregressive model (as in PixelCNN++): a proper
probability for every 8-bit value, computed without cancellation far in the tails.
"""

from __future__ import annotations

import numpy as np

from lib.density.base import LEVELS
from lib.logmath import log_sigmoid


def discretised_logistic_log_pmf(values: np.ndarray, mean: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Natural log of P(value) for a logistic(mean, scale) rounded to the integers 0..255.

    Integer ``v`` takes the logistic's mass on ``[v - ½, v + ½)``; the edge values take
    the tails (0 gets everything below ½, 255 everything from 254.5 up), as in
    PixelCNN++, so the 256 probabilities sum to exactly 1. Computed in log space with
    ``σ(b) - σ(a) = σ(b)·σ(-a)·(1 - e^-(b-a))``: no cancellation, never ``log(0)``, even
    far in the tails. Arrays broadcast. ``values`` are integers 0..255; ``scale`` lies in
    [1e-6, 1e12] and ``|mean| ≤ 1e9``, which keeps every intermediate finite (no float
    overflows to inf on the way).

    Examples
    --------
    >>> p = np.exp(discretised_logistic_log_pmf(np.arange(256), 128.0, 3.0))
    >>> round(float(p.sum()), 12), bool(p.min() > 0)
    (1.0, True)
    >>> discretised_logistic_log_pmf(np.array([256]), 0.0, 1.0)
    Traceback (most recent call last):
    ...
    ValueError: values must be integers from 0 to 255
    """
    values = np.asarray(values)
    mean = np.asarray(mean, dtype=np.float64)
    scale = np.asarray(scale, dtype=np.float64)
    if not np.issubdtype(values.dtype, np.integer) or (
        values.size and (values.min() < 0 or values.max() > 255)
    ):
        raise ValueError("values must be integers from 0 to 255")
    if not (np.all(np.isfinite(scale)) and np.all(scale >= 1e-6) and np.all(scale <= 1e12)):
        raise ValueError("the logistic scale must lie between 1e-6 and 1e12 grey levels")
    if not (np.all(np.isfinite(mean)) and np.all(np.abs(mean) <= 1e9)):
        raise ValueError("the logistic mean must be finite, at most 1e9 in size")
    return discretised_logistic_log_pmf_unchecked(values, mean, scale)


def discretised_logistic_log_pmf_unchecked(
    values: np.ndarray, mean: np.ndarray, scale: np.ndarray
) -> np.ndarray:
    """:func:`discretised_logistic_log_pmf` without the checks (values may be integral floats)."""
    inverse = 1.0 / scale
    return centred_log_pmf(
        values.astype(np.float64) - mean,
        inverse,
        logistic_bin_width(inverse),
        values <= 0,
        values >= LEVELS - 1,
    )


def logistic_bin_width(inverse: np.ndarray) -> np.ndarray:
    """log(1 - e^-(b-a)) for bins of width b - a = 1/scale, given ``inverse`` = 1/scale."""
    return np.log(-np.expm1(-inverse))


def centred_log_pmf(
    centred: np.ndarray, inverse: np.ndarray, width: np.ndarray, lowest: np.ndarray, highest: np.ndarray
) -> np.ndarray:
    """The arithmetic of :func:`discretised_logistic_log_pmf` from its parts: ``centred`` =
    value − mean, ``inverse`` = 1/scale, ``width`` = :func:`logistic_bin_width` of it, and where
    the value is 0 (``lowest``) or 255 (``highest``). A search over the scale of fixed residuals
    computes the parts that do not change once (the same numbers, bit for bit).
    """
    upper = log_sigmoid((centred + 0.5) * inverse)  # log σ(b): mass below v + ½
    lower = log_sigmoid(-(centred - 0.5) * inverse)  # log σ(-a): mass above v - ½
    return np.where(lowest, upper, np.where(highest, lower, upper + lower + width))


def discretised_logistic_pmf(mean: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """The 256 probabilities of values 0..255, one row per (mean, scale) pair: shape (..., 256).

    Examples
    --------
    >>> pmf = discretised_logistic_pmf(np.array([0.0, 200.0]), np.array([1.0, 5.0]))
    >>> pmf.shape, [int(row.argmax()) for row in pmf]
    ((2, 256), [0, 200])
    """
    mean = np.asarray(mean, dtype=np.float64)[..., None]
    scale = np.asarray(scale, dtype=np.float64)[..., None]
    return np.exp(discretised_logistic_log_pmf(np.arange(LEVELS), mean, scale))
