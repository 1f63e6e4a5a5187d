"""How likely is uniform noise to look natural? A rigorous upper bound, never an estimate.

:func:`noise_correlation_bound` bounds the probability that one uniform-noise image has a
neighbour correlation at least that of a photograph. It is a proof (Chernoff bounds with
exact moment generating functions, evaluated in interval arithmetic so no rounding can
make it false), not a simulation: a simulation (:mod:`lib.statistics.monte_carlo`) can
only show what is likely, and the event here is far too rare for any number of draws.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Literal

import numpy as np
from mpmath.libmp import round_ceiling, to_float

from lib.big_numbers import Magnitude, interval_context
from lib.logmath import logsumexp
from lib.reference_figures import SECONDS_PER_YEAR
from lib.validation import check_whole_number

Statistic = Literal["mean", "horizontal", "vertical"]
STATISTICS: tuple[Statistic, ...] = ("mean", "horizontal", "vertical")

#: The draw rate the page quotes: how fast an imaginary machine tries images.
DRAWS_PER_SECOND = 1000

# Units: a uniform byte centred and scaled, U = (X - 127.5) / σ, σ² = (256² - 1)/12 = 21845/4.
_SIGMA2 = Fraction(21845, 4)
_HALF = np.arange(128, 256) - 127.5  # the positive half of X - 127.5: 0.5 … 127.5
_U_HALF = _HALF / math.sqrt(float(_SIGMA2))
_U_MAX2 = Fraction(65025, 4) / _SIGMA2  # (127.5 / σ)² = 65025 / 21845 ≈ 2.977


@dataclass(frozen=True)
class CorrelationBound:
    """An upper bound on P(uniform noise reaches neighbour correlation ≥ ``threshold``).

    ``log10_probability`` is an upper bound on log10 of that probability (≤ 0; it is
    rounded upwards, so ``10**log10_probability`` is a valid bound even as a float).
    """

    height: int
    width: int
    channels: int
    threshold: float
    statistic: str
    log10_probability: float

    def exponent_text(self, places: int = 1) -> str:
        """x in "P ≤ 10^-x", truncated (so the statement stays true): e.g. '82.1'.

        >>> CorrelationBound(8, 8, 1, 0.9, "mean", -1234.56).exponent_text(1)
        '1,234.5'
        """
        places = check_whole_number(places, "places", 0, 12)
        truncated = math.floor(-Fraction(self.log10_probability) * 10**places)  # exact
        whole, fraction = divmod(truncated, 10**places)
        return f"{whole:,}" + (f".{fraction:0{places}d}" if places else "")

    @property
    def log10_expected_draws(self) -> float:
        """A lower bound on log10 of the mean number of draws until the first success."""
        return -self.log10_probability

    def years_exponent(self, draws_per_second: int = DRAWS_PER_SECOND) -> int:
        """E such that waiting for the first success takes at least 10^E years, on average.

        At ``draws_per_second``, with a Julian year; never below 0. Exact rational
        arithmetic with log10 of the rate·year rounded *up*, so "at least" stays true.

        >>> CorrelationBound(8, 8, 1, 0.9, "mean", -100.0).years_exponent()  # 100 - 3 - 7.499…
        89
        """
        rate = check_whole_number(draws_per_second, "draws per second", 1)
        per_year = Magnitude.of(rate) * SECONDS_PER_YEAR.magnitude
        upper = Fraction(per_year.log10(6)) + Fraction(1, 10**6)
        return max(math.floor(-Fraction(self.log10_probability) - upper), 0)

    def wait_text(self, draws_per_second: int = DRAWS_PER_SECOND) -> str:
        """How long, at least, the first success takes on average, in words: "10^E years"
        when that is a year or more, else whole days, hours, minutes or seconds (rounded
        down, so "at least" stays true), or "a fraction of a second" (all that a weak bound promises).

        A small or grey image can look like a photo within seconds: :meth:`years_exponent`
        alone (never below 0) would then claim a year.

        >>> CorrelationBound(8, 8, 1, 0.9, "mean", -100.0).wait_text()
        '10^89 years'
        >>> CorrelationBound(16, 16, 1, 0.5, "mean", -3.7).wait_text()  # 5,011 draws at 1,000 a second
        '5 seconds'
        >>> CorrelationBound(16, 16, 1, 0.5, "mean", -7.0).wait_text()
        '2 hours'
        >>> CorrelationBound(8, 8, 1, 0.5, "mean", 0.0).wait_text()
        'a fraction of a second'
        """
        rate = check_whole_number(draws_per_second, "draws per second", 1)
        exponent = -self.log10_probability  # expected draws ≥ 10^exponent
        if exponent >= math.log10(rate * int(SECONDS_PER_YEAR.value)) + 1e-9:
            return f"10^{self.years_exponent(rate):,} years"
        seconds = math.floor(10 ** (exponent - 1e-12) / rate)  # rounded down: a lower bound
        for unit, length in (("day", 86_400), ("hour", 3_600), ("minute", 60), ("second", 1)):
            if seconds >= length:
                count = seconds // length
                return f"{count:,} {unit}{'s' if count > 1 else ''}"
        return "a fraction of a second"


def _log_sinh(x: np.ndarray) -> np.ndarray:
    return x + np.log(-np.expm1(-2 * x)) - math.log(2)


def _log_mgf_u(s: np.ndarray) -> np.ndarray:
    """log E exp(sU): E exp(tY) = sinh(128 t) / (256 sinh(t/2)) with t = s/σ."""
    s = np.abs(np.asarray(s, dtype=np.float64))
    out = np.zeros_like(s)
    t = s[s > 0] / math.sqrt(float(_SIGMA2))
    out[s > 0] = _log_sinh(128 * t) - _log_sinh(t / 2) - math.log(256)
    return out


@lru_cache(maxsize=1)
def _rate_tables():
    """Float tables of the three Chernoff rates (used only to *choose* parameters)."""
    mu = np.concatenate([np.linspace(0, 2, 401)[1:], np.geomspace(2, 80, 400)[1:]])
    log_mgf_z = logsumexp(_log_mgf_u(mu[:, None] * _U_HALF)) - math.log(128)
    lam3 = np.concatenate([np.linspace(0, 5, 401)[1:], np.geomspace(5, 20000, 600)[1:]])
    log_mgf_sq = logsumexp(-lam3[:, None] * _U_HALF**2) - math.log(128)
    log_mgf_u = _log_mgf_u(mu)
    grid = np.linspace(0, 1, 1001)
    rate_product = 0.5 * np.max(mu * grid[:, None] - log_mgf_z, axis=1)  # per pair, Hölder
    rate_mean = np.max(mu * grid[:, None] - log_mgf_u, axis=1)  # at deviation √κ
    rate_square = np.max(-lam3 * grid[:, None] - log_mgf_sq, axis=1)  # at level 1-ε
    return (
        mu,
        log_mgf_z,
        log_mgf_u,
        lam3,
        log_mgf_sq,
        grid,
        np.maximum(rate_product, 0),
        np.maximum(rate_mean, 0),
        np.maximum(rate_square, 0),
    )


@dataclass(frozen=True)
class _Plan:
    """Parameters of the argument for one direction: δ, κ and the three Chernoff λ's."""

    pairs: int
    chain: int  # length of each row (horizontal) or column (vertical)
    delta: float
    kappa: float
    mu_product: float
    lam_mean: float
    lam_square: float


