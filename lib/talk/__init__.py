"""The talk: the post's argument as numbered steps, each with the numbers its screen shows.

Plain Python, no Streamlit: the page ``pages/4_Talk.py`` only lays the steps out, one claim
and its live picture per 16:9 screen. One idea per module, the public names re-exported
here (``from lib import talk``):

- :mod:`~lib.talk.deck`: the steps (:data:`STEPS`), the clicker's keys (:data:`DECK_KEYS`)
  and what a link asks for (``?step=``, ``?seed=``, an image size such as ``2304x4096``);
- :mod:`~lib.talk.counting`: steps 1–3, the count against the atoms and the datasets,
  exact, with the digits and the zeros written out;
- :mod:`~lib.talk.noise`: steps 4–5, noise next to a photo and the rigorous odds bound;
- step 6, the room's search, is :mod:`lib.room_search` shown by ``lib.ui.room_slide``;
- :mod:`~lib.talk.models`: step 7, the fitted models in bits, and the warm-up thread that
  computes the slow parts when the deck opens;
- :mod:`~lib.talk.conclusion`: step 8, the talk in one line per step;
- :mod:`~lib.talk.words`: what each step says, as one block of HTML (``from lib.talk import words``).
"""

from __future__ import annotations

from lib.notation import plural
from lib.printed_digits import PAGES_PER_BOOK
from lib.talk.conclusion import recap
from lib.talk.counting import (
    LEADING_DIGITS,
    TRAILING_DIGITS,
    ZEROS_SHOWN,
    AtomsFigures,
    CountFigures,
    SpeckFigures,
    against_atoms,
    books_to_print,
    dataset_speck,
    digits_wall_html,
    photo_count,
    zeros_wall_html,
)
from lib.talk.deck import (
    DECK_KEYS,
    MAX_IMAGE_SIDE,
    POST_IMAGE_SIZE,
    STEPS,
    DeckKey,
    Step,
    chart_inputs,
    image_format,
    parse_image_size,
    seed_from_link,
    step_from_link,
)
from lib.talk.models import BitsFigures, model_bits, start_warm_up
from lib.talk.noise import (
    DEFAULT_SIDE,
    DRAWS_PER_SECOND,
    SCENES,
    SIDES,
    OddsFigures,
    noise_and_photo,
    noise_odds,
    odds_curve,
)

__all__ = [
    "DECK_KEYS",
    "DEFAULT_SIDE",
    "DRAWS_PER_SECOND",
    "LEADING_DIGITS",
    "MAX_IMAGE_SIDE",
    "PAGES_PER_BOOK",
    "POST_IMAGE_SIZE",
    "SCENES",
    "SIDES",
    "STEPS",
    "TRAILING_DIGITS",
    "ZEROS_SHOWN",
    "AtomsFigures",
    "BitsFigures",
    "CountFigures",
    "DeckKey",
    "OddsFigures",
    "SpeckFigures",
    "Step",
    "against_atoms",
    "books_to_print",
    "chart_inputs",
    "dataset_speck",
    "digits_wall_html",
    "image_format",
    "model_bits",
    "noise_and_photo",
    "noise_odds",
    "odds_curve",
    "parse_image_size",
    "photo_count",
    "plural",
    "recap",
    "seed_from_link",
    "start_warm_up",
    "step_from_link",
    "zeros_wall_html",
]
