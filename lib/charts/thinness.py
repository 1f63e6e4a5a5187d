"""How thin natural images are, as Altair charts: a principal-component view and the
intrinsic-dimension estimates against k.

Pure functions from numbers to charts (no Streamlit); tests read them through
``chart.to_dict()``. ``presenting`` makes plots taller and type larger. Legends sit
below the plot, one entry per line, never truncated; titles are given as lines and never
clipped, so both read at 390 px and at 1920 px.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from lib.charts import NOISE, REAL, REFERENCE
from lib.intrinsic_dimension import PatchStudy, PcaProjection

PHOTO_LABEL, NOISE_LABEL = "photo patches", "uniform-noise patches"
#: At most this many points per cloud on the scatter (the payload stays small).
MAX_SCATTER_POINTS = 600


def _height(presenting: bool, normal: int) -> int:
    """Plot height in pixels: 1.6× on a projector, so larger type never squashes the plot."""
    return int(normal * 1.6) if presenting else normal


def _configured(chart, presenting: bool):
    """Shared type sizes; titles and labels never clipped (limit 0), legends below."""
    size = 18 if presenting else 12
    return (
        chart.configure_axis(labelFontSize=size, titleFontSize=size, titleLimit=0, labelLimit=0)
        .configure_legend(
            labelFontSize=size,
            titleFontSize=size,
            orient="bottom",
            direction="vertical",
            labelLimit=0,
            titleLimit=0,
        )
        .configure_title(fontSize=size + 2, subtitleFontSize=size, limit=0, anchor="start")
        .configure_view(strokeWidth=0)
    )


def pca_chart(projection: PcaProjection, patch_size: int, *, presenting: bool = False):
    """Photo and noise patches on the photos' first two principal axes, at one scale.

    Both axes share one domain, symmetric about 0, so a round cloud looks round: photos
    stretch along the first axis (a thin, structured cloud), noise is a small round
    ball. The subtitle gives the variance shares that make "thin" a number.

    >>> rng = np.random.default_rng(0)
    >>> from lib.intrinsic_dimension import pca_projection
    >>> p = pca_projection(rng.normal(size=(50, 4)) * [9, 1, 1, 1], rng.normal(size=(50, 4)))
    >>> spec = pca_chart(p, 2).to_dict()
    >>> spec["encoding"]["x"]["scale"]["domain"] == spec["encoding"]["y"]["scale"]["domain"]
    True
    >>> spec["encoding"]["color"]["scale"]["domain"]
    ['photo patches', 'uniform-noise patches']
    """
    frames = []
    for label, points in ((PHOTO_LABEL, projection.photo), (NOISE_LABEL, projection.noise)):
        step = max(1, -(-len(points) // MAX_SCATTER_POINTS))
        shown = points[::step]
        frames.append(pd.DataFrame({"axis 1": shown[:, 0], "axis 2": shown[:, 1], "patches": label}))
    frame = pd.concat(frames, ignore_index=True)
    reach = float(np.max(np.abs(frame[["axis 1", "axis 2"]].to_numpy()))) if len(frame) else 1.0
    reach = float(np.ceil(reach / 50.0) * 50.0) or 1.0
    scale = alt.Scale(domain=[-reach, reach], nice=False)
    pixels = patch_size * patch_size
    side = _height(presenting, 280)  # with its axis, fits a 390 px phone
    chart = (
        alt.Chart(frame)
        .mark_circle(size=30 if presenting else 14, opacity=0.55)
        .encode(
            x=alt.X("axis 1:Q", scale=scale, title="first principal axis of the photo patches"),
            y=alt.Y("axis 2:Q", scale=scale, title="second principal axis"),
            color=alt.Color(
                "patches:N",
                title=None,
                scale=alt.Scale(domain=[PHOTO_LABEL, NOISE_LABEL], range=[REAL, NOISE]),
            ),
            tooltip=["patches:N"],
        )
        .properties(
            width=side,
            height=side,
            autosize=alt.AutoSizeParams(type="pad", contains="padding"),  # the plot stays square
            padding={
                "left": 8,
                "right": 8,
                "top": 8,
                "bottom": 8,
            },  # the title's and the axis title's glyphs stay inside the SVG
            title=alt.TitleParams(
                [f"{patch_size}×{patch_size} grey patches ({pixels} pixels each), one shared scale"],
                subtitle=[
                    f"Two axes hold {projection.photo_share(2):.0%} of the photo patches' variance,",
                    f"{projection.noise_share(2):.0%} of the noise's (noise spreads evenly over all {pixels}).",
                ],
            ),
        )
    )
    return _configured(chart, presenting)


def dimension_chart(
    studies: Sequence[PatchStudy],
    published: Sequence[tuple[str, int, float]] = (),
    *,
    presenting: bool = False,
):
    """Intrinsic-dimension estimates against k: our patches, and published datasets beside.

    Left: for each study a line (median over the random subsets) and a band (their
    min–max), photos in blue and noise in vermilion, patch size by dash; each legend
    entry states the true ambient dimension. Right (only if ``published`` is given): the
    published estimates as labelled points, ``(dataset, k, value)``, on the same y scale.

    >>> from lib.intrinsic_dimension import PatchStudy
    >>> s = PatchStudy("noise", 8, 100, (5, 10), np.array([[30.0, 28.0], [32.0, 29.0]]))
    >>> spec = dimension_chart([s]).to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['area', 'line']
    >>> "hconcat" in dimension_chart([s], [("CIFAR-10", 5, 21.0)]).to_dict()
    True
    """
    if not studies:
        raise ValueError("give at least one study to chart")
    rows = []
    for study in studies:
        median, low, high = study.by_k()
        what = "photo patches" if study.kind == "photos" else "uniform noise"
        name = f"{what}, {study.size}×{study.size} ({study.ambient} dimensions)"
        for k, m, lo, hi in zip(study.ks, median, low, high):
            rows.append({"k": k, "estimate": m, "low": lo, "high": hi, "series": name, "size": study.size})
    frame = pd.DataFrame(rows)
    series = list(dict.fromkeys(frame["series"]))
    colours = [REAL if s.startswith("photo") else NOISE for s in series]
    smallest = int(frame["size"].min())
    sizes = frame.drop_duplicates("series").set_index("series")["size"]
    dashes = [[1, 0] if sizes[s] == smallest else [6, 3] for s in series]  # larger patches dashed
    colour = alt.Color("series:N", title=None, scale=alt.Scale(domain=series, range=colours))
    dash = alt.StrokeDash("series:N", title=None, scale=alt.Scale(domain=series, range=dashes))
    top = float(max(frame["high"].max(), max((v for _, _, v in published), default=0.0)))
    y_scale = alt.Scale(domain=[0, float(np.ceil(top / 10.0) * 10.0)])
    x = alt.X("k:Q", title="neighbours k", scale=alt.Scale(zero=False), axis=alt.Axis(tickMinStep=1))
    band = (
        alt.Chart(frame)
        .mark_area(opacity=0.2)
        .encode(
            x=x,
            y=alt.Y("low:Q", scale=y_scale, title="estimated intrinsic dimension"),
            y2="high:Q",
            color=colour,
        )
    )
    line = (
        alt.Chart(frame)
        .mark_line(point=True, strokeWidth=3 if presenting else 2)
        .encode(
            x=x,
            y=alt.Y("estimate:Q", scale=y_scale),
            color=colour,
            strokeDash=dash,
            tooltip=[
                "series:N",
                "k:Q",
                alt.Tooltip("estimate:Q", format=".1f", title="median over subsets"),
                alt.Tooltip("low:Q", format=".1f", title="lowest subset"),
                alt.Tooltip("high:Q", format=".1f", title="highest subset"),
            ],
        )
    )
    ours = (band + line).properties(
        height=_height(presenting, 300),
        title=alt.TitleParams(
            ["Our patches: Levina–Bickel estimate against k"],
            subtitle=["line: median over random subsets; band: their range"],
        ),
    )
    if not published:
        # Width follows the container, height stays the plot's: Streamlit's default ("fit")
        # squeezes the legend and titles into the height and the plot collapses.
        return _configured(
            ours.properties(
                autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
                padding={"left": 8, "right": 8, "top": 8, "bottom": 8},
            ),
            presenting,
        )
    reference = pd.DataFrame(published, columns=["dataset", "k", "estimate"])
    base = alt.Chart(reference).encode(
        x=alt.X("k:Q", title="neighbours k", scale=alt.Scale(zero=False), axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("estimate:Q", scale=y_scale, title="published estimate"),
    )
    marks = base.mark_line(point=True, color=REFERENCE).encode(
        detail="dataset:N", tooltip=["dataset:N", "k:Q", alt.Tooltip("estimate:Q", format=".0f")]
    )
    last = reference.loc[reference.groupby("dataset")["k"].idxmax()]
    labels = (
        alt.Chart(last)
        .mark_text(align="left", dx=6, fontSize=16 if presenting else 11, color="#333333")
        .encode(x="k:Q", y=alt.Y("estimate:Q", scale=y_scale), text="dataset:N")
    )
    theirs = (marks + labels).properties(
        height=_height(presenting, 300),
        title=alt.TitleParams(["Published: whole images of datasets"], subtitle=["Pope et al., ICLR 2021"]),
    )
    panels = alt.hconcat(ours.properties(width=360), theirs.properties(width=240)).resolve_scale(y="shared")
    # Natural size (Streamlit cannot fit a concatenation; "fit" would squash the plots).
    return _configured(
        panels.properties(autosize=alt.AutoSizeParams(type="pad", contains="padding")), presenting
    )


# -- the words beside the charts (plain strings for the Sampling page) ------------------------
MEANING = (
    "The images a model must cover live on a set with far fewer degrees of freedom than "
    "pixels, which is why learning is possible at all."
)
#: Pope et al.'s table is not quoted: its values could not be checked against the paper here.
PUBLISHED_NOTE = (
    "Whole images of datasets are thin too: Pope et al., “The Intrinsic Dimension of Images and "
    "Its Impact on Learning” (ICLR 2021), report intrinsic dimensions in the tens for "
    "ImageNet-scale images."
)
#: Three short columns: the table reads whole on a 390 px phone.
STUDY_HEADERS = ["Patches (pixels)", "Intrinsic dimension, estimated", "Range over k and subsets"]


def study_rows(studies: Sequence[PatchStudy]) -> list[list[str]]:
    """One table row per study: what, its pixels, the median estimate and its spread.

    >>> s = PatchStudy("photos", 8, 100, (5, 10), np.array([[4.0, 5.0], [6.0, 5.5]]))
    >>> study_rows([s])
    [['photos 8×8 (64)', '5.2', '4.0–6.0']]
    """
    return [
        [f"{s.kind} {s.size}×{s.size} ({s.ambient})", f"{s.median:.1f}", f"{s.low:.1f}–{s.high:.1f}"]
        for s in studies
    ]


def study_caption(studies: Sequence[PatchStudy], projection: PcaProjection) -> str:
    """How the estimates were made, and why noise comes out below its true dimension.

    >>> s = PatchStudy("noise", 8, 100, (5, 10), np.array([[30.0, 28.0]]))
    >>> p = PcaProjection(np.zeros((2, 2)), np.zeros((2, 2)), np.array([9.0, 1.0]), np.ones(2))
    >>> study_caption([s], p)[:41]
    'Levina–Bickel maximum-likelihood estimate'
    """
    first = studies[0]
    noise = sorted({s.ambient for s in studies if s.kind == "noise"})
    return (
        f"Levina–Bickel maximum-likelihood estimate on k = {min(first.ks)}…{max(first.ks)} nearest "
        f"neighbours (MacKay–Ghahramani averaging), {first.points:,} grey patches per random subset, "
        f"{len(first.estimates)} subsets. Noise truly has {' and '.join(map(str, noise))} dimensions: "
        "with ~1,000 points the estimator falls short of that (neighbours are not near enough in "
        "so many dimensions), and photos are measured with the same handicap, so the gap is "
        f"real. Two principal axes hold {projection.photo_share(2):.0%} of the photo patches' "
        f"variance and {projection.noise_share(2):.0%} of the noise's. {PUBLISHED_NOTE}"
    )
