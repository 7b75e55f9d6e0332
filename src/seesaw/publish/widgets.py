"""The explorer's widget shell: ipywidgets controls driving the seesaw timeline.

Thin wiring on top of `questions` (the presets), `panel` (the verdicts under the chart,
a pure function of the selection) and `charts`: the chart is drawn from the same
`timeline.timeline_data` and `charts_timeline.timeline_parts` as the static notebook's, held in
a `FigureWidget` and updated in place; the panel's headline is said in an ARIA live
region after every change. Every control carries a visible label that is also its
accessible name, and the controls sit in reading order so that Tab walks them top to
bottom. Testable without a kernel: build an `Explorer`, set widget values (or
`apply_preset`), read `explorer.figure`, `explorer.stats_table` and `explorer.said`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

import ipywidgets as w
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from seesaw.analysis.masks import (
    SIDE_NAMES,
    TRACK_LANES,
    TRACK_NAMES,
    equals,
    select_events,
)
from seesaw.charts import charts_timeline, theme
from seesaw.charts.timeline import Settings, TimelineData, timeline_data
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

#: Labels are never cut off: each description takes the width its words need.
WIDE: Final[Mapping[str, str]] = MappingProxyType({"description_width": "initial"})


#: The trace properties a redraw changes (`marker.size` is the marker's size).
RESTYLE_KEYS: Final[tuple[str, ...]] = (
    "x",
    "y",
    "name",
    "hovertext",
    "customdata",
    "marker.size",
)


def restyle_values(trace: Mapping[str, Any]) -> dict[str, Any]:
    """A trace's values of `RESTYLE_KEYS` (None where it has none)."""
    out = {key: trace.get(key) for key in RESTYLE_KEYS if key != "marker.size"}
    out["marker.size"] = trace.get("marker", {}).get("size")
    return out


def same_values(a: Any, b: Any) -> bool:
    """Whether two property values are the same: arrays of one dtype and shape with
    equal items, or equal lists, strings, numbers or None (anything else: not)."""
    if a is b:
        return True
    if a is None or b is None:
        return False
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
            return False
        return a.dtype == b.dtype and a.shape == b.shape and bool(np.array_equal(a, b))
    if type(a) is not type(b):
        return False
    try:
        return bool(a == b)
    except (TypeError, ValueError):  # items that do not compare: say they differ
        return False


class ExplorerView(w.VBox):  # type: ignore[misc]
    """The explorer's outer box; where no kernel draws it (GitHub, a static page) its
    text stands in for the widget: a note on how to run it, not `VBox(children=...)`."""

    def __repr__(self) -> str:
        return "The live explorer shows here when the notebook runs: `make explore`."


#: The layout of a widget as wide as its label and value need.
AUTO: Final[Mapping[str, str]] = MappingProxyType({"width": "auto"})


def _labelled(
    kind: type, description: str, layout: Mapping[str, str] | None = None, **kw: Any
) -> Any:
    """A `kind` widget whose visible label, never cut off, is its accessible name."""
    if layout is not None:
        kw["layout"] = w.Layout(**layout)
    return kind(description=description, style=dict(WIDE), **kw)


def _tick(description: str, value: bool = True) -> w.Checkbox:
    """A labelled checkbox as wide as its label."""
    return _labelled(w.Checkbox, description, AUTO, value=value, indent=False)


