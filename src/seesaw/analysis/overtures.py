"""Moscow's timing around the article's mechanism (see data/ANALYSIS.md).

The test: the share of Russian overture episodes (overtures within `merge_days` of each
other are one) that come 0-`coincidence_days` days after a US act raising pressure on
Moscow, against the same share at random real days of the window (the placebo). Placebo
days drawn uniformly make the placebo hits exactly Binomial(n, q), q the share of days
with such an act 0-`coincidence_days` days before them, so the p-value is that
binomial's tail, computed exactly rather than estimated by drawing placebo days.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from seesaw.analysis import masks, views
from seesaw.analysis.describe import binomial_pmf, binomial_tail, wilson
from seesaw.analysis.masks import by_date_id, equals, is_in
from seesaw.analysis.metrics import MetricError
from seesaw.data import memo, vocab

#: The narrow overture definition's kinds (the wide one's: `vocab.OVERTURE_KINDS`).
NARROW_KINDS = frozenset({"call", "summit_offer"})
#: `calls_either` is `wide` plus every US-Russia call coded as a US act.
DEFINITIONS = vocab.OVERTURE_DEFINITIONS
#: The note tag that marks an act fixed by the calendar (a holiday truce).
CALENDAR_TAG = "TAG:calendar"
DIRECTIONS = ("before", "after")


def overture_rows(
    events: pd.DataFrame, definition: str = "wide", exclude_calendar: bool = False
) -> pd.DataFrame:
    """Russian overtures under a definition; `exclude_calendar` drops rows whose notes
    carry `TAG:calendar` (truces fixed by a holiday rather than by events)."""
    masks.check_choice("definition", definition, DEFINITIONS, MetricError)
    actor, kind = events["actor"], events["kind"]
    kinds = NARROW_KINDS if definition == "narrow" else vocab.OVERTURE_KINDS
    # any tone but hostile: the one rule for every count and test
    mask = (
        equals(actor, "russia")
        & is_in(kind, kinds)
        & ~equals(events["tone"], "hostile")
    )
    if definition == "calls_either":
        mask |= (
            equals(actor, "us")
            & equals(kind, "call")
            & equals(events["recipient"], "russia")
        )
    if exclude_calendar:
        notes = events["notes"].fillna("").astype(str)
        mask &= ~notes.str.contains(CALENDAR_TAG, regex=False)
    return by_date_id(events.loc[mask])


#: The counterpart moves the timing test counts on the Gaza track (a coding rule fixed
#: before the Gaza results were seen; data/ANALYSIS.md, 2026-12-06): the moves by which
#: a side gives ground, by the side itself, in any tone but hostile. Acceptances of a
#: proposal, agreements, truces taking effect (Israel's halts), hostage and prisoner
#: releases, counter-proposals and calls, as Moscow's overtures count calls, truces,
#: prisoner deals and counter-proposals; and, for kind `other` only, the acts coded
#: cooperative (aid let in, pauses, crossings reopened). So: Hamas's acceptances and
#: releases after US pressure on Hamas; Israel's acceptances and halts after US
#: pressure on Israel.
CONCESSION_KINDS: frozenset[str] = frozenset(
    {
        "acceptance",
        "agreement",
        "ceasefire",
        "prisoner_exchange",
        "counter_proposal",
        "call",
    }
)
#: The actor whose moves answer US pressure on each side (Kyiv's by the same rule).
COUNTERPARTS: dict[str, str] = {"hamas": "hamas", "israel": "israel", "kyiv": "ukraine"}


def concession_rows(events: pd.DataFrame, side: str) -> pd.DataFrame:
    """The moves by which `side`'s counterpart (`COUNTERPARTS`) gave ground (`CONCESSION_KINDS`
    in any tone but hostile, and cooperative acts of kind `other`), by date and id."""
    masks.check_choice("side", side, COUNTERPARTS, MetricError)
    kind, tone = events["kind"], events["tone"]
    mask = equals(events["actor"], COUNTERPARTS[side]) & (
        (is_in(kind, CONCESSION_KINDS) & ~equals(tone, "hostile"))
        | (equals(kind, "other") & equals(tone, "cooperative"))
    )
    return by_date_id(events.loc[mask])


def us_on_side(events: pd.DataFrame, side: str, effect: str = "raise") -> pd.DataFrame:
    """US acts that raise (or relieve) pressure on `side`, by date and id."""
    mask = (
        equals(events["actor"], "us")
        & equals(events["pressure_on"], side)
        & equals(events["effect"], effect)
    )
    return by_date_id(events.loc[mask])


def counterpart_rows(
    events: pd.DataFrame,
    side: str,
    definition: str = "wide",
    exclude_calendar: bool = False,
) -> pd.DataFrame:
    """The moves that answer US pressure on `side`: Russian overtures (`overture_rows`)
    for Moscow, else the counterpart's concessions (`concession_rows`)."""
    if side == "moscow":
        return overture_rows(events, definition, exclude_calendar)
    return concession_rows(events, side)


