"""Any Pillow image as RGB uint8, box-reduced strip by strip (lib.rgb_strips): each mode's
conversion and its note, and strips that join into the same picture as one."""

from __future__ import annotations

import io
from typing import NamedTuple

import numpy as np
import pytest
from PIL import Image

from lib import rgb_strips
from lib.rgb_strips import reduce_by_strips
from tests.upload_images import encode, smooth_photo


class Converted(NamedTuple):
    pixels: np.ndarray
    notes: list[str]


def converted(data: bytes, factor: int = 1) -> Converted:
    """The file's pixels as lib.uploads.decode_upload converts them: opened, then strip by strip."""
    notes: list[str] = []
    with Image.open(io.BytesIO(data)) as image:
        return Converted(reduce_by_strips(image, factor, notes), notes)


@pytest.fixture(scope="module")
def photo() -> np.ndarray:
    return smooth_photo()


# -- strips -------------------------------------------------------------------------------
@pytest.mark.parametrize("mode", ["RGB", "RGBA", "I;16"])
@pytest.mark.parametrize("factor", [1, 2, 3])
def test_strips_join_into_the_picture_converted_in_one(photo, monkeypatch, mode, factor):
    """A tall image is converted in many strips (each a whole number of boxes tall, the last one
    short): the same pixels as converted at once, reduced as Pillow reduces the whole."""
    image = (
        Image.fromarray(photo).convert(mode)
        if mode != "I;16"
        else Image.fromarray(photo[..., 0].astype(np.uint16) * 257)
    )
    whole = reduce_by_strips(image, factor, [])
    monkeypatch.setattr(rgb_strips, "STRIP_PIXELS", 64 * 5)  # 5 rows of 64 pixels a strip at most
    strips = reduce_by_strips(image, factor, [])
    assert strips.shape == (-(-48 // factor), -(-64 // factor), 3)
    assert np.array_equal(strips, whole)
    if mode == "RGB":
        assert np.array_equal(strips, np.asarray(Image.fromarray(photo).reduce(factor)))


@pytest.mark.parametrize("factor", [0, 1.5, "2"])
def test_a_bad_reduction_factor_is_a_clear_error(factor):
    with pytest.raises(ValueError, match="reduction factor"):
        reduce_by_strips(Image.new("RGB", (8, 8)), factor, [])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_side"):
        rgb_strips.reduction((8, 8), factor)  # type: ignore[arg-type]


def test_a_float_image_holding_nan_is_refused():
    values = np.zeros((8, 8), np.float32)
    values[3, 3] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        converted(encode(Image.fromarray(values), "TIFF"))


# -- modes --------------------------------------------------------------------------------
def test_16_bit_greyscale_is_scaled_to_8_bits():
    values = (np.arange(16 * 16, dtype=np.uint32) * 256 + 128).reshape(16, 16)  # between multiples of 257
    values[0, 0] = 65535
    image = Image.fromarray(values.astype(np.uint16))
    assert image.mode == "I;16"
    result = converted(encode(image))
    expected = np.rint(values / 257).astype(np.uint8)
    assert np.array_equal(result.pixels[..., 0], expected)
    assert np.array_equal(result.pixels[..., 0], result.pixels[..., 2])
    assert any("16-bit" in note for note in result.notes)


def test_palette_image_is_expanded_exactly(photo):
    palette_image = Image.fromarray(photo).quantize(colors=16)
    result = converted(encode(palette_image))
    assert np.array_equal(result.pixels, np.asarray(palette_image.convert("RGB")))
    assert any("Palette" in note for note in result.notes)


def test_palette_transparency_is_composited_on_white():
    image = Image.new("P", (8, 8), 0)
    image.putpalette([0, 0, 255] + [255, 0, 0] * 255)
    image.putpixel((0, 0), 1)
    data = encode(image, transparency=1)
    result = converted(data)
    assert tuple(result.pixels[0, 0]) == (255, 255, 255)
    assert tuple(result.pixels[1, 1]) == (0, 0, 255)


@pytest.mark.parametrize("fmt", ["TIFF", "JPEG"])
def test_cmyk_is_converted_to_rgb(fmt):
    image = Image.new("CMYK", (16, 16), (255, 0, 0, 0))  # pure cyan ink
    image.paste((0, 0, 0, 255), (0, 0, 8, 16))  # black ink on the left half
    result = converted(encode(image, fmt, **({"quality": 95} if fmt == "JPEG" else {})))
    tolerance = 0 if fmt == "TIFF" else 6
    assert np.all(np.abs(result.pixels[:, 12].astype(int) - (0, 255, 255)) <= tolerance)
    assert np.all(result.pixels[:, 2] <= tolerance)
    assert any("CMYK" in note for note in result.notes)


def test_rgba_is_alpha_composited_on_white():
    rgba = np.zeros((8, 8, 4), dtype=np.uint8)
    rgba[..., :3] = (200, 100, 0)
    rgba[:, :4, 3] = 255  # left: opaque
    rgba[:, 4:6, 3] = 0  # transparent: white, whatever the stored colour
    rgba[:, 6:, 3] = 128  # half
    result = converted(encode(Image.fromarray(rgba)))
    assert tuple(result.pixels[0, 0]) == (200, 100, 0)
    assert tuple(result.pixels[0, 5]) == (255, 255, 255)
    a = 128 / 255
    expected = tuple(int(np.rint(v * a + 255 * (1 - a))) for v in (200, 100, 0))
    assert tuple(result.pixels[0, 7]) == expected
    assert any("white" in note for note in result.notes)


def test_opaque_rgba_just_drops_alpha(photo):
    rgba = np.concatenate([photo, np.full((*photo.shape[:2], 1), 255, np.uint8)], axis=2)
    result = converted(encode(Image.fromarray(rgba)))
    assert np.array_equal(result.pixels, photo)


def test_grey_with_alpha_is_composited():
    la = Image.new("LA", (8, 8), (0, 0))
    la.paste((0, 255), (0, 0, 4, 8))
    result = converted(encode(la))
    assert np.all(result.pixels[:, :4] == 0) and np.all(result.pixels[:, 4:] == 255)


def test_greyscale_and_one_bit_images_become_rgb():
    grey = Image.fromarray(np.arange(64, dtype=np.uint8).reshape(8, 8) * 4)
    result = converted(encode(grey))
    assert np.array_equal(result.pixels[..., 1], np.asarray(grey))
    bits = Image.new("1", (8, 8), 1)
    assert np.all(converted(encode(bits)).pixels == 255)


def test_float_tiff_is_stretched():
    values = np.linspace(-1, 3, 64, dtype=np.float32).reshape(8, 8)
    result = converted(encode(Image.fromarray(values), "TIFF"))
    assert result.pixels[0, 0, 0] == 0 and result.pixels[-1, -1, 0] == 255
    assert any("stretched" in note for note in result.notes)
