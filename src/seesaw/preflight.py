"""Windows the analysis notebooks can test, checked before any kernel starts.

Notebooks 03 and 04 test the article's window and the holdout after it. A window too
short or too quiet for a test (a lane with no act, fewer days than the smoothing, no
Russian overture) would fail inside a kernel with a trace; here the same functions the
notebooks call are tried first, cheaply (few draws, no power runs), and a window that
cannot be tested is refused with one sentence naming the parameter, the reason and the
shortest window from the same start that works.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from seesaw.metrics import MetricError
from seesaw.params import ParameterError

#: Draws for the trial runs: enough to reach every code path, far from the real count.
TRIAL_DRAWS = 9
#: Step of the search for the shortest window that works, in days.
STEP_DAYS = 7


def _alternation(
    events: pd.DataFrame, a: pd.Timestamp, b: pd.Timestamp, p: Mapping[str, Any]
) -> None:
    from seesaw import verdicts

    verdicts.alternation_verdict(
        events,
        a,
        b,
        scheme=str(p.get("scheme") or "mode"),
        smooth_days=int(p.get("smoothing_days") or 14),
        permutations=TRIAL_DRAWS,
        power_runs=1,
    )


def _timing(
    events: pd.DataFrame, a: pd.Timestamp, b: pd.Timestamp, p: Mapping[str, Any]
) -> None:
    from seesaw import overtures, verdicts

    verdicts.overture_verdict(
        events, a, b, window_days=int(p.get("coincidence_days") or 3), draws=TRIAL_DRAWS
    )
    overtures.sensitivity_table(events, a, b, draws=TRIAL_DRAWS)


#: The tests each notebook runs on its window and on the holdout, by number prefix.
CHECKS: dict[str, tuple[str, Callable[..., None]]] = {
    "03": ("the alternation test", _alternation),
    "04": ("the timing test", _timing),
}


def _problem(
    check: Callable[..., None],
    events: pd.DataFrame,
    a: pd.Timestamp,
    b: pd.Timestamp,
    p: Mapping[str, Any],
) -> str | None:
    try:
        check(events, a, b, p)
    except MetricError as err:
        return str(err)
    return None


def _day(ts: pd.Timestamp) -> str:
    return f"{ts:%Y-%m-%d}"


def check_windows(
    plan: Mapping[Path, dict[str, Any]],
    declared: Mapping[Path, dict[str, Any]],
    events: pd.DataFrame,
) -> None:
    """Refuse (ParameterError, one sentence) a window or holdout a notebook cannot test."""
    first = events["date"].min().normalize()
    last = events["date"].max().normalize()
    for nb, values in plan.items():
        entry = CHECKS.get(nb.name[:2])
        if entry is None:
            continue
        what, check = entry
        merged = {**declared[nb], **values}
        start = (
            pd.Timestamp(merged["start_date"]) if merged.get("start_date") else first
        )
        end = pd.Timestamp(merged["end_date"]) if merged.get("end_date") else last
        start, end = max(start, first), min(end, last)
        where = f"start_date {_day(start)} and end_date {_day(end)}"
        problem = _problem(check, events, start, end, merged)
        if problem is not None:
            fits = None
            b = start + pd.Timedelta(days=STEP_DAYS)
            while b <= last:
                if _problem(check, events, start, b, merged) is None:
                    fits = b
                    break
                b += pd.Timedelta(days=STEP_DAYS)
            advice = (
                f"from {_day(start)}, the shortest window that works ends on {_day(fits)} "
                f"({(fits - start).days + 1} days, tried in steps of {STEP_DAYS})"
                if fits is not None
                else f"no window from {_day(start)} works; choose an earlier start_date"
            )
            raise ParameterError(
                f"{nb.name}: parameters {where} give a window {what} cannot use "
                f"({problem}); {advice}"
            )
        hold = end + pd.Timedelta(days=1)
        if hold > last:
            continue
        problem = _problem(check, events, hold, last, merged)
        if problem is None:
            continue
        fits = None
        b = end - pd.Timedelta(days=STEP_DAYS)
        while b > start:
            if (
                _problem(check, events, b + pd.Timedelta(days=1), last, merged) is None
                and _problem(check, events, start, b, merged) is None
            ):
                fits = b
                break
            b -= pd.Timedelta(days=STEP_DAYS)
        advice = (
            f"the latest end_date that leaves a holdout it can use is about {_day(fits)} "
            f"(tried in steps of {STEP_DAYS} days), or end_date {_day(last)} for no holdout"
            if fits is not None
            else f"set end_date {_day(last)} for no holdout"
        )
        raise ParameterError(
            f"{nb.name}: end_date {_day(end)} leaves a holdout ({_day(hold)} to "
            f"{_day(last)}) {what} cannot use ({problem}); {advice}"
        )
