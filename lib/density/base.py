"""The protocol every density model follows, and the checks and constants they share.

A model is fitted on uint8 patches of shape ``(N, D)`` and then scores patches in bits
(:meth:`DensityModel.patch_bits`, :meth:`DensityModel.bits_per_dim`) and draws new ones
(:meth:`DensityModel.sample`). How a likelihood of 8-bit data is counted is explained
in :mod:`lib.density`; each model says which way it counts in
:attr:`DensityModel.likelihood`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np

from lib.validation import check_whole_number, is_whole_number

#: Values one 8-bit dimension can take.
LEVELS = 256
#: Bits per dimension of raw 8-bit data (the uniform model, and the size of the space).
RAW_BITS = 8
#: Variance of the uniform dequantisation noise U[0, 1): what every continuous model
#: adds to its fitted covariance, because it is fitted to ``x + u``, not to ``x``.
DEQUANTISATION_VARIANCE = 1.0 / 12.0

#: How the held-out likelihood is counted (see :mod:`lib.density`).
EXACT_DISCRETE = "exact discrete likelihood"
DEQUANTISED_BOUND = "upper bound via uniform dequantisation"

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

LN2 = math.log(2.0)
LOG_2PI = math.log(2.0 * math.pi)

RandomSource = np.random.Generator | int | None


class NotFittedError(ValueError):
    """A model was asked to score or sample before :meth:`DensityModel.fit`."""


def check_shape(size: object, channels: object) -> tuple[int, int]:
    """``(size, channels)`` of a patch as ints, or a ``ValueError`` saying why not.

    Examples
    --------
    >>> check_shape(8, 3)
    (8, 3)
    >>> check_shape(8, 2)
    Traceback (most recent call last):
    ...
    ValueError: channels must be 1 (grey) or 3 (RGB), got 2
    """
    side = check_whole_number(size, "patch size", 1, MAX_SIZE)
    if not is_whole_number(channels) or channels not in (1, 3):
        raise ValueError(f"channels must be 1 (grey) or 3 (RGB), got {channels!r}")
    return side, 1 if channels == 1 else 3


def check_patches(patches: object, dims: int, what: str = "patches", min_rows: int = 1) -> np.ndarray:
    """``patches`` as a C-ordered uint8 array of shape (N, dims), or a ValueError saying why not.

    Examples
    --------
    >>> check_patches(np.zeros((2, 4), np.int64), 4).dtype
    dtype('uint8')
    >>> check_patches(np.zeros((2, 4)), 4)
    Traceback (most recent call last):
    ...
    ValueError: patches must hold 8-bit integers 0..255 (uint8), got float64: round and convert real-valued pixels first
    """
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


def as_generator(rng: RandomSource) -> np.random.Generator:
    """A numpy Generator from a Generator (used as is), a seed ≥ 0, or None (fresh entropy).

    Examples
    --------
    >>> int(as_generator(0).integers(0, 256)) == int(np.random.default_rng(0).integers(0, 256))
    True
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        return np.random.default_rng()
    if isinstance(rng, bool) or not isinstance(rng, (int, np.integer)) or rng < 0:
        raise ValueError(f"rng must be a numpy Generator or a seed (a whole number ≥ 0), got {rng!r}")
    return np.random.default_rng(int(rng))


class DensityModel:
    """A probability distribution over flattened ``size × size × channels`` 8-bit patches.

    Use: ``model.fit(train)`` then ``model.bits_per_dim(test)`` and ``model.sample(n, rng)``.
    """

    #: Short name for charts and tables.
    name: str = "model"
    #: :data:`EXACT_DISCRETE` or :data:`DEQUANTISED_BOUND`: how :meth:`bits_per_dim` counts.
    likelihood: str = EXACT_DISCRETE

    def __init__(self, size: int, channels: int) -> None:
        self.size, self.channels = check_shape(size, channels)
        self.dims = self.size * self.size * self.channels
        self.fitted = False
        self.train_count = 0

    # the public protocol ------------------------------------------------------------
    def fit(self, train: np.ndarray) -> DensityModel:
        """Learn the parameters from training patches (uint8, shape (N, D)); returns self."""
        train = check_patches(train, self.dims, "training patches", self._min_train())
        self._fit(train)
        self.fitted, self.train_count = True, train.shape[0]
        return self

    def patch_bits(self, patches: np.ndarray) -> np.ndarray:
        """Code length of each patch in bits, ``-log2 P(patch)`` (or its bound): shape (N,)."""
        self._require_fitted()
        patches = check_patches(patches, self.dims)
        bits = self._patch_bits(patches)
        if not np.all(np.isfinite(bits)):  # cannot happen by construction; refuse to hide it
            raise ArithmeticError(f"{self.name}: a non-finite code length; this is a bug")
        return bits

    def bits_per_dim(self, patches: np.ndarray) -> float:
        """Mean negative log-likelihood in bits per dimension on ``patches`` (held out, for a fair score).

        Counted for discrete 8-bit data as :attr:`likelihood` says: exact, or the
        uniform-dequantisation upper bound (see :mod:`lib.density`).
        """
        return float(self.patch_bits(patches).mean() / self.dims)

    def sample(self, n: int, rng: RandomSource = None) -> np.ndarray:
        """``n`` patches drawn from the model: uint8, shape (n, D); the same seed gives the same patches."""
        self._require_fitted()
        n = check_whole_number(n, "number of samples", 0, MAX_SAMPLES)
        out = self._sample(n, as_generator(rng))
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


def row_blocks(patches: np.ndarray, rows: int = 1024) -> Iterator[np.ndarray]:
    """The patches in blocks of rows, so temporaries stay a few MB whatever N is.

    Examples
    --------
    >>> [len(b) for b in row_blocks(np.zeros((2500, 4), np.uint8))]
    [1024, 1024, 452]
    """
    for start in range(0, patches.shape[0], rows):
        yield patches[start : start + rows]


def read_only(array: np.ndarray) -> np.ndarray:
    """``array``, made read-only and returned: what is kept and shared between visitors (a fit's
    figures, photos made grey, a fit's layout) cannot be changed by one of them.

    >>> read_only(np.zeros(2)).flags.writeable
    False
    """
    array.flags.writeable = False
    return array
