"""AppTest runs of every page: defaults, presets, deep links, bad input, the chart spec."""

from __future__ import annotations

import json
import math

import pyarrow as pa
import pytest
from conftest import PAGES, page_html

from lib import combinatorics as comb

COMBINATORICS = "pages/1_Combinatorics.py"


@pytest.mark.parametrize("page", ["streamlit_app.py", *PAGES])
def test_every_page_runs_cleanly(open_page, page):
    at = open_page(page)
    assert not at.exception, at.exception
    assert at.title and at.title[0].value
    links = [el.proto.page for el in at.sidebar.get("page_link")]
    assert links[:2] == ["", "Combinatorics"]  # URL paths: home, then the story in order


def test_home_page_tells_the_argument_with_live_numbers(open_page):
    at = open_page()
    html = page_html(at)
    assert "1.0149 ×" in html and "68,181,011" in html  # the phone photo's count
    assert "68,181,012 digits" in html
    assert "68,180,931" in html  # times the atoms
    assert "−68,181,002" in html  # LAION-5B's share: 5.76·10^-68,181,002
    assert any("852,263 levels" in md.value for md in at.markdown)
    assert [el.proto.page for el in at.main.get("page_link")] == ["Combinatorics", "Sampling", "Learning"]


def headline(at) -> str:
    return next(el.proto.body for el in at.get("html") if 'class="bignum"' in el.proto.body)


def test_combinatorics_defaults_to_the_post_photo(open_page):
    at = open_page(COMBINATORICS)
    assert not at.exception
    assert [t.value for t in at.text_input] == ["2304", "4096", "3", "8"]
    assert at.selectbox(key="preset").value == "Phone photo (the post)"
    top = headline(at)
    assert "1.0149 ×" in top and "68,181,011" in top and "256^28,311,552" in top
    html = page_html(at)
    assert "68,181,012" in html and "101485647062…" in html
    assert f"…{pow(2, 226_492_416, 10**12):012d}" in html
    assert "~<span" in html and "70,000,000" in html and "−69,999,993" in html  # the post's figures


@pytest.mark.parametrize("preset", comb.PRESETS, ids=lambda p: p.key)
def test_every_preset_fills_the_inputs_and_the_count(open_page, preset):
    at = open_page(COMBINATORICS)
    at.selectbox(key="preset").set_value(preset.name).run()
    assert not at.exception
    image = preset.image
    assert [t.value for t in at.text_input] == [
        str(image.width),
        str(image.height),
        str(image.channels),
        str(image.bits),
    ]
    facts = comb.count_facts(comb.count_images(image))
    expected = str(facts.exact) if facts.exact else f"{facts.scientific.exponent:,}"
    assert expected in headline(at)
    assert at.selectbox(key="preset").value == preset.name


def test_deep_link_opens_that_view(open_page):
    at = open_page(COMBINATORICS, w="32", h="32", c="3", bits="8")
    assert not at.exception and not at.warning
    assert at.selectbox(key="preset").value == "CIFAR-10"
    assert "7,398" in headline(at)  # 2^24576 = 1.0988·10^7398
    assert "7,399" in page_html(at)  # digits


def test_typing_a_size_updates_the_count_and_the_preset(open_page):
    at = open_page(COMBINATORICS)
    at.text_input(key="w").set_value("28").run()
    at.text_input(key="h").set_value("28").run()
    at.text_input(key="c").set_value("1").run()
    assert at.selectbox(key="preset").value == "MNIST digit"
    assert "1,888" in headline(at)
    at.text_input(key="w").set_value("1e9").run()
    assert at.selectbox(key="preset").value == "Custom"
    assert not at.warning


@pytest.mark.parametrize(
    "bad",
    [
        "0",
        "-3",
        "abc",
        "inf",
        "nan",
        "1e400",
        "3.7",
        "",
        "9" * 500,
        "<img src=x onerror=alert(1)>",
        "[link](http://example.com)",
    ],
)
def test_bad_url_values_get_a_message_and_the_default(open_page, bad):
    at = open_page(COMBINATORICS, w=bad, c="1")
    assert not at.exception
    assert len(at.warning) == 1
    message = at.warning[0].value
    assert "Width" in message and "2,304" in message
    assert "1.0149" not in headline(at)  # c=1 still applies: the rest of the link is honoured
    assert "<img" not in page_html(at)


def test_repeated_url_keys_use_the_last_and_say_so(open_page):
    at = open_page(COMBINATORICS, w=["100", "32"], h="32")
    assert not at.exception
    assert at.text_input(key="w").value == "32"
    assert any("more than once" in w.value for w in at.warning)


def test_extreme_sizes_render(open_page):
    at = open_page(COMBINATORICS, w="1e12", h="10^12", c="1024", bits="32")
    assert not at.exception and not at.warning
    # 2^(32,768·10^24): shown as a power of ten, its exponent exact to the last digit.
    assert "10<sup>9,864,150,897,917,335,804,763,796,102</sup>" in headline(at)
    assert "2^32,768,000,000,000,000,000,000,000,000" in headline(at)


