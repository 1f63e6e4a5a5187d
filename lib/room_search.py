"""The room's search through image space: one tally shared by everyone on the server.

Every uniform-noise image any visitor looks at (a Sampling grid, "Draw again", the
Monte Carlo run, the talk's noise step) and every image the room's own search draws is
counted here, and the most photo-like one so far (highest neighbour correlation, see
:func:`lib.statistics.adjacent_pixel_correlations`) is kept, pixels and all. Next
to a photo's typical correlation and the rigorous bound's expected waiting time at a fixed
pace (Search harder's cap: the same URL says the same sentence, only the live count and
best find move), it lets an audience feel the search together: thousands of draws, and
the best find is still static.

Lifetime. :data:`ROOM` is a module-level singleton: Python imports a module once per
process, so every session, page and thread of one Streamlit server shares it; it
survives page reloads and resets only when the server process restarts (nothing is
written to disk). A test or a benchmark makes its own :class:`RoomSearch`.

Privacy. Nothing about visitors is kept: only counts (in total and per second, for the
pace) and the best noise image, which is noise.

Fairness. :meth:`RoomSearch.search_harder` runs more draws for the room, but every draw
spends one token of a bucket shared by the whole server, refilled at
:data:`SEARCH_DRAWS_PER_SECOND` and holding at most :data:`SEARCH_BURST_DRAWS`; a click
that finds the bucket empty gets a polite refusal. So however many visitors press the
button, the server spends at most that many draws a second (40–110 µs of one core per
32×32 RGB draw, drawn and measured in batches of 32: 4–11% of a core at the cap; see
``bench/bench_room_search.py``), and one visitor cannot take the CPU.

Thread safety. One lock guards the counts, the token bucket and the best find; the
expensive part (drawing noise and measuring it) runs outside the lock, and each batch's
result is merged in one short critical section, so no update is lost however the
threads interleave.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from lib import photo_corpus as corpus
from lib import reference_figures as ref
from lib import sampling_view as view_lib  # the page's view (it does not import this module)
from lib import statistics as stats
from lib.sampling_text import UNIVERSE_AGE
from lib.validation import check_whole_number

#: The room searches 32×32 RGB images: the Sampling page's default shape.
SEARCH_SIZE = 32
SEARCH_CHANNELS = 3
#: Images drawn and measured per batch (1–4 ms for 32×32 RGB on one core).
SEARCH_BATCH = 32
#: The server-wide budget: at most this many search draws a second, for everyone together.
SEARCH_DRAWS_PER_SECOND = 1_000
#: The bucket holds at most this many draws (one second of budget), so an idle minute
#: does not turn into a minute of CPU in one burst.
SEARCH_BURST_DRAWS = 1_000
#: What one press of "Search harder" asks for.
SEARCH_CLICK_DRAWS = 1_000
#: The room's pace is the number of draws over the last this many seconds.
PACE_WINDOW_SECONDS = 60
#: Search batch ``b`` is ``uniform_noise(SEARCH_BATCH, 32, SEARCH_SEED_OFFSET + b)``: above
#: every seed a visitor can type (0 … 2³² − 1), so the search never repeats a visitor's grid.
SEARCH_SEED_OFFSET = 2**32
#: One call may report at most this many draws it did not keep (a page's Monte Carlo run).
MAX_COUNT_PER_CALL = 10_000_000


@dataclass(frozen=True, eq=False)
class BestFind:
    """The most photo-like noise image so far: its neighbour correlation and its pixels.

    ``image`` is a read-only uint8 copy; ``draw`` is its place in the room's count (the
    n-th image looked at); ``source`` says where it came from, e.g.
    ``"search: seed 4294967301, image 7"`` (reproducible with
    :func:`lib.photo_corpus.uniform_noise`) or ``"a visitor's noise grid"``.
    """

    correlation: float
    image: np.ndarray = field(repr=False)
    draw: int
    source: str


@dataclass(frozen=True, eq=False)
class RoomTally:
    """A consistent snapshot of the room's search.

    ``draws`` counts every noise image looked at since the server started, of which
    ``searched`` by "Search harder"; ``draws_per_second`` is the pace over the last
    :data:`PACE_WINDOW_SECONDS` (or since the start, if that is shorter).
    """

    draws: int
    searched: int
    best: BestFind | None
    uptime_seconds: float
    draws_per_second: float
    size: int
    channels: int


@dataclass(frozen=True)
class SearchRun:
    """What one :meth:`RoomSearch.search_harder` call did.

    ``granted`` draws were allowed by the shared budget (maybe fewer than
    ``requested``, maybe none); ``best_correlation`` is the best of this run (nan if
    nothing ran) and ``new_record`` whether it beat the room's best.
    """

    requested: int
    granted: int
    best_correlation: float
    new_record: bool
    budget: int = SEARCH_DRAWS_PER_SECOND  # the room's draws a second, for the message

    @property
    def refused(self) -> bool:
        return self.granted == 0 and self.requested > 0

    def message(self) -> str:
        """A sentence for the page."""
        if self.refused:
            return (
                f"The room's search budget ({self.budget:,} draws a second, shared "
                "by everyone) is used up for now; try again in a second."
            )
        text = f"Drew {self.granted:,} more noise images"
        if self.granted < self.requested:
            text += f" (of {self.requested:,} asked: the shared budget allowed no more)"
        text += f"; the best of them reached {self.best_correlation:.3f}"
        return text + (", a new record for the room." if self.new_record else ".")


@dataclass(frozen=True)
class WaitingTime:
    """The bound's expected wait for one noise image as photo-like as a typical photo.

    All three are *lower bounds* on log10 (rounded down): ``log10_draws`` from
    :func:`lib.statistics.noise_correlation_bound`, and the time at the room's pace.
    ``log10_seconds`` and ``log10_years`` are None when the room is not drawing.
    """

    threshold: float
    draws_per_second: float
    log10_draws: float
    log10_seconds: float | None
    log10_years: float | None


class RoomSearch:
    """A thread-safe tally of noise images looked at, and the most photo-like one.

    Parameters
    ----------
    size, channels : int
        The shape whose images compete for the best find (other shapes are only counted:
        a 8×8 image reaches a high correlation far more easily, so comparing across
        shapes would be meaningless).
    draws_per_second, burst : int
        The shared token bucket of :meth:`search_harder`.
    clock : callable
        Seconds, monotonic (tests pass a fake one).

    Examples
    --------
    >>> room = RoomSearch(draws_per_second=100, burst=100, clock=lambda: 0.0)  # time stands still
    >>> room.record(corpus.uniform_noise(16, 32, seed=0))
    16
    >>> run = room.search_harder(64)
    >>> run.granted, room.snapshot().draws, room.snapshot().searched
    (64, 80, 64)
    >>> room.search_harder(100).granted  # only 36 draws left in the bucket
    36
    >>> room.search_harder(100).refused
    True
    >>> best = room.snapshot().best
    >>> best.image.shape, best.image.dtype, -0.2 < best.correlation < 0.2
    ((32, 32, 3), dtype('uint8'), True)
    """

    def __init__(
        self,
        size: int = SEARCH_SIZE,
        channels: int = SEARCH_CHANNELS,
        *,
        draws_per_second: int = SEARCH_DRAWS_PER_SECOND,
        burst: int = SEARCH_BURST_DRAWS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.size = check_whole_number(size, "the room's image size", 2, 256)
        if channels not in (1, 3):
            raise ValueError(f"channels must be 1 (grey) or 3 (RGB), got {channels!r}")
        self.channels = int(channels)
        self.rate = check_whole_number(draws_per_second, "the search budget (draws a second)", 1)
        self.burst = check_whole_number(burst, "the search burst (draws)", 1)
        self._clock = clock
        self._lock = threading.Lock()
        self._started = clock()
        self._draws = 0
        self._searched = 0
        self._batches = 0
        self._best: BestFind | None = None
        self._tokens = float(self.burst)
        self._refilled = self._started
        # Draws per whole second of the clock, for the pace: {second: count}, pruned.
        self._per_second: dict[int, int] = {}

    # -- counting ---------------------------------------------------------------------
    def record(self, images: np.ndarray) -> int:
        """Count a batch of noise images someone looked at; returns how many.

        ``images`` is a uint8 ``(n, H, W)`` or ``(n, H, W, 3)`` array of *uniform noise*
        (the caller's promise: the tally is about noise). Images of the room's shape
        compete for the best find; the others are only counted.
        """
        batch = np.asarray(images)
        if batch.dtype != np.uint8:
            raise ValueError(f"the room counts uint8 noise images, got {batch.dtype}")
        if not (batch.ndim == 3 or (batch.ndim == 4 and batch.shape[-1] == 3)):
            raise ValueError(f"expected a batch (n, H, W) or (n, H, W, 3), got shape {batch.shape}")
        n = int(batch.shape[0])
        if n == 0:
            return 0
        if self._is_room_shape(batch):
            correlations = stats.adjacent_pixel_correlations(batch).mean
            self._merge(n, correlations, batch, "a visitor's noise grid", searched=False)
        else:
            self._merge(n, None, None, "", searched=False)
        return n

    def record_count(self, draws: int) -> int:
        """Count draws whose pixels were not kept (e.g. a page's Monte Carlo run)."""
        draws = check_whole_number(draws, "the number of draws", 0, MAX_COUNT_PER_CALL)
        if draws:
            self._merge(draws, None, None, "", searched=False)
        return draws

    def _is_room_shape(self, batch: np.ndarray) -> bool:
        channels = 3 if batch.ndim == 4 else 1
        return batch.shape[1:3] == (self.size, self.size) and channels == self.channels

    def _merge(
        self,
        n: int,
        correlations: np.ndarray | None,
        batch: np.ndarray | None,
        source: str,
        *,
        searched: bool,
    ) -> tuple[float, bool]:
        """Add ``n`` draws and offer the batch's best image; one short critical section.

        ``source`` describes the batch; ``{index}`` in it becomes the image's index.
        """
        best_value, best_index = math.nan, -1
        if correlations is not None and np.isfinite(correlations).any():
            best_index = int(np.nanargmax(correlations))
            best_value = float(correlations[best_index])
        now = self._clock()
        with self._lock:
            first = self._draws
            self._draws += n
            if searched:
                self._searched += n
            second = int(now)
            self._per_second[second] = self._per_second.get(second, 0) + n
            if len(self._per_second) > PACE_WINDOW_SECONDS + 2:
                oldest = second - PACE_WINDOW_SECONDS
                for s in [s for s in self._per_second if s < oldest]:
                    del self._per_second[s]
            record = best_index >= 0 and (self._best is None or best_value > self._best.correlation)
            if record:
                assert batch is not None
                image = np.array(batch[best_index], dtype=np.uint8, copy=True)
                image.flags.writeable = False
                where = source.format(index=best_index)
                self._best = BestFind(best_value, image, first + best_index + 1, where)
        return best_value, record

    # -- searching --------------------------------------------------------------------
    def _take_tokens(self, requested: int) -> int:
        with self._lock:
            now = self._clock()
            self._tokens = min(float(self.burst), self._tokens + (now - self._refilled) * self.rate)
            self._refilled = now
            granted = min(requested, int(self._tokens))
            self._tokens -= granted
            return granted

    def _next_seed(self) -> int:
        with self._lock:
            seed = SEARCH_SEED_OFFSET + self._batches
            self._batches += 1
            return seed

    def search_harder(self, draws: int = SEARCH_CLICK_DRAWS) -> SearchRun:
        """Draw up to ``draws`` more noise images for the room, within the shared budget.

        Never waits: it takes what the bucket holds now (possibly nothing) and draws that
        many, in batches of :data:`SEARCH_BATCH`, each a fresh seed of the room's own
        range (so every batch is reproducible with :func:`lib.photo_corpus.uniform_noise`).
        """
        requested = check_whole_number(draws, "the number of draws", 0, self.burst)
        granted = self._take_tokens(requested)
        best, record = math.nan, False
        done = 0
        grey = self.channels == 1
        while done < granted:
            count = min(SEARCH_BATCH, granted - done)
            seed = self._next_seed()
            batch = corpus.uniform_noise(count, self.size, seed, grey=grey)
            correlations = stats.adjacent_pixel_correlations(batch).mean
            source = f"search: seed {seed}, image {{index}}"
            value, new = self._merge(count, correlations, batch, source, searched=True)
            if math.isnan(best) or value > best:
                best = value
            record = record or new
            done += count
        return SearchRun(requested, granted, best, record, self.rate)

    # -- reading ----------------------------------------------------------------------
    def snapshot(self) -> RoomTally:
        """The counts, the pace and the best find, read together under the lock."""
        with self._lock:
            now = self._clock()
            uptime = max(now - self._started, 0.0)
            second = int(now)
            recent = sum(c for s, c in self._per_second.items() if s > second - PACE_WINDOW_SECONDS)
            window = min(float(PACE_WINDOW_SECONDS), max(uptime, 1.0))
            return RoomTally(
                self._draws,
                self._searched,
                self._best,
                uptime,
                recent / window,
                self.size,
                self.channels,
            )


#: The one room of this server process (see the module docstring): reset only by a restart.
ROOM = RoomSearch()


# -- the yardsticks next to the best find --------------------------------------------------
@lru_cache(maxsize=8)
def typical_photo_correlation(size: int = SEARCH_SIZE, channels: int = SEARCH_CHANNELS) -> float:
    """A typical photo's neighbour correlation: the median over Random images' first grid.

    The real photos of that page's default view (its count and seed, whole photos, at
    ``size``×``size``), measured as the page measures them: so the room, the page's odds
    and the talk's odds step name one median and one threshold (0.856 and ≥ 0.85 at 32×32
    RGB) for "as smooth as a photo". Takes ~20 ms the first time, then is cached.

    >>> round(typical_photo_correlation(), 3)
    0.856
    """
    size = check_whole_number(size, "size", 2, 256)
    if channels not in (1, 3):
        raise ValueError(f"channels must be 1 (grey) or 3 (RGB), got {channels!r}")
    first = view_lib.View(
        size, int(view_lib.DEFAULTS["n"]), int(view_lib.DEFAULTS["seed"]), channels == 1, True
    )
    return float(np.nanmedian(view_lib.measure(corpus.load_corpus(), first).real_correlation))


#: The count's label: it is the room's running tally, so a reload may show a larger one.
LIVE_COUNT_LABEL = "Live count: noise images this room has looked at since the server started"


def panel_words(tally: RoomTally, typical: float) -> tuple[str, str]:
    """The room panel's words: (the line under the live count, the line beside the best find).

    Only the live figures (the count, how many of them Search harder drew, the best find)
    come from ``tally``; the wait is at the fixed :data:`SEARCH_DRAWS_PER_SECOND` (Search
    harder's cap), not the room's recent pace, so the same URL shows the same sentence. The
    threshold is ``typical`` rounded down to 0.01 (the odds' rule) and the wait is
    :meth:`lib.statistics.CorrelationBound.wait_text`, as the odds section says it. The
    first is plain text; the second is HTML built only from our own digits.

    >>> room = RoomSearch(clock=lambda: 0.0)
    >>> under, line = panel_words(room.snapshot(), 0.856)
    >>> under
    '0 of them by Search harder. Search harder also brings this count up to date.'
    >>> line.split(". ")[1]
    "A typical photo's: <b>0.856</b> (the median of Random images' first grid of 9 photos at 32×32)"
    """
    best = "none yet" if tally.best is None else f"{tally.best.correlation:.3f}"
    under = f"{tally.searched:,} of them by Search harder. Search harder also brings this count up to date."
    centi = math.floor(typical * 100 + 1e-9)
    shape = f"{tally.size}×{tally.size}" + ("" if tally.channels == 3 else " grey")
    line = (
        f"Most photo-like so far (live): neighbour correlation <b>{best}</b>. "
        f"A typical photo's: <b>{typical:.3f}</b> (the median of Random images' first grid of "
        f"{int(view_lib.DEFAULTS['n'])} photos at {shape}). "
    )
    if centi > 0:
        bound = stats.bound_at_centi(tally.size, tally.channels, centi)
        wait = re.sub(r"10\^(-?[\d,]+)", r"10<sup>\1</sup>", bound.wait_text(SEARCH_DRAWS_PER_SECOND))
        line += (
            f"Even at {SEARCH_DRAWS_PER_SECOND:,} draws a second (Search harder's cap), one noise image as "
            f"smooth (≥\u00a0{centi / 100:.2f}, that median rounded down) takes at least {wait}: a rigorous "
            f"bound. {UNIVERSE_AGE}"
        )
    return under, line


def _bound_log10_draws(size: int, channels: int, threshold_centi: int) -> float:
    # The odds section's cache: warming the room's wait warms the panel's sentence too.
    return stats.bound_at_centi(size, channels, threshold_centi).log10_expected_draws


def expected_wait(
    threshold: float,
    draws_per_second: float,
    size: int = SEARCH_SIZE,
    channels: int = SEARCH_CHANNELS,
) -> WaitingTime:
    """How long, at least, the room would wait for noise with correlation ≥ ``threshold``.

    The threshold is rounded *down* to 0.01 before the bound is computed (the event only
    grows, so the bound stays valid) and cached; the logs are rounded down, so each
    "at least 10^x" stays true. At ``draws_per_second = 0`` there is no waiting time.

    >>> wait = expected_wait(0.905, 1000.0)
    >>> wait.threshold, wait.log10_draws > 80  # at least 10^80 draws
    (0.9, True)
    >>> round(wait.log10_draws - wait.log10_years, 1)  # 1,000 draws/s and 10^7.5 s a year
    10.5
    >>> expected_wait(0.9, 0.0).log10_years is None
    True
    """
    try:
        threshold = float(threshold)
        pace = float(draws_per_second)
    except (TypeError, ValueError) as error:
        raise ValueError(
            f"threshold and pace must be numbers, got {threshold!r}, {draws_per_second!r}"
        ) from error
    if not (math.isfinite(threshold) and 0 < threshold <= 1):
        raise ValueError(f"a correlation threshold must be in (0, 1], got {threshold!r}")
    if not (math.isfinite(pace) and pace >= 0):
        raise ValueError(f"the pace must be a finite number ≥ 0, got {draws_per_second!r}")
    centi = math.floor(threshold * 100 + 1e-9)
    log10_draws = _floor2(_bound_log10_draws(int(size), int(channels), centi))
    if pace == 0:
        return WaitingTime(centi / 100, pace, log10_draws, None, None)
    log10_seconds = log10_draws - math.log10(pace)
    log10_years = log10_seconds - math.log10(int(ref.SECONDS_PER_YEAR.value))
    return WaitingTime(centi / 100, pace, log10_draws, _floor2(log10_seconds), _floor2(log10_years))


def _floor2(x: float) -> float:
    """x rounded down to two decimals (so "at least 10^x" stays true)."""
    return math.floor(x * 100) / 100
