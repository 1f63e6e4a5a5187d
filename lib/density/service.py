"""Fitting studies for a whole server: each setting fitted once, one fit at a time, shared.

A public page in a live talk gets the same links from a whole room at once, and a few
distinct settings from curious visitors. Fits of the same setting are shared (the first
visitor pays, everyone else reads the result); fits of different settings run one at a
time, which bounds memory (a fit holds its training patches several times over) and
keeps two cores from thrashing. Plain Python, no Streamlit: the page keeps one service
per server.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass

import numpy as np

from lib.density.abandon import abandonable
from lib.density.base import (
    DEFAULT_CHANNELS,
    DEFAULT_SEED,
    DEFAULT_SIZE,
    DEFAULT_TRAIN_PATCHES,
)
from lib.density.fit_cpu import FitCpu, counting
from lib.density.ladder import ProgressCallback
from lib.density.priority import hurry_fits_ahead, yield_the_cpu
from lib.density.study import HeldOutSide, Study, run_study
from lib.validation import check_whole_number


class ServerBusy(RuntimeError):
    """This server has spent its fitting budget for now: a visitor gets this message, not a queue."""


@dataclass(frozen=True)
class StudySettings:
    """One view of the learning page: the patches' shape and count, the seed, the held-out photos."""

    size: int = DEFAULT_SIZE
    channels: int = DEFAULT_CHANNELS
    train: int = DEFAULT_TRAIN_PATCHES
    seed: int = DEFAULT_SEED
    holdout: tuple[str, ...] = ("rocket", "grass")  # photo keys, in corpus order


Photos = Callable[[], tuple[Sequence[np.ndarray], Sequence[str]]]


