"""Statistics that tell photographs from uniform noise, and the numbers behind them.

Conventions. An *image* is a ``H×W`` (grey) or ``H×W×3`` (RGB) array; a *batch* is a
sequence of images of one shape, or an ``(n, H, W)`` / ``(n, H, W, 3)`` array. (An
``(n, H, 3)`` array is read as one RGB image.) Statistics pool the three colour channels
as three grey planes: a neighbour pair is two adjacent pixels *of the same channel*.
uint8 input is treated as the integers 0..255; float input (e.g. a diffusion state) is
accepted wherever it makes sense.

What is here:

* :func:`adjacent_pixel_correlation` – Pearson correlation of horizontal and of vertical
  neighbours (≈0.9 for photos, ≈0 for noise).
* :func:`radial_power_spectrum` – radially averaged power spectrum and its log-log slope
  (≈ -2 for photos, ≈ 0 for noise).
* :func:`neighbour_difference_histogram` and :func:`uniform_noise_difference_pmf` – the
  distribution of neighbour differences (peaked and heavy-tailed for photos, exactly
  triangular for uniform noise).
* :func:`noise_correlation_bound` – a rigorous upper bound on the probability that a
  uniform-noise image reaches a given neighbour correlation, as log10; and
  :func:`monte_carlo_noise_correlation`, the honest experiment next to it.
* :func:`diffuse` and friends – the forward process of a diffusion model.
* :func:`image_as_number` – an image as one integer in base 256: digit count, leading and
  trailing digits (exact, never by ``str()`` of a huge int), and :func:`pixel_step`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import Literal

import numpy as np
from mpmath import iv
from mpmath.libmp import round_ceiling, round_floor, to_float, to_int

from lib.big_numbers import Magnitude, interval_precision

Statistic = Literal["mean", "horizontal", "vertical"]

# A chunk of this many pixels at a time keeps memory flat for large images and batches.
_CHUNK = 1 << 20


# =========================================================================================
# Input handling
# =========================================================================================
def _as_batch(images: np.ndarray | Sequence[np.ndarray], what: str = "images") -> np.ndarray:
    """``(n, channels, H, W)`` view/copy of an image or batch (uint8 kept, others → float64)."""
    if isinstance(images, np.ndarray):
        array = images
        if array.ndim == 2 or (array.ndim == 3 and array.shape[-1] == 3):
            array = array[None]
    else:
        items = list(images)
        if not items:
            raise ValueError(f"{what}: the batch is empty")
        shapes = {np.shape(im) for im in items}
        if len(shapes) != 1:
            raise ValueError(
                f"{what}: images in a batch must share one shape, got "
                + ", ".join(str(s) for s in sorted(shapes))
            )
        array = np.stack([np.asarray(im) for im in items])
    if array.ndim == 3:
        array = array[:, None]
    elif array.ndim == 4 and array.shape[-1] == 3:
        array = np.moveaxis(array, -1, 1)
    else:
        raise ValueError(f"{what}: expected H×W or H×W×3 images, got shape {np.shape(images)}")
    if array.shape[0] == 0:
        raise ValueError(f"{what}: the batch is empty")
    if array.dtype == np.uint8:
        return array
    if (
        array.dtype == bool
        or not np.issubdtype(array.dtype, np.number)
        or np.issubdtype(array.dtype, np.complexfloating)
    ):
        raise ValueError(f"{what}: pixels must be real numbers, got {array.dtype}")
    array = array.astype(np.float64)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{what}: pixels contain NaN or infinity")
    return array


def _require_size(batch: np.ndarray, low: int, what: str) -> None:
    h, w = batch.shape[2:]
    if h < low or w < low:
        raise ValueError(f"{what} needs images of at least {low}×{low} pixels, got {w}×{h}")


# =========================================================================================
# Neighbour correlation
# =========================================================================================
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
        return (self.horizontal + self.vertical) / 2

    def __len__(self) -> int:
        return len(self.horizontal)


def _pair_correlations(batch: np.ndarray, axis: int) -> np.ndarray:
    """Per-image Pearson correlation of neighbours along ``axis`` (2 = vertical, 3 = horizontal).

    Pairs of all channel planes are pooled. uint8 input: the five sums are exact int64;
    float input: pixels are first shifted by each image's mean (no cancellation).
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
    if per_image <= _CHUNK:
        step = max(1, _CHUNK // per_image)
        for i0 in range(0, n, step):
            accumulate(batch[i0 : i0 + step], i0, min(n, i0 + step))
    else:  # one large image at a time, in blocks of rows (overlapping by one for vertical)
        rows = max(2, _CHUNK // (c * w))
        for i in range(n):
            if axis == 3:
                for r0 in range(0, h, rows):
                    accumulate(batch[i : i + 1, :, r0 : r0 + rows], i, i + 1)
            else:
                for r0 in range(0, h - 1, rows - 1):
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
    """
    batch = _as_batch(images)
    _require_size(batch, 2, "neighbour correlation")
    return CorrelationBatch(_pair_correlations(batch, 3), _pair_correlations(batch, 2))


def adjacent_pixel_correlation(image: np.ndarray) -> NeighbourCorrelation:
    """Neighbour correlation of one image (see :func:`adjacent_pixel_correlations`)."""
    array = np.asarray(image)
    if not (array.ndim == 2 or (array.ndim == 3 and array.shape[-1] == 3)):
        raise ValueError(f"expected one H×W or H×W×3 image, got shape {array.shape}")
    result = adjacent_pixel_correlations(array)
    return NeighbourCorrelation(float(result.horizontal[0]), float(result.vertical[0]))


# =========================================================================================
# Power spectrum
# =========================================================================================
@dataclass(frozen=True, eq=False)
class PowerSpectrum:
    """Radially averaged power spectrum and a straight-line fit on log-log axes.

    ``frequency`` is in cycles per pixel (bin ``k`` is the ring of radius ≈ ``k/min(H, W)``,
    up to the Nyquist frequency 0.5), ``power`` the mean of ``|FFT|² / Σwindow²`` over the
    ring and over all channel planes and images: uniform 8-bit noise has expected power
    5461.25 (its variance) at every frequency. ``slope`` and ``intercept`` fit
    ``log10 power = intercept + slope · log10 frequency`` over the rings with ``fitted``.
    """

    frequency: np.ndarray = field(repr=False)
    power: np.ndarray = field(repr=False)
    fitted: np.ndarray = field(repr=False)
    slope: float
    intercept: float

    def fit_line(self) -> np.ndarray:
        """The fitted power at every ``frequency`` (for drawing the line)."""
        return 10.0 ** (self.intercept + self.slope * np.log10(self.frequency))


def _window(n: int) -> np.ndarray:
    """A Hann window sampled at half-integers: symmetric, never exactly zero."""
    return 0.5 - 0.5 * np.cos(2 * np.pi * (np.arange(n) + 0.5) / n)


def radial_power_spectrum(
    images: np.ndarray | Sequence[np.ndarray], *, skip_lowest: int = 1, fit_max_frequency: float = 0.5
) -> PowerSpectrum:
    """Radially averaged power spectrum of an image or a batch, with its log-log slope.

    Each channel plane has its mean subtracted and is multiplied by a 2-D Hann window
    before the FFT: without the window, the jump between opposite edges of a photo (the
    FFT treats the image as periodic) adds a cross of power falling as 1/f², which would
    bias photos towards -2 and is not a property of the scene. The fit skips the lowest
    ``skip_lowest`` ring(s), which the window and the mean subtraction distort, and stops
    at ``fit_max_frequency`` cycles/pixel (0.5 = Nyquist; 0.25 leaves out the band where
    lenses, demosaicing, JPEG and downscaling remove power). White noise gives ≈ 0, a
    synthetic 1/f² field -2.0; the bundled photos give about -2.5 (from -1.5 to -3.4:
    several are smooth, defocused or downscaled with anti-aliasing, which steepens the
    spectrum). Needs at least 8×8 pixels.
    """
    batch = _as_batch(images)
    _require_size(batch, 8, "the power spectrum")
    if not isinstance(skip_lowest, int) or skip_lowest < 0:
        raise ValueError(f"skip_lowest must be an integer ≥ 0, got {skip_lowest!r}")
    if not 0 < fit_max_frequency <= 0.5:
        raise ValueError(f"fit_max_frequency must be in (0, 0.5], got {fit_max_frequency!r}")
    n, c, h, w = batch.shape
    window = np.outer(_window(h), _window(w))
    norm = float(np.sum(window * window))
    radius = np.hypot(*np.meshgrid(np.fft.fftfreq(h), np.fft.fftfreq(w), indexing="ij"))
    width = 1.0 / min(h, w)
    rings = np.rint(radius / width).astype(np.int64)
    k_max = min(h, w) // 2
    if skip_lowest + 3 > k_max:
        raise ValueError(
            f"a {w}×{h} image has only {k_max} rings: too few to fit a slope after skipping {skip_lowest}"
        )
    power = np.zeros((h, w))
    planes = batch.reshape(n * c, h, w)
    per_chunk = max(1, _CHUNK // (h * w))
    for p0 in range(0, n * c, per_chunk):
        block = planes[p0 : p0 + per_chunk].astype(np.float64)
        block = (block - block.mean(axis=(1, 2), keepdims=True)) * window
        spectrum = np.fft.fft2(block)
        power += np.sum(spectrum.real**2 + spectrum.imag**2, axis=0)
    power /= norm * n * c
    inside = (rings >= 1) & (rings <= k_max)
    count = np.bincount(rings[inside], minlength=k_max + 1)[1:]
    mean_power = np.bincount(rings[inside], weights=power[inside], minlength=k_max + 1)[1:] / count
    mean_freq = np.bincount(rings[inside], weights=radius[inside], minlength=k_max + 1)[1:] / count
    ring = np.arange(1, k_max + 1)
    fitted = (ring > skip_lowest) & (ring * width <= fit_max_frequency + 1e-12)
    use = fitted & (mean_power > 0)
    if fitted.sum() < 3:
        raise ValueError(
            f"only {int(fitted.sum())} rings of a {w}×{h} image lie in the fit "
            "range: too few for a slope (use a larger image or range)"
        )
    if use.sum() >= 2:
        slope, intercept = np.polyfit(np.log10(mean_freq[use]), np.log10(mean_power[use]), 1)
    else:  # a constant image has no power anywhere: no slope
        slope, intercept = float("nan"), float("nan")
    return PowerSpectrum(mean_freq, mean_power, use, float(slope), float(intercept))


# =========================================================================================
# Neighbour differences
# =========================================================================================
@dataclass(frozen=True, eq=False)
class DifferenceHistogram:
    """Histogram of ``x[neighbour] - x[pixel]`` over horizontal and vertical pairs.

    ``values`` is -255..255, ``counts`` the number of pairs with each difference, ``pmf``
    ``counts / total``. ``excess_kurtosis`` is 0 for a Gaussian, -0.6 for the triangle of
    uniform noise, and large (often > 5) for photos: most neighbours are nearly equal,
    a few (edges) differ a lot.
    """

    values: np.ndarray = field(repr=False)
    counts: np.ndarray = field(repr=False)
    pmf: np.ndarray = field(repr=False)
    total: int
    mean_absolute: float
    excess_kurtosis: float


def neighbour_difference_histogram(images: np.ndarray | Sequence[np.ndarray]) -> DifferenceHistogram:
    """Histogram of differences between neighbouring pixels of uint8 images (pooled)."""
    batch = _as_batch(images)
    if batch.dtype != np.uint8:
        raise ValueError("neighbour differences need uint8 images (values 0..255)")
    _require_size(batch, 2, "neighbour differences")
    counts = np.zeros(511, dtype=np.int64)
    n, c, h, w = batch.shape
    per_chunk = max(1, _CHUNK // (c * h * w))
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
    """
    d = np.arange(-255, 256)
    return (256 - np.abs(d)) / 65536.0


# =========================================================================================
# How likely is noise to look natural? A rigorous bound.
# =========================================================================================
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
    ``terms`` gives, per direction, the log10 of the three parts of the argument.
    """

    height: int
    width: int
    channels: int
    threshold: float
    statistic: str
    log10_probability: float
    terms: tuple[tuple[str, float], ...] = ()

    def exponent_text(self, places: int = 1) -> str:
        """x in "P ≤ 10^-x", truncated (so the statement stays true): e.g. '82.1'."""
        if not isinstance(places, int) or not 0 <= places <= 12:
            raise ValueError(f"places must be an integer in 0…12, got {places!r}")
        truncated = math.floor(-Fraction(self.log10_probability) * 10**places)  # exact
        whole, fraction = divmod(truncated, 10**places)
        return f"{whole:,}" + (f".{fraction:0{places}d}" if places else "")

    @property
    def log10_expected_draws(self) -> float:
        """A lower bound on log10 of the mean number of draws until the first success."""
        return -self.log10_probability


def _log_sinh(x: np.ndarray) -> np.ndarray:
    return x + np.log(-np.expm1(-2 * x)) - math.log(2)


def _log_mgf_u(s: np.ndarray) -> np.ndarray:
    """log E exp(sU): E exp(tY) = sinh(128 t) / (256 sinh(t/2)) with t = s/σ."""
    s = np.abs(np.asarray(s, dtype=np.float64))
    out = np.zeros_like(s)
    t = s[s > 0] / math.sqrt(float(_SIGMA2))
    out[s > 0] = _log_sinh(128 * t) - _log_sinh(t / 2) - math.log(256)
    return out


def _logsumexp(x: np.ndarray, axis: int = -1) -> np.ndarray:
    m = np.max(x, axis=axis, keepdims=True)
    return (m + np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True))).squeeze(axis)


@lru_cache(maxsize=1)
def _rate_tables():
    """Float tables of the three Chernoff rates (used only to *choose* parameters)."""
    mu = np.concatenate([np.linspace(0, 2, 401)[1:], np.geomspace(2, 80, 400)[1:]])
    log_mgf_z = _logsumexp(_log_mgf_u(mu[:, None] * _U_HALF)) - math.log(128)
    lam3 = np.concatenate([np.linspace(0, 5, 401)[1:], np.geomspace(5, 20000, 600)[1:]])
    log_mgf_sq = _logsumexp(-lam3[:, None] * _U_HALF**2) - math.log(128)
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


def _iv_mgf_y(t):
    """Interval E exp(tY), Y uniform on {-127.5, …, 127.5}, for t > 0 (an interval):
    Σ_k e^{t(k-127.5)}/256 = sinh(128t) / (256 sinh(t/2))."""
    e = iv.exp(t / 2)
    big = iv.exp(128 * t)
    return (big - 1 / big) / (256 * (e - 1 / e))


def _rigorous_terms(threshold: float, plan: _Plan) -> tuple:
    """Interval upper bounds (natural log) of the three parts of the argument."""
    n = plan.pairs
    inv_sigma2 = iv.mpf(1) / iv.mpf(_SIGMA2.numerator) * _SIGMA2.denominator  # 4/21845
    sigma = iv.sqrt(iv.mpf(_SIGMA2.numerator) / _SIGMA2.denominator)
    r = iv.mpf(threshold)
    delta, kappa = iv.mpf(plan.delta), iv.mpf(plan.kappa)
    zeta = iv.mpf(_U_MAX2.numerator) / _U_MAX2.denominator / (plan.chain - 1) ** 2
    c = r * (1 - delta) - zeta
    # (1) Σ U_a U_b ≥ c N:  log P ≤ (N/2)(log E e^{μ U U'} - μ c)
    mu = iv.mpf(plan.mu_product)
    total = iv.mpf(0)
    for y in _HALF:  # E e^{μUU'} = E_U E_U' e^{(μU/σ)Y'}, symmetric in ±U
        total += _iv_mgf_y(mu * iv.mpf(float(y)) * inv_sigma2)
    log_mgf_z = iv.log(total / 128)
    product = (n * (log_mgf_z - mu * c)) / 2
    # (2) |mean of U over N pixels| ≥ √κ, for the a- and the b-members: 2 · 2 tails
    lam = iv.mpf(plan.lam_mean)
    mean = iv.log(4) + n * (iv.log(_iv_mgf_y(lam / sigma)) - lam * iv.sqrt(kappa))
    # (3) Σ U² ≤ (1 - δ + κ) N, for the a- and the b-members: 2 tails
    lam = iv.mpf(plan.lam_square)
    total = iv.mpf(0)
    for y in _HALF:
        total += iv.exp(-lam * iv.mpf(float(y * y)) * inv_sigma2)
    square = iv.log(2) + n * (lam * (1 - delta + kappa) + iv.log(total / 128))
    return product, mean, square


def _upper_float(x) -> float:
    """A float ≥ every point of the interval x (its upper end, rounded up)."""
    return to_float(x._mpi_[1], rnd=round_ceiling)


def _log_sum_exp_iv(terms):
    """Interval log(Σ exp(t)) for intervals t (any shift m is exact algebra)."""
    m = iv.mpf(max(_upper_float(t) for t in terms))
    return m + iv.log(sum((iv.exp(t - m) for t in terms), iv.mpf(0)))


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
    """
    for value, name in ((height, "height"), (width, "width")):
        if not _is_int(value) or value < 2:
            raise ValueError(f"{name} must be an integer ≥ 2, got {value!r}")
    if channels not in (1, 3):
        raise ValueError(f"channels must be 1 or 3, got {channels!r}")
    if statistic not in ("mean", "horizontal", "vertical"):
        raise ValueError(f"statistic must be 'mean', 'horizontal' or 'vertical', got {statistic!r}")
    try:
        threshold = float(threshold)
    except (TypeError, ValueError) as error:
        raise ValueError(f"threshold must be a number, got {threshold!r}") from error
    if not math.isfinite(threshold) or threshold > 1:
        raise ValueError(f"a correlation threshold must be a finite number ≤ 1, got {threshold!r}")
    height, width = int(height), int(width)
    directions = []
    if statistic in ("mean", "horizontal"):
        directions.append(("horizontal", height * channels * (width - 1), width))
    if statistic in ("mean", "vertical"):
        directions.append(("vertical", width * channels * (height - 1), height))
    result = CorrelationBound(height, width, channels, threshold, statistic, 0.0)
    if threshold <= 0:
        return result
    plans = [(name, _plan(threshold, pairs, chain)) for name, pairs, chain in directions]
    if any(plan is None for _, plan in plans):
        return result
    with interval_precision(40):
        logs, terms = [], []
        for name, plan in plans:
            parts = _rigorous_terms(threshold, plan)
            for label, value in zip(("products", "variance", "means"), (parts[0], parts[2], parts[1])):
                terms.append((f"{name}: {label}", _upper_float(value / iv.log(10))))
            logs.extend(parts)
        total = _log_sum_exp_iv(logs) / iv.log(10)
        log10_p = min(0.0, _upper_float(total))
    return CorrelationBound(height, width, channels, threshold, statistic, log10_p, tuple(terms))


# =========================================================================================
# The honest experiment
# =========================================================================================
_MC_STREAM = 0x6D6F6E7465  # "monte"


@dataclass(frozen=True, eq=False)
class MonteCarloResult:
    """Neighbour correlations of ``draws`` uniform-noise images (``correlations``, one each)."""

    height: int
    width: int
    channels: int
    statistic: str
    seed: int
    correlations: np.ndarray = field(repr=False)

    @property
    def draws(self) -> int:
        return len(self.correlations)

    @property
    def largest(self) -> float:
        """The largest correlation seen (nan only if every draw was undefined)."""
        finite = self.correlations[np.isfinite(self.correlations)]
        return float(finite.max()) if finite.size else float("nan")

    def count_at_least(self, threshold: float) -> int:
        """How many draws reached ``threshold``."""
        return int(np.sum(self.correlations >= threshold))


def monte_carlo_noise_correlation(
    height: int, width: int, draws: int, seed: int, *, channels: int = 1, statistic: Statistic = "mean"
) -> MonteCarloResult:
    """Draw ``draws`` uniform-noise images and measure each one's neighbour correlation.

    Deterministic in ``seed``. 1,000 draws of 32×32 RGB take ~40 ms.
    """
    for value, name in ((height, "height"), (width, "width"), (draws, "draws")):
        if not _is_int(value) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    if height < 2 or width < 2:
        raise ValueError("neighbour correlation needs images of at least 2×2 pixels")
    if channels not in (1, 3):
        raise ValueError(f"channels must be 1 or 3, got {channels!r}")
    if statistic not in ("mean", "horizontal", "vertical"):
        raise ValueError(f"statistic must be 'mean', 'horizontal' or 'vertical', got {statistic!r}")
    if not _is_int(seed) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    per_image = height * width * channels
    if draws * per_image > 2**31:
        raise ValueError(f"{draws:,} draws of {per_image:,} bytes is too much work for a page")
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([_MC_STREAM, int(seed)])))
    out = np.empty(draws)
    per_batch = max(1, (4 * _CHUNK) // per_image)
    shape = (height, width) if channels == 1 else (height, width, 3)
    for start in range(0, draws, per_batch):
        count = min(per_batch, draws - start)
        noise = rng.integers(0, 256, size=(count, *shape), dtype=np.uint8)
        batch = _as_batch(noise) if channels == 3 else noise[:, None]
        if statistic == "horizontal":
            out[start : start + count] = _pair_correlations(batch, 3)
        elif statistic == "vertical":
            out[start : start + count] = _pair_correlations(batch, 2)
        else:
            both = _pair_correlations(batch, 3) + _pair_correlations(batch, 2)
            out[start : start + count] = both / 2
    return MonteCarloResult(height, width, channels, statistic, int(seed), out)


# =========================================================================================
# From a photo to noise: the forward process of a diffusion model
# =========================================================================================
_DIFFUSION_STREAM = 0x64696666  # "diff"


def linear_alpha_bar(steps: int = 1000, beta_start: float = 1e-4, beta_end: float = 0.02) -> np.ndarray:
    """ᾱ_t for t = 0…steps under the linear β schedule of Ho et al. (2020).

    ``β_t`` runs linearly from ``beta_start`` to ``beta_end``; ``ᾱ_t = Π_{s≤t}(1-β_s)``,
    ``ᾱ_0 = 1``. With the defaults ``ᾱ_1000 ≈ 4·10^-5``: almost pure noise.
    """
    if not _is_int(steps) or steps < 1:
        raise ValueError(f"steps must be a positive integer, got {steps!r}")
    if not (0 < beta_start <= beta_end < 1):
        raise ValueError(f"need 0 < beta_start ≤ beta_end < 1, got {beta_start!r}, {beta_end!r}")
    betas = np.linspace(beta_start, beta_end, int(steps))
    return np.concatenate([[1.0], np.cumprod(1.0 - betas)])


def to_model_range(image: np.ndarray) -> np.ndarray:
    """uint8 0..255 → float64 in [-1, 1] (``x / 127.5 - 1``), as diffusion models see pixels."""
    array = np.asarray(image)
    if array.dtype != np.uint8:
        raise ValueError(f"to_model_range needs uint8 pixels, got {array.dtype}")
    return array.astype(np.float64) / 127.5 - 1.0


def to_display(x: np.ndarray) -> np.ndarray:
    """float in [-1, 1] → uint8, rounding; values outside [-1, 1] (noise) are clipped."""
    array = np.asarray(x, dtype=np.float64)
    if not np.all(np.isfinite(array)):
        raise ValueError("cannot display NaN or infinite values")
    return np.rint((np.clip(array, -1.0, 1.0) + 1.0) * 127.5).astype(np.uint8)


def diffusion_noise(shape: tuple[int, ...], seed: int) -> np.ndarray:
    """The standard-normal ε used by :func:`diffuse` for this shape and seed."""
    if not _is_int(seed) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([_DIFFUSION_STREAM, int(seed)])))
    return rng.standard_normal(shape)


