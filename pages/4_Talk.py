"""The talk: the argument as a deck for a clicker, one claim and its live picture per screen.

Deep links: ``?step=N`` (1-based), inputs included (``?step=4&side=28&seed=3``); always presenting.
Keys (lib.talk.DECK_KEYS): next = PageDown, Right, Space; back = PageUp, Left; Home, End: the ends.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from lib import combinatorics as comb
from lib import density as dm
from lib import reference_figures as ref
from lib import talk, ui
from lib.charts import talk as charts
from lib.talk import words as say

LAST = len(talk.STEPS)
SIDES = tuple(map(str, talk.SIDES))
#: The deck's styles; sizes in rem follow the screen's width (presentation mode: 1 rem is
#: 28 px at 1920 px and 18.7 px at 1280 px, so a step fills both 16:9 screens alike).
STYLES = Path(__file__).resolve().parent.parent / "assets" / "talk" / "talk.css"


def go(step: int) -> None:
    st.query_params["step"] = str(step)


@dataclass(frozen=True)
class Frame:
    """What the page draws once, outside the step that reruns (a key press reruns the step
    alone, :func:`lib.ui.run_part`): the step writes its controls, title and words into these
    boxes, and nothing else of the frame is sent again or redrawn by the browser."""

    deck: DeltaGenerator  # in the bar, before the pages and the way out: keys, step, explore
    title: DeltaGenerator
    words: DeltaGenerator  # the step's words and inputs, beside
    picture: DeltaGenerator  # its picture (hidden while empty: talk.css)


def frame() -> Frame:
    """The bar's parts that never change (the pages, the way out) and the step's boxes."""
    with st.container(horizontal=True, key="talk-bar", vertical_alignment="center", gap="small"):
        deck = st.container(horizontal=True, vertical_alignment="center", gap="small", width="content")
        with st.popover("Pages", icon=":material/menu:"):
            for path, label, promise in ui.PAGES:
                ui.page_link(path, label, help=promise, keep_present=True)
        ui.page_link("streamlit_app.py", "Leave the talk", icon=":material/close:", keep_present=False)
    title = st.container(key="talk-title")
    with st.container(key="talk-columns"):  # the noise, the room and the recap lay out their own
        words, picture = st.columns([5, 6], gap="large")
    return Frame(deck, title, words, picture)


def controls(step: talk.Step, where: Frame) -> None:
    """Small visible controls with the clicker's keys and the step's number, its title; hidden
    buttons carry the other keys. Each button leads to a step of its own, so they follow it."""
    with where.deck:
        for key in talk.DECK_KEYS[:4]:
            key_button(key, step.number, key.label or key.name, f":material/{key.icon}:")
        st.html(f"<p><b>Step {step.number} of {LAST}</b></p>")
        ui.page_link(
            step.page, f"Explore: {step.page_label}", icon=":material/open_in_new:", keep_present=True
        )
        for key in talk.DECK_KEYS[4:]:  # off screen (talk.css), the keys alone
            key_button(key, step.number, f"{key.name} key")
    where.title.html(f"<h1>{step.number}. {html.escape(step.title)}</h1>")


def key_button(key: talk.DeckKey, current: int, label: str, icon: str | None = None) -> None:
    target = key.destination(current)
    st.button(label, key=f"talk-{key.name}", shortcut=key.shortcut, on_click=go, args=(target,), icon=icon)


def chart(where, spec, alt: str) -> None:
    """A chart that fills its box: 64% of the screen's height (see talk.css)."""
    with where, st.container(key="talk-chart"):
        ui.chart(spec, width="stretch", height="stretch", alt=alt)


def foot(block: str) -> None:
    st.html(block)


def read_image() -> comb.ImageFormat:
    """Steps 1–3 share one image: its size as text (``?image=28``) and RGB or grey, side by side."""
    with st.container(horizontal=True, vertical_alignment="bottom"):
        typed = st.text_input(
            "Image size (width×height)", value="2304x4096", key="image", bind="query-params"
        )
        colour = ui.choice_input("Colour", ("rgb", "grey"), "colour", "rgb")
    try:
        width, height = talk.parse_image_size(typed or "")
    except ValueError as error:
        st.warning(ui.escape_markdown(f"{error} Showing the post's 2304×4096."), icon=":material/edit_note:")
        width, height = ref.PHONE_PHOTO_WIDTH, ref.PHONE_PHOTO_HEIGHT
    return comb.ImageFormat(width, height, 3 if colour == "rgb" else 1, 8)


def read_side() -> int:
    return int(ui.choice_input("Image side (pixels)", SIDES, "side", str(talk.DEFAULT_SIDE)))


def step_count(where: Frame) -> None:
    words, picture = where.words, where.picture
    with words:
        image = read_image()
        figures = ui.computed_once("photo count", image, lambda: talk.photo_count(image))
        st.html(say.count_words(image, figures))
    picture.html(ui.computed_once("digits wall", image, lambda: talk.digits_wall_html(figures)))
    foot(say.COUNT_FOOT)


