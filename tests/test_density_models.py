"""The learning page's numbers: each model's likelihood checked where the answer is known.

Tolerances are stated next to each test with where they come from: the estimator's
own noise (how many test values are averaged) and the model's known bias.
"""

from __future__ import annotations

import itertools
import json
import math
from fractions import Fraction
from pathlib import Path

import mpmath
import numpy as np
import pytest
from fixtures import synthetic_photo
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from lib import density as dm
from lib.big_numbers import Magnitude
from lib.built_once import BuiltOnce
from lib.density import (
    DEQUANTISED_BOUND,
    EXACT_DISCRETE,
    AutoregressiveModel,
    GaussianMixtureModel,
    GaussianModel,
    IndependentPixelModel,
    NotFittedError,
    UniformModel,
    default_ladder,
    discretised_logistic_log_pmf,
    discretised_logistic_pmf,
    effective_space,
    extract_patches,
    fit_ladder,
    fit_pairs,
    mosaic,
    patches_to_images,
    png_bits_per_dim,
    split_by_photo,
)
from lib.photo_corpus import to_grey
from lib.reference_figures import CIFAR10_CHART, CIFAR10_RECORDS
from lib.reference_figures import PHONE_PHOTO_VALUES as PHONE_PHOTO_DIMS

ROOT = Path(__file__).resolve().parents[1]
PHOTOS = ROOT / "assets" / "photos"
LN2 = math.log(2)


def every_model(size: int, channels: int):
    """All five rungs, the mixture included whatever the size."""
    return [
        UniformModel(size, channels),
        IndependentPixelModel(size, channels),
        GaussianModel(size, channels),
        AutoregressiveModel(size, channels),
        GaussianMixtureModel(size, channels),
    ]


# -- data where the answer is known -------------------------------------------------------


@pytest.fixture(scope="module")
def uniform_data():
    """4×4 grey patches (D = 16) whose values are independent and uniform on 0..255."""
    rng = np.random.default_rng(1234)
    return (
        rng.integers(0, 256, size=(4000, 16), dtype=np.uint8),
        rng.integers(0, 256, size=(4000, 16), dtype=np.uint8),
    )


def best_logistic_on_uniform() -> float:
    """Cross-entropy (bits) of the best discretised logistic for a uniform value on 0..255.

    Computed here independently of the library: naive σ differences (fine at these
    moderate arguments), centre 127.5 by symmetry, scale by a fine 1-D grid.
    """
    v = np.arange(256)
    best = np.inf
    for s in np.exp(np.linspace(math.log(20), math.log(120), 4001)):
        upper = np.where(v == 255, 1.0, 1 / (1 + np.exp(-(v + 0.5 - 127.5) / s)))
        lower = np.where(v == 0, 0.0, 1 / (1 + np.exp(-(v - 0.5 - 127.5) / s)))
        best = min(best, float(-np.mean(np.log2(upper - lower))))
    return best  # ≈ 8.2761 at s ≈ 45


def test_uniform_model_costs_exactly_8_bits(uniform_data):
    train, test = uniform_data
    model = UniformModel(4, 1).fit(train)
    assert model.bits_per_dim(test) == 8.0
    assert np.all(model.patch_bits(test) == 8 * 16)
    assert model.likelihood == EXACT_DISCRETE


def test_uniform_data_costs_8_bits_or_more_under_every_model(uniform_data):
    """No model can beat the entropy of uniform data (8 bits/dim), and each pays a known excess.

    Held-out noise: every per-patch cost is an average of 16 values whose spread is
    < 1 bit for these near-uniform models, over 4,000 patches: std < 0.004 bits/dim, so
    7.99 is a > 2.5σ floor even in the worst case and ≈ 8σ for most models.
    """
    train, test = uniform_data
    results = {m.name: m.fit(train).bits_per_dim(test) for m in every_model(4, 1)}
    for name, bits in results.items():
        assert bits >= 7.99, f"{name} beats the entropy of uniform data: {bits}"
    assert results["uniform"] == 8.0
    # Histogram, add-one smoothed over 64,000 values: expected excess (256-1)/(2·64000·ln 2) = 0.003.
    assert results["independent pixels"] <= 8.02
    # The fitted Gaussian is moment-matched to U[0,256): its cross-entropy is its own entropy,
    # 8 + ½·log2(πe/6) = 8.2546 bits/dim exactly; fitting 152 parameters on 4,000 patches adds
    # (D+3)/(4N·ln 2) ≈ 0.002.
    assert results["Gaussian"] == pytest.approx(8 + 0.5 * math.log2(math.pi * math.e / 6), abs=0.01)
    # The best a discretised logistic can do on a uniform value, plus the fit's small slack.
    assert results["autoregressive"] == pytest.approx(best_logistic_on_uniform(), abs=0.02)
    # A mixture can tile the cube a little better than one Gaussian, never better than 8.
    assert results["Gaussian mixture"] <= 8 + 0.5 * math.log2(math.pi * math.e / 6) + 0.02


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_gaussian_bits_match_the_differential_entropy(seed):
    """On a discretised Gaussian with Σ ≫ 1, the model's bits/dim → h = ½·log2((2πe)^D·det Σ)/D.

    2×2 RGB (D = 12), 20,000 patches each side. Noise of the held-out mean:
    √(1/(2·D·N))/ln 2 = 0.0021 bits; bias from the dequantisation variance 1/12 counted
    twice (floor and fit) ≤ (1/6)/(2·σ²_min·ln 2) = 0.0012 for σ ≥ 10; estimation
    (D+3)/(4N·ln 2) = 0.0003. Tolerance 0.015 ≈ 7σ.
    """
    rng = np.random.default_rng(seed)
    d = 12
    q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    sigma = q @ np.diag(rng.uniform(10, 25, size=d) ** 2) @ q.T

    def draw(n):
        return np.clip(np.floor(rng.multivariate_normal(np.full(d, 128.0), sigma, size=n)), 0, 255)

    train, test = draw(20_000).astype(np.uint8), draw(20_000).astype(np.uint8)
    model = GaussianModel(2, 3).fit(train)
    _sign, log_det = np.linalg.slogdet(sigma)
    entropy = 0.5 * (d * math.log2(2 * math.pi * math.e) + log_det / LN2) / d
    assert model.bits_per_dim(test) == pytest.approx(entropy, abs=0.015)
    assert model.likelihood == DEQUANTISED_BOUND


def test_gaussian_closed_form_equals_the_dequantised_expectation():
    """The closed form (with its tr(Σ⁻¹)/12 term) equals E_u[-log2 N(x+u)] by Monte Carlo."""
    rng = np.random.default_rng(5)
    train = np.clip(rng.normal(100, [3, 5, 2, 8], size=(500, 4)), 0, 255).astype(np.uint8)
    model = GaussianModel(2, 1).fit(train)
    cov = model.eigenvectors @ np.diag(model.eigenvalues) @ model.eigenvectors.T
    inverse, (_, log_det) = np.linalg.inv(cov), np.linalg.slogdet(cov)
    for x in train[:5]:
        y = x + rng.random((200_000, 4)) - model.mean
        nll = 0.5 * (4 * math.log(2 * math.pi) + log_det + np.einsum("ij,jk,ik->i", y, inverse, y)) / LN2
        stderr = nll.std() / math.sqrt(nll.size)
        assert model.patch_bits(x[None])[0] == pytest.approx(nll.mean(), abs=5 * stderr)


def test_ledoit_wolf_shrinks_only_when_the_covariance_is_noisy():
    """δ → 0 with many patches per dimension; clearly > 0 with fewer patches than dimensions.

    The data are strongly correlated (far from the target (tr S/D)·I), as patches are.
    """
    rng = np.random.default_rng(8)
    mixing = rng.normal(0, 1, size=(64, 64)) * np.linspace(0.2, 6, 64)

    def draw(n, d):
        return np.clip(128 + rng.normal(size=(n, 64)) @ mixing[:, :d], 0, 255).astype(np.uint8)

    many, few = draw(20_000, 16), draw(40, 64)
    assert GaussianModel(4, 1).fit(many).shrinkage_used < 0.01
    assert GaussianModel(8, 1).fit(few).shrinkage_used > 0.3
    fixed = GaussianModel(4, 1, shrinkage=1.0).fit(many)  # all the way to (tr S / D)·I
    assert np.allclose(fixed.eigenvalues, fixed.eigenvalues[0])


def test_independent_model_is_the_add_one_histogram():
    grey = np.array([[0], [0], [7]], dtype=np.uint8)
    model = IndependentPixelModel(1, 1).fit(grey)
    expected = {0: (2 + 1) / (3 + 256), 7: (1 + 1) / (3 + 256), 200: 1 / (3 + 256)}
    for value, p in expected.items():
        assert model.patch_bits(np.array([[value]], dtype=np.uint8))[0] == pytest.approx(-math.log2(p))
    assert model.probabilities.sum() == pytest.approx(1.0)


