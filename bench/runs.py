"""The run steps: the cold report against its floor and naive nbconvert, and the
re-runs with the execution cache."""

from __future__ import annotations

import csv
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat

from bench.measure import (
    alternate,
    child_env,
    compute_cache,
    exec_cache,
    floor_notebooks,
    image_cache,
    time_call,
)
from bench.record import Figure
from seesaw import paths


def chosen(notebooks: list[Path], select: list[str] | None) -> list[Path]:
    """The notebooks whose names start with one of `select` (every one without it)."""
    if not select:
        return notebooks
    return [nb for nb in notebooks if any(nb.name.startswith(s) for s in select)]


class _ReportSides:
    """The sides of the cold report's comparisons, each run in `work`: the report
    through `run` (`runner.run`), the floor, and naive nbconvert. The runner's results
    are kept for the breakdown (`_breakdown`)."""

    def __init__(
        self, run: Callable[..., Any], work: Path, data_dir: Path, notebooks: list[Path]
    ) -> None:
        self.run, self.work, self.data_dir = run, work, data_dir
        self.notebooks = notebooks
        self.floor_dir = floor_notebooks(work / "floor", len(notebooks))
        self.names = [nb.name[:2] for nb in notebooks]
        self.prepared = work / "prepared"
        self.results: list[Any] = []
        self.floor_results: list[Any] = []

    def cold(self, images: str, compute: str) -> None:
        fresh = str(self.work / f"nb-cache-{uuid.uuid4().hex}")  # no notebook served
        with image_cache(images), exec_cache(fresh), compute_cache(compute):
            self.results.append(
                self.run(
                    data_dir=self.data_dir,
                    output_dir=self.work / "out",
                    select=self.names,
                )
            )
        shutil.rmtree(fresh, ignore_errors=True)

    def full(self) -> None:
        # The image cache of this benchmark's own: warm after the first run, as for a
        # maintainer re-running notebooks whose charts did not change.
        self.cold(str(self.work / "image-cache"), str(self.work / "compute-cache"))

    def full_nocompute(self) -> None:
        self.cold(str(self.work / "image-cache"), "off")

    def full_cold(self) -> None:
        # Every image rendered again, as after a data change that touches every chart.
        self.cold("off", str(self.work / "compute-cache"))

    def floor(self) -> None:
        with exec_cache("off"):
            self.floor_results.append(
                self.run(
                    data_dir=self.data_dir,
                    output_dir=self.work / "floor-out",
                    notebooks_dir=self.floor_dir,
                    figures=False,
                    report=False,
                )
            )

    def prepare_naive(self) -> None:
        """The naive way cannot take parameters: give it copies with the data folder
        set."""
        import papermill

        self.prepared.mkdir()
        for nb in self.notebooks:
            papermill.execute_notebook(
                str(nb),
                str(self.prepared / nb.name),
                parameters={"data_dir": str(self.data_dir.resolve())},
                prepare_only=True,
            )

    def naive(self) -> None:
        for nb in self.notebooks:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "jupyter",
                    "nbconvert",
                    "--to",
                    "notebook",
                    "--execute",
                    "--output-dir",
                    str(self.work / "naive"),
                    str(self.prepared / nb.name),
                ],
                check=True,
                capture_output=True,
                env=child_env(),
                cwd=paths.NOTEBOOKS,
            )


def bench_report(
    reps: int,
    select: list[str] | None,
    data_dir: Path,
    naive_too: bool = True,
    warm_up: bool = True,
) -> list[Figure]:
    """The cold report (empty execution cache) vs the floor (trivial notebooks, same
    runner) and vs naive nbconvert; then where a cold run's time goes.

    Cold means no notebook is served from the execution cache (each timed run gets an
    empty one). The computation cache is warm for the main row (the power tables and
    variants a previous run of the same code stored, as on a maintainer's machine)
    and off for the `no computation cache` row (every simulation computed). The smoke
    run skips the untimed warm-up (`warm_up`): its figures are not judged."""
    from seesaw.pipeline import runner

    notebooks = chosen(runner.notebook_sequence(), select)
    work = Path(tempfile.mkdtemp(prefix="seesaw-bench-"))
    sides = _ReportSides(runner.run, work, data_dir, notebooks)
    sides.prepare_naive()
    t = _time_report(sides, reps, naive_too, warm_up)
    shutil.rmtree(work, ignore_errors=True)
    n = len(notebooks)
    out = _report_figures(n, t)
    out += _breakdown(sides.results[: len(t["full"])], sides.floor_results, n)
    if not naive_too:
        return out
    return [*out, _naive_figure(t)]


