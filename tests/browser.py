"""Helpers for the browser tests: Debian's Chromium driven by Playwright, no download."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str:
    """The system Chromium (`make test` installs it); its absence is a failure, not a skip."""
    for candidate in (
        os.environ.get("BROWSER_PATH"),
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
    ):
        if candidate and shutil.which(candidate):
            return candidate
    raise AssertionError(
        "Chromium not found: run `make chromium` (apt-get install chromium) or set BROWSER_PATH"
    )


# Registered once, in conftest.py: importing it into two test modules would make two
# session fixtures, and a second sync_playwright() inside the first one fails.
@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


def watch_errors(page: object) -> list[str]:
    """Collect page errors and console errors into a list."""
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))  # type: ignore[attr-defined]
    page.on(  # type: ignore[attr-defined]
        "console",
        lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None,
    )
    return errors


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve_voila(
    notebook: Path, log: Path | None = None, timeout: float = 60
) -> Iterator[str]:
    """Voila serving `notebook` on a free loopback port, its output in `log` (or
    dropped); yields the URL once the port answers, and stops the server after.

    It waits for the port, not for GET / : each GET starts a kernel and runs the
    whole notebook, so a probe would leave kernels computing beside the page's own."""
    port = free_port()
    voila = Path(sys.executable).parent / "voila"
    with open(log or os.devnull, "w") as out:
        proc = subprocess.Popen(
            [
                str(voila) if voila.exists() else "voila",
                notebook.name,
                "--no-browser",
                f"--port={port}",
                "--Voila.ip=127.0.0.1",
                "--show_tracebacks=False",
            ],
            cwd=notebook.parent,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    said = log.read_text()[-3000:] if log and log.exists() else ""
                    raise RuntimeError(
                        f"Voila did not answer within {timeout:g} s\n{said}"
                    ) from None
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}/"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
