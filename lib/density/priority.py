"""The CPU priority of a fit made ahead of a visitor: the lowest while nobody waits for it,
the usual one once somebody does.

A fit made ahead (:meth:`lib.density.service.StudyService.ahead`) should use only CPU time
nobody else wants: on a speaker's laptop the browser painting the view it follows shares the
machine with it. Linux keeps a nice value per thread, so only the fit's threads are slowed.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading


def hurry_fits_ahead() -> bool:
    """Give the threads of a fit made ahead (those :func:`yield_the_cpu` slowed) the usual
    priority again: a visitor now waits for that fit, which must not wait for every other
    program. Did every one get it back? Raising a priority needs privileges (root, or
    ``CAP_SYS_NICE``) that a hosted server usually lacks: then False, and the caller has the
    fit give way instead of waiting for it.
    """
    if not sys.platform.startswith("linux"):
        return True  # nothing was slowed (yield_the_cpu leaves other systems alone)
    hurried = True
    for task in os.listdir("/proc/self/task"):
        try:
            if os.getpriority(os.PRIO_PROCESS, int(task)) == YIELDING:
                os.setpriority(os.PRIO_PROCESS, int(task), 0)
        except ProcessLookupError:
            continue  # a thread that ended meanwhile
        except OSError:
            hurried = False  # not allowed to raise it
    return hurried


#: The nice value of a fit made ahead's threads (the lowest priority; nothing else here sets it).
YIELDING = 19


def yield_the_cpu() -> None:
    """Give this thread, and the threads it starts from now on, the lowest CPU priority (nice
    19): a fit made ahead of a visitor then runs only on CPU time nobody else wants, such as
    the second core while the browser paints the view it follows. Linux keeps a nice value per
    thread (elsewhere it is the process's, which is left alone). A visitor who asks for that
    very seed makes it theirs: :func:`hurry_fits_ahead`.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):  # not allowed here: the fit runs at the usual priority
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), YIELDING)
