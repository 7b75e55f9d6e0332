"""Read one hand-edited CSV strictly as text: size, encoding, quoting and ragged rows,
every problem located (file, line, column, value) as a `Problem`, all of them raised
together as one `DataError` so a maintainer fixes a file in one pass.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import stat
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from seesaw.data.chars import INVISIBLE
from seesaw.errors import SeesawError

BOM = b"\xef\xbb\xbf"


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
    """`text` with backslashes, newlines, invisible characters and spaces other than the
    plain one written as escapes (a zero-width space shows as \\u200b)."""
    out = []
    for ch in text.replace("\\", "\\\\"):
        if ch in "\n\t":
            ch = "\\n" if ch == "\n" else "\\t"
        elif ch != " " and unicodedata.category(ch) in {*INVISIBLE, "Zs"}:
            ch = f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}"
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


def _refusal(
    file: str, message: str, line: int = 0, column: str = "", value: str | None = None
) -> DataError:
    """The error for a file refused whole, for the one problem found."""
    return DataError([Problem(file, line, column, message, value)])


@dataclass(frozen=True)
class RawTable:
    """A CSV read as text: string columns (empty cells as NA), each row's line number
    and the header as written."""

    frame: pd.DataFrame
    lines: np.ndarray
    file: str
    header: tuple[str, ...] = ()


def _decode(raw: bytes, file: str, columns: Sequence[str]) -> str:
    raw = raw.removeprefix(BOM)
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
        with contextlib.suppress(csv.Error, StopIteration):
            fields = next(csv.reader([text]))
            hits = [i for i, f in enumerate(fields) if "\ufffd" in f]
            if hits and hits[0] < len(columns):
                column, value = columns[hits[0]], fields[hits[0]]
        byte = raw[err.start : err.start + 1].hex().upper()
        message = f"not UTF-8 (byte 0x{byte}); re-save the file as UTF-8"
        raise _refusal(file, message, line, column, value) from None


def _size(n: int) -> str:
    return f"{n / 2**20:,.1f} MB" if n >= 2**20 else f"{n:,} bytes"


@contextlib.contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    """The csv module's limit on one field, for the block."""
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _longest_field(text: str, line: int, header: list[str] | None) -> tuple[str, int]:
    """The column and length of the longest field on one line (read without a limit)."""
    row = text.splitlines()[line - 1]
    try:
        with _field_limit(len(row) + 1):
            fields = next(csv.reader([row]))
    except (csv.Error, StopIteration):
        return "", len(row)
    i = max(range(len(fields)), key=lambda k: len(fields[k]))
    name = header[i] if header and i < len(header) else ""
    return name.strip(), len(fields[i])


#: What a path that is not a regular file is, by `stat.filemode`'s first letter.
_NOT_FILES = {
    "d": "a folder",
    "p": "a FIFO (named pipe)",
    "c": "a character device",
    "b": "a block device",
    "s": "a socket",
}

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
        mb = float("nan")
    if not 0 < mb < 2**40:
        raise _refusal(MAX_FILE_ENV, f"{setting!r} is not a size in MB")
    return int(mb * 2**20)


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return False


def read_text(
    path: Path,
    label: str | None = None,
    columns: Sequence[str] = (),
    folder: Path | None = None,
) -> str:
    """The text of one CSV, read the one way every CSV of the project is read.

    Refused without being opened: anything but a regular file, a symbolic link leading
    out of `folder` (default: the file's own), a file over `max_file_bytes()`. A UTF-8
    BOM is dropped, non-UTF-8 bytes are refused with their line and column, line ends
    become "\\n" and the text is normalised to Unicode NFC."""
    file = label or str(path)
    folder = path.parent if folder is None else folder
    try:
        link = path.is_symlink()
        info = path.stat()
    except FileNotFoundError:
        raise _refusal(file, "file not found") from None
    except OSError as err:
        message = err.strerror or type(err).__name__
        raise _refusal(file, f"cannot be read ({message})") from None
    if link and not _inside(path, folder):
        raise _refusal(
            file,
            f"is a symbolic link to a file outside {folder}; it was not read. "
            "Copy the file into the folder instead",
        )
    if not stat.S_ISREG(info.st_mode):
        kind = _NOT_FILES.get(stat.filemode(info.st_mode)[0], "not a regular file")
        message = f"is {kind}, not a file; it was not opened. Put the CSV file there"
        raise _refusal(file, message)
    if info.st_size > (limit := max_file_bytes()):
        raise _refusal(
            file,
            f"file is {_size(info.st_size)}, over the {_size(limit)} a "
            "hand-curated table may have; is it the right file? (set "
            f"{MAX_FILE_ENV} to a size in MB to allow more)",
        )
    raw = path.read_bytes()
    if not raw.strip(BOM).strip():
        expected = f"; expected a header line: {','.join(columns)}" if columns else ""
        raise _refusal(file, f"file is empty{expected}")
    text = _decode(raw, file, columns).replace("\r\n", "\n")
    return unicodedata.normalize("NFC", text)


