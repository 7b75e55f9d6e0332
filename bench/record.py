"""The benchmark's record: one measured `Figure`, the table printed as each step
ends, the headline ratios side by side (`summary`) and the package versions."""

from __future__ import annotations

import platform
import statistics
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any


@dataclass
class Figure:
    """One measured figure: name, median seconds, spread, and its goal."""

    name: str
    seconds: list[float]
    goal: str = ""
    ratio: float | None = None
    ok: bool | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    def row(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "median_s": round(self.median, 4) if self.seconds else None,
            "min_s": round(min(self.seconds), 4) if self.seconds else None,
            "max_s": round(max(self.seconds), 4) if self.seconds else None,
            "runs": len(self.seconds),
            "ratio": None if self.ratio is None else round(self.ratio, 3),
            "goal": self.goal,
            "ok": self.ok,
            "note": self.note,
            **self.extra,
        }


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in (
        "pandas",
        "numpy",
        "plotly",
        "papermill",
        "nbval",
        "kaleido",
        "ipywidgets",
        "pandera",
    ):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "missing"
    return out


#: The headline ratios, by the start of their figure's name (issues 27 and 28).
SUMMARY = (
    ("cold report, images cached / floor", "floor:"),
    ("cold report, no computation cache / floor", "cold report (", "no computation"),
    ("cold report, every image rendered / floor", "cold report (", "every image"),
    ("no-op / cold", "re-run: nothing changed"),
    ("one notebook changed / cold", "re-run: one notebook"),
    ("data row changed / cold, computation cache warm", "re-run: one data row", "warm"),
    ("a row's tag changed / cold, computation cache warm", "re-run: one row's tag"),
    (
        "data row changed / cold, no computation cache",
        "re-run: one data row",
        "no comp",
    ),
)


def summary(figures: list[Figure]) -> list[str]:
    """The headline figures of this one run, side by side."""
    lines = []
    for label, prefix, *part in SUMMARY:
        f = next(
            (
                f
                for f in figures
                if f.name.startswith(prefix) and all(x in f.name for x in part)
            ),
            None,
        )
        if f is not None and f.ratio is not None:
            lines.append(f"{label:52} {f.ratio:6.2f}x")
    for f in figures:
        if f.name.startswith("peak memory"):
            peak = f.extra.get("peak_bytes", 0) / 2**20
            what = "refused up front" if f.extra.get("refused") else "ran"
            lines.append(f"{f.name[13:]:52} {peak:6,.0f} MB peak, {what}")
    return lines


def print_table(figures: list[Figure]) -> None:
    print(f"{'figure':58} {'median':>9} {'min-max':>17} {'ratio':>7}  goal")
    for f in figures:
        spread = f"{min(f.seconds):.3f}-{max(f.seconds):.3f}" if f.seconds else ""
        median = f"{f.median:.3f} s" if f.seconds else ""
        ratio = f"{f.ratio:.2f}" if f.ratio is not None else ""
        mark = {True: "met", False: "MISSED", None: ""}[f.ok]
        goal = f"{f.goal} {mark}".strip()
        print(f"{f.name[:58]:58} {median:>9} {spread:>17} {ratio:>7}  {goal}")
        if f.note:
            print(f"{'':58}   {f.note}")
