"""The server sends each message the moment it is written: TCP_NODELAY on its listening sockets.

Why: Streamlit binds its listening socket itself (``socket.socket(family)``, protocol 0), and
asyncio sets TCP_NODELAY on a connection only when the socket's protocol is ``IPPROTO_TCP``,
so every visitor's websocket ran with Nagle's algorithm on. A page's messages go out one
write each; after a large one (a grid of pictures, ~35 kB) the small ones behind it, the
``script_finished`` that ends the page's run among them, waited for the visitor's ACK of the
large one, which the visitor's system holds back up to 40 ms (delayed ACK). On a fresh
server, one first load of Random images in two took ~40 ms longer than the other
(``bench/bench_cold_start.py``; the messages were all written at once, the gap was between
two of them on arrival). An accepted connection inherits the option from the listening
socket (Linux and the BSDs), so setting it there, before the first visitor connects, covers
every connection.

Plain sockets, no Streamlit: the listening sockets are found among this process's open
files (``/proc/self/fd``, or ``/dev/fd``), never through Streamlit's internals.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

#: Where a process's open file descriptors are listed (Linux; macOS and the BSDs).
_FD_FOLDERS = (Path("/proc/self/fd"), Path("/dev/fd"))


def _open_descriptors() -> list[int]:
    for folder in _FD_FOLDERS:
        try:
            return sorted(int(name) for name in os.listdir(folder) if name.isdigit())
        except OSError:
            continue
    return []


def _listening_tcp(descriptor: int) -> socket.socket | None:
    """A duplicate of ``descriptor`` when it is a listening TCP socket (the caller closes it;
    an option set on it is set on the original), else None."""
    try:
        copy = os.dup(descriptor)
    except OSError:  # closed meanwhile (the listing's own descriptor)
        return None
    try:
        duplicate = socket.socket(fileno=copy)
    except OSError:  # not a socket
        os.close(copy)
        return None
    try:
        if (
            duplicate.family in (socket.AF_INET, socket.AF_INET6)
            and duplicate.type == socket.SOCK_STREAM
            and duplicate.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)
        ):
            return duplicate
    except OSError:
        pass
    duplicate.close()
    return None


def send_without_delay() -> int:
    """Set TCP_NODELAY on every listening TCP socket of this process, so that the
    connections it accepts from now on send each write at once; how many it set.

    Safe to call at any time (a socket that is not listening is left alone) and more than
    once. A server calls it before it accepts its first connection
    (:func:`lib.ui.rehearsal.rehearsal`).

    >>> listener = socket.create_server(("127.0.0.1", 0))
    >>> send_without_delay() >= 1
    True
    >>> client = socket.create_connection(listener.getsockname())
    >>> accepted, _ = listener.accept()
    >>> accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    True
    >>> for s in (accepted, client, listener):
    ...     s.close()
    """
    count = 0
    for descriptor in _open_descriptors():
        listener = _listening_tcp(descriptor)
        if listener is None:
            continue
        try:
            listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            count += 1
        except OSError:
            pass
        finally:
            listener.close()
    return count
