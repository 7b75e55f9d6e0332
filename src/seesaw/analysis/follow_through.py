"""Follow-through by instrument: was a US threat carried out by the deed it named?

`carried_out` when a side's threats were followed by their instrument within `days` days
more often than the instrument follows random days (exact binomial test at the base
rate, p < alpha); else `no_pattern` only with at least 80% power against half the
threats carried out, `inconclusive` with less, `untestable` when none could be counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from seesaw.analysis import describe
from seesaw.analysis import power as pw
from seesaw.analysis.masks import SIDE_NAMES, window_span
from seesaw.data import vocab

#: The realistic world: half the threats carried out, the rest at the base rate.
FOLLOW_WORLD_SHARE = 0.5
FOLLOW_VERDICTS = ("carried_out", "no_pattern", "inconclusive", "untestable")


@dataclass(frozen=True)
class FollowThroughVerdict:
    verdict: str
    side: str
    start: pd.Timestamp
    end: pd.Timestamp
    days: int
    threats: int  # US threats raising pressure on the side in the window
    counted: int  # those with an instrument and `days` of data after them
    kept: int
    chance: float  # share of random days followed by such a deed
    p_value: float
    power: float
    hits_needed: int | None
    mde_rate: float | None
    alpha: float = vocab.ALPHA

    @property
    def rate(self) -> float:
        return self.kept / self.counted if self.counted else float("nan")

    @property
    def interval(self) -> tuple[float, float]:
        if not self.counted:
            return float("nan"), float("nan")
        return describe.wilson(self.kept, self.counted)

    def mde(self) -> str:
        name = SIDE_NAMES[self.side]
        if not self.counted:
            return (
                f"no US threat on {name} named an instrument and had {self.days} days "
                "of data after it, so no effect could be detected"
            )
        return pw.mde_words(
            self.hits_needed,
            self.mde_rate,
            f"{self.counted} threats",
            "been carried out",
            f"{self.counted} threats had been carried out within {self.days} days (the "
            f"instrument follows {self.chance:.0%} of random days)",
        )

    def plain(self) -> str:
        name = SIDE_NAMES[self.side]
        if self.verdict == "untestable" and not self.threats:
            return f"the data cannot run this test on {name}: no US threat on {name} in the window"
        if self.verdict == "untestable":
            return (
                f"the data cannot run this test on {name}: of "
                f"{vocab.count(self.threats, 'US threat')} on {name} in the window, none "
                f"named an instrument (sanctions, tariffs, arms) and had {self.days} days "
                "of data after it"
            )
        if self.verdict == "carried_out":
            return (
                f"US threats on {name} were carried out by the instrument they named "
                "more often than that instrument follows random days"
            )
        more = (
            "more often than random days, but not beyond what chance allows"
            if self.rate > self.chance
            else "no more often than random days"
        )
        if self.verdict == "no_pattern":
            return (
                f"US threats on {name} were carried out by their instrument {more}, "
                "and the test would have seen it had half of them been carried out, so "
                "the data speak against that much follow-through"
            )
        # Under MIN_POWER the test misses a realistic pattern in most samples; under
        # GOOD_POWER (an inconclusive verdict's power) in over a fifth ("often").
        miss = (
            "would miss a realistic pattern more often than not"
            if self.power < vocab.MIN_POWER
            else "would often miss a realistic pattern"
        )
        return (
            f"the data cannot tell: US threats on {name} were carried out by their "
            f"instrument {more}; with so few threats the test {miss}, so this is no "
            "evidence either way"
        )

    def figures(self) -> str:
        if not self.counted:
            return f"{vocab.count(self.threats, 'threat')}, none counted"
        lo, hi = self.interval
        return (
            f"{self.kept} of {self.counted} threats carried out within {self.days} "
            f"days ({self.rate:.0%}, 95% interval {lo:.0%} to {hi:.0%}), while the "
            f"instrument follows {self.chance:.0%} of random days; exact binomial p "
            f"{'below 0.001' if self.p_value < 0.001 else f'= {self.p_value:.3f}'}; "
            f"power against a world where half the threats are carried out: "
            f"{self.power:.0%}; {self.mde()}"
        )

    def sentence(self) -> str:
        return f"{self.plain()} (in figures: {self.figures()})"

    def effect_dict(self) -> dict[str, Any]:
        ok = self.counted and self.chance > 0
        lo, hi = self.interval
        return {
            "measure": f"how many times as often a US threat on {SIDE_NAMES[self.side]} "
            f"was carried out by its instrument within {self.days} days as a random day "
            "was followed by that instrument (the rate's Wilson 95% interval over the "
            "base rate)",
            "estimate": self.rate / self.chance if ok else None,
            "interval": [lo / self.chance, hi / self.chance] if ok else None,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "side": self.side,
            "start": self.start.date().isoformat(),
            "end": self.end.date().isoformat(),
            **{k: getattr(self, k) for k in ("days", "threats", "counted", "kept")},
            "base_rate": None if self.chance != self.chance else self.chance,
            "p_value": None if self.p_value != self.p_value else self.p_value,
            "alpha": self.alpha,
            "effect": self.effect_dict(),
            "power": self.power,
            "power_world": "half the threats carried out by their instrument, the "
            "rest at the base rate, at this window's count of threats",
            "mde": self.mde(),
            "plain": self.plain(),
            "figures": self.figures(),
            "sentence": self.sentence(),
        }


def follow_through_verdict(
    events: pd.DataFrame,
    side: str,
    start: object = vocab.ANALYSIS_START,
    end: object = vocab.ARTICLE_END,
    days: int = vocab.DEFAULT_FOLLOW_DAYS,
    alpha: float = vocab.ALPHA,
) -> FollowThroughVerdict:
    """Follow-through by instrument on `side` in [start, end], by the claims ledger's
    rule (`claim_checks.follow_through_table`); too few threats give `untestable`."""
    from seesaw.analysis import claim_checks

    first, last = window_span(events, start, end)
    p = {"start": first, "end": last, "target": side, "days": days}
    table = claim_checks.follow_through_table(events, p)
    counted = table[table["status"].isin(["followed", "not followed"])]
    kept = int(counted["status"].eq("followed").sum())
    n = len(counted)
    chance = float(counted["base_rate"].mean()) if n else float("nan")
    if n and chance == chance:
        p_value = describe.binomial_tail(kept, n, chance)
        power = pw.timing_power(n, chance, FOLLOW_WORLD_SHARE, alpha)
        needed = pw.timing_hits_needed(n, chance, alpha)
        mde_rate = pw.timing_mde_rate(n, chance, alpha)
    else:
        p_value, power, needed, mde_rate = float("nan"), 0.0, None, None
    if not n:
        verdict = "untestable"
    elif p_value < alpha and kept / n > chance:
        verdict = "carried_out"
    else:
        verdict = pw.null_verdict(power)
    return FollowThroughVerdict(
        verdict, side, first, last, days, len(table), n, kept, chance, p_value,
        power, needed, mde_rate, alpha,
    )  # fmt: skip