# -- the autoregressive model's probabilities ----------------------------------------------


@settings(max_examples=200, deadline=None)
@given(mean=st.floats(-1e9, 1e9), scale=st.floats(1e-6, 1e12))
def test_discretised_logistic_sums_to_one_and_is_never_zero(mean, scale):
    log_p = discretised_logistic_log_pmf(np.arange(256), mean, scale)
    assert np.all(np.isfinite(log_p)), "a value got probability 0 (log = -inf)"
    assert np.exp(log_p).sum() == pytest.approx(1.0, abs=1e-9)
    assert discretised_logistic_pmf(np.array([mean]), np.array([scale])).shape == (1, 256)


@settings(max_examples=40, deadline=None)
@given(value=st.integers(0, 255), mean=st.floats(-500, 800), scale=st.floats(0.01, 300))
def test_discretised_logistic_matches_high_precision(value, mean, scale):
    """Against σ(b) - σ(a) in mpmath at 50 digits, written without cancellation by symmetry.

    Deep in the upper tail both σ are 1 - 10^-k; there σ(b) - σ(a) = σ(-a) - σ(-b), two
    tiny numbers whose difference loses nothing (raising the precision past k digits did
    the same at up to 22,000 digits, ~25 s for 40 cases).
    """
    with mpmath.workdps(50):

        def sig(z):
            return 1 / (1 + mpmath.exp(-z))

        low, high = (value - mpmath.mpf(0.5) - mean) / scale, (value + mpmath.mpf(0.5) - mean) / scale
        if value > 0 and low > 0:  # the upper tail: mirror both ends
            mass = sig(-low) - (0 if value == 255 else sig(-high))
        else:
            upper = mpmath.mpf(1) if value == 255 else sig(high)
            lower = mpmath.mpf(0) if value == 0 else sig(low)
            mass = upper - lower
        exact = float(mpmath.log(mass))
    ours = float(discretised_logistic_log_pmf(np.array(value), mean, scale))
    assert ours == pytest.approx(exact, rel=1e-9, abs=1e-9)


def test_the_logistic_written_in_place_is_the_plain_expression_bit_for_bit():
    """centred_log_pmf computes in place, one temporary at a time (half the time of the
    expression with a dozen temporaries): the same bits as that expression, written out here,
    on blocks of the scores' shape with values at both edges, and broadcast as the pmf is."""
    from lib.density.logistic import centred_log_pmf, logistic_bin_width

    def plain(centred, inverse, width, lowest, highest):
        upper = np.asarray((centred + 0.5) * inverse)
        lower = np.asarray((0.5 - centred) * inverse)
        tails = (1.0 + np.where(highest, 0.0, np.exp(-np.abs(upper)))) * (
            1.0 + np.where(lowest, 0.0, np.exp(-np.abs(lower)))
        )
        upper, lower = np.minimum(upper, 0.0), np.minimum(lower, 0.0)
        return np.where(lowest, upper, np.where(highest, lower, upper + lower + width)) - np.log(tails)

    rng = np.random.default_rng(8)
    values = rng.integers(0, 256, (952, 42))
    values[rng.random(values.shape) < 0.05] = 0
    values[rng.random(values.shape) < 0.05] = 255
    centred = values - (values + rng.normal(0, 4, values.shape) * rng.choice([0.01, 1, 300], values.shape))
    inverse = 1 / rng.uniform(0.05, 1000, values.shape)
    parts = (centred, inverse, logistic_bin_width(inverse), values <= 0, values >= 255)
    assert np.array_equal(centred_log_pmf(*parts), plain(*parts))
    grid, inverse = np.arange(256.0) - rng.uniform(-50, 300, (20, 1)), 1 / rng.uniform(0.05, 50, (20, 1))
    parts = (grid, inverse, logistic_bin_width(inverse), np.arange(256) == 0, np.arange(256) == 255)
    assert np.array_equal(centred_log_pmf(*parts), plain(*parts))


def test_the_logistic_scale_fitted_is_the_maximum_likelihood_one():
    """fit_logistic_scales (Newton's method in 1/scale) lands on each cell's maximum-likelihood
    scale: there the slope of the cost −Σ log P, computed in mpmath at 30 digits, is zero to
    ~10⁻⁹ of its curvature (the cost is convex in 1/scale: that zero is its one minimum).
    Cells with edge values (0 and 255 take the tails) and one whose best is the smallest scale."""
    from lib.density.logistic import fit_logistic_scales

    rng = np.random.default_rng(11)
    means = [rng.uniform(20, 200, 300), rng.uniform(-2, 3, 300), rng.uniform(250, 258, 200)]
    cells_values = [
        np.clip(np.rint(means[0] + rng.logistic(0, 2.5, 300)), 0, 255),
        np.clip(np.rint(means[1] + rng.logistic(0, 6.0, 300)), 0, 255),  # many at 0
        np.clip(np.rint(means[2] + rng.logistic(0, 0.7, 200)), 0, 255),  # many at 255
        np.full(50, 7.0),  # always predicted exactly: the narrowest scale allowed
    ]
    means.append(np.full(50, 7.0))
    values, mean = np.concatenate(cells_values), np.concatenate(means)
    cell = np.repeat(np.arange(4), [len(v) for v in cells_values])
    scales, steps = fit_logistic_scales(values - mean, values <= 0, values >= 255, cell, 4, 0.05, 1000.0)
    assert steps <= 10
    assert scales[3] == 0.05

    with mpmath.workdps(30):

        def slope(scale, which):
            """d/d(scale) of −Σ log(σ(b) − σ(a)), b, a = (v ± ½ − mean)/scale; 0 takes σ(b), 255 1 − σ(a)."""
            total = mpmath.mpf(0)
            for v, m in zip(values[cell == which], mean[cell == which], strict=True):
                b, a = (v + mpmath.mpf(0.5) - m) / scale, (v - mpmath.mpf(0.5) - m) / scale
                sb, sa = 1 / (1 + mpmath.exp(-b)), 1 / (1 + mpmath.exp(-a))
                upper, upper_slope = (1, 0) if v == 255 else (sb, -sb * (1 - sb) * b / scale)
                lower, lower_slope = (0, 0) if v == 0 else (sa, -sa * (1 - sa) * a / scale)
                total -= (upper_slope - lower_slope) / (upper - lower)
            return total

        for which in range(3):
            found = mpmath.mpf(float(scales[which]))
            step = found * mpmath.mpf(10) ** -12
            curve = (slope(found + step, which) - slope(found - step, which)) / (2 * step)
            # The cost is convex in 1/scale: a zero slope is its one minimum. A Newton step
            # from the scale found would move it by less than 10⁻⁹ of itself.
            assert curve > 0
            assert abs(slope(found, which) / curve) < 1e-9 * found


@pytest.fixture(scope="module")
def natural():
    """Natural-like grey 8×8 patches: six synthetic 'dead leaves' photos, two held out whole."""
    photos = [synthetic_photo(192, 192, seed) for seed in range(6)]
    split = split_by_photo(photos, test_fraction=1 / 3, rng=0)
    train = extract_patches(list(split.train), 8, 1, 4000, rng=1)
    test = extract_patches(list(split.test), 8, 1, 2000, rng=2)
    return split, train, test


def test_autoregressive_conditionals_sum_to_one_and_give_the_score(natural):
    _, train, test = natural
    model = AutoregressiveModel(8, 1).fit(train)
    patches = test[:200]
    total = np.zeros(len(patches))
    for d in range(model.dims):
        pmf = model.conditional_pmf(patches, d)
        assert pmf.shape == (200, 256)
        assert np.allclose(pmf.sum(axis=1), 1.0, atol=1e-12)
        total -= np.log2(pmf[np.arange(200), patches[:, d]])
    assert np.allclose(total, model.patch_bits(patches), rtol=1e-10)


@pytest.mark.parametrize("channels", [1, 3])
def test_autoregressive_conditionals_read_only_earlier_values(channels):
    """Π_d P(x_d | x_<d) is normalised only if no conditional peeks at a later value."""
    size = 4
    rng = np.random.default_rng(3)
    train = extract_patches([synthetic_photo(96, 96, 9)], size, channels, 1500, rng=4)
    model = AutoregressiveModel(size, channels).fit(train)
    base = train[:50]
    for d in range(model.dims):
        scrambled = base.copy()
        scrambled[:, d:] = rng.integers(0, 256, size=scrambled[:, d:].shape)
        assert np.array_equal(model.conditional_pmf(base, d), model.conditional_pmf(scrambled, d))


