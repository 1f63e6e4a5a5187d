"""Issue 14: a changed input on "How many images?" re-sends as little of its charts as it can.

Any new data swapped into a drawn Vega view costs the browser ~12-14 ms of its main thread,
whatever it holds, so both charts are the page's own HTML: the count against the side
(``lib.charts.count_plot``: the plot, the same bytes for nearby sizes, which the browser
leaves as drawn, and the view's dot as an element of its own laid over it) and every
modality on one axis (``lib.charts.axis_bars``: the same bars for every view but a preset).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from axis_bars_reading import axis_bars
from conftest import LINES_SVG, element_html, html_blocks, node_html, page_html
from count_plot_reading import count_dot, count_plot
from vega_number_words import NUMBER_WORDS, vega_labels

from lib import combinatorics as comb
from lib import modalities as mod
from lib.big_numbers import decimal_digits
from lib.charts import MODALITY_COLOURS
from lib.charts import axis_bars as axis_bars_module

COMBINATORICS = "pages/1_Combinatorics.py"


def count_chart_bodies(at) -> list[str]:
    """The count chart's two elements as sent: the plot and the dot laid over it."""
    return [e for e in html_blocks(at) if "html-plot count-plot" in e]


# The last: an image larger than every preset, so the curve and the dot run further.
# The first: the post's photo, a preset, whose own bar is marked; the others are no preset.
CHANGES = [{}, {"w": "101"}, {"w": "28", "h": "29"}, {"w": "1000000000000", "h": "1000000000000"}]


@pytest.mark.parametrize("change", CHANGES)
def test_a_new_size_sends_the_same_plot_and_a_new_dot(open_page, change):
    """The count chart's plot is the same bytes for a nearby size (one curve: the browser
    leaves it as drawn) and new for a size past its curve; its dot is always the view's own.
    The bars of every modality change only when the view becomes a preset (its own bar
    marked): a view that is none has no bar (words place it), so its bars stay as they were."""
    before = open_page(COMBINATORICS, w="100")
    after = open_page(COMBINATORICS, **change)
    (old_plot, old_dot), (new_plot, new_dot) = count_chart_bodies(before), count_chart_bodies(after)
    assert (new_plot == old_plot) == (change == {"w": "101"})  # 100 and 101 px: one curve
    assert count_dot(new_dot)["title"] != count_dot(old_dot)["title"]  # the view's digits
    assert not before.get("vega_lite_chart") and not after.get("vega_lite_chart")
    marked = [[bar["name"] for bar in axis_bars(page_html(at)) if bar["here"]] for at in (before, after)]
    assert marked == [[], ["▶ this view: Phone photo (the post)"] if change == {} else []]
    # The bars, an element of their own, the very same for every view that is no preset: the
    # browser leaves them as drawn.
    bodies = [[e for e in html_blocks(at) if '<figure class="axis-bars' in e] for at in (before, after)]
    assert all(len(b) == 1 and b[0].startswith('<figure class="axis-bars') for b in bodies)
    assert (bodies[0] == bodies[1]) == (change != {})


def test_a_view_that_is_no_preset_is_placed_among_the_bars_in_words(open_page):
    at = open_page(COMBINATORICS, w="5000", h="28")
    assert (
        "This view, 5,000×28 RGB 8-bit (1,011,461 digits), has no bar of its own: it would sit between"
        in (page_html(at))
    )
    assert "has no bar of its own" not in page_html(open_page(COMBINATORICS))  # the post's photo: its bar


def test_the_count_chart_is_the_views_curve_and_dot(open_page):
    """The curve runs over the view's sides with each one's exact digit count (on hover), to
    past the view; the dot, laid over it, says the view's own; the page's references are
    its grey lines, named in the key."""
    at = open_page(COMBINATORICS, w="28", h="28", c="1")
    assert not at.exception
    plot, dot = count_plot(page_html(at)), count_dot(page_html(at))
    sides = comb.chart_sides(28)
    assert [title for title, _, _ in plot["points"]] == [
        f"side {s:,}: {len(decimal_digits(256 ** (s * s))):,} digits" for s in sides
    ]
    assert dot["title"] == f"this image: {len(str(256**784)):,} digits" and dot["name"] == "this image"
    assert dot["x"] == pytest.approx(math.log10(28) / math.log10(sides[-1]), abs=5e-5)
    assert [name for name, _ in plot["key"]] == [
        "atoms: 81 digits",
        "LAION-5B: 10 digits",
        "CIFAR-10: 5 digits",
    ]


