"""Turn a visitor's uploaded bytes into an RGB uint8 array, or a clear refusal.

``st.file_uploader(type=...)`` checks only the file *name*, so anything can arrive here:
an SVG or a PDF renamed ``.png``, a truncated download, a decompression bomb (a small
file whose header promises billions of pixels), a 100-megapixel camera JPEG, a 1×1
tracking pixel, 16-bit / palette / CMYK / transparent images, phone photos stored
sideways with an EXIF orientation tag. :func:`decode_upload` either returns the pixels
with human notes about what it did, or raises ``ValueError`` with a message meant for
the visitor. Nothing is written to disk.

Order of work: sniff non-image formats → read the header only (``Image.open`` is lazy)
→ check the pixel count *before* decoding → decode (JPEGs larger than needed are decoded
at 1/2, 1/4 or 1/8 scale by libjpeg's DCT scaling, so a 100-megapixel photo never
occupies 300 MB) → EXIF rotation → mode conversion → downscale to ``max_side``.
"""

from __future__ import annotations

import io
import math
import warnings
from typing import NamedTuple

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

#: Formats we let Pillow open (those this Pillow build has). Restricting them keeps
#: e.g. EPS (which would run Ghostscript) and exotic plugins away from visitors' bytes.
#: Multi-picture JPEGs (MPO, from some cameras) open through "JPEG".
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF", "AVIF")
#: Refused outright, from the header, as a possible decompression bomb: Pillow's own
#: error threshold (twice ``Image.MAX_IMAGE_PIXELS``'s default of 89,478,485).
MAX_PIXELS = 2 * 89_478_485
#: Non-JPEG images must be decoded at full size: above this they are refused (memory).
MAX_FULL_DECODE_PIXELS = 50_000_000
#: Larger files are refused before anything is parsed.
MAX_BYTES = 100 * 2**20
#: Images are downscaled so that their longer side is at most this (Lanczos).
DEFAULT_MAX_SIDE = 2048
#: Below this on either side there is too little for neighbour statistics.
MIN_SIDE = 8

_ORIENTATION_TAG = 0x0112
_ORIENTATION_TEXT = {
    2: "mirrored left-right",
    3: "rotated 180°",
    4: "mirrored top-bottom",
    5: "mirrored and rotated",
    6: "rotated 90° clockwise",
    7: "mirrored and rotated",
    8: "rotated 90° counter-clockwise",
}


class DecodedUpload(NamedTuple):
    """An upload ready for the pool: ``H×W×3`` uint8 pixels and what was done to them."""

    pixels: np.ndarray
    notes: list[str]


