"""Real-browser tests: a fresh server, the system Chromium, deep links first.

Chromium comes from Debian (``apt-get install chromium``); Playwright never downloads a
browser here. Without /usr/bin/chromium these tests skip, except under CI, where
they fail. ``UPDATE_SCREENSHOTS=1`` also writes the README's screenshots.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FINISHED = (
    '[data-testid="stApp"][data-test-connection-state="CONNECTED"][data-test-script-state="notRunning"]'
)
SCREENSHOTS = ROOT / "assets" / "screenshots"


@pytest.fixture(scope="session", autouse=True)
def _require_chromium():
    if not os.path.exists(CHROMIUM):
        reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(reason + " — browser tests are required in CI")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(script: str = "streamlit_app.py") -> tuple[subprocess.Popen, str]:
    """A freshly started Streamlit server on a free local port, ready to serve."""
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
            # As on Community Cloud: no error details for visitors, XSRF protection on.
            "--client.showErrorDetails",
            "none",
            "--server.enableXsrfProtection",
            "true",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.read() == b"ok":
                    return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the Streamlit server did not start within 60 s")


@pytest.fixture
def fresh_server():
    """A new server per test, so the first request it ever sees is the test's deep link."""
    process, url = start_server()
    yield url
    process.terminate()
    process.wait(timeout=20)


def wait_for_run(page) -> None:
    """Wait until a script run has rendered the page and finished.

    "notRunning" alone also holds in the instant before the first run starts, so the
    page's own content (the title) must be there too.
    """
    page.wait_for_function(
        f"() => document.querySelector('{FINISHED}') !== null"
        " && document.querySelector('[data-testid=\"stMain\"] h1') !== null",
        polling="raf",
        timeout=60_000,
    )


def save_screenshot(page, name: str, tmp_path: Path) -> Path:
    """A full-page screenshot (the viewport is stretched to the page: stMain scrolls)."""
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": page.viewport_size["width"], "height": min(height + 40, 8000)})
    page.wait_for_timeout(300)
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if os.environ.get("UPDATE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, SCREENSHOTS / path.name)
    return path


def record_requests(page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def assert_offline(requests: list[str]) -> None:
    """The browser asked nothing of any host but the app's own (fonts, icons, charts included)."""
    foreign = [
        u for u in requests if urlparse(u).hostname != "127.0.0.1" and not u.startswith(("data:", "blob:"))
    ]
    assert requests and not foreign, foreign


def test_deep_link_first_on_a_fresh_server(fresh_server, page, tmp_path):
    """The very first request a new server gets is a deep link: it renders fully, with its title."""
    page.set_viewport_size({"width": 1400, "height": 900})
    requests = record_requests(page)
    page.goto(f"{fresh_server}/Combinatorics?w=32&h=32&c=3&bits=8")
    wait_for_run(page)
    assert page.title() == "How many images? · Why is generative modelling so hard?"
    assert page.get_by_role("heading", name="How many different images are there?").is_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    expect(page.get_by_label("Width (pixels)")).to_have_value("32")
    expect(page.locator(".bignum").first).to_contain_text("7,398")
    # Everything on the page is below the headline: the chart and the post's panel rendered.
    page.locator(
        '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg'
    ).first.wait_for()
    page.get_by_text("The post says / exactly").scroll_into_view_if_needed()
    assert page.locator("table.facts").count() >= 5
    assert_offline(requests)
    save_screenshot(page, "combinatorics", tmp_path)


def test_home_page_and_its_links(fresh_server, page, tmp_path):
    page.set_viewport_size({"width": 1400, "height": 900})
    requests = record_requests(page)
    page.goto(fresh_server)
    wait_for_run(page)
    assert_offline(requests)
    assert page.title() == "The argument · Why is generative modelling so hard?"
    expect(page.locator(".bignum").first).to_contain_text("68,181,011")
    save_screenshot(page, "home", tmp_path)
    page.get_by_role("link", name="Count any image size exactly").click()
    page.wait_for_url("**/Combinatorics")
    expect(page.locator(".bignum").first).to_contain_text("68,181,011")


def test_typing_updates_the_url_and_bad_links_get_a_message(fresh_server, page):
    requests = record_requests(page)
    page.goto(f"{fresh_server}/Combinatorics?w=abc")
    wait_for_run(page)
    expect(page.get_by_text("is not a whole number")).to_be_visible()
    page.get_by_text("More digits: the first and the last").click()
    page.get_by_role("button", name="Download these digits (.txt)").wait_for()
    box = page.get_by_label("Width (pixels)")
    box.fill("28")
    box.press("Enter")
    expect(page.get_by_role("heading", level=3).first).to_contain_text("28×4,096")
    assert parse_qs(urlparse(page.url).query)["w"] == ["28"]
    assert_offline(requests)


def test_sampling_page_with_an_upload(fresh_server, page, tmp_path):
    """Deep link first, then a visitor's photo joins the pool (the uploader under XSRF defaults)."""
    from PIL import Image

    from lib.photo_corpus import load_corpus

    photo = tmp_path / "my photo.png"
    Image.fromarray(load_corpus()[1].pixels[:300, :300]).save(photo)
    page.set_viewport_size({"width": 1400, "height": 900})
    requests = record_requests(page)
    page.goto(f"{fresh_server}/Sampling?size=32&n=16&seed=3")
    wait_for_run(page)
    assert page.title() == "Random images are noise · Why is generative modelling so hard?"
    expect(page.get_by_text("16 uniformly random 32×32 RGB images")).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    # The grids arrive as PNG and are drawn without smoothing.
    first = page.locator('[data-testid="stImage"] img').first
    expect(first).to_have_attribute("src", re.compile(r"\.png$"))
    assert first.evaluate("img => getComputedStyle(img).imageRendering") == "pixelated"
    save_screenshot(page, "sampling", tmp_path)
    page.get_by_text("Add your own photos").click()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(photo))
    # The image-as-a-number panel now reads the visitor's photo.
    expect(page.locator("table.facts", has_text="your photo my photo.png")).to_be_visible(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert_offline(requests)


def test_learning_page_deep_link(fresh_server, page, tmp_path):
    page.set_viewport_size({"width": 1400, "height": 900})
    requests = record_requests(page)
    page.goto(f"{fresh_server}/Learning?size=8&colour=grey")
    wait_for_run(page)
    assert page.title().endswith("· Why is generative modelling so hard?")
    assert page.locator('[data-testid="stException"]').count() == 0
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for()
    expect(page.locator('[data-testid="stImage"] img').first).to_have_attribute("src", re.compile(r"\.png$"))
    assert_offline(requests)
    save_screenshot(page, "learning", tmp_path)


@pytest.mark.parametrize("path", ["/", "/Combinatorics", "/Combinatorics?m=video", "/Sampling", "/Learning"])
def test_usable_on_a_phone(fresh_server, page, path):
    """At 390 px wide nothing overflows sideways: every number and table wraps to fit."""
    if path.startswith("/Learning") and not (ROOT / "pages" / "3_Learning.py").exists():
        pytest.skip("no learning page yet")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(fresh_server + path)
    wait_for_run(page)
    page.wait_for_timeout(500)
    assert page.locator('[data-testid="stException"]').count() == 0
    overflow = page.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMain"]');
        const wide = [...main.querySelectorAll('table, .bignum, [data-testid="stMarkdownContainer"]')]
            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
            .map(el => el.className || el.tagName);
        return {scroll: main.scrollWidth, client: main.clientWidth, wide};
    }""")
    assert overflow["scroll"] <= overflow["client"] + 1 and not overflow["wide"], overflow
