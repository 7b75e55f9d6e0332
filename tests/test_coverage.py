"""Coverage: Chapman's estimator and the log-linear models against exact and independent
references, and the committed lists."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, stats

from seesaw import paths
from seesaw.analysis import coverage
from seesaw.analysis.reliability import ReliabilityError
from seesaw.data.load import load_events

FOLDER = paths.DATA / coverage.FOLDER


def _hist(counts: dict[tuple[int, int, int], int]) -> pd.DataFrame:
    rows = [cell for cell, n in counts.items() for _ in range(n)]
    return pd.DataFrame(rows, columns=list(coverage.LISTS))


TOY = {
    (0, 0, 1): 14,
    (0, 1, 0): 11,
    (0, 1, 1): 9,
    (1, 0, 0): 17,
    (1, 0, 1): 6,
    (1, 1, 0): 5,
    (1, 1, 1): 8,
}


@pytest.mark.parametrize(("big_n", "n1", "n2"), [(50, 30, 25), (40, 20, 20)])
def test_chapman_is_exactly_unbiased_when_the_lists_cover_the_population(
    big_n: int, n1: int, n2: int
) -> None:
    # With n1 + n2 >= N, Chapman's estimator is exactly unbiased over the
    # hypergeometric law of the overlap m (Chapman 1951).
    law = stats.hypergeom(big_n, n1, n2)
    ms = np.arange(max(0, n1 + n2 - big_n), min(n1, n2) + 1)
    mean = sum(law.pmf(m) * coverage.chapman(n1, n2, int(m)).value for m in ms)
    assert mean == pytest.approx(big_n)


def test_chapman_formula_and_interval_cover_by_simulation() -> None:
    assert coverage.chapman(43, 81, 35).value == pytest.approx(44 * 82 / 36 - 1)
    rng = np.random.default_rng(20261206)
    big_n, hits, runs = 200, 0, 1500
    for _ in range(runs):
        one = rng.random(big_n) < 0.4
        two = rng.random(big_n) < 0.5
        est = coverage.chapman(int(one.sum()), int(two.sum()), int((one & two).sum()))
        hits += est.low <= big_n <= est.high
    assert 0.92 <= hits / runs <= 0.98


def test_pairwise_counts_each_pair_of_lists() -> None:
    pairs = coverage.pairwise(_hist(TOY))
    d_o = pairs["dataset-outlet"]
    assert (d_o["n1"], d_o["n2"], d_o["matched"]) == (36, 33, 13)
    assert d_o["estimated_total"] == pytest.approx(37 * 34 / 14 - 1)


def test_all_pairwise_interactions_equal_the_closed_form() -> None:
    n = TOY
    fit = coverage.fit_loglinear(_hist(TOY), coverage.INTERACTIONS)
    unseen = (n[1, 1, 1] * n[1, 0, 0] * n[0, 1, 0] * n[0, 0, 1]) / (
        n[1, 1, 0] * n[1, 0, 1] * n[0, 1, 1]
    )
    assert fit.unseen == pytest.approx(unseen)
    se = np.sqrt(sum(1 / v for v in n.values()))
    seen = sum(n.values())
    assert fit.total.low == pytest.approx(seen + unseen * np.exp(-1.959964 * se))
    assert fit.total.high == pytest.approx(seen + unseen * np.exp(1.959964 * se))
    assert fit.df_resid == 0 and fit.identifiable


def test_dataset_independent_of_the_passes_is_two_list_petersen() -> None:
    # [D][O:A]: the dataset against the union of the passes, Lincoln-Petersen.
    fit = coverage.fit_loglinear(_hist(TOY), (("outlet", "actor"),))
    only_d = TOY[1, 0, 0]
    passes_not_d = TOY[0, 1, 0] + TOY[0, 0, 1] + TOY[0, 1, 1]
    both = TOY[1, 1, 0] + TOY[1, 0, 1] + TOY[1, 1, 1]
    assert fit.unseen == pytest.approx(only_d * passes_not_d / both)


def test_independence_model_equals_a_direct_likelihood_maximum() -> None:
    cells = coverage.cell_counts(_hist(TOY))
    x = cells[list(coverage.LISTS)].to_numpy(float)
    y = cells["n"].to_numpy(float)

    def negloglik(beta: np.ndarray) -> float:
        eta = beta[0] + x @ beta[1:]
        return float(np.exp(eta).sum() - (y * eta).sum())

    best = optimize.minimize(negloglik, np.zeros(4), method="BFGS", tol=1e-10)
    fit = coverage.fit_loglinear(_hist(TOY), ())
    assert fit.unseen == pytest.approx(np.exp(best.x[0]), rel=1e-4)


def test_the_reported_model_is_the_richest_identifiable() -> None:
    fits = coverage.loglinear(_hist(TOY))
    assert len(fits) == 8
    assert coverage.chosen(fits).terms == coverage.INTERACTIONS
    sparse = {**TOY, (1, 0, 1): 0}
    fits = coverage.loglinear(_hist(sparse))
    pick = coverage.chosen(fits)
    assert pick.identifiable and len(pick.terms) < 3


def test_histories_join_matches_across_lists_and_refuse_double_catches() -> None:
    scope = pd.DataFrame(
        {
            "list": ["dataset", "dataset", "outlet", "outlet", "actor", "actor"],
            "row": ["E1", "E2", "o1", "o2", "a1", "a2"],
            "in_scope": ["yes", "no", "yes", "yes", "yes", "yes"],
            "reason": "",
        }
    )
    matches = pd.DataFrame(
        {
            "list1": ["dataset", "outlet"],
            "row1": ["E1", "o1"],
            "list2": ["outlet", "actor"],
            "row2": ["o1", "a1"],
            "reason": "",
        }
    )
    hist = coverage.histories(scope, matches)
    got = sorted(map(tuple, hist.to_numpy().tolist()))
    assert got == [(0, 0, 1), (0, 1, 0), (1, 1, 1)]
    twice = pd.concat(
        [
            matches,
            pd.DataFrame(
                [{"list1": "outlet", "row1": "o2", "list2": "actor", "row2": "a1"}]
            ),
        ]
    )
    with pytest.raises(ReliabilityError, match="caught twice"):
        coverage.histories(scope, twice)
    out = pd.DataFrame(
        [{"list1": "dataset", "row1": "E2", "list2": "actor", "row2": "a2"}]
    )
    with pytest.raises(ReliabilityError, match=r"matches\.csv:2: a row not in scope"):
        coverage.histories(scope, out)


def test_the_dataset_list_is_every_us_act_of_the_three_months() -> None:
    """The dataset's list is the dataset as the passes were made: every US act of the
    three months except the acts later added from the passes (additions.csv)."""
    events = load_events(paths.DATA / "events.csv")
    additions = pd.read_csv(FOLDER / "additions.csv", dtype=str, keep_default_na=False)
    added = set(additions.loc[additions["status"] == "added", "added_id"])
    assert added and added <= set(events["id"])
    events = events[~events["id"].isin(added)]
    months = events["date"].dt.strftime("%Y-%m").isin(["2025-04", "2025-07", "2025-11"])
    frame = events[
        months
        & (events["actor"] == "us")
        & (events["track"].astype(str) == "ukraine")
        & (events["kind"] != "context")
    ]
    listed = pd.read_csv(FOLDER / "dataset_list.csv")
    assert set(listed["id"]) == set(frame["id"])
    scope = pd.read_csv(FOLDER / "scope.csv", dtype=str, keep_default_na=False)
    for name, path in (
        ("dataset", "dataset_list.csv"),
        ("outlet", "pass_outlet.csv"),
        ("actor", "pass_actor.csv"),
    ):
        key = "id" if name == "dataset" else "row"
        rows = set(pd.read_csv(FOLDER / path, dtype=str)[key])
        assert rows == set(scope.loc[scope["list"] == name, "row"]), name


def test_the_committed_estimate() -> None:
    cov = coverage.coverage(paths.DATA)
    hist = cov.hist
    assert cov.dataset == int(hist["dataset"].sum())
    shape = cov.as_dict()
    assert set(shape) == {"estimated_total", "interval", "completeness"}
    lo, hi = shape["interval"]
    assert lo <= shape["estimated_total"] <= hi
    assert lo >= len(hist)  # the acts found are a floor
    assert shape["completeness"] == pytest.approx(
        cov.dataset / cov.model.total.value, abs=1e-4
    )
    c = cov.completeness()
    assert c.low <= c.value <= c.high <= cov.dataset / len(cov.hist)


def test_every_unmatched_pass_row_is_accounted_for_in_additions() -> None:
    """Each in-scope pass row no dataset row matched is added, or shown to be present."""
    scope = pd.read_csv(FOLDER / "scope.csv", dtype=str, keep_default_na=False)
    additions = pd.read_csv(FOLDER / "additions.csv", dtype=str, keep_default_na=False)
    events = load_events(paths.DATA / "events.csv").set_index("id")
    unmatched = set()
    for name in ("outlet", "actor"):
        rows = pd.read_csv(
            FOLDER / f"pass_{name}.csv", dtype=str, keep_default_na=False
        )
        ins = set(
            scope.loc[(scope["list"] == name) & (scope["in_scope"] == "yes"), "row"]
        )
        unmatched |= {
            (name, r) for r in rows.loc[rows["matched_id"] == "", "row"] if r in ins
        }
    assert set(zip(additions["list"], additions["row"], strict=True)) == unmatched
    assert set(additions["status"]) <= {"added", "already_present"}
    for row in additions.itertuples(index=False):
        assert row.added_id in events.index, row
        if row.status == "added":
            assert "Added from coverage pass" in events.at[row.added_id, "notes"], row
