"""The Levina–Bickel estimator on data of known dimension, photo patches against noise,
the variance each principal direction holds, and the charts built from them."""

from __future__ import annotations

import re

import numpy as np
import pytest

from lib import intrinsic_dimension as idm
from lib import thinness_text
from lib.charts import NOISE, REAL, thinness

KS = tuple(range(10, 21))


def _embedding(d: int, rng: np.random.Generator, ambient: int = 64) -> np.ndarray:
    """d orthonormal rows in R^ambient: a random rotation into the big space."""
    q, _ = np.linalg.qr(rng.standard_normal((ambient, ambient)))
    return q[:d]


# -- exact neighbours ---------------------------------------------------------------------
def test_knn_distances_match_brute_force_across_blocks(monkeypatch):
    """Blocks of 2^14 squared distances here (the server's hold 2^22): 300 points make six
    blocks of 54 rows, the last one short, through the same lines as 2,100 points in 2^22."""
    monkeypatch.setattr(idm, "_BLOCK_ENTRIES", 1 << 14)
    rng = np.random.default_rng(3)
    x = rng.standard_normal((300, 3)) * 10 + 500  # far from 0: cancellation would show
    assert (1 << 14) // 300 == 54 and 300 % 54  # more than one block of rows, the last short
    got = idm.knn_distances(x, 7)
    full = np.sqrt(((x[:, None, :] - x[None, :, :]) ** 2).sum(-1))
    np.fill_diagonal(full, np.inf)
    expected = np.sort(full, axis=1)[:, :7]
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-9)


def test_duplicates_are_dropped_not_fatal():
    rng = np.random.default_rng(4)
    x = rng.random((600, 2)) @ _embedding(2, rng)
    with_repeats = np.concatenate([x, x[:100], x[:50]])
    np.testing.assert_allclose(idm.mle_dimension(with_repeats, KS), idm.mle_dimension(x, KS))
    with pytest.raises(ValueError, match="duplicated"):
        idm.mle_from_distances(np.array([[0.0, 1.0], [1.0, 2.0]]), [2])


# -- known dimensions ---------------------------------------------------------------------
# Tolerance stated: within 10 % of d for every k in 10…20, with 1,500 points in 64
# dimensions: Gaussian points on a d-dimensional linear subspace (d ≤ 8), a d-sphere
# (d ≤ 8), a swiss roll (d = 2, within 0.2). A uniform cube's faces make the estimate fall
# short as d grows (4.4–4.5 for d = 5, 8.0 for d = 10): within 15 % up to d = 5.
@pytest.mark.parametrize("d", [1, 2, 5, 8])
def test_recovers_the_dimension_of_a_linear_subspace(d):
    rng = np.random.default_rng(10 + d)
    points = rng.standard_normal((1500, d)) @ _embedding(d, rng) + 3.0
    estimates = idm.mle_dimension(points, KS)
    assert np.all(np.abs(estimates - d) <= 0.1 * d), estimates


@pytest.mark.parametrize("d", [1, 2, 5])
def test_recovers_the_dimension_of_a_flat_cube_despite_its_faces(d):
    rng = np.random.default_rng(30 + d)
    points = rng.random((1500, d)) @ _embedding(d, rng)
    estimates = idm.mle_dimension(points, KS)
    assert np.all(np.abs(estimates - d) <= 0.15 * d), estimates


@pytest.mark.parametrize("d", [2, 5, 8])
def test_recovers_the_dimension_of_a_curved_sphere(d):
    """The d-sphere S^d in R^(d+1), rotated into 64 dimensions: curved, no boundary."""
    rng = np.random.default_rng(20 + d)
    g = rng.standard_normal((1500, d + 1))
    sphere = g / np.linalg.norm(g, axis=1, keepdims=True)
    estimates = idm.mle_dimension(sphere @ _embedding(d + 1, rng), KS)
    assert np.all(np.abs(estimates - d) <= 0.1 * d), estimates


