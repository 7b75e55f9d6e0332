"""The report step: the cold report against its floor (import-only notebooks) and
naive nbconvert, and where a cold run's time goes."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.measure import (
    alternate,
    child_env,
    compute_cache,
    exec_cache,
    floor_notebooks,
    image_cache,
    run_floor,
    step_notebooks,
    time_call,
)
from bench.record import Figure
from seesaw import paths


class _ReportSides:
    """The sides of the cold report's comparisons, each run in `work`: the report
    through `run` (`runner.run`), the floor, and naive nbconvert. The runner's results
    are kept for the breakdown (`_breakdown`)."""

    def __init__(
        self, run: Callable[..., Any], work: Path, data_dir: Path, notebooks: list[Path]
    ) -> None:
        self.run, self.work, self.data_dir = run, work, data_dir
        self.notebooks = notebooks
        self.source = notebooks[0].parent  # the project's, or the smoke's stand-in
        floor_notebooks(work / "floor", len(notebooks))  # run by `run_floor`
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
                    notebooks_dir=self.source,
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
            self.floor_results.append(run_floor(self.run, self.data_dir, self.work))

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
    stand_in: bool = False,
) -> list[Figure]:
    """The cold report (empty execution cache) vs the floor (trivial notebooks, same
    runner) and vs naive nbconvert; then where a cold run's time goes. The smoke run
    reports on one import-only notebook (`stand_in`), as its re-run step does: the
    step's code runs, and the real notebooks run in the smoke's sweep and nbval steps.

    Cold means no notebook is served from the execution cache (each timed run gets an
    empty one). The computation cache is warm for the main row (the power tables and
    variants a previous run of the same code stored, as on a maintainer's machine)
    and off for the `no computation cache` row (every simulation computed). The smoke
    run skips the untimed warm-up (`warm_up`): its figures are not judged."""
    from seesaw.pipeline import runner

    work = Path(tempfile.mkdtemp(prefix="seesaw-bench-"))
    notebooks = step_notebooks(work, select, stand_in)
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
