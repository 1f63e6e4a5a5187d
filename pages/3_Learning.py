"""Memorise or model? A ladder of density models fitted live, and a lookup table, in bits.

Deep links: ``?size=16&colour=rgb&seed=3&train=8000&holdout=camera&holdout=grass``.
The science is in :mod:`lib.density`, the charts in :mod:`lib.charts.learning`.
"""

from __future__ import annotations

import streamlit as st

from lib import density as dm
from lib import photo_corpus as pc
from lib import reference_figures as ref
from lib import ui
from lib.charts import learning as charts

SIZES, COLOURS = ("8", "16", "32"), ("grey", "rgb")
MIN_TRAIN, MAX_TRAIN, MAX_SEED = 500, 20_000, 2**32 - 1
#: The photos split_by_photo(photos, 0.25, rng=0) holds out, as bench/bench_learning.py does.
DEFAULT_HOLDOUT = dm.StudySettings().holdout
ROW_SAMPLES, TILE_PIXELS = 6, 64  # samples per model; screen pixels per patch (pixel repetition)
#: On a projector the ladder fills a box of 68% of the screen's height (plot ≥ 40% at 16:9).
_CHART_BOX_CSS = "<style>.st-key-ladder-chart { height: 68vh; flex: 0 0 auto; } .st-key-ladder-chart > div { height: 100%; }</style>"
_PAGE_CSS = '<style>[data-testid="stImage"] img { image-rendering: pixelated; }</style>'


def photo_keys() -> list[str]:
    return [p.credit.key if p.credit else p.name for p in ui.shipped_photos()]


@st.cache_resource(show_spinner=False, max_entries=64)
def specs(view: tuple, presenting: bool, _study: dm.Study) -> dict:
    """The charts, strips, cards and figures, built once per view and mode: a rerun sends the same bytes."""
    return charts.page_parts(_study, ROW_SAMPLES, TILE_PIXELS, presenting=presenting)


def read_settings(keys: list[str]) -> dm.StudySettings:
    size_box, colour_box, seed_box, train_box = st.columns(4, vertical_alignment="bottom")
    size = int(ui.choice_input("Patch side (pixels)", SIZES, "size", str(dm.DEFAULT_SIZE), size_box))
    channels = 1 if ui.choice_input("Colour", COLOURS, "colour", "grey", colour_box) == "grey" else 3
    seed, p1 = ui.whole_number_input("Seed", "seed", dm.DEFAULT_SEED, 0, MAX_SEED, seed_box)
    train, p2 = ui.whole_number_input(
        "Training patches", "train", dm.DEFAULT_TRAIN_PATCHES, MIN_TRAIN, MAX_TRAIN, train_box
    )
    size, train, limited = dm.limit_view(size, channels, train, MAX_TRAIN)
    p2 = ui.InputProblem("train", limited) if limited else p2
    holdout, p3 = read_holdout(keys)
    ui.show_problems([p1, p2, p3])
    return dm.StudySettings(size, channels, train, seed, holdout)


def read_holdout(keys: list[str]) -> tuple[tuple[str, ...], ui.InputProblem | None]:
    """Which whole photos the models never see, bound to ?holdout= (repeated for several)."""
    asked = st.query_params.get_all("holdout")  # before the widget, which drops names it lacks
    chooser, reset = st.columns([4, 1], vertical_alignment="bottom")
    # Seeded once, not given a default: "Back to the defaults" may then set it without Streamlit
    # logging that it was "created with a default value but also had its value set". The link
    # still wins. No format_func: a bound widget matches the URL against its labels.
    st.session_state.setdefault("holdout", list(DEFAULT_HOLDOUT))
    chosen = chooser.multiselect(
        "Photos held out for testing (never trained on)", keys, key="holdout", bind="query-params"
    )
    reset.button("Back to the defaults", on_click=back_to_defaults, icon=":material/undo:")
    if asked and not any(asked):  # ?holdout= (empty): the box keeps its photos, the link gets a message
        chosen = []
    holdout, message = dm.choose_holdout(chosen, asked, keys, DEFAULT_HOLDOUT)
    return holdout, ui.InputProblem("holdout", message) if message else None


def back_to_defaults() -> None:
    """Reset every input (a callback: runs before the rerun)."""
    d = dm.StudySettings()
    st.session_state.update(size=str(d.size), colour="grey", seed=str(d.seed), train=str(d.train))
    st.session_state.holdout = list(d.holdout)


def show_ladder(study: dm.Study, parts: dict, presenting: bool) -> None:
    if presenting:
        st.html(_CHART_BOX_CSS)
    with st.container(key="ladder-chart"):
        ui.chart(
            parts["ladder"],
            width="stretch",
            height="stretch" if presenting else "content",
            alt="Bits per dimension of every model on three sets of patches and of two codecs",
        )
    st.caption(
        "Each model is fitted on patches of some photos and scored on patches of *other* photos. What to "
        "see: the held-out cost (blue circles) falls from 8 bits/dim as models learn how neighbouring "
        "pixels go together, though not at every rung. " + study.computed_on()
    )
    st.markdown(dm.gaps(study.ladder).sentence())


def show_samples(study: dm.Study, parts: dict) -> None:
    """Models as rows; real patches on top, the uniform model's samples (noise) at the bottom."""
    rows = [(label, strip, f"{ROW_SAMPLES} patches: {label}") for label, strip in parts["samples"]]
    st.html(ui.pixel_rows_html(rows))  # one element: each is a render on every rerun
    st.caption(
        f"{ROW_SAMPLES} samples of each model (seed {study.ladder.seed}), lossless PNG, each pixel a block "
        f"of {max(1, TILE_PIXELS // study.ladder.size)}² screen pixels, never smoothed."
    )


