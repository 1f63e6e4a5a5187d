"""Shared fixtures: a fast AppTest factory for every page."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))


@pytest.fixture(scope="session", autouse=True)
def _scan_components_once():
    """Each new AppTest rescans installed packages for components (~70 ms); once is enough."""
    from streamlit.components.v2 import manifest_scanner

    original = manifest_scanner.scan_component_manifests
    manifest_scanner.scan_component_manifests = functools.cache(original)
    yield
    manifest_scanner.scan_component_manifests = original


@pytest.fixture
def open_page():
    """open_page("pages/1_Combinatorics.py", w="32") -> a finished AppTest run of that page."""
    from streamlit.testing.v1 import AppTest

    def _open(page: str = "streamlit_app.py", **query: str | list[str]):
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
        for key, value in query.items():
            at.query_params[key] = value
        if page == "streamlit_app.py":
            return at.run()
        at.switch_page(page)
        return at.run()

    return _open


@pytest.fixture
def served(monkeypatch):
    """served(url) -> the bytes the app serves at a media URL (images, downloads).

    AppTest builds a fresh MemoryMediaFileStorage per run and drops it; recording the
    instances lets a test read exactly what a browser would receive.
    """
    import streamlit.testing.v1.app_test as app_test

    stores = []

    class RecordingStorage(app_test.MemoryMediaFileStorage):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            stores.append(self)

    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", RecordingStorage)

    def get(url: str) -> bytes:
        return stores[-1].get_file(url.rsplit("/", 1)[-1].split(".")[0]).content

    return get


@pytest.fixture
def media(served):
    """media(at) -> every image a run shows, decoded, after checking each is sent as PNG."""
    import io

    import numpy as np
    from PIL import Image

    def images(at) -> list:
        out = []
        for element in at.image:
            for img in element.proto.imgs:
                assert img.url.endswith(".png"), img.url
                data = served(img.url)
                assert data[:8] == b"\x89PNG\r\n\x1a\n", "every image is sent as lossless PNG"
                out.append(np.asarray(Image.open(io.BytesIO(data))))
        return out

    return images


def page_html(at) -> str:
    """All st.html bodies of a run, joined: where the app shows its big numbers and tables."""
    return "\n".join(el.proto.body for el in at.get("html"))


def pytest_terminal_summary(terminalreporter):
    """Report how many hostile query strings the fuzz test tried (issue: 'counted')."""
    fuzz = __import__("sys").modules.get("test_fuzz")
    for page, n in sorted(getattr(fuzz, "TRIED", {}).items()):
        terminalreporter.write_line(
            f"fuzz: {n:,} generated query strings against {page}, no exception reached the page"
        )
