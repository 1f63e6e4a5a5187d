"""How thin natural images are: the intrinsic dimension of photo patches next to noise.

An ``s×s`` grey patch is a point of a space with ``s²`` dimensions. Uniform noise fills
that space; photo patches crowd onto a set with far fewer degrees of freedom. This
module measures how many, with the maximum-likelihood estimator of Levina & Bickel on
``k`` nearest neighbours (numpy only, exact neighbours), and how much of each cloud's
variation its first principal directions hold.

* :func:`knn_distances` - exact Euclidean distances to the ``k`` nearest neighbours,
  from a blocked squared-distance matrix.
* :func:`mle_dimension` - the Levina–Bickel estimate for several ``k`` at once.
* :func:`photo_patches`, :func:`noise_patches` - grey patches of the shipped photos and
  uniform noise, deterministic in a seed.
* :func:`patch_study` - the estimate on random subsets of patches, for every ``k``: the
  spread over ``k`` and over subsets.
* :func:`principal_variances` - each cloud's variance along its own principal directions.

References: E. Levina and P. J. Bickel, "Maximum likelihood estimation of intrinsic
dimension", NIPS 17 (2005); D. J. C. MacKay and Z. Ghahramani, "Comments on 'Maximum
likelihood estimation of intrinsic dimension' by E. Levina and P. Bickel" (2005),
http://www.inference.org.uk/mackay/dimension/; P. Pope, C. Zhu, A. Abdelkader,
M. Goldblum, T. Goldstein, "The Intrinsic Dimension of Images and Its Impact on
Learning", ICLR 2021.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from lib import photo_corpus as corpus
from lib import real_samples
from lib.validation import check_whole_number

Averaging = Literal["inverse", "direct"]
PatchKind = Literal["photos", "noise"]

#: The neighbourhood sizes the page shows (Levina & Bickel suggest k = 10 … 20).
DEFAULT_KS: tuple[int, ...] = tuple(range(5, 21))
#: Patches per estimate and random subsets per study, for the page.
DEFAULT_POINTS = 1000
DEFAULT_SUBSETS = 3
#: The patch sizes of the page: 8×8 (64 dimensions) and 16×16 (256 dimensions).
PATCH_SIZES = (8, 16)
#: Refuse more points than this: the exact neighbour search is O(n²·D).
MAX_POINTS = 4000
MAX_DIMENSION = 4096
MAX_K = 100
#: Entries of the distance matrix computed at a time (4M float64 = 32 MB). Large blocks
#: matter: on a busy machine, multi-threaded BLAS on small blocks spends more time
#: synchronising than computing (a 1000-point search took 4× longer in 256-row blocks).
_BLOCK_ENTRIES = 1 << 22


# -- nearest neighbours ---------------------------------------------------------------------
def _check_points(points: np.ndarray, what: str = "points") -> np.ndarray:
    array = np.asarray(points)
    if array.ndim != 2:
        raise ValueError(f"{what} must be a 2-D array (one row per point), got shape {array.shape}")
    if not (np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)):
        raise ValueError(f"{what} must hold real numbers, got {array.dtype}")
    n, dim = array.shape
    check_whole_number(n, f"the number of {what}", 3, MAX_POINTS)
    check_whole_number(dim, f"the dimension of the {what}", 1, MAX_DIMENSION)
    array = array.astype(np.float64)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{what} contain NaN or infinity")
    return array


def knn_distances(points: np.ndarray, k: int) -> np.ndarray:
    """Distances from each point to its ``k`` nearest *other* points, ascending: ``(n, k)``.

    Exact (brute force): squared distances ``|a|² + |b|² - 2a·b`` in blocks of rows
    (one BLAS matrix product per block, so memory stays under 32 MB), the point
    itself excluded, the ``k`` smallest picked with ``np.partition`` and sorted. The
    squared distances are computed after centring, and clipped at 0 against rounding.
    Duplicated points give distance 0: remove them first (see :func:`mle_dimension`).

    >>> knn_distances(np.array([[0.0], [1.0], [3.0], [7.0]]), 2)
    array([[1., 3.],
           [1., 2.],
           [2., 3.],
           [4., 6.]])
    """
    x = _check_points(points)
    n = len(x)
    k = check_whole_number(k, "k", 1, min(MAX_K, n - 1))
    x = x - x.mean(axis=0)  # smaller norms, less cancellation
    norms = np.einsum("ij,ij->i", x, x)
    out = np.empty((n, k))
    rows = max(1, _BLOCK_ENTRIES // n)
    for start in range(0, n, rows):
        stop = min(start + rows, n)
        d2 = norms[start:stop, None] + norms[None, :] - 2.0 * (x[start:stop] @ x.T)
        d2[np.arange(stop - start), np.arange(start, stop)] = np.inf  # not its own neighbour
        nearest = np.partition(d2, k - 1, axis=1)[:, :k]
        out[start:stop] = np.sqrt(np.maximum(np.sort(nearest, axis=1), 0.0))
    return out


def distinct_rows(points: np.ndarray) -> np.ndarray:
    """The rows of a 2-D array without exact repeats, first occurrences in order.

    By the bytes of each row (``+ 0.0`` first, so ``-0.0`` and ``0.0`` are one value):
    ~1 ms for 1,000 rows, where ``np.unique(axis=0)`` sorts them (~20–90 ms).

    >>> distinct_rows(np.array([[1.0, 2.0], [3.0, 4.0], [1.0, 2.0]]))
    array([[1., 2.],
           [3., 4.]])
    """
    x = np.ascontiguousarray(np.asarray(points, dtype=np.float64) + 0.0)
    first: dict[bytes, int] = {}
    keep = [i for i, row in enumerate(x) if first.setdefault(row.tobytes(), i) == i]
    return x if len(keep) == len(x) else x[keep]


# -- the estimator ----------------------------------------------------------------------------
def mle_from_distances(
    distances: np.ndarray, ks: Sequence[int], averaging: Averaging = "inverse"
) -> np.ndarray:
    """The Levina–Bickel estimate for each ``k`` of ``ks`` from sorted kNN distances.

    At point ``x`` with neighbour distances ``T_1 ≤ … ≤ T_k``, a locally uniform
    density on a ``d``-dimensional set makes the counts in growing balls a Poisson
    process with rate ∝ ``r^d``, whose likelihood gives

        ``1 / m_k(x) = (1/(k-1)) Σ_{j<k} log(T_k / T_j)``.

    ``averaging="inverse"`` (default, MacKay & Ghahramani) averages ``1/m_k(x)`` over the
    points and inverts once; ``"direct"`` (Levina & Bickel's paper) averages ``m_k(x)``.
    Why inverse: ``(k-1)/m_k(x)`` is a sum of ``k-1`` independent exponentials of rate
    ``d`` (a Gamma variable), so ``1/m_k(x)`` is an unbiased estimate of ``1/d`` and
    pooling the per-point log-likelihoods gives exactly the inverse average: it is the
    maximum-likelihood estimate for all the points together. Averaging ``m_k(x)``
    itself averages reciprocals of Gamma variables, ``E = d(k-1)/(k-2)``: biased
    upwards, and dominated by the few points whose neighbours happen to be equidistant.
    Pope et al. (ICLR 2021) also use the inverse average (their equation 2), so our
    numbers and their table mean the same thing.
    """
    d = np.asarray(distances, dtype=np.float64)
    if d.ndim != 2 or d.shape[1] < 2:
        raise ValueError(f"distances must be (n, k) with k ≥ 2, got shape {d.shape}")
    if not np.all(d > 0):
        raise ValueError("a distance is zero or negative: remove duplicated points first")
    if averaging not in ("inverse", "direct"):
        raise ValueError(f"averaging must be 'inverse' or 'direct', got {averaging!r}")
    logs = np.log(d)
    cumulative = np.cumsum(logs, axis=1)  # Σ_{j≤i} log T_j
    out = np.empty(len(ks))
    for i, k in enumerate(ks):
        k = check_whole_number(k, "k", 2, d.shape[1])
        # Σ_{j<k} log(T_k/T_j) = (k-1) log T_k - Σ_{j<k} log T_j
        inverse = ((k - 1) * logs[:, k - 1] - cumulative[:, k - 2]) / (k - 1)
        if averaging == "inverse":
            out[i] = 1.0 / inverse.mean()
        else:
            with np.errstate(divide="ignore"):
                out[i] = np.mean(1.0 / inverse)
    return out


def mle_dimension(
    points: np.ndarray, ks: Sequence[int] = DEFAULT_KS, averaging: Averaging = "inverse"
) -> np.ndarray:
    """The Levina–Bickel intrinsic dimension of a point cloud, one estimate per ``k``.

    Exact duplicates are dropped first (flat photo patches repeat, and a zero distance
    has no logarithm). One neighbour search serves every ``k``.

    Examples
    --------
    Points filling a 3-dimensional cube inside 64 dimensions:

    >>> rng = np.random.default_rng(0)
    >>> cube = rng.random((2000, 3)) @ rng.standard_normal((3, 64))
    >>> estimates = mle_dimension(cube, ks=(10, 20))
    >>> bool(np.all(np.abs(estimates - 3) < 0.4))
    True
    """
    x = distinct_rows(_check_points(points))
    ks = tuple(ks)
    if not ks:
        raise ValueError("give at least one k")
    k_max = max(check_whole_number(k, "k", 2, MAX_K) for k in ks)
    if len(x) <= k_max:
        raise ValueError(f"{len(x)} distinct points are too few for k = {k_max}")
    return mle_from_distances(knn_distances(x, k_max), ks, averaging)


# -- patches ----------------------------------------------------------------------------------
def photo_patches(size: int, count: int, seed: int, pool: Sequence[corpus.Photo] | None = None) -> np.ndarray:
    """``count`` random grey ``size×size`` crops of the shipped photos, as rows: ``(count, size²)``.

    Grey is ITU-R 601 luma (:func:`lib.photo_corpus.to_grey`); values 0 … 255 as float64.
    Pass ``pool`` (e.g. the page's cached corpus) to skip decoding the photos again.

    >>> photo_patches(8, 5, seed=0).shape
    (5, 64)
    """
    size = check_whole_number(size, "patch size", 2, 64)
    count = check_whole_number(count, "count", 1, MAX_POINTS)
    photos = corpus.load_corpus() if pool is None else pool
    crops = real_samples.random_crops(photos, size, count, seed, grey=True).images
    return crops.reshape(count, size * size).astype(np.float64)


def noise_patches(size: int, count: int, seed: int) -> np.ndarray:
    """``count`` uniform-noise grey ``size×size`` patches as rows (same seed, same pixels).

    >>> noise_patches(8, 5, seed=0).shape
    (5, 64)
    """
    size = check_whole_number(size, "patch size", 2, 64)
    count = check_whole_number(count, "count", 1, MAX_POINTS)
    return corpus.uniform_noise(count, size, seed, grey=True).reshape(count, size * size).astype(np.float64)


@dataclass(frozen=True, eq=False)
class PatchStudy:
    """Intrinsic-dimension estimates of ``subsets`` random sets of ``points`` patches.

    ``estimates[s, i]`` is subset ``s`` at ``ks[i]``. ``ambient`` is the number of
    pixels per patch (the dimension of the space the patches live in).
    """

    kind: str
    size: int
    points: int
    ks: tuple[int, ...]
    estimates: np.ndarray = field(repr=False)

    @property
    def ambient(self) -> int:
        return self.size * self.size

    @property
    def median(self) -> float:
        """The median over every subset and every k: the one number to quote."""
        return float(np.median(self.estimates))

    @property
    def low(self) -> float:
        return float(self.estimates.min())

    @property
    def high(self) -> float:
        return float(self.estimates.max())

    def by_k(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per k: the median, min and max over the subsets."""
        e = self.estimates
        return np.median(e, axis=0), e.min(axis=0), e.max(axis=0)


def patch_study(
    kind: PatchKind,
    size: int,
    points: int = DEFAULT_POINTS,
    subsets: int = DEFAULT_SUBSETS,
    ks: Sequence[int] = DEFAULT_KS,
    seed: int = 0,
    pool: Sequence[corpus.Photo] | None = None,
) -> PatchStudy:
    """Estimate the intrinsic dimension of photo or noise patches on ``subsets`` random sets.

    Subset ``s`` uses seed ``seed + s`` (crops of the photos, or noise), so the spread
    over subsets is the sampling variability of the estimate. Noise of ``s×s`` pixels has
    intrinsic dimension ``s²`` exactly, but with ~1,000 points the estimate falls well
    short of it, and more so the larger ``s²``: neighbours are only informative when
    there are enough points for them to be *near* (the sample needed grows exponentially
    with the dimension), and in a cube the neighbourhoods of a few points reach the faces
    and corners, where the density drops, so the distances grow more slowly than the
    ``r^d`` law the estimator assumes. Photos are estimated with the same handicap, so the
    comparison at equal ``n`` is fair, and the gap is a lower bound on how much thinner
    photos are.

    >>> study = patch_study("noise", 8, points=300, subsets=2, ks=(10, 20))
    >>> study.estimates.shape, 20 < study.median < 64
    ((2, 2), True)
    """
    if kind not in ("photos", "noise"):
        raise ValueError(f"kind must be 'photos' or 'noise', got {kind!r}")
    size = check_whole_number(size, "patch size", 2, 64)
    points = check_whole_number(points, "points", 50, MAX_POINTS)
    subsets = check_whole_number(subsets, "subsets", 1, 20)
    seed = check_whole_number(seed, "seed", 0)
    ks = tuple(check_whole_number(k, "k", 2, MAX_K) for k in ks)
    if not ks:
        raise ValueError("give at least one k")
    rows = []
    for s in range(subsets):
        if kind == "photos":
            x = photo_patches(size, points, seed + s, pool)
        else:
            x = noise_patches(size, points, seed + s)
        rows.append(mle_dimension(x, ks))
    return PatchStudy(kind, size, points, ks, np.array(rows))


# -- a picture: principal directions -------------------------------------------------------
@dataclass(frozen=True, eq=False)
class PrincipalVariances:
    """Each cloud's variance along every principal direction of its own, largest first (``D``
    values each): ``photo_spectrum`` for the photo patches, ``noise_spectrum`` for the noise.
    """

    photo_spectrum: np.ndarray = field(repr=False)
    noise_spectrum: np.ndarray = field(repr=False)

    @staticmethod
    def _share(spectrum: np.ndarray, components: int) -> float:
        return float(spectrum[:components].sum() / spectrum.sum())

    def photo_share(self, components: int = 2) -> float:
        """Fraction of the photo patches' variance on their first ``components`` axes."""
        return self._share(self.photo_spectrum, components)

    def noise_share(self, components: int = 2) -> float:
        """Fraction of the noise patches' variance on their first ``components`` axes."""
        return self._share(self.noise_spectrum, components)

    @staticmethod
    def components_for(spectrum: np.ndarray, fraction: float) -> int:
        """How many principal axes hold ``fraction`` of a cloud's variance."""
        if not 0 < fraction <= 1:
            raise ValueError(f"fraction must be in (0, 1], got {fraction!r}")
        cumulative = np.cumsum(spectrum) / spectrum.sum()
        return int(np.searchsorted(cumulative, fraction - 1e-12) + 1)


def principal_variances(photo_points: np.ndarray, noise_points: np.ndarray) -> PrincipalVariances:
    """Each cloud's variances along its own principal directions (``numpy.linalg.svd``).

    Photos put most of their variance on a few directions; noise has the same variance,
    5461.25 per pixel, along every direction. (The page drew both clouds on the photos' two
    main axes until review 11: noise came out as the smaller cloud, against the point.)

    >>> rng = np.random.default_rng(1)
    >>> line = np.outer(rng.standard_normal(500), np.ones(16)) + 0.01 * rng.standard_normal((500, 16))
    >>> v = principal_variances(line, rng.standard_normal((500, 16)))
    >>> v.photo_spectrum.shape, v.photo_share(1) > 0.99, v.noise_share(2) < 0.3
    ((16,), True, True)
    """
    photos = _check_points(photo_points, "photo points")
    noise = _check_points(noise_points, "noise points")
    if photos.shape[1] != noise.shape[1]:
        raise ValueError(f"photo and noise points differ in dimension: {photos.shape[1]} vs {noise.shape[1]}")
    # Singular values of the D×D covariance matrix (symmetric, so they are its variances along
    # the principal axes): the cost does not grow with n, ~3× faster than the n×D data's SVD.
    variances = [np.linalg.svd(np.cov(points, rowvar=False), compute_uv=False) for points in (photos, noise)]
    return PrincipalVariances(*variances)


def page_figures(
    pool: Sequence[corpus.Photo] | None = None,
    points: int = DEFAULT_POINTS,
    subsets: int = DEFAULT_SUBSETS,
    variance_size: int = PATCH_SIZES[0],
) -> tuple[list[PatchStudy], PrincipalVariances]:
    """What the Sampling page shows: a :func:`patch_study` of photos and of noise at every
    size of :data:`PATCH_SIZES` (photos first), and the :func:`principal_variances` of
    ``variance_size`` patches of each. ~1–2 s at the defaults: cache it per server.

    >>> studies, variances = page_figures(points=200, subsets=1)
    >>> [(s.kind, s.size) for s in studies], variances.photo_spectrum.shape
    ([('photos', 8), ('photos', 16), ('noise', 8), ('noise', 16)], (64,))
    """
    photos = corpus.load_corpus() if pool is None else pool
    kinds: tuple[PatchKind, ...] = ("photos", "noise")
    studies = [patch_study(k, s, points, subsets, pool=photos) for k in kinds for s in PATCH_SIZES]
    variances = principal_variances(
        photo_patches(variance_size, points, 0, photos), noise_patches(variance_size, points, 0)
    )
    return studies, variances
