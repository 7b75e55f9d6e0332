"""Moscow's timing: episodes, hit days, the exact placebo tail against a naive loop
and scipy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from statsmodels.stats.proportion import proportion_confint

from seesaw.analysis import overtures as ov
from seesaw.analysis.metrics import MetricError
from tests.factories import other_acts, typed, us_acts


def test_episodes_merge_chains_within_three_days() -> None:
    days = np.array([10, 12, 15, 30, 31, 40])
    assert ov.episode_days(days, 3).tolist() == [10, 30, 40]
    assert ov.episode_days(days, 0).tolist() == [10, 12, 15, 30, 31, 40]
    assert ov.episode_days(np.array([], int), 3).tolist() == []


def _naive_hits(acts: np.ndarray, days: int, w: int, direction: str) -> np.ndarray:
    out = np.zeros(days, bool)
    for d in range(days):
        for a in acts:
            if (direction == "before" and d - w <= a <= d) or (
                direction == "after" and d <= a <= d + w
            ):
                out[d] = True
    return out


@pytest.mark.parametrize("direction", ["before", "after"])
@pytest.mark.parametrize("w", [0, 3, 7])
def test_hit_days_match_a_naive_loop(direction: str, w: int) -> None:
    rng = np.random.default_rng(w)
    acts = rng.integers(-5, 65, size=12)
    assert ov.hit_days(acts, 60, w, direction).tolist() == (
        _naive_hits(acts, 60, w, direction).tolist()
    )


def test_the_p_value_is_the_placebo_s_exact_tail() -> None:
    """The placebo (as many random real days of the window as there are episodes, hit
    days found by a naive loop) drawn 100,000 times gives the tail the test reports at
    every count, and that tail is scipy's binomial at the chance rate."""
    rng = np.random.default_rng(1)
    acts = rng.integers(0, 200, size=30)
    r = ov.timing_test_days(acts, np.arange(7, 200, 23), 200, 3, 3)
    naive = np.array([any(d - 3 <= a <= d for a in acts) for d in range(200)])
    assert r.chance == naive.mean() and r.episodes == 9
    assert r.p_value == pytest.approx(sps.binom.sf(r.hits - 1, 9, r.chance), rel=1e-12)
    picks = np.random.default_rng(7).integers(0, 200, size=(100_000, 9))
    placebo = naive[picks].sum(axis=1)
    assert np.mean(placebo >= r.hits) == pytest.approx(r.p_value, abs=0.005)
    for k in range(10):
        tail = sps.binom.sf(k - 1, 9, r.chance)
        assert np.mean(placebo >= k) == pytest.approx(tail, abs=0.006), k


def test_timing_test_by_hand() -> None:
    acts = np.array([10, 50, 90])
    overture_days = np.array([11, 12, 52, 70])  # 11 and 12 merge; 52 hits; 70 misses
    r = ov.timing_test_days(acts, overture_days, 100, 3, 3)
    assert (r.episodes, r.overtures, r.hits) == (3, 4, 2)
    assert r.chance == pytest.approx(12 / 100)
    assert r.p_value == pytest.approx(sps.binom.sf(1, 3, 0.12))
    assert r.smallest_p == pytest.approx(0.12**3)
    lo, hi = proportion_confint(2, 3, method="wilson")
    assert (r.rate_low, r.rate_high) == (pytest.approx(lo), pytest.approx(hi))
    again = ov.timing_test_days(acts, overture_days, 100, 3, 3)
    assert again == r
    with pytest.raises(MetricError, match="no Russian overture"):
        ov.timing_test_days(acts, np.array([], int), 100)


