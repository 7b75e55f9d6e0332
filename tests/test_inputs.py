"""`seesaw validate` covers everything a run reads (issue 28, items 4, 6, 7 and 10):
the reliability folder through the one reader, faults no file can carry (FIFOs,
devices, folders and symlinks where a CSV should be), the claims file required, and a
damaged last-good snapshot set aside. Each case with its exact message."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from seesaw.analysis import reliability
from seesaw.analysis.inputs import validate_inputs
from seesaw.data.rawfile import DataError
from seesaw.text import changes
from tests.conftest import FIXTURES, GOOD

REL = "reliability"
SECOND = "second_coding.csv:1: column '': "
INVISIBLE = "is invisible; delete it or type a plain character"
BIDI = "is a bidirectional control, which reorders what is shown; delete it"
LOOKALIKE = "is a look-alike among Latin letters; type the Latin letter"
OUTSIDE = "is outside ASCII (a look-alike letter or digit?); ids are ASCII"
NOT_SPACE = "is a space that is not a plain space; delete it or type a plain character"


def full_data(tmp_path: Path) -> Path:
    """A data folder with every file a run reads: the tables, claims and reliability/."""
    folder = tmp_path / "data"
    shutil.copytree(GOOD, folder)
    return folder


def problems(folder: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        validate_inputs(folder)
    return [str(p).replace(str(folder) + "/", "") for p in caught.value.problems]


#: Every broken reliability file under tests/fixtures/bad/reliability/ and exactly what
#: `seesaw validate` says (the folder, then the file's own located sentence).
RELIABILITY_CASES: dict[str, list[str]] = {
    "zwsp_id.second_coding.csv": [
        "reliability: second_coding.csv:2: column 'id': U+200B ZERO WIDTH SPACE at "
        f"character 6 {INVISIBLE} (got 'E0001\\u200b')"
    ],
    "cyrillic_kind.second_coding.csv": [
        "reliability: second_coding.csv:3: column 'kind': U+0430 CYRILLIC SMALL LETTER "
        f"A at character 2 {LOOKALIKE} (got 's\u0430nctions_threat')"
    ],
    "unknown_id.second_coding.csv": [
        "reliability: second_coding.csv:3: column 'id': no such event (got 'E0099')"
    ],
    "bad_header.second_coding.csv": [
        "reliability: second_coding.csv:1: column 'kind': column missing from the header",
        "reliability: second_coding.csv:1: column 'type': unknown column; expected: "
        "id,pressure_on,effect,mode,kind,note (got 'type')",
    ],
    "duplicate_id.second_coding.csv": [
        "reliability: second_coding.csv:4: column 'id': duplicate (got 'E0001')"
    ],
    "empty.second_coding.csv": [
        "reliability: second_coding.csv: file is empty; expected a header line: "
        "id,pressure_on,effect,mode,kind,note"
    ],
    "latin1_note.second_coding.csv": [
        "reliability: second_coding.csv:3: column 'note': not UTF-8 (byte 0xE9); "
        "re-save the file as UTF-8 (got 'Fixture: cod\ufffd.')"
    ],
    "multiline_note.second_coding.csv": [
        "reliability: second_coding.csv:4: column 'id': no such event (got 'E0099')"
    ],
    "unclosed_quote.second_coding.csv": [
        "reliability: second_coding.csv:2: column 'note': 140,009 characters in one "
        "field, over the 131,072 the reader takes; no column allows text that long"
    ],
    "unknown_field.adjudication.csv": [
        "reliability: adjudication.csv:2: column 'field': not allowed (got 'colour')"
    ],
    "bidi_final.adjudication.csv": [
        "reliability: adjudication.csv:2: column 'final': U+202E RIGHT-TO-LEFT "
        f"OVERRIDE at character 7 {BIDI} (got 'threat\\u202e')"
    ],
    "ragged_row.adjudication.csv": [
        "reliability: adjudication.csv:3: row has 2 fields, the header has 6 "
        "(got 'E0001,kind')"
    ],
    "nbsp_field.adjudication.csv": [
        "reliability: adjudication.csv:2: column 'field': U+00A0 NO-BREAK SPACE at "
        f"character 5 {NOT_SPACE} (got 'mode\\u00a0')"
    ],
}


def test_every_reliability_fixture_has_an_expected_message() -> None:
    on_disk = {p.name for p in (FIXTURES / "bad" / REL).glob("*.csv")}
    assert on_disk == set(RELIABILITY_CASES)


def test_the_good_folder_passes(tmp_path: Path) -> None:
    data = validate_inputs(full_data(tmp_path))
    assert len(data.events) == 6 and len(data.claims) == 1


def test_an_unclosed_quote_is_found_whatever_the_process_field_limit(
    tmp_path: Path,
) -> None:
    """The csv module's field limit is process-wide (importing frictionless raises
    it); the reliability files are read at the tables' limit all the same."""
    import csv

    from seesaw.data.rawfile import FIELD_LIMIT

    case = "unclosed_quote.second_coding.csv"
    folder = full_data(tmp_path)
    shutil.copy(FIXTURES / "bad" / REL / case, folder / REL / "second_coding.csv")
    before = csv.field_size_limit(10 * FIELD_LIMIT)
    try:
        assert problems(folder) == RELIABILITY_CASES[case]
        assert csv.field_size_limit() == 10 * FIELD_LIMIT
    finally:
        csv.field_size_limit(before)


