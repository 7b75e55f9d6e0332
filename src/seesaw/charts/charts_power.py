"""Charts of what the tests can see: the share of synthetic worlds each test flags, and
the timing test's power over hit rate and episodes."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from seesaw.analysis.synthetic import SPELL_LEAK
from seesaw.charts.theme import BLACK, GREEN, GREY, SKY, escape, finish, wrap
from seesaw.data import vocab
from seesaw.text.words import purer


def fig_timing_power(
    grid: pd.DataFrame,
    chance: float,
    episodes_now: int,
    mde_rate: float | None,
    slug: str = "04_timing_power",
    move: str = "overture",
) -> go.Figure:
    """Heat map of the timing test's power by true hit rate and episodes
    (`power.timing_power_grid`), the window's episodes marked; `mde_rate`: the least
    rate giving 80% power there (`power.timing_mde_rate`), None if none does."""
    rates = [f"{r:.0%}" for r in grid.index]
    cols = [str(c) for c in grid.columns]
    text = [[f"{v:.0%}" for v in row] for row in grid.to_numpy()]
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=cols,
            y=rates,
            text=text,
            texttemplate="%{text}",
            zmin=0,
            zmax=1,
            colorscale="Greys",
            colorbar={"title": "power", "tickformat": ".0%"},
            hovertemplate="%{x} episodes, true hit rate %{y}: power %{z:.0%}<extra></extra>",
        )
    )
    if str(episodes_now) in cols:
        fig.add_vline(
            x=cols.index(str(episodes_now)),
            line={"color": "#c0392b", "width": 2, "dash": "dot"},
        )
    fig.update_layout(height=460)
    good = grid.ge(vocab.GOOD_POWER)
    need = good.idxmax().where(good.any())  # the least rate with good power, per column
    aim = f"{vocab.GOOD_POWER:.0%}"
    finding = (
        f"with {episodes_now} episodes it finds the pattern {aim} of the time only if at "
        f"least {mde_rate:.0%} of episodes truly follow an escalation"
        if mde_rate is not None
        else f"with {episodes_now} episodes no true hit rate gives it {aim} power"
    )
    title = f"What the timing test can see at a chance rate of {chance:.0%}: {finding}"
    alt = (
        f"Heat map of the timing test's power at the {vocab.ALPHA:.0%} level, by the true share of "
        f"{move} episodes that come soon after an escalation ({rates[0]} to "
        f"{rates[-1]}, rows) and the number of episodes ({cols[0]} to {cols[-1]}, "
        f"columns), at a chance rate of {chance:.0%}; a dotted line marks this "
        f"window's {episodes_now} episodes. "
        + "; ".join(
            f"{c} episodes: {aim} power from a hit rate of {r:.0%} among those shown"
            if pd.notna(r)
            else f"{c} episodes: under {aim} at every rate shown"
            for c, r in need.items()
        )
        + "."
    )
    return finish(
        fig,
        slug=slug,
        title=title,
        alt=alt,
        xaxis_title="Overture episodes",
        yaxis_title="True hit rate",
        source="Source: exact binomial power of the timing test (seesaw.analysis.power); "
        "no real events",
    )


def fig_power(
    table: pd.DataFrame,
    columns: dict[str, str],
    slug: str,
    own_power: float | None = None,
    own_world: str = "",
    own_purity: float | None = None,
) -> go.Figure:
    """Share of seeded runs each test flags, per world of the design size, with Wilson
    intervals; the title leads with the power at the window's own size (`own_power`
    in `own_world`) when given, the power that governs the verdict, and compares the
    spells world's purity (`1 - synthetic.SPELL_LEAK`) with the data's (`own_purity`)
    when given."""
    fig = go.Figure()
    colours = [BLACK, SKY, GREEN, GREY]  # never Moscow's vermilion: these are tests
    worlds = [wrap(escape(d), 22) for d in table["description"]]
    for (col, label), colour in zip(columns.items(), colours, strict=False):
        fig.add_bar(
            x=worlds,
            y=table[col],
            name=label,
            marker_color=colour,
            error_y={
                "type": "data",
                "symmetric": False,
                "array": table[f"{col}_high"] - table[col],
                "arrayminus": table[col] - table[f"{col}_low"],
            },
            hovertemplate="%{x}: %{y:.0%}<extra>" + label + "</extra>",
        )
    fig.add_hline(y=vocab.ALPHA, line={"color": BLACK, "width": 1, "dash": "dot"})
    fig.update_yaxes(tickformat=".0%", range=[0, 1.05])
    fig.update_xaxes(tickangle=0)
    fig.update_layout(barmode="group", height=560, margin={"b": 150})
    runs = int(table["runs"].iloc[0])
    first = next(iter(columns))
    ordered = table.sort_values(first, ascending=False, kind="stable")
    own = ""
    if own_power is not None:
        own = (
            f"At the window's own size the {columns[first]} finds realistic spells in "
            f"{own_power:.0%} of runs"
        )
        title = f"{own}; the bars show worlds of the design size" + (
            ""
            if own_purity is None
            else f", their spells {purer(1 - SPELL_LEAK, own_purity)} the data's"
        )
    else:
        # the shares in the bars' order (named below them): two lines at most
        shares = [f"{v:.0%}" for v in table[first]]
        listed = " and ".join(filter(None, [", ".join(shares[:-1]), shares[-1]]))
        title = (
            f"Worlds of the design size, not the window's own power: the {columns[first]} "
            "flags "
            f"{listed} of runs in the {vocab.in_words(len(shares))} "
            f"{'world' if len(shares) == 1 else 'worlds'} below"
        )
    alt = (
        (own + (f" ({own_world})" if own_world else "") + ". " if own else "")
        + f"Grouped bar chart of the share of {runs:,} synthetic runs flagged at the 5% "
        f"level by {vocab.count(len(columns), 'test')} in {len(table)} worlds, with "
        f"Wilson 95% intervals and a dotted line at 5%. The {columns[first]} flags "
        + "; ".join(
            f"'{r['description']}' in {r[first]:.0%}" for _, r in ordered.iterrows()
        )
        + "."
    )
    return finish(
        fig,
        slug=slug,
        title=title,
        alt=alt,
        yaxis_title=f"Share of runs flagged at p < {vocab.ALPHA:g}",
        source="Source: seesaw synthetic worlds (seesaw.power); they describe no real events",
        source_shift=-95,
    )
