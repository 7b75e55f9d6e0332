"""Writing outputs: figures (PNG, SVG, HTML, alt text) and spreadsheet-safe CSVs.

With the runner, the only module that writes files. Every write goes to a temporary
file first and is renamed into place (`seesaw.files`), so a reader never sees half a
file. The images are rendered by `seesaw.images`.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

# Re-exported: the writers moved to seesaw.files, the renders to seesaw.images.
from seesaw.files import atomic_write, replace_block  # noqa: F401
from seesaw.images import (  # noqa: F401
    DEFAULT_HEIGHT,
    DEFAULT_WIDTH,
    IMAGE_CACHE_ENV,
    PLOTLY_MIME,
    ImageServer,
    add_pngs,
    image_cache_dir,
    image_key,
    image_size,
    render_images,
    static_figure,
    static_spec,
)

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def plotly_js_path() -> Path:
    """The plotly.min.js shipped with the plotly package (used offline)."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


_SVG_UID = re.compile(r'id="defs-([0-9a-f]{6})"')


def stable_svg(svg: bytes, slug: str) -> bytes:
    """Replace the random id plotly.js gives an SVG's clip paths with one from `slug`.

    Without it every export of an unchanged chart would differ (`make report` must
    leave committed outputs byte-identical when the data have not changed).
    """
    match = _SVG_UID.search(svg.decode("utf-8", errors="replace"))
    if not match:
        return svg
    uid = match.group(1).encode()
    stable = hashlib.sha1(slug.encode()).hexdigest()[:6].encode()
    return svg.replace(uid, stable)


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
    rendered: Mapping[tuple[str, str], bytes] | None = None,
) -> list[Path]:
    """Write each figure as `<slug>.<format>` plus `<slug>.txt` (its alt text).

    Static images are rendered in one kaleido batch (one browser for all) unless
    `batch=False`, which renders one at a time (kept for the benchmark). Images
    already in `rendered` (keyed by (slug, format), from `add_pngs`) are written as
    they are.
    """
    rendered = rendered or {}
    formats = tuple(formats)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    slugs = [str(f.layout.meta["slug"]) for f in figs]
    if len(set(slugs)) != len(slugs):
        dupes = sorted({s for s in slugs if slugs.count(s) > 1})
        raise ValueError(f"two figures share the export name(s): {', '.join(dupes)}")
    static = [fmt for fmt in formats if fmt in ("png", "svg", "pdf")]
    if static:
        jobs = []
        for fmt in static:
            for f, s in zip(figs, slugs):
                path = out_dir / f"{s}.{fmt}"
                if (s, fmt) in rendered:
                    data = rendered[(s, fmt)]
                    atomic_write(path, stable_svg(data, s) if fmt == "svg" else data)
                    written.append(path)
                else:
                    jobs.append((f, path, fmt))
        if batch:
            for (_, path, fmt), data in zip(
                jobs, render_images([(j[0], j[2]) for j in jobs])
            ):
                atomic_write(
                    path, stable_svg(data, path.stem) if fmt == "svg" else data
                )
        else:
            for fig, path, fmt in jobs:
                width, height = image_size(fig)
                pio.write_image(
                    static_figure(fig), path, format=fmt, width=width, height=height
                )
                if fmt == "svg":
                    path.write_bytes(stable_svg(path.read_bytes(), path.stem))
        written += [j[1] for j in jobs]
    if "html" in formats:
        shutil.copyfile(plotly_js_path(), out_dir / "plotly.min.js")
        for fig, slug in zip(figs, slugs):
            path = out_dir / f"{slug}.html"
            atomic_write(
                path,
                pio.to_html(
                    fig,
                    include_plotlyjs="directory",
                    full_html=True,
                    validate=False,
                    div_id=f"seesaw-{slug}",  # a fixed id keeps the file reproducible
                ),
            )
            written.append(path)
    for fig, slug in zip(figs, slugs):
        path = out_dir / f"{slug}.txt"
        atomic_write(path, str(fig.layout.meta["alt"]).strip() + "\n")
        written.append(path)
    return written
