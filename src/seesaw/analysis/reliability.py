"""Round one of the coding reliability study: the second coding (drawn by
`seesaw.analysis.sampling`, made from the first coder's summaries), its adjudication,
and Cohen's kappa per field; also the readers and checks these files share.
"""

from __future__ import annotations

import csv
import io
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
#: The coded fields of every row as they stood when round one was adjudicated, so that
#: later corrections to events.csv (logged in CHANGELOG.md) do not move round one.
FIRST_CODING = "first_coding.csv"
CODED_FIELDS = ("pressure_on", "effect", "mode", "kind")
#: Columns the second coder fills in, and those of the adjudication.
CODED_COLUMNS = ["id", *CODED_FIELDS, "note"]
ADJUDICATION_COLUMNS = ["id", "field", "first", "second", "final", "reason"]
#: The allowed values of each coded field.
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
    """Which side an act leans on: raising pressure on one side of a track or relieving
    the other leans on the first (Moscow or Kyiv; Hamas or Israel); anything else is `none`."""
    out = pd.Series("none", index=frame.index, dtype="string")
    for sides in vocab.TRACK_SIDES.values():
        towards = score.direction(frame, sides)
        out[towards == 1], out[towards == -1] = sides
    return out


def read_second_coding(
    path: Path | str, known_ids: set[str] | None = None
) -> pd.DataFrame:
    """The second coding, checked against the events' vocabularies; every problem located."""
    return _read_coded(Path(path), CODED_COLUMNS, ALLOWED, known_ids)


def read_adjudication(
    path: Path | str, known_ids: set[str] | None = None
) -> pd.DataFrame:
    """Every disagreement and how it was resolved."""
    path = Path(path)
    frame = _read_coded(path, ADJUDICATION_COLUMNS, {}, known_ids, unique_id=False)
    problems = []
    for line, row in zip(frame["line"], frame.itertuples(index=False), strict=True):
        if row.field not in CODED_FIELDS:
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
    """`_read_coded_rows` with the csv module's field limit at `FIELD_LIMIT`, as for
    every table (the limit is process-wide: importing frictionless raises it)."""
    from seesaw.data.rawfile import FIELD_LIMIT

    previous = csv.field_size_limit(FIELD_LIMIT)
    try:
        return _read_coded_rows(path, columns, allowed, known_ids, unique_id)
    finally:
        csv.field_size_limit(previous)


def _read_coded_rows(
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
    start = reader.line_num + 1
    try:
        for row in reader:
            line, start = start, reader.line_num + 1  # the line a record starts on
            at = f"{path.name}:{line}:"
            if not row:
                continue  # a blank line
            if len(row) != len(columns):
                problems.append(
                    f"{at} row has {len(row)} fields, the header has {len(columns)}"
                )
                continue
            rec = dict(zip(columns, row, strict=True))
            rid = rec["id"]
            if known_ids is not None and rid not in known_ids:
                problems.append(f"{at} column 'id': no such event (got {rid!r})")
            if unique_id and rid in seen:
                problems.append(f"{at} column 'id': duplicate (got {rid!r})")
            seen.add(rid)
            problems += [
                f"{at} column '{col}': not allowed (got {rec[col]!r})"
                for col, values in allowed.items()
                if rec[col] not in values
            ]
            if "effect" in allowed and (rec["pressure_on"] == "none") != (
                rec["effect"] == ""
            ):
                problems.append(
                    f"{at} column 'effect': required when pressure_on is kyiv or "
                    f"moscow, empty when none (got {rec['effect']!r})"
                )
            rows.append(rec)
            lines.append(line)
    except csv.Error as err:  # a field over the csv module's limit: a quote unclosed?
        raise ReliabilityError(
            f"{path.name}:{start}: malformed CSV ({err}); is a quote left unclosed?"
        ) from None
    frame = pd.DataFrame(rows, columns=columns)
    matched = ["id", *CODED_FIELDS, "field", "first", "second", "final"]
    named = character_problems(frame, lines, path.name, matched)
    if named:  # the character is the cause: other problems of its row only repeat it
        bad = {p.line for p in named}
        problems = [p for p in problems if int(p.split(":")[1]) not in bad]
        problems = sorted(
            [*problems, *map(str, named)], key=lambda p: int(p.split(":")[1])
        )
    if problems:
        raise ReliabilityError("\n".join(problems))
    frame["line"] = lines
    return frame


def paired(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """One row per double-coded event: `<field>_1` from the first coding, `<field>_2` from the second."""
    a = first.set_index("id").loc[second["id"], list(CODED_FIELDS)].copy()
    a["effect"] = a["effect"].astype("string").fillna("")
    b = second.set_index("id")[list(CODED_FIELDS)]
    out = pd.DataFrame(index=b.index)
    for field in FIELDS:
        for suffix, coding in (("1", a), ("2", b)):
            values = direction(coding) if field == "direction" else coding[field]
            out[f"{field}_{suffix}"] = values.astype(str).to_numpy()
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
    for col in CODED_FIELDS:
        out[col] = out[col].astype("string")
    index = {rid: i for i, rid in enumerate(out["id"])}
    for row in adjudication.itertuples(index=False):
        if row.id in index:
            value = row.first if row.first != "" else pd.NA
            out.iloc[index[row.id], out.columns.get_loc(row.field)] = value
    return out


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
    return Reliability(
        coded=len(pairs),
        kappas={
            f: cohen_kappa(pairs[f"{f}_1"].to_numpy(), pairs[f"{f}_2"].to_numpy(), ones)
            for f in FIELDS
        },
    )
