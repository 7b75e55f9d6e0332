"""The one decision rule: verdicts from planted worlds, the JSON shape, the words."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from seesaw import paths
from seesaw.analysis import synthetic, verdicts
from seesaw.cli import main
from seesaw.data import vocab
from seesaw.data.load import load_dataset
from seesaw.text import readme
from tests.factories import us_acts

START = pd.Timestamp("2025-01-20")


def _events(
    moscow: np.ndarray, kyiv: np.ndarray, overture_days: list[int]
) -> pd.DataFrame:
    acts = []
    for lane, side in ((moscow, "moscow"), (kyiv, "kyiv")):
        for day, n in enumerate(lane):
            acts += [(START + pd.Timedelta(days=day), side, "raise", "verbal")] * int(n)
    frame = us_acts(acts)
    rus = us_acts(
        [
            (START + pd.Timedelta(days=d), "moscow", "raise", "verbal")
            for d in overture_days
        ],
        start_id=5000,
    )
    rus["actor"], rus["recipient"], rus["pressure_on"] = "russia", "us", "none"
    rus["effect"], rus["kind"], rus["tone"] = None, "call", "cooperative"
    out = pd.concat([frame, rus], ignore_index=True)
    out["notes"] = ""
    return out.sort_values(["date", "id"], ignore_index=True)


def _window(_events: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    return START, START + pd.Timedelta(days=274)


@pytest.mark.parametrize(
    ("world", "expected"),
    [("spells", "spells"), ("tit_for_tat", "act_by_act")],
)
def test_planted_worlds_get_their_verdict(world: str, expected: str) -> None:
    moscow, kyiv = synthetic.WORLD_MAKERS[world](np.random.default_rng([4, 2]))
    events = _events(moscow, kyiv, [30])
    v = verdicts.alternation_verdict(events, *_window(events), permutations=999)
    assert v.verdict == expected
    assert v.as_dict()["verdict"] == expected


def _planted() -> tuple[np.ndarray, np.ndarray, list[int]]:
    """A world where every overture follows an escalation on Moscow: the Moscow lane,
    a Kyiv lane (an act every ninth day) and the overtures' days."""
    esc, ov = synthetic.overture_world(np.random.default_rng(9), 1.0)
    kyiv = np.zeros(275, int)
    kyiv[::9] = 1
    return np.bincount(esc, minlength=275), kyiv, ov.tolist()


def test_overture_verdicts() -> None:
    lane, kyiv, ov = _planted()
    events = _events(lane, kyiv, ov)
    v = verdicts.overture_verdict(events, *_window(events), draws=999)
    assert v.verdict == "follow_pressure" and v.can_reject
    assert v.sentence().startswith("Russian overtures came soon after US pressure")
    random_days = _events(lane, kyiv, [3, 100])
    w = verdicts.overture_verdict(random_days, *_window(random_days), draws=999)
    assert w.verdict == "inconclusive" and w.power < 0.8
    assert w.plain().startswith(
        "too few overtures to tell"
    )  # two episodes cannot decide


def _digits(text: str) -> list[str]:
    import re

    return re.findall(r"\d", text)


def test_words_come_first_and_the_figures_after() -> None:
    """A general reader gets the verdict in words with no number in it; the figures
    follow, and every figure the words lean on is among them."""
    events = _events(*_planted())
    ovt = verdicts.overture_verdict(events, *_window(events), draws=999)
    alt = verdicts.alternation_verdict(
        events, *_window(events), permutations=99, power_runs=40
    )
    for v in (ovt, alt):
        assert _digits(v.plain()) == [], v.plain()
        assert v.sentence() == f"{v.plain()} (in figures: {v.figures()})"
    t = ovt.timing
    assert f"{t.hits} of {t.episodes}" in ovt.figures()
    assert f"placebo p = {t.p_value:.3f}" in ovt.figures()
    assert f"spells test p = {alt.spells.p_value:.3f}" in alt.figures()
    lo, hi = alt.power_interval or (None, None)
    assert lo is not None and hi is not None and lo <= (alt.power or 0) <= hi
    assert f"{lo:.0%} to {hi:.0%}" in alt.figures() and alt.power_runs == 40


def test_weak_power_is_said_in_words() -> None:
    rng = np.random.default_rng(4)
    events = _events(rng.poisson(0.05, 120), rng.poisson(0.05, 120), [30])
    v = verdicts.alternation_verdict(
        events, *_window(events), permutations=99, power_runs=40
    )
    # a dozen acts over four months: the test can barely see spells at this size
    assert v.verdict == "inconclusive" and v.power is not None
    assert v.power < vocab.MIN_POWER
    assert "no evidence against them" in v.plain()
    no_power = verdicts.alternation_verdict(
        events, *_window(events), permutations=99, power_runs=0
    )
    assert no_power.power_interval is None and "power against" not in no_power.figures()
    assert no_power.verdict == "inconclusive"
    assert "power was not measured" in no_power.plain()


