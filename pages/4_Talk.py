"""The talk: the argument as a deck for a clicker, one claim and its live picture per screen.

Deep links: ``?step=N`` (1-based), inputs included (``?step=4&side=28&seed=3``); always presenting.
Keys (lib.talk.DECK_KEYS): next = PageDown, Right, Space; back = PageUp, Left; Home, End: the ends.
"""

from __future__ import annotations

import html

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from lib import combinatorics as comb
from lib import density as dm
from lib import talk, ui
from lib.charts import talk as charts
from lib.talk import words as say
from lib.ui.room_slide import room_slide

SIDES = tuple(map(str, talk.SIDES))


class Frame:
    """What the page draws once, outside the step (a key press reruns the step alone): the step
    writes its controls, title and words into these boxes; the rest is neither re-sent nor redrawn.
    (A plain class: a dataclass would be built anew by every run of this script.)"""

    def __init__(self, deck, title, words, picture, drawn: dict, service: dm.StudyService) -> None:
        self.deck = deck  # in the bar, before the pages and the way out: keys, step, explore
        self.title = title
        self.words = words  # the step's words and inputs, beside
        self.picture = picture  # its picture: every step's chart drawn by the frame, then the step's own
        self.drawn: dict[str, object] = drawn  # chart step -> the inputs it was drawn for
        self.service = service  # the server's fits (Learning's): step 7's models
        self.fresh = [True]  # in a whole run (not a key press)


def frame(current: talk.Step, service: dm.StudyService) -> Frame:
    """The bar's fixed parts (the pages, the way out), the step's boxes, and every step's chart,
    the current step's first: the others wait hidden at its size (talk.css), so a key press
    shows one and sends none (the page's own HTML: lib.charts.talk). The fitted models'
    chart waits for the fit (the warm-up's, or step 7's own)."""
    with st.container(horizontal=True, key="talk-bar", vertical_alignment="center", gap="small"):
        deck = st.container(horizontal=True, vertical_alignment="center", gap="small", width="content")
        with st.popover("Pages", icon=":material/menu:"):
            for path, label, promise in ui.PAGES:
                ui.page_link(path, label, help=promise, keep_present=True)
        ui.page_link("streamlit_app.py", "Leave the talk", icon=":material/close:", keep_present=False)
    title = st.container(key="talk-title")
    with st.container(key="talk-columns"):  # the noise, the room and the recap lay out their own
        words, picture = st.columns([5, 6], gap="large")
    fitted = current.key == "bits" or service.cached(dm.StudySettings())
    image = asked("image", talk.POST_IMAGE_SIZE), asked("colour", "rgb")
    views = talk.chart_inputs(*image, asked("side", str(talk.DEFAULT_SIDE)), models=fitted)
    for key in sorted(views, key=lambda key: key != current.key):
        step_chart(picture, key, views[key], service)
    return Frame(deck, title, words, picture, views, service)


def fitted_bits(service: dm.StudyService) -> talk.BitsFigures:
    return talk.model_bits(service.study(dm.StudySettings()).ladder)  # the default fit, once a server


def asked(key: str, default: str) -> str:
    """What the input ``key`` holds before it is drawn in this run: its state, else the link's."""
    if key in st.session_state:
        return str(st.session_state[key])
    values = st.query_params.get_all(key)
    return values[-1] if values else default


def controls(step: talk.Step, where: Frame) -> None:
    """Small visible controls with the clicker's keys and the step's number, its title; hidden
    buttons carry the other keys. Each button leads to a step of its own, so they follow it."""
    with where.deck:
        for key in talk.DECK_KEYS[:4]:
            key_button(key, step.number, key.label or key.name, f":material/{key.icon}:")
        st.html(f"<p><b>{say.step_of(step.number, len(talk.STEPS))}</b></p>")
        ui.page_link(
            step.page, f"Explore: {step.page_label}", icon=":material/open_in_new:", keep_present=True
        )
        for key in talk.DECK_KEYS[4:]:  # off screen (talk.css), the keys alone
            key_button(key, step.number, f"{key.name} key")
    # With the rule that shows its chart, or hides the frame's columns (say.layout_style).
    title = say.step_title(step, asked("image", talk.POST_IMAGE_SIZE), asked("colour", "rgb"))
    where.title.html(f"{say.layout_style(step.key)}<h1>{step.number}. {html.escape(title)}</h1>")


