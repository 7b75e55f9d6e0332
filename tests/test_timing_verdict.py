"""The timing verdict: a planted world follows pressure, two episodes cannot decide."""

from __future__ import annotations

import dataclasses

import pytest

from seesaw.analysis import power, timing_verdict
from tests.factories import lane_events, lane_window, planted_overtures


def test_overture_verdicts() -> None:
    lane, kyiv, ov = planted_overtures()
    events = lane_events(lane, kyiv, ov)
    v = timing_verdict.overture_verdict(events, *lane_window(events))
    assert v.verdict == "follow_pressure" and v.can_reject
    assert v.sentence().startswith("Russian overtures came soon after US pressure")
    random_days = lane_events(lane, kyiv, [3, 100])
    w = timing_verdict.overture_verdict(random_days, *lane_window(random_days))
    assert w.verdict == "inconclusive" and w.power < 0.8
    assert w.plain().startswith(
        "too few overtures to tell"
    )  # two episodes cannot decide


def test_the_effect_and_the_power_come_from_the_test_s_own_counts() -> None:
    """The rate ratio is the hit rate over chance (its interval the hit rate's over
    chance), and the power is the exact binomial power in the realistic world."""
    events = lane_events(*planted_overtures())
    v = timing_verdict.overture_verdict(events, *lane_window(events))
    t = v.timing
    est, lo, hi = v.rate_ratio
    assert est == pytest.approx(t.rate / t.chance)
    assert (lo, hi) == pytest.approx((t.rate_low / t.chance, t.rate_high / t.chance))
    share = timing_verdict.TIMING_WORLD_SHARE
    assert v.power == pytest.approx(power.timing_power(t.episodes, t.chance, share))
    assert v.hits_needed == power.timing_hits_needed(t.episodes, t.chance)
    out = v.as_dict()
    assert out["effect"]["estimate"] == pytest.approx(est)
    assert out["effect"]["interval"] == pytest.approx([lo, hi])
    assert out["verdict"] in timing_verdict.OVERTURE_VERDICTS


def test_the_rule_needs_a_rate_above_chance_and_calls_a_null_by_its_power() -> None:
    events = lane_events(*planted_overtures())
    t = timing_verdict.overture_verdict(events, *lane_window(events)).timing
    assert timing_verdict.judge(t)[0] == "follow_pressure"
    strong = dataclasses.replace(t, p_value=0.5, episodes=200)
    assert timing_verdict.judge(strong)[0] == "no_pattern"
    below = dataclasses.replace(t, p_value=0.001, rate=t.chance / 2)
    verdict, power = timing_verdict.judge(below)
    assert verdict == ("no_pattern" if power >= 0.8 else "inconclusive")


@pytest.mark.parametrize("days", [3, 7])
def test_the_power_world_names_the_test_s_own_window(days: int) -> None:
    """The power is of hits 0 to `coincidence_days` days after an escalation, and the
    world says so (it once named the design worlds' 0-2 days)."""
    events = lane_events(*planted_overtures())
    v = timing_verdict.overture_verdict(
        events, *lane_window(events), coincidence_days=days
    )
    world = v.as_dict()["power_world"]
    assert f" 0-{days} days after an escalation" in world and "0-2 days" not in world


@pytest.mark.parametrize("track", ["ukraine", "gaza"])
def test_the_real_data_s_verdicts_hold_together(track: str) -> None:
    """What notebook 04 once asserted in a cell, for each side it times: hits within
    episodes within overtures, a p-value between the smallest attainable and 1, and a
    verdict of the vocabulary."""
    from seesaw import paths
    from seesaw.analysis import verdicts
    from seesaw.analysis.masks import TRACK_LANES, track_rows
    from seesaw.data import vocab
    from seesaw.data.load import load_dataset

    events = track_rows(load_dataset(paths.DATA).events, track)
    sides = ("moscow",) if track == vocab.DEFAULT_TRACK else TRACK_LANES[track]
    for side in sides:
        o = verdicts.overture_verdict(
            events, vocab.ANALYSIS_START, vocab.ARTICLE_END, side=side
        )
        t = o.timing
        assert 0 <= t.hits <= t.episodes <= t.overtures, side
        assert t.smallest_p <= t.p_value <= 1, side
        assert o.verdict in timing_verdict.OVERTURE_VERDICTS, side
