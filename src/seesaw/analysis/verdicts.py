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
  `coincidence_days` after a US escalation on Moscow more often than at placebo days
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

from seesaw.analysis import changepoint, describe, metrics, overtures, spells, views
from seesaw.analysis.masks import (
    SIDE_NAMES,
    TRACK_LANES,
    check_track,
    select_events,
    track_rows,
)
from seesaw.analysis.metrics import MetricError
from seesaw.analysis.power import REALISTIC_SPELLS
from seesaw.analysis.score import score_events
from seesaw.analysis.spells import RunsTails, SpellsResult
from seesaw.data import memo, vocab

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
    sides: tuple[str, str] = ("moscow", "kyiv")  # the track's lanes (+ side, - side)
    changepoint: dict[str, Any] | None = None  # the slow swing, described (one switch)

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
        plus, minus = (SIDE_NAMES[s] for s in self.sides)
        early = minus if self.first_lane == self.sides[1] else plus
        return early, (plus if early == minus else minus)

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
            f"{SIDE_NAMES[self.sides[0]]} and on {SIDE_NAMES[self.sides[1]]} (negative: "
            "the sides' busy weeks took turns; positive: "
            f"pressed in the same weeks), over {weeks} weeks, Fisher-z 95% interval",
            "estimate": None if r != r else r,
            "interval": None if r != r else [lo, hi],
        }

    def plain(self) -> str:
        """The verdict in plain words, no figures: what a general reader is told first."""
        if self.verdict == "spells":
            plus, minus = (SIDE_NAMES[s] for s in self.sides)
            return (
                f"US pressure came in spells that took turns: weeks of pressing {plus} "
                f"while pressure on {minus} eased, and the reverse, more than each side's "
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
            "changepoint": self.changepoint,
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


@memo.cached(project={"events": views.tags_only})
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
    track: str = "ukraine",
) -> AlternationVerdict:
    """The alternation verdict for the US acts dated in [start, end]; with
    `power_runs`, also the spells test's power at the window's own size. `track`
    names the two lanes (`masks.TRACK_LANES`: Moscow and Kyiv, or Hamas and Israel);
    `events` should hold that track's rows only (`verdicts` selects them)."""
    sides = TRACK_LANES[check_track(track)]
    first, last = _span(events, start, end)
    # The lanes once, for both runs of the test (as `spells.spells_test` counts them).
    lane = spells.lanes(events, first, last, lanes, sides)
    moscow, kyiv = lane[sides[0]].to_numpy(), lane[sides[1]].to_numpy()
    sp = spells.spells_test_arrays(moscow, kyiv, smooth_days, min_shift, lanes)
    slow = spells.spells_test_arrays(
        moscow, kyiv, smooth_days, min_shift, lanes, max_period=None
    )
    day = np.arange(len(lane))
    centre = {
        side: float(np.average(day, weights=lane[side]))
        if lane[side].sum()
        else float("nan")
        for side in sides
    }
    first_lane = sides[1] if centre[sides[1]] < centre[sides[0]] else sides[0]
    window = select_events(events, first.date(), last.date())
    scored = score_events(window, scheme, track=track)
    signs_series = metrics.pressure_sequence(scored, "day")
    seq = signs_series.to_numpy()
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
    signs = seq[seq != 0] if len(seq) else seq
    try:
        swing: dict[str, Any] = changepoint.changepoint(
            signs_series,
            permutations=permutations,
            seed=seed,
            names=(SIDE_NAMES[sides[0]], SIDE_NAMES[sides[1]]),
        ).as_dict()
    except MetricError as err:
        swing = {"reason": str(err)}
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
        pw.same_side_odds(np.sign(signs)),
        mde_purity,
        sides,
        swing,
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
    side: str = "moscow"  # the side pressed; its counterpart's moves are timed

    @property
    def _on(self) -> str:
        return SIDE_NAMES[self.side]

    @property
    def _episode(self) -> str:
        return "overture" if self.side == "moscow" else "concession"

    @property
    def _who(self) -> str:
        """The counterpart's moves as a reader names them."""
        if self.side == "moscow":
            return "Russian overtures"
        return f"{self._on}'s concessions"

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
            "measure": f"how many times as likely {'an' if self._episode[0] in 'aeiou' else 'a'} "
            f"{self._episode} episode was to come 0-"
            f"{t.coincidence_days} days after a US escalation on {self._on} as a random day "
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
            f"{t.episodes} {self._episode} episodes had come within {t.coincidence_days} days of an "
            f"escalation (against {t.chance:.0%} of random days){rate}"
        )

    def plain(self) -> str:
        """The verdict in plain words, no figures: what a general reader is told first."""
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
        """The figures behind `plain`: the effect first, then the test and the power."""
        t = self.timing
        est, lo, hi = self.rate_ratio
        ratio = (
            f"{self._episode} episodes were {est:.1f} times as likely to come "
            f"0-{t.coincidence_days} days after a US act raising pressure on {self._on} as "
            "random days (95% "
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
            f"{t.hits} of {t.episodes} {self._episode} episodes came 0-{t.coincidence_days} "
            f"days after a US escalation on {self._on}, against {t.chance:.0%} of random "
            "days "
            f"(placebo p = {t.p_value:.3f})"
        )
        if self.verdict == "follow_pressure":
            return f"{self._who} followed US pressure: {share}"
        if not self.can_reject:
            return f"Too few {self._episode}s to tell: {share}"
        if self.verdict == "no_pattern":
            return f"{self._who} did not follow US pressure more than chance: {share}"
        return f"The data cannot tell whether {self._who} followed US pressure: {share}"

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
            "coincidence_days": t.coincidence_days,
            "episodes": t.episodes,
            "test": f"share of {self._episode} episodes 0-{t.coincidence_days} days after a "
            f"US escalation on {self._on}, against placebo days",
            "alpha": self.alpha,
            "start": self.start.date().isoformat(),
            "end": self.end.date().isoformat(),
            "effect": self.effect_dict(),
            "power": None if self.power != self.power else self.power,
            "power_world": f"half the {self._episode} episodes 0-2 days after an "
            "escalation, "
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


