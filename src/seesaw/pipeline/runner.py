"""`seesaw run`: validate, execute the notebooks, export figures, write the report.

The run is a list of named steps (`STEPS`) sharing one `RunContext`; the checks made
before anything executes are in `seesaw.pipeline.checks`, the work done in worker
processes in `seesaw.pipeline.workers`.

A run never loses the last good outputs: before anything executes it validates the
data (from --data-dir or `-p data_dir`), the parameters, the selection they make and
every destination (writable, a folder); it executes into a staging folder, and puts
notebooks, figures and report into place as one unit (`seesaw.swap`: copied into each
destination's own filesystem, then renamed, rolled back on any failure) only when every
notebook succeeded. On failure it names the notebook, the cell and the error (or the path
and the cause), keeps the failed copy under build/failed/, and leaves the destinations
byte-identical. A lock file stops two runs from interleaving.

The execution cache (`seesaw.nbcache`): a notebook runs only when something it depends
on changed; otherwise its executed copy, report page and figure renders come from
`build/cache/notebooks/<key>/`, byte for byte what the run that stored them wrote (so
strict nbval passes on them as on a fresh run). The key is the SHA-256 of the canonical
JSON (sorted keys) of:

- `source`: SHA-256 of the notebook's cells (type, source, metadata) and metadata, not
  its outputs (`nbcache.source_digest`: an executed copy written over its source
  keeps the key), and its file name;
- `parameters`: the values injected into it (after `-p` and `--data-dir`), as JSON;
- `data`: SHA-256 over (relative path, SHA-256 of the bytes) of every file in the data
  folder it reads (events.csv, quotes.csv, claims.csv, reliability/*, and the rest);
- `package`: the same over every src/seesaw/*.py;
- `environment`: the same over requirements.lock and overrides.txt, plus the Python
  version; `kernel`: the kernel's name; `format`: the cache's own version.

Each entry's manifest holds the SHA-256 of every file in it and a digest of itself; an
entry failing either check is removed and the notebook runs again (never served).
Entries are written to a temporary folder and renamed into place. Cached entries feed
the same staging folder and the same one-unit swap, so the last-good guarantee holds.
`SEESAW_CACHE=off` runs every notebook. Why not `jupyter-cache` (Jupyter Book's cache):
its key hashes a notebook's code cells and kernel only, not the data files, the package
or the environment a notebook reads, so it would serve stale results after a data
update; it executes notebooks itself (nbclient) where this runner injects parameters
with papermill, cleans volatile metadata and adds the PNGs and report pages, which are
what must be cached; and it would be a new dependency in the lock. The cache here is
one small module of content-addressed folders.

After every run the runner compares the findings (`seesaw.changes.snapshot`: headline
figures, both verdicts in window and holdout, each claim's verdict, a hash of every
cell of every data row) with the last good run's, kept in `build/cache/last-good/`, and
writes the diff as `changes.json` and `changes.html` into the report. The snapshot is
computed in a worker while the notebooks run, and reused when the data, the package
and the environment are unchanged.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seesaw import paths
from seesaw.analysis.inputs import validate_inputs
from seesaw.data import memo
from seesaw.data.load import load_dataset
from seesaw.files import atomic_write
from seesaw.pipeline import nbcache, ownership, preflight, swap
from seesaw.pipeline.checks import (
    RunError,
    cell_timeout,
    check_outputs,
    check_selection,
    declared_parameters,
    effective_data_dir,
    output_targets,
    plan_parameters,
    run_lock,
)
from seesaw.pipeline.steps import RunContext, RunResult, run_steps
from seesaw.pipeline.workers import (
    KERNEL,
    Findings,
    read_snapshot,
    snapshot_path,
)

NOTEBOOK_PATTERN = "[0-9][0-9]_*.ipynb"


def notebook_sequence(folder: Path = paths.NOTEBOOKS) -> list[Path]:
    """The numbered notebooks in reading order."""
    return sorted(folder.glob(NOTEBOOK_PATTERN))


@dataclass
class _Checked:
    """A run that passed every check, with its cache keys."""

    notebooks: list[Path]
    data_folder: Path
    plan: dict[Path, dict[str, Any]]
    targets: dict[str, Path]
    keys: dict[Path, tuple[str, dict[str, Any]]]
    fingerprint: str


def _check(
    data_dir: Path | None,
    output_dir: Path | None,
    raw: Mapping[str, str],
    notebooks: list[Path],
    source: Path,
    figures: bool,
    report: bool,
) -> _Checked:
    """Every check before any work: the data (wherever it comes from), the parameters,
    the selection they make and every destination, refused before anything runs,
    even while another run holds the lock."""
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
    shared = nbcache.Shared.of(data_folder)
    keys: dict[Path, tuple[str, dict[str, Any]]] = {}
    for nb in notebooks:
        parts = nbcache.inputs(nb, plan[nb], shared, KERNEL)
        keys[nb] = (nbcache.cache_key(parts), parts)
    fingerprint = nbcache.cache_key(
        {"data": shared.data, "package": shared.package, "env": shared.environment}
    )
    return _Checked(notebooks, data_folder, plan, targets, keys, fingerprint)


def _keep_baseline(result: RunResult, last_good: Path) -> None:
    """The run is good and in place: its findings are the next run's baseline."""
    try:
        last_good.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(last_good, json.dumps(result.snapshot, sort_keys=True) + "\n")
    except OSError as err:  # the outputs are in place: only the baseline is lost
        print(
            f"warning: cannot keep this run's findings as the baseline "
            f"({swap.describe(err, last_good)}); the next run compares with nothing",
            file=sys.stderr,
        )


