"""A ratchet on size: no module over 500 lines, no function over 80.

The modules and functions still over their limit are listed below with their length
today; each may only shrink. A listed one that comes under its limit leaves the list,
so the list always says what is left to split.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import seesaw

PACKAGE = Path(seesaw.__file__).parent
MODULE_LINES = 500
FUNCTION_LINES = 80

#: Modules over MODULE_LINES today, by path under src/seesaw, with their lines.
LONG_MODULES: dict[str, int] = {}
#: Functions over FUNCTION_LINES today ("path:qualified name"), with their lines.
LONG_FUNCTIONS: dict[str, int] = {}


def _modules() -> dict[str, str]:
    return {
        p.relative_to(PACKAGE).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(PACKAGE.rglob("*.py"))
    }


def _functions(name: str, text: str) -> dict[str, int]:
    """Every function and method of a module, by "path:qualified name", with its lines
    (decorators left out)."""
    out: dict[str, int] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                qual = f"{prefix}{child.name}"
                out[f"{name}:{qual}"] = child.end_lineno - child.lineno + 1  # type: ignore[operator]
                visit(child, f"{qual}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")

    visit(ast.parse(text), "")
    return out


def test_no_module_grows_past_its_limit() -> None:
    sizes = {name: len(text.splitlines()) for name, text in _modules().items()}
    over = {n: s for n, s in sizes.items() if s > LONG_MODULES.get(n, MODULE_LINES)}
    assert over == {}, f"over {MODULE_LINES} lines (or their listed length): {over}"


def test_no_function_grows_past_its_limit() -> None:
    sizes = {
        key: n
        for name, text in _modules().items()
        for key, n in _functions(name, text).items()
    }
    over = {k: n for k, n in sizes.items() if n > LONG_FUNCTIONS.get(k, FUNCTION_LINES)}
    assert over == {}, f"over {FUNCTION_LINES} lines (or their listed length): {over}"


@pytest.mark.parametrize(
    ("listed", "limit"),
    [(LONG_MODULES, MODULE_LINES), (LONG_FUNCTIONS, FUNCTION_LINES)],
)
def test_the_lists_name_only_what_is_still_over(
    listed: dict[str, int], limit: int
) -> None:
    """Split or shrunk under its limit: off the list, which says what is left."""
    modules = _modules()
    sizes = {name: len(text.splitlines()) for name, text in modules.items()}
    for name, text in modules.items():
        sizes.update(_functions(name, text))
    done = sorted(k for k in listed if sizes.get(k, 0) <= limit)
    assert done == [], f"under the limit now: remove from the list: {done}"


def test_functions_are_measured_by_their_lines() -> None:
    text = "def f():\n    return 1\n\n\nclass C:\n    def m(self):\n        x = 1\n        return x\n"
    assert _functions("m.py", text) == {"m.py:f": 2, "m.py:C.m": 3}
