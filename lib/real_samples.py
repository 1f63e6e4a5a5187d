"""Real images drawn from a pool of photos by a seed: random crops, or whole photos resized.

The pool is the shipped corpus (:func:`lib.photo_corpus.load_corpus`) and any visitor's
uploads. Randomness always comes from a seed, and each use has its own stream, so the same seed
gives the same noise *and* the same crops, and asking for more images keeps the first ones
unchanged. Each image carries where it came from (:class:`Origin`), which the page shows in its
credits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from lib.luma import to_grey
from lib.photo_corpus import Credit, Photo, resized_once
from lib.photo_scenes import reads_as_scene
from lib.pixel_sheets import check_budget
from lib.uniform_noise import channel_count, stream_seed
from lib.validation import check_uint8_image, check_whole_number

# Independent random streams derived from one seed (first word of the SeedSequence entropy;
# the noise's own is lib.uniform_noise.NOISE_STREAM).
_CROP_STREAM = 0x63726F70  # "crop"
_WHOLE_STREAM = 0x77686F6C  # "whol"
_CLOSER_STREAM = 0x636C6F73  # "clos"


@dataclass(frozen=True)
class Origin:
    """Where one real sample came from: photo ``index`` of the pool, and which part.

    A crop is the ``side×side`` square whose top-left pixel is ``(top, left)``; a whole
    photo (``whole=True``) is its largest centred square, resized to ``side×side``.
    """

    index: int
    name: str
    top: int
    left: int
    side: int
    whole: bool = False
    credit: Credit | None = None
    closer: int = 0  # a closer look: the side of the square taken from the photo, resized to ``side``

    def __str__(self) -> str:
        if self.whole:
            return f"{self.name}, its largest centred square resized to {self.side}×{self.side}"
        if self.closer:
            return (
                f"{self.name}, closer: its {self.closer}×{self.closer} square at row {self.top}, "
                f"column {self.left}, resized to {self.side}×{self.side}"
            )
        return f"{self.name}, {self.side}×{self.side} crop at row {self.top}, column {self.left}"


@dataclass(frozen=True, eq=False)
class Sample:
    """A batch of same-shaped real images and, for each, where it came from.

    ``images`` is ``(n, s, s)`` for grey or ``(n, s, s, 3)`` for RGB.
    """

    images: np.ndarray = field(repr=False)
    origins: tuple[Origin, ...]


# -- drawing from the pool ------------------------------------------------------------------
def _pool_arrays(
    pool: Sequence[Photo] | Sequence[np.ndarray],
) -> list[tuple[int, str, np.ndarray, Credit | None]]:
    """(index, name, H×W×3 pixels, credit) for each member of the pool."""
    if len(pool) == 0:
        raise ValueError("the pool of real images is empty")
    arrays = []
    for i, item in enumerate(pool):
        if isinstance(item, Photo):
            arrays.append((i, item.name, item.pixels, item.credit))
        else:
            image = check_uint8_image(item, f"pool image {i}")
            if image.ndim == 2:
                image = np.repeat(image[:, :, None], 3, axis=2)
            arrays.append((i, f"image {i + 1}", image, None))
    return arrays


def random_crops(
    pool: Sequence[Photo] | Sequence[np.ndarray], size: int, count: int, seed: int, *, grey: bool = False
) -> Sample:
    """``count`` random ``size×size`` crops of the pool's photos, deterministic in ``seed``.

    Each crop picks a photo uniformly among those at least ``size`` pixels on both sides,
    then a uniformly random position inside it. Photos too small for ``size`` are skipped;
    if none is large enough a ValueError says how large the largest one is. A larger
    ``count`` keeps the first crops unchanged.

    Examples
    --------
    >>> from lib.photo_corpus import load_corpus
    >>> sample = random_crops(load_corpus(), 16, 3, seed=0, grey=True)
    >>> sample.images.shape, np.array_equal(random_crops(load_corpus(), 16, 5, 0, grey=True).images[:3], sample.images)
    ((3, 16, 16), True)
    >>> random_crops([np.zeros((8, 12), np.uint8)], 10, 1, seed=0)
    Traceback (most recent call last):
    ...
    ValueError: no photo in the pool is 10×10 or larger (the largest square fits 8×8); choose a smaller size or whole photos resized
    """
    size = check_whole_number(size, "size", 1)
    count = check_whole_number(count, "count", 1)
    check_budget(count * size * size * channel_count(grey), "these crops")
    members = _pool_arrays(pool)
    candidates = [m for m in members if min(m[2].shape[:2]) >= size]
    if not candidates:
        largest = max(min(m[2].shape[:2]) for m in members)
        raise ValueError(
            f"no photo in the pool is {size}×{size} or larger (the largest "
            f"square fits {largest}×{largest}); choose a smaller size or "
            "whole photos resized"
        )
    rng = np.random.Generator(np.random.PCG64(stream_seed(seed, _CROP_STREAM)))
    u = rng.random((count, 3))  # C order: row i is crop i, whatever the count
    out = np.empty((count, size, size, 3), dtype=np.uint8)
    origins = []
    for i, (a, b, c) in enumerate(u):
        index, name, pixels, credit = candidates[int(a * len(candidates))]
        top = int(b * (pixels.shape[0] - size + 1))
        left = int(c * (pixels.shape[1] - size + 1))
        out[i] = pixels[top : top + size, left : left + size]
        origins.append(Origin(index, name, top, left, size, False, credit))
    return Sample(to_grey(out) if grey else out, tuple(origins))


def whole_photos(
    pool: Sequence[Photo] | Sequence[np.ndarray], size: int, count: int, seed: int, *, grey: bool = False
) -> Sample:
    """``count`` photos of the pool's scenes resized to ``size×size``: first each scene whole
    (its largest centred square), in a seeded order; then each one closer (the centred square
    half its short side), in the same order; then seeded closer looks elsewhere in them (half
    the short side, anywhere), as many as asked.

    Only scenes (:func:`lib.photo_scenes.scene_photos`): a texture or a star field resized to 32×32 reads as
    noise, and the grid beside the noise must read as photographs (review 11: grass, gravel
    and the Hubble deep field made three of the first nine look like static); they stay among
    the random crops. Closer looks rather than repeats: the corpus has fewer scenes than a grid
    has cells (6 for the default 9), and the same photo twice looks like a bug. A larger
    ``count`` keeps the first images unchanged.

    Examples
    --------
    >>> from lib.photo_corpus import load_corpus
    >>> sample = whole_photos(load_corpus(), 24, 13, seed=4)
    >>> [(o.whole, o.closer > 0) for o in sample.origins[5:8]]
    [(True, False), (False, True), (False, True)]
    >>> print(sample.origins[0])
    Coffee cup, its largest centred square resized to 24×24
    """
    size = check_whole_number(size, "size", 1)
    count = check_whole_number(count, "count", 1)
    check_budget(count * size * size * channel_count(grey), "these photos")
    arrays = _pool_arrays(pool)
    scenes = [m for m in arrays if m[3] is None or reads_as_scene(Photo(m[1], m[2], m[3]))] or arrays
    rng = np.random.Generator(np.random.PCG64(stream_seed(seed, _WHOLE_STREAM)))
    order = [scenes[int(k)] for k in rng.permutation(len(scenes))]
    farther = max(0, count - 2 * len(order))  # the closer looks placed by the seed
    places = np.random.Generator(np.random.PCG64(stream_seed(seed, _CLOSER_STREAM))).random((farther, 3))
    out = np.empty((count, size, size, 3), dtype=np.uint8)
    origins = []
    for i in range(count):
        index, name, pixels, credit = order[i % len(order)] if i < 2 * len(order) else order[0]
        h, w = pixels.shape[:2]
        short = min(h, w)
        if i < len(order):  # the scene whole
            out[i] = resized_once(pixels, size)
            origins.append(Origin(index, name, (h - short) // 2, (w - short) // 2, size, True, credit))
            continue
        side = max(1, short // 2)
        if i < 2 * len(order):  # the scene's centre, closer
            top, left = (h - side) // 2, (w - side) // 2
        else:
            a, b, c = places[i - 2 * len(order)]
            index, name, pixels, credit = order[int(a * len(order))]
            h, w = pixels.shape[:2]
            side = max(1, min(h, w) // 2)
            top, left = int(b * (h - side + 1)), int(c * (w - side + 1))
        out[i] = resized_once(pixels, size, (top, left, side))
        origins.append(Origin(index, name, top, left, size, False, credit, side))
    return Sample(to_grey(out) if grey else out, tuple(origins))
