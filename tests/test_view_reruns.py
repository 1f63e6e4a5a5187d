"""A changed input reruns the view alone: the page's frame is neither rebuilt nor re-sent.

Every page's body runs as a fragment (:func:`lib.ui.page.run_page`): the sidebar (five page
links, the presentation toggle, a caption), the page's configuration and its styles are the
same for every input, and each element re-sent is a render in the browser. This reads the
messages the server sends a real browser: a new width on How many images? sends only the
main column, with the new count in it; opening a panel filled on request (the digits, the
link to the view) sends that panel alone; Streamlit's rerun shortcut ("r"), a whole run, sends
the sidebar too (so the check can tell the two apart).
"""

from __future__ import annotations

from conftest import act_and_wait_for_run, forward_messages, wait_for_run, watch_runs
from playwright.sync_api import expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

MAIN, SIDEBAR = 0, 1  # the first index of a delta's path: the container it is written into


def _where(messages: list[ForwardMsg]) -> set[int]:
    return {m.metadata.delta_path[0] for m in messages if m.WhichOneof("type") == "delta"}


def test_a_new_width_resends_the_view_but_not_the_sidebar(tab, app_server):
    frames: list = []
    tab.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(payload)))
    watch_runs(tab)
    tab.goto(app_server + "/Combinatorics")
    wait_for_run(tab)
    assert SIDEBAR in _where(forward_messages(frames)), "the first run draws the sidebar"

    frames.clear()
    box = tab.locator('input[aria-label="Width (pixels)"]')
    box.fill("100")
    assert act_and_wait_for_run(tab, lambda: box.press("Enter"))
    sent = forward_messages(frames)
    assert _where(sent) == {MAIN}, "a changed input re-sent the sidebar or the styles"
    kinds = {m.WhichOneof("type") for m in sent}
    assert not kinds & {"page_config_changed", "navigation"}, kinds
    assert "w=100" in tab.url
    answer = tab.locator('[data-testid="stMain"]').inner_text()
    assert "100×4,096" in answer.replace(" ", "") or "100 × 4,096" in answer, answer[:400]

    # Panels filled on request are fragments too: opening one sends the panel, not the count,
    # cards and charts above it.
    for panel, shown in (("More digits", "digits not shown"), ("Link to this view", "w=100")):
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

    frames.clear()
    tab.locator('[data-testid="stApp"]').click(position={"x": 600, "y": 5})
    assert act_and_wait_for_run(tab, lambda: tab.keyboard.press("r"))  # a whole run
    assert {MAIN, SIDEBAR} <= _where(forward_messages(frames))  # and the styles, in a container of their own
    assert tab.locator('[data-testid="stSidebar"] a').count() >= 5  # its links are still there


def test_search_harder_reruns_the_room_alone(tab, app_server):
    """The room's view is a fragment of its own: "Search harder" sends the room's counter and
    its best find, not the talk's title, controls and styles around them."""
    from lib.room_search import SEARCH_CLICK_DRAWS

    frames: list = []
    tab.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(payload)))
    watch_runs(tab)
    tab.goto(app_server + "/Talk?step=6")
    wait_for_run(tab)
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
