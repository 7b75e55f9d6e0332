"""The explorer: ipywidgets controls driving the seesaw timeline and the headline figures.

Thin wiring on top of `select`, `timeline`, `headline` and `charts`: the chart is
drawn from the same `timeline.timeline_data` and `charts.timeline_parts` as the static
notebook's, held in a `FigureWidget` and updated in place; the statistics panel shows
`headline()`'s figures. Testable without a kernel: build an `Explorer`, set widget values,
read `explorer.figure` and `explorer.stats_table`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from seesaw import charts, vocab
from seesaw.errors import SeesawError
from seesaw.headline import headline
from seesaw.safe import html_text
from seesaw.select import select_events
from seesaw.timeline import Settings, TimelineData, timeline_data

CUSTOM = "custom"  # the `mode` scheme with the weights of the sliders
START = dt.date.fromisoformat(vocab.ANALYSIS_START)


class Explorer:
    """Widgets, a FigureWidget timeline and a statistics panel over one dataset."""

    def __init__(
        self,
        events: pd.DataFrame,
        quotes: pd.DataFrame,
        start: dt.date | None = START,
        end: dt.date | None = None,
        scheme: str = vocab.DEFAULT_SCHEME,
        smoothing_days: int = vocab.DEFAULT_SMOOTHING_DAYS,
        collapse: str = vocab.DEFAULT_COLLAPSE,
        permutations: int = 999,
        seed: int = vocab.DEFAULT_SEED,
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
            options=[*vocab.SCHEMES, CUSTOM], value=scheme, description="Scheme"
        )
        self.weights = {
            m: w.FloatSlider(
                value=vocab.MODE_WEIGHTS[m],
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
            options=list(vocab.COLLAPSES), value=collapse, description="Collapse"
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
        self._refresh_stats(self.selection())
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

    def settings(self) -> Settings:
        """The scheme and smoothing the controls choose (`custom` scores as `mode`)."""
        scheme = "mode" if self.scheme.value == CUSTOM else self.scheme.value
        return Settings(scheme=scheme, smoothing_days=int(self.smoothing.value))

    def _timeline(self, rows: pd.DataFrame) -> TimelineData:
        return timeline_data(rows, self.settings(), self.custom_weights())

    def _parts(self, data: TimelineData) -> charts.TimelineParts:
        return charts.timeline_parts(
            data.scored,
            data.smoothed,
            data.phases,
            data.overtures,
            data.hardline,
            smoothing_days=data.smoothing_days,
            hover=self._hover_quotes if self.show_quotes.value else self._hover_plain,
        )

    def _build(self) -> go.Figure:
        parts = self._parts(self._timeline(self.selection()))
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
        parts = self._parts(self._timeline(rows))
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
        self._refresh_stats(rows)

    def _refresh_stats(self, rows: pd.DataFrame) -> None:
        settings = self.settings()
        try:
            h = headline(
                rows,
                scheme=settings.scheme,
                collapse=self.collapse.value,
                smoothing_days=settings.smoothing_days,
                permutations=self.permutations,
                seed=self.seed,
                weights=self.custom_weights(),
            )
        except SeesawError as err:
            self.stats_table = {"error": str(err)}
            self.stats.value = (
                f"<p class='seesaw-stats-error'>{html_text(str(err))}</p>"
            )
            return
        self.stats_table = {
            "acts": h.acts_on_kyiv + h.acts_on_moscow,
            "toward Moscow": h.toward_moscow,
            "toward Kyiv": h.toward_kyiv,
            "runs observed": h.runs.runs,
            "runs expected": round(h.runs.expected, 2),
            "runs-test p": round(h.runs.p_value, 4),
            "label-shuffle p": round(h.shuffle.p_value, 4),
            "circular-shift p": round(h.shift.p_value, 4),
            "alternation index": round(h.runs.alternation_index, 3),
            "phases": h.phases,
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
