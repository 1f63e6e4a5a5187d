"""The words beside "How thin are natural images?" on Random images: what the section means,
its tables' headers and rows, and its caption with the method in a footnote.

Plain strings from the studies' numbers (no Streamlit, no charts: those are
:mod:`lib.charts.thinness`, whose ``page_parts`` puts both together once per server).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np  # noqa: F401  (the doctests build their studies with it)

from lib import reference_figures as ref
from lib.intrinsic_dimension import PatchStudy, PrincipalVariances

MEANING = (
    "The images a model must cover live on a set with far fewer degrees of freedom than "
    "pixels, which is why learning is possible at all."
)
PUBLISHED_NOTE = f"Published, whole images: {ref.POPE_2021}; ranges over neighbour counts as summarised by {ref.POPE_2021_QUOTED_IN}."
#: One table of three short columns, our patches then the published whole images (it reads
#: whole on a 390 px phone): as two tables, on two column grids, they read as one table whose
#: header changed halfway (review 11, Sampling-6). "Lowest to highest" in words: joined by a
#: dash it was one 104-px word in a phone's ~95-px third column, one load in three.
STUDY_HEADERS = ["Images (values each)", "Intrinsic dimension, estimated", "Lowest to highest estimate"]
#: A range's dash, held to its numbers by word joiners: on a phone "30.8–" and "35.7" stood on
#: two lines.
RANGE_DASH = "\u2060–\u2060"


def study_rows(studies: Sequence[PatchStudy]) -> list[list[str]]:
    """One table row per study: what, its pixels, the median estimate and its spread.

    >>> s = PatchStudy("photos", 8, 100, (5, 10), np.array([[4.0, 5.0], [6.0, 5.5]]))
    >>> study_rows([s])
    [['photos 8×8 (64)', '5.2', '4.0\u2060–\u20606.0']]
    """
    return [
        [
            f"{s.kind} {s.size}×{s.size} ({s.ambient})",
            f"{s.median:.1f}",
            f"{s.low:.1f}{RANGE_DASH}{s.high:.1f}",
        ]
        for s in studies
    ]


def published_rows(records: Sequence[ref.PublishedDimension] = ref.INTRINSIC_DIMENSIONS) -> list[list[str]]:
    """One row per dataset under :data:`STUDY_HEADERS`: its whole images and their size, no
    estimate of ours ("—"), and the published range.

    >>> published_rows()[0]
    ['MNIST (784), published', '—', '7\u2060–\u206013']
    >>> published_rows()[-1]
    ['ImageNet, published', '—', '26\u2060–\u206043']
    """
    return [
        [
            r.dataset + ("" if r.values is None else f" ({r.values:,})") + ", published",
            "—",
            f"{r.low}{RANGE_DASH}{r.high}",
        ]
        for r in records
    ]


def study_caption(studies: Sequence[PatchStudy], variances: PrincipalVariances) -> str:
    """How the estimates were made, and why noise comes out below its true dimension.

    >>> s = PatchStudy("noise", 8, 100, (5, 10), np.array([[30.0, 28.0]]))
    >>> p = PrincipalVariances(np.array([9.0, 1.0]), np.ones(2))
    >>> study_caption([s], p).split("\\n\\n")[1][:57]
    '³ Each estimate uses a patch’s 5 to 10 nearest neighbours'
    """
    first = studies[0]
    noise = sorted({s.ambient for s in studies if s.kind == "noise"})
    return (
        "What to see: the photo patches need far fewer numbers to describe than their pixels, noise nearly "
        f"all of them; two directions alone hold {variances.photo_share(2):.0%} of how the photo patches vary "
        f"and {variances.noise_share(2):.0%} of how the noise varies. Noise truly has "
        f"{' and '.join(map(str, noise))} dimensions: with ~1,000 patches the estimate falls short of that "
        "(neighbours are not near enough in so many dimensions), and photos are measured with the same "
        "handicap, so the gap is real.³\n\n"
        f"³ Each estimate uses a patch’s {min(first.ks)} to {max(first.ks)} nearest neighbours (the "
        "Levina–Bickel maximum-likelihood estimate of intrinsic dimension, with MacKay–Ghahramani averaging), "
        f"{first.points:,} grey patches per random subset, {len(first.estimates)} subsets; the band and the "
        "lowest–highest range span every neighbour count and subset. The directions are each cloud's own "
        f"principal axes, largest first; how much they hold is variance. {PUBLISHED_NOTE}"
    )
