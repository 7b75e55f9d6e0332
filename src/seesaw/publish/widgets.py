"""The explorer: ipywidgets controls driving the seesaw timeline and the two verdicts.

Thin wiring on top of `select`, `timeline`, `verdicts` and `charts`: the chart is drawn
from the same `timeline.timeline_data` and `charts.timeline_parts` as the static
notebook's, held in a `FigureWidget` and updated in place; the panel under it gives the
two verdicts for the selection in words (`verdicts.alternation_verdict(...).sentence()`
and `verdicts.overture_verdict(...).sentence()`) with their figures beside them, and an
ARIA live region says the new headline after every change. Every control carries a
visible label that is also its accessible name, and the controls sit in reading order
so that Tab walks them top to bottom. Testable without a kernel: build an `Explorer`,
set widget values (or `apply_preset`), read `explorer.figure`, `explorer.stats_table`
and `explorer.said`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections import OrderedDict
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
    is_in,
    select_events,
    track_rows,
)
from seesaw.analysis.verdicts import alternation_verdict, overture_verdict
from seesaw.charts import charts, theme
from seesaw.charts.timeline import Settings, TimelineData, timeline_data
from seesaw.data import memo, quoting, vocab
from seesaw.data.safe import html_text
from seesaw.errors import SeesawError

CUSTOM = "custom"  # the `mode` scheme with the weights of the number fields
START = dt.date.fromisoformat(vocab.ANALYSIS_START)
ARTICLE_END = dt.date.fromisoformat(vocab.ARTICLE_END)
#: Labels are never cut off: each description takes the width its words need.
WIDE: Final[Mapping[str, str]] = MappingProxyType({"description_width": "initial"})
#: The kinds of vocab.KINDS in four families, in the order the explorer lists them.
FAMILIES: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "Words": (
            "statement",
            "demand",
            "rejection",
            "peace_plan",
            "counter_proposal",
            "acceptance",
            "joint_statement",
            "context",
            "other",
        ),
        "Threats": ("deadline", "sanctions_threat", "tariff_threat"),
        "Deeds": (
            "sanctions",
            "sanctions_relief",
            "tariff",
            "weapons_supply",
            "weapons_pause",
            "weapons_decline",
            "aid_pause",
            "aid_resume",
            "intel_pause",
            "intel_resume",
            "legislation",
            "agreement",
            "security_guarantee",
            "ceasefire",
            "prisoner_exchange",
            "strike",
            "military",
        ),
        "Contacts": (
            "call",
            "meeting",
            "talks",
            "summit",
            "summit_offer",
            "summit_cancelled",
        ),
    }
)
#: The kinds of the "only sanctions and tariffs" preset.
SANCTIONS_AND_TARIFFS: Final[tuple[str, ...]] = (
    "sanctions_threat",
    "tariff_threat",
    "sanctions",
    "sanctions_relief",
    "tariff",
)
#: The actor_detail of the President's own acts.
PRESIDENT: Final[str] = "Trump"
#: The presets, in menu order (their labels carry dates computed from the data).
PRESETS: Final[tuple[str, ...]] = (
    "everything",
    "sanctions_tariffs",
    "president",
    "threats_as_deeds",
    "since_alaska",
    "article_window",
    "after_article",
)


def day_words(day: dt.date) -> str:
    """A date as a reader reads it: 15 Aug 2025."""
    return f"{day.day} {day:%b %Y}"


def alaska_day(events: pd.DataFrame) -> dt.date | None:
    """The day of the Alaska summit: the first summit the US held with Russia."""
    rows = events[
        equals(events["actor"], "us")
        & equals(events["recipient"], "russia")
        & equals(events["kind"], "summit")
    ]
    return None if rows.empty else rows["date"].min().date()


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


def rows_key(rows: pd.DataFrame) -> tuple[int, str]:
    """A key for a selection of rows: their number and a digest of their ids in order
    (two selections with the same key hold the same rows)."""
    ids = rows["id"].to_numpy(dtype=object)
    digest = hashlib.blake2b("\x1f".join(map(str, ids)).encode(), digest_size=16)
    return len(ids), digest.hexdigest()


def verdict_rows_key(
    rows: pd.DataFrame, start: object, end: object, actors: tuple[str, ...]
) -> tuple[Any, ...]:
    """The key of the rows a verdict reads. With both dates given, the alternation
    verdict reads only the US acts (`actors=("us",)`) and the overture verdict only
    the US and Russian acts (`("us", "russia")`), besides whether there are rows at
    all; without a date, the window comes from every row's dates, so every row counts.
    """
    if start is None or end is None or str(start) == "" or str(end) == "":
        return ("all", rows_key(rows))
    return (actors, not rows.empty, rows_key(rows[is_in(rows["actor"], actors)]))


def hover_with_quotes(events: pd.DataFrame, quotes: pd.DataFrame | None) -> list[str]:
    """The timeline's hover text per event with its quotes as readers see them.

    `charts.hover_text` without quotes, and each event's quotes inserted before the
    source line by `seesaw.data.quoting`: in quotation marks when a stored page prints
    the words, as reported speech when none does (`verbatim=reworded`). Escaped.
    """
    plain = charts.hover_text(events, None)
    said = quoting.as_read_by_event(
        quotes, lambda text: theme.wrap(theme.escape(text)), theme.escape
    )
    out = []
    for rid, text in zip(events["id"].tolist(), plain, strict=True):
        if rid in said:
            head, tail = text.rsplit("<br>", 1)
            text = f"{head}<br>{said[rid]}<br>{tail}"
        out.append(text)
    return out


class ExplorerView(w.VBox):  # type: ignore[misc]
    """The explorer's outer box; where no kernel draws it (GitHub, a static page) its
    text stands in for the widget: a note on how to run it, not `VBox(children=...)`."""

    def __repr__(self) -> str:
        return "The live explorer shows here when the notebook runs: `make explore`."


def p_text(p: float) -> str:
    """A p-value as a reader reads it: three decimals, or "below 0.001" (never 9e-06)."""
    if p != p:
        return "not computed"
    return "below 0.001" if p < 0.001 else f"{p:.3f}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


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
        present = [a for a in vocab.ACTORS if a in set(events["actor"].astype(str))]
        kinds = set(events["kind"].astype(str))
        self._hold = False
        self._cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()

        self.preset = w.Dropdown(
            options=[(label, key) for key, label in self.preset_labels().items()],
            value="everything",
            description="Question",
            style=dict(WIDE),
        )
        #: The track the verdicts test: Ukraine's (Kyiv and Moscow) or Gaza's (Israel
        #: and Hamas). The chart stays the Ukraine seesaw; notebook 05 draws both.
        self.track = w.Dropdown(
            options=[
                (
                    f"{TRACK_NAMES[t]}: pressure on "
                    + " and ".join(SIDE_NAMES[s] for s in TRACK_LANES[t]),
                    t,
                )
                for t in TRACK_LANES
            ],
            value=track,
            description="Track tested",
            style=dict(WIDE),
        )
        self.start = w.DatePicker(
            description="From",
            value=max(start or self.first, self.first),
            style=dict(WIDE),
        )
        self.end = w.DatePicker(
            description="To", value=min(end or self.last, self.last), style=dict(WIDE)
        )
        self.scheme = w.Dropdown(
            options=[*vocab.SCHEMES, CUSTOM],
            value=scheme,
            description="Scheme",
            style=dict(WIDE),
        )
        self.weights = {
            m: w.BoundedFloatText(
                value=vocab.MODE_WEIGHTS[m],
                min=0.0,
                max=5.0,
                step=0.5,
                description=f"Weight of {m} acts (custom scheme)",
                style=dict(WIDE),
                layout=w.Layout(width="auto"),
            )
            for m in vocab.MODES
        }
        self.smoothing = w.BoundedIntText(
            value=smoothing_days,
            min=1,
            max=60,
            description="Balance line over (days)",
            style=dict(WIDE),
            layout=w.Layout(width="auto"),
        )
        self.actors = {
            a: w.Checkbox(
                value=True,
                description=a,
                indent=False,
                style=dict(WIDE),
                layout=w.Layout(width="auto"),
            )
            for a in present
        }
        self.modes = {
            m: w.Checkbox(
                value=True,
                description=m,
                indent=False,
                style=dict(WIDE),
                layout=w.Layout(width="auto"),
            )
            for m in vocab.MODES
        }
        self.president = w.Checkbox(
            value=False,
            description=f"US acts by {PRESIDENT} himself only",
            indent=False,
            style=dict(WIDE),
            layout=w.Layout(width="auto"),
        )
        self.families = {
            family: w.SelectMultiple(
                options=[(vocab.KIND_NAMES[k], k) for k in members if k in kinds],
                value=tuple(k for k in members if k in kinds),
                rows=max(1, sum(k in kinds for k in members)),
                description=f"{family} (kinds)",
                style=dict(WIDE),
                layout=w.Layout(width="auto"),
            )
            for family, members in FAMILIES.items()
            if any(k in kinds for k in members)
        }
        self.show_quotes = w.Checkbox(
            value=True, description="Quotes on hover", indent=False, style=dict(WIDE)
        )
        self.stats = w.HTML()
        self.said = w.HTML()
        self.said_text = ""  # the live region's words, as plain text
        self.stats_table: dict[str, Any] = {}
        # Hover text is the slow part of a redraw: compute it once per row.
        # As mappings id -> text: looked up per row, faster than a Series reindexed.
        ids = events["id"].tolist()
        self._hover_quotes = dict(zip(ids, hover_with_quotes(events, quotes)))
        self._hover_plain = dict(zip(ids, charts.hover_text(events, None)))
        self.figure = go.FigureWidget(self._build())
        # The first state's verdicts may come from the computation cache (the notebook
        # shows them); every update after computes in memory, never touching the disk.
        self._interactive = False
        self._refresh_stats(self.selection())
        self._interactive = True
        self.preset.observe(lambda change: self.apply_preset(change["new"]), "value")
        for control in self._controls():
            control.observe(self.update, names="value")

    # -- presets ------------------------------------------------------------------

    def preset_labels(self) -> dict[str, str]:
        """The questions the presets answer, with their dates from the data."""
        after = ARTICLE_END + dt.timedelta(days=1)
        labels = {
            "everything": "Everything since the inauguration",
            "sanctions_tariffs": "Only sanctions and tariffs",
            "president": f"Only the President's own words ({PRESIDENT}'s words and threats)",
            "threats_as_deeds": "Threats weighed like deeds",
            "since_alaska": (
                f"Since Alaska ({day_words(self.alaska)})" if self.alaska else ""
            ),
            "article_window": (
                f"The article's window ({day_words(START)} to {day_words(ARTICLE_END)})"
            ),
            "after_article": (
                f"The months after the article ({day_words(after)} on)"
                if after <= self.last
                else ""
            ),
        }
        return {k: labels[k] for k in PRESETS if labels[k]}

    def apply_preset(self, key: str) -> None:
        """Set every control to a preset's values, then redraw once."""
        if key not in self.preset_labels():
            raise ValueError(
                f"unknown preset {key!r}; known: {list(self.preset_labels())}"
            )
        start, end = max(START, self.first), self.last
        all_modes = tuple(vocab.MODES)
        modes: tuple[str, ...] = all_modes
        kinds: set[str] | None = None
        scheme, president = vocab.DEFAULT_SCHEME, False
        weights = dict(vocab.MODE_WEIGHTS)
        if key == "sanctions_tariffs":
            kinds = set(SANCTIONS_AND_TARIFFS)
        elif key == "president":
            president, modes = True, ("verbal", "threat")
        elif key == "threats_as_deeds":
            scheme = CUSTOM
            weights["threat"] = weights["material"]
        elif key == "since_alaska" and self.alaska:
            start = self.alaska
        elif key == "article_window":
            end = min(ARTICLE_END, self.last)
        elif key == "after_article":
            start = ARTICLE_END + dt.timedelta(days=1)
        self._hold = True
        try:
            self.start.value, self.end.value = start, end
            self.scheme.value = scheme
            for m, box in self.weights.items():
                box.value = weights[m]
            for box in self.actors.values():
                box.value = True
            for m, box in self.modes.items():
                box.value = m in modes
            self.president.value = president
            for family in self.families.values():
                family.value = tuple(
                    k for _, k in family.options if kinds is None or k in kinds
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

    def _redraw(self, parts: charts.TimelineParts) -> None:
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

    def _verdicts(self, rows: pd.DataFrame) -> dict[str, Any]:
        """Both verdicts for the selection, each remembered under its own inputs: the
        alternation verdict under the US rows, the window and the scheme; the overture
        verdict (which no scheme changes) under the US and Russian rows and the window
        (see `verdict_rows_key`). A change that leaves a verdict's inputs alone
        (smoothing, quotes, another actor's rows; the scheme for the overtures) costs
        nothing; any other runs the test again."""
        scheme = self.settings().scheme
        start, end = self.start.value, self.end.value
        track = self.track.value
        if track != "ukraine":
            return self._track_verdicts(track_rows(rows, track), track, scheme)
        found: dict[str, Any] = {}
        key: tuple[Any, ...] = (
            "alternation",
            verdict_rows_key(rows, start, end, ("us",)),
            start,
            end,
            scheme,
        )
        if not self._recall(key, found, "alternation"):
            try:
                found["alternation"] = alternation_verdict(
                    rows,
                    start,
                    end,
                    scheme=scheme,
                    permutations=self.permutations,
                    seed=self.seed,
                    power_runs=0,
                )
            except SeesawError as err:
                found["alternation"] = err
            self._remember(key, found["alternation"])
        key = (
            "overtures",
            verdict_rows_key(rows, start, end, ("us", "russia")),
            start,
            end,
        )
        if not self._recall(key, found, "overtures"):
            try:
                found["overtures"] = overture_verdict(
                    rows, start, end, draws=self.permutations, seed=self.seed
                )
            except SeesawError as err:
                found["overtures"] = err
            self._remember(key, found["overtures"])
        return found

    def _track_verdicts(
        self, rows: pd.DataFrame, track: str, scheme: str
    ) -> dict[str, Any]:
        """The verdicts on another track than Ukraine's: its lanes, and the timing of
        each side's concessions after US pressure on it (remembered as Ukraine's are)."""
        start, end = self.start.value, self.end.value
        sides = TRACK_LANES[track]
        found: dict[str, Any] = {}
        key: tuple[Any, ...] = (
            "alternation",
            track,
            verdict_rows_key(rows, start, end, ("us",)),
            start,
            end,
            scheme,
        )
        if not self._recall(key, found, "alternation"):
            try:
                found["alternation"] = alternation_verdict(
                    rows, start, end, scheme=scheme, permutations=self.permutations,
                    seed=self.seed, power_runs=0, track=track,
                )  # fmt: skip
            except SeesawError as err:
                found["alternation"] = err
            self._remember(key, found["alternation"])
        for side in sides:
            name = f"timing {side}"
            key = (name, verdict_rows_key(rows, start, end, ("us", side)), start, end)
            if not self._recall(key, found, name):
                try:
                    found[name] = overture_verdict(
                        rows, start, end, draws=self.permutations, seed=self.seed,
                        side=side,
                    )  # fmt: skip
                except SeesawError as err:
                    found[name] = err
                self._remember(key, found[name])
        return found

    def forget_verdicts(self) -> None:
        """Forget the remembered verdicts: the next change runs both tests again (the
        benchmark times changes this way, as on a selection never seen)."""
        self._cache.clear()

    def _recall(self, key: tuple[Any, ...], into: dict[str, Any], name: str) -> bool:
        if key not in self._cache:
            return False
        self._cache.move_to_end(key)
        into[name] = self._cache[key]
        return True

    def _remember(self, key: tuple[Any, ...], value: Any) -> None:
        self._cache[key] = value
        while len(self._cache) > 64:  # 32 selections' worth of both verdicts
            self._cache.popitem(last=False)

    def _refresh_stats(self, rows: pd.DataFrame) -> None:
        start, end = self.start.value, self.end.value
        window = f"{day_words(start)} to {day_words(end)}" if start and end else ""
        track = self.track.value
        sides = TRACK_LANES[track]
        either = " or ".join(SIDE_NAMES[s] for s in reversed(sides))
        us = rows[equals(rows["actor"], "us") & is_in(rows["pressure_on"], sides)]
        if rows.empty or us.empty:
            why = f"no US act putting pressure on {either} is selected"
            self.stats_table = {"window": window, "error": why}
            self.stats.value = (
                "<div class='seesaw-stats'><p class='seesaw-stats-error'>"
                f"Nothing to test: {html_text(why)}.</p></div>"
            )
            self.said.value = self._live(f"{window}: nothing to test: {why}.")
            return
        with memo.bypass() if self._interactive else contextlib.nullcontext():
            found = self._verdicts(rows)
        if track != "ukraine":
            self._show_track(found, us, window, track)
            return
        alt, ovt = found["alternation"], found["overtures"]
        table: dict[str, Any] = {
            "window": window,
            "acts": len(us),
            "raised pressure on Moscow": int(
                (us["pressure_on"].eq("moscow") & us["effect"].eq("raise")).sum()
            ),
            "raised pressure on Kyiv": int(
                (us["pressure_on"].eq("kyiv") & us["effect"].eq("raise")).sum()
            ),
        }
        blocks = []
        if isinstance(alt, SeesawError):
            alt_words = f"cannot be tested on this selection: {alt}"
            alt_short = "Alternation: cannot be tested on this selection"
            alt_rows: dict[str, Any] = {}
            table["alternation"] = "untestable"
        else:
            alt_words = alt.sentence()
            alt_short = alt.headline()
            alt_rows = {
                "turn-taking test p": p_text(alt.spells.p_value),
                "runs test p": p_text(alt.runs.p_more),
                "label-shuffle p": p_text(alt.shuffle.p_value),
                "runs observed": alt.runs.runs,
                "runs expected": round(alt.runs.expected, 1),
            }
            table["alternation"] = alt.verdict
        table.update(alt_rows)
        blocks.append(("Did US pressure take turns?", alt_words, alt_rows))
        if isinstance(ovt, SeesawError):
            ovt_words = f"cannot be tested on this selection: {ovt}"
            ovt_short = "Overtures: cannot be tested on this selection"
            ovt_rows: dict[str, Any] = {}
            table["overtures"] = "untestable"
        else:
            t = ovt.timing
            ovt_words = ovt.sentence()
            ovt_short = ovt.headline()
            ovt_rows = {
                "overture episodes": t.episodes,
                f"0-{t.window_days} days after US pressure": t.hits,
                "share (95% interval)": (
                    f"{t.rate:.0%} ({t.rate_low:.0%}-{t.rate_high:.0%})"
                ),
                "random days": f"{t.chance:.0%}",
                "timing test p": p_text(t.p_value),
            }
            table["overtures"] = ovt.verdict
        table.update(ovt_rows)
        blocks.append(
            ("Did Russian overtures follow US pressure?", ovt_words, ovt_rows)
        )
        self.stats_table = table
        note = ""
        if self.scheme.value == CUSTOM:
            note = (
                "<p class='seesaw-note'>The custom weights change the chart; the "
                "verdicts' runs test scores acts with the mode scheme.</p>"
            )
        counts = (
            f"<p>{html_text(window)}: {table['acts']} US acts putting pressure on Kyiv "
            f"or Moscow ({table['raised pressure on Moscow']} raised pressure on Moscow, "
            f"{table['raised pressure on Kyiv']} on Kyiv).</p>"
        )
        html = [counts]
        for title, words, figures in blocks:
            cells = "".join(
                f"<tr><th scope='row'>{html_text(k)}</th>"
                f"<td>{html_text(str(v))}</td></tr>"
                for k, v in figures.items()
            )
            html.append(
                "<section class='seesaw-verdict'>"
                f"<h3>{html_text(title)}</h3>"
                f"<p>{html_text(_cap(words))}.</p>"
                + (f"<table><caption>Figures</caption>{cells}</table>" if cells else "")
                + "</section>"
            )
        self.stats.value = (
            "<div class='seesaw-stats' style='display:flex;flex-wrap:wrap;gap:1em'>"
            + "".join(html)
            + note
            + "</div>"
        )
        self.said.value = self._live(
            f"{window}, {self.scheme.value} scheme: {alt_short}. {ovt_short}."
        )

    def _show_track(
        self, found: dict[str, Any], us: pd.DataFrame, window: str, track: str
    ) -> None:
        """The verdicts panel for another track than Ukraine's: the counts of US acts
        raising pressure on each side, the lanes' verdict and each side's timing."""
        sides = TRACK_LANES[track]
        raised = us["effect"].astype(str).eq("raise")
        table: dict[str, Any] = {"window": window, "track": track, "acts": len(us)}
        for side in sides:
            table[f"raised pressure on {SIDE_NAMES[side]}"] = int(
                (us["pressure_on"].astype(str).eq(side) & raised).sum()
            )
        blocks: list[tuple[str, str]] = []
        shorts: list[str] = []
        alt = found["alternation"]
        if isinstance(alt, SeesawError):
            blocks.append(
                (
                    "Did US pressure take turns?",
                    f"cannot be tested on this selection: {alt}",
                )
            )
            shorts.append("Alternation: cannot be tested on this selection")
            table["alternation"] = "untestable"
        else:
            blocks.append(("Did US pressure take turns?", alt.sentence()))
            shorts.append(alt.headline())
            table["alternation"] = alt.verdict
            table["spells-test p"] = round(alt.spells.p_value, 3)
        for side in sides:
            name = SIDE_NAMES[side]
            v = found[f"timing {side}"]
            title = f"Did {name}'s concessions follow US pressure on {name}?"
            if isinstance(v, SeesawError):
                blocks.append((title, f"cannot be tested on this selection: {v}"))
                shorts.append(f"{name}'s concessions: cannot be tested")
                table[f"timing {side}"] = "untestable"
            else:
                blocks.append((title, v.sentence()))
                shorts.append(v.headline())
                table[f"timing {side}"] = v.verdict
        self.stats_table = table
        counts = ", ".join(
            f"{table[f'raised pressure on {SIDE_NAMES[s]}']} raised pressure on "
            f"{SIDE_NAMES[s]}"
            for s in sides
        )
        html = [
            f"<p>{html_text(window)}, {html_text(TRACK_NAMES[track])} track: "
            f"{len(us)} US acts putting pressure on "
            f"{html_text(' or '.join(SIDE_NAMES[s] for s in sides))} "
            f"({html_text(counts)}). The chart above shows the Ukraine track; both "
            "tracks are drawn side by side in chapter 05.</p>"
        ]
        for title, words in blocks:
            html.append(
                "<section class='seesaw-verdict'>"
                f"<h3>{html_text(title)}</h3><p>{html_text(_cap(words))}.</p></section>"
            )
        self.stats.value = (
            "<div class='seesaw-stats' style='display:flex;flex-wrap:wrap;gap:1em'>"
            + "".join(html)
            + "</div>"
        )
        self.said.value = self._live(
            f"{window}, {TRACK_NAMES[track]} track: " + ". ".join(shorts) + "."
        )

    def _live(self, text: str) -> str:
        self.said_text = text
        return (
            "<div class='seesaw-said' role='status' aria-live='polite'>"
            f"{html_text(text)}</div>"
        )

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
