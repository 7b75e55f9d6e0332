"""What a reader sees of a notebook's outputs, as text, for the tests that read them."""

from __future__ import annotations

import html
from typing import Any


def output_text(out: dict[str, Any], streams: bool = True) -> list[str]:
    """What a reader sees of one output: printed lines (unless `streams` is False),
    Markdown, and a chart's title and alt text."""
    parts: list[str] = []
    if streams and out.get("output_type") == "stream":
        parts.append("".join(out.get("text", "")))
    data = out.get("data", {})
    if "text/markdown" in data:
        parts.append("".join(data["text/markdown"]))
    fig = data.get("application/vnd.plotly.v1+json")
    if fig:
        layout = fig.get("layout", {})
        title = layout.get("title", {}).get("text", "")
        parts.append(html.unescape(title.replace("<br>", " ")))
        parts.append(layout.get("meta", {}).get("alt", ""))
    return parts


def check_finished(fig: Any, slug: str) -> None:
    """A finished chart: its export slug, alt text, a title and a source line."""
    meta = fig.layout.meta
    assert meta["slug"] == slug
    assert len(meta["alt"]) > 40
    assert fig.layout.title.text
    assert any("Source:" in a.text for a in fig.layout.annotations)