def test_the_bars_are_every_preset_in_the_order_of_their_counts(open_page):
    """Every preset of every kind of data, a bar each, shortest first, in its kind's colour, as
    long as its exact digit count on the log axis (1 to twice the longest), its exact count on
    hover; the post's photo, the view, outlined and named "this view", and no other."""
    bars = axis_bars(page_html(open_page(COMBINATORICS)))
    points = sorted(
        mod.one_axis(mod.image_data(comb.DEFAULT), "Phone photo (the post)"), key=lambda p: p.digits
    )
    top = math.log10(2 * points[-1].digits)
    assert [bar["name"].removeprefix("▶ this view: ") for bar in bars] == [p.name for p in points]
    for bar, point in zip(bars, points):
        kind = axis_bars_module.MODALITY_NAMES[point.modality]
        assert bar["title"] == f"{point.name} ({kind}): {point.digits:,} digits"
        assert bar["colour"] == MODALITY_COLOURS[point.modality]
        assert bar["share"] == pytest.approx(math.log10(point.digits) / top, abs=1e-4)
        assert bar["here"] == point.current == (point.name == "Phone photo (the post)")
        assert bar["name"].startswith("▶ this view: ") == point.current


@pytest.mark.parametrize(
    ("query", "name"), [({"w": "32", "h": "32"}, "CIFAR-10"), ({"m": "text"}, "A tweet, in letters")]
)
def test_a_preset_marks_its_own_bar_and_sends_no_chart_data(open_page, query, name):
    """Issue 14: a preset moves the outline and the words "this view" to its own bar, and the
    bars are otherwise the same; no Vega view holds them (a preset swapped their rows, then one
    row, into a drawn Vega view: ~12 ms of the browser's time whatever the rows)."""
    before, after = open_page(COMBINATORICS), open_page(COMBINATORICS, **query)
    old, new = axis_bars(page_html(before)), axis_bars(page_html(after))
    assert [b for b in new if b["here"]] == [
        {**next(b for b in old if b["name"] == name), "here": True, "name": f"▶ this view: {name}"}
    ]
    plain = [{**b, "here": False, "name": b["name"].removeprefix("▶ this view: ")} for b in old]
    assert [{**b, "here": False, "name": b["name"].removeprefix("▶ this view: ")} for b in new] == plain
    assert not after.get("vega_lite_chart")
    # A screen reader hears which bar is this view too (role="img" hides the words inside).
    (label,) = re.findall(r'<figure class="axis-bars[^>]*aria-label="([^"]*)"', page_html(after))
    assert label.count("this view") == 1 and f"this view, {name} (" in label


def test_the_count_part_draws_the_presets_the_count_and_both_charts(open_page):
    """Issue 14: everything a preset changes is drawn by the part that a new size or a preset
    reruns alone. In the answer column, nothing but the part: the count and, under it, the
    panel of its digits (written into the column from inside the part, the count sat in a
    wrapper block of its own). In the controls' column, the kind of data (the page's: a new
    one runs the page's body) and then the part's own box: the pills, the inputs, the preset's
    note with the count again for a phone, the reset
    (pills drawn outside the part made every preset a run of the page's body). In the
    charts' box, the part's cards, the count chart (its plot and its dot, in a box of their
    own), the words before the bars and the bars."""
    at = open_page(COMBINATORICS, w="100")
    answer, controls = at.columns
    (part,) = answer.children.values()
    count, digits = part.children.values()
    assert "Possible images" in node_html(count)
    assert [e.label for e in digits.children.values()] == ["More digits: the first and the last, exactly"]
    kind, written = controls.children.values()
    assert kind.label == "What kind of data?" and written.type == "transparent"
    picker, grid, note, reset = written.children.values()
    assert [e.label for e in picker.children.values()] == ["Presets"]
    assert len(grid.children) == 4 and reset.label == "Back to the post's example"
    assert 'class="caption phone-only"' in node_html(note)  # the count again, for a phone (no preset here)
    (charts_written,) = (  # the charts' box holds the part's writing alone
        only
        for block in at.main.children[0].children.values()
        for only in getattr(block, "children", {}).values()
        if len(block.children) == 1 and only.type == "transparent"
    )
    # Each a block shown in place (lib.ui.in_place): the cards, the plot and its dot, the words, the bars.
    kinds = [(e.type, node_html(e) != "") for e in charts_written.children.values()]
    shown = ("bidi_component", True)
    assert kinds == [shown, ("flex_container", False), shown, shown]
    plot, dot = list(charts_written.children.values())[1].children.values()
    assert count_plot(node_html(plot)) and count_dot(node_html(dot))  # each alone in its element
    assert len(axis_bars(node_html(list(charts_written.children.values())[-1]))) > 20  # the bars: its HTML


