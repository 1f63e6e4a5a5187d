"""Random images are noise: uniform samples of the space next to real photographs.

Deep links: ``?size=32&colour=rgb&n=16&seed=0&real=crops&draws=1000``.
"""

from __future__ import annotations

import hashlib
import math

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from lib import image_statistics as stats
from lib import photo_corpus as corpus
from lib import reference_figures as ref
from lib import ui
from lib.big_numbers import Magnitude
from lib.uploads import decode_upload

# Okabe-Ito: noise in vermillion, photos in blue, references in grey.
NOISE, REAL, REFERENCE = "#D55E00", "#0072B2", "#999999"
SERIES = alt.Scale(domain=["uniform noise", "real photos"], range=[NOISE, REAL])
#: Each tile is enlarged by pixel repetition to about this many screen pixels.
TILE_PIXELS = 96
DIFFUSION_STEPS = (0, 50, 100, 200, 300, 500, 700, 999)
POST_PHOTO = (4096, 2304)  # height × width of the post's phone photo (portrait)
ZOOM_WINDOW = 64  # a 64×64 corner of a full-size image, enlarged ×4
#: The default view: what a bare /Sampling link and "Back to the post's example" show.
DEFAULTS = {"size": 32, "n": 16, "seed": 0, "draws": 1000, "colour": "rgb", "real": "crops"}


# -- cached, shared by every visitor ---------------------------------------------------------
@st.cache_resource(show_spinner=False)
def shipped_photos() -> list[corpus.Photo]:
    """The bundled CC0/public-domain photos, decoded once per server."""
    return corpus.load_corpus()


@st.cache_data(show_spinner=False, max_entries=64)
def correlation_bound(size: int, channels: int, threshold_centi: int) -> stats.CorrelationBound:
    # The threshold is rounded down to 0.01 before caching: P(≥ r) ≤ P(≥ r rounded down),
    # so the bound stays valid, and a new draw of crops rarely needs a new bound.
    return stats.noise_correlation_bound(size, size, threshold_centi / 100, channels=channels)


#: The Monte Carlo experiment has its own fixed seed: "draw again" changes the grids, not the
#: experiment, so it is computed once per size and shared by every visitor.
MONTE_CARLO_SEED = 2025


@st.cache_data(show_spinner=False, max_entries=32)
def noise_monte_carlo(size: int, channels: int, draws: int) -> stats.MonteCarloResult:
    return stats.monte_carlo_noise_correlation(size, size, draws, MONTE_CARLO_SEED, channels=channels)


# -- inputs -------------------------------------------------------------------------------------
def read_view() -> dict:
    size_box, n_box, seed_box, draws_box = st.columns(4, vertical_alignment="bottom")
    size, p1 = ui.whole_number_input("Size (pixels per side)", "size", DEFAULTS["size"], 8, 512, size_box)
    n, p2 = ui.whole_number_input("Images per grid", "n", DEFAULTS["n"], 1, 64, n_box)
    seed, p3 = ui.whole_number_input(
        "Seed",
        "seed",
        DEFAULTS["seed"],
        0,
        2**32 - 1,
        seed_box,
        help="Same seed, same pixels: a link shows everyone the same images",
    )
    draws, p4 = ui.whole_number_input("Monte Carlo draws", "draws", DEFAULTS["draws"], 10, 20_000, draws_box)
    colour_box, real_box, again_box = st.columns([1, 1, 1], vertical_alignment="bottom")
    colour = ui.choice_input("Colour", ("rgb", "grey"), "colour", DEFAULTS["colour"], colour_box)
    real = ui.choice_input(
        "Real samples",
        ("crops", "whole"),
        "real",
        DEFAULTS["real"],
        real_box,
        help="Random crops of the photos, or whole photos resized",
    )
    again_box.button(
        "Draw again",
        on_click=draw_again,
        args=(seed,),
        icon=":material/casino:",
        help="A new seed: new noise, new crops (the link changes with it)",
    )
    again_box.button(
        "Back to the post's example",
        on_click=back_to_defaults,
        icon=":material/undo:",
        help="The default view: 16 RGB 32×32 images, seed 0, and the post's 2304×4096 below",
    )
    ui.show_problems([p1, p2, p3, p4])
    return dict(size=size, n=n, seed=seed, draws=draws, grey=colour == "grey", whole=real == "whole")


