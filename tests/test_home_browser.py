"""The home page in a real browser, where its first picture must hold on the narrowest phones.

Review 15: on a 360-px phone, the width of most Android phones, the noise and the photo that
open the page had 156 px each beside a 1rem gap, under a 2× picture's 160, and both fell to
1×: two 80-px squares, half what a 390-px phone shows. Half the gap there keeps them at 2×.
"""

from __future__ import annotations

import pytest
from conftest import wait_for_paint, wait_for_run

#: The hero's pictures: their boxes, and how many screen pixels each of their pixels takes.
HERO = """() => [...document.querySelectorAll('.st-key-hero img')].map(i => {
  const r = i.getBoundingClientRect();
  return {left: r.left, right: r.right, top: r.top, zoom: r.width / i.naturalWidth}; })"""


@pytest.mark.parametrize("present", ["", "?present=true"])
def test_the_first_picture_keeps_its_size_on_a_360_px_phone(app_server, tab, present):
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(f"{app_server}/{present}")
    wait_for_run(tab)
    for width, height in ((390, 844), (360, 740)):
        tab.set_viewport_size({"width": width, "height": height})
        wait_for_paint(tab)
        noise, photo = tab.evaluate(HERO)
        for picture in (noise, photo):
            assert picture["zoom"] == 2, (width, picture)  # 160 px: a whole factor, as at 390
        assert abs(noise["top"] - photo["top"]) < 1 and noise["right"] <= photo["left"], (width, noise, photo)
        assert noise["left"] >= 0 and photo["right"] <= width, (width, noise, photo)