class _TerminatedError(Exception):
    pass


def _on_sigterm(_signum: int, _frame: Any) -> None:
    raise _TerminatedError()


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
    notebooks = notebook_sequence(source)
    if select:
        notebooks = [
            nb for nb in notebooks if any(nb.name.startswith(s) for s in select)
        ]
    if not notebooks:
        raise RunError(
            f"no notebooks to run in {source} (selection: {select or 'all'})"
        )
    build = paths.BUILD
    raw = dict(parameters or {})
    checked = _check(data_dir, output_dir, raw, notebooks, source, figures, report)
    key_seconds = time.perf_counter() - start
    with run_lock(build, output_dir):
        _stale_staging(build)
        swap.recover(build, checked.targets.values())
        staging = build / f".staging-{os.getpid()}-{int(time.time())}"
        (staging / "notebooks").mkdir(parents=True)
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
        last_good = snapshot_path(output_dir)
        before = read_snapshot(last_good)
        same_data = (
            before is not None and before.get("fingerprint") == checked.fingerprint
        )
        reuse = before if same_data else None
        findings = Findings(reuse, checked.data_folder, checked.fingerprint)
        ctx = RunContext(
            notebooks, checked.plan, staging, output_dir, source, jobs, figures,
            report, progress or _silent, checked.keys, findings, before,
        )  # fmt: skip
        try:
            result = run_steps(ctx)
        except _TerminatedError:
            raise RunError("terminated (SIGTERM); nothing was changed") from None
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


def _stale_staging(build: Path) -> None:
    """Remove staging folders left by runs that were killed."""
    for folder in build.glob(".staging-*"):
        try:
            pid = int(folder.name.split("-")[1])
            os.kill(pid, 0)
        except (ValueError, IndexError, ProcessLookupError):
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:
            pass


def _update_readme() -> None:
    """Refresh the README's generated bottom line after a full in-place run."""
    from seesaw.text import readme

    path = paths.ROOT / "README.md"
    if not path.is_file():
        return
    data = load_dataset(paths.DATA)
    block = readme.block_for(data)
    text = path.read_text(encoding="utf-8")
    if readme.BEGIN in text:
        new = readme.update(text, block)
        if new != text:
            atomic_write(path, new)


def _silent(message: str) -> None:
    pass
