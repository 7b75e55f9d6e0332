"""The command line: exit codes, one-line summaries, located errors, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from seesaw import paths
from seesaw.cli import main
from tests.conftest import FIXTURES, GOOD, data_dir_with


def test_validate_good_data_prints_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(GOOD)]) == 0
    out = capsys.readouterr().out
    assert out == "data ok: 6 events, 2 quotes, 2025-03-03..2025-04-01\n"


def test_validate_bad_data_exits_1_with_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = data_dir_with(tmp_path, FIXTURES / "bad" / "duplicate_id.events.csv")
    assert main(["validate", str(folder)]) == 1
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert lines[0] == "2 problems in the data:"
    assert lines[1] == f"{folder}/events.csv:3: column 'id': duplicate id (got 'E0002')"
    assert lines[2] == f"{folder}/events.csv:7: column 'id': duplicate id (got 'E0002')"
    assert "Traceback" not in err


def test_validate_checks_the_key_episodes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An episodes.csv beside the data names events of the data, or validate fails."""
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(GOOD, folder)
    (folder / "episodes.csv").write_text("id,label\nE9999,Nowhere\n", encoding="utf-8")
    assert main(["validate", str(folder)]) == 1
    err = capsys.readouterr().err
    assert (
        f"{folder}/episodes.csv:2: column 'id': no event with this id (got 'E9999')"
        in err
    )


def test_validate_missing_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path / "nope")]) == 1
    assert "data directory does not exist" in capsys.readouterr().err


def test_validate_defaults_to_the_project_data(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["validate"]) == 0
    assert capsys.readouterr().out.startswith("data ok: ")
    assert (paths.DATA / "events.csv").is_file()


