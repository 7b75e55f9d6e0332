"""Chart builders: pure functions from DataFrames to plotly Figures, one shared theme.

Colours are Okabe-Ito (colour-blind safe) and fixed per category: Kyiv is always blue,
Moscow always vermillion. Every figure carries a title stating the finding, labelled
axes, a source line, and alt text plus a file slug in `layout.meta` for export.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from seesaw import vocab
from seesaw.safe import html_text

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


_THEME_READY = False


def register_theme() -> None:
    """Register the shared plotly template (once) and make it the default."""
    global _THEME_READY
    if _THEME_READY and THEME in pio.templates:
        pio.templates.default = THEME
        return
    _THEME_READY = True
    template = go.layout.Template(pio.templates["simple_white"])
    template.layout.update(
        font={"family": FONT, "size": 13, "color": "#222222"},
        title={"x": 0.0, "xanchor": "left", "font": {"size": 17}},
        margin={"l": 80, "r": 30, "t": 120, "b": 100},
        hoverlabel={"align": "left", "font": {"family": FONT}},
        legend={
            "orientation": "h",
            "y": 1.02,
            "yanchor": "bottom",
            "x": 0,
            "title": {"text": ""},
        },
        colorway=[BLACK, ORANGE, SKY, GREEN, BLUE, VERMILLION, PURPLE, YELLOW],
    )
    pio.templates[THEME] = template
    pio.templates.default = THEME


def escape(text: object) -> str:
    """User text made safe for plotly's HTML-like labels (NA becomes empty).

    The one escaping rule of `seesaw.safe.html_text`, with missing values as blanks.
    """
    if text is None or (not isinstance(text, str) and pd.isna(text)):  # type: ignore[arg-type]
        return ""
    return html_text(text)


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
    source_shift: int = -62,
) -> go.Figure:
    """Apply the theme, the finding as title, axis labels, the source line and export metadata.

    `source_shift` is how many pixels below the plot area the source line sits.
    """
    register_theme()
    fig.update_layout(
        template=THEME,
        title={"text": wrap(escape(title), 90), "y": 0.98, "yanchor": "top"},
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
        y=0,
        yshift=source_shift,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        font={"size": 11, "color": "#555555"},
    )
    return fig


def fig_coverage_by_month(events: pd.DataFrame) -> go.Figure:
    """Events per month, stacked by actor (background `context` rows left out)."""
    events = events[events["kind"].astype(str).ne("context")]
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


# --- The seesaw timeline ----------------------------------------------------------

RANGE_BUTTONS = [
    {"count": 1, "label": "1m", "step": "month", "stepmode": "backward"},
    {"count": 3, "label": "3m", "step": "month", "stepmode": "backward"},
    {"count": 6, "label": "6m", "step": "month", "stepmode": "backward"},
    {"step": "all", "label": "all"},
]


def _quotes_by_event(quotes: pd.DataFrame | None) -> dict[str, str]:
    if quotes is None or quotes.empty:
        return {}
    linked = quotes[quotes["event_id"].notna()]
    out: dict[str, str] = {}
    for q in linked.itertuples(index=False):
        text = f"“{wrap(escape(q.quote))}” ({escape(q.speaker)})"
        out[q.event_id] = f"{out[q.event_id]}<br>{text}" if q.event_id in out else text
    return out


def hover_text(rows: pd.DataFrame, quotes: pd.DataFrame | None = None) -> list[str]:
    """Escaped hover text per row: date, who, kind, summary, quotes, source."""
    said = _quotes_by_event(quotes)
    texts = []
    for r in rows.itertuples(index=False):
        parts = [
            f"<b>{r.date:%d %b %Y}</b> · {escape(r.actor_detail)} · {escape(r.kind)}",
            wrap(escape(r.summary)),
        ]
        if r.id in said:
            parts.append(said[r.id])
        parts.append(f"<i>{escape(r.source_outlet)}</i> · {escape(r.id)}")
        texts.append("<br>".join(parts))
    return texts


@dataclass(frozen=True)
class TimelineParts:
    """What the timeline draws, as plain plotly dicts: traces in a fixed order, shapes,
    title and alt text. The static chart and the explorer both draw from these."""

    traces: list[dict[str, Any]]
    shapes: list[dict[str, Any]]
    title: str
    alt: str


#: Trace order in the timeline (the explorer relies on it).
TIMELINE_TRACES = (
    *(f"US act: {m}" for m in vocab.MODES),
    "balance",
    "Russian overture",
    "Russian hardline move",
)


def _hover_for(
    rows: pd.DataFrame, hover: pd.Series | None, quotes: pd.DataFrame | None
) -> list[str]:
    if hover is not None:
        return hover.reindex(rows["id"]).fillna("").tolist()
    return hover_text(rows, quotes)


def timeline_parts(
    scored: pd.DataFrame,
    smoothed: pd.Series,
    phase_table: pd.DataFrame,
    russian_overtures: pd.DataFrame,
    russian_hardline: pd.DataFrame,
    quotes: pd.DataFrame | None = None,
    smoothing_days: int = 14,
    hover: pd.Series | None = None,
) -> TimelineParts:
    """The timeline's traces and shapes. `hover` (id -> text), if given, replaces the
    hover text computed from the rows and `quotes` (the explorer precomputes it)."""
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
    traces: list[dict[str, Any]] = []
    mode_col = scored["mode"].astype(str)
    for mode in vocab.MODES:
        rows = scored[mode_col.eq(mode)]
        traces.append(
            {
                "type": "scatter",
                "x": rows["date"].to_numpy(),
                "y": rows["score"].to_numpy(),
                "mode": "markers",
                "name": f"US act: {mode}",
                "legendgroup": mode,
                "marker": {
                    "color": MODE_COLOURS[mode],
                    "size": (6 + 4 * rows["weight"].abs()).clip(upper=30).to_numpy(),
                    "line": {"width": 0.5, "color": "white"},
                    "opacity": 0.85,
                },
                "hovertext": _hover_for(rows, hover, quotes),
                "hoverinfo": "text",
                "customdata": rows["id"].to_numpy(),
                "xaxis": "x",
                "yaxis": "y",
            }
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
    for frame, name, symbol, y in (
        (russian_overtures, "Russian overture", "star", 1),
        (russian_hardline, "Russian hardline move", "x", 0),
    ):
        traces.append(
            {
                "type": "scatter",
                "x": frame["date"].to_numpy(),
                "y": [y] * len(frame),
                "mode": "markers",
                "name": name,
                "marker": {"color": MOSCOW, "symbol": symbol, "size": 11},
                "hovertext": _hover_for(frame, hover, quotes),
                "hoverinfo": "text",
                "customdata": frame["id"].to_numpy(),
                "xaxis": "x2",
                "yaxis": "y2",
            }
        )
    toward_m = int((scored["score"] > 0).sum())
    toward_k = int((scored["score"] < 0).sum())
    n_ph = len(phase_table)
    tilts = phase_table["tilt"] if n_ph else pd.Series(dtype=object)
    tilted_m = int(phase_table.loc[tilts.eq("moscow"), "days"].sum()) if n_ph else 0
    tilted_k = int(phase_table.loc[tilts.eq("kyiv"), "days"].sum()) if n_ph else 0
    if len(scored):
        title = (
            f"Washington's pressure changed direction {max(n_ph - 1, 0)} times: "
            f"{n_ph} phases, {tilted_m} days leaning on Moscow, {tilted_k} on Kyiv"
        )
        span = f"from {scored['date'].min():%B %Y} to {scored['date'].max():%B %Y}"
    else:
        title = "No US pressure acts in this selection"
        span = "in the selection"
    alt = (
        f"Timeline of {len(scored)} US acts {span}: {toward_m} lean on Moscow (pressure "
        f"on Moscow raised or on Kyiv relieved; above the axis) and {toward_k} on Kyiv "
        f"(pressure on Kyiv raised or on Moscow relieved; below), sized by score and "
        f"coloured by mode, with the {smoothing_days}-day balance as a grey line and "
        f"{n_ph} phases shaded by tilt (blue: leaning on Kyiv, orange: on Moscow). "
        f"A strip below marks {len(russian_overtures)} Russian overtures "
        f"and {len(russian_hardline)} hardline moves."
    )
    return TimelineParts(traces, shapes, title, alt)


def timeline_layout() -> dict[str, Any]:
    """The timeline's fixed layout: two stacked panels sharing the date axis."""
    return {
        "height": 740,
        "margin": {"b": 150, "t": 150},
        "legend": {"y": 1.07},
        "xaxis": {
            "domain": [0, 1],
            "anchor": "y",
            "matches": "x2",
            "showticklabels": False,
            "rangeselector": {
                "buttons": RANGE_BUTTONS,
                "y": 1.0,
                "yanchor": "bottom",
                "x": 0,
            },
        },
        "yaxis": {
            "domain": [0.232, 1.0],
            "anchor": "x",
            "zeroline": False,
            "title": {"text": "Score: toward Moscow (+) / toward Kyiv (−)"},
        },
        "xaxis2": {
            "domain": [0, 1],
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


def fig_timeline(
    scored: pd.DataFrame,
    smoothed: pd.Series,
    phase_table: pd.DataFrame,
    russian_overtures: pd.DataFrame,
    russian_hardline: pd.DataFrame,
    quotes: pd.DataFrame | None = None,
    smoothing_days: int = 14,
    hover: pd.Series | None = None,
) -> go.Figure:
    """The seesaw: US acts above (toward Moscow) or below (toward Kyiv) the axis, sized by
    score and coloured by mode; the smoothed balance; phases shaded; Russian moves below."""
    parts = timeline_parts(
        scored,
        smoothed,
        phase_table,
        russian_overtures,
        russian_hardline,
        quotes,
        smoothing_days,
        hover,
    )
    fig = go.Figure(
        data=parts.traces, layout={**timeline_layout(), "shapes": parts.shapes}
    )
    return finish(
        fig, slug="02_timeline", title=parts.title, alt=parts.alt, source_shift=-125
    )


# --- Alternation --------------------------------------------------------------------


def fig_null_distributions(
    observed: int, nulls: list[tuple[str, np.ndarray]], expected: float
) -> go.Figure:
    """Histograms of the number of runs under each null, with the observed count."""
    fig = go.Figure()
    colours = [GREY, SKY]
    for (name, dist), colour in zip(nulls, colours):
        fig.add_histogram(
            x=dist,
            name=f"{name} null",
            marker_color=colour,
            opacity=0.6,
            xbins={"size": 1},
            histnorm="probability",
            hovertemplate=f"{name}: %{{x}} runs, share %{{y:.3f}}<extra></extra>",
        )
    fig.add_vline(x=observed, line={"color": BLACK, "width": 3})
    fig.add_annotation(
        x=observed,
        y=1,
        yref="paper",
        text=f"observed: {observed}",
        showarrow=False,
        xanchor="left",
        xshift=4,
        font={"size": 12},
    )
    fig.update_layout(barmode="overlay")
    shares = [float((dist >= observed).mean()) for _, dist in nulls]
    beaten = ", ".join(
        f"{share:.1%} of {name} draws" for (name, _), share in zip(nulls, shares)
    )
    more = observed > expected
    title = (
        f"The sequence has {observed} runs against {expected:.1f} expected by chance: "
        f"{'more' if more else 'fewer'} switches than chance ({beaten} reach it)"
    )
    alt = (
        f"Overlaid histograms of the number of runs in the US pressure sequence under "
        f"{len(nulls)} permutation nulls, with a vertical line at the observed {observed} runs; "
        f"{beaten} reach or exceed it."
    )
    return finish(
        fig,
        slug="03_null_runs",
        title=title,
        alt=alt,
        x_title="Number of runs (switches + 1)",
        y_title="Share of permutations",
    )


def fig_robustness(table: pd.DataFrame, column: str = "p_shift") -> go.Figure:
    """Heatmap of a p-value across scoring schemes and collapse windows."""
    grid = table.pivot(index="scheme", columns="collapse", values=column)
    text = grid.map(lambda v: f"{v:.3f}")
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=list(grid.columns),
            y=list(grid.index),
            text=text.to_numpy(),
            texttemplate="%{text}",
            zmin=0,
            zmax=1,
            colorscale=[[0, BLUE], [0.05, SKY], [0.2, "#F2F2F2"], [1, "#FFFFFF"]],
            colorbar={"title": {"text": "p"}},
            hovertemplate="scheme %{y}, per %{x}: p %{z:.4f}<extra></extra>",
        )
    )
    below = int((table[column] < 0.05).sum())
    title = (
        f"{below} of {len(table)} scheme-and-window choices give p < 0.05 "
        f"({'circular-shift' if column == 'p_shift' else column} null)"
    )
    alt = (
        f"Heatmap of {column} for {grid.shape[0]} scoring schemes by {grid.shape[1]} collapse "
        f"windows; {below} of {len(table)} cells fall below 0.05."
    )
    return finish(
        fig,
        slug=f"03_robustness_{column}",
        title=title,
        alt=alt,
        x_title="Sequence collapsed per",
        y_title="Scoring scheme",
    )


