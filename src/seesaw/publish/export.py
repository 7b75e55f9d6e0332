"""Writing figures (PNG, SVG, HTML with their text, alt text) and spreadsheet-safe
CSVs, each atomically (`seesaw.files`)."""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import re
import shutil
import string
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly
import plotly.graph_objects as go
import plotly.io as pio

from seesaw.data.safe import html_text
from seesaw.files import atomic_write
from seesaw.publish.images import PLOTLY_MIME, plotly_outputs, render_images

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: A plain number as a spreadsheet reads it ("-16", "+0.5", "-1.2e-05"): a value, never
#: a formula, so it is written as it is (a quote mark would turn it into text).
PLAIN_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"


@functools.cache
def template(name: str) -> str:
    """A page template or style sheet of `seesaw/publish/templates/`."""
    return (resources.files("seesaw.publish") / "templates" / name).read_text("utf-8")


def plotly_js_path() -> Path:
    """The plotly.min.js shipped with the plotly package (used offline)."""
    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


_SVG_UID = re.compile(rb'id="defs-([0-9a-f]{6})"')


def stable_svg(svg: bytes, slug: str) -> bytes:
    """Replace the random id plotly.js gives an SVG's clip paths with one from `slug`,
    so that an unchanged chart exports byte-identical."""
    match = _SVG_UID.search(svg)
    stable = hashlib.sha1(slug.encode()).hexdigest()[:6].encode()
    return svg.replace(match.group(1), stable) if match else svg


def figures_in_notebook(nb: Any) -> list[dict[str, Any]]:
    """The plotly figures (their JSON, as the notebook holds it) that a notebook
    displays with an export slug, in order."""
    specs = [out["data"][PLOTLY_MIME] for out in plotly_outputs(nb)]
    return [s for s in specs if (s.get("layout", {}).get("meta") or {}).get("slug")]


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with a quote mark
    (a plain number such as "-16" is a value, and is left alone)."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_string_dtype(out[col]) or out[col].dtype == object:
            text = out[col].astype("string")
            number = text.str.fullmatch(PLAIN_NUMBER).fillna(False)
            risky = text.str.startswith(FORMULA_START).fillna(False) & ~number
            if risky.any():
                out[col] = text.where(~risky, "'" + text)
    return out


# --- Charts that carry their text -------------------------------------------------

#: Styles of a chart's caption, its data disclosure and the figure pages (the report's
#: pages include them too). Colours meet WCAG AA (4.5:1) on white.
CHART_CSS = template("chart.css")

_TAG = re.compile(r"<[^>]*>")
_BR = re.compile(r"<br\s*/?>", re.I)
_ISO_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})T00:00:00(?:\.0+)?$")


def plain_text(markup: object) -> str:
    """Plotly label markup (`<br>`, `<b>`, entities) as plain text, one line."""
    return " ".join(html.unescape(_TAG.sub("", _BR.sub(" ", str(markup)))).split())


def _array(values: Any) -> list[Any]:
    """A trace's data array as a list (plotly stores numbers as base64 typed arrays)."""
    if isinstance(values, Mapping) and "bdata" in values:
        arr = np.frombuffer(
            base64.b64decode(values["bdata"]), dtype=np.dtype(values.get("dtype", "f8"))
        )
        if shape := values.get("shape"):
            arr = arr.reshape([int(n) for n in str(shape).split(",")])
        return arr.tolist()  # type: ignore[no-any-return]
    if isinstance(values, np.ndarray):
        return values.tolist()  # type: ignore[no-any-return]
    if isinstance(values, (list, tuple)):
        return list(values)
    return []


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float):
        return format(value, ".6g")
    return _ISO_MIDNIGHT.sub(r"\1", plain_text(value))  # a date's midnight dropped


def _title(part: Any) -> str | None:
    """The plain text of a layout part's (or axis's) title, None when it has none."""
    title = part.get("title") if isinstance(part, Mapping) else None
    if isinstance(title, Mapping):
        title = title.get("text")
    return plain_text(title) if title else None


