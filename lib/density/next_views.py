"""The views a visitor most likely asks for next, which a server fits ahead while idle
(:meth:`lib.density.service.StudyService.ahead`): the seeds around the one on screen.
"""

from __future__ import annotations

from dataclasses import replace

from lib.density.service import StudySettings


def next_seed(settings: StudySettings, largest: int = 2**32 - 1) -> StudySettings | None:
    """The view a visitor most likely asks for after ``settings``: the next seed (None at the last).

    >>> next_seed(StudySettings(seed=4)).seed, next_seed(StudySettings(seed=9), largest=9)
    (5, None)
    """
    return replace(settings, seed=settings.seed + 1) if settings.seed < largest else None


def neighbour_seeds(settings: StudySettings, largest: int = 2**32 - 1) -> tuple[StudySettings, ...]:
    """The views a visitor most likely asks for after ``settings``, likeliest first: the next
    seed, then the one before (a presenter steps back too), then the two after the next, where
    they exist.

    Two after the next, not one: a presenter stepping on (+ pressed again and again, or the
    next seed typed) asks for the next seed a view or two after its fit was wanted, and the
    fits made ahead must stay in front. With one, the thread fitting ahead had nothing left
    to fit once the next seed was in, ended, and the next view started another
    :attr:`~lib.density.service.StudyService.AHEAD_DELAY_S` later, whose fit then paused while that view's page ran
    (:meth:`~lib.density.service.StudyService.visiting`): stepping at ``bench/bench_pages.py``'s pace (a view every
    ~150 ms), 2 of 7 seeds were still being fitted when asked for, and the visitor waited for
    them (traced 2026-11-27, load ~10). A study kept for a seed is ~20 KB (its held-out side
    is shared by every seed), so the one more kept costs the server next to nothing.

    >>> [s.seed for s in neighbour_seeds(StudySettings(seed=4))], [s.seed for s in neighbour_seeds(StudySettings(seed=0))]
    ([5, 3, 6, 7], [1, 2, 3])
    >>> [s.seed for s in neighbour_seeds(StudySettings(seed=9), largest=10)]
    [10, 8]
    """
    following = next_seed(settings, largest)
    before = replace(settings, seed=settings.seed - 1) if settings.seed > 0 else None
    after = next_seed(following, largest) if following is not None else None
    then = next_seed(after, largest) if after is not None else None
    return tuple(s for s in (following, before, after, then) if s is not None)
