"""Image statistics on synthetic images with known answers, the noise bound, diffusion, and
the image as a number."""

from __future__ import annotations

import functools
import itertools
import math
import sys
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lib import statistics as stats
from lib.big_numbers import interval_context
from lib.photo_corpus import load_corpus, uniform_noise
from lib.real_samples import random_crops
from lib.statistics import noise_bound


@pytest.fixture(scope="module")
def crops():
    return random_crops(load_corpus(), 32, 64, seed=1).images


def noise(shape, seed=0):
    return np.random.default_rng(seed).integers(0, 256, shape, dtype=np.uint8)


def power_law_field(size, seed, periodic=True, exponent=2.0):
    """A Gaussian field with power exactly ∝ 1/f^exponent (a crop of a 4× larger periodic
    field when not periodic, so its opposite edges do not match, like a photo's)."""
    rng = np.random.default_rng(seed)
    big = size if periodic else 4 * size
    z = rng.standard_normal((big, big)) + 1j * rng.standard_normal((big, big))
    z *= _amplitude(big, exponent)
    if periodic:
        return np.fft.ifft2(z).real
    # Only the size×size corner is kept: transform the columns, keep the corner's rows, then
    # transform those rows alone (the 2-D inverse FFT, done in the order that needs least).
    return np.fft.ifft(np.fft.ifft(z, axis=0)[:size], axis=1)[:, :size].real


@functools.cache
def _amplitude(side: int, exponent: float) -> np.ndarray:
    """1/f^(exponent/2) on a side×side FFT grid (1 at f = 0), read-only: shared by every field
    of that side (the slope tests draw hundreds; building it each time was ~40% of a field)."""
    f = np.hypot(*np.meshgrid(np.fft.fftfreq(side), np.fft.fftfreq(side), indexing="ij"))
    f[0, 0] = 1.0
    amplitude = f ** (-exponent / 2)
    amplitude.flags.writeable = False
    return amplitude


def reference_correlation(image, axis):
    """Pearson correlation of neighbours along axis (0 vertical, 1 horizontal), channels pooled."""
    x = np.asarray(image, dtype=np.float64)
    x = x[..., None] if x.ndim == 2 else x
    a = np.take(x, range(x.shape[axis] - 1), axis=axis).ravel()
    b = np.take(x, range(1, x.shape[axis]), axis=axis).ravel()
    return np.corrcoef(a, b)[0, 1]


# -- neighbour correlation ----------------------------------------------------------------
def test_white_noise_has_correlation_near_zero():
    result = stats.adjacent_pixel_correlation(noise((256, 256, 3)))
    # N ≈ 196,000 pairs: standard deviation ≈ 0.0023
    assert abs(result.horizontal) < 0.015 and abs(result.vertical) < 0.015


def test_a_smooth_ramp_has_correlation_near_one():
    ramp = np.add.outer(np.arange(100), np.arange(100)).astype(np.uint8)
    result = stats.adjacent_pixel_correlation(ramp)
    assert result.horizontal > 0.999 and result.vertical > 0.999
    smooth = (127 + 100 * np.sin(np.add.outer(np.arange(64), np.arange(64)) / 10)).astype(np.uint8)
    assert stats.adjacent_pixel_correlation(smooth).mean > 0.98


def test_photos_and_noise_are_told_apart(crops):
    real = stats.adjacent_pixel_correlations(crops).mean
    fake = stats.adjacent_pixel_correlations(uniform_noise(64, 32, seed=1)).mean
    assert np.nanmedian(real) > 0.8
    assert np.nanmax(np.abs(fake)) < 0.15
    assert np.nanmin(real) > np.nanmax(fake)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 12), st.integers(2, 12), st.booleans(), st.integers(0, 2**32 - 1), st.booleans())
