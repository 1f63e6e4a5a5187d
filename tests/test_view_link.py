"""The open "Link to this view" panel always shows the link of what is on screen.

A page's parts rerun alone (:func:`lib.ui.page.run_part`): a new seed on Random images
reruns the draw, not the body around it, where the panel is. While the panel is open, a
part's rerun that changes the view runs the whole page again, so the panel never shows the
link of a view the visitor has left.

The closed panel's new draw is also the browser's check that a new seed swaps new data into
the charts already drawn (``test_chart_updates.py``).

No page load of its own: :func:`follow_the_open_link` runs on ``test_quiet_logs.py``'s visit of
Random images, once every kind of button has been pressed (so the server's log of these runs
is checked to be quiet too).
"""

from __future__ import annotations

from conftest import act_and_wait_for_run, wait_for_paint, wait_for_run
from playwright.sync_api import expect
from test_chart_updates import assert_new_data_swapped_in, chart_drawings


def follow_the_open_link(tab) -> None:
    """On Random images, loaded in ``tab`` (watched: ``conftest.watch_runs``) with its link
    panel closed: a new seed with the panel closed reruns the draw alone, its two charts
    (spectrum, differences; the diffusion's is fixed, the correlations are the page's own HTML)
    drawing its data into the drawings they have; the panel opened shows that seed; a new seed typed while it is open
    runs the whole page, and the panel follows."""
    box = tab.locator('input[aria-label="Seed"]')
    now = box.input_value()
    first, second = ("5", "6") if now not in ("5", "6") else ("7", "8")  # both new draws

    wait_for_paint(tab)
    charts = chart_drawings(tab)
    box.fill(first)
    assert act_and_wait_for_run(tab, lambda: box.press("Enter"))
    assert f"seed={first}" in tab.url
    assert_new_data_swapped_in(tab, charts, 2)

    panel = tab.locator('[data-testid="stExpander"]', has_text="Link to this view")
    assert act_and_wait_for_run(tab, panel.locator("summary").click)
    link = panel.locator('[data-testid="stCode"]')
    expect(link).to_contain_text(f"seed={first}")

    box.fill(second)
    assert act_and_wait_for_run(tab, lambda: box.press("Enter"))
    wait_for_run(tab)  # the whole run that follows the draw's
    expect(link).to_contain_text(f"seed={second}")
    expect(link).not_to_contain_text(f"seed={first}")
