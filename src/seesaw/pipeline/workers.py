"""What a run does in worker processes: execute one notebook, compute the findings.

The runner forks its workers (`worker_signals` sets them up: they leave Ctrl-C to the
runner, die with it and do not hold its lock) and stops them with `stop_workers`.
`execute` runs one notebook with papermill on a kernel that talks over local IPC
sockets; `Findings` holds this run's snapshot of the findings (`seesaw.changes`), the
last good one reused or a new one computed in a worker while the notebooks run.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import hashlib
import json
import multiprocessing
import os
import signal
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from seesaw import paths
from seesaw.pipeline.checks import CELL_TIMEOUT_ENV, cell_timeout, release_locks
from seesaw.text import changes

KERNEL = "python3"
#: Where kernels write their output (each worker sends its own there).
KERNEL_LOG = "kernels.log"
VOLATILE_CELL_KEYS = ("execution", "papermill", "collapsed", "scrolled")
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def worker_signals() -> None:
    """Workers leave Ctrl-C to the runner (which stops them), die on SIGTERM, die with
    the runner (even a `kill -9` of it), and do not hold its lock."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    release_locks()
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


def stop_workers(spare: Iterable[int] = ()) -> None:
    """Send SIGTERM to this process's worker processes, except the pids in `spare`.

    `multiprocessing.active_children` is the public list of the workers (Python 3.14's
    `ProcessPoolExecutor.terminate_workers` would do it for one pool); a pool's own
    shutdown would wait for a notebook that may run for minutes.
    """
    keep = set(spare)
    for proc in multiprocessing.active_children():
        if proc.pid is not None and proc.pid not in keep:
            with contextlib.suppress(OSError):
                os.kill(proc.pid, signal.SIGTERM)


def worker_pids() -> set[int]:
    """The pids of this process's live worker processes."""
    return {p.pid for p in multiprocessing.active_children() if p.pid is not None}


def kernel_manager() -> type:
    """A kernel manager on local IPC sockets (no TCP ports, no unencrypted-TCP warning).

    Asynchronous, as nbclient's own default: under a synchronous manager nbclient's
    per-cell timeout never fires. Only public settings (`transport`, `ip`) are changed.
    """
    from jupyter_client.manager import AsyncKernelManager

    class IPCKernelManager(AsyncKernelManager):  # type: ignore[misc]
        def __init__(self, **kwargs: Any) -> None:
            kwargs.setdefault("transport", "ipc")
            # Each kernel its own socket prefix: kernels run side by side.
            kwargs.setdefault(
                "ip", f"{tempfile.gettempdir()}/seesaw-kernel-{uuid.uuid4().hex}"
            )
            super().__init__(**kwargs)

    return IPCKernelManager


def _send_output_to(log: Path) -> None:
    """Point this worker's stdout and stderr, which its kernels inherit, at `log`.

    A kernel left behind by a stopped run would otherwise print "Parent appears to
    have exited" after the runner's one-line message, and each kernel logs the SIGINT
    jupyter_client sends it before shutting it down.
    """
    with contextlib.suppress(OSError):
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.close(fd)


def execute(job: tuple[str, str, dict[str, Any], str]) -> tuple[str, float, str | None]:
    """Run one notebook with papermill (in a worker): (source, seconds, error or None)."""
    src, dst, parameters, cwd = job
    _send_output_to(Path(dst).parent.parent / KERNEL_LOG)
    import papermill
    from nbclient.exceptions import CellTimeoutError
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    # The kernels leave PNGs to the runner, which renders them all in one batch.
    os.environ[paths.PNG_ENV] = "batch"
    limit = cell_timeout()
    error: str | None = None
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
            kernel_manager_class=kernel_manager(),
            execution_timeout=limit,
        )
    except CellTimeoutError:
        error = (
            f"a cell that ran longer than {limit} s, the limit for one cell "
            f"(set {CELL_TIMEOUT_ENV} to change it)"
        )
    except PapermillExecutionError as err:
        error = (
            f"cell {err.exec_count} (index {err.cell_index}): {err.ename}: {err.evalue}"
        )
    except OSError as err:
        # Most likely writing the executed copy (a full or read-only build/): say where.
        where = f" ({err.filename})" if err.filename else f" (writing {dst})"
        error = f"{type(err).__name__}: {err.strerror or err}{where}"
    except Exception as err:
        error = f"{type(err).__name__}: {err}"
    return src, time.perf_counter() - start, error


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


def snapshot_path(output_dir: Path | None) -> Path:
    """Where the last good run's findings for these outputs are kept."""
    if output_dir is None:
        name = "default"
    else:
        name = hashlib.sha1(str(Path(output_dir).resolve()).encode()).hexdigest()[:12]
    return paths.BUILD / "cache" / "last-good" / f"{name}.json"


def read_snapshot(path: Path) -> dict[str, Any] | None:
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


class Findings:
    """This run's snapshot of the findings: the last good one when the data, the
    package and the environment are unchanged, else computed in a worker process
    while the notebooks run."""

    def __init__(
        self, reuse: dict[str, Any] | None, data_folder: Path, fingerprint: str
    ) -> None:
        self.reuse = reuse
        self.pool: cf.ProcessPoolExecutor | None = None
        self.future: cf.Future[dict[str, Any]] | None = None
        self.pids: set[int] = set()
        if reuse is None:
            before = worker_pids()
            self.pool = cf.ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("fork"),
                initializer=worker_signals,
            )
            self.future = self.pool.submit(_snapshot_job, str(data_folder), fingerprint)
            self.pids = worker_pids() - before

    def result(self) -> dict[str, Any]:
        if self.reuse is not None:
            return self.reuse
        assert self.future is not None
        return self.future.result()

    def close(self) -> None:
        if self.pool is None:
            return
        if self.future is not None and not self.future.done():
            stop_workers(spare=worker_pids() - self.pids)
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = None