def test_a_rerun_of_the_same_view_sends_the_same_charts(open_page):
    """A rerun of the same view sends the very same bytes of both charts, so nothing in the
    browser changes."""
    at = open_page(COMBINATORICS, w="64")
    first = count_chart_bodies(at) + [e for e in html_blocks(at) if "axis-bars" in e]
    for _ in range(2):
        at.run()
        again = count_chart_bodies(at) + [e for e in html_blocks(at) if "axis-bars" in e]
        assert again == first and len(again) == 4  # the plot, the dot, the bars' style and the bars


def test_the_log_axes_mark_whole_powers_of_ten_only(open_page):
    """Grid lines and labels at 1, 10, 100, …, in the words of the Vega axes' label expression
    (run by Node): words, not SI prefixes ("1G" reads as gigabytes: review 7). The grid: a
    line at each labelled decade, none between."""
    plot = count_plot(page_html(open_page(COMBINATORICS)))
    sides = comb.chart_sides(math.sqrt(comb.DEFAULT.width * comb.DEFAULT.height))
    top = 1.5 * comb.log10_count_by_side(3, 8, sides)[-1].digits
    grid = plot["strokes"][0]["d"]
    for ticks, high, line in ((plot["x"], sides[-1], "V"), (plot["y"], top, "H")):
        decades = list(range(math.floor(math.log10(high)) + 1))
        assert [words for words, _, _ in ticks] == vega_labels(NUMBER_WORDS, [10**k for k in decades])
        assert [at for _, at, _ in ticks] == pytest.approx([k / math.log10(high) for k in decades], abs=5e-5)
        assert grid.count(line) == len(decades)


def test_the_one_axis_ticks_are_decades_in_the_count_charts_words(open_page):
    """The bars' axis labels every decade from 1 to the longest bar's, in the words the count
    chart's Vega axes write (its label expression run by Node), placed by their share of the
    log axis (1 to twice the longest bar); the key of the four kinds of data is above the bars
    (the chart is taller than a screen: review 9)."""
    page = page_html(open_page(COMBINATORICS))
    (figure,) = re.findall(r'<figure class="axis-bars.*?</figure>', page, flags=re.S)
    ticks = re.findall(r'<span class="t[124]" style="left: ([0-9.]+)%">([^<]*)</span>', figure)
    top = math.log10(2 * max(mod.preset_digits()))
    decades = list(range(math.floor(top) + 1))
    assert [label for _, label in ticks] == vega_labels(NUMBER_WORDS, [10**k for k in decades])
    assert [float(left) for left, _ in ticks] == pytest.approx([100 * k / top for k in decades], abs=0.01)
    assert figure.index('class="axis-key"') < figure.index('class="axis-rows"')
    assert re.findall(r"<li><i[^>]*></i>([^<]*)</li>", figure) == ["Images", "Text", "Audio", "Video"]


def test_axis_numbers_are_written_in_words():
    assert vega_labels(NUMBER_WORDS, [10**k for k in range(19)]) == [
        "1", "10", "100", "1,000", "10,000", "100,000",
        "1 million", "10 million", "100 million", "1 billion", "10 billion", "100 billion",
        "1 trillion", "10 trillion", "100 trillion", "1 quadrillion", "10 quadrillion",
        "100 quadrillion", "1 quintillion",
    ]  # fmt: skip
    # Past the quintillions (the largest inputs' count has ~10^28 digits: review 11, Comb-1).
    assert vega_labels(NUMBER_WORDS, [10**k for k in range(19, 31)]) == [
        "10 quintillion", "100 quintillion", "10²¹", "10²²", "10²³", "10²⁴", "10²⁵", "10²⁶",
        "10²⁷", "10²⁸", "10²⁹", "10³⁰",
    ]  # fmt: skip
    assert vega_labels(NUMBER_WORDS, [0, 20_000_000, 70_000_000]) == [
        "0",
        "20 million",
        "70 million",
    ]


# -- in Chromium: every word on the charts readable at every width --------------------------------

#: Every text the page's charts draw: whether it is clipped by its chart's SVG, which texts the
#: count's curve runs through (its path sampled every 2 px, in screen coordinates), and the
#: smallest type in px.
#: How many lines each of the count's digit runs takes, its paragraph squeezed to 8em.
DIGIT_LINES = """() => {
  const runs = [...document.querySelectorAll('p.bignum-caption .digits')], p = runs[0].parentElement;
  p.style.width = '8em';
  const lines = runs.map(d => d.getClientRects().length);
  p.style.width = '';
  return lines;
}"""

