"""Hostile links, counted: generated query strings against every page.

Wrong types, negatives, zeros, huge values, very long strings, markup, repeated keys and
unknown keys. Every run must end with no exception and no error box, the page's title
shown, and the next normal request must be answered correctly. The number of query
strings tried is printed in pytest's summary.
"""

from __future__ import annotations

import pytest
from conftest import PAGES, ROOT, page_html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

TRIED: dict[str, int] = {}

KEYS = {
    "streamlit_app.py": ["present"],
    "pages/1_Combinatorics.py": [
        "w",
        "h",
        "c",
        "bits",
        "m",
        "vocab",
        "tokens",
        "rate",
        "depth",
        "ach",
        "secs",
        "vw",
        "vh",
        "fps",
        "vsecs",
        "vbits",
        "digits",
        "present",
    ],
    "pages/2_Sampling.py": ["size", "n", "seed", "colour", "real", "draws", "present"],
    "pages/3_Learning.py": ["size", "colour", "seed", "train", "holdout", "present"],
}

hostile_values = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.sampled_from(
        [
            "0",
            "-1",
            "",
            " ",
            "nan",
            "inf",
            "-inf",
            "1e400",
            "1e-9",
            "3.7",
            "0x10",
            "10^999",
            "9" * 400,
            "true",
            "false",
            "None",
            "[]",
            "{}",
            "%00",
            "\x00",
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[x](http://example.com)",
            "![x](http://example.com/a.png)",
            "$\\frac12$",
            ":red[alert]",
            "text",
            "audio",
            "video",
            "image",
            "grey",
            "rgb",
            "whole",
            "ＳＩＺＥ",
            "１２",
            "٣٢",
            "1,000",
            "10**9",
        ]
    ),
    st.text(max_size=60),
    st.text(min_size=1000, max_size=3000),
)
query_strings = st.dictionaries(
    keys=st.one_of(
        st.sampled_from(sorted({k for keys in KEYS.values() for k in keys})), st.text(min_size=1, max_size=12)
    ),
    values=st.one_of(hostile_values, st.lists(hostile_values, min_size=2, max_size=4)),
    max_size=8,
)


def run(page: str, query: dict):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    if page != "streamlit_app.py":
        at.switch_page(page)
    return at.run()


def check_clean(at, page: str) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]  # ui.run_page's "went wrong" box
    assert at.title and at.title[0].value
    html = page_html(at)
    assert "<script" not in html and "<img" not in html and "onerror" not in html


ALL_PAGES = ["streamlit_app.py", *PAGES]
EXAMPLES = {
    "streamlit_app.py": 40,
    "pages/1_Combinatorics.py": 150,
    "pages/2_Sampling.py": 80,
    "pages/3_Learning.py": 40,
}


@pytest.mark.parametrize("page", ALL_PAGES)
def test_generated_query_strings(page):
    @settings(
        max_examples=EXAMPLES.get(page, 40),
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(query=query_strings)
    def fuzz(query):
        TRIED[page] = TRIED.get(page, 0) + 1
        check_clean(run(page, query), page)

    fuzz()
    # Afterwards the app still answers a normal request correctly.
    normal = run(page, {})
    check_clean(normal, page)
    if page == "pages/1_Combinatorics.py":
        assert "1.0149 ×" in page_html(normal)


NOT_IN_URL = {
    "preset",
    "text_preset",
    "audio_preset",
    "video_preset",
    "uploads",
    "use_camera",
    "camera",
}  # pickers that only fill other inputs, and what a visitor uploads


@pytest.mark.parametrize("page", ALL_PAGES)
def test_every_url_key_is_fuzzed(page):
    """The fuzzer's keys stay in step with the pages: every keyed widget is fuzzed."""
    views = [{"m": m} for m in ("image", "text", "audio", "video")] if "Combinatorics" in page else [{}]
    keys = set()
    for query in views:
        at = run(page, query)
        for kind in ("text_input", "selectbox", "button_group", "toggle", "number_input", "slider"):
            keys |= {w.key for w in at.get(kind) if w.key and not w.key.startswith("$$")}
    assert keys, "no keyed widgets found"
    assert keys - NOT_IN_URL <= set(KEYS[page]), keys - NOT_IN_URL - set(KEYS[page])