def back_to_defaults() -> None:
    st.session_state.update({key: str(value) for key, value in DEFAULTS.items()})


def draw_again(seed: int) -> None:
    st.session_state["seed"] = str((seed + 1) % 2**32)


def visitor_photos() -> list[corpus.Photo]:
    """Uploads and webcam shots join the pool for this session only; nothing is stored."""
    with st.expander(
        "Add your own photos (kept in this session only, never stored)", icon=":material/add_photo_alternate:"
    ):
        files = st.file_uploader(
            "Photos",
            type=["jpg", "jpeg", "png", "webp", "gif", "bmp", "tif", "tiff"],
            accept_multiple_files=True,
            key="uploads",
        )
        shot = None
        if st.toggle("Use the webcam", key="use_camera"):
            shot = st.camera_input("Take a photo", key="camera")
    photos = []
    for item in [*(files or []), *([shot] if shot is not None else [])]:
        try:
            decoded = decode_upload(item.getvalue(), item.name)
        except ValueError as error:
            st.warning(ui.escape_markdown(str(error)), icon=":material/broken_image:")
            continue
        for note in decoded.notes:
            st.caption(ui.escape_markdown(f"{item.name}: {note}"))
        digest = hashlib.sha256(decoded.pixels.tobytes()).hexdigest()[:8]
        photos.append(corpus.make_photo(f"your photo {item.name} ({digest})", decoded.pixels))
    return photos


