"""The spells test: exact enumeration against brute force, runs tails against references."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from seesaw.analysis import metrics, spells
from seesaw.data import vocab
from tests.factories import us_acts


def _brute_corr(a: np.ndarray, b: np.ndarray, w: int, s: int) -> float:
    n = len(a)
    sa = np.array([sum(a[(t - j) % n] for j in range(w)) for t in range(n)], float)
    sb = np.array([sum(b[(t - j) % n] for j in range(w)) for t in range(n)], float)
    return float(np.corrcoef(sa, np.roll(sb, s))[0, 1])


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("w", [1, 3, 7])
def test_shift_correlations_match_brute_force(seed: int, w: int) -> None:
    rng = np.random.default_rng(seed)
    a, b = rng.poisson(0.4, 40), rng.poisson(0.6, 40)
    r = spells.shift_correlations(a, b, w)
    for s in range(40):
        assert r[s] == pytest.approx(_brute_corr(a, b, w, s), abs=1e-10)


def test_circular_box_by_hand() -> None:
    x = np.array([1, 0, 0, 2, 0])
    assert spells.circular_box(x, 2).tolist() == [1, 1, 0, 2, 2]
    assert spells.circular_box(x, 1).tolist() == x.tolist()
    assert spells.circular_box(x, 5).tolist() == [3] * 5
    with pytest.raises(
        metrics.MetricError,
        match=r"fewer than the \d+-day smoothing \(smoothing_days\)",
    ):
        spells.circular_box(x, 6)


def test_p_value_is_exact_enumeration() -> None:
    rng = np.random.default_rng(5)
    a, b = rng.poisson(0.5, 60), rng.poisson(0.5, 60)
    res = spells.spells_test_arrays(a, b, smooth_days=5, min_shift=10)
    null = [_brute_corr(a, b, 5, s) for s in range(10, 51)]
    obs = _brute_corr(a, b, 5, 0)
    assert res.shifts == 41 == len(null)
    assert res.statistic == pytest.approx(obs)
    low = sum(v <= obs + 1e-12 for v in null)
    high = sum(v >= obs - 1e-12 for v in null)
    assert res.p_value == pytest.approx((1 + low) / 42)
    assert res.p_other == pytest.approx((1 + high) / 42)
    assert res.smallest_p == pytest.approx(1 / 42)


def test_turns_are_found_and_copies_are_not() -> None:
    # Moscow busy in weeks 1, 3, 5...; Kyiv in weeks 2, 4, 6... with uneven lengths.
    lengths = [20, 15, 30, 18, 25, 40, 22, 17, 33, 21, 24, 10]
    side = np.concatenate([np.full(n, i % 2) for i, n in enumerate(lengths)])
    a = (side == 0).astype(int)
    b = (side == 1).astype(int)
    turns = spells.spells_test_arrays(a, b, 14, 28)
    assert turns.statistic < 0 and turns.p_value == turns.smallest_p
    together = spells.spells_test_arrays(a, a, 14, 28)
    assert together.statistic == pytest.approx(1.0) and together.p_value == 1.0


def test_deterministic_and_shift_invariant_counts() -> None:
    rng = np.random.default_rng(3)
    a, b = rng.poisson(0.3, 100), rng.poisson(0.3, 100)
    one = spells.spells_test_arrays(a, b)
    two = spells.spells_test_arrays(a, b)
    assert one == two
    # Rolling both lanes together changes nothing: the test is about their alignment.
    assert spells.spells_test_arrays(np.roll(a, 17), np.roll(b, 17)).p_value == (
        pytest.approx(one.p_value)
    )


def test_lanes_from_events() -> None:
    acts = us_acts(
        [
            ("2025-03-01", "moscow", "raise", "threat"),
            ("2025-03-01", "moscow", "raise", "verbal"),
            ("2025-03-03", "kyiv", "raise", "material"),
            ("2025-03-04", "kyiv", "relieve", "verbal"),
            ("2025-03-05", "moscow", "relieve", "verbal"),
        ]
    )
    raise_ = spells.lanes(acts, "2025-03-01", "2025-03-06")
    assert raise_["moscow"].tolist() == [2, 0, 0, 0, 0, 0]
    assert raise_["kyiv"].tolist() == [0, 0, 1, 0, 0, 0]
    lean = spells.lanes(acts, "2025-03-01", "2025-03-06", kind="lean")
    assert lean["moscow"].tolist() == [2, 0, 0, 1, 0, 0]
    assert lean["kyiv"].tolist() == [0, 0, 1, 0, 1, 0]
    with pytest.raises(
        metrics.MetricError, match="kind: unknown value 'both'; allowed: raise, lean"
    ):
        spells.lanes(acts, kind="both")


def test_empty_lane_and_short_window_are_errors() -> None:
    with pytest.raises(metrics.MetricError, match="no variation"):
        spells.spells_test_arrays(np.zeros(80), np.ones(80) * (np.arange(80) % 3 == 0))
    with pytest.raises(metrics.MetricError, match="no shift"):
        spells.spells_test_arrays(np.arange(50) % 2, np.arange(50) % 3 == 0, 7, 28)


# --- Runs tails ---------------------------------------------------------------------


@pytest.mark.parametrize(("n1", "n2"), [(3, 4), (10, 12), (25, 20), (1, 9)])
def test_runs_moments_match_the_exact_distribution(n1: int, n2: int) -> None:
    t = spells.runs_tails(np.r_[np.ones(n1), -np.ones(n2)])
    dist = t.distribution
    mean = sum(k * p for k, p in dist.items())
    var = sum(k * k * p for k, p in dist.items()) - mean**2
    assert t.expected == pytest.approx(mean) and t.sd**2 == pytest.approx(var)
    assert sum(dist.values()) == pytest.approx(1.0)
    total = math.comb(n1 + n2, n1)
    assert dist == {k: w / total for k, w in metrics.runs_counts(n1, n2).items()}


def test_runs_tails_exact_by_brute_force() -> None:
    import itertools

    seq = np.array([1, 1, -1, 1, -1, -1, 1])
    tails = spells.runs_tails(seq)
    counts = []
    for pos in itertools.combinations(range(7), 4):
        x = np.full(7, -1)
        x[list(pos)] = 1
        counts.append(metrics.count_runs(x))
    counts_a = np.array(counts)
    assert tails.p_more == pytest.approx(np.mean(counts_a >= tails.runs))
    assert tails.p_fewer == pytest.approx(np.mean(counts_a <= tails.runs))
    assert tails.method == "exact"


@pytest.mark.parametrize("n", [80, 400, 2000])
def test_runs_tails_exact_at_every_length_near_the_normal_approximation(
    n: int,
) -> None:
    """Past the old 60-item cut-off the test stays exact; a long sequence's exact tails
    sit within 0.02 of the continuity-corrected normal tails of the Wald-Wolfowitz
    moments, and each tail adds up its own side of the distribution."""
    seq = np.random.default_rng(n).choice([-1, 1], n)
    t = spells.runs_tails(seq)
    assert t.method == "exact" and t.n == n
    z_more = (t.runs - 0.5 - t.expected) / t.sd
    z_fewer = (t.runs + 0.5 - t.expected) / t.sd
    assert t.p_more == pytest.approx(sps.norm.sf(z_more), abs=0.02)
    assert t.p_fewer == pytest.approx(sps.norm.cdf(z_fewer), abs=0.02)
    at_least = sum(p for k, p in t.distribution.items() if k >= t.runs)
    assert t.p_more == pytest.approx(at_least, rel=1e-9)
    assert t.p_more + t.p_fewer == pytest.approx(1 + t.distribution[t.runs], rel=1e-9)


def _runs_counts_by_recursion(n1: int, n2: int) -> dict[int, int]:
    """Orders of n1 plus-items and n2 minus-items by number of runs, built item by item
    (an independent count: no closed form)."""
    size = n1 + n2 + 2
    zero = np.zeros(size, dtype=object)
    plus = [[zero for _ in range(n2 + 1)] for _ in range(n1 + 1)]
    minus = [[zero for _ in range(n2 + 1)] for _ in range(n1 + 1)]
    for i in range(n1 + 1):
        for j in range(n2 + 1):
            if (i, j) in ((1, 0), (0, 1)):
                first = zero.copy()
                first[1] = 1
                (plus if i else minus)[i][j] = first
            if i >= 1 and (i, j) != (1, 0):
                plus[i][j] = plus[i - 1][j] + np.roll(minus[i - 1][j], 1)
            if j >= 1 and (i, j) != (0, 1):
                minus[i][j] = minus[i][j - 1] + np.roll(plus[i][j - 1], 1)
    total = plus[n1][n2] + minus[n1][n2]
    return {r: int(c) for r, c in enumerate(total) if c}


@pytest.mark.parametrize(("n1", "n2"), [(3, 4), (1, 9), (40, 52), (60, 70)])
def test_runs_counts_match_an_independent_count(n1: int, n2: int) -> None:
    counts = metrics.runs_counts(n1, n2)
    assert counts == _runs_counts_by_recursion(n1, n2)
    assert sum(counts.values()) == math.comb(n1 + n2, n1)


def test_runs_tails_json_leaves_out_the_distribution() -> None:
    """The chart's exact distribution stays out of `seesaw stats --json`."""
    out = spells.runs_tails(np.array([1, 1, -1, 1, -1, -1, 1])).as_dict()
    assert "distribution" not in out
    assert {"n", "runs", "p_more", "p_fewer", "method", "tail"} <= out.keys()


