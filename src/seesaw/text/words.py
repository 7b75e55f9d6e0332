"""Small words for reader text: a date span, a capital first letter, a track's names."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from seesaw.analysis.masks import SIDE_NAMES, TRACK_LANES, TRACK_NAMES, check_track
from seesaw.data import vocab


def when(a: pd.Timestamp, b: pd.Timestamp) -> str:
    """A date span as a reader writes it: '3 March 2025 to 22 October 2025'."""
    return f"{a:%d %B %Y}".lstrip("0") + " to " + f"{b:%d %B %Y}".lstrip("0")


def cap(text: str) -> str:
    """The text with its first letter capitalised and the rest unchanged."""
    return text[:1].upper() + text[1:]


def verdict_name(code: str) -> str:
    """A verdict code in a reader's words; an unknown code is an error, not a guess."""
    try:
        return vocab.VERDICT_NAMES[code]
    except KeyError:
        raise ValueError(
            f"verdict code {code!r} has no plain name in seesaw.data.vocab.VERDICT_NAMES"
        ) from None


@dataclass(frozen=True)
class TrackWords:
    """The words a notebook's prose takes from its track, so no side is typed there.

    `plus` and `minus` name the sides whose pressure counts + and - (`masks.TRACK_LANES`:
    Moscow and Kyiv; Hamas and Israel); `timed` are the sides whose counterpart's moves
    04 times after US pressure (Moscow's overtures; on Gaza each side's concessions).
    """

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

    def fill(self, template: str, **more: str) -> str:
        """`template` with `{plus}`, `{minus}`, `{track}` and any `more` put in."""
        return template.format(
            plus=self.plus, minus=self.minus, track=self.name, **more
        )

    def only_on_default(self, what: str) -> str:
        """Why a section shows nothing on this track: `what` exists on Ukraine's only."""
        default = TRACK_NAMES[vocab.DEFAULT_TRACK]
        return (
            f"*Not shown on the {self.name} track:* {what} exist on the {default} "
            f"track only (run this notebook with `-p track {vocab.DEFAULT_TRACK}`)."
        )


def track_words(track: str = vocab.DEFAULT_TRACK) -> TrackWords:
    """The `TrackWords` of `track`; an unknown track raises `masks.TrackError`."""
    sides = TRACK_LANES[check_track(track)]
    timed = ("moscow",) if track == vocab.DEFAULT_TRACK else sides
    return TrackWords(
        track,
        TRACK_NAMES[track],
        SIDE_NAMES[sides[0]],
        SIDE_NAMES[sides[1]],
        sides,
        timed,
    )
