"""The talk (pages/4_Talk.py and lib/talk.py): steps from links, keys, live inputs, exact figures,
and presentation mode on every page (lib/ui.py)."""

from __future__ import annotations

import functools
import html
import itertools
import math
import re
from fractions import Fraction

import numpy as np
import pytest
from conftest import open_app, page_html
from talk_chart_reading import FIGURE, read_talk_chart, talk_charts

from lib import combinatorics as comb
from lib import photo_corpus as corpus
from lib import talk, ui
from lib.big_numbers import Magnitude, Scientific
from lib.charts import NOISE, REAL, REFERENCE
from lib.density import effective_space
from lib.reference_figures import PHONE_PHOTO_VALUES

TALK = "pages/4_Talk.py"
LAST = len(talk.STEPS)


def title(at) -> str:
    """The step's title: the page's one <h1> (one st.html, with the step's number in the bar)."""
    (heading,) = re.findall(r"<h1>(.*?)</h1>", page_html(at))
    return html.unescape(heading)


def warnings(at) -> list[str]:
    return [w.value for w in at.warning]


@functools.cache
def step_view(number: int):
    """One run of step ``number``'s link, shared by the tests that only read it (a test that
    clicks or types opens its own)."""
    return open_app(TALK, step=str(number))


def charts(at) -> dict:
    """The talk's charts a run drew (lib.charts.talk: the step's and the hidden others), by
    kind, read back from its HTML; never a Vega chart."""
    assert not at.get("vega_lite_chart")
    return talk_charts(page_html(at))


@pytest.mark.parametrize("number", range(1, LAST + 1))
def test_every_step_opens_from_its_link(number):
    at = step_view(number)
    assert not at.exception, at.exception
    assert title(at) == f"{number}. {talk.STEPS[number - 1].title}"
    assert re.search(
        rf"<b>(<[^>]*>)*Step (<[^>]*>)*{number}(<[^>]*>)* of (<[^>]*>)*{LAST}</b>", page_html(at)
    )
    assert not at.error and not warnings(at)
    # The explore link goes to the step's full page, still presenting.
    links = {el.proto.label: el.proto for el in at.main.get("page_link")}
    explore = next(v for k, v in links.items() if k.startswith("Explore"))
    assert explore.query_string == "present=true"
    assert links["Leave the talk"].query_string == ""
    # No sidebar (presenting, it could never be opened): the bar's menu has every page, presenting.
    assert not at.sidebar.children
    assert all(links[label].query_string == "present=true" for _, label, _ in ui.PAGES)


BAD_STEPS = ["0", "9", "-1", "two", "1.5", "<b>x</b>", "9" * 60, "", "٣"]


@pytest.mark.parametrize("asked", BAD_STEPS)
def test_a_bad_step_is_step_one_with_a_short_message(asked):
    number, message = talk.step_from_link([asked])
    assert number == 1 and message is not None
    assert "Showing step 1" in message and "There is no step" in message
    assert len(message) < 200


@pytest.mark.parametrize("asked", ["9", "<b>x</b>" + "9" * 60])
def test_a_bad_step_says_so_escaped_and_shows_step_one(open_page, asked):
    """On the page: one past the last step, and markup past the length cut (every other bad
    step takes the same line of ``step_from_link``, checked above)."""
    at = open_page(TALK, step=asked)
    assert not at.exception
    assert title(at).startswith("1. ")
    (message,) = warnings(at)
    assert "Showing step 1" in message and "There is no step" in message
    assert "<b>" not in message  # escaped: markdown shows it literally
    assert len(message) < 200


def test_no_step_is_step_one_without_a_message(open_page):
    at = open_page(TALK)
    assert title(at).startswith("1. ") and not warnings(at)


def test_repeated_step_uses_the_last_and_says_so(open_page):
    at = open_page(TALK, step=["2", "5"])
    assert title(at).startswith("5. ")
    assert any("more than once" in w for w in warnings(at))


#: One visitor's clicks through the deck from step 1: every control once, each end tried.
CLICKS = [
    ("back", 1),  # at the first step, back stays
    ("next", 2),
    ("last", LAST),
    ("next", LAST),  # at the last step, next stays
    ("back", LAST - 1),
    ("first", 1),
    ("right", 2),
    ("space", 3),
    ("left", 2),
]


def test_every_control_moves_the_deck(open_page):
    at = open_page(TALK, step="1")
    for key, expected in CLICKS:
        at.button(key=f"talk-{key}").click().run()
        assert not at.exception, key
        assert title(at).startswith(f"{expected}. "), key
        assert at.query_params["step"] == str(expected), key


def test_each_key_has_its_button_and_shortcut():
    """Streamlit takes one shortcut per button: the clicker's keys are spread over seven."""
    at = step_view(3)
    shortcuts = {
        b.proto.id.rsplit("-", 1)[-1]: b.proto.shortcut for b in at.button if b.key.startswith("talk-")
    }
    wanted = {
        "first": "home",
        "back": "pageup",
        "next": "pagedown",
        "last": "end",
        "right": "right",
        "space": "space",
        "left": "left",
    }
    for key, shortcut in wanted.items():
        assert shortcuts.get(key, "").lower() == shortcut, (key, shortcuts)


def test_step_one_is_the_posts_photo_exactly():
    at = step_view(1)
    html = page_html(at)
    assert "1.0149 × 10<sup>68,181,011</sup>" in html
    assert "68,181,012 digits" in html
    count = Magnitude.power(2, 2304 * 4096 * 3 * 8)
    assert count.leading_digits(50) in html and count.trailing_digits(50) in html
    assert "68,179,612 more digits" in html  # 68,181,012 − 1,100 − 300 shown
    # The big figure is rounded and says so; only the digits written out are exact.
    assert "the big figure is rounded to 5 significant digits" in html and "Every digit exact" not in html
    # Plain words, the method last in the foot (review 7: "(integer and interval arithmetic)").
    assert "exact, never rounded" in html and "integer and interval arithmetic" not in html


def test_home_says_what_is_exact_in_plain_words_and_the_method_in_a_footnote(open_page):
    """Review 7: "(integer and interval arithmetic)" and "floating-point" in the sentence itself."""
    (caption,) = [c.value for c in open_page().caption if "What is exact here" in c.value]
    words, footnote = caption.split("\n\n")
    assert "without rounding.¹" in words and "computed to about 15 significant digits, not exactly" in words
    for method in ("interval", "integer", "floating"):
        assert method not in words and footnote.startswith("¹ How:")
    assert "interval arithmetic" in footnote and "floating-point" in footnote


