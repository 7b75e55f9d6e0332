"""Follow-through by instrument: threats counted by the ledger's rule, an exact
binomial test at the base rate, words for every case."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from scipy import stats

from seesaw.analysis import follow_through
from seesaw.data import vocab
from tests.factories import gaza, us_acts

START, END = pd.Timestamp("2025-01-20"), pd.Timestamp("2025-10-22")


def test_follow_through_by_instrument_on_a_gaza_side() -> None:
    rows = gaza(
        us_acts(
            [
                ("2025-03-01", "hamas", "raise", "threat", "deadline"),
                ("2025-03-20", "hamas", "raise", "material", "sanctions"),
                ("2025-06-01", "hamas", "raise", "threat", "deadline"),
            ]
        )
    )
    f = follow_through.follow_through_verdict(rows, "hamas", START, END)
    assert (f.threats, f.counted, f.kept) == (2, 2, 1)
    assert f.verdict in follow_through.FOLLOW_VERDICTS and f.verdict != "untestable"
    none = follow_through.follow_through_verdict(rows, "israel", START, END)
    assert none.verdict == "untestable" and "no US threat on Israel" in none.plain()


def test_the_p_value_and_the_effect_are_the_binomial_s() -> None:
    rows = us_acts(
        [
            ("2025-03-01", "moscow", "raise", "threat", "deadline"),
            ("2025-03-05", "moscow", "raise", "material", "sanctions"),
            ("2025-05-01", "moscow", "raise", "threat", "deadline"),
            ("2025-07-01", "moscow", "raise", "threat", "deadline"),
        ]
    )
    f = follow_through.follow_through_verdict(rows, "moscow", START, END)
    assert f.counted and 0 < f.chance < 1
    assert f.p_value == pytest.approx(stats.binom.sf(f.kept - 1, f.counted, f.chance))
    out = f.as_dict()
    assert out["effect"]["estimate"] == pytest.approx(f.rate / f.chance)
    lo, hi = f.interval
    assert out["effect"]["interval"] == pytest.approx([lo / f.chance, hi / f.chance])
    assert f"{f.kept} of {f.counted} threats" in f.figures()
    assert f.sentence() == f"{f.plain()} (in figures: {f.figures()})"


def test_an_inconclusive_verdict_says_most_misses_only_under_min_power() -> None:
    """'more often than not' only when the power is under MIN_POWER; else 'often'."""
    rows = us_acts([("2025-03-01", "moscow", "raise", "threat", "deadline")])
    f = follow_through.follow_through_verdict(rows, "moscow", START, END)
    low = dataclasses.replace(f, verdict="inconclusive", power=vocab.MIN_POWER - 0.01)
    high = dataclasses.replace(f, verdict="inconclusive", power=vocab.MIN_POWER)
    assert "would miss a realistic pattern more often than not" in low.plain()
    assert "would often miss a realistic pattern" in high.plain()
    assert "more often than not" not in high.plain()
