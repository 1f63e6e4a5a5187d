"""The talk's slides as a speaker drives them live, in a real browser: each step fits its
projector without scrolling before and after its live action (Draw again, Search harder), a
link the talk cannot use included; on a phone, step 4's noise sits beside its photo.

Review 11: Search harder's result ran off a 1280×720 slide (Talk-7); a refused ``?step=``
pushed step 1's foot off it (Talk-5); on a phone step 4 stacked the noise above the photo
while its words say "beside it" (Talk-6). One page load per screen size, on the shared server;
the clicker's keys and the buttons do the rest.
"""

from __future__ import annotations

import pytest
from conftest import POLL_MS, act_and_wait_for_run, wait_for_paint, wait_for_run, watch_runs

#: The main area's height against what it holds, and the page's width against the window's.
FIT = """() => { const main = document.querySelector('[data-testid="stMain"]');
  return {scroll: main.scrollHeight, client: main.clientHeight,
          width: document.documentElement.scrollWidth, inner: window.innerWidth}; }"""


def assert_fits(tab, where: str) -> None:
    wait_for_paint(tab)
    m = tab.evaluate(FIT)
    assert m["scroll"] <= m["client"] + 1, f"{where}: the slide scrolls ({m['scroll']} px of {m['client']})"
    assert m["width"] <= m["inner"] + 1, f"{where}: the slide is {m['width']} px wide"


def next_step(tab, number: int) -> None:
    """The clicker's PageDown, and the run that draws step ``number``."""
    act_and_wait_for_run(tab, lambda: tab.keyboard.press("PageDown"))
    tab.wait_for_function(
        "n => document.querySelector('.st-key-talk-title h1')?.textContent.startsWith(n + '. ')",
        arg=number,
        polling=POLL_MS,
    )
    wait_for_run(tab)


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_every_live_action_stays_on_its_slide(app_server, tab, size):
    width, height = size
    watch_runs(tab)
    tab.set_viewport_size({"width": width, "height": height})
    tab.goto(f"{app_server}/Talk?step=abc")
    wait_for_run(tab)
    warning = tab.locator('[data-testid="stAlertContentWarning"]')
    assert "There is no step “abc”" in warning.inner_text()
    assert_fits(tab, f"a refused step at {width}×{height}")
    tab.mouse.click(10, height - 10)  # a blank spot, as a speaker clicks before the clicker
    for number in (2, 3, 4):
        next_step(tab, number)
    act_and_wait_for_run(tab, tab.get_by_role("button", name="Draw again").click)
    assert_fits(tab, f"step 4 after Draw again at {width}×{height}")
    next_step(tab, 5)
    next_step(tab, 6)
    assert_fits(tab, f"step 6 at {width}×{height}")
    act_and_wait_for_run(tab, tab.get_by_role("button", name="Search harder").click)
    under = tab.locator(".bignum-box .bignum-caption").inner_text()
    assert under.startswith("Search harder"), under  # its result, under the live count
    assert tab.locator('[data-testid="stAlert"]').count() == 0  # no box below the button
    assert_fits(tab, f"step 6 after Search harder at {width}×{height}")
    next_step(tab, 7)
    assert_fits(tab, f"step 7 at {width}×{height}")


