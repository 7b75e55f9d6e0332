"""Notebooks 02, 03 and 04 on either track: the prose names the track's own sides.

Every side name in those notebooks' words comes from the track (`seesaw.text.words.
track_words`), so a run with `-p track gaza` must speak of Israel and Hamas and never of
Moscow or Kyiv, while the default run still speaks of Moscow and Kyiv.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import papermill
import pytest

from seesaw import paths
from seesaw.analysis import verdicts
from seesaw.analysis.masks import SIDE_NAMES, TRACK_LANES, track_rows
from seesaw.data.load import load_dataset
from seesaw.data.params import ParameterError
from seesaw.data.vocab import ALPHA, DEFAULT_TRACK
from seesaw.pipeline import checks, runner
from seesaw.text.words import coverage_change, coverage_figures
from tests.outputs import output_text

NOTEBOOKS = ("02_timeline.ipynb", "03_alternation.ipynb", "04_moscow_timing.ipynb")
FEWER = {
    "03_alternation.ipynb": {"permutations": 999, "power_runs": 100},
    "04_moscow_timing.ipynb": {"power_runs": 100},
}
#: Words of the Ukraine track that Gaza's prose must not contain (whole words).
UKRAINE_WORDS = ("Moscow", "Kyiv", "Putin", "Zelensky", "Russia", "Russian")


def prose(notebook: dict[str, Any]) -> str:
    """What a reader sees: Markdown cells, and each output's printed lines, Markdown
    and chart words (`tests.outputs.output_text`); code is not prose."""
    out: list[str] = []
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            out.append("".join(cell["source"]))
        for output in cell.get("outputs", []):
            out += output_text(output)
    return "\n".join(out)


def named(words: tuple[str, ...], text: str) -> set[str]:
    return {w for w in words if re.search(rf"\b{w}\b", text)}


_RUNS: dict[tuple[str, str], str] = {}


def run(name: str, track: str, folder: Path) -> str:
    """The prose of `name` run on `track`; each pair runs once per session (the
    tests below read the same run). The default track's run is the committed
    notebook: `make test`'s strict nbval step runs each committed notebook with its
    defaults and fails on any output that differs, so its words are a default run's."""
    if (name, track) in _RUNS:
        return _RUNS[name, track]
    if track == DEFAULT_TRACK:
        assert runner.declared_parameters(paths.NOTEBOOKS / name)["track"] == track
        committed = (paths.NOTEBOOKS / name).read_text(encoding="utf-8")
        _RUNS[name, track] = prose(json.loads(committed))
        return _RUNS[name, track]
    out = folder / f"{track}_{name}"
    with pytest.MonkeyPatch.context() as env:
        # The words are read, not the pictures: no PNG beside each chart (as strict
        # nbval runs the notebooks), so no kernel starts a browser to render them.
        env.setenv(paths.PNG_ENV, "batch")
        papermill.execute_notebook(
            str(paths.NOTEBOOKS / name),
            str(out),
            # fewer change-point permutations in 03 (a description; its verdict rests
            # on the exact spells and runs tests)
            # and the fewest power runs (the prose's words are checked, not its
            # figures)
            parameters={"track": track, **FEWER.get(name, {})},
            cwd=str(paths.NOTEBOOKS),
            progress_bar=False,
        )
    _RUNS[name, track] = prose(json.loads(out.read_text(encoding="utf-8")))
    return _RUNS[name, track]


@pytest.mark.slow  # measured: about a minute per track (three notebooks)
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_gaza_prose_names_israel_and_hamas_and_no_ukraine_side(
    name: str, tmp_path: Path
) -> None:
    text = run(name, "gaza", tmp_path)
    assert named(("Israel", "Hamas"), text) == {"Israel", "Hamas"}
    assert named(UKRAINE_WORDS, text) == set(), name


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_the_default_track_still_names_moscow_and_kyiv(
    name: str, tmp_path: Path
) -> None:
    text = run(name, "ukraine", tmp_path)
    assert named(("Moscow", "Kyiv"), text) == {"Moscow", "Kyiv"}
    assert named(("Israel", "Hamas"), text) == set(), name


