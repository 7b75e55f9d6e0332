"""Coding reliability: the blind second coding read, and its agreement with the first.

The samples the second coders coded are drawn by `seesaw.analysis.sampling`
(`python -m seesaw.analysis.sampling sample OUT.csv` writes the blind packet). The
second coder fills in `data/reliability/second_coding.csv` from that packet, the
codebook and the cited page; this module reads it and the adjudication, and measures
agreement (Cohen's kappa with bootstrap intervals) field by field.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from seesaw.analysis.agreement import cohen_kappa, kappa_many
from seesaw.analysis.sampling import (
    draw_sample,
)
from seesaw.data import vocab
from seesaw.errors import SeesawError

#: Columns the second coder fills in.
CODED_COLUMNS = ["id", "pressure_on", "effect", "mode", "kind", "note"]


#: Where the second coding and the adjudication live.
FOLDER = "reliability"
SECOND_CODING = "second_coding.csv"
ADJUDICATION = "adjudication.csv"
#: The coded fields of every row as they stood when round one was adjudicated, so that
#: later corrections to events.csv (logged in CHANGELOG.md) do not move round one.
FIRST_CODING = "first_coding.csv"
CODED_FIELDS = ("pressure_on", "effect", "mode", "kind")
ADJUDICATION_COLUMNS = ["id", "field", "first", "second", "final", "reason"]
#: The fields compared, in reading order; `direction` is derived (see `direction`).
FIELDS = ["pressure_on", "direction", "effect", "mode", "kind"]
FIELD_LABELS = {
    "pressure_on": "whose position (pressure_on)",
    "direction": "signed direction (leaning on Moscow / on Kyiv / none)",
    "effect": "raise or relieve (effect)",
    "mode": "words, threat or deed (mode)",
    "kind": "kind of act (kind)",
}
#: Kappa the coding should reach on pressure_on and the signed direction.
KAPPA_TARGET = 0.7
BOOT_SEED = 20261203
N_BOOT = 2000


#: The columns of a reliability file that are matched or grouped (the rest are notes).
MATCHED = [
    "id",
    "pressure_on",
    "effect",
    "mode",
    "kind",
    "field",
    "first",
    "second",
    "final",
]


class ReliabilityError(SeesawError, ValueError):
    """A reliability file breaks its contract (located: FILE:LINE: column: problem)."""


def direction(frame: pd.DataFrame) -> pd.Series:
    """Which side an act leans on: raising pressure on one side of a track or relieving
    the other leans on the first (Moscow or Kyiv; Hamas or Israel); anything else is `none`."""
    effect = frame["effect"].astype("string").fillna("")
    on = frame["pressure_on"].astype("string")
    out = pd.Series("none", index=frame.index, dtype="string")
    for sides in vocab.TRACK_SIDES.values():
        for side, other in (sides, sides[::-1]):
            out[
                ((on == side) & (effect == "raise"))
                | ((on == other) & (effect == "relieve"))
            ] = side
    return out


def read_second_coding(
    path: Path | str, known_ids: set[str] | None = None
) -> pd.DataFrame:
    """The second coding, checked against the events' vocabularies; every problem located."""
    path = Path(path)
    allowed = {
        "pressure_on": set(vocab.PRESSURE_TARGETS),
        "effect": {"", *vocab.EFFECTS},
        "mode": set(vocab.MODES),
        "kind": set(vocab.KINDS),
    }
    return _read_coded(path, CODED_COLUMNS, allowed, known_ids)


def read_adjudication(
    path: Path | str, known_ids: set[str] | None = None
) -> pd.DataFrame:
    """Every disagreement and how it was resolved."""
    path = Path(path)
    frame = _read_coded(path, ADJUDICATION_COLUMNS, {}, known_ids, unique_id=False)
    problems = []
    for line, row in zip(frame["line"], frame.itertuples(index=False), strict=True):
        if row.field not in ("pressure_on", "effect", "mode", "kind"):
            problems.append(
                f"{path.name}:{line}: column 'field': not a coded field (got {row.field!r})"
            )
        if not str(row.reason).strip():
            problems.append(f"{path.name}:{line}: column 'reason': required")
    if problems:
        raise ReliabilityError("\n".join(problems))
    return frame


