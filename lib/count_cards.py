"""The short cards of "How many images?": each count set against things a listener knows.

Plain string building (no Streamlit): every figure comes from :mod:`lib.combinatorics`
and :mod:`lib.modalities`, written with :mod:`lib.notation`, sources gathered as
footnotes so they sit under the cards rather than in the widest column. Every preset's
cards and count chart (:func:`lib.count_figures.count_chart`) are worked out ahead
(:func:`work_out_preset_views`).
"""

from __future__ import annotations

import html
import time
from functools import lru_cache

from lib import combinatorics as comb
from lib import count_inputs
from lib import modalities as mod
from lib import reference_figures as ref
from lib.big_numbers import Magnitude
from lib.count_figures import count_chart
from lib.notation import (
    Footnotes,
    card_html,
    cards_html,
    length_html,
    magnitude_html,
    plural,
    power_html,
    ratio_html,
    rich_text,
    whole_html,
)

NOUNS = {"image": "images", "text": "texts", "audio": "sounds", "video": "videos"}


def powers(data: mod.DataFormat) -> str:
    """256^28,311,552 = 2^226,492,416 as superscripts; one form when the two are the same."""
    forms = [f"{data.levels:,}^{data.positions:,}"]
    if data.levels & (data.levels - 1) == 0 and data.levels > 2:  # a power of two: also 2^bits
        forms.append(f"2^{data.positions * (data.levels.bit_length() - 1):,}")
    return rich_text(" = ".join(forms))


def log10_html(log10: str) -> str:
    """A count's log10 as worked out (``facts.log10``), its whole part grouped in threes with a
    place to break the line after each comma: on a phone, the whole part of a huge count (up
    to 28 digits) and its 12 decimals ran on as one word.

    >>> log10_html("68181011.006451812563")
    '68,<wbr>181,<wbr>011.006451812563'
    """
    whole, point, decimals = log10.partition(".")
    return f"{int(whole):,}".replace(",", ",<wbr>") + point + decimals


#: Twelve digits kept on one line (a phone wrapped "73044265445 / 5…" mid-number), at the
#: size of the words around them (they were 1.05rem in 0.9rem prose: review 9).
_WHOLE = '<span class="digits" style="white-space: nowrap; font-size: inherit">'
#: The log10 as one block: it moves whole to a line of its own rather than break at a comma
#: ("68,181," then "011.006…" on a phone); only one wider than the line breaks, at a comma.
_LOG10 = '<span class="log10" style="display: inline-block">'


def how_exact(facts: comb.CountFacts) -> str:
    """How a count is shown, in words: whole, or rounded as :attr:`comb.CountFacts.scientific` is
    (the big number above the cards and its phone-only reminder say it alike).

    >>> how_exact(comb.count_facts(comb.count_images(comb.ImageFormat(1, 1, 3, 8))))
    'exactly'
    >>> how_exact(comb.count_facts(comb.count_images(comb.DEFAULT)))
    'to 5 significant digits'
    """
    return "exactly" if facts.exact is not None else "to 5 significant digits"


def count_reminder_html(noun: str, facts: comb.CountFacts) -> str:
    """The count again, one line under the inputs, shown on a phone only (app.css's
    ``.phone-only``): there the columns stack, the inputs under the count, so a preset or a new
    size changed a number ~700 px above the finger that asked, and the screen the visitor looked
    at showed nothing new but a pill's colour (review 12, Comb-7). Rounded as the count is; a
    whole count of 40 digits (53 characters with its commas) may break anywhere on a phone.

    >>> count_reminder_html("images", comb.count_facts(comb.count_images(comb.ImageFormat(1, 1, 3, 8))))
    '<p class="caption phone-only" style="margin: 0; overflow-wrap: anywhere">= <b>16,777,216</b> possible images, exactly: the count, above.</p>'
    """
    value = f"{facts.exact:,}" if facts.exact is not None else power_html(facts.scientific)
    return (
        '<p class="caption phone-only" style="margin: 0; overflow-wrap: anywhere">'
        f"= <b>{value}</b> possible {html.escape(noun)}, {how_exact(facts)}: the count, above.</p>"
    )


