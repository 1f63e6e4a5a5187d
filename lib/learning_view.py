"""The Learning page's words around its figures, as HTML: built once per view, no Streamlit.

Every element a page sends is a render in the browser on each rerun, and another seed
changes nearly every figure of the page; so the page writes each stretch of its own text
(a caption, a section with its figures) as one block of HTML instead of a heading, a
paragraph and a caption each. Only the app's own sentences and numbers go into these
blocks, escaped; never anything a visitor typed.
"""

from __future__ import annotations

import html
import re

import numpy as np

from lib.density import RAW_BITS, Study, gaps, inversions, mixture_left_out

_STRONG = re.compile(r"\*\*(.+?)\*\*")
_EMPHASIS = re.compile(r"\*(.+?)\*")


def inline_html(text: str) -> str:
    """Our own sentence, written with ``**bold**`` and ``*italic*``, as escaped HTML.

    >>> inline_html("**a** < *b*")
    '<strong>a</strong> &lt; <em>b</em>'
    """
    escaped = html.escape(text, quote=False)
    return _EMPHASIS.sub(r"<em>\1</em>", _STRONG.sub(r"<strong>\1</strong>", escaped))


def _paragraph(text: str, kind: str = "") -> str:
    named = f' class="{kind}"' if kind else ""
    return f"<p{named}>{inline_html(text)}</p>"


def quiet_cap(used: int, default: int, size: int, channels: int) -> str:
    """Below the inputs when the default training count was capped for this shape (no warning:
    the visitor never gave a count): the count used first, in a visitor's words.

    >>> quiet_cap(666, 4000, 16, 3)
    "Using 666 training patches, not the box's 4,000: at 16×16 RGB, 666 is the most we can fit while you wait."
    """
    colour = "grey" if channels == 1 else "RGB"
    return (
        f"Using {used:,} training patches, not the box's {default:,}: at {size}×{size} {colour}, "
        f"{used:,} is the most we can fit while you wait."
    )


def waiting_html(train: int, size: int, channels: int) -> str:
    """Where the ladder will be, while the page's first fit runs: as tall as it will be
    (``.ladder-waiting``, the page's style: the ladder's and its notes' place), so the
    inputs below do not jump down ~1,000 px when they arrive (review 11, Learning-6), and
    saying what is happening.

    >>> waiting_html(666, 16, 3)
    '<div class="ladder-waiting"><p>Fitting the models on 666 patches of 16×16 RGB: their chart appears here when they are done.</p></div>'
    """
    colour = "grey" if channels == 1 else "RGB"
    return (
        f'<div class="ladder-waiting"><p>Fitting the models on {train:,} patches of {size}×{size} {colour}: '
        "their chart appears here when they are done.</p></div>"
    )


#: Above the ladder, the page's first picture: what it shows, in plain words (the method's
#: name and its formula wait in "How the scores are counted").
LADDER_HEADING = '<h3 class="section">Bits each model needs per pixel value of photos it never saw</h3>'


def ladder_notes_html(study: Study) -> str:
    """Under the ladder: what it means in two plain sentences, then what it was computed on,
    then where the held-out cost comes from (the two gaps, measured)."""
    return (
        _paragraph(
            "Each model learned from patches of some photos, then had to write down patches of "
            "*other* photos in as few bits as it could. Guessing blindly takes 8 bits for each "
            "value (the dashed line); every bit a model saves (blue circles) is something it "
            "learned about how neighbouring pixels go together, though not at every rung."
        )
        + _paragraph(study.computed_on() + _no_mixture(study, "ladder"), "caption")
        + _paragraph(gaps(study.ladder).sentence())
    )


def _no_mixture(study: Study, where: str) -> str:
    """' No … Gaussian mixture …' where the mixture would have been, when it is not fitted."""
    ladder = study.ladder
    if mixture_left_out(ladder.dims, ladder.train_count) is None:
        return ""
    what = "rung" if where == "ladder" else "row of samples"
    return f" No {what} for the Gaussian mixture at {ladder.dims} values a patch: its card below says why."


