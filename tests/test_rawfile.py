"""Reading one CSV strictly as text: located problems, the size and field limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from seesaw.data import rawfile
from seesaw.data.load import load_dataset
from seesaw.data.rawfile import DataError, Problem


def test_problem_formats_value_safely() -> None:
    p = Problem("f.csv", 3, "quote", "too long", "it's\nhere")
    assert str(p) == "f.csv:3: column 'quote': too long (got 'it\\'s\\nhere')"


def test_a_file_over_the_size_limit_is_refused(
    good_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    size = (good_dir / "events.csv").stat().st_size
    (good_dir / "quotes.csv").write_text("id\n")  # small: refused for its header only
    monkeypatch.setattr(rawfile, "MAX_FILE_BYTES", 1000)
    with pytest.raises(DataError) as caught:
        load_dataset(good_dir)
    got = [str(p).replace(str(good_dir) + "/", "") for p in caught.value.problems]
    assert got[0] == (
        f"events.csv: file is {size:,} bytes, over the 1,000 bytes a hand-curated "
        "table may have; is it the right file? (set SEESAW_MAX_CSV_MB to a size in MB "
        "to allow more)"
    )
    assert rawfile._size(20 * 2**20) == "20.0 MB"


def test_the_size_limit_is_one_the_caller_can_raise(
    good_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The benchmark reads 100,000 events through the same reader: it raises the limit
    rather than going around it."""

    monkeypatch.setattr(rawfile, "MAX_FILE_BYTES", 1000)
    monkeypatch.setenv(rawfile.MAX_FILE_ENV, "1")
    assert rawfile.max_file_bytes() == 2**20
    assert len(load_dataset(good_dir).events) > 0
    for bad in ("lots", "0", "-3", "nan"):
        monkeypatch.setenv(rawfile.MAX_FILE_ENV, bad)
        with pytest.raises(DataError, match="is not a size in MB"):
            rawfile.max_file_bytes()


def test_the_field_limit_holds_whatever_another_library_set(tmp_path: Path) -> None:
    """frictionless raises the csv module's field limit for the whole process; the
    reader sets its own for each read and puts the old one back."""
    import csv

    from seesaw.data.rawfile import FIELD_LIMIT, read_table

    path = tmp_path / "t.csv"
    path.write_text('a,b\n1,"' + "x" * (FIELD_LIMIT + 10) + '"\n', encoding="utf-8")
    before = csv.field_size_limit(10 * FIELD_LIMIT)
    try:
        table, problems = read_table(path, ["a", "b"], "t.csv")
        assert table is None
        assert [p.column for p in problems] == ["b"]
        assert f"over the {FIELD_LIMIT:,} the reader takes" in problems[0].message
        assert csv.field_size_limit() == 10 * FIELD_LIMIT
    finally:
        csv.field_size_limit(before)


def test_a_table_keeps_its_header_and_may_be_read_without_rows(tmp_path: Path) -> None:
    from seesaw.data.rawfile import read_table

    path = tmp_path / "t.csv"
    path.write_text("b,a\n", encoding="utf-8")
    table, problems = read_table(path, ["a", "b"], "t.csv")
    assert table is None
    assert problems == [Problem("t.csv", 0, "", "no data rows below the header")]
    table, problems = read_table(path, ["a", "b"], "t.csv", rows_required=False)
    assert table is not None and not problems
    assert table.header == ("b", "a") and list(table.frame.columns) == ["a", "b"]
    assert table.frame.empty and not len(table.lines)


def test_a_link_may_lead_anywhere_inside_the_folder_it_is_read_from(
    tmp_path: Path,
) -> None:
    from seesaw.data.rawfile import read_table

    (tmp_path / "real.csv").write_text("a\n1\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "t.csv").symlink_to(tmp_path / "real.csv")
    with pytest.raises(DataError, match="symbolic link to a file outside"):
        read_table(tmp_path / "sub" / "t.csv", ["a"])
    table, _ = read_table(tmp_path / "sub" / "t.csv", ["a"], folder=tmp_path)
    assert table is not None and list(table.frame["a"]) == ["1"]
