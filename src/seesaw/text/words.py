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
