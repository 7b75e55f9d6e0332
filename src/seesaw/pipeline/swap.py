"""All-or-nothing placement of a run's outputs, on any filesystem.

`place()` copies every new file beside its destination under a hidden name and links
each file it replaces or removes to a hidden backup (a failure here changes nothing),
then renames the new files into place (a failed rename puts the backups back), then
drops the backups. A journal in the build folder records the plan before the renames;
`recover()` puts the previous files back after a run killed mid-way.
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

from seesaw.files import atomic_write


class SwapError(RuntimeError):
    """Placing the outputs failed; the message names the path and the cause."""


def _cause(err: OSError) -> str:
    return err.strerror or errno.errorcode.get(err.errno or 0, "") or str(err)


def describe(err: OSError, path: Path | str | None = None) -> str:
    """'PATH: cause' for an OSError, with the path the error names if it has one."""
    where = err.filename or path
    return f"{where}: {_cause(err)}" if where else _cause(err)


def writable_folder(folder: Path) -> None:
    """Raise SwapError unless a file can be created in `folder` (or where it will be
    made): a probe file, since permission bits say nothing for root or a full disk."""
    probe = folder
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        raise SwapError(f"{probe}: exists and is not a folder (needed for {folder})")
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


def _hidden(dst: Path, tag: str) -> str:
    return str(dst.with_name(f".{dst.name}.{tag}-{os.getpid()}"))


def _remove(paths: Iterable[str | None]) -> None:
    """Remove what exists of `paths`, best effort (a read-only folder holds none)."""
    for p in paths:
        if p and os.path.lexists(p):
            with contextlib.suppress(OSError):
                os.unlink(p)


def _discard(entries: Sequence[_Entry], journal: Path) -> None:
    _remove(e.tmp for e in entries)
    _remove(e.backup for e in entries)
    with contextlib.suppress(OSError):
        journal.unlink()


def _rollback(entries: Sequence[_Entry]) -> list[str]:
    """Put every destination back as it was; return what could not be restored."""
    failed = []
    for e in reversed(entries):
        try:
            if e.backup and os.path.lexists(e.backup):
                os.replace(e.backup, e.dst)
            elif e.backup is None and e.tmp and not os.path.lexists(e.tmp):
                Path(e.dst).unlink(missing_ok=True)  # already renamed in
        except OSError as err:
            failed.append(describe(err, e.dst))
    _remove(e.tmp for e in entries)
    return failed


def place(
    files: Sequence[tuple[Path, Path]], remove: Sequence[Path], build: Path
) -> None:
    """Copy each (new file, destination) into place and remove `remove`, as one unit;
    or raise SwapError naming the path and the cause, the destinations as before."""
    entries = [_Entry(str(dst), _hidden(dst, "new"), None) for _, dst in files]
    entries += [_Entry(str(dst), None, None) for dst in remove]
    for e in entries:
        if os.path.lexists(e.dst):
            e.backup = _hidden(Path(e.dst), "old")
    journal = build / f".swap-{os.getpid()}.json"

    def write_journal(state: str) -> None:
        body = {"state": state, "entries": [asdict(e) for e in entries]}
        atomic_write(journal, json.dumps(body))

    try:  # prepare (the journal first: a kill from here on is cleaned up next run)
        build.mkdir(parents=True, exist_ok=True)
        write_journal("prepare")
        for (src, dst), e in zip(files, entries, strict=False):
            dst.parent.mkdir(parents=True, exist_ok=True)
            try:
                shutil.copyfile(src, str(e.tmp))
            except OSError as err:
                raise SwapError(f"cannot write {dst}: {_cause(err)}") from None
        for e in entries:
            if e.backup:
                try:
                    os.link(e.dst, e.backup)
                except OSError:
                    shutil.copy2(e.dst, e.backup)
        write_journal("commit")
    except BaseException as err:  # also Ctrl-C or SIGTERM: nothing has changed yet
        _discard(entries, journal)
        if not isinstance(err, OSError):
            raise
        raise SwapError(f"cannot prepare the outputs ({describe(err)})") from None
    try:  # commit
        for e in entries:
            if e.tmp:
                os.replace(e.tmp, e.dst)
            else:
                Path(e.dst).unlink(missing_ok=True)
    except BaseException as err:  # also Ctrl-C or SIGTERM: put everything back
        failed = _rollback(entries)
        if not failed:
            _discard(entries, journal)
        if not isinstance(err, OSError):
            raise
        extra = f"; could not restore: {', '.join(failed)}" if failed else ""
        raise SwapError(f"cannot replace {describe(err)}{extra}") from None
    _discard(entries, journal)


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
    """Whether a journal entry names only a destination directly inside one of
    `targets` (resolved: neither `..` nor a symlink leads out) and the hidden
    new/backup names `place` gives it."""
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
    if not any(folder.is_relative_to(r) for r in roots):
        return False
    pattern = re.compile(rf"\.{re.escape(dst.name)}\.(new|old)-\d+")
    return all(
        isinstance(o, str)
        and Path(o).parent == dst.parent
        and pattern.fullmatch(Path(o).name)
        for o in (entry.tmp, entry.backup)
        if o is not None
    )


def recover(build: Path, targets: Iterable[Path]) -> list[str]:
    """Undo the half-done swaps of killed runs; return what was restored. A journal
    naming a path outside `targets` is ignored with a warning, nothing it names touched."""
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
        if outside := [e for e in entries if not _in_targets(e, roots)]:
            print(
                f"warning: the swap journal {journal} names "
                f"{str(outside[0].dst)[:200]!a}, outside this run's output "
                "folders; it was ignored and nothing it names was touched",
                file=sys.stderr,
            )
            continue
        if data.get("state") == "commit":
            _rollback(entries)
            restored += [e.dst for e in entries]
        _discard(entries, journal)
    return restored
