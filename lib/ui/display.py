"""Showing numbers and pictures: big numbers, tables, downloads, pixel-exact images.

The HTML of numbers is built by :mod:`lib.notation` (plain strings, tested without
Streamlit); only our own markup is passed through unescaped (:class:`Html`).
"""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import io
import json
import threading
from collections import OrderedDict
from collections.abc import Callable

import numpy as np
import streamlit as st

from lib.notation import fit_style


def big_number(label: str, value_html: str, caption: str = "", container=None) -> None:
    """A number too big for st.metric (which truncates), on one line at any width.

    The expression never wraps; its type shrinks to fit its column instead (see
    :func:`lib.notation.fit_style`), and grows with presentation mode's larger rem.
    """
    where = container if container is not None else st
    where.html(big_number_html(label, value_html, caption))


def big_number_html(label: str, value_html: str, caption: str = "") -> str:
    """The markup of :func:`big_number`, to place inside a larger block of the page's own HTML
    (one element instead of several: every element costs the browser a render on each rerun).

    >>> big_number_html("possible photos", "10<sup>3</sup>", "a <guess>")[:60]
    '<div class="bignum-box"><div class="bignum-label">possible p'
    >>> "a &lt;guess&gt;" in big_number_html("x", "1", "a <guess>")
    True
    """
    return (
        f'<div class="bignum-box"><div class="bignum-label">{_cell(label)}</div>'
        f'<div class="bignum" style="{fit_style(value_html)}">{value_html}</div>'
        + (f'<div class="bignum-caption">{_cell(caption)}</div>' if caption else "")
        + "</div>"
    )


class Html(str):
    """Markup built by the app itself (never from visitor input): shown as-is in tables, and
    sent as it is by ``st.html`` (which otherwise dedents every string it is given: ~1 ms a
    run for the home page's 45 kB picture block).

    >>> Html("<b>x</b>")._repr_html_()
    '<b>x</b>'
    """

    def _repr_html_(self) -> str:
        return str(self)


def table(headers: list[str], rows: list[list[str]], container=None) -> None:
    """An HTML table whose cells wrap instead of being cut off (st.dataframe truncates)."""
    where = container if container is not None else st
    where.html(table_html(headers, rows))


def table_html(headers: list[str], rows: list[list[str]]) -> Html:
    """The markup of :func:`table`, to place inside a larger block of the page's own HTML.

    >>> table_html(["a"], [["<b>"]])
    '<table class="facts"><thead><tr><th>a</th></tr></thead><tbody><tr><td>&lt;b&gt;</td></tr></tbody></table>'
    """
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in rows)
    return Html(f'<table class="facts"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')


def _cell(value: str) -> str:
    """Our own markup passes; any other text is escaped."""
    return value if isinstance(value, Html) else html.escape(str(value))


def download_numbers(
    numbers: dict[str, str] | Callable[[], dict[str, str]], stem: str, container=None
) -> None:
    """The numbers of a view as CSV and as JSON, downloaded without a rerun.

    ``numbers`` may be a function that returns them: they are then worked out only when a
    visitor clicks, not on every run (a new view's exact comparisons take ~20 ms).
    """
    where = container if container is not None else st

    def as_csv(values: dict[str, str]) -> str:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(["quantity", "value"])
        writer.writerows(values.items())
        return text.getvalue()

    def as_json(values: dict[str, str]) -> str:
        return json.dumps(values, indent=2, ensure_ascii=False)

    if callable(numbers):
        work_out = numbers
        csv_data: str | Callable[[], str] = lambda: as_csv(work_out())  # noqa: E731
        json_data: str | Callable[[], str] = lambda: as_json(work_out())  # noqa: E731
    else:
        csv_data, json_data = as_csv(numbers), as_json(numbers)
    # One row that wraps on a phone: a row of columns would be three more elements to draw.
    left = right = where.container(horizontal=True)
    left.download_button(
        "Numbers as CSV",
        csv_data,
        file_name=f"{stem}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/table:",
    )
    right.download_button(
        "Numbers as JSON",
        json_data,
        file_name=f"{stem}.json",
        mime="application/json",
        on_click="ignore",
        icon=":material/data_object:",
    )