def _plan(threshold: float, pairs: int, chain: int) -> _Plan | None:
    """Choose δ, κ (grid search on float rate tables) and the λ's; None if no choice
    leaves a positive margin c (the threshold is below the deterministic slack ζ)."""
    mu, log_mgf_z, log_mgf_u, lam3, log_mgf_sq, grid, r1, r2, r3 = _rate_tables()
    zeta = float(_U_MAX2) / (chain - 1) ** 2
    delta = np.linspace(0.005, 0.95, 190)[:, None]
    kappa = delta * np.linspace(0.005, 0.995, 199)[None, :]
    c = np.broadcast_to(threshold * (1 - delta) - zeta, kappa.shape)
    j1 = np.where(c > 0, np.interp(c, grid, r1), 0.0)
    j2 = np.interp(np.sqrt(kappa), grid, r2)
    j3 = np.interp(1 - delta + kappa, grid, r3)
    log_bound = np.logaddexp(np.logaddexp(-pairs * j1, math.log(2) - pairs * j3), math.log(4) - pairs * j2)
    log_bound = np.where(c > 0, log_bound, np.inf)
    i, k = np.unravel_index(np.argmin(log_bound), log_bound.shape)
    if not c[i, k] > 0:
        return None
    d, kap, cc = float(delta[i, 0]), float(kappa[i, k]), float(c[i, k])
    return _Plan(
        pairs,
        chain,
        d,
        kap,
        float(mu[np.argmax(mu * cc - log_mgf_z)]),
        float(mu[np.argmax(mu * math.sqrt(kap) - log_mgf_u)]),
        float(lam3[np.argmax(-lam3 * (1 - d + kap) - log_mgf_sq)]),
    )