# -- outputs ------------------------------------------------------------------------------------
def sheet(images: np.ndarray, columns: int, size: int) -> bytes:
    """Many images as ONE lossless PNG, each enlarged by pixel repetition (never smoothed)."""
    scale = max(1, TILE_PIXELS // size)
    return corpus.encode_png(corpus.contact_sheet(images, columns, scale=scale, gap=2))


def show_grids(noise: np.ndarray, real: corpus.Sample, view: dict) -> None:
    kind = "grey" if view["grey"] else "RGB"
    columns = min(view["n"], max(4, math.ceil(math.sqrt(view["n"]))))
    left, right = st.columns(2)
    with left:
        st.markdown(f"#### {view['n']} uniformly random {view['size']}×{view['size']} {kind} images")
        # Captions apart from the image: a caption wider than the image stretches it, and a
        # stretched image is resampled by the browser.
        noise_png = sheet(noise, columns, view["size"])
        st.image(noise_png, output_format="PNG", alt=f"{view['n']} uniform-noise images")
        st.caption(
            f"Every pixel drawn uniformly from 0–255 (seed {view['seed']}): points of "
            "the space picked at random."
        )
    with right:
        st.markdown(f"#### {len(real.images)} real {view['size']}×{view['size']} {kind} images")
        real_png = sheet(real.images, columns, view["size"])
        st.image(real_png, output_format="PNG", alt=f"{len(real.images)} real photographs")
        st.caption("Random crops of real photos" if not view["whole"] else "Whole photos, resized (Lanczos)")
    st.caption(
        "Both grids are lossless PNG, enlarged by repeating pixels. Draw again as often "
        "as you like: the noise never looks like anything."
    )
    stem = f"{view['size']}px-{'grey' if view['grey'] else 'rgb'}-seed{view['seed']}"
    left, right = st.columns(2)
    left.download_button(
        "Noise grid (PNG)",
        noise_png,
        file_name=f"noise-{stem}.png",
        mime="image/png",
        on_click="ignore",
        icon=":material/download:",
    )
    right.download_button(
        "Real grid (PNG)",
        real_png,
        file_name=f"real-{stem}.png",
        mime="image/png",
        on_click="ignore",
        icon=":material/download:",
    )
    with st.expander("Where each real image comes from"):
        st.markdown("\n".join(f"{i + 1}. {ui.escape_markdown(str(o))}" for i, o in enumerate(real.origins)))


def crop_and_zoom(image: np.ndarray) -> tuple[bytes, bytes]:
    """A 256×256 corner at 1:1 and its 64×64 corner enlarged ×4, both lossless PNG."""
    return (corpus.encode_png(image), corpus.encode_png(corpus.upscale(image[:ZOOM_WINDOW, :ZOOM_WINDOW], 4)))


@st.cache_data(show_spinner=False, max_entries=4)
def largest_photo_views(grey: bool) -> tuple[bytes, bytes]:
    """The same for the largest shipped photo: it never changes, so encode it once."""
    photo = max(shipped_photos(), key=lambda p: p.width * p.height).pixels
    crop = photo[: ZOOM_WINDOW * 4, : ZOOM_WINDOW * 4]
    return crop_and_zoom(corpus.to_grey(crop) if grey else crop)


def show_full_size(view: dict) -> None:
    height, width = POST_PHOTO
    st.markdown("#### At the post's size: 2304×4096 pixels")
    noise = corpus.uniform_noise_window(
        height, width, 0, 0, ZOOM_WINDOW * 4, ZOOM_WINDOW * 4, view["seed"], grey=view["grey"]
    )
    left, right = st.columns(2)
    for column, (one_to_one, zoom), what in (
        (left, crop_and_zoom(noise), "uniform noise"),
        (right, largest_photo_views(view["grey"]), "a real photo"),
    ):
        with column:
            st.image(one_to_one, output_format="PNG", alt=f"{what} at 1:1")
            st.caption(f"{what}: the top-left 256×256 pixels at 1:1")
            st.image(zoom, output_format="PNG", alt=f"{what}, enlarged ×4")
            st.caption(f"{what}: its top-left 64×64 pixels, each shown as a 4×4 block")
    st.caption(
        "The noise is the corner of one full 2304×4096 uniform image (the same pixels the "
        "whole image would have for this seed); a full-size PNG of it would be 28 MB of "
        "incompressible static."
    )


def correlation_chart(noise_corr: np.ndarray, real_corr: np.ndarray) -> alt.Chart:
    frame = pd.DataFrame(
        {
            "correlation": np.concatenate([noise_corr, real_corr]),
            "images": ["uniform noise"] * len(noise_corr) + ["real photos"] * len(real_corr),
        }
    ).dropna()
    return (
        alt.Chart(frame)
        .mark_tick(thickness=2, size=28)
        .encode(
            x=alt.X(
                "correlation:Q",
                scale=alt.Scale(domain=[-0.2, 1]),
                title="correlation between neighbouring pixels",
            ),
            y=alt.Y("images:N", title=None),
            color=alt.Color("images:N", scale=SERIES, legend=None),
            tooltip=["images:N", alt.Tooltip("correlation:Q", format=".3f")],
        )
        .properties(height=140)
    )


def spectrum_chart(noise_spec: stats.PowerSpectrum, real_spec: stats.PowerSpectrum) -> alt.Chart:
    frame = pd.concat(
        [
            pd.DataFrame(
                {
                    "frequency": spec.frequency,
                    "power": spec.power,
                    "fit": spec.fit_line(),
                    "images": name,
                    "label": f"{name} (slope {spec.slope:.2f})",
                }
            )
            for name, spec in (("uniform noise", noise_spec), ("real photos", real_spec))
        ]
    )
    frame = frame[(frame["frequency"] > 0) & (frame["power"] > 0)]
    x = alt.X("frequency:Q", scale=alt.Scale(type="log"), title="spatial frequency (cycles per pixel)")
    y = alt.Y("power:Q", scale=alt.Scale(type="log"), title="power (radially averaged)")
    points = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "label:N",
                title=None,
                scale=alt.Scale(range=[REAL, NOISE]),
                legend=alt.Legend(orient="bottom", labelLimit=0),
            ),
            tooltip=[
                "images:N",
                alt.Tooltip("frequency:Q", format=".3f"),
                alt.Tooltip("power:Q", format=",.0f"),
            ],
        )
    )
    fits = (
        alt.Chart(frame)
        .mark_line(strokeDash=[4, 3], color=REFERENCE)
        .encode(x=x, y="fit:Q", detail="images:N")
    )
    return (points + fits).properties(height=320)