def test_runs_tails_name_the_tail() -> None:
    assert "streaks" in spells.runs_tails(np.array([1] * 10 + [-1] * 10)).tail
    alternating = spells.runs_tails(np.array([1, -1] * 10))
    assert "act by act" in alternating.tail
    assert alternating.p_more == pytest.approx(2 / math.comb(20, 10))


def test_daily_signs() -> None:
    assert spells.daily_signs(
        np.array([2, 0, 1, 0]), np.array([0, 1, 1, 0])
    ).tolist() == [
        1,
        -1,
    ]
    assert isinstance(
        spells.lanes(us_acts([("2025-03-01", "kyiv", "raise", "verbal")])), pd.DataFrame
    )


def test_drop_slow_removes_exactly_the_slowest_cycles() -> None:
    rng = np.random.default_rng(8)
    x = rng.poisson(1.0, 90).astype(float)
    t = np.arange(90)
    kept = spells.drop_slow(x, 2)
    basis = np.column_stack(
        [np.ones(90)]
        + [f(2 * np.pi * k * t / 90) for k in (1, 2) for f in (np.cos, np.sin)]
    )
    # What was removed lies in the span of the mean and the two slowest cycles...
    removed = x - kept
    coef, *_ = np.linalg.lstsq(basis, removed, rcond=None)
    assert np.allclose(basis @ coef, removed)
    # ...and what is kept has no part in it.
    assert np.allclose(basis.T @ kept, 0, atol=1e-9)
    assert np.allclose(spells.drop_slow(x, 0), x - x.mean())


