"""Fits that can be abandoned: a fit made ahead of a visitor gives way to a visitor's own.

A server may fit the views a visitor will most likely ask for next (the seeds either side
of the one shown) while it is idle (:meth:`~lib.density.service.StudyService.ahead`). Such
a fit must never make a visitor wait, so it runs under :func:`abandonable`, and the long
loops of every fit (the autoregressive model's Newton steps for its scales and its scoring,
the mixture's EM steps, each rung's
stages) call :func:`checkpoint`: once the fit's event is set, the next checkpoint raises
:class:`FitAbandoned` and the fit's threads stop within a few milliseconds. A fit made for
a visitor has no event, and its checkpoints cost a context-variable lookup each.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

_ABANDON: contextvars.ContextVar[threading.Event | None] = contextvars.ContextVar("abandon", default=None)


class FitAbandoned(Exception):
    """A fit made ahead of a visitor stopped because a visitor needed the server."""


def checkpoint() -> None:
    """Raise :class:`FitAbandoned` if the fit running in this context has been abandoned.

    >>> checkpoint()  # outside an abandonable fit: nothing happens
    >>> stop = threading.Event()
    >>> with abandonable(stop):
    ...     checkpoint()
    ...     stop.set()
    ...     try:
    ...         checkpoint()
    ...     except FitAbandoned as stopped:
    ...         print(stopped)
    abandoned for a visitor's fit
    """
    event = _ABANDON.get()
    if event is not None and event.is_set():
        raise FitAbandoned("abandoned for a visitor's fit")


@contextmanager
def abandonable(event: threading.Event) -> Iterator[None]:
    """Run the block as a fit that stops at its next :func:`checkpoint` once ``event`` is set."""
    token = _ABANDON.set(event)
    try:
        yield
    finally:
        _ABANDON.reset(token)


def in_this_context(job: Callable[..., Any]) -> Callable[..., Any]:
    """``job`` bound to a copy of the caller's context: a thread pool's worker then sees the
    caller's abandon event (each worker gets its own copy, as a context runs in one thread).

    >>> stop = threading.Event()
    >>> stop.set()
    >>> with abandonable(stop):
    ...     bound = in_this_context(checkpoint)
    >>> try:
    ...     bound()
    ... except FitAbandoned:
    ...     print("the worker stopped")
    the worker stopped
    """
    context = contextvars.copy_context()
    return lambda *args, **kwargs: context.run(job, *args, **kwargs)
