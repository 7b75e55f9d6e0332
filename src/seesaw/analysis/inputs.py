"""Everything a run reads, validated before anything runs (`seesaw validate` and each run):
the tables and claims.csv, the reliability folder and families.csv, when there."""

from __future__ import annotations

import stat
from pathlib import Path

from seesaw.analysis import reliability, round2
from seesaw.data import families
from seesaw.data.load import Dataset, load_dataset
from seesaw.data.rawfile import DataError, Problem


def _problem(where: object, message: str) -> Problem:
    return Problem(str(where), 0, "", message)


def _reliability_problems(data_dir: Path, known: set[str]) -> list[Problem]:
    folder = data_dir / reliability.FOLDER
    try:
        info = folder.lstat()
    except FileNotFoundError:
        return []  # no second coding: notebook 01 says so in words
    if stat.S_ISLNK(info.st_mode):
        try:
            folder.resolve().relative_to(data_dir.resolve())
        except (ValueError, OSError, RuntimeError):
            outside = (
                f"is a symbolic link to a folder outside {data_dir}; it was not read. "
                "Copy the reliability files into the data folder instead"
            )
            return [_problem(folder, outside)]
        info = folder.stat()
    if not stat.S_ISDIR(info.st_mode):
        a_file = (
            "is a file, not a folder; the reliability files "
            f"({reliability.SECOND_CODING}, {reliability.ADJUDICATION}) go in a "
            "folder of that name. Move the file away, or make the folder"
        )
        return [_problem(folder, a_file)]
    readers = {
        folder / reliability.SECOND_CODING: reliability.read_second_coding,
        folder / reliability.ADJUDICATION: reliability.read_adjudication,
    }
    there = [path for path in readers if path.exists() or path.is_symlink()]
    second, adjudication = readers
    out: list[Problem] = []
    if second in there and adjudication not in there:
        required = (
            f"file not found; it is required beside {second.name} "
            "(the disagreements of the two codings and how each was settled)"
        )
        out.append(_problem(adjudication, required))
    for path in there:
        try:
            readers[path](path, known)
        except reliability.ReliabilityError as err:
            out += [_problem(folder, line) for line in str(err).splitlines()]
    # round two and its Gaza stratum, read when notebook 01 reads them (a first coder's
    # file there) and as it reads them (`study.summary` reads both)
    if (data_dir / round2.FOLDER / "coder_a.csv").exists():
        for load, sub in (
            (round2.load_round2, round2.FOLDER),
            (round2.load_gaza, round2.GAZA_FOLDER),
        ):
            try:
                load(data_dir)
            except reliability.ReliabilityError as err:
                lines = str(err).splitlines()
                out += [_problem(data_dir / sub, line) for line in lines]
    return out


def _family_problems(data_dir: Path, data: Dataset) -> list[Problem]:
    path = data_dir / families.FILE
    if not path.is_file():
        return []
    try:
        members = families.read_families(path)
    except families.FamilyError as err:
        return [_problem(path, str(err))]
    return [
        Problem(str(path), line, column, message)
        for line, column, message in families.problems(data.events, members)
    ]


def validate_inputs(data_dir: Path | str) -> Dataset:
    """The validated data of `data_dir`, or one DataError listing every problem."""
    if not str(data_dir).strip():
        empty = (
            "is empty; name the folder holding events.csv, quotes.csv and claims.csv "
            "(or leave the parameter out for data/)"
        )
        raise DataError([_problem("data_dir", empty)])
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    claims = data_dir / "claims.csv"
    if data_dir.is_dir() and not claims.exists() and not claims.is_symlink():
        missing = (
            "file not found; a run reads it (notebook 06 checks the article's claims "
            "against the data): put the claims file back"
        )
        problems.append(_problem(claims, missing))
    try:
        data = load_dataset(data_dir)
    except DataError as err:
        raise DataError([*problems, *err.problems]) from None
    problems += _reliability_problems(data_dir, set(data.events["id"]))
    problems += _family_problems(data_dir, data)
    if problems:
        raise DataError(problems)
    return data
