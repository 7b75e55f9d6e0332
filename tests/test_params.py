"""Parameter checks shared by notebooks and the CLI: each bad value named with what is allowed."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from seesaw import paths
from seesaw.data.params import ALIASES, ParameterError, check_params
from tests.conftest import GOOD


def test_defaults_and_types() -> None:
    p = check_params(
        str(GOOD), start_date="2025-01-20", end_date="", smoothing_days="7"
    )
    assert p.data_dir == GOOD.resolve()
    assert p.start_date == dt.date(2025, 1, 20) and p.end_date is None
    assert p.smoothing_days == 7 and p.scheme == "mode"


def test_relative_data_dir_resolves_against_base(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    assert (
        check_params("data", base_dir=tmp_path).data_dir
        == (tmp_path / "data").resolve()
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"data_dir": "/no/such/folder"},
            "parameter data_dir: no such directory: '/no/such/folder'",
        ),
        (
            {"start_date": "2025-03-10", "end_date": "2025-03-01"},
            "parameter end_date: 2025-03-01 is before start_date 2025-03-10",
        ),
        (
            {"start_date": "10/03/2025"},
            "parameter start_date: expected a date written YYYY-MM-DD",
        ),
        (  # Python's fromisoformat takes these; the message promises YYYY-MM-DD
            {"start_date": "20250310"},
            "parameter start_date: expected a date written YYYY-MM-DD, got '20250310'",
        ),
        (
            {"end_date": "2025-W10-1"},
            "parameter end_date: expected a date written YYYY-MM-DD, got '2025-W10-1'",
        ),
        (
            {"end_date": "2025-02-30"},
            "parameter end_date: expected a date written YYYY-MM-DD, got '2025-02-30'",
        ),
        (
            {"scheme": "loud"},
            "parameter scheme: unknown value 'loud'; allowed: flat, mode, goldstein",
        ),
        (
            {"smoothing_days": -3},
            "parameter smoothing_days: must be at least 1, got -3",
        ),
        (
            {"smoothing_days": "two"},
            "parameter smoothing_days: expected a whole number, got 'two'",
        ),
        ({"permutations": 10}, "parameter permutations: must be at least 99, got 10"),
        ({"window_days": 0}, "parameter window_days: must be at least 1, got 0"),
        ({"seed": True}, "parameter seed: expected a whole number, got True"),
        ({"actors": "us,mars"}, "parameter actors: unknown value 'mars'"),
    ],
)
def test_bad_values_name_the_parameter(kwargs: dict, message: str) -> None:
    args = {"data_dir": str(GOOD), **kwargs}
    with pytest.raises(ParameterError) as caught:
        check_params(**args)
    assert str(caught.value).startswith(message)


def test_track_defaults_to_ukraine_and_takes_gaza() -> None:
    assert check_params(str(GOOD)).track == "ukraine"
    assert check_params(str(GOOD), track="gaza").track == "gaza"


def test_an_unknown_track_is_refused_with_the_tracks_allowed() -> None:
    with pytest.raises(
        ParameterError,
        match=r"parameter track: unknown value 'sudan'; allowed: ukraine, gaza",
    ):
        check_params(str(GOOD), track="sudan")


def test_the_old_name_window_days_still_sets_the_event_window() -> None:
    assert check_params(str(GOOD)).event_window_days == 14
    assert check_params(str(GOOD), window_days="7").event_window_days == 7
    assert check_params(str(GOOD), event_window_days=9).event_window_days == 9


@pytest.mark.parametrize(
    "notebook", sorted(p.name for p in paths.NOTEBOOKS.glob("0[1-7]_*.ipynb"))
)
def test_every_declared_parameter_reaches_the_analysis(notebook: str) -> None:
    """Each parameter a notebook declares is read after the check (`p.<name>`), or is
    an old name the check maps to a new one: none is accepted and then ignored, as
    05's `follow_days` was, and its `permutations` after the timing test's draws went.
    (It sees that a parameter is read, not that what it changes is shown.)"""
    from seesaw.pipeline.checks import declared_parameters

    nb = json.loads((paths.NOTEBOOKS / notebook).read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    after = "\n".join("".join(c["source"]) for c in code[1:])
    unread = [
        name
        for name in declared_parameters(paths.NOTEBOOKS / notebook)
        if name not in ALIASES and not re.search(rf"\bp\.{name}\b", after)
    ]
    assert unread == [], unread
