"""AppTest runs of every page: defaults, presets, deep links, bad input, the chart spec."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest
from axis_bars_reading import axis_bars, without_axis_bars
from conftest import PAGES, html_blocks, open_app, page_html
from count_plot_reading import PLOT, count_dot, count_plot
from fixtures import pngs_in

from lib import combinatorics as comb
from lib import modalities as mod
from lib.big_numbers import decimal_digits

COMBINATORICS = "pages/1_Combinatorics.py"


@pytest.mark.parametrize("page", ["streamlit_app.py", *PAGES])
def test_every_page_runs_cleanly(open_page, page):
    at = open_page(page)
    assert not at.exception, at.exception
    # A title: st.title, or the talk's step title, one <h1> in its HTML.
    assert (at.title and at.title[0].value) or "<h1>" in page_html(at)
    links = [el.proto.page for el in at.sidebar.get("page_link")]
    if page != "pages/4_Talk.py":  # the talk has no sidebar (test_talk.py checks its bar's menu)
        assert links[:2] == ["", "Combinatorics"]  # URL paths: home, then the story in order


def test_home_page_tells_the_argument_with_live_numbers(open_page):
    at = open_page()
    html = page_html(at)
    # One unbreakable expression: the mantissa and the power in the same nowrap span.
    assert '<span class="pow">1.0149 × 10<sup>68,181,011</sup></span>' in html
    assert "exactly 68,181,012 digits" in html
    assert "10<sup>68,180,931</sup>" in html  # times the atoms
    assert "10<sup>−68,181,002</sup>" in html  # LAION-5B's share: 5.76·10^-68,181,002
    assert "852,263 levels" in html
    claims = [el.proto.page for el in at.main.get("page_link")]  # then the way on (test_every_page_ends_…)
    assert claims == ["Combinatorics", "Sampling", "Learning", "Combinatorics"]


def test_home_says_what_dividing_by_the_atoms_does(open_page):
    """Claims 1 and 2 made visibly different: 80 of the count's digits, one line of 14,205 pages,
    beside the number that makes the point (68,180,932 digits instead of 68,181,012). Review 15
    (Home-3): the paragraph was a wall of ten figures (12 lines on a phone); it keeps the line
    crossed out and the nesting, and leaves the atoms' 17.1 cm to How many images?' card."""
    html = page_html(open_page())
    claim = html.split("<h4>2. ")[1].split("<h4>3. ")[0]
    words = claim.split("<p>")[1].split("</p>")[0]
    assert "Dividing the count by all of them removes just 80 of its digits" in words
    # 80 digits a line: the 80 digits the atoms remove are one line, not the atoms' own 81
    # (review 11, Comb-2: "the atoms' 81 digits fill one line" was one digit too many).
    assert "printed at 80 digits a line, one line crossed out of 14,205 pages." in words
    assert "852,263 levels of universes" in words
    assert "17.1 cm" not in words and "10-point" not in words and "68,181,012" not in words
    figures = re.findall(r"\d[\d,.]*", re.sub(r"<[^>]+>", " ", words))  # 10 and 80 of 10^80 apart
    assert len(figures) <= 6, figures
    assert "68,180,932 digits instead of 68,181,012" in claim  # the number beside says the rest


def test_home_says_only_what_is_exact(open_page):
    """Issue 10, item 5: no "exactly" over a rounded figure, no "every number is exact"."""
    at = open_page()
    html = page_html(at)
    assert "exactly 1 −" not in html and "to 3 significant digits" in html
    captions = " ".join(c.value for c in at.caption)
    assert "Every number on these pages is exact" not in captions
    assert "floating-point" in captions and "rounded to the significant digits" in captions


def test_home_opens_on_noise_next_to_a_photo(open_page):
    """Issue 12: a picture first, lossless and enlarged by pixel repetition."""
    at = open_page()
    hero = next(el for el in html_blocks(at) if "pixel-figures" in el)
    noise, photo = pngs_in(hero)  # sent 1:1 as PNG; the browser enlarges by whole factors
    assert noise.shape == photo.shape == (80, 80, 3)
    assert len(np.unique(noise.reshape(-1, 3), axis=0)) > 6300  # noise: nearly every pixel differs
    assert (
        np.abs(np.diff(photo.astype(int), axis=1)).mean()
        < np.abs(np.diff(noise.astype(int), axis=1)).mean() / 3
    )
    css = page_html(at)
    assert ".pixel-figures img { display: block; image-rendering: pixelated" in css
    assert "round(down, var(--room), var(--side))" in css  # whole factors only
    # Review 9: at 1920×1080 the pair was 400 px each (5×): each may now take half the screen's
    # height, 6× (480 px) there, side by side in the middle (app.css's .st-key-hero rules).
    (room,) = set(re.findall(r"--room: min\(100%, ([0-9.]+)vh\)", hero))
    assert (float(room) * 1080 / 100) // 80 >= 6
    assert ".st-key-hero .pixel-figures figure:first-child img { margin-left: auto; }" in css
    # On a phone each card's number comes before its paragraph (review 9: 4 lines of prose first).
    assert (
        ".claim > div:first-child { display: contents; } .claim h4 { order: -2; } .claim .bignum-box { order: -1;"
        in css
    )
    order = [el.proto.body for el in at.get("html")]
    first_image = next(i for i, body in enumerate(order) if "<img" in body)
    first_claim = next(i for i, body in enumerate(order) if "1. A photo" in body)
    assert first_image < first_claim


def test_home_sends_the_same_bytes_on_every_rerun(open_page):
    """Issue 14: the picture and the five claims are built once per server; a rerun sends the
    same elements, so Streamlit sends the large ones as references and the browser leaves them
    as they are (an element whose bytes changed on every rerun would be re-rendered)."""
    at = open_page()
    first = [el.proto.SerializeToString() for el in at.get("html")]
    at.run()
    assert [el.proto.SerializeToString() for el in at.get("html")] == first
    assert len(at.main.get("html")) <= 7  # the picture and each claim in one block, not eight


def flat(node):
    """Every element of an AppTest tree, in page order."""
    yield node
    for child in getattr(node, "children", {}).values():
        yield from flat(child)


def headline(at) -> str:
    return next(el for el in html_blocks(at) if 'class="bignum"' in el)


def preset(at, modality: str = "image"):
    return at.button_group(key=f"{modality}_preset")


def test_combinatorics_defaults_to_the_post_photo(open_page):
    at = open_page(COMBINATORICS)
    assert not at.exception
    assert [t.value for t in at.text_input] == ["2304", "4096", "3", "8"]
    assert preset(at).value == "Phone photo (the post)"
    top = headline(at)
    assert "1.0149 × 10<sup>68,181,011</sup>" in top and "256<sup>28,311,552</sup>" in top
    assert "2<sup>226,492,416</sup>" in top and "^" not in top
    html = page_html(at)
    assert "68,181,012" in html and "101485647062…" in html
    assert f"…{pow(2, 226_492_416, 10**12):012d}" in html
    assert "~" in html and "10<sup>70,000,000</sup>" in html and "10<sup>−69,999,993</sup>" in html


def test_headline_says_exactly_only_when_it_is(open_page):
    """Issue 10, item 5: "exactly" over a whole number, "to 5 significant digits" over a mantissa."""
    rounded = headline(open_page(COMBINATORICS))
    assert "to 5 significant digits" in rounded and "exactly" not in rounded
    whole = headline(open_page(COMBINATORICS, w="2", h="2", c="1", bits="4"))
    assert "exactly" in whole and "65,536" in whole.replace("<wbr>", "")  # free to break after a comma


def test_a_mantissa_is_dropped_only_when_it_is_exactly_one(open_page):
    """Issue 10, item 6: 2^28738 = 1.0000354…·10^8651 keeps its 1.0000; the GIF clip's ages keep 1.00."""
    top = headline(open_page(COMBINATORICS, w="28738", h="1", c="1", bits="1"))
    assert "1.0000 × 10<sup>8,651</sup>" in top
    gif = page_html(open_page(COMBINATORICS, m="video", vw="320", vh="240", fps="10", vsecs="3", vbits="8"))
    assert "1.00 × 10<sup>16,645,735</sup></span> ages of the universe" in gif
    atoms = page_html(open_page(COMBINATORICS, w="1", h="1", c="10", bits="8"))  # 2^80 ≠ 10^80
    assert '~<span class="pow">10<sup>80</sup></span> atoms' in atoms  # exactly 10^80: no mantissa


