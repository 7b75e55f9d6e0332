"""The offline HTML report: one page per notebook, each chart interactive on one shared
`plotly.min.js` with its alt text and data (`export.chart_figure`). The pages
(`templates/`) add a skip link, a `nav`, the code behind a toggle, WCAG AA colours,
and tables whose header cells are never empty (`accessible_tables`)."""

from __future__ import annotations

import ast
import functools
import json
import re
import shutil
import string
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor

from seesaw.data.safe import html_text, md
from seesaw.files import atomic_write, replace_block
from seesaw.publish.export import CHART_CSS, chart_figure, plotly_js_path, template
from seesaw.publish.images import PLOTLY_MIME

PLOTLY_TAG = '<script src="plotly.min.js" charset="utf-8"></script>'
#: Scripts nbconvert's template loads from a CDN (require.js, MathJax, mermaid): the
#: report needs none and calls out to no network.
REMOTE_SCRIPT = re.compile(r"<script[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>")
MODULE_SCRIPT = re.compile(r"<script type=\"module\">.*?</script>", re.S)


def strip_remote_scripts(page: str) -> str:
    """Remove every script that would load code from another host."""
    page = REMOTE_SCRIPT.sub("", page)
    return MODULE_SCRIPT.sub(
        lambda m: "" if "https://" in m.group(0) else m.group(0), page
    )


#: The pages' style: code colours with WCAG AA contrast (4.5:1) on the code's
#: background, links and prompts on white (tests/test_report.py checks), and the charts'.
PAGE_CSS = template("page.css") + CHART_CSS
#: The report's page: nbconvert's lab template with the page furniture around it; the
#: `nav` between NAV_START and NAV_END is replaced by `write_report`.
TEMPLATE = template("report.html.j2")

NAV_START, NAV_END = "<!-- seesaw:nav -->", "<!-- /seesaw:nav -->"

_THEAD = re.compile(r"<thead>(.*?)</thead>", re.S)
_TBODY = re.compile(r"<tbody>(.*?)</tbody>", re.S)
_ROW = re.compile(r"<tr[^>]*>.*?</tr>", re.S)
_TH = re.compile(r"<th(\s[^>]*)?>(.*?)</th>", re.S)
_UNSCOPED_TH = re.compile(r"<th(?=[\s>])(?![^>]*\bscope=)")
_EMPTY_TH = re.compile(r"<th(\s[^>]*)?>(?:\s|&nbsp;)*</th>")


def _merge_index_names(thead: str) -> str:
    """pandas writes a named index as a second header row (`month`, then blanks)
    under a row that starts with a blank corner: put the names in the corner."""
    rows = _ROW.findall(thead)
    if len(rows) < 2:
        return thead
    names = [m.group(2).strip() for m in _TH.finditer(rows[-1])]
    above = list(_TH.finditer(rows[-2]))
    k = next((i for i, n in enumerate(names) if not n), len(names))
    if not (0 < k < len(names)) or any(names[k:]):
        return thead
    if len(above) < k or any(m.group(2).strip() for m in above[:k]):
        return thead
    merged = rows[-2]
    for m, name in zip(reversed(above[:k]), reversed(names[:k])):
        merged = (
            merged[: m.start()]
            + f"<th{m.group(1) or ''}>{name}</th>"
            + merged[m.end() :]
        )
    return thead.replace(rows[-2], merged, 1).replace(rows[-1], "", 1)


def accessible_tables(html: str) -> str:
    """Tables as a screen reader needs them: the index name in the corner instead of
    a row of blank headers, no empty `th` (a blank corner is a plain cell), and each
    header cell's scope (column headers in `thead`, row headers in `tbody`)."""

    def scoped(inner: str, scope: str) -> str:
        inner = _EMPTY_TH.sub(r"<td\1></td>", inner)
        return _UNSCOPED_TH.sub(f'<th scope="{scope}"', inner)

    def head(m: re.Match[str]) -> str:
        return f"<thead>{scoped(_merge_index_names(m.group(1)), 'col')}</thead>"

    def body(m: re.Match[str]) -> str:
        return f"<tbody>{scoped(m.group(1), 'row')}</tbody>"

    return _TBODY.sub(body, _THEAD.sub(head, html))


