"""Shared fixtures: paths to the fixture data and a helper to assemble a data folder."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from tests.browser import browser  # noqa: F401  (one session-wide browser)

FIXTURES = Path(__file__).parent / "fixtures"
#: One temporary folder for the session's caches, made by the process that imports this
#: file first (xdist's controller: its workers inherit the environment, so they share it)
#: and removed by that process when the session ends (`pytest_unconfigure`).
SESSION_ENV = "SEESAW_TESTS_SESSION"
OWN_SESSION = SESSION_ENV not in os.environ
if OWN_SESSION:
    os.environ[SESSION_ENV] = tempfile.mkdtemp(prefix="seesaw-tests-")
SESSION = Path(os.environ[SESSION_ENV])
for _sub in ("compute", "images"):
    (SESSION / _sub).mkdir(exist_ok=True)
#: Every cache and kept file a run writes goes in the session's folder, whatever the
#: user's environment names (set, not defaulted: a user's own cache folder would be
#: filled with entries another secret signed). The notebook cache's secret, for one:
#: set at import, so module-scoped fixtures and the tests after them share it (an
#: entry is served only under the secret that wrote it).
os.environ["SEESAW_CACHE_SECRET"] = str(SESSION / "secret" / "cache-secret")
#: The computation cache: tests never read or fill the project's build/cache/compute.
os.environ["SEESAW_COMPUTE_CACHE"] = str(SESSION / "compute")
#: The notebook cache: entries signed with the session's secret in the project's
#: build/cache/notebooks were set aside as damaged, with a warning, by the user's next
#: run. (tests/test_runner.py's throwaway projects each use their own.)
os.environ["SEESAW_CACHE"] = str(SESSION / "notebooks")
#: The last good findings: the project's are kept for the 60 output folders most
#: recently run, which the suite's temporary ones would push out.
os.environ["SEESAW_LAST_GOOD"] = str(SESSION / "last-good")
GOOD = FIXTURES / "good"

#: `make test` runs `pytest -n 2 --dist loadfile --no-loadscope-reorder`: xdist hands a
#: worker the next whole module (its module-scoped fixtures built once) when it runs
#: short, in the order collected. The modules that take longest come FIRST, longest
#: first (measured with --durations), so that no long module starts last and keeps one
#: worker busy alone while the other waits. A long run with no shared fixture is split
#: into modules instead (the bench's smoke run: tests/benchsmoke.py).
FIRST = (
    "test_runner.py",
    "test_memo.py",
    "test_preflight.py",
    "test_report_browser.py",
    "test_vocabulary.py",
    "test_hostile_report.py",
    "test_bench.py",
    "test_bench_runs.py",
    "test_bench_checks.py",
    "test_swap.py",
    "test_track_notebooks.py",
    "test_explorer_browser.py",
    "test_numbers.py",
    "test_figure_pages_browser.py",
    "test_claim_checks.py",
    "test_metrics.py",
    "test_sensitivity.py",
    "test_export.py",
)


#: Seconds per test file (set-up, call and tear-down of its tests), for the summary.
FILE_SECONDS: dict[str, float] = {}


def machine_busy() -> float | None:
    """CPU-seconds the whole machine has been busy since boot (user, nice, system, irq
    and softirq in Linux's /proc/stat; steal and idle are not work), or None where it
    cannot be read. Read at the start and end of a session: the CPU time the run took
    and how full it kept the cores (a share near 100% says the suite waited on CPU, not
    on the tests' sleeps and timeouts)."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
        ticks = sum(int(fields[i]) for i in (1, 2, 3, 6, 7))
    except (OSError, ValueError, IndexError):
        return None
    return ticks / os.sysconf("SC_CLK_TCK")


START = (time.monotonic(), machine_busy())


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    name = report.nodeid.split("::", 1)[0]
    FILE_SECONDS[name] = FILE_SECONDS.get(name, 0.0) + report.duration


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The slowest test files (with `--dist loadfile` a file runs on one worker, so
    these decide how the two workers' loads balance)."""
    if terminalreporter.config.getoption("durations") is None or not FILE_SECONDS:
        return
    slowest = sorted(FILE_SECONDS.items(), key=lambda kv: -kv[1])[:15]
    terminalreporter.write_sep("=", f"slowest files (of {len(FILE_SECONDS)})")
    for name, seconds in slowest:
        terminalreporter.write_line(f"{seconds:8.1f}s {name}")
    busy, wall = machine_busy(), time.monotonic() - START[0]
    if busy is not None and START[1] is not None:
        cores = os.cpu_count() or 1
        work = busy - START[1]
        terminalreporter.write_line(
            f"machine busy: {work:,.0f} CPU-s in {wall:,.0f} s on {cores} cores "
            f"({work / (wall * cores):.0%} of their time)"
        )


def pytest_unconfigure(config: pytest.Config) -> None:
    """The session's folder goes with the session that made it."""
    if OWN_SESSION and not hasattr(config, "workerinput"):
        shutil.rmtree(SESSION, ignore_errors=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Put the modules of FIRST first, in its order (the rest keep theirs)."""
    rank = {name: i for i, name in enumerate(FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(FIRST)))


#: One image cache for the session (both workers) for the modules in SHARED_IMAGES.
os.environ["SEESAW_TESTS_IMAGE_CACHE"] = str(SESSION / "images")
#: ... which is also every test's until `_own_image_cache` gives it its own: a fixture
#: wider than a test (the hostile run) never fills the project's build/cache/images.
os.environ["SEESAW_IMAGE_CACHE"] = os.environ["SEESAW_TESTS_IMAGE_CACHE"]
#: Modules whose tests are about `seesaw run` itself (locks, kills, swaps, refusals,
#: windows, the README's commands): their runs draw the same few charts again and
#: again, so they share one image cache, and a chart is rendered once a session.
#: What a render looks like is tests/test_images.py's and tests/test_export.py's.
SHARED_IMAGES = frozenset(
    {"test_runner.py", "test_swap.py", "test_preflight.py", "test_vocabulary.py"}
)


@pytest.fixture(autouse=True)
def _own_image_cache(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each test its own empty image cache (the modules of SHARED_IMAGES one for the
    session): renders are really rendered, and the project's build/cache/ is left
    alone."""
    if request.path.name in SHARED_IMAGES:
        folder = os.environ["SEESAW_TESTS_IMAGE_CACHE"]
    else:
        folder = str(tmp_path_factory.mktemp("images"))
    monkeypatch.setenv("SEESAW_IMAGE_CACHE", folder)


@pytest.fixture
def good_dir(tmp_path: Path) -> Path:
    """A data folder holding the small valid fixture tables."""
    for name in ("events.csv", "quotes.csv", "claims.csv"):
        shutil.copy(GOOD / name, tmp_path / name)
    return tmp_path


def data_dir_with(tmp_path: Path, fixture: Path) -> Path:
    """A data folder where `fixture` (named `<case>.<events|quotes>.csv`) replaces one table."""
    table = fixture.name.split(".")[-2]
    for name in ("events.csv", "quotes.csv", "claims.csv"):
        shutil.copy(GOOD / name, tmp_path / name)
    shutil.copy(fixture, tmp_path / f"{table}.csv")
    return tmp_path
