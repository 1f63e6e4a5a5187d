"""Why is generative modelling so hard? The argument in brief, each claim with its live number.

The home page of a multipage app: the other pages live in ``pages/`` and the science
in ``lib/``. Run with ``streamlit run streamlit_app.py``.
"""

from __future__ import annotations

import html

import numpy as np
import streamlit as st

from lib import combinatorics as comb
from lib import photo_corpus as corpus
from lib import real_samples, talk, ui
from lib import reference_figures as ref
from lib.notation import magnitude_html, rich_text
from lib.sampling_text import BOUND_ROUNDING

#: The picture at the top: a random image of the space next to a photograph, same size.
PICTURE_SIDE, PICTURE_SEED, PICTURE_PHOTO = 80, 2025, "Chelsea the cat"
#: Claim 5's number: the lowest of the published test-set scores Memorise or model? charts, on
#: CIFAR-10 (32×32 photos), a figure from outside with its source, like the atoms.
LEARNED, LEARNED_ON = min(ref.CIFAR10_CHART, key=lambda record: record.bits_per_dim), "CIFAR-10's 32×32"


def picture() -> tuple[np.ndarray, np.ndarray, str]:
    """Uniform noise and a photo, 80×80 RGB each (the photo's centre square, resized)."""
    noise = corpus.uniform_noise(1, PICTURE_SIDE, PICTURE_SEED)[0]
    photo = next(p for p in ui.shipped_photos() if p.name == PICTURE_PHOTO)  # decoded once per server
    real = real_samples.whole_photos([photo], PICTURE_SIDE, 1, PICTURE_SEED).images[0]
    credit = photo.credit
    caption = f"{credit.title}, {credit.author} ({credit.licence})" if credit else photo.name
    return noise, real, caption


def hero() -> ui.Html:
    """The picture at the top with its words, as one block of HTML (the same for everyone)."""
    noise, photo, credit = picture()
    post = ref.SEED_POST
    side = f"{PICTURE_SIDE}×{PICTURE_SIDE}"
    figures = ui.pixel_figures_html(
        [
            (noise, f"uniform noise, {side} pixels", "a uniformly random image"),
            (photo, f"a photo, {side} pixels: {credit}", f"a photo: {credit}"),
        ],
        max_height_vh=50,
    )
    return ui.Html(
        '<div class="hero"><h4>A random image is noise</h4>'
        "<p>Left: one image drawn uniformly at random from every possible "
        f"{side} colour image. Right: a photo of the same size. Draw again and again and you get static; "
        "how rarely anything like the right comes up is worked out in claim 4. Why? Count the images.</p>"
        f'<div class="st-key-hero">{figures}</div>'
        f"<p>A walk through the argument of “{html.escape(post['title'])}” ({html.escape(post['author'])}, "
        f"{html.escape(post['venue'])}, {html.escape(post['date'])}), its counts, shares and odds computed live.</p></div>"
    )


def claim(
    number: int,
    title: str,
    text: str,
    figure_label: str,
    figure_html: str,
    caption: str,
    link: tuple[str, str] | None = None,
) -> tuple[str, tuple[str, str] | None]:
    """One step of the argument as one block of HTML (a sentence beside its number), and
    where to explore it.

    ``text`` is our own sentence (powers written a^b become superscripts); the figure and
    its caption are our own HTML.
    """
    words = f"<div><h4>{number}. {title}</h4><p>{rich_text(text)}</p></div>"
    return f'<div class="claim">{words}{ui.big_number_html(figure_label, figure_html, caption)}</div>', link


