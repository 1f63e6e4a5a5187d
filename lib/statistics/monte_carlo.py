"""The honest experiment: draw uniform-noise images and measure each one's neighbour correlation.

It can only show what is likely (no draw comes close to a photograph's correlation), which
is why the rigorous bound of :mod:`lib.statistics.noise_bound` stands beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lib.statistics._batch import CHUNK, as_batch
from lib.statistics.correlation import neighbour_correlations, pair_correlations
from lib.statistics.noise_bound import Statistic, check_noise_setup
from lib.validation import check_whole_number
from lib.work_budget import WorkBudget

_MC_STREAM = 0x6D6F6E7465  # "monte"
#: The most noise bytes one experiment may draw: refuse beyond (a page budgets far lower).
MAX_EXPERIMENT_BYTES = 2**31
#: The most noise one view's experiment draws (~0.4 s on a quiet 2-core machine): a link
#: asking for more gets fewer draws and a message.
VIEW_BYTES = 32 * 2**20
#: What every visitor's new experiments together may draw: 4 views' worth at once, one
#: more every 8 seconds (cached experiments, the default included, cost nothing).
SERVER_BUDGET = WorkBudget(capacity=4 * VIEW_BYTES, per_second=VIEW_BYTES / 8)


def affordable_draws(height: int, width: int, channels: int, draws: int, max_bytes: int = VIEW_BYTES) -> int:
    """``draws``, or fewer (at least 1) so that the experiment draws at most ``max_bytes``.

    >>> affordable_draws(32, 32, 3, 1000), affordable_draws(512, 512, 3, 20_000)
    (1000, 42)
    """
    per_image = check_whole_number(height, "height", 1) * check_whole_number(width, "width", 1) * channels
    return max(1, min(check_whole_number(draws, "draws", 1), max_bytes // per_image))


@dataclass(frozen=True, eq=False)
class MonteCarloResult:
    """Neighbour correlations of ``draws`` uniform-noise images (``correlations``, one each)."""

    height: int
    width: int
    channels: int
    statistic: str
    seed: int
    correlations: np.ndarray = field(repr=False)

    @property
    def draws(self) -> int:
        """How many images were drawn."""
        return len(self.correlations)

    @property
    def largest(self) -> float:
        """The largest correlation seen (nan only if every draw was undefined)."""
        finite = self.correlations[np.isfinite(self.correlations)]
        return float(finite.max()) if finite.size else float("nan")

    def count_at_least(self, threshold: float) -> int:
        """How many draws reached ``threshold``."""
        return int(np.sum(self.correlations >= threshold))


def monte_carlo_noise_correlation(
    height: int,
    width: int,
    draws: int,
    seed: int,
    *,
    channels: int = 1,
    statistic: Statistic = "mean",
    budget: WorkBudget | None = None,
) -> MonteCarloResult:
    """Draw ``draws`` uniform-noise images and measure each one's neighbour correlation.

    Deterministic in ``seed``. 1,000 draws of 32×32 RGB take ~40 ms; the cost grows with
    ``draws·height·width·channels`` bytes, refused above :data:`MAX_EXPERIMENT_BYTES`;
    with a ``budget`` (e.g. :data:`SERVER_BUDGET`) they are paid from it first, and
    :class:`~lib.work_budget.BudgetExhausted` says when it cannot pay.

    >>> mc = monte_carlo_noise_correlation(16, 16, 200, seed=3)
    >>> mc.draws, mc.largest < 0.3, mc.count_at_least(0.5)
    (200, True, 0)
    """
    height, width = check_noise_setup(height, width, channels, statistic)
    draws = check_whole_number(draws, "draws", 1)
    seed = check_whole_number(seed, "seed", 0)
    per_image = height * width * channels
    if draws * per_image > MAX_EXPERIMENT_BYTES:
        raise ValueError(f"{draws:,} draws of {per_image:,} bytes is too much work for one experiment")
    if budget is not None:
        budget.spend(draws * per_image, "noise")
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([_MC_STREAM, seed])))
    out = np.empty(draws)
    per_batch = max(1, (4 * CHUNK) // per_image)
    shape = (height, width) if channels == 1 else (height, width, 3)
    for start in range(0, draws, per_batch):
        count = min(per_batch, draws - start)
        noise = rng.integers(0, 256, size=(count, *shape), dtype=np.uint8)
        noise = as_batch(noise) if channels == 3 else noise[:, None]
        if statistic == "horizontal":
            out[start : start + count] = pair_correlations(noise, 3)
        elif statistic == "vertical":
            out[start : start + count] = pair_correlations(noise, 2)
        else:
            horizontal, vertical = neighbour_correlations(noise)
            out[start : start + count] = (horizontal + vertical) / 2
    return MonteCarloResult(height, width, channels, statistic, seed, out)
