"""Steps 4 and 5: a random image next to a photo, and the odds that noise looks like one.

The odds are a rigorous bound (:func:`lib.statistics.noise_correlation_bound`), cached per
side: the deck's warm-up computes the chart's sides before the speaker gets there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from lib import photo_corpus as corpus
from lib import real_samples, sample_pairs
from lib.sampling_text import bound_exponent, wait_as_shown
from lib.sampling_view import DEFAULTS as RANDOM_IMAGES_DEFAULTS
from lib.statistics import adjacent_pixel_correlations, bound_at_centi

#: The image sides the noise steps offer (28: an MNIST digit) and their odds chart shows.
SIDES = (8, 16, 28, 32, 64, 128, 256)
DEFAULT_SIDE = 32
#: The photos step 5's median is taken over: Random images' default grid of whole photos.
PHOTOS_COMPARED, PHOTOS_SEED = int(RANDOM_IMAGES_DEFAULTS["n"]), int(RANDOM_IMAGES_DEFAULTS["seed"])


#: The shipped photos that read as photographs even as thumbnails, in the order the seed takes
#: them: the scenes of :func:`lib.photo_scenes.reads_as_scene`. The Hubble deep field is none
#: (a 32×32 thumbnail's neighbour correlation 0.26, scenes 0.81-0.95): one seed in seven showed
#: a star field as "a photo" beside the noise, which Random images' grid no longer shows either.
SCENES = ("chelsea", "astronaut", "coffee", "camera", "rocket", "clock")


def noise_and_photo(photos: list[corpus.Photo], side: int, seed: int) -> tuple[np.ndarray, np.ndarray, str]:
    """Step 4: one uniform RGB noise image and one photo's largest centred square resized, both ``side×side``.

    The seed picks the noise and the photo: the photo is the centred square of the shipped
    :data:`SCENES` in turn (seed 0 the cat), resized with Lanczos (a whole scene reads as a photo even at 8×8;
    a texture such as gravel does not).

    >>> noise, photo, name = noise_and_photo(corpus.load_corpus(), 8, 0)
    >>> noise.shape, photo.shape, noise.dtype
    ((8, 8, 3), (8, 8, 3), dtype('uint8'))
    """
    noise = corpus.uniform_noise(1, side, seed)[0]
    scenes = [p for key in SCENES for p in photos if p.credit is not None and p.credit.key == key] or photos
    # A shipped photo is resampled once per side (real_samples.whole_photos keeps it), not on
    # every click of "Draw again".
    sample = real_samples.whole_photos([scenes[seed % len(scenes)]], side, 1, 0)
    return noise, sample.images[0], str(sample.origins[0])


@dataclass(frozen=True)
class OddsFigures:
    side: int
    photo_correlation: float  # median neighbour correlation of Random images' default photos at this size
    threshold: float  # that value rounded down to 0.01: the bound is for reaching it
    exponent_text: str  # x in P ≤ 10^-x, as Random images shows it (lib.sampling_text.bound_exponent)
    log10_probability: float  # an upper bound
    wait: str  # at 1,000 draws a second, at least this long ("10^E years"), from the shown exponent


DRAWS_PER_SECOND = 1_000


@lru_cache(maxsize=64)
def noise_odds(side: int) -> OddsFigures:
    """Step 5: a rigorous upper bound on the chance that one uniform RGB ``side×side`` image
    has a neighbour correlation as high as a typical photo's of that size.

    The target is the median over Random images' default real grid at this side (whole
    photos, resized): that page's first view quotes the same median and bound. The bound
    comes from
    ``noise_correlation_bound`` (Chernoff bounds, interval arithmetic): it is a proof, not
    an estimate.

    >>> odds = noise_odds(8)
    >>> 0 < odds.threshold < 1 and odds.log10_probability < 0
    True
    """
    # The real images of Random images' first view at this side (its defaults: whole photos,
    # its seed and count), so the talk and that page quote one median and one bound.
    pair = sample_pairs.sample_pair(_shipped_photos(), PHOTOS_COMPARED, side, PHOTOS_SEED, whole=True)
    target = float(np.nanmedian(adjacent_pixel_correlations(pair.real.images[: pair.measured]).mean))
    centi = math.floor(target * 100)
    threshold = centi / 100
    bound = bound_at_centi(side, 3, centi)  # shared with Random images (once per process)
    return OddsFigures(
        side,
        target,
        threshold,
        bound_exponent(bound),
        bound.log10_probability,
        wait_as_shown(bound, DRAWS_PER_SECOND),
    )


@lru_cache(maxsize=8)
def odds_curve(sides: tuple[int, ...] = SIDES) -> tuple[tuple[int, float], ...]:
    """(side, −log10 of the bound) for each side: the odds step's chart, computed once (its
    interval arithmetic took ~10 ms a run).

    >>> [side for side, _ in odds_curve((8, 16))]
    [8, 16]
    """
    return tuple((side, float(-noise_odds(side).log10_probability)) for side in sides)


@lru_cache(maxsize=1)
def _shipped_photos() -> list[corpus.Photo]:
    return corpus.load_corpus()
