"""Every outside figure the app compares against, each with its source.

Arithmetic on these figures is exact (they are kept as decimal strings and turned
into :class:`~lib.big_numbers.Magnitude`), but the figures themselves are measurements
or estimates: ``estimate=True`` makes the app label them as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from lib.big_numbers import Magnitude


@dataclass(frozen=True)
class Reference:
    """One outside figure: what it counts, its value, and where it comes from."""

    key: str
    name: str
    value: str  # an exact decimal string, e.g. "1e80" or "1281167"
    unit: str
    source: str
    estimate: bool = False

    @cached_property
    def magnitude(self) -> Magnitude:
        return Magnitude.of(self.value)

    @property
    def label(self) -> str:
        """The value as people write it, with ~ when it is an estimate."""
        return ("~" if self.estimate else "") + _plain(self.value)


def _plain(value: str) -> str:
    """'1281167' -> '1,281,167'; '5.85e9' -> '5.85·10^9'; '1e80' -> '10^80'."""
    if "e" in value:
        mantissa, exponent = value.split("e")
        return ("" if mantissa == "1" else f"{mantissa}·") + f"10^{int(exponent)}"
    return f"{int(value):,}"


# -- the cosmos and other yardsticks --------------------------------------------------
ATOMS_IN_UNIVERSE = Reference(
    "atoms",
    "atoms in the observable universe",
    "1e80",
    "atoms",
    "order-of-magnitude estimate, usually quoted as 10^78 to 10^82 (e.g. Wikipedia, 'Observable universe')",
    estimate=True,
)
SHANNON_NUMBER = Reference(
    "shannon",
    "the Shannon number (chess games)",
    "1e120",
    "games",
    "C. E. Shannon, 'Programming a Computer for Playing Chess', Philosophical "
    "Magazine 41 (1950): a conservative lower bound on chess's game-tree complexity",
    estimate=True,
)
AGE_OF_UNIVERSE_YEARS = Reference(
    "age",
    "age of the universe",
    "13.787e9",
    "years",
    "Planck Collaboration 2018 results VI, A&A 641 (2020): 13.787 ± 0.020 Gyr",
    estimate=True,
)
PLANCK_TIME_SECONDS = Reference("planck_time", "the Planck time", "5.391247e-44", "s", "CODATA 2018")
SECONDS_PER_YEAR = Reference("year", "one Julian year", "31557600", "s", "IAU: 365.25 days of 86,400 s")
BREMERMANN_LIMIT = Reference(
    "bremermann",
    "Bremermann's limit",
    "1.3564e50",  # c²/h to 5 significant digits (c and h are exact in the SI since 2019)
    "bit/s per kg",
    "Bremermann's limit in its later c²/h form: c²/h = 1.3564×10^50 bits per second per "
    "kilogram (to 5 significant digits; c and h exact in the SI). His 1962 paper, 'Optimization "
    "through evolution and recombination', states 2×10^47 bits per second per gram, i.e. 2×10^50 per kg",
    estimate=True,
)
#: Bremermann's own 1962 figure, for the record beside the c²/h form the page uses.
BREMERMANN_1962_PER_GRAM = "2e47"
EARTH_MASS_KG = Reference(
    "earth_mass", "the mass of the Earth", "5.972e24", "kg", "IAU 2015 nominal value (GM⊕/G)", estimate=True
)
EVERY_ICON_RATE = Reference(
    "every_icon_rate",
    "Every Icon's speed",
    "100",
    "images/s",
    "John F. Simon Jr., 'Every Icon' (1997): a Java applet drawing every 32×32 "
    "black-and-white icon, about 100 per second on a computer of its day",
    estimate=True,
)


def planck_times_since_big_bang() -> Magnitude:
    """Age of the universe in Planck times (~8.07·10^60), derived from the two sources."""
    return AGE_OF_UNIVERSE_YEARS.magnitude * SECONDS_PER_YEAR.magnitude / PLANCK_TIME_SECONDS.magnitude


PLANCK_TIMES = Reference(
    "planck_times",
    "Planck times since the Big Bang",
    "8.07e60",
    "Planck times",
    "age of the universe (Planck 2018, 13.787 Gyr) divided by the Planck time (CODATA 2018): ~8.07·10^60",
    estimate=True,
)

#: The yardsticks the combinatorics page compares every count with.
COSMIC_YARDSTICKS: tuple[Reference, ...] = (PLANCK_TIMES, ATOMS_IN_UNIVERSE, SHANNON_NUMBER)

# -- image datasets ---------------------------------------------------------------------
MNIST = Reference(
    "mnist", "MNIST", "70000", "images", "LeCun, Cortes & Burges (1998): 60,000 training + 10,000 test digits"
)
CIFAR10 = Reference(
    "cifar10",
    "CIFAR-10",
    "60000",
    "images",
    "Krizhevsky, 'Learning Multiple Layers of Features from Tiny Images' (2009): "
    "50,000 training + 10,000 test",
)
IMAGENET_1K = Reference(
    "imagenet1k",
    "ImageNet-1k (ILSVRC-2012 train)",
    "1281167",
    "images",
    "Russakovsky et al., 'ImageNet Large Scale Visual Recognition Challenge', IJCV (2015)",
)
IMAGENET_FULL = Reference(
    "imagenet",
    "ImageNet (full, 21k classes)",
    "14197122",
    "images",
    "Deng et al., CVPR 2009; image-net.org: 14,197,122 images",
)
LAION_5B = Reference(
    "laion5b",
    "LAION-5B",
    "5.85e9",
    "image-text pairs",
    "Schuhmann et al., 'LAION-5B', NeurIPS Datasets and Benchmarks (2022): "
    "5.85 billion CLIP-filtered image-text pairs",
)

DATASETS: tuple[Reference, ...] = (MNIST, CIFAR10, IMAGENET_1K, IMAGENET_FULL, LAION_5B)

# -- what the post itself says ------------------------------------------------------------
SEED_POST = {
    "title": "Why Generative Modelling is so Hard?",
    "author": "himanshu",
    "venue": "ai talks",
    "date": "28 Feb 2025",
}
#: The post rounds its photo's count to ~10^70,000,000 ...
POST_PHOTO_EXPONENT = 70_000_000
#: ... takes ImageNet as ~1.5·10^7 images ...
POST_IMAGENET_IMAGES = "1.5e7"
#: ... and so writes ImageNet's share of the space as 10^-69,999,993.
POST_IMAGENET_SHARE_EXPONENT = -69_999_993

#: The post's phone photo, defined once: 2304 wide, 4096 high (portrait), RGB, 8 bits.
PHONE_PHOTO_WIDTH = 2304
PHONE_PHOTO_HEIGHT = 4096
PHONE_PHOTO_CHANNELS = 3
PHONE_PHOTO_BITS = 8
PHONE_PHOTO_VALUES = PHONE_PHOTO_WIDTH * PHONE_PHOTO_HEIGHT * PHONE_PHOTO_CHANNELS


# -- published likelihoods (the learning page's reference points) -------------------------
@dataclass(frozen=True)
class PublishedRecord:
    """A published test-set NLL on CIFAR-10 (32×32 RGB): a reference from another dataset."""

    model: str
    bits_per_dim: float
    year: int
    citation: str
    kind: str  # "exact likelihood" or "variational upper bound"
    note: str = ""


#: CIFAR-10 test-set negative log-likelihoods in bits/dim, oldest first. These were
#: measured on CIFAR-10 (32×32 RGB, 10,000 test images), not on our patches: labelled
#: reference points only, never directly comparable with the ladder's figures.
CIFAR10_RECORDS: tuple[PublishedRecord, ...] = (
    PublishedRecord(
        "PixelCNN",
        3.14,
        2016,
        "A. van den Oord, N. Kalchbrenner, K. Kavukcuoglu, 'Pixel Recurrent Neural Networks', ICML 2016",
        "exact likelihood",
    ),
    PublishedRecord(
        "PixelRNN (Diagonal BiLSTM)",
        3.00,
        2016,
        "A. van den Oord, N. Kalchbrenner, K. Kavukcuoglu, 'Pixel Recurrent Neural Networks', ICML 2016",
        "exact likelihood",
    ),
    PublishedRecord(
        "Gated PixelCNN",
        3.03,
        2016,
        "A. van den Oord, N. Kalchbrenner, O. Vinyals, L. Espeholt, A. Graves, "
        "K. Kavukcuoglu, 'Conditional Image Generation with PixelCNN Decoders', NeurIPS 2016",
        "exact likelihood",
    ),
    PublishedRecord(
        "PixelCNN++",
        2.92,
        2017,
        "T. Salimans, A. Karpathy, X. Chen, D. P. Kingma, 'PixelCNN++: Improving the "
        "PixelCNN with Discretized Logistic Mixture Likelihood and Other Modifications', "
        "ICLR 2017",
        "exact likelihood",
    ),
    PublishedRecord(
        "Sparse Transformer",
        2.80,
        2019,
        "R. Child, S. Gray, A. Radford, I. Sutskever, 'Generating Long Sequences with "
        "Sparse Transformers', arXiv:1904.10509 (2019)",
        "exact likelihood",
    ),
    PublishedRecord(
        "VDM",
        2.65,
        2021,
        "D. P. Kingma, T. Salimans, B. Poole, J. Ho, 'Variational Diffusion Models', NeurIPS 2021",
        "variational upper bound",
        "without data augmentation",
    ),
    PublishedRecord(
        "MuLAN",
        2.55,
        2024,
        "S. S. Sahoo, A. Gokaslan, C. De Sa, V. Kuleshov, 'Diffusion Models With Learned "
        "Adaptive Noise', NeurIPS 2024 (arXiv:2312.13236)",
        "variational upper bound",
    ),
)

#: The chain the issue charts: PixelCNN → PixelCNN++ → Sparse Transformer → VDM → MuLAN.
CIFAR10_CHART: tuple[PublishedRecord, ...] = tuple(
    r for r in CIFAR10_RECORDS if r.model in ("PixelCNN", "PixelCNN++", "Sparse Transformer", "VDM", "MuLAN")
)


# -- published intrinsic dimensions (the thinness section's reference points) --------------
@dataclass(frozen=True)
class PublishedDimension:
    """A dataset's intrinsic dimension as published: the range of the estimates over k.

    Whole images, not patches: each image is one point of ``values`` dimensions (``None``
    where the source does not say at what size the images were measured).
    """

    dataset: str
    values: int | None
    low: int
    high: int


POPE_2021 = (
    "P. Pope, C. Zhu, A. Abdelkader, M. Goldblum, T. Goldstein, 'The Intrinsic Dimension of "
    "Images and Its Impact on Learning', ICLR 2021 (arXiv:2104.08894), Table 1: the "
    "Levina–Bickel MLE at k = 3, 5, 10 and 20 neighbours"
)
#: The stored copies of Pope et al. reachable here hold only the paper's opening pages, so
#: the ranges are taken from a later paper's summary of its Table 1, quoted here verbatim.
POPE_2021_QUOTED_IN = (
    "C.-H. Huang, C.-W. Chen, S.-C. Chung, 'Interpretable intrinsic dimension estimation "
    "through componentwise calibration of distance and angle', Section 4"
)
POPE_2021_QUOTE = (
    "Pope et al. [24] give dataset-level MLE ranges of 7–13 for MNIST, 13–26 for CIFAR-10, "
    "and 26–43 for ImageNet across neighborhood sizes"
)
#: Smallest dataset first. MNIST: 28×28 grey; CIFAR-10: 32×32 RGB.
INTRINSIC_DIMENSIONS: tuple[PublishedDimension, ...] = (
    PublishedDimension("MNIST", 28 * 28, 7, 13),
    PublishedDimension("CIFAR-10", 32 * 32 * 3, 13, 26),
    PublishedDimension("ImageNet", None, 26, 43),
)
