"""The Sampling page in Chromium: grids side by side, pixel-exact, first on the screen.

Issue 12/13: at every width the two grids sit side by side (two columns at 390 px too),
each enlarged by a whole factor only (a 518-pixel image squeezed into 482 pixels drew
moiré), and with "Draw again" they fit the first screen, also when presenting at 1280×720.
The browser's console stays free of Vega's 'Conflicting legend property "disable"'.
"""

from __future__ import annotations

import contextlib

import pytest
from conftest import wait_for_paint, wait_for_run
from playwright.sync_api import TimeoutError as PlaywrightTimeout

#: Each image of the page: its natural (sent) size and its drawn size, in CSS pixels.
# Each picture's class has pixel-<key> in it (lib.ui.pixel_image: written into the page, or served).
# The two corners at full size are one served element (.st-key-full-size), both at 1:1.
MINE = "[class*='pixel-grid-'] img, .st-key-full-size img, [class*='pixel-zoom-'] img, [class*='pixel-diffusion'] img"
IMAGES = f"""() => [...document.querySelectorAll("{MINE}")].map(i => {{
  const r = i.getBoundingClientRect();
  return {{natural: i.naturalWidth, naturalHeight: i.naturalHeight, width: r.width, height: r.height,
          left: r.left, top: r.top, bottom: r.bottom, rendering: getComputedStyle(i).imageRendering}};
}})"""


def open_sampling(tab, url: str, width: int, height: int, query: str = ""):
    tab.set_viewport_size({"width": width, "height": height})
    messages: list[str] = []
    tab.on("console", lambda message: messages.append(message.text))
    tab.goto(f"{url}/Sampling{query}")
    wait_for_run(tab)
    return settled_images(tab), messages


def settled_images(tab) -> list[dict]:
    """Each picture's sizes, once the pictures have loaded and the layout has settled."""
    wait_for_paint(tab)
    tab.wait_for_function(
        f"""() => [...document.querySelectorAll("{MINE}")].filter(i => i.complete && i.naturalWidth).length >= 7""",
        polling="raf",
    )
    # The page's layout settles after its images load (each picture's own style block, a
    # scroll bar): judge the first frame where the two grids share a row and every picture
    # is enlarged by a whole factor; a page that never gets there is judged when the wait ends.
    side_by_side = f"""() => {{
      const all = ({IMAGES})(), [a, b] = all;
      const whole = all.every(i => i.width >= i.natural && Math.abs(i.width / i.natural - Math.round(i.width / i.natural)) < 1e-3);
      return a && b && Math.abs(a.top - b.top) <= 1 && whole ? true : null;
    }}"""
    with contextlib.suppress(PlaywrightTimeout):
        tab.wait_for_function(side_by_side, polling="raf", timeout=30_000)
    return tab.evaluate(IMAGES)


def check_grids(tab, images: list[dict], height: int) -> None:
    """Side by side, enlarged by whole factors, never smoothed, "Draw again" on the first screen."""
    noise, real = images[0], images[1]
    assert noise["top"] == pytest.approx(real["top"], abs=1) and noise["left"] < real["left"]  # side by side
    for image in images:
        zoom = image["width"] / image["natural"]
        assert zoom >= 1 and zoom == pytest.approx(round(zoom), abs=1e-3), image  # whole factors only
        assert image["rendering"] == "pixelated"
    again = tab.get_by_role("button", name="Draw again").bounding_box()
    assert again is not None and again["y"] > noise["bottom"] and again["y"] + again["height"] <= height


def test_default_view_at_every_width(app_server, tab):
    """One load, judged on a wide screen, then on a laptop's and a phone's (the layout is CSS:
    the same at a width whether the page was opened there or the window was resized to it)."""
    images, messages = open_sampling(tab, app_server, 1920, 1080)
    check_grids(tab, images, 1080)
    for width, height in ((1440, 900), (390, 844)):
        tab.set_viewport_size({"width": width, "height": height})
        check_grids(tab, settled_images(tab), height)
    assert not [m for m in messages if "Conflicting legend" in m]


@pytest.mark.parametrize("width, height, query", [(1440, 900, "?size=128&n=4"), (390, 844, "?size=512&n=64")])
def test_grids_are_side_by_side_pixel_exact_and_on_the_first_screen(app_server, tab, width, height, query):
    images, messages = open_sampling(tab, app_server, width, height, query)
    check_grids(tab, images, height)
    assert not [m for m in messages if "Conflicting legend" in m]


def test_presenting_at_1280_by_720_keeps_the_grids_above_the_fold(app_server, tab):
    images, _ = open_sampling(tab, app_server, 1280, 720, "?present=true")
    assert images[0]["bottom"] <= 720 and images[1]["bottom"] <= 720
    again = tab.get_by_role("button", name="Draw again").bounding_box()
    assert again is not None and again["y"] + again["height"] <= 720
    assert images[0]["width"] / images[0]["natural"] >= 2  # still enlarged for the back of the room
