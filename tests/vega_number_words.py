"""The words of a chart's axis as the app's Vega-Lite charts wrote them: their label expression,
kept as the independent reference the Python words (:mod:`lib.charts.number_words`,
:func:`lib.charts.talk_marks.count_words`) are checked against, evaluated by Node (a Vega
expression is JavaScript). No chart draws with Vega any more (issue 14).
"""

from __future__ import annotations

import json
import subprocess

from lib.charts.number_words import FIRST_POWER, LAST_POWER, SCALE_WORDS

_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _number_words_expr() -> str:
    """The Vega label expression for :data:`lib.charts.number_words.SCALE_WORDS`.

    >>> _number_words_expr().startswith("datum.value < 1e6 ? format(datum.value, ',')")
    True
    """
    # Past the quintillions, each decade as a power (the axes show no other tick there).
    expr = f"'10{str(LAST_POWER).translate(_SUPERSCRIPTS)}'"
    for power in reversed(range(FIRST_POWER, LAST_POWER)):
        expr = f"datum.value < 1e{power + 1} ? '10{str(power).translate(_SUPERSCRIPTS)}' : " + expr
    expr = f"datum.value < 1e{FIRST_POWER} ? format(datum.value / 1e18, ',') + ' quintillion' : " + expr
    for power, word in reversed(list(enumerate(SCALE_WORDS[:-1], start=2))):
        expr = (
            f"datum.value < 1e{3 * power + 3} ? format(datum.value / 1e{3 * power}, ',') + ' {word}' : "
            + expr
        )
    return "datum.value < 1e6 ? format(datum.value, ',') : " + expr


NUMBER_WORDS = _number_words_expr()


def vega_labels(expr: str, values: list[int]) -> list[str]:
    """The labels a Vega label expression writes, evaluated by Node (a Vega expression is
    JavaScript), with ``format(v, ',')`` as d3-format writes it: grouped, trailing zeros off."""
    script = (
        "const format = (v, spec) => { if (spec !== ',') throw new Error(spec);"
        " return v.toLocaleString('en-US', {maximumSignificantDigits: 12}); };"
        f"console.log(JSON.stringify({json.dumps(values)}.map(value => {{ const datum = {{value}};"
        f" return {expr}; }})));"
    )
    out = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)
