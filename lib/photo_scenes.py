"""Which photos read as scenes in a thumbnail, and which a reader takes for noise.

The grid of photos beside the noise must read as photographs. Resized whole to a thumbnail,
a texture (grass, gravel, brick) or a star field (the Hubble deep field) reads as static
(review 11: three of the first nine looked like noise), while a scene keeps its neighbouring
pixels alike. So a photo is judged by that neighbour correlation at the page's default side,
and the pages show only the photos that pass; textures stay among the random crops.
"""

from __future__ import annotations

from collections.abc import Sequence

from lib.photo_corpus import Photo, resized_once
from lib.photo_memo import kept

#: A shipped photo reads as a scene in a thumbnail when its neighbouring pixels correlate at
#: least this much once resized whole to :data:`SCENE_TEST_SIDE` (the page's default side).
#: Measured there: the scenes 0.81 (astronaut) to 0.95 (clock); the grass, gravel and brick
#: textures 0.09 to 0.25 and the Hubble deep field's scattered stars 0.26, which a reader takes
#: for noise (review 11); uniform noise 0.00. The cut sits in the wide gap between them.
SCENE_CORRELATION = 0.5
SCENE_TEST_SIDE = 32


def reads_as_scene(photo: Photo) -> bool:
    """Whether a photo reads as a scene in a thumbnail, not as noise (:data:`SCENE_CORRELATION`).

    A visitor's own photo (no credit) always counts: it is what they came to compare. A shipped
    one is judged by its neighbour correlation once resized whole to :data:`SCENE_TEST_SIDE`
    (that resize is kept, as the page's default grid uses it, and so is the verdict:
    :mod:`lib.photo_memo`).

    Raises
    ------
    ValueError
        If ``photo`` is not a :class:`lib.photo_corpus.Photo`.

    Examples
    --------
    >>> from lib.photo_corpus import load_corpus
    >>> [p.credit.key for p in load_corpus() if not reads_as_scene(p)]
    ['hubble_deep_field', 'grass', 'gravel', 'brick']
    """
    if not isinstance(photo, Photo):
        raise ValueError(f"only a Photo of the pool reads as a scene or not, got {type(photo).__name__}")
    if photo.credit is None:
        return True
    return kept(photo.pixels, "reads as a scene", lambda: _correlated(photo))


def _correlated(photo: Photo) -> bool:
    """Whether the photo's thumbnail has neighbours correlated at least :data:`SCENE_CORRELATION`."""
    from lib.statistics.correlation import neighbour_correlations

    thumbnail = resized_once(photo.pixels, SCENE_TEST_SIDE)
    horizontal, vertical = neighbour_correlations(thumbnail.transpose(2, 0, 1)[None])  # (1, 3, H, W)
    return bool((horizontal[0] + vertical[0]) / 2 >= SCENE_CORRELATION)


def scene_photos(pool: Sequence[Photo]) -> list[Photo]:
    """The photos of ``pool`` that read as scenes in a thumbnail (:func:`reads_as_scene`), or the
    whole pool when none does (a pool of textures still has something to show).

    Examples
    --------
    >>> from lib.photo_corpus import load_corpus
    >>> [p.credit.key for p in scene_photos(load_corpus()) if p.credit][:2]
    ['astronaut', 'camera']
    """
    return [p for p in pool if reads_as_scene(p)] or list(pool)
