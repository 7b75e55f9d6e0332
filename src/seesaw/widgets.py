"""The explorer: ipywidgets controls driving the seesaw timeline and the headline figures.

Thin wiring on top of `select`, `score`, `metrics`, `timing` and `charts`: the chart is
the same `charts.fig_timeline` the static notebook draws, held in a `FigureWidget` and
updated in place. Testable without a kernel: build an `Explorer`, set widget values,
read `explorer.figure` and `explorer.stats_table`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from seesaw import charts, metrics, timing, vocab
from seesaw.safe import html_text
from seesaw.score import MODE_WEIGHTS, SCHEMES, score_events
from seesaw.select import select_events

CUSTOM = "custom"


class Explorer:
    """Widgets, a FigureWidget timeline and a statistics panel over one dataset."""

    def __init__(
        self,
        events: pd.DataFrame,
        quotes: pd.DataFrame,
        start: dt.date | None = dt.date(2025, 1, 20),
        end: dt.date | None = None,
        scheme: str = "mode",
        smoothing_days: int = 14,
        collapse: str = "day",
        permutations: int = 999,
        seed: int = 20250120,
    ) -> None:
        self.events = events
        self.quotes = quotes
        self.permutations = permutations
        self.seed = seed
        first = events["date"].min().date()
        last = events["date"].max().date()
        present = [a for a in vocab.ACTORS if a in set(events["actor"].astype(str))]
        kinds = [k for k in vocab.KINDS if k in set(events["kind"].astype(str))]
        self.start = w.DatePicker(description="From", value=max(start or first, first))
        self.end = w.DatePicker(description="To", value=min(end or last, last))
        self.actors = {
            a: w.Checkbox(
                value=True, description=a, indent=False, layout=w.Layout(width="auto")
            )
            for a in present
        }
        self.modes = {
            m: w.Checkbox(
                value=True, description=m, indent=False, layout=w.Layout(width="auto")
            )
            for m in vocab.MODES
        }
        self.kinds = w.SelectMultiple(
            options=kinds, value=tuple(kinds), rows=8, description="Kinds"
        )
        self.scheme = w.Dropdown(
            options=[*SCHEMES, CUSTOM], value=scheme, description="Scheme"
        )
        self.weights = {
            m: w.FloatSlider(
                value=MODE_WEIGHTS[m],
                min=0.0,
                max=5.0,
                step=0.5,
                description=f"{m} weight",
            )
            for m in vocab.MODES
        }
        self.smoothing = w.IntSlider(
            value=smoothing_days, min=1, max=60, description="Smoothing (d)"
        )
        self.collapse = w.Dropdown(
            options=list(metrics.COLLAPSES), value=collapse, description="Collapse"
        )
        self.show_quotes = w.Checkbox(
            value=True, description="quotes on hover", indent=False
        )
        self.stats = w.HTML()
        self.message = w.HTML()
        self.stats_table: dict[str, Any] = {}
        # Hover text is the slow part of a redraw: compute it once per row.
        ids = events["id"].to_numpy()
        self._hover_quotes = pd.Series(charts.hover_text(events, quotes), index=ids)
        self._hover_plain = pd.Series(charts.hover_text(events, None), index=ids)
        self.figure = go.FigureWidget(self._build())
        self._refresh_stats(self._scored(self.selection()))
        for control in self._controls():
            control.observe(self.update, names="value")

    # -- wiring -------------------------------------------------------------------

    def _controls(self) -> list[w.Widget]:
        return [
            self.start,
            self.end,
            *self.actors.values(),
            *self.modes.values(),
            self.kinds,
            self.scheme,
            *self.weights.values(),
            self.smoothing,
            self.collapse,
            self.show_quotes,
        ]

    def custom_weights(self) -> Mapping[str, float] | None:
        """The slider weights when the scheme is `custom`, else None."""
        if self.scheme.value != CUSTOM:
            return None
        return {m: float(s.value) for m, s in self.weights.items()}

    def selection(self) -> pd.DataFrame:
        """The rows the controls select."""
        return select_events(
            self.events,
            self.start.value,
            self.end.value,
            actors=[a for a, box in self.actors.items() if box.value],
            kinds=self.kinds.value,
            modes=[m for m, box in self.modes.items() if box.value],
        )

    def _scored(self, rows: pd.DataFrame) -> pd.DataFrame:
        scheme = "mode" if self.scheme.value == CUSTOM else self.scheme.value
        return score_events(rows, scheme, self.custom_weights())

    def _parts(self, rows: pd.DataFrame, scored: pd.DataFrame) -> charts.TimelineParts:
        window = int(self.smoothing.value)
        if scored.empty:
            smoothed = pd.Series(dtype=float)
            phase_table = pd.DataFrame(columns=["start", "end", "days", "tilt"])
        else:
            daily = metrics.daily_balance(
                scored, rows["date"].min(), rows["date"].max()
            )
            smoothed = metrics.smoothed_balance(daily, window)
            phase_table = metrics.phases(scored, window)
        return charts.timeline_parts(
            scored,
            smoothed,
            phase_table,
            timing.overtures(rows),
            timing.hardline_moves(rows),
            smoothing_days=window,
            hover=self._hover_quotes if self.show_quotes.value else self._hover_plain,
        )

    def _build(self) -> go.Figure:
        rows = self.selection()
        parts = self._parts(rows, self._scored(rows))
        fig = go.Figure(
            data=parts.traces,
            layout={**charts.timeline_layout(), "shapes": parts.shapes},
        )
        return charts.finish(
            fig, slug="07_explorer", title=parts.title, alt=parts.alt, source_shift=-125
        )

    def update(self, change: Any = None) -> None:
        """Redraw the chart in place and refresh the statistics panel."""
        rows = self.selection()
        scored = self._scored(rows)
        parts = self._parts(rows, scored)
        keys = ("x", "y", "name", "hovertext", "customdata", "marker.size")
        restyle: dict[str, list[Any]] = {k: [] for k in keys}
        for fresh in parts.traces:
            for key in keys:
                if key == "marker.size":
                    value = fresh.get("marker", {}).get("size")
                else:
                    value = fresh.get(key)
                restyle[key].append(value if value is not None else None)
        indexes = list(range(len(parts.traces)))
        with self.figure.batch_update():
            # plotly_restyle skips per-property validation: the values come from
            # timeline_parts, the same code that builds the validated static chart.
            for key, values in restyle.items():
                if any(v is not None for v in values):
                    self.figure.plotly_restyle({key: values}, trace_indexes=indexes)
            self.figure.layout.shapes = parts.shapes
            self.figure.layout.title.text = charts.wrap(charts.escape(parts.title), 90)
            self.figure.layout.meta = {"slug": "07_explorer", "alt": parts.alt}
        self._refresh_stats(scored)

    def _refresh_stats(self, scored: pd.DataFrame) -> None:
        try:
            seq = metrics.pressure_sequence(scored, self.collapse.value).to_numpy()
            runs = metrics.runs_test(seq)
            shuffle = metrics.label_shuffle_null(seq, self.permutations, self.seed)
            shift = metrics.circular_shift_null(
                scored, self.permutations, self.seed, self.collapse.value
            )
            phases = metrics.phases(scored, int(self.smoothing.value))
        except metrics.MetricError as err:
            self.stats_table = {"error": str(err)}
            self.stats.value = (
                f"<p class='seesaw-stats-error'>{html_text(str(err))}</p>"
            )
            return
        self.stats_table = {
            "acts": len(scored),
            "toward Moscow": int((scored["score"] > 0).sum()),
            "toward Kyiv": int((scored["score"] < 0).sum()),
            "runs observed": runs.runs,
            "runs expected": round(runs.expected, 2),
            "runs-test p": round(runs.p_value, 4),
            "label-shuffle p": round(shuffle.p_value, 4),
            "circular-shift p": round(shift.p_value, 4),
            "alternation index": round(runs.alternation_index, 3),
            "phases": len(phases),
        }
        cells = "".join(
            f"<tr><th>{html_text(k)}</th><td>{html_text(str(v))}</td></tr>"
            for k, v in self.stats_table.items()
        )
        self.stats.value = f"<div class='seesaw-stats'><table>{cells}</table></div>"

    # -- layout -------------------------------------------------------------------

    def view(self) -> w.Widget:
        """The whole explorer as one widget."""
        actors = w.HBox([w.Label("Actors:"), *self.actors.values()])
        modes = w.HBox([w.Label("Modes:"), *self.modes.values()])
        left = w.VBox(
            [
                w.HBox([self.start, self.end]),
                actors,
                modes,
                w.HBox([self.scheme, self.collapse]),
                self.smoothing,
                w.VBox(list(self.weights.values())),
                self.show_quotes,
            ]
        )
        controls = w.HBox([left, self.kinds])
        return w.VBox(
            [controls, self.figure, w.HTML("<b>Headline figures</b>"), self.stats]
        )
