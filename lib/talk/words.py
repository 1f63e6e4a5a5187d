"""What each step of the talk says, as HTML: its big number with its label, its sentences, its
foot. Plain string building from the steps' figures (no Streamlit): the page writes each
step's words as one block (one element to redraw on a key press, not one per sentence).

Every sentence is our own; ``a^b`` becomes a superscript and ``**bold**`` bold, the rest is
escaped (:func:`lib.notation.rich_text`). A rounded figure says so, on the screen or in its foot.
"""

from __future__ import annotations

import base64
import html
import re
from collections import Counter
from pathlib import Path

from lib import combinatorics as comb
from lib import reference_figures as ref
from lib.notation import power_html, rich_text
from lib.printed_digits import DIGITS_PER_LINE, LINES_PER_PAGE, PAGES_PER_BOOK, printed_extent
from lib.sampling_text import BOUND_ROUNDING, UNIVERSE_AGE
from lib.talk.conclusion import rounded_lines
from lib.talk.counting import AtomsFigures, CountFigures, SpeckFigures, against_atoms, dataset_speck
from lib.talk.deck import Step, image_format
from lib.talk.models import BitsFigures
from lib.talk.noise import DRAWS_PER_SECOND, OddsFigures

#: The deck's stylesheet (assets/talk/talk.css) as a <style> element, read once per process:
#: the page sends it on every whole run, and a path would be resolved and read on each.
STYLE = f"<style>{(Path(__file__).parents[2] / 'assets' / 'talk' / 'talk.css').read_text(encoding='utf-8')}</style>"
#: The clicker's keys from a text box or a clicked choice (assets/talk/clicker.js) as a <script>,
#: read once per process: Streamlit skips a shortcut whose key the focused input may use.
CLICKER = f"<script>{(Path(__file__).parents[2] / 'assets' / 'talk' / 'clicker.js').read_text(encoding='utf-8')}</script>"
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def text(sentence: str) -> str:
    """One of our own sentences, large.

    >>> text("a **bold** 2^8 <b>")
    '<p class="talk-text">a <b>bold</b> <span class="pow">2<sup>8</sup></span> &lt;b&gt;</p>'
    """
    rich = _BOLD.sub(r"<b>\1</b>", rich_text(sentence))
    return f'<p class="talk-text">{rich}</p>'


def big(label: str, value_html: str) -> str:
    """A number to read from the back of the room; ``value_html`` is the app's own markup."""
    return f'<p class="talk-label">{rich_text(label)}</p><div class="talk-big">{value_html}</div>'


def foot(sentence: str) -> str:
    return f'<p class="talk-foot">{rich_text(sentence)}</p>'


def count_words(image: comb.ImageFormat, figures: CountFigures) -> str:
    return big(f"possible {image.describe()} images", power_html(figures.scientific)) + text(
        f"Each of the {image.values:,} values takes one of 256 levels: {figures.by_levels} images, "
        f"a number of **{figures.digit_count:,} digits**. Printed, "
        f"{printed_extent(figures.digit_count, book_size=True)}."
    )


#: The books' scale (lib.printed_digits, the whole app's) is said here, not on the slide: a book
#: count without its page had no basis a reader could check (review 15).
COUNT_FOOT = foot(
    "The digits written out are exact, never rounded; the big figure is rounded to 5 significant "
    "digits. The post rounds it to ~10^70,000,000. (How: whole numbers, and intervals with certain "
    f"bounds for the first digits.) A book: {PAGES_PER_BOOK} pages of {LINES_PER_PAGE} lines of "
    f"{DIGITS_PER_LINE} digits."
)


def atoms_words(figures: AtomsFigures) -> str:
    """The count against the atoms; for an image so small that one universe's atoms outnumber its
    count (at most 33 values of 8 bits: 5×5 grey, 3×3 RGB), that, where "it takes 1 levels of
    universes" said it as if they did not."""
    if figures.atoms_outnumber:
        return big("images for each atom in the universe", power_html(figures.times_more)) + text(
            "The atoms of one universe already outnumber these images."
        )
    return big("times as many images as atoms in the universe", power_html(figures.times_more)) + text(
        "Give every atom a universe of its own, and every atom of those another: it takes "
        f"**{figures.nesting:,} levels** of universes before the atoms outnumber the images."
    )