def test_autoregressive_model_is_normalised_over_a_whole_tiny_space():
    """For 1×1 RGB patches (256³ of them) the probabilities of all patches sum to 1.

    Σ_r P(r) · Σ_g P(g|r) · Σ_b P(b|r,g), every one of the 65,536 (r, g) contexts visited.
    """
    train = extract_patches([synthetic_photo(64, 64, 2)], 1, 3, 3000, rng=5)
    model = AutoregressiveModel(1, 3).fit(train)
    levels = np.arange(256, dtype=np.uint8)
    reds = np.zeros((256, 3), dtype=np.uint8)
    reds[:, 0] = levels
    p_red = model.conditional_pmf(reds[:1], 0)[0]  # the first value has no context
    p_green = model.conditional_pmf(reds, 1)  # (r, g)
    total = 0.0
    for r in range(256):
        contexts = np.zeros((256, 3), dtype=np.uint8)
        contexts[:, 0], contexts[:, 1] = r, levels
        p_blue = model.conditional_pmf(contexts, 2).sum(axis=1)  # (g,)
        total += p_red[r] * (p_green[r] * p_blue).sum()
    assert total == pytest.approx(1.0, abs=1e-9)


# -- the ladder on natural patches -----------------------------------------------------------


def test_ladder_is_monotone_on_natural_patches(natural):
    """Uniform > independent > Gaussian > autoregressive on held-out photos, each by ≥ 0.05 bits.

    (On these patches the steps are ≈ 0.2, 1, 0.7 bits; held-out noise is < 0.02.)
    """
    _, train, test = natural
    result = fit_ladder(train, test, 8, 1, samples=4)
    bits = {r.name: r.bits_per_dim for r in result.rungs}
    chain = ["uniform", "independent pixels", "Gaussian", "autoregressive"]
    for simpler, richer in itertools.pairwise(chain):
        assert bits[richer] < bits[simpler] - 0.05, bits
    assert bits["Gaussian mixture"] < bits["Gaussian"], bits
    assert all(0 < b <= 8 for b in bits.values())
    assert result.rung("Gaussian").likelihood == DEQUANTISED_BOUND
    assert result.rung("autoregressive").likelihood == EXACT_DISCRETE
    assert 0 < result.png_bits_per_dim < 8


def test_ladder_is_monotone_on_rgb_patches():
    photos = [synthetic_photo(128, 128, seed) for seed in range(10, 14)]
    split = split_by_photo(photos, 0.25, rng=0)
    train = extract_patches(list(split.train), 4, 3, 3000, rng=1)
    test = extract_patches(list(split.test), 4, 3, 1500, rng=2)
    bits = [r.bits_per_dim for r in fit_ladder(train, test, 4, 3, samples=2, with_png=False).rungs[:4]]
    assert bits == sorted(bits, reverse=True) and len(set(bits)) == 4, bits


def _corpus() -> list[np.ndarray]:
    """The shipped photos, read with Pillow: files named in the manifest, else every image."""
    manifest = PHOTOS / "manifest.json"
    if not manifest.exists():
        return []
    names: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str) and node.lower().endswith((".png", ".jpg", ".jpeg")):
            names.append(Path(node).name)

    walk(json.loads(manifest.read_text()))
    files = [PHOTOS / n for n in dict.fromkeys(names) if (PHOTOS / n).exists()]
    files = files or sorted(p for p in PHOTOS.iterdir() if p.suffix.lower() in (".png", ".jpg", ".jpeg"))
    return [np.asarray(Image.open(f).convert("RGB")) for f in files]


def test_ladder_on_the_shipped_photos():
    """On real photos held out whole: Gaussian and autoregressive below uniform, in order.

    The histogram rung is deliberately not put in the order here: one photo's grey levels
    differ so much from the others' that the histogram learned on the training photos
    usually costs *more* than 8 bits/dim on the held-out ones (measured on the shipped
    photos, 8×8 grey, six splits: 7.73 to 9.13), and a Gaussian learned on smooth photos
    can too when only textures (grass, gravel) are held out (8.45). Default split: rocket
    and grass held out, Gaussian ≈ 7.2, autoregressive ≈ 5.1 bits/dim.
    """
    photos = _corpus()
    if len(photos) < 3:
        pytest.skip("assets/photos has no manifest with at least 3 photos yet")
    split = split_by_photo(photos, 0.25, rng=0)
    train = extract_patches(list(split.train), 8, 1, 4000, rng=1)
    test = extract_patches(list(split.test), 8, 1, 2000, rng=2)
    bits = {r.name: r.bits_per_dim for r in fit_ladder(train, test, 8, 1, samples=0).rungs}
    assert bits["uniform"] > bits["Gaussian"] + 0.5 > bits["autoregressive"] + 1.0, bits
    assert bits["Gaussian mixture"] < bits["Gaussian"], bits


# -- reproducibility ------------------------------------------------------------------------


@pytest.mark.parametrize("model", every_model(4, 3), ids=lambda m: m.name)
def test_samples_are_reproducible_from_a_seed(model):
    train = extract_patches([synthetic_photo(64, 64, 1)], 4, 3, 600, rng=0)
    model.fit(train)
    first, again = model.sample(7, 42), model.sample(7, np.random.default_rng(42))
    assert first.dtype == np.uint8 and first.shape == (7, 48)
    assert np.array_equal(first, again)
    assert not np.array_equal(first, model.sample(7, 43))
    assert model.sample(0, 1).shape == (0, 48)


def test_fitting_and_the_whole_ladder_are_deterministic(natural):
    _, train, test = natural
    one, two = (fit_ladder(train[:1500], test[:500], 8, 1, samples=3, seed=9) for _ in range(2))
    for a, b in zip(one.rungs, two.rungs):
        assert a.bits_per_dim == b.bits_per_dim
        assert np.array_equal(a.samples, b.samples)
    assert one.png_bits_per_dim == two.png_bits_per_dim
    assert "1,500 training and 500 held-out 8×8 grey" in one.computed_on()


def test_models_fitted_side_by_side_give_the_figures_of_one_after_the_other(natural):
    """fit_ladder fits its models and codecs in threads at once: the same figures, bit for bit,
    in ladder order, as each model fitted and scored alone here."""
    from lib.density import default_ladder, own_entropy

    _, train, test = natural
    train, test, fresh = train[:1500], test[:500], test[500:900]
    together = fit_ladder(train, test, 8, 1, samples=3, seed=4, fresh=fresh, entropy_samples=50)
    assert [r.name for r in together.rungs] == [m.name for m in default_ladder(8, 1)]
    for rung, model in zip(together.rungs, default_ladder(8, 1), strict=True):
        model.fit(train)
        alone = (model.bits_per_dim(test), model.bits_per_dim(train), model.bits_per_dim(fresh))
        assert (rung.bits_per_dim, rung.train_bits_per_dim, rung.fresh_bits_per_dim) == alone, rung.name
        assert rung.entropy_bits_per_dim == own_entropy(model, 50, 4)
        assert np.array_equal(rung.samples, model.sample(3, np.random.default_rng(4)))
    assert together.png_bits_per_dim == png_bits_per_dim(test, 8, 1)
    same = UniformModel(8, 1)  # one model object twice: fitted one after the other, not raced
    assert len(fit_ladder(train[:200], test[:50], 8, 1, models=[same, same], with_png=False).rungs) == 2


def test_fit_ladder_reports_progress_and_timings(natural, monkeypatch):
    _, train, test = natural
    calls = []
    result = fit_ladder(train[:800], test[:300], 8, 1, samples=2, progress=lambda f, t: calls.append((f, t)))
    assert calls[-1] == (1.0, "done")
    assert [f for f, _ in calls] == sorted(f for f, _ in calls)
    import threading
    from concurrent.futures import ThreadPoolExecutor
    from concurrent.futures import wait as wait_for

    from lib.density import ladder

    futures, asked = [], threading.Event()

    class Recording(ThreadPoolExecutor):
        def submit(self, *args, **kwargs):
            futures.append(super().submit(*args, **kwargs))
            return futures[-1]

    class Slow(UniformModel):  # still fitting when its turn comes, until the other one is done
        def _fit(self, train):
            assert asked.wait(30) and not wait_for(futures[1:], timeout=30).not_done
            super()._fit(train)

    class Quick(UniformModel):
        name = "quick"

    reported = []

    def report(fraction, text):
        reported.append(text)
        asked.set()

    monkeypatch.setattr(ladder, "ThreadPoolExecutor", Recording)
    fit_ladder(
        train[:200], test[:50], 8, 1, models=[Slow(8, 1), Quick(8, 1)], with_png=False, progress=report
    )
    assert reported == ["fitting uniform", "done"]  # no message for the model already done
    assert all(r.fit_seconds >= 0 and r.samples.shape == (2, 64) for r in result.rungs)
    assert result.real_examples.shape == (2, 64)


