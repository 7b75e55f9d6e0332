"""Writing files whole: atomic writes, and replacing a marked block in a text (pure
standard library)."""

from __future__ import annotations

import contextlib
import os
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
