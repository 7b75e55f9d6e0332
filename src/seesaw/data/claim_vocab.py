"""The claims ledger's vocabulary: the columns of claims.csv, the texts a verdict
judges, the checks a claim can name and the verdicts it can get.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from seesaw.data.vocab import GOOD_POWER

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
CLAIM_TEXTS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "rewrite": "The seed's words (the Times in Pakistan rewrite); `original` says what "
        "is known of the BBC original's wording here, or that it was not found.",
        "original": "The BBC original's words, where the rewrite changed a meaning and the "
        "original's wording was read.",
    }
)


#: The checks a claim can name (implemented in seesaw.analysis.fact_checks and claim_checks).
CLAIM_CHECKS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "event_exists": "An act matching the filter is dated in the claimed window.",
        "sequence": "One act followed within N days by another, in the claimed window.",
        "quiet_after": "An act in the window, and none of another kind within N days after it.",
        "reversed": "Acts in the window were undone (another row reverses them) within N days.",
        "quote_exists": "The speaker said words containing the text, in the window.",
        "alternation": "US pressure switched sides, and more regularly than chance.",
        "defuse": "Russian overtures come within days after US escalation on Moscow more "
        "often than random days do (overtures as `definition` names them: `wide`, the "
        "default, or `narrow`, calls and summit offers); US relief after them is shown "
        "beside, not tested.",
        "follow_through": "US threats on a side were rarely followed by the deed they threatened "
        "(matched by instrument), against the base rate of such deeds after random days.",
        "untestable": "A statement the event data cannot test (a poll, a motive); always "
        "`inconclusive`, with the reason.",
    }
)


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