# -- patches, photos and PNG -----------------------------------------------------------------


def test_grey_is_pillows_grey():
    rgb = np.random.default_rng(0).integers(0, 256, size=(31, 17, 3), dtype=np.uint8)
    assert np.array_equal(to_grey(rgb), np.asarray(Image.fromarray(rgb).convert("L")))


def test_patches_are_windows_of_the_photos_in_raster_order():
    photo = np.random.default_rng(1).integers(0, 256, size=(20, 30, 3), dtype=np.uint8)
    patches = extract_patches([photo], 3, 3, 50, rng=2)
    # a patch flattens (row, column, channel): the window's own C order
    windows = np.moveaxis(np.lib.stride_tricks.sliding_window_view(photo, (3, 3), axis=(0, 1)), 2, -1)
    windows = windows.reshape(-1, 27)
    known = {w.tobytes() for w in windows}
    assert all(p.tobytes() in known for p in patches)
    assert patches_to_images(patches, 3, 3).shape == (50, 3, 3, 3)
    assert np.array_equal(patches_to_images(patches, 3, 3)[0], patches[0].reshape(3, 3, 3))


def test_grey_patches_are_windows_of_pillows_grey_photo():
    """Grey patches are cut in colour and made grey afterwards: the same values as windows of
    the whole photo made grey by Pillow."""
    photo = np.random.default_rng(3).integers(0, 256, size=(23, 19, 3), dtype=np.uint8)
    patches = extract_patches([photo], 4, 1, 200, rng=5)
    grey = np.asarray(Image.fromarray(photo).convert("L"))
    windows = np.lib.stride_tricks.sliding_window_view(grey, (4, 4)).reshape(-1, 16)
    known = {w.tobytes() for w in windows}
    assert all(p.tobytes() in known for p in patches)
    already_grey = extract_patches([grey], 4, 1, 200, rng=5)  # the same draws from a grey photo
    assert np.array_equal(patches, already_grey)


def test_mosaic_is_the_contact_sheet_without_gaps():
    from lib.photo_corpus import contact_sheet

    rng = np.random.default_rng(4)
    for n, size, channels in ((1, 8, 1), (5, 2, 1), (17, 4, 3), (2000, 8, 1)):
        patches = rng.integers(0, 256, (n, size * size * channels), dtype=np.uint8)
        pictures = patches_to_images(patches, size, channels)
        columns = math.ceil(math.sqrt(n))
        expected = contact_sheet(pictures, columns, scale=1, gap=0, background=0)
        assert np.array_equal(mosaic(patches, size, channels), expected), (n, size, channels)
        few = min(3, n)
        assert np.array_equal(
            mosaic(patches, size, channels, few, gap=1), contact_sheet(pictures, few, 1, 1, 0)
        )


def test_every_photo_gives_an_equal_share_of_patches():
    dark = np.zeros((300, 300, 3), dtype=np.uint8)
    light = np.full((20, 20, 3), 255, dtype=np.uint8)
    patches = extract_patches([dark, light], 4, 1, 101, rng=0)
    assert (patches[:, 0] == 0).sum() == 51 and (patches[:, 0] == 255).sum() == 50
    assert np.array_equal(patches, extract_patches([dark, light], 4, 1, 101, rng=0))


def test_split_holds_out_whole_photos():
    photos = [np.full((10, 10, 3), i, dtype=np.uint8) for i in range(9)]
    split = split_by_photo(photos, 0.3, rng=4)
    assert sorted(split.train_indices + split.test_indices) == list(range(9))
    assert len(split.test_indices) == 3
    assert [int(p[0, 0, 0]) for p in split.test] == list(split.test_indices)
    assert split.test_indices == split_by_photo(photos, 0.3, rng=4).test_indices
    assert len(split_by_photo(photos[:2], 0.9).test) == 1
    chosen = split_by_photo(photos, test_indices=[8, 0])
    assert chosen.test_indices == (0, 8) and len(chosen.train) == 7


def test_png_reference_is_a_real_compressed_size():
    rng = np.random.default_rng(0)
    noise = rng.integers(0, 256, size=(400, 64), dtype=np.uint8)
    flat = np.full((400, 64), 77, dtype=np.uint8)
    assert 8.0 <= png_bits_per_dim(noise, 8, 1) < 8.3  # incompressible, plus PNG's framing
    assert png_bits_per_dim(flat, 8, 1) < 0.2
    assert mosaic(noise[:5], 8, 1).shape == (16, 24)  # 3 columns, 2 rows


# -- the effective space ------------------------------------------------------------------------


def test_effective_space_is_exact():
    space = effective_space(4.5, 64)
    assert space.favoured == Magnitude.power(2, 288)
    assert space.everything == Magnitude.power(256, 64)
    assert space.fraction == Magnitude.power(2, -224)
    assert space.favoured * space.everything.reciprocal() == space.fraction
    assert str(space.fraction.scientific(5)) == "3.7092·10^-68"


def test_effective_space_of_the_phone_photo():
    space = effective_space(4.0, PHONE_PHOTO_DIMS)
    assert space.everything.digit_count() == 68_181_012  # 256^(2304·4096·3), as on the first page
    assert space.favoured_bits == 4 * PHONE_PHOTO_DIMS
    assert space.fraction == Magnitude.power(2, -4 * PHONE_PHOTO_DIMS)


def test_effective_space_states_its_rounding():
    assert effective_space(4.1235, 10).bits_per_dim == Fraction("4.124")  # half to even
    assert effective_space(4.1245, 10).bits_per_dim == Fraction("4.124")
    assert effective_space(0.1 + 0.2, 10).bits_per_dim == Fraction("0.3")  # from repr, not binary
    space = effective_space("4.123", 64)  # b·D = 263.872
    assert space.favoured_bits == 264 and "263.872 rounded up to 264" in space.rounding
    # Up, never to the nearest: 2^n must still bound the images with probability ≥ 2^-(b·D).
    space = effective_space("5.024", 64)  # b·D = 321.536, the default view's best model
    assert space.favoured_bits == 322 and "321.536 rounded up to 322 bits" in space.rounding
    space = effective_space("4.502", 64)  # b·D = 288.128: nearest would be 288, below the bound
    assert space.favoured_bits == 289 and "288.128 rounded up to 289 bits" in space.rounding
    assert effective_space(Fraction(9, 2), 2, decimals=0).bits_per_dim == 4  # 4.5 → 4, half to even


@settings(max_examples=30, deadline=None)
@given(thousandths=st.integers(0, 8000), dims=st.integers(1, 10**8))
def test_effective_space_fraction_is_favoured_over_everything(thousandths, dims):
    b = Fraction(thousandths, 1000)
    space = effective_space(b, dims)
    assert space.favoured_bits == math.ceil(b * dims)  # the least whole n with 2^n ≥ 2^(b·D)
    assert space.fraction * space.everything == space.favoured
    assert space.fraction.compare(Magnitude.of(1)) <= 0


# -- published records -------------------------------------------------------------------------


def test_published_records_are_cited_and_in_order():
    chart = [(r.model, r.bits_per_dim) for r in CIFAR10_CHART]
    assert chart == [
        ("PixelCNN", 3.14),
        ("PixelCNN++", 2.92),
        ("Sparse Transformer", 2.80),
        ("VDM", 2.65),
        ("MuLAN", 2.55),
    ]
    by_name = {r.model: r for r in CIFAR10_RECORDS}
    assert by_name["Gated PixelCNN"].bits_per_dim == 3.03
    assert "Conditional Image Generation with PixelCNN Decoders" in by_name["Gated PixelCNN"].citation
    assert "Pixel Recurrent Neural Networks" in by_name["PixelCNN"].citation
    assert by_name["PixelRNN (Diagonal BiLSTM)"].bits_per_dim == 3.00
    assert all(r.citation and 2016 <= r.year <= 2024 for r in CIFAR10_RECORDS)


# -- bad input -----------------------------------------------------------------------------------

