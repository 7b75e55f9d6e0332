"""The claims ledger as a chart: each claim a square in its verdict's column, coloured
by verdict, a black cross where the verdict is unstable; the argument above the facts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from seesaw.charts import theme
from seesaw.data import claim_vocab, vocab
from seesaw.data.safe import html_text
from seesaw.text.words import cap, short_text

VERDICT_COLOURS: Mapping[str, str] = {
    "supported": theme.GREEN,
    "partly supported": theme.SKY,
    "not supported": theme.VERMILLION,
    "order reversed": theme.PURPLE,
    "misdated": theme.YELLOW,
    "timing consistent": theme.BLUE,
    "inconclusive": theme.GREY,
}
assert set(VERDICT_COLOURS) == set(claim_vocab.CLAIM_VERDICTS)

#: The legend's name for the cross, in the one wording of "unstable" (vocab).
UNSTABLE_MEANS_ALT = vocab.UNSTABLE_MEANS.replace("its verdict", "the verdict", 1)
UNSTABLE_LEGEND = "unstable: " + UNSTABLE_MEANS_ALT


def _divider(fig: go.Figure, y: float) -> None:
    """The dotted line between the argument (above) and the facts (below)."""
    line = {"color": "#555555", "width": 1, "dash": "dot"}
    fig.add_shape(
        type="line", xref="paper", x0=0, x1=1, yref="y", y0=y, y1=y, line=line
    )
    for text, anchor in (("the argument ▲", "bottom"), ("the facts ▼", "top")):
        fig.add_annotation(
            text=text,
            xref="paper",
            x=1,
            xanchor="left",
            xshift=4,
            y=y,
            yanchor=anchor,
            showarrow=False,
            font={"size": 11, "color": "#555555"},
        )


def _grid_layout(present: list[str], labels: list[str]) -> dict[str, Any]:
    """The verdicts across the top, the claims down the side (the first on top)."""
    return {
        "xaxis": {
            "categoryorder": "array",
            "categoryarray": present,
            "side": "top",
            "showgrid": True,
            "range": [-0.5, len(present) - 0.5],
        },
        "yaxis": {
            "categoryorder": "array",
            "categoryarray": labels[::-1],
            "showgrid": True,
            "tickfont": {"size": 11},
        },
        "height": max(420, 18 * len(labels) + 260),
        "legend": {"y": -0.02, "yanchor": "top"},
        "margin": {"t": 160, "b": 170, "r": 100},
    }


def fig_verdict_grid(ledger: pd.DataFrame) -> go.Figure:
    """Claims x verdict: a coloured square per claim, a cross where it is unstable."""
    argument = ledger["part"].eq("argument")
    order = pd.concat([ledger[argument], ledger[~argument]])
    # a claim's short text and its id (the id keeps labels unique)
    labels = (order["claim"].map(short_text) + " (" + order["id"] + ")").map(
        theme.escape
    )
    order = order.assign(
        label=labels,
        hover=order["claim"].map(lambda c: theme.wrap(theme.escape(c), 60)),
        note=order["stable"]
        .map({True: "stable"})
        .fillna("unstable (see the note below)"),
    )
    present = [v for v in VERDICT_COLOURS if ledger["verdict"].eq(v).any()]
    fig = go.Figure()
    for verdict in present:
        rows = order[order["verdict"].eq(verdict)]
        fig.add_scatter(
            x=[verdict] * len(rows),
            y=rows["label"].tolist(),
            mode="markers",
            name=f"{verdict} ({len(rows)})",
            marker={
                "symbol": "square",
                "size": 13,
                "color": VERDICT_COLOURS[verdict],
                "line": {"color": "#333333", "width": 0.5},
            },
            customdata=rows[["hover", "note"]].to_numpy().tolist(),
            hovertemplate="%{y}: %{x}<br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        )
    shaky = order[~order["stable"].astype(bool)]
    fig.add_scatter(
        x=shaky["verdict"].tolist(),
        y=shaky["label"].tolist(),
        mode="markers",
        name=f"unstable ({len(shaky)}; see below)",
        marker={
            "symbol": "x-thin",
            "size": 11,
            "color": theme.BLACK,
            "line": {"width": 2},
        },
        hoverinfo="skip",
    )
    n_arg, labels = int(argument.sum()), order["label"].tolist()
    if n_arg and n_arg < len(ledger):
        _divider(fig, len(labels) - n_arg - 0.5)
    supported = [
        f"{int(part['verdict'].eq('supported').sum())} of {len(part)} supported"
        for part in (ledger[~argument], ledger[argument])
    ]
    title = f"The article's claims, checked. Facts: {supported[0]}. Argument: {supported[1]}"
    counts = ledger["verdict"].value_counts()
    alt = (
        f"A grid of {len(ledger)} claims (rows, the {n_arg} argument claims first) against "
        f"{len(present)} verdicts (columns): "
        + ", ".join(f"{v} {int(counts.get(v, 0))}" for v in present)
        + f"; {len(shaky)} are unstable, marked with a cross ({UNSTABLE_MEANS_ALT})."
    )
    return theme.finish(
        fig,
        slug="06_verdict_grid",
        title=title,
        alt=alt,
        source=f"{cap(UNSTABLE_LEGEND)}.\nSource: seesaw "
        "claims ledger (data/claims.csv) checked against data/events.csv and "
        "data/quotes.csv",
        source_shift=-120,
        **_grid_layout(present, labels),
    )


def evidence_html(rows: pd.DataFrame, collapse_over: int = 6) -> str:
    """Every evidence row as an HTML table (all data text escaped); folded into a
    `<details>` element when there are more than `collapse_over` rows."""
    head = "".join(f"<th>{html_text(c)}</th>" for c in rows.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html_text(v)}</td>" for v in r) + "</tr>"
        for r in rows.itertuples(index=False)
    )
    table = (
        f'<table class="evidence"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )
    if len(rows) > collapse_over:
        return f"<details><summary>All {len(rows)} evidence rows</summary>{table}</details>"
    return table
