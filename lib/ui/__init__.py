"""Shared Streamlit helpers: page set-up, URL-bound inputs, big numbers, shared data.

The one place in ``lib/`` that imports Streamlit; every other module is plain Python. Pages
stay thin views: they read inputs with :func:`whole_number_input`, ask ``lib/`` for the
science and show it with :func:`big_number` and friends. One module per idea, the public
names re-exported here (``from lib import ui``; ``ui.run_page(main, "Title")``):

- :mod:`lib.ui.page`: configuration, styles, the sidebar, presentation mode, the page's body
  run as a fragment (an input reruns the body alone), error handling;
- :mod:`lib.ui.inputs`: whole numbers, choices and presets bound to the link;
- :mod:`lib.ui.display`: big numbers, tables, downloads, pixel-exact images;
- :mod:`lib.ui.shared`: what every visitor on a server shares (photos, fits, the room's search).
- :mod:`lib.ui.rehearsal`: the start-up rehearsal of every page before the server listens
  (``serve.py``), so that the first visitor is served warm; with it :mod:`lib.ui.no_delay`
  (each message sent at once) and :mod:`lib.ui.one_burst` (a run's messages sent together).
- :mod:`lib.ui.page_html`: the page HTML ``serve.py`` sends, with :mod:`lib.ui.deep_links`
  (a link connects at once) and :mod:`lib.ui.one_run` (a fragment's rerun handed to the page in
  one task); :mod:`lib.ui.compressed_assets` (Streamlit's scripts sent compressed) and
  :mod:`lib.ui.icon_font` (its icon font cut to the icons the app shows).
- :mod:`lib.ui.in_place`: the page's own HTML changed in place on a rerun, only where it differs.
"""

from lib.notation import exponent_html, fit_style, magnitude_html, power_html, ratio_html, rich_text
from lib.ui.display import (
    Html,
    big_number,
    big_number_html,
    download_numbers,
    pixel_figures_html,
    pixel_image,
    pixel_rows_html,
    png_of,
    side_by_side,
    table,
    table_html,
)
from lib.ui.in_place import html_in_place
from lib.ui.inputs import (
    CUSTOM,
    InputProblem,
    NumberField,
    choice_input,
    escape_markdown,
    inputs_with_presets,
    panel_opened_by_link,
    preset_pills,
    refuse,
    set_inputs,
    show_problems,
    warn_about_flag,
    whole_number_input,
)
from lib.ui.page import (
    APP_TITLE,
    FAVICON,
    PAGES,
    PRESENT_PARAM,
    link_to_this_view,
    page_link,
    presentation_bar,
    presentation_mode_requested,
    presenting,
    run_page,
    run_part,
    setup_page,
)
from lib.ui.shared import (
    background,
    computed_once,
    count_noise_once,
    fitted_study,
    room_search_view,
    shipped_photos,
    study_service,
    warm_room_search,
    warm_the_server,
)

__all__ = [
    "APP_TITLE",
    "CUSTOM",
    "FAVICON",
    "PAGES",
    "PRESENT_PARAM",
    "Html",
    "InputProblem",
    "NumberField",
    "background",
    "big_number",
    "big_number_html",
    "choice_input",
    "computed_once",
    "count_noise_once",
    "download_numbers",
    "escape_markdown",
    "exponent_html",
    "fit_style",
    "fitted_study",
    "html_in_place",
    "inputs_with_presets",
    "link_to_this_view",
    "magnitude_html",
    "page_link",
    "panel_opened_by_link",
    "pixel_figures_html",
    "pixel_image",
    "pixel_rows_html",
    "png_of",
    "power_html",
    "presentation_bar",
    "presentation_mode_requested",
    "presenting",
    "preset_pills",
    "ratio_html",
    "refuse",
    "rich_text",
    "room_search_view",
    "run_page",
    "run_part",
    "set_inputs",
    "setup_page",
    "shipped_photos",
    "show_problems",
    "side_by_side",
    "study_service",
    "table",
    "table_html",
    "warm_room_search",
    "warm_the_server",
    "warn_about_flag",
    "whole_number_input",
]
