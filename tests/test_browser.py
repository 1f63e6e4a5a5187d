"""Real-browser tests: the system Chromium, deep links first.

Chromium comes from Debian (``apt-get install chromium``); Playwright never downloads a
browser here. Without /usr/bin/chromium these tests skip, except under CI, where
they fail. The README's screenshots come from ``test_layout_browser.py``.

One server serves every test that does not need to be its first visitor (``app_server``);
the deep-link tests share one new server whose first requests are their four links, sent at
once (``first_visitors``), so no page has been served when each link arrives. Fixtures and
helpers live in ``conftest.py``. Typing into a page (a bad link named, the URL following a
typed width) is checked on ``test_view_reruns.py``'s visit, and a phone's view of a video on
``test_layout_browser.py``'s phone load of How many images?: no page load of their own.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest
from conftest import (
    POLL_MS,
    assert_offline,
    launch_server,
    no_error_shown,
    record_requests,
    retire_server,
    wait_for_paint,
    wait_for_run,
    wait_until_serving,
)
from playwright.sync_api import expect
from test_talk_browser import check_screen, wait_for_step


def draw_whole_page(page) -> None:
    """Wait until every image of the page has loaded and every chart has drawn, those below
    the first screen included: a picture that never arrives or a chart that never draws
    fails the wait. No element of these pages waits to be scrolled to (no lazy image, no
    chart drawn on sight: at 1400×900 every chart below the fold holds its SVG and every
    image is loaded when the run ends), so the page is judged at its own size; stretching
    the window to the page's height only re-laid and re-painted it (checked 2026-11-26 on
    every deep link here and both pages' defaults). The README's screenshots come from
    ``test_layout_browser.py``: nothing is saved here."""
    shown = (
        '[data-testid="stMain"] img, [data-testid="stMain"] svg.plot-lines, [data-testid="stVegaLiteChart"]'
    )
    assert page.locator(shown).count(), "a page with neither a picture nor a chart"
    wait_for_paint(page)


#: A picture's source when it is a PNG: written into the page, or served.
PNG_SOURCE = re.compile(r"^data:image/png;base64,|\.png$")

#: The deep links a new server is asked for first, and the screen each visitor has. They are
#: its first four requests, sent at once (four visitors following four links, each in a
#: browser context of its own, nothing cached): each tab is on its way before the first has
#: had its page run, so every link reaches a server that has run no page yet, as a room's
#: first phones do.
FIRST_VISITS = {
    "Combinatorics": ("/Combinatorics?w=32&h=32&c=3&bits=8", (1400, 900)),
    "Sampling": ("/Sampling?size=32&n=16&seed=3", (1400, 900)),
    "Learning": ("/Learning?size=8&colour=grey", (1400, 900)),
    "Talk": ("/Talk?step=1", (1280, 720)),
}


@pytest.fixture(scope="module")
def first_visitors(request):
    """name -> (tab, the requests it made): a new server's first requests are ``FIRST_VISITS``,
    all on their way before any page has run. One server for the four instead of one each:
    a server's start, its first imports and its warm-up are paid once."""
    booting = launch_server()  # boots while Chromium starts, if it has not yet
    browser = request.getfixturevalue("browser")
    process, url = wait_until_serving(*booting)
    contexts, visitors = [], {}
    try:
        for name, (_, (width, height)) in FIRST_VISITS.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            contexts.append(context)
            tab = context.new_page()
            tab.set_default_timeout(30_000)
            visitors[name] = (tab, record_requests(tab))
        for name, (path, _) in FIRST_VISITS.items():  # each returns once the server answers
            visitors[name][0].goto(url + path, wait_until="commit")
        yield visitors
    finally:
        for context in contexts:
            context.close()
        retire_server(process)


def test_deep_link_first_on_a_fresh_server(first_visitors):
    """A deep link among a new server's first requests renders fully, with its title."""
    tab, requests = first_visitors["Combinatorics"]
    wait_for_run(tab)
    assert tab.title() == "How many images? · Why is generative modelling so hard?"
    assert tab.get_by_role("heading", name="How many different images are there?").is_visible()
    no_error_shown(tab)
    expect(tab.get_by_label("Width (pixels)")).to_have_value("32")
    expect(tab.locator(".bignum").first).to_contain_text("7,398")
    # Everything on the page is below the headline: the count chart (the page's own HTML, its
    # lines an image) and the post's panel rendered.
    tab.locator("figure.count-plot .plot-lines").first.wait_for()
    tab.get_by_text("What the post says, next to the figures computed here").scroll_into_view_if_needed()
    assert tab.locator("div.cards").count() >= 2
    draw_whole_page(tab)
    assert_offline(requests)