#: How many lines the count's log10 takes (the tops of its text's boxes), and the type sizes of
#: the caption and its digit runs.
LOG10_LINES = """() => {
  const p = document.querySelector('p.bignum-caption'), range = document.createRange();
  const log10 = p.querySelector('.log10');  // the number: from after "log₁₀" (its sub sits lower)
  range.setStartAfter(log10.querySelector('sub'));
  range.setEndAfter(log10.lastChild);
  const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
  const size = e => getComputedStyle(e).fontSize;
  return {lines: tops.size, sizes: [...new Set([p, ...p.querySelectorAll('.digits')].map(size))]};
}"""

#: How many of the view's cards (the first grid of cards) sit on each row.
CARD_ROWS = """() => {
  const tops = [...document.querySelector('.cards').children].map(c => Math.round(c.getBoundingClientRect().top));
  return [...new Set(tops)].map(top => tops.filter(t => t === top).length);
}"""

#: Does a card's figure with a 26-digit exponent (what /Combinatorics?w=10^12&h=10^12&c=4&bits=16
#: shows, lib.notation's markup) run past the card's edge? The figure is put in and taken out.
LONG_POWER_OVERFLOWS = """() => {
  const figure = document.querySelector('.cards .card .figure'), kept = figure.innerHTML;
  figure.innerHTML = '<span class="pow">1.83 × 10<sup>19,265,919,722,494,796,493,679,209</sup></span> times as many';
  const card = figure.closest('.card').getBoundingClientRect();
  const over = [...figure.querySelectorAll('*')].some(e => e.getBoundingClientRect().right > card.right + 1);
  figure.innerHTML = kept;
  return over;
}"""

#: Issue 14: a width typed at the top does not make the browser lay out and paint the count
#: chart's plot while it is off screen (lib.charts.count_plot.COUNT_PLOT_STYLE).
COUNT_CHART_SKIPPED_OFF_SCREEN = """() => getComputedStyle(
  document.querySelector('.st-key-count-plot figure.count-plot:not(.plot-overlay)')).contentVisibility === 'auto'"""

#: The count chart's plot area and its dot's, laid over it (px): the dot is placed on the
#: plot's scales only if the two areas are one.
COUNT_PLOT_AREAS = """() => [...document.querySelectorAll('.st-key-count-plot figure .plot-area')].map(a => {
  const r = a.getBoundingClientRect();
  return [r.left, r.top, r.width, r.height];
})"""

#: How much taller the page gets once the count's charts, skipped while off screen (app.css),
#: have been scrolled to and drawn: the size the browser assumed for them until then is wrong by
#: that much (review 12: the one-axis chart's 21 rows are ~830 px, guessed at 500; a phone's page
#: grew ~380 px under the visitor's thumb). The page is scrolled back to its top.
GROWTH_WHEN_CHARTS_SHOWN = """async () => {
  const main = document.querySelector('[data-testid="stMain"]'), before = main.scrollHeight;
  const frame = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  for (const chart of document.querySelectorAll('.st-key-count-charts :is(.st-key-count-plot, figure.axis-bars)')) {
    chart.scrollIntoView();
    await frame();
  }
  const after = main.scrollHeight;
  main.scrollTo(0, 0);
  await frame();
  return after - before;
}"""

#: The one-axis chart's bars as drawn (lib.charts.axis_bars): each bar's name, whether it is
#: outlined (its ::after box), and where its name's box ends and its bar begins (px).
MARKED_BAR = """() => [...document.querySelectorAll('figure.axis-bars li.bar')].map(li => {
  const bar = getComputedStyle(li, '::after'), name = li.querySelector('span').getBoundingClientRect();
  const top = li.getBoundingClientRect().top + parseFloat(bar.top);
  return {name: li.textContent, outlined: bar.outlineStyle === 'solid' && bar.outlineWidth === '2px',
          width: parseFloat(bar.width), gap: top - name.bottom};
})"""


def assert_marked(drawn: list[dict], name: str) -> None:
    """One bar outlined, the one of ``name``, which reads "▶ this view: ..." right above its
    bar (its plain name not written too)."""
    outlined = [bar for bar in drawn if bar["outlined"]]
    assert [bar["name"] for bar in outlined] == [f"▶ this view: {name}"], outlined
    assert 0 <= outlined[0]["gap"] <= 10 and outlined[0]["width"] > 0, outlined
    assert [bar["name"] for bar in drawn].count(name) == 0
    assert sum("this view" in bar["name"] for bar in drawn) == 1


