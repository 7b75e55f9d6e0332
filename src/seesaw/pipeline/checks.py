"""Before a run executes anything: the parameters each notebook gets, the rows they
select, the folders it writes, the per-cell limit; and the lock of its outputs."""

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

import pandas as pd

from seesaw import paths
from seesaw.analysis.masks import (
    SIDE_NAMES,
    TRACK_LANES,
    TRACK_NAMES,
    check_track,
    select_events,
    track_rows,
    us_pressure_acts,
)
from seesaw.data import vocab
from seesaw.data.load import Dataset
from seesaw.data.params import CHECKED_PARAMETERS, ParameterError, check_params
from seesaw.errors import SeesawError
from seesaw.pipeline import swap

CELL_TIMEOUT = 600  # seconds one cell may run (SEESAW_CELL_TIMEOUT overrides)
CELL_TIMEOUT_ENV = "SEESAW_CELL_TIMEOUT"


def notebook_sequence(folder: Path = paths.NOTEBOOKS) -> list[Path]:
    """The numbered notebooks in reading order."""
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


class RunError(SeesawError, RuntimeError):
    """A run that stopped; the message says where and what was kept."""

    exit_code = 1


#: The run locks this process holds; forked workers close their copies.
_HELD_LOCKS: list[int] = []


def release_locks() -> None:
    """Close this process's copies of the run locks (in a freshly forked worker)."""
    for fd in _HELD_LOCKS:
        with contextlib.suppress(OSError):
            os.close(fd)


def _open_lock(path: Path) -> int:
    """Open the lock file; never through a symbolic link, only a regular file."""
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


def _still_linked(fd: int, path: Path) -> bool:
    """Whether `fd` is still the file at `path` (a releasing run removes its lock
    file, so a lock taken on a file already removed is no lock)."""
    try:
        st = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (st.st_dev, st.st_ino) == (mine.st_dev, mine.st_ino)


def _raced(lock_path: Path) -> RunError:
    return RunError(
        f"another `seesaw run` took the lock {lock_path} at the same moment; "
        "wait for it to finish"
    )


def _take_lock(lock_path: Path, tries: int = 5) -> int:
    """Lock `lock_path`, taking it over from a dead holder; refuse a live one."""
    fd = _open_lock(lock_path)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if _still_linked(fd, lock_path):
            return fd
        os.close(fd)  # its holder removed it as we opened it: take the new one
        if tries > 1:
            return _take_lock(lock_path, tries - 1)
        raise _raced(lock_path)
    except BlockingIOError:
        raw = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        holder = int(raw) if raw.isdigit() and len(raw) < 12 else None
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
    lock_path.unlink(missing_ok=True)
    fd = _open_lock(lock_path)
    with contextlib.suppress(BlockingIOError):
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if _still_linked(fd, lock_path):
            return fd
    os.close(fd)
    raise _raced(lock_path)


def output_key(output_dir: Path) -> str:
    """A short name of an output folder, for its own lock and baseline."""
    return hashlib.sha1(str(Path(output_dir).resolve()).encode()).hexdigest()[:12]


@contextlib.contextmanager
def run_lock(build: Path, output_dir: Path | None = None) -> Iterator[None]:
    """Hold the lock of the run's outputs (`build/run.lock`, or one per --output-dir);
    refuse at once if another run holds it, take it over from a dead holder. The lock
    file is removed when the run ends (a killed run's stays, empty or with its pid)."""
    build.mkdir(parents=True, exist_ok=True)
    name = "run" if output_dir is None else f"run-{output_key(output_dir)}"
    path = build / f"{name}.lock"
    fd = _take_lock(path)
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)
    _HELD_LOCKS.append(fd)
    try:
        yield
    finally:
        _HELD_LOCKS.remove(fd)
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        with contextlib.suppress(OSError):
            path.unlink()  # while still held: a run that opened it takes a new one
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def cell_timeout() -> int:
    """The per-cell limit in seconds: CELL_TIMEOUT, or SEESAW_CELL_TIMEOUT when set."""
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
    if isinstance(default, bool):
        if raw.lower() in ("true", "1", "yes", "false", "0", "no"):
            return raw.lower() in ("true", "1", "yes")
    elif isinstance(default, int | float):
        with contextlib.suppress(ValueError):
            if raw.isascii() and "_" not in raw:  # int() takes '１２３' and '1_000'
                return type(default)(raw)
    else:
        return raw
    raise ParameterError(
        f"parameter {name}: expected a {type(default).__name__} like its default "
        f"{default!r}, got {raw!r}"
    )