def test_prose_reads_markdown_outputs_and_chart_words_but_not_code() -> None:
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": ["# Kyiv"]},
            {
                "cell_type": "code",
                "source": ["print('Moscow')"],
                "outputs": [
                    {"output_type": "stream", "text": ["Hamas\n"]},
                    {
                        "output_type": "display_data",
                        "data": {"text/markdown": "Israel"},
                    },
                    {
                        "output_type": "display_data",
                        "data": {
                            "application/vnd.plotly.v1+json": {
                                "layout": {
                                    "title": {"text": "Gaza"},
                                    "meta": {"alt": "Doha"},
                                }
                            }
                        },
                    },
                ],
            },
        ]
    }
    text = prose(notebook)
    assert named(("Kyiv", "Moscow", "Hamas", "Israel"), text) == {
        "Kyiv",
        "Hamas",
        "Israel",
    }
    assert "Gaza" in text and "Doha" in text


# --- Sentences once typed, now computed: each would have failed on one track ----------

TRACKS = ("ukraine", "gaza")
START, END = pd.Timestamp("2025-01-20"), pd.Timestamp("2025-10-22")  # the defaults


def _coverage(track: str) -> tuple[dict[str, object], dict[str, object]]:
    events = track_rows(load_dataset(paths.DATA).events, track)
    last = events["date"].max().normalize()
    return (
        verdicts.coverage(events, START, END, track),
        verdicts.coverage(events, END + pd.Timedelta(days=1), last, track),
    )


COVERAGE_WORDS = ("thinner coverage", "denser coverage", "similar coverage")


@pytest.mark.slow
@pytest.mark.parametrize("track", TRACKS)
@pytest.mark.parametrize("name", ("03_alternation.ipynb", "04_moscow_timing.ipynb"))
def test_the_holdouts_coverage_is_said_from_its_rows_per_30_days(
    name: str, track: str, tmp_path: Path
) -> None:
    """ "thinner coverage" was typed: on Ukraine's track the holdout has about as many
    rows per 30 days as the window (fewer US pressure acts, not fewer rows)."""
    text = run(name, track, tmp_path)
    window, holdout = _coverage(track)
    word = coverage_change(window, holdout)
    assert f", {word})" in text, word
    assert coverage_figures(window, holdout) in text
    assert {w for w in COVERAGE_WORDS if w in text} == {word}
    assert "holdout has fewer acts per month" not in text
    assert "**Coverage** is thinner" not in text


@pytest.mark.slow
@pytest.mark.parametrize("track", TRACKS)
def test_03s_history_and_figures_are_true_on_its_track(
    track: str, tmp_path: Path
) -> None:
    text = run("03_alternation.ipynb", track, tmp_path)
    sentences = re.split(r"(?<=[.;:])\s+", text)
    # Ukraine's history is said as Ukraine's on another track (or not at all).
    for needle in ('"oscillated"', "first design's result"):
        said = [s for s in sentences if needle in s]
        assert said, needle
        if track != "ukraine":
            assert all("Ukraine track" in s for s in said), said
    # The first design's p is Ukraine's: there it is computed and called small only
    # under alpha; another track claims none.
    first = re.search(
        r"first design kept the slow swings of the balance; on these data it gives "
        r"p = (\d\.\d{3}) \((not small|small)\)",
        text,
    )
    if track == "ukraine":
        assert first is not None
        assert (first[2] == "small") == (float(first[1]) < ALPHA), first[0]
    else:
        assert first is None and "first design kept the slow swings" not in text
    # The window's own figures, where a figure was typed ("85%", "a minority").
    acts = re.search(r"(\d+) US acts raising pressure on \w+ and (\d+) raising", text)
    assert acts is not None
    lane_acts = int(acts[1]) + int(acts[2])
    assert f"The primary lanes hold {lane_acts} acts" in text
    purity = re.search(r"The data's own blocks hold (\d+)%", text)
    assert (
        purity is not None
        and f"30-day blocks hold {purity[1]}% on the busier side" in text
    )
    assert "their spells hold 85%" not in text
    power = re.search(r"power against realistic spells \([^)]*\): (\d+)%", text)
    assert power is not None
    assert f"finds realistic spells in {power[1]}% of runs (the power" in text or (
        f"finds realistic spells in {power[1]}% of runs, so a null" in text
    )