# --- Moscow's timing -------------------------------------------------------------


def fig_event_study(study: Any, what: str = "US escalation on Moscow") -> go.Figure:
    """Mean daily pressure around Russian overtures, against the placebo band."""
    prof = study.profile
    fig = go.Figure()
    fig.add_scatter(
        x=np.r_[prof["offset"], prof["offset"][::-1]],
        y=np.r_[prof["placebo_high"], prof["placebo_low"][::-1]],
        fill="toself",
        fillcolor="rgba(153,153,153,0.25)",
        line={"width": 0},
        name="placebo 5-95%",
        hoverinfo="skip",
    )
    fig.add_scatter(
        x=prof["offset"],
        y=prof["placebo_mid"],
        mode="lines",
        line={"color": GREY, "dash": "dot"},
        name="placebo median",
        hovertemplate="day %{x}: placebo median %{y:.2f}<extra></extra>",
    )
    fig.add_scatter(
        x=prof["offset"],
        y=prof["mean"],
        mode="lines+markers",
        line={"color": MOSCOW, "width": 3},
        name=f"{what}, mean",
        hovertemplate="day %{x}: mean %{y:.2f}<extra></extra>",
    )
    fig.add_vline(x=0, line={"color": BLACK, "width": 1, "dash": "dash"})
    lean = "before" if study.pre_minus_post > 0 else "after"
    title = (
        f"{what} averages {study.pre_mean:.2f} a day in the {study.window_days} days before "
        f"a Russian overture and {study.post_mean:.2f} after (placebo p {study.p_value:.3f})"
    )
    alt = (
        f"Line chart of mean daily {what.lower()} at each day from -{study.window_days} to "
        f"+{study.window_days} around {study.n_events} Russian overtures, against a grey band "
        f"from {study.draws} placebo sets of random dates; pressure is higher {lean} overtures."
    )
    return finish(
        fig,
        slug="04_event_study",
        title=title,
        alt=alt,
        x_title="Days from the Russian overture",
        y_title="Weighted US acts per day (mean)",
    )


