"""Outputs: spreadsheet-safe CSVs, figure files with alt text, atomic writes."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from seesaw.data.load import load_dataset
from seesaw.publish import export, images
from tests.conftest import FIXTURES


def test_formula_cells_are_neutralised(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "summary": ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "plain", None],
            "n": range(6),
        }
    )
    out = tmp_path / "t.csv"
    export.neutralise_formulas(frame).to_csv(out, index=False)
    back = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert back["summary"].tolist() == [
        '\'=HYPERLINK("x")',
        "+1",  # a number, not a formula: kept as it is
        "-2",
        "'@SUM(A1)",
        "plain",
        "",
    ]
    assert back["n"].tolist() == [str(i) for i in range(6)]


def test_formula_fixture_loads_as_text_and_exports_neutralised(tmp_path: Path) -> None:
    from tests.conftest import data_dir_with

    folder = data_dir_with(tmp_path, FIXTURES / "accepted" / "formula_cells.events.csv")
    events = load_dataset(folder).events
    assert events.loc[0, "summary"].startswith("=HYPERLINK(")
    text = export.neutralise_formulas(events[["id", "summary"]]).to_csv(index=False)
    assert (
        "'=HYPERLINK(" in text
        and "'+Fixture" in text
        and "'-Fixture" in text
        and "'@Fixture" in text
    )


@pytest.mark.slow  # measured: several seconds (a subprocess, a browser render or many runs)
def test_export_figures_writes_every_format_and_alt_text(tmp_path: Path) -> None:
    figs = []
    for slug in ("01_a", "01_b"):
        fig = go.Figure(go.Bar(x=[1, 2], y=[3, 4]))
        fig.update_layout(
            meta={"slug": slug, "alt": f"Alt text of {slug}."}, height=400
        )
        figs.append(fig)
    written = export.export_figures(figs, tmp_path, formats=("svg", "html"))
    names = sorted(p.name for p in written)
    assert names == [
        "01_a.html",
        "01_a.svg",
        "01_a.txt",
        "01_b.html",
        "01_b.svg",
        "01_b.txt",
    ]
    assert (tmp_path / "01_a.txt").read_text() == "Alt text of 01_a.\n"
    assert (tmp_path / "plotly.min.js").is_file()
    assert 'src="plotly.min.js"' in (tmp_path / "01_b.html").read_text()
    assert (tmp_path / "01_a.svg").read_text().lstrip().startswith("<svg")


def test_duplicate_slugs_are_refused(tmp_path: Path) -> None:
    fig = go.Figure()
    fig.update_layout(meta={"slug": "01_a", "alt": "x"})
    with pytest.raises(ValueError, match="share the export name"):
        export.export_figures([fig, fig], tmp_path, formats=("html",))


@pytest.mark.slow  # measured: several seconds (a subprocess, a browser render or many runs)
def test_add_pngs_gives_every_chart_a_png_and_reuses_the_renders(
    tmp_path: Path,
) -> None:
    """One batch renders each chart's PNG for GitHub; exports reuse those bytes."""
    import base64

    import nbformat

    tagged = go.Figure(go.Bar(x=[1, 2], y=[3, 4]))
    tagged.update_layout(meta={"slug": "01_a", "alt": "Alt."}, height=300)
    plain = go.Figure(go.Scatter(x=[1, 2], y=[2, 1]))
    nb = nbformat.v4.new_notebook()
    cells = []
    for fig in (tagged, plain):
        cell = nbformat.v4.new_code_cell("fig")
        cell.outputs = [
            nbformat.v4.new_output(
                "display_data", data={images.PLOTLY_MIME: fig.to_plotly_json()}
            )
        ]
        cells.append(cell)
    nb.cells = cells
    rendered = images.add_pngs([nb], svg_for_slugs=True)
    assert set(rendered) == {("01_a", "png"), ("01_a", "svg")}
    pngs = [base64.b64decode(c.outputs[0]["data"]["image/png"]) for c in nb.cells]
    assert all(p.startswith(b"\x89PNG") for p in pngs)
    assert pngs[0] == rendered[("01_a", "png")]
    assert rendered[("01_a", "svg")].lstrip().startswith(b"<svg")
    written = export.export_figures([tagged], tmp_path, rendered=rendered)
    assert (tmp_path / "01_a.png").read_bytes() == pngs[0]
    assert {p.name for p in written} >= {"01_a.png", "01_a.svg", "01_a.html"}


@pytest.mark.slow  # measured: several seconds (a subprocess, a browser render or many runs)
def test_exports_are_byte_identical_across_runs(tmp_path: Path) -> None:
    """Unchanged charts export to unchanged files (no random ids in SVG or HTML)."""
    fig = go.Figure(go.Scatter(x=[1, 2, 3], y=[3, 1, 2], name="a"))
    fig.update_layout(meta={"slug": "01_same", "alt": "Alt."}, height=300)
    first = export.export_figures([fig], tmp_path / "a", formats=("svg", "html"))
    second = export.export_figures([fig], tmp_path / "b", formats=("svg", "html"))
    for a, b in zip(sorted(first), sorted(second)):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_clean_notebook_gives_widget_views_ordinal_ids() -> None:
    import nbformat

    from seesaw.pipeline.workers import WIDGET_MIME, clean_notebook

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("w")
    view = {"model_id": "4d7eff6e92a64c0783c4fb167d3f3620", "version_major": 2}
    cell.outputs = [nbformat.v4.new_output("display_data", data={WIDGET_MIME: view})]
    cell.metadata["papermill"] = {"duration": 1.0}
    cell.metadata["tags"] = ["keep"]
    nb.cells = [cell]
    clean_notebook(nb)
    assert nb.cells[0].outputs[0]["data"][WIDGET_MIME]["model_id"] == "0" * 32
    assert "papermill" not in nb.cells[0].metadata
    assert nb.cells[0].metadata["tags"] == ["keep"]


