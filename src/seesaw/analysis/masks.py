"""Selecting rows: the one filter the notebooks, the CLI and the explorer share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from seesaw.errors import SeesawError


def select_events(
    events: pd.DataFrame,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    actors: Iterable[str] = (),
    kinds: Iterable[str] = (),
    modes: Iterable[str] = (),
) -> pd.DataFrame:
    """Rows dated within [start, end] whose actor, kind and mode are chosen (none: all)."""
    keep = pd.Series(True, index=events.index)
    if start is not None and str(start) != "":
        keep &= events["date"] >= pd.Timestamp(start)
    if end is not None and str(end) != "":
        keep &= events["date"] <= pd.Timestamp(end)
    for column, chosen in (("actor", actors), ("kind", kinds), ("mode", modes)):
        if values := list(chosen):
            keep &= events[column].isin(values)
    return events.loc[keep]


def window_span(
    events: pd.DataFrame, start: object, end: object
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """[start, end] as days; a bound left out (None or "") is the first or last act's
    day (background rows, kind `context`, aside, as `describe.span_words` states it)."""

    def day(value: object) -> pd.Timestamp | None:
        return None if value is None or str(value) == "" else pd.Timestamp(str(value))

    dates = events["date"]
    if "kind" in events:
        acts = dates[events["kind"].astype(str).ne("context")]
        dates = acts if len(acts) else dates
    first = day(start) or dates.min()
    last = day(end) or dates.max()
    return first.normalize(), last.normalize()


#: Each track's two lanes in the seesaw's sign convention: pressure on the first counts +
#: (Moscow; on Gaza's track Hamas, the counterpart the article's ultimatums named).
TRACK_LANES: Mapping[str, tuple[str, str]] = {
    "ukraine": ("moscow", "kyiv"),
    "gaza": ("hamas", "israel"),
}
#: The sides and the tracks as a reader names them.
SIDE_NAMES: Mapping[str, str] = {s: s.title() for t in TRACK_LANES.values() for s in t}
TRACK_NAMES: Mapping[str, str] = {track: track.title() for track in TRACK_LANES}


class TrackError(SeesawError, ValueError):
    """An unknown track; the message names it and the tracks allowed."""


def check_choice(
    name: str, value: str, allowed: Iterable[str], error: type[Exception] = TrackError
) -> str:
    """`value` if it is one of `allowed`, else `error` naming both."""
    if value not in allowed:
        raise error(f"{name}: unknown value {value!r}; allowed: {', '.join(allowed)}")
    return value


def check_track(track: str) -> str:
    return check_choice("track", track, TRACK_LANES)


def track_rows(events: pd.DataFrame, track: str = "ukraine") -> pd.DataFrame:
    """The rows of one track (a frame without the `track` column is returned whole)."""
    if "track" not in events.columns:
        return events
    return events.loc[is_in(events["track"], (track,))]


def us_pressure_acts(
    events: pd.DataFrame, sides: tuple[str, ...] = ("moscow", "kyiv")
) -> pd.DataFrame:
    """US acts that push on any of `sides`: the seesaw's moves on that track."""
    keep = is_in(events["pressure_on"], sides)
    if "actor" in events:
        keep &= is_in(events["actor"], ["us"])
    return events.loc[keep]


# --- Fast masks: on a categorical column, from its few categories and integer codes
# (the explorer redoes them on every change); other columns take `astype(str)`.


def is_in(column: pd.Series, values: Iterable[str]) -> pd.Series:
    """`column.astype(str).isin(values)`, on a categorical's codes when it is one."""
    chosen = {str(v) for v in values}
    if not isinstance(column.dtype, pd.CategoricalDtype):
        return column.astype(str).isin(list(chosen))
    cats = column.array.categories
    # A missing value has code -1: the appended False (missing is never chosen).
    hit = np.array([str(c) in chosen for c in cats] + [False], dtype=bool)
    return pd.Series(hit[column.array.codes], index=column.index)


def equals(column: pd.Series, value: str) -> pd.Series:
    """`column.astype(str).eq(value)`, on a categorical's codes when it is one."""
    return is_in(column, (value,))


def map_values(column: pd.Series, mapping: Mapping[str, float]) -> pd.Series:
    """`column.astype(str).map(mapping).astype(float)` (NaN where unmapped), on a
    categorical's codes when it is one."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        return column.astype(str).map(mapping).astype(float)
    cats = column.array.categories
    table = np.array([mapping.get(str(c), np.nan) for c in cats] + [np.nan], float)
    return pd.Series(table[column.array.codes], index=column.index)


def in_date_id_order(rows: pd.DataFrame) -> bool:
    """Whether a stable sort by date, then id would leave `rows` as they are (False when
    a missing date or id, or ids that do not compare, leave it in doubt)."""
    date, ids = rows["date"].to_numpy(), rows["id"].to_numpy(dtype=object)
    same = date[1:] == date[:-1]
    try:
        return bool(
            (date[1:] >= date[:-1]).all() and (ids[1:][same] >= ids[:-1][same]).all()
        )
    except TypeError:
        return False


def by_date_id(rows: pd.DataFrame) -> pd.DataFrame:
    """`rows.sort_values(["date", "id"], kind="stable")`, skipped when in order already."""
    if in_date_id_order(rows):
        return rows
    return rows.sort_values(["date", "id"], kind="stable")
