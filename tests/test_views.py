"""The part of the events the cached analyses read: notes reduced to their tags."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd

from seesaw import paths
from seesaw.analysis import views
from seesaw.analysis.overtures import CALENDAR_TAG
from seesaw.analysis.sensitivity import COVERAGE_NOTE, drop_coverage_additions


def _events(notes: list[object]) -> pd.DataFrame:
    return pd.DataFrame(
        {"id": [f"E{i}" for i in range(len(notes))], "notes": notes}
    ).astype({"notes": "string"})


def test_each_note_keeps_exactly_its_tags() -> None:
    events = _events(
        [
            f"{COVERAGE_NOTE} in March; see the wire",
            f"moved ({CALENDAR_TAG}); {COVERAGE_NOTE}",
            "a free-text remark",
            None,
        ]
    )
    out = views.tags_only(events)
    assert list(out["notes"].fillna("<NA>")) == [
        COVERAGE_NOTE,
        f"{CALENDAR_TAG}\n{COVERAGE_NOTE}",
        "",
        "<NA>",
    ]
    assert out["notes"].dtype == events["notes"].dtype
    assert list(events["notes"].fillna("<NA>"))[2] == "a free-text remark"  # a copy


def test_an_edit_without_a_tag_gives_the_same_view_and_one_with_a_tag_does_not() -> (
    None
):
    before = views.tags_only(_events(["first wording", COVERAGE_NOTE]))
    reworded = views.tags_only(_events(["second wording", COVERAGE_NOTE]))
    tagged = views.tags_only(_events([f"second wording {CALENDAR_TAG}", COVERAGE_NOTE]))
    pd.testing.assert_frame_equal(before, reworded)
    assert not before.equals(tagged)


def test_what_an_analysis_reads_of_the_notes_is_unchanged() -> None:
    events = _events([f"x {COVERAGE_NOTE} y", "plain", None, f"{CALENDAR_TAG}"])
    assert list(drop_coverage_additions(events)["id"]) == list(
        drop_coverage_additions(views.tags_only(events))["id"]
    )


def test_a_frame_without_notes_is_returned_as_it_is() -> None:
    frame = pd.DataFrame({"id": ["E1"]})
    assert views.tags_only(frame) is frame


def _edit_last(folder: Path, column: str, text: str) -> None:
    path = folder / "events.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows[-1][rows[0].index(column)] = text
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def test_the_study_key_ignores_a_reworded_note_and_nothing_else(tmp_path: Path) -> None:
    """The reliability study (01's tables, `seesaw reliability`) is cached by this key: a
    reworded note re-uses it; any other cell, or any other file, computes it again."""
    folder = tmp_path / "data"
    shutil.copytree(paths.DATA, folder)
    key = views.folder_without_notes(folder)
    assert key is not None and len(key) == 64
    _edit_last(folder, "notes", "reworded")
    assert views.folder_without_notes(folder) == key
    _edit_last(folder, "summary", "reworded")
    changed = views.folder_without_notes(folder)
    assert changed not in (None, key)
    with (folder / "reliability" / "first_coding.csv").open("a", encoding="utf-8") as f:
        f.write("\n")
    assert views.folder_without_notes(folder) not in (None, key, changed)
    (folder / "events.csv").write_bytes(b"\xff\xfe not text")
    assert (
        views.folder_without_notes(folder) is None
    )  # not cached: the load will say why


def test_the_study_is_cached_by_that_key() -> None:
    import inspect

    from seesaw.analysis import study

    kept = inspect.getclosurevars(study.summary).nonlocals
    assert kept["read"] is views.folder_without_notes
    assert study.summary.__wrapped__.__name__ == "summary"  # type: ignore[attr-defined]
