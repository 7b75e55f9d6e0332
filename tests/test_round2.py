"""Round two of the reliability study: every statistic against an independent reference
(statsmodels, the `krippendorff` package, brute force), and the committed files."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from seesaw import paths
from seesaw.analysis import reliability, round2, sampling
from seesaw.data.load import load_events

FOLDER = paths.DATA / round2.FOLDER


@pytest.fixture(scope="module")
def r2() -> round2.Round2:
    return round2.load_round2(paths.DATA)


# --- the statistics against their references ------------------------------------


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
    flagged = [("a",), ("first",), ("first", "a"), (), ("b",)]
    raw = pd.DataFrame({"id": ["E1", "E2", "E3", "E4", "E5"], "flagged": flagged})
    toy = round2.Round2(pd.DataFrame(), pd.DataFrame(), {}, raw)
    assert toy.mismatch("E1", "first", "a") and toy.mismatch("E2", "first", "a")
    assert not toy.mismatch("E3", "first", "a")
    assert not toy.mismatch("E4", "first", "a")
    assert not toy.mismatch("E5", "first", "a")
    assert not toy.mismatch("E9", "first", "a")  # a row the adjudicator never saw


def test_pairs_leave_out_the_codings_of_another_act(r2: round2.Round2) -> None:
    pairs = round2.compared_pairs(r2)
    counts = round2.mismatches(r2)
    for c in round2.CODERS:
        coded = len(r2.coders[c])
        assert (pairs["coder"] == c).sum() == coded - counts[c]
    for row in pairs.itertuples(index=False):
        assert not r2.mismatch(row.id, "first", row.coder)
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
    table = round2.outcomes(r2)
    for field in round2.CODED:
        disagreements = sum(
            int((coding[field] != r2.first.loc[coding.index, field]).sum())
            for coding in r2.coders.values()
        )
        assert list(table[field]) == list(round2.OUTCOMES)
        assert sum(table[field].values()) == disagreements


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
    )
    assert round2.outcomes(toy)["pressure_on"] == {
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
    from seesaw.text.study import gaza_markdown

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
    text = gaza_markdown(s)
    assert "7 of 8" in text and "No adjudication" in text


def _adjudicate_toy(data: Path, different_act: str) -> None:
    """The Gaza toy's one disagreement (E902's pressure_on, first against gaza_b)
    adjudicated: labels X (first), Y (gaza_b) and Z (gaza_a)."""
    folder = data / round2.GAZA_FOLDER
    pd.DataFrame(
        {"id": ["E902"], "X": ["first"], "Y": ["gaza_b"], "Z": ["gaza_a"]}
    ).to_csv(folder / "adjudication_key.csv", index=False)
    pd.DataFrame(
        {
            "id": ["E902"],
            "field": ["pressure_on"],
            "final": ["hamas"],
            "rule": ["R1:gaza-sides"],
            "different_act": [different_act],
            "reason": ["the page says so"],
        }
    ).to_csv(folder / "adjudication_raw.csv", index=False)


def test_gaza_adjudication_is_read_with_its_key_and_counted(tmp_path: Path) -> None:
    from seesaw.analysis import study
    from seesaw.text.study import gaza_markdown

    data = _toy_gaza(tmp_path, {"E902": {"pressure_on": "hamas"}})
    _adjudicate_toy(data, "")
    g = round2.load_gaza(data)
    table = round2.adjudication(g)
    assert table.to_dict("records") == [
        {
            "id": "E902",
            "field": "pressure_on",
            "first": "israel",
            "second": "gaza_a:israel;gaza_b:hamas",
            "final": "hamas",
            "rule": "R1:gaza-sides",
        }
    ]
    s = study.gaza_summary(data, n_boot=200)
    assert s["adjudication"]["pressure_on"]["second"] == 1
    assert s["adjudication"]["pressure_on"]["first"] == 0
    # No coding of another act: the same pairs as before adjudication.
    assert s["pairs"] == s["before_adjudication"]["pairs"] == 8
    text = gaza_markdown(s)
    assert "No adjudication" not in text and "R0: 0 pairs" in text


def test_gaza_coding_of_another_act_is_left_out_and_said(tmp_path: Path) -> None:
    from seesaw.analysis import study
    from seesaw.text.study import gaza_markdown

    data = _toy_gaza(tmp_path, {"E902": {"pressure_on": "hamas"}})
    _adjudicate_toy(data, "Y")  # gaza_b coded another act
    s = study.gaza_summary(data, n_boot=200)
    assert s["act_mismatch"]["gaza_b"] == 1
    assert (s["before_adjudication"]["pairs"], s["pairs"]) == (8, 7)
    assert s["agree"]["pressure_on"] == [7, 7]
    text = gaza_markdown(s)
    assert "8 pairs in all" in text and "R0: 1 pairs" in text
    assert "which compare 7 pairs" in text


def test_gaza_adjudication_file_is_derived_from_the_raw_decisions() -> None:
    """The committed gaza/adjudication.csv is what `round2 adjudication gaza` writes."""
    from seesaw import paths

    committed = pd.read_csv(
        paths.DATA / round2.GAZA_FOLDER / "adjudication.csv",
        dtype=str,
        keep_default_na=False,
    )
    derived = round2.adjudication(round2.load_gaza(paths.DATA))
    pd.testing.assert_frame_equal(committed, derived.astype(str))


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


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    from seesaw import paths

    folder = tmp_path_factory.mktemp("round2") / "data"
    shutil.copytree(paths.DATA, folder)
    return folder


def _edited(data_copy: Path, tmp_path: Path, name: str, edit) -> Path:  # type: ignore[no-untyped-def]
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(data_copy, folder)
    path = folder / "reliability" / "round2" / name
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def _with_weight(data_copy: Path, tmp_path: Path, weight: str) -> Path:
    """A copy of the data whose first sampled row of round two weighs `weight`."""
    strata = data_copy / "reliability" / "round2" / "strata.csv"
    row = strata.read_text().splitlines()[1]
    new = f"{row.rsplit(',', 1)[0]},{weight}"
    return _edited(data_copy, tmp_path, "strata.csv", lambda t: t.replace(row, new, 1))


@pytest.mark.parametrize("weight", ["abc", "0", "-1", "nan", "1e308"])
def test_validate_refuses_a_weight_that_is_not_a_frame_size(
    data_copy: Path, tmp_path: Path, weight: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """'abc' and 1e308 once failed notebook 01 and `seesaw reliability` with a Python
    error, and -1 gave every kappa as n/a, all after `seesaw validate` said data ok."""
    from seesaw.cli import main

    folder = _with_weight(data_copy, tmp_path, weight)
    assert main(["validate", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "strata.csv:2: column 'weight': must be a number above 0" in err
    assert f"(got '{weight}')" in err


def test_validate_refuses_an_empty_coder_file_and_an_unknown_rule(
    data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from seesaw.cli import main

    folder = _edited(
        data_copy, tmp_path, "coder_b.csv", lambda t: t.splitlines()[0] + "\n"
    )
    raw = folder / "reliability" / "round2" / "gaza" / "adjudication_raw.csv"
    text = raw.read_text(encoding="utf-8")
    raw.write_text(text.replace(",R3,", ",R9,", 1), encoding="utf-8")
    assert main(["validate", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "round2: coder_b.csv: no rows" in err
    assert "gaza: adjudication_raw.csv:" in err and "(got 'R9')" in err


def test_validate_reads_round_two_only_when_notebook_01_does(
    data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A round2/ folder holding only its protocol (no coder's file) passes, as notebook
    01 says "no second coding"; a column missing from the adjudication is located, not
    an internal error."""
    from seesaw.cli import main

    folder = tmp_path / "data"
    shutil.copytree(data_copy, folder)
    r2 = folder / "reliability" / "round2"
    for path in r2.rglob("*.csv"):
        path.unlink()
    assert main(["validate", str(folder)]) == 0
    capsys.readouterr()
    dropped = _edited(
        data_copy,
        tmp_path / "b",
        "adjudication_raw.csv",
        lambda t: "\n".join(",".join(r.split(",")[:3]) for r in t.splitlines()) + "\n",
    )
    assert main(["validate", str(dropped)]) == 1
    err = capsys.readouterr().err
    assert "adjudication_raw.csv:1: columns missing: rule, different_act" in err
    assert "internal error" not in err


def test_seesaw_reliability_names_the_folder_of_a_bad_file(
    data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It once said only "strata.csv:2" (round two's or the Gaza stratum's?): it now
    validates the folder first, as a run does."""
    from seesaw.cli import main

    folder = _with_weight(data_copy, tmp_path, "-1")
    assert main(["reliability", "--data-dir", str(folder)]) == 1
    err = capsys.readouterr().err
    assert f"{folder / 'reliability' / 'round2'}: strata.csv:2: column 'weight'" in err
