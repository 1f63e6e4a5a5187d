"""AppTest runs of the learning page: the ladder's numbers, the charts, deep links, lossless sheets."""

from __future__ import annotations

import html
import math
import re
from decimal import Decimal

import numpy as np
import pytest
from conftest import fitted_study, html_blocks, node_html, page_html
from fixtures import OWN_PICTURE
from ladder_reading import read_ladder
from learning_plots_reading import read_histogram, read_records

from lib import density as dm
from lib import learning_parts, ui
from lib import photo_corpus as corpus
from lib import reference_figures as ref
from lib.big_numbers import Magnitude
from lib.charts import ladder_plot, learning_cards

LEARNING = "pages/3_Learning.py"
DEFAULT_HOLDOUT = ("rocket", "grass")
OKABE_ITO = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#999999"}


def study(
    size: int = 8,
    channels: int = 1,
    train: int = 4000,
    seed: int = 0,
    holdout: tuple[str, ...] = DEFAULT_HOLDOUT,
) -> dm.Study:
    """The page's view rebuilt from lib alone (the same call the page makes), once per process."""
    return fitted_study(holdout, size, channels, train, seed)


def reference(*settings) -> dm.LadderResult:
    return study(*settings).ladder


def served_study(
    size: int = 8, channels: int = 1, train: int = 4000, seed: int = 0, holdout=DEFAULT_HOLDOUT
) -> dm.Study:
    """The study this server keeps for these settings: the one the page showed, if it used
    exactly them (otherwise this fits them now, and the figures will not match). The default
    view is also compared with a fit rebuilt from lib alone (:func:`study`); other views are
    checked against the server's own fit, which spares each test a second fit."""
    return ui.study_service().study(dm.StudySettings(size, channels, train, seed, holdout), always=True)


@pytest.fixture(scope="module")
def default_view():
    """One finished run of the page's default view, shared by the tests that only read it."""
    from conftest import open_app

    return open_app(LEARNING)


def ladder_rows(at) -> dict[str, list[str]]:
    """The rung cards as {model: [held-out bits/dim, training bits/dim, how counted]}."""
    body = next(el for el in html_blocks(at) if "on its training patches:" in el)
    body = body.split('<h2 class="section">Memorising')[0]  # the rungs' cards, not the datasets'
    rows = {}
    for title, figure, rest in re.findall(r'<h4>(.*?)</h4><div class="figure">(.*?)</div>(.*?)</div>', body):
        train = re.search(r"on its training patches: ([0-9.]+)", rest)
        note = re.search(r'<p class="note">(.*?)</p>', rest)
        rows[html.unescape(title)] = [
            figure.replace(" bits per value", ""),
            train.group(1) if train else "",
            html.unescape(note.group(1)) if note else "",
        ]
    return rows


def captions(at) -> str:
    """The page's small print: its captions, and the paragraphs it writes as captions in HTML."""
    written = re.findall(r'<p class="caption">(.*?)</p>', page_html(at), re.S)
    return "\n".join(
        [c.value for c in at.caption] + [html.unescape(re.sub(r"<.*?>", "", w)) for w in written]
    )


def assert_table_matches(at, expected: dm.LadderResult) -> None:
    rows = ladder_rows(at)
    for rung in expected.rungs:
        held, train, counted = rows[rung.name]
        assert held == f"{rung.bits_per_dim:.3f}"
        assert train == f"{rung.train_bits_per_dim:.3f}"
        assert (
            counted == learning_cards.COUNTED_IN_WORDS[rung.likelihood]
        )  # plain words; the method's in the footnote
    assert rows["PNG file"][0] == f"{expected.png_bits_per_dim:.3f}"
    assert rows["WebP lossless file"][0] == f"{expected.webp_bits_per_dim:.3f}"
    left_out = dm.mixture_left_out(expected.dims, expected.train_count)
    if left_out is not None:  # not fitted at this size: its card says why, where it would have been
        assert rows["Gaussian mixture"][0] == "not fitted"
        assert html.escape(left_out) in page_html(at)
    assert len(rows) == len(expected.rungs) + 2 + (left_out is not None)
    assert expected.computed_on() in captions(at)


def test_defaults_render_and_match_fit_ladder(default_view):
    at = default_view
    assert not at.exception and not at.error and not at.warning
    assert at.title[0].value == "Memorise or model?"
    assert at.segmented_control(key="size").value == "8"
    assert at.segmented_control(key="colour").value == "grey"
    assert at.text_input(key="seed").value == "0" and at.text_input(key="train").value == "4000"
    assert at.multiselect(key="holdout").value == list(DEFAULT_HOLDOUT)
    assert_table_matches(at, reference())
    assert [r.name for r in reference().rungs] == [
        "uniform",
        "independent pixels",
        "Gaussian",
        "autoregressive",
        "Gaussian mixture",
    ]


def test_default_holdout_is_the_benchmarks_split():
    photos = corpus.load_corpus()
    split = dm.split_by_photo([p.pixels for p in photos], 0.25, rng=0)
    assert tuple(photos[i].credit.key for i in split.test_indices) == DEFAULT_HOLDOUT


def shown_points(at) -> dict[tuple[str, str], str]:
    """The ladder's points as the page drew them: {(model, series' words): figure on hover}."""
    ladder = read_ladder(page_html(at))
    return {
        (m.title.split(", ")[0], ladder_plot.SERIES[m.series].label): m.title.split(": ")[1].split(" ")[0]
        for m in ladder.markers
    }


