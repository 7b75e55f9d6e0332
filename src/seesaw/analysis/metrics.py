"""The numbers: the pressure balance, its phases, alternation tests and their nulls.

Every function is pure: scored acts in (see `seesaw.analysis.score.score_events`), a Series,
DataFrame or number out. Random nulls take a seed and use their own generator.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from fractions import Fraction

import numpy as np
import pandas as pd

from seesaw.data import vocab
from seesaw.errors import SeesawError

COLLAPSES = tuple(vocab.COLLAPSES)


class MetricError(SeesawError, ValueError):
    """A bad parameter or an empty selection; the message says which and what is allowed."""


def _need(scored: pd.DataFrame, what: str) -> None:
    if scored.empty:
        raise MetricError(
            f"{what}: no US pressure acts in the selection; widen the dates or filters"
        )


def check_window(name: str, value: int) -> None:
    """Refuse a window that is not a whole number of days >= 1 (MetricError naming it)."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise MetricError(f"{name}: must be a whole number of days >= 1, got {value!r}")


# --- The balance ---------------------------------------------------------------


def daily_balance(
    scored: pd.DataFrame,
    start: pd.Timestamp | None = None,
    end: pd.Timestamp | None = None,
) -> pd.Series:
    """Net score per calendar day (toward Moscow +, toward Kyiv -), empty days as 0."""
    _need(scored, "daily_balance")
    first = pd.Timestamp(start) if start is not None else scored["date"].min()
    last = pd.Timestamp(end) if end is not None else scored["date"].max()
    days = pd.date_range(first.normalize(), last.normalize(), freq="D")
    net = scored.groupby(scored["date"].dt.normalize())["score"].sum()
    return (
        net.reindex(days, fill_value=0.0)
        .rename("balance")
        .rename_axis("date")
        .astype(float)
    )


def weekly_balance(scored: pd.DataFrame) -> pd.Series:
    """Net score per week (weeks start on Monday, labelled by that Monday)."""
    daily = daily_balance(scored)
    weekly = daily.resample("W-MON", label="left", closed="left").sum()
    return weekly.rename("balance")


def smoothed_balance(
    daily: pd.Series, smoothing_days: int = vocab.DEFAULT_SMOOTHING_DAYS
) -> pd.Series:
    """Trailing sum of the daily balance over `smoothing_days` days (the last N days' tilt)."""
    check_window("smoothing_days", smoothing_days)
    return daily.rolling(smoothing_days, min_periods=1).sum().rename("smoothed")


def phases(
    scored: pd.DataFrame,
    smoothing_days: int = vocab.DEFAULT_SMOOTHING_DAYS,
    start: pd.Timestamp | None = None,
    end: pd.Timestamp | None = None,
    sides: tuple[str, str] = ("moscow", "kyiv"),
) -> pd.DataFrame:
    """Maximal stretches where the smoothed balance keeps one sign.

    The balance runs from `start` to `end` (as in `daily_balance`; by default the
    first and last scored acts). Pass the span of the plotted line, so that the days
    after the last act, while it is still in the trailing window, are shaded and
    counted too.

    Columns: start, end, days, tilt (the side of `sides` the balance leaned on:
    'moscow' when positive, 'kyiv' when negative by default), acts and net (the count and
    summed score of the acts that shape the stretch: those dated from `smoothing_days - 1`
    days before its start to its end), opened_by (the last act on or before the start,
    within the window, that leans the way of the tilt; the first such act of its day).
    Days when the smoothed
    balance is exactly 0 belong to no phase.
    """
    daily = daily_balance(scored, start, end)
    smooth = smoothed_balance(daily, smoothing_days)
    sign = np.sign(smooth.to_numpy())
    cols = ["start", "end", "days", "tilt", "acts", "net", "opened_by"]
    if not (sign != 0).any():
        return pd.DataFrame(columns=cols)
    change = np.flatnonzero(np.diff(sign) != 0) + 1
    starts = np.r_[0, change]
    ends = np.r_[change - 1, len(sign) - 1]
    keep = sign[starts] != 0
    starts, ends = starts[keep], ends[keep]
    # Acts in date order (scored is sorted by date, then id); day numbers from day 0.
    first = smooth.index[0]
    day = (scored["date"].dt.normalize() - first).dt.days.to_numpy()
    order = np.argsort(day, kind="stable")
    day, score = day[order], scored["score"].to_numpy()[order]
    ids = scored["id"].to_numpy()[order]
    cum = np.r_[0.0, np.cumsum(score)]
    lo_idx = np.searchsorted(day, starts - (smoothing_days - 1), side="left")
    hi_idx = np.searchsorted(day, ends, side="right")
    openers: list[str | None] = []
    for a, lo_i in zip(starts, lo_idx):
        # Acts leaning the phase's way dated within [start - window + 1, start].
        upto = np.searchsorted(day, a, side="right")
        lean = np.flatnonzero(np.sign(score[lo_i:upto]) == sign[a]) + lo_i
        if len(lean):
            last_day = day[lean[-1]]
            openers.append(str(ids[lean[day[lean] == last_day][0]]))
        else:
            openers.append(None)
    return pd.DataFrame(
        {
            "start": smooth.index[starts],
            "end": smooth.index[ends],
            "days": (ends - starts + 1).astype(int),
            "tilt": np.where(sign[starts] > 0, sides[0], sides[1]),
            "acts": (hi_idx - lo_idx).astype(int),
            "net": cum[hi_idx] - cum[lo_idx],
            "opened_by": openers,
        },
        columns=cols,
    )


