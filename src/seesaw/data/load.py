"""Read and validate the hand-curated CSVs; the only module that reads data files.

Every problem is located (file, line, column, value) and all of them are collected
into one `DataError`, so a maintainer fixes a file in one pass.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import stat
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from seesaw.data import memo, vocab
from seesaw.errors import SeesawError

if TYPE_CHECKING:
    import pandera.pandas as pa

BOM = b"\xef\xbb\xbf"
#: Unicode categories shown escaped in messages: controls, format characters (BOM,
#: zero-width, direction marks), separators other than the space, private and unassigned.
INVISIBLE = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Co", "Cn", "Cs"})
#: The largest CSV accepted: the tables are edited by hand and reviewed like code, so a
#: file this size is the wrong file (an export, a dump), and reading it would take the
#: machine's memory.
MAX_FILE_BYTES = 20 * 1024 * 1024
#: Raises (or lowers) that limit, in MB, for a caller that means it (the benchmark).
MAX_FILE_ENV = "SEESAW_MAX_CSV_MB"
#: The csv module's default limit on one field; no column allows anything near it. Set
#: for each read, because other libraries (frictionless) raise it for the whole process.
FIELD_LIMIT = 131_072


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in an input file."""

    file: str
    line: int
    column: str
    message: str
    value: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        col = f" column '{_visible(self.column)}':" if self.column else ""
        got = f" (got {_show(self.value)})" if self.value is not None else ""
        return f"{where}:{col} {self.message}{got}"


def _visible(text: str) -> str:
    """`text` with backslashes, newlines and invisible characters written as escapes
    (a byte-order mark shows as \\ufeff, a zero-width space as \\u200b)."""
    out = []
    for ch in text.replace("\\", "\\\\"):
        if ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch != " " and unicodedata.category(ch) in INVISIBLE:
            out.append(
                f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}"
            )
        else:
            out.append(ch)
    return "".join(out)


def _show(value: str) -> str:
    text = value if len(value) <= 80 else value[:77] + "..."
    return "'" + _visible(text).replace("'", "\\'") + "'"


class DataError(SeesawError, ValueError):
    """Raised when input data break the contract; lists every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the data:"
        return "\n".join([head, *(str(p) for p in self.problems)])


@dataclass(frozen=True)
class RawTable:
    """A CSV read as text: string columns (empty cells as NA) and each row's line number."""

    frame: pd.DataFrame
    lines: np.ndarray
    file: str


def _decode(raw: bytes, file: str, columns: Sequence[str]) -> str:
    if raw.startswith(BOM):
        raw = raw[len(BOM) :]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        start = raw.rfind(b"\n", 0, err.start) + 1
        end = raw.find(b"\n", err.start)
        text = raw[start : end if end >= 0 else len(raw)].decode(
            "utf-8", errors="replace"
        )
        column, value = "", text.strip("\r")
        try:
            fields = next(csv.reader([text]))
            hits = [i for i, f in enumerate(fields) if "\ufffd" in f]
            if hits and hits[0] < len(columns):
                column, value = columns[hits[0]], fields[hits[0]]
        except (csv.Error, StopIteration):
            pass
        byte = raw[err.start : err.start + 1].hex().upper()
        raise DataError(
            [
                Problem(
                    file,
                    line,
                    column,
                    f"not UTF-8 (byte 0x{byte}); re-save the file as UTF-8",
                    value,
                )
            ]
        ) from None


