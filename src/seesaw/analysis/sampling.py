"""The samples for the blind double coding: seeded, stratified draws from frames.

The first sample (`draw_sample`) covers what the conclusions rest on:

- `US_PRESSURE` rows: US acts coded as pushing on Kyiv or Moscow;
- `US_NONE` rows: US acts on the Ukraine track coded `none` that plausibly push on a side
  (meetings, talks, calls, statements, demands, deadlines, summit steps);
- `OTHER` rows: Russian acts (overtures and hardline moves alike), and Ukrainian and
  European acts, all coded `none` by rule.

Round two (`draw_round2`) and the Gaza round (`draw_gaza`) draw from their own frames,
kept beside their codings (`FRAMES`) so that each draw can be made again (`redraw`).
The *blind packet* (`blind_packet`) is what the second coder may see of each row.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

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


def strata(events: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The three sampling frames (context rows and the Gaza track left out)."""
    ev = events[(events["kind"] != "context") & (events["track"] == "ukraine")]
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


#: Round two (pages alone): seed and stratum sizes, fixed before the sample was drawn.
ROUND2_SEED = 20261206


ROUND2_SIZES = {"us_pressure": 85, "us_none_all": 45, "other": 25}


#: What a round-two coder receives: nothing of the first coding (no summary, codes or notes).
ROUND2_COLUMNS = ["id", "date", "actor", "source_url", "alt_source_url"]


#: Round two's coders, and which positions of the shuffled sample each codes
#: (the middle 45 rows are coded by both, so the coders' agreement is measured too).
ROUND2_CODERS = {"a": (0, 100), "b": (55, 155)}


#: Round two's Gaza stratum (issue 24), drawn after the Gaza rows were coded and before any
#: second coding of them: every US act on the Gaza track coded `none`, and a sample of those
#: coded as pushing on Israel or on Hamas. The middle rows are coded by both coders.
GAZA_SEED = 20261207


GAZA_SIZES = {"gaza_pressure": 50, "gaza_none": 10}


GAZA_CODERS = {"a": (0, 36), "b": (20, 56)}


def gaza_strata(events: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The Gaza stratum's frames: US acts on the Gaza track, by whether they push on a side."""
    ev = events[(events["kind"] != "context") & (events["track"] == "gaza")]
    us = ev[ev["actor"] == "us"]
    return {
        "gaza_pressure": us[us["pressure_on"] != "none"],
        "gaza_none": us[us["pressure_on"] == "none"],
    }


def draw_gaza(events: pd.DataFrame, seed: int = GAZA_SEED) -> pd.DataFrame:
    """The Gaza stratum's sample, shuffled, with `stratum` and `weight`."""
    return _draw(gaza_strata(events), GAZA_SIZES, seed)


def _draw(
    frames: dict[str, pd.DataFrame], sizes: dict[str, int], seed: int
) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    parts = []
    for name, frame in frames.items():
        frame = frame.sort_values("id")
        n = min(sizes[name], len(frame))
        pick = rng.choice(len(frame), size=n, replace=False)
        parts.append(
            frame.iloc[np.sort(pick)].assign(stratum=name, weight=len(frame) / n)
        )
    sample = pd.concat(parts)
    return sample.iloc[rng.permutation(len(sample))].reset_index(drop=True)


#: Each sample's frames as they stood when it was drawn (`id,stratum`), so the draw can
#: be reproduced after rows are added to or recoded in events.csv.
FRAMES = "frames.csv"


def frames_from(path: Path | str) -> dict[str, pd.DataFrame]:
    """A committed frames snapshot, as `_draw` takes it (stratum -> frame of ids)."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    return {name: group[["id"]] for name, group in table.groupby("stratum", sort=False)}


def redraw(folder: Path | str, sizes: dict[str, int], seed: int) -> pd.DataFrame:
    """The sample drawn again from its committed frames snapshot."""
    return _draw(frames_from(Path(folder) / FRAMES), sizes, seed)


def write_frames(frames: dict[str, pd.DataFrame], path: Path) -> None:
    rows = [(rid, name) for name, f in frames.items() for rid in sorted(f["id"])]
    pd.DataFrame(rows, columns=["id", "stratum"]).to_csv(
        path, index=False, lineterminator="\n"
    )


def round2_strata(events: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Round two's frames: every US act coded `none` on the Ukraine track, not only plausible kinds."""
    frames = strata(events)
    ev = events[(events["kind"] != "context") & (events["track"] == "ukraine")]
    us = ev[ev["actor"] == "us"]
    frames["us_none_all"] = us[us["pressure_on"] == "none"]
    del frames["us_none"]
    return frames


def draw_round2(events: pd.DataFrame, seed: int = ROUND2_SEED) -> pd.DataFrame:
    """Round two's stratified sample, shuffled, with `stratum` and `weight` (rows in the frame per row drawn)."""
    return _draw(round2_strata(events), ROUND2_SIZES, seed)


def blind_packet(sample: pd.DataFrame) -> pd.DataFrame:
    """Only what the second coder may see of each sampled row."""
    return sample[BLIND_COLUMNS].copy()


def main(argv: list[str] | None = None) -> int:
    from seesaw.data.load import load_events

    args = sys.argv[1:] if argv is None else argv
    if len(args) == 2 and args[0] in ("round2", "gaza"):
        from seesaw import paths

        out = Path(args[1])
        out.mkdir(parents=True, exist_ok=True)
        events = load_events(paths.DATA / "events.csv")
        gaza = args[0] == "gaza"
        frames = gaza_strata(events) if gaza else round2_strata(events)
        write_frames(frames, out / FRAMES)
        sample = draw_gaza(events) if gaza else draw_round2(events)
        coders = GAZA_CODERS if gaza else ROUND2_CODERS
        sample["date"] = pd.to_datetime(sample["date"]).dt.strftime("%Y-%m-%d")
        sample[["id", "stratum", "weight"]].to_csv(out / "strata.csv", index=False)
        for name, (lo, hi) in coders.items():
            sample.iloc[lo:hi][ROUND2_COLUMNS].to_csv(
                out / f"input_{name}.csv", index=False
            )
        sample[ROUND2_COLUMNS].to_csv(out / "input.csv", index=False)
        print(f"wrote {len(sample)} rows to {out}")
        return 0
    if len(args) != 2 or args[0] != "sample":
        print(
            "usage: python -m seesaw.analysis.sampling sample OUT.csv",
            file=sys.stderr,
        )
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
