"""The change-point description of the slow swing, against brute force and statsmodels."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from seesaw.analysis import changepoint as cp
from seesaw.analysis.metrics import MetricError


def _series(values: list[int]) -> pd.Series:
    days = pd.date_range("2025-01-01", periods=len(values), freq="3D")
    return pd.Series(values, index=days)


# Kyiv-heavy first, Moscow-heavy after position 12 (a planted switch).
SEQ = [-1, -1, 1, -1, -1, -1, 1, -1, -1, -1, -1, -1, 1, 1, 1, -1, 1, 1, 1, 1, 1, -1]


def _brute_force(values: list[int], min_segment: int) -> tuple[int, float, float]:
    """Every switch point by scipy's binomial log-pmf: (days before, log L1, log L0)."""
    y = np.array(values) > 0
    n = len(y)

    def ll(seg: np.ndarray) -> float:
        k, m = int(seg.sum()), len(seg)
        return float(stats.binom.logpmf(k, m, k / m) - math.log(math.comb(m, k)))

    best = max(
        range(min_segment, n - min_segment + 1), key=lambda c: ll(y[:c]) + ll(y[c:])
    )
    return best, ll(y[:best]) + ll(y[best:]), ll(y)


def test_switch_and_statistic_match_brute_force() -> None:
    found = cp.changepoint(_series(SEQ), min_segment=4, permutations=199, seed=1)
    cut, ll1, ll0 = _brute_force(SEQ, 4)
    assert found["before"]["days"] == cut
    assert found["after"]["first"] == _series(SEQ).index[cut].date().isoformat()
    assert found["likelihood_ratio"] == pytest.approx(2 * (ll1 - ll0))
    n = len(SEQ)
    bic = (-2 * ll0 + math.log(n)) - (-2 * ll1 + 3 * math.log(n))
    assert found["bic_difference"] == pytest.approx(bic)


def test_shares_and_wilson_intervals_match_statsmodels() -> None:
    found = cp.changepoint(_series(SEQ), min_segment=4, permutations=99, seed=1)
    for seg in (found["before"], found["after"]):
        moscow = seg["leaning_on_moscow"]
        low, high = proportion_confint(moscow, seg["days"], method="wilson")
        assert seg["interval"] == pytest.approx([low, high])
        assert seg["share_on_moscow"] == pytest.approx(moscow / seg["days"])
    shares = [found[s]["share_on_moscow"] for s in ("before", "after")]
    assert shares[0] < 0.3 < 0.7 < shares[1]


def test_permutation_p_matches_a_naive_loop() -> None:
    """The vectorised null against a loop over the same permuted sequences."""
    y = (np.array(SEQ) > 0).astype(float)
    rng = np.random.default_rng(7)
    perms = rng.permuted(np.tile(y, (300, 1)), axis=1)
    fast = cp._statistic(perms, 4)
    slow = []
    for row in perms:
        vals = [1 if v else -1 for v in row]
        _, ll1, ll0 = _brute_force(vals, 4)
        slow.append(2 * (ll1 - ll0))
    assert fast == pytest.approx(np.array(slow))


def test_planted_switch_is_found_and_no_switch_is_quiet() -> None:
    rng = np.random.default_rng(3)
    planted = np.r_[rng.random(60) < 0.2, rng.random(60) < 0.8]
    found = cp.changepoint(_series(list(np.where(planted, 1, -1))), seed=3)
    assert 50 <= found["before"]["days"] <= 70
    assert found["p_value"] < 0.01 and found["bic_difference"] > 0
    flat = rng.random(120) < 0.5
    quiet = cp.changepoint(_series(list(np.where(flat, 1, -1))), seed=3)
    assert quiet["p_value"] > 0.05


def test_too_short_or_bad_values_raise() -> None:
    with pytest.raises(MetricError, match="cannot hold two segments"):
        cp.changepoint(_series([1, -1, 1, -1]), permutations=9)
    with pytest.raises(MetricError, match=r"\+1"):
        cp.changepoint(_series([1, 0, 1, -1] * 4), permutations=9)


def test_as_dict_names_it_a_description() -> None:
    out = cp.changepoint(_series(SEQ), min_segment=4, permutations=99)
    assert out["what"].startswith("described, not a test of turn-taking")
    assert out["switch_date"] == out["after"]["first"]
    assert out["sentence"].startswith("described, not a test of turn-taking")
