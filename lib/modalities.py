"""The same count for text, audio and video.

Every kind of digital data is a choice of one of ``levels`` values at each of
``positions`` places: a token from a vocabulary at each position of a text, one of
2^bits levels for each sample of a sound, for each channel of each pixel of each frame
of a video. So the number of possible texts, sounds or videos is ``levels**positions``,
counted with the same exact arithmetic as images (:mod:`lib.big_numbers`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from math import log10

from lib import combinatorics as comb
from lib.big_numbers import Magnitude
from lib.validation import check_whole_number

MODALITIES = ("image", "text", "audio", "video")
MODALITY_LABELS = {"image": "Images", "text": "Text", "audio": "Audio", "video": "Video"}

# Limits keep inputs meaningful; the arithmetic itself is exact at any size.
MAX_VOCABULARY = 10**7
MAX_TOKENS = 10**12
MAX_SAMPLE_RATE = 10**7
MAX_SECONDS = 10**9  # about 32 years
MAX_AUDIO_CHANNELS = 64
MAX_FRAME_SIDE = 10**5
MAX_FPS = 1000


#: Vocabularies this small are characters (letters, bytes); larger ones are tokens.
LARGEST_CHARACTER_SET = 256
#: Characters per GPT-2 token in English prose: OpenAI's rule of thumb (an estimate).
CHARACTERS_PER_TOKEN = 4


@dataclass(frozen=True)
class DataFormat:
    """One kind of data: ``levels`` choices at each of ``positions`` places."""

    modality: str
    levels: int
    positions: int
    description: str
    #: how many positions one unit of the natural size holds (tokens, seconds, frames)
    positions_per_unit: int
    unit: str  # "symbol", "second", "frame", "image"
    #: clips that can start within one second of a recording (sample rate, frame rate)
    starts_per_second: int = 0
    #: one example as a noun phrase, to follow "Every possible" ("280-character text, …")
    phrase: str = ""

    def count(self) -> Magnitude:
        return Magnitude.power(self.levels, self.positions)

    def log10_count(self) -> float:
        """log10 of the count as a float, for charts (a log never overflows)."""
        return self.positions * log10(self.levels)


def image_data(image: comb.ImageFormat) -> DataFormat:
    description = image.describe()
    return DataFormat(
        "image", image.levels, image.values, description, image.values, "image", 0, f"{description} image"
    )


def text_data(vocabulary: int, tokens: int) -> DataFormat:
    """Texts of ``tokens`` symbols, each one of ``vocabulary`` (letters, bytes or tokens).

    Up to :data:`LARGEST_CHARACTER_SET` symbols the text counts characters, above it tokens:
    that decides how a corpus measured in tokens is compared with it.
    """
    check_whole_number(vocabulary, "vocabulary", 2, MAX_VOCABULARY)
    check_whole_number(tokens, "length", 1, MAX_TOKENS)
    unit = "character" if vocabulary <= LARGEST_CHARACTER_SET else "token"
    each = f"{vocabulary:,} symbols" if unit == "character" else f"{vocabulary:,} in the vocabulary"
    return DataFormat(
        "text",
        vocabulary,
        tokens,
        f"{tokens:,} {unit}s from a vocabulary of {vocabulary:,}",
        1,
        unit,
        phrase=f"{tokens:,}-{unit} text, each {unit} one of {each}",
    )


_LAYOUTS = {1: "mono", 2: "stereo"}


def audio_data(sample_rate: int, bit_depth: int, channels: int, seconds: int) -> DataFormat:
    """Sounds: ``seconds`` of ``channels`` channels sampled ``sample_rate`` times a second."""
    check_whole_number(sample_rate, "sample rate", 1, MAX_SAMPLE_RATE)
    check_whole_number(bit_depth, "bit depth", 1, comb.MAX_BITS)
    check_whole_number(channels, "channels", 1, MAX_AUDIO_CHANNELS)
    check_whole_number(seconds, "duration", 1, MAX_SECONDS)
    per_second = sample_rate * channels
    return DataFormat(
        "audio",
        2**bit_depth,
        per_second * seconds,
        f"{seconds:,} s at {sample_rate:,} Hz, {bit_depth}-bit, {channels} channel{'s' * (channels > 1)}",
        per_second,
        "second",
        sample_rate,
        f"{seconds:,}-second {_LAYOUTS.get(channels, f'{channels}-channel')} sound, "
        f"{sample_rate:,} samples a second, {bit_depth} bits a sample",
    )


def video_data(
    width: int, height: int, fps: int, seconds: int, bits: int = 8, channels: int = 3
) -> DataFormat:
    """Videos: ``seconds`` at ``fps`` frames of ``width × height`` pixels (no sound)."""
    check_whole_number(width, "frame width", 1, MAX_FRAME_SIDE)
    check_whole_number(height, "frame height", 1, MAX_FRAME_SIDE)
    check_whole_number(fps, "frame rate", 1, MAX_FPS)
    check_whole_number(seconds, "duration", 1, MAX_SECONDS)
    check_whole_number(bits, "bits", 1, comb.MAX_BITS)
    check_whole_number(channels, "channels", 1, 4)
    per_frame = width * height * channels
    return DataFormat(
        "video",
        2**bits,
        per_frame * fps * seconds,
        f"{seconds:,} s of {width:,}×{height:,} at {fps} fps, {bits}-bit",
        per_frame,
        "frame",
        fps,
        f"{seconds:,}-second video of {width:,}×{height:,} frames, {fps} frames a second, "
        f"{bits} bits a channel",
    )


@dataclass(frozen=True)
class ModalityPreset:
    key: str
    name: str
    values: dict[str, int]  # the page's input keys and their values
    data: DataFormat
    note: str


def _text(key, name, vocabulary, tokens, note):
    return ModalityPreset(
        key, name, {"vocab": vocabulary, "tokens": tokens}, text_data(vocabulary, tokens), note
    )


def _audio(key, name, rate, depth, channels, seconds, note):
    return ModalityPreset(
        key,
        name,
        {"rate": rate, "depth": depth, "ach": channels, "secs": seconds},
        audio_data(rate, depth, channels, seconds),
        note,
    )


def _video(key, name, width, height, fps, seconds, bits, note):
    return ModalityPreset(
        key,
        name,
        {"vw": width, "vh": height, "fps": fps, "vsecs": seconds, "vbits": bits},
        video_data(width, height, fps, seconds, bits),
        note,
    )


# Token counts for prose use OpenAI's rule of thumb, ~4 characters or 0.75 words per token:
# an estimate, said so on the page.
TEXT_PRESETS = (
    _text(
        "tweet_letters", "A tweet, in letters", 27, 280, "280 characters, each one of 26 letters or a space"
    ),
    _text("tweet_bytes", "A tweet, in bytes", 256, 280, "280 characters as 8-bit bytes"),
    _text(
        "tweet_tokens",
        "A tweet, in GPT-2 tokens",
        50_257,
        70,
        "GPT-2's 50,257-token vocabulary (Radford et al. 2019); 280 characters ≈ 70 tokens "
        "(estimate: ~4 characters per token)",
    ),
    _text(
        "page_tokens",
        "A page, in GPT-2 tokens",
        50_257,
        667,
        "a 500-word page ≈ 667 tokens (estimate: ~0.75 words per token)",
    ),
    _text(
        "novel_tokens",
        "A novel, in GPT-2 tokens",
        50_257,
        133_333,
        "a 100,000-word novel ≈ 133,333 tokens (estimate: ~0.75 words per token)",
    ),
    _text(
        "sentence_letters",
        "A 100-letter sentence",
        27,
        100,
        "the post's example: you cannot learn English by memorising every sentence",
    ),
)
AUDIO_PRESETS = (
    _audio(
        "cd_song",
        "A 3-minute CD-quality song",
        44_100,
        16,
        2,
        180,
        "Red Book CD audio: 44.1 kHz, 16-bit, stereo (IEC 60908)",
    ),
    _audio(
        "phone_call",
        "A 1-minute phone call",
        8_000,
        8,
        1,
        60,
        "G.711 telephony: 8 kHz, 8-bit, mono (ITU-T G.711)",
    ),
    _audio(
        "speech_clip",
        "A 10-second speech clip (16 kHz)",
        16_000,
        16,
        1,
        10,
        "the usual format of speech-recognition corpora such as LibriSpeech",
    ),
)
VIDEO_PRESETS = (
    _video(
        "clip_1080p",
        "A 10-second 1080p clip at 30 fps",
        1920,
        1080,
        30,
        10,
        8,
        "Full HD (ITU-R BT.709), 8-bit RGB, 30 frames per second",
    ),
    _video(
        "gif", "A 3-second 320×240 GIF-sized clip at 10 fps", 320, 240, 10, 3, 8, "a small looping animation"
    ),
    _video(
        "film_4k",
        "A 2-hour 10-bit 4K film at 24 fps",
        3840,
        2160,
        24,
        7200,
        10,
        "UHD-1 (ITU-R BT.2020, which defines 10- and 12-bit coding), 10-bit RGB, 24 frames per second",
    ),
)
PRESETS = {"text": TEXT_PRESETS, "audio": AUDIO_PRESETS, "video": VIDEO_PRESETS}


# -- corpora: how many distinct examples of a format a corpus can hold at most ------------------
@dataclass(frozen=True)
class Corpus:
    key: str
    modality: str
    name: str
    amount: str  # an exact decimal string
    unit: str  # "tokens", "hours", "images"
    source: str
    estimate: bool = False

    @property
    def label(self) -> str:
        """'960 hours', '15·10^12 tokens': the amount as its source states it."""
        mantissa, _, exponent = self.amount.partition("e")
        number = f"{mantissa}·10^{exponent}" if exponent else f"{int(mantissa):,}"
        return f"{'~' if self.estimate else ''}{number} {self.unit}"

    def windows(self, data: DataFormat) -> Magnitude:
        """The most distinct examples of ``data`` the corpus can contain.

        Generously, every starting point counts: a text corpus of T tokens holds at most T
        different passages of tokens, and about 4·T of characters (it has ~4 characters
        per token, so ~4·T starting characters: an estimate, see :meth:`windows_estimated`);
        an audio corpus one clip per starting sample, a video corpus one per starting frame.
        """
        if data.modality != self.modality:
            raise ValueError(f"{self.name} holds {self.modality}, not {data.modality}")
        amount = Magnitude.of(self.amount)
        if self.unit == "hours":
            return amount * 3600 * data.starts_per_second
        if self.unit == "tokens" and data.unit == "character":
            return amount * CHARACTERS_PER_TOKEN
        return amount

    def windows_estimated(self, data: DataFormat) -> bool:
        """Whether :meth:`windows` rests on an estimate (the corpus's own, or characters per token)."""
        return self.estimate or (self.unit == "tokens" and data.unit == "character")


CORPORA = (
    Corpus(
        "fineweb",
        "text",
        "FineWeb",
        "15e12",
        "tokens",
        "Penedo et al., 'The FineWeb Datasets' (2024): 15 trillion GPT-2 tokens of web text",
    ),
    Corpus(
        "redpajama2",
        "text",
        "RedPajama-Data-v2",
        "30e12",
        "tokens",
        "Together AI, 'RedPajama-Data-v2' (2023): 30 trillion filtered, deduplicated tokens",
    ),
    Corpus(
        "librispeech",
        "audio",
        "LibriSpeech (training)",
        "960",
        "hours",
        "Panayotov et al., 'LibriSpeech', ICASSP 2015: 960 hours of read English",
    ),
    Corpus(
        "whisper",
        "audio",
        "Whisper's training audio",
        "680000",
        "hours",
        "Radford et al., 'Robust Speech Recognition via Large-Scale Weak Supervision' (2022): 680,000 hours",
    ),
    Corpus(
        "howto100m",
        "video",
        "HowTo100M",
        "131490",
        "hours",
        "Miech et al., ICCV 2019: 136M clips from 1.2M YouTube videos, '15 years of video' (15 × 8,766 h)",
        estimate=True,
    ),
)


def corpora_for(modality: str) -> tuple[Corpus, ...]:
    return tuple(c for c in CORPORA if c.modality == modality)


def corpus_coverage(data: DataFormat, corpus: Corpus) -> Magnitude:
    """The largest share of all possible examples a corpus could hold."""
    return corpus.windows(data) / data.count()


def shortest_exceeding(target: Magnitude, levels: int) -> int:
    """The fewest positions n with levels^n > target (decided exactly)."""
    if levels < 2:
        raise ValueError("levels must be at least 2")
    per = log10(levels)
    n = max(1, int(float(target.log10(6)) / per) - 1)
    while n > 1 and Magnitude.power(levels, n - 1).compare(target) > 0:
        n -= 1
    while Magnitude.power(levels, n).compare(target) <= 0:
        n += 1
    return n


@dataclass(frozen=True)
class AxisPoint:
    name: str
    modality: str
    digits: int  # the count's number of decimal digits, exactly: floor(log10(count)) + 1
    current: bool


def _point(name: str, data: DataFormat, current: bool = False) -> AxisPoint:
    return AxisPoint(name, data.modality, comb.count_facts(data.count()).digit_count, current)


def one_axis(current: DataFormat, current_name: str) -> list[AxisPoint]:
    """Every preset of every modality with its exact digit count, the current view's own bar
    marked when the view is a preset (review 7: "Phone photo (the post)" was listed twice).

    A view that is no preset has no bar (:func:`lib.count_figures.axis_place_html` says where
    it falls): the chart's rows are then the same for every such view, so a new size leaves
    the drawn chart as it is; new rows cost the browser ~15–30 ms on every rerun.
    """
    here = _point(current_name, current, True)
    same = (here.name, here.modality, here.digits)
    return [here if (p.name, p.modality, p.digits) == same else p for p in _presets_on_axis()]


@lru_cache(maxsize=1)
def _presets_on_axis() -> tuple[AxisPoint, ...]:
    points = [_point(p.name, image_data(p.image)) for p in comb.PRESETS]
    return tuple(points + [_point(p.name, p.data) for presets in PRESETS.values() for p in presets])


def preset_digits() -> tuple[int, ...]:
    """The digit counts of every bar of the one-axis chart (every preset), the same for every
    view: what its axis spans.

    >>> len(preset_digits()) == len(one_axis(image_data(comb.DEFAULT), "")) and min(preset_digits()) > 0
    True
    """
    return tuple(p.digits for p in _presets_on_axis())
