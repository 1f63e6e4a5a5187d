"""From memorising to modelling, measured in bits: a ladder of density models for patches.

Every model here is fitted with numpy in well under a second on a few thousand small
image patches, and scored the way generative modelling scores itself: the negative
log-likelihood of *held-out* patches in **bits per dimension** (one dimension is one
8-bit value: one channel of one pixel).

Data
    A patch is an ``s × s`` window with ``channels`` (1 = grey, 3 = RGB) 8-bit values,
    flattened in C order of ``(row, column, channel)``: dimension
    ``d = (row·s + column)·channels + channel``. That is raster order with the channels
    of a pixel side by side, the order the autoregressive model predicts in. Patches
    are ``uint8`` arrays of shape ``(N, D)`` with ``D = s·s·channels``.

How the likelihood of discrete data is counted (the same rule for every model)
    Pixel values are integers 0..255, so a fair score is a *discrete* probability
    ``P(x)`` of the exact integers, and ``-log2 P(x) / D`` bits per dimension is the
    length of a lossless code for ``x``. A model with a continuous density ``p`` is
    turned into a discrete one by **uniform dequantisation**: the integer ``x`` stands
    for the unit cube ``x + [0, 1)^D`` (values in ``[0, 256)``), ``P(x) = ∫ p`` over that
    cube, and the score reported is ``E_u[-log2 p(x + u)] / D`` with ``u ~ U[0, 1)^D``.
    By Jensen's inequality this is an **upper bound** on ``-log2 P(x) / D``, and
    ``P`` never sums to more than 1 over ``{0..255}^D``, so the figure is an honest code
    length: no model can beat the data's entropy with it (uniform data costs at least
    8 bits/dim under every model). For a density that is constant on each unit cube
    (the uniform model, a histogram, a discretised logistic) the bound *is* the exact
    discrete likelihood, so the ladder mixes exact values and upper bounds on the same
    scale, and the bounds can only make their own model look worse, never better.
    Each model says which it reports in :attr:`DensityModel.likelihood`.

The ladder
    1. :class:`UniformModel`: every image equally likely, exactly 8 bits/dim.
    2. :class:`IndependentPixelModel`: the real histogram of values, pixels independent.
    3. :class:`GaussianModel`: mean and learned covariance (its eigenvectors are the
       structure it learned: smooth Fourier-like patterns, then edges).
    4. :class:`AutoregressiveModel`: each value predicted from the neighbours already
       seen, with a discretised logistic residual (the ancestor of PixelCNN).
    5. :class:`GaussianMixtureModel`: a few full-covariance Gaussians fitted by EM.

Also here: cutting patches from photos (:func:`extract_patches`, :func:`split_by_photo`),
a lossless reference (:func:`png_bits_per_dim`), one cached-friendly call that fits and
scores the whole ladder (:func:`fit_ladder`), the size of the space a model effectively
uses (:func:`effective_space`, exact via :class:`~lib.big_numbers.Magnitude`) and the
published CIFAR-10 records (:data:`CIFAR10_RECORDS`). No Streamlit here.
"""

from __future__ import annotations

import io
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from fractions import Fraction

import numpy as np
from PIL import Image

from lib.big_numbers import Magnitude
from lib.photo_corpus import contact_sheet, to_grey

#: Values one 8-bit dimension can take.
LEVELS = 256
#: Bits per dimension of raw 8-bit data (the uniform model, and the size of the space).
RAW_BITS = 8
#: Variance of the uniform dequantisation noise U[0, 1): what every continuous model
#: adds to its fitted covariance, because it is fitted to ``x + u``, not to ``x``.
DEQUANTISATION_VARIANCE = 1.0 / 12.0

#: How the held-out likelihood is counted (see the module docstring).
EXACT_DISCRETE = "exact discrete likelihood"
DEQUANTISED_BOUND = "upper bound via uniform dequantisation"

#: The phone photo of the post: 2304 × 4096 pixels, 3 channels.
PHONE_PHOTO_SHAPE = (2304, 4096, 3)
PHONE_PHOTO_DIMS = PHONE_PHOTO_SHAPE[0] * PHONE_PHOTO_SHAPE[1] * PHONE_PHOTO_SHAPE[2]

#: Page defaults: fit the ladder on these in about a second (see bench/bench_learning.py).
DEFAULT_SIZE = 8
DEFAULT_CHANNELS = 1
DEFAULT_TRAIN_PATCHES = 4000
DEFAULT_TEST_PATCHES = 2000
DEFAULT_SEED = 0

#: Limits that keep every setting meaningful and every fit in seconds.
MAX_SIZE = 64
MAX_PATCHES = 200_000
MAX_SAMPLES = 10_000

_LN2 = math.log(2.0)
_LOG_2PI = math.log(2.0 * math.pi)

RandomSource = np.random.Generator | int | None


class NotFittedError(ValueError):
    """A model was asked to score or sample before :meth:`DensityModel.fit`."""


# -- checking input --------------------------------------------------------------------


