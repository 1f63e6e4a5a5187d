"""Memorising as a density model: a lookup table of the training patches, scored in bits.

The table's probability for a patch is the share of training patches identical to it:
``P(x) = copies(x) / N``. Every other patch gets probability exactly zero, so on
anything new it costs infinitely many bits: the largest possible gap between training
and held-out cost.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lib.big_numbers import Magnitude
from lib.density.base import check_patches
from lib.reference_figures import Reference
from lib.validation import check_whole_number


@dataclass(frozen=True)
class LookupTable:
    """How the lookup table of ``train`` scores its own patches and a held-out set."""

    train_bits_per_dim: float  # exact: Σ copies·log2(N/copies) / (N·D)
    hits: int  # held-out patches found verbatim among the training patches
    flat_hits: int  # ... of which a single value repeated (flat sky, black space)
    misses: int  # held-out patches it gives probability 0: infinitely many bits each
    stored_values: int  # N·D: what the table keeps


def lookup_table(train: np.ndarray, test: np.ndarray) -> LookupTable:
    """Score the table that memorises ``train`` (uint8, shape (N, D)) on ``train`` and ``test``.

    Its training cost is exact: a patch with ``c`` copies costs ``log2(N/c)`` bits. A
    held-out patch costs the same if it is among the stored ones (``hits``) and is
    impossible otherwise (``misses``): its held-out bits/dim are infinite unless every
    held-out patch is a hit.

    Examples
    --------
    >>> train = np.array([[0, 0], [0, 0], [1, 2], [3, 4]], np.uint8)
    >>> table = lookup_table(train, np.array([[0, 0], [9, 9], [3, 4]], np.uint8))
    >>> table.train_bits_per_dim, table.hits, table.flat_hits, table.misses
    (0.75, 2, 1, 1)
    """
    if not isinstance(train, np.ndarray) or train.ndim != 2:
        raise ValueError("training patches must be a 2-D uint8 array of shape (N, D)")
    train = check_patches(train, train.shape[1], "training patches")
    test = check_patches(test, train.shape[1], "test patches", min_rows=0)
    n, dims = train.shape
    # Every distinct patch of both sets gets a number (one sort of the rows as byte strings,
    # not a Python loop over thousands of patches): the table is the training patches' numbers.
    rows = np.ascontiguousarray(np.concatenate([train, test])).view(np.dtype((np.void, dims))).ravel()
    _, which = np.unique(rows, return_inverse=True)
    counts = np.bincount(which[:n])
    copies = counts[counts > 0].astype(np.float64)
    bits = math.fsum(copies * (math.log2(n) - np.log2(copies)))
    found = which[n:] < counts.size
    found[found] = counts[which[n:][found]] > 0
    hits = test[found]
    flat = int(np.count_nonzero(hits.min(axis=1) == hits.max(axis=1))) if hits.size else 0
    return LookupTable(bits / n / dims, hits.shape[0], flat, test.shape[0] - hits.shape[0], n * dims)


@dataclass(frozen=True)
class StoredDataset:
    """What a lookup table of a whole dataset costs, and how little of the space it holds."""

    name: str
    images: int  # as counted by the dataset's source
    width: int
    height: int
    channels: int
    stored_bytes: int  # one byte per 8-bit value, no compression, no index
    share: Magnitude  # images / 256^(w·h·c), if every image were distinct
    #: Is ``images`` an exact count (1,281,167), not a rounded one (5.85·10^9) or an
    #: estimate? Only then is ``stored_bytes`` exact to the byte, and worth printing so.
    exact: bool = True

    @property
    def values(self) -> int:
        return self.width * self.height * self.channels


def stored_dataset(dataset: Reference, width: int, height: int, channels: int = 3) -> StoredDataset:
    """The raw size of ``dataset`` as ``width × height × channels`` 8-bit images, exactly.

    Examples
    --------
    >>> from lib.reference_figures import IMAGENET_1K
    >>> table = stored_dataset(IMAGENET_1K, 224, 224)
    >>> table.stored_bytes == 1_281_167 * 224 * 224 * 3, table.share.log10_sign(), table.exact
    (True, -1, True)
    >>> from lib.reference_figures import LAION_5B
    >>> stored_dataset(LAION_5B, 224, 224).exact  # 5.85e9: a count rounded to 3 digits
    False
    """
    width = check_whole_number(width, "width", 1, 1 << 20)
    height = check_whole_number(height, "height", 1, 1 << 20)
    channels = check_whole_number(channels, "channels", 1, 4)
    images = dataset.magnitude.exact_int()
    values = width * height * channels
    share = dataset.magnitude / Magnitude.power(2, 8 * values)
    exact = not dataset.estimate and "e" not in dataset.value.lower()
    return StoredDataset(dataset.name, images, width, height, channels, images * values, share, exact)


def human_bytes(n: int) -> str:
    """A byte count in decimal units, rounded to 3 significant digits and marked ≈.

    Examples
    --------
    >>> human_bytes(3 * 10**15 + 1), human_bytes(999)
    ('≈ 3 PB', '999 bytes')
    """
    for unit, size in (("EB", 10**18), ("PB", 10**15), ("TB", 10**12), ("GB", 10**9), ("MB", 10**6)):
        if n >= size:
            return f"≈ {n / size:.3g} {unit}"
    return f"{n:,} bytes"
