"""Random images' own layout, as CSS written into the page: where its grids, corners and the
plots below the draw stand at every width (what the browser may skip while off screen is app.css's;
the diffusion path's frames are its plot's own, lib.charts.sampling).

Plain strings and functions (no Streamlit): ``pages/2_Sampling.py`` writes the styles once beside
the draw (a new draw re-sends no stylesheet), and the draw's HTML refers to them.
"""

from __future__ import annotations

#: The two corners at 1:1 side by side where they fit, one above the other where they do not
#: (a phone's column holds one 256-px picture, not two): never squeezed, never scrolled. On a
#: phone their enlarged corners stand one above the other too, each as large as a whole factor
#: of the column allows (side by side, a 171-px half column held them at 2×: 128 px). The
#: image's digits never break inside the number: on a phone their type shrinks to fit instead.
#: The two 1:1 squares stand apart (a 1rem gap, as between the grids), never touching.
FULL_SIZE_STYLE = (
    "<style>.st-key-full-size [data-testid='stFullScreenFrame'] div { flex-wrap: wrap; justify-content: start; }"
    " .st-key-full-size [data-testid='stImage'] { column-gap: 1rem; }"
    " .st-key-full-size img { image-rendering: pixelated; max-width: none !important; }"
    " .image-number .digits { white-space: nowrap; word-break: normal; overflow-wrap: normal;"
    " font-size: clamp(0.7rem, 3.2vw, 1.05rem); }"
    " @media (max-width: 640px) { .pixel-figures:has(> .pixel-zoom-noise) { grid-auto-flow: row; } }</style>"
)

#: The page's opening sentence. What lies below the draw is skipped by the browser while off
#: screen (app.css, ``st-key-below-the-draw``).
INTRO_HTML = (
    '<p class="intro">Pick a point of the space of all images at random and you get static; how rarely'
    " anything else comes up is worked out below.</p>"
)

#: Below this width the grids stand one above the other (as app.css stacks its columns):
#: side by side, a phone's half column held a 98-px grid at 1:1 and a 264-px one not at all.
GRID_STACK_WIDTH_PX = 640
#: What a phone's first screen holds besides the two grids: the title and the sentence above
#: the first (272 px measured at 390×844) and each grid's title below it (~3rem each).
GRID_STACK_ABOVE = "25rem"


#: The grids' style: their titles at the size and weight of text, not of a caption (read
#: from the back); side by side, the pair meets in the middle, 1rem apart (as the home page's
#: noise and photo do): a grid smaller than its half, as large images are where twice their
#: size does not fit (64×64 ones: 259 px at 1:1 in a 481-px half at 1440×900, review 11), stood
#: at the left of each half with the half's right side empty. On a narrow screen they stand
#: one above the other, centred, each enlarged by the largest whole factor that fits the
#: column and lets *both* grids end on the first screen (each at most half of what the screen
#: holds besides them): the page is the comparison of the two, and at 3× a phone's first
#: screen showed the noise and only the top third of the photos. The default 98-px sheet is
#: then 2× (196 px) at 390×844. Never below 2× where the column holds it: on a phone under ~800 px
#: tall (375×667, 360×740) 1× left two 98-px stamps of 32-px thumbnails, so there the second grid
#: ends just below the first screen instead (review 15, Samp-13); never below 1:1.
#: The sheet's width over its height is ``--share``, set on the grids' block (:func:`grid_block`).
GRID_STYLE = (
    "<style>.pixel-grid-random figcaption, .pixel-grid-real figcaption { opacity: 1; font-size: 1rem; }"
    " .pixel-grid-random img { margin-left: auto; } .pixel-grid-random figcaption { text-align: right; }"
    f" @media (max-width: {GRID_STACK_WIDTH_PX}px) {{ .pixel-figures:has(> .pixel-grid-random)"
    " { grid-auto-flow: row; }"
    " .pixel-grid-random img, .pixel-grid-real img { margin-inline: auto; }"
    " .pixel-grid-random figcaption, .pixel-grid-real figcaption { text-align: center; }"
    " .pixel-grid-random, .pixel-grid-real"
    f" {{ --room: min(100%, max(calc((100vh - {GRID_STACK_ABOVE}) / 2 * var(--share)), calc(2 * var(--side))))"
    " !important; } }</style>"
)


