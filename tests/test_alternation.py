"""The alternation verdict: planted worlds, weak power in words, the slow swing, and
its effect sizes against independent references."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from seesaw import paths
from seesaw.analysis import alternation, spells, synthetic
from seesaw.analysis.power import REALISTIC_SPELLS
from seesaw.data import vocab
from seesaw.data.load import load_dataset
from tests.factories import lane_events, lane_window


@pytest.mark.parametrize(
    ("world", "expected"),
    [("spells", "spells"), ("tit_for_tat", "act_by_act")],
)
def test_planted_worlds_get_their_verdict(world: str, expected: str) -> None:
    moscow, kyiv = synthetic.WORLD_MAKERS[world](np.random.default_rng([4, 2]))
    events = lane_events(moscow, kyiv, [30])
    v = alternation.alternation_verdict(events, *lane_window(events), permutations=999)
    assert v.verdict == expected
    assert v.as_dict()["verdict"] == expected


def test_weak_power_is_said_in_words() -> None:
    rng = np.random.default_rng(4)
    events = lane_events(rng.poisson(0.05, 120), rng.poisson(0.05, 120), [30])
    v = alternation.alternation_verdict(
        events, *lane_window(events), permutations=99, power_runs=40
    )
    # a dozen acts over four months: the test can barely see spells at this size
    assert v.verdict == "inconclusive" and v.power is not None
    assert v.power < vocab.MIN_POWER
    assert "no evidence against them" in v.plain()
    no_power = alternation.alternation_verdict(
        events, *lane_window(events), permutations=99, power_runs=0
    )
    assert no_power.power_interval is None and "power against" not in no_power.figures()
    assert no_power.verdict == "inconclusive"
    assert "power was not measured" in no_power.plain()


def test_an_unsimulated_power_prints_no_minimum_detectable_effect() -> None:
    """No run simulated: "not measured", no MDE sentence; simulated and not reached at
    full purity: the "fewer than" sentence."""
    rng = np.random.default_rng(4)
    events = lane_events(rng.poisson(0.05, 120), rng.poisson(0.05, 120), [30])
    window = lane_window(events)
    none = alternation.alternation_verdict(
        events, *window, permutations=99, power_runs=0
    )
    assert none.mde() is None and none.as_dict()["mde"] is None
    assert "power not measured (no runs simulated)" in none.figures()
    assert (
        "fewer than" not in none.figures() and "would only notice" not in none.figures()
    )
    ran = alternation.alternation_verdict(
        events, *window, permutations=99, power_runs=40
    )
    assert ran.power_runs > 0 and ran.mde_purity is None  # too few acts to reach it
    assert ran.mde() == (
        f"at this window's size the test finds spells of {REALISTIC_SPELLS[0]}-"
        f"{REALISTIC_SPELLS[1]} days in fewer than {vocab.GOOD_POWER:.0%} of runs "
        "even when every act falls on its spell's side"
    )
    assert ran.mde() in ran.figures() and "not measured" not in ran.figures()


def test_a_single_swap_is_named_as_such_not_as_spells() -> None:
    # Kyiv pressed early, Moscow late, the balance turning once, smoothly.
    rng = np.random.default_rng(2)
    day = np.arange(275)
    tilt = np.sin(2 * np.pi * day / 275)  # one cycle: Kyiv first half, Moscow second
    kyiv = rng.poisson(0.3 * (1 + tilt))
    moscow = rng.poisson(0.3 * (1 - tilt))
    events = lane_events(moscow, kyiv, [30])
    v = alternation.alternation_verdict(
        events, *lane_window(events), permutations=99, power_runs=50
    )
    assert v.verdict in ("no_pattern", "inconclusive")  # not spells
    assert v.first_lane == "kyiv"
    # the swing is described, not tested
    assert "described, not tested" in v.swing_sentence()
    assert (
        "the median US act raising pressure on Kyiv came earlier in the window than "
        "the median act on Moscow" in v.swing_sentence()
    )
    # the change-point view places one switch, toward Moscow, in the middle third
    swing = v.as_dict()["changepoint"]
    assert swing["before"]["share_on_moscow"] < swing["after"]["share_on_moscow"]
    assert "2025-04-01" < swing["switch_date"] < "2025-08-01"
    assert swing["what"].startswith("described, not a test of turn-taking")


def test_the_verdict_counts_the_lanes_once_to_the_same_result(tmp_path) -> None:
    """The spells test inside the verdict (lanes counted once for both runs) gives
    what `spells.spells_test` gives, run twice on the events."""
    from bench.synthetic import write_synthetic

    from seesaw.analysis import spells

    events = load_dataset(write_synthetic(tmp_path, 2000, seed=5)).events
    for start, end in (("2025-01-20", "2025-10-31"), ("2025-03-01", "2026-06-30")):
        v = alternation.alternation_verdict(
            events, start, end, permutations=99, power_runs=0
        )
        first, last = pd.Timestamp(start), pd.Timestamp(end)
        primary = spells.spells_test(events, first, last)
        slow = spells.spells_test(events, first, last, max_period=None)
        assert v.spells.as_dict() == primary.as_dict()
        assert v.slow.as_dict() == slow.as_dict()
        assert np.array_equal(v.spells.distribution, primary.distribution)
        assert np.array_equal(v.slow.distribution, slow.distribution)


@pytest.fixture(scope="module")
def real_lanes() -> tuple[np.ndarray, np.ndarray]:
    events = load_dataset(paths.DATA).events
    lane = spells.lanes(events, "2025-01-20", "2025-10-22")
    return lane["moscow"].to_numpy(), lane["kyiv"].to_numpy()


def test_weekly_correlation_matches_scipy_and_fisher_z(real_lanes) -> None:  # type: ignore[no-untyped-def]
    m, k = real_lanes
    r, lo, hi, weeks = alternation.weekly_correlation(m, k)
    wm = m[: weeks * 7].reshape(weeks, 7).sum(axis=1)
    wk = k[: weeks * 7].reshape(weeks, 7).sum(axis=1)
    ref = stats.pearsonr(wm, wk)
    assert r == pytest.approx(ref.statistic)
    ci = ref.confidence_interval(0.95)
    assert (lo, hi) == pytest.approx((ci.low, ci.high), abs=1e-9)
