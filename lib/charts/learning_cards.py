"""The Learning page's cards: one card per rung of the ladder and per lossless file, and what a
lookup table of whole datasets costs, as HTML (:func:`lib.notation.cards_html` grids); and the
power of 2 a favoured count is (:func:`whole_bits_html`).

Cards instead of tables: one card per row of facts, one per line on a phone, never a table
cell narrower than its longest word. Only the app's own figures and words, escaped.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from decimal import Decimal

from lib.density import (
    DEQUANTISED_BOUND,
    EXACT_DISCRETE,
    PNG_IN_WORDS,
    WEBP_IN_WORDS,
    EffectiveSpace,
    LadderResult,
    RungResult,
    human_bytes,
    mixture_left_out,
    stored_dataset,
)
from lib.notation import card_html, cards_html, power_html, rich_text
from lib.reference_figures import Reference

#: How each rung's figure is counted, in a visitor's words under its card (the method's name,
#: :data:`~lib.density.EXACT_DISCRETE` or :data:`~lib.density.DEQUANTISED_BOUND`, and why it
#: holds wait in "How the scores are counted").
COUNTED_IN_WORDS = {
    EXACT_DISCRETE: "counted exactly",
    DEQUANTISED_BOUND: "at most this: counted in a way that can only make this model look worse",
}


def _rung_facts(rung: RungResult) -> str:
    """The rung's other figures, as a list: training, fresh, its own entropy, its size."""
    facts = [f"on its training patches: {rung.train_bits_per_dim:.3f}"]
    if rung.fresh_bits_per_dim is not None:
        facts.append(f"on new patches of the training photos: {rung.fresh_bits_per_dim:.3f}")
    if rung.entropy_bits_per_dim is not None:
        facts.append(
            # A no-break space: a phone never leaves "≈" alone at the end of a line.
            f"what {rung.entropy_samples:,} of its own samples cost it: ≈\u00a0{rung.entropy_bits_per_dim:.3f}"
        )
    # No fitting time: a measured wall time differs between runs and machines, and the same
    # link must give the same pixels. Every fact here is computed from the data and the seed.
    facts.append(f"numbers kept: {rung.parameters:,}")
    return "<ul>" + "".join(f"<li>{fact}</li>" for fact in facts) + "</ul>"


def rung_cards(ladder: LadderResult) -> str:
    """One card per rung (its held-out cost first), then the two codecs' cards, as two ``.cards``
    grids: the models (``rung-cards``: five cards, the mixture's saying why when it is not
    fitted, three to a row on a wide screen) and the files (``codec-cards``), so no card
    sits alone on a row of its own.

    >>> import numpy as np
    >>> from lib.density import fit_ladder
    >>> noise = np.random.default_rng(0).integers(0, 256, (300, 16), dtype=np.uint8)
    >>> html_text = rung_cards(fit_ladder(noise[:200], noise[200:], 4, 1, samples=0))
    >>> html_text.count('class="card"'), "<h4>uniform</h4>" in html_text
    (7, True)
    """
    cards = [
        card_html(
            r.name,
            f"{r.bits_per_dim:.3f} bits per value",
            _rung_facts(r),
            html.escape(COUNTED_IN_WORDS[r.likelihood]),
        )
        for r in ladder.rungs
    ]
    left_out = mixture_left_out(ladder.dims, ladder.train_count)
    if left_out is not None and all(r.name != "Gaussian mixture" for r in ladder.rungs):
        cards.append(card_html("Gaussian mixture", "not fitted", html.escape(left_out)))
    files = []
    if ladder.png_bits_per_dim is not None:
        files.append(
            card_html(
                "PNG file", f"{ladder.png_bits_per_dim:.3f} bits per value", "", html.escape(PNG_IN_WORDS)
            )
        )
    if ladder.webp_bits_per_dim is not None:
        files.append(
            card_html(
                "WebP lossless file",
                f"{ladder.webp_bits_per_dim:.3f} bits per value",
                "",
                html.escape(WEBP_IN_WORDS),
            )
        )
    out = f'<div class="rung-cards">{cards_html(cards)}</div>'
    return out + (f'<div class="codec-cards">{cards_html(files)}</div>' if files else "")


def dataset_cards(datasets: Sequence[Reference], sizes: Sequence[tuple[int, int]]) -> str:
    """What a lookup table of each whole dataset costs at each image size, as cards: to the byte
    where the dataset's image count is exact, rounded (≈) where the count itself is.

    >>> from lib.reference_figures import IMAGENET_1K
    >>> from lib.reference_figures import LAION_5B
    >>> cards = dataset_cards([IMAGENET_1K, LAION_5B], [(224, 224)])
    >>> f"{1_281_167 * 224 * 224 * 3:,}" in cards, f"{5_850_000_000 * 224 * 224 * 3:,}" in cards
    (True, False)
    """
    cards = []
    for data in datasets:
        items = []
        for width, height in sizes:
            stored = stored_dataset(data, width, height)
            # Every byte only from an exact count: 5.85·10^9 images is itself rounded.
            exact = f" ({stored.stored_bytes:,} bytes)" if stored.exact else ""
            items.append(
                f"<li>{width}×{height} RGB: <b>{human_bytes(stored.stored_bytes)}</b>{exact}, a share "
                f"{power_html(stored.share.scientific(3))} of all such images</li>"
            )
        figure = rich_text(f"{data.label} {data.unit}")
        cards.append(
            card_html(data.name, figure, "<ul>" + "".join(items) + "</ul>", html.escape(data.source))
        )
    return cards_html(cards)


def whole_bits_html(space: EffectiveSpace) -> str:
    """The power of 2 a favoured count is, and where its exponent comes from: b·D rounded up
    to whole bits. Review 11 (Learning-3): "at most 8.54 × 10⁹⁶" is 2³²², not 2^(b·D) =
    2^321.536 ≈ 6.2 × 10⁹⁶, and only the closed "How the scores are counted" said why.
    b·D is exact (b has 3 decimals, D is whole).

    >>> from lib.density import effective_space
    >>> whole_bits_html(effective_space(5.024, 64))
    '= 2<sup>322</sup> (b·D = 321.536, rounded up)'
    >>> whole_bits_html(effective_space(4.5, 64))
    '= 2<sup>288</sup> (b·D = 288)'
    """
    product = space.bits_per_dim * space.dims
    exact = Decimal(product.numerator) / Decimal(product.denominator)
    shown = f"{exact.normalize():,f}"
    rounded = "" if product == space.favoured_bits else ", rounded up"
    return f"= 2<sup>{space.favoured_bits:,}</sup> (b·D = {shown}{rounded})"
