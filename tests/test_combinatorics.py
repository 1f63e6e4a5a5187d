"""lib.combinatorics: counts, comparisons and the post's figures, checked exactly."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib import combinatorics as comb
from lib import reference_figures as ref
from lib.big_numbers import Magnitude

small_formats = st.builds(
    comb.ImageFormat,
    width=st.integers(1, 12),
    height=st.integers(1, 12),
    channels=st.integers(1, 4),
    bits=st.integers(1, 16),
)


@given(small_formats)
@settings(max_examples=120, deadline=None)
def test_count_matches_python_integer(image):
    exact = (2**image.bits) ** (image.width * image.height * image.channels)
    text = str(exact)
    facts = comb.count_facts(comb.count_images(image))
    assert facts.digit_count == len(text)
    assert facts.leading == text[:12]
    assert facts.trailing == text[-12:]
    assert facts.exact == (exact if len(text) <= comb.SHOW_WHOLE_UP_TO else None)
    first, last = comb.edge_digits(comb.count_images(image), 100)
    n = min(100, max(len(text) // 2, 1))
    assert (first, last) == (text[:n], text[-n:])


@given(small_formats, st.integers(1, 5))
@settings(max_examples=60, deadline=None)
def test_count_is_monotone_in_every_input(image, more):
    base = comb.count_images(image)
    for bigger in (
        comb.ImageFormat(image.width + more, image.height, image.channels, image.bits),
        comb.ImageFormat(image.width, image.height + more, image.channels, image.bits),
        comb.ImageFormat(image.width, image.height, image.channels + more, image.bits),
        comb.ImageFormat(image.width, image.height, image.channels, image.bits + more),
    ):
        assert comb.count_images(bigger).compare(base) == 1


def test_phone_photo_of_the_post():
    photo = comb.count_images(comb.DEFAULT)
    facts = comb.count_facts(photo)
    assert str(facts.scientific) == "1.0149·10^68,181,011"
    assert facts.digit_count == 68_181_012
    assert facts.trailing == f"{pow(2, 2304 * 4096 * 3 * 8, 10**12):012d}"
    assert comb.powers_text(comb.DEFAULT) == ("256^28,311,552", "2^226,492,416")
    # The dataset fraction of the brief: about 10^-68,181,004 for ImageNet.
    assert comb.dataset_coverage(photo, ref.IMAGENET_FULL).floor_log10() == -68_181_004


def test_post_claims_put_the_rough_figures_beside_the_exact_ones():
    photo, share_post, share_real = comb.post_claims()
    assert photo.post_says.exponent == 70_000_000
    assert (photo.exactly.mantissa, photo.exactly.exponent) == ("1.0149", 68_181_011)
    assert "68,181,012 digits" in photo.note and "1,818,989" in photo.note
    assert share_post.post_says.exponent == -69_999_993
    # 1.5e7 / 1.0149e68181011 = 1.478e-68181004
    assert (share_post.exactly.mantissa, share_post.exactly.exponent) == ("1.48", -68_181_004)
    assert share_real.exactly.exponent == -68_181_004


@pytest.mark.parametrize("channels,bits,side", [(1, 8, 6), (3, 8, 4), (1, 1, 17), (4, 32, 2), (64, 32, 1)])
def test_smallest_square_beating_the_atoms(channels, bits, side):
    atoms = 10**80
    assert comb.smallest_square_exceeding(ref.ATOMS_IN_UNIVERSE.magnitude, channels, bits) == side
    assert 2 ** (side * side * channels * bits) > atoms
    if side > 1:
        assert 2 ** ((side - 1) ** 2 * channels * bits) <= atoms


@given(
    st.integers(1, 8),
    st.integers(1, 16),
    st.integers(1, 12),
    st.integers(-1, 1),
    st.sampled_from([1, 3, 5, 7]),
)
@settings(max_examples=80, deadline=None)
def test_smallest_square_against_brute_force(channels, bits, boundary_side, step, odd):
    """Targets at and beside a boundary, 2^(s²·channels·bits): a power of two there must be
    exceeded, not equalled. (Powers of two times a small odd number also factorise at once;
    a target such as 7·10^400 + 3 made ``Magnitude.of`` trial-divide for ~0.3 s an example.)"""
    target = 2 ** max(boundary_side**2 * channels * bits + step, 0) * odd
    side = comb.smallest_square_exceeding(Magnitude.of(target), channels, bits)
    assert 2 ** (side * side * channels * bits) > target
    assert side == 1 or 2 ** ((side - 1) ** 2 * channels * bits) <= target


def test_enumeration_time_is_exact_arithmetic():
    tiny = comb.count_images(comb.ImageFormat(4, 4, 1, 1))  # 65,536 icons
    every_icon = comb.enumeration_rates()[0]
    t = comb.enumeration_time(tiny, every_icon)
    years = Fraction(65536, 100) / 31_557_600
    assert t.years == Magnitude.of(years)
    assert t.universe_ages == Magnitude.of(years / Fraction("13.787e9"))
    # Every Icon itself: 2^1024 icons at 100 per second, ~5.7·10^298 years.
    icon = comb.enumeration_time(comb.count_images(comb.PRESETS_BY_KEY["every_icon"].image), every_icon)
    assert icon.years.scientific(2).exponent == 298


def test_planck_times_since_big_bang_is_derived_from_its_sources():
    derived = ref.planck_times_since_big_bang().scientific(3)
    assert (derived.mantissa, derived.exponent) == ("8.07", 60)
    assert ref.PLANCK_TIMES.magnitude.scientific(3) == derived


def test_nested_universes():
    photo = comb.count_images(comb.DEFAULT)
    k = comb.nested_yardsticks_needed(photo, ref.ATOMS_IN_UNIVERSE)
    assert k == 852_263  # 80·852,262 < 68,181,011.006 < 80·852,263
    small = Magnitude.of(10**160 + 1)
    assert comb.nested_yardsticks_needed(small, ref.ATOMS_IN_UNIVERSE) == 3
    assert comb.nested_yardsticks_needed(Magnitude.of(10**160), ref.ATOMS_IN_UNIVERSE) == 2


def test_every_preset_is_valid_and_named():
    keys = {p.key for p in comb.PRESETS}
    assert {"phone", "mnist", "cifar10", "imagenet", "uhd4k", "uhd8k", "every_icon", "babel"} <= keys
    assert comb.PRESETS_BY_KEY["babel"].image == comb.ImageFormat(640, 416, 3, 4)
    assert comb.PRESETS_BY_KEY["every_icon"].image.levels == 2
    assert len({p.image for p in comb.PRESETS}) == len(comb.PRESETS)  # each preset names one format


def test_bt2020_presets_are_10_bit():
    """Issue 10, item 10: ITU-R BT.2020 defines only 10- and 12-bit coding."""
    for key in ("uhd4k", "uhd8k"):
        preset = comb.PRESETS_BY_KEY[key]
        assert preset.image.bits in (10, 12) and "8-bit" not in preset.name + preset.note
    photo = (ref.PHONE_PHOTO_WIDTH, ref.PHONE_PHOTO_HEIGHT, ref.PHONE_PHOTO_CHANNELS, ref.PHONE_PHOTO_BITS)
    assert (comb.DEFAULT.width, comb.DEFAULT.height, comb.DEFAULT.channels, comb.DEFAULT.bits) == photo


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(width=0, height=1, channels=1, bits=8),
        dict(width=1, height=-1, channels=1, bits=8),
        dict(width=1, height=1, channels=0, bits=8),
        dict(width=1, height=1, channels=1, bits=33),
        dict(width=10**13, height=1, channels=1, bits=8),
        dict(width=1.5, height=1, channels=1, bits=8),
        dict(width=True, height=1, channels=1, bits=8),
    ],
)
def test_bad_formats_raise_value_error(kwargs):
    with pytest.raises(ValueError):
        comb.ImageFormat(**kwargs)


def test_extreme_sizes_stay_exact_and_finite():
    """10^9 × 10^9 pixels, 64 channels, 32 bits (the issue's floor) and the app's maximum."""
    for image in (
        comb.ImageFormat(10**9, 10**9, 64, 32),
        comb.ImageFormat(comb.MAX_SIDE, comb.MAX_SIDE, comb.MAX_CHANNELS, comb.MAX_BITS),
    ):
        count = comb.count_images(image)
        facts = comb.count_facts(count)
        assert facts.digit_count == int(count.log10(0)) + 1
        share = comb.dataset_coverage(count, ref.LAION_5B)
        assert share.scientific(3).exponent < -(10**20)
        for rate in comb.enumeration_rates():
            assert comb.enumeration_time(count, rate).universe_ages.scientific(3).exponent > 10**20
        points = comb.log10_count_by_side(
            image.channels, image.bits, comb.chart_sides((image.width * image.height) ** 0.5)
        )
        assert all(p.log10_count < 1e300 for p in points)


def test_chart_sides_span_the_current_image():
    sides = comb.chart_sides(2304 * 4096**0.5)
    assert sides[0] == 1 and sides[-1] >= 4 * 2304 * 4096**0.5 / 1.25
    assert sides == sorted(set(sides))
    # One curve for nearby sizes (the chart keeps it): every width from 100 to 199 at 4,096.
    assert len({tuple(comb.chart_sides((w * 4096) ** 0.5)) for w in range(100, 200)}) == 1
    points = comb.log10_count_by_side(1, 8, [6])
    assert points[0].log10_count == pytest.approx(36 * 8 * 0.30102999566398)


def test_nested_yardsticks_at_exact_equality():
    """Issue 10, item 17: 1.5^1933 needs exactly 1933 nested 1.5s (`>= 0` → `> 0` gives 1934)."""
    one_and_a_half = ref.Reference("x", "one and a half", "1.5", "", "test")
    assert comb.nested_yardsticks_needed(Magnitude.power(Fraction(3, 2), 1933), one_and_a_half) == 1933
    bigger = Magnitude.power(Fraction(3, 2), 1933) * Fraction(1001, 1000)
    assert comb.nested_yardsticks_needed(bigger, one_and_a_half) == 1934
    assert comb.nested_yardsticks_needed(Magnitude.of(10**80), ref.ATOMS_IN_UNIVERSE) == 1
    assert comb.nested_yardsticks_needed(Magnitude.of(2), ref.ATOMS_IN_UNIVERSE) == 1


@given(st.integers(2, 10**6), st.integers(1, 10**6), st.sampled_from(["999/1000", "1", "1001/1000"]))
@settings(max_examples=60, deadline=None)
def test_nested_yardsticks_around_exact_powers(base, power, factor):
    """base^power·f needs power yardsticks of size base for f ≤ 1 and power + 1 above."""
    target = Magnitude.power(base, power) * Fraction(factor)
    k = comb.nested_yardsticks_needed(target, ref.Reference("b", "b", str(base), "", "t"))
    assert k == power + (Fraction(factor) > 1)


@pytest.mark.parametrize("base", [2, 10, 50])
@pytest.mark.parametrize("power", [1, 2, 40])
@pytest.mark.parametrize("extra", [0, 1])
def test_nested_yardsticks_against_integers(base, power, extra):
    """The smallest k with base^k ≥ n, checked with Python integers: n at a power of the
    yardstick (k is that power, 1 included) and one past it (one more), for bases and powers
    at both ends of the ranges a random draw of them used to pick from (60 draws, 0.5 CPU-s)."""
    n = base**power + extra
    k = comb.nested_yardsticks_needed(Magnitude.of(n), ref.Reference("b", "b", str(base), "", "t"))
    assert base**k >= n and (k == 1 or base ** (k - 1) < n)


def test_nested_yardsticks_are_computed_not_stepped():
    """Issue 10, item 14: near 3·10^28 total bits the old loop took ~10^10 steps."""
    huge = Magnitude.power(2, 3 * 10**28)
    k = comb.nested_yardsticks_needed(huge, ref.ATOMS_IN_UNIVERSE)
    # 80·k ≥ 3·10^28·log10(2) > 80·(k-1), decided with 60 decimals of log10(2)
    log2 = Fraction("0.301029995663981195213738894724493026768189881462108541310430")
    assert 80 * (k - 1) < 3 * 10**28 * log2 < 80 * k
    maximum = comb.count_images(
        comb.ImageFormat(comb.MAX_SIDE, comb.MAX_SIDE, comb.MAX_CHANNELS, comb.MAX_BITS)
    )
    assert comb.nested_yardsticks_needed(maximum, ref.ATOMS_IN_UNIVERSE) > 10**26


def test_shares_at_or_above_one_cover_everything():
    """Issue 10, item 3: a share is at most 1; more items than images means "all of them"."""
    two_images = comb.count_images(comb.ImageFormat(1, 1, 1, 1))
    assert comb.covers_everything(comb.dataset_coverage(two_images, ref.MNIST))
    assert not comb.covers_everything(comb.dataset_coverage(comb.count_images(comb.DEFAULT), ref.LAION_5B))
    assert comb.covers_everything(Magnitude.of(1))
    numbers = comb.view_numbers("2 images", two_images)
    assert numbers["share covered by MNIST (70,000 images)"].startswith("could cover all of them")


def test_smallest_and_largest_datasets():
    """Issue 10, item 8: CIFAR-10's 60,000 images are fewer than MNIST's 70,000."""
    small, large = comb.smallest_and_largest()
    assert (small.key, large.key) == ("cifar10", "laion5b")


def test_a_mantissa_is_one_only_when_the_number_is_a_power_of_ten():
    """Issue 10, item 6."""
    assert str(comb.scientific(comb.count_images(comb.ImageFormat(28738, 1, 1, 1)), 5)) == "1.0000·10^8,651"
    assert str(comb.scientific(Magnitude.of(10**80))) == "1·10^80"
    assert (
        comb.count_facts(comb.count_images(comb.ImageFormat(28738, 1, 1, 1))).scientific.mantissa == "1.0000"
    )


@pytest.mark.parametrize("digits", [1, 81, 4_799, 4_800, 4_801, 68_181_012, 10**28 + 7])
def test_printed_digits(digits):
    """Issue 12: pages, books and length of the digits, exact (integers and fractions)."""
    p = comb.printed(digits)
    per_page = comb.DIGITS_PER_LINE * comb.LINES_PER_PAGE
    assert (p.pages - 1) * per_page < digits <= p.pages * per_page
    assert (p.books - 1) * comb.PAGES_PER_BOOK < p.pages <= p.books * comb.PAGES_PER_BOOK
    assert p.line_mm == Fraction(digits * 6 * 127, 360)  # 6 pt a digit, 127/360 mm a point


def test_bremermann_cites_its_form():
    """Issue 10, item 9: the c²/h form is the one used; the 1962 figure is stated beside it."""
    c, h = 299_792_458, Fraction("6.62607015e-34")  # exact SI values (m/s, J·s)
    limit = Fraction(ref.BREMERMANN_LIMIT.value)
    assert abs(limit / (Fraction(c * c) / h) - 1) < Fraction(5, 10**5), "c²/h to 5 significant digits"
    assert "c²/h = 1.3564×10^50" in ref.BREMERMANN_LIMIT.source
    assert "2×10^47 bits per second per gram" in ref.BREMERMANN_LIMIT.source
    for rate in comb.enumeration_rates()[1:]:
        assert rate.sources[0] == ref.BREMERMANN_LIMIT.source


@pytest.mark.parametrize(
    ("digits", "headline"),
    [(7_400, "2 pages"), (2_400_000, "500 pages"), (2_400_001, "2 books"), (68_181_012, "29 books")],
)
def test_printed_out_headline_says_what_its_body_says(digits, headline):
    """Review 9: 32×32 RGB (7,400 digits) headlined "1 book" over a body of 2 pages: under a
    book, the headline is the page count."""
    import re

    from lib import count_cards

    card = count_cards.scale_card(comb.count_facts(Magnitude.power(10, digits - 1)))
    figure = re.sub(r"<[^>]+>", "", re.search(r'<div class="figure">(.*?)</div>', card).group(1))
    assert figure == headline
