"""How many images? draws its cards' sources once per kind of data, outside the part that a new
size reruns (``lib.count_cards.sources_html``): so every view of a kind must cite the same
sources in the same order, or a card's footnote number would point at another source."""

from __future__ import annotations

import re

import pytest

from lib import combinatorics as comb
from lib import count_cards
from lib import modalities as mod
from lib.notation import Footnotes, rich_text


def views(modality: str) -> list[mod.DataFormat]:
    if modality == "image":
        sizes = [(1, 1, 1, 1), (28, 28, 1, 8), (32, 32, 3, 8), (2304, 4096, 3, 8), (10**6, 10**6, 4, 16)]
        return [mod.image_data(comb.ImageFormat(*size)) for size in sizes]
    return [preset.data for preset in mod.PRESETS[modality]]


@pytest.mark.parametrize("modality", mod.MODALITIES)
def test_every_view_of_a_kind_cites_the_sources_drawn_for_it(modality):
    shown = re.findall(r"<li>(.*?)</li>", count_cards.sources_html(modality))
    assert len(shown) > 3
    for data in views(modality):
        notes = Footnotes()
        count_cards.compare_cards(data, data.count(), notes)
        assert [rich_text(source) for source in notes.sources] == shown, data.description
