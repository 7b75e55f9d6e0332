"""The claims ledger: each checkable statement of the source article, checked against the data.

`data/claims.csv` names, per claim, a check (`claim_checks.CHECKS`) and its parameters
(JSON). `evaluate` gives each claim a verdict from `claim_vocab.CLAIM_VERDICTS`, its
evidence rows, one generated sentence of reasoning, and whether the verdict survives half
and double its window, the neighbouring thresholds and the other overture definition.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from seesaw.analysis import metrics, views
from seesaw.analysis.claim_checks import CHECKS
from seesaw.analysis.fact_checks import ClaimError, Verdict, day_text
from seesaw.analysis.masks import track_rows
from seesaw.data import claim_vocab, memo
from seesaw.data.quoting import as_read

VERDICTS: tuple[str, ...] = tuple(claim_vocab.CLAIM_VERDICTS)

#: Parameters that set a claim's window, in days: the first one a claim has is varied
#: (`coincidence_days` is the timing test's window, for `defuse`).
WINDOW_PARAMS = (
    "max_days",
    "days",
    "within_days",
    "tolerance_days",
    "coincidence_days",
)


def part_of(check: str, params: Mapping[str, Any]) -> str:
    """`argument` for the article's pattern claims, `fact` for the rest."""
    if check in claim_vocab.ARGUMENT_CHECKS:
        return "argument"
    return str(params.get("part", "fact"))


#: The neighbouring thresholds each claim's verdict is re-run at (`variants`).
BELOW_STEP = 0.1
NEIGHBOUR_ALPHAS = (0.01, 0.1)