def digits_caption_html(facts: comb.CountFacts) -> str:
    """What is exact about a count, under it: how many digits, its first and last ones, and
    its power of ten (:func:`log10_html`).

    A number shown whole has no first and last digits to quote ("begins 16777216… ends
    …16777216" for a 1×1 image: review 11, Comb-3).

    >>> digits_caption_html(comb.count_facts(comb.count_images(comb.ImageFormat(1, 1, 3, 8))))[:60]
    '<p class="bignum-caption">Exactly <b>8</b> digits; its power'
    """
    ends = (
        f": it begins {_WHOLE}{facts.leading}…</span> and ends {_WHOLE}…{facts.trailing}</span>"
        if facts.exact is None
        else ""
    )
    return (
        f'<p class="bignum-caption">Exactly <b>{facts.digit_count:,}</b> digits{ends}'
        f"; its power of ten, {_LOG10}log<sub>10</sub> = {log10_html(facts.log10)}…</span> "
        "(every decimal shown is certain).</p>"
    )


def scale_card(facts: comb.CountFacts) -> str:
    """Its digits printed out, against the 81 digits of 10^80."""
    p, atoms = comb.printed(facts.digit_count), comb.printed(81)
    # Books past one book, pages up to one, the line within a page (PrintedDigits.scale).
    figures = {"books": f"{whole_html(p.books)} books", "pages": f"{whole_html(p.pages)} pages"}
    figure = figures.get(p.scale, length_html(p.line_mm))
    if p.pages > 1:
        fill = (
            f"its digits fill {whole_html(p.pages)} pages ({comb.PAGES_PER_BOOK}-page books); "
            f"in one line they would run {length_html(p.line_mm)}"
        )
    else:  # "fill 1 page (500-page books)" for 8 digits (review 11, Comb-3)
        fill = f"its digits run {length_html(p.line_mm)} in one line"
    body = (
        f"Written out at 10-point monospace, {comb.DIGITS_PER_LINE} digits a line and "
        f"{comb.LINES_PER_PAGE} lines a page, {fill}. "
        f"The atoms of the universe, {rich_text('10^80')}, take 81 digits: {length_html(atoms.line_mm)} in one line."
    )
    return card_html("Printed out", figure, body)


def _linking_word(ratio: str) -> str:
    """The word between a ratio and its yardstick: '… times as many as', '… times fewer than'.

    >>> _linking_word("10 times as many"), _linking_word("2 times fewer")
    ('as', 'than')
    """
    return "than" if ratio.endswith("fewer") else "as"