#: US acts that raise pressure on Moscow; those that relieve it.
escalation_rows = functools.partial(us_on_side, side="moscow")
relief_rows = functools.partial(us_on_side, side="moscow", effect="relieve")


def episode_starts(
    days: np.ndarray, merge_days: int = vocab.DEFAULT_MERGE_DAYS
) -> np.ndarray:
    """Index of each episode's first overture: an overture within `merge_days` days of
    the previous one joins its episode (so a chain of close overtures is one episode)."""
    d = np.sort(np.asarray(days, dtype=int))
    if len(d) == 0:
        return np.zeros(0, dtype=int)
    new = np.r_[True, np.diff(d) > merge_days]
    return np.flatnonzero(new)


def episode_days(
    days: np.ndarray, merge_days: int = vocab.DEFAULT_MERGE_DAYS
) -> np.ndarray:
    """The first day of each episode."""
    d = np.sort(np.asarray(days, dtype=int))
    return d[episode_starts(d, merge_days)]


def hit_days(
    acts: np.ndarray, days: int, coincidence_days: int, direction: str = "before"
) -> np.ndarray:
    """hit[d] is True when an act falls within [d - window, d] ('before') or
    [d, d + window] ('after'), for every day d = 0..days-1."""
    masks.check_choice("direction", direction, DIRECTIONS, MetricError)
    if coincidence_days < 0:
        raise MetricError(f"coincidence_days: must be >= 0, got {coincidence_days}")
    # Acts up to `coincidence_days` outside the window count for the days at its edges.
    w = coincidence_days
    a = np.asarray(acts, dtype=int) + w
    a = a[(a >= 0) & (a < days + 2 * w)]
    present = np.bincount(a, minlength=days + 2 * w) > 0
    c = np.r_[0, np.cumsum(present)]
    d = np.arange(days) + w
    lo, hi = (d - w, d + 1) if direction == "before" else (d, d + w + 1)
    return (c[hi] - c[lo]) > 0


@dataclass(frozen=True)
class TimingResult:
    """The share of overture episodes with a US act in the window, against placebo days."""

    name: str
    direction: str
    episodes: int
    overtures: int
    hits: int
    rate: float
    rate_low: float
    rate_high: float
    chance: float
    p_value: float  # the exact placebo tail: P(Binomial(episodes, chance) >= hits)
    smallest_p: float
    coincidence_days: int
    merge_days: int
    days: int
    #: The chance of 0..episodes hits on random days (exact binomial), for the chart:
    #: computed here so that drawing it needs no scipy.stats in the kernel.
    placebo_pmf: tuple[float, ...] = field(default=(), compare=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            k: getattr(self, k) for k in self.__dataclass_fields__ if k != "placebo_pmf"
        }


def timing_test_days(
    acts: np.ndarray,
    overture_days: np.ndarray,
    days: int,
    coincidence_days: int = vocab.DEFAULT_COINCIDENCE_DAYS,
    merge_days: int = vocab.DEFAULT_MERGE_DAYS,
    direction: str = "before",
    name: str = "",
    moves: str = "Russian overture",
) -> TimingResult:
    """The timing test on day numbers (0 = the window's first day); `moves` names the
    counterpart's moves in the error raised when the window has none."""
    ov = np.asarray(overture_days, dtype=int)
    ov = ov[(ov >= 0) & (ov < days)]
    ep = episode_days(ov, merge_days)
    n = len(ep)
    if n == 0:
        raise MetricError(f"the timing test: no {moves} in the window; widen the dates")
    hit = hit_days(acts, days, coincidence_days, direction)
    hits = int(hit[ep].sum())
    q = float(hit.mean())
    lo, hi = wilson(hits, n)
    return TimingResult(
        name=name,
        direction=direction,
        episodes=n,
        overtures=len(ov),
        hits=hits,
        rate=hits / n,
        rate_low=lo,
        rate_high=hi,
        chance=q,
        p_value=binomial_tail(hits, n, q),
        smallest_p=q**n,
        coincidence_days=coincidence_days,
        merge_days=merge_days,
        days=days,
        placebo_pmf=binomial_pmf(n, q),
    )


