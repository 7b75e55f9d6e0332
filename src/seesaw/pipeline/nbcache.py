"""The execution cache of `seesaw run`: a notebook's finished outputs (notebook, report
page, renders) under a SHA-256 of everything that made them (`inputs`), each file's
digest in a manifest signed with the user's secret; a damaged or foreign entry is set
aside and the notebook runs again. `SEESAW_CACHE=off` turns it off, another value is
its folder. (jupyter-cache keys on code cells only: stale after a data update.)"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import shutil
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seesaw import paths
from seesaw.data import memo

CACHE_ENV = memo.CACHE_ENV
FORMAT = "seesaw-nbcache-2"  # bumped whenever the layout or the key's recipe changes
MANIFEST = "manifest.json"
DAMAGED = ".damaged"
KEEP = 60  # entries kept; the least recently used beyond that are removed
#: Metadata that execution writes or a viewer toggles: not part of a notebook's source.
VOLATILE_METADATA = (
    "execution",
    "papermill",
    "collapsed",
    "scrolled",
    "widgets",
    "language_info",
    "celltoolbar",
)


class CacheError(RuntimeError):
    """An entry failed a check (only raised inside `load`, which sets it aside)."""


def cache_dir() -> Path | None:
    """`build/cache/notebooks`, the folder `SEESAW_CACHE` names, or None when off."""
    setting = os.environ.get(CACHE_ENV, "")
    if setting.lower() in memo.OFF:
        return None
    return Path(setting) if setting else paths.BUILD / "cache" / "notebooks"


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def _secret() -> bytes | None:
    """This user's cache secret, shared with `seesaw.data.memo`."""
    return memo.secret(_warn)


def tree_digest(files: Iterable[tuple[str, Path]]) -> str:
    """One SHA-256 over (name, SHA-256 of the bytes) pairs, in name order."""
    digest = hashlib.sha256()
    for name, path in sorted(files):
        with path.open("rb") as handle:
            own = hashlib.file_digest(handle, "sha256").hexdigest()
        digest.update(f"{name}\0{own}\n".encode())
    return digest.hexdigest()


def data_files(data_dir: Path) -> list[tuple[str, Path]]:
    """Every regular, not hidden file under the data folder, but no symlink out of it."""
    root = data_dir.resolve()
    return [
        (str(p.relative_to(data_dir)), p)
        for p in sorted(data_dir.rglob("*"))
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(data_dir).parts)
        and (not p.is_symlink() or p.resolve().is_relative_to(root))
    ]


