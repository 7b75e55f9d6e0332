"""The timing verdict: did the counterpart's moves come soon after US pressure?

`follow_pressure` when Russian overture episodes (on Gaza's track, a side's concessions)
came within `coincidence_days` after a US escalation on that side more often than at
placebo days (the placebo's exact p < alpha, rate above chance); else `no_pattern` only
with at least 80% power against a world where half the episodes follow an escalation,
`inconclusive` with less. It leads with the rate ratio over chance and its interval.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import pandas as pd

from seesaw.analysis import overtures, views
from seesaw.analysis import power as pw
from seesaw.analysis.masks import SIDE_NAMES, window_span
from seesaw.analysis.metrics import MetricError
from seesaw.data import memo, vocab

OVERTURE_VERDICTS = ("follow_pressure", "no_pattern", "inconclusive")
#: The share of overture episodes that follow an escalation in the timing test's
#: realistic world (the rest fall on random days).
TIMING_WORLD_SHARE = 0.5


@dataclass(frozen=True)
class OvertureVerdict:
    verdict: str
    start: pd.Timestamp
    end: pd.Timestamp
    alpha: float
    timing: overtures.TimingResult
    relief: overtures.TimingResult | None
    power: float  # against half the episodes following an escalation
    hits_needed: int | None  # fewest hits whose exact tail is below alpha
    mde_rate: float | None  # least true hit rate found with 80% power
    side: str  # the side pressed; its counterpart's moves are timed

    @property
    def _on(self) -> str:
        return SIDE_NAMES[self.side]

    @property
    def _episode(self) -> str:
        return "overture" if self.side == "moscow" else "concession"

    @property
    def _who(self) -> str:
        return (
            "Russian overtures"
            if self.side == "moscow"
            else f"{self._on}'s concessions"
        )

    @property
    def rate_ratio(self) -> tuple[float, float, float]:
        """Hit rate over chance rate, with the hit rate's Wilson interval over it."""
        t = self.timing
        if not t.chance:
            return float("nan"), float("nan"), float("nan")
        return t.rate / t.chance, t.rate_low / t.chance, t.rate_high / t.chance

    def effect_dict(self) -> dict[str, Any]:
        est, lo, hi = self.rate_ratio
        a = "an" if self.side == "moscow" else "a"
        return {
            "measure": f"how many times as likely {a} {self._episode} episode was to come "
            f"0-{self.timing.coincidence_days} days after a US escalation on {self._on} "
            "as a random day (hit rate over chance rate; the hit rate's Wilson 95% "
            "interval over the chance rate)",
            "estimate": None if est != est else est,
            "interval": None if est != est else [lo, hi],
        }

    def mde(self) -> str:
        t = self.timing
        return pw.mde_words(
            self.hits_needed,
            self.mde_rate,
            f"{t.episodes} episodes",
            "come soon after an escalation",
            f"{t.episodes} {self._episode} episodes had come within "
            f"{t.coincidence_days} days of an escalation (against {t.chance:.0%} of "
            "random days)",
        )

    def plain(self) -> str:
        """The verdict in plain words, no figures: what a reader is told first."""
        t = self.timing
        if self.verdict == "follow_pressure":
            return (
                f"{self._who} came soon after US pressure on {self._on} more often than "
                "random days would"
            )
        if not self.can_reject:
            return (
                f"too few {self._episode}s to tell: even if every one had come soon after US "
                "pressure, chance could not be ruled out"
            )
        more = (
            f"came soon after US pressure on {self._on} more often than random days, "
            "but within chance"
            if t.rate > t.chance
            else f"came soon after US pressure on {self._on} no more often than random "
            "days would"
        )
        if self.verdict == "no_pattern":
            return (
                f"no pattern beyond chance: {self._who} {more}, and the test was "
                "strong enough to see a realistic pattern, so the data speak against it"
            )
        return (
            # Under 80% power the test misses a realistic pattern in over a fifth of
            # samples ("often"), not necessarily in most.
            f"the data cannot tell: {self._who} {more}; with so few episodes the "
            "test would often miss a realistic pattern, so this is no evidence against it"
        )

    def figures(self) -> str:
        """The figures behind `plain`: the effect, the test, the power."""
        t = self.timing
        est, lo, hi = self.rate_ratio
        ratio = (
            f"{self._episode} episodes were {est:.1f} times as likely to come "
            f"0-{t.coincidence_days} days after a US act raising pressure on {self._on} "
            f"as random days (95% interval {lo:.1f} to {hi:.1f}): "
            if est == est
            else ""
        )
        power = (
            f"; power against a world where half the episodes follow an escalation: "
            f"{self.power:.0%}"
            if self.power == self.power
            else ""
        )
        return (
            f"{ratio}{t.hits} of {t.episodes} episodes, {t.rate:.0%}, 95% interval "
            f"{t.rate_low:.0%} to {t.rate_high:.0%}, against {t.chance:.0%} of random "
            f"days; p = {t.p_value:.3f}{power}; {self.mde()}"
        )

    def sentence(self) -> str:
        """The verdict in words first, its figures after, in brackets."""
        return f"{self.plain()} (in figures: {self.figures()})"

    @property
    def can_reject(self) -> bool:
        """Whether the test could reach alpha at all (every episode a hit)."""
        return self.timing.smallest_p < self.alpha

    def headline(self) -> str:
        """The verdict in one short line (chart titles, headings)."""
        t = self.timing
        share = (
            f"{t.hits} of {t.episodes} {self._episode} episodes came 0-{t.coincidence_days} "
            f"days after a US escalation on {self._on}, against {t.chance:.0%} of random "
            f"days (p = {t.p_value:.3f})"
        )
        if self.verdict == "follow_pressure":
            return f"{self._who} followed US pressure: {share}"
        if not self.can_reject:
            return f"Too few {self._episode}s to tell: {share}"
        if self.verdict == "no_pattern":
            return f"{self._who} did not follow US pressure more than chance: {share}"
        return f"The data cannot tell whether {self._who} followed US pressure: {share}"

    def power_line(self) -> str:
        return (
            f"With a chance rate of {self.timing.chance:.0%}, {self.mde()}; against a "
            f"world where half the episodes follow an escalation the test's power is "
            f"{self.power:.0%}."
        )

    def as_dict(self) -> dict[str, Any]:
        t = self.timing
        out: dict[str, Any] = {
            "verdict": self.verdict,
            "p_value": t.p_value,
            "coincidence_days": t.coincidence_days,
            "episodes": t.episodes,
            "test": f"share of {self._episode} episodes 0-{t.coincidence_days} days after a "
            f"US escalation on {self._on}, against placebo days",
            "alpha": self.alpha,
            "start": self.start.date().isoformat(),
            "end": self.end.date().isoformat(),
            "effect": self.effect_dict(),
            "power": None if self.power != self.power else self.power,
            "power_world": f"half the {self._episode} episodes 0-{t.coincidence_days} "
            "days after an escalation, the rest on random days, at this window's episodes "
            "and chance rate",
            "mde": self.mde(),
            "sentence": self.sentence(),
            "headline": self.headline(),
            "power_line": self.power_line(),
            "plain": self.plain(),
            "figures": self.figures(),
            "can_reject": self.can_reject,
            **{k: v for k, v in t.as_dict().items() if k != "p_value"},
        }
        if self.relief is not None:
            out["relief_after"] = self.relief.as_dict()
        return out


