"""The one image a page shows at 1:1, chosen from the pool or from a batch.

A grid of thumbnails hides what a single pixel is; beside it the page shows one image at its
own pixels: a corner of the largest photo (the noise's corner is the same size), or the most
contrasted image of a batch (a flat photo would be a dull demonstration).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from lib.luma import to_grey
from lib.validation import check_whole_number

if TYPE_CHECKING:
    from lib.photo_corpus import Photo


def largest_photo_corner(pool: Sequence[Photo], side: int, *, grey: bool = False) -> np.ndarray:
    """The top-left ``side×side`` pixels of the pool's largest photo, at 1:1 (RGB or grey).

    Examples
    --------
    >>> from lib.photo_corpus import load_corpus
    >>> largest_photo_corner(load_corpus(), 4, grey=True).shape
    (4, 4)
    >>> largest_photo_corner([], 4)
    Traceback (most recent call last):
    ...
    ValueError: the pool of real images is empty
    """
    if not pool:
        raise ValueError("the pool of real images is empty")
    side = check_whole_number(side, "side", 1)
    photo = max(pool, key=lambda p: p.width * p.height).pixels[:side, :side]
    return to_grey(photo) if grey else np.ascontiguousarray(photo)


def most_contrasted(images: np.ndarray, side: int | None = None) -> np.ndarray:
    """The image of a batch whose pixels vary most (largest standard deviation), or its
    central ``side×side`` square when it is larger.

    Examples
    --------
    >>> most_contrasted(np.stack([np.zeros((2, 2), np.uint8), np.eye(2, dtype=np.uint8) * 9]))[0, 0]
    np.uint8(9)
    >>> most_contrasted(np.zeros((1, 100, 80), np.uint8), side=64).shape
    (64, 64)
    >>> most_contrasted(np.zeros((0, 8, 8), np.uint8))
    Traceback (most recent call last):
    ...
    ValueError: there is no image to choose from: the batch is empty
    """
    stack = np.asarray(images)
    if stack.ndim < 3 or len(stack) == 0:
        raise ValueError(
            f"there is no image to choose from: the batch is {'empty' if stack.ndim >= 3 else 'not a stack of images'}"
        )
    if side is not None:
        side = check_whole_number(side, "side", 1)
    image = stack[int(np.argmax(stack.reshape(len(stack), -1).std(axis=1)))]
    if side is None:
        return image
    top, left = max(0, (image.shape[0] - side) // 2), max(0, (image.shape[1] - side) // 2)
    return np.ascontiguousarray(image[top : top + side, left : left + side])
