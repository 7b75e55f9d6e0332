"""The explorer as a Voila app, in a real browser: widgets drive the chart and the stats."""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import papermill
import pytest
from bench.synthetic import write_synthetic
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from seesaw import paths
from tests.browser import serve_voila, watch_errors

PAYLOAD = '<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script>'

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LOGS: dict[str, Path] = {}  # each app's Voila log, by its URL


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Voila serving the explorer on the injection fixture, on a free loopback port."""
    folder = tmp_path_factory.mktemp("voila")
    data = write_synthetic(folder / "data", 300, seed=5)
    events = pd.read_csv(data / "events.csv", dtype=str, keep_default_na=False)
    quotes = pd.read_csv(data / "quotes.csv", dtype=str, keep_default_na=False)
    events.loc[0, "summary"] = PAYLOAD
    quotes.loc[0, "quote"] = PAYLOAD
    events.to_csv(data / "events.csv", index=False)
    quotes.to_csv(data / "quotes.csv", index=False)
    notebook = folder / "explorer.ipynb"
    papermill.execute_notebook(
        str(paths.NOTEBOOKS / "07_explorer.ipynb"),
        str(notebook),
        parameters={"data_dir": str(data)},
        prepare_only=True,
    )
    log = folder / "voila.log"  # read back when a test fails
    with serve_voila(notebook, log) as url:
        LOGS[url] = log
        yield url


TRACES = """() => document.querySelectorAll('.js-plotly-plot')[0].data.map(
  t => ({name: t.name, n: (t.x || []).length, x: (t.x || []).map(String)}))"""


X_RANGE = "() => document.querySelectorAll('.js-plotly-plot')[0]._fullLayout.xaxis.range.map(String)"


def _traces(page) -> dict[str, dict]:
    return {t["name"]: t for t in page.evaluate(TRACES)}


KERNEL = """() => { const a = window.jupyterapp; const m = a && a.widgetManager;
  const k = m && m.kernel;
  return k ? {status: k.status, connection: k.connectionStatus} : null; }"""


def _tail(log: Path | None, size: int = 3000) -> str:
    return log.read_text()[-size:] if log and log.exists() else "(no log)"


def _wait_idle(page, timeout: int = 60_000) -> None:
    """Wait until the page's kernel is connected and idle: the notebook has run and
    the widgets are live, so a change made now reaches the kernel."""
    page.wait_for_function(
        f"() => {{ const k = ({KERNEL})(); "
        "return k && k.connection === 'connected' && k.status === 'idle'; }",
        timeout=timeout,
    )


def _change(page, act: Callable[[], None], what: str, console: list[str]) -> None:
    """Do `act` and wait for the chart's traces to change. If they have not after
    20 s while the kernel sits idle, the change is made once more (with a warning
    that says so): on a loaded machine the first event after the page loads has
    been seen to go missing. Still nothing after that fails, with the kernel's
    state, the dates shown, the console and the tail of Voila's log."""
    before = page.evaluate(f"JSON.stringify(({TRACES})())")
    changed = f"(b) => JSON.stringify(({TRACES})()) !== b"
    act()
    try:
        page.wait_for_function(changed, arg=before, timeout=20_000)
        return
    except PlaywrightTimeout:
        state = page.evaluate(KERNEL)
    warnings.warn(
        f"the chart did not change 20 s after the {what} change (kernel {state}); "
        "making it again",
        stacklevel=2,
    )
    _wait_idle(page)
    act()
    try:
        page.wait_for_function(changed, arg=before, timeout=30_000)
    except PlaywrightTimeout as err:
        dates = page.evaluate(
            "() => Array.from(document.querySelectorAll('.widget-datepicker input'))"
            ".map(e => e.value)"
        )
        raise AssertionError(
            f"the chart did not change after the {what} change, made twice; "
            f"kernel {page.evaluate(KERNEL)}; dates shown {dates}; "
            f"console {console[-20:]}; Voila log:\n"
            f"{_tail(LOGS.get(page.url.split('?')[0]))}"
        ) from err


