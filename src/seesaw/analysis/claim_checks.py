"""The argument checks a claim can name (the article's patterns), and `CHECKS`, every check.

- `alternation`, `defuse`: the alternation and overture verdicts of
  `seesaw.analysis.verdicts` over [start, end], mapped by one rule (`_analytical_verdict`).
- `follow_through`: the share of US threats on `target` followed, strictly later and
  within `days`, by the deed they threatened (`vocab.FOLLOW_THROUGH_INSTRUMENTS`),
  against the share of random days so followed; supported when under `below`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from seesaw.analysis import describe, metrics
from seesaw.analysis.fact_checks import (
    Verdict,
    as_list,
    base_rate,
    check_event_exists,
    check_quiet_after,
    check_quote_exists,
    check_reversed,
    check_sequence,
    check_untestable,
    day_text,
    id_list,
    ids_of,
    window_of,
)
from seesaw.analysis.masks import equals, track_rows
from seesaw.analysis.overtures import us_on_side
from seesaw.analysis.score import score_events
from seesaw.data import claim_vocab, vocab

#: The pattern results (of `seesaw.analysis.verdicts` or the checks here) that support a claim.
PATTERN_FOUND = frozenset({"spells", "act_by_act", "follow_pressure"})


def _in_window(events: pd.DataFrame, p: Mapping[str, Any]) -> pd.DataFrame:
    start, end = window_of(p)
    window = events[events["date"].between(start, end)]
    if "kinds" in p:
        window = window[window["kind"].astype(str).isin(as_list(p["kinds"]))]
    return window


def _analytical_verdict(result: Mapping[str, Any]) -> str:
    """The ledger's verdict for a result of `seesaw.analysis.verdicts`: a pattern found
    supports the claim (act-by-act switching in part); `no_pattern` refutes it only when
    the test had at least 80% power against the realistic world; else `inconclusive`."""
    verdict = str(result["verdict"])
    if verdict == "act_by_act":
        return "partly supported"
    if verdict in PATTERN_FOUND:
        return "supported"
    power = result.get("power")
    if (
        verdict == "no_pattern"
        and power is not None
        and float(power) >= vocab.GOOD_POWER
    ):
        return "not supported"
    return "inconclusive"


def _power_note(result: Mapping[str, Any]) -> str:
    power = result.get("power")
    mde = str(result.get("mde") or "")
    if power is None:
        said = f" {mde[:1].upper()}{mde[1:]}." if mde else ""
        return f" The test's power was not measured: the data cannot decide.{said}"
    then = f": {mde}." if mde else "."  # what the test can see, when measured
    if result.get("verdict") in PATTERN_FOUND:
        return f" Power against the realistic world: {float(power):.0%}."
    if float(power) < vocab.GOOD_POWER:
        return (
            f" Against a realistic world the test finds the pattern in only "
            f"{float(power):.0%} of simulated runs (under {vocab.GOOD_POWER:.0%}), so the data "
            f"cannot decide{then}"
        )
    return (
        f" The test finds the pattern in {float(power):.0%} of realistic simulated runs, "
        f"so the null speaks against it{then}"
    )


def _analytical(v: Any, lead: str, evidence: list[str], tail: str = "") -> Verdict:
    """A verdict of `seesaw.analysis.verdicts` as the ledger's `Verdict`: mapped by
    `_analytical_verdict`, its sentence after `lead`, the power note, then `tail`."""
    result = dict(v.as_dict())
    result.setdefault("alpha", v.alpha)
    return Verdict(
        _analytical_verdict(result),
        evidence,
        f"{lead} {v.sentence()}." + _power_note(result) + tail,
        {"result": result},
    )


def check_alternation(
    events: pd.DataFrame, quotes: pd.DataFrame, p: Mapping[str, Any]
) -> Verdict:
    """The alternation verdict of `seesaw.analysis.verdicts` (the one decision rule), mapped by
    `_analytical_verdict`: spells that take turns support the claim, act-by-act
    switching supports it in part, no pattern does not."""
    from seesaw.analysis import verdicts

    start, end = window_of(p)
    scheme = p.get("scheme", vocab.DEFAULT_SCHEME)
    smooth = int(p.get("smoothing_days", vocab.DEFAULT_SMOOTHING_DAYS))
    if "kinds" in p:
        events = events[events["kind"].astype(str).isin(as_list(p["kinds"]))]
    v = verdicts.alternation_verdict(
        events,
        start,
        end,
        scheme=scheme,
        smooth_days=smooth,
        # the change point the verdict carries, which no claim shows: fewer permutations
        permutations=vocab.SENSITIVITY_PERMUTATIONS,
        seed=int(p.get("seed", vocab.DEFAULT_SEED)),
        alpha=float(p.get("alpha", vocab.ALPHA)),
    )
    ph = metrics.phases(score_events(_in_window(events, p), scheme), smooth)
    opened = [str(x) for x in ph["opened_by"].dropna()]
    return _analytical(v, f"Between {day_text(start)} and {day_text(end)}:", opened)


def check_defuse(
    events: pd.DataFrame, quotes: pd.DataFrame, p: Mapping[str, Any]
) -> Verdict:
    """The overture verdict of `seesaw.analysis.verdicts` (the one decision rule), mapped by
    `_analytical_verdict`; `inconclusive` when even a hit every time could not reach
    alpha."""
    from seesaw.analysis import overtures, verdicts, waves

    start, end = window_of(p)
    definition = str(p.get("definition", "wide"))
    coincidence = int(p.get("coincidence_days", vocab.DEFAULT_COINCIDENCE_DAYS))
    v = verdicts.overture_verdict(
        events,
        start,
        end,
        coincidence_days=coincidence,
        definition=definition,
        alpha=float(p.get("alpha", vocab.ALPHA)),
    )
    rows = overtures.overture_rows(_in_window(events, p), definition)
    examples = [
        (
            str(ex["label"]),
            check_sequence(
                events, quotes, {k: v for k, v in ex.items() if k != "label"}
            ),
        )
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
    table = waves.waves(
        track_rows(events, "ukraine"), start, end, definition, after_days=coincidence
    )
    quiet = int(table["overture_when"].eq("none").sum())
    wave_text = (
        f" Described, not tested ('each wave' read literally): of "
        f"{vocab.count(len(table), 'wave')} of US pressure on Moscow (stretches of at "
        f"least {waves.WAVE_DAYS} days in which the week's escalations outnumbered relief), "
        f"{vocab.in_words(quiet)} drew no Russian overture inside it or within "
        f"{coincidence} days of its end."
        if len(table)
        else ""
    )
    evidence = ids_of(rows) + [i for _, ex in examples for i in ex.evidence]
    lead = f"Between {day_text(start)} and {day_text(end)},"
    return _analytical(v, lead, evidence, example_text + wave_text)


def follow_through_table(events: pd.DataFrame, p: Mapping[str, Any]) -> pd.DataFrame:
    """Each US threat on `target` in the window, its instrument, the first deed by that
    instrument strictly after it within `days` (deeds dated up to `end`), and the share
    of random days followed by such a deed (the base rate). A threat whose `days` run
    past `end` and that was not followed by then is `censored` (too little time seen)."""
    start, end = window_of(p)
    days = int(p.get("days", vocab.DEFAULT_FOLLOW_DAYS))
    window = events[events["date"].between(start, end)]
    us = us_on_side(window, str(p["target"]))  # by date and id
    threats = us[equals(us["mode"], "threat")]
    deeds = us[equals(us["mode"], "material")]
    gap = pd.Timedelta(days=days)
    rows = []
    rates: dict[frozenset[str], float] = {}
    for t in threats.itertuples(index=False):
        instrument = vocab.FOLLOW_THROUGH_INSTRUMENTS.get(str(t.kind))
        followed, lag, status, rate = None, None, "no instrument", float("nan")
        if instrument:
            same = deeds[deeds["kind"].astype(str).isin(instrument)]
            if instrument not in rates:
                span = (start, end - gap)
                rates[instrument] = base_rate(same, span, days, strict=True)
            rate = rates[instrument]
            later = same[(same["date"] > t.date) & (same["date"] <= t.date + gap)]
            if len(later):
                followed, status = later["id"].iloc[0], "followed"
                lag = int((later["date"].iloc[0] - t.date).days)
            else:
                status = "censored" if t.date + gap > end else "not followed"
        kinds = " / ".join(sorted(instrument)) if instrument else ""
        rows.append((t.id, t.date, str(t.kind), kinds, followed, lag, status, rate))
    columns = [
        "threat",
        "date",
        "kind",
        "deed_kinds",
        "followed_by",
        "days",
        "status",
        "base_rate",
    ]
    return pd.DataFrame(rows, columns=columns).astype({"days": "Int64"})


def check_follow_through(
    events: pd.DataFrame, quotes: pd.DataFrame, p: Mapping[str, Any]
) -> Verdict:
    table = follow_through_table(events, p)
    start, end = window_of(p)
    days = int(p.get("days", vocab.DEFAULT_FOLLOW_DAYS))
    decided = table["status"].isin(["followed", "not followed"])
    counted, left_out = table[decided], table[~decided]
    evidence = table["threat"].tolist() + table["followed_by"].dropna().tolist()
    note = (
        f" Left out: {vocab.count(len(left_out), 'threat')} with no matching instrument or fewer than "
        f"{days} days of data before {day_text(end)} ({id_list(left_out['threat'].tolist())})."
        if len(left_out)
        else ""
    )
    if counted.empty:
        return Verdict(
            "inconclusive",
            evidence,
            f"no US threat on {p['target'].title()} between {day_text(start)} and {day_text(end)} "
            f"can be followed for {days} days, so the data cannot decide.{note}",
        )
    kept = counted["status"].eq("followed")
    share = float(kept.mean())
    chance = float(counted["base_rate"].mean())
    below = float(p.get("below", 0.5))
    low, high = describe.wilson(int(kept.sum()), len(counted))
    # The share estimates how often threats are carried out: the claim is decided only
    # when the whole 95% interval lies on one side of its line.
    verdict, decided = (
        ("supported", "the whole interval lies under the line")
        if high < below
        else ("not supported", "the whole interval lies at or above the line")
        if low >= below
        else ("inconclusive", "the interval spans the line, so the data cannot decide")
    )
    return Verdict(
        verdict,
        evidence,
        f"Between {day_text(start)} and {day_text(end)}, {int(kept.sum())} of {len(counted)} US threats "
        f"on {p['target'].title()} were followed within {days} days by the deed they threatened "
        f"({share:.0%}, 95% interval {low:.0%} to {high:.0%}; the claim needs under "
        f"{below:.0%}, and {decided}); such a deed follows within {days} "
        f"days of {chance:.0%} of random days.{note}",
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


assert set(CHECKS) == set(claim_vocab.CLAIM_CHECKS)
