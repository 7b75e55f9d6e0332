"""The seesaw picture (notebook 02): US acts per week on Moscow above the axis, on Kyiv
below, the article's window shaded, its episodes labelled from the rows; its finding in
words (`seesaw_finding`) and the episode labels the track charts reuse."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from seesaw.analysis import spells
from seesaw.analysis.masks import SIDE_NAMES, us_pressure_acts
from seesaw.charts.label_layout import label_groups, spread_centres
from seesaw.charts.theme import BLACK, SIDE_COLOURS, escape, finish
from seesaw.data import vocab
from seesaw.text.words import day, day_words

EPISODES_FILE = Path(__file__).with_name("seesaw_episodes.csv")

#: The article's episodes labelled on the seesaw picture (seesaw_episodes.csv beside
#: this module): the rows (ids in data/events.csv) and a short name; the dates come
#: from the rows.
SEESAW_EPISODES: tuple[tuple[tuple[str, ...], str], ...] = tuple(
    (tuple(row["ids"].split()), row["name"])
    for row in csv.DictReader(EPISODES_FILE.read_text("utf-8").splitlines())
)

#: Ukraine's sides: pressure on the first drawn above the axis, on the second below.
UKRAINE: tuple[str, str] = ("moscow", "kyiv")


def seesaw_series(
    sides: tuple[str, ...] = UKRAINE,
) -> tuple[tuple[str, str, str], ...]:
    """The kinds of act on `sides`: (pressure_on, effect, legend name)."""
    return tuple(
        (side, effect, f"{words} {SIDE_NAMES[side]}")
        for side in sides
        for effect, words in (
            ("raise", "raised pressure on"),
            ("relieve", "relief for"),
        )
    )


#: The colour of each side's bars in words (`theme.SIDE_COLOURS`), for the alt text.
COLOUR_NAMES: dict[str, str] = {
    "moscow": "vermilion",
    "kyiv": "blue",
    "hamas": "yellow",
    "israel": "orange",
}

_LABEL_PX_PER_CHAR = 7.0  # average width of a label character at 12 px
_PLOT_WIDTH_PX = 960.0  # the plot area of a 1,100-pixel image


def _span(dates: pd.Series) -> str:
    first, last = dates.min(), dates.max()
    if first == last:
        return day(first, "%b")
    if first.month == last.month:
        return f"{first.day}-{day(last, '%b')}"
    return f"{day(first, '%b')}-{day(last, '%b')}"


def episode_labels(acts: pd.DataFrame) -> pd.DataFrame:
    """One row per labelled episode present in `acts`: its text (name and dates from the
    rows), the week, the lane (pressure_on) and effect of its first act."""
    rows, by_id = [], acts.set_index("id")
    for ids, name in SEESAW_EPISODES:
        if present := [i for i in ids if i in by_id.index]:
            sub = by_id.loc[present]
            first = sub.sort_values("date").iloc[0]
            week = first["date"].to_period("W-SUN").start_time
            rows.append(
                (
                    ", ".join(present),
                    f"{name}, {_span(sub['date'])}",
                    first["date"],
                    week,
                    str(first["pressure_on"]),
                    str(first["effect"]),
                )
            )
    columns = ["ids", "text", "date", "week", "pressure_on", "effect"]
    return pd.DataFrame(rows, columns=columns)


def seesaw_counts(
    acts: pd.DataFrame,
    start: pd.Timestamp,
    end: pd.Timestamp,
    sides: tuple[str, str],
) -> pd.DataFrame:
    """US acts per week from `start` to `end`, one column per (pressure_on, effect)."""
    weeks = pd.date_range(start.to_period("W-SUN").start_time, end, freq="W-MON")
    key = acts["pressure_on"].astype(str) + "_" + acts["effect"].astype(str)
    table = pd.crosstab(acts["date"].dt.to_period("W-SUN").dt.start_time, key)
    cols = [f"{side}_{effect}" for side, effect, _ in seesaw_series(sides)]
    return table.reindex(index=weeks, columns=cols, fill_value=0).astype(int)


def seesaw_finding(
    acts: pd.DataFrame,
    window_start: str,
    published: str,
    sides: tuple[str, str] = UKRAINE,
) -> str:
    """The seesaw picture's finding in words: which side's pressure came first in the
    article's window (the median date of the US acts raising pressure on each)."""
    m_name, k_name = SIDE_NAMES[sides[0]], SIDE_NAMES[sides[1]]
    start, pub = pd.Timestamp(window_start), pd.Timestamp(published)
    # No acts, or a window that opens after the article: no side came first in it.
    ok = len(acts) and start <= pub
    lane = spells.lanes(acts, start, pub, "raise", sides) if ok else None
    side = None if lane is None else spells.first_side(lane, sides)
    if lane is None or side is None:
        return f"US acts raising pressure on {m_name} and on {k_name}, week by week"
    med_m, med_k = spells.median_days(lane, sides)
    first, later = (k_name, m_name) if side == sides[1] else (m_name, k_name)
    # the article's window only when the run's start is the plan's; else its own days
    where = (
        "In the article's window"
        if start == pd.Timestamp(vocab.ANALYSIS_START)
        else f"From {day(start)} to {day(pub)}"
    )
    return (
        f"{where} US pressure on {first} rose first and on {later} "
        f"later: the median act raising pressure on {k_name} came in {med_k:%B}, on "
        f"{m_name} in {med_m:%B}"
    )


