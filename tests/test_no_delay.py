"""The server's connections send each message at once (TCP_NODELAY, lib.ui.no_delay): with
Nagle's algorithm on, a page's small last messages waited ~40 ms behind a large one."""

from __future__ import annotations

import socket

from lib.ui.no_delay import send_without_delay


def _nodelay(sock: socket.socket) -> bool:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0


def test_connections_accepted_after_it_send_at_once_and_nothing_else_is_touched():
    # As Streamlit binds it: protocol 0, which asyncio leaves with Nagle's algorithm on.
    listener = socket.socket(socket.AF_INET)
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    client = socket.create_connection(listener.getsockname())
    before, _ = listener.accept()
    try:
        assert listener.proto == 0 and not _nodelay(before)  # what the server had
        assert send_without_delay() >= 1
        assert not _nodelay(client)  # a connection, not a listening socket: left alone
        late = socket.create_connection(listener.getsockname())
        after, _ = listener.accept()
        assert _nodelay(listener) and _nodelay(after)
        late.close()
        after.close()
    finally:
        for sock in (before, client, listener):
            sock.close()
