"""What the Random images page says: its captions, sentences and blocks of HTML, built from
the figures of a view (its plots are :mod:`lib.charts.statistics_plots` and
:mod:`lib.sampling_strip`, its chart :mod:`lib.charts.sampling`).

Every function returns our own words with the numbers written in; anything that is not ours
(a photo's name, a source) is escaped. Numbers keep the page's rule: exact, or rounded in the
direction that keeps the sentence true ("at least", "at most").
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from lib.notation import power_html, rich_text, signed
from lib.photo_corpus import ScreenSheet
from lib.sample_pairs import STATISTICS_BYTES
from lib.statistics import (
    VIEW_BYTES,
    CorrelationBound,
    DifferenceHistogram,
    MonteCarloResult,
    PixelStep,
    PowerSpectrum,
    image_as_number,
    pixel_step,
)
from lib.validation import check_whole_number

#: Numbers per image: an array or a list.
Values = np.ndarray | Sequence[float]


def _universe_age() -> str:
    """The age of the universe in words, from :data:`lib.reference_figures.AGE_OF_UNIVERSE_YEARS`
    (one notation wherever the app compares a wait with it; no "~" before a five-digit figure
    that names its source).

    >>> _universe_age()
    'The universe is 13.787 billion years old (Planck 2018).'
    """
    from decimal import Decimal

    from lib.reference_figures import AGE_OF_UNIVERSE_YEARS

    billions = Decimal(AGE_OF_UNIVERSE_YEARS.value) / Decimal(10**9)
    return f"The universe is {billions.normalize():f} billion years old (Planck 2018)."


#: The odds' caption and the room's line (the page's and the talk's) say it alike.
UNIVERSE_AGE = _universe_age()


def correlation_caption(noise_corr: Values, real_corr: Values, count: int | None = None) -> str:
    """The correlation chart's caption; ``count`` is how many images the grids hold, when
    the statistics read only the first ``len(noise_corr)`` of them.

    >>> correlation_caption([0.01, -0.01], [0.9, 0.95])
    'What to see: in a photo a pixel almost predicts its neighbour (median 0.925); in noise it tells nothing (median 0.000). One tick per image.'
    >>> correlation_caption([-0.004], [0.9]).split("(")[2]
    'median −0.004). One tick per image.'
    >>> correlation_caption([0.0], [0.9], 64).split(". ")[-1]
    'Every statistic here reads the first 1 of the 64 images (at most 2 MB each).'
    """
    measured = len(noise_corr)
    if count is not None and measured < count:
        return correlation_caption(noise_corr, real_corr) + (
            f" Every statistic here reads the first {measured:,} of the {count:,} images (at most {STATISTICS_BYTES // 2**20} MB each)."
        )
    return (
        "What to see: in a photo a pixel almost predicts its neighbour (median "
        f"{signed(np.nanmedian(real_corr), 3)}); in noise it tells nothing (median "
        f"{signed(np.nanmedian(noise_corr), 3)}). One tick per image."
    )


def spectrum_caption(noise_spec: PowerSpectrum, real_spec: PowerSpectrum) -> str:
    """The spectrum chart's caption in plain words, with both slopes; how they are measured
    in its footnote (``¹``, :data:`SPECTRUM_METHOD`), so the caption says what to see first."""
    return (
        "What to see: photos are strong in coarse detail and weaker and weaker in fine detail (slope "
        f"{signed(real_spec.slope, 2)} on this chart; natural images typically give about −2), noise is equally "
        f"strong at every scale (slope {signed(noise_spec.slope, 2)}). Dashed grey: straight lines fitted to each.¹"
        f"\n\n{SPECTRUM_METHOD}"
    )


#: The spectrum caption's footnote: the method's words, kept out of the caption itself.
SPECTRUM_METHOD = (
    "¹ Detail is spatial frequency in cycles per pixel (0.5, the finest a pixel grid holds, is the right end); "
    "strength is the power of each image's Fourier transform (its mean removed, a Hann window applied), "
    "averaged over rings of equal frequency. The slopes are least-squares fits of log power against log "
    "frequency (the lowest ring left out)."
)


def difference_caption(noise_hist: DifferenceHistogram, real_hist: DifferenceHistogram) -> str:
    """The difference chart's caption in plain words, then its footnote: how heavy the tails
    are, as excess kurtosis (the method's word, explained there)."""
    return (
        "What to see: in photos most neighbours are nearly equal and a few (at edges) differ a lot, a sharp "
        "peak with long tails, nothing like a bell curve. Noise follows the exact triangle (256 − |d|)/65,536, "
        "dashed.²\n\n"
        f"² How heavy the tails are, as excess kurtosis (0 for a bell curve): photos {signed(real_hist.excess_kurtosis, 1)}, "
        f"noise {signed(noise_hist.excess_kurtosis, 2)}."
    )


#: The diffusion chart's caption, as HTML: what the picture shows in plain words first, then
#: its footnote with the formula (real subscripts, x<sub>t</sub>). Diffusion's noise is
#: Gaussian, not the page's uniform noise, and the caption says so.
DIFFUSION_CAPTION_HTML = (
    '<p class="caption">What to see: a photo drowned step by step in noise, until nothing of it is left. '
    "Diffusion models add Gaussian noise (bell-curve values), a different noise from the uniform noise "
    "of the rest of this page, and the statistics drift to those of noise (correlation → 0, slope → 0). "
    "A diffusion model generates by learning to walk this path backwards, from noise to the thin set of "
    "natural images; the page shows the way there.⁴</p>"
    '<p class="caption">⁴ x<sub>t</sub> = √ᾱ<sub>t</sub>·x<sub>0</sub> + √(1 − ᾱ<sub>t</sub>)·ε: at step t a '
    "share ᾱ<sub>t</sub> of the photo x<sub>0</sub> is left and Gaussian noise ε fills the rest (the noise "
    "schedule of Ho et al. 2020: 1,000 steps, one shared ε).</p>"
)


def image_number_rows(image: np.ndarray) -> list[tuple[str, str]]:
    """The rows of the "every image is one number" table: (label, HTML built from our digits)."""
    number = image_as_number(image, digits=20)
    first = pixel_step(image, 0, 0, 0)
    last = pixel_step(image, image.shape[0] - 1, image.shape[1] - 1, 0 if image.ndim == 2 else 2)
    return [
        ("Read as one base-256 number, it has", f"<b>{number.digit_count:,}</b> decimal digits"),
        ("It begins", f'<span class="digits">{number.leading}…</span>'),
        ("It ends", f'<span class="digits">…{number.trailing}</span>'),
        (
            "Images of this shape (the whole space)",
            power_html(number.space_size.scientific(5))
            + f" (rounded to 5 significant digits), {number.space_digit_count:,} digits",
        ),
        ("Changing the last byte by one", _last_byte_step(last)),
        (
            "Changing the first pixel's first byte by one",
            f"moves it by 256<sup>{first.exponent:,}</sup>, a number of {first.place_value_digits():,} digits",
        ),
    ]


def sheet_note(sheet: ScreenSheet, count: int) -> str:
    """What a grid leaves out to fit the screen ("" when it shows everything).

    >>> from lib.photo_corpus import screen_sheet
    >>> sheet_note(screen_sheet(np.zeros((64, 64, 64), np.uint8)), 64)
    'The first 16 of 64 at 1:1: all 64 would not fit a screen.'
    >>> sheet_note(screen_sheet(np.zeros((2, 512, 512), np.uint8)), 64)
    'Shown: the top-left 264×264 pixels of the first, at 1:1 (one whole would not fit a screen).'
    """
    if sheet.cropped:
        which = "the first" if count > 1 else "it"
        return (
            f"Shown: the top-left {sheet.pixels.shape[1]}×{sheet.pixels.shape[0]} pixels of {which}, at 1:1 "
            "(one whole would not fit a screen)."
        )
    if sheet.shown < count:
        return f"The first {sheet.shown} of {count} at 1:1: all {count} would not fit a screen."
    return ""


def _last_byte_step(last: PixelStep) -> str:
    """Where one step of the last byte leads: up to the next image, or (at 255) down."""
    if last.change > 0:
        return "moves the number by 1: the very next image"
    return "moves the number by −1 (this byte is 255, so it can only go down): the image just before"


def grid_caption(seed: int, whole: bool, scenes: int = 0, closer: int = 0, black_and_white: str = "") -> str:
    """What the two grids are, in words true at every width (side by side on a screen, one above
    the other on a phone: named by what they show, never by where they stand). Whole photos:
    ``scenes`` of them shown whole (each its largest centred square: a photo's sides are cut), then ``closer`` closer looks at them
    (:func:`lib.real_samples.whole_photos`), and why no texture is among them;
    ``black_and_white``: which of the RGB grid's photos are black-and-white, as "3 of the 9"
    (a grid titled RGB whose camera and clock are grey, unexplained, reads as a mislabel: review 11,
    Learning-2).

    >>> grid_caption(3, False).split(". ")[1]
    'The real ones: random crops of photos'
    >>> grid_caption(0, True, 6, 3).split(". ")[1]
    'The real ones: 6 photos of scenes, each its largest centred square, then 3 closer looks at them (each its middle square, half as wide), resized'
    >>> grid_caption(0, True, 6, 10).split(". ")[1].split("(")[1]
    'squares half as wide: the middle of each, then others placed by the seed), resized'
    >>> grid_caption(0, True, 4).split(". ")[1]
    'The real ones: 4 photos of scenes, each its largest centred square, resized'
    >>> grid_caption(0, True, 6, 3, "3 of the 9").split(". ")[2]
    '3 of the 9 are black-and-white photos (red, green and blue equal)'
    """
    if not whole:
        real = "random crops of photos"
    else:
        if closer <= scenes:
            where = "each its middle square, half as wide"
        else:
            where = "squares half as wide: the middle of each, then others placed by the seed"
        looks = f", then {closer:,} closer look{'' if closer == 1 else 's'} at them ({where})"
        # Not "whole": a photo that is not square loses its sides (Chelsea the cat, 451×300: a third).
        square = "its largest centred square" if scenes == 1 else "each its largest centred square"
        real = f"{scenes:,} photo{'' if scenes == 1 else 's'} of scenes, {square}{looks if closer else ''}"
        real += ", resized"
    textures = (
        " The photos of textures (grass, gravel, brick) and of the Hubble deep field's scattered stars look like "
        "noise as thumbnails: they are among the crops."
        if whole
        else ""
    )
    if black_and_white:
        textures = f" {black_and_white} are black-and-white photos (red, green and blue equal).{textures}"
    return (
        f"The uniformly random images: every pixel drawn uniformly from 0–255 (seed {seed}), points of the space "
        f"picked at random. The real ones: {real}.{textures} Lossless PNG, each pixel a sharp square. Draw again as "
        "often as you like and you get static; how rarely anything like a photo comes up is bounded below."
    )


#: The two corners shown at the post's size, in the order shown.
CORNERS = ("uniform noise", "a real photo")


def corner_labels(side: int) -> tuple[list[str], list[str]]:
    """Each corner's caption and its alt text, read out like every other picture of the page.

    >>> captions, alts = corner_labels(256)
    >>> captions[0], alts[1]
    ('uniform noise at 1:1 (256×256)', 'a real photo: its top-left 256×256 pixels at 1:1')
    """
    captions = [f"{what} at 1:1 ({side}×{side})" for what in CORNERS]
    return captions, [f"{what}: its top-left {side}×{side} pixels at 1:1" for what in CORNERS]


def full_size_caption(width: int, height: int, channels: int, seed: int) -> str:
    """The caption under the full-size corners, with the image's size for this colour mode.

    The noise corner is one image's, the same on every draw (``seed``): every uniform image of
    this size looks like it, and the grids above show that each draw differs. Uniform noise does
    not compress: a PNG of it holds every pixel byte (28,311,552 in RGB, 9,437,184 in grey) plus
    a little framing. The megabytes are rounded, so they say so (≈) and the exact bytes stand
    beside them.

    >>> full_size_caption(2304, 4096, 1, 0).split("; ")[1]
    'a full-size PNG of it would hold its ≈\u00a09.4 MB (9,437,184 bytes) of pixels, incompressible static.'
    >>> full_size_caption(2304, 4096, 3, 0).split(":")[0]
    'The noise is the corner of one uniform random 2304×4096 image, the same on every draw (seed 0)'
    """
    size = width * height * channels
    megabytes = size / 1e6
    return (
        f"The noise is the corner of one uniform random {width}×{height} image, the same on every draw (seed {seed}): "
        "any other looks just like it; "
        f"a full-size PNG of it would hold its ≈\u00a0{megabytes:.1f} MB ({size:,} bytes) of pixels, "
        "incompressible static."
    )


#: How the bound's exponent is rounded wherever it is shown (this page, the talk's step 5 and
#: its chart): down to a whole number, so "≤ 10^−x" stays true. One rounding, said beside it:
#: the page once showed "≤ 10^−76.8" and the talk "≤ 10^−76" for the same event, neither labelled.
BOUND_ROUNDING = "exponent rounded down to a whole number, so the bound stays true"


def bound_exponent(bound: CorrelationBound) -> str:
    """x in "chance ≤ 10^−x" as the page and the talk show it (:data:`BOUND_ROUNDING`).

    >>> bound_exponent(CorrelationBound(8, 8, 1, 0.9, "mean", -76.81))
    '76'
    """
    return bound.exponent_text(0)


def wait_as_shown(bound: CorrelationBound, draws_per_second: int) -> str:
    """The least wait for the first success, worked out from the exponent as shown
    (:func:`bound_exponent`), not from the unrounded bound, so a reader can check the shown
    figures by hand: the 32×32 bound is 10^−76.89, shown "≤ 10^−76", and 10^76 draws at 1,000
    a second are 3·10^65 years, where the unrounded bound gives 10^66 (review 11, Sampling-4).
    Still a lower bound on the wait: the shown exponent is the smaller.

    >>> wait_as_shown(CorrelationBound(32, 32, 3, 0.85, "mean", -76.89), 1000)  # 10^76 / (1,000 · 3.16·10^7 s)
    '10^65 years'
    >>> CorrelationBound(32, 32, 3, 0.85, "mean", -76.89).wait_text(1000)  # the unrounded bound's
    '10^66 years'
    """
    shown = int(bound_exponent(bound).replace(",", ""))
    return replace(bound, log10_probability=-float(shown)).wait_text(draws_per_second)


def odds_caption(bound: CorrelationBound, draws_per_second: int, universe_age: str = UNIVERSE_AGE) -> str:
    """What the bound means in draws and years (both rounded so "at least" stays true), as
    HTML with superscripts, built from our own digits and the escaped ``universe_age``. The
    years follow from the draws as shown (:func:`wait_as_shown`): 10^76 draws, 10^65 years.

    >>> odds_caption(CorrelationBound(8, 8, 1, 0.9, "mean", -100.0), 1000).split("; ")[1]
    'at 1,000 draws a second that is at least <span class="pow">10<sup>89</sup></span> years. The universe is 13.787 billion years old (Planck 2018).'
    """
    wait = rich_text(wait_as_shown(bound, draws_per_second))
    return (
        f"A proven upper bound, not an estimate ({BOUND_ROUNDING}). So you would expect to draw at least "
        f"10<sup>{bound_exponent(bound)}</sup> images before the first success; at {draws_per_second:,} draws "
        f"a second that is at least {wait}. {html.escape(universe_age)}"
    )


HOW_WE_KNOW = (
    "The bound is a proof: Chernoff bounds (the chance that a sum strays far from its mean falls "
    "exponentially with the number of terms) with the exact moment generating functions of uniform bytes, "
    "computed in interval arithmetic, which brackets every rounding error, so no float can make it false."
)


def experiment_sentence(mc: MonteCarloResult, threshold: float, asked: int | None = None) -> str:
    """The Monte Carlo result, in a sentence (a correlation, not a probability); when the
    link ``asked`` for more draws than one view may make, it says so.

    >>> from lib.statistics import monte_carlo_noise_correlation
    >>> experiment_sentence(monte_carlo_noise_correlation(8, 8, 10, 1), 0.9, 20_000).split(". ")[-1]
    '20,000 draws of 8×8 images were asked for; one view draws at most 32 MB of noise.'
    """
    capped = (
        ""
        if asked is None or asked <= mc.draws
        else (
            f" {asked:,} draws of {mc.width}×{mc.height} images were asked for; one view draws at most "
            f"{VIEW_BYTES // 2**20} MB of noise."
        )
    )
    return (
        f"An experiment ({mc.draws:,} noise images, seed {mc.seed}): the largest neighbour correlation was "
        f"{mc.largest:.3f}; {mc.count_at_least(threshold):,} of {mc.draws:,} reached {threshold:.2f}. "
        "It can only show what is likely, which is why the bound matters." + capped
    )


def correlation_numbers(noise_corr: Values, real_corr: Values) -> dict[str, str]:
    """Every image's neighbour correlation, for the CSV/JSON download."""
    rows = {"noise": noise_corr, "real": real_corr}
    return {
        f"{k} image {i + 1} neighbour correlation": f"{v:.6f}"
        for k, vs in rows.items()
        for i, v in enumerate(vs)
    }


def image_number_caption_html(byte_count: int) -> str:
    """The image-as-number table's caption, as HTML: the largest such number written with
    the image's own byte count (a true superscript), not "256^bytes".

    >>> image_number_caption_html(3072).split("; ")[0][-47:]
    'one of the integers 0 … 256<sup>3,072</sup> − 1'
    """
    byte_count = check_whole_number(byte_count, "byte count", 1)
    return (
        '<p class="caption">Bytes in reading order (row by row, then channel), first byte most significant. '
        f"Every image of this shape is one of the integers 0 … 256<sup>{byte_count:,}</sup> − 1; almost all "
        "of them are noise.</p>"
    )


CREDITS_CAPTION = (
    "All from scikit-image's sample data, each CC0 or public domain as stated there. Visitors' photos are "
    "used in this session only and never stored."
)


# -- the page's own HTML around its pictures (our text only, escaped) -------------------------


def section_html(title: str) -> str:
    """A section heading inside a block of the page's own HTML (it looks like a markdown one).

    >>> section_html("Odds & ends")
    '<h4 class="section">Odds &amp; ends</h4>'
    """
    return f'<h4 class="section">{html.escape(title)}</h4>'


def grid_title_html(count: int, what: str, size: int, grey: bool, note: str = "") -> str:
    """The title under a grid, and what it leaves out to fit the screen (``note``: then the
    title says how many were drawn, and the note what is shown).

    >>> grid_title_html(9, "real", 32, False, "The first 4 of 9 at 1:1.")
    '<b>9 real 32×32 RGB images drawn</b><br>The first 4 of 9 at 1:1.'
    >>> grid_title_html(1, "real", 8, True)
    '<b>1 real 8×8 grey image</b>'
    """
    images = "image" if count == 1 else "images"
    title = f"<b>{count:,} {html.escape(what)} {size}×{size} {'grey' if grey else 'RGB'} {images}{' drawn' if note else ''}</b>"
    return title + (f"<br>{html.escape(note)}" if note else "")


def paragraph_html(text: str) -> str:
    """A caption inside a block of the page's own HTML (``text`` escaped; it looks like
    ``st.caption``'s): one element fewer to draw on each new draw than a caption of its own.

    >>> paragraph_html("a < b")
    '<p class="caption">a &lt; b</p>'
    """
    return f'<p class="caption">{html.escape(text)}</p>'


def paragraphs_html(text: str) -> str:
    """Paragraphs of a caption (``text``, split at blank lines: a footnote is its own) inside the
    page's own HTML, each as :func:`paragraph_html`: a caption written as markdown is parsed by
    the browser on every new draw, and these hold no markdown.

    >>> paragraphs_html("What to see.¹" + 2 * chr(10) + "¹ How.")
    '<p class="caption">What to see.¹</p><p class="caption">¹ How.</p>'
    """
    return "".join(paragraph_html(part) for part in text.split("\n\n"))


def enlarged_corners_html(zooms: str, channels: int) -> str:
    """The enlarged corners (``zooms``, markup) and the caption of the corners at full size:
    the same on every draw of one colour (the corners are ``CORNER_SEED``'s and the largest
    photo's), so it is an element of its own. A draw then sends it again as a reference to
    what the browser already holds, and the browser leaves it as drawn; inside the block that
    follows it, its 28 kB of pictures were parsed, sanitised and decoded again on every draw.

    >>> block = enlarged_corners_html("<figure></figure>", 1)
    >>> block.startswith("<figure>"), "the same on every draw" in block
    (True, True)
    """
    from lib.reference_figures import PHONE_PHOTO_HEIGHT, PHONE_PHOTO_WIDTH
    from lib.sampling_view import CORNER_SEED

    caption = full_size_caption(PHONE_PHOTO_WIDTH, PHONE_PHOTO_HEIGHT, channels, CORNER_SEED)
    return zooms + paragraph_html(caption)


def image_number_html(number_table: str, byte_count: int) -> str:
    """What follows the corners and changes with the draw, as one block of the page's own HTML
    (one element to render on a new draw where there were four): the image as a number
    (``number_table``, markup, of an image of ``byte_count`` bytes) and its caption, and the
    statistics' heading.

    >>> block = image_number_html("<table></table>", 1024)
    >>> block.count("<h4"), "<table></table>" in block
    (2, True)
    """
    return (
        section_html("Every image is one number (the Library of Babel's idea)")
        + f'<div class="image-number">{number_table}</div>'
        + image_number_caption_html(byte_count)
        + section_html("The statistics that tell them apart")
    )
