"""What a new draw on the Sampling page sends (issue 14: a rerun at the floor).

The browser re-embeds a Vega-Lite chart whenever its spec's text changes, and swaps in new
data (~12-14 ms of its main thread each) when only its named Arrow datasets changed. So the
draw's statistics are the page's own HTML, and a new seed leaves every chart (none depends
on the draw) byte for byte the same.
"""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa
import pytest

from lib import photo_corpus as corpus
from lib import photo_scenes, real_samples
from lib import sampling_view as view_lib
from lib.charts import sampling as charts

SAMPLING = "pages/2_Sampling.py"


def sent(at) -> list[tuple[str, dict[str, bytes], bytes]]:
    """Each chart as sent: its spec text, its named Arrow datasets, its inline data."""
    return [
        (c.proto.spec, {d.name: d.data.data for d in c.proto.datasets}, c.proto.data.data)
        for c in at.get("vega_lite_chart")
    ]


def statistics(at) -> str:
    """The statistics' plots as sent: one block of the page's own HTML."""
    (block,) = [el.proto.body for el in at.get("html") if 'class="draw-statistics"' in el.proto.body]
    return block


def test_a_new_seed_changes_the_statistics_and_no_chart(open_page):
    """The draw's statistics are the page's own HTML (lib.charts.html_plot): a new seed re-sends
    that block with the new draw, and every Vega chart (thinness, diffusion: none depends on the
    draw) byte for byte the same, so the browser swaps no data into any."""
    first, second = open_page(SAMPLING), open_page(SAMPLING, seed="1")
    before, after = sent(first), sent(second)
    assert len(before) == len(after) == 3 and before == after
    assert statistics(first) != statistics(second)
    for at in (first, second):
        assert statistics(at).count('<figure class="html-plot"') == 2


def test_the_corners_at_the_posts_size_are_the_same_for_every_draw(open_page, media):
    """The 1:1 corners are one uniform image's (CORNER_SEED) and the largest photo's, whatever the
    seed: the same PNGs, so the same served URLs, which the browser neither fetches nor decodes
    again on a new draw (196 KB of noise each time before), and the caption says they stay."""
    from lib.ui.sampling_figures import ZOOM_WINDOW

    def corners(at) -> list[str]:
        (element,) = [el for el in at.get("image") if len(el.proto.imgs) == 2]  # the rest are HTML
        return [img.url for img in element.proto.imgs]

    first, second = open_page(SAMPLING, seed="1"), open_page(SAMPLING, seed="2")
    assert corners(first) == corners(second)
    assert not np.array_equal(media(first)[0], media(second)[0])  # the grids do change
    expected = view_lib.full_size_corners(
        corpus.load_corpus(), view_lib.CORNER_SEED, ZOOM_WINDOW * 4, grey=False
    )
    shown = media(second)[2:4]  # after the two grids: the corners at 1:1
    assert all(np.array_equal(a, b) for a, b in zip(shown, expected)) and len(shown) == 2
    block = "".join(el.proto.body for el in second.get("html"))
    assert f"the same on every draw (seed {view_lib.CORNER_SEED})" in block
    # Review 15 (Samp-12): read out like every other picture of the page.
    (element,) = [el for el in second.get("image") if len(el.proto.imgs) == 2]
    side = ZOOM_WINDOW * 4
    assert [img.alt for img in element.proto.imgs] == [
        f"uniform noise: its top-left {side}×{side} pixels at 1:1",
        f"a real photo: its top-left {side}×{side} pixels at 1:1",
    ]


def test_all_a_draw_changes_below_the_corners_is_one_element(open_page):
    """A new draw re-sends four elements of its own (the grids, their caption, the enlarged corners
    and the rest) and the corners at 1:1 unchanged: the image as a number, the correlation strip,
    the two plots and the odds always change together, so they are one block of the page's own
    HTML, which the browser sanitises, parses and lays out once a draw instead of three times."""
    at = open_page(SAMPLING, seed="1")
    parts = (
        'class="correlation-strip"',
        'class="draw-statistics"',
        'class="bignum-box"',
    )
    holding = [[part in el.proto.body for part in parts] for el in at.get("html")]
    assert [True] * len(parts) in holding  # one element holds them all...
    assert sum(any(row) for row in holding) == 2  # ...and no other but the room's big number
    (rest,) = [el.proto.body for el in at.get("html") if 'class="draw-statistics"' in el.proto.body]
    assert rest.index("correlation-strip") < rest.index("draw-statistics") < rest.index("How likely is noise")
    assert "pixel-zoom-noise" not in rest  # the enlarged corners: an element of their own (below)


