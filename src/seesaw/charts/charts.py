"""Chart builders: pure functions from DataFrames to plotly Figures, each with its
finding as title, labelled axes, a source line, alt text and an export slug
(`seesaw.charts.theme.finish`)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from seesaw.analysis.spells import RunsTails
from seesaw.charts.charts_timeline import hover_text, timeline_figure, timeline_parts
from seesaw.charts.label_layout import category_height, show_every_label
from seesaw.charts.theme import (
    BLACK,
    GREY,
    KYIV,
    LEVER_COLOURS,
    MOSCOW,
    TRACK_COLOURS,
    finish,
)
from seesaw.data import vocab
from seesaw.text.words import day, day_words

# --- The seesaw timeline ----------------------------------------------------------


def fig_timeline(*args: Any, **kwargs: Any) -> go.Figure:
    """The seesaw: US acts above (leaning on Moscow) or below (on Kyiv) the axis, sized by
    score and coloured by mode; the smoothed balance; phases shaded; Russian moves below.
    Takes the arguments of `timeline_parts`, which the explorer draws from too."""
    return timeline_figure(timeline_parts(*args, **kwargs), "02_timeline")


# --- Alternation --------------------------------------------------------------------


def fig_runs_null(runs: RunsTails) -> go.Figure:
    """The exact null distribution of the number of runs (every order of the day-level
    signs equally likely), with the observed count."""
    counts = np.array(list(runs.distribution), dtype=int)
    probs = np.array(list(runs.distribution.values()), dtype=float)
    fig = go.Figure()
    fig.add_bar(
        x=counts,
        y=probs,
        name="exact null",
        marker_color=GREY,
        hovertemplate="%{x} runs, probability %{y:.3f}<extra></extra>",
    )
    observed = runs.runs
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
    # the counts chance gives at least once in 10,000 orders, and the observed line
    # inside the plot however far out it falls
    shown = np.concatenate([[observed], counts[probs >= 1e-4]])
    fig.update_xaxes(range=[float(shown.min()) - 2, float(shown.max()) + 2])
    more = observed > runs.expected
    # the tail the data fall in: more runs (switching often) or fewer (streaks)
    share = runs.p_more if more else runs.p_fewer
    reach = "as many or more" if more else "as few or fewer"
    chance = "under 0.1%" if share < 0.001 else f"{share:.1%}"
    tail = f"{chance} of all orders of the same days' signs"
    beyond = share < vocab.ALPHA  # "than chance" only below alpha
    words = (
        "the sides switched exactly as often as chance would have them"
        if observed == runs.expected
        else "the sides switched more often than chance, act by act"
        if more and beyond
        else "the sides switched more often than expected, within chance"
        if more
        else "each side's acts came in streaks, fewer switches than chance"
        if beyond
        else "fewer switches than expected, within chance"
    )
    expected = runs.expected
    title = (
        f"Day to day, {words}: {observed} runs against {expected:.1f} expected "
        f"({tail} give {reach})"
    )
    alt = (
        "Bar chart of the exact probability of each number of runs in the US pressure "
        "sequence if every order of its days' signs were equally likely, with a "
        f"vertical line at the observed {observed} runs against {expected:.1f} "
        f"expected; {tail} give {reach} runs."
    )
    return finish(
        fig,
        slug="03_null_runs",
        title=title,
        alt=alt,
        xaxis_title="Number of runs (switches + 1)",
        yaxis_title="Probability (exact, every order of the signs)",
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
    # This check has no power measure, so a null is "cannot tell", never "did not".
    finding = (
        f"{what} eased after Russian overtures,"
        if study.p_value < vocab.ALPHA
        else f"The data cannot tell whether {what} eased after Russian overtures"
    )
    title = (
        f"{finding} more than around random dates: {study.pre_mean:.2f} a day "
        f"in the {study.event_window_days} days before, {study.post_mean:.2f} after (placebo p {study.p_value:.3f})"
    )
    alt = (
        f"Line chart of mean daily {what} at each day from -{study.event_window_days} to "
        f"+{study.event_window_days} around {study.n_events} Russian overture episodes, against a "
        "grey band "
        f"from {study.draws} placebo sets of random dates. The mean is {study.pre_mean:.2f} a "
        f"day before and {study.post_mean:.2f} after, higher {lean}. The test asks whether "
        "escalation falls after overtures more than around random dates: "
        f"{study.p_value:.0%} of the random-date sets show a before-minus-after difference "
        f"at least as large (placebo p {study.p_value:.3f})."
    )
    return finish(
        fig,
        slug="04_event_study",
        title=title,
        alt=alt,
        xaxis_title="Days from the Russian overture",
        yaxis_title="Weighted US acts per day (mean)",
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
    events: pd.DataFrame,
    track_of: pd.Series,
    order: list[str],
    span: tuple[pd.Timestamp, pd.Timestamp] | None = None,
) -> go.Figure:
    """Every act of `events` on one time axis, one row per track (Ukraine seesaw and
    Gaza); `span`, the window `events` were cut to, is named in the title and alt."""
    fig = go.Figure()
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
                "color": TRACK_COLOURS.get(name, GREY),
                "symbol": symbols.get(name, "circle"),
                "size": 9,
                "opacity": 0.8,
                "line": {"width": 0.5, "color": "white"},
            },
            hovertext=hover_text(rows),
            hoverinfo="text",
        )
    gaza = events[track_of.reindex(events.index).eq("Gaza track")]
    within = (
        "" if span is None else f" from {day_words(span[0])} to {day_words(span[1])}"
    )
    if len(gaza):
        start, end, k = densest_window(gaza["date"], BURST_DAYS)
        title = (
            f"Both tracks on one axis: {k} of {len(gaza)} Gaza-track rows{within} fall in the "
            f"{BURST_DAYS} days from {day(start, '%b')} to {day_words(end)}"
        )
    else:
        title = f"Both tracks on one time axis{within}"
    alt = (
        "Strip chart with one row per track (US acts on Kyiv, US acts on Moscow, Russia, "
        f"Ukraine, Europe, Gaza) showing each act as a marker on a shared time axis; "
        f"{len(gaza)} Gaza-track rows{within}."
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(order)))
    fig.update_layout(height=520, showlegend=False)
    fig.update_xaxes(rangeslider={"visible": True, "thickness": 0.06})
    return finish(
        fig,
        slug="05_tracks",
        title=title,
        alt=alt,
        xaxis_title="Date",
        yaxis_title="Track",
        source_shift=-110,
    )


def fig_levers(table: pd.DataFrame) -> go.Figure:
    """US acts by lever (kind) on each track, as grouped horizontal bars, the commonest
    kind (over the columns shown) on top."""
    table = table.loc[table.sum(axis=1).sort_values(kind="stable").index]
    fig = go.Figure()
    for col in table.columns:
        fig.add_bar(
            y=table.index,
            x=table[col],
            orientation="h",
            name=col,
            marker_color=LEVER_COLOURS.get(col, GREY),
            hovertemplate=f"{col}: %{{x}} acts of kind %{{y}}<extra></extra>",
        )
    material, tops = table.sum(), table.idxmax().astype(str)

    def part(col: str) -> str:
        name = col.split(": ", 1)[-1]
        return f"{int(table[col].max())} of {int(table[col].sum())} {name}"

    if tops.nunique() == 1:
        title = (
            f"Washington's commonest act was the same on every side shown, '{tops.iloc[0]}' ("
            + "; ".join(part(col) for col in table.columns)
            + ")"
        )
    else:
        title = "Washington's commonest act: " + "; ".join(
            f"{col.split(': ', 1)[-1]}, '{tops[col]}' ({part(col)})"
            for col in table.columns
        )
    alt = (
        f"Grouped horizontal bars counting US acts by kind, one bar for each of "
        f"{len(table.columns)} sides "
        f"({', '.join(f'{c}: {int(v)}' for c, v in material.items())})."
    )
    show_every_label(fig, list(table.index))
    return finish(
        fig,
        slug="05_levers",
        title=title,
        alt=alt,
        xaxis_title="US acts (count)",
        yaxis_title="Kind of act",
        barmode="group",
        height=category_height(len(table), per=12 * len(table.columns)),
    )


def fig_monthly_balance(scored: pd.DataFrame) -> go.Figure:
    """Per month: weight leaning on Moscow (up: pressure on Moscow raised or Kyiv
    relieved), leaning on Kyiv (down), and the net."""
    month = scored["date"].dt.to_period("M").dt.to_timestamp()
    up = scored["score"].clip(lower=0).groupby(month).sum()
    down = scored["score"].clip(upper=0).groupby(month).sum()
    full = pd.date_range(month.min(), month.max(), freq="MS")
    up, down = up.reindex(full, fill_value=0.0), down.reindex(full, fill_value=0.0)
    net = up + down
    fig = go.Figure()
    for y, name, colour in ((up, "Moscow", MOSCOW), (down, "Kyiv", KYIV)):
        fig.add_bar(
            x=full,
            y=y,
            name=f"leaning on {name}",
            marker_color=colour,
            hovertemplate=f"%{{x|%B %Y}}: %{{y:.0f}} leaning on {name}<extra></extra>",
        )
    fig.add_scatter(
        x=full,
        y=net,
        name="net: leaning on Moscow minus leaning on Kyiv",
        mode="lines+markers",
        line={"color": BLACK, "width": 2},
        hovertemplate="%{x|%B %Y}: net %{y:+.0f}<extra></extra>",
    )
    signs = np.sign(net[net != 0].to_numpy())
    flips = int(np.count_nonzero(np.diff(signs)))
    above, below, even = (int(n.sum()) for n in (net > 0, net < 0, net == 0))
    title = (
        f"The monthly net tilt changed sign {flips} times in {len(full)} months; "
        f"it leaned on Moscow in {above} and on Kyiv in {below}"
        + (
            f", and {vocab.count(even, 'month')} {'was' if even == 1 else 'were'} even"
            if even
            else ""
        )
    )
    alt = (
        f"Diverging bars per month from {full[0]:%B %Y} to {full[-1]:%B %Y}: weighted US "
        f"acts leaning on Moscow (pressure on Moscow raised or on Kyiv relieved) above the "
        f"axis, leaning on Kyiv below, with the net as a black line; "
        f"the net changes sign {flips} times; it is above zero in {above} months, below "
        f"in {below} and at zero in {even}."
    )
    return finish(
        fig,
        slug="02_monthly_balance",
        title=title,
        alt=alt,
        xaxis_title="Month",
        yaxis_title="Weighted US acts (score)",
        barmode="relative",
    )
