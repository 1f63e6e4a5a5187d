"""From a photo to noise: the forward process of a diffusion model (Ho et al., 2020).

A diffusion model is trained on the path ``x_t = √ᾱ_t·x_0 + √(1-ᾱ_t)·ε`` from a photo
``x_0`` to Gaussian noise, and generates by walking it backwards. Here is the forward
path only: the part that needs no trained model.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from lib.validation import check_whole_number

_DIFFUSION_STREAM = 0x64696666  # "diff"


def linear_alpha_bar(steps: int = 1000, beta_start: float = 1e-4, beta_end: float = 0.02) -> np.ndarray:
    """ᾱ_t for t = 0…steps under the linear β schedule of Ho et al. (2020).

    ``β_t`` (the share of noise added at step t) runs linearly from ``beta_start`` to
    ``beta_end``; ``ᾱ_t = Π_{s≤t}(1-β_s)`` is how much of the photo is left, ``ᾱ_0 = 1``.
    With the defaults ``ᾱ_1000 ≈ 4·10^-5``: almost pure noise.

    >>> alpha_bar = linear_alpha_bar()
    >>> len(alpha_bar), float(alpha_bar[0]), float(alpha_bar[-1]) < 1e-4
    (1001, 1.0, True)
    """
    steps = check_whole_number(steps, "steps", 1)
    if not (0 < beta_start <= beta_end < 1):
        raise ValueError(f"need 0 < beta_start ≤ beta_end < 1, got {beta_start!r}, {beta_end!r}")
    betas = np.linspace(beta_start, beta_end, steps)
    return np.concatenate([[1.0], np.cumprod(1.0 - betas)])


def to_model_range(image: np.ndarray) -> np.ndarray:
    """uint8 0..255 → float64 in [-1, 1] (``x / 127.5 - 1``), as diffusion models see pixels.

    >>> to_model_range(np.array([0, 255], np.uint8)).tolist()
    [-1.0, 1.0]
    """
    array = np.asarray(image)
    if array.dtype != np.uint8:
        raise ValueError(f"to_model_range needs uint8 pixels, got {array.dtype}")
    return array.astype(np.float64) / 127.5 - 1.0


def to_display(x: np.ndarray) -> np.ndarray:
    """float in [-1, 1] → uint8, rounding; values outside [-1, 1] (noise) are clipped.

    >>> to_display(np.array([-7.0, 0.0, 1.0])).tolist()
    [0, 128, 255]
    """
    array = np.asarray(x, dtype=np.float64)
    if not np.all(np.isfinite(array)):
        raise ValueError("cannot display NaN or infinite values")
    return np.rint((np.clip(array, -1.0, 1.0) + 1.0) * 127.5).astype(np.uint8)


def diffusion_noise(shape: tuple[int, ...], seed: int) -> np.ndarray:
    """The standard-normal ε of :func:`diffusion_path` for this shape and seed.

    >>> diffusion_noise((2, 2), 0).shape
    (2, 2)
    """
    seed = check_whole_number(seed, "seed", 0)
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([_DIFFUSION_STREAM, seed])))
    return rng.standard_normal(shape)


@lru_cache(maxsize=1)
def _default_alpha_bar() -> np.ndarray:
    values = linear_alpha_bar()
    values.flags.writeable = False
    return values


def diffusion_path(
    image: np.ndarray, steps: Sequence[int], seed: int, alpha_bar: np.ndarray | None = None
) -> list[np.ndarray]:
    """``x_t = √ᾱ_t · x_0 + √(1-ᾱ_t) · ε`` at each t of ``steps`` (float64, unclipped).

    ``x_0`` is the uint8 image in [-1, 1], ``ε`` standard normal from ``seed``: the same ε
    for every t, so a sweep over t shows one path from the photo to noise. ``t`` runs
    from 0 (the photo) to ``len(alpha_bar) - 1``; default schedule :func:`linear_alpha_bar`.
    Use :func:`to_display` to show a state.

    >>> photo = np.full((4, 4), 200, np.uint8)
    >>> start, end = diffusion_path(photo, [0, 1000], seed=1)
    >>> bool(np.array_equal(to_display(start), photo)), float(np.std(end)) > 0.5  # noise now
    (True, True)
    """
    x0 = to_model_range(image)
    alpha_bar = _default_alpha_bar() if alpha_bar is None else np.asarray(alpha_bar, dtype=np.float64)
    eps = diffusion_noise(x0.shape, seed)
    out = []
    for t in steps:
        t = check_whole_number(t, "t", 0, len(alpha_bar) - 1)
        a = float(alpha_bar[t])
        if not 0.0 <= a <= 1.0:
            raise ValueError(f"ᾱ_t must lie in [0, 1], got {a!r}")
        out.append(math.sqrt(a) * x0 + math.sqrt(1.0 - a) * eps)
    return out
