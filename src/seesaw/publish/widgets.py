"""The explorer's widget shell: labelled controls (in Tab order) over `questions` (the
presets), the static notebook's timeline (`timeline_data`, `timeline_parts`) in a
`FigureWidget` updated in place, and `panel`'s verdicts, said in an ARIA live region."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping
from typing import Any

import ipywidgets as w
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from seesaw.analysis.describe import span_words
from seesaw.analysis.masks import (
    SIDE_NAMES,
    TRACK_LANES,
    TRACK_NAMES,
    equals,
    select_events,
)
from seesaw.charts import charts_timeline, theme
from seesaw.charts.timeline import Settings, timeline_data
from seesaw.data import memo, vocab
from seesaw.data.safe import html_text
from seesaw.errors import SeesawError
from seesaw.publish.panel import CUSTOM, Verdicts, live_region, panel
from seesaw.publish.questions import (
    FAMILIES,
    PRESIDENT,
    START,
    alaska_day,
    preset,
    preset_labels,
)

#: The trace properties a redraw changes.
RESTYLE_KEYS = ("x", "y", "name", "hovertext", "customdata", "marker.size")


def restyle_values(trace: Mapping[str, Any]) -> dict[str, Any]:
    """A trace's values of `RESTYLE_KEYS` (None where it has none)."""
    return {k: trace.get(k) for k in RESTYLE_KEYS[:-1]} | {
        "marker.size": trace.get("marker", {}).get("size")
    }


def same_values(a: Any, b: Any) -> bool:
    """Whether two property values are the same: arrays of one dtype and shape with
    equal items, or equal lists, strings, numbers or None (anything else: not)."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and bool(np.array_equal(a, b))
    try:
        return bool(a == b)
    except (TypeError, ValueError):  # items that do not compare: say they differ
        return False


class ExplorerView(w.VBox):  # type: ignore[misc]
    """The explorer's box; where no kernel draws it, its text says how to run it."""

    def __repr__(self) -> str:
        return "The live explorer shows here when the notebook runs: `make explore`."


def _labelled(kind: type, description: str, auto: bool = False, **kw: Any) -> Any:
    """A `kind` widget whose visible label, never cut off, is its accessible name
    (`auto`: as wide as its label and value need)."""
    if auto:
        kw["layout"] = w.Layout(width="auto")
    return kind(description=description, style={"description_width": "initial"}, **kw)


def _tick(description: str, value: bool = True) -> w.Checkbox:
    """A labelled checkbox as wide as its label."""
    return _labelled(w.Checkbox, description, True, value=value, indent=False)


