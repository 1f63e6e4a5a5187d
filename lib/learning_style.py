"""Memorise or model?'s own layout, as CSS written into the page: its HTML sections, the place
its ladder and notes hold while the first fit runs, how what a new fit has not redrawn yet
fades beside the new ladder, the ladder's own style and its two plots' (the published
records and the histograms: :mod:`lib.charts.html_plot`'s, and :mod:`lib.charts.learning_marks`').

Plain strings (no Streamlit): ``pages/3_Learning.py`` writes them once a run, alone in their
element (st.html sanitises markup with anything else in it, and a ``<style>`` leading other
markup is dropped).
"""

from __future__ import annotations

from lib.charts.html_plot import PLOT_STYLE
from lib.charts.ladder_plot import LADDER_STYLE
from lib.charts.learning_marks import MARKS_STYLE

#: The sections written as HTML (lib.learning_view) look like Streamlit's markdown ones.
SECTIONS_STYLE = (
    "<style>h2.section { font-size: 2.25rem; font-weight: 600; line-height: 1.2; margin: 0; padding: 1.25rem 0 1rem 0; }"
    " h3.section { font-size: 1.75rem; font-weight: 600; line-height: 1.2; margin: 0; padding: 1rem 0 1rem 0; }"
    " .learning p { line-height: 1.6; margin: 0 0 1rem 0; } .learning p.caption { margin: 0 0 1rem 0; }"
    " .learning ul { margin: 0 0 1rem 0; } .learning .cards { margin-bottom: 0.5rem; }"
    " .learning .rung-cards .cards, .learning .codec-cards .cards { grid-template-columns: repeat(3, 1fr); }"
    " @media (max-width: 720px) { .learning .rung-cards .cards, .learning .codec-cards .cards { grid-template-columns: 1fr; } }"
    " .learning .bignum-pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1rem; }"
    # The place of the ladder and its notes while the first fit runs, as tall as they come
    # (measured at 1440 and 1280 presenting, 53-54 rem; on a phone, whose notes wrap more, 90-95).
    " .ladder-waiting { min-height: 53rem; } .ladder-waiting p { color: rgba(49, 51, 63, 0.6); padding-top: 3rem; }"
    " @media (max-width: 640px) { .ladder-waiting { min-height: 95rem; } }</style>"
)


#: While a new fit's run is sent, the ladder and its notes may arrive well before the words
#: below them quoting the seed (120-150 ms between them measured at load ~19, ~1 s on the reviewer's screen:
#: Streamlit sends each element as it is made, and the event loop flushes when it gets the
#: lock), and Streamlit fades what is not yet redrawn only 0.5 s into a run. So once the
#: ladder is drawn anew, everything of the page still waiting to be redrawn fades at once:
#: no sentence quotes the old seed beside the new ladder at full strength (review 11,
#: Learning-5). A gap of a few ms (a cached view) shows nothing: the fade takes 0.2 s.
STALE_STYLE = (
    '<style>[data-testid="stMain"]:has(.st-key-ladder [data-stale="false"] .ladder-plot)'
    ' [data-stale="true"] { opacity: 0.33; transition: opacity 0.2s ease-in; }</style>'
)


#: All of them, as the page writes them: its sections, the stale fade, the ladder's own
#: (:data:`lib.charts.ladder_plot.LADDER_STYLE`) and its plots' (the records and histograms:
#: :data:`lib.charts.html_plot.PLOT_STYLE`, :data:`lib.charts.learning_marks.MARKS_STYLE`).
PAGE_STYLE = SECTIONS_STYLE + STALE_STYLE + LADDER_STYLE + PLOT_STYLE + MARKS_STYLE
