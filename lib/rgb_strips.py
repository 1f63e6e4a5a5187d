"""Any Pillow image as RGB uint8 pixels, box-reduced strip by strip, at bounded memory.

A visitor's photo may be 16-bit, floating-point, palette, CMYK, grey, transparent; the page
wants ``H×W×3`` uint8 at most a few thousand pixels a side. Converting the whole image first
would make a full-size copy (as float64, 8 bytes a sample: 1.5 GB for a 7000 × 7000 RGBA
float), so :func:`reduce_by_strips` crops a strip of about :data:`STRIP_PIXELS` pixels,
box-reduces it by :func:`reduction`'s factor and converts it, in integers where it can, before
reading the next: the only full-size array is Pillow's decoded image. Each conversion says
what it did in a note for the visitor ("16-bit greyscale: scaled to 8 bits", ...).

:func:`lib.uploads.decode_upload` decides whether an upload is decoded at all; this module only
turns what was decoded into pixels.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import cast

import numpy as np
from PIL import Image

#: Conversion works on strips of about this many pixels (≤ 16 MB even as float64 RGBA).
STRIP_PIXELS = 1 << 19


def reduction(size: tuple[int, int], max_side: int) -> int:
    """The box-reduction factor that leaves at most 2 × ``max_side`` for Lanczos to finish.

    Pillow's own ``reducing_gap=2.0``: reducing by whole boxes first then resampling the
    last factor of ≤ 2 is indistinguishable from resampling all the way.

    Examples
    --------
    >>> reduction((7000, 7000), 2048), reduction((4000, 3000), 2048), reduction((100, 50), 16)
    (2, 1, 4)
    """
    if not isinstance(max_side, int) or max_side < 1:
        raise ValueError(f"max_side must be a whole number of pixels ≥ 1, got {max_side!r}")
    return max(1, math.ceil(max(size) / (2 * max_side)))


def reduce_by_strips(image: Image.Image, factor: int, notes: list[str]) -> np.ndarray:
    """RGB uint8 pixels of ``image`` box-reduced by ``factor``, converted strip by strip.

    Each strip (a whole number of boxes tall) is cropped, reduced and converted before the
    next is read, so the only full-size array is Pillow's decoded image. Reducing before
    converting is exact where it matters: the conversions below are linear (a float
    image's stretch, 16-bit ÷ 257) or done on premultiplied colours (alpha), so averaging
    first gives the same colours up to rounding, and exactly the same when ``factor`` is 1.

    Parameters
    ----------
    image : PIL.Image.Image
        A decoded (or lazily opened) image of any mode Pillow reads.
    factor : int
        Each ``factor × factor`` box of pixels becomes one (:func:`reduction`).
    notes : list of str
        What was done, for the visitor: this function appends to it.

    Raises
    ------
    ValueError
        If ``factor`` is not a whole number ≥ 1, or a floating-point image holds NaN or
        infinite values (no stretch can show them).

    Examples
    --------
    >>> notes = []
    >>> grey = Image.new("I;16", (6, 4), 65535)
    >>> pixels = reduce_by_strips(grey, 2, notes)
    >>> pixels.shape, pixels[0, 0].tolist(), notes
    ((2, 3, 3), [255, 255, 255], ['16-bit greyscale: scaled to 8 bits (value ÷ 257).'])
    """
    if not isinstance(factor, int) or factor < 1:
        raise ValueError(f"the reduction factor must be a whole number ≥ 1, got {factor!r}")
    width, height = image.size
    convert, transparent = _strip_converter(image, notes)
    rows = max(factor, STRIP_PIXELS // max(width, 1) // factor * factor)
    out = np.empty((-(-height // factor), -(-width // factor), 3), dtype=np.uint8)
    for top in range(0, height, rows):
        strip = convert(image.crop((0, top, width, min(top + rows, height))), factor)
        out[top // factor : top // factor + strip.shape[0]] = strip
    if transparent is not None:
        notes.append(
            "Transparent areas composited onto white."
            if transparent[0]
            else "The alpha channel is fully opaque: dropped."
        )
    return out


def _reduce(image: Image.Image, factor: int) -> Image.Image:
    return image.reduce(factor) if factor > 1 else image


def _strip_converter(
    image: Image.Image, notes: list[str]
) -> tuple[Callable[[Image.Image, int], np.ndarray], list[bool] | None]:
    """A function turning one strip of ``image`` into reduced RGB uint8, and its notes.

    Anything that needs the whole image (a float image's range) is measured here, once,
    by Pillow in C without a copy; the second result, for images with alpha, records
    whether any strip was transparent.
    """
    mode = image.mode
    if mode == "RGB":
        return lambda strip, k: np.asarray(_reduce(strip, k)), None
    if mode.startswith("I;16"):
        notes.append("16-bit greyscale: scaled to 8 bits (value ÷ 257).")
        return lambda strip, k: _grey(_div257(np.asarray(_reduce(strip.convert("I"), k)))), None
    if mode in ("I", "F"):
        low, high = cast(tuple[float, float], image.getextrema())
        if mode == "I" and low >= 0 and high <= 65535:
            notes.append("16-bit greyscale: scaled to 8 bits (value ÷ 257).")
            return lambda strip, k: _grey(_div257(np.asarray(_reduce(strip, k)))), None
        if not (math.isfinite(low) and math.isfinite(high)):
            raise ValueError("the floating-point image contains NaN or infinite values")
        kind = "32-bit integer image" if mode == "I" else "Floating-point image"
        notes.append(f"{kind}: stretched from its range {low:g}…{high:g} to 0…255.")
        # NaN and infinities survive box averaging, so the reduced strip shows them.
        return lambda strip, k: _grey(_stretch(np.asarray(_reduce(strip, k)), low, high)), None
    if mode == "CMYK":
        notes.append("CMYK (print) colours converted to RGB approximately: no colour profile was applied.")
        return lambda strip, k: np.asarray(_reduce(strip.convert("RGB"), k)), None
    if mode in ("1", "L"):
        if mode == "1":
            notes.append("Black-and-white (1-bit) image: expanded to 8 bits.")
        notes.append("Greyscale image: used as RGB with R = G = B.")
        return lambda strip, k: _grey(np.asarray(_reduce(strip.convert("L"), k))), None
    if mode in ("P", "PA", "LA", "La", "RGBA", "RGBa"):
        if mode in ("P", "PA"):
            notes.append("Palette image: expanded to full colour.")
            if mode == "P" and "transparency" not in image.info:
                return lambda strip, k: np.asarray(_reduce(strip.convert("RGB"), k)), None
        transparent = [False]

        def composite(strip: Image.Image, k: int) -> np.ndarray:
            if strip.mode == "La":  # premultiplied grey: Pillow converts it via LA
                strip = strip.convert("LA")
            if strip.mode != "RGBa":
                rgba = strip.convert("RGBA") if strip.mode != "RGBA" else strip
                transparent[0] = transparent[0] or _least_alpha(rgba) < 255
                # Premultiplied: c·a/255, rounded exactly by Pillow. Box averages of these
                # weight each colour by its opacity, as compositing requires.
                strip = rgba.convert("RGBa")
            else:
                transparent[0] = transparent[0] or _least_alpha(strip) < 255
            premultiplied = np.asarray(_reduce(strip, k)).astype(np.uint16)
            # On white: c·a/255 + 255·(1 − a/255); never above 255 as c·a/255 ≤ a.
            return (premultiplied[..., :3] + (255 - premultiplied[..., 3:])).astype(np.uint8)

        return composite, transparent
    # YCbCr, LAB, HSV, RGBX and other rarities: Pillow's own conversion.
    notes.append(f"Converted from Pillow mode {mode} to RGB.")
    return lambda strip, k: np.asarray(_reduce(strip.convert("RGB"), k)), None


def _least_alpha(image: Image.Image) -> int:
    """The smallest alpha of an RGBA or RGBa image, computed by Pillow in C without a copy."""
    bands = cast(tuple[tuple[int, int], ...], image.getextrema())
    return bands[3][0]


def _div257(values: np.ndarray) -> np.ndarray:
    """round(v / 257) for 0 ≤ v ≤ 65535, in integers (v / 257 is never a tie)."""
    return ((values.astype(np.uint32) + 128) // 257).astype(np.uint8)


def _stretch(values: np.ndarray, low: float, high: float) -> np.ndarray:
    if not np.all(np.isfinite(values)):
        raise ValueError("the floating-point image contains NaN or infinite values")
    if high == low:
        return np.zeros(values.shape, dtype=np.uint8)
    scaled = np.rint((values.astype(np.float64) - low) * (255.0 / (high - low)))
    return np.clip(scaled, 0, 255).astype(np.uint8)


def _grey(values: np.ndarray) -> np.ndarray:
    return np.repeat(values.astype(np.uint8, copy=False)[:, :, None], 3, axis=2)