@pytest.mark.slow  # measured: several seconds (a subprocess, a browser render or many runs)
@pytest.mark.parametrize(
    "case",
    ["latin1_bytes.quotes.csv", "unclosed_quote.events.csv", "empty_file.events.csv"],
)
def test_console_script_prints_no_traceback(case: str, tmp_path: Path) -> None:
    folder = data_dir_with(tmp_path, FIXTURES / "bad" / case)
    proc = subprocess.run(
        [sys.executable, "-m", "seesaw", "validate", str(folder)],
        capture_output=True,
        text=True,
        env={**os.environ, "SEESAW_DEBUG": ""},
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[1].startswith(str(folder))


@pytest.mark.slow  # measured: several seconds (a subprocess, a browser render or many runs)
def test_codebook_is_in_sync_with_the_schema(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["codebook", "--check"]) == 0, capsys.readouterr().out


@pytest.mark.slow  # measured: several seconds (a subprocess, a browser render or many runs)
def test_codebook_check_detects_a_stale_file(tmp_path: Path) -> None:
    stale = tmp_path / "README.md"
    text = (paths.DATA / "README.md").read_text(encoding="utf-8")
    stale.write_text(text.replace("| `tone` |", "| `tone_old` |"), encoding="utf-8")
    assert main(["codebook", "--check", "--readme", str(stale)]) == 1
    assert main(["codebook", "--readme", str(stale)]) == 0
    assert stale.read_text(encoding="utf-8") == text


def test_readme_bottom_line_is_in_sync_with_the_data(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The README's figures are the data's: `seesaw readme --check` passes."""
    assert main(["readme", "--check"]) == 0, capsys.readouterr().out


def test_readme_bottom_line_reports_claims() -> None:
    from seesaw.analysis.headline import headline
    from seesaw.analysis.masks import select_events
    from seesaw.data.load import load_dataset
    from seesaw.data.vocab import ANALYSIS_START
    from seesaw.text import readme

    data = load_dataset(paths.DATA)
    h = headline(select_events(data.events, ANALYSIS_START))
    ledger = pd.DataFrame(
        {
            "id": ["C01", "C02", "C03", "C04"],
            "part": ["fact", "fact", "fact", "argument"],
            "verdict": ["supported", "supported", "misdated", "inconclusive"],
            "stable": [True, True, False, True],
        }
    )
    block = readme.bottom_line(data.events, data.quotes, h, ledger)
    assert "of 3 statements, 2 supported, 1 misdated" in block
    assert "of 1 claim, none supported, 1 inconclusive" in block
    assert "**Unstable:** 1 verdict changes" in block and "(C03)" in block
    assert f"{len(data.events):,} sourced rows" in block
    assert "article's claims" not in readme.bottom_line(data.events, data.quotes, h)


def test_stats_refuses_an_empty_selection(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["stats", "--data-dir", str(GOOD), "--start-date", "2025-05-01"]
    assert main(args) == 1
    assert capsys.readouterr().err == (
        "seesaw stats: --start-date 2025-05-01 and --end-date 2025-10-22 select no "
        "events; "
        "the data run from 2025-03-03 to 2025-04-01\n"
    )


def test_validate_reports_bad_claim_params(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = data_dir_with(tmp_path, FIXTURES / "bad" / "empty_params.claims.csv")
    assert main(["validate", str(folder)]) == 1
    err = capsys.readouterr().err
    assert f"{folder}/claims.csv:3: column 'params': event_exists needs 'start'" in err
    assert "Traceback" not in err


def test_stats_prints_the_days_its_headline_counts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The headline block names its span, the same days as the verdicts' window line."""
    args = ["stats", "--data-dir", str(GOOD), "--permutations", "99"]
    args += ["--start-date", "2025-03-01", "--end-date", "2025-03-31"]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "headline 2025-03-01..2025-03-31, scheme mode"
    assert lines[1].startswith("US acts targeting Kyiv or Moscow (raised pressure or")
    assert any(line.startswith("window 2025-03-01..2025-03-31 (") for line in lines)


def test_stats_gives_its_smoothing_to_the_alternation_verdict(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`--smoothing-days` reaches the spells test, as notebook 03's parameter does (it
    once changed only the headline balance)."""
    import json

    args = ["stats", "--data-dir", str(GOOD), "--permutations", "99", "--json"]
    spells = {}
    for days in ("7", "14"):
        assert main([*args, "--smoothing-days", days]) == 0
        spells[days] = json.loads(capsys.readouterr().out)["alternation"]["spells"]
    assert spells["7"]["smooth_days"] == 7 and spells["14"]["smooth_days"] == 14
    assert spells["7"]["statistic"] != spells["14"]["statistic"]


@pytest.mark.parametrize("option", ["--output-dir", "--data-dir"])
def test_run_refuses_an_empty_folder_option(
    option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--output-dir "$OUT"` with OUT unset once meant "update the committed notebooks"."""
    with pytest.raises(SystemExit) as stop:
        main(["run", option, "", "--notebooks", "01"])
    assert stop.value.code == 2
    assert (
        f"argument {option}: an empty value names no folder" in capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("given", "named"), [("01,09", "'09'"), ("01,", "''"), ("01,x2", "'x2'")]
)
def test_run_refuses_a_notebook_selection_naming_nothing(
    given: str, named: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Every entry of --notebooks must name a notebook: '01,09' once ran 01 alone."""
    assert main(["run", "--notebooks", given, "--output-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{named} names no notebook" in err and "01,02,03" in err
    assert not any(tmp_path.iterdir())


def test_run_reads_a_selection_with_spaces(tmp_path: Path) -> None:
    """'01, 02' once ran 01 alone (' 02' matched nothing): the spaces are dropped."""
    from seesaw.pipeline import runner

    seen: list[list[str]] = []

    def fake(**kw: object) -> None:
        seen.append(list(kw["select"]))  # type: ignore[call-overload]
        raise SystemExit(0)

    import unittest.mock

    with unittest.mock.patch.object(runner, "run", fake), pytest.raises(SystemExit):
        main(["run", "--notebooks", "01, 02", "--output-dir", str(tmp_path)])
    assert seen == [["01", "02"]]


def test_stats_refuses_a_window_of_background_rows_only(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Background rows are no acts: a window holding only them is refused in words
    (notebook 01 once failed on it with 'start and end must not be NaT')."""
    args = ["stats", "--start-date", "2018-01-01", "--end-date", "2024-12-31"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "select only background rows (kind context), no act" in err
    assert "the acts run from 2025-" in err  # the acts' span, not the 2018 row's


def test_a_path_the_file_system_refuses_is_a_user_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An OSError on a path the user gave is said in one line, exit 1, not as an
    internal error (a 300-character folder name once was)."""
    out = tmp_path / ("x" * 300)
    assert main(["run", "--notebooks", "01", "--output-dir", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("seesaw run: ") and "File name too long" in err
    assert "internal error" not in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("column", ["speaker", "source_outlet"])
def test_validate_refuses_spaces_around_a_matched_name(
    column: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """'Trump ' once passed validation and turned claim C14 from supported to
    inconclusive (its quote no longer matched Trump's)."""
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(GOOD, folder)
    quotes = pd.read_csv(folder / "quotes.csv", dtype=str, keep_default_na=False)
    quotes.loc[0, column] = quotes.loc[0, column] + " "
    quotes.to_csv(folder / "quotes.csv", index=False)
    assert main(["validate", str(folder)]) == 1
    err = capsys.readouterr().err
    assert f"quotes.csv:2: column '{column}': spaces before or after the text" in err


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["-p", "scheme", "flat", "-p", "scheme", "mode"],
            "-p scheme given more than once",
        ),
        (
            ["--data-dir", "data", "-p", "data_dir", "data"],
            "the data folder given twice",
        ),
        (
            ["-p", "window_days", "7", "-p", "event_window_days", "21"],
            "-p window_days is event_window_days's old name",
        ),
    ],
)
def test_run_refuses_a_parameter_given_twice(
    args: list[str], said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The last of two values once won without a word."""
    assert main(["run", *args, "--output-dir", str(tmp_path / "out")]) == 1
    assert said in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("jobs", ["0", "-1", "100000", "two"])
def test_run_refuses_a_number_of_jobs_out_of_range(
    jobs: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["run", "--jobs", jobs, "--notebooks", "01"])
    assert stop.value.code == 2
    assert "--jobs: must be a whole number from 1 to 32" in capsys.readouterr().err


def test_validate_of_a_file_says_it_is_no_folder(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["validate", str(paths.DATA / "events.csv")]) == 1
    assert "events.csv: is a file, not a folder" in capsys.readouterr().err


def test_stats_names_the_default_end_a_late_start_passes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Only --start-date given, after the article: the message once blamed an end_date
    the user never gave."""
    assert main(["stats", "--start-date", "2030-01-01"]) == 1
    err = capsys.readouterr().err
    assert "is after --end-date's default, the article's date 2025-10-22" in err


def test_stats_blames_an_end_date_the_user_gave(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["stats", "--start-date", "2025-11-01", "--end-date", "2025-10-22"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "end_date: 2025-10-22 is before start_date 2025-11-01" in err
    assert "default" not in err


def test_debug_shows_an_os_error_s_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEESAW_DEBUG", "1")
    with pytest.raises(OSError, match="File name too long"):
        main(["run", "--notebooks", "01", "--output-dir", str(tmp_path / ("x" * 300))])


def test_validate_refuses_a_claim_parameter_given_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """JSON lets a key repeat and the last value win: a maintainer's second "start"
    once replaced the first without a word."""
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(GOOD, folder)
    path = folder / "claims.csv"
    text = path.read_text(encoding="utf-8")
    twice = text.replace(
        '""start"": ""2025-03-01""',
        '""start"": ""2025-03-01"", ""start"": ""2025-03-05""',
        1,
    )
    assert twice != text
    path.write_text(twice, encoding="utf-8")
    assert main(["validate", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "claims.csv:2: column 'params': key 'start' given twice" in err
