"""Static images of plotly figures: kaleido batches (`render_images`) through a cache,
one browser kept open (`ImageServer`), and the PNGs of a notebook's charts
(`add_pngs`). `seesaw.publish.export` writes them into files."""

from __future__ import annotations

import base64
import functools
import hashlib
import os
import sys
import tempfile
from collections.abc import Mapping, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
from plotly.io.json import to_json_plotly

from seesaw.data import memo
from seesaw.files import atomic_write, keep_recent, own_entries

PLOTLY_MIME = "application/vnd.plotly.v1+json"
DEFAULT_WIDTH = 1100
DEFAULT_HEIGHT = 620


#: Interactive furniture a static image cannot use (buttons, range sliders).
_INTERACTIVE_LAYOUT = ("updatemenus", "sliders")
_INTERACTIVE_AXIS = ("rangeslider", "rangeselector")


def static_spec(spec: Mapping[str, Any]) -> dict[str, Any]:
    """A figure's JSON (left unchanged) for a PNG or SVG: no interactive furniture."""
    layout = dict(spec.get("layout") or {})
    for key in _INTERACTIVE_LAYOUT:
        layout.pop(key, None)
    for key, axis in list(layout.items()):
        if key.startswith("xaxis") and isinstance(axis, Mapping):
            hidden = {k: {"visible": False} for k in _INTERACTIVE_AXIS if k in axis}
            layout[key] = {**axis, **hidden}
    return {**spec, "layout": layout}


def figure_json(fig: go.Figure | Mapping[str, Any]) -> dict[str, Any]:
    """A figure's JSON; a figure's JSON as it is, its traces copied (renders add ids)."""
    if not isinstance(fig, Mapping):
        return fig.to_plotly_json()  # type: ignore[no-any-return]
    return {**fig, "data": [dict(trace) for trace in fig.get("data") or []]}


def image_size(fig: go.Figure | Mapping[str, Any]) -> tuple[int, int]:
    """Width and height of every static image of `fig` (notebook PNG and export)."""
    if isinstance(fig, Mapping):
        height = (fig.get("layout") or {}).get("height")
    else:
        height = fig.layout.height
    return DEFAULT_WIDTH, int(height or DEFAULT_HEIGHT)


IMAGE_CACHE_ENV = "SEESAW_IMAGE_CACHE"
IMAGE_CACHE_KEEP = 400  # renders kept (the least recently used go)


def image_cache_dir() -> Path | None:
    """Where renders are kept: `build/cache/images`, `$SEESAW_IMAGE_CACHE`, or None
    when that says `off`."""
    return memo.cache_folder(IMAGE_CACHE_ENV, "images")


@functools.cache
def _renderer_id() -> str:
    """The versions that decide a render; looked up once per process, not per image."""
    return f"kaleido {version('kaleido')}, plotly {version('plotly')}"


def image_key(spec: Mapping[str, Any], fmt: str, width: int, height: int) -> str:
    """A render's cache key: what kaleido is given, and which kaleido and plotly.js."""
    digest = hashlib.sha256(f"{_renderer_id()}|{fmt}|{width}x{height}|".encode())
    digest.update(to_json_plotly(spec).encode("utf-8"))
    return digest.hexdigest()


