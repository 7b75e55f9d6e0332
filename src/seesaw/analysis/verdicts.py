"""One decision rule for the headline questions (see data/ANALYSIS.md), assembled.

Every reader-facing statement of a direction (notebooks 03 and 04, `seesaw stats
--json`, the README bottom line, the claims ledger, the explorer) comes from the
verdicts, so the words cannot drift from the numbers. Each verdict has its module:
`alternation` (did US pressure on the two sides take turns?), `timing_verdict` (did
the counterpart's moves follow US pressure?) and `follow_through` (were threats carried
out?). Each leads with an effect size and its interval and states its power and its
minimum detectable effect in words. This module runs them over a window and its
holdout (`verdicts`), with each window's coverage, and writes them as text lines.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

# The notebooks read the verdicts and their names here (`verdicts.alternation_verdict`).
from seesaw.analysis.alternation import ALTERNATION_VERDICTS as ALTERNATION_VERDICTS
from seesaw.analysis.alternation import alternation_verdict
from seesaw.analysis.follow_through import follow_through_verdict
from seesaw.analysis.masks import TRACK_LANES, check_track, track_rows, window_span
from seesaw.analysis.metrics import MetricError
from seesaw.analysis.timing_verdict import OVERTURE_VERDICTS as OVERTURE_VERDICTS
from seesaw.analysis.timing_verdict import overture_verdict
from seesaw.data import vocab

#: Power at or above which a null result speaks against the pattern (notebook 03 reads
#: it here).
GOOD_POWER = vocab.GOOD_POWER


def coverage(
    events: pd.DataFrame, start: object, end: object, track: str = "ukraine"
) -> dict[str, Any]:
    """How densely a window is covered: US pressure acts and all acts per 30 days
    (the rows of `track`; the other track's are not counted)."""
    sides = TRACK_LANES[check_track(track)]
    events = track_rows(events, track)
    first, last = window_span(events, start, end)
    days = int((last - first).days) + 1
    inside = events[events["date"].between(first, last)]
    us = inside[
        inside["actor"].astype(str).eq("us")
        & inside["pressure_on"].astype(str).isin(list(sides))
    ]
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


def _timing(
    events: pd.DataFrame, first: object, last: object, track: str, **kw: Any
) -> dict[str, Any]:
    """The timing verdict of one track: Moscow's overtures on Ukraine's; on Gaza's,
    each side's concessions after US pressure on it (one verdict per side)."""
    if track == "ukraine":
        return _safe(overture_verdict, events, first, last, **kw)
    return {
        side: _safe(overture_verdict, events, first, last, side=side, **kw)
        for side in TRACK_LANES[track]
    }


def _block(
    events: pd.DataFrame,
    first: object,
    last: object,
    track: str,
    follow: bool,
    alt: dict[str, Any],
    timing: dict[str, Any],
    seed: int,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "window": coverage(events, first, last, track),
        "alternation": _safe(alternation_verdict, events, first, last, **alt),
        ("overtures" if track == "ukraine" else "timing"): _timing(
            events, first, last, track, **timing
        ),
    }
    if follow:
        out["follow_through"] = {
            side: follow_through_verdict(events, side, first, last, seed=seed).as_dict()
            for side in TRACK_LANES[track]
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
    follow_through: bool | None = None,
) -> dict[str, Any]:
    """Both verdicts for [start, end] and for the holdout (the day after `end` to the
    last date in the data), with each window's coverage. Only the rows of `track` are
    read (Ukraine's by default). On the Gaza track the timing verdict is one per side
    (key `timing`), and follow-through by instrument is added per side (key
    `follow_through`; for Ukraine only when `follow_through=True`, so that its output
    stays as it was)."""
    events = track_rows(events, check_track(track))
    follow = track != "ukraine" if follow_through is None else follow_through
    first, last = window_span(events, start, end)
    alt = {
        "scheme": scheme,
        "permutations": permutations,
        "seed": seed,
        "power_runs": power_runs,
    }
    if track != "ukraine":
        alt["track"] = track
    timing = {"coincidence_days": coincidence_days, "draws": permutations, "seed": seed}
    out: dict[str, Any] = {"track": track} if track != "ukraine" else {}
    out |= _block(events, first, last, track, follow, alt, timing, seed)
    data_end = events["date"].max().normalize()
    hold_start = last + pd.Timedelta(days=1)
    if hold_start <= data_end:
        hold = _block(events, hold_start, data_end, track, follow, alt, timing, seed)
        out["holdout"] = {
            "window": hold.pop("window"),
            "question": "did the pattern continue after the article?",
            **hold,
        }
    else:
        out["holdout"] = None
    return out


def format_verdicts(found: dict[str, Any]) -> str:
    """The verdicts of `verdicts()` as text lines."""
    lines = []
    blocks = [("window", found)]
    if found.get("holdout"):
        blocks.append(("holdout", found["holdout"]))
    for label, block in blocks:
        w = block["window"]
        lines.append(
            f"{label} {w['start']}..{w['end']} ({w['us_pressure_acts']} US pressure acts, "
            f"{w['us_pressure_acts_per_30_days']:.1f} per 30 days):"
        )
        for key in ("alternation", "overtures", "timing", "follow_through"):
            if key not in block:
                continue
            v = block[key]
            parts = (
                [(key, v)]
                if "verdict" in v
                else [(f"{key} ({side})", sub) for side, sub in v.items()]
            )
            for name, one in parts:
                detail = one.get("sentence", one.get("reason", ""))
                lines.append(f"  {name}: {one['verdict']}: {detail}")
                swing = one.get("changepoint") or {}
                if swing.get("sentence"):
                    lines.append(f"  slow swing: {swing['sentence']}")
    return "\n".join(lines)
