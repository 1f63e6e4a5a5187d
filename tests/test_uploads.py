"""Hostile and unusual uploads each get a clear message or a correct conversion."""

from __future__ import annotations

import hashlib
import struct
import zlib

import numpy as np
import pytest
from conftest import page_html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageFile

from lib import uploads
from lib.upload_shelf import UploadShelf
from lib.uploads import decode_upload
from tests import hostile_files
from tests.upload_images import encode, smooth_photo


def png_header_only(width: int, height: int, colour_type: int = 2) -> bytes:
    """A PNG whose header claims width×height pixels, followed by a tiny IDAT: no pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def photo() -> np.ndarray:
    return smooth_photo()


# -- ordinary files -----------------------------------------------------------------------
def test_rgb_png_round_trips_exactly_without_notes(photo):
    result = decode_upload(encode(Image.fromarray(photo)), "cat.png")
    assert result.pixels.dtype == np.uint8 and np.array_equal(result.pixels, photo)
    assert result.notes == []
    pixels, _notes = result  # a plain tuple for the page
    assert pixels is result.pixels


def test_jpeg_decodes_close_to_the_original(photo):
    result = decode_upload(encode(Image.fromarray(photo), "JPEG", quality=95), "cat.jpg")
    assert result.pixels.shape == photo.shape
    assert np.abs(result.pixels.astype(int) - photo).mean() < 3


# -- not images at all --------------------------------------------------------------------
@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (
            b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            b'<rect width="10" height="10"/></svg>',
            "SVG",
        ),
        (b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "SVG"),
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF", "PDF"),
        (b"<!DOCTYPE html><html><body>404</body></html>", "web page"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "HEIC"),
        (b"PK\x03\x04" + b"\0" * 40, "ZIP"),
        (b"hello, this is just some text\n" * 20, "not an image file"),
        (bytes(range(256)) * 4, "not an image file"),
    ],
)
def test_non_images_are_refused_with_a_clear_message(data, message):
    with pytest.raises(ValueError, match=message) as error:
        decode_upload(data, "holiday.png")
    assert "holiday.png" in str(error.value)


def test_non_bytes_and_bad_max_side_are_clear_errors():
    with pytest.raises(ValueError, match="bytes"):
        decode_upload("not bytes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_side"):
        decode_upload(b"x", max_side=2)


# -- damaged files ------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_truncated_files_say_truncated(photo, fmt):
    data = encode(Image.fromarray(photo), fmt)
    with pytest.raises(ValueError, match="truncated"):
        decode_upload(data[: len(data) // 2], "half." + fmt.lower())


def test_a_file_cut_inside_its_header_is_refused(photo):
    data = encode(Image.fromarray(photo))
    with pytest.raises(ValueError, match=r"not an image file|damaged|truncated"):
        decode_upload(data[:30])


@pytest.mark.filterwarnings("ignore::UserWarning")  # Pillow warns about damaged TIFF tags
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), fmt=st.sampled_from(["PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP"]))
def test_corrupted_files_only_ever_raise_value_error(data, fmt):
    image = Image.fromarray(np.random.default_rng(1).integers(0, 256, (16, 16, 3), dtype=np.uint8))
    raw = bytearray(encode(image, fmt))
    for _ in range(data.draw(st.integers(1, 8))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(1, len(raw)))
    try:
        result = decode_upload(bytes(raw[:cut]))
    except ValueError as error:
        assert str(error)
    else:
        assert result.pixels.dtype == np.uint8 and result.pixels.ndim == 3


# -- sizes --------------------------------------------------------------------------------
@pytest.fixture
def decodes(monkeypatch) -> list[int]:
    """Counts the images Pillow is asked to decode (ImageFile.load): a refusal from the header
    leaves it empty."""
    calls: list[int] = []
    load = ImageFile.ImageFile.load
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: calls.append(1) or load(self))
    return calls


def test_decompression_bomb_is_refused_from_the_header_without_decoding(decodes):
    data = png_header_only(100_000, 100_000)
    with pytest.raises(ValueError, match="decompression bomb"):
        decode_upload(data, "innocent.png")
    assert not decodes


def test_the_pixel_limit_holds_when_pillows_own_is_switched_off(monkeypatch, decodes):
    """Pillow's bomb check reads a global any code can change; ours does not rely on it."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)
    with pytest.raises(
        ValueError, match=r"over the 178,956,970-pixel limit, so it was refused without decoding"
    ):
        decode_upload(png_header_only(100_000, 100_000), "innocent.png")
    assert not decodes


