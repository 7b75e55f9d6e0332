"""The seesaw timeline's parts as plain plotly dicts (traces in a fixed order, shapes,
title, alt text, layout), from which the static chart and the explorer both draw."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from seesaw.analysis.headline import direction_changes
from seesaw.analysis.masks import equals
from seesaw.charts.theme import (
    ACTOR_COLOURS,
    GREY,
    MODE_COLOURS,
    SIDE_COLOURS,
    escape,
    finish,
    wrap,
)
from seesaw.data import vocab
from seesaw.data.quoting import as_read_by_event


def _quotes_by_event(quotes: pd.DataFrame | None) -> dict[str, str]:
    """Per event, its quotes escaped and wrapped, a reworded one as reported speech."""
    return as_read_by_event(quotes, lambda q: wrap(escape(q)), escape)


def hover_text(rows: pd.DataFrame, quotes: pd.DataFrame | None = None) -> list[str]:
    """Escaped hover text per row: date, who, kind, summary, quotes, source."""
    said = _quotes_by_event(quotes)
    return [
        "<br>".join(
            [
                f"<b>{r.date:%d %b %Y}</b> · {escape(r.actor_detail)} · {escape(r.kind)}",
                wrap(escape(r.summary)),
                *([said[r.id]] if r.id in said else []),
                f"<i>{escape(r.source_outlet)}</i> · {escape(r.id)}",
            ]
        )
        for r in rows.itertuples(index=False)
    ]


@dataclass(frozen=True)
class TimelineParts:
    """What the timeline draws: traces (the explorer relies on their order), shapes,
    title and alt text."""

    traces: list[dict[str, Any]]
    shapes: list[dict[str, Any]]
    title: str
    alt: str


def _markers(
    rows: pd.DataFrame,
    y: Any,
    name: str,
    marker: dict[str, Any],
    hover: Mapping[str, str] | None,
    quotes: pd.DataFrame | None,
    axis: str = "",
) -> dict[str, Any]:
    """A marker per row on panel `axis` ("" or "2"), the row's id as customdata and its
    hover text from `hover` (id -> text; missing ids get none) or the rows and `quotes`."""
    return {
        "type": "scatter",
        "x": rows["date"].to_numpy(),
        "y": y,
        "mode": "markers",
        "name": name,
        "marker": marker,
        "hovertext": hover_text(rows, quotes)
        if hover is None
        else [hover.get(i, "") for i in rows["id"].tolist()],
        "hoverinfo": "text",
        "customdata": rows["id"].to_numpy(),
        "xaxis": f"x{axis}",
        "yaxis": f"y{axis}",
    }


def _phase_shapes(phase_table: pd.DataFrame) -> list[dict[str, Any]]:
    """The phases shaded by tilt, and the zero line."""
    shapes: list[dict[str, Any]] = [
        {
            "type": "rect",
            "xref": "x",
            "yref": "y domain",
            "x0": ph.start,
            "x1": ph.end + pd.Timedelta(days=1),
            "y0": 0,
            "y1": 1,
            "fillcolor": SIDE_COLOURS[ph.tilt],
            "opacity": 0.13,
            "line": {"width": 0},
            "layer": "below",
        }
        for ph in phase_table.itertuples(index=False)
    ]
    shapes.append(
        {
            "type": "line",
            "xref": "x domain",
            "yref": "y",
            "x0": 0,
            "x1": 1,
            "y0": 0,
            "y1": 0,
            "line": {"color": "#444444", "width": 1},
        }
    )
    return shapes


def _timeline_words(
    scored: pd.DataFrame,
    phase_table: pd.DataFrame,
    overtures: int,
    hardline: int,
    smoothing_days: int,
) -> tuple[str, str]:
    """The timeline's title and alt text."""
    toward_m = int((scored["score"] > 0).sum())
    toward_k = int((scored["score"] < 0).sum())
    n_ph, days = len(phase_table), phase_table.groupby("tilt")["days"].sum()
    tilted_m, tilted_k = (int(days.get(tilt, 0)) for tilt in ("moscow", "kyiv"))
    if len(scored):
        span = f"from {scored['date'].min():%B %Y} to {scored['date'].max():%B %Y}"
        title = (
            f"{span[:1].upper()}{span[1:]}, Washington's pressure changed direction "
            f"{direction_changes(phase_table)} times: {n_ph} phases, {tilted_m} days "
            f"leaning on Moscow (net), {tilted_k} on Kyiv"
        )
    else:
        title = "No US pressure acts in this selection"
        span = "in the selection"
    alt = (
        f"Timeline of {len(scored)} US acts {span}: {toward_m} lean on Moscow (pressure "
        f"on Moscow raised or on Kyiv relieved; above the axis) and {toward_k} on Kyiv "
        f"(pressure on Kyiv raised or on Moscow relieved; below), sized by score and "
        f"coloured by mode, with the {smoothing_days}-day balance as a grey line and "
        f"{n_ph} phases shaded by tilt (blue: leaned on Kyiv (net), vermilion: "
        f"leaned on Moscow (net)). "
        f"A strip below marks {overtures} Russian overtures "
        f"and {hardline} hardline moves."
    )
    return title, alt


