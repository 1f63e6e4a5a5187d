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
    ``N·K·D²``, and this keeps a live fit within about a second. The E-step's big product
    (every patch whitened by every component) runs in float32, twice as fast as float64:
    the fitted figures move by ~10⁻⁸ bits/dim (bench/bench_learning.py --parts), and the
    scores shown are computed in float64 from the fitted parameters. The M-step stays in
    float64: its second moments about zero lose digits to cancellation in float32 (the
    means moved by ~0.01 grey levels, which flips pixels of the samples shown).
    """

    name = "Gaussian mixture"
    likelihood = DEQUANTISED_BOUND
    #: Components unless told otherwise: flat, soft, edged and busy patches, roughly.
    DEFAULT_COMPONENTS = 4

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
        self.eigenvalues = np.zeros((0, 0))  # (K, D) descending
        self.eigenvectors = np.zeros((0, 0, 0))  # (K, D, D)
        self._log_dets = np.zeros(0)
        self.history: list[float] = []  # training bits/dim after each EM step

    def _min_train(self) -> int:
        return 2 * self.components

    def _fit(self, train: np.ndarray) -> None:
        x = train[: self.max_patches].astype(np.float64)
        single = x.astype(np.float32)  # for the E-step's product (see the class's notes)
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
            checkpoint()
            self._m_step(x, resp, pooled)
            checkpoint()
            log_joint = self._log_joint(single)
            total = logsumexp(log_joint, axis=1)
            resp = np.exp(log_joint - total[:, None])
            self.history.append(float(-total.mean() / d / LN2))
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

        ``x`` is the patches as float64 (scores) or float32 (EM's E-step: the product and
        the squares run in ``x``'s type, the rest in float64). Same closed form as
        :func:`~lib.density.gaussian.expected_gaussian_nll`, all components in one matrix product.
        """
        n, d, k = x.shape[0], self.dims, self.components
        whiten = self.eigenvectors / np.sqrt(self.eigenvalues)[:, None, :]  # (K, D, D)
        offset = np.einsum("kd,kde->ke", self.means - 0.5, whiten)  # (K, D)
        flat = whiten.transpose(1, 0, 2).reshape(d, k * d).astype(x.dtype)
        z = (x @ flat).reshape(n, k, d) - offset.astype(x.dtype)
        quad = np.einsum("nkd,nkd->nk", z, z).astype(np.float64)
        trace = (1.0 / self.eigenvalues).sum(axis=1) * DEQUANTISATION_VARIANCE
        nll = 0.5 * (d * LOG_2PI + self._log_dets + quad + trace)
        return np.log(self.weights) - nll

    def _patch_bits(self, patches: np.ndarray) -> np.ndarray:
        return -logsumexp(self._log_joint(patches.astype(np.float64)), axis=1) / LN2

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