@memo.cached(project={"events": views.tags_only})
def overture_verdict(
    events: pd.DataFrame,
    start: object = ARTICLE_START,
    end: object = ARTICLE_END,
    coincidence_days: int = vocab.DEFAULT_COINCIDENCE_DAYS,
    definition: str = "wide",
    exclude_calendar: bool = False,
    draws: int = vocab.DEFAULT_PERMUTATIONS,
    seed: int = SEED,
    alpha: float = ALPHA,
    side: str = "moscow",
) -> OvertureVerdict:
    """The overture verdict for [start, end]; US relief after the overtures beside it.

    `side='moscow'` times Russian overtures after US pressure on Moscow; `'hamas'` or
    `'israel'` (the Gaza track) times that side's concessions after US pressure on it
    (`overtures.concession_rows`; `definition` and `exclude_calendar` are Moscow's)."""
    first, last = _span(events, start, end)
    kw: dict[str, Any] = {
        "coincidence_days": coincidence_days,
        "draws": draws,
        "seed": seed,
    }

    def run(direction: str) -> overtures.TimingResult:
        if side == "moscow":
            return overtures.timing_test(
                events,
                first,
                last,
                definition=definition,
                exclude_calendar=exclude_calendar,
                direction=direction,
                **kw,
            )
        return overtures.concession_timing_test(
            events, side, first, last, direction=direction, **kw
        )

    t = run("before")
    try:
        relief: overtures.TimingResult | None = run("after")
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
        side,
    )


#: Follow-through's realistic world: half the threats carried out by their instrument
#: within the window, the rest at the base rate (as the timing test's world).
FOLLOW_WORLD_SHARE = 0.5
FOLLOW_VERDICTS = ("carried_out", "no_pattern", "inconclusive", "untestable")


