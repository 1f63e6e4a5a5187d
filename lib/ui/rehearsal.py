"""The server rehearses every page once before it lets the first visitor in.

A fresh Streamlit server imports a page's modules (numpy, mpmath, Pillow, the app's own
``lib``), Streamlit's emoji and icon catalogues, and computes the figures every visitor
shares (the thinness figures, the room's yardsticks, the default fit) only when a visitor
first asks for them: the first phone in a room waited 0.5–1.4 s where the second waited
0.05–0.15 s (``bench/bench_cold_start.py``). Streamlit's ``streamlit run`` has no hook that
runs before the first request, but an :class:`streamlit.App` has a *lifespan* that runs
after the runtime starts and before the server accepts a connection. ``serve.py`` gives it
:func:`rehearsal`: it opens each view in :data:`REHEARSED_VIEWS` in a session of its own,
exactly as a browser would (a ``rerun_script`` message with the page and the query), waits
for the script to finish, closes the session, then lets the shared work that runs in the
background finish too. Only then does the server listen, so its health check turns green
when the first visitor can be served warm. The log says how long that took, in wall and
in CPU seconds. Before all that, it sets TCP_NODELAY on the server's listening socket
(:mod:`lib.ui.no_delay`): a page's last messages no longer wait ~40 ms behind a large one;
and each run's messages leave the server together, a fragment's rerun saying "running" just
before its end (:mod:`lib.ui.one_burst`): the browser renders a rerun in fewer passes, not once
per burst. The scripts and styles every page loads are compressed first
(:mod:`lib.ui.compressed_assets`), so the first phone does not wait for them.

The sessions are the server's own: no socket, no browser, nothing leaves the process. A
page that fails here is logged and the server starts anyway (a visitor then sees the
page's own message), and no rehearsal waits longer than :data:`REHEARSAL_TIMEOUT_S`.
"""

from __future__ import annotations

import asyncio
import time
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import TYPE_CHECKING, Any

from streamlit.logger import get_logger
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from lib.ui.compressed_assets import cached_bytes, compress_entry_assets
from lib.ui.no_delay import send_without_delay
from lib.ui.one_burst import send_each_run_at_once

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable

_LOGGER = get_logger(__name__)

#: Every page's default view, and every step of the talk (each has its own exact figures):
#: (page path as in the URL, query string). Deep links with other values still find every
#: module imported and every shared figure computed.
REHEARSED_VIEWS: tuple[tuple[str, str], ...] = (
    ("", ""),
    ("Combinatorics", ""),
    ("Sampling", ""),
    ("Learning", ""),
    *(("Talk", f"step={step}") for step in range(1, 9)),
)

#: The longest one rehearsal may take before the server starts without it.
REHEARSAL_TIMEOUT_S = 60.0


