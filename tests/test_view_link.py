"""The open "Link to this view" panel always shows the link of what is on screen.

A page's parts rerun alone (:func:`lib.ui.page.run_part`): a new seed on Random images
reruns the draw, not the body around it, where the panel is. While the panel is open, a
part's rerun that changes the view runs the whole page again, so the panel never shows the
link of a view the visitor has left.

The closed panel's new draw is also the browser's check that a new seed swaps new data into
the charts already drawn (``test_chart_updates.py``): one page load for both.
"""

from __future__ import annotations

from conftest import act_and_wait_for_run, wait_for_paint, wait_for_run, watch_runs
from playwright.sync_api import expect
from test_chart_updates import assert_new_data_swapped_in, chart_drawings


def test_the_open_link_follows_a_new_draw(tab, app_server):
    watch_runs(tab)
    tab.goto(app_server + "/Sampling?seed=5")
    wait_for_run(tab)
    panel = tab.locator('[data-testid="stExpander"]', has_text="Link to this view")
    assert act_and_wait_for_run(tab, panel.locator("summary").click)
    link = panel.locator('[data-testid="stCode"]')
    expect(link).to_contain_text("seed=5")

    box = tab.locator('input[aria-label="Seed"]')
    box.fill("6")
    assert act_and_wait_for_run(tab, lambda: box.press("Enter"))
    wait_for_run(tab)  # the whole run that follows the draw's
    expect(link).to_contain_text("seed=6")
    expect(link).not_to_contain_text("seed=5")

    # Closed, the panel costs nothing: a new draw reruns the draw alone again, and its three
    # charts (spectrum, differences, correlation; the diffusion's is fixed) draw its data into
    # the drawings they have.
    assert act_and_wait_for_run(tab, panel.locator("summary").click)
    wait_for_paint(tab)
    charts = chart_drawings(tab)
    box.fill("7")
    assert act_and_wait_for_run(tab, lambda: box.press("Enter"))
    assert "seed=7" in tab.url
    assert_new_data_swapped_in(tab, charts, 3)
    assert act_and_wait_for_run(tab, panel.locator("summary").click)
    expect(link).to_contain_text("seed=7")