def window_span(
    events: pd.DataFrame, start: object, end: object
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """[start, end] as days; an empty bound takes the first or last date of `events`."""
    if events.empty:
        raise MetricError("overtures: no events in the selection; widen the dates")
    return masks.window_span(events, start, end)


def day_numbers(rows: pd.DataFrame, first: pd.Timestamp) -> np.ndarray:
    """Each row's day counted from `first` (day 0)."""
    return (rows["date"].dt.normalize() - first).dt.days.to_numpy()


def timing_test(
    events: pd.DataFrame,
    start: object = None,
    end: object = None,
    definition: str = "wide",
    coincidence_days: int = vocab.DEFAULT_COINCIDENCE_DAYS,
    merge_days: int = vocab.DEFAULT_MERGE_DAYS,
    exclude_calendar: bool = False,
    direction: str = "before",
    side: str = "moscow",
) -> TimingResult:
    """The counterpart's moves on `side` (`counterpart_rows`) within `coincidence_days`
    after a US act raising pressure on `side` (`direction='before'`: the escalation
    comes before the move), or followed within `coincidence_days` by US relief for
    `side` (`'after'`), against random days of [start, end]."""
    first, last = window_span(events, start, end)
    inside = events[events["date"].between(first, last)]
    moves = counterpart_rows(inside, side, definition, exclude_calendar)
    # All of the US acts, so that those just outside the window count at its edges.
    acts = us_on_side(events, side, "raise" if direction == "before" else "relieve")
    what = f"US {'escalation on' if direction == 'before' else 'relief for'} {side.title()}"
    if side == "moscow":
        label, named = "Russian overture", f"a Russian overture ({definition})"
    else:
        label = f"concession by {COUNTERPARTS[side].title()}"
        named = f"a {label}"
    return timing_test_days(
        day_numbers(acts, first),
        day_numbers(moves, first),
        int((last - first).days) + 1,
        coincidence_days,
        merge_days,
        direction,
        name=f"{what} {direction} {named}",
        moves=label,
    )


def episode_table(
    events: pd.DataFrame,
    start: object = None,
    end: object = None,
    coincidence_days: int = vocab.DEFAULT_COINCIDENCE_DAYS,
) -> pd.DataFrame:
    """One row per overture episode: its dates, rows and kinds, and the last US
    escalation on Moscow on or before it (with the lag in days)."""
    first, last = window_span(events, start, end)
    ov = overture_rows(events[events["date"].between(first, last)])
    cols = ["episode", "start", "end", "overtures", "kinds", "calendar"]
    cols += ["escalation", "days_after_escalation", "in_window"]
    if ov.empty:
        return pd.DataFrame(columns=cols)
    new = np.zeros(len(ov), dtype=int)
    new[episode_starts(day_numbers(ov, first))] = 1
    notes = ov["notes"].fillna("").astype(str)
    found = ov.assign(
        episode=np.cumsum(new),
        kind=ov["kind"].astype(str),
        calendar=notes.str.contains(CALENDAR_TAG, regex=False),
    ).groupby("episode", as_index=False)
    out = found.agg(
        start=("date", "first"),
        end=("date", "last"),
        overtures=("id", " ".join),
        kinds=("kind", lambda k: ", ".join(dict.fromkeys(k))),
        calendar=("calendar", "any"),
    )
    esc = escalation_rows(events)[["id", "date"]].rename(columns={"date": "on"})
    out = pd.merge_asof(out, esc, left_on="start", right_on="on")
    lag = (out["start"] - out["on"]).dt.days.astype("Int64")
    return out.assign(
        overtures=out["overtures"].astype(str),
        # as a list, so the column is read as text (all missing: None) as rows would be
        escalation=pd.Series([None if pd.isna(i) else i for i in out["id"]]),
        days_after_escalation=lag,
        in_window=lag.le(coincidence_days).fillna(False).astype(bool),
    )[cols]


@memo.cached(project={"events": views.tags_only})
def sensitivity_table(
    events: pd.DataFrame,
    start: object = None,
    end: object = None,
    coincidence_days: int = vocab.DEFAULT_COINCIDENCE_DAYS,
) -> pd.DataFrame:
    """The timing test under every stated variant of the run's primary (its window
    `coincidence_days`): definition, the plan's other windows, calendar truces
    excluded, episodes unmerged."""
    windows = (vocab.DEFAULT_COINCIDENCE_DAYS, 7, 14)  # the plan's: 3, then 7 and 14
    variants: list[tuple[str, dict[str, Any]]] = [
        (f"primary: wide, 0-{coincidence_days} days, merged", {}),
        *(
            (f"window 0-{w} days", {"coincidence_days": w})
            for w in windows
            if w != coincidence_days
        ),
        ("narrow: calls and summit offers", {"definition": "narrow"}),
        ("calls whoever placed them", {"definition": "calls_either"}),
        ("calendar truces left out", {"exclude_calendar": True}),
        ("episodes not merged", {"merge_days": 0}),
    ]
    rows: list[dict[str, Any]] = []
    for label, kw in variants:
        try:
            kw = {"coincidence_days": coincidence_days} | kw
            r = timing_test(events, start, end, **kw)
        except MetricError as err:
            rows.append({"variant": label, "note": str(err)})
            continue
        shown = (
            "episodes",
            "hits",
            "rate",
            "rate_low",
            "rate_high",
            "chance",
            "p_value",
        )
        rows.append({"variant": label, **{k: getattr(r, k) for k in shown}})
    from seesaw.analysis.spells import holm_column

    return holm_column(pd.DataFrame(rows))