def test_chart_marks_the_current_image(open_page):
    at = open_page(COMBINATORICS, w="28", h="28", c="1")
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2  # the count against the side, and all modalities on one axis
    spec = json.loads(charts[0].proto.spec)
    assert len(spec["layer"]) >= 3
    assert spec["layer"][0]["encoding"]["x"]["scale"]["type"] == "log"
    frames = [pa.ipc.open_stream(d.data.data).read_pandas() for d in charts[0].proto.datasets]
    here = next(f for f in frames if "label" in f.columns)
    assert here["side"].iloc[0] == pytest.approx(28)
    assert here["log10 count"].iloc[0] == pytest.approx(28 * 28 * 8 * math.log10(2))
    refs = next(f for f in frames if "reference" in f.columns)
    assert refs["log10 count"].round(0).tolist() == [61.0, 80.0, 120.0, 10.0, 5.0]


def test_more_digits_on_request(open_page):
    at = open_page(COMBINATORICS)
    at.selectbox(key="digits").set_value(1000).run()
    text = at.code[0].value
    first, last = comb.edge_digits(comb.count_images(comb.DEFAULT), 1000)
    assert text.startswith(first) and text.endswith(last) and len(first) == 1000
    assert f"{68_181_012 - 2000:,} digits not shown" in text
    small = open_page(COMBINATORICS, w="2", h="2", c="1", bits="4")
    assert small.code[0].value == str(16**4)


def test_smallest_square_follows_channels_and_bits(open_page):
    at = open_page(COMBINATORICS, c="1", bits="8")
    assert any("**6×6**" in md.value for md in at.markdown)
    at = open_page(COMBINATORICS, c="1", bits="1")
    assert any("**17×17**" in md.value for md in at.markdown)


# -- text, audio and video on the same page --------------------------------------------------------
from lib import modalities as mod  # noqa: E402


def test_text_deep_link(open_page):
    at = open_page(COMBINATORICS, m="text", vocab="50257", tokens="70")
    assert not at.exception and not at.warning
    assert at.title[0].value == "How many different texts are there?"
    assert at.selectbox(key="text_preset").value == "A tweet, in GPT-2 tokens"
    top = headline(at)
    assert "1.2127 ×" in top and "329" in top and "50,257^70" in top
    html = page_html(at)
    assert "FineWeb" in html and "RedPajama" in html
    assert any("**18 symbols**" in md.value for md in at.markdown)


@pytest.mark.parametrize("preset", [p for ps in mod.PRESETS.values() for p in ps], ids=lambda p: p.key)
def test_every_modality_preset(open_page, preset):
    at = open_page(COMBINATORICS, m=preset.data.modality)
    at.selectbox(key=f"{preset.data.modality}_preset").set_value(preset.name).run()
    assert not at.exception
    assert {k: at.text_input(key=k).value for k in preset.values} == {
        k: str(v) for k, v in preset.values.items()
    }
    facts = comb.count_facts(preset.data.count())
    assert f"{facts.scientific.exponent:,}" in headline(at)
    axis = at.get("vega_lite_chart")[-1]
    frame = pa.ipc.open_stream(axis.proto.datasets[0].data.data).read_pandas()
    assert f"this view: {preset.name}" in frame["example"].tolist()


def test_bad_modality_and_bad_audio_values(open_page):
    at = open_page(COMBINATORICS, m="smell")
    assert not at.exception
    assert "not one of" in at.warning[0].value
    assert at.title[0].value == "How many different images are there?"
    at = open_page(COMBINATORICS, m="audio", rate="abc", secs="-1")
    assert not at.exception
    assert len(at.warning) == 2
    assert "65,536^15,876,000" in headline(at)  # the defaults: a 3-minute CD song


def test_back_to_the_posts_example(open_page):
    at = open_page(COMBINATORICS, m="text", vocab="27", tokens="5")
    at.button[0].click().run()
    assert not at.exception
    assert at.title[0].value == "How many different images are there?"
    assert "1.0149 ×" in headline(at)
    at = open_page(COMBINATORICS, w="28", h="28")
    at.button[0].click().run()
    assert [t.value for t in at.text_input] == ["2304", "4096", "3", "8"]


def test_presentation_mode_from_the_link(open_page):
    at = open_page(COMBINATORICS, present="true")
    assert not at.exception
    assert at.sidebar.toggle(key="present").value is True
    assert any("html { font-size: 125%; }" in el.proto.body for el in at.get("html"))
    plain = open_page(COMBINATORICS)
    assert not any("font-size: 125%" in el.proto.body for el in plain.get("html"))


def test_numbers_of_the_view_download_as_csv_and_json(open_page, served):
    import csv
    import io

    at = open_page(COMBINATORICS, w="28", h="28", c="1")
    buttons = {b.proto.label: b.proto.url for b in at.get("download_button")}
    rows = dict(list(csv.reader(io.StringIO(served(buttons["Numbers as CSV"]).decode())))[1:])
    numbers = json.loads(served(buttons["Numbers as JSON"]))
    assert rows == numbers
    exact = 256**784  # MNIST: small enough to build and check
    assert numbers["decimal digits"] == str(len(str(exact)))
    assert numbers["first digits"] == str(exact)[:12] and numbers["last digits"] == str(exact)[-12:]
    assert numbers["share covered by MNIST (70,000 images)"] == "6.09·10^-1,884"


def test_repeated_choice_keys_say_which_is_shown(open_page):
    at = open_page(COMBINATORICS, m=["text", "audio"])
    assert not at.exception
    shown = at.title[0].value
    warning = next(w.value for w in at.warning if "more than once" in w.value)
    noun = {"texts": "text", "sounds": "audio"}[shown.split()[3]]
    assert noun in warning
