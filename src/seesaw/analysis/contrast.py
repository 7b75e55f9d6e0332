"""Why Gaza and not Ukraine? The title's contrast as five questions, side by side.

Each question is answered for both tracks with the same machinery, from the rows:
(a) `overlap`: did Washington press both sides in the same weeks (Gaza) or take turns
    (Ukraine)? The spells test read in both tails, each tail with its power (against
    realistic turns, and against both lanes crowding into the same busy spells as
    much as the track's acts crowd into its busy months); under 80% power for a
    track's own question (`QUESTIONS`) a null is inconclusive.
(b) `follow_through`: were threats carried out by their instrument? (per side)
(c) `concessions`: how soon, and how often beyond chance, did each counterpart give
    ground after US pressure on it? (the timing test, per side)
(d) `third_parties`: who else carried pressure or mediation (described, not tested).
(e) `doha_sequence`: the article's sequence on Gaza, dated from the rows.

Two tracks are two cases, not a sample: no test compares the tracks with each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from seesaw.analysis import overtures, power, spells, synthetic, verdicts, views
from seesaw.analysis.doha import Sequence, doha_sequence
from seesaw.analysis.follow_through import FollowThroughVerdict
from seesaw.analysis.masks import (
    TRACK_LANES,
    track_rows,
    window_span,
)
from seesaw.analysis.metrics import MetricError
from seesaw.data import memo, vocab

TRACKS = tuple(TRACK_LANES)
#: Third-party acts that carry pressure on a side (demands, deadlines, sanctions and
#: their threats, arms or aid withheld, rejections of a side's position).
PRESSING_KINDS = frozenset(
    {
        "demand",
        "deadline",
        "sanctions_threat",
        "tariff_threat",
        "sanctions",
        "tariff",
        "weapons_pause",
        "aid_pause",
        "legislation",
    }
)
#: Third-party acts that carry talks (mediation, plans, meetings, guarantees).
MEDIATING_KINDS = frozenset(
    {
        "talks",
        "meeting",
        "summit",
        "call",
        "peace_plan",
        "counter_proposal",
        "agreement",
        "joint_statement",
        "security_guarantee",
        "ceasefire",
    }
)


# --- (a) The two lanes: turns or the same weeks --------------------------------------

#: The question each track's overlap asks of its lanes, as the article tells it: turns
#: on Ukraine's ("oscillated"), the same weeks on Gaza's (both sides pressed at once).
QUESTIONS = {"ukraine": "turns", "gaza": "same_weeks"}


def question_power(
    track: str, spells_power: float | None, same_power: float | None
) -> float | None:
    """The power a track's lanes verdict is read against: against the same weeks on a
    track asked about the same weeks (`QUESTIONS`), else against realistic spells."""
    return same_power if QUESTIONS.get(track, "turns") == "same_weeks" else spells_power


@dataclass(frozen=True)
class Overlap:
    """One track's two lanes: the spells test read in both tails."""

    track: str
    verdict: str  # turns, same_weeks, act_by_act, neither, inconclusive, untestable
    statistic: float  # correlation of the smoothed, detrended lanes
    p_turns: float  # low tail: the lanes took turns
    p_same: float  # high tail: the lanes were busy in the same weeks
    weekly: tuple[float, float, float, int]  # weekly correlation r, low, high, weeks
    power: float | None  # the spells test's power against realistic spells
    acts: tuple[int, int]  # raise acts on the + side, on the - side
    days: int
    reason: str = ""
    power_same: float | None = None  # power against same-weeks worlds like the data
    focus: float | None = None  # share of acts in the busier half of 30-day blocks
    power_table: pd.DataFrame | None = None  # same-weeks power by focus

    @property
    def question(self) -> str:
        """`turns` or `same_weeks`: what this track's lanes are asked."""
        return QUESTIONS.get(self.track, "turns")

    @property
    def question_power(self) -> float | None:
        """The power the verdict is read against (`question_power`)."""
        return question_power(self.track, self.power, self.power_same)

    def as_dict(self) -> dict[str, Any]:
        r, lo, hi, weeks = self.weekly
        return {
            "track": self.track,
            "verdict": self.verdict,
            "statistic": self.statistic,
            "p_turns": self.p_turns,
            "p_same_weeks": self.p_same,
            "effect": {
                "measure": "weekly correlation of the two lanes (Fisher-z 95% interval)",
                "estimate": None if r != r else r,
                "interval": None if r != r else [lo, hi],
                "weeks": weeks,
            },
            "power": self.power,
            "question": self.question,
            "power_same_weeks": self.power_same,
            "same_weeks_world": {
                "what": "both lanes with a share of their acts in the same busy spells "
                "of {}-{} days (half the window's spells busy), at the window's lane "
                "sizes and days; the share as the data's own (the acts in the busier "
                "half of 30-day blocks) and on a grid".format(*synthetic.SPELL_DAYS),
                "focus": self.focus,
                "table": None
                if self.power_table is None
                else self.power_table.to_dict(orient="records"),
            },
            "acts": list(self.acts),
            "days": self.days,
            "reason": self.reason,
        }


