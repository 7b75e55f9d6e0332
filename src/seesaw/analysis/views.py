"""What the cached analyses read of the events' free-text `notes`: only whether a
note holds a tag (`tags`). `tags_only` reduces each note to those tags, so a cached
analysis (`seesaw.data.memo`) is given, and keyed on, what it reads, with the cache on
and off alike: an edit to a note that changes no tag re-uses every cached result.
"""

from __future__ import annotations

from pathlib import Path

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


def folder_without_notes(data_dir: Path) -> str | None:
    """A SHA-256 over every file under `data_dir`, with the free-text `notes` column left
    out of events.csv: the key of a folder-cached analysis that never reads the notes (the
    reliability study), so that a reworded note re-uses it; None when a file is unreadable."""
    import csv
    import hashlib
    import io
    import json

    digest = hashlib.sha256()
    try:
        for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
            name = path.relative_to(data_dir).as_posix()
            data = path.read_bytes()
            if name == "events.csv":
                rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
                if rows and NOTES in rows[0]:
                    col = rows[0].index(NOTES)
                    rows = [row[:col] + row[col + 1 :] for row in rows]
                data = json.dumps(rows).encode()
            digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    return digest.hexdigest()
