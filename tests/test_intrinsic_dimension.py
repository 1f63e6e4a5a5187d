"""The Levina–Bickel estimator on data of known dimension, photo patches against noise,
the variance each principal direction holds, and the plots drawn from them."""

from __future__ import annotations

import re

import numpy as np
import pytest
from below_the_draw_reading import read

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


# -- plots (the page's own HTML, read back: tests/below_the_draw_reading.py) -----------------
def test_the_thinness_plot_shows_photos_held_by_few_directions_and_noise_by_all():
    """Review 11 (Sampling-2): the scatter on the photos' two main axes drew noise as the
    smaller cloud ("photos vary more"); the plot now draws the share of the variation the
    first k directions hold, each cloud's own, so the photos' curve stands above noise's."""
    p = idm.principal_variances(idm.photo_patches(8, 700, 0), idm.noise_patches(8, 700, 0))
    normal = read(thinness.variance_share_plot(p, 8))
    big = read(thinness.variance_share_plot(p, 8, presenting=True))
    hover = [g for g in normal["groups"] if "hover" in g["classes"]]
    assert len(hover) == 2
    curve = {}
    for group, label in zip(hover, (thinness.PHOTO_LABEL, thinness.NOISE_LABEL), strict=True):
        titles = [t for t, _, _ in group["points"]]
        assert titles[2].startswith(f"{label}: the first 2 directions hold ")
        shares = np.array([float(t.rsplit(" ", 1)[1].rstrip("%")) / 100 for t in titles])
        drawn = np.array([y for _, _, y in group["points"]])  # where each point sits: its share
        np.testing.assert_allclose(drawn, shares, atol=6e-4)  # the hover's figure, to 0.1%
        shown = thinness.hover_directions(64)
        np.testing.assert_allclose([x for _, x, _ in group["points"]], np.array(shown) / 64, atol=1e-4)
        assert [int(t.split(" directions")[0].rsplit(" ", 1)[1]) for t in titles] == shown
        curve[label] = drawn
    # The lines themselves: the photos' in blue, the noise's in vermilion, through every share.
    _grid, photo_line, noise_line = normal["strokes"]
    assert (photo_line["colour"], noise_line["colour"]) == (REAL, NOISE)
    photos, noise = (1 - np.array(line["points"])[:, 1] / 1000 for line in (photo_line, noise_line))
    np.testing.assert_allclose(np.array(photo_line["points"])[:, 0], np.arange(65) / 64 * 1000, atol=0.1)
    assert len(photos) == len(noise) == 65 and photos[0] == noise[0] == 0 and photos[-1] == noise[-1] == 1
    np.testing.assert_allclose(photos[1:], np.cumsum(p.photo_spectrum) / p.photo_spectrum.sum(), atol=1e-4)
    np.testing.assert_allclose(noise[1:], np.cumsum(p.noise_spectrum) / p.noise_spectrum.sum(), atol=1e-4)
    assert photos[2] > 0.6 and noise[2] < 0.1 and np.all(photos >= noise - 1e-9)  # thin against round
    assert np.all(np.abs(noise - np.arange(65) / 64) < 0.15)  # noise: every direction about alike
    for name, line in ((thinness.PHOTO_LABEL, photos), (thinness.NOISE_LABEL, noise)):  # hover on the line
        np.testing.assert_allclose(curve[name], line[thinness.hover_directions(64)], atol=1e-4)
    assert (
        photo_line["width"],
        read(thinness.variance_share_plot(p, 8, presenting=True))["strokes"][1]["width"],
    ) == (2.5, 4)
    # The shares at 2 directions, marked and labelled in bold, as the subtitle quotes them.
    assert [(label, colour) for label, colour, _, _ in normal["marked"]] == [
        (f"photos: {p.photo_share(2):.0%}", REAL),
        (f"noise: {p.noise_share(2):.0%}", NOISE),
    ]
    assert [y for *_, y in normal["marked"]] == pytest.approx([photos[2], noise[2]], abs=1e-4)
    assert normal["title"] == "8×8 grey patches (64 pixels each): how few directions hold them"
    assert normal["subtitle"] == (
        f"The first 2 directions hold {p.photo_share(2):.0%} of how the photo patches vary,"
        f" {p.noise_share(2):.0%} of the noise's: noise spreads evenly over all 64."
    )
    assert (
        normal["y"][0] == ("0%", 0.0, False)
        and normal["y"][-1] == ("100%", 1.0, False)
        and len(normal["y"]) == 11
    )
    assert [w for w, _, _ in normal["x"]] == ["0", "16", "32", "48", "64"]
    assert (normal["x title"], normal["y title"]) == (
        "directions kept, of the 64",
        "share of the variation they hold",
    )
    assert [label for label, _ in normal["legend"]] == [thinness.PHOTO_LABEL, thinness.NOISE_LABEL]
    assert [f"--c: {c}" in key for (_, key), c in zip(normal["legend"], (REAL, NOISE))] == [True, True]
    # Review 9: presenting, taller and in larger type.
    assert (normal["height"], big["height"]) == (300, 480) and normal["type"] < big["type"]
    assert f"{p.photo_share(2):.0%} for photo patches" in normal["label"]
    with pytest.raises(ValueError, match="variances"):
        thinness.variance_share_plot(idm.PrincipalVariances(np.zeros(64), p.noise_spectrum), 8)


