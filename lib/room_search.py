"""The room's search through image space: one tally shared by everyone on the server.

Every uniform-noise image any visitor looks at (a Sampling grid, "Draw again", the
Monte Carlo run, the talk's noise step) and every image the room's own search draws is
counted here, and the most photo-like one so far (highest neighbour correlation, see
:func:`lib.statistics.adjacent_pixel_correlations`) is kept, pixels and all. Next
to a photo's typical correlation and the rigorous bound's expected waiting time at a fixed
pace (:mod:`lib.room_yardsticks`: the same URL says the same sentence, only the live count
and best find move), it lets an audience feel the search together: thousands of draws, and
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
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from lib import photo_corpus as corpus
from lib import statistics as stats
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
