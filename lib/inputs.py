"""Reading numbers that people type or put in a URL.

A talk's slide links to ``?w=32&h=32``; a student types ``1e9`` or ``10^9`` or
``4,096``. All of these are read here, exactly (no float ever touches a whole number),
and anything else is refused with a sentence a visitor understands.
"""

from __future__ import annotations

import re

#: Longer input than this is refused before any parsing (keeps hostile URLs cheap).
MAX_INPUT_LENGTH = 40

# re.ASCII: \d is 0-9 only. Python's \d and int() also read Arabic-Indic (٣٢), full-width
# (３２) and mathematical (𝟑𝟐) digits; those are refused with a message, never read silently.
_GROUPED = re.compile(r"^\d{1,3}([,_ ]\d{3})+$", re.ASCII)
_PLAIN = re.compile(r"^\d+$", re.ASCII)
_SCIENTIFIC = re.compile(r"^(\d+)(?:\.(\d+))?[eE]\+?(\d{1,3})$", re.ASCII)
_POWER = re.compile(r"^(\d{1,6})\s*(?:\^|\*\*)\s*(\d{1,3})$", re.ASCII)
_TIMES_POWER = re.compile(r"^(\d+)(?:\.(\d+))?\s*(?:[x×*·]|\\cdot)\s*10\s*(?:\^|\*\*)\s*(\d{1,3})$", re.ASCII)


def parse_whole_number(text: str, what: str, low: int, high: int) -> int:
    """Read a whole number between ``low`` and ``high`` from what a person typed.

    Accepts ``2304``, ``2,304``, ``2 304``, ``2_304``, ``1e9``, ``2.5e3``, ``2.50e1``,
    ``10^9``, ``10**9``, ``2^10``, ``1.5×10^7``, written with the digits 0–9. Raises
    ``ValueError`` with a readable message for anything else, for fractions and for
    values outside ``[low, high]``.

    >>> parse_whole_number("2.50e1", "width", 1, 100), parse_whole_number("2.50×10^1", "width", 1, 100)
    (25, 25)
    >>> parse_whole_number("2.55e1", "width", 1, 100)
    Traceback (most recent call last):
    ...
    ValueError: width: “2.55e1” is not a whole number; type e.g. 1, 4096, 1e9 or 10^9
    """
    raw = text if isinstance(text, str) else str(text)
    if len(raw) > MAX_INPUT_LENGTH:
        raise ValueError(f"{what}: that is {len(raw):,} characters long; type a number such as {low:,}")
    cleaned = raw.strip()
    if not cleaned:
        raise ValueError(f"{what} is empty: type a whole number from {low:,} to {high:,}")
    if cleaned.startswith("-"):
        raise ValueError(f"{what} cannot be negative (got {cleaned}); it must be {low:,} or more")
    value = _read(cleaned)
    if value is None:
        hint = " with the digits 0–9" if any(c.isdigit() and not c.isascii() for c in cleaned) else ""
        raise ValueError(
            f"{what}: “{cleaned}” is not a whole number; type e.g. {low:,}, 4096, 1e9 or 10^9{hint}"
        )
    if value < low:
        raise ValueError(f"{what} must be at least {low:,} (got {value:,})")
    if value > high:
        raise ValueError(f"{what} must be at most {_short(high)} (got {_short(value)})")
    return value


def _read(text: str) -> int | None:
    if _PLAIN.match(text):
        return int(text)
    if _GROUPED.match(text):
        return int(re.sub(r"[,_ ]", "", text))
    if match := _SCIENTIFIC.match(text) or _TIMES_POWER.match(text):
        # Trailing zeros after the point say nothing: 2.50e1 = 2.5e1 = 25, 25.0e0 = 25.
        whole, frac, exponent = match.group(1), (match.group(2) or "").rstrip("0"), int(match.group(3))
        if len(frac) > exponent:
            return None  # 2.55e1 = 25.5: not whole
        return int(whole + frac) * 10 ** (exponent - len(frac))
    if match := _POWER.match(text):
        return int(match.group(1)) ** int(match.group(2))  # at most ~6,000 digits: cheap
    return None


def _short(n: int) -> str:
    """A number for a message: grouped if short, else the power of ten it lies between.

    >>> _short(12_345)
    '12,345'
    >>> _short(10**999), _short(10**999 - 1), _short(3 * 10**40)
    ('about 10^999', 'about 10^998', 'about 10^40')
    """
    if n < 10**16:
        return f"{n:,}"
    # str() of a many-thousand-digit int is refused by Python: start from its bits, then
    # settle the exponent exactly against powers of ten (n has at most a few thousand digits).
    exponent = int((n.bit_length() - 1) * 0.30102999566398120)
    while 10**exponent > n:
        exponent -= 1
    while 10 ** (exponent + 1) <= n:
        exponent += 1
    return f"about 10^{exponent}"
