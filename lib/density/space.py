"""How much of the space a model can favour: at most 2^(b·D) images, exactly counted."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from fractions import Fraction

from lib.big_numbers import Magnitude
from lib.density.base import RAW_BITS
from lib.validation import check_whole_number


@dataclass(frozen=True)
class EffectiveSpace:
    """How many images a model at ``b`` bits/dim makes as likely as a typical held-out one.

    A model that gives an image probability ``2^-(b·D)`` can give that much to at most
    ``2^(b·D)`` images (probabilities sum to 1): its mass sits on about that many typical
    images, against the ``2^(8·D)`` = ``256^D`` possible ones.
    """

    bits_per_dim: Fraction  # b as used: rounded to `decimals` places (exact rational)
    dims: int
    typical_bits: int  # b·D rounded to a whole number of bits
    typical: Magnitude  # 2^typical_bits
    everything: Magnitude  # 2^(8·D)
    fraction: Magnitude  # typical / everything = 2^(typical_bits - 8·D)
    rounding: str

    def describe(self, significant: int = 3) -> str:
        return (
            f"≈ {self.typical.scientific(significant)} typical images out of "
            f"{self.everything.scientific(significant)}: a fraction ≈ {self.fraction.scientific(significant)} "
            f"({self.rounding})"
        )


def effective_space(
    bits_per_dim: float | str | Fraction | Decimal, dims: int, decimals: int = 3
) -> EffectiveSpace:
    """2^(b·D) typical images against 2^(8·D), and the fraction between them, exactly.

    ``b`` is first rounded to ``decimals`` decimal places (half to even) from its
    shortest decimal form (a float's ``repr``), then ``b·D`` is rounded to a whole
    number of bits (half to even), since :class:`~lib.big_numbers.Magnitude` keeps
    whole powers of primes; both steps are stated in :attr:`EffectiveSpace.rounding`. The
    powers themselves are exact; what they count is an estimate (b was measured on
    patches; for a whole photo, e.g. ``dims=PHONE_PHOTO_VALUES``, it is an extrapolation).

    Examples
    --------
    >>> space = effective_space(4.5, 64)
    >>> space.typical_bits, space.typical.scientific(3), space.fraction.scientific(3).exponent
    (288, Scientific(mantissa='4.97', exponent=86), -68)
    """
    dims = check_whole_number(dims, "dimensions", 1, 10**12)
    decimals = check_whole_number(decimals, "decimals", 0, 12)
    if isinstance(bits_per_dim, bool):
        raise ValueError(f"bits per dimension must be a number, got {bits_per_dim!r}")
    try:
        if isinstance(bits_per_dim, float):
            if not math.isfinite(bits_per_dim):
                raise ValueError
            exact = Decimal(repr(bits_per_dim))
        elif isinstance(bits_per_dim, Fraction):
            exact = Decimal(bits_per_dim.numerator) / Decimal(bits_per_dim.denominator)
        else:
            exact = Decimal(str(bits_per_dim).strip())
        if not exact.is_finite():
            raise ValueError
    except (InvalidOperation, ValueError, TypeError) as error:
        raise ValueError(f"bits per dimension must be a finite number, got {bits_per_dim!r}") from error
    rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    if not 0 <= rounded <= RAW_BITS:
        raise ValueError(
            f"bits per dimension must be between 0 and 8 for 8-bit data (got {rounded}); "
            "above 8 a model is worse than uniform and uses no smaller space"
        )
    b = Fraction(rounded)
    product = b * dims
    typical_bits = round(product)  # Fraction.__round__ rounds half to even
    total = RAW_BITS * dims
    rounding = f"b = {rounded} bits/dim (rounded to {decimals} decimals)"
    if product != typical_bits:
        rounding += f"; b·D = {float(product):,.3f} rounded to {typical_bits:,} bits"
    return EffectiveSpace(
        b,
        dims,
        typical_bits,
        Magnitude.power(2, typical_bits),
        Magnitude.power(2, total),
        Magnitude.power(2, typical_bits - total),
        rounding,
    )