class Explorer:
    """Labelled widgets, a FigureWidget timeline and the two verdicts over one dataset."""

    def __init__(
        self,
        events: pd.DataFrame,
        quotes: pd.DataFrame,
        start: dt.date | None = START,
        end: dt.date | None = None,
        scheme: str = vocab.DEFAULT_SCHEME,
        smoothing_days: int = vocab.DEFAULT_SMOOTHING_DAYS,
        permutations: int = vocab.EXPLORER_PERMUTATIONS,
        seed: int = vocab.DEFAULT_SEED,
        track: str = "ukraine",
    ) -> None:
        self.events = events
        self.quotes = quotes
        self.permutations = permutations
        self.seed = seed
        self.first = events["date"].min().date()
        self.last = events["date"].max().date()
        self.alaska = alaska_day(events)
        self._hold = False
        self.verdicts = Verdicts(permutations, seed)

        self._make_controls(start, end, scheme, smoothing_days, track)
        self.stats = w.HTML()
        self.said = w.HTML()
        self.said_text = ""  # the live region's words, as plain text
        self.stats_table: dict[str, Any] = {}
        # Hover text is the slow part of a redraw: compute it once per row.
        # As mappings id -> text: looked up per row, faster than a Series reindexed.
        ids = events["id"].tolist()
        self._hover_quotes = dict(zip(ids, charts_timeline.hover_text(events, quotes)))
        self._hover_plain = dict(zip(ids, charts_timeline.hover_text(events, None)))
        self.figure = go.FigureWidget(self._build())
        # The first state's verdicts may come from the computation cache (the notebook
        # shows them); every update after computes in memory, never touching the disk.
        self._interactive = False
        self._refresh_stats(self.selection())
        self._interactive = True
        self.preset.observe(lambda change: self.apply_preset(change["new"]), "value")
        for control in self._controls():
            control.observe(self.update, names="value")

    def _make_controls(
        self,
        start: dt.date | None,
        end: dt.date | None,
        scheme: str,
        smoothing_days: int,
        track: str,
    ) -> None:
        """The controls, each labelled, set to the given values."""
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
        #: The track the verdicts test: Ukraine's (Kyiv and Moscow) or Gaza's (Israel
        #: and Hamas). The chart stays the Ukraine seesaw; notebook 05 draws both.
        tracks = [
            (
                f"{TRACK_NAMES[t]}: pressure on "
                + " and ".join(SIDE_NAMES[s] for s in lanes),
                t,
            )
            for t, lanes in TRACK_LANES.items()
        ]
        self.track = _labelled(w.Dropdown, "Track tested", options=tracks, value=track)
        self.start = _labelled(
            w.DatePicker, "From", value=max(start or self.first, self.first)
        )
        self.end = _labelled(w.DatePicker, "To", value=min(end or self.last, self.last))
        self.scheme = _labelled(
            w.Dropdown, "Scheme", options=[*vocab.SCHEMES, CUSTOM], value=scheme
        )
        self.weights = {
            m: _labelled(
                w.BoundedFloatText,
                f"Weight of {m} acts (custom scheme)",
                AUTO,
                value=vocab.MODE_WEIGHTS[m],
                min=0.0,
                max=5.0,
                step=0.5,
            )
            for m in vocab.MODES
        }
        self.smoothing = _labelled(
            w.BoundedIntText, "Balance line over (days)", AUTO,
            value=smoothing_days, min=1, max=60,
        )  # fmt: skip
        self.actors = {a: _tick(vocab.ACTOR_NAMES.get(a, a)) for a in present}
        self.modes = {m: _tick(m) for m in vocab.MODES}
        self.president = _tick(f"US acts by {PRESIDENT} himself only", value=False)
        self.families = {
            family: _labelled(
                w.SelectMultiple,
                f"{family} (kinds)",
                AUTO,
                options=[(vocab.KIND_NAMES[k], k) for k in members if k in kinds],
                value=tuple(k for k in members if k in kinds),
                rows=max(1, sum(k in kinds for k in members)),
            )
            for family, members in FAMILIES.items()
            if any(k in kinds for k in members)
        }
        self.show_quotes = w.Checkbox(
            value=True, description="Quotes on hover", indent=False, style=dict(WIDE)
        )

    # -- presets ------------------------------------------------------------------

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

    # -- wiring -------------------------------------------------------------------

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

    def selection(self) -> pd.DataFrame:
        """The rows the controls select (none when a whole group is unticked)."""
        actors = [a for a, box in self.actors.items() if box.value]
        modes = [m for m, box in self.modes.items() if box.value]
        kinds = self.kinds
        if not (actors and modes and kinds):
            return self.events.iloc[0:0]
        rows = select_events(
            self.events,
            self.start.value,
            self.end.value,
            actors=actors,
            kinds=kinds,
            modes=modes,
        )
        if self.president.value:
            us = equals(rows["actor"], "us")
            rows = rows[~us | equals(rows["actor_detail"], PRESIDENT)]
        return rows

    def settings(self) -> Settings:
        """The scheme and smoothing the controls choose (`custom` scores as `mode`)."""
        scheme = "mode" if self.scheme.value == CUSTOM else self.scheme.value
        return Settings(scheme=scheme, smoothing_days=int(self.smoothing.value))

    def _timeline(self, rows: pd.DataFrame) -> TimelineData:
        return timeline_data(rows, self.settings(), self.custom_weights())

    def _parts(self, data: TimelineData) -> charts_timeline.TimelineParts:
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
        parts = self._parts(self._timeline(self.selection()))
        fig = go.Figure(
            data=parts.traces,
            layout={**charts_timeline.timeline_layout(), "shapes": parts.shapes},
        )
        self._shown = [restyle_values(trace) for trace in parts.traces]
        self._shown_shapes = parts.shapes
        return theme.finish(
            fig, slug="07_explorer", title=parts.title, alt=parts.alt, source_shift=-125
        )

    def update(self, change: Any = None) -> None:
        """Redraw the chart in place and give the verdicts for the new selection."""
        if self._hold:
            return
        rows = self.selection()
        try:
            parts = self._parts(self._timeline(rows))
        except (SeesawError, ValueError, KeyError, IndexError):
            parts = None  # nothing to draw: the panel says why
        if parts is not None:
            self._redraw(parts)
        self._refresh_stats(rows)

    def _redraw(self, parts: charts_timeline.TimelineParts) -> None:
        """Send the chart only what changed: each property of each trace whose values
        differ from those it shows (a smoothing change moves the balance line and the
        shading, not the acts), then the shapes, title and alt text."""
        fresh = [restyle_values(trace) for trace in parts.traces]
        with self.figure.batch_update():
            for key in RESTYLE_KEYS:
                indexes = [
                    i
                    for i, (new, old) in enumerate(zip(fresh, self._shown))
                    if not same_values(new[key], old[key])
                ]
                if indexes:
                    # plotly_restyle skips per-property validation: the values come
                    # from timeline_parts, the same code that builds the validated
                    # static chart.
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

    # -- the verdicts -------------------------------------------------------------

    def forget_verdicts(self) -> None:
        """Forget the remembered verdicts: the next change runs both tests again (the
        benchmark times changes this way, as on a selection never seen)."""
        self.verdicts.cache.clear()

    def _refresh_stats(self, rows: pd.DataFrame) -> None:
        """Show the verdicts panel for `rows` (`seesaw.publish.panel`)."""
        start, end, track = self.start.value, self.end.value, self.track.value
        with memo.bypass() if self._interactive else contextlib.nullcontext():
            shown = panel(rows, start, end, track, self.scheme.value, self.verdicts)
        self.stats_table = shown.table
        self.stats.value = shown.html
        self.said_text = shown.said
        self.said.value = live_region(shown.said)

    # -- layout -------------------------------------------------------------------

    def view(self) -> w.Widget:
        """The whole explorer as one widget, its controls in reading (and Tab) order."""

        def group(title: str, items: list[w.Widget]) -> w.Widget:
            return w.HBox(
                [w.HTML(f"<span>{html_text(title)}</span>"), *items],
                layout=w.Layout(flex_flow="row wrap", gap="0.5em"),
            )

        return ExplorerView(
            [
                w.HTML("<h2>Ask a question of the seesaw</h2>"),
                self.preset,
                self.track,
                w.HBox([self.start, self.end], layout=w.Layout(gap="1em")),
                w.HBox(
                    [self.scheme, *self.weights.values()],
                    layout=w.Layout(flex_flow="row wrap", gap="1em"),
                ),
                w.HBox([self.smoothing]),
                group("Actors:", list(self.actors.values())),
                group("Modes:", [*self.modes.values(), self.president]),
                w.HBox(
                    list(self.families.values()),
                    layout=w.Layout(flex_flow="row wrap", gap="1em"),
                ),
                self.show_quotes,
                self.said,
                self.figure,
                w.HTML("<h2>The verdicts for this selection</h2>"),
                self.stats,
            ]
        )
