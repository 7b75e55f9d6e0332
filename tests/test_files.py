"""Whole-file writes: atomic, and a marked block replaced in place."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from seesaw import files
from seesaw.errors import SeesawError


def test_atomic_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    files.atomic_write(tmp_path / "a.txt", "hello")
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "hello"


def test_atomic_write_replaces_bytes_and_makes_the_folder(tmp_path: Path) -> None:
    path = tmp_path / "new" / "b.bin"
    files.atomic_write(path, b"one")
    files.atomic_write(path, b"\x00two")
    assert path.read_bytes() == b"\x00two"
    assert [p.name for p in path.parent.iterdir()] == ["b.bin"]


def test_replace_block_swaps_only_the_marked_part() -> None:
    text = "head\n<!-- b -->\nold\n<!-- e -->\ntail\n"
    new = files.replace_block(
        text, "<!-- b -->", "<!-- e -->", "<!-- b -->new<!-- e -->", "X"
    )
    assert new == "head\n<!-- b -->new<!-- e -->\ntail\n"


def test_replace_block_names_the_file_without_markers() -> None:
    assert issubclass(files.MarkerError, SeesawError)
    with pytest.raises(
        ValueError, match=r"README.md lacks the markers '<b>' \.\.\. '<e>'"
    ):
        files.replace_block("no markers", "<b>", "<e>", "", "README.md")


def test_keep_recent_keeps_the_most_recently_used_files_and_folders(
    tmp_path: Path,
) -> None:
    """What the image cache, the notebook cache and the last-good findings are kept by."""
    for age, name in enumerate(["new.png", "mid", "old.png", "oldest"]):
        path = tmp_path / name
        if "." in name:
            path.write_bytes(b"x")
        else:
            path.mkdir()
            (path / "inside").write_bytes(b"x")
        os.utime(path, (1_000_000 - age * 100, 1_000_000 - age * 100))
    (tmp_path / ".tmp-new.png-123").write_bytes(b"x")  # another writer's, the oldest
    os.utime(tmp_path / ".tmp-new.png-123", (0, 0))
    files.keep_recent([*tmp_path.iterdir(), tmp_path / "gone.png"], 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".tmp-new.png-123",
        "mid",
        "new.png",
    ]
    files.keep_recent(tmp_path.iterdir(), 5)  # fewer than it keeps: nothing removed
    assert len(list(tmp_path.iterdir())) == 3
