"""Moscow's timing: does a Russian overture follow US pressure, and precede US relief?

The article's claim is that Putin defuses each wave of pressure with a call or a summit
offer. Three views, all pure functions:

- an event study: US escalation on Moscow per day around each overture (days -W..+W),
  averaged, against a placebo band from random dates;
- event-coincidence rates: the share of overtures preceded within dT days by a US
  escalation on Moscow, and the share followed within dT days by US relief for Moscow,
  each with a p-value under a Poisson/binomial null;
- the lag table: for each overture, the last escalation before it and the first relief
  after it.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from seesaw.analysis.describe import overture_mask
from seesaw.analysis.masks import by_date_id, equals, is_in
from seesaw.analysis.metrics import MetricError, check_window
from seesaw.data import vocab


def overtures(events: pd.DataFrame) -> pd.DataFrame:
    """Russian overtures: calls, summit offers, meetings, talks, truces, prisoner deals
    and counter-proposals in any tone but hostile. The same rows as the *wide*
    definition of `seesaw.analysis.overtures.overture_rows`, the one the verdicts test, so every
    chart and count of "Russian overtures" means one thing."""
    return by_date_id(events.loc[overture_mask(events)])


def hardline_moves(events: pd.DataFrame) -> pd.DataFrame:
    """Russian demands, rejections and strikes."""
    mask = equals(events["actor"], "russia") & (
        is_in(events["kind"], vocab.HARDLINE_KINDS) | equals(events["tone"], "hostile")
    )
    return by_date_id(events.loc[mask])


def escalations_on_moscow(scored: pd.DataFrame) -> pd.DataFrame:
    """Scored US acts that raise pressure on Moscow."""
    mask = scored["pressure_on"].astype(str).eq("moscow") & scored["effect"].astype(
        str
    ).eq("raise")
    return scored.loc[mask]


def relief_for_moscow(scored: pd.DataFrame) -> pd.DataFrame:
    """Scored US acts that relieve pressure on Moscow."""
    mask = scored["pressure_on"].astype(str).eq("moscow") & scored["effect"].astype(
        str
    ).eq("relieve")
    return scored.loc[mask]


def _daily_weights(acts: pd.DataFrame, first: pd.Timestamp, span: int) -> np.ndarray:
    day = (acts["date"].dt.normalize() - first).dt.days.to_numpy()
    inside = (day >= 0) & (day < span)
    return np.bincount(
        day[inside], weights=acts["weight"].to_numpy()[inside], minlength=span
    )


@dataclass(frozen=True)
class EventStudy:
    """Mean daily US pressure around overtures, with a placebo band."""

    profile: (
        pd.DataFrame
    )  # columns: offset, mean, placebo_low, placebo_mid, placebo_high
    n_events: int
    window_days: int
    pre_mean: float
    post_mean: float
    pre_minus_post: float
    p_value: (
        float  # share of placebo draws with a pre-post difference at least as large
    )
    draws: int
    seed: int


def event_study(
    anchors: pd.Series,
    acts: pd.DataFrame,
    span: tuple[pd.Timestamp, pd.Timestamp],
    window_days: int = 14,
    draws: int = 2000,
    seed: int = 0,
) -> EventStudy:
    """Average weight of `acts` per day at offsets -W..+W around the `anchors` dates.

    The placebo draws as many random days as there are anchors (uniform over every day
    of `span`, as the anchors are) and repeats; its 5th-95th percentiles of the mean
    profile form the band, and the share of draws whose pre-minus-post difference is at
    least the observed one is the one-sided p-value, (1+hits)/(B+1). Offsets that fall
    outside `span`, for an anchor or a placebo day near either end, count as days
    without acts (weight 0), so anchors and placebo days are treated alike.
    """
    check_window("window_days", window_days)
    first, last = pd.Timestamp(span[0]).normalize(), pd.Timestamp(span[1]).normalize()
    total = int((last - first).days) + 1
    if 2 * window_days + 1 > total:
        raise MetricError(
            f"window_days: {window_days} needs a span of at least {2 * window_days + 1} days; "
            f"the data span {total}"
        )
    anchors = pd.to_datetime(pd.Series(anchors)).dt.normalize()
    anchors = anchors[(anchors >= first) & (anchors <= last)]
    if anchors.empty:
        raise MetricError(
            "event_study: no anchor dates in the span; widen the selection"
        )
    pad = window_days
    daily = np.r_[np.zeros(pad), _daily_weights(acts, first, total), np.zeros(pad)]
    offsets = np.arange(-window_days, window_days + 1)

    def profile_at(days: np.ndarray) -> np.ndarray:
        return daily[(days[..., None] + pad + offsets)].mean(axis=-2)

    anchor_days = (anchors - first).dt.days.to_numpy()
    observed = profile_at(anchor_days)
    rng = np.random.default_rng(seed)
    placebo_days = rng.integers(0, total, size=(draws, len(anchor_days)))
    placebo = profile_at(placebo_days)
    pre = slice(0, window_days)
    post = slice(window_days + 1, 2 * window_days + 1)
    diff_obs = observed[pre].mean() - observed[post].mean()
    diff_null = placebo[:, pre].mean(axis=1) - placebo[:, post].mean(axis=1)
    hits = int(np.count_nonzero(diff_null >= diff_obs))
    table = pd.DataFrame(
        {
            "offset": offsets,
            "mean": observed,
            "placebo_low": np.percentile(placebo, 5, axis=0),
            "placebo_mid": np.percentile(placebo, 50, axis=0),
            "placebo_high": np.percentile(placebo, 95, axis=0),
        }
    )
    return EventStudy(
        profile=table,
        n_events=len(anchor_days),
        window_days=window_days,
        pre_mean=float(observed[pre].mean()),
        post_mean=float(observed[post].mean()),
        pre_minus_post=float(diff_obs),
        p_value=(1 + hits) / (draws + 1),
        draws=draws,
        seed=seed,
    )


def binomial_sf(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p), exact."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    return float(
        sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k, n + 1))
    )


@dataclass(frozen=True)
class Coincidence:
    """An event-coincidence rate with its Poisson/binomial null."""

    name: str
    n_events: int
    hits: int
    rate: float
    window_days: int
    chance_per_event: float
    p_value: float

    def as_dict(self) -> dict[str, float | int | str]:
        return asdict(self)


def coincidence(
    anchors: pd.Series,
    others: pd.Series,
    span: tuple[pd.Timestamp, pd.Timestamp],
    window_days: int,
    direction: str,
    name: str = "",
) -> Coincidence:
    """Share of `anchors` with at least one of `others` within `window_days` days
    before (`direction='before'`, days [t-dT, t]) or after (`'after'`, [t, t+dT]).

    Null: `others` fall as a Poisson process at their average daily rate over `span`,
    so each window of dT+1 days holds one with chance 1 - exp(-rate (dT+1)); the count
    of anchors with a hit is binomial, and p is its upper tail.
    """
    check_window("coincidence_days", window_days)
    if direction not in ("before", "after"):
        raise MetricError(
            f"direction: unknown value {direction!r}; allowed: before, after"
        )
    a = pd.to_datetime(pd.Series(anchors)).dt.normalize().to_numpy()
    o = np.sort(pd.to_datetime(pd.Series(others)).dt.normalize().to_numpy())
    if len(a) == 0:
        raise MetricError(f"{name or 'coincidence'}: no anchor events in the selection")
    dt_ = np.timedelta64(window_days, "D")
    if direction == "before":
        lo, hi = a - dt_, a
    else:
        lo, hi = a, a + dt_
    hit = np.searchsorted(o, hi, side="right") - np.searchsorted(o, lo, side="left") > 0
    days = int((pd.Timestamp(span[1]) - pd.Timestamp(span[0])).days) + 1
    rate = len(o) / days if days > 0 else 0.0
    chance = 1.0 - math.exp(-rate * (window_days + 1))
    hits = int(hit.sum())
    return Coincidence(
        name=name,
        n_events=len(a),
        hits=hits,
        rate=hits / len(a),
        window_days=window_days,
        chance_per_event=chance,
        p_value=binomial_sf(hits, len(a), chance),
    )


def _same(a: object, b: object) -> bool:
    """Equality that treats missing values (None, NA, NaN) as unequal to everything."""
    return bool(not pd.isna(a) and not pd.isna(b) and a == b)  # type: ignore[arg-type]


def lag_table(
    overture_rows: pd.DataFrame, escalations: pd.DataFrame, reliefs: pd.DataFrame
) -> pd.DataFrame:
    """For each overture: the last US escalation on Moscow on or before it, the first US
    relief for Moscow on or after it, and the lags in days."""
    esc = escalations.sort_values(["date", "id"])
    rel = reliefs.sort_values(["date", "id"])
    rows = []
    for ov in overture_rows.itertuples(index=False):
        before = esc[esc["date"] <= ov.date]
        after = rel[rel["date"] >= ov.date]
        e = before.iloc[-1] if len(before) else None
        r = after.iloc[0] if len(after) else None
        rows.append(
            {
                "overture": ov.id,
                "date": ov.date,
                "who": ov.actor_detail,
                "kind": str(ov.kind),
                "escalation": e["id"] if e is not None else None,
                "escalation_date": e["date"] if e is not None else pd.NaT,
                "days_after_escalation": int((ov.date - e["date"]).days)
                if e is not None
                else None,
                "relief": r["id"] if r is not None else None,
                "relief_date": r["date"] if r is not None else pd.NaT,
                "days_to_relief": int((r["date"] - ov.date).days)
                if r is not None
                else None,
                "linked": e is not None
                and _same(getattr(ov, "responds_to", None), e["id"]),
            }
        )
    out = pd.DataFrame(rows)
    for col in ("days_after_escalation", "days_to_relief"):
        if col in out:
            out[col] = out[col].astype("Int64")
    return out


def full_pattern(lags: pd.DataFrame, days: int) -> pd.DataFrame:
    """Overtures in the article's full pattern: escalation, then the overture, then
    relief, each step within `days` days."""
    esc = lags["days_after_escalation"].astype("Float64").le(days).fillna(False)
    rel = lags["days_to_relief"].astype("Float64").le(days).fillna(False)
    return lags.loc[esc.astype(bool) & rel.astype(bool)]
