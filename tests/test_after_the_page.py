"""``lib.ui.page.after_the_page``: work for a visitor's next step starts once the page is drawn
(on a whole run, after the body; in a part's own rerun, at once), never mid-page."""

from streamlit.testing.v1 import AppTest


def page() -> None:
    import streamlit as st

    from lib.ui.page import _view, after_the_page, run_part

    events = st.session_state.setdefault("events", [])

    def part(presenting: bool) -> None:
        events.append("part")
        after_the_page(lambda: events.append("job"))
        st.button("Draw again", key="again")

    def body(presenting: bool) -> None:
        events.append("body")
        run_part(part, presenting)
        events.append("rest of the page")

    _view(body, False, False)  # run_page's body, without the frame (its links need the app's pages)


def test_on_a_whole_run_the_job_waits_for_the_rest_of_the_page():
    at = AppTest.from_function(page).run()
    assert not at.exception
    assert at.session_state["events"] == ["body", "part", "rest of the page", "job"]
    at.button(key="again").click().run()  # AppTest reruns the whole page, the job last again
    assert at.session_state["events"][4:] == ["body", "part", "rest of the page", "job"]


def test_outside_a_run_of_the_body_the_job_runs_at_once():
    """As in a part's own rerun (a fragment rerun, which AppTest does not make): the rest of
    the page is drawn already, so nothing is kept for later."""
    from lib.ui.page import after_the_page

    events: list[str] = []
    after_the_page(lambda: events.append("job"))
    assert events == ["job"]