CHART_TEXT = (
    """() => {
  const LINES_SVG = """
    + LINES_SVG
    + """;
  const clipped = [], crossed = new Set(), sizes = [], cut = [];
  for (const svg of document.querySelectorAll('[data-testid="stVegaLiteChart"] svg')) {
    const box = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll('text')]
      .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0)
      .map(t => [t.textContent, t.getBoundingClientRect(), parseFloat(getComputedStyle(t).fontSize)]);
    for (const [text, r, size] of texts) {
      sizes.push(size);
      if (text.includes('…')) cut.push(text);  // shortened by a label limit
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
        clipped.push(text);
    }
    for (const path of svg.querySelectorAll('.mark-line path')) {
      const m = path.getScreenCTM();
      for (let i = 0, n = path.getTotalLength(); i <= n; i += 2) {
        const p = path.getPointAtLength(i);
        const x = m.a * p.x + m.c * p.y + m.e, y = m.b * p.x + m.d * p.y + m.f;
        for (const [text, r] of texts)
          if (x > r.left && x < r.right && y > r.top && y < r.bottom) crossed.add(text);
      }
    }
  }
  // Every modality on one axis, the page's own HTML: its words inside it, its shown tick labels apart.
  const figures = document.querySelectorAll('figure.axis-bars');
  for (const figure of figures) {
    const box = figure.getBoundingClientRect();
    const words = [...figure.querySelectorAll('.axis-key li, .axis-title, .axis-ticks span, .axis-rows span')]
      .filter(e => e.getBoundingClientRect().width > 0);
    for (const e of words) {
      const r = e.getBoundingClientRect();
      sizes.push(parseFloat(getComputedStyle(e).fontSize));
      if (r.left < box.left - 1 || r.right > box.right + 1) clipped.push(e.textContent);
    }
    const ticks = [...figure.querySelectorAll('.axis-ticks span')].map(e => [e.textContent, e.getBoundingClientRect()])
      .filter(([, r]) => r.width > 0);
    for (let i = 1; i < ticks.length; i++)
      if (ticks[i][1].left < ticks[i - 1][1].right + 4) crossed.add(ticks[i - 1][0] + ' | ' + ticks[i][0]);
  }
  // The count chart, the page's own HTML: its words inside their figure, whose paint it clips
  // (content-visibility: auto contains it: the last x label was cut to "10,00" at 390 px,
  // review 13, Comb-11), tick labels apart, none crossed by the curve (read back from its
  // image's path, placed on the plot area).
  const plots = document.querySelectorAll('figure.count-plot:not(.plot-overlay)');
  for (const plot of plots) {
    const overlay = plot.closest('.st-key-count-plot').querySelector('figure.plot-overlay');
    const words = [...plot.querySelectorAll('.plot-y span:not(.plot-widest), .plot-y-title span, .plot-x span, .plot-x-title, .plot-legend li'),
                   ...overlay.querySelectorAll('.here')].filter(e => e.getBoundingClientRect().width > 0);
    const boxes = words.map(e => [e.textContent, e.getBoundingClientRect()]);
    boxes.forEach(([text, r], i) => {
      const figure = words[i].closest('figure').getBoundingClientRect();
      if (r.left < figure.left - 1 || r.right > figure.right + 1) clipped.push(text);
      if (text.includes('…')) cut.push(text);
    });
    for (const e of words) sizes.push(parseFloat(getComputedStyle(e).fontSize));
    const xs = boxes.filter((_, i) => words[i].parentElement.classList.contains('plot-x'));
    for (let i = 1; i < xs.length; i++)
      if (xs[i][1].left < xs[i - 1][1].right + 4) crossed.add(xs[i - 1][0] + ' | ' + xs[i][0]);
    const ys = boxes.filter((_, i) => words[i].parentElement.classList.contains('plot-y'));
    for (let i = 1; i < ys.length; i++)
      if (ys[i][1].bottom > ys[i - 1][1].top) crossed.add(ys[i - 1][0] + ' | ' + ys[i][0]);
    const area = plot.querySelector('.plot-area').getBoundingClientRect();
    const svg = LINES_SVG(plot.querySelector('.plot-lines'));
    const curve = svg.match(/<path d='([^']*)' stroke='(?!#e6e9ef)/)[1];  // the first stroke after the grid
    const points = curve.slice(1).split(' ').map(Number);
    for (let i = 0; i + 3 < points.length; i += 2)
      for (let t = 0; t <= 1; t += 0.05) {
        const x = area.left + area.width * (points[i] + t * (points[i + 2] - points[i])) / 1000;
        const y = area.top + area.height * (points[i + 1] + t * (points[i + 3] - points[i + 1])) / 1000;
        for (const [text, r] of boxes) if (x > r.left && x < r.right && y > r.top && y < r.bottom) crossed.add(text);
      }
  }
  const charts = document.querySelectorAll('[data-testid="stVegaLiteChart"] svg').length + figures.length + plots.length;
  return {clipped, cut, crossed: [...crossed], smallest: Math.min(...sizes), charts};
}"""
)