@pytest.mark.parametrize("case", sorted(RELIABILITY_CASES))
def test_bad_reliability_file_is_refused_located(case: str, tmp_path: Path) -> None:
    folder = full_data(tmp_path)
    target = case.split(".")[-2] + ".csv"
    shutil.copy(FIXTURES / "bad" / REL / case, folder / REL / target)
    assert problems(folder) == RELIABILITY_CASES[case]


@pytest.mark.parametrize(
    "fixture",
    sorted((FIXTURES / "accepted" / REL).glob("*.csv")),
    ids=lambda p: p.name,
)
def test_accepted_reliability_variants_read_like_the_plain_file(
    fixture: Path, tmp_path: Path
) -> None:
    """A BOM and CRLF line ends (Excel's "CSV UTF-8"), or a decomposed accent."""
    folder = full_data(tmp_path)
    target = fixture.name.split(".")[-2] + ".csv"
    plain = folder / REL / target
    before = reliability.read_coded(
        plain, list(_columns(target)), {}, None, unique_id=False
    )
    shutil.copy(fixture, plain)
    validate_inputs(folder)
    after = reliability.read_coded(
        plain, list(_columns(target)), {}, None, unique_id=False
    )
    assert after["id"].tolist() == before["id"].tolist()
    if target == "adjudication.csv":
        assert after["reason"].iat[0].endswith("cons\u00e9quence.")
    else:
        assert after.equals(before)


def _columns(target: str) -> list[str]:
    if target == "adjudication.csv":
        return reliability.ADJUDICATION_COLUMNS
    return reliability.CODED_COLUMNS


# -- faults no committed file can carry ------------------------------------------------


def _fifo(path: Path) -> None:
    path.unlink(missing_ok=True)
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.unlink(missing_ok=True)
    path.mkdir()


def _device(path: Path) -> None:
    path.unlink(missing_ok=True)
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # as /dev/null
    except PermissionError:
        pytest.skip("making a device needs root")


def _secret_outside(path: Path, outside: Path) -> None:
    secret = outside / "secrets.env"
    secret.write_text("API_TOKEN=hunter2-do-not-print\n")
    path.unlink(missing_ok=True)
    path.symlink_to(secret)