def test_correlation_matches_numpy_corrcoef(h, w, rgb, seed, as_float):
    image = noise((h, w, 3) if rgb else (h, w), seed)
    if as_float:
        image = image / 127.5 - 1 + 1e-3 * np.random.default_rng(seed).standard_normal(image.shape)
    result = stats.adjacent_pixel_correlation(image)
    for value, axis in ((result.horizontal, 1), (result.vertical, 0)):
        expected = reference_correlation(image, axis)
        if np.isnan(expected):
            assert np.isnan(value)
        else:
            assert value == pytest.approx(expected, abs=1e-9)


def test_large_images_are_processed_in_chunks_with_the_same_answer(monkeypatch):
    """Chunks of 4,096 values (the server's are 2^20) over 33,600: the same lines as a
    3.4-million-value image in the real chunks, and the same exact answer."""
    from lib.statistics import correlation

    monkeypatch.setattr(correlation, "CHUNK", 4096)
    image = noise((70, 160, 3), 3)  # 33,600 values: blocks of 8 rows
    image[:, :80] //= 2  # some structure so the value is not just ≈ 0
    image = np.cumsum(image, axis=1, dtype=np.uint64).astype(np.uint8)
    result = stats.adjacent_pixel_correlation(image)
    assert result.horizontal == pytest.approx(reference_correlation(image, 1), abs=1e-9)
    assert result.vertical == pytest.approx(reference_correlation(image, 0), abs=1e-9)


def test_constant_images_have_undefined_correlation():
    result = stats.adjacent_pixel_correlation(np.full((8, 8), 9, np.uint8))
    assert math.isnan(result.horizontal) and math.isnan(result.vertical)


def test_batch_correlation_equals_single_image_correlation():
    batch = noise((5, 9, 7, 3), 4)
    result = stats.adjacent_pixel_correlations(batch)
    assert len(result) == 5
    for i in range(5):
        single = stats.adjacent_pixel_correlation(batch[i])
        assert result.horizontal[i] == single.horizontal and result.vertical[i] == single.vertical
    as_list = stats.adjacent_pixel_correlations(list(batch))
    assert np.array_equal(as_list.horizontal, result.horizontal)


def test_batch_correlations_over_several_chunks_match_corrcoef_image_by_image(monkeypatch):
    """Both directions share one pass per chunk; every image still gets its own exact value.
    (Chunks of 2^13 values here, of 2 images each; the server's 2^20 hold 364.)"""
    from lib.statistics import correlation

    monkeypatch.setattr(correlation, "CHUNK", 1 << 13)
    batch = np.cumsum(noise((7, 24, 40, 3), 8) // 16, axis=2, dtype=np.uint64).astype(np.uint8)
    result = stats.adjacent_pixel_correlations(batch)  # 7 × 2,880 values: 4 chunks, the last of one
    for i in range(7):
        assert result.horizontal[i] == pytest.approx(reference_correlation(batch[i], 1), abs=1e-12)
        assert result.vertical[i] == pytest.approx(reference_correlation(batch[i], 0), abs=1e-12)


def test_monte_carlo_draws_are_the_correlations_of_its_noise():
    """The experiment's figures are the page's statistic of each noise image it drew."""
    from lib.statistics.monte_carlo import _MC_STREAM

    mc = stats.monte_carlo_noise_correlation(12, 10, 7, seed=5, channels=3)
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([_MC_STREAM, 5])))
    images = rng.integers(0, 256, size=(7, 12, 10, 3), dtype=np.uint8)
    expected = [(reference_correlation(x, 0) + reference_correlation(x, 1)) / 2 for x in images]
    assert mc.correlations == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    "bad, message",
    [
        (np.zeros((1, 5), np.uint8), "at least 2×2"),
        (np.zeros((4, 4, 2), np.uint8), "H×W"),
        (np.full((4, 4), np.nan), "NaN"),
        (np.zeros((4, 4), dtype=complex), "real"),
    ],
)
def test_bad_images_are_clear_errors(bad, message):
    with pytest.raises(ValueError, match=message):
        stats.adjacent_pixel_correlation(bad)


