"""The computation cache: heavy results kept on disk by exactly what they read.

`cached` wraps a pure function (power simulations, sensitivity variants, the claims'
stability reruns): a call's key is one SHA-256 over the function's name, the code that
computes it (`code_version`: every module of `seesaw.data`, `seesaw.analysis` and the
foundations, so any edit to the analysis recomputes) and its arguments bound to the
signature, defaults included (`fingerprint`: frames by their columns, dtypes, index
and every cell; arrays by dtype, shape and bytes; numbers, strings, dates and their
containers by value). A data edit that leaves a lane's size unchanged therefore
re-uses the power tables, and an edit to one row recomputes only the calls whose
arguments contain that row. An argument the fingerprint cannot read (a function, an
open file) makes the call compute, never guess.

An entry is one file `<folder>/<module.function>/<key>.pkl`: a format line, the HMAC of
the payload keyed by this user's cache secret (the same secret as the notebook cache,
kept outside the project folder), and the pickled result. The HMAC is checked before
anything is unpickled: an entry that is truncated, edited, or written under another
secret is never served; it is rebuilt in place with a warning. Entries are written to
a temporary file and renamed in one step, so a killed run leaves no half entry.

The folder is `build/cache/compute` (beside the notebook cache `build/cache/notebooks`);
`SEESAW_COMPUTE_CACHE` names another folder, or `off`; `SEESAW_CACHE=off` turns this
cache off too, so that setting computes everything. A folder that cannot be written
costs the cache, never the result.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import hmac
import inspect
import os
import pickle
import secrets
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar, cast

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


def _stderr_warn(message: str) -> None:
    """To the process's own stderr: inside a notebook's kernel that is the kernel's log,
    never the notebook's outputs, which no cache may change."""
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


_warn = _stderr_warn


def secret_path() -> Path:
    """The file holding this user's cache secret: `$SEESAW_CACHE_SECRET`, else
    `$XDG_CONFIG_HOME/seesaw/cache-secret` (~/.config by default)."""
    setting = os.environ.get(SECRET_ENV, "")
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "seesaw" / "cache-secret"


def secret(warn: Callable[[str], None] | None = None) -> bytes | None:
    """This user's cache secret (made on first use), or None (then no entry is served
    or stored): it must live outside the project folder, where a data change under
    review cannot put it. `warn` says why it is None (by default on the process's
    stderr)."""
    _warn = warn or _stderr_warn
    path = secret_path()
    try:
        path.resolve().relative_to(paths.ROOT.resolve())
    except ValueError:
        pass
    else:
        _warn(f"the cache secret {path} is inside the project; the cache is off")
        return None
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = b""
    except OSError as err:
        _warn(f"cannot read the cache secret {path} ({err.strerror}); the cache is off")
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
        _warn(f"cannot make the cache secret {path} ({err.strerror}); the cache is off")
        return None
    return data


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """One SHA-256 over the source of every module a cached function may run: the
    foundations, `seesaw.data` and `seesaw.analysis` (the layers below the analysis)."""
    root = Path(__file__).resolve().parents[1]
    files = sorted(root.glob("*.py")) + sorted(
        p for sub in ("data", "analysis") for p in (root / sub).rglob("*.py")
    )
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


class UnreadableError(TypeError):
    """An argument `fingerprint` cannot read; the call computes without the cache."""


def _hashed(value: pd.DataFrame | pd.Series) -> bytes:
    try:
        return pd.util.hash_pandas_object(value, index=False).to_numpy().tobytes()
    except TypeError as err:  # a cell holding a list or a dict
        raise UnreadableError(f"a cell pandas cannot hash ({err})") from None


def _feed(digest: Any, value: Any) -> None:
    put = digest.update
    if value is None or isinstance(value, bool | int | float | complex | str | bytes):
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
    """A SHA-256 of `value`'s content (see the module docstring); `UnreadableError` for a
    value it cannot read."""
    digest = hashlib.sha256()
    _feed(digest, value)
    return digest.hexdigest()


def _sign(payload: bytes, key: bytes) -> bytes:
    return hmac.new(key, FORMAT + payload, hashlib.sha256).hexdigest().encode()


def _load(path: Path, key: bytes) -> tuple[bool, Any]:
    """(True, the result) for a sound entry, (False, None) for none; a damaged entry
    is removed with a warning."""
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


def cached(fn: F) -> F:
    """`fn`, its results kept on disk by its arguments and the code's version (see the
    module docstring). For pure functions only: same arguments, same result."""
    signature = inspect.signature(fn)
    name = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        where = folder()
        if where is None:
            return fn(*args, **kwargs)
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        try:
            key = fingerprint([name, code_version(), dict(bound.arguments)])
        except UnreadableError:
            return fn(*args, **kwargs)
        secret_key = secret()
        if secret_key is None:
            return fn(*args, **kwargs)
        path = where / name / f"{key}.pkl"
        found, result = _load(path, secret_key)
        if found:
            return result
        result = fn(*args, **kwargs)
        _store(path, secret_key, result)
        return result

    wrapper.uncached = fn  # type: ignore[attr-defined]
    return cast(F, wrapper)