def test_pillows_own_bomb_error_is_translated(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(ValueError, match="decompression bomb"):
        decode_upload(png_header_only(100, 100), "x.png")


def test_huge_non_jpeg_is_refused_before_decoding(decodes):
    with pytest.raises(ValueError, match="would take about 288 MB of memory here, over the 200 MB"):
        decode_upload(png_header_only(9000, 8000), "big.png")  # RGB: 4 bytes a pixel in Pillow
    assert not decodes


def test_a_100_megapixel_jpeg_is_downscaled_not_refused():
    """A camera's 12,000 × 8,400 (written by hand, flat grey: Pillow took ~0.6 s to make one)."""
    data = hostile_files.flat_jpeg(12000, progressive=False, height=8400)
    result = decode_upload(data, "camera.jpg")
    assert max(result.pixels.shape[:2]) == uploads.DEFAULT_MAX_SIDE
    assert result.pixels.shape == (1434, 2048, 3)
    assert any("Downscaled from 12,000 × 8,400" in note for note in result.notes)


def test_max_side_is_respected_for_png(photo):
    result = decode_upload(encode(Image.fromarray(photo)), max_side=32)
    assert result.pixels.shape == (24, 32, 3)
    assert any("Downscaled from 64 × 48 to 32 × 24" in note for note in result.notes)


@pytest.mark.parametrize("size", [(1, 1), (5, 100), (100, 7)])
def test_tiny_images_are_too_small_for_statistics(size):
    with pytest.raises(ValueError, match="too small"):
        decode_upload(encode(Image.new("RGB", size, "red")), "pixel.png")


# -- modes --------------------------------------------------------------------------------
def test_16_bit_colour_png_is_reduced_to_8_bits():
    samples = np.zeros((8, 8, 3), dtype=">u2")
    samples[...] = (65535, 0x8080, 257)
    rows = b"".join(b"\0" + samples[r].tobytes() for r in range(8))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 16, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    result = decode_upload(data, "scan48.png")
    assert np.all(result.pixels == (255, 128, 1))  # v / 257 for these values
    assert any("16-bit colour" in note for note in result.notes)


def test_exif_rotation_is_applied():
    # Stored sideways: 32 wide, 16 tall, red stripe on the stored top edge.
    stored = np.zeros((16, 32, 3), dtype=np.uint8)
    stored[:4] = (255, 0, 0)
    image = Image.fromarray(stored)
    exif = image.getexif()
    exif[0x0112] = 6  # the viewer must rotate 90° clockwise
    result = decode_upload(encode(image, "JPEG", quality=95, exif=exif.tobytes()), "phone.jpg")
    assert result.pixels.shape == (32, 16, 3)
    # Rotating clockwise moves the stored top edge to the right edge.
    assert result.pixels[:, -2:, 0].mean() > 200 and result.pixels[:, :8, 0].mean() < 30
    assert any("EXIF" in note for note in result.notes)


def test_animated_gif_uses_the_first_frame():
    frames = [Image.new("RGB", (8, 8), colour) for colour in ("red", "blue")]
    data = encode(frames[0], "GIF", save_all=True, append_images=frames[1:])
    result = decode_upload(data)
    assert tuple(result.pixels[0, 0]) == (255, 0, 0)
    assert any("several frames" in note for note in result.notes)  # not counted: see _frames


# -- one session's shelf ------------------------------------------------------------------
class Upload:
    """What Streamlit hands the page: a name, the bytes and (usually) a file_id."""

    def __init__(self, name: str, data: bytes, file_id: str | None = None) -> None:
        self.name, self.data, self.reads = name, data, 0
        if file_id is not None:
            self.file_id = file_id

    def getvalue(self) -> bytes:
        self.reads += 1
        return self.data


def jpeg_of(seed: int, size: tuple[int, int] = (96, 64)) -> bytes:
    pixels = np.random.default_rng(seed).integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)
    return encode(Image.fromarray(pixels), "JPEG", quality=90)


def test_the_shelf_decodes_each_file_once_across_reruns():
    shelf = UploadShelf()
    files = [Upload("a.jpg", jpeg_of(1), "id-a"), Upload("b.txt", b"not a photo", "id-b")]
    first = shelf.update(files)
    for _ in range(5):  # five reruns of the page with the same files attached
        again = shelf.update(files)
    assert shelf.decodes == 2 and files[0].reads == 1 and files[1].reads == 1
    assert again == first  # the same pixels, notes and refusal, not recomputed
    good, bad = again.uploads
    assert good.refusal is None and good.pixels is not None and good.pixels.shape == (64, 96, 3)
    assert bad.pixels is None and "not an image file" in (bad.refusal or "")
    assert again.message is None


