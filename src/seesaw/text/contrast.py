"""The title's contrast in words: each direction, count, date and verdict from the
`analysis.contrast.Contrast` given. Under 80% power a null is "cannot tell", never "no"."""

from __future__ import annotations

from typing import Any

import pandas as pd

from seesaw.analysis.contrast import Concessions, Contrast, Overlap
from seesaw.analysis.doha import Sequence
from seesaw.analysis.follow_through import FollowThroughVerdict
from seesaw.analysis.masks import SIDE_NAMES, TRACK_LANES, TRACK_NAMES
from seesaw.data import vocab
from seesaw.text.words import cap, covered_as, day, rows_per_30_days, track_words

#: Third parties as a reader names them.
PARTY_NAMES = {
    "europe": "Europe",
    "egypt": "Egypt",
    "qatar": "Qatar",
    "turkey": "Turkey",
    "other": "others",
}


def _pct(x: float | None) -> str:
    return "not measured" if x is None or x != x else f"{x:.0%}"


def overlap_words(o: Overlap) -> str:
    """One track's lanes: turns, the same weeks, neither, or cannot tell."""
    t = track_words(o.track)
    a, b, on = t.plus, t.minus, f"On {t.name}"
    if o.verdict == "untestable":
        return f"{on} the lanes cannot be tested: {o.reason}"
    r, lo, hi, weeks = o.weekly
    figures = (
        f"weekly correlation {r:+.2f}, 95% interval {lo:+.2f} to {hi:+.2f}, over "
        f"{weeks} weeks; the test of turns p = {o.p_turns:.2f}, of the same weeks p = "
        f"{o.p_same:.2f}; power against realistic spells {_pct(o.power)}"
        + (
            f", against worlds pressing both sides in the same busy spells as the data "
            f"crowd into their busy months ({o.focus:.0%} of acts in the busier half) "
            f"{_pct(o.power_same)}"
            if o.power_same is not None and o.focus is not None
            else ""
        )
        + "; the power that counts here is the one against "
        + ("the same weeks" if o.question == "same_weeks" else "spells that take turns")
    )
    words = {
        "turns": f"{on}, Washington's pressure on {a} and on {b} took turns beyond chance",
        "same_weeks": f"{on}, Washington pressed {a} and {b} in the same weeks more "
        "often than chance",
        "act_by_act": f"{on}, Washington's pressure on {a} and on {b} came in no spells "
        "beyond chance but switched side from day to day more often than chance",
        "neither": f"{on}, pressure on {a} and on {b} neither took turns nor came in "
        "the same weeks beyond chance, and the test was strong enough to see "
        + ("the same weeks" if o.question == "same_weeks" else "spells"),
        "inconclusive": f"{on}, the data cannot tell whether Washington pressed {a} and "
        f"{b} in turns or in the same weeks",
    }[o.verdict]
    return f"{words} ({figures})."


def kept_of(f: FollowThroughVerdict) -> str:
    """One side's count of threats carried out ('11 of 22 on Moscow'), from the same
    fields as the verdict's figures, so the bottom line and the body agree."""
    name = SIDE_NAMES[f.side]
    return f"{f.kept} of {f.counted} on {name}" if f.counted else f"none on {name}"


def follow_counts(c: Contrast) -> str:
    """The bottom line's sentence on follow-through: each side's own count, track by
    track, and which threats are counted (those naming an instrument)."""
    days = next(iter(c.follow_through.values())).days
    per_track = [
        ", ".join(kept_of(c.follow_through[side]) for side in sides)
        for sides in TRACK_LANES.values()
    ]
    return (
        f"US threats naming sanctions, tariffs or arms carried out within {days} "
        f"days: {'; '.join(per_track)}."
    )


def concession_words(c: Concessions) -> str:
    """How soon and how often the counterpart gave ground after US pressure."""
    side = SIDE_NAMES[c.side]
    who = "Russia's overtures" if c.side == "moscow" else (
        "Ukraine's concessions" if c.side == "kyiv" else f"{side}'s concessions"
    )  # fmt: skip
    if not c.episodes:
        return (
            f"{who}: none in the window, so neither how soon nor how often can be said."
        )
    soon = (
        f"{vocab.count(c.episodes, 'episode')}; {len(c.lags)} came after some US "
        f"pressure on {side}, a median of {c.median_lag:g} days after the last such "
        f"act ({_pct(c.share_within(3))} within 3 days)"
        if c.lags
        else f"{vocab.count(c.episodes, 'episode')}, none after US pressure on {side}"
    )
    t, power = c.timing, _pct(c.timing.get("power"))
    often = {
        "follow_pressure": "more often soon after US pressure than random days would be "
        "(the timing test)",
        "no_pattern": "no more often soon after US pressure than random days, and the "
        f"test could have seen it (power {power})",
        "inconclusive": "whether they came soon after US pressure more often than "
        f"chance, the data cannot tell (p = {t.get('p_value', float('nan')):.2f}, "
        f"power {power})",
    }.get(
        t.get("verdict", "untestable"),
        f"the timing test cannot run: {t.get('reason', '')}",
    )
    return f"{who}: {soon}; {often}."


def third_party_words(track: str, table: pd.DataFrame) -> str:
    """Who else carried pressure or talks on a track, counted from the rows."""
    if table.empty:
        return f"On {TRACK_NAMES[track]} no third party's act is in the rows."
    parts = [
        f"{PARTY_NAMES.get(str(actor), str(actor))} {vocab.count(int(row.acts), 'act')} "
        f"({int(row.pressing)} pressing, {int(row.mediating)} mediating)"
        for actor, row in table.iterrows()
    ]
    total = float(table["share_of_track"].sum())
    return (
        f"On {TRACK_NAMES[track]}, third parties: {', '.join(parts)}; together "
        f"{total:.0%} of the track's rows."
    )


