"""Charts of the statistics of notebooks 03 and 04: the spells test, Moscow's timing and
the coding choices (the power charts are in `seesaw.charts.charts_power`)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from seesaw.analysis.masks import SIDE_NAMES
from seesaw.analysis.synthetic import alternation_worlds
from seesaw.charts.label_layout import name_strip
from seesaw.charts.theme import (
    BLACK,
    GREY,
    KYIV,
    LIGHT_GREY,
    MOSCOW,
    SKY,
    escape,
    finish,
    wrap,
)
from seesaw.data import vocab
from seesaw.text.words import (
    day,
    day_words,
    episode_name,
    spells_statistic,
    tail_words,
    verdict_name,
)


def add_lanes(
    fig: go.Figure,
    lanes: pd.DataFrame,
    sides: tuple[str, str],
    days: int,
    colours: tuple[str, str] = (MOSCOW, KYIV),
    prefix: str = "",
    **cell: int,
) -> tuple[pd.Series, pd.Series]:
    """The lanes chart (03, and each panel of 05, `cell` its row and col): US acts
    raising pressure on each of `sides` in the last `days` days, the first above the
    axis, the second mirrored below. Returns the two trailing sums."""
    sums = []
    for side, sign, colour in zip(sides, (1, -1), colours, strict=True):
        name, total = SIDE_NAMES[side], lanes[side].rolling(days, min_periods=1).sum()
        fig.add_scatter(
            x=lanes.index,
            y=sign * total,
            customdata=total,
            fill="tozeroy",
            mode="lines",
            line={"color": colour, "width": 1.5},
            name=f"{prefix}raising pressure on {name}"
            + (" (below)" if sign < 0 else ""),
            hovertemplate=f"%{{x|%d %b %Y}}: %{{customdata}} acts on {name} in the "
            f"last {days} days<extra></extra>",
            **cell,
        )
        sums.append(total)
    fig.add_hline(y=0, line={"color": BLACK, "width": 1}, **cell)
    return sums[0], sums[1]


def fig_lanes(
    lanes: pd.DataFrame,
    verdict: Any,
    smooth_days: int = vocab.DEFAULT_SMOOTHING_DAYS,
    slug: str = "03_lanes",
) -> go.Figure:
    """The lanes chart of the verdict's track (`add_lanes`), its headline as title."""
    plus, minus = (SIDE_NAMES[side] for side in verdict.sides)
    fig = go.Figure()
    add_lanes(fig, lanes, verdict.sides, smooth_days)
    s = verdict.spells
    alt = (
        f"Two mirrored area charts of US acts raising pressure on {plus} (above the axis) "
        f"and on {minus} (below) in the trailing {smooth_days} days, "
        f"{day_words(lanes.index[0])} to {day_words(lanes.index[-1])}; the spells test's {spells_statistic(s)} "
        f"is {s.statistic:+.2f} (p = {s.p_value:.3f})."
    )
    return finish(
        fig,
        slug=slug,
        title=verdict.headline(),
        alt=alt,
        yaxis_title=f"US acts in the last {smooth_days} days",
        height=520,
    )


