"""Showing pixels exactly: enlarged by repetition, tiled into one sheet, cut to what a
screen shows, and encoded losslessly.

Noise has no structure to hide a resampling error: a browser that scales a 518-pixel
image into 482 pixels draws moiré, and JPEG or smoothing blurs it into grey. So images
are enlarged only by whole factors (here with :func:`upscale`, or by the browser with
``image-rendering: pixelated``), many tiles travel as one PNG (:func:`contact_sheet`),
and a grid never holds more pixels than a screen shows (:func:`screen_sheet`).
"""

from __future__ import annotations

import io
import math
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from lib.validation import check_uint8_image, check_whole_number

#: Refuse to build sheets or noise larger than this many bytes (keeps a typo from eating RAM).
MAX_OUTPUT_BYTES = 64 * 2**20


def check_budget(n_bytes: int, what: str) -> None:
    if n_bytes > MAX_OUTPUT_BYTES:
        raise ValueError(
            f"{what} would take {n_bytes / 2**20:,.0f} MB (limit {MAX_OUTPUT_BYTES / 2**20:,.0f} MB)"
        )


def upscale(image: np.ndarray, factor: int) -> np.ndarray:
    """Enlarge by repeating each pixel ``factor×factor`` times: every pixel stays exact."""
    image = check_uint8_image(image, "image")
    factor = check_whole_number(factor, "factor", 1)
    check_budget(image.nbytes * factor * factor, "this upscaled image")
    if factor == 1:
        return image.copy()
    return np.repeat(np.repeat(image, factor, axis=0), factor, axis=1)