def key_button(key: talk.DeckKey, current: int, label: str, icon: str | None = None) -> None:
    def go() -> None:
        st.query_params["step"] = str(key.destination(current))

    st.button(label, key=f"talk-{key.name}", shortcut=key.shortcut, on_click=go, icon=icon)


def step_chart(picture: DeltaGenerator, key: str, view, service: dm.StudyService) -> None:
    """Step ``key``'s chart for its input ``view`` (the page's own HTML, built once a server
    and view), filling a box 64% of the screen high (talk.css)."""
    block = charts.step_chart(key, fitted_bits(service) if key == "bits" else view)
    with picture, st.container(key=f"talk-chart-{key}"):
        st.html(ui.Html(block))


def read_image(where: Frame) -> tuple[DeltaGenerator, comb.ImageFormat]:
    """Steps 1–3 share one image: its size as text (``?image=28``) and RGB or grey, side by side
    under the place returned for the step's words (the number leads; the speaker may change it)."""
    head = where.words.empty()
    with where.words, st.container(horizontal=True, vertical_alignment="bottom", key="talk-image"):
        typed = st.text_input(
            "Image size (width×height)", value=talk.POST_IMAGE_SIZE, key="image", bind="query-params"
        )
        colour = ui.choice_input("Colour", ("rgb", "grey"), "colour", "rgb")
    image, problem = talk.image_format(typed, colour)
    if problem:
        where.words.warning(ui.escape_markdown(problem), icon=":material/edit_note:")
    follow_the_frame(where, "atoms", image)
    return head, image


def read_side(where: Frame) -> int:
    """Steps 4–5 share one image side, chosen among a few."""
    side = int(ui.choice_input("Image side (pixels)", SIDES, "side", str(talk.DEFAULT_SIDE)))
    follow_the_frame(where, "odds", side)
    return side


def follow_the_frame(where: Frame, key: str, view) -> None:
    """A new input for chart step ``key`` in a rerun of the step alone (a key press's): run
    the whole page, so the frame draws that chart for it too (it drew the old input's)."""
    if where.drawn.get(key, view) != view and not where.fresh[0]:
        st.rerun()


def step_count(where: Frame) -> None:
    head, image = read_image(where)
    figures = talk.photo_count(image)
    head.html(say.count_words(image, figures))
    where.picture.html(ui.Html(talk.digits_wall_html(figures)))
    st.html(say.COUNT_FOOT)


def step_atoms(where: Frame) -> None:
    head, image = read_image(where)
    head.html(say.atoms_words(talk.against_atoms(image)))
    st.html(say.ATOMS_FOOT)  # its chart: the frame's


def step_speck(where: Frame) -> None:
    head, image = read_image(where)
    figures = talk.dataset_speck(image)
    head.html(say.speck_words(image, figures))
    if figures.zeros:
        where.picture.html(talk.zeros_wall_html(figures))
        st.html(say.speck_foot(figures))


def pixel_exact(pixels, key: str, alt: str, caption: str) -> None:
    """Lossless, enlarged by the largest whole factor within its column and 56% of the height."""
    png = ui.png_of(pixels)
    inline = len(png) <= say.INLINE_PICTURE_BYTES  # the default 32×32 is ~3 KB; 256×256 noise ~200 KB
    with st.container(key=key):
        if not inline:
            st.image(png, output_format="PNG", width="stretch", alt=alt)
        st.html(say.picture_html(key, png if inline else None, pixels.shape[1], alt, caption))


def draw_again(seed: int) -> None:
    st.query_params["seed"] = str((seed + 1) % 2**32)