def test_sampling_deep_link_first_then_an_upload(first_visitors, tmp_path):
    """Deep link first, then a visitor's photo joins the pool (the uploader under XSRF defaults)."""
    from PIL import Image

    from lib.photo_corpus import load_corpus

    photo = tmp_path / "my photo.png"
    Image.fromarray(load_corpus()[1].pixels[:300, :300]).save(photo)
    tab, requests = first_visitors["Sampling"]
    wait_for_run(tab)
    assert tab.title() == "Random images are noise · Why is generative modelling so hard?"
    expect(tab.get_by_text("16 uniformly random 32×32 RGB images")).to_be_visible()
    no_error_shown(tab)
    # The grids arrive as PNG and are drawn without smoothing.
    first = tab.locator("[class*='pixel-grid-random'] img")
    expect(first).to_have_attribute("src", PNG_SOURCE)
    assert first.evaluate("img => getComputedStyle(img).imageRendering") == "pixelated"
    draw_whole_page(tab)
    tab.get_by_text("Add your own photos").click()
    tab.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(photo))
    # The image-as-a-number panel now reads the visitor's photo.
    expect(tab.locator("table.facts", has_text="your photo my photo.png")).to_be_visible(timeout=30_000)
    no_error_shown(tab)
    assert_offline(requests)


def test_learning_deep_link_first(first_visitors):
    tab, requests = first_visitors["Learning"]
    wait_for_run(tab)
    assert tab.title().endswith("· Why is generative modelling so hard?")
    no_error_shown(tab)
    tab.locator(".ladder-plot").wait_for()  # its ladder, the page's own HTML
    # Its pictures arrive as PNG: written into the page, or served (the larger ones); the
    # ladder's lines are an SVG image of its own (lib.charts.plot_lines).
    expect(tab.locator('[data-testid="stMain"] img:not(.plot-lines)').first).to_have_attribute(
        "src", PNG_SOURCE
    )
    draw_whole_page(tab)
    assert_offline(requests)


def test_talk_deep_link_first(first_visitors):
    """The talk's first step as a deep link: its projector screen whole (``check_screen``), the
    clicker's keys bound; stepping through the talk is ``test_talk_browser.py``'s."""
    tab, requests = first_visitors["Talk"]
    wait_for_step(tab, 1)
    check_screen(tab, 1, *FIRST_VISITS["Talk"][1])
    assert_offline(requests)


def test_a_link_to_a_page_finds_the_server_at_once(app_server, tab):
    """Served as the README serves it (``serve.py``), a link to a page asks for the server's
    health at the server's own address, never under the page's path first: there Streamlit's
    page got two 404s and waited 100 ms before trying the right address (lib.ui.deep_links),
    ~105 ms more for every link to a page. The page then runs as it should."""
    from urllib.parse import urlparse

    for link in ("/Combinatorics?w=32&h=32&c=3&bits=8", "/Talk?step=2"):
        requests = record_requests(tab)
        tab.goto(app_server + link)
        wait_for_run(tab)
        no_error_shown(tab)
        pings = [urlparse(u).path for u in requests if "/_stcore/" in u]
        assert "/_stcore/health" in pings and all(path.startswith("/_stcore/") for path in pings), pings
        assert urlparse(tab.url).path == urlparse(app_server + link).path
        assert tab.evaluate("window.__streamlit.BACKEND_BASE_URL") == app_server + "/"
    # Under a host's prefix (Community Cloud serves an app at /~/+/), the prefix is kept; a path
    # that ends in no page's name is left to Streamlit.
    asked = {
        "/~/+/Sampling": "https://app.streamlit.app/~/+/",
        "/Talk/": "https://app.streamlit.app/",
        "/~/+/": None,
        "/Nowhere": None,
    }
    for path, address in asked.items():
        told = tab.evaluate(
            "p => serverAddress(p, 'https://app.streamlit.app', ['Combinatorics', 'Sampling', 'Talk'])", path
        )
        assert told == address, (path, told)
    told = tab.evaluate("() => serverAddress('/Sampling', 'null', ['Sampling'])")  # a sandboxed frame's
    assert told is None, told
    # As Streamlit serves its own page: revalidated on every visit, 304 and no body when unchanged.
    first = urllib.request.urlopen(app_server + "/Sampling", timeout=30)
    tag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "no-cache" and tag and b"BACKEND_BASE_URL" in first.read()
    again = urllib.request.Request(app_server + "/Sampling", headers={"If-None-Match": tag})
    with pytest.raises(urllib.error.HTTPError) as unchanged:
        urllib.request.urlopen(again, timeout=30)
    assert unchanged.value.code == 304


