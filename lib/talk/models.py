"""Step 6: what a model does instead, in bits, and the warm-up that fits it in time.

The figures come from the Learning page's default study (the server's shared, cached
fit); :func:`start_warm_up` asks for it in a background thread when the deck opens, after
the odds chart, so neither step makes the audience wait.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass

from lib import reference_figures as ref
from lib.big_numbers import Magnitude, Scientific
from lib.density import LadderResult, effective_space
from lib.room_yardsticks import expected_wait, typical_photo_correlation
from lib.talk.noise import odds_curve

_WARM_UP_STARTED = threading.Event()


def start_warm_up(fit_default_study: Callable[[], object]) -> None:
    """Compute the odds chart and fit the default study in a background thread, once per process.

    Returns at once: the deck calls it when it opens, so steps 5 and 6 are ready long
    before the speaker reaches them. ``fit_default_study`` is the Learning page's shared,
    cached fit of its default setting (the same figures on both pages).
    """
    if not _WARM_UP_STARTED.is_set():
        _WARM_UP_STARTED.set()
        threading.Thread(target=_warm_up, args=(fit_default_study,), name="talk-warm-up", daemon=True).start()


def _warm_up(fit_default_study: Callable[[], object]) -> None:
    odds_curve()
    expected_wait(typical_photo_correlation(), 1.0)  # the room's step: its yardsticks
    fit_default_study()


@dataclass(frozen=True)
class BitsFigures:
    rungs: tuple[tuple[str, float], ...]  # (model, held-out bits/dim), uniform first
    png_bits: float | None
    webp_bits: float | None  # WebP lossless: a codec, often cheaper than every model here
    best: str
    best_bits: float
    computed_on: str
    photo_fraction: Scientific  # at most 2^((b-8)·D) of the post's photo, rounded up: an extrapolation


def model_bits(ladder: LadderResult) -> BitsFigures:
    """Step 6: what each model of the ladder costs per value on held-out photos.

    Raw pixels cost 8 bits per value; every bit a model saves halves the images it
    considers typical. Carried to the post's photo (an extrapolation from small patches),
    the images the best model rates as likely as a photo are *at most* a share 2^((b−8)·D)
    of the space (probabilities add up to 1): an upper bound, its mantissa rounded up.
    """
    rungs = tuple((r.name, float(r.bits_per_dim)) for r in ladder.rungs)
    return _bits_figures(rungs, ladder.png_bits_per_dim, ladder.webp_bits_per_dim, ladder.computed_on())


@functools.lru_cache(maxsize=8)
def _bits_figures(
    rungs: tuple[tuple[str, float], ...], png_bits: float | None, webp_bits: float | None, computed_on: str
) -> BitsFigures:
    """The figures of :func:`model_bits`, kept by the ladder's own figures: the talk asks for the
    server's one default fit on every whole run (its chart waits hidden), and the fraction of the
    photo's space is worked out in mpmath. A ladder holds arrays and cannot be hashed itself."""
    best_name, best_bits = min(rungs, key=lambda rung: rung[1])
    space = effective_space(min(best_bits, 8.0), ref.PHONE_PHOTO_VALUES)
    return BitsFigures(
        rungs, png_bits, webp_bits, best_name, best_bits, computed_on, rounded_up(space.fraction)
    )


def rounded_up(number: Magnitude, digits: int = 3) -> Scientific:
    """``number`` to ``digits`` significant digits, rounded *up*, so that "at most" the shown
    figure stays true (:meth:`~lib.big_numbers.Magnitude.scientific` rounds to the nearest,
    which may fall below the bound). Exact when the digits hold the number exactly.

    >>> rounded_up(Magnitude.of("0.0013541")), rounded_up(Magnitude.of("0.00135")), rounded_up(Magnitude.of(9999))
    (Scientific(mantissa='1.36', exponent=-3), Scientific(mantissa='1.35', exponent=-3), Scientific(mantissa='1.00', exponent=4))
    >>> rounded_up(Magnitude.power(2, -10))  # 0.0009765625
    Scientific(mantissa='9.77', exponent=-4)
    """
    if digits < 1:
        raise ValueError(f"a figure needs at least 1 significant digit, got {digits}")
    exponent = number.floor_log10()
    lead = int(number.leading_digits(digits))  # truncated, exact
    if (Magnitude.of(lead) * Magnitude.power(10, exponent - digits + 1)).compare(number) < 0:
        lead += 1
    if lead == 10**digits:  # 9.99… rounded up is 10.0: carry into the exponent
        lead, exponent = 10 ** (digits - 1), exponent + 1
    text = str(lead)
    return Scientific(text[0] + ("." + text[1:] if digits > 1 else ""), exponent)
