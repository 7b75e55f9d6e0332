"""The execution cache of `seesaw run`: a notebook's finished outputs (notebook, report
page, renders) in one file named by a SHA-256 of everything that made them (`inputs`),
signed with the user's secret; a damaged or foreign entry is set aside and the notebook
runs again. `SEESAW_CACHE=off` turns it off, another value is
its folder. (jupyter-cache keys on code cells only: stale after a data update.)"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seesaw import paths
from seesaw.data import memo
from seesaw.files import keep_recent, own_entries
from seesaw.pipeline.workers import VOLATILE_CELL_KEYS, VOLATILE_NOTEBOOK_KEYS

CACHE_ENV = memo.CACHE_ENV
FORMAT = "seesaw-nbcache-5"  # bumped whenever the layout or the key's recipe changes
SIGNED = f"{FORMAT}\n".encode()  # an entry's first line, under its signature
DAMAGED = ".damaged"
PACKAGE = memo.PACKAGE
KEEP = 60  # entries kept; the least recently used beyond that are removed
#: Metadata that execution writes or a viewer toggles (what `clean_notebook` drops, and
#: the kernel's `language_info`): not part of a notebook's source.
VOLATILE_METADATA = (*VOLATILE_CELL_KEYS, *VOLATILE_NOTEBOOK_KEYS, "language_info")


class CacheError(RuntimeError):
    """An entry failed a check (only raised inside `load`, which sets it aside)."""


def cache_dir() -> Path | None:
    """`build/cache/notebooks`, the folder `SEESAW_CACHE` names, or None when off."""
    return memo.cache_folder(CACHE_ENV, "notebooks")


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def data_files(data_dir: Path) -> list[Path]:
    """Every regular, not hidden file under the data folder, but no symlink out of it."""
    root = data_dir.resolve()
    return [
        p
        for p in sorted(data_dir.rglob("*"))
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(data_dir).parts)
        and (not p.is_symlink() or p.resolve().is_relative_to(root))
    ]


def package_files() -> list[Path]:
    """The package: every file under src/seesaw/ (its code, the report's templates, the
    worked examples), bytecode aside."""
    return [
        p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    ]


def _digest(root: Path, files: list[Path]) -> str:
    """`memo.tree_digest` of `files` under `root`; OSError when one cannot be read."""
    if (digest := memo.tree_digest(root, files=files)) is None:
        raise OSError(f"cannot read every file under {root} for the cache key")
    return digest


def shared(data_dir: Path) -> dict[str, str]:
    """The digests every notebook's key shares (computed once per run)."""
    lock = [paths.ROOT / n for n in ("requirements.lock", "overrides.txt")]
    python = ".".join(str(v) for v in sys.version_info[:3])
    return {
        "data": _digest(data_dir, data_files(data_dir)),
        "package": _digest(PACKAGE, package_files()),
        "environment": _digest(paths.ROOT, [p for p in lock if p.is_file()])
        + f"|python {python}",
    }


def source_digest(notebook: Path) -> str:
    """SHA-256 of what a notebook says to run and show (cells' type, source, metadata
    and attachments; its metadata), without outputs, ids, volatile metadata and
    papermill's injected cell: an executed copy written over its source keeps it."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))

    def meta(value: Any) -> dict[str, Any]:
        return {
            k: v
            for k, v in dict(value or {}).items()
            if k not in VOLATILE_METADATA and not (k == "tags" and not v)
        }

    body = {
        "nbformat": nb.get("nbformat"),  # not the minor: writing a copy may upgrade it
        "metadata": meta(nb.get("metadata")),
        "cells": [
            {
                "cell_type": cell.get("cell_type"),
                "source": "".join(cell.get("source", "")),  # lines, or one text
                "metadata": meta(cell.get("metadata")),
                "attachments": cell.get("attachments") or {},
            }
            for cell in nb.get("cells", [])
            if "injected-parameters" not in (cell.get("metadata") or {}).get("tags", [])
        ],
    }
    return cache_key(body)


def inputs(
    notebook: Path,
    parameters: Mapping[str, Any],
    shared: Mapping[str, str],
    kernel: str,
) -> dict[str, Any]:
    """What a notebook's key is made of (each a SHA-256 hex digest unless said)."""
    return {
        "format": FORMAT,
        "notebook": notebook.name,
        "source": source_digest(notebook),
        "parameters": json.dumps(dict(parameters), sort_keys=True, default=str),
        **shared,
        "kernel": kernel,
    }


def cache_key(parts: Mapping[str, Any]) -> str:
    """SHA-256 of the inputs as canonical JSON (sorted keys)."""
    text = json.dumps(dict(parts), sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Entry:
    """One notebook's cached outputs."""

    notebook: bytes
    page: tuple[str, str] | None = None  # (HTML, title)
    rendered: dict[tuple[str, str], bytes] = field(default_factory=dict)
    has_svg: bool = False


def store(
    folder: Path, key: str, entry: Entry, parts: Mapping[str, Any] | None = None
) -> Path | None:
    """Write `entry` under `key` (a temporary file, then one rename), signed; None, with
    a warning, when it cannot be (a read-only or full cache folder: the run goes on)."""
    secret = memo.secret(_warn)  # shared with the computation cache
    if secret is None:
        return None
    payload = pickle.dumps((key, dict(parts or {}), entry))
    try:
        memo.write_signed(folder / key, secret, payload, SIGNED)
        # The `KEEP` most recently used entries (an entry of the former layout is a
        # folder; `.damaged/` is kept).
        keep_recent(own_entries(folder), KEEP)
    except OSError as err:
        _warn(
            f"the notebook cache {folder} cannot be written ({err.strerror or err}); "
            "this notebook's outputs were kept but not cached"
        )
        return None
    return folder / key


def _check(path: Path, key: str, secret: bytes) -> Entry:
    payload = memo.read_signed(path, secret, SIGNED)
    if payload is None:
        raise CacheError("it was not written by this user's runs (or was edited)")
    found, _, entry = pickle.loads(payload)  # signed: only this user wrote it
    if found != key or not isinstance(entry, Entry):
        raise CacheError("it is for another key")
    return entry


def load(folder: Path, key: str) -> Entry | None:
    """The entry under `key`, or None: missing, or failing a check (then set aside
    under `.damaged/`, never served nor pruned, with a warning)."""
    path = folder / key
    if path.is_symlink() or not path.is_file():
        return None
    secret = memo.secret(_warn)
    if secret is None:
        return None
    try:
        entry = _check(path, key, secret)
    except Exception as err:  # unreadable, unsigned, or a payload Python cannot read
        why = str(err) if isinstance(err, CacheError) else f"{type(err).__name__}"
        aside = folder / DAMAGED / f"{key[:16]}-{int(time.time())}"
        try:
            aside.parent.mkdir(exist_ok=True)
            path.rename(aside)
            where = f"set aside as {aside}"
        except OSError:
            with contextlib.suppress(OSError):
                path.unlink()
            where = "removed"
        _warn(
            f"the cache entry {key[:16]}... is damaged ({why}); {where}, "
            "and the notebook runs again"
        )
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used
    return entry