def samples_caption_html(study: Study, count: int) -> str:
    """What the samples matrix shows, in a visitor's words: how the patches are drawn (whole
    pixels repeated, never smoothed) matters because a smoothed sample would look better than
    the model made it; the factor and the file format are the page's business."""
    return _paragraph(
        f"{count} samples of each model (seed {study.ladder.seed}), each pixel enlarged as a sharp "
        "square, never smoothed." + _no_mixture(study, "samples"),
        "caption",
    )


def memorising_html(study: Study, datasets_html: str) -> str:
    """The lookup table: what it costs on the training patches and the held-out ones, then
    what whole datasets cost stored (``datasets_html``, the cards)."""
    table, ladder = study.table, study.ladder
    return (
        '<h2 class="section">Memorising: a lookup table</h2>'
        + _paragraph(
            "The simplest model stores its training images and gives each probability 1/N; every "
            f"other image gets **exactly zero**. On the {ladder.train_count:,} training patches "
            f"above it costs {table.train_bits_per_dim:.3f} bits per value; "
            + held_out_in_table(table.hits, table.flat_hits, ladder.test_count)
            + " Stored at full size, whole datasets cost:"
        )
        + datasets_html
        + _paragraph(
            "Raw 8-bit pixels, one byte per value, no compression; every byte counted only where the "
            "dataset's image count is exact (not for a rounded count such as 5.85·10⁹). A share "
            "assumes every image distinct.",
            "caption",
        )
    )


def held_out_in_table(hits: int, flat: int, held_out: int) -> str:
    """How many held-out patches the lookup table holds (those cost what they cost in training;
    every other one is impossible), and how many of those are flat patches of one value.

    >>> held_out_in_table(0, 0, 2000)
    'none of the 2,000 held-out patches is in the table: each costs **∞ bits**.'
    >>> held_out_in_table(3, 3, 2000)
    '3 of the 2,000 held-out patches are in the table, all of them flat patches of one value (such as clear sky); every other one costs **∞ bits**.'
    >>> held_out_in_table(1, 0, 2000)[:56]
    '1 of the 2,000 held-out patches is in the table, not a f'
    """
    if hits == 0:
        return f"none of the {held_out:,} held-out patches is in the table: each costs **∞ bits**."
    verb = "is" if hits == 1 else "are"
    if flat == hits:
        which = "all of them" if hits > 1 else "a"
        kind = f"{which} flat patch{'es' if hits > 1 else ''} of one value (such as clear sky)"
    elif flat:
        kind = f"{flat:,} of them flat patches of one value (such as clear sky)"
    else:
        kind = "not a flat patch of one value among them" if hits > 1 else "not a flat patch of one value"
    return (
        f"{hits:,} of the {held_out:,} held-out patches {verb} in the table, {kind}; "
        "every other one costs **∞ bits**."
    )


def honest_note_html(study: Study) -> str:
    """Under the ladder's notes: where a richer model costs more on the held-out photos than a
    simpler one (one sentence, however many), and why the histogram model can cost more than
    noise."""
    found = inversions(study.ladder)
    if not found:
        return _paragraph("With these settings every rung beats the simpler ones on the held-out photos.")
    each = "; ".join(
        f"**{later.name}** costs {later.bits_per_dim:.3f} bits per value, more than **{earlier.name}** "
        f"({earlier.bits_per_dim:.3f}), though only {later.train_bits_per_dim:.3f} on its training patches"
        for later, earlier in found
    )
    out = _paragraph(f"On photos the models never saw, a richer model is not always cheaper: {each}.")
    independent = study.ladder.rung("independent pixels")
    if independent.bits_per_dim > RAW_BITS:
        out += _paragraph(
            "The independent-pixel model is worse than uniform noise because **each photo has its "
            "own histogram**: fitted on the held-out photos themselves it would cost "
            f"{study.own_histogram_bits:.3f}. Levels common there but rare in training cost more "
            "than 8 bits each."
        )
    return out