def test_stats_json_carries_both_verdicts_and_the_holdout(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["stats", "--json", "--permutations", "199"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (
        out["window"]["start"] == "2025-01-20" and out["window"]["end"] == "2025-10-22"
    )
    assert out["alternation"]["verdict"] in verdicts.ALTERNATION_VERDICTS
    assert out["overtures"]["verdict"] in verdicts.OVERTURE_VERDICTS
    assert out["overtures"]["coincidence_days"] == 3
    assert isinstance(out["overtures"]["episodes"], int)
    assert 0 < out["alternation"]["p_value"] <= 1
    for block in (out, out["holdout"]):
        for name in ("alternation", "overtures"):
            v = block[name]
            assert set(v["effect"]) == {"measure", "estimate", "interval"}, name
            assert isinstance(v["effect"]["measure"], str)
            lo, hi = v["effect"]["interval"]
            assert lo <= v["effect"]["estimate"] <= hi
            assert 0 <= v["power"] <= 1 and isinstance(v["mde"], str) and v["mde"]
        swing = block["alternation"]["changepoint"]
        assert 0 < swing["p_value"] <= 1 and swing["permutations"] == 199
        spells_block = block["alternation"]["spells"]
        assert spells_block["shifts"] == spells_block["days"] - 1
    hold = out["holdout"]
    assert hold["window"]["start"] == "2025-10-23"
    assert hold["alternation"]["verdict"] in verdicts.ALTERNATION_VERDICTS
    assert "phases" in out  # the headline counts stay beside the verdicts
    # and no test but the verdicts' (the old runs test, shift null and Poisson
    # coincidence rates are gone)
    assert not {"runs", "label_shuffle", "circular_shift"} & set(out)
    assert not {"escalation_before_overture", "relief_after_overture"} & set(out)


def test_stats_window_is_a_parameter(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["stats", "--json", "--permutations", "99", "--start-date", "2025-10-23"]
    assert main([*args, "--end-date", "2026-03-19"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["window"]["start"] == "2025-10-23"
    assert out["holdout"] is None


def test_readme_words_come_from_the_verdict() -> None:
    data = load_dataset(paths.DATA)
    found = verdicts.verdicts(data.events, permutations=99, power_runs=20)
    lines = "\n".join(readme._verdict_lines(found))
    assert found["alternation"]["plain"] in lines
    assert found["alternation"]["mde"] in lines
    # No code word reaches readers: the verdict is said in words, not as `inconclusive`.
    assert f"`{found['alternation']['verdict']}`" not in lines
    assert found["overtures"]["plain"] in lines
    flipped = json.loads(json.dumps(found))
    flipped["alternation"]["plain"] = "US pressure came in spells (test)"
    assert "US pressure came in spells (test)" in "\n".join(
        readme._verdict_lines(flipped)
    )


def test_a_single_swap_is_named_as_such_not_as_spells() -> None:
    # Kyiv pressed early, Moscow late, the balance turning once, smoothly.
    rng = np.random.default_rng(2)
    day = np.arange(275)
    tilt = np.sin(2 * np.pi * day / 275)  # one cycle: Kyiv first half, Moscow second
    kyiv = rng.poisson(0.3 * (1 + tilt))
    moscow = rng.poisson(0.3 * (1 - tilt))
    events = _events(moscow, kyiv, [30])
    v = verdicts.alternation_verdict(
        events, *_window(events), permutations=99, power_runs=50
    )
    assert v.verdict in ("no_pattern", "inconclusive")  # not spells
    assert v.first_lane == "kyiv"
    # the swing is described, not tested
    assert "described, not tested" in v.swing_sentence()
    assert "pressure on Kyiv came earlier in the window" in v.swing_sentence()
    # the change-point view places one switch, toward Moscow, in the middle third
    swing = v.as_dict()["changepoint"]
    assert swing["before"]["share_on_moscow"] < swing["after"]["share_on_moscow"]
    assert "2025-04-01" < swing["switch_date"] < "2025-08-01"
    assert swing["what"].startswith("described, not a test of turn-taking")


def test_the_verdict_counts_the_lanes_once_to_the_same_result(tmp_path) -> None:
    """The spells test inside the verdict (lanes counted once for both runs) gives
    what `spells.spells_test` gives, run twice on the events."""
    from seesaw.analysis import spells
    from seesaw.analysis.synthetic import write_synthetic

    events = load_dataset(write_synthetic(tmp_path, 2000, seed=5)).events
    for start, end in (("2025-01-20", "2025-10-31"), ("2025-03-01", "2026-06-30")):
        v = verdicts.alternation_verdict(
            events, start, end, permutations=99, power_runs=0
        )
        first, last = pd.Timestamp(start), pd.Timestamp(end)
        primary = spells.spells_test(events, first, last)
        slow = spells.spells_test(events, first, last, max_period=None)
        assert v.spells.as_dict() == primary.as_dict()
        assert v.slow.as_dict() == slow.as_dict()
        assert np.array_equal(v.spells.distribution, primary.distribution)
        assert np.array_equal(v.slow.distribution, slow.distribution)


def test_stats_text_describes_the_slow_swing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["stats", "--permutations", "199"]) == 0
    out = capsys.readouterr().out
    swing = [
        line for line in out.splitlines() if line.strip().startswith("slow swing:")
    ]
    assert swing and "described, not a test of turn-taking" in swing[0]
