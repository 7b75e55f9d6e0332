# ruff: noqa: F811  (the project fixtures come from test_runner)
"""All-or-nothing outputs on any filesystem: checks before any work, a swap that rolls
back, read-only and full destinations, another filesystem, Ctrl-C.

The faults are real: a read-only bind mount (permission bits do not stop root, which
these tests run as) and small tmpfs mounts. Where `mount` is not allowed, those tests
skip and say so.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from seesaw.pipeline import swap
from tests.test_runner import (  # noqa: F401  (fixtures)
    _run,
    _snapshot,
    _start,
    _wait_for_kernels,
    built,
    project,
)

# -- the swap itself ---------------------------------------------------------------


def _tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def outputs(tmp_path: Path) -> tuple[Path, Path, list[tuple[Path, Path]], list[Path]]:
    """Old outputs in two folders, new files staged elsewhere, one stale file."""
    out, new, build = tmp_path / "out", tmp_path / "new", tmp_path / "build"
    for sub in ("notebooks", "figures"):
        (out / sub).mkdir(parents=True)
    (out / "notebooks" / "01_a.ipynb").write_text("old a")
    (out / "figures" / "01_a.png").write_text("old png")
    (out / "figures" / "01_stale.svg").write_text("stale")
    new.mkdir()
    (new / "01_a.ipynb").write_text("new a")
    (new / "01_a.png").write_text("new png")
    (new / "01_b.txt").write_text("new txt")
    files = [
        (new / "01_a.ipynb", out / "notebooks" / "01_a.ipynb"),
        (new / "01_a.png", out / "figures" / "01_a.png"),
        (new / "01_b.txt", out / "figures" / "01_b.txt"),
    ]
    return out, build, files, [out / "figures" / "01_stale.svg"]


def test_place_swaps_everything(outputs) -> None:
    out, build, files, remove = outputs
    swap.place(files, remove, build)
    assert _tree(out) == _tree(out) and {
        k: (out / k).read_text() for k in _tree(out)
    } == {
        "figures/01_a.png": "new png",
        "figures/01_b.txt": "new txt",
        "notebooks/01_a.ipynb": "new a",
    }
    assert not list(build.glob(".swap-*"))


def test_a_failed_rename_puts_everything_back(
    outputs, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, build, files, remove = outputs
    before = _tree(out)
    real = os.replace
    calls = []

    def flaky(src, dst):  # the third rename of an output fails
        if ".swap-" not in str(dst):
            calls.append(dst)
        if len(calls) == 3 and ".swap-" not in str(dst):
            raise OSError(28, "No space left on device", str(dst))
        return real(src, dst)

    monkeypatch.setattr(swap.os, "replace", flaky)
    with pytest.raises(swap.SwapError) as caught:
        swap.place(files, remove, build)
    assert str(caught.value) == (
        f"cannot replace {out / 'figures' / '01_b.txt'}: No space left on device"
    )
    assert _tree(out) == before  # byte-identical, no hidden files left
    assert not list(build.glob(".swap-*"))


def test_a_failed_copy_changes_nothing(outputs, monkeypatch) -> None:
    out, build, files, remove = outputs
    before = _tree(out)
    real = swap.shutil.copyfile

    def full(src, dst):
        if str(dst).endswith(f".png.new-{os.getpid()}"):
            raise OSError(28, "No space left on device", str(dst))
        return real(src, dst)

    monkeypatch.setattr(swap.shutil, "copyfile", full)
    with pytest.raises(swap.SwapError, match="No space left on device") as caught:
        swap.place(files, remove, build)
    assert str(caught.value) == (
        f"cannot write {out / 'figures' / '01_a.png'}: No space left on device"
    )
    assert _tree(out) == before


def test_recover_undoes_a_commit_cut_short(outputs) -> None:
    """A run killed mid-commit: the next run puts the previous files back."""
    out, build, files, _ = outputs
    before = _tree(out)
    # Prepare as `place` does, then commit only the first rename, then "die".
    pid = 2**22 + 12345  # no such process
    entries = []
    for src, dst in files:
        tmp = dst.with_name(f".{dst.name}.new-{pid}")
        tmp.write_bytes(src.read_bytes())
        backup = dst.with_name(f".{dst.name}.old-{pid}") if dst.exists() else None
        if backup:
            os.link(dst, backup)
        entries.append(
            {
                "dst": str(dst),
                "tmp": str(tmp),
                "backup": str(backup) if backup else None,
            }
        )
    build.mkdir()
    (build / f".swap-{pid}.json").write_text(
        json.dumps({"state": "commit", "entries": entries})
    )
    os.replace(entries[0]["tmp"], entries[0]["dst"])
    os.replace(entries[2]["tmp"], entries[2]["dst"])  # a new file placed
    assert _tree(out) != before
    assert swap.recover(build, [out]) == [e["dst"] for e in entries]
    assert _tree(out) == before
    assert not list(build.glob(".swap-*"))


def test_writable_folder_names_the_cause(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(swap.SwapError) as caught:
        swap.writable_folder(blocker / "figures")
    assert str(caught.value) == (
        f"{blocker}: exists and is not a folder (needed for {blocker / 'figures'})"
    )
    swap.writable_folder(tmp_path / "new" / "deeper")  # to be made: fine


# -- real faults, through `seesaw run` ----------------------------------------------


def _mount(*args: str) -> None:
    result = subprocess.run(
        ["mount", *args], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        pytest.skip(
            f"cannot mount here ({' '.join(args)}: {result.stderr.strip()}); "
            "the fault cannot be made for real"
        )


@contextlib.contextmanager
def _mounted(*args: str) -> Iterator[None]:
    target = args[-1]
    _mount(*args)
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", target], check=False)


@contextlib.contextmanager
def _read_only(folder: Path) -> Iterator[None]:
    with _mounted("--bind", str(folder), str(folder)):
        _mount("-o", "remount,ro,bind", str(folder))
        probe = folder / "probe"
        with pytest.raises(OSError):
            probe.write_text("x")  # really read-only, even for root
        yield


@pytest.mark.slow  # runs `seesaw run` on a built project
def test_an_output_dir_that_is_a_file_is_refused_before_any_work(
    project: Path,
) -> None:
    target = project / "out"
    target.write_text("a file")
    result = _run(project, ["--output-dir", str(target)])
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"seesaw run: --output-dir {target}: exists and is not a folder"
    )
    assert not list((project / "build").glob("run-*.lock"))  # never got that far


@pytest.mark.slow  # runs `seesaw run` on a built project
def test_an_output_subfolder_that_is_a_file_is_refused(project: Path) -> None:
    from seesaw.pipeline import ownership

    (project / "out").mkdir()
    (project / "out" / ownership.MANIFEST).write_text(ownership.manifest_text([]))
    (project / "out" / "figures").write_text("a file")
    result = _run(project, ["--output-dir", str(project / "out")])
    assert result.returncode == 1
    assert f"{project / 'out' / 'figures'}: exists and is not a folder" in result.stderr
    assert not (project / "out" / "notebooks").exists()


@pytest.mark.slow  # runs `seesaw run` on a built project
def test_read_only_figures_is_refused_before_any_work(project: Path) -> None:
    before = _snapshot(project)
    with _read_only(project / "figures"):
        result = _run(project, [])
    assert result.returncode == 1, result.stderr
    figures = project / "figures"
    assert result.stderr.strip() == (
        f"seesaw run: {figures} is not writable: Read-only file system; nothing was run"
    )
    assert "Traceback" not in result.stderr
    assert _snapshot(project) == before
    assert not list((project / "build").glob(".staging-*"))


@pytest.mark.slow  # runs `seesaw run` on a built project
def test_figures_read_only_at_swap_time_rolls_back(project: Path) -> None:
    """figures/ turns read-only while the notebooks run: nothing is swapped in."""
    before = _snapshot(project)
    figures = project / "figures"
    proc = _start(project, ["-p", "sleep", "6"])
    try:
        _wait_for_kernels(project, limit=60)
        with _read_only(figures):
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 1, err
            assert _snapshot(project) == before  # notebooks/ untouched too
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    first = err.splitlines()[0]
    assert first.startswith(f"seesaw run: cannot write {figures}/01_counts.")
    assert first.endswith(": Read-only file system")
    assert "Nothing was changed in" in err and "Traceback" not in err


@pytest.mark.slow  # runs `seesaw run` on a built project
def test_output_on_another_filesystem(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "tmpfs"
    out.mkdir()
    with _mounted("-t", "tmpfs", "-o", "size=64m", "tmpfs", str(out)):
        assert os.stat(out).st_dev != os.stat(project / "build").st_dev
        first = _run(project, ["--output-dir", str(out)])
        assert first.returncode == 0, first.stderr
        assert (out / "notebooks" / "01_first.ipynb").is_file()
        assert (out / "figures" / "02_counts.svg").is_file()
        again = _run(project, ["--output-dir", str(out), "--notebooks", "01"])
        assert again.returncode == 0, again.stderr
        hidden = [
            p
            for p in out.rglob(".*")
            if p.is_file() and p.name != ".seesaw-manifest.json"
        ]
        assert hidden == []  # no temporary or backup file left behind


@pytest.mark.slow  # runs `seesaw run` on a built project
def test_a_full_disk_rolls_back(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "tiny"
    out.mkdir()
    with _mounted("-t", "tmpfs", "-o", "size=16m", "tmpfs", str(out)):
        first = _run(project, ["--output-dir", str(out)])
        assert first.returncode == 0, first.stderr
        before = _tree(out)
        # Fill the disk, leaving less than the new figures need.
        free = os.statvfs(out).f_bavail * os.statvfs(out).f_frsize
        (out / "filler").write_bytes(b"\0" * max(free - 64 * 1024, 0))
        before["filler"] = _tree(out)["filler"]
        result = _run(project, ["--output-dir", str(out)])
        assert result.returncode == 1, result.stderr
        assert f"cannot write {out}/" in result.stderr
        assert ": No space left on device" in result.stderr
        assert "Traceback" not in result.stderr
        assert "Nothing was changed in" in result.stderr
        assert _tree(out) == before


@pytest.mark.slow  # runs `seesaw run` on a built project
def test_ctrl_c_mid_run(project: Path) -> None:
    before = _snapshot(project)
    proc = _start(project, ["-p", "sleep", "10"])
    try:
        _wait_for_kernels(project)
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole group
        _, err = proc.communicate(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130
    assert err == "seesaw run: interrupted; nothing was changed\n"
    assert _snapshot(project) == before
    assert not list((project / "build").glob(".staging-*"))


@pytest.mark.slow  # runs `seesaw run` on a built project
def test_a_full_build_folder_names_the_cause(project: Path) -> None:
    """build/ (staging, failed copies) on a full disk: the notebook's own error is
    shown, no 0-byte copy is left in build/failed/, the outputs stay as they were."""
    before = _snapshot(project)
    build = project / "build"
    with _mounted("-t", "tmpfs", "-o", "size=256k", "tmpfs", str(build)):
        free = os.statvfs(build).f_bavail * os.statvfs(build).f_frsize
        (build / "filler").write_bytes(b"\0" * max(free - 8 * 1024, 0))
        result = _run(project, [])
        failed = (
            list((build / "failed").glob("*")) if (build / "failed").is_dir() else []
        )
        assert all(p.stat().st_size > 0 for p in failed), failed
    assert result.returncode == 1, result.stderr
    assert ".ipynb failed in OSError: No space left on device (writing " in (
        result.stderr
    )
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert _snapshot(project) == before


@pytest.mark.parametrize(
    "entry",
    [
        {"dst": "{victim}", "tmp": None, "backup": None},  # remove a file elsewhere
        {"dst": "{out}/../victim.txt", "tmp": None, "backup": None},  # .. out
        {
            "dst": "{out}/a.txt",
            "tmp": None,
            "backup": "{victim}",
        },  # restore from outside
        {"dst": "{out}/a.txt", "tmp": "{victim}", "backup": None},  # remove outside
        {"dst": "{out}/link/x.txt", "tmp": None, "backup": None},  # symlinked folder
        {"dst": "relative.txt", "tmp": None, "backup": None},
        {"dst": 7, "tmp": None, "backup": None},
    ],
)
def test_a_journal_naming_paths_outside_the_targets_is_ignored(
    tmp_path: Path, entry: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    """build/ is data, not instructions: a stale or planted journal acts on nothing
    outside the run's own output folders."""
    out, build = tmp_path / "out", tmp_path / "build"
    out.mkdir()
    build.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (out / "a.txt").write_text("a")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "link").symlink_to(elsewhere)
    (elsewhere / "x.txt").write_text("keep me too")
    fill = {k: v for k, v in {"victim": str(victim), "out": str(out)}.items()}
    planted = {
        k: v.format(**fill) if isinstance(v, str) else v for k, v in entry.items()
    }
    journal = build / ".swap-4194303.json"  # a pid beyond the default pid_max
    journal.write_text(json.dumps({"state": "commit", "entries": [planted]}))
    assert swap.recover(build, [out]) == []
    assert victim.read_text() == "keep me"
    assert (elsewhere / "x.txt").read_text() == "keep me too"
    assert (out / "a.txt").read_text() == "a"
    err = capsys.readouterr().err
    assert f"warning: the swap journal {journal} names " in err
    assert (
        "outside this run's output folders; it was ignored and nothing it names "
        "was touched" in err
    )
    assert journal.exists()  # left as it was, for a person to look at
