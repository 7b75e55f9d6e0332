"""The explorer's verdict panel as a pure function: figures, HTML and the live words."""

from __future__ import annotations

import datetime as dt

import pytest
from bench.synthetic import write_synthetic

from seesaw.analysis.verdicts import alternation_verdict
from seesaw.data.load import load_dataset
from seesaw.data.safe import html_text
from seesaw.data.vocab import p_text
from seesaw.publish.panel import (
    CUSTOM,
    Verdicts,
    live_region,
    panel,
)
from seesaw.text.words import cap, day_words


@pytest.fixture(scope="module")
def events(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("syn")
    return load_dataset(write_synthetic(folder, 400, seed=3)).events


def test_the_panel_is_a_function_of_its_inputs(events) -> None:
    start, end = dt.date(2025, 1, 20), dt.date(2025, 10, 22)
    verdicts = Verdicts()
    shown = panel(events, start, end, "ukraine", "mode", verdicts)
    again = panel(events, start, end, "ukraine", "mode", Verdicts())
    assert shown == again
    assert len(verdicts.cache) == 2  # the alternation and the overture verdicts
    alt = alternation_verdict(events, start, end, permutations=99, seed=1, power_runs=0)
    assert shown.table["alternation"] == alt.verdict
    assert shown.table["turn-taking test p"] == p_text(alt.spells.p_value)
    assert html_text(cap(alt.sentence())) in shown.html
    assert shown.said.startswith(
        f"{day_words(start)} to {day_words(end)}, mode scheme: "
    )
    # The custom weights score the verdicts with the mode scheme, and say so.
    custom = panel(events, start, end, "ukraine", CUSTOM, verdicts)
    assert len(verdicts.cache) == 2  # nothing recomputed
    assert custom.table == shown.table
    assert "scores acts with the mode scheme" in custom.html
    assert custom.said.startswith(f"{day_words(start)} to {day_words(end)}, custom")


def test_nothing_to_test_says_why(events) -> None:
    shown = panel(events.iloc[0:0], None, None, "gaza", "mode", Verdicts())
    why = "no US act targeting Israel or Hamas is selected"
    assert shown.table == {"window": "", "error": why}
    assert shown.said == f": nothing to test: {why}."
    assert "seesaw-stats-error" in shown.html


def test_the_live_region_escapes_its_words() -> None:
    region = live_region("<b>1 & 2</b>")
    assert "aria-live='polite'" in region and "&lt;b&gt;1 &amp; 2&lt;/b&gt;" in region


def test_the_panel_runs_no_change_point_it_does_not_show(events) -> None:
    """The alternation verdict behind the panel skips the change point (permutations
    0): the panel shows none, and the same verdict with one gives the same panel."""
    start, end = dt.date(2025, 1, 20), dt.date(2025, 10, 22)
    verdicts = Verdicts()
    shown = panel(events, start, end, "ukraine", "mode", verdicts)
    behind = next(v for k, v in verdicts.cache.items() if k[0] == "alternation")
    assert behind.changepoint == {"reason": "not computed (no permutations)"}
    with_swing = alternation_verdict(events, start, end, permutations=99, power_runs=0)
    assert "switch_date" in with_swing.changepoint
    assert with_swing.verdict == behind.verdict
    assert with_swing.sentence() == behind.sentence()
    assert "swing" not in shown.html and "switch" not in shown.said
