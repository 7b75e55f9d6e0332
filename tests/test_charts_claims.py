"""The claims ledger's figures: the verdict grid and the evidence tables."""

from __future__ import annotations

from seesaw.analysis import claims
from tests.test_claims_checks import LEDGER, QUOTES, REJECTIONS


def test_verdict_grid_marks_unstable_claims_and_escapes_text() -> None:
    from seesaw.charts import charts_claims

    fig = charts_claims.fig_verdict_grid(LEDGER)
    assert fig.layout.meta["slug"] == "06_verdict_grid"
    crosses = [t for t in fig.data if t.marker.symbol == "x-thin"]
    assert len(crosses) == 1 and list(crosses[0].y) == ["C03 (fact)"]
    assert list(fig.layout.yaxis.categoryarray)[-2:] == [
        "C05 (argument)",
        "C01 (argument)",
    ]
    hover = [c[0] for t in fig.data if t.customdata is not None for c in t.customdata]
    assert "a &lt;b&gt;" in hover
    assert (
        "Facts: 1 of 3 supported. Argument: 0 of 2 supported" in fig.layout.title.text
    )


def test_evidence_rows_all_shown_escaped_and_folded_when_long() -> None:
    from seesaw.charts import charts_claims

    events = REJECTIONS.copy()
    events["source_outlet"] = "Outlet"
    events.loc[0, "summary"] = "Zelensky <script>alert(1)</script> rejects"
    quotes = QUOTES.copy()
    table = claims.evidence_table(["E5002", "Q0001", "E5001", "E9999"], events, quotes)
    assert table["id"].tolist() == ["E5002", "Q0001", "E5001"]
    assert table.loc[1, "kind"] == "quote" and table.loc[1, "who"] == "Trump"
    short = charts_claims.evidence_html(table)
    assert "<details>" not in short and "<script>" not in short
    assert "&lt;script&gt;" in short and short.count("<tr>") == 4
    folded = charts_claims.evidence_html(table, collapse_over=2)
    assert folded.startswith("<details><summary>All 3 evidence rows</summary>")
    assert folded.count("<tr>") == 4
