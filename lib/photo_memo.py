"""What is worked out from a shipped photo, worked out once: its resized squares, its verdict.

A new seed only reorders the same shipped photos, so what is worked out from one of them is
the same on every draw: a Lanczos resize (milliseconds a photo), whether it reads as a scene
(a resize and a correlation). :func:`kept` remembers such answers by the photo's pixel array
and by the question asked of it, in one store for every kind of answer.

Only read-only arrays are remembered (the shipped photos are read-only): a writeable array, a
visitor's, could change under the same identity, and is worked out again every time. Each
entry keeps its photo's array alive, so the array's ``id`` cannot be reused by another photo
while the entry exists. The store drops its least recently used answers first, once the
arrays it keeps pass :data:`BYTES_KEPT` or its entries :data:`ENTRIES_KEPT`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar, cast

import numpy as np

#: The most bytes of answers (arrays) kept: a few views' worth of resized photos.
BYTES_KEPT = 32 * 2**20
#: The most answers kept, whatever their size (a verdict costs no array, but its entry keeps
#: its photo alive).
ENTRIES_KEPT = 4096

Answer = TypeVar("Answer")

_KEPT: OrderedDict[tuple[int, Hashable], tuple[np.ndarray, object]] = OrderedDict()
_LOCK = threading.Lock()
_bytes_kept = 0


def kept(photo: np.ndarray, question: Hashable, answer: Callable[[], Answer]) -> Answer:
    """``answer()``, worked out once for a read-only ``photo`` and ``question`` (shared).

    Parameters
    ----------
    photo : numpy.ndarray
        The photo's pixels. Read-only: the answer is kept, by the array's identity. Writeable:
        the answer is worked out on every call.
    question : hashable
        What is asked of the photo, e.g. ``("resized", 32, None)``.
    answer : callable
        Works the answer out. An array it returns is made read-only before it is kept, as the
        next caller shares it.

    Raises
    ------
    ValueError
        If ``photo`` is not a numpy array (its identity would mean nothing).

    Examples
    --------
    >>> photo = np.zeros((4, 4), np.uint8)
    >>> photo.flags.writeable = False
    >>> kept(photo, "mean", lambda: float(photo.mean()))
    0.0
    >>> kept(photo, "mean", lambda: 1.0)  # already known: not worked out again
    0.0
    >>> kept(photo.copy(), "mean", lambda: 1.0)  # a writeable copy: worked out every time
    1.0
    """
    global _bytes_kept
    if not isinstance(photo, np.ndarray):
        raise ValueError(f"answers are kept for a photo's pixel array, got {type(photo).__name__}")
    if photo.flags.writeable:
        return answer()
    key = (id(photo), question)
    with _LOCK:
        entry = _KEPT.get(key)
        if entry is not None and entry[0] is photo:
            _KEPT.move_to_end(key)
            return cast(Answer, entry[1])
    result = answer()
    if isinstance(result, np.ndarray):
        result.flags.writeable = False
    with _LOCK:
        if key in _KEPT:  # worked out meanwhile by another thread: keep one
            _bytes_kept -= _cost(_KEPT.pop(key)[1])
        _KEPT[key] = (photo, result)
        _bytes_kept += _cost(result)
        while (_bytes_kept > BYTES_KEPT or len(_KEPT) > ENTRIES_KEPT) and len(_KEPT) > 1:
            _bytes_kept -= _cost(_KEPT.popitem(last=False)[1][1])
    return result


def _cost(answer: object) -> int:
    """The bytes an answer counts against :data:`BYTES_KEPT`: an array's, or none."""
    return answer.nbytes if isinstance(answer, np.ndarray) else 0
