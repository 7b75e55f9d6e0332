"""The benchmark (`bench/`, outside the installed package): its smoke run goes through
every step, so no guard can knock a step out of `make bench` silently."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pandas as pd
import pytest
from bench import harness

from seesaw import paths
from tests.benchsmoke import PARTS, PREFIXES, smoke_run
from tests.test_size import FUNCTION_LINES, MODULE_LINES


@pytest.mark.slow
def test_the_smoke_run_goes_through_the_compute_steps(tmp_path: Path) -> None:
    smoke_run("compute", tmp_path)


def test_the_parts_are_every_step_once() -> None:
    steps = [s for part in PARTS.values() for s in part]
    assert sorted(steps) == sorted(harness.STEPS) and len(set(steps)) == len(steps)
    assert PARTS.keys() == PREFIXES.keys()
    for part in PARTS:  # each part has its test module
        module = "test_bench.py" if part == "compute" else f"test_bench_{part}.py"
        assert f'smoke_run("{part}"' in (Path(__file__).parent / module).read_text()


def test_a_failing_step_fails_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> list[harness.Figure]:
        raise RuntimeError("a guard refused the step")

    monkeypatch.setattr(harness, "bench_null", broken)
    skip = ",".join(s for s in harness.STEPS if s != "null")
    out = tmp_path / "b.json"
    assert harness.main(["--smoke", "--skip", skip, "--out", str(out)]) == 1
    record = json.loads(out.read_text())
    assert record["steps"]["null"] == "failed"
    assert record["figures"][0]["note"].endswith("a guard refused the step")


def test_a_step_that_measures_nothing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(harness, "bench_null", lambda *_: [])
    skip = ",".join(s for s in harness.STEPS if s != "null")
    assert harness.main(["--smoke", "--skip", skip, "--out", str(tmp_path / "b")]) == 1


def test_the_sweep_covers_the_edges_and_is_seeded() -> None:
    events = pd.DataFrame(
        {"date": pd.to_datetime(["2025-01-01", "2025-06-01", "2026-03-12"])}
    )
    cases = harness.sweep_cases(events, 10)
    assert cases == harness.sweep_cases(events, 10)
    assert len(cases) == 17
    assert {"start_date": "2025-10-16", "end_date": "2025-10-16"} in cases
    assert {c.get("scheme") for c in cases} >= {"mode", "flat", "goldstein"}
    assert all(c.get("end_date", "2026-03-12") <= "2026-03-12" for c in cases)


def test_the_summary_puts_the_ratios_side_by_side() -> None:
    figures = [
        harness.Figure("floor: 7 import-only notebooks", [1.0], ratio=1.8),
        harness.Figure("re-run: nothing changed", [0.1], ratio=0.04),
        harness.Figure(
            "re-run: one data row changed, computation cache warm", [1.0], ratio=0.4
        ),
        harness.Figure(
            "peak memory, seesaw run, 50,000 synthetic events",
            [0.5],
            extra={"peak_bytes": 100 * 2**20, "refused": True},
        ),
    ]
    lines = harness.summary(figures)
    assert (
        lines[0].startswith("cold report, images cached / floor")
        and "1.80x" in lines[0]
    )
    assert any("no-op / cold" in line and "0.04x" in line for line in lines)
    assert any("computation cache warm" in line and "0.40x" in line for line in lines)
    assert lines[-1].endswith("100 MB peak, refused up front")


def test_the_harness_is_not_in_the_installed_package() -> None:
    import seesaw

    assert not list(Path(seesaw.__file__).parent.rglob("bench*.py"))
    assert Path(harness.__file__).parent == paths.ROOT / "bench"


def test_the_bench_keeps_the_size_rules() -> None:
    """The package's rules (tests/test_size.py) hold for the bench too: no module over
    MODULE_LINES lines, no function over FUNCTION_LINES (decorators left out)."""
    over = {}
    for path in sorted((paths.ROOT / "bench").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > MODULE_LINES:
            over[path.name] = len(text.splitlines())
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > FUNCTION_LINES:
                    over[f"{path.name}:{node.name}"] = lines
    assert over == {}
