"""AppTest runs of the learning page: the ladder's numbers, the chart, deep links, lossless sheets."""

from __future__ import annotations

import functools
import html
import json
import re

import numpy as np
import pyarrow as pa
import pytest
import streamlit as st
from conftest import page_html

from lib import density_models as dm
from lib import photo_corpus as corpus
from lib import reference_figures as ref
from lib import ui
from lib.big_numbers import Magnitude

LEARNING = "pages/3_Learning.py"
DEFAULT_HOLDOUT = ("rocket", "grass")
OKABE_ITO = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#999999"}


@functools.cache
def reference(
    size: int = 8,
    channels: int = 1,
    train: int = 4000,
    seed: int = 0,
    holdout: tuple[str, ...] = DEFAULT_HOLDOUT,
) -> dm.LadderResult:
    """The page's recipe rebuilt from lib alone: whole photos held out, patch seeds 2s+1, 2s+2."""
    photos = corpus.load_corpus()
    keys = [p.credit.key for p in photos]
    split = dm.split_by_photo([p.pixels for p in photos], test_indices=[keys.index(k) for k in holdout])
    train_patches = dm.extract_patches(list(split.train), size, channels, train, rng=2 * seed + 1)
    test_patches = dm.extract_patches(list(split.test), size, channels, 2000, rng=2 * seed + 2)
    return dm.fit_ladder(train_patches, test_patches, size, channels, samples=16, seed=seed)


