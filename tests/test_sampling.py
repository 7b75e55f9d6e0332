"""The samples for the double coding: seeded, stratified, blind, and made again."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from bench.synthetic import write_synthetic

from seesaw import paths
from seesaw.analysis import sampling
from seesaw.data import vocab
from seesaw.data.load import load_events


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return load_events(paths.DATA / "events.csv")


def test_sample_is_seeded_stratified_and_large_enough(events: pd.DataFrame) -> None:
    a = sampling.draw_sample(events)
    b = sampling.draw_sample(events)
    assert list(a["id"]) == list(b["id"])
    counts = a["stratum"].value_counts()
    assert counts["us_pressure"] >= 80
    assert counts["us_none"] + counts["other"] >= 30
    assert a["id"].is_unique
    assert list(sampling.draw_sample(events, seed=1)["id"]) != list(a["id"])


def test_blind_packet_hides_the_first_coding(events: pd.DataFrame) -> None:
    packet = sampling.draw_sample(events)[sampling.BLIND_COLUMNS]
    hidden = {"pressure_on", "effect", "mode", "kind", "tone", "notes", "recipient"}
    assert hidden.isdisjoint(packet.columns)


@pytest.fixture(scope="module")
def synthetic_events(tmp_path_factory: pytest.TempPathFactory):
    folder = write_synthetic(tmp_path_factory.mktemp("syn"), 600, seed=7)
    return load_events(Path(folder) / "events.csv")


def test_strata_leave_out_context_and_the_gaza_track(synthetic_events) -> None:
    frames = sampling.strata(synthetic_events)
    assert set(frames) == {"us_pressure", "us_none", "other"}
    for frame in frames.values():
        assert not frame["kind"].astype(str).eq("context").any()
        assert not frame["actor"].astype(str).isin(vocab.GAZA_ACTORS).any()
        assert not frame["recipient"].astype(str).isin(vocab.GAZA_ACTORS).any()
    assert frames["us_pressure"]["pressure_on"].astype(str).isin(vocab.SIDES).all()
    assert set(frames["us_none"]["kind"].astype(str)) <= sampling.PLAUSIBLE_KINDS
    assert set(frames["other"]["actor"].astype(str)) <= {"russia", "ukraine", "europe"}


def test_sample_is_seeded_sized_and_drawn_from_its_strata(synthetic_events) -> None:
    a, b = (
        sampling.draw_sample(synthetic_events),
        sampling.draw_sample(synthetic_events),
    )
    assert a.equals(b)
    assert not a["id"].equals(sampling.draw_sample(synthetic_events, seed=1)["id"])
    sizes = a["stratum"].value_counts().to_dict()
    frames = sampling.strata(synthetic_events)
    for name, wanted in sampling.SIZES.items():
        assert sizes.get(name, 0) == min(wanted, len(frames[name]))
        chosen = a.loc[a["stratum"].eq(name), "id"]
        assert set(chosen) <= set(frames[name]["id"])
    assert a["id"].is_unique


def test_blind_packet_shows_no_coding(synthetic_events) -> None:
    packet = sampling.draw_sample(synthetic_events)[sampling.BLIND_COLUMNS]
    assert list(packet.columns) == sampling.BLIND_COLUMNS
    coded = {"pressure_on", "effect", "mode", "kind", "tone", "notes", "stratum"}
    assert not coded & set(packet.columns)


def test_main_refuses_a_bad_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert sampling.main(["draw"]) == 1
    assert (
        "usage: python -m seesaw.analysis.sampling sample OUT.csv"
        in capsys.readouterr().err
    )


def test_main_writes_the_packet(tmp_path: Path) -> None:
    out = tmp_path / "packet.csv"
    assert sampling.main(["sample", str(out)]) == 0
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header == ",".join(sampling.BLIND_COLUMNS)


def test_gaza_stratum_inputs_are_the_seeded_draw_and_blind():
    """The committed Gaza-stratum inputs are exactly the seeded draw, with no first-coding column."""
    folder = paths.DATA / "reliability" / "round2" / "gaza"
    strata = pd.read_csv(folder / "strata.csv")
    events = load_events(paths.DATA / "events.csv")
    drawn = sampling.redraw(folder, sampling.GAZA_SIZES, sampling.GAZA_SEED)
    assert list(strata["id"]) == list(drawn["id"])
    assert set(pd.read_csv(folder / sampling.FRAMES)["id"]) <= set(events["id"])
    assert strata["stratum"].value_counts().to_dict() == {
        "gaza_pressure": 50,
        "gaza_none": 6,
    }
    sampled = events.set_index("id").loc[strata["id"]]
    assert set(sampled["track"]) == {"gaza"} and set(sampled["actor"]) == {"us"}
    for name, (lo, hi) in sampling.GAZA_CODERS.items():
        given = pd.read_csv(folder / f"input_{name}.csv")
        assert list(given.columns) == sampling.ROUND2_COLUMNS
        assert list(given["id"]) == list(strata["id"])[lo:hi]
    a = set(pd.read_csv(folder / "input_a.csv")["id"])
    b = set(pd.read_csv(folder / "input_b.csv")["id"])
    assert len(a & b) == 16
