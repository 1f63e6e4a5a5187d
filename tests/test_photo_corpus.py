"""The bundled photo corpus, seeded sampling of noise and crops, sheets and PNG encoding."""

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
        "import sys, lib.photo_corpus, lib.uploads, lib.statistics;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('skimage', 'streamlit')];"
        "assert not bad, bad; lib.photo_corpus.load_corpus()"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_missing_manifest_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="no photo manifest"):
        pc.load_corpus(tmp_path)


# -- grey ---------------------------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(arrays(np.uint8, st.tuples(st.integers(1, 9), st.integers(1, 9), st.just(3))))
def test_to_grey_is_exactly_pillows_luma(image):
    expected = np.asarray(Image.fromarray(image).convert("L"))
    assert np.array_equal(pc.to_grey(image), expected)


def test_to_grey_keeps_grey_values():
    values = np.arange(256, dtype=np.uint8).reshape(16, 16)
    rgb = np.repeat(values[:, :, None], 3, axis=2)
    assert np.array_equal(pc.to_grey(rgb), values)
    assert np.array_equal(pc.to_grey(values), values)


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


# -- real samples -------------------------------------------------------------------------
def test_crops_are_deterministic_prefix_stable_and_really_come_from_the_photos(pool):
    sample = pc.random_crops(pool, 32, 24, seed=11)
    assert sample.images.shape == (24, 32, 32, 3)
    again = pc.random_crops(pool, 32, 24, seed=11)
    assert np.array_equal(sample.images, again.images) and sample.origins == again.origins
    assert np.array_equal(pc.random_crops(pool, 32, 30, seed=11).images[:24], sample.images)
    assert not np.array_equal(pc.random_crops(pool, 32, 24, seed=12).images, sample.images)
    for image, origin in zip(sample.images, sample.origins):
        source = pool[origin.index].pixels
        assert np.array_equal(image, source[origin.top : origin.top + 32, origin.left : origin.left + 32])
        assert origin.credit is pool[origin.index].credit
        assert "crop" in str(origin)
    assert len({o.index for o in pc.random_crops(pool, 16, 200, seed=1).origins}) == len(pool)


def test_grey_crops_are_the_luma_of_the_rgb_crops(pool):
    rgb = pc.random_crops(pool, 16, 8, seed=3)
    grey = pc.random_crops(pool, 16, 8, seed=3, grey=True)
    assert grey.images.shape == (8, 16, 16)
    assert np.array_equal(grey.images, pc.to_grey(rgb.images))


def test_crops_skip_photos_that_are_too_small_and_explain_when_none_fit(pool):
    sample = pc.random_crops(pool, 450, 10, seed=1)
    assert all(min(pool[o.index].pixels.shape[:2]) >= 450 for o in sample.origins)
    with pytest.raises(ValueError, match="largest square fits 872"):
        pc.random_crops(pool, 900, 1, seed=1)
    with pytest.raises(ValueError, match="empty"):
        pc.random_crops([], 8, 1, seed=1)


def test_an_upload_joins_the_pool_as_a_plain_array_or_photo():
    upload = np.arange(64 * 64 * 3, dtype=np.uint64).astype(np.uint8).reshape(64, 64, 3)
    photo = pc.make_photo("your photo", upload)
    sample = pc.random_crops([photo, upload[:, :, 0]], 8, 6, seed=2)
    for image, origin in zip(sample.images, sample.origins):
        assert origin.credit is None
        expected = upload if origin.index == 0 else np.repeat(upload[:, :, :1], 3, axis=2)
        assert np.array_equal(image, expected[origin.top : origin.top + 8, origin.left : origin.left + 8])


def test_whole_photos_are_seeded_resized_squares_then_closer_looks(pool):
    scenes = pc.scene_photos(pool)
    count = 2 * len(scenes) + 5
    sample = pc.whole_photos(pool, 24, count, seed=4)
    assert sample.images.shape == (count, 24, 24, 3)
    first = [o.index for o in sample.origins[: len(scenes)]]
    assert sorted(first) == sorted(pool.index(p) for p in scenes)  # each scene once before any closer look
    assert all(o.whole for o in sample.origins[: len(scenes)])
    assert not any(o.whole for o in sample.origins[len(scenes) :])
    assert [o.index for o in sample.origins[len(scenes) : 2 * len(scenes)]] == first  # then each closer
    assert np.array_equal(sample.images, pc.whole_photos(pool, 24, count, seed=4).images)
    assert np.array_equal(pc.whole_photos(pool, 24, count + 9, seed=4).images[:count], sample.images)
    for image, origin in zip(sample.images, sample.origins):
        source = pool[origin.index].pixels
        if origin.whole:
            assert np.array_equal(image, pc.resize_photo(source, 24))
            continue
        side = min(source.shape[:2]) // 2
        assert origin.closer == side and f"its {side}×{side} square" in str(origin)
        square = source[origin.top : origin.top + side, origin.left : origin.left + side]
        assert square.shape[:2] == (side, side) and np.array_equal(image, pc.resize_photo(square, 24))
    centre = sample.origins[len(scenes)]
    h, w = pool[centre.index].pixels.shape[:2]
    assert (centre.top, centre.left) == ((h - centre.closer) // 2, (w - centre.closer) // 2)
    assert len({(o.index, o.top, o.left) for o in sample.origins}) == count  # no cell repeats another
    assert pc.whole_photos(pool, 24, 2, seed=4, grey=True).images.shape == (2, 24, 24)


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_whole_photos_show_only_scenes(pool, seed):
    """Review 11: the default real grid must read as photographs; grass, gravel, brick and the
    Hubble deep field read as noise at 32×32 (neighbour correlation 0.09–0.26) and stay out."""
    sample = pc.whole_photos(pool, 32, 64, seed=seed)
    shown = {o.credit.key for o in sample.origins}
    assert shown == {"astronaut", "camera", "chelsea", "coffee", "rocket", "clock"}
    assert not any(pc.reads_as_scene(p) for p in pool if p.credit.key in ("grass", "gravel", "brick"))


def test_a_pool_without_scenes_still_shows_its_photos(pool):
    textures = [p for p in pool if not pc.reads_as_scene(p)]
    sample = pc.whole_photos(textures, 16, len(textures), seed=0)
    assert sorted(o.index for o in sample.origins) == list(range(len(textures)))
    visitor = pc.make_photo("your photo", np.zeros((20, 30, 3), np.uint8))  # flat: no correlation at all
    assert pc.reads_as_scene(visitor)  # a visitor's own photo always shows, whatever it looks like
    assert pc.whole_photos([*textures, visitor], 16, 1, 0).origins[0].index == len(textures)


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