GOOD = np.zeros((10, 16), dtype=np.uint8)
BAD_INPUTS = {
    "float patches": lambda: GaussianModel(4, 1).fit(GOOD.astype(float)),
    "wrong width": lambda: GaussianModel(4, 1).fit(np.zeros((10, 15), dtype=np.uint8)),
    "one-dimensional": lambda: UniformModel(4, 1).fit(np.zeros(16, dtype=np.uint8)),
    "values above 255": lambda: UniformModel(4, 1).fit(np.full((3, 16), 300)),
    "a list": lambda: UniformModel(4, 1).fit([[0] * 16]),
    "one patch for a Gaussian": lambda: GaussianModel(4, 1).fit(GOOD[:1]),
    "two channels": lambda: UniformModel(4, 2),
    "size zero": lambda: UniformModel(0, 1),
    "size as float": lambda: UniformModel(4.0, 1),
    "not fitted": lambda: GaussianModel(4, 1).sample(3, 0),
    "negative samples": lambda: UniformModel(4, 1).fit(GOOD).sample(-1, 0),
    "bad seed": lambda: UniformModel(4, 1).fit(GOOD).sample(2, "seed"),
    "negative ridge": lambda: GaussianModel(4, 1, ridge=-1),
    "non-causal neighbour": lambda: AutoregressiveModel(4, 1, neighbours=[(0, 1)]),
    "no neighbours": lambda: AutoregressiveModel(4, 1, neighbours=[]),
    "zero components": lambda: GaussianMixtureModel(4, 1, components=0),
    "zero pseudocount": lambda: IndependentPixelModel(4, 1, pseudocount=0),
    "pmf dim out of range": lambda: (
        AutoregressiveModel(1, 1).fit(GOOD[:, :1]).conditional_pmf(GOOD[:, :1], 1)
    ),
    "zero logistic scale": lambda: discretised_logistic_log_pmf(np.arange(3), 0.0, 0.0),
    "tiny logistic scale": lambda: discretised_logistic_log_pmf(np.arange(3), 0.0, 1e-300),
    "infinite logistic mean": lambda: discretised_logistic_log_pmf(np.arange(3), np.inf, 1.0),
    "logistic value 256": lambda: discretised_logistic_log_pmf(np.array([256]), 0.0, 1.0),
    "logistic value 1.5": lambda: discretised_logistic_log_pmf(np.array([1.5]), 0.0, 1.0),
    "shrinkage above 1": lambda: GaussianModel(4, 1, shrinkage=1.5),
    "no photos": lambda: extract_patches([], 4, 1, 10),
    "photo too small": lambda: extract_patches([np.zeros((3, 3, 3), np.uint8)], 4, 1, 10),
    "RGBA photo": lambda: extract_patches([np.zeros((9, 9, 4), np.uint8)], 4, 1, 10),
    "grey photo for RGB": lambda: extract_patches([np.zeros((9, 9), np.uint8)], 4, 3, 10),
    "zero patches": lambda: extract_patches([np.zeros((9, 9, 3), np.uint8)], 4, 1, 0),
    "one photo to split": lambda: split_by_photo([np.zeros((9, 9, 3), np.uint8)]),
    "split fraction 1": lambda: split_by_photo([GOOD, GOOD], 1.0),
    "hold out every photo": lambda: split_by_photo([GOOD, GOOD], test_indices=[0, 1]),
    "hold out a missing photo": lambda: split_by_photo([GOOD, GOOD], test_indices=[2]),
    "PNG of wrong shape": lambda: png_bits_per_dim(GOOD, 8, 1),
    "ladder size mismatch": lambda: fit_ladder(GOOD, GOOD, 8, 1),
    "ladder with a foreign model": lambda: fit_ladder(GOOD, GOOD, 4, 1, models=[UniformModel(2, 1)]),
    "bits above 8": lambda: effective_space(8.5, 64),
    "bits NaN": lambda: effective_space(float("nan"), 64),
    "bits infinite": lambda: effective_space(float("inf"), 64),
    "bits negative": lambda: effective_space(-0.1, 64),
    "bits as text": lambda: effective_space("lots", 64),
    "zero dims": lambda: effective_space(4.0, 0),
}


@pytest.mark.parametrize("call", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_is_refused_with_a_value_error(call):
    with pytest.raises(ValueError) as error:
        call()
    assert len(str(error.value)) > 10  # a sentence, not a bare code


def test_not_fitted_is_a_value_error_with_its_own_name():
    with pytest.raises(NotFittedError, match="fit"):
        AutoregressiveModel(2, 1).bits_per_dim(np.zeros((1, 4), np.uint8))


def test_default_ladder_drops_the_mixture_for_big_patches():
    assert [m.name for m in default_ladder(8, 1)][-1] == "Gaussian mixture"
    assert "Gaussian mixture" not in [m.name for m in default_ladder(16, 3)]


def test_own_entropy_of_independent_pixels_is_the_histograms_entropy():
    """Monte Carlo estimate against the exact entropy −Σ p log2 p of the fitted histogram."""
    from lib.density import own_entropy

    rng = np.random.default_rng(3)
    train = np.minimum(rng.geometric(0.05, size=(3000, 16)), 255).astype(np.uint8)
    model = IndependentPixelModel(4, 1).fit(train)
    p = model.probabilities[0]
    exact = float(-(p * np.log2(p)).sum())
    # 4,000 samples × 16 values: the standard error of the mean cost is ~0.01 bits/dim
    assert own_entropy(model, 4000, seed=1) == pytest.approx(exact, abs=0.04)
    assert own_entropy(UniformModel(4, 1).fit(train), 10) == 8.0
    assert own_entropy(model, 0) is None


def test_fresh_patches_show_the_gap_is_between_photos_not_memorised():
    """Issue 10.1: the held-out gap is the difference between photos, measured on the photos."""
    from conftest import fitted_study

    from lib.density import gaps

    study = fitted_study(("rocket", "grass"), 8, 1, 4000, 0)  # the page's default, shared with its tests
    found = gaps(study.ladder)
    assert found.rungs == ("independent pixels", "Gaussian", "autoregressive", "Gaussian mixture")
    assert all(-0.05 < g < 0.15 for g in found.memorised), found  # measured 0.00–0.07
    assert all(g > 0.5 for g in found.between_photos), found  # measured 0.68–1.75
    own = {r.name: r.entropy_bits_per_dim for r in study.ladder.rungs}
    mixture = study.ladder.rung("Gaussian mixture")
    assert own["uniform"] == 8.0 and own["Gaussian mixture"] < mixture.bits_per_dim - 0.5  # not b


def test_the_gap_sentence_counts_the_views_own_histogram_and_training_values():
    """The 'cannot memorise' aside follows the view: a histogram's numbers against the
    training values it was fitted on (it said '256,000 values' at every view)."""
    from lib.density import gaps, run_study

    rng = np.random.default_rng(5)
    photos = [rng.integers(0, 256, (24, 24, 3), dtype=np.uint8) for _ in range(3)]
    study = run_study(photos, ["a", "b", "c"], ["c"], size=4, channels=3, train_count=600)
    pixels = study.ladder.rung("independent pixels").parameters
    assert study.ladder.train_count * study.ladder.dims == 600 * 48
    assert (
        gaps(study.ladder)
        .sentence()
        .endswith(f"(a histogram of {pixels:,} numbers cannot memorise 28,800 values).")
    )


def test_a_seeds_grey_patches_are_cut_from_grey_photos_made_once(monkeypatch):
    """training_patches cuts a seed's grey patches from grey copies of the training photos, made
    once per set of read-only photos and kept (patches.grey_photos): the same patches as cutting
    the RGB photos and making each window grey, for three splits taken in turn and two seeds
    each, with each split's photos made grey once; a photo that may still change is made grey
    again on every call, so a change shows in the next seed's patches."""
    from lib.density import patches

    photos = [synthetic_photo(64, 80, seed) for seed in range(3)]
    for photo in photos:
        photo.flags.writeable = False
    made = []
    monkeypatch.setattr(patches, "to_grey", lambda image: made.append(image.shape) or to_grey(image))
    monkeypatch.setattr(patches, "_GREY", BuiltOnce(4))

    def plain(split, seed):  # every window cut from the RGB photos, then made grey
        return (
            extract_patches(list(split.train), 8, 1, 300, rng=2 * seed + 1),
            extract_patches(list(split.train), 8, 1, 100, rng=np.random.default_rng([seed, 3])),
        )

    for holdout in ([0], [1], [0], [2], [1]):
        split = split_by_photo(photos, test_indices=holdout)
        for seed in (0, 5):
            cut = dm.training_patches(split, 8, 1, 300, seed, 100)
            assert all(np.array_equal(a, b) for a, b in zip(cut, plain(split, seed), strict=True)), holdout
    assert made.count((64, 80, 3)) == 6  # each of the 3 splits' 2 photos once (20 made on every call)
    changing = [synthetic_photo(64, 80, 7), photos[1]]
    split = split_by_photo(changing, test_indices=[1])
    before = dm.training_patches(split, 8, 1, 300, 0, 100)[0]
    changing[0][:] = 255 - changing[0]
    after = dm.training_patches(split, 8, 1, 300, 0, 100)[0]
    assert np.array_equal(after, plain(split, 0)[0]) and not np.array_equal(before, after)


def test_fresh_patches_come_from_the_training_photos():
    from lib.density import patch_sets

    photos = [np.full((16, 16, 3), v, np.uint8) for v in (10, 20, 30, 40)]
    sets = patch_sets(photos, [1, 3], size=4, channels=1, train_count=50, seed=2, test_count=40)
    assert set(np.unique(sets.fresh)) == {10, 30} and set(np.unique(sets.test)) == {20, 40}
    again = patch_sets(photos, [1, 3], size=4, channels=1, train_count=50, seed=2, test_count=40)
    assert np.array_equal(sets.fresh, again.fresh)


def test_a_new_seed_reuses_the_held_out_side(monkeypatch):
    """Every seed is scored on the same held-out patches, so a server's new seed reuses what
    they alone decide (their PNG and WebP files: about half a fit's CPU) and shows the very
    figures a fit from scratch gives."""
    from lib.density import StudyService, StudySettings, run_study
    from lib.density import ladder as ladder_module

    photos, names = [synthetic_photo(40, 40, seed) for seed in (5, 6, 7)], ["a", "b", "c"]
    service = StudyService(lambda: (photos, names))
    first = service.study(StudySettings(size=4, train=500, holdout=("c",)), always=True)
    scratch = run_study(photos, names, ("c",), 4, 1, 500, seed=9)

    def refuse(*args, **kwargs):
        raise AssertionError("the held-out patches were encoded again")

    monkeypatch.setattr(ladder_module, "codec_bits_per_dim", refuse)
    again = service.study(StudySettings(size=4, train=500, seed=9, holdout=("c",)), always=True)
    assert again.held_out is first.held_out and first.held_out is not None
    assert np.array_equal(scratch.held_out.test, first.held_out.test)  # type: ignore[union-attr]

    def figures(study):
        ladder = study.ladder
        rungs = [(r.bits_per_dim, r.train_bits_per_dim, r.fresh_bits_per_dim) for r in ladder.rungs]
        return rungs, ladder.png_bits_per_dim, ladder.webp_bits_per_dim, study.own_histogram_bits

    assert figures(again) == figures(scratch) and figures(again) != figures(first)


def test_webp_reference_is_a_real_lossless_file_size():
    """Issue 15: WebP lossless beside PNG, the same picture, the same division."""
    import io

    from lib.density import encode_lossless, webp_bits_per_dim

    photo = synthetic_photo(96, 96, 4)
    patches = extract_patches([photo], 8, 1, 300, rng=1)
    picture = mosaic(patches, 8, 1)
    buffer = io.BytesIO()
    Image.fromarray(picture).save(buffer, format="WEBP", lossless=True, quality=95, method=6)
    assert webp_bits_per_dim(patches, 8, 1) == buffer.tell() * 8 / patches.size  # independent encode
    data = encode_lossless(patches, 8, 1, "WEBP")
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(data)).convert("L")), picture)  # lossless
    noise = np.random.default_rng(2).integers(0, 256, (300, 64), dtype=np.uint8)
    assert webp_bits_per_dim(noise, 8, 1) > 8 > webp_bits_per_dim(patches, 8, 1)
    result = fit_ladder(patches[:200], patches[200:], 8, 1, models=[UniformModel(8, 1)])
    assert result.webp_bits_per_dim == webp_bits_per_dim(patches[200:], 8, 1)  # encoded beside the fits
    assert result.png_bits_per_dim == png_bits_per_dim(patches[200:], 8, 1)