def test_dimension_plot_lines_bands_markers_and_legend():
    s8 = idm.PatchStudy("photos", 8, 100, (5, 10), np.array([[6.0, 5.0], [7.0, 5.5]]))
    n16 = idm.PatchStudy("noise", 16, 100, (5, 10), np.array([[80.0, 72.0], [78.0, 70.0]]))
    plot = read(thinness.dimension_plot([s8, n16]))
    top = float(plot["y"][-1][0])
    assert top == 80 and [w for w, _, _ in plot["x"]] == [str(k) for k in range(5, 11)]
    assert (plot["x title"], plot["y title"]) == ("neighbours used", "dimensions needed (estimated)")
    # Each study's band, its min–max over the subsets, pale in its colour, under its line.
    bands = plot["fills"]
    assert [(b["colour"], b["opacity"]) for b in bands] == [(REAL, 0.2), (NOISE, 0.2)]
    photo_band = np.array(bands[0]["points"])
    np.testing.assert_allclose(photo_band[:, 1], 1000 * (1 - np.array([7.0, 5.5, 5.0, 6.0]) / top), atol=0.1)
    np.testing.assert_allclose(photo_band[:, 0], [0, 1000, 1000, 0], atol=0.1)
    # Each median line: photos blue and solid (the smaller patches), noise vermilion and dashed.
    lines = [s for s in plot["strokes"] if s["points"]]
    assert [(s["colour"], s["dash"]) for s in lines] == [
        (REAL, ""),
        (NOISE, "4 5"),
    ]  # 6 on, 3 off, round caps
    np.testing.assert_allclose(
        np.array(lines[1]["points"])[:, 1], 1000 * (1 - np.array([79.0, 71.0]) / top), atol=0.1
    )
    # Hollow markers, each study's shape, their figures on hover.
    markers = [g for g in plot["groups"] if "hollow" in g["classes"]]
    assert [(g["classes"][-1], g["colour"]) for g in markers] == [("circle", REAL), ("square", NOISE)]
    assert markers[0]["points"][0][0] == (
        "photos 8×8, 5 neighbours: median over subsets 6.5 (lowest 6.0, highest 7.0)"
    )
    assert (
        markers[1]["points"][1][0]
        == "noise 16×16, 10 neighbours: median over subsets 71.0 (lowest 70.0, highest 72.0)"
    )
    # One legend: each entry its line's colour and dash, with its hollow marker over it.
    (photo, photo_key), (noise, noise_key) = plot["legend"]
    assert (photo, noise) == ("photo patches, 8×8 (64 dimensions)", "uniform noise, 16×16 (256 dimensions)")
    assert 'class="shape-key circle" style="--c: #0072B2"' in photo_key and "repeating" not in photo_key
    assert 'class="shape-key square" style="--c: #D55E00"' in noise_key and "6px 9px" in noise_key
    assert plot["title"] == thinness.DIMENSION_TITLE and plot["subtitle"] == thinness.DIMENSION_SUBTITLE
    # 256 is far above every estimate: a note under the top edge, no line squashing the plot.
    assert plot["levels"] == [("16×16 noise truly has 256: far above ↑", 1.0)]
    assert not [s for s in plot["strokes"] if s["colour"] == "#999999"]
    big = read(thinness.dimension_plot([s8, n16], presenting=True))
    assert (big["height"], big["type"]) == (480, 22) and [
        s["width"] for s in big["strokes"] if s["points"]
    ] == [3, 3]
    with pytest.raises(ValueError, match="at least one"):
        thinness.dimension_plot([])


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
