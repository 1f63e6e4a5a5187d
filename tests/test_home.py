"""The home page's argument (streamlit_app.py): its claims agree with one another and the talk."""

from __future__ import annotations

import re

from conftest import open_app, page_html

from lib import combinatorics as comb
from lib import reference_figures as ref
from lib import talk
from lib.notation import magnitude_html


def test_the_unseen_share_is_the_largest_datasets_speck():
    """Claim 5's "≈ 100%" is 1 minus the share claim 3 shows, LAION-5B's (the talk's last step
    says the same), not another dataset's smaller speck."""
    html = page_html(open_app())
    laion = magnitude_html(comb.dataset_coverage(comb.count_images(comb.DEFAULT), ref.LAION_5B))
    unseen = re.search(r"1 − (.+?) for ([\w-]+) \(the share to 3 significant digits\)", html)
    assert unseen, "claim 5 names no dataset's share"
    assert unseen.groups() == (laion, "LAION-5B")
    assert "share of the space LAION-5B could cover, at most" in html and laion in html  # claim 3's figure
    assert talk.dataset_speck().dataset is ref.LAION_5B  # the talk's step 8


def test_the_claims_sources_are_footnotes():
    """Review 11, Home-1: the atoms' and the datasets' sources sat under the claims' numbers,
    between a number and the sentence saying what it is (on a phone the number comes first).
    They are footnotes ² and ³ at the foot of the page, marked where they are used."""
    html = page_html(open_app())
    claims, _, foot = html.rpartition('<ol class="sources" start="2">')
    assert claims and foot, "no footnotes after the claims"
    for source in (ref.ATOMS_IN_UNIVERSE.source, ref.LAION_5B.source, ref.IMAGENET_FULL.source):
        first_words = source.split(",")[0].split(" (")[0]
        assert first_words in foot and first_words not in claims, first_words
    assert "68,181,012 (the atoms: an estimate²)" in claims and "sizes³" in claims
    assert not re.search(r"\d[²³]", claims)  # a mark on a number reads as a power
