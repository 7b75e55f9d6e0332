"""What we changed after seeing the data (the dated log atop `data/ANALYSIS.md`), said
where a reader meets the results, with each test's result before and after the change
computed from the current data."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from seesaw.analysis import (
    alternation,
    claim_checks,
    masks,
    power,
    sensitivity,
    spells,
    synthetic,
    verdicts,
    views,
)
from seesaw.analysis.describe import Z_CRITICAL
from seesaw.analysis.masks import SIDE_NAMES
from seesaw.analysis.metrics import MetricError
from seesaw.data import memo, vocab
from seesaw.text.words import covered_as, purer, rows_per_30_days

#: The first design's choices, for the before figures.
FIRST_EXACT_MAX = 60  # the first runs test: exact up to this many active days
FIRST_MIN_SHIFT = spells.FIRST_DESIGN_MIN_SHIFT
FIRST_TIMING_DAYS = 7
FIRST_BASE_DAYS = 4000  # seeded random days that estimated the base rates
#: C19's check as the ledger runs it (data/claims.csv), for its rule's before and after.
C19: dict[str, Any] = {"target": "moscow", "days": 30, "below": 0.5}


def _follow_through(events: pd.DataFrame, start: object, end: object) -> dict[str, Any]:
    """C19 under the first rule (the share under the line) and today's (the whole
    interval on one side of it)."""
    p = {
        **C19,
        "start": str(pd.Timestamp(start).date()),
        "end": str(pd.Timestamp(end).date()),
    }
    table = claim_checks.follow_through_table(events, p)
    counted = table[table["status"].isin(["followed", "not followed"])]
    followed = int(counted["status"].eq("followed").sum())
    first = (
        "supported"
        if len(counted) and followed / len(counted) < C19["below"]
        else "not supported"
    )
    now = claim_checks.check_follow_through(events, pd.DataFrame(), p).verdict
    return {"followed": followed, "threats": len(counted), "first": first, "now": now}


@memo.cached(project={"events": views.tags_only})
def figures(
    events: pd.DataFrame,
    start: object = vocab.ANALYSIS_START,
    end: object = vocab.ARTICLE_END,
) -> dict[str, Any]:
    """Each changed test's p-value before and after its change, on the current data
    (kept in the computation cache: a dozen permutation tests)."""

    def p_or_none(test: Any, *args: Any, **kw: Any) -> float | None:
        try:
            return test(*args, **kw).p_value
        except MetricError:
            return None

    def timing(*args: Any, **kw: Any) -> Any:
        return verdicts.overture_verdict(*args, **kw).timing

    designs: dict[str, dict[str, Any]] = {
        "first_design": {"min_shift": FIRST_MIN_SHIFT, "max_period": None},
        "first_design_all_shifts": {"min_shift": 1, "max_period": None},
        "detrended_shifts_28": {"min_shift": FIRST_MIN_SHIFT},
        "primary": {},
    }
    out: dict[str, Any] = {
        name: p_or_none(spells.spells_test, events, start, end, **kw)
        for name, kw in designs.items()
    }
    for days in (FIRST_TIMING_DAYS, 3):
        out[f"timing_{days}"] = p_or_none(
            timing, events, start, end, coincidence_days=days
        )
    # The acts added from the coverage passes: the primary tests without them.
    before = sensitivity.drop_coverage_additions(events)
    out["primary_before_additions"] = p_or_none(spells.spells_test, before, start, end)
    out["timing_3_before_additions"] = p_or_none(timing, before, start, end)
    out["added"] = len(events) - len(before)
    out["sample_months"] = _sample_months(events, before)
    out["c19"] = _follow_through(events, start, end)
    out["runs"] = _runs_figures(events, start, end)
    return out | _lane_figures(events, start, end)


def _runs_figures(events: pd.DataFrame, start: object, end: object) -> dict[str, Any]:
    """The runs test as the alternation verdict runs it (the default scheme): its p for
    more switches and its number of active days (None where it cannot run)."""
    try:
        first, last = masks.window_span(events, start, end)
        signs = alternation.day_signs(events, first, last, vocab.DEFAULT_SCHEME)
        runs = spells.runs_tails(signs.to_numpy())
    except MetricError:
        return {"p_more": None, "p_first": None, "days": None}
    first = runs.p_more  # the first rule's runs test: exact up to 60 active days,
    if runs.n > FIRST_EXACT_MAX:  # then the normal approximation, continuity-corrected
        z = (runs.runs - 0.5 - runs.expected) / runs.sd
        first = min(1.0, 0.5 * math.erfc(z / math.sqrt(2.0)))
    return {"p_more": runs.p_more, "p_first": first, "days": runs.n}


def _lane_figures(events: pd.DataFrame, start: object, end: object) -> dict[str, Any]:
    """From the window's lanes: which side came first by the verdict's first definition
    (the mean day of the acts raising pressure on each side) and by today's
    (`spells.first_side`), and the share of its acts on the busier side of their 30-day
    blocks, as the alternation verdict states it (`power.block_purity`)."""
    sides = ("moscow", "kyiv")
    try:
        lane = spells.lanes(
            events, *masks.window_span(events, start, end), "raise", sides
        )
    except MetricError:
        return {"first_side_mean": None, "first_side": None, "purity": None}
    day = np.arange(len(lane))
    mean = [
        np.average(day, weights=lane[s]) if lane[s].sum() else np.nan for s in sides
    ]
    earlier = [a < b for a, b in (mean, mean[::-1])]  # NaN compares False: neither
    return {
        "first_side_mean": sides[0] if earlier[0] else sides[1] if earlier[1] else None,
        "first_side": spells.first_side(lane, sides),
        "purity": power.block_purity(lane, sides),
    }


def _power_line(purity: float | None) -> str:
    """The power rule, with how pure the first power worlds' spells were
    (`1 - synthetic.SPELL_LEAK`) against the data's own 30-day blocks (`words.purer`)."""
    world = 1 - synthetic.SPELL_LEAK
    than = (
        ""
        if purity is None
        else f", {purer(world, purity)} the data's own 30-day blocks ({purity:.0%})"
    )
    return (
        f"- A null result now needs {vocab.GOOD_POWER:.0%} power against a realistic "
        "world to count as evidence against a pattern; under that it is inconclusive. "
        f"The power was first measured against spells worlds holding {world:.0%} of "
        f"each spell's acts on its side{than}."
    )


