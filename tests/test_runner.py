"""`seesaw run` never loses the last good outputs: failures, kills, bad data, two runs."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from seesaw import paths
from tests.conftest import FIXTURES, GOOD

pytestmark = pytest.mark.slow

PARAMS = """\
data_dir: str = "../data"  # data folder
fail: bool = False  # raise in the next cell
sleep: int = 0  # seconds to sleep first
"""

BODY = """\
import os
import pathlib
import time
import plotly.graph_objects as go
from seesaw.publish import display
from seesaw.data.load import load_dataset

if sleep and os.environ.get("SEESAW_TESTS_SLEEPING"):  # `_wait_for_kernels` reads it
    marks = pathlib.Path(os.environ["SEESAW_TESTS_SLEEPING"])
    marks.mkdir(exist_ok=True)
    (marks / "NN").touch()
time.sleep(sleep)
data = load_dataset(data_dir)
if fail:
    raise RuntimeError("forced failure for the test")
display.start(png=False)
fig = go.Figure(go.Bar(x=["a", "b"], y=[len(data.events), len(data.quotes)]))
fig.update_layout(meta={"slug": "NN_counts", "alt": "Bars of row counts."})
fig
"""


def _notebook(path: Path, number: str) -> None:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    cell = new_code_cell(PARAMS)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell, new_code_cell(BODY.replace("NN", number))]
    nbformat.write(nb, path)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throwaway project: two notebooks, the fixture data, and one good run done."""
    root = tmp_path_factory.mktemp("built") / "proj"
    (root / "notebooks").mkdir(parents=True)
    shutil.copytree(GOOD, root / "data")
    _notebook(root / "notebooks" / "01_first.ipynb", "01")
    _notebook(root / "notebooks" / "02_second.ipynb", "02")
    result = _run(root, [])
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    """A fresh copy of the built project for one test."""
    root = tmp_path / "proj"
    shutil.copytree(built, root, symlinks=True)
    return root


def _sleeping(root: Path) -> Path:
    """Where a test notebook of `root` marks that it has started its sleep."""
    return root.parent / "sleeping"


def _env(root: Path) -> dict[str, str]:
    env = {**os.environ, "SEESAW_ROOT": str(root)}
    env["SEESAW_TESTS_SLEEPING"] = str(_sleeping(root))
    env.pop("SEESAW_DEBUG", None)
    # The project's own notebook cache and last good findings, in its build/.
    env.pop("SEESAW_CACHE", None)
    env.pop("SEESAW_LAST_GOOD", None)
    return env


def _cmd(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "seesaw", "run", "--no-report", *args]


def _run(
    root: Path, args: list[str], timeout: int = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _cmd(args),
        env=_env(root),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _snapshot(root: Path) -> dict[str, str]:
    out = {}
    for folder in ("notebooks", "figures", "build/report"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                out[str(path.relative_to(root))] = hashlib.sha256(
                    path.read_bytes()
                ).hexdigest()
    return out


def test_good_run_writes_notebooks_and_figures(project: Path) -> None:
    snap = _snapshot(project)
    assert {
        "figures/01_counts.png",
        "figures/01_counts.svg",
        "figures/01_counts.txt",
        "figures/02_counts.html",
    } <= set(snap)
    assert (
        project / "figures" / "01_counts.txt"
    ).read_text() == "Bars of row counts.\n"
    nb = nbformat.read(project / "notebooks" / "01_first.ipynb", as_version=4)
    assert "papermill" not in nb.metadata
    assert nb.cells[0].metadata["tags"] == ["parameters"]
    assert all("execution" not in c.metadata for c in nb.cells)


def test_a_failing_notebook_changes_nothing(project: Path) -> None:
    before = _snapshot(project)
    result = _run(project, ["-p", "fail", "true"])
    assert result.returncode == 1
    assert "01_first.ipynb failed in cell" in result.stderr
    assert "RuntimeError: forced failure for the test" in result.stderr
    assert "Nothing was changed" in result.stderr
    assert "Traceback" not in result.stderr
    assert (project / "build" / "failed" / "01_first.ipynb").is_file()
    assert _snapshot(project) == before


def test_bad_data_is_refused_before_anything_runs(project: Path) -> None:
    before = _snapshot(project)
    shutil.copy(
        FIXTURES / "bad" / "unknown_mode.events.csv", project / "data" / "events.csv"
    )
    result = _run(project, [])
    assert result.returncode == 1
    assert "events.csv:2: column 'mode': unknown value" in result.stderr
    assert _snapshot(project) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-p", "colour", "red"], "parameter colour: no notebook declares it"),
        (["-p", "sleep", "soon"], "parameter sleep: expected a int like its default 0"),
        (["--data-dir", "/nonexistent/data"], "data directory does not exist"),
    ],
)
def test_bad_parameters_are_refused(
    project: Path, args: list[str], message: str
) -> None:
    before = _snapshot(project)
    result = _run(project, args)
    assert result.returncode == 1
    assert message in result.stderr
    assert _snapshot(project) == before