def chart_data(spec: Mapping[str, Any]) -> pd.DataFrame:
    """The rows behind a chart, one per point: series, x and y (named by the axis
    titles), and the point's label and error bars where the chart has them."""
    layout = spec.get("layout") or {}
    frames = []
    titles: dict[str, list[str]] = {"x": [], "y": []}
    for i, trace in enumerate(spec.get("data") or []):
        name = plain_text(trace.get("name") or f"series {i + 1}")
        xs, ys = _array(trace.get("x")), _array(trace.get("y"))
        for letter, vals in (("x", xs), ("y", ys)):
            ref = str(trace.get(f"{letter}axis", letter))
            t = _title(layout.get(f"{letter}axis{ref[1:]}"))
            if t and vals and t not in titles[letter]:
                titles[letter].append(t)
        if z := _array(trace.get("z")):  # a heatmap: one row per cell
            rows = [
                {
                    "series": name,
                    "x": xs[c] if c < len(xs) else c,
                    "y": ys[r] if r < len(ys) else r,
                    "value": v,
                }
                for r, row in enumerate(z)
                for c, v in enumerate(row if isinstance(row, list) else [row])
            ]
            frames.append(pd.DataFrame(rows))
            continue
        if trace.get("type") == "histogram":  # the counts it draws, not every draw
            values = pd.Series(xs or ys, dtype=object).value_counts().sort_index()
            axis = "x" if xs else "y"
            counts = {"series": name, axis: list(values.index), "count": list(values)}
            frames.append(pd.DataFrame(counts))
            continue
        n = max(len(xs), len(ys))
        if n == 0:
            continue
        cols: dict[str, list[Any]] = {"series": [name] * n}
        cols |= {
            key: (vals + [None] * n)[:n] for key, vals in (("x", xs), ("y", ys)) if vals
        }
        for key in ("x", "y"):
            err = trace.get(f"error_{key}")
            if isinstance(err, Mapping) and err.get("array") is not None:
                cols[f"{key} error"] = (_array(err["array"]) + [None] * n)[:n]
        labels = _array(trace.get("hovertext")) or _array(trace.get("text"))
        if labels and len(labels) == n:
            cols["label"] = labels
        frame = pd.DataFrame(cols)
        value_cols = [c for c in frame.columns if c != "series"]
        frames.append(frame.dropna(how="all", subset=value_cols))
    if not frames:
        return pd.DataFrame({"series": []})
    data = pd.concat(frames, ignore_index=True).astype(object)
    names = {letter: " / ".join(titles[letter]) or letter for letter in ("x", "y")}
    names |= {f"{letter} error": f"{names[letter]}: error" for letter in ("x", "y")}
    return data.rename(columns=names)