def first_design_words(figs: dict[str, Any]) -> str:
    """The first design of the spells test (slow swings kept) and its p-value on these
    data, called small only under `vocab.ALPHA`."""
    p = figs.get("first_design")
    size = "" if p is None else " (small)" if p < vocab.ALPHA else " (not small)"
    return (
        "The spells test's first design kept the slow swings of the balance; on these "
        f"data it gives {_p(p)}{size}"
    )


def _sample_months(events: pd.DataFrame, before: pd.DataFrame) -> dict[str, Any]:
    """The Ukraine track's rows from the inauguration to its last row, in the months
    the coverage passes added acts to and in the others: how many such `months`, and
    `sample` and `rest`, each with its rows (`events`) and `days`, as
    `words.rows_per_30_days` reads them."""
    added = events.loc[events.index.difference(before.index), "date"]
    months = set(added.dt.to_period("M"))
    rows = masks.track_rows(events, vocab.DEFAULT_TRACK)
    first, last = masks.window_span(rows, vocab.ANALYSIS_START, None)
    inside = rows[rows["date"].between(first, last)]
    days = pd.date_range(first, last).to_period("M").isin(list(months))
    sampled = int(inside["date"].dt.to_period("M").isin(list(months)).sum())
    return {
        "months": len(months),
        "sample": {"events": sampled, "days": int(days.sum())},
        "rest": {"events": len(inside) - sampled, "days": int((~days).sum())},
    }


def _additions_line(figs: dict[str, Any]) -> str:
    """The coverage passes' additions, with how densely their sample months are covered
    now against the others (`words.coverage_change`, rows per 30 days)."""
    months = figs["sample_months"]
    sample, rest = months["sample"], months["rest"]
    how = covered_as(rest, sample)
    return (
        f"- Data, not method: {figs['added']} acts that the coverage passes found "
        f"were added to {vocab.in_words(months['months'])} sample months, which are "
        f"now {how} the others "
        f"({rows_per_30_days(sample):.1f} rows per 30 days against "
        f"{rows_per_30_days(rest):.1f}). Without them the spells test gives "
        f"{_p(figs['primary_before_additions'])} and the timing test "
        f"{_p(figs['timing_3_before_additions'])}; with them "
        f"{_p(figs['primary'])} and {_p(figs['timing_3'])}."
    )


def _p(value: float | None) -> str:
    return "not computable here" if value is None else f"p = {value:.3f}"


def _c19_line(c: dict[str, Any]) -> str:
    rule = (
        f"- The claim that Washington threatens more than it follows through (C19) is "
        "decided only when the whole 95% interval of its estimate (how often threats are "
        "carried out) "
        "lies on one side of the claim's 50% line; this followed a result on the line. "
        f"Here {c['followed']} of {c['threats']} threats were followed: "
    )
    if c["first"] == c["now"]:
        return rule + f"{c['now']} under either rule."
    return rule + f"{c['first']} under the first rule, {c['now']} under today's."