#: Installed before the page loads: when the page's script puts its websocket in place
#: (assets/one_run.js), it is wrapped once more, so that each message Streamlit's own listener
#: gets is recorded with the task that brought it (a mark a zero-delay timer clears), and each
#: message Chromium hands the socket too (a listener of EventTarget's own, under the page's).
DELIVERIES = """(() => {
  let Socket = window.WebSocket;
  window.__deliveries = {streamlit: [], chromium: []};
  const recorder = (seen) => { let mark = null, next = 0; return (event) => {
    if (mark === null) { mark = next++; setTimeout(() => { mark = null; }); }
    seen.push([mark, event.data.byteLength, forwardMsgType(new Uint8Array(event.data))]); }; };
  Object.defineProperty(window, "WebSocket", {configurable: true, get: () => Socket, set(OneRun) {
    Socket = class extends OneRun {
      constructor(...args) {
        super(...args);
        EventTarget.prototype.addEventListener.call(this, "message", recorder(window.__deliveries.chromium));
      }
      addEventListener(type, listener, options) {
        if (type !== "message") return super.addEventListener(type, listener, options);
        const record = recorder(window.__deliveries.streamlit);
        return super.addEventListener(type, (event) => { record(event); listener.call(this, event); }, options);
      }
    };
  }});
})();"""


def deliveries_of_one_run(tab, act) -> dict[str, list]:
    """What Streamlit's listener and Chromium each got of the run ``act`` starts: (task, bytes,
    type) a message, up to the run's end (script_finished, type 6)."""
    tab.evaluate(
        "() => { window.__deliveries.streamlit.length = 0; window.__deliveries.chromium.length = 0; }"
    )
    act()
    tab.wait_for_function(
        "() => Object.values(window.__deliveries).every(got => got.some(([, , type]) => type === 6))",
        polling=POLL_MS,
    )
    wait_for_run(tab)
    seen = tab.evaluate("() => window.__deliveries")
    return {who: got[: [t for _, _, t in got].index(6) + 1] for who, got in seen.items()}


def in_tasks(got: list) -> list[list[int]]:
    """The sizes of the messages ``got`` (from :func:`deliveries_of_one_run`), task by task."""
    tasks: list[list[int]] = []
    for i, (task, size, _) in enumerate(got):
        if i == 0 or task != got[i - 1][0]:
            tasks.append([])
        tasks[-1].append(size)
    return tasks


def test_a_fragments_rerun_reaches_the_page_in_one_task(browser, app_server):
    """Served as the README serves it, a rerun of part of a page (a new seed on Random images)
    reaches Streamlit's listener in one task, the one that brings the run's end (lib.ui.one_run),
    where Chromium hands the socket its messages in several, and React rendered the whole page
    after each. A whole page's run (Streamlit's "R") reaches it as Chromium hands it over. The
    page's HTML at the home page's address and a page's has the script, before Streamlit's."""
    for path in ("/", "/Sampling"):
        html = urllib.request.urlopen(app_server + path, timeout=30).read().decode()
        assert -1 < html.index("holdingEachRun") < html.index('<script type="module"'), path
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.add_init_script(DELIVERIES)
    tab = context.new_page()
    tab.goto(app_server + "/Sampling")
    wait_for_run(tab)
    seed = tab.locator('input[aria-label="Seed"]')
    split = 0  # reruns Chromium handed over in several tasks: what the page would get without it
    for value in ("11", "12", "13", "14", "15", "16"):
        seed.fill(value)
        seen = deliveries_of_one_run(tab, lambda: seed.press("Enter"))
        streamlit, chromium = seen["streamlit"], seen["chromium"]
        assert [size for _, size, _ in streamlit] == [size for _, size, _ in chromium] and len(streamlit) > 10
        assert len({task for task, _, _ in streamlit}) == 1, streamlit
        split += len({task for task, _, _ in chromium}) > 1
        if split >= 2:
            break
    # A busy renderer may find a whole run waiting and hand it over in one task: then the check
    # above holds without the script, so at least one rerun of six must have come in several.
    assert split, "Chromium handed every rerun over in one task: nothing was held"
    tab.locator('[data-testid="stApp"]').click(position={"x": 5, "y": 300})
    seen = deliveries_of_one_run(tab, lambda: tab.keyboard.press("r"))
    assert in_tasks(seen["streamlit"]) == in_tasks(seen["chromium"]) and len(seen["streamlit"]) > 10
    no_error_shown(tab)
    context.close()


