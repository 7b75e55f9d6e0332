"""The fact checks a claim can name: did the acts happen, in that order, in that window.

Each check takes (events, quotes, parameters) and returns a `Verdict`:
- `event_exists`: at least `min_count` (default 1) acts matching `match` in [start, end]
  (fewer: `partly supported`; only within `tolerance_days` outside: `misdated`).
- `sequence`: an act matching `first` in [start, end] followed within `max_days` (same
  day allowed) by one matching `then`; `order reversed` when only the reverse is there.
  With `causal: true` a found sequence is `timing consistent` only when a `then` act
  follows as soon after fewer than `alpha` of the days of its span, else `inconclusive`.
- `quiet_after`: an act matching `first` in [start, end] and none matching `then`
  within `max_days` after it.
- `reversed`: acts matching `match` in [start, end], and the share undone (another row
  `reverses` them) within `within_days`.
- `quote_exists`: a quote by `speaker` containing `contains` in [start, end];
  `inconclusive` when no page prints the words (`near`, `near_quote`: rows shown as the
  nearest paraphrase).
- `untestable`: always `inconclusive`, with `reason`.
A `match` may hold `text`: words (any of a list) the act's summary contains.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from seesaw.analysis import metrics
from seesaw.analysis.overtures import day_numbers, hit_days
from seesaw.data import vocab
from seesaw.errors import SeesawError

#: Why a claim refuted only by a missing row is inconclusive, in words.
ABSENT_ROW = (
    "a missing row cannot refute the claim (the data are a sourced sample of acts, not "
    "a complete record, so the act may have happened unrecorded): inconclusive"
)


class ClaimError(SeesawError, ValueError):
    """A claim whose check or parameters are wrong; the message names the claim."""

    def __init__(self, message: str, claim_id: str | None = None) -> None:
        super().__init__(message)
        self.claim_id = claim_id


@dataclass(frozen=True)
class Verdict:
    verdict: str
    evidence: list[str]
    reasoning: str
    #: {"result": the test's result} for a check that runs a test with a power.
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


def window_of(params: Mapping[str, Any]) -> tuple[pd.Timestamp, pd.Timestamp]:
    return pd.Timestamp(params["start"]), pd.Timestamp(params["end"])


def as_list(wanted: Any) -> list[Any]:
    return [wanted] if isinstance(wanted, str | bool) else list(wanted)


def matching(events: pd.DataFrame, spec: Mapping[str, Any]) -> pd.DataFrame:
    mask = pd.Series(True, index=events.index)
    for column, wanted in spec.items():
        if column == "responds_to":
            # the act answers a row matching the nested filter (coded, not keywords)
            answered = frozenset(matching(events, wanted)["id"].astype(str))
            replies = events["responds_to"].fillna("").astype(str).str.split()
            mask &= replies.map(answered.isdisjoint).eq(False)
            continue
        if column == "text":
            mask &= _says_any(events["summary"], wanted)
            continue
        if column not in events.columns:
            raise ClaimError(f"match: unknown column {column!r}")
        values = as_list(wanted)
        col = events[column]
        mask &= (
            col.isin(values)
            if col.dtype == bool
            else col.astype(str).isin([str(v) for v in values])
        )
    return events.loc[mask].sort_values(["date", "id"], kind="stable")


def _says_any(text: pd.Series, words: Any) -> pd.Series:
    """Whether each text contains any of `words` (case-insensitive, literal)."""
    pattern = "|".join(re.escape(str(w).lower()) for w in as_list(words))
    return text.astype(str).str.lower().str.contains(pattern or "(?!)", regex=True)


def day_text(day: pd.Timestamp, long: bool = False) -> str:
    """A date in words, the one way analysis writes it: 9 Sep 2025, or with `long`
    the month in full (9 September 2025)."""
    return f"{day.day} {day:{'%B' if long else '%b'} %Y}"


def act_text(row: pd.Series) -> str:
    """An act in a sentence: its id and day, 'E012 (9 Sep 2025)'."""
    return f"{row['id']} ({day_text(row['date'])})"


def ids_of(rows: pd.DataFrame) -> list[str]:
    return rows["id"].tolist()


def id_list(ids: list[str], most: int = 6) -> str:
    """Row ids for a sentence: all of them when few, else the first ones and a count."""
    if len(ids) <= most:
        return ", ".join(ids)
    return f"{', '.join(ids[:most])} and {len(ids) - most} more"


def check_event_exists(
    events: pd.DataFrame, quotes: pd.DataFrame, p: Mapping[str, Any]
) -> Verdict:
    start, end = window_of(p)
    tol = pd.Timedelta(days=int(p.get("tolerance_days", 0)))
    need = int(p.get("min_count", 1))
    rows = matching(events, p["match"])
    inside = rows[rows["date"].between(start, end)]
    if len(inside) >= need:
        return Verdict(
            "supported",
            ids_of(inside),
            f"{vocab.count(len(inside), 'matching act')} between {day_text(start)} and {day_text(end)}, "
            f"first on {day_text(inside['date'].iloc[0])}"
            + (f" (the claim needs {need})." if need > 1 else "."),
        )
    if len(inside):
        return Verdict(
            "partly supported",
            ids_of(inside),
            f"{vocab.count(len(inside), 'matching act')} between {day_text(start)} and {day_text(end)} "
            f"({id_list(ids_of(inside))}), fewer than the {need} the claim needs.",
        )
    near = rows[rows["date"].between(start - tol, end + tol)]
    if len(near):
        return Verdict(
            "misdated",
            ids_of(near),
            f"no matching act in the claimed window ({day_text(start)} to {day_text(end)}); the "
            f"nearest is dated {day_text(near['date'].iloc[0])}.",
        )
    return Verdict(
        "inconclusive",
        [],
        f"no matching act between {day_text(start)} and {day_text(end)}; {ABSENT_ROW}.",
    )


def _pairs(
    first: pd.DataFrame, then: pd.DataFrame, max_days: int, strict: bool = False
) -> list[tuple[pd.Series, pd.Series]]:
    """Each `first` act with the earliest `then` act within `max_days` after it
    (the same day allowed unless `strict`)."""
    gap = pd.Timedelta(days=max_days)
    pairs = []
    for _, a in first.iterrows():
        later = then[
            ((then["date"] > a["date"]) if strict else (then["date"] >= a["date"]))
            & (then["date"] <= a["date"] + gap)
            & (then["id"] != a["id"])
        ]
        if len(later):
            pairs.append((a, later.iloc[0]))
    return pairs


def base_rate(
    then: pd.DataFrame,
    span: tuple[pd.Timestamp, pd.Timestamp],
    days: int,
    strict: bool = False,
) -> float:
    """The chance that a random day of `span` is followed within `days` days by an act of
    `then` (the same day counts unless `strict`): the share of the span's days that are,
    counted over every day by the timing test's `hit_days`."""
    first, last = pd.Timestamp(span[0]), pd.Timestamp(span[1])
    n_days = int((last - first).days) + 1
    if n_days <= 0:
        raise metrics.MetricError("base rate: the span is empty")
    # Strictly after: an act on days d+1..d+days is one on d..d+days-1, a day earlier.
    shift = int(strict)
    acts = day_numbers(then, first) - shift
    return float(hit_days(acts, n_days, days - shift, "after").mean())