def overlap(
    events: pd.DataFrame,
    track: str,
    start: object = vocab.ANALYSIS_START,
    end: object = vocab.ARTICLE_END,
    power_runs: int = vocab.POWER_RUNS,
    seed: int = vocab.DEFAULT_SEED,
) -> Overlap:
    """The spells test on `track`'s lanes, read in both tails (never raises: a track
    with too few acts gets `untestable` and the reason)."""
    rows = track_rows(events, track)
    try:
        v = verdicts.alternation_verdict(
            rows, start, end, permutations=99, seed=seed, power_runs=power_runs,
            track=track,
        )  # fmt: skip
    except MetricError as err:
        nan = float("nan")
        return Overlap(
            track, "untestable", nan, nan, nan, (nan, nan, nan, 0), None, (0, 0), 0,
            str(err),
        )  # fmt: skip
    sp = v.spells
    acts = (sp.n_moscow, sp.n_kyiv)
    table, focus, power_same = None, None, None
    if power_runs > 0:
        lanes = spells.lanes(rows, v.start, v.end, sides=TRACK_LANES[track])
        focus = round(power.busy_focus(*(lanes[s].to_numpy() for s in lanes)), 2)
        table = power.same_weeks_power_table(
            acts, sp.days, focus, runs=power_runs, seed=seed
        )
        power_same = float(table["power"].iloc[0])
    if sp.p_value < vocab.ALPHA:
        verdict = "turns"
    elif sp.p_other < vocab.ALPHA:
        verdict = "same_weeks"
    elif v.verdict == "act_by_act":  # no spells, but day-to-day turns: notebook 03's
        verdict = "act_by_act"
    else:
        read_against = question_power(track, v.power, power_same)
        verdict = power.null_verdict(read_against, "neither")
    return Overlap(
        track, verdict, sp.statistic, sp.p_value, sp.p_other, v.effect, v.power,
        acts, sp.days, "", power_same, focus, table,
    )  # fmt: skip


# --- (c) How soon and how often each counterpart gave ground ------------------------


#: Each side's counterpart, as the timing test reads it.
COUNTERPARTS = {"moscow": "russia", **overtures.COUNTERPARTS}


@dataclass(frozen=True)
class Concessions:
    """How soon and how often one side's counterpart gave ground after US pressure."""

    side: str
    episodes: int
    lags: list[int]  # days from the last US act raising pressure on the side
    timing: dict[str, Any] = field(default_factory=dict)  # the timing verdict

    @property
    def median_lag(self) -> float | None:
        return float(np.median(self.lags)) if self.lags else None

    def share_within(self, days: int) -> float | None:
        if not self.lags:
            return None
        return float(np.mean(np.asarray(self.lags) <= days))

    def as_dict(self) -> dict[str, Any]:
        return {
            "side": self.side,
            "counterpart": COUNTERPARTS[self.side].title(),
            "episodes": self.episodes,
            "with_earlier_pressure": len(self.lags),
            "median_days_after_pressure": self.median_lag,
            "share_within_3_days": self.share_within(3),
            "share_within_7_days": self.share_within(7),
            "timing": self.timing,
        }