def contact_sheet(
    images: Sequence[np.ndarray] | np.ndarray,
    columns: int,
    scale: int = 1,
    gap: int = 1,
    background: int = 255,
) -> np.ndarray:
    """Tile same-shaped images into one array, each enlarged by pixel repetition.

    Row-major order, ``columns`` per row, ``gap`` background pixels between tiles (none
    around the edge). Grey tiles give a grey sheet, RGB tiles an RGB sheet; a mix is
    promoted to RGB. Tile ``i``'s pixel ``(y, x)`` lands on the block starting at
    ``(row·(h·scale+gap) + y·scale, col·(w·scale+gap) + x·scale)``.
    """
    if isinstance(images, np.ndarray):
        if images.ndim not in (3, 4):
            raise ValueError(f"expected a stack of images, got shape {images.shape}")
        stack = list(images)
    else:
        stack = list(images)
    if not stack:
        raise ValueError("contact_sheet needs at least one image")
    columns = check_whole_number(columns, "columns", 1)
    scale = check_whole_number(scale, "scale", 1)
    gap = check_whole_number(gap, "gap", 0)
    if isinstance(background, bool) or not 0 <= int(background) <= 255:
        raise ValueError(f"background must be 0..255, got {background!r}")
    stack = [check_uint8_image(im, f"image {i}") for i, im in enumerate(stack)]
    if len({im.shape[:2] for im in stack}) != 1:
        raise ValueError(
            "contact_sheet needs images of one size, got "
            + ", ".join(sorted({f"{im.shape[1]}×{im.shape[0]}" for im in stack}))
        )
    rgb = any(im.ndim == 3 for im in stack)
    if rgb:
        stack = [im if im.ndim == 3 else np.repeat(im[:, :, None], 3, axis=2) for im in stack]
    tiles = np.stack(stack)  # (n, h, w[, 3])
    n, h, w = tiles.shape[:3]
    c = 3 if rgb else 1
    columns = min(columns, n)
    rows = -(-n // columns)
    th, tw = h * scale + gap, w * scale + gap
    check_budget(rows * th * columns * tw * c, "this sheet")
    grid = np.full((rows, columns, th, tw, c), background, dtype=np.uint8)
    big = tiles.reshape(n, h, 1, w, 1, c)
    big = np.broadcast_to(big, (n, h, scale, w, scale, c)).reshape(n, h * scale, w * scale, c)
    grid.reshape(rows * columns, th, tw, c)[:n, : h * scale, : w * scale] = big
    sheet = grid.transpose(0, 2, 1, 3, 4).reshape(rows * th, columns * tw, c)
    sheet = sheet[: rows * th - gap, : columns * tw - gap]
    return np.ascontiguousarray(sheet if rgb else sheet[:, :, 0])


#: A grid sends at most this many pixels: about what one column of a laptop screen shows at
#: 1:1, so a link asking for 64 images of 512×512 never sends 50 MB of noise.
MAX_SHEET_PIXELS = 264 * 264
#: The least side of a sheet of several images: smaller tiles are first enlarged by a whole
#: factor (pixel repetition), so that the 1-pixel dividers between them stay a sliver once the
#: browser enlarges the sheet. Four 8×8 images made a 17-pixel sheet that a wide screen showed
#: 42 times as large: 42-pixel dividers, wider than the 16 pixels between the noise grid and the
#: real one, and the two grids read as one (review, 27 Nov). At 96 the dividers stay under
#: ~10 screen pixels; a sheet of 32×32 images (98 pixels) is sent as before.
SHEET_MIN_SIDE = 96


@dataclass(frozen=True, eq=False)
class ScreenSheet:
    """The part of a batch that a screen shows: ``shown`` images at 1:1 on one sheet.

    ``cropped`` is True when even one image exceeds the budget: the sheet is then the
    top-left corner of the first image.
    """

    pixels: np.ndarray = field(repr=False)
    shown: int
    columns: int
    cropped: bool
    scale: int = 1  # each image's pixels repeated scale×scale times on the sheet


def sheet_capacity(count: int, size: int, max_pixels: int = MAX_SHEET_PIXELS, gap: int = 1) -> int:
    """How many of ``count`` ``size×size`` images fit on a nearly square sheet of at most
    ``max_pixels`` (0 when not even one does).

    >>> sheet_capacity(64, 32), sheet_capacity(4, 128), sheet_capacity(9, 512)
    (64, 4, 0)
    """
    for shown in range(check_whole_number(count, "count", 1), 0, -1):
        columns = math.ceil(math.sqrt(shown))
        rows = -(-shown // columns)
        if (columns * (size + gap) - gap) * (rows * (size + gap) - gap) <= max_pixels:
            return shown
    return 0


def screen_sheet(
    images: np.ndarray, max_pixels: int = MAX_SHEET_PIXELS, gap: int = 1, min_side: int = SHEET_MIN_SIDE
) -> ScreenSheet:
    """As many of ``images`` as fit in ``max_pixels`` at 1:1, on a nearly square sheet.

    The first images are kept (a larger batch only adds images), ``gap`` white pixels
    between tiles. The browser then enlarges the sheet by a whole factor, never by a
    fraction, so every pixel stays a sharp square. A sheet of several images narrower than
    ``min_side`` has its images enlarged first, by the whole factor that keeps it within
    ``min_side`` (its ``scale``), and its ``gap`` kept: dividers thin beside the images.

    >>> sheet = screen_sheet(np.zeros((64, 32, 32, 3), np.uint8), max_pixels=100 * 100)
    >>> sheet.shown, sheet.columns, sheet.pixels.shape, sheet.scale
    (9, 3, (98, 98, 3), 1)
    >>> screen_sheet(np.zeros((2, 512, 512), np.uint8), max_pixels=100 * 100).pixels.shape
    (100, 100)
    >>> small = screen_sheet(np.zeros((4, 8, 8), np.uint8))  # 17 pixels at 1:1
    >>> small.scale, small.pixels.shape
    (5, (81, 81))
    """
    stack = np.asarray(images)
    if stack.ndim not in (3, 4) or len(stack) == 0:
        raise ValueError(f"expected a non-empty stack of images, got shape {stack.shape}")
    max_pixels = check_whole_number(max_pixels, "max_pixels", 1)
    gap = check_whole_number(gap, "gap", 0)
    shown = sheet_capacity(len(stack), max(stack.shape[1:3]), max_pixels, gap)
    if shown:
        columns = math.ceil(math.sqrt(shown))
        rows = -(-shown // columns)
        natural = max(columns * (stack.shape[2] + gap), rows * (stack.shape[1] + gap)) - gap
        scale = max(1, check_whole_number(min_side, "min_side", 1) // natural) if shown > 1 else 1
        return ScreenSheet(contact_sheet(stack[:shown], columns, scale, gap), shown, columns, False, scale)
    side = math.isqrt(max_pixels)
    return ScreenSheet(np.ascontiguousarray(stack[0, :side, :side]), 1, 1, True)


#: How much of an image's bytes :func:`encode_png` tries to deflate before choosing a level.
PROBE_BYTES = 8192


def encode_png(image: np.ndarray, compress_level: int | None = None) -> bytes:
    """Lossless PNG bytes of a grey or RGB uint8 image (decoding gives the same array).

    By default, level 1 (fast) for an image that compresses, and level 0 (stored) for one
    that does not: noise does not compress at any level, so deflating it only costs time
    (half of a 256×256 noise PNG's encoding) for the same bytes. Which is which is judged
    by deflating the first :data:`PROBE_BYTES` of its pixels (~0.2 ms).

    Stored PNGs are written here (each row's filter byte 0, the rows in stored deflate
    blocks): Pillow filters every row first even when it stores them, ~10 ms for 256×256
    RGB noise where writing them takes ~0.5 ms.

    >>> noise = np.random.default_rng(0).integers(0, 256, (64, 64, 3), dtype=np.uint8)
    >>> len(encode_png(noise)) <= len(encode_png(noise, 1)), len(encode_png(np.zeros((64, 64), np.uint8))) < 200
    (True, True)
    >>> np.array_equal(np.asarray(Image.open(io.BytesIO(encode_png(noise)))), noise)
    True
    """
    image = check_uint8_image(image, "image")
    if compress_level is None:
        sample = np.ascontiguousarray(image).reshape(-1)[:PROBE_BYTES].tobytes()
        compress_level = 1 if len(zlib.compress(sample, 1)) < 0.98 * len(sample) else 0
    if not 0 <= compress_level <= 9:
        raise ValueError(f"compress_level must be 0..9, got {compress_level!r}")
    if compress_level == 0:
        return _stored_png(image)
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(image)).save(buffer, "PNG", compress_level=compress_level)
    return buffer.getvalue()


def _stored_png(image: np.ndarray) -> bytes:
    """A PNG of ``image`` (grey or RGB uint8) with its rows stored, not deflated."""
    height, width = image.shape[:2]
    rows = np.zeros((height, 1 + image[0].size), np.uint8)  # filter byte 0 ("none"), then the row
    rows[:, 1:] = image.reshape(height, -1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0 if image.ndim == 2 else 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows.tobytes(), 0))
        + chunk(b"IEND", b"")
    )