def compare_cards(data: mod.DataFormat, count: Magnitude, notes: Footnotes) -> list[str]:
    """Against the cosmos, the datasets or corpora, and the time to look at every one."""
    noun = NOUNS[data.modality]
    atoms = ref.ATOMS_IN_UNIVERSE
    ratios = {y.key: ratio_html(comb.times_more_than(count, y)) for y in ref.COSMIC_YARDSTICKS}
    atoms_mark = notes.cite(atoms.source)  # first: the notes are numbered as they are read (Comb-4)
    cosmos = "".join(
        f"<li>{ratios[y.key]} {_linking_word(ratios[y.key])} {rich_text(y.name)} "
        f"({rich_text(y.label)}){notes.cite(y.source)}</li>"
        for y in ref.COSMIC_YARDSTICKS
        if y is not atoms
    )
    cards = [
        card_html(
            "Against the atoms in the universe",
            ratios[atoms.key],
            f"{_linking_word(ratios[atoms.key])} the ~{rich_text('10^80')} atoms{atoms_mark}, an estimate. "
            f"Against other yardsticks:<ul>{cosmos}</ul>",
        )
    ]
    if data.modality == "image":
        rows = [
            (rich_text(f"{d.name}, {d.label} {d.unit}"), comb.dataset_coverage(count, d), d.source)
            for d in ref.DATASETS
        ]
        caveat = "if every item were a distinct image of this format; it can only be smaller"
    else:
        rows = []
        for c in mod.corpora_for(data.modality):
            held = f"{magnitude_html(c.windows(data))}{' (estimate)' * c.windows_estimated(data)}"
            name = f"{rich_text(f'{c.name}, {c.label}')}: at most {held} examples"
            rows.append((name, mod.corpus_coverage(data, c), c.source))
        caveat = "counting every starting point as a different example" + (
            " (tokens: ~4 characters each)" if data.modality == "text" else ""
        )
    items = "".join(
        f"<li>{name}{notes.cite(src)}: "
        + ("<b>could cover all of them</b>" if comb.covers_everything(share) else magnitude_html(share))
        + "</li>"
        for name, share, src in rows
    )
    largest = rows[-1][1]
    figure = "all of them" if comb.covers_everything(largest) else magnitude_html(largest)
    cards.append(
        card_html(
            f"Share of all {noun} the largest collection could hold, at most",
            figure,
            f"<ul>{items}</ul>",
            caveat,
        )
    )
    age_mark = notes.cite(ref.AGE_OF_UNIVERSE_YEARS.source)  # read before the rates below
    times = []
    for rate in comb.enumeration_rates():
        t = comb.enumeration_time(count, rate)
        ages = magnitude_html(t.universe_ages)
        times.append(
            f"<li>{rich_text(rate.name)}{notes.cite(*rate.sources)}: {ages} ages of the universe</li>"
        )
    fastest = comb.enumeration_time(count, comb.enumeration_rates()[-1])
    # Under a second, a time in years reads as a riddle ("6.56 × 10^-76" years for 1×1 pixel,
    # review 11, Comb-3): the ages below still give it exactly.
    quick = fastest.years.compare(Magnitude.of(1) / ref.SECONDS_PER_YEAR.magnitude) < 0
    cards.append(
        card_html(
            f"Years to look at every one of the {noun}",
            "less than a second" if quick else magnitude_html(fastest.years),
            f"even for an Earth-mass computer at the physical limit. In ages of the universe "
            f"(13.787 Gyr){age_mark}:<ul>{''.join(times)}</ul>",
            rich_text(comb.ONE_ITEM_PER_BIT.format(item=noun[:-1])),
        )
    )
    return cards


def sources_html(modality: str) -> str:
    """The numbered sources the cards of ``modality`` cite, as a list. The cards cite the same
    sources in the same order for every view of a kind of data (every yardstick, collection and
    rate, whatever the count), so the list is drawn once per kind, not again with every new size.

    >>> sources_html("image").count("<li>") == sources_html("image").count("</li>") > 3
    True
    """
    example = mod.image_data(comb.DEFAULT) if modality == "image" else mod.PRESETS[modality][0].data
    notes = Footnotes()
    compare_cards(example, example.count(), notes)
    return '<ol class="sources">' + "".join(f"<li>{rich_text(s)}</li>" for s in notes.sources) + "</ol>"


def smallest_card(data: mod.DataFormat, image: comb.ImageFormat | None) -> str:
    """The smallest square image, or the shortest text, sound or video, that beats 10^80."""
    atoms = ref.ATOMS_IN_UNIVERSE.magnitude
    if image is not None:
        side = comb.smallest_square_exceeding(atoms, image.channels, image.bits)
        body = (
            f"With {plural(image.channels, 'channel')} of {plural(image.bits, 'bit')}, a {side}×{side} image has more "
            f"possible versions than there are atoms in the universe"
            + (f"; {side - 1}×{side - 1} does not." if side > 1 else ": even a single pixel does.")
        )
        return card_html("The smallest square that beats the universe", f"{side}×{side} pixels", body)
    n = mod.shortest_exceeding(atoms, data.levels)
    unit = {"text": "symbols", "audio": "samples", "video": "values"}[data.modality]
    extra = ""
    if data.modality == "audio":
        extra = f", {_duration(n / data.positions_per_unit)} of this sound"
    elif data.modality == "video":
        extra = f" (of the {data.positions_per_unit:,} in one frame)"
    body = f"With {data.levels:,} values per position, {n:,} {unit}{extra} already beat the atoms ({rich_text('10^80')})."
    if data.modality == "video":  # "34 values" alone was unclear (review 7): say what a value is
        body = (
            f"A value is one colour channel of one pixel of one frame, one of {data.levels:,} levels: "
            f"{n:,} {unit}{extra} already have more possible settings than there are atoms in the "
            f"universe ({rich_text('10^80')})."
        )
    return card_html("The shortest one that beats the universe", f"{n:,} {unit}", body)


