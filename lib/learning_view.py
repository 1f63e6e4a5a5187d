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

from lib.density import RAW_BITS, Study, gaps, inversions

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


def ladder_notes_html(study: Study) -> str:
    """Under the ladder: how to read it (a caption, with what it was computed on), then where
    the held-out cost comes from (the two gaps, measured)."""
    return _paragraph(
        "Each model is fitted on patches of some photos and scored on patches of *other* photos. "
        "What to see: the held-out cost (blue circles) falls from 8 bits/dim as models learn how "
        "neighbouring pixels go together, though not at every rung. " + study.computed_on(),
        "caption",
    ) + _paragraph(gaps(study.ladder).sentence())


def samples_caption_html(study: Study, count: int, tile_pixels: int) -> str:
    """What the samples matrix shows and how it is drawn."""
    ladder = study.ladder
    most = max(1, tile_pixels // ladder.size)
    return _paragraph(
        f"{count} samples of each model (seed {ladder.seed}), lossless PNG, each pixel a square "
        f"of whole screen pixels ({most}×{most} where the column is wide enough, fewer on a "
        "narrow screen), never smoothed.",
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
            f"above it costs {table.train_bits_per_dim:.3f} bits/dim; of {ladder.test_count:,} "
            f"held-out patches it holds {table.hits:,} (flat patches of one value: "
            f"{table.flat_hits:,}); every other one costs **∞ bits**. Stored at full size, whole "
            "datasets cost:"
        )
        + datasets_html
        + _paragraph(
            "Raw 8-bit pixels, one byte per value, no compression. A share assumes every image distinct.",
            "caption",
        )
    )


def honest_note_html(study: Study) -> str:
    """Where a richer model costs more on the held-out photos than a simpler one, and why the
    histogram model can cost more than noise."""
    found = inversions(study.ladder)
    heading = '<h3 class="section">Not a staircase at every rung</h3>'
    if not found:
        return heading + _paragraph(
            "With these settings every rung beats the simpler ones on the held-out photos."
        )
    items = "".join(
        "<li>"
        + inline_html(
            f"**{later.name}** costs {later.bits_per_dim:.3f} bits/dim, more than **{earlier.name}** "
            f"({earlier.bits_per_dim:.3f}), though only {later.train_bits_per_dim:.3f} on its "
            "training patches."
        )
        + "</li>"
        for later, earlier in found
    )
    out = heading + _paragraph("On photos the models never saw, a richer model is not always cheaper:")
    out += f"<ul>{items}</ul>"
    independent = study.ladder.rung("independent pixels")
    if independent.bits_per_dim > RAW_BITS:
        out += _paragraph(
            "The independent-pixel model is worse than uniform noise because **each photo has its "
            "own histogram**: fitted on the held-out photos themselves it would cost "
            f"{study.own_histogram_bits:.3f}. Levels common there but rare in training cost more "
            "than 8 bits each."
        )
    return out


def eigenvectors_caption(study: Study) -> str:
    """Under the Gaussian's principal components: what they are, and the variance they explain."""
    shown = study.eigen_images.shape[0]
    shares = ", ".join(f"top {k}: {100 * study.explained[k - 1]:.1f}%" for k in dict.fromkeys((1, 4, shown)))
    return (
        f"Its top {shown} eigenvectors, largest variance first (mid-grey = 0, sign arbitrary): "
        f"brightness, then smooth waves of rising frequency. Share of the variance: {shares}."
    )


def effective_space_html(study: Study) -> str:
    """How many images the best model can favour: the counting argument, in words (the figures
    follow it, as big numbers)."""
    best = study.best
    return '<h3 class="section">How many images can the best model favour?</h3>' + (
        "<p>"
        + inline_html(
            f"The best model here, **{best.name}**, codes held-out patches in b = "
            f"{best.bits_per_dim:.3f} bits/dim. Probabilities add up to 1, so "
        )
        + "<strong>at most 2<sup>b·D</sup> images can each get probability ≥ 2<sup>−b·D</sup></strong>. "
        + inline_html(
            f"b is measured on photos; the model's own samples cost it ≈ {best.entropy_bits_per_dim:.3f} "
            f"bits/dim (its entropy, estimated from {best.entropy_samples:,} samples)."
        )
        + "</p>"
    )