#: Pictures up to this size are written into the page; larger ones are served as files
#: (base64 would add a third to their bytes, and a view is bounded to 1 MB a run).
INLINE_PNG_BYTES = 64_000


def pixel_image(pixels, key: str, alt: str, max_height_vh: int | None = None) -> bytes:
    """An image shown pixel-exact: a lossless PNG enlarged by the largest whole factor that
    fits its column (never a fraction, never smoothed, so noise shows no moiré); when it
    is wider than its column it is shown at 1:1 and scrolls sideways instead of shrinking.
    ``key`` names the picture (a CSS class with ``pixel-<key>`` in it); ``max_height_vh``
    caps the enlarged height at that share of the window's height (still by a whole
    factor), so a picture and what follows it fit one screen. Returns the PNG sent.

    A picture of up to :data:`INLINE_PNG_BYTES` is one element, its PNG written into it as
    a data URI: ``st.image`` with its own style and a keyed container around it is three
    elements to render on every rerun, and one more request before it can be drawn.

    >>> png = pixel_image(np.zeros((2, 3), np.uint8), "dark", "a dark strip")
    >>> png[:4]
    b'\\x89PNG'
    """
    width, room = _width_and_room(pixels, max_height_vh)
    png = png_of(pixels)
    if len(png) <= INLINE_PNG_BYTES:
        image = _inline_img(png, alt, pixels.shape)
        st.html(
            Html(
                f'<div class="pixel-image pixel-{key}" style="--side: {width}px; --room: {room}">{image}</div>'
            )
        )
        return png
    st.html(
        f"<style>.st-key-pixel-{key} [data-testid='stFullScreenFrame'] div {{ width: 100%; justify-content: start; }}"
        f" .st-key-pixel-{key} img {{ image-rendering: pixelated; max-width: none !important; height: auto;"
        f" width: max(round(down, {room}, {width}px), {width}px) !important; }}"
        f" .st-key-pixel-{key} {{ overflow-x: auto; }}</style>"
    )
    with st.container(key=f"pixel-{key}"):
        st.image(png, output_format="PNG", width="stretch", alt=alt)
    return png


def _inline_img(png: bytes, alt: str, shape: tuple[int, ...]) -> str:
    """An ``<img>`` with the PNG written in as a data URI, at the picture's own size (the one
    form of the app's own pictures in its HTML, which the tests recognise)."""
    source = base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{source}" alt="{html.escape(alt)}" width="{shape[1]}" height="{shape[0]}">'


def _width_and_room(
    pixels: np.ndarray, max_height_vh: int | None, max_scale: int | None = None
) -> tuple[int, str]:
    """A picture's width in pixels, and the CSS width it may grow to: its column, at most
    ``max_height_vh`` of the window's height once enlarged, and at most ``max_scale`` times
    its own width (then rounded down to a whole factor of the width by the caller's CSS)."""
    width, height = int(pixels.shape[1]), int(pixels.shape[0])
    limits = ["100%"]
    if max_height_vh is not None:
        limits.append(f"{max_height_vh * width / height:.3f}vh")
    if max_scale is not None:
        limits.append(f"{max_scale * width}px")
    return width, limits[0] if len(limits) == 1 else f"min({', '.join(limits)})"


#: PNGs already encoded, by a digest of their pixels: a rerun that shows the same picture
#: (the photo's corner when only the seed changed, the room's best find) skips the
#: encoder, and the same bytes keep the same media URL, which the browser has cached.
_PNGS: OrderedDict[bytes, bytes] = OrderedDict()
_PNG_BYTES_KEPT = 32 * 2**20
_PNG_LOCK = threading.Lock()


def png_of(pixels: np.ndarray) -> bytes:
    """Lossless PNG bytes of a uint8 picture, encoded once per server for the same pixels
    (the last 32 MB of PNGs are kept; a digest of 200 kB of pixels takes ~0.2 ms, its
    encoding ~5 ms).
    """
    from lib.photo_corpus import encode_png

    pixels = np.ascontiguousarray(pixels)
    digest = hashlib.blake2b(pixels.data, digest_size=16)
    digest.update(f"{pixels.shape}{pixels.dtype}".encode())
    key = digest.digest()
    with _PNG_LOCK:
        if key in _PNGS:
            _PNGS.move_to_end(key)
            return _PNGS[key]
    png = encode_png(pixels)
    with _PNG_LOCK:
        _PNGS[key] = png
        while sum(map(len, _PNGS.values())) > _PNG_BYTES_KEPT and len(_PNGS) > 1:
            _PNGS.popitem(last=False)
    return png


