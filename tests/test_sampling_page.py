"""AppTest runs of the sampling page: lossless pixels, determinism, uploads, camera, charts."""

from __future__ import annotations

import html
import io
import json
import math
import re

import numpy as np
import pytest
from below_the_draw_reading import diffusion_plot, thinness_plots
from conftest import html_blocks, node_html, open_app, page_html
from PIL import Image

from lib import photo_corpus as corpus
from lib import real_samples
from lib.sampling_text import BOUND_ROUNDING, grid_caption
from lib.sampling_view import DEFAULTS, DIFFUSION_STEPS
from lib.talk import noise_odds
from lib.talk.words import ODDS_FOOT, odds_words

SAMPLING = "pages/2_Sampling.py"


@pytest.fixture(scope="module")
def default_view():
    """One run of the default view, shared by the tests that only read its elements (a test
    that reads its served images or clicks opens its own)."""
    return open_app(SAMPLING)


def expected_sheet(images: np.ndarray) -> np.ndarray:
    """The grid as sent: at 1:1 (the browser enlarges it by a whole factor)."""
    return corpus.screen_sheet(images).pixels


def test_defaults_send_the_exact_noise_pixels(open_page, media):
    at = open_page(SAMPLING)
    assert not at.exception and not at.error and not at.warning
    shown = media(at)
    noise = corpus.uniform_noise(9, 32, 0)
    assert np.array_equal(shown[0], expected_sheet(noise))  # lossless, every pixel exact
    real = real_samples.whole_photos(corpus.load_corpus(), 32, 9, 0)  # photographs, not texture crops
    assert np.array_equal(shown[1], expected_sheet(real.images))
    assert len(shown) >= 2 + 4  # grids, full-size crops and zooms (and later sections)


def test_every_cell_of_the_first_real_grid_reads_as_a_photo(open_page, media):
    """Review 11 (Sampling-1): grass, brick and the Hubble deep field read as noise at 32×32 and
    made three of the nine "real" cells argue against the page; each cell sent is now a scene
    (neighbour correlation at least 0.5; noise's is 0.00), and the caption says what the cells are."""
    from lib.statistics import adjacent_pixel_correlations

    at = open_page(SAMPLING)
    sheet = media(at)[1]
    cells = np.stack([sheet[r * 33 : r * 33 + 32, c * 33 : c * 33 + 32] for r in range(3) for c in range(3)])
    assert sheet.shape[:2] == (98, 98) and adjacent_pixel_correlations(cells).mean.min() >= 0.5
    caption = (
        "The real ones: 6 photos of scenes, each its largest centred square, then 3 closer looks at them"
    )
    # Review 11 (Learning-2): a grid titled RGB holds the camera and the clock, grey: said so.
    caption += " (each its middle square, half as wide), resized. 3 of the 9 are black-and-white photos"
    assert caption in page_html(at)


def test_a_grid_larger_than_the_scenes_repeats_no_photo(open_page, media):
    """Review 11 (Sampling-3): ``?size=64&n=16`` showed six photos twice (16 cells, 10 photos);
    the cells after the 6 scenes are closer looks at them, each cell different, and the
    caption counts them."""
    at = open_page(SAMPLING, size="64", n="16")
    sheet = media(at)[1]
    cells = [sheet[r * 65 : r * 65 + 64, c * 65 : c * 65 + 64] for r in range(4) for c in range(4)]
    assert sheet.shape[:2] == (259, 259) and len({cell.tobytes() for cell in cells}) == 16
    caption = (
        "The real ones: 6 photos of scenes, each its largest centred square, then 10 closer looks at them"
        " (squares half as wide: the"
    )
    assert caption + " middle of each, then others placed by the seed)" in page_html(at)


