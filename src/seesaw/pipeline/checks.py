"""Before a run executes anything: the run lock, the parameters and every destination.

`seesaw run` refuses a bad run before it starts: the parameters each notebook will get
(`plan_parameters`), the rows they select (`check_selection`), the folders it will
write (`output_targets`, `check_outputs`) and the per-cell limit (`cell_timeout`). The
lock (`run_lock`) stops two runs from writing the same outputs at once.
"""

from __future__ import annotations

import ast
import contextlib
import errno
import fcntl
import hashlib
import os
import stat
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from seesaw import paths
from seesaw.analysis.masks import (
    SIDE_NAMES,
    TRACK_LANES,
    TRACK_NAMES,
    check_track,
    is_in,
    select_events,
    track_rows,
)
from seesaw.data import vocab
from seesaw.data.load import Dataset
from seesaw.data.params import ParameterError, check_params
from seesaw.errors import SeesawError
from seesaw.pipeline import swap

#: Seconds one cell may run before the run stops it (override with SEESAW_CELL_TIMEOUT).
CELL_TIMEOUT = 600
CELL_TIMEOUT_ENV = "SEESAW_CELL_TIMEOUT"
#: Parameters whose values check_params knows how to check.
CHECKED = vocab.CHECKED_PARAMETERS


class RunError(SeesawError, RuntimeError):
    """A run that stopped; the message says where and what was kept."""


#: Descriptors of the run locks this process holds; forked workers close their copies
#: (`release_locks`), so a lock lives exactly as long as the run that took it.
_HELD_LOCKS: list[int] = []


def release_locks() -> None:
    """Close this process's copies of the run locks (in a freshly forked worker)."""
    for fd in _HELD_LOCKS:
        with contextlib.suppress(OSError):
            os.close(fd)


def _open_lock(path: Path) -> int:
    """Open the lock file without following a symbolic link; only a regular file will do."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise RunError(
                f"{path} is a symbolic link; a run lock never follows one: remove it"
            ) from None
        raise RunError(f"cannot open the run lock {path}: {err.strerror}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise RunError(f"{path} is not a regular file; remove it")
    return fd


def _lock_holder(fd: int) -> int | None:
    raw = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return int(raw) if raw.isdigit() and len(raw) < 12 else None


def _take_lock(lock_path: Path) -> int:
    """Lock `lock_path`, taking it over from a dead holder; refuse a live one."""
    fd = _open_lock(lock_path)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return fd
    except BlockingIOError:
        holder = _lock_holder(fd)
        os.close(fd)
    if holder is None or swap.alive(holder):
        raise RunError(
            f"another `seesaw run` is in progress (pid {holder or 'unknown'}); wait "
            f"for it to finish. The lock is released when that process ends ({lock_path})."
        )
    print(
        f"warning: the run lock {lock_path} was held for pid {holder}, which has "
        "ended (a run that was killed left a process behind); taking it over",
        file=sys.stderr,
    )
    with contextlib.suppress(FileNotFoundError):
        lock_path.unlink()
    fd = _open_lock(lock_path)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise RunError(
            f"another `seesaw run` took the lock {lock_path} at the same moment; "
            "wait for it to finish"
        ) from None
    return fd


@contextlib.contextmanager
def run_lock(build: Path, output_dir: Path | None = None) -> Iterator[None]:
    """Hold the lock of the run's outputs; refuse at once if another run holds it.

    Runs that write in place share `build/run.lock`; a run into `--output-dir` locks
    that folder only, so runs into different folders do not wait on each other. A lock
    whose recorded holder is dead (a process left behind by a run that was killed) is
    taken over with a warning.
    """
    build.mkdir(parents=True, exist_ok=True)
    if output_dir is None:
        lock_path = build / "run.lock"
    else:
        key = hashlib.sha1(str(Path(output_dir).resolve()).encode()).hexdigest()[:12]
        lock_path = build / f"run-{key}.lock"
    fd = _take_lock(lock_path)
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)
    _HELD_LOCKS.append(fd)
    try:
        yield
    finally:
        _HELD_LOCKS.remove(fd)
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def cell_timeout() -> int:
    """The per-cell limit in seconds: SEESAW_CELL_TIMEOUT if set to a positive whole number."""
    raw = os.environ.get(CELL_TIMEOUT_ENV, "")
    if not raw:
        return CELL_TIMEOUT
    if not raw.isdigit() or not 0 < int(raw) <= 86_400:
        raise RunError(
            f"{CELL_TIMEOUT_ENV}={raw!r}: expected a whole number of seconds from 1 to 86400"
        )
    return int(raw)


def _coerce(name: str, raw: str, default: Any) -> Any:
    """Turn a command-line string into the type of the notebook's default value."""
    kind = type(default)
    if isinstance(default, bool):
        if raw.lower() in ("true", "1", "yes"):
            return True
        if raw.lower() in ("false", "0", "no"):
            return False
    elif isinstance(default, int | float):
        try:
            if raw.isascii() and "_" not in raw:  # int() takes '１２３' and '1_000'
                return kind(raw)
        except ValueError:
            pass
    else:
        return raw
    raise ParameterError(
        f"parameter {name}: expected a {kind.__name__} like its default {default!r}, got {raw!r}"
    )


def declared_parameters(notebook: Path) -> dict[str, Any]:
    """The parameters a notebook declares, with their default values."""
    import papermill

    info = papermill.inspect_notebook(str(notebook))
    out: dict[str, Any] = {}
    for name, spec in info.items():
        default = spec.get("default")
        try:
            out[name] = ast.literal_eval(default) if default is not None else None
        except (ValueError, SyntaxError):
            out[name] = default
    return out


