"""One Gaussian with a learned mean and covariance, scored on dequantised values.

Its eigenvectors are the structure it learned: the overall brightness, then smooth
gradients and waves of rising frequency, like a Fourier basis.
"""

from __future__ import annotations

import math

import numpy as np

from lib.density.base import (
    DEQUANTISATION_VARIANCE,
    DEQUANTISED_BOUND,
    LN2,
    LOG_2PI,
    DensityModel,
    row_blocks,
)
from lib.density.patches import patches_to_images
from lib.validation import check_whole_number


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
        # Empty until fitted (self.fitted says when they hold the model).
        self.mean = np.zeros(0)
        self.eigenvalues = np.zeros(0)
        self.eigenvectors = np.zeros((0, 0))
        self._log_det = 0.0

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
        for block in row_blocks(train):
            xc = block.astype(np.float64) - centre
            cov += xc.T @ xc
            squared_norms[row : row + len(block)] = np.einsum("ij,ij->i", xc, xc)
            row += len(block)
        cov /= train.shape[0]
        level = float(np.trace(cov)) / self.dims
        delta = (
            ledoit_wolf(squared_norms, cov, level)
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
            expected_gaussian_nll(patches, self.mean, self.eigenvalues, self.eigenvectors, self._log_det)
            / LN2
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
        count = check_whole_number(count, "number of eigenvectors", 1, self.dims)
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


def ledoit_wolf(squared_norms: np.ndarray, cov: np.ndarray, level: float) -> float:
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


def expected_gaussian_nll(
    patches: np.ndarray, mean: np.ndarray, eigenvalues: np.ndarray, eigenvectors: np.ndarray, log_det: float
) -> np.ndarray:
    """E_u[-ln N(x + u; mean, Σ)] for u ~ U[0,1)^D, in nats, exactly: shape (N,).

    With ``Σ = V diag(λ) Vᵀ``: ``½[D ln 2π + ln det Σ + |Vᵀ(x+½-μ)/√λ|² + Σ 1/(12λ)]``; the
    last term is ``E[(u-½)ᵀΣ⁻¹(u-½)] = tr(Σ⁻¹)/12``.
    """
    scale = np.sqrt(eigenvalues)
    quad = np.empty(patches.shape[0])
    row = 0
    for block in row_blocks(patches):  # float64 temporaries of a block, not of all N rows
        z = ((block.astype(np.float64) + 0.5 - mean) @ eigenvectors) / scale
        quad[row : row + len(block)] = np.einsum("ij,ij->i", z, z)
        row += len(block)
    trace = float((1.0 / eigenvalues).sum()) * DEQUANTISATION_VARIANCE
    return 0.5 * (mean.size * LOG_2PI + log_det + quad + trace)


#: The mixture joins the default ladder only up to this many dimensions (16×16 grey, 8×8 RGB):
