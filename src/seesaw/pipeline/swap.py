"""All-or-nothing placement of a run's outputs, on any filesystem.

A run's outputs (notebooks, figures, report pages) go to folders that may sit on
different filesystems from the staging folder and from each other. `place()` moves them
in as one unit:

1. prepare: copy every new file into its destination folder under a hidden temporary
   name (so the final step is a rename within one filesystem) and hard-link every file
   it will replace or remove to a hidden backup name. Any failure here (no space, a
   read-only folder, no permission) removes what was prepared: nothing has changed.
2. commit: rename each new file over its destination and remove stale ones. Should a
   rename fail, the files already renamed are put back from their backups.
3. clean up the backups.

A journal in the build folder records the plan before the commit; if the process is
killed mid-commit, the next run (`recover()`) puts the previous files back.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path


class SwapError(RuntimeError):
    """Placing the outputs failed; the message names the path and the cause."""


def _cause(err: OSError) -> str:
    return (
        err.strerror
        or (errno.errorcode.get(err.errno or 0) if err.errno else "")
        or str(err)
    )


def describe(err: OSError, path: Path | str | None = None) -> str:
    """'PATH: cause' for an OSError, with the path the error names if it has one."""
    where = err.filename or path
    return f"{where}: {_cause(err)}" if where else _cause(err)


def writable_folder(folder: Path) -> None:
    """Raise SwapError unless a file can be created in `folder` (or where it will be made).

    Probes by creating and removing a file: permission bits say nothing for root, a
    read-only mount or a full disk.
    """
    probe = folder
    while not probe.exists():
        if probe.parent == probe:
            break
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        raise SwapError(
            f"{probe}: exists and is not a folder (needed for {folder})",
        )
    try:
        fd, name = tempfile.mkstemp(prefix=".seesaw-probe-", dir=probe)
        try:
            os.write(fd, b"x")
        finally:
            os.close(fd)
            os.unlink(name)
    except OSError as err:
        where = "" if probe == folder else f" (it would be made in {probe})"
        raise SwapError(f"{folder} is not writable{where}: {_cause(err)}") from None


@dataclass
class _Entry:
    dst: str
    tmp: str | None  # the new file's temporary name; None: remove dst
    backup: str | None  # the old file's backup name; None: dst did not exist


def _hidden(dst: Path, tag: str) -> Path:
    return dst.with_name(f".{dst.name}.{tag}-{os.getpid()}")


def _journal(build: Path) -> Path:
    return build / f".swap-{os.getpid()}.json"


def _write_journal(path: Path, state: str, entries: Sequence[_Entry]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        json.dumps({"state": state, "entries": [asdict(e) for e in entries]}),
        encoding="utf-8",
    )
    os.replace(tmp, path)


def _remove(paths: Iterable[str | None]) -> None:
    """Remove what exists of `paths`, best effort (a read-only folder holds none)."""
    for p in paths:
        if p and os.path.lexists(p):
            with contextlib.suppress(OSError):
                os.unlink(p)


def _rollback(entries: Sequence[_Entry]) -> list[str]:
    """Put every destination back as it was; return what could not be restored."""
    failed = []
    for e in reversed(entries):
        try:
            if e.backup and os.path.lexists(e.backup):
                os.replace(e.backup, e.dst)
            elif e.backup is None and e.tmp and not os.path.lexists(e.tmp):
                # A new file that was already renamed into place.
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(e.dst)
        except OSError as err:
            failed.append(describe(err, e.dst))
    _remove(e.tmp for e in entries)
    return failed


def place(
    files: Sequence[tuple[Path, Path]],
    remove: Sequence[Path],
    build: Path,
) -> None:
    """Copy each (new file, destination) into place and remove `remove`, as one unit.

    Raises SwapError naming the path and the cause; the destinations are then as before.
    """
    entries = [_Entry(str(dst), str(_hidden(dst, "new")), None) for _, dst in files]
    entries += [_Entry(str(dst), None, None) for dst in remove]
    for e in entries:
        if os.path.lexists(e.dst):
            e.backup = str(_hidden(Path(e.dst), "old"))
    journal = _journal(build)
    try:
        # 1. prepare (the journal first: a kill from here on is cleaned up next run)
        build.mkdir(parents=True, exist_ok=True)
        _write_journal(journal, "prepare", entries)
        for (src, dst), e in zip(files, entries, strict=False):
            dst.parent.mkdir(parents=True, exist_ok=True)
            try:
                shutil.copyfile(src, str(e.tmp))
            except OSError as err:
                raise SwapError(
                    f"cannot write {dst}: {_cause(err)}",
                ) from None
        for e in entries:
            if e.backup:
                try:
                    os.link(e.dst, e.backup)
                except OSError:
                    shutil.copy2(e.dst, e.backup)
        _write_journal(journal, "commit", entries)
    except BaseException as err:  # also Ctrl-C or SIGTERM: nothing has changed yet
        _remove(e.tmp for e in entries)
        _remove(e.backup for e in entries)
        with contextlib.suppress(OSError):
            journal.unlink()
        if not isinstance(err, OSError):
            raise
        raise SwapError(f"cannot prepare the outputs ({describe(err)})") from None
    # 2. commit
    try:
        for e in entries:
            if e.tmp:
                os.replace(e.tmp, e.dst)
            else:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(e.dst)
    except BaseException as err:  # also Ctrl-C or SIGTERM: put everything back
        failed = _rollback(entries)
        if not failed:
            _remove(e.backup for e in entries)
            with contextlib.suppress(OSError):
                journal.unlink()
        if not isinstance(err, OSError):
            raise
        extra = f"; could not restore: {', '.join(failed)}" if failed else ""
        raise SwapError(f"cannot replace {describe(err)}{extra}") from None
    # 3. clean up
    _remove(e.backup for e in entries)
    with contextlib.suppress(OSError):
        journal.unlink()


def _visible_path(value: object) -> str:
    return ascii(str(value)[:200])


def alive(pid: int) -> bool:
    """Whether a process with this pid exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _in_targets(entry: _Entry, targets: Sequence[Path]) -> bool:
    """Whether a journal entry names only this run's own kind of paths: a destination
    directly inside one of `targets` (its folder resolved, so neither `..` nor a
    symlinked folder leads out) and the hidden new/backup names `place` gives it."""
    if not isinstance(entry.dst, str) or not entry.dst:
        return False
    dst = Path(entry.dst)
    if not dst.is_absolute() or ".." in dst.parts:
        return False
    try:
        folder = dst.parent.resolve()
        roots = [t.resolve() for t in targets]
    except (OSError, RuntimeError):
        return False
    if not any(folder == r or r in folder.parents for r in roots):
        return False
    pattern = re.compile(rf"\.{re.escape(dst.name)}\.(new|old)-\d+")
    for other in (entry.tmp, entry.backup):
        if other is None:
            continue
        if not isinstance(other, str):
            return False
        o = Path(other)
        if o.parent != dst.parent or not pattern.fullmatch(o.name):
            return False
    return True


