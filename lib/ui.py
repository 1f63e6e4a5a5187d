"""Shared Streamlit helpers: page set-up, the sidebar, URL-bound inputs, big numbers.

The one module of ``lib/`` that imports Streamlit. Pages stay thin views: they read
inputs with :func:`whole_number_input`, ask ``lib/`` for the science and show it with
:func:`big_number` and friends.
"""

from __future__ import annotations

import csv
import html
import io
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import streamlit as st

from lib.inputs import parse_whole_number
from lib.notation import (  # noqa: F401  (re-exported: pages write ui.power_html)
    exponent_html,
    fit_style,
    magnitude_html,
    power_html,
    ratio_html,
    rich_text,
)
from lib.reference_figures import SEED_POST

APP_TITLE = "Why is generative modelling so hard?"
_LOGGER = logging.getLogger(__name__)

#: The pages, in story order: (path for st.page_link, label, one-line promise).
PAGES: tuple[tuple[str, str, str], ...] = (
    ("streamlit_app.py", "The argument", "the story in five numbers"),
    ("pages/1_Combinatorics.py", "How many images?", "count every possible image, exactly"),
    ("pages/2_Sampling.py", "Random images are noise", "noise next to photos, and the statistics"),
    ("pages/3_Learning.py", "Memorise or model?", "fit models live and measure them in bits"),
    ("pages/4_Talk.py", "The talk", "the argument as a deck for a clicker, one claim per screen"),
)

_CSS = """
<style>
.bignum-box { container-type: inline-size; width: 100%; }
.bignum { font-size: clamp(1.5rem, 3.2vw + 0.6rem, 3.4rem); font-weight: 700; line-height: 1.3;
          white-space: nowrap; margin: 0.1rem 0 0.2rem 0; }
.bignum sup { font-size: 0.6em; vertical-align: 0.75em; line-height: 0; }
.pow { white-space: nowrap; }
sup { line-height: 0; }
.bignum-label { font-size: 1rem; opacity: 0.8; margin-bottom: 0; }
.bignum-caption { font-size: 0.9rem; opacity: 0.75; overflow-wrap: break-word; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 0.8rem; }
.card { border: 1px solid rgba(128,128,128,0.3); border-radius: 0.5rem; padding: 0.7rem 0.9rem; }
.card h4 { font-size: 1.05rem; margin: 0 0 0.3rem 0; padding: 0; }
.card .figure { font-size: 1.45rem; font-weight: 700; line-height: 1.3; }
.card p { margin: 0.3rem 0 0 0; font-size: 0.95rem; }
.card .note { font-size: 0.8rem; opacity: 0.7; }
.card ul { margin: 0.2rem 0 0 0; padding-left: 1.1rem; font-size: 0.95rem; }
ol.sources { font-size: 0.8rem; opacity: 0.75; padding-left: 1.4rem; }
/* On a phone a three-line page title would outrank the big number and push it down. */
@media (max-width: 640px) { h1 { font-size: 1.9rem !important; } }
table.facts { width: 100%; border-collapse: collapse; font-size: 0.95rem; }
table.facts th, table.facts td { text-align: left; padding: 0.35rem 0.5rem; vertical-align: top;
          border-bottom: 1px solid rgba(128,128,128,0.3); overflow-wrap: anywhere; }
table.facts td sup { font-size: 0.7em; }
.digits { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; overflow-wrap: anywhere;
          word-break: break-all; font-size: 1.05rem; }
</style>
"""


#: The favicon ships with the app: a Material or emoji page icon is fetched from a font CDN,
#: and the app must work with no network at all.
FAVICON = str(Path(__file__).resolve().parent.parent / "assets" / "favicon.png")


_PRESENTATION_CSS = """
<style>
/* Type follows the screen's width: 28 px body text at 1920 px, 18.7 px at 1280 px (the
   same 16:9 layout at both), never below 14 px. Every Streamlit size is in rem. */
html { font-size: clamp(14px, 1.4584vw, 56px); }
.bignum { font-size: clamp(2.4rem, 6vw, 6rem); }
/* Text that is smaller than body text elsewhere is body text on a projector. */
.card p, .card ul, .card h4, table.facts, .bignum-label, .bignum-caption, .digits { font-size: 1rem; }
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"] { display: none; }
[data-testid="stMainBlockContainer"] { padding: 0.6rem 2rem 1rem 2rem; max-width: 100%; }
[data-testid="stSidebarCollapsedControl"] { display: none; }
.st-key-present-bar { position: sticky; top: 0; z-index: 990; gap: 0.2rem 0.9rem;
    background: var(--st-background-color, #fff); padding-bottom: 0.2rem;
    border-bottom: 1px solid rgba(128,128,128,0.25); }
.st-key-present-bar p, .st-key-present-bar a, .st-key-present-bar button { font-size: 0.55rem !important; }
.st-key-present-bar [data-testid="stPageLink"] a { padding: 0 0.25rem; min-height: 0; }
.st-key-present-bar button { min-height: 0; padding: 0.1rem 0.5rem; }
</style>
"""

