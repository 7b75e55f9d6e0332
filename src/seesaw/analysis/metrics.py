"""The numbers: the pressure balance, its phases, the sequence of US pressure and its runs.

Every function is pure: scored acts in (see `seesaw.analysis.score.score_events`), a Series,
DataFrame or number out.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from seesaw.data import vocab
from seesaw.errors import SeesawError


class MetricError(SeesawError, ValueError):
    """A bad parameter or an empty selection; the message says which and what is allowed."""


def _need(scored: pd.DataFrame, what: str) -> None:
    if scored.empty:
        raise MetricError(
            f"{what}: no US pressure acts in the selection; widen the dates or filters"
        )


def check_window(name: str, value: int) -> None:
    """Refuse a window that is not a whole number of days >= 1 (MetricError naming it)."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise MetricError(f"{name}: must be a whole number of days >= 1, got {value!r}")


# --- The balance ---------------------------------------------------------------


def daily_balance(
    scored: pd.DataFrame,
    start: pd.Timestamp | None = None,
    end: pd.Timestamp | None = None,
) -> pd.Series:
    """Net score per calendar day (toward Moscow +, toward Kyiv -), empty days as 0."""
    _need(scored, "daily_balance")
    first = pd.Timestamp(start) if start is not None else scored["date"].min()
    last = pd.Timestamp(end) if end is not None else scored["date"].max()
    days = pd.date_range(first.normalize(), last.normalize(), freq="D")
    net = scored.groupby(scored["date"].dt.normalize())["score"].sum()
    return (
        net.reindex(days, fill_value=0.0)
        .rename("balance")
        .rename_axis("date")
        .astype(float)
    )


def smoothed_balance(
    daily: pd.Series, smoothing_days: int = vocab.DEFAULT_SMOOTHING_DAYS
) -> pd.Series:
    """Trailing sum of the daily balance over `smoothing_days` days (the last N days' tilt)."""
    check_window("smoothing_days", smoothing_days)
    return daily.rolling(smoothing_days, min_periods=1).sum().rename("smoothed")


#: The columns of `phases`' table.
PHASE_COLUMNS = ("start", "end", "days", "tilt", "acts", "net", "opened_by")


def phases(
    scored: pd.DataFrame,
    smoothing_days: int = vocab.DEFAULT_SMOOTHING_DAYS,
    start: pd.Timestamp | None = None,
    end: pd.Timestamp | None = None,
    sides: tuple[str, str] = ("moscow", "kyiv"),
) -> pd.DataFrame:
    """Maximal stretches where the smoothed balance keeps one sign (days at exactly 0
    belong to none), over [start, end] (by default the first and last acts).

    Columns: start, end, days, tilt (`sides[0]` when positive), acts and net (count and
    summed score of the acts dated from `smoothing_days - 1` days before its start to
    its end), opened_by (the last act on or before the start, within the window, that
    leans the way of the tilt; the first such act of its day).
    """
    daily = daily_balance(scored, start, end)
    smooth = smoothed_balance(daily, smoothing_days)
    sign = np.sign(smooth.to_numpy())
    if not (sign != 0).any():
        return pd.DataFrame(columns=list(PHASE_COLUMNS))
    change = np.flatnonzero(np.diff(sign) != 0) + 1
    starts = np.r_[0, change]
    ends = np.r_[change - 1, len(sign) - 1]
    keep = sign[starts] != 0
    starts, ends = starts[keep], ends[keep]
    first = smooth.index[0]
    day = (scored["date"].dt.normalize() - first).dt.days.to_numpy()
    order = np.argsort(day, kind="stable")
    day, score = day[order], scored["score"].to_numpy()[order]
    ids = scored["id"].to_numpy()[order]
    cum = np.r_[0.0, np.cumsum(score)]
    lo_idx = np.searchsorted(day, starts - (smoothing_days - 1), side="left")
    hi_idx = np.searchsorted(day, ends, side="right")
    openers: list[str | None] = []
    for a, lo_i in zip(starts, lo_idx):
        # Acts leaning the phase's way dated within [start - window + 1, start].
        upto = np.searchsorted(day, a, side="right")
        lean = np.flatnonzero(np.sign(score[lo_i:upto]) == sign[a]) + lo_i
        if len(lean):
            last_day = day[lean[-1]]
            openers.append(str(ids[lean[day[lean] == last_day][0]]))
        else:
            openers.append(None)
    return pd.DataFrame(
        {
            "start": smooth.index[starts],
            "end": smooth.index[ends],
            "days": (ends - starts + 1).astype(int),
            "tilt": np.where(sign[starts] > 0, sides[0], sides[1]),
            "acts": (hi_idx - lo_idx).astype(int),
            "net": cum[hi_idx] - cum[lo_idx],
            "opened_by": openers,
        },
        columns=list(PHASE_COLUMNS),
    )


# --- Sequences and runs ------------------------------------------------------------


def pressure_sequence(scored: pd.DataFrame) -> pd.Series:
    """The +1/-1 sequence of US pressure (+1 toward Moscow), in time order: the scores
    netted per day, days netting to 0 dropped."""
    _need(scored, "pressure_sequence")
    series = daily_balance(scored)
    return np.sign(series[series != 0]).astype(int).rename("sign")


def count_runs(seq: np.ndarray) -> int:
    """Number of runs (maximal blocks of equal values) in a sequence."""
    seq = np.asarray(seq)
    return int(1 + np.count_nonzero(seq[1:] != seq[:-1])) if len(seq) else 0


def runs_counts(n1: int, n2: int) -> dict[int, int]:
    """The exact null distribution of the number of runs, as counts: for each r, how
    many of the comb(n1 + n2, n1) orders of n1 and n2 items have r runs."""
    counts: dict[int, int] = {}
    for r in range(2, n1 + n2 + 1):
        k, odd = divmod(r, 2)
        if odd:
            ways = math.comb(n1 - 1, k - 1) * math.comb(n2 - 1, k) + math.comb(
                n1 - 1, k
            ) * math.comb(n2 - 1, k - 1)
        else:
            ways = 2 * math.comb(n1 - 1, k - 1) * math.comb(n2 - 1, k - 1)
        if ways:
            counts[r] = ways
    return counts