def test_ladder_has_every_rung_and_png_and_cifar10_has_its_own(open_page):
    at = open_page(LEARNING)
    at.session_state["histograms"] = True  # the histograms' panel, drawn only while open
    at.run()
    assert not at.get("vega_lite_chart")  # the page's own HTML: no Vega loaded for it
    page = page_html(at)
    read_histogram(page)  # the two histograms, drawn (tests/test_learning_reruns.py reads them)
    points, expected = shown_points(at), reference()
    for rung in expected.rungs:
        assert points[rung.name, ladder_plot.HELD_OUT.label] == f"{rung.bits_per_dim:.3f}"
        assert points[rung.name, "training patches"] == f"{rung.train_bits_per_dim:.3f}"
    assert points["PNG (lossless file)", ladder_plot.PNG.label] == f"{expected.png_bits_per_dim:.3f}"
    assert len(points) == 3 * len(expected.rungs) + 2 and not any("PixelCNN" in m for m, _ in points)
    assert "CIFAR" not in read_ladder(page_html(at)).description
    assert {s.colour for s in ladder_plot.SERIES} <= OKABE_ITO
    records = read_records(page)  # CIFAR-10's records, apart from the ladder
    assert [n["words"] for n in records["names"]] == [f"{r.model} ({r.year})" for r in ref.CIFAR10_CHART]
    for r, (title, _, _) in zip(ref.CIFAR10_CHART, records["points"], strict=True):
        assert f": {r.bits_per_dim:.2f} bits per value" in title and title.endswith(r.citation)  # each cited
    assert "Guessing blindly takes 8 bits for each value" in page_html(at)


def in_order(block):
    """Every element of a run's tree, depth first, in the order the page draws them."""
    for child in block.children.values():
        if hasattr(child, "children") and getattr(child, "type", "") not in ("html", "markdown"):
            yield from in_order(child)
        else:
            yield child


def beside(block, label: str):
    """The block whose own children include the input labelled ``label``."""
    for child in block.children.values():
        if getattr(child, "label", None) == label and child.type == "text_input":
            return block
        if hasattr(child, "children") and child.type not in ("html", "markdown"):
            found = beside(child, label)
            if found is not None:
                return found
    return None


def test_the_page_opens_with_its_picture_then_plain_words(default_view):
    """Story first: a plain heading saying what the ladder shows, then the ladder, then plain
    sentences; the formula and the method's name wait in "How the scores are counted"."""
    drawn = list(in_order(default_view.main))
    chart = next(i for i, el in enumerate(drawn) if '<figure class="ladder-plot' in node_html(el))
    said_before = " ".join(node_html(el) or getattr(el, "value", "") for el in drawn[:chart])
    assert "Bits each model needs per pixel value of photos it never saw" in said_before
    for method in ("log₂", "dimension", "Gaussian", "autoregressive", "entropy", "held-out"):
        assert method not in said_before
    after = node_html(drawn[chart]).split("</figure>")[1]  # the ladder's notes, in its element
    assert after.index("Guessing blindly takes 8 bits") < after.index("Computed on")
    how = next(e for e in default_view.expander if e.label == "How the scores are counted")
    assert "**Bits per value** (in papers: *bits per dimension*" in how.markdown[0].value


@pytest.mark.parametrize(
    "query, settings",
    [
        (
            dict(size="16", colour="rgb", seed="5", train="600", holdout=["camera", "coffee"]),
            (16, 3, 600, 5, ("camera", "coffee")),
        ),
        (dict(seed="3", train="1500"), (8, 1, 1500, 3, DEFAULT_HOLDOUT)),
    ],
)
def test_deep_link_opens_that_view(open_page, fresh_fitting_budget, query, settings):
    at = open_page(LEARNING, **query)
    assert not at.exception and not at.warning
    size, channels, _train, _seed, holdout = settings
    assert at.segmented_control(key="size").value == str(size)
    assert at.multiselect(key="holdout").value == list(holdout)
    expected = served_study(*settings).ladder
    assert_table_matches(at, expected)
    assert f"held out: {', '.join(holdout)}" in captions(at)
    if size * size * channels > dm.MIXTURE_MAX_DIMS:
        assert all(r.name != "Gaussian mixture" for r in expected.rungs)
        assert "No row of samples for the Gaussian mixture" in captions(at)


@pytest.mark.parametrize(
    "query, keys",
    [
        (dict(size="12", colour="purple"), ["size", "colour"]),
        (dict(seed="-1", train="abc"), ["Seed", "Training patches"]),
        (dict(seed="1e400", train="499"), ["Seed", "Training patches"]),
        (dict(holdout="nope"), ["not in the corpus"]),
        (dict(holdout=""), ["at least one photo"]),
        (
            dict(
                holdout=[
                    "astronaut",
                    "camera",
                    "chelsea",
                    "coffee",
                    "rocket",
                    "hubble_deep_field",
                    "grass",
                    "gravel",
                    "brick",
                    "clock",
                ]
            ),
            ["at least one photo"],
        ),
        (dict(size="<img src=x onerror=alert(1)>"), ["size"]),
    ],
)
def test_bad_links_give_a_message_and_the_defaults(open_page, query, keys):
    at = open_page(LEARNING, **query)
    assert not at.exception and not at.error
    warnings = " ".join(w.value for w in at.warning)
    assert len(at.warning) == len(keys)
    for key in keys:
        assert key in warnings
    assert_table_matches(at, reference())  # the page keeps working, on the defaults
    assert "<img" not in OWN_PICTURE.sub("", page_html(at))  # none but the samples the app draws


def test_repeated_keys_say_so(open_page):
    at = open_page(LEARNING, seed=["3", "0"])
    assert not at.exception
    assert any("more than once" in w.value for w in at.warning)
    assert_table_matches(at, reference())  # the last one, 0, is used


