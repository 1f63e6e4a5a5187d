"""Streamlit's own scripts and styles reach a phone compressed: gzip, once per server.

Why: Streamlit 1.67 serves its static files (``/static/js/…``, ``/static/css/…``) uncompressed,
on purpose: compressing them again on every request cost its server CPU and memory. A visitor's
first load of the home page then took 77 requests and 2.7 MB on the wire, 2.1 MB of it
JavaScript that gzip shrinks to a quarter. In a talk, two hundred phones open the same link
over the room's Wi-Fi at once: 540 MB through one access point, seconds per phone before the
first picture. Compressed once, when first asked for (or before the first visitor, for the
files every page loads: :func:`compress_entry_assets`), and kept in memory (all of Streamlit's
static files come to ~7 MB compressed), each is then sent as it is. They are the installed
Streamlit's, named by a digest of their content: none changes while the server runs, so a file
is read from disk once, and a path asked for again is answered without the disk.

:class:`CompressedAssets` wraps the server (``serve.py``: an :class:`streamlit.App`'s
``middleware``, which sees a request before Streamlit's routes). It answers only a ``GET`` or
``HEAD`` for a script, style sheet, SVG or JSON file under Streamlit's ``static/`` folder, from a
browser that accepts gzip and asks for the whole file, by the file's own path; everything else
goes on to Streamlit as before (fonts and images, already compressed; a range; a missing file,
which Streamlit answers with its page; another spelling of a path, such as ``//static/…`` or one
with ``..``, which Streamlit's path checks refuse). Its answer is Streamlit's, compressed: the same
type and caching (hashed names, kept for a year), with ``Vary: Accept-Encoding`` and an entity
tag of its own, and ``304`` with no body for a browser that has it.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import mimetypes
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Receive, Scope, Send

#: The kinds of file worth compressing: text. Fonts (woff2) and images are compressed already.
COMPRESSIBLE = (".js", ".mjs", ".css", ".svg", ".json", ".txt", ".map")
#: gzip's best: compressed once per server, so the slowest level costs nothing per visitor
#: (all of Streamlit's static files, 23 MB, take ~0.7 s at this level on this machine).
LEVEL = 9
#: How long a browser may keep a file of ``static/``: their names carry a digest of their content
#: (Streamlit's own rule for them, ``STATIC_ASSET_CACHE_MAX_AGE_SECONDS``).
CACHE_CONTROL = "public, immutable, max-age=31536000"


@dataclass(frozen=True)
class Compressed:
    """One static file, compressed: its gzip bytes, its media type and its entity tag."""

    body: bytes
    media_type: str
    etag: str


_CACHE: dict[Path, Compressed] = {}
_LOCKS: dict[Path, threading.Lock] = {}
_GUARD = threading.Lock()


def static_dir() -> Path:
    """Streamlit's folder of static files (its ``index.html`` and ``static/``)."""
    from streamlit import file_util

    return Path(file_util.get_static_dir()).resolve()


def path_prefix(base_url: str | None = None) -> str:
    """The prefix of every path the server answers: Streamlit's ``server.baseUrlPath``
    (``base_url``, read from its configuration when None), with one leading slash.

    >>> [path_prefix(b) for b in ("", "/", "app", "/app/")]
    ['', '', '/app', '/app']
    """
    if base_url is None:
        from streamlit import config

        base_url = config.get_option("server.baseUrlPath") or ""
    return "/" + base_url.strip("/") if base_url.strip("/") else ""


async def send_file(
    scope: Scope,
    receive: Receive,
    send: Send,
    body: bytes,
    media_type: str,
    headers: dict[str, str],
    *,
    encoding: str = "",
) -> None:
    """Answer a ``GET`` or ``HEAD`` with a file's ``body``: ``304`` and no body when the request
    names the entity tag of ``headers`` (:func:`has_etag`); else the body (``encoding``: its
    ``Content-Encoding``, if any), or for a ``HEAD`` no body and the ``GET``'s length."""
    from starlette.responses import Response

    if has_etag(scope, headers["ETag"]):
        await Response(status_code=304, headers=headers)(scope, receive, send)
        return
    sent = {**headers, **({"Content-Encoding": encoding} if encoding else {})}
    response = Response(b"" if scope["method"] == "HEAD" else body, media_type=media_type, headers=sent)
    response.headers["Content-Length"] = str(len(body))  # a HEAD's too: the GET's length
    await response(scope, receive, send)


def has_etag(scope: Scope, etag: str) -> bool:
    """Whether an ASGI request's ``If-None-Match`` names ``etag`` (weak or strong, in a list).

    >>> scope = {"headers": [(b"if-none-match", b'"a", W/"b"')]}
    >>> has_etag(scope, '"b"'), has_etag(scope, '"c"'), has_etag({"headers": []}, '"a"')
    (True, False, False)
    """
    asked = dict(scope.get("headers", [])).get(b"if-none-match", b"").decode("latin-1")
    return etag in [tag.strip().removeprefix("W/") for tag in asked.split(",")]


def asset_path(root: Path, url_path: str) -> Path | None:
    """The file a request's path names under ``root`` when it is a compressible file of
    ``static/`` there; None for any other path (another folder, another kind of file, a path
    that climbs out, a file that is not there, a name no file can have).

    >>> root = static_dir()
    >>> index_js = next((root / "static" / "js").glob("index.*.js"))
    >>> asset_path(root, "/static/js/" + index_js.name) == index_js
    True
    >>> [asset_path(root, p) for p in ("/static/js/../../index.html", "/index.html", "/static/js/no.js")]
    [None, None, None]
    >>> [asset_path(root, p) for p in ("/static/js/a\\x00.js", "/static/js/" + "a" * 5000 + ".js")]
    [None, None]
    """
    relative = url_path.lstrip("/")
    if not relative.startswith("static/") or not relative.endswith(COMPRESSIBLE):
        return None
    try:
        path = (root / relative).resolve()
        if not path.is_relative_to(root / "static") or not path.is_file():
            return None
    except (OSError, ValueError):  # a name too long for the system, a null byte: not a file here
        return None
    return path


