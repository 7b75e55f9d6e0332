"""The seesaw timeline's data in one place (`timeline_data`), which notebook 02 draws
and the explorer redraws: the balance and its phases over the same span of rows
(`headline.balance`, whose phases the headline counts), so every day of the line that
leans one way is shaded and counted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from seesaw.analysis import overtures as ov
from seesaw.analysis import timing
from seesaw.analysis.headline import Balance, balance
from seesaw.analysis.masks import track_rows
from seesaw.data import vocab
from seesaw.data.params import Params


@dataclass(frozen=True)
class Settings:
    """Timeline settings for callers without a `Params` (the defaults of `vocab`)."""

    scheme: str = vocab.DEFAULT_SCHEME
    smoothing_days: int = vocab.DEFAULT_SMOOTHING_DAYS
    track: str = vocab.DEFAULT_TRACK


@dataclass(frozen=True)
class TimelineData(Balance):
    """What the timeline draws: the track's `Balance` (the US pressure acts scored, the
    balance per day and smoothed, its phases) and Russia's moves for the bottom strip."""

    overtures: pd.DataFrame
    hardline: pd.DataFrame
    smoothing_days: int


def timeline_data(
    events: pd.DataFrame,
    params: Settings | Params = Settings(),
    weights: Mapping[str, float] | None = None,
) -> TimelineData:
    """The `balance` of the rows of `params.track` among `events` under
    `params.scheme` (or custom mode `weights`), with Russia's moves among those rows;
    with no US pressure act among them, the line and the phases are empty."""
    window = int(params.smoothing_days)
    b = balance(events, params.scheme, window, params.track, weights)
    rows = track_rows(events, params.track)
    overtures, hardline = ov.overture_rows(rows), timing.hardline_moves(rows)
    return TimelineData(
        b.scored, b.daily, b.smoothed, b.phases, overtures, hardline, window
    )
