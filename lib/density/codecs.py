"""General-purpose lossless codecs as reference points, in bits per dimension."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from lib.density.base import check_patches, check_shape
from lib.density.patches import mosaic

#: The most values :func:`png_bits_per_dim` compresses (the first patches): 2,048 patches of 8×8.
PNG_VALUES = 131_072
#: How :func:`png_bits_per_dim` measures, for the page to state next to the figure.
PNG_METHOD = (
    "one lossless PNG (Pillow, optimize=True, compress level 9) of the test patches tiled "
    "edge to edge in a near-square grid (the first ones, at most 131,072 values), headers "
    "included, divided by the patches' values; at most one row of zero padding, not counted"
)

#: The same, in words a visitor reads beside the figure (the settings stay in :data:`PNG_METHOD`,
#: which "How the scores are counted" quotes).
PNG_IN_WORDS = (
    "the held-out patches side by side in one picture, saved as a PNG file as small as it will go; "
    "the whole file counted, divided by the number of values"
)


def png_bits_per_dim(patches: np.ndarray, size: int, channels: int) -> float:
    """Lossless PNG size of ``patches`` in bits per dimension (see :data:`PNG_METHOD`).

    A general-purpose compressor as a reference point: a model that beats it has
    learned more about these images than PNG's filters plus deflate know.

    Examples
    --------
    >>> flat = np.zeros((64, 64), np.uint8)
    >>> noise = np.random.default_rng(0).integers(0, 256, (64, 64), dtype=np.uint8)
    >>> png_bits_per_dim(flat, 8, 1) < 0.2, png_bits_per_dim(noise, 8, 1) > 8  # headers cost too
    (True, True)
    """
    return len(encode_lossless(patches, size, channels, "PNG")) * 8 / _bounded(patches, size, channels).size


#: WebP's lossless effort: method 6 at quality 95. Quality 100 at method 6 switches on
#: libwebp's brute-force search: ~10 CPU-s for the default view's 360×360 picture (the
#: whole rest of the fit takes ~2 s) to save 10 bytes of 79,510 (0.01%, 0.0006 bits/dim).
WEBP_QUALITY, WEBP_EFFORT = 95, 6
#: How :func:`webp_bits_per_dim` measures: exactly like PNG, with WebP's lossless mode.
WEBP_METHOD = (
    f"one lossless WebP (Pillow, lossless=True, quality {WEBP_QUALITY}, method {WEBP_EFFORT}) of the same tiled picture "
    "as the PNG (the first test patches, at most 131,072 values), headers included, divided by "
    "the patches' values"
)

#: The same, in words a visitor reads (see :data:`PNG_IN_WORDS`).
WEBP_IN_WORDS = (
    "the same picture as the PNG, saved as a lossless WebP file at WebP's most thorough setting; "
    "the whole file counted, divided by the number of values"
)


def webp_bits_per_dim(patches: np.ndarray, size: int, channels: int) -> float:
    """Lossless WebP size of ``patches`` in bits per dimension (see :data:`WEBP_METHOD`).

    A second, newer general-purpose codec beside PNG (WebP's lossless mode predicts each
    pixel from its neighbours, like a small autoregressive model with an entropy coder).
    The same picture as :func:`png_bits_per_dim`, the same division.

    Examples
    --------
    >>> flat = np.zeros((64, 64), np.uint8)
    >>> noise = np.random.default_rng(0).integers(0, 256, (64, 64), dtype=np.uint8)
    >>> webp_bits_per_dim(flat, 8, 1) < 0.2, webp_bits_per_dim(noise, 8, 1) > 8
    (True, True)
    """
    return len(encode_lossless(patches, size, channels, "WEBP")) * 8 / _bounded(patches, size, channels).size


def encode_lossless(patches: np.ndarray, size: int, channels: int, codec: str) -> bytes:
    """The file the reference figures measure: the bounded mosaic as lossless PNG or WebP bytes.

    >>> import io
    >>> from PIL import Image
    >>> patches = np.random.default_rng(1).integers(0, 256, (9, 48), dtype=np.uint8)
    >>> data = encode_lossless(patches, 4, 3, "WEBP")
    >>> np.array_equal(np.asarray(Image.open(io.BytesIO(data))), mosaic(patches, 4, 3))  # lossless
    True
    """
    if codec not in ("PNG", "WEBP"):
        raise ValueError(f"codec must be PNG or WEBP, got {codec!r}")
    return _encode(mosaic(_bounded(patches, size, channels), size, channels), codec)


def codec_bits_per_dim(patches: np.ndarray, size: int, channels: int) -> tuple[float, float]:
    """:func:`png_bits_per_dim` and :func:`webp_bits_per_dim` of ``patches``, from one mosaic.

    Both encoders leave Python's lock while they work (WebP at effort 6 takes ~0.3 s of a
    fit), so :func:`~lib.density.ladder.fit_ladder` runs this beside the models' fits.

    >>> noise = np.random.default_rng(0).integers(0, 256, (64, 64), dtype=np.uint8)
    >>> codec_bits_per_dim(noise, 8, 1) == (png_bits_per_dim(noise, 8, 1), webp_bits_per_dim(noise, 8, 1))
    True
    """
    bounded = _bounded(patches, size, channels)
    picture = mosaic(bounded, size, channels)
    png, webp = (len(_encode(picture, codec)) * 8 / bounded.size for codec in ("PNG", "WEBP"))
    return png, webp


def _encode(picture: np.ndarray, codec: str) -> bytes:
    buffer = io.BytesIO()
    if codec == "PNG":
        Image.fromarray(picture).save(buffer, format="PNG", optimize=True, compress_level=9)
    else:
        Image.fromarray(picture).save(
            buffer, format="WEBP", lossless=True, quality=WEBP_QUALITY, method=WEBP_EFFORT
        )
    return buffer.getvalue()


def _bounded(patches: np.ndarray, size: int, channels: int) -> np.ndarray:
    """The checked patches, cut to the first :data:`PNG_VALUES` values' worth (level 9 is slow)."""
    size, channels = check_shape(size, channels)
    patches = check_patches(patches, size * size * channels)
    return patches[: max(1, PNG_VALUES // patches.shape[1])]
