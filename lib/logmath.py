"""Sums and sigmoids in log space, without overflow: shared by the density models and the noise bound."""

from __future__ import annotations

import numpy as np


def logsumexp(values: np.ndarray, axis: int = -1) -> np.ndarray:
    """log Σ exp(values) along ``axis``, shifted by the maximum so no term overflows.

    >>> float(logsumexp(np.array([1000.0, 1000.0])))  # exp(1000) alone would overflow
    1000.6931471805599
    """
    top = np.max(values, axis=axis, keepdims=True)
    return (top + np.log(np.sum(np.exp(values - top), axis=axis, keepdims=True))).squeeze(axis)


def log_sigmoid(z: np.ndarray) -> np.ndarray:
    """log σ(z) = min(z, 0) − log(1 + e^−|z|): no overflow, never log(0), finite for finite z.

    >>> [round(float(v), 6) for v in log_sigmoid(np.array([-800.0, 0.0, 800.0]))]
    [-800.0, -0.693147, 0.0]
    """
    return np.minimum(z, 0.0) - np.log1p(np.exp(-np.abs(z)))
