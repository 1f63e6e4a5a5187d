"""What another seed on the Learning page sends (issue 14: a rerun at the floor).

The seed picks the training patches (the held-out ones are the same for every seed), so a
new seed is a new fit. The ladder is the page's own HTML (lib.charts.ladder_plot), written
anew with its notes; so are the histograms (lib.charts.learning), drawn only while their
panel is open, with the new fit's shares. The published records (HTML too, outside the
inputs' fragment) never change, and the page sends no Vega chart at all. What a new seed re-sends to a real browser is checked on
``test_layout_browser.py``'s phone load of the page
(:func:`a_new_seed_redraws_everything_it_decides_and_nothing_else`).
"""

from __future__ import annotations

import pytest
from conftest import element_html, fitted_study, forward_messages, page_html
from ladder_reading import read_ladder
from learning_plots_reading import HISTOGRAM, RECORDS, read_histogram

from lib import density as dm
from lib import ui
from lib.charts import ladder_plot

LEARNING = "pages/3_Learning.py"


def shown_study() -> dm.Study:
    """The default view's study as the server keeps it: the one the page drew (no second fit)."""
    return ui.study_service().study(dm.StudySettings())


def with_histograms(at):
    """The run again with the histograms' panel open (it draws its plot only while open)."""
    at.session_state["histograms"] = True
    return at.run()


def test_the_histograms_are_drawn_only_while_their_panel_is_open(open_page):
    """Another seed redraws the histograms only if a visitor opened them, and then with the new
    fit's shares: each bin's height and both shares on hover."""
    at = open_page(LEARNING)
    assert not at.get("vega_lite_chart")  # no Vega on the page (the records and ladder are HTML)
    assert not HISTOGRAM.findall(page_html(at)) and len(RECORDS.findall(page_html(at))) == 1
    assert any(e.label.startswith("The two histograms") for e in at.expander)
    opened = with_histograms(at)
    assert not opened.get("vega_lite_chart")
    hist = read_histogram(page_html(opened))
    study = shown_study()
    top = float(hist["plot"].y[-1][0])
    for line, shares in zip(hist["lines"], (study.test_histogram, study.train_histogram), strict=True):
        assert line["heights"] == pytest.approx(shares * 100 / top, abs=6e-4)
    value = 128
    assert hist["titles"][value] == (
        f"value {value}: held-out {study.test_histogram[value] * 100:.3f}%,"
        f" training {study.train_histogram[value] * 100:.3f}%"
    )
    assert f"held-out photos ({', '.join(study.test_photos)}) (blue): most common value" in hist["plot"].label


def test_another_seed_redraws_the_histograms_and_never_the_records(open_page, fresh_fitting_budget):
    first, other = with_histograms(open_page(LEARNING)), with_histograms(open_page(LEARNING, seed="3"))
    before, after = page_html(first), page_html(other)
    assert HISTOGRAM.findall(before) != HISTOGRAM.findall(after)  # another fit, other shares
    assert RECORDS.findall(before) == RECORDS.findall(after)  # byte for byte the same
    assert read_ladder(before).markers != read_ladder(after).markers


def figures_of(ladder: dm.LadderResult) -> list[str]:
    """Every figure the ladder of ``ladder`` shows, row by row (3 decimals), and its hover texts."""
    rows = ladder_plot.ladder_rows(ladder)
    return [f"{r.figure:.3f}" for r in rows] + [f"{b:.3f}" for r in rows for _, b in r.points]


def read_figures(block: str) -> list[str]:
    ladder = read_ladder(block)
    return ladder.figures + [m.title.split(": ")[1].split(" ")[0] for m in ladder.markers]


def test_the_ladder_shows_the_fitted_ladder(open_page):
    """What the browser receives reads back to exactly the figures of the fitted ladder."""
    assert read_figures(page_html(open_page(LEARNING))) == figures_of(shown_study().ladder)


def test_the_page_hands_streamlit_no_data_to_convert(open_page, monkeypatch):
    """Rows given to Streamlit would go through pandas (~0.7 s to import on a fresh server):
    the page's plots are its own HTML, with both panels' contents drawn."""
    import streamlit.dataframe_util as dataframe_util

    def refuse(data, *args, **kwargs):
        raise AssertionError(f"Streamlit was asked to convert {type(data).__name__} to Arrow")

    monkeypatch.setattr(dataframe_util, "convert_anything_to_arrow_bytes", refuse)
    at = with_histograms(open_page(LEARNING))
    assert not at.exception and not at.get("vega_lite_chart")
    assert len(HISTOGRAM.findall(page_html(at))) == len(RECORDS.findall(page_html(at))) == 1


