"""lib.big_numbers against Python's own big integers (the oracle) wherever they can be built."""

from __future__ import annotations

import time
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mpmath import mp

from lib.big_numbers import Magnitude, interval_context

bases = st.integers(min_value=2, max_value=10**6)
small_exponents = st.integers(min_value=1, max_value=400)


def oracle_scientific(q: Fraction, digits: int) -> tuple[str, int]:
    """Correctly rounded mantissa and exponent of a rational, with Decimal at ample precision."""
    with localcontext() as ctx:
        ctx.prec = 3000
        d = Decimal(q.numerator) / Decimal(q.denominator)
        exponent = d.adjusted()
        mantissa = (d.scaleb(-exponent)).quantize(Decimal(1).scaleb(-(digits - 1)), ROUND_HALF_EVEN)
        if mantissa >= 10:
            mantissa, exponent = (mantissa / 10).quantize(Decimal(1).scaleb(-(digits - 1))), exponent + 1
    return str(mantissa), exponent


@given(bases, small_exponents, st.integers(min_value=1, max_value=30))
@settings(max_examples=150, deadline=None)
def test_integer_digits_match_python_integers(base, exponent, k):
    n = base**exponent
    text = str(n)
    m = Magnitude.power(base, exponent)
    assert m.digit_count() == len(text)
    assert m.leading_digits(min(k, len(text))) == text[: min(k, len(text))]
    assert m.trailing_digits(k) == text[-k:]
    assert m.floor_log10() == len(text) - 1
    assert m.exact_int() == n


@given(bases, small_exponents, st.integers(min_value=1, max_value=12))
@settings(max_examples=150, deadline=None)
def test_scientific_is_correctly_rounded(base, exponent, digits):
    sci = Magnitude.power(base, exponent).scientific(digits)
    mantissa, power = oracle_scientific(Fraction(base**exponent), digits)
    assert (sci.mantissa, sci.exponent) == (mantissa, power)


@given(st.integers(min_value=1, max_value=10**9), bases, small_exponents)
@settings(max_examples=100, deadline=None)
def test_fractions_below_one(count, base, exponent):
    """A dataset's share of a space: count / base^exponent, far below 1."""
    q = Fraction(count, base**exponent)
    share = Magnitude.of(count) / Magnitude.power(base, exponent)
    assert not share.is_integer() or q.denominator == 1
    mantissa, power = oracle_scientific(q, 4)
    assert (share.scientific(4).mantissa, share.scientific(4).exponent) == (mantissa, power)
    assert share.log10_sign() == (1 if q > 1 else -1 if q < 1 else 0)


@given(bases, small_exponents, st.integers(min_value=0, max_value=25))
@settings(max_examples=100, deadline=None)
def test_log10_digits_are_certain_truncations(base, exponent, places):
    text = Magnitude.power(base, exponent).log10(places)
    with mp.workdps(200):
        truth = mp.log10(mp.mpf(base)) * exponent
        expected = mp.floor(truth * 10**places) / mp.mpf(10) ** places
        assert mp.mpf(text) == expected


def _closest_to_powers_of_ten(limit: int) -> list[int]:
    """The exponents e ≤ ``limit`` at which 2^e comes closer to a power of ten than at any
    smaller one: the denominators of the continued fraction's convergents of log10(2)
    (2^10 = 1024, 2^93, 2^196, ... 2^485 ≈ 10^146·0.9997...), where e·log10(2) is nearest a
    whole number and a digit count read from too few digits of the logarithm goes wrong."""
    with mp.workdps(80):
        rest, (q0, q1), found = mp.log10(2), (1, 0), []
        while q1 <= limit:
            whole = int(mp.floor(rest))
            rest = 1 / (rest - whole)
            q0, q1 = q1, whole * q1 + q0
            found.append(q1)
    return [q for q in found if q <= limit]


#: Each such exponent from 2^1 to 2^(3.9·10^23): 53 of them below 10^24 (2^(e±1) is twice as
#: far from any power of ten, no harder than any other exponent).
NEAR_POWERS_OF_TEN = _closest_to_powers_of_ten(10**24)


def test_digit_count_is_floor_log10_plus_one_and_monotone():
    """digits = floor(log10) + 1, and a bigger exponent never has fewer digits (2^e, huge e),
    at every exponent where 2^e is nearer a power of ten than at all smaller ones (200 random
    exponents up to 10^24 came that near with a chance of about one in a million each)."""
    assert len(NEAR_POWERS_OF_TEN) == 53 and NEAR_POWERS_OF_TEN[-1] > 10**23
    previous = None
    for e in NEAR_POWERS_OF_TEN:
        a = Magnitude.power(2, e)
        assert a.digit_count() == int(a.log10(0)) + 1, e
        if previous is not None:
            assert previous.digit_count() <= a.digit_count(), e
            assert previous.compare(a) == -1, e
        previous = a


def test_the_phone_photo():
    photo = Magnitude.power(256, 2304 * 4096 * 3)
    assert photo.digit_count() == 68_181_012
    assert str(photo.scientific(5)) == "1.0149·10^68,181,011"
    # The last digits by modular arithmetic; the first by interval arithmetic.
    assert photo.trailing_digits(12) == f"{pow(2, 2304 * 4096 * 3 * 8, 10**12):012d}"
    assert photo.leading_digits(12) == "101485647062"


