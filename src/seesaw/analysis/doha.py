"""The article's sequence on the Gaza track, dated from the rows (contrast question e).

The Doha strike, US pressure on Netanyahu, the 20-point plan, the deal: each step found
by a rule on the Gaza rows (never by id), the dates checked for order, and US acts
raising pressure on Israel in the `DOHA_DAYS` days after the strike set against the
`DOHA_DAYS` before (an exact conditional test, with its power to see a doubling).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import pandas as pd

from seesaw.analysis.describe import binomial_tail
from seesaw.analysis.masks import by_date_id, track_rows
from seesaw.analysis.overtures import us_on_side
from seesaw.analysis.power import null_verdict, timing_hits_needed
from seesaw.data import vocab

#: How many days around the Doha strike the rates of US pressure on Israel compare.
DOHA_DAYS = 30
#: The effect the sequence test's power is measured against: US pressure on Israel
#: twice as frequent after the strike as before.
DOHA_WORLD_RATIO = 2.0
#: The steps, as a reader names them.
STEPS = ("the Doha strike", "US pressure on Netanyahu", "the 20-point plan", "the deal")


@dataclass(frozen=True)
class Sequence:
    """The Doha strike, US pressure on Netanyahu, the plan, the deal: dated from rows."""

    steps: list[dict[str, Any]]  # name, id, date (None when no row matches)
    in_order: bool | None  # None when a step has no row
    before: int  # US acts raising pressure on Israel in the DOHA_DAYS days before
    after: int  # ... in the DOHA_DAYS days after (the strike's day excluded from both)
    p_value: float  # exact conditional test: more after than before
    power: float  # against pressure twice as frequent after the strike
    days: int = DOHA_DAYS

    @property
    def verdict(self) -> str:
        if self.in_order is None:
            return "incomplete"
        if not self.in_order:
            return "out_of_order"
        if self.p_value < vocab.ALPHA:
            return "in_order_and_pressure_rose"
        return null_verdict(
            self.power, "in_order_pressure_did_not_rise", "in_order_rise_inconclusive"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "steps": [
                {**s, "date": s["date"] and s["date"].date().isoformat()}
                for s in self.steps
            ],
            "in_order": self.in_order,
            "pressure_on_israel_before": self.before,
            "pressure_on_israel_after": self.after,
            "days": self.days,
            "p_value": self.p_value,
            "power": self.power,
            "power_world": f"US pressure on Israel {DOHA_WORLD_RATIO:g} times as frequent "
            f"in the {self.days} days after the strike as in the {self.days} before, at "
            "the observed total",
        }


def _first(rows: pd.DataFrame) -> dict[str, Any] | None:
    if rows.empty:
        return None
    row = by_date_id(rows).iloc[0]
    return {"id": str(row["id"]), "date": pd.Timestamp(row["date"]).normalize()}


def sequence_steps(rows: pd.DataFrame) -> list[dict[str, Any] | None]:
    """Each step's first row (id and date) among the Gaza `rows`, None when none:

    1. the Doha strike: Israel's first strike of September 2025 whose summary names
       Doha or Qatar;
    2. US pressure on Netanyahu: the first US act raising pressure on Israel on or
       after the strike;
    3. the plan: the first US peace plan on or after that act whose summary names the
       20-point plan, or failing that any US peace plan;
    4. the deal: the first agreement (any actor) on or after the plan.
    """
    summary = rows["summary"].fillna("").astype(str)
    actor, kind = rows["actor"].astype(str), rows["kind"].astype(str)
    sept = rows["date"].between("2025-09-01", "2025-09-30")
    doha = summary.str.contains("Doha|Qatar", regex=True)
    found: list[dict[str, Any] | None] = [None] * len(STEPS)
    found[0] = _first(rows[actor.eq("israel") & kind.eq("strike") & sept & doha])
    if found[0] is not None:
        us = us_on_side(rows, "israel")
        found[1] = _first(us[us["date"] >= found[0]["date"]])
    if found[1] is not None:
        plans = rows[
            actor.eq("us") & kind.eq("peace_plan") & (rows["date"] >= found[1]["date"])
        ]
        named = plans[plans["summary"].fillna("").str.contains("20-point", regex=False)]
        found[2] = _first(named) or _first(plans)
    if found[2] is not None:
        found[3] = _first(
            rows[kind.eq("agreement") & (rows["date"] >= found[2]["date"])]
        )
    return found


def pressure_around(
    rows: pd.DataFrame, day: pd.Timestamp
) -> tuple[int, int, float, float]:
    """US acts raising pressure on Israel in the `DOHA_DAYS` days before and after
    `day` (its own day in neither), the exact conditional p of more after than before,
    and that test's power against pressure `DOHA_WORLD_RATIO` times as frequent after."""
    dates = us_on_side(rows, "israel")["date"].dt.normalize()
    gap, one = pd.Timedelta(days=DOHA_DAYS), pd.Timedelta(days=1)
    before = int(dates.between(day - gap, day - one).sum())
    after = int(dates.between(day + one, day + gap).sum())
    n = before + after
    if not n:
        return before, after, float("nan"), 0.0
    need = timing_hits_needed(n, 0.5)  # the exact one-sided binomial test at 1:1
    share = DOHA_WORLD_RATIO / (1 + DOHA_WORLD_RATIO)
    power = 0.0 if need is None else binomial_tail(need, n, share)
    return before, after, binomial_tail(after, n, 0.5), power


def doha_sequence(events: pd.DataFrame) -> Sequence:
    """The article's sequence on the Gaza rows of `events` (`sequence_steps`), whether
    its dates come in order, and US pressure on Israel around the strike
    (`pressure_around`)."""
    rows = track_rows(events, "gaza")
    found = sequence_steps(rows)
    steps = [
        {"step": n, "id": f["id"] if f else None, "date": f["date"] if f else None}
        for n, f in zip(STEPS, found, strict=True)
    ]
    dates: list[pd.Timestamp] = [s["date"] for s in steps if s["date"] is not None]
    in_order = (
        None
        if len(dates) < len(steps)
        else all(a <= b for a, b in itertools.pairwise(dates))
    )
    strike = found[0]
    if strike is None:
        return Sequence(steps, in_order, 0, 0, float("nan"), 0.0)
    return Sequence(steps, in_order, *pressure_around(rows, strike["date"]))
