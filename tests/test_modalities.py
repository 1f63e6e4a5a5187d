"""lib.modalities: texts, sounds and videos counted with the images' exact arithmetic."""

from __future__ import annotations

from fractions import Fraction

import pytest
from conftest import html_blocks
from hypothesis import given, settings
from hypothesis import strategies as st
from mpmath import mp

from lib import combinatorics as comb
from lib import modalities as mod
from lib import reference_figures as ref
from lib.big_numbers import Magnitude


@given(st.integers(2, 60_000), st.integers(1, 300))
@settings(max_examples=100, deadline=None)
def test_text_count_matches_python_integer(vocabulary, tokens):
    text = str(vocabulary**tokens)
    facts = comb.count_facts(mod.text_data(vocabulary, tokens).count())
    assert (facts.digit_count, facts.leading, facts.trailing) == (len(text), text[:12], text[-12:])


@given(st.integers(1, 50), st.integers(1, 16), st.integers(1, 2), st.integers(1, 3))
@settings(max_examples=60, deadline=None)
def test_audio_and_video_counts_match_python_integers(rate, depth, channels, seconds):
    audio = mod.audio_data(rate, depth, channels, seconds)
    assert audio.count().exact_int(10**6) == (2**depth) ** (rate * channels * seconds)
    video = mod.video_data(rate % 5 + 1, channels, seconds, 1, depth % 8 + 1)
    assert video.count().exact_int(10**6) == (2 ** (depth % 8 + 1)) ** (
        (rate % 5 + 1) * channels * 3 * seconds
    )


def test_the_presets_of_the_issue():
    song = next(p for p in mod.AUDIO_PRESETS if p.key == "cd_song").data
    assert song.positions == 44_100 * 2 * 180 and song.levels == 65_536
    with mp.workdps(40):
        expected = int(mp.floor(song.positions * mp.log10(song.levels))) + 1
    assert comb.count_facts(song.count()).digit_count == expected == 76_466_436
    clip = next(p for p in mod.VIDEO_PRESETS if p.key == "clip_1080p").data
    assert clip.positions == 1920 * 1080 * 3 * 30 * 10
    gpt2 = [p for p in mod.TEXT_PRESETS if p.values["vocab"] == 50_257]
    assert {p.key for p in gpt2} >= {"tweet_tokens", "page_tokens", "novel_tokens"}
    assert {p.values["vocab"] for p in mod.TEXT_PRESETS} >= {27, 256, 50_257}


def test_corpus_windows_count_every_start():
    song = mod.audio_data(44_100, 16, 2, 180)
    whisper = next(c for c in mod.CORPORA if c.key == "whisper")
    assert whisper.windows(song) == Magnitude.of(680_000 * 3600 * 44_100)
    clip = mod.video_data(1920, 1080, 30, 10)
    howto = next(c for c in mod.CORPORA if c.key == "howto100m")
    assert howto.windows(clip) == Magnitude.of(131_490 * 3600 * 30)
    tweet = mod.text_data(50_257, 70)
    fineweb = next(c for c in mod.CORPORA if c.key == "fineweb")
    assert mod.corpus_coverage(tweet, fineweb) == Magnitude.of(15 * 10**12) / Magnitude.power(50_257, 70)
    assert fineweb.label == "15·10^12 tokens" and whisper.label == "680,000 hours"
    with pytest.raises(ValueError):
        fineweb.windows(song)


@given(st.integers(2, 100_000), st.integers(0, 300), st.sampled_from([-1, 0, 1, 2**39]))
@settings(max_examples=80, deadline=None)
def test_shortest_exceeding_against_brute_force(levels, k, offset):
    """Targets at a boundary, levels^k, a hair either side (levels^k·(1 ± 2^-40)) and between
    two (1.5·levels^k): a power that only equals its target must not be taken. (Built from
    their factors: a target such as 3·10^300 + 1 had ``Magnitude.of`` trial-divide for
    ~0.1 s an example, 95% of this test.)"""
    share = Fraction(2**40 + offset, 2**40)
    target = levels**k * share
    n = mod.shortest_exceeding(Magnitude.power(levels, k) * Magnitude.of(share), levels)
    assert levels**n > target and (n == 1 or levels ** (n - 1) <= target)


def test_shortest_text_beating_the_atoms():
    atoms = ref.ATOMS_IN_UNIVERSE.magnitude
    assert mod.shortest_exceeding(atoms, 50_257) == 18  # 18 GPT-2 tokens
    assert mod.shortest_exceeding(atoms, 27) == 56  # 56 letters
    assert mod.shortest_exceeding(atoms, 2**16) == 17  # 17 CD samples


def test_one_axis_holds_every_preset_and_no_bar_for_a_view_that_is_none():
    """A view that is no preset has no bar (words place it): the rows are the same for every
    such view, so a new size leaves the drawn chart as it is (issue 14)."""
    current = mod.text_data(27, 280)
    points = mod.one_axis(current, "this view")
    preset_count = len(comb.PRESETS) + sum(len(p) for p in mod.PRESETS.values())
    assert len(points) == preset_count and not any(p.current for p in points)
    assert points == mod.one_axis(mod.text_data(27, 281), "this view")
    film = next(p for p in points if p.name.startswith("A 2-hour 10-bit 4K film"))
    # 3840·2160·3·24·7200 values of 10 bits: 4,299,816,960,000 × log10(1024) digits, ~1.3·10^13
    assert film.digits == int(3840 * 2160 * 3 * 24 * 7200 * 10 * mp.log10(2)) + 1


