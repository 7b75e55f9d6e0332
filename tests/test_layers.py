"""The stages of the package: every module has one, and the import contracts name them all.

The package is cut into subpackages by stage, lowest first: the foundations at the
top of the package (errors, paths, files), then data (CSV to checked frame), analysis
(scored frame to results), text (results in words), charts (results as pictures),
publish (figures, pages, the explorer), pipeline (the run) and the command line. A
stage knows nothing of the stages above it, so the analysis runs without plotly, and
a command that only checks the data does not load the charts. `lint-imports` (run by
`make lint` and `make test`) keeps that order with the contracts in `.importlinter`,
following every import, lazy or indirect; this file checks that the contracts and the
package agree.
"""

from __future__ import annotations

import configparser
import subprocess
import sys
from pathlib import Path

import pytest

import seesaw
from seesaw import paths

PACKAGE = Path(seesaw.__file__).parent

#: The subpackages, one per stage, lowest first.
STAGES = ("data", "analysis", "text", "charts", "publish", "pipeline")
#: The modules at the top of the package: the foundations below every stage, and the
#: command line above them all.
FOUNDATIONS = ("files", "paths", "errors")
COMMANDS = ("cli", "__main__")
PRESENTATION = ("plotly", "kaleido", "ipywidgets", "nbformat", "nbconvert", "papermill")


def _contracts() -> configparser.ConfigParser:
    config = configparser.ConfigParser()
    config.read(paths.ROOT / ".importlinter", encoding="utf-8")
    return config


def _listed(value: str) -> list[str]:
    return [line.strip() for line in value.strip().splitlines() if line.strip()]


def test_every_module_is_in_a_stage_or_named_at_the_top() -> None:
    subpackages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert subpackages == set(STAGES)
    top = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert top == set(FOUNDATIONS) | set(COMMANDS)


def test_the_layers_contract_names_every_stage_in_order() -> None:
    layers = _listed(_contracts()["importlinter:contract:stages"]["layers"])
    assert layers == [
        "seesaw.cli",
        *(f"seesaw.{stage}" for stage in reversed(STAGES)),
        " : ".join(f"seesaw.{m}" for m in FOUNDATIONS),
    ]


def test_the_core_is_forbidden_the_presentation_packages() -> None:
    contract = _contracts()["importlinter:contract:core-without-presentation"]
    assert _listed(contract["source_modules"]) == ["seesaw.data", "seesaw.analysis"]
    assert set(_listed(contract["forbidden_modules"])) >= {
        "plotly",
        "ipywidgets",
        "nbconvert",
    }
    assert contract.get("allow_indirect_imports", "false").lower() == "false"


@pytest.mark.slow  # measured: several seconds (a subprocess, a browser render or many runs)
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
MODULES = sorted(
    p.stem
    for p in PACKAGE.rglob("*.py")
    if p.stem != "__init__" and "__pycache__" not in p.parts
)


@pytest.mark.parametrize("module", MODULES)
def test_every_module_has_its_own_test_module(module: str) -> None:
    name = TESTED_AS.get(module, module)
    assert (Path(__file__).parent / f"test_{name}.py").is_file(), (
        f"seesaw's {module} has no tests/test_{name}.py"
    )