def test_the_intrinsic_dimension_figures_are_one_table(default_view):
    """Review 11 (Sampling-6): our patches and the published whole images were two tables on
    two column grids, read as one whose header changed halfway; now one, three cells a row."""
    block = next(el for el in html_blocks(default_view) if "Intrinsic dimension" in el)
    assert block.count("<table") == 1 and block.count("<tr") == 1 + 4 + 3  # header, patches, datasets
    for row in re.findall(r"<tr>(.*?)</tr>", block, re.S):
        assert len(re.findall(r"<t[hd][ >]", row)) == 3, row


def walk(node):
    """Every element of an AppTest tree, in page order."""
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def test_grids_come_first_and_draw_again_sits_right_under_them(default_view):
    at = default_view
    elements = list(walk(at.main))
    kinds = [getattr(el, "type", "") for el in elements]
    first_input = kinds.index("text_input")
    pictures = [node_html(el) for el in elements[:first_input]]  # st.html's, or shown in place
    grids = "".join(pictures)  # both grids first, in one block
    assert 'class="pixel-grid-random"' in grids and 'class="pixel-grid-real"' in grids
    buttons = [el.label for el in walk(at.main) if getattr(el, "type", "") == "button"]
    assert buttons[:2] == ["Draw again", "Back to the post's example"]
    assert kinds.index("button") < first_input  # "Draw again" under the grids, before the inputs


def test_deep_link_and_determinism(open_page, media):
    first = open_page(SAMPLING, size="16", colour="grey", n="9", seed="7")
    second = open_page(SAMPLING, size="16", colour="grey", n="9", seed="7")
    a, b = media(first), media(second)
    assert all(np.array_equal(x, y) for x, y in zip(a, b))
    noise = corpus.uniform_noise(9, 16, 7, grey=True)
    assert np.array_equal(a[0], expected_sheet(noise))
    other = open_page(SAMPLING, size="16", colour="grey", n="9", seed="8")
    assert not np.array_equal(media(other)[0], a[0])


def test_draw_again_moves_to_the_next_seed(open_page):
    at = open_page(SAMPLING, seed="41")
    at.button(key="draw-again").click().run()
    assert at.text_input(key="seed").value == "42"
    assert "(seed 42)" in page_html(at)  # the grids' caption, in the next section's block


def test_the_next_draw_is_worked_out_while_this_one_is_looked_at(open_page, monkeypatch):
    """ "Draw again" finds its figures and charts made ahead by the server's draw-ahead thread
    (lib.work_ahead): the page's own run works nothing out for it, and shows the new seed."""
    import threading
    import time

    import lib.sampling_view as view_lib
    from lib.ui import sampling_figures

    worked_out, figures_and_charts = [], view_lib.figures_and_charts

    def spy(pool, view, presenting=False):
        worked_out.append((view.seed, threading.current_thread().name.startswith("draw-ahead")))
        return figures_and_charts(pool, view, presenting)

    monkeypatch.setattr(view_lib, "figures_and_charts", spy)
    # The thread drops what is offered while it works: an earlier test's next draw (seed 43)
    # still under way took this one's place in a full run (it waits for its page's run to end).
    assert sampling_figures._drawing_ahead().idle(60)
    at = open_page(SAMPLING, size="12", seed="4040")  # a view no other test asks for: not cached
    deadline = time.monotonic() + 60  # a wait, not a timing: a busy machine may take a while
    while (4041, True) not in worked_out and time.monotonic() < deadline:
        time.sleep(0.05)
    assert (4041, True) in worked_out, worked_out
    at.button(key="draw-again").click().run()
    assert not at.exception and "(seed 4041)" in page_html(at)
    assert (4041, False) not in worked_out, worked_out


def test_crops_option(open_page, media):
    at = open_page(SAMPLING, real="crops", n="4")
    assert not at.exception
    real = real_samples.random_crops(corpus.load_corpus(), 32, 4, 0)
    assert np.array_equal(media(at)[1], expected_sheet(real.images))


