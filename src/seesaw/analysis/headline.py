"""The headline figures, computed once for the CLI, the notebooks and the explorer,
and the balance and its phases (`balance`) they count and the timeline draws."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from seesaw.analysis import metrics
from seesaw.analysis.masks import TRACK_LANES, track_rows
from seesaw.analysis.overtures import overture_rows
from seesaw.analysis.score import score_events
from seesaw.data import vocab


@dataclass(frozen=True)
class Balance:
    """A track's US pressure acts scored, the balance per day and smoothed, and its
    phases (`metrics.phases`), all over the span of the track's rows, so every day of
    the line that leans one way is in a phase."""

    scored: pd.DataFrame
    daily: pd.Series
    smoothed: pd.Series
    phases: pd.DataFrame


def balance(
    events: pd.DataFrame,
    scheme: str = vocab.DEFAULT_SCHEME,
    smoothing_days: int = vocab.DEFAULT_SMOOTHING_DAYS,
    track: str = vocab.DEFAULT_TRACK,
    weights: Mapping[str, float] | None = None,
) -> Balance:
    """The `Balance` of the rows of `track` among `events` under `scheme` (or custom
    mode `weights`); with no US pressure act among them, the line and the phases are
    empty (the explorer shows an empty chart, not an error)."""
    metrics.check_window("smoothing_days", smoothing_days)
    events = track_rows(events, track)
    scored = score_events(events, scheme, weights, track=track)
    if scored.empty:
        daily = pd.Series(dtype=float, name="balance")
        empty = pd.DataFrame(columns=list(metrics.PHASE_COLUMNS))
        return Balance(scored, daily, daily.rename("smoothed"), empty)
    first, last = events["date"].min(), events["date"].max()
    daily = metrics.daily_balance(scored, first, last)
    smoothed = metrics.smoothed_balance(daily, smoothing_days)
    phases = metrics.phases(scored, smoothing_days, first, last, TRACK_LANES[track])
    return Balance(scored, daily, smoothed, phases)


@dataclass(frozen=True)
class Headline:
    """The figures a reader checks the notebooks against."""

    scheme: str
    acts_on_kyiv: int
    acts_on_moscow: int
    toward_kyiv: int
    toward_moscow: int
    phases: int
    #: Changes of tilt between consecutive phases (not phases minus one: two phases
    #: split by days of zero balance may lean the same way).
    direction_changes: int
    overtures: int

    def as_dict(self) -> dict[str, Any]:
        """The figures by name, `toward_*` as `acts_toward_*`."""
        items = asdict(self).items()
        return {("acts_" if k.startswith("toward") else "") + k: v for k, v in items}


def direction_changes(phase_table: pd.DataFrame) -> int:
    """How many times the tilt changed from one phase to the next (phases split only by
    days of zero balance keep their tilt, so at most the phases minus one)."""
    tilts = phase_table["tilt"].astype(str).to_numpy()
    return int((tilts[1:] != tilts[:-1]).sum())


def headline(
    events: pd.DataFrame,
    scheme: str = vocab.DEFAULT_SCHEME,
    smoothing_days: int = vocab.DEFAULT_SMOOTHING_DAYS,
) -> Headline:
    """The headline figures for `events` under one scheme, the phases those of the
    Ukraine track's `balance` (the timeline's)."""
    events = track_rows(events, "ukraine")
    found = balance(events, scheme, smoothing_days)
    scored, phase_table = found.scored, found.phases
    return Headline(
        scheme=scheme,
        acts_on_kyiv=int(scored["pressure_on"].astype(str).eq("kyiv").sum()),
        acts_on_moscow=int(scored["pressure_on"].astype(str).eq("moscow").sum()),
        toward_kyiv=int((scored["score"] < 0).sum()),
        toward_moscow=int((scored["score"] > 0).sum()),
        phases=len(phase_table),
        direction_changes=direction_changes(phase_table),
        overtures=len(overture_rows(events)),
    )
