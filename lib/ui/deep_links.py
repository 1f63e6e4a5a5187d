"""A link to a page finds its server at once: each page's HTML says where the server is.

Why: Streamlit's page looks for its server by trying the link's own path first. Opened at
``/Sampling``, it asks ``/Sampling/_stcore/health`` and ``/Sampling/_stcore/host-config`` (both
404), waits 100 ms (its ping's first retry delay), and only then asks ``/_stcore/health``
(Streamlit 1.67: the page's base addresses, and the delay, in its connection code). Every link
to a page, the talk's and the README's included, opened its connection ~105 ms later than a link
to the home page, and one round trip later again on a remote host (issue 14, found in a
screenshot review: two 404s in every page's console).

The page takes the server's address from ``window.__streamlit.BACKEND_BASE_URL`` when one is set
before Streamlit's script runs (the same setting a host that embeds Streamlit uses).
:data:`ADDRESS_SCRIPT`, in each page's HTML (:mod:`lib.ui.page_html`), sets it, unless a host
set it already: the link's path without the page's name, so that under a host's prefix
(``/~/+/Sampling`` on Community Cloud) the address keeps the prefix. Served by ``serve.py``;
``streamlit run streamlit_app.py`` serves Streamlit's own HTML, which still finds the server,
later.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

#: Sets the server's address from the link (``{pages}``: the app's page names as its links spell
#: them): the path without the page's name. On any other path, and in a page whose origin is
#: opaque (a sandboxed frame's), nothing: Streamlit looks for the server as it does without this.
#: Runs before Streamlit's own script, which reads it once; a host's own address is kept.
#: ``serverAddress`` is a function of its own so a test can ask it about other links.
ADDRESS_SCRIPT = """<script>
function serverAddress(pathname, origin, pages) {{
  const path = pathname.replace(/\\/+$/, "");
  const last = path.slice(path.lastIndexOf("/") + 1);
  if (origin === "null" || !pages.includes(decodeURIComponent(last))) return null;  // an opaque origin: no address
  return origin + path.slice(0, path.length - last.length);
}}
(() => {{
  const address = serverAddress(location.pathname, location.origin, {pages});
  const config = window.__streamlit || {{}};
  if (address && !config.BACKEND_BASE_URL) window.__streamlit = {{...config, BACKEND_BASE_URL: address}};
}})();
</script>"""


def page_names(pages: Path) -> list[str]:
    """The names of the app's pages as their links spell them: each file of ``pages`` without
    its leading number (``pages/2_Sampling.py`` is ``/Sampling``, as Streamlit names it). The
    app's files are all ``<number>_<Name>.py``; a name with spaces or other separators would
    need more of Streamlit's rule (a page without a route still finds its server, later).

    >>> page_names(Path(__file__).resolve().parents[2] / "pages")
    ['Combinatorics', 'Sampling', 'Learning', 'Talk']
    """
    return [re.sub(r"^\d+_", "", path.stem) for path in sorted(pages.glob("*.py"))]


def address_script(names: list[str]) -> str:
    """:data:`ADDRESS_SCRIPT` for an app whose pages are ``names`` (:func:`page_names`).

    >>> '["Sampling"]' in address_script(["Sampling"]), "BACKEND_BASE_URL" in address_script([])
    (True, True)
    """
    return ADDRESS_SCRIPT.format(pages=json.dumps(names))
