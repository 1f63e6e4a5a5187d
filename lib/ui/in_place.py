"""The page's own HTML changed in place on a rerun: only what differs from what the browser shows.

Why: ``st.html`` hands each new block to the browser whole. The browser sanitises it again
(DOMPurify, which parses it once more), throws away every node it showed and builds the
block anew: each paragraph laid out again, each image decoded again. A new draw of Random
images changes a few numbers and lines in its statistics block of ~190 elements, and that
block was ~11 ms of the browser's main thread a draw on this machine; four times that on a
phone's CPU (``bench/bench_pages.py --phone``).

:func:`html_in_place` shows a block through a custom element of Streamlit's
(``st.components.v2``, drawn in the page itself, no frame) whose script
(``assets/in_place.js``) changes only the nodes and attributes that differ. The strokes of a
plot's lines go inline (:func:`lib.charts.plot_lines.inline_lines`), where the sanitiser of
``st.html`` made each an SVG image, a document of its own for the browser to build and draw.
A new draw of Random images, paired with the same draw sent by ``st.html``: renderer CPU
−6 to −11 ms (its painted time −11 to −16 ms in two of three runs); as a phone −30 to −50 ms
(``bench_pages.py --against 3c10024``, with ``--phone``, 11 to 21 reruns, load 1-5).

What the script keeps: the app's blocks are its own markup (visitor text escaped where it is
written, as for ``st.html``). It still drops, as DOMPurify does, every element that could run
code, load a page or restyle the app (``<script>``, ``<iframe>``, ``<style>``, forms, SVG's
``<use>`` and animations), every event handler attribute and every address whose scheme is
not ``http(s)`` or an image's ``data:``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

from lib.charts.plot_lines import inline_lines

#: The element's script, served with the element (Streamlit sends it inline; no request).
SOURCE = Path(__file__).resolve().parents[2] / "assets" / "in_place.js"
#: The custom element's name, unique in the app.
NAME = "in_place_html"


def compact(script: str) -> str:
    r"""``script`` without its comments, blank lines and indentation: Streamlit sends an
    element's script with every message that draws it (a preset redraws four blocks).
    Only for ``assets/in_place.js``, whose comments stand on lines of their own and whose
    strings hold no line breaks.

    >>> compact("// why\n/** what\n * more */\nfunction f() {\n  return 1;  \n}\n")
    'function f() {\nreturn 1;\n}'
    """
    kept, in_comment = [], False
    for line in script.splitlines():
        bare = line.strip()
        if in_comment or bare.startswith("/*"):
            in_comment = not bare.endswith("*/")
        elif bare and not bare.startswith("//"):
            kept.append(bare)
    return "\n".join(kept)


@cache
def _element():
    """The custom element, registered once a process (a second registration under the same
    name only replaces the first, with a warning in the log)."""
    script = compact(SOURCE.read_text(encoding="utf-8"))
    return st.components.v2.component(NAME, js=script, isolate_styles=False)


def html_in_place(html: str, key: str) -> None:
    """Show ``html`` (the app's own markup, as for ``st.html``) where it is called; on a rerun
    that calls it again with the same ``key``, the browser changes only what differs.

    ``key`` names the block, unique on its page: under it the browser keeps the block's
    nodes between reruns (without one, Streamlit may mount the element anew).

    For blocks below a page's first screen: the element's code (and the Arrow library
    Streamlit loads with it, ~47 kB compressed) arrives after ``st.html``'s, and a block shown
    in place appeared ~145 ms later on a first load (How many images?' count, first screen:
    794 against 649 ms); its first screen stays ``st.html``.
    """
    # A list, not the string: Streamlit tests any other data for a table, which imports pandas
    # and pyarrow into the server (~60 MiB more at a room's peak, 347 against ~285).
    _element()(data=[inline_lines(str(html))], key=key)
