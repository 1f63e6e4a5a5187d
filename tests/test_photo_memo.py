"""Answers kept per read-only photo (lib.photo_memo): once each, never for a writeable array,
and bounded by bytes and by entries."""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pytest

from lib import photo_memo


def read_only(shape=(4, 4)):
    photo = np.zeros(shape, np.uint8)
    photo.flags.writeable = False
    return photo


def counting(value):
    calls = []

    def answer():
        calls.append(1)
        return value() if callable(value) else value

    return answer, calls


def test_an_answer_is_worked_out_once_per_read_only_photo_and_question():
    photo, other = read_only(), read_only()
    answer, calls = counting(7)
    assert [photo_memo.kept(photo, "q", answer) for _ in range(3)] == [7, 7, 7]
    assert len(calls) == 1
    photo_memo.kept(photo, "another question", answer)
    photo_memo.kept(other, "q", answer)  # an equal photo is another photo
    assert len(calls) == 3


def test_a_writeable_photo_is_asked_again_every_time():
    photo = np.zeros((4, 4), np.uint8)
    answer, calls = counting(lambda: float(photo.sum()))
    assert photo_memo.kept(photo, "sum", answer) == 0.0
    photo[0, 0] = 5  # a visitor's array can change under the same identity
    assert photo_memo.kept(photo, "sum", answer) == 5.0 and len(calls) == 2


def test_a_kept_array_is_read_only_and_shared():
    photo = read_only()
    first = photo_memo.kept(photo, "copy", lambda: np.ones(3))
    assert not first.flags.writeable and photo_memo.kept(photo, "copy", lambda: np.zeros(3)) is first


def test_an_entry_keeps_its_photo_alive_so_its_identity_is_not_reused():
    photo = read_only()
    alive = weakref.ref(photo)
    photo_memo.kept(photo, "kept alive", lambda: True)
    del photo
    gc.collect()
    assert alive() is not None


def test_the_least_recently_used_answers_go_first_past_the_bytes_kept(monkeypatch):
    monkeypatch.setattr(photo_memo, "BYTES_KEPT", 2500)
    photos = [read_only() for _ in range(3)]
    answer, calls = counting(lambda: np.zeros(1000, np.uint8))
    photo_memo.kept(photos[0], "kilobyte", answer)
    photo_memo.kept(photos[1], "kilobyte", answer)
    photo_memo.kept(photos[0], "kilobyte", answer)  # used again: now the most recent
    photo_memo.kept(photos[2], "kilobyte", answer)  # 3,000 bytes: the oldest goes, photo 1's
    assert len(calls) == 3
    photo_memo.kept(photos[0], "kilobyte", answer)
    photo_memo.kept(photos[2], "kilobyte", answer)
    assert len(calls) == 3
    photo_memo.kept(photos[1], "kilobyte", answer)
    assert len(calls) == 4


def test_answers_without_bytes_are_bounded_by_their_count(monkeypatch):
    monkeypatch.setattr(photo_memo, "ENTRIES_KEPT", 2)
    photos = [read_only() for _ in range(3)]
    answer, calls = counting(True)
    for photo in [*photos, photos[2], photos[1], photos[0]]:
        photo_memo.kept(photo, "verdict", answer)
    assert len(calls) == 4  # photo 0 was dropped for photo 2, then asked again


def test_what_is_not_a_pixel_array_is_a_clear_error():
    with pytest.raises(ValueError, match="pixel array"):
        photo_memo.kept([[0, 0]], "q", lambda: 1)
