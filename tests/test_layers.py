"""Imports follow the layers: a module imports only from the layers below its own.

The order is written here once. A module at the bottom knows nothing of the modules
above it, so the analysis core (data, scores, statistics, findings) runs without
plotly, and a command that only checks the data does not load the charts.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import seesaw

PACKAGE = Path(seesaw.__file__).parent

#: Lowest first. A module may import from any earlier layer, never from its own or a
#: later one (no sideways or backward imports).
LAYERS: tuple[tuple[str, frozenset[str]], ...] = tuple(
    (name, frozenset(modules.split()))
    for name, modules in (
        ("errors", "errors"),
        ("foundations", "paths vocab safe files select swap"),
        ("contract", "schema params score synthetic describe"),
        ("claim contract", "claimparams"),
        ("data", "load metrics datapackage"),
        ("statistics", "timing reliability spells overtures"),
        ("simulation", "power"),
        ("decisions", "verdicts"),
        ("findings", "headline claims timeline"),
        ("robustness", "sensitivity"),
        ("summaries", "readme codebook changes"),
        ("style", "theme images"),
        ("figures", "charts"),
        ("figure sets", "charts_stats charts_claims"),
        ("outputs", "export widgets display nbcache"),
        ("report", "report"),
        ("runner", "runner"),
        ("commands", "bench cli"),
        ("entry point", "__main__"),
    )
)
#: The layers that must run without these (the analysis core).
PURE_LAYERS = ("foundations", "contract", "data", "statistics", "findings")
PRESENTATION = ("plotly", "kaleido", "ipywidgets", "nbformat", "nbconvert", "papermill")


def layer_of(module: str) -> int:
    for i, (_, modules) in enumerate(LAYERS):
        if module in modules:
            return i
    raise AssertionError(
        f"seesaw.{module} has no layer: add it to LAYERS in {Path(__file__).name}"
    )


def imports_of(path: Path) -> tuple[set[str], set[str]]:
    """The seesaw modules and the top-level third-party packages `path` imports,
    anywhere in the file (a lazy import inside a function counts too)."""
    ours: set[str] = set()
    theirs: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "seesaw":
                ours |= {alias.name for alias in node.names}
            elif node.module.startswith("seesaw."):
                ours.add(node.module.split(".")[1])
            else:
                theirs.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("seesaw."):
                    ours.add(alias.name.split(".")[1])
                else:
                    theirs.add(alias.name.split(".")[0])
    return ours, theirs


MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")


def test_every_layer_names_real_modules() -> None:
    named = [m for _, modules in LAYERS for m in modules]
    assert len(named) == len(set(named)), "a module is in two layers"
    assert sorted(named) == MODULES


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_only_from_lower_layers(module: str) -> None:
    ours, _ = imports_of(PACKAGE / f"{module}.py")
    level = layer_of(module)
    wrong = sorted(m for m in ours if layer_of(m) >= level)
    assert not wrong, (
        f"seesaw.{module} (layer {LAYERS[level][0]!r}) imports "
        + ", ".join(f"seesaw.{m} (layer {LAYERS[layer_of(m)][0]!r})" for m in wrong)
    )


@pytest.mark.parametrize(
    "module",
    [m for name, modules in LAYERS if name in PURE_LAYERS for m in sorted(modules)],
)
def test_the_analysis_core_needs_no_presentation_package(module: str) -> None:
    _, theirs = imports_of(PACKAGE / f"{module}.py")
    assert not theirs & set(PRESENTATION)


def test_the_layer_check_catches_a_backward_import(tmp_path: Path) -> None:
    # The check itself can fail: metrics importing charts is two layers up.
    fake = tmp_path / "metrics.py"
    fake.write_text("def f():\n    from seesaw import charts\n", encoding="utf-8")
    ours, _ = imports_of(fake)
    assert ours == {"charts"}
    assert layer_of("charts") > layer_of("metrics")


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


@pytest.mark.parametrize("module", MODULES)
def test_every_module_has_its_own_test_module(module: str) -> None:
    name = TESTED_AS.get(module, module)
    assert (Path(__file__).parent / f"test_{name}.py").is_file(), (
        f"seesaw.{module} has no tests/test_{name}.py"
    )