#: What a message names each key by, and says about its bad value.
BAD_LINKS = [
    {"size": ("4", "Size", "at least 8"), "n": ("1000", "Images per grid", "at most 64")}
    | {"colour": ("purple", "colour=purple", "not one of"), "seed": ("-1", "Seed", "negative")}
    | {"draws": ("1e9", "Monte Carlo draws", "at most")},
    {"size": ("abc", "Size", "not a whole number"), "real": ("all", "real=all", "not one of")},
]


@pytest.mark.parametrize("bad", BAD_LINKS, ids=["five-bad-keys", "two-more"])
def test_bad_links_get_a_message(open_page, bad):
    """Every bad key of a link gets its own message (one link may hold several)."""
    at = open_page(SAMPLING, **{key: value for key, (value, _, _) in bad.items()})
    assert not at.exception and not at.error
    warnings = [w.value.replace("\\", "") for w in at.warning]
    assert len(warnings) == len(bad), warnings
    for key, (_, name, phrase) in bad.items():
        assert any(name in w and phrase in w for w in warnings), (key, warnings)
    assert 'class="pixel-grid-random"' in page_html(at)  # the page still shows its grids


#: A tick of the correlation strip: whose, and its value as the page writes it.
TICK = re.compile(r'<i class="tick [nr]" title="(uniform noise|real photos): (−?\d\.\d{3})"')
#: A chart's caption written into the page's HTML, and its footnote (after it, as a paragraph of its own).
WRITTEN_CAPTION = re.compile(
    r'<p class="caption">(What to see: (?!a photo drowned).*?)</p>(?:<p class="caption">([¹²³⁴⁵⁶⁷⁸⁹] .*?)</p>)?'
)


def captions(at) -> list[str]:
    """Every caption of a run: ``st.caption``'s and the charts' written into the page's HTML,
    each with its footnote after a blank line (as a caption written in markdown had it)."""
    written = [
        html.unescape(plain + (f"\n\n{note}" if note else ""))
        for plain, note in WRITTEN_CAPTION.findall(page_html(at))
    ]
    return [c.value for c in at.caption] + written


#: A plot of the page's own HTML (lib.charts.html_plot): its title, and each legend entry's words.
PLOT = re.compile(
    r'<figure class="html-plot".*?<figcaption class="plot-title">(.*?)</figcaption>.*?</figure>'
)
LEGEND = re.compile(r'<li><i class="key [a-z]+" style="--c: #[0-9A-F]{6}"></i>(.*?)</li>')
#: A point of the spectrum: whose, and its values on hover.
POINT = re.compile(r'<i title="(uniform noise|real photos): detail (0\.\d{3}), strength ([\d,]+)"')


def legends(at) -> dict[str, list[str]]:
    """Each statistics plot's legend entries, by the plot's title."""
    return {m[1]: [html.unescape(e) for e in LEGEND.findall(m[0])] for m in PLOT.finditer(page_html(at))}