#: Where the page remembers, for this run, whether it is being presented; the sidebar's toggle.
_PRESENTING_KEY = "_presenting"
_TOGGLE_KEY = "present-toggle"
PRESENT_PARAM = {"present": "true"}


def presentation_mode_requested() -> bool:
    """?present=true in the link: read before the page is configured (sidebar collapsed)."""
    asked = st.query_params.get_all("present")
    return bool(asked) and asked[-1].lower() == "true"


def presenting() -> bool:
    """Is this page being presented (large type, tall charts)? Ask after :func:`setup_page`.

    Chart builders take it as their ``presenting`` flag, so chart heights follow the mode.
    """
    return bool(st.session_state.get(_PRESENTING_KEY, False))


def setup_page(title: str, *, always_presenting: bool = False) -> bool:
    """Configure the page, add the shared styles, the sidebar and, when presenting, the
    top bar. Call first on every page; returns whether the page is being presented.

    ``always_presenting`` is for the talk, which is always in presentation mode: it has
    no toggle, and its bar leaves the talk instead.
    """
    presenting_now = always_presenting or presentation_mode_requested()
    st.set_page_config(
        page_title=f"{title} · {APP_TITLE}",
        page_icon=FAVICON,
        layout="wide",
        initial_sidebar_state="collapsed" if presenting_now else "auto",
    )
    st.html(_CSS)
    with st.sidebar:
        st.markdown(f"**{APP_TITLE}**")
        links = st.container()  # filled once the toggle has said whether we present
        if not always_presenting:
            # Not bound to the URL: a bound toggle carries its old state into the next page and
            # drops the ?present=true a link brings. The link decides; the toggle follows it.
            st.session_state[_TOGGLE_KEY] = presenting_now
            st.toggle(
                "Presentation mode",
                key=_TOGGLE_KEY,
                on_change=_toggle_presentation,
                help="Large type and a bar of pages on top, for a projector. Links keep it: ?present=true",
            )
        st.caption(
            f"Explains “{SEED_POST['title']}” by {SEED_POST['author']} "
            f"({SEED_POST['venue']}, {SEED_POST['date']}). Every number is exact "
            "or labelled as an estimate with its source."
        )
    for path, label, promise in PAGES:
        page_link(path, label, help=promise, keep_present=presenting_now, container=links)
    st.session_state[_PRESENTING_KEY] = presenting_now
    warn_about_flag("present", "presentation mode")  # added by the Combinatorics owner (issue 9)
    if presenting_now:
        st.html(_PRESENTATION_CSS)
        if not always_presenting:
            presentation_bar()
    return presenting_now


def page_link(
    path: str,
    label: str,
    *,
    icon: str | None = None,
    help: str | None = None,
    keep_present: bool | None = None,
    container=None,
) -> None:
    """st.page_link that keeps presentation mode: the link carries ?present=true when on.

    Use it for every link between pages (st.page_link alone drops every parameter).
    """
    where = container if container is not None else st
    on = presenting() if keep_present is None else keep_present
    where.page_link(path, label=label, icon=icon, help=help, query_params=PRESENT_PARAM if on else None)


def presentation_bar() -> None:
    """The pages and a way out, on one small line at the top (the header is hidden)."""
    with st.container(horizontal=True, key="present-bar", vertical_alignment="center"):
        for path, label, promise in PAGES:
            page_link(path, label, help=promise, keep_present=True)
        st.button(
            "Leave presentation mode",
            key="present-exit",
            on_click=_leave_presentation,
            icon=":material/close_fullscreen:",
            help="Back to normal type, with the sidebar's menu",
        )


def _toggle_presentation() -> None:
    if st.session_state[_TOGGLE_KEY]:
        st.query_params["present"] = "true"
    else:
        _leave_presentation()


def _leave_presentation() -> None:
    if "present" in st.query_params:
        del st.query_params["present"]