NOT_OPENED = "not a file; it was not opened. Put the CSV file there"
#: (what is done to the data folder, exactly what validate says). "{data}" is the
#: folder, "{rel}" its reliability folder.
FAULTS: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "fifo_events": (
        lambda d: _fifo(d / "events.csv"),
        [f"events.csv: is a FIFO (named pipe), {NOT_OPENED}"],
    ),
    "folder_quotes": (
        lambda d: _folder(d / "quotes.csv"),
        [f"quotes.csv: is a folder, {NOT_OPENED}"],
    ),
    "fifo_second_coding": (
        lambda d: _fifo(d / REL / "second_coding.csv"),
        [f"reliability: second_coding.csv: is a FIFO (named pipe), {NOT_OPENED}"],
    ),
    "device_adjudication": (
        lambda d: _device(d / REL / "adjudication.csv"),
        [f"reliability: adjudication.csv: is a character device, {NOT_OPENED}"],
    ),
    "folder_second_coding": (
        lambda d: _folder(d / REL / "second_coding.csv"),
        [f"reliability: second_coding.csv: is a folder, {NOT_OPENED}"],
    ),
    "file_for_reliability_folder": (
        lambda d: (shutil.rmtree(d / REL), (d / REL).write_text("x\n")),
        [
            "reliability: is a file, not a folder; the reliability files "
            "(second_coding.csv, adjudication.csv) go in a folder of that name. Move "
            "the file away, or make the folder"
        ],
    ),
    "reliability_symlink_out": (
        lambda d: (
            shutil.move(str(d / REL), str(d.parent / "elsewhere")),
            (d / REL).symlink_to(d.parent / "elsewhere"),
        ),
        [
            "reliability: is a symbolic link to a folder outside {data}; it was not "
            "read. Copy the reliability files into the data folder instead"
        ],
    ),
    "events_symlink_to_secrets": (
        lambda d: _secret_outside(d / "events.csv", d.parent),
        [
            "events.csv: is a symbolic link to a file outside {data}; it was not "
            "read. Copy the file into the folder instead"
        ],
    ),
    "second_coding_symlink_out": (
        lambda d: _secret_outside(d / REL / "second_coding.csv", d.parent),
        [
            "reliability: second_coding.csv: is a symbolic link to a file outside "
            "{data}; it was not read. Copy the file into the folder instead"
        ],
    ),
    "claims_missing": (
        lambda d: (d / "claims.csv").unlink(),
        [
            "claims.csv: file not found; a run reads it (notebook 06 checks the "
            "article's claims against the data): put the claims file back"
        ],
    ),
    "adjudication_missing": (
        lambda d: (d / REL / "adjudication.csv").unlink(),
        [
            "reliability/adjudication.csv: file not found; it is required beside "
            "second_coding.csv (the disagreements of the two codings and how each was "
            "settled)"
        ],
    ),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_fault_is_refused_in_one_sentence_without_opening(
    fault: str, tmp_path: Path
) -> None:
    folder = full_data(tmp_path)
    make, expected = FAULTS[fault]
    make(folder)
    got = problems(folder)
    assert got == [e.format(data=folder) for e in expected]
    assert not any("hunter2" in g for g in got)


