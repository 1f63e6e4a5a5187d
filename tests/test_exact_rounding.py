"""Small numbers are rounded with exact integers, big ones with interval arithmetic: the two
must agree digit for digit (lib.big_numbers: ``EXACT_BITS``).

A view's cards round a dozen numbers (its count against the atoms, each dataset, each
enumeration rate); below ``EXACT_BITS`` bits that is integer division instead of intervals
(~2× faster for a 32×32 RGB view's cards), and it must change no digit.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from lib import big_numbers as bn
from lib.big_numbers import Magnitude


def both_ways(monkeypatch, value: Magnitude, ask):
    """``ask(value)`` through exact integers and through intervals (threshold 0)."""
    fast = ask(value)
    with monkeypatch.context() as patch:
        patch.setattr(bn, "EXACT_BITS", 0)
        slow = ask(value)
    return fast, slow


def numbers() -> list[Magnitude]:
    rng = random.Random(14)
    cases = [Magnitude.of(Fraction(n, d)) for n, d in ((1, 8), (125, 1000), (9995, 1000), (1, 3), (2, 3))]
    for _ in range(60):
        primes = {p: rng.randint(-400, 900) for p in rng.sample([2, 3, 5, 7, 11, 13, 3391, 1493], 3)}
        cases.append(Magnitude(primes))
    cases.append(Magnitude.power(256, 32 * 32 * 3) / Magnitude.of("1e80"))  # a 32×32 view against the atoms
    return cases


@pytest.mark.parametrize("significant", [1, 3, 5])
def test_exact_and_interval_rounding_agree(monkeypatch, significant):
    for value in numbers():
        fast, slow = both_ways(
            monkeypatch, value, lambda v: (str(v.scientific(significant)), v.floor_log10())
        )
        assert fast == slow, value
        fast, slow = both_ways(monkeypatch, value, lambda v: (v.leading_digits(significant), v.log10_sign()))
        assert fast == slow, value


def test_halves_round_to_even_and_carry():
    """Exact halves are where intervals cannot decide and integers must: half to even."""
    assert str(Magnitude.of(Fraction(1, 8)).scientific(2)) == "1.2·10^-1"  # 0.125
    assert str(Magnitude.of(Fraction(3, 8)).scientific(2)) == "3.8·10^-1"  # 0.375
    assert str(Magnitude.of(Fraction(9995, 1000)).scientific(3)) == "1.00·10^1"  # 9.995 → 10.0
    assert str(Magnitude.of(Fraction(1, 1001)).scientific(3)) == "9.99·10^-4"
    assert Magnitude.of(Fraction(1, 1000)).floor_log10() == -3
    assert Magnitude.of(Fraction(999, 1)).floor_log10() == 2
