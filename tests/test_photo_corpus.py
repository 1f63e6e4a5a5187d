"""The bundled photo corpus, the names it re-exports, and (through them) seeded noise, sheets
and PNG encoding. What is drawn from the corpus is tested beside its own module:
test_real_samples, test_photo_scenes, test_photo_memo, test_luma."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image

from lib import photo_corpus as pc

ROOT = Path(__file__).resolve().parent.parent
PHOTOS = ROOT / "assets" / "photos"


@pytest.fixture(scope="module")
def pool():
    return pc.load_corpus()


def images(min_side=1, max_side=12):
    """Hypothesis strategy: grey or RGB uint8 images."""
    shape = st.tuples(
        st.integers(min_side, max_side), st.integers(min_side, max_side), st.sampled_from([None, 3])
    )
    return shape.flatmap(lambda s: arrays(np.uint8, s[:2] if s[2] is None else s))


# -- the corpus ---------------------------------------------------------------------------
def test_manifest_lists_only_cc0_or_public_domain_files_that_exist_with_their_hashes():
    manifest = json.loads((PHOTOS / "manifest.json").read_text(encoding="utf-8"))
    entries = manifest["photos"]
    assert len(entries) >= 8
    listed = set()
    for entry in entries:
        for key in ("file", "title", "author", "source", "licence", "licence_statement", "url"):
            assert entry[key].strip(), (entry["file"], key)
        assert entry["licence"] in ("CC0", "Public domain")
        assert "scikit-image" in entry["source"]
        data = (PHOTOS / entry["file"]).read_bytes()
        assert len(data) == entry["bytes"] and len(data) <= 1_000_000
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        with Image.open(io.BytesIO(data)) as image:
            assert image.size == (entry["width"], entry["height"])
        listed.add(entry["file"])
    images_on_disk = {p.name for p in PHOTOS.iterdir() if p.suffix in (".png", ".jpg")}
    assert images_on_disk == listed, "every bundled image must be credited, and only those"
    total = sum(p.stat().st_size for p in PHOTOS.iterdir())
    assert total < 4 * 2**20


def test_load_corpus_gives_read_only_rgb_arrays_matching_the_manifest(pool):
    credits = pc.load_manifest()
    assert [p.credit for p in pool] == credits
    for photo, credit in zip(pool, credits):
        assert photo.pixels.dtype == np.uint8
        assert photo.pixels.shape == (credit.height, credit.width, 3)
        assert not photo.pixels.flags.writeable
        grey = credit.mode == "greyscale"
        same = np.array_equal(photo.pixels[..., 0], photo.pixels[..., 1]) and np.array_equal(
            photo.pixels[..., 1], photo.pixels[..., 2]
        )
        assert same == grey, credit.file


def test_lib_needs_neither_scikit_image_nor_streamlit():
    code = (
        "import sys, lib.photo_corpus, lib.real_samples, lib.sample_pairs, lib.uploads, lib.statistics;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('skimage', 'streamlit')];"
        "assert not bad, bad; lib.photo_corpus.load_corpus()"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


#: Every name the pages, lib and the tests import from lib.photo_corpus, by the module that
#: defines it since the corpus was split (each must stay importable from lib.photo_corpus).
RE_EXPORTED = {
    "lib.real_samples": ("Origin", "Sample", "random_crops", "whole_photos"),
    "lib.photo_scenes": ("SCENE_CORRELATION", "SCENE_TEST_SIDE", "reads_as_scene", "scene_photos"),
    "lib.sample_pairs": ("STATISTICS_BYTES", "SamplePair", "sample_pair"),
    "lib.photo_picks": ("largest_photo_corner", "most_contrasted"),
    "lib.luma": ("to_grey",),
    "lib.pixel_sheets": ("ScreenSheet", "check_budget", "contact_sheet", "encode_png", "screen_sheet"),
    "lib.uniform_noise": ("uniform_noise", "uniform_noise_image", "uniform_noise_window"),
}


def test_every_name_callers_import_from_the_corpus_is_still_there():
    for module, names in RE_EXPORTED.items():
        home = __import__(module, fromlist=["_"])
        for name in names:
            assert getattr(pc, name) is getattr(home, name), name
            assert name in dir(pc), name
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        pc.no_such_name  # noqa: B018


@pytest.mark.parametrize(
    "first", ["lib.real_samples", "lib.sample_pairs", "lib.photo_scenes", "lib.photo_corpus"]
)
def test_the_modules_built_on_the_corpus_import_in_any_order(first):
    """They import lib.photo_corpus, which re-exports them only when asked: importing either
    first in a fresh process must work (an eager re-export would be a circular import)."""
    code = (
        f"import {first}; from lib.photo_corpus import sample_pair, whole_photos, reads_as_scene, most_contrasted;"
        "import lib.real_samples, lib.sample_pairs, lib.photo_scenes, lib.photo_picks"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_missing_manifest_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="no photo manifest"):
        pc.load_corpus(tmp_path)


# -- noise --------------------------------------------------------------------------------
def test_noise_is_deterministic_and_prefix_stable():
    a = pc.uniform_noise(16, 32, seed=7)
    assert a.shape == (16, 32, 32, 3) and a.dtype == np.uint8
    assert np.array_equal(a, pc.uniform_noise(16, 32, seed=7))
    assert not np.array_equal(a, pc.uniform_noise(16, 32, seed=8))
    assert np.array_equal(pc.uniform_noise(20, 32, seed=7)[:16], a)
    grey = pc.uniform_noise(4, 8, seed=7, grey=True)
    assert grey.shape == (4, 8, 8)
    assert np.array_equal(pc.uniform_noise(1, 32, seed=3)[0], pc.uniform_noise_image(32, 32, 3))


def test_noise_bytes_are_uniform():
    counts = np.bincount(pc.uniform_noise_image(512, 512, seed=1).ravel(), minlength=256)
    expected = counts.sum() / 256
    chi2 = float(np.sum((counts - expected) ** 2 / expected))
    assert chi2 < 400  # 255 degrees of freedom: mean 255, sd 22.6


@settings(max_examples=30, deadline=None)
@given(
    h=st.integers(1, 40), w=st.integers(1, 40), data=st.data(), grey=st.booleans(), seed=st.integers(0, 2**63)
)
def test_noise_window_is_exactly_a_slice_of_the_full_image(h, w, data, grey, seed):
    top = data.draw(st.integers(0, h - 1))
    left = data.draw(st.integers(0, w - 1))
    wh = data.draw(st.integers(1, h - top))
    ww = data.draw(st.integers(1, w - left))
    full = pc.uniform_noise_image(h, w, seed, grey=grey)
    window = pc.uniform_noise_window(h, w, top, left, wh, ww, seed, grey=grey)
    assert np.array_equal(window, full[top : top + wh, left : left + ww])


def test_window_of_the_posts_2304_by_4096_noise():
    window = pc.uniform_noise_window(2304, 4096, 2000, 3900, 304, 196, seed=5)
    full = pc.uniform_noise_image(2304, 4096, seed=5)
    assert np.array_equal(window, full[2000:, 3900:])


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: pc.uniform_noise(0, 8, 1), "count"),
        (lambda: pc.uniform_noise(2, 8, -1), "seed"),
        (lambda: pc.uniform_noise(2, 8, 1.5), "seed"),
        (lambda: pc.uniform_noise(2, True, 1), "size"),
        (lambda: pc.uniform_noise(100_000, 1000, 1), "MB"),
        (lambda: pc.uniform_noise_window(10, 10, 5, 5, 6, 1, 1), "does not fit"),
    ],
)
def test_bad_noise_requests_are_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# -- display ------------------------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(images(max_side=8), st.integers(1, 5))
def test_upscale_repeats_every_pixel_exactly(image, k):
    big = pc.upscale(image, k)
    assert big.shape[:2] == (image.shape[0] * k, image.shape[1] * k)
    for dy in range(k):
        for dx in range(k):
            assert np.array_equal(big[dy::k, dx::k], image)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(1, 7),
    st.integers(1, 6),
    st.integers(1, 6),
    st.integers(1, 4),
    st.integers(1, 3),
    st.integers(0, 3),
    st.booleans(),
    st.integers(0, 255),
)
def test_contact_sheet_places_every_upscaled_pixel_exactly(n, h, w, columns, scale, gap, rgb, bg):
    rng = np.random.default_rng(n * 1000 + h * 100 + w)
    shape = (n, h, w, 3) if rgb else (n, h, w)
    tiles = rng.integers(0, 256, shape, dtype=np.uint8)
    sheet = pc.contact_sheet(tiles, columns, scale, gap, background=bg)
    columns = min(columns, n)
    rows = -(-n // columns)
    th, tw = h * scale + gap, w * scale + gap
    assert sheet.shape[:2] == (rows * th - gap, columns * tw - gap)
    assert sheet.ndim == (3 if rgb else 2)
    covered = np.zeros(sheet.shape[:2], dtype=bool)
    for i in range(n):
        y, x = (i // columns) * th, (i % columns) * tw
        block = sheet[y : y + h * scale, x : x + w * scale]
        assert np.array_equal(block, pc.upscale(tiles[i], scale))
        covered[y : y + h * scale, x : x + w * scale] = True
    assert np.all(sheet[~covered] == bg)


def test_contact_sheet_promotes_a_grey_and_rgb_mix_and_refuses_mixed_sizes():
    grey = np.full((2, 2), 7, dtype=np.uint8)
    rgb = np.zeros((2, 2, 3), dtype=np.uint8)
    sheet = pc.contact_sheet([grey, rgb], columns=2, scale=1, gap=0)
    assert sheet.shape == (2, 4, 3) and np.all(sheet[:, :2] == 7)
    with pytest.raises(ValueError, match="one size"):
        pc.contact_sheet([grey, np.zeros((3, 2), np.uint8)], columns=2)
    with pytest.raises(ValueError, match="at least one"):
        pc.contact_sheet([], columns=2)
    with pytest.raises(ValueError, match="uint8"):
        pc.contact_sheet([grey.astype(float)], columns=1)


@settings(max_examples=40, deadline=None)
@given(images(max_side=20))
def test_encode_png_round_trips_exactly(image):
    data = pc.encode_png(image)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(data)) as decoded:
        assert np.array_equal(np.asarray(decoded), image)


def test_noise_sheet_survives_png_exactly():
    noise = pc.uniform_noise(16, 32, seed=1)
    sheet = pc.contact_sheet(noise, columns=8, scale=3, gap=2)
    with Image.open(io.BytesIO(pc.encode_png(sheet))) as decoded:
        assert np.array_equal(np.asarray(decoded), sheet)