def run_page(body, *, link_to_view: bool = True) -> None:
    """Run a page's body; an unexpected error becomes a message a visitor understands.

    Community Cloud hides error details, so without this a visitor would see only
    "Oh no". The error is still logged for the maintainer. ``link_to_view=False`` leaves
    out the copyable link (the talk keeps every step on one screen).
    """
    try:
        body()
    except Exception:
        _LOGGER.exception("page failed")
        st.error(
            "Something in this view went wrong, and it is our fault, not yours. "
            "Change an input or go back to the post's example; the rest of the app "
            "keeps working.",
            icon=":material/error:",
        )
    if link_to_view:
        link_to_this_view()


def link_to_this_view() -> None:
    """The full link to what is on screen (every input is in it), ready to copy."""
    base = st.context.url
    if not base:
        return
    query = urlencode([(key, value) for key in st.query_params for value in st.query_params.get_all(key)])
    with st.expander("Link to this view", icon=":material/link:"):
        st.code(base + (f"?{query}" if query else ""), language=None, wrap_lines=True)
        st.caption("Every input of this page is in the link: paste it into a slide.")


# -- URL-bound inputs -------------------------------------------------------------------------
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

    The box is created without a default and its state seeded once: a callback (a preset,
    a reset) may then set it without Streamlit logging "created with a default value but
    also had its value set via the Session State API". The link's value still wins.
    """
    where = container if container is not None else st
    asked = st.query_params.get_all(key)
    repeated = len(asked) > 1
    st.session_state.setdefault(key, str(default))
    text = where.text_input(label, key=key, bind="query-params", help=help)
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
    st.session_state.setdefault(key, default)  # seeded, not a default: see whole_number_input
    choice = where.segmented_control(label, options, key=key, required=True, bind="query-params", help=help)
    choice = choice if choice in options else default
    if asked and not set(asked) & set(options):
        st.warning(
            escape_markdown(
                f"The link gives {key}={asked[-1][:40]}, which is not one of {', '.join(options)}; "
                f"showing {choice}."
            ),
            icon=":material/edit_note:",
        )
    elif len(asked) > 1:
        st.warning(
            escape_markdown(f"The link gives {key} more than once; showing {choice}."),
            icon=":material/edit_note:",
        )
    return choice if choice in options else default


def warn_about_flag(key: str, meaning: str) -> None:
    """A message when ``?key=`` is neither true nor false: such a link leaves ``meaning`` off.

    For on/off switches read straight from the link (``?present=``), which no widget checks.
    """
    asked = st.query_params.get_all(key)
    if asked and asked[-1].strip().lower() not in ("true", "false"):
        st.warning(
            escape_markdown(
                f"The link gives {key}={asked[-1][:40]}, which is neither true nor false; {meaning} is off."
            ),
            icon=":material/edit_note:",
        )


CUSTOM = "Custom"


def inputs_with_presets(
    fields: list[NumberField],
    presets: list[tuple[str, dict[str, int]]],
    preset_key: str,
    container=None,
    per_row: int = 2,
) -> tuple[dict[str, int], str | None]:
    """One-click presets (pills) above a grid of URL-bound inputs that they fill.

    The pills show whichever preset the inputs match (none when they match none), so
    they never contradict the inputs; the inputs, not the pills, are the state that
    lives in the URL. Returns the values (defaults where an input was refused, with a
    message) and the name of the matching preset.
    """
    where = container if container is not None else st
    picker = where.container()
    values, problems = {}, []
    for start in range(0, len(fields), per_row):
        row = fields[start : start + per_row]
        boxes = where.columns(per_row, vertical_alignment="bottom")
        for box, field in zip(boxes, row):
            values[field.key], problem = whole_number_input(
                field.label, field.key, field.default, field.low, field.high, box, field.help
            )
            problems.append(problem)
    match = next((name for name, preset in presets if preset == values), None)
    st.session_state[preset_key] = match
    picker.pills(
        "Presets",
        [name for name, _ in presets],
        key=preset_key,
        on_change=_apply_preset,
        args=(preset_key, dict(presets)),
    )
    if container is not None:
        with container:
            show_problems(problems)
    else:
        show_problems(problems)
    return values, match


def _apply_preset(preset_key: str, presets: dict[str, dict[str, int]]) -> None:
    """Copy the chosen preset into the URL-bound inputs (a callback: runs before the rerun)."""
    chosen = presets.get(st.session_state[preset_key] or "")
    if chosen:
        st.session_state.update({key: str(value) for key, value in chosen.items()})


def show_problems(problems: list[InputProblem | None]) -> None:
    """One warning per bad input; the visitor's text is escaped, never rendered."""
    for problem in problems:
        if problem is not None:
            st.warning(escape_markdown(problem.message), icon=":material/edit_note:")


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:^&])")