def read_table(
    path: Path,
    columns: Sequence[str],
    label: str | None = None,
    folder: Path | None = None,
    rows_required: bool = True,
) -> tuple[RawTable | None, list[Problem]]:
    """A CSV read strictly as text (`read_text`: `folder` bounds its symbolic links):
    the well-formed rows (None when the file cannot be read at all, or, with
    `rows_required`, has none) and the structural problems found, with the csv module's
    field limit at `FIELD_LIMIT` during the read."""
    file = label or str(path)
    text = read_text(path, label, columns, folder)
    fault = None
    with _field_limit(FIELD_LIMIT):
        try:  # at C speed when every record has a line of its own (the usual file)
            records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
            lines: Sequence[int] = range(1, len(records) + 1)
            one_per_line = len(records) == text.count("\n") + (not text.endswith("\n"))
        except csv.Error:
            one_per_line = False
        if not one_per_line:
            records, lines, fault = _numbered(text, file)
    if not records:  # the first record is malformed
        return None, [fault or Problem(file, 0, "", "no header line")]
    header, width = [h.strip() for h in records[0]], len(records[0])
    widths = np.fromiter(map(len, records), np.int64, len(records))
    widths[0] = 0  # the header: not a row
    kept = np.flatnonzero((widths == width) & (widths > 0))  # blank lines are skipped
    problems = [
        Problem(
            file,
            lines[i],
            "",
            f"row has {widths[i]} fields, the header has {width}",
            ",".join(records[i]),
        )
        for i in map(int, np.flatnonzero((widths != width) & (widths > 0)))
    ]
    if fault:
        # The rest of the file was not read: checking the rows before the fault (or
        # links to rows after it) would only add misleading problems.
        return None, [*problems, fault]
    if wrong := _header_problems(file, header, columns):
        return None, problems + wrong
    if not len(kept) and rows_required:
        return None, problems or [Problem(file, 0, "", "no data rows below the header")]
    rows = records[1:] if len(kept) == len(records) - 1 else [records[i] for i in kept]
    frame = pd.DataFrame(rows, columns=header, dtype="string")
    frame = frame.mask(frame.eq(""))
    for name in columns:
        if name not in frame.columns:  # an optional column left out: its default
            frame[name] = pd.Series(OPTIONAL_COLUMNS[name], frame.index, "string")
    table = RawTable(frame[list(columns)], np.asarray(lines)[kept], file, tuple(header))
    return table, problems


def _numbered(
    text: str, file: str
) -> tuple[list[list[str]], list[int], Problem | None]:
    """The records read one by one, each with the line it starts on, up to a malformed
    one, and the problem that stopped the read (None: the file was read to its end)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for row in reader:
            records.append(row)
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as err:
        column = ""
        if "field larger than field limit" in str(err) and reader.line_num <= start:
            # One line holding a field of 131,072+ characters: not a quoting fault.
            header = records[0] if records else None
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
        return records, lines, Problem(file, start, column, message)
    return records, lines, None


def _header_problems(
    file: str, header: list[str], columns: Sequence[str]
) -> list[Problem]:
    """A column missing (and not optional), unknown or twice in the header."""
    missing = [c for c in columns if c not in header and c not in OPTIONAL_COLUMNS]
    unknown = [h for h in header if h not in columns]
    twice = sorted({h for h in header if header.count(h) > 1})
    expected = f"unknown column; expected: {','.join(columns)}"
    return (
        [Problem(file, 1, c, "column missing from the header") for c in missing]
        + [Problem(file, 1, h, expected, h) for h in unknown]
        + [Problem(file, 1, c, "column appears twice in the header") for c in twice]
    )
