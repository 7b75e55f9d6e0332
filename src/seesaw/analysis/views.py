"""What the cached analyses read of the free-text `notes` (only their tags), so that a
note reworded without a change of tag re-uses every cached result."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

NOTES = "notes"


def tags_only(events: pd.DataFrame) -> pd.DataFrame:
    """`events` with each note reduced to the tags an analysis looks for in it (one per
    line, in a fixed order); a frame without notes is returned as it is."""
    if not isinstance(events, pd.DataFrame) or NOTES not in events.columns:
        return events
    from seesaw.analysis.overtures import CALENDAR_TAG
    from seesaw.analysis.sensitivity import COVERAGE_NOTE

    def reduce(value: object) -> object:
        if not isinstance(value, str):
            return value
        return "\n".join(t for t in (CALENDAR_TAG, COVERAGE_NOTE) if t in value)

    notes = events[NOTES]
    return events.assign(**{NOTES: notes.map(reduce).astype(notes.dtype)})


def folder_without_notes(data_dir: Path) -> str | None:
    """A SHA-256 over the files under `data_dir`, events.csv without its `notes`: the key of
    the reliability study, which never reads them; None when a file is unreadable."""
    from seesaw.data.memo import tree_digest

    return tree_digest(data_dir, _without_notes)


def _without_notes(path: Path) -> bytes:
    """A file's bytes; an events.csv's cells without the `notes` column (a file pandas
    cannot read raises ValueError)."""
    if path.name != "events.csv":
        return path.read_bytes()
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    return table.drop(columns=NOTES, errors="ignore").to_csv(index=False).encode()
