"""Sensitivity to the coding in words (`seesaw.text.robustness`)."""

from __future__ import annotations

import pandas as pd
import pytest

from seesaw.text.robustness import survival_sentence, switch_sentence


def test_survival_sentence_names_the_variants_that_change_the_verdict() -> None:
    table = pd.DataFrame(
        {
            "label": ["as coded", "a", "b"],
            "v": ["no_pattern", "no_pattern", "spells"],
        }
    )
    assert survival_sentence(table, "v", "alternation") == (
        "The alternation verdict (no pattern) changes under 1 of the 2 contested "
        "coding choices (b: spells)."
    )
    steady = table.assign(v="no_pattern")
    assert survival_sentence(steady, "v", "alternation") == (
        "The alternation verdict (no pattern) is the same under all 2 contested "
        "coding choices (`seesaw sensitivity`)."
    )


def test_one_variant_or_none_is_said_as_such() -> None:
    """Where a data folder lets only one choice run (or none), the sentence does not
    say "all 1" (or claim a verdict survived choices never tried)."""
    table = pd.DataFrame({"label": ["as coded", "a"], "v": ["spells", "spells"]})
    assert survival_sentence(table, "v", "alternation") == (
        "The alternation verdict (spells) is the same under the one contested coding "
        "choice tried (`seesaw sensitivity`)."
    )
    assert survival_sentence(table.iloc[:1], "v", "alternation") == (
        "No contested coding choice could be tried on the alternation verdict (spells)."
    )


def test_a_skipped_variant_is_left_out_of_the_count() -> None:
    table = pd.DataFrame(
        {
            "label": ["as coded", "a", "b"],
            "v": ["no_pattern", "spells", "spells"],
            "skipped": [None, None, "no second coding"],
        }
    )
    assert survival_sentence(table, "v", "timing") == (
        "The timing verdict (no pattern) changes under 1 of the 1 contested coding "
        "choices (a: spells)."
    )


def test_the_switch_sentence_names_the_span_and_what_moves_it() -> None:
    table = pd.DataFrame(
        {
            "label": ["as coded", "calls coded none", "additions dropped"],
            "switch_date": ["2025-07-07", "2025-07-03", "2025-06-25"],
        }
    )
    said = switch_sentence(table)
    assert said == (
        "Under the 2 contested coding choices the switch falls between 25 June 2025 "
        "and 7 July 2025 (as coded: 7 July 2025); it moves by more than a week under "
        "additions dropped (25 June 2025) (`seesaw sensitivity`)."
    )
    steady = table.iloc[:2]
    assert "none moves it by more than a week" in switch_sentence(steady)
    assert "could not be placed" in switch_sentence(
        table.assign(switch_date=[None, "2025-07-03", "2025-06-25"])
    )


def test_an_unknown_verdict_code_is_an_error_not_a_guess() -> None:
    table = pd.DataFrame({"label": ["as coded", "a"], "v": ["spells", "maybe"]})
    with pytest.raises(ValueError, match="verdict code 'maybe' has no plain name"):
        survival_sentence(table, "v", "alternation")