# -- power spectrum -----------------------------------------------------------------------
def test_white_noise_spectrum_is_flat():
    spectrum = stats.radial_power_spectrum(noise((32, 64, 64, 3), 5))
    assert abs(spectrum.slope) < 0.1
    # Expected power is the variance of a uniform byte, (256² - 1)/12, at every frequency.
    assert np.all(np.abs(spectrum.power[1:] / 5461.25 - 1) < 0.1)


@pytest.mark.parametrize("size", [16, 64, 128])
@pytest.mark.parametrize("periodic", [True, False])
def test_a_synthetic_one_over_f_squared_field_has_slope_minus_two(size, periodic):
    fields = [power_law_field(size, seed, periodic) for seed in range(16)]
    spectrum = stats.radial_power_spectrum(fields)
    assert spectrum.slope == pytest.approx(-2.0, abs=0.2)


@pytest.mark.parametrize("exponent", [1.0, 3.5])
def test_the_window_removes_the_edge_bias_towards_minus_two(exponent):
    """Unwindowed, the mismatched edges of a non-periodic crop add power ∝ 1/f², which
    flattens steep spectra: a 1/f^3.5 field would read about -2.9. Windowed, it reads right."""
    fields = [power_law_field(128, seed, periodic=False, exponent=exponent) for seed in range(16)]
    assert stats.radial_power_spectrum(fields).slope == pytest.approx(-exponent, abs=0.15)


@pytest.mark.parametrize(
    "size, count, exponent, tolerance",
    [(32, 200, 2.0, 0.02), (32, 200, 3.0, 0.04), (128, 16, 2.0, 0.012), (128, 48, 3.0, 0.012)],
)
def test_slope_is_unbiased_on_small_crops_of_known_slope(size, count, exponent, tolerance):
    """Issue 10.13: crops of fields with power exactly ∝ 1/f^exponent (edges that do not
    match, like a photo's). The plain ring-average fit gave -2.075 and -3.186 at 32×32.
    As few fields as still tell: without the window's smoothing divided out, the fit reads
    -2.037, -3.101 and (128×128, 48 fields) -3.018, each outside its tolerance (at 128×128
    that takes 48 fields of slope 3; slope 2 is checked for bias at 128×128, which 16 show)."""
    fields = np.stack(
        [power_law_field(size, 1000 + s, periodic=False, exponent=exponent) for s in range(count)]
    )
    assert stats.radial_power_spectrum(fields).slope == pytest.approx(-exponent, abs=tolerance)


def test_photos_fall_steeply_and_noise_does_not(crops):
    real = stats.radial_power_spectrum(crops).slope
    fake = stats.radial_power_spectrum(uniform_noise(64, 32, seed=2)).slope
    assert -3.5 < real < -1.5 and abs(fake) < 0.2


def test_spectrum_geometry_kept_per_shape_gives_the_figures_of_a_fresh_one():
    """The window, rings and fit terms are kept per image shape: reusing them changes nothing."""
    from lib.statistics import spectrum

    photo, other = power_law_field(48, 1), power_law_field(48, 2)
    warm = [stats.radial_power_spectrum(x) for x in (photo, other, photo[:40], photo)]
    spectrum._grid.cache_clear()
    spectrum._fit_terms.cache_clear()
    for x, before in zip((photo, other, photo[:40], photo), warm):
        fresh = stats.radial_power_spectrum(x)
        spectrum._grid.cache_clear()
        spectrum._fit_terms.cache_clear()
        assert (fresh.slope, fresh.intercept) == (before.slope, before.intercept)
        assert np.array_equal(fresh.power, before.power) and np.array_equal(fresh.frequency, before.frequency)
    assert warm[0].slope != warm[1].slope  # different fields, different figures, same shape
    slopes = set()
    for skip, top in ((1, 0.5), (1, 0.25), (2, 0.25), (2, 0.5)):  # the fit range is part of the key
        kept = stats.radial_power_spectrum(photo, skip_lowest=skip, fit_max_frequency=top)
        spectrum._grid.cache_clear()
        spectrum._fit_terms.cache_clear()
        fresh = stats.radial_power_spectrum(photo, skip_lowest=skip, fit_max_frequency=top)
        assert (kept.slope, kept.intercept) == (fresh.slope, fresh.intercept)
        slopes.add(kept.slope)
    assert len(slopes) == 4  # each range fits its own bins


