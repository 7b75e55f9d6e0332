"""The worker side of a run: stopping workers, the kernel manager, the findings."""

from __future__ import annotations

import concurrent.futures as cf
import inspect
import json
import multiprocessing
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from seesaw.pipeline import workers


def _sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_stop_workers_stops_a_pool_that_is_busy_and_spares_the_others() -> None:
    fork = multiprocessing.get_context("fork")
    with cf.ProcessPoolExecutor(1, mp_context=fork) as spared:
        spared.submit(_sleep, 0).result()
        others = workers.worker_pids()
        pool = cf.ProcessPoolExecutor(
            1, mp_context=fork, initializer=workers.worker_signals
        )
        busy = pool.submit(_sleep, 60)
        time.sleep(0.5)
        start = time.monotonic()
        workers.stop_workers(spare=others)
        with pytest.raises(cf.process.BrokenProcessPool):
            busy.result(timeout=20)
        pool.shutdown()
        assert time.monotonic() - start < 20
        assert spared.submit(_sleep, 0).result() == 0


def test_the_kernel_manager_changes_only_public_settings() -> None:
    manager = workers.kernel_manager()
    own = {
        name
        for name, value in vars(manager).items()
        if inspect.isfunction(value) and not name.startswith("__")
    }
    assert own == set()
    km = manager(kernel_name="python3")
    assert km.transport == "ipc"
    assert "/k-" in km.ip


def test_a_runs_kernel_sockets_go_in_a_folder_removed_when_it_ends(
    monkeypatch: pytest.MonkeyPatch, short_tmp: Path
) -> None:
    """However the run ends (a worker stopped with SIGTERM leaves its kernel's sockets);
    a killed run's folder (its runner's pid gone, untouched for a day) goes at a later
    run, and the variable naming the folder is as it was before."""
    monkeypatch.setattr(tempfile, "tempdir", str(short_tmp))
    monkeypatch.setenv(workers.KERNEL_DIR_ENV, "an outer run's")
    dead, day = _dead_pid(), workers.KERNEL_DIR_STALE_SECONDS
    stale = short_tmp / f"{workers.KERNEL_DIR_PREFIX}{dead}-abc"
    recent = short_tmp / f"{workers.KERNEL_DIR_PREFIX}{dead}-new"  # another namespace?
    live = short_tmp / f"{workers.KERNEL_DIR_PREFIX}{os.getpid()}-other"
    for folder in (stale, recent, live):
        folder.mkdir()
        (folder / "k-1-shell").touch()
    for folder in (stale, live):
        os.utime(folder, (time.time() - day - 60,) * 2)
    with (
        pytest.raises(RuntimeError, match="the run failed"),
        workers.kernel_folder() as folder,
    ):
        assert os.environ[workers.KERNEL_DIR_ENV] == str(folder)
        km = workers.kernel_manager()(kernel_name="python3")
        ip = km.ip
        assert Path(ip).parent == folder and km.connection_file == f"{ip}.json"
        # A socket's path has at most 107 bytes: the run adds at most 45 to the
        # temporary directory's (a pid has up to 7 digits; before the folder, 49).
        assert len(f"{Path(ip).relative_to(short_tmp)}-5") <= 45
        assert not stale.exists() and recent.exists() and live.exists()
        (folder / "k-2-shell").touch()  # what a stopped worker leaves
        raise RuntimeError("the run failed")
    assert not folder.exists()
    assert os.environ[workers.KERNEL_DIR_ENV] == "an outer run's"


