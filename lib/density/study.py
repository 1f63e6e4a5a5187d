"""The learning page's experiment, end to end: patches, the ladder, and what is shown beside it.

One call, :func:`run_study`, cuts the patches (as :func:`~lib.density.patches.patch_sets` does),
fits and scores the ladder (:func:`~lib.density.ladder.fit_ladder`) and keeps only the
figures and pictures the page shows, read-only, so one result can be cached and shared
by every visitor of a server.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lib.density.base import (
    DEFAULT_CHANNELS,
    DEFAULT_SEED,
    DEFAULT_SIZE,
    DEFAULT_TEST_PATCHES,
    DEFAULT_TRAIN_PATCHES,
    LEVELS,
    check_shape,
    read_only,
)
from lib.density.gaussian import GaussianModel
from lib.density.ladder import LadderResult, ProgressCallback, RungResult, fit_ladder
from lib.density.memorising import LookupTable, lookup_table
from lib.density.patches import PhotoSplit, held_out_patches, training_patches
from lib.density.simple import IndependentPixelModel
from lib.notation import signed

#: Samples per model and real patches beside them: a 4×4 grid each.
SHOWN = 16
#: The Gaussian's principal components shown as patches (fewer when D is smaller).
EIGEN_SHOWN = 32
#: Samples each model scores to estimate its own entropy (Monte Carlo).
ENTROPY_SAMPLES = 1000
#: Held-out (and fresh) values scored per view: 2,000 patches of 8×8 grey, 666 of 16×16 RGB.
MAX_SCORED_VALUES = 2000 * 8 * 8 * 4


@dataclass(frozen=True)
class HeldOutSide:
    """What the held-out photos alone decide, whatever the seed: their patches, the PNG and
    WebP files of those patches, and their histogram. Computed once per held-out photos and
    shape (the codecs are about half of a fit's CPU time) and shared by every seed's study."""

    size: int
    channels: int
    split: PhotoSplit
    test: np.ndarray  # uint8 (test_count, D), read-only
    png_bits_per_dim: float
    webp_bits_per_dim: float
    own_histogram_bits: float  # independent pixels fitted on the held-out patches themselves
    histogram: np.ndarray  # share of each value 0..255 (channels pooled)

    def matches(self, held: Sequence[int], size: int, channels: int, test_count: int) -> bool:
        """Was this side cut from the photos at ``held`` in patches of this shape and count?"""
        return (self.split.test_indices, self.size, self.channels, self.test.shape[0]) == (
            tuple(sorted(set(held))),
            size,
            channels,
            test_count,
        )


@dataclass(frozen=True)
class Study:
    """One fitted ladder and what the page shows beside it (read-only: shared by visitors)."""

    ladder: LadderResult  # without the fitted models: a 32×32 RGB Gaussian alone keeps 75 MB
    train_photos: tuple[str, ...]
    test_photos: tuple[str, ...]
    eigen_images: np.ndarray  # the Gaussian's top principal components as patches
    explained: np.ndarray  # cumulative share of the variance they explain
    table: LookupTable  # memorising the training patches, scored
    train_histogram: np.ndarray  # share of each value 0..255 (channels pooled)
    seconds: float
    #: The held-out side this study was scored on (a new seed with the same held-out photos
    #: and shape reuses it: ``run_study(..., held_out=study.held_out)``).
    held_out: HeldOutSide

    @property
    def own_histogram_bits(self) -> float:
        """Independent pixels fitted on the held-out patches themselves (bits/dim)."""
        return self.held_out.own_histogram_bits

    @property
    def test_histogram(self) -> np.ndarray:
        """Share of each value 0..255 among the held-out patches (channels pooled)."""
        return self.held_out.histogram

    def computed_on(self) -> str:
        """What every figure was computed on, for a caption."""
        return (
            f"Computed on {self.ladder.computed_on()}; held out: {', '.join(self.test_photos)} "
            f"(whole photos, the same held-out patches for every seed; trained on the other "
            f"{len(self.train_photos)})."
        )

    @property
    def key(self) -> tuple:
        """What identifies this view: shape, training count, seed and held-out photos."""
        ladder = self.ladder
        return ladder.size, ladder.channels, ladder.train_count, ladder.seed, self.test_photos

    @property
    def best(self) -> RungResult:
        """The rung with the lowest held-out cost."""
        return min(self.ladder.rungs, key=lambda r: r.bits_per_dim)


def value_shares(patches: np.ndarray) -> np.ndarray:
    """Share of each value 0..255 among all the values of ``patches`` (channels pooled).

    Examples
    --------
    >>> shares = value_shares(np.array([[0, 0, 255, 7]], np.uint8))
    >>> float(shares[0]), float(shares[7]), float(shares.sum())
    (0.5, 0.25, 1.0)
    """
    return np.bincount(np.asarray(patches, dtype=np.uint8).ravel(), minlength=LEVELS) / patches.size


def inversions(ladder: LadderResult) -> list[tuple[RungResult, RungResult]]:
    """(rung, the best simpler rung before it that scored better on the held-out photos).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> noise = rng.integers(0, 256, (400, 16), dtype=np.uint8)
    >>> result = fit_ladder(noise[:300], noise[300:], 4, 1, samples=0, with_png=False)
    >>> [later.name for later, _ in inversions(result)][:1]  # on noise nothing beats uniform
    ['independent pixels']
    """
    rungs = ladder.rungs
    out = []
    for i, later in enumerate(rungs):
        better = [r for r in rungs[:i] if r.bits_per_dim < later.bits_per_dim]
        if better:
            out.append((later, min(better, key=lambda r: r.bits_per_dim)))
    return out


def run_study(
    photos: Sequence[np.ndarray],
    names: Sequence[str],
    holdout: Sequence[str],
    size: int = DEFAULT_SIZE,
    channels: int = DEFAULT_CHANNELS,
    train_count: int = DEFAULT_TRAIN_PATCHES,
    seed: int = DEFAULT_SEED,
    progress: ProgressCallback | None = None,
    held_out: HeldOutSide | None = None,
) -> Study:
    """Cut patches (whole photos ``holdout`` kept for testing), fit the ladder, keep what is shown.

    The held-out patches do not depend on the seed (:func:`~lib.density.patches.held_out_patches`):
    give ``held_out``, the side of an earlier study of the same photos, held-out photos
    and shape, and its patches and codec figures are used instead of being computed again
    (the same figures: a cache, not an approximation).

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> photos = [rng.integers(0, 256, (24, 24, 3), dtype=np.uint8) for _ in range(3)]
    >>> study = run_study(photos, ["a", "b", "c"], ["c"], size=4, train_count=500)
    >>> study.test_photos, study.train_photos, study.table.hits, study.eigen_images.shape
    (('c',), ('a', 'b'), 0, (16, 4, 4))
    >>> other = run_study(photos, ["a", "b", "c"], ["c"], size=4, train_count=500, seed=7, held_out=study.held_out)
    >>> other.held_out is study.held_out, other.ladder.webp_bits_per_dim == study.ladder.webp_bits_per_dim
    (True, True)
    """
    size, channels = check_shape(size, channels)
    names = list(names)
    if len(names) != len(photos):
        raise ValueError(f"give one name per photo: {len(names)} names for {len(photos)} photos")
    unknown = [h for h in holdout if h not in names]
    if unknown:
        raise ValueError(f"no photo called {unknown[0]!r} to hold out")
    start = time.perf_counter()
    held = [names.index(h) for h in holdout]
    dims = size * size * channels
    # Bounded work at every size: 2,000 test patches at 8×8, fewer where each costs more.
    test_count = min(DEFAULT_TEST_PATCHES, MAX_SCORED_VALUES // dims)
    side = held_out
    if side is not None and not side.matches(held, size, channels, test_count):
        raise ValueError("the held-out side given was cut from other photos or in another shape")
    if side is None:
        test, split = held_out_patches(photos, held, size, channels, test_count)
    else:
        test, split = side.test, side.split
    train, fresh = training_patches(split, size, channels, train_count, seed, test_count)
    ladder = fit_ladder(
        train,
        test,
        size,
        channels,
        samples=SHOWN,
        seed=seed,
        progress=progress,
        fresh=fresh,
        entropy_samples=min(ENTROPY_SAMPLES, MAX_SCORED_VALUES // 2 // dims),
        codecs=None if side is None else (side.png_bits_per_dim, side.webp_bits_per_dim),
    )
    gaussian = ladder.rung("Gaussian").model
    if not isinstance(gaussian, GaussianModel):
        raise ValueError("the ladder has no fitted Gaussian to show")
    shown = min(EIGEN_SHOWN, ladder.dims)
    if side is None:
        side = HeldOutSide(
            size,
            channels,
            split,
            read_only(test),
            float(ladder.png_bits_per_dim),  # type: ignore[arg-type]
            float(ladder.webp_bits_per_dim),  # type: ignore[arg-type]
            IndependentPixelModel(size, channels).fit(test).bits_per_dim(test),
            read_only(value_shares(test)),
        )
    return Study(
        ladder.without_models(),
        tuple(names[i] for i in split.train_indices),
        tuple(names[i] for i in split.test_indices),
        read_only(gaussian.eigenvector_images(shown)),
        read_only(gaussian.explained_variance()[:shown]),
        lookup_table(train, test),
        read_only(value_shares(train)),
        time.perf_counter() - start,
        side,
    )


@dataclass(frozen=True)
class Gaps:
    """Where the held-out cost comes from, per rung that learned something (bits/dim).

    ``memorised`` = fresh − training: what the model learned of its own training patches
    that does not carry over to new patches of the same photos. ``between_photos`` =
    held out − fresh: how much the held-out photos differ from the training photos.
    """

    rungs: tuple[str, ...]
    memorised: tuple[float, ...]
    between_photos: tuple[float, ...]
    #: The independent-pixel model's numbers kept (its histogram; 0 when it is not fitted)
    #: and the values of the training patches it was fitted on: far too few to memorise them.
    histogram_numbers: int = 0
    training_values: int = 0

    #: Below this (bits/dim) a rung's memorised gap is "little": the sentence says so; at or
    #: above it the sentence names the rungs that did memorise and how much.
    LITTLE = 0.1

    @staticmethod
    def span(values: tuple[float, ...]) -> str:
        """'0.00–0.07 bits per value': the range of a gap over the rungs, to 2 decimals, with a true
        minus for a negative end and then a plus for a positive one ("−0.04 to +2.46 bits per
        value": no dash beside a minus, and a change both ways reads as one).

        >>> Gaps.span((0.013, -0.002, 0.066)), Gaps.span((-0.037, 2.461)), Gaps.span((0.5,))
        ('0.00–0.07 bits per value', '−0.04 to +2.46 bits per value', '0.50 bits per value')
        """
        low, high = signed(min(values), 2), signed(max(values), 2)
        if low == high:
            return f"{low} bits per value"
        if not low.startswith("−"):
            return f"{low}–{high} bits per value"
        return f"{low} to {high if high.startswith('−') or set(high) <= set('0.') else '+' + high} bits per value"

    @staticmethod
    def change(values: tuple[float, ...]) -> str:
        """'rises by 0.00–0.07 bits per value', or 'changes by −0.02 to +0.08 bits per value'
        where a rung's cost falls (a rise by a negative number would say the opposite).

        >>> Gaps.change((0.013, 0.066)), Gaps.change((-0.021, 0.08))
        ('rises by 0.01–0.07 bits per value', 'changes by −0.02 to +0.08 bits per value')
        """
        span = Gaps.span(values)
        return f"{'changes' if span.startswith('−') else 'rises'} by {span}"

    def _models(self) -> str:
        """The rungs the ranges cover, in words."""
        names = list(self.rungs)
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return f"For {listed} (uniform costs the same on every patch)"

    def sentence(self) -> str:
        """What the two gaps show, in one Markdown paragraph with the measured ranges and the
        view's own counts (the histogram's size and the training values follow the view).

        The claim follows the figures: a memorised gap below :attr:`LITTLE` everywhere is
        "all they memorised"; otherwise the rungs at or above it are named with their gap.

        >>> Gaps(("independent pixels",), (0.01,), (0.7,), 768, 3_072_000).sentence()[-79:]
        'not memorisation (a histogram of 768 numbers cannot memorise 3,072,000 values).'
        >>> print(Gaps(("a", "b"), (0.02, 0.78), (0.5, 2.1)).sentence())  # doctest: +ELLIPSIS
        **Memorised or just different photos?** For a and b (...)... by 0.02–0.78 bits per value: the b did memorise (0.78 bits per value of its training cost does not carry over to new patches of the same photos). ...
        """
        if not self.rungs:
            return ""
        why = (
            f" (a histogram of {self.histogram_numbers:,} numbers cannot memorise {self.training_values:,} values)"
            if self.histogram_numbers and self.training_values > self.histogram_numbers
            else ""
        )
        memorisers = [(n, m) for n, m in zip(self.rungs, self.memorised, strict=True) if m >= self.LITTLE]
        if memorisers:
            named = "; ".join(f"{n} {m:.2f} bits per value" for n, m in memorisers)
            claim = (
                f"the {memorisers[0][0]} did memorise ({memorisers[0][1]:.2f} bits per value of its training cost "
                "does not carry over to new patches of the same photos)"
                if len(memorisers) == 1
                else f"these did memorise that much of their training patches: {named}"
            )
        else:
            claim = f"so little is all they memorised (under {self.LITTLE} bits per value each)"
        further = self.change(self.between_photos)
        further += " more" if further.startswith("rises") else ""
        return (
            f"**Memorised or just different photos?** {self._models()}, from training patches to "
            f"*fresh* patches cut from the same photos the cost {self.change(self.memorised)}: "
            f"{claim}. From there to the held-out photos it {further}: the difference between photos, "
            f"not memorisation{why}."
        )


def gaps(ladder: LadderResult) -> Gaps:
    """The two gaps of every rung except the uniform one (whose gaps are zero by definition).

    >>> rng = np.random.default_rng(0)
    >>> noise = rng.integers(0, 256, (700, 16), dtype=np.uint8)
    >>> result = fit_ladder(noise[:300], noise[300:500], 4, 1, samples=0, fresh=noise[500:])
    >>> found = gaps(result)
    >>> found.rungs[0], abs(found.between_photos[0]) < 0.1  # same source: no gap between photos
    ('independent pixels', True)
    """
    rungs = [r for r in ladder.rungs if r.name != "uniform" and r.fresh_bits_per_dim is not None]
    histogram = next((r.parameters for r in rungs if r.name == "independent pixels"), 0)
    return Gaps(
        tuple(r.name for r in rungs),
        tuple(float(r.fresh_bits_per_dim) - r.train_bits_per_dim for r in rungs),  # type: ignore[arg-type]
        tuple(r.bits_per_dim - float(r.fresh_bits_per_dim) for r in rungs),  # type: ignore[arg-type]
        histogram,
        ladder.train_count * ladder.dims,
    )
