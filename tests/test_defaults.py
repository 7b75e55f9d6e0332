"""Each default of the analysis is typed once, in `seesaw.data.vocab`.

A function's default, a module constant or a `.get(name, default)` that repeats one of
the values below under one of its names is a second home for it: the two drift apart
the day one is changed. The notebooks' parameter cells repeat the defaults as literals
(papermill reads them as text); tests/test_vocab.py checks that they agree.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import seesaw
from seesaw.data import vocab

PACKAGE = Path(seesaw.__file__).parent
HOME = PACKAGE / "data" / "vocab.py"

#: (the names a default goes by, its value, the constant in vocab that holds it).
DEFAULTS = [
    (("smooth_days", "smoothing_days"), vocab.DEFAULT_SMOOTHING_DAYS, "DEFAULT_SMOOTHING_DAYS"),
    (("window_days", "event_window_days"), vocab.DEFAULT_EVENT_WINDOW_DAYS, "DEFAULT_EVENT_WINDOW_DAYS"),
    (("window_days", "coincidence_days"), vocab.DEFAULT_COINCIDENCE_DAYS, "DEFAULT_COINCIDENCE_DAYS"),
    (("merge_days",), vocab.DEFAULT_MERGE_DAYS, "DEFAULT_MERGE_DAYS"),
    (("follow_days", "days"), vocab.DEFAULT_FOLLOW_DAYS, "DEFAULT_FOLLOW_DAYS"),
    (("seed",), vocab.DEFAULT_SEED, "DEFAULT_SEED"),
    (("permutations", "draws"), vocab.DEFAULT_PERMUTATIONS, "DEFAULT_PERMUTATIONS"),
    (("permutations", "draws"), vocab.SENSITIVITY_PERMUTATIONS, "SENSITIVITY_PERMUTATIONS"),
    (("alpha",), vocab.ALPHA, "ALPHA"),
    (("runs", "power_runs"), vocab.POWER_RUNS, "POWER_RUNS"),
    (("runs", "power_runs"), vocab.SPELLS_POWER_RUNS, "SPELLS_POWER_RUNS"),
    (("runs", "power_runs"), vocab.POWER_CURVE_RUNS, "POWER_CURVE_RUNS"),
]  # fmt: skip

#: Modules that may type these numbers for another meaning: the synthetic worlds and the
#: benchmarks (leaving the package) have seeds and sizes of their own.
OTHER_MEANING = {"synthetic.py", "bench.py"}


def _literal(value: float) -> str:
    """A regular expression for the number as it may be typed (9999, 9_999, 0.05)."""
    if isinstance(value, int):
        return "_?".join(str(value))
    return re.escape(repr(value))


def _patterns(names: tuple[str, ...], value: float) -> list[str]:
    name = "|".join(names)
    number = _literal(value)
    # a constant may carry a prefix (BASE_SEED); a bare "days" (the follow-through
    # check's key) may not: DOHA_DAYS = 30 is another window
    own = "|".join(n for n in names if n != "days") or name
    return [
        # a parameter's default, a keyword argument or a module constant
        rf"\b(?:(?:\w+_)?(?:{own})|{name})\s*(?::\s*[\w\[\] |.]+)?\s*=\s*{number}(?![\w.])",
        # a mapping read with a default: p.get("coincidence_days", 3) or p.get(...) or 3
        rf"[\"'](?:{name})[\"']\s*,\s*{number}(?![\w.])",
        rf"[\"'](?:{name})[\"']\)\s*or\s*{number}(?![\w.])",
    ]


def _copies(names: tuple[str, ...], value: float) -> list[str]:
    patterns = _patterns(names, value)
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == HOME or path.name in OTHER_MEANING:
            continue
        for number_, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if any(re.search(p, line, re.IGNORECASE) for p in patterns):
                found.append(f"{path.relative_to(PACKAGE)}:{number_}: {line.strip()}")
    return found


@pytest.mark.parametrize(
    ("names", "value", "constant"), DEFAULTS, ids=[d[2] for d in DEFAULTS]
)
def test_each_default_is_typed_only_in_vocab(
    names: tuple[str, ...], value: float, constant: str
) -> None:
    copies = _copies(names, value)
    assert not copies, f"use vocab.{constant} instead of:\n" + "\n".join(copies)


def test_the_seeds_are_the_one_seed() -> None:
    """A seed of 0 beside the project's seed makes two reproducible answers."""
    assert not _copies(("seed",), 0)