# --- The Gaza contrast -------------------------------------------------------------


BURST_DAYS = 45


def densest_window(
    dates: pd.Series, days: int
) -> tuple[pd.Timestamp, pd.Timestamp, int]:
    """The `days`-long stretch holding most of `dates`: first and last date in it, count."""
    d = np.sort(pd.to_datetime(dates).to_numpy())
    ends = np.searchsorted(d, d + np.timedelta64(days - 1, "D"), side="right")
    counts = ends - np.arange(len(d))
    i = int(np.argmax(counts))
    return pd.Timestamp(d[i]), pd.Timestamp(d[ends[i] - 1]), int(counts[i])


def fig_tracks(
    events: pd.DataFrame, track_of: pd.Series, order: list[str]
) -> go.Figure:
    """Every act on one time axis, one row per track (Ukraine seesaw and Gaza)."""
    fig = go.Figure()
    colours = {
        "US on Kyiv": KYIV,
        "US on Moscow": MOSCOW,
        "Russia": MOSCOW,
        "Ukraine": KYIV,
        "Europe": GREEN,
        "Gaza track": PURPLE,
        "US, neither": BLACK,
        "other": GREY,
    }
    symbols = {"Russia": "star", "Ukraine": "diamond", "Gaza track": "square"}
    for name in order:
        rows = events[track_of.reindex(events.index).eq(name)]
        if rows.empty:
            continue
        fig.add_scatter(
            x=rows["date"],
            y=[name] * len(rows),
            mode="markers",
            name=name,
            marker={
                "color": colours.get(name, GREY),
                "symbol": symbols.get(name, "circle"),
                "size": 9,
                "opacity": 0.8,
                "line": {"width": 0.5, "color": "white"},
            },
            hovertext=hover_text(rows),
            hoverinfo="text",
        )
    gaza = events[track_of.reindex(events.index).eq("Gaza track")]
    if len(gaza):
        start, end, k = densest_window(gaza["date"], BURST_DAYS)
        title = (
            f"Both tracks on one axis: {k} of {len(gaza)} Gaza acts fall in the "
            f"{BURST_DAYS} days from {start.day} {start:%b} to {end.day} {end:%b %Y}"
        )
    else:
        title = "Both tracks on one time axis"
    alt = (
        "Strip chart with one row per track (US acts on Kyiv, US acts on Moscow, Russia, "
        f"Ukraine, Europe, Gaza) showing each act as a marker on a shared time axis; "
        f"{len(gaza)} Gaza-track acts."
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(order)))
    fig.update_layout(height=520, showlegend=False)
    fig.update_xaxes(rangeslider={"visible": True, "thickness": 0.06})
    return finish(
        fig,
        slug="05_tracks",
        title=title,
        alt=alt,
        x_title="Date",
        y_title="Track",
        source_shift=-110,
    )


