"""The worker side of a run: stopping workers, the kernel manager, the findings."""

from __future__ import annotations

import concurrent.futures as cf
import inspect
import multiprocessing
import time
from pathlib import Path

import pytest

from seesaw.pipeline import workers


def _sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_stop_workers_stops_a_pool_that_is_busy_and_spares_the_others() -> None:
    fork = multiprocessing.get_context("fork")
    with cf.ProcessPoolExecutor(1, mp_context=fork) as spared:
        spared.submit(_sleep, 0).result()
        others = workers.worker_pids()
        pool = cf.ProcessPoolExecutor(
            1, mp_context=fork, initializer=workers.worker_signals
        )
        busy = pool.submit(_sleep, 60)
        time.sleep(0.5)
        start = time.monotonic()
        workers.stop_workers(spare=others)
        with pytest.raises(cf.process.BrokenProcessPool):
            busy.result(timeout=20)
        pool.shutdown()
        assert time.monotonic() - start < 20
        assert spared.submit(_sleep, 0).result() == 0


def test_the_kernel_manager_changes_only_public_settings() -> None:
    manager = workers.kernel_manager()
    own = {
        name
        for name, value in vars(manager).items()
        if inspect.isfunction(value) and not name.startswith("__")
    }
    assert own == set()
    km = manager(kernel_name="python3")
    assert km.transport == "ipc"
    assert "seesaw-kernel-" in km.ip


def test_the_findings_are_reused_when_nothing_changed(tmp_path: Path) -> None:
    snap = {"format": 1, "figures": {}, "verdicts": {}, "claims": {}, "rows": {}}
    findings = workers.Findings(snap, tmp_path, "fingerprint")
    assert findings.pool is None and findings.result() is snap
    findings.close()


def test_the_snapshot_of_an_output_folder_has_its_own_name(tmp_path: Path) -> None:
    default = workers.snapshot_path(None)
    other = workers.snapshot_path(tmp_path)
    assert default.name == "default.json"
    assert other.parent == default.parent and other != default


def test_a_kernel_is_stopped_at_once_when_its_notebook_has_run(tmp_path: Path) -> None:
    """No graceful stop: the kernel's exit hooks never run (a graceful stop runs them,
    and in ipykernel 7.4 sometimes hangs until SIGTERM)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    flag = tmp_path / "exit-hook-ran"
    nb = new_notebook(
        cells=[
            new_code_cell(
                f"import atexit, pathlib\n"
                f"atexit.register(pathlib.Path({str(flag)!r}).write_text, 'ran')\n"
                "print('done')"
            )
        ]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python"}
    (tmp_path / "out").mkdir()
    src, dst = tmp_path / "hook.ipynb", tmp_path / "out" / "hook.ipynb"
    nbformat.write(nb, src)
    _, _, error = workers.execute((str(src), str(dst), {}, str(tmp_path)))
    assert error is None
    assert nbformat.read(dst, as_version=4).cells[0].outputs[0]["text"] == "done\n"
    time.sleep(0.5)  # a graceful exit would have written the flag by now
    assert not flag.exists()