def test_images_are_lossless_png_and_pixel_exact(default_view, media):
    at = default_view
    # The samples matrix, one strip per row (written into one block of HTML), then the eigenvectors.
    shown = media(at)
    expected = reference()
    rows = ["real"] + [r.name for r in expected.rungs if r.name != "uniform"] + ["uniform"]
    assert len(shown) == len(rows) + 1

    def strip(patches):  # at the patches' own size: the browser enlarges it by whole factors
        return corpus.contact_sheet(dm.patches_to_images(patches[:6], 8, 1), 6, scale=1, gap=1)

    assert np.array_equal(shown[0], strip(expected.real_examples))
    for image, name in zip(shown[1 : len(rows)], rows[1:], strict=True):
        assert np.array_equal(image, strip(expected.rung(name).samples)), name  # grey, never resampled
    photos = corpus.load_corpus()
    sets = dm.patch_sets([p.pixels for p in photos], [4, 6], 8, 1, 4000, 0)  # rocket, grass
    eigen = dm.GaussianModel(8, 1).fit(sets.train).eigenvector_images(32)
    # Each pattern inside a light grey frame (review 11, Learning-4: the first, flat and near
    # white, vanished into the page): the lines between them and around the sheet.
    sheet = corpus.contact_sheet(eigen, 8, scale=1, gap=1, background=200)
    assert np.array_equal(shown[-1], np.pad(sheet, 1, constant_values=200))
    assert eigen[0].min() > 200  # the flat one is lighter than its frame
    assert all(img.alt for el in at.image for img in el.proto.imgs)  # every image has alt text
    assert page_html(at).count('alt="6 patches: ') == len(rows)


def test_samples_are_larger_on_a_projector_and_said_in_plain_words(default_view, open_page):
    """Finding 19 of review 9: presenting at 1920, the six 8×8 patches were 64 px each, and the
    caption spoke of "whole screen pixels (8×8 where the column is wide enough …)". A patch
    may grow to 96 screen pixels on a screen (64 filled half of a 1920 column: review 14,
    Learn-2), 128 on a projector (the strip of six with its five gaps: 53 px at its own
    size), the Gaussian's patterns with them; the caption says what a visitor sees."""
    presented = open_page(LEARNING, present="true")
    assert not presented.exception and not presented.error
    for at, most in ((default_view, 12), (presented, 16)):
        rows = re.findall(r"--side: (\d+)px; --room: min\(100%, (\d+)px\)", page_html(at))
        *samples, eigen = rows  # six strips, then the Gaussian's patterns (8 to a row, framed: 73 px)
        assert len(samples) == 6 and all(row == ("53", str(most * 53)) for row in samples), rows
        assert eigen == ("73", str(most * 73))
    words = " ".join(captions(default_view).split())
    assert "each pixel enlarged as a sharp square, never smoothed." in words
    assert "screen pixels" not in words and "8×8 where" not in words


def test_same_seed_same_numbers_and_pictures(open_page, media, fresh_fitting_budget):
    """Same link, same pixels: the page's fit of a seed nobody asked for before is exactly a
    fit of that seed rebuilt from lib alone (every card, every sample strip); another seed
    keeps the held-out patches and changes the models' samples."""
    settings = (8, 1, 1000, 7, DEFAULT_HOLDOUT)
    assert not ui.study_service().cached(dm.StudySettings(*settings))  # a real fit, not a kept one
    at = open_page(LEARNING, seed="7", train="1000")
    assert_table_matches(at, reference(*settings))
    shown = media(at)
    rows = [reference(*settings).real_examples] + [
        r.samples for r in reference(*settings).rungs if r.name != "uniform"
    ]

    def strip(patches):
        return corpus.contact_sheet(dm.patches_to_images(patches[:6], 8, 1), 6, scale=1, gap=1)

    assert all(np.array_equal(image, strip(p)) for image, p in zip(shown, rows, strict=False))
    other = study(8, 1, 1000, 8)
    assert np.array_equal(other.ladder.real_examples, reference(*settings).real_examples)
    assert not np.array_equal(other.ladder.rungs[1].samples, reference(*settings).rungs[1].samples)
    assert other.ladder.rung("Gaussian").bits_per_dim != reference(*settings).rung("Gaussian").bits_per_dim


def test_memorising_counts_bytes_and_shares_exactly(default_view):
    at = default_view
    html_text = page_html(at)
    assert f"{14_197_122 * 224 * 224 * 3:,}" in html_text  # ImageNet at 224×224, exact bytes
    # LAION-5B's 5.85·10^9 is rounded: its size is shown rounded, never to the byte.
    assert f"{5_850_000_000 * 2304 * 4096 * 3:,}" not in html_text
    assert f"{5_850_000_000 * 224 * 224 * 3:,}" not in html_text
    share = ref.LAION_5B.magnitude / Magnitude.power(256, 224 * 224 * 3)
    assert ui.power_html(share.scientific(3)) in html_text
    table = study().table
    text = page_html(at)
    assert f"{table.train_bits_per_dim:.3f} bits per value" in text and "<strong>∞ bits</strong>" in text
    assert (
        table.hits == 0
        and f"none of the {study().ladder.test_count:,} held-out patches is in the table" in text
    )
    assert "flat patches of one value: 0" not in text


def test_effective_space_and_its_rounding_are_shown(default_view):
    """The heading, then the two big numbers, then what they mean (review 10): how b·D is rounded
    is said once, in "How the scores are counted", not under the numbers."""
    at = default_view
    best = min(reference().rungs, key=lambda r: r.bits_per_dim)
    patch = dm.effective_space(best.bits_per_dim, 64)
    phone = dm.effective_space(best.bits_per_dim, ref.PHONE_PHOTO_VALUES)
    html_text = page_html(at)
    for value in (patch.favoured, patch.everything, phone.favoured, phone.fraction):
        assert ui.power_html(value.scientific(3)) in html_text
    assert "extrapolation" in html_text
    heading = html_text.index("How many images can the best model favour?")
    numbers = html_text.index(ui.power_html(patch.favoured.scientific(3)))
    meaning = html_text.index(f"The best model here, <strong>{best.name}</strong>, needs b = ")
    assert heading < numbers < meaning
    assert "rounded up to" not in html_text and "rounding:" not in html_text
    # Review 11, Learning-3: the patch's count is 2 to the whole bits b·D rounds up to, and
    # says so beside it (8.54 × 10^96 is 2^322, not 2^321.536).
    product = Decimal(f"{best.bits_per_dim:.3f}") * 64
    whole = math.ceil(product)
    assert whole == patch.favoured_bits and whole != product
    assert f"= 2<sup>{whole}</sup> (b·D = {product.normalize()}, rounded up), of " in html_text
    how = next(e for e in at.expander if e.label == "How the scores are counted").markdown[0].value
    assert "then b·D **up** to a whole number of bits n, so that 2ⁿ still bounds" in how


