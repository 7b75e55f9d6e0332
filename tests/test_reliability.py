"""The second coding: sample, file contract, agreement against statsmodels and by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.inter_rater import cohens_kappa

from seesaw import paths
from seesaw.analysis import agreement, reliability, sampling
from seesaw.data.load import load_events

SECOND = paths.DATA / reliability.FOLDER / reliability.SECOND_CODING


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return load_events(paths.DATA / "events.csv")


def test_committed_second_coding_is_the_committed_sample(events: pd.DataFrame) -> None:
    # The sample was drawn from the first coding, before adjudication changed some
    # rows (and with them which stratum a row falls in).
    ids = set(events["id"])
    second = reliability.read_second_coding(SECOND, ids)
    adjudication = reliability.read_adjudication(
        paths.DATA / reliability.FOLDER / reliability.ADJUDICATION, ids
    )
    # Round one saw the rows of its snapshot, with their codes then (rows added later
    # are in no frame).
    as_then = reliability.as_round_one(
        events, paths.DATA / reliability.FOLDER / reliability.FIRST_CODING
    )
    first = reliability.first_coding(as_then, adjudication)
    assert set(second["id"]) == set(sampling.draw_sample(first)["id"])


def test_second_coding_errors_are_located(tmp_path: Path) -> None:
    bad = tmp_path / "second_coding.csv"
    bad.write_text(
        "id,pressure_on,effect,mode,kind,note\n"
        "E0001,kyiv,,verbal,statement,x\n"
        "E0002,moscow,raise,shouting,statement,x\n",
        encoding="utf-8",
    )
    with pytest.raises(reliability.ReliabilityError) as err:
        reliability.read_second_coding(bad, {"E0001", "E0002"})
    text = str(err.value)
    assert "second_coding.csv:2: column 'effect'" in text
    assert "second_coding.csv:3: column 'mode': not allowed (got 'shouting')" in text


def test_a_coded_file_lists_its_columns_in_order_and_may_have_no_rows(
    tmp_path: Path,
) -> None:
    path = tmp_path / "adjudication.csv"
    path.write_text("id,field,first,second,reason,final\n", encoding="utf-8")
    with pytest.raises(reliability.ReliabilityError) as err:
        reliability.read_adjudication(path)
    assert str(err.value) == (
        "adjudication.csv:1: header must be id,field,first,second,final,reason "
        "(got 'id,field,first,second,reason,final')"
    )
    path.write_text("id,field,first,second,final,reason\n", encoding="utf-8")
    frame = reliability.read_adjudication(path)
    assert frame.empty and list(frame.columns) == [
        *reliability.ADJUDICATION_COLUMNS,
        "line",
    ]


def test_direction_reads_raise_and_relief() -> None:
    frame = pd.DataFrame(
        {
            "pressure_on": ["moscow", "kyiv", "kyiv", "moscow", "none"],
            "effect": ["raise", "relieve", "raise", "relieve", None],
        }
    )
    assert list(reliability.direction(frame)) == [
        "moscow",
        "moscow",
        "kyiv",
        "kyiv",
        "none",
    ]


def _kappa(x: np.ndarray, y: np.ndarray) -> float:
    """Round one's kappa: every unit weighted 1 (as `reliability.reliability` takes it)."""
    return agreement.cohen_kappa(x, y, np.ones(len(x)))


def test_kappa_matches_statsmodels_and_hand_formula() -> None:
    x = np.array(list("aabbbcca" * 3))
    y = np.array(list("abbbbcaa" * 3))
    po = (x == y).mean()
    pe = sum((x == c).mean() * (y == c).mean() for c in "abc")
    assert _kappa(x, y) == pytest.approx((po - pe) / (1 - pe))
    table = pd.crosstab(x, y).to_numpy()
    assert _kappa(x, y) == pytest.approx(cohens_kappa(table).kappa)


