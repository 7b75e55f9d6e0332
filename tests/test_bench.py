"""The benchmark's smoke run: tiny sizes, one repetition, so `make bench` never rots."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_bench_smoke_writes_the_table(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, "-m", "seesaw.pipeline.bench", "--smoke", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    record = json.loads(out.read_text())
    names = [f["name"] for f in record["figures"]]
    assert any(n.startswith("core pipeline") for n in names)
    assert any(n.startswith("export") for n in names)
    assert any(n.startswith("full report") for n in names)
    assert any(n.startswith("explorer update") for n in names)
    assert any(n.startswith("re-run: nothing changed") for n in names)
    assert all(f["median_s"] is None or f["median_s"] >= 0 for f in record["figures"])
    assert record["versions"]["pandas"] != "missing"
    assert "median" in result.stdout and "written:" in result.stdout
