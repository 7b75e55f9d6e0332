"""The data contract as pandera schemas: columns, categories, dates and row rules."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pandera.errors
import pytest

from seesaw.data import claim_vocab, schema, vocab

FIXTURES = Path(__file__).parent / "fixtures"

TODAY = dt.date(2026, 1, 1)
COLUMNS = {
    "events": vocab.EVENT_COLUMNS,
    "quotes": vocab.QUOTE_COLUMNS,
    "claims": claim_vocab.CLAIM_COLUMNS,
}


@pytest.mark.parametrize("kind", sorted(schema.SCHEMAS))
def test_each_schema_has_the_files_columns_each_described(kind: str) -> None:
    s = schema.SCHEMAS[kind](TODAY)
    assert list(s.columns) == list(COLUMNS[kind])
    for name, column in s.columns.items():
        assert column.description, f"{kind}.{name} has no description"
        assert "required" in column.metadata


def test_categories_allow_exactly_the_vocabulary() -> None:
    s = schema.events_schema(TODAY)
    for column, vocabulary in (
        ("actor", vocab.ACTORS),
        ("recipient", vocab.ACTORS),
        ("tone", vocab.TONES),
        ("pressure_on", vocab.PRESSURE_TARGETS),
        ("effect", vocab.EFFECTS),
        ("mode", vocab.MODES),
        ("kind", vocab.KINDS),
        ("date_precision", vocab.DATE_PRECISIONS),
    ):
        assert s.columns[column].metadata["allowed"] == dict(vocabulary)
    quotes = schema.quotes_schema(TODAY)
    assert quotes.columns["speaker_side"].metadata["allowed"] == dict(vocab.ACTORS)


def _dates(values: list[str], today: dt.date = TODAY) -> list[str]:
    """The failure messages the events date column gives these values."""
    column = schema.events_schema(today).columns["date"]
    frame = pd.DataFrame({"date": values})
    try:
        column.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as err:
        return sorted(set(err.failure_cases["check"].astype(str)))
    return []


def test_dates_must_be_written_real_and_not_in_the_future() -> None:
    assert _dates(["2025-03-01", "2026-01-01"]) == []
    assert _dates(["1 March 2025"]) == ["date must be written YYYY-MM-DD"]
    assert _dates(["2025-02-30"]) == ["no such calendar date"]
    assert _dates(["2026-01-02"]) == ["date is in the future (after 2026-01-01)"]
    # The limit is the day passed in, not the clock.
    assert _dates(["2026-01-02"], dt.date(2026, 1, 2)) == []


def test_the_schemas_are_cached_per_day() -> None:
    assert schema.events_schema(TODAY) is schema.events_schema(TODAY)
    assert schema.events_schema(TODAY) is not schema.events_schema(dt.date(2026, 1, 2))


def _rows(**changes: object) -> pd.DataFrame:
    row = {
        "date": "2025-03-03",
        "date_precision": "day",
        "pressure_on": "kyiv",
        "effect": "raise",
        "source_date": "2025-03-04",
    }
    row.update(changes)
    return pd.DataFrame([row])


@pytest.mark.parametrize(
    ("changes", "ok"),
    [
        ({}, True),
        ({"effect": None}, False),  # pressure without an effect
        ({"pressure_on": "none", "effect": None}, True),
        ({"pressure_on": "none"}, False),  # an effect without pressure
        ({"pressure_on": "somewhere", "effect": None}, True),  # reported elsewhere
    ],
)
def test_effect_rule(changes: dict[str, object], ok: bool) -> None:
    assert schema._effect_rule(_rows(**changes)).tolist() == [ok]


@pytest.mark.parametrize(
    ("track", "side", "ok"),
    [
        ("ukraine", "kyiv", True),
        ("ukraine", "moscow", True),
        ("ukraine", "none", True),
        ("gaza", "israel", True),
        ("gaza", "hamas", True),
        ("gaza", "none", True),
        # A side from the other track is refused, both ways.
        ("ukraine", "israel", False),
        ("ukraine", "hamas", False),
        ("gaza", "kyiv", False),
        ("gaza", "moscow", False),
        # Unknown or missing values are reported by their column's own check.
        ("syria", "kyiv", True),
        (None, "kyiv", True),
        ("gaza", "somewhere", True),
    ],
)
def test_track_side_rule(track: str | None, side: str, ok: bool) -> None:
    rows = _rows(track=track, pressure_on=side)
    assert schema._track_side_rule(rows).tolist() == [ok]


def test_every_side_belongs_to_exactly_one_track() -> None:
    sides = [s for pair in vocab.TRACK_SIDES.values() for s in pair]
    assert len(sides) == len(set(sides))
    assert set(sides) | {"none"} == set(vocab.PRESSURE_TARGETS)
    assert set(vocab.TRACK_SIDES) == set(vocab.EVENT_TRACKS)
    assert vocab.TRACK_SIDES["ukraine"] == vocab.SIDES


@pytest.mark.parametrize(
    ("changes", "ok"),
    [
        ({"date_precision": "week", "date": "2025-03-03"}, True),  # a Monday
        ({"date_precision": "week", "date": "2025-03-04"}, False),
        ({"date_precision": "month", "date": "2025-03-01"}, True),
        ({"date_precision": "month", "date": "2025-03-03"}, False),
        ({"date_precision": "day", "date": "2025-03-04"}, True),
        ({"date_precision": "month", "date": "not a date"}, True),  # reported elsewhere
    ],
)
def test_precision_rule(changes: dict[str, object], ok: bool) -> None:
    assert schema._precision_rule(_rows(**changes)).tolist() == [ok]


@pytest.mark.parametrize(
    ("source_date", "ok"),
    [("2025-03-03", True), ("2025-03-02", True), ("2025-03-01", False)],
)
def test_source_date_may_be_one_day_early_never_more(
    source_date: str, ok: bool
) -> None:
    assert schema.SOURCE_DATE_SLACK_DAYS == 1
    assert schema._source_date_rule(_rows(source_date=source_date)).tolist() == [ok]


def test_every_row_rule_names_its_column() -> None:
    assert set(schema.RULE_COLUMNS) == {
        schema.EFFECT_ERROR,
        schema.TRACK_SIDE_ERROR,
        schema.PRECISION_ERROR,
        schema.SOURCE_DATE_ERROR,
        schema.VERBATIM_URL_ERROR,
    }
    assert set(schema.RULE_COLUMNS.values()) <= set(vocab.EVENT_COLUMNS) | set(
        vocab.QUOTE_COLUMNS
    )


@pytest.mark.parametrize(
    ("verbatim", "url", "ok"),
    [
        ("cited_page", None, True),
        ("reworded", None, True),
        ("other_page", "https://example.org/p", True),
        ("other_page", None, False),
        ("cited_page", "https://example.org/p", False),
        ("reworded", "https://example.org/p", False),
        ("gossip", None, True),  # an unknown value is the column check's to report
    ],
)
def test_verbatim_url_is_given_exactly_for_another_page(
    verbatim: str, url: str | None, ok: bool
) -> None:
    frame = pd.DataFrame(
        {"verbatim": [verbatim], "verbatim_url": [url]}, dtype="string"
    )
    assert schema._verbatim_url_rule(frame).tolist() == [ok]


def test_a_quote_marked_other_page_without_its_page_is_refused_by_validate(
    tmp_path: Path,
) -> None:
    from seesaw.data import load, rawfile

    for name in ("events.csv", "quotes.csv"):
        shutil.copy(FIXTURES / "good" / name, tmp_path / name)
    path = tmp_path / "quotes.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    text[1] = text[1].replace(",cited_page,", ",other_page,")
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(
        rawfile.DataError,
        match=r"quotes\.csv:2: column 'verbatim_url': "
        r"verbatim_url is required when verbatim is other_page",
    ):
        load.load_dataset(tmp_path)


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("{}", 1),
        ('{"a": [1, {"b": []}]}', 4),
        ('{"a": "[[[{{{"}', 1),  # brackets inside a string do not nest
        ('{"a": "say \\"[\\" twice"}', 1),  # nor after an escaped quote
        ('{"a": "unclosed [[[', 1),  # an unclosed string runs to the end
        ("]]]", 0),
        ("[" * 50_000, 50_000),  # counted, never parsed: no recursion
    ],
)
def test_json_depth_counts_nesting_outside_strings(text: str, depth: int) -> None:
    assert schema.json_depth(text) == depth