def test_a_temporary_directory_that_cannot_hold_the_kernel_folder_is_said(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from seesaw.pipeline.checks import RunError

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "gone"))
    writable = "set TMPDIR to a writable folder"
    with pytest.raises(RunError, match=writable), workers.kernel_folder():
        raise AssertionError("not reached")


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A folder with a short path, as /tmp is (pytest's tmp_path leaves too little of
    a socket path's 107 bytes)."""
    folder = Path(tempfile.mkdtemp(prefix="t", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _dead_pid() -> int:
    """The pid of a process that has ended."""
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def test_the_findings_are_reused_when_nothing_changed(tmp_path: Path) -> None:
    snap = {"format": 1, "figures": {}, "verdicts": {}, "claims": {}, "rows": {}}
    findings = workers.Findings(snap, tmp_path, "fingerprint")
    assert findings.pool is None and findings.result() is snap
    findings.close()


def test_the_snapshot_of_an_output_folder_has_its_own_name(tmp_path: Path) -> None:
    default = workers.snapshot_path(None)
    other = workers.snapshot_path(tmp_path)
    assert default.name == "default.json"
    assert other.parent == default.parent and other != default


def test_the_last_good_findings_go_where_seesaw_last_good_says(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from seesaw import paths

    monkeypatch.delenv(workers.LAST_GOOD_ENV, raising=False)
    assert workers.snapshot_path(None).parent == paths.BUILD / "cache" / "last-good"
    monkeypatch.setenv(workers.LAST_GOOD_ENV, str(tmp_path))
    assert workers.snapshot_path(None) == tmp_path / "default.json"


def test_a_kernel_is_stopped_at_once_when_its_notebook_has_run(tmp_path: Path) -> None:
    """No graceful stop: the kernel's exit hooks never run (a graceful stop runs them,
    and in ipykernel 7.4 sometimes hangs until SIGTERM)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    flag = tmp_path / "exit-hook-ran"
    nb = new_notebook(
        cells=[
            new_code_cell(
                f"import atexit, pathlib\n"
                f"atexit.register(pathlib.Path({str(flag)!r}).write_text, 'ran')\n"
                "print('done')"
            )
        ]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python"}
    (tmp_path / "out").mkdir()
    src, dst = tmp_path / "hook.ipynb", tmp_path / "out" / "hook.ipynb"
    nbformat.write(nb, src)
    _, _, error = workers.execute((str(src), str(dst), {}, str(tmp_path)))
    assert error is None
    assert nbformat.read(dst, as_version=4).cells[0].outputs[0]["text"] == "done\n"
    time.sleep(0.5)  # a graceful exit would have written the flag by now
    assert not flag.exists()


def test_last_good_findings_are_kept_for_the_most_recently_run_output_folders(
    tmp_path: Path,
) -> None:
    """Each `--output-dir` leaves its findings (hundreds of KB); those of the folders
    least recently run go beyond `LAST_GOOD_KEEP`, with findings set aside as damaged;
    the in-place run's never, nor anything else in the folder (SEESAW_LAST_GOOD may
    name a user's)."""
    from seesaw.pipeline import runner
    from seesaw.pipeline.steps import RunResult

    keep = runner.LAST_GOOD_KEEP
    others = [tmp_path / "default.json", tmp_path / "notes.json", tmp_path / "a.json"]
    others[0].write_text("{}")
    others[1].write_text("a user's")
    (tmp_path / "a.json").mkdir()
    damaged = tmp_path / "default.json.damaged-1700000000"
    damaged.write_text("{")
    for path in [*others, damaged]:
        os.utime(path, (0, 0))  # the oldest of all
    for i in range(keep + 2):
        old = tmp_path / f"{i:012x}.json"
        old.write_text("{}")
        os.utime(old, (1_000 + i, 1_000 + i))
    snapshot = {"format": 1}
    result = RunResult([], [], None, 0.0, {}, {}, [], [], {}, snapshot)
    runner._keep_baseline(result, tmp_path / "00000000beef.json")
    left = {p.name for p in tmp_path.iterdir()}
    assert {p.name for p in others} | {"00000000beef.json"} <= left
    assert len(left) == keep + len(others)
    gone = {"000000000000.json", "000000000001.json", damaged.name}
    assert gone.isdisjoint(left)  # the least recently run, and the damaged


def test_a_run_marks_the_findings_it_reads_recently_used(tmp_path: Path) -> None:
    path = tmp_path / "0123456789ab.json"
    snap = {"format": 1, "figures": {}, "verdicts": {}, "claims": {}, "rows": {}}
    path.write_text(json.dumps(snap))
    os.utime(path, (1_000, 1_000))
    assert workers.read_snapshot(path) == snap
    assert path.stat().st_mtime > time.time() - 60
    assert workers.read_snapshot(tmp_path / "none.json") is None


def test_a_temporary_directory_too_long_for_a_socket_is_refused_in_words(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A kernel could not bind its sockets there (ZMQError: File name too long); a run
    whose notebooks all come from the cache starts no kernel and is not refused."""
    from types import SimpleNamespace

    from seesaw.pipeline import steps
    from seesaw.pipeline.checks import RunError

    deep = tmp_path / ("d" * 100)
    deep.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(deep))
    monkeypatch.delenv(workers.KERNEL_DIR_ENV, raising=False)
    with workers.kernel_folder():
        steps.execute_notebooks(SimpleNamespace(todo=[]))  # type: ignore[arg-type]
        with pytest.raises(RunError, match="set TMPDIR to a folder with a shorter"):
            steps.execute_notebooks(SimpleNamespace(todo=["01"]))  # type: ignore[arg-type]
    assert list(deep.iterdir()) == []  # its folder removed