# -- in Chromium: what a new seed re-sends, and that all of it is new --------------------------


def _elements(messages: list) -> tuple[list, list]:
    """(new elements, new blocks) among the deltas of ``messages``."""
    deltas = [m.delta for m in messages if m.WhichOneof("type") == "delta"]
    return (
        [d.new_element for d in deltas if d.HasField("new_element")],
        [d.add_block for d in deltas if d.HasField("add_block")],
    )


def _main_text(tab) -> str:
    return tab.locator('[data-testid="stMain"]').inner_text()


def a_new_seed_redraws_everything_it_decides_and_nothing_else(tab, frames: list) -> None:
    """The seed's inputs and everything the fit decides are one fragment: a new seed re-sends
    the ladder, the samples, the cards, the notes and the figures, all from the new fit; the
    title, the introduction and the footnotes (the same for every view, the published records'
    plot among them) are not re-sent, nor is any Vega chart (there is none on the page).
    "Back to the defaults", inside the same fragment, brings every figure back, and the open
    link to the view follows.

    Made on ``test_layout_browser.py``'s phone load of the page's default view (``tab``
    watched: ``conftest.watch_runs``; ``frames``: every websocket frame it receives), once
    that first load has been judged: no page load of its own."""
    from conftest import act_and_wait_for_run

    frames.clear()
    box = tab.locator('input[aria-label="Seed"]')
    box.fill("1")
    assert act_and_wait_for_run(tab, lambda: box.press("Enter"))
    elements, blocks = _elements(forward_messages(frames))
    kinds = [e.WhichOneof("type") for e in elements]
    assert "heading" not in kinds, " ".join(kinds)  # the title
    assert not [e for e in elements if "knows nothing about images" in e.markdown.body]  # the introduction
    panels = [b.expandable.label for b in blocks if b.WhichOneof("type") == "expandable"]
    assert [p for p in panels if not p.startswith("The two histograms")] == []  # not the footnotes
    assert "vega_lite_chart" not in kinds, " ".join(kinds)
    assert not [e for e in elements if "records-plot" in element_html(e)]  # the records stay as drawn
    assert not [e for e in elements if "histogram-plot" in element_html(e)]  # their panel is closed
    drawn_once = [k for k in kinds if k not in ("progress", "empty")]  # the fit's progress bar aside
    assert len(drawn_once) + len(blocks) < 25, " ".join(kinds)  # the whole page was ~50

    expected = fitted_study(("rocket", "grass"), 8, 1, 4000, 1)
    (ladder,) = [element_html(e) for e in elements if '<figure class="ladder-plot' in element_html(e)]
    assert read_figures(ladder) == figures_of(expected.ladder)  # the ladder: the new fit
    text = _main_text(tab)
    gaussian, best = expected.ladder.rung("Gaussian"), expected.best
    for shown in (
        expected.ladder.computed_on(),  # the ladder's caption
        "6 samples of each model (seed 1)",  # the samples
        f"{gaussian.bits_per_dim:.3f} bits per value",  # the cards
        f"it costs {expected.table.train_bits_per_dim:.3f} bits per value",  # the lookup table
        f"needs b = {best.bits_per_dim:.3f} bits per value on photos it never saw",  # the effective space
        f"top 1: {100 * expected.explained[0]:.1f}%",  # the eigenvectors
    ):
        assert shown in text, shown

    link = tab.locator('[data-testid="stExpander"] summary', has_text="Link to this view")
    assert act_and_wait_for_run(tab, link.click)
    assert "seed=1" in tab.locator('[data-testid="stCode"]').inner_text()
    frames.clear()
    reset = tab.get_by_role("button", name="Back to the defaults")
    assert act_and_wait_for_run(tab, reset.click)
    assert box.input_value() == "0"
    default = fitted_study(("rocket", "grass"), 8, 1, 4000, 0)
    text = _main_text(tab)
    assert default.ladder.computed_on() in text and "6 samples of each model (seed 0)" in text
    assert f"b = {default.best.bits_per_dim:.3f} bits per value" in text
    link_text = tab.locator('[data-testid="stCode"]').inner_text()
    assert "seed=1" not in link_text, link_text  # the open link followed: back at the defaults,
    assert "?" not in link_text, link_text  # the link is the page's bare URL, no default spelled out
