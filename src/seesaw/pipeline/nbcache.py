"""The execution cache of `seesaw run`: a notebook's finished outputs, by what made them.

An entry is a folder `build/cache/notebooks/<key>/` named by the notebook's cache key
(see `inputs` and `cache_key`) holding what the runner would otherwise produce again:
the executed, cleaned notebook with its PNGs, its report page, and the renders of its
exported figures. `manifest.json` lists each file with the SHA-256 of its bytes and
carries a digest of its own content; `load` checks all of them and removes an entry
that fails any check (a truncated file, a missing one, a hand-edited manifest), so a
corrupted or partial entry is rebuilt, never served. Entries are written into a hidden
temporary folder and renamed into place in one step, so a killed run leaves no half
entry under a key.

`SEESAW_CACHE=off` (or 0, no, false) turns the cache off: every notebook runs, and
nothing is stored; any other value is the cache's folder.

The cache folder is data, not instructions: the manifest's digest is an HMAC keyed by a
secret kept outside the project folder (`secret_path`: the user's config folder,
created on first use, readable by the user alone), so an entry copied in from
elsewhere, even with every hash recomputed, is never served. An entry that fails a
check is set aside under `.damaged/` with a warning and the notebook runs again; a
cache folder that cannot be written costs the cache, never the run.
"""

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

CACHE_ENV = "SEESAW_CACHE"
#: Bumped whenever an entry's layout or the key's recipe changes.
FORMAT = "seesaw-nbcache-2"
MANIFEST = "manifest.json"
KEEP = 60  # entries kept; the least recently used beyond that are removed


class CacheError(RuntimeError):
    """An entry failed a check (only raised inside `load`, which then removes it)."""


def cache_dir() -> Path | None:
    """`build/cache/notebooks`, or None when `SEESAW_CACHE` turns the cache off.

    `SEESAW_CACHE=off` (0, no, false) disables it; any other value is taken as its
    folder (the benchmark keeps its own)."""
    setting = os.environ.get(CACHE_ENV, "")
    if setting.lower() in ("0", "off", "no", "false"):
        return None
    return Path(setting) if setting else paths.BUILD / "cache" / "notebooks"


SECRET_ENV = memo.SECRET_ENV
DAMAGED = ".damaged"


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


#: The secret is the computation cache's (`seesaw.data.memo`): one per user.
secret_path = memo.secret_path


def _secret() -> bytes | None:
    return memo.secret(_warn)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def tree_digest(files: Iterable[tuple[str, Path]]) -> str:
    """One SHA-256 over (name, SHA-256 of the bytes) pairs, in name order."""
    digest = hashlib.sha256()
    for name, path in sorted(files):
        digest.update(f"{name}\0{sha256_file(path)}\n".encode())
    return digest.hexdigest()


def data_files(data_dir: Path) -> list[tuple[str, Path]]:
    """Every file in the data folder, recursively (not hidden ones): the three CSVs,
    data/reliability/* and whatever else a notebook or the package may read there.
    Regular files only (a FIFO would block the read), and no symlink leading out of the
    folder (its target is not data of this folder, and is never read)."""
    root = data_dir.resolve()
    return [
        (str(p.relative_to(data_dir)), p)
        for p in sorted(data_dir.rglob("*"))
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(data_dir).parts)
        and (not p.is_symlink() or p.resolve().is_relative_to(root))
    ]


def package_files() -> list[tuple[str, Path]]:
    """The package's code: every .py under src/seesaw/, its subpackages included."""
    here = Path(__file__).resolve().parents[1]
    return [(str(p.relative_to(here)), p) for p in sorted(here.rglob("*.py"))]


def environment_files() -> list[tuple[str, Path]]:
    """The locked environment: requirements.lock and overrides.txt (where they exist)."""
    return [
        (name, paths.ROOT / name)
        for name in ("requirements.lock", "overrides.txt")
        if (paths.ROOT / name).is_file()
    ]


@dataclass(frozen=True)
class Shared:
    """The digests every notebook's key shares (computed once per run)."""

    data: str
    package: str
    environment: str

    @classmethod
    def of(cls, data_dir: Path) -> Shared:
        return cls(
            data=tree_digest(data_files(data_dir)),
            package=tree_digest(package_files()),
            environment=tree_digest(environment_files())
            + f"|python {sys.version_info[0]}.{sys.version_info[1]}.{sys.version_info[2]}",
        )


#: Metadata that execution writes or a viewer toggles: not part of a notebook's source.
VOLATILE_METADATA = (
    "execution",
    "papermill",
    "collapsed",
    "scrolled",
    "widgets",
    "language_info",  # the kernel writes it when the notebook runs
)


