"""lib.ui.icon_font: a phone gets the icons the app can show, cut from Streamlit's icon font.

The cut font in ``assets/fonts/`` is checked against the installed Streamlit's font, read with
fontTools (the reference): the script cuts the same bytes again, it holds every icon Streamlit's
scripts or the app's code name and no other, and each icon is the whole font's own glyph. The
middleware is driven as an ASGI server drives it (``test_compressed_assets``' helpers). That a
browser draws every icon of every page with it is ``conftest.icons_not_drawn``, run on each
page's first load (``test_layout_browser.judge_first_load``, the talk's ``check_screen``).
"""

from __future__ import annotations

import sys

import pytest
from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTFont
from test_compressed_assets import Downstream, ask

from lib.ui import icon_font
from lib.ui.icon_font import IconFont, cut_font, streamlit_font, words_the_app_can_show

sys.path.insert(0, str(icon_font.ROOT / "scripts"))
import icon_font as cutting


@pytest.fixture(scope="module")
def fonts() -> tuple[TTFont, TTFont]:
    """The installed Streamlit's whole font, and the cut copy the app serves."""
    return TTFont(streamlit_font()), TTFont(cut_font())


def test_the_cut_font_is_what_the_script_cuts_from_the_installed_streamlit():
    """Cut again from the installed Streamlit's font and the app's code today: the same bytes.
    A new icon named, or a Streamlit whose font or scripts changed, fails here until
    ``scripts/icon_font.py`` is run."""
    body, kept = cutting.cut(streamlit_font(), words_the_app_can_show())
    assert cut_font().read_bytes() == body, "run scripts/icon_font.py"
    assert len(kept) > 400


def test_it_holds_every_icon_named_and_no_other(fonts):
    """Its icons are exactly the whole font's icons that Streamlit's scripts or the app's code
    name (the talk's deck keys' ``first_page``, named only as a quoted word, among them), under
    any of their names, each drawn by the whole font's own outline; it is a seventh of the size."""
    whole, cut = fonts
    everything, kept = cutting.icons(whole), cutting.icons(cut)
    named = words_the_app_can_show() & set(everything)
    assert named <= set(kept)
    # Other words kept are the whole font's other names of the same icons ("people_alt" is
    # "group"): no glyph more.
    assert {everything[word] for word in kept} == {everything[word] for word in named}
    assert {
        "casino",
        "first_page",
        "last_page",
        "keyboard_arrow_right",
        "keyboard_double_arrow_left",
    } <= named
    whole_glyphs, cut_glyphs = whole.getGlyphSet(), cut.getGlyphSet()
    for word in sorted(named):
        drawn = []
        for glyphs, glyph in ((cut_glyphs, kept[word]), (whole_glyphs, everything[word])):
            pen = RecordingPen()
            glyphs[glyph].draw(pen)
            drawn.append((glyphs[glyph].width, pen.value))
        assert drawn[0] == drawn[1] and drawn[0][1], word
    assert cut_font().stat().st_size * 7 < streamlit_font().stat().st_size


def test_the_words_an_icon_may_be_named_by():
    """Quoted in any of the three quotes, or after ``:material/``; a word inside a longer string
    is no name."""
    words = icon_font.named_words(
        ['st.button("x", icon=":material/casino:")', "`close` 'undo'", '"two words"']
    )
    assert words == {"x", "casino", "close", "undo"}


def middleware(base_url: str = "") -> tuple[IconFont, Downstream]:
    down = Downstream()
    return IconFont(down, base_url=base_url), down


def test_the_font_is_served_in_place_of_streamlits():
    """At the address Streamlit's style sheet names: the cut font, with an entity tag a browser
    checks on each visit, since the cut changes at the same address when an icon is named (304
    and no body for a browser that has it); a HEAD gets the length and no body."""
    app, down = middleware()
    address = f"/static/media/{streamlit_font().name}"
    status, headers, body = ask(app, address)
    assert (status, body) == (200, cut_font().read_bytes())
    assert headers["content-type"] == "font/woff2" and headers["cache-control"] == "no-cache"
    status, _, body = ask(app, address, headers={"If-None-Match": f"W/{headers['etag']}"})
    assert (status, body) == (304, b"")
    status, head, body = ask(app, address, method="HEAD")
    assert (status, body, head["content-length"]) == (200, b"", str(cut_font().stat().st_size))
    assert down.seen == []


def test_every_other_request_reaches_streamlit():
    """Another file, another method, another spelling of the address, a websocket: Streamlit's."""
    app, down = middleware()
    address = f"/static/media/{streamlit_font().name}"
    for path, method in [("/static/media/other.woff2", "GET"), (address, "POST"), ("/" + address, "GET")]:
        assert ask(app, path, method)[0] == 299
    assert ask(app, address, kind="websocket")[0] == 299
    assert down.seen == ["/static/media/other.woff2", address, "/" + address, address]


def test_under_a_base_path_and_without_a_cut_copy(monkeypatch, tmp_path):
    """Under Streamlit's ``server.baseUrlPath`` the address has its prefix; with no copy cut from
    the installed font (Streamlit upgraded), or no icon font in Streamlit at all, every request
    is Streamlit's."""
    app, down = middleware(base_url="/app/")
    address = f"/static/media/{streamlit_font().name}"
    assert ask(app, "/app" + address)[0] == 200 and ask(app, address)[0] == 299
    monkeypatch.setattr(icon_font, "FONTS", tmp_path)
    app, down = middleware()
    assert ask(app, address)[0] == 299 and down.seen == [address]
    monkeypatch.setattr(icon_font, "streamlit_font", lambda: None)
    app, down = middleware()
    assert ask(app, address)[0] == 299 and down.seen == [address]