@dataclass(frozen=True)
class FollowThroughVerdict:
    """Follow-through by instrument for one side: did the deed a US threat named
    (`vocab.FOLLOW_THROUGH_INSTRUMENTS`) follow within `days` days more often than it
    follows random days? An exact binomial test of the kept threats at the base rate."""

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
    table: pd.DataFrame
    alpha: float = ALPHA

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
        if self.hits_needed is None:
            return (
                f"with {self.counted} threats the test could not reach significance "
                "even if every one had been carried out"
            )
        rate = (
            f", and would find it in 80% of samples only if the true rate were at "
            f"least {self.mde_rate:.0%}"
            if self.mde_rate is not None
            else ""
        )
        return (
            f"the test would only have noticed if at least {self.hits_needed} of the "
            f"{self.counted} threats had been carried out within {self.days} days "
            f"(the instrument follows {self.chance:.0%} of random days){rate}"
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
        return (
            f"the data cannot tell: US threats on {name} were carried out by their "
            f"instrument {more}; with so few threats the test would miss a realistic "
            "pattern more often than not, so this is no evidence either way"
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
            "days": self.days,
            "threats": self.threats,
            "counted": self.counted,
            "kept": self.kept,
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
    start: object = ARTICLE_START,
    end: object = ARTICLE_END,
    days: int = vocab.DEFAULT_FOLLOW_DAYS,
    seed: int = SEED,
    alpha: float = ALPHA,
) -> FollowThroughVerdict:
    """Follow-through by instrument on `side` (any track's side) in [start, end], by the
    claims ledger's rule (`claim_checks.follow_through_table`): a threat counts only when it
    names an instrument and `days` days of data follow it. Never raises for too few
    threats: the verdict is then `untestable`, in words."""
    from scipy import stats

    from seesaw.analysis import claim_checks
    from seesaw.analysis import power as pw

    first, last = _span(events, start, end)
    p = {"start": first, "end": last, "target": side, "days": days, "seed": seed}
    table = claim_checks.follow_through_table(events, p)
    counted = table[table["status"].isin(["followed", "not followed"])]
    kept = int(counted["status"].eq("followed").sum())
    n = len(counted)
    chance = float(counted["base_rate"].mean()) if n else float("nan")
    if n and chance == chance:
        p_value = float(stats.binom.sf(kept - 1, n, chance))
        power = pw.timing_power(n, chance, FOLLOW_WORLD_SHARE, alpha)
        needed = pw.timing_hits_needed(n, chance, alpha)
        mde_rate = pw.timing_mde_rate(n, chance, alpha)
    else:
        p_value, power, needed, mde_rate = float("nan"), 0.0, None, None
    if not n:
        verdict = "untestable"
    elif p_value < alpha and kept / n > chance:
        verdict = "carried_out"
    elif power >= GOOD_POWER:
        verdict = "no_pattern"
    else:
        verdict = "inconclusive"
    return FollowThroughVerdict(
        verdict, side, first, last, days, len(table), n, kept, chance, p_value,
        power, needed, mde_rate, table, alpha,
    )  # fmt: skip


def coverage(
    events: pd.DataFrame, start: object, end: object, track: str = "ukraine"
) -> dict[str, Any]:
    """How densely a window is covered: US pressure acts and all acts per 30 days
    (the rows of `track`; the other track's are not counted)."""
    sides = TRACK_LANES[check_track(track)]
    events = track_rows(events, track)
    first, last = _span(events, start, end)
    days = int((last - first).days) + 1
    inside = events[events["date"].between(first, last)]
    us = inside[
        inside["actor"].astype(str).eq("us")
        & inside["pressure_on"].astype(str).isin(list(sides))
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
        return {
            "verdict": "untestable",
            "reason": str(err),
            "plain": f"the data cannot run this test here: {err}",
        }


def _timing(
    events: pd.DataFrame, first: object, last: object, track: str, **kw: Any
) -> dict[str, Any]:
    """The timing verdict of one track: Moscow's overtures on Ukraine's; on Gaza's,
    each side's concessions after US pressure on it (one verdict per side)."""
    if track == "ukraine":
        return _safe(overture_verdict, events, first, last, **kw)
    return {
        side: _safe(overture_verdict, events, first, last, side=side, **kw)
        for side in TRACK_LANES[track]
    }


def _block(
    events: pd.DataFrame,
    first: object,
    last: object,
    track: str,
    follow: bool,
    alt: dict[str, Any],
    timing: dict[str, Any],
    seed: int,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "window": coverage(events, first, last, track),
        "alternation": _safe(alternation_verdict, events, first, last, **alt),
        ("overtures" if track == "ukraine" else "timing"): _timing(
            events, first, last, track, **timing
        ),
    }
    if follow:
        out["follow_through"] = {
            side: follow_through_verdict(events, side, first, last, seed=seed).as_dict()
            for side in TRACK_LANES[track]
        }
    return out


def verdicts(
    events: pd.DataFrame,
    start: object = ARTICLE_START,
    end: object = ARTICLE_END,
    permutations: int = vocab.DEFAULT_PERMUTATIONS,
    seed: int = SEED,
    scheme: str = "mode",
    power_runs: int = POWER_RUNS,
    coincidence_days: int = vocab.DEFAULT_COINCIDENCE_DAYS,
    track: str = "ukraine",
    follow_through: bool | None = None,
) -> dict[str, Any]:
    """Both verdicts for [start, end] and for the holdout (the day after `end` to the
    last date in the data), with each window's coverage. Only the rows of `track` are
    read (Ukraine's by default). On the Gaza track the timing verdict is one per side
    (key `timing`), and follow-through by instrument is added per side (key
    `follow_through`; for Ukraine only when `follow_through=True`, so that its output
    stays as it was)."""
    events = track_rows(events, check_track(track))
    follow = track != "ukraine" if follow_through is None else follow_through
    first, last = _span(events, start, end)
    alt = {
        "scheme": scheme,
        "permutations": permutations,
        "seed": seed,
        "power_runs": power_runs,
    }
    if track != "ukraine":
        alt["track"] = track
    timing = {"coincidence_days": coincidence_days, "draws": permutations, "seed": seed}
    out: dict[str, Any] = {"track": track} if track != "ukraine" else {}
    out |= _block(events, first, last, track, follow, alt, timing, seed)
    data_end = events["date"].max().normalize()
    hold_start = last + pd.Timedelta(days=1)
    if hold_start <= data_end:
        hold = _block(events, hold_start, data_end, track, follow, alt, timing, seed)
        out["holdout"] = {
            "window": hold.pop("window"),
            "question": "did the pattern continue after the article?",
            **hold,
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
        for key in ("alternation", "overtures", "timing", "follow_through"):
            if key not in block:
                continue
            v = block[key]
            parts = (
                [(key, v)]
                if "verdict" in v
                else [(f"{key} ({side})", sub) for side, sub in v.items()]
            )
            for name, one in parts:
                detail = one.get("sentence", one.get("reason", ""))
                lines.append(f"  {name}: {one['verdict']}: {detail}")
                swing = one.get("changepoint") or {}
                if swing.get("sentence"):
                    lines.append(f"  slow swing: {swing['sentence']}")
    return "\n".join(lines)