def _data_table(frame: pd.DataFrame, caption: str) -> str:
    head = "".join(f'<th scope="col">{html_text(_cell(c))}</th>' for c in frame.columns)
    body = "\n".join(
        "<tr>" + "".join(f"<td>{html_text(_cell(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return (
        f'<table><caption class="visually-hidden">{html_text(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>"
    )


def _csv_href(frame: pd.DataFrame) -> str:
    text = neutralise_formulas(frame.map(_cell)).to_csv(
        index=False, lineterminator="\n"
    )
    return "data:text/csv;charset=utf-8," + urllib.parse.quote(text, safe="")


def chart_title(spec: Mapping[str, Any]) -> str:
    """A chart's title as plain text (its slug when it has none)."""
    layout = spec.get("layout") or {}
    title = _title(layout)
    slug = (layout.get("meta") or {}).get("slug", "chart")
    return str(slug) if title is None else title


def chart_figure(spec: Mapping[str, Any], div_id: str) -> str:
    """An interactive chart (plotly's `div` with the id `div_id`) in a `figure` named
    by the title and described by the alt text (not `role="img"`: plotly's controls
    would become unreachable), its caption holding the alt text and, under a
    disclosure, the rows behind the chart (table and CSV)."""
    div_html = pio.to_html(
        spec,
        include_plotlyjs=False,
        full_html=False,
        validate=False,
        div_id=div_id,
        config={"responsive": True, "displaylogo": False},
    )
    layout = spec.get("layout") or {}
    meta = layout.get("meta") or {}
    title = chart_title(spec)
    alt = str(meta.get("alt") or "").strip() or title
    slug = str(meta.get("slug") or div_id)
    alt_id, data_id = f"{div_id}-alt", f"{div_id}-data"
    frame = chart_data(spec)
    return (
        f'<figure class="seesaw-chart" aria-label="{html_text(title)}" '
        f'aria-describedby="{alt_id}">\n{div_html}\n'
        f"<figcaption>\n"
        f'<p class="seesaw-alt" id="{alt_id}">{html_text(alt)}</p>\n'
        f'<details class="seesaw-data" id="{data_id}">'
        f"<summary>The data behind this chart ({len(frame):,} rows)</summary>\n"
        f'<p><a href="{_csv_href(frame)}" download="{html_text(slug)}.csv">'
        f"Download the rows as CSV ({html_text(slug)}.csv)</a></p>\n"
        f'<div class="seesaw-table-wrap" tabindex="0" role="region" '
        f'aria-label="Data of the chart: {html_text(title)}">'
        f"{_data_table(frame, f'Data of the chart: {title}')}</div>\n"
        f"</details>\n</figcaption>\n</figure>"
    )


def figure_page(spec: Mapping[str, Any], slug: str) -> str:
    """A figure's standalone HTML page: the interactive chart with its text, loading
    `plotly.min.js` from its folder."""
    div_id = f"seesaw-{slug}"  # a fixed id keeps the file reproducible
    return string.Template(template("figure.html")).substitute(
        title=html_text(chart_title(spec)),
        css=CHART_CSS,
        figure=chart_figure(spec, div_id),
    )


def export_figures(
    figs: Sequence[go.Figure | Mapping[str, Any]],
    out_dir: Path,
    formats: Iterable[str] = ("png", "svg", "html"),
    rendered: Mapping[tuple[str, str], bytes] | None = None,
) -> list[Path]:
    """Write each figure (or figure JSON) as `<slug>.<format>` plus `<slug>.txt` (its
    alt text); images in one kaleido batch, or from `rendered`."""
    rendered = rendered or {}
    formats = tuple(formats)
    out_dir.mkdir(parents=True, exist_ok=True)
    specs = [f if isinstance(f, Mapping) else f.to_plotly_json() for f in figs]
    slugs = [str(s["layout"]["meta"]["slug"]) for s in specs]
    if dupes := sorted({s for s in slugs if slugs.count(s) > 1}):
        raise ValueError(f"two figures share the export name(s): {', '.join(dupes)}")

    images = [
        (f, s, fmt)
        for fmt in formats
        if fmt in ("png", "svg", "pdf")
        for f, s in zip(figs, slugs)
    ]
    made = iter(render_images([(f, x) for f, s, x in images if (s, x) not in rendered]))
    files: list[tuple[str, str | bytes]] = []  # (file name, content)
    for _, slug, fmt in images:
        data = rendered[(slug, fmt)] if (slug, fmt) in rendered else next(made)
        files.append(
            (f"{slug}.{fmt}", stable_svg(data, slug) if fmt == "svg" else data)
        )
    pairs = list(zip(specs, slugs))
    if "html" in formats:
        shutil.copyfile(plotly_js_path(), out_dir / "plotly.min.js")
        files += [(f"{slug}.html", figure_page(spec, slug)) for spec, slug in pairs]
    alts = [str(spec["layout"]["meta"]["alt"]).strip() + "\n" for spec, _ in pairs]
    files += [(f"{slug}.txt", alt) for slug, alt in zip(slugs, alts)]
    for name, content in files:
        atomic_write(out_dir / name, content)
    return [out_dir / name for name, _ in files]