def test_the_gap_sentence_claims_what_the_gaps_measure():
    """16×16 RGB's figures: a 0.78 bits/dim gap is not "all they memorised" of something small."""
    large = dm.Gaps(
        ("independent pixels", "Gaussian", "autoregressive"), (0.024, 0.782, 0.055), (0.544, 2.071, 0.531)
    )
    said = large.sentence()
    assert "all they memorised" not in said and "the Gaussian did memorise (0.78 bits per value" in said
    assert "by 0.02–0.78 bits per value" in said and "by 0.53–2.07 bits per value more" in said
    assert "For independent pixels, Gaussian and autoregressive (uniform" in said  # the rungs covered
    small = dm.Gaps(("independent pixels",), (0.004,), (0.7,)).sentence()
    assert "by 0.00 bits per value: so little is all they memorised" in small
    assert dm.Gaps.span((-0.037, 2.461)) == "−0.04 to +2.46 bits per value"  # a true minus, no dash beside it
    both_ways = dm.Gaps(("a", "b"), (-0.021, 0.08), (-0.1, 0.5)).sentence()  # review 10: "rises by −0.02"
    assert "the cost changes by −0.02 to +0.08 bits per value: so little" in both_ways
    assert "held-out photos it changes by −0.10 to +0.50 bits per value: the difference" in both_ways
    assert "rises by −" not in both_ways


def test_an_abandoned_fit_stops_inside_its_longest_loops(natural, monkeypatch):
    """A fit made ahead of a visitor gives way within one step of its longest loops (the
    mixture's EM steps, the autoregressive scale search, scoring and sampling), not after the
    whole fit: the visitor who abandoned it waits for one step (issue 14)."""
    import threading

    from lib.density import abandon, logistic, mixture

    _, train, test = natural
    stop = threading.Event()
    steps: list[str] = []
    m_step = mixture.GaussianMixtureModel._m_step

    def one_step_then_abandon(self, *args):
        steps.append("M")
        m_step(self, *args)
        stop.set()

    monkeypatch.setattr(mixture.GaussianMixtureModel, "_m_step", one_step_then_abandon)
    with abandon.abandonable(stop), pytest.raises(abandon.FitAbandoned):
        GaussianMixtureModel(8, 1).fit(train)
    assert steps == ["M"]  # unabandoned, EM takes 5 or more steps here

    stop.clear()
    evaluations: list[int] = []
    sigmoids = logistic._larger_smaller

    def evaluation_then_abandon(falling, at):
        evaluations.append(1)
        stop.set()
        return sigmoids(falling, at)

    monkeypatch.setattr(logistic, "_larger_smaller", evaluation_then_abandon)
    with abandon.abandonable(stop), pytest.raises(abandon.FitAbandoned):
        AutoregressiveModel(8, 1).fit(train)
    assert len(evaluations) == 2  # the scale fit's first Newton step (both bin edges), then it stopped

    monkeypatch.setattr(logistic, "_larger_smaller", sigmoids)
    fitted = AutoregressiveModel(8, 1).fit(train)  # not abandonable: the event is not this fit's
    stop.set()
    with abandon.abandonable(stop):
        for work in (lambda: fitted.bits_per_dim(test), lambda: fitted.sample(4, 0)):
            with pytest.raises(abandon.FitAbandoned):
                work()


class Float64EM(GaussianMixtureModel):
    """The mixture with both of EM's big products in float64 (the reference for float32)."""

    EM_DTYPE = np.float64


def test_the_mixtures_float32_em_gives_the_float64_figures(natural):
    """EM's two big products run in float32 (twice as fast); the fitted figures move by far
    less than EM's own stopping step (10⁻³) and the 3 decimals shown, and the scores are
    computed in float64 from the fitted parameters (checked here against a linear solve)."""
    from lib.density.base import DEQUANTISATION_VARIANCE

    _, train, test = natural
    fast = GaussianMixtureModel(8, 1).fit(train)
    exact = Float64EM(8, 1).fit(train)
    assert fast.covariances.dtype == np.float64 and len(fast.history) == len(exact.history)
    for patches in (train, test):
        assert fast.bits_per_dim(patches) == pytest.approx(exact.bits_per_dim(patches), abs=1e-4)
    # The score from the parameters, written out here in float64 (a linear solve per component).
    x = test.astype(np.float64)
    per_component = []
    for k in range(fast.components):
        cov = fast.covariances[k]
        centred = x + 0.5 - fast.means[k]
        quad = np.einsum("nd,nd->n", centred, np.linalg.solve(cov, centred.T).T)
        trace = np.trace(np.linalg.inv(cov)) * DEQUANTISATION_VARIANCE
        _, logdet = np.linalg.slogdet(cov)
        per_component.append(np.log(fast.weights[k]) - 0.5 * (64 * np.log(2 * np.pi) + logdet + quad + trace))
    joint = np.array(per_component)
    top = joint.max(axis=0)
    bits = -(top + np.log(np.exp(joint - top).sum(axis=0))) / np.log(2)
    assert fast.bits_per_dim(test) == pytest.approx(bits.mean() / 64, rel=1e-10)


