"""Chart builders: pure functions from numbers to the page's own HTML, no Streamlit.

Every chart of every page is drawn as the page's own HTML (:mod:`lib.charts.html_plot` and
:mod:`lib.charts.plot_lines`, with each page's marks: :mod:`lib.charts.count_plot`,
:mod:`lib.charts.axis_bars`, :mod:`lib.charts.statistics_plots`, :mod:`lib.charts.html_marks`,
:mod:`lib.charts.ladder_plot`, :mod:`lib.charts.learning_marks`, :mod:`lib.charts.talk_marks`),
sent in an ``st.html`` element. Why not Vega-Lite, which drew most of them until issue 14:

- a new view swapped into a drawn Vega chart cost the browser ~12-14 ms of its main thread
  whatever the chart held (measured with ``bench/bench_chart_updates.py`` at 489a349), where
  the page's own HTML costs the sanitiser and the parser a few dozen elements;
- a page with one Vega chart, even in a closed panel, made every first load fetch and run
  Vega's ``embed.js`` (256 KB compressed, 756 KB of script): on a phone (390 px, its CPU 4×
  slower than a laptop's) 0.3-1.0 s of its main thread. Without it a phone's first load of
  Random images, the talk and Memorise or model? ends about a second sooner
  (``bench/bench_first_load.py --phone``).

Each builder takes plain data and a ``presenting`` flag: a projector wants taller plots and
larger type, which the plots' styles keep to a window at least :data:`PROJECTOR_MIN_WIDTH` wide.
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

#: The narrowest window that gets a projector's chart type: a 1280×720 laptop driving a
#: projector has it; a phone or a tablet held upright, where someone in the audience opens
#: the presented link, gets a screen's (each plot's style says so in a media query).
PROJECTOR_MIN_WIDTH = 1000
