"""The offline HTML report in a real browser: every chart draws with the network blocked,
and every page is readable by every reader (axe-core finds nothing serious, code is
hidden until asked for, charts carry their text and data). Markup in the data, shown
as text and never run, is tests/test_hostile_report.py's (one hostile run for both)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from seesaw import paths
from seesaw.publish.report import LEAD, write_report
from tests.a11y import audit, blocking, reveal_everything, wait_for_charts
from tests.browser import watch_errors

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
    write_report(notebooks, out, lead=paths.FIGURES / LEAD)
    return out


def test_index_links_every_notebook(committed_report: Path, browser) -> None:
    context, page = _offline_page(browser)
    errors = watch_errors(page)
    page.goto((committed_report / "index.html").as_uri())
    links = page.eval_on_selector_all(
        "nav a", "els => els.map(e => e.getAttribute('href'))"
    )
    expected = [
        p.stem + ".html" for p in sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    ]
    if (committed_report / "changes.html").is_file():  # `seesaw run`'s diff page
        expected.append("changes.html")
    assert links == expected
    # the lead image: the seesaw picture, drawn, with the alt text exported beside it
    lead = page.locator("figure.lead img")
    alt = (paths.FIGURES / LEAD).with_suffix(".txt").read_text(encoding="utf-8").strip()
    assert lead.get_attribute("alt") == alt
    assert lead.evaluate("img => img.complete && img.naturalWidth > 600")
    assert lead.is_visible()
    assert page.locator("figure.lead a").get_attribute("href") == "02_timeline.html"
    assert errors == []
    context.close()


#: Rules that fail the audit besides every critical or serious one: a table header
#: cell with no text (axe rates it minor; a screen reader announces a blank header).
ALSO_FAILING = ("empty-table-header",)


def _failures(found: list[dict]) -> list[str]:
    return blocking(found) + [
        f"{v['id']} ({v['impact']}) x{len(v['nodes'])}"
        for v in found
        if v["id"] in ALSO_FAILING
    ]


@dataclass
class PageSeen:
    """What one report page showed in the browser, opened once for the three tests
    below (each page costs seconds to draw and an axe audit many more)."""

    expected: int = 0  # .plotly-graph-div elements on the page
    charts: list[dict] = field(default_factory=list)  # DRAWN's answer
    errors: list[str] = field(default_factory=list)  # page and console errors
    axe: list[str] = field(default_factory=list)  # audit and heading failures
    alt: list[str] = field(default_factory=list)  # a chart's missing text or data
    alt_checked: int = 0  # charts whose text and data were checked


def _audit_page(page) -> list[str]:
    """axe as a reader opens the page, and the headings under one h1 in order."""
    bad = _failures(audit(page))
    levels = page.evaluate(
        "[...document.querySelectorAll('main h1, main h2, main h3, main h4,"
        " main h5, main h6')].map(h => +h.tagName[1])"
    )
    if not levels or levels[0] != 1 or levels.count(1) != 1:
        bad.append(f"headings: {levels}")
    bad += [
        f"heading h{a} then h{b}" for a, b in itertools.pairwise(levels) if b > a + 1
    ]
    return bad


def _alt_and_data(page, seen: PageSeen) -> None:
    """Each chart is a figure named by its title and described by its alt text (the
    same text as figures/<slug>.txt), with its rows under a disclosure, closed until
    its summary is clicked."""
    from playwright.sync_api import expect

    charts = page.locator(".plotly-graph-div")
    for i in range(charts.count()):
        try:
            figure = charts.nth(i).locator("xpath=ancestor::figure[1]")
            expect(figure).to_have_count(1)
            alt = figure.locator("figcaption .seesaw-alt").inner_text()
            assert alt.strip(), i
            expect(figure).to_have_accessible_description(alt)
            name = figure.get_attribute("aria-label")
            assert name and name.strip(), i
            expect(
                page.get_by_role("figure", name=name, exact=True).first
            ).to_be_visible()
            slug = figure.locator("a[download]").get_attribute("download")[:-4]
            txt = paths.FIGURES / f"{slug}.txt"
            if txt.exists():
                assert alt.strip() == txt.read_text().strip(), slug
            details = figure.locator("details.seesaw-data")
            rows = details.locator("tbody tr")
            assert rows.count() > 0, slug
            expect(rows.first).to_be_hidden()
            details.locator("summary").click()
            expect(rows.first).to_be_visible()
            seen.alt_checked += 1
        except AssertionError as err:
            seen.alt.append(f"chart {i}: {err}")


@pytest.fixture(scope="module")
def seen_pages(committed_report: Path, browser) -> dict[str, PageSeen]:
    """Every page of the report opened once, offline, in order, in one tab (plotly.min.js
    loads once): drawn (charts and errors), its charts' text and data read (which opens
    their data disclosures), then audited with the code shown and every disclosure open.

    One audit, of everything a reader can open: showing the code and opening a
    disclosure only un-hide content, and axe skips hidden content, so every element
    audited as the page loads is audited here too (an audit as loaded as well took
    half the time of `make test`'s slowest fixture and could find nothing more)."""
    out: dict[str, PageSeen] = {}
    context, page = _offline_page(browser)
    errors = watch_errors(page)
    for page_path in sorted(committed_report.glob("*.html")):
        seen = out[page_path.name] = PageSeen()
        errors.clear()
        page.goto(page_path.as_uri(), wait_until="load")
        seen.expected = page.evaluate(
            "document.querySelectorAll('.plotly-graph-div').length"
        )
        wait_for_charts(page)
        seen.charts = page.evaluate(DRAWN)
        seen.errors = list(errors)
        if page_path.name[:2].isdigit():
            _alt_and_data(page, seen)
        reveal_everything(page)
        seen.axe = _audit_page(page)
    context.close()
    return out


def test_every_chart_draws_offline(seen_pages: dict[str, PageSeen]) -> None:
    drawn_total = 0
    for name, seen in seen_pages.items():
        if not name[:2].isdigit():
            continue
        charts = seen.charts
        assert len(charts) == seen.expected, name
        assert all(c["drawn"] and c["traces"] > 0 for c in charts), (name, charts)
        drawn_total += len(charts)
        assert seen.errors == [], (name, seen.errors)
    assert drawn_total >= 8


def test_every_report_page_passes_axe(seen_pages: dict[str, PageSeen]) -> None:
    """axe-core: no critical or serious violation (and no empty header) on any page,
    with the code shown and every disclosure open; and the headings run in order
    under one h1 (axe only warns of a skipped level)."""
    assert len(seen_pages) >= 8, list(seen_pages)
    failures = {name: seen.axe for name, seen in seen_pages.items() if seen.axe}
    assert failures == {}


def test_the_report_page_hides_code_until_asked(
    committed_report: Path, browser
) -> None:
    """A reader sees text, tables and charts; the code appears with the toggle."""
    from playwright.sync_api import expect

    context, page = _offline_page(browser)
    errors = watch_errors(page)
    page.goto((committed_report / "02_timeline.html").as_uri(), wait_until="load")
    code = page.locator(".jp-CodeCell .jp-InputArea-editor")
    assert code.count() > 3
    for i in range(code.count()):
        expect(code.nth(i)).to_be_hidden()
    expect(page.locator(".jp-MarkdownCell h1")).to_be_visible()
    expect(page.locator(".plotly-graph-div").first).to_be_visible()
    # the bottom line first, then the parameters of the run, visible as a table
    headings = page.locator(
        ".jp-MarkdownCell h2, .jp-MarkdownCell h3"
    ).all_inner_texts()
    names = [h.rstrip("¶").strip() for h in headings]
    assert names.index("The parameters of this run") == names.index("Bottom line") + 1
    params = page.locator("#The-parameters-of-this-run ~ table").first
    expect(params).to_be_visible()
    expect(params).to_contain_text("smoothing_days")
    toggle = page.locator("#seesaw-code-toggle")
    expect(toggle).to_have_accessible_name("Show the code")
    # From the keyboard: the skip link comes first, then the page links, the toggle.
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_accessible_name("Hide the code")
    for i in range(code.count()):
        expect(code.nth(i)).to_be_visible()
    toggle.click()
    expect(code.first).to_be_hidden()
    # The nav leads to the neighbours and the index.
    nav = page.get_by_role("navigation", name="Report pages")
    hrefs = nav.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs == ["index.html", "01_dataset.html", "03_alternation.html"]
    assert errors == []
    context.close()


def test_every_chart_carries_its_alt_text_and_data(
    seen_pages: dict[str, PageSeen],
) -> None:
    """Each chart is a figure named by its title and described by its alt text (the
    same text as figures/<slug>.txt), with its rows under a disclosure."""
    problems = {name: seen.alt for name, seen in seen_pages.items() if seen.alt}
    assert problems == {}
    assert sum(seen.alt_checked for seen in seen_pages.values()) >= 8
