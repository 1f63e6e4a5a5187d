"""Which photos read as scenes in a thumbnail (lib.photo_scenes)."""

from __future__ import annotations

import numpy as np
import pytest

from lib.photo_corpus import load_corpus, make_photo
from lib.photo_scenes import reads_as_scene, scene_photos
from lib.statistics import correlation


def test_the_textures_and_the_star_field_do_not_read_as_scenes():
    pool = load_corpus()
    assert {p.credit.key for p in pool if not reads_as_scene(p)} == {
        "hubble_deep_field",
        "grass",
        "gravel",
        "brick",
    }
    assert scene_photos(pool) == [p for p in pool if reads_as_scene(p)]


def test_a_shipped_photos_verdict_is_worked_out_once(monkeypatch):
    """A new draw asks every photo of the pool again: the verdict is kept with its resizes."""
    calls = []
    measure = correlation.neighbour_correlations
    monkeypatch.setattr(correlation, "neighbour_correlations", lambda x: calls.append(1) or measure(x))
    photo = load_corpus()[0]  # a fresh load: arrays nothing has been asked of yet
    assert [reads_as_scene(photo) for _ in range(3)] == [True] * 3
    assert len(calls) == 1


def test_a_visitors_photo_always_reads_as_a_scene_and_a_pool_of_textures_is_kept_whole():
    visitor = make_photo("your photo", np.zeros((20, 30, 3), np.uint8))  # flat: no correlation at all
    assert reads_as_scene(visitor)
    textures = [p for p in load_corpus() if p.credit.key in ("grass", "gravel")]
    assert scene_photos(textures) == textures


def test_what_is_not_a_photo_of_the_pool_is_a_clear_error():
    with pytest.raises(ValueError, match="only a Photo"):
        reads_as_scene(np.zeros((8, 8, 3), np.uint8))  # type: ignore[arg-type]
