"""The talk in a real browser, on projector screens, driven by a clicker's keys.

Every step is checked on two projectors (``check_screen``): at 1920×1080 here, each step
reached by a clicker's key (``test_talk_steps_with_a_clicker``), and at 1280×720 on
``test_quiet_logs.py``'s visit of the talk, which clicks every button of every step and
checks each step's screen as "Next" reaches it. Each screen: the URL's step, no exception or
error box, nothing to scroll, body text and big numbers at their sizes (computed styles),
every chart's plot area at least 40% of the viewport's height and its words a projector's
(``TALK_CHARTS``: the charts are the page's own HTML, lib.charts.talk; no step loads Vega), the
pictures enlarged by whole factors. ``UPDATE_SCREENSHOTS=1`` writes every step at 1920×1080 to ``assets/talk/`` (the
talk's outline in the README).

Every test shares the session's server (``app_server``): the talk's link as a new server's
first request is ``test_browser.py``'s (``test_talk_deep_link_first``, the same
``check_screen``).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import (
    POLL_MS,
    ROOT,
    forward_messages,
    icons_not_drawn,
    record_frames,
    wait_for_paint,
    wait_for_run,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_view_reruns import search_harder_reruns_the_room_alone

from lib.talk import DECK_KEYS, STEPS

SCREENSHOTS = ROOT / "assets" / "talk"
LAST = len(STEPS)
#: At 1920 px wide: body text ≥ 28 px, big numbers ≥ 96 px; both scale with the width.
BODY_PX, BIG_PX, REFERENCE_WIDTH = 28, 96, 1920
PLOT_SHARE = 0.40
#: The smallest word on a chart on a projector, in px (1280×720 and up), superscripts aside.
PROJECTOR_CHART_PX = 18
#: The steps whose picture is a chart (the others show a number, digits or images).
CHARTS = {step.number for step in STEPS if step.key in ("atoms", "odds", "bits")}

#: Each talk chart on screen (every step's chart is drawn once and the others wait hidden: the
#: step's is the visible one), in the page's own HTML (lib.charts.talk): its size, its plot's
#: width and height, its marks drawn (bars, ticks, dots) and the widest, the lines of each axis
#: title, the type sizes of its words (superscripts aside), its words outside the chart, tick
#: labels that touch their neighbours, words on the plot that run into each other, figures
#: outside their bars, and its x and y tick labels.
TALK_CHARTS = """main => [...main.querySelectorAll('figure.talk-plot')]
  .filter(chart => chart.checkVisibility({visibilityProperty: true})).map(chart => {
    const rect = e => e.getBoundingClientRect();
    const shown = e => e.checkVisibility({visibilityProperty: true}) && getComputedStyle(e).display !== 'none'
      && rect(e).width > 0;
    const box = rect(chart), plot = rect(chart.querySelector(':scope > .plot-area'));
    const words = [...chart.querySelectorAll('*')].filter(e => shown(e) && !e.closest('sup')
      && !e.classList.contains('plot-widest') && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()));
    const outside = words.filter(e => { const b = rect(e);
      return b.left < box.left - 1 || b.right > box.right + 1 || b.top < box.top - 1 || b.bottom > box.bottom + 1;
    }).map(e => e.textContent);
    const labels = sel => [...chart.querySelectorAll(sel)].filter(shown);
    const apart = (a, b, across) => across ? a.right + 2 <= b.left || b.right + 2 <= a.left
                                           : a.bottom <= b.top || b.bottom <= a.top;
    const touching = (sel, across) => { const found = labels(sel);
      return found.flatMap((a, i) => found.slice(i + 1).filter(b => !apart(rect(a), rect(b), across))
        .map(b => a.textContent + ' | ' + b.textContent)); };
    const spilled = labels('.bar > span:not(.past)').filter(f => { const b = rect(f), bar = rect(f.parentElement);
      return b.left < bar.left || b.right > bar.right || b.top < bar.top - 1 || b.bottom > bar.bottom + 1;
    }).map(f => f.textContent);
    const sizes = words.map(e => parseFloat(getComputedStyle(e).fontSize));
    const titles = labels('.plot-x-title, .plot-y-title span').map(t =>
      Math.round((t.closest('.plot-y-title') ? rect(t).width : rect(t).height) / parseFloat(getComputedStyle(t).lineHeight)));
    return {width: box.width, height: box.height, plot: plot.width, plotHeight: plot.height, titles,
      marks: [...chart.querySelectorAll('.bar, .tick, .dot')].filter(m => rect(m).width > 0 && rect(m).height > 0).length,
      widest: Math.max(0, ...[...chart.querySelectorAll('.bar, .dot')].map(m => rect(m).width)),
      type: [Math.min(...sizes), Math.max(...sizes)], outside, spilled,
      touching: [...touching('.plot-x > span', true), ...touching('.plot-y > span:not(.plot-widest)', false),
                 ...touching('.row-words, .words', false)],
      ticks: labels('.plot-x > span, .plot-y > span:not(.plot-widest)').map(t => t.textContent)};
  })"""

MEASURE = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const px = sel => [...main.querySelectorAll(sel)].map(e => parseFloat(getComputedStyle(e).fontSize));
  const charts = (TALK_CHARTS)(main);
  const vega = document.querySelectorAll('[data-testid="stVegaLiteChart"]').length
    + performance.getEntriesByType('resource').filter(r => /\\/embed\\.[^/]*\\.js/.test(r.name)).length;
  const errors = main.querySelectorAll(
    '[data-testid="stException"], [data-testid="stAlertContentError"]').length;
  return {
    mainScroll: main.scrollHeight, mainClient: main.clientHeight,
    docScroll: document.documentElement.scrollHeight, innerHeight: window.innerHeight,
    docWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
    body: px('.talk-text'), big: px('.talk-big, .bignum'), charts, vega, errors,
    plots: charts.map(c => c.plotHeight), ticks: charts.flatMap(c => c.ticks),
    title: main.querySelector('.st-key-talk-title h1')?.textContent ?? '',
    bar: main.querySelector('.st-key-talk-bar')?.textContent ?? '',
    // Where "Pages" and "Leave the talk" begin: the same on every step (a speaker reaches for them).
    ends: [...main.querySelectorAll('.st-key-talk-bar [data-testid="stPopover"] button, .st-key-talk-bar a')]
      .filter(e => /Pages|Leave/.test(e.textContent)).map(e => Math.round(e.getBoundingClientRect().left)),
  };
}""".replace("TALK_CHARTS", TALK_CHARTS)


