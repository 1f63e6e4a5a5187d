"""Chart builders: pure functions from numbers to charts, no Streamlit, no Altair.

Two kinds, and the palette here once for both. Most charts are plain Vega-Lite dictionaries
(built with :mod:`lib.charts.vega`; tests read them directly and ``lib.ui.chart`` sends them
without Altair or pandas). The charts of How many images? and every figure of Random images
(its statistics, whose data every draw changes, and the thinness study and diffusion path
below the draw, :mod:`lib.charts.thinness`, :mod:`lib.charts.sampling`: with them the page
loads no Vega), are the page's own HTML instead
(:mod:`lib.charts.html_plot`, :mod:`lib.charts.plot_lines`, :mod:`lib.charts.html_marks`): swapping new data into a drawn
Vega view costs the browser ~12-14 ms of its main thread whatever the chart holds
(``bench/bench_chart_updates.py``). Memorise or model?'s ladder, which every new seed
changes, is HTML too (:mod:`lib.charts.ladder_plot`), and so are the talk's charts
(:mod:`lib.charts.talk`, :mod:`lib.charts.talk_marks`: no phone opening the talk loads Vega).
Each builder takes plain data and a ``presenting`` flag: a projector wants taller plots and
larger type.
"""

from __future__ import annotations

#: Okabe & Ito's palette, readable by people with every common colour-vision deficiency.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#999999")
BLUE, ORANGE, GREEN, PINK, VERMILION, SKY, GREY = OKABE_ITO

#: One colour per meaning, the same on every page and in every mode.
NOISE = VERMILION
REAL = BLUE
REFERENCE = GREY
MODALITY_COLOURS = {"image": BLUE, "text": GREEN, "audio": PINK, "video": ORANGE}

#: Chart type on a projector, in CSS pixels, on every page: read from the back of a room
#: beside ~28-px body text at 1920 px (presentation.css), above the 18.7-px body text at
#: 1280 px; 18 px was measured as looking like an afterthought next to the words.
PRESENTING_FONT_PX = 22
