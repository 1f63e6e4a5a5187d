"""Hostile links, counted: chosen query strings against every page, and generated text against the parser.

Few but sharp. A page run costs a tenth of a second or more; a parser call, microseconds. So
every branch of the parser is checked where it is cheap (``test_every_parser_branch``, and
text generated the ways it reads numbers, with near misses of each), and a page gets one
value per branch of the reader a key goes through (``lib/ui/inputs.py``, the talk's own):
refused below or above its range, negative, empty, too long, not a number (with a hint about
foreign digits), the talk's sizes, one accepted spelling of the default (each key of a view
another: grouped, scientific, a power...), and repeated keys; every echoed value carries
markup to smuggle. Every page is opened once per value: case ``j`` gives URL key ``k`` its
value number ``(j + STRIDE·k) mod n``, so across the ``n`` cases every key of every view
receives every value exactly once (a Latin square); unknown keys and a very long query ride
along in a page's first view (no view reads them). Every run must end with no exception,
no error box and no error logged, the page's title shown, nothing typed rendered as HTML or
markdown, and the next normal request answered correctly. The number of query strings tried
is printed in pytest's summary.
"""

from __future__ import annotations

import functools
import itertools
import logging
import math
import re

import pytest
from conftest import PAGES, open_app, page_html
from fixtures import OWN_PICTURE

from lib.inputs import parse_whole_number
from lib.talk.words import CLICKER

TRIED: dict[str, int] = {}

#: The URL keys each page reads (a new page or key must be added here: see the last test).
KEYS = {
    "streamlit_app.py": ["present"],
    "pages/1_Combinatorics.py": [
        *("w", "h", "c", "bits", "m", "vocab", "tokens", "rate", "depth", "ach", "secs"),
        *("vw", "vh", "fps", "vsecs", "vbits", "digits", "present"),
    ],
    "pages/2_Sampling.py": ["size", "n", "seed", "colour", "real", "draws", "present"],
    "pages/3_Learning.py": ["size", "colour", "seed", "train", "holdout", "present"],
    "pages/4_Talk.py": ["step", "seed", "image", "colour", "side", "present"],
}


def _talk_views() -> list[dict[str, str]]:
    from lib import talk

    return [{}, *({"step": str(n)} for n in range(1, len(talk.STEPS) + 1))]


#: The views whose widgets differ: each is fuzzed with every key and every value.
VIEWS = {
    "pages/1_Combinatorics.py": lambda: [{}, *({"m": m} for m in ("text", "audio", "video"))],
    "pages/4_Talk.py": _talk_views,
}

#: Keys read from the URL without a widget are fuzzed in the first view, or in the view named here.
URL_ONLY = {"pages/4_Talk.py": {"seed": {"step": "4"}}}

#: Values every reader must refuse (or read as something harmless), one per branch of the
#: readers' refusals (``lib/ui/inputs.py``: a whole number, a choice, an on/off flag; the talk's
#: step, seed and image size). The parser's other refusals, such as "nan", "0x10" and "2.55e1",
#: end in the same branch of a page's reader as "٣٢" and are checked on the parser alone.
#: Each value a visitor's text is echoed in (40 characters at most) carries markup, so that
#: every echo is also a check of the escaping.
REFUSED = [
    "0",  # below most ranges (a valid seed; the talk has no step 0; a 0×0 image)
    "-<img onerror=1>[x](http://example.com)",  # negative, echoed whole: HTML and a link
    "",  # empty: ?w= keeps the box's value and still gets its message
    "z" * 3000,  # refused for its length before parsing; a long URL
    "10^999",  # a power with 1,000 digits: above every range, printed as about 10^999
    "٣٢%00\x00\u202e![y](http://example.com)",  # foreign digits (a hint), NUL, RTL, an image link
    "99999×99999",  # not a number; the talk's width×height, accepted at a huge size
]
#: Readers that take a key repeated: the last value, with a message (the same number twice;
#: refused values ending in one beyond every range).
REPEATED = [None, ["0", "", "<b>x</b>", "1e400"]]