class StudyService:
    """Studies by setting, fitted once each and kept (the ``max_entries`` most recent).

    ``photos()`` returns the pixels and names of the corpus (called when a fit starts).

    >>> rng = np.random.default_rng(0)
    >>> pictures = [rng.integers(0, 256, (24, 24, 3), dtype=np.uint8) for _ in range(3)]
    >>> service = StudyService(lambda: (pictures, ["a", "b", "c"]))
    >>> settings = StudySettings(size=4, train=500, holdout=("c",))
    >>> service.cached(settings), service.study(settings) is service.study(settings)
    (False, True)
    """

    def __init__(
        self,
        photos: Photos,
        max_entries: int = 32,
        *,
        budget_seconds: float = 20.0,
        window_seconds: float = 60.0,
        max_waiting: int = 2,
        clock: Callable[[], float] = time.monotonic,
        cpu_clock: Callable[[], float] = time.process_time,
        thread_clock: Callable[[], float] = time.thread_time,
    ) -> None:
        self._photos = photos
        self._max_entries = check_whole_number(max_entries, "cache entries", 1, 1000)
        self._studies: OrderedDict[StudySettings, Study] = OrderedDict()
        self._guard = threading.Lock()  # protects the dictionary and the budget, held for microseconds
        self._fitting = threading.Lock()  # one fit at a time per server
        #: At most ``budget_seconds`` of fitting in any ``window_seconds``, and at most
        #: ``max_waiting`` visitors queued behind a running fit; beyond either, a new
        #: setting is refused with :class:`ServerBusy` (settings already fitted, and
        #: ``always=True`` requests such as the page's default, are always served). A fit
        #: counts the CPU seconds of its own threads (:mod:`lib.density.fit_cpu`, each on
        #: ``thread_clock``), not wall seconds: on a machine busy with other programs a
        #: fit's wall time doubles while its work does not, and fits made ahead, which get a
        #: quarter of the budget, became rare exactly when they help most. Nor the whole
        #: process's CPU: in a room of phones the threads serving their pages would be
        #: charged to the fit, and new settings refused sooner than the budget means.
        self.budget_seconds, self.window_seconds = float(budget_seconds), float(window_seconds)
        self.max_waiting = check_whole_number(max_waiting, "waiting fits", 0, 100)
        self._clock = clock
        self._cpu_clock = cpu_clock  # CPU seconds of every thread of this server's process (is it idle?)
        self._thread_clock = thread_clock  # CPU seconds of the thread reading it (a fit's own)
        self._spent: deque[tuple[float, float]] = deque()  # (finished at, seconds) of recent fits
        self._waiting = 0
        #: The fit made ahead of a visitor now running (its setting and its abandon event), if any.
        self._ahead: tuple[StudySettings, threading.Event] | None = None
        #: Set while that fit may run (no visitor's page runs, or a visitor made it theirs:
        #: :meth:`visiting`), and whether a visitor made it theirs (never paused again).
        self._ahead_may_run: threading.Event | None = None
        self._ahead_owned = False
        self._visitors = 0  # pages running now inside visiting()
        #: The thread fitting ahead (:meth:`ahead`), if any, and the settings it fits next.
        self._fitting_ahead: threading.Thread | None = None
        self._wanted: list[StudySettings] = []
        self._then: Callable[[Study], object] | None = None  # run after each of them (ahead)
        #: The setting being fitted ahead that a visitor asked for meanwhile (its page builds
        #: what ``then`` would), if any.
        self._asked_while_ahead: StudySettings | None = None

    def spent(self) -> float:
        """CPU seconds of fitting in the current window."""
        with self._guard:
            return self._spent_now()

    def _spent_now(self) -> float:
        now = self._clock()
        while self._spent and self._spent[0][0] < now - self.window_seconds:
            self._spent.popleft()
        return sum(seconds for _, seconds in self._spent)

    def _admit(self, always: bool) -> None:
        with self._guard:
            if not always:
                if self._waiting >= self.max_waiting:
                    raise ServerBusy(
                        f"{self._waiting} other new settings are being fitted for other visitors right now"
                    )
                if self._spent_now() >= self.budget_seconds:
                    raise ServerBusy(
                        f"this server has spent its {self.budget_seconds:.0f} s of fitting for the last "
                        f"{self.window_seconds:.0f} s on other settings"
                    )
            self._waiting += 1

    @contextmanager
    def visiting(self) -> Iterator[None]:
        """A visitor's page runs in this block: a fit made ahead pauses meanwhile, at its next
        checkpoint (:mod:`lib.density.abandon`), and goes on when no page runs any more.

        The fit's threads and the page's share Python's lock: beside a running fit, building
        a view's parts took 75 ms instead of 21 (the page waited up to 5 ms for the lock after
        each of its own short releases). A fit made ahead is for CPU time nobody else wants,
        and the page's own time is wanted. A visitor's own fit is never paused, nor a fit
        made ahead that a visitor now waits for (:meth:`study`).

        >>> service = StudyService(lambda: ([], []))
        >>> with service.visiting():
        ...     service._visitors
        1
        """
        with self._guard:
            self._visitors += 1
            if self._ahead_may_run is not None and not self._ahead_owned:
                self._ahead_may_run.clear()
        try:
            yield
        finally:
            with self._guard:
                self._visitors -= 1
                paused = self._ahead_may_run if not self._visitors else None
            if paused is not None and not paused.is_set():
                resume = threading.Timer(self.AHEAD_RESUME_DELAY_S, self._resume_ahead, (paused,))
                resume.daemon = True
                resume.start()

    #: Seconds a paused fit made ahead waits once no page runs before it goes on: the page that
    #: paused it is still sending its view (why a fit made ahead starts late, :attr:`AHEAD_DELAY_S`).
    #: Abandoned, or made a visitor's own, it goes on (to stop, or to finish) at once.
    AHEAD_RESUME_DELAY_S = 0.05

    def _resume_ahead(self, may_run: threading.Event) -> None:
        with self._guard:
            if not self._visitors and self._ahead_may_run is may_run:
                may_run.set()

    def _abandon_ahead(self, stop: threading.Event) -> None:
        """Tell the fit made ahead to stop at its next checkpoint (waking it if paused), at the
        usual priority where allowed: the visitor waits for it to get there, and at nice 19 on
        a busy machine its threads could wait for every other program first (the thread fitting
        ahead yields again before its next fit)."""
        hurry_fits_ahead()
        with self._guard:
            if self._ahead_may_run is not None:
                self._ahead_may_run.set()
        stop.set()

    def warm(self, settings: StudySettings) -> threading.Thread:
        """Fit ``settings`` in a background thread now (e.g. the page's default at server start),
        so the first visitor does not pay for it; a visitor who arrives meanwhile waits for
        that fit instead of starting another. Errors are left to the visitor's own request.
        """

        def run() -> None:
            try:
                self.study(settings, always=True)
            except Exception:
                return

        thread = threading.Thread(target=run, name="warm-study", daemon=True)
        thread.start()
        return thread

    def cached(self, settings: StudySettings) -> bool:
        """Is this setting already fitted (so asking for it costs nothing)?"""
        with self._guard:
            return settings in self._studies

    def _lookup(self, settings: StudySettings) -> Study | None:
        with self._guard:
            study = self._studies.get(settings)
            if study is not None:
                self._studies.move_to_end(settings)
            return study

    def study(
        self, settings: StudySettings, progress: ProgressCallback | None = None, *, always: bool = False
    ) -> Study:
        """The fitted study for ``settings``: from the cache, or fitted now (one fit at a time).

        ``progress(fraction, text)`` hears "waiting" only when another fit really holds the
        server's fitting lock, then the fit's own progress. A new setting beyond the
        server's budget raises :class:`ServerBusy` at once, unless ``always``.
        """
        found = self._lookup(settings)
        if found is not None:
            return found
        self._admit(always)
        try:
            if not self._fitting.acquire(blocking=False):
                with self._guard:
                    ahead = self._ahead
                    if ahead is not None and ahead[0] == settings:  # its page builds its parts itself
                        self._asked_while_ahead = settings
                if ahead is not None and ahead[0] != settings:
                    # A fit made ahead gives way: it stops at its next checkpoint.
                    self._abandon_ahead(ahead[1])
                elif ahead is not None and not hurry_fits_ahead():
                    # This very setting, but its threads may not get the usual priority back (an
                    # unprivileged server): a fit at the lowest priority could wait for every other
                    # program, so it gives way and this visitor fits at their own priority.
                    self._abandon_ahead(ahead[1])
                elif ahead is not None:  # this very setting: its fit is now a visitor's
                    with self._guard:  # never paused again, not even by this visitor's own page
                        self._ahead_owned = True
                        if self._ahead_may_run is not None:
                            self._ahead_may_run.set()
                    if progress:
                        progress(0.5, "this seed, started before you asked while the server was idle")
                elif progress:
                    progress(0.0, "waiting for another fit to finish")
                self._fitting.acquire()
        finally:
            with self._guard:
                self._waiting -= 1
        try:
            found = self._lookup(settings)  # fitted by the visitor we waited for, or ahead
            if found is not None:
                return found
            return self._fit(settings, progress)
        finally:
            self._fitting.release()

    def _fit(self, settings: StudySettings, progress: ProgressCallback | None = None) -> Study:
        """Fit ``settings`` (the caller holds the fitting lock), count its CPU time, keep it."""
        used = FitCpu(self._thread_clock)
        try:
            with counting(used):
                pixels, names = self._photos()
                study = run_study(
                    pixels,
                    names,
                    settings.holdout,
                    settings.size,
                    settings.channels,
                    settings.train,
                    settings.seed,
                    progress=progress,
                    held_out=self._held_out_side(settings),
                )
        finally:
            with self._guard:
                self._spent.append((self._clock(), used.seconds))
        with self._guard:  # kept before the lock is released: a visitor waiting for it finds it
            self._studies[settings] = study
            while len(self._studies) > self._max_entries:
                self._studies.popitem(last=False)
        return study

    #: The share of the fitting budget fits made ahead may use: they start only while less
    #: than this share of it is spent (by every fit), so visitors keep the rest.
    AHEAD_SHARE = 0.25
    #: Seconds a fit made ahead waits before it starts: the view that asked for it is sent
    #: first, and the wait tells whether the server is idle (:attr:`AHEAD_IDLE_SHARE`). Short,
    #: so that a presenter who steps to the next seed at once finds it fitted or nearly: the
    #: fit runs at the lowest priority (:func:`yield_the_cpu`), so the browser painting the
    #: view just sent, on the same machine, is not slowed by it (at 0.5 s and normal
    #: priority, bench/bench_pages.py's next seed was never fitted in time).
    AHEAD_DELAY_S = 0.1
    #: A fit made ahead starts only if the server's process used less than this share of one
    #: CPU while it waited: a server busy with other visitors' pages (a room of phones) is
    #: left to them (they share Python's lock with its threads, whatever their priority).
    AHEAD_IDLE_SHARE = 0.5

    def ahead(
        self,
        settings: StudySettings | Sequence[StudySettings],
        delay: float | None = None,
        then: Callable[[Study], object] | None = None,
    ) -> threading.Thread | None:
        """Fit ``settings`` (one, or several in turn) in the background if the server is idle:
        the views a visitor will most likely ask for next (the page asks for the seeds around
        the one shown, :func:`neighbour_seeds`).

        Honest by construction: only a new seed of a shape and held-out photos already
        fitted (no codecs to run); it starts :attr:`AHEAD_DELAY_S` after the view that asked
        (which is sent first), and only if the server was idle meanwhile
        (:attr:`AHEAD_IDLE_SHARE`), no other fit runs or waits and less than
        :attr:`AHEAD_SHARE` of the budget is spent, counted in the budget like any fit; each
        further setting only while all of that still holds. It runs at the lowest CPU
        priority, and pauses while a visitor's page runs (:meth:`visiting`). A visitor who asks
        for any other new setting meanwhile abandons it
        (:mod:`lib.density.abandon`): that visitor waits for one checkpoint, a few
        milliseconds, never for the fit. A visitor who asks for this very setting waits for
        its end, sooner than a fit of their own would end (the same work, started earlier).

        One thread fits ahead at a time. Asked again while it runs (a visitor stepping
        through seeds faster than a fit takes), it takes the new settings next, in place of
        the rest of the old ones: those were around a view the visitor has left. Dropped,
        they kept the thread idle until the next view, and a visitor stepping on always
        found the seed after next not yet started. Returns the thread (the one already
        running, if any), or None when there is nothing to do.

        ``then(study)`` runs in the same thread after each fit made ahead (the latest asked
        for): what a page builds from a study on its first view (its parts), built before the
        visitor asks for it; not after a fit a visitor asked for while it ran, whose page
        builds them at once. An error there is left to the visitor's own request.
        """
        wanted = [settings] if isinstance(settings, StudySettings) else list(settings)
        wanted = [s for s in wanted if not self.cached(s) and self._held_out_side(s) is not None]
        if not wanted:
            return None
        with self._guard:
            self._wanted, self._then = wanted, then
            if self._fitting_ahead is not None:  # it reads self._wanted before it stops
                return self._fitting_ahead
            thread = threading.Thread(
                target=self._run_ahead,
                args=(self.AHEAD_DELAY_S if delay is None else delay,),
                name="study-ahead",
                daemon=True,
            )
            self._fitting_ahead = thread
        thread.start()
        return thread

    def _run_ahead(self, wait: float) -> None:
        """The thread :meth:`ahead` starts: after ``wait`` seconds of an idle server, fit each
        setting wanted in turn, the latest wanted first, until none is left or one may not be
        fitted now (:meth:`_fit_ahead`)."""
        used = self._cpu_clock()
        time.sleep(wait)
        idle = self._cpu_clock() - used <= self.AHEAD_IDLE_SHARE * max(wait, 0.01)
        while True:
            with self._guard:  # the last look and the thread's end in one step: nothing is lost
                if not idle or not self._wanted:
                    self._wanted, self._fitting_ahead = [], None
                    return
                following, then = self._wanted.pop(0), self._then
            yield_the_cpu()  # again for each: a visitor may have hurried the one before
            done = self._fit_ahead(following)
            for _ in range(self.AHEAD_RETRIES):
                if done is not None:
                    break
                # A visitor who waited for the fit before takes the fitting lock next, only to
                # read that fit: a moment later it is free again (see AHEAD_RETRY_S).
                time.sleep(self.AHEAD_RETRY_S)
                done = self._fit_ahead(following)
            idle = bool(done)
            with self._guard:
                asked, self._asked_while_ahead = self._asked_while_ahead == following, None
            # Not for a setting a visitor asked for while it was fitted: their page builds the
            # same parts the moment the fit is in, and both at once shared Python's lock (traced
            # at bench_pages' pace, load ~8: a stepped seed's page read the fit 9-64 ms after it
            # ended and built its parts in 20 ms, beside this thread building them too).
            if then is not None and not asked and (study := self._lookup(following)) is not None:
                with suppress(Exception):  # left to the visitor's own request
                    then(study)

    #: Seconds the thread fitting ahead waits before it tries again to fit a setting it found
    #: the fitting lock taken for (or a visitor waiting for it). A visitor who asked for the
    #: seed being fitted ahead waits for that fit, then takes the lock for an instant to read
    #: it; the thread, free as soon as its fit was kept, found the lock (or the visitor's
    #: place in the queue) taken, ended, and the visitor's next view started another
    #: :attr:`AHEAD_DELAY_S` later: the seed after was then still fitting when asked for
    #: (traced at bench_pages' pace, 2026-11-27).
    #: A visitor's own fit holds the lock for its whole length (tens of ms at least), so the
    #: thread gives way after :attr:`AHEAD_RETRIES` tries.
    AHEAD_RETRY_S = 0.01
    AHEAD_RETRIES = 3

    def _fit_ahead(self, settings: StudySettings) -> bool | None:
        """Fit ``settings`` ahead of a visitor if nobody needs the server: did it (so that the
        next one may follow)? None when it did not start because a visitor held the fitting
        lock or waited for it (:attr:`AHEAD_RETRY_S`)."""
        stop, may_run = threading.Event(), threading.Event()
        with self._guard:  # the lock and the record of who holds it, in one step
            if settings in self._studies:
                return True
            if self._ahead is not None or self._spent_now() >= self.budget_seconds * self.AHEAD_SHARE:
                return False
            if self._waiting or not self._fitting.acquire(blocking=False):
                return None
            self._ahead, self._ahead_may_run, self._ahead_owned = (settings, stop), may_run, False
            if not self._visitors:
                may_run.set()
        try:
            with abandonable(stop, may_run):
                self._fit(settings)
            return True
        except Exception:  # abandoned (FitAbandoned), or an error left to the visitor's own request
            return False
        finally:
            with self._guard:
                self._ahead, self._ahead_may_run = None, None
            self._fitting.release()

    def _held_out_side(self, settings: StudySettings) -> HeldOutSide | None:
        """The held-out side of a kept study with the same held-out photos and patch shape (the
        same for every seed and training count), or None: a new seed then skips the codecs."""
        with self._guard:
            for kept, study in reversed(self._studies.items()):
                if (kept.holdout, kept.size, kept.channels) == (
                    settings.holdout,
                    settings.size,
                    settings.channels,
                ):
                    return study.held_out
        return None