def diffuse(image: np.ndarray, t: int, seed: int, alpha_bar: np.ndarray | None = None) -> np.ndarray:
    """``x_t = √ᾱ_t · x_0 + √(1-ᾱ_t) · ε`` for a uint8 image (float64 result, unclipped).

    ``x_0`` is the image in [-1, 1], ``ε`` standard normal from ``seed`` (the same ε for
    every t, so a sweep over t shows one path from the photo to noise). ``t`` runs from 0
    (the photo) to ``len(alpha_bar) - 1``; default schedule :func:`linear_alpha_bar`.
    Use :func:`to_display` to show it.
    """
    x0 = to_model_range(image)
    if alpha_bar is None:
        alpha_bar = _default_alpha_bar()
    alpha_bar = np.asarray(alpha_bar, dtype=np.float64)
    if not _is_int(t) or not 0 <= t < len(alpha_bar):
        raise ValueError(f"t must be an integer in 0…{len(alpha_bar) - 1}, got {t!r}")
    a = float(alpha_bar[int(t)])
    if not 0.0 <= a <= 1.0:
        raise ValueError(f"ᾱ_t must lie in [0, 1], got {a!r}")
    return math.sqrt(a) * x0 + math.sqrt(1.0 - a) * diffusion_noise(x0.shape, seed)


