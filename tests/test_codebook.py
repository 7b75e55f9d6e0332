"""The codebook's generated tables: every column and category, from the schema and vocab."""

from __future__ import annotations

import pandas as pd
import pytest

from seesaw import files, paths
from seesaw.analysis import score
from seesaw.data import claim_vocab, vocab
from seesaw.text import codebook
from tests import factories


@pytest.fixture(scope="module")
def tables() -> str:
    return codebook.render_tables()


def test_the_tables_sit_between_the_markers(tables: str) -> None:
    assert tables.startswith(codebook.BEGIN) and tables.endswith(codebook.END)


def test_every_column_and_category_is_listed(tables: str) -> None:
    for column in (
        *vocab.EVENT_COLUMNS,
        *vocab.QUOTE_COLUMNS,
        *claim_vocab.CLAIM_COLUMNS,
    ):
        assert f"| `{column}` |" in tables, column
    for vocabulary in (
        vocab.ACTORS,
        vocab.TONES,
        vocab.PRESSURE_TARGETS,
        vocab.EFFECTS,
        vocab.MODES,
        vocab.DATE_PRECISIONS,
        vocab.KINDS,
        claim_vocab.CLAIM_CHECKS,
        vocab.SCHEMES,
    ):
        for value in vocabulary:
            assert f"| `{value}` |" in tables, value


def test_every_kind_has_its_goldstein_row(tables: str) -> None:
    for kind, cameo in score.GOLDSTEIN.items():
        assert f"| `{kind}` | {cameo.code} |" in tables


@pytest.mark.slow  # measured: several seconds (a subprocess, a browser render or many runs)
def test_update_readme_replaces_only_the_block() -> None:
    from seesaw.analysis import reliability

    text = (
        f"intro\n{codebook.BEGIN}\nstale\n{codebook.END}\nmiddle\n"
        f"{reliability.REL_BEGIN}\nold kappa\n{reliability.REL_END}\nlimits\n"
        f"{codebook.COV_BEGIN}\nold total\n{codebook.COV_END}\n"
        f"{codebook.LIMITS_BEGIN}\nold weeks\n{codebook.LIMITS_END}\noutro\n"
    )
    new = codebook.update_readme(text)
    assert new.startswith("intro\n") and new.endswith("\noutro\n")
    assert "stale" not in new and "old kappa" not in new and "\nmiddle\n" in new
    assert "old total" not in new and "\nlimits\n" in new and "old weeks" not in new
    assert codebook.update_readme(new) == new
    with pytest.raises(files.MarkerError, match=r"data/README\.md lacks the markers"):
        codebook.update_readme("no markers")


@pytest.mark.slow  # measured: several seconds (a subprocess, a browser render or many runs)
def test_the_committed_codebook_is_current() -> None:
    text = (paths.DATA / "README.md").read_text(encoding="utf-8")
    assert codebook.update_readme(text) == text


def _rows(days: dict[str, int], track: str = "ukraine") -> pd.DataFrame:
    """`n` US acts on each day `date` of `days` ({date: n})."""
    acts = [(d, "moscow", "raise", "verbal") for d, n in days.items() for _ in range(n)]
    rows = factories.us_acts(acts)
    return rows if track == "ukraine" else factories.gaza(rows)


def test_the_last_month_is_called_thinner_only_when_its_rows_are_fewer() -> None:
    # January: one row a day; February (to the 28th): one row a day, or one in all.
    january = {f"2025-01-{d:02d}": 1 for d in range(1, 32)}
    dense = _rows({**january, **{f"2025-02-{d:02d}": 1 for d in range(1, 29)}})
    thin = _rows({**january, "2025-02-01": 1, "2025-02-28": 1})
    assert "has similar coverage (30.0 rows per 30 days against 30.0 before)" in (
        codebook.render_limits(dense)
    )
    assert "has thinner coverage (2.1 rows per 30 days against 30.0 before)" in (
        codebook.render_limits(thin)
    )


def test_the_thinnest_weeks_are_counted_from_the_rows() -> None:
    # Monday 6 January to Sunday 26 January 2025: three full weeks, the second empty.
    one_empty = _rows({"2025-01-06": 2, "2025-01-21": 1, "2025-01-26": 1})
    assert (
        "its thinnest full week (Monday to Sunday) holds 0 rows: the week from 13 January 2025"
        in (codebook.render_limits(one_empty))
    )
    two_thin = _rows(
        {"2025-01-06": 1, "2025-01-13": 1, "2025-01-21": 2, "2025-01-26": 1}
    )
    assert (
        "its thinnest full weeks (Monday to Sunday) hold 1 row each: 2 weeks, the first "
        "from 6 January 2025" in codebook.render_limits(two_thin)
    )


def test_background_rows_inside_the_period_are_counted_and_named() -> None:
    acts = _rows({"2025-01-06": 1, "2025-03-01": 1})
    older = factories.other_acts([("2018-05-14", "russia", "context", "neutral")])
    inside = factories.other_acts(
        [("2025-02-01", "russia", "context", "neutral")], 6001
    )
    none_inside = codebook.render_limits(factories.joined(acts, older))
    assert (
        "1 row is background (kind `context`), never counted as acts: 1 dated before "
        "the first act (6 January 2025), the earliest from 2018, and 0 inside the span "
        "of the acts." in none_inside
    )
    both = codebook.render_limits(factories.joined(acts, older, inside))
    assert "2 rows are background" in both
    assert (
        "and 1 inside the span of the acts, counted with the background rows in the "
        "notebooks' totals: E6001 (1 February 2025)." in both
    )


def test_each_track_with_acts_gets_its_own_coverage_sentence() -> None:
    ukraine = _rows({"2025-01-06": 1, "2025-02-03": 1})
    gaza = _rows({"2025-01-08": 1, "2025-02-10": 1}, "gaza")
    text = codebook.render_limits(factories.joined(ukraine, gaza))
    assert "On the Ukraine track, 1 February to 3 February 2025 has" in text
    assert "On the Gaza track, 1 February to 10 February 2025 has" in text
    assert "The rows end on 10 February 2025" in text
    assert "On the Gaza track" not in codebook.render_limits(ukraine)
