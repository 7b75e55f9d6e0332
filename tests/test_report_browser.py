"""The offline HTML report in a real browser: every chart draws with the network blocked,
and markup in the data is shown as text, never run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from seesaw import paths
from seesaw.report import write_report
from tests.a11y import audit, blocking, wait_for_charts
from tests.browser import watch_errors
from tests.conftest import FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DRAWN = """() => [...document.querySelectorAll('.js-plotly-plot')].map(
  d => ({drawn: !!d._fullLayout, traces: (d.data || []).length,
         points: (d.data || []).reduce((n, t) => n + ((t.x || t.z || []).length || 0), 0)}))"""


def _offline_page(browser):
    context = browser.new_context()
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith("file:")
            else route.abort()
        ),
    )
    return context, context.new_page()


@pytest.fixture(scope="module")
def committed_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report built from the committed notebooks (no execution)."""
    out = tmp_path_factory.mktemp("report")
    notebooks = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    assert notebooks, "no notebooks committed"
    write_report(notebooks, out)
    return out


def test_index_links_every_notebook(committed_report: Path, browser) -> None:
    context, page = _offline_page(browser)
    errors = watch_errors(page)
    page.goto((committed_report / "index.html").as_uri())
    links = page.eval_on_selector_all(
        "a", "els => els.map(e => e.getAttribute('href'))"
    )
    expected = [
        p.stem + ".html" for p in sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    ]
    if (committed_report / "changes.html").is_file():  # `seesaw run`'s diff page
        expected.append("changes.html")
    assert links == expected
    assert errors == []
    context.close()


def test_every_chart_draws_offline(committed_report: Path, browser) -> None:
    pages = sorted(committed_report.glob("[0-9][0-9]_*.html"))
    drawn_total = 0
    for page_path in pages:
        context, page = _offline_page(browser)
        errors = watch_errors(page)
        page.goto(page_path.as_uri(), wait_until="load")
        expected = page.evaluate(
            "document.querySelectorAll('.plotly-graph-div').length"
        )
        if expected:
            page.wait_for_function(
                "[...document.querySelectorAll('.plotly-graph-div')].every(d => d._fullLayout)",
                timeout=20_000,
            )
        charts = page.evaluate(DRAWN)
        assert len(charts) == expected, page_path.name
        assert all(c["drawn"] and c["traces"] > 0 for c in charts), (
            page_path.name,
            charts,
        )
        drawn_total += len(charts)
        assert errors == [], (page_path.name, errors)
        context.close()
    assert drawn_total >= 8


#: Rules that fail the audit besides every critical or serious one: a table header
#: cell with no text (axe rates it minor; a screen reader announces a blank header).
ALSO_FAILING = ("empty-table-header",)


def test_every_report_page_passes_axe(committed_report: Path, browser) -> None:
    """axe-core: no critical or serious violation (and no empty header) on any page."""
    pages = sorted(committed_report.glob("*.html"))
    assert len(pages) >= 8, pages
    failures: dict[str, list[str]] = {}
    for page_path in pages:
        context, page = _offline_page(browser)
        page.goto(page_path.as_uri(), wait_until="load")
        wait_for_charts(page)
        found = audit(page)
        bad = blocking(found) + [
            f"{v['id']} ({v['impact']}) x{len(v['nodes'])}"
            for v in found
            if v["id"] in ALSO_FAILING
        ]
        if bad:
            failures[page_path.name] = bad
        context.close()
    assert failures == {}


@pytest.fixture(scope="module")
def injected_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Notebooks 01 and 02 run on data whose summary and quote carry markup."""
    out = tmp_path_factory.mktemp("injected")
    env = {**os.environ}
    env.pop("SEESAW_DEBUG", None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "seesaw",
            "run",
            "--data-dir",
            str(FIXTURES / "injection"),
            "--output-dir",
            str(out),
            "--notebooks",
            "01,02",
            "--no-figures",
            "-p",
            "start_date",
            "2025-03-01",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out / "report"


def test_markup_in_the_data_never_runs(injected_report: Path, browser) -> None:
    for name in ("01_dataset.html", "02_timeline.html"):
        context, page = _offline_page(browser)
        errors = watch_errors(page)
        page.goto((injected_report / name).as_uri(), wait_until="load")
        page.wait_for_function(
            "[...document.querySelectorAll('.plotly-graph-div')].every(d => d._fullLayout)",
            timeout=20_000,
        )
        assert page.evaluate("typeof window.__pwned") == "undefined", name
        assert page.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0
        if name == "01_dataset.html":
            # The seed table shows the summary as text.
            assert '<img src=x onerror="window.__pwned=1">' in page.inner_text("body")
        else:
            # Hover the aid-pause point: the hover label shows the markup as text.
            page.evaluate(
                """() => { const has = t => Array.isArray(t.customdata)
                       && t.customdata.includes('E0001');
                   const d = [...document.querySelectorAll('.plotly-graph-div')]
                       .find(g => g.data.some(has));
                   d.id = d.id || 'hovered-chart';
                   window.__hovered = d.id;
                   const i = d.data.findIndex(has);
                   const j = d.data[i].customdata.indexOf('E0001');
                   Plotly.Fx.hover(d, [{curveNumber: i, pointNumber: j}]); }"""
            )
            label = page.evaluate(
                "document.getElementById(window.__hovered)"
                ".querySelector('.hoverlayer').textContent"
            )
            assert "<img src=x" in label and "<script>" in label
            assert page.evaluate("typeof window.__pwned") == "undefined"
        assert errors == [], (name, errors)
        context.close()
