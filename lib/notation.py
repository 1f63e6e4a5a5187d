"""How the app writes big numbers: one notation everywhere, as HTML the app builds itself.

Superscripts for powers (never a caret on screen), one multiplication sign (×), a
real minus sign (−), thousands grouped. A mantissa is left out only when it is exactly
1 (``10⁸⁰``): one that merely rounds to 1.0000 keeps its digits. An expression never
breaks across lines; instead :func:`fit_style` scales its type to the width of its box
(CSS container units), so ``1.0149 × 10^68,181,011`` stays whole on a phone.

Everything here is plain string building from the app's own numbers and texts (no
Streamlit); any text that is not our own markup is HTML-escaped first.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from fractions import Fraction
from functools import lru_cache

from lib.big_numbers import Magnitude, Scientific

__all__ = [
    "Footnotes",
    "card_html",
    "exponent_html",
    "fit_style",
    "length_html",
    "magnitude_html",
    "plural",
    "power_html",
    "ratio_html",
    "rich_text",
    "signed",
    "whole_html",
]


def _grouped(exponent: int) -> str:
    return f"{exponent:,}".replace("-", "−")


def power_html(sci: Scientific) -> str:
    """``1.0149 × 10<sup>68,181,011</sup>`` as one unbreakable piece of HTML.

    >>> power_html(Scientific("1.0149", 68181011))
    '<span class="pow">1.0149 × 10<sup>68,181,011</sup></span>'
    >>> power_html(Scientific("1", 80)), power_html(Scientific("1.00", -3))
    ('<span class="pow">10<sup>80</sup></span>', '<span class="pow">1.00 × 10<sup>−3</sup></span>')
    """
    power = f"10<sup>{_grouped(sci.exponent)}</sup>"
    body = power if sci.mantissa == "1" else f"{html.escape(sci.mantissa)} × {power}"
    return f'<span class="pow">{body}</span>'


@lru_cache(maxsize=1024)  # interval arithmetic on 10^8-digit exponents: ms each
def magnitude_html(value: Magnitude, significant: int = 3) -> str:
    """A magnitude to ``significant`` digits; exactly ``10^k`` is written without a mantissa.

    >>> magnitude_html(Magnitude.of(10**80)), magnitude_html(Magnitude.power(2, 28738), 5)
    ('<span class="pow">10<sup>80</sup></span>', '<span class="pow">1.0000 × 10<sup>8,651</sup></span>')
    """
    power = value.power_of_ten()
    if power is not None:
        return power_html(Scientific("1", power))
    return power_html(value.scientific(significant))


def exponent_html(log10_text: str) -> str:
    """'68181011.0064' -> 10^68,181,011.0064, the exponent grouped for reading.

    >>> exponent_html("-3.5")
    '<span class="pow">10<sup>−3.5</sup></span>'
    """
    sign = "−" if log10_text.startswith("-") else ""
    whole, _, frac = log10_text.lstrip("-").partition(".")
    grouped = sign + f"{int(whole):,}" + (f".{frac}" if frac else "")
    return f'<span class="pow">10<sup>{grouped}</sup></span>'


@lru_cache(maxsize=1024)  # interval arithmetic on 10^8-digit exponents: ms each
def ratio_html(ratio: Magnitude, significant: int = 3) -> str:
    """How a count compares with a yardstick: '10^68,180,931 times as many', or fewer.

    >>> ratio_html(Magnitude.of(1))
    'exactly as many'
    """
    side = ratio.log10_sign()
    if side == 0:
        return "exactly as many"
    if side > 0:
        return f"{magnitude_html(ratio, significant)} times as many"
    return f"{magnitude_html(ratio.reciprocal(), significant)} times fewer"


# 1.36×10^50, 5.85·10^9, 10^-80, 256^28,311,552: a base, a caret and a grouped exponent.
_POWER_TEXT = re.compile(
    r"(?:(?P<mantissa>\d+(?:\.\d+)?)\s?[×·]\s?)?(?P<base>\d[\d,]*)\^(?P<exponent>[-−]?\d[\d,]*\d|[-−]?\d)"
)


def rich_text(text: str) -> str:
    """Our own sentences as HTML: escaped, with every ``a^b`` as a superscript and × as the sign.

    >>> rich_text("about 1.36·10^50 bits <per> kg, and 256^3")
    'about <span class="pow">1.36 × 10<sup>50</sup></span> bits &lt;per&gt; kg, and <span class="pow">256<sup>3</sup></span>'
    """

    def sup(match: re.Match[str]) -> str:
        mantissa = f"{match['mantissa']} × " if match["mantissa"] else ""
        exponent = match["exponent"].replace("-", "−")
        return f'<span class="pow">{mantissa}{match["base"]}<sup>{exponent}</sup></span>'

    return _POWER_TEXT.sub(sup, html.escape(text, quote=False))


def fit_style(value_html: str, largest_rem: float = 3.6) -> str:
    """A CSS font-size that fits ``value_html`` on one line of its box, at any width.

    The width of the expression in em is estimated from its characters (digits ~0.56 em,
    superscripts at 0.6 of that); the size is then that share of the box's inline size
    (``cqi``, the box is a size container), never above ``largest_rem`` (rem grows with
    presentation mode's root size) and never below 0.9 rem.

    >>> fit_style('<span class="pow">10<sup>80</sup></span>')
    'font-size: clamp(0.9rem, 53.5cqi, 3.6rem)'
    """
    sups = "".join(re.findall(r"<sup>(.*?)</sup>", value_html))
    visible = html.unescape(re.sub(r"<[^>]+>", "", value_html))
    em = 0.56 * (len(visible) - len(sups)) + 0.6 * 0.56 * len(sups) + 0.3
    share = 112 / max(em, 1.0)  # measured in Chromium: the estimate runs ~20% wide
    return f"font-size: clamp(0.9rem, {share:.1f}cqi, {largest_rem}rem)"


def signed(value: float, digits: int) -> str:
    """``value`` to ``digits`` decimals with a true minus sign (−), as the app's prose writes
    negatives ("about −2"), never an ASCII hyphen. A value that rounds to zero has no sign:
    "−0.00" would claim a direction the digits do not show.

    >>> signed(-2.7012, 2), signed(-0.0004, 3), signed(0.5, 1), signed(-0.001, 2)
    ('−2.70', '0.000', '0.5', '0.00')
    """
    text = f"{value:.{digits}f}"
    if set(text) <= set("-0."):
        return text.lstrip("-")
    return text.replace("-", "−")


def plural(n: int, word: str) -> str:
    """A count and its noun, singular for one: '1 book', '29 books', '3 channels'.

    >>> plural(1, "book"), plural(1_234, "book"), plural(1, "bit")
    ('1 book', '1,234 books', '1 bit')
    """
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def whole_html(n: int, grouped_up_to: int = 10**12) -> str:
    """A whole number grouped (14,205) or, when longer, rounded to 3 digits and marked ≈.

    Rounded with integers (half up), so ``n`` may have any number of digits under
    Python's 4,300-digit limit for str().

    >>> whole_html(14205), whole_html(2_130_000_000_000_000_000_001)
    ('14,205', '≈ <span class="pow">2.13 × 10<sup>21</sup></span>')
    """
    if n < grouped_up_to:
        return f"{n:,}"
    digits = str(n)
    exponent = len(digits) - 1
    lead = (int(digits[:4]) + 5) // 10  # three significant digits, half up
    if lead == 1000:
        lead, exponent = 100, exponent + 1
    text = str(lead)
    return f"≈ {power_html(Scientific(f'{text[0]}.{text[1:]}', exponent))}"


#: Lengths from millimetres up to light-years, each with its size in millimetres.
_LENGTHS = (("light-years", 9_460_730_472_580_800_000), ("km", 1_000_000), ("m", 1000), ("cm", 10))


def length_html(mm: Fraction) -> str:
    """A length in the largest unit it exceeds, to 3 significant digits: '144 km', '17.1 cm',
    '9,510 km'; a power of ten only from a million units on: '≈ 2.13 × 10^6 light-years'.

    >>> length_html(Fraction(3429, 20)), length_html(Fraction(721582377, 5))
    ('17.1 cm', '144 km')
    >>> length_html(Fraction(9_514_321_000)), length_html(Fraction(999_999_999_999))
    ('9,510 km', '≈ <span class="pow">1.00 × 10<sup>6</sup></span> km')
    """
    for unit, size in _LENGTHS:
        if mm >= size:
            value = mm / size
            if value >= 1000:
                if value < 999_500:  # 3 significant digits (half up) below a million: plain
                    step = 10 ** (len(str(int(value))) - 3)
                    return f"{int(value / step + Fraction(1, 2)) * step:,} {unit}"
                return f"{whole_html(round(value), 999_500)} {unit}"
            return f"{float(value):.3g} {unit}"
    return f"{float(mm):.3g} mm"


class Footnotes:
    """Sources gathered while a page is built, numbered in the order they are cited.

    >>> notes = Footnotes()
    >>> notes.cite("CODATA 2018"), notes.cite("Planck 2018"), notes.cite("CODATA 2018")
    ('<sup class="fn">1</sup>', '<sup class="fn">2</sup>', '<sup class="fn">1</sup>')
    """

    def __init__(self) -> None:
        self.sources: list[str] = []

    def cite(self, *sources: str) -> str:
        """One mark for one or more sources: several read '10, 11', never '1011'.

        >>> notes = Footnotes()
        >>> notes.cite("a", "b")
        '<sup class="fn">1, 2</sup>'
        """
        for source in sources:
            if source not in self.sources:
                self.sources.append(source)
        numbers = ", ".join(str(self.sources.index(source) + 1) for source in sources)
        return f'<sup class="fn">{numbers}</sup>'


def cards_html(cards: Iterable[str], *, no_card_alone: bool = False) -> str:
    """Cards (:func:`card_html`) in a grid that stacks on a phone: one block of HTML.

    ``no_card_alone`` never leaves one card on a row of its own: all the cards on one row where
    each gets 16rem, else (an even number of them) two a row where each gets 14rem, else one a
    row. The track's least width picks the count (a length that is huge or negative on either
    side of a width, clamped between the shares of a row): CSS without media queries, which an
    inline style cannot hold.

    >>> cards_html([card_html("a", "1")]).startswith('<div class="cards"><div class="card">')
    True
    >>> "calc((66.4rem - 100%) * 1000)" in cards_html([card_html(str(i), "1") for i in range(4)], no_card_alone=True)
    True
    """
    cards = list(cards)
    n = len(cards)
    if not no_card_alone or n < 3:
        return f'<div class="cards">{"".join(cards)}</div>'
    gap = 0.8  # rem, as .cards sets it
    whole_row = f"calc({100 / n:.4g}% - {gap * (n - 1) / n + 0.01:.3g}rem)"
    one_row_from = f"{n * 16 + (n - 1) * gap:.3g}rem"
    fewer = f"calc(50% - {gap / 2 + 0.01:.3g}rem)" if n % 2 == 0 else "100%"
    fewer_from = f"{2 * 14 + gap:.3g}rem" if n % 2 == 0 else one_row_from
    least = (
        f"max({whole_row}, min(calc(({one_row_from} - 100%) * 1000), {fewer}), "
        f"min(calc(({fewer_from} - 100%) * 1000), 100%))"
    )
    style = f"grid-template-columns: repeat(auto-fill, minmax({least}, 1fr))"
    return f'<div class="cards" style="{style}">{"".join(cards)}</div>'


def card_html(title: str, figure_html: str, body_html: str = "", note_html: str = "") -> str:
    """One short card: a heading, its figure, a sentence or a list, a small note (all our HTML)."""
    return (
        f'<div class="card"><h4>{rich_text(title)}</h4><div class="figure">{figure_html}</div>'
        + (f"<p>{body_html}</p>" if body_html and not body_html.startswith("<ul") else body_html)
        + (f'<p class="note">{note_html}</p>' if note_html else "")
        + "</div>"
    )
