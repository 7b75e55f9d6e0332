"""Reference tests: the runs test against brute-force enumeration."""

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
        result = spells.runs_tails(seq)
        r = metrics.count_runs(seq)
        assert result.runs == r
        assert result.p_more == pytest.approx(float(np.mean(runs >= r)), abs=1e-12)
        assert result.p_fewer == pytest.approx(float(np.mean(runs <= r)), abs=1e-12)


@pytest.mark.parametrize(("n1", "n2"), [(5, 5), (8, 3), (10, 12)])
def test_exact_runs_mean_and_variance_match_the_formulas(n1: int, n2: int) -> None:
    seq = np.r_[np.ones(n1), -np.ones(n2)]
    result = spells.runs_tails(seq)
    values = np.array(list(result.distribution), dtype=float)
    probs = np.array(list(result.distribution.values()))
    assert float(values @ probs) == pytest.approx(result.expected, rel=1e-12)
    variance = float(((values - result.expected) ** 2) @ probs)
    assert variance == pytest.approx(result.sd**2, rel=1e-12)
