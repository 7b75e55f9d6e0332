"""The explorer's verdict panel as a pure function of the selection: its figures, its
HTML and the headline its live region says (`panel`); `Verdicts` remembers each verdict
under its own inputs. `seesaw.publish.widgets` is the widget shell around it."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import pandas as pd

from seesaw.analysis.masks import (
    SIDE_NAMES,
    TRACK_LANES,
    TRACK_NAMES,
    equals,
    is_in,
    track_rows,
)
from seesaw.analysis.verdicts import alternation_verdict, overture_verdict
from seesaw.data.safe import html_text
from seesaw.data.vocab import p_text
from seesaw.errors import SeesawError
from seesaw.text.words import cap, day_words

CUSTOM = "custom"  # the `mode` scheme with the weights of the number fields
#: How many verdicts `Verdicts` remembers: 32 selections' worth of both.
MEMORY = 64
UNTESTABLE = "cannot be tested on this selection"
TURNS = "Did US pressure take turns?"


def rows_key(rows: pd.DataFrame) -> tuple[int, str]:
    """A key for a selection of rows: their number and a digest of their ids in order
    (two selections with the same key hold the same rows)."""
    ids = rows["id"].to_numpy(dtype=object)
    digest = hashlib.blake2b("\x1f".join(map(str, ids)).encode(), digest_size=16)
    return len(ids), digest.hexdigest()


def verdict_rows_key(
    rows: pd.DataFrame, start: object, end: object, actors: tuple[str, ...]
) -> tuple[Any, ...]:
    """The key of the rows a verdict reads: with both dates given, only those of
    `actors` (and whether there are rows at all); without a date the window comes from
    every row's dates, so every row counts."""
    if start is None or end is None or str(start) == "" or str(end) == "":
        return ("all", rows_key(rows))
    return (actors, not rows.empty, rows_key(rows[is_in(rows["actor"], actors)]))


