"""The re-run step: re-runs with the execution cache (nothing changed, one notebook,
one data row, one tag) against a cold run and the floor."""

from __future__ import annotations

import csv
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat

from bench.measure import (
    compute_cache,
    exec_cache,
    floor_notebooks,
    image_cache,
    run_floor,
    step_notebooks,
    time_call,
)
from bench.record import Figure

#: The notebook whose source the one-notebook re-run edits (a mid-weight one).
RERUN_NOTEBOOK = "04"


class _RerunSides:
    """The re-run's copies of the notebooks and data in `work`, the runs on them
    through `run` (`runner.run`) and the edits between runs."""

    def __init__(
        self,
        run: Callable[..., Any],
        work: Path,
        notebooks: list[Path],
        data_dir: Path,
        changed: str,
    ) -> None:
        self.run, self.work = run, work
        self.source = work / "notebooks"
        self.source.mkdir()
        for nb in notebooks:
            shutil.copy(nb, self.source / nb.name)
        self.data = work / "data"
        shutil.copytree(data_dir, self.data)
        floor_notebooks(work / "floor", len(notebooks))  # run by `run_floor`
        self.target = next(
            (nb for nb in notebooks if nb.name.startswith(changed)), notebooks[-1]
        )
        self.edits = 0
        self.out = work / "out"

    def go(self, cache: str, compute: str = "off") -> Any:
        with (
            image_cache(str(self.work / "image-cache")),
            exec_cache(cache),
            compute_cache(compute),
        ):
            return self.run(
                data_dir=self.data, output_dir=self.out, notebooks_dir=self.source
            )

    def floor(self) -> None:
        run_floor(self.run, self.data, self.work)

    def edit_notebook(self) -> None:
        self.edits += 1
        path = self.source / self.target.name
        nb = nbformat.read(path, as_version=4)
        nb.cells.append(nbformat.v4.new_markdown_cell(f"Benchmark edit {self.edits}."))
        if len(nb.cells) > 1 and nb.cells[-2].source.startswith("Benchmark edit"):
            del nb.cells[-2]
        nbformat.write(nb, path)

    def _events(self) -> list[list[str]]:
        with (self.data / "events.csv").open(newline="", encoding="utf-8") as handle:
            return list(csv.reader(handle))

    def _write_events(self, rows: list[list[str]]) -> None:
        events = self.data / "events.csv"
        with events.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)

    def edit_row(self) -> None:
        self.edits += 1
        rows = self._events()
        # The last row's notes reworded (a sentence added, its tags kept): a change no
        # check refuses and no analysis reads. Replacing the whole note dropped the row's
        # coverage tag, which the sensitivity analyses do read (then they recompute).
        notes = rows[0].index("notes")
        kept = rows[-1][notes].split(" Benchmark edit ")[0]
        rows[-1][notes] = f"{kept} Benchmark edit {self.edits}."
        self._write_events(rows)

    def edit_tag(self) -> None:
        # The last row's whole note replaced: its coverage tag goes, which the
        # sensitivity analyses read (the row no longer counts as a coverage addition).
        self.edits += 1
        rows = self._events()
        rows[-1][rows[0].index("notes")] = f"benchmark edit {self.edits}"
        self._write_events(rows)


def bench_rerun(
    reps: int,
    select: list[str] | None,
    data_dir: Path,
    changed: str = RERUN_NOTEBOOK,
    warm_up: bool = True,
    stand_in: bool = False,
) -> list[Figure]:
    """Re-runs with the execution cache against a cold run (empty execution cache),
    in turn: cold, no-op (nothing changed), one notebook's source changed, one data
    row changed, and the floor of as many import-only notebooks (no cache). Every side
    runs on copies of the notebooks and data, with this benchmark's own warm image
    cache (warmed by an untimed run first, unless `warm_up` is off, as in the smoke
    run), into its own output folder.

    The smoke run re-runs one import-only notebook (`stand_in`): the step's code runs,
    and tests/test_runner.py checks what a re-run executes on notebooks that draw."""
    from seesaw.pipeline import runner

    work = Path(tempfile.mkdtemp(prefix="seesaw-bench-rerun-"))
    notebooks = step_notebooks(work, select, stand_in)
    sides = _RerunSides(runner.run, work, notebooks, data_dir, changed)
    if warm_up:
        sides.go("off")  # fills the image cache; not timed
    t, ran = _time_reruns(sides, reps)
    shutil.rmtree(work, ignore_errors=True)
    return _rerun_figures(len(notebooks), sides.target.name, t, ran)


