"""Page set-up shared by every page: configuration, styles, the sidebar, presentation mode.

Presentation mode (``?present=true``) is a property of the link, so that a slide's link opens
the page ready for a projector, and every link between pages keeps it (:func:`page_link`).
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from pathlib import Path
from urllib.parse import urlencode

import streamlit as st

from lib.reference_figures import SEED_POST
from lib.ui.inputs import set_inputs, warn_about_flag
from lib.ui.shared import warm_the_server

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


#: The favicon ships with the app: a Material or emoji page icon is fetched from a font CDN,
#: and the app must work with no network at all.
ASSETS = Path(__file__).resolve().parent.parent.parent / "assets"
FAVICON = str(ASSETS / "favicon.png")
#: The favicon as a data URL, read once: given the file's path, st.set_page_config reads
#: and registers it again on every run of every page (~2 ms of a server's one GIL a run).
_FAVICON_URL = "data:image/png;base64," + base64.b64encode(Path(FAVICON).read_bytes()).decode("ascii")


def _style(name: str) -> str:
    """A stylesheet from ``assets/style/`` as a <style> element (read once, at import)."""
    return f"<style>\n{(ASSETS / 'style' / name).read_text(encoding='utf-8')}</style>"


_CSS = _style("app.css")
_PRESENTATION_CSS = _style("presentation.css")


#: Where the page remembers, for this run, whether it is being presented; the sidebar's toggle.
_PRESENTING_KEY = "_presenting"
_TOGGLE_KEY = "present-toggle"
PRESENT_PARAM = {"present": "true"}


def presentation_mode_requested() -> bool:
    """?present=true in the link: read before the page is configured (sidebar collapsed).
    Spaces around the value are forgiven, as :func:`lib.ui.inputs.warn_about_flag` forgives
    them (a link that gets no warning must not be left off)."""
    asked = st.query_params.get_all("present")
    return bool(asked) and asked[-1].strip().lower() == "true"


def presenting() -> bool:
    """Is this page being presented (large type, tall charts)? Ask after :func:`setup_page`.

    Chart builders take it as their ``presenting`` flag, so chart heights follow the mode.
    """
    return bool(st.session_state.get(_PRESENTING_KEY, False))


def setup_page(title: str, *, always_presenting: bool = False) -> bool:
    """Configure the page, add the shared styles, the sidebar and, when presenting, the
    top bar. Call first on every page; returns whether the page is being presented.

    ``always_presenting`` is for the talk, which is always in presentation mode: it has
    no sidebar (so no toggle), and its bar leaves the talk instead.
    """
    presenting_now = always_presenting or presentation_mode_requested()
    st.set_page_config(
        page_title=f"{title} · {APP_TITLE}",
        page_icon=_FAVICON_URL,
        layout="wide",
        initial_sidebar_state="collapsed" if presenting_now else "auto",
    )
    st.html(_CSS)
    # The talk's sidebar could never be opened (presentation.css hides its control): not drawn,
    # neither on its first run nor in the tree every key press re-renders.
    if not always_presenting:
        with st.sidebar:
            st.markdown(f"**{APP_TITLE}**")
            for path, label, promise in PAGES:  # presenting_now already reflects the toggle's callback
                page_link(path, label, help=promise, keep_present=presenting_now)
            # Not bound to the URL: a bound toggle carries its old state into the next page and
            # drops the ?present=true a link brings. The link decides; the toggle follows it,
            # told only when it moves: a value set through Session State makes the browser bring
            # the toggle in line after drawing it, two renders more on every whole-page rerun.
            if st.session_state.get(_TOGGLE_KEY) != presenting_now:
                st.session_state[_TOGGLE_KEY] = presenting_now
            st.toggle(
                "Presentation mode",
                key=_TOGGLE_KEY,
                on_change=_toggle_presentation,
                help="Large type and a bar of pages on top, for a projector. Links keep it: ?present=true",
            )
            st.caption(
                f"Explains “{SEED_POST['title']}” by {SEED_POST['author']} "
                f"({SEED_POST['venue']}, {SEED_POST['date']}). Counts are exact; what is rounded, "
                "measured or estimated says so, and outside figures name their source."
            )
    st.session_state[_PRESENTING_KEY] = presenting_now
    warn_about_flag("present", "presentation mode")
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


def run_page(
    body: Callable[[bool], None],
    title: str,
    *,
    always_presenting: bool = False,
    link_to_view: bool = True,
    inputs: Mapping[str, object] | None = None,
) -> None:
    """Set the page up (:func:`setup_page`), then run its body, which is given whether the
    page is being presented; an unexpected error becomes a message a visitor understands.

    The body runs as a fragment: an input, preset or button inside it reruns the body
    alone. The page's frame (its configuration, styles, sidebar and presentation bar) is
    the same for every input, so a rerun neither rebuilds it on the server nor redraws
    it in the browser (five page links, a toggle and a caption: ~12% of a Combinatorics
    rerun, bench/bench_pages.py). What is outside the body (the sidebar's toggle, the
    links) reruns the whole page, as before.

    Community Cloud hides error details, so without this a visitor would see only
    "Oh no". The error is still logged for the maintainer. ``link_to_view=False`` leaves
    out the copyable link (the talk keeps every step on one screen). The first page run on
    a server starts the shared figures of the other pages in the background
    (:func:`lib.ui.shared.warm_the_server`). ``inputs``: the page's URL-bound inputs and their
    defaults, which a visitor arriving from another page finds as the link gives them
    (:func:`arrive`).
    """
    try:
        presenting_now = setup_page(title, always_presenting=always_presenting)
    except Exception:  # the page's own content may still work without its frame
        _LOGGER.exception("page set-up failed")
        presenting_now = always_presenting
    arrive(title, inputs or {})
    _view(body, presenting_now, link_to_view)
    if not always_presenting:
        way_on(title, presenting_now)
    warm_the_server()


#: Session State key of the page the session's last whole run drew (its title).
_LAST_PAGE = "_last_page"


def arrive(title: str, inputs: Mapping[str, object]) -> None:
    """A visitor who comes from another page finds this page as its link shows it: each of
    ``inputs`` (key -> default) starts at its default before the page draws it (a callback's
    way: the box is told its value), unless the link gives it.

    Why: pages share the names of some inputs (``size``, ``colour``, ``seed``), each with its
    own meaning, and Streamlit keeps an input's value in the session under its name. After a
    draw on Random images (32×32 RGB, seed 4), the sidebar's "Memorise or model?" opened a
    32×32 RGB study of seed 4 where its link, ``/Learning``, shows 8×8 grey patches of seed 0;
    and a seed typed on the study came back to Random images. A link to a page now shows what
    it shows anyone. The same page run again (an input, a toggle, a reload) keeps its inputs.
    """
    came_from = st.session_state.get(_LAST_PAGE)
    st.session_state[_LAST_PAGE] = title
    if came_from is not None and came_from != title:
        set_inputs(inputs)  # a value the link gives still wins (its binding's), a bad one refused


def next_page(title: str) -> tuple[str, str, str] | None:
    """The page after the one titled ``title`` in the story's order (:data:`PAGES`), or None
    after the last page or for a title that is not a page's.

    >>> next_page("How many images?")[1]
    'Random images are noise'
    >>> next_page("The talk") is None, next_page("elsewhere") is None
    (True, True)
    """
    labels = [label for _, label, _ in PAGES]
    at = labels.index(title) + 1 if title in labels else len(PAGES)
    return PAGES[at] if at < len(PAGES) else None


def way_on(title: str, presenting_now: bool) -> None:
    """Where the argument goes next, at the foot of the page: a student reading alone found the
    next page only in the sidebar, on a phone behind its » icon (review 15, Flow-1), as an essay
    ends each part with the way on. Outside the body's fragment: drawn on a whole run, never
    re-sent by an input's rerun; it keeps presentation mode as every link does."""
    after = next_page(title)
    if after is not None:
        path, label, promise = after  # the promise as help: a phone cuts a label wider than itself
        page_link(
            path, f"Next: {label}", icon=":material/arrow_forward:", help=promise, keep_present=presenting_now
        )


