"""A link to a page shows what it shows anyone, whatever the visitor did on another page
(``lib.ui.page.arrive``): pages share the names of some inputs (``size``, ``colour``, ``seed``),
each with its own meaning, and Streamlit keeps an input's value in the session under its name.

AppTest keeps one session across ``switch_page`` as a browser tab does across the sidebar's
links (the same carry-over showed in Chromium: after "Draw again", ``/Learning`` became
``/Learning?size=32&colour=rgb&seed=4``).
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from lib import density as dm
from lib.sampling_view import DEFAULTS
from lib.ui.page import _LAST_PAGE

SAMPLING, LEARNING = "pages/2_Sampling.py", "pages/3_Learning.py"


def learning_inputs(at: AppTest) -> tuple[str, str, str]:
    return (
        at.segmented_control(key="size").value,
        at.segmented_control(key="colour").value,
        at.text_input(key="seed").value,
    )


def sampling_inputs(at: AppTest) -> tuple[str, str, str]:
    return (
        at.text_input(key="size").value,
        at.segmented_control(key="colour").value,
        at.text_input(key="seed").value,
    )


def test_a_page_opened_from_another_starts_from_its_link():
    at = AppTest.from_file("../streamlit_app.py", default_timeout=120)
    at.switch_page(SAMPLING).run()
    at.text_input(key="size").set_value("16").run()  # a view of its own on Random images...
    at.button(key="draw-again").click().run()
    assert sampling_inputs(at) == ("16", "rgb", "1")
    at.switch_page(LEARNING).run()  # ...is not Memorise or model?'s
    assert not at.exception
    d = dm.StudySettings()
    assert learning_inputs(at) == (str(d.size), "grey", str(d.seed)), "Random images' inputs came along"
    at.text_input(key="seed").set_value("9").run()
    at.switch_page(SAMPLING).run()  # and back: the study's inputs stay there, Random images' are its link's
    assert not at.exception
    assert sampling_inputs(at) == (DEFAULTS["size"], DEFAULTS["colour"], DEFAULTS["seed"])


def test_the_same_page_keeps_its_inputs_and_a_link_keeps_what_it_gives():
    at = AppTest.from_file("../streamlit_app.py", default_timeout=120)
    at.switch_page(SAMPLING).run()
    at.text_input(key="seed").set_value("5").run()
    at.switch_page(SAMPLING).run()  # the same page run again (a reload's run, a toggle's)
    assert at.text_input(key="seed").value == "5"
    # Arriving from another page with a link that gives the seed (AppTest's switch_page drops
    # a link's parameters, so the arrival is the session's own: its last page another's).
    arriving = AppTest.from_file("../streamlit_app.py", default_timeout=120)
    arriving.session_state[_LAST_PAGE] = "Random images are noise"
    arriving.session_state["size"] = "32"  # Random images' size, kept in the session
    arriving.query_params["seed"] = "7"
    arriving.switch_page(LEARNING).run()
    assert not arriving.exception
    assert learning_inputs(arriving) == (str(dm.StudySettings().size), "grey", "7")
    # A link whose values the page refuses: refused with a message, the page's defaults shown,
    # not the other page's (review: "showing 16" and rgb, Random images' size and colour).
    refused = AppTest.from_file("../streamlit_app.py", default_timeout=120)
    refused.session_state[_LAST_PAGE] = "Random images are noise"
    refused.session_state["size"], refused.session_state["colour"] = "16", "rgb"
    refused.query_params["size"], refused.query_params["colour"] = "99", "blue"
    refused.switch_page(LEARNING).run()
    assert not refused.exception
    shown = " ".join(w.value for w in refused.warning)
    assert "size=99" in shown and "colour=blue" in shown, shown
    assert learning_inputs(refused)[:2] == (str(dm.StudySettings().size), "grey"), "Random images' came along"
