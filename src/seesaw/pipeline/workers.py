"""What a run does in forked worker processes: execute one notebook with papermill,
compute the findings (`seesaw.changes`) while the notebooks run."""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import json
import multiprocessing
import os
import re
import shutil
import signal
import stat
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from seesaw import paths
from seesaw.pipeline.checks import (
    CELL_TIMEOUT_ENV,
    RunError,
    cell_timeout,
    output_key,
    release_locks,
)
from seesaw.pipeline.swap import alive
from seesaw.text import changes

KERNEL = "python3"
KERNEL_STOP = "immediate"  # nbclient's `shutdown_kernel` (see `execute`)
KERNEL_LOG = "kernels.log"  # where kernels write their output
#: Metadata that execution writes or a viewer toggles, in a cell and in the notebook.
VOLATILE_CELL_KEYS = ("execution", "papermill", "collapsed", "scrolled")
VOLATILE_NOTEBOOK_KEYS = ("papermill", "widgets", "celltoolbar")
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def worker_signals() -> None:
    """Workers leave Ctrl-C to the runner (which stops them), die on SIGTERM, die with
    the runner (even a `kill -9` of it), and do not hold its lock."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    release_locks()
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        parent = multiprocessing.parent_process()
        if parent is not None and os.getppid() != parent.pid:  # it died before prctl
            os._exit(1)


def fork_pool(workers: int) -> cf.ProcessPoolExecutor:
    """A pool of `workers` forked processes set up by `worker_signals`."""
    context = multiprocessing.get_context("fork")
    return cf.ProcessPoolExecutor(workers, context, initializer=worker_signals)


def stop_workers(spare: Iterable[int] = ()) -> None:
    """SIGTERM to this process's workers except `spare` (a pool's own shutdown would
    wait for a notebook that may run for minutes)."""
    for pid in worker_pids() - set(spare):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)


def worker_pids() -> set[int]:
    """The pids of this process's live worker processes."""
    return {p.pid for p in multiprocessing.active_children() if p.pid is not None}


#: Where a run's kernels put their sockets: a folder of the run's own (`kernel_folder`).
KERNEL_DIR_ENV = "SEESAW_KERNEL_DIR"
KERNEL_DIR_PREFIX = "seesaw-kernels-"
#: A killed run's folder is removed by a later run once this old: a live run in another
#: pid namespace sharing the temporary directory also looks dead, but not idle so long.
KERNEL_DIR_STALE_SECONDS = 86_400
#: Bytes in a Unix socket's path (Linux; macOS and the BSDs allow 103).
SOCKET_PATH_MAX = 107 if sys.platform.startswith("linux") else 103


def _sweep_kernel_folders(base: Path) -> None:
    """Remove the kernel folders of killed runs: ours, their runner's pid gone, and
    untouched for `KERNEL_DIR_STALE_SECONDS`."""
    for old in base.glob(f"{KERNEL_DIR_PREFIX}*"):
        pid = old.name.removeprefix(KERNEL_DIR_PREFIX).split("-")[0]
        with contextlib.suppress(OSError):
            info = old.lstat()
            if (
                stat.S_ISDIR(info.st_mode)
                and info.st_uid == os.getuid()
                and time.time() - info.st_mtime > KERNEL_DIR_STALE_SECONDS
                and pid.isdigit()
                and not alive(int(pid))
            ):
                shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def kernel_folder() -> Iterator[Path]:
    """A folder in the temporary directory for this run's kernel sockets, named by the
    runner's pid; removed when the run ends however it ends (a worker stopped with
    SIGTERM cannot remove its kernel's sockets), and a killed run's by a later run."""
    base = Path(tempfile.gettempdir())
    _sweep_kernel_folders(base)
    try:
        folder = Path(tempfile.mkdtemp(prefix=f"{KERNEL_DIR_PREFIX}{os.getpid()}-"))
    except OSError as err:
        raise RunError(
            f"cannot make a folder for the kernels' sockets in {base} "
            f"({err.strerror or err}): set TMPDIR to a writable folder"
        ) from None
    before = os.environ.get(KERNEL_DIR_ENV)
    os.environ[KERNEL_DIR_ENV] = str(folder)  # the workers, forked later, inherit it
    try:
        yield folder
    finally:
        if before is None:
            os.environ.pop(KERNEL_DIR_ENV, None)
        else:
            os.environ[KERNEL_DIR_ENV] = before
        shutil.rmtree(folder, ignore_errors=True)


def _socket_prefix(tag: str) -> str:
    """A kernel's socket prefix (and connection file's name) in the run's
    `kernel_folder`; short, as a socket's path has at most `SOCKET_PATH_MAX` bytes."""
    folder = os.environ.get(KERNEL_DIR_ENV) or tempfile.gettempdir()
    return f"{folder}/k-{tag}"


def check_socket_room() -> None:
    """Refuse in words, before a kernel starts, a kernel folder whose path leaves a
    socket's too long (each kernel would fail with `ZMQError: File name too long`)."""
    longest = len(os.fsencode(f"{_socket_prefix('0' * 8)}-5"))  # its 5th socket
    if longest > SOCKET_PATH_MAX:
        raise RunError(
            f"the temporary directory {tempfile.gettempdir()} has too long a path for "
            f"a kernel's sockets ({longest} bytes, at most {SOCKET_PATH_MAX}): set "
            "TMPDIR to a folder with a shorter path"
        )


