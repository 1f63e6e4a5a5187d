"""A preset's new values written into the link at once: one step of the browser's history.

How many images?' boxes (width, height, channels, bits, and the other kinds of data's) are
text inputs bound to the link (``bind="query-params"``). Streamlit writes a bound box's new
value into the link as the box is drawn, one ``page_info_changed`` message per box, and the
browser makes each one a step of its history (``history.pushState``): a preset that changed
three boxes left three steps, so Back went to a link that only half held the preset (say
``?w=28&h=28``, 28×28 RGB: a view nobody chose) and took three presses to undo one click. Each
message also costs the browser its own URL update and a message to a host page, on a rerun
that must stay near an empty page's (issue 14).

Here a run that finds more than one box given a value by code this run (a preset's or the
reset's callback) writes them all into the link first, in one message; each box then finds
the link already saying its value, and Streamlit sends nothing more. A box a visitor types in
changes alone, and Streamlit writes it as before; a link that changed (Back, Forward, an
edited address) is left alone, and the boxes follow it as before.
"""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st
from streamlit.runtime.state.session_state_proxy import get_session_state

from lib.ui.inputs import NumberField


def link_changes(
    fields: Iterable[NumberField], values: dict[str, object], link: dict[str, list[str]]
) -> dict:
    """What the link must say for the boxes' ``values`` (text, by key) that it does not say:
    key -> the text, or None where the box is at its default (Streamlit leaves a box at its
    default out of the link). A key with no value yet (a box not drawn so far) is left as
    the link has it; a key the link repeats says its last value, as the box reads it.

    >>> w = NumberField("Width", "w", 2304, 1, 10)
    >>> h = NumberField("Height", "h", 4096, 1, 10)
    >>> link_changes([w, h], {"w": "28", "h": "4096"}, {"h": ["28"]})
    {'w': '28', 'h': None}
    >>> link_changes([w, h], {"w": "28"}, {"w": ["5", "28"]})
    {}
    """
    changes: dict[str, str | None] = {}
    for field in fields:
        if field.key not in values:
            continue
        text = str(values[field.key])
        wanted = None if text == str(field.default) else text
        said = link.get(field.key, [])[-1:]
        if said != ([] if wanted is None else [wanted]):
            changes[field.key] = wanted
    return changes


def write_link_at_once(fields: list[NumberField]) -> None:
    """Before the boxes of ``fields`` are drawn: when this run's callbacks gave more than one
    of them a new value (a preset, the reset), write them all into the link in one message,
    so that the browser gets one step of history and one URL update, not one a box.

    Only values set by code this run count (``is_new_state_value``): on Back the session
    still holds the last view's values while the link holds the earlier one, which the boxes
    must follow. One box changed is left to Streamlit, which writes it as it draws it.
    Streamlit's own query parameters refuse a bound key, so the link is written through the
    session's query parameters without their check, then sent once (``update()`` with no
    values sends the whole link); each bound box then finds its value already there.
    """
    state = get_session_state()
    values = {f.key: st.session_state[f.key] for f in fields if state.is_new_state_value(f.key)}
    link = {f.key: st.query_params.get_all(f.key) for f in fields}
    changes = link_changes(fields, values, link)
    if len(changes) < 2:
        return
    with state.query_params() as params:
        for key, text in changes.items():
            if text is None:
                params.discard_param_no_forward_msg(key)
            else:
                params.set_with_no_forward_msg(key, text)
        params.update()