def _check_int(value: object, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{what} must be a whole number, got {value!r}")
    value = int(value)
    if not low <= value <= high:
        raise ValueError(f"{what} must be between {low:,} and {high:,}, got {value:,}")
    return value


def _check_shape(size: object, channels: object) -> tuple[int, int]:
    size = _check_int(size, "patch size", 1, MAX_SIZE)
    if isinstance(channels, bool) or channels not in (1, 3):
        raise ValueError(f"channels must be 1 (grey) or 3 (RGB), got {channels!r}")
    return size, int(channels)


def _check_patches(patches: object, dims: int, what: str = "patches", min_rows: int = 1) -> np.ndarray:
    """``patches`` as a C-ordered uint8 array of shape (N, dims), or a ValueError saying why not."""
    if not isinstance(patches, np.ndarray):
        raise ValueError(f"{what} must be a numpy array of shape (N, {dims}), got {type(patches).__name__}")
    if patches.ndim != 2 or patches.shape[1] != dims:
        raise ValueError(
            f"{what} must have shape (N, {dims}) (one flattened patch per row), got {patches.shape}"
        )
    if patches.shape[0] < min_rows:
        raise ValueError(f"{what}: need at least {min_rows:,} patches, got {patches.shape[0]:,}")
    if patches.shape[0] > MAX_PATCHES:
        raise ValueError(f"{what}: at most {MAX_PATCHES:,} patches, got {patches.shape[0]:,}")
    if patches.dtype != np.uint8:
        if not np.issubdtype(patches.dtype, np.integer):
            raise ValueError(
                f"{what} must hold 8-bit integers 0..255 (uint8), got {patches.dtype}: "
                "round and convert real-valued pixels first"
            )
        if patches.size and (patches.min() < 0 or patches.max() > 255):
            raise ValueError(f"{what} must hold values 0..255, got {patches.min()}..{patches.max()}")
    return np.ascontiguousarray(patches, dtype=np.uint8)


def _rng(rng: RandomSource) -> np.random.Generator:
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        return np.random.default_rng()
    if isinstance(rng, bool) or not isinstance(rng, (int, np.integer)) or rng < 0:
        raise ValueError(f"rng must be a numpy Generator or a seed (a whole number ≥ 0), got {rng!r}")
    return np.random.default_rng(int(rng))


def _log_sigmoid(z: np.ndarray) -> np.ndarray:
    """log σ(z) = min(z, 0) - log(1 + e^-|z|): no overflow, never log(0), finite for finite z."""
    return np.minimum(z, 0.0) - np.log1p(np.exp(-np.abs(z)))


def _logsumexp(a: np.ndarray, axis: int) -> np.ndarray:
    top = a.max(axis=axis, keepdims=True)
    return (top + np.log(np.exp(a - top).sum(axis=axis, keepdims=True))).squeeze(axis)


# -- the discretised logistic -----------------------------------------------------------


def discretised_logistic_log_pmf(values: np.ndarray, mean: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Natural log of P(value) for a logistic(mean, scale) rounded to the integers 0..255.

    Integer ``v`` takes the logistic's mass on ``[v - ½, v + ½)``; the edge values take
    the tails (0 gets everything below ½, 255 everything from 254.5 up), as in
    PixelCNN++, so the 256 probabilities sum to exactly 1. Computed in log space with
    ``σ(b) - σ(a) = σ(b)·σ(-a)·(1 - e^-(b-a))``: no cancellation, never ``log(0)``, even
    far in the tails. Arrays broadcast. ``values`` are integers 0..255; ``scale`` lies in
    [1e-6, 1e12] and ``|mean| ≤ 1e9``, which keeps every intermediate finite (no float
    overflows to inf on the way).
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
    return _discretised_logistic_log_pmf(values, mean, scale)


def _discretised_logistic_log_pmf(values: np.ndarray, mean: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """:func:`discretised_logistic_log_pmf` without the checks (values may be integral floats)."""
    inverse = 1.0 / scale
    centred = values.astype(np.float64) - mean
    upper = _log_sigmoid((centred + 0.5) * inverse)  # log σ(b): mass below v + ½
    lower = _log_sigmoid(-(centred - 0.5) * inverse)  # log σ(-a): mass above v - ½
    width = np.log(-np.expm1(-inverse))  # log(1 - e^-(b-a)), b - a = 1/scale
    interior = upper + lower + width
    return np.where(values <= 0, upper, np.where(values >= LEVELS - 1, lower, interior))


def discretised_logistic_pmf(mean: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """The 256 probabilities of values 0..255, one row per (mean, scale) pair: shape (..., 256)."""
    mean = np.asarray(mean, dtype=np.float64)[..., None]
    scale = np.asarray(scale, dtype=np.float64)[..., None]
    return np.exp(discretised_logistic_log_pmf(np.arange(LEVELS), mean, scale))


# -- the models ------------------------------------------------------------------------


class DensityModel:
    """A probability distribution over flattened ``size × size × channels`` 8-bit patches.

    Use: ``model.fit(train)`` then ``model.bits_per_dim(test)`` and ``model.sample(n, rng)``.
    """

    #: Short name for charts and tables.
    name: str = "model"
    #: :data:`EXACT_DISCRETE` or :data:`DEQUANTISED_BOUND`: how :meth:`bits_per_dim` counts.
    likelihood: str = EXACT_DISCRETE

    def __init__(self, size: int, channels: int) -> None:
        self.size, self.channels = _check_shape(size, channels)
        self.dims = self.size * self.size * self.channels
        self.fitted = False
        self.train_count = 0

    # the public protocol ------------------------------------------------------------
    def fit(self, train: np.ndarray) -> DensityModel:
        """Learn the parameters from training patches (uint8, shape (N, D)); returns self."""
        train = _check_patches(train, self.dims, "training patches", self._min_train())
        self._fit(train)
        self.fitted, self.train_count = True, train.shape[0]
        return self

    def patch_bits(self, patches: np.ndarray) -> np.ndarray:
        """Code length of each patch in bits, ``-log2 P(patch)`` (or its bound): shape (N,)."""
        self._require_fitted()
        patches = _check_patches(patches, self.dims)
        bits = self._patch_bits(patches)
        if not np.all(np.isfinite(bits)):  # cannot happen by construction; refuse to hide it
            raise ArithmeticError(f"{self.name}: a non-finite code length; this is a bug")
        return bits

    def bits_per_dim(self, patches: np.ndarray) -> float:
        """Mean negative log-likelihood in bits per dimension on ``patches`` (held out, for a fair score).

        Counted for discrete 8-bit data as :attr:`likelihood` says: exact, or the
        uniform-dequantisation upper bound (see the module docstring).
        """
        return float(self.patch_bits(patches).mean() / self.dims)

    def sample(self, n: int, rng: RandomSource = None) -> np.ndarray:
        """``n`` patches drawn from the model: uint8, shape (n, D); the same seed gives the same patches."""
        self._require_fitted()
        n = _check_int(n, "number of samples", 0, MAX_SAMPLES)
        out = self._sample(n, _rng(rng))
        return np.clip(out, 0, LEVELS - 1).astype(np.uint8).reshape(n, self.dims)

    def describe(self) -> str:
        """A short plain-language account of the model and how its likelihood is counted."""
        raise NotImplementedError

    def parameter_count(self) -> int:
        """How many numbers the fitted model keeps (what it 'stores' instead of the data)."""
        raise NotImplementedError

    # for subclasses ----------------------------------------------------------------
    def _min_train(self) -> int:
        return 1

    def _fit(self, train: np.ndarray) -> None:
        raise NotImplementedError

    def _patch_bits(self, patches: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        raise NotImplementedError

    def _require_fitted(self) -> None:
        if not self.fitted:
            raise NotFittedError(f"{self.name}: call fit(train) before scoring or sampling")

    def __repr__(self) -> str:
        state = f"fitted on {self.train_count:,}" if self.fitted else "not fitted"
        return f"{type(self).__name__}(size={self.size}, channels={self.channels}, {state})"


class UniformModel(DensityModel):
    """Every one of the 256^D patches equally likely: exactly 8 bits per dimension.

    What a model that has learned nothing costs, and what a lookup table says about any
    image it has not stored (it can do no better than this).
    """

    name = "uniform"
    likelihood = EXACT_DISCRETE

    def _fit(self, train: np.ndarray) -> None:
        pass  # nothing to learn

    def _patch_bits(self, patches: np.ndarray) -> np.ndarray:
        return np.full(patches.shape[0], float(RAW_BITS * self.dims))

    def _sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        return rng.integers(0, LEVELS, size=(n, self.dims), dtype=np.uint8)

    def parameter_count(self) -> int:
        return 0

    def describe(self) -> str:
        return (
            "Uniform: every possible patch equally likely, 1 in 256^D. Each value costs "
            f"exactly 8 bits ({EXACT_DISCRETE}). Its samples are pure noise."
        )


class IndependentPixelModel(DensityModel):
    """Each value drawn independently from the real histogram of 0..255.

    With ``shared=True`` (default) one histogram per channel is shared by every
    position (images look alike everywhere, and each histogram sees ``N·s·s`` values);
    with ``shared=False`` every dimension has its own. Counts are add-``pseudocount``
    (Laplace) smoothed, so a value never seen in training costs finite bits.
    Exact discrete likelihood.
    """

    name = "independent pixels"
    likelihood = EXACT_DISCRETE

    def __init__(self, size: int, channels: int, shared: bool = True, pseudocount: float = 1.0) -> None:
        super().__init__(size, channels)
        if not isinstance(pseudocount, (int, float)) or not math.isfinite(pseudocount) or pseudocount <= 0:
            raise ValueError(f"pseudocount must be a positive number, got {pseudocount!r}")
        self.shared, self.pseudocount = bool(shared), float(pseudocount)
        # dimension d uses histogram _group[d]
        self._group = np.arange(self.dims) % self.channels if self.shared else np.arange(self.dims)
        self.probabilities: np.ndarray | None = None  # (groups, 256)

    def _fit(self, train: np.ndarray) -> None:
        groups = self.channels if self.shared else self.dims
        counts = np.zeros(groups * LEVELS, dtype=np.int64)
        # In blocks of rows: the int64 keys of 8,000 32×32 RGB patches at once would take 197 MB.
        for block in _row_blocks(train):
            keys = self._group[None, :] * LEVELS + block.astype(np.int64)
            counts += np.bincount(keys.ravel(), minlength=groups * LEVELS)
        counts = counts.reshape(groups, LEVELS)
        smoothed = counts + self.pseudocount
        self.probabilities = smoothed / smoothed.sum(axis=1, keepdims=True)
        self._log2 = np.log2(self.probabilities)

    def _patch_bits(self, patches: np.ndarray) -> np.ndarray:
        return -self._log2[self._group[None, :], patches].sum(axis=1)

    def _sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        cdf = np.cumsum(self.probabilities, axis=1)
        cdf[:, -1] = 1.0
        u = rng.random((n, self.dims))
        out = np.empty((n, self.dims), dtype=np.int64)
        for g in range(cdf.shape[0]):
            cols = np.flatnonzero(self._group == g)
            out[:, cols] = np.searchsorted(cdf[g], u[:, cols], side="right")
        return out

    def parameter_count(self) -> int:
        return int(self.probabilities.size) if self.probabilities is not None else 0

    def describe(self) -> str:
        where = (
            "one histogram per channel, shared by all positions"
            if self.shared
            else "one histogram per dimension"
        )
        return (
            f"Independent pixels: each value drawn from the real histogram of 0..255 ({where}, "
            f"add-{self.pseudocount:g} smoothing so unseen values stay possible). It knows which "
            "values are common but nothing about neighbours: samples are speckle with the "
            f"right brightness. {EXACT_DISCRETE.capitalize()}."
        )


class GaussianModel(DensityModel):
    """One Gaussian with the learned mean and covariance, on dequantised values.

    Fitted to ``x + u`` with ``u ~ U[0,1)^D`` in expectation: mean ``x̄ + ½`` and
    covariance ``S + I/12`` (the dequantisation noise's own variance, which also keeps
    every eigenvalue ≥ 1/12) ``+ ridge·I``. ``S`` is the sample covariance shrunk towards
    a multiple of the identity, ``(1-δ)·cov(x) + δ·(tr cov(x)/D)·I``, with ``δ`` from the
    Ledoit–Wolf formula (Ledoit & Wolf, "A well-conditioned estimator for
    large-dimensional covariance matrices", J. Multivariate Analysis 88, 2004) by default,
    or a fixed ``shrinkage`` in [0, 1]: with few patches per dimension (32×32 patches) the
    raw covariance under-estimates the small eigenvalues and held-out patches pay for it;
    with thousands of 8×8 patches ``δ`` is near 0. ``δ`` used is :attr:`shrinkage_used`. The score is the expected dequantised
    NLL ``E_u[-log2 N(x+u)]``, computed in closed form (no Monte Carlo):
    ``½[D·log 2π + log det Σ + (x+½-μ)ᵀΣ⁻¹(x+½-μ) + tr(Σ⁻¹)/12] / ln 2``, an upper bound
    on the discrete NLL of ``floor(y)`` for ``y ~ N(μ, Σ)``, which is exactly what
    :meth:`sample` draws (then clips to 0..255, which only moves mass onto the edges).

    After fitting, :attr:`eigenvalues` (descending, grey levels²) and :attr:`eigenvectors`
    (columns, same order) are the principal components; :meth:`eigenvector_images`
    shows them as patches.
    """

    name = "Gaussian"
    likelihood = DEQUANTISED_BOUND

    def __init__(
        self, size: int, channels: int, ridge: float = 0.0, shrinkage: float | str = "ledoit-wolf"
    ) -> None:
        super().__init__(size, channels)
        if (
            isinstance(ridge, bool)
            or not isinstance(ridge, (int, float))
            or not math.isfinite(ridge)
            or ridge < 0
        ):
            raise ValueError(f"ridge must be a number ≥ 0 (grey levels²), got {ridge!r}")
        if shrinkage != "ledoit-wolf" and (
            isinstance(shrinkage, bool) or not isinstance(shrinkage, (int, float)) or not 0 <= shrinkage <= 1
        ):
            raise ValueError(f"shrinkage must be 'ledoit-wolf' or a number from 0 to 1, got {shrinkage!r}")
        self.ridge, self.shrinkage = float(ridge), shrinkage
        self.shrinkage_used = 0.0
        self.mean: np.ndarray | None = None
        self.eigenvalues: np.ndarray | None = None
        self.eigenvectors: np.ndarray | None = None

    def _min_train(self) -> int:
        return 2

    def _fit(self, train: np.ndarray) -> None:
        # Accumulated over blocks of rows, never as one float64 copy of the training set: at
        # 32×32 RGB × 8,000 patches that copy is 197 MB, and the app must fit in Community
        # Cloud's ~690 MB.
        centre = train.mean(axis=0, dtype=np.float64)
        cov = np.zeros((self.dims, self.dims))
        squared_norms = np.empty(train.shape[0])
        row = 0
        for block in _row_blocks(train):
            xc = block.astype(np.float64) - centre
            cov += xc.T @ xc
            squared_norms[row : row + len(block)] = np.einsum("ij,ij->i", xc, xc)
            row += len(block)
        cov /= train.shape[0]
        level = float(np.trace(cov)) / self.dims
        delta = (
            _ledoit_wolf(squared_norms, cov, level)
            if self.shrinkage == "ledoit-wolf"
            else float(self.shrinkage)
        )
        self.shrinkage_used = delta
        cov *= 1.0 - delta
        cov[np.diag_indices_from(cov)] += delta * level + DEQUANTISATION_VARIANCE + self.ridge
        values, vectors = np.linalg.eigh(cov)
        order = np.argsort(values)[::-1]
        self.mean = centre + 0.5
        # eigh of a symmetric matrix whose diagonal got ≥ 1/12 added: round-off cannot push
        # an eigenvalue below ~1/12 - 1e-10·max, so the floor only guards against the absurd.
        self.eigenvalues = np.maximum(values[order], DEQUANTISATION_VARIANCE * 0.5)
        self.eigenvectors = vectors[:, order]
        self._log_det = float(np.log(self.eigenvalues).sum())

    def _patch_bits(self, patches: np.ndarray) -> np.ndarray:
        return (
            _expected_gaussian_nll(patches, self.mean, self.eigenvalues, self.eigenvectors, self._log_det)
            / _LN2
        )

    def _sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        z = rng.standard_normal((n, self.dims))
        y = self.mean + (z * np.sqrt(self.eigenvalues)) @ self.eigenvectors.T
        return np.floor(y)

    def eigenvector_images(self, count: int = 16) -> np.ndarray:
        """The top ``count`` principal components as uint8 patches (mid-grey = 0).

        Shape ``(count, s, s)`` for grey, ``(count, s, s, 3)`` for RGB; each component is
        scaled on its own so its largest magnitude reaches 0 or 255.
        """
        self._require_fitted()
        count = _check_int(count, "number of eigenvectors", 1, self.dims)
        vectors = self.eigenvectors[:, :count].T
        peak = np.abs(vectors).max(axis=1, keepdims=True)
        scaled = 127.5 + 127.5 * vectors / np.where(peak > 0, peak, 1.0)
        return patches_to_images(np.clip(np.rint(scaled), 0, 255).astype(np.uint8), self.size, self.channels)

    def explained_variance(self) -> np.ndarray:
        """Cumulative share of the total variance in the top 1, 2, … components."""
        self._require_fitted()
        return np.cumsum(self.eigenvalues) / self.eigenvalues.sum()

    def parameter_count(self) -> int:
        return self.dims + self.dims * (self.dims + 1) // 2

    def describe(self) -> str:
        return (
            "Gaussian: the mean patch plus how every pair of values varies together (the "
            "covariance). Its eigenvectors are the patterns it learned, smooth waves first, "
            "then edges and finer detail; its samples are smooth blurry texture. Scored as "
            "a continuous density on dequantised values x+U[0,1): an upper bound on the "
            "discrete likelihood's cost, computed in closed form."
        )


class AutoregressiveModel(DensityModel):
    """Each value predicted from the values already seen: the ancestor of PixelCNN.

    In raster order (the dimension order of the patch), value ``x_d`` gets a linear
    least-squares prediction ``μ_d`` from its causal neighbours: all channels of the
    pixels at ``neighbours`` (row, column offsets; default left, up-left, up, up-right)
    and the earlier channels of the same pixel. As in a convolution, the weights are
    shared by every position that sees the same neighbours (the interior, the top row,
    the left and right columns, the first pixel: one set each per channel), so the
    model's size does not grow with the patch. The residual is a discretised logistic
    (:func:`discretised_logistic_log_pmf`) whose scale is fitted by maximum likelihood;
    with ``scale_classes > 1`` the scale also depends on how much the neighbours
    disagree (flat areas are predicted sharply, edges loosely): one scale per activity
    class, the classes set by quantiles of the training activity.

    ``P(x) = Π_d P(x_d | earlier values)`` is an exact discrete likelihood: every
    conditional is a proper distribution on 0..255 (:meth:`conditional_pmf` returns it).
    Sampling runs dimension by dimension, vectorised across the samples. Fitting uses at
    most ``max_pairs`` (patch, position) pairs per weight set, drawn by a fixed internal
    seed, so the fit is deterministic and its cost does not grow with the patch size.
    """

    name = "autoregressive"
    likelihood = EXACT_DISCRETE

    #: left, up-left, up, up-right: the causal neighbours of a raster scan.
    DEFAULT_NEIGHBOURS: tuple[tuple[int, int], ...] = ((0, -1), (-1, -1), (-1, 0), (-1, 1))
    #: The narrowest and widest residual allowed (grey levels): a value seen constant in
    #: training still costs finite bits when it moves in test.
    MIN_SCALE = 0.05
    MAX_SCALE = 1000.0
    #: Golden-section steps for each scale: the bracket ln(MAX/MIN) shrinks by 0.618^20,
    #: fixing the scale to better than 0.1 %.
    SCALE_SEARCH_STEPS = 20

    def __init__(
        self,
        size: int,
        channels: int,
        neighbours: Sequence[tuple[int, int]] = DEFAULT_NEIGHBOURS,
        scale_classes: int = 4,
        max_pairs: int = 50_000,
        min_class_count: int = 50,
    ) -> None:
        super().__init__(size, channels)
        checked = []
        for offset in neighbours:
            try:
                dr, dc = (int(v) for v in offset)
            except (TypeError, ValueError) as error:
                raise ValueError(f"a neighbour is a (row, column) offset, got {offset!r}") from error
            if not (dr < 0 or (dr == 0 and dc < 0)):
                raise ValueError(
                    f"neighbour {offset!r} is not causal: it must lie above, or to the left "
                    "on the same row, so it is seen before the pixel it predicts"
                )
            checked.append((dr, dc))
        if not checked:
            raise ValueError("give at least one neighbour offset")
        self.neighbours = tuple(dict.fromkeys(checked))
        self.scale_classes = _check_int(scale_classes, "scale classes", 1, 16)
        self.max_pairs = _check_int(max_pairs, "maximum pairs", 100, 10**7)
        self.min_class_count = _check_int(min_class_count, "minimum class count", 1, 10**7)
        self._build_groups()
        self.weights: list[np.ndarray] = []  # per group: weights over its context, then intercept
        self.class_edges: list[np.ndarray] = []  # per group: activity thresholds (classes - 1 or none)
        self.scales: list[np.ndarray] = []  # per group: one scale per class

    def _build_groups(self) -> None:
        """Group the dimensions by (channel, which neighbours exist): one weight set per group."""
        s, c = self.size, self.channels
        groups: dict[tuple, list[tuple[int, list[int], list[int]]]] = {}
        for d in range(self.dims):
            pixel, ch = divmod(d, c)
            row, col = divmod(pixel, s)
            present, seen, same = [], [], []
            for dr, dc in self.neighbours:
                r, q = row + dr, col + dc
                if 0 <= r < s and 0 <= q < s:
                    present.append((dr, dc))
                    base = (r * s + q) * c
                    seen.extend(range(base, base + c))
                    same.append(base + ch)
            seen.extend(range(pixel * c, pixel * c + ch))
            groups.setdefault((ch, tuple(present)), []).append((d, seen, same))
        self.group_keys = list(groups)
        self._dims: list[np.ndarray] = []  # per group: its dimensions
        self._context: list[np.ndarray] = []  # per group: (dims, features) indices, one row per dim
        self._same: list[np.ndarray] = []  # per group: (dims, k) same-channel neighbours (k may be 0)
        self._group_of = np.empty(self.dims, dtype=np.int64)
        self._row_of = np.empty(self.dims, dtype=np.int64)
        for g, key in enumerate(self.group_keys):
            members = groups[key]
            self._dims.append(np.array([m[0] for m in members], dtype=np.int64))
            self._context.append(np.array([m[1] for m in members], dtype=np.int64).reshape(len(members), -1))
            self._same.append(np.array([m[2] for m in members], dtype=np.int64).reshape(len(members), -1))
            for j, m in enumerate(members):
                self._group_of[m[0]], self._row_of[m[0]] = g, j

    def _min_train(self) -> int:
        return 2

    # pieces shared by fitting, scoring and sampling -------------------------------------
    def _classed(self, g: int) -> bool:
        """Activity classes need two neighbours that can disagree."""
        return self.scale_classes > 1 and self._same[g].shape[1] >= 2

    @staticmethod
    def _range(values: np.ndarray) -> np.ndarray:
        """Spread of the neighbours (last axis): 0 where they agree."""
        return (values.max(axis=-1) - values.min(axis=-1)).astype(np.float64)

    def _predict(self, g: int, context: np.ndarray) -> np.ndarray:
        w = self.weights[g]
        return context @ w[:-1] + w[-1]

    def _class_scale(self, g: int, same: np.ndarray) -> np.ndarray:
        if not self._classed(g):
            return np.broadcast_to(self.scales[g][0], same.shape[:-1])
        classes = (self._range(same)[..., None] > self.class_edges[g]).sum(axis=-1)
        return self.scales[g][classes]

    def _group_terms(
        self,
        g: int,
        x: np.ndarray,
        rows: np.ndarray | slice = slice(None),
        members: np.ndarray | slice = slice(None),
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Values, predicted means and scales of group ``g`` for the given patches and members."""
        ctx, same, dims = self._context[g][members], self._same[g][members], self._dims[g][members]
        block = x[rows]
        mean = self._predict(g, block[..., ctx].astype(np.float64))
        scale = self._class_scale(g, block[..., same])
        return block[..., dims], mean, scale

    # fitting ------------------------------------------------------------------------
    def _fit(self, train: np.ndarray) -> None:
        n = train.shape[0]
        picker = np.random.default_rng(0)  # fixed: the same data always gives the same model
        values, means, groups, classes = [], [], [], []
        self.weights, self.class_edges = [], []
        k = self.scale_classes
        for g in range(len(self.group_keys)):
            members = self._dims[g].size
            pairs = n * members
            pick = (
                np.sort(picker.choice(pairs, self.max_pairs, replace=False))
                if pairs > self.max_pairs
                else np.arange(pairs)
            )
            rows, which = np.divmod(pick, members)
            ctx = train[rows[:, None], self._context[g][which]].astype(np.float64)
            target = train[rows, self._dims[g][which]].astype(np.float64)
            design = np.hstack([ctx, np.ones((pick.size, 1))])
            w, *_ = np.linalg.lstsq(design, target, rcond=None)
            self.weights.append(w)
            if self._classed(g):
                activity = self._range(train[rows[:, None], self._same[g][which]])
                edges = np.quantile(activity, np.arange(1, k) / k)
                self.class_edges.append(edges)
                cls = (activity[:, None] > edges).sum(axis=1)
            else:
                self.class_edges.append(np.zeros(0))
                cls = np.zeros(pick.size, dtype=np.int64)
            values.append(target)
            means.append(design @ w)
            groups.append(np.full(pick.size, g))
            classes.append(cls)
        self.scales = self._fit_scales(
            np.concatenate(values),
            np.concatenate(means),
            np.concatenate(groups) * k + np.concatenate(classes),
        )

    def _fit_scales(self, values: np.ndarray, means: np.ndarray, cell: np.ndarray) -> list[np.ndarray]:
        """Maximum-likelihood scale for every (group, class) cell at once, by golden-section search.

        The discretised NLL of a cell is unimodal in ln(scale). A cell with fewer than
        ``min_class_count`` values takes its group's moment estimate (std·√3/π) instead.
        """
        k, cells = self.scale_classes, len(self.group_keys) * self.scale_classes
        counts = np.bincount(cell, minlength=cells)
        residual = values - means
        group = cell // k
        spread = np.sqrt(
            np.bincount(group, residual**2, minlength=len(self.group_keys))
            / np.maximum(np.bincount(group, minlength=len(self.group_keys)), 1)
        )
        moment = np.clip(spread * math.sqrt(3) / math.pi, self.MIN_SCALE, self.MAX_SCALE)

        def cost(log_scale: np.ndarray) -> np.ndarray:
            nll = -_discretised_logistic_log_pmf(values, means, np.exp(log_scale)[cell])
            return np.bincount(cell, weights=nll, minlength=cells)

        golden = (math.sqrt(5) - 1) / 2
        lo = np.full(cells, math.log(self.MIN_SCALE))
        hi = np.full(cells, math.log(self.MAX_SCALE))
        a, b = hi - golden * (hi - lo), lo + golden * (hi - lo)
        fa, fb = cost(a), cost(b)
        for _ in range(self.SCALE_SEARCH_STEPS):
            left = fa < fb  # the minimum lies in [lo, b]
            hi, lo = np.where(left, b, hi), np.where(left, lo, a)
            a_next = np.where(left, hi - golden * (hi - lo), b)
            b_next = np.where(left, a, lo + golden * (hi - lo))
            f_new = cost(np.where(left, a_next, b_next))
            fa, fb = np.where(left, f_new, fb), np.where(left, fa, f_new)
            a, b = a_next, b_next
        scales = np.exp((lo + hi) / 2).reshape(-1, k)
        scales = np.where(counts.reshape(-1, k) < self.min_class_count, moment[:, None], scales)
        return [scales[g] for g in range(len(self.group_keys))]

    # scoring and sampling ---------------------------------------------------------------
    def _patch_bits(self, patches: np.ndarray) -> np.ndarray:
        total = np.zeros(patches.shape[0])
        step = max(1, 2_000_000 // (self.dims * (self.channels * len(self.neighbours) + self.channels)))
        for start in range(0, patches.shape[0], step):
            rows = slice(start, start + step)
            for g in range(len(self.group_keys)):
                values, mean, scale = self._group_terms(g, patches, rows)
                total[rows] -= _discretised_logistic_log_pmf(values, mean, scale).sum(axis=1)
        return total / _LN2

    def conditional_pmf(self, patches: np.ndarray, dim: int) -> np.ndarray:
        """P(x_dim = v | the earlier values of each patch), v = 0..255: shape (N, 256), rows sum to 1.

        Only the values before ``dim`` (in raster order) are read, as the model promises.
        """
        self._require_fitted()
        patches = _check_patches(patches, self.dims)
        dim = _check_int(dim, "dimension", 0, self.dims - 1)
        g, j = self._group_of[dim], self._row_of[dim]
        _, mean, scale = self._group_terms(g, patches, members=slice(j, j + 1))
        return discretised_logistic_pmf(mean[:, 0], scale[:, 0])

    def _sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        out = np.zeros((n, self.dims), dtype=np.uint8)
        for d in range(self.dims):
            g, j = self._group_of[d], self._row_of[d]
            _, mean, scale = self._group_terms(g, out, members=slice(j, j + 1))
            draw = rng.logistic(0.0, 1.0, size=n) * scale[:, 0] + mean[:, 0]
            out[:, d] = np.clip(np.rint(draw), 0, LEVELS - 1)  # rounding is the discretisation
        return out

    def parameter_count(self) -> int:
        return (
            sum(w.size for w in self.weights)
            + sum(s.size for s in self.scales)
            + sum(e.size for e in self.class_edges)
        )

    def describe(self) -> str:
        names = {(0, -1): "left", (-1, -1): "up-left", (-1, 0): "up", (-1, 1): "up-right"}
        where = ", ".join(names.get(o, f"{o}") for o in self.neighbours)
        extra = " and the earlier colours of the same pixel" if self.channels > 1 else ""
        spread = (
            f"; how wide the noise is depends on how much the neighbours disagree "
            f"({self.scale_classes} classes: sharp in flat areas, loose at edges)"
            if self.scale_classes > 1
            else ""
        )
        return (
            f"Autoregressive: each value is a weighted sum of the ones already seen ({where}{extra}), "
            "the same weights at every position, plus noise: a logistic rounded to 0..255 with the "
            f"tails on the edge values{spread}. The ancestor of PixelCNN. "
            f"{EXACT_DISCRETE.capitalize()}: the probability of every integer is computed, and "
            "samples are drawn one value at a time."
        )


class GaussianMixtureModel(DensityModel):
    """A few full-covariance Gaussians, fitted by EM on dequantised values.

    Natural patches come in kinds (flat sky, soft gradients, sharp edges) with very
    different spreads; one component per kind fits them far better than one Gaussian.
    Components start from groups of patches sorted by contrast (deterministic: no seed)
    and each covariance is shrunk towards the pooled one by ``shrinkage`` pseudo-patches
    so a small component cannot collapse; each also gets the dequantisation ``I/12``.

    Score: with ``E_k(x) = E_u[log N_k(x+u)]`` (closed form, as in :class:`GaussianModel`),
    the figure is ``-log2 Σ_k π_k·exp(E_k(x))``. By Jensen that is ≥ ``E_u[-log2 p(x+u)]``,
    itself ≥ the discrete NLL: an upper bound like the Gaussian's, and exactly the
    quantity EM maximises here (so training never improves a different number than the
    one shown). With one component it equals :class:`GaussianModel`'s score.
    """

    name = "Gaussian mixture"
    likelihood = DEQUANTISED_BOUND

    def __init__(
        self,
        size: int,
        channels: int,
        components: int = 4,
        iterations: int = 15,
        shrinkage: float = 4.0,
        tolerance: float = 1e-3,
    ) -> None:
        super().__init__(size, channels)
        self.components = _check_int(components, "mixture components", 1, 32)
        self.iterations = _check_int(iterations, "EM iterations", 1, 500)
        if not isinstance(shrinkage, (int, float)) or not math.isfinite(shrinkage) or shrinkage < 0:
            raise ValueError(f"shrinkage must be a number of pseudo-patches ≥ 0, got {shrinkage!r}")
        if not isinstance(tolerance, (int, float)) or not tolerance >= 0:
            raise ValueError(f"tolerance must be a number ≥ 0 (bits/dim), got {tolerance!r}")
        self.shrinkage, self.tolerance = float(shrinkage), float(tolerance)
        self.weights: np.ndarray | None = None
        self.means: np.ndarray | None = None
        self.eigenvalues: np.ndarray | None = None  # (K, D) descending
        self.eigenvectors: np.ndarray | None = None  # (K, D, D)
        self.history: list[float] = []  # training bits/dim after each EM step

    def _min_train(self) -> int:
        return 2 * self.components

    def _fit(self, train: np.ndarray) -> None:
        x = train.astype(np.float64)
        n, d, k = x.shape[0], self.dims, self.components
        pooled_centre = x.mean(axis=0)
        pooled = (x - pooled_centre).T @ (x - pooled_centre) / n
        # start: K equal groups by contrast (std within the patch): flat ones to busy ones
        order = np.argsort(x.std(axis=1), kind="stable")
        labels = np.empty(n, dtype=np.int64)
        labels[order] = np.arange(n) * k // n
        resp = np.zeros((n, k))
        resp[np.arange(n), labels] = 1.0
        self.history = []
        for _ in range(self.iterations):
            self._m_step(x, resp, pooled)
            log_joint = self._log_joint(x)
            total = _logsumexp(log_joint, axis=1)
            resp = np.exp(log_joint - total[:, None])
            self.history.append(float(-total.mean() / d / _LN2))
            if len(self.history) > 1 and self.history[-2] - self.history[-1] < self.tolerance:
                break

    def _m_step(self, x: np.ndarray, resp: np.ndarray, pooled: np.ndarray) -> None:
        n, d = x.shape
        k = self.components
        counts = resp.sum(axis=0) + 1e-12
        self.weights = counts / counts.sum()
        centres = resp.T @ x / counts[:, None]
        self.means = centres + 0.5
        # all K weighted second moments in one product: (K·D, N) @ (N, D)
        second = ((x[:, None, :] * resp[:, :, None]).reshape(n, k * d).T @ x).reshape(k, d, d)
        covs = second / counts[:, None, None] - centres[:, :, None] * centres[:, None, :]
        covs = (counts[:, None, None] * covs + self.shrinkage * pooled) / (
            counts[:, None, None] + self.shrinkage
        )
        covs[:, np.arange(d), np.arange(d)] += DEQUANTISATION_VARIANCE
        lam, vec = np.linalg.eigh(covs)  # ascending, batched over K
        self.eigenvalues = np.maximum(lam[:, ::-1], DEQUANTISATION_VARIANCE * 0.5)
        self.eigenvectors = vec[:, :, ::-1]
        self._log_dets = np.log(self.eigenvalues).sum(axis=1)

    def _log_joint(self, x: np.ndarray) -> np.ndarray:
        """log π_k + E_u[log N_k(x + u)] for every patch and component: (N, K), natural log.

        ``x`` is the patches as float64. Same closed form as :func:`_expected_gaussian_nll`,
        all components in one matrix product.
        """
        n, d, k = x.shape[0], self.dims, self.components
        whiten = self.eigenvectors / np.sqrt(self.eigenvalues)[:, None, :]  # (K, D, D)
        offset = np.einsum("kd,kde->ke", self.means - 0.5, whiten)  # (K, D)
        z = (x @ whiten.transpose(1, 0, 2).reshape(d, k * d)).reshape(n, k, d) - offset
        quad = np.einsum("nkd,nkd->nk", z, z)
        trace = (1.0 / self.eigenvalues).sum(axis=1) * DEQUANTISATION_VARIANCE
        nll = 0.5 * (d * _LOG_2PI + self._log_dets + quad + trace)
        return np.log(self.weights) - nll

    def _patch_bits(self, patches: np.ndarray) -> np.ndarray:
        return -_logsumexp(self._log_joint(patches.astype(np.float64)), axis=1) / _LN2

    def _sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        which = rng.choice(self.components, size=n, p=self.weights)
        z = rng.standard_normal((n, self.dims))
        out = np.empty((n, self.dims))
        for j in range(self.components):
            rows = which == j
            out[rows] = self.means[j] + (z[rows] * np.sqrt(self.eigenvalues[j])) @ self.eigenvectors[j].T
        return np.floor(out)

    def parameter_count(self) -> int:
        d = self.dims
        return self.components * (1 + d + d * (d + 1) // 2)

    def describe(self) -> str:
        return (
            f"Mixture of {self.components} Gaussians: patches come in kinds (flat, soft, edged), "
            "each with its own mean and covariance, fitted by EM. Scored like the Gaussian, on "
            "dequantised values x+U[0,1): an upper bound on the discrete likelihood's cost."
        )


def _row_blocks(patches: np.ndarray, rows: int = 1024):
    """The patches in blocks of rows, so temporaries stay a few MB whatever N is."""
    for start in range(0, patches.shape[0], rows):
        yield patches[start : start + rows]


def _ledoit_wolf(squared_norms: np.ndarray, cov: np.ndarray, level: float) -> float:
    """Ledoit–Wolf (2004) shrinkage intensity δ in [0, 1] towards ``level·I``.

    δ = min(b², d²)/d² with d² = |S - level·I|²_F / D (how far S is from the target) and
    b² = (Σ_n |x_n|⁴ / N - |S|²_F) / (D·N) (how noisy S is), for centred rows x_n, given
    here as their squared norms |x_n|².
    """
    n, d = len(squared_norms), cov.shape[0]
    frob = float((cov**2).sum())
    distance = (frob - 2 * level * float(np.trace(cov)) + d * level**2) / d
    if distance <= 0:
        return 0.0
    noise = (float(squared_norms @ squared_norms) / n - frob) / (d * n)
    return float(min(max(noise, 0.0), distance) / distance)


def _expected_gaussian_nll(
    patches: np.ndarray, mean: np.ndarray, eigenvalues: np.ndarray, eigenvectors: np.ndarray, log_det: float
) -> np.ndarray:
    """E_u[-ln N(x + u; mean, Σ)] for u ~ U[0,1)^D, in nats, exactly: shape (N,).

    With ``Σ = V diag(λ) Vᵀ``: ``½[D ln 2π + ln det Σ + |Vᵀ(x+½-μ)/√λ|² + Σ 1/(12λ)]``; the
    last term is ``E[(u-½)ᵀΣ⁻¹(u-½)] = tr(Σ⁻¹)/12``.
    """
    scale = np.sqrt(eigenvalues)
    quad = np.empty(patches.shape[0])
    row = 0
    for block in _row_blocks(patches):  # float64 temporaries of a block, not of all N rows
        z = ((block.astype(np.float64) + 0.5 - mean) @ eigenvectors) / scale
        quad[row : row + len(block)] = np.einsum("ij,ij->i", z, z)
        row += len(block)
    trace = float((1.0 / eigenvalues).sum()) * DEQUANTISATION_VARIANCE
    return 0.5 * (mean.size * _LOG_2PI + log_det + quad + trace)


#: The mixture joins the default ladder only up to this many dimensions (16×16 grey, 8×8 RGB):
#: above it, EM on full covariances takes many seconds and over-fits a few thousand patches.
MIXTURE_MAX_DIMS = 256


def default_ladder(size: int = DEFAULT_SIZE, channels: int = DEFAULT_CHANNELS) -> list[DensityModel]:
    """The rungs, unfitted, at their default settings, simplest first.

    Uniform, independent pixels, Gaussian, autoregressive; then the Gaussian mixture when
    the patch has at most :data:`MIXTURE_MAX_DIMS` values.
    """
    ladder = [
        UniformModel(size, channels),
        IndependentPixelModel(size, channels),
        GaussianModel(size, channels),
        AutoregressiveModel(size, channels),
    ]
    if size * size * channels <= MIXTURE_MAX_DIMS:
        ladder.append(GaussianMixtureModel(size, channels))
    return ladder


# -- patches from photos ---------------------------------------------------------------


def _prepare(image: object, channels: int, index: int) -> np.ndarray:
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8:
        raise ValueError(
            f"photo {index}: expected a uint8 numpy array (H×W×3), got "
            f"{getattr(image, 'dtype', type(image).__name__)}"
        )
    if image.ndim == 2:
        if channels == 3:
            raise ValueError(f"photo {index} is grey (H×W) but RGB patches were asked for")
        return image
    if image.ndim != 3 or image.shape[2] != 3:
        raise ValueError(f"photo {index}: expected shape H×W×3 (RGB), got {image.shape}")
    return to_grey(image) if channels == 1 else image


def extract_patches(
    images: Sequence[np.ndarray],
    size: int = DEFAULT_SIZE,
    channels: int = DEFAULT_CHANNELS,
    count: int = DEFAULT_TRAIN_PATCHES,
    rng: RandomSource = DEFAULT_SEED,
) -> np.ndarray:
    """``count`` patches cut at random places from ``images`` (H×W×3 uint8): uint8 (count, D).

    Every photo gives the same share of the patches (the first ones one more when
    ``count`` does not divide evenly), so one big photo cannot dominate what is learned;
    within a photo every ``size × size`` window is equally likely, and windows may
    repeat; the rows come in random order. ``channels=1`` converts to grey first (:func:`to_grey`). A photo smaller
    than the patch is refused.
    """
    size, channels = _check_shape(size, channels)
    count = _check_int(count, "number of patches", 1, MAX_PATCHES)
    if isinstance(images, np.ndarray) or not isinstance(images, Sequence) or len(images) == 0:
        raise ValueError("images must be a non-empty list of H×W×3 uint8 arrays")
    prepared = [_prepare(image, channels, i) for i, image in enumerate(images)]
    for i, photo in enumerate(prepared):
        if photo.shape[0] < size or photo.shape[1] < size:
            raise ValueError(
                f"photo {i} ({photo.shape[1]}×{photo.shape[0]}) is smaller than a {size}×{size} patch"
            )
    generator = _rng(rng)
    share, extra = divmod(count, len(prepared))
    which = np.repeat(np.arange(len(prepared)), [share + (i < extra) for i in range(len(prepared))])
    out = np.empty((count, size * size * channels), dtype=np.uint8)
    for i, photo in enumerate(prepared):
        rows = np.flatnonzero(which == i)
        if rows.size == 0:
            continue
        ys = generator.integers(0, photo.shape[0] - size + 1, size=rows.size)
        xs = generator.integers(0, photo.shape[1] - size + 1, size=rows.size)
        windows = np.lib.stride_tricks.sliding_window_view(photo, (size, size), axis=(0, 1))
        cut = windows[ys, xs]  # (m, [3,] s, s): the window axes come last
        if channels == 3:
            cut = np.moveaxis(cut, 1, -1)
        out[rows] = cut.reshape(rows.size, -1)
    return out[generator.permutation(count)]  # photos interleaved: any first rows are a fair sample


@dataclass(frozen=True)
class PhotoSplit:
    """Whole photos assigned to training or to testing (never a photo in both)."""

    train: tuple[np.ndarray, ...]
    test: tuple[np.ndarray, ...]
    train_indices: tuple[int, ...]
    test_indices: tuple[int, ...]


def split_by_photo(
    images: Sequence[np.ndarray],
    test_fraction: float = 0.25,
    rng: RandomSource = DEFAULT_SEED,
    test_indices: Sequence[int] | None = None,
) -> PhotoSplit:
    """Hold out whole photos for testing: at least one photo on each side.

    Patches from one photo resemble each other; cutting test patches from the training
    photos would flatter every model, so the held-out score is measured on photos the
    models never saw. The held-out photos are ``round(test_fraction · n)`` drawn by
    ``rng``, or exactly ``test_indices`` when given (then ``test_fraction`` and ``rng``
    are not used). Which photos are held out matters: a held-out photo unlike every
    training photo (a texture, a night sky) costs every model more.
    """
    if isinstance(images, np.ndarray) or not isinstance(images, Sequence):
        raise ValueError("images must be a list of photos")
    n = len(images)
    if n < 2:
        raise ValueError(f"need at least 2 photos to hold one out for testing, got {n}")
    if test_indices is not None:
        chosen = sorted({_check_int(i, "photo index", 0, n - 1) for i in test_indices})
        if not 1 <= len(chosen) <= n - 1:
            raise ValueError(f"hold out between 1 and {n - 1} of the {n} photos, got {len(chosen)}")
    else:
        if (
            isinstance(test_fraction, bool)
            or not isinstance(test_fraction, (int, float))
            or not 0 < test_fraction < 1
        ):
            raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction!r}")
        n_test = min(max(1, round(test_fraction * n)), n - 1)
        chosen = sorted(_rng(rng).permutation(n)[:n_test].tolist())
    train_idx = [i for i in range(n) if i not in set(chosen)]
    return PhotoSplit(
        tuple(images[i] for i in train_idx), tuple(images[i] for i in chosen), tuple(train_idx), tuple(chosen)
    )


def patches_to_images(patches: np.ndarray, size: int, channels: int) -> np.ndarray:
    """Flattened patches back to pictures: (N, s, s) for grey, (N, s, s, 3) for RGB."""
    size, channels = _check_shape(size, channels)
    patches = _check_patches(patches, size * size * channels, min_rows=0)
    shape = (patches.shape[0], size, size) + ((3,) if channels == 3 else ())
    return patches.reshape(shape)


def mosaic(
    patches: np.ndarray, size: int, channels: int, columns: int | None = None, gap: int = 0
) -> np.ndarray:
    """Patches tiled row by row into one uint8 picture (zeros pad the last row and the gaps)."""
    pictures = patches_to_images(patches, size, channels)
    if pictures.shape[0] == 0:
        raise ValueError("no patches to tile")
    n = pictures.shape[0]
    columns = math.ceil(math.sqrt(n)) if columns is None else _check_int(columns, "columns", 1, n)
    return contact_sheet(pictures, columns, scale=1, gap=_check_int(gap, "gap", 0, 64), background=0)


#: How :func:`png_bits_per_dim` measures, for the page to state next to the figure.
PNG_METHOD = (
    "one lossless PNG (Pillow, optimize=True, compress level 9) of all test patches tiled "
    "edge to edge in a near-square grid, headers included, divided by the patches' values; "
    "at most one row of zero padding, not counted as values"
)


def png_bits_per_dim(patches: np.ndarray, size: int, channels: int) -> float:
    """Lossless PNG size of ``patches`` in bits per dimension (see :data:`PNG_METHOD`).

    A general-purpose compressor as a reference point: a model that beats it has
    learned more about these images than PNG's filters plus deflate know.
    """
    size, channels = _check_shape(size, channels)
    patches = _check_patches(patches, size * size * channels)
    picture = mosaic(patches, size, channels)
    buffer = io.BytesIO()
    Image.fromarray(picture, mode=None).save(buffer, format="PNG", optimize=True, compress_level=9)
    return buffer.tell() * 8 / patches.size


# -- the whole ladder in one call ----------------------------------------------------------


@dataclass(frozen=True)
class RungResult:
    """One fitted model with its scores and samples."""

    name: str
    description: str
    likelihood: str  # EXACT_DISCRETE or DEQUANTISED_BOUND
    bits_per_dim: float  # on the held-out test patches
    train_bits_per_dim: float  # on the training patches: the gap shows over-fitting
    fit_seconds: float
    score_seconds: float
    parameters: int
    samples: np.ndarray  # uint8 (n_samples, D)
    model: DensityModel


@dataclass(frozen=True)
class LadderResult:
    """Everything the learning page shows, from one call (cache this)."""

    size: int
    channels: int
    train_count: int
    test_count: int
    seed: int
    rungs: tuple[RungResult, ...]
    png_bits_per_dim: float | None
    real_examples: np.ndarray  # uint8: the first test patches, to show beside samples

    @property
    def dims(self) -> int:
        return self.size * self.size * self.channels

    @property
    def fit_seconds(self) -> float:
        return sum(r.fit_seconds for r in self.rungs)

    def rung(self, name: str) -> RungResult:
        for r in self.rungs:
            if r.name == name:
                return r
        raise ValueError(f"no model called {name!r}; have {', '.join(r.name for r in self.rungs)}")

    def computed_on(self) -> str:
        """What every figure was computed on, for a caption."""
        colour = "grey" if self.channels == 1 else "RGB"
        return (
            f"{self.train_count:,} training and {self.test_count:,} held-out {self.size}×{self.size} "
            f"{colour} patches (D = {self.dims} values each), seed {self.seed}"
        )


ProgressCallback = Callable[[float, str], None]


def fit_ladder(
    train: np.ndarray,
    test: np.ndarray,
    size: int = DEFAULT_SIZE,
    channels: int = DEFAULT_CHANNELS,
    *,
    models: Sequence[DensityModel] | None = None,
    samples: int = 16,
    seed: int = DEFAULT_SEED,
    with_png: bool = True,
    progress: ProgressCallback | None = None,
) -> LadderResult:
    """Fit every model on ``train``, score it on ``test``, draw ``samples`` patches from it.

    ``models`` defaults to :func:`default_ladder`. Each model samples from its own
    ``numpy.random.default_rng(seed)``, so results are the same for the same inputs.
    ``progress(fraction, text)`` is called before each model and once at the end.
    """
    size, channels = _check_shape(size, channels)
    dims = size * size * channels
    train = _check_patches(train, dims, "training patches", 2)
    test = _check_patches(test, dims, "test patches")
    samples = _check_int(samples, "number of samples", 0, MAX_SAMPLES)
    seed = _check_int(seed, "seed", 0, 2**63 - 1)
    ladder = list(default_ladder(size, channels) if models is None else models)
    for model in ladder:
        if not isinstance(model, DensityModel):
            raise ValueError(f"not a density model: {model!r}")
        if model.dims != dims:
            raise ValueError(
                f"{model.name} is built for {model.size}×{model.size}×{model.channels} "
                f"patches, not {size}×{size}×{channels}"
            )
    steps = len(ladder) + (1 if with_png else 0)
    rungs = []
    for i, model in enumerate(ladder):
        if progress:
            progress(i / steps, f"fitting {model.name}")
        start = time.perf_counter()
        model.fit(train)
        fitted = time.perf_counter()
        held_out = model.bits_per_dim(test)
        scored = time.perf_counter()
        rungs.append(
            RungResult(
                name=model.name,
                description=model.describe(),
                likelihood=model.likelihood,
                bits_per_dim=held_out,
                train_bits_per_dim=model.bits_per_dim(train),
                fit_seconds=fitted - start,
                score_seconds=scored - fitted,
                parameters=model.parameter_count(),
                samples=model.sample(samples, np.random.default_rng(seed)),
                model=model,
            )
        )
    png = None
    if with_png:
        if progress:
            progress(len(ladder) / steps, "compressing the test patches as PNG")
        png = png_bits_per_dim(test, size, channels)
    if progress:
        progress(1.0, "done")
    return LadderResult(
        size, channels, train.shape[0], test.shape[0], seed, tuple(rungs), png, test[:samples].copy()
    )


# -- the size of the space a model uses ------------------------------------------------------


@dataclass(frozen=True)
class EffectiveSpace:
    """How many images a model at ``b`` bits/dim makes as likely as a typical held-out one.

    A model that gives an image probability ``2^-(b·D)`` can give that much to at most
    ``2^(b·D)`` images (probabilities sum to 1): its mass sits on about that many typical
    images, against the ``2^(8·D)`` = ``256^D`` possible ones.
    """

    bits_per_dim: Fraction  # b as used: rounded to `decimals` places (exact rational)
    dims: int
    typical_bits: int  # b·D rounded to a whole number of bits
    typical: Magnitude  # 2^typical_bits
    everything: Magnitude  # 2^(8·D)
    fraction: Magnitude  # typical / everything = 2^(typical_bits - 8·D)
    rounding: str

    def describe(self, significant: int = 3) -> str:
        return (
            f"≈ {self.typical.scientific(significant)} typical images out of "
            f"{self.everything.scientific(significant)}: a fraction ≈ {self.fraction.scientific(significant)} "
            f"({self.rounding})"
        )


def effective_space(
    bits_per_dim: float | str | Fraction | Decimal, dims: int, decimals: int = 3
) -> EffectiveSpace:
    """2^(b·D) typical images against 2^(8·D), and the fraction between them, exactly.

    ``b`` is first rounded to ``decimals`` decimal places (half to even) from its
    shortest decimal form (a float's ``repr``), then ``b·D`` is rounded to a whole
    number of bits (half to even), since :class:`~lib.big_numbers.Magnitude` keeps
    whole powers of primes; both steps are stated in :attr:`EffectiveSpace.rounding`. The
    powers themselves are exact; what they count is an estimate (b was measured on
    patches; for a whole photo, e.g. ``dims=PHONE_PHOTO_DIMS``, it is an extrapolation).
    """
    dims = _check_int(dims, "dimensions", 1, 10**12)
    decimals = _check_int(decimals, "decimals", 0, 12)
    if isinstance(bits_per_dim, bool):
        raise ValueError(f"bits per dimension must be a number, got {bits_per_dim!r}")
    try:
        if isinstance(bits_per_dim, float):
            if not math.isfinite(bits_per_dim):
                raise ValueError
            exact = Decimal(repr(bits_per_dim))
        elif isinstance(bits_per_dim, Fraction):
            exact = Decimal(bits_per_dim.numerator) / Decimal(bits_per_dim.denominator)
        else:
            exact = Decimal(str(bits_per_dim).strip())
        if not exact.is_finite():
            raise ValueError
    except (InvalidOperation, ValueError, TypeError) as error:
        raise ValueError(f"bits per dimension must be a finite number, got {bits_per_dim!r}") from error
    rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    if not 0 <= rounded <= RAW_BITS:
        raise ValueError(
            f"bits per dimension must be between 0 and 8 for 8-bit data (got {rounded}); "
            "above 8 a model is worse than uniform and uses no smaller space"
        )
    b = Fraction(rounded)
    product = b * dims
    typical_bits = round(product)  # Fraction.__round__ rounds half to even
    total = RAW_BITS * dims
    rounding = f"b = {rounded} bits/dim (rounded to {decimals} decimals)"
    if product != typical_bits:
        rounding += f"; b·D = {float(product):,.3f} rounded to {typical_bits:,} bits"
    return EffectiveSpace(
        b,
        dims,
        typical_bits,
        Magnitude.power(2, typical_bits),
        Magnitude.power(2, total),
        Magnitude.power(2, typical_bits - total),
        rounding,
    )


# -- published records -----------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedRecord:
    """A published test-set NLL on CIFAR-10 (32×32 RGB): a reference from another dataset."""

    model: str
    bits_per_dim: float
    year: int
    citation: str
    kind: str  # "exact likelihood" or "variational upper bound"
    note: str = ""


#: CIFAR-10 test-set negative log-likelihoods in bits/dim, oldest first. These were
#: measured on CIFAR-10 (32×32 RGB, 10,000 test images), not on our patches: labelled
#: reference points only, never directly comparable with the ladder's figures.
CIFAR10_RECORDS: tuple[PublishedRecord, ...] = (
    PublishedRecord(
        "PixelCNN",
        3.14,
        2016,
        "A. van den Oord, N. Kalchbrenner, K. Kavukcuoglu, 'Pixel Recurrent Neural Networks', ICML 2016",
        "exact likelihood",
    ),
    PublishedRecord(
        "PixelRNN (Diagonal BiLSTM)",
        3.00,
        2016,
        "A. van den Oord, N. Kalchbrenner, K. Kavukcuoglu, 'Pixel Recurrent Neural Networks', ICML 2016",
        "exact likelihood",
    ),
    PublishedRecord(
        "Gated PixelCNN",
        3.03,
        2016,
        "A. van den Oord, N. Kalchbrenner, O. Vinyals, L. Espeholt, A. Graves, "
        "K. Kavukcuoglu, 'Conditional Image Generation with PixelCNN Decoders', NeurIPS 2016",
        "exact likelihood",
    ),
    PublishedRecord(
        "PixelCNN++",
        2.92,
        2017,
        "T. Salimans, A. Karpathy, X. Chen, D. P. Kingma, 'PixelCNN++: Improving the "
        "PixelCNN with Discretized Logistic Mixture Likelihood and Other Modifications', "
        "ICLR 2017",
        "exact likelihood",
    ),
    PublishedRecord(
        "Sparse Transformer",
        2.80,
        2019,
        "R. Child, S. Gray, A. Radford, I. Sutskever, 'Generating Long Sequences with "
        "Sparse Transformers', arXiv:1904.10509 (2019)",
        "exact likelihood",
    ),
    PublishedRecord(
        "VDM",
        2.65,
        2021,
        "D. P. Kingma, T. Salimans, B. Poole, J. Ho, 'Variational Diffusion Models', NeurIPS 2021",
        "variational upper bound",
        "without data augmentation",
    ),
    PublishedRecord(
        "MuLAN",
        2.55,
        2024,
        "S. S. Sahoo, A. Gokaslan, C. De Sa, V. Kuleshov, 'Diffusion Models With Learned "
        "Adaptive Noise', NeurIPS 2024 (arXiv:2312.13236)",
        "variational upper bound",
    ),
)

#: The chain the issue charts: PixelCNN → PixelCNN++ → Sparse Transformer → VDM → MuLAN.
CIFAR10_CHART: tuple[PublishedRecord, ...] = tuple(
    r for r in CIFAR10_RECORDS if r.model in ("PixelCNN", "PixelCNN++", "Sparse Transformer", "VDM", "MuLAN")
)


# -- a stand-in for photos --------------------------------------------------------------------


def synthetic_photo(height: int = 256, width: int = 256, seed: int = 0) -> np.ndarray:
    """A deterministic natural-looking RGB image (uint8, H×W×3) for tests and benchmarks.

    A 'dead leaves' picture (overlapping discs whose sizes follow a power law, the
    classic model of occlusion in natural scenes: flat regions, sharp edges, a roughly
    1/f spectrum) with a smooth gradient for lighting, 1/f texture and a little sensor
    noise. Not a photo: the page should prefer the shipped photos.
    """
    height = _check_int(height, "height", 8, 4096)
    width = _check_int(width, "width", 8, 4096)
    seed = _check_int(seed, "seed", 0, 2**63 - 1)
    rng = np.random.default_rng(seed)
    img = np.empty((height, width, 3))
    img[:] = rng.uniform(60, 200, size=3)  # whatever no disc reaches
    yy, xx = np.mgrid[0:height, 0:width]
    r_min, r_max = 2.5, max(height, width) / 4
    # radii with density ∝ r^-3 on [r_min, r_max]: the scale-invariant dead-leaves law
    inv_min, inv_max = r_min**-2, r_max**-2
    free = np.ones((height, width), dtype=bool)  # not yet hidden by a nearer disc
    for disc_index in range(20000):  # nearest disc first, each painted only where still free
        radius = (inv_min - rng.random() * (inv_min - inv_max)) ** -0.5
        cy, cx = rng.uniform(-radius, height + radius), rng.uniform(-radius, width + radius)
        colour = rng.uniform(20, 235) * (0.75 + 0.25 * rng.random(3))
        y0, y1 = max(int(cy - radius), 0), min(int(cy + radius) + 1, height)
        x0, x1 = max(int(cx - radius), 0), min(int(cx + radius) + 1, width)
        if y0 >= y1 or x0 >= x1:
            continue
        paint = ((yy[y0:y1, x0:x1] - cy) ** 2 + (xx[y0:y1, x0:x1] - cx) ** 2 <= radius**2) & free[
            y0:y1, x0:x1
        ]
        img[y0:y1, x0:x1][paint] = colour
        free[y0:y1, x0:x1] &= ~paint
        if disc_index % 256 == 255 and not free.any():
            break
    fy = np.fft.fftfreq(height)[:, None]
    fx = np.fft.fftfreq(width)[None, :]
    radial = np.sqrt(fx**2 + fy**2)
    radial[0, 0] = 1.0
    spectrum = (rng.standard_normal((height, width)) + 1j * rng.standard_normal((height, width))) / radial
    spectrum[0, 0] = 0
    texture = np.real(np.fft.ifft2(spectrum))
    texture *= 12.0 / (texture.std() + 1e-12)
    light = 25.0 * (yy / height - 0.5) + 15.0 * (xx / width - 0.5)
    img += (texture + light)[..., None] + rng.normal(0, 1.5, size=img.shape)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)
