"""Hostile links, counted: chosen query strings against every page, and generated text against the parser.

Few but sharp. A page run costs a tenth of a second or more; a parser call, microseconds. So
every branch of the parser is checked where it is cheap (``test_every_parser_branch``, and
arbitrary text through Hypothesis), and a page gets one value per way a reader can answer:
refused below or above its range, empty, too long, a hint about foreign digits, the talk's
sizes, markup to smuggle, and each way of reading a number or a label (``accepted``). Every
page is opened once per hostile value: case ``j`` gives URL key ``k`` the value
``HOSTILE[(j + STRIDE·k) mod n]``, so across the ``n`` cases every key of every view receives
every value exactly once (a Latin square). Then repeated keys, and (in a page's first view,
as no view reads them) unknown keys and a very long query. Every run must end with no exception and no error box, the page's title shown,
nothing typed rendered as HTML or markdown, and the next normal request answered correctly.
The number of query strings tried is printed in pytest's summary.
"""

from __future__ import annotations

import functools
import math
import re

import pytest
from conftest import PAGES, open_app, page_html
from fixtures import OWN_PICTURE
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.inputs import parse_whole_number

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

#: Values every reader must refuse (or read as something harmless), one per way a page's
#: reader answers; the comment says which. (The parser's other refusals, such as "nan" and
#: "2.55e1", reach the same answer as "0x10" on a page and are checked on the parser alone.)
REFUSED = [
    "0",  # below most ranges (a valid seed; the talk has no step 0)
    "-1",  # negative
    "",  # empty
    "z" * 3000,  # refused for its length before parsing; a long URL
    "10^999",  # a power with 1,000 digits: above every range
    "0x10",  # not a number; the talk's width×height with a zero side
    "99999×99999",  # width×height far too large
    "٣٢",  # Arabic-Indic digits: refused with a hint, never read
    "<img src=x onerror=alert(1)><script>alert(1)</script>",  # HTML
    "[x](http://example.com) ![y](http://example.com/a.png) :red[z] $\\frac12$",  # markdown
    "%00\x00\u202e",  # NUL, percent-encoded NUL, right-to-left override
]


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


def accepted(default: str | None) -> list[str]:
    """The forms a page is sent, one per way its reader can take them, at no extra cost to
    the page (the view stays the default one, so nothing is refitted): a number plain,
    grouped, and scientific with a fraction; a label padded, in capitals, and doubled (a
    near miss, refused)."""
    every = forms(default)
    return [every[1], every[2], every[5]] if not every[0].isdigit() else [every[0], every[1], every[4]]


#: Keys move through the values together, each ``STRIDE`` places from the last (coprime to n).
STRIDE = 3

#: Cases beyond the square: repeated keys (lists) of the view's keys.
EXTRA = [
    lambda defaults: {k: [d or "1", d or "1"] for k, d in defaults.items()},
    lambda defaults: {k: ["0", "", "<b>x</b>", "1e400"] for k in defaults},
]
#: Cases that name no key of any view: unknown keys, and one very long query. A page reads
#: neither, whatever its view, so they are sent in a page's first view only.
UNKNOWN_KEYS = [
    {"zz": "1", "ＳＩＺＥ": "2", "<script>": "3", "": "4", "w w": "5"},
    {f"k{i}": "9" * 100 for i in range(200)},
]


def query_cases(defaults: dict[str, str | None], unknown_keys: bool = True) -> list[dict]:
    """Each key gets each of its values once (a Latin square: case j gives key k its value
    (j + STRIDE·k) mod n, so keys change values together), then the extra cases (and the
    unknown keys, if asked for)."""
    values = {key: REFUSED + accepted(default) for key, default in defaults.items()}
    n = len(REFUSED) + len(accepted(None))
    square = [{key: values[key][(j + STRIDE * k) % n] for k, key in enumerate(defaults)} for j in range(n)]
    return square + [extra(defaults) for extra in EXTRA] + (UNKNOWN_KEYS if unknown_keys else [])


