"""What we changed after seeing the data: before and after, computed afresh."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from seesaw import paths
from seesaw.analysis import sensitivity, spells, synthetic, verdicts
from seesaw.data import vocab
from seesaw.data.load import load_dataset
from seesaw.text import disclosure
from tests.factories import us_acts


def test_the_figures_are_the_tests_under_each_design() -> None:
    events = load_dataset(paths.DATA).events
    figs = disclosure.figures(events)
    first = spells.spells_test(
        events, "2025-01-20", "2025-10-22", min_shift=28, max_period=None
    )
    assert figs["first_design"] == first.p_value
    assert (
        figs["primary"]
        == spells.spells_test(events, "2025-01-20", "2025-10-22").p_value
    )
    text = disclosure.markdown(figs)
    assert f"p = {figs['first_design']:.3f}" in text
    assert f"p = {figs['first_design_all_shifts']:.3f}" in text
    assert "ANALYSIS.md" in text and "fixed in advance" in text
    assert f"p = {figs['primary_before_additions']:.3f}" in text
    c19 = figs["c19"]
    assert f"{c19['followed']} of {c19['threats']} threats were followed" in text
    assert c19["now"] in text
    # which side came first: both definitions computed, the sentence from them
    lane = spells.lanes(events, "2025-01-20", "2025-10-22")
    assert figs["first_side"] == spells.first_side(lane, ("moscow", "kyiv"))
    assert figs["first_side_mean"] in ("moscow", "kyiv")
    assert "has one definition" in text
    line = disclosure._first_side_line("moscow", "kyiv")
    assert "the mean day named Moscow first, the median act names Kyiv." in line
    assert "On these data neither names a side." in disclosure._first_side_line(
        None, None
    )
    assert "both name Kyiv first." in disclosure._first_side_line("kyiv", "kyiv")
    # the act-by-act rule: the runs test the verdict reports, in the line
    verdict = verdicts.alternation_verdict(events, permutations=99, power_runs=0)
    runs = {k: figs["runs"][k] for k in ("p_more", "days")}
    assert runs == {"p_more": verdict.runs.p_more, "days": verdict.runs.n}
    assert verdict.runs.n > 60 and figs["runs"]["p_first"] >= vocab.ALPHA  # normal
    assert f"p = {verdict.runs.p_more:.3f} for more switches" in text


#: Three sample months of 90 days at 40 rows per 30 days, the rest at 20.
SAMPLE_MONTHS = {
    "months": 3,
    "sample": {"events": 120, "days": 90},
    "rest": {"events": 200, "days": 300},
}


def test_the_sample_months_coverage_word_follows_rows_per_30_days() -> None:
    """The additions' line says how densely the sample months are covered now against
    the others by `words.coverage_change`, with the figures behind the word."""
    figs = {"added": 5, "primary_before_additions": 0.35, "timing_3_before_additions": 0.25,
            "primary": 0.4, "timing_3": 0.3, "sample_months": SAMPLE_MONTHS}  # fmt: skip
    line = disclosure._additions_line(figs)
    assert (
        "added to three sample months, which are now more densely covered than " in line
    )
    assert "(40.0 rows per 30 days against 20.0)" in line
    even = {**SAMPLE_MONTHS, "sample": {"events": 63, "days": 90}}
    line = disclosure._additions_line({**figs, "sample_months": even})
    assert "now about as densely covered as the others" in line
    assert "more densely" not in line
    events = load_dataset(paths.DATA).events
    months = disclosure.figures(events)["sample_months"]
    kept = sensitivity.drop_coverage_additions(events)
    added = events.loc[events.index.difference(kept.index), "date"].dt.to_period("M")
    assert months["months"] == added.nunique()
    assert months["sample"]["days"] == sum(m.days_in_month for m in set(added))


def test_the_exclusion_sentence_follows_the_figures() -> None:
    moved = {"first_design": 0.01, "first_design_all_shifts": 0.2, "detrended_shifts_28": 0.3,
             "primary": 0.4, "timing_7": 0.8, "timing_3": 0.3,
             "primary_before_additions": 0.35, "timing_3_before_additions": 0.25, "added": 5,
             "c19": {"followed": 1, "threats": 2, "first": "supported", "now": "inconclusive"},
             "runs": {"p_more": 0.6, "p_first": 0.6, "days": 50}, "sample_months": SAMPLE_MONTHS}  # fmt: skip
    assert "most of its small p came from the exclusion" in disclosure.markdown(moved)
    kept = {**moved, "first_design_all_shifts": 0.03}
    assert "most of its small p" not in disclosure.markdown(kept)
    missing = {**moved, "primary": None}
    assert "not computable here" in disclosure.markdown(missing)


def test_the_c19_line_says_both_rules_when_they_differ() -> None:
    same = {"followed": 3, "threats": 9, "first": "supported", "now": "supported"}
    assert "supported under either rule" in disclosure._c19_line(same)
    moved = {**same, "first": "not supported", "now": "inconclusive"}
    text = disclosure._c19_line(moved)
    assert "not supported under the first rule, inconclusive under today's" in text


def test_the_act_by_act_line_says_when_the_rules_could_differ() -> None:
    """The first rule could call the pattern act by act only where its own runs test
    (normal beyond 60 days) was under alpha: "neither rule" only when both runs tests
    are at or above it."""
    line = disclosure._act_by_act_line
    alpha = vocab.ALPHA
    above = line({"p_more": alpha, "p_first": alpha, "days": 40})
    assert "neither rule calls the pattern act by act" in above
    assert "over 40 active days" in above and "approximation:" not in above
    # exact above alpha, the first rule's approximation under it (a 65-day sequence
    # of the review: exact 0.0512, normal 0.0495)
    split = line({"p_more": 0.0512, "p_first": 0.0495, "days": 65})
    assert "neither rule" not in split and "today's rule does not call" in split
    assert "the first rule's approximation: p = 0.050" in split
    below = line({"p_more": alpha / 2, "p_first": alpha / 2, "days": 40})
    assert "act by act by today's rule" in below and "neither rule" not in below
    assert "its approximation and" not in below
    missing = line({"p_more": None, "p_first": None, "days": None})
    assert "cannot run on these data" in missing


def test_the_first_rules_runs_test_is_the_normal_one_beyond_60_days() -> None:
    """`_runs_figures` gives the first rule's p as the first rule computed it: the
    exact p up to 60 active days, the continuity-corrected normal one beyond."""
    signs = "----+-------+--+-------+---+---+-----+---+----+-+------+----+----"
    assert len(signs) == 65
    runs = spells.runs_tails(np.array([1 if c == "+" else -1 for c in signs]))
    z = (runs.runs - 0.5 - runs.expected) / runs.sd
    normal = 0.5 * math.erfc(z / math.sqrt(2.0))
    assert runs.p_more == pytest.approx(0.0512, abs=5e-4)
    assert normal == pytest.approx(0.0495, abs=5e-4)
    base = pd.Timestamp("2025-01-20")
    events = us_acts(
        (
            base + pd.Timedelta(days=i),
            "moscow" if c == "+" else "kyiv",
            "raise",
            "threat",
        )
        for i, c in enumerate(signs)
    )
    figs = disclosure._runs_figures(events, "2025-01-20", "2025-03-25")
    assert figs["days"] == 65 and figs["p_more"] == pytest.approx(runs.p_more)
    assert figs["p_first"] == pytest.approx(normal)


def test_the_log_of_changes_is_one_table() -> None:
    """A blank line inside the log would end the table: the rows after it would show
    as plain text with their pipes."""
    plan = (paths.ROOT / "data" / "ANALYSIS.md").read_text("utf-8")
    section = plan.split("## What we changed after seeing the data", 1)[1]
    section = section.split("\n## ", 1)[0]
    lines = section.strip("\n").splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("| When |"))
    rows = lines[first:]
    last = max(i for i, line in enumerate(rows) if line.startswith("|"))
    assert all(line.startswith("|") for line in rows[: last + 1]), "a gap in the log"
    assert rows[1].startswith("|---") and last >= 10


def test_the_power_line_compares_the_first_worlds_purity_with_the_datas() -> None:
    world = 1 - synthetic.SPELL_LEAK
    assert f"{world:.0%} of each spell's acts" in disclosure._power_line(world - 0.07)
    assert f"purer than the data's own 30-day blocks ({world - 0.07:.0%})" in (
        disclosure._power_line(world - 0.07)
    )
    assert "less pure than the data's" in disclosure._power_line(world + 0.05)
    assert "the data's" not in disclosure._power_line(None)
    events = load_dataset(paths.DATA).events
    purity = verdicts.alternation_verdict(events, permutations=99).purity
    assert disclosure.figures(events)["purity"] == purity


def test_the_first_designs_p_is_called_small_only_under_alpha() -> None:
    small = disclosure.first_design_words({"first_design": vocab.ALPHA / 2})
    assert small.endswith(f"p = {vocab.ALPHA / 2:.3f} (small)")
    big = disclosure.first_design_words({"first_design": vocab.ALPHA})
    assert big.endswith(f"p = {vocab.ALPHA:.3f} (not small)")
    assert disclosure.first_design_words({}).endswith("not computable here")
