"""The seesaw timeline's data, assembled in one place.

Notebook 02 draws it, notebook 07's explorer redraws it as the controls change, and the
tests check it: all of them call `timeline_data`, so the scores, the balance line and
its phases cannot drift apart. The balance runs over the whole span of the selected
rows, and the phases are computed over that same span, so every day of the plotted
line that leans one way is shaded and counted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

import pandas as pd

from seesaw.analysis import metrics, timing
from seesaw.analysis.masks import TRACK_LANES, track_rows
from seesaw.analysis.score import score_events
from seesaw.data import vocab

PHASE_COLUMNS = ("start", "end", "days", "tilt", "acts", "net", "opened_by")


class TimelineSettings(Protocol):
    """What the timeline needs to know; `seesaw.data.params.Params` is one."""

    @property
    def scheme(self) -> str: ...

    @property
    def smoothing_days(self) -> int: ...


@dataclass(frozen=True)
class Settings:
    """Timeline settings for callers without a `Params` (the defaults of `vocab`)."""

    scheme: str = vocab.DEFAULT_SCHEME
    smoothing_days: int = vocab.DEFAULT_SMOOTHING_DAYS
    track: str = vocab.DEFAULT_TRACK


DEFAULTS = Settings()


@dataclass(frozen=True)
class TimelineData:
    """Everything the timeline draws.

    `events`: the selected rows (their first and last dates are the line's span);
    `scored`: the US pressure acts among them, scored; `daily` and `smoothed`: the
    balance per day and its trailing sum over `smoothing_days`; `phases`: the stretches
    where the smoothed balance keeps one sign (`metrics.phases` over the same span);
    `overtures` and `hardline`: Russia's moves for the bottom strip.
    """

    events: pd.DataFrame
    scored: pd.DataFrame
    daily: pd.Series
    smoothed: pd.Series
    phases: pd.DataFrame
    overtures: pd.DataFrame
    hardline: pd.DataFrame
    scheme: str
    smoothing_days: int

    @property
    def span(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        """First and last day of the line."""
        return self.events["date"].min(), self.events["date"].max()


def timeline_data(
    events: pd.DataFrame,
    params: TimelineSettings = DEFAULTS,
    weights: Mapping[str, float] | None = None,
) -> TimelineData:
    """Score `events` under `params.scheme` (or custom mode `weights`) and build the
    balance, its phases and Russia's moves over the span of `events` (the rows of
    `params.track` when the settings name one, else Ukraine's: the other track's rows
    neither score nor stretch the span).

    With no US pressure act among the rows the line and the phases are empty (the
    explorer shows an empty chart rather than an error).
    """
    window = int(params.smoothing_days)
    metrics.check_window("smoothing_days", window)
    track = getattr(params, "track", vocab.DEFAULT_TRACK)
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
    return TimelineData(
        events=events,
        scored=scored,
        daily=daily,
        smoothed=smoothed,
        phases=phase_table,
        overtures=timing.overtures(events),
        hardline=timing.hardline_moves(events),
        scheme=params.scheme if weights is None else "custom",
        smoothing_days=window,
    )
