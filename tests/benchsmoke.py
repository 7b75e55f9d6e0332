"""The bench's smoke run, in three parts of about equal time, each its own test module
(`test_bench.py`, `test_bench_runs.py`, `test_bench_checks.py`) so that `make test`'s
two workers share it (`--dist loadfile` hands out whole modules); together every step."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench import harness

from seesaw import paths

#: The steps of each part.
PARTS = {
    "compute": ("core", "null", "power", "explorer", "export", "memory", "setup"),
    "runs": ("report", "rerun"),
    "checks": ("sweep", "nbval"),
}
#: The figures each part must print, by the start of their names.
PREFIXES = {
    "compute": (
        "core pipeline, 2,000 events",
        "export",
        "explorer update",
        "cold set-up",
        "peak memory, seesaw run, 500 synthetic events",
    ),
    "runs": (
        "cold report",
        "phase: notebooks and images",
        "notebook: 01_floor.ipynb",  # the smoke's stand-in (bench/report.py)
        "re-run: nothing changed",
        "re-run: one data row changed, computation cache warm",
        "re-run: one row's tag changed, computation cache warm",
        "re-run: one data row changed, no computation cache",
    ),
    "checks": ("sweep: ", "strict nbval over 01"),
}


def test_the_parts_are_every_step_once() -> None:
    steps = [s for part in PARTS.values() for s in part]
    assert sorted(steps) == sorted(harness.STEPS) and len(set(steps)) == len(steps)
    assert PARTS.keys() == PREFIXES.keys()


def smoke_run(part: str, tmp_path: Path) -> None:
    """`python -m bench --smoke` over the steps of `part`: each runs, prints its
    figures, and the record says which ran and which were skipped."""
    out = tmp_path / "bench.json"
    skip = ",".join(s for s in harness.STEPS if s not in PARTS[part])
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--skip", skip, "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
        cwd=paths.ROOT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    record = json.loads(out.read_text())
    assert record["steps"] == {
        name: "ran" if name in PARTS[part] else "skipped" for name in harness.STEPS
    }
    names = [f["name"] for f in record["figures"]]
    assert not [n for n in names if n.endswith("FAILED")]
    for prefix in PREFIXES[part]:
        assert any(n.startswith(prefix) for n in names), prefix
    if part == "compute":
        memory = next(
            f for f in record["figures"] if f["name"].startswith("peak memory")
        )
        assert memory["refused"] is True and memory["ok"] is True  # the lowered limit
    if part == "runs":
        assert "/ cold" in result.stdout
    assert all(f["median_s"] is None or f["median_s"] >= 0 for f in record["figures"])
    assert record["versions"]["pandas"] != "missing"
    assert "side by side, this run:" in result.stdout
