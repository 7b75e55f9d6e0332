"""`make bench`: the project's speed and memory, measured side by side in one run.

Each comparison runs its sides alternately (A, B, A, B, ...) so that a noisy machine
hurts both alike, and reports the median of each side, its spread (min-max) and the
ratio of medians. The table is printed and written to build/bench.json.

    python -m bench            # the full benchmark (many minutes), from the repository root
    python -m bench --smoke    # tiny sizes, one repetition, every step (run by `make test`)

Every step runs in both modes (`STEPS`); the record's `steps` says which ran and which
failed, and a failed step makes the exit status 1, so no guard can knock a step out
silently. The harness lives outside the installed package: it is a tool of the
repository, not of the package's users.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from seesaw import paths


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


def _time(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def alternate(
    a: Callable[[], Any], b: Callable[[], Any], reps: int
) -> tuple[list[float], list[float]]:
    """Time `a` and `b` alternately `reps` times each."""
    ta, tb = [], []
    for _ in range(reps):
        ta.append(_time(a))
        tb.append(_time(b))
    return ta, tb


@contextlib.contextmanager
def setting(name: str, value: str | None) -> Iterator[None]:
    """Run a block with environment variable `name` set to `value` (None: unset)."""
    before = os.environ.get(name)
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before


def image_cache(value: str) -> contextlib.AbstractContextManager[None]:
    """Run a block with the image cache set to `value` ("off", or a folder)."""
    from seesaw.publish.images import IMAGE_CACHE_ENV

    return setting(IMAGE_CACHE_ENV, value)


def exec_cache(value: str) -> contextlib.AbstractContextManager[None]:
    """Run a block with the execution cache set to `value` ("off", or a folder)."""
    from seesaw.pipeline.nbcache import CACHE_ENV

    return setting(CACHE_ENV, value)


def compute_cache(value: str) -> contextlib.AbstractContextManager[None]:
    """Run a block with the computation cache set to `value` ("off", or a folder)."""
    from seesaw.data.memo import COMPUTE_ENV

    return setting(COMPUTE_ENV, value)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SEESAW_DEBUG", None)
    return env


def _floor_notebooks(folder: Path, n: int) -> Path:
    """`n` notebooks that only import pandas and plotly (the floor of any run)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(1, n + 1):
        nb = new_notebook()
        nb.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        cell = new_code_cell('data_dir: str = "../data"  # unused')
        cell.metadata["tags"] = ["parameters"]
        nb.cells = [
            cell,
            new_code_cell("import pandas as pd\nimport plotly.graph_objects as go"),
        ]
        nbformat.write(nb, folder / f"{i:02d}_floor.ipynb")
    return folder


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
    floor_dir = _floor_notebooks(work / "floor", len(notebooks))
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
                env=_env(),
                cwd=paths.NOTEBOOKS,
            )

    if warm_up:
        full()  # fills the image cache and the computation cache; not timed
        results.clear()
    t_full, t_floor, t_cold, t_nocomp = [], [], [], []
    for _ in range(reps):  # the two sides of the ratio in turn, nothing between them
        t_full.append(_time(full))
        t_floor.append(_time(floor))
    for _ in range(reps):  # then the variants, so that their after-effects fall on
        t_cold.append(_time(full_cold))  # neither side of it
        t_nocomp.append(_time(full_nocompute))
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
        notebooks = sorted(_floor_notebooks(work / "stand-in", 1).glob("*.ipynb"))
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
    floor_dir = _floor_notebooks(work / "floor", len(notebooks))
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
                _time(
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


def export_one_by_one(figs: list[Any], out_dir: Path, formats: tuple[str, ...]) -> None:
    """`bench_export`'s baseline: the files `export_figures` writes (each image, then
    each alt text), but every image rendered by its own `plotly.io.write_image` (a
    browser per image)."""
    import plotly.graph_objects as go
    import plotly.io as pio

    from seesaw.files import atomic_write
    from seesaw.publish.export import export_figures, stable_svg
    from seesaw.publish.images import figure_json, image_size, static_spec

    out_dir.mkdir(parents=True, exist_ok=True)
    for fmt in formats:
        for fig in figs:
            path = out_dir / f"{fig.layout.meta['slug']}.{fmt}"
            width, height = image_size(fig)
            static = go.Figure(static_spec(figure_json(fig)), skip_invalid=False)
            pio.write_image(static, path, format=fmt, width=width, height=height)
            data = path.read_bytes()
            atomic_write(path, stable_svg(data, path.stem) if fmt == "svg" else data)
    export_figures(figs, out_dir, formats=())  # the alt texts


def bench_export(reps: int, n_figs: int) -> list[Figure]:
    """Static export of all figures in one kaleido batch (`export_figures`) vs one
    write_image per figure (`export_one_by_one`)."""
    import plotly.graph_objects as go

    from seesaw.publish.export import export_figures

    figs = []
    for i in range(n_figs):
        fig = go.Figure(
            go.Scatter(x=list(range(200)), y=[(j * (i + 1)) % 17 for j in range(200)])
        )
        fig.update_layout(meta={"slug": f"99_bench_{i}", "alt": "benchmark figure"})
        figs.append(fig)
    work = Path(tempfile.mkdtemp(prefix="seesaw-bench-export-"))
    with image_cache("off"):  # both sides render every image
        t_batch, t_each = alternate(
            lambda: export_figures(figs, work / "batch", formats=("png", "svg")),
            lambda: export_one_by_one(figs, work / "each", ("png", "svg")),
            reps,
        )
    same = sorted(p.name for p in (work / "batch").iterdir()) == sorted(
        p.name for p in (work / "each").iterdir()
    )
    shutil.rmtree(work, ignore_errors=True)
    assert same, "the one-by-one export wrote other files than the batch"
    ratio = statistics.median(t_each) / statistics.median(t_batch)
    return [
        Figure(f"export {n_figs} figures x png+svg, one batch", t_batch),
        Figure(
            f"export {n_figs} figures x png+svg, one by one",
            t_each,
            goal="batch >= 3x faster",
            ratio=ratio,
            ok=ratio >= 3,
            note="ratio = one-by-one / batch",
        ),
    ]


def core_pipeline(data_dir: Path, permutations: int = 999) -> dict[str, Any]:
    """Load, validate, score, balance, runs test, label-shuffle null, phases: one pass."""
    from seesaw.analysis import metrics, spells
    from seesaw.analysis.score import score_events
    from seesaw.data.load import load_dataset

    data = load_dataset(data_dir)
    scored = score_events(data.events)
    metrics.daily_balance(scored)
    seq = metrics.pressure_sequence(scored).to_numpy()
    spells.runs_tails(seq)
    metrics.label_shuffle_null(seq, permutations, 1)
    metrics.phases(scored, 14)
    return {"events": len(data.events)}


#: The CSV size limit the core step raises to, in MB: 100,000 synthetic events are
#: about 21 MB, over the 20 MB a hand-curated table may have. The bench raises the
#: limit the way a user would (`SEESAW_MAX_CSV_MB`), so the loader's real code path,
#: size check included, reads them.
CORE_CSV_MB = "64"


def bench_core(reps: int, sizes: list[int]) -> list[Figure]:
    from bench.synthetic import write_synthetic
    from seesaw.data.rawfile import MAX_FILE_ENV

    work = Path(tempfile.mkdtemp(prefix="seesaw-bench-core-"))
    folders = {n: write_synthetic(work / str(n), n, seed=1) for n in sizes}
    times: dict[int, list[float]] = {n: [] for n in sizes}
    # The computation cache off: it would serve the load (the same synthetic text
    # every repetition) and this step measures the loader's real path.
    with setting(MAX_FILE_ENV, CORE_CSV_MB), compute_cache("off"):
        for _ in range(reps):  # sizes interleaved, so drift hits all
            for n in sizes:
                start = time.perf_counter()
                got = core_pipeline(folders[n])["events"]
                times[n].append(time.perf_counter() - start)
                if got != n:
                    raise RuntimeError(f"the core step read {got:,} of {n:,} events")
    shutil.rmtree(work, ignore_errors=True)
    out = []
    for i, n in enumerate(sizes):
        f = Figure(f"core pipeline, {n:,} events", times[n])
        if n >= 100_000:
            f.goal, f.ok = "<= 2 s", f.median <= 2.0
        if i:
            prev = sizes[i - 1]
            f.ratio = f.median / statistics.median(times[prev])
            f.note = f"time ratio vs {prev:,} events ({n / prev:.0f}x the rows)"
            if n / prev == 10:
                f.goal = (f.goal + "; " if f.goal else "") + "10x rows <= 12x time"
                f.ok = (f.ok is not False) and f.ratio <= 12
        out.append(f)
    return out


def bench_null(reps: int, acts: int, permutations: int) -> list[Figure]:
    import numpy as np

    from seesaw.analysis import metrics

    seq = np.random.default_rng(0).choice([-1, 1], size=acts)
    times = [
        _time(lambda: metrics.label_shuffle_null(seq, permutations, 1))
        for _ in range(reps)
    ]
    f = Figure(
        f"label-shuffle null, {permutations:,} permutations of {acts:,} acts", times
    )
    if acts >= 1000 and permutations >= 10_000:
        f.goal, f.ok = "<= 0.5 s", f.median <= 0.5
    return [f]


def bench_power(runs: int) -> list[Figure]:
    """The power tables at full size (notebooks 03 and 04): time, and the flag rates
    against the issue's goals (spells >= 80%, independent bursts <= 10%, tit-for-tat
    >= 80% for the secondary, planted overtures >= 80%, random days <= 10%)."""
    from seesaw.analysis import power

    tables: dict[str, Any] = {}

    def alternation() -> None:
        tables["a"] = power.alternation_power(runs).set_index("world")

    def timing() -> None:
        tables["o"] = power.overture_power(runs).set_index("world")

    with compute_cache("off"):  # the computation itself, not a read of the cache
        t_alternation, t_timing = _time(alternation), _time(timing)
    fa = Figure(f"power table, alternation, {runs:,} runs per world", [t_alternation])
    a = tables["a"]
    fa.extra = {
        "spells_flagged": float(a.loc["spells", "spells"]),
        "independent_bursts_flagged": float(a.loc["independent_bursts", "spells"]),
        "one_swap_flagged": float(a.loc["one_swap", "spells"]),
        "tit_for_tat_flagged_by_runs": float(a.loc["tit_for_tat", "act_by_act"]),
    }
    fa.goal = "spells >= 80%, bursts <= 10%, tit-for-tat >= 80%"
    fa.ok = (
        fa.extra["spells_flagged"] >= 0.8
        and fa.extra["independent_bursts_flagged"] <= 0.1
        and fa.extra["tit_for_tat_flagged_by_runs"] >= 0.8
    )
    fo = Figure(f"power table, Moscow's timing, {runs:,} runs per world", [t_timing])
    o = tables["o"]
    fo.extra = {
        "planted_flagged": float(o.loc["planted", "flagged"]),
        "half_planted_flagged": float(o.loc["half_planted", "flagged"]),
        "random_days_flagged": float(o.loc["random_days", "flagged"]),
    }
    fo.goal = "planted >= 80%, random days <= 10%"
    fo.ok = (
        fo.extra["planted_flagged"] >= 0.8 and fo.extra["random_days_flagged"] <= 0.1
    )
    if runs < 1000:  # a smoke run: too few runs to judge the goals
        for f in (fa, fo):
            f.goal, f.ok = "", None
    return [fa, fo]


def bench_explorer(reps: int, n: int, rounds: int = 4) -> list[Figure]:
    """The explorer's update after each kind of change an analyst makes, side by side
    (the changes in turn, so that noise hurts them alike), on `n` synthetic events:

    - smoothing: the balance line over 7 or 21 days (the verdicts do not read it);
    - dates: the first day moved to a day never chosen before (both tests run);
    - scheme: from mode to flat or goldstein, each on a window never seen (set,
      untimed, just before), so the alternation verdict always runs again (the
      overture verdict, which no scheme changes, is remembered from the untimed step);
    - preset: the presets in turn, with every remembered verdict forgotten first;
    - actors: an actor other than the US and Russia unticked (ticked again, untimed),
      remembered verdicts forgotten first;
    - kinds: the first kind of the largest family deselected (selected again,
      untimed), remembered verdicts forgotten first.

    Each repetition is `rounds` changes of each kind (even, so both smoothings and
    both schemes come up).
    """
    import datetime as dt

    from bench.synthetic import write_synthetic
    from seesaw.data.load import load_dataset
    from seesaw.publish.widgets import Explorer

    work = Path(tempfile.mkdtemp(prefix="seesaw-bench-explorer-"))
    data = load_dataset(write_synthetic(work, n, seed=1))
    ex = Explorer(data.events, data.quotes)
    first, last = ex.start.value, ex.end.value
    presets = list(ex.preset_labels())
    schemes = ("flat", "goldstein")
    # An actor besides the two the verdicts read most (its rows still count), and the
    # family of kinds with the most members.
    other = next(
        (a for a in ex.actors if a not in ("us", "russia")), next(iter(ex.actors))
    )
    family = max(ex.families.values(), key=lambda box: len(box.options))
    times: dict[str, list[float]] = {
        k: [] for k in ("smoothing", "dates", "scheme", "preset", "actors", "kinds")
    }

    def timed(name: str, box: Any, value: Any) -> None:
        start = time.perf_counter()
        box.value = value  # the widget's observer redraws and re-tests
        times[name].append(time.perf_counter() - start)

    for i in range(max(reps, 1) * rounds):
        timed("smoothing", ex.smoothing, (7, 21)[i % 2])
        timed("dates", ex.start, first + dt.timedelta(days=i + 1))
        ex.end.value = last - dt.timedelta(days=i + 1)  # untimed: a window never seen
        timed("scheme", ex.scheme, schemes[i % 2])  # from mode
        ex.forget_verdicts()
        start = time.perf_counter()
        ex.apply_preset(presets[(i + 1) % len(presets)])
        times["preset"].append(time.perf_counter() - start)
        ex.apply_preset("everything")  # untimed: back to every row, mode scheme
        ex.forget_verdicts()
        timed("actors", ex.actors[other], False)
        ex.actors[other].value = True  # untimed
        ex.forget_verdicts()
        timed("kinds", family, family.value[1:])
        # untimed: every kind again (options are (plain name, code) pairs)
        family.value = tuple(
            o[1] if isinstance(o, tuple) else o for o in family.options
        )
    shutil.rmtree(work, ignore_errors=True)
    names = {
        "smoothing": f"explorer update (chart + stats), {n:,} events",
        "dates": f"explorer: date range changed, {n:,} events",
        "scheme": f"explorer: scheme changed, {n:,} events",
        "preset": f"explorer: preset applied, {n:,} events",
        "actors": f"explorer: actors changed, {n:,} events",
        "kinds": f"explorer: kinds changed, {n:,} events",
    }
    notes = {
        "smoothing": "balance line over 7 or 21 days; verdicts remembered",
        "dates": "first day moved to a new day; both tests run",
        "scheme": "new window each time; the alternation test runs",
        "preset": "presets in turn, remembered verdicts forgotten first",
        "actors": "an actor unticked, remembered verdicts forgotten first",
        "kinds": "a kind deselected, remembered verdicts forgotten first",
    }
    out = []
    for key, name in names.items():
        f = Figure(name, times[key], note=notes[key])
        if n >= 10_000:
            f.goal, f.ok = "<= 0.1 s", f.median <= 0.1
        out.append(f)
    return out


def _memory(p: Any) -> int:
    """A process's proportional set size: its private pages plus its share of the pages
    it shares (a forked worker's with its parent, Chromium's between its processes),
    so that a tree's sum counts each page once; the resident set where PSS is unknown."""
    info = p.memory_full_info()
    return int(getattr(info, "pss", info.rss))


def _peak_memory(cmd: list[str], env: dict[str, str], timeout: float) -> dict[str, Any]:
    """Run `cmd`; its seconds, exit status, last stderr line and peak memory (the sum
    of the proportional set sizes of the process and all its children, polled every
    0.1 s)."""
    import psutil

    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, cwd=paths.ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak = 0
    try:
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            if time.perf_counter() - start > timeout:
                proc.kill()
                break
            total = 0
            with contextlib.suppress(psutil.Error):
                for p in [root, *root.children(recursive=True)]:
                    with contextlib.suppress(psutil.Error):
                        total += _memory(p)
            peak = max(peak, total)
            time.sleep(0.1)
    except psutil.Error:
        pass
    _, err = proc.communicate()
    lines = err.decode(errors="replace").strip().splitlines()
    return {
        "seconds": time.perf_counter() - start,
        "returncode": proc.returncode,
        "peak": peak,
        "last": lines[-1] if lines else "",
    }


#: Peak memory a run may reach (issue 28): 2 GB.
MEMORY_GOAL = 2 * 2**30


def bench_memory(
    rows: int, data_dir: Path, real_too: bool = True, limit: str | None = None
) -> list[Figure]:
    """Peak memory (PSS, `_memory`) of `seesaw run` (the process, every kernel and
    the image renderer's browser), nothing cached, on a data folder of `rows` synthetic
    events and on the real data: each runs under 2 GB or is refused before any kernel
    starts, with the limit in one sentence."""
    from bench.synthetic import write_synthetic
    from seesaw.pipeline.preflight import MAX_EVENTS_ENV

    work = Path(tempfile.mkdtemp(prefix="seesaw-bench-memory-"))
    big = write_synthetic(work / "data", rows, seed=1)
    env = _env()
    env.pop(MAX_EVENTS_ENV, None)
    if limit is not None:  # the smoke run lowers the limit to reach the refusal
        env[MAX_EVENTS_ENV] = limit
    env["SEESAW_CACHE"] = "off"
    env["SEESAW_IMAGE_CACHE"] = "off"  # cold: every chart rendered (Chromium running)
    out = []
    cases = [(f"{rows:,} synthetic events", big)]
    if real_too:
        cases.append(("the real data, cold", data_dir))
    for i, (label, folder) in enumerate(cases):
        cmd = [sys.executable, "-m", "seesaw", "run", "-q", "--data-dir", str(folder)]
        cmd += ["--output-dir", str(work / f"out{i}")]
        got = _peak_memory(cmd, env, timeout=1800)
        f = Figure(f"peak memory, seesaw run, {label}", [got["seconds"]])
        refused = got["returncode"] != 0
        f.extra = {"peak_bytes": got["peak"], "refused": refused}
        f.goal = "< 2 GB, or refused up front"
        f.ok = got["peak"] < MEMORY_GOAL and (not refused or "over the" in got["last"])
        if folder == data_dir and refused:
            f.ok = False
        f.note = f"peak {got['peak'] / 2**20:,.0f} MB (PSS); " + (
            f"refused: {got['last'][:160]}" if refused else "ran"
        )
        out.append(f)
    shutil.rmtree(work, ignore_errors=True)
    return out


#: The seed of the parameter sweep (as in tests/test_preflight.py's reduced sweep).
SWEEP_SEED = 20261206


def sweep_cases(events: Any, n: int, seed: int = SWEEP_SEED) -> list[dict[str, str]]:
    """Windows (edges included: one day, one week, the data's first and last day, no
    holdout) and seeded random spans, each with a seeded choice of scheme, smoothing,
    seed, event window and coincidence days (their edges included)."""
    import numpy as np
    import pandas as pd

    first = events["date"].min().normalize()
    last = events["date"].max().normalize()
    start = pd.Timestamp("2025-01-20")
    day = pd.Timedelta(days=1)
    windows: list[dict[str, str]] = [
        {"start_date": "2025-10-16", "end_date": "2025-10-16"},
        {"start_date": "2025-10-13", "end_date": "2025-10-19"},
        {"start_date": f"{first:%Y-%m-%d}"},
        {"end_date": f"{last:%Y-%m-%d}"},
        {"start_date": "2025-06-01"},
        {"end_date": "2025-12-31"},
        {"end_date": f"{last:%Y-%m-%d}", "start_date": "2025-01-20"},
    ]
    rng = np.random.default_rng(seed)
    span = (last - start).days
    for _ in range(n):
        a = start + day * int(rng.integers(0, span))
        b = a + day * int(rng.integers(0, span))
        windows.append(
            {"start_date": f"{a:%Y-%m-%d}", "end_date": f"{min(b, last):%Y-%m-%d}"}
        )
    choices = {
        "scheme": ["mode", "flat", "goldstein"],
        "smoothing_days": ["1", "7", "14", "60"],
        "seed": ["0", "1", "20250120"],
        "window_days": ["1", "14", "60"],
        "coincidence_days": ["0", "3", "14"],
    }
    out = []
    for i, w in enumerate(windows):
        case = dict(w)
        if i >= 2:  # the first two keep the defaults: the window alone is tested
            for name, values in choices.items():
                case[name] = values[int(rng.integers(0, len(values)))]
        out.append(case)
    return out


def bench_sweep(
    random_windows: int,
    end_to_end: int,
    data_dir: Path,
    only: str | None = None,
) -> list[Figure]:
    """The full seeded sweep (issue 28): every case is checked before any kernel starts
    (accepted, or refused in one sentence naming a parameter); the accepted ones, up
    to `end_to_end`, then run every notebook (or only those `only` names, a
    `--notebooks` list: the smoke run's one) through `seesaw run` and must exit 0."""
    from seesaw.data.load import load_dataset
    from seesaw.data.params import ParameterError
    from seesaw.pipeline import preflight, runner

    data = load_dataset(data_dir)
    notebooks = runner.notebook_sequence()
    declared = {nb: runner.declared_parameters(nb) for nb in notebooks}
    cases = sweep_cases(data.events, random_windows)
    accepted, refused, bad = [], 0, []
    # The checks read memoised results: an empty computation cache of the step's own,
    # so that the time does not depend on what earlier runs of this code left behind.
    empty = tempfile.mkdtemp(prefix="seesaw-bench-sweep-compute-")
    start = time.perf_counter()
    with compute_cache(empty):
        for raw in cases:
            try:
                plan = runner.plan_parameters(
                    notebooks, raw, None, declared, paths.NOTEBOOKS
                )
                runner.check_selection(plan, declared, data)
                preflight.check_windows(plan, declared, data.events)
            except ParameterError as err:
                refused += 1
                text = str(err)
                if "\n" in text or not any(name in text for name in raw):
                    bad.append(f"{raw}: {text[:120]}")
                continue
            accepted.append(raw)
    t_check = time.perf_counter() - start
    shutil.rmtree(empty, ignore_errors=True)
    f_check = Figure(f"sweep: {len(cases)} cases checked before any kernel", [t_check])
    f_check.extra = {"cases": len(cases), "accepted": len(accepted), "refused": refused}
    f_check.goal = "each accepted or refused in one sentence naming a parameter"
    f_check.ok = not bad
    f_check.note = (
        f"{len(accepted)} accepted, {refused} refused; computation cache empty"
        + (f"; badly refused: {'; '.join(bad)[:300]}" if bad else "")
    )
    work = Path(tempfile.mkdtemp(prefix="seesaw-bench-sweep-"))
    failed, times = [], []
    env = _env()
    # Each run re-uses what the others computed: the sweep measures correctness.
    env["SEESAW_CACHE"] = str(work / "nb-cache")
    env["SEESAW_COMPUTE_CACHE"] = str(work / "compute-cache")
    chosen = accepted[:end_to_end]
    # Given only some notebooks, `seesaw run` takes only the parameters they declare.
    taken = {
        name
        for nb, names in declared.items()
        if not only or nb.name[:2] in only.split(",")
        for name in names
    }
    for i, raw in enumerate(chosen):
        cmd = [sys.executable, "-m", "seesaw", "run", "-q", "--no-figures"]
        cmd += ["--no-report"]  # every notebook, unless `only` names some
        cmd += ["--notebooks", only] if only else []
        cmd += ["--data-dir", str(data_dir), "--output-dir", str(work / f"o{i}")]
        cmd += [
            x
            for name, value in raw.items()
            if name in taken
            for x in ("-p", name, value)
        ]
        t0 = time.perf_counter()
        proc = subprocess.run(
            cmd, env=env, cwd=paths.ROOT, capture_output=True, text=True, check=False
        )
        times.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            tail = " ".join(proc.stderr.split())[-200:]
            failed.append(f"{raw}: {tail}")
    shutil.rmtree(work, ignore_errors=True)
    f_run = Figure(f"sweep: {len(chosen)} accepted cases run end to end", times)
    f_run.goal = "every accepted case runs (exit 0)"
    f_run.ok = not failed and bool(chosen)
    f_run.note = (
        (f"notebooks {only}" if only else "every notebook")
        + (", no figures")
        + (f"; FAILED: {'; '.join(failed)[:400]}" if failed else "")
    )
    return [f_check, f_run]


def _nbval(notebooks: list[Path] | None = None, workers: int = 2) -> None:
    cmd = [sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env"]
    cmd += ["-n", str(workers)]
    cmd += ["--dist", "loadfile", "-q", "-p", "no:cacheprovider"]
    cmd += [str(p) for p in notebooks] if notebooks else [str(paths.NOTEBOOKS)]
    env = _env()
    env["SEESAW_PNG"] = "batch"  # as `make test` runs it: nbval does not compare PNGs
    subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=paths.ROOT)


def bench_nbval(reps: int, smoke: bool = False) -> list[Figure]:
    if smoke:
        # An import-only notebook, in the test process (no workers to start), so the
        # step's code runs in `make test`, whose own strict nbval step already runs
        # every real notebook.
        work = Path(tempfile.mkdtemp(prefix="seesaw-bench-nbval-"))
        first = sorted(_floor_notebooks(work, 1).glob("*.ipynb"))
        times = [_time(lambda: _nbval(first, workers=0)) for _ in range(reps)]
        shutil.rmtree(work, ignore_errors=True)
        f = Figure(f"strict nbval over {first[0].name}", times)
    else:
        times = [_time(_nbval) for _ in range(reps)]
        f = Figure("strict nbval over all notebooks", times, goal="<= 90 s")
        f.ok = f.median <= 90
    sizes = {
        p.name: p.stat().st_size
        for p in sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    }
    size_fig = Figure("largest committed notebook", [], goal="<= 1.5 MB each")
    biggest = max(sizes.values()) if sizes else 0
    size_fig.ok = biggest <= 1_500_000
    size_fig.note = ", ".join(f"{k}: {v / 1e6:.2f} MB" for k, v in sizes.items())
    size_fig.extra = {"bytes": sizes}
    return [f, size_fig]


def bench_setup(reps: int, smoke: bool = False) -> list[Figure]:
    """Cold set-up: a fresh clone to a ready .venv (uv from PyPI, then the lock).
    The smoke run clones and asks make what it would do (`make -n venv`)."""
    times = []
    env = {k: v for k, v in _env().items() if k != "VIRTUAL_ENV"}
    for _ in range(reps):
        work = Path(tempfile.mkdtemp(prefix="seesaw-bench-setup-"))
        clone = work / "clone"
        subprocess.run(["git", "clone", "-q", str(paths.ROOT), str(clone)], check=True)
        start = time.perf_counter()
        subprocess.run(
            ["make", "-s", "-n" if smoke else "-s", "venv"],
            cwd=clone,
            check=True,
            capture_output=True,
            env=env,
        )
        times.append(time.perf_counter() - start)
        shutil.rmtree(work, ignore_errors=True)
    return [
        Figure(
            "cold set-up: fresh clone to ready .venv",
            times,
            note="excludes Chromium; package downloads may be cached",
        )
    ]


def _versions() -> dict[str, str]:
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


#: Every step, in the order they run; each runs in the smoke mode too.
STEPS = (
    "core",
    "null",
    "power",
    "explorer",
    "export",
    "report",
    "rerun",
    "memory",
    "sweep",
    "nbval",
    "setup",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--smoke", action="store_true", help="tiny sizes, one repetition"
    )
    parser.add_argument("--reps", type=int, default=3, help="repetitions per side")
    parser.add_argument("--out", default=str(paths.BUILD / "bench.json"))
    parser.add_argument(
        "--skip",
        default="",
        help=f"comma list of steps to skip: {','.join(STEPS)}",
    )
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    smoke = args.smoke
    reps = 1 if smoke else args.reps
    figures: list[Figure] = []
    data_dir = paths.ROOT / "tests" / "fixtures" / "good" if smoke else paths.DATA
    steps: list[tuple[str, Callable[[], list[Figure]]]] = [
        (
            "core",
            lambda: bench_core(
                reps, [200, 2000] if smoke else [1_000, 10_000, 100_000]
            ),
        ),
        (
            "null",
            lambda: bench_null(
                reps if smoke else 7, 100 if smoke else 1_000, 99 if smoke else 10_000
            ),
        ),
        ("power", lambda: bench_power(50 if smoke else 1_000)),
        (
            "explorer",
            lambda: bench_explorer(reps, 300 if smoke else 10_000, 2 if smoke else 4),
        ),
        ("export", lambda: bench_export(reps, 1 if smoke else 12)),
        (
            "report",
            lambda: bench_report(
                reps, ["01"] if smoke else None, data_dir, not smoke, not smoke
            ),
        ),
        (
            "rerun",
            lambda: bench_rerun(
                reps, None, data_dir, warm_up=not smoke, stand_in=smoke
            ),
        ),
        (
            "memory",
            lambda: bench_memory(
                500 if smoke else 50_000,
                data_dir,
                real_too=not smoke,
                limit="100" if smoke else None,
            ),
        ),
        (
            "sweep",
            lambda: bench_sweep(
                2 if smoke else 40,
                1 if smoke else 40,
                paths.DATA,
                "01" if smoke else None,  # every notebook: tests/test_preflight.py
            ),
        ),
        ("nbval", lambda: bench_nbval(1, smoke)),
        ("setup", lambda: bench_setup(1, smoke)),
    ]
    assert [name for name, _ in steps] == list(STEPS)
    failed: list[str] = []
    ran: dict[str, str] = {}
    for name, step in steps:
        if name in skip:
            ran[name] = "skipped"
            continue
        print(f"... {name}", file=sys.stderr, flush=True)
        start = time.perf_counter()
        try:
            got = step()
            if not got:
                raise RuntimeError("the step measured nothing")
            figures += got
            ran[name] = "ran"
            print(f"    {name}: {time.perf_counter() - start:.0f} s", file=sys.stderr)
            # As each step ends, its rows (a long run cut short keeps what it measured).
            with contextlib.redirect_stdout(sys.stderr):
                print_table(got)
            sys.stderr.flush()
        except Exception as err:  # one broken step must not lose the others' figures
            detail = getattr(err, "stderr", None) or getattr(err, "stdout", None)
            if isinstance(detail, bytes):
                detail = detail.decode(errors="replace")
            message = f"{type(err).__name__}: {err}"
            if detail:
                message += " | " + " ".join(str(detail).split())[-300:]
            failed.append(name)
            ran[name] = "failed"
            figures.append(Figure(f"{name}: FAILED", [], ok=False, note=message))
    print_table(figures)
    print("\nside by side, this run:")
    for line in summary(figures):
        print(f"  {line}")
    record = {
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "processor": platform.processor(),
        },
        "versions": _versions(),
        "smoke": smoke,
        "reps": reps,
        "steps": ran,
        "figures": [f.row() for f in figures],
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"written: {out}")
    if failed:
        print(f"failed steps: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