def test_explorer_in_the_browser(app: str, browser) -> None:
    context = browser.new_context()
    outside: list[str] = []

    def offline(route) -> None:
        # The test machine has no internet: answer any outside request with an empty
        # body and record it; only the widgets' icon font may ask for one.
        outside.append(route.request.url)
        route.fulfill(status=200, body="", content_type="text/css")

    context.route(lambda url: not url.startswith(app), offline)
    page = context.new_page()
    errors = watch_errors(page)
    console: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(app, wait_until="domcontentloaded", timeout=60_000)
    page.wait_for_selector(".widget-dropdown select", timeout=60_000)
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot')[0].data.length === 6",
        timeout=30_000,
    )
    _wait_idle(page)
    first = _traces(page)
    total = sum(t["n"] for t in first.values())
    assert first["US act: material"]["n"] >= 1

    # A later start date: fewer points, none before it, and the x-axis moves on.
    range_before = page.evaluate(X_RANGE)
    start = page.locator(".widget-datepicker input").first

    def later_start() -> None:
        start.fill("2025-06-01")
        start.dispatch_event("change")

    _change(page, later_start, "date", console)
    later = _traces(page)
    assert 0 < sum(t["n"] for t in later.values()) < total
    assert all(x[:10] >= "2025-06-01" for t in later.values() for x in t["x"])
    page.wait_for_function(f"({X_RANGE})()[0] !== {range_before[0]!r}", timeout=10_000)
    range_after = page.evaluate(X_RANGE)
    assert range_after[0] > range_before[0], (range_before, range_after)

    # Another scheme: the statistics panel changes.
    _wait_idle(page)
    stats_before = page.inner_text(".seesaw-stats")
    page.get_by_label("Scheme", exact=True).select_option("flat")
    page.wait_for_function(
        "(b) => document.querySelector('.seesaw-stats') && document.querySelector('.seesaw-stats').innerText !== b",
        arg=stats_before,
        timeout=20_000,
    )

    # Untick an actor: its traces empty.
    _wait_idle(page)
    russia = page.locator(".widget-checkbox", has_text="russia").locator("input")
    _change(page, russia.uncheck, "actor", console)
    after = _traces(page)
    assert (
        after["Russian overture"]["n"] == 0 and after["Russian hardline move"]["n"] == 0
    )

    # The markup in the fixture's summary and quote never ran.
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert errors == [], (errors, failed)
    assert all("fontawesome" in url for url in outside), outside
    context.close()


def _open(app: str, browser):
    """A page on the explorer, offline, once the chart and the headline are drawn."""
    context = browser.new_context(locale="en-US")
    context.route(
        lambda url: not url.startswith(app),
        lambda route: route.fulfill(status=200, body="", content_type="text/css"),
    )
    page = context.new_page()
    page.goto(app, wait_until="domcontentloaded", timeout=60_000)
    page.wait_for_selector(".widget-dropdown select", timeout=60_000)
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    page.wait_for_selector(".seesaw-stats", timeout=60_000)
    _wait_idle(page)
    return context, page


def _focused(page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement;
        return {tag: e.tagName, type: e.type || '', label: e.getAttribute('aria-label') || '',
                id: e.id || '', value: e.value === undefined ? '' : String(e.value),
                labels: e.labels ? Array.from(e.labels).map(l => l.innerText) : []}; }"""
    )


def _tab_to(page, name: str, limit: int = 80) -> dict:
    """Press Tab until the focused control's accessible name is `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        f = _focused(page)
        if name in (f["label"], *f["labels"]):
            return f
    raise AssertionError(f"no control named {name!r} within {limit} Tab presses")


def _focused_date(page, before: str) -> str:
    value = page.evaluate(
        "() => document.querySelector('.widget-datepicker input').value"
    )
    assert value and value != before, (before, value)
    return str(value)


def _day_words(iso: str) -> str:
    from seesaw.text.words import day_words

    return day_words(dt.date.fromisoformat(iso))


def test_explorer_from_the_keyboard(app: str, browser) -> None:
    """A date and a scheme change with the keyboard alone; the live region says so."""
    context, page = _open(app, browser)
    live = page.locator("[aria-live='polite']")
    assert live.count() >= 1, "no ARIA live region for the headline"
    said = live.first.inner_text()
    assert said.strip(), "the live region is empty at start"

    page.locator("body").focus()
    date = _tab_to(page, "From")
    assert date["tag"] == "INPUT" and date["type"] == "date", date
    # Step the month with the arrow keys, as a keyboard user does in a date field.
    before = date["value"]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Tab")
    chosen = _focused_date(page, before)
    expected = _day_words(chosen)
    page.wait_for_function(
        "(w) => document.querySelector(\"[aria-live='polite']\").innerText.includes(w)",
        arg=expected,
        timeout=30_000,
    )
    said = live.first.inner_text()
    assert said.startswith(expected), said

    page.locator("body").focus()
    scheme = _tab_to(page, "Scheme")
    assert scheme["tag"] == "SELECT", scheme
    before = scheme["value"]
    page.keyboard.press("ArrowDown")
    chosen = _focused(page)["value"]
    assert chosen != before, (before, chosen)
    page.wait_for_function(
        "(w) => document.querySelector(\"[aria-live='polite']\").innerText.includes(w)",
        arg=f"{chosen} scheme",
        timeout=30_000,
    )
    assert live.first.inner_text() != said
    context.close()


def test_explorer_passes_axe(app: str, browser) -> None:
    """axe-core over the Voila explorer: no critical or serious violation."""
    from axe_playwright_python.sync_playwright import Axe

    context, page = _open(app, browser)
    found = Axe().run(page).response["violations"]
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5])
        for v in found
        if v["impact"] in ("critical", "serious")
    ]
    context.close()
    assert bad == [], bad