def render_images(
    jobs: Sequence[tuple[go.Figure | Mapping[str, Any], str]],
    server: ImageServer | None = None,
) -> list[bytes]:
    """Render (figure or figure JSON, format) pairs in one kaleido batch (in `server`'s
    browser if given, else a new one); bytes in order. Renders of unchanged input come
    from the cache (`image_cache_dir`)."""
    if not jobs:
        return []
    cache = image_cache_dir()
    results: list[bytes | None] = [None] * len(jobs)
    specs: list[dict[str, Any]] = []
    pending: list[tuple[int, Path | None]] = []  # (job index, cache file)
    with tempfile.TemporaryDirectory(prefix="seesaw-img-") as tmp:
        for i, (fig, fmt) in enumerate(jobs):
            width, height = image_size(fig)
            spec = static_spec(figure_json(fig))
            # Fixed trace ids: plotly.js would draw random ones into every SVG.
            for k, trace in enumerate(spec.get("data", [])):
                trace.setdefault("uid", f"t{k}")
            cached = None
            if cache is not None:
                cached = cache / f"{image_key(spec, fmt, width, height)}.{fmt}"
                if cached.exists():
                    results[i] = cached.read_bytes()
                    os.utime(cached)  # recently used: kept by the pruning
                    continue
            pending.append((i, cached))
            opts = {"format": fmt, "width": width, "height": height, "scale": 1}
            specs.append({"fig": spec, "path": Path(tmp) / f"{i}.{fmt}", "opts": opts})
        if specs:
            import kaleido

            if server is not None:
                server.start()
                kaleido.write_fig_from_object_sync(specs)  # the browser already open
            else:
                kaleido.write_fig_from_object_sync(specs, kopts={"mathjax": False})
            for (i, _), spec_ in zip(pending, specs):
                results[i] = Path(spec_["path"]).read_bytes()
            try:  # a cache that cannot be written costs the cache, not the images
                for i, cached in pending:
                    if cached is not None:
                        atomic_write(cached, results[i] or b"")
                if cache is not None:
                    keep_recent(
                        own_entries(cache, (".png", ".svg", ".pdf")), IMAGE_CACHE_KEEP
                    )
            except OSError as err:
                print(
                    f"warning: the image cache {cache} cannot be written "
                    f"({err.strerror or err}); the images are made but not kept "
                    f"(set {IMAGE_CACHE_ENV} to a folder, or to off)",
                    file=sys.stderr,
                )
    done = [r for r in results if r is not None]
    assert len(done) == len(jobs), "a render went missing"
    return done


def plotly_outputs(nb: Any) -> list[dict[str, Any]]:
    """The display outputs of a notebook that hold a plotly figure, in order."""
    return [
        out
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if PLOTLY_MIME in out.get("data", {})
    ]


class ImageServer:
    """One kaleido browser kept open across calls, opened at the first render the cache
    does not hold."""

    running = False

    def start(self) -> None:
        """Open the browser unless it is open (idempotent)."""
        if not self.running:
            import kaleido

            kaleido.start_sync_server(silence_warnings=True, mathjax=False)
            self.running = True

    def close(self) -> None:
        """Close the browser (idempotent)."""
        if self.running:
            import kaleido

            kaleido.stop_sync_server(silence_warnings=True)
            self.running = False


def add_pngs(
    notebooks: Sequence[Any],
    svg_for_slugs: bool = False,
    server: ImageServer | None = None,
) -> dict[tuple[str, str], bytes]:
    """Give every plotly output of `notebooks` its PNG (for GitHub), in one batch.
    Returns the renders of the slugged figures by (slug, format), for
    `export_figures`; with `svg_for_slugs` their SVGs too."""
    outputs = [out for nb in notebooks for out in plotly_outputs(nb)]
    specs = [out["data"][PLOTLY_MIME] for out in outputs]
    metas = [(s.get("layout") or {}).get("meta") for s in specs]
    slugged = [
        (i, str(meta["slug"]))
        for i, meta in enumerate(metas)
        if isinstance(meta, dict) and meta.get("slug")
    ]
    jobs = [(spec, "png") for spec in specs]
    if svg_for_slugs:
        jobs += [(specs[i], "svg") for i, _ in slugged]
    images = render_images(jobs, server)
    for out, png in zip(outputs, images):
        out["data"]["image/png"] = base64.b64encode(png).decode("ascii")
    rendered = {(slug, "png"): images[i] for i, slug in slugged}
    svgs = images[len(specs) :]  # empty unless svg_for_slugs
    return rendered | {(slug, "svg"): svg for (_, slug), svg in zip(slugged, svgs)}
