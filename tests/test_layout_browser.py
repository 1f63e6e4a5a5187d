"""Story first, on a laptop and on a phone: what a visitor sees on each page's first screen.

For every page at 1440×900 and at 390×844, in Chromium:
- the first picture (an image or a chart) starts within the first viewport, and on the
  Combinatorics page the count does too;
- no table cell is narrower than its longest word (a phone must never break a word
  letter by letter);
- every chart's legend entries and axis titles are drawn inside the chart (none clipped,
  none dropped behind a "… more entries" line);
- nothing overflows the page sideways (no table, big number or paragraph reaches past the
  screen's right edge), and no error box or exception is shown;
- pictures the browser enlarges (Learning's samples and eigenvectors) fit their column
  without scrolling, each by a whole factor.

Each page is loaded once per viewport and judged on that one load: its first screen as it
arrives, then scrolled to the end. On the phone, How many images? then switches to a video
(one click) and must still fit sideways. The phone's load is this file's (How many images?'s
and Random images' are ``test_combinatorics_charts.py``'s and ``test_sampling_browser.py``'s,
which start on a phone); the laptop's is ``test_quiet_logs.py``'s visit of the page
(``judge_first_load``, before any button is pressed), so each page is opened once at each
size in the whole suite.

``UPDATE_SCREENSHOTS=1`` also writes each page's first screen to ``assets/screenshots/``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import (
    POLL_MS,
    ROOT,
    act_and_wait_for_run,
    icons_not_drawn,
    no_error_shown,
    record_frames,
    wait_for_paint,
    wait_for_run,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_learning_reruns import a_new_seed_redraws_everything_it_decides_and_nothing_else

SCREENSHOTS = ROOT / "assets" / "screenshots"
PAGES = {"home": "/", "combinatorics": "/Combinatorics", "sampling": "/Sampling", "learning": "/Learning"}
VIEWPORTS = {"laptop": (1440, 900), "phone": (390, 844)}

#: Where the first picture starts, in viewport heights (1.0 = the bottom of the first screen).
FIRST_PICTURE = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  // Any image of some size (st.image, or an <img> in the page's own HTML), a plot's lines (inline
  // where a block is shown in place: lib.ui.in_place) or any plot.
  const pictures = [...main.querySelectorAll('img, svg.plot-lines, figure.html-plot')]
      .filter(e => e.getBoundingClientRect().height >= 48);
  if (!pictures.length) return null;
  return pictures[0].getBoundingClientRect().top / window.innerHeight;
}"""

#: Cells whose longest word is wider than the cell's content box.
NARROW_CELLS = """() => {
  const canvas = document.createElement('canvas').getContext('2d');
  const narrow = [];
  for (const cell of document.querySelectorAll('[data-testid="stMain"] table td, [data-testid="stMain"] table th')) {
    const style = getComputedStyle(cell);
    canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const words = cell.innerText.split(/\\s+/).filter(Boolean);
    for (const word of words) {
      const width = canvas.measureText(word).width;
      if (width > inner + 1) { narrow.push(`${word} (${width.toFixed(0)} px in ${inner.toFixed(0)} px)`); break; }
    }
  }
  return narrow;
}"""

#: Plots' titles, axis words, ticks and legend entries drawn outside their column or the screen.
CLIPPED_CHART_TEXT = """() => {
  const problems = [];
  // Every plot is the page's own HTML (lib.charts.html_plot and each page's marks): its words inside
  // its own column (a half of a block of two side by side) and the screen.
  for (const plot of document.querySelectorAll('.html-plot')) {
    const box = (plot.closest('.draw-statistics > div, .thinness-plots > div') || plot.closest('[data-testid="stElementContainer"]')).getBoundingClientRect();
    for (const t of plot.querySelectorAll('.plot-title, .plot-y-title span, .plot-x-title, .plot-legend li, .plot-x span, .plot-y span, .plot-y2 span, .plot-y2-title span, .marked b, .level-label')) {
      const r = t.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.left < box.left - 1 || r.right > box.right + 1) problems.push(`"${t.textContent}" drawn outside its plot's column`);
      if (r.right > window.innerWidth + 1) problems.push(`"${t.textContent}" beyond the screen's edge`);
    }
  }
  return problems;
}"""


def _open(tab, url: str, size: tuple[int, int]) -> None:
    tab.set_viewport_size({"width": size[0], "height": size[1]})
    tab.goto(url)
    wait_for_run(tab)
    wait_for_paint(tab)


