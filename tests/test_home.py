"""The home page's argument (streamlit_app.py): its claims agree with one another and the talk."""

from __future__ import annotations

import re

from conftest import open_app, page_html

from lib import combinatorics as comb
from lib import reference_figures as ref
from lib import talk
from lib.notation import magnitude_html


def test_the_last_claim_shows_what_a_model_learns():
    """Review 15 (Home-4): claim 5's "≈ 100%" unseen was 1 minus claim 3's share again, and the
    home never showed what a model learns. Its number is now the lowest published CIFAR-10 score
    Memorise or model? charts (no fit on home's first run: a figure from outside, with its
    kind, year and source, like the atoms): bits a value on test photos the model never saw,
    beside the 8 of raw pixels. Claim 3 keeps LAION-5B's share, the talk's last step too."""
    html = page_html(open_app())
    claim = html.split("<h4>5. ")[1].split('<ol class="sources"')[0]
    best = min(ref.CIFAR10_CHART, key=lambda record: record.bits_per_dim)
    assert (best.model, best.bits_per_dim) == ("MuLAN", 2.55)
    label = re.search(r'<div class="bignum-label">(.+?)</div>', claim)
    number = re.search(r'<div class="bignum" style="[^"]*">(.+?)</div>', claim)
    caption = re.search(r'<div class="bignum-caption">(.+?)</div>', claim)
    assert label and number and caption, "claim 5 has no big number"
    assert number[1] == "2.55"
    assert "a published model needs for CIFAR-10&#x27;s 32×32 photos it never saw" in label[1]
    assert "raw pixels need 8" in label[1]
    assert caption[1] == "MuLAN (2024), variational upper bound, as published⁴"
    assert "≈ 100%" not in claim and "LAION" not in claim  # not claim 3's share again
    assert "What it learned is measured in bits a value on images it never saw." in claim
    foot = html.split('<ol class="sources" start="2">')[1]
    assert best.citation.split(",")[0] in foot and "10,000 test images" in foot
    laion = magnitude_html(comb.dataset_coverage(comb.count_images(comb.DEFAULT), ref.LAION_5B))
    assert "share of the space LAION-5B could cover, at most" in html and laion in html  # claim 3's figure
    assert talk.dataset_speck().dataset is ref.LAION_5B  # the talk's step 8


def test_the_claims_sources_are_footnotes():
    """Review 11, Home-1: the atoms' and the datasets' sources sat under the claims' numbers,
    between a number and the sentence saying what it is (on a phone the number comes first).
    They are footnotes ² and ³ at the foot of the page, marked where they are used."""
    html = page_html(open_app())
    claims, _, foot = html.rpartition('<ol class="sources" start="2">')
    assert claims and foot, "no footnotes after the claims"
    record = min(ref.CIFAR10_CHART, key=lambda r: r.bits_per_dim)
    for source in (
        ref.ATOMS_IN_UNIVERSE.source,
        ref.LAION_5B.source,
        ref.IMAGENET_FULL.source,
        record.citation,
    ):
        first_words = source.split(",")[0].split(" (")[0]
        assert first_words in foot and first_words not in claims, first_words
    assert "68,181,012 (the atoms: an estimate²)" in claims and "sizes³" in claims and "published⁴" in claims
    assert not re.search(r"\d[²³]", claims)  # a mark on a number reads as a power


def test_the_noise_claim_is_carried_by_the_odds_of_noise_looking_like_a_photo():
    """Review 15: claim 4 ("A random point of the space is noise") showed the smallest grey
    square with more versions than atoms, a number about the size of the space (claims 1 and 2
    again) and nothing about noise. Its number is now the bound the talk's step 5 and Random
    images show: the chance that one random 32×32 image is as smooth as a photo, at most
    10^−79, said as a proof with its rounding; the thumbnail stays in the claim's words."""
    html = page_html(open_app())
    claim = html.split("<h4>4. A random point of the space is noise</h4>")[1].split("<h4>5. ")[0]
    odds = talk.noise_odds(talk.DEFAULT_SIDE)
    side = f"{talk.DEFAULT_SIDE}×{talk.DEFAULT_SIDE}"
    label = re.search(r'<div class="bignum-label">(.+?)</div>', claim)
    number = re.search(r'<div class="bignum" style="[^"]*">(.+?)</div>', claim)
    assert label and number, "claim 4 has no big number"
    assert label.group(1) == f"chance that one random {side} colour image is as smooth as a photo"
    assert number.group(1) == f'≤ <span class="pow">10<sup>−{odds.exponent_text}</sup></span>'
    assert odds.exponent_text == "79"
    assert f"(≥\u00a0{odds.threshold:.2f})" in claim  # 0.884 rounded down, on one line
    assert "a proof, not an estimate" in claim and "exponent rounded down" in claim
    assert 'at least <span class="pow">10<sup>68</sup></span> years' in claim  # 10^79 draws at 1,000 a second
    assert "6×6 grey thumbnail has more possible versions" in claim and "6×6 pixels" not in claim


def test_the_hero_claims_only_what_is_computed():
    """Review 15: "every figure computed live" took in the atoms and the datasets' sizes too,
    outside estimates the footnotes source. The hero names what the page works out."""
    hero = next(el.proto.body for el in open_app().get("html") if 'class="hero"' in el.proto.body)
    assert "every figure computed live" not in hero
    assert "its counts, shares and odds computed live." in hero


def test_the_hero_claims_no_more_than_the_odds():
    """Under the first picture, "However often you draw, every random draw looks like the left
    one, never like the right" claimed more than any number on the page: claim 4's is an upper
    bound on the chance, not nil (the talk's step 4 and Random images' title were cut back for
    the same reason, review 15). The hero says what a draw gives and points at the bound."""
    hero = next(el.proto.body for el in open_app().get("html") if 'class="hero"' in el.proto.body)
    said = hero.split("<p>")[1].split("</p>")[0]
    assert "Draw again and again and you get static; how rarely anything like the right comes up is" in said
    assert "is worked out in claim 4." in said
    for overclaim in ("never", "always", "every random draw", "every time", "impossible"):
        assert overclaim not in said, overclaim