@pytest.mark.parametrize(("model_class", "tolerance"), [(Float64EM, 1e-11), (GaussianMixtureModel, 2e-6)])
def test_the_mixtures_m_step_gives_the_weighted_covariances_of_a_plain_sum(model_class, tolerance):
    """The M-step's second moments (about each component's centre, √r-weighted) against the
    plain weighted sums Σ r·x, Σ r·x·xᵀ in extended precision (numpy's longdouble), shrunk
    and dequantised as the class says: weights and means to ~10⁻¹³, every covariance to
    ~10⁻¹² in float64 and to ~3·10⁻⁷ in float32. The values are bright and close together,
    as in a flat patch of sky: about zero instead of about each centre, float32 was off by
    ~3·10⁻⁴ here."""
    from lib.density.base import DEQUANTISATION_VARIANCE

    rng = np.random.default_rng(3)
    x = rng.integers(190, 210, (4000, 16)).astype(np.float64)
    resp = rng.dirichlet(np.ones(3), 4000)
    pooled = np.cov(x.T, bias=True)
    model = model_class(4, 1, components=3)
    model._m_step(x, resp, pooled)

    wide, r = x.astype(np.longdouble), resp.astype(np.longdouble)
    counts = r.sum(axis=0) + np.longdouble(1e-12)
    for k in range(3):
        centre = (r[:, k, None] * wide).sum(axis=0) / counts[k]
        second = np.einsum("n,nd,ne->de", r[:, k], wide, wide) / counts[k]
        cov = second - np.outer(centre, centre)
        cov = (counts[k] * cov + model.shrinkage * pooled) / (counts[k] + model.shrinkage)
        cov += np.eye(16) * DEQUANTISATION_VARIANCE
        assert np.abs(model.covariances[k] - cov.astype(np.float64)).max() < tolerance * np.abs(cov).max()
        assert model.means[k] == pytest.approx((centre + np.longdouble(0.5)).astype(np.float64), abs=1e-11)
        assert model.weights[k] == pytest.approx(float(counts[k] / counts.sum()), rel=1e-13)


@pytest.mark.parametrize(("model_class", "tolerance"), [(Float64EM, 1e-11), (GaussianMixtureModel, 2e-6)])
def test_the_mixtures_m_step_leaves_out_only_what_cannot_count(model_class, tolerance):
    """The M-step reads, for each component, only the patches whose responsibility is above
    NEGLIGIBLE / N: with responsibilities as sharp as EM's (most of them 0, 10⁻³⁰ or 10⁻¹⁸,
    some 10⁻⁶), its covariances are still the plain weighted sums over **every** patch in
    extended precision, to ~10⁻¹² in float64 and ~10⁻⁶ in float32, and the products did
    leave most rows out (a patch of weight 10⁻⁶ is kept: left out, it moves them by ~10⁻⁵)."""
    from lib.density.base import DEQUANTISATION_VARIANCE

    rng = np.random.default_rng(5)
    x = rng.integers(150, 250, (4000, 16)).astype(np.float64)
    resp = rng.dirichlet(np.ones(3), 4000)
    owner = rng.integers(0, 3, 4000)
    tiny = rng.choice(np.array([0.0, 1e-30, 1e-18, 1e-6]), (4000, 3), p=[0.3, 0.3, 0.3, 0.1])
    resp = np.where(np.arange(3) == owner[:, None], 1.0, tiny * resp)
    resp /= resp.sum(axis=1, keepdims=True)
    pooled = np.cov(x.T, bias=True)
    model = model_class(4, 1, components=3)
    rows = [model._kept_rows(resp[:, k]) for k in range(3)]
    assert all(isinstance(r, np.ndarray) and len(r) < 2000 for r in rows), [np.size(r) for r in rows]
    model._m_step(x, resp, pooled)

    wide, r = x.astype(np.longdouble), resp.astype(np.longdouble)
    counts = r.sum(axis=0) + np.longdouble(1e-12)
    for k in range(3):
        centre = (r[:, k, None] * wide).sum(axis=0) / counts[k]
        centred = wide - centre
        second = np.einsum("n,nd,ne->de", r[:, k], centred, centred) / counts[k]
        cov = (counts[k] * second + model.shrinkage * pooled) / (counts[k] + model.shrinkage)
        cov += np.eye(16) * DEQUANTISATION_VARIANCE
        assert np.abs(model.covariances[k] - cov.astype(np.float64)).max() < tolerance * np.abs(cov).max()


def test_logsumexp_along_short_rows_is_the_plain_formula_bit_for_bit():
    """lib.logmath.logsumexp sums the short rows of a table (a mixture's components for each
    patch, EM's and the scores') column by column: the same bits as the plain formula along
    the rows up to 7 components (the same to round-off beyond, where the formula itself runs),
    at any magnitude, with a component of probability 0 (−inf) and with one component only."""
    from lib.logmath import logsumexp

    def plain(values):
        top = np.max(values, axis=1, keepdims=True)
        return (top + np.log(np.sum(np.exp(values - top), axis=1, keepdims=True)))[:, 0]

    rng = np.random.default_rng(9)
    for k in (1, 2, 4, 7, 12):
        values = rng.normal(-300, 200, (3000, k)) * rng.choice([1e-3, 1, 10], (3000, 1))
        values[rng.random((3000, k)) < 0.05] = -np.inf
        values[:, 0] = np.where(np.isinf(values).all(axis=1), 0.0, values[:, 0])
        if k < 8:
            assert np.array_equal(logsumexp(values, axis=1), plain(values))
        assert np.allclose(logsumexp(values, axis=1), plain(values), rtol=1e-14, atol=0)


def test_the_mixtures_samples_have_its_covariances():
    """Samples are μ + L·z (L the Cholesky factor): 10,000 of a one-component mixture have its
    mean and covariance, less the I/12 that flooring to whole values takes away again
    (Sheppard's correction), within a few standard errors."""
    rng = np.random.default_rng(4)
    mixing = rng.normal(0, 1, (16, 16)) * np.linspace(0.5, 6, 16)
    train = np.clip(128 + rng.normal(size=(4000, 16)) @ mixing, 0, 255).astype(np.uint8)
    model = GaussianMixtureModel(4, 1, components=1).fit(train)
    drawn = model.sample(10_000, 5).astype(np.float64)
    assert not ((drawn == 0) | (drawn == 255)).any()  # nothing clipped: the moments are the model's
    target = model.covariances[0] - np.eye(16) / 12
    scale = np.sqrt(np.outer(np.diag(target), np.diag(target)))
    assert np.abs(np.cov(drawn.T) - target).max() < 0.06 * scale.max()
    assert np.abs(drawn.mean(axis=0) + 0.5 - model.means[0]).max() < 0.05 * np.sqrt(np.diag(target)).max()


def test_autoregressive_scores_match_a_plain_reference_in_extended_precision(natural):
    """Each value's prediction (the weights times its context, column by column), its activity
    class (how many class edges its neighbours' spread exceeds, pairwise max and min) and its
    discretised-logistic probability (log σ written over its argument), recomputed one
    dimension at a time from the fitted parameters in numpy's longdouble with the plain
    formulas: the same bits per value to ~10⁻¹²."""
    _, train, test = natural
    model = AutoregressiveModel(8, 1).fit(train)
    x = test[:300].astype(np.longdouble)
    half = np.longdouble(0.5)

    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    total = np.zeros(len(x), dtype=np.longdouble)
    for d in range(model.dims):
        g, j = model._group_of[d], model._row_of[d]
        weights = model.weights[g].astype(np.longdouble)
        mean = x[:, model._context[g][j]] @ weights[:-1] + weights[-1]
        same = x[:, model._same[g][j]]
        if model._classed(g):
            activity = same.max(axis=1) - same.min(axis=1)
            which = (activity[:, None] > model.class_edges[g]).sum(axis=1)
        else:
            which = np.zeros(len(x), dtype=np.int64)
        scale = model.scales[g][which].astype(np.longdouble)
        v = x[:, d]
        above, below = (v + half - mean) / scale, (v - half - mean) / scale
        # σ(b) − σ(a), or σ(−a) − σ(−b) in the upper tail (no cancellation), tails at 0 and 255
        mass = np.where(
            below > 0,
            sigmoid(-below) - np.where(v == 255, 0, sigmoid(-above)),
            np.where(v == 255, 1, sigmoid(above)) - np.where(v == 0, 0, sigmoid(below)),
        )
        total -= np.log(mass) / np.log(np.longdouble(2))
    reference = float(total.mean()) / model.dims
    assert model.bits_per_dim(test[:300]) == pytest.approx(reference, abs=1e-11)


