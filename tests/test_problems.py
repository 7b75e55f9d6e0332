"""The rules across cells, rows and tables: links in time, characters that move results."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from seesaw.data.load import load_events
from seesaw.data.problems import character_problems
from seesaw.data.rawfile import DataError


def test_character_problems_locate_the_hidden_character_and_skip_blanks() -> None:
    frame = pd.DataFrame(
        {"id": ["E0001", "E\u200b0002", " "], "notes": ["caf\u00e9", "ok", None]},
        dtype="string",
    )
    found = character_problems(
        frame, np.array([2, 3, 4]), "t.csv", ["id", "notes", "x"]
    )
    assert [(p.line, p.column, p.value) for p in found] == [(3, "id", "E\u200b0002")]
    assert found[0].message.startswith("U+200B")


@pytest.mark.parametrize(
    ("precision", "date", "accepted"),
    [
        ("week", "2025-03-10", True),  # the week of 10-16 Mar holds the 11 Mar target
        ("week", "2025-03-03", False),  # the week of 3-9 Mar ends before it
        ("month", "2025-03-01", True),  # March holds it
        ("day", "2025-03-10", False),
    ],
)
def test_links_respect_date_precision(
    good_dir: Path, precision: str, date: str, accepted: bool
) -> None:
    """A reply dated only to a week or month may answer an act later in that span."""
    path = good_dir / "events.csv"
    events = pd.read_csv(path, dtype=str, keep_default_na=False)
    row = events.index[events["id"] == "E0003"][0]  # answers E0004 of 2025-03-11
    events.loc[row, ["date_precision", "date", "reverses"]] = [precision, date, ""]
    events.to_csv(path, index=False)
    if accepted:
        assert len(load_events(path)) == len(events)
    else:
        with pytest.raises(DataError) as err:
            load_events(path)
        assert "dated before the act it answers (E0004 is 2025-03-11)" in str(err.value)


def test_every_matched_column_is_checked_for_hidden_characters(good_dir: Path) -> None:
    """The schema marks the columns whose values are matched (categories, ids, URLs and
    a few names): a zero-width space in `track` is named as the cause, not as an
    unknown value; free text such as `summary` is not matched."""
    import datetime as dt

    from seesaw.data import schema
    from seesaw.data.problems import matched_columns

    events = schema.events_schema(dt.date(2030, 1, 1))
    assert {"track", "kind", "reverses", "source_url", "source_outlet"} <= set(
        matched_columns(events)
    )
    assert "summary" not in matched_columns(events)
    path = good_dir / "events.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, "track"] = "ukr\u200baine"
    frame.to_csv(path, index=False)
    with pytest.raises(DataError) as err:
        load_events(path)
    (problem,) = err.value.problems
    assert (problem.line, problem.column) == (2, "track")
    assert problem.message.startswith("U+200B ZERO WIDTH SPACE at character 4")
