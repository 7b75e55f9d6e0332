"""Where things live: the one place project paths come from (never the working directory)."""

from __future__ import annotations

import os
from pathlib import Path

#: The project root: the folder holding pyproject.toml (override with SEESAW_ROOT).
ROOT = Path(os.environ.get("SEESAW_ROOT", Path(__file__).resolve().parents[2]))
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"
FIGURES = ROOT / "figures"
BUILD = ROOT / "build"
REPORT = BUILD / "report"
FAILED = BUILD / "failed"

#: Set to "batch" by `seesaw run` (and `make test`): the kernels leave the PNGs to the
#: runner, which renders every notebook's in one kaleido batch (see seesaw.display).
PNG_ENV = "SEESAW_PNG"
