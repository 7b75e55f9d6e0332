"""Chart builders: pure functions from DataFrames to plotly Figures, one shared theme.

Colours are Okabe-Ito (colour-blind safe) and fixed per category: Kyiv is always blue,
Moscow always vermillion. Every figure carries a title stating the finding, labelled
axes, a source line, and alt text plus a file slug in `layout.meta` for export.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from seesaw import vocab

# Okabe-Ito palette.
BLACK = "#000000"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#999999"

KYIV = BLUE
MOSCOW = VERMILLION

SIDE_COLOURS: Mapping[str, str] = {"kyiv": KYIV, "moscow": MOSCOW, "none": GREY}
ACTOR_COLOURS: Mapping[str, str] = {
    "us": BLACK,
    "russia": MOSCOW,
    "ukraine": KYIV,
    "europe": GREEN,
    "israel": SKY,
    "hamas": PURPLE,
    "qatar": ORANGE,
    "egypt": YELLOW,
    "other": GREY,
}
MODE_COLOURS: Mapping[str, str] = {
    "verbal": ORANGE,
    "threat": PURPLE,
    "material": BLACK,
}
assert set(ACTOR_COLOURS) == set(vocab.ACTORS)
assert set(MODE_COLOURS) == set(vocab.MODES)
assert set(SIDE_COLOURS) == set(vocab.PRESSURE_TARGETS)

THEME = "seesaw"
FONT = "Helvetica Neue, Helvetica, Arial, sans-serif"
SOURCE = "Source: seesaw dataset, hand-curated from dated news pages (data/events.csv)"


def register_theme() -> None:
    """Register the shared plotly template and make it the default."""
    template = go.layout.Template(pio.templates["simple_white"])
    template.layout.update(
        font={"family": FONT, "size": 13, "color": "#222222"},
        title={"x": 0.0, "xanchor": "left", "font": {"size": 17}},
        margin={"l": 70, "r": 30, "t": 80, "b": 90},
        hoverlabel={"align": "left", "font": {"family": FONT}},
        legend={"orientation": "h", "y": -0.18, "x": 0, "title": {"text": ""}},
        colorway=[BLACK, ORANGE, SKY, GREEN, BLUE, VERMILLION, PURPLE, YELLOW],
    )
    pio.templates[THEME] = template
    pio.templates.default = THEME


def escape(text: object) -> str:
    """User text made safe for plotly's HTML-like labels (NA becomes empty)."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):  # type: ignore[arg-type]
        return ""
    return html.escape(str(text), quote=True)


def wrap(text: str, width: int = 70) -> str:
    """Wrap escaped text with <br> so hover boxes stay narrow."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return "<br>".join(lines)


def finish(
    fig: go.Figure,
    *,
    slug: str,
    title: str,
    alt: str,
    source: str = SOURCE,
    x_title: str | None = None,
    y_title: str | None = None,
) -> go.Figure:
    """Apply the theme, the finding as title, axis labels, the source line and export metadata."""
    register_theme()
    fig.update_layout(
        template=THEME,
        title={"text": title},
        meta={"slug": slug, "alt": alt},
    )
    if x_title is not None:
        fig.update_xaxes(title_text=x_title)
    if y_title is not None:
        fig.update_yaxes(title_text=y_title)
    fig.add_annotation(
        text=escape(source),
        xref="paper",
        yref="paper",
        x=0,
        y=-0.32,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        font={"size": 11, "color": "#555555"},
    )
    return fig


def fig_coverage_by_month(events: pd.DataFrame) -> go.Figure:
    """Events per month, stacked by actor."""
    month = events["date"].dt.to_period("M").dt.to_timestamp()
    counts = (
        pd.crosstab(month, events["actor"].astype(str))
        .reindex(
            columns=[a for a in vocab.ACTORS if a in set(events["actor"].astype(str))]
        )
        .fillna(0)
        .astype(int)
    )
    full = pd.date_range(counts.index.min(), counts.index.max(), freq="MS")
    counts = counts.reindex(full, fill_value=0)
    fig = go.Figure()
    for actor in counts.columns:
        fig.add_bar(
            x=counts.index,
            y=counts[actor],
            name=actor,
            marker_color=ACTOR_COLOURS[actor],
            hovertemplate=f"{actor}: %{{y}} events in %{{x|%B %Y}}<extra></extra>",
        )
    totals = counts.sum(axis=1)
    busiest = totals.idxmax()
    empty = int((totals == 0).sum())
    title = (
        f"{len(events):,} sourced events over {len(counts)} months; "
        f"busiest: {busiest:%B %Y} ({totals.max()} events)"
    )
    alt = (
        f"Stacked bar chart of events per month by actor, {counts.index.min():%B %Y} to "
        f"{counts.index.max():%B %Y}. The busiest month is {busiest:%B %Y} with "
        f"{totals.max()} events; {empty} months have none."
    )
    fig.update_layout(barmode="stack", bargap=0.15)
    return finish(
        fig,
        slug="01_coverage_by_month",
        title=title,
        alt=alt,
        x_title="Month",
        y_title="Events (count)",
    )


def fig_kinds(events: pd.DataFrame) -> go.Figure:
    """Count of events by kind, split by whose position they push on."""
    table = (
        pd.crosstab(events["kind"].astype(str), events["pressure_on"].astype(str))
        .reindex(columns=list(vocab.PRESSURE_TARGETS), fill_value=0)
        .assign(total=lambda t: t.sum(axis=1))
        .sort_values("total")
    )
    fig = go.Figure()
    for side in vocab.PRESSURE_TARGETS:
        fig.add_bar(
            y=table.index,
            x=table[side],
            orientation="h",
            name=f"pressure on {side}" if side != "none" else "no pressure coded",
            marker_color=SIDE_COLOURS[side],
            hovertemplate=f"%{{y}}: %{{x}} events ({side})<extra></extra>",
        )
    top = table["total"].idxmax()
    fig.update_layout(barmode="stack", height=650)
    return finish(
        fig,
        slug="01_kinds",
        title=f"The commonest kind of act is '{top}' ({table['total'].max()} events)",
        alt=(
            f"Horizontal stacked bars counting events by kind across {len(table)} kinds, "
            f"split by whose position they push on; '{top}' is the commonest."
        ),
        x_title="Events (count)",
        y_title="Kind of act",
    )