def source_digest(notebook: Path) -> str:
    """SHA-256 of what a notebook says to run and show: each cell's type, source,
    metadata and attachments (an image a Markdown cell shows), and the notebook's
    metadata, without outputs, execution counts, cell ids and the
    metadata execution writes, and without papermill's injected-parameters cell. The
    runner writes executed copies over their sources (`seesaw run` in place): their
    outputs must not change the key."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))

    def text(value: Any) -> str:
        return "".join(value) if isinstance(value, list) else str(value)

    def meta(value: Any) -> dict[str, Any]:
        return {
            k: v
            for k, v in dict(value or {}).items()
            if k not in VOLATILE_METADATA
            and k != "celltoolbar"
            and not (k == "tags" and not v)  # papermill adds "tags": [] to every cell
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
            # papermill writes this cell from the parameters (in the key on their own)
            # and replaces it on every run: an in-place run with `-p` leaves one.
            if "injected-parameters" not in (cell.get("metadata") or {}).get("tags", [])
        ],
    }
    return hashlib.sha256(
        json.dumps(body, sort_keys=True, ensure_ascii=True).encode()
    ).hexdigest()


def inputs(
    notebook: Path, parameters: Mapping[str, Any], shared: Shared, kernel: str
) -> dict[str, Any]:
    """What a notebook's key is made of (each a SHA-256 hex digest unless said)."""
    return {
        "format": FORMAT,
        "notebook": notebook.name,
        "source": source_digest(notebook),
        "parameters": json.dumps(dict(parameters), sort_keys=True, default=str),
        "data": shared.data,
        "package": shared.package,
        "environment": shared.environment,
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


def _manifest_digest(body: Mapping[str, Any], secret: bytes) -> str:
    text = json.dumps(dict(body), sort_keys=True).encode("utf-8")
    return hmac.new(secret, text, hashlib.sha256).hexdigest()


def store(
    folder: Path, key: str, entry: Entry, parts: Mapping[str, Any] | None = None
) -> Path | None:
    """Write `entry` under `key` (temporary folder, then one rename); None, with a
    warning, when it cannot be (a read-only or full cache folder: the run goes on)."""
    secret = _secret()
    if secret is None:
        return None
    try:
        return _store(folder, key, entry, parts, secret)
    except OSError as err:
        shutil.rmtree(folder / f".tmp-{key[:16]}-{os.getpid()}", ignore_errors=True)
        _warn(
            f"the notebook cache {folder} cannot be written ({err.strerror or err}); "
            "this notebook's outputs were kept but not cached"
        )
        return None


def _store(
    folder: Path,
    key: str,
    entry: Entry,
    parts: Mapping[str, Any] | None,
    secret: bytes,
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".tmp-{key[:16]}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    files: dict[str, bytes] = {"notebook.ipynb": entry.notebook}
    renders = []
    if entry.page is not None:
        files["page.html"] = entry.page[0].encode("utf-8")
    for i, ((slug, fmt), data) in enumerate(sorted(entry.rendered.items())):
        name = f"render-{i}.{fmt}"
        files[name] = data
        renders.append({"slug": slug, "format": fmt, "file": name})
    for name, data in files.items():
        (tmp / name).write_bytes(data)
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
    manifest = {**body, "digest": _manifest_digest(body, secret)}
    (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", "utf-8")
    final = folder / key
    if final.exists():
        shutil.rmtree(final, ignore_errors=True)
    try:
        tmp.rename(final)
    except OSError:  # another run stored the same key first: theirs is as good
        shutil.rmtree(tmp, ignore_errors=True)
    _prune(folder)
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
        digest, _manifest_digest(manifest, secret)
    ):
        raise CacheError(
            "its manifest was not written by this user's runs (or was edited)"
        )
    if manifest.get("format") != FORMAT or manifest.get("key") != key:
        raise CacheError("manifest is for another format or key")
    blobs: dict[str, bytes] = {}
    for name, expected in manifest["files"].items():
        try:
            data = (entry_dir / name).read_bytes()
        except OSError as err:
            raise CacheError(f"{name}: {err}") from None
        if hashlib.sha256(data).hexdigest() != expected:
            raise CacheError(f"{name}: bytes do not match the manifest")
        blobs[name] = data
    page = None
    if "page.html" in blobs:
        page = (blobs["page.html"].decode("utf-8"), str(manifest.get("title") or ""))
    rendered = {
        (r["slug"], r["format"]): blobs[r["file"]] for r in manifest.get("renders", [])
    }
    return Entry(
        notebook=blobs["notebook.ipynb"],
        page=page,
        rendered=rendered,
        has_svg=bool(manifest.get("has_svg")),
    )


def _set_aside(folder: Path, entry_dir: Path, why: str) -> None:
    """Move a damaged entry to `.damaged/` (never served, never pruned as an entry)."""
    aside = folder / DAMAGED / f"{entry_dir.name[:16]}-{int(time.time())}"
    try:
        aside.parent.mkdir(exist_ok=True)
        entry_dir.rename(aside)
        where = f"set aside as {aside}"
    except OSError:
        shutil.rmtree(entry_dir, ignore_errors=True)
        where = "removed"
    _warn(
        f"the cache entry {entry_dir.name[:16]}... is damaged ({why}); {where}, "
        "and the notebook runs again"
    )


def load(folder: Path, key: str) -> Entry | None:
    """The entry under `key`, or None: missing, or failing a check (then set aside
    with a warning)."""
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
        _set_aside(folder, entry_dir, why)
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
