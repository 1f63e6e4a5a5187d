"""lib.ui.in_place: a block of the app's own HTML changed in place, and what its script keeps.

A page of its own (a hostile block beside a harmless one, a box that changes one number) on a
server of its own, in Chromium: the browser must run nothing the block holds, and a rerun must
leave every node it does not change as it was.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT, start_server, stop_server, wait_for_run

from lib.charts.plot_lines import Line, lines_image

#: Everything the script must drop, each of which would run code, load a page or restyle the app.
HOSTILE = (
    '<img class="broken" src="no-such-image.png" onerror="window.__ran = \'onerror\'">'
    "<script>window.__ran = 'script'</script>"
    '<a class="tab-trick" href=" java&#09;script:window.__ran = \'href\'">a link</a>'
    '<svg class="svg"><use href="#x"></use><animate attributeName="href" to="javascript:1"></animate></svg>'
    "<iframe srcdoc=\"<script>parent.__ran = 'iframe'</script>\"></iframe>"
    "<style>body { display: none }</style>"
    '<form action="https://example.com"><input name="q"></form>'
)
#: What it must keep as written: words with a colon, a position, an image's data, a web address.
KEPT = (
    '<div class="kept" title="real photos: 0.91" style="left: 3.5%">kept</div>'
    '<img class="data" alt="" src="data:image/png;base64,iVBORw0KGgo=">'
    '<a class="web" href="https://example.com/x">a source</a>'
)

APP = """
import sys
sys.path.insert(0, {root!r})
import streamlit as st
from lib.ui.in_place import html_in_place
st.title("In place")
n = st.text_input("n", "0")
html_in_place('<p class="same">the same on every run</p><p class="changed">' + n + '</p>' + {hostile!r} + {kept!r} + {lines!r}, "block")
"""
#: A plot's lines as lines_image writes them, which the element shows inline.
LINES = lines_image([Line("M0 0 10 10", "#0072B2")])


@pytest.fixture(scope="module")
def in_place_app(tmp_path_factory):
    script = tmp_path_factory.mktemp("in_place") / "app.py"
    script.write_text(APP.format(root=str(ROOT), hostile=HOSTILE, kept=KEPT, lines=LINES))
    process, url = start_server(str(script))
    yield url, script
    stop_server(process)


def test_the_block_travels_as_the_elements_data_its_lines_inline(in_place_app):
    """What the server sends: the block (a plot's lines inline) as the element's data, and the
    element's script with it (no request)."""
    from streamlit.testing.v1 import AppTest

    _, script = in_place_app

    at = AppTest.from_file(str(script), default_timeout=30).run()
    (element,) = at.get("bidi_component")
    (sent,) = json.loads(element.proto.json)  # a list: a string would have Streamlit import pandas
    assert sent.startswith('<p class="same">') and '<p class="changed">0</p>' in sent
    assert '<svg class="plot-lines" aria-hidden="true" xmlns=' in sent and "data:image/svg+xml" not in sent
    assert (
        element.proto.component_name == "in_place_html"
        and "export default function" in element.proto.js_content
    )


def test_the_browser_runs_nothing_it_holds_and_keeps_what_a_rerun_leaves(in_place_app, browser):
    """Nothing hostile runs or stays (a handler, a script, a frame, a style sheet, a form, SVG's
    use and animations, an address hiding ``javascript:`` behind a tab); words with a colon, a
    position, an image's data and a web address stay; a rerun keeps every node it leaves."""
    url, _ = in_place_app
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    tab = context.new_page()
    try:
        tab.goto(url)
        wait_for_run(tab)
        tab.wait_for_selector(".in-place p.changed")
        tab.wait_for_timeout(300)  # the broken image's error, had its handler been kept
        shown = tab.evaluate(
            """() => { const b = document.querySelector('.in-place');
              return {ran: window.__ran || null, body: getComputedStyle(document.body).display,
                dropped: [...b.querySelectorAll('script, iframe, style, form, input, use, animate')].length,
                handlers: [...b.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name)).filter(n => n.startsWith('on')),
                trick: b.querySelector('.tab-trick').hasAttribute('href'),
                title: b.querySelector('.kept').title, left: b.querySelector('.kept').style.left,
                data: b.querySelector('img.data').getAttribute('src'), web: b.querySelector('a.web').href,
                lines: b.querySelectorAll('svg.plot-lines path').length}; }"""
        )
        assert shown == {
            "ran": None,
            "body": "block",
            "dropped": 0,
            "handlers": [],
            "trick": False,
            "title": "real photos: 0.91",
            "left": "3.5%",
            "data": "data:image/png;base64,iVBORw0KGgo=",
            "web": "https://example.com/x",
            "lines": 1,
        }
        # A rerun that changes one number: that text changes; every other node is the one shown.
        tab.evaluate("() => document.querySelectorAll('.in-place *').forEach(e => { e.__before = true; })")
        box = tab.locator('input[aria-label="n"]')
        box.fill("41")
        box.press("Enter")
        tab.wait_for_function("() => document.querySelector('.in-place p.changed').textContent === '41'")
        wait_for_run(tab)
        kept = tab.evaluate(
            "() => [...document.querySelectorAll('.in-place *')].map(e => e.__before === true)"
        )
        assert kept and all(kept), kept
    finally:
        context.close()


def test_a_block_never_brings_pandas_into_the_server(in_place_app):
    """A block's data is a list: any other data Streamlit tests for a table, which imports pandas
    and pyarrow (~60 MiB more at a room's peak). A process of its own: other tests import them."""
    _, script = in_place_app
    probe = (
        "import sys; from streamlit.testing.v1 import AppTest; "
        f"at = AppTest.from_file({str(script)!r}, default_timeout=30).run(); "
        "assert at.get('bidi_component'), 'no block shown'; "
        "print(sorted(m for m in ('pandas', 'pyarrow') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert out.returncode == 0 and out.stdout.strip() == "[]", (out.stdout, out.stderr[-2000:])
