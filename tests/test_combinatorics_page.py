"""How many images?' own markup: what the page writes as HTML, not as Markdown."""

from __future__ import annotations

from conftest import page_html

from lib import count_inputs
from lib.notation import rich_text

COMBINATORICS = "pages/1_Combinatorics.py"


def test_the_matched_presets_note_is_html_under_the_inputs(open_page):
    """The note of the preset the inputs match is built by lib.notation.rich_text, which writes
    HTML (a power as a superscript): sent as Markdown (st.caption), any such tag would show as
    text, and the browser would parse and render Markdown anew on every preset."""
    at = open_page(COMBINATORICS, w="28", h="28", c="1", bits="8")
    name, _, note = next(p for p in count_inputs.presets("image") if p[0] == "MNIST digit")
    assert f'<p class="caption" style="margin: 0">{rich_text(f"{name}: {note}.")}</p>' in page_html(at)
    assert not any(note in caption.value for caption in at.caption)
    assert "MNIST digit:" not in page_html(open_page(COMBINATORICS, w="29", h="28", c="1", bits="8"))
