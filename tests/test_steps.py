"""The steps of a run: their order, their names, and the ones that need no notebook."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import nbformat
import pytest

from seesaw.pipeline import checks, runner, steps, workers
from seesaw.pipeline.checks import RunError


def _context(tmp_path: Path, notebooks: list[Path]) -> steps.RunContext:
    return steps.RunContext(
        notebooks=notebooks,
        plan={nb: {} for nb in notebooks},
        staging=tmp_path / "staging",
        output_dir=tmp_path / "out",
        source=tmp_path,
        jobs=1,
        figures=False,
        report=False,
        say=lambda _: None,
        keys={},
    )


def test_the_steps_run_in_the_order_of_the_data() -> None:
    names = [name for name, _ in steps.STEPS]
    assert names[0] == "from the cache" and names[-1] == "swap"
    assert names.index("failures") < names.index("figure files") < names.index("report")


@pytest.mark.parametrize("module", [steps, runner, checks, workers])
def test_the_run_has_no_function_over_80_lines_nor_module_over_500(
    module: object,
) -> None:
    source = inspect.getsource(module)  # type: ignore[arg-type]
    assert source.count("\n") <= 500
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            assert node.end_lineno - node.lineno < 80, node.name


def test_a_failed_notebook_stops_the_run_and_names_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(steps.paths, "FAILED", tmp_path / "failed")
    nb = tmp_path / "01_x.ipynb"
    ctx = _context(tmp_path, [nb])
    ctx.staged = {nb: tmp_path / "staged.ipynb"}
    ctx.failures = [(nb, "cell 2 (index 1): ValueError: no")]
    with pytest.raises(RunError) as err:
        steps.refuse_failures(ctx)
    assert str(err.value).startswith(
        "01_x.ipynb failed in cell 2 (index 1): ValueError: no; "
        "no executed copy was written\nNothing was changed in "
    )


def test_a_run_with_nothing_to_execute_places_the_cached_copies(tmp_path: Path) -> None:
    nb = tmp_path / "01_x.ipynb"
    ctx = _context(tmp_path, [nb])
    (ctx.staging / "notebooks").mkdir(parents=True)
    staged = ctx.staging / "notebooks" / nb.name
    nbformat.write(nbformat.v4.new_notebook(), staged)
    ctx.staged = {nb: staged}
    steps.execute_notebooks(ctx)  # nothing to do: no pool, no browser
    assert ctx.timings == {} and ctx.failures == []
    steps.place_outputs(ctx)
    assert ctx.placed[0] == tmp_path / "out" / "notebooks" / nb.name
    assert nbformat.read(ctx.placed[0], as_version=4).cells == []
