"""Memorise or model?'s pictures: the models' samples and the Gaussian's patterns as pixel sheets.

Plain uint8 arrays at the patches' own size, one pixel between them (a sheet, not a chart
spec): the page enlarges each by the largest whole factor that fits its column (pixel
repetition, never smoothing; :func:`lib.ui.pixel_rows_html`). Built once per view with the
page's other parts (:func:`lib.learning_parts.page_parts`).
"""

from __future__ import annotations

import numpy as np

from lib.density import LadderResult, patches_to_images
from lib.pixel_sheets import contact_sheet


def sample_rows(ladder: LadderResult, count: int = 6) -> list[tuple[str, np.ndarray]]:
    """The samples matrix: one labelled strip of ``count`` patches per row, lossless uint8.

    The first row is real held-out patches, then one row per model that learned
    something, and last the uniform model's samples: uniform noise. Each strip is at the
    patches' own size with one white pixel between them: the page enlarges it by the
    largest whole factor that fits its column (pixel repetition, never smoothing), so a
    phone shows smaller blocks instead of a strip that scrolls sideways.

    >>> from lib.density import fit_ladder
    >>> noise = np.random.default_rng(0).integers(0, 256, (300, 16), dtype=np.uint8)
    >>> rows = sample_rows(fit_ladder(noise[:200], noise[200:], 4, 1, samples=6))
    >>> [label for label, _ in rows][0], rows[-1][0], rows[0][1].shape
    ('real patches from the held-out photos', 'uniform: noise', (4, 29))
    """
    rows = [("real patches from the held-out photos", ladder.real_examples[:count])]
    rows += [(r.name, r.samples[:count]) for r in ladder.rungs if r.name != "uniform"]
    rows += [("uniform: noise", r.samples[:count]) for r in ladder.rungs if r.name == "uniform"]
    return [
        (label, contact_sheet(patches_to_images(patches, ladder.size, ladder.channels), count, 1, gap=1))
        for label, patches in rows
    ]


#: The lines between and around the Gaussian's patterns: a light grey, so that a flat pattern
#: near white (the first, overall brightness: 89% of the variation at 8×8 grey) still shows
#: as a square on a white page (review 11, Learning-4, saw nothing there).
FRAME_GREY = 200


def framed_sheet(images: np.ndarray, columns: int = 8) -> np.ndarray:
    """``images`` as one sheet at their own size, each inside a one-pixel frame of
    :data:`FRAME_GREY` (the lines between them, and around the sheet's edge).

    >>> sheet = framed_sheet(np.full((2, 2, 2), 255, np.uint8))
    >>> sheet.shape, sheet[0].tolist(), sheet[1].tolist()
    ((4, 7), [200, 200, 200, 200, 200, 200, 200], [200, 255, 255, 200, 255, 255, 200])
    """
    sheet = contact_sheet(images, columns, scale=1, gap=1, background=FRAME_GREY)
    edge = ((1, 1), (1, 1)) + (((0, 0),) if sheet.ndim == 3 else ())
    return np.pad(sheet, edge, constant_values=FRAME_GREY)
