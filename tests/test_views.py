"""The part of the events the cached analyses read: notes reduced to their tags."""

from __future__ import annotations

import pandas as pd

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