def ladder_rows(at) -> dict[str, list[str]]:
    """The ladder table as {model: [cells as text]}."""
    body = next(el.proto.body for el in at.get("html") if "Held-out bits/dim" in el.proto.body)
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>")[1]):
        cells = [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td>(.*?)</td>", row)]
        rows[cells[0]] = cells[1:]
    return rows


def captions(at) -> str:
    return "\n".join(c.value for c in at.caption)


def assert_table_matches(at, expected: dm.LadderResult) -> None:
    rows = ladder_rows(at)
    for rung in expected.rungs:
        held, train, gap, counted = rows[rung.name][:4]
        assert held == f"{rung.bits_per_dim:.3f}"
        assert train == f"{rung.train_bits_per_dim:.3f}"
        assert counted == rung.likelihood
    assert rows["PNG (lossless file, a reference)"][0] == f"{expected.png_bits_per_dim:.3f}"
    assert rows["Lookup table (memorise the training patches)"][0] == "∞"
    assert len(rows) == len(expected.rungs) + 2
    assert expected.computed_on() in captions(at)


def test_defaults_render_and_match_fit_ladder(open_page):
    at = open_page(LEARNING)
    assert not at.exception and not at.error and not at.warning
    assert at.title[0].value == "Memorise or model?"
    assert at.segmented_control(key="size").value == "8"
    assert at.segmented_control(key="colour").value == "grey"
    assert at.text_input(key="seed").value == "0" and at.text_input(key="train").value == "4000"
    assert at.multiselect(key="holdout").value == list(DEFAULT_HOLDOUT)
    assert_table_matches(at, reference())
    assert [r.name for r in reference().rungs] == [
        "uniform",
        "independent pixels",
        "Gaussian",
        "autoregressive",
        "Gaussian mixture",
    ]


def test_default_holdout_is_the_benchmarks_split():
    photos = corpus.load_corpus()
    split = dm.split_by_photo([p.pixels for p in photos], 0.25, rng=0)
    assert tuple(photos[i].credit.key for i in split.test_indices) == DEFAULT_HOLDOUT


def test_chart_has_every_rung_png_and_the_cifar10_records(open_page):
    at = open_page(LEARNING)
    charts = at.get("vega_lite_chart")
    assert len(charts) == 2  # the ladder, and the two histograms
    spec = json.loads(charts[0].proto.spec)
    frames = [pa.ipc.open_stream(d.data.data).read_pandas() for d in charts[0].proto.datasets]
    points = next(f for f in frames if "series" in f.columns)
    expected = reference()
    for rung in expected.rungs:
        mine = points[points["model"] == rung.name].set_index("series")["bits/dim"]
        assert mine["held-out photos"] == pytest.approx(rung.bits_per_dim)
        assert mine["training patches"] == pytest.approx(rung.train_bits_per_dim)
    png = points[points["model"] == "PNG (lossless file)"]
    assert png["bits/dim"].iloc[0] == pytest.approx(expected.png_bits_per_dim)
    published = points[points["series"] == "published, CIFAR-10 (other data)"]
    assert published["model"].tolist() == [f"{r.model} ({r.year})" for r in dm.CIFAR10_CHART]
    assert published["bits/dim"].tolist() == [r.bits_per_dim for r in dm.CIFAR10_CHART]
    assert published["source"].tolist() == [r.citation for r in dm.CIFAR10_CHART]  # each cited
    colours = set(re.findall(r"#[0-9A-Fa-f]{6}", json.dumps(spec)))
    assert colours and colours <= OKABE_ITO
    assert "What to see" in captions(at)


@pytest.mark.parametrize(
    "query, settings",
    [
        (
            dict(size="16", colour="rgb", seed="5", train="1000", holdout=["camera", "coffee"]),
            (16, 3, 1000, 5, ("camera", "coffee")),
        ),
        (dict(seed="3", train="1500"), (8, 1, 1500, 3, DEFAULT_HOLDOUT)),
    ],
)
def test_deep_link_opens_that_view(open_page, query, settings):
    at = open_page(LEARNING, **query)
    assert not at.exception and not at.warning
    size, channels, train, seed, holdout = settings
    assert at.segmented_control(key="size").value == str(size)
    assert at.multiselect(key="holdout").value == list(holdout)
    expected = reference(*settings)
    assert_table_matches(at, expected)
    assert f"held out: {', '.join(holdout)}" in captions(at)
    if size * size * channels > dm.MIXTURE_MAX_DIMS:
        assert "Gaussian mixture" not in ladder_rows(at)


@pytest.mark.parametrize(
    "query, keys",
    [
        (dict(size="12", colour="purple"), ["size", "colour"]),
        (dict(seed="-1", train="abc"), ["Seed", "Training patches"]),
        (dict(seed="1e400", train="499"), ["Seed", "Training patches"]),
        (dict(holdout="nope"), ["not in the corpus"]),
        (dict(holdout=""), ["at least one photo"]),
        (
            dict(
                holdout=[
                    "astronaut",
                    "camera",
                    "chelsea",
                    "coffee",
                    "rocket",
                    "hubble_deep_field",
                    "grass",
                    "gravel",
                    "brick",
                    "clock",
                ]
            ),
            ["at least one photo"],
        ),
        (dict(size="<img src=x onerror=alert(1)>"), ["size"]),
    ],
)
def test_bad_links_give_a_message_and_the_defaults(open_page, query, keys):
    at = open_page(LEARNING, **query)
    assert not at.exception and not at.error
    warnings = " ".join(w.value for w in at.warning)
    assert len(at.warning) == len(keys)
    for key in keys:
        assert key in warnings
    assert_table_matches(at, reference())  # the page keeps working, on the defaults
    assert "<img" not in page_html(at)


def test_repeated_keys_say_so(open_page):
    at = open_page(LEARNING, seed=["3", "0"])
    assert not at.exception
    assert any("more than once" in w.value for w in at.warning)
    assert_table_matches(at, reference())  # the last one, 0, is used


def test_images_are_lossless_png_and_pixel_exact(open_page, media):
    at = open_page(LEARNING)
    shown = media(at)
    expected = reference()
    assert len(shown) == len(expected.rungs) + 1  # one comparison sheet per rung, the eigenvectors
    grid = lambda patches: corpus.contact_sheet(dm.patches_to_images(patches, 8, 1), 4, scale=8, gap=2)
    real, noise = (
        grid(expected.real_examples),
        corpus.contact_sheet(corpus.uniform_noise(16, 8, 0, grey=True), 4, scale=8, gap=2),
    )
    width = real.shape[1]
    for sheet, rung in zip(shown, expected.rungs):
        assert sheet.shape == (real.shape[0], 3 * width + 2 * 16)  # grey, never resampled
        assert np.array_equal(sheet[:, :width], real)
        assert np.array_equal(sheet[:, width + 16 : 2 * width + 16], grid(rung.samples))
        assert np.array_equal(sheet[:, 2 * width + 32 :], noise)
    eigen = expected.rung("Gaussian").model.eigenvector_images(32)
    assert np.array_equal(shown[-1], corpus.contact_sheet(eigen, 8, scale=8, gap=2))
    assert all(img.alt for el in at.image for img in el.proto.imgs)  # every image has alt text


def test_same_seed_same_numbers_and_pictures(open_page, media):
    runs = []
    for seed in ("7", "7", "8"):
        st.cache_resource.clear()  # a real refit each time, not the cached result
        at = open_page(LEARNING, seed=seed, train="1000")
        runs.append((ladder_rows(at), media(at)))
    (rows_a, images_a), (rows_b, images_b), (rows_c, images_c) = runs
    same_numbers = {k: v[:3] for k, v in rows_a.items()} == {k: v[:3] for k, v in rows_b.items()}
    assert same_numbers and all(np.array_equal(x, y) for x, y in zip(images_a, images_b))
    assert rows_a["Gaussian"][:2] != rows_c["Gaussian"][:2]
    assert not np.array_equal(images_a[0], images_c[0])


def test_memorising_counts_bytes_and_shares_exactly(open_page):
    html_text = page_html(open_page(LEARNING))
    assert f"{14_197_122 * 224 * 224 * 3:,}" in html_text  # ImageNet at 224×224, exact bytes
    assert f"{5_850_000_000 * 2304 * 4096 * 3:,}" in html_text  # LAION-5B as phone photos
    share = ref.LAION_5B.magnitude / Magnitude.power(256, 224 * 224 * 3)
    assert ui.power_html(share.scientific(3)) in html_text
    assert "∞ bits/dim" in html_text


def test_effective_space_and_its_rounding_are_shown(open_page):
    at = open_page(LEARNING)
    best = min(reference().rungs, key=lambda r: r.bits_per_dim)
    patch = dm.effective_space(best.bits_per_dim, 64)
    phone = dm.effective_space(best.bits_per_dim, dm.PHONE_PHOTO_DIMS)
    text = captions(at)
    assert patch.rounding in text and phone.rounding in text
    html_text = page_html(at)
    for value in (patch.typical, patch.everything, patch.fraction, phone.typical, phone.fraction):
        assert ui.power_html(value.scientific(3)) in html_text
    assert "an estimate" in html_text and "extrapolation" in text


def test_the_non_monotone_ladder_is_explained(open_page):
    at = open_page(LEARNING)
    independent = reference().rung("independent pixels")
    assert independent.bits_per_dim > 8  # what the teammate measured: worse than uniform
    text = " ".join(md.value for md in at.markdown)
    assert f"**independent pixels** costs {independent.bits_per_dim:.3f}" in text
    assert "worse than uniform noise because **each photo has its own histogram**" in text


def test_credits_and_back_to_the_defaults(open_page):
    at = open_page(LEARNING, seed="3", train="1500")
    html_text = page_html(at)
    for credit in corpus.load_manifest():
        assert html.escape(credit.title) in html_text and html.escape(credit.author) in html_text
        assert credit.licence in html_text
    at.button[0].click().run()
    assert not at.exception
    assert at.text_input(key="seed").value == "0" and at.text_input(key="train").value == "4000"
    assert_table_matches(at, reference())