def test_the_non_monotone_ladder_is_explained(default_view):
    at = default_view
    independent = reference().rung("independent pixels")
    assert independent.bits_per_dim > 8  # what the teammate measured: worse than uniform
    text = page_html(at)
    assert f"<strong>independent pixels</strong> costs {independent.bits_per_dim:.3f}" in text
    assert "worse than uniform noise because <strong>each photo has its own histogram</strong>" in text


def test_credits_and_back_to_the_defaults(open_page):
    at = open_page(LEARNING, seed="3", train="1500", holdout=["camera", "coffee"])
    text = " ".join(c.value for c in at.caption)
    for credit in corpus.load_manifest():
        assert credit.title in text and credit.author in text and credit.licence in text
    next(b for b in at.button if b.label == "Back to the defaults").click().run()
    assert not at.exception
    assert at.text_input(key="seed").value == "0" and at.text_input(key="train").value == "4000"
    assert at.multiselect(key="holdout").value == list(dm.StudySettings().holdout)
    assert_table_matches(at, reference())


def test_lookup_table_against_counting_by_hand():
    train = np.array([[1, 2], [1, 2], [1, 2], [7, 7], [3, 4]], np.uint8)
    table = dm.lookup_table(train, np.array([[7, 7], [1, 2], [0, 0], [2, 1]], np.uint8))
    # copies 3, 1, 1 of N = 5: 3·log2(5/3) + 2·log2(5) bits over 5 patches of 2 values
    assert table.train_bits_per_dim == pytest.approx((3 * np.log2(5 / 3) + 2 * np.log2(5)) / 10)
    assert (table.hits, table.flat_hits, table.misses, table.stored_values) == (2, 1, 2, 10)
    with pytest.raises(ValueError, match="shape"):
        dm.lookup_table(train, np.zeros((2, 3), np.uint8))


def test_lookup_table_against_a_dictionary_of_patches():
    """Thousands of patches with many copies, flat ones among them, against a plain dictionary."""
    import math
    from collections import Counter

    rng = np.random.default_rng(3)
    pool = np.concatenate([rng.integers(0, 4, (60, 6)), np.repeat(np.arange(0, 250, 50), 6).reshape(5, 6)])
    pool = pool.astype(np.uint8)
    train, test = (
        pool[rng.integers(0, 65, 3000)],
        np.concatenate([pool[rng.integers(0, 65, 400)], pool[:50] + 9]),
    )
    counts = Counter(row.tobytes() for row in train)
    bits = sum(c * math.log2(len(train) / c) for c in counts.values()) / train.size
    hits = [row for row in test if row.tobytes() in counts]
    table = dm.lookup_table(train, test)
    assert table.train_bits_per_dim == pytest.approx(bits, rel=1e-12)
    assert table.hits == len(hits) and table.misses == len(test) - len(hits) and table.misses >= 50
    assert table.flat_hits == sum(row.min() == row.max() for row in hits) > 0


def test_the_waiting_message_only_when_a_fit_waits():
    import threading

    rng = np.random.default_rng(0)
    pictures = [rng.integers(0, 256, (24, 24, 3), dtype=np.uint8) for _ in range(3)]
    service = dm.StudyService(lambda: (pictures, ["a", "b", "c"]))
    heard = []
    service.study(dm.StudySettings(size=4, train=500, holdout=("c",)), lambda f, t: heard.append(t))
    assert heard and not any("waiting" in t for t in heard)  # alone: no wait announced
    service._fitting.acquire()  # another fit is running
    waiting = []
    thread = threading.Thread(
        target=service.study,
        args=(dm.StudySettings(size=4, train=600, holdout=("c",)), lambda f, t: waiting.append(t)),
    )
    thread.start()
    thread.join(0.5)
    assert waiting == ["waiting for another fit to finish"]
    service._fitting.release()
    thread.join(30)
    assert len(waiting) > 1 and service.cached(dm.StudySettings(size=4, train=600, holdout=("c",)))


def test_page_measures_the_gap_and_states_the_counting_claim(default_view):
    """Issue 10.1 and 10.2: fresh patches of the training photos; no 'typical set'; own entropy."""
    at = default_view
    text = " ".join(md.value for md in at.markdown) + page_html(at) + captions(at)
    assert "typical" not in text.lower()
    found = dm.gaps(reference())
    assert f"{found.change(found.memorised)}: so little is all they memorised" in text
    assert f"{found.change(found.between_photos)} more: the difference between photos" in text
    assert "at most 2<sup>b·D</sup> images can each get a chance as high as 2<sup>−b·D</sup>" in text
    assert "2^(" not in text and "2^−(" not in text, "powers are typeset, never a caret formula"
    assert "patches with a chance ≥ 2<sup>−b·D</sup> each: at most" in text
    # Both big numbers and what they are a part of are rounded, and say so under them.
    assert re.search(r"of <span[^>]*>1\.34 × 10<sup>154</sup></span> \(both to 3 significant digits\)", text)
    assert re.search(r"a share of <span[^;]*</sup></span> \(both to 3 significant digits\)", text)
    best = study().best
    assert f"own samples cost it ≈\u00a0{best.entropy_bits_per_dim:.3f}" in text  # one line on a phone
    cards = page_html(at)
    for rung in reference().rungs:
        assert f"on new patches of the training photos: {rung.fresh_bits_per_dim:.3f}" in cards
        assert (
            f"of its own samples cost it: ≈\u00a0{rung.entropy_bits_per_dim:.3f}" in cards
        )  # kept together on a phone
    points = shown_points(at)
    for rung in reference().rungs:
        assert points[rung.name, ladder_plot.FRESH.label] == f"{rung.fresh_bits_per_dim:.3f}"


