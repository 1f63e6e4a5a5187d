"""Turn a visitor's uploaded bytes into an RGB uint8 array, or a clear refusal, at bounded cost.

``st.file_uploader(type=...)`` checks only the file *name*, so anything can arrive here:
an SVG or a PDF renamed ``.png``, a truncated download, a decompression bomb (a small
file whose header promises billions of pixels), a header that lies (351 bytes claiming
7000 × 7000 RGBA), a 100-megapixel camera JPEG, 16-bit / float / palette / CMYK /
transparent images, phone photos stored sideways with an EXIF orientation tag.
:func:`decode_upload` either returns the pixels with human notes about what it did, or
raises ``ValueError`` with a message meant for the visitor. Nothing is written to disk.

Every upload costs at most about :data:`DECODE_BUDGET` bytes of memory, whatever its
header says. Order of work: sniff non-image formats → read the header only
(``Image.open`` is lazy) → check the pixel count → check that the data can fill the
claimed image (:mod:`lib.upload_checks`) → estimate the memory the decoder needs and refuse
beyond the budget → decode (JPEGs at 1/2, 1/4 or 1/8 scale by libjpeg's DCT scaling) →
convert to RGB and box-reduce *by strips*, in integers (:mod:`lib.rgb_strips`: alpha
compositing, 16-bit and float modes never make a full-size copy, let alone a float64 one) →
Lanczos to ``max_side`` → EXIF rotation of the small result.

:class:`lib.upload_shelf.UploadShelf` keeps one session's uploads: each file decoded once, at most a few.
"""

from __future__ import annotations

import io
import math
import warnings
from typing import NamedTuple

import numpy as np
from PIL import Image, UnidentifiedImageError

from lib import rgb_strips, upload_checks

#: Formats we let Pillow open (those this Pillow build has). Restricting them keeps
#: e.g. EPS (which would run Ghostscript) and exotic plugins away from visitors' bytes.
#: Multi-picture JPEGs (MPO, from some cameras) open through "JPEG".
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF", "AVIF")
#: Refused outright, from the header, as a possible decompression bomb: Pillow's own
#: error threshold (twice ``Image.MAX_IMAGE_PIXELS``'s default of 89,478,485).
MAX_PIXELS = 2 * 89_478_485
#: The most memory the decoder may need for one upload (7000 × 7000 RGBA fits). The
#: conversion by strips adds a few tens of megabytes on top.
DECODE_BUDGET = 200_000_000
#: Pillow decodes run-length-compressed BMPs in Python, pixel by pixel: kept small.
MAX_RLE_BMP_PIXELS = 1_000_000
#: Progressive JPEGs from cameras and encoders have about 10 scans; each costs a pass.
MAX_JPEG_SCANS = 32
#: Larger files are refused before anything is parsed (as ``server.maxUploadSize``).
MAX_BYTES = 20 * 2**20
#: Images are downscaled so that their longer side is at most this (Lanczos).
DEFAULT_MAX_SIDE = 2048
#: Below this on either side there is too little for neighbour statistics.
MIN_SIDE = 8

_ORIENTATION_TAG = 0x0112
_ORIENTATION = {  # EXIF orientation → (what the visitor is told, how to turn it upright)
    2: ("mirrored left-right", Image.Transpose.FLIP_LEFT_RIGHT),
    3: ("rotated 180°", Image.Transpose.ROTATE_180),
    4: ("mirrored top-bottom", Image.Transpose.FLIP_TOP_BOTTOM),
    5: ("mirrored and rotated", Image.Transpose.TRANSPOSE),
    6: ("rotated 90° clockwise", Image.Transpose.ROTATE_270),
    7: ("mirrored and rotated", Image.Transpose.TRANSVERSE),
    8: ("rotated 90° counter-clockwise", Image.Transpose.ROTATE_90),
}


class DecodedUpload(NamedTuple):
    """An upload ready for the pool: ``H×W×3`` uint8 pixels and what was done to them."""

    pixels: np.ndarray
    notes: list[str]


