"""Scoring US acts on the seesaw: a signed weight toward Moscow (+) or toward Kyiv (-).

An act counts toward a side when it raises pressure on it or relieves the other. The
scheme sets the magnitude (`vocab.SCHEMES`: `flat`, `mode`, `goldstein`), or custom
weights by mode or kind (kinds win). `goldstein` takes each kind's CAMEO code and its
Goldstein (1992) value from GDELT's CAMEO.eventcodes.txt and CAMEO.goldsteinscale.txt.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from seesaw.analysis.masks import (
    TRACK_LANES,
    by_date_id,
    check_choice,
    check_track,
    equals,
    is_in,
    map_values,
)
from seesaw.data import vocab
from seesaw.errors import SeesawError


@dataclass(frozen=True)
class Cameo:
    """A CAMEO event code, its name and its Goldstein scale value."""

    code: str
    name: str
    goldstein: float


#: Each kind's CAMEO code and Goldstein value (`goldstein.csv`, from GDELT's
#: CAMEO.eventcodes.txt and CAMEO.goldsteinscale.txt); `statement` depends on tone: a
#: cooperative statement (praise, accord) is CAMEO 019, a neutral one 010, not 111.
_CAMEO = {
    row["kind"]: Cameo(row["cameo_code"], row["cameo_name"], float(row["goldstein"]))
    for row in csv.DictReader(
        Path(__file__).with_name("goldstein.csv").read_text("utf-8").splitlines()
    )
}
GOLDSTEIN_COOPERATIVE_STATEMENT = _CAMEO.pop("statement:cooperative")
GOLDSTEIN_NEUTRAL_STATEMENT = _CAMEO.pop("statement:neutral")
GOLDSTEIN: Mapping[str, Cameo] = _CAMEO
assert set(GOLDSTEIN) == set(vocab.KINDS)

SCHEMES: Mapping[str, str] = vocab.SCHEMES  # defined in seesaw.data.vocab


class ScoringError(SeesawError, ValueError):
    """A bad scheme or weight; the message names it and what is allowed."""


def direction(
    events: pd.DataFrame, sides: tuple[str, str] = ("moscow", "kyiv")
) -> pd.Series:
    """+1 toward `sides[0]` (Moscow; Hamas on Gaza's track), -1 toward `sides[1]`, else 0."""
    side, effect = events["pressure_on"], events["effect"]
    moscow, kyiv = equals(side, sides[0]), equals(side, sides[1])
    raises, relieves = equals(effect, "raise"), equals(effect, "relieve")
    toward = [
        (moscow & raises) | (kyiv & relieves),
        (kyiv & raises) | (moscow & relieves),
    ]
    return pd.Series(np.select(toward, [1, -1], 0), index=events.index).astype("int8")


def check_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Validate custom weights: keys are modes or kinds, values finite and >= 0."""
    if not isinstance(weights, Mapping) or not weights:
        raise ScoringError("weights: give a mapping from mode or kind to a number")
    out: dict[str, float] = {}
    for key, value in weights.items():
        if key not in vocab.MODES and key not in vocab.KINDS:
            raise ScoringError(
                f"weights: unknown key {key!r}; allowed: the modes "
                f"({', '.join(vocab.MODES)}) or the kinds ({', '.join(vocab.KINDS)})"
            )
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not number or not math.isfinite(value) or value < 0:
            raise ScoringError(
                f"weights[{key!r}]: must be a finite number >= 0, got {value!r}"
            )
        out[key] = float(value)
    return out


def magnitude(
    events: pd.DataFrame,
    scheme: str = vocab.DEFAULT_SCHEME,
    weights: Mapping[str, float] | None = None,
) -> pd.Series:
    """Each act's unsigned weight under `scheme`, or under custom `weights` if given."""
    kind, mode = events["kind"], events["mode"]
    if weights is not None:
        w = check_weights(weights)
        by_mode = map_values(mode, {m: w.get(m, np.nan) for m in vocab.MODES})
        by_kind = map_values(kind, {k: w.get(k, np.nan) for k in vocab.KINDS})
        return by_kind.fillna(by_mode).fillna(1.0).astype(float)
    if check_choice("scheme", scheme, SCHEMES, ScoringError) == "flat":
        return pd.Series(1.0, index=events.index)
    if scheme == "mode":
        return map_values(mode, vocab.MODE_WEIGHTS)
    values = map_values(kind, {k: abs(c.goldstein) for k, c in GOLDSTEIN.items()})
    statement = equals(kind, "statement")
    for tone, cameo in (
        ("cooperative", GOLDSTEIN_COOPERATIVE_STATEMENT),
        ("neutral", GOLDSTEIN_NEUTRAL_STATEMENT),
    ):
        values[statement & equals(events["tone"], tone)] = abs(cameo.goldstein)
    return values


def score_events(
    events: pd.DataFrame,
    scheme: str = vocab.DEFAULT_SCHEME,
    weights: Mapping[str, float] | None = None,
    track: str = "ukraine",
) -> pd.DataFrame:
    """The US acts that push on either side of `track`, by date then id, with `direction`,
    `weight` and `score = direction * weight` (+ toward Moscow or Hamas)."""
    sides = TRACK_LANES[check_track(track)]
    mask = equals(events["actor"], "us") & is_in(events["pressure_on"], sides)
    acts = by_date_id(events.loc[mask])  # copy-on-write: `events` is never touched
    acts["direction"] = direction(acts, sides)
    acts["weight"] = magnitude(acts, scheme, weights)
    acts["score"] = acts["direction"] * acts["weight"]
    return acts.reset_index(drop=True)