def test_no_chart_word_is_crossed_or_clipped_and_a_projector_gets_large_type(app_server, tab):
    """On a phone, a laptop and a 1920-px screen, the curve runs through none of the count
    chart's names (on a phone it crossed "atoms … 81 digits") and no text of either chart is
    cut by its chart's edge; presented (?present=true), every chart word is ≥ 18 px, to read
    from the back of a room. One load, a phone's first (judged as ``test_layout_browser.py``
    judges every page's): resized, a new width, then presented by the sidebar's switch. At every
    width a card's 26-digit exponent stays inside its card."""
    import contextlib

    from conftest import (
        act_and_wait_for_run,
        forward_messages,
        no_error_shown,
        record_frames,
        wait_for_paint,
        wait_for_run,
    )
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect
    from test_layout_browser import judge_first_load, judge_one_click_views

    frames = record_frames(tab)
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(f"{app_server}/Combinatorics")
    wait_for_run(tab)
    wait_for_paint(tab)
    # The charts skipped off screen are guessed near their size: the page hardly grows when the
    # visitor reaches them (it grew 379 px with both guessed at 500 px).
    growth = tab.evaluate(GROWTH_WHEN_CHARTS_SHOWN)
    assert abs(growth) < 80, growth
    # The phone's first load, judged as test_layout_browser.py judges every page's, and the
    # video view a click away; then back to the image.
    judge_first_load(tab, "combinatorics", "phone")
    judge_one_click_views(tab, "combinatorics", "phone")
    assert act_and_wait_for_run(tab, tab.locator(".st-key-m button", has_text="image").click)
    for width in (390, 1440, 1920):
        tab.set_viewport_size({"width": width, "height": 900})
        tab.wait_for_timeout(400)  # the charts fit their new width
        wait_for_paint(tab)
        seen = tab.evaluate(CHART_TEXT)
        assert seen["charts"] == 2, seen
        assert not seen["clipped"] and not seen["cut"] and not seen["crossed"], (width, seen)
        # Drawn whole (above) though the browser may skip the count chart while off screen.
        assert tab.evaluate(COUNT_CHART_SKIPPED_OFF_SCREEN), width
        # The dot's element lies over the plot: one plot area for both, so the dot sits on the curve.
        areas = tab.evaluate(COUNT_PLOT_AREAS)
        assert len(areas) == 2 and areas[0] == pytest.approx(areas[1], abs=0.5), (width, areas)
        # The view's four cards fill their rows evenly: never one alone on a row (review 7, 1440).
        rows = tab.evaluate(CARD_ROWS)
        assert len(set(rows)) == 1 and sum(rows) == 4, (width, rows)
        # The count's first and last digits each on one line, even in a narrow paragraph that
        # would break them (review 7: "73044265445 / 5…" on a phone, video view).
        lines = tab.evaluate(DIGIT_LINES)
        assert lines == [1, 1], (width, lines)
        # Its log10 whole on one line ("68,181," then "011.006…" on a phone), its digit runs at
        # the caption's size (they were 16.8 px in 12.8 px prose: review 9).
        log10 = tab.evaluate(LOG10_LINES)
        assert log10["lines"] == 1 and len(log10["sizes"]) == 1, (width, log10)
        # An exponent too long for a phone's card breaks inside its digits (it ran 53 px off).
        assert not tab.evaluate(LONG_POWER_OVERFLOWS), width
    # A new width reruns the count's part alone: its digits panel is drawn again in place, not
    # once more beside the old one (a fragment written into a box outside the part was).
    box = tab.locator('input[aria-label="Width (pixels)"]')
    box.fill("150")
    box.press("Enter")
    expect(tab.locator("p.intro")).to_contain_text("150×4,096")
    wait_for_run(tab)
    assert tab.locator('[data-testid="stExpander"]', has_text="More digits").count() == 1
    # 150×4,096 is no preset: the pills and the bars, drawn outside the part, follow it (the
    # part runs the whole page when the preset matched changes): no pill chosen, no bar marked.
    expect(tab.locator('.st-key-image_preset button[aria-checked="true"]')).to_have_count(0)
    expect(tab.locator("figure.axis-bars li.bar", has_text="this view")).to_have_count(0)
    # A width the part reruns alone: the downloads, drawn outside it, give this view's numbers.
    box.fill("151")
    box.press("Enter")
    expect(tab.locator("p.intro")).to_contain_text("151×4,096")
    wait_for_run(tab)
    with tab.expect_download() as download:
        tab.get_by_role("button", name="Numbers as CSV").click()
    assert "images of 151×4,096 RGB 8-bit" in Path(download.value.path()).read_text(encoding="utf-8")
    no_error_shown(tab)
    # Presented, from the sidebar's switch (the same visit), back at the post's example.
    # A preset and the reset rerun the count's part alone (issue 14): the pills, the inputs,
    # the count and both charts come again, the title, the post's figures and the downloads do not.
    for click, width in (
        (tab.locator(".st-key-image_preset button", has_text="CIFAR-10").click, "32"),
        (tab.get_by_role("button", name="Back to the post's example").click, "2304"),
    ):
        frames.clear()
        assert act_and_wait_for_run(tab, click)
        expect(box).to_have_value(width)
        assert_the_part_alone(forward_messages(frames))
        # The preset's bar outlined and named "this view", in the block the part re-sent.
        name = "CIFAR-10" if width == "32" else "Phone photo (the post)"
        assert_marked(tab.evaluate(MARKED_BAR), name)
    expect(tab.locator('.st-key-image_preset button[aria-checked="true"]')).to_have_text(
        "Phone photo (the post)"
    )
    toggle = tab.locator('[data-testid="stSidebar"]').get_by_text("Presentation mode")
    if not toggle.is_visible():  # the sidebar as a phone's first load left it: collapsed
        tab.get_by_test_id("stExpandSidebarButton").click()
    toggle.click()
    tab.locator(".st-key-present-bar").wait_for()
    wait_for_run(tab)
    assert "present=true" in tab.url
    wait_for_paint(tab)
    # A projector's chart type is the other pages' (22 px beside 22-24-px words: review 11, Presenting-1).
    presented = f"() => {{ const s = ({CHART_TEXT})(); return s.charts === 2 && s.smallest >= 22 || null; }}"
    with contextlib.suppress(PlaywrightTimeout):  # redrawn for a projector, or judged as they are
        tab.wait_for_function(presented, polling=16, timeout=10_000)
    seen = tab.evaluate(CHART_TEXT)
    assert seen["charts"] == 2 and seen["smallest"] >= 22, seen
    # Every label whole ("100 milli…" at a projector's type on both charts: review 12).
    assert not seen["clipped"] and not seen["cut"] and not seen["crossed"], seen