def test_charts_show_what_tells_noise_from_photos(default_view):
    at = default_view
    assert not at.get("vega_lite_chart")  # every figure the page's own HTML: the page loads no Vega
    ticks = TICK.findall(page_html(at))  # the correlations: a strip of the page's own HTML
    noise = [float(v.replace("−", "-")) for name, v in ticks if name == "uniform noise"]
    real = [float(v.replace("−", "-")) for name, v in ticks if name == "real photos"]
    assert len(noise) == len(real) == int(DEFAULTS["n"])  # one tick per image
    assert max(map(abs, noise)) < 0.2 and np.median(real) > 0.5
    # The statistics: the page's own HTML (what each plot draws: test_sampling_plots.py).
    shown = legends(at)
    assert list(shown) == ["Coarse and fine detail", "How much neighbouring pixels differ"]
    spectrum, difference = shown.values()
    assert spectrum[0].startswith("uniform noise (slope ") and spectrum[1].startswith("real photos (slope −")
    assert difference == ["real photos", "uniform noise, measured", "uniform noise, exact (256 − |d|)/65,536"]
    points = POINT.findall(page_html(at))  # one a ring: 16 for 32-px images, between 1/32 and 1/2
    for name in ("uniform noise", "real photos"):
        detail = [float(d) for who, d, _ in points if who == name]
        assert len(detail) == 16 and min(detail) > 1 / 32 and max(detail) <= 0.5 and detail == sorted(detail)
    assert 'style="left: 100.00%">0.5</span>' in page_html(at)  # the x axis ends at the finest detail
    assert 'style="bottom: 0.00%">0.00001</span>' in page_html(at)  # the shares' log axis: at least 1 in 10^5
    # Below the draw (what each draws: test_intrinsic_dimension.py, test_sampling_charts.py): the
    # thinness study's two plots and the diffusion path, with all their words.
    directions, dimensions = thinness_plots(page_html(at))
    assert directions["title"].startswith("8×8 grey patches") and directions["subtitle"].startswith(
        "The first 2 directions hold 9"
    )
    assert [label[:8] for label, *_ in directions["marked"]] == ["photos: ", "noise: 5"]
    assert [label for label, _ in directions["legend"]] == ["photo patches", "uniform-noise patches"]
    assert dimensions["title"].startswith("Our patches") and len(dimensions["legend"]) == 4
    assert [t for t, _ in dimensions["levels"]] == [
        "true dimension of 8×8 noise: 64",
        "16×16 noise truly has 256: far above ↑",
    ]
    path = diffusion_plot(page_html(at))
    assert [w for w, _, _ in path["x"]] == [str(t) for t in DIFFUSION_STEPS] and len(path["frames"]) == 8
    assert path["y2 title"].startswith("how fast detail fades") and not path["legend"]


def test_the_odds_of_noise_looking_natural(open_page, default_view):
    at = default_view
    html = page_html(at)
    assert "≤ 10<sup>−" in html
    assert "years" in html and "1,000 draws a second" in html
    # One rounding of the bound, said where it is shown, and the talk's step 5 shows the same
    # digits for the same event (review 8: "≤ 10^−76.8" here, "≤ 10^−76" there, neither labelled).
    odds = noise_odds(int(DEFAULTS["size"]))
    shown = html.split("≤ 10<sup>−")[1].split("</sup>")[0]
    assert shown == odds.exponent_text and f"≤ 10<sup>−{shown}</sup>" in odds_words(odds)
    assert shown.isdigit() and int(shown) <= -odds.log10_probability < int(shown) + 1
    assert BOUND_ROUNDING in html and BOUND_ROUNDING in ODDS_FOOT
    # One figure, one rounding: the photos' median neighbour correlation under the statistics
    # strip has the odds' three decimals (review 9: "median 0.86" beside 0.856).
    median = re.search(r"\(the real median (0\.\d{3}), rounded down\)", html)
    prose = " ".join(captions(at))
    assert median and f"predicts its neighbour (median {median[1]})" in prose, median
    # A small grey image can look like a photo within seconds: the wait is then not "years".
    small = page_html(open_page(SAMPLING, size="16", colour="grey", seed="7"))
    wait = small.split("1,000 draws a second that is at least ")[1].split(". The universe")[0]
    assert wait.split()[-1] in {"second", "seconds", "minute", "minutes", "hours", "days"}, wait
    # The experiment is drawn only while its panel is open, which a link asking for draws opens.
    assert not any("reached" in m.value for m in at.markdown)
    at = open_page(SAMPLING, draws="1000")
    assert any("0 of 1,000 reached" in m.value for m in at.markdown)