def test_a_preset_view_is_its_own_bar_marked_not_a_second_one():
    """Review 7: the default view listed "Phone photo (the post)" twice."""
    preset = mod.TEXT_PRESETS[0]
    points = mod.one_axis(preset.data, preset.name)
    preset_count = len(comb.PRESETS) + sum(len(p) for p in mod.PRESETS.values())
    assert len(points) == preset_count
    assert [p.name for p in points].count(preset.name) == 1
    assert [(p.name, p.current) for p in points if p.current] == [(preset.name, True)]
    photo = mod.one_axis(mod.image_data(comb.DEFAULT), "Phone photo (the post)")
    assert [p.name for p in photo].count("Phone photo (the post)") == 1 and len(photo) == preset_count


@pytest.mark.parametrize(
    "make",
    [
        lambda: mod.text_data(1, 10),
        lambda: mod.text_data(27, 0),
        lambda: mod.text_data(27, 10**13),
        lambda: mod.audio_data(0, 16, 2, 1),
        lambda: mod.audio_data(44_100, 33, 2, 1),
        lambda: mod.video_data(1920, 1080, 0, 1),
        lambda: mod.video_data(10**6, 1, 1, 1),
        lambda: mod.text_data(27.5, 10),
    ],
)
def test_bad_formats_raise_value_error(make):
    with pytest.raises(ValueError):
        make()


def test_character_texts_against_token_corpora():
    """Issue 10, item 4: FineWeb's 15·10^12 tokens hold ~6·10^13 starting characters."""
    fineweb = next(c for c in mod.CORPORA if c.key == "fineweb")
    letters, tokens = mod.text_data(27, 280), mod.text_data(50_257, 70)
    assert letters.unit == "character" and tokens.unit == "token"
    assert fineweb.windows(letters) == Magnitude.of(60 * 10**12)
    assert fineweb.windows(tokens) == Magnitude.of(15 * 10**12)
    assert fineweb.windows_estimated(letters) and not fineweb.windows_estimated(tokens)


def test_one_axis_digits_are_exact():
    """Issue 10, item 7: digits = floor(log10) + 1, not round(log10)."""
    points = mod.one_axis(mod.image_data(comb.DEFAULT), "the post")
    photo = next(p for p in points if p.name == "Phone photo (the post)")
    assert photo.digits == 68_181_012
    tweet = next(p for p in points if p.name == "A tweet, in letters")
    assert tweet.digits == len(str(27**280))
    marked = mod.one_axis(mod.image_data(comb.DEFAULT), "Phone photo (the post)")
    assert [p.digits for p in marked if p.current] == [68_181_012]


def test_film_preset_is_10_bit():
    """Issue 10, item 10: BT.2020 has no 8-bit coding."""
    film = next(p for p in mod.VIDEO_PRESETS if p.key == "film_4k")
    assert film.values["vbits"] == 10 and "8-bit" not in film.note


#: The page's opening sentence for each kind of data's default view (review 7: the text view
#: read "Every possible 280 characters from a vocabulary of 27 text: …").
OPENING_SENTENCES = {
    "image": "Every possible 2,304×4,096 RGB 8-bit image:",
    "text": "Every possible 280-character text, each character one of 27 symbols:",
    "audio": "Every possible 180-second stereo sound, 44,100 samples a second, 16 bits a sample:",
    "video": "Every possible 10-second video of 1,920×1,080 frames, 30 frames a second, 8 bits a channel:",
}


def test_every_kind_of_data_opens_with_a_sentence(open_page):
    for modality, sentence in OPENING_SENTENCES.items():
        at = open_page("pages/1_Combinatorics.py", m=modality)
        assert not at.exception
        intro = next(h for h in html_blocks(at) if 'class="intro"' in h)
        assert f"{sentence} one choice of a value at every position." in intro, intro


def test_token_texts_and_odd_channel_counts_read_as_sentences():
    assert mod.text_data(50_257, 70).phrase == "70-token text, each token one of 50,257 in the vocabulary"
    assert mod.audio_data(8_000, 8, 1, 60).phrase.startswith("60-second mono sound")
    assert mod.audio_data(48_000, 24, 6, 5).phrase.startswith("5-second 6-channel sound")


def test_the_shortest_video_card_says_what_a_value_is():
    """Review 7: "The shortest one that beats the universe: 34 values" was unclear."""
    from lib import count_cards

    clip = mod.PRESETS["video"][0].data
    card = count_cards.smallest_card(clip, None)
    n = mod.shortest_exceeding(ref.ATOMS_IN_UNIVERSE.magnitude, 256)
    assert n == 34 and "A value is one colour channel of one pixel of one frame, one of 256 levels" in card
    assert "34 values (of the 6,220,800 in one frame) already have more possible settings" in card
