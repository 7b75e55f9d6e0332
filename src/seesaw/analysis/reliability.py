"""Round one of the reliability study (a second coding made from the first coder's
summaries, its adjudication, kappa per field), and the readers the study's files share."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from seesaw.analysis import score
from seesaw.analysis.agreement import FIELDS, cohen_kappa
from seesaw.data import vocab
from seesaw.errors import SeesawError

FOLDER = "reliability"
SECOND_CODING = "second_coding.csv"
ADJUDICATION = "adjudication.csv"
#: Round one's coded fields as adjudicated, so later corrections do not move round one.
FIRST_CODING = "first_coding.csv"
CODED_FIELDS = ("pressure_on", "effect", "mode", "kind")
CODED_COLUMNS = ["id", *CODED_FIELDS, "note"]
ADJUDICATION_COLUMNS = ["id", "field", "first", "second", "final", "reason"]
ALLOWED = {
    "pressure_on": set(vocab.PRESSURE_TARGETS),
    "effect": {"", *vocab.EFFECTS},
    "mode": set(vocab.MODES),
    "kind": set(vocab.KINDS),
}


class ReliabilityError(SeesawError, ValueError):
    """A reliability file breaks its contract (located: FILE:LINE: column: problem)."""


def read_csv(path: Path) -> pd.DataFrame:
    """A committed reliability table, every value a string ("" where empty)."""
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise ReliabilityError(f"{path}: no such file") from None


def direction(frame: pd.DataFrame) -> pd.Series:
    """The side an act leans on (raising pressure on it or relieving the other), else `none`."""
    out = pd.Series("none", index=frame.index, dtype="string")
    for sides in vocab.TRACK_SIDES.values():
        towards = score.direction(frame, sides)
        out[towards == 1], out[towards == -1] = sides
    return out


def read_second_coding(
    path: Path | str, known_ids: set[str] | None = None
) -> pd.DataFrame:
    """The second coding, checked against the events' vocabularies."""
    return read_coded(Path(path), CODED_COLUMNS, ALLOWED, known_ids)


def read_adjudication(
    path: Path | str, known_ids: set[str] | None = None
) -> pd.DataFrame:
    """Every disagreement and how it was resolved."""
    path = Path(path)
    allowed = {"field": set(CODED_FIELDS)}
    frame = read_coded(path, ADJUDICATION_COLUMNS, allowed, known_ids, unique_id=False)
    blank = [
        f"{path.name}:{line}: column 'reason': required"
        for line, reason in zip(frame["line"], frame["reason"], strict=True)
        if not reason.strip()
    ]
    if blank:
        raise ReliabilityError("\n".join(blank))
    return frame


def read_coded(
    path: Path,
    columns: list[str],
    allowed: dict[str, set[str]],
    known_ids: set[str] | None,
    unique_id: bool = True,
) -> pd.DataFrame:
    """A coded table, every problem located (`effect` only where `pressure_on` has a side)."""
    from seesaw.data.problems import character_problems
    from seesaw.data.rawfile import DataError, Problem, read_table

    if not path.exists() and not path.is_symlink():
        raise ReliabilityError(f"{path}: no such file")
    try:  # the one reader of every CSV (symlinks may not leave the data folder)
        table, problems = read_table(
            path, columns, path.name, path.parent.parent, rows_required=False
        )
    except DataError as err:
        problems, table = err.problems, None
    if table is not None and list(table.header) != columns:
        wanted, got = f"header must be {','.join(columns)}", ",".join(table.header)
        raise ReliabilityError(str(Problem(path.name, 1, "", wanted, got)))
    if table is None:
        raise ReliabilityError("\n".join(map(str, problems)))
    frame, lines = table.frame.fillna("").astype(str), table.lines
    ids = frame["id"]
    rules = [
        ("id", "no such event", None if known_ids is None else ~ids.isin(known_ids)),
        ("id", "duplicate", ids.duplicated() if unique_id else None),
        *((col, "not allowed", ~frame[col].isin(ok)) for col, ok in allowed.items()),
    ]
    if "effect" in allowed:
        either = "required when pressure_on is kyiv or moscow, empty when none"
        unpaired = frame["pressure_on"].eq("none") != frame["effect"].eq("")
        rules.append(("effect", either, unpaired))
    problems += [
        Problem(path.name, int(lines[i]), column, message, frame[column].iat[i])
        for column, message, bad in rules
        if bad is not None
        for i in np.flatnonzero(bad.to_numpy())
    ]
    matched = ["id", *CODED_FIELDS, "field", "first", "second", "final"]
    named = character_problems(frame, lines, path.name, matched)
    # A named character is the cause: other problems of its row only repeat it.
    problems = [p for p in problems if p.line not in {n.line for n in named}] + named
    if problems:
        problems.sort(key=lambda p: p.line)
        raise ReliabilityError("\n".join(map(str, problems)))
    frame["line"] = lines
    return frame