def test_recovers_the_dimension_of_a_swiss_roll():
    rng = np.random.default_rng(5)
    t = rng.uniform(1.5 * np.pi, 4.5 * np.pi, 1500)
    height = rng.uniform(0, 10, 1500)
    roll = np.c_[t * np.cos(t), height, t * np.sin(t)] @ _embedding(3, rng)
    estimates = idm.mle_dimension(roll, KS)
    assert np.all(np.abs(estimates - 2) <= 0.2), estimates


def test_direct_averaging_is_biased_up_by_k_minus_1_over_k_minus_2():
    """Why the inverse average: averaging m_k(x) itself inflates d by (k-1)/(k-2)."""
    rng = np.random.default_rng(6)
    g = rng.standard_normal((2000, 4))  # ratio off by 1.0 %, d by 1.2 % (3,000 points: 0.7 CPU-s, not 0.14)
    sphere = (g / np.linalg.norm(g, axis=1, keepdims=True)) @ _embedding(4, rng)
    inverse = idm.mle_dimension(sphere, (5,), "inverse")[0]
    direct = idm.mle_dimension(sphere, (5,), "direct")[0]
    assert direct / inverse == pytest.approx(4 / 3, rel=0.05)
    assert inverse == pytest.approx(3, rel=0.05)


def test_bad_input_is_refused_with_a_sentence():
    with pytest.raises(ValueError, match="2-D"):
        idm.mle_dimension(np.zeros(10))
    with pytest.raises(ValueError, match="between 3 and 4,000"):
        idm.mle_dimension(np.zeros((idm.MAX_POINTS + 1, 2)))
    with pytest.raises(ValueError, match="NaN"):
        idm.mle_dimension(np.full((10, 2), np.nan))
    with pytest.raises(ValueError, match="too few"):
        idm.mle_dimension(np.random.default_rng(0).random((15, 2)), (20,))
    with pytest.raises(ValueError, match="averaging"):
        idm.mle_from_distances(np.ones((3, 3)) + np.arange(3), [2], "mean")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="kind"):
        idm.patch_study("faces", 8)  # type: ignore[arg-type]


# -- photos against noise -----------------------------------------------------------------
@pytest.fixture(scope="module")
def studies():
    return {
        (kind, size): idm.patch_study(kind, size, points=600, subsets=2, ks=(5, 10, 20))
        for kind in ("photos", "noise")
        for size in (8, 16)
    }


def test_photo_patches_are_far_thinner_than_noise(studies):
    for size in (8, 16):
        photos, noise = studies["photos", size], studies["noise", size]
        assert photos.high < noise.low / 3
        assert photos.high < 0.2 * size * size
        # The estimator falls short of the true s² on noise with few points (see patch_study).
        assert noise.high < size * size
        assert noise.median > 0.25 * size * size


def test_study_spread_over_k_and_subsets(studies):
    s = studies["photos", 8]
    assert s.estimates.shape == (2, 3) and s.ks == (5, 10, 20)
    median, low, high = s.by_k()
    assert np.all(low <= median) and np.all(median <= high)
    assert s.low <= s.median <= s.high
    assert s.ambient == 64


def test_patches_are_deterministic_in_the_seed():
    np.testing.assert_array_equal(idm.photo_patches(8, 20, 7), idm.photo_patches(8, 20, 7))
    np.testing.assert_array_equal(idm.noise_patches(8, 20, 7), idm.noise_patches(8, 20, 7))
    assert not np.array_equal(idm.noise_patches(8, 20, 7), idm.noise_patches(8, 20, 8))


