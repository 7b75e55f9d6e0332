"""The title's contrast (`seesaw.analysis.contrast`) and its words (`seesaw.text.contrast`)."""

from __future__ import annotations

import dataclasses
import re

import pandas as pd
import pytest

from seesaw import paths
from seesaw.analysis import contrast, overtures, verdicts
from seesaw.analysis.masks import SIDE_NAMES, TRACK_LANES, TRACK_NAMES
from seesaw.analysis.timing_verdict import OVERTURE_VERDICTS
from seesaw.data.load import load_dataset
from seesaw.text import contrast as words
from tests.factories import gaza, other_acts, us_acts

START, END = pd.Timestamp("2025-01-20"), pd.Timestamp("2025-10-22")


def bursts(together: bool) -> pd.DataFrame:
    """US acts on Hamas and Israel every other day in spells of uneven length: both
    sides in the same spells (`together`, with quiet spells between), or one side's
    spell after the other's (taking turns)."""
    lengths = [20, 26, 15, 31, 18, 23, 28, 16, 21, 25, 17, 29, 19]
    acts, day = [], START
    for i, n in enumerate(lengths):
        for k in range(0, n, 2):
            d = day + pd.Timedelta(days=k)
            if d <= END and (not together or i % 2 == 0):
                side = "hamas" if (together or i % 2 == 0) else "israel"
                acts.append((d, side, "raise", "verbal"))
                if together:
                    acts.append((d + pd.Timedelta(days=1), "israel", "raise", "verbal"))
        day += pd.Timedelta(days=n)
    return gaza(us_acts(acts))


def test_overlap_reads_the_same_weeks_and_turns_from_the_two_tails() -> None:
    same = contrast.overlap(bursts(True), "gaza", START, END, power_runs=20)
    turns = contrast.overlap(bursts(False), "gaza", START, END, power_runs=20)
    assert same.verdict == "same_weeks" and same.p_same < 0.05 < same.p_turns
    assert turns.verdict == "turns" and turns.p_turns < 0.05 < turns.p_same
    assert same.weekly[0] > 0 > turns.weekly[0]
    assert same.acts[0] > 0 and same.acts[1] > 0


def test_overlap_never_raises_on_a_track_without_acts() -> None:
    o = contrast.overlap(bursts(True), "ukraine", START, END, power_runs=5)
    assert o.verdict == "untestable" and o.reason
    assert "cannot be tested" in words.overlap_words(o)


def test_concession_rows_follow_the_stated_rule() -> None:
    rows = other_acts(
        [
            ("2025-03-01", "hamas", "acceptance", "cooperative"),
            ("2025-03-02", "hamas", "prisoner_exchange", "neutral"),
            ("2025-03-03", "hamas", "counter_proposal", "hostile"),  # hostile: out
            ("2025-03-04", "hamas", "statement", "cooperative"),  # a statement: out
            ("2025-03-05", "israel", "other", "cooperative"),  # a halt: Israel's
            ("2025-03-06", "israel", "other", "hostile"),  # hostile other: out
            ("2025-03-07", "israel", "ceasefire", "cooperative"),
        ]
    )
    hamas = overtures.concession_rows(rows, "hamas")
    israel = overtures.concession_rows(rows, "israel")
    assert hamas["date"].dt.day.tolist() == [1, 2]
    assert israel["date"].dt.day.tolist() == [5, 7]
    with pytest.raises(Exception, match="side: unknown value 'moscow'"):
        overtures.concession_rows(rows, "moscow")


def test_concessions_measure_the_lag_from_the_last_us_pressure() -> None:
    us = gaza(
        us_acts(
            [
                ("2025-03-01", "hamas", "raise", "threat", "deadline"),
                ("2025-05-01", "hamas", "raise", "verbal"),
            ]
        )
    )
    moves = other_acts(
        [
            ("2025-03-03", "hamas", "acceptance", "cooperative"),  # 2 days after
            ("2025-05-11", "hamas", "agreement", "cooperative"),  # 10 days after
        ]
    )
    c = contrast.concessions(pd.concat([us, moves]), "hamas", START, END)
    assert c.episodes == 2 and sorted(c.lags) == [2, 10]
    assert c.median_lag == 6 and c.share_within(3) == 0.5
    assert c.timing["verdict"] in OVERTURE_VERDICTS
    text = words.concession_words(c)
    assert "2 episodes" in text and "median of 6 days" in text