def claims() -> list[tuple[str, tuple[str, str] | None]]:
    """The five claims' HTML and links (exact big-number work, ~10 ms): the same for every
    visitor, so built once per server (:func:`main`) and only laid out on every run."""
    steps: list[tuple[str, tuple[str, str] | None]] = []

    def add(*step) -> None:
        steps.append(claim(*step))

    photo = comb.DEFAULT
    count = comb.count_images(photo)
    facts = comb.count_facts(count)
    by_levels, _ = comb.powers_text(photo)

    add(
        1,
        "A photo is one point in an unimaginably large space",
        f"A phone photo of {photo.width:,}×{photo.height:,} pixels has 3 colour channels of "
        f"256 levels each. Every choice of those {photo.values:,} values is a different image, "
        f"so there are {by_levels} possible photos.",
        "possible photos of that size (to 5 significant digits)",
        ui.power_html(facts.scientific),
        ui.Html(
            f"a number with exactly {facts.digit_count:,} digits "
            f"(the post rounds it to ~{rich_text('10^70,000,000')})"
        ),
        ("pages/1_Combinatorics.py", "Count any image size exactly"),
    )

    # The point is the number beside (68,180,932 digits instead of 68,181,012); the words keep
    # two pictures of it, a line crossed out and the nesting, where they held ten figures, a
    # wall of 12 lines on a phone (review 15, Home-3). The atoms' 81 digits in centimetres
    # are How many images?' "Printed out" card's.
    atoms = count / ref.ATOMS_IN_UNIVERSE.magnitude
    removed = facts.digit_count - atoms.digit_count()
    add(
        2,
        "It dwarfs anything physical",
        "The observable universe holds roughly 10^80 atoms (an estimate). Dividing the count by all "
        f"of them removes just {removed} of its digits: printed at {comb.DIGITS_PER_LINE} digits a line, "
        f"{comb.lines_of(removed)} crossed out of {comb.printed(facts.digit_count).pages:,} pages. "
        "Give every atom a universe of its own, and every atom of those another, and so on: it takes "
        f"{comb.nested_yardsticks_needed(count, ref.ATOMS_IN_UNIVERSE):,} levels of universes "
        "before the atoms outnumber the possible photos.",
        "times as many photos as atoms (to 3 significant digits)",
        magnitude_html(atoms),
        ui.Html(f"{atoms.digit_count():,} digits instead of {facts.digit_count:,} (the atoms: an estimate²)"),
    )

    laion = comb.dataset_coverage(count, ref.LAION_5B)
    imagenet = comb.dataset_coverage(count, ref.IMAGENET_FULL)
    add(
        3,
        "Every dataset we have is a vanishing speck of it",
        f"ImageNet holds {ref.IMAGENET_FULL.label} images, LAION-5B {ref.LAION_5B.label}. "
        "Even if all were phone photos of this size, they would cover at most this share of the space: "
        "almost every possible image has never been seen.",
        "share of the space LAION-5B could cover, at most (to 3 significant digits)",
        magnitude_html(laion),
        ui.Html(f"ImageNet: {magnitude_html(imagenet)} (the datasets' sizes³)"),
    )

    # The claim's own number: the chance that a random image looks like a photo at all (the
    # talk's step 5, Random images' bound), where the smallest thumbnail to outnumber the atoms
    # said how big the space is, claims 1 and 2 again, and nothing about noise (review 15).
    side, odds = talk.DEFAULT_SIDE, talk.noise_odds(talk.DEFAULT_SIDE)
    thumb_side = comb.smallest_square_exceeding(ref.ATOMS_IN_UNIVERSE.magnitude, 1, 8)
    add(
        4,
        "A random point of the space is noise",
        "Pick an image uniformly at random and every pixel is independent of its neighbours: "
        "pure static. The chance that it is even as smooth as a typical photo is proven tiny: at "
        f"{talk.DRAWS_PER_SECOND:,} images a second, expect to wait at least {odds.wait} for one. "
        "Natural images sit on a thin, highly structured subset of a space so large that even a "
        f"{thumb_side}×{thumb_side} grey thumbnail has more possible versions than the universe has atoms.",
        f"chance that one random {side}×{side} colour image is as smooth as a photo",
        rich_text(f"≤ 10^-{odds.exponent_text}"),
        ui.Html(
            f"smooth: neighbours as correlated as in a typical photo (≥\u00a0{odds.threshold:.2f}); "
            f"a proof, not an estimate, its {BOUND_ROUNDING}"
        ),
        ("pages/2_Sampling.py", "See random images next to real photos"),
    )

    # The claim's own number: what a model that learned the structure achieves on images it never
    # saw, where "≈ 100% unseen" was 1 − claim 3's share again (review 15, Home-4). A published
    # record, not the live fit: home's first run on a server without serve.py's rehearsal would
    # have to fit the models (Memorise or model?, which the link leads to, fits them live).
    add(
        5,
        "So a generative model cannot memorise: it must learn the structure",
        "Storing examples says nothing about the images no one has seen, which is nearly all of "
        "them. A generative model has to approximate the distribution of natural images and "
        "generalise from a tiny sample to the whole space: that is why it is so hard. What it "
        "learned is measured in bits a value on images it never saw.",
        f"bits per value a published model needs for {LEARNED_ON} photos it never saw; raw pixels need 8",
        f"{LEARNED.bits_per_dim:.2f}",
        ui.Html(f"{html.escape(LEARNED.model)} ({LEARNED.year}), {html.escape(LEARNED.kind)}, as published⁴"),
        ("pages/3_Learning.py", "Fit models live and measure them in bits"),
    )

    return steps


def sources() -> str:
    """The claims' outside figures, in footnotes ² to ⁴ after the page's own ¹: under a
    claim's number they sat between the number and the sentence that says what it is, on a
    phone (review 11, Home-1). The marks go on words, never on a number (68,181,012² reads
    as a square)."""
    notes = [
        f"Atoms in the observable universe: {ref.ATOMS_IN_UNIVERSE.source}.",
        f"{ref.LAION_5B.source}; {ref.IMAGENET_FULL.source}.",
        f"{LEARNED.citation}: bits per value on CIFAR-10's 10,000 test images, which the model was "
        "not trained on; another dataset than this app's photos.",
    ]
    return '<ol class="sources" start="2">' + "".join(f"<li>{rich_text(n)}</li>" for n in notes) + "</ol>"


def main(presenting: bool) -> None:
    st.title(ui.APP_TITLE)
    # Built once per server, read-only: the same HTML on every run, so Streamlit sends the
    # picture's block as a reference and the browser leaves it as it is.
    st.html(ui.computed_once("home hero", None, hero))
    for step_html, link in ui.computed_once("home claims", None, claims):
        with st.container(border=True):
            st.html(step_html)
            if link:
                ui.page_link(link[0], link[1], icon=":material/arrow_forward:")
    # Plain words first, the method in a footnote (one element: two paragraphs).
    st.caption(
        "What is exact here: every count, its number of digits and its first and last digits, "
        "worked out without rounding.¹ Powers of ten are rounded to the significant digits shown; "
        "outside figures such as the atom count are estimates, labelled with their source; "
        "measurements on the other pages, such as bits per dimension, are computed to about 15 "
        "significant digits, not exactly.¹\n\n"
        "¹ How: whole-number arithmetic for the counts and their last digits, interval arithmetic "
        "(bounds that are certain) for their first digits and logarithms; the measurements in "
        "64-bit floating-point."
    )
    st.html(ui.computed_once("home sources", None, sources))


ui.run_page(main, "The argument")
