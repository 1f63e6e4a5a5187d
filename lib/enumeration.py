"""How long it takes to look at every item of a count: the rates, and the time at each.

Every Icon's pace and Bremermann's physical limit of computation (for 1 kg and for the
Earth's mass), from :mod:`lib.reference_figures`; times are exact
:class:`~lib.big_numbers.Magnitude` values in years and in ages of the universe. Counted
generously, one whole item per bit at the limit, so every time is a lower bound.
"""

from __future__ import annotations

from dataclasses import dataclass

from lib import reference_figures as ref
from lib.big_numbers import Magnitude


@dataclass(frozen=True)
class EnumerationRate:
    key: str
    name: str
    images_per_second: Magnitude
    #: Each a footnote of its own: a rate built on another's (the Earth's mass at the 1 kg
    #: limit) cites that one's note again and adds only what is new.
    sources: tuple[str, ...]


#: How one item is counted against Bremermann's bits, said in the note of the card that uses
#: the limit (its footnotes cite sources only): ``ONE_ITEM_PER_BIT.format(item="video")``.
ONE_ITEM_PER_BIT = (
    "generously, one whole {item} per bit processed (writing one out takes as many bits "
    "as it has), so these times are lower bounds"
)


def enumeration_rates() -> tuple[EnumerationRate, ...]:
    """Ways to list every image: Every Icon's pace and Bremermann's physical limit.

    At Bremermann's limit we generously let one bit produce one whole image: the times
    are lower bounds, which is all the argument needs.
    """
    bremermann = ref.BREMERMANN_LIMIT
    return (
        EnumerationRate(
            "every_icon",
            "Every Icon's pace (100 a second)",
            ref.EVERY_ICON_RATE.magnitude,
            (ref.EVERY_ICON_RATE.source,),
        ),
        EnumerationRate(
            "bremermann_kg",
            "a 1 kg computer at Bremermann's limit (c²/h form)",
            bremermann.magnitude,
            (bremermann.source,),
        ),
        EnumerationRate(
            "bremermann_earth",
            "an Earth-mass computer at Bremermann's limit",
            bremermann.magnitude * ref.EARTH_MASS_KG.magnitude,
            (bremermann.source, f"Earth's mass, 5.972×10^24 kg: {ref.EARTH_MASS_KG.source}"),
        ),
    )


@dataclass(frozen=True)
class EnumerationTime:
    rate: EnumerationRate
    years: Magnitude
    universe_ages: Magnitude


def enumeration_time(count: Magnitude, rate: EnumerationRate) -> EnumerationTime:
    """How long listing ``count`` images takes at ``rate``, in years and in ages of the universe.

    >>> every_icon = enumeration_rates()[0]  # 100 images a second
    >>> round(float(enumeration_time(Magnitude.of(100 * 31_557_600), every_icon).years.log10(6)), 6)
    0.0
    """
    seconds = count / rate.images_per_second
    years = seconds / ref.SECONDS_PER_YEAR.magnitude
    return EnumerationTime(rate, years, years / ref.AGE_OF_UNIVERSE_YEARS.magnitude)