def plan_parameters(
    notebooks: Sequence[Path],
    raw: Mapping[str, str],
    data_dir: Path | None,
    declared: Mapping[Path, dict[str, Any]] | None = None,
    base_dir: Path | None = None,
) -> dict[Path, dict[str, Any]]:
    """Per notebook, the parameters to inject; refuse unknown names and bad values."""
    if declared is None:
        declared = {nb: declared_parameters(nb) for nb in notebooks}
    known = sorted({name for d in declared.values() for name in d})
    for name in raw:
        if name not in known:
            raise ParameterError(
                f"parameter {name}: no notebook declares it; known: {', '.join(known)}"
            )
    plan: dict[Path, dict[str, Any]] = {}
    for nb, defaults in declared.items():
        values = {
            k: _coerce(k, v, defaults[k]) for k, v in raw.items() if k in defaults
        }
        if data_dir is not None and "data_dir" in defaults:
            values["data_dir"] = str(data_dir.resolve())
        merged = {**defaults, **values}
        check_params(
            data_dir=merged.get("data_dir") or str(paths.DATA),
            base_dir=base_dir or paths.NOTEBOOKS,
            **{k: merged[k] for k in CHECKED if k in merged},
        )
        plan[nb] = values
    return plan


def output_targets(
    output_dir: Path | None, source: Path, figures: bool, report: bool
) -> dict[str, Path]:
    """The folders a run writes: notebooks, figures and report (the ones it will write)."""
    targets = {"notebooks": (output_dir / "notebooks") if output_dir else source}
    if figures:
        targets["figures"] = (output_dir / "figures") if output_dir else paths.FIGURES
    if report:
        targets["report"] = (output_dir / "report") if output_dir else paths.REPORT
    return targets


def check_outputs(output_dir: Path | None, targets: Mapping[str, Path]) -> None:
    """Refuse a run whose outputs cannot be written, before anything executes."""
    if output_dir is not None and output_dir.exists() and not output_dir.is_dir():
        raise RunError(f"--output-dir {output_dir}: exists and is not a folder")
    for folder in [paths.BUILD, *targets.values()]:
        if folder.exists() and not folder.is_dir():
            raise RunError(f"{folder}: exists and is not a folder; move it away")
        try:
            swap.writable_folder(folder)
        except swap.SwapError as err:
            raise RunError(f"{err}; nothing was run") from None


def effective_data_dir(
    data_dir: Path | None, parameters: Mapping[str, str], source: Path
) -> Path:
    """The data folder the notebooks will read: --data-dir, else `-p data_dir`, else data/.

    A relative `-p data_dir` is relative to the notebooks' folder, as in the notebooks.
    """
    if data_dir is not None:
        return data_dir
    if "data_dir" in parameters and not str(parameters["data_dir"]).strip():
        # An empty value would pass here as "the default" and fail every notebook.
        raise RunError(
            "parameter data_dir: is empty; name the folder holding events.csv, "
            "quotes.csv and claims.csv, or leave the parameter out to read data/"
        )
    if parameters.get("data_dir"):
        folder = Path(parameters["data_dir"])
        return folder if folder.is_absolute() else source / folder
    return paths.DATA


def _track_of(values: Mapping[str, Any]) -> str:
    """The track a notebook's parameters choose (the default when it has none)."""
    return check_track(str(values.get("track") or vocab.DEFAULT_TRACK))


def _pressing(chosen: Any, values: Mapping[str, Any]) -> Any:
    """The chosen rows that are US acts pressing on a side of the parameters' track."""
    track = _track_of(values)
    rows = track_rows(chosen, track)
    mask = is_in(rows["actor"], ("us",)) & is_in(
        rows["pressure_on"], TRACK_LANES[track]
    )
    return rows.loc[mask]


def _sides_named(values: Mapping[str, Any]) -> str:
    """The parameters' track's two sides, as a reader names them: 'Kyiv or Moscow',
    'Hamas or Israel on the Gaza track'."""
    track = _track_of(values)
    sides = " or ".join(sorted(SIDE_NAMES[s] for s in TRACK_LANES[track]))
    return (
        sides
        if track == vocab.DEFAULT_TRACK
        else f"{sides} on the {TRACK_NAMES[track]} track"
    )


def check_selection(
    plan: Mapping[Path, dict[str, Any]],
    declared: Mapping[Path, dict[str, Any]],
    data: Dataset,
) -> None:
    """Refuse parameters that select no rows (or no US pressure act for the analyses)."""
    events = data.events
    span = (
        f"the data run from {events['date'].min():%Y-%m-%d} "
        f"to {events['date'].max():%Y-%m-%d}"
    )
    for nb, values in plan.items():
        merged = {**declared[nb], **values}
        if "start_date" not in merged and "end_date" not in merged:
            continue
        start, end = merged.get("start_date") or "", merged.get("end_date") or ""
        chosen = select_events(events, start or None, end or None)
        where = f"start_date {start or '(none)'} and end_date {end or '(none)'}"
        if chosen.empty:
            raise ParameterError(
                f"parameters {where} select no events ({nb.name}); {span}"
            )
        if "scheme" in merged and _pressing(chosen, merged).empty:
            raise ParameterError(
                f"parameters {where} select no US act pressing on "
                f"{_sides_named(merged)} ({nb.name} analyses those); {span}"
            )