def _seesaw_bars(fig: go.Figure, counts: pd.DataFrame, sides: tuple[str, str]) -> None:
    """The four weekly series: raised pressure as filled bars, relief as thinner hollow
    bars beside them; the first side above the axis."""
    day_ms = 86_400_000
    for side, effect, name in seesaw_series(sides):
        col = f"{side}_{effect}"
        sign = 1 if side == sides[0] else -1
        colour = SIDE_COLOURS[side]
        raised = effect == "raise"
        fig.add_bar(
            x=counts.index,
            y=sign * counts[col],
            name=name,
            width=(4.2 if raised else 2.2) * day_ms,
            offset=(0.3 if raised else 4.6) * day_ms,
            marker={
                "color": colour if raised else "white",
                "line": {"color": colour, "width": 0 if raised else 1.5},
            },
            customdata=counts[col],
            hovertemplate=(
                f"week of %{{x|%d %b %Y}}: %{{customdata}} US acts, {name}<extra></extra>"
            ),
        )


def _seesaw_labels(
    fig: go.Figure,
    labels: pd.DataFrame,
    counts: pd.DataFrame,
    span: tuple[pd.Timestamp, pd.Timestamp],
    tops: tuple[int, int],
    step: float,
    sides: tuple[str, str],
) -> dict[str, int]:
    """The episode labels in a row above the first side's lane and one below the
    other's: episodes within ten days share a box, boxes spread so none overlaps, each
    tied to its first act's bar. Returns the most lines a box uses on each side."""
    start, last = span
    span_days = max((last - start).days, 1)
    days_per_px = span_days / _PLOT_WIDTH_PX
    lines_used = {}
    for side, sign, base, anchor in zip(sides, (1, -1), tops, ("bottom", "top")):
        mine = labels[labels["pressure_on"].eq(side)].reset_index(drop=True)
        groups = label_groups(list(mine["date"]))
        firsts = [mine.loc[g[0]] for g in groups]
        centres = [(f["week"] - start).days + 3.5 for f in firsts]
        widths = [
            max(len(mine.loc[i, "text"]) for i in g) * _LABEL_PX_PER_CHAR * days_per_px
            + 6
            for g in groups
        ]
        placed = spread_centres(centres, widths, 0.0, float(span_days), gap=4)
        lines_used[side] = max(map(len, groups), default=0)
        for g, first, centre in zip(groups, firsts, placed, strict=True):
            week, col = first["week"], f"{side}_{first['effect']}"
            height = int(counts.loc[week, col]) if week in counts.index else 0
            offset = 2.4 if first["effect"] == "raise" else 5.7
            fig.add_annotation(
                x=week + pd.Timedelta(days=offset),
                y=sign * height,
                ax=start + pd.Timedelta(days=centre),
                ay=sign * (base + step * 1.2),
                axref="x",
                ayref="y",
                text="<br>".join(escape(mine.loc[i, "text"]) for i in g),
                showarrow=True,
                arrowhead=0,
                arrowwidth=1,
                arrowcolor="#666666",
                standoff=2,
                align="left",
                font={"size": 12, "color": "#222222"},
                bgcolor="rgba(255,255,255,0.85)",
                yanchor=anchor,
            )
    return lines_used


def _seesaw_furniture(
    fig: go.Figure,
    start: pd.Timestamp,
    pub: pd.Timestamp,
    y_top: float,
    y_bottom: float,
    sides: tuple[str, str],
) -> None:
    """Lane names at the right edge, and the window's and publication's labels."""
    for side, y, anchor, arrow in zip(
        sides, (y_top, y_bottom), ("top", "bottom"), "▲▼"
    ):
        fig.add_annotation(
            x=1,
            xref="paper",
            xanchor="right",
            y=y,
            yanchor=anchor,
            text=f"<b>{arrow} US acts on {SIDE_NAMES[side]}</b>",
            showarrow=False,
            font={"size": 14, "color": SIDE_COLOURS[side]},
        )
    for x, shift, align, text, colour in (
        (start, None, None, "the article's window (shaded)", "#555555"),
        (pub, 4, "left", f"article published, {day_words(pub)}", BLACK),
    ):
        fig.add_annotation(
            x=x,
            xanchor="left",
            xshift=shift,
            y=y_bottom,
            yanchor="bottom",
            text=text,
            showarrow=False,
            align=align,
            font={"size": 12, "color": colour},
        )