@pytest.mark.parametrize("preset_", comb.PRESETS, ids=lambda p: p.key)
def test_every_preset_fills_the_inputs_and_the_count(open_page, preset_):
    at = open_page(COMBINATORICS)
    preset(at).set_value(preset_.name).run()
    assert not at.exception
    image = preset_.image
    assert [t.value for t in at.text_input] == [
        str(image.width),
        str(image.height),
        str(image.channels),
        str(image.bits),
    ]
    facts = comb.count_facts(comb.count_images(image))
    expected = f"{facts.exact:,}" if facts.exact else f"{facts.scientific.exponent:,}"
    assert expected in headline(at)
    assert preset(at).value == preset_.name


def test_deep_link_opens_that_view(open_page):
    at = open_page(COMBINATORICS, w="32", h="32", c="3", bits="8")
    assert not at.exception and not at.warning
    assert preset(at).value == "CIFAR-10"
    assert "7,398" in headline(at)  # 2^24576 = 1.0988·10^7398
    assert "7,399" in page_html(at)  # digits


def test_typing_a_size_updates_the_count_and_the_preset(open_page):
    at = open_page(COMBINATORICS)
    at.text_input(key="w").set_value("28").run()
    at.text_input(key="h").set_value("28").run()
    at.text_input(key="c").set_value("1").run()
    assert preset(at).value == "MNIST digit"
    assert "1,888" in headline(at)
    at.text_input(key="w").set_value("1e9").run()
    assert preset(at).value is None
    assert not at.warning


