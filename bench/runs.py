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
    import uuid

    from seesaw.pipeline import runner

    notebooks = runner.notebook_sequence()
    if select:
        notebooks = [
            nb for nb in notebooks if any(nb.name.startswith(s) for s in select)
        ]
    work = Path(tempfile.mkdtemp(prefix="seesaw-bench-"))
    floor_dir = floor_notebooks(work / "floor", len(notebooks))
    names = [nb.name[:2] for nb in notebooks]
    results: list[runner.RunResult] = []

    def cold(images: str, compute: str) -> None:
        fresh = str(work / f"nb-cache-{uuid.uuid4().hex}")  # no notebook served
        with image_cache(images), exec_cache(fresh), compute_cache(compute):
            results.append(
                runner.run(data_dir=data_dir, output_dir=work / "out", select=names)
            )
        shutil.rmtree(fresh, ignore_errors=True)

    def full() -> None:
        # The image cache of this benchmark's own: warm after the first run, as for a
        # maintainer re-running notebooks whose charts did not change.
        cold(str(work / "image-cache"), str(work / "compute-cache"))

    def full_nocompute() -> None:
        cold(str(work / "image-cache"), "off")

    def full_cold() -> None:
        # Every image rendered again, as after a data change that touches every chart.
        cold("off", str(work / "compute-cache"))

    floor_results: list[runner.RunResult] = []

    def floor() -> None:
        with exec_cache("off"):
            floor_results.append(
                runner.run(
                    data_dir=data_dir,
                    output_dir=work / "floor-out",
                    notebooks_dir=floor_dir,
                    figures=False,
                    report=False,
                )
            )

    # The naive way cannot take parameters: give it copies with the data folder set.
    import papermill

    prepared = work / "prepared"
    prepared.mkdir()
    for nb in notebooks:
        papermill.execute_notebook(
            str(nb),
            str(prepared / nb.name),
            parameters={"data_dir": str(data_dir.resolve())},
            prepare_only=True,
        )

    def naive() -> None:
        for nb in notebooks:
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
                    str(work / "naive"),
                    str(prepared / nb.name),
                ],
                check=True,
                capture_output=True,
                env=child_env(),
                cwd=paths.NOTEBOOKS,
            )

    if warm_up:
        full()  # fills the image cache and the computation cache; not timed
        results.clear()
    t_full, t_floor, t_cold, t_nocomp = [], [], [], []
    for _ in range(reps):  # the two sides of the ratio in turn, nothing between them
        t_full.append(time_call(full))
        t_floor.append(time_call(floor))
    for _ in range(reps):  # then the variants, so that their after-effects fall on
        t_cold.append(time_call(full_cold))  # neither side of it
        t_nocomp.append(time_call(full_nocompute))
    t_full2, t_naive = alternate(full, naive, reps) if naive_too else ([], [])
    shutil.rmtree(work, ignore_errors=True)
    n = len(notebooks)
    f_full = Figure(f"cold report ({n} notebooks), images cached", t_full)
    f_full.note = "empty execution cache; computation cache warm (same code)"
    f_nocomp = Figure(f"cold report ({n} notebooks), no computation cache", t_nocomp)
    f_cold = Figure(f"cold report ({n} notebooks), every image rendered", t_cold)
    f_floor = Figure(f"floor: {n} import-only notebooks", t_floor)
    floor_median = statistics.median(t_floor)
    r1 = statistics.median(t_full) / floor_median
    f_floor.ratio, f_floor.goal, f_floor.ok = r1, "cold/floor <= 2.0", r1 <= 2.0
    f_floor.note = "ratio = cold report (images cached) / floor"
    rn = statistics.median(t_nocomp) / floor_median
    f_nocomp.ratio = rn
    f_nocomp.note = "ratio = cold report, every simulation computed / floor"
    rc = statistics.median(t_cold) / floor_median
    f_cold.ratio, f_cold.goal, f_cold.ok = rc, "cold/floor <= 3.0", rc <= 3.0
    f_cold.note = "ratio = cold report (every image rendered) / floor"
    out = [f_full, f_nocomp, f_cold, f_floor]
    out += _breakdown(results[: len(t_full)], floor_results, n)
    if not naive_too:
        return out
    f_naive = Figure("naive: nbconvert --execute, one by one", t_naive)
    r2 = statistics.median(t_full2) / statistics.median(t_naive)
    f_naive.ratio, f_naive.goal, f_naive.ok = r2, "full/naive <= 0.6", r2 <= 0.6
    f_naive.note = (
        "naive run executes only (no figures, no report); full does both "
        f"(cold report {statistics.median(t_full2):.1f} s in turn with it)"
    )
    return [*out, f_naive]


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
    elif select:
        notebooks = [
            nb for nb in notebooks if any(nb.name.startswith(s) for s in select)
        ]
    source = work / "notebooks"
    source.mkdir()
    for nb in notebooks:
        shutil.copy(nb, source / nb.name)
    data = work / "data"
    shutil.copytree(data_dir, data)
    floor_dir = floor_notebooks(work / "floor", len(notebooks))
    target = next(
        (nb for nb in notebooks if nb.name.startswith(changed)), notebooks[-1]
    )
    edits = {"n": 0}
    out = work / "out"

    def go(cache: str, compute: str = "off") -> runner.RunResult:
        with (
            image_cache(str(work / "image-cache")),
            exec_cache(cache),
            compute_cache(compute),
        ):
            return runner.run(data_dir=data, output_dir=out, notebooks_dir=source)

    def edit_notebook() -> None:
        edits["n"] += 1
        nb = nbformat.read(source / target.name, as_version=4)
        nb.cells.append(nbformat.v4.new_markdown_cell(f"Benchmark edit {edits['n']}."))
        if len(nb.cells) > 1 and nb.cells[-2].source.startswith("Benchmark edit"):
            del nb.cells[-2]
        nbformat.write(nb, source / target.name)

    def edit_row() -> None:
        edits["n"] += 1
        events = data / "events.csv"
        with events.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        # The last row's notes reworded (a sentence added, its tags kept): a change no
        # check refuses and no analysis reads. Replacing the whole note dropped the row's
        # coverage tag, which the sensitivity analyses do read (then they recompute).
        notes = rows[0].index("notes")
        kept = rows[-1][notes].split(" Benchmark edit ")[0]
        rows[-1][notes] = f"{kept} Benchmark edit {edits['n']}."
        with events.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)

    def edit_tag() -> None:
        # The last row's whole note replaced: its coverage tag goes, which the
        # sensitivity analyses read (the row no longer counts as a coverage addition).
        edits["n"] += 1
        events = data / "events.csv"
        with events.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        rows[-1][rows[0].index("notes")] = f"benchmark edit {edits['n']}"
        with events.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)

    if warm_up:
        go("off")  # fills the image cache; not timed
    t_cold, t_noop, t_one, t_row, t_row_off, t_floor = [], [], [], [], [], []
    t_tag: list[float] = []
    ran: dict[str, list[int]] = {
        "noop": [],
        "one": [],
        "row": [],
        "tag": [],
        "row_off": [],
    }
    for i in range(reps):  # the sides in turn, so noise hurts them alike
        # Each repetition starts with both caches empty: the cold run fills them.
        cache, compute = str(work / f"cache-{i}"), str(work / f"compute-{i}")
        start = time.perf_counter()
        go(cache, compute)
        t_cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        ran["noop"].append(len(go(cache, compute).executed))
        t_noop.append(time.perf_counter() - start)
        edit_notebook()
        start = time.perf_counter()
        ran["one"].append(len(go(cache, compute).executed))
        t_one.append(time.perf_counter() - start)
        edit_row()
        start = time.perf_counter()
        ran["row"].append(len(go(cache, compute).executed))
        t_row.append(time.perf_counter() - start)
        edit_tag()
        start = time.perf_counter()
        ran["tag"].append(len(go(cache, compute).executed))
        t_tag.append(time.perf_counter() - start)
        edit_row()  # the same edit again, every simulation computed
        start = time.perf_counter()
        ran["row_off"].append(len(go(cache, "off").executed))
        t_row_off.append(time.perf_counter() - start)
        with exec_cache("off"):
            t_floor.append(
                time_call(
                    lambda: runner.run(
                        data_dir=data,
                        output_dir=work / "floor-out",
                        notebooks_dir=floor_dir,
                        figures=False,
                        report=False,
                    )
                )
            )
    shutil.rmtree(work, ignore_errors=True)
    n = len(notebooks)
    cold = statistics.median(t_cold)
    floor = statistics.median(t_floor)
    f_cold = Figure(f"re-run: cold ({n} notebooks, empty execution cache)", t_cold)
    f_cold.note = "images cached; every notebook executed; both caches empty at start"
    f_noop = Figure("re-run: nothing changed", t_noop)
    f_noop.ratio = statistics.median(t_noop) / cold
    f_noop.goal = "no-op/cold <= 0.25 and < floor"
    f_noop.ok = f_noop.ratio <= 0.25 and f_noop.median < floor
    f_noop.note = (
        f"ratio = no-op / cold; floor ({n} import-only notebooks) {floor:.2f} s; "
        f"notebooks executed: {max(ran['noop'])}"
    )
    f_one = Figure(f"re-run: one notebook's source changed ({target.name})", t_one)
    f_one.ratio = statistics.median(t_one) / cold
    f_one.goal = "one/cold <= 0.4"
    f_one.ok = f_one.ratio <= 0.4 and max(ran["one"]) == 1
    f_one.note = f"ratio = one changed / cold; notebooks executed: {max(ran['one'])}"
    f_row = Figure("re-run: one data row changed, computation cache warm", t_row)
    f_row.ratio = statistics.median(t_row) / cold
    f_row.goal = "row/cold <= 0.5"
    f_row.ok = f_row.ratio <= 0.5
    f_row.note = (
        f"ratio = row changed / cold; notebooks executed: {max(ran['row'])} of {n} "
        "(every notebook reads the data); a note reworded, its tags kept: every "
        "computation whose inputs held was reused"
    )
    f_tag = Figure("re-run: one row's tag changed, computation cache warm", t_tag)
    f_tag.ratio = statistics.median(t_tag) / cold
    f_tag.note = (
        f"ratio = tag changed / cold; notebooks executed: {max(ran['tag'])} of {n}; "
        "the analyses that read the tag computed again"
    )
    f_row_off = Figure("re-run: one data row changed, no computation cache", t_row_off)
    f_row_off.ratio = statistics.median(t_row_off) / cold
    f_row_off.note = (
        f"ratio = row changed / cold; notebooks executed: {max(ran['row_off'])} of "
        f"{n}; every simulation computed again"
    )
    f_floor = Figure(f"re-run: floor, {n} import-only notebooks", t_floor)
    return [f_cold, f_noop, f_one, f_row, f_tag, f_row_off, f_floor]