# --- Sequences and the runs test -----------------------------------------------


def pressure_sequence(scored: pd.DataFrame, collapse: str = "day") -> pd.Series:
    """The +1/-1 sequence of US pressure (+1 toward Moscow), in time order.

    `collapse='day'` or `'week'` nets the scores per day or week and keeps the sign,
    so a burst of acts on one day counts once (periods that net to 0 are dropped);
    `'none'` keeps every act.
    """
    if collapse not in COLLAPSES:
        raise MetricError(
            f"collapse: unknown value {collapse!r}; allowed: {', '.join(COLLAPSES)}"
        )
    _need(scored, "pressure_sequence")
    if collapse == "none":
        signs = np.sign(scored["score"].to_numpy())
        keep = signs != 0
        return pd.Series(signs[keep].astype(int), index=scored["date"].to_numpy()[keep])
    series = daily_balance(scored) if collapse == "day" else weekly_balance(scored)
    series = series[series != 0]
    return np.sign(series).astype(int).rename("sign")


def count_runs(seq: np.ndarray) -> int:
    """Number of runs (maximal blocks of equal values) in a sequence."""
    seq = np.asarray(seq)
    return int(1 + np.count_nonzero(seq[1:] != seq[:-1])) if len(seq) else 0


@dataclass(frozen=True)
class RunsResult:
    """Wald-Wolfowitz runs test, one-sided for more runs than chance (alternation)."""

    n: int
    n_moscow: int
    n_kyiv: int
    runs: int
    expected: float
    sd: float
    max_runs: int
    z: float
    p_value: float
    method: str
    alternation_index: float
    lag1_autocorrelation: float

    def as_dict(self) -> dict[str, float | int | str]:
        return asdict(self)


def _norm_sf(z: float) -> float:
    return 0.5 * math.erfc(z / math.sqrt(2.0))


def runs_distribution(n1: int, n2: int) -> dict[int, Fraction]:
    """Exact null distribution P(R = r) of the number of runs for n1 and n2 items."""
    total = math.comb(n1 + n2, n1)
    dist: dict[int, Fraction] = {}
    for r in range(2, n1 + n2 + 1):
        k, odd = divmod(r, 2)
        if odd:
            ways = math.comb(n1 - 1, k - 1) * math.comb(n2 - 1, k) + math.comb(
                n1 - 1, k
            ) * math.comb(n2 - 1, k - 1)
        else:
            ways = 2 * math.comb(n1 - 1, k - 1) * math.comb(n2 - 1, k - 1)
        if ways:
            dist[r] = Fraction(ways, total)
    return dist


