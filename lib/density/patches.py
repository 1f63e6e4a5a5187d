"""Patches cut from photos: the data every model is fitted on, held out by whole photo.

A patch is an ``s × s`` window with ``channels`` (1 = grey, 3 = RGB) 8-bit values,
flattened in C order of ``(row, column, channel)``: the order the autoregressive model
predicts in. Patches are ``uint8`` arrays of shape ``(N, D)`` with ``D = s·s·channels``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lib.built_once import BuiltOnce
from lib.density.base import (
    DEFAULT_CHANNELS,
    DEFAULT_SEED,
    DEFAULT_SIZE,
    DEFAULT_TEST_PATCHES,
    DEFAULT_TRAIN_PATCHES,
    MAX_PATCHES,
    RandomSource,
    as_generator,
    check_patches,
    check_shape,
    read_only,
)
from lib.photo_corpus import contact_sheet, to_grey
from lib.validation import check_uint8_image, check_whole_number


def _prepare(image: object, channels: int, index: int) -> np.ndarray:
    """One photo as the patches are cut from it: H×W (grey) or H×W×3, checked.

    An RGB photo stays RGB even for grey patches: the patches are made grey once cut
    (:func:`to_grey` works pixel by pixel, so the values are the same), which converts a
    few thousand windows instead of every pixel of every photo on each fit.
    """
    if not isinstance(image, np.ndarray):
        raise ValueError(f"photo {index}: expected a uint8 numpy array (H×W×3), got {type(image).__name__}")
    photo = check_uint8_image(image, f"photo {index}")
    if photo.ndim == 2 and channels == 3:
        raise ValueError(f"photo {index} is grey (H×W) but RGB patches were asked for")
    return photo


def extract_patches(
    images: Sequence[np.ndarray],
    size: int = DEFAULT_SIZE,
    channels: int = DEFAULT_CHANNELS,
    count: int = DEFAULT_TRAIN_PATCHES,
    rng: RandomSource = DEFAULT_SEED,
) -> np.ndarray:
    """``count`` patches cut at random places from ``images`` (H×W×3 uint8): uint8 (count, D).

    Every photo gives the same share of the patches (the first ones one more when
    ``count`` does not divide evenly), so one big photo cannot dominate what is learned;
    within a photo every ``size × size`` window is equally likely, and windows may
    repeat; the rows come in random order. ``channels=1`` makes each patch grey (:func:`to_grey`). A photo smaller
    than the patch is refused.

    Examples
    --------
    >>> photo = np.arange(16 * 16 * 3, dtype=np.uint8).reshape(16, 16, 3)
    >>> extract_patches([photo], size=4, channels=3, count=5, rng=0).shape
    (5, 48)
    """
    size, channels = check_shape(size, channels)
    count = check_whole_number(count, "number of patches", 1, MAX_PATCHES)
    if isinstance(images, np.ndarray) or not isinstance(images, Sequence) or len(images) == 0:
        raise ValueError("images must be a non-empty list of H×W×3 uint8 arrays")
    prepared = [_prepare(image, channels, i) for i, image in enumerate(images)]
    for i, photo in enumerate(prepared):
        if photo.shape[0] < size or photo.shape[1] < size:
            raise ValueError(
                f"photo {i} ({photo.shape[1]}×{photo.shape[0]}) is smaller than a {size}×{size} patch"
            )
    generator = as_generator(rng)
    share, extra = divmod(count, len(prepared))
    which = np.repeat(np.arange(len(prepared)), [share + (i < extra) for i in range(len(prepared))])
    out = np.empty((count, size * size * channels), dtype=np.uint8)
    for i, photo in enumerate(prepared):
        rows = np.flatnonzero(which == i)
        if rows.size == 0:
            continue
        ys = generator.integers(0, photo.shape[0] - size + 1, size=rows.size)
        xs = generator.integers(0, photo.shape[1] - size + 1, size=rows.size)
        windows = np.lib.stride_tricks.sliding_window_view(photo, (size, size), axis=(0, 1))
        cut = windows[ys, xs]  # (m, [3,] s, s): the window axes come last
        if photo.ndim == 3:
            cut = np.moveaxis(cut, 1, -1)  # (m, s, s, 3)
            if channels == 1:
                cut = to_grey(cut)  # the windows' pixels only, exactly as the whole photo's
        out[rows] = cut.reshape(rows.size, -1)
    return out[generator.permutation(count)]  # photos interleaved: any first rows are a fair sample


@dataclass(frozen=True)
class PhotoSplit:
    """Whole photos assigned to training or to testing (never a photo in both)."""

    train: tuple[np.ndarray, ...]
    test: tuple[np.ndarray, ...]
    train_indices: tuple[int, ...]
    test_indices: tuple[int, ...]


def split_by_photo(
    images: Sequence[np.ndarray],
    test_fraction: float = 0.25,
    rng: RandomSource = DEFAULT_SEED,
    test_indices: Sequence[int] | None = None,
) -> PhotoSplit:
    """Hold out whole photos for testing: at least one photo on each side.

    Patches from one photo resemble each other; cutting test patches from the training
    photos would flatter every model, so the held-out score is measured on photos the
    models never saw. The held-out photos are ``round(test_fraction · n)`` drawn by
    ``rng``, or exactly ``test_indices`` when given (then ``test_fraction`` and ``rng``
    are not used). Which photos are held out matters: a held-out photo unlike every
    training photo (a texture, a night sky) costs every model more.

    Examples
    --------
    >>> photos = [np.full((8, 8, 3), v, np.uint8) for v in range(4)]
    >>> split_by_photo(photos, test_indices=[1, 3]).train_indices
    (0, 2)
    """
    if isinstance(images, np.ndarray) or not isinstance(images, Sequence):
        raise ValueError("images must be a list of photos")
    n = len(images)
    if n < 2:
        raise ValueError(f"need at least 2 photos to hold one out for testing, got {n}")
    if test_indices is not None:
        chosen = sorted({check_whole_number(i, "photo index", 0, n - 1) for i in test_indices})
        if not 1 <= len(chosen) <= n - 1:
            raise ValueError(f"hold out between 1 and {n - 1} of the {n} photos, got {len(chosen)}")
    else:
        if (
            isinstance(test_fraction, bool)
            or not isinstance(test_fraction, (int, float))
            or not 0 < test_fraction < 1
        ):
            raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction!r}")
        n_test = min(max(1, round(test_fraction * n)), n - 1)
        chosen = sorted(as_generator(rng).permutation(n)[:n_test].tolist())
    train_idx = [i for i in range(n) if i not in set(chosen)]
    return PhotoSplit(
        tuple(images[i] for i in train_idx), tuple(images[i] for i in chosen), tuple(train_idx), tuple(chosen)
    )


def patches_to_images(patches: np.ndarray, size: int, channels: int) -> np.ndarray:
    """Flattened patches back to pictures: (N, s, s) for grey, (N, s, s, 3) for RGB.

    Examples
    --------
    >>> patches_to_images(np.zeros((2, 48), np.uint8), 4, 3).shape
    (2, 4, 4, 3)
    """
    size, channels = check_shape(size, channels)
    patches = check_patches(patches, size * size * channels, min_rows=0)
    shape = (patches.shape[0], size, size) + ((3,) if channels == 3 else ())
    return patches.reshape(shape)


def mosaic(
    patches: np.ndarray, size: int, channels: int, columns: int | None = None, gap: int = 0
) -> np.ndarray:
    """Patches tiled row by row into one uint8 picture (zeros pad the last row and the gaps).

    The same picture as :func:`~lib.photo_corpus.contact_sheet` with ``scale=1`` and a black
    background; without gaps it is one reshape (the codecs tile 2,000 patches on every fit,
    which the general sheet, checking each tile, took ~15 ms to do).

    Examples
    --------
    >>> mosaic(np.full((5, 4), 9, np.uint8), 2, 1).shape  # 3 columns, 2 rows of 2×2 patches
    (4, 6)
    >>> mosaic(np.arange(8, dtype=np.uint8).reshape(2, 4), 2, 1).tolist()
    [[0, 1, 4, 5], [2, 3, 6, 7]]
    """
    pictures = patches_to_images(patches, size, channels)
    if pictures.shape[0] == 0:
        raise ValueError("no patches to tile")
    n = pictures.shape[0]
    columns = math.ceil(math.sqrt(n)) if columns is None else check_whole_number(columns, "columns", 1, n)
    gap = check_whole_number(gap, "gap", 0, 64)
    if gap:
        return contact_sheet(pictures, columns, scale=1, gap=gap, background=0)
    rows = -(-n // columns)
    grid = np.zeros((rows * columns, *pictures.shape[1:]), dtype=np.uint8)
    grid[:n] = pictures
    grid = grid.reshape((rows, columns, size, size, *pictures.shape[3:]))
    return np.ascontiguousarray(
        grid.swapaxes(1, 2).reshape((rows * size, columns * size, *pictures.shape[3:]))
    )


#: The held-out patches' random stream, the same for every seed (the one seed 0 always used):
#: every seed's models are scored on one test set, so two seeds differ only in what the
#: models saw and drew, and what the held-out patches alone decide (their PNG and WebP
#: files, their histogram) is computed once per held-out photos and shape.
HELD_OUT_STREAM = 2


@dataclass(frozen=True)
class PatchSets:
    """The learning page's data: training patches from the kept photos, test patches from the rest."""

    train: np.ndarray  # uint8 (train_count, D), cut from the training photos
    test: np.ndarray  # uint8 (test_count, D), cut from the held-out photos
    fresh: np.ndarray  # uint8 (test_count, D): new cuts from the *training* photos
    split: PhotoSplit