def test_slow_cycles_follow_the_window() -> None:
    assert spells.slow_cycles(276, 120) == 2
    assert spells.slow_cycles(148, 120) == 1
    assert spells.slow_cycles(120, 120) == 0
    assert spells.slow_cycles(276, None) == 0


def test_shift_correlations_with_slow_cycles_dropped_match_brute_force() -> None:
    rng = np.random.default_rng(4)
    a, b = rng.poisson(0.4, 50), rng.poisson(0.6, 50)
    r = spells.shift_correlations(a, b, 5, 2)
    sa = spells.drop_slow(spells.circular_box(a, 5), 2)
    sb = spells.drop_slow(spells.circular_box(b, 5), 2)
    for s in range(50):
        assert r[s] == pytest.approx(np.corrcoef(sa, np.roll(sb, s))[0, 1], abs=1e-10)


def test_sensitivity_table_primary_row_is_the_test() -> None:
    from seesaw import paths
    from seesaw.data.load import load_dataset

    events = load_dataset(paths.DATA).events
    table = spells.sensitivity_table(events, "2025-01-20", "2025-10-22")
    primary = spells.spells_test(events, "2025-01-20", "2025-10-22")
    assert len(table) == 6  # the family of 5 and the first design beside it
    assert table["p_holm"].notna().sum() == 5
    assert table["p_value"].iloc[0] == primary.p_value
    kept = spells.spells_test(events, "2025-01-20", "2025-10-22", max_period=None)
    assert table["p_value"].iloc[-1] == kept.p_value


