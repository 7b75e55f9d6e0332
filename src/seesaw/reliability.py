"""Coding reliability: the blind second coding's sample, and agreement with the first coding.

The sample (`draw_sample`) is seeded and stratified so it covers what the conclusions
rest on:

- `US_PRESSURE` rows: US acts coded as pushing on Kyiv or Moscow;
- `US_NONE` rows: US acts on the Ukraine track coded `none` that plausibly push on a side
  (meetings, talks, calls, statements, demands, deadlines, summit steps);
- `OTHER` rows: Russian acts (overtures and hardline moves alike), and Ukrainian and
  European acts, all coded `none` by rule.

`python -m seesaw.reliability sample OUT.csv` writes the *blind packet*: for each sampled
row only what the second coder may see (id, date, actor, who acted, the summary and the
cited pages), never the first coding or its notes. The second coder fills in
`data/reliability/second_coding.csv` from that packet, the codebook and the cited page.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from seesaw import vocab

#: The seed the committed sample was drawn with.
SAMPLE_SEED = 20261203
#: Stratum sizes (at least 80 US rows pushing on a side, at least 30 others).
US_PRESSURE = 84
US_NONE = 12
OTHER = 30
#: US kinds on the Ukraine track that plausibly push on a side even when coded `none`.
PLAUSIBLE_KINDS = frozenset(
    {"meeting", "talks", "call", "statement", "demand", "deadline", "summit_offer",
     "summit_cancelled", "summit", "peace_plan", "ceasefire", "agreement"}
)  # fmt: skip
GAZA_SIDES = frozenset(vocab.GAZA_ACTORS)
#: Columns the second coder sees.
BLIND_COLUMNS = [
    "id",
    "date",
    "actor",
    "actor_detail",
    "summary",
    "source_url",
    "alt_source_url",
]
#: Columns the second coder fills in.
CODED_COLUMNS = ["id", "pressure_on", "effect", "mode", "kind", "note"]


def strata(events: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The three sampling frames (context rows and the Gaza track left out)."""
    ev = events[(events["kind"] != "context") & ~events["recipient"].isin(GAZA_SIDES)]
    ev = ev[~ev["actor"].isin(GAZA_SIDES)]
    us = ev[ev["actor"] == "us"]
    return {
        "us_pressure": us[us["pressure_on"] != "none"],
        "us_none": us[(us["pressure_on"] == "none") & us["kind"].isin(PLAUSIBLE_KINDS)],
        "other": ev[ev["actor"].isin(["russia", "ukraine", "europe"])],
    }


def draw_sample(events: pd.DataFrame, seed: int = SAMPLE_SEED) -> pd.DataFrame:
    """The stratified random sample, in a shuffled order, with a `stratum` column."""
    rng = np.random.default_rng(seed)
    sizes = {"us_pressure": US_PRESSURE, "us_none": US_NONE, "other": OTHER}
    parts = []
    for name, frame in strata(events).items():
        frame = frame.sort_values("id")
        n = min(sizes[name], len(frame))
        pick = rng.choice(len(frame), size=n, replace=False)
        parts.append(frame.iloc[np.sort(pick)].assign(stratum=name))
    sample = pd.concat(parts)
    order = rng.permutation(len(sample))
    return sample.iloc[order].reset_index(drop=True)


def blind_packet(sample: pd.DataFrame) -> pd.DataFrame:
    """Only what the second coder may see of each sampled row."""
    return sample[BLIND_COLUMNS].copy()


def main(argv: list[str] | None = None) -> int:
    from seesaw.load import load_events

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] != "sample":
        print("usage: python -m seesaw.reliability sample OUT.csv", file=sys.stderr)
        return 1
    from seesaw import paths

    events = load_events(paths.DATA / "events.csv")
    packet = blind_packet(draw_sample(events))
    packet["date"] = pd.to_datetime(packet["date"]).dt.strftime("%Y-%m-%d")
    packet.to_csv(Path(args[1]), index=False)
    print(f"wrote {len(packet)} rows to {args[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
