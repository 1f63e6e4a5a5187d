"""Private interval contexts of mpmath, and the few questions asked of an interval.

:mod:`lib.big_numbers` decides every digit it shows with rigorous interval arithmetic:
an interval certainly holds the value, and a digit is shown only once both ends agree on
it. Here are the pieces that do not depend on what the number is: a context of its own for
each computation (:func:`interval_context`), logarithms of primes worked out once per
precision (:func:`log_of`), and whether an interval's ends agree on a floor or a sign.
"""

from __future__ import annotations

import queue
from collections.abc import Iterator
from contextlib import contextmanager

from mpmath.ctx_iv import MPIntervalContext
from mpmath.libmp import fzero, mpf_gt, mpf_lt, round_floor, to_int

#: Interval contexts not in use, for any thread to borrow (see :func:`interval_context`).
_IDLE_CONTEXTS: queue.SimpleQueue[MPIntervalContext] = queue.SimpleQueue()


@contextmanager
def interval_context(dps: int) -> Iterator[MPIntervalContext]:
    """An mpmath interval context of its own, at ``dps`` decimal digits, for one computation.

    mpmath's module-level ``iv`` keeps its precision in a global, and Streamlit runs every
    visitor's script in a thread of its own: sharing ``iv`` would need a lock that makes each
    session's arithmetic wait for everyone else's. Contexts are independent objects, so each
    computation borrows one (a new one costs ~2 ms to build, a borrowed one nothing), sets
    its precision and gives it back. Intervals made in a context keep using it.

    >>> with interval_context(30) as ctx:
    ...     third = ctx.mpf(1) / 3
    >>> third.a < ctx.mpf("0.333333333333333333333333333334") and third.b > ctx.mpf("0.3333333333")
    True
    """
    try:
        ctx = _IDLE_CONTEXTS.get_nowait()
    except queue.Empty:
        ctx = MPIntervalContext()
    ctx.dps = dps
    try:
        yield ctx
    finally:
        _IDLE_CONTEXTS.put(ctx)


#: Intervals around ln(p) by (p, binary precision), as raw endpoints: a page's questions ask
#: for the same few primes at the same few precisions (How many images?' cards ~30 per new
#: size), and a log is most of a question's cost. Kept up to ~1,200 digits, 1,024 at most:
#: about a megabyte whatever is typed (a thousand leading digits, asked for rarely, are not).
_LOGS: dict[tuple[int, int], tuple] = {}
_LOG_CACHE_BITS, _LOG_CACHE_SIZE = 4096, 1024


def log_of(ctx: MPIntervalContext, p: int):
    """ctx.log(p), once per prime and precision (an enclosure whatever context computed it).

    >>> with interval_context(30) as ctx:
    ...     log_of(ctx, 7)._mpi_ == ctx.log(7)._mpi_ == log_of(ctx, 7)._mpi_
    True
    """
    if ctx.prec > _LOG_CACHE_BITS:
        return ctx.log(p)
    ends = _LOGS.get((p, ctx.prec))
    if ends is None:
        ends = ctx.log(p)._mpi_
        if len(_LOGS) >= _LOG_CACHE_SIZE:
            _LOGS.clear()
        _LOGS[p, ctx.prec] = ends
    return ctx.make_mpf(ends)


def same_floor(interval) -> int | None:
    """floor() of the interval's two ends if they agree (the value is then certain)."""
    a, b = interval._mpi_
    lo, hi = to_int(a, round_floor), to_int(b, round_floor)
    return lo if lo == hi else None


def sign_of(interval) -> int:
    """1 or -1 if the whole interval lies on one side of zero, else 0."""
    a, b = interval._mpi_
    if mpf_gt(a, fzero):
        return 1
    if mpf_lt(b, fzero):
        return -1
    return 0