def fig_shift_null(verdict: Any, slug: str = "03_shift_null") -> go.Figure:
    """The correlation of the two lanes at every allowed shift, against the observed."""
    s, slow = verdict.spells, verdict.slow
    shifts = np.arange(s.min_shift, s.min_shift + s.shifts)
    fig = go.Figure()
    for test, marker, line, name, label, where in (
        (
            s,
            {"color": GREY, "size": 5},
            {"color": BLACK, "width": 3},
            "every slide (primary: slow swings removed)",
            "observed (primary)",
            "top left",
        ),
        (
            slow,
            {"color": SKY, "size": 4, "symbol": "circle-open"},
            {"color": SKY, "width": 2, "dash": "dash"},
            "every slide, slow swings kept",
            "observed, slow swings kept",
            "bottom left",
        ),
    ):
        fig.add_scatter(
            x=shifts,
            y=test.distribution,
            mode="markers",
            marker=marker,
            name=name,
            hovertemplate="shift %{x} days: r = %{y:.2f}<extra></extra>",
        )
        fig.add_hline(
            y=test.statistic,
            line=line,
            annotation_text=f"{label}: {test.statistic:+.2f}",
            annotation_position=where,
            annotation={"bgcolor": "rgba(255,255,255,0.85)"},  # over the slides' dots
        )
    # The count behind the words, from the tail they name (the low one unless only
    # the high one is under alpha).
    words = tail_words(s.p_value, s.p_other, verdict.alpha)
    high = s.p_value >= verdict.alpha and s.p_other < verdict.alpha  # as tail_words
    tail = (
        s.distribution >= s.statistic - 1e-12
        if high
        else s.distribution <= s.statistic + 1e-12
    )
    title = (
        f"The two sides' real alignment is {words}: {int(np.count_nonzero(tail))} of "
        f"{s.shifts} slides give a smoothed-lanes correlation as "
        f"{'high' if high else 'low'} as {s.statistic:+.2f} (turns p = {s.p_value:.3f}, "
        f"same weeks p = {s.p_other:.3f})"
    )
    alt = (
        f"Scatter of the spells test's {spells_statistic(s)} at each of {s.shifts} "
        f"circular shifts from {s.min_shift} days, with horizontal lines at the observed "
        f"{s.statistic:+.2f} and at {slow.statistic:+.2f} with the slow swings kept "
        f"(turns p = {slow.p_value:.3f})."
    )
    return finish(
        fig,
        slug=slug,
        title=title,
        alt=alt,
        xaxis_title=f"Slide of the {SIDE_NAMES[verdict.sides[1]]} side against the "
        f"{SIDE_NAMES[verdict.sides[0]]} side (days)",
        yaxis_title=f"Correlation of the {s.smooth_days}-day smoothed lanes",
    )


def fig_placebo(
    timing: Any, slug: str = "04_placebo", side: str = "moscow"
) -> go.Figure:
    """The placebo distribution of hits (exact binomial), with the observed count."""
    n, q = timing.episodes, timing.chance
    k = np.arange(n + 1)
    fig = go.Figure()
    pmf = np.asarray(timing.placebo_pmf, dtype=float)
    at_or_above = k >= timing.hits
    for mask, colour, name in (
        (~at_or_above, LIGHT_GREY, f"fewer than the observed {timing.hits}"),
        (at_or_above, SKY, f"at or above the observed {timing.hits}"),
    ):
        fig.add_bar(
            x=k[mask],
            y=pmf[mask],
            marker_color=colour,
            name=f"random days: {name}",
            hovertemplate="%{x} hits: probability %{y:.3f}<extra></extra>",
        )
    fig.add_vline(
        x=timing.hits,
        line={"color": BLACK, "width": 3},
        annotation_text=f"observed: {timing.hits}",
        annotation_position="top right",
    )
    fig.update_xaxes(tickvals=list(k) if n <= 20 else None)
    name = SIDE_NAMES[side]
    moves = "overture" if side == "moscow" else f"{name} concession"
    title = (
        f"{timing.hits} of {timing.episodes} {moves} episodes came 0-{timing.coincidence_days} "
        f"days after a US escalation on {name}; p = {timing.p_value:.3f}, the chance that "
        "random days do as well or better"
    )
    alt = (
        f"Bar chart of the probability of each number of hits among {n} random days, "
        f"each a hit with probability {q:.2f}; the bars at or above the observed "
        f"{timing.hits} are sky blue, the rest light grey, and a black line marks the "
        "observed count."
    )
    return finish(
        fig,
        slug=slug,
        title=title,
        alt=alt,
        xaxis_title=f"Episodes with a US escalation 0-{timing.coincidence_days} days before",
        yaxis_title="Probability at random days",
    )


