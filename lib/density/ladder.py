"""The whole ladder in one call: fit every model, score it, draw from it (cache the result)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import wait as wait_for
from dataclasses import dataclass, replace

import numpy as np

from lib.density.abandon import checkpoint, in_this_context
from lib.density.autoregressive import AutoregressiveModel
from lib.density.base import (
    DEFAULT_CHANNELS,
    DEFAULT_SEED,
    DEFAULT_SIZE,
    DEQUANTISED_BOUND,
    EXACT_DISCRETE,
    MAX_SAMPLES,
    DensityModel,
    check_patches,
    check_shape,
)
from lib.density.codecs import PNG_METHOD, WEBP_METHOD, codec_bits_per_dim
from lib.density.fit_cpu import counted
from lib.density.gaussian import GaussianModel
from lib.density.mixture import GaussianMixtureModel
from lib.density.simple import IndependentPixelModel, UniformModel
from lib.validation import check_whole_number

#: Threads a fit runs its models and codecs on (three: the codecs and the two slowest models,
#: the autoregressive one and the mixture, at once; the machine has two cores).
LADDER_THREADS = 3

#: Seconds a fit waits for a model's result before it reports that model as being fitted (the
#: wait costs nothing: the result is waited for next anyway). A new seed of the default shape
#: fits in well under this, so it reports nothing and the page draws no progress bar for it
#: (lib.ui.fitted_study): at 0.02 s it sent four, and the browser spent 78-92 ms of CPU on such
#: a rerun against 66-80 without them (bench_learning --browser, 4 alternated runs, load 7-10).
REPORT_AFTER_S = 0.25

#: The mixture joins the default ladder only up to this many dimensions (8×8 grey): above it,
#: EM on K full covariances (cost ∝ N·K·D² per step) takes many seconds and over-fits a few
#: thousand patches.
MIXTURE_MAX_DIMS = 64
#: The mixture's components (:class:`GaussianMixtureModel`'s default), for the sentence below.
MIXTURE_COMPONENTS = GaussianMixtureModel.DEFAULT_COMPONENTS


def mixture_left_out(dims: int, train_count: int) -> str | None:
    """Why the Gaussian mixture is not on a ladder of ``dims``-value patches (one sentence), or
    None when it is fitted. Said where the mixture would have been, so it never vanishes
    without a word.

    Fitting it anyway (``bench/bench_learning.py --mixture``, 2026-11-26, load ~10): 16×16
    RGB on 666 patches took 1.4 CPU-s (the whole default view 0.95) and scored 1.8 bits/dim
    on its training patches, 56 on fresh ones and 142 on the held-out photos: it memorised.
    8×8 RGB on 2,666 patches took 0.7 CPU-s for 4.8 held out; 16×16 grey 0.8 CPU-s for 8.6.

    >>> mixture_left_out(64, 4000) is None
    True
    >>> print(mixture_left_out(768, 666))
    The Gaussian mixture is fitted only on patches of at most 64 values (8×8 grey), so that every view fits in about a second: here each of its 4 covariances alone has 295,296 numbers, together more than the 511,488 training values, so it would memorise them rather than model them.
    >>> mixture_left_out(192, 2666).split(": ")[1]
    'here each of its 4 covariances alone has 18,528 numbers to learn from 511,872 training values.'
    """
    dims = check_whole_number(dims, "dimensions", 1)
    if dims <= MIXTURE_MAX_DIMS:
        return None
    covariance = dims * (dims + 1) // 2
    values = train_count * dims
    why = (
        f"{covariance:,} numbers, together more than the {values:,} training values, so it would "
        "memorise them rather than model them"
        if MIXTURE_COMPONENTS * covariance > values
        else f"{covariance:,} numbers to learn from {values:,} training values"
    )
    return (
        f"The Gaussian mixture is fitted only on patches of at most {MIXTURE_MAX_DIMS} values (8×8 grey), "
        f"so that every view fits in about a second: here each of its {MIXTURE_COMPONENTS} covariances "
        f"alone has {why}."
    )


def default_ladder(size: int = DEFAULT_SIZE, channels: int = DEFAULT_CHANNELS) -> list[DensityModel]:
    """The rungs, unfitted, at their default settings, simplest first.

    Uniform, independent pixels, Gaussian, autoregressive; then the Gaussian mixture when
    the patch has at most :data:`MIXTURE_MAX_DIMS` values.

    Examples
    --------
    >>> [m.name for m in default_ladder(8, 1)][-1], [m.name for m in default_ladder(8, 3)][-1]
    ('Gaussian mixture', 'autoregressive')
    """
    ladder = [
        UniformModel(size, channels),
        IndependentPixelModel(size, channels),
        GaussianModel(size, channels),
        AutoregressiveModel(size, channels),
    ]
    if size * size * channels <= MIXTURE_MAX_DIMS:
        ladder.append(GaussianMixtureModel(size, channels))
    return ladder


@dataclass(frozen=True)
class RungResult:
    """One fitted model with its scores and samples."""

    name: str
    description: str
    likelihood: str  # EXACT_DISCRETE or DEQUANTISED_BOUND
    bits_per_dim: float  # on the held-out test patches
    train_bits_per_dim: float  # on the training patches: the gap shows over-fitting
    fit_seconds: float
    score_seconds: float
    parameters: int
    samples: np.ndarray  # uint8 (n_samples, D)
    model: DensityModel | None  # the fitted model; None once dropped (LadderResult.without_models)
    #: On fresh patches cut from the training photos (None when none were given): training
    #: vs fresh is what the model memorised; fresh vs held out is how much photos differ.
    fresh_bits_per_dim: float | None = None
    #: The model's own entropy, estimated as the mean cost of its own samples (Monte Carlo,
    #: counted as ``likelihood`` says); None when not estimated.
    entropy_bits_per_dim: float | None = None
    entropy_samples: int = 0


@dataclass(frozen=True)
class LadderResult:
    """Everything the learning page shows, from one call (cache this)."""

    size: int
    channels: int
    train_count: int
    test_count: int
    seed: int
    rungs: tuple[RungResult, ...]
    png_bits_per_dim: float | None
    real_examples: np.ndarray  # uint8: the first test patches, to show beside samples
    webp_bits_per_dim: float | None = None  # WebP lossless, computed exactly like PNG

    @property
    def dims(self) -> int:
        return self.size * self.size * self.channels

    @property
    def fit_seconds(self) -> float:
        return sum(r.fit_seconds for r in self.rungs)

    def without_models(self) -> LadderResult:
        """The same figures without the fitted models, read-only: small enough to share.

        A 32×32 RGB Gaussian alone keeps 75 MB of eigenvectors; a cached result shared by
        every visitor keeps only what the page shows.
        """
        for rung in self.rungs:
            rung.samples.flags.writeable = False
        self.real_examples.flags.writeable = False
        return replace(self, rungs=tuple(replace(r, model=None) for r in self.rungs))

    def rung(self, name: str) -> RungResult:
        for r in self.rungs:
            if r.name == name:
                return r
        raise ValueError(f"no model called {name!r}; have {', '.join(r.name for r in self.rungs)}")

    def computed_on(self) -> str:
        """What every figure was computed on, for a caption."""
        colour = "grey" if self.channels == 1 else "RGB"
        return (
            f"{self.train_count:,} training and {self.test_count:,} held-out {self.size}×{self.size} "
            f"{colour} patches (D = {self.dims} values each), seed {self.seed}"
        )


ProgressCallback = Callable[[float, str], None]

#: How every score on the learning page is counted, as Markdown for the page to show.
HOW_COUNTED = (
    "- **Bits per value** (in papers: *bits per dimension*, bits/dim): −log₂ P(x) / D, "
    "D = side² × channels = the patch's number of 8-bit values: the length of a lossless code for "
    "the patch, per value. Uniform noise costs exactly 8; lower means the model learned structure.\n"
    f"- **{EXACT_DISCRETE.capitalize()}** (uniform, independent pixels, autoregressive): a probability "
    "for every integer value 0..255.\n"
    f"- **{DEQUANTISED_BOUND.capitalize()}** (Gaussian, mixture): a continuous density scored on x + u, "
    "u uniform in [0, 1), in closed form; by Jensen's inequality it can only make its model look worse.\n"
    "- **Three sets of patches**: the training patches; fresh patches cut from the same training photos "
    "(never trained on); patches of held-out photos no model trained on (the same patches for every seed).\n"
    "- **Own entropy**: the mean cost of a model's own samples (Monte Carlo), counted the same way.\n"
    "- **How many images a model can favour**: b, the best model's bits per value on the held-out "
    "photos, is rounded to 3 decimals (half to even), then b·D **up** to a whole number of bits n, so "
    "that 2ⁿ still bounds the images whose chance is at least 2 to the power −b·D; the page shows 2ⁿ, "
    "the 2 to the power 8·D possible patches and their share, each rounded to 3 significant digits. "
    "For a phone photo D is all of its pixel values (an extrapolation from patches).\n"
    "- **What the Gaussian learned**: the patterns are the eigenvectors of its covariance matrix "
    "(principal components), largest variance first; a share is their eigenvalues' share of the total.\n"
    f"- **PNG**: {PNG_METHOD}.\n"
    f"- **WebP**: {WEBP_METHOD}."
)


def own_entropy(model: DensityModel, count: int, seed: int = DEFAULT_SEED) -> float | None:
    """The model's entropy in bits/dim, estimated as the mean cost of ``count`` of its own samples.

    ``H = E_{x~P}[-log2 P(x)] / D``, by Monte Carlo; for the dequantised models each cost is
    their upper bound, so the estimate leans high. None when ``count`` is 0.

    >>> from lib.density.simple import UniformModel
    >>> own_entropy(UniformModel(4, 1).fit(np.zeros((1, 16), np.uint8)), 10)
    8.0
    """
    if count == 0:
        return None
    return model.bits_per_dim(model.sample(count, np.random.default_rng([seed, 1])))


def _fit_rung(
    model: DensityModel,
    train: np.ndarray,
    test: np.ndarray,
    fresh: np.ndarray | None,
    samples: int,
    seed: int,
    entropy_samples: int,
) -> RungResult:
    """Fit one model, score it on every set of patches, draw its samples (each stage a
    :func:`~lib.density.abandon.checkpoint`: a fit made ahead of a visitor stops between them)."""
    start = time.perf_counter()
    checkpoint()
    model.fit(train)
    fitted = time.perf_counter()
    checkpoint()
    held_out = model.bits_per_dim(test)
    scored = time.perf_counter()
    checkpoint()
    train_bits = model.bits_per_dim(train)
    checkpoint()
    fresh_bits = None if fresh is None else model.bits_per_dim(fresh)
    checkpoint()
    drawn = model.sample(samples, np.random.default_rng(seed))
    checkpoint()
    return RungResult(
        name=model.name,
        description=model.describe(),
        likelihood=model.likelihood,
        bits_per_dim=held_out,
        train_bits_per_dim=train_bits,
        fit_seconds=fitted - start,
        score_seconds=scored - fitted,
        parameters=model.parameter_count(),
        samples=drawn,
        model=model,
        fresh_bits_per_dim=fresh_bits,
        entropy_bits_per_dim=own_entropy(model, entropy_samples, seed),
        entropy_samples=entropy_samples,
    )


def fit_ladder(
    train: np.ndarray,
    test: np.ndarray,
    size: int = DEFAULT_SIZE,
    channels: int = DEFAULT_CHANNELS,
    *,
    models: Sequence[DensityModel] | None = None,
    samples: int = 16,
    seed: int = DEFAULT_SEED,
    with_png: bool = True,
    progress: ProgressCallback | None = None,
    fresh: np.ndarray | None = None,
    entropy_samples: int = 0,
    codecs: tuple[float, float] | None = None,
) -> LadderResult:
    """Fit every model on ``train``, score it on ``test``, draw ``samples`` patches from it.

    ``models`` defaults to :func:`default_ladder`. Each model samples from its own
    ``numpy.random.default_rng(seed)``, so results are the same for the same inputs.
    ``progress(fraction, text)`` is called before each model and once at the end.
    ``fresh`` (new patches of the training photos) is scored too, when given; with
    ``entropy_samples > 0`` each model's own entropy is estimated from that many of its
    own samples (drawn from the seed sequence ``[seed, 1]``, apart from the shown ones).
    ``codecs`` (PNG and WebP bits/dim of these very ``test`` patches, computed before by
    :func:`~lib.density.codecs.codec_bits_per_dim`) are used as given instead of encoding again.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> noise = rng.integers(0, 256, (400, 16), dtype=np.uint8)
    >>> result = fit_ladder(noise[:300], noise[300:], 4, 1, samples=2, with_png=False)
    >>> [r.name for r in result.rungs][:3], result.rung("uniform").bits_per_dim
    (['uniform', 'independent pixels', 'Gaussian'], 8.0)
    """
    size, channels = check_shape(size, channels)
    dims = size * size * channels
    train = check_patches(train, dims, "training patches", 2)
    test = check_patches(test, dims, "test patches")
    samples = check_whole_number(samples, "number of samples", 0, MAX_SAMPLES)
    entropy_samples = check_whole_number(entropy_samples, "entropy samples", 0, MAX_SAMPLES)
    if fresh is not None:
        fresh = check_patches(fresh, dims, "fresh patches")
    seed = check_whole_number(seed, "seed", 0, 2**63 - 1)
    ladder = list(default_ladder(size, channels) if models is None else models)
    for model in ladder:
        if not isinstance(model, DensityModel):
            raise ValueError(f"not a density model: {model!r}")
        if model.dims != dims:
            raise ValueError(
                f"{model.name} is built for {model.size}×{model.size}×{model.channels} "
                f"patches, not {size}×{size}×{channels}"
            )
    steps = len(ladder) + (1 if with_png else 0)
    # Each model, and the codecs (which need only the test patches), fits in a thread of its
    # own: numpy and both encoders leave Python's lock while they work, so on two cores a fit
    # waits for about the slowest two of them, not for their sum. Every model has its own data
    # and random generators, so the figures are the same as one after the other.
    # Each job's CPU time counts towards the fit a server may be counting (lib.density.fit_cpu).
    workers = LADDER_THREADS if len({id(m) for m in ladder}) == len(ladder) else 1
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ladder") as pool:
        encoded = (
            pool.submit(in_this_context(counted(codec_bits_per_dim)), test, size, channels)
            if with_png and codecs is None
            else None
        )
        fits = [
            pool.submit(
                in_this_context(counted(_fit_rung)), model, train, test, fresh, samples, seed, entropy_samples
            )
            for model in ladder
        ]
        rungs = []
        for i, (model, fit) in enumerate(zip(ladder, fits, strict=True)):
            # From this thread only: the page's progress bar is drawn by it. Only for a model
            # still fitting after a glance (:data:`REPORT_AFTER_S`): each report is a message
            # the browser draws while the fit runs (on the same cores), and the simple models
            # are done before anyone could read their name.
            if progress and wait_for([fit], timeout=REPORT_AFTER_S).not_done:
                progress(i / steps, f"fitting {model.name}")
            rungs.append(fit.result())
        png, webp = codecs if with_png and codecs is not None else (None, None)
        if encoded is not None:  # the lossless codecs as references: PNG and WebP
            if progress and not encoded.done():
                progress(len(ladder) / steps, "compressing the test patches as PNG and WebP")
            png, webp = encoded.result()
    if progress:
        progress(1.0, "done")
    return LadderResult(
        size, channels, train.shape[0], test.shape[0], seed, tuple(rungs), png, test[:samples].copy(), webp
    )