@pytest.mark.parametrize(
    "bad",
    [
        "0",
        "-3",
        "abc",
        "inf",
        "nan",
        "1e400",
        "3.7",
        "",
        "9" * 500,
        "<img src=x onerror=alert(1)>",
        "[link](http://example.com)",
        "٣٢",
        "３２",
        "𝟑𝟐",
    ],
)
def test_bad_url_values_get_a_message_and_the_default(open_page, bad):
    at = open_page(COMBINATORICS, w=bad, c="1")
    assert not at.exception
    assert len(at.warning) == 1
    message = at.warning[0].value
    assert "Width" in message and "2,304" in message
    assert "1.0149" not in headline(at)  # c=1 still applies: the rest of the link is honoured
    # The visitor's markup is never markup on the page (the count chart's own <img> of its lines is).
    assert "<img src=x" not in page_html(at) and "onerror" not in page_html(at)


@pytest.mark.parametrize(
    "key,value,shown",
    [
        ("w", "[link](http://example.com)", "\\[link\\]\\(http\\:\u200b//example\\.com\\)"),
        ("w", "**bold** <b>x</b>", r"\*\*bold\*\* \<b\>x\</b\>"),
        ("m", ":material/error:", "\\:\u200bmaterial/error\\:\u200b"),
        ("m", "[link](http://example.com)", r"\[link\]\(http"),
        ("digits", "$x^2$ :material/error:", "\\$x\\^2\\$ \\:\u200bmaterial"),
    ],
)
def test_visitor_text_in_a_message_is_escaped(open_page, key, value, shown):
    """Issue 10, item 16 and issue 9: every message echoing a URL value shows it literally.

    The markdown a warning renders must hold the escaped text (a backslash before each
    markdown character, a zero-width space after each colon so no icon shortcode forms);
    making ui.escape_markdown a no-op fails this.
    """
    at = open_page(COMBINATORICS, **{key: value})
    assert not at.exception
    messages = [w.value for w in at.warning]
    assert any(shown in m for m in messages), messages
    assert not any(value in m for m in messages)
    announced = [t.value for t in at.toast]  # the same words at the top of the screen
    assert any(shown in m for m in announced), announced
    assert not any(value in m for m in announced)


def test_a_refused_link_value_is_announced_at_the_top_once(open_page):
    """Review 11, All-1: a refused value's warning sits beside its input, below the answer (a
    screen down on a phone), so the first screen showed the default as if the link had
    worked. The same words go to the top of the screen too, once a session: a rerun that
    keeps the bad value warns beside the input again, without a second notice."""
    at = open_page(COMBINATORICS, w="abc")
    assert [t.value for t in at.toast] == [w.value for w in at.warning]
    assert "2,304" in at.toast[0].value
    at.text_input(key="h").set_value("100").run()
    assert not at.exception
    assert len(at.warning) == 1 and not at.toast


def test_repeated_url_keys_use_the_last_and_say_so(open_page):
    at = open_page(COMBINATORICS, w=["100", "32"], h="32")
    assert not at.exception
    assert at.text_input(key="w").value == "32"
    assert any("more than once" in w.value for w in at.warning)


def test_extreme_sizes_render(open_page):
    at = open_page(COMBINATORICS, w="1e12", h="10^12", c="1024", bits="32")
    assert not at.exception and not at.warning
    # 2^(32,768·10^24): shown as a power of ten, its exponent exact to the last digit.
    assert "10<sup>9,864,150,897,917,335,804,763,796,102</sup>" in headline(at)
    assert "2<sup>32,768,000,000,000,000,000,000,000,000</sup>" in headline(at)
    # Its log10 may break after each comma on a phone, not run on as one 40-character word.
    assert (
        "= 9,<wbr>864,<wbr>150,<wbr>897,<wbr>917,<wbr>335,<wbr>804,<wbr>763,<wbr>796,<wbr>102."
        in headline(at)
    )