def grey_patches(patches: np.ndarray, channels: int) -> int:
    """How many of ``patches`` (flattened, channels last) are grey: R = G = B in every pixel.

    >>> rgb = np.array([[5, 5, 5, 9, 9, 9], [5, 5, 5, 9, 9, 8]], np.uint8)
    >>> grey_patches(rgb, 3), grey_patches(rgb, 1)
    (1, 0)
    """
    if channels != 3:
        return 0
    pixels = patches.reshape(patches.shape[0], -1, 3)
    return int(np.count_nonzero(np.all(pixels == pixels[:, :, :1], axis=(1, 2))))


#: A grey pixel stored as RGB, kept on one line (no-break spaces).
GREY_RULE = "R\u00a0=\u00a0G\u00a0=\u00a0B"


def codec_note_html(study: Study) -> str:
    """Under the ladder, when the WebP file beats every model on the held-out photos: why, in
    a visitor's words. A student who sees a file format beat every model concludes the
    models learned little (review 11, Learning-2); the reasons are measured: WebP's
    predictor was built by people for photos while the models learn from a few thousand
    patches at most, and in RGB a grey photo (R = G = B, as the corpus's grass, gravel,
    brick, camera and clock are stored) costs WebP almost nothing for its green and blue,
    while models fitted on colour and grey patches alike cannot count on that. At 16×16
    RGB with rocket and grass held out, WebP led the best model by 1.53 bits; with two
    colour photos (rocket, chelsea) by 0.75 (measured on seed 0).

    Nothing when a model beats WebP."""
    ladder, best = study.ladder, study.best
    webp = ladder.webp_bits_per_dim
    if webp is None or webp >= best.bits_per_dim:
        return ""
    test = study.held_out.test
    grey = grey_patches(test, ladder.channels)
    because = (
        f"**WebP beats every model here** ({webp:.3f} bits per value against the {best.name} "
        f"model's {best.bits_per_dim:.3f}): its way of predicting each pixel from its "
        f"neighbours was built by people for photos, while these models learned from only "
        f"{ladder.train_count:,} patches"
    )
    if grey:
        because += (
            f"; and {grey:,} of the {test.shape[0]:,} held-out patches are grey ({GREY_RULE} in every "
            "pixel), whose green and blue WebP writes almost for free, while models fitted on "
            "colour and grey patches alike cannot count on that"
        )
    return _paragraph(because + ".")


#: A component whose neighbouring pixels differ by less than this share of its energy is flat.
FLAT = 0.01
#: A component with more than this share of its energy in differences between channels is colour.
COLOUR = 0.5


