"""How pictures are shown (lib.pixel_sheets): exact upscaling, contact sheets, lossless PNG."""

from __future__ import annotations

import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image

from lib.pixel_sheets import SHEET_MIN_SIDE, contact_sheet, encode_png, screen_sheet, upscale
from lib.uniform_noise import uniform_noise


def images(min_side=1, max_side=12):
    """Hypothesis strategy: grey or RGB uint8 images."""
    shape = st.tuples(
        st.integers(min_side, max_side), st.integers(min_side, max_side), st.sampled_from([None, 3])
    )
    return shape.flatmap(lambda s: arrays(np.uint8, s[:2] if s[2] is None else s))


@settings(max_examples=40, deadline=None)
@given(images(max_side=8), st.integers(1, 5))
def test_upscale_repeats_every_pixel_exactly(image, k):
    big = upscale(image, k)
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
    sheet = contact_sheet(tiles, columns, scale, gap, background=bg)
    columns = min(columns, n)
    rows = -(-n // columns)
    th, tw = h * scale + gap, w * scale + gap
    assert sheet.shape[:2] == (rows * th - gap, columns * tw - gap)
    assert sheet.ndim == (3 if rgb else 2)
    covered = np.zeros(sheet.shape[:2], dtype=bool)
    for i in range(n):
        y, x = (i // columns) * th, (i % columns) * tw
        block = sheet[y : y + h * scale, x : x + w * scale]
        assert np.array_equal(block, upscale(tiles[i], scale))
        covered[y : y + h * scale, x : x + w * scale] = True
    assert np.all(sheet[~covered] == bg)


@pytest.mark.parametrize("side", [8, 9, 16, 20, 32, 47])
@pytest.mark.parametrize("count", [2, 3, 4, 9, 64])
def test_a_small_sheet_enlarges_its_images_and_keeps_its_dividers_thin(side, count):
    """Review of 27 Nov: four 8×8 images made a 17-pixel sheet, enlarged 42 times on a wide
    screen, whose white dividers were wider than the space between the two grids. Each image
    is now on the sheet enlarged by a whole factor, exactly, and the dividers stay one pixel:
    at most a 48th of the sheet wherever it holds more than one image."""
    noise = uniform_noise(count, side, 3)
    sheet = screen_sheet(noise)
    columns, scale = sheet.columns, sheet.scale
    assert sheet.pixels.shape == contact_sheet(noise[: sheet.shown], columns, scale).shape
    assert max(sheet.pixels.shape[:2]) <= max(SHEET_MIN_SIDE, columns * (side + 1) - 1)
    assert max(sheet.pixels.shape[:2]) >= SHEET_MIN_SIDE // 2  # a divider is at most 1/48 of it
    step = side * scale + 1
    for i in range(sheet.shown):
        y, x = (i // columns) * step, (i % columns) * step
        assert np.array_equal(
            sheet.pixels[y : y + side * scale, x : x + side * scale], upscale(noise[i], scale)
        )
    assert np.all(sheet.pixels[:, side * scale] == 255)  # a one-pixel white divider after the first column


def test_one_image_and_a_corner_stay_at_one_to_one():
    assert screen_sheet(uniform_noise(1, 8, 0)).pixels.shape == (8, 8, 3)  # no divider to thin
    corner = screen_sheet(uniform_noise(2, 512, 0))
    assert corner.cropped and corner.scale == 1 and corner.pixels.shape == (264, 264, 3)


def test_contact_sheet_promotes_a_grey_and_rgb_mix_and_refuses_mixed_sizes():
    grey = np.full((2, 2), 7, dtype=np.uint8)
    rgb = np.zeros((2, 2, 3), dtype=np.uint8)
    sheet = contact_sheet([grey, rgb], columns=2, scale=1, gap=0)
    assert sheet.shape == (2, 4, 3) and np.all(sheet[:, :2] == 7)
    with pytest.raises(ValueError, match="one size"):
        contact_sheet([grey, np.zeros((3, 2), np.uint8)], columns=2)
    with pytest.raises(ValueError, match="at least one"):
        contact_sheet([], columns=2)
    with pytest.raises(ValueError, match="uint8"):
        contact_sheet([grey.astype(float)], columns=1)


@settings(max_examples=40, deadline=None)
@given(images(max_side=20))
def test_encode_png_round_trips_exactly(image):
    data = encode_png(image)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(data)) as decoded:
        assert np.array_equal(np.asarray(decoded), image)


def test_noise_sheet_survives_png_exactly():
    noise = uniform_noise(16, 32, seed=1)
    sheet = contact_sheet(noise, columns=8, scale=3, gap=2)
    with Image.open(io.BytesIO(encode_png(sheet))) as decoded:
        assert np.array_equal(np.asarray(decoded), sheet)