LIMITS = {
    "image": {
        "w": (1, comb.MAX_SIDE),
        "h": (1, comb.MAX_SIDE),
        "c": (1, comb.MAX_CHANNELS),
        "bits": (1, comb.MAX_BITS),
    },
    "text": {"vocab": (2, mod.MAX_VOCABULARY), "tokens": (1, mod.MAX_TOKENS)},
    "audio": {
        "rate": (1, mod.MAX_SAMPLE_RATE),
        "depth": (1, comb.MAX_BITS),
        "ach": (1, mod.MAX_AUDIO_CHANNELS),
        "secs": (1, mod.MAX_SECONDS),
    },
    "video": {
        "vw": (1, mod.MAX_FRAME_SIDE),
        "vh": (1, mod.MAX_FRAME_SIDE),
        "fps": (1, mod.MAX_FPS),
        "vsecs": (1, mod.MAX_SECONDS),
        "vbits": (1, comb.MAX_BITS),
    },
}
LIMIT_VIEWS = (
    [{"m": m, key: str(end)} for m, keys in LIMITS.items() for key, ends in keys.items() for end in ends]
    + [{"m": m, **{k: str(hi) for k, (lo, hi) in keys.items()}} for m, keys in LIMITS.items()]
    + [{"m": m, **{k: str(lo) for k, (lo, hi) in keys.items()}} for m, keys in LIMITS.items()]
    + [{"m": "image", "w": "1", "h": str(comb.MAX_SIDE), "c": "1", "bits": str(comb.MAX_BITS)}]
    + [{"m": "text", "vocab": "2", "tokens": str(mod.MAX_TOKENS)}]
)


@pytest.mark.parametrize("query", LIMIT_VIEWS, ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items()))
def test_every_input_at_its_limits_renders(open_page, query):
    """Issue 9: each input alone at each end, and all at once at both ends, render cleanly."""
    at = open_page(COMBINATORICS, **query)
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert not at.warning, [w.value for w in at.warning]
    assert "bignum" in headline(at)
    # The count against the side (images only), then every modality on one axis: the page's HTML.
    assert not at.get("vega_lite_chart")
    assert len(PLOT.findall(page_html(at))) == (1 if query["m"] == "image" else 0)
    assert len(axis_bars(page_html(at))) == len(mod.one_axis(mod.image_data(comb.DEFAULT), ""))


def test_chart_marks_the_current_image(open_page):
    at = open_page(COMBINATORICS, w="28", h="28", c="1")
    dot = count_dot(page_html(at))
    sides = comb.chart_sides(28)
    assert dot["x"] == pytest.approx(math.log10(28) / math.log10(sides[-1]), abs=5e-5)
    digits = len(str(256**784))
    top = 1.5 * comb.log10_count_by_side(1, 8, sides)[-1].digits
    assert dot["y"] == pytest.approx(math.log10(digits) / math.log10(top), abs=5e-5)
    assert dot["title"] == f"this image: {digits:,} digits"


def test_side_chart_plots_exact_digit_counts(open_page):
    """Issue 10, item 7: digits = floor(log10) + 1, on hover and in the axis title."""
    plot = count_plot(page_html(open_page(COMBINATORICS, w="28", h="28", c="1")))
    for title, _, _ in plot["points"]:
        side = int(title.removeprefix("side ").split(":")[0].replace(",", ""))
        assert title == f"side {side:,}: {len(decimal_digits(256 ** (side * side))):,} digits"
    assert len(plot["points"]) == len(comb.chart_sides(28))
    assert (
        ">digits of the number of images<" in plot["figure"]
        and "= its number of digits" not in plot["figure"]
    )


def test_side_chart_draws_the_smallest_and_largest_datasets(open_page):
    """Issue 10, item 8: CIFAR-10 (60,000) is the smallest dataset, not MNIST (70,000)."""
    plot = count_plot(page_html(open_page(COMBINATORICS)))
    assert [title.rsplit(": ", 1)[1] for title, _ in plot["rules"]] == ["81 digits", "10 digits", "5 digits"]
    names = [name for name, _ in plot["key"]]
    assert any("CIFAR-10" in n for n in names) and not any("MNIST" in n for n in names)


