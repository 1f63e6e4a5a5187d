"""The last step: the talk in one line per step, each with its number."""

from __future__ import annotations

from functools import lru_cache

from lib.big_numbers import Scientific
from lib.talk.counting import against_atoms, dataset_speck, photo_count
from lib.talk.models import BitsFigures
from lib.talk.noise import DEFAULT_SIDE, noise_odds

#: The recap's short form of :data:`lib.sampling_text.BOUND_ROUNDING` (step 5's foot says it in full).
ROUNDED_DOWN = "exponent rounded down"


@lru_cache(maxsize=8)
def recap(bits: BitsFigures) -> tuple[str, ...]:
    """The talk in one line per step, with its number (the conclusion's outline); worked
    out once per process for the same fitted figures.

    >>> recap(BitsFigures((("uniform", 8.0),), None, None, "uniform", 8.0, "", Scientific("1", 0)))[6]
    '7. the best model: 8.000 bits a value (to 3 decimals), not 8'
    """
    count, atoms, speck = photo_count(), against_atoms(), dataset_speck()
    odds = noise_odds(DEFAULT_SIDE)
    return (
        f"1. {_plain(count.scientific)} possible phone photos",
        f"2. {_plain(atoms.times_more)} times the atoms in the universe",
        f"3. {speck.dataset.name} could cover {_plain(speck.share)} of them",  # at most: see step 3's foot
        "4. a random image is noise",  # not "every time": line 5 bounds how rarely it is not
        # Labelled as step 5's foot labels it: the exponent is rounded down (bound_exponent).
        f"5. noise as smooth as a {DEFAULT_SIDE}×{DEFAULT_SIDE} photo: at most 10^-{odds.exponent_text} "
        f"({ROUNDED_DOWN})",
        "6. this room searched together: still only noise",
        f"7. the best model: {bits.best_bits:.3f} bits a value (to 3 decimals), not 8",
    )


def rounded_lines() -> tuple[tuple[int, int], ...]:
    """(line, significant digits) of each power of ten the recap rounds: its lines 1 to 3 show
    the count, the atoms and the share with their mantissas' digits only, as their steps do,
    and step 8's foot says so (review 15: the recap said "(to 3 decimals)" and "(exponent
    rounded down)" of lines 5 and 7, and nothing of these).

    >>> rounded_lines()
    ((1, 5), (2, 3), (3, 3))
    """
    figures = photo_count().scientific, against_atoms().times_more, dataset_speck().share
    return tuple((line, len(sci.mantissa.replace(".", ""))) for line, sci in enumerate(figures, 1))


def _plain(sci: Scientific) -> str:
    """1.0149·10^68,181,011 (rendered with a superscript by the page)."""
    return ("" if sci.mantissa == "1" else f"{sci.mantissa}·") + f"10^{sci.exponent:,}"