@lru_cache(maxsize=1)
def _default_alpha_bar() -> np.ndarray:
    values = linear_alpha_bar()
    values.flags.writeable = False
    return values


def diffusion_path(
    image: np.ndarray, steps: Sequence[int], seed: int, alpha_bar: np.ndarray | None = None
) -> list[np.ndarray]:
    """:func:`diffuse` at each t of ``steps`` with one shared ε (float64 arrays)."""
    x0 = to_model_range(image)
    alpha_bar = _default_alpha_bar() if alpha_bar is None else np.asarray(alpha_bar, dtype=np.float64)
    eps = diffusion_noise(x0.shape, seed)
    out = []
    for t in steps:
        if not _is_int(t) or not 0 <= t < len(alpha_bar):
            raise ValueError(f"t must be an integer in 0…{len(alpha_bar) - 1}, got {t!r}")
        a = float(alpha_bar[int(t)])
        out.append(math.sqrt(a) * x0 + math.sqrt(1.0 - a) * eps)
    return out


# =========================================================================================
# The image as a number
# =========================================================================================
#: Up to this many bits an index is converted with str() (well under Python's 4,300-digit
#: limit, and cheap); above it, digits come from interval arithmetic on the top bits.
_STR_BITS = 13_000
#: Exact fallback (powers of ten) only up to this many bits; beyond, refuse.
_EXACT_BITS = 1 << 21