def fig_levers(table: pd.DataFrame) -> go.Figure:
    """US acts by lever (kind) on each track, as grouped horizontal bars."""
    fig = go.Figure()
    colours = {"Ukraine: on Moscow": MOSCOW, "Ukraine: on Kyiv": KYIV, "Gaza": PURPLE}
    for col in table.columns:
        fig.add_bar(
            y=table.index,
            x=table[col],
            orientation="h",
            name=col,
            marker_color=colours.get(col, GREY),
            hovertemplate=f"{col}: %{{x}} acts of kind %{{y}}<extra></extra>",
        )
    material = table.sum()
    title = "Which levers Washington pulled: US acts by kind on each track"
    alt = (
        f"Grouped horizontal bars counting US acts by kind on {len(table.columns)} tracks "
        f"({', '.join(f'{c}: {int(v)}' for c, v in material.items())})."
    )
    fig.update_layout(barmode="group", height=620)
    return finish(
        fig,
        slug="05_levers",
        title=title,
        alt=alt,
        x_title="US acts (count)",
        y_title="Kind of act",
    )


def fig_monthly_balance(scored: pd.DataFrame) -> go.Figure:
    """Per month: weight toward Moscow (up), toward Kyiv (down), and the net."""
    month = scored["date"].dt.to_period("M").dt.to_timestamp()
    up = scored["score"].clip(lower=0).groupby(month).sum()
    down = scored["score"].clip(upper=0).groupby(month).sum()
    full = pd.date_range(month.min(), month.max(), freq="MS")
    up, down = up.reindex(full, fill_value=0.0), down.reindex(full, fill_value=0.0)
    net = up + down
    fig = go.Figure()
    fig.add_bar(
        x=full,
        y=up,
        name="toward Moscow",
        marker_color=MOSCOW,
        hovertemplate="%{x|%B %Y}: %{y:.0f} toward Moscow<extra></extra>",
    )
    fig.add_bar(
        x=full,
        y=down,
        name="toward Kyiv",
        marker_color=KYIV,
        hovertemplate="%{x|%B %Y}: %{y:.0f} toward Kyiv<extra></extra>",
    )
    fig.add_scatter(
        x=full,
        y=net,
        name="net",
        mode="lines+markers",
        line={"color": BLACK, "width": 2},
        hovertemplate="%{x|%B %Y}: net %{y:+.0f}<extra></extra>",
    )
    fig.update_layout(barmode="relative")
    signs = np.sign(net.to_numpy())
    nonzero = signs[signs != 0]
    flips = int(np.count_nonzero(nonzero[1:] != nonzero[:-1])) if len(nonzero) else 0
    title = (
        f"The monthly net tilt changed sign {flips} times in {len(full)} months; "
        f"it leaned on Moscow in {int((net > 0).sum())} and on Kyiv in {int((net < 0).sum())}"
    )
    alt = (
        f"Diverging bars per month from {full[0]:%B %Y} to {full[-1]:%B %Y}: weighted US "
        f"acts toward Moscow above the axis, toward Kyiv below, with the net as a black line; "
        f"the net changes sign {flips} times."
    )
    return finish(
        fig,
        slug="02_monthly_balance",
        title=title,
        alt=alt,
        x_title="Month",
        y_title="Weighted US acts (score)",
    )
