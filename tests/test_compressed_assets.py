"""lib.ui.compressed_assets: Streamlit's scripts and styles sent gzip-compressed, once per server.

The middleware is driven as an ASGI server drives it (a scope, a receive and a send), over a
folder of static files of the test's own, so each answer is checked against the bytes on disk
and each request it must leave alone is seen reaching the app behind it untouched.
"""

from __future__ import annotations

import asyncio
import gzip
import logging
import threading
import time

import pytest

from lib.ui import compressed_assets as ca

SCRIPT = b"export const figure = '" + b"noise " * 4000 + b"';\n"
#: The other kinds of text file Streamlit ships: a style sheet, a drawing, data.
TEXTS = {
    "css/index.def456.css": "body { color: #333; }\n" * 200,
    "media/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>\n' * 50,
    "manifest.json": '{"name": "noise"}\n' * 100,
}


@pytest.fixture
def root(tmp_path):
    (tmp_path / "static" / "js").mkdir(parents=True)
    (tmp_path / "static" / "media").mkdir()
    (tmp_path / "static" / "js" / "index.abc123.js").write_bytes(SCRIPT)
    for name, text in TEXTS.items():
        (tmp_path / "static" / name).parent.mkdir(exist_ok=True)
        (tmp_path / "static" / name).write_text(text)
    (tmp_path / "static" / "media" / "font.woff2").write_bytes(b"wOF2" + bytes(range(256)) * 40)
    (tmp_path / "index.html").write_text('<script type="module" src="./static/js/index.abc123.js"></script>')
    (tmp_path / "secret.js").write_bytes(b"outside static/")
    return tmp_path


def run(coroutine) -> None:
    """Run ``coroutine`` to its end on a loop of its own, in a thread of its own: a worker of the
    suite that drives Chromium (Playwright's sync API) has a loop running in its main thread."""
    failed = []

    def target():
        try:
            asyncio.run(coroutine)
        except BaseException as error:  # re-raised in the test's thread
            failed.append(error)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(30)
    if failed:
        raise failed[0]