def test_one_axis_tooltips_show_exact_digit_counts(open_page):
    """Issue 10, item 7: the post's photo has 68,181,012 digits, not round(log10) = 68,181,011."""
    at = open_page(COMBINATORICS)
    digits = {bar["name"].removeprefix("▶ this view: "): bar["title"] for bar in axis_bars(page_html(at))}
    digits = {name: title.rsplit(": ", 1)[1].removesuffix(" digits") for name, title in digits.items()}
    assert digits["Phone photo (the post)"] == "68,181,012"
    for p in comb.PRESETS:
        assert digits[p.name] == f"{comb.count_facts(comb.count_images(p.image)).digit_count:,}"
    assert digits["6×6 grey thumbnail"] == f"{len(str(256**36))}"


def test_shares_above_one_say_the_collection_could_cover_all(open_page, clicked):
    """Issue 10, item 3: 70,000 MNIST digits against the 2 images of 1×1 at 1 bit."""
    import csv
    import io

    at = open_page(COMBINATORICS, w="1", h="1", c="1", bits="1")
    html = page_html(at)
    assert "could cover all of them" in html
    assert "3.50 × 10<sup>4</sup>" not in html
    buttons = {b.proto.label: b for b in at.get("download_button")}
    rows = dict(list(csv.reader(io.StringIO(clicked(buttons["Numbers as CSV"]).decode())))[1:])
    assert rows["share covered by MNIST (70,000 images)"].startswith("could cover all of them")
    text = page_html(open_page(COMBINATORICS, m="text", vocab="2", tokens="3"))
    assert text.count("could cover all of them") == 2  # FineWeb and RedPajama


def test_character_texts_count_corpora_in_characters(open_page):
    """Issue 10, item 4: a corpus of T tokens holds about 4·T starting characters."""
    html = page_html(open_page(COMBINATORICS, m="text", vocab="27", tokens="280"))
    assert (
        'at most <span class="pow">6.00 × 10<sup>13</sup></span> (estimate) examples' in html
    )  # FineWeb: 4 × 15·10^12
    tokens = page_html(open_page(COMBINATORICS, m="text", vocab="50257", tokens="70"))
    assert 'at most <span class="pow">1.50 × 10<sup>13</sup></span> examples' in tokens


def test_bremermann_form_and_how_an_image_counts_against_bits(open_page):
    """Issue 10, item 9: the c²/h form cited with the 1962 figure; one image per bit said.
    Each source is one footnote: the Earth-mass computer cites the limit's note again and a
    note of its own for the Earth's mass, not a second copy of the limit's."""
    import re

    html = page_html(open_page(COMBINATORICS))
    assert "c²/h" in html and "2 × 10<sup>47</sup></span> bits per second per gram" in html
    assert "one whole image per bit processed" in html and "lower bounds" in html
    notes = re.findall(r"<li>(.*?)</li>", html[html.index('<ol class="sources">') :])
    parts = [part for note in notes for part in note.split("; ")]
    assert len(parts) == len(set(parts)), [p for p in parts if parts.count(p) > 1]
    assert any(note.startswith("Earth's mass") for note in notes)
    earth = notes.index(next(note for note in notes if note.startswith("Earth's mass"))) + 1
    assert f'limit<sup class="fn">{earth - 1}, {earth}</sup>' in html  # not "1011"


def test_the_posts_cards_show_numbers_as_their_figures(open_page):
    """A card's big figure is a number: where the post gives none, the computed one, and the
    sentence says the post gives none (not "(not stated)" set large). Rounding is labelled."""
    import re

    html = page_html(open_page(COMBINATORICS))
    post = html[html.index("What the post says") :]
    figures = [re.sub(r"<[^>]+>", "", f) for f in re.findall(r'<div class="figure">(.*?)</div>', post)]
    assert len(figures) == 3
    assert all(re.fullmatch(r"~?[\d.,× −]+", f) for f in figures), figures
    assert "the post gives no figure for this" in post and "not stated" not in html
    assert "The cards round each power of ten and each length to 3 significant digits" in html


def test_more_digits_on_request(open_page):
    at = open_page(COMBINATORICS, digits="1000")  # a link asking for digits opens the panel
    at.selectbox(key="digits").set_value(1000).run()
    text = at.code[0].value
    first, last = comb.edge_digits(comb.count_images(comb.DEFAULT), 1000)
    assert text.startswith(first) and text.endswith(last) and len(first) == 1000
    assert f"{68_181_012 - 2000:,} digits not shown" in text
    small = open_page(COMBINATORICS, w="2", h="2", c="1", bits="4")
    assert small.code[0].value == str(16**4)


