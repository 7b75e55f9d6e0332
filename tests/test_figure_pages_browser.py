"""The figure files (figures/*.html) in a real browser: each passes axe-core and
carries its alt text and its data, like the charts of the report."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from seesaw import paths
from seesaw.publish.export import export_figures, figures_in_notebook
from tests.a11y import audit, blocking, reveal_everything, wait_for_charts

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def figure_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """figures/*.html as the current code writes them from the committed notebooks."""
    out = tmp_path_factory.mktemp("figures")
    figs = [
        fig
        for nb in sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
        for fig in figures_in_notebook(nbformat.read(nb, as_version=4))
    ]
    assert len(figs) >= 8
    export_figures(figs, out, formats=("html",))
    return out


#: Audited drawn, with axe (each costs seconds): the chart with the most furniture,
#: a bar chart with error bars and a histogram.
AUDITED = ("02_timeline", "03_power", "03_null_runs")


def test_every_figure_page_carries_its_text_and_data(
    figure_pages: Path, browser
) -> None:
    """Every page: lang, one figure described by its alt text (= <slug>.txt), rows.
    (plotly.js is not loaded here: the text does not depend on the drawing.)"""
    from playwright.sync_api import expect

    context = browser.new_context()
    context.route("**/plotly.min.js", lambda route: route.abort())
    pages = sorted(figure_pages.glob("*.html"))
    assert len(pages) >= 8
    page = context.new_page()  # one tab, each page loaded in turn
    for page_path in pages:
        page.goto(page_path.as_uri(), wait_until="load")
        figure = page.locator("main figure.seesaw-chart")
        expect(figure).to_have_count(1)
        alt = (figure_pages / f"{page_path.stem}.txt").read_text().strip()
        expect(figure).to_have_accessible_description(alt)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        assert figure.locator("details tbody tr").count() > 0, page_path.name
    context.close()


def test_figure_pages_pass_axe(figure_pages: Path, browser) -> None:
    failures: dict[str, list[str]] = {}
    for stem in AUDITED:
        page = browser.new_page()
        page.goto((figure_pages / f"{stem}.html").as_uri(), wait_until="load")
        wait_for_charts(page)
        reveal_everything(page)
        bad = blocking(audit(page))
        if bad:
            failures[stem] = bad
        page.close()
    assert failures == {}
