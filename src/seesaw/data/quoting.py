"""How a quote reaches readers: in quotation marks only when a stored page prints it
(`verbatim` is `cited_page` or `other_page`); a `reworded` quote is shown as reported
speech. Plain text: callers drawing HTML escape speaker and words first."""

from __future__ import annotations

from typing import Final

import pandas as pd

REWORDED: Final = "reworded"

#: The lead-in that replaces the quotation marks of a reworded quote.
REPORTED: Final = "in reported speech (no stored page prints these exact words)"


def as_read(quote: str, speaker: str, verbatim: object) -> str:
    """One quote as readers see it: “words” (speaker), or speaker's words as reported speech."""
    words = str(quote).strip()
    if str(verbatim) == REWORDED:
        return f"{speaker}, {REPORTED}: {words}"
    return f"“{words}” ({speaker})"


def as_read_by_event(
    quotes: pd.DataFrame | None, fmt_quote=str, fmt_speaker=str
) -> dict[str, str]:
    """Per event id, its quotes as readers see them, joined by `<br>`; `fmt_quote` and
    `fmt_speaker` prepare (escape) the raw text (`verbatim` is a required column)."""
    if quotes is None or quotes.empty:
        return {}
    out: dict[str, str] = {}
    for q in quotes[quotes["event_id"].notna()].itertuples(index=False):
        line = as_read(fmt_quote(q.quote), fmt_speaker(q.speaker), q.verbatim)
        key = str(q.event_id)
        out[key] = f"{out[key]}<br>{line}" if key in out else line
    return out
