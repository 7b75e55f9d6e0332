"""Selecting rows: dates inclusive, empty choices mean all."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from seesaw.load import load_dataset
from seesaw.select import select_events
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
    from seesaw.select import us_pressure_acts

    frame = pd.DataFrame(
        {
            "actor": ["us", "us", "russia", "us"],
            "pressure_on": ["kyiv", "none", "moscow", "moscow"],
        }
    )
    assert list(us_pressure_acts(frame).index) == [0, 3]