def test_fitting_budget_refuses_new_settings_instead_of_queueing():
    """Issue 9: beyond the per-server budget a visitor gets a message at once, not a queue."""
    now = [0.0]
    rng = np.random.default_rng(0)
    pictures = [rng.integers(0, 256, (24, 24, 3), dtype=np.uint8) for _ in range(3)]

    def photos():
        now[0] += 4.0  # each fit takes four CPU seconds by this clock
        return pictures, ["a", "b", "c"]

    service = dm.StudyService(
        photos, budget_seconds=5, window_seconds=60, clock=lambda: now[0], thread_clock=lambda: now[0]
    )
    first = dm.StudySettings(size=4, train=500, holdout=("c",))
    service.study(first)  # 4 s spent (by the fake clock)
    service.study(dm.StudySettings(size=4, train=510, holdout=("c",)))  # 8 s spent
    with pytest.raises(dm.ServerBusy, match="spent its 5 s"):
        service.study(dm.StudySettings(size=4, train=520, holdout=("c",)))
    assert service.study(first) is service.study(first)  # fitted settings are always served
    service.study(dm.StudySettings(size=4, train=530, holdout=("c",)), always=True)  # the default
    now[0] += 120  # a minute later the budget is back
    service.study(dm.StudySettings(size=4, train=540, holdout=("c",)))


def test_waiting_visitors_are_capped():
    rng = np.random.default_rng(0)
    pictures = [rng.integers(0, 256, (24, 24, 3), dtype=np.uint8) for _ in range(3)]
    service = dm.StudyService(lambda: (pictures, ["a", "b", "c"]), max_waiting=0)
    service._fitting.acquire()  # a fit of other settings is running
    try:
        with pytest.raises(dm.ServerBusy, match="other new settings"):
            service.study(dm.StudySettings(size=4, train=500, holdout=("c",)))
    finally:
        service._fitting.release()


@pytest.mark.parametrize(
    "query, shown, message",
    [
        (dict(size="32", colour="rgb", train="20000"), (16, 3, 666), "too many to fit while you wait"),
        (dict(size="16", colour="rgb", train="20000"), (16, 3, 666), "At most 666"),
        (dict(size="32", colour="grey", train="20000"), (32, 1, 500), "At most 500"),
        (dict(size="8", colour="grey", train="20000"), (8, 1, 8000), "At most 8,000"),
        # A link asking only for a shape: the default count is capped quietly, and said in words.
        (dict(size="16", colour="rgb"), (16, 3, 666), None),
    ],
)
def test_limit_views_work_and_say_what_they_fit(open_page, fresh_fitting_budget, query, shown, message):
    at = open_page(LEARNING, **query)
    assert not at.exception and not at.error
    if message is None:
        assert not at.warning, [w.value for w in at.warning]
        assert (
            "Using 666 training patches, not the box's 4,000: at 16×16 RGB, 666 is the most we can fit while you wait"
            in captions(at)
        )
        assert "server" not in captions(at) + " ".join(w.value for w in at.warning)  # a visitor's words
        # Said in the inputs' row, beside the box that shows 4000, not below the photos' box.
        row = beside(at.main, "Training patches")
        assert any("Using 666" in str(getattr(el, "value", "")) for el in row.children.values())
    else:
        assert any(message in w.value for w in at.warning)
        assert "Using " not in captions(at)
    size, channels, train = shown
    study = served_study(size, channels, train)
    ladder = study.ladder
    assert ladder.train_count == train
    assert_table_matches(at, ladder)
    if message is None:  # review 11, Learning-2: WebP's lead over every model, explained
        test = study.held_out.test.reshape(-1, size * size, 3)
        grey = int((test.max(axis=2) == test.min(axis=2)).all(axis=1).sum())
        assert 0 < grey < test.shape[0] and ladder.webp_bits_per_dim < study.best.bits_per_dim
        words = html.unescape(re.sub(r"<.*?>", "", page_html(at)))
        assert "WebP beats every model here" in words
        assert (
            f"{grey:,} of the {test.shape[0]:,} held-out patches are grey (R\u00a0=\u00a0G\u00a0=\u00a0B in every"
            in words
        )


# -- fits made ahead of a visitor (issue 14: the next seed, fitted while the server is idle) ------


def _tiny_service(**kwargs) -> tuple[dm.StudyService, list[str]]:
    """A service on three small random pictures; ``calls`` records each fit's start by thread."""
    import threading

    rng = np.random.default_rng(0)
    pictures = [rng.integers(0, 256, (24, 24, 3), dtype=np.uint8) for _ in range(3)]
    calls: list[str] = []

    def photos():
        calls.append(threading.current_thread().name)
        return pictures, ["a", "b", "c"]

    return dm.StudyService(photos, **kwargs), calls


TINY = dm.StudySettings(size=4, train=500, holdout=("c",))


def _figures(study: dm.Study) -> list:
    return [(r.name, r.bits_per_dim, r.train_bits_per_dim, r.samples.tobytes()) for r in study.ladder.rungs]


def _html_paths(at) -> dict[tuple, str]:
    """Where each html, empty and progress element sits in the page's tree (its delta path)."""
    found: dict[tuple, str] = {}

    def walk(node, path: tuple) -> None:
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for key, child in children.items():
                walk(child, (*path, key))
        elif getattr(node, "type", "") in ("html", "bidi_component", "empty", "progress"):
            kind = "html" if node.type == "bidi_component" else node.type  # shown in place: HTML too
            found[path] = kind + (": memorising" if "Memorising" in node_html(node) else "")

    walk(at._tree, ())
    return found


def test_what_follows_the_inputs_keeps_its_place_while_a_new_seed_is_fitted(open_page):
    """The progress bar of a fit has a slot of its own below the inputs: in the flow it took the
    place of the samples and cards that follow them (they vanished during every fit, and the
    browser rebuilt them one element further down)."""
    fitted = _html_paths(open_page(LEARNING, seed="987001"))  # a seed nobody asked for: a fit
    kept = _html_paths(open_page(LEARNING, seed="987001"))  # the same, kept: no bar
    below = [path for path, kind in fitted.items() if kind.endswith("memorising")]
    assert len(below) == 1 and kept.get(below[0]) == "html: memorising", (fitted, kept)


