"""Checking arguments of ``lib`` functions: one whole-number check and one image check.

Every ``lib`` function that takes a count, a side or an image checks it here, so the
messages read the same everywhere and a ``ValueError`` always says, in a sentence,
what was expected and what came.
"""

from __future__ import annotations

from typing import cast

import numpy as np


def is_whole_number(value: object) -> bool:
    """True for Python and numpy integers, False for bools, floats and anything else.

    >>> is_whole_number(3), is_whole_number(np.int64(3)), is_whole_number(True), is_whole_number(3.0)
    (True, True, False, False)
    """
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def check_whole_number(value: object, what: str, low: int, high: int | None = None) -> int:
    """``value`` as an ``int`` in ``[low, high]``, else a ``ValueError`` naming ``what``.

    >>> check_whole_number(np.int64(8), "patch size", 1, 64)
    8
    >>> check_whole_number(0, "patch size", 1, 64)
    Traceback (most recent call last):
    ...
    ValueError: patch size must be between 1 and 64, got 0
    """
    if not is_whole_number(value):
        raise ValueError(f"{what} must be a whole number, got {value!r}")
    number = int(cast("int", value))
    if high is None:
        if number < low:
            raise ValueError(f"{what} must be at least {low:,}, got {number:,}")
    elif not low <= number <= high:
        raise ValueError(f"{what} must be between {low:,} and {high:,}, got {number:,}")
    return number


def check_uint8_image(image: object, what: str = "image") -> np.ndarray:
    """A non-empty uint8 ``H×W`` (grey) or ``H×W×3`` (RGB) array, else a ``ValueError``.

    >>> check_uint8_image(np.zeros((2, 3, 3), np.uint8)).shape
    (2, 3, 3)
    >>> check_uint8_image(np.zeros((2, 3)), "a photo")
    Traceback (most recent call last):
    ...
    ValueError: a photo must have uint8 pixels, got float64
    """
    array = np.asarray(image)
    if array.dtype != np.uint8:
        raise ValueError(f"{what} must have uint8 pixels, got {array.dtype}")
    if not (array.ndim == 2 or (array.ndim == 3 and array.shape[2] == 3)):
        raise ValueError(f"{what} must be H×W (grey) or H×W×3 (RGB), got shape {array.shape}")
    if array.shape[0] < 1 or array.shape[1] < 1:
        raise ValueError(f"{what} is empty: shape {array.shape}")
    return array
