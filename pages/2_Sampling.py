"""Random images are noise (``?size=32&colour=rgb&n=9&seed=0&real=whole&draws=1000``): a thin view.

Any input, "Draw again" or "Back to the post's example" reruns :func:`the_draw` alone, a
fragment nested in the page's, with all that depends on the draw. What no input changes (the
visitor's photos panel, the room's search, thinness, diffusion, credits) is drawn once, never
re-sent, and skipped by the browser while off screen; a visitor's photo reruns the whole page.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import streamlit as st

from lib import intrinsic_dimension as idm
from lib import photo_corpus as corpus
from lib import photo_scenes, real_samples, thinness_text, ui
from lib import reference_figures as ref
from lib import sampling_style as style
from lib import sampling_text as words
from lib import sampling_view as view_lib
from lib import statistics as stats
from lib.charts.html_marks import MARKS_STYLE
from lib.charts.html_plot import PLOT_STYLE
from lib.sampling_strip import STRIP_STYLE
from lib.sampling_view import DEFAULTS, NUMBERS, Figures, View, figures_and_charts
from lib.ui.sampling_figures import (
    ZOOM_WINDOW,
    diffusion,
    draw_next_ahead,
    full_size_corners,
    noise_monte_carlo,
    shared,
    thinness_parts,
)
from lib.upload_shelf import UploadShelf

#: The statistics' two plots, side by side (the page's own HTML: lib.charts.html_plot), each with its caption.
PLOTS = ("spectrum", "difference")
DRAW_AGAIN: dict = {"icon": ":material/casino:", "type": "primary", "width": "stretch"}


def number(key: str, container) -> tuple[int, ui.InputProblem | None]:
    label, low, high, help_text = NUMBERS[key]
    return ui.whole_number_input(label, key, int(DEFAULTS[key]), low, high, container, help=help_text)


def read_view() -> View:
    row = st.container(horizontal=True, vertical_alignment="bottom", key="draw-inputs")  # one block, wraps
    (size, p1), (n, p2) = number("size", row), number("n", row)
    colour = ui.choice_input("Colour", ("rgb", "grey"), "colour", DEFAULTS["colour"], row)
    real = ui.choice_input("Real samples", ("whole", "crops"), "real", DEFAULTS["real"], row)
    seed, p3 = number("seed", row)
    row.button("Back to the post's example", key="reset", on_click=ui.set_inputs, args=(DEFAULTS,))
    ui.show_problems([p1, p2, p3])
    return View(size, n, seed, colour == "grey", real == "whole")


def visitor_photos() -> list[corpus.Photo]:
    """Uploads and webcam shots join the pool for this session only; nothing is stored."""
    shelf = st.session_state.setdefault("upload_shelf", UploadShelf())  # each file decoded once
    with st.expander(
        "Add your own photos (kept in this session only, never stored)", icon=":material/add_photo_alternate:"
    ):
        st.caption(shelf.rule)
        kinds = ["jpg", "jpeg", "png", "webp", "gif", "bmp", "tif", "tiff"]
        files = st.file_uploader("Photos", type=kinds, accept_multiple_files=True, key="uploads")
        shot = (
            st.camera_input("Take a photo", key="camera")
            if st.toggle("Use the webcam", key="use_camera")
            else None
        )
    shelved = shelf.update([*(files or []), *([shot] if shot is not None else [])])
    if shelved.message:
        st.info(ui.escape_markdown(shelved.message), icon=":material/photo_library:")
    photos = []
    for item in shelved.uploads:
        if item.pixels is None:
            st.warning(ui.escape_markdown(item.refusal or ""), icon=":material/broken_image:")
            continue
        for note in item.notes:
            st.caption(ui.escape_markdown(f"{item.name}: {note}"))
        photos.append(corpus.make_photo(f"your photo {item.name} ({item.digest})", item.pixels))
    return photos


def show_grids(noise: np.ndarray, real: real_samples.Sample, view: View, presenting: bool) -> None:
    """Both grids, each titled underneath, as one block (a title wrapping on a phone cannot
    misalign them); they and "Draw again" fit the first screen."""
    ui.count_noise_once(noise, view.drawn)  # the room's tally: once per draw, not per rerun
    pictures = []
    for images, what in ((noise, "uniformly random"), (real.images, "real")):
        sheet = corpus.screen_sheet(images)
        title = words.grid_title_html(view.n, what, view.size, view.grey, words.sheet_note(sheet, view.n))
        pictures.append((sheet.pixels, f"{what} images", ui.Html(title)))
    grids = ui.pixel_figures_html(pictures, 48 if presenting else 68, ("grid-random", "grid-real"))
    st.html(ui.Html(style.grid_block(grids, *sheet.pixels.shape[1::-1])))
    again = ({"seed": str(view.next_draw.seed)},)
    st.button("Draw again", key="draw-again", on_click=ui.set_inputs, args=again, **DRAW_AGAIN)


def show_full_size(view: View, real: real_samples.Sample, visitors: list[corpus.Photo], parts: dict) -> str:
    """The grids' caption and this section's heading; both corners at 1:1 as one served element and
    enlarged as another, the same for every draw (``CORNER_SEED``), so the browser decodes them once.
    Returns what follows them as the page's own HTML, for :func:`the_draw` to send with the rest of
    the draw: the image as a number, the correlation strip with its caption."""
    side, w, (noise, photo) = ZOOM_WINDOW * 4, ZOOM_WINDOW, full_size_corners(view.grey)
    size = f"{ref.PHONE_PHOTO_WIDTH}×{ref.PHONE_PHOTO_HEIGHT}"
    scenes = min(view.n, len(photo_scenes.scene_photos(ui.shipped_photos() + visitors)))  # then closer
    said = words.grid_caption(
        view.seed, view.whole, scenes, view.n - scenes, view_lib.black_and_white(real, view)
    )
    caption = words.paragraph_html(said)
    st.html(caption + words.section_html(f"At the post's size: {size} pixels"))
    with st.container(key="full-size"):
        captions, alts = words.corner_labels(side)
        st.image(
            [ui.png_of(noise), ui.png_of(photo)], caption=captions, width=side, output_format="PNG", alt=alts
        )
    zoomed = [
        (c[:w, :w], f"{what}, enlarged", f"{what}: its top-left {w}×{w}, enlarged")
        for c, what in zip((noise, photo), words.CORNERS)
    ]
    zooms = ui.pixel_figures_html(zoomed, keys=("zoom-noise", "zoom-real"))
    st.html(ui.Html(words.enlarged_corners_html(zooms, 1 if view.grey else 3)))  # the same every draw
    what, rows, byte_count = view_lib.image_as_number(real, visitors, parts["image number"])
    table = ui.table_html(["", ""], [["The image", what], *([label, ui.Html(v)] for label, v in rows)])
    strip = parts["correlation strip"] + words.paragraph_html(parts["correlation caption"])
    return words.image_number_html(table, byte_count) + strip


def odds_html(view: View, real_corr: np.ndarray) -> tuple[str, float | None]:
    """The odds' heading and its bound as the page's own HTML, and the correlation they are the odds
    of (None when the real samples give none to aim for: the heading alone)."""
    heading = words.section_html("How likely is noise to look natural?")
    channels, aim = 1 if view.grey else 3, stats.real_threshold_centi(real_corr)
    if aim is None:
        return heading, None
    target, threshold_centi = aim
    bound = stats.bound_at_centi(view.size, channels, threshold_centi)  # once per server
    if view.size == int(DEFAULTS["size"]):  # a new draw's bound, worked out before it is asked for
        ui.background(
            f"odds-bounds-{channels}", partial(stats.warm_bounds_around, view.size, channels, threshold_centi)
        )
    odds = ui.big_number_html(
        f"Chance that one uniform {view.size}×{view.size} image has neighbour correlation ≥"
        f"\u00a0{threshold_centi / 100:.2f} (the real median {target:.3f}, rounded down)",
        f"≤ 10<sup>−{words.bound_exponent(bound)}</sup>",
        ui.Html(words.odds_caption(bound, stats.DRAWS_PER_SECOND)),
    )
    return heading + odds, threshold_centi / 100


@st.fragment  # opening the panel or asking for more draws reruns the panel alone
def show_experiment(size: int, channels: int, threshold: float) -> None:
    how = "How we know: the bound, and an experiment beside it"
    with ui.panel_opened_by_link(how, "how-we-know", "draws") as panel:  # drawn only while open
        if not panel.open:
            return
        st.markdown(words.HOW_WE_KNOW)
        asked, problem = number("draws", st)
        ui.show_problems([problem])
        try:
            mc = noise_monte_carlo(size, channels, stats.affordable_draws(size, size, channels, asked))
            st.markdown(words.experiment_sentence(mc, threshold, asked))
        except stats.BudgetExhausted as error:
            st.info(f"No experiment this time: {error}.", icon=":material/hourglass:")


def show_draw_files(seen: Figures, parts: dict, stem: str) -> None:
    """This draw's grids as PNG, its numbers, and where each real image comes from: worked out
    only while the panel is open (one element on every new draw instead of six)."""
    label = "This draw: the grids as PNG, the numbers, where each real image comes from"
    with st.expander(label, key="draw-files", on_change="rerun", icon=":material/download:") as panel:
        if not panel.open:
            return
        for pixels, what in ((seen.pair.noise, "noise"), (seen.pair.real.images, "real")):
            png = ui.png_of(corpus.screen_sheet(pixels, min_side=1).pixels)  # 1:1 (the grids' PNG from 96 px)
            name, label = f"{what}-{stem}.png", f"{what.capitalize()} grid (PNG)"
            st.download_button(label, png, name, "image/png", on_click="ignore")
        ui.download_numbers(parts["numbers"], "neighbour-correlations")
        origins = seen.pair.real.origins
        st.markdown("\n".join(f"{i + 1}. {ui.escape_markdown(str(o))}" for i, o in enumerate(origins)))


def the_draw(visitors: list[corpus.Photo], presenting: bool) -> None:
    """Everything a new draw changes, in story order; a fragment (:func:`lib.ui.run_part`). ``visitors``: the
    photos of the panel below it, which no draw changes (re-sent with each draw: ~40 ms of the browser's)."""
    grids, view = st.container(), read_view()  # the grids above the inputs
    try:  # the shipped photos' views are measured and charted once per server; a visitor's own, per run
        pool = ui.shipped_photos() + visitors
        seen, parts = figures_and_charts(pool, view, presenting) if visitors else shared(view, presenting)
    except ValueError as error:
        st.warning(ui.escape_markdown(str(error)))
        return
    with grids:
        show_grids(seen.pair.noise, seen.pair.real, view, presenting)
    closer = show_full_size(view, seen.pair.real, visitors, parts)  # to the statistics' first figure
    plots = (parts[name] + words.paragraphs_html(parts[f"{name} caption"]) for name in PLOTS)
    odds, threshold = odds_html(view, seen.real_correlation)
    # All a draw changes below the corners, the statistics' two plots included, as one block that the
    # browser changes in place (only what differs), where st.html built it anew on every draw.
    ui.html_in_place(closer + style.statistics_block(*plots) + odds, "draw-statistics")
    if threshold is None:
        st.info("The real samples have no positive neighbour correlation to aim for; draw again.")
    else:
        show_experiment(view.size, 1 if view.grey else 3, threshold)
    show_draw_files(seen, parts, f"{view.size}px-{'grey' if view.grey else 'rgb'}-seed{view.seed}")
    if not visitors:
        draw_next_ahead(view, presenting)


def the_rest(figures, presenting: bool) -> None:
    """What no input changes: how thin natural images are, the diffusion path, the credits."""
    st.markdown(f"### How thin are natural images?\n\n{thinness_text.MEANING}")
    parts = thinness_parts(presenting, *figures.result())  # computed in the background since the page began
    table = ui.table_html(thinness_text.STUDY_HEADERS, parts["rows"] + parts["published"])
    st.html(ui.Html(style.thinness_block(parts["directions"], parts["dimensions"]) + table))  # built once
    st.caption(parts["caption"])
    st.markdown("### From a photo to noise: the path a diffusion model learns to walk back")
    _, path = diffusion(presenting)  # the plot, its frames above it: built once per server and mode
    st.html(ui.Html(path + words.DIFFUSION_CAPTION_HTML))
    with st.expander("Credits: the photographs"):
        rows = [[c.title, c.author, c.licence, c.source] for c in corpus.load_manifest()]
        ui.table(["Photo", "Author", "Licence", "Source"], rows)
        st.caption(words.CREDITS_CAPTION)


def main(presenting: bool) -> None:
    figures, _ = ui.background("thinness", idm.page_figures), ui.warm_room_search()  # once per server
    st.title("A random image is noise")  # not "always": the odds below bound how rarely it is not
    st.html(style.INTRO_HTML)
    styles = (style.GRID_STYLE, style.FULL_SIZE_STYLE, STRIP_STYLE, PLOT_STYLE, style.STATISTICS_STYLE)
    below = (MARKS_STYLE, style.BELOW_THE_DRAW_STYLE)  # the plots' below the draw (thinness, diffusion)
    st.html("".join(styles + below))  # the draw's, once: none re-sent per draw
    draw = st.container()  # above the visitor's panel, whose photos it shows
    visitors = visitor_photos()
    with draw:
        ui.run_part(partial(the_draw, visitors), presenting)  # a new draw reruns this alone
    with st.container(key="below-the-draw"):  # what no draw changes: skipped while off screen (app.css)
        ui.room_search_view(presenting)
        the_rest(figures, presenting)


ui.run_page(main, "Random images are noise", inputs=DEFAULTS)
