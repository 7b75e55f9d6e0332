"""Windows the analysis notebooks can test, and a data size a run can hold, checked
before any kernel starts: the notebooks' own functions are tried cheaply (few draws),
and a window they cannot test is refused in one sentence that names the shortest
window from the same start that works."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from seesaw.analysis.metrics import MetricError
from seesaw.data import vocab
from seesaw.data.params import ParameterError

TRIAL_DRAWS = 9  # enough to reach every code path, far from the real count
STEP_DAYS = 7  # step of the search for the shortest window that works


def _alternation(events: pd.DataFrame, a: Any, b: Any, p: Mapping[str, Any]) -> None:
    from seesaw.analysis import verdicts

    verdicts.alternation_verdict(
        events,
        a,
        b,
        scheme=str(p.get("scheme") or "mode"),
        smooth_days=int(p.get("smoothing_days") or vocab.DEFAULT_SMOOTHING_DAYS),
        permutations=TRIAL_DRAWS,
        power_runs=1,
    )


def _timing(events: pd.DataFrame, a: Any, b: Any, p: Mapping[str, Any]) -> None:
    from seesaw.analysis import overtures, verdicts

    days = int(p.get("coincidence_days") or vocab.DEFAULT_COINCIDENCE_DAYS)
    verdicts.overture_verdict(events, a, b, coincidence_days=days)
    overtures.sensitivity_table(events, a, b)


def _contrast(events: pd.DataFrame, a: Any, b: Any, p: Mapping[str, Any]) -> None:
    from seesaw.analysis import contrast

    seed = int(p.get("seed") or vocab.DEFAULT_SEED)
    days = int(p.get("follow_days") or vocab.DEFAULT_FOLLOW_DAYS)
    contrast.contrast(events, a, b, power_runs=1, seed=seed, follow_days=days)


#: The tests each notebook runs on its window, by number prefix.
CHECKS: dict[str, tuple[str, Callable[..., None]]] = {
    "03": ("the alternation test", _alternation),
    "04": ("the timing test", _timing),
    "05": ("the contrast of the two tracks", _contrast),
}
#: Notebooks whose holdout (after end_date) is tested too.
WITH_HOLDOUT = ("03", "04")


def _problem(check: Callable[..., None], *window: Any) -> str | None:
    try:
        check(*window)
    except MetricError as err:
        return str(err)
    return None


def check_windows(
    plan: Mapping[Path, dict[str, Any]],
    declared: Mapping[Path, dict[str, Any]],
    events: pd.DataFrame,
) -> None:
    """Refuse (ParameterError, one sentence) a window or holdout a notebook cannot test,
    advising the shortest window from the same start, or the latest end_date leaving a
    holdout, that every checked notebook can use."""
    first = events["date"].min().normalize()
    last = events["date"].max().normalize()
    jobs = [
        (nb, CHECKS[nb.name[:2]], {**declared[nb], **values})
        for nb, values in plan.items()
        if nb.name[:2] in CHECKS
    ]
    day, step = pd.Timedelta(days=1), pd.Timedelta(days=STEP_DAYS)

    def all_fit(a: pd.Timestamp, b: pd.Timestamp, holdout: bool) -> bool:
        for nb, (_, check), merged in jobs:
            if _problem(check, events, a, b, merged) is not None:
                return False
            if (
                holdout
                and b < last
                and nb.name[:2] in WITH_HOLDOUT
                and _problem(check, events, b + day, last, merged)
            ):
                return False
        return True

    for nb, (what, check), merged in jobs:
        start = max(pd.Timestamp(merged.get("start_date") or first), first)
        end = min(pd.Timestamp(merged.get("end_date") or last), last)
        where = f"start_date {start.date()} and end_date {end.date()}"
        problem = _problem(check, events, start, end, merged)
        if problem is not None:
            b = start + step
            while b <= last and not all_fit(start, b, holdout=False):
                b += step
            advice = (
                f"from {start.date()}, the shortest window every analysis can use ends on "
                f"{b.date()} ({(b - start).days + 1} days, tried in steps of {STEP_DAYS})"
                if b <= last
                else f"no window from {start.date()} works; choose an earlier start_date"
            )
            raise ParameterError(
                f"{nb.name}: parameters {where} give a window {what} cannot use "
                f"({problem}); {advice}"
            )
        hold = end + day
        if hold > last or nb.name[:2] not in WITH_HOLDOUT:
            continue
        problem = _problem(check, events, hold, last, merged)
        if problem is None:
            continue
        b = end - step
        while b > start and not all_fit(start, b, holdout=True):
            b -= step
        advice = (
            f"the latest end_date that leaves a holdout every analysis can use is about "
            f"{b.date()} (tried in steps of {STEP_DAYS} days), or end_date {last.date()} "
            "for no holdout"
            if b > start
            else f"set end_date {last.date()} for no holdout"
        )
        raise ParameterError(
            f"{nb.name}: end_date {end.date()} leaves a holdout ({hold.date()} to "
            f"{last.date()}) {what} cannot use ({problem}); {advice}"
        )


#: The most events a run takes in bounded memory (`make bench` measures the peak of
#: the real data, far under 2 GB); SEESAW_MAX_EVENTS raises it.
MAX_EVENTS = 5_000
MAX_EVENTS_ENV = "SEESAW_MAX_EVENTS"


def check_size(data_folder: Path) -> None:
    """Refuse, before the data are validated, an events.csv of more rows than a run
    takes (MAX_EVENTS, or SEESAW_MAX_EVENTS); a file that is not plain or cannot be read is left to the validation."""
    setting = os.environ.get(MAX_EVENTS_ENV, "").strip()
    if setting and (not setting.isdigit() or int(setting) < 1):
        raise ParameterError(
            f"{MAX_EVENTS_ENV}={setting!r} is not a number of events (a whole number "
            "above 0)"
        )
    limit = int(setting) if setting else MAX_EVENTS
    path = data_folder / "events.csv"
    if path.is_symlink() or not path.is_file():
        return
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = sum(1 for _ in csv.reader(handle)) - 1
    except (OSError, UnicodeDecodeError, csv.Error):
        return
    if rows > limit:
        raise ParameterError(
            f"{path.name} has {rows:,} rows, over the {limit:,} a run takes (a larger "
            "table may need more than 2 GB of memory); set "
            f"{MAX_EVENTS_ENV} to a larger number to run it anyway"
        )
