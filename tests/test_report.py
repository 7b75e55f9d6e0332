"""The HTML report's building blocks (the browser test draws the pages)."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import plotly.graph_objects as go
import plotly.io as pio
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from seesaw.report import notebook_to_html, strip_remote_scripts, write_report


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
