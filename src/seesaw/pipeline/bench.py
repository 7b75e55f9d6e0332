"""`make bench`: the project's speed, measured side by side in one run.

Each comparison runs its sides alternately (A, B, A, B, ...) so that a noisy machine
hurts both alike, and reports the median of each side, its spread (min-max) and the
ratio of medians. The table is printed and written to build/bench.json.

    python -m seesaw.pipeline.bench            # the full benchmark (several minutes)
    python -m seesaw.pipeline.bench --smoke    # tiny sizes, one repetition (run by `make test`)
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
            "median_s": round(self.median, 4),
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
def image_cache(setting: str) -> Iterator[None]:
    """Run a block with the image cache set to `setting` ("off", or a folder)."""
    from seesaw.publish.images import IMAGE_CACHE_ENV

    before = os.environ.get(IMAGE_CACHE_ENV)
    os.environ[IMAGE_CACHE_ENV] = setting
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(IMAGE_CACHE_ENV, None)
        else:
            os.environ[IMAGE_CACHE_ENV] = before


@contextlib.contextmanager
def exec_cache(setting: str) -> Iterator[None]:
    """Run a block with the execution cache set to `setting` ("off", or a folder)."""
    from seesaw.pipeline.nbcache import CACHE_ENV

    before = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = setting
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(CACHE_ENV, None)
        else:
            os.environ[CACHE_ENV] = before


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
    reps: int, select: list[str] | None, data_dir: Path, naive_too: bool = True
) -> list[Figure]:
    """Full report vs the floor (trivial notebooks, same runner) and vs naive nbconvert."""
    from seesaw.pipeline import runner

    notebooks = runner.notebook_sequence()
    if select:
        notebooks = [
            nb for nb in notebooks if any(nb.name.startswith(s) for s in select)
        ]
    work = Path(tempfile.mkdtemp(prefix="seesaw-bench-"))
    floor_dir = _floor_notebooks(work / "floor", len(notebooks))
    names = [nb.name[:2] for nb in notebooks]

    # These rows measure execution: the execution cache is off (see bench_rerun).
    def full() -> None:
        # The image cache of this benchmark's own: warm after the first run, as for a
        # maintainer re-running notebooks whose charts did not change.
        with image_cache(str(work / "image-cache")), exec_cache("off"):
            runner.run(data_dir=data_dir, output_dir=work / "out", select=names)

    def full_cold() -> None:
        # Every image rendered again, as after a data change that touches every chart.
        with image_cache("off"), exec_cache("off"):
            runner.run(data_dir=data_dir, output_dir=work / "out", select=names)

    def floor() -> None:
        with exec_cache("off"):
            _floor_run()

    def _floor_run() -> None:
        runner.run(
            data_dir=data_dir,
            output_dir=work / "floor-out",
            notebooks_dir=floor_dir,
            figures=False,
            report=False,
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

    full()  # fills the image cache; not timed
    t_full, t_floor, t_cold = [], [], []
    for _ in range(reps):  # the three sides in turn, so noise hurts them alike
        t_full.append(_time(full))
        t_floor.append(_time(floor))
        t_cold.append(_time(full_cold))
    t_full2, t_naive = alternate(full, naive, reps) if naive_too else ([], [])
    shutil.rmtree(work, ignore_errors=True)
    n = len(notebooks)
    f_full = Figure(f"full report ({n} notebooks), images cached", t_full + t_full2)
    f_cold = Figure(f"full report ({n} notebooks), every image rendered", t_cold)
    f_floor = Figure(f"floor: {n} import-only notebooks", t_floor)
    f_naive = Figure("naive: nbconvert --execute, one by one", t_naive)
    floor_median = statistics.median(t_floor)
    r1 = statistics.median(t_full) / floor_median
    f_floor.ratio, f_floor.goal, f_floor.ok = r1, "full/floor <= 1.5", r1 <= 1.5
    f_floor.note = "ratio = full report (images cached) / floor"
    rc = statistics.median(t_cold) / floor_median
    f_cold.ratio, f_cold.goal, f_cold.ok = rc, "full/floor <= 1.5", rc <= 1.5
    f_cold.note = "ratio = full report (every image rendered) / floor"
    if not naive_too:
        return [f_full, f_cold, f_floor]
    r2 = statistics.median(t_full2) / statistics.median(t_naive)
    f_naive.ratio, f_naive.goal, f_naive.ok = r2, "full/naive <= 0.6", r2 <= 0.6
    f_naive.note = "naive run executes only (no figures, no report); full does both"
    return [f_full, f_cold, f_floor, f_naive]


#: The notebook whose source the one-notebook re-run edits (a mid-weight one).
RERUN_NOTEBOOK = "04"


def bench_rerun(
    reps: int, select: list[str] | None, data_dir: Path, changed: str = RERUN_NOTEBOOK
) -> list[Figure]:
    """Re-runs with the execution cache against a cold run (empty execution cache),
    in turn: cold, no-op (nothing changed), one notebook's source changed, one data
    row changed, and the floor of as many import-only notebooks (no cache). Every side
    runs on copies of the notebooks and data, with this benchmark's own warm image
    cache, into its own output folder."""
    from seesaw.pipeline import runner

    notebooks = runner.notebook_sequence()
    if select:
        notebooks = [
            nb for nb in notebooks if any(nb.name.startswith(s) for s in select)
        ]
    work = Path(tempfile.mkdtemp(prefix="seesaw-bench-rerun-"))
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

    def go(cache: str) -> runner.RunResult:
        with image_cache(str(work / "image-cache")), exec_cache(cache):
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
        # The last row's notes: a change no check refuses.
        rows[-1][rows[0].index("notes")] = f"benchmark edit {edits['n']}"
        with events.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)

    go("off")  # fills the image cache; not timed
    t_cold, t_noop, t_one, t_row, t_floor = [], [], [], [], []
    ran: dict[str, list[int]] = {"noop": [], "one": [], "row": []}
    for i in range(reps):  # the sides in turn, so noise hurts them alike
        cache = str(work / f"cache-{i}")
        start = time.perf_counter()
        go(cache)
        t_cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        ran["noop"].append(len(go(cache).executed))
        t_noop.append(time.perf_counter() - start)
        edit_notebook()
        start = time.perf_counter()
        ran["one"].append(len(go(cache).executed))
        t_one.append(time.perf_counter() - start)
        edit_row()
        start = time.perf_counter()
        ran["row"].append(len(go(cache).executed))
        t_row.append(time.perf_counter() - start)
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
    f_cold.note = "images cached; every notebook executed"
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
    f_row = Figure("re-run: one data row changed", t_row)
    f_row.ratio = statistics.median(t_row) / cold
    f_row.goal = "re-runs only what reads the data"
    f_row.ok = max(ran["row"]) <= n
    f_row.note = (
        f"ratio = row changed / cold; notebooks executed: {max(ran['row'])} of {n} "
        "(every notebook reads the data)"
    )
    f_floor = Figure(f"re-run: floor, {n} import-only notebooks", t_floor)
    return [f_cold, f_noop, f_one, f_row, f_floor]


def bench_export(reps: int, n_figs: int) -> list[Figure]:
    """Static export of all figures in one kaleido batch vs one write_image per figure."""
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
            lambda: export_figures(
                figs, work / "batch", formats=("png", "svg"), batch=True
            ),
            lambda: export_figures(
                figs, work / "each", formats=("png", "svg"), batch=False
            ),
            reps,
        )
    shutil.rmtree(work, ignore_errors=True)
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
    from seesaw.analysis import metrics
    from seesaw.analysis.score import score_events
    from seesaw.data.load import load_dataset

    data = load_dataset(data_dir)
    scored = score_events(data.events)
    metrics.daily_balance(scored)
    seq = metrics.pressure_sequence(scored).to_numpy()
    metrics.runs_test(seq)
    metrics.label_shuffle_null(seq, permutations, 1)
    metrics.phases(scored, 14)
    return {"events": len(data.events)}


def bench_core(reps: int, sizes: list[int]) -> list[Figure]:
    from seesaw.analysis.synthetic import write_synthetic

    work = Path(tempfile.mkdtemp(prefix="seesaw-bench-core-"))
    folders = {n: write_synthetic(work / str(n), n, seed=1) for n in sizes}
    times: dict[int, list[float]] = {n: [] for n in sizes}
    for _ in range(reps):  # sizes interleaved, so drift hits all
        for n in sizes:
            start = time.perf_counter()
            core_pipeline(folders[n])
            times[n].append(time.perf_counter() - start)
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

    fa = Figure(
        f"power table, alternation, {runs:,} runs per world", [_time(alternation)]
    )
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
    fo = Figure(
        f"power table, Moscow's timing, {runs:,} runs per world", [_time(timing)]
    )
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


def bench_explorer(reps: int, n: int) -> list[Figure]:
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
    """
    import datetime as dt

    from seesaw.analysis.synthetic import write_synthetic
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

    for i in range(max(reps, 1) * 4):
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
        family.value = family.options  # untimed
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