def declared_parameters(notebook: Path) -> dict[str, Any]:
    """The parameters a notebook declares, with their default values."""
    import papermill

    out: dict[str, Any] = {}
    for name, spec in papermill.inspect_notebook(str(notebook)).items():
        out[name] = default = spec.get("default")
        with contextlib.suppress(ValueError, SyntaxError):
            out[name] = ast.literal_eval(default) if default is not None else None
    return out


def plan_parameters(
    notebooks: Sequence[Path],
    raw: Mapping[str, str],
    data_dir: Path | None,
    declared: Mapping[Path, dict[str, Any]],
    base_dir: Path,
) -> dict[Path, dict[str, Any]]:
    """Per notebook, the parameters to inject (from their `declared` defaults, a path
    relative to `base_dir`); refuse unknown names and bad values."""
    known = sorted({name for nb in notebooks for name in declared[nb]})
    for name in raw:
        if name not in known:
            raise ParameterError(
                f"parameter {name}: no notebook declares it; known: {', '.join(known)}"
            )
    plan: dict[Path, dict[str, Any]] = {}
    for nb in notebooks:
        defaults = declared[nb]
        values = {
            k: _coerce(k, v, defaults[k]) for k, v in raw.items() if k in defaults
        }
        if data_dir is not None and "data_dir" in defaults:
            values["data_dir"] = str(data_dir.resolve())
        merged = {**defaults, **values}
        check_params(
            data_dir=merged.get("data_dir") or str(paths.DATA),
            base_dir=base_dir,
            **{k: merged[k] for k in CHECKED_PARAMETERS if k in merged},
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
    """The data folder the notebooks will read: --data-dir, else `-p data_dir` (relative
    to the notebooks' folder, as in the notebooks), else data/."""
    if data_dir is not None:
        return data_dir
    if "data_dir" in parameters and not str(parameters["data_dir"]).strip():
        raise RunError(
            "parameter data_dir: is empty; name the folder holding events.csv, "
            "quotes.csv and claims.csv, or leave the parameter out to read data/"
        )
    if parameters.get("data_dir"):
        folder = Path(parameters["data_dir"])
        return folder if folder.is_absolute() else source / folder
    return paths.DATA


def check_window(
    events: pd.DataFrame,
    start: Any,
    end: Any,
    where: str,
    track: str | None = None,
    notebook: str = "",
) -> pd.DataFrame:
    """The events from `start` to `end`; ParameterError (naming `where`) when there are
    none or, on `track`, no US act presses on its sides."""
    acts = events[events["kind"].astype(str).ne("context")]
    dates, noun = (acts, "acts") if 0 < len(acts) < len(events) else (events, "data")
    span = (
        f"the {noun} run from {dates['date'].min():%Y-%m-%d} "
        f"to {dates['date'].max():%Y-%m-%d}"
    )
    chosen = select_events(events, start or None, end or None)
    named = notebook and f" ({notebook})"
    if chosen.empty:
        raise ParameterError(f"{where} select no events{named}; {span}")
    if chosen["kind"].astype(str).eq("context").all():
        raise ParameterError(
            f"{where} select only background rows (kind context), no act{named}; {span}"
        )
    if track is not None:
        track = check_track(track)
        lanes = TRACK_LANES[track]
        if us_pressure_acts(track_rows(chosen, track), lanes).empty:
            sides = " or ".join(sorted(SIDE_NAMES[s] for s in lanes))
            if track != vocab.DEFAULT_TRACK:
                sides += f" on the {TRACK_NAMES[track]} track"
            who = notebook and f" ({notebook} analyses those)"
            raise ParameterError(
                f"{where} select no US act pressing on {sides}{who}; {span}"
            )
    return chosen


def check_selection(
    plan: Mapping[Path, dict[str, Any]],
    declared: Mapping[Path, dict[str, Any]],
    data: Dataset,
) -> None:
    """Refuse parameters that select no rows (or no US pressure act for the analyses)."""
    for nb, values in plan.items():
        merged = {**declared[nb], **values}
        if "start_date" not in merged and "end_date" not in merged:
            continue
        start, end = (merged.get(k) or "" for k in ("start_date", "end_date"))
        track = merged.get("track") or vocab.DEFAULT_TRACK
        where = f"start_date {start or '(none)'} and end_date {end or '(none)'}"
        analyses = str(track) if "scheme" in merged else None
        check_window(data.events, start, end, f"parameters {where}", analyses, nb.name)