@pytest.mark.parametrize(("size", "channels"), [(8, 1), (4, 3)])
def test_autoregressive_samples_are_drawn_from_its_plain_conditionals(natural, size, channels):
    """Sampling looks each group's scales up by the neighbours' spread from a table made once
    per fit (AutoregressiveModel._dim_terms): the same samples, bit for bit, as drawing value
    after value with the plain formulas from the fitted parameters and the same logistic
    draws (the mean from the context, the class from how many edges the spread exceeds)."""
    split, grey, _ = natural
    train = grey if channels == 1 else extract_patches(list(split.train), size, channels, 3000, rng=3)
    model = AutoregressiveModel(size, channels).fit(train)
    drawn = model.sample(500, 11)
    rng = np.random.default_rng(11)
    out = np.zeros((500, model.dims), np.uint8)
    for d in range(model.dims):
        g, j = model._group_of[d], model._row_of[d]
        mean = (
            out[:, model._context[g][j : j + 1]].astype(np.float64) @ model.weights[g][:-1]
            + model.weights[g][-1]
        )
        which = np.zeros(500, np.int64)
        if model._classed(g):
            same = out[:, model._same[g][j]].astype(np.int64)
            which = ((same.max(axis=1) - same.min(axis=1))[:, None] > model.class_edges[g]).sum(axis=1)
        out[:, d] = np.clip(
            np.rint(rng.logistic(0.0, 1.0, 500) * model.scales[g][which] + mean[:, 0]), 0, 255
        )
    assert np.array_equal(drawn, out)
    assert len({tuple(row) for row in drawn}) > 400  # a real draw, not one patch repeated


def drawn_pairs(model, train, g: int, picker, most: int = 3000):
    """Group ``g``'s (patch, position) pairs drawn as the model draws them (at most ``most``,
    a sorted random choice from ``picker``), written out plainly: the chosen indices, their
    patch rows and positions in the group, and the design matrix of each pair's causal
    neighbours with a column of ones."""
    members = model._dims[g].size
    pairs = train.shape[0] * members
    pick = np.sort(picker.choice(pairs, most, replace=False)) if pairs > most else np.arange(pairs)
    rows, which = np.divmod(pick, members)
    design = np.column_stack([train[rows[:, None], model._context[g][which]], np.ones(pick.size)])
    return pick, rows, which, design


@pytest.mark.parametrize(("size", "channels"), [(8, 1), (4, 3)])
def test_autoregressive_weights_and_classes_match_a_plain_least_squares(natural, size, channels):
    """The weights come from one exact Gram matrix per group (whole numbers summed in
    float64), the activity classes from the same gather: against numpy's lstsq on the same
    (patch, position) pairs (drawn as the model draws them) and each pair's same-channel
    neighbours read from the patch itself: the same weights to ~10⁻⁹, the same class edges."""
    split, grey, _ = natural
    train = grey[:3000] if channels == 1 else extract_patches(list(split.train), size, channels, 3000, rng=3)
    model = AutoregressiveModel(size, channels, max_pairs=3000).fit(train)
    picker = np.random.default_rng(0)
    for g in range(len(model.group_keys)):
        _, rows, which, design = drawn_pairs(model, train, g, picker)
        target = train[rows, model._dims[g][which]].astype(np.float64)
        reference = np.linalg.lstsq(design.astype(np.float64), target, rcond=None)[0]
        assert np.abs(model.weights[g] - reference).max() < 1e-9 * max(1.0, np.abs(reference).max())
        if model._classed(g):
            same = train[rows[:, None], model._same[g][which]].astype(np.int64)
            spread = (same.max(axis=1) - same.min(axis=1)).astype(np.float64)
            k = model.scale_classes
            assert np.array_equal(model.class_edges[g], np.quantile(spread, np.arange(1, k) / k))


def test_autoregressive_thin_cells_take_their_groups_moment_scale(natural):
    """A (group, class) cell with fewer than min_class_count residuals takes its group's moment
    estimate, std·√3/π of all the group's residuals (the pairs drawn as the model draws them),
    computed from that group's values alone (AutoregressiveModel._fit_scales); the others keep
    their own fitted scale."""
    _, train, _ = natural
    model = AutoregressiveModel(8, 1, max_pairs=3000, min_class_count=800).fit(train)
    picker = np.random.default_rng(0)
    thin_seen = fitted_seen = 0
    for g in range(len(model.group_keys)):
        pick, rows, which, design = drawn_pairs(model, train, g, picker)
        residual = train[rows, model._dims[g][which]] - design @ model.weights[g]
        moment = np.clip(np.sqrt(np.mean(residual**2)) * np.sqrt(3) / np.pi, model.MIN_SCALE, model.MAX_SCALE)
        if model._classed(g):
            spread = np.ptp(train[rows[:, None], model._same[g][which]].astype(np.int64), axis=1)
            counts = np.bincount((spread[:, None] > model.class_edges[g]).sum(axis=1), minlength=4)
        else:
            counts = np.array([pick.size, 0, 0, 0])
        for c in range(model.scale_classes):
            if counts[c] < 800:
                assert model.scales[g][c] == pytest.approx(moment, rel=1e-12), (g, c)
                thin_seen += 1
            else:
                assert model.scales[g][c] != pytest.approx(moment, rel=1e-3), (g, c)
                fitted_seen += 1
    assert thin_seen >= 3 and fitted_seen >= 3  # both kinds of cell were checked


def test_the_places_an_autoregressive_fit_reads_are_kept_per_shape_count_and_neighbours(natural, monkeypatch):
    """The pairs a fit reads and the order its scale fit takes them in follow from the shape,
    the patch count, max_pairs and the neighbours alone, so they are worked out once and kept
    (lib.density.fit_pairs): fits of five views taken in turn, twice, each build their own
    layout once and then find it, and every fit is bit for bit the fit made with nothing kept
    (a layout found for another count, shape or neighbours would read other places)."""
    split, grey, _ = natural
    rgb = extract_patches(list(split.train), 4, 3, 1500, rng=3)
    views = [
        (8, 1, grey[:3000], {}),
        (8, 1, grey[:2000], {}),
        (8, 1, grey[:3000], {"max_pairs": 5000}),
        (8, 1, grey[:3000], {"neighbours": ((-1, 0), (0, -1), (-1, -1), (-1, 1))}),  # the same shapes
        (4, 3, rgb, {}),
    ]

    def fitted(size, channels, patches, options):
        model = AutoregressiveModel(size, channels, **options).fit(patches)
        return [*model.weights, *model.scales, *model.class_edges]

    alone = []
    for view in views:
        monkeypatch.setattr(fit_pairs, "_KEPT", BuiltOnce(fit_pairs.KEPT, keep=fit_pairs._small))
        alone.append(fitted(*view))
    builds = []
    build = fit_pairs._build
    monkeypatch.setattr(fit_pairs, "_build", lambda *args: builds.append(args[2:]) or build(*args))
    monkeypatch.setattr(fit_pairs, "_KEPT", BuiltOnce(len(views), keep=fit_pairs._small))
    for _ in range(2):
        for view, expected in zip(views, alone, strict=True):
            got = fitted(*view)
            assert all(np.array_equal(a, b) for a, b in zip(got, expected, strict=True)), view[:2]
    assert len(builds) == len(views)  # one build each: the second round found every layout kept


@pytest.mark.parametrize(("channels", "shared"), [(1, False), (3, True), (3, False)])
def test_independent_pixel_costs_are_each_values_own_histogram(natural, channels, shared):
    """A patch's cost is the sum over its values of −log₂ of the value's share in its own
    histogram (its dimension's, or its channel's when shared), read from the histograms laid
    flat (IndependentPixelModel._patch_bits): the same bits as summing them value by value."""
    split = natural[0]
    train = extract_patches(list(split.train), 4, channels, 3000, rng=5)
    test = extract_patches(list(split.test), 4, channels, 500, rng=6)
    model = IndependentPixelModel(4, channels, shared=shared).fit(train)
    owner = np.arange(model.dims) % channels if shared else np.arange(model.dims)
    costs = np.stack([-np.log2(model.probabilities[owner[d], test[:, d]]) for d in range(model.dims)], axis=1)
    assert np.array_equal(model.patch_bits(test), costs.sum(axis=1))


@pytest.mark.parametrize("shared", [True, False])
def test_independent_pixel_samples_are_the_plain_inverse_cdf(natural, shared):
    """Samples come from a table of the cdf (lib.density.simple._inverse_cdf): the same values
    as a binary search of every draw in its histogram's cdf, from the same draws."""
    train = natural[1]
    model = IndependentPixelModel(8, 1, shared=shared).fit(train)
    drawn = model.sample(2000, 7)
    u = np.random.default_rng(7).random((2000, 64))
    cdf = np.cumsum(model.probabilities, axis=1)
    cdf[:, -1] = 1.0
    groups = np.zeros(64, np.int64) if shared else np.arange(64)
    reference = np.stack([np.searchsorted(cdf[groups[d]], u[:, d], side="right") for d in range(64)], axis=1)
    assert np.array_equal(drawn, np.clip(reference, 0, 255))