def compressed(path: Path) -> Compressed:
    """``path`` compressed, from memory when it was compressed already; two requests for a file
    not yet compressed compress it once (the second waits for the first).

    >>> import gzip
    >>> css = next((static_dir() / "static" / "css").glob("*.css"))
    >>> gzip.decompress(compressed(css).body) == css.read_bytes(), compressed(css) is compressed(css)
    (True, True)
    """
    with _GUARD:
        lock = _LOCKS.setdefault(path, threading.Lock())
    with lock:
        held = _CACHE.get(path)
        if held is None:
            raw = path.read_bytes()
            body = gzip.compress(raw, LEVEL, mtime=0)
            media_type = mimetypes.guess_type(path.name)[0] or "text/plain"
            etag = '"' + hashlib.blake2b(raw, digest_size=12).hexdigest() + '-gzip"'
            _CACHE[path] = held = Compressed(body, media_type, etag)
        return held


def compress_entry_assets(root: Path | None = None) -> int:
    """Compress the scripts and styles Streamlit's page loads first (those its ``index.html``
    names), so that the first visitor does not wait for them; how many. The rest are compressed
    when first asked for.

    >>> compress_entry_assets() > 10
    True
    """
    root = root or static_dir()
    html = (root / "index.html").read_text(encoding="utf-8")
    names = re.findall(r"""(?:src|href)=["']\.?/?(static/[^"']+)["']""", html)
    paths = [p for p in (asset_path(root, "/" + name) for name in names) if p is not None]
    for path in paths:
        compressed(path)
    return len(paths)


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an ``Accept-Encoding`` header accepts gzip (by name, or as ``*``), with a weight
    above zero (a weight that is not a number counts as zero).

    >>> [accepts_gzip(h) for h in ("gzip, deflate, br, zstd", "br", "gzip;q=0", "*", "br, *;q=0.1", "")]
    [True, False, False, True, True, False]
    >>> accepts_gzip("gzip;q=0, *")  # gzip refused by name: the wildcard is for the others
    False
    """
    weights = {}
    for part in accept_encoding.lower().split(","):
        name, *params = (piece.strip() for piece in part.split(";"))
        weight = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:  # a weight we cannot read: identity, which is always safe
                    weight = 0.0
        weights[name] = weight
    weight = weights.get("gzip", weights.get("*", 0.0))
    return weight > 0


class CompressedAssets:
    """ASGI middleware: Streamlit's static scripts and styles sent gzip-compressed (see the
    module's docstring); every other request passes to ``app`` untouched.

    Parameters
    ----------
    app : ASGI application
        What it wraps: Streamlit's server.
    root : Path, optional
        The folder of static files (Streamlit's, by default).
    base_url : str, optional
        Streamlit's ``server.baseUrlPath`` (read from its configuration by default): the prefix
        of every path the server answers.
    """

    def __init__(self, app: ASGIApp, root: Path | None = None, base_url: str | None = None) -> None:
        self.app = app
        self.root = (root or static_dir()).resolve()
        self.prefix = path_prefix(base_url)
        #: A path asked for before -> its file, compressed: answered with no disk and no thread.
        #: Only a file's own spelling of its path is answered (``//static/…``, ``static/js/./a.js``
        #: or ``..`` go on to Streamlit, whose path checks refuse them), so a visitor cannot grow
        #: this beyond one key a file.
        self._known: dict[str, Compressed] = {}

    def _relative(self, scope: Scope, headers: dict[bytes, bytes]) -> str | None:
        """The path asked for without the server's prefix, when the request is one this answers
        (a GET or HEAD of the whole file by a browser that accepts gzip); None otherwise."""
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return None
        path: str = scope["path"]
        if not path.startswith(self.prefix + "/static/"):  # most requests: no headers read
            return None
        if b"range" in headers or not accepts_gzip(headers.get(b"accept-encoding", b"").decode("latin-1")):
            return None
        return path[len(self.prefix) :]

    async def _compressed(self, relative: str) -> Compressed | None:
        asset = self._known.get(relative)
        if asset is not None:
            return asset
        path = asset_path(self.root, relative)
        if path is None or "/" + path.relative_to(self.root).as_posix() != relative:
            return None  # another spelling of a path (//, ./, ..): Streamlit's to answer (its 400)
        try:
            asset = await asyncio.to_thread(compressed, path)
        except OSError:  # unreadable: Streamlit answers as it would
            return None
        self._known[relative] = asset
        return asset

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers", []))  # ASGI: names in lower case
        relative = self._relative(scope, headers)
        asset = await self._compressed(relative) if relative is not None else None
        if asset is None:
            await self.app(scope, receive, send)
            return
        sent = {"Cache-Control": CACHE_CONTROL, "ETag": asset.etag, "Vary": "Accept-Encoding"}
        await send_file(scope, receive, send, asset.body, asset.media_type, sent, encoding="gzip")


def cached_bytes() -> int:
    """The bytes of compressed files held in memory (a figure for the log and the benches).

    >>> cached_bytes() >= 0
    True
    """
    return sum(len(c.body) for c in list(_CACHE.values()))