def _lanes_reference(events, start, end, kind):
    """`lanes` as it was written first: strings compared row by row."""
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    days = pd.date_range(first.normalize(), last.normalize(), freq="D")
    actor = events["actor"].astype(str)
    target = events["pressure_on"].astype(str)
    effect = events["effect"].astype(str)
    us = actor.eq("us") & events["date"].between(days[0], days[-1])
    raise_m = us & target.eq("moscow") & effect.eq("raise")
    raise_k = us & target.eq("kyiv") & effect.eq("raise")
    if kind == "raise":
        on_m, on_k = raise_m, raise_k
    else:
        on_m = raise_m | (us & target.eq("kyiv") & effect.eq("relieve"))
        on_k = raise_k | (us & target.eq("moscow") & effect.eq("relieve"))

    def count(mask):
        day = (events.loc[mask, "date"].dt.normalize() - days[0]).dt.days.to_numpy()
        return np.bincount(day, minlength=len(days))

    return pd.DataFrame(
        {"moscow": count(on_m), "kyiv": count(on_k)}, index=pd.Index(days, name="date")
    )


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("kind", ["raise", "lean"])
def test_lanes_equal_the_row_by_row_reference(tmp_path, seed: int, kind: str) -> None:
    from bench.synthetic import write_synthetic

    from seesaw.data.load import load_dataset

    typed = load_dataset(write_synthetic(tmp_path, 600, seed=seed)).events
    text = typed.astype({c: object for c in ("actor", "pressure_on", "effect")})
    rng = np.random.default_rng(seed)
    for events in (typed, text):  # categorical columns, and plain ones
        # Acts at times of day, and the rows in no order: the counts must not care.
        events = events.assign(
            date=events["date"]
            + pd.to_timedelta(rng.integers(0, 24, size=len(events)), unit="h")
        ).sample(frac=1.0, random_state=seed)
        first, last = events["date"].min(), events["date"].max()
        for start, end in ((first, last), (first + pd.Timedelta(days=30), last)):
            got = spells.lanes(events, start, end, kind)
            expected = _lanes_reference(events, start, end, kind)
            pd.testing.assert_frame_equal(got, expected)
            assert got.to_numpy().sum() > 0


def test_holm_is_statsmodels_to_the_bit() -> None:
    """Written out to spare the kernels statsmodels' import; it must not drift from it."""
    from statsmodels.stats.multitest import multipletests

    rng = np.random.default_rng(7)
    for i in range(24):  # statsmodels takes about 50 ms a call
        p = rng.random(int(rng.integers(1, 12))) ** int(rng.integers(1, 4))
        if i % 3 == 0:
            p = np.round(p, 2)  # ties
        assert np.array_equal(spells.holm(p), multipletests(p, method="holm")[1])


def test_which_side_came_first_is_the_side_of_the_earlier_median_act() -> None:
    days = pd.date_range("2025-01-01", periods=10, name="date")
    lane = pd.DataFrame(
        {
            "moscow": [0, 0, 0, 0, 0, 0, 1, 3, 0, 1],
            "kyiv": [2, 0, 1, 0, 0, 0, 0, 0, 5, 0],
        },
        index=days,
    )
    # Moscow's five acts: median on day 7; Kyiv's eight: 2 on day 0, 1 on day 2, 5 on
    # day 8, so its median falls on day 8 (the fourth and fifth acts), after Moscow's.
    early, late = spells.median_days(lane, ("moscow", "kyiv"))
    assert (early, late) == (days[7], days[8])
    assert spells.first_side(lane, ("moscow", "kyiv")) == "moscow"
    assert spells.first_side(lane, ("kyiv", "moscow")) == "moscow"
    tie = lane.assign(kyiv=lane["moscow"])
    assert spells.first_side(tie, ("moscow", "kyiv")) is None
    none = lane.assign(kyiv=0)
    assert pd.isna(spells.median_days(none, ("moscow", "kyiv"))[1])
    assert spells.first_side(none, ("moscow", "kyiv")) is None