def test_a_slides_chart_shows_no_toolbar_under_the_pointer(app_server, tab):
    """Review 15 (Talk-21): a pointer resting on step 7's chart showed Vega's download, copy
    and full-screen icons on the slide (in the README's picture too). The chart is now the
    page's own HTML (lib.charts.talk), which has no toolbar: hovered, none is shown, and the
    bar under the pointer says its model and figure (its ``title``)."""
    tab.set_viewport_size({"width": 1920, "height": 1080})
    tab.goto(f"{app_server}/Talk?step=7")
    wait_for_run(tab)
    wait_for_paint(tab)
    bar = tab.locator(".st-key-talk-chart-bits .bar").first
    box = bar.bounding_box()
    assert box, "step 7 draws no chart"
    tab.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    under = tab.evaluate(
        "([x, y]) => document.elementFromPoint(x, y)?.closest('.bar')?.title",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert under == "uniform: 8.000 bits per value", under
    toolbars = tab.locator('[class*="st-key-talk-chart-"] [data-testid="stElementToolbar"]')
    shown = toolbars.evaluate_all("bars => bars.filter(bar => bar.checkVisibility()).length")
    assert shown == 0


#: Each picture's box and how many screen pixels each of its pixels takes.
PICTURES = """() => [...document.querySelectorAll('.st-key-talk-noise img, .st-key-talk-photo img')]
  .map(i => { const r = i.getBoundingClientRect();
              return {left: r.left, right: r.right, top: r.top, zoom: r.width / i.naturalWidth}; })"""


def test_on_a_phone_the_noise_sits_beside_its_photo(app_server, tab):
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(f"{app_server}/Talk?step=4")
    wait_for_run(tab)
    wait_for_paint(tab)
    noise, photo = tab.evaluate(PICTURES)
    assert abs(noise["top"] - photo["top"]) < 1, (noise, photo)  # one row
    assert noise["right"] <= photo["left"] and photo["right"] <= 390, (noise, photo)
    for picture in (noise, photo):
        assert picture["zoom"] >= 1 and picture["zoom"] == pytest.approx(round(picture["zoom"]), abs=1e-3)
    assert photo["top"] + (photo["right"] - photo["left"]) <= 844, "the pair is on the first screen"


#: The step's big figure: the lines its text takes (one box per line of the inline power) and
#: its right edge against its column's.
BIG_FIGURE = """() => { const big = [...document.querySelectorAll('.talk-big')].find(e => e.checkVisibility());
  const lines = new Set([...big.querySelector('.pow').getClientRects()].map(r => Math.round(r.bottom))).size;
  return {lines, right: big.querySelector('.pow').getBoundingClientRect().right,
          column: big.getBoundingClientRect().right}; }"""


def test_a_4_3_projector_shows_each_big_figure_on_one_line(app_server, tab):
    """At 1024×768, a lecture hall's 4:3 projector, steps 1–3's big figures fit their column
    on one line and each slide fits the screen: the type's floor (16-px rem below 1,097 px)
    made "1.0149 × 10^68,181,011" 33 px wider than its column, broken as "68,181,0 / 11"
    (review 13). One load, then the clicker."""
    watch_runs(tab)
    tab.set_viewport_size({"width": 1024, "height": 768})
    tab.goto(f"{app_server}/Talk?step=1")
    wait_for_run(tab)
    for number in (1, 2, 3):
        if number > 1:
            next_step(tab, number)
        wait_for_paint(tab)
        figure = tab.evaluate(BIG_FIGURE)
        assert figure["lines"] == 1 and figure["right"] <= figure["column"] + 0.5, (number, figure)
        assert_fits(tab, f"step {number} at 1024×768")


#: The bar's height against its tallest visible control (one row: about equal), and how many
#: key hints show. The buttons that carry the other keys are off screen, left of it.
BAR_ROWS = """() => { const bar = document.querySelector('.st-key-talk-bar');
  const shown = [...bar.querySelectorAll('button, a')].filter(e => {
    const r = e.getBoundingClientRect(); return r.left >= 0 && r.width > 1 && e.checkVisibility(); });
  return {bar: bar.getBoundingClientRect().height,
          tallest: Math.max(...shown.map(e => e.getBoundingClientRect().height)),
          right: Math.max(...shown.map(e => e.getBoundingClientRect().right)),
          hints: [...bar.querySelectorAll('kbd')]
            .filter(k => k.checkVisibility() && k.getBoundingClientRect().left >= 0).length}; }"""


def test_the_bar_keeps_one_row_on_narrow_projectors(app_server, tab):
    """On step 4, whose "Explore: More noise and photos" is the longest link, the bar stays one
    row from a 1920×1080 projector down to an 800×600 one and a tablet held upright: at 1024×768
    and 1152×864 "Leave the talk" wrapped onto a second row (review 14, Talk-14), at 800×600 the
    bar took three. The key hints are named down to 1024 px; the way out keeps its name for a
    screen reader. One load; the window is resized."""
    tab.set_viewport_size({"width": 1024, "height": 768})
    tab.goto(f"{app_server}/Talk?step=4")
    wait_for_run(tab)
    for width, height, hints in (
        (1024, 768, 4),
        (1152, 864, 4),
        (1280, 720, 4),
        (1920, 1080, 4),
        (800, 600, 0),
        (768, 1024, 0),
    ):
        tab.set_viewport_size({"width": width, "height": height})
        wait_for_paint(tab)
        bar = tab.evaluate(BAR_ROWS)
        assert bar["bar"] < 1.5 * bar["tallest"], (
            f"the bar takes more than one row at {width}×{height}: {bar}"
        )
        assert bar["right"] <= width, (width, bar)
        assert bar["hints"] == hints, (width, bar)
    leave = tab.locator(".st-key-talk-bar").get_by_role("link", name="Leave the talk")
    assert leave.count() == 1


#: How far the image side's last choice runs past its column (positive: cut off).
SIDE_CHOICES_PAST_COLUMN = """() => {
  const group = [...document.querySelectorAll('.st-key-side [role="radiogroup"]')].find(g => g.checkVisibility());
  const column = group.closest('[data-testid="stColumn"]').getBoundingClientRect();
  return Math.max(...[...group.querySelectorAll('button')].map(b => b.getBoundingClientRect().right)) - column.right; }"""


#: How far the step's chart (drawn once, out of the flow: talk.css) runs below its column.
CHART_PAST_COLUMN = """() => {
  const chart = [...document.querySelectorAll('[class*="st-key-talk-chart-"]')].find(c => c.checkVisibility({visibilityProperty: true}));
  return chart.getBoundingClientRect().bottom - chart.closest('[data-testid="stColumn"]').getBoundingClientRect().bottom; }"""


def test_an_800_by_600_projector_shows_every_step_whole(app_server, tab):
    """On an 800×600 projector every step fits without scrolling (7 of 8 scrolled by 57–214 px:
    review 13, Talk-15) and the image side's choices stay inside their column on steps 4 and 5
    ("256" was cut off: review 14, Talk-16). One load, then the clicker."""
    watch_runs(tab)
    tab.set_viewport_size({"width": 800, "height": 600})
    tab.goto(f"{app_server}/Talk?step=1")
    wait_for_run(tab)
    tab.mouse.click(10, 590)  # a blank spot, as a speaker clicks before the clicker
    for number in range(1, 9):
        if number > 1:
            next_step(tab, number)
        assert_fits(tab, f"step {number} at 800×600")
        if number in (4, 5):
            assert tab.evaluate(SIDE_CHOICES_PAST_COLUMN) <= 0.5, f"step {number}: a side's choice is cut off"
        if number in (2, 5, 7):  # the chart drawn out of the flow keeps within the room made for it
            assert tab.evaluate(CHART_PAST_COLUMN) <= 0.5, f"step {number}: its chart runs into the foot"