def with_direction(frame: pd.DataFrame) -> pd.DataFrame:
    """The coded fields as text ("" where empty), and the signed `direction`."""
    out = frame[list(CODED_FIELDS)].astype("string").fillna("").astype(str)
    out["direction"] = direction(out).astype(str)
    return out


def paired(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """One row per double-coded event: `<field>_1` from the first coding, `<field>_2` from the second."""
    one = with_direction(first.set_index("id").loc[second["id"]])
    two = with_direction(second.set_index("id"))
    columns = {f"{f}_{i}": c[f] for f in FIELDS for i, c in ((1, one), (2, two))}
    return pd.DataFrame({k: v.to_numpy() for k, v in columns.items()}, index=two.index)


def as_round_one(events: pd.DataFrame, path: Path) -> pd.DataFrame:
    """`events` as round one saw them: only the snapshot's rows, with its coded fields."""
    snap = pd.read_csv(path, dtype=str, keep_default_na=False)
    if list(snap.columns) != ["id", *CODED_FIELDS]:
        raise ReliabilityError(
            f"{path.name}:1: header must be id,{','.join(CODED_FIELDS)} "
            f"(got {','.join(snap.columns)})"
        )
    missing = sorted(set(snap["id"]) - set(events["id"]))
    if missing:
        raise ReliabilityError(f"{path.name}: ids not in events.csv: {missing[:5]}")
    out = events[events["id"].isin(set(snap["id"]))]
    coded = snap.set_index("id").reindex(out["id"]).replace("", pd.NA)
    return out.assign(**{c: coded[c].astype("string").array for c in CODED_FIELDS})


def first_coding(events: pd.DataFrame, adjudication: pd.DataFrame) -> pd.DataFrame:
    """The first coding before adjudication (each adjudication row records its value)."""
    out = events.astype(dict.fromkeys(CODED_FIELDS, "string")).set_index(
        "id", drop=False
    )
    for row in adjudication[adjudication["id"].isin(out.index)].itertuples():
        out.at[row.id, row.field] = row.first if row.first != "" else pd.NA
    return out.set_axis(events.index)


REL_BEGIN = "<!-- BEGIN GENERATED RELIABILITY: `seesaw codebook` writes this part; do not edit -->"
REL_END = "<!-- END GENERATED RELIABILITY -->"


@dataclass(frozen=True)
class Reliability:
    """Round one: the events coded twice, and Cohen's kappa per field."""

    coded: int
    kappas: dict[str, float]

    def kappa(self, field: str) -> float:
        return self.kappas[field]


def reliability(data_dir: Path | str) -> Reliability:
    """Agreement of the first coding (as it stood before adjudication) with the second."""
    from seesaw.data.load import load_events

    data_dir = Path(data_dir)
    events = load_events(data_dir / "events.csv")
    folder = data_dir / FOLDER
    if (folder / FIRST_CODING).exists():  # a folder without it: events.csv as it is
        events = as_round_one(events, folder / FIRST_CODING)
    ids = set(events["id"])
    second = read_second_coding(folder / SECOND_CODING, ids)
    adjudication = read_adjudication(folder / ADJUDICATION, ids)
    pairs = paired(first_coding(events, adjudication), second)
    ones = np.ones(len(pairs))
    kappas = {
        f: cohen_kappa(pairs[f"{f}_1"].to_numpy(), pairs[f"{f}_2"].to_numpy(), ones)
        for f in FIELDS
    }
    return Reliability(coded=len(pairs), kappas=kappas)
