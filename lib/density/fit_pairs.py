"""Which values the autoregressive fit reads: the same for every seed, worked out once per shape.

The fit (:class:`~lib.density.autoregressive.AutoregressiveModel`) reads at most
``max_pairs`` (patch, position) pairs per weight set, drawn by a fixed seed, and its scale fit
reads at most a few thousand residuals per cell, taken in a fixed random order. Neither choice
looks at the patches: both follow from the patch shape and the number of training patches
alone. A visitor's new seed changes the patches, never the places read, so the places are
worked out once per shape and kept: drawing them and turning them into indices into the flat
patches took ~4 of the default view's ~13 ms of fitting CPU on every seed. The same indices
and the same order as before, so the same fit, bit for bit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lib.built_once import BuiltOnce
from lib.density.base import read_only

#: Layouts kept (the most recent), and the largest kept: 8×8 grey on 4,000 patches, the
#: default view, is 4.9 MiB (16×16 grey 6.9); 8×8 RGB on 2,666 patches 28.9 MiB, built on each
#: fit instead, where a fit takes several times longer anyway.
KEPT = 4
MAX_BYTES = 16 * 2**20


@dataclass(frozen=True)
class PairLayout:
    """Where each weight set's pairs sit in the training patches laid flat, and in which order
    the scale fit reads them (read-only arrays, shared by every fit of the shape)."""

    #: Per weight set: (pairs, context + 1) indices into the flat patches (row·D + column),
    #: each pair's context, then the value it predicts.
    gathers: tuple[np.ndarray, ...]
    #: A permutation of every pair of every set, set after set: the scale fit reads each
    #: cell's first residuals in this order.
    order: np.ndarray

    @property
    def nbytes(self) -> int:
        return sum(g.nbytes for g in self.gathers) + self.order.nbytes


def _small(layout: object) -> bool:
    return isinstance(layout, PairLayout) and layout.nbytes <= MAX_BYTES


_KEPT = BuiltOnce(KEPT, keep=_small)


def pair_layout(columns: Sequence[np.ndarray], dims: int, patches: int, max_pairs: int) -> PairLayout:
    """The pairs the fit reads for weight sets with these ``columns`` (per set: one row per
    member dimension, its context's dimensions, then itself), of ``patches`` patches of
    ``dims`` values: every (patch, member) pair where they number at most ``max_pairs``,
    else ``max_pairs`` of them drawn without replacement by ``default_rng(0)``, set after set
    (sorted); the scale fit's order is ``default_rng(1)``'s permutation of all of them.

    Kept by the columns themselves (their bytes), so two models of the same shape and
    neighbours share one layout, and any other model gets its own.

    Examples
    --------
    >>> columns = [np.array([[0]]), np.array([[0, 1], [1, 2]])]  # one set of 1 member, one of 2
    >>> layout = pair_layout(columns, 3, 2, 3)
    >>> [g.tolist() for g in layout.gathers][0], layout.gathers[1].shape, sorted(layout.order.tolist())
    ([[0], [3]], (3, 2), [0, 1, 2, 3, 4])
    >>> pair_layout(columns, 3, 2, 3) is layout
    True
    """
    key = (dims, patches, max_pairs, tuple(c.shape for c in columns), b"".join(c.tobytes() for c in columns))
    return _KEPT.get(key, lambda: _build(columns, dims, patches, max_pairs))


def _build(columns: Sequence[np.ndarray], dims: int, patches: int, max_pairs: int) -> PairLayout:
    picker = np.random.default_rng(0)  # fixed: the same data always gives the same model
    gathers = []
    for members in columns:
        pairs = patches * members.shape[0]
        pick = (
            np.sort(picker.choice(pairs, max_pairs, replace=False)) if pairs > max_pairs else np.arange(pairs)
        )
        rows, which = np.divmod(pick, members.shape[0])
        gathers.append(read_only((rows * dims)[:, None] + members[which]))
    order = np.random.default_rng(1).permutation(sum(g.shape[0] for g in gathers))
    return PairLayout(tuple(gathers), read_only(order))