def step_in_url(page) -> str | None:
    values = parse_qs(urlparse(page.url).query).get("step")
    return values[-1] if values else None


def wait_for_step(page, number: int) -> None:
    """The run the key started has finished and drawn step ``number``, its chart included."""
    page.wait_for_function(
        "n => document.querySelector('.st-key-talk-title h1')?.textContent.startsWith(n + '. ')",
        arg=number,
        polling=POLL_MS,
        timeout=60_000,
    )
    wait_for_run(page)
    wait_for_paint(page)
    wait_for_clicker_keys(page)


#: Every key's button is drawn and enabled (a run can finish before the bar is drawn again).
KEYS_READY = """n => {
  const buttons = [...document.querySelectorAll('.st-key-talk-bar button, .st-key-talk-keys button')];
  return buttons.length >= n && buttons.every(b => !b.disabled);
}"""


def wait_for_clicker_keys(page) -> None:
    """Wait until the clicker's keys would be heard: every key's button drawn and enabled, then
    two frames, by when Streamlit has bound each button's shortcut (bound once it is drawn)."""
    page.wait_for_function(KEYS_READY, arg=len(DECK_KEYS), polling=POLL_MS, timeout=30_000)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def measure(page) -> dict:
    """MEASURE, taken in a frame where every chart has its plot laid out and the step's words
    are there (a step's chart can be drawn a frame before its words: "no body text")."""
    drawn = (
        f"() => {{ const m = ({MEASURE})(); return m.plots.every(h => h > 0) && m.body.length ? m : null; }}"
    )
    try:
        return page.wait_for_function(drawn, polling=POLL_MS, timeout=30_000).json_value()
    except PlaywrightTimeout:  # a chart that never draws: the checks below say so
        return page.evaluate(MEASURE)


