"""The explorer's questions (its presets) as plain data: the kinds in families, each
question's label with its dates from the data, and the control values each sets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final

import pandas as pd

from seesaw.analysis.masks import equals
from seesaw.data import vocab
from seesaw.publish.panel import CUSTOM
from seesaw.text.words import day_words

START = dt.date.fromisoformat(vocab.ANALYSIS_START)
ARTICLE_END = dt.date.fromisoformat(vocab.ARTICLE_END)


#: The kinds of vocab.KINDS in four families, in the order the explorer lists them.
FAMILIES: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        family: tuple(kinds.split())
        for family, kinds in (
            ("Words", "statement demand rejection peace_plan counter_proposal "
             "acceptance joint_statement context other"),
            ("Threats", "deadline sanctions_threat tariff_threat"),
            ("Deeds", "sanctions sanctions_relief tariff weapons_supply weapons_pause "
             "weapons_decline aid_pause aid_resume intel_pause intel_resume "
             "legislation agreement security_guarantee ceasefire prisoner_exchange "
             "strike military"),
            ("Contacts", "call meeting talks summit summit_offer summit_cancelled"),
        )
    }
)  # fmt: skip


#: The kinds of the "only sanctions and tariffs" preset.
SANCTIONS_AND_TARIFFS: Final[tuple[str, ...]] = (
    "sanctions_threat",
    "tariff_threat",
    "sanctions",
    "sanctions_relief",
    "tariff",
)

#: The actor_detail of the President's own acts.
PRESIDENT: Final[str] = "Trump"

#: The presets, in menu order (their labels carry dates computed from the data).
PRESETS: Final[tuple[str, ...]] = (
    "everything",
    "sanctions_tariffs",
    "president",
    "threats_as_deeds",
    "since_alaska",
    "article_window",
    "after_article",
)


def alaska_day(events: pd.DataFrame) -> dt.date | None:
    """The day of the Alaska summit: the first summit the US held with Russia."""
    rows = events[
        equals(events["actor"], "us")
        & equals(events["recipient"], "russia")
        & equals(events["kind"], "summit")
    ]
    return None if rows.empty else rows["date"].min().date()


def preset_labels(alaska: dt.date | None, last: dt.date) -> dict[str, str]:
    """The questions the presets answer, with their dates from the data (`alaska`: the
    Alaska summit's day, `last`: the last day of the data); those the data cannot
    answer are left out."""
    after = ARTICLE_END + dt.timedelta(days=1)
    labels = {
        "everything": "Everything since the inauguration",
        "sanctions_tariffs": "Only sanctions and tariffs",
        "president": f"Only the President's own words ({PRESIDENT}'s words and threats)",
        "threats_as_deeds": "Threats weighed like deeds",
        "since_alaska": f"Since Alaska ({day_words(alaska)})" if alaska else "",
        "article_window": (
            f"The article's window ({day_words(START)} to {day_words(ARTICLE_END)})"
        ),
        "after_article": (
            f"The months after the article ({day_words(after)} on)"
            if after <= last
            else ""
        ),
    }
    return {k: labels[k] for k in PRESETS if labels[k]}


@dataclass(frozen=True)
class Preset:
    """The control values a question sets (`kinds` None: every kind)."""

    start: dt.date
    end: dt.date
    scheme: str = vocab.DEFAULT_SCHEME
    weights: Mapping[str, float] = field(
        default_factory=lambda: dict(vocab.MODE_WEIGHTS)
    )
    modes: tuple[str, ...] = tuple(vocab.MODES)
    president: bool = False
    kinds: frozenset[str] | None = None


def preset(key: str, first: dt.date, last: dt.date, alaska: dt.date | None) -> Preset:
    """The control values of the question `key` on data from `first` to `last`."""
    start, end = max(START, first), last
    if key == "sanctions_tariffs":
        return Preset(start, end, kinds=frozenset(SANCTIONS_AND_TARIFFS))
    if key == "president":
        return Preset(start, end, president=True, modes=("verbal", "threat"))
    if key == "threats_as_deeds":
        weights = {**vocab.MODE_WEIGHTS, "threat": vocab.MODE_WEIGHTS["material"]}
        return Preset(start, end, scheme=CUSTOM, weights=weights)
    if key == "since_alaska" and alaska:
        return Preset(alaska, end)
    if key == "article_window":
        return Preset(start, min(ARTICLE_END, last))
    if key == "after_article":
        return Preset(ARTICLE_END + dt.timedelta(days=1), end)
    return Preset(start, end)