@pytest.mark.slow  # measured: several seconds (a subprocess, a browser render or many runs)
def test_png_and_svg_drop_the_furniture_html_keeps_it(tmp_path: Path) -> None:
    fig = go.Figure(go.Scatter(x=["2025-01-01", "2025-02-01"], y=[1, 2], name="a"))
    fig.update_layout(
        meta={"slug": "01_furniture", "alt": "Alt."},
        height=400,
        updatemenus=[{"buttons": [{"label": "one", "method": "restyle", "args": []}]}],
        xaxis={
            "rangeslider": {"visible": True},
            "rangeselector": {"buttons": [{"step": "all", "label": "all"}]},
        },
    )
    export.export_figures([fig], tmp_path, formats=("svg", "html"))
    svg = (tmp_path / "01_furniture.svg").read_text()
    assert "rangeslider" not in svg and "updatemenu" not in svg
    assert "rangeselector" not in svg
    html = (tmp_path / "01_furniture.html").read_text()
    assert '"updatemenus"' in html and '"rangeselector"' in html
    assert '"rangeslider":{"visible":true' in html.replace(" ", "")


def test_chart_data_gives_one_row_per_point_with_axis_titles() -> None:
    import numpy as np

    fig = go.Figure(
        [
            go.Bar(
                x=["a", "b"],
                y=np.array([1.5, 2.0]),
                name="<b>first</b> &amp; best",
                error_y={"array": np.array([0.1, 0.2])},
            ),
            go.Scatter(
                x=["2025-01-01T00:00:00.000000"],
                y=[3],
                name="second",
                hovertext=["03 Jan<br>&lt;script&gt;"],
            ),
            go.Scatter(x=[None], y=[None], name="legend only"),
            go.Histogram(x=[1, 1, 2], name="draws"),
        ]
    )
    fig.update_layout(xaxis_title="Kind", yaxis_title="Score")
    # The JSON a notebook stores (numbers as base64 typed arrays).
    spec = json.loads(pio.to_json(fig))
    data = export.chart_data(spec).map(export._cell)
    assert list(data.columns) == [
        "series",
        "Kind",
        "Score",
        "Score: error",
        "label",
        "count",
    ]
    rows = data.fillna("").values.tolist()
    assert rows[0][:4] == ["first & best", "a", "1.5", "0.1"]
    assert rows[1][:4] == ["first & best", "b", "2", "0.2"]
    assert rows[2][:2] == ["second", "2025-01-01"] and rows[2][4] == "03 Jan <script>"
    assert [r[0] for r in rows] == ["first & best"] * 2 + ["second"] + ["draws"] * 2
    assert [r[1] for r in rows[3:]] == ["1", "2"] and [r[5] for r in rows[3:]] == [
        "2",
        "1",
    ]


def test_figure_pages_carry_title_alt_text_and_data(tmp_path: Path) -> None:
    from bs4 import BeautifulSoup

    fig = go.Figure(go.Bar(x=["a", "b"], y=[3, 4], name="bars"))
    fig.update_layout(
        title={"text": "Two bars &lt;b&gt;"},
        meta={"slug": "01_bars", "alt": 'Bar chart of "a" <3 and b.'},
    )
    export.export_figures([fig], tmp_path, formats=("html",))
    soup = BeautifulSoup((tmp_path / "01_bars.html").read_text(), "html.parser")
    assert soup.html["lang"] == "en"
    assert soup.title.get_text() == "Two bars <b>"
    assert soup.select_one("main h1").get_text() == "Two bars <b>"
    figure = soup.select_one("main figure.seesaw-chart")
    assert figure["aria-label"] == "Two bars <b>"
    alt = soup.find(id=figure["aria-describedby"])
    assert alt.get_text() == 'Bar chart of "a" <3 and b.'
    assert (tmp_path / "01_bars.txt").read_text() == alt.get_text() + "\n"
    cells = [td.get_text() for td in figure.select("details tbody td")]
    assert cells == ["bars", "a", "3", "bars", "b", "4"]
    assert figure.select_one("a[download]")["href"].startswith("data:text/csv")


def test_a_figure_and_its_json_export_the_same_page(tmp_path: Path) -> None:
    """The run exports the figures' JSON as the notebook holds it (no figure built,
    its key order kept); the page says what the figure's own page says."""
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3.5, 4], name="line"))
    fig.update_layout(meta={"slug": "01_line", "alt": "A line."}, height=300)
    spec = json.loads(pio.to_json(fig))
    spec["layout"] = dict(reversed(list(spec["layout"].items())))  # another order
    export.export_figures([fig], tmp_path / "fig", formats=("html",))
    export.export_figures([spec], tmp_path / "json", formats=("html",))

    def embedded(folder: str) -> tuple[str, str]:
        page = (tmp_path / folder / "01_line.html").read_text()
        start = page.index("Plotly.newPlot(")
        end = page.index("</script>", start)
        return page[:start] + page[end:], page[start:end]

    fig_rest, fig_json = embedded("fig")
    json_rest, json_json = embedded("json")
    assert fig_rest == json_rest
    assert fig_json != json_json  # the JSON's own order, not the figure's
    layout_keys = list(spec["layout"])
    assert json_json.index(f'"{layout_keys[0]}"') < json_json.index(
        f'"{layout_keys[-1]}"'
    )
    assert (tmp_path / "json" / "01_line.txt").read_text() == "A line.\n"