def test_the_pattern_finds_a_copy() -> None:
    pattern = rf"\bpermutations\s*(?::\s*[\w\[\] |.]+)?\s*=\s*{_literal(9999)}(?![\w.])"
    for text in (
        "permutations: int = 9999,",
        "permutations=9_999)",
        "PERMUTATIONS = 9999",
    ):
        assert re.search(pattern, text, re.IGNORECASE), text
    assert not re.search(pattern, "permutations: int = 99999", re.IGNORECASE)


#: A threshold typed in a comparison (`p < 0.05`, `power < 0.8`): vocab.ALPHA and
#: vocab.GOOD_POWER hold them.
THRESHOLD = re.compile(r"[<>]=?\s*(?:0?\.05|0?\.8)(?![\w.])")


def _notebook_code() -> list[tuple[str, int, str]]:
    """(notebook, cell, line) of every code line but the parameters cell's."""
    import json

    out = []
    for path in sorted((PACKAGE.parents[1] / "notebooks").glob("0[1-7]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for i, cell in enumerate(cells):
            tags = cell.get("metadata", {}).get("tags", [])
            if cell["cell_type"] != "code" or "parameters" in tags:
                continue
            out += [
                (path.name, i, line) for line in "".join(cell["source"]).split("\n")
            ]
    return out


def test_the_notebooks_type_no_default_or_threshold() -> None:
    """Notebooks read defaults and thresholds from vocab (their parameter cells aside,
    which papermill reads as text), and define no functions of their own."""
    found = [
        f"{name} cell {i}: {line.strip()}"
        for name, i, line in _notebook_code()
        if THRESHOLD.search(line)
        or re.search(r"\blambda\b|^\s*def ", line)
        or any(
            re.search(p, line, re.IGNORECASE)
            for names, value, _ in DEFAULTS
            for p in _patterns(names, value)
        )
    ]
    assert not found, "\n".join(found)


def _typed_constants() -> dict[str, str]:
    """How the thresholds and the simulated worlds' spans read in prose, each from the
    constant that holds it."""
    from seesaw.analysis import power, synthetic

    span = "{}-{} days".format
    return {
        f"{vocab.GOOD_POWER:.0%}": "vocab.GOOD_POWER",
        f"{vocab.ALPHA:g}": "vocab.ALPHA",
        span(*power.REALISTIC_SPELLS): "power.REALISTIC_SPELLS",
        span(*synthetic.SPELL_DAYS): "synthetic.SPELL_DAYS",
        span(*synthetic.PLANTED_LAG_DAYS): "synthetic.PLANTED_LAG_DAYS",
    }


def test_the_notebooks_prose_types_no_threshold() -> None:
    """No cell's text (Markdown or a code cell's strings) types a threshold or a
    simulated span that a constant holds: the sentence would not follow the constant."""
    import json

    typed = _typed_constants()
    found = []
    for path in sorted((PACKAGE.parents[1] / "notebooks").glob("0[1-7]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for i, cell in enumerate(cells):
            if "parameters" in cell.get("metadata", {}).get("tags", []):
                continue
            text = "".join(cell["source"])
            found += [
                f"{path.name} cell {i}: {shown!r} (read {name})"
                for shown, name in typed.items()
                if re.search(rf"(?<![\w.]){re.escape(shown)}(?![\w])", text)
            ]
    assert not found, "\n".join(found)


def test_the_notebook_scan_finds_a_threshold() -> None:
    for text in ("if v.power < 0.8", "p_holm < 0.05).sum()", "runs=200, seed"):
        hit = THRESHOLD.search(text) or any(
            re.search(p, text) for p in _patterns(("runs",), 200)
        )
        assert hit, text
    assert not THRESHOLD.search("x < 0.85") and not THRESHOLD.search("f'{0.05:.0%}'")


def test_a_prefixed_constant_is_a_copy_and_another_days_window_is_not() -> None:
    seed = _patterns(("seed",), vocab.DEFAULT_SEED)[0]
    assert re.search(seed, f"BASE_SEED = {vocab.DEFAULT_SEED}", re.IGNORECASE)
    days = _patterns(("follow_days", "days"), 30)
    assert any(re.search(p, 'int(p.get("days", 30))') for p in days)
    assert not any(re.search(p, "DOHA_DAYS = 30", re.IGNORECASE) for p in days)
