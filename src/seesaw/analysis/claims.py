"""The claims ledger: each checkable statement of the source article, checked against the data.

`data/claims.csv` names, per claim, a check and its parameters (JSON). `evaluate` runs
the checks and returns a verdict from `vocab.CLAIM_VERDICTS` (`supported`, `partly
supported`, `not supported`, `order reversed`, `misdated`, `timing consistent`,
`inconclusive`) with the evidence rows, one generated sentence of reasoning, and whether
the verdict survives half and double its window (and the neighbouring thresholds, and
the other overture definition).

Checks:
- `event_exists`: acts matching `match` dated in [start, end] (at least `min_count`,
  default 1; fewer is `partly supported`); `misdated` when one exists only within
  `tolerance_days` outside the window.
- `sequence`: an act matching `first` followed within `max_days` by one matching
  `then` (same day allowed), the first act dated in [start, end]; `order reversed`
  when only the reverse order is there; `misdated` as above. With `causal: true`
  (the article says one act caused the other) a found sequence is `timing consistent`
  only when a `then` act follows as soon after fewer than `alpha` of random days
  (seeded), else `inconclusive`.
- `quiet_after`: an act matching `first` in [start, end] and no act matching `then`
  within `max_days` after it (e.g. a summit that produced no agreement).
- `reversed`: acts matching `match` in [start, end], and the share undone (another
  row `reverses` them) within `within_days`.
- `quote_exists`: a quote by `speaker` containing `contains`, dated in [start, end];
  `inconclusive` when no page in the data prints the words (events matching `near` and
  quotes containing any of `near_quote`, if given, are shown as the nearest paraphrase).
- `alternation`: the alternation verdict of `seesaw.analysis.verdicts` over [start, end]
  (spells that take turns: supported; act-by-act switching: partly supported).
- `defuse`: the overture verdict of `seesaw.analysis.verdicts` over [start, end] (overture
  episodes 0-`window_days` days after US escalation on Moscow, against placebo days),
  with overtures in the sense `definition` names (`vocab.OVERTURE_DEFINITIONS`;
  default the plan's `wide`).
- `follow_through`: the share of US threats on `target` followed, strictly later and
  within `days`, by the deed they threatened (`vocab.FOLLOW_THROUGH_INSTRUMENTS`),
  against the share of random days followed by such a deed; the claim (few levers) is
  supported when the share is below `below`.
- `untestable`: always `inconclusive`, with `reason`.

A `match` may hold `text`: words (any of a list) the act's summary contains.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from seesaw.analysis import describe, metrics
from seesaw.analysis.masks import track_rows
from seesaw.analysis.score import score_events
from seesaw.data import memo, vocab
from seesaw.data.quoting import as_read
from seesaw.errors import SeesawError

VERDICTS: tuple[str, ...] = tuple(vocab.CLAIM_VERDICTS)

#: The pattern results (of `seesaw.analysis.verdicts` or the checks here) that support a claim.
PATTERN_FOUND = frozenset({"spells", "act_by_act", "follow_pressure"})
#: Below this power at the data's own size, finding no pattern cannot refute a claim.
GOOD_POWER = vocab.GOOD_POWER

#: Why a claim refuted only by a missing row is inconclusive, in words.
ABSENT_ROW = (
    "a missing row cannot refute the claim (the data are a sourced sample of acts, not "
    "a complete record, so the act may have happened unrecorded): inconclusive"
)

#: Seed of the random days behind every base rate (the inauguration, as elsewhere).
BASE_SEED = 20250120
BASE_DAYS = 4000


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
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


def _window(params: Mapping[str, Any]) -> tuple[pd.Timestamp, pd.Timestamp]:
    return pd.Timestamp(params["start"]), pd.Timestamp(params["end"])


def _as_list(wanted: Any) -> list[Any]:
    return [wanted] if isinstance(wanted, str | bool) else list(wanted)


def _match(events: pd.DataFrame, spec: Mapping[str, Any]) -> pd.DataFrame:
    mask = pd.Series(True, index=events.index)
    for column, wanted in spec.items():
        if column == "responds_to":
            # the act answers a row matching the nested filter (coded, not keywords)
            answered = frozenset(_match(events, wanted)["id"].astype(str))
            replies = events["responds_to"].fillna("").astype(str).str.split()
            mask &= replies.map(answered.isdisjoint).eq(False)
            continue
        if column == "text":
            words = [str(w).lower() for w in _as_list(wanted)]
            summary = events["summary"].astype(str).str.lower()
            hit = pd.Series(False, index=events.index)
            for word in words:
                hit |= summary.str.contains(word, regex=False)
            mask &= hit
            continue
        if column not in events.columns:
            raise ClaimError(f"match: unknown column {column!r}")
        values = _as_list(wanted)
        col = events[column]
        mask &= (
            col.isin(values)
            if col.dtype == bool
            else col.astype(str).isin([str(v) for v in values])
        )
    return events.loc[mask].sort_values(["date", "id"], kind="stable")


def _fmt(day: pd.Timestamp) -> str:
    return f"{day:%d %b %Y}".lstrip("0")


def _ids(rows: pd.DataFrame) -> list[str]:
    return rows["id"].tolist()


def _list(ids: list[str], most: int = 6) -> str:
    """Row ids for a sentence: all of them when few, else the first ones and a count."""
    if len(ids) <= most:
        return ", ".join(ids)
    return f"{', '.join(ids[:most])} and {len(ids) - most} more"


def check_event_exists(
    events: pd.DataFrame, quotes: pd.DataFrame, p: Mapping[str, Any]
) -> Verdict:
    start, end = _window(p)
    tol = pd.Timedelta(days=int(p.get("tolerance_days", 0)))
    need = int(p.get("min_count", 1))
    rows = _match(events, p["match"])
    inside = rows[rows["date"].between(start, end)]
    if len(inside) >= need:
        return Verdict(
            "supported",
            _ids(inside),
            f"{vocab.count(len(inside), 'matching act')} between {_fmt(start)} and {_fmt(end)}, "
            f"first on {_fmt(inside['date'].iloc[0])}"
            + (f" (the claim needs {need})." if need > 1 else "."),
        )
    if len(inside):
        return Verdict(
            "partly supported",
            _ids(inside),
            f"{vocab.count(len(inside), 'matching act')} between {_fmt(start)} and {_fmt(end)} "
            f"({_list(_ids(inside))}), fewer than the {need} the claim needs.",
        )
    near = rows[rows["date"].between(start - tol, end + tol)]
    if len(near):
        return Verdict(
            "misdated",
            _ids(near),
            f"no matching act in the claimed window ({_fmt(start)} to {_fmt(end)}); the "
            f"nearest is dated {_fmt(near['date'].iloc[0])}.",
        )
    return Verdict(
        "inconclusive",
        [],
        f"no matching act between {_fmt(start)} and {_fmt(end)}; {ABSENT_ROW}.",
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
    seed: int = BASE_SEED,
    draws: int = BASE_DAYS,
    strict: bool = False,
) -> float:
    """Share of random days (seeded, uniform over `span`) followed within `days` days by
    an act of `then` (the same day counts unless `strict`)."""
    first, last = pd.Timestamp(span[0]), pd.Timestamp(span[1])
    n_days = int((last - first).days) + 1
    if n_days <= 0:
        raise metrics.MetricError("base rate: the span is empty")
    rng = np.random.default_rng(seed)
    offsets = rng.integers(0, n_days, size=draws)
    acts = np.sort(
        ((then["date"].dt.normalize() - first).dt.days).to_numpy(dtype=np.int64)
    )
    lo = offsets + (1 if strict else 0)
    hi = offsets + days
    hit = np.searchsorted(acts, hi, side="right") - np.searchsorted(
        acts, lo, side="left"
    )
    return float(np.mean(hit > 0))


def _base_span(p: Mapping[str, Any]) -> tuple[pd.Timestamp, pd.Timestamp]:
    return (
        pd.Timestamp(p.get("base_start", "2025-01-20")),
        pd.Timestamp(p.get("base_end", p["end"])),
    )


def _timing(
    events: pd.DataFrame, p: Mapping[str, Any], a: pd.Series, b: pd.Series
) -> Verdict:
    """A causal claim's found sequence against the base rate of its `then` act."""
    lag = int((b["date"] - a["date"]).days)
    alpha = float(p.get("alpha", vocab.ALPHA))
    span = _base_span(p)
    then = _match(events, p["then"])
    share = base_rate(then, span, lag, int(p.get("seed", BASE_SEED)))
    head = (
        f"{a['id']} ({_fmt(a['date'])}) is followed {vocab.count(lag, 'day')} later by {b['id']} "
        f"({_fmt(b['date'])}); a matching act follows as soon after {share:.1%} of random "
        f"days between {_fmt(span[0])} and {_fmt(span[1])}"
    )
    if share < alpha:
        return Verdict(
            "timing consistent",
            [a["id"], b["id"]],
            f"{head} (under alpha {alpha:g}): the timing is consistent with the claim, but "
            "timing alone cannot show the cause.",
            {"base_rate": share, "lag": lag},
        )
    return Verdict(
        "inconclusive",
        [a["id"], b["id"]],
        f"{head} (alpha {alpha:g}): chance alone gives such a sequence that often, so the "
        "data cannot tell whether one act led to the other.",
        {"base_rate": share, "lag": lag},
    )