def test_the_talk_prints_the_count_on_the_combinatorics_pages_scale(open_page):
    """One scale everywhere: the talk's books are the ones the Combinatorics page shows."""
    pages = math.ceil(68_181_012 / (80 * 60))  # 80 digits a line, 60 lines a page
    books = math.ceil(pages / 500)
    assert (pages, books) == (14_205, 29)
    assert f"{books} books of 500 pages" in page_html(step_view(1))
    assert f"{books} books" in page_html(open_page("pages/1_Combinatorics.py"))


def test_and_a_28_by_28_digit(open_page):
    """The speaker answers from the step itself: 256^784 has 1,889 digits."""
    at = open_page(TALK, step="1", image="28", colour="grey")
    html = page_html(at)
    digits = str(256**784)
    assert (
        digits[: talk.LEADING_DIGITS] + " <b>… 489 more digits …</b> " + digits[-talk.TRAILING_DIGITS :]
        in html
    )
    assert "1,889 digits" in html
    at = open_page(TALK, step="1", image="2x3", colour="grey")
    assert '<p class="talk-wall">' + str(256**6) + "</p>" in page_html(at)  # short: shown whole
    at = open_page(TALK, step="2", image="28x28", colour="grey")
    assert "10<sup>1,808</sup>" in page_html(at)  # 256^784 / 10^80 ≈ 1.07·10^1808


@pytest.mark.parametrize(
    ("image", "step", "said"),
    [
        ("28", 1, "a number of <b>1,889 digits</b>. Printed, 24 lines."),  # 24 of a page's 60
        ("100", 1, "a number of <b>24,083 digits</b>. Printed, 6 pages."),
        ("2304x4096", 1, "Printed, 29 books of 500 pages."),
        ("5", 3, "starts with <b>50 zeros</b>: 1 line of nothing but zeros before its first digit."),
        ("2304x4096", 3, "<b>68,181,001 zeros</b>: 29 books of nothing but zeros before its first digit."),
    ],
)
def test_the_talk_prints_no_more_paper_than_the_digits_fill(open_page, image, step, said):
    """Steps 1 and 3 said "1 book of 500 pages" of the 1,889 digits of a 28×28 grey digit's count
    (24 lines) and "1 book of nothing but zeros" of 50 zeros: a book's claim for a few lines. They
    say it as How many images?' "Printed out" card does (review 11, Comb-3): books past one
    book, pages up to one, lines within a page."""
    html = page_html(
        open_page(TALK, step=str(step), image=image, colour="grey" if image != "2304x4096" else "rgb")
    )
    assert said in html
    if "books" not in said:
        assert "book" not in html.split('<p class="talk-foot">')[0]


def test_steps_two_and_three_claim_no_more_than_a_tiny_images_numbers(open_page):
    """A speaker may type any size into steps 1–3. For 5×5 grey (256^25 ≈ 1.6·10^60 images) step 2
    was titled "It dwarfs the atoms of the universe" beside 1.61 × 10^−20 "times as many images as
    atoms" and said "it takes 1 levels of universes"; for 2×2 grey step 3's title called a share
    LAION-5B could hold whole "a vanishing speck". The titles and words say what the numbers do;
    the post's photo and a 6×6 thumbnail (the smallest past the atoms) keep the deck's."""
    at = open_page(TALK, step="2", image="5", colour="grey")
    assert title(at) == "2. At this size, the atoms outnumber the images"
    words = page_html(at)
    assert "images for each atom in the universe" in words and "1.61 × 10<sup>−20</sup>" in words
    assert "The atoms of one universe already outnumber these images." in words and "1 levels" not in words
    at = open_page(TALK, step="2", image="6", colour="grey")
    assert title(at) == "2. It dwarfs the atoms of the universe"
    assert "<b>2 levels</b> of universes" in page_html(at)
    at = open_page(TALK, step="3", image="2", colour="grey")
    assert title(at) == "3. At this size, a dataset could hold every image"
    assert "LAION-5B could hold them all" in page_html(at)
    assert title(open_page(TALK, step="3", image="5", colour="grey")) == "3. " + talk.STEPS[2].title
    assert title(step_view(2)) == "2. " + talk.STEPS[1].title  # the post's photo


@pytest.mark.parametrize("number", [1, 2, 3, 5])
def test_steps_lead_with_the_number_and_the_inputs_follow(number):
    """Review 9: steps 1–3 opened with the image size and colour inputs, the big number under
    them (step 5 with the side's pills); now the number and its words come first, the inputs
    after them."""
    from conftest import _in_page_order

    def what(el) -> str | None:
        if type(el).__name__ == "Html" and 'class="talk-big"' in el.proto.body:
            return "number"
        return {"image": "size", "colour": "colour", "side": "side"}.get(getattr(el, "key", None))

    seen = [kind for el in _in_page_order(step_view(number)._tree) if (kind := what(el))]
    assert seen == (["number", "side"] if number == 5 else ["number", "size", "colour"])


@pytest.mark.parametrize("typed", ["abc", "0x5", "99999999", "<script>", "1e9", "1000001"])
def test_a_bad_image_size_is_refused_with_a_sentence(typed):
    with pytest.raises(ValueError, match=r"not an image size|Each side must be"):
        talk.parse_image_size(typed)


@pytest.mark.parametrize("typed", ["0x5", "<script>"])
def test_a_bad_image_size_says_so_and_shows_the_post(open_page, typed):
    """On the page: a side out of range, and text that is no size (each of the others above
    takes one of these two lines of ``parse_image_size``)."""
    at = open_page(TALK, step="1", image=typed)
    assert not at.exception
    assert any("Showing the post's 2304×4096" in w for w in warnings(at))
    assert "1.0149 × 10<sup>68,181,011</sup>" in page_html(at)