def step_title(step: Step, typed: str, colour: str) -> str:
    """Step ``step``'s title for the image steps 1–3 show (its inputs as they hold it, read as
    :func:`~lib.talk.deck.image_format` reads them): the deck's, but where an image the
    speaker typed is so small that it would claim more than the step's own number ("It dwarfs
    the atoms" of 256^25 images, 10^−20 of them an atom; "a vanishing speck" of images a dataset
    could hold every one of), as Talk-19's step 4 (review 15) says its bound at every side.

    >>> from lib.talk.deck import STEPS
    >>> step_title(STEPS[1], "2304x4096", "rgb"), step_title(STEPS[1], "5", "grey")
    ('It dwarfs the atoms of the universe', 'At this size, the atoms outnumber the images')
    >>> step_title(STEPS[2], "2x2", "grey"), step_title(STEPS[2], "5", "grey"), step_title(STEPS[3], "1", "grey")
    ('At this size, a dataset could hold every image', 'Every dataset is a vanishing speck of it', 'A random image is noise')
    """
    if step.key not in ("atoms", "speck"):  # the other steps show no typed image
        return step.title
    image = image_format(typed, colour)[0]
    if step.key == "atoms" and against_atoms(image).atoms_outnumber:
        return "At this size, the atoms outnumber the images"
    if step.key == "speck" and dataset_speck(image).holds_every_image:
        return "At this size, a dataset could hold every image"
    return step.title


ATOMS_FOOT = foot(f"Rounded to 3 significant digits. Atoms: {ref.ATOMS_IN_UNIVERSE.source}.")


def speck_words(image: comb.ImageFormat, figures: SpeckFigures) -> str:
    """The dataset's share, or, when the dataset could hold every image, that sentence alone."""
    data = figures.dataset
    if figures.holds_every_image:
        return text(f"There are so few {image.describe()} images that {data.name} could hold them all.")
    label = (
        f"share of the space {data.name}'s {data.label} images could cover"  # an upper bound: see the foot
    )
    return big(label, power_html(figures.share)) + text(
        f"Written as a decimal, the share starts with **{figures.zeros:,} zeros**: "
        f"{printed_extent(figures.zeros)} of nothing but zeros before its first digit."
    )


def speck_foot(figures: SpeckFigures) -> str:
    return foot(
        "Rounded to 3 significant digits; the zeros are exact. The share counts every item as a "
        f"distinct image of this size: the true share can only be smaller. {figures.dataset.source}."
    )


def noise_words(odds: OddsFigures) -> str:
    """Step 4's words at the side shown: static, and how rarely anything else comes up, as the
    next step's bound says it at that side (an upper bound: "at most", never "is" alone). "Static,
    every time" held at no side: at 8×8 the bound is only 10^−2 (review 15, Talk-19).

    >>> odds = OddsFigures(8, 0.77, 0.77, "2", -2.52, "a fraction of a second")
    >>> noise_words(odds)
    '<p class="talk-text">Pick every value at random: static. The chance of one as smooth as a photo is at most <span class="pow">10<sup>−2</sup></span>. Beside it, a photo of the same size.</p>'
    """
    return text(
        "Pick every value at random: static. The chance of one as smooth as a photo is at most "
        f"10^-{odds.exponent_text}. Beside it, a photo of the same size."
    )


NOISE_FOOT = foot(
    f"The chance: the next step's proof, its {BOUND_ROUNDING}. Lossless PNG, pixels enlarged by "
    "whole factors, never smoothed. Photos: scikit-image data (CC0)."
)
ODDS_FOOT = foot(
    f"A proof, not a simulation (how: on the Random images page). Shown with its {BOUND_ROUNDING}."
)
ROOM_WORDS = text(
    "Every noise image anyone here draws is counted: grids, experiments, and **Search harder**."
)