def view_cards_html(data: mod.DataFormat, count: Magnitude, image: comb.ImageFormat | None) -> str:
    """A view's cards as one block, never one card alone on a row (:func:`lib.notation.cards_html`):
    ~30 ms of exact comparisons, so a page works them out once per server and view. Their
    sources are the same for every view of a kind of data (:func:`sources_html`): a page draws
    those apart, once."""
    cards = [*compare_cards(data, count, Footnotes()), smallest_card(data, image)]
    return cards_html(cards, no_card_alone=True)


@lru_cache(maxsize=256)
def view_cards(data: mod.DataFormat, image: comb.ImageFormat | None) -> str:
    """:func:`view_cards_html` of one view, worked out once per server and shared by every
    visitor of it (read-only). A plain cache, not Streamlit's, so that the presets' cards can
    be worked out ahead, away from any visitor's run (:func:`preset_views`).

    >>> data, image = mod.image_data(comb.DEFAULT), comb.DEFAULT
    >>> view_cards(data, image) is view_cards(data, image)
    True
    """
    return view_cards_html(data, data.count(), image)


def _duration(seconds: float) -> str:
    """A short duration in the unit that reads best (3 significant digits, no e-notation).

    >>> _duration(266.0), _duration(9.0), _duration(0.00019274), _duration(1.40625e-08)
    ('266 s', '9 s', '193 µs', '14.1 ns')
    """
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if seconds >= scale or unit == "ns":
            value = seconds / scale
            return f"{value:,.0f} {unit}" if value >= 100 else f"{float(f'{value:.3g}'):g} {unit}"
    raise AssertionError("unreachable")


def post_panel() -> str:
    """The post's rounded figures beside the ones computed here, with the post's citation.

    Each card's figure is a number: the post's where it gives one, else the one computed
    here, and the sentence under it says which.
    """
    computed = "computed here, to the digits shown"
    cards = [
        card_html(
            c.what,
            "~" + power_html(c.post_says),
            f"in the post; {computed}: {power_html(c.exactly)}",
            rich_text(c.note),
        )
        if c.post_says
        else card_html(
            c.what, power_html(c.exactly), f"{computed}; the post gives no figure for this", rich_text(c.note)
        )
        for c in comb.post_claims()
    ]
    post = {k: html.escape(v) for k, v in ref.SEED_POST.items()}
    return (
        '<h4 class="section">What the post says, next to the figures computed here</h4>'
        + cards_html(cards)
        + f'<p class="caption">“{post["title"]}”, {post["author"]}, {post["venue"]}, {post["date"]}.</p>'
    )


def work_out_preset_views(delay_s: float = 0.0) -> None:
    """Every preset's cards and count chart (as off a projector), worked out ahead, once per
    server, in a thread of its own: a preset is one click away, and its first click on a
    server then pays for none of them (~34 ms of cards for the 21 presets in all). It first
    waits ``delay_s``, so that the page that started it is sent first; ``serve.py`` starts it
    while it rehearses the page, before anyone is let in.

    >>> view_cards.cache_clear()
    >>> work_out_preset_views()
    >>> views = {count_inputs.data_format(*v) for v in count_inputs.preset_views()}
    >>> view_cards.cache_info().currsize == len(views)
    True
    """
    time.sleep(delay_s)
    for modality, values in count_inputs.preset_views():
        data, image = count_inputs.data_format(modality, values)
        view_cards(data, image)
        if image is not None:
            count_chart(image, comb.count_facts(data.count()).digit_count, False)
