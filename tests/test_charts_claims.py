"""The claims ledger's figures: the verdict grid and the evidence tables."""

from __future__ import annotations

from seesaw.analysis import claims
from tests.test_claims import LEDGER
from tests.test_fact_checks import QUOTES, REJECTIONS


def test_verdict_grid_marks_unstable_claims_and_escapes_text() -> None:
    from seesaw.charts import charts_claims

    fig = charts_claims.fig_verdict_grid(LEDGER)
    assert fig.layout.meta["slug"] == "06_verdict_grid"
    crosses = [t for t in fig.data if t.marker.symbol == "x-thin"]
    assert len(crosses) == 1 and list(crosses[0].y) == ["c (C03)"]
    # rows are labelled by the claim's short text (escaped) and id, argument on top
    assert list(fig.layout.yaxis.categoryarray)[-2:] == ["e (C05)", "a &lt;b&gt; (C01)"]
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


def test_verdict_grid_has_no_empty_column_and_distinct_colours() -> None:
    """Only verdicts some claim has get a column; no two verdicts share a colour, and
    none takes a near twin (the old two oranges differed by 82); the cross's legend says "unstable"
    in the one wording of `vocab.UNSTABLE_MEANS`."""
    from seesaw.charts import charts_claims
    from seesaw.data.vocab import UNSTABLE_MEANS

    fig = charts_claims.fig_verdict_grid(LEDGER)
    shown = list(fig.layout.xaxis.categoryarray)
    assert set(shown) == set(LEDGER["verdict"])
    colours = list(charts_claims.VERDICT_COLOURS.values())
    assert len(set(colours)) == len(colours)

    def rgb(h: str) -> tuple[int, ...]:
        return tuple(int(h[i : i + 2], 16) for i in (1, 3, 5))

    for i, a in enumerate(colours):
        for b in colours[i + 1 :]:
            assert sum(abs(x - y) for x, y in zip(rgb(a), rgb(b))) > 90, (a, b)
    cross = next(t for t in fig.data if t.marker.symbol == "x-thin")
    assert cross.name.startswith("unstable (1")
    note = " ".join(a.text for a in fig.layout.annotations)
    assert (
        "Unstable: the verdict " + UNSTABLE_MEANS.removeprefix("its verdict ") in note
    )
    assert UNSTABLE_MEANS.removeprefix("its verdict ") in fig.layout.meta["alt"]


def test_long_claims_are_cut_at_a_word() -> None:
    from seesaw.text.words import short_text

    text = "Washington has few levers over Moscow: it threatens more than it does."
    cut = short_text(text, 30)
    assert cut.endswith("...") and len(cut) <= 33 and text.startswith(cut[:-3])
    assert short_text("Short claim.") == "Short claim"