def held_out_patches(
    photos: Sequence[np.ndarray],
    holdout: Sequence[int],
    size: int = DEFAULT_SIZE,
    channels: int = DEFAULT_CHANNELS,
    test_count: int = DEFAULT_TEST_PATCHES,
) -> tuple[np.ndarray, PhotoSplit]:
    """The test patches, cut from the photos at ``holdout`` by :data:`HELD_OUT_STREAM`, and the split.

    No seed: every seed of the page is scored on these same patches.

    >>> photos = [np.full((16, 16, 3), v, np.uint8) for v in (10, 20, 30)]
    >>> test, split = held_out_patches(photos, [2], size=4, channels=1, test_count=3)
    >>> test.shape, split.test_indices
    ((3, 16), (2,))
    """
    split = split_by_photo(photos, test_indices=holdout)
    return extract_patches(list(split.test), size, channels, test_count, rng=HELD_OUT_STREAM), split


def training_patches(
    split: PhotoSplit,
    size: int = DEFAULT_SIZE,
    channels: int = DEFAULT_CHANNELS,
    train_count: int = DEFAULT_TRAIN_PATCHES,
    seed: int = DEFAULT_SEED,
    fresh_count: int = DEFAULT_TEST_PATCHES,
) -> tuple[np.ndarray, np.ndarray]:
    """The training patches (stream ``2·seed + 1``) and the fresh ones (seed sequence
    ``[seed, 3]``), both cut from the training photos of ``split``: what a seed decides.

    >>> split = split_by_photo([np.full((8, 8, 3), v, np.uint8) for v in (1, 2)], test_indices=[1])
    >>> [a.shape for a in training_patches(split, 4, 1, train_count=5, fresh_count=2)]
    [(5, 16), (2, 16)]
    """
    seed = check_whole_number(seed, "seed", 0, 2**62)
    photos = grey_photos(split.train) if channels == 1 else list(split.train)
    train = extract_patches(photos, size, channels, train_count, rng=2 * seed + 1)
    fresh = extract_patches(photos, size, channels, fresh_count, rng=np.random.default_rng([seed, 3]))
    return train, fresh


