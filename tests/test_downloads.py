"""The charts' "download the rows as CSV" keeps numbers numbers (issue 28, item 5)."""

from __future__ import annotations

import csv
import io
import re
import urllib.parse
from pathlib import Path

import pandas as pd
import pytest

from seesaw import paths
from seesaw.publish import export

#: Every chart page committed under figures/ (each embeds its rows as a CSV download).
FIGURE_PAGES = sorted((paths.ROOT / "figures").glob("*.html"))
HREF = re.compile(r'href="data:text/csv;charset=utf-8,([^"]*)"')
NUMBER = re.compile(export.PLAIN_NUMBER)


def downloads(page: Path) -> list[list[dict[str, str]]]:
    """The rows of each CSV download a page offers, read as a spreadsheet would."""
    out = []
    for quoted in HREF.findall(page.read_text(encoding="utf-8")):
        text = urllib.parse.unquote(quoted.replace("&amp;", "&"))
        out.append(list(csv.DictReader(io.StringIO(text, newline=""))))
    return out


def test_figures_are_found() -> None:
    assert len(FIGURE_PAGES) >= 10
    assert all(downloads(p) for p in FIGURE_PAGES)


@pytest.mark.parametrize("page", FIGURE_PAGES, ids=lambda p: p.name)
def test_numeric_columns_of_each_download_parse_as_numbers(page: Path) -> None:
    for rows in downloads(page):
        for column in rows[0] if rows else {}:
            cells = [r[column] for r in rows if r[column] != ""]
            # A column is numeric when each cell is a number once a quote mark a
            # neutraliser may have put in front is taken off.
            if not cells or not all(NUMBER.fullmatch(c.lstrip("'")) for c in cells):
                continue
            parsed = pd.to_numeric(pd.Series(cells), errors="coerce")
            bad = [c for c, v in zip(cells, parsed, strict=True) if pd.isna(v)]
            assert not bad, f"{page.name}: column {column!r} has text {bad[:3]}"


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("-16", "-16"),
        ("+0.5", "+0.5"),
        ("-1.2e-05", "-1.2e-05"),
        (".5", ".5"),
        ("-1+1", "'-1+1"),
        ("=1", "'=1"),
        ("-16 days", "'-16 days"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t-1", "'\t-1"),
        ("plain", "plain"),
    ],
)
def test_only_text_read_as_a_formula_is_neutralised(cell: str, written: str) -> None:
    frame = pd.DataFrame({"v": [cell]}, dtype=object)
    assert export.neutralise_formulas(frame)["v"].tolist() == [written]
