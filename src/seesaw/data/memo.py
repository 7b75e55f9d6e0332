"""The computation cache: pure functions' results kept on disk by exactly what they read.

A call's key is a SHA-256 over the function's name, the code (`code_version`, plus the
function's own module) and its arguments bound with their defaults (`fingerprint`:
frames and arrays by every cell); an argument it cannot read makes the call compute.
An entry `<folder>/<module.function>/<key>.pkl` is a format line, the HMAC of the pickle
under this user's secret (kept outside the project) and the pickle, written to a
temporary file and renamed: a damaged or foreign entry fails the HMAC before unpickling
and is rebuilt, never served. The folder is `build/cache/compute`;
`SEESAW_COMPUTE_CACHE` names another or `off`; `SEESAW_CACHE=off` turns it off too.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import hashlib
import hmac
import inspect
import itertools
import os
import pickle
import secrets
import stat
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar, cast, overload

import numpy as np
import pandas as pd

from seesaw import paths
from seesaw.files import KEY, atomic_write

CACHE_ENV = "SEESAW_CACHE"
COMPUTE_ENV = "SEESAW_COMPUTE_CACHE"
SECRET_ENV = "SEESAW_CACHE_SECRET"
#: Bumped whenever an entry's layout or the key's recipe changes.
FORMAT = b"seesaw-compute-1\n"
OFF = ("0", "off", "no", "false")

F = TypeVar("F", bound=Callable[..., Any])


def _warn(message: str) -> None:
    """To the process's own stderr (a kernel's log, never a notebook's outputs)."""
    print(f"warning: {message}", file=sys.__stderr__ or sys.stderr, flush=True)


def cache_folder(env: str, name: str) -> Path | None:
    """The folder `$env` names (default `build/cache/<name>`), or None when it says off."""
    setting = os.environ.get(env, "")
    if setting.lower() in OFF:
        return None
    return Path(setting) if setting else paths.BUILD / "cache" / name


def folder() -> Path | None:
    """The computation cache's folder, or None when it is off (or every cache is)."""
    if os.environ.get(CACHE_ENV, "").lower() in OFF:
        return None
    return cache_folder(COMPUTE_ENV, "compute")


def secret_path() -> Path:
    """The file holding this user's cache secret: `$SEESAW_CACHE_SECRET`, else
    `$XDG_CONFIG_HOME/seesaw/cache-secret` (~/.config by default)."""
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return Path(os.environ.get(SECRET_ENV) or base / "seesaw" / "cache-secret")


def secret(warn: Callable[[str], None] | None = None) -> bytes | None:
    """This user's cache secret (made on first use), or None (then nothing is served or
    stored): outside the project folder, where a data change under review cannot put
    it. `warn` says why it is None."""
    say = warn or _warn
    path = secret_path()
    if path.resolve().is_relative_to(paths.ROOT.resolve()):
        say(f"the cache secret {path} is inside the project; the cache is off")
        return None
    try:
        data = path.read_bytes() if path.exists() else b""
        if len(data) < 32:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            data = secrets.token_hex(32).encode()
            flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW
            with os.fdopen(os.open(path, flags, 0o600), "wb") as handle:
                handle.write(data)
    except OSError as err:
        say(
            f"cannot read or make the cache secret {path} ({err.strerror}); the cache is off"
        )
        return None
    return data


#: The installed package, `src/seesaw`.
PACKAGE = Path(__file__).resolve().parents[1]


