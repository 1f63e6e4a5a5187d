"""The open "Link to this view" panel always shows the link of what is on screen.

A page's parts rerun alone (:func:`lib.ui.page.run_part`): a new seed on Random images
reruns the draw, not the body around it, where the panel is. While the panel is open, a
part's rerun that changes the view runs the whole page again, so the panel never shows the
link of a view the visitor has left.

The closed panel's new draw is also the browser's check that a new seed redraws the draw's
statistics (the page's own HTML, ``lib.charts.statistics_plots`` and ``lib.sampling_strip``)
and leaves the plots below the draw as drawn (the thinness study's and the diffusion path's,
the page's own HTML too): none of them depends on the draw.

No page load of its own: :func:`follow_the_open_link` runs on ``test_quiet_logs.py``'s visit of
Random images, once every kind of button has been pressed (so the server's log of these runs
is checked to be quiet too).
"""

from __future__ import annotations

from conftest import act_and_wait_for_run, wait_for_paint, wait_for_run
from playwright.sync_api import expect

#: The draw's statistics as drawn: their plots and the neighbour correlations' strip.
STATISTICS = (
    "() => [...document.querySelectorAll('.draw-statistics, .correlation-strip')].map(e => e.innerHTML)"
)
#: The plots below the draw: each figure's element, tagged the first time it is seen (a plot
#: rendered anew is an untagged element), and what it holds.
BELOW_THE_DRAW = """() => [...document.querySelectorAll('.st-key-below-the-draw figure.html-plot')].map(f => {
  const seen = f.__seenBefore === true;
  f.__seenBefore = true;
  return {seen, html: f.outerHTML.length, kind: f.className};
})"""


def plots_below_the_draw(tab) -> list[dict]:
    """Each plot below the draw now (``BELOW_THE_DRAW``), tagged as seen."""
    return tab.evaluate(BELOW_THE_DRAW)


def follow_the_open_link(tab) -> None:
    """On Random images, loaded in ``tab`` (watched: ``conftest.watch_runs``) with its link
    panel closed: a new seed with the panel closed reruns the draw alone, redrawing its
    statistics (the page's own HTML) and leaving the plots below it as drawn (none depends on
    the draw); the panel opened shows that seed; a new seed typed while it is open runs the
    whole page, and the panel follows."""
    box = tab.locator('input[aria-label="Seed"]')
    now = box.input_value()
    first, second = ("5", "6") if now not in ("5", "6") else ("7", "8")  # both new draws

    wait_for_paint(tab)
    charts, statistics = plots_below_the_draw(tab), tab.evaluate(STATISTICS)
    assert len(charts) == 3 and not tab.locator('[data-testid="stVegaLiteChart"]').count()
    box.fill(first)
    assert act_and_wait_for_run(tab, lambda: box.press("Enter"))
    assert f"seed={first}" in tab.url
    wait_for_paint(tab)
    now = tab.evaluate(STATISTICS)
    assert len(now) == len(statistics) == 2 and all(a != b for a, b in zip(now, statistics))
    assert plots_below_the_draw(tab) == [{**chart, "seen": True} for chart in charts]  # none drawn anew

    panel = tab.locator('[data-testid="stExpander"]', has_text="Link to this view")
    assert act_and_wait_for_run(tab, panel.locator("summary").click)
    link = panel.locator('[data-testid="stCode"]')
    expect(link).to_contain_text(f"seed={first}")

    box.fill(second)
    assert act_and_wait_for_run(tab, lambda: box.press("Enter"))
    wait_for_run(tab)  # the whole run that follows the draw's
    expect(link).to_contain_text(f"seed={second}")
    expect(link).not_to_contain_text(f"seed={first}")
