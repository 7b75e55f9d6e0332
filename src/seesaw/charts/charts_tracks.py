"""The two-track picture of notebook 05: the lanes chart of notebook 03 (`add_lanes`),
one panel per track, with episodes labelled."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from seesaw.analysis import spells
from seesaw.analysis.contrast import Contrast
from seesaw.analysis.masks import SIDE_NAMES, TRACK_LANES, TRACK_NAMES, track_rows
from seesaw.charts.charts_seesaw import episode_labels
from seesaw.charts.charts_stats import add_lanes
from seesaw.charts.label_layout import stack_levels
from seesaw.charts.theme import KYIV, MOSCOW, ORANGE, SKY, escape, finish
from seesaw.data import vocab
from seesaw.text.contrast import lanes_phrase
from seesaw.text.words import day_words

#: Lane colours per track: (+ side, - side). Gaza's pair differs from Ukraine's so
#: that no reader takes Hamas for Moscow.
LANE_COLOURS = {"ukraine": (MOSCOW, KYIV), "gaza": (ORANGE, SKY)}


def gaza_episodes(c: Contrast, rows: pd.DataFrame) -> pd.DataFrame:
    """The Gaza panel's labels, each found by a rule on the rows: the end of the
    January truce (Israel's first ceasefire row coded hostile), then the steps of the
    article's sequence (`doha.doha_sequence`)."""
    coded = rows[["actor", "kind", "tone"]].astype(str)
    ended = rows["date"][coded.eq(["israel", "ceasefire", "hostile"]).all(axis=1)]
    out = [("truce ends", ended.min())] if len(ended) else []
    out += [(s["step"], s["date"]) for s in c.sequence.steps if s["date"] is not None]
    return pd.DataFrame(out, columns=["text", "date"])


def _panel(
    fig: go.Figure, row: int, track: str, events: pd.DataFrame, c: Contrast, days: int
) -> str:
    """One track's mirrored lanes in panel `row`, its episodes labelled; its alt text."""
    plus, minus = TRACK_LANES[track]
    rows = track_rows(events, track)
    lane = spells.lanes(rows, c.start, c.end, "raise", (plus, minus))
    prefix = f"{TRACK_NAMES[track]}: "
    up, down = add_lanes(
        fig, lane, (plus, minus), days, LANE_COLOURS[track], prefix, row=row, col=1
    )
    top = float(max(up.max(), down.max(), 1))
    labels = gaza_episodes(c, rows) if track == "gaza" else episode_labels(rows)
    labels = labels[labels["date"].between(c.start, c.end)]
    # Labels stacked so that none overlaps another (widths in days, ~2.4 a letter).
    centres = [float((d - c.start).days) for d in labels["date"]]
    levels = stack_levels(centres, [2.4 * len(t) for t in labels["text"]], gap=2)
    for lab, level in zip(labels.itertuples(index=False), levels, strict=True):
        fig.add_annotation(
            x=lab.date,
            y=top * (1.08 + 0.2 * level),
            text=escape(lab.text),
            showarrow=True,
            arrowhead=0,
            ax=0,
            ay=-10,
            font={"size": 10},
            row=row,
            col=1,
        )
    fig.update_yaxes(
        range=[-top * 1.1, top * (1.3 + 0.2 * max(levels, default=0))],
        title_text=f"{SIDE_NAMES[plus]} above, {SIDE_NAMES[minus]} below",
        row=row,
        col=1,
    )
    return (
        f"{TRACK_NAMES[track]}: {int(lane[plus].sum())} acts on {SIDE_NAMES[plus]} "
        f"(above), {int(lane[minus].sum())} on {SIDE_NAMES[minus]} (below), "
        f"{len(labels)} episodes labelled"
    )


def fig_two_tracks(events: pd.DataFrame, c: Contrast) -> go.Figure:
    """The two lanes of each track in the trailing smoothing days, Ukraine above,
    Gaza below (the + side above each panel's axis), episodes labelled; the title
    states each track's lanes verdict in words."""
    tracks, smooth_days = list(TRACK_LANES), vocab.DEFAULT_SMOOTHING_DAYS
    fig = make_subplots(
        rows=len(tracks),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.12,
        subplot_titles=[escape(TRACK_NAMES[t]) for t in tracks],
    )
    parts = [_panel(fig, i, t, events, c, smooth_days) for i, t in enumerate(tracks, 1)]
    title = f"On Gaza {lanes_phrase(c.overlap['gaza'])}; on Ukraine {lanes_phrase(c.overlap['ukraine'])}"
    alt = (
        f"Two panels of mirrored area charts, {day_words(c.start)} to "
        f"{day_words(c.end)}: US acts raising pressure on each side of a track "
        f"in the trailing {smooth_days} days. " + "; ".join(parts) + "."
    )
    fig.update_layout(
        height=820, legend={"orientation": "h", "y": -0.1, "yanchor": "top"}
    )
    return finish(fig, slug="05_two_tracks", title=title, alt=alt, source_shift=-150)
