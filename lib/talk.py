"""The talk: the post's argument as numbered steps, each with the numbers its screen shows.

Plain data and plain Python (no Streamlit): :data:`STEPS` says what each step claims and
which full page explores it; one function per step computes its figures from the exact
arithmetic of :mod:`lib.combinatorics`, the photos of :mod:`lib.photo_corpus`, the noise
bound of the image statistics and the fitted ladder of density models. The page
``pages/4_Talk.py`` only lays them out, one claim and its picture per 16:9 screen.

The slow part, fitting the ladder (~1 s), runs once per process in a background thread
started when the deck opens (:func:`start_model_fit`), so the model step never makes the
audience wait.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from lib import combinatorics as comb
from lib import photo_corpus as corpus
from lib import reference_figures as ref
from lib.big_numbers import Scientific
from lib.density import LadderResult, effective_space
from lib.statistics import adjacent_pixel_correlations, noise_correlation_bound


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
    Step(5, "odds", "Noise will never look like a photo", "pages/2_Sampling.py", "The statistics"),
    Step(
        6, "bits", "A model learns structure instead, measured in bits", "pages/3_Learning.py", "The models"
    ),
    Step(7, "conclusion", "So a model cannot memorise: it must learn", "streamlit_app.py", "The argument"),
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
        [1, 1, 2, 7, 2, 2, 1]
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


# -- steps 1 to 3: the count ------------------------------------------------------------------
#: A dense printed page holds about 3,000 characters; a thick book 400 pages (a stated
#: assumption, for a sense of scale only).
DIGITS_PER_PAGE = 3_000
PAGES_PER_BOOK = 400
#: Digits of the count shown at its start and at its end; a count with no more digits than
#: both together is shown whole.
LEADING_DIGITS, TRAILING_DIGITS = 1_100, 300
#: Zeros of the dataset's share written out before "… more zeros …".
ZEROS_SHOWN = 1_300


def books_to_print(digits: int) -> int:
    """How many 400-page books of 3,000 digits a page it takes to print ``digits`` digits.

    >>> books_to_print(68_181_012)
    57
    >>> books_to_print(81)
    1
    """
    return -(-digits // (DIGITS_PER_PAGE * PAGES_PER_BOOK))


MAX_IMAGE_SIDE = 1_000_000
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


def plural(n: int, word: str) -> str:
    """'1 book', '57 books'.

    >>> plural(1, "book"), plural(1_234, "book")
    ('1 book', '1,234 books')
    """
    return f"{n:,} {word}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class CountFigures:
    image: comb.ImageFormat
    scientific: Scientific
    digit_count: int
    by_levels: str  # '256^28,311,552'
    books: int
    leading: str  # the first digits of the count, exact
    trailing: str  # and its last ones


def photo_count(image: comb.ImageFormat = comb.DEFAULT) -> CountFigures:
    """Step 1: how many images of this format exist (exact), and how long the number is.

    >>> figures = photo_count()
    >>> figures.scientific.mantissa, figures.scientific.exponent, figures.digit_count
    ('1.0149', 68181011, 68181012)
    >>> figures.leading[:5], figures.trailing[-5:]
    ('10148', '09536')
    >>> photo_count(comb.ImageFormat(2, 1, 1, 8)).leading  # 256² = 65,536, shown whole
    '65536'

    """
    count = comb.count_images(image)
    facts = comb.count_facts(count)
    if facts.digit_count <= LEADING_DIGITS + TRAILING_DIGITS:
        leading, trailing = count.leading_digits(facts.digit_count), ""
    else:
        leading, trailing = count.leading_digits(LEADING_DIGITS), count.trailing_digits(TRAILING_DIGITS)
    return CountFigures(
        image,
        facts.scientific,
        facts.digit_count,
        comb.powers_text(image)[0],
        books_to_print(facts.digit_count),
        leading,
        trailing,
    )


@dataclass(frozen=True)
class AtomsFigures:
    photo_digits: int
    atoms_digits: int
    times_more: Scientific  # photos per atom
    nesting: int  # universes of universes of atoms needed to reach the count


def against_atoms(image: comb.ImageFormat = comb.DEFAULT) -> AtomsFigures:
    """Step 2: the count against the ~10^80 atoms of the observable universe (an estimate).

    >>> figures = against_atoms()
    >>> figures.atoms_digits, figures.times_more.mantissa, figures.times_more.exponent
    (81, '1.01', 68180931)
    """
    count = comb.count_images(image)
    atoms = ref.ATOMS_IN_UNIVERSE
    return AtomsFigures(
        count.digit_count(),
        atoms.magnitude.digit_count(),
        comb.times_more_than(count, atoms).scientific(3),
        comb.nested_yardsticks_needed(count, atoms),
    )


@dataclass(frozen=True)
class SpeckFigures:
    dataset: ref.Reference
    share: Scientific  # the share of the space the dataset covers
    zeros: int  # zeros after the decimal point before the share's first digit
    books_of_zeros: int


def dataset_speck(
    image: comb.ImageFormat = comb.DEFAULT, dataset: ref.Reference = ref.LAION_5B
) -> SpeckFigures:
    """Step 3: the share of the space the largest dataset covers, written as a decimal.

    >>> figures = dataset_speck()
    >>> figures.share.mantissa, figures.share.exponent, figures.zeros
    ('5.76', -68181002, 68181001)
    """
    share = comb.dataset_coverage(comb.count_images(image), dataset)
    if share.log10_sign() >= 0:
        return SpeckFigures(dataset, share.scientific(3), 0, 0)
    zeros = -share.floor_log10() - 1
    return SpeckFigures(dataset, share.scientific(3), zeros, books_to_print(zeros))


def digits_wall_html(figures: CountFigures) -> str:
    """The count's first and last digits with how many are left out between (our own digits only).

    >>> digits_wall_html(photo_count(comb.ImageFormat(2, 1, 1, 8)))
    '<p class="talk-wall">65536</p>'
    """
    hidden = figures.digit_count - len(figures.leading) - len(figures.trailing)
    middle = f" <b>… {hidden:,} more digits …</b> " if hidden > 0 else ""
    return f'<p class="talk-wall">{figures.leading}{middle}{figures.trailing}</p>'


def zeros_wall_html(figures: SpeckFigures) -> str:
    """The share as a decimal: its first zeros, how many more, then its first digits.

    >>> zeros_wall_html(dataset_speck(comb.ImageFormat(2, 2, 1, 9)))  # 5.85·10^9 / 2^36
    '<p class="talk-wall">0.0<b>851…</b></p>'
    """
    shown = min(figures.zeros, ZEROS_SHOWN)
    rest = f" <b>… {figures.zeros - shown:,} more zeros …</b> " if figures.zeros > shown else ""
    return f'<p class="talk-wall">0.{"0" * shown}{rest}<b>{figures.share.mantissa.replace(".", "")}…</b></p>'


# -- steps 4 and 5: noise ----------------------------------------------------------------------
#: The image sides the noise steps offer (28: an MNIST digit) and their odds chart shows.
SIDES = (8, 16, 28, 32, 64, 128, 256)
DEFAULT_SIDE = 32


#: The shipped photos that read as photographs even as thumbnails (the others are textures).
SCENES = ("chelsea", "astronaut", "coffee", "camera", "rocket", "hubble_deep_field", "clock")


def seed_from_link(values: list[str]) -> int:
    """The seed a ``?seed=`` link gives (0 to 2^32 − 1); anything else is 0.

    >>> seed_from_link(["7"]), seed_from_link(["-1"]), seed_from_link([]), seed_from_link(["9" * 50])
    (7, 0, 0, 0)
    """
    text = values[-1].strip() if values else ""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 10 and int(text) < 2**32 else 0


def noise_and_photo(photos: list[corpus.Photo], side: int, seed: int) -> tuple[np.ndarray, np.ndarray, str]:
    """Step 4: one uniform RGB noise image and one whole photo resized, both ``side×side``.

    The seed picks the noise and the photo: the photo is the centred square of the shipped
    :data:`SCENES` in turn (seed 0 the cat), resized with Lanczos (a whole scene reads as a photo even at 8×8;
    a texture such as gravel does not).

    >>> noise, photo, name = noise_and_photo(corpus.load_corpus(), 8, 0)
    >>> noise.shape, photo.shape, noise.dtype
    ((8, 8, 3), (8, 8, 3), dtype('uint8'))
    """
    noise = corpus.uniform_noise(1, side, seed)[0]
    scenes = [p for key in SCENES for p in photos if p.credit is not None and p.credit.key == key] or photos
    sample = corpus.whole_photos([scenes[seed % len(scenes)]], side, 1, 0)
    return noise, sample.images[0], str(sample.origins[0])


@dataclass(frozen=True)
class OddsFigures:
    side: int
    photo_correlation: float  # median neighbour correlation of the shipped photos at this size
    threshold: float  # that value rounded down to 0.01: the bound is for reaching it
    exponent_text: str  # x in P ≤ 10^-x, truncated
    log10_probability: float  # an upper bound
    years_exponent: int  # at 1,000 draws a second, at least 10^this many years


DRAWS_PER_SECOND = 1_000


@lru_cache(maxsize=64)
def noise_odds(side: int) -> OddsFigures:
    """Step 5: a rigorous upper bound on the chance that one uniform RGB ``side×side`` image
    has a neighbour correlation as high as a typical photo's of that size.

    The target is the median over the shipped photos, each resized whole to the side. The
    bound comes from
    ``noise_correlation_bound`` (Chernoff bounds, interval arithmetic): it is a proof, not
    an estimate.

    >>> odds = noise_odds(8)
    >>> 0 < odds.threshold < 1 and odds.log10_probability < 0
    True
    """
    photos = _shipped_photos()
    sample = corpus.whole_photos(photos, side, len(photos), 0)
    target = float(np.nanmedian(adjacent_pixel_correlations(sample.images).mean))
    threshold = math.floor(target * 100) / 100
    bound = noise_correlation_bound(side, side, threshold, channels=3)
    return OddsFigures(
        side,
        target,
        threshold,
        bound.exponent_text(0),
        bound.log10_probability,
        bound.years_exponent(DRAWS_PER_SECOND),
    )


def odds_curve(sides: tuple[int, ...] = SIDES) -> list[tuple[int, float]]:
    """(side, −log10 of the bound) for each side: the odds step's chart.

    >>> [side for side, _ in odds_curve((8, 16))]
    [8, 16]
    """
    return [(side, -noise_odds(side).log10_probability) for side in sides]


@lru_cache(maxsize=1)
def _shipped_photos() -> list[corpus.Photo]:
    return corpus.load_corpus()


# -- step 6: a model, in bits ------------------------------------------------------------------
_WARM_UP_STARTED = threading.Event()


def start_warm_up(fit_default_study: Callable[[], object]) -> None:
    """Compute the odds chart and fit the default study in a background thread, once per process.

    Returns at once: the deck calls it when it opens, so steps 5 and 6 are ready long
    before the speaker reaches them. ``fit_default_study`` is the Learning page's shared,
    cached fit of its default setting (the same figures on both pages).
    """
    if not _WARM_UP_STARTED.is_set():
        _WARM_UP_STARTED.set()
        threading.Thread(target=_warm_up, args=(fit_default_study,), name="talk-warm-up", daemon=True).start()


def _warm_up(fit_default_study: Callable[[], object]) -> None:
    odds_curve()
    fit_default_study()


@dataclass(frozen=True)
class BitsFigures:
    rungs: tuple[tuple[str, float], ...]  # (model, held-out bits/dim), uniform first
    png_bits: float | None
    best: str
    best_bits: float
    computed_on: str
    photo_fraction: Scientific  # 2^((b-8)·D) for the post's photo: an extrapolation


def model_bits(ladder: LadderResult) -> BitsFigures:
    """Step 6: what each model of the ladder costs per value on held-out photos.

    Raw pixels cost 8 bits per value; every bit a model saves halves the images it
    considers typical. Carried to the post's photo (an extrapolation from small patches),
    the best model's mass sits on a fraction 2^((b−8)·D) of the space.
    """
    rungs = tuple((r.name, float(r.bits_per_dim)) for r in ladder.rungs)
    best_name, best_bits = min(rungs, key=lambda rung: rung[1])
    space = effective_space(min(best_bits, 8.0), ref.PHONE_PHOTO_VALUES)
    return BitsFigures(
        rungs,
        ladder.png_bits_per_dim,
        best_name,
        best_bits,
        ladder.computed_on(),
        space.fraction.scientific(3),
    )


# -- step 7 -----------------------------------------------------------------------------------
def recap(bits: BitsFigures) -> list[str]:
    """The talk in one line per step, with its number (the conclusion's outline).

    >>> recap(BitsFigures((("uniform", 8.0),), None, "uniform", 8.0, "", Scientific("1", 0)))[5]
    '6. the best model: 8.00 bits a value, not 8'
    """
    count, atoms, speck = photo_count(), against_atoms(), dataset_speck()
    odds = noise_odds(DEFAULT_SIDE)
    return [
        f"1. {_plain(count.scientific)} possible phone photos",
        f"2. {_plain(atoms.times_more)} times the atoms in the universe",
        f"3. {speck.dataset.name} covers {_plain(speck.share)} of them",
        "4. a random image is noise, every time",
        f"5. noise as smooth as a {DEFAULT_SIDE}×{DEFAULT_SIDE} photo: at most 10^-{odds.exponent_text}",
        f"6. the best model: {bits.best_bits:.2f} bits a value, not 8",
    ]


def _plain(sci: Scientific) -> str:
    """1.0149·10^68,181,011 (rendered with a superscript by the page)."""
    return ("" if sci.mantissa == "1" else f"{sci.mantissa}·") + f"10^{sci.exponent:,}"
