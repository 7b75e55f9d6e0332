"""Weighted agreement: every statistic against an independent reference (statsmodels,
the `krippendorff` package, brute force)."""

from __future__ import annotations

import krippendorff
import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.inter_rater import cohens_kappa

from seesaw.analysis import agreement


def _codes(seed: int, n: int, cats: str = "abcd", agree: float = 0.7):
    rng = np.random.default_rng(seed)
    x = rng.choice(list(cats), n)
    y = np.where(rng.random(n) < agree, x, rng.choice(list(cats), n))
    return x, y


def _kripp(x: np.ndarray, y: np.ndarray) -> float:
    """The `krippendorff` package's nominal alpha of two codings."""
    cats = sorted(set(x) | set(y))
    code = {c: i for i, c in enumerate(cats)}
    data = np.array([[code[v] for v in x], [code[v] for v in y]], dtype=float)
    return float(
        krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    )


@pytest.mark.parametrize("seed", range(6))
def test_kappa_equals_statsmodels_and_the_hand_formula(seed: int) -> None:
    x, y = _codes(seed, 40)
    ones = np.ones(len(x))
    po = (x == y).mean()
    pe = sum((x == c).mean() * (y == c).mean() for c in set(x) | set(y))
    table = pd.crosstab(x, y).reindex(
        index=sorted(set(x) | set(y)), columns=sorted(set(x) | set(y)), fill_value=0
    )
    reference = cohens_kappa(table.to_numpy()).kappa
    assert agreement.cohen_kappa(x, y, ones) == pytest.approx(reference)
    assert agreement.cohen_kappa(x, y, ones) == pytest.approx((po - pe) / (1 - pe))
    assert agreement.kappa_many(x, y, ones[None, :])[0] == pytest.approx(reference)


@pytest.mark.parametrize("seed", range(6))
def test_alpha_equals_the_krippendorff_package(seed: int) -> None:
    x, y = _codes(seed, 35)
    ones = np.ones((1, len(x)))
    assert agreement.alpha_many(x, y, ones)[0] == pytest.approx(_kripp(x, y))


@pytest.mark.parametrize("seed", range(4))
def test_integer_weights_equal_repeated_units(seed: int) -> None:
    x, y = _codes(seed, 30)
    w = np.random.default_rng(seed + 50).integers(1, 5, len(x)).astype(float)
    xr, yr = np.repeat(x, w.astype(int)), np.repeat(y, w.astype(int))
    table = pd.crosstab(xr, yr).reindex(
        index=sorted(set(x) | set(y)), columns=sorted(set(x) | set(y)), fill_value=0
    )
    assert agreement.cohen_kappa(x, y, w) == pytest.approx(
        cohens_kappa(table.to_numpy()).kappa
    )
    assert agreement.kappa_many(x, y, w[None, :])[0] == pytest.approx(
        agreement.cohen_kappa(x, y, w)
    )
    assert agreement.alpha_many(x, y, w[None, :])[0] == pytest.approx(_kripp(xr, yr))


def test_undefined_agreement_is_nan_not_a_number() -> None:
    same = np.array(["none"] * 8)
    assert np.isnan(agreement.cohen_kappa(same, same, np.ones(8)))
    assert np.isnan(agreement.alpha_many(same, same, np.ones((1, 8)))[0])