class Downstream:
    """The app behind the middleware (Streamlit's server): records what reaches it."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    async def __call__(self, scope, receive, send) -> None:
        self.seen.append(scope["path"])
        await send({"type": "http.response.start", "status": 299, "headers": [(b"x-from", b"streamlit")]})
        await send({"type": "http.response.body", "body": b"as Streamlit serves it"})


def ask(app, path: str, method: str = "GET", headers: dict | None = None, kind: str = "http"):
    """(status, headers, body) of one request through ``app``."""
    headers = {"accept-encoding": "gzip, deflate, br, zstd", **(headers or {})}
    scope = {
        "type": kind,
        "method": method,
        "path": path,
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items() if v is not None],
    }
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    run(app(scope, receive, send))
    start = sent[0]
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, body


def middleware(root, base_url: str = ""):
    down = Downstream()
    return ca.CompressedAssets(down, root=root, base_url=base_url), down


def test_a_script_is_sent_compressed_with_streamlits_headers(root):
    app, down = middleware(root)
    status, headers, body = ask(app, "/static/js/index.abc123.js")
    assert status == 200 and down.seen == []
    assert headers["content-encoding"] == "gzip" and gzip.decompress(body) == SCRIPT
    assert len(body) < len(SCRIPT) / 10  # the repeated word compresses well
    assert headers["content-length"] == str(len(body))
    assert "javascript" in headers["content-type"]
    assert headers["cache-control"] == "public, immutable, max-age=31536000"
    assert headers["vary"] == "Accept-Encoding" and headers["etag"].endswith('-gzip"')


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("css/index.def456.css", "text/css"),
        ("media/logo.svg", "image/svg+xml"),
        ("manifest.json", "application/json"),
    ],
)
def test_style_sheets_drawings_and_data_are_compressed_too(root, name, media_type):
    status, headers, body = ask(middleware(root)[0], f"/static/{name}")
    assert (status, headers["content-encoding"]) == (200, "gzip")
    assert gzip.decompress(body) == (root / "static" / name).read_bytes()
    assert headers["content-type"].startswith(media_type)


def test_a_file_it_cannot_read_is_left_to_streamlit(root, monkeypatch):
    def unreadable(path):
        raise PermissionError(path)

    monkeypatch.setattr(ca, "compressed", unreadable)
    app, down = middleware(root)
    assert ask(app, "/static/js/index.abc123.js")[0] == 299 and down.seen == ["/static/js/index.abc123.js"]


def test_the_base_url_is_streamlits_own_setting_by_default(root, monkeypatch):
    from streamlit import config

    real = config.get_option
    monkeypatch.setattr(
        config, "get_option", lambda key: "explainer/" if key == "server.baseUrlPath" else real(key)
    )
    app = ca.CompressedAssets(Downstream(), root=root)
    assert ask(app, "/explainer/static/js/index.abc123.js")[0] == 200
    assert ask(app, "/static/js/index.abc123.js")[0] == 299


def test_head_gives_the_headers_and_no_body(root):
    app, _ = middleware(root)
    full = ask(app, "/static/js/index.abc123.js")[2]
    status, headers, body = ask(app, "/static/js/index.abc123.js", method="HEAD")
    assert status == 200 and body == b""
    assert headers["content-length"] == str(len(full)) and headers["content-encoding"] == "gzip"


def test_a_browser_that_has_the_file_gets_304_and_no_body(root):
    app, _ = middleware(root)
    tag = ask(app, "/static/js/index.abc123.js")[1]["etag"]
    for asked in (tag, f'"other", {tag}', f"W/{tag}"):
        status, headers, body = ask(app, "/static/js/index.abc123.js", headers={"if-none-match": asked})
        assert (status, body, headers["etag"]) == (304, b"", tag), asked
    assert ask(app, "/static/js/index.abc123.js", headers={"if-none-match": '"other"'})[0] == 200


@pytest.mark.parametrize(
    ("path", "method", "headers"),
    [
        ("/static/js/index.abc123.js", "GET", {"accept-encoding": None}),  # no gzip asked for
        ("/static/js/index.abc123.js", "GET", {"accept-encoding": "br, gzip;q=0"}),  # gzip refused
        ("/static/js/index.abc123.js", "GET", {"range": "bytes=0-99"}),  # part of the file
        ("/static/js/index.abc123.js", "POST", {}),
        ("/static/media/font.woff2", "GET", {}),  # compressed already
        ("/static/js/missing.js", "GET", {}),  # Streamlit answers with its page
        ("/static/js/../../secret.js", "GET", {}),  # out of static/
        ("/static/../secret.js", "GET", {}),
        ("/secret.js", "GET", {}),
        ("/static/js\\..\\..\\secret.js", "GET", {}),
        # Other spellings of a file's path: Streamlit's path checks refuse them (400).
        ("//static/js/index.abc123.js", "GET", {}),
        ("///static/js/index.abc123.js", "GET", {}),
        ("/static/js/../js/index.abc123.js", "GET", {}),
        ("/static/js/./index.abc123.js", "GET", {}),
        ("/static/js/index\x00.js", "GET", {}),  # a null byte (a link's %00)
        ("/static/js/" + "a" * 5000 + ".js", "GET", {}),  # a name too long for the system
        ("/static/js/" + "a/" * 3000 + "a.js", "GET", {}),  # a path too long
        ("/Sampling", "GET", {}),
        ("/_stcore/health", "GET", {}),
    ],
)
def test_every_other_request_reaches_streamlit_untouched(root, path, method, headers):
    app, down = middleware(root)
    status, got, body = ask(app, path, method=method, headers=headers)
    assert (status, got, body) == (299, {"x-from": "streamlit"}, b"as Streamlit serves it")
    assert down.seen == [path]


def test_a_websocket_reaches_streamlit(root):
    app, down = middleware(root)
    scope = {"type": "websocket", "path": "/_stcore/stream", "headers": []}

    async def websocket():
        async def send(message):
            pass

        await app(scope, None, send)

    run(websocket())
    assert down.seen == ["/_stcore/stream"]


def test_under_a_base_url_only_its_paths_are_answered(root):
    app, down = middleware(root, base_url="/explainer/")
    status, _, body = ask(app, "/explainer/static/js/index.abc123.js")
    assert status == 200 and gzip.decompress(body) == SCRIPT
    assert ask(app, "/static/js/index.abc123.js")[0] == 299
    assert ask(app, "/explainerstatic/js/index.abc123.js")[0] == 299
    assert down.seen == ["/static/js/index.abc123.js", "/explainerstatic/js/index.abc123.js"]


def test_each_file_is_compressed_once_and_then_answered_from_memory(root, monkeypatch):
    calls = []
    real = gzip.compress
    entered, gate = threading.Event(), threading.Event()

    def counted(data, *args, **kwargs):
        calls.append(len(data))
        entered.set()
        gate.wait(5)  # the second request arrives while the first compresses
        return real(data, *args, **kwargs)

    monkeypatch.setattr(ca.gzip, "compress", counted)
    app, _ = middleware(root)
    results, path_in_url = [], "/static/js/index.abc123.js"
    threads = [threading.Thread(target=lambda: results.append(ask(app, path_in_url))) for _ in range(2)]
    threads[0].start()
    assert entered.wait(5)
    threads[1].start()
    time.sleep(0.3)  # the second is waiting for the first's compression (or, unguarded, compressing too)
    gate.set()
    for t in threads:
        t.join(10)
    assert [gzip.decompress(r[2]) for r in results] == [SCRIPT, SCRIPT]
    assert calls == [len(SCRIPT)]
    # Asked again, the path is answered from memory: not even the disk is looked at.
    (root / "static" / "js" / "index.abc123.js").unlink()
    for _ in range(3):
        assert gzip.decompress(ask(app, path_in_url)[2]) == SCRIPT
    assert calls == [len(SCRIPT)]


def test_a_visitor_cannot_grow_the_memory_with_spellings_of_a_path(root):
    """Only a file's own path is answered and remembered: 200 spellings of it (``//`` to
    ``/////…``, ``./``, ``..``) all go on to Streamlit and leave one key, where each was a key of
    its own (a reviewer's script grew a server from 285 to 761 MiB with them)."""
    app, down = middleware(root)
    ask(app, "/static/js/index.abc123.js")
    spellings = [
        *("/" * n + "static/js/index.abc123.js" for n in range(2, 200)),
        "/static/./js/index.abc123.js",
        "/static/js/../js/index.abc123.js",
    ]
    for path in spellings:
        assert ask(app, path)[0] == 299, path
    assert list(app._known) == ["/static/js/index.abc123.js"] and down.seen == spellings


def test_the_files_every_page_loads_are_compressed_before_the_first_visitor(root, monkeypatch):
    monkeypatch.setattr(ca, "_CACHE", {})
    assert ca.compress_entry_assets(root) == 1
    assert list(ca._CACHE) == [(root / "static" / "js" / "index.abc123.js").resolve()]
    assert ca.cached_bytes() == len(ca._CACHE[(root / "static" / "js" / "index.abc123.js").resolve()].body)
    # Streamlit's own page names its entry script and the scripts it preloads.
    assert ca.compress_entry_assets() >= 10


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip", True),
        ("GZIP;q=0.5", True),
        ("deflate, br", False),
        ("gzip;q=0", False),
        ("gzip;q=0.0, *", False),
        ("*;q=0", False),
        ("identity", False),
        ("gzip;q=abc", False),
        ("", False),
    ],
)
def test_accepts_gzip(header, accepted):
    assert ca.accepts_gzip(header) is accepted


