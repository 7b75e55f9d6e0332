"""The seesaw timeline's data in one place (`timeline_data`), which notebook 02 draws
and the explorer redraws: the balance and its phases over the same span of rows, so
every day of the line that leans one way is shaded and counted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from seesaw.analysis import metrics, timing
from seesaw.analysis.masks import TRACK_LANES, track_rows
from seesaw.analysis.score import score_events
from seesaw.data import vocab
from seesaw.data.params import Params

PHASE_COLUMNS = ("start", "end", "days", "tilt", "acts", "net", "opened_by")


@dataclass(frozen=True)
class Settings:
    """Timeline settings for callers without a `Params` (the defaults of `vocab`)."""

    scheme: str = vocab.DEFAULT_SCHEME
    smoothing_days: int = vocab.DEFAULT_SMOOTHING_DAYS
    track: str = vocab.DEFAULT_TRACK


@dataclass(frozen=True)
class TimelineData:
    """What the timeline draws: the US pressure acts scored, the balance per day and
    smoothed, its phases (`metrics.phases`) and Russia's moves for the bottom strip."""

    scored: pd.DataFrame
    daily: pd.Series
    smoothed: pd.Series
    phases: pd.DataFrame
    overtures: pd.DataFrame
    hardline: pd.DataFrame
    smoothing_days: int


def timeline_data(
    events: pd.DataFrame,
    params: Settings | Params = Settings(),
    weights: Mapping[str, float] | None = None,
) -> TimelineData:
    """Score the rows of `params.track` among `events` under `params.scheme` (or
    custom mode `weights`); with no US pressure act among them, the line and the
    phases are empty (the explorer shows an empty chart, not an error)."""
    window = int(params.smoothing_days)
    metrics.check_window("smoothing_days", window)
    track = params.track
    events = track_rows(events, track)
    scored = score_events(events, params.scheme, weights, track=track)
    if scored.empty:
        daily = pd.Series(dtype=float, name="balance")
        smoothed = pd.Series(dtype=float, name="smoothed")
        phase_table = pd.DataFrame(columns=list(PHASE_COLUMNS))
    else:
        first, last = events["date"].min(), events["date"].max()
        daily = metrics.daily_balance(scored, first, last)
        smoothed = metrics.smoothed_balance(daily, window)
        phase_table = metrics.phases(scored, window, first, last, TRACK_LANES[track])
    overtures, hardline = timing.overtures(events), timing.hardline_moves(events)
    return TimelineData(
        scored, daily, smoothed, phase_table, overtures, hardline, window
    )
