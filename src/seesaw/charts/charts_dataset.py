"""The dataset chapter's charts (notebook 01): coverage by month and the kinds of act."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from seesaw.charts.charts_seesaw import seesaw_series
from seesaw.charts.label_layout import category_height, show_every_label
from seesaw.charts.theme import ACTOR_COLOURS, SIDE_COLOURS, finish
from seesaw.data import vocab


def _acts(events: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The acts (background `context` rows left out), and the alt text's note on those."""
    context = events["kind"].astype(str).eq("context")
    n = int(context.sum())
    note = f" {n} background rows are not acts and are not charted." if n else ""
    return events[~context], note


def fig_coverage_by_month(events: pd.DataFrame) -> go.Figure:
    """Events per month, stacked by actor (background `context` rows left out: the alt
    text says how many)."""
    events, background = _acts(events)
    month = events["date"].dt.to_period("M").dt.to_timestamp()
    actors = events["actor"].astype(str)
    counts = pd.crosstab(month, actors).reindex(
        index=pd.date_range(month.min(), month.max(), freq="MS"),
        columns=[a for a in vocab.ACTORS if a in set(actors)],
        fill_value=0,
    )
    fig = go.Figure()
    for actor in counts.columns:
        name = vocab.ACTOR_NAMES.get(actor, actor)
        fig.add_bar(
            x=counts.index,
            y=counts[actor],
            name=name,
            marker_color=ACTOR_COLOURS[actor],
            hovertemplate=f"{name}: %{{y}} acts in %{{x|%B %Y}}<extra></extra>",
        )
    totals = counts.sum(axis=1)
    busiest = totals.idxmax()
    empty = int((totals == 0).sum())
    title = (
        f"{len(events):,} sourced acts from {counts.index.min():%B %Y} to "
        f"{counts.index.max():%B %Y}; busiest: {busiest:%B %Y} ({totals.max()} acts)"
    )
    alt = (
        f"Stacked bar chart of {len(events):,} sourced acts from "
        f"{counts.index.min():%B %Y} to {counts.index.max():%B %Y}, per month by actor. "
        f"The busiest month is {busiest:%B %Y} with "
        f"{totals.max()} acts; "
        + (f"{empty} months have none." if empty else "every month has rows.")
        + background
    )
    return finish(
        fig,
        slug="01_coverage_by_month",
        title=title,
        alt=alt,
        xaxis_title="Month",
        yaxis_title="Acts (count)",
        barmode="stack",
        bargap=0.15,
    )


#: The kinds chart's series: (column, pressure_on, legend name, pattern); relief is
#: hatched in its side's colour, so "pressure on" never names a relief.
KIND_SERIES: tuple[tuple[str, str, str, str], ...] = (
    *(
        (f"{side}_{effect}", side, name, "/" if effect == "relieve" else "")
        for side, effect, name in seesaw_series(("moscow", "kyiv", "israel", "hamas"))
    ),
    ("none", "none", "no pressure coded", ""),
)


def fig_kinds(events: pd.DataFrame) -> go.Figure:
    """Acts by kind (in words), split by whose position they push on and whether they
    raise pressure on it or relieve it (background `context` rows left out)."""
    events, background = _acts(events)
    key = events["pressure_on"].astype(str) + "_" + events["effect"].astype(str)
    key = key.where(events["pressure_on"].astype(str).ne("none"), "none")
    kinds = events["kind"].map(vocab.KIND_NAMES)  # every kind the schema allows
    table = pd.crosstab(kinds, key)
    table = (
        table.reindex(columns=[col for col, *_ in KIND_SERIES], fill_value=0)
        .assign(total=lambda t: t.sum(axis=1))
        .sort_values("total")
    )
    fig = go.Figure()
    for col, side, name, pattern in KIND_SERIES:
        if not table[col].any():
            continue
        fig.add_bar(
            y=table.index,
            x=table[col],
            orientation="h",
            name=name,
            marker={
                "color": SIDE_COLOURS[side] if not pattern else "white",
                "line": {"color": SIDE_COLOURS[side], "width": 1},
                "pattern": {"shape": pattern, "fgcolor": SIDE_COLOURS[side]},
            },
            hovertemplate=f"%{{y}}: %{{x}} acts ({name})<extra></extra>",
        )
    top = table["total"].idxmax()
    show_every_label(fig, list(table.index))
    return finish(
        fig,
        slug="01_kinds",
        title=f"The commonest kind of act is '{top}' ({table['total'].max()} acts)",
        alt=(
            f"Horizontal stacked bars counting acts by kind across {len(table)} kinds, "
            "split by whose position they push on and whether they raised pressure on it "
            f"(solid) or relieved it (hatched); '{top}' is the commonest." + background
        ),
        xaxis_title="Acts (count)",
        yaxis_title="Kind of act",
        barmode="stack",
        height=category_height(len(table)) + 60,
        legend={"traceorder": "normal", "y": 1.0},
        margin={"t": 150},
    )
