"""The second coding's sample: stratified, seeded, and blind to the first coding."""

from __future__ import annotations

from pathlib import Path

import pytest

from seesaw import reliability, vocab
from seesaw.load import load_events
from seesaw.synthetic import write_synthetic


@pytest.fixture(scope="module")
def events(tmp_path_factory: pytest.TempPathFactory):
    folder = write_synthetic(tmp_path_factory.mktemp("syn"), 600, seed=7)
    return load_events(Path(folder) / "events.csv")


def test_strata_leave_out_context_and_the_gaza_track(events) -> None:
    frames = reliability.strata(events)
    assert set(frames) == {"us_pressure", "us_none", "other"}
    for frame in frames.values():
        assert not frame["kind"].astype(str).eq("context").any()
        assert not frame["actor"].astype(str).isin(vocab.GAZA_ACTORS).any()
        assert not frame["recipient"].astype(str).isin(vocab.GAZA_ACTORS).any()
    assert frames["us_pressure"]["pressure_on"].astype(str).isin(vocab.SIDES).all()
    assert set(frames["us_none"]["kind"].astype(str)) <= reliability.PLAUSIBLE_KINDS
    assert set(frames["other"]["actor"].astype(str)) <= {"russia", "ukraine", "europe"}


def test_sample_is_seeded_sized_and_drawn_from_its_strata(events) -> None:
    a, b = reliability.draw_sample(events), reliability.draw_sample(events)
    assert a.equals(b)
    assert not a["id"].equals(reliability.draw_sample(events, seed=1)["id"])
    sizes = a["stratum"].value_counts().to_dict()
    frames = reliability.strata(events)
    for name, wanted in (
        ("us_pressure", reliability.US_PRESSURE),
        ("us_none", reliability.US_NONE),
        ("other", reliability.OTHER),
    ):
        assert sizes.get(name, 0) == min(wanted, len(frames[name]))
        chosen = a.loc[a["stratum"].eq(name), "id"]
        assert set(chosen) <= set(frames[name]["id"])
    assert a["id"].is_unique


def test_blind_packet_shows_no_coding(events) -> None:
    packet = reliability.blind_packet(reliability.draw_sample(events))
    assert list(packet.columns) == reliability.BLIND_COLUMNS
    coded = {"pressure_on", "effect", "mode", "kind", "tone", "notes", "stratum"}
    assert not coded & set(packet.columns)


def test_main_refuses_a_bad_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert reliability.main(["draw"]) == 1
    assert (
        "usage: python -m seesaw.reliability sample OUT.csv" in capsys.readouterr().err
    )


def test_main_writes_the_packet(tmp_path: Path) -> None:
    out = tmp_path / "packet.csv"
    assert reliability.main(["sample", str(out)]) == 0
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header == ",".join(reliability.BLIND_COLUMNS)
