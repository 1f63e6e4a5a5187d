"""The room's search as the talk's step 6 shows it: a slide, not a panel.

Random images shows the room as a panel (:func:`lib.ui.shared.room_search_view`): a paragraph
of yardsticks beside the live count and Search harder's result in a box under the button. On a
slide that paragraph took 5 lines, and the box ran off a 1280×720 projector (review 11, Talk-1
and Talk-7). Here the same figures (:func:`lib.room_yardsticks.slide_words`) are one line
beside the count, the click's result is the line under it, and what they mean is the foot.
"""

from __future__ import annotations

import streamlit as st

from lib import room_search as room
from lib import room_yardsticks as yardsticks
from lib.talk import words as say
from lib.ui.display import big_number, pixel_image
from lib.ui.shared import warm_room_search


@st.fragment
def room_slide() -> None:
    """The room's count, its best find and Search harder, fitting one slide before and after
    the click. A fragment of its own: Search harder reruns the room alone, not the talk."""
    picture, numbers = st.columns([2, 3], gap="large", vertical_alignment="center")
    counter = numbers.container()
    label = f"Search harder: {room.SEARCH_CLICK_DRAWS:,} more noise images for the room"
    clicked = numbers.button(label, key="room-search-harder", icon=":material/search:")
    run = room.ROOM.search_harder() if clicked else None
    warm_room_search().result()
    tally = room.ROOM.snapshot()
    words = yardsticks.slide_words(tally, yardsticks.typical_photo_correlation(), run)
    big_number(yardsticks.LIVE_COUNT_LABEL, f"{tally.draws:,}", words.under, counter)
    counter.html(f'<p class="talk-text room-line">{words.line}</p>')
    with picture:
        if tally.best is None:
            st.html(say.text("No noise looked at here yet: press **Search harder**."))
        else:
            pixel_image(tally.best.image, "room-best", "the room's best find", 44)
            st.html(say.text("The room's best find so far: still noise."))
    st.html(say.foot(words.foot))
