"""The page HTML ``serve.py`` sends: Streamlit's own, with the app's two scripts first in its head.

Both must run before Streamlit's script, which reads the server's address once and opens its
websocket at once, so they cannot be elements a page draws:

- :data:`lib.ui.deep_links.ADDRESS_SCRIPT`: a link to a page connects at once;
- :data:`lib.ui.one_run.SCRIPT`: a fragment's rerun reaches the page in one task, rendered once.

:func:`page_routes` serves it at the home page's address and each page's, as Streamlit serves
its page otherwise (``no-cache``, an entity tag). ``streamlit run streamlit_app.py`` serves
Streamlit's page as it is: the app works the same, a little slower.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from lib.ui.deep_links import address_script, page_names
from lib.ui.one_run import SCRIPT as ONE_RUN_SCRIPT

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import BaseRoute


def with_scripts(index_html: str, scripts: str) -> str:
    """Streamlit's page HTML with ``scripts`` first in its head (before any script of
    Streamlit's); the HTML as it is when it has no ``<head>``.

    >>> html = with_scripts("<html><head><title>t</title></head></html>", "<script>1</script>")
    >>> html.index("<script>1</script>") < html.index("<title>")
    True
    >>> with_scripts("<p>no head</p>", "<script>1</script>")
    '<p>no head</p>'
    """
    return index_html.replace("<head>", "<head>\n" + scripts, 1)


@cache
def _page_html(names: tuple[str, ...]) -> tuple[str, str]:
    """The page HTML and its entity tag (a digest of it)."""
    from lib.ui.compressed_assets import static_dir

    scripts = address_script(list(names)) + "\n" + ONE_RUN_SCRIPT
    html = with_scripts((static_dir() / "index.html").read_text(encoding="utf-8"), scripts)
    return html, '"' + hashlib.blake2b(html.encode(), digest_size=16).hexdigest() + '"'


def page_routes(pages: Path) -> list[BaseRoute]:
    """One route for the home page (``/``) and one a page (``/Combinatorics``, ``/Sampling``, ...)
    serving Streamlit's page HTML with the app's scripts in it (:func:`with_scripts`), as
    Streamlit serves it otherwise (``no-cache``, an entity tag: a browser that has it gets 304
    and no body): for an :class:`streamlit.App`'s ``routes``, which come before Streamlit's."""
    from starlette.responses import HTMLResponse
    from starlette.responses import Response as Plain
    from starlette.routing import Route

    names = tuple(page_names(pages))

    async def page(request: Request) -> Response:
        html, tag = _page_html(names)
        headers = {"Cache-Control": "no-cache", "ETag": tag}
        if request.headers.get("if-none-match") == tag:
            return Plain(status_code=304, headers=headers)
        return HTMLResponse(html, headers=headers)

    return [Route(path, page, methods=["GET", "HEAD"]) for path in ("/", *(f"/{name}" for name in names))]
