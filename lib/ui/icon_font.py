"""A phone downloads the icons the app can show, not all 4,009 of Material Symbols.

Why: Streamlit draws its icons (an expander's arrow, the sidebar's, ``:material/casino:``) with
one font, Material Symbols Rounded: 366 KB, a third of a phone's first load of the home page
(1,062 KB in all), for the ~30 icons the app shows. In a talk, two hundred phones fetch it over
the room's Wi-Fi at once. The font turns a word into its icon (a ligature: "casino" is drawn as
a die), so a copy that keeps only some words' ligatures draws those icons exactly as the whole
font does (the same outlines: the same pixels).

``assets/fonts/`` holds such a copy (``scripts/icon_font.py`` builds it from the installed
Streamlit's font): every icon named anywhere in Streamlit's scripts (``:material/…:``, or a
quoted name: 501 names) or in the app's code (12 more: a quoted name such as ``"first_page"``,
a key of the talk's deck, or ``:material/…:``), under all its names: 493 icons, 52 KB.
:class:`IconFont` serves it at the address Streamlit's style sheet names for its font, so every
page asks for it as before.
It is served only while the installed Streamlit's font is the one it was cut from (its file
name carries a digest of it); after an upgrade the whole font is served until the copy is cut
again, and a test says so. A browser asks again on each visit whether the cut it holds is
current (an entity tag: ``304`` and no body when it is), unlike Streamlit's files, kept a year
unasked: the cut changes at the same address when an icon is named.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from streamlit.logger import get_logger

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Receive, Scope, Send

_LOGGER = get_logger(__name__)

ROOT = Path(__file__).resolve().parents[2]
#: Where the cut font lies: ``<Streamlit's font's file name>.icons.woff2``.
FONTS = ROOT / "assets" / "fonts"
#: The app's own code, where icons are named.
APP_CODE = ("streamlit_app.py", "pages", "lib")
#: A quoted word (``"casino"``, ``'first_page'``, ``\\`close\\```) or a ``:material/…`` name.
_QUOTED = re.compile(r"[`'\"]([a-z0-9_]+)[`'\"]")
_MATERIAL = re.compile(r":material/([a-z0-9_]+)")


def streamlit_font() -> Path | None:
    """The installed Streamlit's Material Symbols font (``static/media/``), if it has one."""
    from lib.ui.compressed_assets import static_dir

    return next((static_dir() / "static" / "media").glob("MaterialSymbols-Rounded.*.woff2"), None)


def cut_font(source: Path | None = None) -> Path:
    """Where the cut copy of ``source`` (the installed Streamlit's font) lies, there or not.

    >>> cut_font(Path("MaterialSymbols-Rounded.abc.woff2")).name
    'MaterialSymbols-Rounded.abc.icons.woff2'
    """
    source = source or streamlit_font()
    if source is None:
        raise ValueError("This Streamlit has no Material Symbols font to cut.")
    return FONTS / source.name.replace(".woff2", ".icons.woff2")


def named_words(texts: Iterable[str]) -> set[str]:
    """Every word ``texts`` may name an icon by: quoted, or after ``:material/``. More than the
    icons (``"rgb"`` is no icon): the font's own list of icons picks them out.

    >>> sorted(named_words(['icon=":material/casino:"', "DeckKey('first', 'first_page')", "x = `close`"]))
    ['casino', 'close', 'first', 'first_page']
    """
    words: set[str] = set()
    for text in texts:
        words.update(_QUOTED.findall(text))
        words.update(_MATERIAL.findall(text))
    return words


def words_the_app_can_show() -> set[str]:
    """Every word Streamlit's scripts or the app's code may name an icon by (:func:`named_words`
    of each)."""
    from lib.ui.compressed_assets import static_dir

    files = sorted((static_dir() / "static" / "js").glob("*.js"))
    for place in APP_CODE:
        path = ROOT / place
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return named_words(f.read_text(encoding="utf-8", errors="replace") for f in files)


class IconFont:
    """ASGI middleware: the cut copy of Streamlit's icon font (:func:`cut_font`) at the address
    Streamlit's style sheet names for the whole font, with an entity tag that a browser checks on
    each visit (the cut changes at the same address); every other request passes to ``app`` untouched, and all of them
    when there is no copy of the installed font (then Streamlit serves its own).

    Parameters
    ----------
    app : ASGI application
        What it wraps: Streamlit's server.
    base_url : str, optional
        Streamlit's ``server.baseUrlPath`` (read from its configuration by default).
    """

    def __init__(self, app: ASGIApp, base_url: str | None = None) -> None:
        from lib.ui.compressed_assets import path_prefix

        self.app = app
        source = streamlit_font()
        cut = cut_font(source) if source is not None else None
        self.path = f"{path_prefix(base_url)}/static/media/{source.name if source else ''}"
        self.body = cut.read_bytes() if cut is not None and cut.is_file() else None
        if self.body is None:
            _LOGGER.warning("No icon font cut from this Streamlit's (%s): its whole font is served", source)
        digest = hashlib.blake2b(self.body or b"", digest_size=12).hexdigest()
        self.etag = f'"{digest}-icons"'

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self.body is None
            or scope["type"] != "http"
            or scope["path"] != self.path
            or scope["method"] not in ("GET", "HEAD")
        ):
            await self.app(scope, receive, send)
            return
        from lib.ui.compressed_assets import send_file

        headers = {"Cache-Control": "no-cache", "ETag": self.etag}  # asked again on each visit
        await send_file(scope, receive, send, self.body, "font/woff2", headers)