def decode_upload(data: bytes, name: str = "upload", *, max_side: int = DEFAULT_MAX_SIDE) -> DecodedUpload:
    """Decode uploaded bytes into RGB uint8 pixels, or raise ValueError with a clear message.

    ``name`` is the visitor's file name, used only in messages. The result's longer side
    is at most ``max_side`` (larger images are downscaled, and a note says so).

    >>> buffer = io.BytesIO()
    >>> Image.new("RGBA", (64, 32), (255, 0, 0, 0)).save(buffer, "PNG")
    >>> pixels, notes = decode_upload(buffer.getvalue(), "clear.png", max_side=16)
    >>> pixels.shape, pixels[0, 0].tolist(), notes
    ((8, 16, 3), [255, 255, 255], ['Transparent areas composited onto white.', 'Downscaled from 64 × 32 to 16 × 8 pixels (longest side at most 16) so the statistics stay fast.'])
    """
    if not isinstance(max_side, int) or max_side < MIN_SIDE:
        raise ValueError(f"max_side must be an integer ≥ {MIN_SIDE}, got {max_side!r}")
    label = f"“{name}”"
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ValueError(f"{label}: expected the file's bytes, got {type(data).__name__}")
    data = bytes(data)
    if not data:
        raise ValueError(f"{label} is empty (0 bytes).")
    if len(data) > MAX_BYTES:
        raise ValueError(f"{label} is {len(data) / 2**20:,.0f} MB; the limit is {MAX_BYTES / 2**20:,.0f} MB.")
    crowded = upload_checks.too_many_segments(data)
    if crowded:
        raise ValueError(
            f"{label} holds more than {upload_checks.MAX_SEGMENTS:,} {crowded} before its image "
            "data: a damaged file, or one made to be slow to read. It was refused."
        )
    impostor = _sniff_non_image(data)
    if impostor:
        raise ValueError(
            f"{label} is not an image: it is {impostor}, whatever its file name "
            "says. Please upload a photo (JPEG, PNG, WebP…)."
        )
    try:
        with warnings.catch_warnings():
            # We apply our own, stricter limits below, before anything is decoded.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=_available_formats())
    except Image.DecompressionBombError as error:
        raise ValueError(f"{label} was refused as a possible decompression bomb: {error}") from error
    except UnidentifiedImageError as error:
        raise ValueError(
            f"{label} is not an image file we can read (we read JPEG, PNG, WebP, GIF, BMP, TIFF and AVIF)."
        ) from error
    except Exception as error:
        if "truncated" in str(error).lower() or isinstance(error, EOFError):
            raise ValueError(_truncated(label)) from error
        raise ValueError(
            f"{label} looks like an image but its header is damaged ({error or type(error).__name__})."
        ) from error
    with image:
        return _decode_opened(image, data, label, max_side)


def _decode_opened(image: Image.Image, data: bytes, label: str, max_side: int) -> DecodedUpload:
    width, height = image.size
    pixels = width * height
    if pixels > MAX_PIXELS:
        raise ValueError(
            f"{label} claims to be {width:,} × {height:,} pixels ({pixels:,} pixels). That "
            f"is over the {MAX_PIXELS:,}-pixel limit, so it was refused without decoding: "
            "a file like this is a typical decompression bomb."
        )
    if min(width, height) < MIN_SIDE:
        raise ValueError(
            f"{label} is {width} × {height} pixels: too small for neighbour statistics "
            f"(at least {MIN_SIDE} × {MIN_SIDE} is needed)."
        )
    is_jpeg = image.format in ("JPEG", "MPO")
    if not is_jpeg:  # the cheapest checks first: from the header alone
        _check_budget(upload_checks.decode_bytes(image, data), image, label)
        if any(tile[0] == "bmp_rle" for tile in getattr(image, "tile", ())) and pixels > MAX_RLE_BMP_PIXELS:
            raise ValueError(
                f"{label} is a run-length-compressed BMP of {width:,} × {height:,} pixels: "
                f"Pillow decodes this old format in Python, too slowly beyond "
                f"{MAX_RLE_BMP_PIXELS / 1e6:g} megapixels. Save it as a PNG or JPEG."
            )
    extra_bytes = _check_claim(image, data, f"{label} claims {width:,} × {height:,} pixels")
    if is_jpeg:
        if max(width, height) > max_side:
            scale = max_side / max(width, height)
            # libjpeg decodes at 1/2, 1/4 or 1/8 scale while staying ≥ this size.
            image.draft(
                image.mode if image.mode in ("L", "RGB", "CMYK") else "RGB",
                (math.ceil(width * scale), math.ceil(height * scale)),
            )
        _check_budget(upload_checks.decode_bytes(image) + extra_bytes, image, label, (width, height))
    try:
        frames = _frames(image)
        image.load()
        orientation = image.getexif().get(_ORIENTATION_TAG, 1)
        notes: list[str] = []
        reduced = rgb_strips.reduce_by_strips(image, rgb_strips.reduction(image.size, max_side), notes)
    except ValueError as error:
        raise ValueError(f"{label} could not be used: {error}.") from error
    except Exception as error:
        # Pillow's decoders signal damaged data with many kinds of exception.
        text = str(error)
        if "truncated" in text.lower() or isinstance(error, EOFError):
            raise ValueError(_truncated(label)) from error
        raise ValueError(
            f"{label} could not be decoded: the image data is damaged ({text or type(error).__name__})."
        ) from error

    if not isinstance(orientation, int) or orientation not in _ORIENTATION:
        orientation = 1  # missing or damaged: exif_transpose ignores it too
    if frames > 1:
        notes.append(f"The file holds {frames} frames: the first one is used.")
    elif frames < 0:
        notes.append("The file holds several frames: the first one is used.")
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[24] == 16 and data[25] in (2, 6):
        # IHDR: bit depth 16, colour (with or without alpha): Pillow keeps the high bytes.
        notes.append("16-bit colour: reduced to 8 bits per channel.")

    scale = max_side / max(width, height)
    out = Image.fromarray(reduced)
    if scale < 1:
        target = (max(1, round(width * scale)), max(1, round(height * scale)))
        if target != out.size:
            out = out.resize(target, Image.Resampling.LANCZOS)
    if orientation != 1:
        told, transpose = _ORIENTATION[orientation]
        notes.insert(0, f"Turned upright using the camera's EXIF orientation tag (stored {told}).")
        out = out.transpose(transpose)
        if orientation >= 5:  # stored sideways: the visitor sees it turned
            width, height = height, width
    if out.size != (width, height):
        notes.append(
            f"Downscaled from {width:,} × {height:,} to {out.width:,} × {out.height:,} pixels "
            f"(longest side at most {max_side:,}) so the statistics stay fast."
        )
    if min(out.size) < MIN_SIDE:
        raise ValueError(
            f"{label} is {width} × {height} pixels: after fitting it into {max_side} pixels "
            f"its short side is under {MIN_SIDE}, too small for neighbour statistics."
        )
    return DecodedUpload(np.ascontiguousarray(np.asarray(out), dtype=np.uint8), notes)


