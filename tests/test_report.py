"""The HTML report's building blocks (the browser test draws the pages)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from seesaw.publish.report import notebook_to_html, strip_remote_scripts, write_report


def _notebook(path: Path) -> Path:
    fig = go.Figure(go.Scatter(x=[1, 2], y=[2, 1]))
    spec = json.loads(pio.to_json(fig))
    cell = new_code_cell("fig")
    cell.outputs = [
        new_output(
            "display_data",
            data={
                "application/vnd.plotly.v1+json": spec,
                "image/png": "iVBORw0KGgo=",
                "text/plain": "Figure",
            },
        )
    ]
    nb = new_notebook(cells=[new_markdown_cell("# 09 · A title"), cell])
    nbformat.write(nb, path)
    return path


def test_plotly_outputs_become_html_with_one_shared_script(tmp_path: Path) -> None:
    page = notebook_to_html(
        nbformat.read(_notebook(tmp_path / "09_x.ipynb"), as_version=4)
    )
    assert page.count('<script src="plotly.min.js"') == 1
    assert "Plotly.newPlot" in page
    assert "https://cdn" not in page.split("<body")[1]
    assert 'iVBORw0KGgo="' not in page and "<img" not in page.split("<body")[1]


def test_strip_remote_scripts_keeps_local_ones() -> None:
    page = (
        '<script src="https://cdn.example/x.js"></script><script src="plotly.min.js"></script>'
        '<script type="module">import x from "https://cdn.example/m.mjs"</script>'
        '<script type="module">console.log(1)</script>'
    )
    out = strip_remote_scripts(page)
    assert (
        out
        == '<script src="plotly.min.js"></script><script type="module">console.log(1)</script>'
    )


def test_write_report_indexes_pages_by_title(tmp_path: Path) -> None:
    nb = _notebook(tmp_path / "09_x.ipynb")
    written = write_report([nb], tmp_path / "report", generated="now")
    index = (tmp_path / "report" / "index.html").read_text()
    assert '<a href="09_x.html">09 · A title</a>' in index
    assert (tmp_path / "report" / "plotly.min.js").is_file()
    assert [p.name for p in written] == ["index.html", "09_x.html"]


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_is_the_wcag_ratio() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    # JupyterLab's number colour, which axe flagged at 4.25:1 on the code background.
    assert round(contrast("#008800", "#f5f5f5"), 1) == 4.3


def test_syntax_and_page_colours_meet_wcag_aa() -> None:
    from seesaw.publish.report import PAGE_CSS

    var = dict(re.findall(r"--jp-([\w-]+): (#[0-9a-f]{6});", PAGE_CSS))
    # Every syntax colour is set in the page (lab's own colours are overridden).
    code = {k: v for k, v in var.items() if k.startswith("mirror-editor-")}
    assert len(code) == 24
    background = var["cell-editor-background"]
    low = {
        name: round(contrast(colour, background), 2)
        for name, colour in code.items()
        if contrast(colour, background) < 4.5
    }
    assert low == {}
    for name in ("cell-prompt-not-active-font-color", "content-link-color"):
        assert contrast(var[name], "#ffffff") >= 4.5, name


PANDAS_NAMED_INDEX = """<table border="1" class="dataframe">
<thead>
<tr style="text-align: right;">
<th></th>
<th>US on Kyiv</th>
<th>total</th>
</tr>
<tr>
<th>month</th>
<th></th>
<th></th>
</tr>
</thead>
<tbody>
<tr>
<th>2025-01</th>
<td>0</td>
<td>1</td>
</tr>
</tbody>
</table>"""


def test_a_named_index_moves_into_the_blank_corner() -> None:
    from seesaw.publish.report import accessible_tables

    out = accessible_tables(PANDAS_NAMED_INDEX)
    assert "<th></th>" not in out
    assert out.count("<tr") == 2  # the row of blank headers is gone
    assert '<th scope="col">month</th>' in out
    assert '<th scope="col">US on Kyiv</th>' in out
    assert '<th scope="row">2025-01</th>' in out


def test_blank_corners_become_plain_cells_and_scopes_are_set_once() -> None:
    from seesaw.publish.report import accessible_tables

    table = (
        '<table><thead><tr><th></th><th colspan="2">x</th></tr>'
        "<tr><th>&nbsp;</th><th>a</th><th scope='col'>b</th></tr></thead>"
        "<tbody><tr><th>r</th><td>1</td><td>2</td></tr></tbody></table>"
    )
    out = accessible_tables(table)
    assert "<th></th>" not in out and "&nbsp;</th>" not in out
    assert out.count("<td></td>") == 2
    assert '<th scope="col" colspan="2">x</th>' in out
    assert out.count("scope=") == 4  # x, a, b (kept as written) and r


def test_pages_hide_code_and_carry_the_page_furniture(tmp_path: Path) -> None:
    page = notebook_to_html(
        nbformat.read(_notebook(tmp_path / "09_x.ipynb"), as_version=4)
    )
    assert '<html lang="en">' in page
    assert 'class="skip-link" href="#content"' in page
    assert '<main id="content"' in page
    assert '<nav aria-label="Report pages">' in page
    assert 'classList.add("seesaw-code-hidden")' in page
    assert 'id="seesaw-code-toggle"' in page
    body = page.split("<body", 1)[1]
    assert "Out[" not in body and "In&nbsp;[" not in body


def test_each_chart_is_a_figure_with_its_alt_text_and_data(tmp_path: Path) -> None:
    path = _notebook(tmp_path / "09_x.ipynb")
    nb = nbformat.read(path, as_version=4)
    spec = nb.cells[1].outputs[0]["data"]["application/vnd.plotly.v1+json"]
    spec["layout"]["meta"] = {"slug": "09_x", "alt": "Two points, <falling>."}
    spec["layout"]["title"] = {"text": "Down &amp; out<br>sub"}
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(notebook_to_html(nb), "html.parser")
    (figure,) = soup.select("figure.seesaw-chart")
    assert figure["aria-label"] == "Down & out sub"
    assert figure.select_one(".plotly-graph-div")["id"] == "fig-1-0"
    alt = soup.find(id=figure["aria-describedby"])
    assert alt.get_text() == "Two points, <falling>."
    assert alt.find_parent("figcaption") is not None
    summary = figure.select_one("details.seesaw-data summary")
    assert summary.get_text() == "The data behind this chart (2 rows)"
    assert figure.select_one("a[download]")["download"] == "09_x.csv"
    assert len(figure.select("details table tbody tr")) == 2


def test_write_report_links_each_page_to_its_neighbours(tmp_path: Path) -> None:
    a = _notebook(tmp_path / "09_a.ipynb")
    b = _notebook(tmp_path / "10_b.ipynb")
    write_report([a, b], tmp_path / "report")
    first = (tmp_path / "report" / "09_a.html").read_text()
    second = (tmp_path / "report" / "10_b.html").read_text()
    assert "<a href=\"10_b.html\" rel='next'>Next: 09 · A title</a>" in first
    assert "rel='prev'" not in first
    assert "<a href=\"09_a.html\" rel='prev'>Previous: 09 · A title</a>" in second
    assert "rel='next'" not in second
    index = (tmp_path / "report" / "index.html").read_text()
    assert "<main>" in index and '<nav aria-label="Report pages">' in index


def _with_parameters() -> nbformat.NotebookNode:
    params = new_code_cell(
        'data_dir: str = "../data"  # folder holding the CSVs\nseed: int = 1  # the seed'
    )
    params.metadata["tags"] = ["parameters"]
    injected = new_code_cell('seed = 7\ndata_dir = "<img src=x onerror=alert(1)>"')
    injected.metadata["tags"] = ["injected-parameters"]
    bottom = new_code_cell("Markdown('the bottom line')")
    return new_notebook(
        cells=[
            new_markdown_cell("# 09 · A title"),
            params,
            injected,
            new_code_cell("import x"),
            new_markdown_cell("## Bottom line"),
            bottom,
            new_markdown_cell("## Method"),
        ]
    )


def test_run_parameters_take_the_injected_values_and_keep_the_meaning() -> None:
    from seesaw.publish.report import run_parameters

    nb = _with_parameters()
    assert run_parameters(nb.cells[1:3]) == [
        ("data_dir", '"<img src=x onerror=alert(1)>"', "folder holding the CSVs"),
        ("seed", "7", "the seed"),
    ]


def test_the_parameters_follow_the_bottom_line() -> None:
    from seesaw.publish.report import ParametersAfterBottomLine

    nb, _ = ParametersAfterBottomLine().preprocess(_with_parameters(), {})
    sources = [c.source.split("\n")[0] for c in nb.cells]
    assert sources == [
        "# 09 · A title",
        "import x",
        "## Bottom line",
        "Markdown('the bottom line')",
        "### The parameters of this run",
        'data_dir: str = "../data"  # folder holding the CSVs',
        "seed = 7",
        "## Method",
    ]
    table = nb.cells[4].source
    assert "| `seed` | 7 | the seed |" in table
    assert "<img" not in table and "&lt;img" in table  # a value is data: escaped
    page = notebook_to_html(_with_parameters())
    body = page.split("<body", 1)[1]
    assert body.index("The parameters of this run") > body.index("Bottom line")
    assert "<img src=x" not in body


def test_a_notebook_without_a_bottom_line_keeps_its_order() -> None:
    from seesaw.publish.report import ParametersAfterBottomLine

    nb = _with_parameters()
    nb.cells = [c for c in nb.cells if "Bottom line" not in c.source]
    before = [c.source for c in nb.cells]
    out, _ = ParametersAfterBottomLine().preprocess(nb, {})
    assert [c.source for c in out.cells] == before


def test_the_same_notebook_gives_the_same_page_byte_for_byte() -> None:
    """The parameters table the page adds has a fixed cell id, not a random one."""
    import nbformat

    from seesaw import paths
    from seesaw.publish.report import page_for

    node = nbformat.read(paths.NOTEBOOKS / "06_claims.ipynb", as_version=4)
    first, _ = page_for(node, "06_claims")
    again, _ = page_for(
        nbformat.read(paths.NOTEBOOKS / "06_claims.ipynb", as_version=4), "06_claims"
    )
    assert first == again
    assert 'id="cell-id=run-parameters"' in first


def test_a_data_table_set_aside_comes_back_as_beautifulsoup_writes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The data tables skip nbconvert's BeautifulSoup pass (speed); the page must be
    byte for byte the one that pass would write, hostile cell text included."""
    from seesaw.publish import report

    path = _notebook(tmp_path / "09_x.ipynb")
    nb = nbformat.read(path, as_version=4)
    spec = nb.cells[1].outputs[0]["data"]["application/vnd.plotly.v1+json"]
    spec["data"][0]["hovertext"] = [
        "a \"quoted\" <b>bold</b> & 'single' &#34; &amp;",
        "<script>alert(1)</script> =1+1 <!-- seesaw:table 0 -->",
    ]
    fast = report.notebook_to_html(nbformat.from_dict(json.loads(json.dumps(nb))))
    assert "<!-- seesaw:table" not in fast  # every table is back in its place
    monkeypatch.setattr(report, "_set_aside", lambda chart, _resources: chart)
    report._exporter.cache_clear()
    try:
        slow = report.notebook_to_html(nb)
    finally:
        report._exporter.cache_clear()
    assert fast == slow
    assert "<script>alert(1)</script>" not in fast
