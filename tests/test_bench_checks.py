"""The bench's smoke run: the sweep and nbval steps (see tests/benchsmoke.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.benchsmoke import smoke_run


@pytest.mark.slow
def test_the_smoke_run_goes_through_sweep_and_nbval_steps(tmp_path: Path) -> None:
    smoke_run("checks", tmp_path)