def test_digits_are_worked_out_only_when_asked_for(open_page, monkeypatch):
    """Issue 14: a thousand leading digits take ~50 ms of interval arithmetic on every new
    size; the closed panel computes none, an opened one (or a link with ?digits=) does."""
    asked = []
    edge_digits = comb.edge_digits
    monkeypatch.setattr(comb, "edge_digits", lambda *a: asked.append(a) or edge_digits(*a))
    at = open_page(COMBINATORICS, w="101")
    assert not asked and not at.get("selectbox") and not at.code
    at.session_state["more-digits"] = True  # what opening the panel sets
    at.run()
    assert asked and at.get("selectbox") and at.code
    opened = open_page(COMBINATORICS, w="101", digits="100")
    assert len(asked[-1][0].leading_digits(3)) == 3 and asked[-1][1] == 100
    assert opened.code[0].value.startswith(comb.edge_digits(asked[-1][0], 100)[0])


def test_a_bad_digits_value_gets_a_message(open_page):
    """Issue 9: ?digits= gets a message like every other key."""
    at = open_page(COMBINATORICS, digits="7")
    assert not at.exception
    assert any("digits=7" in w.value and "showing 1000" in w.value for w in at.warning)
    assert not open_page(COMBINATORICS, digits="100").warning


def test_smallest_square_follows_channels_and_bits(open_page):
    """In plain words: "3 channels of 8 bits", "1 channel of 1 bit", never "channel(s)"."""
    grey = page_html(open_page(COMBINATORICS, c="1", bits="8"))
    assert "6×6 pixels" in grey and "With 1 channel of 8 bits, a 6×6 image" in grey
    one_bit = page_html(open_page(COMBINATORICS, c="1", bits="1"))
    assert "17×17 pixels" in one_bit and "With 1 channel of 1 bit, a 17×17 image" in one_bit
    assert "(s)" not in grey + one_bit


def test_the_count_printed_out(open_page):
    """Issue 12: a scale a listener feels, exact: 68,181,012 digits at 4,800 a page."""
    html = page_html(open_page(COMBINATORICS))
    assert "29 books" in html and "14,205 pages" in html and "144 km" in html
    assert "81 digits: 17.1 cm in one line" in html and "one line of 17.1 cm" not in html


# -- text, audio and video on the same page --------------------------------------------------------


def test_text_deep_link(open_page):
    at = open_page(COMBINATORICS, m="text", vocab="50257", tokens="70")
    assert not at.exception and not at.warning
    assert at.title[0].value == "How many different texts are there?"
    assert preset(at, "text").value == "A tweet, in GPT-2 tokens"
    top = headline(at)
    assert "1.2127 × 10<sup>329</sup>" in top and "50,257<sup>70</sup>" in top
    html = page_html(at)
    assert "FineWeb" in html and "RedPajama" in html
    assert "18 symbols" in html


@pytest.mark.parametrize("preset_", [p for ps in mod.PRESETS.values() for p in ps], ids=lambda p: p.key)
def test_every_modality_preset(open_page, preset_):
    at = open_page(COMBINATORICS, m=preset_.data.modality)
    preset(at, preset_.data.modality).set_value(preset_.name).run()
    assert not at.exception
    assert {k: at.text_input(key=k).value for k in preset_.values} == {
        k: str(v) for k, v in preset_.values.items()
    }
    facts = comb.count_facts(preset_.data.count())
    assert f"{facts.scientific.exponent:,}" in headline(at)
    marked = [bar["name"] for bar in axis_bars(page_html(at)) if bar["here"]]
    assert marked == [f"▶ this view: {preset_.name}"]  # the preset's own bar, marked


def test_bad_modality_and_bad_audio_values(open_page):
    at = open_page(COMBINATORICS, m="smell")
    assert not at.exception
    assert "not one of" in at.warning[0].value
    assert at.title[0].value == "How many different images are there?"
    at = open_page(COMBINATORICS, m="audio", rate="abc", secs="-1")
    assert not at.exception
    assert len(at.warning) == 2
    assert "65,536<sup>15,876,000</sup>" in headline(at)  # the defaults: a 3-minute CD song


def test_back_to_the_posts_example(open_page, caplog):
    """The reset works and (issue 11) logs no "created with a default value" warning."""
    at = open_page(COMBINATORICS, m="text", vocab="27", tokens="5")
    back = next(b for b in at.button if "post's example" in b.label)
    back.click().run()
    assert not at.exception
    assert at.title[0].value == "How many different images are there?"
    assert "1.0149 ×" in headline(at)
    at = open_page(COMBINATORICS, w="28", h="28")
    next(b for b in at.button if "post's example" in b.label).click().run()
    assert [t.value for t in at.text_input] == ["2304", "4096", "3", "8"]
    preset(at).set_value("MNIST digit").run()
    assert "default value" not in caplog.text


