"""The checks made before a run executes anything: the lock, the parameters, the outputs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from seesaw import paths
from seesaw.data.params import ParameterError
from seesaw.pipeline import checks


def test_a_symbolic_link_is_never_taken_as_the_lock(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").write_text("")
    (tmp_path / "run.lock").symlink_to(tmp_path / "elsewhere")
    refused = pytest.raises(checks.RunError, match="is a symbolic link")
    with refused, checks.run_lock(tmp_path):
        pass


def test_the_lock_records_its_holder_and_is_removed_after(tmp_path: Path) -> None:
    with checks.run_lock(tmp_path):
        assert (tmp_path / "run.lock").read_text() == str(os.getpid())
    assert not (tmp_path / "run.lock").exists()
    with checks.run_lock(tmp_path, tmp_path / "out"):
        pass
    assert list(tmp_path.glob("run*.lock")) == []  # no file left per output folder


def test_a_lock_file_removed_under_a_waiting_run_is_not_a_lock(tmp_path: Path) -> None:
    """A run that opened the lock file just before its holder removed it gets the
    flock on a file no longer there: it must take the new file, not run unlocked."""
    import fcntl

    path = tmp_path / "run.lock"
    with checks.run_lock(tmp_path):
        late = os.open(path, os.O_RDWR)  # opened while the holder still runs
    try:
        fcntl.flock(late, fcntl.LOCK_EX | fcntl.LOCK_NB)  # succeeds: the old inode
        assert not checks._still_linked(late, path)
        with checks.run_lock(tmp_path):  # a new file, really held
            check = os.open(path, os.O_RDONLY)
            assert checks._still_linked(check, path)
            os.close(check)
            busy = pytest.raises(checks.RunError, match="in progress")
            with busy, checks.run_lock(tmp_path):
                pass
    finally:
        os.close(late)


def test_a_run_into_an_output_folder_has_its_own_lock(tmp_path: Path) -> None:
    with checks.run_lock(tmp_path), checks.run_lock(tmp_path, tmp_path / "out"):
        locks = sorted(p.name for p in tmp_path.glob("run*.lock"))
    assert locks[0].startswith("run-") and locks[1] == "run.lock"


@pytest.mark.parametrize(
    ("raw", "default", "expected"),
    [("12", 3, 12), ("0.5", 0.05, 0.5), ("yes", False, True), ("x", "", "x")],
)
def test_values_take_the_type_of_the_default(
    raw: str, default: object, expected: object
) -> None:
    assert checks._coerce("p", raw, default) == expected


@pytest.mark.parametrize("raw", ["１２", "1_000", "twelve"])
def test_numbers_that_int_would_take_but_a_user_did_not_mean_are_refused(
    raw: str,
) -> None:
    with pytest.raises(ParameterError, match="expected a int like its default 3"):
        checks._coerce("smoothing_days", raw, 3)


@pytest.mark.parametrize("raw", ["0", "-1", "soon", "86401"])
def test_a_bad_cell_timeout_names_the_variable(
    raw: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(checks.CELL_TIMEOUT_ENV, raw)
    with pytest.raises(checks.RunError, match="SEESAW_CELL_TIMEOUT"):
        checks.cell_timeout()


def test_the_cell_timeout_defaults_and_can_be_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(checks.CELL_TIMEOUT_ENV, raising=False)
    assert checks.cell_timeout() == checks.CELL_TIMEOUT
    monkeypatch.setenv(checks.CELL_TIMEOUT_ENV, "30")
    assert checks.cell_timeout() == 30


def test_the_data_folder_comes_from_the_flag_then_the_parameter(tmp_path: Path) -> None:
    assert checks.effective_data_dir(tmp_path, {}, paths.NOTEBOOKS) == tmp_path
    relative = checks.effective_data_dir(None, {"data_dir": "d"}, tmp_path)
    assert relative == tmp_path / "d"
    assert checks.effective_data_dir(None, {}, tmp_path) == paths.DATA
    with pytest.raises(checks.RunError, match="parameter data_dir: is empty"):
        checks.effective_data_dir(None, {"data_dir": " "}, tmp_path)


def test_an_output_folder_that_is_a_file_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("")
    targets = checks.output_targets(out, paths.NOTEBOOKS, figures=True, report=False)
    assert set(targets) == {"notebooks", "figures"}
    with pytest.raises(checks.RunError, match="exists and is not a folder"):
        checks.check_outputs(out, targets)
