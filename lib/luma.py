"""Grey from colour: the luma every grey view of the app is made of.

A grey view must be what a visitor's own tools would make of the same photo, so the weights
are ITU-R 601's, rounded exactly as Pillow's ``convert("L")`` rounds them, in integers: a
grey crop is the luma of the colour crop at the same place, to the last bit.
"""

from __future__ import annotations

import numpy as np


def to_grey(image: np.ndarray) -> np.ndarray:
    """ITU-R 601 luma, exactly as Pillow's ``convert("L")``; a grey input is returned as is.

    Parameters
    ----------
    image : numpy.ndarray
        uint8 pixels: one image (``H×W×3``) or a stack (``…×H×W×3``), or already grey
        (``H×W``, ``…×H×W``), which is copied unchanged.

    Returns
    -------
    numpy.ndarray
        uint8 luma, the shape of ``image`` without its last axis of 3; ``R = G = B = v``
        gives ``v``.

    Raises
    ------
    ValueError
        If the pixels are not uint8 or not an image (fewer than two axes).

    Examples
    --------
    >>> to_grey(np.array([[[255, 0, 0], [7, 7, 7]]], np.uint8))
    array([[76,  7]], dtype=uint8)
    >>> to_grey(np.zeros(3, np.uint8))
    Traceback (most recent call last):
    ...
    ValueError: not an image: shape (3,)
    """
    image = np.asarray(image)
    if image.dtype != np.uint8:
        raise ValueError(f"to_grey needs uint8 pixels, got {image.dtype}")
    if image.ndim >= 3 and image.shape[-1] == 3:
        rgb = image.astype(np.uint32)
        luma = (rgb[..., 0] * 19595 + rgb[..., 1] * 38470 + rgb[..., 2] * 7471 + 0x8000) >> 16
        return luma.astype(np.uint8)
    if image.ndim >= 2:
        return image.copy()
    raise ValueError(f"not an image: shape {image.shape}")