def _digest(
    root: Path,
    files: Iterable[Path],
    content: Callable[[Path], bytes] = Path.read_bytes,
) -> str:
    """One SHA-256 over each file's path under `root` and the SHA-256 of its `content`."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(hashlib.sha256(content(path)).digest())
    return digest.hexdigest()


@functools.lru_cache(maxsize=2)
def _code_files(root: Path) -> frozenset[Path]:
    """The source of the foundations, `seesaw.data` and `seesaw.analysis`, their package
    data (such as the worked examples' JSON) included."""
    files = [*root.glob("*.py"), *root.glob("data/**/*"), *root.glob("analysis/**/*")]
    return frozenset(p for p in files if p.is_file() and "__pycache__" not in p.parts)


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """One SHA-256 over `_code_files`."""
    return _digest(PACKAGE, _code_files(PACKAGE))


def _own_source(fn: Callable[..., Any]) -> str:
    """A SHA-256 of `fn`'s module when `code_version` does not read it, else ""."""
    with contextlib.suppress(TypeError, OSError):
        path = Path(inspect.getsourcefile(fn) or "").resolve()
        if path in _code_files(PACKAGE):
            return ""
        return hashlib.sha256(path.read_bytes()).hexdigest()
    return ""


class UnreadableError(TypeError):
    """An argument `fingerprint` cannot read; the call computes without the cache."""


def _hashed(value: pd.DataFrame | pd.Series) -> bytes:
    try:
        return pd.util.hash_pandas_object(value, index=False).to_numpy().tobytes()
    except TypeError as err:  # a cell holding a list or a dict
        raise UnreadableError(f"a cell pandas cannot hash ({err})") from None


class Keyed:
    """A value with its fingerprint taken once (a frame passed to many cached calls); a
    projection is not applied to it."""

    __slots__ = ("digest", "value")

    def __init__(self, value: Any) -> None:
        self.value = value
        try:
            self.digest: str | None = fingerprint(value)
        except UnreadableError:
            self.digest = None


_SCALARS = (bool, int, float, complex, str, bytes, dt.date, dt.timedelta)


def _feed(digest: Any, value: Any) -> None:
    put = digest.update
    if isinstance(value, Keyed):
        if value.digest is None:
            raise UnreadableError("a keyed value its fingerprint could not read")
        put(f"keyed:{value.digest};".encode())
    elif value is None or isinstance(value, _SCALARS):  # Timestamps are dates
        put(f"{type(value).__name__}:{value!r};".encode())
    elif isinstance(value, pd.DataFrame | pd.Series):
        frame = (
            value.to_frame(repr(value.name)) if isinstance(value, pd.Series) else value
        )
        put(f"{type(value).__name__}{value.shape}:".encode())
        names = [repr(c) for c in frame.columns]
        _feed(digest, [names, [str(t) for t in frame.dtypes], value.index])
        put(_hashed(value))
    elif isinstance(value, pd.Index):
        put(f"index{len(value)}:{value.dtype}:{list(value.names)!r}:".encode())
        put(_hashed(value.to_series()))
    elif isinstance(value, np.ndarray):
        if value.dtype == object:
            raise UnreadableError("an array of objects")
        put(f"array{value.shape}:{value.dtype}:".encode())
        put(np.ascontiguousarray(value).tobytes())
    elif isinstance(value, np.generic):
        put(f"{value.dtype}:{value.item()!r};".encode())
    elif isinstance(value, list | tuple):
        put(f"{type(value).__name__}[{len(value)}](".encode())
        for item in value:
            _feed(digest, item)
        put(b")")
    elif isinstance(value, Mapping):
        put(b"map")
        _feed(digest, [(k, value[k]) for k in sorted(value, key=repr)])
    elif isinstance(value, set | frozenset):
        put(b"set")
        _feed(digest, sorted(value, key=repr))
    else:
        raise UnreadableError(f"an argument of type {type(value).__name__}")


def fingerprint(value: Any) -> str:
    """A SHA-256 of `value`'s content; `UnreadableError` for a value it cannot read."""
    digest = hashlib.sha256()
    _feed(digest, value)
    return digest.hexdigest()


def _sign(payload: bytes, key: bytes, form: bytes) -> bytes:
    return hmac.new(key, form + payload, hashlib.sha256).hexdigest().encode()


def write_signed(path: Path, key: bytes, payload: bytes, form: bytes = FORMAT) -> None:
    """`path` holds the format line, the HMAC of it and the payload under `key`, and the
    payload, written by `atomic_write`; OSError when it cannot be."""
    atomic_write(path, form + _sign(payload, key, form) + b"\n" + payload)


def read_signed(path: Path, key: bytes, form: bytes = FORMAT) -> bytes | None:
    """The payload `write_signed` put in `path`, or None when the file fails the check
    (damaged, or written without the key); OSError when it cannot be read."""
    parts = path.read_bytes().split(b"\n", 2)  # the format line, the HMAC, the payload
    if (
        len(parts) == 3
        and parts[0] + b"\n" == form
        and hmac.compare_digest(parts[1], _sign(parts[2], key, form))
    ):
        return parts[2]
    return None


def _load(path: Path, key: bytes) -> tuple[bool, Any]:
    """(True, the result) for a sound entry, else (False, None); a damaged one is removed."""
    try:
        payload = read_signed(path, key)
    except FileNotFoundError:
        return False, None
    except OSError as err:
        _warn(f"cannot read the cache entry {path} ({err.strerror}); computing it")
        return False, None
    if payload is not None:
        with contextlib.suppress(Exception):  # signed, yet this Python cannot read it
            return True, pickle.loads(payload)  # signed: only this user wrote it
    _warn(
        f"the cache entry {path} failed its check (damaged, or written elsewhere); rebuilt"
    )
    with contextlib.suppress(OSError):
        path.unlink()
    return False, None


def _store(path: Path, key: bytes, result: Any) -> None:
    try:
        write_signed(path, key, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError as err:
        _warn(
            f"the computation cache {path.parent.parent} cannot be written "
            f"({err.strerror or err}); the result was computed but not kept"
        )
    except Exception:  # a result pickle cannot write is simply not kept
        pass


_BYPASS: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "seesaw_memo_bypass", default=False
)


@contextlib.contextmanager
def bypass() -> Iterator[None]:
    """Within the block, a cached function is the plain function (the explorer's updates)."""
    token = _BYPASS.set(True)
    try:
        yield
    finally:
        _BYPASS.reset(token)


#: The size bound `prune` keeps (a run uses a few MB).
MAX_BYTES = 256 * 2**20
#: A temporary file older than this was left by a killed process.
STALE_TMP_SECONDS = 3600


def prune(where: Path | None = None, max_bytes: int = MAX_BYTES) -> list[Path]:
    """Remove the least recently used entries beyond `max_bytes` and stale temporary
    files; returns the removed paths."""
    where = folder() if where is None else where
    if where is None or where.is_symlink() or not where.is_dir():
        return []
    now = time.time()
    entries: list[tuple[float, int, Path]] = []
    doomed: list[Path] = []
    for path in where.glob("*/*"):
        with contextlib.suppress(OSError):
            info = path.lstat()
            if path.parent.is_symlink() or stat.S_ISLNK(info.st_mode):
                continue
            tmp = path.name.startswith(".tmp-")
            if not KEY.fullmatch(path.name[5:69] if tmp else path.stem):
                continue  # not an entry (nor an entry's temporary file): not ours
            if tmp:
                if now - info.st_mtime > STALE_TMP_SECONDS:
                    doomed.append(path)
            elif path.suffix == ".pkl":
                entries.append((info.st_mtime, info.st_size, path))
    entries.sort(reverse=True)  # the most recently used first
    sizes = itertools.accumulate(size for _, size, _ in entries)
    doomed += [path for (*_, path), total in zip(entries, sizes) if total > max_bytes]
    removed = []
    for path in doomed:
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed


@overload
def cached(
    fn: F,
    *,
    ignore: tuple[str, ...] = (),
    project: Mapping[str, Callable[[Any], Any]] | None = None,
) -> F: ...


@overload
def cached(
    fn: None = None,
    *,
    ignore: tuple[str, ...] = (),
    project: Mapping[str, Callable[[Any], Any]] | None = None,
) -> Callable[[F], F]: ...


def cached(
    fn: F | None = None,
    *,
    ignore: tuple[str, ...] = (),
    project: Mapping[str, Callable[[Any], Any]] | None = None,
) -> Any:
    """`fn` (pure) with its results kept on disk. `ignore` names arguments left out of
    the key (a folder beside its digest); `project` maps an argument to the part of it
    the function reads, which it is then given, cache on or off, and keyed on."""
    if fn is None:
        return functools.partial(cached, ignore=ignore, project=project)
    signature = inspect.signature(fn, follow_wrapped=False)  # `by_folder`'s own
    views = dict(project or {})
    if unknown := (set(ignore) | set(views)) - set(signature.parameters):
        raise TypeError(f"{fn.__qualname__} has no argument {sorted(unknown)}")
    name = f"{fn.__module__}.{fn.__qualname__}"
    own = _own_source(inspect.unwrap(fn))

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if _BYPASS.get():
            return fn(*args, **kwargs)
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        for arg, view in views.items():
            if not isinstance(bound.arguments[arg], Keyed):
                bound.arguments[arg] = view(bound.arguments[arg])
        keyed = {k: v for k, v in bound.arguments.items() if k not in ignore}
        for k, v in bound.arguments.items():
            if isinstance(v, Keyed):
                bound.arguments[k] = v.value

        where = folder()
        try:
            key = where and fingerprint([name, code_version(), own, keyed])
        except UnreadableError:
            key = None
        secret_key = secret() if where and key else None
        if not (where and secret_key):
            return fn(*bound.args, **bound.kwargs)
        path = where / name / f"{key}.pkl"
        found, result = _load(path, secret_key)
        if found:
            with contextlib.suppress(OSError):
                os.utime(path)  # used now: its mtime orders `prune`
            return result
        result = fn(*bound.args, **bound.kwargs)
        _store(path, secret_key, result)
        return result

    return wrapper


def tree_digest(
    where: Path,
    content: Callable[[Path], bytes] = Path.read_bytes,
    files: Iterable[Path] | None = None,
) -> str | None:
    """A SHA-256 over `files` (by default every file under `where`), each by its path
    and `content` (by default its bytes); None when a file is unreadable (`content`
    raises OSError or ValueError)."""
    try:
        found = (p for p in where.rglob("*") if p.is_file()) if files is None else files
        return _digest(where, found, content)
    except (OSError, ValueError):
        return None


class _ChangedError(Exception):
    """The folder changed while a result was computed from it: nothing is kept."""


def by_folder(fn: F, read: Callable[[Path], str | None] = tree_digest) -> F:
    """`fn(data_dir, *args)` cached by the content of `data_dir` (`read`: by default
    every file, `tree_digest`; None: not cached), not its path; a folder that changes
    while it is read keeps nothing."""

    def kept(digest: str, data_dir: Path, args: tuple[Any, ...]) -> Any:
        result = fn(data_dir, *args)
        if read(data_dir) != digest:
            raise _ChangedError()
        return result

    keyed = cached(functools.update_wrapper(kept, fn), ignore=("data_dir",))

    @functools.wraps(fn)
    def wrapper(data_dir: Path | str, *args: Any) -> Any:
        where = Path(data_dir)
        digest = read(where) if folder() is not None else None
        try:
            return fn(where, *args) if digest is None else keyed(digest, where, args)
        except _ChangedError:
            return fn(where, *args)

    return cast(F, wrapper)