def grid_block(grids: str, width: int, height: int) -> str:
    """The grids' HTML (``grids``) in the block that gives :data:`GRID_STYLE` the sheet's shape:
    ``width``×``height`` pixels. The style itself is written once, beside the draw, not in it:
    each new draw would otherwise insert a stylesheet again, and app.css's caption rule, which
    Streamlit writes later in the document, won over the titles' size (14 px grey, not 1rem).

    >>> grid_block("<div></div>", 98, 49)
    '<div class="draw-grids" style="--share: 2.0000"><div></div></div>'
    """
    return f'<div class="draw-grids" style="--share: {width / height:.4f}">{grids}</div>'


#: The statistics' two plots side by side, 1rem apart (as Streamlit's columns stood), one
#: above the other where its columns stack (a phone's); 1rem above and below them, the gap that
#: stood between them and their neighbours when each was an element of its own.
STATISTICS_STYLE = (
    "<style>.draw-statistics { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 1.5rem 1rem;"
    " margin: 1rem 0; }"
    f" @media (max-width: {GRID_STACK_WIDTH_PX}px) {{ .draw-statistics {{ grid-template-columns: minmax(0, 1fr); }} }}"
    "</style>"
)


def statistics_block(*plots: str) -> str:
    """The statistics' plots (each with its caption) as one block of HTML: a new draw re-sends
    one element for both, where two charts and their captions were four.

    >>> statistics_block("<figure></figure>", "<p></p>")
    '<div class="draw-statistics"><div><figure></figure></div><div><p></p></div></div>'
    """
    return '<div class="draw-statistics">' + "".join(f"<div>{plot}</div>" for plot in plots) + "</div>"


#: The plots below the draw. The thinness study's two side by side, 1rem apart (as Streamlit's
#: columns stood them), one above the other where its columns stack (a phone's), as the
#: statistics' plots; presented, their legend's keys as thick as their lines (4 and 3 px there).
#: While the browser skips them off screen (app.css), each block is taken to be about its own
#: height (measured at 1920, 1440 and 390 px wide: the thinness plots and table 824 px, 1,599 on
#: a phone; the diffusion path 546-568, 823), where app.css's guess for a paragraph (120, 300)
#: left the page 16-17% shorter than itself until scrolled through; the closed credits panel 46
#: px, where the guess for a block (300, 520) left the page 4-5% taller (5.4-5.6% once the room's
#: panel, drawn during a first load before the statistics shown in place pushed it off screen,
#: kept its own height).
BELOW_THE_DRAW_STYLE = (
    "<style>.thinness-plots { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 1.5rem 1rem;"
    " margin: 0.5rem 0 0 0; }"
    " .thinness-plot.presenting .key.line { border-top-width: 4px; }"
    " .thinness-plot.presenting .key.stroke { height: 3px; }"
    " .st-key-below-the-draw > [data-testid='stElementContainer']:has(.thinness-plots)"
    " { contain-intrinsic-size: auto 820px; }"
    " .st-key-below-the-draw > [data-testid='stElementContainer']:has(.diffusion-plot)"
    " { contain-intrinsic-size: auto 560px; }"
    " .st-key-below-the-draw > [data-testid='stLayoutWrapper']:has(> [data-testid='stExpander'])"
    " { contain-intrinsic-size: auto 46px !important; }"
    f" @media (max-width: {GRID_STACK_WIDTH_PX}px) {{ .thinness-plots {{ grid-template-columns: minmax(0, 1fr); }}"
    " .st-key-below-the-draw > [data-testid='stElementContainer']:has(.thinness-plots)"
    " { contain-intrinsic-size: auto 1600px; }"
    " .st-key-below-the-draw > [data-testid='stElementContainer']:has(.diffusion-plot)"
    " { contain-intrinsic-size: auto 820px; } }</style>"
)


def thinness_block(*plots: str) -> str:
    """The thinness study's plots as one block of HTML, one element where two columns and two
    charts were four.

    >>> thinness_block("<figure></figure>", "<figure></figure>")
    '<div class="thinness-plots"><div><figure></figure></div><div><figure></figure></div></div>'
    """
    return '<div class="thinness-plots">' + "".join(f"<div>{plot}</div>" for plot in plots) + "</div>"
