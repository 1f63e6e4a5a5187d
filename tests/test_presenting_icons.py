"""Presentation mode's help icons keep the type's size, however early they mount.

Streamlit writes a help icon's SVG size in px once, when the icon mounts, from the root's
font size then. In presentation mode that size grows when ``presentation.css`` arrives, and
one load of How many images? in three mounted the label's "?" before it: 16-px icons beside
24.5-px labels on a 1920×1080 projector, for the rest of the visit (review 15). ``app.css``
sizes the icon in rem, so it follows the root whatever the SVG says.
"""

from __future__ import annotations

from conftest import wait_for_paint, wait_for_run

ICONS = '[data-testid="stMain"] [data-testid="stTooltipIcon"] svg'


def test_a_help_icon_follows_the_presented_type(app_server, tab):
    tab.set_viewport_size({"width": 1920, "height": 1080})
    tab.goto(f"{app_server}/Combinatorics?present=true")
    wait_for_run(tab)
    wait_for_paint(tab)
    icons = tab.locator(ICONS)
    assert icons.count() >= 2  # channels' and bits' help
    # The early mount, made certain: the plain page's size written into every icon.
    icons.evaluate_all(
        "svgs => svgs.forEach(s => { s.setAttribute('width', '16'); s.setAttribute('height', '16'); })"
    )
    rem = tab.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    sizes = icons.evaluate_all(
        "svgs => svgs.map(s => [s.getBoundingClientRect().width, s.getBoundingClientRect().height])"
    )
    assert rem > 20, rem  # presenting at 1920: the rem follows the width
    assert all(abs(w - rem) < 0.5 and abs(h - rem) < 0.5 for w, h in sizes), (rem, sizes)
