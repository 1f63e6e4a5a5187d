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
    size, channels = check_shape(size, channels)
    patches = check_patches(patches, size * size * channels)
    patches = patches[: max(1, PNG_VALUES // patches.shape[1])]  # level 9 is slow: bounded work
    picture = mosaic(patches, size, channels)
    buffer = io.BytesIO()
    Image.fromarray(picture, mode=None).save(buffer, format="PNG", optimize=True, compress_level=9)
    return buffer.tell() * 8 / patches.size