def fig_episodes(
    escalation_days: pd.Series,
    episodes: pd.DataFrame,
    coincidence_days: int = vocab.DEFAULT_COINCIDENCE_DAYS,
) -> go.Figure:
    """US escalations on Moscow per day (whole-number ticks), with each Russian overture
    episode marked and named in a strip above the bars."""
    counts = escalation_days.dt.normalize().value_counts().sort_index()
    top = int(counts.max()) if len(counts) else 1
    fig = go.Figure()
    fig.add_bar(
        x=counts.index,
        y=counts.to_numpy(),
        marker_color=MOSCOW,
        name="US acts raising pressure on Moscow",
        hovertemplate="%{x|%d %b %Y}: %{y}<extra></extra>",
    )
    hit = episodes["in_window"].astype(bool)
    names = list(map(episode_name, episodes["overtures"], episodes["kinds"]))
    starts = pd.to_datetime(episodes["start"])
    span, heights, rows_used = name_strip(starts, counts.index, names, top)
    for mask, colour, label in (
        (hit, BLACK, f"overture episode 0-{coincidence_days} days after an escalation"),
        (~hit, GREY, "overture episode at another time"),
    ):
        part = episodes[mask]
        fig.add_scatter(
            x=part["start"],
            y=heights[mask.to_numpy()],
            mode="markers+text",
            marker={"color": colour, "size": 11, "symbol": "triangle-down"},
            text=[escape(n) for n, m in zip(names, mask, strict=True) if m],
            textposition="top center",
            textfont={"size": 11, "color": colour},
            name=label,
            customdata=part[["overtures", "kinds"]].to_numpy(),
            hovertemplate="%{x|%d %b %Y}: %{text}<extra></extra>",
        )
    title = (
        f"{int(hit.sum())} of {len(episodes)} Russian overture episodes came 0-{coincidence_days} "
        "days after a US escalation on Moscow"
    )
    alt = (
        f"Bar chart of US acts raising pressure on Moscow per day, with the Russian "
        f"overture episodes named in a strip above the bars: {int(hit.sum())} of "
        f"{len(episodes)} overture episodes came 0-{coincidence_days} days after an "
        "escalation (black triangles), the rest at other times (grey). Episodes: "
        + "; ".join(
            f"{n.replace('; ', ' and ')}, {day(d, '%b')}"
            for n, d in sorted(
                zip(names, episodes["start"], strict=True), key=lambda x: x[1]
            )
        )
        + "."
    )
    fig.update_yaxes(
        tickvals=list(range(0, top + 1)),
        range=[0, top + 1.5 + 0.75 * rows_used],
        zeroline=True,
    )
    if len(starts):
        pad = pd.Timedelta(days=max(8, int(span * 0.06)))
        days = [*starts, *counts.index]
        fig.update_xaxes(range=[min(days) - pad, max(days) + pad])
    fig.update_layout(height=520)
    return finish(
        fig, slug="04_episodes", title=title, alt=alt, yaxis_title="US acts per day"
    )


def _spells_forest(
    fig: go.Figure, rows: pd.DataFrame, labels: list[str], verdicts: np.ndarray
) -> None:
    """The spells statistic per coding, with the shift null's central 90% as a bar."""
    for i, r in enumerate(rows.itertuples(index=False)):
        fig.add_shape(
            type="line",
            x0=r.spells_null_low,
            x1=r.spells_null_high,
            y0=labels[i],
            y1=labels[i],
            line={"color": GREY, "width": 6},
        )
    fig.add_scatter(
        x=rows["spells_statistic"],
        y=labels,
        mode="markers",
        marker={"color": BLACK, "size": 10, "symbol": "diamond"},
        name="observed correlation of the two lanes",
        customdata=verdicts,
        hovertemplate="%{y}: r = %{x:.3f}, p = %{customdata[0]:.3f}, "
        "verdict %{customdata[1]}<extra></extra>",
    )
    fig.add_scatter(
        x=[None],
        y=[None],
        mode="lines",
        line={"color": GREY, "width": 6},
        name="90% of the shifted alignments (the null)",
    )


def _overtures_forest(
    fig: go.Figure, rows: pd.DataFrame, labels: list[str], verdicts: np.ndarray
) -> None:
    """The share of overture episodes after US escalation per coding (Wilson 95%
    interval), and the chance rate."""
    fig.add_scatter(
        x=rows["overture_rate"],
        y=labels,
        mode="markers",
        marker={"color": MOSCOW, "size": 10, "symbol": "diamond"},
        error_x={
            "type": "data",
            "symmetric": False,
            "array": rows["overture_rate_high"] - rows["overture_rate"],
            "arrayminus": rows["overture_rate"] - rows["overture_rate_low"],
            "color": MOSCOW,
        },
        name=f"share of overture episodes 0-{vocab.DEFAULT_COINCIDENCE_DAYS} days after "
        "an escalation (95% interval)",
        customdata=verdicts,
        hovertemplate="%{y}: %{x:.0%}, p = %{customdata[0]:.3f}, "
        "verdict %{customdata[1]}<extra></extra>",
    )
    fig.add_scatter(
        x=rows["overture_chance"],
        y=labels,
        mode="markers",
        marker={"color": BLACK, "size": 9, "symbol": "line-ns-open"},
        name="share of random days (chance)",
        hovertemplate="%{y}: chance %{x:.0%}<extra></extra>",
    )
    fig.update_xaxes(tickformat=".0%", range=[0, 1])


