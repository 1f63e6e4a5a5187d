"""The talk: the argument as a deck for a clicker, one claim and its live picture per screen.

Deep links: ``?step=N`` (1-based), inputs included (``?step=4&side=28&seed=3``); always presenting.
Keys (lib.talk.DECK_KEYS): next = PageDown, Right, Space; back = PageUp, Left; Home, End: the ends.
"""

from __future__ import annotations

import re
from pathlib import Path

import streamlit as st

from lib import combinatorics as comb
from lib import density as dm
from lib import reference_figures as ref
from lib import talk, ui
from lib.charts import talk as charts

LAST = len(talk.STEPS)
SIDES = tuple(map(str, talk.SIDES))
#: The deck's styles; sizes in rem follow the screen's width (presentation mode: 1 rem is
#: 28 px at 1920 px and 18.7 px at 1280 px, so a step fills both 16:9 screens alike).
STYLES = Path(__file__).resolve().parent.parent / "assets" / "talk" / "talk.css"


def go(step: int) -> None:
    st.query_params["step"] = str(step)


def controls(step: talk.Step) -> None:
    """Small visible controls with the clicker's keys; hidden buttons carry the other keys."""
    with st.container(horizontal=True, key="talk-bar", vertical_alignment="center", gap="small"):
        for key in talk.DECK_KEYS[:4]:
            key_button(key, step.number, key.label or key.name, f":material/{key.icon}:")
        st.markdown(f"**Step {step.number} of {LAST}**")
        explore = f"Explore: {step.page_label}"
        ui.page_link(step.page, explore, icon=":material/open_in_new:", keep_present=True)
        with st.popover("Pages", icon=":material/menu:"):
            for path, label, promise in ui.PAGES:
                ui.page_link(path, label, help=promise, keep_present=True)
        ui.page_link("streamlit_app.py", "Leave the talk", icon=":material/close:", keep_present=False)
    with st.container(key="talk-keys"):
        for key in talk.DECK_KEYS[4:]:
            key_button(key, step.number, f"{key.name} key")


def key_button(key: talk.DeckKey, current: int, label: str, icon: str | None = None) -> None:
    target = key.destination(current)
    st.button(label, key=f"talk-{key.name}", shortcut=key.shortcut, on_click=go, args=(target,), icon=icon)


def chart(where, spec, alt: str) -> None:
    """A chart that fills its box: 64% of the screen's height (see talk.css)."""
    with where, st.container(key="talk-chart"):
        ui.chart(spec, width="stretch", height="stretch", alt=alt)


def text(sentence: str, where=None) -> None:
    """One of our own sentences, large: a^b as superscripts, **bold** kept, the rest escaped."""
    rich = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", ui.rich_text(sentence))
    (where or st).html(f'<p class="talk-text">{rich}</p>')


def big(label: str, value_html: str) -> None:
    """A number to read from the back of the room; ``value_html`` is the app's own markup."""
    st.html(f'<p class="talk-label">{ui.rich_text(label)}</p><div class="talk-big">{value_html}</div>')


def foot(sentence: str) -> None:
    st.html(f'<p class="talk-foot">{ui.rich_text(sentence)}</p>')


def read_image() -> comb.ImageFormat:
    """Steps 1–3 share one image: its size as text (``?image=28``) and RGB or grey."""
    size_box, colour_box = st.columns([3, 2], vertical_alignment="bottom")
    typed = size_box.text_input(
        "Image size (width×height)", value="2304x4096", key="image", bind="query-params"
    )
    colour = ui.choice_input("Colour", ("rgb", "grey"), "colour", "rgb", colour_box)
    try:
        width, height = talk.parse_image_size(typed or "")
    except ValueError as error:
        st.warning(ui.escape_markdown(f"{error} Showing the post's 2304×4096."), icon=":material/edit_note:")
        width, height = ref.PHONE_PHOTO_WIDTH, ref.PHONE_PHOTO_HEIGHT
    return comb.ImageFormat(width, height, 3 if colour == "rgb" else 1, 8)