def test_a_busy_server_says_so_and_shows_the_default_view(open_page, monkeypatch):
    """Beyond the fitting budget a new seed gets a message and the default view; the message
    stays once the progress bar is emptied (they share the block below the inputs)."""
    open_page(LEARNING)  # the default view, fitted
    admit = dm.StudyService._admit

    def busy(self, always: bool) -> None:
        if not always:
            raise dm.ServerBusy("this server has spent its fitting for now (a test)")
        admit(self, always)

    monkeypatch.setattr(dm.StudyService, "_admit", busy)
    at = open_page(LEARNING, seed="424242")
    assert not at.exception
    assert [i.value for i in at.info] == [
        "Not fitted now: this server has spent its fitting for now (a test). Showing the default view; "
        "try again in a minute."
    ]
    assert f"seed {dm.DEFAULT_SEED})" in captions(at)  # the default view's samples


def test_a_fit_made_ahead_is_the_honest_fit_kept_and_counted():
    service, calls = _tiny_service()
    service.study(TINY)
    following = dm.next_seed(TINY)
    assert following == dm.StudySettings(size=4, train=500, seed=1, holdout=("c",))
    spent = service.spent()
    service.ahead(following, delay=0).join(30)
    assert calls == ["MainThread", "study-ahead"] and service.cached(following)
    assert service.spent() > spent  # counted in the fitting budget like any fit
    alone, _ = _tiny_service()
    assert _figures(service.study(following)) == _figures(alone.study(following))  # the same fit
    assert service.ahead(following) is None  # fitted: nothing to do
    assert service.ahead(dm.StudySettings(size=8, train=500, holdout=("c",))) is None  # no held-out side yet


def test_both_neighbours_are_fitted_ahead_at_the_lowest_priority_and_counted_in_cpu_seconds():
    """The next seed, the one before and the two after the next, each counted by the CPU its fit used (not by the
    wall clock, which a busy machine stretches), by threads that yield the CPU to everyone."""
    import os
    import threading

    from lib.density.priority import hurry_fits_ahead

    wall = [0.0]
    service, calls = _tiny_service(clock=lambda: wall[0])
    middle = dm.StudySettings(size=4, train=500, seed=5, holdout=("c",))
    service.study(middle)
    priorities = []
    photos = service._photos

    def slow_wall_and_priority():
        wall[0] += 100.0  # by the wall clock each fit takes 100 s: the budget must not see it
        priorities.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        hurry_fits_ahead()  # as a visitor asking for this seed would: the next fit yields again
        return photos()

    service._photos = slow_wall_and_priority
    service.ahead(dm.neighbour_seeds(middle), delay=0).join(60)
    assert calls == ["MainThread", *["study-ahead"] * 4]
    assert all(
        service.cached(dm.StudySettings(size=4, train=500, seed=seed, holdout=("c",)))
        for seed in (6, 4, 7, 8)
    )  # the next seed, the one before, the two after the next
    assert priorities == [19, 19, 19, 19]  # nice 19: CPU time nobody else wants
    assert 0 < service.spent() < 60  # five fits' CPU seconds, not 400 wall seconds


def _held_in_photos(service: dm.StudyService):
    """Make the service's fits wait in ``photos()`` until released: (one started, release)."""
    import threading

    started, release = threading.Event(), threading.Event()
    photos = service._photos

    def held():
        started.set()
        assert release.wait(30)
        return photos()

    service._photos = held
    return started, release


def _fitting_ahead(then=None, after=()):
    """A tiny service whose default is fitted and whose next seed is being fitted ahead (then
    the settings ``after``, each followed by ``then``), held in its photos (so it holds the
    fitting lock) until ``release`` is set."""
    service, calls = _tiny_service()
    service.study(TINY)
    started, release = _held_in_photos(service)
    following = dm.next_seed(TINY)
    ahead = service.ahead([following, *after], delay=0, then=then)
    assert started.wait(30)  # the fit made ahead is running, holding the fitting lock
    return service, calls, release, following, ahead


def test_a_fit_made_ahead_takes_the_latest_settings_asked_for_next():
    """A visitor stepping through seeds faster than a fit asks again while one is being made
    ahead: that thread fits the new settings next (they were dropped, and the seed after next
    was never started a view early)."""
    service, calls, release, following, ahead = _fitting_ahead()
    later = [dm.StudySettings(size=4, train=500, seed=seed, holdout=("c",)) for seed in (7, 8)]
    assert service.ahead(later) is ahead  # the thread already running takes them
    release.set()
    ahead.join(60)
    assert service.cached(following) and all(service.cached(s) for s in later)
    assert calls == ["MainThread"] + ["study-ahead"] * 3
    assert service.ahead(later) is None  # all fitted: nothing to do, and no thread left running


def test_a_fit_made_ahead_goes_on_once_the_visitor_who_waited_for_it_has_read_it():
    """A presenter stepping seeds asks for the one being fitted ahead: they wait for it, then
    take the fitting lock for an instant to read it. The thread fitting ahead, meanwhile free,
    goes on to the seed after (it found the lock taken, ended, and that seed started only a
    view later, still fitting when asked for: traced at bench_pages' pace)."""
    import threading
    import time

    service, calls, release, following, ahead = _fitting_ahead()
    after = dm.StudySettings(size=4, train=500, seed=2, holdout=("c",))
    assert service.ahead([following, after]) is ahead  # the one being fitted, then the next
    visitor = threading.Thread(target=service.study, args=(following,))
    visitor.start()
    for _ in range(3000):  # the visitor waits in line for the fit made ahead
        if service._waiting:
            break
        time.sleep(0.01)
    assert service._waiting == 1
    release.set()
    visitor.join(30)
    ahead.join(60)
    assert service.cached(following) and service.cached(after)
    assert calls == ["MainThread", "study-ahead", "study-ahead"]


