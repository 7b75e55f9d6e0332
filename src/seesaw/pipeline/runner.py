"""`seesaw run`: check everything first (`checks`, `preflight`, `ownership`), take the
lock, execute into a staging folder (`steps`, `nbcache`), and swap the outputs into
place as one unit (`swap`) only when every notebook succeeded; the last good outputs
are never lost, and its findings are the next run's baseline for "what changed"."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from seesaw import paths
from seesaw.analysis.inputs import validate_inputs
from seesaw.data import memo
from seesaw.data.load import load_dataset
from seesaw.files import atomic_write, keep_recent
from seesaw.pipeline import nbcache, ownership, preflight, swap
from seesaw.pipeline.checks import (
    RunError,
    cell_timeout,
    check_outputs,
    check_selection,
    declared_parameters,
    effective_data_dir,
    notebook_sequence,
    output_targets,
    plan_parameters,
    run_lock,
)
from seesaw.pipeline.steps import RunContext, RunResult, run_steps
from seesaw.pipeline.workers import (
    KERNEL,
    Findings,
    kernel_folder,
    read_snapshot,
    snapshot_files,
    snapshot_path,
)

Keys = dict[Path, tuple[str, dict[str, Any]]]


def _check(
    data_dir: Path | None,
    output_dir: Path | None,
    raw: Mapping[str, str],
    notebooks: list[Path],
    source: Path,
    figures: bool,
    report: bool,
) -> tuple[Path, dict[Path, dict[str, Any]], dict[str, Path], Keys, str]:
    """Every check before any work, even while another run holds the lock; then the
    cache keys and the fingerprint of the data, package and environment."""
    data_folder = effective_data_dir(data_dir, raw, source)
    preflight.check_size(data_folder)  # memory bounded: refused before any work
    data = validate_inputs(data_folder)  # every file a run reads, not only the tables
    declared = {nb: declared_parameters(nb) for nb in notebooks}
    plan = plan_parameters(notebooks, raw, data_dir, declared, source)
    check_selection(plan, declared, data)
    preflight.check_windows(plan, declared, data.events)
    targets = output_targets(output_dir, source, figures, report)
    if output_dir is not None:
        ownership.check_output_dir(output_dir, data_folder)
    check_outputs(output_dir, targets)
    cell_timeout()  # a bad SEESAW_CELL_TIMEOUT is refused before anything runs
    shared = nbcache.shared(data_folder)
    keys: Keys = {}
    for nb in notebooks:
        parts = nbcache.inputs(nb, plan[nb], shared, KERNEL)
        keys[nb] = (nbcache.cache_key(parts), parts)
    return data_folder, plan, targets, keys, nbcache.cache_key(shared)


#: Output folders whose last good findings are kept (the in-place run's always is).
LAST_GOOD_KEEP = 60


def _keep_baseline(result: RunResult, last_good: Path) -> None:
    """The run is good and in place: its findings are the next run's baseline; those
    of the output folders least recently run beyond `LAST_GOOD_KEEP` go."""
    try:
        atomic_write(last_good, json.dumps(result.snapshot, sort_keys=True) + "\n")
        keep_recent(snapshot_files(last_good.parent), LAST_GOOD_KEEP)
    except OSError as err:  # the outputs are in place: only the baseline is lost
        print(
            f"warning: cannot keep this run's findings as the baseline "
            f"({swap.describe(err, last_good)}); the next run compares with nothing",
            file=sys.stderr,
        )


class TerminatedError(RunError):
    """SIGTERM stopped the run: the shell's code for it, 128 + 15."""

    exit_code = 143


def _on_sigterm(_signum: int, _frame: Any) -> None:
    raise TerminatedError("terminated (SIGTERM); nothing was changed")


def run(
    data_dir: Path | None = None,
    output_dir: Path | None = None,
    parameters: Mapping[str, str] | None = None,
    select: Sequence[str] | None = None,
    jobs: int = 2,
    figures: bool = True,
    report: bool = True,
    progress: Callable[[str], None] | None = None,
    notebooks_dir: Path | None = None,
) -> RunResult:
    """Execute the notebook sequence; see the module docstring for the guarantees."""
    start = time.perf_counter()
    source = notebooks_dir or paths.NOTEBOOKS
    sequence = notebook_sequence(source)
    unmatched = [
        s
        for s in select or []
        if not s or not any(nb.name.startswith(s) for nb in sequence)
    ]
    if unmatched or (select is not None and not select):
        prefixes = ",".join(nb.name[:2] for nb in sequence)
        raise RunError(
            f"--notebooks {','.join(select or [])!r}: {', '.join(map(repr, unmatched)) or 'nothing'} "
            f"names no notebook in {source}; give number prefixes, comma-separated: {prefixes}"
        )
    notebooks = [
        nb for nb in sequence if not select or nb.name.startswith(tuple(select))
    ]
    if not notebooks:
        raise RunError(f"no notebooks to run in {source}")
    build = paths.BUILD
    data_folder, plan, targets, keys, fingerprint = _check(
        data_dir, output_dir, dict(parameters or {}), notebooks, source, figures, report
    )
    key_seconds = time.perf_counter() - start
    with run_lock(build, output_dir):
        for folder in build.glob(".staging-*"):  # left by runs that were killed
            pid = folder.name.split("-")[1]
            if not (pid.isdigit() and swap.alive(int(pid))):
                shutil.rmtree(folder, ignore_errors=True)
        swap.recover(build, targets.values())
        staging = build / f".staging-{os.getpid()}-{int(time.time())}"
        (staging / "notebooks").mkdir(parents=True)
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
        last_good = snapshot_path(output_dir)
        before = read_snapshot(last_good)
        same_data = before is not None and before.get("fingerprint") == fingerprint
        findings = Findings(before if same_data else None, data_folder, fingerprint)
        ctx = RunContext(
            notebooks, plan, staging, output_dir, source, jobs, figures, report,
            progress or (lambda _: None), keys, findings, before,
        )  # fmt: skip
        try:
            with kernel_folder():
                result = run_steps(ctx)
        finally:
            findings.close()
            signal.signal(signal.SIGTERM, previous)
            shutil.rmtree(staging, ignore_errors=True)
        if result.snapshot is not None and not same_data:
            _keep_baseline(result, last_good)
        in_place = output_dir is None and data_dir is None
        if in_place and not select and not parameters and not same_data:
            _update_readme()
    memo.prune()  # the computation cache kept under its size bound
    result.phases = {"checks and cache keys": key_seconds, **result.phases}
    result.seconds = time.perf_counter() - start
    return result


def _update_readme() -> None:
    """Refresh the README's generated bottom line after a full in-place run."""
    from seesaw.text import readme

    path = paths.ROOT / "README.md"
    if not path.is_file():
        return
    block = readme.block_for(load_dataset(paths.DATA))
    text = path.read_text(encoding="utf-8")
    if readme.BEGIN in text and (new := readme.update(text, block)) != text:
        atomic_write(path, new)