def runs_test(
    seq: np.ndarray | pd.Series,
    method: str = "auto",
    continuity: bool = True,
    exact_max_n: int = 60,
) -> RunsResult:
    """Runs test for alternation on a two-valued sequence.

    `method='exact'` sums the exact null distribution; `'normal'` uses the normal
    approximation (with a continuity correction of 0.5 toward the mean unless
    `continuity=False`); `'auto'` is exact up to `exact_max_n` items.
    """
    x = np.asarray(seq)
    values = np.unique(x)
    if len(values) > 2:
        raise MetricError(f"runs_test: expected two values, got {len(values)}")
    if method not in ("auto", "exact", "normal"):
        raise MetricError(
            f"method: unknown value {method!r}; allowed: auto, exact, normal"
        )
    n = len(x)
    hi = values.max() if len(values) else 1
    n1 = int(np.count_nonzero(x == hi)) if len(values) == 2 else n
    n2 = n - n1
    r = count_runs(x)
    if n1 == 0 or n2 == 0:
        raise MetricError(
            "runs_test: the sequence leans one way only "
            f"({n} periods, all the same sign); alternation cannot be tested"
        )
    mean = 2.0 * n1 * n2 / n + 1.0
    var = 2.0 * n1 * n2 * (2.0 * n1 * n2 - n) / (n**2 * (n - 1.0))
    sd = math.sqrt(var) if var > 0 else float("nan")
    max_runs = 2 * min(n1, n2) + (1 if n1 != n2 else 0)
    use_exact = method == "exact" or (method == "auto" and n <= exact_max_n)
    dev = r - mean
    if continuity and not use_exact:
        dev = dev - 0.5 if dev > 0.5 else dev + 0.5 if dev < -0.5 else 0.0
    z = dev / sd if sd == sd and sd > 0 else float("nan")
    if use_exact:
        dist = runs_distribution(n1, n2)
        p = float(sum(pr for k, pr in dist.items() if k >= r))
        kind = "exact"
    else:
        p = _norm_sf(z)
        kind = "normal, continuity-corrected" if continuity else "normal"
    index = (r - mean) / (max_runs - mean) if max_runs != mean else float("nan")
    return RunsResult(
        n=n,
        n_moscow=n1,
        n_kyiv=n2,
        runs=r,
        expected=mean,
        sd=sd,
        max_runs=max_runs,
        z=z,
        p_value=p,
        method=kind,
        alternation_index=index,
        lag1_autocorrelation=lag1_autocorrelation(x),
    )


def lag1_autocorrelation(seq: np.ndarray | pd.Series) -> float:
    """Lag-1 autocorrelation of a sequence (negative when it alternates)."""
    x = np.asarray(seq, dtype=float)
    if len(x) < 2:
        return float("nan")
    d = x - x.mean()
    denom = float(np.dot(d, d))
    return float(np.dot(d[:-1], d[1:]) / denom) if denom else float("nan")


def alternation_index(seq: np.ndarray | pd.Series) -> float:
    """(R - E[R]) / (R_max - E[R]): 0 at chance, 1 for perfect alternation."""
    return runs_test(seq, method="normal").alternation_index


# --- Permutation nulls -----------------------------------------------------------


@dataclass(frozen=True)
class NullResult:
    """A permutation null for the number of runs."""

    observed: int
    permutations: int
    hits: int
    p_value: float
    null_mean: float
    null_sd: float
    seed: int
    name: str
    distribution: np.ndarray = field(
        default_factory=lambda: np.zeros(0), compare=False, repr=False
    )

    @property
    def p_fewer(self) -> float:
        """The other tail: p of as few runs or fewer (streaks, not alternation)."""
        if len(self.distribution) == 0:
            return float("nan")
        low = int((self.distribution <= self.observed).sum())
        return (1 + low) / (len(self.distribution) + 1)

    def as_dict(self) -> dict[str, float | int | str]:
        out = asdict(self)
        out.pop("distribution")
        return out


def _runs_rows(matrix: np.ndarray) -> np.ndarray:
    """Runs per row of a 2-D array of signs (vectorised)."""
    return 1 + np.count_nonzero(matrix[:, 1:] != matrix[:, :-1], axis=1)


