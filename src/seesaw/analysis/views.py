"""What the cached analyses read of the events, for finer keys in the computation
cache (`seesaw.data.memo`): the free-text `notes` only through their tags.

The analyses read a row's notes only to ask whether they hold a tag: the calendar tag
(`overtures.CALENDAR_TAG`, overtures fixed by the calendar) and the coverage note
(`sensitivity.COVERAGE_NOTE`, acts added by a coverage pass). `tags_only` keeps of each
note exactly those tags, so a cached analysis is given, and keyed on, what it reads:
an edit to a row's notes that adds or removes no tag re-uses every cached result, and
an edit that does recomputes. A cached function receives the reduced frame with the
cache on and off alike, so the cache cannot change a result.
"""

from __future__ import annotations

import pandas as pd

NOTES = "notes"


def tags() -> tuple[str, ...]:
    """The tags an analysis looks for in a row's notes."""
    from seesaw.analysis.overtures import CALENDAR_TAG
    from seesaw.analysis.sensitivity import COVERAGE_NOTE

    return (CALENDAR_TAG, COVERAGE_NOTE)


def tags_only(events: pd.DataFrame) -> pd.DataFrame:
    """`events` with each note reduced to the tags it holds (one per line, in the order
    of `tags()`); a missing note stays missing. Any other frame is returned as it is."""
    if not isinstance(events, pd.DataFrame) or NOTES not in events.columns:
        return events
    wanted = tags()
    notes = events[NOTES]

    def reduce(value: object) -> object:
        if not isinstance(value, str):
            return value
        return "\n".join(t for t in wanted if t in value)

    out = events.copy()
    out[NOTES] = notes.map(reduce).astype(notes.dtype)
    return out