def decode_upload(data: bytes, name: str = "upload", *, max_side: int = DEFAULT_MAX_SIDE) -> DecodedUpload:
    """Decode uploaded bytes into RGB uint8 pixels, or raise ValueError with a clear message.

    ``name`` is the visitor's file name, used only in messages. The result's longer side
    is at most ``max_side`` (larger images are downscaled, and a note says so).
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
    impostor = _sniff_non_image(data)
    if impostor:
        raise ValueError(
            f"{label} is not an image: it is {impostor}, whatever its file name "
            "says. Please upload a photo (JPEG, PNG, WebP…)."
        )

    notes: list[str] = []
    try:
        with warnings.catch_warnings():
            # We apply our own, stricter pixel limit below, before anything is decoded.
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
        if pixels > MAX_FULL_DECODE_PIXELS and not is_jpeg:
            raise ValueError(
                f"{label} is a {image.format} of {width:,} × {height:,} pixels "
                f"({pixels / 1e6:,.0f} megapixels): too large to decode safely here. Save it as "
                f"a JPEG, or at most {MAX_FULL_DECODE_PIXELS / 1e6:,.0f} megapixels."
            )
        try:
            frames = getattr(image, "n_frames", 1)
            if is_jpeg and max(width, height) > max_side:
                k = max_side / max(width, height)
                # libjpeg decodes at 1/2, 1/4 or 1/8 scale while staying ≥ this size.
                image.draft(
                    image.mode if image.mode in ("L", "RGB", "CMYK") else "RGB",
                    (math.ceil(width * k), math.ceil(height * k)),
                )
            image.load()
            orientation = image.getexif().get(_ORIENTATION_TAG, 1)
            if not isinstance(orientation, int):  # a damaged tag: exif_transpose ignores it too
                orientation = 1
            upright = ImageOps.exif_transpose(image)
            converted = _to_rgb(upright, notes)
        except Exception as error:
            # Pillow's decoders signal damaged data with many kinds of exception.
            text = str(error)
            if "truncated" in text.lower() or isinstance(error, EOFError):
                raise ValueError(_truncated(label)) from error
            raise ValueError(
                f"{label} could not be decoded: the image data is damaged ({text or type(error).__name__})."
            ) from error

    if orientation in _ORIENTATION_TEXT:
        notes.insert(
            0,
            f"Turned upright using the camera's EXIF orientation tag "
            f"(stored {_ORIENTATION_TEXT[orientation]}).",
        )
    if frames > 1:
        notes.append(f"The file holds {frames} frames: the first one is used.")
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[24] == 16 and data[25] in (2, 6):
        # IHDR: bit depth 16, colour (with or without alpha): Pillow keeps the high bytes.
        notes.append("16-bit colour: reduced to 8 bits per channel.")

    if orientation in (5, 6, 7, 8):  # stored sideways: the visitor sees it turned
        width, height = height, width
    out_h, out_w = converted.shape[:2]
    if max(out_h, out_w) > max_side:
        k = max_side / max(out_h, out_w)
        new_w, new_h = max(1, round(out_w * k)), max(1, round(out_h * k))
        resized = Image.fromarray(converted).resize(
            (new_w, new_h), Image.Resampling.LANCZOS, reducing_gap=3.0
        )
        converted = np.asarray(resized)
    out_h, out_w = converted.shape[:2]
    if (out_w, out_h) != (width, height):
        notes.append(
            f"Downscaled from {width:,} × {height:,} to {out_w:,} × {out_h:,} pixels "
            f"(longest side at most {max_side:,}) so the statistics stay fast."
        )
    if min(converted.shape[:2]) < MIN_SIDE:
        raise ValueError(
            f"{label} is {width} × {height} pixels: after fitting it into {max_side} pixels "
            f"its short side is under {MIN_SIDE}, too small for neighbour statistics."
        )
    pixels_out = np.ascontiguousarray(converted, dtype=np.uint8)
    return DecodedUpload(pixels_out, notes)


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


def _to_rgb(image: Image.Image, notes: list[str]) -> np.ndarray:
    """RGB uint8 pixels from any Pillow mode, noting conversions a visitor should know of."""
    mode = image.mode
    if mode == "RGB":
        return np.asarray(image)
    if mode in ("I;16", "I;16L", "I;16B", "I;16N"):
        values = np.asarray(image).astype(np.float64)
        notes.append("16-bit greyscale: scaled to 8 bits (value ÷ 257).")
        return _grey_to_rgb(np.rint(values / 257.0))
    if mode == "I":
        values = np.asarray(image).astype(np.float64)
        low, high = float(values.min()), float(values.max())
        if low >= 0 and high <= 65535:
            notes.append("16-bit greyscale: scaled to 8 bits (value ÷ 257).")
            return _grey_to_rgb(np.rint(values / 257.0))
        notes.append(f"32-bit integer image: stretched from its range {low:g}…{high:g} to 0…255.")
        return _grey_to_rgb(_stretch(values, low, high))
    if mode == "F":
        values = np.asarray(image).astype(np.float64)
        if not np.all(np.isfinite(values)):
            raise ValueError("the floating-point image contains NaN or infinite values")
        low, high = float(values.min()), float(values.max())
        notes.append(f"Floating-point image: stretched from its range {low:g}…{high:g} to 0…255.")
        return _grey_to_rgb(_stretch(values, low, high))
    if mode == "CMYK":
        notes.append("CMYK (print) colours converted to RGB approximately: no colour profile was applied.")
        return np.asarray(image.convert("RGB"))
    if mode in ("P", "PA"):
        has_alpha = mode == "PA" or "transparency" in image.info
        notes.append("Palette image: expanded to full colour.")
        image = image.convert("RGBA" if has_alpha else "RGB")
        if not has_alpha:
            return np.asarray(image)
        mode = "RGBA"
    if mode in ("1", "L"):
        if mode == "1":
            notes.append("Black-and-white (1-bit) image: expanded to 8 bits.")
        notes.append("Greyscale image: used as RGB with R = G = B.")
        return _grey_to_rgb(np.asarray(image.convert("L")).astype(np.float64))
    if mode in ("LA", "La", "RGBA", "RGBa"):
        if mode in ("La", "RGBa"):  # premultiplied alpha: undo it first
            image = image.convert("RGBA" if mode == "RGBa" else "LA")
        array = np.asarray(image.convert("RGBA")).astype(np.float64)
        alpha = array[..., 3:4] / 255.0
        if np.all(alpha == 1.0):
            notes.append("The alpha channel is fully opaque: dropped.")
            return array[..., :3].astype(np.uint8)
        notes.append("Transparent areas composited onto white.")
        blended = array[..., :3] * alpha + 255.0 * (1.0 - alpha)
        return np.clip(np.rint(blended), 0, 255).astype(np.uint8)
    # YCbCr, LAB, HSV, RGBX and other rarities: Pillow's own conversion.
    notes.append(f"Converted from Pillow mode {mode} to RGB.")
    return np.asarray(image.convert("RGB"))


def _stretch(values: np.ndarray, low: float, high: float) -> np.ndarray:
    if high == low:
        return np.zeros_like(values)
    return np.rint((values - low) * (255.0 / (high - low)))


def _grey_to_rgb(values: np.ndarray) -> np.ndarray:
    grey = np.clip(values, 0, 255).astype(np.uint8)
    return np.repeat(grey[:, :, None], 3, axis=2)