def difference_chart(
    noise_hist: stats.DifferenceHistogram, real_hist: stats.DifferenceHistogram
) -> alt.Chart:
    values = real_hist.values
    theory = stats.uniform_noise_difference_pmf()
    frame = pd.DataFrame(
        {
            "difference": np.concatenate([values, values, values]),
            "share": np.concatenate([real_hist.pmf, noise_hist.pmf, theory]),
            "series": ["real photos"] * len(values)
            + ["uniform noise (measured)"] * len(values)
            + ["uniform noise (exact triangle)"] * len(values),
        }
    )
    frame = frame[frame["share"] > 0]
    return (
        alt.Chart(frame)
        .mark_line()
        .encode(
            x=alt.X(
                "difference:Q",
                title="difference between neighbouring pixels",
                scale=alt.Scale(domain=[-255, 255]),
            ),
            y=alt.Y("share:Q", scale=alt.Scale(type="log"), title="share of neighbour pairs (log)"),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(
                    domain=["real photos", "uniform noise (measured)", "uniform noise (exact triangle)"],
                    range=[REAL, NOISE, REFERENCE],
                ),
                legend=alt.Legend(orient="bottom", columns=1, labelLimit=0),
            ),
            strokeDash=alt.StrokeDash(
                "series:N",
                legend=None,
                scale=alt.Scale(
                    domain=["real photos", "uniform noise (measured)", "uniform noise (exact triangle)"],
                    range=[[1, 0], [1, 0], [4, 3]],
                ),
            ),
            tooltip=["series:N", "difference:Q", alt.Tooltip("share:Q", format=".2e")],
        )
        .properties(height=320)
    )


def show_statistics(noise: np.ndarray, real: np.ndarray) -> np.ndarray:
    st.markdown("### The statistics that tell them apart")
    noise_corr = stats.adjacent_pixel_correlations(noise).mean
    real_corr = stats.adjacent_pixel_correlations(real).mean
    st.altair_chart(
        correlation_chart(noise_corr, real_corr),
        width="stretch",
        alt="Neighbour correlation of each noise image and each real image",
    )
    ui.download_numbers(
        {
            f"{kind} image {i + 1} neighbour correlation": f"{value:.6f}"
            for kind, values in (("noise", noise_corr), ("real", real_corr))
            for i, value in enumerate(values)
        },
        "neighbour-correlations",
    )
    st.caption(
        f"What to see: in a photo a pixel almost predicts its neighbour (median "
        f"{np.nanmedian(real_corr):.2f}); in noise it tells nothing (median "
        f"{np.nanmedian(noise_corr):.3f}). One tick per image."
    )
    left, right = st.columns(2)
    with left:
        noise_spec, real_spec = stats.radial_power_spectrum(noise), stats.radial_power_spectrum(real)
        st.altair_chart(
            spectrum_chart(noise_spec, real_spec),
            width="stretch",
            alt="Radially averaged power spectra of noise and photos, log-log",
        )
        st.caption(
            f"What to see: photos concentrate their power at low frequencies and fall "
            f"steeply (fitted slope {real_spec.slope:.2f}; the classic figure for natural "
            f"images is about −2), noise is flat (slope {noise_spec.slope:.2f}). "
            "Dashed: the fitted lines."
        )
    with right:
        noise_hist = stats.neighbour_difference_histogram(noise)
        real_hist = stats.neighbour_difference_histogram(real)
        st.altair_chart(
            difference_chart(noise_hist, real_hist),
            width="stretch",
            alt="Histogram of differences between neighbouring pixels, log scale",
        )
        st.caption(
            f"What to see: photos are peaked at 0 with heavy tails (edges): excess kurtosis "
            f"{real_hist.excess_kurtosis:.1f}; noise follows the exact triangle "
            f"(256−|d|)/65536, kurtosis {noise_hist.excess_kurtosis:.2f}."
        )
    return real_corr