def test_spectrum_fit_line_and_arguments():
    spectrum = stats.radial_power_spectrum(noise((8, 8), 1))
    assert spectrum.frequency.shape == (4,) and list(spectrum.fitted) == [False, True, True, True]
    assert spectrum.fit_line().shape == (4,)
    with pytest.raises(ValueError, match="8×8"):
        stats.radial_power_spectrum(noise((7, 9), 1))
    with pytest.raises(ValueError, match="too few"):
        stats.radial_power_spectrum(noise((8, 8), 1), fit_max_frequency=0.2)
    assert math.isnan(stats.radial_power_spectrum(np.zeros((8, 8), np.uint8)).slope)


# -- neighbour differences ----------------------------------------------------------------
def test_triangular_pmf_is_exact():
    pmf = stats.uniform_noise_difference_pmf()
    assert pmf.shape == (511,) and pmf.sum() == 1.0
    assert sum(Fraction(float(p)) for p in pmf) == 1
    exact = [Fraction(256 - abs(a - b), 65536) for a, b in ((0, 0), (0, 255), (10, 20))]
    assert [Fraction(float(pmf[(b - a) + 255])) for a, b in ((0, 0), (0, 255), (10, 20))] == exact
    # Brute force: all 65,536 pairs of bytes.
    a, b = np.meshgrid(np.arange(256), np.arange(256))
    counts = np.bincount((b - a).ravel() + 255, minlength=511)
    assert np.array_equal(counts / 65536, pmf)


def test_noise_histogram_matches_the_triangle_and_photos_do_not(crops):
    fake = stats.neighbour_difference_histogram(uniform_noise(64, 64, seed=3))
    pmf = stats.uniform_noise_difference_pmf()
    assert fake.total == 64 * 3 * 2 * 64 * 63
    assert 0.5 * np.abs(fake.pmf - pmf).sum() < 0.02
    assert fake.excess_kurtosis == pytest.approx(-0.6, abs=0.02)
    real = stats.neighbour_difference_histogram(crops)
    assert 0.5 * np.abs(real.pmf - pmf).sum() > 0.5
    assert real.excess_kurtosis > 3 and real.mean_absolute < fake.mean_absolute / 5
    assert real.pmf[255] > 10 * pmf[255]  # a sharp peak at zero difference


def test_difference_histogram_counts_every_pair_exactly():
    image = np.array([[0, 255], [10, 12]], dtype=np.uint8)
    result = stats.neighbour_difference_histogram(image)
    expected = {255: 1, 2: 1, 10: 1, -243: 1}
    assert {int(v): int(c) for v, c in zip(result.values, result.counts) if c} == expected
    with pytest.raises(ValueError, match="uint8"):
        stats.neighbour_difference_histogram(image.astype(float))


# -- the bound ----------------------------------------------------------------------------
def test_bound_is_above_monte_carlo_where_both_are_informative():
    mc = stats.monte_carlo_noise_correlation(8, 8, 100_000, seed=1, statistic="horizontal")
    for r in (0.3, 0.35, 0.4, 0.5):
        bound = stats.noise_correlation_bound(8, 8, r, statistic="horizontal")
        assert bound.log10_probability < -0.01  # non-trivial: below 1
        frequency = mc.count_at_least(r) / mc.draws
        assert frequency > 0 or r >= 0.5
        assert frequency <= 10**bound.log10_probability


