"""A run's messages leave the server together: held from the run's start to its end, 0.1 s at most.

Why: Streamlit's server sends what a page has written every few milliseconds while the page
runs (``MESSAGE_FLUSH_INTERVAL_SECS``, 5 ms): a rerun's messages went out in three or four
bursts (the run's start, the inputs the page draws first, then the figures it works out).
The browser takes each burst as a change of the page on its own and renders the whole page
again for it: on Random images a new seed rendered it four times after the run's start where
two would do. Held until the run ends, the same messages arrive together and are drawn in
fewer passes: the renderer's CPU a rerun went down 6–14 ms on the three pages (paired, issue 14),
and the server, no longer interrupted to send, ends the run sooner. (Chromium still hands the
page a burst's messages in two to four tasks, and React rendered after each: the page HTML's
:mod:`lib.ui.one_run` hands a fragment's rerun to Streamlit's page in one. Sending a run as one TCP write
changed nothing measurable.) A run longer than
:data:`HOLD_S` (a page's first fit, a visitor's upload) streams from then on as before, so
nothing waits on a long run; messages outside a run (an upload's answer) are never held.

A whole rerun of fragments also says it is running last (:func:`running_said_last`): Streamlit
says so right after the run's start, and the browser, told before the run's new elements
arrive, marks every element of the rerun part stale, renders the whole page for it, and renders
it again to mark them fresh; told just before the run's end, it has nothing to mark. One
whole-page render less a rerun: on every fragment's rerun the benches time, renderer CPU −6 to
−10 ms and painted −8 to −22 ms (paired against the order as sent, 12 reruns a row, ``bench/bench_pages.py
--against``). A whole-page run keeps Streamlit's order (the function says why).

An element of a held run is queued without waking the server's loop (:func:`wakes_the_server`),
and a flush that holds a run leaves the loop no pause after it (Streamlit's 5 ms,
``MESSAGE_FLUSH_INTERVAL_SECS``, kept after a flush that sends, to gather what streams): the
run's end leaves as soon as it is queued, where it waited 0-5 ms for the pause to end. BackMsg
to ``script_finished`` over the websocket, paired with the commit before (``bench/bench_round_trip.py
--against``, 40 reruns): How many images?' width 17.7 → 9.6 ms, a new seed on Random images
13.7 → 8.7, the talk's Next 9.6 → 6.2, Memorise or model?'s seed 8.2 → 6.7 (the empty page 3).

This changes how Streamlit's runtime flushes a session's queue (``AppSession``'s
``flush_browser_queue`` and ``_enqueue_forward_msg``, the runtime's
``MESSAGE_FLUSH_INTERVAL_SECS``; Streamlit 1.67, pinned): internals the app reaches into, so
:func:`send_each_run_at_once` checks that they are there and leaves the server as it is when
they are not (a later Streamlit), and a test of the module fails on such an upgrade.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from typing import Any

from streamlit.logger import get_logger

_LOGGER = get_logger(__name__)

#: The longest a run's messages are held: a page's rerun runs 10–60 ms on the server; a
#: longer run shows its first messages (a progress bar) at most this late.
HOLD_S = 0.1

#: The message a run begins with, and the one it ends with (Streamlit's ForwardMsg types).
_STARTS, _ENDS = "new_session", "script_finished"

#: When each session began holding its run's messages (sessions end: weakly referenced).
_HELD_SINCE: weakref.WeakKeyDictionary[Any, float] = weakref.WeakKeyDictionary()


def hold(session: Any, now: float) -> bool:
    """Whether ``session``'s queued messages wait: a run has begun (its first message is
    queued) and not ended, for under :data:`HOLD_S` since they began to wait. On a first wait
    the session's runtime is asked to flush again when the hold ends, in case the run writes
    nothing more until then (called on the server's event loop).

    Examples
    --------
    A session whose queue holds a run's start waits until the run's end is queued:

    >>> from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    >>> from streamlit.runtime.forward_msg_queue import ForwardMsgQueue
    >>> class Session:
    ...     _browser_queue, _message_enqueued_callback = ForwardMsgQueue(), None
    >>> session, start, end = Session(), ForwardMsg(), ForwardMsg()
    >>> start.new_session.SetInParent()
    >>> end.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    >>> session._browser_queue.enqueue(start)
    >>> hold(session, now=0.0), hold(session, now=0.05)
    (True, True)
    >>> session._browser_queue.enqueue(end)
    >>> hold(session, now=0.06)
    False
    """
    kinds = {msg.WhichOneof("type") for msg in list(session._browser_queue._queue)}
    if _STARTS not in kinds or _ENDS in kinds:
        _HELD_SINCE.pop(session, None)
        return False
    since = _HELD_SINCE.get(session)
    if since is None:
        _HELD_SINCE[session] = since = now
        _wake_after(session, HOLD_S)
    if now - since < HOLD_S:
        return True
    _HELD_SINCE.pop(session, None)
    return False


def running_said_last(messages: list) -> list:
    """A whole rerun of fragments (its start, its end, nothing of another run) with "the script
    is running" moved to just before the run's end; any other list as it is. The browser still
    sees the run begin and end in order, and sees the run's new elements before it.

    A whole-page run (a page's first, a link, the sidebar's switch, Streamlit's "R", which
    waits for "running" before it can end) keeps Streamlit's order: there the page says
    "running" from its first messages, as the suite's ``wait_for_run`` reads it before acting
    again: told late, the page says "not running" until the run's last messages, and a test
    that clicked as soon as it said so, after the presentation switch's whole run, failed in
    one full run of the suite in six. A fragment's rerun, which Random images' draws, the
    presets, the seeds and the talk's steps all are, is what a visitor repeats.

    >>> from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    >>> start, running, element, end = ForwardMsg(), ForwardMsg(), ForwardMsg(), ForwardMsg()
    >>> start.new_session.SetInParent()
    >>> start.metadata.run.fragment_ids.append("the-draw")
    >>> running.session_status_changed.script_is_running = True
    >>> element.delta.new_element.markdown.body = "a figure"
    >>> end.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    >>> [m.WhichOneof("type") for m in running_said_last([start, running, element, end])]
    ['new_session', 'delta', 'session_status_changed', 'script_finished']
    >>> [m.WhichOneof("type") for m in running_said_last([start, running, element])]  # a run not ended
    ['new_session', 'session_status_changed', 'delta']
    >>> start.metadata.run.ClearField("fragment_ids")  # a whole-page run
    >>> [m.WhichOneof("type") for m in running_said_last([start, running, element, end])]
    ['new_session', 'session_status_changed', 'delta', 'script_finished']
    """
    kinds = [msg.WhichOneof("type") for msg in messages]
    if kinds.count(_STARTS) != 1 or kinds.count(_ENDS) != 1 or kinds.index(_STARTS) > kinds.index(_ENDS):
        return messages
    if not messages[kinds.index(_STARTS)].metadata.run.fragment_ids:
        return messages
    end = kinds.index(_ENDS)
    running = [
        i
        for i, msg in enumerate(messages[:end])
        if kinds[i] == "session_status_changed" and msg.session_status_changed.script_is_running
    ]
    rest = [msg for i, msg in enumerate(messages[:end]) if i not in running]
    return rest + [messages[i] for i in running] + messages[end:]


def wakes_the_server(session: Any, msg: Any) -> bool:
    """Whether queuing ``msg`` for ``session`` must wake the server's loop to flush: every
    message but an element written in the middle of a run the loop holds (:func:`hold`), which
    it would only find held. The run's end, queued after every element, wakes it; so do its start,
    its status and anything outside a run, and every element once a long run streams.

    Why: each wake is a write to the loop's self-pipe (``call_soon_threadsafe``, ~0.08 ms) and a
    pass of the loop over every session, which then paused 5 ms (``MESSAGE_FLUSH_INTERVAL_SECS``)
    before it could flush again: woken by each of a draw's ~17 elements, it was often in that
    pause when the run ended, and the run waited 0-5 ms (2.6 on average, 8 draws) to leave.
    Streamlit 1.67 queues a run's messages on the server's loop, in order, as the loop flushes:
    no flush comes between this check and the queuing.

    >>> from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    >>> class Session: ...
    >>> session, element, end = Session(), ForwardMsg(), ForwardMsg()
    >>> element.delta.new_element.markdown.body = "a figure"
    >>> end.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    >>> wakes_the_server(session, element)  # no run held
    True
    >>> _HELD_SINCE[session] = 0.0
    >>> wakes_the_server(session, element), wakes_the_server(session, end)
    (False, True)
    """
    return session not in _HELD_SINCE or msg.WhichOneof("type") != "delta"


def _wake_after(session: Any, seconds: float) -> None:
    """Ask the runtime to flush ``session`` again after ``seconds`` (its callback for a newly
    queued message), when called on a running event loop; else nothing."""
    callback = getattr(session, "_message_enqueued_callback", None)
    if callback is None:
        return
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # not on the server's loop (a test's direct call)
        return
    loop.call_later(seconds, callback)


_installed = False


def send_each_run_at_once() -> bool:
    """Make every session of this server send a run's messages together (:func:`hold`);
    whether it is in place. Safe to call more than once; a server calls it before it accepts
    its first connection (:func:`lib.ui.rehearsal.rehearsal`).

    >>> send_each_run_at_once() and send_each_run_at_once()
    True
    """
    global _installed
    if _installed:
        return True
    from streamlit.runtime import runtime
    from streamlit.runtime.app_session import AppSession
    from streamlit.runtime.forward_msg_queue import ForwardMsgQueue

    original = getattr(AppSession, "flush_browser_queue", None)
    enqueue = getattr(AppSession, "_enqueue_forward_msg", None)
    pause = getattr(runtime, "MESSAGE_FLUSH_INTERVAL_SECS", None)
    if original is None or enqueue is None or pause is None or "_queue" not in vars(ForwardMsgQueue()):
        _LOGGER.warning("Streamlit's message queue has changed: each run's messages are sent as written")
        return False

    def flush_browser_queue(self: AppSession) -> list:
        if hold(self, time.monotonic()):
            runtime.MESSAGE_FLUSH_INTERVAL_SECS = 0.0  # type: ignore[misc]  # nothing to gather: awake for the run's end
            return []
        sent = running_said_last(original(self))
        if sent:
            runtime.MESSAGE_FLUSH_INTERVAL_SECS = pause  # type: ignore[misc]  # gathers what streams, as Streamlit does
        return sent

    def enqueue_forward_msg(self: AppSession, msg: Any) -> None:
        if wakes_the_server(self, msg):
            enqueue(self, msg)
        else:
            self._browser_queue.enqueue(msg)  # as Streamlit's, without the wake

    flush_browser_queue.__doc__ = original.__doc__
    AppSession.flush_browser_queue = flush_browser_queue  # type: ignore[method-assign]
    AppSession._enqueue_forward_msg = enqueue_forward_msg  # type: ignore[method-assign]
    _installed = True
    return True