def show_memorising(study: dm.Study, parts: dict) -> None:
    table = study.table
    st.markdown(  # the table's figures: lib.density.memorising; the heading in the same element
        "## Memorising: a lookup table\n\nThe simplest model stores its training images and gives each "
        f"probability 1/N; every other image gets **exactly zero**. On the {study.ladder.train_count:,} training patches above it costs "
        f"{table.train_bits_per_dim:.3f} bits/dim; of {study.ladder.test_count:,} held-out patches it "
        f"holds {table.hits:,} (flat patches of one value: {table.flat_hits:,}); every other one costs "
        "**∞ bits**. Stored at full size, whole datasets cost:"
    )
    st.html(parts["datasets"])
    st.caption("Raw 8-bit pixels, one byte per value, no compression. A share assumes every image distinct.")


def show_honest_note(study: dm.Study, parts: dict) -> None:
    found, heading = dm.inversions(study.ladder), "### Not a staircase at every rung\n\n"
    if not found:
        st.markdown(heading + "With these settings every rung beats the simpler ones on the held-out photos.")
        return
    st.markdown(
        heading
        + "On photos the models never saw, a richer model is not always cheaper:\n"
        + "\n".join(
            f"- **{later.name}** costs {later.bits_per_dim:.3f} bits/dim, more than **{earlier.name}** "
            f"({earlier.bits_per_dim:.3f}), though only {later.train_bits_per_dim:.3f} on its training patches."
            for later, earlier in found
        )
    )
    independent = study.ladder.rung("independent pixels")
    if independent.bits_per_dim > dm.RAW_BITS:
        st.markdown(
            f"The independent-pixel model is worse than uniform noise because **each photo has its own "
            f"histogram**: fitted on the held-out photos themselves it would cost {study.own_histogram_bits:.3f}. "
            "Levels common there but rare in training cost more than 8 bits each."
        )
    ui.chart(parts["histogram"], alt="How often each value 0 to 255 occurs in both sets")


def show_eigenvectors(study: dm.Study, parts: dict) -> None:
    st.subheader("What the Gaussian learned")
    shown = study.eigen_images.shape[0]
    png = ui.png_of(parts["eigen"])
    st.image(png, output_format="PNG", alt=f"The Gaussian's top {shown} principal components as patches")
    shares = ", ".join(f"top {k}: {100 * study.explained[k - 1]:.1f}%" for k in dict.fromkeys((1, 4, shown)))
    st.caption(
        f"Its top {shown} eigenvectors, largest variance first (mid-grey = 0, sign arbitrary): brightness, "
        f"then smooth waves of rising frequency. Share of the variance: {shares}."
    )


def show_effective_space(study: dm.Study, parts: dict) -> None:
    best, ladder = study.best, study.ladder
    patch, phone = parts["patch"], parts["phone"]  # HTML of the figures, built once per view
    st.markdown(
        "### How many images can the best model favour?\n\n"
        f"The best model here, **{best.name}**, codes held-out patches in b = {best.bits_per_dim:.3f} bits/dim. "
        "Probabilities add up to 1, so **at most $2^{b \\cdot D}$ images can each get probability "
        "$\\ge 2^{-b \\cdot D}$**. "
        f"b is measured on photos; the model's own samples cost it ≈ {best.entropy_bits_per_dim:.3f} "
        f"bits/dim (its entropy, estimated from {best.entropy_samples:,} samples)."
    )
    left, right = st.columns(2)
    ui.big_number(
        ui.Html(f"{ladder.size}×{ladder.size} patches with probability ≥ 2<sup>−b·D</sup>: at most"),
        patch["favoured"],
        ui.Html(f"of {patch['everything']}; rounding: {patch['rounding']}"),
        container=left,
    )
    ui.big_number(
        "Phone photos, the same way: at most (an extrapolation)",
        phone["favoured"],
        ui.Html(f"a share of {phone['fraction']}; rounding: {phone['rounding']}"),
        container=right,
    )


def show_published(parts: dict) -> None:
    with st.expander("Published records on CIFAR-10 (another dataset: whole 32×32 RGB images)"):
        ui.chart(parts["published"])
        st.caption(  # one element: each is a render on every rerun
            "\n\n".join(
                f"{r.model} ({r.year}): {r.bits_per_dim:.2f} bits/dim, {r.kind}. {r.citation}"
                for r in ref.CIFAR10_CHART
            )
        )


def show_footnotes(study: dm.Study) -> None:
    with st.expander("How the scores are counted", icon=":material/functions:"):
        st.markdown(dm.HOW_COUNTED)
    with st.expander("The photos: credits and licences", icon=":material/photo_library:"):
        lines = []
        for c in pc.load_manifest():
            side = "held out" if c.key in study.test_photos else "training"
            lines.append(f"**{c.title}** ({c.key}, {side}): {c.author}, {c.licence}. {c.source}; {c.url}")
        st.caption("\n\n".join(lines))  # one element: each is a render on every rerun


def main(presenting: bool) -> None:
    st.html(_PAGE_CSS)
    st.title("Memorise or model?")
    st.markdown(
        "**Bits per dimension** = −log₂ P(image) / number of 8-bit values: 8 = knows nothing about "
        "images; lower = structure learned."
    )
    picture = st.container()  # the ladder first, its inputs below it
    study = ui.fitted_study(read_settings(photo_keys()))
    parts = specs(study.key, presenting, study)  # one lookup a run: the view's built pieces
    with picture:
        show_ladder(study, parts, presenting)
    show_samples(study, parts)
    st.html(parts["rungs"])
    show_memorising(study, parts)
    show_honest_note(study, parts)
    show_eigenvectors(study, parts)
    show_effective_space(study, parts)
    show_published(parts)
    show_footnotes(study)


ui.run_page(main, "Memorise or model?")