def _toy_pairs(seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for stratum, n in (("s1", 12), ("s2", 20), ("s3", 8)):
        x, y = _codes(int(rng.integers(1000)), n, "abc", 0.75)
        for i in range(n):
            rows.append(
                {
                    "id": f"{stratum}-{i}",
                    "stratum": stratum,
                    "share": 1.0,
                    "f_1": x[i],
                    "f_2": y[i],
                }
            )
    return pd.DataFrame(rows)


def test_weights_post_stratify_to_the_frames() -> None:
    pairs = _toy_pairs()
    frames = {"s1": 60.0, "s2": 20.0, "s3": 40.0}
    w = agreement.unit_weights(pairs, frames)
    assert w.sum() == pytest.approx(pairs["id"].nunique())
    per_stratum = pd.Series(w).groupby(pairs["stratum"].to_numpy()).sum()
    shares = per_stratum / per_stratum.sum()
    assert shares.to_dict() == pytest.approx({"s1": 0.5, "s2": 1 / 6, "s3": 1 / 3})
    # a row coded twice weighs as much as a row coded once, split between its pairs
    double = pd.concat([pairs, pairs.iloc[:1]], ignore_index=True)
    double["share"] = 1.0 / double.groupby("id")["id"].transform("size")
    wd = agreement.unit_weights(double, frames)
    assert wd[0] + wd[-1] == pytest.approx(wd[1])


def test_weighted_kappa_equals_the_file_rebuilt_by_repeating_rows() -> None:
    pairs = _toy_pairs(3)
    # frames a whole multiple of the rows drawn: s1 x3, s2 x1, s3 x2
    frames = {"s1": 36.0, "s2": 20.0, "s3": 16.0}
    times = pairs["stratum"].map({"s1": 3, "s2": 1, "s3": 2}).to_numpy()
    x = np.repeat(pairs["f_1"].to_numpy(str), times)
    y = np.repeat(pairs["f_2"].to_numpy(str), times)
    est = agreement.estimate(pairs, "f", frames, n_boot=50)
    cats = sorted(set(x) | set(y))
    table = pd.crosstab(x, y).reindex(index=cats, columns=cats, fill_value=0)
    assert est["kappa"].value == pytest.approx(cohens_kappa(table.to_numpy()).kappa)
    # alpha's small-sample factor uses the rows compared (40), not the frames (72)
    w = agreement.unit_weights(pairs, frames)
    assert est["alpha"].value == pytest.approx(
        agreement.alpha_many(
            pairs["f_1"].to_numpy(str), pairs["f_2"].to_numpy(str), w[None, :]
        )[0]
    )
    assert abs(est["alpha"].value - _kripp(x, y)) < 0.02


def test_the_bootstrap_resamples_within_strata_and_matches_a_loop() -> None:
    pairs = _toy_pairs(5)
    frames = {"s1": 12.0, "s2": 20.0, "s3": 8.0}  # weights all 1
    counts, row = agreement._stratified_draws(pairs, 30, seed=9)
    members = pairs.drop_duplicates("id")["stratum"].to_numpy()
    for s, n in (("s1", 12), ("s2", 20), ("s3", 8)):
        assert (counts[:, members == s].sum(axis=1) == n).all()
    again, _ = agreement._stratified_draws(pairs, 30, seed=9)
    assert (counts == again).all()
    x, y = pairs["f_1"].to_numpy(str), pairs["f_2"].to_numpy(str)
    w = agreement.unit_weights(pairs, frames)
    fast_k = agreement.kappa_many(x, y, counts[:, row] * w)
    fast_a = agreement.alpha_many(x, y, counts[:, row] * w)
    for b in range(30):
        take = np.repeat(np.arange(len(x)), counts[b, row].astype(int))
        cats = sorted(set(x) | set(y))
        table = pd.crosstab(x[take], y[take]).reindex(
            index=cats, columns=cats, fill_value=0
        )
        assert fast_k[b] == pytest.approx(cohens_kappa(table.to_numpy()).kappa)
        assert fast_a[b] == pytest.approx(_kripp(x[take], y[take]))


def test_intervals_bracket_the_estimates_and_are_seeded() -> None:
    pairs = _toy_pairs(7)
    frames = {"s1": 30.0, "s2": 20.0, "s3": 50.0}
    one = agreement.estimate(pairs, "f", frames, n_boot=300, seed=1)
    two = agreement.estimate(pairs, "f", frames, n_boot=300, seed=1)
    for stat in ("kappa", "alpha"):
        assert one[stat].low <= one[stat].value <= one[stat].high
        assert one[stat] == two[stat]
