"""environment.yml (conda) and pyproject.toml (pip) name the same runtime packages."""

from __future__ import annotations

import re
import tomllib

from seesaw import paths

#: conda-forge names that differ from PyPI names.
CONDA_TO_PYPI = {"python-kaleido": "kaleido"}


def _name(requirement: str) -> str:
    return (
        re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0]
        .lower()
        .replace("_", "-")
    )


def _conda_packages() -> set[str]:
    names: set[str] = set()
    in_deps = False
    for line in (
        (paths.ROOT / "environment.yml").read_text(encoding="utf-8").splitlines()
    ):
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        if in_deps and re.match(r"^  - [^ ]", line):
            item = line[4:].strip()
            if item in ("pip", "pip:") or item.startswith("python="):
                continue
            names.add(CONDA_TO_PYPI.get(_name(item), _name(item)))
        elif in_deps and line and not line.startswith(" "):
            in_deps = False
    return names


def test_conda_and_pip_agree_on_runtime_packages() -> None:
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pip_names = {_name(r) for r in project["project"]["dependencies"]}
    assert _conda_packages() == pip_names


def test_environment_pins_python_and_installs_the_project() -> None:
    text = (paths.ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "- python=3.11" in text
    assert "- conda-forge" in text
    assert re.search(r"pip:\n\s+- -e \.", text)


def test_lock_pins_every_runtime_package_exactly() -> None:
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    lock = (paths.ROOT / "requirements.lock").read_text(encoding="utf-8")
    pinned = {
        m.group(1).lower().replace("_", "-")
        for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==\S+", lock, re.M)
    }
    wanted = {_name(r) for r in project["project"]["dependencies"]}
    for extra in project["project"]["optional-dependencies"].values():
        # `dev` names the other extras (seesaw[test,lint,notebooks]): their packages.
        wanted |= {_name(r) for r in extra if not r.startswith("seesaw[")}
    assert wanted <= pinned


def test_lock_leaves_out_the_overridden_packages() -> None:
    """Packages removed in overrides.txt (slow to import, unused) stay out of the lock."""
    overrides = (paths.ROOT / "overrides.txt").read_text(encoding="utf-8")
    removed = re.findall(
        r"^([A-Za-z0-9_.\-]+)\s*;\s*sys_platform == \"never\"", overrides, re.M
    )
    assert removed, "overrides.txt removes nothing"
    lock = (paths.ROOT / "requirements.lock").read_text(encoding="utf-8").lower()
    for name in removed:
        assert f"\n{name.lower()}==" not in lock, name


def test_every_extra_is_in_dev_and_listed_once() -> None:
    """`make venv` installs the lock resolved with --extra dev: every tool is in it."""
    extras = tomllib.loads((paths.ROOT / "pyproject.toml").read_text("utf-8"))[
        "project"
    ]["optional-dependencies"]
    assert set(extras) == {"test", "lint", "notebooks", "dev"}
    assert extras["dev"] == ["seesaw[test,lint,notebooks]"]
    names = [_name(r) for name, reqs in extras.items() if name != "dev" for r in reqs]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