def _null(observed: int, null_runs: np.ndarray, seed: int, name: str) -> NullResult:
    hits = int(np.count_nonzero(null_runs >= observed))
    b = len(null_runs)
    return NullResult(
        observed=observed,
        permutations=b,
        hits=hits,
        p_value=(1 + hits) / (b + 1),
        null_mean=float(null_runs.mean()),
        null_sd=float(null_runs.std(ddof=1)) if b > 1 else float("nan"),
        seed=seed,
        name=name,
        distribution=null_runs,
    )


def label_shuffle_null(
    seq: np.ndarray | pd.Series,
    permutations: int = vocab.DEFAULT_PERMUTATIONS,
    seed: int = vocab.DEFAULT_SEED,
) -> NullResult:
    """Shuffle the +1/-1 labels: p = (1 + #{R* >= R}) / (B + 1)."""
    x = np.asarray(seq).astype(np.int8)
    if permutations < 1:
        raise MetricError(f"permutations: must be >= 1, got {permutations}")
    rng = np.random.default_rng(seed)
    matrix = rng.permuted(np.broadcast_to(x, (permutations, len(x))), axis=1)
    return _null(count_runs(x), _runs_rows(matrix), seed, "label shuffle")


# --- Said versus did ---------------------------------------------------------------


#: The periods `said_and_did` counts by: pandas frequency -> period alias.
SAID_AND_DID_FREQS = {"MS": "M", "W": "W"}


def said_and_did(scored: pd.DataFrame, freq: str = "MS") -> pd.DataFrame:
    """Per period and target: counts of words (verbal), threats and deeds (material).

    `freq`: "MS" for calendar months, "W" for weeks from Monday (each period labelled
    by its first day); any other value is refused.
    """
    if freq not in SAID_AND_DID_FREQS:
        raise MetricError(
            f"said_and_did: unknown freq {freq!r}; allowed: MS (months), W (weeks)"
        )
    _need(scored, "said_and_did")
    period = scored["date"].dt.to_period(SAID_AND_DID_FREQS[freq]).dt.start_time
    table = (
        scored.assign(period=period, target=scored["pressure_on"].astype(str))
        .groupby(["period", "target", scored["mode"].astype(str)])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=["verbal", "threat", "material"], fill_value=0)
        .reset_index()
    )
    table.columns.name = None
    return table


def follow_through(scored: pd.DataFrame, days: int = 30) -> pd.DataFrame:
    """Each threat, and whether a deed on the same target, same effect, followed within
    `days` days (on or after the threat's date, another row)."""
    check_window("follow_days", days)
    threats = scored[scored["mode"].astype(str).eq("threat")]
    deeds = scored[scored["mode"].astype(str).eq("material")]
    rows = []
    for t in threats.itertuples(index=False):
        same = deeds[
            (deeds["pressure_on"].astype(str) == str(t.pressure_on))
            & (deeds["effect"].astype(str) == str(t.effect))
            & (deeds["date"] >= t.date)
            & (deeds["date"] <= t.date + pd.Timedelta(days=days))
            & (deeds["id"] != t.id)
        ]
        first = same.sort_values(["date", "id"]).iloc[0] if len(same) else None
        rows.append(
            {
                "threat": t.id,
                "date": t.date,
                "target": str(t.pressure_on),
                "kind": str(t.kind),
                "followed_by": first["id"] if first is not None else None,
                "days": int((first["date"] - t.date).days)
                if first is not None
                else None,
            }
        )
    out = pd.DataFrame(
        rows, columns=["threat", "date", "target", "kind", "followed_by", "days"]
    )
    out["days"] = out["days"].astype("Int64")
    return out


def follow_through_counts(scored: pd.DataFrame, days: int = 30) -> pd.DataFrame:
    """Per target: threats, how many a matching deed followed within `days` days, the
    rate and its Wilson 95% interval (columns threats, kept, rate, low, high)."""
    from seesaw.analysis.describe import wilson

    table = follow_through(scored, days)
    rows = []
    for target, group in table.groupby("target", sort=True):
        kept, n = int(group["followed_by"].notna().sum()), len(group)
        lo, hi = wilson(kept, n)
        rows.append(
            {"target": target, "threats": n, "kept": kept, "rate": kept / n}
            | {"low": lo, "high": hi}
        )
    return pd.DataFrame(
        rows, columns=["target", "threats", "kept", "rate", "low", "high"]
    ).set_index("target")
