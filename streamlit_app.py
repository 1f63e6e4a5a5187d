"""Why is generative modelling so hard? The argument in brief, each claim with its live number.

The home page of a multipage app: the other pages live in ``pages/`` and the science
in ``lib/``. Run with ``streamlit run streamlit_app.py``.
"""

from __future__ import annotations

import streamlit as st

from lib import combinatorics as comb
from lib import reference_figures as ref
from lib import ui


def claim(
    number: int,
    title: str,
    text: str,
    figure_label: str,
    figure_html: str,
    caption: str,
    link: tuple[str, str] | None = None,
) -> None:
    """One step of the argument: a sentence, its number, and where to explore it."""
    with st.container(border=True):
        words, figure = st.columns([3, 2], vertical_alignment="center")
        words.markdown(f"#### {number}. {title}")
        words.markdown(text)
        if link:
            words.page_link(link[0], label=link[1], icon=":material/arrow_forward:")
        ui.big_number(figure_label, figure_html, caption, container=figure)


def main() -> None:
    ui.setup_page("The argument")
    st.title(ui.APP_TITLE)
    post = ref.SEED_POST
    st.markdown(
        f"A walk through the argument of “{post['title']}” ({post['author']}, {post['venue']}, "
        f"{post['date']}), with every figure computed live and exactly."
    )

    photo = comb.DEFAULT
    count = comb.count_images(photo)
    facts = comb.count_facts(count)
    by_levels, by_bits = comb.powers_text(photo)

    claim(
        1,
        "A photo is one point in an unimaginably large space",
        f"A phone photo of {photo.width:,}×{photo.height:,} pixels has 3 colour channels of "
        f"256 levels each. Every choice of those {photo.values:,} values is a different image, "
        f"so there are {by_levels} possible photos.",
        "possible photos of that size",
        ui.power_html(facts.scientific),
        f"exactly: a number with {facts.digit_count:,} digits (the post rounds it to ~10^70,000,000)",
        ("pages/1_Combinatorics.py", "Count any image size exactly"),
    )

    atoms = count / ref.ATOMS_IN_UNIVERSE.magnitude
    claim(
        2,
        "It dwarfs anything physical",
        "The observable universe holds roughly 10^80 atoms (an estimate). Give every atom its "
        "own universe of atoms, and each of those atoms another universe, and so on: it takes "
        f"{comb.nested_yardsticks_needed(count, ref.ATOMS_IN_UNIVERSE):,} levels of nesting "
        "before the atoms outnumber the possible photos.",
        "times as many photos as atoms",
        ui.power_html(atoms.scientific(3)),
        ref.ATOMS_IN_UNIVERSE.source,
    )

    laion = comb.dataset_coverage(count, ref.LAION_5B)
    imagenet = comb.dataset_coverage(count, ref.IMAGENET_FULL)
    claim(
        3,
        "Every dataset we have is a vanishing speck of it",
        f"ImageNet holds {ref.IMAGENET_FULL.label} images, LAION-5B {ref.LAION_5B.label}. "
        "Even if all were phone photos of this size, they would cover this share of the space: "
        "almost every possible image has never been seen.",
        "share of the space LAION-5B covers",
        ui.power_html(laion.scientific(3)),
        f"ImageNet: {imagenet.scientific(3)}. Sources: {ref.LAION_5B.source}; {ref.IMAGENET_FULL.source}",
    )

    thumb_side = comb.smallest_square_exceeding(ref.ATOMS_IN_UNIVERSE.magnitude, 1, 8)
    claim(
        4,
        "A random point of the space is noise",
        "Pick an image uniformly at random and every pixel is independent of its neighbours: "
        "pure static, every time. Natural images sit on a thin, highly structured subset, "
        f"rare beyond words, yet even a {thumb_side}×{thumb_side} grey thumbnail has more "
        "possible versions than the universe has atoms.",
        "smallest grey square image with more versions than atoms",
        f"{thumb_side}×{thumb_side} pixels",
        "decided exactly against 10^80",
        ("pages/2_Sampling.py", "See random images next to real photos"),
    )

    claim(
        5,
        "So a generative model cannot memorise: it must learn the structure",
        "Storing examples says nothing about the images no one has seen, which is nearly all of "
        "them. A generative model has to approximate the distribution of natural images and "
        "generalise from a tiny sample to the whole space: that is why it is so hard.",
        "the unseen share of the space of photos",
        "≈ 100%",
        f"exactly 1 − {imagenet.scientific(3)} for ImageNet",
        ("pages/3_Learning.py", "Fit models live and measure them in bits"),
    )

    st.caption(
        "Every number on these pages is exact (integer and interval arithmetic) or, like "
        "the atom count, labelled as an estimate with its source."
    )


ui.run_page(main)
