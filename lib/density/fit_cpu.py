"""The CPU seconds one fit used: its own threads' time, not the whole server's.

A server spends a fitting budget (:class:`~lib.density.service.StudyService`) counted in CPU
seconds, because a busy machine stretches a fit's wall time while its work stays the same.
The process's clock (``time.process_time``) counts every thread of the server, though: in a
room of phones the threads serving their pages ran while a fit ran, were charged to the fit,
and new settings were refused sooner than the budget meant. So a fit counts only the
threads doing its work: the thread that asked for it (:func:`counting`) and each thread of
the ladder's pool while it runs one of the fit's jobs (:func:`counted`), each on its own
per-thread clock (``time.thread_time``; numpy's BLAS runs on the calling thread here, one
thread: :mod:`lib`).
"""

from __future__ import annotations

import contextvars
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


class FitCpu:
    """CPU seconds added up from several threads, each reading its own ``clock``."""

    def __init__(self, clock: Callable[[], float] = time.thread_time) -> None:
        self.clock = clock
        self.seconds = 0.0
        self._lock = threading.Lock()

    def add(self, seconds: float) -> None:
        with self._lock:
            self.seconds += seconds


_TALLY: contextvars.ContextVar[FitCpu | None] = contextvars.ContextVar("fit_cpu", default=None)


@contextmanager
def counting(tally: FitCpu) -> Iterator[FitCpu]:
    """Add to ``tally`` this thread's CPU time over the block, and that of every job
    :func:`counted` runs for it in other threads (given this context, e.g. by
    :func:`lib.density.abandon.in_this_context`). The time is added when the block ends,
    however it ends.

    >>> import numpy as np
    >>> from concurrent.futures import ThreadPoolExecutor
    >>> from lib.density.abandon import in_this_context
    >>> def work():
    ...     return float(np.linalg.eigvalsh(np.eye(300) * 2.0).sum())
    >>> with counting(FitCpu()) as fit, ThreadPoolExecutor(2) as pool:
    ...     jobs = [pool.submit(in_this_context(counted(work))) for _ in range(4)]
    ...     done = [job.result() for job in jobs]
    >>> done[0], fit.seconds > 0
    (600.0, True)
    """
    token = _TALLY.set(tally)
    start = tally.clock()
    try:
        yield tally
    finally:
        tally.add(tally.clock() - start)
        _TALLY.reset(token)


def counted(job: Callable[..., Any]) -> Callable[..., Any]:
    """``job``, adding the CPU time its thread spends in it to the fit :func:`counting` in the
    context it runs in (nothing to add to outside one)."""

    def run(*args: Any, **kwargs: Any) -> Any:
        tally = _TALLY.get()
        if tally is None:
            return job(*args, **kwargs)
        start = tally.clock()
        try:
            return job(*args, **kwargs)
        finally:
            tally.add(tally.clock() - start)

    return run