def _time_reruns(
    sides: _RerunSides, reps: int
) -> tuple[dict[str, list[float]], dict[str, list[int]]]:
    """The seconds of each re-run, by side, and how many notebooks each executed."""
    t: dict[str, list[float]] = {
        k: [] for k in ("cold", "noop", "one", "row", "tag", "row_off", "floor")
    }
    ran: dict[str, list[int]] = {
        k: [] for k in ("noop", "one", "row", "tag", "row_off")
    }
    for i in range(reps):  # the sides in turn, so noise hurts them alike
        # Each repetition starts with both caches empty: the cold run fills them.
        cache, compute = (
            str(sides.work / f"cache-{i}"),
            str(sides.work / f"compute-{i}"),
        )
        start = time.perf_counter()
        sides.go(cache, compute)
        t["cold"].append(time.perf_counter() - start)
        # Each side after its edit (none for the no-op); the last is the same row edit
        # again, every simulation computed.
        for side, edit, side_compute in (
            ("noop", None, compute),
            ("one", sides.edit_notebook, compute),
            ("row", sides.edit_row, compute),
            ("tag", sides.edit_tag, compute),
            ("row_off", sides.edit_row, "off"),
        ):
            if edit is not None:
                edit()
            start = time.perf_counter()
            ran[side].append(len(sides.go(cache, side_compute).executed))
            t[side].append(time.perf_counter() - start)
        with exec_cache("off"):
            t["floor"].append(time_call(sides.floor))
    return t, ran


def _rerun_figures(
    n: int, target: str, t: dict[str, list[float]], ran: dict[str, list[int]]
) -> list[Figure]:
    """The re-run's rows, each ratio against the cold run's median."""
    cold = statistics.median(t["cold"])
    floor = statistics.median(t["floor"])
    f_cold = Figure(f"re-run: cold ({n} notebooks, empty execution cache)", t["cold"])
    f_cold.note = "images cached; every notebook executed; both caches empty at start"
    f_noop = Figure("re-run: nothing changed", t["noop"])
    f_noop.ratio = statistics.median(t["noop"]) / cold
    f_noop.goal = "no-op/cold <= 0.25 and < floor"
    f_noop.ok = f_noop.ratio <= 0.25 and f_noop.median < floor
    f_noop.note = (
        f"ratio = no-op / cold; floor ({n} import-only notebooks) {floor:.2f} s; "
        f"notebooks executed: {max(ran['noop'])}"
    )
    f_one = Figure(f"re-run: one notebook's source changed ({target})", t["one"])
    f_one.ratio = statistics.median(t["one"]) / cold
    f_one.goal = "one/cold <= 0.4"
    f_one.ok = f_one.ratio <= 0.4 and max(ran["one"]) == 1
    f_one.note = f"ratio = one changed / cold; notebooks executed: {max(ran['one'])}"
    f_row = Figure("re-run: one data row changed, computation cache warm", t["row"])
    f_row.ratio = statistics.median(t["row"]) / cold
    f_row.goal = "row/cold <= 0.5"
    f_row.ok = f_row.ratio <= 0.5
    f_row.note = (
        f"ratio = row changed / cold; notebooks executed: {max(ran['row'])} of {n} "
        "(every notebook reads the data); a note reworded, its tags kept: every "
        "computation whose inputs held was reused"
    )
    f_tag = Figure("re-run: one row's tag changed, computation cache warm", t["tag"])
    f_tag.ratio = statistics.median(t["tag"]) / cold
    f_tag.note = (
        f"ratio = tag changed / cold; notebooks executed: {max(ran['tag'])} of {n}; "
        "the analyses that read the tag computed again"
    )
    f_row_off = Figure(
        "re-run: one data row changed, no computation cache", t["row_off"]
    )
    f_row_off.ratio = statistics.median(t["row_off"]) / cold
    f_row_off.note = (
        f"ratio = row changed / cold; notebooks executed: {max(ran['row_off'])} of "
        f"{n}; every simulation computed again"
    )
    f_floor = Figure(f"re-run: floor, {n} import-only notebooks", t["floor"])
    return [f_cold, f_noop, f_one, f_row, f_tag, f_row_off, f_floor]
