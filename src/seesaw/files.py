"""Writing files whole: atomic writes, replacing a marked block in a text, and keeping
a cache folder to its most recently used entries (pure standard library)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

from seesaw.errors import SeesawError


class MarkerError(SeesawError, ValueError):
    """A file to update lacks the markers of its generated block."""


def atomic_write(path: Path, data: bytes | str) -> None:
    """Write `data` to `path` through a temporary file in the same folder (`.tmp-`
    and its name), renamed into place; OSError, the temporary file removed, when it
    cannot be."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".tmp-{path.name}-{os.getpid()}")
    try:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def replace_block(text: str, begin: str, end: str, block: str, name: str) -> str:
    """`text` with the part from marker `begin` to marker `end` replaced by `block`
    (which carries the markers itself)."""
    if begin not in text or end not in text:
        raise MarkerError(f"{name} lacks the markers {begin!r} ... {end!r}")
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    return head + block + tail


#: The name of every cache entry: a SHA-256 key in hex (then its format's suffix).
KEY = re.compile(r"[0-9a-f]{64}")


def own_entries(folder: Path, suffixes: tuple[str, ...] = ("",)) -> Iterator[Path]:
    """The entries of the cache `folder` that a cache wrote (named by a key, with one
    of `suffixes`, not a symlink): a user's file in a folder named as a cache is never
    one of them, so it is never pruned."""
    for path in folder.iterdir():
        named = KEY.fullmatch(path.stem) and path.suffix in suffixes
        if named and not path.is_symlink():
            yield path


def keep_recent(entries: Iterable[Path], keep: int) -> None:
    """Remove all but the `keep` most recently modified of `entries` (files, or folders
    with what they hold); one removed meanwhile is passed over, and one whose name
    starts with a dot (a writer's `.tmp-` file, a folder set aside) is never counted."""
    dated = []
    for path in entries:
        if path.name.startswith("."):
            continue
        with contextlib.suppress(OSError):
            dated.append((path.lstat().st_mtime, path))
    for _, old in sorted(dated, reverse=True)[keep:]:
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)