def read_side() -> int:
    return int(ui.choice_input("Image side (pixels)", SIDES, "side", str(talk.DEFAULT_SIDE)))


def step_count() -> None:
    words, picture = st.columns([5, 6], gap="large")
    with words:
        image = read_image()
        figures = ui.computed_once("photo count", image, lambda: talk.photo_count(image))
        big(f"possible {image.describe()} images", ui.power_html(figures.scientific))
        text(
            f"Each of the {image.values:,} values takes one of 256 levels: {figures.by_levels} images, "
            f"a number of **{figures.digit_count:,} digits**. Printed, {talk.plural(figures.books, 'book')} of {talk.PAGES_PER_BOOK} pages."
        )
    picture.html(ui.computed_once("digits wall", image, lambda: talk.digits_wall_html(figures)))
    foot(
        "The digits written out are exact (integer and interval arithmetic); the big figure is rounded "
        "to 5 significant digits. The post rounds it to ~10^70,000,000."
    )


def step_atoms() -> None:
    words, picture = st.columns([5, 6], gap="large")
    with words:
        image = read_image()
        figures = talk.against_atoms(image)
        big("times as many images as atoms in the universe", ui.power_html(figures.times_more))
        text(
            "Give every atom a universe of its own, and every atom of those another: it takes "
            f"**{figures.nesting:,} levels** of universes before the atoms outnumber the images."
        )
    spec = charts.digits_chart(f"{image.describe()} images", figures.photo_digits, figures.atoms_digits)
    chart(picture, spec, "Digits of the count against digits of 10^80")
    foot(f"Rounded to 3 significant digits. Atoms: {ref.ATOMS_IN_UNIVERSE.source}.")


def step_speck() -> None:
    words, picture = st.columns([5, 6], gap="large")
    with words:
        image = read_image()
        figures = talk.dataset_speck(image)
        if figures.zeros == 0:
            text(
                f"There are so few {image.describe()} images that {figures.dataset.name} could hold them all."
            )
            return
        big(
            f"of the space: {figures.dataset.name}'s {figures.dataset.label} images",
            ui.power_html(figures.share),
        )
        text(
            f"Written as a decimal, the share starts with **{figures.zeros:,} zeros**: "
            f"{talk.plural(figures.books_of_zeros, 'book')} of nothing but zeros before its first digit."
        )
    picture.html(talk.zeros_wall_html(figures))
    foot(
        f"Rounded to 3 significant digits; the zeros are exact. Even if every item were a distinct "
        f"image of this size. {figures.dataset.source}."
    )


def pixel_exact(pixels, key: str, alt: str, caption: str) -> None:
    """Lossless, enlarged by the largest whole factor that fits both its column and 56% of the
    height (talk.css): every pixel the same number of screen pixels, never squeezed by a column
    narrower than the screen's share (at 1280×720 a 28%-of-the-width rule drew 10.8×)."""
    side = pixels.shape[1]
    st.html(f"<style>.st-key-{key} {{ --side: {side}px; }}</style>")
    with st.container(key=key):
        st.image(ui.png_of(pixels), output_format="PNG", width="stretch", alt=alt)
        text(caption)


def draw_again(seed: int) -> None:
    st.query_params["seed"] = str((seed + 1) % 2**32)


def step_noise() -> None:
    words, left, right = st.columns([5, 4, 4], gap="medium")
    seed = talk.seed_from_link(st.query_params.get_all("seed"))
    with words:
        text("Pick every value at random: static, every time. Beside it, a photo of the same size.")
        side = read_side()
        st.button("Draw again", key="talk-draw", on_click=draw_again, args=(seed,), icon=":material/casino:")
    noise, photo, origin = talk.noise_and_photo(ui.shipped_photos(), side, seed)
    with left:
        pixel_exact(noise, "talk-noise", "uniform noise", f"random, seed {seed}")
    with right:
        pixel_exact(photo, "talk-photo", "a photo", origin)
    foot("Lossless PNG, pixels enlarged by whole factors, never smoothed. Photos: scikit-image data (CC0).")


