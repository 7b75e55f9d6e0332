"""What a run may write into, and what it may remove: only what it wrote before.

Every folder a run writes its outputs into (notebooks, figures, report) holds a
manifest, `.seesaw-manifest.json`, listing the files the last run placed there. A run
removes a file only when that manifest names it and the run no longer produces it, and
overwrites an existing file only when the manifest names it; a file the user put there
is never touched. An `--output-dir` is accepted only when it is new, empty, or made by
an earlier run (its own manifest says so), and never when it is the file system's root,
the user's home, this project's folder, one of its source, data, notebooks, tests or
figures folders (or a folder inside them), or the data folder the run reads.

Manifests are data, not instructions: a name with a folder part, `..`, or anything but
a plain file name is ignored, so a manifest can only ever name files directly inside
its own folder.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from seesaw import paths
from seesaw.errors import SeesawError

MANIFEST = ".seesaw-manifest.json"
#: What the manifest says it is (a file of that name written by someone else is not one).
TOOL = "seesaw run"


class OwnershipError(SeesawError, RuntimeError):
    """A destination the run may not write into; the message says why and what to do."""


def _plain(name: object) -> bool:
    return (
        isinstance(name, str)
        and name not in {"", ".", ".."}
        and "/" not in name
        and "\\" not in name
        and "\x00" not in name
        and name != MANIFEST
    )


def owned(folder: Path) -> set[str] | None:
    """The file names the last run recorded writing in `folder`; None without a manifest.

    A manifest that is damaged, or a symbolic link, or not ours, counts as none.
    """
    path = folder / MANIFEST
    if path.is_symlink() or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or data.get("tool") != TOOL:
        return None
    files = data.get("files")
    if not isinstance(files, list):
        return None
    return {name for name in files if _plain(name)}


def manifest_text(names: Iterable[str]) -> str:
    """The manifest for a folder holding `names` (sorted, so a rerun writes the same bytes)."""
    files = sorted({n for n in names if _plain(n)})
    return json.dumps({"tool": TOOL, "files": files}, indent=1) + "\n"


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _visible(folder: Path) -> list[str]:
    try:
        return sorted(p.name for p in folder.iterdir())
    except OSError:
        return []


def check_output_dir(output_dir: Path, data_folder: Path | None = None) -> None:
    """Refuse an `--output-dir` the run does not own, with one sentence saying why."""
    shown = str(output_dir)
    here = output_dir.expanduser().resolve()
    root = paths.ROOT.resolve()
    fix = "choose a new or empty folder, such as out/"
    if here == Path(here.anchor):
        raise OwnershipError(
            f"--output-dir {shown} is the root of the file system; {fix}"
        )
    if here == Path.home().resolve():
        raise OwnershipError(f"--output-dir {shown} is your home folder; {fix}")
    if here == root:
        raise OwnershipError(
            f"--output-dir {shown} is this project's own folder; "
            "run without --output-dir to update it in place, or choose a new or empty folder"
        )
    if _inside(root, here):
        raise OwnershipError(f"--output-dir {shown} holds this project; {fix}")
    own = {
        "source": root / "src",
        "data": paths.DATA.resolve(),
        "notebooks": paths.NOTEBOOKS.resolve(),
        "tests": root / "tests",
        "figures": paths.FIGURES.resolve(),
        "scripts": root / "scripts",
        "git": root / ".git",
    }
    for label, folder in own.items():
        if _inside(here, folder):
            raise OwnershipError(
                f"--output-dir {shown} is inside this project's {label} folder ({folder}); {fix}"
            )
    if data_folder is not None and _inside(here, data_folder.resolve()):
        raise OwnershipError(
            f"--output-dir {shown} is inside the data folder the run reads; {fix}"
        )
    if here.is_dir() and _visible(here) and owned(here) is None:
        raise OwnershipError(
            f"--output-dir {shown} is not empty and was not made by `seesaw run` "
            f"(it has no {MANIFEST}); {fix}, or empty it yourself"
        )


def plan(
    targets: Mapping[Path, Iterable[str]],
    tracked: Iterable[Path],
    keep: Mapping[Path, Callable[[str], bool]] | None = None,
) -> tuple[list[Path], dict[Path, str]]:
    """What to remove, and each tracked folder's new manifest.

    `targets` maps each destination folder to the names this run writes there; for the
    folders in `tracked`, a file is removed only when the old manifest names it and this
    run does not write it, and an existing file that the old manifest does not name and
    this run would write is refused (OwnershipError naming it). `keep[folder](name)`
    marks files of the old manifest this run leaves alone (another notebook's figures
    in a run of some notebooks only): they stay, and stay in the manifest.
    """
    remove: list[Path] = []
    manifests: dict[Path, str] = {}
    tracked = set(tracked)
    keep = keep or {}
    for folder, names in targets.items():
        if folder not in tracked:
            continue
        new = set(names)
        before = owned(folder) or set()
        kept = keep.get(folder)
        if kept is not None:
            left = {n for n in before - new if kept(n)}
            new |= {n for n in left if (folder / n).is_file()}
        for name in sorted(new - before):
            dst = folder / name
            if os.path.lexists(dst):
                raise OwnershipError(
                    f"{dst} exists and was not written by `seesaw run`; "
                    "move it away (the run would overwrite it)"
                )
        for name in sorted(before - new):
            old = folder / name
            if old.is_file() and not old.is_symlink():
                remove.append(old)
        manifests[folder] = manifest_text(new)
    return remove, manifests
