"""The radially averaged power spectrum and its log-log slope (≈ -2 for photos, ≈ 0 for noise)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from lib.statistics._batch import CHUNK, as_batch, require_size
from lib.validation import check_whole_number


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

    >>> rng = np.random.default_rng(1)
    >>> noise = rng.integers(0, 256, (16, 64, 64), dtype=np.uint8)
    >>> abs(radial_power_spectrum(noise).slope) < 0.1
    True
    """
    batch = as_batch(images)
    require_size(batch, 8, "the power spectrum")
    skip_lowest = check_whole_number(skip_lowest, "skip_lowest", 0)
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
    per_chunk = max(1, CHUNK // (h * w))
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
