"""What a visitor sets on "How many images?": each kind of data's inputs, and its presets.

Plain data (no Streamlit): the page turns each field into a text box bound to the link
(:class:`lib.ui.NumberField`), and a preset fills every box of its kind at once. The limits
are the ones :mod:`lib.combinatorics` and :mod:`lib.modalities` count within, so that any
value a box accepts is counted fast.
"""

from __future__ import annotations

from lib import combinatorics as comb
from lib import modalities as mod

#: Each kind of data's inputs: (label, key in the link, default, lowest, highest, help).
Field = tuple[str, str, int, int, int, str | None]
FIELDS: dict[str, tuple[Field, ...]] = {
    "image": (
        ("Width (pixels)", "w", comb.DEFAULT.width, 1, comb.MAX_SIDE, None),
        ("Height (pixels)", "h", comb.DEFAULT.height, 1, comb.MAX_SIDE, None),
        ("Channels", "c", comb.DEFAULT.channels, 1, comb.MAX_CHANNELS, "1 = grey, 3 = RGB, 4 = RGBA"),
        ("Bits per channel", "bits", comb.DEFAULT.bits, 1, comb.MAX_BITS, "8 bits = 256 levels"),
    ),
    "text": (
        ("Vocabulary size", "vocab", 27, 2, mod.MAX_VOCABULARY, "27 = letters and space; 50,257 = GPT-2"),
        ("Length (symbols)", "tokens", 280, 1, mod.MAX_TOKENS, None),
    ),
    "audio": (
        ("Sample rate (Hz)", "rate", 44_100, 1, mod.MAX_SAMPLE_RATE, None),
        ("Bit depth", "depth", 16, 1, comb.MAX_BITS, None),
        ("Channels", "ach", 2, 1, mod.MAX_AUDIO_CHANNELS, None),
        ("Duration (s)", "secs", 180, 1, mod.MAX_SECONDS, None),
    ),
    "video": (
        ("Frame width", "vw", 1920, 1, mod.MAX_FRAME_SIDE, None),
        ("Frame height", "vh", 1080, 1, mod.MAX_FRAME_SIDE, None),
        ("Frames per second", "fps", 30, 1, mod.MAX_FPS, None),
        ("Duration (s)", "vsecs", 10, 1, mod.MAX_SECONDS, None),
        ("Bits per channel", "vbits", 8, 1, comb.MAX_BITS, None),
    ),
}


def image_values(image: comb.ImageFormat) -> dict[str, int]:
    """An image format as the values of the image inputs.

    >>> image_values(comb.DEFAULT)
    {'w': 2304, 'h': 4096, 'c': 3, 'bits': 8}
    """
    return {"w": image.width, "h": image.height, "c": image.channels, "bits": image.bits}


def presets(modality: str) -> list[tuple[str, dict[str, int], str]]:
    """The presets of one kind of data: (name, the values of its inputs, a note).

    >>> name, values, _ = presets("image")[0]
    >>> name, values == image_values(comb.DEFAULT)
    ('Phone photo (the post)', True)
    """
    if modality == "image":
        return [(p.name, image_values(p.image), p.note) for p in comb.PRESETS]
    return [(p.name, p.values, p.note) for p in mod.PRESETS[modality]]


def data_format(modality: str, v: dict[str, int]) -> tuple[mod.DataFormat, comb.ImageFormat | None]:
    """The data the inputs' values describe, and the image format when it is images.

    >>> data, image = data_format("text", {"vocab": 27, "tokens": 280})
    >>> data.levels, data.positions, image
    (27, 280, None)
    """
    if modality == "image":
        image = comb.ImageFormat(v["w"], v["h"], v["c"], v["bits"])
        return mod.image_data(image), image
    if modality == "text":
        return mod.text_data(v["vocab"], v["tokens"]), None
    if modality == "audio":
        return mod.audio_data(v["rate"], v["depth"], v["ach"], v["secs"]), None
    return mod.video_data(v["vw"], v["vh"], v["fps"], v["vsecs"], v["vbits"]), None


def preset_views() -> list[tuple[str, dict[str, int]]]:
    """Every preset of every kind of data, as (kind of data, the values of its inputs): the
    views a click away on "How many images?", whose figures a server can work out ahead.

    >>> views = preset_views()
    >>> views[0] == ("image", image_values(comb.DEFAULT)), {m for m, _ in views} == set(mod.MODALITIES)
    (True, True)
    """
    return [(modality, values) for modality in mod.MODALITIES for _, values, _ in presets(modality)]
