"""Uniform noise: a point of the space of all images, picked at random from one seed.

Noise is the byte stream of a PCG64 generator cut into images: a grey ``s×s`` image is
the next ``s·s`` bytes, an RGB one the next ``3·s·s`` bytes (R, G, B interleaved). Every
byte is uniform on 0..255 and independent, so each image is a uniform draw from the space
of all images of its shape. Because a byte's position in the stream is known, any window
of a huge noise image can be produced without generating the rest
(:func:`uniform_noise_window`). Re-exported by :mod:`lib.photo_corpus`; :mod:`lib.real_samples`
draws the real photos beside it from the same seed (each use has a stream of its own:
:func:`stream_seed`).
"""

from __future__ import annotations

import numpy as np

from lib.pixel_sheets import check_budget
from lib.validation import check_whole_number

#: The noise's stream of a seed (first word of the SeedSequence entropy): "noise".
NOISE_STREAM = 0x6E6F697365


def stream_seed(seed: int, stream: int) -> np.random.SeedSequence:
    """One of a seed's independent random streams (noise, crops, whole photos).

    >>> stream_seed(3, NOISE_STREAM).entropy == [NOISE_STREAM, 3]
    True
    """
    return np.random.SeedSequence([stream, check_whole_number(seed, "seed", 0)])


def channel_count(grey: bool) -> int:
    """Values per pixel: 1 grey, 3 RGB."""
    return 1 if grey else 3


def _noise_bytes(seed: int, start: int, count: int) -> np.ndarray:
    """Bytes ``start … start+count-1`` of seed's noise stream (8 bytes per PCG64 output)."""
    bit_generator = np.random.PCG64(stream_seed(seed, NOISE_STREAM))
    first_word, skip = divmod(start, 8)
    if first_word:
        bit_generator.advance(first_word)
    words = (skip + count + 7) // 8
    raw = bit_generator.random_raw(words).astype("<u8", copy=False)
    return raw.view(np.uint8)[skip : skip + count]


def uniform_noise(count: int, size: int, seed: int, *, grey: bool = False) -> np.ndarray:
    """``count`` uniform-noise images of ``size×size``: ``(count, s, s)`` or ``(count, s, s, 3)``.

    Same seed, same pixels; a larger ``count`` keeps the first images unchanged.
    """
    count = check_whole_number(count, "count", 1)
    size = check_whole_number(size, "size", 1)
    c = channel_count(grey)
    n = count * size * size * c
    check_budget(n, "this much noise")
    shape = (count, size, size) if grey else (count, size, size, 3)
    return _noise_bytes(seed, 0, n).reshape(shape)


def uniform_noise_image(height: int, width: int, seed: int, *, grey: bool = False) -> np.ndarray:
    """One uniform-noise image of ``height×width`` (the first bytes of seed's stream).

    ``uniform_noise_image(s, s, seed)`` equals ``uniform_noise(1, s, seed)[0]``. A
    2304×4096 RGB image (28 MB) takes ~10 ms; to *show* one, cut 1:1 windows.
    """
    height = check_whole_number(height, "height", 1)
    width = check_whole_number(width, "width", 1)
    c = channel_count(grey)
    check_budget(height * width * c, "this noise image")
    shape = (height, width) if grey else (height, width, 3)
    return _noise_bytes(seed, 0, height * width * c).reshape(shape)


def uniform_noise_window(
    height: int,
    width: int,
    top: int,
    left: int,
    window_height: int,
    window_width: int,
    seed: int,
    *,
    grey: bool = False,
) -> np.ndarray:
    """The window ``[top:top+window_height, left:left+window_width]`` of
    ``uniform_noise_image(height, width, seed)``, without generating the whole image.

    Only the rows of the window are drawn (PCG64 can jump ahead), so a 1:1 crop of the
    post's 2304×4096 noise costs a fraction of a millisecond and is the very same pixels.
    """
    height = check_whole_number(height, "height", 1)
    width = check_whole_number(width, "width", 1)
    window_height = check_whole_number(window_height, "window height", 1)
    window_width = check_whole_number(window_width, "window width", 1)
    top = check_whole_number(top, "top", 0)
    left = check_whole_number(left, "left", 0)
    if top + window_height > height or left + window_width > width:
        raise ValueError(
            f"a {window_height}×{window_width} window at ({top}, {left}) does not "
            f"fit in a {height}×{width} image"
        )
    c = channel_count(grey)
    row = width * c
    check_budget(window_height * row, "this noise window")
    rows = _noise_bytes(seed, top * row, window_height * row)
    rows = rows.reshape((window_height, width) if grey else (window_height, width, 3))
    return np.ascontiguousarray(rows[:, left : left + window_width])