#: Tables, big numbers and paragraphs whose right edge is past the screen's.
OVERFLOWING = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return [...main.querySelectorAll('table, .bignum, [data-testid="stMarkdownContainer"]')]
      .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
      .map(el => el.className || el.tagName);
}"""


def _nothing_sideways(tab, name: str, viewport: str) -> None:
    """Nothing scrolls sideways, and no table, big number or paragraph reaches past the
    screen's right edge (nor past the main column's own width)."""
    sideways = tab.evaluate(
        """() => { const main = document.querySelector('[data-testid="stMain"]');
                   return Math.max(main.scrollWidth - window.innerWidth, main.scrollWidth - main.clientWidth); }"""
    )
    assert sideways <= 1, f"{name} at {viewport} overflows sideways by {sideways} px"
    wide = tab.evaluate(OVERFLOWING)
    assert not wide, f"{name} at {viewport}: past the screen's right edge: {wide}"


def _first_screen_leads_with_the_picture(tab, name: str, viewport: str) -> None:
    size = VIEWPORTS[viewport]
    if name == "combinatorics":  # its picture is the count itself
        count = tab.locator(".bignum").first.bounding_box()
        assert count and count["y"] + count["height"] <= size[1], "the count is below the first screen"
    else:
        # Images and charts arrive a moment after the run ends (bytes fetched, a fit finishing
        # in the background): give the first screen time to fill, then judge it.
        try:
            tab.wait_for_function(
                f"() => {{ const top = ({FIRST_PICTURE})(); return top !== null && top < 0.9; }}",
                polling=POLL_MS,
                timeout=20_000,
            )
        except PlaywrightTimeout:
            first = tab.evaluate(FIRST_PICTURE)
            pytest.fail(f"{name} at {viewport}: the first picture starts at {first} viewport heights")

    _nothing_sideways(tab, name, viewport)

    if os.environ.get("UPDATE_SCREENSHOTS"):
        # A picture for the README: let any follow-up run (a fit finishing) settle first.
        tab.wait_for_timeout(1500)
        wait_for_run(tab)
        wait_for_paint(tab)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(Path(SCREENSHOTS) / f"{name}-{viewport}.png"))


def _tables_and_charts_read_whole(tab, name: str, viewport: str) -> None:
    """Scrolled to the end (lazy parts drawn), no word is broken and no chart text is cut."""
    tab.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMain\"]'); m.scrollTop = m.scrollHeight; }"
    )
    wait_for_paint(tab)
    narrow = tab.evaluate(NARROW_CELLS)
    assert not narrow, f"{name} at {viewport}: table cells narrower than a word: {narrow[:5]}"
    # A page may rerun once more when a background fit lands: judge charts once all are drawn.
    wait_for_run(tab)
    wait_for_paint(tab)
    clipped = tab.evaluate(CLIPPED_CHART_TEXT)
    assert not clipped, f"{name} at {viewport}: {clipped[:5]}"


#: Pictures sent at their own size and enlarged by the browser (Learning's samples and the
#: Gaussian's eigenvectors): each must fit its column, phones included, by a whole factor.
PIXEL_PICTURES = {"learning": ".pixel-rows img, .pixel-eigen img"}

#: Each such picture once decoded: its drawn and its own size, and its column's width.
ENLARGED = """(selector) => {
  const pictures = [...document.querySelectorAll(selector)];
  if (!pictures.length || !pictures.every(img => img.complete && img.naturalWidth)) return null;
  return pictures.map(img => {
    const drawn = img.getBoundingClientRect(), column = img.parentElement;
    return {alt: img.alt, width: drawn.width, height: drawn.height, own: [img.naturalWidth, img.naturalHeight],
            column: column.clientWidth, scrolls: column.scrollWidth > column.clientWidth + 1};
  });
}"""


def _pixel_pictures_fit_by_whole_factors(tab, name: str, viewport: str) -> None:
    """No picture scrolls sideways in its column, and each is enlarged by a whole factor (a
    pixel is a square of whole screen pixels: never squeezed, never smoothed)."""
    if name not in PIXEL_PICTURES:
        return
    pictures = tab.wait_for_function(ENLARGED, arg=PIXEL_PICTURES[name], polling=POLL_MS).json_value()
    for p in pictures:
        factor = p["width"] / p["own"][0]
        where = f"{name} at {viewport}: {p['alt']!r} ({p['own'][0]} px wide, drawn at {p['width']} px)"
        assert factor >= 1 and factor == int(factor) and p["height"] == factor * p["own"][1], where
        assert p["width"] <= p["column"] and not p["scrolls"], (
            f"{where} is wider than its {p['column']} px column"
        )


def judge_first_load(tab, name: str, viewport: str) -> None:
    """Every check of this file on a page just loaded at ``VIEWPORTS[viewport]`` (and drawn):
    no error shown, every icon drawn as one (the icon font is cut down: lib.ui.icon_font), the first screen, its pixel pictures, then scrolled to the end, tables
    and charts."""
    no_error_shown(tab)
    assert icons_not_drawn(tab) == [], f"{name} at {viewport}: icons the icon font does not draw"
    _first_screen_leads_with_the_picture(tab, name, viewport)
    _pixel_pictures_fit_by_whole_factors(tab, name, viewport)
    _tables_and_charts_read_whole(tab, name, viewport)


#: The laptop's size is judged on ``test_quiet_logs.py``'s visit of each page, which opens
#: it at 1440×900 on the same server before pressing its buttons (one load for both); it is
#: judged here too only to refresh its screenshots (``UPDATE_SCREENSHOTS=1``).
JUDGED_HERE = ["phone", *(["laptop"] if os.environ.get("UPDATE_SCREENSHOTS") else [])]


#: Views a phone reaches from a page's first load by one click (an option's key and label),
#: then judged for sideways overflow: How many images? of a video, whose numbers and tables
#: are the widest.
ONE_CLICK_ON_THE_PHONE = {"combinatorics": [("m", "video")]}


def judge_one_click_views(tab, name: str, viewport: str) -> None:
    """The views ``ONE_CLICK_ON_THE_PHONE`` reaches from page ``name`` (watched:
    ``conftest.watch_runs``), each clicked and judged for sideways overflow."""
    for key, label in ONE_CLICK_ON_THE_PHONE.get(name, []) if viewport == "phone" else []:
        assert act_and_wait_for_run(tab, tab.locator(f".st-key-{key} button", has_text=label).click)
        assert f"{key}={label}" in tab.url
        wait_for_paint(tab)
        no_error_shown(tab)
        _nothing_sideways(tab, f"{name}?{key}={label}", viewport)


#: First loads judged on another file's visit, which opens the page at that size first (and
#: then resizes it): How many images? on a phone is ``test_combinatorics_charts.py``'s (its
#: charts' words at three widths), Random images' is ``test_sampling_browser.py``'s (its grids
#: at three widths).
JUDGED_ELSEWHERE = {("combinatorics", "phone"), ("sampling", "phone")}
CASES = [(n, v) for v in JUDGED_HERE for n in PAGES if (n, v) not in JUDGED_ELSEWHERE]


#: Checks of other files made on a first load once it has been judged, so that they need no
#: page load of their own: what a new seed on Memorise or model? re-sends.
AFTER_THE_FIRST_LOAD = {("learning", "phone"): a_new_seed_redraws_everything_it_decides_and_nothing_else}


@pytest.mark.parametrize(("name", "viewport"), CASES)
def test_first_screen_leads_and_tables_and_charts_read_whole(app_server, tab, name, viewport):
    frames = record_frames(tab)
    _open(tab, app_server + PAGES[name], VIEWPORTS[viewport])
    judge_first_load(tab, name, viewport)
    judge_one_click_views(tab, name, viewport)
    if (name, viewport) in AFTER_THE_FIRST_LOAD:
        AFTER_THE_FIRST_LOAD[name, viewport](tab, frames)


#: Each row of choices (st.segmented_control) on screen, and how far its last choice runs past
#: its column (positive: cut off where Streamlit clips it).
CHOICES_PAST_COLUMN = """() => [...document.querySelectorAll('[data-testid="stMain"] [role="radiogroup"]')]
  .filter(group => group.checkVisibility()).map(group => {
    const column = (group.closest('[data-testid="stColumn"]') ?? group.parentElement).getBoundingClientRect();
    const right = Math.max(...[...group.querySelectorAll('button')].map(b => b.getBoundingClientRect().right));
    return [group.closest('[data-testid="stElementContainer"]').innerText.split('\\n')[0], right - column.right]; })"""


def test_every_choice_shows_in_a_narrow_window(app_server, tab):
    """At 1024×768 with the sidebar open (a small laptop, a 4:3 projector), How many images?'
    inputs have a column of ~190 px: "What kind of data?" ran 63 px past it and "video" was cut
    off (review 14, Comb-12; from 641 to 1,279 px wide). Every row of choices shows each choice."""
    _open(tab, app_server + PAGES["combinatorics"], (1024, 768))
    rows = tab.evaluate(CHOICES_PAST_COLUMN)
    assert any(label == "What kind of data?" for label, _ in rows), rows
    assert all(past <= 0.5 for _, past in rows), f"choices cut off at 1024×768: {rows}"
    # Each preset's name and the reset's label whole, on two lines if need be (Comb-13: at 900
    # five of nine presets ended in "…", at 1024 "Library of Babel image arc…" and the reset).
    for width, height in ((1024, 768), (900, 700)):
        tab.set_viewport_size({"width": width, "height": height})
        cut = tab.evaluate(LABELS_CUT)
        assert len(cut["seen"]) == 10 and not cut["cut"], (width, cut)


#: Each pill's and the reset's label: whether its words are cut (wider or taller than their box).
LABELS_CUT = """() => {
  const buttons = [...document.querySelectorAll('[data-testid="stMain"] button[data-variant="pills"], .st-key-back-to-post button')];
  const seen = buttons.map(b => b.querySelector('p').innerText);
  const cut = buttons.filter(b => [...b.querySelectorAll('[data-testid="stMarkdownContainer"], p')].some(e =>
    e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1) || b.scrollHeight > b.clientHeight + 1)
    .map(b => b.querySelector('p').innerText);
  return {seen, cut};
}"""