@pytest.mark.slow  # measured: several seconds (a subprocess, a browser render or many runs)
def test_validate_exits_1_on_a_fifo_without_hanging(tmp_path: Path) -> None:
    """A FIFO used to hang `run` and `sensitivity` for ever: refused unopened."""
    folder = full_data(tmp_path)
    _fifo(folder / REL / "second_coding.csv")
    env = {k: v for k, v in os.environ.items() if k != "SEESAW_DEBUG"}
    result = subprocess.run(
        [sys.executable, "-m", "seesaw", "validate", str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert "is a FIFO (named pipe), not a file; it was not opened" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bom_does_not_turn_what_changed_into_every_row_removed() -> None:
    plain = changes.row_hashes(GOOD / "events.csv")
    excel = changes.row_hashes(FIXTURES / "accepted" / "bom_crlf.events.csv")
    assert excel == plain and len(plain) == 6
    before = {"format": changes.FORMAT, "figures": {}, "verdicts": {}, "claims": {}}
    old = {**before, "rows": {"events": plain}}
    new = {**before, "rows": {"events": excel}}
    assert changes.lines(changes.diff(old, new)) == [
        "the data's findings are unchanged since the last good run (its figures, verdicts and claims at the default settings, whatever -p a run is given)"
    ]


# -- a damaged last-good snapshot ------------------------------------------------------

SNAPSHOT_DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "a folder": (lambda p: p.mkdir(), "not a regular file"),
    "not JSON": (
        lambda p: p.write_text('{"format": 1, '),
        "unreadable: JSONDecodeError",
    ),
    "deep JSON": (
        lambda p: p.write_text("[" * 100_000 + "]" * 100_000),
        "unreadable: RecursionError",
    ),
    "rows not an object": (
        lambda p: p.write_text(
            json.dumps(
                {"format": 1, "figures": {}, "verdicts": {}, "claims": {}, "rows": []}
            )
        ),
        "'rows' is not an object",
    ),
    "a row not an object": (
        lambda p: p.write_text(
            json.dumps(
                {
                    "format": 1,
                    "figures": {},
                    "verdicts": {},
                    "claims": {},
                    "rows": {"events": {"E0001": 3}},
                }
            )
        ),
        "the rows of 'events' are not objects",
    ),
}


@pytest.mark.parametrize("damage", sorted(SNAPSHOT_DAMAGE))
def test_a_damaged_snapshot_is_set_aside_and_the_run_goes_on(
    damage: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from seesaw.pipeline import workers

    monkeypatch.setattr(workers.time, "time", lambda: 1_700_000_000)
    path = tmp_path / "default.json"
    make, why = SNAPSHOT_DAMAGE[damage]
    make(path)
    assert workers.read_snapshot(path) is None
    assert not os.path.lexists(path)
    aside = tmp_path / "default.json.damaged-1700000000"
    assert os.path.lexists(aside)
    assert capsys.readouterr().err == (
        f"warning: the last good run's findings {path} are damaged ({why}); set aside "
        f"as {aside}, and this run is compared with nothing\n"
    )


def test_a_good_snapshot_is_read_back(tmp_path: Path) -> None:
    from seesaw.pipeline import workers

    path = tmp_path / "default.json"
    snap = {"format": 1, "figures": {}, "verdicts": {}, "claims": {}, "rows": {}}
    path.write_text(json.dumps(snap))
    assert workers.read_snapshot(path) == snap


@pytest.mark.parametrize("command", ["validate", "claims", "sensitivity"])
def test_a_missing_claims_file_is_refused_by_every_command_that_reads_it(
    command: str, tmp_path: Path
) -> None:
    """It used to pass `validate` and `seesaw claims` ("of 0 statements"), then the
    run died in 06."""
    from seesaw.cli import main

    folder = full_data(tmp_path)
    (folder / "claims.csv").unlink()
    args = [command, str(folder)] if command == "validate" else [command]
    if command != "validate":
        args += ["--data-dir", str(folder)]
    assert main(args) == 1


def test_a_row_coded_against_its_family_is_refused_by_validate(tmp_path: Path) -> None:
    """The family rules (families.csv) are checked by `seesaw validate` and so by every
    run, not only by the test suite: the row, the family's line and the column named."""
    import pandas as pd

    from seesaw import paths

    folder = tmp_path / "data"
    shutil.copytree(paths.DATA, folder)
    events = pd.read_csv(folder / "events.csv", dtype=str, keep_default_na=False)
    events.loc[events["id"] == "E0129", "mode"] = "threat"
    events.to_csv(folder / "events.csv", index=False)
    line = next(
        n
        for n, text in enumerate(
            (folder / "families.csv").read_text().splitlines(), start=1
        )
        if ",E0129," in text
    )
    assert problems(folder) == [
        f"families.csv:{line}: column 'mode': E0129 (sanctions_bill/advance): mode is "
        "'threat', the rule wants 'verbal'"
    ]
    env = {k: v for k, v in os.environ.items() if k != "SEESAW_DEBUG"}
    result = subprocess.run(
        [sys.executable, "-m", "seesaw", "validate", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert f"families.csv:{line}: column 'mode'" in result.stderr
    # A family file that names an unknown family is refused the same way.
    with (folder / "families.csv").open("a") as out:
        out.write("no_such_family,E0001,words\n")
    assert any(
        "column 'family': unknown family 'no_such_family'" in p
        for p in problems(folder)
    )
