"""Small words for reader text: a date span, a capital first letter, an episode's name."""

from __future__ import annotations

import pandas as pd

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


#: Names for the Russian overture episodes of the article's window, keyed by the id of
#: the episode's first overture (each name a reading of that row's summary); an episode
#: not named here is labelled by its kinds of overture.
OVERTURE_NAMES: dict[str, str] = {
    "E0054": "Energy-strike pause",
    "E0070": "Dmitriev in Washington",
    "E0079": "Easter truce",
    "E0089": "Victory Day truce",
    "E0092": "Istanbul talks offer",
    "E0100": "Peace memorandum offer",
    "E0116": "Birthday call",
    "E0147": "Alaska summit agreed",
    "E0181": "Zelensky invited to Moscow",
    "E0225": "Call; Budapest summit",
}


def episode_name(overture_ids: str, kinds: str) -> str:
    """An overture episode's name: from `OVERTURE_NAMES` by its first overture's id,
    else its kinds of overture in words."""
    first = str(overture_ids).split()[0] if str(overture_ids).split() else ""
    if first in OVERTURE_NAMES:
        return OVERTURE_NAMES[first]
    return str(kinds).replace("_", " ")
