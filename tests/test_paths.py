"""Where things live: every path from the project root, never the working directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from seesaw import paths


def test_the_root_holds_the_project() -> None:
    assert (paths.ROOT / "pyproject.toml").is_file()
    for folder in (paths.DATA, paths.NOTEBOOKS, paths.FIGURES, paths.BUILD):
        assert folder.parent == paths.ROOT
    assert paths.REPORT.parent == paths.FAILED.parent == paths.BUILD
    assert (paths.DATA / "events.csv").is_file()


def test_the_root_does_not_follow_the_working_directory(tmp_path: Path) -> None:
    code = "from seesaw import paths; print(paths.ROOT)"
    env = {k: v for k, v in os.environ.items() if k != "SEESAW_ROOT"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(out) == paths.ROOT


def test_seesaw_root_moves_every_path(tmp_path: Path) -> None:
    code = "from seesaw import paths; print(paths.DATA); print(paths.REPORT)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "SEESAW_ROOT": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == [str(tmp_path / "data"), str(tmp_path / "build" / "report")]


def test_the_png_setting_is_named_once() -> None:
    from seesaw.publish import display

    assert paths.PNG_ENV == display.PNG_ENV == "SEESAW_PNG"