def show_odds(view: dict, real_corr: np.ndarray) -> None:
    st.markdown("### How likely is noise to look natural?")
    channels = 1 if view["grey"] else 3
    target = float(np.nanmedian(real_corr))
    if not np.isfinite(target) or target <= 0:
        st.info(
            "The real samples have no positive neighbour correlation to aim for (flat crops?); draw again."
        )
        return
    threshold_centi = int(np.floor(target * 100))
    threshold = threshold_centi / 100
    bound = correlation_bound(view["size"], channels, threshold_centi)
    mc = noise_monte_carlo(view["size"], channels, view["draws"])
    exponent = bound.exponent_text(1)
    draws_per_second = Magnitude.of(1000)
    left, right = st.columns(2)
    with left:
        ui.big_number(
            f"Chance that one uniform {view['size']}×{view['size']} image has neighbour "
            f"correlation ≥ {threshold:.2f} (the real median {target:.3f}, rounded down)",
            f"≤ 10<sup>−{exponent}</sup>",
            f"A rigorous upper bound (Chernoff bounds with exact moment generating functions, "
            f"mpmath interval arithmetic). So you would expect to draw at least 10^{exponent} "
            f"images before the first success; at {draws_per_second.exact_int():,} draws a "
            f"second that is at least 10^{_years_exponent(bound.log10_expected_draws)} years "
            f"(the universe is {ref.AGE_OF_UNIVERSE_YEARS.label} years old).",
        )
    with right:
        ui.big_number(
            f"Monte Carlo: the largest correlation in {mc.draws:,} noise images (seed {MONTE_CARLO_SEED})",
            f"{mc.largest:.3f}",
            f"{mc.count_at_least(threshold):,} of {mc.draws:,} draws reached "
            f"{threshold:.2f}. An honest experiment: it can only show what is likely, "
            "which is why the bound on the left matters.",
        )


def _years_exponent(log10_draws: float) -> str:
    """log10 of years at 1,000 draws a second, rounded down (so 'at least' stays true)."""
    seconds_per_year = float(ref.SECONDS_PER_YEAR.magnitude.log10(6))
    return f"{max(int(np.floor(log10_draws - 3 - seconds_per_year)), 0):,}"


def show_diffusion(real: corpus.Sample, view: dict) -> None:
    st.markdown("### From a photo to noise, and back")
    # The sample with the most contrast: a flat crop would make a dull demonstration.
    image = real.images[int(np.argmax(real.images.reshape(len(real.images), -1).std(axis=1)))]
    path = stats.diffusion_path(image, DIFFUSION_STEPS, view["seed"])
    frames = np.stack([stats.to_display(x) for x in path])
    st.image(
        sheet(frames, len(DIFFUSION_STEPS), view["size"]),
        output_format="PNG",
        alt="One photo with growing amounts of Gaussian noise",
    )
    st.caption(
        "x_t = √ᾱ_t·x_0 + √(1−ᾱ_t)·ε at t = "
        + ", ".join(map(str, DIFFUSION_STEPS))
        + " (linear β schedule 10⁻⁴…0.02 over 1,000 steps, one shared ε)"
    )
    corr = stats.adjacent_pixel_correlations(frames).mean
    slopes = [stats.radial_power_spectrum(f).slope for f in frames]
    frame = pd.DataFrame(
        {
            "t": list(DIFFUSION_STEPS) * 2,
            "value": list(corr) + slopes,
            "statistic": ["neighbour correlation"] * len(corr) + ["spectral slope"] * len(slopes),
        }
    )
    chart = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("t:Q", title="diffusion step t"),
            y=alt.Y("value:Q", title=None),
            color=alt.Color(
                "statistic:N",
                scale=alt.Scale(range=[REAL, NOISE]),
                title=None,
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=["statistic:N", "t:Q", alt.Tooltip("value:Q", format=".3f")],
        )
        .properties(height=240)
    )
    st.altair_chart(chart, width="stretch", alt="Statistics of the image along the diffusion path")
    st.caption(
        "What to see: the photo's statistics drift to those of noise (correlation → 0, "
        "slope → 0). A diffusion model generates by learning to walk this path backwards, "
        "from noise to the thin set of natural images."
    )


