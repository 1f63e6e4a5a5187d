"""Random images' figures as every visitor of a server shares them: each worked out once per
server (``st.cache_resource``, read-only), and the next draw worked out ahead.

The page (``pages/2_Sampling.py``) only lays them out: a view's figures and charts, the corners
at the post's size, the diffusion path, the thinness section, the noise experiment.
"""

from __future__ import annotations

import threading
from functools import partial

import numpy as np
import streamlit as st

from lib import photo_corpus as corpus
from lib import room_search as room
from lib import sampling_view as view_lib
from lib import statistics as stats
from lib.charts import thinness
from lib.sampling_view import CORNER_SEED, MONTE_CARLO_SEED, Figures, View
from lib.ui.display import png_of
from lib.ui.page import after_the_page
from lib.ui.shared import shipped_photos
from lib.work_ahead import OneAhead

ZOOM_WINDOW = 64  # the corner enlarged
#: Views of at most this many pixels a grid are worked out one seed ahead: a few MB more kept per view.
AHEAD_MAX_PIXELS = 2**20


@st.cache_resource(show_spinner=False, max_entries=32)
def noise_monte_carlo(size: int, channels: int, draws: int) -> stats.MonteCarloResult:
    mc = stats.monte_carlo_noise_correlation(
        size, size, draws, MONTE_CARLO_SEED, channels=channels, budget=stats.SERVER_BUDGET
    )
    room.ROOM.record_count(mc.draws)  # the room's tally: once per experiment run, not per rerun
    return mc


@st.cache_resource(show_spinner=False, max_entries=32)  # the shipped photos' views: once per server and mode
def shared(view: View, presenting: bool) -> tuple[Figures, dict]:
    return view_lib.figures_and_charts(shipped_photos(), view, presenting)


@st.cache_resource(show_spinner=False, max_entries=2)  # the same for everyone on a server
def thinness_parts(presenting: bool, _studies, _variances) -> dict:
    """The thinness section's plots (HTML), rows and caption, built once per server and mode."""
    return thinness.page_parts(_studies, _variances, presenting=presenting)


@st.cache_resource(show_spinner=False, max_entries=2)  # the same for every view and visitor
def diffusion(presenting: bool) -> tuple[np.ndarray, str]:
    """The diffusion path's frames and its plot (HTML), built once per server and mode."""
    return view_lib.diffusion_figure(shipped_photos(), presenting=presenting)


@st.cache_resource(show_spinner=False, max_entries=2)  # read-only, shared: never copied or pickled
def full_size_corners(grey: bool) -> tuple[np.ndarray, np.ndarray]:
    """The corners at the post's size, one pair per colour mode: the same for every draw
    (:data:`lib.sampling_view.CORNER_SEED`), so the same PNG, and so the same served URL."""
    return view_lib.full_size_corners(shipped_photos(), CORNER_SEED, ZOOM_WINDOW * 4, grey=grey)


@st.cache_resource(show_spinner=False)  # one per server, as the caches it fills
def _drawing_ahead() -> OneAhead:
    return OneAhead("draw-ahead")


def draw_next_ahead(view: View, presenting: bool) -> None:
    """Work out what "Draw again" will ask for (the next seed's figures, charts and PNGs) while
    this draw is looked at, for views of at most :data:`AHEAD_MAX_PIXELS` a grid
    (:class:`lib.work_ahead.OneAhead`: one job at a time, dropped while one runs). Offered
    once the page is drawn (:func:`lib.ui.page.after_the_page`), never mid-page, and started
    once this script run has ended and its page is sent."""
    if view.n * view.size**2 <= AHEAD_MAX_PIXELS:
        job = partial(_next_draw, view.next_draw, presenting)
        after_the_page(partial(_drawing_ahead().offer, job, threading.current_thread()))


def _next_draw(view: View, presenting: bool) -> None:
    pair = shared(view, presenting)[0].pair  # the corners at the post's size are no draw's: none here
    for images in (pair.noise, pair.real.images):
        png_of(corpus.screen_sheet(images).pixels)
