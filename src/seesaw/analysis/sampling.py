"""The samples for the blind double coding: seeded, stratified draws from frames (each
round's frames kept beside its codings, so that its draw can be made again)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

#: The seed the committed sample was drawn with, and its stratum sizes (at least 80 US
#: rows pushing on a side, at least 30 others).
SAMPLE_SEED = 20261203
SIZES = {"us_pressure": 84, "us_none": 12, "other": 30}

#: US kinds on the Ukraine track that plausibly push on a side even when coded `none`.
PLAUSIBLE_KINDS = frozenset(
    {"meeting", "talks", "call", "statement", "demand", "deadline", "summit_offer",
     "summit_cancelled", "summit", "peace_plan", "ceasefire", "agreement"}
)  # fmt: skip

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

#: Round two (pages alone): seed and stratum sizes, fixed before the sample was drawn.
ROUND2_SEED = 20261206
ROUND2_SIZES = {"us_pressure": 85, "us_none_all": 45, "other": 25}
#: What a round-two coder receives: nothing of the first coding (no summary, codes or notes).
ROUND2_COLUMNS = ["id", "date", "actor", "source_url", "alt_source_url"]
#: The positions of the shuffled sample each coder codes (the middle 45 by both).
ROUND2_CODERS = {"a": (0, 100), "b": (55, 155)}

#: Round two's Gaza stratum (issue 24), drawn before any second coding of the Gaza rows;
#: the middle rows are coded by both coders.
GAZA_SEED = 20261207
GAZA_SIZES = {"gaza_pressure": 50, "gaza_none": 10}
GAZA_CODERS = {"a": (0, 36), "b": (20, 56)}

#: Each sample's frames as they stood at the draw (`id,stratum`), so it can be made again.
FRAMES = "frames.csv"


def strata(events: pd.DataFrame, design: str = "first") -> dict[str, pd.DataFrame]:
    """The frames of a `design` (first, round2 or gaza), context rows left out; round two
    takes every US act coded `none`, the first sample only those of plausible kinds."""
    track = "gaza" if design == "gaza" else "ukraine"
    ev = events[(events["kind"] != "context") & (events["track"] == track)]
    us = ev[ev["actor"] == "us"]
    pushes, none = us[us["pressure_on"] != "none"], us[us["pressure_on"] == "none"]
    if design == "gaza":
        return {"gaza_pressure": pushes, "gaza_none": none}
    other = ev[ev["actor"].isin(["russia", "ukraine", "europe"])]
    if design == "round2":
        return {"us_pressure": pushes, "other": other, "us_none_all": none}
    plausible = none[none["kind"].isin(PLAUSIBLE_KINDS)]
    return {"us_pressure": pushes, "us_none": plausible, "other": other}


def _draw(
    frames: dict[str, pd.DataFrame], sizes: dict[str, int], seed: int
) -> pd.DataFrame:
    """A seeded draw of `sizes[name]` rows from each frame, shuffled, with `stratum`
    and `weight` (rows in the frame per row drawn)."""
    rng = np.random.default_rng(seed)
    parts = []
    for name, frame in frames.items():
        frame = frame.sort_values("id")
        n = min(sizes[name], len(frame))
        pick = rng.choice(len(frame), size=n, replace=False)
        parts.append(
            frame.iloc[np.sort(pick)].assign(
                stratum=name, weight=len(frame) / max(n, 1)
            )
        )
    sample = pd.concat(parts)
    return sample.iloc[rng.permutation(len(sample))].reset_index(drop=True)


def draw_sample(events: pd.DataFrame, seed: int = SAMPLE_SEED) -> pd.DataFrame:
    """The first sample, shuffled, with a `stratum` column."""
    return _draw(strata(events), SIZES, seed).drop(columns="weight")


def redraw(folder: Path | str, sizes: dict[str, int], seed: int) -> pd.DataFrame:
    """The sample drawn again from its committed frames snapshot."""
    table = pd.read_csv(Path(folder) / FRAMES, dtype=str, keep_default_na=False)
    frames = {name: g[["id"]] for name, g in table.groupby("stratum", sort=False)}
    return _draw(frames, sizes, seed)


def main(argv: list[str] | None = None) -> int:
    """`sample OUT.csv`: the first sample's blind packet; `round2|gaza OUT_DIR`: a round's
    frames, strata and each coder's input."""
    from seesaw import paths
    from seesaw.data.load import load_events

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] not in ("sample", "round2", "gaza"):
        sys.stderr.write("usage: python -m seesaw.analysis.sampling sample OUT.csv\n")
        return 1
    events = load_events(paths.DATA / "events.csv")
    if args[0] == "sample":
        packet = draw_sample(events)[BLIND_COLUMNS]
        packet["date"] = pd.to_datetime(packet["date"]).dt.strftime("%Y-%m-%d")
        packet.to_csv(Path(args[1]), index=False)
        print(f"wrote {len(packet)} rows to {args[1]}")
        return 0
    out = Path(args[1])
    out.mkdir(parents=True, exist_ok=True)
    sizes, seed, coders = {
        "round2": (ROUND2_SIZES, ROUND2_SEED, ROUND2_CODERS),
        "gaza": (GAZA_SIZES, GAZA_SEED, GAZA_CODERS),
    }[args[0]]
    frames = strata(events, args[0])
    rows = [(rid, name) for name, f in frames.items() for rid in sorted(f["id"])]
    pd.DataFrame(rows, columns=["id", "stratum"]).to_csv(
        out / FRAMES, index=False, lineterminator="\n"
    )
    sample = _draw(frames, sizes, seed)
    sample["date"] = pd.to_datetime(sample["date"]).dt.strftime("%Y-%m-%d")
    sample[["id", "stratum", "weight"]].to_csv(out / "strata.csv", index=False)
    for name, (lo, hi) in coders.items():
        sample.iloc[lo:hi][ROUND2_COLUMNS].to_csv(
            out / f"input_{name}.csv", index=False
        )
    sample[ROUND2_COLUMNS].to_csv(out / "input.csv", index=False)
    print(f"wrote {len(sample)} rows to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
