"""The noise odds' shown figures agree by hand: "≤ 10^−x", "at least 10^x images" and "at least
10^E years at 1,000 a second" are each worked out from the one before as it is shown, wherever
the app says them (Random images' odds, the room's line, the talk's steps 5 and 6).

Review 11 (Sampling-4, Talk-3): the page showed "≤ 10^−76" and "at least 10^66 years"; a student
dividing 10^76 by 1,000 a second and 3.16·10^7 seconds a year gets 3·10^65. The years came from
the unrounded bound (10^−76.89), the exponent was shown rounded down.
"""

from __future__ import annotations

import re
from fractions import Fraction

import pytest
from conftest import open_app, page_html

from lib import reference_figures as ref
from lib import room_yardsticks as yardsticks
from lib import statistics as stats
from lib import talk
from lib.room_search import RoomSearch
from lib.sampling_text import odds_caption
from lib.talk import words as say

#: A Julian year, as the bound's wait counts it.
SECONDS_PER_YEAR = int(ref.SECONDS_PER_YEAR.value)
SUP = r'(?:<span class="pow">)?10<sup>([\d,]+)</sup>(?:</span>)?'


def years_by_hand(draws_exponent: int, draws_per_second: int) -> int:
    """E with 10^E ≤ 10^x / (rate · a year) < 10^(E+1): what a reader gets from the shown x."""
    divisor = draws_per_second * SECONDS_PER_YEAR  # 31,557,600,000: 11 digits, not a power of 10
    exponent = draws_exponent - len(str(divisor))  # so 10^x / divisor lies in (10^E, 10^(E+1))
    years = Fraction(10 ** (draws_exponent - exponent), divisor)  # that quotient over 10^E
    assert 1 <= years < 10
    return exponent


def number(text: str) -> int:
    return int(text.replace(",", ""))


def test_a_worked_example_by_hand():
    # 10^76 draws / 1,000 a second / 31,557,600 s a year = 3.2·10^65 years: 10^65, not 10^66.
    assert years_by_hand(76, 1000) == 65


@pytest.mark.parametrize("side", [side for side in talk.SIDES if side >= 16])
def test_the_odds_caption_gives_the_years_of_its_own_draws(side):
    caption = odds_caption(stats.bound_at_centi(side, 3, 85), 1000)
    draws, years = re.search(
        rf"at least 10<sup>([\d,]+)</sup> images.*at least {SUP} years", caption
    ).groups()
    assert number(years) == years_by_hand(number(draws), 1000), caption


def test_random_images_first_view_agrees_by_hand():
    html = page_html(open_app("pages/2_Sampling.py"))
    chance = number(re.search(r"≤ 10<sup>−([\d,]+)</sup>", html)[1])
    draws, years = re.search(
        rf"draw at least 10<sup>([\d,]+)</sup> images.*?at least {SUP} years", html
    ).groups()
    assert number(draws) == chance  # the bound's reciprocal, as shown
    assert number(years) == years_by_hand(chance, 1000), html
    # The room's line on the same page says the same wait for the same event (≥ 0.85, 32×32 RGB).
    room = re.search(rf"takes at least {SUP} years", html)
    assert room and number(room[1]) == number(years)


def test_the_talks_odds_step_and_room_step_agree_by_hand():
    odds = talk.noise_odds(talk.DEFAULT_SIDE)
    words = say.odds_words(odds)
    chance = number(re.search(r"≤ 10<sup>−([\d,]+)</sup>", words)[1])
    years = number(re.search(rf"at least <b>{SUP} years</b>", words)[1])
    assert years == years_by_hand(chance, talk.DRAWS_PER_SECOND), words
    # Step 6 (the room) names the same event at the same pace: the same years.
    tally = RoomSearch(clock=lambda: 0.0).snapshot()
    _, line = yardsticks.panel_words(tally, odds.photo_correlation)  # as Random images says it
    assert re.search(rf"at least {SUP} years", line)[1] == f"{years:,}", line
    slide = yardsticks.slide_words(tally, odds.photo_correlation).line  # as the talk's slide says it
    assert re.search(rf"≥\u00a0{SUP} years at 1,000 a second", slide)[1] == f"{years:,}", slide


@pytest.mark.parametrize("seed", range(20))
def test_the_threshold_is_the_real_median_rounded_down(seed):
    """The odds aim at the real samples' median neighbour correlation, NaNs (flat photos) left
    out, rounded down to 0.01: against Python's own median, and Fraction for the rounding."""
    import statistics

    import numpy as np

    rng = np.random.default_rng(seed)
    values = rng.uniform(-0.3, 1.0, rng.integers(1, 12))
    values[rng.random(values.size) < 0.3] = np.nan
    finite = [float(v) for v in values if v == v]
    aim = stats.real_threshold_centi(values)
    if not finite or statistics.median(finite) <= 0:
        assert aim is None
        return
    median = statistics.median(finite)
    assert aim is not None and aim[0] == pytest.approx(median, abs=1e-15)
    assert aim[1] == int(Fraction(median) * 100 // 1)