def component_words(images: np.ndarray) -> str:
    """What the principal components shown look like, measured on them (so the words hold at
    every view): the leading flat ones named (brightness; in colour, a flat tint), then
    whether the rest change faster from pixel to pixel further down, and how many are colour.

    ``images`` are uint8 with mid-grey = 0, shape ``(n, s, s)`` or ``(n, s, s, 3)``
    (:meth:`~lib.density.GaussianModel.eigenvector_images`).

    >>> x = np.arange(4.0)
    >>> flat = np.full((4, 4, 3), 255.0)
    >>> tint = np.stack([np.full((4, 4), 255.0), np.full((4, 4), 127.5), np.zeros((4, 4))], axis=-1)
    >>> wave = np.repeat((127.5 + 127.5 * np.cos(np.pi * x / 3))[None, :, None], 4, 0).repeat(3, 2)
    >>> fast = np.repeat((127.5 + 127.5 * np.cos(np.pi * x))[None, :, None], 4, 0).repeat(3, 2)
    >>> component_words(np.stack([flat, tint, wave, fast]).astype(np.uint8))
    'the 1st is flat grey (overall brightness), the 2nd a flat tint (colour, no pattern); the other 2 are patterns that change faster from pixel to pixel further down the sheet'
    >>> component_words(np.stack([flat, wave, fast])[..., 0].astype(np.uint8))
    'the 1st is flat (overall brightness); the other 2 are patterns that change faster from pixel to pixel further down the sheet'
    """
    v = np.asarray(images, dtype=np.float64) - 127.5
    n = v.shape[0]
    v = v.reshape(n, v.shape[1], v.shape[2], -1)
    energy = np.maximum((v**2).sum(axis=(1, 2, 3)), 1e-12)
    colour = ((v - v.mean(axis=3, keepdims=True)) ** 2).sum(axis=(1, 2, 3)) / energy
    steps = (np.diff(v, axis=1) ** 2).sum(axis=(1, 2, 3)) + (np.diff(v, axis=2) ** 2).sum(axis=(1, 2, 3))
    rough = steps / energy
    grey = v.shape[3] == 1
    ordinal = {1: "1st", 2: "2nd", 3: "3rd"}
    lead: list[str] = []
    for i in range(min(n, 3)):
        if rough[i] >= FLAT:
            break
        if colour[i] > COLOUR:
            lead.append(f"the {ordinal[i + 1]} {'' if lead else 'is '}a flat tint (colour, no pattern)")
        else:
            kind = "flat" if grey else "flat grey"
            lead.append(f"the {ordinal[i + 1]} is {kind} (overall brightness)")
    rest = rough[len(lead) :]
    words = ", ".join(lead)
    if rest.size:
        quarter = max(1, rest.size // 4)
        faster = rest[-quarter:].mean() > rest[:quarter].mean()
        other = f"the other {rest.size}" if lead else f"all {rest.size}"
        words += ("; " if lead else "") + (
            f"{other} are patterns that change faster from pixel to pixel further down the sheet"
            if faster
            else f"{other} are patterns of brightness and colour"
        )
        tinted = int(np.count_nonzero(colour[len(lead) :] > COLOUR))
        if not grey and tinted:
            words += f", {tinted} of them mostly colour"
    return words


def eigenvectors_caption(study: Study) -> str:
    """Under the Gaussian's principal components: what they are (measured: see
    :func:`component_words`), and the variance they explain."""
    shown = study.eigen_images.shape[0]
    shares = ", ".join(f"top {k}: {100 * study.explained[k - 1]:.1f}%" for k in dict.fromkeys((1, 4, shown)))
    return (
        f"The {shown} patterns along which its patches vary most, the biggest first (mid-grey = 0; "
        f"each could as well be drawn in negative): {component_words(study.eigen_images)}. "
        f"How much of the patches' variation they account for: {shares}."
    )


def effective_space_html(study: Study, numbers_html: str) -> str:
    """How many images the best model can favour: the heading, the two big numbers
    (``numbers_html``), then the counting argument in plain words, with b and D named once (the
    numbers' labels use them; how b·D is rounded waits in "How the scores are counted")."""
    best, dims = study.best, study.ladder.dims
    return (
        '<h3 class="section">How many images can the best model favour?</h3>'
        + numbers_html
        + (
            "<p>"
            + inline_html(
                f"The best model here, **{best.name}**, needs b = {best.bits_per_dim:.3f} bits per value "
                f"on photos it never saw, and a patch has D = {dims} values. Its chances add up to 1, so "
            )
            + "<strong>at most 2<sup>b·D</sup> images can each get a chance as high as 2<sup>−b·D</sup></strong>"
            + inline_html(
                ": a tiny share of all possible patches. Its own samples cost it "
                f"≈\u00a0{best.entropy_bits_per_dim:.3f} bits per value (averaged over {best.entropy_samples:,} "
                "of them)."
            )
            + "</p>"
        )
    )
