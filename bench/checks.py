"""The checks steps: the seeded parameter sweep, strict nbval and the cold set-up."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.measure import child_env, compute_cache, floor_notebooks, time_call
from bench.record import Figure
from seesaw import paths

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
    from seesaw.pipeline import runner

    data = load_dataset(data_dir)
    notebooks = runner.notebook_sequence()
    declared = {nb: runner.declared_parameters(nb) for nb in notebooks}
    cases = sweep_cases(data.events, random_windows)
    f_check, accepted = _check_cases(cases, notebooks, declared, data)
    f_run = _run_cases(accepted[:end_to_end], declared, data_dir, only)
    return [f_check, f_run]


def _check_cases(
    cases: list[dict[str, str]],
    notebooks: list[Path],
    declared: dict[Path, dict[str, Any]],
    data: Any,
) -> tuple[Figure, list[dict[str, str]]]:
    """Each case checked as `seesaw run` checks it before any kernel starts: the row
    (the time of them all; every refusal one sentence naming a parameter) and the
    accepted cases."""
    from seesaw.data.params import ParameterError
    from seesaw.pipeline import preflight, runner

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
    return f_check, accepted


def _run_cases(
    chosen: list[dict[str, str]],
    declared: dict[Path, dict[str, Any]],
    data_dir: Path,
    only: str | None,
) -> Figure:
    """Each of the `chosen` cases run end to end through `seesaw run` (the notebooks
    `only` names, or every one): the row, the time of each and any that failed."""
    work = Path(tempfile.mkdtemp(prefix="seesaw-bench-sweep-"))
    failed, times = [], []
    env = child_env()
    # Each run re-uses what the others computed: the sweep measures correctness.
    env["SEESAW_CACHE"] = str(work / "nb-cache")
    env["SEESAW_COMPUTE_CACHE"] = str(work / "compute-cache")
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
    return f_run


def _nbval(notebooks: list[Path] | None = None, workers: int = 2) -> None:
    cmd = [sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env"]
    cmd += ["-n", str(workers)]
    cmd += ["--dist", "loadfile", "-q", "-p", "no:cacheprovider"]
    cmd += [str(p) for p in notebooks] if notebooks else [str(paths.NOTEBOOKS)]
    env = child_env()
    env["SEESAW_PNG"] = "batch"  # as `make test` runs it: nbval does not compare PNGs
    subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=paths.ROOT)


def bench_nbval(reps: int, smoke: bool = False) -> list[Figure]:
    if smoke:
        # An import-only notebook, in the test process (no workers to start), so the
        # step's code runs in `make test`, whose own strict nbval step already runs
        # every real notebook.
        work = Path(tempfile.mkdtemp(prefix="seesaw-bench-nbval-"))
        first = sorted(floor_notebooks(work, 1).glob("*.ipynb"))
        times = [time_call(lambda: _nbval(first, workers=0)) for _ in range(reps)]
        shutil.rmtree(work, ignore_errors=True)
        f = Figure(f"strict nbval over {first[0].name}", times)
    else:
        times = [time_call(_nbval) for _ in range(reps)]
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
    env = {k: v for k, v in child_env().items() if k != "VIRTUAL_ENV"}
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