def test_a_server_whose_scripts_cannot_be_compressed_ahead_still_starts(monkeypatch):
    """The rehearsal compresses the scripts every page loads before the first visitor; when it
    cannot (the files unreadable), it says so and the server starts: they are compressed when
    first asked for, or sent as Streamlit sends them."""
    from lib.ui import rehearsal as rh

    def unreadable():
        raise PermissionError("static/index.html")

    async def no_views(views, timeout_s):
        return {}

    monkeypatch.setattr(rh, "compress_entry_assets", unreadable)
    monkeypatch.setattr(rh, "rehearse", no_views)
    monkeypatch.setattr(rh, "send_without_delay", lambda: 0)
    monkeypatch.setattr(rh, "send_each_run_at_once", lambda: True)
    served, said = [], []

    class Said(logging.Handler):
        def emit(self, record):
            said.append(record.getMessage())

    async def start():
        async with rh.rehearsal(views=(), warm=lambda: None, timeout_s=5)(None):
            served.append(True)

    handler = Said(level=logging.INFO)
    rh._LOGGER.addHandler(handler)
    monkeypatch.setattr(rh._LOGGER, "level", logging.INFO)
    try:
        run(start())
    finally:
        rh._LOGGER.removeHandler(handler)
    assert served == [True]
    assert any("were not compressed ahead: static/index.html" in line for line in said), said
    assert any("0 of Streamlit's scripts and styles compressed ahead" in line for line in said), said