def _iv_mgf_y(ctx, t):
    """Interval E exp(tY), Y uniform on {-127.5, …, 127.5}, for t > 0 (an interval):
    Σ_k e^{t(k-127.5)}/256 = sinh(128t) / (256 sinh(t/2))."""
    e = ctx.exp(t / 2)
    big = ctx.exp(128 * t)
    return (big - 1 / big) / (256 * (e - 1 / e))


def _iv_mgf_products(ctx, mu, inv_sigma2):
    """Interval 128·E e^{μUU'} = Σ_y E exp(t_y Y') over the positive half y = k + 1/2 of
    X - 127.5 (symmetric in ±U), with t_y = μ·y/σ², each term as in :func:`_iv_mgf_y`.

    The t_y are evenly spaced, t_k = (2k+1)·d/2 with d = μ/σ², so the exponentials the
    terms need are powers, e^{t_k/2} = g^{2k+1} with g = e^{d/4} and e^{128 t_k} = G^{2k+1}
    with G = e^{64d}: four interval exponentials and a chain of products instead of 256
    exponentials (~25 ms a new bound on a quiet machine, most of a new view's cold start).
    Interval products stay rigorous; 128 of them widen the interval by ~128 units in the
    40th digit."""
    d = mu * inv_sigma2
    g, big, one = ctx.exp(d / 4), ctx.exp(64 * d), ctx.mpf(1)
    # (G - 1/G)/(g - 1/g) = (G² - 1)/(g² - 1) · g/G: one division a term, each factor a chain
    big2, g2, ratio = big * big, g * g, g / big
    big4, g4, ratio2 = big2 * big2, g2 * g2, ratio * ratio
    total = ctx.mpf(0)
    for _ in _HALF:
        total += (big2 - one) / (g2 - one) * ratio
        big2, g2, ratio = big2 * big4, g2 * g4, ratio * ratio2
    return total / 256


def _iv_mgf_squares(ctx, lam, inv_sigma2):
    """Interval 128·E e^{-λU²} = Σ_y exp(-a y²) over y = k + 1/2, a = λ/σ², by the chain
    e^{-a(k+3/2)²} = e^{-a(k+1/2)²}·q^{k+1} with q = e^{-2a}: two interval exponentials."""
    a = lam * inv_sigma2
    q = ctx.exp(-2 * a)
    term, step = ctx.exp(-a / 4), q
    total = ctx.mpf(0)
    for _ in _HALF:
        total += term
        term, step = term * step, step * q
    return total


def _rigorous_terms(ctx, threshold: float, plan: _Plan) -> tuple:
    """Interval upper bounds (natural log) of the three parts of the argument, in the
    interval context ``ctx``: (products, means, squares)."""
    n = plan.pairs
    inv_sigma2 = ctx.mpf(1) / ctx.mpf(_SIGMA2.numerator) * _SIGMA2.denominator  # 4/21845
    sigma = ctx.sqrt(ctx.mpf(_SIGMA2.numerator) / _SIGMA2.denominator)
    r = ctx.mpf(threshold)
    delta, kappa = ctx.mpf(plan.delta), ctx.mpf(plan.kappa)
    zeta = ctx.mpf(_U_MAX2.numerator) / _U_MAX2.denominator / (plan.chain - 1) ** 2
    c = r * (1 - delta) - zeta
    # (1) Σ U_a U_b ≥ c N:  log P ≤ (N/2)(log E e^{μ U U'} - μ c)
    mu = ctx.mpf(plan.mu_product)
    log_mgf_z = ctx.log(_iv_mgf_products(ctx, mu, inv_sigma2) / 128)
    product = (n * (log_mgf_z - mu * c)) / 2
    # (2) |mean of U over N pixels| ≥ √κ, for the a- and the b-members: 2 · 2 tails
    lam = ctx.mpf(plan.lam_mean)
    mean = ctx.log(4) + n * (ctx.log(_iv_mgf_y(ctx, lam / sigma)) - lam * ctx.sqrt(kappa))
    # (3) Σ U² ≤ (1 - δ + κ) N, for the a- and the b-members: 2 tails
    lam = ctx.mpf(plan.lam_square)
    total = _iv_mgf_squares(ctx, lam, inv_sigma2)
    square = ctx.log(2) + n * (lam * (1 - delta + kappa) + ctx.log(total / 128))
    return product, mean, square


def _upper_float(x) -> float:
    """A float ≥ every point of the interval x (its upper end, rounded up)."""
    return to_float(x._mpi_[1], rnd=round_ceiling)


