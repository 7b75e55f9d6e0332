"""Small words for reader text: a date span and a capital first letter."""

from __future__ import annotations

import pandas as pd

from seesaw.data import vocab


def when(a: pd.Timestamp, b: pd.Timestamp) -> str:
    """A date span as a reader writes it: '3 March 2025 to 22 October 2025'."""
    return f"{a:%d %B %Y}".lstrip("0") + " to " + f"{b:%d %B %Y}".lstrip("0")


def cap(text: str) -> str:
    """The text with its first letter capitalised and the rest unchanged."""
    return text[:1].upper() + text[1:]


def verdict_name(code: str) -> str:
    """A verdict code in a reader's words; an unknown code is an error, not a guess."""
    try:
        return vocab.VERDICT_NAMES[code]
    except KeyError:
        raise ValueError(
            f"verdict code {code!r} has no plain name in seesaw.data.vocab.VERDICT_NAMES"
        ) from None


#: How each varied parameter of a claim's check reads (see
#: `seesaw.analysis.claims.variants`): the parameter's name, then its words with the
#: value in place of {v}.
VARIANT_WORDS = {
    "max_days": "at most {v} days apart",
    "days": "within {v} days",
    "within_days": "within {v} days",
    "tolerance_days": "{v} days' leeway on the date",
    "window_days": "a {v}-day window",
    "below": "a line at {pct}",
    "alpha": "a significance level of {v}",
    "min_count": "needing {v} acts",
    "definition": "the {v} overture definition",
}


def variants_words(variants: str) -> str:
    """A claim's tried variants ('max_days 5: inconclusive; alpha 0.1: supported') in
    a reader's words ('at most 5 days apart: inconclusive; a significance level of 0.1:
    supported'); a parameter without words is an error, not a code shown."""
    out = []
    for part in filter(None, (p.strip() for p in variants.split(";"))):
        label, _, verdict = part.partition(":")
        name, _, value = label.strip().rpartition(" ")
        if name not in VARIANT_WORDS:
            raise ValueError(
                f"varied parameter {name!r} has no words in seesaw.text.words.VARIANT_WORDS"
            )
        pct = f"{float(value):.0%}" if name == "below" else ""
        words = VARIANT_WORDS[name].format(v=value, pct=pct)
        out.append(f"{words}:{verdict}" if verdict else words)
    return "; ".join(out)
