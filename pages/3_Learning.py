"""Memorise or model? A lookup table against a ladder of density models, measured in bits.

Deep links: ``?size=16&colour=rgb&seed=3&train=8000&holdout=camera&holdout=grass``.
"""

from __future__ import annotations

import math
import threading
import time
from collections import Counter
from dataclasses import dataclass, replace

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from lib import combinatorics as comb
from lib import density_models as dm
from lib import photo_corpus as pc
from lib import reference_figures as ref
from lib import ui

# Okabe-Ito colours: distinguishable with every common colour-vision deficiency.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#999999"]
HELD_OUT, TRAINING, PUBLISHED, PNG = (
    "held-out photos",
    "training patches",
    "published, CIFAR-10 (other data)",
    "PNG file of the held-out patches",
)
SERIES = alt.Scale(
    domain=[HELD_OUT, TRAINING, PNG, PUBLISHED],
    range=[OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[4], OKABE_ITO[2]],
)

SIZES = ("8", "16", "32")
COLOURS = ("grey", "rgb")
MIN_TRAIN, MAX_TRAIN = 500, 20_000
#: Float64 copies of the training patches must fit a small server (~700 MB): 8,000 patches
#: of 32×32 RGB is the most the Gaussian's covariance is computed on.
MAX_TRAIN_VALUES = 8_000 * 32 * 32 * 3
MAX_SEED = 2**32 - 1
#: The photos split_by_photo(photos, 0.25, rng=0) holds out, as bench/bench_learning.py
#: does: the page's default figures are the benchmark's.
DEFAULT_HOLDOUT = ("rocket", "grass")
SHOWN = 16  # samples per model and real patches beside them: a 4×4 grid each
EIGEN_SHOWN = 32
TILE_PIXELS = 64  # each patch is enlarged by pixel repetition to this many screen pixels
GRID_GAP = 16  # screen pixels between the grids of one comparison sheet
INFINITY = "∞"
#: If a sheet is ever shrunk to fit (a narrow window), the browser keeps its pixels square
#: instead of smoothing them; long numbers stay on one line where there is room (on a phone
#: they may wrap rather than push the tables off the screen).
_PAGE_CSS = """<style>
[data-testid="stImage"] img { image-rendering: pixelated; }
@media (min-width: 700px) { .num { white-space: nowrap; } }
</style>"""


# -- cached, shared by every visitor ---------------------------------------------------------
@st.cache_resource(show_spinner=False)
def shipped_photos() -> list[pc.Photo]:
    """The bundled CC0/public-domain photos, decoded once per server."""
    return pc.load_corpus()


@dataclass(frozen=True)
class Settings:
    size: int
    channels: int
    train: int
    seed: int
    holdout: tuple[str, ...]  # photo keys, in corpus order


@dataclass(frozen=True)
class Fitted:
    """One fitted ladder and what the page shows beside it (read-only: shared by visitors)."""

    ladder: dm.LadderResult  # models dropped: a 32×32 RGB Gaussian alone keeps 75 MB
    train_photos: tuple[str, ...]
    test_photos: tuple[str, ...]
    eigen_images: np.ndarray  # the Gaussian's top principal components as patches
    explained: np.ndarray  # cumulative share of the variance they explain
    table_train_bits: float  # the lookup table on its own training patches
    table_hits: int  # held-out patches found verbatim among the training patches
    table_flat_hits: int  # ... of which a single value repeated (flat sky, black space)
    own_histogram_bits: float  # independent pixels fitted on the held-out patches themselves
    train_histogram: np.ndarray  # share of each value 0..255 (channels pooled)
    test_histogram: np.ndarray
    seconds: float


def patch_sets(photos: list[pc.Photo], s: Settings) -> tuple[np.ndarray, np.ndarray]:
    """Training patches from the kept photos, test patches from the held-out ones.

    Two seeded streams per seed (2·seed+1 and 2·seed+2): no two seeds share one, and
    seed 0 gives bench/bench_learning.py's patches.
    """
    keys = [p.credit.key for p in photos]
    split = dm.split_by_photo([p.pixels for p in photos], test_indices=[keys.index(k) for k in s.holdout])
    train = dm.extract_patches(list(split.train), s.size, s.channels, s.train, rng=2 * s.seed + 1)
    test = dm.extract_patches(
        list(split.test), s.size, s.channels, dm.DEFAULT_TEST_PATCHES, rng=2 * s.seed + 2
    )
    return train, test