def concessions(
    events: pd.DataFrame,
    side: str,
    start: object = vocab.ANALYSIS_START,
    end: object = vocab.ARTICLE_END,
    coincidence_days: int = vocab.DEFAULT_COINCIDENCE_DAYS,
) -> Concessions:
    """The counterpart's episodes on `side` in [start, end] (moves within 3 days are one
    episode, as in the timing test), how many days after the last US act raising
    pressure on `side` each began, and the timing verdict."""
    rows = track_rows(events, _track_of(side))
    first, last = window_span(rows, start, end)
    moves = overtures.counterpart_rows(rows[rows["date"].between(first, last)], side)
    esc = overtures.us_on_side(rows, side)
    starts = overtures.episode_days(overtures.day_numbers(moves, first))
    esc_day = np.sort(overtures.day_numbers(esc, first))
    last_before = np.searchsorted(esc_day, starts, side="right") - 1
    lags = [int(d - esc_day[i]) for d, i in zip(starts, last_before) if i >= 0]
    timing = verdicts._safe(
        verdicts.overture_verdict, rows, first, last, coincidence_days, side=side
    )
    return Concessions(side, len(starts), lags, timing)


# --- (d) Third parties ---------------------------------------------------------------


def third_parties(events: pd.DataFrame, track: str) -> pd.DataFrame:
    """Per third party of `track` (any actor but the US and the track's two parties):
    its acts, those that press (`PRESSING_KINDS`), those that mediate
    (`MEDIATING_KINDS`), and its share of the track's rows; most acts first. Acts by
    `other` whose `actor_detail` names Turkey (a Gaza mediator the actor codes do not
    list) are counted as `turkey`."""
    rows = track_rows(events, track)
    parties = {"us", *(COUNTERPARTS[s] for s in TRACK_LANES[track])}
    actor = rows["actor"].astype(str)
    third = rows[~actor.isin(parties)]
    kind = third["kind"].astype(str)
    who = third["actor"].astype(str)
    detail = third["actor_detail"].fillna("").astype(str)
    turkey = who.eq("other") & detail.str.contains("Turk", case=False, regex=False)
    table = pd.DataFrame(
        {
            "actor": who.where(~turkey, "turkey"),
            "pressing": kind.isin(PRESSING_KINDS),
            "mediating": kind.isin(MEDIATING_KINDS),
        }
    )
    out = table.groupby("actor").agg(
        acts=("pressing", "size"),
        pressing=("pressing", "sum"),
        mediating=("mediating", "sum"),
    )
    out["share_of_track"] = out["acts"] / max(len(rows), 1)
    out = out.astype({"acts": int, "pressing": int, "mediating": int})
    return out.sort_values(["acts", "pressing"], ascending=False)


# --- All five, side by side -----------------------------------------------------------


@dataclass(frozen=True)
class Contrast:
    overlap: dict[str, Overlap]
    follow_through: dict[str, FollowThroughVerdict]
    concessions: dict[str, Concessions]
    third_parties: dict[str, pd.DataFrame]
    sequence: Sequence
    start: pd.Timestamp
    end: pd.Timestamp

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.date().isoformat(),
            "end": self.end.date().isoformat(),
            "overlap": {t: o.as_dict() for t, o in self.overlap.items()},
            "follow_through": {s: f.as_dict() for s, f in self.follow_through.items()},
            "concessions": {s: c.as_dict() for s, c in self.concessions.items()},
            "third_parties": {
                t: tab.reset_index().to_dict("records")
                for t, tab in self.third_parties.items()
            },
            "sequence": self.sequence.as_dict(),
        }


@memo.cached(project={"events": views.tags_only})
def contrast(
    events: pd.DataFrame,
    start: object = vocab.ANALYSIS_START,
    end: object = vocab.ARTICLE_END,
    power_runs: int = vocab.POWER_RUNS,
    seed: int = vocab.DEFAULT_SEED,
    follow_days: int = vocab.DEFAULT_FOLLOW_DAYS,
) -> Contrast:
    """The five questions for both tracks over [start, end] (the article's window by
    default; the sequence is dated over all the Gaza rows); a threat is carried out
    when its instrument follows within `follow_days`."""
    first, last = window_span(events, start, end)
    sides = [s for t in TRACKS for s in TRACK_LANES[t]]
    return Contrast(
        overlap={t: overlap(events, t, first, last, power_runs, seed) for t in TRACKS},
        follow_through={
            s: verdicts.follow_through_verdict(
                track_rows(events, _track_of(s)), s, first, last, follow_days
            )
            for s in sides
        },
        concessions={s: concessions(events, s, first, last) for s in sides},
        third_parties={t: third_parties(events, t) for t in TRACKS},
        sequence=doha_sequence(events),
        start=first,
        end=last,
    )


def _track_of(side: str) -> str:
    return next(t for t, sides in TRACK_LANES.items() if side in sides)
