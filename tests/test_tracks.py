"""Two tracks in one file: the Ukraine figures do not depend on the Gaza track's rows."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from seesaw import paths
from seesaw.analysis import describe, follow_through, sampling, verdicts
from seesaw.analysis.alternation import ALTERNATION_VERDICTS
from seesaw.analysis.headline import headline
from seesaw.analysis.masks import select_events, track_rows
from seesaw.analysis.timing_verdict import OVERTURE_VERDICTS
from seesaw.charts.timeline import timeline_data
from seesaw.cli import main
from seesaw.data import vocab
from seesaw.data.load import load_dataset
from seesaw.data.vocab import ANALYSIS_START


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return load_dataset(paths.DATA).events


def _ukraine(events: pd.DataFrame) -> pd.DataFrame:
    return events[events["track"].astype(str).eq("ukraine")]


def test_every_row_is_on_one_track_and_presses_only_its_own_sides(
    events: pd.DataFrame,
) -> None:
    assert set(events["track"].astype(str)) == set(vocab.EVENT_TRACKS)
    for track, sides in vocab.TRACK_SIDES.items():
        on = events[events["track"].astype(str).eq(track)]
        assert set(on["pressure_on"].astype(str)) <= {*sides, "none"}
    assert describe.gaza_track(events).sum() >= 120  # issue 24: at least 120 rows


def test_the_headline_and_the_balance_do_not_depend_on_the_gaza_rows(
    events: pd.DataFrame,
) -> None:
    for end in (vocab.ARTICLE_END, None):
        both = select_events(events, ANALYSIS_START, end)
        alone = select_events(_ukraine(events), ANALYSIS_START, end)
        assert headline(both).as_dict() == headline(alone).as_dict()
        a, b = timeline_data(both), timeline_data(alone)
        pd.testing.assert_frame_equal(a.phases, b.phases)
        pd.testing.assert_series_equal(a.smoothed, b.smoothed)
    assert len(track_rows(events, "gaza")) == describe.gaza_track(events).sum()


def test_the_verdicts_do_not_depend_on_the_gaza_rows(events: pd.DataFrame) -> None:
    kw = {"permutations": 99, "power_runs": 20}
    both = verdicts.verdicts(events, **kw)
    alone = verdicts.verdicts(_ukraine(events), **kw)
    assert json.dumps(both, default=str) == json.dumps(alone, default=str)


def test_stats_json_is_the_same_without_the_gaza_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`seesaw stats --json` on the data, and on a copy with the Gaza track's rows
    (and nothing else) removed, print the same bytes."""
    for name in ("events.csv", "quotes.csv", "claims.csv"):
        shutil.copy(paths.DATA / name, tmp_path / name)
    text = pd.read_csv(tmp_path / "events.csv", dtype=str, keep_default_na=False)
    gaza_ids = set(text.loc[text["track"].eq("gaza"), "id"])
    quotes = pd.read_csv(tmp_path / "quotes.csv", dtype=str, keep_default_na=False)
    # Quotes and links pointing at Gaza rows go with them (only the tie is dropped).
    quotes.loc[quotes["event_id"].isin(gaza_ids), "event_id"] = ""
    for col in ("reverses", "responds_to"):
        text.loc[text[col].isin(gaza_ids), col] = ""
    text[text["track"].eq("ukraine")].to_csv(
        tmp_path / "events.csv", index=False, lineterminator="\n"
    )
    quotes.to_csv(tmp_path / "quotes.csv", index=False, lineterminator="\n")
    args = ["stats", "--json", "--permutations", "99"]
    assert main([*args, "--data-dir", str(paths.DATA)]) == 0
    with_gaza = capsys.readouterr().out
    assert main([*args, "--data-dir", str(tmp_path)]) == 0
    without = capsys.readouterr().out
    assert with_gaza == without


def test_the_reliability_frames_hold_only_ukraine_rows(events: pd.DataFrame) -> None:
    for frame in sampling.strata(events).values():
        assert frame["track"].astype(str).eq("ukraine").all()
    for frame in sampling.strata(events, "round2").values():
        assert frame["track"].astype(str).eq("ukraine").all()


# --- The machinery with a track parameter (issue 24, item 3) ---------------------------


def test_the_ukraine_track_is_the_default_and_reads_no_gaza_row(
    events: pd.DataFrame,
) -> None:
    kw = {"permutations": 99, "power_runs": 20}
    default = verdicts.verdicts(events, **kw)
    named = verdicts.verdicts(events, track="ukraine", **kw)
    assert json.dumps(default, default=str) == json.dumps(named, default=str)
    assert "follow_through" not in default and "track" not in default


def test_the_gaza_track_gets_the_same_verdicts_for_its_own_sides(
    events: pd.DataFrame,
) -> None:
    found = verdicts.verdicts(events, track="gaza", permutations=99, power_runs=20)
    assert found["track"] == "gaza"
    for block in (found, found["holdout"]):
        alt = block["alternation"]
        assert alt["verdict"] in (*ALTERNATION_VERDICTS, "untestable")
        if alt["verdict"] != "untestable":
            assert "Hamas and on Israel" in alt["effect"]["measure"]
            assert {"effect", "power", "mde"} <= set(alt)
        assert set(block["timing"]) == {"hamas", "israel"}
        for side, timing in block["timing"].items():
            assert timing["verdict"] in (*OVERTURE_VERDICTS, "untestable")
            if timing["verdict"] != "untestable":
                assert f"escalation on {side.title()}" in timing["effect"]["measure"]
                assert "as likely a concession episode" in timing["effect"]["measure"]
                assert {"effect", "power", "mde"} <= set(timing)
        for side, follow in block["follow_through"].items():
            assert follow["verdict"] in follow_through.FOLLOW_VERDICTS
            assert follow["side"] == side and {"effect", "power", "mde"} <= set(follow)
    # The Gaza window counts the Gaza track's US acts on Israel and Hamas.
    gaza = track_rows(events, "gaza")
    inside = gaza[gaza["date"].between(ANALYSIS_START, vocab.ARTICLE_END)]
    pressing = inside["actor"].astype(str).eq("us") & inside["pressure_on"].astype(
        str
    ).isin(["israel", "hamas"])
    assert found["window"]["us_pressure_acts"] == int(pressing.sum())


def test_stats_takes_a_track(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["stats", "--json", "--permutations", "99", "--track", "gaza"]
    assert main(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["track"] == "gaza"
    assert {"alternation", "timing", "follow_through", "holdout"} <= set(out)
    # The same weeks, read against the power of worlds as bursty as the Gaza data.
    lanes = out["overlap"]
    assert lanes["question"] == "same_weeks" and lanes["track"] == "gaza"
    table = lanes["same_weeks_world"]["table"]
    assert table[0]["world"] == "as in the data"
    assert lanes["power_same_weeks"] == table[0]["power"]
    if lanes["power_same_weeks"] < vocab.GOOD_POWER and lanes["p_same_weeks"] >= 0.05:
        assert lanes["verdict"] == "inconclusive"
    assert main(["stats", "--permutations", "99", "--track", "gaza"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("track gaza") and "timing (hamas):" in text
    assert "same busy spells" in text
    with pytest.raises(SystemExit):
        main(["stats", "--track", "mars"])
