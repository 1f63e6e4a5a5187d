"""A rerun of part of a page reaches it in one task, so the browser renders it once.

Why: the server sends a rerun's messages together (:mod:`lib.ui.one_burst`), but Chromium hands
a page its websocket's messages one task each, as they come off the socket: the run's start
first on its own, then the rest in one to three batches. Streamlit's page handles each message
as it comes, and React renders the whole page between two tasks: a new seed on Random images
rendered its 740 components three times (725, 276 and 740 components, in three commits:
``bench/bench_renders.py``), a preset on How many images? twice.

:data:`SCRIPT` (``assets/one_run.js``), first in the page's head before Streamlit's own script
(:mod:`lib.ui.page_html`), gives Streamlit's page a websocket whose message listener gets a
fragment's rerun (a new seed, a preset, a draw, a step of the talk: what a visitor repeats),
from its start to its end, in the task that brings the last one: React renders it once. A run
longer than ``HOLD_MS`` (100 ms, as :data:`lib.ui.one_burst.HOLD_S`) shows its first messages
then and the rest as they come; as the server held them 100 ms too, up to ~200 ms after the run
began. A socket's error or close hands over what was held first. A whole page's run (a link, the sidebar's switch, Streamlit's
"R") and messages outside a run pass at once, as the server sends them, the rule of
:func:`lib.ui.one_burst.running_said_last`: held too, the test that leaves presentation mode
right after the sidebar's switch failed in one clean run of the suite in three, and under load
in one of twelve (the click on "Leave presentation mode" had no effect).

What it changed (issue 14), against the tree before it:

- components rendered a rerun (``bench/bench_renders.py --against``): Random images' new seed
  1,594 → 869, "Draw again" 1,864 → 791, How many images?' preset 1,624 → 761, Memorise or
  model?'s seed 1,503 → 667, the talk's step 1,255 → 601 (the empty page: 195);
- painted, 15 reruns a row taken in turn (``bench/bench_pages.py --against``): 1–21 ms sooner
  (a preset 14 ms, a new seed 9, Memorise or model?'s seed 21, the talk's step 1), with
  4.2–13.2 ms less of the renderer's CPU.

Served by ``serve.py`` only; ``streamlit run streamlit_app.py`` serves Streamlit's own page.
It reads a message's type and whether its run names fragments (``forwardMsgType``,
``runsFragments``: protobuf's wire format, which the tests check against the ``ForwardMsg``
class), and nothing else of it.
"""

from __future__ import annotations

from pathlib import Path

#: The script itself, as its file (Node runs it in the tests).
SOURCE = Path(__file__).resolve().parents[2] / "assets" / "one_run.js"

#: ``assets/one_run.js`` as a ``<script>`` for the page's head.
SCRIPT = f"<script>\n{SOURCE.read_text(encoding='utf-8')}</script>"