class Verdicts:
    """The verdicts for a selection, each remembered (the last `MEMORY`) under the rows
    it reads, the window and, for the alternation, the scheme: a change that leaves its
    inputs alone costs nothing. A test that cannot run gives its `SeesawError`."""

    def __init__(self) -> None:
        self.cache: OrderedDict[tuple[Any, ...], Any] = OrderedDict()

    def _recall(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        if key in self.cache:
            self.cache.move_to_end(key)
            return self.cache[key]
        try:
            value = compute()
        except SeesawError as err:
            value = err
        self.cache[key] = value
        while len(self.cache) > MEMORY:
            self.cache.popitem(last=False)
        return value

    def __call__(
        self, rows: pd.DataFrame, start: Any, end: Any, track: str, scheme: str
    ) -> dict[str, Any]:
        """The alternation verdict, and on the Ukraine track the overture verdict
        ("overtures"), on another track each side's ("timing <side>")."""
        other = () if track == "ukraine" else (track,)
        if other:
            rows = track_rows(rows, track)

        def turns() -> Any:
            # No power simulated (too slow for a control), and no change point (the
            # panel does not show it).
            return alternation_verdict(
                rows, start, end, scheme=scheme, permutations=0, power_runs=0,
                track=track,
            )  # fmt: skip

        def timing(side: str) -> Any:
            return overture_verdict(rows, start, end, side=side)

        key = verdict_rows_key(rows, start, end, ("us",))
        alternation = ("alternation", *other, key, start, end, scheme)
        found = {"alternation": self._recall(alternation, turns)}
        # Ukraine's overtures are Russia's, after US pressure on Moscow.
        timings = {"overtures": ("russia", "moscow")}
        if other:
            timings = {f"timing {s}": (s, s) for s in TRACK_LANES[track]}
        for name, (actor, side) in timings.items():
            key = verdict_rows_key(rows, start, end, ("us", actor))
            found[name] = self._recall((name, key, start, end), partial(timing, side))
        return found


@dataclass(frozen=True)
class Panel:
    """What the panel shows: its figures, its HTML and the live region's words."""

    table: dict[str, Any]
    html: str
    said: str


def live_region(text: str) -> str:
    """The ARIA live region saying `text` (escaped)."""
    return (
        "<div class='seesaw-said' role='status' aria-live='polite'>"
        f"{html_text(text)}</div>"
    )


def _html(lead: str, blocks: list[tuple[str, str, dict[str, Any]]], note: str) -> str:
    """The lead paragraph, one section per verdict (with its figures), the note."""
    html = [lead]
    for title, words, figures in blocks:
        cells = "".join(
            f"<tr><th scope='row'>{html_text(k)}</th><td>{html_text(str(v))}</td></tr>"
            for k, v in figures.items()
        )
        html.append(
            "<section class='seesaw-verdict'>"
            f"<h3>{html_text(title)}</h3>"
            f"<p>{html_text(cap(words))}.</p>"
            + (f"<table><caption>Figures</caption>{cells}</table>" if cells else "")
            + "</section>"
        )
    return (
        "<div class='seesaw-stats' style='display:flex;flex-wrap:wrap;gap:1em'>"
        + "".join(html)
        + note
        + "</div>"
    )


def panel(
    rows: pd.DataFrame,
    start: dt.date | None,
    end: dt.date | None,
    track: str,
    scheme: str,
    verdicts: Verdicts,
) -> Panel:
    """The panel for the selected `rows` on `track` ("custom" `scheme`: the custom
    weights, whose verdicts score acts with the mode scheme)."""
    window = f"{day_words(start)} to {day_words(end)}" if start and end else ""
    sides = TRACK_LANES[track]
    us = rows[equals(rows["actor"], "us") & is_in(rows["pressure_on"], sides)]
    if rows.empty or us.empty:
        either = " or ".join(SIDE_NAMES[s] for s in reversed(sides))
        why = f"no US act targeting {either} is selected"
        return Panel(
            {"window": window, "error": why},
            "<div class='seesaw-stats'><p class='seesaw-stats-error'>"
            f"Nothing to test: {html_text(why)}.</p></div>",
            f"{window}: nothing to test: {why}.",
        )
    found = verdicts(rows, start, end, track, "mode" if scheme == CUSTOM else scheme)
    table: dict[str, Any] = {"window": window}
    if track != "ukraine":
        table["track"] = track
    raised = us["effect"].astype(str).eq("raise")
    table["acts"] = len(us)
    on = {s: f"raised pressure on {SIDE_NAMES[s]}" for s in sides}
    for side, key in on.items():
        table[key] = int((us["pressure_on"].astype(str).eq(side) & raised).sum())
    counts = ", ".join(f"{table[key]} {key}" for key in on.values())
    if track != "ukraine":
        return _track_panel(found, table, counts, window, track)
    return _ukraine_panel(found, table, window, scheme)


def _words(found: Any, what: str, short: str = UNTESTABLE) -> tuple[str, str, str]:
    """A verdict's sentence, headline and code (a test that could not run: why)."""
    if isinstance(found, SeesawError):
        return f"{UNTESTABLE}: {found}", f"{what}: {short}", "untestable"
    return found.sentence(), found.headline(), found.verdict


def _ukraine_panel(
    found: dict[str, Any], table: dict[str, Any], window: str, scheme: str
) -> Panel:
    """The panel on Ukraine's track: both verdicts with their figures."""
    alt, ovt = found["alternation"], found["overtures"]
    alt_words, alt_short, table["alternation"] = _words(alt, "Alternation")
    alt_rows: dict[str, Any] = {}
    if not isinstance(alt, SeesawError):
        alt_rows = {
            "turn-taking test p": p_text(alt.spells.p_value),
            "runs test p": p_text(alt.runs.p_more),
            "runs observed": alt.runs.runs,
            "runs expected": round(alt.runs.expected, 1),
        }
    table.update(alt_rows)
    ovt_words, ovt_short, table["overtures"] = _words(ovt, "Overtures")
    ovt_rows: dict[str, Any] = {}
    if not isinstance(ovt, SeesawError):
        t = ovt.timing
        ovt_rows = {
            "overture episodes": t.episodes,
            f"0-{t.coincidence_days} days after US pressure": t.hits,
            "share (95% interval)": f"{t.rate:.0%} ({t.rate_low:.0%}-{t.rate_high:.0%})",
            "random days": f"{t.chance:.0%}",
            "timing test p": p_text(t.p_value),
        }
    table.update(ovt_rows)
    note = ""
    if scheme == CUSTOM:
        note = (
            "<p class='seesaw-note'>The custom weights change the chart; the "
            "verdicts' runs test scores acts with the mode scheme.</p>"
        )
    lead = (
        f"<p>{html_text(window)}: {table['acts']} US acts targeting Kyiv or Moscow "
        f"(raised pressure or relief; {table['raised pressure on Moscow']} raised "
        f"pressure on Moscow, {table['raised pressure on Kyiv']} on Kyiv).</p>"
    )
    blocks = [
        (TURNS, alt_words, alt_rows),
        ("Did Russian overtures follow US pressure?", ovt_words, ovt_rows),
    ]
    said = f"{window}, {scheme} scheme: {alt_short}. {ovt_short}."
    return Panel(table, _html(lead, blocks, note), said)


def _track_panel(
    found: dict[str, Any], table: dict[str, Any], counts: str, window: str, track: str
) -> Panel:
    """The panel on another track: the lanes' verdict and each side's timing."""
    sides = TRACK_LANES[track]
    alt = found["alternation"]
    words, short, table["alternation"] = _words(alt, "Alternation")
    blocks: list[tuple[str, str, dict[str, Any]]] = [(TURNS, words, {})]
    shorts = [short]
    if not isinstance(alt, SeesawError):
        table["spells-test p"] = round(alt.spells.p_value, 3)
    for side in sides:
        name = SIDE_NAMES[side]
        title = f"Did {name}'s concessions follow US pressure on {name}?"
        words, short, table[f"timing {side}"] = _words(
            found[f"timing {side}"], f"{name}'s concessions", "cannot be tested"
        )
        blocks.append((title, words, {}))
        shorts.append(short)
    lead = (
        f"<p>{html_text(window)}, {html_text(TRACK_NAMES[track])} track: "
        f"{table['acts']} US acts targeting "
        f"{html_text(' or '.join(SIDE_NAMES[s] for s in sides))} (raised pressure or "
        f"relief; {html_text(counts)}). The chart above shows the Ukraine track; both "
        "tracks are drawn side by side in chapter 05.</p>"
    )
    said = f"{window}, {TRACK_NAMES[track]} track: " + ". ".join(shorts) + "."
    return Panel(table, _html(lead, blocks, ""), said)
