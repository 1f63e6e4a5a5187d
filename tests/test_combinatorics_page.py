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


def test_every_presets_cards_are_worked_out_ahead_of_its_click(open_page, monkeypatch):
    """Issue 14: a preset is one click away, so the page works out every preset's cards (and
    count chart) once per server in the background; the first click on each then finds them."""
    from lib import count_cards
    from lib.ui import shared

    monkeypatch.setattr(shared, "WARM_UP_DELAY_S", 0.0)
    assert not open_page(COMBINATORICS).exception
    shared.background("count presets", None).result(timeout=60)  # the page's own job, once per process
    missed = count_cards.view_cards.cache_info().misses
    for modality, values in count_inputs.preset_views():
        count_cards.view_cards(*count_inputs.data_format(modality, values))
    assert count_cards.view_cards.cache_info().misses == missed


def test_the_pills_are_told_their_value_only_when_it_moves(open_page):
    """Issue 14: a preset clicked is already shown by its pill, so the page sends the pills
    without a value to take (a value set through Session State makes the browser bring them
    in line after drawing them: two more renders of the pills a click). A view that becomes
    a preset by other means (sizes typed in, the reset) or stops being one does move them."""

    def pills(at):
        return next(e for e in at.get("button_group") if e.proto.label == "Presets")

    at = open_page(COMBINATORICS)
    pills(at).set_value("MNIST digit").run()
    assert [box.value for box in at.text_input] == ["28", "28", "1", "8"]
    assert not pills(at).proto.set_value  # the click already shows it
    at.text_input(key="w").set_value("32").run()  # 32×28: no preset, the pill goes off
    assert pills(at).proto.set_value and not pills(at).value
    at.text_input(key="h").set_value("32").run()
    at.text_input(key="c").set_value("3").run()  # 32×32 RGB 8-bit: CIFAR-10 chosen by the boxes
    assert pills(at).proto.set_value and pills(at).value == "CIFAR-10"
    at.button(key="back-to-post").click().run()
    assert pills(at).proto.set_value and pills(at).value == "Phone photo (the post)"
