"""Exact facts about numbers far too large to write out.

256**(2304*4096*3) has 68,181,012 digits: building it takes seconds, printing it is
refused by Python (more than 4,300 digits) and no screen could show it. So a number
here is never built. A :class:`Magnitude` keeps a positive number as a product of
prime powers, ``2**25,165,824`` or ``5.85e9 / 256**37748736``, and answers questions
about it (how many digits, the first and the last ones, its power of ten) with
integer arithmetic and rigorous interval arithmetic (``mpmath.iv``). Precision is
raised until the interval decides every digit shown, so no digit is a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import isqrt

from mpmath import iv
from mpmath.ctx_iv import MPIntervalContext

# interval_context is also this module's public name, as it was before it moved.
from lib.intervals import interval_context, log_of, same_floor, sign_of

#: Trial division goes this far; what is left is kept as one opaque factor (it holds
#: no 2 or 5, which is all that exactness of powers of ten needs).
_TRIAL_DIVISION_LIMIT = 10**6
#: The most decimal digits of working precision we will ever use (keeps bad input cheap).
_MAX_DPS = 20_000
#: Numbers whose numerator and denominator hold at most this many bits in all are rounded
#: with exact integers; larger ones (the phone photo's count: 226 million bits) with intervals.
EXACT_BITS = 60_000


def _factorise(n: int) -> dict[int, int]:
    """Prime factors of a positive integer up to :data:`_TRIAL_DIVISION_LIMIT`.

    A remaining cofactor with no small prime factor is returned as one factor.
    """
    if n < 1:
        raise ValueError(f"cannot factorise {n}: needs a positive integer")
    factors: dict[int, int] = {}
    for p in (2, 3, 5):
        while n % p == 0:
            factors[p] = factors.get(p, 0) + 1
            n //= p
    # Wheel over 6k±1 candidates: cheap for the small constants this project uses.
    p, step = 7, 4
    limit = min(_TRIAL_DIVISION_LIMIT, isqrt(n))
    while p <= limit and n > 1:
        if n % p == 0:
            while n % p == 0:
                factors[p] = factors.get(p, 0) + 1
                n //= p
            limit = min(_TRIAL_DIVISION_LIMIT, isqrt(n))
        p += step
        step = 6 - step
    if n > 1:
        factors[n] = factors.get(n, 0) + 1
    return factors


def _as_fraction(value: int | str | Fraction) -> Fraction:
    """A positive exact rational from an int, a Fraction or a decimal string like '1.36e50'."""
    try:
        q = Fraction(value)
    except (ValueError, TypeError, ZeroDivisionError) as error:
        raise ValueError(f"not an exact number: {value!r}") from error
    if q <= 0:
        raise ValueError(f"a magnitude must be positive, got {value!r}")
    return q


@dataclass(frozen=True)
class Scientific:
    """A number written as mantissa × 10^exponent, every digit of the mantissa certain."""

    mantissa: str  # e.g. "1.0149"
    exponent: int  # e.g. 68181011

    def __str__(self) -> str:
        return f"{self.mantissa}·10^{self.exponent:,}"


class Magnitude:
    """A positive rational number kept as prime powers, never expanded.

    >>> photo = Magnitude.power(256, 2304 * 4096 * 3)
    >>> photo.digit_count()
    68181012
    >>> str(photo.scientific(5))
    '1.0149·10^68,181,011'
    """

    __slots__ = ("_primes",)

    def __init__(self, primes: dict[int, int] | None = None) -> None:
        self._primes = {p: e for p, e in (primes or {}).items() if e != 0}

    # -- construction ---------------------------------------------------------
    @classmethod
    def of(cls, value: int | str | Fraction) -> Magnitude:
        """The magnitude of a positive int, Fraction or decimal string ('5.85e9')."""
        q = _as_fraction(value)
        primes = _factorise(q.numerator)
        for p, e in _factorise(q.denominator).items():
            primes[p] = primes.get(p, 0) - e
        return cls(primes)

    @classmethod
    def power(cls, base: int | str | Fraction, exponent: int) -> Magnitude:
        """``base ** exponent`` without computing it."""
        return cls.of(base) ** exponent

    # -- arithmetic -----------------------------------------------------------
    def __mul__(self, other: Magnitude | int | str | Fraction) -> Magnitude:
        other = other if isinstance(other, Magnitude) else Magnitude.of(other)
        primes = dict(self._primes)
        for p, e in other._primes.items():
            primes[p] = primes.get(p, 0) + e
        return Magnitude(primes)

    __rmul__ = __mul__

    def __truediv__(self, other: Magnitude | int | str | Fraction) -> Magnitude:
        other = other if isinstance(other, Magnitude) else Magnitude.of(other)
        return self * other.reciprocal()

    def __rtruediv__(self, other: int | str | Fraction) -> Magnitude:
        return Magnitude.of(other) * self.reciprocal()

    def __pow__(self, exponent: int) -> Magnitude:
        if not isinstance(exponent, int) or isinstance(exponent, bool):
            raise ValueError(f"exponent must be an integer, got {exponent!r}")
        return Magnitude({p: e * exponent for p, e in self._primes.items()})

    def reciprocal(self) -> Magnitude:
        return Magnitude({p: -e for p, e in self._primes.items()})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Magnitude) and self._primes == other._primes

    def __hash__(self) -> int:
        return hash(frozenset(self._primes.items()))

    def __repr__(self) -> str:
        body = " · ".join(f"{p}^{e}" for p, e in sorted(self._primes.items())) or "1"
        return f"Magnitude({body})"

    # -- exact questions ------------------------------------------------------
    def is_integer(self) -> bool:
        return all(e > 0 for e in self._primes.values())

    def power_of_ten(self) -> int | None:
        """k if the number is exactly 10**k (k may be negative), else None."""
        if set(self._primes) - {2, 5}:
            return None
        twos, fives = self._primes.get(2, 0), self._primes.get(5, 0)
        return twos if twos == fives else None

    def _exponent_size(self) -> int:
        """Decimal digits in the largest exponent: sets the working precision."""
        biggest = max((abs(e) * max(p.bit_length(), 1) for p, e in self._primes.items()), default=1)
        return len(str(biggest)) + 2

    def log10_interval(self, ctx: MPIntervalContext) -> iv.mpf:
        """An interval that certainly contains log10 of the number, at ``ctx``'s precision."""
        total = ctx.mpf(0)
        for p, e in self._primes.items():
            total += e * log_of(ctx, p)
        return total / log_of(ctx, 10)

    def _decide(self, extra_digits: int, question):
        """Raise precision until ``question(interval, ctx)`` gives one answer at both ends."""
        dps = self._exponent_size() + extra_digits + 10
        while dps <= _MAX_DPS:
            with interval_context(dps) as ctx:
                answer = question(self.log10_interval(ctx), ctx)
            if answer is not None:
                return answer
            dps *= 2
        raise ValueError("this number sits too close to a power of ten to decide its digits")

    def _small_fraction(self) -> tuple[int, int] | None:
        """(numerator, denominator) when both together hold at most :data:`EXACT_BITS` bits,
        else None. Exact integers then decide what no interval can: a value that is exactly
        an integer or a half (:meth:`_shifted_mantissa`), or one as near a power of ten as
        intervals give up on. Not for speed: for a 32×32 RGB image's count over 10^80,
        :meth:`floor_log10` took ~0.3–0.9 ms this way and ~0.1–0.7 ms by intervals (measured
        2026-11-26 on the shared, loaded 2-core machine)."""
        if sum(abs(e) * p.bit_length() for p, e in self._primes.items()) > EXACT_BITS:
            return None
        numerator = denominator = 1
        for p, e in self._primes.items():
            if e > 0:
                numerator *= p**e
            else:
                denominator *= p**-e
        return numerator, denominator

    def floor_log10(self) -> int:
        """The exact integer part of log10: the power of ten of the leading digit."""
        exact = self.power_of_ten()
        if exact is not None:
            return exact
        small = self._small_fraction()
        if small is not None:
            return _floor_log10_of_fraction(*small)
        return self._decide(0, lambda t, _ctx: same_floor(t))

    def digit_count(self) -> int:
        """How many decimal digits the integer part has (1 for numbers below 10)."""
        return max(self.floor_log10(), 0) + 1

    def log10(self, places: int = 12) -> str:
        """log10 of the number with ``places`` certain decimals (truncated, not rounded)."""
        if places < 0:
            raise ValueError("places must be ≥ 0")
        exact = self.power_of_ten()
        if exact is not None:
            return f"{exact}" + ("." + "0" * places if places else "")

        def question(t, ctx):
            sign = sign_of(t)
            if sign == 0:
                return None
            scaled = same_floor(t * (sign * 10**places))  # certain digits of |log10|
            return None if scaled is None else ("-" if sign < 0 else "", scaled)

        sign, scaled = self._decide(places, question)
        whole, frac = divmod(scaled, 10**places)
        return sign + f"{whole}" + (f".{frac:0{places}d}" if places else "")

    def _shifted_mantissa(self, digits: int, rounding: bool):
        """floor(x) or round(x) of x = mantissa·10^(digits-1), and the exponent, both certain.

        When x is itself an integer (2 = 2·10^0, 0.375 → 375) or, for rounding, a half
        (x = j + 1/2), no interval can decide it: those cases are found exactly from the
        prime exponents and computed with small integers instead.
        """
        small = self._small_fraction()  # built once: floor_log10 would build it again
        if small is None or self.power_of_ten() is not None:
            whole = self.floor_log10()
        else:
            whole = _floor_log10_of_fraction(*small)
        if small is not None:  # exact integers: floor, or round half to even
            shift = digits - 1 - whole
            numerator, denominator = small[0] * 10 ** max(shift, 0), small[1] * 10 ** max(-shift, 0)
            lead, rest = divmod(numerator, denominator)
            up = rounding and (2 * rest > denominator or (2 * rest == denominator and lead % 2 == 1))
            return lead + up, whole
        scaled = self * Magnitude({2: digits - 1 - whole, 5: digits - 1 - whole})
        if scaled.is_integer():
            return scaled.exact_int(digits + 1), whole
        doubled = scaled * 2
        if rounding and doubled.is_integer():  # exactly j + 1/2: round half to even
            j = doubled.exact_int(digits + 2) // 2
            return j + (j % 2), whole
        offset = "0.5" if rounding else "0"

        def question(t, ctx):
            return same_floor(ctx.power(10, t + (digits - 1 - whole)) + ctx.mpf(offset))

        return self._decide(digits, question), whole

    def leading_digits(self, count: int) -> str:
        """The first ``count`` significant digits of the number, exactly (truncated)."""
        if count < 1:
            raise ValueError("count must be ≥ 1")
        if self.power_of_ten() is not None:
            return "1" + "0" * (count - 1)
        lead, _ = self._shifted_mantissa(count, rounding=False)
        return decimal_digits(lead, count)

    def scientific(self, significant: int = 5) -> Scientific:
        """mantissa·10^exponent, the mantissa correctly rounded to ``significant`` digits."""
        if significant < 1:
            raise ValueError("significant must be ≥ 1")
        exact = self.power_of_ten()
        if exact is not None:
            return Scientific(_mantissa_text("1" + "0" * (significant - 1)), exact)
        digits, exponent = self._shifted_mantissa(significant, rounding=True)
        if digits == 10**significant:  # 9.99995 rounds up to 10.000: carry into the exponent
            digits, exponent = 10 ** (significant - 1), exponent + 1
        return Scientific(_mantissa_text(str(digits)), exponent)

    def trailing_digits(self, count: int) -> str:
        """The last ``count`` digits of an integer-valued number (fewer if it is shorter)."""
        if count < 1:
            raise ValueError("count must be ≥ 1")
        if not self.is_integer():
            raise ValueError("only an integer has trailing digits")
        count = min(count, self.digit_count())
        modulus = 10**count
        result = 1
        for p, e in self._primes.items():
            result = result * pow(p, e, modulus) % modulus
        return decimal_digits(result, count)

    def exact_int(self, max_digits: int = 4000) -> int:
        """The number itself, only when it is an integer of at most ``max_digits`` digits."""
        if not self.is_integer():
            raise ValueError("not an integer")
        if self.digit_count() > max_digits:
            raise ValueError(f"more than {max_digits:,} digits: too large to build")
        result = 1
        for p, e in self._primes.items():
            result *= p**e
        return result

    def compare(self, other: Magnitude) -> int:
        """-1, 0 or 1 as self is below, equal to or above ``other``, decided exactly."""
        return (self / other).log10_sign()

    def log10_sign(self) -> int:
        """The sign of log10 of the number: 1 above one, -1 below, 0 for exactly one."""
        if not self._primes:
            return 0
        small = self._small_fraction()
        if small is not None:
            return (small[0] > small[1]) - (small[0] < small[1])
        return self._decide(0, lambda t, _ctx: sign_of(t) or None)