def test_real_samples_with_no_correlation_to_aim_for_get_a_message_instead_of_odds(open_page, monkeypatch):
    """Photos flat enough to have no neighbour correlation (a visitor's blank shot) give the odds
    nothing to aim for: the heading stays with the rest of the draw, a message says why, and no
    bound or experiment is shown."""
    import dataclasses

    import lib.ui.sampling_figures as figures

    real = figures.shared

    def flat(view, presenting):
        seen, parts = real(view, presenting)
        return dataclasses.replace(seen, real_correlation=np.full(view.n, np.nan)), parts

    monkeypatch.setattr(figures, "shared", flat)
    at = open_page(SAMPLING)
    assert not at.exception and not at.error
    assert [i.value for i in at.info] == [
        "The real samples have no positive neighbour correlation to aim for; draw again."
    ]
    (rest,) = [block for block in html_blocks(at) if 'class="draw-statistics"' in block]
    assert rest.endswith(">How likely is noise to look natural?</h4>") and "≤ 10<sup>" not in rest
    assert not any("How we know" in e.label for e in at.expander)


#: A negative number written with an ASCII hyphen (a true minus is "−"), as prose shows it.
HYPHEN_MINUS = re.compile(r"(?<![\w.])-\d")


@pytest.mark.parametrize("query", [{}, {"seed": "3", "size": "16", "colour": "grey"}])
def test_the_page_writes_a_true_minus_superscripts_and_subscripts(open_page, default_view, query):
    """One minus sign throughout (captions, legends: "median −0.004", "fitted slope −2.70",
    "excess kurtosis −0.60" were ASCII hyphens beside "about −2"), 256 to the power bytes as
    a superscript (not "256^bytes"), the diffusion formula with real subscripts (not x_t),
    and the age of the universe in one notation, with its source."""
    at = open_page(SAMPLING, **query) if query else default_view
    written = captions(at)
    prose = [*written, *legends(at)["Coarse and fine detail"]]
    assert any("−" in text for text in prose)  # the real photos' slope, at least
    assert not [text for text in prose if HYPHEN_MINUS.search(text)]
    html = page_html(at)
    # The largest image-number from the view's own byte count (32×32 RGB: 3,072; 16×16 grey: 256).
    size, channels = int(query.get("size", 32)), 1 if query.get("colour") == "grey" else 3
    assert f"0 … 256<sup>{size * size * channels:,}</sup> − 1" in html and "256^" not in html + " ".join(
        written
    )
    assert "<sup>bytes</sup>" not in html and re.search(r"it has</td><td><b>[\d,]+</b> decimal digits<", html)
    assert "x<sub>t</sub> = √ᾱ<sub>t</sub>·x<sub>0</sub>" in html and "x_t" not in html + " ".join(written)
    assert html.count("The universe is 13.787 billion years old (Planck 2018).") == 2  # the odds, the room
    assert "13.787·10" not in html and "~13.787" not in html


UPLOAD_PHOTO = corpus.load_corpus()[0].pixels[:200, :300]


