"""Steps 1 to 3: how many images there are, against the atoms, and the datasets' share.

Every figure is exact (:mod:`lib.combinatorics`, never the huge integer itself); the
books are :func:`lib.printed_digits.printed`'s, the one printed scale the whole app uses
(80 digits a line, 60 lines a page, 500 pages a book), so the talk and the pages agree.

Each step's figures are worked out once per process and image (``lru_cache``; they are
read-only), as the first run of the deck on a fresh server draws steps 1–3 and the chart
of step 2 for every visitor alike: a cold server's first visitor is timed by that run.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from lib import combinatorics as comb
from lib import reference_figures as ref
from lib.big_numbers import Scientific
from lib.printed_digits import printed

#: Digits of the count shown at its start and at its end; a count with no more digits than
#: both together is shown whole.
LEADING_DIGITS, TRAILING_DIGITS = 1_100, 300
#: Zeros of the dataset's share written out before "… more zeros …".
ZEROS_SHOWN = 1_300


def books_to_print(digits: int) -> int:
    """How many 500-page books ``digits`` digits fill; none for none.

    The scale is :func:`lib.printed_digits.printed`'s, the same as the Combinatorics page's.

    >>> books_to_print(68_181_012)
    29
    >>> books_to_print(81), books_to_print(0)
    (1, 0)
    """
    return printed(digits).books if digits else 0


@dataclass(frozen=True)
class CountFigures:
    image: comb.ImageFormat
    scientific: Scientific
    digit_count: int
    by_levels: str  # '256^28,311,552'
    leading: str  # the first digits of the count, exact
    trailing: str  # and its last ones


@lru_cache(maxsize=64)
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
        leading,
        trailing,
    )


@dataclass(frozen=True)
class AtomsFigures:
    photo_digits: int
    atoms_digits: int
    times_more: Scientific  # photos per atom
    nesting: int  # universes of universes of atoms needed to reach the count

    @property
    def atoms_outnumber(self) -> bool:
        """Whether one universe's atoms already outnumber the images (at most 33 values of 8
        bits: 5×5 grey, 3×3 RGB), where "1 levels of universes" would read as if they did not."""
        return self.nesting == 1


@lru_cache(maxsize=64)
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
    share: Scientific  # the share of the space the dataset covers, rounded to 3 digits
    zeros: int  # zeros after the decimal point before the share's first digit
    leading: str = ""  # the share's first 3 digits, exact (truncated, not rounded)

    @property
    def holds_every_image(self) -> bool:
        """Whether the dataset could hold every image of this size (no zeros to write: of 8-bit
        images, at most 4 values, as LAION-5B's 5.85 billion items against 256^4)."""
        return self.zeros == 0


@lru_cache(maxsize=64)
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
        return SpeckFigures(dataset, share.scientific(3), 0)
    zeros = -share.floor_log10() - 1
    return SpeckFigures(dataset, share.scientific(3), zeros, share.leading_digits(3))


@lru_cache(maxsize=64)
def digits_wall_html(figures: CountFigures) -> str:
    """The count's first and last digits with how many are left out between (our own digits only).

    >>> digits_wall_html(photo_count(comb.ImageFormat(2, 1, 1, 8)))
    '<p class="talk-wall">65536</p>'
    """
    hidden = figures.digit_count - len(figures.leading) - len(figures.trailing)
    middle = f" <b>… {hidden:,} more digits …</b> " if hidden > 0 else ""
    return f'<p class="talk-wall">{figures.leading}{middle}{figures.trailing}</p>'


def zeros_wall_html(figures: SpeckFigures) -> str:
    """The share as a decimal: its first zeros, how many more, then its first digits (exact:
    the digits the decimal goes on with, which a rounded mantissa need not be).

    >>> zeros_wall_html(dataset_speck(comb.ImageFormat(2, 2, 1, 9)))  # 5.85·10^9 / 2^36
    '<p class="talk-wall">0.0<b>851…</b></p>'
    """
    shown = min(figures.zeros, ZEROS_SHOWN)
    rest = f" <b>… {figures.zeros - shown:,} more zeros …</b> " if figures.zeros > shown else ""
    return f'<p class="talk-wall">0.{"0" * shown}{rest}<b>{figures.leading}…</b></p>'
