"""The computation cache: pure functions' results kept on disk by exactly what they read.

A call's key is one SHA-256 over the function's name, the code (`code_version`: the
foundations, `seesaw.data` and `seesaw.analysis`, plus the function's own module) and
its arguments bound to the signature, defaults included (`fingerprint`: frames and
arrays by every cell, other values by their content). An argument the fingerprint
cannot read makes the call compute, never guess. `cached(project=...)` keys on the part
of an argument the function reads; `Keyed` carries a fingerprint taken once; `by_folder`
keys on a folder's content; `prune` keeps the folder under `MAX_BYTES`; `bypass` turns
the cache off for a block.

An entry `<folder>/<module.function>/<key>.pkl` is a format line, the HMAC of the
payload under this user's cache secret (kept outside the project) and the pickle; the
HMAC is checked before unpickling, so a damaged or foreign entry is rebuilt with a
warning, never served. Entries are written to a temporary file and renamed. The folder
is `build/cache/compute`; `SEESAW_COMPUTE_CACHE` names another or `off`, and
`SEESAW_CACHE=off` turns it off too. A folder that cannot be written costs the cache,
never the result.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import hashlib
import hmac
import inspect
import os
import pickle
import secrets
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar, cast, overload

import numpy as np
import pandas as pd

from seesaw import paths

CACHE_ENV = "SEESAW_CACHE"
COMPUTE_ENV = "SEESAW_COMPUTE_CACHE"
SECRET_ENV = "SEESAW_CACHE_SECRET"
#: Bumped whenever an entry's layout or the key's recipe changes.
FORMAT = b"seesaw-compute-1\n"
OFF = ("0", "off", "no", "false")

F = TypeVar("F", bound=Callable[..., Any])


def _warn(message: str) -> None:
    """To the process's own stderr (a kernel's log, never a notebook's outputs)."""
    stream = sys.__stderr__ or sys.stderr
    print(f"warning: {message}", file=stream, flush=True)


def folder() -> Path | None:
    """The computation cache's folder, or None when it is off."""
    if os.environ.get(CACHE_ENV, "").lower() in OFF:
        return None
    setting = os.environ.get(COMPUTE_ENV, "")
    if setting.lower() in OFF:
        return None
    return Path(setting) if setting else paths.BUILD / "cache" / "compute"


def secret_path() -> Path:
    """The file holding this user's cache secret: `$SEESAW_CACHE_SECRET`, else
    `$XDG_CONFIG_HOME/seesaw/cache-secret` (~/.config by default)."""
    setting = os.environ.get(SECRET_ENV, "")
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "seesaw" / "cache-secret"


