"""Presentation mode opened on a phone: someone in the audience types the projected link.

A presenting page's charts are built for a projector (22-px chart text, taller plots) and
its type follows the screen's width. On a 390-px phone that once squeezed plots to slivers,
clipped legends and axis titles, pushed Random images sideways, and made the words smaller
than without ``?present``. Now every plot (the page's own HTML) keeps a projector's type to a
window at least ``lib.charts.PROJECTOR_MIN_WIDTH`` wide in its style
(lib.charts.html_plot.PLOT_STYLE), and the type never drops below a screen's.

The same visit then widens the window to a projector's and makes
``test_sampling_browser.py``'s checks of presenting at 1280×720 and 1920×1080: one page load
for both.
"""

from __future__ import annotations

from conftest import wait_for_paint, wait_for_run, watch_runs
from test_layout_browser import CLIPPED_CHART_TEXT, _nothing_sideways
from test_sampling_browser import presenting_at_1280_by_720_keeps_the_grids_above_the_fold

#: The largest label of the plots below the draw (their axes' and legends': the page's own
#: HTML, lib.charts.thinness and lib.charts.sampling) and the body text's size, in px.
PLOT_LABELS = (
    ".st-key-below-the-draw .html-plot :is(.plot-x span, .plot-y span, .plot-y2 span, .plot-legend li)"
)
TYPE_SIZES = f"""() => {{
  const sizes = [...document.querySelectorAll('{PLOT_LABELS}')].map(t => parseFloat(getComputedStyle(t).fontSize));
  const body = parseFloat(getComputedStyle(document.documentElement).fontSize);  // every size is in rem
  return {{chart: Math.max(...sizes), charts: sizes.length, body}};
}}"""

#: True once every label of the plots below the draw is at a projector's 20 px or more.
PROJECTOR_TYPE_CHARTS = f"""() => [...document.querySelectorAll('{PLOT_LABELS}')]
  .every(t => parseFloat(getComputedStyle(t).fontSize) >= 20) || null"""


def test_a_presented_page_reads_on_a_phone(app_server, tab):
    watch_runs(tab)
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(app_server + "/Sampling?present=true")  # the page with the most charts, one fixed-size
    wait_for_run(tab)
    wait_for_paint(tab)
    tab.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMain\"]'); m.scrollTop = m.scrollHeight; }"
    )
    wait_for_run(tab)
    wait_for_paint(tab)
    clipped = tab.evaluate(CLIPPED_CHART_TEXT)
    assert not clipped, f"Sampling?present=true at 390: {clipped[:5]}"
    _nothing_sideways(tab, "Sampling?present=true", "phone")
    sizes = tab.evaluate(TYPE_SIZES)
    assert sizes["charts"] >= 50 and sizes["chart"] <= 14, f"a projector's chart type on a phone: {sizes}"
    assert sizes["body"] >= 16, f"presenting made the words smaller than a screen's: {sizes}"
    strip = "() => parseFloat(getComputedStyle(document.querySelector('.correlation-strip .label')).fontSize)"
    assert tab.evaluate(strip) <= 14, "a projector's type in the correlation strip on a phone"
    plots = "() => [...document.querySelectorAll('.html-plot .plot-x span')].map(t => parseFloat(getComputedStyle(t).fontSize))"
    assert 0 < max(tab.evaluate(plots), default=0) <= 14, (
        "a projector's type in the statistics' plots on a phone"
    )
    # The same tab widened to a projector's window, no reload (a speaker who opened the link
    # in a narrow window, then maximised it): the plots take a projector's type.
    tab.set_viewport_size({"width": 1280, "height": 844})
    tab.wait_for_function(PROJECTOR_TYPE_CHARTS, polling="raf", timeout=10_000)
    assert tab.evaluate(strip) >= 20  # the correlations' strip (page HTML, lib.sampling_strip) too
    # Then on a 1280×720 projector and a 1920×1080 one: the grids above the fold, the charts'
    # type a projector's (``test_sampling_browser.py``'s checks, on this visit).
    presenting_at_1280_by_720_keeps_the_grids_above_the_fold(tab)
