"""A server held to a share of one CPU, as a hosting service's container quota holds it.

Community Cloud runs an app in a container with a fraction of a CPU. Linux enforces such a
quota (a cgroup's ``cpu.max``) per period of 100 ms: once the container's threads have run for
their share of the period, they are stopped until the period ends. This machine gives a user no
cgroup to write, so :class:`CpuQuota` does the same from outside: it pins the server's threads to
one core, reads how long they have run (the process's CPU-time clock, :func:`cpu_clock`) every
millisecond or two, and stops the process (``SIGSTOP``) for the rest of a period once they have
used their share, then lets it go on (``SIGCONT``). A server alone, which rarely uses its share,
is never stopped; a crowd's server is stopped as its container would be. It lets a process run
~5% over its share (a busy one held to 0.5 ran 0.51–0.53 of a CPU): the clock is read between
sleeps of 1.5 ms, and the stop lands after the reading that crossed the share.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import threading
import time
from pathlib import Path

#: The period a quota is counted over (the kernel's default for ``cpu.max``).
PERIOD_S = 0.1
#: How often the threads' run time is read while the server may still run in a period.
POLL_S = 0.0015


def cpu_clock(pid: int) -> int:
    """The id of process ``pid``'s CPU-time clock (``clock_getcpuclockid``): read with
    :func:`time.clock_gettime_ns`, the nanoseconds all its threads have run, those that have
    ended included (Streamlit runs each script run in a thread of its own)."""
    libc = ctypes.CDLL(None, use_errno=True)
    clock = ctypes.c_int()
    failed = libc.clock_getcpuclockid(pid, ctypes.byref(clock))
    if failed:
        raise OSError(failed, f"no CPU clock for process {pid}: {os.strerror(failed)}")
    return clock.value


class CpuQuota(threading.Thread):
    """Hold process ``pid`` to ``share`` of CPU ``core`` (see the module's docstring) until
    :meth:`release`. ``stopped_s`` is how long it was held stopped.

    >>> import subprocess, sys
    >>> spin = "import threading\\nwhile True: t = threading.Thread(target=sum, args=(range(10**5),)); t.start(); t.join()"
    >>> busy = subprocess.Popen([sys.executable, "-c", spin])  # busy in short-lived threads
    >>> quota, clock = CpuQuota(busy.pid, 0.25, core=0), cpu_clock(busy.pid)
    >>> ran = time.clock_gettime_ns(clock)
    >>> quota.start(); time.sleep(1.0); quota.release()
    >>> ran = (time.clock_gettime_ns(clock) - ran) / 1e9; busy.kill()
    >>> 0.15 < ran < 0.3  # a quarter of the second, or less on a busy machine
    True
    """

    def __init__(self, pid: int, share: float, core: int | None = None) -> None:
        if not 0 < share <= 1:
            raise ValueError(f"a share of one CPU is in (0, 1], got {share}")
        super().__init__(daemon=True, name="cpu-quota")
        self.pid, self.share = pid, share
        self.core = core if core is not None else max(os.sched_getaffinity(0))
        self.stopped_s = 0.0
        self._running = True

    def pin(self) -> None:
        """Every thread of the process on :attr:`core` (threads it starts later inherit it)."""
        for task in Path(f"/proc/{self.pid}/task").iterdir():
            with contextlib.suppress(OSError):
                os.sched_setaffinity(int(task.name), {self.core})

    def run(self) -> None:
        try:
            self._hold()
        except OSError:  # the process has ended: its clock is gone
            self._running = False

    def _hold(self) -> None:
        self.pin()
        quota_ns, clock = self.share * PERIOD_S * 1e9, cpu_clock(self.pid)
        while self._running:
            began, used = time.monotonic(), time.clock_gettime_ns(clock)
            ends = began + PERIOD_S
            while self._running and time.monotonic() < ends:
                if time.clock_gettime_ns(clock) - used >= quota_ns:
                    stopped = time.monotonic()
                    os.kill(self.pid, signal.SIGSTOP)
                    try:
                        time.sleep(max(0.0, ends - stopped))
                    finally:
                        os.kill(self.pid, signal.SIGCONT)
                    self.stopped_s += time.monotonic() - stopped
                    break
                time.sleep(POLL_S)

    def release(self) -> None:
        """Stop holding the process (it is left running, on its core)."""
        self._running = False
        self.join(1.0)
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGCONT)