@pytest.mark.slow
@pytest.mark.parametrize("track", TRACKS)
def test_04s_worlds_and_limits_name_the_moves_and_counts_of_its_track(
    track: str, tmp_path: Path
) -> None:
    """The simulated worlds said "overture" on Gaza, whose timed moves are each side's
    concessions; the limits said "about ten" episodes on any track."""
    text = run("04_moscow_timing.ipynb", track, tmp_path)
    move = "overture" if track == "ukraine" else "concession"
    for world in (
        f"every {move} 0-2 days after an escalation",
        f"half the {move}s 0-2 days after an escalation",
        f"with {move}s on random days",
        f"true share of {move} episodes",
    ):
        assert world in text, world
    if track != "ukraine":
        worlds = [  # code spans (`seesaw.power.overture_power`) are not words
            re.sub(r"`[^`]*`", "", s)
            for s in text.splitlines()
            if "0-2 days after an escalation" in s
        ]
        assert worlds and not any("overture" in s for s in worlds), worlds
    events = track_rows(load_dataset(paths.DATA).events, track)
    timed = ("moscow",) if track == "ukraine" else TRACK_LANES[track]
    episodes = {
        s: verdicts.overture_verdict(events, START, END, side=s).timing.episodes
        for s in timed
    }
    limit = re.search(r"\*\*Few episodes\*\*: with ([^,]+), only", text)
    assert limit is not None and "about" not in limit[1]
    for side, n in episodes.items():
        assert str(n) in limit[1], (side, n, limit[1])
        if track != "ukraine":
            assert SIDE_NAMES[side] in limit[1]


@pytest.mark.parametrize("track", TRACKS)
def test_a_refused_selection_names_the_sides_of_its_own_track(track: str) -> None:
    """`check_selection` said "Kyiv or Moscow" on any track, and looked for US pressure
    on either track: a day pressed only on the other track is refused, in its words."""
    data = load_dataset(paths.DATA)
    us = data.events[data.events["actor"].astype(str).eq("us")]
    on = us["pressure_on"].astype(str)
    days = {
        t: set(us.loc[on.isin(TRACK_LANES[t]), "date"].dt.normalize()) for t in TRACKS
    }
    other = next(t for t in TRACKS if t != track)
    day = f"{min(days[other] - days[track]):%Y-%m-%d}"
    nb = paths.NOTEBOOKS / "03_alternation.ipynb"
    declared = {nb: runner.declared_parameters(nb)}
    plan = {nb: {"start_date": day, "end_date": day, "track": track}}
    with pytest.raises(ParameterError) as err:
        checks.check_selection(plan, declared, data)
    sides = " or ".join(sorted(SIDE_NAMES[s] for s in TRACK_LANES[track]))
    assert f"select no US act pressing on {sides}" in str(err.value)
    assert not named(
        UKRAINE_WORDS if track != "ukraine" else ("Hamas", "Israel"), str(err.value)
    )
    # The same day, on the track pressed that day, is accepted.
    checks.check_selection({nb: {**plan[nb], "track": other}}, declared, data)


def test_05s_bottom_line_counts_each_sides_threats_as_its_body_does() -> None:
    """05's bottom line said "11 of 23 on Ukraine" (Moscow's and Kyiv's threats summed)
    while its body said "11 of 22" (Moscow's): each side's count, said once."""
    notebook = json.loads(
        (paths.NOTEBOOKS / "05_gaza_contrast.ipynb").read_text(encoding="utf-8")
    )
    text = prose(notebook).replace("\\", "")  # Markdown escapes
    line = re.search(r"US threats naming sanctions, tariffs or arms[^\n]*", text)
    assert line is not None and "carried out within" in line[0]
    counts = re.findall(r"(\d+) of (\d+) on (\w+)", line[0])
    assert {side for _, _, side in counts} >= {"Moscow", "Hamas"}
    for kept, n, side in counts:
        assert re.search(
            rf"US threats on {side} [^()]*\({kept} of {n} threats carried out", text
        ), side
    assert not re.search(r"\d+ of \d+ on (Ukraine|Gaza)", line[0])