def _timing(
    events: pd.DataFrame, p: Mapping[str, Any], a: pd.Series, b: pd.Series
) -> Verdict:
    """A causal claim's found sequence against the base rate of its `then` act."""
    lag = int((b["date"] - a["date"]).days)
    alpha = float(p.get("alpha", vocab.ALPHA))
    span = (
        pd.Timestamp(p.get("base_start", vocab.ANALYSIS_START)),
        pd.Timestamp(p.get("base_end", p["end"])),
    )
    then = matching(events, p["then"])
    share = base_rate(then, span, lag)
    head = (
        f"{act_text(a)} is followed {vocab.count(lag, 'day')} later by {act_text(b)}; a "
        f"matching act follows as soon after {share:.1%} of random days between "
        f"{day_text(span[0])} and {day_text(span[1])}"
    )
    if share < alpha:
        return Verdict(
            "timing consistent",
            [a["id"], b["id"]],
            f"{head} (under alpha {alpha:g}): the timing is consistent with the claim, but "
            "timing alone cannot show the cause.",
        )
    return Verdict(
        "inconclusive",
        [a["id"], b["id"]],
        f"{head} (alpha {alpha:g}): chance alone gives such a sequence that often, so the "
        "data cannot tell whether one act led to the other.",
    )


def check_sequence(
    events: pd.DataFrame, quotes: pd.DataFrame, p: Mapping[str, Any]
) -> Verdict:
    start, end = window_of(p)
    tol = pd.Timedelta(days=int(p.get("tolerance_days", 0)))
    max_days = int(p["max_days"])
    first, then = matching(events, p["first"]), matching(events, p["then"])
    pairs = _pairs(first, then, max_days)
    inside = [(a, b) for a, b in pairs if start <= a["date"] <= end]
    if inside:
        a, b = inside[0]
        if p.get("causal"):
            return _timing(events, p, a, b)
        lag = int((b["date"] - a["date"]).days)
        return Verdict(
            "supported",
            [a["id"], b["id"]],
            f"{act_text(a)} is followed {vocab.count(lag, 'day')} later by {act_text(b)}, "
            + (
                "on the same day, as allowed."
                if max_days == 0
                else f"within the {vocab.count(max_days, 'day')} allowed."
            ),
        )
    reverse = [
        (b, a)
        for b, a in _pairs(then, first, max_days, strict=True)
        if start <= a["date"] <= end or start <= b["date"] <= end
    ]
    if reverse:
        b, a = reverse[0]
        lag = int((a["date"] - b["date"]).days)
        return Verdict(
            "order reversed",
            [b["id"], a["id"]],
            f"{act_text(b)} came {vocab.count(lag, 'day')} before {act_text(a)}: the data "
            "have the order the other way round, and the claimed order is not in the window.",
        )
    near = [(a, b) for a, b in pairs if start - tol <= a["date"] <= end + tol]
    if near:
        a, b = near[0]
        return Verdict(
            "misdated",
            [a["id"], b["id"]],
            f"the sequence happened, but from {day_text(a['date'])} ({a['id']} then {b['id']}), "
            f"outside the claimed window of {day_text(start)} to {day_text(end)}.",
        )
    firsts = first[first["date"].between(start - tol, end + tol)]
    if len(firsts):
        return Verdict(
            "partly supported",
            ids_of(firsts),
            f"the first act is there ({id_list(ids_of(firsts))}) but no matching act followed "
            f"within {max_days} days.",
        )
    thens = then[
        then["date"].between(start - tol, end + tol + pd.Timedelta(days=max_days))
    ]
    return Verdict(
        "inconclusive",
        ids_of(thens),
        "no act matching the first part of the sequence is in the data for that window"
        + (
            f" (acts matching the second part: {id_list(ids_of(thens))})"
            if len(thens)
            else ", nor one matching the second"
        )
        + f"; {ABSENT_ROW}.",
    )