def _russian(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    frame = us_acts([(d, "moscow", "raise", "verbal") for d, *_ in rows], 100)
    frame["actor"] = "russia"
    frame["recipient"] = "us"
    frame["pressure_on"] = "none"
    frame["effect"] = None
    frame["kind"] = [k for _, k, _, _ in rows]
    frame["tone"] = [t for _, _, t, _ in rows]
    frame["notes"] = [n for _, _, _, n in rows]
    return frame


def test_definitions_and_the_calendar_tag() -> None:
    rus = _russian(
        [
            ("2025-04-02", "meeting", "cooperative", ""),
            ("2025-04-19", "ceasefire", "cooperative", "TAG:calendar (Easter)"),
            ("2025-05-11", "counter_proposal", "cooperative", ""),
            ("2025-06-01", "summit_offer", "neutral", ""),
            ("2025-06-05", "demand", "hostile", ""),
            ("2025-06-09", "call", "hostile", ""),
        ]
    )
    us = us_acts(
        [
            ("2025-03-31", "moscow", "raise", "threat"),
            ("2025-06-20", "moscow", "relieve", "verbal", "call"),
        ]
    )
    us["notes"] = ""
    events = pd.concat([rus, us], ignore_index=True)
    wide = ov.overture_rows(events)
    assert wide["kind"].tolist() == [
        "meeting",
        "ceasefire",
        "counter_proposal",
        "summit_offer",
    ]
    assert ov.overture_rows(events, "narrow")["kind"].tolist() == ["summit_offer"]
    assert len(ov.overture_rows(events, "calls_either")) == 5
    assert len(ov.overture_rows(events, exclude_calendar=True)) == 3
    with pytest.raises(MetricError, match="definition"):
        ov.overture_rows(events, "any")
    r = ov.timing_test(events, "2025-04-01", "2025-06-30")
    assert (r.episodes, r.hits) == (4, 1)  # the meeting, 2 days after the threat
    table = ov.episode_table(events, "2025-04-01", "2025-06-30")
    assert table["in_window"].tolist() == [True, False, False, False]
    assert table["calendar"].tolist() == [False, True, False, False]


def test_the_calendar_truces_are_tagged_in_the_data() -> None:
    from seesaw import paths
    from seesaw.data.load import load_dataset

    events = load_dataset(paths.DATA).events
    tagged = events[
        events["notes"].fillna("").str.contains(ov.CALENDAR_TAG, regex=False)
    ]
    assert tagged["id"].tolist() == ["E0079", "E0089"]
    assert set(tagged["kind"].astype(str)) == {"ceasefire"}
    wide = ov.overture_rows(events)
    assert set(tagged["id"]) <= set(wide["id"])
    assert not set(tagged["id"]) & set(
        ov.overture_rows(events, exclude_calendar=True)["id"]
    )


def test_sensitivity_table_primary_row_is_the_test() -> None:
    from seesaw import paths
    from seesaw.data.load import load_dataset

    events = load_dataset(paths.DATA).events
    table = ov.sensitivity_table(events, "2025-01-20", "2025-10-22")
    primary = ov.timing_test(events, "2025-01-20", "2025-10-22")
    assert len(table) == 7
    assert table["p_value"].iloc[0] == primary.p_value
    assert table["episodes"].iloc[0] == primary.episodes
    narrow = table.set_index("variant").loc["narrow: calls and summit offers"]
    assert narrow["episodes"] <= primary.episodes


def test_the_placebo_distribution_travels_with_the_result() -> None:
    """The chart reads it from the result (no scipy.stats in the kernel); it is the
    binomial of episodes at the chance rate (scipy's within 1e-13), and stays out of
    the JSON."""
    acts = np.zeros(200, dtype=bool)
    acts[::9] = True
    t = ov.timing_test_days(acts, np.arange(5, 190, 17), days=200)
    want = sps.binom.pmf(np.arange(t.episodes + 1), t.episodes, t.chance)
    assert np.allclose(np.asarray(t.placebo_pmf), want, rtol=0, atol=1e-13)
    assert "placebo_pmf" not in t.as_dict()


def test_counterpart_rows_are_overtures_for_moscow_and_concessions_elsewhere() -> None:
    rows = typed(
        other_acts(
            [
                ("2025-03-01", "russia", "call", "cooperative"),
                ("2025-03-02", "ukraine", "acceptance", "cooperative"),
            ]
        )
    )
    pd.testing.assert_frame_equal(
        ov.counterpart_rows(rows, "moscow"), ov.overture_rows(rows)
    )
    assert ov.counterpart_rows(rows, "kyiv")["actor"].tolist() == ["ukraine"]


def test_the_family_varies_the_run_s_own_window() -> None:
    """With `-p coincidence_days 7` the primary row is the 0-7-day test and the plan's
    other windows (3 and 14 days) are the variants."""
    from seesaw import paths
    from seesaw.data.load import load_dataset

    events = load_dataset(paths.DATA).events
    window = ("2025-01-20", "2025-10-22")
    table = ov.sensitivity_table(events, *window, coincidence_days=7)
    assert table["variant"].iloc[:3].tolist() == [
        "primary: wide, 0-7 days, merged",
        "window 0-3 days",
        "window 0-14 days",
    ]
    primary = ov.timing_test(events, *window, coincidence_days=7)
    assert table["p_value"].iloc[0] == primary.p_value
    narrow = ov.timing_test(events, *window, coincidence_days=7, definition="narrow")
    assert (
        table.set_index("variant").loc["narrow: calls and summit offers", "p_value"]
        == narrow.p_value
    )