def variants(params: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The claim's parameters at half and double its window, at the neighbouring
    thresholds (`below` +/- `BELOW_STEP`, `alpha` at each of `NEIGHBOUR_ALPHAS`,
    `min_count` +/- 1), and under the other of the overture definitions `wide` and
    `narrow` when one is named."""
    out: list[tuple[str, Any]] = []
    key = next((k for k in WINDOW_PARAMS if k in params), None)
    if key is not None:
        base = int(params[key])
        out += [(key, v) for v in sorted({base // 2, max(1, 2 * base)} - {base})]
    if "below" in params:
        b = float(params["below"])
        out += [
            ("below", round(b - BELOW_STEP, 2)),
            ("below", round(b + BELOW_STEP, 2)),
        ]
    if "alpha" in params or params.get("causal"):
        out += [("alpha", a) for a in NEIGHBOUR_ALPHAS]
    if int(params.get("min_count", 1)) > 1:
        m = int(params["min_count"])
        out += [("min_count", m - 1), ("min_count", m + 1)]
    if params.get("definition") in ("wide", "narrow"):
        other = "narrow" if params["definition"] == "wide" else "wide"
        out.append(("definition", other))
    return [
        (f"{k} {v:g}" if isinstance(v, float) else f"{k} {v}", {**params, k: v})
        for k, v in out
    ]


class _Inputs:
    """The tables every check of one `evaluate` reads, each fingerprinted once."""

    def __init__(self, events: pd.DataFrame, quotes: pd.DataFrame) -> None:
        self.events = events
        self.quotes = memo.Keyed(quotes)

    @cached_property
    def full(self) -> memo.Keyed:
        return memo.Keyed(self.events)

    @cached_property
    def tagged(self) -> memo.Keyed:
        return memo.Keyed(views.tags_only(self.events))


def _run(check: str, tables: _Inputs, params: Mapping[str, Any]) -> Verdict:
    """One check's verdict, from the computation cache when its inputs are unchanged:
    the checks read a row's notes only through their tags (`views.tags_only`), unless
    the claim's own parameters name the notes."""
    if views.NOTES in json.dumps(params, default=str):
        return _run_all(check, tables.full, tables.quotes, params)  # type: ignore[arg-type]
    return _run_tags(check, tables.tagged, tables.quotes, params)  # type: ignore[arg-type]


def _check(
    check: str,
    events: pd.DataFrame,
    quotes: pd.DataFrame,
    params: Mapping[str, Any],
) -> Verdict:
    if "track" in params:  # the check reads that track's rows only
        events = track_rows(events, str(params["track"]))
        params = {k: v for k, v in params.items() if k != "track"}
    try:
        return CHECKS[check](events, quotes, params)
    except metrics.MetricError as err:
        return Verdict("inconclusive", [], f"the data cannot test it: {err}.")


_run_all = memo.cached(_check)
_run_tags = memo.cached(_check, project={"events": views.tags_only})


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
    tables = _Inputs(events, quotes)
    for c in claims.itertuples(index=False):
        if c.check not in CHECKS:
            raise ClaimError(
                f"claim {c.id}: unknown check {c.check!r}; allowed: {', '.join(CHECKS)}",
                c.id,
            )
        params = json.loads(c.params) if isinstance(c.params, str) else dict(c.params)
        try:
            v = _run(c.check, tables, params)
            tried = [
                (label, _run(c.check, tables, q).verdict)
                for label, q in (variants(params) if stability else [])
            ]
        except (KeyError, ValueError, TypeError) as err:
            raise ClaimError(
                f"claim {c.id} ({c.check}): bad parameters: {err}", c.id
            ) from err
        power = v.extra.get("result", {}).get("power")  # of an analytical claim's test
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
                "power": None if power is None else float(power),
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


def as_records(ledger: pd.DataFrame) -> list[dict[str, Any]]:
    """The ledger as JSON-ready objects (evidence as a list of row ids)."""
    columns = ["id", "claim", "part", "check", *LEDGER_COLUMNS[4:]]
    return [
        r
        | {
            "stable": bool(r["stable"]),
            "evidence": r["evidence"].split(),
            "power": None if pd.isna(r["power"]) else float(r["power"]),
        }
        for r in ledger[columns].to_dict("records")
    ]


def _example_events(rows: list[tuple[str, str, str, str, str]]) -> pd.DataFrame:
    """A tiny events table for the worked examples: (id, date, actor, kind, summary);
    US acts raise or relieve pressure on Moscow as their kind implies."""
    frame = pd.DataFrame(rows, columns=["id", "date", "actor", "kind", "summary"])
    us = frame["actor"].eq("us")
    relief = frame["kind"].isin({"weapons_decline", "legislation_shelved"})
    return frame.assign(
        date=pd.to_datetime(frame["date"]),
        recipient=np.where(us, "russia", "us"),
        tone="neutral",
        pressure_on=np.where(us, "moscow", "none"),
        effect=relief.map({True: "relieve", False: "raise"})
        .astype(object)
        .where(us, None),
        mode="verbal",
        kind=frame["kind"].replace("legislation_shelved", "legislation"),
        reverses=None,
    )


#: One worked example per verdict (a claim, its check and parameters, a few hypothetical
#: rows); `worked_examples()` runs the check, so the codebook shows the reasoning the code
#: prints.
WORKED_EXAMPLES_FILE = Path(__file__).with_name("worked_examples.json")

Row = tuple[str, str, str, str, str]


def _example_rows(entry: Mapping[str, Any]) -> list[Row]:
    """An example's rows (id, date, actor, kind, summary), its `repeat` spelled out:
    `count` like rows, one every `every_days` days from `start`, numbered on from
    `first_id`."""
    rows: list[Row] = [tuple(r) for r in entry["rows"]]  # type: ignore[misc]
    more = entry.get("repeat")
    if more:
        start = pd.Timestamp(more["start"])
        rows += [
            (
                f"E{n + int(more['first_id']):04d}",
                str((start + pd.Timedelta(days=int(more["every_days"]) * n)).date()),
                str(more["actor"]),
                str(more["kind"]),
                str(more["summary"]),
            )
            for n in range(int(more["count"]))
        ]
    return rows


def worked_examples() -> dict[str, tuple[str, str, Verdict]]:
    """Each verdict's example: (claim, the rows in words, the verdict the check gives)."""
    quotes = pd.DataFrame(
        columns=["id", "date", "speaker", "quote", "event_id", "source_outlet"]
    )
    examples = json.loads(WORKED_EXAMPLES_FILE.read_text(encoding="utf-8"))["examples"]
    out = {}
    for verdict, entry in examples.items():
        rows = _example_rows(entry)
        events = _example_events(rows)
        shown = [
            f"{i} {day_text(pd.Timestamp(d))}: {summary}"
            for i, d, _, _, summary in rows[:3]
        ]
        if len(rows) > 3:
            shown.append(f"and {len(rows) - 3} more like it")
        check = CHECKS[entry["check"]]
        out[verdict] = (
            entry["claim"],
            "; ".join(shown),
            check(events, quotes, entry["params"]),
        )
    return out


def evidence_table(
    ids: list[str], events: pd.DataFrame, quotes: pd.DataFrame
) -> pd.DataFrame:
    """Every evidence row, events and quotes alike, in the order given: id, date, who,
    kind, text (the full summary or quote) and source outlet."""
    ev, qu = events.set_index("id"), quotes.set_index("id")
    rows = []
    for i in ids:
        if i in ev.index:
            e = ev.loc[i]
            who, kind, text = e.get("actor_detail", e["actor"]), e["kind"], e["summary"]
        elif i in qu.index:
            e = qu.loc[i]
            who, kind = e["speaker"], "quote"
            text = as_read(e["quote"], e["speaker"], e.get("verbatim", ""))
        else:
            continue
        source = e.get("source_outlet", "")
        rows.append((i, f"{e['date']:%Y-%m-%d}", *map(str, (who, kind, text, source))))
    return pd.DataFrame(rows, columns=["id", "date", "who", "kind", "text", "source"])
