"""Random images' diffusion path, from a photo to noise, as a plot of the page's own HTML
(:func:`diffusion_plot`): each frame drawn above its statistics. The same for every view and
draw, so the page builds it once per server and mode and a new draw never re-sends it.

Why not Vega-Lite, as it was: with the thinness study's two charts (:mod:`lib.charts.thinness`)
it was the last reason Random images fetched Vega's ``embed.js``, 0.56-1.05 s of a throttled
phone's main thread on a first load (the figures: :mod:`lib.charts.thinness`); its frames, sent
twice with the Vega chart (in its data and in the page's strip for a phone), are sent once.
The page's other figures were already its own HTML: the
statistics' two plots (:mod:`lib.charts.statistics_plots`) and the neighbour correlations'
strip (:mod:`lib.sampling_strip`), since a new draw swapping data into a Vega chart cost the
browser ~12-14 ms of its main thread a chart.

Pure functions from numbers to HTML text; tests read the text, its SVG and its PNGs back.
``presenting``: a projector wants a taller plot, larger type and larger frames.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

import numpy as np

from lib.charts import GREEN, PINK
from lib.charts.html_marks import TWO_AXES, right_axis, round_capped, ticks_between, with_parts
from lib.charts.html_plot import Axis, Frame, Scale, dots_html, fixed_words, plot_html
from lib.charts.plot_lines import Line, grid_path, lines_image, polyline_path
from lib.notation import signed
from lib.statistics import adjacent_pixel_correlations, radial_power_spectrum

#: The widest a diffusion frame is drawn (a whole factor of its side, up to this many pixels;
#: twice that presenting: from the back of a room 96 px read as a stamp, review 11,
#: Presenting-1), and the room kept between neighbouring frames and between a frame and the plot.
FRAME_MAX_PX, FRAME_GAP_PX = 96, 4
#: The most rows the frames take turns on.
FRAME_ROWS = 2
#: At this window width or less (a phone's) the frames stand apart from the plot, above it in
#: a grid of their own, in reading order at 2× (on staggered rows in a ~210-px plot they read as
#: a jumble, review 10).
FRAMES_APART_PX = 640
#: The diffusion plot's two statistics: neither the photos' colour nor the noise's.
CORRELATION_COLOUR, SLOPE_COLOUR = GREEN, PINK
#: Their axes' titles in the same hues, darker: the lines' green and pink as words were 3.4:1
#: and 3.1:1 on white, under the 4.5:1 small type needs (review, 27 Nov); these are 5.4 and 5.1.
CORRELATION_WORDS, SLOPE_WORDS = "#007A59", "#A4508A"
#: The plot's lines' box, the frames above it: 300 px high, 480 on a projector.
FRAME = Frame(300, kind=f"{TWO_AXES} diffusion-plot")
X_TITLE = "diffusion step t (not to scale)"
CORRELATION_TITLE = "neighbour correlation"
SLOPE_TITLE = "how fast detail fades: slope (dashed)"  # no "spectral": review 11, Jargon-1
#: The slope's dashes in px, as the Vega chart drew them.
SLOPE_DASH = (6, 3)


def frame_sizes(side: int, count: int, most: int, gap: int = FRAME_GAP_PX) -> list[tuple[float, int, int]]:
    """How ``count`` frames of ``side`` pixels stand above a plot, by its width: each
    ``(least width in px, rows, factor)``, the widest that applies holding.

    A frame is enlarged by the largest whole factor (at most ``most`` px) that leaves ``gap``
    between neighbours in its row. Frames take one row while 2× fits there; on a narrower
    plot they take turns on :data:`FRAME_ROWS` rows (each then has twice the room): on two
    rows at 1:1 they were 32 px, too small to read. As the Vega chart worked it out, for a
    plot ``width`` wide with ``step = width / count``: one row if ``step >= 2·side + gap``,
    and a factor ``max(1, min(most // side, floor((rows·step − gap) / side)))``.

    >>> frame_sizes(32, 8, 96)
    [(0.0, 2, 1), (272.0, 2, 2), (400.0, 2, 3), (544.0, 1, 2), (800.0, 1, 3)]
    >>> frame_sizes(32, 8, 192)[-1], frame_sizes(64, 8, 96)
    ((1568.0, 1, 6), [(0.0, 2, 1), (1056.0, 1, 1)])
    """
    if side < 1 or count < 1 or most < 1:
        raise ValueError(
            f"frames need a side, a count and a largest size of at least 1, got {side}, {count}, {most}"
        )
    largest, one_row = max(1, most // side), float(count * (2 * side + gap))
    sizes: list[tuple[float, int, int]] = [(0.0, FRAME_ROWS, 1)]
    for factor in range(2, largest + 1):
        least = count * (factor * side + gap) / FRAME_ROWS
        if least < one_row:
            sizes.append((least, FRAME_ROWS, factor))
    sizes.append((one_row, 1, min(largest, 2)))
    sizes += [(float(count * (f * side + gap)), 1, f) for f in range(3, largest + 1)]
    return sizes


def frames_style(side: int, count: int, presenting: bool) -> str:
    """The frames' style: above a diffusion plot, a grid of ``count`` columns as wide as the
    plot's steps, each frame centred over its step, pixel-exact, its size and row by the plot's
    width (:func:`frame_sizes`, as container queries on the frames' own box). In a window of
    :data:`FRAMES_APART_PX` or less (a phone's) they stand apart from the plot, above it across
    the whole figure: four a row in reading order, each titled with its step, at 2× where the
    column holds it (at 1:1 where it does not), as the page's own strip of them stood.

    >>> style = frames_style(32, 8, False)
    >>> "@container (min-width: 544px)" in style, "width: 96px" in style, "width: 192px" in style
    (True, True, False)
    """
    frames = ".diffusion-plot .plot-frames"
    rules = [
        f"<style>{frames} {{ grid-row: 1; grid-column: 3; container-type: inline-size; display: grid;"
        f" grid-template-columns: repeat({count}, minmax(0, 1fr)); align-items: end; row-gap: {FRAME_GAP_PX}px;"
        f" margin: 0 0 {FRAME_GAP_PX}px 0; }}"
        f" {frames} > div {{ margin: 0; position: relative; left: 50%; transform: translateX(-50%);"
        " justify-self: start; }"
        f" {frames} img {{ display: block; max-width: none; image-rendering: pixelated; }}"
        f" {frames} span {{ display: none; }}",
        *(f" {frames} > div:nth-child({i + 1}) {{ grid-column: {i + 1}; }}" for i in range(count)),
    ]
    for least, rows, factor in frame_sizes(side, count, FRAME_MAX_PX * (2 if presenting else 1)):
        turns = (
            f" {frames} > div:nth-child(odd) {{ grid-row: 2; }} {frames} > div:nth-child(even) {{ grid-row: 1; }}"
            if rows > 1
            else f" {frames} > div:nth-child(n) {{ grid-row: 1; }}"  # as specific as the rows' rules
        )
        said = f"{frames} img {{ width: {factor * side}px; height: {factor * side}px; }}{turns}"
        rules.append(f" @container (min-width: {least:g}px) {{ {said} }}" if least else f" {said}")
    rules.append(
        f" @media (max-width: {FRAMES_APART_PX}px) {{ {frames} {{ grid-column: 1 / -1;"
        " grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 1rem; margin-bottom: 1rem; }"
        f" {frames} > div:nth-child(n) {{ grid-row: auto; grid-column: auto; left: 0; transform: none;"
        " justify-self: stretch; min-width: 0; }"
        f" {frames} img {{ width: max(round(down, min(100%, {2 * side}px), {side}px), {side}px); height: auto;"
        " border-radius: 0.5rem; }"
        f" {frames} span {{ display: block; font-size: 0.875rem; opacity: 0.6; margin-top: 0.5rem;"
        " line-height: 1.6; color: var(--text-color, #31333f); } }"
    )
    rules.append(
        " .diffusion-plot.presenting .dots > i { width: 9px; height: 9px; }"
    )  # from the back of a room
    rules.append(f" .diffusion-plot .plot-y-title {{ color: {CORRELATION_WORDS}; }}")
    rules.append(f" .diffusion-plot .plot-y2-title {{ color: {SLOPE_WORDS}; }}</style>")
    return "".join(rules)


def _frames_html(steps: Sequence[int], frames: np.ndarray) -> str:
    """Each frame as a lossless PNG with its step as its title (shown on a phone), in its step's
    column: a box of its own, not a nested figure (the plot's figure is one image to a screen
    reader, which its description speaks for)."""
    from lib.pixel_sheets import encode_png

    side = int(frames.shape[2])
    pictures = "".join(
        f'<div><img src="data:image/png;base64,{base64.b64encode(encode_png(frame)).decode("ascii")}"'
        f' alt="the photo at step t = {t}" width="{side}" height="{side}"><span>t = {t}</span></div>'
        for t, frame in zip(steps, frames, strict=True)
    )
    return f'<div class="plot-frames">{pictures}</div>'


def diffusion_plot(steps: Sequence[int], frames: np.ndarray, *, presenting: bool = False) -> str:
    """Neighbour correlation (left axis) and how fast detail fades, the spectrum's slope (right
    axis, dashed), of each frame, with the frame itself drawn above its points: its style
    (:func:`frames_style`) and the plot, as one block of HTML.

    ``frames`` are the uint8 states at ``steps``; ``t`` is an evenly spaced category (0, 50,
    100, 200 … 1000), so the axis says it is not to scale. Each frame stands in its step's
    column above the plot (lossless PNG, never smoothed), so it stands over its points at
    every width: a strip of frames above the chart, laid out apart, stood ~75 px off the
    points it meant. Sizes and rows follow the plot's width (:func:`frame_sizes`); in a
    window of :data:`FRAMES_APART_PX` or less they stand apart above it, four a row, titled
    (:func:`frames_style`): one copy of each PNG for both, where the page sent a strip of its
    own for a phone beside the Vega chart's (~31 KB twice).
    The two statistics take colours of their own, named by their axes' titles: the page's
    blue and vermilion mean "photos" and "noise", which these lines are not. Each point's
    value shows on hover.

    >>> frames = np.random.default_rng(0).integers(0, 256, (2, 16, 16), dtype=np.uint8)
    >>> block = diffusion_plot([0, 500], frames)
    >>> block.count('<img src="data:image/png;base64,'), block.count('<i title="t = '), X_TITLE in block
    (2, 4, True)
    >>> ">how fast detail fades: slope (dashed)</span>" in block, ">1000<" in diffusion_plot([0, 1000], frames)
    (True, True)
    """
    if len(steps) != len(frames) or not len(steps) or frames.ndim not in (3, 4):
        raise ValueError("the diffusion plot needs one frame (height × width [× channels]) per step")
    correlation = np.asarray(adjacent_pixel_correlations(frames).mean, dtype=float)
    slope = np.array([radial_power_spectrum(frame).slope for frame in frames], dtype=float)
    count = len(steps)
    x = Axis(
        Scale(-0.5, count - 0.5),
        tuple(float(i) for i in range(count)),
        X_TITLE,
        words=lambda i: str(steps[int(i)]),
    )
    left = Axis(Scale(-0.2, 1), ticks_between(-0.2, 1, 0.1), CORRELATION_TITLE, words=fixed_words(1))
    right = Axis(Scale(-4, 0.5), ticks_between(-4, 0.5, 0.5), SLOPE_TITLE, words=fixed_words(1))
    across = x.scale.share(np.arange(count))
    up_left, up_right = left.scale.share(correlation), right.scale.share(slope)
    width = 3 if presenting else 2
    lines = [
        Line(polyline_path(across, up_left), CORRELATION_COLOUR, width),
        Line(polyline_path(across, up_right), SLOPE_COLOUR, width, dash=round_capped(SLOPE_DASH, width)),
    ]
    said = [
        (
            CORRELATION_COLOUR,
            up_left,
            [f"t = {t}: neighbour correlation {signed(c, 3)}" for t, c in zip(steps, correlation)],
        ),
        (SLOPE_COLOUR, up_right, [f"t = {t}: slope {signed(s, 2)}" for t, s in zip(steps, slope)]),
    ]
    points = "".join(dots_html(across, up, titles, colour) for colour, up, titles in said)
    figure = plot_html(
        "",
        x,
        left,
        lines_image(lines, grid_path([], left.scale.share(left.shown_ticks()).tolist())),
        [],
        points=points,
        description=(
            f"A photo drowned in noise step by step, each frame above its statistics, at diffusion steps t ="
            f" {', '.join(map(str, steps))} (evenly spaced, not to scale): {CORRELATION_TITLE} (left axis) from"
            f" {signed(correlation[0], 2)} to {signed(correlation[-1], 2)}; how fast detail fades, the slope"
            f" (right axis, dashed), from {signed(slope[0], 2)} to {signed(slope[-1], 2)}"
        ),
        presenting=presenting,
        frame=FRAME,
    )
    style = frames_style(int(frames.shape[2]), count, presenting)
    return style + with_parts(figure, _frames_html(steps, frames) + right_axis(right))