#: Grey copies of the training photos of the most recent splits (:func:`grey_photos`), by the
#: photos' identities, each kept with the photos themselves (so no identity is reused while
#: kept): 2.3 MB for the shipped photos' default split.
_GREY = BuiltOnce(4)


def grey_photos(photos: Sequence[np.ndarray]) -> tuple[np.ndarray, ...]:
    """``photos`` made grey (:func:`to_grey`), once and kept where every photo is read-only (the
    shipped ones; a photo that may change is made grey again): every seed of a view cuts its
    grey patches from the same photos, and making each cut window grey took 1.5 of a new seed's
    2.8 ms of cutting patches, on the one thread no fit runs beside (the same values:
    :func:`to_grey` works pixel by pixel, and a grey photo is cut as it is).

    >>> rgb = [np.arange(48, dtype=np.uint8).reshape(4, 4, 3)]
    >>> rgb[0].flags.writeable = False
    >>> greys = grey_photos(rgb)
    >>> greys[0].shape, grey_photos(rgb) is greys
    ((4, 4), True)
    """
    if any(p.flags.writeable for p in photos):
        return tuple(to_grey(p) if p.ndim == 3 else p for p in photos)

    def made() -> tuple[tuple[np.ndarray, ...], ...]:
        # The photos are kept beside their grey copies, so no kept id is reused by another photo.
        return tuple(photos), tuple(read_only(to_grey(p)) if p.ndim == 3 else p for p in photos)

    return _GREY.get(tuple(id(p) for p in photos), made)[1]


def patch_sets(
    photos: Sequence[np.ndarray],
    holdout: Sequence[int],
    size: int = DEFAULT_SIZE,
    channels: int = DEFAULT_CHANNELS,
    train_count: int = DEFAULT_TRAIN_PATCHES,
    seed: int = DEFAULT_SEED,
    test_count: int = DEFAULT_TEST_PATCHES,
) -> PatchSets:
    """The page's recipe: hold out the photos at ``holdout``, cut patches from both sides.

    The training patches come from the stream ``2·seed + 1`` (odd, so never the held-out
    patches' stream :data:`HELD_OUT_STREAM`); seed 0 gives bench/bench_learning.py's
    patches. The held-out patches are the same for every seed (:func:`held_out_patches`).
    ``fresh`` is cut from the training photos again, by a third stream (the seed sequence
    ``[seed, 3]``): patches the models never saw, of photos they did. Scored beside the
    training and held-out patches, it separates what a model memorised of its training
    patches (training vs fresh) from how much the photos differ (fresh vs held out).

    Examples
    --------
    >>> photos = [np.full((16, 16, 3), v, np.uint8) for v in (10, 20, 30)]
    >>> sets = patch_sets(photos, [2], size=4, channels=1, train_count=6, test_count=3)
    >>> sets.train.shape, sets.test.shape, sorted(set(sets.test.ravel().tolist()))
    ((6, 16), (3, 16), [30])
    >>> sorted(set(sets.fresh.ravel().tolist()))  # the training photos again
    [10, 20]
    """
    test, split = held_out_patches(photos, holdout, size, channels, test_count)
    train, fresh = training_patches(split, size, channels, train_count, seed, test_count)
    return PatchSets(train, test, fresh, split)
