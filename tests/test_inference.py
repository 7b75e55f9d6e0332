"""The referee's checks: an exact rotation test, effect sizes and minimum detectable
effects against independent references, and the three-way verdict."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from seesaw import paths
from seesaw.analysis import power, spells, verdicts
from seesaw.data.load import load_dataset

ALPHA = 0.05


@pytest.fixture(scope="module")
def real_lanes() -> tuple[np.ndarray, np.ndarray]:
    events = load_dataset(paths.DATA).events
    lane = spells.lanes(events, "2025-01-20", "2025-10-22")
    return lane["moscow"].to_numpy(), lane["kyiv"].to_numpy()


def test_the_spells_test_uses_every_shift(real_lanes) -> None:  # type: ignore[no-untyped-def]
    m, k = real_lanes
    r = spells.spells_test_arrays(m, k)
    assert r.shifts == len(m) - 1
    assert r.min_shift == 1


def test_rotating_a_real_lane_through_every_position_rejects_at_most_alpha(
    real_lanes,  # type: ignore[no-untyped-def]
) -> None:
    """Under the null every alignment is as likely: the test is exact."""
    m, k = real_lanes
    rejected = sum(
        spells.spells_test_arrays(m, np.roll(k, d)).p_value < ALPHA
        for d in range(len(k))
    )
    assert rejected / len(k) <= ALPHA
    # The first design's exclusion of shifts near zero is what broke this.
    first = sum(
        spells.spells_test_arrays(
            m, np.roll(k, d), min_shift=28, max_period=None
        ).p_value
        < ALPHA
        for d in range(len(k))
    )
    assert first / len(k) > ALPHA


def test_effective_shifts_against_white_noise_and_a_smooth_curve() -> None:
    rng = np.random.default_rng(1)
    noise = rng.normal(size=400)
    assert 250 < spells.effective_shifts(noise) <= 400
    smooth = np.convolve(np.r_[noise, noise[:30]], np.ones(30) / 30, mode="valid")[:400]
    assert spells.effective_shifts(smooth) < 60


@pytest.mark.parametrize(("n", "q"), [(10, 0.45), (2, 0.24), (30, 0.2)])
def test_hits_needed_against_brute_force(n: int, q: float) -> None:
    need = power.timing_hits_needed(n, q)
    tails = [
        sum(stats.binom.pmf(j, n, q) for j in range(k, n + 1)) for k in range(n + 1)
    ]
    brute = next((k for k, t in enumerate(tails) if t < ALPHA), None)
    assert need == brute


def test_the_minimum_detectable_rate_against_a_naive_simulation() -> None:
    n, q = 10, 0.45
    rate = power.timing_mde_rate(n, q)
    need = power.timing_hits_needed(n, q)
    assert rate is not None and need is not None
    rng = np.random.default_rng(3)
    hits = rng.binomial(n, rate, size=20_000)
    assert (hits >= need).mean() >= 0.78  # 80% up to simulation noise
    below = rng.binomial(n, rate - 0.05, size=20_000)
    assert (below >= need).mean() < 0.8


def test_holm_against_the_step_down_by_hand() -> None:
    table = pd.DataFrame(
        {
            "variant": ["a", "b", "c", "d (not exact)"],
            "p_value": [0.01, 0.04, 0.03, 0.001],
        }
    )
    out = spells.holm_column(table, exclude=("not exact",))
    # sorted 0.01, 0.03, 0.04 -> 3*0.01, max(., 2*0.03), max(., 1*0.04)
    assert out["p_holm"].tolist()[:3] == pytest.approx([0.03, 0.06, 0.06])
    assert np.isnan(out["p_holm"].iloc[3])


def test_a_null_under_good_power_is_inconclusive(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from seesaw.data import memo

    # The verdict is kept in the computation cache by its inputs; the power patched
    # here is not one of them, so compute afresh.
    monkeypatch.setenv(memo.CACHE_ENV, "off")
    events = load_dataset(paths.DATA).events
    monkeypatch.setattr(power, "spells_power_at", lambda *_a, **_k: 0.5)
    monkeypatch.setattr(power, "spells_mde", lambda *_a, **_k: None)
    v = verdicts.alternation_verdict(events, permutations=99, power_runs=10)
    assert v.verdict == "inconclusive"
    assert "cannot tell" in v.plain() and not any(ch.isdigit() for ch in v.plain())
    monkeypatch.setattr(power, "spells_power_at", lambda *_a, **_k: 0.9)
    v = verdicts.alternation_verdict(events, permutations=99, power_runs=10)
    assert v.verdict == "no_pattern"
    assert "speak against" in v.plain()


def test_the_overture_verdict_is_inconclusive_without_power() -> None:
    events = load_dataset(paths.DATA).events
    v = verdicts.overture_verdict(events)
    assert v.power == pytest.approx(
        power.timing_power(v.timing.episodes, v.timing.chance)
    )
    expected = "inconclusive" if v.power < 0.8 else "no_pattern"
    if v.timing.p_value >= ALPHA:
        assert v.verdict == expected
    d = v.as_dict()
    assert set(d["effect"]) == {"measure", "estimate", "interval"}
    assert d["mde"].startswith("the test would only have noticed if at least")