def test_step_two_chart_puts_the_atoms_against_the_count():
    at = step_view(2)
    chart = charts(at)["digits"]
    atoms, photos = chart.bars
    assert atoms.title == "atoms in the universe (~10⁸⁰): 81 digits"
    assert photos.title == "2,304×4,096 RGB 8-bit images: 68,181,012 digits"
    # Each bar's length its share of the axis, which ends at the grid line past the count (70 million).
    assert chart.x[-1][0] == "60 million" and chart.strokes[0]["d"].count("V") == 8
    assert photos.share("width") == pytest.approx(68_181_012 / 70_000_000, abs=1e-4)
    assert atoms.share("width") == pytest.approx(0, abs=1e-4)
    assert photos.style["--c"] == REAL and atoms.style["--c"] == REFERENCE
    # Each in its own row, the atoms' above the count's, the count's words over its bar.
    assert atoms.share("top") + atoms.share("height") < photos.share("top")
    assert "852,263 levels" in page_html(at)
    # Review 9: the atoms' bar is 0 px wide and its label floated over an empty row. Their row
    # has a tick at zero, and its label says the bar is too thin to see.
    (tick,) = chart.ticks
    assert (tick.share("top"), tick.share("height")) == (atoms.share("top"), atoms.share("height"))
    said_atoms, said_count = chart.words
    assert said_atoms.kind == said_count.kind == "row-words"
    assert said_atoms.text.split("\n") == [
        "atoms in the universe (~1080):",
        "81 digits: a bar too thin",
        "to see at this scale",
    ]
    assert "(~10<sup>80</sup>)" in said_atoms.markup
    assert atoms.share("top") < said_atoms.share("top") < atoms.share("top") + atoms.share("height")
    assert said_count.text.split("\n") == ["2,304×4,096 RGB 8-bit images:", "68,181,012 digits"]
    assert 1 - said_count.share("bottom") == photos.share("top") and said_count.style["color"] == REAL
    assert chart.x_title == ["digits of the number (linear scale)"]
    assert "81 digits, a bar too thin to see at this scale" in chart.description


def test_a_small_images_count_is_shorter_than_the_atoms_and_says_no_bar_is_too_thin(open_page):
    """A 5×5 grey image's count has 61 digits, fewer than the atoms' 81: the atoms' bar is the
    longer one, seen, and the words say nothing of a bar too thin to see."""
    chart = charts(open_page(TALK, step="2", image="5", colour="grey"))["digits"]
    atoms, photos = chart.bars
    assert [bar.title for bar in chart.bars] == [
        "atoms in the universe (~10⁸⁰): 81 digits",
        "5×5 grey 8-bit images: 61 digits",
    ]
    assert atoms.share("width") == pytest.approx(81 / 90, abs=1e-4)
    assert photos.share("width") == pytest.approx(61 / 90, abs=1e-4)
    assert [words for words, _, _ in chart.x] == ["0", "20", "40", "60", "80"]
    assert "too thin" not in chart.figure


def test_step_three_writes_the_share_as_a_decimal(open_page):
    html = page_html(step_view(3))
    assert "68,181,001 zeros" in html
    assert "0." + "0" * talk.ZEROS_SHOWN + " <b>… 68,179,701 more zeros …</b>" in html
    assert "576…" in html
    # 68,181,001 zeros at 4,800 a page: 14,205 pages, 29 books of 500.
    assert "29 books of nothing but zeros" in html
    # The decimal goes on with the share's exact digits, not its rounded mantissa's: a 3×3
    # grey image's share is 1.2395…·10^-12, rounded 1.24·10^-12.
    small = page_html(open_page(TALK, step="3", image="3", colour="grey"))
    assert "0." + "0" * 11 + "<b>123…</b>" in small and "1.24 × 10<sup>−12</sup>" in small


def test_step_four_shows_exact_noise_and_a_photo_lossless(open_page, media):
    at = open_page(TALK, step="4", side="28", seed="3")
    noise, photo = media(at)
    assert np.array_equal(noise, corpus.uniform_noise(1, 28, 3)[0])
    assert photo.shape == (28, 28, 3)
    assert "seed 3" in page_html(at)


def test_draw_again_changes_the_seed_in_the_link(open_page):
    at = open_page(TALK, step="4", seed="41")
    at.button(key="talk-draw").click().run()
    assert at.query_params["seed"] == "42"
    assert "seed 42" in page_html(at)


@pytest.mark.parametrize("side", talk.SIDES)
def test_step_four_claims_no_more_than_step_fives_bound_at_its_side(open_page, side):
    """Review 15, Talk-19: step 4 said "static, every time" at every side, where step 5 bounds
    the chance that noise is as smooth as a photo only by 10^−2 at 8×8 (10^−79 at 32×32): a
    speaker choosing 8 and stepping on showed a chance the words had called nil. Step 4 says
    the bound step 5 shows at the same side, as "at most"; the recap's line 4 no "every time"."""
    shown = {}
    for step in (4, 5):
        page = FIGURE.sub("", page_html(open_page(TALK, step=str(step), side=str(side))))  # no chart
        shown[step] = re.findall(
            r"10<sup>−([\d,]+)</sup>", page.split("<h1>")[1].split('<p class="talk-foot">')[0]
        )
    assert shown[4] == [shown[5][0]] == [talk.noise_odds(side).exponent_text], shown
    words = page_html(open_page(TALK, step="4", side=str(side)))
    assert f'is at most <span class="pow">10<sup>−{shown[4][0]}</sup></span>' in words
    assert "every time" not in words and "always" not in words
    assert "exponent rounded down" in words.split('<p class="talk-foot">')[1]
    bits = talk.BitsFigures((("uniform", 8.0),), None, None, "uniform", 8.0, "", Scientific("1", 0))
    assert talk.recap(bits)[3] == "4. a random image is noise"


def test_step_five_shows_the_rigorous_bound_for_the_side(open_page):
    at = open_page(TALK, step="5", side="16")
    odds = talk.noise_odds(16)
    html = page_html(at)
    assert f"≤ 10<sup>−{odds.exponent_text}</sup>" in html
    # Review 9: "typical photo (0.85)" without saying it is the median rounded down.
    assert f"({odds.threshold:.2f}, the median {odds.photo_correlation:.3f} rounded down)" in html
    assert odds.log10_probability <= -float(odds.exponent_text.replace(",", ""))
    # The age of the universe as Random images writes it (review 7: not "~13.787 × 10⁹ years").
    assert "The universe is 13.787 billion years old (Planck 2018)." in html and "× 10<sup>9" not in html
    chart = charts(at)["odds"]
    assert [int(dot.title.split(":")[0].removeprefix("side ")) for dot in chart.dots] == list(talk.SIDES)
    (marked,) = [dot for dot in chart.dots if "marked" in dot.classes]
    assert marked.title == f"side 16: chance at most 10^−{odds.exponent_text}"
    # The marked side's bound written beside its dot, as the slide writes it.
    (said,) = chart.words
    assert said.markup == f"10<sup>−{odds.exponent_text}</sup>" and said.style["color"] == NOISE
    assert (said.style["left"], said.style["bottom"]) == (marked.style["left"], marked.style["bottom"])


