"""A run writes only into folders it owns and removes only files it wrote before."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from seesaw import paths
from seesaw.pipeline import ownership
from seesaw.pipeline.ownership import MANIFEST, OwnershipError, check_output_dir, plan

# Refusals of --output-dir, each with its sentence.


@pytest.mark.parametrize(
    ("where", "message"),
    [
        (lambda: Path("/"), "is the root of the file system"),
        (lambda: Path.home(), "is your home folder"),
        (lambda: paths.ROOT, "is this project's own folder"),
        (lambda: paths.ROOT.parent, "holds this project"),
        (lambda: paths.DATA, "inside this project's data folder"),
        (lambda: paths.DATA / "new", "inside this project's data folder"),
        (lambda: paths.NOTEBOOKS, "inside this project's notebooks folder"),
        (lambda: paths.ROOT / "src" / "seesaw", "inside this project's source folder"),
        (lambda: paths.ROOT / "tests", "inside this project's tests folder"),
        (lambda: paths.FIGURES, "inside this project's figures folder"),
    ],
    ids=["root", "home", "project", "parent", "data", "in-data", "notebooks", "src",
         "tests", "figures"],
)  # fmt: skip
def test_folders_a_run_never_writes_into(where, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(OwnershipError, match=message):
        check_output_dir(where())


def test_the_data_folder_the_run_reads_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "mydata"
    data.mkdir()
    (data / "events.csv").write_text("id\n")
    with pytest.raises(OwnershipError, match="inside the data folder the run reads"):
        check_output_dir(data / "out", data_folder=data)


def test_a_foreign_non_empty_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "thesis.tex").write_text("mine")
    with pytest.raises(OwnershipError, match="is not empty and was not made by"):
        check_output_dir(tmp_path)


def test_new_empty_and_owned_folders_are_accepted(tmp_path: Path) -> None:
    check_output_dir(tmp_path / "new")
    (tmp_path / "empty").mkdir()
    check_output_dir(tmp_path / "empty")
    owned = tmp_path / "owned"
    owned.mkdir()
    (owned / MANIFEST).write_text(ownership.manifest_text([]))
    (owned / "notes.txt").write_text("the user's own file")
    check_output_dir(owned)


def test_a_manifest_not_of_ours_does_not_give_ownership(tmp_path: Path) -> None:
    (tmp_path / MANIFEST).write_text(json.dumps({"files": []}))
    with pytest.raises(OwnershipError, match="not made by"):
        check_output_dir(tmp_path)


# What a run removes and overwrites.


def _own(folder: Path, names: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MANIFEST).write_text(ownership.manifest_text(names))
    for name in names:
        (folder / name).write_text("old")


def test_only_files_written_before_are_removed(tmp_path: Path) -> None:
    _own(tmp_path, ["01_a.png", "01_gone.png"])
    (tmp_path / "01_mine.png").write_text("the user's")
    remove, manifests = plan({tmp_path: ["01_a.png"]}, [tmp_path])
    assert remove == [tmp_path / "01_gone.png"]
    assert json.loads(manifests[tmp_path])["files"] == ["01_a.png"]


def test_a_file_not_written_before_is_never_overwritten(tmp_path: Path) -> None:
    _own(tmp_path, [])
    (tmp_path / "index.html").write_text("the user's page")
    with pytest.raises(OwnershipError, match=r"index.html exists and was not written"):
        plan({tmp_path: ["index.html"]}, [tmp_path])


def test_a_manifest_names_only_files_in_its_own_folder(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    folder = tmp_path / "out"
    folder.mkdir()
    names = ["../victim.txt", str(victim), "a/b", "..", "", MANIFEST, 7, "ok.png"]
    (folder / MANIFEST).write_text(json.dumps({"tool": ownership.TOOL, "files": names}))
    (folder / "ok.png").write_text("old")
    assert ownership.owned(folder) == {"ok.png"}
    remove, _ = plan({folder: []}, [folder])
    assert remove == [folder / "ok.png"]


def test_a_damaged_or_linked_manifest_counts_as_none(tmp_path: Path) -> None:
    (tmp_path / MANIFEST).write_text("{not json")
    assert ownership.owned(tmp_path) is None
    other = tmp_path / "elsewhere.json"
    other.write_text(ownership.manifest_text(["x"]))
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / MANIFEST).symlink_to(other)
    assert ownership.owned(linked) is None


def test_files_a_run_leaves_alone_stay_in_the_manifest(tmp_path: Path) -> None:
    _own(tmp_path, ["01_a.png", "02_b.png", "02_old.png"])
    remove, manifests = plan(
        {tmp_path: ["02_b.png"]},
        [tmp_path],
        {tmp_path: lambda name: not name.startswith("02_")},
    )
    assert remove == [tmp_path / "02_old.png"]
    assert json.loads(manifests[tmp_path])["files"] == ["01_a.png", "02_b.png"]


def test_untracked_folders_get_no_manifest(tmp_path: Path) -> None:
    remove, manifests = plan({tmp_path: ["01.ipynb"]}, [])
    assert remove == [] and manifests == {}


# The run lock.


def test_a_lock_that_is_a_symlink_is_refused_and_its_target_kept(
    tmp_path: Path,
) -> None:
    from seesaw.pipeline.runner import RunError, run_lock

    build = tmp_path / "build"
    build.mkdir()
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    (build / "run.lock").symlink_to(target)
    with pytest.raises(RunError, match="is a symbolic link"), run_lock(build):
        pass
    assert target.read_text() == "keep me"


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_lock_held_for_a_dead_process_is_taken_over(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A process left behind holds the lock, which names a run that has ended."""
    from seesaw.pipeline.runner import run_lock

    build = tmp_path / "build"
    build.mkdir()
    lock = build / "run.lock"
    dead = _dead_pid()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time\n"
            f"fd = os.open({str(lock)!r}, os.O_RDWR | os.O_CREAT)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            f"os.write(fd, b'{dead}')\n"
            "print('held', flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with run_lock(build):
            assert lock.read_text() == str(os.getpid())
        err = capsys.readouterr().err
        assert f"was held for pid {dead}, which has ended" in err
        assert "taking it over" in err
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()