@dataclass(frozen=True)
class ImageNumber:
    """An image read as one integer: its bytes in C order (row by row, R G B per pixel),
    base 256, first byte most significant. Images of this shape are the integers
    ``0 … 256^byte_count - 1``, and this image is one of them.
    """

    shape: tuple[int, ...]
    byte_count: int
    digit_count: int  # decimal digits of the index (1 for the all-black image, index 0)
    leading: str  # its first digits, exact
    trailing: str  # its last digits, exact (zero-padded to the number of digits shown)
    space_digit_count: int  # decimal digits of 256^byte_count, the number of such images

    @property
    def space_size(self) -> Magnitude:
        """How many images of this shape exist: 256^byte_count."""
        return Magnitude.power(256, self.byte_count)


def image_index(image: np.ndarray) -> int:
    """The image as one (huge) Python int. Never ``str()`` it: use :func:`image_as_number`."""
    array = _check_uint8_image(image)
    return int.from_bytes(np.ascontiguousarray(array).tobytes(), "big")


def leading_digits(n: int, count: int) -> tuple[str, int]:
    """The first ``count`` decimal digits of ``n ≥ 0`` and its digit count, exactly.

    Small ``n`` use ``str()``. Larger ones never do: with ``T`` the top bits of ``n`` and
    ``s`` the number of dropped bits, ``T·2^s ≤ n < (T+1)·2^s``, so log10 n lies in an
    interval computed with mpmath interval arithmetic; when both ends give the same
    floor (digit count) and the same truncated leading digits, those are certain. If not
    (n sits extremely close to a digit boundary), more bits are used, and finally exact
    integer arithmetic decides.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"need an integer ≥ 0, got {n!r}")
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValueError(f"count must be an integer ≥ 1, got {count!r}")
    bits = n.bit_length()
    if bits <= _STR_BITS:
        text = str(n)
        return text[:count], len(text)
    top_bits = 256 + 4 * count
    while top_bits < bits:
        answer = _leading_from_top_bits(n, bits, top_bits, count)
        if answer is not None:
            return answer
        if top_bits >= 1 << 16:
            break
        top_bits *= 4
    if bits > _EXACT_BITS:
        raise ValueError(
            "this number sits too close to a digit boundary to decide its leading digits cheaply"
        )
    return _leading_exact(n, bits, count)


def _leading_from_top_bits(n: int, bits: int, top_bits: int, count: int) -> tuple[str, int] | None:
    shift = bits - top_bits
    top = n >> shift
    dps = count + len(str(bits)) + 30
    with interval_precision(dps):
        log2 = iv.log(2)
        log10 = iv.log(10)
        low = (iv.log(iv.mpf(top)) + shift * log2) / log10
        high = (iv.log(iv.mpf(top + 1)) + shift * log2) / log10
        lo_end, hi_end = low._mpi_[0], high._mpi_[1]
        exponent = to_int(lo_end, round_floor)
        if to_int(hi_end, round_floor) != exponent:
            return None
        scale = count - 1 - exponent
        lead_low = iv.power(10, low.a + scale)
        lead_high = iv.power(10, high.b + scale)
        first = to_int(lead_low._mpi_[0], round_floor)
        last = to_int(lead_high._mpi_[1], round_floor)
        if first != last:
            return None
    digits = exponent + 1
    return str(first)[: min(count, digits)], digits


def _leading_exact(n: int, bits: int, count: int) -> tuple[str, int]:
    """Exact digit count and leading digits by integer comparisons (for rare hard cases)."""
    digits = int(bits * math.log10(2)) + 1  # within one of the truth
    while digits > 1 and pow(10, digits - 1) > n:
        digits -= 1
    while pow(10, digits) <= n:
        digits += 1
    keep = min(count, digits)
    head = n // pow(10, digits - keep)
    return str(head), digits


def image_as_number(image: np.ndarray, digits: int = 20) -> ImageNumber:
    """Digit count, first and last ``digits`` digits of the image's index (all exact)."""
    if isinstance(digits, bool) or not isinstance(digits, int) or not 1 <= digits <= 1000:
        raise ValueError(f"digits must be an integer in 1…1000, got {digits!r}")
    array = _check_uint8_image(image)
    n = image_index(array)
    lead, digit_count = leading_digits(n, digits)
    shown = min(digits, digit_count)
    trailing = f"{n % 10**shown:0{shown}d}"
    return ImageNumber(
        tuple(array.shape),
        int(array.size),
        digit_count,
        lead,
        trailing,
        Magnitude.power(256, int(array.size)).digit_count(),
    )