def pixel_figures_html(
    pictures, max_height_vh: int | None = None, keys: tuple[str, ...] = (), max_scale: int | None = None
) -> str:
    """Pictures side by side at every width (phones included), each shown pixel-exact as in
    :func:`pixel_image` (lossless PNG, enlarged by the largest whole factor that fits its
    column and ``max_height_vh``, never smoothed), with its caption below: one block of HTML,
    the PNGs written into it as data URIs. ``pictures`` are (pixels, alt, caption) triples;
    alt and caption are escaped unless :class:`Html`. ``keys`` name the figures (a class
    ``pixel-<key>`` on each, as :func:`pixel_image` names its picture). ``max_scale`` caps
    the enlargement (a picture sent at its own size, enlarged up to that factor where its
    column allows and less on a phone).

    For pictures that are the same on every rerun (the home page's): the block is the same
    bytes every time, so Streamlit sends it once and then as a reference, and the browser
    neither re-renders it nor decodes the images again, where ``st.image`` and its columns,
    containers and captions were nine elements to re-render.

    >>> block = pixel_figures_html([(np.zeros((2, 3, 3), np.uint8), "black", "a <b>")], 38)
    >>> block.count("<img"), "data:image/png;base64," in block, "a &lt;b&gt;" in block
    (1, True, True)
    >>> "--side: 3px" in block and "--room: min(100%, 57.000vh)" in block
    True
    """
    figures = []
    for i, (pixels, alt, caption) in enumerate(pictures):
        width, room = _width_and_room(pixels, max_height_vh, max_scale)
        named = f' class="pixel-{keys[i]}"' if i < len(keys) else ""
        figures.append(
            f'<figure{named} style="--side: {width}px; --room: {room}">{_inline_img(png_of(pixels), alt, pixels.shape)}'
            f"<figcaption>{_cell(caption)}</figcaption></figure>"
        )
    return f'<div class="pixel-figures">{"".join(figures)}</div>'


def pixel_rows_html(rows, max_scale: int = 1) -> str:
    """Labelled rows of pictures, each enlarged by the largest whole factor up to
    ``max_scale`` that fits its column (1:1 by default; a pixel is always a sharp block;
    wider than its column at 1:1, a row scrolls instead of being squeezed): one block of
    HTML, the PNGs written into it as data URIs, the label beside its picture and above it
    on a phone. ``rows`` are (label, pixels, alt) triples; label and alt are escaped unless
    :class:`Html`.

    One element where a row of columns, a label and an image were five: Learning's samples
    (six rows) were 30 elements to render on every rerun.

    >>> block = pixel_rows_html([("a <b>", np.zeros((2, 3), np.uint8), "black")])
    >>> block.count("<img"), "a &lt;b&gt;" in block, 'width="3" height="2"' in block
    (1, True, True)
    >>> "--side: 3px; --room: min(100%, 24px)" in pixel_rows_html([("a", np.zeros((2, 3), np.uint8), "b")], 8)
    True
    """
    cells = []
    for label, pixels, alt in rows:
        width, room = _width_and_room(pixels, None, max_scale)
        image = _inline_img(png_of(pixels), alt, pixels.shape)
        cells.append(f'<b>{_cell(label)}</b><div style="--side: {width}px; --room: {room}">{image}</div>')
    return f'<div class="pixel-rows">{"".join(cells)}</div>'


def side_by_side(key: str, count: int = 2) -> list:
    """``count`` columns that stay side by side at every width, phones included (Streamlit
    stacks columns below 640 px): for pictures meant to be compared.
    """
    st.html(
        f"<style>.st-key-{key} [data-testid='stHorizontalBlock'] {{ flex-wrap: nowrap !important; }}"
        f" .st-key-{key} [data-testid='stColumn'] {{ min-width: 0 !important; flex: 1 1 0 !important; }}</style>"
    )
    with st.container(key=key):
        return list(st.columns(count, gap="small"))
