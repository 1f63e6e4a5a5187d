"""From memorising to modelling, measured in bits: a ladder of density models for patches.

Every model here is fitted with numpy in well under a second on a few thousand small
image patches, and scored the way generative modelling scores itself: the negative
log-likelihood of *held-out* patches in **bits per dimension** (one dimension is one
8-bit value: one channel of one pixel).

Data
    A patch is an ``s × s`` window with ``channels`` (1 = grey, 3 = RGB) 8-bit values,
    flattened in C order of ``(row, column, channel)``: dimension
    ``d = (row·s + column)·channels + channel``. That is raster order with the channels
    of a pixel side by side, the order the autoregressive model predicts in. Patches
    are ``uint8`` arrays of shape ``(N, D)`` with ``D = s·s·channels``.

How the likelihood of discrete data is counted (the same rule for every model)
    Pixel values are integers 0..255, so a fair score is a *discrete* probability
    ``P(x)`` of the exact integers, and ``-log2 P(x) / D`` bits per dimension is the
    length of a lossless code for ``x``. A model with a continuous density ``p`` is
    turned into a discrete one by **uniform dequantisation**: the integer ``x`` stands
    for the unit cube ``x + [0, 1)^D`` (values in ``[0, 256)``), ``P(x) = ∫ p`` over that
    cube, and the score reported is ``E_u[-log2 p(x + u)] / D`` with ``u ~ U[0, 1)^D``.
    By Jensen's inequality this is an **upper bound** on ``-log2 P(x) / D``, and
    ``P`` never sums to more than 1 over ``{0..255}^D``, so the figure is an honest code
    length: no model can beat the data's entropy with it (uniform data costs at least
    8 bits/dim under every model). For a density that is constant on each unit cube
    (the uniform model, a histogram, a discretised logistic) the bound *is* the exact
    discrete likelihood, so the ladder mixes exact values and upper bounds on the same
    scale, and the bounds can only make their own model look worse, never better.
    Each model says which it reports in :attr:`DensityModel.likelihood`.

The ladder
    1. :class:`UniformModel`: every image equally likely, exactly 8 bits/dim.
    2. :class:`IndependentPixelModel`: the real histogram of values, pixels independent.
    3. :class:`GaussianModel`: mean and learned covariance (its eigenvectors are the
       structure it learned: smooth Fourier-like patterns, then edges).
    4. :class:`AutoregressiveModel`: each value predicted from the neighbours already
       seen, with a discretised logistic residual (the ancestor of PixelCNN).
    5. :class:`GaussianMixtureModel`: a few full-covariance Gaussians fitted by EM.

Modules, one idea each (public names re-exported here):

- :mod:`~lib.density.base`: the :class:`DensityModel` protocol, constants and checks;
- :mod:`~lib.density.simple`, :mod:`~lib.density.gaussian`,
  :mod:`~lib.density.autoregressive`, :mod:`~lib.density.mixture`: the rungs;
- :mod:`~lib.density.logistic`: the discretised logistic;
- :mod:`~lib.density.whole_numbers`: least squares and quantiles of whole numbers 0..255, exact and fast;
- :mod:`~lib.density.patches`: cutting patches, holding out whole photos, mosaics;
- :mod:`~lib.density.codecs`: PNG and WebP as lossless references;
- :mod:`~lib.density.ladder`: :func:`fit_ladder`, the whole ladder in one call;
- :mod:`~lib.density.memorising`: the lookup table scored as a model;
- :mod:`~lib.density.space`: how many images a model can favour (:func:`effective_space`);
- :mod:`~lib.density.study`: the learning page's experiment end to end (:func:`run_study`);
- :mod:`~lib.density.service`: studies fitted once per server, one at a time (:class:`StudyService`);
- :mod:`~lib.density.next_views`: the seeds a visitor likely asks for next, fitted ahead;
- :mod:`~lib.density.abandon`: fits made ahead of a visitor, which give way to a visitor's own.
- :mod:`~lib.density.priority`: the CPU priority of a fit made ahead (lowest until a visitor waits for it);
- :mod:`~lib.density.fit_cpu`: the CPU seconds one fit's own threads used (what the fitting budget counts);
- :mod:`~lib.density.limits`: what one view may ask a live fit for (:func:`limit_view`, :func:`choose_holdout`).

The published CIFAR-10 records live in :mod:`lib.reference_figures`. No Streamlit here.
"""

from __future__ import annotations

