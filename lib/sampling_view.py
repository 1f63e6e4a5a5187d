"""The Sampling page's view: what its link may ask for, the defaults, and the view it reads.

Plain data, no Streamlit: ``pages/2_Sampling.py`` reads
``?size=32&colour=rgb&n=9&seed=0&real=whole&draws=1000`` into a :class:`View`, with these
ranges and defaults (out-of-range values get a message and the default).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from lib import photo_corpus as corpus
from lib import photo_scenes, real_samples, sample_pairs
from lib import statistics as stats

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
#: The diffusion path's steps, the side of its frames (a shipped photo, resized whole), and
#: the seed of its noise: fixed, so the path is the same for everyone and every view.
DIFFUSION_STEPS = (0, 50, 100, 200, 300, 500, 700, 1000)
DIFFUSION_SIDE = 32  # as the default view showed it: one inline picture of ~24 KB
DIFFUSION_SEED = 0
#: The seed of the uniform noise image whose corner the page shows at the post's size (2304×4096):
#: fixed, so "Draw again" leaves that corner as it was. Every uniform image of that size looks
#: the same to the eye (its grids already show that each draw differs), and a corner that never
#: changes is sent once a session and then cached by the browser: a draw neither fetches nor
#: decodes its 196 KB again (320.6 KB -> 123.5 KB a draw).
CORNER_SEED = 0


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

    @property
    def next_draw(self) -> View:
        """The view "Draw again" asks for: the next seed (after the last, the first).

        >>> View(32, 9, 2**32 - 1, False, True).next_draw.seed
        0
        """
        return self._replace(seed=(self.seed + 1) % 2**32)


@dataclass(frozen=True, eq=False)
class Figures:
    """What a view computes from its samples, read-only: a page computes it once per view
    and shares it with every visitor of that view (a rerun then only lays it out).

    The statistics read the first ``pair.measured`` images of each grid.
    """

    pair: sample_pairs.SamplePair
    noise_correlation: np.ndarray = field(repr=False)  # the mean of both directions, per image
    real_correlation: np.ndarray = field(repr=False)
    noise_spectrum: stats.PowerSpectrum
    real_spectrum: stats.PowerSpectrum
    noise_differences: stats.DifferenceHistogram
    real_differences: stats.DifferenceHistogram


def measured_images(
    pool: Sequence[corpus.Photo], view: View
) -> tuple[sample_pairs.SamplePair, np.ndarray, np.ndarray]:
    """The view's samples drawn from ``pool``, and the noise and real images its statistics
    read (the first ``pair.measured`` of each): one definition for :func:`measure` and for a
    yardstick that needs one statistic of the same images without the rest
    (:func:`lib.room_yardsticks.typical_photo_correlation`).

    >>> pair, noise, real = measured_images(corpus.load_corpus(), View(16, 4, 0, True, True))
    >>> noise.shape == real.shape == (pair.measured, 16, 16)
    True
    """
    pair = sample_pairs.sample_pair(pool, view.n, view.size, view.seed, grey=view.grey, whole=view.whole)
    return pair, pair.noise[: pair.measured], pair.real.images[: pair.measured]


def measure(pool: Sequence[corpus.Photo], view: View) -> Figures:
    """The view's samples drawn from ``pool`` and every figure computed from them.

    >>> figures = measure(corpus.load_corpus(), View(16, 4, 0, True, True))
    >>> figures.pair.noise.shape, figures.noise_correlation.shape
    ((4, 16, 16), (4,))
    >>> figures.pair.noise.flags.writeable  # shared by every visitor: nobody may draw on it
    False
    """
    pair, noise, real = measured_images(pool, view)
    figures = Figures(
        pair,
        stats.adjacent_pixel_correlations(noise).mean,
        stats.adjacent_pixel_correlations(real).mean,
        stats.radial_power_spectrum(noise),
        stats.radial_power_spectrum(real),
        stats.neighbour_difference_histogram(noise),
        stats.neighbour_difference_histogram(real),
    )
    for array in (pair.noise, pair.real.images):
        array.flags.writeable = False
    return figures


def view_charts(figures: Figures, view: View, *, presenting: bool = False) -> dict[str, Any]:
    """Every plot, caption and number the page shows from a view's figures: plain data,
    built once per view and mode and shared by every visitor of it. The neighbour correlations
    are a strip of the page's own HTML (:mod:`lib.sampling_strip`), and so are the statistics'
    two plots (:func:`lib.charts.statistics_plots.spectrum_plot`, :func:`~lib.charts.statistics_plots.difference_plot`):
    a new draw swaps data into no chart of the browser's (each swap ~12-14 ms of its main thread).

    >>> view = View(16, 4, 0, True, True)
    >>> figures = measure(corpus.load_corpus(), view)
    >>> parts = view_charts(figures, view)
    >>> sorted(parts)[:3], parts["spectrum"][:26]
    (['correlation caption', 'correlation strip', 'difference'], '<figure class="html-plot" ')

    The plots are those the builders give tests:

    >>> from lib.charts import statistics_plots as plots
    >>> parts["spectrum"] == plots.spectrum_plot(figures.noise_spectrum, figures.real_spectrum)
    True
    >>> parts["difference"] == plots.difference_plot(figures.noise_differences, figures.real_differences)
    True
    """
    from lib import sampling_text as words
    from lib.charts import statistics_plots as plots
    from lib.sampling_strip import strip_html

    noise_corr, real_corr = figures.noise_correlation, figures.real_correlation
    noise_spec, real_spec = figures.noise_spectrum, figures.real_spectrum
    noise_hist, real_hist = figures.noise_differences, figures.real_differences
    return {
        "correlation strip": strip_html(noise_corr, real_corr, presenting=presenting),
        "correlation caption": words.correlation_caption(noise_corr, real_corr, view.n),
        "numbers": words.correlation_numbers(noise_corr, real_corr),
        "spectrum": plots.spectrum_plot(noise_spec, real_spec, presenting=presenting),
        "spectrum caption": words.spectrum_caption(noise_spec, real_spec),
        "difference": plots.difference_plot(noise_hist, real_hist, presenting=presenting),
        "difference caption": words.difference_caption(noise_hist, real_hist),
        "image number": words.image_number_rows(figures.pair.real.images[0]),
    }


def diffusion_figure(pool: Sequence[corpus.Photo], *, presenting: bool = False) -> tuple[np.ndarray, str]:
    """The path from a photo to noise (one frame per :data:`DIFFUSION_STEPS`, read-only) and
    its plot (the page's own HTML, :func:`lib.charts.sampling.diffusion_plot`): the most
    contrasted of ``pool``'s photos, resized whole to :data:`DIFFUSION_SIDE`, and noise from
    :data:`DIFFUSION_SEED`.

    The same for every view and every visitor: the path shows what a diffusion model learns
    to walk back, which no seed or grid size changes, so a page computes it once per server
    and a new draw never redraws it.

    >>> frames, plot = diffusion_figure(corpus.load_corpus())
    >>> frames.shape, frames.flags.writeable, plot.count('alt="the photo at step t = ')
    ((8, 32, 32, 3), False, 8)
    """
    from lib.charts import sampling as charts

    scenes = photo_scenes.scene_photos(pool)  # each whole, none closer
    photos = real_samples.whole_photos(scenes, DIFFUSION_SIDE, len(scenes), DIFFUSION_SEED)
    image = corpus.most_contrasted(photos.images)  # a flat photo would be a dull demo
    path = stats.diffusion_path(image, DIFFUSION_STEPS, DIFFUSION_SEED)
    frames = np.stack([stats.to_display(x) for x in path])
    frames.flags.writeable = False
    return frames, charts.diffusion_plot(DIFFUSION_STEPS, frames, presenting=presenting)


def full_size_corners(
    pool: Sequence[corpus.Photo], seed: int, side: int, *, grey: bool
) -> tuple[np.ndarray, np.ndarray]:
    """The top-left ``side``×``side`` pixels of uniform noise at the post's photo size, and
    of the largest photo in ``pool``: read-only, so a page may share them with every visitor.

    >>> noise, photo = full_size_corners(corpus.load_corpus(), 0, 16, grey=True)
    >>> noise.shape, photo.shape, noise.flags.writeable
    ((16, 16), (16, 16), False)
    """
    from lib import reference_figures as ref

    noise = corpus.uniform_noise_window(
        ref.PHONE_PHOTO_HEIGHT, ref.PHONE_PHOTO_WIDTH, 0, 0, side, side, seed, grey=grey
    )
    photo = corpus.largest_photo_corner(pool, side, grey=grey)
    for array in (noise, photo):
        array.flags.writeable = False
    return noise, photo


def figures_and_charts(
    pool: Sequence[corpus.Photo], view: View, presenting: bool = False
) -> tuple[Figures, dict]:
    """:func:`measure` and :func:`view_charts` in one: what a page computes once per view.

    >>> view = View(16, 4, 0, True, True)
    >>> figures, parts = figures_and_charts(corpus.load_corpus(), view)
    >>> figures.pair.noise.shape, parts["spectrum"] == view_charts(figures, view)["spectrum"]
    ((4, 16, 16), True)
    """
    figures = measure(pool, view)
    return figures, view_charts(figures, view, presenting=presenting)


def black_and_white(real: real_samples.Sample, view: View) -> str:
    """How many of an RGB view's real images are black-and-white photos, as "3 of the 9" ("" for a
    grey view, none, or a grid whose images were not all drawn: the screen shows part of them).

    >>> view = View(32, 9, 0, False, True)
    >>> black_and_white(measure(corpus.load_corpus(), view).pair.real, view)
    '3 of the 9'
    """
    if view.grey or len(real.origins) < view.n:
        return ""
    grey = sum(o.credit is not None and o.credit.mode == "greyscale" for o in real.origins[: view.n])
    return f"{grey:,} of the {view.n:,}" if grey else ""


def image_as_number(
    real: real_samples.Sample, visitors: Sequence[corpus.Photo], shipped_rows: list
) -> tuple[str, list[tuple[str, str]], int]:
    """The "every image is one number" table: which image it reads, its rows and its bytes. A visitor's
    own photo when there is one (its top-left 256×256 pixels at most: the digits of a
    larger one would take longer than a page run should), else the view's first real
    sample, whose rows the view has already built (``shipped_rows``).

    >>> sample = real_samples.Sample(np.zeros((1, 8, 8), np.uint8), ("a flat square",))
    >>> image_as_number(sample, [], [("It begins", "0")])
    ('a flat square', [('It begins', '0')], 64)
    """
    if not visitors:
        return str(real.origins[0]), shipped_rows, int(real.images[0].size)
    from lib import sampling_text as words

    image = visitors[0].pixels[:256, :256]
    what = f"{visitors[0].name}, top-left {image.shape[1]}×{image.shape[0]} pixels"
    return what, words.image_number_rows(image), int(image.size)