def _terminal_signals() -> None:
    """In the child: Ctrl-C as at a terminal. A suite started as a background job of
    a non-interactive shell inherits SIGINT ignored, and so would the run."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


#: The runs `_start` started in this test, whose pipes `_close_pipes` closes after it.
_STARTED: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def _close_pipes() -> Iterator[None]:
    """A started run's pipes are closed after the test (an open one is a warning, and
    warnings are errors)."""
    yield
    while _STARTED:
        proc = _STARTED.pop()
        for pipe in (proc.stdout, proc.stderr):
            if pipe is not None:
                pipe.close()


def _start(root: Path, args: list[str]) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        _cmd(args),
        env=_env(root),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=_terminal_signals,
    )
    _STARTED.append(proc)
    return proc


def _wait_for_kernels(root: Path, limit: float = 60) -> None:
    """Wait until a notebook of the run is in its sleep (its kernel is up, the run
    mid-cell): the notebook marks it in `_sleeping(root)` (a fixed wait of 3 s before
    left one test worker idle for it in five tests)."""
    sleeping = _sleeping(root)  # made by the first notebook to mark it
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if sleeping.is_dir() and any(sleeping.iterdir()):
            return
        time.sleep(0.1)
    raise AssertionError("no notebook of the run started its sleep")


@pytest.mark.parametrize(
    "sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"]
)
def test_a_killed_run_changes_nothing(project: Path, sig: signal.Signals) -> None:
    before = _snapshot(project)
    proc = _start(project, ["-p", "sleep", "10"])
    try:
        _wait_for_kernels(project)
        (folder,) = _kernel_folders(proc.pid)  # the run's kernels' sockets and keys
        assert list(folder.glob("k-*"))
        proc.send_signal(sig)
        proc.wait(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(
                proc.pid, signal.SIGKILL
            )  # workers and kernels of a SIGKILLed run
    assert proc.returncode != 0
    if sig == signal.SIGTERM:
        assert proc.returncode == 128 + signal.SIGTERM  # the shell's code (it was 1)
        assert "terminated (SIGTERM); nothing was changed" in proc.stderr.read()
        assert not folder.exists()  # its stopped kernels' sockets and keys too
    else:  # a later run removes it once a day old (tests/test_workers.py)
        shutil.rmtree(folder)
    assert _snapshot(project) == before
    # The next run cleans up and works.
    assert _run(project, []).returncode == 0


def _kernel_folders(pid: int) -> list[Path]:
    """The kernel-socket folders of the run with this pid (`workers.kernel_folder`)."""
    return list(Path(tempfile.gettempdir()).glob(f"seesaw-kernels-{pid}-*"))


def test_a_second_run_at_once_is_refused(project: Path) -> None:
    first = _start(project, ["-p", "sleep", "10"])
    try:
        _wait_for_kernels(project)
        second = _run(project, [], timeout=60)
        assert second.returncode == 1
        assert "another `seesaw run` is in progress" in second.stderr
    finally:
        os.killpg(first.pid, signal.SIGTERM)
        first.wait(timeout=60)


def test_lock_is_per_output_target(tmp_path: Path) -> None:
    """Runs into different folders proceed side by side; the same target is refused."""
    from seesaw.pipeline.runner import RunError, run_lock

    build = tmp_path / "build"
    busy = pytest.raises(RunError, match="another `seesaw run` is in progress")
    with run_lock(build, tmp_path / "a"):
        with run_lock(build, tmp_path / "b"):
            pass
        with busy, run_lock(build, tmp_path / "a"):
            pass
    with run_lock(build), pytest.raises(RunError, match="in progress"), run_lock(build):
        pass


def test_bad_parameters_are_refused_even_while_a_run_holds_the_lock() -> None:
    from seesaw.data.params import ParameterError
    from seesaw.pipeline import runner

    refused = pytest.raises(ParameterError, match="parameter scheme")
    with runner.run_lock(paths.BUILD), refused:
        runner.run(data_dir=GOOD, parameters={"scheme": "loudest"})


# The execution cache and what changed.


def _go(
    root: Path, args: list[str] | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        _cmd(args or []),
        env={**_env(root), **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def _executed(out: str) -> set[str]:
    return {
        line.split(":")[0].strip()
        for line in out.splitlines()
        if ": finished (" in line
    }


def _skipped(out: str) -> set[str]:
    return {
        line.split(":")[0].strip()
        for line in out.splitlines()
        if ": skipped, unchanged" in line
    }


BOTH = {"01_first.ipynb", "02_second.ipynb"}


def test_nothing_changed_nothing_runs_and_outputs_match_a_fresh_run(
    project: Path,
) -> None:
    out = _go(project).stdout
    assert _executed(out) == set() and _skipped(out) == BOTH
    assert "re-executed nothing" in out
    assert "findings are unchanged since the last good run" in out
    cached = _snapshot(project)
    fresh = _go(project, SEESAW_CACHE="off").stdout
    assert _executed(fresh) == BOTH
    assert _snapshot(project) == cached  # byte for byte


@pytest.mark.parametrize("change", ["source", "parameters", "lock", "data"])
def test_each_input_reruns_what_depends_on_it(project: Path, change: str) -> None:
    args: list[str] = []
    if change == "source":
        nb = project / "notebooks" / "01_first.ipynb"
        body = json.loads(nb.read_text())
        body["cells"][1]["source"] += "\n# edited"
        nb.write_text(json.dumps(body))
        expected = {"01_first.ipynb"}
    elif change == "parameters":
        args = ["-p", "sleep", "0", "--notebooks", "02"]
        expected = {"02_second.ipynb"}  # an explicit value is a new parameter set
    elif change == "lock":
        (project / "requirements.lock").write_text("pandas==0.0.0\n")
        expected = BOTH
    else:
        events = project / "data" / "events.csv"
        events.write_text(
            events.read_text().replace("2025-03-07,day", "2025-03-08,day")
        )
        expected = BOTH
    out = _go(project, args).stdout
    assert _executed(out) == expected
    if change != "parameters":
        assert _skipped(out) == BOTH - expected
    if change == "data":
        assert "events E0002 changed: date" in out
        report = project / "build" / "cache" / "last-good" / "default.json"
        assert report.is_file()
    again = _go(project, args).stdout
    assert _executed(again) == set()


def test_a_corrupt_entry_is_rebuilt_not_served(project: Path) -> None:
    entries = sorted((project / "build" / "cache" / "notebooks").iterdir())
    assert len([e for e in entries if not e.name.startswith(".")]) == 2
    for entry in entries:
        if entry.is_file():
            entry.write_bytes(entry.read_bytes()[:100])  # cut short, as by a full disk
    before = _snapshot(project)
    out = _go(project).stdout
    assert _executed(out) == BOTH
    assert _snapshot(project) == before
    assert _executed(_go(project).stdout) == set()


def test_changes_json_goes_to_the_report_folder(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "out"
    cmd = [a for a in _cmd(["--output-dir", str(target)]) if a != "--no-report"]
    result = subprocess.run(
        cmd, env=_env(project), capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    found = json.loads((target / "report" / "changes.json").read_text())
    assert found["first_run"] is True  # the first run into this folder
    index = (target / "report" / "index.html").read_text()
    assert 'href="changes.html"' in index
    assert (target / "report" / "changes.html").is_file()
    quiet = subprocess.run(
        [*cmd, "--quiet"],
        env=_env(project),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stdout.count("\n") == 1 and "re-executed nothing" in quiet.stdout
    assert not os.path.exists(target / "report" / ".tmp")


# Ownership: a run never touches what it did not write.


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_run_keeps_the_users_files_in_its_output_folder(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = _run(project, ["--output-dir", str(out)])
    assert first.returncode == 0, first.stderr
    assert (out / ".seesaw-manifest.json").is_file()
    mine = {
        out / "notes.md": b"my notes",
        out / "figures" / "01_my_sketch.png": b"not the run's",
        out / "notebooks" / "scratch.ipynb": b"{}",
    }
    for path, data in mine.items():
        path.write_bytes(data)
    second = _run(project, ["--output-dir", str(out)])
    assert second.returncode == 0, second.stderr
    for path, data in mine.items():
        assert path.read_bytes() == data
    # a --notebooks run keeps the other notebook and its figures (it once removed the
    # executed notebook and kept the figures)
    third = _run(project, ["--output-dir", str(out), "--notebooks", "02"])
    assert third.returncode == 0, third.stderr
    assert (out / "notebooks" / "01_first.ipynb").is_file()
    assert list((out / "figures").glob("01_counts.*"))
    assert (out / "notebooks" / "02_second.ipynb").is_file()


def test_a_run_refuses_a_folder_it_did_not_make(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    (out / "report").mkdir(parents=True)
    (out / "report" / "index.html").write_text("the user's page")
    before = _files(out)
    result = _run(project, ["--output-dir", str(out)])
    assert result.returncode == 1
    assert "is not empty and was not made by `seesaw run`" in result.stderr
    assert result.stderr.count("\n") == 1
    assert _files(out) == before


def test_a_run_refuses_to_overwrite_a_file_it_did_not_write(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert _run(project, ["--output-dir", str(out)]).returncode == 0
    (out / "figures" / "01_counts.png").unlink()
    manifest = json.loads((out / "figures" / ".seesaw-manifest.json").read_text())
    manifest["files"].remove("01_counts.png")
    (out / "figures" / ".seesaw-manifest.json").write_text(json.dumps(manifest))
    (out / "figures" / "01_counts.png").write_bytes(b"the user's own picture")
    before = _files(out)
    result = _run(project, ["--output-dir", str(out)])
    assert result.returncode == 1
    assert "01_counts.png exists and was not written by `seesaw run`" in result.stderr
    assert _files(out) == before


@pytest.mark.parametrize("where", ["/", "data", "."])
def test_a_run_refuses_output_dirs_it_must_never_write(
    project: Path, where: str
) -> None:
    before = _snapshot(project)
    target = where if where == "/" else str(project / where)
    result = _run(project, ["--output-dir", target])
    assert result.returncode == 1
    assert "--output-dir" in result.stderr and result.stderr.count("\n") == 1
    assert _snapshot(project) == before
    assert not Path("/report").exists()


def test_a_runner_killed_with_sigkill_leaves_no_lock(project: Path) -> None:
    """kill -9 of the runner alone: its workers die with it and the next run proceeds."""
    proc = _start(project, ["-p", "sleep", "20"])
    try:
        _wait_for_kernels(project)
        proc.kill()
        proc.wait(timeout=30)
        nxt = _run(project, [], timeout=180)
        assert nxt.returncode == 0, nxt.stderr
        assert "in progress" not in nxt.stderr
        assert "taking it over" not in nxt.stderr  # no worker kept the lock
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


def test_a_cell_that_runs_too_long_is_stopped_with_a_sentence(project: Path) -> None:
    before = _snapshot(project)
    result = subprocess.run(
        _cmd(["-p", "sleep", "30"]),
        env={**_env(project), "SEESAW_CELL_TIMEOUT": "2"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "a cell that ran longer than 2 s, the limit for one cell" in result.stderr
    assert "SEESAW_CELL_TIMEOUT" in result.stderr
    assert _snapshot(project) == before


def test_a_bad_cell_timeout_is_refused_before_anything_runs(project: Path) -> None:
    result = subprocess.run(
        _cmd([]),
        env={**_env(project), "SEESAW_CELL_TIMEOUT": "soon"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "SEESAW_CELL_TIMEOUT='soon': expected a whole number" in result.stderr
    assert not list((project / "build").glob(".staging-*"))


def test_a_report_page_is_converted_once_per_notebook_text_and_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page of a notebook whose outputs did not change is served from the
    computation cache; new text, or another package or environment, converts again."""
    from seesaw.pipeline import steps
    from seesaw.publish import report

    monkeypatch.setenv("SEESAW_COMPUTE_CACHE", str(tmp_path / "compute"))
    monkeypatch.delenv("SEESAW_CACHE", raising=False)
    converted: list[str] = []
    real = report.page_for

    def counting(nb: object, stem: str) -> tuple[str, str]:
        converted.append(stem)
        return real(nb, stem)

    monkeypatch.setattr(report, "page_for", counting)
    nb = new_notebook(cells=[new_markdown_cell("# 09 · A title")])
    text = nbformat.writes(nb) + "\n"
    first = steps.report_page(text, "09_x", "p1", "e1")
    assert steps.report_page(text, "09_x", "p1", "e1") == first
    assert first == real(nbformat.reads(text, as_version=4), "09_x")
    assert len(converted) == 1
    steps.report_page(text, "09_x", "p2", "e1")
    steps.report_page(text, "09_x", "p1", "e2")
    steps.report_page(text.replace("A title", "Another"), "09_x", "p1", "e1")
    assert len(converted) == 4