def test_streamlits_scripts_reach_a_browser_compressed(app_server):
    """Served as the README serves it, every script and style Streamlit's page loads first
    comes gzip-compressed to a browser that accepts it (lib.ui.compressed_assets), and is the
    file itself once decompressed; a client that does not accept gzip, and a range, get the
    file as Streamlit sends it. A phone's first load of the home page was 2.7 MB, 1.1 MB since."""
    import gzip
    import re
    from pathlib import Path

    import streamlit

    root = Path(streamlit.__file__).parent / "static"
    page = urllib.request.urlopen(app_server + "/", timeout=30).read().decode()
    names = re.findall(r'(?:src|href)="\./(static/(?:js|css)/[^"]+)"', page)
    assert len(names) >= 10, names
    raw = packed = 0
    for name in names:
        asked = urllib.request.Request(f"{app_server}/{name}", headers={"Accept-Encoding": "gzip, br"})
        with urllib.request.urlopen(asked, timeout=30) as answer:
            assert answer.headers["Content-Encoding"] == "gzip", name
            assert answer.headers["Cache-Control"] == "public, immutable, max-age=31536000", name
            body = answer.read()
        assert gzip.decompress(body) == (root / name).read_bytes(), name
        raw, packed = raw + (root / name).stat().st_size, packed + len(body)
    assert packed < raw / 3, (packed, raw)
    with urllib.request.urlopen(f"{app_server}/{names[0]}", timeout=30) as plain:  # urllib asks for none
        assert plain.headers["Content-Encoding"] is None and plain.read() == (root / names[0]).read_bytes()
    part = urllib.request.Request(
        f"{app_server}/{names[0]}", headers={"Accept-Encoding": "gzip", "Range": "bytes=0-99"}
    )
    with urllib.request.urlopen(part, timeout=30) as answer:
        assert answer.status == 206 and answer.read() == (root / names[0]).read_bytes()[:100]


def test_the_test_browser_keeps_playwrights_settings_and_builds_no_address_bar(browser):
    """``conftest.CHROMIUM_FLAGS`` turns off the address bar's popups (a renderer and ~1 s of
    CPU per tab) with a ``--disable-features`` that replaces Playwright's own: it must repeat
    every feature this Playwright turns off, and no window may hold such a popup."""
    from pathlib import Path

    import playwright
    from conftest import CHROMIUM_FLAGS

    bundle = Path(playwright.__file__).parent / "driver" / "package" / "lib" / "coreBundle.js"
    listed = re.search(r"disabledFeatures = \[(.*?)\]", bundle.read_text(), re.DOTALL)
    assert listed, "Playwright's list of disabled features moved: update conftest.CHROMIUM_FLAGS"
    theirs = set(re.findall(r'^\s*"(\w+)"', listed.group(1), re.MULTILINE))
    ours = {
        f for flag in CHROMIUM_FLAGS if flag.startswith("--disable-features=") for f in flag[19:].split(",")
    }
    assert theirs and theirs <= ours, theirs - ours
    context = browser.new_context()
    try:
        context.new_page()
        targets = browser.new_browser_cdp_session().send("Target.getTargets")["targetInfos"]
        assert not [t["url"] for t in targets if "top-chrome" in t["url"]]
    finally:
        context.close()


#: What ``test_a_shared_tab_*`` pass from the first test to the second.
_HANDED: dict = {}


def test_a_shared_tab_takes_what_its_test_adds(app_server, tab):
    """The tab of the tests on the shared server is handed on (``conftest.tab``): this test
    leaves a handler, an init script, a viewport, a cookie and storage on it..."""
    heard: list[str] = []
    tab.on("console", lambda message: heard.append(message.text))
    tab.add_init_script("window.__left_by_the_last_test = true")
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(app_server + "/_stcore/health")
    tab.evaluate(
        "() => { localStorage.setItem('left', '1'); document.cookie = 'left=1'; console.log('mine') }"
    )
    assert heard == ["mine"]
    _HANDED.update(tab=tab, heard=heard)


def test_a_shared_tab_is_handed_on_clean(app_server, tab):
    """...and the next test gets the same tab (the process's renderer stays warm) with none of it."""
    assert _HANDED, "runs after test_a_shared_tab_takes_what_its_test_adds, in the same process"
    assert tab is _HANDED["tab"]
    assert tab.url == app_server + "/_stcore/health"  # the last test's page was left
    assert tab.viewport_size == {"width": 1400, "height": 900}
    tab.goto(app_server + "/_stcore/health")
    left = tab.evaluate(
        "() => [window.__left_by_the_last_test ?? null, localStorage.getItem('left'), document.cookie]"
    )
    assert left[:2] == [None, None] and "left=" not in left[2], left  # the server sets its own
    tab.evaluate("() => console.log('not yours')")
    assert _HANDED["heard"] == ["mine"]