class PlotlyToHTML(Preprocessor):  # type: ignore[misc]
    """Each plotly output as the chart with its alt text and data (no PNG); tables in
    HTML outputs with proper headers."""

    def preprocess_cell(self, cell: Any, resources: Any, index: int) -> tuple[Any, Any]:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            spec = data.get(PLOTLY_MIME)
            if spec is None:
                if "text/html" in data:  # a list of lines, or one text
                    data["text/html"] = accessible_tables("".join(data["text/html"]))
                continue
            div_id = f"fig-{index}-{len(resources.setdefault('plotly_ids', []))}"
            resources["plotly_ids"].append(div_id)
            data["text/html"] = _set_aside(chart_figure(spec, div_id), resources)
            data.pop("image/png", None)
        return cell, resources


_DATA_TABLE = re.compile(r"<table>.*?</table>", re.S)
#: A data table's place while nbconvert reads the page through BeautifulSoup.
_ASIDE = re.compile(r"<!-- seesaw:table (\d+) -->")


def _set_aside(chart: str, resources: Any) -> str:
    """The chart with its data table (thousands of cells nbconvert's BeautifulSoup pass
    would parse and write again, most of a page's time) replaced by a comment, the
    table kept in `resources` for `_put_back`."""
    tables = resources.setdefault("seesaw_tables", [])

    def aside(m: re.Match[str]) -> str:
        tables.append(m.group(0))
        return f"<!-- seesaw:table {len(tables) - 1} -->"

    return _DATA_TABLE.sub(aside, chart, count=1)


def _put_back(page: str, tables: Sequence[str]) -> str:
    """The tables set aside, as BeautifulSoup would have written them: in text its
    minimal formatter escapes only `&`, `<` and `>`, so quotes come back as characters
    (the only markup in a data table is its fixed tags, which it writes as they are)."""

    def back(m: re.Match[str]) -> str:
        return tables[int(m.group(1))].replace("&#34;", '"').replace("&#39;", "'")

    return _ASIDE.sub(back, page)


PARAMETER_TAGS = frozenset({"parameters", "injected-parameters"})
BOTTOM_LINE = "## Bottom line"


def run_parameters(cells: Sequence[Any]) -> list[tuple[str, str, str]]:
    """(name, value, meaning) for each parameter of the run: the defaults of the
    `parameters` cell, overridden by papermill's `injected-parameters`, in order."""
    found: dict[str, tuple[str, str]] = {}
    for cell in cells:
        lines = cell.source.splitlines()
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in tree.body:
            match node:
                case ast.AnnAssign(
                    target=ast.Name() as target, value=ast.expr() as expr
                ):
                    pass
                case ast.Assign(targets=[ast.Name() as target], value=expr):
                    pass
                case _:
                    continue
            line = lines[node.lineno - 1]
            meaning = line.partition("#")[2].strip()
            value = ast.get_source_segment(cell.source, expr) or ""
            old = found.get(target.id, ("", ""))
            found[target.id] = (value, meaning or old[1])
    return [(name, value, meaning) for name, (value, meaning) in found.items()]


class ParametersAfterBottomLine(Preprocessor):  # type: ignore[misc]
    """The parameter cells moved after the bottom line's output (a reader meets the
    question and the answer first), under a table of their values."""

    def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
        params = [
            c
            for c in nb.cells
            if PARAMETER_TAGS & set(c.get("metadata", {}).get("tags", []))
        ]
        rest = [c for c in nb.cells if not any(c is p for p in params)]
        heads = [
            i
            for i, c in enumerate(rest)
            if c.cell_type == "markdown" and c.source.lstrip().startswith(BOTTOM_LINE)
        ]
        if not params or not heads:
            return nb, resources
        # the bottom line is the heading and the cells up to the next Markdown cell
        end = heads[0] + 1
        while end < len(rest) and rest[end].cell_type != "markdown":
            end += 1
        rows = "\n".join(
            f"| `{html_text(name)}` | {md(value)} | {md(meaning)} |"
            for name, value, meaning in run_parameters(params)
        )
        table = nbformat.v4.new_markdown_cell(
            "### The parameters of this run\n\n"
            "Run the notebook with other values: `papermill NOTEBOOK OUT -p NAME VALUE`, "
            "or `seesaw run -p NAME VALUE`.\n\n"
            "| parameter | value | what it sets |\n|---|---|---|\n" + rows
        )
        table.id = "run-parameters"  # fixed: the same notebook, the same page
        nb.cells = [*rest[:end], table, *params, *rest[end:]]
        return nb, resources


def _title(nb: Any, fallback: str) -> str:
    texts = (c.source for c in nb.cells if c.cell_type == "markdown")
    heads = (
        line[2:] for text in texts for line in text.splitlines() if line[:2] == "# "
    )
    return next((line.strip() for line in heads), fallback)


