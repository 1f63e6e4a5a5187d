// A run's messages reach Streamlit's page in one task (lib/ui/one_run.py says why).
//
// Served first in the page's head (lib/ui/page_html.py), before Streamlit's own script, which
// opens its websocket with the WebSocket it finds then. Each "message" listener added to that
// socket sees a run's messages (from its ForwardMsg "new_session" to its "script_finished")
// together, in order, in the task that brings the last one (or the socket's close); for at most
// HOLD_MS from the first, after which the rest of a long run arrives as it comes. Messages
// outside a run (an upload's answer, a heartbeat's) pass at once.

"use strict";

/** The field number of a ForwardMsg's type (its oneof: new_session 4, delta 5, script_finished 6,
 * ...), read from its wire bytes; -1 if it has none. Streamlit's server writes the message's
 * hash (field 1) and metadata (2) first, then its type; both are skipped by their length. */
function forwardMsgType(bytes) {
  let at = 0;
  const varint = () => {
    let value = 0, scale = 1, byte;
    do {
      if (at >= bytes.length) return -1;  // cut short
      byte = bytes[at++];
      value += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80);
    return value;
  };
  while (at < bytes.length) {
    const tag = varint();
    if (tag < 0) return -1;
    const field = Math.floor(tag / 8);
    if (field !== 1 && field !== 2) return field;
    if (tag % 8 !== 2) return -1;  // hash and metadata are length-delimited
    const length = varint();
    if (length < 0) return -1;
    at += length;
  }
  return -1;
}

const RUN_STARTS = 4, RUN_ENDS = 6;  // ForwardMsg's new_session and script_finished
const HOLD_MS = 100;  // as the server holds a run's messages (lib.ui.one_burst.HOLD_S)

/** ``Socket`` (the browser's WebSocket) whose "message" listeners each get a run's messages in
 * one task; ``holdMs``: the longest a message waits. ``timers``: setTimeout and clearTimeout. */
function holdingEachRun(Socket, holdMs, timers) {
  return class OneRunSocket extends Socket {
    addEventListener(type, listener, options) {
      if (type !== "message" || typeof listener !== "function") {
        return super.addEventListener(type, listener, options);
      }
      let held = null, timer = null;
      const release = () => {
        const events = held || [];
        held = null;
        timers.clearTimeout(timer);
        for (const event of events) {
          try {
            listener.call(this, event);
          } catch (error) {  // the rest still reach it, in order; the error is reported as thrown
            timers.setTimeout(() => { throw error; }, 0);
          }
        }
      };
      // A socket that closes mid-run hands what it held over first (Streamlit adds its own
      // "close" listener after its "message" one).
      super.addEventListener("close", release);
      return super.addEventListener(type, (event) => {
        const kind = event.data instanceof ArrayBuffer ? forwardMsgType(new Uint8Array(event.data)) : -1;
        if (held === null && kind !== RUN_STARTS) {
          listener.call(this, event);  // outside a run, or a long run's rest: at once
          return;
        }
        if (held === null) {
          held = [];
          timer = timers.setTimeout(release, holdMs);
        }
        held.push(event);
        if (kind === RUN_ENDS) release();
      }, options);
    }
  };
}

if (typeof window !== "undefined" && window.WebSocket && !window.WebSocket.holdsEachRun) {
  window.WebSocket = holdingEachRun(window.WebSocket, HOLD_MS, {
    setTimeout: (f, ms) => window.setTimeout(f, ms),
    clearTimeout: (id) => window.clearTimeout(id),
  });
  window.WebSocket.holdsEachRun = true;
}