def check_quiet_after(
    events: pd.DataFrame, quotes: pd.DataFrame, p: Mapping[str, Any]
) -> Verdict:
    start, end = window_of(p)
    firsts = matching(events, p["first"])
    firsts = firsts[firsts["date"].between(start, end)]
    if firsts.empty:
        return Verdict(
            "inconclusive",
            [],
            f"the act itself is not in the data for that window; {ABSENT_ROW}.",
        )
    then = matching(events, p["then"])
    gap = pd.Timedelta(days=int(p["max_days"]))
    a = firsts.iloc[0]
    after = then[(then["date"] >= a["date"]) & (then["date"] <= a["date"] + gap)]
    if after.empty:
        return Verdict(
            "supported",
            [a["id"]],
            f"{act_text(a)} is in the data and nothing matching followed within "
            f"{p['max_days']} days.",
        )
    return Verdict(
        "not supported",
        [a["id"], *ids_of(after)],
        f"{act_text(a)} was followed by {id_list(ids_of(after))} within {p['max_days']} "
        "days.",
    )


def check_reversed(
    events: pd.DataFrame, quotes: pd.DataFrame, p: Mapping[str, Any]
) -> Verdict:
    start, end = window_of(p)
    rows = matching(events, p["match"])
    rows = rows[rows["date"].between(start, end)]
    if rows.empty:
        return Verdict(
            "inconclusive", [], f"no matching act in the window; {ABSENT_ROW}."
        )
    # The rows that reverse each act within `within_days` of it.
    due = rows.set_index("id")["date"] + pd.Timedelta(days=int(p["within_days"]))
    undo = events[events["reverses"].isin(due.index)]
    undo = undo[undo["date"] <= undo["reverses"].astype(object).map(due)]
    by_act = {a: ids_of(undo[undo["reverses"] == a]) for a in rows["id"]}
    evidence = [i for a, later in by_act.items() for i in [a, *later]]
    undone = [a for a, later in by_act.items() if later]
    share = len(undone) / len(rows)
    verdict = (
        "supported"
        if share == 1
        else "partly supported"
        if share > 0
        else "not supported"
    )
    return Verdict(
        verdict,
        evidence,
        f"{len(undone)} of {vocab.count(len(rows), 'matching act')} {'was' if len(rows) == 1 else 'were'} reversed within {p['within_days']} days.",
    )