@functools.cache
def _exporter() -> HTMLExporter:
    """The pages' exporter, built once a process (its templates compile once)."""
    exporter = HTMLExporter(
        template_name="lab",
        template_file="seesaw.html.j2",
        extra_loaders=[jinja2.DictLoader({"seesaw.html.j2": TEMPLATE})],
        exclude_output_prompt=True,
        exclude_input_prompt=True,
    )
    exporter.register_preprocessor(ParametersAfterBottomLine, enabled=True)
    exporter.register_preprocessor(PlotlyToHTML, enabled=True)
    return exporter


def notebook_to_html(nb: Any) -> str:
    """One notebook as a standalone page that loads plotly.min.js from its folder."""
    body, resources = _exporter().from_notebook_node(
        nb, resources={"seesaw_css": PAGE_CSS}
    )
    body = _put_back(body, resources.get("seesaw_tables", []))
    return strip_remote_scripts(body).replace("</head>", f"{PLOTLY_TAG}\n</head>", 1)


def page_nav(pages: Sequence[tuple[str, str]], i: int) -> str:
    """The `nav` of page `i` of `pages` ((file, title) pairs): the index, the
    previous and the next page."""
    links = [("index.html", "All notebooks", "")]
    if i > 0:
        links.append((pages[i - 1][0], f"Previous: {pages[i - 1][1]}", "prev"))
    if i + 1 < len(pages):
        links.append((pages[i + 1][0], f"Next: {pages[i + 1][1]}", "next"))
    items = "".join(
        f'<li><a href="{html_text(href)}"{f" rel={rel!r}" if rel else ""}>'
        f"{html_text(text)}</a></li>"
        for href, text, rel in links
    )
    return f'{NAV_START}<nav aria-label="Report pages"><ul>{items}</ul></nav>{NAV_END}'


#: The report's lead image: the seesaw picture of `02_timeline`.
LEAD = "02_seesaw.png"


def _index(
    pages: Sequence[tuple[str, str]], generated: str, lead_alt: str | None = None
) -> str:
    items = "\n".join(
        f'    <li><a href="{html_text(href)}">{html_text(title)}</a></li>'
        for href, title in pages
    )
    lead = "" if lead_alt is None else template("lead.html")
    return string.Template(template("index.html")).substitute(
        lead=string.Template(lead).substitute(alt=html_text((lead_alt or "").strip())),
        items=items,
        generated=html_text(generated),
    )


def page_for(nb: Any, stem: str) -> tuple[str, str]:
    """A notebook's report page and its title (for the index)."""
    return notebook_to_html(nb), _title(nb, stem)


def write_report(
    notebooks: Sequence[Path],
    out_dir: Path,
    generated: str = "",
    prepared: Mapping[Path, tuple[str, str]] | None = None,
    extra: Sequence[tuple[str, str, str]] = (),
    lead: Path | None = None,
) -> list[Path]:
    """Write `index.html`, one page per notebook (from `prepared` by `page_for` when
    there, else converted here), the `extra` pages (file name, title, HTML), `lead`
    (a PNG with its alt text beside it in `.txt`) and `plotly.min.js` into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(plotly_js_path(), out_dir / "plotly.min.js")
    converted: list[tuple[Path, str, str]] = []
    for path in notebooks:
        if prepared and path in prepared:
            body, title = prepared[path]
        else:
            body, title = page_for(nbformat.read(path, as_version=4), path.stem)
        converted.append((out_dir / f"{path.stem}.html", body, title))
    pages = [(page.name, title) for page, _, title in converted]
    written = [page for page, _, _ in converted]
    for i, (page, body, _) in enumerate(converted):
        nav = page_nav(pages, i)
        atomic_write(page, replace_block(body, NAV_START, NAV_END, nav, page.name))
    for name, title, body in extra:
        atomic_write(out_dir / name, body)
        pages.append((name, title))
        written.append(out_dir / name)
    lead_alt = None
    if lead is not None and lead.is_file() and lead.with_suffix(".txt").is_file():
        shutil.copyfile(lead, out_dir / "lead.png")
        lead_alt = lead.with_suffix(".txt").read_text(encoding="utf-8")
        written.append(out_dir / "lead.png")
    index = out_dir / "index.html"
    atomic_write(index, _index(pages, generated, lead_alt))
    atomic_write(
        out_dir / "pages.json", json.dumps([p for p, _ in pages], indent=1) + "\n"
    )
    return [index, *written]
