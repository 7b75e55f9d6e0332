"""How the benchmark times and sets up its sides: timing, alternation, environment
settings (the caches), the notebooks chosen and the import-only ones of the floor."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import nbformat
from nbformat.v4 import new_code_cell, new_notebook


def time_call(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def alternate(
    a: Callable[[], Any], b: Callable[[], Any], reps: int
) -> tuple[list[float], list[float]]:
    """Time `a` and `b` alternately `reps` times each."""
    ta, tb = [], []
    for _ in range(reps):
        ta.append(time_call(a))
        tb.append(time_call(b))
    return ta, tb


@contextlib.contextmanager
def setting(name: str, value: str | None) -> Iterator[None]:
    """Run a block with environment variable `name` set to `value` (None: unset)."""
    before = os.environ.get(name)
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before


def image_cache(value: str) -> contextlib.AbstractContextManager[None]:
    """Run a block with the image cache set to `value` ("off", or a folder)."""
    from seesaw.publish.images import IMAGE_CACHE_ENV

    return setting(IMAGE_CACHE_ENV, value)


def exec_cache(value: str) -> contextlib.AbstractContextManager[None]:
    """Run a block with the execution cache set to `value` ("off", or a folder)."""
    from seesaw.pipeline.nbcache import CACHE_ENV

    return setting(CACHE_ENV, value)


def compute_cache(value: str) -> contextlib.AbstractContextManager[None]:
    """Run a block with the computation cache set to `value` ("off", or a folder)."""
    from seesaw.data.memo import COMPUTE_ENV

    return setting(COMPUTE_ENV, value)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SEESAW_DEBUG", None)
    return env


def floor_notebooks(folder: Path, n: int) -> Path:
    """`n` notebooks that only import pandas and plotly (the floor of any run)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(1, n + 1):
        nb = new_notebook()
        nb.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        cell = new_code_cell('data_dir: str = "../data"  # unused')
        cell.metadata["tags"] = ["parameters"]
        nb.cells = [
            cell,
            new_code_cell("import pandas as pd\nimport plotly.graph_objects as go"),
        ]
        nbformat.write(nb, folder / f"{i:02d}_floor.ipynb")
    return folder


def run_floor(run: Callable[..., Any], data_dir: Path, work: Path) -> Any:
    """`run` (`runner.run`) over the floor notebooks `floor_notebooks` wrote in
    `work`/floor, into `work`/floor-out, without figures or report."""
    return run(
        data_dir=data_dir,
        output_dir=work / "floor-out",
        notebooks_dir=work / "floor",
        figures=False,
        report=False,
    )


def step_notebooks(work: Path, select: list[str] | None, stand_in: bool) -> list[Path]:
    """The notebooks a step runs: one import-only stand-in in `work` (the smoke run's),
    else the project's sequence narrowed by `select` (`chosen`)."""
    from seesaw.pipeline import runner

    if stand_in:
        return sorted(floor_notebooks(work / "stand-in", 1).glob("*.ipynb"))
    return chosen(runner.notebook_sequence(), select)


def chosen(notebooks: list[Path], select: list[str] | None) -> list[Path]:
    """The notebooks whose names start with one of `select` (every one without it)."""
    if not select:
        return notebooks
    return [nb for nb in notebooks if any(nb.name.startswith(s) for s in select)]
