"""Large numbers in words on a chart's axis, "100 million", never "100M": :func:`decade_words`
for How many images?' log axes (:mod:`lib.charts.count_plot`, :mod:`lib.charts.axis_bars`);
the talk's linear axis writes its round numbers with :func:`lib.charts.talk_marks.count_words`
from the same :data:`SCALE_WORDS`. The tests check both against the Vega label expression the
charts used when they were Vega-Lite (``tests/vega_number_words.py``, run by Node).
"""

from __future__ import annotations

#: Large numbers in words below the ticks ("1 billion", "100 million"), never SI prefixes:
#: "1G" or "10M" reads as gigabytes or megabytes. Each number up to a million is written out
#: with separators ("100,000"); above, the power of a thousand is named, up to quintillions;
#: past those (names nobody reads at a glance) a power of ten, "10²¹", up to
#: 10^:data:`LAST_POWER`. Exact at every tick these charts draw (whole powers of ten, or round
#: millions).
SCALE_WORDS = ("million", "billion", "trillion", "quadrillion", "quintillion")
#: The first power of ten written as a power: a thousand quintillions.
FIRST_POWER = 21
#: The last power of ten the words name, every larger value written as it: the largest inputs'
#: count has ~10^28 digits (review 11, Comb-1).
LAST_POWER = 30
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def decade_words(power: int) -> str:
    """The label of the tick at 10^power.

    >>> [decade_words(k) for k in (0, 3, 5, 6, 8, 9, 13, 20, 21, 28)]
    ['1', '1,000', '100,000', '1 million', '100 million', '1 billion', '10 trillion', '100 quintillion', '10²¹', '10²⁸']
    >>> decade_words(-1)
    Traceback (most recent call last):
    ...
    ValueError: a tick of the axis is a whole power of ten from 10^0, not 10^-1
    """
    if power < 0:
        raise ValueError(f"a tick of the axis is a whole power of ten from 10^0, not 10^{power}")
    if power < 6:
        return f"{10**power:,}"
    if power < FIRST_POWER:
        group = power // 3 - 2
        return f"{10 ** (power % 3):,} {SCALE_WORDS[group]}"
    return "10" + str(power).translate(_SUPERSCRIPTS)