def judge(t: overtures.TimingResult, alpha: float = vocab.ALPHA) -> tuple[str, float]:
    """The timing rule on a test's result: the verdict, and the power against the
    realistic world."""
    power = pw.timing_power(t.episodes, t.chance, TIMING_WORLD_SHARE, alpha)
    if t.p_value < alpha and t.rate > t.chance:
        return "follow_pressure", power
    return pw.null_verdict(power), power


@memo.cached(project={"events": views.tags_only})
def overture_verdict(
    events: pd.DataFrame,
    start: object = vocab.ANALYSIS_START,
    end: object = vocab.ARTICLE_END,
    coincidence_days: int = vocab.DEFAULT_COINCIDENCE_DAYS,
    definition: str = "wide",
    alpha: float = vocab.ALPHA,
    side: str = "moscow",
) -> OvertureVerdict:
    """The timing verdict for [start, end], with US relief after the moves beside it:
    `side='moscow'` times Russian overtures (of `definition`), another side its
    counterpart's concessions (`overtures.concession_rows`), after US pressure on it."""
    first, last = window_span(events, start, end)
    run = functools.partial(
        overtures.timing_test, events, first, last, definition=definition,
        coincidence_days=coincidence_days, side=side,
    )  # fmt: skip
    t = run(direction="before")
    try:
        relief: overtures.TimingResult | None = run(direction="after")
    except MetricError:
        relief = None
    verdict, power = judge(t, alpha)
    return OvertureVerdict(
        verdict,
        first,
        last,
        alpha,
        t,
        relief,
        power,
        pw.timing_hits_needed(t.episodes, t.chance, alpha),
        pw.timing_mde_rate(t.episodes, t.chance, alpha),
        side,
    )