def package_files() -> list[tuple[str, Path]]:
    """The package: every file under src/seesaw/ (its code, the report's templates, the
    worked examples), bytecode aside."""
    here = Path(__file__).resolve().parents[1]
    return [
        (str(p.relative_to(here)), p)
        for p in sorted(here.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    ]


def shared(data_dir: Path) -> dict[str, str]:
    """The digests every notebook's key shares (computed once per run)."""
    lock = [(n, paths.ROOT / n) for n in ("requirements.lock", "overrides.txt")]
    python = ".".join(str(v) for v in sys.version_info[:3])
    return {
        "data": tree_digest(data_files(data_dir)),
        "package": tree_digest(package_files()),
        "environment": tree_digest([(n, p) for n, p in lock if p.is_file()])
        + f"|python {python}",
    }


def source_digest(notebook: Path) -> str:
    """SHA-256 of what a notebook says to run and show (cells' type, source, metadata
    and attachments; its metadata), without outputs, ids, volatile metadata and
    papermill's injected cell: an executed copy written over its source keeps it."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))

    def text(value: Any) -> str:
        return "".join(value) if isinstance(value, list) else str(value)

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
                "source": text(cell.get("source", "")),
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


def _digest(body: Mapping[str, Any], secret: bytes) -> str:
    text = json.dumps(dict(body), sort_keys=True).encode("utf-8")
    return hmac.new(secret, text, hashlib.sha256).hexdigest()


def store(
    folder: Path, key: str, entry: Entry, parts: Mapping[str, Any] | None = None
) -> Path | None:
    """Write `entry` under `key` (a temporary folder, then one rename); None, with a
    warning, when it cannot be (a read-only or full cache folder: the run goes on)."""
    secret = _secret()
    if secret is None:
        return None
    tmp = folder / f".tmp-{key[:16]}-{os.getpid()}"
    files = {"notebook.ipynb": entry.notebook}
    if entry.page is not None:
        files["page.html"] = entry.page[0].encode("utf-8")
    renders = []
    for i, ((slug, fmt), data) in enumerate(sorted(entry.rendered.items())):
        files[f"render-{i}.{fmt}"] = data
        renders.append({"slug": slug, "format": fmt, "file": f"render-{i}.{fmt}"})
    body = {
        "format": FORMAT,
        "key": key,
        "inputs": dict(parts or {}),
        "files": {
            name: hashlib.sha256(data).hexdigest() for name, data in files.items()
        },
        "title": entry.page[1] if entry.page is not None else None,
        "renders": renders,
        "has_svg": entry.has_svg,
    }
    files[MANIFEST] = (
        json.dumps({**body, "digest": _digest(body, secret)}, indent=1) + "\n"
    ).encode()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        for name, data in files.items():
            (tmp / name).write_bytes(data)
        final = folder / key
        shutil.rmtree(final, ignore_errors=True)
        try:
            tmp.rename(final)
        except OSError:  # another run stored the same key first: theirs is as good
            shutil.rmtree(tmp, ignore_errors=True)
        _prune(folder)
    except OSError as err:
        shutil.rmtree(tmp, ignore_errors=True)
        _warn(
            f"the notebook cache {folder} cannot be written ({err.strerror or err}); "
            "this notebook's outputs were kept but not cached"
        )
        return None
    return final


def _check(entry_dir: Path, key: str, secret: bytes) -> Entry:
    try:
        manifest = json.loads((entry_dir / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError) as err:
        raise CacheError(f"manifest unreadable: {err}") from None
    if not isinstance(manifest, dict):
        raise CacheError("manifest is not an object")
    digest = manifest.pop("digest", None)
    if not isinstance(digest, str) or not hmac.compare_digest(
        digest, _digest(manifest, secret)
    ):
        raise CacheError(
            "its manifest was not written by this user's runs (or was edited)"
        )
    if manifest.get("format") != FORMAT or manifest.get("key") != key:
        raise CacheError("manifest is for another format or key")
    blobs: dict[str, bytes] = {}
    for name, expected in manifest["files"].items():
        try:
            blobs[name] = (entry_dir / name).read_bytes()
        except OSError as err:
            raise CacheError(f"{name}: {err}") from None
        if hashlib.sha256(blobs[name]).hexdigest() != expected:
            raise CacheError(f"{name}: bytes do not match the manifest")
    page = None
    if "page.html" in blobs:
        page = (blobs["page.html"].decode("utf-8"), str(manifest.get("title") or ""))
    rendered = {
        (r["slug"], r["format"]): blobs[r["file"]] for r in manifest.get("renders", [])
    }
    return Entry(blobs["notebook.ipynb"], page, rendered, bool(manifest.get("has_svg")))


def load(folder: Path, key: str) -> Entry | None:
    """The entry under `key`, or None: missing, or failing a check (then set aside
    under `.damaged/`, never served nor pruned, with a warning)."""
    entry_dir = folder / key
    if entry_dir.is_symlink() or not entry_dir.is_dir():
        return None
    secret = _secret()
    if secret is None:
        return None
    try:
        entry = _check(entry_dir, key, secret)
    except (CacheError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as err:
        why = str(err) if isinstance(err, CacheError) else f"{type(err).__name__}"
        aside = folder / DAMAGED / f"{key[:16]}-{int(time.time())}"
        try:
            aside.parent.mkdir(exist_ok=True)
            entry_dir.rename(aside)
            where = f"set aside as {aside}"
        except OSError:
            shutil.rmtree(entry_dir, ignore_errors=True)
            where = "removed"
        _warn(
            f"the cache entry {key[:16]}... is damaged ({why}); {where}, "
            "and the notebook runs again"
        )
        return None
    with contextlib.suppress(OSError):
        os.utime(entry_dir)  # recently used
    return entry


def _prune(folder: Path, keep: int = KEEP) -> None:
    entries = [
        p
        for p in folder.iterdir()
        if p.is_dir() and not p.is_symlink() and not p.name.startswith(".")
    ]
    entries.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[keep:]:
        shutil.rmtree(old, ignore_errors=True)