def run_part(body: Callable[[bool], None], presenting_now: bool) -> None:
    """Run a stretch of a page's body as a fragment of its own, nested in the body's: an
    input inside it reruns that stretch alone, and what the page shows outside it is neither
    rebuilt nor re-sent. Everything that depends on its inputs must be inside it. An
    unexpected error in it gets the same message as one in the body.

    One thing outside it does follow its inputs: the open "Link to this view" panel, at the
    end of the body, shows the link of the view it was drawn for. When a part's rerun moves
    the view on while that panel is open, the whole page runs again, so the link on screen
    is never an old view's (one whole run, and only while the panel is open)."""
    _view(body, presenting_now, False, part=True)


@st.fragment
def _view(body: Callable[[bool], None], presenting_now: bool, link_to_view: bool, part: bool = False) -> None:
    around = _IN_BODY.set(True) if not part else None
    after = _AFTER_BODY.set([]) if not part else None
    try:
        body(presenting_now)
    except Exception:
        _LOGGER.exception("page failed")
        st.error(
            "Something in this view went wrong, and it is our fault, not yours. "
            "Change an input or go back to the post's example; the rest of the app "
            "keeps working.",
            icon=":material/error:",
        )
    finally:
        if around is not None:
            _IN_BODY.reset(around)
        jobs = _AFTER_BODY.get() if after is not None else None
        if after is not None:  # reset even when the run stops or reruns early
            _AFTER_BODY.reset(after)
    if link_to_view:
        link_to_this_view()
    # A part rerunning alone (not within a run of the body, which redraws the link after it):
    elif part and not _IN_BODY.get() and st.session_state.get(_LINK_SHOWN) not in (None, _view_query()):
        st.rerun()  # the open link, outside this part, is of the view before this rerun
    for job in jobs or ():
        job()


