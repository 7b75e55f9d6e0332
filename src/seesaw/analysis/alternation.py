"""The alternation verdict: did US pressure on the two sides of a track take turns?

`spells` when the spells test (primary) finds turns beyond each side's own burstiness
(p < alpha); else `act_by_act` when the exact runs test (secondary) finds more
day-to-day switches than chance; else `no_pattern` only with at least 80%
power against the realistic world (spells of 14-100 days as pure as the real lanes, at
the window's size), `inconclusive` with less. It leads with the lanes' weekly
correlation and states its power and minimum detectable effect in words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from seesaw.analysis import changepoint, describe, masks, metrics, spells, views
from seesaw.analysis import power as pw
from seesaw.analysis.masks import SIDE_NAMES
from seesaw.analysis.metrics import MetricError
from seesaw.analysis.power import REALISTIC_SPELLS
from seesaw.analysis.score import score_events
from seesaw.analysis.spells import RunsTails, SpellsResult
from seesaw.data import memo, vocab

ALTERNATION_VERDICTS = ("spells", "act_by_act", "no_pattern", "inconclusive")


@dataclass(frozen=True)
class AlternationVerdict:
    verdict: str
    start: pd.Timestamp
    end: pd.Timestamp
    alpha: float
    spells: SpellsResult
    runs: RunsTails
    slow: SpellsResult
    first_lane: str | None  # whose median act came first (`spells.first_side`)
    power: float | None  # share of realistic simulated spells the test finds
    power_runs: int  # how many simulated runs measured `power`
    purity: float  # share of acts on the busier side of 30-day blocks
    effect: tuple[float, float, float, int]  # weekly correlation: r, low, high, weeks
    mde_purity: float | None  # least purity the test finds with GOOD_POWER
    sides: tuple[str, str]  # the track's lanes (+ side, - side)
    changepoint: dict[str, Any]  # the slow swing, described (one switch)

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

    def swing_sentence(self) -> str:
        """Which side's pressure came earlier in the window, described, not tested."""
        names = [SIDE_NAMES[s] for s in self.sides]
        if self.first_lane is None:
            return (
                "described, not tested: neither side's pressure came first (the median "
                "acts on the two fell on one day, or one side had none)"
            )
        early, late = names[::-1] if self.first_lane == self.sides[1] else names
        return (
            f"described, not tested: the median US act raising pressure on {early} came "
            f"earlier in the window than the median act on {late}"
        )

    @property
    def power_interval(self) -> tuple[float, float] | None:
        """Wilson 95% interval of the power at this size (None when not measured)."""
        if self.power is None or self.power_runs <= 0:
            return None
        return describe.wilson(round(self.power * self.power_runs), self.power_runs)

    def mde(self) -> str | None:
        """The minimum detectable effect at `vocab.GOOD_POWER`, in words; None when no
        run was simulated (`power_runs` 0: neither the power nor the effect measured)."""
        if self.power_runs <= 0:
            return None
        lo, hi = REALISTIC_SPELLS
        good = f"{vocab.GOOD_POWER:.0%}"
        if self.mde_purity is None:  # simulated, and not reached even at full purity
            return (
                f"at this window's size the test finds spells of {lo}-{hi} days in fewer "
                f"than {good} of runs even when every act falls on its spell's side"
            )
        return (
            f"the test would only notice spells of {lo}-{hi} days (in {good} of runs) if at "
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
        why = (
            "the test's power was not measured here"
            if self.power is None
            else "at this window's size the test would miss most realistic spells"
            if self.power < vocab.MIN_POWER
            else "at this window's size the test would miss realistic spells in a good "
            "share of runs"
        )
        return (
            "the data cannot tell: US pressure did not come in spells that took turns "
            f"beyond chance, but {why}, so this is no evidence against them"
        )

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
            f"runs test p = {r.p_more:.3f} for more switches than chance and "
            f"{vocab.p_text(r.p_fewer)} for fewer, {r.runs} runs against "
            f"{r.expected:.1f} expected",
        ]
        interval = self.power_interval
        if interval is not None:
            lo, hi = REALISTIC_SPELLS
            parts.append(
                f"power against realistic spells ({lo}-{hi} days, {self.purity:.0%} of "
                f"acts on their side as in the data; {s.n_moscow + s.n_kyiv} acts over "
                f"{s.days} days): {self.power:.0%}, 95% interval {interval[0]:.0%} to "
                f"{interval[1]:.0%}, from {self.power_runs:,} simulated runs"
            )
        mde = self.mde()
        parts.append("power not measured (no runs simulated)" if mde is None else mde)
        return "; ".join(parts)

    def sentence(self) -> str:
        """The verdict in words first, its figures after, in brackets."""
        return f"{self.plain()} (in figures: {self.figures()})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "p_value": self.spells.p_value,
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
            "power_interval": self.power_interval and list(self.power_interval),
            "changepoint": self.changepoint,
            "plain": self.plain(),
            "figures": self.figures(),
            "secondary": {
                "test": "runs test on the day-level sign sequence",
                **self.runs.as_dict(),
            },
        }


