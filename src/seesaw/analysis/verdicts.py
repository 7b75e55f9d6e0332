"""One decision rule for the two headline questions (see data/ANALYSIS.md).

Every reader-facing statement of a direction (notebooks 03 and 04, `seesaw stats
--json`, the README bottom line, the claims ledger, the explorer) comes from these
functions, so the words cannot drift from the numbers.

- `alternation_verdict`: `spells` when the spells test (primary) puts the two sides'
  pressure in turns beyond what each side's own burstiness explains (p < alpha);
  otherwise `act_by_act` when the runs test and the label shuffle (secondary) both find
  more day-to-day switches than chance (p < alpha); otherwise `no_pattern`.
- `overture_verdict`: `follow_pressure` when Russian overture episodes came within
  `window_days` after a US escalation on Moscow more often than at placebo days
  (placebo p < alpha and a rate above the chance rate); otherwise `no_pattern`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from seesaw.analysis import describe, metrics, overtures, spells
from seesaw.analysis.masks import select_events, track_rows
from seesaw.analysis.metrics import MetricError
from seesaw.analysis.score import score_events
from seesaw.analysis.spells import RunsTails, SpellsResult
from seesaw.data import vocab

ALPHA = 0.05
#: The article's window: from the inauguration to the day the article appeared.
ARTICLE_START = vocab.ANALYSIS_START
ARTICLE_END = vocab.ARTICLE_END
#: The holdout starts the day after the window asked and runs to the end of the data.
ALTERNATION_VERDICTS = ("spells", "act_by_act", "no_pattern")
OVERTURE_VERDICTS = ("follow_pressure", "no_pattern")
SEED = 20250120
#: Simulated spells worlds behind the power stated with each alternation verdict.
POWER_RUNS = 1000


def _day(value: object) -> pd.Timestamp | None:
    if value is None or str(value) == "":
        return None
    return pd.Timestamp(str(value)).normalize()


def _span(
    events: pd.DataFrame, start: object, end: object
) -> tuple[pd.Timestamp, pd.Timestamp]:
    first = _day(start) or events["date"].min().normalize()
    last = _day(end) or events["date"].max().normalize()
    return first, last


@dataclass(frozen=True)
class AlternationVerdict:
    verdict: str
    start: pd.Timestamp
    end: pd.Timestamp
    alpha: float
    spells: SpellsResult
    runs: RunsTails
    shuffle: metrics.NullResult
    slow: SpellsResult
    first_lane: str  # the lane whose acts fall earlier in the window, on average
    power: float | None = None  # share of simulated spells the test finds at this size
    power_runs: int = 0  # how many simulated runs measured `power`

    @property
    def p_value(self) -> float:
        return self.spells.p_value

    @property
    def slow_swing(self) -> bool:
        """The lanes took turns only with the slow swings kept: one long swing across
        the window (one side pressed early, the other late), not spells of weeks."""
        return self.verdict != "spells" and self.slow.p_value < self.alpha

    def headline(self) -> str:
        """The verdict in one short line (chart titles, headings)."""
        p = self.spells.p_value
        if self.verdict == "spells":
            return (
                f"US pressure came in spells that took turns (spells test p = {p:.3f})"
            )
        if self.verdict == "act_by_act":
            return (
                "US pressure switched sides act by act, not in spells "
                f"(runs test p = {self.runs.p_more:.3f}; spells test p = {p:.3f})"
            )
        if self.slow_swing:
            early, late = self._early_late()
            return (
                f"Pressure on {early} came earlier and on {late} later, but the two sides' "
                f"busy weeks did not take turns beyond chance (spells test p = {p:.3f})"
            )
        return (
            "The two sides' busy weeks did not take turns beyond chance "
            f"(spells test p = {p:.3f})"
        )

    def _early_late(self) -> tuple[str, str]:
        early = "Kyiv" if self.first_lane == "kyiv" else "Moscow"
        return early, ("Moscow" if early == "Kyiv" else "Kyiv")

    def swing_sentence(self) -> str:
        """The slow swing in words, or '' when there is none to report."""
        if not self.slow_swing:
            return ""
        early, late = self._early_late()
        return (
            f"one long swing across the window: pressure on {early} came earlier and "
            f"pressure on {late} later, but not spells of weeks that took turns"
        )

    @property
    def power_interval(self) -> tuple[float, float] | None:
        """Wilson 95% interval of the power at this size (None when not measured)."""
        if self.power is None or self.power_runs <= 0:
            return None
        return describe.wilson(round(self.power * self.power_runs), self.power_runs)

    def plain(self) -> str:
        """The verdict in plain words, no figures: what a general reader is told first."""
        if self.verdict == "spells":
            return (
                "US pressure came in spells that took turns: weeks of pressing Moscow "
                "while pressure on Kyiv eased, and the reverse, more than each side's "
                "own burstiness explains" + self._streaks_words()
            )
        if self.verdict == "act_by_act":
            return (
                "US pressure switched sides from one active day to the next more often "
                "than chance, but did not come in spells that took turns"
            )
        words = (
            "no pattern beyond chance: US pressure neither came in spells that took "
            "turns nor switched sides act by act"
        )
        if self.spells.p_other < self.alpha:
            words += "; if anything the two sides were pressed in the same weeks"
        swing = self.swing_sentence()
        if swing:
            words += f"; there was {swing}"
        words += self._streaks_words()
        if self.power is not None and self.power < vocab.MIN_POWER:
            words += (
                "; at this window's size the test misses most simulated spells, so this "
                "is no evidence against them"
            )
        elif self.power is not None and self.power < vocab.GOOD_POWER:
            words += (
                "; at this window's size the test would miss even strong, regular spells "
                "in a good share of runs, so the data speak only weakly against them"
            )
        return words

    @property
    def streaks(self) -> bool:
        """The data fall in the runs test's other tail: each side's acts in streaks."""
        return self.runs.runs < self.runs.expected and self.runs.p_fewer < self.alpha

    def _streaks_words(self) -> str:
        return "; day to day, each side's acts came in streaks" if self.streaks else ""

    def figures(self) -> str:
        """The figures behind `plain`, in the order its words name them."""
        s, r = self.spells, self.runs
        parts = [
            f"spells test p = {s.p_value:.3f}, correlation of the two lanes "
            f"{s.statistic:+.2f} over {s.shifts} shifts",
            f"runs test p = {r.p_more:.3f} for more switches than chance, "
            f"{r.runs} runs against {r.expected:.1f} expected",
        ]
        if self.spells.p_other < self.alpha:
            parts.append(f"same-weeks tail p = {s.p_other:.3f}")
        if self.slow_swing:
            parts.append(f"with the slow swings kept, p = {self.slow.p_value:.3f}")
        if self.streaks:
            parts.append(f"streaks tail p = {r.p_fewer:.3f}")
        interval = self.power_interval
        if self.power is not None and interval is not None:
            parts.append(
                f"power at this size, {s.n_moscow + s.n_kyiv} acts over {s.days} days: "
                f"{self.power:.0%}, 95% interval {interval[0]:.0%} to {interval[1]:.0%}, "
                f"from {self.power_runs:,} simulated runs"
            )
        return "; ".join(parts)

    def sentence(self) -> str:
        """The verdict in words first, its figures after, in brackets."""
        return f"{self.plain()} (in figures: {self.figures()})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "p_value": self.p_value,
            "test": self.spells.test,
            "alpha": self.alpha,
            "start": self.start.date().isoformat(),
            "end": self.end.date().isoformat(),
            "sentence": self.sentence(),
            "headline": self.headline(),
            "spells": self.spells.as_dict(),
            "slow_swing": self.slow_swing,
            "slow_swings_kept": self.slow.as_dict(),
            "first_lane": self.first_lane,
            "power_at_size": self.power,
            "power_runs": self.power_runs,
            "power_interval": list(self.power_interval)
            if self.power_interval
            else None,
            "plain": self.plain(),
            "figures": self.figures(),
            "secondary": {
                "test": "runs test on the day-level sign sequence, with a label shuffle",
                **self.runs.as_dict(),
                "shuffle_p_more": self.shuffle.p_value,
                "shuffle_p_fewer": self.shuffle.p_fewer,
                "permutations": self.shuffle.permutations,
                "seed": self.shuffle.seed,
            },
        }


def alternation_verdict(
    events: pd.DataFrame,
    start: object = ARTICLE_START,
    end: object = ARTICLE_END,
    scheme: str = "mode",
    smooth_days: int = 14,
    min_shift: int = 28,
    lanes: str = "raise",
    permutations: int = 9999,
    seed: int = SEED,
    alpha: float = ALPHA,
    power_runs: int = POWER_RUNS,
) -> AlternationVerdict:
    """The alternation verdict for the US acts dated in [start, end]; with
    `power_runs`, also the spells test's power at the window's own size."""
    first, last = _span(events, start, end)
    # The lanes once, for both runs of the test (as `spells.spells_test` counts them).
    lane = spells.lanes(events, first, last, lanes)
    moscow, kyiv = lane["moscow"].to_numpy(), lane["kyiv"].to_numpy()
    sp = spells.spells_test_arrays(moscow, kyiv, smooth_days, min_shift, lanes)
    slow = spells.spells_test_arrays(
        moscow, kyiv, smooth_days, min_shift, lanes, max_period=None
    )
    day = np.arange(len(lane))
    centre = {
        side: float(np.average(day, weights=lane[side]))
        if lane[side].sum()
        else float("nan")
        for side in ("moscow", "kyiv")
    }
    first_lane = "kyiv" if centre["kyiv"] < centre["moscow"] else "moscow"
    window = select_events(events, first.date(), last.date())
    seq = metrics.pressure_sequence(score_events(window, scheme), "day").to_numpy()
    runs = spells.runs_tails(seq)
    shuffle = metrics.label_shuffle_null(seq, permutations, seed)
    if sp.p_value < alpha:
        verdict = "spells"
    elif runs.p_more < alpha and shuffle.p_value < alpha:
        verdict = "act_by_act"
    else:
        verdict = "no_pattern"
    power: float | None = None
    if power_runs > 0:
        from seesaw.analysis.power import spells_power

        power = spells_power(
            sp.n_moscow + sp.n_kyiv,
            sp.days,
            power_runs,
            seed,
            alpha,
            smooth_days,
            min_shift,
        )
    return AlternationVerdict(
        verdict,
        first,
        last,
        alpha,
        sp,
        runs,
        shuffle,
        slow,
        first_lane,
        power,
        power_runs if power is not None else 0,
    )


@dataclass(frozen=True)
class OvertureVerdict:
    verdict: str
    start: pd.Timestamp
    end: pd.Timestamp
    alpha: float
    timing: overtures.TimingResult
    relief: overtures.TimingResult | None

    @property
    def p_value(self) -> float:
        return self.timing.p_value

    def plain(self) -> str:
        """The verdict in plain words, no figures: what a general reader is told first."""
        t = self.timing
        if self.verdict == "follow_pressure":
            return (
                "Russian overtures came soon after US pressure on Moscow more often than "
                "random days would"
            )
        if not self.can_reject:
            return (
                "too few overtures to tell: even if every one had come soon after US "
                "pressure, chance could not be ruled out"
            )
        if t.rate > t.chance:
            return (
                "no pattern beyond chance: Russian overtures came soon after US pressure "
                "on Moscow a little more often than random days would, but not beyond "
                "what chance allows"
            )
        return (
            "no pattern beyond chance: Russian overtures came soon after US pressure on "
            "Moscow no more often than random days would"
        )

    def figures(self) -> str:
        """The figures behind `plain`."""
        t = self.timing
        return (
            f"{t.hits} of {t.episodes} Russian overture episodes came 0-{t.window_days} "
            f"days after a US act raising pressure on Moscow, {t.rate:.0%} with a 95% "
            f"interval of {t.rate_low:.0%} to {t.rate_high:.0%}, against {t.chance:.0%} "
            f"of random days; placebo p = {t.p_value:.3f}; with {t.episodes} episodes the smallest "
            f"p the test can give is {t.smallest_p:.2g}"
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
            f"{t.hits} of {t.episodes} overture episodes came 0-{t.window_days} days after "
            f"a US escalation on Moscow, against {t.chance:.0%} of random days "
            f"(placebo p = {t.p_value:.3f})"
        )
        if self.verdict == "follow_pressure":
            return f"Russian overtures followed US pressure: {share}"
        if not self.can_reject:
            return f"Too few overtures to tell: {share}"
        return f"Russian overtures did not follow US pressure more than chance: {share}"

    def power_line(self) -> str:
        t = self.timing
        return (
            f"With {t.episodes} episodes and a chance rate of {t.chance:.0%}, the smallest "
            f"p-value the test can give is {t.smallest_p:.2g} (every episode a hit)."
        )

    def as_dict(self) -> dict[str, Any]:
        t = self.timing
        out: dict[str, Any] = {
            "verdict": self.verdict,
            "p_value": t.p_value,
            "window_days": t.window_days,
            "episodes": t.episodes,
            "test": "share of overture episodes 0-3 days after a US escalation on "
            "Moscow, against placebo days"
            if t.window_days == 3
            else f"share of overture episodes 0-{t.window_days} days after a US "
            "escalation on Moscow, against placebo days",
            "alpha": self.alpha,
            "start": self.start.date().isoformat(),
            "end": self.end.date().isoformat(),
            "sentence": self.sentence(),
            "headline": self.headline(),
            "power_line": self.power_line(),
            "plain": self.plain(),
            "figures": self.figures(),
            "can_reject": self.can_reject,
            **{k: v for k, v in t.as_dict().items() if k not in ("p_value",)},
        }
        if self.relief is not None:
            out["relief_after"] = self.relief.as_dict()
        return out


def overture_verdict(
    events: pd.DataFrame,
    start: object = ARTICLE_START,
    end: object = ARTICLE_END,
    window_days: int = vocab.DEFAULT_COINCIDENCE_DAYS,
    definition: str = "wide",
    exclude_calendar: bool = False,
    draws: int = 9999,
    seed: int = SEED,
    alpha: float = ALPHA,
) -> OvertureVerdict:
    """The overture verdict for [start, end]; US relief after the overtures beside it."""
    first, last = _span(events, start, end)
    kw: dict[str, Any] = {
        "definition": definition,
        "window_days": window_days,
        "exclude_calendar": exclude_calendar,
        "draws": draws,
        "seed": seed,
    }
    t = overtures.timing_test(events, first, last, **kw)
    try:
        relief: overtures.TimingResult | None = overtures.timing_test(
            events, first, last, direction="after", **kw
        )
    except MetricError:
        relief = None
    verdict = (
        "follow_pressure" if t.p_value < alpha and t.rate > t.chance else "no_pattern"
    )
    return OvertureVerdict(verdict, first, last, alpha, t, relief)


def coverage(events: pd.DataFrame, start: object, end: object) -> dict[str, Any]:
    """How densely a window is covered: US pressure acts and all acts per 30 days
    (the Ukraine track's rows; the Gaza track's are not counted)."""
    events = track_rows(events, "ukraine")
    first, last = _span(events, start, end)
    days = int((last - first).days) + 1
    inside = events[events["date"].between(first, last)]
    us = inside[
        inside["actor"].astype(str).eq("us")
        & inside["pressure_on"].astype(str).isin(["kyiv", "moscow"])
    ]
    return {
        "start": first.date().isoformat(),
        "end": last.date().isoformat(),
        "days": days,
        "events": len(inside),
        "us_pressure_acts": len(us),
        "us_pressure_acts_per_30_days": 30 * len(us) / days if days else 0.0,
    }


def _safe(fn: Any, *args: Any, **kw: Any) -> dict[str, Any]:
    try:
        return dict(fn(*args, **kw).as_dict())
    except MetricError as err:
        return {"verdict": "untestable", "reason": str(err)}


def verdicts(
    events: pd.DataFrame,
    start: object = ARTICLE_START,
    end: object = ARTICLE_END,
    permutations: int = 9999,
    seed: int = SEED,
    scheme: str = "mode",
    power_runs: int = POWER_RUNS,
) -> dict[str, Any]:
    """Both verdicts for [start, end] and for the holdout (the day after `end` to the
    last date in the data), with each window's coverage. Only the Ukraine track's rows
    are read."""
    events = track_rows(events, "ukraine")
    first, last = _span(events, start, end)
    out: dict[str, Any] = {
        "window": coverage(events, first, last),
        "alternation": _safe(
            alternation_verdict,
            events,
            first,
            last,
            scheme=scheme,
            permutations=permutations,
            seed=seed,
            power_runs=power_runs,
        ),
        "overtures": _safe(
            overture_verdict, events, first, last, draws=permutations, seed=seed
        ),
    }
    data_end = events["date"].max().normalize()
    hold_start = last + pd.Timedelta(days=1)
    if hold_start <= data_end:
        out["holdout"] = {
            "window": coverage(events, hold_start, data_end),
            "question": "did the pattern continue after the article?",
            "alternation": _safe(
                alternation_verdict,
                events,
                hold_start,
                data_end,
                scheme=scheme,
                permutations=permutations,
                seed=seed,
                power_runs=power_runs,
            ),
            "overtures": _safe(
                overture_verdict,
                events,
                hold_start,
                data_end,
                draws=permutations,
                seed=seed,
            ),
        }
    else:
        out["holdout"] = None
    return out


def format_verdicts(found: dict[str, Any]) -> str:
    """The verdicts of `verdicts()` as text lines."""
    lines = []
    blocks = [("window", found)]
    if found.get("holdout"):
        blocks.append(("holdout", found["holdout"]))
    for label, block in blocks:
        w = block["window"]
        lines.append(
            f"{label} {w['start']}..{w['end']} ({w['us_pressure_acts']} US pressure acts, "
            f"{w['us_pressure_acts_per_30_days']:.1f} per 30 days):"
        )
        for key in ("alternation", "overtures"):
            v = block[key]
            detail = v.get("sentence", v.get("reason", ""))
            lines.append(f"  {key}: {v['verdict']}: {detail}")
    return "\n".join(lines)
