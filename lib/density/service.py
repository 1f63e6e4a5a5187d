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
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from lib.density.base import (
    DEFAULT_CHANNELS,
    DEFAULT_SEED,
    DEFAULT_SIZE,
    DEFAULT_TRAIN_PATCHES,
    check_shape,
)
from lib.density.ladder import ProgressCallback
from lib.density.study import Study, run_study
from lib.validation import check_whole_number

#: Float64 copies of the training patches must fit a small server (~700 MB): 8,000 patches
#: of 32×32 RGB is the most the Gaussian's covariance is computed on.
MAX_TRAIN_VALUES = 8_000 * 32 * 32 * 3


def max_train_patches(size: int, channels: int, limit: int = 20_000) -> int:
    """The most training patches of this shape a fit may use on this server (at most ``limit``).

    >>> max_train_patches(8, 1), max_train_patches(32, 3)
    (20000, 8000)
    """
    size, channels = check_shape(size, channels)
    return min(limit, MAX_TRAIN_VALUES // (size * size * channels))


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

    def __init__(self, photos: Photos, max_entries: int = 32) -> None:
        self._photos = photos
        self._max_entries = check_whole_number(max_entries, "cache entries", 1, 1000)
        self._studies: OrderedDict[StudySettings, Study] = OrderedDict()
        self._guard = threading.Lock()  # protects the dictionary, held for microseconds
        self._fitting = threading.Lock()  # one fit at a time per server

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

    def study(self, settings: StudySettings, progress: ProgressCallback | None = None) -> Study:
        """The fitted study for ``settings``: from the cache, or fitted now (one fit at a time).

        ``progress(fraction, text)`` hears "waiting" only when another fit really holds the
        server's fitting lock, then the fit's own progress.
        """
        found = self._lookup(settings)
        if found is not None:
            return found
        if not self._fitting.acquire(blocking=False):
            if progress:
                progress(0.0, "waiting for another fit to finish")
            self._fitting.acquire()
        try:
            found = self._lookup(settings)  # fitted by the visitor we waited for
            if found is not None:
                return found
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
            )
        finally:
            self._fitting.release()
        with self._guard:
            self._studies[settings] = study
            while len(self._studies) > self._max_entries:
                self._studies.popitem(last=False)
        return study


def choose_holdout(
    chosen: Sequence[str], asked: Sequence[str], keys: Sequence[str], default: Sequence[str]
) -> tuple[tuple[str, ...], str | None]:
    """The held-out photos to use (in corpus order) and, if the choice was refused, why.

    ``chosen`` is what the widget holds, ``asked`` what the link named (names not in
    ``keys`` are ignored with a message). At least one photo must be held out and one
    kept for training; otherwise ``default`` is used.

    >>> keys = ["a", "b", "c"]
    >>> choose_holdout(["c", "a"], ["c", "a"], keys, ["b"])
    (('a', 'c'), None)
    >>> choose_holdout([], ["zz"], keys, ["b"])[0]
    ('b',)
    """
    message = None
    unknown = [name for name in asked if name and name not in keys]
    if unknown:
        named = ", ".join(u[:40] for u in unknown[:3])
        message = f"The link names photos that are not in the corpus ({named}); they are ignored."
    if not 1 <= len(set(chosen) & set(keys)) <= len(keys) - 1:
        return tuple(default), (
            f"Hold out at least one photo and train on at least one; showing {', '.join(default)}."
        )
    return tuple(k for k in keys if k in chosen), message
