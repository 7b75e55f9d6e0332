"""Small words for reader text: a date span, a capital first letter, a track's names,
an episode's name."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from seesaw.analysis.headline import direction_changes
from seesaw.analysis.masks import SIDE_NAMES, TRACK_LANES, TRACK_NAMES, check_track
from seesaw.data import vocab

NAMES_FILE = Path(__file__).with_name("overture_names.csv")


def day(value: dt.date, month: str = "%B %Y") -> str:
    """A day as a reader writes it, no leading zero: '9 September 2025'; `month`
    formats the rest ('%b %Y': '9 Sep 2025', '%b': '9 Sep')."""
    return f"{value.day} {value:{month}}"


def day_words(value: dt.date) -> str:
    """15 Aug 2025: a date in short words."""
    return day(value, "%b %Y")


def when(a: pd.Timestamp, b: pd.Timestamp) -> str:
    """A date span as a reader writes it: '3 March 2025 to 22 October 2025'."""
    return f"{day(a)} to {day(b)}"


def cap(text: str) -> str:
    """The text with its first letter capitalised and the rest unchanged."""
    return text[:1].upper() + text[1:]


def share_of(part: int, whole: int, of: str) -> str:
    """'60% of those on Kyiv'; 'no acts on Kyiv' when there are none to share."""
    return f"{part / whole:.0%} of those {of}" if whole else f"no acts {of}"


def percents(shares: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    """Shares as whole percents ('82%'); a missing share as an empty cell."""
    return shares.map(lambda s: "" if s is None or s != s else f"{s:.0%}")


def cut(text: str, limit: int, tail: str = "...") -> str:
    """`text` cut at a word to `limit` characters, ending in `tail` when cut."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + tail


def short_text(text: object, limit: int = 48) -> str:
    """A claim's text cut at a word to `limit` characters, its final stop dropped."""
    return cut(" ".join(str(text).split()).rstrip("."), limit)


def verdict_name(code: str) -> str:
    """A verdict code in a reader's words; an unknown code is an error, not a guess."""
    try:
        return vocab.VERDICT_NAMES[code]
    except KeyError:
        raise ValueError(
            f"verdict code {code!r} has no plain name (verdict_name in vocabularies.csv)"
        ) from None


#: How each varied parameter of a claim's check reads (see
#: `seesaw.analysis.claims.variants`): the parameter's name, then its words with the
#: value in place of {v}.
VARIANT_WORDS = {
    "max_days": "at most {v} days apart",
    "days": "within {v} days",
    "within_days": "within {v} days",
    "tolerance_days": "{v} days' leeway on the date",
    "coincidence_days": "a {v}-day window",
    "below": "a line at {pct}",
    "alpha": "a significance level of {v}",
    "min_count": "needing {v} acts",
    "definition": "the {v} overture definition",
}


def variants_words(variants: str) -> str:
    """A claim's tried variants ('max_days 5: inconclusive; alpha 0.1: supported') in
    a reader's words ('at most 5 days apart: inconclusive; a significance level of 0.1:
    supported'); a parameter without words is an error, not a code shown."""
    out = []
    for part in filter(None, (p.strip() for p in variants.split(";"))):
        label, _, verdict = part.partition(":")
        name, _, value = label.strip().rpartition(" ")
        if name not in VARIANT_WORDS:
            raise ValueError(
                f"varied parameter {name!r} has no words in seesaw.text.words.VARIANT_WORDS"
            )
        pct = f"{float(value):.0%}" if name == "below" else ""
        words = VARIANT_WORDS[name].format(v=value, pct=pct)
        out.append(f"{words}:{verdict}" if verdict else words)
    return "; ".join(out)


@dataclass(frozen=True)
class TrackWords:
    """The words a notebook's prose takes from its track, so no side is typed there:
    `plus`/`minus` the sides counted + and -, `timed` those whose moves 04 times."""

    track: str
    name: str
    plus: str
    minus: str
    sides: tuple[str, str]
    timed: tuple[str, ...]

    @property
    def default(self) -> bool:
        """True on the default track (Ukraine's), whose notebooks read as they always did."""
        return self.track == vocab.DEFAULT_TRACK

    @property
    def slug(self) -> str:
        """A figure slug's suffix: none on the default track, `_gaza` on Gaza's."""
        return "" if self.default else f"_{self.track}"

    @property
    def default_name(self) -> str:
        """The default track's name ("Ukraine"), for what belongs to its analysis."""
        return TRACK_NAMES[vocab.DEFAULT_TRACK]

    @property
    def moves(self) -> tuple[str, str]:
        """The moves 04 times after US pressure, one and many: Moscow's overtures on
        the default track, each side's concessions on another."""
        return (
            ("overture", "overtures") if self.default else ("concession", "concessions")
        )

    def fill(self, template: str, **more: str) -> str:
        """`template` with `{plus}`, `{minus}`, `{track}` and any `more` put in."""
        return template.format(
            plus=self.plus, minus=self.minus, track=self.name, **more
        )

    def only_on_default(self, what: str) -> str:
        """Why a section shows nothing on this track: `what` exists on Ukraine's only."""
        return (
            f"*Not shown on the {self.name} track:* {what} exist on the "
            f"{self.default_name} track only (run this notebook with "
            f"`-p track {vocab.DEFAULT_TRACK}`)."
        )


def track_words(track: str = vocab.DEFAULT_TRACK) -> TrackWords:
    """The `TrackWords` of `track`; an unknown track raises `masks.TrackError`."""
    sides = TRACK_LANES[check_track(track)]
    timed = ("moscow",) if track == vocab.DEFAULT_TRACK else sides
    plus, minus = (SIDE_NAMES[s] for s in sides)
    return TrackWords(track, TRACK_NAMES[track], plus, minus, sides, timed)


