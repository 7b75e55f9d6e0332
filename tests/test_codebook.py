"""The codebook's generated tables: every column and category, from the schema and vocab."""

from __future__ import annotations

import pytest

from seesaw import files, paths
from seesaw.analysis import score
from seesaw.data import claim_vocab, vocab
from seesaw.text import codebook


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
        f"{codebook.COV_BEGIN}\nold total\n{codebook.COV_END}\noutro\n"
    )
    new = codebook.update_readme(text)
    assert new.startswith("intro\n") and new.endswith("\noutro\n")
    assert "stale" not in new and "old kappa" not in new and "\nmiddle\n" in new
    assert "old total" not in new and "\nlimits\n" in new
    assert codebook.update_readme(new) == new
    with pytest.raises(files.MarkerError, match=r"data/README\.md lacks the markers"):
        codebook.update_readme("no markers")


@pytest.mark.slow  # measured: several seconds (a subprocess, a browser render or many runs)
def test_the_committed_codebook_is_current() -> None:
    text = (paths.DATA / "README.md").read_text(encoding="utf-8")
    assert codebook.update_readme(text) == text