def _components(batch, r, plan):
    """Which of the five events of the proof happen, per noise image (horizontal pairs)."""
    u = (batch.astype(np.float64) - 127.5) / math.sqrt(21845 / 4)
    a, b = u[:, :, :-1].reshape(len(u), -1), u[:, :, 1:].reshape(len(u), -1)
    n = a.shape[1]
    zeta = (65025 / 21845) / (plan.chain - 1) ** 2
    c = r * (1 - plan.delta) - zeta
    products = (a * b).sum(axis=1) >= c * n
    squares = ((a * a).sum(axis=1) <= (1 - plan.delta + plan.kappa) * n) | (
        (b * b).sum(axis=1) <= (1 - plan.delta + plan.kappa) * n
    )
    means = (np.abs(a.mean(axis=1)) >= math.sqrt(plan.kappa)) | (
        np.abs(b.mean(axis=1)) >= math.sqrt(plan.kappa)
    )
    return products, squares, means


@pytest.mark.parametrize(
    "h, w, r, delta, kappa",
    [
        (8, 8, 0.3, 0.2, 0.05),
        (8, 8, 0.4, 0.5, 0.2),
        (6, 12, 0.35, 0.3, 0.1),
        (12, 5, 0.4, 0.3, 0.1),
        (8, 8, 0.3, None, None),
    ],
)
def test_each_step_of_the_proof_against_monte_carlo(h, w, r, delta, kappa):
    """Every noise image with correlation ≥ r lies in one of the events of the proof, and
    each event's frequency is below its Chernoff bound."""
    plan = noise_bound._plan(r, h * (w - 1), w)
    if delta is not None:
        plan = noise_bound._Plan(
            plan.pairs, plan.chain, delta, kappa, plan.mu_product, plan.lam_mean, plan.lam_square
        )
    batch = noise((60_000, h, w), seed=h * 100 + w)
    rho = stats.adjacent_pixel_correlations(batch).horizontal
    products, squares, means = _components(batch, r, plan)
    hit = rho >= r
    assert hit.sum() > 20
    assert np.all((products | squares | means)[hit]), "the decomposition missed a case"
    with interval_context(40) as ctx:
        bounds = noise_bound._rigorous_terms(ctx, r, plan)
        logs = [noise_bound._upper_float(t) for t in bounds]  # products, means, squares
    for frequency, log_bound in zip((products.mean(), means.mean(), squares.mean()), logs):
        assert frequency <= math.exp(log_bound)


@pytest.mark.parametrize("mu, lam", [(0.0025, 0.0125), (1.7, 3.0), (80.0, 20_000.0)])
def test_the_chained_exponential_sums_enclose_the_direct_ones(mu, lam):
    """The bound's two sums of 128 exponentials, worked out as chains of interval products,
    enclose the same numbers as one interval exponential per term (the direct way) and as
    floats, to ~1e-30 (the whole range of the parameters the grid search may pick)."""
    half = np.arange(128) + 0.5
    with interval_context(40) as ctx:
        inv_sigma2, m, la = ctx.mpf(4) / 21845, ctx.mpf(mu), ctx.mpf(lam)
        chained = (
            noise_bound._iv_mgf_products(ctx, m, inv_sigma2),
            noise_bound._iv_mgf_squares(ctx, la, inv_sigma2),
        )
        direct = (
            sum((noise_bound._iv_mgf_y(ctx, m * ctx.mpf(float(y)) * inv_sigma2) for y in half), ctx.mpf(0)),
            sum((ctx.exp(-la * ctx.mpf(float(y * y)) * inv_sigma2) for y in half), ctx.mpf(0)),
        )
        for a, b in zip(chained, direct):
            assert a.a <= b.b and b.a <= a.b  # both hold the true sum
            assert a.delta / a.mid < 1e-30
    y = np.arange(256) - 127.5
    floats = (
        np.sum(np.mean(np.exp(np.outer(mu * half * 4 / 21845, y)), axis=1)),
        np.sum(np.exp(-lam * half**2 * 4 / 21845)),
    )
    for a, expected in zip(chained, floats):
        assert float(a.mid) == pytest.approx(expected, rel=1e-12)


