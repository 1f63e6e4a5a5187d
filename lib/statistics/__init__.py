"""Statistics that tell photographs from uniform noise, and the numbers behind them.

One idea per module, the public names re-exported here (``from lib import statistics``):

* :mod:`~lib.statistics.correlation` – Pearson correlation of horizontal and of vertical
  neighbours (≈0.9 for photos, ≈0 for noise).
* :mod:`~lib.statistics.spectrum` – radially averaged power spectrum and its log-log
  slope (≈ -2 for photos, ≈ 0 for noise).
* :mod:`~lib.statistics.differences` – the distribution of neighbour differences (peaked
  and heavy-tailed for photos, exactly triangular for uniform noise).
* :mod:`~lib.statistics.noise_bound` – a rigorous upper bound on the probability that a
  uniform-noise image reaches a given neighbour correlation, as log10;
  :mod:`~lib.statistics.monte_carlo` – the honest experiment next to it.
* :mod:`~lib.statistics.diffusion` – the forward process of a diffusion model.
* :mod:`~lib.statistics.image_number` – an image as one integer in base 256: digit count,
  leading and trailing digits (exact, never by ``str()`` of a huge int).

Conventions (:mod:`~lib.statistics._batch`): an image is ``H×W`` or ``H×W×3``; a batch an
``(n, H, W[, 3])`` array or a sequence of same-shaped images; channels are pooled as
grey planes.
"""

from lib.statistics.correlation import (
    CorrelationBatch,
    NeighbourCorrelation,
    adjacent_pixel_correlation,
    adjacent_pixel_correlations,
)
from lib.statistics.differences import (
    DifferenceHistogram,
    neighbour_difference_histogram,
    uniform_noise_difference_pmf,
)
from lib.statistics.diffusion import (
    diffusion_noise,
    diffusion_path,
    linear_alpha_bar,
    to_display,
    to_model_range,
)
from lib.statistics.image_number import (
    ImageNumber,
    PixelStep,
    image_as_number,
    image_index,
    leading_digits,
    pixel_step,
)
from lib.statistics.monte_carlo import (
    SERVER_BUDGET,
    VIEW_BYTES,
    MonteCarloResult,
    affordable_draws,
    monte_carlo_noise_correlation,
)
from lib.statistics.noise_bound import (
    DRAWS_PER_SECOND,
    CorrelationBound,
    Statistic,
    bound_at_centi,
    noise_correlation_bound,
    real_threshold_centi,
    warm_bounds_around,
)
from lib.statistics.spectrum import PowerSpectrum, radial_power_spectrum
from lib.work_budget import BudgetExhausted

__all__ = [
    "DRAWS_PER_SECOND",
    "SERVER_BUDGET",
    "VIEW_BYTES",
    "BudgetExhausted",
    "CorrelationBatch",
    "CorrelationBound",
    "DifferenceHistogram",
    "ImageNumber",
    "MonteCarloResult",
    "NeighbourCorrelation",
    "PixelStep",
    "PowerSpectrum",
    "Statistic",
    "adjacent_pixel_correlation",
    "adjacent_pixel_correlations",
    "affordable_draws",
    "bound_at_centi",
    "diffusion_noise",
    "diffusion_path",
    "image_as_number",
    "image_index",
    "leading_digits",
    "linear_alpha_bar",
    "monte_carlo_noise_correlation",
    "neighbour_difference_histogram",
    "noise_correlation_bound",
    "pixel_step",
    "radial_power_spectrum",
    "real_threshold_centi",
    "to_display",
    "to_model_range",
    "uniform_noise_difference_pmf",
    "warm_bounds_around",
]
