"""What changed between two runs: computed from snapshots of the data, said in short lines."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

from seesaw.text import changes
from tests.conftest import GOOD


def _snap() -> dict[str, Any]:
    return {
        "format": changes.FORMAT,
        "fingerprint": "x",
        "figures": {"acts_on_kyiv": 55, "phases": 7},
        "verdicts": {
            "alternation verdict": "no_pattern",
            "overtures verdict": "no_pattern",
        },
        "claims": {"C19": "not supported", "C01": "supported"},
        "rows": {
            "events": {
                f"E{i:04d}": {"id": f"h{i}", "date": "d"} for i in range(1, 366)
            },
            "quotes": {"Q0001": {"id": "q", "words": "w"}},
            "claims": {},
        },
    }


def test_nothing_changed() -> None:
    change = changes.diff(_snap(), _snap())
    assert change["findings"] == [] and change["claims"] == []
    assert changes.lines(change) == [
        "the data's findings are unchanged since the last good run (its figures, verdicts and claims at the default settings, whatever -p a run is given)"
    ]


def test_the_first_run_is_the_baseline() -> None:
    change = changes.diff(None, _snap())
    assert change["first_run"]
    assert "baseline" in changes.lines(change)[0]


def test_verdicts_figures_claims_and_rows_are_named() -> None:
    old, new = _snap(), _snap()
    new["verdicts"]["alternation verdict"] = "spells"
    new["figures"]["acts_on_kyiv"] = 56
    new["claims"]["C19"] = "supported"
    for i in range(366, 372):
        new["rows"]["events"][f"E{i:04d}"] = {"id": "n", "date": "d"}
    new["rows"]["events"]["E0012"] = {"id": "h12", "date": "other"}
    del new["rows"]["quotes"]["Q0001"]
    change = changes.diff(old, new)
    said = changes.lines(change)
    assert said[0] == "alternation verdict: no_pattern -> spells"
    assert "acts_on_kyiv: 55 -> 56" in said
    assert "claim C19: not supported -> supported" in said
    assert "events 365 -> 371 (+6: E0366-E0371)" in said
    assert "events E0012 changed: date" in said
    assert "quotes 1 -> 0 (-1: Q0001)" in said
    assert change["data"]["events"]["changed"] == {"E0012": ["date"]}
    assert change["data"]["quotes"]["removed"] == ["Q0001"]


def test_id_ranges() -> None:
    assert (
        changes.id_ranges(["E0003", "E0001", "E0002", "E0010"]) == "E0001-E0003, E0010"
    )
    assert changes.id_ranges(["C05a", "C05b", "C06"]) == "C05a, C05b, C06"


def test_row_hashes_name_the_changed_column(tmp_path: Path) -> None:
    shutil.copy(GOOD / "events.csv", tmp_path / "events.csv")
    before = changes.row_hashes(tmp_path / "events.csv")
    text = (tmp_path / "events.csv").read_text()
    (tmp_path / "events.csv").write_text(
        text.replace("2025-03-07,day", "2025-03-08,day")
    )
    after = changes.row_hashes(tmp_path / "events.csv")
    moved = [
        (rid, col)
        for rid in before
        for col in before[rid]
        if before[rid][col] != after[rid][col]
    ]
    assert moved == [("E0002", "date")]
    assert changes.row_hashes(tmp_path / "missing.csv") == {}


def test_the_page_escapes_data_text() -> None:
    old, new = _snap(), copy.deepcopy(_snap())
    new["claims"]["<script>alert(1)</script>"] = "supported"
    html = changes.page(changes.diff(old, new), "Generated <now>")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Generated &lt;now&gt;" in html


def test_the_figures_are_labelled_with_the_days_they_count() -> None:
    """The headline figures here count the whole span (not `seesaw stats`'s window): each
    figure line names its days, both runs' when they differ; a verdict line names none;
    snapshots that record no span give the bare lines."""
    old, new = _snap(), _snap()
    new["figures"]["acts_on_kyiv"] = 56
    new["verdicts"]["alternation verdict"] = "spells"
    old["figures_span"] = new["figures_span"] = "2025-01-20..2026-03-19"
    said = changes.lines(changes.diff(old, new))
    assert "acts_on_kyiv (2025-01-20..2026-03-19): 55 -> 56" in said
    assert "alternation verdict: no_pattern -> spells" in said
    new["figures_span"] = "2025-01-20..2026-04-02"
    said = changes.lines(changes.diff(old, new))
    assert (
        "acts_on_kyiv (2025-01-20..2026-03-19 -> 2025-01-20..2026-04-02): 55 -> 56"
        in said
    )
    del old["figures_span"], new["figures_span"]
    assert "acts_on_kyiv: 55 -> 56" in changes.lines(changes.diff(old, new))


def test_the_snapshot_records_the_span_its_headline_counts() -> None:
    from seesaw.analysis.headline import headline
    from seesaw.analysis.masks import select_events
    from seesaw.data.load import load_dataset
    from seesaw.data.vocab import ANALYSIS_START

    snap = changes.snapshot(GOOD)
    events = load_dataset(GOOD).events
    assert snap["figures_span"] == f"{ANALYSIS_START}..{events['date'].max():%Y-%m-%d}"
    counted = headline(select_events(events, ANALYSIS_START)).as_dict()
    assert snap["figures"]["acts_on_kyiv"] == counted["acts_on_kyiv"]
