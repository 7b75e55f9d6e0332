"""Bad parameters: refused by `seesaw run` before anything runs, and by a notebook's first
cell when papermill injects them directly."""

from __future__ import annotations

import json
from pathlib import Path

import papermill
import pytest
from papermill.exceptions import PapermillExecutionError

from seesaw import cli, paths
from tests.conftest import FIXTURES, GOOD

PARAMS = FIXTURES / "bad" / "params"

#: Each parameter-set fixture and exactly what `seesaw run` says.
EXPECTED = {
    "end_before_start.json": "seesaw run: parameter end_date: 2025-09-01 is before start_date 2025-10-01",
    "unknown_scheme.json": "seesaw run: parameter scheme: unknown value 'loudest'; allowed: flat, mode, goldstein",
    "unknown_track.json": "seesaw run: parameter track: unknown value 'sudan'; allowed: ukraine, gaza",
    "negative_window.json": "seesaw run: parameter smoothing_days: must be at least 1, got -7",
    "missing_data_dir.json": "/nonexistent/seesaw-data: data directory does not exist",
    "unknown_parameter.json": "seesaw run: parameter colour: no notebook declares it; known: ",
    "not_a_number.json": "seesaw run: parameter permutations: expected a int like its default",
    "fullwidth_digits.json": "seesaw run: parameter permutations: expected a int like its default 9999, got '１２３'",
    "too_many_permutations.json": "seesaw run: parameter permutations: must be at most 100,000, got 10,000,000,000",
    "too_long_window.json": "seesaw run: parameter smoothing_days: must be at most 365, got 100,000",
    "too_few_power_runs.json": "seesaw run: parameter power_runs: must be at least 100, got 10",
    "seed_too_large.json": "seesaw run: parameter seed: must be at most 4,294,967,295, got 99,999,999,999",
    "start_after_last_row.json": "seesaw run: parameters start_date 2025-05-01 and end_date (none) select no events (01_dataset.ipynb); the data run from 2025-03-03 to 2025-04-01",
    "no_pressure_act_selected.json": "seesaw run: parameters start_date 2025-03-12 and end_date 2025-03-18 select no US act pressing on Kyiv or Moscow (02_timeline.ipynb analyses those); the data run from 2025-03-03 to 2025-04-01",
    "empty_data_dir.json": "seesaw run: parameter data_dir: is empty; name the folder holding events.csv, quotes.csv and claims.csv, or leave the parameter out to read data/",
    # `-p data_dir` is checked like --data-dir: the located problem, before any run.
    "bad_data_via_param.json": "bad_data/events.csv:2: column 'mode': unknown value; allowed: verbal, threat, material (got 'action')",
}


def test_every_parameter_fixture_has_an_expected_message() -> None:
    assert {p.name for p in PARAMS.glob("*.json")} == set(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_bad_parameters_are_refused_before_anything_runs(
    case: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`seesaw run`'s own entry point, in this process (each refusal comes before
    kernel, lock or signal handler; `python -m seesaw` exits with what it returns,
    and tests/test_runner.py's refusals go through it)."""
    args = json.loads((PARAMS / case).read_text())["args"]
    if "--data-dir" not in args and "data_dir" not in args:
        args = ["--data-dir", str(GOOD), *args]
    monkeypatch.delenv("SEESAW_DEBUG", raising=False)
    out = tmp_path / "out"
    code = cli.main(["run", "--output-dir", str(out), *args])
    err = capsys.readouterr().err
    assert code == 1
    assert EXPECTED[case] in err
    assert "Traceback" not in err
    assert not out.exists()  # nothing was written


@pytest.mark.slow
def test_a_notebook_refuses_a_bad_parameter_in_its_first_cell(tmp_path: Path) -> None:
    with pytest.raises(PapermillExecutionError) as caught:
        papermill.execute_notebook(
            str(paths.NOTEBOOKS / "03_alternation.ipynb"),
            str(tmp_path / "out.ipynb"),
            parameters={"data_dir": str(GOOD), "scheme": "loudest"},
            cwd=str(paths.NOTEBOOKS),
            progress_bar=False,
        )
    err = caught.value
    assert err.ename == "ParameterError"
    assert (
        "parameter scheme: unknown value 'loudest'; allowed: flat, mode, goldstein"
        in err.evalue
    )
    # The first code cell after the parameters (and papermill's injected cell) failed.
    assert err.exec_count == 3