@dataclass(frozen=True)
class PixelStep:
    """How the index moves when one byte changes: by ``change · 256^exponent``."""

    exponent: int  # the byte's place value is 256^exponent
    change: int  # new value - old value (-255…255)

    @property
    def place_value(self) -> Magnitude:
        """256^exponent (Magnitude: it may have millions of digits)."""
        return Magnitude.power(256, self.exponent)

    def place_value_digits(self) -> int:
        return self.place_value.digit_count()


def pixel_step(
    image: np.ndarray, row: int, column: int, channel: int = 0, new_value: int | None = None
) -> PixelStep:
    """The change of the image's index when pixel (row, column, channel) becomes ``new_value``.

    The byte at C-order position ``p`` of ``n`` bytes has place value ``256^(n-1-p)``, so
    the index moves by ``(new - old) · 256^(n-1-p)``. The last byte (bottom-right pixel,
    blue) has place value 1: changing it by one gives the very next image, index ± 1.
    ``new_value`` defaults to ``old ± 1`` (+1, or -1 at 255).
    """
    array = _check_uint8_image(image)
    h, w = array.shape[:2]
    c = 1 if array.ndim == 2 else 3
    for value, limit, name in ((row, h, "row"), (column, w, "column"), (channel, c, "channel")):
        if not _is_int(value) or not 0 <= value < limit:
            raise ValueError(f"{name} must be an integer in 0…{limit - 1}, got {value!r}")
    old = int(array[row, column] if array.ndim == 2 else array[row, column, channel])
    if new_value is None:
        new_value = old + 1 if old < 255 else old - 1
    if not _is_int(new_value) or not 0 <= new_value <= 255:
        raise ValueError(f"new_value must be an integer in 0…255, got {new_value!r}")
    position = (int(row) * w + int(column)) * c + int(channel)
    return PixelStep(array.size - 1 - position, int(new_value) - old)


def _is_int(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _check_uint8_image(image: np.ndarray) -> np.ndarray:
    array = np.asarray(image)
    if array.dtype != np.uint8:
        raise ValueError(f"an image's index needs uint8 pixels, got {array.dtype}")
    if not (array.ndim == 2 or (array.ndim == 3 and array.shape[-1] == 3)) or array.size == 0:
        raise ValueError(f"expected one H×W or H×W×3 image, got shape {array.shape}")
    return array
