"""The timeline's data, built once: the balance and its phases over the selected span."""

from __future__ import annotations

import pandas as pd
import pytest

from seesaw.analysis import metrics, overtures, timing
from seesaw.analysis.score import score_events
from seesaw.charts.timeline import Settings, timeline_data
from seesaw.data import vocab
from seesaw.data.params import check_params
from seesaw.errors import SeesawError
from tests.conftest import GOOD
from tests.factories import other_acts, typed, us_acts

# Two US acts toward Moscow, then a Russian call nine days after the last of them.
ROWS = typed(
    pd.concat(
        [
            us_acts(
                [
                    ("2025-03-01", "moscow", "raise", "threat"),
                    ("2025-03-05", "moscow", "raise", "material"),
                ]
            ),
            other_acts([("2025-03-14", "russia", "call", "cooperative")]),
        ],
        ignore_index=True,
    )
)


def test_the_line_and_the_phases_cover_the_selected_span() -> None:
    tl = timeline_data(ROWS, Settings(smoothing_days=7))
    span = [pd.Timestamp("2025-03-01"), pd.Timestamp("2025-03-14")]
    assert [tl.daily.index[0], tl.daily.index[-1]] == span
    assert len(tl.smoothed) == 14
    # Trailing 7-day sums: 2 on 1-4 March, 5 on 5-7, 3 on 8-11 (the threat has left
    # the window), 0 from 12 March. One Moscow phase, 1 to 11 March.
    assert tl.phases["start"].tolist() == [pd.Timestamp("2025-03-01")]
    assert tl.phases["end"].tolist() == [pd.Timestamp("2025-03-11")]
    assert tl.phases["days"].tolist() == [11]
    assert tl.phases["tilt"].tolist() == ["moscow"]
    # The scored acts' span alone stops the phase at the last act (5 March).
    assert metrics.phases(tl.scored, 7)["days"].tolist() == [5]


def test_every_shaded_day_leans_and_every_leaning_day_is_shaded() -> None:
    tl = timeline_data(ROWS, Settings(smoothing_days=7))
    leaning = set(tl.smoothed.index[tl.smoothed.ne(0)])
    shaded = {
        day
        for start, end in zip(tl.phases["start"], tl.phases["end"])
        for day in pd.date_range(start, end)
    }
    assert shaded == leaning
    assert tl.phases["days"].sum() == len(leaning)


def test_the_parts_are_the_ones_the_modules_compute() -> None:
    tl = timeline_data(ROWS, Settings(scheme="flat", smoothing_days=3))
    pd.testing.assert_frame_equal(tl.scored, score_events(ROWS, "flat"))
    pd.testing.assert_frame_equal(tl.overtures, overtures.overture_rows(ROWS))
    pd.testing.assert_frame_equal(tl.hardline, timing.hardline_moves(ROWS))
    pd.testing.assert_series_equal(tl.smoothed, metrics.smoothed_balance(tl.daily, 3))
    assert tl.smoothing_days == 3


def test_params_are_settings() -> None:
    p = check_params(GOOD, scheme="goldstein", smoothing_days=5)
    tl = timeline_data(ROWS, p)
    pd.testing.assert_frame_equal(tl.scored, score_events(ROWS, "goldstein"))
    assert tl.smoothing_days == 5
    assert timeline_data(ROWS).smoothing_days == vocab.DEFAULT_SMOOTHING_DAYS


def test_custom_weights_score_as_mode() -> None:
    tl = timeline_data(ROWS, weights={"verbal": 0.5, "threat": 4.0, "material": 1.0})
    assert tl.scored["score"].tolist() == [4.0, 1.0]


def test_no_us_pressure_gives_an_empty_line_not_an_error() -> None:
    russian = ROWS[ROWS["actor"].astype(str).eq("russia")]
    tl = timeline_data(russian)
    assert tl.scored.empty and tl.smoothed.empty and tl.phases.empty
    assert list(tl.phases.columns) == list(metrics.phases(score_events(ROWS), 1))
    assert len(tl.overtures) == 1


def test_a_bad_window_is_refused() -> None:
    with pytest.raises(SeesawError, match="smoothing_days: must be a whole number"):
        timeline_data(ROWS, Settings(smoothing_days=0))
