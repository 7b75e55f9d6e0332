"""The two-track picture of notebook 05 (`seesaw.charts.charts_tracks`)."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from seesaw import paths
from seesaw.analysis import contrast
from seesaw.analysis.masks import track_rows
from seesaw.charts import charts_tracks
from seesaw.data.load import load_dataset
from seesaw.text.contrast import lanes_phrase


@pytest.fixture(scope="module")
def data() -> tuple[pd.DataFrame, contrast.Contrast]:
    events = load_dataset(paths.DATA).events
    return events, contrast.contrast(events, power_runs=20)


def test_one_panel_per_track_with_its_own_lanes(
    data: tuple[pd.DataFrame, contrast.Contrast],
) -> None:
    events, c = data
    fig = charts_tracks.fig_two_tracks(events, c)
    names = [t.name for t in fig.data]
    assert names == [
        "Ukraine: raising pressure on Moscow",
        "Ukraine: raising pressure on Kyiv (below)",
        "Gaza: raising pressure on Hamas",
        "Gaza: raising pressure on Israel (below)",
    ]
    # The Hamas lane counts the Gaza track's US acts raising pressure on Hamas.
    gaza = track_rows(events, "gaza")
    on_hamas = gaza[
        gaza["actor"].astype(str).eq("us")
        & gaza["pressure_on"].astype(str).eq("hamas")
        & gaza["effect"].astype(str).eq("raise")
        & gaza["date"].between(c.start, c.end)
    ]
    assert f"{len(on_hamas)} acts on Hamas" in fig.layout.meta["alt"]
    assert fig.layout.meta["slug"] == "05_two_tracks"


def test_the_title_follows_the_lanes_verdicts(
    data: tuple[pd.DataFrame, contrast.Contrast],
) -> None:
    events, c = data
    flipped = dataclasses.replace(
        c,
        overlap={
            "gaza": dataclasses.replace(c.overlap["gaza"], verdict="same_weeks"),
            "ukraine": c.overlap["ukraine"],
        },
    )
    title = charts_tracks.fig_two_tracks(events, flipped).layout.title.text
    assert lanes_phrase(flipped.overlap["gaza"]) in title.replace("<br>", " ")


def test_the_gaza_episodes_are_found_by_rule(
    data: tuple[pd.DataFrame, contrast.Contrast],
) -> None:
    events, c = data
    labels = charts_tracks.gaza_episodes(c, track_rows(events, "gaza"))
    steps = [s["step"] for s in c.sequence.steps if s["date"] is not None]
    assert [t for t in labels["text"] if t in steps] == steps
    assert labels["date"].is_monotonic_increasing
