"""The answer for a general reader, one plain sentence per question and no test
statistics, from the verdicts of `seesaw.analysis.verdicts.verdicts`."""

from __future__ import annotations

from typing import Any

import pandas as pd

from seesaw.analysis.power import timing_hits_needed
from seesaw.data.vocab import DEFAULT_COINCIDENCE_DAYS, MIN_POWER, in_words


def answer_sentences(
    found: dict[str, Any], swings: int | None = None, gaza: str | None = None
) -> list[str]:
    """The answer, one plain sentence per question (Ukraine, Moscow's timing, Gaza);
    `swings`: the balance's changes of direction in the article's window."""
    out = [ukraine_sentence(found, swings), moscow_sentence(found)]
    return out if gaza is None else [*out, gaza]


def ukraine_sentence(found: dict[str, Any], swings: int | None = None) -> str:
    """Did Washington's pressure swing between Kyiv and Moscow, and was the swinging
    more regular than chance? The description and the test told apart."""
    w, alt = found["window"], found["alternation"]
    lead = (
        f"From {pd.Timestamp(w['start']):%B} to {pd.Timestamp(w['end']):%B %Y}, the months the article covers, we logged "
        f"{w['us_pressure_acts']:,} US acts that raised or relieved pressure on Kyiv or "
        "on Moscow"
    )
    lane = alt.get("first_lane")
    swung = (
        ", and the side Washington leaned on, counted over two-week stretches, "
        f"switched {in_words(swings)} times"
        if swings
        else ""
    )
    if lane in ("kyiv", "moscow"):
        later = "Moscow" if lane == "kyiv" else "Kyiv"
        swung += f", pressing {lane.title()} more early on and {later} later"
    said = {
        "spells": "the swings came in spells that took turns between the two capitals "
        "more regularly than chance would produce: the seesaw the article describes.",
        "act_by_act": "the pressure switched between the two capitals from one act to "
        "the next more often than chance would, but not in spells of weeks.",
        "no_pattern": "but the swings were no more regular than chance produces, and a "
        "check strong enough to see a realistic seesaw found none: the data speak "
        "against the regular seesaw the article describes.",
    }
    if alt["verdict"] in said:
        return f"{lead}{swung}; {said[alt['verdict']]}"
    power = alt.get("power")
    miss = (
        "with so few acts a check would miss most realistic patterns of turns"
        if power is not None and power < MIN_POWER
        else "with so few acts a check would miss a realistic pattern of turns in a "
        "good share of cases"
        if power is not None
        else "how often a check would miss such a pattern was not measured"
    )
    return (
        f"{lead}{swung}; the swings were no more regular than chance can produce, but "
        f"{miss}, so the data cannot tell whether this was the regular seesaw the article "
        "describes."
    )


def moscow_sentence(found: dict[str, Any]) -> str:
    """Did Moscow's overtures come soon after US pressure, more than chance would?"""
    ov = found["overtures"]
    if "hits" not in ov:
        return "There were too few of Moscow's overtures to time them."
    days = in_words(int(ov.get("coincidence_days", DEFAULT_COINCIDENCE_DAYS)))
    what = "Moscow's overtures (calls, summit offers, talks, truces)"
    if ov["verdict"] == "follow_pressure":
        return (
            f"{what} did tend to come within {days} days after US pressure: "
            f"{in_words(ov['hits'])} of {in_words(ov['episodes'])} did, more than random "
            "days would."
        )
    return (
        f"{what} came within {days} days after US pressure "
        f"{in_words(ov['hits'])} times out of {in_words(ov['episodes'])}, "
        + (
            "more often than random days would, but not beyond what chance allows"
            if ov["rate"] > ov["chance"]
            else "no more often than random days would"
        )
        + (
            ", and the check was strong enough to see a realistic pattern: the data "
            "speak against Moscow timing them to defuse it."
            if ov["verdict"] == "no_pattern"
            else ", so the data can neither show nor rule out that Moscow timed them "
            f"to defuse it: {_what_could_be_seen(ov)}."
        )
    )


def _what_could_be_seen(ov: dict[str, Any]) -> str:
    """What the timing check could see at this count of episodes, by the exact
    binomial test (`power.timing_hits_needed`: none when no count of hits could beat
    chance), in words without percentages."""
    n = int(ov["episodes"])
    need = timing_hits_needed(n, float(ov["chance"]))
    if need is None:
        return "with so few episodes no pattern could be seen, however strong"
    return (
        f"with so few episodes the check would only have noticed had at least "
        f"{in_words(need)} of the {in_words(n)} come that soon"
    )