def _log_sum_exp_iv(ctx, terms):
    """Interval log(Σ exp(t)) for intervals t (any shift m is exact algebra)."""
    m = ctx.mpf(max(_upper_float(t) for t in terms))
    return m + ctx.log(sum((ctx.exp(t - m) for t in terms), ctx.mpf(0)))


def check_noise_setup(height: object, width: object, channels: object, statistic: object) -> tuple[int, int]:
    """The image shape and statistic shared by the bound and the Monte Carlo run, checked once.

    >>> check_noise_setup(32, 32, 3, "mean")
    (32, 32)
    """
    checked = check_whole_number(height, "height", 2), check_whole_number(width, "width", 2)
    if channels not in (1, 3):
        raise ValueError(f"channels must be 1 or 3, got {channels!r}")
    if statistic not in STATISTICS:
        raise ValueError(f"statistic must be 'mean', 'horizontal' or 'vertical', got {statistic!r}")
    return checked


def noise_correlation_bound(
    height: int, width: int, threshold: float, *, channels: int = 1, statistic: Statistic = "mean"
) -> CorrelationBound:
    """Rigorous upper bound on P(a uniform-noise image has neighbour correlation ≥ threshold).

    The image is ``height×width`` with ``channels`` (1 or 3) planes of independent uniform
    bytes; the correlation is the one of :func:`adjacent_pixel_correlations` (``statistic``
    "horizontal", "vertical", or their "mean"). Returned as log10, so 10^-800,000 never
    underflows. Takes ~20–40 ms (mpmath interval arithmetic): cache it. Since the event
    only shrinks as the threshold grows, a page may cache on the threshold rounded *down*.

    The argument, for horizontal pairs (vertical is the transpose). Work in units
    ``U = (X - 127.5)/σ`` with ``σ² = (256²-1)/12``, so E U = 0, E U² = 1. There are
    ``R = height·channels`` rows of length ``L = width`` and ``N = R(L-1)`` pairs
    ``(a_p, b_p)``. With sample means ``ā, b̄``: ``S = Σ(a_p-ā)(b_p-b̄)``,
    ``A = Σ(a_p-ā)²``, ``B = Σ(b_p-b̄)²`` and the correlation is ``S/√(AB)``.

    1. *Means, deterministically.* ``S = Σ a_p b_p - N ā b̄`` and ``-ā b̄ ≤ (ā-b̄)²/4``.
       ``N(ā-b̄)`` is the sum over rows of (first pixel - last pixel), at most
       ``2R·u_max`` in size (``u_max = 127.5/σ``), so ``S ≤ Σ a_p b_p + Nζ`` with
       ``ζ = u_max²/(L-1)²``: no probability spent.
    2. *Split.* Fix ``0 < κ < δ < 1``. If ``A ≥ (1-δ)N`` and ``B ≥ (1-δ)N`` then
       correlation ≥ r forces ``S ≥ r(1-δ)N``, hence ``Σ a_p b_p ≥ cN``,
       ``c = r(1-δ) - ζ``. And ``A = Σ a_p² - Nā²``, so ``A < (1-δ)N`` forces
       ``Σ a_p² < (1-δ+κ)N`` or ``|ā| ≥ √κ`` (same for B). The a-members are N distinct,
       independent pixels (so are the b-members), so

       ``P ≤ P(Σ a_p b_p ≥ cN) + 2·P(Σ_N U² ≤ (1-δ+κ)N) + 2·P(|mean of N U| ≥ √κ)``.
    3. *Chernoff bounds with exact moment generating functions.* The products overlap
       (``a_{p+1} = b_p``), so split each row's pairs into even and odd positions: each
       group is a sum of independent products ``UU'``; Cauchy–Schwarz gives
       ``E e^{λΣ} ≤ E[e^{2λ·even}]^{1/2} E[e^{2λ·odd}]^{1/2} = M(2λ)^{N/2}`` with
       ``M(μ) = E e^{μUU'}``. So ``log P(Σ a_p b_p ≥ cN) ≤ (N/2)(log M(μ) - μc)``.
       ``M``, ``E e^{-λU²}`` and ``E e^{λU}`` are exact finite sums (the last one a ratio
       of sinh's), and the mean tail is two-sided (factor 2).

    Any ``δ, κ, μ, λ`` give a valid bound: they are chosen by a float grid search, and
    the bound is then evaluated at those values in mpmath interval arithmetic, taking
    the upper end. For "mean", P(h+v ≥ 2r) ≤ P(h ≥ r) + P(v ≥ r). The bound is loose
    (its exponent is roughly 1/6 of the Gaussian heuristic N·r²/2 at r = 0.9) but it
    is a proof, valid at every size, and it falls exponentially in the number of pairs.

    >>> noise_correlation_bound(32, 32, 0.9, channels=3).exponent_text(1)  # P ≤ 10^-81.8
    '81.8'
    >>> noise_correlation_bound(32, 32, 0.0).log10_probability  # no information below 0
    0.0
    """
    height, width = check_noise_setup(height, width, channels, statistic)
    try:
        threshold = float(threshold)
    except (TypeError, ValueError) as error:
        raise ValueError(f"threshold must be a number, got {threshold!r}") from error
    if not math.isfinite(threshold) or threshold > 1:
        raise ValueError(f"a correlation threshold must be a finite number ≤ 1, got {threshold!r}")
    directions = []
    if statistic in ("mean", "horizontal"):
        directions.append((height * channels * (width - 1), width))
    if statistic in ("mean", "vertical"):
        directions.append((width * channels * (height - 1), height))
    trivial = CorrelationBound(height, width, channels, threshold, statistic, 0.0)
    if threshold <= 0:
        return trivial
    chosen = {direction: _plan(threshold, *direction) for direction in set(directions)}  # square: one
    plans = [chosen[direction] for direction in directions]
    if any(plan is None for plan in plans):
        return trivial
    with interval_context(40) as ctx:
        # A square image's two directions have the same plan, hence the same terms: work them
        # out once (each is ~400 interval exponentials) and count them twice.
        terms = {plan: _rigorous_terms(ctx, threshold, plan) for plan in set(plans) if plan is not None}
        logs = [term for plan in plans if plan is not None for term in terms[plan]]
        log10_p = min(0.0, _upper_float(_log_sum_exp_iv(ctx, logs) / ctx.log(10)))
    return CorrelationBound(height, width, channels, threshold, statistic, log10_p)