def _read_coded(
    path: Path,
    columns: list[str],
    allowed: dict[str, set[str]],
    known_ids: set[str] | None,
    unique_id: bool = True,
) -> pd.DataFrame:
    from seesaw.data.problems import character_problems
    from seesaw.data.rawfile import DataError, read_text

    if not path.exists() and not path.is_symlink():
        raise ReliabilityError(f"{path}: no such file")
    try:
        # The one reader of every CSV: BOM, line ends, NFC, non-files and symlinks
        # leaving the data folder (the reliability folder's parent) refused unopened.
        text = read_text(path, path.name, columns, folder=path.parent.parent)
    except DataError as err:
        raise ReliabilityError("\n".join(map(str, err.problems))) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header != columns:
        raise ReliabilityError(
            f"{path.name}:1: header must be {','.join(columns)} (got {header!r})"
        )
    problems, rows, lines, seen = [], [], [], set()
    records = []
    start = reader.line_num + 1
    try:
        for row in reader:
            records.append((start, row))  # the line a record starts on
            start = reader.line_num + 1
    except csv.Error as err:  # a field over the csv module's limit: a quote unclosed?
        raise ReliabilityError(
            f"{path.name}:{start}: malformed CSV ({err}); is a quote left unclosed?"
        ) from None
    for line, row in records:
        if not row:
            continue  # a blank line
        if len(row) != len(columns):
            problems.append(
                f"{path.name}:{line}: row has {len(row)} fields, the header has {len(columns)}"
            )
            continue
        rec = dict(zip(columns, row, strict=True))
        rid = rec["id"]
        if known_ids is not None and rid not in known_ids:
            problems.append(
                f"{path.name}:{line}: column 'id': no such event (got {rid!r})"
            )
        if unique_id and rid in seen:
            problems.append(f"{path.name}:{line}: column 'id': duplicate (got {rid!r})")
        seen.add(rid)
        for col, values in allowed.items():
            if rec[col] not in values:
                problems.append(
                    f"{path.name}:{line}: column '{col}': not allowed (got {rec[col]!r})"
                )
        if "effect" in allowed and (rec["pressure_on"] == "none") != (
            rec["effect"] == ""
        ):
            problems.append(
                f"{path.name}:{line}: column 'effect': required when pressure_on is kyiv or moscow, "
                f"empty when none (got {rec['effect']!r})"
            )
        rows.append(rec)
        lines.append(line)
    frame = pd.DataFrame(rows, columns=columns)
    named = character_problems(frame, lines, path.name, MATCHED)
    if named:  # the character is the cause: other problems of its row only repeat it
        bad = {p.line for p in named}
        problems = [p for p in problems if int(p.split(":")[1]) not in bad]
        problems = sorted([*problems, *map(str, named)], key=_line_of)
    if problems:
        raise ReliabilityError("\n".join(problems))
    frame["line"] = lines
    return frame


def _line_of(problem: str) -> int:
    return int(problem.split(":")[1])