def _frames(image: Image.Image) -> int:
    """How many frames ``image`` holds, or −1 for "several" where counting means parsing
    every frame in Python (GIF and TIFF: a 20 MB file can hold a million tiny frames)."""
    if image.format in ("GIF", "TIFF"):
        return -1 if getattr(image, "is_animated", False) else 1
    return int(getattr(image, "n_frames", 1))


def _check_budget(cost: int, image: Image.Image, label: str, size: tuple[int, int] | None = None) -> None:
    """Refuse an image whose decoding would need more than :data:`DECODE_BUDGET` bytes."""
    if cost > DECODE_BUDGET:
        width, height = size or image.size
        kind = "progressive JPEG" if image.info.get("progressive") else image.format
        raise ValueError(
            f"{label} is a {kind} of {width:,} × {height:,} pixels: decoding it would take "
            f"about {cost / 1e6:,.0f} MB of memory here, over the {DECODE_BUDGET / 1e6:,.0f} MB "
            "one photo may use. Save it as a baseline JPEG (decoded at a reduced size) or at "
            "fewer megapixels."
        )


def _check_claim(image: Image.Image, data: bytes, claim: str) -> int:
    """Refuse a file whose data cannot fill the image its header claims.

    Returns the decoder's memory beyond the image itself (a progressive JPEG's
    coefficients), which the caller adds to the budget.
    """
    if image.format == "PNG":
        try:
            rows = upload_checks.png_rows_held(data)
        except ValueError as error:
            raise ValueError(f"{claim}, but {error}.") from error
        if rows is not None and rows.held < rows.claimed:
            held = (
                f"only {rows.held / rows.claimed:.1%} of its rows"
                if rows.interlaced
                else f"only {rows.held:,} of its {rows.claimed:,} rows"
            )
            raise ValueError(
                f"{claim}, but its data holds {held}: the file is truncated or its header lies. "
                "It was refused before decoding."
            )
    elif image.format in ("JPEG", "MPO"):
        layout = upload_checks.jpeg_layout(data)
        if layout is None:
            return 0
        if layout.scans > MAX_JPEG_SCANS:
            raise ValueError(
                f"{claim} in {layout.scans:,} scans; libjpeg reads every block once per scan, "
                f"and photos need at most a dozen, so over {MAX_JPEG_SCANS} are refused."
            )
        if layout.coded_bytes < layout.least_coded_bytes:
            raise ValueError(
                f"{claim}, but it holds {layout.coded_bytes:,} bytes of image data where "
                f"that many pixels need at least {layout.least_coded_bytes:,}: the file is "
                "truncated or its header lies. It was refused before decoding."
            )
        return layout.coefficient_bytes
    return 0


def _truncated(label: str) -> str:
    return (
        f"{label} is truncated: the file ends before its image data does (an interrupted "
        "download or copy?). Please upload the complete file."
    )


def _available_formats() -> tuple[str, ...]:
    Image.init()
    return tuple(f for f in ALLOWED_FORMATS if f in Image.OPEN)


def _sniff_non_image(data: bytes) -> str | None:
    """A description of well-known non-image content (by its bytes, not its name)."""
    head = data[:2048]
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%PDF-"):
        return "a PDF document"
    if b"<svg" in stripped[:2048] and (
        stripped.startswith(b"<?xml")
        or stripped.startswith(b"<svg")
        or stripped.startswith(b"<!doctype svg")
        or stripped.startswith(b"<!--")
    ):
        return "an SVG drawing (XML text)"
    if stripped.startswith((b"<!doctype html", b"<html")):
        return "a web page (HTML)"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1"):
        return "a HEIC/HEIF photo, which we cannot read (on an iPhone, export it as JPEG)"
    if head.startswith(b"PK\x03\x04"):
        return "a ZIP archive (or an Office document)"
    return None