def step_noise(where: Frame) -> None:
    """Noise beside a photo: the pair in one row at every width (talk.css), never stacked as
    columns are on a phone, where the words say "beside it" (review 11, Talk-6)."""
    words, pictures = st.columns([5, 8], gap="medium")
    pair = pictures.container(horizontal=True, gap="medium", key="talk-pair")
    seed = talk.seed_from_link(st.query_params.get_all("seed"))
    with words:
        said = st.empty()  # the words follow the side: they say its bound (the next step's)
        side = read_side(where)
        said.html(say.noise_words(talk.noise_odds(side)))
        st.button("Draw again", key="talk-draw", on_click=draw_again, args=(seed,), icon=":material/casino:")
    noise, photo, origin = talk.noise_and_photo(ui.shipped_photos(), side, seed)
    ui.count_noise_once(noise[None], (side, seed), slot="talk")  # step 6: "every noise image … is counted"
    with pair:
        pixel_exact(noise, "talk-noise", "uniform noise", f"random, seed {seed}")
        pixel_exact(photo, "talk-photo", "a photo", origin)
    st.html(say.NOISE_FOOT)


def step_odds(where: Frame) -> None:
    head = where.words.empty()  # the bound leads, the side's pills under its words
    with where.words:
        side = read_side(where)
    head.html(say.odds_words(talk.noise_odds(side)))
    st.html(say.ODDS_FOOT)  # its chart: the frame's


def step_room(where: Frame) -> None:
    st.html(say.ROOM_WORDS)
    room_slide()  # one line of figures, Search harder's result under the count


def step_bits(where: Frame) -> None:
    figures = fitted_bits(where.service)
    where.words.html(say.bits_words(figures))
    if "bits" not in where.drawn:  # the frame's, unless the fit was not ready then
        step_chart(where.picture, "bits", None, where.service)
    st.html(say.bits_foot(figures))


def step_conclusion(where: Frame) -> None:
    words, recap = st.columns([6, 5], gap="large")
    speck = talk.dataset_speck()
    words.html(say.conclusion_words(speck))
    lines = talk.recap(fitted_bits(where.service))
    recap.html(f'<div class="talk-recap">{"".join(map(say.text, lines))}</div>')
    st.html(say.conclusion_foot(speck))


VIEWS = (step_count, step_atoms, step_speck, step_noise, step_odds, step_room, step_bits, step_conclusion)


def show_step(where: Frame) -> None:
    """The step the link asks for: everything a key press changes (a fragment of its own)."""
    number, problem = talk.step_from_link(st.query_params.get_all("step"))
    step = talk.STEPS[number - 1]
    if problem:  # above the title
        where.title.warning(ui.escape_markdown(problem), icon=":material/edit_note:")
    controls(step, where)
    for box in (where.words, where.picture) if where.fresh[0] else ():  # a key press's step may
        box.empty()  # write only into boxes the whole run wrote to (Streamlit's fragments)
    try:
        VIEWS[step.number - 1](where)
    finally:
        where.fresh[0] = False


def main(presenting: bool) -> None:
    st.html(ui.Html(say.STYLE + charts.STYLE))  # the deck's and its charts'; rem follows the screen's width
    st.html(ui.Html(say.CLICKER), unsafe_allow_javascript=True)  # clicker keys from a box (talk.css hides it)
    service = ui.study_service()  # resolved in the script run, used by the warm-up thread too
    where = frame(talk.STEPS[talk.step_from_link(st.query_params.get_all("step"))[0] - 1], service)
    ui.run_part(lambda _: show_step(where), presenting)  # a key press reruns the step alone
    talk.start_warm_up(lambda: service.study(dm.StudySettings()))  # after the step is drawn


INPUTS = {"image": talk.POST_IMAGE_SIZE, "colour": "rgb", "side": str(talk.DEFAULT_SIDE)}  # their defaults
ui.run_page(main, "The talk", always_presenting=True, link_to_view=False, inputs=INPUTS)
