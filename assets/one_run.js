// A fragment's rerun reaches Streamlit's page in one task (lib/ui/one_run.py says why).
//
// Served first in the page's head (lib/ui/page_html.py), before Streamlit's own script, which
// opens its websocket with the WebSocket it finds then. Each "message" listener added to that
// socket sees a rerun of part of a page (a fragment's: a new seed, a preset, a draw, a step of
// the talk) whole, from its ForwardMsg "new_session" to its "script_finished", in order, in the
// task that brings the last one (or the socket's error or close); for at most HOLD_MS from the
// first, after which the rest of a long run arrives as it comes (the server holds a run 100 ms
// too: a run longer than that shows its first messages up to ~200 ms after it began). A whole page's run (a link, the
// sidebar's switch, Streamlit's "R") and messages outside a run (an upload's answer) pass at once,
// as the server sends them (lib/ui/one_burst.py's running_said_last says why).

"use strict";

/** Each top-level field of a protobuf message's wire bytes, as [its number, its bytes] (the
 * bytes of a length-delimited field; null for a number's), in order; stops where they are cut
 * short. Protobuf's wire format: a varint tag (number * 8 + wire type), then the value. */
function* fieldsOf(bytes) {
  let at = 0;
  const varint = () => {
    let value = 0, scale = 1, byte;
    do {
      if (at >= bytes.length) return -1;
      byte = bytes[at++];
      value += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80);
    return value;
  };
  while (at < bytes.length) {
    const tag = varint(), wire = tag % 8;
    if (tag < 0) return;
    if (wire === 2) {
      const length = varint();
      if (length < 0 || at + length > bytes.length) return;
      yield [Math.floor(tag / 8), bytes.subarray(at, at + length)];
      at += length;
    } else if (wire === 0) {
      if (varint() < 0) return;
      yield [Math.floor(tag / 8), null];
    } else if (wire === 1 || wire === 5) {
      at += wire === 1 ? 8 : 4;
      if (at > bytes.length) return;
      yield [Math.floor(tag / 8), null];
    } else {
      return;  // a group: none in Streamlit's messages
    }
  }
}

/** The first field of ``bytes`` numbered ``number``: its bytes, or null. */
function fieldOf(bytes, number) {
  for (const [field, value] of fieldsOf(bytes)) if (field === number) return value;
  return null;
}

/** The field number of a ForwardMsg's type (its oneof: new_session 4, delta 5, script_finished 6,
 * ...); -1 if it has none. Streamlit's server writes the message's hash (field 1) and metadata
 * (2) first, then its type. */
function forwardMsgType(bytes) {
  for (const [field] of fieldsOf(bytes)) if (field !== 1 && field !== 2) return field;
  return -1;
}

/** Whether a ForwardMsg's metadata names the fragments its run reruns (metadata 2, its run 6,
 * the run's fragment_ids 2): a rerun of part of a page, not a whole page's run. */
function runsFragments(bytes) {
  const metadata = fieldOf(bytes, 2), run = metadata && fieldOf(metadata, 6);
  return Boolean(run && fieldOf(run, 2) !== null);
}

// var, not const: a page with this script twice runs the second copy too (and wraps nothing).
var RUN_STARTS = 4, RUN_ENDS = 6;  // ForwardMsg's new_session and script_finished
var HOLD_MS = 100;  // as the server holds a run's messages (lib.ui.one_burst.HOLD_S)

/** ``Socket`` (the browser's WebSocket) whose "message" listeners each get a fragment's rerun in
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
      // A socket that fails or closes mid-run hands what it held over first: Streamlit adds its
      // own "error" and "close" listeners after its "message" one, and ignores a socket it has
      // let go of.
      super.addEventListener("error", release);
      super.addEventListener("close", release);
      return super.addEventListener(type, (event) => {
        const bytes = event.data instanceof ArrayBuffer ? new Uint8Array(event.data) : new Uint8Array(0);
        const kind = forwardMsgType(bytes);
        if (held === null && !(kind === RUN_STARTS && runsFragments(bytes))) {
          listener.call(this, event);  // outside a fragment's rerun, or a long one's rest: at once
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
