"""The headline verdicts (see data/ANALYSIS.md) over a window and its holdout, with each
window's coverage: `alternation` (did US pressure take turns?), `timing_verdict` (did the
counterpart's moves follow it?), `follow_through` (were threats carried out?). Every
reader-facing direction comes from them, so the words cannot drift from the numbers.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from seesaw.analysis import masks

# The notebooks read the verdicts and their names here (`verdicts.alternation_verdict`).
from seesaw.analysis.alternation import alternation_verdict
from seesaw.analysis.follow_through import follow_through_verdict
from seesaw.analysis.metrics import MetricError
from seesaw.analysis.timing_verdict import overture_verdict
from seesaw.data import vocab


def coverage(
    events: pd.DataFrame, start: object, end: object, track: str = "ukraine"
) -> dict[str, Any]:
    """How densely a window is covered: US pressure acts and all acts per 30 days
    (the rows of `track`; the other track's are not counted)."""
    sides = masks.TRACK_LANES[masks.check_track(track)]
    events = masks.track_rows(events, track)
    first, last = masks.window_span(events, start, end)
    days = int((last - first).days) + 1
    inside = events[events["date"].between(first, last)]
    us = masks.us_pressure_acts(inside, sides)
    return {
        "start": first.date().isoformat(),
        "end": last.date().isoformat(),
        "days": days,
        "events": len(inside),
        "us_pressure_acts": len(us),
        "us_pressure_acts_per_30_days": 30 * len(us) / days if days else 0.0,
    }


def _safe(fn: Any, *args: Any, **kw: Any) -> dict[str, Any]:
    try:
        return dict(fn(*args, **kw).as_dict())
    except MetricError as err:
        return {
            "verdict": "untestable",
            "reason": str(err),
            "plain": f"the data cannot run this test here: {err}",
        }


def _block(
    events: pd.DataFrame,
    first: object,
    last: object,
    alt: dict[str, Any],
    timing: dict[str, Any],
) -> dict[str, Any]:
    """One window's verdicts: on Gaza's track a timing verdict per side (each side's
    concessions after US pressure on it) and follow-through by instrument per side."""
    track = alt["track"]
    out: dict[str, Any] = {
        "window": coverage(events, first, last, track),
        "alternation": _safe(alternation_verdict, events, first, last, **alt),
    }
    if track == "ukraine":
        out["overtures"] = _safe(overture_verdict, events, first, last, **timing)
        return out
    out["timing"] = {
        side: _safe(overture_verdict, events, first, last, side=side, **timing)
        for side in masks.TRACK_LANES[track]
    }
    out["follow_through"] = {
        side: follow_through_verdict(events, side, first, last).as_dict()
        for side in masks.TRACK_LANES[track]
    }
    return out


def verdicts(
    events: pd.DataFrame,
    start: object = vocab.ANALYSIS_START,
    end: object = vocab.ARTICLE_END,
    permutations: int = vocab.DEFAULT_PERMUTATIONS,
    seed: int = vocab.DEFAULT_SEED,
    scheme: str = "mode",
    power_runs: int = vocab.POWER_RUNS,
    coincidence_days: int = vocab.DEFAULT_COINCIDENCE_DAYS,
    track: str = "ukraine",
    smoothing_days: int = vocab.DEFAULT_SMOOTHING_DAYS,
) -> dict[str, Any]:
    """The verdicts for [start, end] and for the holdout (the day after `end` to the
    last date in the data), with each window's coverage, on the rows of `track`."""
    events = masks.track_rows(events, masks.check_track(track))
    first, last = masks.window_span(events, start, end)
    alt = {"scheme": scheme, "permutations": permutations, "seed": seed}
    alt |= {"power_runs": power_runs, "track": track, "smooth_days": smoothing_days}
    timing = {"coincidence_days": coincidence_days}
    out: dict[str, Any] = {"track": track} if track != "ukraine" else {}
    out |= _block(events, first, last, alt, timing)
    data_end = events["date"].max().normalize()
    hold_start = last + pd.Timedelta(days=1)
    out["holdout"] = None
    if hold_start <= data_end:
        hold = _block(events, hold_start, data_end, alt, timing)
        out["holdout"] = {
            "window": hold.pop("window"),
            "question": "did the pattern continue after the article?",
            **hold,
        }
    return out