def test_step_seven_is_the_learning_pages_default_fit():
    at = step_view(7)
    chart = charts(at)["bits"]
    ladder = talk.model_bits(ui_study_ladder())
    models = [bar for bar in chart.bars if bar.style["--c"] == REAL]
    assert [bar.title for bar in models] == [
        f"{name}: {bits:.3f} bits per value" for name, bits in ladder.rungs
    ]
    assert models[0].title == "uniform: 8.000 bits per value"
    best = min(bits for _, bits in ladder.rungs)
    assert 3 < best < 8
    assert f">{best:.3f}</div>" in page_html(at)
    # Review 9: 5.02 and 8.28 beside Learning's 5.024 and 8.276, with no rounding said: now
    # the same 3 decimals as Memorise or model?'s ladder and cards, and said.
    assert "bits per value (to 3 decimals)" in page_html(at)
    assert chart.x_title == ["bits per value on photos never seen", "(to 3 decimals; 8 = raw pixels)"]
    assert [bar.text for bar in models] == [f"{bits:.3f}" for _, bits in ladder.rungs]  # inside the bars
    assert all('style="color:#FFFFFF"' in bar.markup for bar in models)  # white on blue
    # Each bar its figure's share of the axis from 0 to 10, whole bits labelled; the names in
    # the rows' middles, top to bottom, as the bars.
    assert [bar.share("width") for bar in models] == pytest.approx(
        [bits / 10 for _, bits in ladder.rungs], abs=1e-4
    )
    assert [words for words, _, _ in chart.x] == [str(k) for k in range(11)]
    rows = len(chart.bars)
    assert chart.y == [
        (name, pytest.approx(1 - (i + 0.5) / rows, abs=1e-4)) for i, name in enumerate(n for n, _ in chart.y)
    ]
    assert [name for name, _ in chart.y][: len(models)] == [name for name, _ in ladder.rungs]
    for bar, (_, middle) in zip(chart.bars, chart.y):
        assert bar.share("top") + bar.share("height") / 2 == pytest.approx(1 - middle, abs=2e-4)
    # The raw pixels' dashed line at 8 bits, in the lines' image under the bars.
    (_grid, raw) = chart.strokes
    assert raw["dash"] and raw["colour"] == NOISE and {x for x, _ in raw["points"]} == {800.0}


def test_the_conclusion_recaps_every_step():
    at = step_view(LAST)
    html = page_html(at)
    for fragment in (
        "1.0149 × 10<sup>68,181,011</sup></span> possible phone photos",
        "LAION-5B could cover",
        "bits a value",
    ):
        assert fragment in html
    assert "Exactly 1 −" not in html and "Powers of ten are rounded: to 3 significant digits" in html
    # Step 5's bound, its exponent rounded down (lib.sampling_text.bound_exponent), says so here too.
    bound = (
        f'at most <span class="pow">10<sup>−{talk.noise_odds(talk.DEFAULT_SIDE).exponent_text}</sup></span>'
    )
    assert f"{bound} (exponent rounded down)" in html


@pytest.mark.parametrize("hostile", [{"side": "1e999", "seed": "1e400", "colour": "<i>"}, {"side": "-3"}])
def test_hostile_inputs_never_break_a_step(open_page, hostile):
    for step in ("1", "4", "5"):
        at = open_page(TALK, step=step, **hostile)
        assert not at.exception and not at.error