#: Keys read from the link without a widget, and the value a page accepts for them.
URL_DEFAULTS = {"present": "true"}


def forms(default: str | None) -> list[str]:
    """Every accepted way of writing a key's default: each branch of the parser that reads a
    number (checked on the parser), or each way a label is matched."""
    d = default if default is not None else "1"
    if not (d.isascii() and d.isdigit()):  # a label or a width×height: spacing and case
        return [d, f" {d} ", d.upper(), f"{d}\t", d.title(), f"{d}{d}", f"{d}?"]
    n = int(d)
    return [
        d,  # plain digits
        f"{n:,}" if n >= 1000 else "0," + d.zfill(3),  # grouped with commas
        f"{n:_} ",  # underscores, trailing space
        f"{d}e0",  # scientific
        f"{d[0]}.{d[1:] or '0'}e{len(d) - 1}",  # scientific with a fraction
        f"{d}×10^0",  # times a power of ten
        f"{d} ** 1" if len(d) <= 6 else f"{d} x 10**0",  # a power (bases up to 6 digits)
    ]


def values_of(default: str | None, k: int) -> list:
    """The values key number ``k`` of a view is sent: each refusal, one accepted spelling of
    its default other than the plain one (key ``k`` takes the ``k``-th, so the keys of a view
    spread over every way of writing a number or a label at no extra run), and the repeats."""
    spellings = forms(default)[1:]
    accepted = spellings[k % len(spellings)]
    same_twice = [default or "1", default or "1"]
    return [*REFUSED, accepted, same_twice, REPEATED[1]]


#: Keys move through the values together, each ``STRIDE`` places from the last (coprime to n).
STRIDE = 3

#: Keys that no view reads: unknown keys, and one very long query. A page reads neither,
#: whatever its view, so they ride along with the first two cases of a page's first view.
UNKNOWN_KEYS = [
    {"zz": "1", "ＳＩＺＥ": "2", "<script>": "3", "": "4", "w w": "5"},
    {f"k{i}": "9" * 100 for i in range(200)},
]


def query_cases(defaults: dict[str, str | None], unknown_keys: bool = True, first: int = 0) -> list[dict]:
    """Each key gets each of its values once (a Latin square: case j gives key k its value
    (j + STRIDE·k) mod n, so keys change values together); the unknown keys, if asked for,
    join the first cases. ``first`` is how many keys of the page earlier views fuzzed: the
    accepted spellings go on turning from view to view, so a page's keys take each one."""
    values = {key: values_of(default, first + k) for k, (key, default) in enumerate(defaults.items())}
    n = len(values_of(None, 0))
    square = [{key: values[key][(j + STRIDE * k) % n] for k, key in enumerate(defaults)} for j in range(n)]
    for case, unknown in zip(square, UNKNOWN_KEYS if unknown_keys else []):
        case.update(unknown)
    return square


