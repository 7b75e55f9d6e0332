"""Round two of the reliability study: every statistic against an independent reference
(statsmodels, the `krippendorff` package, brute force), and the committed files."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import krippendorff
import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.inter_rater import cohens_kappa

from seesaw import paths
from seesaw.analysis import reliability, round2, sampling
from seesaw.data.load import load_events

FOLDER = paths.DATA / round2.FOLDER


@pytest.fixture(scope="module")
def r2() -> round2.Round2:
    return round2.load_round2(paths.DATA)


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


# --- the statistics against their references ------------------------------------


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
    assert round2.cohen_kappa(x, y, ones) == pytest.approx(reference)
    assert round2.cohen_kappa(x, y, ones) == pytest.approx((po - pe) / (1 - pe))
    assert round2.kappa_many(x, y, ones[None, :])[0] == pytest.approx(reference)


@pytest.mark.parametrize("seed", range(6))
def test_alpha_equals_the_krippendorff_package(seed: int) -> None:
    x, y = _codes(seed, 35)
    ones = np.ones((1, len(x)))
    assert round2.alpha_many(x, y, ones)[0] == pytest.approx(_kripp(x, y))


@pytest.mark.parametrize("seed", range(4))
def test_integer_weights_equal_repeated_units(seed: int) -> None:
    x, y = _codes(seed, 30)
    w = np.random.default_rng(seed + 50).integers(1, 5, len(x)).astype(float)
    xr, yr = np.repeat(x, w.astype(int)), np.repeat(y, w.astype(int))
    table = pd.crosstab(xr, yr).reindex(
        index=sorted(set(x) | set(y)), columns=sorted(set(x) | set(y)), fill_value=0
    )
    assert round2.cohen_kappa(x, y, w) == pytest.approx(
        cohens_kappa(table.to_numpy()).kappa
    )
    assert round2.kappa_many(x, y, w[None, :])[0] == pytest.approx(
        round2.cohen_kappa(x, y, w)
    )
    assert round2.alpha_many(x, y, w[None, :])[0] == pytest.approx(_kripp(xr, yr))


def test_undefined_agreement_is_nan_not_a_number() -> None:
    same = np.array(["none"] * 8)
    assert np.isnan(round2.cohen_kappa(same, same, np.ones(8)))
    assert np.isnan(round2.alpha_many(same, same, np.ones((1, 8)))[0])
    assert round2.Estimate(float("nan"), float("nan"), float("nan")).as_dict() == {
        "weighted": None,
        "interval": [None, None],
    }


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
    w = round2.unit_weights(pairs, frames)
    assert w.sum() == pytest.approx(pairs["id"].nunique())
    per_stratum = pd.Series(w).groupby(pairs["stratum"].to_numpy()).sum()
    shares = per_stratum / per_stratum.sum()
    assert shares.to_dict() == pytest.approx({"s1": 0.5, "s2": 1 / 6, "s3": 1 / 3})
    # a row coded twice weighs as much as a row coded once, split between its pairs
    double = pd.concat([pairs, pairs.iloc[:1]], ignore_index=True)
    double["share"] = 1.0 / double.groupby("id")["id"].transform("size")
    wd = round2.unit_weights(double, frames)
    assert wd[0] + wd[-1] == pytest.approx(wd[1])


def test_weighted_kappa_equals_the_file_rebuilt_by_repeating_rows() -> None:
    pairs = _toy_pairs(3)
    # frames a whole multiple of the rows drawn: s1 x3, s2 x1, s3 x2
    frames = {"s1": 36.0, "s2": 20.0, "s3": 16.0}
    times = pairs["stratum"].map({"s1": 3, "s2": 1, "s3": 2}).to_numpy()
    x = np.repeat(pairs["f_1"].to_numpy(str), times)
    y = np.repeat(pairs["f_2"].to_numpy(str), times)
    est = round2.estimate(pairs, "f", frames, n_boot=50)
    cats = sorted(set(x) | set(y))
    table = pd.crosstab(x, y).reindex(index=cats, columns=cats, fill_value=0)
    assert est["kappa"].value == pytest.approx(cohens_kappa(table.to_numpy()).kappa)
    # alpha's small-sample factor uses the rows compared (40), not the frames (72)
    w = round2.unit_weights(pairs, frames)
    assert est["alpha"].value == pytest.approx(
        round2.alpha_many(
            pairs["f_1"].to_numpy(str), pairs["f_2"].to_numpy(str), w[None, :]
        )[0]
    )
    assert abs(est["alpha"].value - _kripp(x, y)) < 0.02


def test_the_bootstrap_resamples_within_strata_and_matches_a_loop() -> None:
    pairs = _toy_pairs(5)
    frames = {"s1": 12.0, "s2": 20.0, "s3": 8.0}  # weights all 1
    counts, row = round2._stratified_draws(pairs, 30, seed=9)
    members = pairs.drop_duplicates("id")["stratum"].to_numpy()
    for s, n in (("s1", 12), ("s2", 20), ("s3", 8)):
        assert (counts[:, members == s].sum(axis=1) == n).all()
    again, _ = round2._stratified_draws(pairs, 30, seed=9)
    assert (counts == again).all()
    x, y = pairs["f_1"].to_numpy(str), pairs["f_2"].to_numpy(str)
    w = round2.unit_weights(pairs, frames)
    fast_k = round2.kappa_many(x, y, counts[:, row] * w)
    fast_a = round2.alpha_many(x, y, counts[:, row] * w)
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
    one = round2.estimate(pairs, "f", frames, n_boot=300, seed=1)
    two = round2.estimate(pairs, "f", frames, n_boot=300, seed=1)
    for stat in ("kappa", "alpha"):
        assert one[stat].low <= one[stat].value <= one[stat].high
        assert one[stat] == two[stat]


# --- the committed files ------------------------------------------------------------


def test_the_sample_is_the_seeded_draw_and_the_inputs_hide_the_first_coding() -> None:
    """The sample is the seeded draw from its frames as they stood (frames.csv), whose
    ids are all still in events.csv; rows added later are in no frame."""
    events = load_events(paths.DATA / "events.csv")
    frames = pd.read_csv(FOLDER / sampling.FRAMES)
    assert set(frames["id"]) <= set(events["id"])
    assert frames["stratum"].value_counts().to_dict() == {
        "us_pressure": 153,
        "other": 115,
        "us_none_all": 55,
    }
    sample = sampling.redraw(FOLDER, sampling.ROUND2_SIZES, sampling.ROUND2_SEED)
    strata = pd.read_csv(FOLDER / "strata.csv")
    assert list(sample["id"]) == list(strata["id"])
    assert sample["weight"].to_numpy() == pytest.approx(strata["weight"].to_numpy())
    for name in ("input.csv", "input_a.csv", "input_b.csv"):
        header = (FOLDER / name).read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == sampling.ROUND2_COLUMNS, name


def test_frames_and_strata(r2: round2.Round2) -> None:
    frames = r2.frame_sizes()
    counts = r2.strata["stratum"].value_counts()
    assert set(frames) == set(round2.STRATA)
    for s in round2.STRATA:
        assert frames[s] == pytest.approx(
            r2.strata.loc[r2.strata["stratum"] == s, "weight"].iloc[0] * counts[s]
        )
    assert counts["us_none_all"] >= 40 and counts["us_pressure"] >= 80
    assert len(r2.strata) >= 150


def test_act_mismatch_is_exactly_one_flagged() -> None:
    assert round2.act_mismatch({"a"}, "first", "a")
    assert round2.act_mismatch({"first"}, "first", "a")
    assert not round2.act_mismatch({"first", "a"}, "first", "a")
    assert not round2.act_mismatch(set(), "first", "a")
    assert not round2.act_mismatch({"b"}, "first", "a")


def test_pairs_leave_out_the_codings_of_another_act(r2: round2.Round2) -> None:
    pairs = round2.compared_pairs(r2)
    counts = round2.mismatches(r2)
    for c in round2.CODERS:
        coded = len(r2.coders[c])
        assert (pairs["coder"] == c).sum() == coded - counts[c]
    flags = r2.flagged()
    for row in pairs.itertuples(index=False):
        assert not round2.act_mismatch(flags.get(row.id, set()), "first", row.coder)
    # the first coding's values are the snapshot's
    snap = pd.read_csv(
        FOLDER / round2.FIRST_CODING, dtype=str, keep_default_na=False
    ).set_index("id")
    for row in pairs.itertuples(index=False):
        assert row.pressure_on_1 == snap.at[row.id, "pressure_on"]
        assert row.kind_1 == snap.at[row.id, "kind"]
    shares = pairs.groupby("id")["share"].sum()
    assert shares.to_numpy() == pytest.approx(1.0)
    coders = round2.coder_pairs(r2)
    shared = r2.coders["a"].index.intersection(r2.coders["b"].index)
    assert len(coders) == len(shared) - counts["a-b"]


def test_the_committed_adjudication_is_derived_from_the_raw_file_and_key(
    r2: round2.Round2,
) -> None:
    committed = pd.read_csv(
        FOLDER / "adjudication.csv", dtype=str, keep_default_na=False
    )
    derived = round2.adjudication(r2)
    assert list(committed.columns) == round2.ADJUDICATION_COLUMNS
    pd.testing.assert_frame_equal(committed, derived)
    raw = r2.raw.set_index(["id", "field"])
    for row in derived.itertuples(index=False):
        if row.rule == "R0":
            assert row.final == row.first
        else:
            assert row.rule == raw.at[(row.id, row.field), "rule"]
            assert row.final == raw.at[(row.id, row.field), "final"]
        assert (row.final == round2.CONTESTED) == (row.rule == "R3")


def test_every_disagreement_is_in_the_adjudication(r2: round2.Round2) -> None:
    decided = set(zip(r2.raw["id"], r2.raw["field"], strict=True))
    for name, coding in r2.coders.items():
        for rid in coding.index:
            for field in round2.CODED:
                if coding.at[rid, field] != r2.first.at[rid, field]:
                    assert (rid, field) in decided, (name, rid, field)


def test_outcomes_count_every_disagreement_once(r2: round2.Round2) -> None:
    table = round2.outcomes(r2).set_index("field")
    for field in round2.CODED:
        disagreements = sum(
            int((coding[field] != r2.first.loc[coding.index, field]).sum())
            for coding in r2.coders.values()
        )
        assert table.loc[field, list(round2.OUTCOMES)].sum() == disagreements


def test_outcomes_on_a_toy_adjudication() -> None:
    ids = ["E1", "E2", "E3", "E4"]
    first = pd.DataFrame(
        {
            "pressure_on": ["kyiv", "kyiv", "none", "moscow"],
            "effect": ["raise", "raise", "", "raise"],
            "mode": ["verbal"] * 4,
            "kind": ["statement"] * 4,
        },
        index=ids,
    )
    a = first.copy()
    a["pressure_on"] = ["moscow", "none", "kyiv", "kyiv"]
    a["hard"] = False
    b = first.iloc[:0].assign(hard=False)
    raw = pd.DataFrame(
        {
            "id": ids,
            "field": ["pressure_on"] * 4,
            "final": ["kyiv", "contested", "kyiv", "moscow"],
            "rule": ["R1:x", "R3", "R2", "R1:y"],
            "different_act": ["", "", "", "X"],
            "reason": ["r"] * 4,
            "flagged": [(), (), (), ("a",)],
        }
    )
    toy = round2.Round2(
        strata=pd.DataFrame({"id": ids, "stratum": "s", "weight": 1.0}),
        first=first,
        coders={"a": a, "b": b},
        raw=raw,
        key=pd.DataFrame(),
    )
    counts = round2.outcomes(toy).set_index("field").loc["pressure_on"]
    assert counts.to_dict() == {
        "first": 1,
        "second": 1,
        "other": 0,
        "contested": 1,
        "act_mismatch": 1,
    }
    adj = round2.adjudication(toy)
    assert list(adj["rule"]) == ["R1:x", "R3", "R2", "R0"]
    assert list(adj["second"]) == ["a:moscow", "a:none", "a:kyiv", "a:kyiv"]
    assert adj["final"].iloc[3] == "moscow"


def test_a_raw_file_with_unknown_labels_or_split_flags_is_refused(
    tmp_path: Path,
) -> None:
    folder = tmp_path / round2.FOLDER
    shutil.copytree(FOLDER, folder)
    shutil.copy(paths.DATA / "events.csv", tmp_path / "events.csv")
    raw = pd.read_csv(folder / "adjudication_raw.csv", dtype=str, keep_default_na=False)
    raw.loc[raw.index[0], "different_act"] = "Q"
    raw.to_csv(folder / "adjudication_raw.csv", index=False)
    with pytest.raises(
        reliability.ReliabilityError, match=r"unknown label\(s\) \['Q'\]"
    ):
        round2.load_round2(tmp_path)
    raw = pd.read_csv(FOLDER / "adjudication_raw.csv", dtype=str, keep_default_na=False)
    two = raw[raw["id"].duplicated(keep=False)]["id"].iloc[0]
    line = raw.index[raw["id"] == two][0]
    raw.loc[line, "different_act"] = "X" if raw.at[line, "different_act"] != "X" else ""
    raw.to_csv(folder / "adjudication_raw.csv", index=False)
    with pytest.raises(reliability.ReliabilityError, match="different_act differs"):
        round2.load_round2(tmp_path)


def test_the_first_coding_snapshot_is_events_csv_or_a_logged_change() -> None:
    snap = pd.read_csv(FOLDER / round2.FIRST_CODING, dtype=str, keep_default_na=False)
    strata = pd.read_csv(FOLDER / "strata.csv", dtype=str)
    assert list(snap["id"]) == list(strata["id"])
    events = pd.read_csv(paths.DATA / "events.csv", dtype=str, keep_default_na=False)
    now = round2.snapshot(events, list(snap["id"])).set_index("id")
    changelog = (paths.DATA / "CHANGELOG.md").read_text(encoding="utf-8")
    for rid, row in snap.set_index("id").iterrows():
        if not row.equals(now.loc[rid].astype(str)):
            assert rid in changelog, f"{rid} changed in events.csv without a log entry"


def test_a_coder_file_outside_the_vocabularies_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / round2.FOLDER
    shutil.copytree(FOLDER, folder)
    coding = pd.read_csv(folder / "coder_b.csv", dtype=str, keep_default_na=False)
    coding.loc[coding.index[2], "mode"] = "shouting"
    coding.to_csv(folder / "coder_b.csv", index=False)
    with pytest.raises(
        reliability.ReliabilityError,
        match=r"coder_b\.csv:4: column 'mode': not allowed \(got 'shouting'\)",
    ):
        round2.load_round2(tmp_path)


def _toy_gaza(tmp_path: Path, b_changes: dict[str, dict[str, str]]) -> Path:
    """A Gaza stratum of six rows in a temporary data folder: coder gaza_a copies the
    first coding; coder gaza_b differs on the fields in `b_changes`."""
    folder = tmp_path / round2.GAZA_FOLDER
    folder.mkdir(parents=True)
    first = pd.DataFrame(
        {
            "id": [f"E90{i}" for i in range(6)],
            "pressure_on": ["israel", "hamas", "israel", "hamas", "none", "israel"],
            "effect": ["raise", "raise", "relieve", "relieve", "", "raise"],
            "mode": ["verbal", "threat", "material", "verbal", "verbal", "threat"],
            "kind": ["statement", "deadline", "meeting", "talks", "call", "demand"],
        }
    )
    strata = pd.DataFrame(
        {
            "id": first["id"],
            "stratum": ["gaza_pressure"] * 4 + ["gaza_none", "gaza_pressure"],
            "weight": [2.0] * 4 + [1.0, 2.0],
        }
    )
    strata.to_csv(folder / "strata.csv", index=False)
    first.to_csv(folder / round2.FIRST_CODING, index=False)
    coded = first.assign(summary="s", hard="false", note="")
    cols = ["id", "summary", "pressure_on", "effect", "mode", "kind", "hard", "note"]
    coded.iloc[:4][cols].to_csv(folder / "coder_gaza_a.csv", index=False)
    b = coded.iloc[2:].set_index("id")
    for rid, change in b_changes.items():
        for col, value in change.items():
            b.loc[rid, col] = value
    b.reset_index()[cols].to_csv(folder / "coder_gaza_b.csv", index=False)
    return tmp_path


def test_gaza_stratum_agreement_is_computed_apart(tmp_path: Path) -> None:
    from seesaw.analysis import study

    data = _toy_gaza(tmp_path, {"E902": {"pressure_on": "hamas"}})
    g = round2.load_gaza(data)
    assert g.names == round2.GAZA_CODERS
    assert g.frame_sizes() == {"gaza_pressure": 10.0, "gaza_none": 1.0}
    pairs = round2.compared_pairs(g)
    assert len(pairs) == 8 and set(pairs["coder"]) == {"gaza_a", "gaza_b"}
    s = study.gaza_summary(data, n_boot=200)
    assert s["by_coder"]["gaza_a"]["kappa"]["pressure_on"]["weighted"] == 1.0
    assert s["by_coder"]["gaza_b"]["kappa"]["pressure_on"]["weighted"] < 1.0
    # E902: first israel/relieve (leans on Hamas), b hamas/relieve (leans on Israel).
    assert s["coders"]["agree"]["direction"] == [1, 2]
    assert s["agree"]["pressure_on"] == [7, 8]
    text = study.gaza_markdown(s)
    assert "7 of 8" in text and "No adjudication" in text


def test_gaza_coder_values_are_checked(tmp_path: Path) -> None:
    data = _toy_gaza(tmp_path, {"E903": {"pressure_on": "gaza"}})
    with pytest.raises(
        reliability.ReliabilityError,
        match=re.escape("coder_gaza_b.csv:3: column 'pressure_on'"),
    ):
        round2.load_gaza(data)


def test_direction_reads_each_track_sides() -> None:
    frame = pd.DataFrame(
        {
            "pressure_on": ["israel", "hamas", "israel", "moscow", "kyiv", "none"],
            "effect": ["raise", "raise", "relieve", "relieve", "raise", ""],
        }
    )
    assert list(reliability.direction(frame)) == [
        "israel",
        "hamas",
        "hamas",
        "kyiv",
        "kyiv",
        "none",
    ]