def lookup_table(train: np.ndarray, test: np.ndarray) -> tuple[float, int, int]:
    """Memorising as a model: P(x) = (copies of x among the N training patches) / N.

    Returns its bits/dim on the training patches, and how many held-out patches it holds
    at all (each of the others gets probability 0: infinitely many bits).
    """
    counts = Counter(row.tobytes() for row in train)
    n = train.shape[0]
    train_bits = sum(c * (math.log2(n) - math.log2(c)) for c in counts.values()) / n / train.shape[1]
    hits = [row for row in test if row.tobytes() in counts]
    return train_bits, len(hits), sum(int(row.min() == row.max()) for row in hits)


def value_shares(patches: np.ndarray) -> np.ndarray:
    return np.bincount(patches.ravel(), minlength=256) / patches.size


def _read_only(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


@st.cache_resource(show_spinner=False)
def one_fit_at_a_time() -> threading.Lock:
    """One lock per server: fits of different settings queue instead of running together,
    which bounds memory (a fit holds its training patches several times over) and keeps
    two cores from thrashing when an audience asks for many settings at once."""
    return threading.Lock()


@st.cache_resource(show_spinner=False, max_entries=32)
def fit(size: int, channels: int, train_count: int, seed: int, holdout: tuple[str, ...]) -> Fitted:
    """Fit the whole ladder once per setting, for every visitor, with a progress bar.

    The bar is made inside the cached function so Streamlit can replay it on a cache hit
    (it ends empty, so a replay shows nothing).
    """
    bar = st.progress(0.0, text="Waiting for another fit to finish …")
    with one_fit_at_a_time():
        return _fit(bar, size, channels, train_count, seed, holdout)


def _fit(bar, size: int, channels: int, train_count: int, seed: int, holdout: tuple[str, ...]) -> Fitted:
    start = time.perf_counter()
    bar.progress(0.0, text="Cutting patches from the photos …")
    photos = shipped_photos()
    settings = Settings(size, channels, train_count, seed, holdout)
    train, test = patch_sets(photos, settings)
    ladder = dm.fit_ladder(
        train,
        test,
        size,
        channels,
        samples=SHOWN,
        seed=seed,
        progress=lambda f, text: bar.progress(f, text=f"Fitting the ladder: {text} …"),
    )
    gaussian = ladder.rung("Gaussian").model
    shown = min(EIGEN_SHOWN, ladder.dims)
    table_bits, hits, flat_hits = lookup_table(train, test)
    own = dm.IndependentPixelModel(size, channels).fit(test).bits_per_dim(test)
    for rung in ladder.rungs:
        _read_only(rung.samples)
    ladder = replace(
        ladder,
        rungs=tuple(replace(r, model=None) for r in ladder.rungs),
        real_examples=_read_only(ladder.real_examples),
    )
    bar.empty()
    return Fitted(
        ladder,
        tuple(p.credit.key for p in photos if p.credit.key not in holdout),
        holdout,
        _read_only(gaussian.eigenvector_images(shown)),
        _read_only(gaussian.explained_variance()[:shown]),
        table_bits,
        hits,
        flat_hits,
        own,
        _read_only(value_shares(train)),
        _read_only(value_shares(test)),
        time.perf_counter() - start,
    )


# -- inputs -------------------------------------------------------------------------------------
def read_settings(keys: list[str]) -> Settings:
    size_box, colour_box, seed_box, train_box = st.columns(4, vertical_alignment="bottom")
    size = int(
        ui.choice_input(
            "Patch side (pixels)",
            SIZES,
            "size",
            str(dm.DEFAULT_SIZE),
            size_box,
            help="Square patches cut from the photos: 8×8, 16×16 or 32×32",
        )
    )
    colour = ui.choice_input(
        "Colour",
        COLOURS,
        "colour",
        "grey",
        colour_box,
        help="grey: one value per pixel (ITU-R 601 luma); rgb: three",
    )
    channels = 1 if colour == "grey" else 3
    seed, p1 = ui.whole_number_input(
        "Seed",
        "seed",
        dm.DEFAULT_SEED,
        0,
        MAX_SEED,
        seed_box,
        help="Where the patches are cut and which samples are drawn",
    )
    train, p2 = ui.whole_number_input(
        "Training patches",
        "train",
        dm.DEFAULT_TRAIN_PATCHES,
        MIN_TRAIN,
        MAX_TRAIN,
        train_box,
        help="More data narrows the gap between training and "
        "held-out cost; the test set is always 2,000 patches",
    )
    cap = min(MAX_TRAIN, MAX_TRAIN_VALUES // (size * size * channels))
    if train > cap:
        p2 = ui.InputProblem(
            "train",
            f"At most {cap:,} training patches of {size}×{size} "
            f"{'grey' if channels == 1 else 'RGB'} fit "
            f"this server's memory; using {cap:,}.",
        )
        train = cap
    holdout, p3 = read_holdout(keys)
    ui.show_problems([p1, p2, p3])
    return Settings(size, channels, train, seed, holdout)


def read_holdout(keys: list[str]) -> tuple[tuple[str, ...], ui.InputProblem | None]:
    """Which whole photos the models never see, bound to ?holdout= (repeated for several)."""
    unknown = [name for name in st.query_params.get_all("holdout") if name and name not in keys]
    chooser, reset = st.columns([4, 1], vertical_alignment="bottom")
    # No format_func: a bound widget matches the URL against its labels (?holdout=grass).
    chosen = chooser.multiselect(
        "Photos held out for testing (never trained on)",
        keys,
        default=list(DEFAULT_HOLDOUT),
        key="holdout",
        bind="query-params",
        help="Whole photos, not patches: patches of one photo resemble "
        "each other, and testing on them would flatter every model",
    )
    reset.button("Back to the defaults", on_click=back_to_defaults, icon=":material/undo:")
    problem = None
    if unknown:
        problem = ui.InputProblem(
            "holdout",
            f"The link names photos that are not in the corpus "
            f"({', '.join(u[:40] for u in unknown[:3])}); they are ignored.",
        )
    if not 1 <= len(chosen) <= len(keys) - 1:
        problem = ui.InputProblem(
            "holdout",
            "Hold out at least one photo and train on at least one; "
            f"showing the default hold-out ({', '.join(DEFAULT_HOLDOUT)}).",
        )
        return DEFAULT_HOLDOUT, problem
    return tuple(k for k in keys if k in chosen), problem


def back_to_defaults() -> None:
    """Reset every input (a callback: runs before the rerun)."""
    st.session_state.update(
        size=str(dm.DEFAULT_SIZE),
        colour="grey",
        seed=str(dm.DEFAULT_SEED),
        train=str(dm.DEFAULT_TRAIN_PATCHES),
        holdout=list(DEFAULT_HOLDOUT),
    )


# -- memorising ---------------------------------------------------------------------------------
def nowrap(text: str) -> ui.Html:
    """A number that must not break across lines (our own digits only)."""
    return ui.Html(f'<span class="num">{text}</span>')


def human_bytes(n: int) -> str:
    for unit, size in (("EB", 10**18), ("PB", 10**15), ("TB", 10**12), ("GB", 10**9), ("MB", 10**6)):
        if n >= size:
            return f"≈ {n / size:.3g} {unit}"
    return f"{n:,} bytes"


def show_memorising() -> None:
    st.header("Memorising: a lookup table of every training image")
    st.markdown(
        "The simplest generative model stores its training images and, to sample, returns one "
        "of them at random. Its probability for a stored image is 1/N, for any other image "
        "**exactly zero**. Here is what the table costs, and how much of the space it covers."
    )
    small, phone = comb.ImageFormat(224, 224, 3, 8), comb.ImageFormat(2304, 4096, 3, 8)
    rows = []
    for data in (ref.IMAGENET_1K, ref.IMAGENET_FULL, ref.LAION_5B):
        cells = [f"{data.name}: {data.label} {data.unit}"]
        for image in (small, phone):
            stored = (data.magnitude * image.values).exact_int()
            share = comb.dataset_coverage(comb.count_images(image), data)
            cells += [
                ui.Html(f"<b>{human_bytes(stored)}</b><br>{nowrap(f'{stored:,}')} bytes"),
                ui.Html(ui.power_html(share.scientific(3))),
            ]
        rows.append(cells + [data.source])
    ui.table(
        [
            "Dataset",
            "Raw pixels at 224×224 RGB",
            "Share of all 224×224 RGB images",
            "Raw pixels at 2304×4096 RGB (the post's phone photo)",
            "Share of all such photos",
            "Source",
        ],
        rows,
    )
    st.caption(
        "Raw 8-bit pixels, one byte per value (150,528 per 224×224 image, 28,311,552 per "
        "phone photo), no compression, no index. A share assumes every image distinct and of "
        "that size; LAION-5B counts image-text pairs, so its distinct images are fewer."
    )
    laion = ref.LAION_5B.magnitude
    left, right = st.columns(2)
    stored_bits = float(laion.log10(6)) / math.log10(2)
    ui.big_number(
        "Cost of an image in the table (LAION-5B at 224×224): log2(N)/D",
        f"{stored_bits / small.values:.2g} bits/dim",
        f"log2(5.85·10^9) = {stored_bits:.2f} bits for a whole image: almost free",
        container=left,
    )
    ui.big_number(
        "Cost of any image not in it: −log2(0)/D",
        f"{INFINITY} bits/dim",
        ui.Html("its probability is 0, so no finite code describes it"),
        container=right,
    )
    st.markdown(
        "That is the largest possible gap between training and held-out cost. A new photo is "
        "practically never identical, pixel for pixel, to a stored one (a second shot of the same "
        "scene differs in its sensor noise), and the table covers only the share above of the "
        "space, so it says **nothing** about nearly every image there is: it cannot rank a new "
        "photo above noise, nor draw anything it has not stored. The ladder below measures the "
        "same table on small patches. A model has to give probability to images it has never "
        "seen, and the only way to spread it well is to learn what images have in common."
    )


# -- modelling: the ladder ----------------------------------------------------------------------
def computed_on(fitted: Fitted) -> str:
    return (
        f"Computed on {fitted.ladder.computed_on()}; held out: {', '.join(fitted.test_photos)} "
        f"(whole photos; trained on the other {len(fitted.train_photos)})."
    )


def ladder_frame(fitted: Fitted) -> pd.DataFrame:
    """Every point of the ladder chart: our rungs (held out and training), PNG, CIFAR-10."""
    ladder = fitted.ladder
    rows = [
        dict(model=r.name, series=series, bits=bits, counted=r.likelihood, source=ladder.computed_on())
        for r in ladder.rungs
        for series, bits in ((HELD_OUT, r.bits_per_dim), (TRAINING, r.train_bits_per_dim))
    ]
    rows.append(
        dict(
            model="PNG (lossless file)",
            series=PNG,
            bits=ladder.png_bits_per_dim,
            counted="file size, exact",
            source=dm.PNG_METHOD,
        )
    )
    rows += [
        dict(
            model=f"{r.model} ({r.year})",
            series=PUBLISHED,
            bits=r.bits_per_dim,
            counted=r.kind,
            source=r.citation,
        )
        for r in dm.CIFAR10_CHART
    ]
    return pd.DataFrame(rows).rename(columns={"bits": "bits/dim", "counted": "how counted"})


def show_ladder_chart(fitted: Fitted) -> None:
    frame = ladder_frame(fitted)
    order = list(dict.fromkeys(frame["model"]))
    x = alt.X(
        "model:N", sort=order, title=None, axis=alt.Axis(labelAngle=-30, labelLimit=0, labelOverlap=False)
    )
    y = alt.Y(
        "bits/dim:Q",
        title="bits per dimension (lower is better)",
        scale=alt.Scale(domain=[0, max(9.0, math.ceil(frame["bits/dim"].max()))]),
    )
    colour = alt.Color(
        "series:N", scale=SERIES, title=None, legend=alt.Legend(orient="bottom", labelLimit=0, columns=1)
    )  # a row is clipped on a phone
    tooltip = ["model:N", "series:N", alt.Tooltip("bits/dim:Q", format=".3f"), "how counted:N", "source:N"]
    base = alt.Chart(frame)
    points = base.mark_point(size=110, filled=True, opacity=1).encode(
        x=x,
        y=y,
        color=colour,
        shape=alt.Shape(
            "series:N",
            legend=None,
            scale=alt.Scale(domain=SERIES.domain, range=["circle", "triangle-up", "square", "diamond"]),
        ),
        tooltip=tooltip,
    )
    labels = (
        base.transform_filter(alt.datum.series != TRAINING)
        .mark_text(dy=-14, fontSize=12)
        .encode(x=x, y=y, color=colour, text=alt.Text("bits/dim:Q", format=".2f"))
    )
    uniform = (
        alt.Chart(pd.DataFrame({"bits/dim": [8.0]}))
        .mark_rule(color=OKABE_ITO[6], strokeDash=[2, 3])
        .encode(y="bits/dim:Q")
    )
    st.altair_chart(
        (uniform + points + labels).properties(height=430),
        width="stretch",
        alt="Bits per dimension of every model on held-out and training patches, the PNG "
        "file size and published CIFAR-10 results",
    )
    st.caption(
        "What to see: the held-out cost (blue circles) falls from 8 bits/dim as models learn "
        "how neighbouring pixels go together, though not at every rung; the gap to the "
        "training cost (orange triangles) is what a model memorised rather than learned. "
        "Green diamonds are published results on CIFAR-10 (whole 32×32 RGB images, another "
        "dataset): reference points, not competitors. Dotted line: 8 bits/dim, raw pixels."
    )
    st.caption(computed_on(fitted))


def rung_rows(fitted: Fitted) -> list[list[str]]:
    ladder = fitted.ladder
    rows = [
        [
            "Lookup table (memorise the training patches)",
            ui.Html(f"<b>{INFINITY}</b>"),
            nowrap(f"{fitted.table_train_bits:.3f}"),
            INFINITY,
            f"exact: {fitted.table_hits:,} of {ladder.test_count:,} held-out patches are in it"
            + (f" ({fitted.table_flat_hits:,} of them one flat value)" if fitted.table_hits else "")
            + ", the others get probability 0",
            nowrap(f"{ladder.train_count * ladder.dims:,}"),
            "–",
        ]
    ]
    for r in ladder.rungs:
        rows.append(
            [
                r.name,
                ui.Html(f"<b>{nowrap(f'{r.bits_per_dim:.3f}')}</b>"),
                nowrap(f"{r.train_bits_per_dim:.3f}"),
                nowrap(f"{r.bits_per_dim - r.train_bits_per_dim:+.3f}".replace("-", "−")),
                r.likelihood,
                nowrap(f"{r.parameters:,}"),
                nowrap(f"{r.fit_seconds:.2f} s"),
            ]
        )
    rows.append(
        [
            "PNG (lossless file, a reference)",
            ui.Html(f"<b>{nowrap(f'{ladder.png_bits_per_dim:.3f}')}</b>"),
            "–",
            "–",
            "exact file size (method: “How the scores are counted”, below)",
            "–",
            "–",
        ]
    )
    return rows


def show_ladder_table(fitted: Fitted) -> None:
    ui.table(
        [
            "Model",
            "Held-out bits/dim",
            "Training bits/dim",
            "Gap",
            "How it is counted",
            "Numbers it keeps",
            "Fit time",
        ],
        rung_rows(fitted),
    )
    ladder = fitted.ladder
    small = ladder.rung("autoregressive")
    st.markdown(
        f"The lookup table keeps every one of the {ladder.train_count * ladder.dims:,} training values "
        f"and gives a new patch no probability at all. The autoregressive model keeps "
        f"**{small.parameters:,} numbers** and codes patches of photos it never saw in "
        f"**{small.bits_per_dim:.3f}** bits/dim; PNG, a general-purpose compressor, needs "
        f"{ladder.png_bits_per_dim:.3f}. Learning the structure is what generalises."
    )
    st.caption(
        "Bits/dim = −log2 P(patch) / D averaged over patches: the length of a lossless code, "
        "per 8-bit value. An exact discrete likelihood is exactly that; an upper bound via "
        "uniform dequantisation can only make its model look worse, never better. " + computed_on(fitted)
    )
    with st.expander("The published CIFAR-10 figures and their sources"):
        ui.table(
            ["Model", "Test bits/dim", "How counted", "Source"],
            [
                [
                    f"{r.model} ({r.year})",
                    f"{r.bits_per_dim:.2f}",
                    r.kind + (f", {r.note}" if r.note else ""),
                    r.citation,
                ]
                for r in dm.CIFAR10_CHART
            ],
        )
        st.caption(
            "Measured on CIFAR-10's 10,000 test images (32×32 RGB, whole images), not on our "
            "patches: a different dataset, shown only for scale."
        )


def inversions(fitted: Fitted) -> list[tuple[dm.RungResult, dm.RungResult]]:
    """(rung, simpler rung before it that scored better on the held-out photos)."""
    rungs = fitted.ladder.rungs
    out = []
    for i, later in enumerate(rungs):
        better = [r for r in rungs[:i] if r.bits_per_dim < later.bits_per_dim]
        if better:
            out.append((later, min(better, key=lambda r: r.bits_per_dim)))  # the best below it
    return out


def show_honest_note(fitted: Fitted) -> None:
    st.subheader("Not a staircase at every rung")
    found = inversions(fitted)
    if not found:
        st.markdown(
            "With these settings every rung beats the simpler ones before it on the held-out "
            "photos. Change the held-out photos or the patch size, and it often does not."
        )
        return
    lines = []
    for later, earlier in found:
        gap = later.bits_per_dim - later.train_bits_per_dim
        lines.append(
            f"- **{later.name}** costs {later.bits_per_dim:.3f} bits/dim on the held-out photos, "
            f"more than **{earlier.name}** ({earlier.bits_per_dim:.3f}), lower on the ladder, although it "
            f"costs {later.train_bits_per_dim:.3f} on its own training patches (a gap of "
            f"{gap:.2f})."
        )
    st.markdown(
        "We measured it and show it rather than hide it: on photos the models never saw, "
        "a richer model is not always cheaper.\n" + "\n".join(lines)
    )
    independent = fitted.ladder.rung("independent pixels")
    if independent.bits_per_dim > dm.RAW_BITS:
        mismatch = independent.bits_per_dim - fitted.own_histogram_bits
        st.markdown(
            f"The independent-pixel model is worse than uniform noise because **each photo has its "
            f"own histogram**. It learned how often each value 0–255 occurs in the training photos; "
            f"fitted on the held-out photos themselves (cheating) it would cost "
            f"{fitted.own_histogram_bits:.3f} bits/dim. The difference, about {mismatch:.2f} bits/dim, "
            "is the mismatch between the two histograms (their Kullback–Leibler divergence): levels "
            "common in the held-out photos but rare in training cost more than 8 bits each. "
            "The uniform model cannot be surprised; a model that commits to the wrong statistics can, "
            "and held-out likelihood charges for it. The models that look at neighbours learn "
            "something that does carry over from photo to photo: nearby pixels are alike."
        )
    show_histograms(fitted)


def show_histograms(fitted: Fitted) -> None:
    held_out = f"held-out photos ({', '.join(fitted.test_photos)})"
    training = f"training photos ({len(fitted.train_photos)})"
    frame = pd.DataFrame(
        {
            "value": np.tile(np.arange(256), 2),
            "share": np.concatenate([fitted.test_histogram, fitted.train_histogram]) * 100,
            "photos": [held_out] * 256 + [training] * 256,
        }
    )
    chart = (
        alt.Chart(frame)
        .mark_line(interpolate="step-after")
        .encode(
            x=alt.X("value:Q", title="value (0 = black, 255 = white)", scale=alt.Scale(domain=[0, 255])),
            y=alt.Y("share:Q", title="share of all values (%)"),
            color=alt.Color(
                "photos:N",
                scale=alt.Scale(domain=[held_out, training], range=[OKABE_ITO[0], OKABE_ITO[1]]),
                title=None,
                legend=alt.Legend(orient="bottom", labelLimit=0, columns=1),
            ),
            tooltip=["photos:N", "value:Q", alt.Tooltip("share:Q", format=".3f")],
        )
        .properties(height=260)
    )
    st.altair_chart(
        chart,
        width="stretch",
        alt="How often each value 0 to 255 occurs in the training and in the held-out patches",
    )
    channels = "" if fitted.ladder.channels == 1 else " (the three channels pooled)"
    st.caption(
        f"What to see: where the two histograms{channels} part, the independent-pixel model "
        "pays for its training statistics. " + computed_on(fitted)
    )


# -- modelling: samples and structure -------------------------------------------------------------
def display_scale(size: int) -> int:
    return max(1, TILE_PIXELS // size)


def grid_labels(labels: list[str], size: int) -> None:
    """One label over each grid of a comparison sheet, as wide as the grid it names.

    In percentages of the sheet's width, so they still line up when a narrow screen
    shrinks the sheet.
    """
    grid = 4 * size * display_scale(size) + 3 * 2
    total = len(labels) * grid + (len(labels) - 1) * GRID_GAP
    spans = "".join(f'<span style="flex:0 0 {100 * grid / total:.3f}%">{label}</span>' for label in labels)
    st.html(
        f'<div style="display:flex;justify-content:space-between;width:{total}px;max-width:100%;'
        f'font-size:0.85rem;opacity:0.8">{spans}</div>'
    )


def comparison_sheet(blocks: list[np.ndarray], size: int) -> np.ndarray:
    """Several 4×4 grids of patches side by side, as ONE picture (one lossless PNG)."""
    grids = [pc.contact_sheet(block, 4, scale=display_scale(size), gap=2) for block in blocks]
    spacer = np.full((grids[0].shape[0], GRID_GAP) + grids[0].shape[2:], 255, dtype=np.uint8)
    pieces = [grids[0]]
    for grid in grids[1:]:
        pieces += [spacer, grid]
    return np.hstack(pieces)


def show_samples(fitted: Fitted) -> None:
    ladder = fitted.ladder
    s, c = ladder.size, ladder.channels
    st.subheader("What each model believes a patch looks like")
    real = dm.patches_to_images(ladder.real_examples, s, c)
    noise = pc.uniform_noise(SHOWN, s, ladder.seed, grey=c == 1)
    scale = display_scale(s)
    kind = f"{s}×{s} {'grey' if c == 1 else 'RGB'}"
    st.caption(
        f"Each row: **left**, {SHOWN} real patches from the held-out photos · **middle**, {SHOWN} "
        f"samples drawn from the model (seed {ladder.seed}) · **right**, {SHOWN} patches of uniform "
        f"noise (seed {ladder.seed}). Lossless PNG, each pixel drawn as a block of {scale}×{scale} "
        "screen pixels, never smoothed."
    )
    for i, rung in enumerate(ladder.rungs, start=1):
        with st.container(border=True):
            st.markdown(f"#### {i}. {rung.name.capitalize()}")
            st.markdown(
                f"Held-out photos: **{rung.bits_per_dim:.3f} bits/dim** ({rung.likelihood}) · "
                f"its training patches: {rung.train_bits_per_dim:.3f} · "
                f"{rung.parameters:,} numbers kept"
            )
            grid_labels(["real, held-out photos", f"samples from the {rung.name} model", "uniform noise"], s)
            sheet = comparison_sheet([real, dm.patches_to_images(rung.samples, s, c), noise], s)
            st.image(
                sheet,
                output_format="PNG",
                alt=f"Three 4×4 grids of {kind} patches: real held-out patches, samples "
                f"from the {rung.name} model, uniform noise",
            )
            st.caption(rung.description)
    st.caption(
        f"PNG of the same held-out patches: **{ladder.png_bits_per_dim:.3f}** bits/dim "
        f"({dm.PNG_METHOD}). " + computed_on(fitted)
    )


def show_eigenvectors(fitted: Fitted) -> None:
    ladder = fitted.ladder
    shown = fitted.eigen_images.shape[0]
    st.subheader("What the Gaussian learned")
    sheet = pc.contact_sheet(fitted.eigen_images, 8, scale=display_scale(ladder.size), gap=2)
    st.image(
        sheet, output_format="PNG", alt=f"The Gaussian's top {shown} principal components shown as patches"
    )
    top = [k for k in (1, 4, 16, shown) if k <= shown]
    shares = ", ".join(f"top {k}: {100 * fitted.explained[k - 1]:.1f}%" for k in dict.fromkeys(top))
    st.caption(
        f"Its top {shown} eigenvectors, largest variance first (mid-grey = 0, each scaled to "
        f"full contrast; the sign of each is arbitrary): first the overall brightness, then smooth gradients and waves of rising "
        f"frequency, like a Fourier basis: neighbouring pixels move together. Share of the "
        f"variance explained: {shares}. " + computed_on(fitted)
    )


# -- the size of the space the best model uses ------------------------------------------------------
def show_effective_space(fitted: Fitted) -> None:
    ladder = fitted.ladder
    best = min(ladder.rungs, key=lambda r: r.bits_per_dim)
    st.subheader("How much of the space does the best model use?")
    st.markdown(
        f"The best model here, **{best.name}**, costs b = {best.bits_per_dim:.3f} bits/dim on the "
        "held-out photos. A model that gives a typical image probability 2<sup>−b·D</sup> can give "
        "that much to at most 2<sup>b·D</sup> images, since probabilities add up to 1: its mass sits "
        "on about that many typical images, out of the 2<sup>8·D</sup> possible ones.",
        unsafe_allow_html=True,
    )
    patch = dm.effective_space(best.bits_per_dim, ladder.dims)
    phone = dm.effective_space(best.bits_per_dim, dm.PHONE_PHOTO_DIMS)
    left, right = st.columns(2)
    with left:
        st.markdown(f"##### One {ladder.size}×{ladder.size} patch (D = {ladder.dims:,})")
        ui.table(
            ["", ""],
            [
                ["Typical patches, 2^(b·D)", ui.Html(ui.power_html(patch.typical.scientific(3)))],
                ["All possible patches, 2^(8·D)", ui.Html(ui.power_html(patch.everything.scientific(3)))],
                ["The share the model uses", ui.Html(ui.power_html(patch.fraction.scientific(3)))],
            ],
        )
        st.caption(
            f"Rounding: {patch.rounding}. The powers are exact; b is a measurement. " + computed_on(fitted)
        )
    with right:
        st.markdown(f"##### The post's phone photo (D = {dm.PHONE_PHOTO_DIMS:,}): an estimate")
        ui.big_number(
            "Typical photos, 2^(b·D) (an estimate)",
            ui.power_html(phone.typical.scientific(3)),
            ui.Html(
                f"out of {ui.power_html(phone.everything.scientific(3))} possible: a share "
                f"of {ui.power_html(phone.fraction.scientific(3))}"
            ),
        )
        laion = phone.typical / ref.LAION_5B.magnitude
        records = [r.bits_per_dim for r in dm.CIFAR10_CHART]
        cifar = f"{min(records):.2f}–{max(records):.2f} bits/dim"
        st.caption(
            f"Rounding: {phone.rounding}. An extrapolation: b was measured on {ladder.size}×"
            f"{ladder.size} {'grey' if ladder.channels == 1 else 'RGB'} patches and is applied "
            "here to every one of the 2304×4096×3 values. Models that see whole photos, colour "
            f"and wider context do better (CIFAR-10's published figures: {cifar}), so the true share "
            f"is likely smaller still. Even so the typical set is {laion.scientific(3)} times "
            "LAION-5B: no dataset can list it; a model has to learn the rule."
        )


# -- credits ----------------------------------------------------------------------------------
def show_credits(fitted: Fitted) -> None:
    with st.expander("The photos: credits and licences", icon=":material/photo_library:"):
        held = set(fitted.test_photos)
        ui.table(
            ["Photo", "Author", "Licence", "Source", "On this view"],
            [
                [
                    f"{c.title} ({c.key}, {c.width}×{c.height} {c.mode})",
                    c.author,
                    c.licence,
                    f"{c.source}; {c.url}",
                    "held out" if c.key in held else "training",
                ]
                for c in pc.load_manifest()
            ],
        )
        st.caption("Every photo is CC0 or public domain (scikit-image's sample data).")


def show_method() -> None:
    with st.expander("How the scores are counted", icon=":material/functions:"):
        st.markdown(
            "- **Bits per dimension**: −log2 P(x) / D on held-out patches, D = side² × channels. "
            "It is the length of a lossless code for the patch, per 8-bit value: uniform noise "
            "costs exactly 8, and nothing can beat the data's entropy.\n"
            "- **Exact discrete likelihood** (uniform, independent pixels, autoregressive): the "
            "model gives a probability to every integer value 0..255 directly.\n"
            "- **Upper bound via uniform dequantisation** (Gaussian, mixture): a continuous density "
            "is scored on x + u, u uniform in [0, 1) per value, in closed form. By Jensen's "
            "inequality that costs at least as much as the discrete probability of the integers, so "
            "these two can only look worse than they are.\n"
            "- **Held out by photo**: test patches come only from photos no model trained on; "
            "patches of one photo resemble each other and would flatter every model.\n"
            "- **PNG**: " + dm.PNG_METHOD + "."
        )


def main() -> None:
    ui.setup_page("Memorise or model?")
    st.html(_PAGE_CSS)
    st.title("Memorise or model?")
    st.markdown(
        "A generative model is judged by the probability it gives to images it has **never seen**. "
        "It can try to memorise its training images, or it can learn what images have in common. "
        "Counting the cost in bits shows why only the second can work, and how far simple models get."
    )
    show_memorising()
    st.header("Modelling: a ladder of density models, fitted live")
    photos = shipped_photos()
    st.markdown(
        "A ladder of models, from knowing nothing to knowing how neighbouring pixels go together, is "
        f"fitted on patches cut from {len(photos)} photographs and scored on patches of *other* photos "
        "(the Gaussian mixture joins only up to 256 values per patch, where it fits in seconds). The score is "
        "bits per dimension: how many bits, per 8-bit value, a lossless code built from the model "
        "needs. Uniform noise costs 8."
    )
    settings = read_settings([p.credit.key for p in photos])
    fitted = fit(settings.size, settings.channels, settings.train, settings.seed, settings.holdout)
    st.caption(f"Fitted in {fitted.seconds:.2f} s on first request, then kept for every visitor.")
    show_ladder_chart(fitted)
    show_ladder_table(fitted)
    show_honest_note(fitted)
    show_samples(fitted)
    show_eigenvectors(fitted)
    show_effective_space(fitted)
    show_method()
    show_credits(fitted)


ui.run_page(main)
