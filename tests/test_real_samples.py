"""Real images drawn from the pool by a seed (lib.real_samples): random crops, whole photos."""

from __future__ import annotations

import numpy as np
import pytest

from lib.luma import to_grey
from lib.photo_corpus import load_corpus, make_photo, resize_photo
from lib.photo_scenes import reads_as_scene, scene_photos
from lib.real_samples import random_crops, whole_photos


@pytest.fixture(scope="module")
def pool():
    return load_corpus()


def test_crops_are_deterministic_prefix_stable_and_really_come_from_the_photos(pool):
    sample = random_crops(pool, 32, 24, seed=11)
    assert sample.images.shape == (24, 32, 32, 3)
    again = random_crops(pool, 32, 24, seed=11)
    assert np.array_equal(sample.images, again.images) and sample.origins == again.origins
    assert np.array_equal(random_crops(pool, 32, 30, seed=11).images[:24], sample.images)
    assert not np.array_equal(random_crops(pool, 32, 24, seed=12).images, sample.images)
    for image, origin in zip(sample.images, sample.origins):
        source = pool[origin.index].pixels
        assert np.array_equal(image, source[origin.top : origin.top + 32, origin.left : origin.left + 32])
        assert origin.credit is pool[origin.index].credit
        assert "crop" in str(origin)
    assert len({o.index for o in random_crops(pool, 16, 200, seed=1).origins}) == len(pool)


def test_grey_crops_are_the_luma_of_the_rgb_crops(pool):
    rgb = random_crops(pool, 16, 8, seed=3)
    grey = random_crops(pool, 16, 8, seed=3, grey=True)
    assert grey.images.shape == (8, 16, 16)
    assert np.array_equal(grey.images, to_grey(rgb.images))


def test_crops_skip_photos_that_are_too_small_and_explain_when_none_fit(pool):
    sample = random_crops(pool, 450, 10, seed=1)
    assert all(min(pool[o.index].pixels.shape[:2]) >= 450 for o in sample.origins)
    with pytest.raises(ValueError, match="largest square fits 872"):
        random_crops(pool, 900, 1, seed=1)
    with pytest.raises(ValueError, match="empty"):
        random_crops([], 8, 1, seed=1)


def test_an_upload_joins_the_pool_as_a_plain_array_or_photo():
    upload = np.arange(64 * 64 * 3, dtype=np.uint64).astype(np.uint8).reshape(64, 64, 3)
    photo = make_photo("your photo", upload)
    sample = random_crops([photo, upload[:, :, 0]], 8, 6, seed=2)
    for image, origin in zip(sample.images, sample.origins):
        assert origin.credit is None
        expected = upload if origin.index == 0 else np.repeat(upload[:, :, :1], 3, axis=2)
        assert np.array_equal(image, expected[origin.top : origin.top + 8, origin.left : origin.left + 8])


def test_whole_photos_are_seeded_resized_squares_then_closer_looks(pool):
    scenes = scene_photos(pool)
    count = 2 * len(scenes) + 5
    sample = whole_photos(pool, 24, count, seed=4)
    assert sample.images.shape == (count, 24, 24, 3)
    first = [o.index for o in sample.origins[: len(scenes)]]
    assert sorted(first) == sorted(pool.index(p) for p in scenes)  # each scene once before any closer look
    assert all(o.whole for o in sample.origins[: len(scenes)])
    assert not any(o.whole for o in sample.origins[len(scenes) :])
    assert [o.index for o in sample.origins[len(scenes) : 2 * len(scenes)]] == first  # then each closer
    assert np.array_equal(sample.images, whole_photos(pool, 24, count, seed=4).images)
    assert np.array_equal(whole_photos(pool, 24, count + 9, seed=4).images[:count], sample.images)
    for image, origin in zip(sample.images, sample.origins):
        source = pool[origin.index].pixels
        if origin.whole:
            assert np.array_equal(image, resize_photo(source, 24))
            continue
        side = min(source.shape[:2]) // 2
        assert origin.closer == side and f"its {side}×{side} square" in str(origin)
        square = source[origin.top : origin.top + side, origin.left : origin.left + side]
        assert square.shape[:2] == (side, side) and np.array_equal(image, resize_photo(square, 24))
    centre = sample.origins[len(scenes)]
    h, w = pool[centre.index].pixels.shape[:2]
    assert (centre.top, centre.left) == ((h - centre.closer) // 2, (w - centre.closer) // 2)
    assert len({(o.index, o.top, o.left) for o in sample.origins}) == count  # no cell repeats another
    assert whole_photos(pool, 24, 2, seed=4, grey=True).images.shape == (2, 24, 24)


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_whole_photos_show_only_scenes(pool, seed):
    """Review 11: the default real grid must read as photographs; grass, gravel, brick and the
    Hubble deep field read as noise at 32×32 (neighbour correlation 0.09–0.26) and stay out."""
    sample = whole_photos(pool, 32, 64, seed=seed)
    shown = {o.credit.key for o in sample.origins}
    assert shown == {"astronaut", "camera", "chelsea", "coffee", "rocket", "clock"}
    assert not any(reads_as_scene(p) for p in pool if p.credit.key in ("grass", "gravel", "brick"))


def test_a_pool_without_scenes_still_shows_its_photos(pool):
    textures = [p for p in pool if not reads_as_scene(p)]
    sample = whole_photos(textures, 16, len(textures), seed=0)
    assert sorted(o.index for o in sample.origins) == list(range(len(textures)))
    visitor = make_photo("your photo", np.zeros((20, 30, 3), np.uint8))  # flat: no correlation at all
    assert reads_as_scene(visitor)  # a visitor's own photo always shows, whatever it looks like
    assert whole_photos([*textures, visitor], 16, 1, 0).origins[0].index == len(textures)