def recover(build: Path, targets: Iterable[Path] = ()) -> list[str]:
    """Undo the half-done swaps of runs that were killed; return what was restored.

    A journal is data, not instructions: one naming any path outside `targets` (the
    folders this run writes) is ignored with a warning and left where it is; nothing it
    names is touched."""
    roots = list(targets)
    restored = []
    for journal in sorted(build.glob(".swap-*.json")):
        try:
            pid = int(journal.stem.split("-")[1])
        except (IndexError, ValueError):
            continue
        if alive(pid) and pid != os.getpid():
            continue
        if journal.is_symlink() or not journal.is_file():
            continue
        try:
            data = json.loads(journal.read_text(encoding="utf-8"))
            entries = [_Entry(**e) for e in data["entries"]]
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            continue
        outside = [e for e in entries if not _in_targets(e, roots)]
        if outside:
            print(
                f"warning: the swap journal {journal} names "
                f"{_visible_path(outside[0].dst)}, outside this run's output folders; "
                "it was ignored and nothing it names was touched",
                file=sys.stderr,
            )
            continue
        if data.get("state") == "commit":
            _rollback(entries)
            restored += [e.dst for e in entries]
        _remove(e.tmp for e in entries)
        _remove(e.backup for e in entries)
        with contextlib.suppress(OSError):
            journal.unlink()
    return restored