def check_screen(page, number: int, width: int, height: int) -> dict:
    m = measure(page)
    where = f"step {number} at {width}×{height}"
    assert step_in_url(page) == str(number), f"{where}: the URL says step {step_in_url(page)}"
    assert m["title"].startswith(f"{number}. {STEPS[number - 1].title}"), where
    assert f"Step {number} of {LAST}" in m["bar"], where
    assert m["errors"] == 0, f"{where}: an exception or error box"
    assert "went wrong" not in page.locator('[data-testid="stMain"]').inner_text(), where
    assert icons_not_drawn(page) == [], f"{where}: icons the icon font does not draw"
    assert m["mainScroll"] <= m["mainClient"] + 1, f"{where}: the step scrolls ({m['mainScroll']} px)"
    assert m["docScroll"] <= m["innerHeight"] + 1 and m["docWidth"] <= m["innerWidth"] + 1, where
    scale = width / REFERENCE_WIDTH
    assert m["body"], f"{where}: no body text"
    assert min(m["body"]) >= BODY_PX * scale - 0.5, f"{where}: body text {min(m['body'])} px"
    assert all(size >= BIG_PX * scale - 0.5 for size in m["big"]), f"{where}: big number {m['big']} px"
    assert len(m["plots"]) == (1 if number in CHARTS else 0), f"{where}: charts {m['plots']}"
    assert m["vega"] == 0, f"{where}: Vega loaded or a Vega chart drawn"
    for plot in m["plots"]:
        assert plot >= PLOT_SHARE * height, f"{where}: a plot area of {plot:.0f} px of {height}"
    for chart in m["charts"]:  # read from the back of a room: no word under 18 px, none cut or run together
        assert chart["type"][0] >= PROJECTOR_CHART_PX - 0.05, f"{where}: chart type {chart['type']} px"
        # No larger than the box holds: labels 3.8% of its height, the words on the marks 10% more.
        most = max(0.042 * chart["height"], 1.1 * PROJECTOR_CHART_PX) + 0.5
        assert chart["type"][1] <= most, (
            f"{where}: chart type {chart['type']} px in a box {chart['height']} px high"
        )
        assert max(chart["titles"]) <= 2, f"{where}: an axis title in {chart['titles']} lines"
        assert chart["outside"] == chart["touching"] == chart["spilled"] == [], f"{where}: {chart}"
        assert chart["marks"] >= 2 and chart["widest"] >= 18, f"{where}: no marks drawn {chart}"
        assert chart["plot"] >= chart["width"] / 2, f"{where}: {chart}"
    # Whole steps read as whole numbers: step 7's axis at 1920 wrote "0.0 2.0 … 10.0" (review 13).
    assert not [t for t in m["ticks"] if re.fullmatch(r"-?[\d,]+\.0+", t)], f"{where}: ticks {m['ticks']}"
    zooms = page.evaluate(PIXEL_ZOOMS)  # the noise and the photo: whole factors, never squeezed
    assert len(zooms) == (2 if STEPS[number - 1].key == "noise" else 0), f"{where}: pictures {zooms}"
    assert all(z >= 1 and z == pytest.approx(round(z), abs=1e-3) for z in zooms), f"{where}: zoom {zooms}"
    return m


#: How many screen pixels each picture pixel takes, across (its drawn width over its own).
PIXEL_ZOOMS = """() => [...document.querySelectorAll('.st-key-talk-noise img, .st-key-talk-photo img')]
  .map(i => i.getBoundingClientRect().width / i.naturalWidth)"""


#: The projectors: every step is checked on the small one on ``test_quiet_logs.py``'s visit of
#: the talk (each step as "Next" reaches it), and on the large one here, each reached by a key.
SMALL, LARGE = (1280, 720), (1920, 1080)

#: The clicker's keys, pressed in this order from step 1, and the step each must lead to:
#: every step is reached, each key is pressed at least once.
KEYS = (
    ("ArrowRight", 2),
    ("Space", 3),
    *(("PageDown", n) for n in range(4, LAST)),
    ("End", LAST),
    ("PageUp", LAST - 1),
    ("ArrowLeft", LAST - 2),
    ("Home", 1),
)