def test_the_enlarged_corners_are_the_same_element_on_every_draw(open_page):
    """The enlarged corners are of the same two corners on every draw of one colour: an element
    of their own whose bytes no draw changes, so Streamlit sends a draw's copy as a reference to
    the one the browser holds, which leaves it as drawn (28 kB of pictures a draw were parsed,
    sanitised and decoded again inside the block that changes); a grey view shows grey corners."""

    def enlarged(**query: str) -> str:
        at = open_page(SAMPLING, **query)
        (body,) = [el.proto.body for el in at.get("html") if 'class="pixel-zoom-noise"' in el.proto.body]
        assert 'class="pixel-zoom-real"' in body and "draw-statistics" not in body
        return body

    first = enlarged(seed="1")
    assert enlarged(seed="2", n="4") == first
    assert len(first) > 10_000  # above Streamlit's least size for a message it sends by reference
    assert enlarged(seed="1", colour="grey") != first


def test_the_page_hands_streamlit_arrow_it_need_not_convert(open_page, monkeypatch):
    """Rows given to Streamlit would go through pandas (~0.7 s to import on a fresh server)."""
    import streamlit.dataframe_util as dataframe_util

    def refuse(data, *args, **kwargs):
        raise AssertionError(f"Streamlit was asked to convert {type(data).__name__} to Arrow")

    monkeypatch.setattr(dataframe_util, "convert_anything_to_arrow_bytes", refuse)
    at = open_page(SAMPLING, seed="2")
    assert not at.exception and len(at.get("vega_lite_chart")) >= 3


@pytest.mark.parametrize("presenting", [False, True])
def test_the_arrow_data_is_the_diffusion_charts_rows(presenting):
    """What travels decodes to exactly the rows the chart builder made (no rounding): the
    diffusion path, the page's one chart of its own data (the statistics are HTML)."""
    frames, sent_spec = view_lib.diffusion_figure(corpus.load_corpus(), presenting=presenting)
    spec = charts.diffusion_chart(view_lib.DIFFUSION_STEPS, frames)
    arrow = sent_spec["datasets"]
    assert set(arrow) == set(spec["datasets"])
    for key, rows in spec["datasets"].items():
        assert pa.ipc.open_stream(arrow[key]).read_all().to_pylist() == rows, key
    frame = {k: v for k, v in sent_spec.items() if k != "datasets"}
    assert json.dumps(frame).count('"name"') >= 1  # the views still name their data


def test_a_new_seed_reorders_the_resized_photos_without_resampling_them(monkeypatch):
    pool = corpus.load_corpus()
    calls = []
    resize = corpus.resize_photo
    monkeypatch.setattr(corpus, "resize_photo", lambda image, size: calls.append(size) or resize(image, size))
    scenes = len(photo_scenes.scene_photos(pool))
    first = real_samples.whole_photos(pool, 24, 2 * scenes, 11)  # every scene, whole and closer
    assert calls  # the first draw at this side resamples
    calls.clear()
    again = real_samples.whole_photos(pool, 24, 9, 12)
    assert not calls  # another seed: the same photos in another order, none resampled
    by_origin = {(o.name, o.whole): image for o, image in zip(first.origins, first.images)}
    for origin, image in zip(again.origins, again.images):
        source = next(p.pixels for p in pool if p.name == origin.name)
        if not origin.whole:
            top, left, side = origin.top, origin.left, origin.closer
            source = source[top : top + side, left : left + side]
        assert np.array_equal(image, resize(source, 24))
        assert np.array_equal(by_origin[origin.name, origin.whole], image)
    visitor = pool[0].pixels.copy()  # writeable: it could change, so it is resized every time
    real_samples.whole_photos([visitor], 24, 1, 0)
    visitor[:] = 0
    assert real_samples.whole_photos([visitor], 24, 1, 0).images.max() == 0 and len(calls) == 2


def test_noise_is_stored_not_deflated_and_photos_still_compress(monkeypatch):
    """A new draw's noise PNGs (grid, full-size corner, diffusion) skip deflate, and Pillow
    (which filters every row even to store it: ~10 ms for this corner): its pixel bytes and
    a few more; photos are still deflated by Pillow."""
    import io

    from PIL import Image

    levels = []
    save = Image.Image.save
    monkeypatch.setattr(
        Image.Image,
        "save",
        lambda im, fp, *a, **kw: levels.append(kw["compress_level"]) or save(im, fp, *a, **kw),
    )
    noise = corpus.uniform_noise(1, 256, 3)[0]
    photo = np.ascontiguousarray(corpus.load_corpus()[0].pixels[:256, :256])
    for image in (noise, photo):
        png = corpus.encode_png(image)
        assert np.array_equal(np.asarray(Image.open(io.BytesIO(png))), image)  # lossless either way
    assert levels == [1]  # the photo's
    assert noise.nbytes < len(corpus.encode_png(noise)) < noise.nbytes + 2_000
    assert len(corpus.encode_png(photo)) < 0.8 * len(corpus.encode_png(photo, 0))  # deflate pays there