def _act_by_act_line(runs: dict[str, Any]) -> str:
    """The act-by-act rule: the exact runs test alone, where it needed the first runs
    test (normal beyond 60 active days) and a label shuffle both below `vocab.ALPHA`.
    The first rule can call the pattern act by act only where its runs test is below
    alpha, so "neither rule" is said only when both runs tests are at or above it."""
    rule = (
        "- The act-by-act verdict (the sides switching from one active day to the next "
        "more often than chance) now needs the runs test alone, exact at every length; "
        f"it needed the runs test (exact up to {FIRST_EXACT_MAX} active days, a normal "
        "approximation beyond) and a label shuffle of the days' signs, which sampled the "
        "same distribution the exact test counts. "
    )
    p, first = runs["p_more"], runs["p_first"]
    if p is None:
        return rule + "The runs test cannot run on these data."
    here = f"Here the runs test gives {_p(p)} for more switches over {runs['days']} active days"
    if first != p:
        here += f" (the first rule's approximation: {_p(first)})"
    if p >= vocab.ALPHA and first >= vocab.ALPHA:
        return rule + here + ", so neither rule calls the pattern act by act."
    if p >= vocab.ALPHA:
        return (
            rule + here + f": today's rule does not call the pattern act by act; the "
            f"first rule would have if the shuffle too had given under {vocab.ALPHA:g}."
        )
    return (
        rule + here + f", under {vocab.ALPHA:g}: act by act by today's rule unless the "
        "spells test finds spells; the first rule also needed "
        + ("its approximation and " if first != p else "")
        + f"the shuffle under {vocab.ALPHA:g}."
    )


def _exact_chance_line(p: float | None) -> str:
    """Two chances computed exactly where random days estimated them: the timing
    test's p (`vocab.DEFAULT_PERMUTATIONS` seeded placebo draws: their 95% margin
    around `p`) and the base rates (`FIRST_BASE_DAYS` seeded days)."""
    draws = vocab.DEFAULT_PERMUTATIONS
    timing = (
        "- Two chances are now computed exactly where random days estimated them. The "
        "timing test's p: random days drawn independently give a binomial count of hits, "
        "and the p is its tail, the tail the power tables already used; it was "
        f"estimated from {draws:,} seeded placebo draws"
    )
    if p is not None:
        margin = Z_CRITICAL[vocab.ALPHA] * math.sqrt(p * (1 - p) / draws)
        timing += (
            f", whose 95% margin is about ±{margin:.3f} around the exact {_p(p)} here"
        )
    timing += " (the dated log gives the estimates)"
    return (
        f"{timing}. The base rates of follow-through and of the claims' causal sequences "
        "(how often the deed or act follows a random day) are counted over every day of "
        f"their span, where {FIRST_BASE_DAYS:,} seeded random days estimated them."
    )


def markdown(figs: dict[str, Any]) -> str:
    """The changes as a Markdown list, each with its before and after."""
    # whether the exclusion alone took the first design below alpha
    a, b = figs.get("first_design"), figs.get("first_design_all_shifts")
    by_exclusion = a is not None and b is not None and a < vocab.ALPHA <= b
    return "\n".join(
        [
            "- The runs test (the first primary for alternation) became the secondary "
            "test and the spells test the primary, after the runs test's result was seen.",
            "- The spells test's first design left out the circular shifts within "
            f"{FIRST_MIN_SHIFT} days of zero and kept the slow swings: "
            f"{_p(figs['first_design'])}. Over all shifts the same design gives "
            f"{_p(figs['first_design_all_shifts'])}"
            + (
                ": most of its small p came from the exclusion, which made it "
                "anti-conservative."
                if by_exclusion
                else "; the exclusion made the test anti-conservative."
            ),
            "- Swings slower than 120 days are removed before testing (one side early, "
            "the other late is not turn-taking); this followed the first design's result "
            f"within minutes: {_p(figs['detrended_shifts_28'])} with the exclusion, "
            f"{_p(figs['primary'])} over all shifts (today's primary).",
            f"- Moscow's timing window moved from {FIRST_TIMING_DAYS} days to 0-3 days "
            "after the 7-day result was seen (then a Poisson rate; today's timing test "
            f"gives {_p(figs[f'timing_{FIRST_TIMING_DAYS}'])} at {FIRST_TIMING_DAYS} days "
            f"and {_p(figs['timing_3'])} at 0-3 days).",
            _power_line(figs.get("purity")),
            "- A claim refuted only by the absence of a row became inconclusive (the "
            "dataset misses acts, so a missing row is no evidence).",
            _c19_line(figs["c19"]),
            _act_by_act_line(figs["runs"]),
            _exact_chance_line(figs["timing_3"]),
            _first_side_line(figs.get("first_side_mean"), figs.get("first_side")),
            _additions_line(figs),
            "- None of this was fixed in advance; the dated log is at the top of "
            "[data/ANALYSIS.md](data/ANALYSIS.md).",
        ]
    )


def _first_side_line(mean: str | None, median: str | None) -> str:
    def name(side: str | None) -> str:
        return "neither side" if side is None else SIDE_NAMES[side]

    said = (
        "neither names a side"
        if mean is None and median is None
        else f"both name {name(median)} first"
        if mean == median
        else f"the mean day named {name(mean)} first, the median act names "
        f"{name(median)}"
    )
    return (
        "- Which side's pressure came first (described, not tested) has one definition, "
        "the side whose median US act raising pressure on it came earlier, for the "
        "verdict, the README and the seesaw chart; the verdict used the mean day of "
        f"those acts, the chart the median. On these data {said}."
    )
