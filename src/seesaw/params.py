"""Notebook and command-line parameters, checked in one place.

Every notebook's first code cell after `parameters` calls `check_params(...)`, so a bad
papermill `-p` fails at once with a message naming the parameter and what is allowed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from seesaw import vocab
from seesaw.errors import SeesawError

SCHEMES = tuple(vocab.SCHEMES)
COLLAPSES = tuple(vocab.COLLAPSES)


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
    collapse: str = vocab.DEFAULT_COLLAPSE
    seed: int = vocab.DEFAULT_SEED
    permutations: int = vocab.DEFAULT_PERMUTATIONS
    window_days: int = vocab.DEFAULT_WINDOW_DAYS
    coincidence_days: int = vocab.DEFAULT_COINCIDENCE_DAYS
    follow_days: int = vocab.DEFAULT_FOLLOW_DAYS
    actors: tuple[str, ...] = field(default_factory=tuple)


def _date(name: str, value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ParameterError(
            f"parameter {name}: expected a date written YYYY-MM-DD, got {value!r}"
        ) from None


def _int(name: str, value: Any, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ParameterError(
            f"parameter {name}: expected a whole number, got {value!r}"
        )
    try:
        number = int(value)
    except ValueError:
        raise ParameterError(
            f"parameter {name}: expected a whole number, got {value!r}"
        ) from None
    if number < minimum:
        raise ParameterError(
            f"parameter {name}: must be at least {minimum}, got {number}"
        )
    return number


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
    collapse: str = vocab.DEFAULT_COLLAPSE,
    seed: Any = vocab.DEFAULT_SEED,
    permutations: Any = vocab.DEFAULT_PERMUTATIONS,
    window_days: Any = vocab.DEFAULT_WINDOW_DAYS,
    coincidence_days: Any = vocab.DEFAULT_COINCIDENCE_DAYS,
    follow_days: Any = vocab.DEFAULT_FOLLOW_DAYS,
    actors: Any = (),
    base_dir: str | Path | None = None,
) -> Params:
    """Check every parameter and return them typed; raise ParameterError naming the first bad one.

    `base_dir` resolves a relative `data_dir` (notebooks pass their own folder).
    """
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
        smoothing_days=_int("smoothing_days", smoothing_days, 1),
        collapse=_choice("collapse", collapse, COLLAPSES),
        seed=_int("seed", seed, 0),
        permutations=_int("permutations", permutations, 99),
        window_days=_int("window_days", window_days, 1),
        coincidence_days=_int("coincidence_days", coincidence_days, 1),
        follow_days=_int("follow_days", follow_days, 1),
        actors=tuple(actors),
    )
