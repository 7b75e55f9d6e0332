"""The characters that move results silently, and the one reader's normalisation."""

from __future__ import annotations

from pathlib import Path

import pytest

from seesaw.data import chars
from seesaw.data.rawfile import DataError, read_text


@pytest.mark.parametrize(
    ("value", "ascii_only", "expected"),
    [
        ("Zelenskyy", False, None),
        ("Kyiv Independent", False, None),
        ("Café Müller", False, None),  # accents are letters of the Latin script
        ("ТАСС", False, None),  # a name all in Cyrillic is not a look-alike
        ("Ζ News", False, None),  # a Greek word beside a Latin one: two words
        (
            "Z\u0435lenskyy",
            False,
            "U+0435 CYRILLIC SMALL LETTER IE at character 2 is a look-alike among "
            "Latin letters; type the Latin letter",
        ),
        (
            "Trump\u200b",
            False,
            "U+200B ZERO WIDTH SPACE at character 6 is invisible; delete it or type "
            "a plain character",
        ),
        (
            "Reu\u00adters",
            False,
            "U+00AD SOFT HYPHEN at character 4 is invisible; delete it or type a "
            "plain character",
        ),
        (
            "\u2067us",
            False,
            "U+2067 RIGHT-TO-LEFT ISOLATE at character 1 is a bidirectional control, "
            "which reorders what is shown; delete it",
        ),
        (
            "Caf\u00e9",
            True,
            "U+00E9 LATIN SMALL LETTER E WITH ACUTE at character 4 is outside ASCII "
            "(a look-alike letter or digit?); ids are ASCII",
        ),
    ],
)
def test_characters_are_named_and_located(
    value: str, ascii_only: bool, expected: str | None
) -> None:
    assert chars.problem(value, ascii_only=ascii_only) == expected


def test_the_reader_drops_the_bom_and_normalises_line_ends_and_nfc(
    tmp_path: Path,
) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"\xef\xbb\xbfa,b\r\n1,Cafe\xcc\x81\r\n")  # e + combining acute
    assert read_text(path) == "a,b\n1,Caf\u00e9\n"


def test_a_symlink_inside_the_folder_is_read(tmp_path: Path) -> None:
    (tmp_path / "real.csv").write_text("a\n1\n")
    (tmp_path / "link.csv").symlink_to(tmp_path / "real.csv")
    assert read_text(tmp_path / "link.csv") == "a\n1\n"


def test_a_symlink_out_is_refused_unread(tmp_path: Path) -> None:
    (tmp_path / "secret").write_text("TOKEN=abc\n")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "t.csv").symlink_to(tmp_path / "secret")
    with pytest.raises(DataError) as caught:
        read_text(tmp_path / "data" / "t.csv", "t.csv")
    assert str(caught.value.problems[0]) == (
        f"t.csv: is a symbolic link to a file outside {tmp_path / 'data'}; it was not "
        "read. Copy the file into the folder instead"
    )
    assert "TOKEN" not in str(caught.value)


def test_a_dangling_symlink_is_not_found(tmp_path: Path) -> None:
    (tmp_path / "t.csv").symlink_to(tmp_path / "gone.csv")
    with pytest.raises(DataError, match=r"t\.csv: file not found"):
        read_text(tmp_path / "t.csv", "t.csv")