def odds_words(odds: OddsFigures) -> str:
    side = odds.side
    return big(
        f"chance that one random {side}×{side} image is as smooth as a photo",
        f"≤ 10<sup>−{odds.exponent_text}</sup>",
    ) + text(
        f"Smooth: neighbours as correlated as in a typical photo ({odds.threshold:.2f}, the median "
        f"{odds.photo_correlation:.3f} rounded down). At "
        f"{DRAWS_PER_SECOND:,} images a second, expect to wait at least **{odds.wait}**. "
        f"{UNIVERSE_AGE}"
    )


def bits_words(figures: BitsFigures) -> str:
    """Step 7 on the slide: the best model's bits and one line for them (and one for a file that
    beats it); the reasoning and the photo's share go to the foot (review 11: 9 lines at 1280)."""
    return (
        big(
            f"bits per value (to 3 decimals): the {figures.best}, on photos it never saw",
            f"{figures.best_bits:.3f}",
        )
        + text("Raw pixels cost 8 bits a value: every bit saved is structure learned.")
        + _worse_than_raw(figures)
        + _codec_sentence(figures)
    )


def _worse_than_raw(figures: BitsFigures) -> str:
    """A model whose bar ends past the 8-bit line, said in a line: beside "every bit saved is
    structure learned" a room asks why a model costs more than knowing nothing (review 15: the
    default fit's independent pixels, 8.276); nothing when every model saves bits.

    >>> from lib.big_numbers import Scientific
    >>> rungs = (("uniform", 8.0), ("independent pixels", 8.276), ("Gaussian", 7.0))
    >>> _worse_than_raw(BitsFigures(rungs, None, None, "Gaussian", 7.0, "", Scientific("1", 0)))
    '<p class="talk-text">Independent pixels, at 8.276, does worse than raw: what it learned of the training photos misleads it on new ones.</p>'
    """
    worse = [(name, bits) for name, bits in figures.rungs if bits > 8]
    if not worse:
        return ""
    said = " and ".join(f"{name}, at {bits:.3f}," for name, bits in worse)
    return text(
        f"{said[0].upper()}{said[1:]} {'do' if len(worse) > 1 else 'does'} worse than raw: what "
        f"{'they' if len(worse) > 1 else 'it'} learned of the training photos misleads "
        f"{'them' if len(worse) > 1 else 'it'} on new ones."
    )


def _codec_sentence(figures: BitsFigures) -> str:
    """The grey bars, said in a line: a lossless file that beats the best model is a codec, not
    a model that can draw an image (nothing when none beats it)."""
    files = [(n, b) for n, b in (("PNG", figures.png_bits), ("WebP", figures.webp_bits)) if b is not None]
    better = [f"{name} {bits:.3f}" for name, bits in files if bits < figures.best_bits]
    if not better:
        return ""
    return text(
        f"Grey: lossless files. {' and '.join(better)} beat{'s' * (len(better) == 1)} the model, "
        "but a file cannot draw a new image."
    )


def bits_foot(figures: BitsFigures) -> str:
    """What the slide leaves out, for the reader: why bits saved are structure, the photo's
    share as the upper bound it is (at most, rounded up; an extrapolation), the fit."""
    return foot(
        "Each bit saved on a value doubles how likely the model rates a photo, so it must rate "
        "other images as less likely: it learned how neighbours go together (so does a codec). "
        "Carried to the post's photo, the images it rates as likely as a photo are at most a share "
        f"{figures.photo_fraction} of the space (rounded up; probabilities add up to 1), an "
        f"extrapolation from 8×8 patches: an estimate. Fitted live on {figures.computed_on}."
    )


def conclusion_words(speck: SpeckFigures) -> str:
    """Step 8: what the largest dataset leaves unseen (it could cover at most its share: the
    items need not be distinct images of this size), and the conclusion."""
    return big(
        f"of all possible photos, a dataset the size of {speck.dataset.name} leaves unseen", "≈ 100%"
    ) + text(
        "So a model cannot memorise its way there. It must learn the structure that makes a photo "
        "a photo, and generalise from a speck to the whole space: that is why generative "
        "modelling is so hard."
    )


