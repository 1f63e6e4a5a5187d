"""A visitor who presses every preset and every reset leaves a clean log behind.

A warning with a 40-line stack in the server log ("created with a default value but also had
its value set via the Session State API"), or a console warning in the browser ("Conflicting
legend property"), is a defect even when the page looks right: it hides real errors among
noise. This test uses the session's shared server, started as the README starts it
(``serve.py``, which rehearses every page before it listens): the rehearsal must be in its
log, and the lines this test's visit adds must be quiet. The visit clicks every button of
every page's main column (presets, resets, "Draw again", steps), each time waiting for the
run the click starts to end, and reads both logs.
"""

from __future__ import annotations

import re

import pytest
from conftest import act_and_wait_for_run, server_log, wait_for_run, watch_runs

PAGES = ("/", "/Combinatorics", "/Sampling", "/Learning", "/Talk")
#: Buttons each page must have clicked, at least (presets, resets, steps; the home page has none).
MIN_CLICKS = {"/": 0, "/Combinatorics": 7, "/Sampling": 1, "/Learning": 7, "/Talk": 1}
#: Buttons that save files or open menus do not rerun the script: they are not clicked.
CLICKABLE = (
    '[data-testid="stMain"] button:visible'
    ':not([data-testid="stBaseButton-elementToolbar"])'
    ':not([data-testid="stDownloadButton"] button)'
)
#: At most this many clicks a page (every preset and reset fits; a hostile page can't loop).
MAX_CLICKS = 30
SERVER_NOISE = re.compile(r"Traceback|WARNING|ERROR|Exception|Warning", re.IGNORECASE)


#: Streamlit's own frontend, opened at a page's path (/Sampling), first probes that path as
#: the server's base (/Sampling/_stcore/health) and falls back to the root: two 404s that
#: the app cannot prevent and that break nothing.
STREAMLIT_BASE_PROBE = re.compile(r"/_stcore/(health|host-config)$")


def _keep_if_noisy(message, console: list[str]) -> None:
    if message.type not in ("warning", "error"):
        return
    if "404" in message.text and STREAMLIT_BASE_PROBE.search(message.location.get("url", "")):
        return
    console.append(f"{message.type}: {message.text} ({message.location.get('url', '')})")


def _click_everything(tab, url: str) -> list[str]:
    """Click each button once, by its position, re-finding the list after every rerun."""
    tab.goto(url)
    wait_for_run(tab)
    clicked: list[str] = []
    index = 0
    while index < min(tab.locator(CLICKABLE).count(), MAX_CLICKS):
        button = tab.locator(CLICKABLE).nth(index)
        label = (button.inner_text() or button.get_attribute("aria-label") or "").strip()
        box = button.bounding_box()
        # The talk's extra clicker keys are buttons parked off-screen: keys press them, not clicks.
        on_screen = box is not None and box["x"] + box["width"] > 0 and box["x"] < 1440
        if on_screen and button.is_enabled() and "Download" not in label:
            act_and_wait_for_run(tab, button.click)  # the run the click asks for, to its end
            clicked.append(label)
        index += 1
    return clicked


@pytest.mark.parametrize("path", PAGES)
def test_every_preset_and_reset_leaves_quiet_logs(browser, app_server_process, path):
    process, url = app_server_process  # shared: this visit's lines are those after ``start``
    start = len(server_log(process))
    console: list[str] = []
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        tab = context.new_page()
        tab.set_default_timeout(60_000)
        watch_runs(tab)
        tab.on("console", lambda message: _keep_if_noisy(message, console))
        clicked = _click_everything(tab, url + path)
    finally:
        context.close()
    whole = server_log(process)
    log = whole[start:]
    assert "Rehearsal of" not in whole and "Rehearsed 12 of 12 views" in whole, whole
    assert len(clicked) >= MIN_CLICKS[path], clicked
    noisy = [line for line in log.splitlines() if SERVER_NOISE.search(line)]
    assert not noisy, "server log:\n" + "\n".join(noisy[:20])
    assert not console, "browser console:\n" + "\n".join(console[:20])