#: True while a page's body runs (in this script thread), so a part inside it knows that it
#: is not rerunning alone.
_IN_BODY: ContextVar[bool] = ContextVar("in_page_body", default=False)
#: What :func:`after_the_page` keeps for the end of the body's run; None outside one.
_AFTER_BODY: ContextVar[list[Callable[[], object]] | None] = ContextVar("after_page_body", default=None)


def after_the_page(job: Callable[[], object]) -> None:
    """Call ``job`` once this run has drawn its page: at the end of the page's body, or at once
    in a part's own rerun (the rest of its page is drawn already).

    For work done ahead of a visitor's next step, which starts a thread: offered from inside a
    part on a whole page's run, that thread would share Python's lock with the rest of the page
    still being built for the visitor who is waiting for it.
    """
    pending = _AFTER_BODY.get()
    if pending is None:
        job()
    else:
        pending.append(job)


#: Session State key of the query string the open "Link to this view" panel shows (absent
#: while the panel is closed).
_LINK_SHOWN = "view-link-shown"


def _view_query() -> str:
    return urlencode([(key, value) for key in st.query_params for value in st.query_params.get_all(key)])


@st.fragment
def link_to_this_view() -> None:
    """The full link to what is on screen (every input is in it), ready to copy. A fragment:
    opening it reruns the panel alone, not the page."""
    base = st.context.url
    if not base:
        return
    query = _view_query()
    # Filled only while open (one rerun to open it): two elements fewer on every rerun of
    # every page, each a render in the browser.
    with st.expander(
        "Link to this view", icon=":material/link:", key="view-link", on_change="rerun"
    ) as panel:
        if panel.open:
            st.session_state[_LINK_SHOWN] = query  # read by run_part: the view this link is of
            st.code(base + (f"?{query}" if query else ""), language=None, wrap_lines=True)
            st.caption("Every input of this page is in the link: paste it into a slide.")
        else:
            st.session_state.pop(_LINK_SHOWN, None)
