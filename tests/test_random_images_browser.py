"""Random images' grids in Chromium where they are smaller than their place (review 11).

Large images whose grid cannot be doubled side by side (16 of 64×64: a 259-px sheet, 518 px at
2×, in a 481-px half at 1440×900) stood at the left of each half, the right of both halves
empty (Sampling-3); on a phone the stacked grids stood at the left of the column (Sampling-5).
Side by side the pair now meets in the middle, 1rem apart; one above the other, each is
centred. One page load, judged at three window sizes (the layout is CSS).
"""

from __future__ import annotations

import contextlib

import pytest
from conftest import POLL_MS, wait_for_paint, wait_for_run
from playwright.sync_api import TimeoutError as PlaywrightTimeout

#: The two grids (their pictures) and the page's column, in CSS pixels.
GRIDS = """() => {
  const [noise, real] = ["random", "real"].map(k => document.querySelector(`.pixel-grid-${k} img`));
  const column = noise && noise.closest('[data-testid="stMainBlockContainer"]');
  if (!real || !column || !noise.complete || !real.complete || !noise.naturalWidth) return null;
  const box = e => e.getBoundingClientRect(), c = box(column);
  const pad = parseFloat(getComputedStyle(column).paddingLeft);
  const side = i => ({left: box(i).left, right: box(i).right, top: box(i).top, bottom: box(i).bottom,
                      width: box(i).width, natural: i.naturalWidth});
  return {noise: side(noise), real: side(real), left: c.left + pad, right: c.right - pad, rem: 16};
}"""


def grids_at(tab, width: int, height: int, placed: str) -> dict:
    """The grids' places once the window is ``width``×``height`` and ``placed`` (a JS test of
    the measures ``g``) holds, or as they are when the wait ends."""
    tab.set_viewport_size({"width": width, "height": height})
    wait_for_paint(tab)
    with contextlib.suppress(PlaywrightTimeout):
        tab.wait_for_function(f"() => {{ const g = ({GRIDS})(); return g && ({placed}); }}", polling=POLL_MS)
    grids = tab.evaluate(GRIDS)
    assert grids is not None
    for grid in (grids["noise"], grids["real"]):  # whole factors only, every pixel a square
        zoom = grid["width"] / grid["natural"]
        assert zoom >= 1 and zoom == pytest.approx(round(zoom), abs=1e-3), grids
    return grids


MIDDLE = "Math.abs(g.real.left - g.noise.right - g.rem) <= 1 && Math.abs(g.noise.top - g.real.top) <= 1"
CENTRED = "Math.abs((g.noise.left + g.noise.right) / 2 - (g.left + g.right) / 2) <= 1 && g.noise.bottom < g.real.top"


def test_grids_smaller_than_their_half_meet_in_the_middle_and_stack_centred(app_server, tab):
    tab.set_viewport_size({"width": 1440, "height": 900})
    tab.goto(f"{app_server}/Sampling?size=64&n=16")
    wait_for_run(tab)
    # A laptop: 1:1 (2× would not fit the half), the pair side by side, 1rem apart, centred
    # together in the column, the noise grid's right edge on the left of the middle.
    grids = grids_at(tab, 1440, 900, MIDDLE)
    noise, real = grids["noise"], grids["real"]
    assert noise["width"] == noise["natural"] == real["width"] == 259, grids
    assert noise["top"] == pytest.approx(real["top"], abs=1), grids
    assert real["left"] - noise["right"] == pytest.approx(grids["rem"], abs=1), grids
    middle = (grids["left"] + grids["right"]) / 2
    assert noise["right"] < middle < real["left"], grids
    assert (noise["left"] - grids["left"]) - (grids["right"] - real["right"]) == pytest.approx(0, abs=2), (
        grids
    )
    # A wide screen: each doubled in its half, still meeting in the middle.
    grids = grids_at(tab, 1920, 1080, MIDDLE)
    assert grids["noise"]["width"] == 2 * 259 and grids["real"]["left"] - grids["noise"][
        "right"
    ] == pytest.approx(grids["rem"], abs=1), grids
    # A phone: one above the other, each centred in the column.
    grids = grids_at(tab, 390, 844, CENTRED)
    for grid in (grids["noise"], grids["real"]):
        centre = (grid["left"] + grid["right"]) / 2
        assert centre == pytest.approx((grids["left"] + grids["right"]) / 2, abs=1), grids
    assert grids["noise"]["bottom"] < grids["real"]["top"], grids
