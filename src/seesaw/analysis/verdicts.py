"""One decision rule for the two headline questions (see data/ANALYSIS.md).

Every reader-facing statement of a direction (notebooks 03 and 04, `seesaw stats
--json`, the README bottom line, the claims ledger, the explorer) comes from these
functions, so the words cannot drift from the numbers.

- `alternation_verdict`: `spells` when the spells test (primary, exact over every
  circular shift) puts the two sides' pressure in turns beyond what each side's own
  burstiness explains (p < alpha); otherwise `act_by_act` when the runs test and the
  label shuffle (secondary) both find more day-to-day switches than chance (p < alpha);
  otherwise `no_pattern` only when the test had at least 80% power against the
  realistic world (spells of 14-100 days holding the real lanes' purity, at the
  window's size), and `inconclusive` when it had less.
- `overture_verdict`: `follow_pressure` when Russian overture episodes came within
  `window_days` after a US escalation on Moscow more often than at placebo days
  (placebo p < alpha and a rate above the chance rate); otherwise `no_pattern` only
  when the test had at least 80% power against a world where half the episodes follow
  an escalation, and `inconclusive` when it had less.

Each verdict leads with an effect size and its interval (`effect`), and states its
power and its minimum detectable effect in words (`mde`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from seesaw.analysis import describe, metrics, overtures, spells
from seesaw.analysis.masks import select_events, track_rows
from seesaw.analysis.metrics import MetricError
from seesaw.analysis.power import REALISTIC_SPELLS
from seesaw.analysis.score import score_events
from seesaw.analysis.spells import RunsTails, SpellsResult
from seesaw.data import vocab

ALPHA = vocab.ALPHA
#: The article's window: from the inauguration to the day the article appeared.
ARTICLE_START = vocab.ANALYSIS_START
ARTICLE_END = vocab.ARTICLE_END
#: The holdout starts the day after the window asked and runs to the end of the data.
ALTERNATION_VERDICTS = ("spells", "act_by_act", "no_pattern", "inconclusive")
OVERTURE_VERDICTS = ("follow_pressure", "no_pattern", "inconclusive")
#: Power at or above which a null result speaks against the pattern.
GOOD_POWER = vocab.GOOD_POWER
#: The share of overture episodes that follow an escalation in the timing test's
#: realistic world (the rest fall on random days).
TIMING_WORLD_SHARE = 0.5
SEED = vocab.DEFAULT_SEED
#: Simulated spells worlds behind the power stated with each alternation verdict.
POWER_RUNS = vocab.POWER_RUNS


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
    power: float | None = None  # share of realistic simulated spells the test finds
    power_runs: int = 0  # how many simulated runs measured `power`
    purity: float = float("nan")  # share of acts on the busier side of 30-day blocks
    effect: tuple[float, float, float, int] = (
        float("nan"),
        float("nan"),
        float("nan"),
        0,
    )  # weekly correlation of the lanes: r, low, high, weeks
    odds: dict[str, float] | None = None  # same-side odds ratio, plain and with trend
    mde_purity: float | None = None  # least purity the test finds with 80% power

    @property
    def p_value(self) -> float:
        return self.spells.p_value

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
        if self.verdict == "no_pattern":
            return (
                "The two sides' busy weeks did not take turns beyond chance, and the test "
                f"could have seen it (spells test p = {p:.3f}; power {self.power:.0%})"
            )
        power = f"; power {self.power:.0%}" if self.power is not None else ""
        return (
            "The data cannot tell whether US pressure came in spells that took turns "
            f"(spells test p = {p:.3f}{power})"
        )

    def _early_late(self) -> tuple[str, str]:
        early = "Kyiv" if self.first_lane == "kyiv" else "Moscow"
        return early, ("Moscow" if early == "Kyiv" else "Kyiv")

    def swing_sentence(self) -> str:
        """Which side's pressure came earlier in the window, described, not tested."""
        early, late = self._early_late()
        return (
            f"described, not tested: on average, pressure on {early} came earlier in the "
            f"window and pressure on {late} later"
        )

    @property
    def power_interval(self) -> tuple[float, float] | None:
        """Wilson 95% interval of the power at this size (None when not measured)."""
        if self.power is None or self.power_runs <= 0:
            return None
        return describe.wilson(round(self.power * self.power_runs), self.power_runs)

    def mde(self) -> str:
        """The minimum detectable effect at 80% power, in words."""
        lo, hi = REALISTIC_SPELLS
        if self.mde_purity is None:
            return (
                f"at this window's size the test finds spells of {lo}-{hi} days in fewer "
                "than 80% of runs even when every act falls on its spell's side"
            )
        return (
            f"the test would only notice spells of {lo}-{hi} days (in 80% of runs) if at "
            f"least {self.mde_purity:.0%} of each spell's acts fell on its side; the data's "
            f"own blocks hold {self.purity:.0%}"
        )

    def effect_dict(self) -> dict[str, Any]:
        r, lo, hi, weeks = self.effect
        return {
            "measure": "correlation of the weekly counts of US acts raising pressure on "
            "Moscow and on Kyiv (negative: the sides' busy weeks took turns; positive: "
            f"pressed in the same weeks), over {weeks} weeks, Fisher-z 95% interval",
            "estimate": None if r != r else r,
            "interval": None if r != r else [lo, hi],
        }

    def plain(self) -> str:
        """The verdict in plain words, no figures: what a general reader is told first."""
        if self.verdict == "spells":
            return (
                "US pressure came in spells that took turns: weeks of pressing Moscow "
                "while pressure on Kyiv eased, and the reverse, more than each side's "
                "own burstiness explains"
            )
        if self.verdict == "act_by_act":
            return (
                "US pressure switched sides from one active day to the next more often "
                "than chance, but did not come in spells that took turns"
            )
        if self.verdict == "no_pattern":
            return (
                "no pattern beyond chance: US pressure neither came in spells that took "
                "turns nor switched sides act by act, and the test was strong enough to "
                "see realistic spells, so the data speak against them"
            )
        if self.power is None:
            return (
                "the data cannot tell: US pressure did not come in spells that took "
                "turns beyond chance, but the test's power was not measured here, so "
                "this is no evidence against them"
            )
        miss = (
            "would miss most realistic spells"
            if self.power < vocab.MIN_POWER
            else "would miss realistic spells in a good share of runs"
        )
        return (
            "the data cannot tell: US pressure did not come in spells that took turns "
            f"beyond chance, but at this window's size the test {miss}, so this is no "
            "evidence against them"
        )

    @property
    def streaks(self) -> bool:
        """The runs test's other tail: each side's acts in streaks (described only)."""
        return self.runs.runs < self.runs.expected and self.runs.p_fewer < self.alpha

    def figures(self) -> str:
        """The figures behind `plain`: the effect first, then the tests and the power."""
        s, r = self.spells, self.runs
        est = self.effect
        parts = []
        if est[0] == est[0]:
            parts.append(
                f"weekly correlation of the two sides' pressure {est[0]:+.2f} (95% "
                f"interval {est[1]:+.2f} to {est[2]:+.2f}, {est[3]} weeks)"
            )
        parts += [
            f"spells test p = {s.p_value:.3f} over all {s.shifts} shifts (about "
            f"{s.effective_shifts:.0f} independent)",
            f"runs test p = {r.p_more:.3f} for more switches than chance, "
            f"{r.runs} runs against {r.expected:.1f} expected",
        ]
        interval = self.power_interval
        if self.power is not None and interval is not None:
            lo, hi = REALISTIC_SPELLS
            parts.append(
                f"power against realistic spells ({lo}-{hi} days, {self.purity:.0%} of "
                f"acts on their side as in the data; {s.n_moscow + s.n_kyiv} acts over "
                f"{s.days} days): {self.power:.0%}, 95% interval {interval[0]:.0%} to "
                f"{interval[1]:.0%}, from {self.power_runs:,} simulated runs"
            )
        parts.append(self.mde())
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
            "effect": self.effect_dict(),
            "power": self.power,
            "mde": self.mde(),
            "sentence": self.sentence(),
            "headline": self.headline(),
            "spells": self.spells.as_dict(),
            "slow_swings_kept": self.slow.as_dict(),
            "first_lane": self.first_lane,
            "described": self.swing_sentence(),
            "purity": self.purity,
            "power_world": f"spells of {REALISTIC_SPELLS[0]}-{REALISTIC_SPELLS[1]} days, "
            f"each holding {self.purity:.0%} of its acts as the data's own 30-day blocks do",
            "power_runs": self.power_runs,
            "power_interval": list(self.power_interval)
            if self.power_interval
            else None,
            "model": self.odds or {},
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
    smooth_days: int = vocab.DEFAULT_SMOOTHING_DAYS,
    min_shift: int = spells.MIN_SHIFT,
    lanes: str = "raise",
    permutations: int = vocab.DEFAULT_PERMUTATIONS,
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
    from seesaw.analysis import power as pw

    purity = round(pw.lane_purity(moscow, kyiv), 2)  # to the point: shared power runs
    acts = sp.n_moscow + sp.n_kyiv
    power: float | None = None
    mde_purity: float | None = None
    if power_runs > 0:
        power = pw.spells_power_at(
            acts, sp.days, purity, runs=power_runs, seed=seed, alpha=alpha,
            smooth_days=smooth_days,
        )  # fmt: skip
        mde_purity = pw.spells_mde(
            acts, sp.days, runs=max(50, power_runs // 5), seed=seed, alpha=alpha,
            smooth_days=smooth_days,
        )  # fmt: skip
    if sp.p_value < alpha:
        verdict = "spells"
    elif runs.p_more < alpha and shuffle.p_value < alpha:
        verdict = "act_by_act"
    elif power is not None and power >= GOOD_POWER:
        verdict = "no_pattern"
    else:
        verdict = "inconclusive"
    sides = seq[seq != 0] if len(seq) else seq
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
        purity,
        pw.weekly_correlation(moscow, kyiv),
        pw.same_side_odds(np.sign(sides)),
        mde_purity,
    )


