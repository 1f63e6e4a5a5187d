"""What another seed on the Learning page sends (issue 14: a rerun at the floor).

The seed picks the training patches (the held-out ones are the same for every seed), so a
new seed is a new fit. The ladder is the page's own HTML (lib.charts.ladder_plot), written
anew with its notes; the histograms, drawn only while their panel is open, keep their spec
for a patch shape and held-out photos, and only their data (Arrow, beside the spec) changes:
the browser swaps the new points into the chart it has drawn. The published records never
change. What a new seed re-sends to a real browser is checked on
``test_layout_browser.py``'s phone load of the page
(:func:`a_new_seed_redraws_everything_it_decides_and_nothing_else`).
"""

from __future__ import annotations

import pyarrow as pa
from conftest import fitted_study, forward_messages, page_html
from ladder_reading import read_ladder

from lib import density as dm
from lib import ui
from lib.charts import ladder_plot

LEARNING = "pages/3_Learning.py"


def shown_study() -> dm.Study:
    """The default view's study as the server keeps it: the one the page drew (no second fit)."""
    return ui.study_service().study(dm.StudySettings())


def sent(at) -> list[tuple[str, dict[str, bytes]]]:
    return [
        (c.proto.spec, {d.name: d.data.data for d in c.proto.datasets}) for c in at.get("vega_lite_chart")
    ]


def with_histograms(at):
    """The run again with the histograms' panel open (it draws its chart only while open)."""
    at.session_state["histograms"] = True
    return at.run()


def test_the_histograms_are_drawn_only_while_their_panel_is_open(open_page):
    """A chart is the dearest element to redraw: another seed redraws the histograms only if
    a visitor opened them, and then with the new fit's shares."""
    at = open_page(LEARNING)
    assert len(at.get("vega_lite_chart")) == 1  # CIFAR-10's records (the ladder is HTML)
    assert any(e.label.startswith("The two histograms") for e in at.expander)
    histogram = with_histograms(at).get("vega_lite_chart")[0]
    shares = pa.ipc.open_stream(histogram.proto.datasets[0].data.data).read_all().to_pydict()
    study = shown_study()
    expected = list(study.test_histogram * 100) + list(study.train_histogram * 100)
    assert shares["share"] == expected


def test_another_seed_changes_the_fitted_data_and_never_a_spec(open_page, fresh_fitting_budget):
    first, other = with_histograms(open_page(LEARNING)), with_histograms(open_page(LEARNING, seed="3"))
    before, after = sent(first), sent(other)
    assert len(before) == len(after) == 2
    assert [spec for spec, _ in before] == [spec for spec, _ in after]  # nothing re-embedded
    histogram, published = zip(before, after)
    assert histogram[0][1]["shares"] != histogram[1][1]["shares"]  # another fit, other shares
    assert published[0] == published[1] and not published[0][1]  # inline, byte for byte the same
    assert read_ladder(page_html(first)).markers != read_ladder(page_html(other)).markers


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


def test_the_page_hands_streamlit_arrow_it_need_not_convert(open_page, monkeypatch):
    """Rows given to Streamlit would go through pandas (~0.7 s to import on a fresh server)."""
    import streamlit.dataframe_util as dataframe_util

    def refuse(data, *args, **kwargs):
        raise AssertionError(f"Streamlit was asked to convert {type(data).__name__} to Arrow")

    monkeypatch.setattr(dataframe_util, "convert_anything_to_arrow_bytes", refuse)
    at = with_histograms(open_page(LEARNING))
    assert not at.exception and len(at.get("vega_lite_chart")) == 2  # the histograms, the records


def test_no_chart_gains_a_blank_legend_title(open_page):
    """Streamlit turns a top-level colour legend's empty title into " ", a blank line above
    the histogram (22 px); a layer's legend is left alone, as when the data was inline."""
    for page in (LEARNING, "pages/2_Sampling.py"):
        at = open_page(page)
        for chart in (with_histograms(at) if page == LEARNING else at).get("vega_lite_chart"):
            assert '"title": " "' not in chart.proto.spec


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
    title, the introduction and the footnotes (the same for every view) are not re-sent, nor
    is any Vega chart (the ladder is HTML, the histograms' panel is closed).
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
    assert "vega_lite_chart" not in kinds, " ".join(kinds)  # the records stay as drawn
    drawn_once = [k for k in kinds if k not in ("progress", "empty")]  # the fit's progress bar aside
    assert len(drawn_once) + len(blocks) < 25, " ".join(kinds)  # the whole page was ~50

    expected = fitted_study(("rocket", "grass"), 8, 1, 4000, 1)
    (ladder,) = [e.html.body for e in elements if '<figure class="ladder-plot' in e.html.body]
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
