"""What a visitor's first run compiles (issue 14: the first request at the floor).

Streamlit clears its cache of compiled page scripts whenever a session connects, so every
visitor's first run compiles its page again; with "magic" on, that compile first rewrites
the page's syntax tree (~7–21 ms of CPU for a 250-line page, ~10× the compile itself). No
page writes a bare expression, so magic is off in the app's config.
"""

from __future__ import annotations

import ast
import tomllib

import pytest
from conftest import PAGES, ROOT


def test_magic_is_off_in_the_apps_config():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["magicEnabled"] is False


@pytest.mark.parametrize("page", ["streamlit_app.py", *PAGES])
def test_no_page_relies_on_magic(page):
    """Magic would write each bare expression that is not a call or a docstring: there is none."""
    from streamlit.runtime.scriptrunner import magic

    source = (ROOT / page).read_text(encoding="utf-8")
    assert "transparent_write" not in ast.dump(magic.add_magic(source, page))