def test_talk_steps_with_a_clicker(app_server, tab, tmp_path):
    """From a bad link (it says so, neither its HTML nor its markdown rendered: step 1), the
    clicker's keys step through the talk on the large projector: Right and Space go on, Left
    goes back, PageDown and PageUp as a clicker sends them, End and Home jump. Every step's
    screen is checked when first reached (and written to ``assets/talk/`` with
    ``UPDATE_SCREENSHOTS=1``); on the room's step, "Search harder" reruns the room alone
    (``test_view_reruns.py``). Every chart came with the page: no key press sends one (the
    browser would draw it anew), and a new image size on step 2 redraws the step's chart."""
    frames = record_frames(tab)
    tab.set_viewport_size({"width": LARGE[0], "height": LARGE[1]})
    tab.goto(f"{app_server}/Talk?step=%2A%2A%3Cb%3Ebold%3C/b%3E%2A%2A")
    wait_for_step(tab, 1)  # the keys' buttons drawn, so their shortcuts are bound
    warning = tab.locator('[data-testid="stAlertContentWarning"]')
    assert "There is no step “**<b>bold</b>**”" in warning.inner_text()
    assert warning.locator("b, strong").count() == 0  # neither HTML nor markdown
    tab.mouse.click(10, LARGE[1] - 80)  # a blank spot, as a speaker clicks before the clicker
    seen: dict[int, dict] = {}
    for key, number in KEYS:
        frames.clear()
        tab.keyboard.press(key)
        wait_for_step(tab, number)
        assert step_in_url(tab) == str(number), key
        if (key, number) == KEYS[0]:  # the clicker's first key after the click
            assert tab.evaluate(FOCUS_FRAME) == [True, "none"], "the main area's keyboard-focus frame shows"
        assert not sent_charts(frames), f"{key} to step {number} sent a chart"
        if number not in seen:
            seen[number] = check_screen(tab, number, *LARGE)
            if os.environ.get("UPDATE_SCREENSHOTS"):
                screenshot(tab, number, tmp_path)
            if STEPS[number - 1].key == "room":  # test_view_reruns.py's check, on this visit
                search_harder_reruns_the_room_alone(tab, frames)
    assert sorted(seen) == list(range(1, LAST + 1))
    ends = {tuple(m["ends"]) for m in seen.values()}  # they moved by up to 109 px (review, 27 Nov)
    assert len(ends) == 1 and len(next(iter(ends))) == 2, ends
    numbers = [n for n in seen if STEPS[n - 1].key != "noise"]
    assert all(seen[n]["big"] for n in numbers), "every step but the pictures has its number"

    tab.keyboard.press("ArrowRight")
    wait_for_step(tab, 2)
    box = tab.locator('input[aria-label="Image size (width×height)"]')
    box.fill("28")
    box.press("Enter")
    shown = "() => [...document.querySelectorAll('.st-key-talk-chart-atoms .row-words')].some(t => t.textContent.startsWith('28×28'))"
    tab.wait_for_function(shown, polling=POLL_MS, timeout=30_000)
    check_screen(tab, 2, *LARGE)
    clicker_keys_leave_a_box_and_a_choice(tab, box)


def clicker_keys_leave_a_box_and_a_choice(tab, box) -> None:
    """The clicker still steps the deck after the speaker typed a size or clicked a choice
    (assets/talk/clicker.js; review 13): Streamlit skips a shortcut whose key the focused text
    box may use, and a segmented control keeps the arrows and Space. PageDown from the box that
    still has the focus (what was typed in it, without Enter, kept); Left after clicking a colour."""
    box.fill("32")  # typed, not yet handed in
    focused = "() => document.activeElement?.getAttribute('aria-label')"
    assert tab.evaluate(focused) == box.get_attribute("aria-label")
    tab.keyboard.press("PageDown")
    wait_for_step(tab, 3)
    assert parse_qs(urlparse(tab.url).query).get("image") == ["32"], tab.url
    tab.locator('.st-key-colour button[role="radio"]', has_text="grey").click()
    wait_for_run(tab)
    wait_for_clicker_keys(tab)
    tab.keyboard.press("ArrowLeft")
    wait_for_step(tab, 2)
    assert parse_qs(urlparse(tab.url).query).get("colour") == ["grey"], tab.url