from lib.density.abandon import FitAbandoned, abandonable, checkpoint
from lib.density.autoregressive import AutoregressiveModel
from lib.density.base import (
    DEFAULT_CHANNELS,
    DEFAULT_SEED,
    DEFAULT_SIZE,
    DEFAULT_TEST_PATCHES,
    DEFAULT_TRAIN_PATCHES,
    DEQUANTISATION_VARIANCE,
    DEQUANTISED_BOUND,
    EXACT_DISCRETE,
    LEVELS,
    MAX_PATCHES,
    MAX_SAMPLES,
    MAX_SIZE,
    RAW_BITS,
    DensityModel,
    NotFittedError,
    RandomSource,
)
from lib.density.codecs import (
    PNG_IN_WORDS,
    PNG_METHOD,
    WEBP_IN_WORDS,
    WEBP_METHOD,
    encode_lossless,
    png_bits_per_dim,
    webp_bits_per_dim,
)
from lib.density.gaussian import GaussianModel
from lib.density.ladder import (
    HOW_COUNTED,
    MIXTURE_MAX_DIMS,
    LadderResult,
    RungResult,
    default_ladder,
    fit_ladder,
    mixture_left_out,
    own_entropy,
)
from lib.density.limits import (
    MAX_DIMS,
    MAX_TRAIN_VALUES,
    choose_holdout,
    fits_live,
    limit_view,
    max_train_patches,
)
from lib.density.logistic import discretised_logistic_log_pmf, discretised_logistic_pmf
from lib.density.memorising import LookupTable, StoredDataset, human_bytes, lookup_table, stored_dataset
from lib.density.mixture import GaussianMixtureModel
from lib.density.next_views import neighbour_seeds, next_seed
from lib.density.patches import (
    PatchSets,
    PhotoSplit,
    extract_patches,
    held_out_patches,
    mosaic,
    patch_sets,
    patches_to_images,
    split_by_photo,
    training_patches,
)
from lib.density.service import ServerBusy, StudyService, StudySettings
from lib.density.simple import IndependentPixelModel, UniformModel
from lib.density.space import EffectiveSpace, effective_space
from lib.density.study import (
    EIGEN_SHOWN,
    ENTROPY_SAMPLES,
    SHOWN,
    Gaps,
    HeldOutSide,
    Study,
    gaps,
    inversions,
    run_study,
    value_shares,
)

__all__ = [
    "DEFAULT_CHANNELS",
    "DEFAULT_SEED",
    "DEFAULT_SIZE",
    "DEFAULT_TEST_PATCHES",
    "DEFAULT_TRAIN_PATCHES",
    "DEQUANTISATION_VARIANCE",
    "DEQUANTISED_BOUND",
    "EIGEN_SHOWN",
    "ENTROPY_SAMPLES",
    "EXACT_DISCRETE",
    "HOW_COUNTED",
    "LEVELS",
    "MAX_DIMS",
    "MAX_PATCHES",
    "MAX_SAMPLES",
    "MAX_SIZE",
    "MAX_TRAIN_VALUES",
    "MIXTURE_MAX_DIMS",
    "PNG_IN_WORDS",
    "PNG_METHOD",
    "RAW_BITS",
    "SHOWN",
    "WEBP_IN_WORDS",
    "WEBP_METHOD",
    "AutoregressiveModel",
    "DensityModel",
    "EffectiveSpace",
    "FitAbandoned",
    "Gaps",
    "GaussianMixtureModel",
    "GaussianModel",
    "HeldOutSide",
    "IndependentPixelModel",
    "LadderResult",
    "LookupTable",
    "NotFittedError",
    "PatchSets",
    "PhotoSplit",
    "RandomSource",
    "RungResult",
    "ServerBusy",
    "StoredDataset",
    "Study",
    "StudyService",
    "StudySettings",
    "UniformModel",
    "abandonable",
    "checkpoint",
    "choose_holdout",
    "default_ladder",
    "discretised_logistic_log_pmf",
    "discretised_logistic_pmf",
    "effective_space",
    "encode_lossless",
    "extract_patches",
    "fit_ladder",
    "fits_live",
    "gaps",
    "held_out_patches",
    "human_bytes",
    "inversions",
    "limit_view",
    "lookup_table",
    "max_train_patches",
    "mixture_left_out",
    "mosaic",
    "neighbour_seeds",
    "next_seed",
    "own_entropy",
    "patch_sets",
    "patches_to_images",
    "png_bits_per_dim",
    "run_study",
    "split_by_photo",
    "stored_dataset",
    "training_patches",
    "value_shares",
    "webp_bits_per_dim",
]
