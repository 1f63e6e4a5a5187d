"""The Sampling page's view: what its link may ask for, the defaults, and the view it reads.

Plain data, no Streamlit: ``pages/2_Sampling.py`` reads
``?size=32&colour=rgb&n=9&seed=0&real=whole&draws=1000`` into a :class:`View`, with these
ranges and defaults (out-of-range values get a message and the default).
"""

from __future__ import annotations

from typing import NamedTuple

#: The default view: what a bare /Sampling link and "Back to the post's example" show.
DEFAULTS = {"size": "32", "n": "9", "seed": "0", "draws": "1000", "colour": "rgb", "real": "whole"}
#: Each whole-number input of the link: (label, lowest, highest, help).
NUMBERS = {
    "size": ("Size (pixels per side)", 8, 512, None),
    "n": ("Images per grid", 1, 64, None),
    "seed": ("Seed", 0, 2**32 - 1, "Same seed, same pixels: a link shows everyone the same images"),
    "draws": ("Monte Carlo draws", 10, 20_000, "How many noise images the experiment measures"),
}
MONTE_CARLO_SEED = 2025  # fixed: "Draw again" changes the grids; the experiment is shared by all


class View(NamedTuple):
    """The grids' side, images per grid, seed, grey or RGB, whole photos or random crops.

    >>> View(32, 9, 0, False, True).drawn  # what picks the noise
    (32, 9, 0, False)
    """

    size: int
    n: int
    seed: int
    grey: bool
    whole: bool

    @property
    def drawn(self) -> tuple[int, int, int, bool]:
        """What picks the noise images (the real samples' mode does not): the room's tally
        counts a grid again only when this changes."""
        return self.size, self.n, self.seed, self.grey
