"""The headline figures: by hand on the good fixture, and the same as the chart's."""

from __future__ import annotations

import pandas as pd
import pytest

from seesaw.analysis.headline import headline
from seesaw.charts.timeline import Settings, timeline_data
from seesaw.data import vocab
from seesaw.data.load import load_dataset
from seesaw.data.vocab import ANALYSIS_START
from tests.conftest import GOOD
from tests.factories import other_acts, typed, us_acts


@pytest.fixture(scope="module")
def events():
    return load_dataset(GOOD).events


def test_headline_by_hand(events) -> None:
    h = headline(events)
    # E0001 aid pause (Kyiv, -3), E0002 sanctions threat (Moscow, +2), E0003 aid
    # resumed (relieves Kyiv: toward Moscow, +3), E0006 statement (Moscow, +1).
    assert (h.acts_on_kyiv, h.acts_on_moscow) == (2, 2)
    assert (h.toward_kyiv, h.toward_moscow) == (1, 3)
    # 14-day trailing sums: -3 then -1 (3-10 March), 2 then 5 then 3 (11-24 March),
    # 0, then 1 on 1 April: Kyiv, Moscow, Moscow.
    assert h.phases == 3
    # One Russian overture (the call of 18 March).
    assert h.overtures == 1
    assert h.scheme == vocab.DEFAULT_SCHEME


@pytest.mark.parametrize("last", ["E0006", "E0005"])
def test_the_phases_are_the_ones_the_timeline_shades(events, last: str) -> None:
    # Up to E0005 the selection ends with a Russian call a week after the last US
    # act: the balance line, and so the phases, run on past that act.
    rows = events.loc[: events.index[events["id"].eq(last)][0]]
    for window in (1, 3, 14):
        h = headline(rows, smoothing_days=window)
        tl = timeline_data(rows, Settings(smoothing_days=window))
        assert h.phases == len(tl.phases)


def test_the_balance_can_turn_after_the_last_act() -> None:
    # Moscow threat (+2) on 1 March, Kyiv words (-1) on 3 March, a Russian call on
    # 11 March. Three-day sums: 2, 2, 1, then -1 on 4-5 March once the threat has
    # left the window: a Kyiv phase after the last US act, on the line and counted.
    rows = typed(
        pd.concat(
            [
                us_acts(
                    [
                        ("2025-03-01", "moscow", "raise", "threat"),
                        ("2025-03-03", "kyiv", "raise", "verbal"),
                    ]
                ),
                other_acts([("2025-03-11", "russia", "call", "cooperative")]),
            ],
            ignore_index=True,
        )
    )
    h = headline(rows, smoothing_days=3)
    tl = timeline_data(rows, Settings(smoothing_days=3))
    assert tl.phases["tilt"].tolist() == ["moscow", "kyiv"]
    assert h.phases == 2


def test_no_russian_overture_counts_none(events) -> None:
    us_only = events[events["actor"].astype(str).eq("us")]
    h = headline(us_only)
    assert h.overtures == 0


def test_the_analysis_starts_at_the_inauguration() -> None:
    assert ANALYSIS_START == "2025-01-20" == vocab.ANALYSIS_START


def test_direction_changes_count_changes_of_tilt_not_phases_minus_one() -> None:
    import pandas as pd

    from seesaw.analysis.headline import direction_changes

    table = pd.DataFrame({"tilt": ["kyiv", "kyiv", "moscow", "moscow", "kyiv"]})
    assert direction_changes(table) == 2
    assert direction_changes(table.iloc[:1]) == 0
    assert direction_changes(table.iloc[:0]) == 0


def test_the_headline_counts_the_balance_s_phases(events) -> None:
    """One answer to "what were the phases": `balance`, which the timeline draws."""
    from seesaw.analysis import metrics
    from seesaw.analysis.headline import balance, direction_changes

    found = balance(events, smoothing_days=14)
    h = headline(events, smoothing_days=14)
    assert h.phases == len(found.phases) == 3
    assert h.direction_changes == direction_changes(found.phases)
    assert list(found.phases.columns) == list(metrics.PHASE_COLUMNS)
    none = balance(events[events["actor"].astype(str).ne("us")])
    assert none.phases.empty and list(none.phases.columns) == list(
        metrics.PHASE_COLUMNS
    )
    assert none.daily.empty and none.smoothed.name == "smoothed"
