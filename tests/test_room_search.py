"""The room's shared tally: counts, the best find, the shared budget, and no lost updates."""

from __future__ import annotations

import importlib
import math
import sys
import threading
import time
from dataclasses import replace

import numpy as np
import pytest

from lib import photo_corpus as corpus
from lib import room_search as rs
from lib import room_yardsticks as yardsticks
from lib import statistics as stats


class FakeClock:
    """Seconds that move only when the test says so."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def racy():
    """Switch threads every microsecond, so an unguarded read-modify-write loses updates."""
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(old)


def _run_threads(count: int, target) -> None:
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def body(i: int) -> None:
        try:
            barrier.wait()
            target(i)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=body, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


def test_counts_visitor_draws_searches_and_uncounted_pixels():
    room = rs.RoomSearch(clock=FakeClock())
    assert room.record(corpus.uniform_noise(16, 32, 0)) == 16
    assert room.record(corpus.uniform_noise(5, 8, 0, grey=True)) == 5  # another shape: counted only
    assert room.record_count(1000) == 1000
    run = room.search_harder(100)
    tally = room.snapshot()
    assert (run.granted, tally.draws, tally.searched) == (100, 1121, 100)
    assert tally.best is not None and tally.best.image.shape == (32, 32, 3)


class SlowBestFind(rs.BestFind):
    """Building the record takes 20 ms (and lets other threads run meanwhile), as a
    preempted thread would: without the lock, a better find set meanwhile gets overwritten."""

    def __init__(self, *args, **kwargs) -> None:
        time.sleep(0.02)
        super().__init__(*args, **kwargs)


def test_no_lost_updates_under_100_threads(racy, monkeypatch):
    """100 threads record, count and search at once: the sum is exact, the best is the max."""
    monkeypatch.setattr(rs, "BestFind", SlowBestFind)
    room = rs.RoomSearch(draws_per_second=1, burst=100 * rs.SEARCH_BATCH, clock=FakeClock())
    offered: list[np.ndarray] = []
    lock = threading.Lock()

    def visitor(i: int) -> None:
        for j in range(5):
            images = corpus.uniform_noise(4, 32, 1000 * i + j)
            with lock:
                offered.append(images)
            room.record(images)
        room.record(corpus.uniform_noise(3, 8, i, grey=True))
        room.record_count(7)
        assert room.search_harder(rs.SEARCH_BATCH).granted == rs.SEARCH_BATCH  # one batch, one seed

    _run_threads(100, visitor)
    tally = room.snapshot()
    assert tally.draws == 100 * (5 * 4 + 3 + 7 + rs.SEARCH_BATCH)
    assert tally.searched == 100 * rs.SEARCH_BATCH
    assert tally.draws_per_second == tally.draws  # the clock stood still: all in one second
    # Every image that competed, recomputed independently: the visitors' and the search's.
    searched = [corpus.uniform_noise(rs.SEARCH_BATCH, 32, rs.SEARCH_SEED_OFFSET + b) for b in range(100)]
    everything = np.concatenate(offered + searched)
    correlations = stats.adjacent_pixel_correlations(everything).mean
    assert tally.best is not None
    assert tally.best.correlation == pytest.approx(float(np.max(correlations)), abs=1e-12)
    # The kept pixels and the kept value belong together (updated in one critical section).
    mine = stats.adjacent_pixel_correlations(tally.best.image[None]).mean[0]
    assert mine == pytest.approx(tally.best.correlation, abs=1e-12)


def test_simultaneous_records_keep_the_true_best(racy, monkeypatch):
    """100 visitors each offer one image at the same instant: the best must be the max,
    whoever finishes last (without the lock, all see 'no best yet' and the last one wins)."""
    monkeypatch.setattr(rs, "BestFind", SlowBestFind)
    room = rs.RoomSearch(clock=FakeClock())
    images = corpus.uniform_noise(100, 32, 11)
    _run_threads(100, lambda i: room.record(images[i : i + 1]))
    correlations = stats.adjacent_pixel_correlations(images).mean
    best = room.snapshot().best
    assert best is not None and np.array_equal(best.image, images[int(np.argmax(correlations))])
    assert room.snapshot().draws == 100


class SlowBucket(rs.RoomSearch):
    """Reading the bucket lets other threads run, as a preempted thread would: without the
    lock, two clicks read the same tokens and both spend them."""

    @property
    def _tokens(self) -> float:
        time.sleep(0.0005)
        return self._token_value

    @_tokens.setter
    def _tokens(self, value: float) -> None:
        self._token_value = value


def test_shared_budget_caps_every_visitor_together(racy):
    """With the clock stopped, 100 concurrent clicks get exactly the bucket, no more."""
    clock = FakeClock()
    room = SlowBucket(draws_per_second=400, burst=500, clock=clock)
    granted: list[int] = []
    lock = threading.Lock()

    def click(_: int) -> None:
        run = room.search_harder(20)
        with lock:
            granted.append(run.granted)

    _run_threads(100, click)
    assert sum(granted) == 500
    assert granted.count(0) == 75
    clock.now += 0.25  # refills 400 × 0.25 = 100 draws
    assert room.search_harder(500).granted == 100
    assert room.search_harder(1).refused
    clock.now += 3600  # an idle hour does not bank more than the burst
    assert room.search_harder(500).granted == 500
    assert room.search_harder(500).refused
    assert room.snapshot().searched == 1100


def test_refusal_and_partial_grants_explain_themselves():
    clock = FakeClock()
    room = rs.RoomSearch(draws_per_second=50, burst=50, clock=clock)
    assert "budget" not in room.search_harder(50).message()
    refused = room.search_harder(50)
    assert refused.refused and "50 draws a second, shared by everyone" in refused.message()
    clock.now += 0.5
    partial = room.search_harder(50)
    assert partial.granted == 25 and "of 50 asked" in partial.message()


def test_best_find_is_reproducible_from_its_seed():
    room = rs.RoomSearch(clock=FakeClock())
    room.search_harder(3 * rs.SEARCH_BATCH)
    best = room.snapshot().best
    assert best is not None and best.source.startswith("search: seed ")
    seed, index = (int(part.split()[-1]) for part in best.source.removeprefix("search: ").split(", "))
    again = corpus.uniform_noise(rs.SEARCH_BATCH, 32, seed)[index]
    assert np.array_equal(again, best.image)
    assert 1 <= best.draw <= 3 * rs.SEARCH_BATCH


def test_best_image_is_a_private_read_only_copy():
    room = rs.RoomSearch(clock=FakeClock())
    images = corpus.uniform_noise(8, 32, 3).copy()
    room.record(images)
    best = room.snapshot().best
    assert best is not None
    before = best.image.copy()
    images[:] = 0
    assert np.array_equal(best.image, before)
    with pytest.raises(ValueError):
        best.image[0, 0, 0] = 1


def test_other_shapes_never_compete_for_the_best():
    """A 2×2 image reaches high correlations easily; comparing it with 32×32 would be unfair."""
    room = rs.RoomSearch(clock=FakeClock())
    smooth = np.tile(np.arange(0, 256, 64, dtype=np.uint8), (1, 4, 1))[..., None].repeat(3, axis=-1)
    room.record(smooth)  # a perfectly correlated 4×4 image
    assert room.snapshot().best is None
    assert room.snapshot().draws == 1


def test_a_better_image_replaces_the_best_and_a_worse_one_does_not():
    room = rs.RoomSearch(clock=FakeClock())
    room.record(corpus.uniform_noise(4, 32, 0))
    noise_best = room.snapshot().best
    gradient = np.broadcast_to(np.arange(32, dtype=np.uint8)[None, :, None] * 8, (32, 32, 3))[None]
    room.record(np.ascontiguousarray(gradient))
    assert room.snapshot().best.correlation > noise_best.correlation
    assert room.snapshot().best.source == "a visitor's noise grid"
    room.record(corpus.uniform_noise(4, 32, 1))
    assert np.array_equal(room.snapshot().best.image, gradient[0])


def test_pace_is_draws_over_the_last_minute():
    clock = FakeClock(0.0)
    room = rs.RoomSearch(clock=clock)
    assert room.snapshot().draws_per_second == 0
    room.record_count(600)
    clock.now = 30.0
    assert room.snapshot().draws_per_second == pytest.approx(600 / 30)
    clock.now = 90.0
    room.record_count(120)
    assert room.snapshot().draws_per_second == pytest.approx(120 / 60)  # the first 600 fell out
    clock.now = 200.0
    assert room.snapshot().draws_per_second == 0
    assert room.snapshot().draws == 720


def test_bad_input_is_refused_with_a_sentence():
    room = rs.RoomSearch(clock=FakeClock())
    with pytest.raises(ValueError, match="uint8"):
        room.record(np.zeros((2, 32, 32)))
    with pytest.raises(ValueError, match="batch"):
        room.record(np.zeros((32, 32), np.uint8)[None, None])
    with pytest.raises(ValueError, match="draws"):
        room.record_count(-1)
    with pytest.raises(ValueError, match="draws"):
        room.search_harder(10**9)
    with pytest.raises(ValueError, match="channels"):
        rs.RoomSearch(channels=2)


def test_waiting_time_uses_the_rigorous_bound_rounded_down():
    bound = stats.noise_correlation_bound(32, 32, 0.89, channels=3)
    wait = yardsticks.expected_wait(0.8999, 100.0)
    assert wait.threshold == 0.89
    assert wait.log10_draws <= bound.log10_expected_draws < wait.log10_draws + 0.01
    per_year = math.log10(int(yardsticks.ref.SECONDS_PER_YEAR.value))
    assert wait.log10_years <= bound.log10_expected_draws - 2 - per_year
    assert wait.log10_years > bound.log10_expected_draws - 2 - per_year - 0.02
    assert yardsticks.expected_wait(0.9, 0).log10_years is None
    assert yardsticks.expected_wait(0.9, 1e6).log10_years < yardsticks.expected_wait(0.9, 1.0).log10_years
    for threshold, pace in ((0.0, 1.0), (1.5, 1.0), (0.5, -1.0), (math.nan, 1.0), ("x", 1.0)):
        with pytest.raises(ValueError):
            yardsticks.expected_wait(threshold, pace)


def test_typical_photo_correlation_is_the_median_of_random_images_first_grid():
    """The room's yardstick is the odds section's: the median over Random images' default
    grid of whole photos (0.856 at 32×32 RGB), not a second set of photos (0.899)."""
    from lib import sampling_view as view_lib

    value = yardsticks.typical_photo_correlation()
    first = view_lib.measure(corpus.load_corpus(), view_lib.View(32, 9, 0, False, True))
    assert value == float(np.nanmedian(first.real_correlation))
    assert 0.8 < value < 0.99


def _tally(draws: int, pace: float) -> rs.RoomTally:
    return rs.RoomTally(draws, draws // 2, None, 600.0, pace, rs.SEARCH_SIZE, rs.SEARCH_CHANNELS)


def test_the_panel_words_move_only_with_the_live_count():
    """Same URL, same pixels: two loads of a quiet room (different recent paces) give the
    same sentences; the wait is at Search harder's fixed cap, and equals the odds' wait."""
    typical = yardsticks.typical_photo_correlation()
    quiet, busy = (
        yardsticks.panel_words(_tally(100, 0.1), typical),
        yardsticks.panel_words(_tally(100, 300.0), typical),
    )
    assert quiet == busy
    under, line = quiet
    assert "a second lately" not in under + line and "(live)" in line
    centi = math.floor(typical * 100)
    bound = stats.bound_at_centi(32, 3, centi)
    # The years of the odds' shown exponent (lib.sampling_text.wait_as_shown), as the odds say them.
    shown = replace(bound, log10_probability=-float(math.floor(-bound.log10_probability)))
    years = (
        f'<span class="pow">10<sup>{shown.years_exponent(rs.SEARCH_DRAWS_PER_SECOND):,}</sup></span> years'
    )
    assert f"takes at least {years}: a rigorous bound." in line
    assert f"(≥\u00a0{centi / 100:.2f}, that median rounded down)" in line
    assert f"A typical photo's: <b>{typical:.3f}</b>" in line
    assert yardsticks.panel_words(_tally(101, 0.1), typical)[0] == under  # searched is draws // 2: unchanged
    assert "live" in yardsticks.LIVE_COUNT_LABEL.lower()


def test_the_room_is_one_per_process():
    """Importing again (as every page and session does) gives the same tally."""
    again = importlib.import_module("lib.room_search")
    assert again.ROOM is rs.ROOM
    assert isinstance(rs.ROOM, rs.RoomSearch)
    assert (rs.ROOM.size, rs.ROOM.channels, rs.ROOM.rate) == (32, 3, rs.SEARCH_DRAWS_PER_SECOND)