def decimal_digits(n: int, width: int = 0) -> str:
    """str(n) zero-padded to ``width``, also above Python's 4,300-digit limit for str().

    Splits the number in halves by powers of ten so each str() call stays small;
    meant for the thousands of digits a page shows, not for millions.
    """
    if n < 0:
        raise ValueError("only non-negative integers")
    if n.bit_length() < 4000 * 3.32:  # comfortably under 4,300 digits
        return f"{n:0{width}d}"
    half = max(width, int(n.bit_length() * 0.30103) + 1) // 2
    high, low = divmod(n, 10**half)
    return decimal_digits(high, width - half if width > half else 0) + decimal_digits(low, half)


def _mantissa_text(digits: str) -> str:
    return digits[0] + ("." + digits[1:] if len(digits) > 1 else "")


def _floor_log10_of_fraction(numerator: int, denominator: int) -> int:
    """floor(log10(numerator / denominator)) of a positive fraction, exactly.

    >>> _floor_log10_of_fraction(999, 1), _floor_log10_of_fraction(1000, 1), _floor_log10_of_fraction(1, 1000)
    (2, 3, -3)
    >>> _floor_log10_of_fraction(1, 1001)
    -4
    """

    def at_least(k: int) -> bool:  # numerator / denominator ≥ 10^k
        return numerator * 10 ** max(-k, 0) >= denominator * 10 ** max(k, 0)

    k = (numerator.bit_length() - denominator.bit_length()) * 30103 // 100000  # within 1 of it
    while not at_least(k):
        k -= 1
    while at_least(k + 1):
        k += 1
    return k