def fig_coding_forest(coding: pd.DataFrame, which: str = "alternation") -> go.Figure:
    """The primary statistic under each contested coding choice (a forest plot) of
    the `alternation` or the `overtures` test."""
    rows, verdict_col = coding.iloc[::-1], f"{which}_verdict"
    labels = [wrap(escape(x), 40) for x in rows["label"]]
    fig = go.Figure()
    if which == "alternation":
        slug, draw, p_col = "03_coding_forest", _spells_forest, "spells_p"
        x_title = "Correlation of the two lanes (low: one side quiet while the other is active)"
        what = "spells that take turns"
    else:
        slug, draw, p_col = "04_coding_forest", _overtures_forest, "overtures_p"
        x_title = (
            "Share of overture episodes that came soon after US pressure on Moscow"
        )
        what = "overtures following US pressure"
    # each row's p-value and verdict in words, for the hover text of either test
    verdicts = np.stack([rows[p_col], rows[verdict_col].map(verdict_name)], axis=-1)
    draw(fig, rows, labels, verdicts)
    base = str(coding[verdict_col].iloc[0])
    same = int(coding[verdict_col].eq(base).sum()) - 1
    n = len(coding) - 1
    title = (
        f"The verdict on {what}, {verdict_name(base)}, "
        + ("holds" if same == n else "changes")
        + f" under {n - same if same != n else same} of {n} other codings of the same events"
    )
    alt = (
        f"Dot plot, one row per coding of the events ({len(coding)} rows, the coding as "
        f"published first): {x_title[0].lower() + x_title[1:]}. The verdict is "
        f"'{verdict_name(base)}' as coded and stays so under {same} of the {n} contested coding choices."
    )
    fig.update_layout(height=140 + 48 * len(coding), margin={"l": 260})
    return finish(
        fig,
        slug=slug,
        title=title,
        alt=alt,
        xaxis_title=x_title,
        source="Source: seesaw dataset (data/events.csv, data/reliability/); seesaw sensitivity",
    )


def fig_alternation_worlds(
    lanes: pd.DataFrame, seed: int, slug: str = "03_worlds"
) -> go.Figure:
    """Small multiples: the observed lanes above three simulated worlds of the same
    size, day by day (the + side above the axis)."""
    plus, minus = lanes.columns[:2]
    plus_name, minus_name = SIDE_NAMES[plus], SIDE_NAMES[minus]
    worlds = alternation_worlds(lanes, seed)
    fig = make_subplots(
        rows=len(worlds),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.07,
        subplot_titles=[escape(name) for name, _ in worlds],
    )
    top = 1.0
    for row, (name, w) in enumerate(worlds, start=1):
        top = max(top, float(w[plus].max()), float(w[minus].max()))
        for col, sign, colour in zip((plus, minus), (1, -1), (MOSCOW, KYIV)):
            side, values = SIDE_NAMES[col], sign * w[col]
            fig.add_bar(
                x=w.index,
                y=values,
                marker={"color": colour, "line": {"width": 0}},
                name=f"raised pressure on {side}",
                legendgroup=side,
                showlegend=row == 1,
                customdata=values.abs(),
                hovertemplate=f"{escape(name)}<br>%{{x|%d %b %Y}}: %{{customdata}} acts "
                f"on {side}<extra></extra>",
                row=row,
                col=1,
            )
    fig.update_yaxes(range=[-top * 1.1, top * 1.1], zeroline=True, zerolinecolor=BLACK)
    fig.update_annotations(x=0, xanchor="left", font={"size": 13})
    n = int(lanes[plus].sum() + lanes[minus].sum())
    title = (
        f"What would alternation look like? The observed {n} acts beside spells that "
        f"take turns, tit-for-tat and chance, each simulated with {n} acts"
    )
    alt = (
        f"Four stacked bar charts over the same {len(lanes)} days, each counting US acts "
        f"a day raising pressure on {plus_name} (above the axis) and on {minus_name} "
        "(below): "
        f"first the observed lanes ({n} acts), then three "
        f"simulated worlds with {n} acts each (seed {seed}): "
        + "; ".join(name.split(":")[0] for name, _ in worlds[1:])
        + "."
    )
    fig.update_layout(height=900, margin={"t": 130}, barmode="relative", bargap=0)
    return finish(fig, slug=slug, title=title, alt=alt)