def timeline_parts(
    scored: pd.DataFrame,
    smoothed: pd.Series,
    phase_table: pd.DataFrame,
    russian_overtures: pd.DataFrame,
    russian_hardline: pd.DataFrame,
    quotes: pd.DataFrame | None = None,
    smoothing_days: int = vocab.DEFAULT_SMOOTHING_DAYS,
    hover: Mapping[str, str] | None = None,
) -> TimelineParts:
    """The timeline's traces and shapes; `hover` (id -> text), if given, replaces the
    hover text computed from the rows and `quotes` (the explorer precomputes it)."""
    traces: list[dict[str, Any]] = []
    # With the hover text given, only these columns are read: take no others.
    needed = scored if hover is None else scored[["date", "score", "weight", "id"]]
    for mode in vocab.MODES:
        rows = needed[equals(scored["mode"], mode)]
        marker = {
            "color": MODE_COLOURS[mode],
            "size": (6 + 4 * rows["weight"].abs()).clip(upper=30).to_numpy(),
            "line": {"width": 0.5, "color": "white"},
            "opacity": 0.85,
        }
        traces.append(
            _markers(
                rows, rows["score"].to_numpy(), f"US act: {mode}", marker, hover, quotes
            )
            | {"legendgroup": mode}
        )
    traces.append(
        {
            "type": "scatter",
            "x": smoothed.index.to_numpy(),
            "y": smoothed.to_numpy(),
            "mode": "lines",
            "name": f"balance, last {smoothing_days} days",
            "line": {"color": GREY, "width": 2},
            "hovertemplate": "%{x|%d %b %Y}: balance %{y:+.1f}<extra></extra>",
            "xaxis": "x",
            "yaxis": "y",
        }
    )
    # The strip below: Russia's overtures and its hardline moves.
    for frame, name, symbol, y in (
        (russian_overtures, "Russian overture", "star", 1),
        (russian_hardline, "Russian hardline move", "x", 0),
    ):
        marker = {"color": ACTOR_COLOURS["russia"], "symbol": symbol, "size": 11}
        traces.append(
            _markers(frame, [y] * len(frame), name, marker, hover, quotes, "2")
        )
    title, alt = _timeline_words(
        scored,
        phase_table,
        len(russian_overtures),
        len(russian_hardline),
        smoothing_days,
    )
    return TimelineParts(traces, _phase_shapes(phase_table), title, alt)


def timeline_figure(parts: TimelineParts, slug: str) -> go.Figure:
    """The timeline drawn from its `parts`: two stacked panels sharing the date axis."""
    fig = go.Figure(data=parts.traces, layout={**LAYOUT, "shapes": parts.shapes})
    return finish(fig, slug=slug, title=parts.title, alt=parts.alt, source_shift=-125)


#: The timeline's fixed layout.
LAYOUT: dict[str, Any] = {
    "height": 740,
    "margin": {"b": 150, "t": 150},
    "legend": {"y": 1.07},
    "xaxis": {
        "matches": "x2",
        "showticklabels": False,
        "rangeselector": {
            "buttons": [
                {"count": 1, "label": "1m", "step": "month", "stepmode": "backward"},
                {"count": 3, "label": "3m", "step": "month", "stepmode": "backward"},
                {"count": 6, "label": "6m", "step": "month", "stepmode": "backward"},
                {"step": "all", "label": "all"},
            ],
            "y": 1.0,
            "yanchor": "bottom",
            "x": 0,
        },
    },
    "yaxis": {
        "domain": [0.232, 1.0],
        "zeroline": False,
        "title": {"text": "Score: leaning on Moscow (+) / on Kyiv (−)"},
    },
    "xaxis2": {
        "anchor": "y2",
        "rangeslider": {"visible": True, "thickness": 0.06},
        "title": {"text": "Date"},
    },
    "yaxis2": {
        "domain": [0, 0.192],
        "anchor": "x2",
        "tickvals": [0, 1],
        "ticktext": ["hardline", "overture"],
        "range": [-0.6, 1.6],
    },
    "updatemenus": [
        {
            "type": "buttons",
            "direction": "right",
            "x": 1,
            "xanchor": "right",
            "y": 1.0,
            "yanchor": "bottom",
            "pad": {"b": 2},
            "font": {"size": 11},
            "buttons": [
                {
                    "label": "acts + balance",
                    "method": "restyle",
                    "args": ["visible", True],
                },
                {
                    "label": "balance only",
                    "method": "restyle",
                    "args": ["visible", [False, False, False, True, True, True]],
                },
            ],
        }
    ],
}
