"""The marks lib.charts.html_marks adds to a plot of the page's own HTML: each placed where it
says, its words escaped (nothing given to it is ever markup), bad input refused with a sentence."""

from __future__ import annotations

import re
from urllib.parse import unquote

import numpy as np
import pytest

from lib.charts import html_marks as marks
from lib.charts.html_plot import Axis, Entry, Frame, Scale, plot_html

HOSTILE = '<img src=x onerror="alert(1)">&'


def test_every_word_given_to_a_mark_is_escaped():
    y = Axis(Scale(0, 1), (0.0, 1.0), HOSTILE)
    parts = [
        marks.heading(HOSTILE, HOSTILE),
        marks.right_axis(y),
        marks.level_label(0.5, HOSTILE),
        marks.labelled_points([0.5], [0.5], [HOSTILE], ["#000000"]),
        marks.hollow_points(np.array([0.5]), np.array([0.5]), [HOSTILE], "#000000", "circle"),
        marks.hover_points(np.array([0.5]), np.array([0.5]), [HOSTILE]),
    ]
    figure = plot_html(
        "",
        y,
        y,
        "",
        [marks.ShapeEntry(HOSTILE, "#000000", shape="square")],
        points="".join(parts[2:]),
        description=HOSTILE,
    )
    block = marks.with_parts(figure, parts[0] + parts[1])
    assert "<img src=x" not in block and 'onerror="' not in block
    assert block.count("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;") >= 9


def test_with_parts_adds_to_a_plot_only():
    figure = plot_html(
        "", Axis(Scale(0, 1), (0.0,), "x"), Axis(Scale(0, 1), (0.0,), "y"), "", [], description="d"
    )
    added = marks.with_parts(figure, "<p>added</p>")
    assert added.startswith(figure.removesuffix("</figure>")) and added.endswith("<p>added</p></figure>")
    with pytest.raises(ValueError, match="plot_html figure"):
        marks.with_parts("<figure>not a plot</figure>", "<p></p>")


def test_a_band_is_its_top_then_its_bottom_and_leaves_out_what_it_cannot_place():
    band = marks.Band([0.0, 0.5, 1.0], [0.1, np.nan, 0.2], [0.3, 0.4, 0.5], "#0072B2", 0.25)
    assert band.path() == "M0 700L1000 500L1000 800L0 900Z"
    svg = unquote(re.search(r'src="data:image/svg\+xml,([^"]*)"', marks.bands_image([band]))[1])
    assert "<path d='M0 700L1000 500L1000 800L0 900Z' fill='#0072B2' fill-opacity='0.25'/>" in svg
    assert marks.Band([np.nan], [0], [1], "#000").path() == ""


def test_shapes_and_ticks_refuse_what_they_cannot_draw():
    with pytest.raises(ValueError, match="circle, square"):
        marks.hollow_points(np.array([0.0]), np.array([0.0]), ["a"], "#000", "star")
    with pytest.raises(ValueError, match="circle, square"):
        marks.ShapeEntry("a", "#000", shape="star").key()
    with pytest.raises(ValueError, match="step above 0"):
        marks.ticks_between(0, 1, 0)


def test_a_shape_entry_keeps_its_lines_dash():
    key = marks.ShapeEntry("a", "#D55E00", dash=(6, 3), shape="square").key()
    assert key.startswith('<span class="shape-key square" style="--c: #D55E00">')
    assert Entry("a", "#D55E00", dash=(6, 3)).key() in key  # the line as html_plot draws a dashed one


def test_two_axes_and_a_heading_are_placed_by_the_style():
    style = marks.MARKS_STYLE
    assert (
        f".html-plot.{marks.TWO_AXES} {{ grid-template-columns: auto auto minmax(0, 1fr) auto auto;" in style
    )
    assert (
        ".plot-y2 { grid-row: 2; grid-column: 4;" in style
        and ".plot-y2-title { grid-row: 2; grid-column: 5;" in style
    )
    assert ".html-plot .plot-heading { grid-row: 1; }" in style
    assert Frame(300, kind=f"{marks.TWO_AXES} x").kind.split()[0] == marks.TWO_AXES


def test_the_plots_words_read_on_white_from_the_back_of_a_room():
    """Ticks, axis titles and legends of every plot, and the diffusion path's coloured axis titles,
    at least 4.5:1 on white (WCAG AA for small type): Streamlit's chart grey was 3.7:1, the lines'
    green and pink as words 3.4 and 3.1 (review, 27 Nov)."""
    from test_talk import contrast_on_white

    from lib.charts import html_plot
    from lib.charts import sampling as diffusion

    for colour in (html_plot.INK, diffusion.CORRELATION_WORDS, diffusion.SLOPE_WORDS):
        assert contrast_on_white(colour) >= 4.5, colour
    assert f"color: {html_plot.INK}" in html_plot.PLOT_STYLE