#: Names for the Russian overture episodes of the article's window (overture_names.csv
#: beside this module), keyed by the id of the episode's first overture (each name a
#: reading of that row's summary); an episode not named there is labelled by its kinds.
OVERTURE_NAMES: dict[str, str] = {
    row["id"]: row["name"]
    for row in csv.DictReader(NAMES_FILE.read_text("utf-8").splitlines())
}


def episode_name(overture_ids: str, kinds: str) -> str:
    """An overture episode's name: from `OVERTURE_NAMES` by its first overture's id,
    else its kinds of overture in words."""
    first = next(iter(str(overture_ids).split()), "")
    return OVERTURE_NAMES.get(first, str(kinds).replace("_", " "))


def rows_per_30_days(coverage: dict[str, Any]) -> float:
    """Rows of the track per 30 days in a window (`verdicts.coverage`'s dict)."""
    days = int(coverage["days"])
    return 30 * int(coverage["events"]) / days if days else 0.0


#: How far apart the rows per 30 days of two windows must be before one is called
#: thinner or denser (within 10% either way their coverage is "similar").
COVERAGE_MARGIN = 0.1


def coverage_change(window: dict[str, Any], holdout: dict[str, Any]) -> str:
    """The holdout's coverage against the window's, from their rows per 30 days:
    'thinner coverage', 'denser coverage' or 'similar coverage'."""
    before, after = rows_per_30_days(window), rows_per_30_days(holdout)
    if after < (1 - COVERAGE_MARGIN) * before:
        return "thinner coverage"
    if after > (1 + COVERAGE_MARGIN) * before:
        return "denser coverage"
    return "similar coverage"


def coverage_figures(window: dict[str, Any], holdout: dict[str, Any]) -> str:
    """'9.3 rows per 30 days against 20.1 before': the figures behind the word."""
    return (
        f"{rows_per_30_days(holdout):.1f} rows per 30 days against "
        f"{rows_per_30_days(window):.1f} before"
    )


def covered_as(before: dict[str, Any], after: dict[str, Any]) -> str:
    """`coverage_change` as a comparison of `after` with `before`: 'more thinly
    covered than', 'more densely covered than' or 'about as densely covered as'."""
    return {
        "thinner coverage": "more thinly covered than",
        "denser coverage": "more densely covered than",
        "similar coverage": "about as densely covered as",
    }[coverage_change(before, after)]


def coverage_sentence(window: dict[str, Any], holdout: dict[str, Any]) -> str:
    """The holdout's coverage against the article's window, in words with figures:
    rows per 30 days (how densely the track was coded) and US pressure acts per 30
    days (what the tests count)."""
    return (
        f"the holdout ({holdout['days']} days) is {covered_as(window, holdout)} the article's window "
        f"({window['days']} days): {coverage_figures(window, holdout)}, and "
        f"{holdout['us_pressure_acts_per_30_days']:.1f} US pressure acts per 30 days "
        f"against {window['us_pressure_acts_per_30_days']:.1f}"
    )


def episodes_limit(powers: list[float], episodes: str) -> str:
    """The limitation a timing test's count of `episodes` sets, by the 80%-power rule:
    under `vocab.GOOD_POWER` (any side's) the test misses a realistic pattern in over a
    fifth of samples, so only a strong pattern can show."""
    if all(p >= vocab.GOOD_POWER for p in powers):
        return (
            f"**Episodes**: with {episodes}, the test finds a realistic pattern in at "
            f"least {vocab.GOOD_POWER:.0%} of samples"
        )
    return f"**Few episodes**: with {episodes}, only a strong pattern can show"


def swing_words(phase_table: pd.DataFrame) -> str:
    """How the balance moved across its phases (`metrics.phases`): "swung back and
    forth" only when it changed direction more than once (`headline.direction_changes`),
    with how long its phases mostly lasted (under a week or not)."""
    changes = direction_changes(phase_table)
    if changes > 1:
        short = int((phase_table["days"] < 7).sum())
        return "swung back and forth, " + (
            "most of its phases shorter than a week."
            if short > len(phase_table) / 2
            else "often for weeks at a time."
        )
    return "changed direction once." if changes == 1 else "never changed direction."


def purer(purity: float, other: float) -> str:
    """How the share of a spell's acts on its side (`purity`) compares with `other`:
    'purer than', 'less pure than' or 'as pure as'."""
    if purity > other:
        return "purer than"
    return "less pure than" if purity < other else "as pure as"


def spells_statistic(s: Any) -> str:
    """The name of a spells test's statistic (`spells.SpellsResult`), with its lanes'
    smoothing and whether their slow swings were removed, so that it is never taken for
    the weekly correlation of the verdict's figures."""
    swings = (
        "slow swings kept"
        if s.max_period is None
        else f"swings slower than {s.max_period} days removed"
    )
    return f"correlation of the two {s.smooth_days}-day smoothed lanes ({swings})"


def tail_words(p_value: float, p_other: float, alpha: float = vocab.ALPHA) -> str:
    """Where an observed statistic lies among chance ones, from its two tails' p-values:
    'rarer than chance' (low tail under `alpha`), 'higher than most chance ones' (high
    tail under `alpha`: described, not a finding) or 'ordinary among chance ones'."""
    if p_value < alpha:
        return "rarer than chance"
    return (
        "higher than most chance ones"
        if p_other < alpha
        else "ordinary among chance ones"
    )
