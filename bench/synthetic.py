"""Synthetic events and quotes of any size, for the benchmarks and the scale tests.

The rows are valid against the contract (they pass `seesaw validate`) and mimic the real
mix of actors, kinds, modes and links, but they describe nothing that happened: every
summary says so, and every URL points at example.org. A tool of the repository, not of
the installed package.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from seesaw.data import vocab

#: (actor, pressure_on, effect, mode, kind, tone, share of rows)
PROFILE: tuple[tuple[str, str, str, str, str, str, float], ...] = (
    ("us", "moscow", "raise", "threat", "sanctions_threat", "hostile", 0.08),
    ("us", "moscow", "raise", "threat", "deadline", "hostile", 0.04),
    ("us", "moscow", "raise", "material", "sanctions", "hostile", 0.03),
    ("us", "moscow", "raise", "verbal", "weapons_supply", "hostile", 0.05),
    ("us", "moscow", "raise", "verbal", "statement", "hostile", 0.08),
    ("us", "moscow", "relieve", "verbal", "summit_offer", "cooperative", 0.05),
    ("us", "moscow", "relieve", "verbal", "statement", "cooperative", 0.06),
    ("us", "moscow", "relieve", "material", "legislation", "cooperative", 0.02),
    ("us", "kyiv", "raise", "verbal", "statement", "hostile", 0.08),
    ("us", "kyiv", "raise", "material", "aid_pause", "hostile", 0.02),
    ("us", "kyiv", "raise", "verbal", "demand", "hostile", 0.04),
    ("us", "kyiv", "raise", "threat", "deadline", "hostile", 0.03),
    ("us", "kyiv", "relieve", "material", "aid_resume", "cooperative", 0.03),
    ("us", "kyiv", "relieve", "verbal", "statement", "cooperative", 0.04),
    ("russia", "none", "", "verbal", "call", "cooperative", 0.07),
    ("russia", "none", "", "verbal", "summit_offer", "cooperative", 0.04),
    ("russia", "none", "", "material", "talks", "cooperative", 0.03),
    ("russia", "none", "", "verbal", "demand", "hostile", 0.06),
    ("russia", "none", "", "verbal", "rejection", "hostile", 0.04),
    ("ukraine", "none", "", "verbal", "statement", "neutral", 0.05),
    ("europe", "none", "", "verbal", "joint_statement", "cooperative", 0.04),
    ("israel", "none", "", "material", "strike", "hostile", 0.01),
    ("hamas", "none", "", "verbal", "statement", "neutral", 0.01),
)

RECIPIENT = {"us": "russia", "russia": "us", "ukraine": "us", "europe": "russia"}
START = dt.date(2025, 1, 20)


def synthetic_events(n: int, seed: int = 0) -> pd.DataFrame:
    """`n` valid synthetic event rows (as text columns, ready to write), seeded."""
    if n < 1:
        raise ValueError(f"n: must be at least 1, got {n}")
    rng = np.random.default_rng(seed)
    shares = np.array([p[-1] for p in PROFILE])
    pick = rng.choice(len(PROFILE), size=n, p=shares / shares.sum())
    offsets = np.sort(rng.integers(0, 640, size=n))
    dates = pd.Timestamp(START) + pd.to_timedelta(offsets, unit="D")
    width = max(4, len(str(n)))
    ids = [f"E{i + 1:0{width}d}" for i in range(n)]
    prof = pd.DataFrame(
        [PROFILE[i][:6] for i in pick],
        columns=["actor", "pressure_on", "effect", "mode", "kind", "tone"],
    )
    actor, text = prof["actor"], dates.strftime("%Y-%m-%d")
    frame = prof.assign(
        id=ids,
        date=text,
        date_precision="day",
        track=np.where(actor.isin(vocab.GAZA_ACTORS), "gaza", "ukraine"),
        actor_detail=actor.str.title(),
        recipient=actor.map(RECIPIENT)
        .fillna("other")
        .where(prof["pressure_on"] != "kyiv", "ukraine"),
        summary=[
            f"Synthetic row {i} for benchmarks; describes nothing real." for i in ids
        ],
        source_url=[f"https://example.org/synthetic/{i}" for i in ids],
        source_outlet="Synthetic",
        source_date=text,
        state_media="false",
        source_quality="primary",
        in_seed="false",
        alt_source_url="",
        notes="",
    )
    # Links: a resumption reverses the latest earlier pause; a Russian call answers the
    # latest earlier US threat on Moscow.
    last_pause = last_threat = ""
    reverses, responds = [""] * n, [""] * n
    rows = zip(ids, actor, prof["pressure_on"], prof["mode"], prof["kind"], strict=True)
    for i, (row, who, on, mode, kind) in enumerate(rows):
        if kind == "aid_pause":
            last_pause = row
        elif kind == "aid_resume" and last_pause:
            reverses[i], last_pause = last_pause, ""
        if who == "us" and on == "moscow" and mode == "threat":
            last_threat = row
        elif who == "russia" and kind == "call" and last_threat:
            responds[i] = last_threat
    frame["reverses"] = reverses
    frame["responds_to"] = responds
    assert set(frame["kind"]) <= set(vocab.KINDS)
    return frame[list(vocab.EVENT_COLUMNS)]


def synthetic_quotes(events: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """Quotes attached to about 30% of the synthetic events."""
    rng = np.random.default_rng(seed + 1)
    chosen = events.loc[rng.random(len(events)) < 0.3]
    if chosen.empty:
        chosen = events.iloc[:1]
    width = max(4, len(str(len(chosen))))
    ids = [f"Q{i + 1:0{width}d}" for i in range(len(chosen))]
    return pd.DataFrame(
        {
            "id": ids,
            "date": chosen["date"].to_numpy(),
            "speaker": chosen["actor_detail"].to_numpy(),
            "speaker_side": chosen["actor"].to_numpy(),
            "quote": [f"Synthetic words {i}." for i in ids],
            "context": "Synthetic context for benchmarks.",
            "event_id": chosen["id"].to_numpy(),
            "source_url": [f"https://example.org/synthetic/{i}" for i in ids],
            "source_outlet": "Synthetic",
            "source_date": chosen["date"].to_numpy(),
            "state_media": "false",
            "in_seed": "false",
            "translated": "false",
            "verbatim": "cited_page",
            "verbatim_url": "",
            "notes": "",
        }
    )[list(vocab.QUOTE_COLUMNS)]


def write_synthetic(folder: Path, n: int, seed: int = 0) -> Path:
    """Write events.csv and quotes.csv with `n` synthetic events into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    events = synthetic_events(n, seed)
    events.to_csv(folder / "events.csv", index=False, lineterminator="\n")
    synthetic_quotes(events, seed=seed).to_csv(
        folder / "quotes.csv", index=False, lineterminator="\n"
    )
    return folder
