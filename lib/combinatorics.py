"""How many different images of a given size exist, and what that number means.

An image of ``width × height`` pixels with ``channels`` values of ``bits`` bits each is
one of ``(2**bits) ** (width·height·channels)`` possible images. Everything here is
exact: counts are :class:`~lib.big_numbers.Magnitude` values (never built as integers),
the outside figures they are compared with come from :mod:`lib.reference_figures`.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from math import isqrt, log10

from lib import reference_figures as ref
from lib.big_numbers import Magnitude, Scientific
from lib.enumeration import (  # noqa: F401  (re-exported: the cards write comb.enumeration_time)
    ONE_ITEM_PER_BIT,
    EnumerationRate,
    EnumerationTime,
    enumeration_rates,
    enumeration_time,
)
from lib.printed_digits import (  # noqa: F401  (re-exported: the page writes comb.printed)
    DIGIT_WIDTH_MM,
    DIGITS_PER_LINE,
    LINES_PER_PAGE,
    PAGES_PER_BOOK,
    PrintedDigits,
    lines_of,
    printed,
)
from lib.validation import check_whole_number

#: Inputs a person may ask for. Arithmetic is exact at any size; the limits only keep
#: the numbers meaningful (a side of 10^12 pixels is already a kilometre-wide sensor).
MAX_SIDE = 10**12
MAX_CHANNELS = 1024
MAX_BITS = 32


@dataclass(frozen=True)
class ImageFormat:
    """The shape of an image: ``width × height`` pixels, ``channels`` values of ``bits`` bits."""

    width: int
    height: int
    channels: int
    bits: int

    def __post_init__(self) -> None:
        check_whole_number(self.width, "width", 1, MAX_SIDE)
        check_whole_number(self.height, "height", 1, MAX_SIDE)
        check_whole_number(self.channels, "channels", 1, MAX_CHANNELS)
        check_whole_number(self.bits, "bits", 1, MAX_BITS)

    @property
    def values(self) -> int:
        """How many numbers describe one image (pixels × channels)."""
        return self.width * self.height * self.channels

    @property
    def levels(self) -> int:
        """How many values one channel of one pixel can take."""
        return 2**self.bits

    @property
    def total_bits(self) -> int:
        """Bits in one uncompressed image: the count is 2 to this power."""
        return self.values * self.bits

    def describe(self) -> str:
        colour = {1: "grey", 3: "RGB", 4: "RGBA"}.get(self.channels, f"{self.channels} channels")
        return f"{self.width:,}×{self.height:,} {colour} {self.bits}-bit"


@dataclass(frozen=True)
class Preset:
    key: str
    name: str
    image: ImageFormat
    note: str


PRESETS: tuple[Preset, ...] = (
    Preset(
        "phone",
        "Phone photo (the post)",
        ImageFormat(
            ref.PHONE_PHOTO_WIDTH, ref.PHONE_PHOTO_HEIGHT, ref.PHONE_PHOTO_CHANNELS, ref.PHONE_PHOTO_BITS
        ),
        "the post's example: a 9.4-megapixel phone photo, RGB, 8 bits per channel",
    ),
    Preset("mnist", "MNIST digit", ImageFormat(28, 28, 1, 8), "LeCun et al. 1998: 28×28 grey"),
    Preset("cifar10", "CIFAR-10", ImageFormat(32, 32, 3, 8), "Krizhevsky 2009: 32×32 RGB"),
    Preset(
        "imagenet",
        "ImageNet at 224×224",
        ImageFormat(224, 224, 3, 8),
        "the usual training resolution of ImageNet classifiers",
    ),
    # ITU-R BT.2020 defines 10- and 12-bit coding only: its frames are 10-bit here.
    Preset(
        "uhd4k",
        "4K UHD frame, 10-bit",
        ImageFormat(3840, 2160, 3, 10),
        "ITU-R BT.2020 UHD-1, 10 bits per channel",
    ),
    Preset(
        "uhd8k",
        "8K UHD frame, 10-bit",
        ImageFormat(7680, 4320, 3, 10),
        "ITU-R BT.2020 UHD-2, 10 bits per channel",
    ),
    Preset(
        "every_icon",
        "Every Icon",
        ImageFormat(32, 32, 1, 1),
        "John F. Simon Jr. (1997): every black-and-white 32×32 icon",
    ),
    Preset(
        "babel",
        "Library of Babel image archive",
        ImageFormat(640, 416, 3, 4),
        "Jonathan Basile's babelia: 640×416 pixels, 4096 colours (4 bits × RGB)",
    ),
    Preset(
        "thumbnail",
        "6×6 grey thumbnail",
        ImageFormat(6, 6, 1, 8),
        "already more images than atoms in the universe",
    ),
)
PRESETS_BY_KEY = {preset.key: preset for preset in PRESETS}
DEFAULT = PRESETS[0].image


def count_images(image: ImageFormat) -> Magnitude:
    """The number of different images of this format: (2^bits)^(w·h·c) = 2^total_bits."""
    return Magnitude.power(2, image.total_bits)


@dataclass(frozen=True)
class CountFacts:
    """What the page says about one huge integer, every digit certain."""

    scientific: Scientific
    log10: str
    digit_count: int
    leading: str
    trailing: str
    exact: int | None  # the whole number, when it is short enough to print


#: Numbers with at most this many digits are shown whole.
SHOW_WHOLE_UP_TO = 40


@lru_cache(maxsize=512)
def count_facts(count: Magnitude, edge_digits: int = 12, log_places: int = 12) -> CountFacts:
    """Powers, log10, digit count, leading and trailing digits of an integer magnitude."""
    if not count.is_integer():
        raise ValueError("count_facts needs an integer, such as a count of images")
    digits = count.digit_count()
    edge = min(edge_digits, digits)
    return CountFacts(
        scientific=scientific(count, 5),
        log10=count.log10(log_places),
        digit_count=digits,
        leading=count.leading_digits(edge),
        trailing=count.trailing_digits(edge),
        exact=count.exact_int() if digits <= SHOW_WHOLE_UP_TO else None,
    )


@lru_cache(maxsize=64)
def edge_digits(count: Magnitude, n: int) -> tuple[str, str]:
    """The first and the last ``n`` digits of an integer magnitude (at most half of them each)."""
    if n < 1:
        raise ValueError("ask for at least one digit")
    n = min(n, max(count.digit_count() // 2, 1))
    return count.leading_digits(n), count.trailing_digits(n)


@lru_cache(maxsize=1024)
def scientific(value: Magnitude, significant: int = 3) -> Scientific:
    """``value`` to ``significant`` digits, its mantissa written "1" only when it is exactly 1.

    A mantissa that merely rounds to 1.00 keeps its digits, so a reader can tell
    1.0000354…·10^8651 (shown 1.0000·10^8,651) from 10^8,651 itself.

    >>> str(scientific(Magnitude.of(10**80))), str(scientific(Magnitude.power(2, 28738)))
    ('1·10^80', '1.00·10^8,651')
    """
    power = value.power_of_ten()
    if power is not None:
        return Scientific("1", power)
    return value.scientific(significant)


def powers_text(image: ImageFormat) -> tuple[str, str]:
    """('256^28,311,552', '2^226,492,416'): the count as levels^values and as 2^bits."""
    return f"{image.levels:,}^{image.values:,}", f"2^{image.total_bits:,}"


# -- comparisons -------------------------------------------------------------------------
def dataset_coverage(count: Magnitude, dataset: ref.Reference) -> Magnitude:
    """The dataset's size over the count: the share of all images it could hold, when below 1.

    Above 1 it is no share: the dataset has more items than there are images of the
    format, and it could cover all of them (see :func:`covers_everything`).
    """
    return dataset.magnitude / count


@lru_cache(maxsize=1024)
def covers_everything(coverage: Magnitude) -> bool:
    """True when a collection has at least as many items as there are possibilities.

    >>> covers_everything(Magnitude.of(70000) / 2), covers_everything(Magnitude.of(3) / 4)
    (True, False)
    """
    return coverage.log10_sign() >= 0


def smallest_and_largest(datasets: tuple[ref.Reference, ...] = ref.DATASETS) -> tuple[ref.Reference, ...]:
    """The smallest and the largest of ``datasets`` by size, compared exactly."""
    ordered = sorted(datasets, key=lambda d: Fraction(d.value))
    return ordered[0], ordered[-1]


def times_more_than(count: Magnitude, yardstick: ref.Reference) -> Magnitude:
    return count / yardstick.magnitude


def nested_yardsticks_needed(count: Magnitude, yardstick: ref.Reference) -> int:
    """The smallest k ≥ 1 with yardstick^k ≥ count: universes of universes of ... atoms.

    k is the ceiling of log(count)/log(yardstick). Both logs come as certain decimals
    (truncated), which pins the ratio into an interval holding at most a few whole
    numbers; each candidate is then compared exactly. No stepping: a count of
    2^(3·10^28) takes as long as the phone photo.

    >>> photo = Magnitude.power(256, 2304 * 4096 * 3)
    >>> nested_yardsticks_needed(photo, ref.ATOMS_IN_UNIVERSE)
    852263
    """
    base = yardstick.magnitude
    if base.log10_sign() <= 0:
        raise ValueError("a yardstick must be larger than 1")
    if count.compare(base) <= 0:
        return 1
    # Enough decimals that the ratio's interval is narrower than one: the ratio is about
    # the count's log10, so twice its digits plus a margin, for both logs.
    places = 2 * len(str(count.floor_log10())) + 8
    top, bottom = _certain_log10(count, places), _certain_log10(base, places)
    # log10 lies in [t, t + ε) for each (truncated decimals of a positive number).
    low = top[0] / (bottom[0] + bottom[1])
    high = (top[0] + top[1]) / bottom[0]
    if high - low > 2:  # pragma: no cover - the places above make it far narrower
        raise AssertionError("log10 not precise enough to pin the nesting down")
    for k in range(max(1, int(low)), int(high) + 2):
        if (base**k).compare(count) >= 0:
            return k
    raise AssertionError("the certain bounds always hold the answer")  # pragma: no cover


def _certain_log10(value: Magnitude, places: int) -> tuple[Fraction, Fraction]:
    """(t, ε) with t ≤ log10(value) < t + ε = t + 10^-places, for a value above 1."""
    return Fraction(value.log10(places)), Fraction(1, 10**places)


@lru_cache(maxsize=256)
def smallest_square_exceeding(target: Magnitude, channels: int, bits: int) -> int:
    """The smallest side s such that s×s images of this kind outnumber ``target``.

    The answer is decided exactly: 2^(s²·channels·bits) is compared with the target
    by :meth:`Magnitude.compare`, so no rounding of log10 can move it by one.
    """
    ImageFormat(1, 1, channels, bits)  # validates channels and bits
    per_pixel_log10 = channels * bits * log10(2)
    guess = max(1, isqrt(int(float(target.log10(6)) / per_pixel_log10)) - 1)

    def exceeds(side: int) -> bool:
        return Magnitude.power(2, side * side * channels * bits).compare(target) > 0

    while guess > 1 and exceeds(guess - 1):
        guess -= 1
    while not exceeds(guess):
        guess += 1
    return guess


@dataclass(frozen=True)
class SidePoint:
    side: int
    log10_count: float  # a float is enough to draw and never overflows (it is a log)
    digits: int  # the count's number of decimal digits, exactly


def log10_count_by_side(channels: int, bits: int, sides: list[int]) -> list[SidePoint]:
    """log10 and the exact digit count of the number of s×s images for each side s."""
    per_pixel = channels * bits * log10(2)
    return [SidePoint(s, s * s * per_pixel, _digits_of_power_of_two(s * s * channels * bits)) for s in sides]


@lru_cache(maxsize=4096)
def _digits_of_power_of_two(exponent: int) -> int:
    return Magnitude.power(2, exponent).digit_count()


def chart_sides(current_side: float) -> list[int]:
    """Sides from 1 to well past the current image, spaced evenly on a log axis.

    The last is at least 4 times the current side, up to the next power of two (64 at least):
    nearby sizes then share one curve, and the browser, given the same plot's bytes, keeps
    the plot it drew and draws only the dot anew (How many images?' rerun, :mod:`lib.charts.count_plot`).

    >>> chart_sides(3072.0) == chart_sides(2500.0), max(chart_sides(3072.0)) <= 16384
    (True, True)
    """
    top = 64
    while top < current_side * 4:
        top *= 2
    sides, s = [], 1
    while s <= top:
        sides.append(s)
        s = max(s + 1, int(s * 1.25))
    return sides


# -- the post, side by side with the exact values --------------------------------------------
@dataclass(frozen=True)
class PostClaim:
    what: str
    post_says: Scientific | None
    exactly: Scientific
    note: str


def post_claims() -> list[PostClaim]:
    """The post's rounded figures next to the exact ones."""
    photo = count_images(DEFAULT)
    facts = count_facts(photo)
    post_imagenet = ref.Reference(
        "post_imagenet", "ImageNet (as in the post)", ref.POST_IMAGENET_IMAGES, "images", "the post"
    )
    off_by = ref.POST_PHOTO_EXPONENT - facts.scientific.exponent
    return [
        PostClaim(
            "Possible 2304×4096 RGB photos",
            Scientific("1", ref.POST_PHOTO_EXPONENT),
            facts.scientific,
            f"a number with exactly {facts.digit_count:,} digits; the post's exponent is "
            f"{off_by:,} too large, a factor of about 10^{off_by:,}",
        ),
        PostClaim(
            "ImageNet's share, taking the post's 1.5×10^7 images",
            Scientific("1", ref.POST_IMAGENET_SHARE_EXPONENT),
            scientific(dataset_coverage(photo, post_imagenet)),
            "the post divides 10^7 by 10^70,000,000; here 1.5×10^7 over the exact count",
        ),
        PostClaim(
            "ImageNet's share, with its real 14,197,122 images",
            None,
            scientific(dataset_coverage(photo, ref.IMAGENET_FULL)),
            ref.IMAGENET_FULL.source,
        ),
    ]


def view_numbers(
    what: str, count: Magnitude, yardsticks=ref.COSMIC_YARDSTICKS, datasets=ref.DATASETS
) -> dict[str, str]:
    """Every number of a view as text, for a CSV or JSON download (nothing rounded
    silently: scientific values carry their significant digits, digits are certain)."""
    facts = count_facts(count)
    numbers = {
        "what": what,
        "count (scientific, 5 significant digits)": str(facts.scientific),
        "log10 of the count (12 certain decimals)": facts.log10,
        "decimal digits": str(facts.digit_count),
        "first digits": facts.leading,
        "last digits": facts.trailing,
    }
    for yard in yardsticks:
        numbers[f"times {yard.name} ({yard.label})"] = str(scientific(times_more_than(count, yard)))
    for data in datasets:
        share = dataset_coverage(count, data)
        numbers[f"share covered by {data.name} ({data.label} {data.unit})"] = (
            f"could cover all of them ({scientific(share)} items per possibility)"
            if covers_everything(share)
            else str(scientific(share))
        )
    for rate in enumeration_rates():
        t = enumeration_time(count, rate)
        numbers[f"years to list them all at {rate.name}"] = str(scientific(t.years))
    return numbers
