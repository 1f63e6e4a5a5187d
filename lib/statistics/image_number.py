"""Every image is one number: its bytes read as one integer in base 256.

The Library of Babel's idea: images of one shape are the integers ``0 … 256^bytes - 1``.
The integer of a phone photo has 68 million digits, so it is never turned into text:
its digit count and leading digits come from :class:`~lib.big_numbers.Magnitude`
(rigorous interval arithmetic on its top bits), its trailing digits from ``n mod 10^k``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from lib.big_numbers import Magnitude, decimal_digits
from lib.validation import check_uint8_image, check_whole_number

#: Exact integer arithmetic (powers of ten) decides the digits up to this many bits: cheap
#: there, and needed only when the top bits cannot (a number extremely close to 10^k).
_EXACT_BITS = 1 << 21
#: Up to this many bits, exact integer arithmetic goes first: cheaper than the top bits'
#: magnitudes there (a 32×32 RGB image's 24,576 bits: ~0.1 ms against ~1.1 ms, the cost of a
#: new draw's "every image is one number" rows), dearer above (its divisions grow with the
#: square of the size: ~10 ms at 128×128 RGB, where the magnitudes take ~0.5 ms).
_EXACT_FIRST_BITS = 1 << 17
_LOG10_2 = 0.30102999566398120


@dataclass(frozen=True)
class ImageNumber:
    """An image read as one integer: its bytes in C order (row by row, R G B per pixel),
    base 256, first byte most significant. Images of this shape are the integers
    ``0 … 256^byte_count - 1``, and this image is one of them.
    """

    shape: tuple[int, ...]
    byte_count: int
    digit_count: int  # decimal digits of the index (1 for the all-black image, index 0)
    leading: str  # its first digits, exact
    trailing: str  # its last digits, exact (zero-padded to the number of digits shown)

    @property
    def space_size(self) -> Magnitude:
        """How many images of this shape exist: 256^byte_count."""
        return Magnitude.power(256, self.byte_count)

    @property
    def space_digit_count(self) -> int:
        """Decimal digits of 256^byte_count."""
        return power_of_256_digits(self.byte_count)


@lru_cache(maxsize=256)
def power_of_256_digits(exponent: int) -> int:
    """Decimal digits of 256^exponent, worked out once per exponent: the same for every image
    of a shape (its space, its first byte's place value), while each new draw of a page shows
    them again (~0.17 ms each for a 32×32 RGB image's 3,072 bytes).

    >>> power_of_256_digits(1), power_of_256_digits(3_072)
    (3, 7399)
    """
    return Magnitude.power(256, exponent).digit_count()


def image_index(image: np.ndarray) -> int:
    """The image as one (huge) Python int. Never ``str()`` it: use :func:`image_as_number`.

    >>> image_index(np.array([[1, 0]], np.uint8))
    256
    """
    array = check_uint8_image(image)
    return int.from_bytes(np.ascontiguousarray(array).tobytes(), "big")


def _bracket(n: int, top_bits: int) -> tuple[Magnitude, Magnitude]:
    """Magnitudes T·2^s ≤ n < (T+1)·2^s from the top ``top_bits`` bits of ``n > 0``.

    T is kept as one opaque factor once its 2s and 5s are taken out, the form
    :class:`Magnitude` keeps for a cofactor without small primes it needs.
    """
    shift = max(n.bit_length() - top_bits, 0)
    top = n >> shift

    def magnitude(t: int) -> Magnitude:
        primes = {2: shift, 5: 0}
        for p in (2, 5):
            while t % p == 0:
                t //= p
                primes[p] += 1
        if t > 1:
            primes[t] = 1
        return Magnitude(primes)

    return magnitude(top), magnitude(top + 1)


def leading_digits(n: int, count: int) -> tuple[str, int]:
    """The first ``count`` decimal digits of ``n ≥ 0`` and its digit count, exactly.

    ``n`` lies between two magnitudes built from its top bits; when both give the same
    digit count and leading digits, those are certain. Otherwise (``n`` extremely close
    to a digit boundary) more bits are used, and finally exact integer arithmetic.

    >>> leading_digits(10**5000 - 1, 4)
    ('9999', 5000)
    >>> leading_digits(7, 3)
    ('7', 1)
    """
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise ValueError(f"need an integer ≥ 0, got {n!r}")
    count = check_whole_number(count, "count", 1)
    if n == 0:
        return "0", 1
    bits = n.bit_length()
    if bits <= _EXACT_FIRST_BITS:
        return _exact_leading_digits(n, count)
    top_bits = 256 + 4 * count
    while top_bits < bits and top_bits <= 1 << 16:
        low, high = _bracket(n, top_bits)
        digits = low.digit_count()
        if high.digit_count() == digits:
            keep = min(count, digits)
            lead = low.leading_digits(keep)
            if high.leading_digits(keep) == lead:
                return lead, digits
        top_bits *= 4
    if bits > _EXACT_BITS:
        raise ValueError(
            "this number sits too close to a digit boundary to decide its leading digits cheaply"
        )
    digits = Magnitude.power(2, bits - 1).digit_count()  # 2^(bits-1) ≤ n < 2^bits: within one
    if pow(10, digits) <= n:
        digits += 1
    keep = min(count, digits)
    return decimal_digits(n // pow(10, digits - keep)), digits


def _exact_leading_digits(n: int, count: int) -> tuple[str, int]:
    """:func:`leading_digits` by exact integer arithmetic alone: the digit count estimated
    from the bit length (``n ≥ 2^(bits-1)``, so the estimate is never above it; the float's
    error, under 10^-11 at these sizes, is covered by the margin), settled by comparing ``n``
    with powers of ten, then one division.

    >>> _exact_leading_digits(10**30, 3), _exact_leading_digits(10**30 - 1, 3)
    (('100', 31), ('999', 30))
    """
    digits = max(int((n.bit_length() - 1) * _LOG10_2 - 1e-9), 0) + 1
    power = pow(10, digits - 1)  # ≤ n
    while power * 10 <= n:
        digits, power = digits + 1, power * 10
    keep = min(count, digits)
    return decimal_digits(n // (power // pow(10, keep - 1))), digits


def image_as_number(image: np.ndarray, digits: int = 20) -> ImageNumber:
    """Digit count, first and last ``digits`` digits of the image's index (all exact).

    >>> number = image_as_number(np.full((1, 2), 255, np.uint8), 3)  # 256² - 1 = 65535
    >>> number.digit_count, number.leading, number.trailing, number.space_digit_count
    (5, '655', '535', 5)
    """
    digits = check_whole_number(digits, "digits", 1, 1000)
    array = check_uint8_image(image)
    n = image_index(array)
    lead, digit_count = leading_digits(n, digits)
    shown = min(digits, digit_count)
    trailing = decimal_digits(n % 10**shown, shown)
    return ImageNumber(tuple(array.shape), int(array.size), digit_count, lead, trailing)


@dataclass(frozen=True)
class PixelStep:
    """How the index moves when one byte changes: by ``change · 256^exponent``."""

    exponent: int  # the byte's place value is 256^exponent
    change: int  # new value - old value (-255…255)

    @property
    def place_value(self) -> Magnitude:
        """256^exponent (a Magnitude: it may have millions of digits)."""
        return Magnitude.power(256, self.exponent)

    def place_value_digits(self) -> int:
        """Decimal digits of the place value."""
        return power_of_256_digits(self.exponent)


def pixel_step(
    image: np.ndarray, row: int, column: int, channel: int = 0, new_value: int | None = None
) -> PixelStep:
    """The change of the image's index when pixel (row, column, channel) becomes ``new_value``.

    The byte at C-order position ``p`` of ``n`` bytes has place value ``256^(n-1-p)``, so
    the index moves by ``(new - old) · 256^(n-1-p)``. ``new_value`` defaults to ``old ± 1``
    (+1, or -1 at 255).

    >>> image = np.array([[0, 255]], np.uint8)
    >>> pixel_step(image, 0, 0), pixel_step(image, 0, 1)
    (PixelStep(exponent=1, change=1), PixelStep(exponent=0, change=-1))
    """
    array = check_uint8_image(image)
    h, w = array.shape[:2]
    c = 1 if array.ndim == 2 else 3
    row = check_whole_number(row, "row", 0, h - 1)
    column = check_whole_number(column, "column", 0, w - 1)
    channel = check_whole_number(channel, "channel", 0, c - 1)
    old = int(array[row, column] if array.ndim == 2 else array[row, column, channel])
    if new_value is None:
        new_value = old + 1 if old < 255 else old - 1
    new_value = check_whole_number(new_value, "new_value", 0, 255)
    position = (row * w + column) * c + channel
    return PixelStep(array.size - 1 - position, new_value - old)
