"""Selecting rows: dates inclusive, empty choices mean all."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from seesaw.analysis.masks import (
    by_date_id,
    equals,
    in_date_id_order,
    is_in,
    map_values,
    select_events,
    window_span,
)
from seesaw.data.load import load_dataset
from tests.conftest import GOOD


@pytest.fixture(scope="module")
def events():
    return load_dataset(GOOD).events


def ids(rows) -> list[str]:
    return rows["id"].tolist()


def test_no_filter_keeps_every_row(events) -> None:
    assert ids(select_events(events)) == ids(events)
    assert ids(select_events(events, "", "")) == ids(events)


def test_dates_are_inclusive_and_take_strings_or_dates(events) -> None:
    assert ids(select_events(events, "2025-03-11", "2025-03-18")) == [
        "E0003",
        "E0004",
        "E0005",
    ]
    assert ids(select_events(events, dt.date(2025, 3, 18))) == ["E0005", "E0006"]
    assert ids(select_events(events, end=dt.date(2025, 3, 3))) == ["E0001"]
    assert select_events(events, "2030-01-01").empty


def test_categories_filter_and_combine(events) -> None:
    assert ids(select_events(events, actors=["russia", "ukraine"])) == [
        "E0004",
        "E0005",
    ]
    assert ids(select_events(events, kinds=["aid_pause", "call"])) == [
        "E0001",
        "E0005",
    ]
    assert ids(select_events(events, modes=["material"])) == ["E0001", "E0003"]
    both = select_events(
        events, "2025-03-05", actors=["us"], modes=["verbal", "threat"]
    )
    assert ids(both) == ["E0002", "E0006"]
    # An empty choice means all values, not none.
    assert ids(select_events(events, actors=[], kinds=(), modes=iter([]))) == ids(
        events
    )


def test_the_selection_is_a_view_of_the_same_rows(events) -> None:
    chosen = select_events(events, actors=["us"])
    assert chosen.index.isin(events.index).all()
    assert list(chosen.columns) == list(events.columns)


def test_us_pressure_acts_keeps_only_us_acts_on_a_side() -> None:
    from seesaw.analysis.masks import us_pressure_acts

    frame = pd.DataFrame(
        {
            "actor": ["us", "us", "russia", "us"],
            "pressure_on": ["kyiv", "none", "moscow", "moscow"],
        }
    )
    assert list(us_pressure_acts(frame).index) == [0, 3]


# --- The fast masks equal the slow reference --------------------------------------


def _columns(seed: int) -> list[pd.Series]:
    """The same values as a categorical (with unused categories and missing values),
    as plain strings and as objects, shuffled."""
    rng = np.random.default_rng(seed)
    values = rng.choice(["us", "russia", "kyiv", "moscow", None], size=200)
    categorical = pd.Series(
        pd.Categorical(values, categories=["us", "russia", "kyiv", "moscow", "never"]),
        index=rng.permutation(200) + 7,
    )
    return [
        categorical,
        categorical.astype("string"),
        pd.Series(values, dtype=object, index=categorical.index),
    ]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_is_in_and_equals_give_what_astype_str_gives(seed: int) -> None:
    for column in _columns(seed):
        for chosen in (["us"], ["kyiv", "moscow"], ["never"], [], ["nan", "None"]):
            expected = column.astype(str).isin(chosen)
            got = is_in(column, chosen)
            assert got.dtype == bool and got.index.equals(column.index)
            assert got.tolist() == expected.tolist(), (column.dtype, chosen)
        for value in ("us", "russia", "never", "nan"):
            expected = column.astype(str).eq(value)
            assert equals(column, value).tolist() == expected.tolist()
            assert (~equals(column, value)).tolist() == (
                column.astype(str).ne(value).tolist()
            )


def test_is_in_on_an_empty_categorical() -> None:
    empty = pd.Series(pd.Categorical([], categories=["us"]))
    assert is_in(empty, ["us"]).tolist() == []


@pytest.mark.parametrize("seed", [0, 1])
def test_map_values_gives_what_astype_str_map_gives(seed: int) -> None:
    mapping = {"us": 1.0, "russia": 2.5, "never": 9.0}
    for column in _columns(seed):
        expected = column.astype(str).map(mapping).astype(float)
        got = map_values(column, mapping)
        assert got.dtype == np.float64 and got.index.equals(column.index)
        pd.testing.assert_series_equal(got, expected, check_names=False)


def _frame(seed: int, n: int = 60) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    dates = pd.Timestamp("2025-01-01") + pd.to_timedelta(
        rng.integers(0, 10, size=n), unit="D"
    )
    ids = [f"E{i:03d}" for i in rng.permutation(n)]
    return pd.DataFrame(
        {"date": dates, "id": pd.array(ids, dtype="string"), "x": np.arange(n)}
    )


@pytest.mark.parametrize("seed", range(4))
def test_by_date_id_equals_the_stable_sort(seed: int) -> None:
    shuffled = _frame(seed)
    ordered = shuffled.sort_values(["date", "id"], kind="stable")
    for rows in (shuffled, ordered, ordered.iloc[::-1], ordered.iloc[:1]):
        expected = rows.sort_values(["date", "id"], kind="stable")
        pd.testing.assert_frame_equal(by_date_id(rows), expected)
    assert in_date_id_order(ordered) and not in_date_id_order(ordered.iloc[::-1])
    # Already in order: the rows come back as they are, not sorted again.
    assert by_date_id(ordered) is ordered


def test_in_date_id_order_ties_missing_and_times() -> None:
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(
                ["2025-01-01 00:00", "2025-01-01 00:00", "2025-01-01 10:00"]
            ),
            "id": ["E2", "E1", "E0"],
        }
    )
    assert not in_date_id_order(frame)  # same date: E2 before E1 is out of order
    assert in_date_id_order(frame.iloc[[1, 0, 2]])  # later time wins over a smaller id
    with_gap = frame.iloc[[1, 0, 2]].copy()
    with_gap.loc[with_gap.index[0], "date"] = pd.NaT
    assert not in_date_id_order(with_gap)  # missing dates: sort (NaT go last)
    pd.testing.assert_frame_equal(
        by_date_id(with_gap), with_gap.sort_values(["date", "id"], kind="stable")
    )
    mixed = pd.DataFrame({"date": pd.to_datetime(["2025-01-01"] * 2), "id": ["a", 1]})
    assert not in_date_id_order(mixed)  # ids that do not compare: the caller sorts
    assert in_date_id_order(frame.iloc[0:0]) and in_date_id_order(frame.iloc[:1])


def test_the_window_span_is_in_days_and_open_bounds_are_the_data_s() -> None:
    events = pd.DataFrame(
        {
            "date": [
                pd.Timestamp(d)
                for d in ("2025-02-03 14:00", "2025-03-01", "2025-05-09 08:30")
            ]
        }
    )
    first, last = window_span(events, None, "")
    assert (first, last) == (pd.Timestamp("2025-02-03"), pd.Timestamp("2025-05-09"))
    first, last = window_span(events, "2025-02-10", dt.date(2025, 4, 1))
    assert (first, last) == (pd.Timestamp("2025-02-10"), pd.Timestamp("2025-04-01"))


def test_an_open_bound_is_the_first_or_last_act_not_a_background_row() -> None:
    """A 2018 background row (kind `context`) does not move an open window's first day:
    `seesaw stats --start-date ""` starts at the first act, as the explorer does."""
    days = ("2018-05-14", "2025-02-03", "2025-05-09", "2026-06-01")
    events = pd.DataFrame(
        {
            "date": [pd.Timestamp(d) for d in days],
            "kind": ["context", "threat", "statement", "context"],
        }
    )
    assert window_span(events, None, "") == (
        pd.Timestamp("2025-02-03"),
        pd.Timestamp("2025-05-09"),
    )
    only_background = events[events["kind"].eq("context")]
    assert window_span(only_background, None, None)[0] == pd.Timestamp("2018-05-14")