class Explorer:
    """Labelled widgets, a FigureWidget timeline and the two verdicts over one dataset."""

    def __init__(
        self,
        events: pd.DataFrame,
        quotes: pd.DataFrame,
        start: dt.date | None = START,
        scheme: str = vocab.DEFAULT_SCHEME,
        smoothing_days: int = vocab.DEFAULT_SMOOTHING_DAYS,
        track: str = vocab.DEFAULT_TRACK,
    ) -> None:
        self.events = events
        # The data's first and last act (background rows, kind `context`, left out), as
        # the notebooks state the span: a cleared date stands for one of them.
        span = span_words(events)
        self.first = pd.Timestamp(span["first"]).date()  # type: ignore[arg-type]
        self.last = pd.Timestamp(span["last"]).date()  # type: ignore[arg-type]
        self.alaska = alaska_day(events)
        self._hold = False
        self.verdicts = Verdicts()

        self._make_controls(start, scheme, smoothing_days, track)
        self.stats = w.HTML()
        self.said = w.HTML()
        self.said_text = ""  # the live region's words, as plain text
        self.stats_table: dict[str, Any] = {}
        # Hover text is the slow part of a redraw: computed once per row, by id.
        ids = events["id"].tolist()
        self._hover_quotes = dict(zip(ids, charts_timeline.hover_text(events, quotes)))
        self._hover_plain = dict(zip(ids, charts_timeline.hover_text(events, None)))
        self.figure = go.FigureWidget(self._build())
        # The first verdicts may come from the disk cache; later ones never touch it.
        self._interactive = False
        self._refresh_stats(self.selection())
        self._interactive = True
        self.preset.observe(lambda change: self.apply_preset(change["new"]), "value")
        for control in self._controls():
            control.observe(self.update, names="value")

    def _make_controls(
        self, start: dt.date | None, scheme: str, smoothing_days: int, track: str
    ) -> None:
        present = [
            a for a in vocab.ACTORS if a in set(self.events["actor"].astype(str))
        ]
        kinds = set(self.events["kind"].astype(str))
        self.preset = _labelled(
            w.Dropdown,
            "Question",
            options=[(label, key) for key, label in self.preset_labels().items()],
            value="everything",
        )
        # The track the verdicts test; the chart stays Ukraine's (05 draws both).
        on = {
            t: " and ".join(SIDE_NAMES[s] for s in ss) for t, ss in TRACK_LANES.items()
        }
        tracks = [(f"{TRACK_NAMES[t]}: pressure on {on[t]}", t) for t in on]
        self.track = _labelled(w.Dropdown, "Track tested", options=tracks, value=track)
        self.start = _labelled(
            w.DatePicker, "From", value=max(start or self.first, self.first)
        )
        self.end = _labelled(w.DatePicker, "To", value=self.last)
        self.scheme = _labelled(
            w.Dropdown, "Scheme", options=[*vocab.SCHEMES, CUSTOM], value=scheme
        )
        self.weights = {
            m: _labelled(
                w.BoundedFloatText,
                f"Weight of {m} acts (custom scheme)",
                True,
                value=vocab.MODE_WEIGHTS[m],
                min=0.0,
                max=5.0,
                step=0.5,
            )
            for m in vocab.MODES
        }
        self.smoothing = _labelled(
            w.BoundedIntText, "Balance line over (days)", True,
            value=smoothing_days, min=1, max=60,
        )  # fmt: skip
        self.actors = {a: _tick(vocab.ACTOR_NAMES.get(a, a)) for a in present}
        self.modes = {m: _tick(m) for m in vocab.MODES}
        self.president = _tick(f"US acts by {PRESIDENT} himself only", value=False)
        shown = {f: [k for k in ks if k in kinds] for f, ks in FAMILIES.items()}
        self.families = {
            family: _labelled(
                w.SelectMultiple,
                f"{family} (kinds)",
                True,
                options=[(vocab.KIND_NAMES[k], k) for k in members],
                value=tuple(members),
                rows=len(members),
            )
            for family, members in shown.items()
            if members
        }
        self.show_quotes = _labelled(
            w.Checkbox, "Quotes on hover", value=True, indent=False
        )

    def preset_labels(self) -> dict[str, str]:
        """The questions the presets answer, with their dates from the data."""
        return preset_labels(self.alaska, self.last)

    def apply_preset(self, key: str) -> None:
        """Set every control to a preset's values, then redraw once."""
        if key not in self.preset_labels():
            raise ValueError(
                f"unknown preset {key!r}; known: {list(self.preset_labels())}"
            )
        answer = preset(key, self.first, self.last, self.alaska)
        self._hold = True
        try:
            self.start.value, self.end.value = answer.start, answer.end
            self.scheme.value = answer.scheme
            for m, box in self.weights.items():
                box.value = answer.weights[m]
            for box in self.actors.values():
                box.value = True
            for m, box in self.modes.items():
                box.value = m in answer.modes
            self.president.value = answer.president
            for family in self.families.values():
                family.value = tuple(
                    k
                    for _, k in family.options
                    if answer.kinds is None or k in answer.kinds
                )
            if self.preset.value != key:
                self.preset.value = key
        finally:
            self._hold = False
        self.update()

    def _controls(self) -> list[w.Widget]:
        return [
            self.track,
            self.start,
            self.end,
            self.scheme,
            *self.weights.values(),
            self.smoothing,
            *self.actors.values(),
            *self.modes.values(),
            self.president,
            *self.families.values(),
            self.show_quotes,
        ]

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds chosen across the four families."""
        return tuple(k for family in self.families.values() for k in family.value)

    def custom_weights(self) -> Mapping[str, float] | None:
        """The weights of the number fields when the scheme is `custom`, else None."""
        if self.scheme.value != CUSTOM:
            return None
        return {m: float(s.value) for m, s in self.weights.items()}

    def dates(self) -> tuple[dt.date, dt.date]:
        """The From and To dates, a cleared one the data's first or last act."""
        return self.start.value or self.first, self.end.value or self.last

    def selection(self) -> pd.DataFrame:
        """The rows the controls select (none when a whole group is unticked)."""
        actors = [a for a, box in self.actors.items() if box.value]
        modes = [m for m, box in self.modes.items() if box.value]
        kinds = self.kinds
        if not (actors and modes and kinds):
            return self.events.iloc[0:0]
        start, end = self.dates()
        rows = select_events(
            self.events,
            start,
            end,
            actors=actors,
            kinds=kinds,
            modes=modes,
        )
        if self.president.value:
            us = equals(rows["actor"], "us")
            rows = rows[~us | equals(rows["actor_detail"], PRESIDENT)]
        return rows

    def _parts(self, rows: pd.DataFrame) -> charts_timeline.TimelineParts:
        """The chart of `rows` under the scheme and smoothing chosen (`custom` scores
        as `mode`, with the custom weights)."""
        scheme = "mode" if self.scheme.value == CUSTOM else self.scheme.value
        settings = Settings(scheme=scheme, smoothing_days=int(self.smoothing.value))
        data = timeline_data(rows, settings, self.custom_weights())
        return charts_timeline.timeline_parts(
            data.scored,
            data.smoothed,
            data.phases,
            data.overtures,
            data.hardline,
            smoothing_days=data.smoothing_days,
            hover=self._hover_quotes if self.show_quotes.value else self._hover_plain,
        )

    def _build(self) -> go.Figure:
        parts = self._parts(self.selection())
        self._shown = [restyle_values(trace) for trace in parts.traces]
        self._shown_shapes = parts.shapes
        return charts_timeline.timeline_figure(parts, "07_explorer")

    def update(self, change: Any = None) -> None:
        """Redraw the chart in place and give the verdicts for the new selection."""
        if self._hold:
            return
        rows = self.selection()
        try:
            parts = self._parts(rows)
        except (SeesawError, ValueError, KeyError, IndexError):
            pass  # nothing to draw: the panel says why
        else:
            self._redraw(parts)
        self._refresh_stats(rows)

    def _redraw(self, parts: charts_timeline.TimelineParts) -> None:
        """Send the chart only the trace properties and shapes whose values changed,
        then the title and alt text."""
        fresh = [restyle_values(trace) for trace in parts.traces]
        with self.figure.batch_update():
            for key in RESTYLE_KEYS:
                indexes = [
                    i
                    for i, (new, old) in enumerate(zip(fresh, self._shown))
                    if not same_values(new[key], old[key])
                ]
                if indexes:  # unvalidated: built by timeline_parts, as the static chart
                    self.figure.plotly_restyle(
                        {key: [fresh[i][key] for i in indexes]}, trace_indexes=indexes
                    )
                    for i in indexes:
                        self._shown[i][key] = fresh[i][key]
            if not same_values(parts.shapes, self._shown_shapes):
                self.figure.layout.shapes = parts.shapes
                self._shown_shapes = parts.shapes
            self.figure.layout.title.text = theme.title_text(parts.title)
            self.figure.layout.meta = {"slug": "07_explorer", "alt": parts.alt}

    def forget_verdicts(self) -> None:
        """Forget the remembered verdicts (the benchmark times changes this way)."""
        self.verdicts.cache.clear()

    def _refresh_stats(self, rows: pd.DataFrame) -> None:
        """Show the verdicts panel for `rows` (`seesaw.publish.panel`)."""
        (start, end), track = self.dates(), self.track.value
        with memo.bypass() if self._interactive else contextlib.nullcontext():
            shown = panel(rows, start, end, track, self.scheme.value, self.verdicts)
        self.stats_table = shown.table
        self.stats.value = shown.html
        self.said_text = shown.said
        self.said.value = live_region(shown.said)

    def view(self) -> w.Widget:
        """The whole explorer as one widget, its controls in reading (and Tab) order."""

        def wrapped(items: list[w.Widget], gap: str = "1em") -> w.Widget:
            return w.HBox(items, layout=w.Layout(flex_flow="row wrap", gap=gap))

        def group(title: str, items: list[w.Widget]) -> w.Widget:
            return wrapped(
                [w.HTML(f"<span>{html_text(title)}</span>"), *items], "0.5em"
            )

        return ExplorerView(
            [
                w.HTML("<h2>Ask a question of the seesaw</h2>"),
                self.preset,
                self.track,
                w.HBox([self.start, self.end], layout=w.Layout(gap="1em")),
                wrapped([self.scheme, *self.weights.values()]),
                w.HBox([self.smoothing]),
                group("Actors:", list(self.actors.values())),
                group("Modes:", [*self.modes.values(), self.president]),
                wrapped(list(self.families.values())),
                self.show_quotes,
                self.said,
                self.figure,
                w.HTML("<h2>The verdicts for this selection</h2>"),
                self.stats,
            ]
        )