def test_rigorous_terms_agree_with_float_arithmetic():
    plan = noise_bound._plan(0.9, 32 * 31 * 3, 32)
    with interval_context(40) as ctx:
        products, means, squares = (
            noise_bound._upper_float(t) for t in noise_bound._rigorous_terms(ctx, 0.9, plan)
        )
    sigma2 = 21845 / 4
    y = np.arange(256) - 127.5
    u = y / math.sqrt(sigma2)
    mgf_z = np.mean(np.exp(plan.mu_product * np.outer(u, u)))
    zeta = (65025 / 21845) / 31**2
    c = 0.9 * (1 - plan.delta) - zeta
    expected = plan.pairs / 2 * (math.log(mgf_z) - plan.mu_product * c)
    assert products == pytest.approx(expected, rel=1e-9)
    mgf_sq = np.mean(np.exp(-plan.lam_square * u * u))
    expected = math.log(2) + plan.pairs * (plan.lam_square * (1 - plan.delta + plan.kappa) + math.log(mgf_sq))
    assert squares == pytest.approx(expected, rel=1e-9)
    mgf_u = np.mean(np.exp(plan.lam_mean * u))
    expected = math.log(4) + plan.pairs * (math.log(mgf_u) - plan.lam_mean * math.sqrt(plan.kappa))
    assert means == pytest.approx(expected, rel=1e-9)


def test_bound_is_monotone_in_threshold_and_size():
    for statistic in ("horizontal", "mean"):
        values = [
            stats.noise_correlation_bound(16, 16, r, statistic=statistic).log10_probability
            for r in np.linspace(0.1, 1.0, 19)
        ]
        assert all(b <= a for a, b in itertools.pairwise(values))
        assert values[-1] < min(values[0], -1)
        values = [
            stats.noise_correlation_bound(s, s + 2, 0.8, channels=3, statistic=statistic).log10_probability
            for s in (4, 6, 8, 12, 16, 24, 32, 64, 256, 2304)
        ]
        assert all(b <= a for a, b in itertools.pairwise(values))
        assert values[-1] < values[3] < 0


def test_bound_for_the_posts_image_is_finite_and_astronomically_small():
    bound = stats.noise_correlation_bound(2304, 4096, 0.9, channels=3)
    assert math.isfinite(bound.log10_probability) and bound.log10_probability < -500_000
    assert bound.exponent_text(0).replace(",", "").isdigit()
    assert float(bound.exponent_text(1).replace(",", "")) <= -bound.log10_probability
    assert bound.log10_expected_draws == -bound.log10_probability


@pytest.mark.parametrize("threshold", [0.0, -0.5])
def test_non_positive_thresholds_give_the_trivial_bound(threshold):
    assert stats.noise_correlation_bound(32, 32, threshold).log10_probability == 0.0


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(height=1, width=8, threshold=0.5), "height"),
        (dict(height=8, width=8, threshold=1.01), "≤ 1"),
        (dict(height=8, width=8, threshold=float("nan")), "finite"),
        (dict(height=8, width=8, threshold=0.5, channels=2), "channels"),
        (dict(height=8, width=8, threshold=0.5, statistic="diagonal"), "statistic"),
    ],
)
def test_bound_arguments_are_checked(kwargs, message):
    with pytest.raises(ValueError, match=message):
        stats.noise_correlation_bound(**kwargs)


def test_monte_carlo_is_deterministic_and_centred():
    a = stats.monte_carlo_noise_correlation(16, 16, 2000, seed=3, channels=3)
    b = stats.monte_carlo_noise_correlation(16, 16, 2000, seed=3, channels=3)
    assert np.array_equal(a.correlations, b.correlations) and a.draws == 2000
    assert a.largest == a.correlations.max()
    assert abs(a.correlations.mean()) < 0.005
    # mean of two correlations over 720 pairs each: sd ≈ 1/√1440 ≈ 0.026
    assert 0.02 < a.correlations.std() < 0.033
    assert a.count_at_least(a.largest) >= 1 and a.count_at_least(1.01) == 0
    c = stats.monte_carlo_noise_correlation(16, 16, 2000, seed=4, channels=3)
    assert not np.array_equal(a.correlations, c.correlations)


