"""The waves of US pressure on Moscow: each found from the lanes, and what met it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from seesaw.analysis import waves
from tests.factories import us_acts
from tests.test_overtures import _russian


def test_waves_find_a_phase_and_what_came_next() -> None:
    us = us_acts(
        [
            ("2025-03-01", "moscow", "raise", "threat"),
            ("2025-03-04", "moscow", "raise", "verbal"),
            ("2025-03-08", "moscow", "raise", "verbal"),
            ("2025-04-20", "moscow", "relieve", "verbal"),
        ]
    )
    us["notes"] = ""
    rus = _russian([("2025-03-10", "call", "cooperative", "")])
    events = pd.concat([us, rus], ignore_index=True)
    table = waves.waves(events, "2025-02-20", "2025-04-30")
    assert len(table) == 1
    row = table.iloc[0]
    assert row["start"] == pd.Timestamp("2025-03-01")
    assert row["end"] == pd.Timestamp("2025-03-14")
    assert row["overture_when"] == "inside"
    assert row["us_next_effect"] == "relieve"


def test_wave_spans_keep_the_stretches_where_escalation_leads_for_a_week() -> None:
    esc = np.array([0, 2, 4, 20])
    rel = np.array([21])
    # days 0-10 lead (7-day trailing count > 0 from day 0 to day 10); day 20 alone
    # leads for one day, then relief on day 21 cancels it
    assert waves.wave_spans(esc, rel, 30, smooth_days=7, min_days=7) == [(0, 10)]
    assert waves.wave_spans(esc, rel, 30, smooth_days=7, min_days=12) == []
    assert waves.wave_spans(np.array([], int), np.array([], int), 30, 7, 7) == []