@dataclass(frozen=True)
class OvertureVerdict:
    verdict: str
    start: pd.Timestamp
    end: pd.Timestamp
    alpha: float
    timing: overtures.TimingResult
    relief: overtures.TimingResult | None
    power: float = float("nan")  # against half the episodes following an escalation
    hits_needed: int | None = None  # fewest hits whose exact tail is below alpha
    mde_rate: float | None = None  # least true hit rate found with 80% power

    @property
    def p_value(self) -> float:
        return self.timing.p_value

    @property
    def rate_ratio(self) -> tuple[float, float, float]:
        """Hit rate over chance rate, with the hit rate's Wilson interval over chance."""
        t = self.timing
        if not t.chance:
            return float("nan"), float("nan"), float("nan")
        return t.rate / t.chance, t.rate_low / t.chance, t.rate_high / t.chance

    def effect_dict(self) -> dict[str, Any]:
        est, lo, hi = self.rate_ratio
        t = self.timing
        return {
            "measure": f"how many times as likely an overture episode was to come 0-"
            f"{t.window_days} days after a US escalation on Moscow as a random day "
            "(hit rate over chance rate; the hit rate's Wilson 95% interval over the "
            "chance rate)",
            "estimate": None if est != est else est,
            "interval": None if est != est else [lo, hi],
        }

    def mde(self) -> str:
        """The minimum detectable effect at 80% power, in words."""
        t = self.timing
        if self.hits_needed is None:
            return (
                f"with {t.episodes} episodes the test could not reach significance even "
                "if every one had come soon after an escalation"
            )
        rate = (
            f", and would find it in 80% of samples only if the true rate were at least "
            f"{self.mde_rate:.0%}"
            if self.mde_rate is not None
            else ""
        )
        return (
            f"the test would only have noticed if at least {self.hits_needed} of the "
            f"{t.episodes} overture episodes had come within {t.window_days} days of an "
            f"escalation (against {t.chance:.0%} of random days){rate}"
        )

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
        more = (
            "came soon after US pressure on Moscow more often than random days would, "
            "but not beyond what chance allows"
            if t.rate > t.chance
            else "came soon after US pressure on Moscow no more often than random days would"
        )
        if self.verdict == "no_pattern":
            return (
                f"no pattern beyond chance: Russian overtures {more}, and the test was "
                "strong enough to see a realistic pattern, so the data speak against it"
            )
        return (
            f"the data cannot tell: Russian overtures {more}; with so few episodes the "
            "test would miss a realistic pattern more often than not, so this is no "
            "evidence against it"
        )

    def figures(self) -> str:
        """The figures behind `plain`: the effect first, then the test and the power."""
        t = self.timing
        est, lo, hi = self.rate_ratio
        ratio = (
            f"overture episodes were {est:.1f} times as likely to come 0-{t.window_days} "
            f"days after a US act raising pressure on Moscow as random days (95% "
            f"interval {lo:.1f} to {hi:.1f}): "
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
            f"days; placebo p = {t.p_value:.3f}{power}; {self.mde()}"
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
        if self.verdict == "no_pattern":
            return f"Russian overtures did not follow US pressure more than chance: {share}"
        return f"The data cannot tell whether Russian overtures followed US pressure: {share}"

    def power_line(self) -> str:
        t = self.timing
        return (
            f"With a chance rate of {t.chance:.0%}, {self.mde()}; against a world where "
            "half the episodes follow an escalation the test's power is "
            f"{self.power:.0%}."
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
            "effect": self.effect_dict(),
            "power": None if self.power != self.power else self.power,
            "power_world": "half the overture episodes 0-2 days after an escalation, "
            "the rest on random days, at this window's episodes and chance rate",
            "mde": self.mde(),
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
    draws: int = vocab.DEFAULT_PERMUTATIONS,
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
    from seesaw.analysis import power as pw

    power = pw.timing_power(t.episodes, t.chance, TIMING_WORLD_SHARE, alpha)
    if t.p_value < alpha and t.rate > t.chance:
        verdict = "follow_pressure"
    elif power >= GOOD_POWER:
        verdict = "no_pattern"
    else:
        verdict = "inconclusive"
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
    )


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
    permutations: int = vocab.DEFAULT_PERMUTATIONS,
    seed: int = SEED,
    scheme: str = "mode",
    power_runs: int = POWER_RUNS,
    coincidence_days: int = vocab.DEFAULT_COINCIDENCE_DAYS,
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
            overture_verdict,
            events,
            first,
            last,
            window_days=coincidence_days,
            draws=permutations,
            seed=seed,
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
                window_days=coincidence_days,
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