def test_after_each_fit_made_ahead_the_thread_builds_what_it_was_asked_to():
    """What a page builds from a study on its first view (its parts), built by the thread
    fitting ahead right after each fit, for the settings it fitted (a view's parts took 3.4-4.9
    ms of the page's run); an error there stops nothing."""
    service, _ = _tiny_service()
    service.study(TINY)
    following = dm.next_seed(TINY)
    after = dm.StudySettings(size=4, train=500, seed=2, holdout=("c",))
    built = []

    def build(study: dm.Study) -> None:
        built.append(study.ladder.seed)
        raise RuntimeError("a page's error, left to the visitor")

    service.ahead([following, after], delay=0, then=build).join(60)
    assert built == [1, 2] and service.cached(after)


def test_the_parts_of_a_seed_a_visitor_waited_for_are_left_to_their_page():
    """A presenter stepping seeds asks for the one being fitted ahead and waits for it; their
    page builds its parts the moment the fit is in, so the thread fitting ahead does not build
    them too (both at once shared Python's lock: the page read the fit 9-64 ms after it ended,
    traced at bench_pages' pace), and builds them for the seed after, which nobody asked for."""
    import threading
    import time

    built = []
    after = dm.StudySettings(size=4, train=500, seed=2, holdout=("c",))
    service, _, release, following, ahead = _fitting_ahead(lambda s: built.append(s.ladder.seed), [after])
    visitor = threading.Thread(target=service.study, args=(following,))
    visitor.start()
    for _ in range(3000):  # the visitor waits for the fit made ahead
        if service._waiting:
            break
        time.sleep(0.01)
    release.set()
    visitor.join(30)
    ahead.join(60)
    assert service.cached(following) and 1 not in built
    if may_raise_priority():  # the visitor made the fit theirs (unprivileged, they fit it themselves)
        assert built == [2] and service.cached(after)


def test_a_visitor_abandons_a_fit_made_ahead_and_never_waits_for_it():
    import os
    import threading
    import time

    service, _, release, following, ahead = _fitting_ahead()
    stop = service._ahead[1]
    other = dm.StudySettings(size=4, train=600, holdout=("c",))
    visitor = threading.Thread(target=service.study, args=(other,))
    visitor.start()
    for _ in range(3000):  # the visitor tells it to give way at once, before waiting for the lock
        if stop.is_set():
            break
        time.sleep(0.01)
    assert stop.is_set()
    if may_raise_priority():  # at the usual priority, so that it gets to its checkpoint at once
        assert os.getpriority(os.PRIO_PROCESS, ahead.native_id) == 0
    release.set()
    visitor.join(30)
    ahead.join(30)
    assert service.cached(other) and not service.cached(following)  # abandoned at a checkpoint


def may_raise_priority() -> bool:
    """Can this process give a thread back the usual priority (root, or CAP_SYS_NICE)?"""
    import os
    import threading

    def probe(out: list) -> None:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 0)
            out.append(True)
        except OSError:
            out.append(False)

    out: list[bool] = []
    thread = threading.Thread(target=probe, args=(out,))
    thread.start()
    thread.join()
    return out[0]


def test_a_visitor_asking_for_the_fit_made_ahead_waits_for_it_instead_of_fitting_again():
    import os
    import threading

    if not may_raise_priority():
        pytest.skip("raising a thread's priority needs root or CAP_SYS_NICE (the next test covers the rest)")
    service, calls, release, following, ahead = _fitting_ahead()
    got, said = [], []
    visitor = threading.Thread(
        target=lambda: got.append(service.study(following, lambda _, text: said.append(text)))
    )
    visitor.start()
    visitor.join(0.3)
    assert visitor.is_alive()  # waiting for the fit made ahead, which it did not abandon
    assert said == ["this seed, started before you asked while the server was idle"]  # not "Cutting patches"
    assert os.getpriority(os.PRIO_PROCESS, ahead.native_id) == 0  # now a visitor's fit: hurried
    release.set()
    visitor.join(30)
    ahead.join(30)
    assert got and got[0] is service.study(following)
    assert calls == ["MainThread", "study-ahead"]  # one fit of that seed, made ahead


def _paused_at_a_checkpoint(timeout: float = 30.0) -> bool:
    """Is a thread of this process waiting inside lib.density.abandon.checkpoint (a paused fit)?"""
    import sys
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in sys._current_frames().values():
            inner, stack = frame.f_code.co_name, []
            while frame is not None:
                stack.append((frame.f_code.co_name, frame.f_code.co_filename))
                frame = frame.f_back
            if inner == "wait" and any(n == "checkpoint" and f.endswith("abandon.py") for n, f in stack):
                return True
        time.sleep(0.01)
    return False


def test_a_fit_made_ahead_pauses_while_a_visitors_page_runs():
    """Its threads would share Python's lock with the page's: it waits at its checkpoints until
    no page runs, then goes on (the same fit, kept)."""
    service, calls, release, following, ahead = _fitting_ahead()
    with service.visiting():
        release.set()
        assert _paused_at_a_checkpoint()
        assert ahead.is_alive() and not service.cached(following)
    ahead.join(30)
    assert service.cached(following) and calls == ["MainThread", "study-ahead"]


def test_a_visitor_wakes_a_paused_fit_made_ahead_to_abandon_it_or_to_wait_for_it():
    """A page that asks for another new setting while the fit made ahead is paused (by that very
    page) abandons it at once; one that asks for the seed it fits makes it its own, never
    paused again: neither waits for a fit that waits for the page."""
    import threading

    for asked in ("other", "the same"):
        if asked == "the same" and not may_raise_priority():
            continue  # the fit would give way instead (the test above covers that)
        service, calls, release, following, ahead = _fitting_ahead()
        wanted = following if asked == "the same" else dm.StudySettings(size=4, train=600, holdout=("c",))
        got: list = []
        with service.visiting():
            release.set()
            assert _paused_at_a_checkpoint()
            visitor = threading.Thread(
                target=lambda s=service, w=wanted, out=got: out.append(s.study(w)), name="visitor"
            )
            visitor.start()
            visitor.join(30)
            assert got and service.cached(wanted), (
                f"a page asking for {asked} setting waited for the paused fit"
            )
        ahead.join(30)
        assert calls[-1] == ("study-ahead" if asked == "the same" else "visitor")