class LoggedErrors(logging.Handler):
    """The errors logged while a page runs: the page's catch-alls log what they swallow (a
    set-up that failed leaves no box and no exception, only its logged traceback)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith("lib"):  # Streamlit's own show up as exceptions
            return
        self.messages.append(
            f"{record.name}: {record.getMessage()} {record.exc_info and record.exc_info[1]!r}"
        )


def run(page: str, query: dict):
    """A fresh session (a new visitor following the link), as a browser opens it."""
    TRIED[page] = TRIED.get(page, 0) + 1
    errors = LoggedErrors()
    logging.getLogger().addHandler(errors)
    try:
        at = open_app(page, **query)
    finally:
        logging.getLogger().removeHandler(errors)
    at.logged_errors = errors.messages
    return at


def defaults_of(at) -> dict[str, str]:
    """What each keyed input shows in a clean run, as URL text."""
    out = {}
    for kind in ("text_input", "button_group", "segmented_control", "selectbox", "toggle"):
        for w in at.get(kind):
            if w.key and not w.key.startswith("$$"):
                value = w.value
                out[w.key] = str(value).lower() if isinstance(value, bool) else str(value)
    return out


LINK = re.compile(r"(?<!\\)\]\(http://example\.com")


def check_clean(at, query: dict) -> None:
    assert not at.exception, (query, [e.message for e in at.exception])
    assert not at.error, (query, [e.value for e in at.error])  # ui.run_page's "went wrong" box
    assert not at.logged_errors, (query, at.logged_errors)  # what a catch-all swallowed
    # A title: st.title, or the talk's step title, one <h1> in its HTML.
    assert (at.title and at.title[0].value) or re.search(r"<h1>[^<\s]", page_html(at)), query
    # The app's own pictures (inline PNGs, the HTML charts' lines) are the only images allowed,
    # and the talk's clicker keys (lib.talk.words.CLICKER, our own file) the only script.
    html = OWN_PICTURE.sub("", page_html(at)).replace(CLICKER, "")
    assert "<script" not in html and "<img" not in html and "onerror" not in html, query
    for kind in ("markdown", "warning", "info", "caption", "success"):
        for element in at.get(kind):
            body = getattr(element.proto, "body", "")
            assert not LINK.search(body), (query, kind, body[:200])  # typed markdown stays text


ALL_PAGES = ["streamlit_app.py", *PAGES]


@functools.cache
def clean_runs(target: str) -> list:
    """One clean run of each view of a page, shared by the tests that only read them (the
    fuzz's defaults and the check that every keyed input is fuzzed): run once per process."""
    return [(view, run(target, view)) for view in VIEWS.get(target, lambda: [{}])()]


@pytest.mark.parametrize("target", ALL_PAGES)
def test_hostile_query_strings(target):
    """Each key is fuzzed in the first view that shows it (keys read only from the URL, in the
    first view); a view with no new key gets its clean run only."""
    views = [view for view, _ in clean_runs(target)]
    shown = []
    for view, normal in clean_runs(target):
        check_clean(normal, view)
        shown.append(defaults_of(normal))
    widgets = set().union(*shown)
    fuzzed: set[str] = set()
    for view, defaults in zip(views, shown):
        keys = {
            k: defaults.get(k, URL_DEFAULTS.get(k))
            for k in KEYS.get(target, [])
            if k not in view
            and k not in fuzzed
            and (k in defaults or (k not in widgets and URL_ONLY.get(target, {}).get(k, views[0]) == view))
        }
        first = len(fuzzed)
        fuzzed |= set(keys)
        for query in query_cases(keys, unknown_keys=view == views[0], first=first) if keys else []:
            check_clean(run(target, {**query, **view}), {**query, **view})
    assert fuzzed == set(KEYS.get(target, [])), set(KEYS.get(target, [])) - fuzzed
    # Afterwards the app still answers a normal request correctly.
    normal = run(target, {})
    check_clean(normal, {})
    if target == "pages/1_Combinatorics.py":
        assert "1.0149 ×" in page_html(normal)


def test_every_key_gets_every_value():
    """The square really is one: each key sees each refused value, its accepted spelling and
    the repeats once; the keys of a view spell their defaults every way there is."""
    defaults = {"w": "2304", "h": "4096", "seed": "42", "m": "image", "present": "true", "n": "9"}
    n = len(values_of(None, 0))
    assert math.gcd(STRIDE, n) == 1  # else keys would move in step and pair up
    cases = query_cases(defaults, unknown_keys=False)
    assert len(cases) == n
    for k, (key, default) in enumerate(defaults.items()):
        assert sorted(map(str, (case[key] for case in cases))) == sorted(map(str, values_of(default, k)))
    assert len({tuple(map(str, case.values())) for case in cases}) == n
    accepted = {
        key: [c[key] for c in cases if isinstance(c[key], str) and c[key] not in REFUSED] for key in defaults
    }
    assert accepted == {
        "w": ["2,304"],  # grouped
        "h": ["4_096 "],  # underscores, a space
        "seed": ["42e0"],  # scientific
        "m": ["Image"],  # a label in title case
        "present": ["truetrue"],  # a near miss, doubled
        "n": ["9 ** 1"],  # a power
    }
    for default in ("2304", "42", "7", "12345678"):  # each form reads back as the default
        assert {parse_whole_number(form, "n", 0, 10**9) for form in forms(default)} == {int(default)}
    with_unknown = query_cases(defaults)
    assert with_unknown[0].keys() > UNKNOWN_KEYS[0].keys() and with_unknown[1].keys() > UNKNOWN_KEYS[1].keys()


#: One text per branch of ``parse_whole_number`` (range 1 to 10^6): its value, or the start
#: of its message.
BRANCHES = {
    "z" * 3000: "width: that is 3,000 characters long",
    "": "width is empty",
    "   ": "width is empty",
    "-1": "width cannot be negative",
    "nan": "width: “nan” is not a whole number",  # not read
    "0x10": "width: “0x10” is not a whole number",  # not read
    "2.55e1": "width: “2.55e1” is not a whole number",  # scientific, not whole
    "٣٢": "width: “٣٢” is not a whole number",  # not read, with a hint
    "0": "width must be at least 1",
    "10^999": "width must be at most 1,000,000 (got about 10^999)",  # too long to print whole
    "1000001": "width must be at most 1,000,000 (got 1,000,001)",
    "2304": 2304,  # plain
    "2,304": 2304,  # grouped
    "2_304 ": 2304,  # underscores, a space
    "2 304": 2304,  # grouped with spaces
    "2304e0": 2304,  # scientific
    "2.304e3": 2304,  # with a fraction
    "2304×10^0": 2304,  # times a power of ten
    "48 ** 2": 2304,  # a power
}


@pytest.mark.parametrize("text", BRANCHES, ids=lambda t: repr(t[:12]))
def test_every_parser_branch(text):
    expected = BRANCHES[text]
    if isinstance(expected, int):
        assert parse_whole_number(text, "width", 1, 10**6) == expected
        return
    with pytest.raises(ValueError) as refused:
        parse_whole_number(text, "width", 1, 10**6)
    assert str(refused.value).startswith(expected), str(refused.value)
    if text == "٣٢":
        assert "with the digits 0–9" in str(refused.value)


#: Each way the parser reads a number: ``w`` digits, ``g`` grouped digits, ``f`` a fraction, ``p``
#: a power of ten (or a power: bases of up to six digits).
FORMS = [
    "{w}",
    "{g}",
    "{w}{f}e{p}",
    "{w}{f}E+{p}",
    "{w}{f}×10^{p}",
    "{w}{f} x 10**{p}",
    "{b}^{p}",
    "{b} ** {p}",
]
#: Near misses (half the cases): a sign, a foreign separator, an exponent cut off or too
#: long, a point with nothing after it.
FLAWS = ["", "", "", "", "", "", "", "", "-{}", "+{}", "{}٬000", "{}e", "{}0000", ".{}", "{}.", " {} "]


def _number_like(form: str, flaw: str, whole: int, sep: str, frac: str, power: int) -> str:
    parts = {
        "w": whole,
        "g": f"{whole + 1000:,}".replace(",", sep),
        "f": frac,
        "p": power,
        "b": whole % 10**6,
    }
    return flaw.format(form.format(**parts)) if flaw else form.format(**parts)


#: The parts a number is written with, at the edges of what the parser takes: wholes of one to
#: eight digits, each group separator, fractions (empty, with trailing zeros, long), powers
#: from 0 past the 3-digit exponent (a whole 10^999 is fine, 10^1200 is not read).
WHOLES = [0, 7, 999, 1000, 12_345, 10**7 + 3]
SEPARATORS = [",", "_", " "]
FRACTIONS = ["", ".5", ".250", ".999"]
POWERS = [0, 1, 3, 999, 1200]


def number_like_texts() -> list[str]:
    """Every way the parser reads numbers (``FORMS``) with every flaw (``FLAWS``, the bare form
    too), each pairing written twice with the parts cycling, so that every part meets every
    form: 144 texts (random draws of the same parts needed 200 to reach every line of the
    parser but one: a correction in ``_short`` that only an estimate off by one needs)."""
    pairs = list(itertools.product(FORMS, dict.fromkeys(FLAWS)))
    return [
        _number_like(
            form,
            flaw,
            *(parts[(i + shift) % len(parts)] for parts in (WHOLES, SEPARATORS, FRACTIONS, POWERS)),
        )
        for shift in (0, 7)
        for i, (form, flaw) in enumerate(pairs)
    ]


#: Text that is no number at all or sits on an edge: other digits and spaces Python would
#: read, signs and points in odd places, limits of the length and of the exponent.
ODD_TEXTS = [
    *("３２", "𝟑𝟐", "²", "٣٢e1", "1\u00a0000", "1\u2009000", "\n42\n", "4 2", "1e", "e5", "1.e3", ".5e1"),
    *("1..2", "1e1e1", "10^-1", "0^0", "999999^999", "1000000^999", "1" + "0" * 39, "1_000_", ",100"),
    *("+-1", "--1", "1e+3", "1E+03", "1×10^", "x10^3", "1 ** ", "\x00", "\u202e5", "🙂", "inf", "1e400"),
    *("9" * 40, "9" * 41, "9" * 3000, " " * 41, ""),
]


@pytest.mark.parametrize("texts", [number_like_texts(), ODD_TEXTS], ids=["number-like", "odd"])
def test_the_parser_reads_or_refuses_any_text(texts):
    """Any text is either a whole number in range or a ValueError with a sentence: nothing else."""
    for text in texts:
        try:
            value = parse_whole_number(text, "width", 1, 10**6)
        except ValueError as error:
            assert str(error).startswith("width"), (text, error)
        else:
            assert isinstance(value, int) and 1 <= value <= 10**6, (text, value)


def test_the_parser_reads_every_way_of_writing_a_number():
    """Plain, comma-, underscore- and space-grouped, at every change in the number of digits
    and of groups up to the top of the range."""
    edges = {1, 10**12}
    for digits in range(1, 13):
        edges |= {10 ** (digits - 1), 10**digits - 1, 10 ** (digits - 1) + 1, int("123456789012"[:digits])}
    for n in sorted(edges):
        for text in (str(n), f"{n:,}", f"{n:_}", f"{n:,}".replace(",", " ")):
            assert parse_whole_number(text, "n", 1, 10**12) == n, text


NOT_IN_URL = {
    "preset",
    "text_preset",
    "audio_preset",
    "video_preset",
    "uploads",
    "use_camera",
    "camera",
    "present-toggle",
    *(f"{m}_preset" for m in ("image", "text", "audio", "video")),
}  # pickers that only fill other inputs, the sidebar's switch (?present= is read directly), uploads


@pytest.mark.parametrize("target", ALL_PAGES)
def test_every_url_key_is_fuzzed(target):
    """The fuzzer's keys stay in step with the pages: every keyed input of every view is fuzzed."""
    assert target in KEYS, f"add {target}'s URL keys to KEYS (and its views to VIEWS) in {__file__}"
    keys = set()
    for _, at in clean_runs(target):
        for kind in ("text_input", "selectbox", "button_group", "segmented_control", "pills", "toggle"):
            keys |= {w.key for w in at.get(kind) if w.key and not w.key.startswith("$$")}
    assert keys, "no keyed widgets found"
    assert keys - NOT_IN_URL <= set(KEYS[target]), keys - NOT_IN_URL - set(KEYS[target])
