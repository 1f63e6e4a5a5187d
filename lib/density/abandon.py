"""Fits that can be abandoned: a fit made ahead of a visitor gives way to a visitor's own.

A server may fit the views a visitor will most likely ask for next (the seeds either side
of the one shown) while it is idle (:meth:`~lib.density.service.StudyService.ahead`). Such
a fit must never make a visitor wait, so it runs under :func:`abandonable`, and the long
loops of every fit (the autoregressive model's Newton steps for its scales and its scoring,
the mixture's EM steps, each rung's
stages) call :func:`checkpoint`: once the fit's event is set, the next checkpoint raises
:class:`FitAbandoned` and the fit's threads stop within a few milliseconds. A fit made for
a visitor has no event, and its checkpoints cost a context-variable lookup each.

A fit made ahead also pauses at its checkpoints while a visitor's page runs (``may_run``
cleared: :meth:`~lib.density.service.StudyService.visiting`). Its threads share Python's
lock with the thread running that page, which waited up to 5 ms for it after each of its
own short releases (measured: building a view's parts took 21 ms alone, 75 ms beside a fit);
paused in :meth:`threading.Event.wait`, they hold nothing.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

_ABANDON: contextvars.ContextVar[threading.Event | None] = contextvars.ContextVar("abandon", default=None)
_MAY_RUN: contextvars.ContextVar[threading.Event | None] = contextvars.ContextVar("may_run", default=None)


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
    if event is None:
        return
    may_run = _MAY_RUN.get()
    if may_run is not None:
        may_run.wait()  # paused while a visitor's page runs (set again to abandon, too)
    if event.is_set():
        raise FitAbandoned("abandoned for a visitor's fit")


@contextmanager
def abandonable(event: threading.Event, may_run: threading.Event | None = None) -> Iterator[None]:
    """Run the block as a fit that stops at its next :func:`checkpoint` once ``event`` is set,
    and waits at its checkpoints while ``may_run`` (if given) is clear: whoever sets ``event``
    while the fit waits sets ``may_run`` too, so that it wakes and stops.

    >>> stop, may_run, seen = threading.Event(), threading.Event(), []
    >>> def fit():
    ...     with abandonable(stop, may_run):
    ...         checkpoint()
    ...         seen.append("went on")
    >>> paused = threading.Thread(target=fit)
    >>> paused.start(); paused.join(0.2); seen  # waiting at its checkpoint
    []
    >>> may_run.set(); paused.join(5); seen
    ['went on']
    """
    token, paused = _ABANDON.set(event), _MAY_RUN.set(may_run)
    try:
        yield
    finally:
        _MAY_RUN.reset(paused)
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
