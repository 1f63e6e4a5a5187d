"""Work a visitor's likely next view out while they look at this one, one job at a time.

Why: on Random images "Draw again" asks for the next seed, and a new draw's figures, charts
and PNGs took ~20 of its ~34 ms of the server's CPU before the first byte of the answer
could go out. Worked out while the visitor looks at the draw on screen, they are found in
the page's caches instead.

Bounded by construction: one thread per worker, and at most one job waiting or running; a
job offered while one is under way is dropped (the view it would have prepared works itself
out when asked for, as it did before). So a room of visitors clicking at once queues
nothing: whatever they share is cached once for all of them.

A job may wait for the page run that offered it (``after``): until that run's thread has
ended, then :data:`SETTLE_S` more while the server sends the page's last messages. Offered
at the end of a page's script, it started at once and shared Python's lock with the
script's last steps and with the sending, on the visitor's clock: on a fresh server the
first visitor of a new draw (``/Sampling?size=32&n=16&seed=3``) paid ~3 ms of server CPU
more with the next draw worked out beside theirs (29.3 -> 32.2 ms, 8 alternated servers).
Nobody clicks "Draw again" within a few tenths of a second of seeing the draw.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Protocol

#: The longest a job waits for the run that offered it to end (a run that long is not a page's).
AFTER_WAIT_S = 10.0
#: Then how long it leaves the server to send that run's last messages.
SETTLE_S = 0.05


class Run(Protocol):
    """What a job can wait for: a thread (a page's script run), or anything joined alike."""

    def join(self, timeout: float | None = None) -> None: ...


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
        self._settled = threading.Event()  # never set: waited on for SETTLE_S at most

    def offer(self, job: Callable[[], object], after: Run | None = None) -> Future | None:
        """Start ``job`` unless one is under way; its future, or None when dropped. With
        ``after`` (the offering page's script thread), the job starts once that has ended (or
        after :data:`AFTER_WAIT_S`) and :data:`SETTLE_S` more; the main thread, which ends only
        with the process, is never waited for. The job counts as under way while it waits.

        >>> order = []
        >>> class Script:
        ...     def join(self, timeout=None):
        ...         order.append("the page's run ended")
        >>> OneAhead("doc-after").offer(lambda: order.append("job"), after=Script()).result()
        >>> order
        ["the page's run ended", 'job']
        """
        if not self._idle.acquire(blocking=False):
            return None
        if after is threading.main_thread():
            after = None
        try:
            return self._worker.submit(self._run, job, after)
        except BaseException:
            self._idle.release()
            raise

    def idle(self, timeout: float) -> bool:
        """Wait until no job is under way, ``timeout`` seconds at most; whether none is. An
        offer made right after finds the thread free (a test's, or a shutdown's, guarantee:
        jobs offered meanwhile are dropped, not queued).

        >>> OneAhead("doc-idle").idle(0.1)
        True
        """
        if not self._idle.acquire(timeout=timeout):
            return False
        self._idle.release()
        return True

    def _run(self, job: Callable[[], object], after: Run | None) -> object:
        try:
            if after is not None:
                after.join(AFTER_WAIT_S)
                self._settled.wait(SETTLE_S)  # the page's last messages go out first
            return job()
        finally:
            self._idle.release()