def conclusion_foot(speck: SpeckFigures) -> str:
    """The unseen share in full for the reader (a parenthesis on the slide no speaker reads out:
    review 11, Talk-4), to how many digits the share and the recap are rounded (review 15), and
    the post the talk follows."""
    return foot(
        f"Unseen by {speck.dataset.name}: at least 1 − its share, 1 − {speck.share}. Powers of ten are "
        f"rounded: {rounding_said(rounded_lines())}. "
        f"After “{ref.SEED_POST['title']}” by {ref.SEED_POST['author']} "
        f"({ref.SEED_POST['venue']}, {ref.SEED_POST['date']})."
    )


def rounding_said(lines: tuple[tuple[int, int], ...]) -> str:
    """To how many significant digits the recap's powers of ten are rounded: most of them, then
    the lines rounded otherwise (short: step 8's foot has two lines on an 800×600 projector).

    >>> rounding_said(((1, 5), (2, 3), (3, 3)))
    'to 3 significant digits, 5 in line 1'
    >>> rounding_said(((1, 3), (2, 4), (3, 4), (4, 3), (5, 3)))
    'to 3 significant digits, 4 in lines 2 and 3'
    """
    counts = Counter(digits for _, digits in lines)
    most = max(counts, key=lambda digits: (counts[digits], -digits))
    others = {digits: [line for line, d in lines if d == digits] for digits in counts if digits != most}
    said = [
        f"{digits} in line{'s' * (len(at) > 1)} {' and '.join(map(str, at))}" for digits, at in others.items()
    ]
    return ", ".join([f"to {most} significant digits", *said])


def step_of(number: int, steps: int) -> str:
    """Where the deck is, for its bar: "Step 2 of 8", which a phone's narrow bar shows as
    "2/8" (talk.css hides "Step " and writes " of " as "/", both still read out).

    >>> step_of(2, 8)
    '<span class="talk-wide">Step </span>2<span class="talk-of"> of </span>8'
    """
    return f'<span class="talk-wide">Step </span>{number}<span class="talk-of"> of </span>{steps}'


#: The steps whose chart the page draws once, and those that lay out their own columns.
CHART_STEPS = ("atoms", "odds", "bits")
OWN_LAYOUT_STEPS = ("noise", "room", "conclusion")


def layout_style(step_key: str) -> str:
    """The rule that lays out step ``step_key`` around the frame drawn once (talk.css): its
    chart shown, with room for it in the picture's column (``--talk-chart-<key>`` where talk.css
    gives that chart a height of its own); or the frame's columns hidden at
    their size for a step that lays out its own; nothing for the others.

    >>> layout_style("odds").startswith("<style>.st-key-talk-chart-odds {")
    True
    >>> layout_style("count")
    ''
    """
    if step_key in CHART_STEPS:
        return (
            f"<style>.st-key-talk-chart-{step_key} {{ visibility: visible; pointer-events: auto; }} "
            '.st-key-talk-columns [data-testid="stColumn"]:last-child > [data-testid="stVerticalBlock"] '
            f"{{ min-height: var(--talk-chart-{step_key}, var(--talk-chart)); }}</style>"
        )
    if step_key in OWN_LAYOUT_STEPS:
        return (
            "<style>.st-key-talk-columns { position: absolute; top: 0; left: 0; right: 0; "
            "visibility: hidden; pointer-events: none; }</style>"
        )
    return ""


#: A picture up to this size is written into the page (a data URI); a larger one is served.
INLINE_PICTURE_BYTES = 64_000


def picture_html(key: str, png: bytes | None, side: int, alt: str, caption: str) -> str:
    """A pixel-exact picture's side for talk.css (``--side`` on its box, the container keyed
    ``key``, and on step 4's pair of pictures of one side, which stays one row while both fit),
    the PNG written in as a data URI (None: the page shows it served), its caption.

    >>> picture_html("talk-noise", None, 32, "noise", "seed 3")
    '<style>.st-key-talk-pair, .st-key-talk-noise { --side: 32px; }</style><p class="talk-text">seed 3</p>'
    """
    image = ""
    if png is not None:
        data = base64.b64encode(png).decode("ascii")
        image = f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" width="{side}">'
    return f"<style>.st-key-talk-pair, .st-key-{key} {{ --side: {side}px; }}</style>{image}{text(caption)}"
