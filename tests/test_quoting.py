"""Quotes reach readers in quotation marks only when a stored page prints the words."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from seesaw import paths
from seesaw.data import quoting
from seesaw.data.load import load_dataset
from seesaw.data.rawfile import DataError


def _quotes(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["event_id", "speaker", "quote", "verbatim"])


def test_a_verbatim_quote_is_in_quotation_marks() -> None:
    for where in ("cited_page", "other_page"):
        assert (
            quoting.as_read(" It's all talk. ", "Trump", where)
            == "“It's all talk.” (Trump)"
        )


def test_a_reworded_quote_is_reported_speech_without_quotation_marks() -> None:
    shown = quoting.as_read("the deadline is when this is over", "Trump", "reworded")
    assert shown == (
        "Trump, in reported speech (no stored page prints these exact words): "
        "the deadline is when this is over"
    )
    assert not set('“”"') & set(shown)


def test_quotes_by_event_formats_each_and_joins_an_events_quotes() -> None:
    quotes = _quotes(
        [
            ("E1", "Trump", "a < b", "cited_page"),
            ("E1", "Peskov", "we noted it", "reworded"),
            (None, "Lavrov", "unlinked", "cited_page"),
        ]
    )
    got = quoting.as_read_by_event(quotes, fmt_quote=str.upper, fmt_speaker=str.lower)
    assert got == {
        "E1": "“A < B” (trump)<br>peskov, in reported speech (no stored page prints "
        "these exact words): WE NOTED IT"
    }
    assert quoting.as_read_by_event(None) == {}


def test_quotes_without_the_verbatim_column_are_refused(good_dir: Path) -> None:
    """Refused where quotes are loaded: no quote reaches readers without it."""
    quotes = pd.read_csv(good_dir / "quotes.csv", dtype=str, keep_default_na=False)
    quotes.drop(columns="verbatim").to_csv(good_dir / "quotes.csv", index=False)
    with pytest.raises(DataError) as err:
        load_dataset(good_dir)
    assert [str(p).rsplit("/", 1)[-1] for p in err.value.problems] == [
        "quotes.csv:1: column 'verbatim': column missing from the header"
    ]


def test_the_explorer_hover_shows_no_reworded_quote_in_quotation_marks() -> None:
    """The explorer's hover is the charts' own (`charts_timeline.hover_text`)."""
    from seesaw.charts import theme
    from seesaw.charts.charts_timeline import hover_text

    data = load_dataset(paths.DATA)
    events, quotes = data.events, data.quotes
    reworded = quotes[quotes["verbatim"].eq("reworded") & quotes["event_id"].notna()]
    assert len(reworded) > 0
    hover = dict(zip(events["id"], hover_text(events, quotes), strict=True))
    for q in reworded.itertuples(index=False):
        text = hover[q.event_id]
        assert "in reported speech" in text
        assert "“" + theme.wrap(theme.escape(q.quote.strip())) not in text


def test_chart_hover_and_claims_evidence_show_a_reworded_quote_without_quotation_marks() -> (
    None
):
    from seesaw.charts.charts_timeline import _quotes_by_event

    quotes = pd.DataFrame(
        {
            "event_id": ["E0001", "E0002"],
            "quote": ["we <b>will</b> act", "deal is close"],
            "speaker": ["Trump", "Rubio"],
            "verbatim": ["cited_page", "reworded"],
        }
    )
    out = _quotes_by_event(quotes)
    assert out["E0001"].startswith("“we &lt;b&gt;will&lt;/b&gt; act”")
    assert "“" not in out["E0002"] and "reported speech" in out["E0002"]