def check_quote_exists(
    events: pd.DataFrame, quotes: pd.DataFrame, p: Mapping[str, Any]
) -> Verdict:
    start, end = window_of(p)
    speaker = quotes["speaker"].astype(str).eq(p["speaker"]) if "speaker" in p else True
    said = quotes["quote"].str.contains(p["contains"], case=False, regex=False)
    rows = quotes[said & speaker].sort_values(["date", "id"], kind="stable")
    who = f" as {p['speaker']}'s" if "speaker" in p else ""
    inside = rows[rows["date"].between(start, end)]
    if len(inside):
        q = inside.iloc[0]
        return Verdict(
            "supported",
            ids_of(inside) + ([q["event_id"]] if pd.notna(q["event_id"]) else []),
            f"{q['speaker']} said it on {day_text(q['date'])} ({q['id']}, {q['source_outlet']}).",
        )
    if len(rows):
        return Verdict(
            "misdated",
            ids_of(rows),
            f"the words are recorded on {day_text(rows['date'].iloc[0])}, outside the window.",
        )
    near = matching(events, p["near"]) if "near" in p else events.iloc[0:0]
    near_ids = ids_of(near[near["date"].between(start, end)])
    if "near_quote" in p:
        close = _says_any(quotes["quote"], p["near_quote"]) & speaker
        similar = quotes[close & quotes["date"].between(start, end)]
        near_ids = ids_of(similar.sort_values(["date", "id"], kind="stable")) + near_ids
    tail = (
        f"; the nearest rows ({id_list(near_ids)}) put it in other words"
        if near_ids
        else ""
    )
    return Verdict(
        "inconclusive",
        near_ids,
        f"no page in the data prints the words '{p['contains']}' verbatim{who}{tail}, so "
        "the data can neither confirm nor refute the quote.",
    )


def check_untestable(
    events: pd.DataFrame, quotes: pd.DataFrame, p: Mapping[str, Any]
) -> Verdict:
    near = matching(events, p["near"]) if "near" in p else events.iloc[0:0]
    if "start" in p:
        near = near[near["date"].between(*window_of(p))]
    tail = f" Related rows: {id_list(ids_of(near))}." if len(near) else ""
    return Verdict("inconclusive", ids_of(near), f"{p['reason']}.{tail}")
