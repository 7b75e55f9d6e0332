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
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.checks import bench_nbval, bench_setup, bench_sweep, sweep_cases
from bench.compute import (
    bench_core,
    bench_explorer,
    bench_export,
    bench_memory,
    bench_null,
    bench_power,
)
from bench.record import Figure, print_table, summary, versions
from bench.report import bench_report
from bench.rerun import bench_rerun
from seesaw import paths

#: The steps, importable from here (`main` looks each up here as it runs, so a test
#: can replace one); their helpers live in the modules beside this one, and a helper
#: is patched there, in the module that calls it.
__all__ = [
    "STEPS",
    "Figure",
    "bench_core",
    "bench_explorer",
    "bench_export",
    "bench_memory",
    "bench_nbval",
    "bench_null",
    "bench_power",
    "bench_report",
    "bench_rerun",
    "bench_setup",
    "bench_sweep",
    "main",
    "summary",
    "sweep_cases",
]

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


def parse_args(argv: list[str] | None) -> argparse.Namespace:
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
    return parser.parse_args(argv)


def step_table(smoke: bool, reps: int) -> list[tuple[str, Callable[[], list[Figure]]]]:
    """Every step (`STEPS`, in order) with its sizes: tiny in the smoke run. Each looks
    its function up in this module as it runs, so a test can replace one here."""
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
            lambda: bench_null(reps if smoke else 7, 100 if smoke else 1_000),
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
                reps, None, data_dir, not smoke, not smoke, stand_in=smoke
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
    return steps


def run_steps(
    steps: list[tuple[str, Callable[[], list[Figure]]]], skip: set[str]
) -> tuple[list[Figure], dict[str, str], list[str]]:
    """Each step not skipped, in turn: the figures, each step's status (ran, skipped or
    failed) and the failed steps. A failed step leaves a `FAILED` row with its error."""
    figures: list[Figure] = []
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
            failed.append(name)
            ran[name] = "failed"
            figures.append(Figure(f"{name}: FAILED", [], ok=False, note=failure(err)))
    return figures, ran, failed


def failure(err: Exception) -> str:
    """A failed step's error, with the end of its process's output if it has one."""
    detail = getattr(err, "stderr", None) or getattr(err, "stdout", None)
    if isinstance(detail, bytes):
        detail = detail.decode(errors="replace")
    message = f"{type(err).__name__}: {err}"
    if detail:
        message += " | " + " ".join(str(detail).split())[-300:]
    return message


def write_record(
    out: Path, smoke: bool, reps: int, ran: dict[str, str], figures: list[Figure]
) -> None:
    """build/bench.json (or `out`): the machine, the versions, the steps' statuses and
    every figure's row."""
    record = {
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "processor": platform.processor(),
        },
        "versions": versions(),
        "smoke": smoke,
        "reps": reps,
        "steps": ran,
        "figures": [f.row() for f in figures],
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"written: {out}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    reps = 1 if args.smoke else args.reps
    figures, ran, failed = run_steps(step_table(args.smoke, reps), skip)
    print_table(figures)
    print("\nside by side, this run:")
    for line in summary(figures):
        print(f"  {line}")
    write_record(Path(args.out), args.smoke, reps, ran, figures)
    if failed:
        print(f"failed steps: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