def test_a_lock_held_by_a_live_run_is_not_taken_over(tmp_path: Path) -> None:
    from seesaw.pipeline.runner import RunError, run_lock

    build = tmp_path / "build"
    busy = pytest.raises(RunError, match=f"in progress \\(pid {os.getpid()}\\)")
    with run_lock(build), busy, run_lock(build):
        pass


def test_workers_do_not_hold_the_lock_and_die_with_the_runner(tmp_path: Path) -> None:
    """A pool worker forked under the lock neither keeps it nor outlives its parent."""
    script = tmp_path / "runner.py"
    script.write_text(
        "import concurrent.futures as cf, multiprocessing, os, sys, time\n"
        "from pathlib import Path\n"
        "from seesaw.pipeline import runner, workers\n"
        "def job():\n"
        "    return os.getpid()\n"
        "with runner.run_lock(Path(sys.argv[1])):\n"
        "    pool = cf.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context('fork'),\n"
        "                                  initializer=workers.worker_signals)\n"
        "    print(pool.submit(job).result(), flush=True)\n"
        "    time.sleep(60)\n"
    )
    build = tmp_path / "build"
    proc = subprocess.Popen(
        [sys.executable, str(script), str(build)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    worker = int(proc.stdout.readline())
    proc.kill()  # kill -9: no cleanup of its own
    proc.wait()
    proc.stdout.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _running(worker):
        time.sleep(0.1)
    assert not _running(worker), "the worker outlived the runner"
    from seesaw.pipeline.runner import run_lock

    with run_lock(build):  # free at once, with no takeover needed
        pass


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("inner", ["report", "notebooks", "report/new"])
def test_a_folder_inside_another_runs_output_is_refused(
    tmp_path: Path, inner: str
) -> None:
    """`--output-dir OUT/report` once replaced the report of the run into OUT (its own
    manifest made it look like an output of its own); the run into OUT, and a new
    folder beside its own (OUT/flat, which no run into OUT touches), are allowed."""
    outer = tmp_path / "out"
    for folder in (outer, outer / "report", outer / "notebooks"):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / MANIFEST).write_text(ownership.manifest_text(["index.html"]))
    (outer / "report" / "index.html").write_text("the last good report")
    folder = inner.split("/")[0]
    said = rf"is in the {folder}/ folder of another `seesaw run`'s output \({outer}\)"
    with pytest.raises(OwnershipError, match=said):
        check_output_dir(outer / inner)
    check_output_dir(outer)  # the run's own folder: updated, not refused
    check_output_dir(outer / "flat")  # beside its folders: no run into OUT touches it
    assert (outer / "report" / "index.html").read_text() == "the last good report"
