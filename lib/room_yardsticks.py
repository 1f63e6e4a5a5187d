"""The yardsticks next to the room's best find: a typical photo's neighbour correlation and the
rigorous bound's wait for one noise image as smooth, said the same way on every load.

The room (:mod:`lib.room_search`) keeps the live figures: how many noise images everyone has
looked at and the most photo-like so far. This module puts them beside what does not move:
the median correlation of Random images' first grid (the odds section's median, one
threshold for "as smooth as a photo" on the page and in the talk) and the wait at Search
harder's fixed pace, so the same URL shows the same sentence and only the live count moves.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from lib import photo_corpus as corpus
from lib import reference_figures as ref
from lib import sampling_view as view_lib  # the page's view (it does not import this module)
from lib import statistics as stats
from lib.notation import rich_text
from lib.room_search import SEARCH_CHANNELS, SEARCH_DRAWS_PER_SECOND, SEARCH_SIZE, RoomTally, SearchRun
from lib.sampling_text import UNIVERSE_AGE, wait_as_shown
from lib.validation import check_whole_number


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


@lru_cache(maxsize=8)
def typical_photo_correlation(size: int = SEARCH_SIZE, channels: int = SEARCH_CHANNELS) -> float:
    """A typical photo's neighbour correlation: the median over Random images' first grid.

    The real photos of that page's default view (its count and seed, whole photos, at
    ``size``×``size``), measured as the page measures them: so the room, the page's odds
    and the talk's odds step name one median and one threshold (0.884 and ≥ 0.88 at 32×32
    RGB) for "as smooth as a photo". Takes ~20 ms the first time, then is cached.

    >>> round(typical_photo_correlation(), 3)
    0.884
    """
    size = check_whole_number(size, "size", 2, 256)
    if channels not in (1, 3):
        raise ValueError(f"channels must be 1 (grey) or 3 (RGB), got {channels!r}")
    first = view_lib.View(
        size, int(view_lib.DEFAULTS["n"]), int(view_lib.DEFAULTS["seed"]), channels == 1, True
    )
    # Its real images' correlations alone, not every figure of the view: the page measures the
    # view itself, once per server, and the yardstick must not do that work a second time.
    _, _, real = view_lib.measured_images(corpus.load_corpus(), first)
    return float(np.nanmedian(stats.adjacent_pixel_correlations(real).mean))


#: The count's label: it is the room's running tally, so a reload may show a larger one. In a
#: visitor's words: nothing about servers, caps or restarts (those are ours, not theirs).
LIVE_COUNT_LABEL = "Live count: noise images this room has looked at since this page was first opened here"


def panel_words(tally: RoomTally, typical: float) -> tuple[str, str]:
    """The room panel's words: (the line under the live count, the line beside the best find).

    Only the live figures (the count, how many of them Search harder drew, the best find)
    come from ``tally``; the wait is at the fixed :data:`SEARCH_DRAWS_PER_SECOND` (Search
    harder's most), not the room's recent pace, so the same URL shows the same sentence. The
    threshold is ``typical`` rounded down to 0.01 (the odds' rule) and the wait is
    :func:`lib.sampling_text.wait_as_shown`, as the odds section says it. The
    first is plain text; the second is HTML built only from our own digits.

    >>> from lib.room_search import RoomSearch
    >>> room = RoomSearch(clock=lambda: 0.0)
    >>> under, line = panel_words(room.snapshot(), 0.856)
    >>> under
    'None of them yet by Search harder.'
    >>> line.split(". ")[1]
    "A typical photo's: <b>0.856</b> (the median of Random images' first grid of 9 photos at 32×32)"
    """
    f = _figures(tally, typical)
    line = (
        f"Most photo-like so far (live): neighbour correlation <b>{f.best}</b>. "
        f"A typical photo's: <b>{typical:.3f}</b> (the median of Random images' first grid of "
        f"{int(view_lib.DEFAULTS['n'])} photos at {f.shape}). "
    )
    if f.wait:
        line += (
            f"Even at {SEARCH_DRAWS_PER_SECOND:,} draws a second (the most Search harder draws), one noise image as "
            f"smooth (≥\u00a0{f.centi / 100:.2f}, that median rounded down) takes at least {f.wait}: a rigorous "
            f"bound. {UNIVERSE_AGE}"
        )
    return f.under, line


class _Figures(NamedTuple):
    best: str  # the room's best correlation, to 3 decimals, or "none yet"
    under: str  # how many of the count Search harder drew, in words
    shape: str  # the search's images, as "32×32" or "32×32 grey"
    centi: int  # the typical photo's correlation rounded down to 0.01, in hundredths
    wait: str  # the least wait for one as smooth, as the odds say it (rich text); "" when none


def _figures(tally: RoomTally, typical: float) -> _Figures:
    """What :func:`panel_words` and :func:`slide_words` both say, worked out once a run: the
    threshold is ``typical`` rounded down to 0.01 and the wait is
    :func:`lib.sampling_text.wait_as_shown` of its bound, at :data:`SEARCH_DRAWS_PER_SECOND`."""
    best = "none yet" if tally.best is None else f"{tally.best.correlation:.3f}"
    under = f"{f'{tally.searched:,} of them' if tally.searched else 'None of them yet'} by Search harder."
    shape = f"{tally.size}×{tally.size}" + ("" if tally.channels == 3 else " grey")
    centi = math.floor(typical * 100 + 1e-9)
    wait = ""
    if centi > 0:
        bound = stats.bound_at_centi(tally.size, tally.channels, centi)
        wait = rich_text(wait_as_shown(bound, SEARCH_DRAWS_PER_SECOND))  # as the odds say it
    return _Figures(best, under, shape, centi, wait)


@dataclass(frozen=True)
class SlideWords:
    """The room's figures as the talk's slide says them (:func:`slide_words`)."""

    under: str  # plain text, under the live count: Search harder's last result, or how many it drew
    line: str  # HTML of our own digits, beside the count: best so far · a photo · the wait, one line
    foot: str  # rich text (lib.notation.rich_text) for the slide's foot: what those figures are


def slide_words(tally: RoomTally, typical: float, run: SearchRun | None = None) -> SlideWords:
    """The room's panel for a slide: a line of figures beside the live count, Search harder's
    result in the line under it, the explanations in the foot.

    The same figures as :func:`panel_words` (the wait from the odds' shown exponent, at the
    fixed :data:`SEARCH_DRAWS_PER_SECOND`), said shorter: on the talk's step 6 that panel's
    paragraph took 5 lines, and Search harder's result, a box under the button, ran off a
    1280×720 slide (review 11, Talk-1 and Talk-7). ``run`` is the Search harder click of this
    run, if any.

    >>> from lib.room_search import RoomSearch
    >>> words = slide_words(RoomSearch(clock=lambda: 0.0).snapshot(), 0.856)
    >>> words.under, words.line.split(" · ")[:2]
    ('None of them yet by Search harder.', ['Best so far <b>none yet</b>', 'a photo <b>0.856</b>'])
    >>> slide_words(RoomSearch(clock=lambda: 0.0).snapshot(), 0.856, SearchRun(1000, 0, float("nan"), False)).under
    'Search harder: the shared budget is used up for now; try again in a second.'
    """
    f = _figures(tally, typical)
    under = f.under
    if run is not None and run.refused:
        under = "Search harder: the shared budget is used up for now; try again in a second."
    elif run is not None:
        under = (
            f"Search harder drew {run.granted:,} more"
            + (" (all the shared budget allowed)" if run.granted < run.requested else "")
            + f": best of them {run.best_correlation:.3f}{', a new record' if run.new_record else ''}."
        )
    line = f"Best so far <b>{f.best}</b> · a photo <b>{typical:.3f}</b>"
    foot = (
        "Best so far: the most photo-like noise anyone here has looked at (neighbour correlation). A photo: "
        f"the median of Random images' first grid of {int(view_lib.DEFAULTS['n'])} photos at {f.shape}."
    )
    if f.wait:
        line += f" · one as smooth: ≥\u00a0{f.wait} at {SEARCH_DRAWS_PER_SECOND:,} a second"
        foot += (
            f" As smooth: ≥ {f.centi / 100:.2f}, that median rounded down; the years are a rigorous bound. "
            f"{UNIVERSE_AGE}"
        )
    foot += (
        f" Everyone here shares one search, at most {SEARCH_DRAWS_PER_SECOND:,} draws a second; nothing about "
        "visitors is kept, and the counts go back to zero whenever the app is started again."
    )
    return SlideWords(under, line, foot)


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