def test_principal_variances_photos_thin_noise_round():
    photos, noise = idm.photo_patches(8, 800, 0), idm.noise_patches(8, 800, 0)
    p = idm.principal_variances(photos, noise)
    assert p.photo_share(2) > 0.6 and p.noise_share(2) < 0.1
    # Noise: 5461.25 per pixel along every direction, up to the spread 800 samples of 64 values
    # give a covariance's eigenvalues (Marchenko-Pastur: ~0.5× to ~1.6× the mean).
    assert abs(p.noise_spectrum.mean() / 5461.25 - 1) < 0.05 and p.noise_spectrum[0] < 2 * 5461.25
    # The variances are those of numpy's covariance matrix, largest first.
    np.testing.assert_allclose(
        p.photo_spectrum, np.linalg.eigvalsh(np.cov(photos.T))[::-1], rtol=1e-8, atol=1e-6
    )
    np.testing.assert_allclose(p.noise_spectrum, np.linalg.eigvalsh(np.cov(noise.T))[::-1], rtol=1e-8)
    assert p.components_for(p.photo_spectrum, 0.9) < 10 < p.components_for(p.noise_spectrum, 0.9)


# -- charts -------------------------------------------------------------------------------
def _all_configs(spec: dict) -> dict:
    return spec["config"]


def test_the_thinness_chart_shows_photos_held_by_few_directions_and_noise_by_all():
    """Review 11 (Sampling-2): the scatter on the photos' two main axes drew noise as the
    smaller cloud ("photos vary more"); the chart now draws the share of the variation the
    first k directions hold, each cloud's own, so the photos' curve stands above noise's."""
    p = idm.principal_variances(idm.photo_patches(8, 700, 0), idm.noise_patches(8, 700, 0))
    normal = thinness.variance_share_chart(p, 8)
    big = thinness.variance_share_chart(p, 8, presenting=True)
    shares = normal["datasets"]["shares"]
    curve = {
        label: np.array([r["held"] for r in shares if r["patches"] == label])
        for label in (thinness.PHOTO_LABEL, thinness.NOISE_LABEL)
    }
    photos, noise = curve[thinness.PHOTO_LABEL], curve[thinness.NOISE_LABEL]
    assert len(photos) == len(noise) == 65 and photos[0] == noise[0] == 0 and photos[-1] == noise[-1] == 1
    np.testing.assert_allclose(photos[1:], np.cumsum(p.photo_spectrum) / p.photo_spectrum.sum(), rtol=1e-3)
    np.testing.assert_allclose(noise[1:], np.cumsum(p.noise_spectrum) / p.noise_spectrum.sum(), rtol=1e-3)
    assert photos[2] > 0.6 and noise[2] < 0.1 and np.all(photos >= noise - 1e-9)  # thin against round
    assert np.all(np.abs(noise - np.arange(65) / 64) < 0.15)  # noise: every direction about alike
    marked = normal["datasets"]["marked"]
    assert [r["label"] for r in marked] == [
        f"photos: {p.photo_share(2):.0%}",
        f"noise: {p.noise_share(2):.0%}",
    ]
    assert f"{p.photo_share(2):.0%}" in " ".join(normal["title"]["subtitle"])
    colour = normal["layer"][0]["encoding"]["color"]
    assert colour["scale"]["range"] == [REAL, NOISE] and colour["legend"]["symbolOpacity"] == 1
    # Review 9: it takes its column; presenting, taller and in larger type.
    assert normal["width"] == big["width"] == "container" and normal["height"] < big["height"]
    assert normal["autosize"]["type"] == "fit-x"
    config = _all_configs(normal)
    assert config["legend"]["orient"] == "bottom" and config["legend"]["labelLimit"] == 0
    assert config["title"]["limit"] == 0 and config["axis"]["titleLimit"] == 0
    assert _all_configs(big)["axis"]["labelFontSize"] > config["axis"]["labelFontSize"]
    assert normal["layer"][0]["encoding"]["y"]["scale"]["domain"] == [0, 1]
    with pytest.raises(ValueError, match="variances"):
        thinness.variance_share_chart(idm.PrincipalVariances(np.zeros(64), p.noise_spectrum), 8)