def sequence_words(s: Sequence) -> str:
    """The article's Gaza sequence, dated from the rows, and the rise in pressure."""
    got = [st for st in s.steps if st["date"] is not None]
    dated = ", then ".join(f"{st['step']} ({day(st['date'])})" for st in got)
    if s.in_order is None:
        missing = [st["step"] for st in s.steps if st["date"] is None]
        return f"The rows date {dated or 'none of the steps'}; no row matches {', '.join(missing)}."
    order = "in the article's order" if s.in_order else "not in the article's order"
    rise = (
        f"US acts raising pressure on Israel numbered {s.after} in the {s.days} days "
        f"after the strike against {s.before} in the {s.days} before (exact test p = "
        f"{s.p_value:.3f}; power to see a doubling {_pct(s.power)})"
    )
    return f"The rows date {dated}: {order}; {rise}."


#: The questions of `questions_table`, in its order.
QUESTIONS = (
    "Did Washington press both sides in the same weeks, or take turns?",
    "Were threats carried out by the instrument they named?",
    "How soon, and how often, did each side give ground after US pressure?",
    "Which third parties carried pressure or talks?",
    "Did the Doha strike come before US pressure on Netanyahu, the plan and the deal?",
)


def questions_table(c: Contrast) -> pd.DataFrame:
    """The five questions as rows, the two tracks as columns, each cell in words."""

    def answers(track: str) -> list[str]:
        """The track's answer to each question, one sentence per side where a side's."""
        sides = TRACK_LANES[track]
        follow = [c.follow_through[s] for s in sides]
        return [
            overlap_words(c.overlap[track]),
            # each side's follow-through by instrument, in words with its figures
            " ".join(f"{cap(f.plain())} ({f.figures()})." for f in follow),
            " ".join(concession_words(c.concessions[s]) for s in sides),
            third_party_words(track, c.third_parties[track]),
            sequence_words(c.sequence)
            if track == "gaza"
            else "Not asked: the article names this sequence for Gaza only.",
        ]

    return pd.DataFrame(
        {"Question": QUESTIONS, "Ukraine": answers("ukraine"), "Gaza": answers("gaza")}
    )


def lanes_phrase(o: Overlap) -> str:
    t = track_words(o.track)
    a, b = t.plus, t.minus
    return {
        "turns": f"pressure on {a} and {b} took turns",
        "same_weeks": f"{a} and {b} were pressed in the same weeks",
        "act_by_act": f"pressure on {a} and {b} took turns act by act",
        "neither": f"pressure on {a} and {b} neither took turns nor coincided",
        "inconclusive": f"whether {a} and {b} were pressed in turns or together cannot "
        "be told",
        "untestable": f"the lanes of {a} and {b} cannot be tested",
    }[o.verdict]


def gaza_sentence(c: Contrast) -> str:
    """ONE plain-English sentence on Gaza for the README's answer, from the verdicts."""
    s = c.sequence
    if s.in_order:
        first, plan, deal = s.steps[0], s.steps[2], s.steps[3]
        rose = (
            "US acts pressing Israel rose"
            if s.verdict == "in_order_and_pressure_rose"
            else "whether US acts pressing Israel rose the data cannot tell"
        )
        lead = (
            f"On Gaza the rows bear out the article's sequence (the Doha strike on "
            f"{day(first['date'])}, the plan on {day(plan['date'])}, the deal on "
            f"{day(deal['date'])}) and {rose} from {s.before} in the {s.days} days "
            f"before the strike to {s.after} after"
        )
    elif s.in_order is False:
        lead = "On Gaza the rows do not date the article's sequence in its order"
    else:
        lead = "On Gaza the rows do not hold every step of the article's sequence"
    g, u = c.overlap["gaza"], c.overlap["ukraine"]
    if g.verdict == u.verdict == "inconclusive":
        tail = (
            "but whether Washington pressed both sides together there and took turns "
            "over Ukraine, the data cannot tell"
        )
    else:
        tail = f"while on Gaza {lanes_phrase(g)} and on Ukraine {lanes_phrase(u)}"
    return f"{lead}; {tail}."


def bottom_line(c: Contrast) -> list[str]:
    """At most three short sentences, computed: the sequence, the lanes, the limit."""
    s = c.sequence
    out = []
    if s.in_order:
        out.append(
            f"The rows date the article's Gaza sequence in order, and US acts pressing "
            f"Israel went from {s.before} in the {s.days} days before the Doha strike "
            f"to {s.after} after it."
        )
    else:
        out.append(sequence_words(s))
    g, u = c.overlap["gaza"], c.overlap["ukraine"]
    out.append(
        f"On Gaza {lanes_phrase(g)}; on Ukraine {lanes_phrase(u)} (power "
        f"{_pct(g.question_power)} and {_pct(u.question_power)})."
    )
    out.append(follow_counts(c))
    return out


def tracks_coverage(ukraine: dict[str, Any], gaza: dict[str, Any]) -> str:
    """How densely the Gaza track was coded against the Ukraine track, in words
    (`words.covered_as`) with the figures behind them: each track's rows per 30 days
    from its first to its last row in the window (`verdicts.coverage`'s dicts)."""
    return (
        f"the {TRACK_NAMES['gaza']} track is {covered_as(ukraine, gaza)} the "
        f"{TRACK_NAMES['ukraine']} track ({rows_per_30_days(gaza):.1f} rows per 30 days "
        f"against {rows_per_30_days(ukraine):.1f})"
    )