def assert_the_part_alone(messages) -> None:
    """What a rerun of How many images?' count part sends: the pills, the inputs, the reset,
    the count, the count chart and the bars (in the words above them), and nothing the page draws once outside it (its title, the
    kind of data, the post's figures, the downloads, the sources)."""
    elements = [
        m.delta.new_element
        for m in messages
        if m.WhichOneof("type") == "delta" and m.delta.HasField("new_element")
    ]
    kinds = [e.WhichOneof("type") for e in elements]
    assert "heading" not in kinds and "download_button" not in kinds, kinds
    assert kinds.count("vega_lite_chart") == 0 and kinds.count("text_input") == 4, kinds
    assert kinds.count("button_group") == 1 and "button" in kinds, kinds  # the pills, not the kind of data
    html = " ".join(element_html(e) for e in elements)
    assert html.count('<figure class="html-plot count-plot') == 2  # the count chart's plot and dot
    assert "Possible images" in html and "What the post says" not in html and 'class="sources"' not in html


def test_on_a_phone_a_new_count_shows_where_it_was_asked_for(app_server, tab):
    """On a phone the columns stack, the inputs under the count: a preset changed a number
    ~700 px above the pill just clicked, and the screen showed nothing new but the pill's
    colour (review 12, Comb-7). A line under the inputs gives the new count there, rounded as
    the count is, inside the column even for the longest count shown whole; on a wider screen,
    the count beside the inputs, it is not shown."""
    from conftest import act_and_wait_for_run, wait_for_run, watch_runs
    from playwright.sync_api import expect

    watch_runs(tab)
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(f"{app_server}/Combinatorics")
    wait_for_run(tab)
    pill = tab.locator(".st-key-image_preset button", has_text="MNIST digit")
    pill.scroll_into_view_if_needed()
    assert act_and_wait_for_run(tab, pill.click)
    line = tab.locator("p.phone-only")
    # 256^784 = 1.1485 × 10^1,888: its power of ten and noun, beside the pills.
    expect(line).to_contain_text("× 101,888 possible images, to 5 significant digits")
    seen, count = line.bounding_box(), tab.locator(".bignum").first.bounding_box()
    assert seen is not None and count is not None
    assert seen["y"] >= 0 and seen["y"] + seen["height"] <= 844, seen  # on the screen clicked
    assert count["y"] + count["height"] < 0, count  # the count itself: scrolled off, above
    tab.set_viewport_size({"width": 1440, "height": 900})
    expect(line).to_be_hidden()
    # A size that is no preset leaves the line alone in its element: no gap for it either.
    box = tab.locator('input[aria-label="Width (pixels)"]')
    box.fill("100")
    assert act_and_wait_for_run(tab, lambda: box.press("Enter"))
    expect(line).to_contain_text("possible images")
    grid = tab.locator('[class*="st-key-number-grid-"]').bounding_box()
    reset = tab.get_by_role("button", name="Back to the post's example").bounding_box()
    assert grid is not None and reset is not None
    assert reset["y"] - (grid["y"] + grid["height"]) < 24, (grid, reset)  # one 16-px gap, not two
    # The longest count shown whole (40 digits, 53 characters) stays inside a 360-px phone's column.
    tab.set_viewport_size({"width": 360, "height": 740})
    tab.goto(f"{app_server}/Combinatorics?w=13&h=10&c=1&bits=1")
    wait_for_run(tab)
    expect(line).to_contain_text("1,361,129,467,683,753,853,853,498,429,727,072,845,824 possible images")
    overrun = tab.evaluate(
        "() => { const p = document.querySelector('p.phone-only');"
        " return p.querySelector('b').getBoundingClientRect().right - p.getBoundingClientRect().right; }"
    )
    assert overrun <= 0.5, overrun
    # So does the count itself, above, at its smallest type (it ran 32 px past the column).
    wider = tab.evaluate(
        "() => { const b = document.querySelector('.bignum'); return b.scrollWidth - b.clientWidth; }"
    )
    assert wider <= 0, wider


