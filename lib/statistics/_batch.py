"""Reading an image or a batch of images as one ``(n, channels, H, W)`` array.

Conventions shared by every statistic of this package. An *image* is a ``H×W`` (grey) or
``H×W×3`` (RGB) array; a *batch* is a sequence of images of one shape, or an
``(n, H, W)`` / ``(n, H, W, 3)`` array (an ``(n, H, 3)`` array is read as one RGB image).
Statistics pool the three colour channels as three grey planes: a neighbour pair is two
adjacent pixels *of the same channel*. uint8 input is kept as the integers 0..255; any
other real input (e.g. a diffusion state) becomes float64.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: Work on chunks of about this many pixels at a time: memory stays flat for large batches.
CHUNK = 1 << 20


def as_batch(images: np.ndarray | Sequence[np.ndarray], what: str = "images") -> np.ndarray:
    """``(n, channels, H, W)`` view or copy of an image or batch (uint8 kept, others float64).

    >>> as_batch(np.zeros((4, 5, 3), np.uint8)).shape
    (1, 3, 4, 5)
    >>> as_batch([np.zeros((2, 2)), np.zeros((3, 3))])
    Traceback (most recent call last):
    ...
    ValueError: images: images in a batch must share one shape, got (2, 2), (3, 3)
    """
    if isinstance(images, np.ndarray):
        array = images
        if array.ndim == 2 or (array.ndim == 3 and array.shape[-1] == 3):
            array = array[None]
    else:
        items = list(images)
        if not items:
            raise ValueError(f"{what}: the batch is empty")
        shapes = {np.shape(im) for im in items}
        if len(shapes) != 1:
            raise ValueError(
                f"{what}: images in a batch must share one shape, got "
                + ", ".join(str(s) for s in sorted(shapes))
            )
        array = np.stack([np.asarray(im) for im in items])
    if array.ndim == 3:
        array = array[:, None]
    elif array.ndim == 4 and array.shape[-1] == 3:
        array = np.moveaxis(array, -1, 1)
    else:
        raise ValueError(f"{what}: expected H×W or H×W×3 images, got shape {np.shape(images)}")
    if array.shape[0] == 0:
        raise ValueError(f"{what}: the batch is empty")
    if array.dtype == np.uint8:
        return array
    if (
        array.dtype == bool
        or not np.issubdtype(array.dtype, np.number)
        or np.issubdtype(array.dtype, np.complexfloating)
    ):
        raise ValueError(f"{what}: pixels must be real numbers, got {array.dtype}")
    array = array.astype(np.float64)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{what}: pixels contain NaN or infinity")
    return array


def require_size(batch: np.ndarray, low: int, what: str) -> None:
    """A ``ValueError`` unless the batch's images are at least ``low×low`` pixels.

    >>> require_size(np.zeros((1, 1, 4, 4)), 8, "the power spectrum")
    Traceback (most recent call last):
    ...
    ValueError: the power spectrum needs images of at least 8×8 pixels, got 4×4
    """
    h, w = batch.shape[2:]
    if h < low or w < low:
        raise ValueError(f"{what} needs images of at least {low}×{low} pixels, got {w}×{h}")
