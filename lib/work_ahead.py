"""Work a visitor's likely next view out while they look at this one, one job at a time.

Why: on Random images "Draw again" asks for the next seed, and a new draw's figures, charts
and PNGs took ~20 of its ~34 ms of the server's CPU before the first byte of the answer
could go out. Worked out while the visitor looks at the draw on screen, they are found in
the page's caches instead.

Bounded by construction: one thread per worker, and at most one job waiting or running; a
job offered while one is under way is dropped (the view it would have prepared works itself
out when asked for, as it did before). So a room of visitors clicking at once queues
nothing: whatever they share is cached once for all of them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor


class OneAhead:
    """A thread that runs at most one job at a time and drops the jobs offered meanwhile.

    >>> ahead = OneAhead("doc-ahead")
    >>> gate = threading.Event()
    >>> first = ahead.offer(gate.wait)
    >>> ahead.offer(lambda: "dropped") is None  # busy: dropped, never queued
    True
    >>> _ = gate.set(), first.result()
    >>> ahead.offer(lambda: "taken").result()
    'taken'
    """

    def __init__(self, name: str) -> None:
        self._worker = ThreadPoolExecutor(1, thread_name_prefix=name)
        self._idle = threading.Semaphore(1)

    def offer(self, job: Callable[[], object]) -> Future | None:
        """Start ``job`` unless one is under way; its future, or None when dropped."""
        if not self._idle.acquire(blocking=False):
            return None
        try:
            return self._worker.submit(self._run, job)
        except BaseException:
            self._idle.release()
            raise

    def _run(self, job: Callable[[], object]) -> object:
        try:
            return job()
        finally:
            self._idle.release()