def check_sequence(
    events: pd.DataFrame, quotes: pd.DataFrame, p: Mapping[str, Any]
) -> Verdict:
    start, end = _window(p)
    tol = pd.Timedelta(days=int(p.get("tolerance_days", 0)))
    max_days = int(p["max_days"])
    first, then = _match(events, p["first"]), _match(events, p["then"])
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
            f"{a['id']} ({_fmt(a['date'])}) is followed {vocab.count(lag, 'day')} later by {b['id']} "
            f"({_fmt(b['date'])}), "
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
            f"{b['id']} ({_fmt(b['date'])}) came {vocab.count(lag, 'day')} before {a['id']} "
            f"({_fmt(a['date'])}): the data have the order the other way round, and the "
            f"claimed order is not in the window.",
        )
    near = [(a, b) for a, b in pairs if start - tol <= a["date"] <= end + tol]
    if near:
        a, b = near[0]
        return Verdict(
            "misdated",
            [a["id"], b["id"]],
            f"the sequence happened, but from {_fmt(a['date'])} ({a['id']} then {b['id']}), "
            f"outside the claimed window of {_fmt(start)} to {_fmt(end)}.",
        )
    firsts = first[first["date"].between(start - tol, end + tol)]
    if len(firsts):
        return Verdict(
            "partly supported",
            _ids(firsts),
            f"the first act is there ({_list(_ids(firsts))}) but no matching act followed "
            f"within {max_days} days.",
        )
    thens = then[
        then["date"].between(start - tol, end + tol + pd.Timedelta(days=max_days))
    ]
    return Verdict(
        "inconclusive",
        _ids(thens),
        "no act matching the first part of the sequence is in the data for that window"
        + (
            f" (acts matching the second part: {_list(_ids(thens))})"
            if len(thens)
            else ", nor one matching the second"
        )
        + f"; {ABSENT_ROW}.",
    )