def _fast_read(text: str, columns: Sequence[str], file: str) -> RawTable | None:
    """The C parser for well-formed files; None sends the file down the careful path.

    The careful path (the csv module, row by row) finds and locates structural faults;
    this one only accepts a file when every record is one line, no line is blank, no
    row is short or long and the header is exactly the expected columns.
    """
    body = text.replace("\r\n", "\n")
    if "\r" in body or "\n\n" in body.strip("\n") or not body.strip():
        return None
    try:
        # Every record must have exactly as many fields as the header (C speed).
        widths = set(map(len, csv.reader(io.StringIO(body), strict=True)))
    except csv.Error:
        return None
    if widths != {len(columns)}:
        return None
    try:
        frame = pd.read_csv(
            io.StringIO(body),
            dtype="string",
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
    except (pd.errors.ParserError, ValueError, UnicodeError):
        return None
    header = [str(c).strip() for c in frame.columns]
    if sorted(header) != sorted(columns) or len(set(header)) != len(header):
        return None
    records = body.rstrip("\n").count("\n")  # lines after the header
    if len(frame) == 0 or records != len(frame):
        return None  # a field spans lines: number the lines carefully
    frame.columns = header
    frame = frame.mask(frame.eq(""))
    lines = np.arange(2, len(frame) + 2, dtype=np.int64)
    return RawTable(frame[list(columns)], lines, file)


def _size(n: int) -> str:
    return f"{n / 2**20:,.1f} MB" if n >= 2**20 else f"{n:,} bytes"


def _longest_field(text: str, line: int, header: list[str] | None) -> tuple[str, int]:
    """The column and length of the longest field on one line (read without a limit)."""
    row = text.splitlines()[line - 1]
    previous = csv.field_size_limit(len(row) + 1)
    try:
        fields = next(csv.reader([row]))
    except (csv.Error, StopIteration):
        return "", len(row)
    finally:
        csv.field_size_limit(previous)
    i = max(range(len(fields)), key=lambda k: len(fields[k]))
    name = header[i] if header and i < len(header) else ""
    return name.strip(), len(fields[i])


#: Columns a file may leave out of its header, with the value each row then takes
#: (None: empty). claims.csv files written before the ledger said which text each
#: verdict judges read as judging the seed's rewrite.
OPTIONAL_COLUMNS: dict[str, str | None] = {"text_judged": "rewrite", "original": None}


def max_file_bytes() -> int:
    """The largest CSV accepted: `MAX_FILE_BYTES`, or `$SEESAW_MAX_CSV_MB` megabytes."""
    setting = os.environ.get(MAX_FILE_ENV, "").strip()
    if not setting:
        return MAX_FILE_BYTES
    try:
        mb = float(setting)
    except ValueError:
        raise DataError(
            [Problem(MAX_FILE_ENV, 0, "", f"{setting!r} is not a size in MB")]
        ) from None
    if not 0 < mb < 2**40:
        raise DataError(
            [Problem(MAX_FILE_ENV, 0, "", f"{setting!r} is not a size in MB")]
        )
    return int(mb * 2**20)


def read_table(
    path: Path,
    columns: Sequence[str],
    label: str | None = None,
    folder: Path | None = None,
) -> tuple[RawTable | None, list[Problem]]:
    """Read a CSV strictly as text.

    Returns the well-formed rows and the structural problems found (ragged rows,
    bad quoting); the table is None when the file cannot be read at all. The csv
    module's field limit is `FIELD_LIMIT` during the read, whatever it was before.
    """
    previous = csv.field_size_limit(FIELD_LIMIT)
    try:
        return _read_table(path, columns, label, folder)
    finally:
        csv.field_size_limit(previous)


def _kind_of(mode: int) -> str | None:
    """What a path that is not a regular file is, in words (None: a regular file)."""
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return None if stat.S_ISREG(mode) else "not a regular file"


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def read_text(
    path: Path,
    label: str | None = None,
    columns: Sequence[str] = (),
    folder: Path | None = None,
) -> str:
    """The text of one CSV, read the one way every CSV of the project is read.

    Refused, each in one located sentence, without opening the file: a path that is not
    a regular file (a folder, a FIFO, a device, a socket), a symbolic link leading out
    of `folder` (the data folder; by default the file's own folder), a file over
    `MAX_FILE_BYTES`. Then: a UTF-8 byte-order mark (Excel's "CSV UTF-8") is dropped,
    bytes that are not UTF-8 are refused with their line and column, line ends become
    "\\n" and the text is normalised to Unicode NFC (so "é" typed as e + accent and "é"
    typed as one character are the same value).
    """
    file = label or str(path)
    folder = path.parent if folder is None else folder
    try:
        link = path.is_symlink()
        info = path.stat()
    except FileNotFoundError:
        raise DataError([Problem(file, 0, "", "file not found")]) from None
    except OSError as err:
        message = err.strerror or type(err).__name__
        raise DataError([Problem(file, 0, "", f"cannot be read ({message})")]) from None
    if link and not _inside(path, folder):
        raise DataError(
            [
                Problem(
                    file,
                    0,
                    "",
                    f"is a symbolic link to a file outside {folder}; it was not read. "
                    "Copy the file into the folder instead",
                )
            ]
        )
    kind = _kind_of(info.st_mode)
    if kind is not None:
        raise DataError(
            [
                Problem(
                    file,
                    0,
                    "",
                    f"is {kind}, not a file; it was not opened. Put the CSV file there",
                )
            ]
        )
    if info.st_size > (limit := max_file_bytes()):
        raise DataError(
            [
                Problem(
                    file,
                    0,
                    "",
                    f"file is {_size(info.st_size)}, over the {_size(limit)} a "
                    "hand-curated table may have; is it the right file? (set "
                    f"{MAX_FILE_ENV} to a size in MB to allow more)",
                )
            ]
        )
    raw = path.read_bytes()
    if not raw.strip(BOM).strip():
        expected = f"; expected a header line: {','.join(columns)}" if columns else ""
        raise DataError([Problem(file, 0, "", f"file is empty{expected}")])
    text = _decode(raw, file, columns)
    text = text.replace("\r\n", "\n")
    return unicodedata.normalize("NFC", text)


def _read_table(
    path: Path,
    columns: Sequence[str],
    label: str | None = None,
    folder: Path | None = None,
) -> tuple[RawTable | None, list[Problem]]:
    file = label or str(path)
    text = read_text(path, label, columns, folder)
    fast = _fast_read(text, columns, file)
    if fast is not None:
        return fast, []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[Problem] = []
    rows: list[list[str]] = []
    lines: list[int] = []
    header: list[str] | None = None
    start = 1
    try:
        for row in reader:
            if header is None:
                header = row
            elif row:  # blank lines are skipped
                if len(row) != len(header):
                    problems.append(
                        Problem(
                            file,
                            start,
                            "",
                            f"row has {len(row)} fields, the header has {len(header)}",
                            ",".join(row),
                        )
                    )
                else:
                    rows.append(row)
                    lines.append(start)
            start = reader.line_num + 1
    except csv.Error as err:
        column = ""
        if "field larger than field limit" in str(err) and reader.line_num <= start:
            # One line holding a field of 131,072+ characters: not a quoting fault.
            column, size = _longest_field(text, start, header)
            message = (
                f"{size:,} characters in one field, over the {FIELD_LIMIT:,} the "
                "reader takes; no column allows text that long"
            )
        elif "field larger than field limit" in str(err):
            message = (
                f"a field runs over {reader.line_num - start + 1:,} lines and "
                f"{FIELD_LIMIT:,} characters; is a quote left unclosed?"
            )
        else:
            message = f"malformed CSV quoting ({err}); is a quote left unclosed?"
        problems.append(Problem(file, start, column, message))
        # The rest of the file was not read: checking the rows before the fault (or
        # links to rows after it) would only add misleading problems.
        return None, problems
    if header is None:  # only blank lines: reported as an empty file above
        return None, [Problem(file, 0, "", "no header line")]
    header = [h.strip() for h in header]
    missing = [c for c in columns if c not in header and c not in OPTIONAL_COLUMNS]
    unknown = [h for h in header if h not in columns]
    dupes = sorted({h for h in header if header.count(h) > 1})
    for c in missing:
        problems.append(Problem(file, 1, c, "column missing from the header"))
    for c in unknown:
        problems.append(
            Problem(file, 1, c, f"unknown column; expected: {','.join(columns)}", c)
        )
    for c in dupes:
        problems.append(Problem(file, 1, c, "column appears twice in the header"))
    if missing or unknown or dupes:
        return None, problems
    if not rows and not problems:
        problems.append(Problem(file, 0, "", "no data rows below the header"))
    if not rows:
        return None, problems
    data = {
        name: pd.array(col, dtype="string")
        for name, col in zip(header, zip(*rows), strict=True)
    }
    frame = pd.DataFrame(data)
    frame = frame.mask(frame.eq(""))
    for name in columns:
        if name not in frame.columns:  # an optional column left out: its default
            default = OPTIONAL_COLUMNS[name]
            frame[name] = pd.array([default] * len(frame), dtype="string")
    return RawTable(
        frame[list(columns)], np.asarray(lines, dtype=np.int64), file
    ), problems


def _schema_problems(table: RawTable, model: pa.DataFrameSchema) -> list[Problem]:
    import pandera.pandas as pa

    from seesaw.data import schema

    try:
        model.validate(table.frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
    else:
        return []
    problems: list[Problem] = []
    frame = table.frame
    for case in cases.itertuples(index=False):
        idx = case.index
        if idx is None or (isinstance(idx, float) and np.isnan(idx)):
            problems.append(
                Problem(table.file, 1, str(case.column or ""), str(case.check))
            )
            continue
        idx = int(idx)
        check = str(case.check)
        if case.schema_context == "DataFrameSchema":
            column = schema.RULE_COLUMNS.get(check, str(case.column))
        else:
            column = str(case.column)
        value = frame.at[idx, column] if column in frame.columns else None
        message = {
            "not_nullable": "required value is missing",
            "field_uniqueness": "duplicate id",
        }.get(check, check)
        problems.append(
            Problem(
                table.file,
                int(table.lines[idx]),
                column,
                message,
                None if value is None or pd.isna(value) else str(value),
            )
        )
    return problems


def _link_problems(events: RawTable, quotes: RawTable | None) -> list[Problem]:
    """Cross-row rules: links point at existing rows and never back in time."""
    problems: list[Problem] = []
    ev = events.frame
    ids = ev["id"]
    dates = pd.to_datetime(ev["date"], format="%Y-%m-%d", errors="coerce")
    date_of = pd.Series(dates.to_numpy(), index=ids.to_numpy())
    date_of = date_of[~date_of.index.duplicated()]
    # A row dated to a week or a month may have happened on any day of it, so it is
    # "before" its target only if even the last day of its span is.
    precision = (
        ev["date_precision"]
        if "date_precision" in ev
        else pd.Series("day", index=ev.index)
    )
    latest = dates.where(precision.ne("week"), dates + pd.Timedelta(days=6))
    latest = latest.where(precision.ne("month"), dates + pd.offsets.MonthEnd(0))
    for column, verb in (("reverses", "undoes"), ("responds_to", "answers")):
        refs = ev[column]
        has = refs.notna().to_numpy()
        if not has.any():
            continue
        self_ref = has & refs.eq(ids).fillna(False).to_numpy()
        missing = has & ~self_ref & ~refs.isin(ids.dropna()).to_numpy()
        target = pd.Series(refs.map(date_of).to_numpy(), index=ev.index)
        earlier = (
            has & ~self_ref & ~missing & (latest < target).fillna(False).to_numpy()
        )
        for i in np.flatnonzero(self_ref):
            problems.append(
                Problem(
                    events.file,
                    int(events.lines[i]),
                    column,
                    "row points at itself",
                    refs.iat[i],
                )
            )
        for i in np.flatnonzero(missing):
            problems.append(
                Problem(
                    events.file,
                    int(events.lines[i]),
                    column,
                    "no event has this id",
                    refs.iat[i],
                )
            )
        for i in np.flatnonzero(earlier):
            ref = refs.iat[i]
            problems.append(
                Problem(
                    events.file,
                    int(events.lines[i]),
                    column,
                    f"dated before the act it {verb} ({ref} is "
                    f"{date_of[ref].date().isoformat()})",
                    ev["date"].iat[i],
                )
            )
    problems += _cycle_problems(events)
    if quotes is not None:
        problems += _quote_link_problems(quotes, set(ids.dropna()))
    return problems


def _cycle_problems(events: RawTable) -> list[Problem]:
    """Links that come back to their row (A reverses B, B reverses A): each row of the
    loop is reported, with the loop spelled out."""
    problems: list[Problem] = []
    ev = events.frame
    for column in ("reverses", "responds_to"):
        link = {
            a: b
            for a, b in zip(ev["id"], ev[column], strict=True)
            if pd.notna(a) and pd.notna(b) and a != b
        }
        for i, start in enumerate(ev["id"]):
            if start not in link:
                continue
            path, node = [start], link[start]
            while node in link and node not in path and len(path) <= len(link):
                path.append(node)
                node = link[node]
            if node == start:
                loop = " -> ".join([*path, start])
                problems.append(
                    Problem(
                        events.file,
                        int(events.lines[i]),
                        column,
                        f"links form a loop ({loop}); one of them is wrong",
                        link[start],
                    )
                )
    return problems


def _quote_link_problems(quotes: RawTable, known: set[str]) -> list[Problem]:
    refs = quotes.frame["event_id"]
    bad = refs.notna().to_numpy() & ~refs.isin(list(known)).to_numpy()
    return [
        Problem(
            quotes.file,
            int(quotes.lines[i]),
            "event_id",
            "no event has this id",
            refs.iat[i],
        )
        for i in np.flatnonzero(bad)
    ]


#: The columns whose values are matched, grouped or joined, per table: each value must
#: show what it is (no invisible, bidirectional-control or look-alike character).
MATCHED_COLUMNS: dict[str, tuple[str, ...]] = {
    "events": (
        "id",
        "date_precision",
        "actor",
        "actor_detail",
        "recipient",
        "tone",
        "pressure_on",
        "effect",
        "mode",
        "kind",
        "source_url",
        "source_outlet",
        "source_quality",
        "reverses",
        "responds_to",
        "alt_source_url",
    ),
    "quotes": (
        "id",
        "speaker",
        "speaker_side",
        "event_id",
        "source_url",
        "source_outlet",
    ),
    "claims": ("id", "check"),
}
#: Columns holding ids: ASCII only.
ID_COLUMNS = frozenset({"id", "reverses", "responds_to", "event_id"})


def character_problems(
    frame: pd.DataFrame,
    lines: Sequence[int] | np.ndarray,
    file: str,
    columns: Iterable[str],
) -> list[Problem]:
    """Each value of `columns` holding a character that moves results silently
    (`seesaw.data.chars`), named and located; blank cells are left to the blank rule."""
    from seesaw.data import chars

    out: list[Problem] = []
    for column in columns:
        if column not in frame.columns:
            continue
        values = frame[column]
        suspect = values.notna() & values.astype("string").str.contains(
            r"[^\x20-\x7e]", regex=True
        ).fillna(False)
        for i in map(int, np.flatnonzero(suspect.to_numpy())):
            value = str(values.iat[i])
            if not value.strip():
                continue
            message = chars.problem(value, ascii_only=column in ID_COLUMNS)
            if message is not None:
                out.append(Problem(file, int(lines[i]), column, message, value))
    return out


def _is_cause(p: Problem) -> bool:
    """A problem that explains every other one about its cell: a named character, or an
    id too long to be one (it is "no such id" too, for that reason)."""
    return p.message.startswith(("U+", "id longer than"))


def _one_per_cell(problems: list[Problem], named: list[Problem]) -> list[Problem]:
    """`problems` less those about a cell whose characters are already refused: the
    character is the cause, and "unknown value" or "no such id" would only repeat it."""
    cells = {(p.file, p.line, p.column) for p in named}
    return [p for p in problems if (p.file, p.line, p.column) not in cells] + named


def _claim_param_problems(claims: RawTable) -> list[Problem]:
    """Each claim's params checked against what its check takes (seesaw.claimparams)."""
    import json

    from seesaw.data import claimparams, schema

    out: list[Problem] = []
    frame = claims.frame
    for i, (check, text) in enumerate(
        zip(frame["check"], frame["params"], strict=True)
    ):
        if pd.isna(check) or pd.isna(text):
            continue
        if schema.json_depth(str(text)) > schema.PARAMS_MAX_DEPTH:
            continue  # reported by the schema
        try:
            params = json.loads(str(text))
        except ValueError:
            continue  # reported by the schema
        if not isinstance(params, dict):
            continue
        for message in claimparams.problems(str(check), params):
            out.append(Problem(claims.file, int(claims.lines[i]), "params", message))
    return out


def _categorical(s: pd.Series, values: Iterable[str]) -> pd.Series:
    return pd.Categorical(s.astype(object), categories=list(values), ordered=True)  # type: ignore[return-value]


def _typed_events(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["date"] = pd.to_datetime(out["date"], format="%Y-%m-%d")
    out["source_date"] = pd.to_datetime(out["source_date"], format="%Y-%m-%d")
    for col, values in (
        ("date_precision", vocab.DATE_PRECISIONS),
        ("track", vocab.EVENT_TRACKS),
        ("actor", vocab.ACTORS),
        ("recipient", vocab.ACTORS),
        ("tone", vocab.TONES),
        ("pressure_on", vocab.PRESSURE_TARGETS),
        ("effect", vocab.EFFECTS),
        ("mode", vocab.MODES),
        ("kind", vocab.KINDS),
    ):
        out[col] = _categorical(out[col], values)
    for col in ("state_media", "in_seed"):
        out[col] = out[col].eq("true").astype(bool)
    return out


def _typed_quotes(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["date"] = pd.to_datetime(out["date"], format="%Y-%m-%d")
    out["source_date"] = pd.to_datetime(out["source_date"], format="%Y-%m-%d")
    out["speaker_side"] = _categorical(out["speaker_side"], vocab.ACTORS)
    for col in ("state_media", "in_seed", "translated"):
        out[col] = out[col].eq("true").astype(bool)
    return out


def _today(today: dt.date | None) -> dt.date:
    return today or dt.datetime.now(dt.UTC).date()


@dataclass(frozen=True)
class Dataset:
    """The validated, typed tables."""

    events: pd.DataFrame
    quotes: pd.DataFrame
    claims: pd.DataFrame


def _read_checked(
    path: Path, kind: str, today: dt.date, label: str | None
) -> tuple[RawTable | None, list[Problem]]:
    columns = {
        "events": vocab.EVENT_COLUMNS,
        "quotes": vocab.QUOTE_COLUMNS,
        "claims": vocab.CLAIM_COLUMNS,
    }[kind]
    try:
        table, problems = read_table(path, columns, label)
    except DataError as err:
        return None, err.problems
    if table is not None:
        from seesaw.data import schema  # pandera: only when a file is checked

        problems += _schema_problems(table, schema.SCHEMAS[kind](today))
        named = character_problems(
            table.frame, table.lines, table.file, MATCHED_COLUMNS[kind]
        )
        problems = _one_per_cell(problems, named)
    return table, problems


#: The files `load_dataset` reads, in order (claims.csv may be absent).
DATASET_FILES = ("events.csv", "quotes.csv", "claims.csv")


def load_dataset(data_dir: Path | str, today: dt.date | None = None) -> Dataset:
    """Load and validate `events.csv`, `quotes.csv` (and `claims.csv` if present) from
    `data_dir`; raise one DataError listing every problem.

    A load that passes is kept in the computation cache (`seesaw.data.memo`) by the
    text of the three files, the day (dates may not lie in the future) and the code:
    the runner's checks validate the data once and every notebook of the run reads the
    typed tables back in milliseconds, without importing the validator. Anything that
    fails is checked again in full, so every problem is always reported."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataError(
            [Problem(str(data_dir), 0, "", "data directory does not exist")]
        )
    day = _today(today)
    digest = dataset_digest(data_dir)
    if digest is None or memo.folder() is None:
        return _load_dataset(data_dir, day)
    try:
        return _checked_dataset(digest, day, data_dir)
    except _ChangedWhileReadError:
        return _load_dataset(data_dir, day)


def dataset_digest(data_dir: Path) -> str | None:
    """A SHA-256 of the text `load_dataset` reads (each file as `read_text` returns it:
    the same guards, the same decoding); None when a file is refused or unreadable."""
    import hashlib

    digest = hashlib.sha256()
    for name in DATASET_FILES:
        path = data_dir / name
        if name == "claims.csv" and not path.exists():
            digest.update(b"absent\0")
            continue
        try:
            text = read_text(path)
        except (DataError, OSError):
            return None
        digest.update(f"{name}:{len(text)}:".encode() + text.encode("utf-8"))
    return digest.hexdigest()


class _ChangedWhileReadError(Exception):
    """A file changed between its digest and its load: nothing is kept."""


@memo.cached(ignore=("data_dir",))
def _checked_dataset(digest: str, day: dt.date, data_dir: Path) -> Dataset:
    """The load of `data_dir`, kept by the digest of its text (`data_dir` only says
    where to read it, and is not in the key)."""
    data = _load_dataset(data_dir, day)
    if dataset_digest(data_dir) != digest:
        raise _ChangedWhileReadError()
    return data


def _load_dataset(data_dir: Path, day: dt.date) -> Dataset:
    events, problems = _read_checked(data_dir / "events.csv", "events", day, None)
    quotes, more = _read_checked(data_dir / "quotes.csv", "quotes", day, None)
    problems += more
    claims_frame = pd.DataFrame(columns=list(vocab.CLAIM_COLUMNS), dtype="string")
    if (data_dir / "claims.csv").exists():
        claims, more = _read_checked(data_dir / "claims.csv", "claims", day, None)
        problems += more
        if claims is not None:
            problems += _claim_param_problems(claims)
            claims_frame = claims.frame
    if events is not None:
        problems += _link_problems(events, quotes)
    problems = _one_per_cell(problems, [p for p in problems if _is_cause(p)])
    if problems or events is None or quotes is None:
        raise DataError(problems)
    return Dataset(
        _typed_events(events.frame), _typed_quotes(quotes.frame), claims_frame
    )


def load_events(path: Path | str, today: dt.date | None = None) -> pd.DataFrame:
    """Load and validate one events CSV (links checked within the file)."""
    table, problems = _read_checked(Path(path), "events", _today(today), None)
    if table is not None:
        problems += _link_problems(table, None)
    problems = _one_per_cell(problems, [p for p in problems if _is_cause(p)])
    if problems or table is None:
        raise DataError(problems)
    return _typed_events(table.frame)


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
    frame = table.frame
    for (ident, label), line in zip(
        frame[list(EPISODE_COLUMNS)].itertuples(index=False), table.lines
    ):
        ident = "" if pd.isna(ident) else str(ident)
        label = "" if pd.isna(label) else str(label)
        if ident not in known:
            problems.append(
                Problem(table.file, int(line), "id", "no event with this id", ident)
            )
        elif ident in seen:
            problems.append(
                Problem(table.file, int(line), "id", "episode listed twice", ident)
            )
        seen.add(ident)
        if not label.strip():
            problems.append(Problem(table.file, int(line), "label", "empty label"))
        elif len(label) > EPISODE_LABEL_MAX:
            problems.append(
                Problem(
                    table.file,
                    int(line),
                    "label",
                    f"longer than {EPISODE_LABEL_MAX} characters",
                    label,
                )
            )
    low, high = EPISODE_COUNT
    if not problems and not low <= len(frame) <= high:
        problems.append(
            Problem(
                table.file,
                0,
                "",
                f"holds {len(frame)} episodes; the README's table wants {low} to {high}",
            )
        )
    if problems:
        raise DataError(problems)
    return frame[list(EPISODE_COLUMNS)].astype(str).reset_index(drop=True)
