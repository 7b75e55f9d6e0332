"""`seesaw run`: validate, execute the notebooks, export figures, write the report.

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

import concurrent.futures as cf
import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import stat
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from seesaw import paths
from seesaw.analysis.inputs import validate_inputs
from seesaw.analysis.masks import select_events, us_pressure_acts
from seesaw.data import memo, vocab
from seesaw.data.load import Dataset, load_dataset
from seesaw.data.params import ParameterError, check_params
from seesaw.errors import SeesawError
from seesaw.files import atomic_write
from seesaw.pipeline import nbcache, ownership, preflight, swap
from seesaw.publish.export import export_figures, figures_in_notebook
from seesaw.publish.images import ImageServer
from seesaw.text import changes

NOTEBOOK_PATTERN = "[0-9][0-9]_*.ipynb"
KERNEL = "python3"
#: Where kernels write their stderr (set by the runner for its workers).
KERNEL_LOG_ENV = "SEESAW_KERNEL_LOG"
#: Seconds one cell may run before the run stops it (override with SEESAW_CELL_TIMEOUT).
CELL_TIMEOUT = 600
CELL_TIMEOUT_ENV = "SEESAW_CELL_TIMEOUT"
#: Parameters whose values check_params knows how to check.
CHECKED = vocab.CHECKED_PARAMETERS


class RunError(SeesawError, RuntimeError):
    """A run that stopped; the message says where and what was kept."""


@dataclass
class RunResult:
    """What a successful run produced."""

    notebooks: list[Path]
    figures: list[Path]
    report: Path | None
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)
    #: Seconds spent executing notebooks, rendering images, writing the report.
    phases: dict[str, float] = field(default_factory=dict)
    #: Notebooks executed and notebooks served from the execution cache, by name.
    executed: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    #: What changed since the last good run (`seesaw.changes.diff`).
    changes: dict[str, Any] = field(default_factory=dict)
    #: This run's findings and row hashes (`seesaw.changes.snapshot`).
    snapshot: dict[str, Any] | None = None


def notebook_sequence(folder: Path = paths.NOTEBOOKS) -> list[Path]:
    """The numbered notebooks in reading order."""
    return sorted(folder.glob(NOTEBOOK_PATTERN))


#: Descriptors of the run locks this process holds; forked workers close their copies
#: (`_worker_signals`), so a lock lives exactly as long as the run that took it.
_HELD_LOCKS: list[int] = []


def _open_lock(path: Path) -> int:
    """Open the lock file without following a symbolic link; only a regular file will do."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise RunError(
                f"{path} is a symbolic link; a run lock never follows one: remove it"
            ) from None
        raise RunError(f"cannot open the run lock {path}: {err.strerror}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise RunError(f"{path} is not a regular file; remove it")
    return fd


def _lock_holder(fd: int) -> int | None:
    raw = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return int(raw) if raw.isdigit() and len(raw) < 12 else None


@contextlib.contextmanager
def run_lock(build: Path, output_dir: Path | None = None) -> Iterator[None]:
    """Hold the lock of the run's outputs; refuse at once if another run holds it.

    Runs that write in place share `build/run.lock`; a run into `--output-dir` locks
    that folder only, so runs into different folders do not wait on each other. A lock
    whose recorded holder is dead (a process left behind by a run that was killed) is
    taken over with a warning.
    """
    build.mkdir(parents=True, exist_ok=True)
    if output_dir is None:
        lock_path = build / "run.lock"
    else:
        key = hashlib.sha1(str(Path(output_dir).resolve()).encode()).hexdigest()[:12]
        lock_path = build / f"run-{key}.lock"
    fd = _open_lock(lock_path)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _lock_holder(fd)
        os.close(fd)
        if holder is None or swap.alive(holder):
            raise RunError(
                f"another `seesaw run` is in progress (pid {holder or 'unknown'}); wait "
                f"for it to finish. The lock is released when that process ends ({lock_path})."
            ) from None
        print(
            f"warning: the run lock {lock_path} was held for pid {holder}, which has "
            "ended (a run that was killed left a process behind); taking it over",
            file=sys.stderr,
        )
        with contextlib.suppress(FileNotFoundError):
            lock_path.unlink()
        fd = _open_lock(lock_path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise RunError(
                f"another `seesaw run` took the lock {lock_path} at the same moment; "
                "wait for it to finish"
            ) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)
    _HELD_LOCKS.append(fd)
    try:
        yield
    finally:
        _HELD_LOCKS.remove(fd)
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _coerce(name: str, raw: str, default: Any) -> Any:
    """Turn a command-line string into the type of the notebook's default value."""
    kind = type(default)
    if isinstance(default, bool):
        if raw.lower() in ("true", "1", "yes"):
            return True
        if raw.lower() in ("false", "0", "no"):
            return False
    elif isinstance(default, int | float):
        try:
            if raw.isascii() and "_" not in raw:  # int() takes '１２３' and '1_000'
                return kind(raw)
        except ValueError:
            pass
    else:
        return raw
    raise ParameterError(
        f"parameter {name}: expected a {kind.__name__} like its default {default!r}, got {raw!r}"
    )


def declared_parameters(notebook: Path) -> dict[str, Any]:
    """The parameters a notebook declares, with their default values."""
    import papermill

    info = papermill.inspect_notebook(str(notebook))
    out: dict[str, Any] = {}
    for name, spec in info.items():
        default = spec.get("default")
        try:
            import ast

            out[name] = ast.literal_eval(default) if default is not None else None
        except (ValueError, SyntaxError):
            out[name] = default
    return out


def plan_parameters(
    notebooks: Sequence[Path],
    raw: Mapping[str, str],
    data_dir: Path | None,
    declared: Mapping[Path, dict[str, Any]] | None = None,
    base_dir: Path | None = None,
) -> dict[Path, dict[str, Any]]:
    """Per notebook, the parameters to inject; refuse unknown names and bad values."""
    if declared is None:
        declared = {nb: declared_parameters(nb) for nb in notebooks}
    known = sorted({name for d in declared.values() for name in d})
    for name in raw:
        if name not in known:
            raise ParameterError(
                f"parameter {name}: no notebook declares it; known: {', '.join(known)}"
            )
    plan: dict[Path, dict[str, Any]] = {}
    for nb, defaults in declared.items():
        values = {
            k: _coerce(k, v, defaults[k]) for k, v in raw.items() if k in defaults
        }
        if data_dir is not None and "data_dir" in defaults:
            values["data_dir"] = str(data_dir.resolve())
        merged = {**defaults, **values}
        check_params(
            data_dir=merged.get("data_dir") or str(paths.DATA),
            base_dir=base_dir or paths.NOTEBOOKS,
            **{k: merged[k] for k in CHECKED if k in merged},
        )
        plan[nb] = values
    return plan


def _ipc_kernel_manager() -> type:
    """A kernel manager on local IPC sockets (no TCP ports, no unencrypted-TCP warning).

    Asynchronous, as nbclient's own default: under a synchronous manager nbclient's
    per-cell timeout never fires.
    """
    from jupyter_client.manager import AsyncKernelManager

    class IPCKernelManager(AsyncKernelManager):  # type: ignore[misc]
        def __init__(self, **kwargs: Any) -> None:
            import tempfile
            import uuid

            kwargs.setdefault("transport", "ipc")
            # Each kernel its own socket prefix: kernels run side by side.
            kwargs.setdefault(
                "ip", f"{tempfile.gettempdir()}/seesaw-kernel-{uuid.uuid4().hex}"
            )
            super().__init__(**kwargs)

        async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
            # The kernel's own stderr goes to a log in the staging folder, not the
            # terminal: a kernel left behind by a stopped run would otherwise print
            # "Parent appears to have exited" after the runner's one-line message.
            log = os.environ.get(KERNEL_LOG_ENV)
            if log:
                with open(log, "ab") as handle:
                    kw.setdefault("stdout", handle)
                    kw.setdefault("stderr", handle)
                    await super()._async_launch_kernel(kernel_cmd, **kw)
                return
            await super()._async_launch_kernel(kernel_cmd, **kw)

        async def _async_interrupt_kernel(self) -> None:
            # jupyter_client sends SIGINT before asking a kernel to shut down; one that
            # has finished its notebook has nothing to interrupt, and would only log
            # "ERROR | KeyboardInterrupt caught in kernel" on every run.
            if self.shutting_down:
                return
            await super()._async_interrupt_kernel()

    return IPCKernelManager


def _execute(
    job: tuple[str, str, dict[str, Any], str],
) -> tuple[str, float, str | None]:
    """Run one notebook with papermill (in a worker process)."""
    src, dst, parameters, cwd = job
    os.environ[KERNEL_LOG_ENV] = str(Path(dst).parent.parent / "kernels.log")
    import papermill
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    # The kernels leave PNGs to the runner, which renders them all in one batch.
    os.environ[paths.PNG_ENV] = "batch"
    limit = cell_timeout()
    from nbclient.exceptions import CellTimeoutError

    try:
        papermill.execute_notebook(
            src,
            dst,
            parameters=parameters or None,
            cwd=cwd,
            kernel_name=KERNEL,
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            kernel_manager_class=_ipc_kernel_manager(),
            execution_timeout=limit,
        )
    except CellTimeoutError:
        return (
            src,
            time.perf_counter() - start,
            f"a cell that ran longer than {limit} s, the limit for one cell "
            f"(set {CELL_TIMEOUT_ENV} to change it)",
        )
    except PapermillExecutionError as err:
        return (
            src,
            time.perf_counter() - start,
            (
                f"cell {err.exec_count} (index {err.cell_index}): {err.ename}: {err.evalue}"
            ),
        )
    except OSError as err:
        # Most likely writing the executed copy (a full or read-only build/): say where.
        where = f" ({err.filename})" if err.filename else f" (writing {dst})"
        return (
            src,
            time.perf_counter() - start,
            f"{type(err).__name__}: {err.strerror or err}{where}",
        )
    except Exception as err:
        return src, time.perf_counter() - start, f"{type(err).__name__}: {err}"
    return src, time.perf_counter() - start, None


def cell_timeout() -> int:
    """The per-cell limit in seconds: SEESAW_CELL_TIMEOUT if set to a positive whole number."""
    raw = os.environ.get(CELL_TIMEOUT_ENV, "")
    if not raw:
        return CELL_TIMEOUT
    if not raw.isdigit() or not 0 < int(raw) <= 86_400:
        raise RunError(
            f"{CELL_TIMEOUT_ENV}={raw!r}: expected a whole number of seconds from 1 to 86400"
        )
    return int(raw)


VOLATILE_CELL_KEYS = ("execution", "papermill", "collapsed", "scrolled")


WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def clean_notebook(nb: Any) -> Any:
    """Drop volatile metadata (timestamps, durations, widget state); keep cell tags;
    give papermill's injected-parameters cell a fixed id in place of its random one.

    Widget views get ordinal model ids: their state is not committed, so the random
    ids would point at nothing and only make every run differ.
    """
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    nb.metadata.pop("celltoolbar", None)
    widgets = 0
    for cell in nb.cells:
        for key in VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"  # papermill's is random: every run differed
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                out.get("metadata", {}).pop("papermill", None)
                view = out.get("data", {}).get(WIDGET_MIME)
                if isinstance(view, dict) and "model_id" in view:
                    view["model_id"] = f"{widgets:032x}"
                    widgets += 1
    return nb


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


def output_targets(
    output_dir: Path | None, source: Path, figures: bool, report: bool
) -> dict[str, Path]:
    """The folders a run writes: notebooks, figures and report (the ones it will write)."""
    targets = {"notebooks": (output_dir / "notebooks") if output_dir else source}
    if figures:
        targets["figures"] = (output_dir / "figures") if output_dir else paths.FIGURES
    if report:
        targets["report"] = (output_dir / "report") if output_dir else paths.REPORT
    return targets


def check_outputs(output_dir: Path | None, targets: Mapping[str, Path]) -> None:
    """Refuse a run whose outputs cannot be written, before anything executes."""
    if output_dir is not None and output_dir.exists() and not output_dir.is_dir():
        raise RunError(f"--output-dir {output_dir}: exists and is not a folder")
    for folder in [paths.BUILD, *targets.values()]:
        if folder.exists() and not folder.is_dir():
            raise RunError(f"{folder}: exists and is not a folder; move it away")
        try:
            swap.writable_folder(folder)
        except swap.SwapError as err:
            raise RunError(f"{err}; nothing was run") from None


def effective_data_dir(
    data_dir: Path | None, parameters: Mapping[str, str], source: Path
) -> Path:
    """The data folder the notebooks will read: --data-dir, else `-p data_dir`, else data/.

    A relative `-p data_dir` is relative to the notebooks' folder, as in the notebooks.
    """
    if data_dir is not None:
        return data_dir
    if "data_dir" in parameters and not str(parameters["data_dir"]).strip():
        # An empty value would pass here as "the default" and fail every notebook.
        raise RunError(
            "parameter data_dir: is empty; name the folder holding events.csv, "
            "quotes.csv and claims.csv, or leave the parameter out to read data/"
        )
    if parameters.get("data_dir"):
        folder = Path(parameters["data_dir"])
        return folder if folder.is_absolute() else source / folder
    return paths.DATA


def check_selection(
    plan: Mapping[Path, dict[str, Any]],
    declared: Mapping[Path, dict[str, Any]],
    data: Dataset,
) -> None:
    """Refuse parameters that select no rows (or no US pressure act for the analyses)."""
    events = data.events
    span = (
        f"the data run from {events['date'].min():%Y-%m-%d} "
        f"to {events['date'].max():%Y-%m-%d}"
    )
    for nb, values in plan.items():
        merged = {**declared[nb], **values}
        if "start_date" not in merged and "end_date" not in merged:
            continue
        start, end = merged.get("start_date") or "", merged.get("end_date") or ""
        chosen = select_events(events, start or None, end or None)
        where = f"start_date {start or '(none)'} and end_date {end or '(none)'}"
        if chosen.empty:
            raise ParameterError(
                f"parameters {where} select no events ({nb.name}); {span}"
            )
        if "scheme" in merged and us_pressure_acts(chosen).empty:
            raise ParameterError(
                f"parameters {where} select no US act pressing on Kyiv or Moscow "
                f"({nb.name} analyses those); {span}"
            )


def _worker_signals() -> None:
    """Workers leave Ctrl-C to the runner (which stops them), die on SIGTERM, die with
    the runner (even a `kill -9` of it), and do not hold its lock."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for fd in _HELD_LOCKS:
        with contextlib.suppress(OSError):
            os.close(fd)
    _die_with_parent()


def _die_with_parent() -> None:
    """Ask Linux to send this process SIGKILL when its parent dies (a no-op elsewhere)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        parent = multiprocessing.parent_process()
        if parent is not None and os.getppid() != parent.pid:  # it died before prctl
            os._exit(1)


class _TerminatedError(Exception):
    pass


def _on_sigterm(signum: int, frame: Any) -> None:
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
    # Every check before any work: the data (wherever it comes from), the parameters,
    # the selection they make and every destination, refused before anything runs,
    # even while another run holds the lock.
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
    t_keys = time.perf_counter()
    shared = nbcache.Shared.of(data_folder)
    keys: dict[Path, tuple[str, dict[str, Any]]] = {}
    for nb in notebooks:
        parts = nbcache.inputs(nb, plan[nb], shared, KERNEL)
        keys[nb] = (nbcache.cache_key(parts), parts)
    fingerprint = nbcache.cache_key(
        {"data": shared.data, "package": shared.package, "env": shared.environment}
    )
    key_seconds = time.perf_counter() - t_keys
    with run_lock(build, output_dir):
        _stale_staging(build)
        swap.recover(build, targets.values())
        staging = build / f".staging-{os.getpid()}-{int(time.time())}"
        (staging / "notebooks").mkdir(parents=True)
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
        last_good = snapshot_path(output_dir)
        before = _read_snapshot(last_good)
        same_data = before is not None and before.get("fingerprint") == fingerprint
        findings = _Findings(before if same_data else None, data_folder, fingerprint)
        try:
            result = _run_staged(
                notebooks,
                plan,
                staging,
                output_dir,
                jobs,
                figures,
                report,
                progress,
                source,
                keys,
                findings,
                before,
            )
        except _TerminatedError:
            raise RunError("terminated (SIGTERM); nothing was changed") from None
        finally:
            findings.close()
            signal.signal(signal.SIGTERM, previous)
            shutil.rmtree(staging, ignore_errors=True)
        # The run is good and in place: its findings are the next run's baseline.
        if result.snapshot is not None and not same_data:
            try:
                last_good.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(
                    last_good, json.dumps(result.snapshot, sort_keys=True) + "\n"
                )
            except (
                OSError
            ) as err:  # the outputs are in place: only the baseline is lost
                print(
                    f"warning: cannot keep this run's findings as the baseline "
                    f"({swap.describe(err, last_good)}); the next run compares with "
                    "nothing",
                    file=sys.stderr,
                )
        in_place = output_dir is None and data_dir is None
        if in_place and not select and not parameters and not same_data:
            _update_readme()
    result.phases = {"cache keys": key_seconds, **result.phases}
    result.seconds = time.perf_counter() - start
    return result


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


@memo.cached
def report_page(
    text: str, stem: str, package: str, environment: str
) -> tuple[str, str]:
    """The report page of an executed, cleaned notebook (its JSON text), kept in the
    computation cache by that text and the digests of the package and the locked
    environment that convert it: a notebook whose outputs a data edit left unchanged
    is not converted again (nbconvert is the largest cost after the kernels)."""
    from seesaw.publish.report import page_for

    del package, environment  # only in the key
    return page_for(nbformat.reads(text, as_version=4), stem)


def _run_staged(
    notebooks: Sequence[Path],
    plan: Mapping[Path, dict[str, Any]],
    staging: Path,
    output_dir: Path | None,
    jobs: int,
    figures: bool,
    report: bool,
    progress: Callable[[str], None] | None,
    source: Path,
    keys: Mapping[Path, tuple[str, dict[str, Any]]] | None = None,
    findings: _Findings | None = None,
    before: dict[str, Any] | None = None,
) -> RunResult:
    staged = {nb: staging / "notebooks" / nb.name for nb in notebooks}
    timings: dict[str, float] = {}
    phases: dict[str, float] = {}
    t0 = time.perf_counter()
    failures: list[tuple[Path, str]] = []
    nodes: dict[Path, Any] = {}
    pages: dict[Path, tuple[str, str]] = {}
    rendered: dict[tuple[str, str], bytes] = {}
    render_seconds = 0.0
    say = progress or _silent
    keys = keys or {}
    store = nbcache.cache_dir() if keys else None
    todo: list[Path] = []
    for nb in notebooks:
        entry = nbcache.load(store, keys[nb][0]) if store is not None else None
        if entry is not None and figures and not entry.has_svg:
            entry = None
        if entry is None:
            todo.append(nb)
            continue
        staged[nb].write_bytes(entry.notebook)
        node = nbformat.reads(entry.notebook.decode("utf-8"), as_version=4)
        nodes[nb] = node
        rendered.update(entry.rendered)
        if report:
            if entry.page is None:
                from seesaw.publish.report import page_for

                entry.page = page_for(node, nb.stem)
            pages[staged[nb]] = entry.page
        timings[nb.name] = 0.0
        say(f"{nb.name}: skipped, unchanged (from the cache)")
    executed = list(todo)
    ctx = multiprocessing.get_context("fork")
    pending = iter(todo)
    running: dict[cf.Future[tuple[str, float, str | None]], Path] = {}
    with contextlib.ExitStack() as stack:
        pool = (
            stack.enter_context(
                cf.ProcessPoolExecutor(
                    max_workers=max(1, min(jobs, len(todo))),
                    mp_context=ctx,
                    initializer=_worker_signals,
                )
            )
            if todo
            else None
        )

        def submit_next() -> None:
            nb = next(pending, None)
            if nb is None or pool is None:
                return
            say(f"{nb.name}: started")
            job = (str(nb), str(staged[nb]), plan[nb], str(source))
            running[pool.submit(_execute, job)] = nb

        for _ in range(max(1, jobs)):
            submit_next()
        # The workers are forked by now; a browser started from here is not copied
        # into them. It renders each notebook's images while the others still run,
        # and opens only when a render is not in the image cache.
        images = ImageServer(eager=False)
        try:
            while running:
                done, _ = cf.wait(running, return_when=cf.FIRST_COMPLETED)
                for fut in done:
                    nb = running.pop(fut)
                    _, seconds, error = fut.result()
                    timings[nb.name] = seconds
                    say(
                        f"{nb.name}: failed ({seconds:.1f} s)"
                        if error
                        else f"{nb.name}: finished ({seconds:.1f} s)"
                    )
                    submit_next()
                    if error:
                        failures.append((nb, error))
                    elif not failures:
                        t_render = time.perf_counter()
                        node = clean_notebook(nbformat.read(staged[nb], as_version=4))
                        # Every chart's PNG (for GitHub), and the exported figures' SVG.
                        own = images.add_pngs(node, svg_for_slugs=figures)
                        rendered.update(own)
                        text = nbformat.writes(node) + "\n"
                        atomic_write(staged[nb], text)
                        nodes[nb] = node
                        if report:
                            parts = keys[nb][1] if nb in keys else {}
                            pages[staged[nb]] = report_page(
                                text,
                                nb.stem,
                                str(parts.get("package")),
                                str(parts.get("environment")),
                            )
                        if store is not None:
                            nbcache.store(
                                store,
                                keys[nb][0],
                                nbcache.Entry(
                                    notebook=text.encode("utf-8"),
                                    page=pages.get(staged[nb]),
                                    rendered=own,
                                    has_svg=figures,
                                ),
                                keys[nb][1],
                            )
                        render_seconds += time.perf_counter() - t_render
        except BaseException:
            if pool is not None:
                for proc in list(getattr(pool, "_processes", {}).values()):
                    with contextlib.suppress(Exception):
                        os.kill(proc.pid, signal.SIGTERM)
            raise
        finally:
            images.close()
    if failures:
        with contextlib.suppress(OSError):
            paths.FAILED.mkdir(parents=True, exist_ok=True)
        lines = []
        for nb, error in sorted(failures):
            kept = paths.FAILED / nb.name
            if staged[nb].exists() and staged[nb].stat().st_size > 0:
                try:
                    shutil.copyfile(staged[nb], kept)
                    where = f"the executed copy is {kept}"
                except OSError as err:
                    with contextlib.suppress(OSError):
                        kept.unlink()
                    where = f"no executed copy was kept ({kept}: {err.strerror})"
            else:  # not written, or cut short (a full disk): nothing worth keeping
                where = "no executed copy was written"
            lines.append(f"{nb.name} failed in {error}; {where}")
        raise RunError(
            "\n".join(lines)
            + "\nNothing was changed in "
            + ", ".join(
                f"{t}/"
                for t in output_targets(output_dir, source, figures, report).values()
            )
            + "."
        )
    phases["notebooks and images"] = time.perf_counter() - t0
    phases["of which images and pages"] = render_seconds
    t0 = time.perf_counter()
    produced_figs: list[Path] = []
    if figures:
        figs = [fig for nb in notebooks for fig in figures_in_notebook(nodes[nb])]
        produced_figs = [
            p
            for p in export_figures(figs, staging / "figures", rendered=rendered)
            if p.suffix != ".js"
        ]
        if figs:
            produced_figs.append(staging / "figures" / "plotly.min.js")
    phases["figure files"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    snap = None
    if findings is not None:
        try:
            snap = findings.result()
        except Exception as err:  # the outputs stand; only the comparison is lost
            say(f"what changed: not computed ({type(err).__name__}: {err})")
    change = changes.diff(before, snap) if snap is not None else {}
    phases["what changed"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    if report:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        from seesaw.publish.report import LEAD, write_report

        generated = f"Generated {stamp} by `seesaw run`."
        extra = []
        if change:
            extra.append(
                (
                    "changes.html",
                    "What changed since the last run",
                    changes.page(change, generated),
                )
            )
        write_report(
            [staged[nb] for nb in notebooks],
            staging / "report",
            generated=generated,
            prepared=pages,
            extra=extra,
            lead=staging / "figures" / LEAD,
        )
        if change:
            atomic_write(
                staging / "report" / "changes.json",
                json.dumps({**change, "lines": changes.lines(change)}, indent=1) + "\n",
            )
    phases["report"] = time.perf_counter() - t0
    # Everything succeeded: move results into place, as one unit.
    targets = output_targets(output_dir, source, figures, report)
    nb_target = targets["notebooks"]
    files = [(staged[nb], nb_target / nb.name) for nb in notebooks]
    written: dict[Path, list[str]] = {nb_target: [nb.name for nb in notebooks]}
    if figures:
        fig_target = targets["figures"]
        files += [(p, fig_target / p.name) for p in produced_figs]
        written[fig_target] = [p.name for p in produced_figs]
    if report:
        rep_target = targets["report"]
        pages_out = sorted(p for p in (staging / "report").iterdir() if p.is_file())
        files += [(p, rep_target / p.name) for p in pages_out]
        written[rep_target] = [p.name for p in pages_out]
    # Only files this run wrote before are removed, and only those are overwritten
    # (seesaw.ownership); each folder's manifest is placed with the files.
    tracked = [t for name, t in targets.items() if name != "notebooks" or output_dir]
    if output_dir is not None:
        written[output_dir] = []
        tracked.append(output_dir)
    keep = {}
    if figures:
        mine = tuple(nb.name[:3] for nb in notebooks)  # "01_": this run's figures
        keep[targets["figures"]] = lambda name: not name.startswith(mine)
    try:
        remove, manifests = ownership.plan(written, tracked, keep)
    except ownership.OwnershipError as err:
        raise RunError(
            f"{err}\nNothing was changed in "
            + ", ".join(f"{t}/" for t in targets.values())
            + "."
        ) from None
    for i, (folder, text) in enumerate(sorted(manifests.items())):
        staged_manifest = staging / f"manifest-{i}.json"
        atomic_write(staged_manifest, text)
        files.append((staged_manifest, folder / ownership.MANIFEST))
    t0 = time.perf_counter()
    try:
        swap.place(files, remove, paths.BUILD)
    except swap.SwapError as err:
        raise RunError(
            f"{err}\nNothing was changed in "
            + ", ".join(f"{t}/" for t in targets.values())
            + "."
        ) from None
    phases["swap"] = time.perf_counter() - t0
    return RunResult(
        [dst for _, dst in files[: len(notebooks)]],
        [fig_target / p.name for p in produced_figs] if figures else [],
        targets["report"] if report else None,
        0.0,
        timings,
        phases,
        executed=[nb.name for nb in executed],
        cached=[nb.name for nb in notebooks if nb not in executed],
        changes=change,
        snapshot=snap,
    )


def _silent(message: str) -> None:
    pass


def snapshot_path(output_dir: Path | None) -> Path:
    """Where the last good run's findings for these outputs are kept."""
    if output_dir is None:
        name = "default"
    else:
        name = hashlib.sha1(str(Path(output_dir).resolve()).encode()).hexdigest()[:12]
    return paths.BUILD / "cache" / "last-good" / f"{name}.json"


def _read_snapshot(path: Path) -> dict[str, Any] | None:
    """The last good run's findings, or None: none yet, or damaged. A damaged one (not
    a file, not JSON, not the shape `changes.snapshot` writes) is set aside with a
    warning, and this run becomes the baseline."""
    if not os.path.lexists(path):
        return None
    why = ""
    found: Any = None
    if path.is_symlink() or not path.is_file():
        why = "not a regular file"
    else:
        try:
            found = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError, RecursionError) as err:
            why = f"unreadable: {type(err).__name__}"
        else:
            why = changes.damage(found)
    if not why:
        return found if isinstance(found, dict) else None
    aside = path.with_name(f"{path.name}.damaged-{int(time.time())}")
    try:
        os.replace(path, aside)
        where = f"set aside as {aside}"
    except OSError:
        where = "left in place"
    print(
        f"warning: the last good run's findings {path} are damaged ({why}); {where}, "
        "and this run is compared with nothing",
        file=sys.stderr,
    )
    return None


def _snapshot_job(data_folder: str, fingerprint: str) -> dict[str, Any]:
    return changes.snapshot(Path(data_folder), fingerprint)


class _Findings:
    """This run's snapshot of the findings: the last good one when the data, the
    package and the environment are unchanged, else computed in a worker process
    while the notebooks run."""

    def __init__(
        self, reuse: dict[str, Any] | None, data_folder: Path, fingerprint: str
    ) -> None:
        self.reuse = reuse
        self.pool: cf.ProcessPoolExecutor | None = None
        self.future: cf.Future[dict[str, Any]] | None = None
        if reuse is None:
            self.pool = cf.ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_worker_signals,
            )
            self.future = self.pool.submit(_snapshot_job, str(data_folder), fingerprint)

    def result(self) -> dict[str, Any]:
        if self.reuse is not None:
            return self.reuse
        assert self.future is not None
        return self.future.result()

    def close(self) -> None:
        if self.pool is None:
            return
        if self.future is not None and not self.future.done():
            for proc in list(getattr(self.pool, "_processes", {}).values()):
                with contextlib.suppress(Exception):
                    os.kill(proc.pid, signal.SIGTERM)
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = None