def test_a_visitor_never_waits_for_a_fit_made_ahead_it_may_not_hurry(monkeypatch):
    """On a server that may not raise a priority (no root, no CAP_SYS_NICE: a hosted one), the
    fit made ahead of the seed a visitor asks for stays at nice 19, where it could wait for
    every other program: it gives way, and the visitor fits that seed at their own priority."""
    import os
    import threading

    from lib.density import priority

    lowered = os.setpriority

    def unprivileged(which: int, who: int, priority: int) -> None:
        if priority < os.getpriority(which, who):
            raise PermissionError(1, "Operation not permitted")
        lowered(which, who, priority)

    monkeypatch.setattr(priority.os, "setpriority", unprivileged)
    service, calls, release, following, ahead = _fitting_ahead()
    stop = service._ahead[1]
    got = []
    visitor = threading.Thread(target=lambda: got.append(service.study(following)), name="visitor")
    visitor.start()
    assert stop.wait(30)  # told to give way before the visitor waits for the lock
    release.set()
    visitor.join(30)
    ahead.join(30)
    assert calls == ["MainThread", "study-ahead", "visitor"]  # abandoned, then fitted by the visitor
    assert got and _figures(got[0]) == _figures(_tiny_service()[0].study(following))


def test_the_fitting_budget_counts_the_fits_own_threads_only(monkeypatch):
    """A fit is charged the CPU of the threads doing its work, the pool's included (here its
    codecs burn 0.3 CPU-s), and not the CPU of the server's other threads meanwhile (a
    visitor's page, busy all along): those would make a crowd refuse new settings sooner."""
    import threading
    import time

    from lib.density import ladder

    encode = ladder.codec_bits_per_dim

    def slow_codecs(*args):  # runs in a thread of the ladder's pool
        start = time.thread_time()
        while time.thread_time() - start < 0.3:
            pass
        return encode(*args)

    monkeypatch.setattr(ladder, "codec_bits_per_dim", slow_codecs)
    stop, bystander = threading.Event(), []

    def a_visitors_page():
        start = time.thread_time()
        while not stop.is_set():
            sum(range(1000))
        bystander.append(time.thread_time() - start)

    service, calls = _tiny_service()
    other = threading.Thread(target=a_visitors_page)
    process = time.process_time()
    other.start()
    service.study(TINY)
    stop.set()
    other.join()
    process = time.process_time() - process
    assert calls == ["MainThread"]  # one fit, with its codecs (a first fit of these held-out photos)
    assert service.spent() >= 0.3  # the pool thread's codecs counted
    assert bystander[0] > 0.05  # the other thread really ran meanwhile
    assert service.spent() <= process - bystander[0] + 0.02  # and was not charged to the fit


def test_fits_made_ahead_use_only_their_share_of_the_budget():
    now = [0.0]
    service, _ = _tiny_service(budget_seconds=8, clock=lambda: now[0], thread_clock=lambda: now[0])
    photos = service._photos

    def two_seconds_each():
        now[0] += 2.0
        return photos()

    service._photos = two_seconds_each
    service.study(TINY)  # 2 s by this clock: the share for fits made ahead (a quarter of 8 s) is spent
    service.ahead(dm.next_seed(TINY), delay=0).join(30)
    assert not service.cached(dm.next_seed(TINY))
    now[0] += 120  # a minute later the budget is back
    service.ahead(dm.next_seed(TINY), delay=0).join(30)
    assert service.cached(dm.next_seed(TINY))


def test_the_page_asks_for_the_next_seed_only_when_a_browser_watches(open_page, monkeypatch):
    from streamlit.runtime.context import ContextProxy

    import lib.ui.page

    asked, then = [], []

    def ahead(self, settings, **kwargs) -> None:
        asked.append(settings)
        then.append(kwargs.get("then"))

    monkeypatch.setattr(dm.StudyService, "ahead", ahead)
    open_page(LEARNING, seed="5")
    assert asked == []  # a test's script run: nobody to fit ahead for
    monkeypatch.setattr(ContextProxy, "headers", property(lambda self: {"Host": "localhost"}))
    monkeypatch.setattr(lib.ui.page, "warm_the_server", lambda: None)
    at = open_page(LEARNING, seed="5")
    assert not at.exception
    # After each fit made ahead, the view's parts are built for this mode: the very parts the
    # page lays out when that view is asked for (here the view shown, built already).
    shown = served_study(seed=5)
    parts = then[0](shown)
    assert (
        parts is learning_parts.VIEWS.get((shown.key, False), dict)
        and '<figure class="ladder-plot' in parts["picture"]
    )
    assert asked == [
        (
            dm.StudySettings(seed=6),
            dm.StudySettings(seed=4),
            dm.StudySettings(seed=7),
            dm.StudySettings(seed=8),
        )
    ]  # the next seed, the one before, the two after the next


def test_a_busy_server_fits_nothing_ahead():
    """A server whose process kept a CPU busy while the fit made ahead waited (other visitors'
    pages) leaves the CPU to them."""
    cpu = [0.0]

    def busy_cpu() -> float:
        cpu[0] += 1.0  # a whole CPU second between any two readings
        return cpu[0]

    service, _ = _tiny_service(cpu_clock=busy_cpu)
    service.study(TINY)
    service.ahead(dm.next_seed(TINY), delay=0).join(30)
    assert not service.cached(dm.next_seed(TINY))
    service._cpu_clock = lambda: cpu[0]  # idle now
    service.ahead(dm.next_seed(TINY), delay=0).join(30)
    assert service.cached(dm.next_seed(TINY))
