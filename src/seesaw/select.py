"""Selecting rows: the one filter the notebooks, the CLI and the explorer share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd


def select_events(
    events: pd.DataFrame,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    actors: Iterable[str] = (),
    kinds: Iterable[str] = (),
    modes: Iterable[str] = (),
) -> pd.DataFrame:
    """Rows dated within [start, end] (inclusive) whose actor, kind and mode are chosen.

    An empty choice means all values.
    """
    keep = pd.Series(True, index=events.index)
    if start is not None and str(start) != "":
        keep &= events["date"] >= pd.Timestamp(start)
    if end is not None and str(end) != "":
        keep &= events["date"] <= pd.Timestamp(end)
    for column, chosen in (("actor", actors), ("kind", kinds), ("mode", modes)):
        chosen = list(chosen)
        if chosen:
            keep &= events[column].isin(chosen)
    return events.loc[keep]


def us_pressure_acts(events: pd.DataFrame) -> pd.DataFrame:
    """US acts that push on Kyiv or Moscow: the seesaw's moves."""
    mask = events["actor"].eq("us") & events["pressure_on"].isin(["kyiv", "moscow"])
    return events.loc[mask]
