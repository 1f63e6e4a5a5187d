"""The autoregressive rung: each value predicted from the values already seen (PixelCNN's ancestor).

An exact discrete likelihood: every conditional is a discretised logistic on 0..255.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lib.density.abandon import checkpoint
from lib.density.base import EXACT_DISCRETE, LEVELS, LN2, DensityModel, check_patches
from lib.density.fit_pairs import pair_layout
from lib.density.logistic import (
    centred_log_pmf,
    discretised_logistic_pmf,
    fit_logistic_scales,
    logistic_bin_width,
    moment_scales,
)
from lib.density.whole_numbers import least_squares, small_int_quantiles
from lib.validation import check_whole_number


class AutoregressiveModel(DensityModel):
    """Each value predicted from the values already seen: the ancestor of PixelCNN.

    In raster order (the dimension order of the patch), value ``x_d`` gets a linear
    least-squares prediction ``μ_d`` from its causal neighbours: all channels of the
    pixels at ``neighbours`` (row, column offsets; default left, up-left, up, up-right)
    and the earlier channels of the same pixel. As in a convolution, the weights are
    shared by every position that sees the same neighbours (the interior, the top row,
    the left and right columns, the first pixel: one set each per channel), so the
    model's size does not grow with the patch. The residual is a discretised logistic
    (:func:`~lib.density.logistic.discretised_logistic_log_pmf`) whose scale is fitted by maximum likelihood;
    with ``scale_classes > 1`` the scale also depends on how much the neighbours
    disagree (flat areas are predicted sharply, edges loosely): one scale per activity
    class, the classes set by quantiles of the training activity.

    ``P(x) = Π_d P(x_d | earlier values)`` is an exact discrete likelihood: every
    conditional is a proper distribution on 0..255 (:meth:`conditional_pmf` returns it).
    Sampling runs dimension by dimension, vectorised across the samples. Fitting uses at
    most ``max_pairs`` (patch, position) pairs per weight set, drawn by a fixed internal
    seed, so the fit is deterministic and its cost does not grow with the patch size.
    """

    name = "autoregressive"
    likelihood = EXACT_DISCRETE

    #: left, up-left, up, up-right: the causal neighbours of a raster scan.
    DEFAULT_NEIGHBOURS: tuple[tuple[int, int], ...] = ((0, -1), (-1, -1), (-1, 0), (-1, 1))
    #: The narrowest and widest residual allowed (grey levels): a value seen constant in
    #: training still costs finite bits when it moves in test.
    MIN_SCALE = 0.05
    MAX_SCALE = 1000.0
    #: Residuals per (group, class) cell the scale fit reads at most.
    SCALE_FIT_VALUES = 4000
    #: Values of one group's arrays the scores hold per block of patches (a block has as many
    #: patches as its largest group allows): each of the dozen arrays of a block's discretised
    #: logistic, 320 kB, then stays in a core's 1 MB cache. Blocks of 2,000,000 context values
    #: held the default view's three sets whole (1.3 MB arrays): its three scores 19.4 -> 11.1 ms
    #: of CPU in a fresh process (20 alternated runs, load ~6); 16×16 RGB 74 -> 77 ms, 32×32 RGB
    #: 277 -> 267, 32×32 grey 85 -> 75 (5 runs each).
    SCORED_AT_ONCE = 40_000

    def __init__(
        self,
        size: int,
        channels: int,
        neighbours: Sequence[tuple[int, int]] = DEFAULT_NEIGHBOURS,
        scale_classes: int = 4,
        max_pairs: int = 50_000,
        min_class_count: int = 50,
    ) -> None:
        super().__init__(size, channels)
        checked = []
        for offset in neighbours:
            try:
                dr, dc = (int(v) for v in offset)
            except (TypeError, ValueError) as error:
                raise ValueError(f"a neighbour is a (row, column) offset, got {offset!r}") from error
            if not (dr < 0 or (dr == 0 and dc < 0)):
                raise ValueError(
                    f"neighbour {offset!r} is not causal: it must lie above, or to the left "
                    "on the same row, so it is seen before the pixel it predicts"
                )
            checked.append((dr, dc))
        if not checked:
            raise ValueError("give at least one neighbour offset")
        self.neighbours = tuple(dict.fromkeys(checked))
        self.scale_classes = check_whole_number(scale_classes, "scale classes", 1, 16)
        self.max_pairs = check_whole_number(max_pairs, "maximum pairs", 100, 10**7)
        self.min_class_count = check_whole_number(min_class_count, "minimum class count", 1, 10**7)
        self._build_groups()
        self.weights: list[np.ndarray] = []  # per group: weights over its context, then intercept
        self.class_edges: list[np.ndarray] = []  # per group: activity thresholds (classes - 1 or none)
        self.scales: list[np.ndarray] = []  # per group: one scale per class
        self._by_spread: list[np.ndarray] = []  # per group: its scale by the neighbours' spread

    def _build_groups(self) -> None:
        """Group the dimensions by (channel, which neighbours exist): one weight set per group."""
        s, c = self.size, self.channels
        groups: dict[tuple, list[tuple[int, list[int], list[int]]]] = {}
        for d in range(self.dims):
            pixel, ch = divmod(d, c)
            row, col = divmod(pixel, s)
            present: list[tuple[int, int]] = []
            seen: list[int] = []
            same: list[int] = []
            for dr, dc in self.neighbours:
                r, q = row + dr, col + dc
                if 0 <= r < s and 0 <= q < s:
                    present.append((dr, dc))
                    base = (r * s + q) * c
                    seen.extend(range(base, base + c))
                    same.append(base + ch)
            seen.extend(range(pixel * c, pixel * c + ch))
            groups.setdefault((ch, tuple(present)), []).append((d, seen, same))
        self.group_keys = list(groups)
        self._dims: list[np.ndarray] = []  # per group: its dimensions
        self._context: list[np.ndarray] = []  # per group: (dims, features) indices, one row per dim
        self._same: list[np.ndarray] = []  # per group: (dims, k) same-channel neighbours (k may be 0)
        self._group_of = np.empty(self.dims, dtype=np.int64)
        self._row_of = np.empty(self.dims, dtype=np.int64)
        self._same_at: list[np.ndarray] = []  # per group: where the same-channel neighbours sit in a context
        for g, key in enumerate(self.group_keys):
            members = groups[key]
            self._dims.append(np.array([m[0] for m in members], dtype=np.int64))
            self._context.append(np.array([m[1] for m in members], dtype=np.int64).reshape(len(members), -1))
            self._same.append(np.array([m[2] for m in members], dtype=np.int64).reshape(len(members), -1))
            # The same places for every member: the neighbours' channels in order, then the pixel's own.
            self._same_at.append(np.array([members[0][1].index(v) for v in members[0][2]], dtype=np.int64))
            for j, m in enumerate(members):
                self._group_of[m[0]], self._row_of[m[0]] = g, j
        # per group: (dims, features + 1) indices, each member's context and then itself
        self._columns = [
            np.hstack([ctx, dims[:, None]]) for ctx, dims in zip(self._context, self._dims, strict=True)
        ]

    def _min_train(self) -> int:
        return 2

    # pieces shared by fitting, scoring and sampling -------------------------------------
    def _classed(self, g: int) -> bool:
        """Activity classes need two neighbours that can disagree."""
        return self.scale_classes > 1 and self._same[g].shape[1] >= 2

    @staticmethod
    def _range(values: np.ndarray) -> np.ndarray:
        """Spread of the neighbours (last axis, a few uint8 values): 0 where they agree, a
        whole number of grey levels 0..255, kept as uint8 (it indexes :meth:`_class_table`).

        Taken pairwise along that short axis: numpy's max and min over an axis of 2–4
        reduce each row separately, several times slower on the scores' 256,000 rows.
        """
        top = bottom = values[..., 0]
        for i in range(1, values.shape[-1]):
            top, bottom = np.maximum(top, values[..., i]), np.minimum(bottom, values[..., i])
        return top - bottom

    def _predict_columns(self, g: int, patches: np.ndarray) -> np.ndarray:
        """:meth:`_predict` of every member of group ``g`` in ``patches``, one context column at
        a time: no (patches × members × context) float64 copy to build (the scores' largest
        cost after the logistic itself); the same sums, to round-off. Each column is taken with
        np.take and weighted into one array kept for all of them: a quarter less time than
        indexing each column and weighting it into a new array, the same numbers."""
        w = self.weights[g]
        mean = np.full((patches.shape[0], self._dims[g].size), w[-1])
        term = np.empty_like(mean)
        for i in range(self._context[g].shape[1]):
            mean += np.multiply(np.take(patches, self._context[g][:, i], axis=1), w[i], out=term)
        return mean

    @staticmethod
    def _class_table(edges: np.ndarray) -> np.ndarray:
        """The activity class of every spread 0..255: how many of the (ascending) class edges
        lie below it. A spread is a whole number of grey levels, so a value's class is one
        lookup in this table (the same classes as a binary search per value, several times
        faster on the scores' 256,000 values).

        >>> AutoregressiveModel._class_table(np.array([2.0, 2.5, 9.0]))[[0, 2, 3, 9, 10, 255]].tolist()
        [0, 0, 2, 2, 3, 3]
        """
        return np.searchsorted(edges, np.arange(LEVELS, dtype=np.float64), side="left")

    def _spread_scales(self, g: int) -> np.ndarray:
        """Group ``g``'s scale for every spread 0..255 of the neighbours (its class's,
        :meth:`_class_table`), or its one scale (an array of one) where it has no classes."""
        if not self._classed(g):
            return self.scales[g][:1]
        return self.scales[g][self._class_table(self.class_edges[g])]

    def _dim_terms(self, d: int, patches: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The predicted mean of dimension ``d`` in each of ``patches`` and its scale (one per
        patch, or one for all where the group has no classes): what sampling and
        :meth:`conditional_pmf` ask for, one dimension at a time. The scales by spread are
        made once per fit (``_by_spread``): a class table made for every dimension, and the
        calls around it, took a ladder's 1,016 samples (its own entropy's and those shown)
        3.3 ms of CPU instead of 2.6, the same samples bit for bit."""
        g, j = self._group_of[d], self._row_of[d]
        w = self.weights[g]
        # Shaped (patches, 1, context), as sampling always had it: numpy sums a (patches,
        # context) product in another order, and the samples shown would move by round-off.
        mean = (patches[:, self._context[g][j : j + 1]].astype(np.float64) @ w[:-1] + w[-1])[:, 0]
        scales = self._by_spread[g]
        return mean, scales if scales.size == 1 else scales[self._range(patches[:, self._same[g][j]])]

    # fitting ------------------------------------------------------------------------
    def _fit(self, train: np.ndarray) -> None:
        values, means, cells = [], [], []
        self.weights, self.class_edges = [], []
        k = self.scale_classes
        # Which pairs each group reads, and where (the same for every seed: lib.density.fit_pairs).
        layout = pair_layout(self._columns, self.dims, train.shape[0], self.max_pairs)
        # Gathered from the patches laid flat, one index per value (row·D + column): numpy's
        # two-index gather of the same values took ~1.5x as long (2.9 against 2.2 ms a fit).
        flat = np.ascontiguousarray(train).reshape(-1)
        for g in range(len(self.group_keys)):
            checkpoint()
            # One gather per group: each pair's context, then its value (whole numbers 0..255).
            block = flat[layout.gathers[g]]
            wide = block.astype(np.float64)
            w = least_squares(wide)
            self.weights.append(w)
            if self._classed(g):
                activity = self._range(block[:, self._same_at[g]])
                edges = small_int_quantiles(activity, np.arange(1, k) / k)
                self.class_edges.append(edges)
                cls = self._class_table(edges)[activity]
            else:
                self.class_edges.append(np.zeros(0))
                cls = np.zeros(block.shape[0], dtype=np.int64)
            values.append(wide[:, -1])
            means.append(wide[:, :-1] @ w[:-1] + w[-1])
            cells.append(cls + g * k)  # the (group, class) cell
        self.scales = self._fit_scales(
            np.concatenate(values), np.concatenate(means), np.concatenate(cells), layout.order
        )
        self._by_spread = [self._spread_scales(g) for g in range(len(self.group_keys))]

    def _fit_scales(
        self, values: np.ndarray, means: np.ndarray, cell: np.ndarray, order: np.ndarray
    ) -> list[np.ndarray]:
        """Maximum-likelihood scale for every (group, class) cell at once
        (:func:`~lib.density.logistic.fit_logistic_scales`: Newton's method on a convex cost,
        to the last digits). A cell with fewer than ``min_class_count`` values takes its
        group's moment estimate (:func:`~lib.density.logistic.moment_scales`) instead. The fit reads at most
        :attr:`SCALE_FIT_VALUES` values of each cell (a fixed random choice): a scale
        estimated from thousands of residuals is already within ~2% of the one all of them
        would give, and each Newton step reads every value. ``order`` is the fixed random order
        in which a cell's first values are taken (:class:`~lib.density.fit_pairs.PairLayout`).
        """
        k, cells = self.scale_classes, len(self.group_keys) * self.scale_classes
        counts = np.bincount(cell, minlength=cells)
        thin = counts.reshape(-1, k) < self.min_class_count
        # The moment estimate only of the groups with a thin cell, from their own values,
        # which lie together (group after group): the same sums as over every value, on the
        # default view 32,000 of 138,000 (the two groups without classes, whose unused cells
        # are thin), 0.9 -> 0.3 ms.
        sizes = counts.reshape(-1, k).sum(axis=1)
        starts = np.cumsum(sizes) - sizes
        moment = np.zeros(len(self.group_keys))
        for g in np.flatnonzero(thin.any(axis=1)):
            part = slice(starts[g], starts[g] + sizes[g])
            moment[g] = moment_scales(values[part] - means[part], np.zeros(sizes[g], np.int64), 1)[0]
        moment = np.clip(moment, self.MIN_SCALE, self.MAX_SCALE)
        kept = _first_per_cell(cell, cells, self.SCALE_FIT_VALUES, order)
        values, means, cell = values[kept], means[kept], cell[kept]
        best, _ = fit_logistic_scales(
            values - means,
            values <= 0,
            values >= LEVELS - 1,
            cell,
            cells,
            self.MIN_SCALE,
            self.MAX_SCALE,
            each_step=checkpoint,
        )
        scales = best.reshape(-1, k)
        scales = np.where(thin, moment[:, None], scales)
        return [scales[g] for g in range(len(self.group_keys))]

    # scoring and sampling ---------------------------------------------------------------
    def _patch_bits(self, patches: np.ndarray) -> np.ndarray:
        total = np.zeros(patches.shape[0])
        # Patches in blocks whose arrays stay in a core's cache (:attr:`SCORED_AT_ONCE`).
        step = max(1, self.SCORED_AT_ONCE // max(dims.size for dims in self._dims))
        # A group has a few scales (one per class): 1/scale and the bins' width term are taken
        # once per class, not once per value (the same numbers, bit for bit), and looked up
        # by each value's spread of neighbours directly (:meth:`_class_table`).
        inverse, width = [], []
        for g, scales in enumerate(self.scales):
            each = 1.0 / scales  # by class; by spread where the group has classes
            table = self._class_table(self.class_edges[g]) if self._classed(g) else slice(None)
            inverse.append(each[table])
            width.append(logistic_bin_width(each)[table])
        for start in range(0, patches.shape[0], step):
            rows = slice(start, start + step)
            for g in range(len(self.group_keys)):
                checkpoint()
                block = patches[rows]
                values = block[..., self._dims[g]]
                mean = self._predict_columns(g, block)
                spread = self._range(block[..., self._same[g]]) if self._classed(g) else 0
                # The residual written over the predicted means, and np.take of the 256-entry
                # tables (half the time of indexing them): the same numbers.
                log_pmf = centred_log_pmf(
                    np.subtract(values, mean, out=mean),
                    np.take(inverse[g], spread),
                    np.take(width[g], spread),
                    values <= 0,
                    values >= LEVELS - 1,
                )
                total[rows] -= log_pmf.sum(axis=1)
        return total / LN2

    def conditional_pmf(self, patches: np.ndarray, dim: int) -> np.ndarray:
        """P(x_dim = v | the earlier values of each patch), v = 0..255: shape (N, 256), rows sum to 1.

        Only the values before ``dim`` (in raster order) are read, as the model promises.
        """
        self._require_fitted()
        patches = check_patches(patches, self.dims)
        dim = check_whole_number(dim, "dimension", 0, self.dims - 1)
        mean, scale = self._dim_terms(dim, patches)
        return discretised_logistic_pmf(mean, np.broadcast_to(scale, mean.shape))

    def _sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        out = np.zeros((n, self.dims), dtype=np.uint8)
        for d in range(self.dims):
            checkpoint()
            mean, scale = self._dim_terms(d, out)
            draw = rng.logistic(0.0, 1.0, size=n) * scale + mean
            out[:, d] = np.clip(np.rint(draw), 0, LEVELS - 1)  # rounding is the discretisation
        return out

    def parameter_count(self) -> int:
        return (
            sum(w.size for w in self.weights)
            + sum(s.size for s in self.scales)
            + sum(e.size for e in self.class_edges)
        )

    def describe(self) -> str:
        names = {(0, -1): "left", (-1, -1): "up-left", (-1, 0): "up", (-1, 1): "up-right"}
        where = ", ".join(names.get(o, f"{o}") for o in self.neighbours)
        extra = " and the earlier colours of the same pixel" if self.channels > 1 else ""
        spread = (
            f"; how wide the noise is depends on how much the neighbours disagree "
            f"({self.scale_classes} classes: sharp in flat areas, loose at edges)"
            if self.scale_classes > 1
            else ""
        )
        return (
            f"Autoregressive: each value is a weighted sum of the ones already seen ({where}{extra}), "
            "the same weights at every position, plus noise: a logistic rounded to 0..255 with the "
            f"tails on the edge values{spread}. The ancestor of PixelCNN. "
            f"{EXACT_DISCRETE.capitalize()}: the probability of every integer is computed, and "
            "samples are drawn one value at a time."
        )


def _first_per_cell(cell: np.ndarray, cells: int, cap: int, order: np.ndarray) -> np.ndarray:
    """Indices of the first ``cap`` entries of each cell in ``order`` (a permutation of the
    entries, fixed and random: a fair choice), sorted.

    >>> kept = _first_per_cell(np.array([0, 0, 0, 1, 1, 2]), 3, 2, np.array([2, 5, 0, 4, 1, 3]))
    >>> kept.tolist()
    [0, 2, 3, 4, 5]
    """
    # A stable sort has one answer: on 16-bit keys numpy's is a radix sort, twice as fast.
    keys = cell[order].astype(np.int16) if cells <= np.iinfo(np.int16).max else cell[order]
    by_cell = order[np.argsort(keys, kind="stable")]
    counts = np.bincount(cell, minlength=cells)
    rank = np.arange(cell.size) - np.repeat(np.cumsum(counts) - counts, counts)
    return np.sort(by_cell[rank < cap])