def test_a_preset_is_one_step_of_the_browsers_history(app_server, tab):
    """A preset or the reset changes several boxes at once and is one step of the browser's
    history (lib.ui.link_at_once): Back shows the view before it. Streamlit wrote each bound
    box into the link on its own, so a preset was up to four steps, and Back after MNIST went
    to ?w=28&h=28, a 28×28 RGB view nobody chose (and one page_info_changed, one URL update,
    a box). Back gives the boxes the earlier link's values, not the session's last ones; a
    box typed in is written as Streamlit writes it."""
    from urllib.parse import parse_qs, urlparse

    from conftest import act_and_wait_for_run, forward_messages, no_error_shown, record_frames, wait_for_run
    from playwright.sync_api import expect

    frames = record_frames(tab)
    tab.set_viewport_size({"width": 1440, "height": 900})
    tab.goto(f"{app_server}/Combinatorics")
    wait_for_run(tab)
    # The steps of history the page adds, counted as it adds them: the shared tab's
    # history.length stops at Chromium's 50 entries, where a new step drops the oldest.
    tab.evaluate(
        """() => { window.__steps = 0; const push = history.pushState.bind(history);
        history.pushState = (...args) => { window.__steps += 1; return push(...args); }; }"""
    )
    box = {key: tab.locator(f'input[aria-label="{label}"]') for key, label, *_ in ui_fields("image")}

    def link() -> dict[str, str]:
        return {key: values[-1] for key, values in parse_qs(urlparse(tab.url).query).items()}

    def step(action, boxes_in_link: dict[str, str], new_step: bool = True) -> None:
        frames.clear()
        before = tab.evaluate("window.__steps")
        assert act_and_wait_for_run(tab, action)
        assert tab.evaluate("window.__steps") == before + new_step
        assert link() == boxes_in_link
        said = [m for m in forward_messages(frames) if m.WhichOneof("type") == "page_info_changed"]
        assert len(said) == new_step, said  # a box typed in: the browser wrote the link itself

    pill = tab.locator(".st-key-image_preset button", has_text=re.compile("^MNIST digit$"))
    step(pill.click, {"w": "28", "h": "28", "c": "1"})
    step(tab.locator(".st-key-image_preset button", has_text="CIFAR-10").click, {"w": "32", "h": "32"})
    step(tab.get_by_role("button", name="Back to the post's example").click, {})
    # Back: the earlier views, their boxes and their pill, one step each.
    for boxes_in_link, values, pill_name in (
        ({"w": "32", "h": "32"}, ["32", "32", "3", "8"], "CIFAR-10"),
        ({"w": "28", "h": "28", "c": "1"}, ["28", "28", "1", "8"], "MNIST digit"),
    ):
        assert act_and_wait_for_run(tab, tab.go_back)
        assert link() == boxes_in_link
        for key, value in zip(box, values, strict=True):
            expect(box[key]).to_have_value(value)
        expect(tab.locator('.st-key-image_preset button[aria-checked="true"]')).to_have_text(pill_name)
    # A box typed in is written as Streamlit writes it (after Back, it replaces the history's
    # step instead of adding one).
    box["w"].fill("100")
    step(lambda: box["w"].press("Enter"), {"w": "100", "h": "28", "c": "1"}, new_step=False)
    no_error_shown(tab)


def ui_fields(modality: str):
    """The boxes of one kind of data: (key, label, ...), as the page draws them."""
    from lib import count_inputs

    return [(key, label) for label, key, *_ in count_inputs.FIELDS[modality]]
