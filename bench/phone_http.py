"""What a phone asks the server over HTTP before its page's websocket opens, replayed without a browser.

A phone that opens a link with nothing cached first downloads the page's HTML and Streamlit's
scripts, style sheets and fonts: 77 requests and 2.7 MB for the home page in Streamlit 1.67's
own serving, 1.1 MB since ``serve.py`` compresses the scripts (:mod:`lib.ui.compressed_assets`).
:func:`recorded_requests` asks Chromium once which requests a link's first load makes;
:func:`fetch_all` then makes the same requests as one more phone would, over up to six
connections (a browser's limit for one server over HTTP/1.1), with a browser's
``Accept-Encoding``, so a crowd of sessions in ``bench_audience.py --http`` costs the server
what a crowd of phones does. A response is read whole (its length, or its chunks) and counted.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

#: What Chromium sends (it also speaks zstd and br; the server answers gzip or nothing).
ACCEPT_ENCODING = "gzip, deflate, br, zstd"
#: A browser's connections to one server over HTTP/1.1.
CONNECTIONS = 6


def recorded_requests(url: str, links: list[str]) -> dict[str, list[str]]:
    """link -> the path (and query) of every HTTP request the link's first load made in Chromium,
    in a new browser context each (nothing cached), in order; none to ``/media/`` (a session's
    own images, not another session's to ask for) or the websocket."""
    from conftest import CHROMIUM, CHROMIUM_FLAGS, wait_for_run
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for link in links:
            context = browser.new_context(viewport={"width": 390, "height": 844})
            page = context.new_page()
            asked: list[str] = []
            page.on("request", lambda request, into=asked: into.append(request.url))
            page.goto(url + link, timeout=120_000)
            wait_for_run(page, timeout=120_000)
            page.wait_for_timeout(500)  # the last chunks a run's elements ask for
            context.close()
            paths = []
            for address in asked:
                parts = urlsplit(address)
                if address.startswith(url) and not parts.path.startswith(("/media/", "/_stcore/stream")):
                    paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
            out[link] = paths
        browser.close()
    return out


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, int, bool]:
    """(status, bytes read, whether the connection stays open) of one HTTP/1.1 response."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    size = len(head)
    if headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            line = await reader.readuntil(b"\r\n")
            length = int(line.split(b";")[0], 16)
            await reader.readexactly(length + 2)
            size += len(line) + length + 2
            if length == 0:
                break
    elif "content-length" in headers:
        length = int(headers["content-length"])
        await reader.readexactly(length)
        size += length
    return status, size, headers.get("connection", "").lower() != "close"


async def fetch_all(host: str, port: int, paths: list[str], errors: list[str], name: str) -> int:
    """GET every path from the server as a phone would (:data:`CONNECTIONS` keep-alive
    connections, a browser's ``Accept-Encoding``); the bytes received. A status of 400 or more,
    or a failed connection, is an error in ``errors``; the other connections go on."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for path in paths:
        queue.put_nowait(path)
    received = 0

    async def connection() -> None:
        nonlocal received
        reader = writer = None
        try:
            while not queue.empty():
                path = queue.get_nowait()
                if writer is None:
                    reader, writer = await asyncio.open_connection(host, port)
                request = (
                    f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept-Encoding: {ACCEPT_ENCODING}\r\n"
                    "Accept: */*\r\nConnection: keep-alive\r\n\r\n"
                )
                writer.write(request.encode("latin-1"))
                await writer.drain()
                status, size, open_ = await _read_response(reader)
                received += size
                if status >= 400:
                    errors.append(f"{name} GET {path}: {status}")
                if not open_:
                    writer.close()
                    reader = writer = None
        finally:
            if writer is not None:
                writer.close()

    done = await asyncio.gather(
        *(connection() for _ in range(min(CONNECTIONS, len(paths)))), return_exceptions=True
    )
    for outcome in done:  # a connection that failed leaves its paths to the others
        if isinstance(outcome, BaseException):
            errors.append(f"{name} HTTP: {type(outcome).__name__} {str(outcome)[:80]}")
    return received
