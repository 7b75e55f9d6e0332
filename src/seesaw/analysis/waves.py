"""The waves of US pressure on Moscow, and what met each (notebook 04, claim C18).

A wave: at least a week of days on which the trailing count of US acts raising pressure
on Moscow exceeds the count relieving it. For each, the first Russian overture episode
inside it or just after, and the first US act on Moscow after that. Described, not
tested (the test is `seesaw.analysis.overtures`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from seesaw.analysis.masks import by_date_id, us_pressure_acts
from seesaw.analysis.overtures import (
    day_numbers,
    episode_starts,
    escalation_rows,
    overture_rows,
    relief_rows,
    window_span,
)

#: A wave's trailing window and least length, in days.
WAVE_DAYS = 7
COLUMNS = (
    "start",
    "end",
    "days",
    "escalations",
    "overture",
    "overture_date",
    "overture_when",
    "us_next",
    "us_next_date",
    "us_next_effect",
    "us_next_kind",
)


def wave_spans(
    esc_days: np.ndarray,
    rel_days: np.ndarray,
    days: int,
    smooth_days: int,
    min_days: int,
) -> list[tuple[int, int]]:
    """(first day, last day) of each stretch of at least `min_days` days on which the
    trailing `smooth_days`-day count of escalations exceeds that of relief."""
    net = np.bincount(esc_days, minlength=days) - np.bincount(rel_days, minlength=days)
    smooth = pd.Series(net).rolling(smooth_days, min_periods=1).sum().to_numpy()
    on = smooth > 0
    change = np.flatnonzero(np.diff(on.astype(int)) != 0) + 1
    starts, ends = np.r_[0, change], np.r_[change - 1, days - 1]
    keep = on[starts] & (ends - starts + 1 >= min_days)
    return [(int(a), int(b)) for a, b in zip(starts[keep], ends[keep], strict=True)]


def waves(
    events: pd.DataFrame,
    start: object = None,
    end: object = None,
    definition: str = "wide",
    after_days: int = 3,
) -> pd.DataFrame:
    """Every wave of US pressure on Moscow in [start, end] (`wave_spans`, `WAVE_DAYS`):
    the first overture episode inside it or within `after_days` days of its end
    ('inside', 'at its end' or none), and the first US act on Moscow after that
    overture (or after the wave, when none came)."""
    first, last = window_span(events, start, end)
    days = int((last - first).days) + 1
    inside = events[events["date"].between(first, last)]
    esc_days = day_numbers(escalation_rows(inside), first)
    rel_days = day_numbers(relief_rows(inside), first)
    spans = wave_spans(esc_days, rel_days, days, WAVE_DAYS, WAVE_DAYS)
    ov = overture_rows(inside, definition)
    ov_days = day_numbers(ov, first)
    ep_idx = episode_starts(ov_days)
    ep_rows, ep_days = ov.iloc[ep_idx], ov_days[ep_idx]
    us_moscow = by_date_id(us_pressure_acts(inside, ("moscow",)))
    us_days = day_numbers(us_moscow, first)
    rows = []
    for a, b in spans:
        found = np.flatnonzero((ep_days >= a) & (ep_days <= b + after_days))
        if len(found):
            j = found[0]
            where = "inside" if ep_days[j] <= b else "at its end"
            anchor, overture = int(ep_days[j]), ep_rows["id"].iloc[j]
            ov_date = ep_rows["date"].iloc[j]
        else:
            where, anchor, overture, ov_date = "none", b, None, pd.NaT
        nxt = np.flatnonzero(us_days > anchor)
        us_next: tuple[Any, ...] = (None, pd.NaT, None, None)
        if len(nxt):
            n = us_moscow.iloc[nxt[0]]
            us_next = (n["id"], n["date"], str(n["effect"]), str(n["kind"]))
        days_on = (
            first + pd.Timedelta(days=a),
            first + pd.Timedelta(days=b),
            b - a + 1,
        )
        esc = int(((esc_days >= a - WAVE_DAYS + 1) & (esc_days <= b)).sum())
        rows.append((*days_on, esc, overture, ov_date, where, *us_next))
    return pd.DataFrame(rows, columns=list(COLUMNS))