def _seesaw_alt(
    acts: pd.DataFrame,
    counts: pd.DataFrame,
    labels: pd.DataFrame,
    span: tuple[pd.Timestamp, pd.Timestamp],
    pub: pd.Timestamp,
    sides: tuple[str, str],
) -> str:
    """The seesaw picture's alt text, its counts from the acts drawn."""
    plus, minus = sides
    m_name, k_name = SIDE_NAMES[plus], SIDE_NAMES[minus]
    start, last = span
    raised = acts["date"].le(pub) & acts["effect"].astype(str).eq("raise")
    n_m, n_k = (
        int(acts.loc[raised, "pressure_on"].astype(str).eq(s).sum()) for s in sides
    )
    relief_m, relief_k = (int(counts[f"{s}_relieve"].sum()) for s in sides)
    return (
        f"Two-lane bar chart of US acts per week from {start:%d %B %Y} to "
        f"{last:%d %B %Y}. Above the axis, acts that raised pressure on {m_name} "
        f"(filled {COLOUR_NAMES[plus]} bars) and, as thinner hollow bars, relief for "
        f"{m_name}; below, acts that raised pressure on {k_name} (filled "
        f"{COLOUR_NAMES[minus]}) and relief for {k_name}. "
        f"The article's window, {start:%d %B %Y} to {pub:%d %B %Y}, is shaded and its "
        f"publication marked with a dashed line; in it {n_m} acts raised pressure on "
        f"{m_name} and {n_k} on {k_name}. Across the chart there are {relief_m} acts of "
        f"relief for {m_name} and {relief_k} for {k_name}. "
        + (
            "Labelled episodes: " + "; ".join(labels["text"]) + "."
            if len(labels) or sides == UKRAINE
            else "No episode is labelled on this track."
        )
    )


def fig_seesaw(
    acts: pd.DataFrame,
    window_start: str,
    published: str,
    end: pd.Timestamp | None = None,
    sides: tuple[str, str] = UKRAINE,
    slug: str = "02_seesaw",
) -> go.Figure:
    """The seesaw picture of `acts` (columns id, date, pressure_on, effect) from the
    article's window (`window_start` to `published`, YYYY-MM-DD) to `end`."""
    start, pub = pd.Timestamp(window_start), pd.Timestamp(published)
    acts = us_pressure_acts(acts, sides)
    acts = acts[acts["date"] >= start]
    last = end if end is not None else max(acts["date"].max(), pub)
    counts = seesaw_counts(acts, start, last, sides)
    fig = go.Figure()
    _seesaw_bars(fig, counts, sides)
    plus, minus = sides
    top, bottom = (
        max(int(counts[[f"{s}_raise", f"{s}_relieve"]].to_numpy().max()), 1)
        for s in sides
    )
    fig.add_vrect(
        x0=start, x1=pub, fillcolor="#EDEDED", opacity=1, layer="below", line_width=0
    )
    fig.add_vline(x=pub, line={"color": BLACK, "width": 1.5, "dash": "dash"})
    labels = episode_labels(acts)
    step = max(top, bottom) * 0.17
    lines_used = _seesaw_labels(
        fig, labels, counts, (start, last), (top, bottom), step, sides
    )
    y_top = top + step * (1.2 + 1.1 * lines_used[plus]) + step
    y_bottom = -(bottom + step * (1.2 + 1.1 * lines_used[minus]) + step)
    every = 1 if top + bottom <= 8 else 2
    ticks = [t for t in range(-bottom, top + 1) if t % every == 0]
    fig.update_yaxes(
        range=[y_bottom, y_top],
        tickvals=ticks,
        ticktext=[str(abs(t)) for t in ticks],
        zeroline=True,
        zerolinecolor="#444444",
        zerolinewidth=1,
    )
    _seesaw_furniture(fig, start, pub, y_top, y_bottom, sides)
    title = seesaw_finding(acts, window_start, published, sides)
    alt = _seesaw_alt(acts, counts, labels, (start, last), pub, sides)
    fig.update_layout(
        barmode="overlay",
        height=640,
        bargap=0,
        legend={"y": 1.01, "traceorder": "normal"},
        margin={"t": 130},
    )
    return finish(
        fig,
        slug=slug,
        title=title,
        alt=alt,
        xaxis_title="Week",
        yaxis_title="US acts per week",
    )
