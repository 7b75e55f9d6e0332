"""Load the hand-curated CSVs as checked, typed frames; every problem in every file is
raised together in one `DataError`."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from seesaw.data import claim_vocab, claimparams, memo, vocab
from seesaw.data.rawfile import DataError, Problem, RawTable, read_table, read_text

#: Per table: its columns in file order, and its columns typed as ordered categories
#: (with their values: for events, `track` and the categories a claim's filter matches)
#: and as flags.
TABLES = {
    "events": (
        vocab.EVENT_COLUMNS,
        {"track": vocab.EVENT_TRACKS}
        | {k: v for k, v in claimparams.MATCH_COLUMNS.items() if v is not None},
        ("state_media", "in_seed"),
    ),
    "quotes": (
        vocab.QUOTE_COLUMNS,
        {"speaker_side": vocab.ACTORS},
        ("state_media", "in_seed", "translated"),
    ),
    "claims": (claim_vocab.CLAIM_COLUMNS, {}, ()),
}


def _typed(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """A checked table typed: dates, ordered categories, booleans."""
    _, categories, flags = TABLES[kind]
    out = frame.copy()
    for col in ("date", "source_date"):
        out[col] = pd.to_datetime(out[col], format="%Y-%m-%d")
    for col, values in categories.items():
        out[col] = pd.Categorical(out[col].astype(object), list(values), ordered=True)
    for col in flags:
        out[col] = out[col].eq("true").astype(bool)
    return out


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


@dataclass(frozen=True)
class Dataset:
    """The validated, typed tables."""

    events: pd.DataFrame
    quotes: pd.DataFrame
    claims: pd.DataFrame


def _read_checked(
    path: Path, kind: str, today: dt.date
) -> tuple[RawTable | None, list[Problem]]:
    try:
        table, problems = read_table(path, TABLES[kind][0])
    except DataError as err:
        return None, err.problems
    if table is not None:
        # pandera (through `problems`): only when a file is checked, not when a
        # notebook reads a load the cache kept.
        from seesaw.data import schema
        from seesaw.data.problems import (
            character_problems,
            matched_columns,
            one_per_cell,
            schema_problems,
        )

        model = schema.SCHEMAS[kind](today)
        problems += schema_problems(table, model)
        named = character_problems(
            table.frame, table.lines, table.file, matched_columns(model)
        )
        problems = one_per_cell(problems, named)
    return table, problems


#: The files `load_dataset` reads, in order (claims.csv may be absent).
DATASET_FILES = ("events.csv", "quotes.csv", "claims.csv")


def load_dataset(data_dir: Path | str, today: dt.date | None = None) -> Dataset:
    """Load and validate `events.csv`, `quotes.csv` (and `claims.csv` if present) from
    `data_dir`; raise one DataError listing every problem. A load that passes is kept in
    the computation cache by the files' text, the day and the code, so the notebooks
    read it back without the validator; a failing one is always checked in full."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        what = (
            "is a file, not a folder: name the folder holding events.csv"
            if data_dir.exists()
            else "data directory does not exist"
        )
        raise DataError([Problem(str(data_dir), 0, "", what)])
    return _checked_dataset(data_dir, today or _today())


def dataset_digest(data_dir: Path) -> str | None:
    """A SHA-256 of the text `load_dataset` reads (each file as `read_text` returns it:
    the same guards, the same decoding); None when a file is refused or unreadable."""
    names = [n for n in DATASET_FILES if n != "claims.csv" or (data_dir / n).exists()]
    files = [data_dir / name for name in names]
    return memo.tree_digest(data_dir, lambda p: read_text(p).encode(), files)


def _read_dataset(data_dir: Path, day: dt.date) -> Dataset:
    return _load_dataset(data_dir, day)  # looked up at call time, as tests count loads


#: The load of a folder, cached by the digest of the text it reads.
_checked_dataset = memo.by_folder(_read_dataset, dataset_digest)


def _load_dataset(data_dir: Path, day: dt.date) -> Dataset:
    from seesaw.data.problems import (
        claim_param_problems,
        is_cause,
        link_problems,
        one_per_cell,
    )

    events, problems = _read_checked(data_dir / "events.csv", "events", day)
    quotes, more = _read_checked(data_dir / "quotes.csv", "quotes", day)
    problems += more
    claims_frame = pd.DataFrame(columns=list(claim_vocab.CLAIM_COLUMNS), dtype="string")
    if (data_dir / "claims.csv").exists():
        claims, more = _read_checked(data_dir / "claims.csv", "claims", day)
        problems += more
        if claims is not None:
            problems += claim_param_problems(claims)
            claims_frame = claims.frame
    if events is not None:
        problems += link_problems(events, quotes)
    problems = one_per_cell(problems, [p for p in problems if is_cause(p)])
    if problems or events is None or quotes is None:
        raise DataError(problems)
    return Dataset(
        _typed(events.frame, "events"), _typed(quotes.frame, "quotes"), claims_frame
    )


def load_events(path: Path | str) -> pd.DataFrame:
    """Load and validate one events CSV (links checked within the file)."""
    from seesaw.data.problems import is_cause, link_problems, one_per_cell

    table, problems = _read_checked(Path(path), "events", _today())
    if table is not None:
        problems += link_problems(table, None)
    problems = one_per_cell(problems, [p for p in problems if is_cause(p)])
    if problems or table is None:
        raise DataError(problems)
    return _typed(table.frame, "events")


#: The columns of `data/episodes.csv`, the README's key episodes.
EPISODE_COLUMNS: tuple[str, ...] = ("id", "label")
#: How many key episodes the README's table holds.
EPISODE_COUNT: tuple[int, int] = (8, 12)
EPISODE_LABEL_MAX = 40


def load_episodes(path: Path | str, events: pd.DataFrame) -> pd.DataFrame:
    """The README's key episodes (columns id, label), each id an event of `events`,
    listed once, with a short label; raise one DataError locating every problem."""
    path = Path(path)
    table, problems = read_table(path, EPISODE_COLUMNS)
    if table is None:
        raise DataError(problems)
    known = set(events["id"].astype(str))
    seen: set[str] = set()
    frame = table.frame[list(EPISODE_COLUMNS)].fillna("").astype(str)
    for (ident, label), line in zip(frame.itertuples(index=False), table.lines):
        at = functools.partial(Problem, table.file, int(line))
        if ident not in known:
            problems.append(at("id", "no event with this id", ident))
        elif ident in seen:
            problems.append(at("id", "episode listed twice", ident))
        seen.add(ident)
        if not label.strip():
            problems.append(at("label", "empty label"))
        elif len(label) > EPISODE_LABEL_MAX:
            longer = f"longer than {EPISODE_LABEL_MAX} characters"
            problems.append(at("label", longer, label))
    low, high = EPISODE_COUNT
    if not problems and not low <= len(frame) <= high:
        wants = f"holds {len(frame)} episodes; the README's table wants {low} to {high}"
        problems.append(Problem(table.file, 0, "", wants))
    if problems:
        raise DataError(problems)
    return frame.reset_index(drop=True)