def check_quiet_after(
    events: pd.DataFrame, quotes: pd.DataFrame, p: Mapping[str, Any]
) -> Verdict:
    start, end = _window(p)
    firsts = _match(events, p["first"])
    firsts = firsts[firsts["date"].between(start, end)]
    if firsts.empty:
        return Verdict(
            "inconclusive",
            [],
            f"the act itself is not in the data for that window; {ABSENT_ROW}.",
        )
    then = _match(events, p["then"])
    gap = pd.Timedelta(days=int(p["max_days"]))
    a = firsts.iloc[0]
    after = then[(then["date"] >= a["date"]) & (then["date"] <= a["date"] + gap)]
    if after.empty:
        return Verdict(
            "supported",
            [a["id"]],
            f"{a['id']} ({_fmt(a['date'])}) is in the data and nothing matching followed "
            f"within {p['max_days']} days.",
        )
    return Verdict(
        "not supported",
        [a["id"], *_ids(after)],
        f"{a['id']} ({_fmt(a['date'])}) was followed by {_list(_ids(after))} within "
        f"{p['max_days']} days.",
    )


def check_reversed(
    events: pd.DataFrame, quotes: pd.DataFrame, p: Mapping[str, Any]
) -> Verdict:
    start, end = _window(p)
    rows = _match(events, p["match"])
    rows = rows[rows["date"].between(start, end)]
    if rows.empty:
        return Verdict(
            "inconclusive", [], f"no matching act in the window; {ABSENT_ROW}."
        )
    within = pd.Timedelta(days=int(p["within_days"]))
    reversers = events[events["reverses"].notna()]
    undone, evidence = [], []
    for _, act in rows.iterrows():
        r = reversers[
            (reversers["reverses"] == act["id"])
            & (reversers["date"] <= act["date"] + within)
        ]
        evidence.append(act["id"])
        if len(r):
            undone.append(act["id"])
            evidence += _ids(r)
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
    start, end = _window(p)
    said = quotes["quote"].str.contains(p["contains"], case=False, regex=False)
    if "speaker" in p:
        said &= quotes["speaker"].astype(str).eq(p["speaker"])
    rows = quotes[said].sort_values(["date", "id"], kind="stable")
    who = f" as {p['speaker']}'s" if "speaker" in p else ""
    inside = rows[rows["date"].between(start, end)]
    if len(inside):
        q = inside.iloc[0]
        return Verdict(
            "supported",
            _ids(inside) + ([q["event_id"]] if pd.notna(q["event_id"]) else []),
            f"{q['speaker']} said it on {_fmt(q['date'])} ({q['id']}, {q['source_outlet']}).",
        )
    if len(rows):
        return Verdict(
            "misdated",
            _ids(rows),
            f"the words are recorded on {_fmt(rows['date'].iloc[0])}, outside the window.",
        )
    near = _match(events, p["near"]) if "near" in p else events.iloc[0:0]
    near_ids = _ids(near[near["date"].between(start, end)])
    if "near_quote" in p:
        words = [str(w).lower() for w in _as_list(p["near_quote"])]
        text = quotes["quote"].astype(str).str.lower()
        close = pd.Series(False, index=quotes.index)
        for word in words:
            close |= text.str.contains(word, regex=False)
        if "speaker" in p:
            close &= quotes["speaker"].astype(str).eq(p["speaker"])
        similar = quotes[close & quotes["date"].between(start, end)]
        near_ids = _ids(similar.sort_values(["date", "id"], kind="stable")) + near_ids
    tail = (
        f"; the nearest rows ({_list(near_ids)}) put it in other words"
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
    near = _match(events, p["near"]) if "near" in p else events.iloc[0:0]
    if "start" in p:
        near = near[near["date"].between(*_window(p))]
    tail = f" Related rows: {_list(_ids(near))}." if len(near) else ""
    return Verdict("inconclusive", _ids(near), f"{p['reason']}.{tail}")


def _in_window(events: pd.DataFrame, p: Mapping[str, Any]) -> pd.DataFrame:
    start, end = _window(p)
    window = events[events["date"].between(start, end)]
    if "kinds" in p:
        window = window[window["kind"].astype(str).isin(_as_list(p["kinds"]))]
    return window


def _analytical_verdict(result: Mapping[str, Any]) -> str:
    """The ledger's verdict for a pattern result, by the verdicts' three-way rule.

    `result` has the shape `seesaw.analysis.verdicts` returns: `verdict` is `spells`,
    `act_by_act` or `follow_pressure` when the pattern is there, `no_pattern` when the
    test did not find it and had at least 80% power against the realistic world (the
    data speak against it), and `inconclusive` otherwise. No claim is "not supported" on
    a test whose power is under 80%.
    """
    verdict = str(result["verdict"])
    if verdict == "act_by_act":
        return "partly supported"
    if verdict in PATTERN_FOUND:
        return "supported"
    power = result.get("power")
    if verdict == "no_pattern" and power is not None and float(power) >= GOOD_POWER:
        return "not supported"
    return "inconclusive"


def _power_note(result: Mapping[str, Any]) -> str:
    power = result.get("power")
    mde = str(result.get("mde") or "")
    if power is None:
        return (
            f" The test's power was not measured: the data cannot decide. {_cap(mde)}."
        )
    if result.get("verdict") in PATTERN_FOUND:
        return f" Power against the realistic world: {float(power):.0%}."
    if float(power) < GOOD_POWER:
        return (
            f" Against a realistic world the test finds the pattern in only "
            f"{float(power):.0%} of simulated runs (under {GOOD_POWER:.0%}), so the data "
            f"cannot decide: {mde}."
        )
    return (
        f" The test finds the pattern in {float(power):.0%} of realistic simulated runs, "
        f"so the null speaks against it: {mde}."
    )


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def check_alternation(
    events: pd.DataFrame, quotes: pd.DataFrame, p: Mapping[str, Any]
) -> Verdict:
    """The alternation verdict of `seesaw.analysis.verdicts` (the one decision rule), mapped by
    `_analytical_verdict`: spells that take turns support the claim, act-by-act
    switching supports it in part, no pattern does not."""
    from seesaw.analysis import verdicts

    start, end = _window(p)
    if "kinds" in p:
        events = events[events["kind"].astype(str).isin(_as_list(p["kinds"]))]
    v = verdicts.alternation_verdict(
        events,
        start,
        end,
        scheme=p.get("scheme", vocab.DEFAULT_SCHEME),
        smooth_days=int(p.get("smoothing_days", vocab.DEFAULT_SMOOTHING_DAYS)),
        permutations=int(p.get("permutations", vocab.SENSITIVITY_PERMUTATIONS)),
        seed=int(p.get("seed", vocab.DEFAULT_SEED)),
        alpha=float(p.get("alpha", vocab.ALPHA)),
    )
    result = dict(v.as_dict())
    result.setdefault("alpha", v.alpha)
    window = _in_window(events, p)
    ph = metrics.phases(
        score_events(window, p.get("scheme", vocab.DEFAULT_SCHEME)),
        int(p.get("smoothing_days", vocab.DEFAULT_SMOOTHING_DAYS)),
    )
    return Verdict(
        _analytical_verdict(result),
        [str(x) for x in ph["opened_by"].dropna()],
        f"Between {_fmt(start)} and {_fmt(end)}: {v.sentence()}." + _power_note(result),
        {"result": result},
    )


def check_defuse(
    events: pd.DataFrame, quotes: pd.DataFrame, p: Mapping[str, Any]
) -> Verdict:
    """The overture verdict of `seesaw.analysis.verdicts` (the one decision rule), mapped by
    `_analytical_verdict`; `inconclusive` when even a hit every time could not reach
    alpha."""
    from seesaw.analysis import overtures, verdicts

    start, end = _window(p)
    definition = str(p.get("definition", "wide"))
    v = verdicts.overture_verdict(
        events,
        start,
        end,
        window_days=int(p.get("window_days", vocab.DEFAULT_COINCIDENCE_DAYS)),
        definition=definition,
        seed=int(p.get("seed", verdicts.SEED)),
        alpha=float(p.get("alpha", vocab.ALPHA)),
    )
    result = dict(v.as_dict())
    rows = overtures.overture_rows(_in_window(events, p), definition)
    examples = [
        (str(ex["label"]), check_sequence(events, quotes, _without(ex, "label")))
        for ex in p.get("examples", [])
    ]
    example_text = ""
    if examples:
        example_text = (
            f" The article's {vocab.in_words(len(examples))} examples ('for instance'), "
            "as dated sequences from the rows: "
            + "; ".join(
                f"{label}: {ex.verdict} ({ex.reasoning.rstrip('.')})"
                for label, ex in examples
            )
            + "."
        )
    table = overtures.waves(
        track_rows(events, "ukraine"),
        start,
        end,
        definition=definition,
        after_days=int(p.get("window_days", vocab.DEFAULT_COINCIDENCE_DAYS)),
    )
    quiet = int(table["overture_when"].eq("none").sum())
    wave_text = (
        f" Described, not tested ('each wave' read literally): of "
        f"{vocab.count(len(table), 'wave')} of US pressure on Moscow (stretches of at "
        "least 7 days in which the week's escalations outnumbered relief), "
        f"{vocab.in_words(quiet)} drew no Russian overture inside it or within "
        f"{int(p.get('window_days', vocab.DEFAULT_COINCIDENCE_DAYS))} days of its end."
        if len(table)
        else ""
    )
    evidence = _ids(rows) + [i for _, ex in examples for i in ex.evidence]
    return Verdict(
        _analytical_verdict(result),
        evidence,
        f"Between {_fmt(start)} and {_fmt(end)}, {v.sentence()}."
        + _power_note(result)
        + example_text
        + wave_text,
        {
            "result": result,
            "examples": {label: ex.verdict for label, ex in examples},
            "waves": len(table),
            "waves_without_overture": quiet,
        },
    )


def _without(params: Mapping[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in params.items() if k != key}


def follow_through_table(events: pd.DataFrame, p: Mapping[str, Any]) -> pd.DataFrame:
    """Each US threat on `target` in the window, its instrument, the first deed by that
    instrument strictly after it within `days` (deeds dated up to `end`), and the share
    of random days followed by such a deed (the base rate). A threat whose `days` run
    past `end` and that was not followed by then is `censored` (too little time seen)."""
    start, end = _window(p)
    days = int(p.get("days", 30))
    window = events[events["date"].between(start, end)]
    us = window[window["actor"].astype(str).eq("us")]
    target = str(p["target"])
    threats = us[
        us["mode"].astype(str).eq("threat")
        & us["pressure_on"].astype(str).eq(target)
        & us["effect"].astype(str).eq("raise")
    ].sort_values(["date", "id"], kind="stable")
    deeds = us[
        us["mode"].astype(str).eq("material")
        & us["pressure_on"].astype(str).eq(target)
        & us["effect"].astype(str).eq("raise")
    ]
    seed = int(p.get("seed", BASE_SEED))
    rows = []
    rates: dict[frozenset[str], float] = {}
    for t in threats.itertuples(index=False):
        instrument = vocab.FOLLOW_THROUGH_INSTRUMENTS.get(str(t.kind))
        row: dict[str, Any] = {
            "threat": t.id,
            "date": t.date,
            "kind": str(t.kind),
            "deed_kinds": " / ".join(sorted(instrument)) if instrument else "",
            "followed_by": None,
            "days": None,
            "status": "no instrument",
            "base_rate": float("nan"),
        }
        if instrument:
            same = deeds[
                deeds["kind"].astype(str).isin(instrument)
                & (deeds["date"] > t.date)
                & (deeds["date"] <= t.date + pd.Timedelta(days=days))
            ].sort_values(["date", "id"], kind="stable")
            if instrument not in rates:
                rates[instrument] = base_rate(
                    deeds[deeds["kind"].astype(str).isin(instrument)],
                    (start, end - pd.Timedelta(days=days)),
                    days,
                    seed,
                    strict=True,
                )
            row["base_rate"] = rates[instrument]
            if len(same):
                row["followed_by"] = same["id"].iloc[0]
                row["days"] = int((same["date"].iloc[0] - t.date).days)
                row["status"] = "followed"
            elif t.date + pd.Timedelta(days=days) > end:
                row["status"] = "censored"
            else:
                row["status"] = "not followed"
        rows.append(row)
    out = pd.DataFrame(
        rows,
        columns=[
            "threat",
            "date",
            "kind",
            "deed_kinds",
            "followed_by",
            "days",
            "status",
            "base_rate",
        ],
    )
    out["days"] = out["days"].astype("Int64")
    return out


def check_follow_through(
    events: pd.DataFrame, quotes: pd.DataFrame, p: Mapping[str, Any]
) -> Verdict:
    table = follow_through_table(events, p)
    start, end = _window(p)
    days = int(p.get("days", 30))
    counted = table[table["status"].isin(["followed", "not followed"])]
    left_out = table[~table["status"].isin(["followed", "not followed"])]
    evidence = table["threat"].tolist() + table["followed_by"].dropna().tolist()
    note = (
        f" Left out: {vocab.count(len(left_out), 'threat')} with no matching instrument or fewer than "
        f"{days} days of data before {_fmt(end)} ({_list(left_out['threat'].tolist())})."
        if len(left_out)
        else ""
    )
    if counted.empty:
        return Verdict(
            "inconclusive",
            evidence,
            f"no US threat on {p['target'].title()} between {_fmt(start)} and {_fmt(end)} "
            f"can be followed for {days} days, so the data cannot decide.{note}",
        )
    kept = counted["status"].eq("followed")
    share = float(kept.mean())
    chance = float(counted["base_rate"].mean())
    below = float(p.get("below", 0.5))
    low, high = describe.wilson(int(kept.sum()), len(counted))
    # The share estimates how often threats are carried out: the claim is decided only
    # when the whole 95% interval lies on one side of its line.
    if high < below:
        verdict, decided = "supported", "the whole interval lies under the line"
    elif low >= below:
        verdict, decided = (
            "not supported",
            "the whole interval lies at or above the line",
        )
    else:
        verdict, decided = (
            "inconclusive",
            "the interval spans the line, so the data cannot decide",
        )
    return Verdict(
        verdict,
        evidence,
        f"Between {_fmt(start)} and {_fmt(end)}, {int(kept.sum())} of {len(counted)} US threats "
        f"on {p['target'].title()} were followed within {days} days by the deed they threatened "
        f"({share:.0%}, 95% interval {low:.0%} to {high:.0%}; the claim needs under "
        f"{below:.0%}, and {decided}); such a deed follows within {days} "
        f"days of {chance:.0%} of random days.{note}",
        {"share": share, "base_rate": chance},
    )


CHECKS: Mapping[
    str, Callable[[pd.DataFrame, pd.DataFrame, Mapping[str, Any]], Verdict]
] = {
    "event_exists": check_event_exists,
    "sequence": check_sequence,
    "quiet_after": check_quiet_after,
    "reversed": check_reversed,
    "quote_exists": check_quote_exists,
    "alternation": check_alternation,
    "defuse": check_defuse,
    "follow_through": check_follow_through,
    "untestable": check_untestable,
}


assert set(CHECKS) == set(vocab.CLAIM_CHECKS)

#: Parameters that set a claim's window, in days: the first one a claim has is varied
#: (`window_days` is the timing test's window, for `defuse`).
WINDOW_PARAMS = ("max_days", "days", "within_days", "tolerance_days", "window_days")


def part_of(check: str, params: Mapping[str, Any]) -> str:
    """`argument` for the article's pattern claims, `fact` for the rest."""
    if check in vocab.ARGUMENT_CHECKS:
        return "argument"
    return str(params.get("part", "fact"))


def variants(params: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The claim's parameters at half and double its window, at the neighbouring
    thresholds (`below` +/- 0.1, `alpha` 0.01 and 0.1, `min_count` +/- 1), and under
    the other of the overture definitions `wide` and `narrow` when one is named."""
    out: list[tuple[str, dict[str, Any]]] = []
    key = next((k for k in WINDOW_PARAMS if k in params), None)
    if key is not None:
        base = int(params[key])
        for value in sorted({base // 2, max(1, 2 * base)} - {base}):
            out.append((f"{key} {value}", {**params, key: value}))
    if "below" in params:
        b = float(params["below"])
        for near in (round(b - 0.1, 2), round(b + 0.1, 2)):
            out.append((f"below {near:g}", {**params, "below": near}))
    if "alpha" in params or params.get("causal"):
        for level in (0.01, 0.1):
            out.append((f"alpha {level:g}", {**params, "alpha": level}))
    if int(params.get("min_count", 1)) > 1:
        m = int(params["min_count"])
        for value in (m - 1, m + 1):
            out.append((f"min_count {value}", {**params, "min_count": value}))
    if params.get("definition") in ("wide", "narrow"):
        other = "narrow" if params["definition"] == "wide" else "wide"
        out.append((f"definition {other}", {**params, "definition": other}))
    return out


@memo.cached
def _run(
    check: str,
    events: pd.DataFrame,
    quotes: pd.DataFrame,
    params: Mapping[str, Any],
) -> Verdict:
    try:
        return CHECKS[check](events, quotes, params)
    except metrics.MetricError as err:
        return Verdict("inconclusive", [], f"the data cannot test it: {err}.")


LEDGER_COLUMNS = [
    "id",
    "claim",
    "check",
    "part",
    "verdict",
    "stable",
    "evidence",
    "reasoning",
    "variants",
    "power",
    "text_judged",
    "original",
]


def _power_of(v: Verdict) -> float | None:
    """The power of an analytical claim's test against its realistic world (None for a
    check that runs no test with a measured power)."""
    result = v.extra.get("result")
    if isinstance(result, Mapping) and result.get("power") is not None:
        return float(result["power"])
    return None


def _power_value(value: object) -> float | None:
    if value is None or bool(pd.isna(value)):
        return None
    return float(value)  # type: ignore[arg-type]


def _text_of(value: object, default: str = "") -> str:
    return default if value is None or bool(pd.isna(value)) else str(value)


def evaluate(
    claims: pd.DataFrame,
    events: pd.DataFrame,
    quotes: pd.DataFrame,
    stability: bool = True,
) -> pd.DataFrame:
    """Run every claim's check; one row per claim with its part (fact or argument),
    verdict, evidence, reasoning and, with `stability`, whether the verdict is the same
    at half and double its window, at the neighbouring thresholds and under the other
    overture definition (`variants` says what each gave)."""
    rows = []
    for c in claims.itertuples(index=False):
        if c.check not in CHECKS:
            raise ClaimError(
                f"claim {c.id}: unknown check {c.check!r}; allowed: {', '.join(CHECKS)}",
                c.id,
            )
        params = json.loads(c.params) if isinstance(c.params, str) else dict(c.params)
        try:
            v = _run(c.check, events, quotes, params)
            tried = (
                [
                    (label, _run(c.check, events, quotes, q).verdict)
                    for label, q in variants(params)
                ]
                if stability
                else []
            )
        except (KeyError, ValueError, TypeError) as err:
            raise ClaimError(
                f"claim {c.id} ({c.check}): bad parameters: {err}", c.id
            ) from err
        rows.append(
            {
                "id": c.id,
                "claim": c.claim,
                "check": c.check,
                "part": part_of(c.check, params),
                "verdict": v.verdict,
                "stable": all(t == v.verdict for _, t in tried),
                "evidence": " ".join(dict.fromkeys(v.evidence)),
                "reasoning": v.reasoning,
                "variants": "; ".join(f"{label}: {t}" for label, t in tried),
                "power": _power_of(v),
                "text_judged": _text_of(getattr(c, "text_judged", None), "rewrite"),
                "original": _text_of(getattr(c, "original", None)),
            }
        )
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS)


def scorecard(ledger: pd.DataFrame) -> dict[str, pd.Series]:
    """Verdict counts for the facts and for the argument, in vocabulary order."""
    return {
        part: ledger.loc[ledger["part"].eq(part), "verdict"]
        .value_counts()
        .reindex(list(VERDICTS), fill_value=0)
        for part in ("fact", "argument")
    }


def _counts(counts: pd.Series) -> str:
    """'3 supported, 1 inconclusive'; 'none supported, ...' when no claim is."""
    parts = [f"{n} {v}" for v, n in counts.items() if n]
    if not counts.get("supported", 0):
        parts.insert(0, "none supported")
    return ", ".join(parts)


def plain_words(ledger: pd.DataFrame) -> str:
    """The ledger in one plain sentence, no figures: how many of the article's facts
    check out, and how much of its argument the data bear out."""
    facts = ledger[ledger["part"].eq("fact")]
    argument = ledger[ledger["part"].eq("argument")]

    good_facts = int(facts["verdict"].eq("supported").sum())
    good_argument = int(argument["verdict"].eq("supported").sum())
    if good_facts == len(facts):
        most = "All"
    elif good_facts > len(facts) / 2:
        most = "Most"
    else:
        most = "Fewer than half"
    refuted = int(argument["verdict"].eq("not supported").sum())
    rest = len(argument) - good_argument
    if rest == 0:
        others = ""
    elif refuted == 0:
        others = (
            ", and the other is" if rest == 1 else ", and the others are"
        ) + " beyond what the data can decide"
    elif refuted == rest:
        others = (
            ", and the other is" if rest == 1 else ", and the others are"
        ) + " not supported"
    else:
        others = ", and the others are either not supported or beyond what the data can decide"
    return (
        f"{most} of the article's facts check out against the rows; of the "
        f"{vocab.in_words(len(argument))} patterns it argues, "
        f"{vocab.in_words(good_argument) if good_argument else 'none'} "
        f"{'are' if good_argument > 1 else 'is'} borne out by the data{others}."
    )


def bottom_line(ledger: pd.DataFrame) -> str:
    """The scorecard in one Markdown paragraph: facts and argument counted apart, and
    the claims whose verdict changes with the window or threshold."""
    card = scorecard(ledger)
    facts, argument = card["fact"], card["argument"]
    unstable = ledger.loc[~ledger["stable"].astype(bool), "id"].tolist()
    text = (
        f"**Facts** (did the events happen, in the order and month the article says): of "
        f"{vocab.count(int(facts.sum()), 'statement')}, {_counts(facts)}. "
        f"**Argument** (the patterns: oscillation, defusing, few levers): of "
        f"{vocab.count(int(argument.sum()), 'claim')}, {_counts(argument)}."
    )
    if unstable:
        text += (
            f" **Unstable:** {vocab.count(len(unstable), 'verdict')} "
            f"{'changes' if len(unstable) == 1 else 'change'} at half or double the window, "
            f"at a neighbouring threshold or under the other overture definition "
            f"({', '.join(unstable)})."
        )
    else:
        text += (
            " Every verdict holds at half and double its window, at the neighbouring "
            "thresholds and under the other overture definition."
        )
    return text


def as_records(ledger: pd.DataFrame) -> list[dict[str, Any]]:
    """The ledger as JSON-ready objects (evidence as a list of row ids)."""
    return [
        {
            "id": r.id,
            "claim": r.claim,
            "part": r.part,
            "check": r.check,
            "verdict": r.verdict,
            "stable": bool(r.stable),
            "evidence": r.evidence.split(),
            "reasoning": r.reasoning,
            "variants": r.variants,
            "power": _power_value(getattr(r, "power", None)),
            "text_judged": _text_of(getattr(r, "text_judged", None), "rewrite"),
            "original": _text_of(getattr(r, "original", None)),
        }
        for r in ledger.itertuples(index=False)
    ]


def format_text(ledger: pd.DataFrame) -> str:
    """The ledger as plain text for a terminal: the scorecard, then one block per claim."""
    lines = [bottom_line(ledger).replace("**", ""), ""]
    for r in ledger.itertuples(index=False):
        flag = "stable" if r.stable else "UNSTABLE"
        lines.append(f"{r.id}  [{r.part}]  {r.verdict}  ({flag})  {r.claim}")
        lines.append(f"    {r.reasoning}")
        if r.evidence:
            lines.append(f"    evidence: {r.evidence}")
        if r.variants:
            lines.append(f"    varied: {r.variants}")
        power = _power_value(getattr(r, "power", None))
        if power is not None:
            lines.append(f"    power: {power:.0%}")
        original = _text_of(getattr(r, "original", None))
        if original:
            judged = _text_of(getattr(r, "text_judged", None), "rewrite")
            lines.append(f"    judges the {judged}; original: {original}")
    return "\n".join(lines)


def _example_events(rows: list[tuple[str, str, str, str, str]]) -> pd.DataFrame:
    """A tiny events table for the worked examples: (id, date, actor, kind, summary);
    US acts raise or relieve pressure on Moscow as their kind implies."""
    relieving = {"weapons_decline", "legislation_shelved"}
    frame = pd.DataFrame(
        [
            {
                "id": i,
                "date": pd.Timestamp(d),
                "actor": actor,
                "recipient": "us" if actor != "us" else "russia",
                "tone": "neutral",
                "pressure_on": "moscow" if actor == "us" else "none",
                "effect": (
                    ("relieve" if kind in relieving else "raise")
                    if actor == "us"
                    else None
                ),
                "mode": "verbal",
                "kind": "legislation" if kind == "legislation_shelved" else kind,
                "summary": summary,
                "reverses": None,
            }
            for i, d, actor, kind, summary in rows
        ]
    )
    return frame


#: One worked example per verdict: a claim, its check and parameters, and a few
#: hypothetical rows; `worked_examples()` runs the check, so the codebook shows the
#: reasoning the code prints.
WORKED_EXAMPLES: Mapping[
    str, tuple[str, str, dict[str, Any], list[tuple[str, str, str, str, str]]]
] = {
    "supported": (
        "Russia offered a summit in August.",
        "event_exists",
        {
            "match": {"actor": "russia", "kind": "summit_offer"},
            "start": "2025-08-01",
            "end": "2025-08-31",
        },
        [("E0001", "2025-08-07", "russia", "summit_offer", "Putin accepts a summit.")],
    ),
    "partly supported": (
        "Zelensky repeatedly refused to cede land.",
        "event_exists",
        {
            "match": {"actor": "ukraine", "kind": "rejection"},
            "start": "2025-01-20",
            "end": "2025-10-22",
            "min_count": 2,
        },
        [
            (
                "E0001",
                "2025-08-09",
                "ukraine",
                "rejection",
                "Zelensky rejects ceding land.",
            )
        ],
    ),
    "not supported": (
        "The summit produced no agreement within 30 days.",
        "quiet_after",
        {
            "first": {"kind": "summit"},
            "then": {"kind": "agreement"},
            "max_days": 30,
            "start": "2025-08-01",
            "end": "2025-08-31",
        },
        [
            ("E0001", "2025-08-01", "us", "summit", "A summit is held."),
            ("E0002", "2025-08-13", "russia", "agreement", "A deal is signed."),
        ],
    ),
    "order reversed": (
        "The sanctions bill was shelved soon after Putin agreed to meet.",
        "sequence",
        {
            "first": {"actor": "russia", "kind": "summit_offer"},
            "then": {"actor": "us", "kind": "legislation"},
            "max_days": 30,
            "start": "2025-07-01",
            "end": "2025-08-31",
        },
        [
            (
                "E0001",
                "2025-07-28",
                "us",
                "legislation_shelved",
                "The bill is shelved.",
            ),
            ("E0002", "2025-08-06", "russia", "summit_offer", "Putin agrees to meet."),
        ],
    ),
    "misdated": (
        "In July, Putin agreed to the meeting.",
        "event_exists",
        {
            "match": {"actor": "russia", "kind": "summit_offer"},
            "start": "2025-07-01",
            "end": "2025-07-31",
            "tolerance_days": 31,
        },
        [("E0001", "2025-08-06", "russia", "summit_offer", "Putin agrees to meet.")],
    ),
    "timing consistent": (
        "The strike created an opening for the peace plan.",
        "sequence",
        {
            "first": {"kind": "strike"},
            "then": {"kind": "peace_plan"},
            "max_days": 30,
            "start": "2025-09-01",
            "end": "2025-09-30",
            "causal": True,
        },
        [
            ("E0001", "2025-09-09", "israel", "strike", "A strike in Doha."),
            (
                "E0002",
                "2025-09-11",
                "us",
                "peace_plan",
                "A US plan, the only one in the period.",
            ),
        ],
    ),
    "inconclusive": (
        "Once the missiles were declined, Russia quickly lost interest in talks.",
        "sequence",
        {
            "first": {"kind": "weapons_decline"},
            "then": {"actor": "russia", "kind": "rejection"},
            "max_days": 7,
            "start": "2025-10-01",
            "end": "2025-10-22",
            "causal": True,
        },
        [
            (
                "E0001",
                "2025-10-17",
                "us",
                "weapons_decline",
                "The US declines the missiles.",
            )
        ]
        + [
            (
                f"E{n + 2:04d}",
                str((pd.Timestamp("2025-01-21") + pd.Timedelta(days=3 * n)).date()),
                "russia",
                "rejection",
                "A Russian rejection, one every third day.",
            )
            for n in range(92)
        ],
    ),
}


def worked_examples() -> dict[str, tuple[str, str, Verdict]]:
    """Each verdict's example: (claim, the rows in words, the verdict the check gives)."""
    quotes = pd.DataFrame(
        columns=["id", "date", "speaker", "quote", "event_id", "source_outlet"]
    )
    out = {}
    for verdict, (claim, check, params, rows) in WORKED_EXAMPLES.items():
        events = _example_events(rows)
        shown = [
            f"{i} {_fmt(pd.Timestamp(d))}: {summary}"
            for i, d, _, _, summary in rows[:3]
        ]
        if len(rows) > 3:
            shown.append(f"and {len(rows) - 3} more like it")
        out[verdict] = (claim, "; ".join(shown), CHECKS[check](events, quotes, params))
    return out


def evidence_table(
    ids: list[str], events: pd.DataFrame, quotes: pd.DataFrame
) -> pd.DataFrame:
    """Every evidence row, events and quotes alike, in the order given: id, date, who,
    kind, text (the full summary or quote) and source outlet."""
    ev = events.set_index("id")
    qu = quotes.set_index("id")
    rows = []
    for i in ids:
        if i in ev.index:
            e = ev.loc[i]
            rows.append(
                {
                    "id": i,
                    "date": f"{e['date']:%Y-%m-%d}",
                    "who": str(e.get("actor_detail", e["actor"])),
                    "kind": str(e["kind"]),
                    "text": str(e["summary"]),
                    "source": str(e.get("source_outlet", "")),
                }
            )
        elif i in qu.index:
            q = qu.loc[i]
            rows.append(
                {
                    "id": i,
                    "date": f"{q['date']:%Y-%m-%d}",
                    "who": str(q["speaker"]),
                    "kind": "quote",
                    "text": as_read(q["quote"], q["speaker"], q.get("verbatim", "")),
                    "source": str(q.get("source_outlet", "")),
                }
            )
    return pd.DataFrame(rows, columns=["id", "date", "who", "kind", "text", "source"])
