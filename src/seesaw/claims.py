"""The claims ledger: each testable claim of the source article, checked against the data.

`data/claims.csv` names, per claim, a check and its parameters (JSON). `evaluate` runs
the checks and returns a verdict (`supported`, `partly supported`, `not supported`,
`misdated`) with the evidence rows and one sentence of reasoning, all computed.

Checks:
- `event_exists`: an act matching `match` dated in [start, end]; `misdated` when one
  exists only within `tolerance_days` outside the window.
- `sequence`: an act matching `first` followed within `max_days` by one matching
  `then` (same day allowed), the first act dated in [start, end]; `misdated` as above.
- `quiet_after`: an act matching `first` in [start, end] and no act matching `then`
  within `max_days` after it (e.g. a summit that produced no agreement).
- `reversed`: acts matching `match` in [start, end], and the share undone (another
  row `reverses` them) within `within_days`.
- `quote_exists`: a quote by `speaker` containing `contains`, dated in [start, end].
- `alternation`: the alternation verdict of `seesaw.verdicts` over [start, end]
  (spells that take turns: supported; act-by-act switching: partly supported).
- `defuse`: the overture verdict of `seesaw.verdicts` over [start, end] (overture
  episodes 0-`window_days` days after US escalation on Moscow, against placebo days).
- `follow_through`: the share of US threats on `target` followed by a deed within
  `days`; the claim (few levers) is supported when the share is below `below`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from seesaw import metrics, vocab
from seesaw.errors import SeesawError
from seesaw.score import score_events

VERDICTS = ("supported", "partly supported", "not supported", "misdated")


class ClaimError(SeesawError, ValueError):
    """A claim whose check or parameters are wrong; the message names the claim."""


@dataclass(frozen=True)
class Verdict:
    verdict: str
    evidence: list[str]
    reasoning: str


def _window(params: Mapping[str, Any]) -> tuple[pd.Timestamp, pd.Timestamp]:
    return pd.Timestamp(params["start"]), pd.Timestamp(params["end"])


def _match(events: pd.DataFrame, spec: Mapping[str, Any]) -> pd.DataFrame:
    mask = pd.Series(True, index=events.index)
    for column, wanted in spec.items():
        if column not in events.columns:
            raise ClaimError(f"match: unknown column {column!r}")
        values = [wanted] if isinstance(wanted, str | bool) else list(wanted)
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


def check_event_exists(
    events: pd.DataFrame, quotes: pd.DataFrame, p: Mapping[str, Any]
) -> Verdict:
    start, end = _window(p)
    tol = pd.Timedelta(days=int(p.get("tolerance_days", 0)))
    rows = _match(events, p["match"])
    inside = rows[rows["date"].between(start, end)]
    if len(inside):
        return Verdict(
            "supported",
            _ids(inside),
            f"{len(inside)} matching act(s) between {_fmt(start)} and {_fmt(end)}, "
            f"first on {_fmt(inside['date'].iloc[0])}.",
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
        "not supported", [], f"no matching act between {_fmt(start)} and {_fmt(end)}."
    )


def _pairs(
    events: pd.DataFrame, p: Mapping[str, Any]
) -> list[tuple[pd.Series, pd.Series]]:
    first = _match(events, p["first"])
    then = _match(events, p["then"])
    gap = pd.Timedelta(days=int(p["max_days"]))
    pairs = []
    for _, a in first.iterrows():
        later = then[
            (then["date"] >= a["date"])
            & (then["date"] <= a["date"] + gap)
            & (then["id"] != a["id"])
        ]
        if len(later):
            pairs.append((a, later.iloc[0]))
    return pairs


def check_sequence(
    events: pd.DataFrame, quotes: pd.DataFrame, p: Mapping[str, Any]
) -> Verdict:
    start, end = _window(p)
    tol = pd.Timedelta(days=int(p.get("tolerance_days", 0)))
    pairs = _pairs(events, p)
    inside = [(a, b) for a, b in pairs if start <= a["date"] <= end]
    if inside:
        a, b = inside[0]
        lag = int((b["date"] - a["date"]).days)
        return Verdict(
            "supported",
            [a["id"], b["id"]],
            f"{a['id']} ({_fmt(a['date'])}) is followed {lag} day(s) later by {b['id']} "
            f"({_fmt(b['date'])}), within the {p['max_days']} days allowed.",
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
    firsts = _match(events, p["first"])
    firsts = firsts[firsts["date"].between(start - tol, end + tol)]
    if len(firsts):
        return Verdict(
            "partly supported",
            _ids(firsts),
            f"the first act is there ({', '.join(_ids(firsts))}) but no matching act followed "
            f"within {p['max_days']} days.",
        )
    return Verdict(
        "not supported",
        [],
        "neither act of the sequence is in the data for that window.",
    )


def check_quiet_after(
    events: pd.DataFrame, quotes: pd.DataFrame, p: Mapping[str, Any]
) -> Verdict:
    start, end = _window(p)
    firsts = _match(events, p["first"])
    firsts = firsts[firsts["date"].between(start, end)]
    if firsts.empty:
        return Verdict(
            "not supported", [], "the act itself is not in the data for that window."
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
        f"{a['id']} ({_fmt(a['date'])}) was followed by {', '.join(_ids(after))} within "
        f"{p['max_days']} days.",
    )


def check_reversed(
    events: pd.DataFrame, quotes: pd.DataFrame, p: Mapping[str, Any]
) -> Verdict:
    start, end = _window(p)
    rows = _match(events, p["match"])
    rows = rows[rows["date"].between(start, end)]
    if rows.empty:
        return Verdict("not supported", [], "no matching act in the window.")
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
        f"{len(undone)} of {len(rows)} matching act(s) were reversed within {p['within_days']} days.",
    )


def check_quote_exists(
    events: pd.DataFrame, quotes: pd.DataFrame, p: Mapping[str, Any]
) -> Verdict:
    start, end = _window(p)
    rows = quotes[
        quotes["speaker"].astype(str).eq(p["speaker"])
        & quotes["quote"].str.contains(p["contains"], case=False, regex=False)
    ]
    inside = rows[rows["date"].between(start, end)]
    if len(inside):
        q = inside.iloc[0]
        return Verdict(
            "supported",
            _ids(inside) + ([q["event_id"]] if pd.notna(q["event_id"]) else []),
            f"{p['speaker']} said it on {_fmt(q['date'])} ({q['id']}, {q['source_outlet']}).",
        )
    if len(rows):
        return Verdict(
            "misdated",
            _ids(rows),
            f"the words are recorded on {_fmt(rows['date'].iloc[0])}, outside the window.",
        )
    return Verdict("not supported", [], "no such quote in the data.")


def _in_window(events: pd.DataFrame, p: Mapping[str, Any]) -> pd.DataFrame:
    start, end = _window(p)
    return events[events["date"].between(start, end)]


def check_alternation(
    events: pd.DataFrame, quotes: pd.DataFrame, p: Mapping[str, Any]
) -> Verdict:
    """The alternation verdict of `seesaw.verdicts` (the one decision rule): spells
    that take turns support the claim; act-by-act switching supports it in part."""
    from seesaw import verdicts

    start, end = _window(p)
    v = verdicts.alternation_verdict(
        events,
        start,
        end,
        scheme=p.get("scheme", "mode"),
        smooth_days=int(p.get("smoothing_days", 14)),
        permutations=int(p.get("permutations", 2999)),
        seed=int(p.get("seed", 0)),
        alpha=float(p.get("alpha", 0.05)),
    )
    verdict = {
        "spells": "supported",
        "act_by_act": "partly supported",
        "no_pattern": "not supported",
    }[v.verdict]
    window = _in_window(events, p)
    ph = metrics.phases(
        score_events(window, p.get("scheme", "mode")), int(p.get("smoothing_days", 14))
    )
    return Verdict(
        verdict,
        [str(x) for x in ph["opened_by"].dropna()],
        f"Between {_fmt(start)} and {_fmt(end)}: {v.sentence()}.",
    )


def check_defuse(
    events: pd.DataFrame, quotes: pd.DataFrame, p: Mapping[str, Any]
) -> Verdict:
    """The overture verdict of `seesaw.verdicts` (the one decision rule)."""
    from seesaw import overtures, verdicts

    start, end = _window(p)
    v = verdicts.overture_verdict(
        events,
        start,
        end,
        window_days=int(p.get("window_days", 3)),
        seed=int(p.get("seed", verdicts.SEED)),
        alpha=float(p.get("alpha", 0.05)),
    )
    verdict = "supported" if v.verdict == "follow_pressure" else "not supported"
    rows = overtures.overture_rows(_in_window(events, p))
    return Verdict(
        verdict,
        _ids(rows),
        f"Between {_fmt(start)} and {_fmt(end)}, {v.sentence()}. {v.power_line()}",
    )


def check_follow_through(
    events: pd.DataFrame, quotes: pd.DataFrame, p: Mapping[str, Any]
) -> Verdict:
    window = _in_window(events, p)
    scored = score_events(window, "flat")
    table = metrics.follow_through(
        scored, int(p.get("days", vocab.DEFAULT_FOLLOW_DAYS))
    )
    table = table[table["target"] == p["target"]]
    if table.empty:
        return Verdict(
            "not supported", [], f"no US threats on {p['target']} in the window."
        )
    kept = table["followed_by"].notna()
    share = float(kept.mean())
    start, end = _window(p)
    below = float(p.get("below", 0.5))
    verdict = "supported" if share < below else "not supported"
    return Verdict(
        verdict,
        table["threat"].tolist(),
        f"Between {_fmt(start)} and {_fmt(end)}, "
        f"{int(kept.sum())} of {len(table)} US threats on {p['target'].title()} were followed by a "
        f"matching deed within {p.get('days', vocab.DEFAULT_FOLLOW_DAYS)} days ({share:.0%}; the claim needs under {below:.0%}).",
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
}


assert set(CHECKS) == set(vocab.CLAIM_CHECKS)


def evaluate(
    claims: pd.DataFrame, events: pd.DataFrame, quotes: pd.DataFrame
) -> pd.DataFrame:
    """Run every claim's check; one row per claim with verdict, evidence and reasoning."""
    rows = []
    for c in claims.itertuples(index=False):
        if c.check not in CHECKS:
            raise ClaimError(
                f"claim {c.id}: unknown check {c.check!r}; allowed: {', '.join(CHECKS)}"
            )
        params = json.loads(c.params) if isinstance(c.params, str) else dict(c.params)
        try:
            v = CHECKS[c.check](events, quotes, params)
        except metrics.MetricError as err:
            v = Verdict("not supported", [], f"the data cannot test it: {err}.")
        except (KeyError, ValueError, TypeError) as err:
            raise ClaimError(
                f"claim {c.id} ({c.check}): bad parameters: {err}"
            ) from err
        rows.append(
            {
                "id": c.id,
                "claim": c.claim,
                "check": c.check,
                "verdict": v.verdict,
                "evidence": " ".join(dict.fromkeys(v.evidence)),
                "reasoning": v.reasoning,
            }
        )
    return pd.DataFrame(
        rows, columns=["id", "claim", "check", "verdict", "evidence", "reasoning"]
    )
