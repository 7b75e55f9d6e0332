"""Spells that take turns: the primary alternation test (see data/ANALYSIS.md).

Two lanes of daily counts stand for the two sides (US acts that raise pressure on
Moscow; on Kyiv). Each lane is summed over a circular box of `smooth_days` days, its
swings slower than `MAX_PERIOD` days are removed (a single swap across the window is not
spells that take turns), and the statistic is the Pearson correlation of the two lanes:
low or negative when one lane is quiet while the other is busy, at the scale of weeks.

The null shifts one lane's dates against the other's, circularly, enumerated exactly
over all `days - 1` shifts (a rotation test: each lane keeps its count, burstiness,
mean and variance). p = (1 + #{shifts with r <= observed}) / (1 + number of shifts).
Leaving out the shifts near zero (`min_shift`, the first design's 28 days) makes the
test anti-conservative: a stated sensitivity row only. Neighbouring shifts of smoothed
lanes are nearly the same draw, so the p-value's real resolution is the effective
number of independent shifts (`effective_shifts`).

The secondary, tit-for-tat, test (does the sign switch from one active day to the next
more often than chance?) is the runs test, with both tails from `runs_tails` here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields

import numpy as np
import pandas as pd

from seesaw.analysis.masks import check_choice, equals
from seesaw.analysis.metrics import MetricError, count_runs, runs_counts
from seesaw.data import vocab

#: The lanes: the primary pair (acts that raise pressure on each side) and the
#: sensitivity pair that also counts relief (acts that lean on each side).
LANE_KINDS = ("raise", "lean")
#: Swings slower than this many days are not spells that take turns (two spells of at
#: most 60 days make one cycle of at most 120 days); they are removed before testing.
MAX_PERIOD = 120


def lanes(
    events: pd.DataFrame,
    start: object = None,
    end: object = None,
    kind: str = "raise",
    sides: tuple[str, str] = ("moscow", "kyiv"),
) -> pd.DataFrame:
    """Daily counts of US acts per side of `sides` over [start, end] (empty: the data's
    span): `kind='raise'` (primary) counts acts raising pressure on the side, `'lean'`
    (sensitivity) also those relieving the other side."""
    check_choice("kind", kind, LANE_KINDS, MetricError)
    if events.empty:
        raise MetricError("lanes: no events in the selection; widen the dates")
    first = pd.Timestamp(start) if start not in (None, "") else events["date"].min()
    last = pd.Timestamp(end) if end not in (None, "") else events["date"].max()
    days = pd.date_range(first.normalize(), last.normalize(), freq="D")
    us = equals(events["actor"], "us") & events["date"].between(days[0], days[-1])
    on = [us & equals(events["pressure_on"], side) for side in sides]
    raises, relieves = (equals(events["effect"], e) for e in ("raise", "relieve"))
    lane = [on[0] & raises, on[1] & raises]
    if kind == "lean":
        lane = [lane[0] | (on[1] & relieves), lane[1] | (on[0] & relieves)]
    day = (events["date"].dt.normalize() - days[0]).dt.days
    return pd.DataFrame(
        {
            side: np.bincount(day[mask].to_numpy(np.int64), minlength=len(days))
            for side, mask in zip(sides, lane, strict=True)
        },
        index=pd.Index(days, name="date"),
    )


def median_days(lane: pd.DataFrame, sides: tuple[str, str]) -> list[pd.Timestamp]:
    """The date of each side's median act in `lanes` (NaT for a side without acts)."""
    return [pd.Series(lane.index.repeat(lane[s])).median() for s in sides]


def first_side(lane: pd.DataFrame, sides: tuple[str, str]) -> str | None:
    """Which side's pressure came first in `lanes`: the side whose median act is the
    earlier one (None when they fall on one day or a side has no act). Described, not
    tested; the one answer the verdict, the README and the seesaw chart give."""
    early, late = median_days(lane, sides)
    if pd.isna(early) or pd.isna(late) or early == late:
        return None
    return sides[0] if early < late else sides[1]


def circular_box(x: np.ndarray, width: int) -> np.ndarray:
    """Circular trailing sum: y[t] = x[t] + x[t-1] + ... + x[t-width+1], indices mod n
    (along the last axis: a 2-D `x` is one lane per row)."""
    x = np.asarray(x, dtype=float)
    n = x.shape[-1]
    if not 1 <= width <= n:
        raise MetricError(
            f"the window has {vocab.count(n, 'day')}, fewer than the {width}-day "
            "smoothing (smoothing_days) the spells test sums each lane over"
        )
    wrapped = np.concatenate([x[..., n - width + 1 :], x], axis=-1) if width > 1 else x
    c = np.cumsum(wrapped, axis=-1)
    c = np.concatenate([np.zeros((*x.shape[:-1], 1)), c], axis=-1)
    return c[..., width:] - c[..., :-width]


