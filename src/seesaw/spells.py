"""Spells that take turns: the primary alternation test (see data/ANALYSIS.md).

The article says that over nine months Washington went back and forth between pushing
Kyiv and pressing Moscow: spells of one, then spells of the other. Two lanes of daily
counts stand for the two sides (US acts that raise pressure on Moscow; US acts that
raise pressure on Kyiv). Each lane is summed over a circular box of `smooth_days` days,
and the statistic is the Pearson correlation of the two smoothed lanes: low or negative
when one lane is quiet while the other is busy, at the scale of weeks.

The null shifts one lane's dates against the other's, circularly over the window, and
is enumerated exactly: every shift from `min_shift` to `days - min_shift` (shifts closer
to zero on the circle are near-copies of the observed alignment and are left out).
Each lane keeps its own count and its own burstiness under every shift, and a circular
shift changes neither lane's mean nor variance, so the correlation is comparable across
shifts. p = (1 + #{shifts with r <= observed}) / (1 + number of shifts).

The tit-for-tat question (does the sign switch from one active day to the next more
often than chance?) is the secondary test: the runs test and label shuffle of
`seesaw.metrics`, with both tails from `runs_tails` here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from seesaw.metrics import MetricError, runs_distribution

#: The lanes: the primary pair (acts that raise pressure on each side) and the
#: sensitivity pair that also counts relief (acts that lean on each side).
LANE_KINDS = ("raise", "lean")


def lanes(
    events: pd.DataFrame,
    start: object = None,
    end: object = None,
    kind: str = "raise",
) -> pd.DataFrame:
    """Daily counts of US acts in the two lanes, one row per calendar day of [start, end].

    `kind='raise'` (primary): acts that raise pressure on Moscow / on Kyiv.
    `kind='lean'` (sensitivity): acts that lean on Moscow (raise pressure on it or
    relieve Kyiv) / on Kyiv (raise pressure on it or relieve Moscow).
    Empty `start`/`end` take the first and last date of `events`.
    """
    if kind not in LANE_KINDS:
        raise MetricError(
            f"lanes: unknown kind {kind!r}; allowed: {', '.join(LANE_KINDS)}"
        )
    if events.empty:
        raise MetricError("lanes: no events in the selection; widen the dates")
    first = pd.Timestamp(start) if start not in (None, "") else events["date"].min()
    last = pd.Timestamp(end) if end not in (None, "") else events["date"].max()
    days = pd.date_range(first.normalize(), last.normalize(), freq="D")
    actor = events["actor"].astype(str)
    target = events["pressure_on"].astype(str)
    effect = events["effect"].astype(str)
    us = actor.eq("us") & events["date"].between(days[0], days[-1])
    raise_m = us & target.eq("moscow") & effect.eq("raise")
    raise_k = us & target.eq("kyiv") & effect.eq("raise")
    if kind == "raise":
        on_m, on_k = raise_m, raise_k
    else:
        on_m = raise_m | (us & target.eq("kyiv") & effect.eq("relieve"))
        on_k = raise_k | (us & target.eq("moscow") & effect.eq("relieve"))

    def count(mask: pd.Series) -> np.ndarray:
        day = (events.loc[mask, "date"].dt.normalize() - days[0]).dt.days.to_numpy()
        return np.bincount(day, minlength=len(days))

    return pd.DataFrame(
        {"moscow": count(on_m), "kyiv": count(on_k)},
        index=pd.Index(days, name="date"),
    )


def circular_box(x: np.ndarray, width: int) -> np.ndarray:
    """Circular trailing sum: y[t] = x[t] + x[t-1] + ... + x[t-width+1], indices mod n."""
    x = np.asarray(x, dtype=float)
    n = len(x)
    if not 1 <= width <= n:
        raise MetricError(f"smooth_days: must be between 1 and {n} days, got {width}")
    c = np.cumsum(np.r_[x[n - width + 1 :], x]) if width > 1 else np.cumsum(x)
    c = np.r_[0.0, c]
    return c[width:] - c[:-width]


def shift_correlations(a: np.ndarray, b: np.ndarray, smooth_days: int) -> np.ndarray:
    """r[s] = Pearson correlation of box(a) and box(b) rolled by s days, s = 0..n-1.

    Computed for every shift at once by FFT (circular cross-covariance).
    """
    sa, sb = circular_box(a, smooth_days), circular_box(b, smooth_days)
    da, db = sa - sa.mean(), sb - sb.mean()
    norm = math.sqrt(float(np.dot(da, da)) * float(np.dot(db, db)))
    if norm == 0:
        raise MetricError(
            "spells: a lane has no variation in the window (no acts, or acts every day); "
            "the test needs activity that rises and falls"
        )
    cov = np.fft.irfft(np.fft.rfft(da) * np.conj(np.fft.rfft(db)), n=len(da))
    return cov / norm


def allowed_shifts(days: int, min_shift: int) -> np.ndarray:
    """The shifts of the null: min_shift..days-min_shift (at least min_shift from 0)."""
    if min_shift < 1:
        raise MetricError(f"min_shift: must be at least 1 day, got {min_shift}")
    shifts = np.arange(min_shift, days - min_shift + 1)
    if len(shifts) == 0:
        raise MetricError(
            f"spells: a window of {days} days leaves no shift at least {min_shift} days "
            "from zero; widen the window or lower min_shift"
        )
    return shifts


@dataclass(frozen=True)
class SpellsResult:
    """The spells test: correlation of the smoothed lanes against every allowed shift."""

    statistic: float
    p_value: float
    p_other: float
    shifts: int
    min_shift: int
    smooth_days: int
    days: int
    n_moscow: int
    n_kyiv: int
    null_mean: float
    null_sd: float
    smallest_p: float
    lanes: str
    test: str = "spells: circular-shift correlation of the two lanes"
    distribution: np.ndarray = field(
        default_factory=lambda: np.zeros(0), compare=False, repr=False
    )

    def as_dict(self) -> dict[str, float | int | str]:
        return {
            "test": self.test,
            "statistic": self.statistic,
            "p_value": self.p_value,
            "p_other": self.p_other,
            "shifts": self.shifts,
            "min_shift": self.min_shift,
            "smooth_days": self.smooth_days,
            "days": self.days,
            "n_moscow": self.n_moscow,
            "n_kyiv": self.n_kyiv,
            "null_mean": self.null_mean,
            "null_sd": self.null_sd,
            "smallest_p": self.smallest_p,
            "lanes": self.lanes,
        }


def spells_test_arrays(
    moscow: np.ndarray,
    kyiv: np.ndarray,
    smooth_days: int = 14,
    min_shift: int = 28,
    lanes_name: str = "raise",
) -> SpellsResult:
    """The spells test on two lanes of daily counts of the same length."""
    a, b = np.asarray(moscow, dtype=float), np.asarray(kyiv, dtype=float)
    if a.shape != b.shape or a.ndim != 1:
        raise MetricError("spells: the two lanes must be 1-D and of the same length")
    r = shift_correlations(a, b, smooth_days)
    shifts = allowed_shifts(len(a), min_shift)
    observed = float(r[0])
    null = r[shifts]
    # A tolerance keeps exact ties (equal up to rounding) on the null's side.
    tol = 1e-12
    low = int(np.count_nonzero(null <= observed + tol))
    high = int(np.count_nonzero(null >= observed - tol))
    n = len(null)
    return SpellsResult(
        statistic=observed,
        p_value=(1 + low) / (1 + n),
        p_other=(1 + high) / (1 + n),
        shifts=n,
        min_shift=min_shift,
        smooth_days=smooth_days,
        days=len(a),
        n_moscow=int(a.sum()),
        n_kyiv=int(b.sum()),
        null_mean=float(null.mean()),
        null_sd=float(null.std(ddof=1)) if n > 1 else float("nan"),
        smallest_p=1 / (1 + n),
        lanes=lanes_name,
        distribution=null,
    )


def spells_test(
    events: pd.DataFrame,
    start: object = None,
    end: object = None,
    smooth_days: int = 14,
    min_shift: int = 28,
    kind: str = "raise",
) -> SpellsResult:
    """The spells test on the US acts of `events` dated in [start, end]."""
    lane = lanes(events, start, end, kind)
    return spells_test_arrays(
        lane["moscow"].to_numpy(), lane["kyiv"].to_numpy(), smooth_days, min_shift, kind
    )


# --- The secondary test: both tails of the runs test ------------------------------


@dataclass(frozen=True)
class RunsTails:
    """Runs of a two-valued sequence with both one-sided p-values."""

    n: int
    runs: int
    expected: float
    sd: float
    p_more: float  # more runs than chance: act-by-act switching (tit-for-tat)
    p_fewer: float  # fewer runs than chance: streaks
    method: str

    @property
    def tail(self) -> str:
        """The tail the data fall in, in words."""
        if self.runs > self.expected:
            return "more switches than chance (act by act)"
        if self.runs < self.expected:
            return "fewer switches than chance (streaks)"
        return "exactly as many switches as chance"

    def as_dict(self) -> dict[str, float | int | str]:
        return {
            "n": self.n,
            "runs": self.runs,
            "expected": self.expected,
            "sd": self.sd,
            "p_more": self.p_more,
            "p_fewer": self.p_fewer,
            "method": self.method,
            "tail": self.tail,
        }


def runs_moments(n1: int, n2: int) -> tuple[float, float]:
    """Mean and variance of the number of runs of n1 and n2 items in random order."""
    n = n1 + n2
    mean = 2.0 * n1 * n2 / n + 1.0
    var = 2.0 * n1 * n2 * (2.0 * n1 * n2 - n) / (n**2 * (n - 1.0))
    return mean, var


def runs_tails(seq: np.ndarray | pd.Series, exact_max_n: int = 60) -> RunsTails:
    """Both tails of the runs test: exact up to `exact_max_n` items, else normal with a
    continuity correction of 0.5 toward the mean."""
    x = np.asarray(seq)
    values = np.unique(x)
    if len(values) != 2:
        raise MetricError(
            "runs test: the sequence needs both signs to test switching "
            f"(got {len(values)} distinct value(s) in {len(x)} periods)"
        )
    n1 = int(np.count_nonzero(x == values[1]))
    n2 = len(x) - n1
    r = int(1 + np.count_nonzero(x[1:] != x[:-1]))
    mean, var = runs_moments(n1, n2)
    sd = math.sqrt(var) if var > 0 else float("nan")
    if len(x) <= exact_max_n:
        dist = runs_distribution(n1, n2)
        p_more = float(sum(p for k, p in dist.items() if k >= r))
        p_fewer = float(sum(p for k, p in dist.items() if k <= r))
        method = "exact"
    else:
        z_more = (r - 0.5 - mean) / sd
        z_fewer = (r + 0.5 - mean) / sd
        p_more = 0.5 * math.erfc(z_more / math.sqrt(2.0))
        p_fewer = 0.5 * math.erfc(-z_fewer / math.sqrt(2.0))
        method = "normal, continuity-corrected"
    return RunsTails(
        n=len(x),
        runs=r,
        expected=mean,
        sd=sd,
        p_more=min(1.0, p_more),
        p_fewer=min(1.0, p_fewer),
        method=method,
    )


def daily_signs(moscow: np.ndarray, kyiv: np.ndarray) -> np.ndarray:
    """The day-level sign sequence of two lanes: +1 where Moscow's count exceeds Kyiv's,
    -1 where Kyiv's does, days that net to 0 dropped (as `pressure_sequence` with flat
    weights)."""
    net = np.asarray(moscow, dtype=float) - np.asarray(kyiv, dtype=float)
    return np.sign(net[net != 0]).astype(int)