def test_vectorised_bootstrap_kappa_equals_the_loop() -> None:
    rng = np.random.default_rng(3)
    x = rng.choice(list("abc"), 40)
    y = np.where(rng.random(40) < 0.7, x, rng.choice(list("abc"), 40))
    draws = rng.integers(0, 40, size=(25, 40))
    weights = np.zeros((25, 40))
    np.add.at(weights, (np.repeat(np.arange(25), 40), draws.ravel()), 1)
    fast = agreement.kappa_many(x, y, weights)
    slow = [_kappa(x[d], y[d]) for d in draws]
    assert fast == pytest.approx(slow)


def test_perfect_and_opposite_agreement() -> None:
    same = np.array(["a", "b"] * 10)
    assert _kappa(same, same) == pytest.approx(1.0)
    assert _kappa(same, same[::-1]) == pytest.approx(-1.0)


SNAPSHOT = paths.DATA / reliability.FOLDER / reliability.FIRST_CODING


@pytest.fixture(scope="module")
def round_one(events: pd.DataFrame) -> pd.DataFrame:
    """events.csv as round one saw them (the snapshot's coded fields)."""
    return reliability.as_round_one(events, SNAPSHOT)


def test_every_disagreement_is_adjudicated(round_one: pd.DataFrame) -> None:
    events = round_one
    folder = paths.DATA / reliability.FOLDER
    second = reliability.read_second_coding(SECOND, set(events["id"]))
    adjudication = reliability.read_adjudication(
        folder / reliability.ADJUDICATION, set(events["id"])
    )
    pairs = reliability.paired(reliability.first_coding(events, adjudication), second)
    keyed = set(zip(adjudication["id"], adjudication["field"], strict=True))
    missing = [
        (rid, field)
        for field in reliability.CODED_FIELDS
        for rid in pairs.index[pairs[f"{field}_1"] != pairs[f"{field}_2"]]
        if (rid, field) not in keyed
    ]
    assert missing == []


def test_final_values_are_in_the_events(round_one: pd.DataFrame) -> None:
    events = round_one
    adjudication = reliability.read_adjudication(
        paths.DATA / reliability.FOLDER / reliability.ADJUDICATION, set(events["id"])
    )
    now = events.set_index("id")
    wrong = [
        (r.id, r.field, r.final)
        for r in adjudication.itertuples()
        if str("" if pd.isna(now.at[r.id, r.field]) else now.at[r.id, r.field])
        != r.final
    ]
    assert wrong == []


def test_the_round_one_snapshot_is_events_csv_or_a_logged_change(
    events: pd.DataFrame, round_one: pd.DataFrame
) -> None:
    changelog = (paths.DATA / "CHANGELOG.md").read_text(encoding="utf-8")
    now = events.set_index("id").astype("string")
    then = round_one.set_index("id")
    assert set(then.index) <= set(now.index)
    changed = [
        rid
        for rid in then.index
        for col in reliability.CODED_FIELDS
        if str(then.at[rid, col]) != str(now.at[rid, col])
    ]
    assert changed, "the snapshot predates the 2026-12-06 corrections"
    for rid in changed:
        assert rid in changelog, f"{rid} changed since round one without a log entry"


def test_a_snapshot_with_a_wrong_header_or_an_unknown_id_is_refused(
    tmp_path: Path, events: pd.DataFrame
) -> None:
    path = tmp_path / reliability.FIRST_CODING
    path.write_text("id,pressure_on,effect,mode\nE0006,moscow,raise,threat\n")
    with pytest.raises(reliability.ReliabilityError, match="header must be"):
        reliability.as_round_one(events, path)
    path.write_text("id,pressure_on,effect,mode,kind\nE9999,none,,verbal,statement\n")
    with pytest.raises(
        reliability.ReliabilityError, match=r"ids not in events.csv: \['E9999'\]"
    ):
        reliability.as_round_one(events, path)


def test_round_one_keeps_its_codes_and_leaves_later_rows_out(
    events: pd.DataFrame,
) -> None:
    later = events.copy()
    later.loc[later["id"] == "E0069", "mode"] = "verbal"
    one = reliability.as_round_one(later, SNAPSHOT)
    assert one.set_index("id").at["E0069", "mode"] == "threat"
    assert len(one) == len(pd.read_csv(SNAPSHOT))


# --- the sample on synthetic data -------------------------------------------------
