"""Reference tests: the runs test against brute-force enumeration, the shuffle against it."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest

from seesaw.analysis import metrics


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
        result = metrics.runs_test(seq, method="exact")
        r = metrics.count_runs(seq)
        assert result.runs == r
        assert result.p_value == pytest.approx(float(np.mean(runs >= r)), abs=1e-12)
        assert result.max_runs == runs.max()


@pytest.mark.parametrize(("n1", "n2"), [(5, 5), (8, 3), (10, 12)])
def test_exact_runs_mean_and_variance_match_the_formulas(n1: int, n2: int) -> None:
    dist = metrics.runs_distribution(n1, n2)
    values = np.array(list(dist), dtype=float)
    probs = np.array([float(p) for p in dist.values()])
    seq = np.r_[np.ones(n1), -np.ones(n2)]
    result = metrics.runs_test(seq, method="exact")
    assert float(values @ probs) == pytest.approx(result.expected, rel=1e-12)
    variance = float(((values - result.expected) ** 2) @ probs)
    assert variance == pytest.approx(result.sd**2, rel=1e-12)


def test_label_shuffle_p_converges_on_the_exact_runs_p() -> None:
    x = np.array([1, -1, 1, 1, -1, 1, -1, -1, 1, -1, 1, -1, -1, 1])
    exact = metrics.runs_test(x, method="exact").p_value
    null = metrics.label_shuffle_null(x, 20_000, seed=11)
    # A permutation p-value is (1 + hits) / (B + 1); with B = 20,000 its sd is < 0.004.
    assert null.p_value == pytest.approx(exact, abs=0.015)