def show_image_as_number(real: corpus.Sample, visitors: list[corpus.Photo]) -> None:
    st.markdown("### Every image is one number (the Library of Babel's idea)")
    if visitors:
        image = visitors[0].pixels[:256, :256]
        what = f"{visitors[0].name}, top-left {image.shape[1]}×{image.shape[0]} pixels"
    else:
        image, what = real.images[0], str(real.origins[0])
    number = stats.image_as_number(image, digits=20)
    step = stats.pixel_step(image, 0, 0, 0)
    last = stats.pixel_step(image, image.shape[0] - 1, image.shape[1] - 1, 0 if image.ndim == 2 else 2)
    ui.table(
        ["", ""],
        [
            ["The image", what],
            ["Read as one base-256 number, it has", ui.Html(f"<b>{number.digit_count:,}</b> digits")],
            ["It begins", ui.Html(f'<span class="digits">{number.leading}…</span>')],
            ["It ends", ui.Html(f'<span class="digits">…{number.trailing}</span>')],
            [
                "Images of this shape (the whole space)",
                ui.Html(
                    ui.power_html(number.space_size.scientific(5)) + f", {number.space_digit_count:,} digits"
                ),
            ],
            ["Changing the last byte by one", f"moves the number by {abs(last.change)}: the very next image"],
            [
                "Changing the first pixel's first byte by one",
                ui.Html(
                    f"moves it by 256<sup>{step.exponent:,}</sup>, a number of "
                    f"{step.place_value_digits():,} digits"
                ),
            ],
        ],
    )
    st.caption(
        "Bytes in reading order (row by row, then channel), first byte most significant. "
        "Every image of this shape is one of the integers 0 … 256^bytes − 1; almost all "
        "of them are noise."
    )


def show_credits() -> None:
    with st.expander("Credits: the photographs"):
        rows = [[c.title, c.author, c.licence, c.source] for c in corpus.load_manifest()]
        ui.table(["Photo", "Author", "Licence", "Source"], rows)
        st.caption(
            "All from scikit-image's sample data, each CC0 or public domain as stated "
            "there. Visitors' photos are used in this session only and never stored."
        )


def main() -> None:
    ui.setup_page("Random images are noise")
    st.html("<style>[data-testid='stImage'] img { image-rendering: pixelated; }</style>")
    st.title("A random image is always noise")
    st.markdown(
        "Pick a point of the space of all images at random and you get static, every "
        "time. Real photographs are rare, highly structured points. See it, then measure it."
    )
    view = read_view()
    pool = shipped_photos() + visitor_photos()
    noise = corpus.uniform_noise(view["n"], view["size"], view["seed"], grey=view["grey"])
    pick = corpus.whole_photos if view["whole"] else corpus.random_crops
    try:
        real = pick(pool, view["size"], view["n"], view["seed"], grey=view["grey"])
    except ValueError as error:
        st.warning(ui.escape_markdown(str(error)))
        return
    show_grids(noise, real, view)
    show_full_size(view)
    real_corr = show_statistics(noise, real.images)
    show_odds(view, real_corr)
    show_diffusion(real, view)
    show_image_as_number(real, [p for p in pool if p.credit is None])
    show_credits()


ui.run_page(main)