def escape_markdown(text: str) -> str:
    """Make text show literally in st.markdown/st.warning (no links, HTML, LaTeX or icons).

    Every markdown character gets a backslash, and each colon is also followed by a
    zero-width space, so ``:material/error:`` can never become an icon: Streamlit reads
    icon shortcodes even after an escaped colon (checked in Chromium).
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace(":", ":\u200b")


# -- big numbers ------------------------------------------------------------------------------
# power_html, magnitude_html, exponent_html, ratio_html and rich_text live in lib.notation
# (plain string building, tested without Streamlit) and are re-exported here.


def big_number(label: str, value_html: str, caption: str = "", container=None) -> None:
    """A number too big for st.metric (which truncates), on one line at any width.

    The expression never wraps; its type shrinks to fit its column instead (see
    :func:`lib.notation.fit_style`), and grows with presentation mode's larger rem.
    """
    where = container if container is not None else st
    where.html(
        f'<div class="bignum-box"><div class="bignum-label">{html.escape(label)}</div>'
        f'<div class="bignum" style="{fit_style(value_html)}">{value_html}</div>'
        + (f'<div class="bignum-caption">{_cell(caption)}</div>' if caption else "")
        + "</div>"
    )


def cards(cards_html: list[str], container=None) -> None:
    """Short cards (from :func:`lib.notation.card_html`) in a grid that stacks on a phone."""
    where = container if container is not None else st
    where.html(f'<div class="cards">{"".join(cards_html)}</div>')


class Html(str):
    """Markup built by the app itself (never from visitor input): shown as-is in tables."""


def table(headers: list[str], rows: list[list[str]], container=None) -> None:
    """An HTML table whose cells wrap instead of being cut off (st.dataframe truncates)."""
    where = container if container is not None else st

    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in rows)
    where.html(f'<table class="facts"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')


def _cell(value: str) -> str:
    """Our own markup passes; any other text is escaped."""
    return value if isinstance(value, Html) else html.escape(str(value))


def download_numbers(numbers: dict[str, str], stem: str, container=None) -> None:
    """The numbers of a view as CSV and as JSON, downloaded without a rerun."""
    where = container if container is not None else st
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["quantity", "value"])
    writer.writerows(numbers.items())
    left, right = where.columns(2)
    left.download_button(
        "Numbers as CSV",
        text.getvalue(),
        file_name=f"{stem}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/table:",
    )
    right.download_button(
        "Numbers as JSON",
        json.dumps(numbers, indent=2, ensure_ascii=False),
        file_name=f"{stem}.json",
        mime="application/json",
        on_click="ignore",
        icon=":material/data_object:",
    )


# -- data shared by every page (added by the Sampling owner) ----------------------------------
from lib.photo_corpus import Photo, load_corpus  # noqa: E402  (kept beside its one use)


@st.cache_resource(show_spinner=False)
def shipped_photos() -> list[Photo]:
    """The bundled CC0/public-domain photos, decoded once per server for every page and visitor."""
    return load_corpus()


@st.cache_resource(show_spinner=False)
def study_service():
    """One :class:`lib.density.StudyService` per server, shared by the Learning page and the
    talk: each setting fitted once for every visitor and every page, one fit at a time
    (added by the Talk owner)."""
    from lib.density import StudyService

    photos = shipped_photos()  # read here, in a script run: a fit may run in another thread
    pixels, names = [p.pixels for p in photos], [p.credit.key if p.credit else p.name for p in photos]
    return StudyService(lambda: (pixels, names))


def pixel_image(pixels, key: str, alt: str, max_height_vh: int | None = None) -> bytes:
    """An image shown pixel-exact: a lossless PNG enlarged by the largest whole factor that
    fits its column (never a fraction, never smoothed, so noise shows no moiré); when it
    is wider than its column it is shown at 1:1 and scrolls sideways instead of shrinking.
    ``key`` names the element (CSS class ``st-key-<key>``); ``max_height_vh`` caps the
    enlarged height at that share of the window's height (still by a whole factor), so a
    picture and what follows it fit one screen. Returns the PNG sent. Added by the
    Sampling owner.
    """
    from lib.photo_corpus import encode_png

    width, height = int(pixels.shape[1]), int(pixels.shape[0])
    room = "100%" if max_height_vh is None else f"min(100%, {max_height_vh * width / height:.3f}vh)"
    st.html(
        f"<style>.st-key-{key} [data-testid='stFullScreenFrame'] div {{ width: 100%; justify-content: start; }}"
        f" .st-key-{key} img {{ image-rendering: pixelated; max-width: none !important; height: auto;"
        f" width: max(round(down, {room}, {width}px), {width}px) !important; }}"
        f" .st-key-{key} {{ overflow-x: auto; }}</style>"
    )
    png = encode_png(pixels)
    with st.container(key=key):
        st.image(png, output_format="PNG", width="stretch", alt=alt)
    return png


def side_by_side(key: str, count: int = 2) -> list:
    """``count`` columns that stay side by side at every width, phones included (Streamlit
    stacks columns below 640 px): for pictures meant to be compared. Added by the Sampling owner.
    """
    st.html(
        f"<style>.st-key-{key} [data-testid='stHorizontalBlock'] {{ flex-wrap: nowrap !important; }}"
        f" .st-key-{key} [data-testid='stColumn'] {{ min-width: 0 !important; flex: 1 1 0 !important; }}</style>"
    )
    with st.container(key=key):
        return list(st.columns(count, gap="small"))


# -- the room's search (issue 15): one view for the Sampling page and the talk ---------------
import math  # noqa: E402  (kept beside their use)
from concurrent.futures import Future, ThreadPoolExecutor  # noqa: E402

from lib import room_search as room  # noqa: E402
from lib.reference_figures import AGE_OF_UNIVERSE_YEARS  # noqa: E402


@st.cache_resource(show_spinner=False)
def background(name: str, _job) -> Future:
    """Start ``_job`` once per server in a thread of its own and return at once; ``.result()``
    waits for it where it is needed. A page warms slow figures this way before it needs them."""
    return ThreadPoolExecutor(1, thread_name_prefix=name).submit(_job)


def warm_room_search() -> Future:
    """The room's yardsticks (a photo's typical correlation, the bound), once per server."""
    return background("room-yardsticks", lambda: room.expected_wait(room.typical_photo_correlation(), 1.0))


def count_noise_once(noise, drawn: tuple, slot: str = "grid") -> None:
    """Add the noise a page shows to the room's tally once per draw (``drawn`` names it): a
    rerun showing the same images again, after a click elsewhere, is not counted again."""
    if st.session_state.get(f"_room_{slot}") != drawn:
        st.session_state[f"_room_{slot}"] = drawn
        room.ROOM.record(noise)


def room_search_view(presenting: bool, *, heading: bool = True) -> None:
    """The room's counter and its best find on one screen, with "Search harder" (the Sampling
    page and the talk; the science is in :mod:`lib.room_search`)."""
    if heading:
        st.markdown("### The room's search through image space")
    picture, numbers = st.columns([2, 3], gap="large", vertical_alignment="center")
    counter = numbers.container()
    if numbers.button(
        f"Search harder: {room.SEARCH_CLICK_DRAWS:,} more noise images for the room",
        key="room-search-harder",
        icon=":material/search:",
    ):
        run = room.ROOM.search_harder()
        (numbers.warning if run.refused else numbers.success)(run.message())
    warm_room_search().result()
    tally, typical = room.ROOM.snapshot(), room.typical_photo_correlation()
    wait = room.expected_wait(typical, tally.draws_per_second)
    best = "none yet" if tally.best is None else f"{tally.best.correlation:.3f}"
    big_number(
        "noise images this room has looked at since the server started",
        f"{tally.draws:,}",
        f"{tally.searched:,} by Search harder; {tally.draws_per_second:,.1f} a second over the last minute",
        counter,
    )
    line = f"Most photo-like so far: neighbour correlation <b>{best}</b>; a photo's: <b>{typical:.2f}</b>."
    if wait.log10_years is not None:
        line += (
            f" At this pace, one noise image as smooth (≥ {wait.threshold:.2f}) takes at least "
            f"10<sup>{math.floor(wait.log10_years):,}</sup> years: a rigorous bound. "
            f"The universe is {rich_text(AGE_OF_UNIVERSE_YEARS.label)} years old."
        )
    counter.html(f'<div class="bignum-caption room-line">{line}</div>')
    with picture:
        if tally.best is None:
            st.info("No 32×32 colour noise yet since the server started: press Search harder.")
        else:
            pixel_image(tally.best.image, "room-best", "the room's best find", 44 if presenting else 40)
            st.caption(f"The room's best find (draw {tally.best.draw:,}): still noise. Lossless, enlarged.")
    st.caption(
        f"Everyone on this server shares this count. Search harder is capped at "
        f"{room.SEARCH_DRAWS_PER_SECOND:,} draws a second for the whole server. Nothing about "
        "visitors is kept, only the counts and the best noise image; it resets when the server restarts."
    )
