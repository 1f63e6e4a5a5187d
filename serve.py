"""Serve the explainer warm: ``streamlit run serve.py``.

The same app as ``streamlit run streamlit_app.py`` (home page, ``pages/``, one URL per
view), started as an :class:`streamlit.App` whose lifespan rehearses every page before the
server accepts its first connection (:mod:`lib.ui.rehearsal`): the first phone in a room
is served as fast as the hundredth, and the health check turns green only then. Each page's
HTML (:mod:`lib.ui.page_html`) says where the server is, so a link to a page connects at once,
and hands the page a fragment's rerun (a seed, a preset, a draw) in one task, rendered once.
Streamlit's scripts and styles leave compressed (:mod:`lib.ui.compressed_assets`), and its icon
font holds only the icons the app can show (:mod:`lib.ui.icon_font`): a phone's first load of
the home page is 0.79 MB, where Streamlit alone sends 2.7 MB.
"""

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from lib.ui.compressed_assets import CompressedAssets
from lib.ui.icon_font import IconFont
from lib.ui.page_html import page_routes
from lib.ui.rehearsal import rehearsal

app = st.App(
    "streamlit_app.py",
    lifespan=rehearsal(),
    routes=page_routes(Path(__file__).resolve().parent / "pages"),
    middleware=[Middleware(CompressedAssets), Middleware(IconFont)],
)
