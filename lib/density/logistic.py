"""The discretised logistic: a logistic distribution rounded to the integers 0..255.

The residual distribution of the autoregressive model (as in PixelCNN++): a proper
probability for every 8-bit value, computed without cancellation far in the tails.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from lib.density.base import LEVELS

#: Newton steps :func:`fit_logistic_scales` takes at most (it needs about five; a cell whose
#: best scale is a bound creeps to it by bisection).
MAX_SCALE_STEPS = 60


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
    computes the parts that do not change once.

    With b = (c + ½)/scale and −a = (½ − c)/scale, log σ(z) = min(z, 0) − log(1 + e^−|z|), so
    a bin's log σ(b) + log σ(−a) takes one logarithm of (1 + e^−|b|)(1 + e^−|a|), a number
    in [1, 4], instead of two ``log1p``: numpy's ``log`` is vectorised and ``log1p`` is
    not (~1 against ~4 ms for the 256,000 values of one set of patches: the autoregressive
    scores' largest cost). What ``log1p`` adds is the last digits of log(1 + t) for t below
    ~10⁻¹⁶, a bin holding all but ~10⁻¹⁶ of the mass: an absolute difference under
    ~2·10⁻¹⁶ per value, far below the 10⁻³ bits the page shows (every figure and sample of
    46 views the same, bench/bench_learning.py's seeds; the mpmath test holds to 10⁻⁹).
    An edge value's missing end adds nothing: its exponential is set to 0.

    >>> c = np.array([0.0, 0.0, 0.0])
    >>> p = np.exp(centred_log_pmf(c, 1.0, logistic_bin_width(1.0), np.array([1, 0, 0], bool), np.array([0, 1, 0], bool)))
    >>> [round(float(v), 6) for v in p]  # 0 and 255 get a tail each, an inner value its bin
    [0.622459, 0.622459, 0.244919]
    """
    # Written in place, one temporary at a time: the same operations on the same numbers in the
    # same order as the expression they spell out (the same bits), in half the time (the
    # scores' allocation of a dozen temporaries per block was as dear as their arithmetic).
    upper = np.asarray(np.multiply(np.add(centred, 0.5), inverse))  # b: log σ(b) is the mass below v + ½
    # −a: log σ(−a) is the mass above v − ½ (0.5 − c is exactly −(c − 0.5): IEEE subtraction is symmetric)
    lower = np.asarray(np.multiply(np.subtract(0.5, centred), inverse))
    above = _exp_minus_abs(upper)  # e^−|b|, and 0 at 255: it has no upper end
    below = _exp_minus_abs(lower)
    np.copyto(above, 0.0, where=highest)
    np.copyto(below, 0.0, where=lowest)
    above += 1.0
    below += 1.0
    above *= below  # the tails' product, in [1, 4]
    np.minimum(upper, 0.0, out=upper)
    np.minimum(lower, 0.0, out=lower)
    linear = np.add(upper, lower, out=np.empty_like(upper))
    linear += width
    np.copyto(linear, upper, where=lowest)
    np.copyto(linear, lower, where=highest)
    linear -= np.log(above, out=above)
    return linear


def _exp_minus_abs(x: np.ndarray) -> np.ndarray:
    """e^−|x|, in a new array (written in place).

    >>> _exp_minus_abs(np.array([-1.0, 0.0, 2.0])).round(4).tolist()
    [0.3679, 1.0, 0.1353]
    """
    out = np.abs(x, out=np.empty_like(x))
    np.negative(out, out=out)
    return np.exp(out, out=out)


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