def drop_slow(x: np.ndarray, cycles: int) -> np.ndarray:
    """`x` minus its mean and its Fourier components completing 1 to `cycles` cycles
    over the window (the first is a single swing: one side busy early, the other late);
    along the last axis."""
    x = np.asarray(x, dtype=float)
    if cycles < 0:
        raise MetricError(f"drop_cycles: must be >= 0, got {cycles}")
    f = np.fft.rfft(x - x.mean(axis=-1, keepdims=True), axis=-1)
    f[..., : cycles + 1] = 0
    return np.fft.irfft(f, n=x.shape[-1], axis=-1)


def shift_correlations(
    a: np.ndarray, b: np.ndarray, smooth_days: int, drop_cycles: int = 0
) -> np.ndarray:
    """r[s] = Pearson correlation of drop_slow(box(a)) and drop_slow(box(b)) rolled by s
    days, every s at once by FFT (smoothing and dropping commute with a circular shift).
    Along the last axis: 2-D lanes give one row of correlations per pair of rows, NaN
    where a lane has no variation (1-D lanes raise MetricError instead)."""
    sa, sb = circular_box(a, smooth_days), circular_box(b, smooth_days)
    da, db = drop_slow(sa, drop_cycles), drop_slow(sb, drop_cycles)
    rows = zip(da.reshape(-1, da.shape[-1]), db.reshape(-1, db.shape[-1]), strict=True)
    # a dot product per row, as a single test takes it: batch and single agree to the bit
    norm = np.array([math.sqrt(float(x @ x) * float(y @ y)) for x, y in rows])
    if da.ndim == 1 and norm[0] == 0:
        raise MetricError(
            "spells: a lane has no variation in the window (no acts, or acts every day); "
            "the test needs activity that rises and falls"
        )
    spectra = np.fft.rfft(da, axis=-1) * np.conj(np.fft.rfft(db, axis=-1))
    cov = np.fft.irfft(spectra, n=da.shape[-1], axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return cov / norm.reshape(*da.shape[:-1], 1)


#: The null's shifts start here: 1 is every shift (exact); a larger value is a
#: sensitivity row only.
MIN_SHIFT = 1
#: The first design's exclusion, kept as a stated sensitivity row.
FIRST_DESIGN_MIN_SHIFT = 28


def effective_shifts(curve: np.ndarray) -> float:
    """The null curve's length over its integrated autocorrelation time (1 + 2 x the
    sum of its autocorrelations at lags 1, 2, ... up to the first not positive)."""
    x = np.asarray(curve, dtype=float)
    n = len(x)
    if n < 3 or float(np.var(x)) == 0:
        return float(n)
    d = x - x.mean()
    acf = np.fft.irfft(np.abs(np.fft.rfft(d)) ** 2, n=n)
    acf = acf / acf[0]
    tau = 1.0
    for k in range(1, n // 2):
        if acf[k] <= 0:
            break
        tau += 2 * float(acf[k])
    return n / tau


@dataclass(frozen=True)
class SpellsResult:
    """The spells test (`distribution`: the null's correlations, not in `as_dict`)."""

    test: str
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
    effective_shifts: float
    lanes: str
    max_period: int | None
    dropped_cycles: int
    distribution: np.ndarray = field(compare=False, repr=False)

    def as_dict(self) -> dict[str, float | int | str]:
        out = {f.name: getattr(self, f.name) for f in fields(self)[:-1]}
        return out | {"max_period": "" if self.max_period is None else self.max_period}


def slow_cycles(days: int, max_period: int | None) -> int:
    """How many of the slowest Fourier components over `days` days have a period longer
    than `max_period` days: the swings too slow to be spells."""
    if max_period is None:
        return 0
    if max_period < 1:
        raise MetricError(f"max_period: must be at least 1 day, got {max_period}")
    return max(0, math.ceil(days / max_period) - 1)


def spells_test_arrays(
    moscow: np.ndarray,
    kyiv: np.ndarray,
    smooth_days: int = vocab.DEFAULT_SMOOTHING_DAYS,
    min_shift: int = MIN_SHIFT,
    lanes_name: str = "raise",
    max_period: int | None = MAX_PERIOD,
) -> SpellsResult:
    """The spells test on two lanes of daily counts of the same length, swings slower
    than `max_period` days removed first (None keeps them: a sensitivity run)."""
    a, b = np.asarray(moscow, dtype=float), np.asarray(kyiv, dtype=float)
    if a.shape != b.shape or a.ndim != 1:
        raise MetricError("spells: the two lanes must be 1-D and of the same length")
    cycles = slow_cycles(len(a), max_period)
    r = shift_correlations(a, b, smooth_days, cycles)
    if min_shift < 1:
        raise MetricError(f"min_shift: must be at least 1 day, got {min_shift}")
    null = r[min_shift : len(a) - min_shift + 1]
    if len(null) == 0:
        raise MetricError(
            f"spells: a window of {len(a)} days leaves no shift at least {min_shift} "
            "days from zero; widen the window or lower min_shift"
        )
    p_value, p_other = _tails(r, null)
    n = len(null)
    return SpellsResult(
        test="spells: circular-shift correlation of the two lanes",
        statistic=float(r[0]),
        p_value=float(p_value),
        p_other=float(p_other),
        shifts=n,
        min_shift=min_shift,
        smooth_days=smooth_days,
        days=len(a),
        n_moscow=int(a.sum()),
        n_kyiv=int(b.sum()),
        null_mean=float(null.mean()),
        null_sd=float(null.std(ddof=1)) if n > 1 else float("nan"),
        smallest_p=1 / (1 + n),
        effective_shifts=effective_shifts(r),
        lanes=lanes_name,
        max_period=max_period,
        dropped_cycles=cycles,
        distribution=null,
    )


def _tails(r: np.ndarray, null: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Both tails' p-values of the observed correlations `r[..., 0]` among `null`'s
    shifts; a tolerance keeps exact ties (equal up to rounding) on the null's side."""
    observed, tol, n = r[..., :1], 1e-12, null.shape[-1]
    low = np.count_nonzero(null <= observed + tol, axis=-1)
    high = np.count_nonzero(null >= observed - tol, axis=-1)
    return (1 + low) / (1 + n), (1 + high) / (1 + n)


def spells_tails(
    moscow: np.ndarray,
    kyiv: np.ndarray,
    smooth_days: int = vocab.DEFAULT_SMOOTHING_DAYS,
    max_period: int | None = MAX_PERIOD,
) -> tuple[np.ndarray, np.ndarray]:
    """The spells test's two p-values (`p_value`, `p_other`) for many pairs of lanes at
    once, one pair per row of the 2-D `moscow` and `kyiv` (the power simulations): the
    same figures as `spells_test_arrays` row by row (tests check it), NaN where a lane
    has no variation."""
    a, b = np.asarray(moscow, dtype=float), np.asarray(kyiv, dtype=float)
    days = a.shape[-1]
    r = shift_correlations(a, b, smooth_days, slow_cycles(days, max_period))
    low, high = _tails(r, r[:, MIN_SHIFT : days - MIN_SHIFT + 1])
    missing = np.isnan(r[:, 0])
    return np.where(missing, np.nan, low), np.where(missing, np.nan, high)


def spells_test(
    events: pd.DataFrame,
    start: object = None,
    end: object = None,
    smooth_days: int = vocab.DEFAULT_SMOOTHING_DAYS,
    min_shift: int = MIN_SHIFT,
    kind: str = "raise",
    max_period: int | None = MAX_PERIOD,
    sides: tuple[str, str] = ("moscow", "kyiv"),
) -> SpellsResult:
    """The spells test on the US acts of `events` in [start, end] (`lanes`)."""
    plus, minus = lanes(events, start, end, kind, sides).to_numpy().T
    return spells_test_arrays(plus, minus, smooth_days, min_shift, kind, max_period)


def sensitivity_table(
    events: pd.DataFrame,
    start: object = None,
    end: object = None,
    sides: tuple[str, str] = ("moscow", "kyiv"),
    smooth_days: int = vocab.DEFAULT_SMOOTHING_DAYS,
) -> pd.DataFrame:
    """The spells test under every stated variant of the run's primary (`smooth_days`:
    half and double it), with Holm's p over the exact ones."""
    half, double = max(1, smooth_days // 2), 2 * smooth_days
    variants: list[tuple[str, dict[str, object]]] = [
        (f"primary: raise lanes, {smooth_days}-day smoothing, every shift", {}),
        *(
            (f"{d}-day smoothing", dict[str, object](smooth_days=d))
            for d in (half, double)
            if d != smooth_days
        ),
        ("lanes count relief too (lean)", {"kind": "lean"}),
        (
            "shifts >= 28 days only, as the first design (not exact)",
            {"min_shift": FIRST_DESIGN_MIN_SHIFT},
        ),
        ("slow swings kept (no cycle removed)", {"max_period": None}),
    ]
    rows: list[dict[str, object]] = []
    for label, kw in variants:
        try:
            kw = {"smooth_days": smooth_days} | kw
            r = spells_test(events, start, end, sides=sides, **kw)  # type: ignore[arg-type]
        except MetricError as err:
            rows.append({"variant": label, "note": str(err)})
            continue
        rows.append(
            {
                "variant": label,
                "correlation": r.statistic,
                "p_value": r.p_value,
                "p_other": r.p_other,
                "shifts": r.shifts,
                "effective_shifts": round(r.effective_shifts, 1),
            }
        )
    return holm_column(pd.DataFrame(rows), exclude=("not exact",))


def holm_column(table: pd.DataFrame, exclude: tuple[str, ...] = ()) -> pd.DataFrame:
    """`table` with `p_holm` over its rows with a `p_value`, less those whose variant
    names a word of `exclude`."""
    out = table.copy()
    if "p_value" not in out:
        return out
    keep = out["p_value"].notna()
    for word in exclude:
        keep &= ~out["variant"].astype(str).str.contains(word, regex=False)
    out["p_holm"] = float("nan")
    out.loc[keep, "p_holm"] = holm(out.loc[keep, "p_value"].to_numpy(float))
    return out


def holm(p: np.ndarray) -> np.ndarray:
    """Holm's step-down adjusted p-values, as statsmodels' `multipletests(method="holm")`
    computes them (tests check they agree to the bit), written out because importing
    statsmodels costs each notebook kernel about a second."""
    order = np.argsort(p)
    stepped = np.maximum.accumulate(p[order] * np.arange(len(p), 0, -1))
    out = np.empty_like(stepped)
    out[order] = np.minimum(stepped, 1.0)
    return out


@dataclass(frozen=True)
class RunsTails:
    """Runs of a two-valued sequence with both one-sided exact p-values
    (`distribution`: the exact P(R = r) of every possible number of runs r, not in
    `as_dict`)."""

    n: int
    runs: int
    expected: float
    sd: float
    p_more: float  # more runs than chance: act-by-act switching (tit-for-tat)
    p_fewer: float  # fewer runs than chance: streaks
    method: str
    distribution: dict[int, float] = field(compare=False, repr=False)

    @property
    def tail(self) -> str:
        """The tail the data fall in, in words: "than chance" only when that tail's
        p-value is below `vocab.ALPHA`, else "than expected, within chance"."""
        if self.runs > self.expected:
            return (
                "more switches than chance (act by act)"
                if self.p_more < vocab.ALPHA
                else "more switches than expected, within chance"
            )
        if self.runs < self.expected:
            return (
                "fewer switches than chance (streaks)"
                if self.p_fewer < vocab.ALPHA
                else "fewer switches than expected, within chance"
            )
        return "exactly as many switches as chance"

    def as_dict(self) -> dict[str, float | int | str]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        del out["distribution"]  # the chart's, not the JSON's
        return out | {"tail": self.tail}


def runs_tails(seq: np.ndarray | pd.Series) -> RunsTails:
    """Both tails of the runs test, exact at every length: the share of all orders of
    the sequence's two values with at least as many runs (`p_more`) and with at most as
    many (`p_fewer`), from `metrics.runs_counts` in whole numbers; `expected` and `sd`
    are the Wald-Wolfowitz moments."""
    x = np.asarray(seq)
    values = np.unique(x)
    if len(values) != 2:
        raise MetricError(
            "runs test: the sequence needs both signs to test switching "
            f"(got {len(values)} distinct value(s) in {len(x)} periods)"
        )
    n1 = int(np.count_nonzero(x == values[1]))
    n = len(x)
    n2 = n - n1
    r = count_runs(x)
    mean = 2.0 * n1 * n2 / n + 1.0
    var = 2.0 * n1 * n2 * (2.0 * n1 * n2 - n) / (n**2 * (n - 1.0))
    sd = math.sqrt(var) if var > 0 else float("nan")
    counts = runs_counts(n1, n2)
    total = math.comb(n, n1)
    more = sum(ways for k, ways in counts.items() if k >= r)
    fewer = sum(ways for k, ways in counts.items() if k <= r)
    distribution = {k: ways / total for k, ways in counts.items()}
    return RunsTails(n, r, mean, sd, more / total, fewer / total, "exact", distribution)


def daily_signs(moscow: np.ndarray, kyiv: np.ndarray) -> np.ndarray:
    """+1 on days Moscow's count exceeds Kyiv's, -1 where Kyiv's does; ties dropped."""
    net = np.asarray(moscow, dtype=float) - np.asarray(kyiv, dtype=float)
    return np.sign(net[net != 0]).astype(int)