def run(page: str, query: dict):
    """A fresh session (a new visitor following the link), as a browser opens it."""
    TRIED[page] = TRIED.get(page, 0) + 1
    return open_app(page, **query)


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
    # A title: st.title, or the talk's step title, one <h1> in its HTML.
    assert (at.title and at.title[0].value) or re.search(r"<h1>[^<\s]", page_html(at)), query
    # The app's own pictures (lib.ui.pixel_figures_html: inline PNGs) are the only images allowed.
    html = OWN_PICTURE.sub("", page_html(at))
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
            k: defaults.get(k)
            for k in KEYS.get(target, [])
            if k not in view
            and k not in fuzzed
            and (k in defaults or (k not in widgets and URL_ONLY.get(target, {}).get(k, views[0]) == view))
        }
        fuzzed |= set(keys)
        for query in query_cases(keys, unknown_keys=view == views[0]) if keys else []:
            check_clean(run(target, {**query, **view}), {**query, **view})
    assert fuzzed == set(KEYS.get(target, [])), set(KEYS.get(target, [])) - fuzzed
    # Afterwards the app still answers a normal request correctly.
    normal = run(target, {})
    check_clean(normal, {})
    if target == "pages/1_Combinatorics.py":
        assert "1.0149 ×" in page_html(normal)


def test_every_key_gets_every_value():
    """The square really is one: each key sees each refused value and each accepted form once."""
    defaults = {"w": "2304", "seed": "42", "m": "image", "present": None}
    n = len(REFUSED) + len(accepted(None))
    assert math.gcd(STRIDE, n) == 1  # else keys would move in step and pair up
    cases = query_cases(defaults)[:n]
    for key, default in defaults.items():
        assert sorted(case[key] for case in cases) == sorted(REFUSED + accepted(default))
    assert len({tuple(case.values()) for case in cases}) == n
    for default in ("2304", "42", "7", "12345678"):  # each form reads back as the default
        assert {parse_whole_number(form, "n", 0, 10**9) for form in forms(default)} == {int(default)}


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


#: Text written each way the parser reads numbers, and near misses of each; beside it, any
#: text, and text past the length limit. (Plain ``st.text`` and a regex of number characters,
#: 500 cases, reached no grouped number, no power and no scientific number that is not whole;
#: these 200 reach every line of the parser but one: a correction in ``_short`` that only an
#: estimate off by one needs.)
NUMBER_LIKE = st.builds(
    _number_like,
    st.sampled_from(FORMS),
    st.sampled_from(FLAWS),
    st.one_of(st.integers(0, 999), st.integers(1000, 10**7)),
    st.sampled_from([",", "_", " "]),
    st.one_of(st.just(""), st.integers(1, 999).map(lambda f: f".{f}")),
    st.one_of(st.integers(0, 3), st.integers(0, 1200)),
)


@settings(max_examples=200, deadline=None, database=None)
@given(
    text=st.one_of(
        NUMBER_LIKE, NUMBER_LIKE, st.text(max_size=40), st.integers(1, 3000).map(lambda n: "9" * n)
    )
)
def test_the_parser_reads_or_refuses_any_text(text):
    """Any text is either a whole number in range or a ValueError with a sentence: nothing else."""
    try:
        value = parse_whole_number(text, "width", 1, 10**6)
    except ValueError as error:
        assert str(error).startswith("width")
    else:
        assert isinstance(value, int) and 1 <= value <= 10**6


@settings(max_examples=200, deadline=None, database=None)
@given(n=st.integers(1, 10**12))
def test_the_parser_reads_every_way_of_writing_a_number(n):
    for text in (str(n), f"{n:,}", f"{n:_}", f"{n:,}".replace(",", " ")):
        assert parse_whole_number(text, "n", 1, 10**12) == n


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
