"""A per-server allowance of work, shared by every visitor, refilled at a steady rate.

A link can ask for expensive work that differs per link (a Monte Carlo experiment at a
new size, say). Caching shares what is the same for everyone; what is not is paid from
this allowance, a token bucket: at most ``capacity`` units at once, ``per_second`` more
each second. A visitor who asks for more than is left gets a message with the wait,
not a queue that starves everyone else.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class BudgetExhausted(ValueError):
    """Raised when the server's allowance cannot pay for a piece of work right now."""

    def __init__(self, message: str, wait_seconds: float) -> None:
        super().__init__(message)
        self.wait_seconds = wait_seconds


class WorkBudget:
    """A thread-safe token bucket of work units (e.g. bytes of noise drawn).

    >>> clock = iter([0.0, 0.0, 1.0]).__next__
    >>> budget = WorkBudget(capacity=100, per_second=10, clock=clock)
    >>> budget.spend(80, "noise")
    >>> budget.spend(80, "noise")
    Traceback (most recent call last):
    ...
    lib.work_budget.BudgetExhausted: the server is busy drawing noise for other visitors; try again in 5 s
    """

    def __init__(
        self, capacity: float, per_second: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if not capacity > 0 or not per_second > 0:
            raise ValueError(f"capacity and per_second must be positive, got {capacity!r}, {per_second!r}")
        self.capacity, self.per_second, self._clock = float(capacity), float(per_second), clock
        self._lock = threading.Lock()
        self._level = float(capacity)
        self._time = clock()

    def spend(self, amount: float, what: str) -> None:
        """Take ``amount`` units now, or raise :class:`BudgetExhausted` saying how long to wait.

        More than the whole capacity is never affordable: the caller must ask for less.
        """
        if amount > self.capacity:
            raise BudgetExhausted(f"{what} is more than this server ever does for one view", float("inf"))
        with self._lock:
            now = self._clock()
            self._level = min(self.capacity, self._level + (now - self._time) * self.per_second)
            self._time = now
            if amount <= self._level:
                self._level -= amount
                return
            wait = (amount - self._level) / self.per_second
        raise BudgetExhausted(
            f"the server is busy drawing {what} for other visitors; try again in {max(1, round(wait)):,} s",
            wait,
        )