@memo.cached(project={"events": views.tags_only})
def alternation_verdict(
    events: pd.DataFrame,
    start: object = vocab.ANALYSIS_START,
    end: object = vocab.ARTICLE_END,
    scheme: str = "mode",
    smooth_days: int = vocab.DEFAULT_SMOOTHING_DAYS,
    permutations: int = vocab.DEFAULT_PERMUTATIONS,
    seed: int = vocab.DEFAULT_SEED,
    alpha: float = vocab.ALPHA,
    power_runs: int = vocab.POWER_RUNS,
    track: str = "ukraine",
) -> AlternationVerdict:
    """The alternation verdict for the US acts of `track` (its rows only: `verdicts`
    selects them) in [start, end]; with `power_runs`, the power at the window's size;
    with `permutations`, the change point (the slow swing, described)."""
    sides = masks.TRACK_LANES[masks.check_track(track)]
    first, last = masks.window_span(events, start, end)
    # The lanes once, for both runs of the test (as `spells.spells_test` counts them).
    lane = spells.lanes(events, first, last, "raise", sides)
    moscow, kyiv = lane[sides[0]].to_numpy(), lane[sides[1]].to_numpy()
    sp = spells.spells_test_arrays(moscow, kyiv, smooth_days)
    slow = spells.spells_test_arrays(moscow, kyiv, smooth_days, max_period=None)
    signs_series = day_signs(events, first, last, scheme, track)
    runs = spells.runs_tails(signs_series.to_numpy())
    purity = pw.block_purity(lane, sides)
    power = mde_purity = None
    if power_runs > 0:  # the power at the window's own size, and the least purity found
        acts = sp.n_moscow + sp.n_kyiv
        kw = {"seed": seed, "alpha": alpha, "smooth_days": smooth_days}
        power = pw.spells_power_at(acts, sp.days, purity, runs=power_runs, **kw)
        mde_purity = pw.spells_mde(acts, sp.days, runs=max(50, power_runs // 5), **kw)
    if sp.p_value < alpha:
        verdict = "spells"
    elif runs.p_more < alpha:
        verdict = "act_by_act"
    else:
        verdict = pw.null_verdict(power)
    names = (SIDE_NAMES[sides[0]], SIDE_NAMES[sides[1]])
    swing: dict[str, Any] = {"reason": "not computed (no permutations)"}
    if permutations > 0:  # the explorer's panel shows no change point, and asks none
        try:
            swing = changepoint.changepoint(
                signs_series, permutations=permutations, seed=seed, names=names
            )
        except MetricError as err:
            swing = {"reason": str(err)}
    return AlternationVerdict(
        verdict,
        first,
        last,
        alpha,
        sp,
        runs,
        slow,
        spells.first_side(lane, sides),
        power,
        power_runs if power is not None else 0,
        purity,
        weekly_correlation(moscow, kyiv),
        mde_purity,
        sides,
        swing,
    )


def day_signs(
    events: pd.DataFrame,
    first: pd.Timestamp,
    last: pd.Timestamp,
    scheme: str = "mode",
    track: str = "ukraine",
) -> pd.Series:
    """The runs test's sequence: the +1/-1 sign of each active day's scored US acts of
    `track` from `first` to `last` (`metrics.pressure_sequence`)."""
    window = masks.select_events(events, first.date(), last.date())
    return metrics.pressure_sequence(score_events(window, scheme, track=track))


def weekly_correlation(
    moscow: np.ndarray, kyiv: np.ndarray
) -> tuple[float, float, float, int]:
    """Pearson correlation of the two lanes' weekly counts with its Fisher-z 95%
    interval: (r, low, high, weeks). Negative: the sides' busy weeks took turns."""
    from scipy.special import ndtri  # scipy.stats.norm.ppf to the bit

    a, b = np.asarray(moscow, float), np.asarray(kyiv, float)
    weeks = len(a) // 7
    wa, wb = (x[: weeks * 7].reshape(weeks, 7).sum(axis=1) for x in (a, b))
    if weeks < 4 or wa.std() == 0 or wb.std() == 0:
        return float("nan"), float("nan"), float("nan"), weeks
    r = float(np.corrcoef(wa, wb)[0, 1])
    z, se = np.arctanh(np.clip(r, -0.999999, 0.999999)), 1 / np.sqrt(weeks - 3)
    q = float(ndtri(0.5 + 0.95 / 2))
    return r, float(np.tanh(z - q * se)), float(np.tanh(z + q * se)), weeks