# -- lib/talk.py ---------------------------------------------------------------------------
@pytest.mark.parametrize("digits", [1, 81, 4_800, 2_400_000, 2_400_001, 68_181_001, 68_181_012])
def test_the_talks_books_are_the_printed_digits_books(digits):
    """The talk prints on lib.printed_digits' scale: 80 digits × 60 lines × 500 pages a book."""
    assert talk.books_to_print(digits) == comb.printed(digits).books == -(-digits // 2_400_000)
    assert talk.PAGES_PER_BOOK == comb.PAGES_PER_BOOK == 500


def test_books_and_zeros_are_exact():
    assert talk.books_to_print(2_400_000) == 1 and talk.books_to_print(2_400_001) == 2
    assert talk.books_to_print(0) == 0
    speck = talk.dataset_speck()
    share = Magnitude.of("5.85e9") / Magnitude.power(2, 226_492_416)
    assert speck.zeros == -share.floor_log10() - 1


def test_a_tiny_image_fits_in_a_dataset():
    assert talk.dataset_speck(comb.ImageFormat(1, 1, 1, 8)).zeros == 0


@pytest.mark.parametrize("side", [8, 32])
def test_the_odds_are_a_bound_below_the_photos_correlation(side):
    odds = talk.noise_odds(side)
    assert odds.threshold <= odds.photo_correlation < odds.threshold + 0.01
    assert odds.log10_probability < 0
    # The wait it states is a true lower bound, in the largest unit it fills, worked out from the
    # exponent as shown, so that the shown figures agree by hand (review 11, Talk-3): at side 8
    # the photo's correlation is low enough that noise reaches it within a second.
    shown = int(odds.exponent_text.replace(",", ""))
    assert shown <= -odds.log10_probability
    seconds = 10**shown / 1_000  # at 1,000 draws a second, expected
    if seconds >= 31_557_600:
        exponent = math.floor(shown - 3 - math.log10(31_557_600) - 1e-6)
        assert odds.wait == f"10^{exponent:,} years"
    elif seconds < 1:
        assert odds.wait == "a fraction of a second"
    else:
        count, unit = odds.wait.split()
        length = {"day": 86_400, "hour": 3_600, "minute": 60, "second": 1}[unit.rstrip("s")]
        assert int(count.replace(",", "")) * length <= seconds < (int(count.replace(",", "")) + 1) * length
    assert (side == 8) == (odds.wait == "a fraction of a second")


def test_the_odds_axis_says_each_line_multiplies_the_exponent():
    """Step 5's y axis is a log of a log (10⁻¹, 10⁻¹⁰, 10⁻¹⁰⁰ …): its title says each line is the
    exponent times ten, which its ticks must keep true (review 13, Talk-12), evenly spaced down
    the axis (the chance falls down it), each with a grid line."""
    from lib.charts import talk as talk_charts

    chart = read_talk_chart(talk_charts.odds_chart([(8, 20.5), (16, 95.0), (32, 400.0), (256, 25_000.0)], 32))
    exponents = [int(html_text(words).removeprefix("10−").replace(",", "")) for words, _ in chart.y]
    assert exponents == [10, 100, 1_000, 10_000, 100_000]  # whole decades round 20.5 to 25,000
    assert all(b == 10 * a for a, b in itertools.pairwise(exponents))
    places = [at for _, at in chart.y]
    assert places[0] == 1 and places[-1] == 0  # evenly down the plot, the first at its top
    assert all(a - b == pytest.approx(0.25) for a, b in itertools.pairwise(places))
    assert chart.strokes[0]["d"].count("H") == len(places)
    assert chart.y_title == ["chance, at most", "(each line: the exponent ×10)"]
    assert chart.x_title == ["noise image side", "(pixels, RGB)"]
    # The sides' axis: powers of two only (28 beside 32 ran into it); each dot a side's bound.
    assert [words for words, _, _ in chart.x] == ["8", "16", "32", "256"]
    assert [dot.title for dot in chart.dots] == [
        "side 8: chance at most 10^−20",
        "side 16: chance at most 10^−95",
        "side 32: chance at most 10^−400",
        "side 256: chance at most 10^−25,000",
    ]
    # The line through the dots, falling; the marked dot's words off it, in the plot.
    (_grid, line) = chart.strokes
    assert line["colour"] == NOISE and len(line["points"]) == 4
    assert [y for _, y in line["points"]] == sorted(y for _, y in line["points"])  # SVG y grows downwards
    (said,) = chart.words
    assert said.markup == "10<sup>−400</sup>" and said.classes == ("words", "down-left")  # right half
    early = talk_charts.odds_chart([(8, 20.5), (16, 95.0), (32, 400.0), (256, 25_000.0)], 16)
    assert '"words up-right"' in early and '"words down-left"' not in early


# -- presentation mode on every page (lib/ui.py) ----------------------------------------------
@pytest.mark.parametrize("page", ["streamlit_app.py", "pages/1_Combinatorics.py", "pages/2_Sampling.py"])
def test_presentation_mode_keeps_itself_in_every_link(page):
    at = presenting_view(page)
    assert not at.exception
    bar = [el.proto for el in at.main.get("page_link") if el.proto.label in {"The talk", "The argument"}]
    assert bar and all(link.query_string == "present=true" for link in bar)
    sidebar = [el.proto.query_string for el in at.sidebar.get("page_link")]
    assert sidebar and set(sidebar) == {"present=true"}
    assert any(
        re.search(r"html \{ font-size: clamp\(\d+px, 1\.4584vw", el.proto.body) for el in at.get("html")
    )


@functools.cache
def presenting_view(page: str):
    """One run of ``page`` with ?present=true, shared by the tests that only read it."""
    return open_app(page, present="true")


def test_homes_links_keep_presentation_mode():
    at = presenting_view("streamlit_app.py")
    links = {el.proto.label: el.proto.query_string for el in at.main.get("page_link")}
    assert links["See random images next to real photos"] == "present=true"


def test_leaving_presentation_mode(open_page):
    at = open_page("pages/1_Combinatorics.py", present="true")
    at.button(key="present-exit").click().run()
    assert at.query_params.get("present") != "true"
    assert not [el for el in at.get("html") if "1.4584vw" in el.proto.body]
    assert {el.proto.query_string for el in at.sidebar.get("page_link")} == {""}


def test_the_presentation_toggle_is_told_its_value_only_when_it_moves(open_page):
    """Issue 14: the link decides presentation mode and the sidebar's toggle follows it, but a
    value set through Session State makes the browser redraw the toggle after drawing it, on
    every whole-page rerun: it is set only when the link and the toggle disagree."""

    def toggle(at):
        return at.sidebar.toggle(key="present-toggle")

    at = open_page("pages/1_Combinatorics.py")
    assert not toggle(at).value
    at.text_input(key="w").set_value("32").run()  # a rerun with nothing about the mode changed
    assert not toggle(at).value and not toggle(at).proto.set_value
    toggle(at).set_value(True).run()  # the visitor turns it on: the link follows, then the page
    assert at.query_params.get("present") == "true" and toggle(at).value
    at.text_input(key="w").set_value("33").run()
    assert toggle(at).value and not toggle(at).proto.set_value
    at.button(key="present-exit").click().run()  # the bar's way out changes the link alone
    assert toggle(at).proto.set_value and not toggle(at).value


def test_without_presentation_mode_links_carry_nothing(open_page):
    at = open_page("pages/1_Combinatorics.py")
    assert {el.proto.query_string for el in at.sidebar.get("page_link")} == {""}
    assert not [el for el in at.main.get("page_link") if el.proto.label == "The talk"]


def test_the_talks_charts_escape_every_word_they_are_given():
    """The charts' words come from the app's figures (an image's size as parsed, the models'
    names), but the builders take text: none of it is ever markup on the page, in the words on
    the plot, the names at its side, the hover texts or what a screen reader is told."""
    from lib.charts import talk as talk_charts

    hostile = '<img src=x onerror="alert(1)">'
    for chart in (
        talk_charts.digits_chart(f"{hostile} images", 68_181_012, 81),
        talk_charts.bits_chart([(hostile, 8.0), ("Gaussian", 7.1)], 5.3, None),
    ):
        assert "<img src=x" not in chart and 'onerror="' not in chart
        read = read_talk_chart(chart)
        said = [m.title for m in read.bars] + [m.text for m in read.words] + [name for name, _ in read.y]
        assert any(hostile in words for words in said) and hostile in read.description


def test_the_digits_axis_writes_numbers_in_the_vega_axes_words():
    """Step 2's axis says "20 million", not "20M" (read as megabytes): review 7. Its words are the
    Vega axes' label expression's (tests/vega_number_words.py, run by Node) at every
    tick of a count's axis from 1 digit to the largest image's 7.2 trillion, and a power of ten
    past the quintillions (where the expression wrote 10²¹ for 3·10²¹ too)."""
    from vega_number_words import NUMBER_WORDS, vega_labels

    from lib.charts.talk_marks import count_words, linear_ticks

    ticks = sorted(
        {t for high in (7, 61, 81, 9_999, 68_181_012, 4.1e9, 7.2e12, 9e20) for t in linear_ticks(high).grid}
    )
    assert [count_words(t) for t in ticks] == vega_labels(NUMBER_WORDS, [int(t) for t in ticks])
    assert "20 million" in [count_words(t) for t in ticks]
    assert count_words(3e21) == "3 × 10²¹" and count_words(1e22) == "10²²"


#: On a phone: sideways overflow, the charts (test_talk_browser.TALK_CHARTS), type sizes.
PHONE_MEASURE = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const px = sel => [...main.querySelectorAll(sel)].map(e => parseFloat(getComputedStyle(e).fontSize));
  const charts = (TALK_CHARTS)(main);
  const columns = [...main.querySelectorAll('.st-key-talk-columns [data-testid="stColumn"]')]
    .map(c => c.getBoundingClientRect()).filter(r => r.height > 0);
  return {
    sideways: Math.max(document.documentElement.scrollWidth, main.scrollWidth) - window.innerWidth,
    charts, text: px('.talk-text'), foot: px('.talk-foot'), bar: px('.st-key-talk-bar p'),
    stacked: columns.slice(1).map((c, i) => c.top - columns[i].bottom),
  };
}"""


#: The phone's visit: a chart's step as its first load (its chart drawn on screen), then the
#: steps a clicker's keys lead to (their charts drawn hidden with the page, shown by the key).
PHONE_VISIT = (*(("PageDown", n) for n in range(3, 8)), ("Home", 1))
PHONE_JUDGED = (2, 5, 7, 1)


def test_the_talk_on_a_phone(app_server, tab):
    """At 390×844 a step fits the screen's width (the big figure scales down: step 1's
    exponent ran 20 px past the edge), each chart has the full width with a plot a third of
    it wide and marks drawn (steps 2 and 7 had none, their names past the chart's edge), no
    word of a chart is cut or runs into another, and the type is readable (the words were 12
    px, the bar 8), the charts' 14 to 18 px.
    One load: step 2 from its link, then steps 5, 7 and 1 as the clicker's keys reach them
    (the layout is CSS and the hidden charts are drawn at the phone's width with the page)."""
    from test_talk_browser import wait_for_step

    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(f"{app_server}/Talk?step=2")
    wait_for_step(tab, 2)
    judged = [_judge_phone_step(tab, 2)]
    for key, number in PHONE_VISIT:
        tab.keyboard.press(key)
        wait_for_step(tab, number)
        if number in PHONE_JUDGED:
            judged.append(_judge_phone_step(tab, number))
    assert judged == list(PHONE_JUDGED)


def _judge_phone_step(tab, number: int) -> int:
    """PHONE_MEASURE of the step on screen, taken once its charts have drawn their plots."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from test_talk_browser import TALK_CHARTS

    measure = PHONE_MEASURE.replace("TALK_CHARTS", TALK_CHARTS)
    drawn = f"""() => {{ const m = ({measure})();
      return m.charts.length === {STEPS_WITH_CHARTS.get(number, 0)} && m.charts.every(c => c.plot > 0) ? m : null; }}"""
    try:
        m = tab.wait_for_function(drawn, polling=16, timeout=30_000).json_value()
    except PlaywrightTimeout:  # a chart that never draws: the checks below say so
        m = tab.evaluate(measure)
    assert m["sideways"] <= 0, f"step {number} scrolls {m['sideways']} px sideways"
    assert len(m["charts"]) == STEPS_WITH_CHARTS.get(number, 0), (number, m["charts"])
    for chart in m["charts"]:
        assert chart["width"] >= 320, (number, chart)
        assert chart["plot"] >= chart["width"] / 3, (number, chart)
        assert chart["marks"] >= 2 and chart["widest"] >= 18, (number, chart)  # a bar, or the marked dot
        assert chart["outside"] == chart["touching"] == chart["spilled"] == [], (number, chart)
        # Readable, and leaving the plot its width: 14 to 18 px (18-px names took a third of it).
        assert chart["type"][0] >= 14 and chart["type"][1] <= 18, (number, chart["type"])
        assert max(chart["titles"]) <= 2, (number, chart["titles"])  # an axis title in two lines at most
    assert min(m["text"]) >= 16 and m["bar"] and min(m["bar"]) >= 14, (number, m)
    assert all(size >= 14 for size in m["foot"]), (number, m["foot"])
    # The words and their picture one under the other, a line apart: the columns' gap between
    # them was 64 px of white on every step (review 13, Talk-11).
    assert m["stacked"] and all(0 <= gap <= 32 for gap in m["stacked"]), (number, m["stacked"])
    return number


#: How many charts a step draws, by its number (the others none).
STEPS_WITH_CHARTS = {step.number: 1 for step in talk.STEPS if step.key in ("atoms", "odds", "bits")}


def test_the_odds_step_quotes_random_images_first_view():
    """Step 5 and Random images' first view quote one median and one bound for 32×32 RGB
    (the talk took the median of all ten photos, 0.83, where the page said 0.856)."""
    from lib import sampling_view as sv
    from lib.statistics import noise_correlation_bound

    view = sv.View(32, int(sv.DEFAULTS["n"]), int(sv.DEFAULTS["seed"]), False, True)
    median = float(np.nanmedian(sv.measure(corpus.load_corpus(), view).real_correlation))
    odds = talk.noise_odds(32)
    assert odds.photo_correlation == pytest.approx(median, abs=1e-12)
    assert odds.threshold == int(median * 100) / 100
    assert (
        odds.log10_probability
        == noise_correlation_bound(32, 32, odds.threshold, channels=3).log10_probability
    )


@pytest.mark.parametrize("presenting", [False, True])
def test_the_modalities_legend_shows_plain_colour_swatches(presenting):
    """How many images?' key of images, text, sound and video (the bars of every modality, the
    page's own HTML: lib.charts.axis_bars): each swatch its modality's colour, no outline (the
    bars' black stroke drew each as a black square with a speck of colour), and larger when
    presenting (a swatch is 0.9 em of the chart's type)."""
    import re

    from lib.charts import MODALITY_COLOURS, axis_bars

    def chart(presenting):
        return axis_bars.axis_bars_html(
            ["a tweet", "a photo"], ["text", "image"], [331, 68181012], [False, True], presenting=presenting
        )

    shown = chart(presenting)
    key = re.search(r'<ul class="axis-key">(.*?)</ul>', shown)[1]
    assert re.findall(r'<i style="--c: ([^"]*)"></i>', key) == list(MODALITY_COLOURS.values())
    (swatch,) = re.findall(r"\.axis-bars \.axis-key i \{([^}]*)\}", axis_bars.axis_bars_style([331]))
    assert "background: var(--c)" in swatch and "border" not in swatch and "outline" not in swatch
    assert "em" in swatch.split("width:")[1].split(";")[0]  # sized by the type
    if presenting:
        type_px = [int(re.search(r"--type: (\d+)px", c)[1]) for c in (chart(False), shown)]
        assert type_px[1] >= 1.8 * type_px[0]


def test_step_seven_shows_the_codecs_beside_the_models():
    """Learning shows WebP lossless beating the best model: the talk's step 7 shows both files
    as grey bars and says what beats the model and why a codec is not a model."""
    at = step_view(7)
    chart = charts(at)["bits"]
    ladder = talk.model_bits(ui_study_ladder())
    files = [bar for bar in chart.bars if bar.style["--c"] == REFERENCE]  # grey, after the models
    assert chart.bars[-2:] == files
    assert [bar.title for bar in files] == [
        f"PNG file: {ladder.png_bits:.3f} bits per value",
        f"WebP file: {ladder.webp_bits:.3f} bits per value",
    ]
    assert [name for name, _ in chart.y[-2:]] == ["PNG file", "WebP file"]
    assert [bar.text for bar in files] == [f"{ladder.png_bits:.3f}", f"{ladder.webp_bits:.3f}"]
    assert all('style="color:#222222"' in bar.markup for bar in files)  # dark on grey
    html = page_html(at)
    if ladder.webp_bits < ladder.best_bits:  # the default fit: WebP 4.97 against 5.02
        assert f"WebP {ladder.webp_bits:.3f}" in html and "cannot draw a new image" in html


def test_step_seven_says_why_a_bar_ends_past_eight_bits():
    """Review 15: beside "every bit saved is structure learned", the default fit's independent
    pixels end past the 8-bit line (8.276 on photos it never saw), which a room asks about. The
    slide names every model above 8 with its figure and why, and none below."""
    ladder = talk.model_bits(ui_study_ladder())
    html = page_html(step_view(7))
    slide = html.split('<p class="talk-foot">')[0]
    above = [name for name, bits in ladder.rungs if bits > 8]  # the default fit: independent pixels
    for name, bits in ladder.rungs:
        said = f"{name[0].upper()}{name[1:]}, at {bits:.3f}, does worse than raw"
        assert (said in slide) == (bits > 8), name
    assert ("misleads" in slide) == bool(above)  # a fit with none above 8 says nothing of it


def ui_study_ladder():
    from lib import density as dm
    from lib.ui import shared

    return shared.study_service().study(dm.StudySettings()).ladder


def test_step_seven_gives_the_photos_share_as_the_upper_bound_it_is():
    """Review 11 (Talk-2): "a share ≈ 1.36 × 10^-25,363,336" claimed the model favours about that
    many images; the count only bounds them (probabilities add up to 1). Said as "at most", in the
    foot (Talk-1), its mantissa rounded up so that the shown figure is never below the bound."""
    html = page_html(step_view(7))
    words = html.split('<p class="talk-foot">')[0]
    assert "≈" not in words and "share" not in words  # the slide keeps a line or two
    ladder = talk.model_bits(ui_study_ladder())
    foot = re.search(r'at most a share <span class="pow">(\d\.\d\d) × 10<sup>−([\d,]+)</sup></span>', html)
    assert foot, html
    shown = Magnitude.of(foot[1]) * Magnitude.power(10, -int(foot[2].replace(",", "")))
    space = effective_space(min(ladder.best_bits, 8.0), PHONE_PHOTO_VALUES)
    assert shown.compare(space.fraction) >= 0  # at most: never below the bound
    assert "an extrapolation from 8×8 patches" in html


@pytest.mark.parametrize("bits", [4.7, 5.024])
def test_the_photos_share_is_rounded_up(bits):
    """At 4.7 bits the share is 1.3818…·10^-28,124,667: to the nearest, 1.38 would sit below the
    bound that "at most" promises; rounded up it is 1.39."""
    figures = talk.models._bits_figures((("uniform", 8.0), ("best", bits)), None, None, "")
    exact = effective_space(bits, PHONE_PHOTO_VALUES).fraction
    share = figures.photo_fraction
    shown = Magnitude.of(share.mantissa) * Magnitude.power(10, share.exponent)
    assert shown.compare(exact) >= 0
    one_less = Magnitude.of(Fraction(share.mantissa) - Fraction(1, 100)) * Magnitude.power(10, share.exponent)
    assert one_less.compare(exact) < 0  # and by no more than the last digit


#: A paragraph on a slide: a line or two (the words column holds ~50 characters a line at 1280×720);
#: steps 6 and 7 held 374 and ~390 characters (review 11, Talk-1).
SLIDE_PARAGRAPH = 220


@pytest.mark.parametrize("number", range(1, LAST + 1))
def test_a_slide_holds_sentences_not_paragraphs(number):
    html = page_html(step_view(number))
    # The steps' sentences, and the room's line beside its live count (step 6).
    paragraphs = re.findall(r'<(p|div) class="[^"]*(?:talk-text|room-line)[^"]*">(.*?)</\1>', html)
    lengths = [len(html_text(p)) for _, p in paragraphs]
    assert paragraphs and max(lengths) <= SLIDE_PARAGRAPH, lengths


def html_text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_the_talks_own_noise_counts_in_the_rooms_search(open_page, monkeypatch):
    """Step 6 says "Every noise image anyone here draws is counted", and step 4's noise, drawn
    again with every "Draw again", was not: the room's tally takes each of step 4's images once
    (a rerun showing the same one again, as a key press to step 5 and back, counts nothing)."""
    from lib import room_search as room

    fresh = room.RoomSearch()
    monkeypatch.setattr(room, "ROOM", fresh)
    assert "Every noise image anyone here draws is counted" in page_html(open_page(TALK, step="6"))
    at = open_page(TALK, step="4", seed="7")
    assert fresh.snapshot().draws == 1
    best = fresh.snapshot().best
    assert best is not None and np.array_equal(best.image, corpus.uniform_noise(1, 32, 7)[0])
    at.run()
    assert fresh.snapshot().draws == 1
    at.button(key="talk-draw").click().run()
    assert fresh.snapshot().draws == 2


def test_search_harder_says_its_result_under_the_count_not_in_a_box_below(open_page, monkeypatch):
    """Review 11 (Talk-7): Search harder's result was a box under the button, which ran off a
    1280×720 slide; it is now the line under the live count, the one line the click changes."""
    from lib import room_search as room

    fresh = room.RoomSearch(clock=lambda: 0.0)  # time stands still: the budget never refills
    fresh.search_harder(300)  # 700 of the 1,000 a click asks for are left
    monkeypatch.setattr(room, "ROOM", fresh)
    at = open_page(TALK, step="6")
    under = re.compile(r'<div class="bignum-caption">(.*?)</div>')
    assert under.findall(page_html(at)) == ["300 of them by Search harder."]
    before = fresh.snapshot().best
    at.button(key="room-search-harder").click().run()
    assert not at.exception and not at.success and not at.warning and not at.error
    (said,) = under.findall(page_html(at))
    result = re.fullmatch(
        r"Search harder drew 700 more \(all the shared budget allowed\): best of them (0\.\d{3})(, a new record)?\.",
        said,
    )
    assert result, said
    after = fresh.snapshot().best
    assert bool(result[2]) == (after is not before)
    if result[2]:
        assert result[1] == f"{after.correlation:.3f}"
    at.button(key="room-search-harder").click().run()  # the budget is spent
    assert not at.success and not at.warning
    assert under.findall(page_html(at)) == [
        "Search harder: the shared budget is used up for now; try again in a second."
    ]


def contrast_on_white(colour: str) -> float:
    """WCAG 2 contrast ratio of a #RRGGBB colour against white."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_the_slides_small_print_reads_plainly():
    """Review 11 (Talk-4 and Wording-1): step 2's atoms label carries the punchline ("a bar too
    thin to see") and was light grey (#999, 2.8:1 on white); step 3's label read backwards;
    step 5's foot named Chernoff bounds and moment generating functions; step 8's slide held a
    parenthesis no speaker reads out; "covers", "no dataset will ever show" said of what is
    an upper bound (a dataset could cover at most its share)."""
    beside = charts(step_view(2))["digits"].words[0]
    assert "a bar too thin" in beside.text and contrast_on_white(beside.style["color"]) >= 7
    speck = page_html(step_view(3))
    assert (
        'share of the space LAION-5B\'s <span class="pow">5.85 × 10<sup>9</sup></span> images could cover</p>'
        in speck
    ), speck
    odds = page_html(step_view(5))
    assert "moment generating" not in odds and "Chernoff" not in odds and "A proof, not a simulation" in odds
    end = page_html(step_view(LAST))
    slide, foot = end.split('<p class="talk-foot">')
    assert "of all possible photos, a dataset the size of LAION-5B leaves unseen</p>" in slide
    assert "(For" not in slide and "Unseen by LAION-5B: at least 1 − its share" in foot
    assert "no dataset will ever" not in end and " covers " not in end


def test_the_recap_says_what_it_rounds():
    """Review 15: step 8's recap labelled lines 5 and 7 ("exponent rounded down", "to 3
    decimals") and none of lines 1 to 3, whose powers of ten are rounded too (1.0149 × 10^…,
    1.01 × 10^…, 5.76 × 10^…). The foot says to how many digits, read here off the recap as
    shown, so a line rounded otherwise contradicts it."""
    end = page_html(step_view(LAST))
    recap = end.split('<div class="talk-recap">')[1].split("</div>")[0]
    mantissas = re.findall(r'<p class="talk-text">(\d)\. .*?<span class="pow">([\d.]+) × 10<sup>', recap)
    assert [line for line, _ in mantissas] == ["1", "2", "3"], recap
    digits = {line: len(mantissa.replace(".", "")) for line, mantissa in mantissas}
    assert digits == {"1": 5, "2": 3, "3": 3}
    foot = end.split('<p class="talk-foot">')[1]
    assert "Powers of ten are rounded: to 3 significant digits, 5 in line 1." in foot


def test_step_one_says_what_a_book_holds():
    """Review 15: "Printed, 29 books of 500 pages." gave no page to check it by. The foot says
    what a book holds, and the slide's count of books follows from it and the digits."""
    html = page_html(step_view(1))
    slide, foot = html.split('<p class="talk-foot">')
    scale = re.search(r"A book: (\d+) pages of (\d+) lines of (\d+) digits\.", foot)
    assert scale, foot
    pages, lines, digits = map(int, scale.groups())
    books = re.search(r"Printed, (\d+) books of (\d+) pages\.", slide)
    assert books and int(books[2]) == pages, slide
    shown_digits = int(re.search(r"a number of <b>([\d,]+) digits</b>", slide)[1].replace(",", ""))
    assert int(books[1]) == math.ceil(shown_digits / (lines * digits * pages)) == 29


def test_step_four_shows_a_scene_for_every_seed():
    """Step 4's photo reads as a photo beside the noise whatever the seed: a scene by Random
    images' own measure (:func:`lib.photo_scenes.reads_as_scene`), never the Hubble deep field
    or a texture, which read as noise as thumbnails (review 11, the sampling engineer's note)."""
    from lib import photo_corpus as corpus
    from lib import photo_scenes
    from lib.talk.noise import SCENES, noise_and_photo

    photos = corpus.load_corpus()
    scenes = {p.credit.key for p in photos if p.credit is not None and photo_scenes.reads_as_scene(p)}
    assert set(SCENES) <= scenes
    shown = {noise_and_photo(photos, 32, seed)[2] for seed in range(len(SCENES))}
    assert len(shown) == len(SCENES)


TALK_CHART_STEPS = ("2", "5", "7")  # the talk's steps that draw a chart (the page's own HTML)


@pytest.mark.parametrize("step", TALK_CHART_STEPS)
def test_the_talks_charts_are_the_pages_own_html(open_page, step):
    """Each step with a chart, opened from its link: its chart and every other step's it draws
    beforehand (hidden until a key press shows it) are the page's own HTML (lib.charts.talk),
    each alone in its element: no Vega chart, so no phone in the room loads Vega's script."""
    at = open_page("pages/4_Talk.py", step=step)
    assert not at.get("vega_lite_chart")
    charts = [
        re.findall(r'<figure class="html-plot talk-plot talk-(\w+)', el.proto.body) for el in at.get("html")
    ]
    drawn = [chart for chart in charts if chart]
    assert all(len(chart) == 1 for chart in drawn), drawn
    # The models' chart waits for the server's fit unless it is step 7's own.
    assert sorted(drawn) in ([["digits"], ["odds"]], [["bits"], ["digits"], ["odds"]]), drawn
    assert ["bits"] in drawn or step != "7"


@pytest.mark.parametrize(("digits", "past"), [(347, True), (2_000, True), (61, False), (68_181_012, False)])
def test_the_atoms_words_start_past_a_bar_they_would_cross(digits, past):
    """Step 2 with a typed image of a few hundred digits: the atoms' bar is a share of the axis,
    and its words start past its end (half on the bar and half off, they read as two broken
    lines: review, 27 Nov). A bar past half the axis holds its words; a bar too thin to see
    leaves them beside its tick."""
    from lib.charts.talk import digits_chart

    chart = digits_chart("typed images", digits, 81)
    bar = re.search(r'class="bar" title="atoms[^"]*" style="[^"]*width:([0-9.]+)%', chart)
    words = re.search(r'class="row-words beside" style="([^"]*)"', chart)
    assert bar and words
    shift = re.search(r"--past:([0-9.]+)%", words[1])
    assert (shift is not None) == past, words[1]
    if shift:
        assert float(shift[1]) == pytest.approx(float(bar[1]))
