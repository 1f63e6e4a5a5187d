"""Real-browser tests: the system Chromium, deep links first.

Chromium comes from Debian (``apt-get install chromium``); Playwright never downloads a
browser here. Without /usr/bin/chromium these tests skip, except under CI, where
they fail. The README's screenshots come from ``test_layout_browser.py``.

One server serves every test that does not need to be its first visitor (``app_server``);
the deep-link tests each get a new server (``fresh_server``), so the link is the first
request that server ever sees. Fixtures and helpers live in ``conftest.py``.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import wait_for_paint, wait_for_run
from playwright.sync_api import expect


def draw_whole_page(page) -> None:
    """Stretch the viewport to the whole page (stMain scrolls) and wait until every image has
    loaded and every chart has drawn, lazy ones included: a picture that never arrives or a
    chart that never draws fails the wait. (The README's screenshots come from
    ``test_layout_browser.py``: nothing is saved here.)"""
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": page.viewport_size["width"], "height": min(height + 40, 8000)})
    wait_for_paint(page)  # charts redraw at the new size


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


def test_deep_link_first_on_a_fresh_server(fresh_server, tab):
    """The very first request a new server gets is a deep link: it renders fully, with its title."""
    tab.set_viewport_size({"width": 1400, "height": 900})
    requests = record_requests(tab)
    tab.goto(f"{fresh_server}/Combinatorics?w=32&h=32&c=3&bits=8")
    wait_for_run(tab)
    assert tab.title() == "How many images? · Why is generative modelling so hard?"
    assert tab.get_by_role("heading", name="How many different images are there?").is_visible()
    assert tab.locator('[data-testid="stException"]').count() == 0
    expect(tab.get_by_label("Width (pixels)")).to_have_value("32")
    expect(tab.locator(".bignum").first).to_contain_text("7,398")
    # Everything on the page is below the headline: the chart and the post's panel rendered.
    tab.locator(
        '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg'
    ).first.wait_for()
    tab.get_by_text("What the post says, next to the figures computed here").scroll_into_view_if_needed()
    assert tab.locator("div.cards").count() >= 2
    assert_offline(requests)
    draw_whole_page(tab)


def test_home_page_and_its_links(app_server, tab):
    tab.set_viewport_size({"width": 1400, "height": 900})
    requests = record_requests(tab)
    tab.goto(app_server)
    wait_for_run(tab)
    assert_offline(requests)
    assert tab.title() == "The argument · Why is generative modelling so hard?"
    expect(tab.locator(".bignum").first).to_contain_text("68,181,011")
    draw_whole_page(tab)
    tab.get_by_role("link", name="Count any image size exactly").click()
    tab.wait_for_url("**/Combinatorics")
    expect(tab.locator(".bignum").first).to_contain_text("68,181,011")


def test_typing_updates_the_url_and_bad_links_get_a_message(app_server, tab):
    requests = record_requests(tab)
    tab.goto(f"{app_server}/Combinatorics?w=abc")
    wait_for_run(tab)
    expect(tab.get_by_text("is not a whole number")).to_be_visible()
    tab.get_by_text("More digits: the first and the last").click()
    tab.get_by_role("button", name="Download these digits (.txt)").wait_for()
    box = tab.get_by_label("Width (pixels)")
    box.fill("28")
    box.press("Enter")
    # 28×4,096×3 bytes: 2,752,512 bits, so 2^2,752,512 images, a number of 828,589 digits.
    expect(tab.locator("p.bignum-caption", has_text="828,589 digits")).to_be_visible()
    assert parse_qs(urlparse(tab.url).query)["w"] == ["28"]
    assert_offline(requests)


def test_sampling_page_with_an_upload(fresh_server, tab, tmp_path):
    """Deep link first, then a visitor's photo joins the pool (the uploader under XSRF defaults)."""
    from PIL import Image

    from lib.photo_corpus import load_corpus

    photo = tmp_path / "my photo.png"
    Image.fromarray(load_corpus()[1].pixels[:300, :300]).save(photo)
    tab.set_viewport_size({"width": 1400, "height": 900})
    requests = record_requests(tab)
    tab.goto(f"{fresh_server}/Sampling?size=32&n=16&seed=3")
    wait_for_run(tab)
    assert tab.title() == "Random images are noise · Why is generative modelling so hard?"
    expect(tab.get_by_text("16 uniformly random 32×32 RGB images")).to_be_visible()
    assert tab.locator('[data-testid="stException"]').count() == 0
    # The grids arrive as PNG and are drawn without smoothing.
    first = tab.locator("[class*='pixel-grid-random'] img")
    expect(first).to_have_attribute("src", re.compile(r"^data:image/png;base64,|\.png$"))  # inline or served
    assert first.evaluate("img => getComputedStyle(img).imageRendering") == "pixelated"
    draw_whole_page(tab)
    tab.get_by_text("Add your own photos").click()
    tab.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(photo))
    # The image-as-a-number panel now reads the visitor's photo.
    expect(tab.locator("table.facts", has_text="your photo my photo.png")).to_be_visible(timeout=30_000)
    assert tab.locator('[data-testid="stException"]').count() == 0
    assert_offline(requests)


def test_learning_page_deep_link(fresh_server, tab):
    tab.set_viewport_size({"width": 1400, "height": 900})
    requests = record_requests(tab)
    tab.goto(f"{fresh_server}/Learning?size=8&colour=grey")
    wait_for_run(tab)
    assert tab.title().endswith("· Why is generative modelling so hard?")
    assert tab.locator('[data-testid="stException"]').count() == 0
    tab.locator('[data-testid="stVegaLiteChart"]').first.wait_for()
    expect(tab.locator('[data-testid="stImage"] img').first).to_have_attribute("src", re.compile(r"\.png$"))
    assert_offline(requests)
    draw_whole_page(tab)


#: The pages' default views are checked the same way, on the same load as their other layout
#: checks, in ``test_layout_browser.py`` (``OVERFLOWING``, at 390×844 and 1440×900).
@pytest.mark.parametrize("path", ["/Combinatorics?m=video"])
def test_usable_on_a_phone(app_server, tab, path):
    """At 390 px wide nothing overflows sideways: every number and table wraps to fit."""
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(app_server + path)
    wait_for_run(tab)
    wait_for_paint(tab)
    assert tab.locator('[data-testid="stException"]').count() == 0
    overflow = tab.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMain"]');
        const wide = [...main.querySelectorAll('table, .bignum, [data-testid="stMarkdownContainer"]')]
            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
            .map(el => el.className || el.tagName);
        return {scroll: main.scrollWidth, client: main.clientWidth, wide};
    }""")
    assert overflow["scroll"] <= overflow["client"] + 1 and not overflow["wide"], overflow
