"""Charts of what the tests can see: the timing test's power over hit rate and episodes."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from seesaw.charts.theme import finish
from seesaw.data import vocab


def fig_timing_power(
    grid: pd.DataFrame,
    chance: float,
    episodes_now: int,
    mde_rate: float | None,
    slug: str = "04_timing_power",
    move: str = "overture",
) -> go.Figure:
    """Heat map of the timing test's power (rows: true hit rate; columns: episodes), from
    `seesaw.analysis.power.timing_power_grid`, with the window's episode count marked;
    `mde_rate` (from `power.timing_mde_rate`, to the point) is the least true hit rate
    giving 80% power at the window's episodes, None when none does."""
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
    need = {
        c: next((r for r in grid.index if good.at[r, c]), None) for c in grid.columns
    }
    finding = (
        f"with {episodes_now} episodes it finds the pattern 80% of the time only if at "
        f"least {mde_rate:.0%} of episodes truly follow an escalation"
        if mde_rate is not None
        else f"with {episodes_now} episodes no true hit rate gives it 80% power"
    )
    title = f"What the timing test can see at a chance rate of {chance:.0%}: {finding}"
    alt = (
        f"Heat map of the timing test's power at the 5% level, by the true share of "
        f"{move} episodes that come soon after an escalation ({rates[0]} to "
        f"{rates[-1]}, rows) and the number of episodes ({cols[0]} to {cols[-1]}, "
        f"columns), at a chance rate of {chance:.0%}; a dotted line marks this "
        f"window's {episodes_now} episodes. "
        + "; ".join(
            f"{c} episodes: 80% power from a hit rate of {r:.0%} among those shown"
            if r is not None
            else f"{c} episodes: under 80% at every rate shown"
            for c, r in need.items()
        )
        + "."
    )
    return finish(
        fig,
        slug=slug,
        title=title,
        alt=alt,
        x_title="Overture episodes",
        y_title="True hit rate",
        source="Source: exact binomial power of the timing test (seesaw.analysis.power); "
        "no real events",
    )
