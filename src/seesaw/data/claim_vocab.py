"""The claims ledger's vocabulary: the columns of claims.csv, the texts a verdict
judges, the checks a claim can name and the verdicts it can get (the texts and the
checks are rows of vocabularies.csv beside `vocab`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from seesaw.data.vocab import GOOD_POWER, VOCABULARIES

#: Columns of claims.csv, in file order.
CLAIM_COLUMNS: Final[tuple[str, ...]] = (
    "id",
    "claim",
    "check",
    "params",
    "notes",
    "text_judged",
    "original",
)


#: Which text a claim's verdict judges: the seed's rewrite or the BBC original it rewrites.
CLAIM_TEXTS: Final[Mapping[str, str]] = VOCABULARIES["text_judged"]


#: The checks a claim can name (implemented in seesaw.analysis.fact_checks and claim_checks).
CLAIM_CHECKS: Final[Mapping[str, str]] = VOCABULARIES["check"]


#: The verdicts a claim can get, in the order the ledger reports them.
CLAIM_VERDICTS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "supported": "The data hold what the claim describes, in the window it gives.",
        "partly supported": "Part of what the claim describes is in the data (the first act of a "
        "sequence, fewer acts than 'repeatedly' needs, some of the acts undone).",
        "not supported": "The data hold the opposite of what the claim describes, or the "
        "pattern it asserts is no stronger than chance although the test had at least "
        f"{GOOD_POWER:.0%} power to show it. A missing row alone never makes a claim not supported.",
        "order reversed": "Both acts are there, but in the other order: the claimed sequence is "
        "not in the window and the reverse one is.",
        "misdated": "It happened, but outside the claimed window (within a stated tolerance).",
        "timing consistent": "A causal claim whose sequence is there and comes sooner than its base "
        "rate at random days allows; timing alone cannot show the cause.",
        "inconclusive": "The data cannot decide: the best attainable p-value is above alpha, a "
        "causal sequence is no sooner than chance, a quote is not printed verbatim in the pages, "
        "the only evidence against the claim is a row missing from the data, the test's power "
        f"is under {GOOD_POWER:.0%}, or the statement is not about events at all.",
    }
)


#: Checks of the article's argument (its patterns) rather than of its facts.
ARGUMENT_CHECKS: Final[frozenset[str]] = frozenset(
    {"alternation", "defuse", "follow_through"}
)
