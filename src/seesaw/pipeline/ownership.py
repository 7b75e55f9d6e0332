"""What a run may write into and remove: only what it wrote before, as named by each
output folder's `.seesaw-manifest.json` (plain file names: never outside its folder)."""

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
        and name not in {"", ".", "..", MANIFEST}
        and not any(c in name for c in "/\\\x00")
    )


def owned(folder: Path) -> set[str] | None:
    """The file names the last run recorded writing in `folder`; None without a
    manifest (or a damaged, linked or foreign one)."""
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
    return {n for n in files if _plain(n)} if isinstance(files, list) else None


def manifest_text(names: Iterable[str]) -> str:
    """The manifest for a folder holding `names` (sorted: a rerun writes the same bytes)."""
    files = sorted({n for n in names if _plain(n)})
    return json.dumps({"tool": TOOL, "files": files}, indent=1) + "\n"


def check_output_dir(output_dir: Path, data_folder: Path | None = None) -> None:
    """Refuse an `--output-dir` the run does not own, with one sentence saying why:
    the root, home, the project or a folder of it, the data read, a foreign folder."""
    shown = f"--output-dir {output_dir}"
    here = output_dir.expanduser().resolve()
    root = paths.ROOT.resolve()
    fix = "choose a new or empty folder, such as out/"
    if here == Path(here.anchor):
        raise OwnershipError(f"{shown} is the root of the file system; {fix}")
    if here == Path.home().resolve():
        raise OwnershipError(f"{shown} is your home folder; {fix}")
    if here == root:
        raise OwnershipError(
            f"{shown} is this project's own folder; run without --output-dir to "
            "update it in place, or choose a new or empty folder"
        )
    if root.is_relative_to(here):
        raise OwnershipError(f"{shown} holds this project; {fix}")
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
        if here.is_relative_to(folder):
            raise OwnershipError(
                f"{shown} is inside this project's {label} folder ({folder}); {fix}"
            )
    if data_folder is not None and here.is_relative_to(data_folder.resolve()):
        raise OwnershipError(f"{shown} is inside the data folder the run reads; {fix}")
    # in or under a folder of another run's output (its report/, notebooks/ or
    # figures/, each with a manifest beside its run's own): a run there would replace
    # what that run wrote, its last good report with it
    for inner in (here, *here.parents):
        if owned(inner) is not None and owned(inner.parent) is not None:
            raise OwnershipError(
                f"{shown} is in the {inner.name}/ folder of another `seesaw run`'s "
                f"output ({inner.parent}); run into {inner.parent} itself to update it, "
                "or choose a new or empty folder"
            )
    try:
        foreign = here.is_dir() and any(here.iterdir()) and owned(here) is None
    except OSError:
        foreign = False
    if foreign:
        raise OwnershipError(
            f"{shown} is not empty and was not made by `seesaw run` "
            f"(it has no {MANIFEST}); {fix}, or empty it yourself"
        )


def plan(
    targets: Mapping[Path, Iterable[str]],
    tracked: Iterable[Path],
    keep: Mapping[Path, Callable[[str], bool]] | None = None,
) -> tuple[list[Path], dict[Path, str]]:
    """What to remove from the `tracked` folders of `targets` (folder: names written)
    and their new manifests; an existing file the old manifest does not name is refused.
    `keep[folder](name)` marks old files left alone (another notebook's figures)."""
    remove: list[Path] = []
    manifests: dict[Path, str] = {}
    keep, tracked = keep or {}, set(tracked)
    for folder, names in targets.items():
        if folder not in tracked:
            continue
        new = set(names)
        before = owned(folder) or set()
        if folder in keep:
            new |= {
                n for n in before - new if keep[folder](n) and (folder / n).is_file()
            }
        for name in sorted(new - before):
            if os.path.lexists(folder / name):
                raise OwnershipError(
                    f"{folder / name} exists and was not written by `seesaw run`; "
                    "move it away (the run would overwrite it)"
                )
        for name in sorted(before - new):
            old = folder / name
            if old.is_file() and not old.is_symlink():
                remove.append(old)
        manifests[folder] = manifest_text(new)
    return remove, manifests
