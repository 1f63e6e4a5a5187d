"""The deck itself: its steps, the clicker's keys, and what a link asks for.

Plain data: :data:`STEPS` says what each step claims and which full page explores it,
:data:`DECK_KEYS` which key moves the deck where (a Streamlit button takes one shortcut,
so each key is a button). Parsing a link never fails: a bad value becomes a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lib.combinatorics import ImageFormat
from lib.reference_figures import PHONE_PHOTO_HEIGHT, PHONE_PHOTO_WIDTH
from lib.talk.noise import DEFAULT_SIDE, SIDES


@dataclass(frozen=True)
class Step:
    """One screen of the talk: its claim, and the full page that explores it."""

    number: int
    key: str
    title: str
    page: str  # path for st.page_link
    page_label: str


STEPS: tuple[Step, ...] = (
    Step(
        1,
        "count",
        "A phone photo is one of an unimaginable number",
        "pages/1_Combinatorics.py",
        "Count any size",
    ),
    Step(2, "atoms", "It dwarfs the atoms of the universe", "pages/1_Combinatorics.py", "More yardsticks"),
    Step(3, "speck", "Every dataset is a vanishing speck of it", "pages/1_Combinatorics.py", "Every dataset"),
    Step(4, "noise", "A random image is noise", "pages/2_Sampling.py", "More noise and photos"),
    Step(5, "odds", "The odds that noise ever looks like a photo", "pages/2_Sampling.py", "The statistics"),
    Step(
        6, "room", "This room is searching too: still only noise", "pages/2_Sampling.py", "The room's search"
    ),
    Step(
        7, "bits", "A model learns structure instead, measured in bits", "pages/3_Learning.py", "The models"
    ),
    Step(8, "conclusion", "So a model cannot memorise: it must learn", "streamlit_app.py", "The argument"),
)


@dataclass(frozen=True)
class DeckKey:
    """One key of the clicker: a button (Streamlit gives a button one shortcut), visible when it
    has a label, and where it takes the deck."""

    name: str
    shortcut: str
    move: str  # "first", "back", "next" or "last"
    label: str | None = None  # None: a hidden button, the key alone
    icon: str | None = None

    def destination(self, current: int) -> int:
        """The step this key leads to from ``current`` (the deck stops at its ends).

        >>> [key.destination(1) for key in DECK_KEYS]
        [1, 1, 2, 8, 2, 2, 1]
        """
        target = {"first": 1, "back": current - 1, "next": current + 1, "last": len(STEPS)}[self.move]
        return min(max(target, 1), len(STEPS))


#: Next: PageDown (what clickers send), Right, Space; back: PageUp, Left; Home and End: the ends.
#: The four with labels come first: they are the visible controls.
DECK_KEYS: tuple[DeckKey, ...] = (
    DeckKey("first", "Home", "first", "First", "first_page"),
    DeckKey("back", "PageUp", "back", "Back", "chevron_left"),
    DeckKey("next", "PageDown", "next", "Next", "chevron_right"),
    DeckKey("last", "End", "last", "Last", "last_page"),
    DeckKey("right", "Right", "next"),
    DeckKey("space", "Space", "next"),
    DeckKey("left", "Left", "back"),
)


def step_from_link(values: list[str]) -> tuple[int, str | None]:
    """The 1-based step a ``?step=`` link asks for, and a message when it cannot be used.

    A missing step is step 1 without a message; anything that is not a whole number from
    1 to the number of steps is step 1 with a sentence saying why (the visitor's text is
    cut to 40 characters, and the caller must still escape it).

    >>> step_from_link(["3"])
    (3, None)
    >>> step_from_link([])
    (1, None)
    >>> step_from_link(["99"])[0]
    1
    """
    if not values:
        return 1, None
    text = values[-1].strip()
    if text.isascii() and text.isdigit() and 1 <= int(text) <= len(STEPS):
        repeated = len(values) > 1
        return int(text), (f"The link gives step more than once; showing step {text}." if repeated else None)
    return 1, f"There is no step “{text[:40]}”: the talk has steps 1 to {len(STEPS)}. Showing step 1."


MAX_IMAGE_SIDE = 1_000_000
#: The post's photo's size as a link spells it (``?image=2304x4096``): the size input's default.
POST_IMAGE_SIZE = f"{PHONE_PHOTO_WIDTH}x{PHONE_PHOTO_HEIGHT}"
_SIZE_TEXT = re.compile(r"\s*(\d{1,7})\s*(?:[x×*,]\s*(\d{1,7}))?\s*")


def parse_image_size(text: str) -> tuple[int, int]:
    """'2304x4096', '2304 × 4096' or '28' (a square) as (width, height).

    >>> parse_image_size("2304×4096"), parse_image_size(" 28 ")
    ((2304, 4096), (28, 28))
    >>> parse_image_size("0x5")
    Traceback (most recent call last):
    ...
    ValueError: Each side must be a whole number from 1 to 1,000,000 pixels, got 0×5.
    """
    match = _SIZE_TEXT.fullmatch(text)
    if not match:
        raise ValueError(
            f"“{text[:40]}” is not an image size: write width×height, such as 2304x4096, or one side, such as 28"
        )
    width = int(match.group(1))
    height = int(match.group(2) or match.group(1))
    if not (1 <= width <= MAX_IMAGE_SIDE and 1 <= height <= MAX_IMAGE_SIDE):
        raise ValueError(
            f"Each side must be a whole number from 1 to {MAX_IMAGE_SIDE:,} pixels, got {width}×{height}."
        )
    return width, height


def image_format(typed: str, colour: str) -> tuple[ImageFormat, str | None]:
    """The image of steps 1–3 from its two inputs: a size as text (see :func:`parse_image_size`)
    and ``"grey"`` or else RGB, 8 bits a value. A size that cannot be used gives the post's
    photo's size, and the reason and what is shown instead (for the caller to escape and show).

    >>> image_format("28", "grey")
    (ImageFormat(width=28, height=28, channels=1, bits=8), None)
    >>> image, problem = image_format("0x5", "rgb")
    >>> image.describe(), problem.startswith("Each side")
    ('2,304×4,096 RGB 8-bit', True)
    >>> image_format("big", "rgb")[1].endswith("such as 28. Showing the post's 2304×4096.")
    True
    """
    channels = 1 if colour == "grey" else 3
    try:
        width, height = parse_image_size(typed or "")
    except ValueError as error:
        shown = f"Showing the post's {PHONE_PHOTO_WIDTH}×{PHONE_PHOTO_HEIGHT}."
        return ImageFormat(
            PHONE_PHOTO_WIDTH, PHONE_PHOTO_HEIGHT, channels, 8
        ), f"{str(error).rstrip('.')}. {shown}"
    return ImageFormat(width, height, channels, 8), None


def chart_inputs(image: str, colour: str, side: str, *, models: bool) -> dict[str, object]:
    """What each chart step's chart is drawn for, from what its inputs hold (as typed, or as
    a link gives them): steps 1–3's image (see :func:`image_format`) for step 2's chart, steps
    4–5's side (one of :data:`~lib.talk.noise.SIDES`, else the default) for step 5's. Step 7's
    fitted models take no input (None); ``models=False`` leaves them out (no fit yet). The
    page draws each of these charts once, so a key press shows one instead of sending it.

    >>> chart_inputs("28", "grey", "1e9", models=False)
    {'atoms': ImageFormat(width=28, height=28, channels=1, bits=8), 'odds': 32}
    >>> chart_inputs("2304x4096", "rgb", "16", models=True)["odds"]
    16
    """
    views: dict[str, object] = {
        "atoms": image_format(image, colour)[0],
        "odds": int(side) if side in {str(s) for s in SIDES} else DEFAULT_SIDE,
    }
    return views | {"bits": None} if models else views


def seed_from_link(values: list[str]) -> int:
    """The seed a ``?seed=`` link gives (0 to 2^32 − 1); anything else is 0.

    >>> seed_from_link(["7"]), seed_from_link(["-1"]), seed_from_link([]), seed_from_link(["9" * 50])
    (7, 0, 0, 0)
    """
    text = values[-1].strip() if values else ""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 10 and int(text) < 2**32 else 0