class _Rehearsal:
    """A session client that keeps nothing but whether the script has finished, and how."""

    def __init__(self) -> None:
        self.finished = asyncio.Event()
        self.status: int | None = None
        self.problems: list[str] = []

    def write_forward_msg(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "script_finished":
            self.status = msg.script_finished
            self.finished.set()
        elif kind == "page_not_found":
            self.problems.append("page not found")
        elif kind == "delta" and msg.delta.HasField("new_element"):
            element = msg.delta.new_element
            if element.WhichOneof("type") == "exception":
                self.problems.append(element.exception.message[:200])

    @property
    def client_context(self) -> None:
        return None  # no headers: the page knows nobody is watching


def _keep_pages_compiled(runtime: Any) -> None:
    """Hold one session of the server's own open for the server's life (it never runs a page).

    Streamlit forgets every compiled page script whenever its last session closes (its
    ``ScriptCache``, cleared in ``close_session`` and ``disconnect_session``): the rehearsal's
    sessions compiled each page, and closing the last one threw them away, so the first
    visitor compiled the home script and their page again (~2–4 ms of CPU), as did every
    visitor who found the server empty. With this session open the server is never empty.
    """
    global _KEEPER
    if _KEEPER is None:
        _KEEPER = runtime.connect_session(client=_Rehearsal(), user_info={})


#: The id of the session :func:`_keep_pages_compiled` holds open (None until it has).
_KEEPER: str | None = None


async def rehearse(views: tuple[tuple[str, str], ...], timeout_s: float) -> dict[str, float]:
    """Run each view once in a session of its own; seconds each took, by ``path?query``.

    Must run on the server's event loop with its runtime started (a lifespan does both).
    """
    from streamlit.runtime import Runtime

    runtime = Runtime.instance()
    _keep_pages_compiled(runtime)
    took: dict[str, float] = {}
    for path, query in views:
        label = f"/{path}" + (f"?{query}" if query else "")
        client = _Rehearsal()
        session = runtime.connect_session(client=client, user_info={})
        try:
            msg = BackMsg()
            msg.rerun_script.page_name = path
            msg.rerun_script.query_string = query
            started = time.perf_counter()
            runtime.handle_backmsg(session, msg)
            await asyncio.wait_for(client.finished.wait(), timeout_s)
            took[label] = time.perf_counter() - started
            if client.status != ForwardMsg.FINISHED_SUCCESSFULLY or client.problems:
                # Streamlit logs the traceback itself; the page shows its own message.
                _LOGGER.warning(
                    "Rehearsal of %s went wrong: %d error(s) on the page", label, len(client.problems)
                )
        except TimeoutError:
            _LOGGER.warning("Rehearsal of %s took over %.0f s: serving without it", label, timeout_s)
        except Exception:  # the server starts anyway; a visitor gets the page's own message
            _LOGGER.exception("Rehearsal of %s failed: serving without it", label)
        finally:
            runtime.close_session(session)
    return took


def rehearsal(
    views: tuple[tuple[str, str], ...] = REHEARSED_VIEWS,
    *,
    warm: Callable[[], None] | None = None,
    timeout_s: float = REHEARSAL_TIMEOUT_S,
) -> Callable[[Any], AbstractAsyncContextManager[None]]:
    """An :class:`streamlit.App` lifespan that rehearses ``views``, then runs ``warm`` (by
    default :func:`lib.ui.shared.finish_warming`: the shared figures the pages start in the
    background) and waits for it, then serves.

    Examples
    --------
    ``serve.py`` passes one to ``st.App("streamlit_app.py", lifespan=rehearsal())``; a
    lifespan is a function of the app that returns an async context manager:

    >>> lifespan = rehearsal(views=(("", ""),), timeout_s=10)
    >>> hasattr(lifespan(None), "__aenter__")
    True
    """

    @asynccontextmanager
    async def lifespan(_app: Any) -> AsyncIterator[None]:
        at_once = send_without_delay()  # every connection accepted from now on (lib.ui.no_delay)
        whole_runs = send_each_run_at_once()  # a run's messages leave together (lib.ui.one_burst)
        if warm is None:
            from lib.ui.shared import finish_warming as finish
        else:
            finish = warm
        started, cpu = time.perf_counter(), time.process_time()
        try:
            compressed = await asyncio.to_thread(compress_entry_assets)  # the files every page loads
        except OSError as error:  # they are compressed when first asked for instead
            _LOGGER.warning("Streamlit's scripts were not compressed ahead: %s", error)
            compressed = 0
        took = await rehearse(views, timeout_s)
        try:
            await asyncio.wait_for(asyncio.to_thread(finish), timeout_s)
        except TimeoutError:
            _LOGGER.warning("The shared figures took over %.0f s: serving while they finish", timeout_s)
        _LOGGER.info(
            "Rehearsed %d of %d views in %.1f s (%.1f CPU-s) before serving: %s; "
            "%d listening socket(s) send each message at once; each run's messages %s; "
            "%d of Streamlit's scripts and styles compressed ahead (%.0f KB)",
            len(took),
            len(views),
            time.perf_counter() - started,
            time.process_time() - cpu,
            ", ".join(f"{label} {seconds:.2f} s" for label, seconds in took.items()),
            at_once,
            "leave together" if whole_runs else "leave as written",
            compressed,
            cached_bytes() / 1e3,
        )
        yield

    return lifespan