@pytest.mark.parametrize("max_period", [spells.MAX_PERIOD, None])
def test_the_batched_tails_are_the_single_tests_to_the_bit(max_period) -> None:  # type: ignore[no-untyped-def]
    """The power simulations test their worlds in batches (`spells_tails`); every row
    must give what `spells_test_arrays` gives that pair alone, NaN where it refuses."""
    rng = np.random.default_rng(17)
    for days, smooth in ((40, 1), (150, 14), (276, 28)):
        moscow = rng.poisson(rng.uniform(0.05, 0.6, (30, 1)), (30, days)).astype(float)
        kyiv = rng.poisson(rng.uniform(0.05, 0.6, (30, 1)), (30, days)).astype(float)
        kyiv[::7] = 0  # no variation: refused alone, NaN in the batch
        p_value, p_other = spells.spells_tails(moscow, kyiv, smooth, max_period)
        for i in range(30):
            try:
                one = spells.spells_test_arrays(
                    moscow[i], kyiv[i], smooth, max_period=max_period
                )
            except metrics.MetricError:
                assert np.isnan(p_value[i]) and np.isnan(p_other[i])
                continue
            assert (p_value[i], p_other[i]) == (one.p_value, one.p_other)
        assert np.isnan(p_value).sum() == 5


def test_runs_tails_say_than_chance_only_below_alpha() -> None:
    """The tail's words say "than chance" only when that tail's p is under ALPHA."""
    below = vocab.ALPHA - 0.001
    fewer = spells.RunsTails(20, 9, 11.0, 2.0, 0.9, below, "exact", {})
    assert fewer.tail == "fewer switches than chance (streaks)"
    fewer = spells.RunsTails(20, 9, 11.0, 2.0, 0.9, vocab.ALPHA, "exact", {})
    assert fewer.tail == "fewer switches than expected, within chance"
    more = spells.RunsTails(20, 13, 11.0, 2.0, below, 0.9, "exact", {})
    assert more.tail == "more switches than chance (act by act)"
    more = spells.RunsTails(20, 13, 11.0, 2.0, 0.4, 0.9, "exact", {})
    assert more.tail == "more switches than expected, within chance"


def test_the_family_varies_the_run_s_own_smoothing() -> None:
    """With `-p smoothing_days 28` the primary row is the 28-day test the verdict
    reports, and the variants are half and double it (the table once kept the plan's
    14 days as the primary and labelled the run's own test a variant)."""
    from seesaw import paths
    from seesaw.data.load import load_dataset

    events = load_dataset(paths.DATA).events
    window = ("2025-01-20", "2025-10-22")
    table = spells.sensitivity_table(events, *window, smooth_days=28)
    assert table["variant"].iloc[:3].tolist() == [
        "primary: raise lanes, 28-day smoothing, every shift",
        "14-day smoothing",
        "56-day smoothing",
    ]
    primary = spells.spells_test(events, *window, smooth_days=28)
    assert table["p_value"].iloc[0] == primary.p_value
    lean = spells.spells_test(events, *window, smooth_days=28, kind="lean")
    assert table.set_index("variant").loc[
        "lanes count relief too (lean)", "p_value"
    ] == (lean.p_value)


def test_a_one_day_primary_has_no_duplicate_variant() -> None:
    """Half of 1 day is 1 day: the family once listed the primary twice (and Holm
    counted it twice)."""
    from seesaw import paths
    from seesaw.data.load import load_dataset

    events = load_dataset(paths.DATA).events
    table = spells.sensitivity_table(events, "2025-01-20", "2025-10-22", smooth_days=1)
    assert table["variant"].iloc[:2].tolist() == [
        "primary: raise lanes, 1-day smoothing, every shift",
        "2-day smoothing",
    ]
    assert table["variant"].is_unique
