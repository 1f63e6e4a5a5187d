"""URL-bound inputs: whole numbers, choices and presets that live in the link.

Every value a visitor types or a link carries is read here and checked by
:func:`lib.inputs.parse_whole_number`; anything refused gets a message, escaped so that a
visitor's text is never rendered as markdown, HTML or an icon.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from lib.inputs import parse_whole_number


@dataclass(frozen=True)
class InputProblem:
    key: str
    message: str


def whole_number_input(
    label: str, key: str, default: int, low: int, high: int, container=None, help: str | None = None
) -> tuple[int, InputProblem | None]:
    """A text box bound to ``?key=`` that reads whole numbers like 4096, 1e9 or 10^9.

    A text box rather than ``st.number_input``: it accepts anything a person types
    (and any URL) without Streamlit dropping or crashing on it (``?w=inf`` raises in a
    bound number_input), so every bad value reaches :func:`parse_whole_number` and gets
    a message. The value used is then the default, and the message says so.

    The box's own default is ``default``: at it, Streamlit drops ``?key=`` from the link,
    so a reset or a preset back to the defaults leaves a bare link (seeded state instead
    of a default spelled every default out). A callback (a preset, a reset) still sets it
    through Session State (the warning Streamlit would log for that is off in
    ``.streamlit/config.toml``). The link's value wins on a first load.
    """
    where = container if container is not None else st
    asked = st.query_params.get_all(key)
    repeated = len(asked) > 1
    text = where.text_input(label, str(default), key=key, bind="query-params", help=help)
    if asked and not asked[-1].strip():
        text = asked[-1]  # ?w= (empty): the box keeps its value, the link still gets a message
    problem = None
    try:
        value = parse_whole_number(text if text is not None else "", label, low, high)
    except ValueError as error:
        value = default
        problem = InputProblem(key, f"{error}. Showing {default:,} instead.")
    if repeated and problem is None:
        problem = InputProblem(key, f"The link gives {key} more than once; the last one, {value:,}, is used.")
    return value, problem


@dataclass(frozen=True)
class NumberField:
    """One URL-bound whole-number input: its label, URL key, default and range."""

    label: str
    key: str
    default: int
    low: int
    high: int
    help: str | None = None


def choice_input(
    label: str, options: tuple[str, ...], key: str, default: str, container=None, help: str | None = None
) -> str:
    """A segmented control bound to ``?key=``; a value not among ``options`` gets a message.

    No format_func: a bound selection widget matches the URL against the labels it shows,
    so the labels are the URL words themselves (?m=text, not ?m=Text).
    """
    where = container if container is not None else st
    asked = st.query_params.get_all(key)
    choice = where.segmented_control(
        label, options, default=default, key=key, required=True, bind="query-params", help=help
    )  # at its default, out of the link: see whole_number_input
    choice = choice if choice in options else default
    if asked and not set(asked) & set(options):
        refuse(
            f"The link gives {key}={asked[-1][:40]}, which is not one of {', '.join(options)}; showing {choice}."
        )
    elif len(asked) > 1:
        refuse(f"The link gives {key} more than once; showing {choice}.")
    return choice if choice in options else default


def warn_about_flag(key: str, meaning: str) -> None:
    """A message when ``?key=`` is neither true nor false: such a link leaves ``meaning`` off.

    For on/off switches read straight from the link (``?present=``), which no widget checks.
    """
    asked = st.query_params.get_all(key)
    if asked and asked[-1].strip().lower() not in ("true", "false"):
        refuse(f"The link gives {key}={asked[-1][:40]}, which is neither true nor false; {meaning} is off.")


CUSTOM = "Custom"


def inputs_with_presets(
    fields: list[NumberField],
    presets: list[tuple[str, dict[str, int]]],
    preset_key: str,
    container=None,
) -> tuple[dict[str, int], str | None]:
    """One-click presets (pills) above a grid of URL-bound inputs (two a line) that they fill.

    The pills show whichever preset the inputs match (none when they match none), so
    they never contradict the inputs; the inputs, not the pills, are the state that
    lives in the URL. Returns the values (defaults where an input was refused, with a
    message) and the name of the matching preset.

    Drawn where the inputs are, in the same part of the page (a fragment): a click then
    reruns that part alone, and the pills are drawn again with the inputs they follow.
    Their place is held by a container until the inputs are read (in an ``st.empty`` the
    pills no longer wrap: they ran past the screen's right edge).
    """
    where = container if container is not None else st
    picker = where.container()
    values, problems = {}, []
    # One block that wraps, two boxes a line (app.css): rows of columns were three blocks a
    # row, each a render in the browser on every rerun of the view.
    grid = where.container(horizontal=True, vertical_alignment="bottom", key=f"number-grid-{preset_key}")
    for field in fields:
        values[field.key], problem = whole_number_input(
            field.label, field.key, field.default, field.low, field.high, grid, field.help
        )
        problems.append(problem)
    match = next((name for name, preset in presets if preset == values), None)
    preset_pills(presets, preset_key, match, picker)
    if container is not None:
        with container:
            show_problems(problems)
    else:
        show_problems(problems)
    return values, match


def preset_pills(
    presets: list[tuple[str, dict[str, int]]], preset_key: str, match: str | None, container=None
) -> None:
    """The presets as pills, ``match`` (the preset the inputs match, or None) chosen: a click
    copies a preset into the inputs of :func:`inputs_with_presets`.

    The pills are told their value only when it moves (a size typed in that is, or stops
    being, a preset; the reset; a link): a value set through Session State makes the browser
    bring the pills in line after they are drawn, two renders more, and after a click on a
    pill they already show it (issue 14: 10 ms of the browser's CPU a preset, paired A/B)."""
    where = container if container is not None else st
    if st.session_state.get(preset_key) != match:
        st.session_state[preset_key] = match
    where.pills(
        "Presets",
        [name for name, _ in presets],
        key=preset_key,
        on_change=_apply_preset,
        args=(preset_key, dict(presets)),
    )


def _apply_preset(preset_key: str, presets: dict[str, dict[str, int]]) -> None:
    """Copy the chosen preset into the URL-bound inputs (a callback: runs before the rerun)."""
    chosen = presets.get(st.session_state[preset_key] or "")
    if chosen:
        set_inputs({key: str(value) for key, value in chosen.items()})


def set_inputs(values: Mapping[str, object]) -> None:
    """Write ``values`` into the inputs they key (a preset, a reset, "Draw again": called from a
    callback, before the rerun), each only where it changes.

    Why: every input written through Session State is told its value again in the browser,
    which then brings the box in line after the page is painted, whether or not the value
    moved: on a test page, a box written with the value it had cost ~1.7 ms of the browser's
    main thread a rerun, about what a box whose value changed costs (``bench/bench_set_boxes.py``);
    a preset changes two to four of its four boxes.
    """
    changed = {key: value for key, value in values.items() if st.session_state.get(key) != value}
    if changed:
        st.session_state.update(changed)


def show_problems(problems: list[InputProblem | None]) -> None:
    """One warning per bad input (:func:`refuse`); the visitor's text is escaped, never rendered."""
    for problem in problems:
        if problem is not None:
            refuse(problem.message)


#: Where a session remembers the refusals it has already announced at the top of the screen.
_ANNOUNCED = "_refusals_announced"


def refuse(message: str, where=None) -> None:
    """Say that an input or a link's value was refused, and what is shown instead: a warning
    where the page asks for it (beside the input), and, the first time this session meets
    the message, a notice at the top of the screen (a toast).

    Why both: a page's inputs sit below its answer, and on a phone or a long page a link's
    bad value was announced a screen or more below what it changed (review 11, All-1): the
    visitor saw the default as if the link had worked, and a speaker would talk about the
    wrong number. The toast is shown once a session per message, so a view that keeps a bad
    value does not announce it again on every rerun. ``message`` is plain text: escaped,
    never rendered as Markdown or HTML.
    """
    text = escape_markdown(message)
    (where if where is not None else st).warning(text, icon=":material/edit_note:")
    announced = st.session_state.setdefault(_ANNOUNCED, set())
    if message not in announced:
        announced.add(message)
        st.toast(text, icon=":material/edit_note:", duration="long")


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:^&])")


def escape_markdown(text: str) -> str:
    """Make text show literally in st.markdown/st.warning (no links, HTML, LaTeX or icons).

    Every markdown character gets a backslash, and each colon is also followed by a
    zero-width space, so ``:material/error:`` can never become an icon: Streamlit reads
    icon shortcodes even after an escaped colon (checked in Chromium).
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace(":", ":\u200b")


def panel_opened_by_link(label: str, key: str, param: str, **options):
    """An expander whose content a page works out only while it is open (``panel.open``):
    opening or closing it reruns the view. A link that carries ``?param=`` (the input
    inside it) opens it.

    A closed panel costs nothing: on How many images? a thousand leading digits are ~50 ms of
    interval arithmetic for every new size, on Random images a Monte Carlo experiment up to
    ~100 ms of noise. Its state is seeded once from the link: a widget's default must not vary.
    """
    if st.query_params.get_all(param) and key not in st.session_state:
        st.session_state[key] = True
    return st.expander(label, key=key, on_change="rerun", **options)