def secret(warn: Callable[[str], None] | None = None) -> bytes | None:
    """This user's cache secret (made on first use), or None (then nothing is served or
    stored): outside the project folder, where a data change under review cannot put
    it. `warn` says why it is None."""
    say = warn or _warn
    path = secret_path()
    try:
        path.resolve().relative_to(paths.ROOT.resolve())
    except ValueError:
        pass
    else:
        say(f"the cache secret {path} is inside the project; the cache is off")
        return None
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = b""
    except OSError as err:
        say(f"cannot read the cache secret {path} ({err.strerror}); the cache is off")
        return None
    if len(data) >= 32:
        return data
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        data = secrets.token_hex(32).encode()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except OSError as err:
        say(f"cannot make the cache secret {path} ({err.strerror}); the cache is off")
        return None
    return data


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """One SHA-256 over the source of the foundations, `seesaw.data` and `seesaw.analysis`,
    their package data (such as the worked examples' JSON) included."""
    root = Path(__file__).resolve().parents[1]
    files = sorted(root.glob("*.py")) + sorted(
        p
        for sub in ("data", "analysis")
        for p in (root / sub).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _own_source(fn: Callable[..., Any]) -> str:
    """A SHA-256 of `fn`'s module when `code_version` does not cover it, else ""."""
    try:
        path = Path(inspect.getsourcefile(fn) or "").resolve()
    except TypeError:
        return ""
    root = Path(__file__).resolve().parents[1]
    if path.is_relative_to(root):
        parts = path.relative_to(root).parts
        if len(parts) == 1 or parts[0] in ("data", "analysis"):
            return ""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
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


def _feed(digest: Any, value: Any) -> None:
    put = digest.update
    if isinstance(value, Keyed):
        if value.digest is None:
            raise UnreadableError("a keyed value its fingerprint could not read")
        put(f"keyed:{value.digest};".encode())
    elif value is None or isinstance(value, bool | int | float | complex | str | bytes):
        put(f"{type(value).__name__}:{value!r};".encode())
    elif isinstance(value, pd.DataFrame):
        put(f"frame{value.shape}:".encode())
        _feed(digest, [str(c) for c in value.columns])
        _feed(digest, [str(t) for t in value.dtypes])
        _feed(digest, value.index)
        put(_hashed(value))
    elif isinstance(value, pd.Series):
        put(f"series{len(value)}:{value.name!r}:{value.dtype}:".encode())
        _feed(digest, value.index)
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
    elif isinstance(value, dt.date | dt.timedelta):  # Timestamps too
        put(f"{type(value).__name__}:{value!r};".encode())
    elif isinstance(value, list | tuple):
        put(f"{type(value).__name__}[{len(value)}](".encode())
        for item in value:
            _feed(digest, item)
        put(b")")
    elif isinstance(value, Mapping):
        put(f"map[{len(value)}](".encode())
        for k in sorted(value, key=repr):
            _feed(digest, k)
            _feed(digest, value[k])
        put(b")")
    elif isinstance(value, set | frozenset):
        put(f"set[{len(value)}](".encode())
        for item in sorted(value, key=repr):
            _feed(digest, item)
        put(b")")
    else:
        raise UnreadableError(f"an argument of type {type(value).__name__}")


def fingerprint(value: Any) -> str:
    """A SHA-256 of `value`'s content; `UnreadableError` for a value it cannot read."""
    digest = hashlib.sha256()
    _feed(digest, value)
    return digest.hexdigest()


def _sign(payload: bytes, key: bytes) -> bytes:
    return hmac.new(key, FORMAT + payload, hashlib.sha256).hexdigest().encode()


def _load(path: Path, key: bytes) -> tuple[bool, Any]:
    """(True, the result) for a sound entry, else (False, None); a damaged one is removed."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return False, None
    except OSError as err:
        _warn(f"cannot read the cache entry {path} ({err.strerror}); computing it")
        return False, None
    head = len(FORMAT)
    tag, payload = raw[head : head + 64], raw[head + 65 :]
    sound = (
        raw[:head] == FORMAT
        and raw[head + 64 : head + 65] == b"\n"
        and hmac.compare_digest(tag, _sign(payload, key))
    )
    if sound:
        try:
            return True, pickle.loads(payload)  # signed: only this user wrote it
        except Exception:  # a sound signature over a payload this Python cannot read
            sound = False
    _warn(
        f"the cache entry {path} failed its check (damaged, or written elsewhere); rebuilt"
    )
    with contextlib.suppress(OSError):
        path.unlink()
    return False, None


def _store(path: Path, key: bytes, result: Any) -> None:
    try:
        payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # a result pickle cannot write is simply not kept
        return
    tmp = path.with_name(f".tmp-{path.stem[:16]}-{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(FORMAT + _sign(payload, key) + b"\n" + payload)
        os.replace(tmp, path)
    except OSError as err:
        with contextlib.suppress(OSError):
            tmp.unlink()
        _warn(
            f"the computation cache {path.parent.parent} cannot be written "
            f"({err.strerror or err}); the result was computed but not kept"
        )


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
    now = dt.datetime.now().timestamp()
    entries: list[tuple[float, int, Path]] = []
    removed: list[Path] = []
    for sub in where.iterdir():
        if sub.is_symlink() or not sub.is_dir():
            continue
        for path in sub.iterdir():
            try:
                info = path.lstat()
            except OSError:
                continue
            if path.name.startswith(".tmp-"):
                if now - info.st_mtime > STALE_TMP_SECONDS:
                    with contextlib.suppress(OSError):
                        path.unlink()
                        removed.append(path)
            elif path.suffix == ".pkl" and not path.is_symlink():
                entries.append((info.st_mtime, info.st_size, path))
    entries.sort(reverse=True)  # the most recently used first
    total = 0
    for _, size, path in entries:
        total += size
        if total > max_bytes:
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
    signature = inspect.signature(fn)
    views = dict(project or {})
    unknown = (set(ignore) | set(views)) - set(signature.parameters)
    if unknown:
        raise TypeError(f"{fn.__qualname__} has no argument {sorted(unknown)}")
    name = f"{fn.__module__}.{fn.__qualname__}"
    own = _own_source(fn)

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

        def compute() -> Any:
            return fn(*bound.args, **bound.kwargs)

        where = folder()
        if where is None:
            return compute()
        try:
            key = fingerprint([name, code_version(), own, keyed])
        except UnreadableError:
            return compute()
        secret_key = secret()
        if secret_key is None:
            return compute()
        path = where / name / f"{key}.pkl"
        found, result = _load(path, secret_key)
        if found:
            with contextlib.suppress(OSError):
                os.utime(path)  # used now: its mtime orders `prune`
            return result
        result = compute()
        _store(path, secret_key, result)
        return result

    wrapper.uncached = fn  # type: ignore[attr-defined]
    return wrapper


def tree_digest(
    where: Path, content: Callable[[Path], bytes] = Path.read_bytes
) -> str | None:
    """A SHA-256 over every file under `where` (path and `content`, by default its
    bytes); None when a file is unreadable (`content` raises OSError or ValueError)."""
    digest = hashlib.sha256()
    try:
        files = sorted(p for p in where.rglob("*") if p.is_file())
        for path in files:
            digest.update(str(path.relative_to(where)).encode() + b"\0")
            digest.update(hashlib.sha256(content(path)).digest())
    except (OSError, ValueError):
        return None
    return digest.hexdigest()


class _ChangedError(Exception):
    """The folder changed while a result was computed from it: nothing is kept."""


@cached(ignore=("data_dir",))
def _by_folder(
    what: str, source: str, digest: str, data_dir: Path, args: tuple[Any, ...]
) -> Any:
    del source  # only in the key: the code of `what` when `code_version` misses it
    fn, read = _FOLDER_FUNCTIONS[what]
    result = fn(data_dir, *args)
    if read(data_dir) != digest:
        raise _ChangedError()
    return result


Digest = Callable[[Path], str | None]
_FOLDER_FUNCTIONS: dict[str, tuple[Callable[..., Any], Digest]] = {}


def by_folder(fn: F, read: Digest = tree_digest) -> F:
    """`fn(data_dir, *args)` cached by the content of `data_dir` (`read`: by default
    every file, `tree_digest`; None: not cached), not its path; a folder that changes
    while it is read keeps nothing."""
    what = f"{fn.__module__}.{fn.__qualname__}"
    _FOLDER_FUNCTIONS[what] = (fn, read)
    source = _own_source(fn)

    @functools.wraps(fn)
    def wrapper(data_dir: Path | str, *args: Any) -> Any:
        where = Path(data_dir)
        digest = read(where) if folder() is not None else None
        if digest is None:
            return fn(where, *args)
        try:
            return _by_folder(what, source, digest, where, args)
        except _ChangedError:
            return fn(where, *args)

    wrapper.uncached = fn  # type: ignore[attr-defined]
    return cast(F, wrapper)