def test_the_injected_parameters_cell_gets_a_fixed_id() -> None:
    """papermill gives the cell it injects a random id: cleaned, two runs with the same
    parameters write the same notebook (and the report page is served, not redone)."""
    from seesaw.pipeline.workers import clean_notebook

    def run() -> str:
        nb = new_notebook(cells=[new_code_cell("x = 1"), new_code_cell("x = 2")])
        nb.cells[0].id = "c00"  # the notebook's own cells keep their committed ids
        nb.cells[1].metadata["tags"] = ["injected-parameters"]
        nbformat.validate(nb)
        return nbformat.writes(clean_notebook(nb))

    first = run()
    assert run() == first
    assert '"id": "injected-parameters"' in first


def test_a_notebook_gone_from_the_sequence_leaves_the_output_folder(
    project: Path, tmp_path: Path
) -> None:
    """A run keeps the other notebooks' copies only while they are in the sequence: a
    removed or renumbered notebook's executed copy and figures go with the next run."""
    _notebook(project / "notebooks" / "03_third.ipynb", "03")
    out = tmp_path / "out"
    assert _run(project, ["--output-dir", str(out)]).returncode == 0
    assert (out / "notebooks" / "03_third.ipynb").is_file()
    assert list((out / "figures").glob("03_counts.*"))
    (project / "notebooks" / "03_third.ipynb").unlink()
    again = _run(project, ["--output-dir", str(out)])
    assert again.returncode == 0, again.stderr
    assert not (out / "notebooks" / "03_third.ipynb").exists()
    assert not list((out / "figures").glob("03_counts.*"))
    assert (out / "notebooks" / "01_first.ipynb").is_file()
