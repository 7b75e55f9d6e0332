"""Notebook and command-line parameters, checked in one place: a bad papermill `-p`
fails at once, naming the parameter and what is allowed."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from seesaw.data import vocab
from seesaw.errors import SeesawError

SCHEMES = tuple(vocab.SCHEMES)
TRACKS = tuple(vocab.TRACK_SIDES)

#: The allowed range of every numeric parameter, (least, most). The upper bounds keep a
#: run to minutes and memory to megabytes: a window longer than a year covers the whole
#: data; 100,000 permutations put a p-value's Monte Carlo error below 0.002; numpy seeds
#: are 32-bit. 100 simulated runs put a power's standard error at 5 points at most.
BOUNDS: dict[str, tuple[int, int]] = {
    "smoothing_days": (1, 365),
    "seed": (0, 2**32 - 1),
    "permutations": (99, 100_000),
    "event_window_days": (1, 365),
    "coincidence_days": (1, 365),
    "follow_days": (1, 365),
    "power_runs": (100, 10_000),
}


#: Old parameter names still read, and the names they stand for (one name per window:
#: `window_days` meant the event study's window in notebook 04).
ALIASES: dict[str, str] = {"window_days": "event_window_days"}


class ParameterError(SeesawError, ValueError):
    """A parameter value outside what is allowed; the message says which and what is."""


@dataclass(frozen=True)
class Params:
    """Checked, typed parameters shared by the notebooks."""

    data_dir: Path
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    scheme: str = vocab.DEFAULT_SCHEME
    smoothing_days: int = vocab.DEFAULT_SMOOTHING_DAYS
    seed: int = vocab.DEFAULT_SEED
    permutations: int = vocab.DEFAULT_PERMUTATIONS
    event_window_days: int = vocab.DEFAULT_EVENT_WINDOW_DAYS
    coincidence_days: int = vocab.DEFAULT_COINCIDENCE_DAYS
    follow_days: int = vocab.DEFAULT_FOLLOW_DAYS
    power_runs: int = vocab.POWER_RUNS
    actors: tuple[str, ...] = field(default_factory=tuple)
    track: str = vocab.DEFAULT_TRACK


#: The notebook parameters `check_params` checks (besides data_dir): the fields of
#: `Params` and their old names.
CHECKED_PARAMETERS = (*(f.name for f in fields(Params)[1:]), *ALIASES)


def iso_date(text: object) -> dt.date | None:
    """The calendar day `text` names when written YYYY-MM-DD, else None (the one test of
    a date written in a CSV cell, a claim's parameters or a notebook parameter)."""
    # Only that form: Python 3.11's fromisoformat also takes 20250101 and 2025-W01-1.
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", str(text)):
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(str(text))
    return None


def _date(name: str, value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if (day := iso_date(value)) is None:
        raise ParameterError(
            f"parameter {name}: expected a date written YYYY-MM-DD, got {value!r}"
        )
    return day


def _int(name: str, value: Any, bounds: str | None = None) -> int:
    """`value` as a whole number within the bounds of `bounds` (default: `name`)."""
    minimum, maximum = BOUNDS[bounds or name]
    ok = isinstance(value, int | str) and not isinstance(value, bool)
    # Digits only: int() would also take '１２３' or '1_000'.
    if not (ok and re.fullmatch(r"\s*[-+]?[0-9]+\s*", str(value))):
        problem = f"expected a whole number, got {value!r}"
    elif int(value) < minimum:
        problem = f"must be at least {minimum}, got {int(value)}"
    elif int(value) > maximum:
        problem = f"must be at most {maximum:,}, got {int(value):,}"
    else:
        return int(value)
    raise ParameterError(f"parameter {name}: {problem}")


def _choice(name: str, value: Any, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise ParameterError(
            f"parameter {name}: unknown value {value!r}; allowed: {', '.join(allowed)}"
        )
    return str(value)


def check_params(
    data_dir: str | Path,
    start_date: Any = None,
    end_date: Any = None,
    scheme: str = vocab.DEFAULT_SCHEME,
    smoothing_days: Any = vocab.DEFAULT_SMOOTHING_DAYS,
    seed: Any = vocab.DEFAULT_SEED,
    permutations: Any = vocab.DEFAULT_PERMUTATIONS,
    event_window_days: Any = vocab.DEFAULT_EVENT_WINDOW_DAYS,
    coincidence_days: Any = vocab.DEFAULT_COINCIDENCE_DAYS,
    follow_days: Any = vocab.DEFAULT_FOLLOW_DAYS,
    power_runs: Any = vocab.POWER_RUNS,
    actors: Any = (),
    track: str = vocab.DEFAULT_TRACK,
    window_days: Any = None,
    base_dir: str | Path | None = None,
) -> Params:
    """Every parameter checked and typed; ParameterError names the first bad one.
    `base_dir` resolves a relative `data_dir`; `window_days` is `event_window_days`'s old
    name (`ALIASES`)."""
    folder = Path(data_dir)
    if base_dir is not None and not folder.is_absolute():
        folder = Path(base_dir) / folder
    if not folder.is_dir():
        raise ParameterError(
            f"parameter data_dir: no such directory: {str(data_dir)!r}"
        )
    start = _date("start_date", start_date)
    end = _date("end_date", end_date)
    if start and end and end < start:
        raise ParameterError(
            f"parameter end_date: {end.isoformat()} is before start_date {start.isoformat()}"
        )
    if isinstance(actors, str):
        actors = tuple(a.strip() for a in actors.split(",") if a.strip())
    for actor in actors:
        _choice("actors", actor, tuple(vocab.ACTORS))
    return Params(
        data_dir=folder.resolve(),
        start_date=start,
        end_date=end,
        scheme=_choice("scheme", scheme, SCHEMES),
        smoothing_days=_int("smoothing_days", smoothing_days),
        seed=_int("seed", seed),
        permutations=_int("permutations", permutations),
        event_window_days=(
            _int("event_window_days", event_window_days)
            if window_days in (None, "")
            else _int("window_days", window_days, "event_window_days")
        ),
        coincidence_days=_int("coincidence_days", coincidence_days),
        follow_days=_int("follow_days", follow_days),
        power_runs=_int("power_runs", power_runs),
        actors=tuple(actors),
        track=_choice("track", track, TRACKS),
    )