def paired(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """One row per double-coded event: `<field>_1` from the first coding, `<field>_2` from the second."""
    a = (
        first.set_index("id")
        .loc[second["id"], ["pressure_on", "effect", "mode", "kind"]]
        .copy()
    )
    a["effect"] = a["effect"].astype("string").fillna("")
    b = second.set_index("id")[["pressure_on", "effect", "mode", "kind"]].copy()
    a["direction"] = direction(a)
    b["direction"] = direction(b)
    out = pd.DataFrame(index=b.index)
    for field in FIELDS:
        out[f"{field}_1"] = a[field].astype(str).to_numpy()
        out[f"{field}_2"] = b[field].astype(str).to_numpy()
    return out


def as_round_one(events: pd.DataFrame, path: Path) -> pd.DataFrame:
    """`events` as round one saw them: the rows of the snapshot at `path`
    (`id,pressure_on,effect,mode,kind`), with its coded fields; rows added later are
    left out, so they move neither the sample nor the agreement."""
    snap = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(snap.columns) != ["id", *CODED_FIELDS]:
        raise ReliabilityError(
            f"{path.name}:1: header must be id,{','.join(CODED_FIELDS)} "
            f"(got {','.join(snap.columns)})"
        )
    missing = sorted(set(snap["id"]) - set(events["id"]))
    if missing:
        raise ReliabilityError(f"{path.name}: ids not in events.csv: {missing[:5]}")
    out = events[events["id"].isin(set(snap["id"]))].copy()
    coded = snap.set_index("id").reindex(out["id"])
    for col in CODED_FIELDS:
        values = coded[col].replace("", pd.NA).to_numpy()
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = pd.Categorical(values, categories=out[col].cat.categories)
        else:
            out[col] = values
    return out


def first_coding(events: pd.DataFrame, adjudication: pd.DataFrame) -> pd.DataFrame:
    """The first coding as it stood before adjudication: events.csv holds the final
    values, and each adjudication row records the first coder's value."""
    out = events.copy()
    for col in ("pressure_on", "effect", "mode", "kind"):
        out[col] = out[col].astype("string")
    index = {rid: i for i, rid in enumerate(out["id"])}
    for row in adjudication.itertuples(index=False):
        if row.id in index:
            value = row.first if row.first != "" else pd.NA
            out.iloc[index[row.id], out.columns.get_loc(row.field)] = value
    return out


@dataclass(frozen=True)
class Agreement:
    field: str
    n: int
    agree: int
    raw: float
    raw_low: float
    raw_high: float
    kappa: float
    kappa_low: float
    kappa_high: float


def agreement(
    pairs: pd.DataFrame, n_boot: int = N_BOOT, seed: int = BOOT_SEED
) -> pd.DataFrame:
    """Raw agreement and Cohen's kappa per field, with 95% percentile bootstrap intervals
    (events resampled with replacement, `n_boot` times, seeded)."""
    rng = np.random.default_rng(seed)
    nan = float("nan")
    n = len(pairs)
    draws = rng.integers(0, n, size=(n_boot, n))
    weights = np.zeros((n_boot, n))
    np.add.at(weights, (np.repeat(np.arange(n_boot), n), draws.ravel()), 1)
    rows = []
    for field in FIELDS:
        x = pairs[f"{field}_1"].to_numpy()
        y = pairs[f"{field}_2"].to_numpy()
        same = x == y
        raw_boot = weights @ same.astype(float) / n
        kap_boot = kappa_many(x, y, weights)
        kap_boot = kap_boot[~np.isnan(kap_boot)]
        rows.append(
            Agreement(
                field=field,
                n=n,
                agree=int(same.sum()),
                raw=float(same.mean()),
                raw_low=float(np.quantile(raw_boot, 0.025)),
                raw_high=float(np.quantile(raw_boot, 0.975)),
                kappa=cohen_kappa(x, y, np.ones(n)),
                # No interval when every draw codes one value (kappa undefined in
                # each): a few double-coded rows that pass `validate` must not fail 01.
                kappa_low=float(np.quantile(kap_boot, 0.025)) if len(kap_boot) else nan,
                kappa_high=float(np.quantile(kap_boot, 0.975))
                if len(kap_boot)
                else nan,
            )
        )
    return pd.DataFrame([r.__dict__ for r in rows])


def disagreements(pairs: pd.DataFrame) -> pd.DataFrame:
    """Every field on which the two codings differ (the coded fields, not `direction`)."""
    out = []
    for field in ("pressure_on", "effect", "mode", "kind"):
        diff = pairs[pairs[f"{field}_1"] != pairs[f"{field}_2"]]
        for rid, row in diff.iterrows():
            out.append(
                {
                    "id": rid,
                    "field": field,
                    "first": row[f"{field}_1"],
                    "second": row[f"{field}_2"],
                }
            )
    return pd.DataFrame(out, columns=["id", "field", "first", "second"])


REL_BEGIN = "<!-- BEGIN GENERATED RELIABILITY: `seesaw codebook` writes this part; do not edit -->"
REL_END = "<!-- END GENERATED RELIABILITY -->"


@dataclass(frozen=True)
class Reliability:
    """The second coding compared with the first, and how the disagreements ended."""

    table: pd.DataFrame  # one row per field (see `agreement`)
    coded: int  # events coded twice
    strata: dict[str, int]
    disagreements: int  # field-level disagreements between the two coders
    events_disagreed: int
    kept_first: int
    took_second: int
    other_value: int
    consistency: int  # changes to rows outside the disagreements, for consistency

    def kappa(self, field: str) -> float:
        return float(self.table.set_index("field").at[field, "kappa"])

    def meets_target(self) -> bool:
        return all(self.kappa(f) >= KAPPA_TARGET for f in ("pressure_on", "direction"))


def reliability(
    data_dir: Path | str, events: pd.DataFrame | None = None
) -> Reliability:
    """Agreement of the first coding (as it stood before adjudication) with the second."""
    from seesaw.data.load import load_events

    data_dir = Path(data_dir)
    if events is None:
        events = load_events(data_dir / "events.csv")
    folder = data_dir / FOLDER
    if (folder / FIRST_CODING).exists():  # a folder without it: events.csv as it is
        events = as_round_one(events, folder / FIRST_CODING)
    ids = set(events["id"])
    second = read_second_coding(folder / SECOND_CODING, ids)
    adjudication = read_adjudication(folder / ADJUDICATION, ids)
    first = first_coding(events, adjudication)
    pairs = paired(first, second)
    diffs = disagreements(pairs)
    keyed = adjudication.set_index(["id", "field"])
    resolved = keyed.reindex(list(zip(diffs["id"], diffs["field"], strict=True)))
    in_sample = adjudication["second"] != ""
    sizes = draw_sample(first)["stratum"].value_counts().to_dict()
    return Reliability(
        table=agreement(pairs),
        coded=len(pairs),
        strata={k: int(v) for k, v in sizes.items()},
        disagreements=len(diffs),
        events_disagreed=int(diffs["id"].nunique()) if len(diffs) else 0,
        kept_first=int((resolved["final"] == resolved["first"]).sum()),
        took_second=int((resolved["final"] == resolved["second"]).sum()),
        other_value=int(
            (
                (resolved["final"] != resolved["first"])
                & (resolved["final"] != resolved["second"])
            ).sum()
        ),
        consistency=int((~in_sample).sum()),
    )


def agreement_markdown(rel: Reliability) -> str:
    """The agreement table as Markdown (for the codebook and notebook 01)."""
    rows = [
        "| field | agreed | raw agreement (95% interval) | Cohen's kappa (95% interval) |",
        "|---|---|---|---|",
    ]
    for r in rel.table.itertuples(index=False):
        rows.append(
            f"| {FIELD_LABELS[r.field]} | {r.agree} of {r.n} | {r.raw:.0%} ({r.raw_low:.0%} to {r.raw_high:.0%}) | "
            f"{r.kappa:.2f} ({r.kappa_low:.2f} to {r.kappa_high:.2f}) |"
        )
    return "\n".join(rows)


def render_reliability(rel: Reliability) -> str:
    """The codebook's generated reliability block."""
    target = "meets" if rel.meets_target() else "falls short of"
    text = [
        REL_BEGIN,
        "",
        agreement_markdown(rel),
        "",
        f"{rel.coded} events were coded twice ({rel.strata.get('us_pressure', 0)} US acts coded as pushing on a side, "
        f"{rel.strata.get('us_none', 0)} US acts coded `none` that plausibly push on one, "
        f"{rel.strata.get('other', 0)} Russian, Ukrainian and European acts). "
        f"The coding {target} the target of kappa {KAPPA_TARGET} on whose position an act pushes on and on its signed direction. "
        f"Intervals: {N_BOOT:,} bootstrap resamples of the events (seed {BOOT_SEED}). "
        f"The coders disagreed on {rel.disagreements} fields of {rel.events_disagreed} events; "
        f"adjudication kept the first coding in {rel.kept_first}, took the second coder's in {rel.took_second} "
        f"and chose another value in {rel.other_value}, and changed {rel.consistency} fields of other rows "
        "so that the same rule is applied everywhere (`data/reliability/adjudication.csv`).",
        "",
        REL_END,
    ]
    return "\n".join(text)