def test_powers_of_ten_are_exact():
    assert Magnitude.of(10**80).power_of_ten() == 80
    assert Magnitude.of("1e-7").power_of_ten() == -7
    assert Magnitude.of("1e80").digit_count() == 81
    assert Magnitude.of("1e80").leading_digits(5) == "10000"
    assert Magnitude.of("1e80").log10(3) == "80.000"
    assert Magnitude.of(1).log10_sign() == 0
    assert (Magnitude.of(4) ** 3).compare(Magnitude.of(64)) == 0
    assert Magnitude.of(999).scientific(2).mantissa == "1.0"  # rounding carries into the exponent
    assert Magnitude.of(999).scientific(2).exponent == 3


def test_decimal_strings_are_exact():
    assert Magnitude.of("1.36e50") == Magnitude.of(136 * 10**48)
    assert Magnitude.of("5.85e9") * 2 == Magnitude.of(11_700_000_000)
    assert (Magnitude.of(7) / 7) == Magnitude.of(1)


def test_extreme_exponents_are_fast_and_finite():
    """10^9 × 10^9 pixels, 64 channels, 32 bits: still microseconds, no overflow."""
    huge = Magnitude.power(2, 10**9 * 10**9 * 64 * 32)
    start = time.perf_counter()
    facts = (huge.digit_count(), huge.leading_digits(12), huge.trailing_digits(12), huge.scientific(5))
    elapsed = time.perf_counter() - start
    assert facts[0] == int(huge.log10(0)) + 1 == 616_509_431_119_833_487_798
    assert len(facts[1]) == 12 and len(facts[2]) == 12
    assert elapsed < 5  # a generous sanity bound, not a benchmark (see bench/)


@pytest.mark.parametrize("bad", [0, -3, "abc", "inf", "nan", None, Fraction(-1, 2)])
def test_bad_values_raise_value_error(bad):
    with pytest.raises(ValueError):
        Magnitude.of(bad)


def test_bad_questions_raise_value_error():
    m = Magnitude.power(2, 10)
    with pytest.raises(ValueError):
        m.leading_digits(0)
    with pytest.raises(ValueError):
        (Magnitude.of(1) / 3).trailing_digits(3)
    with pytest.raises(ValueError):
        Magnitude.power(2, 10**6).exact_int()
    with pytest.raises(ValueError):
        m**0.5


def test_threads_compute_digits_side_by_side_without_waiting_for_each_other():
    """Each computation has its own interval context: no global precision, no lock.

    One thread holds a context at 5 digits for as long as the others run; with a shared
    global precision (or a lock around it) the others would compute at the wrong precision
    (or wait). Every thread's answer is checked against Python's integers.
    """
    import threading

    release = threading.Event()
    results: dict[int, tuple[str, str]] = {}

    def hold_low_precision():
        with interval_context(5):
            release.wait(timeout=30)

    def compute(base: int):
        m = Magnitude.power(base, 3000)
        results[base] = (m.leading_digits(40), str(base**3000)[:40])

    holder = threading.Thread(target=hold_low_precision)
    holder.start()
    workers = [threading.Thread(target=compute, args=(b,)) for b in range(3, 19)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=30)
    finished = not any(w.is_alive() for w in workers)
    release.set()
    holder.join()
    assert finished, "computations waited for a context held by another thread"
    assert len(results) == 16
    for got, want in results.values():
        assert got == want


@given(st.integers(min_value=0, max_value=2**60000), st.integers(min_value=0, max_value=20000))
@settings(max_examples=40, deadline=None)
def test_decimal_digits_beyond_pythons_str_limit(n, width):
    import sys

    from lib.big_numbers import decimal_digits

    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        assert decimal_digits(n, width) == str(n).zfill(width)
    finally:
        sys.set_int_max_str_digits(old)


def test_ten_thousand_digits_at_each_end():
    photo = Magnitude.power(2, 226_492_416)
    first, last = photo.leading_digits(10_000), photo.trailing_digits(10_000)
    assert len(first) == len(last) == 10_000
    assert first.startswith("101485647062")
    assert int(last[-4000:]) == pow(2, 226_492_416, 10**4000)


def test_logs_of_primes_are_kept_only_small_and_few():
    """lib.intervals keeps each prime's log per precision up to ~1,200 digits, 1,024 of them at
    most: a thousand leading digits (kilobytes a log) or many primes never pile up."""
    from lib import intervals

    with interval_context(2_000) as ctx:  # ~6,600 bits: worked out, not kept
        assert intervals.log_of(ctx, 7)._mpi_ == ctx.log(7)._mpi_
    assert all(bits <= intervals._LOG_CACHE_BITS for _, bits in intervals._LOGS)
    with interval_context(20) as ctx:
        for p in range(2, 3_000):
            intervals.log_of(ctx, p)
    assert 0 < len(intervals._LOGS) <= intervals._LOG_CACHE_SIZE
