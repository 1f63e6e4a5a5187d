"""What a new draw on the Sampling page sends (issue 14: a rerun at the floor).

The browser re-embeds a Vega-Lite chart whenever its spec's text changes, and swaps in new
data (~12-14 ms of its main thread each) when only its named Arrow datasets changed. So every
figure of the page is its own HTML: the draw's statistics, re-sent with each draw, and below
the draw the thinness study and the diffusion path, built once per server and mode and the
same bytes for every draw (the page loads no Vega at all).
"""

from __future__ import annotations

import numpy as np
from conftest import html_blocks

from lib import photo_corpus as corpus
from lib import photo_scenes, real_samples
from lib import sampling_view as view_lib

SAMPLING = "pages/2_Sampling.py"


def below_the_draw(at) -> list[str]:
    """The plots below the draw as sent: the thinness study's block, the diffusion path's."""
    return [
        block
        for block in html_blocks(at)
        if 'class="thinness-plots"' in block or 'class="html-plot two-axes diffusion-plot' in block
    ]


def statistics(at) -> str:
    """The statistics' plots as sent: one block of the page's own HTML."""
    (block,) = [block for block in html_blocks(at) if 'class="draw-statistics"' in block]
    return block


def test_a_new_seed_changes_the_statistics_and_no_plot_below_the_draw(open_page):
    """The draw's statistics are the page's own HTML (lib.charts.html_plot): a new seed re-sends
    that block with the new draw, and the plots below it (thinness, diffusion: none depends on
    the draw) byte for byte the same; no page sends a Vega chart."""
    first, second = open_page(SAMPLING), open_page(SAMPLING, seed="1")
    before, after = below_the_draw(first), below_the_draw(second)
    assert len(before) == len(after) == 2 and before == after
    assert statistics(first) != statistics(second)
    for at in (first, second):
        assert statistics(at).count('<figure class="html-plot"') == 2 and not at.get("vega_lite_chart")


def test_the_plots_below_the_draw_are_built_once_per_server_and_mode(open_page, monkeypatch):
    """What no input changes is worked out once per server and mode (st.cache_resource): a
    second visitor's page, or the same page presented, does not build it again."""
    from lib.charts import sampling as diffusion_charts
    from lib.charts import thinness
    from lib.ui import sampling_figures

    built = {"thinness": 0, "diffusion": 0}

    def counted(name, builder):
        def build(*args, **kwargs):
            built[name] += 1
            return builder(*args, **kwargs)

        return build

    monkeypatch.setattr(thinness, "page_parts", counted("thinness", thinness.page_parts))
    monkeypatch.setattr(
        diffusion_charts, "diffusion_plot", counted("diffusion", diffusion_charts.diffusion_plot)
    )
    sampling_figures.thinness_parts.clear()
    sampling_figures.diffusion.clear()
    for query in ({}, {"seed": "3"}, {}):
        assert not open_page(SAMPLING, **query).exception
    assert built == {"thinness": 1, "diffusion": 1}
    presented = open_page(SAMPLING, present="true")
    assert built == {
        "thinness": 2,
        "diffusion": 2,
    } and 'class="html-plot thinness-plot presenting"' in "".join(below_the_draw(presented))


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
    holding = [[part in block for part in parts] for block in html_blocks(at)]
    assert [True] * len(parts) in holding  # one element holds them all...
    assert sum(any(row) for row in holding) == 2  # ...and no other but the room's big number
    (rest,) = [block for block in html_blocks(at) if 'class="draw-statistics"' in block]
    assert any(
        b.proto.json and "draw-statistics" in b.proto.json for b in at.get("bidi_component")
    )  # in place
    assert rest.index("correlation-strip") < rest.index("draw-statistics") < rest.index("How likely is noise")
    assert "pixel-zoom-noise" not in rest  # the enlarged corners: an element of their own (below)


def test_the_enlarged_corners_are_the_same_element_on_every_draw(open_page):
    """The enlarged corners are of the same two corners on every draw of one colour: an element
    of their own whose bytes no draw changes, so Streamlit sends a draw's copy as a reference to
    the one the browser holds, which leaves it as drawn (28 kB of pictures a draw were parsed,
    sanitised and decoded again inside the block that changes); a grey view shows grey corners."""

    def enlarged(**query: str) -> str:
        at = open_page(SAMPLING, **query)
        (body,) = [el for el in html_blocks(at) if 'class="pixel-zoom-noise"' in el]
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
    assert not at.exception and not at.get("vega_lite_chart") and len(below_the_draw(at)) == 2


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