def test_third_parties_are_counted_from_the_rows_with_turkey_named() -> None:
    rows = other_acts(
        [
            ("2025-03-01", "qatar", "talks", "neutral"),
            ("2025-03-02", "qatar", "statement", "neutral"),
            ("2025-03-03", "egypt", "demand", "hostile"),
            ("2025-03-04", "other", "meeting", "neutral"),
        ]
    )
    rows = gaza(rows)
    rows.loc[rows["actor"].astype(str).eq("other"), "actor_detail"] = "Turkish FM"
    table = contrast.third_parties(rows, "gaza")
    assert table.loc["qatar", ["acts", "pressing", "mediating"]].tolist() == [2, 0, 1]
    assert table.loc["egypt", "pressing"] == 1
    assert table.loc["turkey", "mediating"] == 1
    assert table["share_of_track"].sum() == pytest.approx(1.0)
    assert "Qatar 2 acts (0 pressing, 1 mediating)" in words.third_party_words(
        "gaza", table
    )


@pytest.fixture(scope="module")
def real() -> contrast.Contrast:
    return contrast.contrast(load_dataset(paths.DATA).events, power_runs=40)


def test_the_contrast_answers_every_question_for_both_tracks(
    real: contrast.Contrast,
) -> None:
    assert set(real.overlap) == {"ukraine", "gaza"}
    assert (
        set(real.follow_through)
        == set(real.concessions)
        == {
            "moscow",
            "kyiv",
            "hamas",
            "israel",
        }
    )
    out = real.as_dict()
    assert out["sequence"]["verdict"] == real.sequence.verdict
    table = words.questions_table(real)
    assert list(table.columns) == ["Question", "Ukraine", "Gaza"] and len(table) == 5
    snake = re.compile(r"\b[a-z]+_[a-z_]+\b")
    for cell in table[["Ukraine", "Gaza"]].to_numpy().ravel():
        assert cell and not snake.search(cell), cell


def test_the_gaza_sentence_is_one_sentence_computed_from_the_verdicts(
    real: contrast.Contrast,
) -> None:
    text = words.gaza_sentence(real)
    assert text.endswith(".") and text.count(". ") == 0
    s = real.sequence
    if s.in_order:
        for step in (s.steps[0], s.steps[2], s.steps[3]):
            assert words.day(step["date"]) in text
        assert f"from {s.before} in the" in text and f"to {s.after} after" in text
    # The lanes' words follow the lanes' verdicts.
    flipped = dataclasses.replace(
        real,
        overlap={
            "gaza": dataclasses.replace(real.overlap["gaza"], verdict="same_weeks"),
            "ukraine": dataclasses.replace(real.overlap["ukraine"], verdict="turns"),
        },
    )
    other = words.gaza_sentence(flipped)
    assert "Hamas and Israel were pressed in the same weeks" in other
    assert "pressure on Moscow and Kyiv took turns" in other
    lines = words.bottom_line(real)
    assert 1 <= len(lines) <= 3 and all(line.endswith(".") for line in lines)


def test_the_bottom_line_counts_each_sides_threats_as_the_body_does(
    real: contrast.Contrast,
) -> None:
    """The bottom line once summed Moscow's and Kyiv's threats ("11 of 23 on Ukraine")
    while the body counted Moscow's alone ("11 of 22"): each side's count in the
    bottom line must be the body's count of the same side's threats."""
    line = words.bottom_line(real)[-1]
    body = words.questions_table(real).set_index("Question")
    follow = body.loc["Were threats carried out by the instrument they named?"]
    assert "US threats naming sanctions, tariffs or arms" in line
    for track, sides in TRACK_LANES.items():
        for side in sides:
            f = real.follow_through[side]
            name = SIDE_NAMES[side]
            assert words.kept_of(f) in line, (side, line)
            if f.counted:  # the body says the same count of the same side's threats
                assert (
                    f"{f.kept} of {f.counted} threats carried out"
                    in follow[TRACK_NAMES[track]]
                )
                assert f"of {f.counted} on {name}" in line
    # A sum over a track's two sides never appears as a count of its own.
    for sides in TRACK_LANES.values():
        fs = [real.follow_through[s] for s in sides]
        if all(f.counted for f in fs):
            summed = f"{sum(f.kept for f in fs)} of {sum(f.counted for f in fs)}"
            assert summed not in line


def test_a_side_without_counted_threats_is_named_not_summed() -> None:
    rows = gaza(us_acts([("2025-03-01", "hamas", "raise", "threat", "deadline")]))
    f = verdicts.follow_through_verdict(rows, "israel", START, END)
    assert words.kept_of(f) == "none on Israel"


