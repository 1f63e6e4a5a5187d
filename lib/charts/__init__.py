"""Chart builders: pure functions from numbers to Vega-Lite specs, no Streamlit, no Altair.

One module per page's pictures; the palette lives here once. Each builder takes
plain data and a ``presenting`` flag (a projector wants taller plots and larger type)
and returns a plain Vega-Lite dictionary (built with :mod:`lib.charts.vega`), so tests
read it directly and ``lib.ui.chart`` sends it without Altair or pandas.
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
