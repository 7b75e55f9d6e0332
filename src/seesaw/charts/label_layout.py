"""Where labels go: category axes that show every label, and labels on one line kept
apart (stacked, spread or grouped), in the caller's units (days, pixels)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from seesaw.charts.theme import escape


def category_height(n: int, per: int = 24, furniture: int = 260) -> int:
    """A chart's height for `n` categories on its y axis, `per` pixels each."""
    return max(420, furniture + per * n)


def show_every_label(fig: go.Figure, categories: list[str]) -> None:
    """Label every category on the y axis (plotly skips some when it thinks them crowded)."""
    fig.update_yaxes(
        tickmode="array",
        tickvals=categories,
        ticktext=[escape(c) for c in categories],
        categoryorder="array",
        categoryarray=categories,
        automargin=True,
    )


def stack_levels(
    centres: list[float], widths: list[float], gap: float = 0.0
) -> list[int]:
    """Greedy levels for labels on one line: each goes on the lowest level whose
    labels all end `gap` before it starts."""
    order = sorted(range(len(centres)), key=lambda i: centres[i])
    ends: list[float] = []  # right edge of the last label on each level
    levels = [0] * len(centres)
    for i in order:
        left = centres[i] - widths[i] / 2
        level = next((n for n, end in enumerate(ends) if end + gap <= left), len(ends))
        if level == len(ends):
            ends.append(0.0)
        ends[level], levels[i] = centres[i] + widths[i] / 2, level
    return levels


def spread_centres(
    centres: list[float], widths: list[float], low: float, high: float, gap: float = 0.0
) -> list[float]:
    """Label centres on one line, in their order, moved as little as needed so that no
    two overlap (`gap` apart) and all lie within `low` to `high` (when the room allows)."""
    order = sorted(range(len(centres)), key=lambda i: centres[i])
    placed = [0.0] * len(centres)
    right = low - gap
    for i in order:  # push right past the previous label
        left = max(centres[i] - widths[i] / 2, right + gap)
        placed[i] = left + widths[i] / 2
        right = left + widths[i]
    limit = high + gap
    for i in reversed(order):  # then pull back inside the right edge
        r = min(placed[i] + widths[i] / 2, limit - gap)
        placed[i] = r - widths[i] / 2
        limit = r - widths[i]
    return placed


def label_groups(dates: list[pd.Timestamp], days: int = 10) -> list[list[int]]:
    """Indices of labels grouped so that each group's dates lie within `days` of its
    first: neighbours that would stack become one box."""
    order = sorted(range(len(dates)), key=lambda i: dates[i])
    groups: list[list[int]] = []
    for i in order:
        if groups and (dates[i] - dates[groups[-1][0]]).days <= days:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def name_strip(
    starts: pd.Series, days: pd.Index, names: list[str], top: int
) -> tuple[int, np.ndarray, int]:
    """Where the episodes' names sit above the bars, on as few rows as keep 11-pixel
    text apart on a 980-pixel plot: the span in days, each name's height, the rows."""
    first = starts.min() if len(starts) else pd.Timestamp(0)
    span = max(
        (max(starts.max(), days.max()) - min(first, days.min())).days
        if len(starts) and len(days)
        else 1,
        1,
    )
    per_px = span / 980.0
    levels = stack_levels(
        [float((d - first).days) for d in starts],
        [len(n) * 6.3 * per_px + 4 for n in names],
        gap=2,
    )
    heights = np.array([top + 0.9 + 0.75 * lv for lv in levels], dtype=float)
    return span, heights, max(levels, default=0) + 1
