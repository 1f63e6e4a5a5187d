"""A changed input reruns the view alone: the page's frame is neither rebuilt nor re-sent.

Every page's body runs as a fragment (:func:`lib.ui.page.run_page`): the sidebar (five page
links, the presentation toggle, a caption), the page's configuration and its styles are the
same for every input, and each element re-sent is a render in the browser. This reads the
messages the server sends a real browser: a new width on How many images? sends only the
main column, with the new count in it; opening a panel filled on request (the digits, the
link to the view) sends that panel alone; Streamlit's rerun shortcut ("r"), a whole run, sends
the sidebar too (so the check can tell the two apart). The same visit, from a bad link, is
the browser's check of typing a width (the URL follows) and of the count chart's new curve
and dot: one page load for the three. The room's "Search harder"
(``search_harder_reruns_the_room_alone``) is checked on ``test_talk_browser.py``'s visit of
the talk: no page load of its own.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from conftest import (
    LINES_SVG,
    act_and_wait_for_run,
    assert_offline,
    forward_messages,
    no_error_shown,
    record_frames,
    record_requests,
    wait_for_paint,
    wait_for_run,
)
from playwright.sync_api import expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

MAIN, SIDEBAR = 0, 1  # the first index of a delta's path: the container it is written into


def _where(messages: list[ForwardMsg]) -> set[int]:
    return {m.metadata.delta_path[0] for m in messages if m.WhichOneof("type") == "delta"}


def test_a_typed_width_resends_the_view_alone_with_a_new_count_chart(tab, app_server):
    """One visit of How many images?, from a bad link: the link's mistake is named (twice); the
    digits' panel opens alone; a typed width updates the count, the URL and the count chart
    (its curve and its dot, the page's own HTML) and re-sends the main
    column alone; the link panel opens alone; "r" runs the whole page. Nothing is requested
    from another host."""
    frames = record_frames(tab)
    requests = record_requests(tab)
    # A height of no preset's: the first view is not the post's photo, whose own bar is marked
    # (one bar fewer), so a new width changes the charts' data alone.
    tab.goto(app_server + "/Combinatorics?w=abc&h=4000")
    wait_for_run(tab)
    assert SIDEBAR in _where(forward_messages(frames)), "the first run draws the sidebar"
    # The link's mistake, named beside the input and at the top of the screen (review 11, All-1).
    expect(tab.get_by_test_id("stAlert").get_by_text("is not a whole number")).to_be_visible()
    expect(tab.get_by_test_id("stToast").get_by_text("is not a whole number")).to_be_visible()
    wait_for_paint(tab)
    lines = tab.locator("figure.count-plot .plot-lines")  # the count chart's curve and lines
    drawn = lines.evaluate(LINES_SVG)

    # Panels filled on request are fragments too: opening one sends the panel, not the count,
    # cards and charts above it.
    _open_alone(tab, frames, "More digits", "digits not shown")
    tab.get_by_role("button", name="Download these digits (.txt)").wait_for()

    frames.clear()
    box = tab.locator('input[aria-label="Width (pixels)"]')
    box.fill("28")
    assert act_and_wait_for_run(tab, lambda: box.press("Enter"))
    sent = forward_messages(frames)
    assert _where(sent) == {MAIN}, "a changed input re-sent the sidebar or the styles"
    expect(tab.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")
    kinds = {m.WhichOneof("type") for m in sent}
    assert not kinds & {"page_config_changed", "navigation"}, kinds
    assert parse_qs(urlparse(tab.url).query)["w"] == ["28"]
    # 28×4,000×3 bytes: 2,688,000 bits, so 2^2,688,000 images, a number of 809,169 digits.
    expect(tab.locator("p.bignum-caption", has_text="809,169 digits")).to_be_visible()
    answer = tab.locator('[data-testid="stMain"]').inner_text()
    assert "28×4,000" in answer.replace(" ", ""), answer[:400]
    # The count chart (the page's own HTML): a new curve (28 px is far from 2,304) and the dot at
    # the new count; no Vega view.
    expect(tab.locator("figure.plot-overlay i.dot")).to_have_attribute("title", "this image: 809,169 digits")
    assert lines.evaluate(LINES_SVG) != drawn
    assert tab.locator('[data-testid="stVegaLiteChart"]').count() == 0

    _open_alone(tab, frames, "Link to this view", "w=28")

    frames.clear()
    tab.locator('[data-testid="stApp"]').click(position={"x": 600, "y": 5})
    assert act_and_wait_for_run(tab, lambda: tab.keyboard.press("r"))  # a whole run
    # The page itself says the run ended: "R" waits for the server's "running" before it can
    # (lib.ui.one_burst moves "running" to a fragment's rerun's end, and never drops it).
    expect(tab.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")
    assert {MAIN, SIDEBAR} <= _where(forward_messages(frames))  # and the styles, in a container of their own
    assert tab.locator('[data-testid="stSidebar"] a').count() >= 5  # its links are still there
    no_error_shown(tab)
    assert_offline(requests)


def _open_alone(tab, frames: list, panel: str, shown: str) -> None:
    """Open the expander ``panel``: its run sends new elements, none of them a chart, a
    heading or the page's HTML (the count, the cards), and the panel shows ``shown``."""
    frames.clear()
    summary = tab.locator('[data-testid="stExpander"] summary', has_text=panel)
    assert act_and_wait_for_run(tab, summary.click)
    kinds = {
        m.delta.new_element.WhichOneof("type")
        for m in forward_messages(frames)
        if m.WhichOneof("type") == "delta" and m.delta.HasField("new_element")
    }
    assert kinds and not kinds & {"vega_lite_chart", "heading", "html"}, (panel, kinds)
    expect(tab.locator('[data-testid="stExpander"]', has_text=panel)).to_contain_text(shown)


def search_harder_reruns_the_room_alone(tab, frames: list) -> None:
    """The room's view is a fragment of its own: "Search harder" sends the room's counter and
    its best find, not the talk's title, controls and styles around them. Made on
    ``test_talk_browser.py``'s visit of the talk when its clicker reaches the room's step
    (``tab`` watched: ``conftest.watch_runs``; ``frames``: every websocket frame it receives)."""
    from lib.room_search import SEARCH_CLICK_DRAWS

    room = tab.locator(".bignum-box", has_text="this room has looked at").locator(".bignum")
    before = int(room.inner_text().replace(",", ""))

    frames.clear()
    button = tab.get_by_role("button", name="Search harder")
    assert act_and_wait_for_run(tab, button.click)
    sent = [m for m in forward_messages(frames) if m.WhichOneof("type") == "delta"]
    kinds = {m.delta.new_element.WhichOneof("type") for m in sent if m.delta.HasField("new_element")}
    assert sent and "heading" not in kinds, kinds  # the step's title stays as it is
    assert len(sent) < 15, len(sent)
    after = int(room.inner_text().replace(",", ""))
    assert after >= before + SEARCH_CLICK_DRAWS, (before, after)
