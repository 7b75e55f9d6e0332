"""The claims ledger in words: the scorecard as one plain sentence and as one Markdown
paragraph, and the whole ledger as text for a terminal (`seesaw claims`). The verdicts,
their evidence and each claim's reasoning are `seesaw.analysis.claims.evaluate`'s."""

from __future__ import annotations

import pandas as pd

from seesaw.analysis.claims import as_records, scorecard
from seesaw.data import vocab


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
    why = "beyond what the data can decide"
    if refuted == rest:
        why = "not supported"
    elif refuted:
        why = "either not supported or " + why
    others = ""
    if rest:
        others = (", and the other is " if rest == 1 else ", and the others are ") + why
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


def format_text(ledger: pd.DataFrame) -> str:
    """The ledger as plain text for a terminal: the scorecard, then one block per claim."""
    lines = [bottom_line(ledger).replace("**", ""), ""]
    for r in as_records(ledger):
        flag = "stable" if r["stable"] else "UNSTABLE"
        lines.append(
            f"{r['id']}  [{r['part']}]  {r['verdict']}  ({flag})  {r['claim']}"
        )
        lines.append(f"    {r['reasoning']}")
        if r["evidence"]:
            lines.append(f"    evidence: {' '.join(r['evidence'])}")
        if r["variants"]:
            lines.append(f"    varied: {r['variants']}")
        if r["power"] is not None:
            lines.append(f"    power: {r['power']:.0%}")
        if r["original"]:
            lines.append(
                f"    judges the {r['text_judged']}; original: {r['original']}"
            )
    return "\n".join(lines)