#: Whether the main area has the keyboard focus, and the frame Streamlit draws round it then
#: (an inset shadow on its ``::before``): after a click and a clicker's key, on every slide.
FOCUS_FRAME = """() => { const main = document.querySelector('[data-testid="stMain"]');
    return [main.matches(':focus-visible'), getComputedStyle(main, '::before').boxShadow] }"""


def sent_charts(frames: list) -> list[str]:
    """The charts among the elements these websocket frames sent: a Vega chart's kind, or a
    talk chart's HTML (lib.charts.talk)."""
    sent = []
    for m in forward_messages(frames):
        if m.WhichOneof("type") == "delta" and m.delta.HasField("new_element"):
            element = m.delta.new_element
            if element.WhichOneof("type") == "vega_lite_chart":
                sent.append("vega_lite_chart")
            elif element.WhichOneof("type") == "html" and "talk-plot" in element.html.body:
                sent.append(element.html.body[:80])
    return sent


#: The room's live figures (its count, pace, best find and the wait they give), which differ
#: with every server's history: greyed out in the screenshot, so that it is the same every time.
ROOM_LIVE = (".bignum-box .bignum", ".bignum-box .bignum-caption", ".room-line", ".pixel-room-best")


def screenshot(page, number: int, tmp_path: Path) -> None:
    path = tmp_path / f"step-{number}.png"
    live = [page.locator(css) for css in ROOM_LIVE] if STEPS[number - 1].key == "room" else []
    live += [page.locator('[data-testid="stCaptionContainer"]', has_text="best find")] if live else []
    page.screenshot(path=str(path), mask=live, mask_color="#E6E6E6")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SCREENSHOTS / path.name)


def test_presentation_mode_survives_links_and_can_be_left(app_server, tab):
    """?present=true: large type, a bar of pages that keeps the mode, and a way out; the
    sidebar's switch turns it on again. One page load; the rest is the app's own links."""
    tab.set_viewport_size({"width": 1920, "height": 1080})
    tab.goto(f"{app_server}/?present=true")
    wait_for_run(tab)
    tab.wait_for_function("() => parseFloat(getComputedStyle(document.documentElement).fontSize) > 27.5")
    wait_for_paint(tab)
    sizes = tab.evaluate(
        """() => [...document.querySelectorAll(
                    '[data-testid="stMain"] :is([data-testid="stMarkdownContainer"] p, .card p, .hero p, .claim p, table.facts td)')]
                 .filter(p => !p.closest('.st-key-present-bar, [data-testid="stCaptionContainer"], '
                                         + '[data-testid="stPageLink"], [data-testid="stExpander"]'))
                 .map(p => parseFloat(getComputedStyle(p).fontSize))"""
    )
    assert sizes and min(sizes) >= BODY_PX - 0.5, sizes
    bar = tab.locator(".st-key-present-bar")
    bar.get_by_role("link", name="How many images?").click()  # the lightest page to draw
    tab.wait_for_url("**/Combinatorics**")
    wait_for_run(tab)
    assert urlparse(tab.url).path == "/Combinatorics"
    assert parse_qs(urlparse(tab.url).query).get("present") == ["true"]
    tab.locator(".st-key-present-bar").get_by_role("link", name="The talk").click()
    wait_for_step(tab, 1)
    tab.locator(".st-key-talk-bar").get_by_role("link", name="Leave the talk").click()
    tab.wait_for_url(lambda url: urlparse(url).path == "/")
    wait_for_run(tab)
    assert urlparse(tab.url).path == "/" and "present" not in parse_qs(urlparse(tab.url).query)
    # Back into the mode by the sidebar's switch (the same visit: no new page load), then out
    # again by the bar's button.
    toggle = tab.locator('[data-testid="stSidebar"]').get_by_text("Presentation mode")
    if not toggle.is_visible():  # the sidebar left as the talk had it: collapsed
        tab.get_by_test_id("stExpandSidebarButton").click()
    toggle.click()
    tab.locator(".st-key-present-bar").wait_for()
    wait_for_run(tab)
    assert parse_qs(urlparse(tab.url).query).get("present") == ["true"]
    tab.locator(".st-key-present-bar").get_by_role("button", name="Leave presentation mode").click()
    tab.wait_for_function("() => !document.querySelector('.st-key-present-bar')", polling=POLL_MS)
    wait_for_run(tab)
    assert "present" not in parse_qs(urlparse(tab.url).query)