def kernel_manager() -> type:
    """An asynchronous kernel manager (nbclient's per-cell timeout needs one) on local
    IPC sockets in the run's `kernel_folder` with its connection file, one prefix per
    kernel; only public settings are changed."""
    from jupyter_client.manager import AsyncKernelManager

    class IPCKernelManager(AsyncKernelManager):  # type: ignore[misc]
        def __init__(self, **kwargs: Any) -> None:
            kwargs.setdefault("transport", "ipc")
            name = _socket_prefix(uuid.uuid4().hex[:8])
            kwargs.setdefault("ip", name)
            kwargs.setdefault("connection_file", f"{name}.json")  # it holds the key
            super().__init__(**kwargs)

    return IPCKernelManager


def execute(job: tuple[str, str, dict[str, Any], str]) -> tuple[str, float, str | None]:
    """Run one notebook with papermill (in a worker): (source, seconds, error or None)."""
    src, dst, parameters, cwd = job
    # This worker's output, which its kernels inherit, goes to the kernels' log.
    with contextlib.suppress(OSError):
        log = Path(dst).parent.parent / KERNEL_LOG
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.close(fd)
    import papermill
    from nbclient.exceptions import CellTimeoutError
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    os.environ[paths.PNG_ENV] = "batch"  # the runner renders the PNGs in one batch
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
            # Every output is in by now. A graceful stop costs 0.1-0.5 s of polling,
            # and ipykernel 7.4 hangs in about one stop in twenty (its control thread
            # publishes "idle" into the IOPub thread being closed) until SIGTERM after
            # 2.5 s: nbclient's public `immediate` ends the kernel at once.
            shutdown_kernel=KERNEL_STOP,
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
    except OSError as err:  # most likely writing the executed copy: say where
        where = f" ({err.filename})" if err.filename else f" (writing {dst})"
        error = f"{type(err).__name__}: {err.strerror or err}{where}"
    except Exception as err:
        error = f"{type(err).__name__}: {err}"
    return src, time.perf_counter() - start, error


def clean_notebook(nb: Any) -> Any:
    """Drop volatile metadata (timestamps, durations, widget state), keeping cell tags;
    give papermill's injected cell and the widget views fixed ids for random ones."""
    for key in VOLATILE_NOTEBOOK_KEYS:
        nb.metadata.pop(key, None)
    widgets = 0
    for cell in nb.cells:
        for key in VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            out.get("metadata", {}).pop("papermill", None)
            view = out.get("data", {}).get(WIDGET_MIME)
            if isinstance(view, dict) and "model_id" in view:
                view["model_id"] = f"{widgets:032x}"
                widgets += 1
    return nb


LAST_GOOD_ENV = "SEESAW_LAST_GOOD"  # where the last good findings are kept


def snapshot_path(output_dir: Path | None) -> Path:
    """Where the last good run's findings for these outputs are kept: in
    `build/cache/last-good`, or the folder `$SEESAW_LAST_GOOD` names."""
    name = "default" if output_dir is None else output_key(output_dir)
    folder = os.environ.get(LAST_GOOD_ENV) or paths.BUILD / "cache" / "last-good"
    return Path(folder) / f"{name}.json"


#: The files of the last good folder (`snapshot_files`): an output folder's findings
#: (`snapshot_path`) and findings set aside as damaged (`read_snapshot`).
_SNAPSHOT_FILE = re.compile(
    r"[0-9a-f]{12}\.json|(default|[0-9a-f]{12})\.json\.damaged-\d+"
)


def snapshot_files(folder: Path) -> Iterator[Path]:
    """The findings in `folder` a run may remove to keep it small: those of output
    folders and those set aside, never `default.json` (`make report`'s) nor another
    file (`$SEESAW_LAST_GOOD` may name a folder of the user's)."""
    for path in folder.iterdir():
        with contextlib.suppress(OSError):
            if _SNAPSHOT_FILE.fullmatch(path.name) and stat.S_ISREG(
                path.lstat().st_mode
            ):
                yield path


def read_snapshot(path: Path) -> dict[str, Any] | None:
    """The last good run's findings, or None: none yet, or damaged (not a file, not
    JSON, not the shape `changes.snapshot` writes: then set aside with a warning).
    Read findings are marked recently used first, so that `snapshot_files`' pruning
    by another run keeps them."""
    with contextlib.suppress(OSError):
        os.utime(path, follow_symlinks=False)
    if not os.path.lexists(path):
        return None
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


class Findings:
    """This run's snapshot of the findings: `reuse` (the last good one, when the data,
    the package and the environment are unchanged), else computed in a worker."""

    def __init__(
        self, reuse: dict[str, Any] | None, data_folder: Path, fingerprint: str
    ) -> None:
        self.reuse = reuse
        self.pool: cf.ProcessPoolExecutor | None = None
        if reuse is None:
            before = worker_pids()
            self.pool = fork_pool(1)
            self.future = self.pool.submit(changes.snapshot, data_folder, fingerprint)
            self.pids = worker_pids() - before

    def result(self) -> dict[str, Any]:
        return self.reuse if self.reuse is not None else self.future.result()

    def close(self) -> None:
        if self.pool is None:
            return
        if not self.future.done():
            stop_workers(spare=worker_pids() - self.pids)
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = None
