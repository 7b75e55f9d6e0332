"""Writing outputs: figures (PNG, SVG, HTML, alt text) and spreadsheet-safe CSVs.

With the runner, the only module that writes files. Every write goes to a temporary
file first and is renamed into place, so a reader never sees half a file.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

PLOTLY_MIME = "application/vnd.plotly.v1+json"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DEFAULT_WIDTH = 1100
DEFAULT_HEIGHT = 620


def atomic_write(path: Path, data: bytes | str) -> None:
    """Write `data` to `path` through a temporary file in the same folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    if isinstance(data, str):
        tmp.write_text(data, encoding="utf-8")
    else:
        tmp.write_bytes(data)
    os.replace(tmp, path)


def replace_block(text: str, begin: str, end: str, block: str, name: str) -> str:
    """`text` with the part from marker `begin` to marker `end` replaced by `block`
    (which carries the markers itself)."""
    if begin not in text or end not in text:
        raise ValueError(f"{name} lacks the markers {begin!r} ... {end!r}")
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    return head + block + tail


def plotly_js_path() -> Path:
    """The plotly.min.js shipped with the plotly package (used offline)."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def figures_in_notebook(nb: Any) -> list[go.Figure]:
    """The plotly figures a notebook displays that carry an export slug, in order."""
    figs: list[go.Figure] = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            spec = out.get("data", {}).get(PLOTLY_MIME)
            if spec and (spec.get("layout", {}).get("meta") or {}).get("slug"):
                figs.append(go.Figure(spec))
    return figs


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with a quote mark."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_string_dtype(out[col]) or out[col].dtype == object:
            text = out[col].astype("string")
            risky = text.str.startswith(FORMULA_START).fillna(False)
            if risky.any():
                out[col] = text.where(~risky, "'" + text)
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write a table for spreadsheets: formulas neutralised, atomically."""
    atomic_write(
        path, neutralise_formulas(frame).to_csv(index=False, lineterminator="\n")
    )


def export_figures(
    figs: Sequence[go.Figure],
    out_dir: Path,
    formats: Iterable[str] = ("png", "svg", "html"),
    batch: bool = True,
) -> list[Path]:
    """Write each figure as `<slug>.<format>` plus `<slug>.txt` (its alt text).

    Static images are rendered in one kaleido batch (one browser for all) unless
    `batch=False`, which renders one at a time (kept for the benchmark).
    """
    formats = tuple(formats)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    slugs = [str(f.layout.meta["slug"]) for f in figs]
    if len(set(slugs)) != len(slugs):
        dupes = sorted({s for s in slugs if slugs.count(s) > 1})
        raise ValueError(f"two figures share the export name(s): {', '.join(dupes)}")
    static = [fmt for fmt in formats if fmt in ("png", "svg", "pdf")]
    if static:
        jobs = [
            (f, out_dir / f"{s}.{fmt}", fmt)
            for fmt in static
            for f, s in zip(figs, slugs)
        ]
        heights = [int(j[0].layout.height or DEFAULT_HEIGHT) for j in jobs]
        if batch:
            pio.write_images(
                [j[0] for j in jobs],
                [j[1] for j in jobs],
                format=[j[2] for j in jobs],
                width=DEFAULT_WIDTH,
                height=heights,
            )
        else:
            for (fig, path, fmt), height in zip(jobs, heights):
                pio.write_image(
                    fig, path, format=fmt, width=DEFAULT_WIDTH, height=height
                )
        written += [j[1] for j in jobs]
    if "html" in formats:
        shutil.copyfile(plotly_js_path(), out_dir / "plotly.min.js")
        for fig, slug in zip(figs, slugs):
            path = out_dir / f"{slug}.html"
            atomic_write(
                path,
                pio.to_html(
                    fig, include_plotlyjs="directory", full_html=True, validate=False
                ),
            )
            written.append(path)
    for fig, slug in zip(figs, slugs):
        path = out_dir / f"{slug}.txt"
        atomic_write(path, str(fig.layout.meta["alt"]).strip() + "\n")
        written.append(path)
    return written
