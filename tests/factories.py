"""Build small typed event tables for tests without going through CSV files."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from seesaw.analysis import synthetic
from seesaw.data import vocab

#: (date, side, effect, mode[, kind]) -> a US act; side/effect as in events.csv.
Act = tuple


def us_acts(acts: Iterable[Act], start_id: int = 1) -> pd.DataFrame:
    """US acts: each (date, pressure_on, effect, mode[, kind])."""
    rows = []
    for i, act in enumerate(acts):
        date, side, effect, mode, *rest = act
        kind = rest[0] if rest else "statement"
        rows.append(
            {
                "id": f"E{start_id + i:04d}",
                "date": pd.Timestamp(date),
                "track": "ukraine",
                "actor": "us",
                "actor_detail": "Trump",
                "recipient": "russia" if side == "moscow" else "ukraine",
                "tone": "hostile" if effect == "raise" else "cooperative",
                "pressure_on": side,
                "effect": effect,
                "mode": mode,
                "kind": kind,
                "summary": f"test act {i}",
                "responds_to": None,
                "reverses": None,
            }
        )
    return typed(pd.DataFrame(rows))


def other_acts(acts: Iterable[tuple], start_id: int = 5001) -> pd.DataFrame:
    """Non-US acts: each (date, actor, kind, tone)."""
    rows = []
    for i, (date, actor, kind, tone) in enumerate(acts):
        rows.append(
            {
                "id": f"E{start_id + i:04d}",
                "date": pd.Timestamp(date),
                "track": "gaza" if actor in vocab.GAZA_ACTORS else "ukraine",
                "actor": actor,
                "actor_detail": actor.title(),
                "recipient": "us",
                "tone": tone,
                "pressure_on": "none",
                "effect": None,
                "mode": "verbal",
                "kind": kind,
                "summary": f"test other {i}",
                "responds_to": None,
                "reverses": None,
            }
        )
    return typed(pd.DataFrame(rows))


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Give the categorical columns the vocabulary dtypes `load` gives them."""
    out = frame.copy()
    if "track" in out:
        out["track"] = pd.Categorical(
            out["track"], categories=list(vocab.EVENT_TRACKS), ordered=True
        )
    for col, values in (
        ("actor", vocab.ACTORS),
        ("tone", vocab.TONES),
        ("pressure_on", vocab.PRESSURE_TARGETS),
        ("effect", vocab.EFFECTS),
        ("mode", vocab.MODES),
        ("kind", vocab.KINDS),
    ):
        out[col] = pd.Categorical(out[col], categories=list(values), ordered=True)
    return out


#: An empty quotes table, for the claim checks that read none.
NO_QUOTES = pd.DataFrame(
    columns=["id", "date", "speaker", "quote", "event_id", "source_outlet"]
)


def one_claim(
    events: pd.DataFrame, check: str, quotes: pd.DataFrame = NO_QUOTES, **p: Any
) -> pd.Series:
    """The ledger's row for one claim `C01` running `check` with parameters `p`."""
    from seesaw.analysis import claims

    table = pd.DataFrame(
        [
            {
                "id": "C01",
                "claim": "test",
                "check": check,
                "params": json.dumps(p),
                "notes": "",
            }
        ]
    )
    return claims.evaluate(table, events, quotes).iloc[0]


def gaza(frame: pd.DataFrame) -> pd.DataFrame:
    """The same rows on the Gaza track."""
    out = frame.astype({"track": str, "pressure_on": str, "actor": str})
    out["track"] = "gaza"
    return typed(out)


def joined(*frames: pd.DataFrame) -> pd.DataFrame:
    """Event tables stacked into one."""
    return pd.concat(frames, ignore_index=True)


#: The first day of `lane_events`' lanes.
LANES_START = pd.Timestamp("2025-01-20")


def lane_events(
    moscow: np.ndarray, kyiv: np.ndarray, overture_days: list[int]
) -> pd.DataFrame:
    """US acts on Moscow and Kyiv by the day counts of two lanes from LANES_START, and
    Russian overtures (calls) on `overture_days`."""
    acts = []
    for lane, side in ((moscow, "moscow"), (kyiv, "kyiv")):
        for day, n in enumerate(lane):
            acts += [
                (LANES_START + pd.Timedelta(days=day), side, "raise", "verbal")
            ] * int(n)
    frame = us_acts(acts)
    rus = us_acts(
        [
            (LANES_START + pd.Timedelta(days=d), "moscow", "raise", "verbal")
            for d in overture_days
        ],
        start_id=5000,
    )
    rus["actor"], rus["recipient"], rus["pressure_on"] = "russia", "us", "none"
    rus["effect"], rus["kind"], rus["tone"] = None, "call", "cooperative"
    out = pd.concat([frame, rus], ignore_index=True)
    out["notes"] = ""
    return out.sort_values(["date", "id"], ignore_index=True)


def lane_window(
    _events: pd.DataFrame | None = None,
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The 275 days of the lanes."""
    return LANES_START, LANES_START + pd.Timedelta(days=274)


def planted_overtures() -> tuple[np.ndarray, np.ndarray, list[int]]:
    """A world where every overture follows an escalation on Moscow: the Moscow lane,
    a Kyiv lane (an act every ninth day) and the overtures' days."""
    esc, ov = synthetic.overture_world(np.random.default_rng(9), 1.0)
    kyiv = np.zeros(275, int)
    kyiv[::9] = 1
    return np.bincount(esc, minlength=275), kyiv, ov.tolist()