def _larger_smaller(falling: np.ndarray, at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The larger and the smaller of σ(x) and σ(−x), for ``falling·at`` = −|x| (``at`` > 0), each to
    full relative precision at any x (one exponential, never overflowing): with e = e^−|x|,
    the larger is 1/(1 + e) and the smaller e/(1 + e). Which is which is x's sign, which the
    caller knows once for all its steps.

    >>> [round(float(v[0]), 6) for v in _larger_smaller(np.array([-2.0]), np.array([1.5]))]
    [0.952574, 0.047426]
    """
    e = np.multiply(falling, at)
    np.exp(e, out=e)
    larger = np.add(e, 1.0)
    np.divide(1.0, larger, out=larger)
    return larger, np.multiply(e, larger, out=e)


def moment_scales(centred: np.ndarray, cell: np.ndarray, cells: int) -> np.ndarray:
    """Each cell's logistic scale from the spread of its values: the moment estimate std·√3/π.

    A logistic's standard deviation is scale·π/√3, so a cell's root-mean-square ``centred``
    value (values less their predicted means, whose mean is already ~0) gives its scale at
    once. Cheap and close: :func:`fit_logistic_scales` starts its Newton steps here, and the
    autoregressive model uses it for a cell with too few values to fit. An empty cell gets 0
    (callers clip to their bounds).

    >>> values = np.random.default_rng(0).logistic(0.0, 3.0, 100_000)
    >>> [round(float(v), 1) for v in moment_scales(values, np.zeros(values.size, np.int64), 2)]
    [3.0, 0.0]
    """
    count = np.bincount(cell, minlength=cells)
    spread = np.sqrt(np.bincount(cell, weights=centred**2, minlength=cells) / np.maximum(count, 1))
    return spread * (math.sqrt(3) / math.pi)


def fit_logistic_scales(
    centred: np.ndarray,
    lowest: np.ndarray,
    highest: np.ndarray,
    cell: np.ndarray,
    cells: int,
    smallest: float,
    largest: float,
    *,
    each_step: Callable[[], None] | None = None,
) -> tuple[np.ndarray, int]:
    """The maximum-likelihood scale of a discretised logistic in each cell, and the steps taken.

    ``centred`` are values − their means (as in :func:`centred_log_pmf`, ``lowest`` and
    ``highest`` mark the values 0 and 255), ``cell`` says whose each is (0 .. ``cells`` − 1);
    the scale is kept within [``smallest``, ``largest``]. ``each_step()`` runs before every
    step (a fit made ahead checks whether it was abandoned there).

    Why Newton: in the inverse scale s = 1/scale the cost −Σ log P is **convex** (each term
    is log σ of a linear function of s, or log(1 − e^−s), all concave), so its minimum is
    unique and Newton's method, kept inside a bracket that always holds it (a bisection
    step whenever Newton would leave it), reaches it to the last digits in about five steps
    from the moment estimate. A golden-section search on the cost itself needed 22
    evaluations for 0.1 % and was the largest part of a live fit. Newton's error after a
    step is about the square of that step, so once a Newton step moves s by less than 10⁻⁶
    of itself, s is within ~10⁻¹² of the minimum and the fit stops: one more step only
    confirmed it (it moved s by ~10⁻¹⁴ on the default view's cells). Each step needs σ at
    both ends of every value's bin: the first and second derivatives in closed form,

        d/ds log σ((c+½)s) = (c+½)·σ(−(c+½)s),  d²/ds² = −(c+½)²·σ·σ(−·),
        d/ds log(1 − e^−s) = 1/(e^s − 1),        d²/ds² = −e^s/(e^s − 1)².

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> values = np.clip(np.rint(100 + rng.logistic(0, 3.0, 20_000)), 0, 255)
    >>> centred = values - 100.0
    >>> scales, steps = fit_logistic_scales(
    ...     centred, values <= 0, values >= 255, np.zeros(values.size, np.int64), 1, 0.05, 1000.0
    ... )
    >>> round(float(scales[0]), 1), steps < 10
    (3.0, True)
    """
    floor, ceiling = 1.0 / largest, 1.0 / smallest  # the bounds of s
    low, high = np.full(cells, floor), np.full(cells, ceiling)  # each cell's bracket of s
    count = np.bincount(cell, minlength=cells)
    interior = np.bincount(cell, weights=~(lowest | highest), minlength=cells)
    s = np.clip(1.0 / np.maximum(moment_scales(centred, cell, cells), 1e-300), low, high)  # the start
    up, down = centred + 0.5, centred - 0.5
    up_weight = np.where(highest, 0.0, up)  # 255 has no upper edge, 0 no lower one
    down_weight = np.where(lowest, 0.0, down)
    # What no step changes, taken once: s > 0, so u = up·s has up's sign and |u| = |up|·s.
    up_falling, down_falling = -np.abs(up), -np.abs(down)
    up_sign, down_sign = up >= 0, down >= 0
    up_curve, down_curve = up_weight * up, down_weight * down
    steps = 0
    while steps < MAX_SCALE_STEPS:
        steps += 1
        if each_step is not None:
            each_step()
        at = np.take(s, cell)
        # σ at both ends of each bin, one exponential each.
        larger_u, smaller_u = _larger_smaller(up_falling, at)
        larger_v, smaller_v = _larger_smaller(down_falling, at)
        below_u = np.where(up_sign, smaller_u, larger_u)  # σ(−u)
        above_v = np.where(down_sign, larger_v, smaller_v)  # σ(v)
        grows = np.expm1(s)
        # Slope and curvature of the cost −Σ log P in s (per cell); σ(u)·σ(−u) = larger·smaller.
        # Each value's terms are written in place (up_weight·σ(−u) − down_weight·σ(v), then
        # up_curve·(larger·smaller) + the same at v): the same products and sums as written
        # out, the same bits, without a temporary each: an autoregressive fit 18.9 -> 18.5 ms.
        below_u *= up_weight
        above_v *= down_weight
        below_u -= above_v
        slope = -np.bincount(cell, weights=below_u, minlength=cells) - interior / grows
        larger_u *= smaller_u
        larger_u *= up_curve
        larger_v *= smaller_v
        larger_v *= down_curve
        larger_u += larger_v
        curve = np.bincount(cell, weights=larger_u, minlength=cells) + interior * (grows + 1.0) / grows**2
        high = np.where(slope > 0, s, high)  # the minimum lies below s
        low = np.where(slope > 0, low, s)
        with np.errstate(divide="ignore", invalid="ignore"):
            newton = s - slope / curve
        inside = (newton >= low) & (newton <= high) & np.isfinite(newton)
        # Beyond a bound the bracket still has (its best is the bound): try the bound itself,
        # whose slope then closes the bracket, instead of creeping there by bisection.
        to_ceiling = (newton > high) & (high == ceiling)
        to_floor = (newton < low) & (low == floor)
        fallback = np.where(to_ceiling, ceiling, np.where(to_floor, floor, np.sqrt(low * high)))
        following = np.where(inside, newton, fallback)
        moved = np.abs(following - s)
        s = following
        settled = (inside & (moved <= 1e-6 * s)) | (moved <= 1e-13 * s)  # a bisection step must close in
        if np.all(settled | (count == 0) | (high - low <= 1e-13 * s)):
            break
    return 1.0 / s, steps
