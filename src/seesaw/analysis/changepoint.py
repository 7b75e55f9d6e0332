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
from typing import Any

import numpy as np
import pandas as pd

from seesaw.analysis.describe import wilson
from seesaw.analysis.metrics import MetricError
from seesaw.data import vocab

#: Fewest active days on each side of the switch.
MIN_SEGMENT = 5


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


def changepoint(
    signs: pd.Series,
    min_segment: int = MIN_SEGMENT,
    permutations: int = vocab.DEFAULT_PERMUTATIONS,
    seed: int = vocab.DEFAULT_SEED,
    names: tuple[str, str] = ("Moscow", "Kyiv"),
) -> dict[str, Any]:
    """The single switch of the dominant side in `signs` (a +1/-1 Series indexed by
    date in time order, +1 leaning on `names[0]`), with the evidence for it."""
    values = np.asarray(signs, dtype=float)
    plus, minus = names
    if np.any((values != 1) & (values != -1)):
        raise MetricError(f"changepoint: the sides must be +1 ({plus}) or -1 ({minus})")
    dates = pd.DatetimeIndex(signs.index)
    y = (values > 0).astype(float)
    n = len(y)
    profile = switch_profile(y, min_segment)[0]
    cut = min_segment + int(np.argmax(profile))  # days before the switch
    stat = float(_statistic(y, min_segment)[0])
    ll1 = float(profile.max())
    ll0 = ll1 - stat / 2.0
    rng = np.random.default_rng(seed)
    null = _statistic(rng.permuted(np.tile(y, (permutations, 1)), axis=1), min_segment)
    p = (1 + int(np.sum(null >= stat - 1e-9))) / (1 + permutations)
    bic = (-2 * ll0 + math.log(n)) - (-2 * ll1 + 3 * math.log(n))
    key = plus.lower()

    def segment(lo: int, hi: int) -> dict[str, Any]:
        k, m = int(y[lo:hi].sum()), hi - lo
        low, high = wilson(k, m, alpha=vocab.ALPHA)
        return {
            "first": dates[lo].date().isoformat(),
            "last": dates[hi - 1].date().isoformat(),
            "days": m,
            f"leaning_on_{key}": k,
            f"share_on_{key}": k / m,
            "interval": [float(low), float(high)],
        }

    b, a = segment(0, cut), segment(cut, n)
    share = f"share_on_{key}"
    (bl, bh), (al, ah) = b["interval"], a["interval"]
    toward = plus if a[share] > b[share] else minus
    which = "favours one switch" if bic > 0 else "favours no switch"
    return {
        "what": "described, not a test of turn-taking: the single switch date of the "
        "dominant side that maximises the likelihood of two binomial segments, over "
        f"the window's active days netted per day (+1 leans on {plus}, -1 on {minus})",
        "switch_date": a["first"],
        "before": b,
        "after": a,
        "likelihood_ratio": stat,
        "p_value": p,
        "p_method": "permutation of the days' sides under no switch (the maximum over "
        "switch dates is not chi-square)",
        "permutations": permutations,
        "seed": seed,
        "bic_difference": bic,
        "bic_note": "BIC(no switch) - BIC(one switch, 3 parameters); positive "
        "favours a switch",
        "days": n,
        "min_segment": min_segment,
        "sentence": "described, not a test of turn-taking: the slow swing's most likely "
        f"single switch came between {b['last']} and {a['first']}, after which US "
        f"pressure leaned more on {toward} (days leaning on {plus}: {b[share]:.0%} before, "
        f"95% interval {bl:.0%} to {bh:.0%}, {b['days']} active days; {a[share]:.0%} after, "
        f"{al:.0%} to {ah:.0%}, {a['days']} days; one switch against none: likelihood "
        f"ratio {stat:.1f}, permutation p = {p:.3f}, BIC difference {bic:+.1f}, which "
        f"{which})",
    }
