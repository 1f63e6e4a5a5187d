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
from conftest import wait_for_paint, wait_for_run

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
