"""The Frictionless data package: generated from the schema, and valid for the data."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import frictionless
import pytest

from seesaw import paths
from seesaw.cli import main
from seesaw.data import datapackage, schema


def test_committed_package_matches_the_schema(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["datapackage", "--check"]) == 0, capsys.readouterr().out


def test_stale_package_is_detected_and_rewritten(tmp_path: Path) -> None:
    stale = tmp_path / "datapackage.json"
    stale.write_text("{}\n", encoding="utf-8")
    assert main(["datapackage", "--check", "--path", str(stale)]) == 1
    assert main(["datapackage", "--path", str(stale)]) == 0
    assert stale.read_text(encoding="utf-8") == datapackage.render()


def test_every_schema_column_is_a_field_with_its_vocabulary() -> None:
    desc = datapackage.descriptor()
    for resource in desc["resources"]:
        model = schema.SCHEMAS[resource["name"]](dt.date.today())
        names = [f["name"] for f in resource["schema"]["fields"]]
        assert names == list(model.columns)
    events = next(r for r in desc["resources"] if r["name"] == "events")
    pressure = next(f for f in events["schema"]["fields"] if f["name"] == "pressure_on")
    assert pressure["constraints"]["enum"] == [
        "kyiv",
        "moscow",
        "israel",
        "hamas",
        "none",
    ]
    track = next(f for f in events["schema"]["fields"] if f["name"] == "track")
    assert track["constraints"]["enum"] == ["ukraine", "gaza"]
    assert track["constraints"]["required"] is True
    quotes = next(r for r in desc["resources"] if r["name"] == "quotes")
    assert quotes["schema"]["foreignKeys"] == [
        {"fields": "event_id", "reference": {"resource": "events", "fields": "id"}}
    ]


def _validate(folder: Path) -> dict:
    report = frictionless.validate(str(folder / "datapackage.json"))
    return json.loads(json.dumps(report.to_dict(), default=str))


def test_data_validate_with_frictionless() -> None:
    report = _validate(paths.DATA)
    assert report["valid"], json.dumps(report, indent=1)[:2000]


def test_frictionless_catches_a_dangling_foreign_key(tmp_path: Path) -> None:
    for name in ("events.csv", "quotes.csv", "claims.csv", "datapackage.json"):
        shutil.copy(paths.DATA / name, tmp_path / name)
    quotes = (tmp_path / "quotes.csv").read_text(encoding="utf-8").splitlines()
    quotes[2] = quotes[2].replace(",E0003,", ",E9999,")
    (tmp_path / "quotes.csv").write_text("\n".join(quotes) + "\n", encoding="utf-8")
    report = _validate(tmp_path)
    assert not report["valid"]
    assert "foreign-key" in json.dumps(report)
