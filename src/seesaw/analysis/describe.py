"""Describing the dataset: coverage, sources and seed rows, as tables."""

from __future__ import annotations

import numpy as np
import pandas as pd

from seesaw.analysis.masks import equals
from seesaw.data import vocab


def track(events: pd.DataFrame) -> pd.Series:
    """Each row's track: the US seesaw moves, Moscow, Kyiv, Europe, Gaza or other."""
    actor = events["actor"].astype(str).rename(None)
    us = {"kyiv": "US on Kyiv", "moscow": "US on Moscow", "none": "US, neither"}
    out = actor.map({"russia": "Russia", "ukraine": "Ukraine", "europe": "Europe"})
    out = out.mask(actor.eq("us"), events["pressure_on"].astype(str).map(us))
    return out.fillna("other").astype(object).mask(gaza_track(events), "Gaza track")


def monthly_coverage(events: pd.DataFrame) -> pd.DataFrame:
    """Rows per calendar month of the span (empty ones included) by track; background
    rows (kind `context`) are left out: they would stretch the span back years."""
    events = events[events["kind"].astype(str).ne("context")]
    month = events["date"].dt.to_period("M")
    table = pd.crosstab(month, track(events)).reindex(
        columns=list(vocab.TRACKS), fill_value=0
    )
    span = pd.period_range(month.min(), month.max(), freq="M")
    table = table.reindex(span, fill_value=0).rename_axis(index="month", columns=None)
    table["total"] = table.sum(axis=1)
    return table


def outlet_counts(events: pd.DataFrame, quotes: pd.DataFrame) -> pd.DataFrame:
    """Rows cited per outlet, with whether the outlet is state media."""
    cols = ["source_outlet", "state_media"]
    rows = pd.concat(
        [events[cols].assign(table="events"), quotes[cols].assign(table="quotes")]
    )
    table = pd.crosstab(rows["source_outlet"], rows["table"])
    table = table.reindex(columns=["events", "quotes"], fill_value=0)
    table["state_media"] = rows.groupby("source_outlet")["state_media"].any()
    table["total"] = table["events"] + table["quotes"]
    table = table.sort_values(["total", "events"], ascending=False)
    return table.rename_axis(index="outlet", columns=None)


def counts_by(events: pd.DataFrame, column: str) -> pd.Series:
    """Rows per category of `column`, every category of the vocabulary listed."""
    counts = events[column].astype(str).value_counts()
    order = {
        "actor": vocab.ACTORS,
        "kind": vocab.KINDS,
        "mode": vocab.MODES,
        "pressure_on": vocab.PRESSURE_TARGETS,
    }.get(column)
    if order is not None:
        counts = counts.reindex(list(order), fill_value=0)
    return counts.rename("rows")


#: `-scipy.special.ndtri(alpha / 2)` for the project's alpha, so that a notebook's
#: kernel imports no scipy for its intervals (tests check it is scipy's to the bit).
Z_CRITICAL = {vocab.ALPHA: 1.9599639845400545}


def wilson(hits: int, n: int, alpha: float = vocab.ALPHA) -> tuple[float, float]:
    """Wilson score interval: statsmodels' `proportion_confint(method="wilson")` step for
    step (tests check it to the bit), without importing statsmodels (a second a kernel)."""
    if n == 0:
        return (float("nan"), float("nan"))
    crit = Z_CRITICAL.get(alpha)
    if crit is None:
        from scipy.special import ndtri

        crit = -float(ndtri(alpha / 2.0))
    rate = hits / n
    crit2 = crit**2
    denom = 1 + crit2 / n
    center = (rate + crit2 / (2 * n)) / denom
    dist = crit * np.sqrt(rate * (1.0 - rate) / n + crit2 / (4.0 * n**2)) / denom
    return float(np.clip(center - dist, 0, 1)), float(np.clip(center + dist, 0, 1))


def binomial_tail(hits: int, n: int, rate: float) -> float:
    """The exact binomial chance of at least `hits` hits among `n` at `rate`: scipy's
    `stats.binom.sf(hits - 1, n, rate)` to the bit (tests check it), as the regularised
    incomplete beta function, without importing scipy.stats (half a second a kernel)."""
    from scipy.special import betainc

    if rate != rate:
        return float("nan")
    if hits <= 0 or hits > n:
        return float(hits <= 0)
    return float(betainc(hits, n - hits + 1, rate))


def binomial_pmf(n: int, rate: float) -> tuple[float, ...]:
    """The binomial probabilities of 0..`n` hits at `rate`: scipy's `stats.binom.pmf`
    within 1e-13 (tests check it), in logs, without importing scipy.stats."""
    from scipy.special import gammaln, xlog1py, xlogy

    k = np.arange(n + 1)
    logs = gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1)
    return tuple(
        float(x) for x in np.exp(logs + xlogy(k, rate) + xlog1py(n - k, -rate))
    )


def span_words(events: pd.DataFrame) -> dict[str, object]:
    """The dataset's span as the notebooks and the README state it: the acts, and the
    background rows (kind `context`) apart."""
    context = events["kind"].astype(str).eq("context")
    acts = events[~context]
    first, last = acts["date"].min(), acts["date"].max()
    months = len(pd.period_range(first.to_period("M"), last.to_period("M"), freq="M"))
    return {
        "rows": len(events),
        "acts": len(acts),
        "context": int(context.sum()),
        "first": first,
        "last": last,
        "months": months,
        "span": f"{first:%B %Y} to {last:%B %Y}",
        "context_first": events.loc[context, "date"].min() if context.any() else None,
    }


def linked_share(events: pd.DataFrame) -> float:
    """Share of rows that carry a `reverses` or `responds_to` link."""
    linked = events["reverses"].notna() | events["responds_to"].notna()
    return float(linked.mean()) if len(events) else 0.0


def gaza_track(events: pd.DataFrame) -> pd.Series:
    """True for rows of the Gaza track: the `track` column of events.csv (set by the
    rule "by or to a Gaza party" when added on 2026-12-06, by the coder since)."""
    return equals(events["track"], "gaza")


def levers(events: pd.DataFrame) -> pd.DataFrame:
    """US acts by kind on each track: Ukraine on Moscow, Ukraine on Kyiv, and Gaza."""
    us = events[events["actor"].astype(str).eq("us")]
    names = {
        "US on Moscow": "Ukraine: on Moscow",
        "US on Kyiv": "Ukraine: on Kyiv",
        "Gaza track": "Gaza",
    }
    table = pd.crosstab(us["kind"].astype(str), track(us))
    table = table.reindex(columns=list(names), fill_value=0).rename(columns=names)
    table = table[table.sum(axis=1) > 0].rename_axis(columns=None)
    return table.loc[table.sum(axis=1).sort_values().index]