def png_bytes(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_uploaded_photo_joins_the_pool(open_page):
    at = open_page(SAMPLING)
    at.file_uploader(key="uploads").set_value(("mine.png", png_bytes(UPLOAD_PHOTO), "image/png")).run()
    assert not at.exception and not at.warning
    html = page_html(at)
    assert "your photo mine.png" in html  # the image-as-a-number panel uses the visitor's photo
    digits = math.floor(UPLOAD_PHOTO[:256, :256].size * math.log10(256)) + 1
    assert f"{digits:,}</b> decimal digits" in html
    assert f"256<sup>{UPLOAD_PHOTO[:256, :256].size:,}</sup> − 1" in html  # the visitor's photo's bytes


@pytest.mark.parametrize(
    "name,data,phrase",
    [
        ("fake.png", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "SVG"),
        ("fake.png", b"%PDF-1.4 hello", "PDF"),
        ("cut.png", png_bytes(UPLOAD_PHOTO)[:500], "truncated"),
        ("dot.png", png_bytes(np.zeros((1, 1, 3), np.uint8)), "too small"),
    ],
)
def test_bad_uploads_get_a_message(open_page, name, data, phrase):
    at = open_page(SAMPLING)
    at.file_uploader(key="uploads").set_value((name, data, "image/png")).run()
    assert not at.exception and not at.error
    assert any(phrase.lower() in w.value.lower() for w in at.warning)
    assert "your photo" not in page_html(at)


def test_webcam_photo(open_page):
    at = open_page(SAMPLING)
    at.toggle(key="use_camera").set_value(True).run()
    buffer = io.BytesIO()
    Image.fromarray(UPLOAD_PHOTO).save(buffer, format="JPEG", quality=95)
    at.camera_input(key="camera").upload("shot.jpg", buffer.getvalue()).run()
    assert not at.exception and not at.warning
    assert "your photo" in page_html(at)


def test_credits_list_every_photo(default_view):
    html = page_html(default_view)
    for credit in corpus.load_manifest():
        assert credit.title.split(" (")[0] in html


def test_downloads_are_the_pixels_shown(open_page, media, served):
    at = open_page(SAMPLING, n="4", seed="5")
    shown = media(at)
    assert not at.get("download_button")  # worked out only while their panel is open
    at.session_state["draw-files"] = True  # as a click on the panel leaves it
    at.run()
    buttons = {b.proto.label: b.proto.url for b in at.get("download_button")}
    grid = np.asarray(Image.open(io.BytesIO(served(buttons["Noise grid (PNG)"]))))
    assert np.array_equal(grid, shown[0])
    numbers = json.loads(served(buttons["Numbers as JSON"]))
    assert len(numbers) == 8 and all(-1 <= float(v) <= 1 for v in numbers.values())
    # Small images are sent enlarged (their dividers thin: pixel_sheets.SHEET_MIN_SIDE); their
    # download is each image at its own size (review: 8×8 images came enlarged in the file).
    small = open_page(SAMPLING, size="8", n="9", seed="5")
    small.session_state["draw-files"] = True
    small.run()
    buttons = {b.proto.label: b.proto.url for b in small.get("download_button")}
    grid = np.asarray(Image.open(io.BytesIO(served(buttons["Noise grid (PNG)"]))))
    assert np.array_equal(grid, corpus.screen_sheet(corpus.uniform_noise(9, 8, 5), min_side=1).pixels)
    assert grid.shape[:2] == (26, 26) and media(small)[0].shape[:2] == (74, 74)  # sent 3× as large


def test_back_to_the_default_view(open_page, media):
    at = open_page(SAMPLING, size="16", colour="grey", seed="9", n="4", real="crops")
    at.button(key="reset").click().run()
    assert not at.exception
    assert [at.text_input(key=k).value for k in ("size", "n", "seed")] == ["32", "9", "0"]
    assert np.array_equal(media(at)[0], expected_sheet(corpus.uniform_noise(9, 32, 0)))


@pytest.mark.parametrize("colour, size", [("rgb", "28.3 MB (28,311,552"), ("grey", "9.4 MB (9,437,184")])
def test_the_full_size_png_is_as_large_as_its_colour_mode_makes_it(open_page, default_view, colour, size):
    """Issue 10.11: the grey 2304×4096 noise is 9.4 MB of pixels, not the RGB 28 MB.

    The full-size PNG is 16 strips of 256 rows like the first: that strip is deflated as hard
    as zlib can (level 9, ~0.1 s where the whole image took ~1.8 s) and never shrinks, and 16
    of them come to the size the page states (the whole image's PNG is 22 KB smaller in RGB)."""
    at = default_view if colour == "rgb" else open_page(SAMPLING, colour=colour)
    # Rounded megabytes say so, with the exact bytes beside them (review 9, finding 16).
    assert f"a full-size PNG of it would hold its ≈\u00a0{size} bytes) of pixels" in page_html(at)
    strip = corpus.uniform_noise_image(4096, 2304, 0, grey=colour == "grey")[:256]
    png = corpus.encode_png(strip, 9)
    assert len(png) >= strip.nbytes  # noise never shrinks
    assert float(size.split()[0]) <= 16 * len(png) / 1e6 < float(size.split()[0]) + 0.1


def test_a_last_byte_of_255_steps_down_not_to_the_next_image():
    """Issue 10.12: at 255 the last byte can only go down, to the image just before."""
    from lib.sampling_text import image_number_rows

    white = dict(image_number_rows(np.full((2, 2, 3), 255, np.uint8)))
    assert "very next image" not in white["Changing the last byte by one"]
    assert (
        "−1" in white["Changing the last byte by one"]
        and "just before" in white["Changing the last byte by one"]
    )
    black = dict(image_number_rows(np.zeros((2, 2, 3), np.uint8)))
    assert black["Changing the last byte by one"].endswith("the very next image")
    # The count of the whole space is rounded, and says so (review 10 finding 4); 256^12 has 29 digits.
    assert black["Images of this shape (the whole space)"].endswith(
        " (rounded to 5 significant digits), 29 digits"
    )


def test_the_page_says_which_way_the_last_byte_steps(default_view):
    at = default_view
    last = real_samples.whole_photos(corpus.load_corpus(), 32, 9, 0).images[0][-1, -1, -1]
    phrase = "the very next image" if last < 255 else "the image just before"
    assert phrase in page_html(at)


LIMITS = [
    {"size": "512"},
    {"size": "8"},
    {"n": "64"},
    {"n": "1"},
    {"draws": "20000"},
    {"draws": "10"},
    {"seed": str(2**32 - 1)},
    {"colour": "grey", "real": "crops"},
    {"size": "512", "n": "64", "draws": "20000"},
    {"size": "512", "n": "64", "draws": "20000", "colour": "grey"},
    {"size": "512", "n": "64", "draws": "20000", "real": "crops", "seed": str(2**32 - 1)},
    {"size": "8", "n": "64", "draws": "20000", "real": "crops"},
    {"size": "8", "n": "1", "draws": "10", "colour": "grey"},
]


@pytest.mark.parametrize("query", LIMITS, ids=["&".join(f"{k}={v}" for k, v in q.items()) for q in LIMITS])
def test_every_limit_gives_a_working_view_under_a_megabyte(open_page, served, media, query):
    """Issue 9: every accepted value, alone and in the worst combinations, is a working
    view (no error box) that sends at most 1 MB of images and elements per run."""
    at = open_page(SAMPLING, **query)
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert not [w.value for w in at.warning]  # every value here is accepted
    assert len(media(at)) >= 7 and not at.get("vega_lite_chart")
    # The statistics' two plots, the thinness study's two, the diffusion path: the page's own HTML.
    assert page_html(at).count('<figure class="html-plot"') == 2
    assert len(thinness_plots(page_html(at))) == 2 and diffusion_plot(page_html(at))["frames"]
    # Pictures are written into the page's HTML (counted with the elements) or served.
    images = sum(len(served(img.url)) for element in at.image for img in element.proto.imgs)
    elements = sum(el.proto.ByteSize() for el in walk(at.main) if getattr(el, "proto", None) is not None)
    assert images + elements <= 1_000_000, (images, elements)
    # Review 11 (Sampling-7): "1 … images"; 64 asked and one corner shown, said as such.
    n, size = int(query.get("n", DEFAULTS["n"])), int(query.get("size", DEFAULTS["size"]))
    mode = "grey" if query.get("colour") == "grey" else "RGB"
    title = f"<b>{n:,} uniformly random {size}×{size} {mode} {'image' if n == 1 else 'images'}"
    shown = corpus.sheet_capacity(n, size)
    assert title + (" drawn</b>" if shown < n else "</b>") in page_html(at)
    if not shown:
        assert f"Shown: the top-left 264×264 pixels of {'the first' if n > 1 else 'it'}, at 1:1" in page_html(
            at
        )


def test_a_link_asking_for_more_draws_than_a_view_makes_is_told(open_page):
    at = open_page(SAMPLING, size="512", draws="20000")
    text = " ".join(m.value for m in at.markdown)
    assert "20,000 draws of 512×512 images were asked for; one view draws at most 32 MB of noise" in text
    assert "An experiment (42 noise images" in text


def test_a_busy_server_says_so_instead_of_queueing(open_page, monkeypatch):
    from lib.statistics import monte_carlo
    from lib.work_budget import WorkBudget

    drained = WorkBudget(monte_carlo.VIEW_BYTES, 1e-9)
    drained.spend(monte_carlo.VIEW_BYTES, "noise")  # other visitors took it all
    import lib.statistics

    monkeypatch.setattr(lib.statistics, "SERVER_BUDGET", drained)
    at = open_page(SAMPLING, size="40", draws="777")  # a new experiment: not cached
    assert not at.exception and not at.error
    assert any("busy drawing noise for other visitors" in i.value for i in at.info)


#: The method's words (review 8): in a footnote under a caption, never in the caption itself.
METHOD_WORDS = (
    "radially",
    "cycles per pixel",
    "fitted slope",
    "kurtosis",
    "principal",
    "intrinsic dimension",
    "Levina",
    "MacKay",
    "variance",
    "x<sub>t</sub>",
    "ᾱ",
)


def test_captions_say_what_to_see_in_plain_words_and_keep_the_method_in_footnotes(default_view):
    at = default_view
    shown = [c for c in captions(at) if c.startswith("What to see")]
    diffusion = page_html(at).split("What to see: a photo drowned")[1].split("</p>")
    # What a plot shows: every word of its HTML, its hover values and what a screen reader says.
    below = [p["figure"] for p in thinness_plots(page_html(at))] + [diffusion_plot(page_html(at))["figure"]]
    charts = [html.unescape(m[0]) for m in PLOT.finditer(page_html(at))] + [html.unescape(f) for f in below]
    assert len(charts) == 5 and not at.get("vega_lite_chart")
    assert len(shown) == 4 and len(diffusion) > 2  # correlation, spectrum, difference, thinness
    found = []
    for plain, note in [caption.partition("\n\n")[::2] for caption in shown] + [tuple(diffusion[:2])]:
        assert not [w for w in METHOD_WORDS if w in plain], plain
        found += [w for w in METHOD_WORDS if w in note]
    assert set(METHOD_WORDS) - {"radially", "fitted slope"} <= set(found), found  # said in the notes
    assert not [w for w in METHOD_WORDS if any(w in c for c in charts)]  # titles, axes, legends plain too
    assert "Gaussian noise" in diffusion[0] and "uniform noise" in diffusion[0]  # said plainly, not a formula


def test_the_title_and_opening_claim_no_more_than_the_bound(open_page):
    """Review 15 (Samp-10): "A random image is always noise … static, every time" claimed more
    than the page's own bound, an upper bound on the chance that noise looks smooth (≤ 10⁻² at
    8×8): the title says what home and the talk say, and the opening points to the odds."""
    at = open_page(SAMPLING, size="8")
    assert at.title[0].value == "A random image is noise"
    opening = page_html(at)
    assert "every time" not in opening and "always" not in at.title[0].value
    assert "how rarely anything else comes up is worked out below" in opening


def test_the_grids_caption_claims_no_more_than_the_odds():
    """Not "the noise never looks like anything": the odds below bound how rarely it does, by as
    little as 10^-2 at 8×8 (as the title, review 15's Samp-10, and the talk's step 4, Talk-19)."""
    assert grid_caption(3, False).split(". ")[-1] == (
        "Draw again as often as you like and you get static; how rarely anything like a photo comes up is bounded below."
    )
