"""Imports follow the stages: a module imports only from its own stage or the ones below.

The package is cut into subpackages by stage, lowest first: the foundations at the
top of the package (errors, paths, files), then data (CSV to checked frame), analysis
(scored frame to results), text (results in words), charts (results as pictures),
publish (figures, pages, the explorer), pipeline (the run) and the command line. A
stage knows nothing of the stages above it, so the analysis runs without plotly, and
a command that only checks the data does not load the charts.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import seesaw

PACKAGE = Path(seesaw.__file__).parent

#: Lowest first. A module may import from its own stage or any earlier one, never
#: from a later one. The stage of `seesaw.<sub>.<module>` is `<sub>`; the modules at
#: the top of the package are named here.
STAGES = (
    "foundations",
    "data",
    "analysis",
    "text",
    "charts",
    "publish",
    "pipeline",
    "cli",
)
TOP = {
    "errors": "foundations",
    "paths": "foundations",
    "files": "foundations",
    "cli": "cli",
    "__main__": "cli",
}
#: The stages that must run without these, however indirectly (the analysis core).
PURE_STAGES = ("foundations", "data", "analysis", "text")
PRESENTATION = ("plotly", "kaleido", "ipywidgets", "nbformat", "nbconvert", "papermill")


def dotted(path: Path) -> str:
    """`seesaw.analysis.metrics` for src/seesaw/analysis/metrics.py."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {dotted(p): p for p in sorted(PACKAGE.rglob("*.py")) if dotted(p) != "seesaw"}


def stage_of(module: str) -> str:
    """The stage of a dotted module name under seesaw."""
    parts = module.split(".")
    assert parts[0] == "seesaw" and len(parts) > 1, module
    if parts[1] in STAGES:
        return parts[1]
    if parts[1] in TOP and len(parts) == 2:
        return TOP[parts[1]]
    raise AssertionError(
        f"{module} has no stage: put it in a subpackage, or name it in TOP in "
        f"{Path(__file__).name}"
    )


def imports_of(path: Path) -> tuple[set[str], set[str]]:
    """The seesaw modules (dotted) and the top-level third-party packages `path`
    imports, anywhere in the file (a lazy import inside a function counts too)."""
    ours: set[str] = set()
    theirs: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "seesaw" or node.module.startswith("seesaw."):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    # `from seesaw.analysis import metrics` imports a module;
                    # `from seesaw.analysis.metrics import wilson` a name in one.
                    ours.add(full if full in MODULES else node.module)
            else:
                theirs.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("seesaw."):
                    ours.add(alias.name)
                else:
                    theirs.add(alias.name.split(".")[0])
    ours.discard("seesaw")
    return ours, theirs


def test_every_module_has_a_stage() -> None:
    for module in MODULES:
        assert stage_of(module) in STAGES


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_imports_only_from_its_stage_or_below(module: str) -> None:
    ours, _ = imports_of(MODULES[module])
    level = STAGES.index(stage_of(module))
    wrong = sorted(m for m in ours if STAGES.index(stage_of(m)) > level)
    assert not wrong, f"{module} (stage {stage_of(module)!r}) imports " + ", ".join(
        f"{m} (stage {stage_of(m)!r})" for m in wrong
    )


def reachable(module: str) -> set[str]:
    """Every seesaw module `module` imports, directly or through others."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        todo += sorted(imports_of(MODULES[current])[0] - seen)
    return seen


@pytest.mark.parametrize(
    "module", sorted(m for m in MODULES if stage_of(m) in PURE_STAGES)
)
def test_the_analysis_core_needs_no_presentation_package(module: str) -> None:
    used = {
        (m, package)
        for m in reachable(module)
        for package in imports_of(MODULES[m])[1] & set(PRESENTATION)
    }
    assert not used, f"{module} reaches " + ", ".join(
        f"{package} (through {m})" for m, package in sorted(used)
    )


def test_the_layer_check_catches_a_backward_import(tmp_path: Path) -> None:
    # The check itself can fail: the analysis importing the charts is two stages up.
    fake = tmp_path / "metrics.py"
    fake.write_text(
        "def f():\n    from seesaw.charts import charts\n", encoding="utf-8"
    )
    ours, _ = imports_of(fake)
    assert ours == {"seesaw.charts.charts"}
    assert STAGES.index(stage_of("seesaw.charts.charts")) > STAGES.index(
        stage_of("seesaw.analysis.metrics")
    )


def test_validate_does_not_import_plotly() -> None:
    script = (
        "import sys\n"
        "from seesaw.cli import main\n"
        "code = main(['validate'])\n"
        f"loaded = sorted(m for m in sys.modules if m.split('.')[0] in {PRESENTATION!r})\n"
        "print(code, loaded)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    last = proc.stdout.strip().splitlines()[-1]
    assert last == "0 []", f"seesaw validate loaded: {last}"


#: Package modules whose tests live under another name.
TESTED_AS = {"widgets": "explorer", "__main__": "cli"}


@pytest.mark.parametrize(
    "module", sorted(m for m, p in MODULES.items() if p.stem != "__init__")
)
def test_every_module_has_its_own_test_module(module: str) -> None:
    stem = module.rsplit(".", 1)[-1]
    name = TESTED_AS.get(stem, stem)
    assert (Path(__file__).parent / f"test_{name}.py").is_file(), (
        f"{module} has no tests/test_{name}.py"
    )