# -- diffusion ----------------------------------------------------------------------------
def test_linear_schedule():
    alpha_bar = stats.linear_alpha_bar()
    assert alpha_bar.shape == (1001,) and alpha_bar[0] == 1.0
    assert np.all(np.diff(alpha_bar) < 0)
    expected = math.prod(1 - b for b in np.linspace(1e-4, 0.02, 1000))
    assert alpha_bar[-1] == pytest.approx(expected, rel=1e-12)
    assert 3e-5 < alpha_bar[-1] < 5e-5


def test_model_range_round_trips_every_byte():
    values = np.arange(256, dtype=np.uint8)
    x = stats.to_model_range(values)
    assert x[0] == -1.0 and x[-1] == 1.0
    assert np.array_equal(stats.to_display(x), values)
    assert np.array_equal(stats.to_display(np.array([-7.0, 9.0])), [0, 255])


def diffuse(image, t, seed):
    return stats.diffusion_path(image, [t], seed)[0]


def test_diffusion_is_deterministic_and_goes_from_photo_to_noise(crops):
    photo = crops[np.nanargmax(stats.adjacent_pixel_correlations(crops).mean)]
    assert np.array_equal(diffuse(photo, 0, seed=1), stats.to_model_range(photo))
    a = diffuse(photo, 300, seed=1)
    assert np.array_equal(a, diffuse(photo, 300, seed=1))
    assert not np.array_equal(a, diffuse(photo, 300, seed=2))
    steps = [0, 50, 100, 200, 400, 1000]
    path = stats.diffusion_path(photo, steps, seed=1)
    assert np.array_equal(path[2], diffuse(photo, 100, seed=1))
    eps = stats.diffusion_noise(photo.shape, 1)  # one shared ε: x_t = √ᾱ x0 + √(1−ᾱ) ε
    alpha_bar = stats.linear_alpha_bar()
    expected = math.sqrt(alpha_bar[200]) * stats.to_model_range(photo) + math.sqrt(1 - alpha_bar[200]) * eps
    assert np.allclose(path[3], expected, rtol=0, atol=1e-12)
    correlations = [stats.adjacent_pixel_correlation(x).mean for x in path]
    assert correlations[0] > 0.8 and abs(correlations[-1]) < 0.1
    assert all(b < a for a, b in itertools.pairwise(correlations))


def test_diffused_variance_follows_the_schedule():
    photo = np.zeros((256, 256), np.uint8)  # x0 = -1 everywhere
    alpha_bar = stats.linear_alpha_bar()
    x = diffuse(photo, 500, seed=2)
    assert x.mean() == pytest.approx(-math.sqrt(alpha_bar[500]), abs=0.01)
    assert x.var() == pytest.approx(1 - alpha_bar[500], rel=0.02)
    with pytest.raises(ValueError, match="t must be between 0 and 1,000"):
        diffuse(photo, 1001, seed=2)


# -- the image as a number ----------------------------------------------------------------
@settings(max_examples=80, deadline=None)
@given(
    arrays(
        np.uint8,
        st.tuples(st.integers(1, 20), st.integers(1, 20), st.sampled_from([3]))
        | st.tuples(st.integers(1, 30), st.integers(1, 30)),
    ),
    st.integers(1, 40),
)
def test_image_number_digits_match_python_str(image, digits):
    n = int.from_bytes(image.tobytes(), "big")
    text = str(n)  # at most 1,200 bytes: < 2,900 digits, well within Python's limit
    result = stats.image_as_number(image, digits)
    assert result.digit_count == len(text)
    assert result.leading == text[:digits]
    assert result.trailing == text[-digits:].rjust(min(digits, len(text)), "0")
    assert int(result.trailing) == n % 10 ** min(digits, len(text))
    assert result.byte_count == image.size
    assert result.space_digit_count == len(str(256**image.size - 1))
    assert stats.image_index(image) == n