def test_each_track_reads_its_null_against_the_power_for_its_own_question(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import numpy as np

    from seesaw.analysis import power

    rng = np.random.default_rng(11)
    days = pd.date_range(START, END)
    acts = [
        (d, side, "raise", "verbal")
        for side in ("hamas", "israel")
        for d in sorted(rng.choice(days, size=25, replace=False))
    ]
    rows = gaza(us_acts(acts))
    real = contrast.overlap(rows, "gaza", START, END, power_runs=20)
    assert real.p_turns >= 0.05 and real.p_same >= 0.05  # a null in both tails
    assert real.question == "same_weeks"
    assert (
        real.power_table is not None
        and real.power_same == real.power_table["power"].iloc[0]
    )
    assert 0.5 <= (real.focus or 0) <= 1

    def table_at(level: float) -> object:
        def fake(*args: object, **_kwargs: object) -> pd.DataFrame:
            row = {"world": "as in the data", "power": level, "low": level}
            return pd.DataFrame([{**row, "focus": args[2], "high": level, "runs": 20}])

        return fake

    monkeypatch.setattr(power, "same_weeks_power_table", table_at(0.9))
    assert (
        contrast.overlap(rows, "gaza", START, END, power_runs=20).verdict == "neither"
    )
    monkeypatch.setattr(power, "same_weeks_power_table", table_at(0.5))
    weak = contrast.overlap(rows, "gaza", START, END, power_runs=20)
    assert weak.verdict == "inconclusive"
    assert "same busy spells" in words.overlap_words(weak)
    assert weak.as_dict()["power_same_weeks"] == 0.5


def test_the_bottom_line_prints_the_power_each_verdict_is_read_against(
    real: contrast.Contrast,
) -> None:
    """Gaza's verdict is read against the same-weeks power, Ukraine's against spells:
    the bottom line prints those, never the other power."""
    g = dataclasses.replace(real.overlap["gaza"], power=0.11, power_same=0.23)
    u = dataclasses.replace(real.overlap["ukraine"], power=0.37, power_same=0.49)
    assert (g.question_power, u.question_power) == (0.23, 0.37)
    both = dataclasses.replace(real, overlap={**real.overlap, "gaza": g, "ukraine": u})
    line = words.bottom_line(both)[1]
    assert line.endswith("(power 23% and 37%).")
    assert "11%" not in line and "49%" not in line


def test_the_tracks_coverage_word_follows_their_rows_per_30_days() -> None:
    ukraine = {"events": 60, "days": 60}  # 30 rows per 30 days
    thin = words.tracks_coverage(ukraine, {"events": 40, "days": 60})
    assert thin == (
        "the Gaza track is more thinly covered than the Ukraine track "
        "(20.0 rows per 30 days against 30.0)"
    )
    dense = words.tracks_coverage(ukraine, {"events": 80, "days": 60})
    assert "more densely covered than" in dense
    same = words.tracks_coverage(ukraine, {"events": 58, "days": 60})
    assert "about as densely covered as" in same


def test_overlap_carries_notebook_03_s_act_by_act_turns() -> None:
    """Lanes that switch side day to day, in no spells, are said to take turns act by
    act, as the alternation verdict says, never "neither took turns nor coincided"."""
    import numpy as np

    from seesaw.analysis import alternation, synthetic
    from tests.factories import lane_events, lane_window

    moscow, kyiv = synthetic.WORLD_MAKERS["tit_for_tat"](np.random.default_rng([4, 2]))
    events = lane_events(moscow, kyiv, [30])
    first, last = lane_window(events)
    v = alternation.alternation_verdict(events, first, last, permutations=99)
    o = contrast.overlap(events, "ukraine", first, last, power_runs=20)
    assert v.verdict == o.verdict == "act_by_act"
    assert "switched side from day to day" in words.overlap_words(o)
    assert words.lanes_phrase(o).endswith("took turns act by act")


def test_follow_days_reaches_the_follow_through_verdicts() -> None:
    """Notebook 05's `follow_days` sets how long a threat's deed may take (it was once
    checked and then ignored)."""
    events = load_dataset(paths.DATA).events
    found = contrast.contrast(events, power_runs=1, follow_days=60)
    assert {f.days for f in found.follow_through.values()} == {60}
    moscow = found.follow_through["moscow"]
    assert (
        moscow.as_dict()
        == verdicts.follow_through_verdict(events, "moscow", days=60).as_dict()
    )
