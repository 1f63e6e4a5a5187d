"""Values built once per key and kept, the most recently used first, for any thread.

Why a module of its own: the fits, the photos made grey, the layouts a fit reads and the Learning
page's parts are each worth keeping between visitors (a few milliseconds to tens of them a
build), from a script's run or from a thread that works ahead of a visitor, where
``st.cache_resource`` is for a script's run and warns in any other thread. One small cache
serves them all. No Streamlit.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


class BuiltOnce:
    """Values built once per key and kept (the ``size`` most recently used), for any thread.

    Two threads asking for the same key at once may both build it; the first kept wins, and
    both get that one. ``keep`` says which built values are worth keeping (e.g. not one too
    large): a value it refuses is returned and built again next time.

    >>> built = BuiltOnce(2)
    >>> built.get("a", lambda: [1]) is built.get("a", lambda: [2]), built.get("b", list), built.get("c", list)
    (True, [], [])
    >>> sorted(built._kept)
    ['b', 'c']
    >>> small = BuiltOnce(2, keep=lambda value: len(value) < 3)
    >>> small.get("long", lambda: [1, 2, 3]) is small.get("long", lambda: [1, 2, 3])
    False
    >>> BuiltOnce(0)
    Traceback (most recent call last):
    ...
    ValueError: BuiltOnce keeps at least one value, got 0
    """

    def __init__(self, size: int, keep: Callable[[object], bool] | None = None) -> None:
        if size < 1:
            raise ValueError(f"BuiltOnce keeps at least one value, got {size}")
        self._size = size
        self._keep = keep
        self._kept: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], object]):
        """The value kept for ``key``, or ``build()`` kept for it now (where ``keep`` allows)."""
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        value = build()
        if self._keep is not None and not self._keep(value):
            return value
        with self._lock:
            value = self._kept.setdefault(key, value)
            self._kept.move_to_end(key)
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)
        return value
