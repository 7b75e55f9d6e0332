"""Balance, phases, the pressure sequence and its runs: hand-computed cases, properties."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seesaw.analysis import metrics
from seesaw.analysis.score import score_events
from tests.factories import us_acts

# Moscow, Moscow (same day), Kyiv, gap, Kyiv, Moscow: a small seesaw.
ACTS = us_acts(
    [
        ("2025-03-01", "moscow", "raise", "threat"),
        ("2025-03-01", "moscow", "raise", "verbal"),
        ("2025-03-03", "kyiv", "raise", "material"),
        ("2025-03-10", "kyiv", "raise", "verbal"),
        ("2025-03-12", "moscow", "raise", "material"),
    ]
)
SCORED = score_events(ACTS, "mode")


def test_daily_balance_by_hand() -> None:
    daily = metrics.daily_balance(SCORED)
    assert len(daily) == 12  # 1 to 12 March
    assert daily["2025-03-01"] == 3.0  # threat 2 + verbal 1
    assert daily["2025-03-03"] == -3.0
    assert daily["2025-03-10"] == -1.0
    assert daily["2025-03-12"] == 3.0
    assert daily.sum() == 2.0


def test_smoothed_balance_is_a_trailing_sum() -> None:
    smooth = metrics.smoothed_balance(metrics.daily_balance(SCORED), 3)
    assert smooth["2025-03-03"] == 0.0  # 3 + 0 - 3
    assert smooth["2025-03-04"] == -3.0
    assert smooth["2025-03-12"] == 2.0  # -1 + 0 + 3


def test_phases_by_hand() -> None:
    table = metrics.phases(SCORED, smoothing_days=1)
    # Window 1: the sign of each day; zero days belong to no phase.
    assert table["tilt"].tolist() == ["moscow", "kyiv", "kyiv", "moscow"]
    assert table["opened_by"].tolist() == ["E0001", "E0003", "E0004", "E0005"]
    assert table["acts"].tolist() == [2, 1, 1, 1]
    # Window 3, trailing sums from 1 March: 3 3 0 -3 -3 0 0 0 0 -1 -1 2.
    wide = metrics.phases(SCORED, smoothing_days=3)
    assert wide["tilt"].tolist() == ["moscow", "kyiv", "kyiv", "moscow"]
    assert wide["start"].dt.day.tolist() == [1, 4, 10, 12]
    assert wide["days"].tolist() == [2, 2, 2, 1]
    # The Kyiv phase of 4-5 March was opened by the aid pause of 3 March.
    assert wide["opened_by"].tolist() == ["E0001", "E0003", "E0004", "E0005"]
    assert wide["acts"].tolist() == [2, 1, 1, 2]
    assert wide["net"].tolist() == [3.0, -3.0, -1.0, 2.0]


def test_phases_run_over_the_span_given() -> None:
    # Window 3 to 20 March: the last Moscow act (12 March) keeps the balance at
    # -1 + 0 + 3 = 2 on the 12th, then 3 on the 13th and 14th, and 0 from the 15th.
    table = metrics.phases(
        SCORED, 3, pd.Timestamp("2025-02-25"), pd.Timestamp("2025-03-20")
    )
    assert table["start"].dt.day.tolist() == [1, 4, 10, 12]
    assert table["end"].iloc[-1] == pd.Timestamp("2025-03-14")
    assert table["days"].tolist() == [2, 2, 2, 3]
    assert table["acts"].tolist() == [2, 1, 1, 2]
    # Without the span the last phase stops at the last act, two days short.
    assert metrics.phases(SCORED, 3)["days"].tolist() == [2, 2, 2, 1]


def test_sequence_collapses_bursts() -> None:
    assert metrics.pressure_sequence(SCORED).tolist() == [1, -1, -1, 1]


def test_exact_counts_add_up_to_every_order_and_match_enumeration() -> None:
    from itertools import combinations

    n1, n2 = 4, 3
    exact = metrics.runs_counts(n1, n2)
    assert sum(exact.values()) == math.comb(n1 + n2, n1)
    counts: dict[int, int] = {}
    for pos in combinations(range(n1 + n2), n1):
        seq = np.full(n1 + n2, -1)
        seq[list(pos)] = 1
        r = metrics.count_runs(seq)
        counts[r] = counts.get(r, 0) + 1
    assert counts == exact


def test_bad_windows_are_refused() -> None:
    with pytest.raises(
        metrics.MetricError, match="smoothing_days: must be a whole number"
    ):
        metrics.smoothed_balance(metrics.daily_balance(SCORED), -3)
    with pytest.raises(metrics.MetricError, match="no US pressure acts"):
        metrics.daily_balance(SCORED.iloc[0:0])


# --- Properties -------------------------------------------------------------------

sides = st.sampled_from(["kyiv", "moscow"])
effects = st.sampled_from(["raise", "relieve"])
modes = st.sampled_from(["verbal", "threat", "material"])
days = st.integers(min_value=0, max_value=60)
act_lists = st.lists(st.tuples(days, sides, effects, modes), min_size=2, max_size=40)


def _frame(acts: list[tuple[int, str, str, str]]) -> pd.DataFrame:
    base = pd.Timestamp("2025-01-20")
    return us_acts([(base + pd.Timedelta(days=d), s, e, m) for d, s, e, m in acts])


@pytest.mark.slow  # measured: several seconds (a subprocess, a browser render or many runs)
@settings(max_examples=60, deadline=None)
@given(act_lists, st.randoms())
def test_row_order_never_matters(acts, rnd) -> None:
    # Shuffle the scored rows themselves: shuffling the events could not fail, since
    # score_events sorts them before any metric sees them. The balance, the per-day
    # sequence and the phases' extent do not depend on the rows' order
    # (`opened_by`, which breaks ties by order, is left out).
    a = score_events(_frame(acts))
    b = a.sample(frac=1, random_state=rnd.randint(0, 10**6))
    pd.testing.assert_series_equal(metrics.daily_balance(a), metrics.daily_balance(b))
    pd.testing.assert_series_equal(
        metrics.pressure_sequence(a), metrics.pressure_sequence(b)
    )
    extent = ["start", "end", "days", "tilt", "acts", "net"]
    pd.testing.assert_frame_equal(
        metrics.phases(a, 7)[extent], metrics.phases(b, 7)[extent]
    )


@pytest.mark.slow  # measured: several seconds (a subprocess, a browser render or many runs)
@settings(max_examples=60, deadline=None)
@given(act_lists)
def test_swapping_kyiv_and_moscow_negates_the_balance(acts) -> None:
    swap = {"kyiv": "moscow", "moscow": "kyiv"}
    mirrored = [(d, swap[s], e, m) for d, s, e, m in acts]
    a = metrics.daily_balance(score_events(_frame(acts)))
    b = metrics.daily_balance(score_events(_frame(mirrored)))
    pd.testing.assert_series_equal(a, -b)


@pytest.mark.slow  # measured: several seconds (a subprocess, a browser render or many runs)
@settings(max_examples=60, deadline=None)
@given(act_lists, days, modes)
def test_adding_pressure_on_moscow_never_lowers_that_days_balance(
    acts, day, mode
) -> None:
    before = metrics.daily_balance(score_events(_frame(acts)))
    after = metrics.daily_balance(
        score_events(_frame([*acts, (day, "moscow", "raise", mode)]))
    )
    when = pd.Timestamp("2025-01-20") + pd.Timedelta(days=day)
    assert after[when] >= before.get(when, 0.0)
    assert after[when] - before.get(when, 0.0) > 0
