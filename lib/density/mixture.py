"""A few full-covariance Gaussians fitted by EM: patches come in kinds (flat, soft, edged)."""

from __future__ import annotations

import math

import numpy as np

from lib.density.abandon import checkpoint
from lib.density.base import DEQUANTISATION_VARIANCE, DEQUANTISED_BOUND, LN2, LOG_2PI, DensityModel
from lib.logmath import logsumexp
from lib.validation import check_whole_number


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

    EM runs on at most ``max_patches`` training patches (the first ones; the page's
    patches come in random order, so they are a fair sample): each step costs
    ``N·K·D²``, and this keeps a live fit within about a second. Both of a step's big
    products run in float32 (:attr:`EM_DTYPE`), twice as fast as float64: the E-step's
    (every patch whitened by every component, each covariance as its Cholesky factor, the
    offsets in the same products, which skip the whitening's zeros) and the M-step's second
    moments, taken about each component's own centre so that nothing cancels (about zero,
    float32 lost so many digits that the means moved by ~0.01 grey levels). The fitted
    figures move by at most a few 10⁻⁵ bits/dim against EM in float64 (3.8·10⁻⁵ at most on
    the held-out patches of seeds 0-59 of the default view), thirty times less than the step
    at which EM stops (``tolerance``), and the scores shown are computed in float64 from the
    fitted parameters. Where a step's gain falls within round-off of the tolerance itself,
    round-off decides whether EM takes one step more, as it would between two BLAS libraries
    (none of those 60 seeds).

    Samples are drawn as ``μ + L·z`` with each covariance's Cholesky factor ``L``: a square
    root that round-off barely moves, where an eigendecomposition's eigenvectors turn
    freely among nearly equal eigenvalues (a 10⁻⁷ change of the covariances redrew every
    sample shown).
    """

    name = "Gaussian mixture"
    likelihood = DEQUANTISED_BOUND
    #: Components unless told otherwise: flat, soft, edged and busy patches, roughly.
    DEFAULT_COMPONENTS = 4
    #: What EM's two big products run in (see above); the scores always run in float64.
    EM_DTYPE: type[np.floating] = np.float32

    def __init__(
        self,
        size: int,
        channels: int,
        components: int = DEFAULT_COMPONENTS,
        iterations: int = 15,
        shrinkage: float = 4.0,
        tolerance: float = 1e-3,
        max_patches: int = 4000,
    ) -> None:
        super().__init__(size, channels)
        self.components = check_whole_number(components, "mixture components", 1, 32)
        self.iterations = check_whole_number(iterations, "EM iterations", 1, 500)
        if not isinstance(shrinkage, (int, float)) or not math.isfinite(shrinkage) or shrinkage < 0:
            raise ValueError(f"shrinkage must be a number of pseudo-patches ≥ 0, got {shrinkage!r}")
        if not isinstance(tolerance, (int, float)) or not tolerance >= 0:
            raise ValueError(f"tolerance must be a number ≥ 0 (bits/dim), got {tolerance!r}")
        self.shrinkage, self.tolerance = float(shrinkage), float(tolerance)
        self.max_patches = check_whole_number(max_patches, "patches for EM", 2 * self.components)
        # Empty until fitted (self.fitted says when they hold the model).
        self.weights = np.zeros(0)
        self.means = np.zeros((0, 0))
        self.covariances = np.zeros((0, 0, 0))  # (K, D, D), dequantisation included
        self._lower = np.zeros((0, 0, 0))  # (K, D, D): each covariance's Cholesky factor L, Σ = L·Lᵀ
        self._whitening_head = np.zeros((0, 0))  # (D/2 + 1, K·D/2): see _m_step
        self._whitening_tail = np.zeros((0, 0))  # (D + 1, K·(D − D/2))
        self._log_dets = np.zeros(0)
        self._traces = np.zeros(0)  # tr Σ_k⁻¹
        self.history: list[float] = []  # training bits/dim after each EM step

    def _min_train(self) -> int:
        return 2 * self.components

    def _fit(self, train: np.ndarray) -> None:
        x = train[: self.max_patches].astype(np.float64)
        n, d, k = x.shape[0], self.dims, self.components
        # For the E-step's product (see the class's notes): the patches and a column of ones,
        # which takes each component's offset into the same product.
        single = _with_ones(x, self.EM_DTYPE)
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
            checkpoint()
            self._m_step(x, resp, pooled)
            checkpoint()
            log_joint = self._log_joint(single)
            total = logsumexp(log_joint)
            resp = np.exp(log_joint - total[:, None])
            self.history.append(float(-total.mean() / d / LN2))
            if len(self.history) > 1 and self.history[-2] - self.history[-1] < self.tolerance:
                break

    def _m_step(self, x: np.ndarray, resp: np.ndarray, pooled: np.ndarray) -> None:
        d, k = x.shape[1], self.components
        counts = resp.sum(axis=0) + 1e-12
        self.weights = counts / counts.sum()
        centres = resp.T @ x / counts[:, None]
        self.means = centres + 0.5
        # Each component's weighted second moments about its own centre, (√r·(x − c))ᵀ(√r·(x − c)),
        # in EM_DTYPE (BLAS's syrk, one triangle): centred first, so nothing cancels (see the class's notes).
        # Only the patches a component is responsible for (:meth:`_kept_rows`): the others
        # would add nothing float32 can hold, and they are most of them.
        single: np.ndarray = x.astype(self.EM_DTYPE)
        roots = np.sqrt(resp).astype(self.EM_DTYPE)
        covs = np.empty((k, d, d))
        for j in range(k):
            rows = self._kept_rows(resp[:, j])
            spread = (single[rows] - centres[j].astype(self.EM_DTYPE)) * roots[rows, j, None]
            covs[j] = spread.T @ spread
        covs /= counts[:, None, None]
        covs = (counts[:, None, None] * covs + self.shrinkage * pooled) / (
            counts[:, None, None] + self.shrinkage
        )
        covs[:, np.arange(d), np.arange(d)] += DEQUANTISATION_VARIANCE
        self.covariances = covs
        # Σ = L·Lᵀ (batched Cholesky and its inverse, a quarter of an eigendecomposition's time):
        # z = L⁻¹(x − μ) is whitened, log det Σ = 2·Σ log diag L, tr Σ⁻¹ = |L⁻¹|².
        lower = self._lower = np.linalg.cholesky(covs)  # (K, D, D)
        inverse = np.linalg.inv(lower)  # lower triangular too
        whiten = inverse.transpose(0, 2, 1)  # z = (x − μ) @ whiten
        self._log_dets = 2.0 * np.log(np.diagonal(lower, axis1=1, axis2=2)).sum(axis=1)
        self._traces = np.einsum("kde,kde->k", inverse, inverse)
        offset = np.einsum("kd,kde->ke", self.means - 0.5, whiten)  # (K, D)
        # The patches with a column of ones (:func:`_with_ones`, the ones after the first half
        # of the values) times these is every z at once, offsets included. Two products, not
        # one: whiten is upper triangular, so z's first half reads only the first half of the
        # values (and the ones), and its product skips the zeros below them (a quarter of the
        # one product's work).
        half = d // 2
        rows = np.concatenate([whiten[:, :half], -offset[:, None], whiten[:, half:]], axis=1)  # (K, D + 1, D)
        self._whitening_head = rows[:, : half + 1, :half].transpose(1, 0, 2).reshape(half + 1, k * half)
        self._whitening_tail = rows[:, :, half:].transpose(1, 0, 2).reshape(d + 1, k * (d - half))

    #: A patch whose responsibility for a component is at most this over the patches' count
    #: is left out of that component's second moments (:meth:`_kept_rows`).
    NEGLIGIBLE = 1e-12

    def _kept_rows(self, resp: np.ndarray) -> np.ndarray | slice:
        """The patches whose responsibility ``resp`` (one component's column) is worth a row of
        its second moments: above :attr:`NEGLIGIBLE` / N. Patches come in kinds and EM tells
        them apart sharply: on the default view a patch has ~1.6 components above that, not
        4, so a step's four products read ~60% fewer rows (an M-step 1.87 -> 1.24 ms of CPU at
        a fitted seed's responsibilities). What is left out is tiny by construction: a patch
        adds r·(x − c)(x − c)ᵀ, every entry at most r·255² (values and centres lie in
        0..255), so all of them together at most 255²·10⁻¹² ≈ 7·10⁻⁸ grey levels², below
        float32's own rounding of a sum of thousands of squares; in float64 EM the figures
        moved by < 10⁻¹³ bits/dim (10 seeds). The first step, from equal groups, reads each
        group's own patches (the others' responsibility is exactly 0).
        """
        kept = resp > self.NEGLIGIBLE / resp.shape[0]
        return slice(None) if kept.all() else np.flatnonzero(kept)

    def _log_joint(self, x: np.ndarray) -> np.ndarray:
        """log π_k + E_u[log N_k(x + u)] for every patch and component: (N, K), natural log.

        ``x`` is the patches with a column of ones (:func:`_with_ones`), float64 (scores) or
        float32 (EM's E-step: the product and the squares run in ``x``'s type, the rest in
        float64). Same closed form as :func:`~lib.density.gaussian.expected_gaussian_nll`,
        all components and their offsets in one matrix product.
        """
        n, d, k = x.shape[0], self.dims, self.components
        half = d // 2
        head = (x[:, : half + 1] @ self._whitening_head.astype(x.dtype)).reshape(n, k, half)
        tail = (x @ self._whitening_tail.astype(x.dtype)).reshape(n, k, d - half)
        quad = np.einsum("nkd,nkd->nk", head, head).astype(np.float64)
        quad += np.einsum("nkd,nkd->nk", tail, tail)
        nll = 0.5 * (d * LOG_2PI + self._log_dets + quad + self._traces * DEQUANTISATION_VARIANCE)
        return np.log(self.weights) - nll

    def _patch_bits(self, patches: np.ndarray) -> np.ndarray:
        return -logsumexp(self._log_joint(_with_ones(patches, np.float64))) / LN2

    def _sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        which = rng.choice(self.components, size=n, p=self.weights)
        z = rng.standard_normal((n, self.dims))
        out = np.empty((n, self.dims))
        for j in range(self.components):
            rows = which == j
            out[rows] = self.means[j] + z[rows] @ self._lower[j].T
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


def _with_ones(patches: np.ndarray, dtype: type) -> np.ndarray:
    """The patches as ``dtype`` with a column of ones after the first half of their values
    (D // 2 of them): (N, D + 1). The E-step's first product reads the columns up to the
    ones, the second all of them (:meth:`GaussianMixtureModel._m_step`).

    >>> _with_ones(np.array([[3, 4, 5]], np.uint8), np.float32).tolist()
    [[3.0, 1.0, 4.0, 5.0]]
    """
    half = patches.shape[1] // 2
    out = np.ones((patches.shape[0], patches.shape[1] + 1), dtype=dtype)
    out[:, :half] = patches[:, :half]
    out[:, half + 1 :] = patches[:, half:]
    return out