def step_odds() -> None:
    words, picture = st.columns([5, 6], gap="large")
    with words:
        side = read_side()
        odds = talk.noise_odds(side)
        big(
            f"chance that one random {side}×{side} image is as smooth as a photo",
            f"≤ 10<sup>−{odds.exponent_text}</sup>",
        )
        text(
            f"Smooth: neighbours as correlated as in a typical photo ({odds.threshold:.2f}). At "
            f"{talk.DRAWS_PER_SECOND:,} images a second, expect to wait at least **{odds.wait}**. "
            f"The universe is {ref.AGE_OF_UNIVERSE_YEARS.label} years old."
        )
    spec = ui.computed_once("odds chart", side, lambda: charts.odds_chart(talk.odds_curve(), side))
    chart(picture, spec, "The bound against the image side")
    foot(
        "A proof, not a simulation: Chernoff bounds with exact moment generating functions, interval arithmetic."
    )


def step_room() -> None:
    text("Every noise image anyone here draws is counted: grids, experiments, and **Search harder**.")
    ui.room_search_view(True, heading=False)


def step_bits() -> None:
    words, picture = st.columns([5, 6], gap="large")
    figures = talk.model_bits(ui.study_service().study(dm.StudySettings()).ladder)  # fitted once a server
    with words:
        big(f"bits per value: the {figures.best}, on photos it never saw", f"{figures.best_bits:.2f}")
        text(
            "Raw pixels cost 8. Every bit saved per value halves, once for each value, how many images "
            f"the model can rate that likely: it learned how neighbours go together. Carried to the post's photo: a share ≈ {figures.photo_fraction} of the space."
        )
    chart(picture, charts.bits_chart(list(figures.rungs), figures.png_bits), "Bits per value of each model")
    foot(
        f"Fitted live on {figures.computed_on}. The photo's share extrapolates from 8×8 patches: an estimate."
    )


def step_conclusion() -> None:
    words, recap = st.columns([6, 5], gap="large")
    speck = ui.computed_once("speck", None, talk.dataset_speck)
    with words:
        big("of all possible photos, no dataset will ever show", "≈ 100%")
        text(
            "So a model cannot memorise its way there. It must learn the structure that makes a photo a photo, "
            "and generalise from a speck to the whole space: that is why generative modelling is so hard."
        )
        text(f"(For LAION-5B: 1 − {speck.share}, the share rounded to 3 significant digits.)")
    with recap:
        ladder = ui.study_service().study(dm.StudySettings()).ladder  # the default fit
        for line in ui.computed_once("recap", "default fit", lambda: talk.recap(talk.model_bits(ladder))):
            text(line)
    post = ref.SEED_POST
    foot(f"After “{post['title']}” by {post['author']} ({post['venue']}, {post['date']}).")


VIEWS = (step_count, step_atoms, step_speck, step_noise, step_odds, step_room, step_bits, step_conclusion)


def main(presenting: bool) -> None:
    st.html(STYLES)
    number, problem = talk.step_from_link(st.query_params.get_all("step"))
    step = talk.STEPS[number - 1]
    controls(step)
    if problem:
        st.warning(ui.escape_markdown(problem), icon=":material/edit_note:")
    with st.container(key="talk-title"):
        st.title(f"{step.number}. {step.title}", anchor=False)
    VIEWS[number - 1]()
    service = ui.study_service()  # resolved in the script run, used by the warm-up thread
    talk.start_warm_up(lambda: service.study(dm.StudySettings()))  # after the step is drawn


ui.run_page(main, "The talk", always_presenting=True, link_to_view=False)