def step_atoms(where: Frame) -> None:
    words, picture = where.words, where.picture
    with words:
        image = read_image()
        figures = talk.against_atoms(image)
        st.html(say.atoms_words(figures))
    spec = charts.digits_chart(f"{image.describe()} images", figures.photo_digits, figures.atoms_digits)
    chart(picture, spec, "Digits of the count against digits of 10^80")
    foot(say.ATOMS_FOOT)


def step_speck(where: Frame) -> None:
    words, picture = where.words, where.picture
    with words:
        image = read_image()
        figures = talk.dataset_speck(image)
        st.html(say.speck_words(image, figures))
    if figures.zeros:
        picture.html(talk.zeros_wall_html(figures))
        foot(say.speck_foot(figures))


def pixel_exact(pixels, key: str, alt: str, caption: str) -> None:
    """Lossless, enlarged by the largest whole factor that fits both its column and 56% of the
    height (talk.css): every pixel the same number of screen pixels, never squeezed by a column
    narrower than the screen's share (at 1280×720 a 28%-of-the-width rule drew 10.8×)."""
    png = ui.png_of(pixels)
    inline = len(png) <= say.INLINE_PICTURE_BYTES  # the default 32×32 is ~3 KB; 256×256 noise ~200 KB
    with st.container(key=key):
        if not inline:
            st.image(png, output_format="PNG", width="stretch", alt=alt)
        st.html(say.picture_html(key, png if inline else None, pixels.shape[1], alt, caption))


def draw_again(seed: int) -> None:
    st.query_params["seed"] = str((seed + 1) % 2**32)


def step_noise(where: Frame) -> None:
    words, left, right = st.columns([5, 4, 4], gap="medium")
    seed = talk.seed_from_link(st.query_params.get_all("seed"))
    with words:
        st.html(
            say.text("Pick every value at random: static, every time. Beside it, a photo of the same size.")
        )
        side = read_side()
        st.button("Draw again", key="talk-draw", on_click=draw_again, args=(seed,), icon=":material/casino:")
    noise, photo, origin = talk.noise_and_photo(ui.shipped_photos(), side, seed)
    with left:
        pixel_exact(noise, "talk-noise", "uniform noise", f"random, seed {seed}")
    with right:
        pixel_exact(photo, "talk-photo", "a photo", origin)
    foot(
        say.foot(
            "Lossless PNG, pixels enlarged by whole factors, never smoothed. Photos: scikit-image data (CC0)."
        )
    )


def step_odds(where: Frame) -> None:
    words, picture = where.words, where.picture
    with words:
        side = read_side()
        st.html(say.odds_words(talk.noise_odds(side)))
    spec = ui.computed_once("odds chart", side, lambda: charts.odds_chart(talk.odds_curve(), side))
    chart(picture, spec, "The bound against the image side")
    foot(
        say.foot(
            "A proof, not a simulation: Chernoff bounds with exact moment generating functions, interval arithmetic."
        )
    )


def step_room(where: Frame) -> None:
    st.html(
        say.text("Every noise image anyone here draws is counted: grids, experiments, and **Search harder**.")
    )
    ui.room_search_view(True, heading=False)


def step_bits(where: Frame) -> None:
    words, picture = where.words, where.picture
    figures = talk.model_bits(ui.study_service().study(dm.StudySettings()).ladder)  # fitted once a server
    words.html(say.bits_words(figures))
    chart(
        picture,
        charts.bits_chart(list(figures.rungs), figures.png_bits, figures.webp_bits),
        "Bits per value of each model",
    )
    foot(say.bits_foot(figures))


def step_conclusion(where: Frame) -> None:
    words, recap = st.columns([6, 5], gap="large")
    words.html(say.conclusion_words(ui.computed_once("speck", None, talk.dataset_speck)))
    ladder = ui.study_service().study(dm.StudySettings()).ladder  # the default fit
    lines = ui.computed_once("recap", "default fit", lambda: talk.recap(talk.model_bits(ladder)))
    recap.html("".join(map(say.text, lines)))
    foot(say.CONCLUSION_FOOT)


VIEWS = (step_count, step_atoms, step_speck, step_noise, step_odds, step_room, step_bits, step_conclusion)


def show_step(where: Frame) -> None:
    """The step the link asks for: everything a key press changes (a fragment of its own)."""
    number, problem = talk.step_from_link(st.query_params.get_all("step"))
    step = talk.STEPS[number - 1]
    if problem:  # above the title
        where.title.warning(ui.escape_markdown(problem), icon=":material/edit_note:")
    controls(step, where)
    VIEWS[number - 1](where)


def main(presenting: bool) -> None:
    st.html(STYLES)
    where = frame()
    ui.run_part(lambda _: show_step(where), presenting)  # a key press reruns the step alone
    service = ui.study_service()  # resolved in the script run, used by the warm-up thread
    talk.start_warm_up(lambda: service.study(dm.StudySettings()))  # after the step is drawn


ui.run_page(main, "The talk", always_presenting=True, link_to_view=False)
