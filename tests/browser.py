"""Helpers for the browser tests: Debian's Chromium driven by Playwright, no download."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

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