def test_dimension_chart_lines_bands_and_published_panel():
    s8 = idm.PatchStudy("photos", 8, 100, (5, 10), np.array([[6.0, 5.0], [7.0, 5.5]]))
    n16 = idm.PatchStudy("noise", 16, 100, (5, 10), np.array([[80.0, 72.0], [78.0, 70.0]]))
    spec = thinness.dimension_chart([s8, n16])
    colour = spec["layer"][1]["encoding"]["color"]["scale"]
    assert colour["range"] == [REAL, NOISE]
    assert colour["domain"][1] == "uniform noise, 16×16 (256 dimensions)"
    assert spec["layer"][1]["encoding"]["strokeDash"]["scale"]["range"] == [[1, 0], [6, 3]]
    # A legend is drawn: no channel of any layer hides it (a hidden dash legend hid them all).
    for layer in spec["layer"]:
        for channel in ("color", "strokeDash"):
            if channel in layer["encoding"]:
                assert layer["encoding"][channel].get("legend", {}) is not None
                # Swatches drawn opaque (not the bands' pale fill), in the lines' point shapes.
                assert layer["encoding"][channel]["legend"]["symbolOpacity"] == 1
    assert spec["layer"][1]["encoding"]["shape"]["scale"]["range"] == ["circle", "square"]
    # Hollow swatches, as the points: the bands' fill (one band a study) comes from the data, not
    # the colour scale, whose filled area made every swatch a filled blob (review 10 finding 2).
    band = spec["layer"][0]["encoding"]
    assert "color" not in band and band["fill"]["scale"] is None and band["detail"]["field"] == "series"
    assert {r["tint"] for r in spec["datasets"][spec["data"]["name"]]} == {REAL, NOISE}
    assert spec["layer"][1]["mark"]["point"]["filled"] is False
    assert spec["layer"][1]["encoding"]["x"]["scale"]["nice"] is False  # from the first k, not 4
    assert spec["config"]["legend"]["orient"] == "bottom"
    # The height is the plot's, not plot + legend + title (Streamlit's default "fit").
    assert spec["autosize"]["type"] == "fit-x"
    rows = spec["datasets"][spec["data"]["name"]]
    assert {(r["series"][:5], r["k"], r["low"], r["high"]) for r in rows} >= {("photo", 5, 6.0, 7.0)}
    both_spec = thinness.dimension_chart(
        [s8, n16], [("CIFAR-10", 5, 21.0), ("CIFAR-10", 10, 25.0)], presenting=True
    )
    assert both_spec["resolve"]["scale"]["y"] == "shared"
    assert both_spec["autosize"]["type"] == "pad"
    assert both_spec["hconcat"][0]["height"] == int(300 * 1.6)
    with pytest.raises(ValueError, match="at least one"):
        thinness.dimension_chart([])


def test_published_dimensions_are_the_quoted_table_ranges():
    """Each dataset's range is the one the quoted summary of Pope et al.'s Table 1 gives."""
    from lib import reference_figures as ref

    quoted = {
        name: (int(low), int(high))
        for low, high, name in re.findall(r"(\d+)–(\d+) for ([\w-]+)", ref.POPE_2021_QUOTE)
    }
    assert quoted == {r.dataset: (r.low, r.high) for r in ref.INTRINSIC_DIMENSIONS}
    assert [r.dataset for r in ref.INTRINSIC_DIMENSIONS] == ["MNIST", "CIFAR-10", "ImageNet"]
    assert {r.dataset: r.values for r in ref.INTRINSIC_DIMENSIONS if r.values} == {
        "MNIST": 784,
        "CIFAR-10": 3072,
    }
    rows = thinness_text.published_rows()
    dash = "\u2060–\u2060"  # a range never breaks at its dash
    assert rows == [
        ["MNIST (784), published", "—", f"7{dash}13"],
        ["CIFAR-10 (3,072), published", "—", f"13{dash}26"],
        ["ImageNet, published", "—", f"26{dash}43"],
    ]
    # Review 11 (Sampling-6): under the patches' own three columns, one table.
    assert all(len(row) == len(thinness_text.STUDY_HEADERS) for row in rows)
    assert "Pope" in thinness_text.PUBLISHED_NOTE and "Table 1" in thinness_text.PUBLISHED_NOTE