def test_presentation_mode_from_the_link(open_page):
    at = open_page(COMBINATORICS, present="true")
    assert not at.exception
    height = re.compile(r"--plot: ([0-9]+)px")
    presented, plain = (count_plot(page_html(a))["figure"] for a in (at, open_page(COMBINATORICS)))
    assert int(height.search(presented)[1]) > int(height.search(plain)[1])  # charts grow with the mode
    assert '<figure class="html-plot count-plot presenting"' in presented


@pytest.fixture
def clicked(monkeypatch, served):
    """clicked(button) -> the bytes a download button gives, its data worked out on the click
    when it is deferred (a function), as the server does when a visitor clicks."""
    import streamlit.testing.v1.app_test as app_test

    managers = []

    class RecordingManager(app_test.MediaFileManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            managers.append(self)

    monkeypatch.setattr(app_test, "MediaFileManager", RecordingManager)

    def click(button) -> bytes:
        proto = button.proto
        url = managers[-1].execute_deferred(proto.deferred_file_id) if proto.deferred_file_id else proto.url
        return served(url)

    return click


def test_numbers_of_the_view_download_as_csv_and_json(open_page, clicked, monkeypatch):
    """The numbers are worked out only when a visitor clicks (issue 14: ~20 ms a new view)."""
    import csv
    import io

    asked = []
    view_numbers = comb.view_numbers
    monkeypatch.setattr(comb, "view_numbers", lambda *a, **k: asked.append(a) or view_numbers(*a, **k))
    at = open_page(COMBINATORICS, w="28", h="28", c="1")
    assert not asked
    buttons = {b.proto.label: b for b in at.get("download_button")}
    rows = dict(list(csv.reader(io.StringIO(clicked(buttons["Numbers as CSV"]).decode())))[1:])
    numbers = json.loads(clicked(buttons["Numbers as JSON"]))
    assert len(asked) == 2
    assert rows == numbers
    exact = 256**784  # MNIST: small enough to build and check
    assert numbers["decimal digits"] == str(len(str(exact)))
    assert numbers["first digits"] == str(exact)[:12] and numbers["last digits"] == str(exact)[-12:]
    assert numbers["share covered by MNIST (70,000 images)"] == "6.09·10^-1,884"


def test_repeated_choice_keys_say_which_is_shown(open_page):
    at = open_page(COMBINATORICS, m=["text", "audio"])
    assert not at.exception
    shown = at.title[0].value
    warning = next(w.value for w in at.warning if "more than once" in w.value)
    noun = {"texts": "text", "sounds": "audio"}[shown.split()[3]]
    assert noun in warning


@pytest.mark.parametrize("page", ["streamlit_app.py", COMBINATORICS])
def test_a_bad_present_value_gets_a_message(open_page, page):
    """Issue 9: ?present= gets a message like every other key, its text escaped."""
    at = open_page(page, present="[yes](http://x)")
    assert not at.exception
    messages = [w.value for w in at.warning]
    assert any("present=\\[yes\\]" in m and "presentation mode is off" in m for m in messages), messages
    assert not open_page(page, present="true").warning and not open_page(page, present="False").warning
    spaced = open_page(page, present=" true ")  # no warning, so it must be on
    assert not spaced.warning and spaced.session_state["_presenting"]


def test_one_notation_on_the_page(open_page):
    """Issue 12: superscripts and one multiplication sign, never a caret or a centred dot."""
    for query in ({}, {"m": "text"}, {"m": "audio"}, {"m": "video"}):
        html = page_html(open_page(COMBINATORICS, **query))
        body = html[: html.index("<style>")] if "<style>" in html else html
        assert "^" not in body and "·10" not in body, query


def test_a_page_whose_set_up_fails_still_shows_its_body(monkeypatch, caplog):
    """The body is a fragment called after the set-up: a broken set-up is logged, not fatal."""
    from lib.ui import page

    def broken(*args, **kwargs):
        raise RuntimeError("set-up broke")

    monkeypatch.setattr(page, "setup_page", broken)
    at = open_app("pages/1_Combinatorics.py")
    assert not at.exception and not at.error
    assert at.title[0].value == "How many different images are there?"
    assert "page set-up failed" in caplog.text


def test_each_kind_of_data_speaks_of_itself(open_page):
    """The cards of a video or a sound say nothing of tokens or images, and no figure is in
    e-notation (the screenshot review found "5.5e-06 of one frame" and a text caveat on video)."""
    import re

    # The cards and captions (the one-axis chart's bars name every kind of data).
    video = without_axis_bars(page_html(open_page(COMBINATORICS, m="video")))
    assert "34 values (of the 6,220,800 in one frame)" in video
    assert "one whole video per bit processed" in video and "tokens" not in video
    assert "image per bit" not in video  # the footnotes cite sources; the card says what is counted
    sound = without_axis_bars(
        page_html(open_page(COMBINATORICS, m="audio", rate="10000000", depth="32", ach="64"))
    )
    assert "9 samples, 14.1 ns of this sound" in sound and "one whole sound per bit" in sound
    for html in (video, sound):
        assert not re.search(r"\d[eE][-+]\d", html), re.search(r".{40}\d[eE][-+]\d.{10}", html)
    assert "tokens: ~4 characters each" in page_html(open_page(COMBINATORICS, m="text"))


def test_the_atoms_card_reads_as_english_either_way(open_page):
    """'… times as many as the ~10^80 atoms', '… times fewer than' for a tiny image; never
    'as many than', and no dangling 'And' before the other yardsticks."""
    big = page_html(open_page(COMBINATORICS))
    assert "times as many</div><p>as the ~" in big  # the card's figure, then its sentence
    assert "as many than" not in big and "estimate. And" not in big
    assert "times as many as the Shannon number" in big
    tiny = page_html(open_page(COMBINATORICS, w="2", h="2", c="1", bits="1"))
    assert "times fewer</div><p>than the ~" in tiny


def test_a_datasets_share_is_said_to_be_at_most(open_page):
    """Review 11, Wording-1: no collection holds photos of every format; the share is what it
    could cover at most (the card's small print: "it can only be smaller"), so the card's
    title says so, as the home page's claim 3 does."""
    html = page_html(open_page(COMBINATORICS))
    assert "the largest collection could hold, at most" in html
    assert "the largest collection holds" not in html


def test_a_tiny_image_reads_plainly(open_page):
    """Review 11, Comb-3: a 1×1 image's 16,777,216 is shown whole, so no "begins 16777216…
    ends …16777216"; 8 digits are no "1 page (500-page books)"; and a look at every one takes
    "less than a second", not 6.56 × 10^-76 years. The phone photo keeps all three."""
    tiny = page_html(open_page(COMBINATORICS, w="1", h="1"))
    assert "16,777,216" in tiny and "begins" not in tiny and "Exactly <b>8</b> digits;" in tiny
    assert "500-page books" not in tiny and "its digits run 1.69 cm in one line" in tiny
    assert "less than a second" in tiny
    photo = page_html(open_page(COMBINATORICS))
    assert "it begins" in photo and "14,205 pages (500-page books)" in photo
    assert "less than a second" not in photo


def test_footnotes_are_numbered_in_reading_order(open_page):
    """Review 11, Comb-4: the first card read atoms³, Planck times¹, Shannon number²; the marks
    now count up as a reader meets them, on every kind of data."""
    for modality in ("image", "text"):
        html = page_html(open_page(COMBINATORICS, m=modality))
        cards = html.split('<ol class="sources">')[0]
        firsts = []
        for mark in re.findall(r'<sup class="fn">([\d, ]+)</sup>', cards):
            firsts += [int(n) for n in mark.split(", ") if int(n) not in firsts]
        assert firsts == sorted(firsts) and firsts[0] == 1, (modality, firsts)


@pytest.mark.parametrize(
    ("page", "after"),
    [
        ("streamlit_app.py", "Combinatorics"),
        (COMBINATORICS, "Sampling"),
        ("pages/2_Sampling.py", "Learning"),
        ("pages/3_Learning.py", "Talk"),
    ],
)
@pytest.mark.parametrize("present", [None, "true"])
def test_every_page_ends_with_the_way_on(open_page, page, after, present):
    """Review 15 (Flow-1): a page ended on its footnotes and "Link to this view", the next page
    of the argument only in the sidebar (on a phone, behind its » icon). Each page but the talk
    now ends with a link to the next, which keeps presentation mode."""
    at = open_page(page, **({"present": present} if present else {}))
    link = list(at.main)[-1]  # the page's last element, after its footnotes and its link
    assert link.proto.page == after and link.proto.label.startswith("Next: ") and link.proto.help
    assert link.proto.query_string == ("present=true" if present else "")


def test_the_talk_has_no_way_on(open_page):
    at = open_page("pages/4_Talk.py")
    assert not [el for el in at.main.get("page_link") if el.proto.label.startswith("Next: ")]
