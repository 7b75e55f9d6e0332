"""Moscow's timing, described: the rows it is about, and an event study around them.

The test of the article's claim (Putin defuses each wave of pressure) is
`seesaw.analysis.overtures`; here, the picture around it: US escalation on Moscow per
day around each overture (days -W..+W), averaged, against a placebo band.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from seesaw.analysis.masks import by_date_id, equals, is_in
from seesaw.analysis.metrics import MetricError, check_window
from seesaw.analysis.overtures import day_numbers
from seesaw.data import vocab


def hardline_moves(events: pd.DataFrame) -> pd.DataFrame:
    """Russian demands, rejections and strikes."""
    mask = equals(events["actor"], "russia") & (
        is_in(events["kind"], vocab.HARDLINE_KINDS) | equals(events["tone"], "hostile")
    )
    return by_date_id(events.loc[mask])


@dataclass(frozen=True)
class EventStudy:
    """Mean daily US pressure around overtures, with a placebo band."""

    profile: pd.DataFrame  # offset, mean, placebo_low, placebo_mid, placebo_high
    n_events: int
    event_window_days: int
    pre_mean: float
    post_mean: float
    pre_minus_post: float
    p_value: float  # share of placebo draws with a pre-post difference as large
    draws: int


def event_study(
    anchors: pd.Series,
    acts: pd.DataFrame,
    span: tuple[pd.Timestamp, pd.Timestamp],
    event_window_days: int = vocab.DEFAULT_EVENT_WINDOW_DAYS,
    draws: int = 2000,
    seed: int = vocab.DEFAULT_SEED,
) -> EventStudy:
    """Average weight of `acts` per day at offsets -W..+W around the `anchors` dates.

    The placebo draws as many random days as there are anchors (uniform over every day
    of `span`, as the anchors are) and repeats; its 5th-95th percentiles of the mean
    profile form the band, and the share of draws whose pre-minus-post difference is at
    least the observed one is the one-sided p-value, (1+hits)/(B+1). Offsets that fall
    outside `span`, for an anchor or a placebo day near either end, count as days
    without acts (weight 0), so anchors and placebo days are treated alike.
    """
    check_window("event_window_days", event_window_days)
    first, last = pd.Timestamp(span[0]).normalize(), pd.Timestamp(span[1]).normalize()
    total = int((last - first).days) + 1
    if 2 * event_window_days + 1 > total:
        raise MetricError(
            f"event_window_days: {event_window_days} needs a span of at least {2 * event_window_days + 1} days; "
            f"the data span {total}"
        )
    anchors = pd.to_datetime(pd.Series(anchors)).dt.normalize()
    anchors = anchors[(anchors >= first) & (anchors <= last)]
    if anchors.empty:
        raise MetricError(
            "event_study: no anchor dates in the span; widen the selection"
        )
    pad = event_window_days
    day = day_numbers(acts, first)
    inside = (day >= 0) & (day < total)
    weight = acts["weight"].to_numpy()[inside]
    daily = np.r_[np.zeros(pad), np.bincount(day[inside], weight, total), np.zeros(pad)]
    offsets = np.arange(-event_window_days, event_window_days + 1)

    def profile_at(days: np.ndarray) -> np.ndarray:
        return daily[(days[..., None] + pad + offsets)].mean(axis=-2)

    anchor_days = (anchors - first).dt.days.to_numpy()
    observed = profile_at(anchor_days)
    rng = np.random.default_rng(seed)
    placebo_days = rng.integers(0, total, size=(draws, len(anchor_days)))
    placebo = profile_at(placebo_days)
    pre = slice(0, event_window_days)
    post = slice(event_window_days + 1, 2 * event_window_days + 1)
    diff_obs = observed[pre].mean() - observed[post].mean()
    diff_null = placebo[:, pre].mean(axis=1) - placebo[:, post].mean(axis=1)
    hits = int(np.count_nonzero(diff_null >= diff_obs))
    low, mid, high = np.percentile(placebo, [5, 50, 95], axis=0)
    table = pd.DataFrame(
        {
            "offset": offsets,
            "mean": observed,
            "placebo_low": low,
            "placebo_mid": mid,
            "placebo_high": high,
        }
    )
    return EventStudy(
        profile=table,
        n_events=len(anchor_days),
        event_window_days=event_window_days,
        pre_mean=float(observed[pre].mean()),
        post_mean=float(observed[post].mean()),
        pre_minus_post=float(diff_obs),
        p_value=(1 + hits) / (draws + 1),
        draws=draws,
    )