def real_threshold_centi(correlations: np.ndarray) -> tuple[float, int] | None:
    """The threshold a page asks noise to reach: the median of the real samples' neighbour
    correlations, and it rounded *down* to 0.01 (in hundredths, for :func:`bound_at_centi`);
    None when they give no positive correlation to aim for.

    A flat photo has no correlation (NaN): it is left out, not a reason to give up, and
    ``np.nanmedian`` would warn on every such draw.

    >>> real_threshold_centi(np.array([0.912, 0.95, np.nan, 0.8]))
    (0.912, 91)
    >>> real_threshold_centi(np.array([np.nan, -0.2])) is None
    True
    """
    finite = correlations[np.isfinite(correlations)]
    median = float(np.median(finite)) if finite.size else math.nan
    if not math.isfinite(median) or median <= 0:
        return None
    return median, int(np.floor(median * 100))


@lru_cache(maxsize=128)
def bound_at_centi(size: int, channels: int, threshold_centi: int) -> CorrelationBound:
    """:func:`noise_correlation_bound` of a ``size``×``size`` image at ``threshold_centi``/100
    (a "mean" statistic), computed once per process and shared (the result is frozen).

    A page rounds its threshold *down* to 0.01 (P(≥ r) ≤ P(≥ r rounded down): still
    valid), so that new draws rarely need a new bound, each ~15–25 ms of interval arithmetic.

    >>> bound_at_centi(32, 3, 90) is bound_at_centi(32, 3, 90), bound_at_centi(32, 3, 90).threshold
    (True, 0.9)
    """
    return noise_correlation_bound(size, size, threshold_centi / 100, channels=channels)


#: How far around a view's threshold (in hundredths) :func:`warm_bounds_around` works ahead.
WARM_SPREAD_CENTI = 2


def warm_bounds_around(size: int, channels: int, threshold_centi: int) -> int:
    """Work out :func:`bound_at_centi` for the thresholds within :data:`WARM_SPREAD_CENTI`
    of ``threshold_centi``: the bounds a new draw of the same size most likely asks for
    (drawn from the same ten photos, a grid's median correlation at 32×32 RGB is 0.85 or
    0.86 whatever the seed). Returns how many it computed.

    >>> warm_bounds_around(16, 1, 50) <= 2 * WARM_SPREAD_CENTI + 1
    True
    """
    before = bound_at_centi.cache_info().misses
    for centi in range(threshold_centi - WARM_SPREAD_CENTI, threshold_centi + WARM_SPREAD_CENTI + 1):
        if 0 < centi <= 100:
            bound_at_centi(size, channels, centi)
    return bound_at_centi.cache_info().misses - before
