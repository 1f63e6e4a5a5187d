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
    """The counting claim that holds at ``b`` bits per value, against the ``2^(8·D)`` possible images.

    Probabilities sum to 1, so **at most** ``2^(b·D)`` images can each get probability
    ``≥ 2^-(b·D)``: a model that codes held-out photos in ``b`` bits per value on average can
    favour that much at most ``2^(b·D)`` images, a share ``2^((b-8)·D)`` of the space.
    ``b`` is a cross-entropy measured on held-out photos, not the model's own entropy:
    it does not say where the model's mass sits (a model's own samples usually cost it
    fewer bits than held-out photos do; see ``RungResult.entropy_bits_per_dim``).
    """

    bits_per_dim: Fraction  # b as used: rounded to `decimals` places (exact rational)
    dims: int
    favoured_bits: int  # b·D rounded up to a whole number of bits (the bound stays an upper bound)
    favoured: Magnitude  # 2^favoured_bits: at most this many images get probability ≥ 2^-favoured_bits
    everything: Magnitude  # 2^(8·D)
    fraction: Magnitude  # favoured / everything = 2^(favoured_bits - 8·D)
    rounding: str


def effective_space(
    bits_per_dim: float | str | Fraction | Decimal, dims: int, decimals: int = 3
) -> EffectiveSpace:
    """At most 2^(b·D) images with probability ≥ 2^-(b·D), against 2^(8·D), and their share, exactly.

    ``b`` is first rounded to ``decimals`` decimal places (half to even) from its
    shortest decimal form (a float's ``repr``), then ``b·D`` is rounded **up** to a whole
    number of bits ``n``, since :class:`~lib.big_numbers.Magnitude` keeps whole powers of
    primes: up, so that ``2^n`` still bounds the images with probability ≥ ``2^-(b·D)``
    (rounded down, ``2^n`` could be fewer than they are); both steps are stated in
    :attr:`EffectiveSpace.rounding`. The
    powers themselves are exact; what they count is an estimate (b was measured on
    patches; for a whole photo, e.g. ``dims=PHONE_PHOTO_VALUES``, it is an extrapolation).

    Examples
    --------
    >>> space = effective_space(4.5, 64)
    >>> space.favoured_bits, space.favoured.scientific(3), space.fraction.scientific(3).exponent
    (288, Scientific(mantissa='4.97', exponent=86), -68)
    >>> effective_space(4.502, 64).rounding  # 288.128 bits: 2^289 images, never 2^288
    'b = 4.502 bits per value (rounded to 3 decimals); b·D = 288.128 rounded up to 289 bits'
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
    favoured_bits = math.ceil(product)  # up: 2^favoured_bits ≥ 2^(b·D), still an upper bound
    total = RAW_BITS * dims
    rounding = f"b = {rounded} bits per value (rounded to {decimals} decimals)"
    if product != favoured_bits:
        rounding += f"; b·D = {float(product):,.3f} rounded up to {favoured_bits:,} bits"
    return EffectiveSpace(
        b,
        dims,
        favoured_bits,
        Magnitude.power(2, favoured_bits),
        Magnitude.power(2, total),
        Magnitude.power(2, favoured_bits - total),
        rounding,
    )