def _nbval() -> None:
    cmd = [sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env", "-n", "2"]
    cmd += ["--dist", "loadfile", "-q", "-p", "no:cacheprovider", str(paths.NOTEBOOKS)]
    env = _env()
    env["SEESAW_PNG"] = "batch"  # as `make test` runs it: nbval does not compare PNGs
    subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=paths.ROOT)


def bench_nbval(reps: int) -> list[Figure]:
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


def bench_setup(reps: int) -> list[Figure]:
    """Cold set-up: a fresh clone to a ready .venv (uv from PyPI, then the lock)."""
    times = []
    env = {k: v for k, v in _env().items() if k != "VIRTUAL_ENV"}
    for _ in range(reps):
        work = Path(tempfile.mkdtemp(prefix="seesaw-bench-setup-"))
        clone = work / "clone"
        subprocess.run(["git", "clone", "-q", str(paths.ROOT), str(clone)], check=True)
        start = time.perf_counter()
        subprocess.run(
            ["make", "-s", "venv"], cwd=clone, check=True, capture_output=True, env=env
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m seesaw.pipeline.bench", description=__doc__
    )
    parser.add_argument(
        "--smoke", action="store_true", help="tiny sizes, one repetition"
    )
    parser.add_argument("--reps", type=int, default=3, help="repetitions per side")
    parser.add_argument("--out", default=str(paths.BUILD / "bench.json"))
    parser.add_argument(
        "--skip",
        default="",
        help="comma list: report,export,core,null,power,explorer,rerun,nbval,setup",
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
        ("explorer", lambda: bench_explorer(reps, 300 if smoke else 10_000)),
        ("export", lambda: bench_export(reps, 2 if smoke else 12)),
        (
            "report",
            lambda: bench_report(reps, ["01"] if smoke else None, data_dir, not smoke),
        ),
        (
            "rerun",
            lambda: bench_rerun(reps, ["01"] if smoke else None, data_dir),
        ),
        ("nbval", lambda: [] if smoke else bench_nbval(1)),
        ("setup", lambda: [] if smoke else bench_setup(1)),
    ]
    failed: list[str] = []
    for name, step in steps:
        if name in skip:
            continue
        print(f"... {name}", file=sys.stderr, flush=True)
        try:
            figures += step()
        except Exception as err:  # one broken step must not lose the others' figures
            detail = getattr(err, "stderr", None) or getattr(err, "stdout", None)
            if isinstance(detail, bytes):
                detail = detail.decode(errors="replace")
            message = f"{type(err).__name__}: {err}"
            if detail:
                message += " | " + " ".join(str(detail).split())[-300:]
            failed.append(name)
            figures.append(Figure(f"{name}: FAILED", [], ok=False, note=message))
    print_table(figures)
    record = {
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "processor": platform.processor(),
        },
        "versions": _versions(),
        "smoke": smoke,
        "reps": reps,
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
