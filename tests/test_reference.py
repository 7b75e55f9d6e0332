"""Reference tests: the runs test against brute-force enumeration, the shuffle against it."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest

from seesaw.analysis import metrics, spells


def _every_arrangement(n1: int, n2: int) -> list[np.ndarray]:
    out = []
    for pos in combinations(range(n1 + n2), n1):
        seq = np.full(n1 + n2, -1)
        seq[list(pos)] = 1
        out.append(seq)
    return out


@pytest.mark.parametrize("n1", range(1, 7))
@pytest.mark.parametrize("n2", range(1, 7))
def test_exact_runs_p_is_the_share_of_arrangements_with_as_many_runs(
    n1: int, n2: int
) -> None:
    arrangements = _every_arrangement(n1, n2)
    runs = np.array([metrics.count_runs(s) for s in arrangements])
    for seq in arrangements[:: max(1, len(arrangements) // 7)]:
        result = spells.runs_tails(seq, exact_max_n=len(seq))
        r = metrics.count_runs(seq)
        assert result.runs == r
        assert result.p_more == pytest.approx(float(np.mean(runs >= r)), abs=1e-12)
        assert result.p_fewer == pytest.approx(float(np.mean(runs <= r)), abs=1e-12)


@pytest.mark.parametrize(("n1", "n2"), [(5, 5), (8, 3), (10, 12)])
def test_exact_runs_mean_and_variance_match_the_formulas(n1: int, n2: int) -> None:
    dist = metrics.runs_distribution(n1, n2)
    values = np.array(list(dist), dtype=float)
    probs = np.array([float(p) for p in dist.values()])
    seq = np.r_[np.ones(n1), -np.ones(n2)]
    result = spells.runs_tails(seq, exact_max_n=len(seq))
    assert float(values @ probs) == pytest.approx(result.expected, rel=1e-12)
    variance = float(((values - result.expected) ** 2) @ probs)
    assert variance == pytest.approx(result.sd**2, rel=1e-12)


def test_label_shuffle_p_converges_on_the_exact_runs_p() -> None:
    x = np.array([1, -1, 1, 1, -1, 1, -1, -1, 1, -1, 1, -1, -1, 1])
    exact = spells.runs_tails(x, exact_max_n=len(x)).p_more
    null = metrics.label_shuffle_null(x, 20_000, seed=11)
    # A permutation p-value is (1 + hits) / (B + 1); with B = 20,000 its sd is < 0.004.
    assert null.p_value == pytest.approx(exact, abs=0.015)


@pytest.mark.parametrize("n", [12, 40, 49])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_normal_runs_p_agrees_with_statsmodels(n: int, seed: int) -> None:
    # statsmodels corrects by 0.5 toward the mean below 50 items, as we always do.
    from statsmodels.sandbox.stats.runs import runstest_1samp

    x = np.random.default_rng(seed).choice([-1, 1], size=n)
    ours = spells.runs_tails(x, exact_max_n=0)
    _, p_c = runstest_1samp(x, cutoff=0, correction=True)
    if ours.runs - ours.expected > 0.5:
        assert ours.p_more == pytest.approx(p_c / 2, rel=1e-9)
    assert ours.method == "normal, continuity-corrected"