def test_without_a_file_id_the_bytes_are_the_key():
    shelf = UploadShelf()
    data = jpeg_of(2)
    shelf.update([Upload("x.jpg", data)])
    shelf.update([Upload("renamed.jpg", data)])  # same bytes: the same decoded photo
    assert shelf.decodes == 1
    shelf.update([Upload("y.jpg", jpeg_of(3))])
    assert shelf.decodes == 2


def test_files_no_longer_attached_are_forgotten():
    shelf = UploadShelf()
    a, b = Upload("a.jpg", jpeg_of(4), "a"), Upload("b.jpg", jpeg_of(5), "b")
    shelf.update([a, b])
    assert len(shelf) == 2
    view = shelf.update([b])
    assert len(shelf) == 1 and [u.name for u in view.uploads] == ["b.jpg"]
    shelf.update([a, b])  # re-attached: decoded again (its pixels were let go)
    assert shelf.decodes == 3


def test_only_the_first_files_are_decoded_and_the_rest_are_named_in_a_message():
    shelf = UploadShelf(max_files=3, max_side=64)
    files = [Upload(f"{k}.jpg", jpeg_of(10 + k), str(k)) for k in range(10)]
    view = shelf.update(files)
    assert [u.name for u in view.uploads] == ["0.jpg", "1.jpg", "2.jpg"]
    assert shelf.decodes == 3 and all(f.reads == 0 for f in files[3:])
    assert view.message == (
        "Only the first 3 photos are used (3 per visitor): 7 more files were left out. "
        "Remove some to use others."
    )
    assert "Up to 3 photos per visitor" in shelf.rule and "64 pixels a side" in shelf.rule
    assert all(max(u.pixels.shape[:2]) <= 64 for u in view.uploads if u.pixels is not None)


def test_shelved_pixels_are_read_only_and_carry_their_digest():
    view = UploadShelf().update([Upload("a.jpg", jpeg_of(6), "a")])
    (photo,) = view.uploads
    assert photo.pixels is not None and not photo.pixels.flags.writeable
    assert photo.digest == hashlib.sha256(photo.pixels.tobytes()).hexdigest()[:8]


@pytest.mark.parametrize("arguments", [{"max_files": 0}, {"max_files": 2.5}, {"max_side": 4}])
def test_a_shelf_with_bad_limits_is_a_clear_error(arguments):
    with pytest.raises(ValueError, match="max_"):
        UploadShelf(**arguments)


# -- the Sampling page's upload section (AppTest) -------------------------------------------------
SAMPLING = "pages/2_Sampling.py"


def shown(text: str) -> str:
    """A message as the visitor reads it: without ui.escape_markdown's backslashes and ZWSPs."""
    return text.replace("\\", "").replace("\u200b", "")


def test_the_page_refuses_a_lying_file_and_keeps_four_photos_decoded_once(open_page, monkeypatch):
    decoded = []
    original = uploads.decode_upload

    def counting(data, name="upload", **options):
        decoded.append(name)
        return original(data, name, **options)

    monkeypatch.setattr(uploads, "decode_upload", counting)
    at = open_page(SAMPLING)
    assert any("Up to 4 photos per visitor" in shown(c.value) for c in at.caption)  # said on the page
    files = [("liar.png", hostile_files.lying_png(), "image/png")]
    files += [(f"{k}.jpg", jpeg_of(k, (320, 240)), "image/jpeg") for k in range(6)]
    at.file_uploader(key="uploads").set_value(files).run()
    assert not at.exception and not at.error
    warnings = [shown(w.value) for w in at.warning]
    assert any("liar.png" in w and "its header lies" in w for w in warnings), warnings
    assert any("Only the first 4 photos are used" in shown(i.value) for i in at.info)
    assert any("3 more files were left out" in shown(i.value) for i in at.info)
    assert "your photo 0.jpg" in page_html(at)  # the first accepted photo joined the pool
    assert decoded == ["liar.png", "0.jpg", "1.jpg", "2.jpg"]
    at.run()  # a rerun (any click) with the same files attached: nothing decoded again
    assert decoded == ["liar.png", "0.jpg", "1.jpg", "2.jpg"]
    assert not at.exception and "your photo 0.jpg" in page_html(at)


def test_streamlits_upload_limit_matches_the_decoders():
    """Streamlit holds every attached file in memory: its limit is the decoder's byte limit."""
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).parent.parent / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 2**20 == uploads.MAX_BYTES
