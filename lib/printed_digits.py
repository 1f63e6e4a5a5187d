"""The count printed out: a scale a listener can feel, every figure exact.

68,181,012 digits mean little; 29 books of 500 pages, or one line of 144 km, mean something.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from lib.notation import plural
from lib.validation import check_whole_number

#: A printed page: 10-point monospace, 80 digits to a line, 60 lines to a page, 500 pages to a book.
DIGITS_PER_LINE = 80
LINES_PER_PAGE = 60
PAGES_PER_BOOK = 500
#: A 10-point monospace digit is 0.6 em = 6 pt wide, and 1 pt = 127/360 mm: 127/60 mm exactly.
DIGIT_WIDTH_MM = Fraction(127, 60)


@dataclass(frozen=True)
class PrintedDigits:
    """What writing out a number's digits would take, every figure exact (rounded up)."""

    digits: int
    pages: int
    books: int
    line_mm: Fraction  # the digits side by side on one line

    @property
    def line_km(self) -> Fraction:
        return self.line_mm / 1_000_000

    @property
    def scale(self) -> str:
        """The unit its paper is told in: ``"books"`` past one book, ``"pages"`` up to one book,
        ``"a page"`` within one page (How many images?' card and the talk then say the line).
        "1 book" over the body of 2 pages read as a mistake; so did "1 book of 500 pages" for
        the 24 lines of a 28×28 grey digit's count.

        >>> [printed(d).scale for d in (68_181_012, 2_400_000, 4_801, 1_889)]
        ['books', 'pages', 'pages', 'a page']
        """
        return "books" if self.books > 1 else "pages" if self.pages > 1 else "a page"


def printed(digits: int) -> PrintedDigits:
    """Pages, 500-page books and the length of one line that ``digits`` digits fill.

    >>> p = printed(68_181_012)
    >>> p.pages, p.books, round(float(p.line_km), 1)
    (14205, 29, 144.3)
    """
    check_whole_number(digits, "digits", 1)
    pages = -(-digits // (DIGITS_PER_LINE * LINES_PER_PAGE))
    return PrintedDigits(digits, pages, -(-pages // PAGES_PER_BOOK), digits * DIGIT_WIDTH_MM)


def lines_of(digits: int) -> str:
    """How much of a printed page ``digits`` digits take, in words: whole lines when they fill
    whole lines (dividing the phone photo's count by the 10^80 atoms crosses out 80 digits:
    "one line"), else the digits themselves.

    >>> lines_of(80), lines_of(160), lines_of(8_000), lines_of(81)
    ('one line', '2 lines', '100 lines', '81 digits')
    """
    check_whole_number(digits, "digits", 1)
    lines, rest = divmod(digits, DIGITS_PER_LINE)
    if rest:
        return f"{digits:,} digits"
    return "one line" if lines == 1 else f"{lines:,} lines"


def printed_extent(digits: int, *, book_size: bool = False) -> str:
    """How much paper ``digits`` digits fill on :func:`printed`'s scale, as How many images?'
    "Printed out" card says it: books past one book, pages up to one book, lines within a page
    (rounded up, as that card's), and ``book_size`` says a book's pages. "1 book of 500 pages"
    for the 1,889 digits of a 28×28 grey digit's count claimed a book for 24 lines.

    >>> printed_extent(68_181_012, book_size=True), printed_extent(68_181_001)
    ('29 books of 500 pages', '29 books')
    >>> printed_extent(1_889), printed_extent(50), printed_extent(4_801), printed_extent(2_400_000)
    ('24 lines', '1 line', '2 pages', '500 pages')
    """
    paper = printed(digits)
    if paper.scale == "books":
        return plural(paper.books, "book") + (f" of {PAGES_PER_BOOK} pages" if book_size else "")
    if paper.scale == "pages":
        return plural(paper.pages, "page")
    return plural(-(-digits // DIGITS_PER_LINE), "line")
