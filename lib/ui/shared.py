"""What every visitor on a server shares: the photos, the fitted models, the room's search.

Each is computed once per server (``st.cache_resource``) and warmed in the background, so
the second visitor never pays for it and the first pays as little as possible.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

import streamlit as st

from lib.ui.display import big_number, pixel_image

if TYPE_CHECKING:
    from lib.density import Study, StudySettings
    from lib.photo_corpus import Photo

# The photos (Pillow) and the room's search (its statistics) are imported where they are
# used: a page that shows neither, such as Combinatorics, starts ~0.1–0.3 s sooner on a
# fresh server.


@st.cache_resource(show_spinner=False)
def shipped_photos() -> list[Photo]:
    """The bundled CC0/public-domain photos, decoded once per server for every page and visitor."""
    from lib.photo_corpus import load_corpus

    return load_corpus()


@st.cache_resource(show_spinner=False)
def study_service():
    """One :class:`lib.density.StudyService` per server, shared by the Learning page and the
    talk: each setting fitted once for every visitor and every page, one fit at a time."""
    from lib.density import StudyService

    photos = shipped_photos()  # read here, in a script run: a fit may run in another thread
    pixels, names = [p.pixels for p in photos], [p.credit.key if p.credit else p.name for p in photos]
    return StudyService(lambda: (pixels, names))


def fitted_study(settings: StudySettings) -> Study:
    """The study for ``settings`` (Learning's view), with a progress bar only while something
    is fitted, from the fit's first report on: a fit done before it reports anything
    (:data:`lib.density.ladder.REPORT_AFTER_S`) draws no bar, whose four messages cost the
    browser ~14 ms of a new seed's rerun (bench_learning --browser). A new setting beyond the
    server's fitting budget gets a message and the default view, never a queue that would
    make every other visitor wait."""
    from lib.density import ServerBusy, StudySettings

    studies = study_service()  # one per server, shared with the talk
    if studies.cached(settings):
        return studies.study(settings)  # no bar: nothing to wait for
    bar = None

    def report(fraction: float, text: str) -> None:
        nonlocal bar
        if bar is None and fraction < 1.0:
            bar = st.progress(fraction, text=f"Fitting: {text} …")
        elif bar is not None:
            bar.progress(fraction, text=f"Fitting: {text} …")

    try:
        return studies.study(settings, report, always=settings == StudySettings())
    except ServerBusy as busy:
        st.info(f"Not fitted now: {busy}. Showing the default view; try again in a minute.")
        return studies.study(StudySettings(), report, always=True)
    finally:
        if bar is not None:
            bar.empty()
        _warm_default_study()  # the default view next, in the background, for the visitors to come


@st.cache_resource(show_spinner=False)
def _warm_default_study():
    """Once per server, after the first visitor's own fit (a deep link waits for no other fit)."""
    from lib.density import StudySettings

    return study_service().warm(StudySettings())


@st.cache_resource(show_spinner=False)
def background(name: str, _job) -> Future:
    """Start ``_job`` once per server in a thread of its own and return at once; ``.result()``
    waits for it where it is needed. A page warms slow figures this way before it needs them."""
    return ThreadPoolExecutor(1, thread_name_prefix=name).submit(_job)


@st.cache_resource(show_spinner=False, max_entries=256)
def computed_once(name: str, key, _compute):
    """``_compute()`` once per server for ``name`` and ``key`` (hashable: the view's inputs),
    then shared by every visitor (keep what it returns read-only): for figures that are the
    same for everyone who opens the same view, such as a talk step's exact big numbers."""
    return _compute()


#: How long the warm-up waits before it starts: the page that started it is sent first.
WARM_UP_DELAY_S = 1.0


def warm_the_server() -> None:
    """Once per server, after the first page a visitor opens (whichever it is): the slow
    figures every visitor shares start in the background, so that whoever opens the other
    pages next does not wait for them: Sampling's thinness figures, the room's yardsticks,
    and the default study of Learning and the talk (a fit of 1–2 s). Returns at once.

    A server started from ``serve.py`` has done all of this before it listened
    (:mod:`lib.ui.rehearsal`), and this finds it done. Only for a page served over a
    connection (a browser's or any websocket client's: it has request headers); a test
    that runs one page's script (AppTest, no headers) starts no fits in the background.
    """
    if st.context.headers:
        background(_WARMING, _warm_up_after_the_page)


_WARMING = "warm-the-server"


def _warm_up_after_the_page() -> None:
    import time

    time.sleep(WARM_UP_DELAY_S)  # the first page's last messages go out before this competes with them
    _warm_up()


def _warm_up() -> None:
    from lib import intrinsic_dimension as idm
    from lib.density import StudySettings

    background("thinness", idm.page_figures).result()  # the very job (and key) the Sampling page uses
    warm_room_search().result()
    study_service().warm(StudySettings()).join()
    settle_the_heap()


def finish_warming() -> None:
    """Compute every shared figure now and wait for it, then settle the heap: what a server
    does before it listens (:func:`lib.ui.rehearsal.rehearsal`). The first visitor's
    :func:`warm_the_server` then finds the same job done (one key, one job per server)."""
    background(_WARMING, _warm_up).result()


def settle_the_heap() -> None:
    """Move what the server keeps for good (modules, photos, the default fit, shared figures)
    out of the garbage collector's reach, so that its full collections scan only what
    visitors created since. A full collection over a warmed server's ~80,000 objects took
    ~50 ms, more than a page's run, and a room of phones waits on it (one process, one GIL);
    Streamlit's own collection after every run is off for the same reason
    (``runner.postScriptGC`` in ``.streamlit/config.toml``). Frozen objects are still freed
    by reference counting; only cycles among objects alive now are never collected, and
    those are the server's for good.
    """
    import gc

    gc.collect()
    gc.freeze()


def warm_room_search() -> Future:
    """The room's yardsticks (a photo's typical correlation, the bound), once per server."""
    from lib import room_yardsticks as yardsticks

    return background(
        "room-yardsticks", lambda: yardsticks.expected_wait(yardsticks.typical_photo_correlation(), 1.0)
    )


def count_noise_once(noise, drawn: tuple, slot: str = "grid") -> None:
    """Add the noise a page shows to the room's tally once per draw (``drawn`` names it): a
    rerun showing the same images again, after a click elsewhere, is not counted again."""
    from lib import room_search as room

    if st.session_state.get(f"_room_{slot}") != drawn:
        st.session_state[f"_room_{slot}"] = drawn
        room.ROOM.record(noise)


@st.fragment
def room_search_view(presenting: bool) -> None:
    """The room's counter and its best find on one screen, with "Search harder": Random
    images' panel (the science is in :mod:`lib.room_search`; the talk shows the same figures
    as a slide, :func:`lib.ui.room_slide.room_slide`).

    A fragment of its own: "Search harder" reruns this view alone, not the page around it
    (on Random images, a page of grids, charts and tables). The page's own reruns still
    redraw it, with the draws they added to the room's count."""
    from lib import room_search as room
    from lib import room_yardsticks as yardsticks

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
    tally, typical = room.ROOM.snapshot(), yardsticks.typical_photo_correlation()
    under, line = yardsticks.panel_words(tally, typical)  # the wait at a fixed pace: same URL, same words
    big_number(yardsticks.LIVE_COUNT_LABEL, f"{tally.draws:,}", under, counter)
    counter.html(f'<div class="bignum-caption room-line">{line}</div>')
    with picture:
        if tally.best is None:
            st.info("No 32×32 colour noise looked at here yet: press Search harder.")
        else:
            pixel_image(tally.best.image, "room-best", "the room's best find", 44 if presenting else 40)
            st.caption(f"The room's best find (draw {tally.best.draw:,}): still noise. Lossless, enlarged.")
    st.caption(
        f"Everyone here shares one search: at most {room.SEARCH_DRAWS_PER_SECOND:,} draws a second "
        "between you. Nothing about visitors is kept, only the counts and the best noise image, "
        "and those go back to zero whenever the app is started again."
    )
