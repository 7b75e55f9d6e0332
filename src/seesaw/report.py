"""The offline HTML report: one page per notebook, charts interactive without a network.

nbconvert leaves plotly's JSON output blank, so a preprocessor renders each plotly
output to an HTML fragment that uses one shared `plotly.min.js` beside the pages.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import nbformat
import plotly.io as pio
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor

from seesaw.export import plotly_js_path
from seesaw.files import atomic_write
from seesaw.images import PLOTLY_MIME
from seesaw.safe import html_text

PLOTLY_TAG = '<script src="plotly.min.js" charset="utf-8"></script>'
#: Scripts nbconvert's template loads from a CDN (require.js, MathJax, mermaid): the
#: report needs none of them and must not call out to the network.
REMOTE_SCRIPT = re.compile(r"<script[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>")
MODULE_SCRIPT = re.compile(r"<script type=\"module\">.*?</script>", re.S)


def strip_remote_scripts(page: str) -> str:
    """Remove every script that would load code from another host."""
    page = REMOTE_SCRIPT.sub("", page)
    return MODULE_SCRIPT.sub(
        lambda m: "" if "https://" in m.group(0) else m.group(0), page
    )


class PlotlyToHTML(Preprocessor):  # type: ignore[misc]
    """Add a text/html rendering to each plotly output; drop its PNG from the page."""

    def preprocess_cell(self, cell: Any, resources: Any, index: int) -> tuple[Any, Any]:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            spec = data.get(PLOTLY_MIME)
            if spec is None:
                continue
            div_id = f"fig-{index}-{len(resources.setdefault('plotly_ids', []))}"
            resources["plotly_ids"].append(div_id)
            data["text/html"] = pio.to_html(
                spec,
                include_plotlyjs=False,
                full_html=False,
                div_id=div_id,
                validate=False,
                config={"responsive": True, "displaylogo": False},
            )
            data.pop("image/png", None)
        return cell, resources


def _title(nb: Any, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def notebook_to_html(nb: Any) -> str:
    """One notebook as a standalone page that loads plotly.min.js from its folder."""
    exporter = HTMLExporter(template_name="lab")
    exporter.register_preprocessor(PlotlyToHTML, enabled=True)
    body, _ = exporter.from_notebook_node(nb)
    return strip_remote_scripts(body).replace("</head>", f"{PLOTLY_TAG}\n</head>", 1)


def _index(pages: Sequence[tuple[str, str]], generated: str) -> str:
    items = "\n".join(
        f'    <li><a href="{html_text(href)}">{html_text(title)}</a></li>'
        for href, title in pages
    )
    return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>seesaw: the report</title>
  <style>
    body {{ font-family: Helvetica, Arial, sans-serif; max-width: 46rem; margin: 3rem auto;
           line-height: 1.5; color: #222; padding: 0 1rem; }}
    li {{ margin: .4rem 0; }}
  </style>
</head>
<body>
  <h1>seesaw</h1>
  <p>How Washington alternates pressure on Kyiv and on Moscow over the war in Ukraine,
  and how Moscow times its overtures: the notebooks, in reading order.</p>
  <ol>
{items}
  </ol>
  <p><small>{html_text(generated)}</small></p>
</body>
</html>
"""


def page_for(nb: Any, stem: str) -> tuple[str, str]:
    """A notebook's report page and its title (for the index)."""
    return notebook_to_html(nb), _title(nb, stem)


def write_report(
    notebooks: Sequence[Path],
    out_dir: Path,
    generated: str = "",
    prepared: Mapping[Path, tuple[str, str]] | None = None,
    extra: Sequence[tuple[str, str, str]] = (),
) -> list[Path]:
    """Write `index.html`, one page per notebook and one `plotly.min.js` into `out_dir`.

    `prepared` holds pages already converted by `page_for` (the runner converts each
    notebook as soon as it has run); the others are read and converted here.
    `extra` holds whole pages as (file name, title, HTML), listed after the notebooks
    (the runner's "what changed" page).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(plotly_js_path(), out_dir / "plotly.min.js")
    pages: list[tuple[str, str]] = []
    written: list[Path] = []
    for path in notebooks:
        if prepared and path in prepared:
            body, title = prepared[path]
        else:
            body, title = page_for(nbformat.read(path, as_version=4), path.stem)
        page = out_dir / f"{path.stem}.html"
        atomic_write(page, body)
        pages.append((page.name, title))
        written.append(page)
    for name, title, body in extra:
        atomic_write(out_dir / name, body)
        pages.append((name, title))
        written.append(out_dir / name)
    index = out_dir / "index.html"
    atomic_write(index, _index(pages, generated))
    atomic_write(
        out_dir / "pages.json", json.dumps([p for p, _ in pages], indent=1) + "\n"
    )
    return [index, *written]
