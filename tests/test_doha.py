"""The article's sequence on Gaza: each step dated from the rows, in order or not, and
US pressure on Israel around the Doha strike."""

from __future__ import annotations

import pandas as pd

from seesaw.analysis import doha
from seesaw.text import contrast as words
from tests.factories import other_acts, us_acts
from tests.test_contrast import gaza


def _sequence_rows(strike: str, plan: str, pressure: list[str]) -> pd.DataFrame:
    us = gaza(
        us_acts(
            [(d, "israel", "raise", "verbal") for d in pressure]
            + [(plan, "hamas", "raise", "material", "peace_plan")]
            + [("2025-10-08", "hamas", "relieve", "material", "agreement")]
        )
    )
    us.loc[us["kind"].astype(str).eq("peace_plan"), "summary"] = "a 20-point plan"
    hit = gaza(other_acts([(strike, "israel", "strike", "hostile")]))
    hit["summary"] = "Israel strikes Hamas leaders in Doha"
    return pd.concat([us, hit], ignore_index=True)


def test_the_doha_sequence_is_dated_from_the_rows() -> None:
    rows = _sequence_rows(
        "2025-09-09", "2025-09-29", ["2025-08-20", "2025-09-10", "2025-09-12"]
    )
    s = doha.doha_sequence(rows)
    assert [st["date"].date().isoformat() for st in s.steps] == [
        "2025-09-09",
        "2025-09-10",
        "2025-09-29",
        "2025-10-08",
    ]
    assert s.in_order and (s.before, s.after) == (1, 2)
    assert 0 < s.p_value <= 1 and 0 <= s.power <= 1
    late = doha.doha_sequence(
        _sequence_rows("2025-09-09", "2025-10-20", ["2025-09-10"])
    )
    assert late.steps[3]["date"] is None and late.in_order is None
    assert late.verdict == "incomplete" and "no row matches the deal" in (
        words.sequence_words(late)
    )


def test_pressure_around_the_strike_counts_each_side_of_it_and_tests_the_rise() -> None:
    rows = _sequence_rows(
        "2025-09-09",
        "2025-09-29",
        ["2025-08-20", "2025-09-09", "2025-09-10", "2025-09-12", "2025-10-20"],
    )
    before, after, p, power = doha.pressure_around(rows, pd.Timestamp("2025-09-09"))
    # the strike's own day counts on neither side; 20 Oct is beyond the 30 days
    assert (before, after) == (1, 2)
    assert p == 0.5  # two of three after, against an even split: P(X >= 2) = 4/8
    assert power == 0.0  # with three acts no split reaches alpha
    none = doha.pressure_around(rows.iloc[0:0], pd.Timestamp("2025-09-09"))
    assert none[:2] == (0, 0) and none[2] != none[2] and none[3] == 0.0