def test_image_numbers_above_the_str_limit_are_exact():
    """Images of thousands of bytes (beyond str()'s default limit), checked with the limit
    lifted in the test only."""
    previous = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        for shape, seed in (((40, 40, 3), 1), ((100, 100), 2), ((64, 64, 3), 3)):
            image = noise(shape, seed)
            text = str(int.from_bytes(image.tobytes(), "big"))
            result = stats.image_as_number(image, 30)
            assert (result.digit_count, result.leading, result.trailing) == (len(text), text[:30], text[-30:])
    finally:
        sys.set_int_max_str_digits(previous)


@pytest.mark.parametrize("k", [1000, 4500])
def test_leading_digits_at_digit_boundaries(k):
    """Numbers just below, at and above a power of ten defeat any top-bits shortcut: their top
    bits are refined while any are left (twice for 1,000 digits, three times for 4,500), none
    decides, and the exact integer path does, on either side of ``str()``'s 4,300-digit limit.
    (A 20,000-digit case, one refinement more through the same lines, cost ~4.5 s of the suite.)"""
    p = 10**k
    assert stats.leading_digits(p - 1, 12) == ("9" * 12, k)
    assert stats.leading_digits(p, 12) == ("1" + "0" * 11, k + 1)
    assert stats.leading_digits(p + 1, 12) == ("1" + "0" * 11, k + 1)
    assert stats.leading_digits(123456789 * 10**k - 1, 9) == ("123456788", k + 9)
    assert stats.leading_digits(0, 5) == ("0", 1)


def test_image_of_the_posts_size_has_68_million_digits():
    image = uniform_noise(1, 8, seed=0)[0]  # small image, but the space of the post's size:
    assert (
        stats.ImageNumber((2304, 4096, 3), 2304 * 4096 * 3, 1, "0", "0").space_size.digit_count()
        == 68_181_012
    )
    result = stats.image_as_number(image)
    assert result.space_size.digit_count() == result.space_digit_count


def test_all_black_and_all_white_images():
    black = stats.image_as_number(np.zeros((4, 4, 3), np.uint8))
    assert (black.digit_count, black.leading, black.trailing) == (1, "0", "0")
    white = stats.image_as_number(np.full((4, 4, 3), 255, np.uint8), 10)
    assert white.digit_count == white.space_digit_count == len(str(256**48 - 1))


@settings(max_examples=60, deadline=None)
@given(arrays(np.uint8, st.tuples(st.integers(1, 6), st.integers(1, 6), st.just(3))), st.data())
def test_changing_one_pixel_moves_the_index_by_its_place_value(image, data):
    h, w = image.shape[:2]
    row, column = data.draw(st.integers(0, h - 1)), data.draw(st.integers(0, w - 1))
    channel = data.draw(st.integers(0, 2))
    new = data.draw(st.integers(0, 255))
    step = stats.pixel_step(image, row, column, channel, new)
    changed = image.copy()
    changed[row, column, channel] = new
    delta = stats.image_index(changed) - stats.image_index(image)
    assert delta == step.change * 256**step.exponent
    assert step.place_value.exact_int() == 256**step.exponent
    assert step.place_value_digits() == len(str(256**step.exponent))


def test_the_last_byte_is_the_units_digit():
    image = np.zeros((3, 3, 3), np.uint8)
    step = stats.pixel_step(image, 2, 2, 2)
    assert (step.exponent, step.change) == (0, 1)
    assert stats.pixel_step(image, 0, 0, 0).exponent == 26
    with pytest.raises(ValueError, match="row"):
        stats.pixel_step(image, 3, 0, 0)
    with pytest.raises(ValueError, match="new_value"):
        stats.pixel_step(image, 0, 0, 0, 256)
