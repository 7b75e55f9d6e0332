"""The slow swing, described: one switch of the dominant side, found by likelihood.

Not a test of turn-taking (that is `seesaw.analysis.spells`). The sequence: the window's
US acts netted per day, each active day +1 (leans on Moscow) or -1 (on Kyiv). Model: two
binomial segments, the switch placed where the likelihood is largest (each segment at
least `min_segment` days), against one probability for all days: the likelihood ratio
2 (log L1 - log L0), its p by permutation of the days' sides (the maximum over switch
points is not chi-square), and BIC(no switch) - BIC(one switch, 3 parameters), positive
favouring a switch. The shares carry Wilson 95% intervals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from seesaw.analysis.describe import wilson
from seesaw.analysis.metrics import MetricError
from seesaw.data import vocab

#: Fewest active days on each side of the switch.
MIN_SEGMENT = 5
PERMUTATIONS = vocab.DEFAULT_PERMUTATIONS


def _segment_ll(k: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Binomial log-likelihood at the MLE of a segment with k successes in n (the
    binomial coefficient left out: it cancels between models)."""
    from scipy.special import xlogy

    k, n = np.asarray(k, dtype=float), np.asarray(n, dtype=float)
    p = np.divide(k, n, out=np.zeros_like(k), where=n > 0)
    return xlogy(k, p) + xlogy(n - k, 1.0 - p)


def switch_profile(y: np.ndarray, min_segment: int = MIN_SEGMENT) -> np.ndarray:
    """Log-likelihood of one switch after each position: row-wise for a 2-D array of
    0/1 sequences. Column j is the switch with the first `min_segment + j` days before
    it."""
    y = np.atleast_2d(np.asarray(y, dtype=float))
    n = y.shape[1]
    cuts = np.arange(min_segment, n - min_segment + 1)
    if len(cuts) == 0:
        raise MetricError(
            f"changepoint: {n} active days cannot hold two segments of at least "
            f"{min_segment} days; widen the dates"
        )
    csum = np.cumsum(y, axis=1)
    total = csum[:, -1:]
    before = csum[:, cuts - 1]
    return _segment_ll(before, cuts) + _segment_ll(total - before, n - cuts)


def _statistic(y: np.ndarray, min_segment: int) -> np.ndarray:
    """The likelihood ratio 2 (log L1 - log L0), row-wise."""
    y = np.atleast_2d(np.asarray(y, dtype=float))
    ll0 = _segment_ll(y.sum(axis=1), np.full(y.shape[0], y.shape[1]))
    return 2.0 * (switch_profile(y, min_segment).max(axis=1) - ll0)


@dataclass(frozen=True)
class Segment:
    first: pd.Timestamp
    last: pd.Timestamp
    days: int
    moscow: int
    share: float
    low: float
    high: float

    def as_dict(self, plus: str = "Moscow") -> dict[str, Any]:
        """The segment's figures; `plus` names the side counted +1 (the keys say it)."""
        key = plus.lower()
        return {
            "first": self.first.date().isoformat(),
            "last": self.last.date().isoformat(),
            "days": self.days,
            f"leaning_on_{key}": self.moscow,
            f"share_on_{key}": self.share,
            "interval": [self.low, self.high],
        }


@dataclass(frozen=True)
class ChangePoint:
    before: Segment
    after: Segment
    statistic: float  # likelihood ratio, 2 (log L1 - log L0)
    p_value: float
    bic_difference: float  # BIC(no switch) - BIC(one switch); positive favours a switch
    days: int
    min_segment: int
    permutations: int
    seed: int
    names: tuple[str, str] = ("Moscow", "Kyiv")  # the sides counted +1 and -1

    def sentence(self) -> str:
        """The description in words, figures in brackets."""
        b, a = self.before, self.after
        plus, minus = self.names
        toward = plus if a.share > b.share else minus
        bic = "favours one switch" if self.bic_difference > 0 else "favours no switch"
        return (
            "described, not a test of turn-taking: the slow swing's most likely single "
            f"switch came between {b.last.date().isoformat()} and "
            f"{a.first.date().isoformat()}, after which US pressure leaned "
            f"more on {toward} (days leaning on {plus}: {b.share:.0%} before, 95% "
            f"interval {b.low:.0%} to {b.high:.0%}, {b.days} active days; {a.share:.0%} "
            f"after, {a.low:.0%} to {a.high:.0%}, {a.days} days; one switch against none: "
            f"likelihood ratio {self.statistic:.1f}, permutation p = {self.p_value:.3f}, "
            f"BIC difference {self.bic_difference:+.1f}, which {bic})"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "what": "described, not a test of turn-taking: the single switch date of the "
            "dominant side that maximises the likelihood of two binomial segments, over "
            f"the window's active days netted per day (+1 leans on {self.names[0]}, "
            f"-1 on {self.names[1]})",
            "switch_date": self.after.first.date().isoformat(),
            "before": self.before.as_dict(self.names[0]),
            "after": self.after.as_dict(self.names[0]),
            "likelihood_ratio": self.statistic,
            "p_value": self.p_value,
            "p_method": "permutation of the days' sides under no switch (the maximum over "
            "switch dates is not chi-square)",
            "permutations": self.permutations,
            "seed": self.seed,
            "bic_difference": self.bic_difference,
            "bic_note": "BIC(no switch) - BIC(one switch, 3 parameters); positive "
            "favours a switch",
            "days": self.days,
            "min_segment": self.min_segment,
            "sentence": self.sentence(),
        }


def changepoint(
    signs: pd.Series,
    min_segment: int = MIN_SEGMENT,
    permutations: int = PERMUTATIONS,
    seed: int = vocab.DEFAULT_SEED,
    names: tuple[str, str] = ("Moscow", "Kyiv"),
) -> ChangePoint:
    """The single switch of the dominant side in `signs` (a +1/-1 Series indexed by
    date in time order, +1 leaning on `names[0]`, Moscow by default), with the
    evidence for it."""
    values = np.asarray(signs, dtype=float)
    if np.any((values != 1) & (values != -1)):
        raise MetricError(
            f"changepoint: the sides must be +1 ({names[0]}) or -1 ({names[1]})"
        )
    dates = pd.DatetimeIndex(signs.index)
    y = (values > 0).astype(float)
    n = len(y)
    profile = switch_profile(y, min_segment)[0]
    cut = min_segment + int(np.argmax(profile))  # days before the switch
    stat = float(_statistic(y, min_segment)[0])
    ll1 = float(profile.max())
    ll0 = ll1 - stat / 2.0
    rng = np.random.default_rng(seed)
    shuffled = rng.permuted(np.tile(y, (permutations, 1)), axis=1)
    null = _statistic(shuffled, min_segment)
    p = (1 + int(np.sum(null >= stat - 1e-9))) / (1 + permutations)
    bic = (-2 * ll0 + math.log(n)) - (-2 * ll1 + 3 * math.log(n))

    def segment(lo: int, hi: int) -> Segment:
        k, m = int(y[lo:hi].sum()), hi - lo
        low, high = wilson(k, m, alpha=vocab.ALPHA)
        return Segment(dates[lo], dates[hi - 1], m, k, k / m, float(low), float(high))

    return ChangePoint(
        segment(0, cut),
        segment(cut, n),
        stat,
        p,
        bic,
        n,
        min_segment,
        permutations,
        seed,
        names,
    )