def _time_report(
    sides: _ReportSides, reps: int, naive_too: bool, warm_up: bool
) -> dict[str, list[float]]:
    """The seconds of each side of `bench_report`, by side: the cold report and the
    floor in turn, then its variants, then the report and naive nbconvert in turn."""
    if warm_up:
        sides.full()  # fills the image cache and the computation cache; not timed
        sides.results.clear()
    t: dict[str, list[float]] = {k: [] for k in ("full", "floor", "cold", "nocomp")}
    for _ in range(reps):  # the two sides of the ratio in turn, nothing between them
        t["full"].append(time_call(sides.full))
        t["floor"].append(time_call(sides.floor))
    for _ in range(reps):  # then the variants, so that their after-effects fall on
        t["cold"].append(time_call(sides.full_cold))  # neither side of it
        t["nocomp"].append(time_call(sides.full_nocompute))
    both = alternate(sides.full, sides.naive, reps) if naive_too else ([], [])
    t["full2"], t["naive"] = both
    return t


def _report_figures(n: int, t: dict[str, list[float]]) -> list[Figure]:
    """The cold report's rows: images cached, no computation cache, every image
    rendered, and the floor (each ratio against the floor)."""
    f_full = Figure(f"cold report ({n} notebooks), images cached", t["full"])
    f_full.note = "empty execution cache; computation cache warm (same code)"
    f_nocomp = Figure(f"cold report ({n} notebooks), no computation cache", t["nocomp"])
    f_cold = Figure(f"cold report ({n} notebooks), every image rendered", t["cold"])
    f_floor = Figure(f"floor: {n} import-only notebooks", t["floor"])
    floor_median = statistics.median(t["floor"])
    r1 = statistics.median(t["full"]) / floor_median
    f_floor.ratio, f_floor.goal, f_floor.ok = r1, "cold/floor <= 2.0", r1 <= 2.0
    f_floor.note = "ratio = cold report (images cached) / floor"
    rn = statistics.median(t["nocomp"]) / floor_median
    f_nocomp.ratio = rn
    f_nocomp.note = "ratio = cold report, every simulation computed / floor"
    rc = statistics.median(t["cold"]) / floor_median
    f_cold.ratio, f_cold.goal, f_cold.ok = rc, "cold/floor <= 3.0", rc <= 3.0
    f_cold.note = "ratio = cold report (every image rendered) / floor"
    return [f_full, f_nocomp, f_cold, f_floor]


def _naive_figure(t: dict[str, list[float]]) -> Figure:
    """Naive nbconvert's row, its ratio the cold report timed in turn with it."""
    f_naive = Figure("naive: nbconvert --execute, one by one", t["naive"])
    r2 = statistics.median(t["full2"]) / statistics.median(t["naive"])
    f_naive.ratio, f_naive.goal, f_naive.ok = r2, "full/naive <= 0.6", r2 <= 0.6
    f_naive.note = (
        "naive run executes only (no figures, no report); full does both "
        f"(cold report {statistics.median(t['full2']):.1f} s in turn with it)"
    )
    return f_naive


def _breakdown(results: list[Any], floor_results: list[Any], n: int) -> list[Figure]:
    """Where a cold run's time goes: each phase (median seconds and share of the run),
    each notebook's execution, and the kernel start (a floor notebook's time)."""
    if not results:
        return []
    out = []
    totals = [r.seconds for r in results]
    total = statistics.median(totals)
    phase_names = list(dict.fromkeys(k for r in results for k in r.phases))
    for name in phase_names:
        seconds = [r.phases.get(name, 0.0) for r in results]
        f = Figure(f"phase: {name}", seconds)
        f.extra = {"share": round(statistics.median(seconds) / total, 3)}
        f.note = f"{statistics.median(seconds) / total:.0%} of the cold run"
        out.append(f)
    kernel = [
        statistics.median(list(r.timings.values())) for r in floor_results if r.timings
    ]
    if kernel:
        f = Figure("phase: kernel start + imports, per notebook", kernel)
        f.note = (
            f"an import-only notebook's time; x{n} notebooks over 2 workers is about "
            f"{statistics.median(kernel) * n / 2 / total:.0%} of the cold run"
        )
        out.append(f)
    for name in sorted({k for r in results for k in r.timings}):
        seconds = [r.timings[name] for r in results if name in r.timings]
        f = Figure(f"notebook: {name}", seconds)
        if kernel:
            f.note = (
                f"execution incl. kernel start; {statistics.median(seconds) / total:.0%}"
                " of the cold run's wall time (2 run at once)"
            )
        out.append(f)
    return out


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
        self.floor_dir = floor_notebooks(work / "floor", len(notebooks))
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
        self.run(
            data_dir=self.data,
            output_dir=self.work / "floor-out",
            notebooks_dir=self.floor_dir,
            figures=False,
            report=False,
        )

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
    notebooks = runner.notebook_sequence()
    if stand_in:
        notebooks = sorted(floor_notebooks(work / "stand-in", 1).glob("*.ipynb"))
    else:
        notebooks = chosen(notebooks, select)
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
