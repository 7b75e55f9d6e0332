"""One number everywhere: every headline figure a reader sees reads the same in the
README, in every notebook's outputs (Markdown, printed lines, and each chart's title,
axis titles, tick labels, legend entries, annotations and alt text), in the committed
figures (figures/*.html: the same chart text; figures/*.txt: the alt texts) and in the
explorer's text (its live region, its verdicts in words and its table of figures).

Each figure is computed once here, from the same functions the notebooks call, and
every phrase that states it is found by a pattern. A phrase that states a figure with
any other value fails the test, wherever it is; a place that must state a figure and
does not also fails. The patterns are narrow on purpose: a pattern that also matched
another figure's wording would make the test lie.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from seesaw import paths
from seesaw.analysis import claims, describe, power, verdicts
from seesaw.analysis.headline import Headline, headline
from seesaw.analysis.masks import select_events, track_rows
from seesaw.charts.timeline import Settings, timeline_data
from seesaw.data import vocab
from seesaw.data.load import load_dataset
from seesaw.data.vocab import ANALYSIS_START
from seesaw.text.readme import pressure_table
from tests.outputs import output_text

NOTEBOOKS = sorted((paths.ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
#: The explorer's text, read live (it is written when a reader moves a control).
EXPLORER = "the explorer (live, whole span)"
EXPLORER_WINDOW = "the explorer (live, the article's window)"
#: Places that state windowed figures for other spans, each naming its own.
SCOPED = ("notebooks/06_claims.ipynb", "notebooks/07_explorer.ipynb", EXPLORER)
#: Places whose every figure is of their own selection (checked against themselves,
#: by `explorer_problems`, not against the facts computed here).
OWN_SPAN = (EXPLORER_WINDOW,)


def plain(text: str) -> str:
    """Chart or panel text as a reader reads it: line breaks as spaces, no tags, no
    HTML entities."""
    text = re.sub(r"<br\s*/?>", " ", str(text))
    return html.unescape(re.sub(r"</?[a-zA-Z][^>]*>", "", text))


def chart_text(fig: dict[str, Any]) -> str:
    """What a reader reads on a chart: its title, axis titles and tick labels, legend
    title and entries, annotations (labels written on the chart, not its hover) and alt
    text, one to a line."""
    layout = fig.get("layout", {})
    parts: list[Any] = [
        (layout.get("title") or {}).get("text", ""),
        ((layout.get("legend") or {}).get("title") or {}).get("text", ""),
        (layout.get("meta") or {}).get("alt", ""),
    ]
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            parts.append((axis.get("title") or {}).get("text", ""))
            parts += list(axis.get("ticktext") or [])
    parts += [a.get("text", "") for a in layout.get("annotations") or []]
    parts += [t.get("name", "") for t in fig.get("data", [])]
    return "\n".join(plain(p) for p in parts if p)


def html_figure(path: Path) -> dict[str, Any]:
    """The plotly figure (data and layout) a committed figures/*.html draws."""
    text = path.read_text(encoding="utf-8")
    at = text.index("Plotly.newPlot(") + len("Plotly.newPlot(")
    decode = json.JSONDecoder().raw_decode
    values = []
    for _ in range(3):  # the element's id, the traces, the layout
        while text[at] in " \n\t\r,":
            at += 1
        value, at = decode(text, at)
        values.append(value)
    return {"data": values[1], "layout": values[2]}


@cache
def committed_charts() -> dict[str, dict[str, Any]]:
    return {
        f"figures/{p.name}": html_figure(p)
        for p in sorted((paths.ROOT / "figures").glob("*.html"))
    }


def notebook_text(nb: dict[str, Any]) -> str:
    parts = []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            parts += output_text(out)
            fig = out.get("data", {}).get("application/vnd.plotly.v1+json")
            if fig:
                parts.append(chart_text(fig))
    return "\n".join(parts)


@dataclass(frozen=True)
class Panel:
    """What the explorer writes for one selection: its words (the live region, the
    counts and both verdicts' sentences), its table of figures and its chart."""

    words: str
    table: dict[str, str]
    chart: str

    @property
    def text(self) -> str:
        rows = "\n".join(f"{k}: {v}" for k, v in self.table.items())
        return f"{self.words}\n{rows}\n{self.chart}"


def panel_of(stats_html: str, said: str, chart: str) -> Panel:
    cells = re.findall(r"<th[^>]*>(.*?)</th><td>(.*?)</td>", stats_html)
    words = re.sub(r"<table>.*?</table>", "\n", stats_html, flags=re.S)
    return Panel(
        words=f"{said}\n{plain(words.replace('</p>', chr(10)))}",
        table={plain(k): plain(v) for k, v in cells},
        chart=chart,
    )


@cache
def explorer_panels() -> dict[str, Panel]:
    """The explorer as it opens (the whole span) and on the article's window."""
    from seesaw.publish.widgets import Explorer

    data = load_dataset(paths.DATA)
    ex = Explorer(data.events, data.quotes)
    found = {}
    for name, preset in ((EXPLORER, None), (EXPLORER_WINDOW, "article_window")):
        if preset:
            ex.apply_preset(preset)
        chart = chart_text(ex.figure.to_plotly_json())
        found[name] = panel_of(ex.stats.value, ex.said_text, chart)
    return found


def _unescape(text: str) -> str:
    # Markdown escapes (\. \( \-) and bold marks do not change a figure
    return re.sub(r"\\([^\w\s]|_)", r"\1", text).replace("**", "")


@cache
def places() -> dict[str, str]:
    """Every place a reader meets a figure, as plain text, by name."""
    found = {"README.md": (paths.ROOT / "README.md").read_text(encoding="utf-8")}
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        found[f"notebooks/{path.name}"] = notebook_text(nb)
    for alt in sorted((paths.ROOT / "figures").glob("*.txt")):
        found[f"figures/{alt.name}"] = alt.read_text(encoding="utf-8")
    for where, fig in committed_charts().items():
        found[where] = chart_text(fig)
    for where, panel in explorer_panels().items():
        found[where] = panel.text
    return {k: _unescape(v) for k, v in found.items()}


@dataclass(frozen=True)
class Figures:
    h: Headline
    found: dict[str, Any]
    table: pd.DataFrame
    span: dict[str, Any]
    quotes: int
    days_moscow: int
    days_kyiv: int
    ledger: pd.DataFrame
    #: the last day of the data, as a chart's span states it
    last_day: str
    #: the 2x2 table's span (the analysed rows' first and last day) and its US acts
    table_span: tuple[str, str, str]
    #: months the monthly net leaned on Moscow, on Kyiv, and was even
    months: tuple[int, int, int]
    #: acts (not background rows) the source article mentions
    seed_acts: int
    #: Gaza truces or agreements made (a truce ended is no agreement), in the
    #: article's window and over the whole span
    agreements: frozenset[int]
    #: outlets cited by rows and quotes
    outlets: int


@cache
def figures() -> Figures:
    data = load_dataset(paths.DATA)
    analysed = select_events(data.events, ANALYSIS_START)
    ukraine = select_events(track_rows(data.events, "ukraine"), ANALYSIS_START)
    timeline = timeline_data(ukraine, Settings())
    phases = timeline.phases
    scored = timeline.scored
    span = pd.period_range(scored["date"].min(), scored["date"].max(), freq="M")
    monthly = (
        scored.groupby(scored["date"].dt.to_period("M"))["score"]
        .sum()
        .reindex(span, fill_value=0)
    )
    events = data.events
    us = analysed[
        analysed["actor"].astype(str).eq("us")
        & analysed["pressure_on"].astype(str).isin(["kyiv", "moscow"])
    ]
    made = events[
        events["track"].astype(str).eq("gaza")
        & events["kind"].astype(str).isin(["ceasefire", "agreement"])
        & events["tone"].astype(str).ne("hostile")
    ]
    in_window = made["date"].between(ANALYSIS_START, vocab.ARTICLE_END)
    return Figures(
        h=headline(analysed),
        found=verdicts.verdicts(data.events),
        table=pressure_table(analysed),
        span=describe.span_words(data.events),
        quotes=len(data.quotes),
        days_moscow=int(phases.loc[phases["tilt"].eq("moscow"), "days"].sum()),
        days_kyiv=int(phases.loc[phases["tilt"].eq("kyiv"), "days"].sum()),
        ledger=claims.evaluate(data.claims, data.events, data.quotes),
        last_day=_day(events["date"].max()),
        table_span=(
            _day(ukraine["date"].min()),
            _day(ukraine["date"].max()),
            str(len(us)),
        ),
        months=(
            int((monthly > 0).sum()),
            int((monthly < 0).sum()),
            int((monthly == 0).sum()),
        ),
        seed_acts=int(
            (events["in_seed"] & events["kind"].astype(str).ne("context")).sum()
        ),
        agreements=frozenset({int(in_window.sum()), len(made)}),
        outlets=len(describe.outlet_counts(events, data.quotes)),
    )


def _day(day: pd.Timestamp) -> str:
    return f"{day.day} {day:%B %Y}"


def _p(x: float) -> str:
    return f"{x:.3f}"


def _pct(x: float) -> str:
    return f"{x:.0%}".rstrip("%")


@dataclass(frozen=True)
class Fact:
    """A figure, the pattern of the phrases that state it, the values they may give,
    and the places that must state it."""

    name: str
    pattern: str
    allowed: Callable[[Figures], set[tuple[str, ...]]]
    required: tuple[str, ...] = ()
    #: True for a figure of the article's window or the holdout: the claims ledger
    #: (each claim checked in its own window) and the explorer (an analyst's own
    #: selection, named beside its figures) state such figures for other spans
    windowed: bool = False


def _windows(f: Figures) -> list[dict[str, Any]]:
    return [f.found] + ([f.found["holdout"]] if f.found.get("holdout") else [])


def _acts_days(f: Figures) -> set[tuple[str, ...]]:
    out = set()
    for w in _windows(f):
        s = w["alternation"]["spells"]
        out.add((str(s["n_moscow"] + s["n_kyiv"]), str(s["days"])))
    # the synthetic worlds' design size, stated before the window's own
    return out | {(str(power.DESIGN_ACTS), str(power.DESIGN_DAYS))}


def _claims_fact(part: str, noun: str, heading: str) -> Fact:
    """How many claims of `part` there are and how many are supported, as the summary
    says it ("of N statements, K supported") and as the grid does ("Facts: K of N
    supported")."""

    def allowed(f: Figures) -> set[tuple[str, ...]]:
        n, k = _supported(f.ledger, part)
        said = "none" if k == 0 else str(k)
        return {(str(n), said), (str(k), str(n))}

    return Fact(
        f"claims: {heading.lower()}",
        rf"of (\d+) {noun}, (\d+|none) supported|{heading}: (\d+) of (\d+) supported",
        allowed,
        ("README.md", "notebooks/06_claims.ipynb"),
    )


FACTS: tuple[Fact, ...] = (
    Fact(
        "direction changes",
        r"changed direction (\d+) times",
        lambda f: {(str(f.h.direction_changes),)},
        ("README.md", "notebooks/02_timeline.ipynb"),
    ),
    Fact(
        "phases of the balance",
        r"(\d+) phases(?! of US pressure| passed without)",
        lambda f: {(str(f.h.phases),)},
        ("README.md", "notebooks/02_timeline.ipynb", "figures/02_timeline.txt"),
    ),
    Fact(
        "days leaning each way",
        r"(\d+) days leaning on Moscow(?: \(net\))?,? (?:and )?(\d+) on Kyiv",
        lambda f: {(str(f.days_moscow), str(f.days_kyiv))},
        ("notebooks/02_timeline.ipynb",),
    ),
    Fact(
        "acts that leaned on Moscow (net)",
        r"(\d+) lean(?:ed)? on Moscow\b",
        lambda f: {(str(f.h.toward_moscow),)},
        ("README.md", "notebooks/01_dataset.ipynb", "notebooks/02_timeline.ipynb"),
    ),
    Fact(
        "acts that leaned on Moscow (net), the table's note",
        r"Leaned on Moscow \(net\): [^,]+, (\d+) acts",
        lambda f: {(str(f.h.toward_moscow),)},
        ("README.md",),
    ),
    Fact(
        "acts that leaned on Kyiv (net)",
        r"(\d+) on Kyiv \((?:net|pressure on Kyiv raised)",
        lambda f: {(str(f.h.toward_kyiv),)},
        ("README.md", "notebooks/02_timeline.ipynb", "figures/02_timeline.txt"),
    ),
    Fact(
        "US acts that pushed on either side",
        r"(?:of|Of|Timeline of) (\d+) US acts(?: that pushed| from)",
        lambda f: {(str(f.h.acts_on_kyiv + f.h.acts_on_moscow),)},
        ("README.md", "notebooks/02_timeline.ipynb"),
    ),
    Fact(
        "US acts that targeted Moscow",
        r"(\d+) (?:US acts )?targeted Moscow|targeted Moscow (\d+) times",
        lambda f: {(str(int(f.table.loc["total", "on Moscow"])),)},
        ("notebooks/01_dataset.ipynb", "notebooks/05_gaza_contrast.ipynb"),
    ),
    Fact(
        "US acts that targeted Kyiv",
        r"(\d+) targeted Kyiv|Kyiv (\d+) times \(raised",
        lambda f: {(str(int(f.table.loc["total", "on Kyiv"])),)},
        ("notebooks/01_dataset.ipynb", "notebooks/05_gaza_contrast.ipynb"),
    ),
    Fact(
        "relief for Moscow",
        r"(\d+) of those on Moscow were relief|(\d+) acts of relief for Moscow",
        lambda f: {(str(int(f.table.loc["relief", "on Moscow"])),)},
        ("notebooks/01_dataset.ipynb", "figures/02_seesaw.txt"),
    ),
    Fact(
        "the 2x2 table in the README",
        r"\| relief \| (\d+) \| (\d+) \| (\d+) \|",
        lambda f: {tuple(str(int(v)) for v in f.table.loc["relief"])},
        ("README.md",),
    ),
    Fact(
        "rows in the dataset",
        r"(\d+) sourced rows|[Tt]he dataset holds (\d+) rows",
        lambda f: {(str(f.span["rows"]),)},
        ("README.md", "notebooks/01_dataset.ipynb"),
    ),
    Fact(
        "acts from the first charted month",
        r"(\d+) (?:sourced )?acts from [A-Z][a-z]+ \d{4} to",
        lambda f: {(str(f.span["acts"]),)},
        ("README.md", "notebooks/01_dataset.ipynb", "figures/01_coverage_by_month.txt"),
    ),
    Fact(
        "background rows",
        r"(\d+) background rows \(",
        lambda f: {(str(f.span["context"]),)},
        ("README.md", "notebooks/01_dataset.ipynb"),
    ),
    Fact(
        "quotes",
        r"and (\d+) quotes[.,]",
        lambda f: {(str(f.quotes),)},
        ("README.md", "notebooks/01_dataset.ipynb"),
    ),
    Fact(
        "spells test p",
        r"spells test p = (0\.\d{3})",
        lambda f: {(_p(w["alternation"]["p_value"]),) for w in _windows(f)},
        ("README.md", "notebooks/03_alternation.ipynb"),
        windowed=True,
    ),
    Fact(
        "spells test p in the lanes' alt texts",
        r"correlation of the two \d+-day smoothed lanes \(swings slower than \d+ days "
        r"removed\) is [-+]\d\.\d\d \(p = (0\.\d{3})\)",
        lambda f: {(_p(w["alternation"]["p_value"]),) for w in _windows(f)},
        ("figures/03_lanes.txt",),
        windowed=True,
    ),
    Fact(
        "power of the spells test at the window's size",
        r"the spells test's power is (\d+)%|realistic spells \(14-100 days, \d+% of acts "
        r"on their side as in the data; \d+ acts over \d+ days\): (\d+)%",
        lambda f: {(_pct(w["alternation"]["power"]),) for w in _windows(f)},
        ("README.md", "notebooks/03_alternation.ipynb"),
        windowed=True,
    ),
    Fact(
        "the power's interval",
        r"the spells test's power is \d+%, 95% interval (\d+)% to (\d+)%|over \d+ days\): "
        r"\d+%, 95% interval (\d+)% to (\d+)%",
        lambda f: {
            tuple(_pct(x) for x in w["alternation"]["power_interval"])
            for w in _windows(f)
        },
        ("README.md", "notebooks/03_alternation.ipynb"),
        windowed=True,
    ),
    Fact(
        "acts and days of each window",
        r"(\d+) acts over (\d+) days",
        _acts_days,
        ("notebooks/03_alternation.ipynb",),
        windowed=True,
    ),
    Fact(
        "overture episodes that came after pressure",
        r"(\d+) of (\d+) (?:Russian )?overture episodes",
        lambda f: {
            (str(w["overtures"]["hits"]), str(w["overtures"]["episodes"]))
            for w in _windows(f)
        },
        ("README.md", "notebooks/04_moscow_timing.ipynb", "figures/04_episodes.txt"),
        windowed=True,
    ),
    Fact(
        "the hit rate's interval",
        r"(\d+)%(?:,| with a) 95% interval (?:of )?(\d+)% to (\d+)%, against",
        lambda f: {
            tuple(_pct(w["overtures"][k]) for k in ("rate", "rate_low", "rate_high"))
            for w in _windows(f)
        },
        ("notebooks/04_moscow_timing.ipynb",),
        windowed=True,
    ),
    Fact(
        "p of the timing test",
        r"against \d+% of random days(?: \(p = |; p = )(0\.\d{3})",
        lambda f: (
            {(_p(w["overtures"]["p_value"]),) for w in _windows(f)}
            | {(_p(w["overtures"]["relief_after"]["p_value"]),) for w in _windows(f)}
        ),
        ("README.md", "notebooks/04_moscow_timing.ipynb"),
        windowed=True,
    ),
    Fact(
        "chance rate of the timing test",
        r"against (\d+)% of random days",
        lambda f: (
            {(_pct(w["overtures"]["chance"]),) for w in _windows(f)}
            | {(_pct(f.found["overtures"]["relief_after"]["chance"]),)}
        ),
        ("README.md", "notebooks/04_moscow_timing.ipynb"),
        windowed=True,
    ),
    Fact(
        "coverage of the two windows",
        r"(\d+\.\d) US pressure acts per 30 days against (\d+\.\d)",
        lambda f: {
            (
                f"{f.found['holdout']['window']['us_pressure_acts_per_30_days']:.1f}",
                f"{f.found['window']['us_pressure_acts_per_30_days']:.1f}",
            )
        },
        (
            "README.md",
            "notebooks/03_alternation.ipynb",
            "notebooks/04_moscow_timing.ipynb",
        ),
    ),
    Fact(
        "US pressure acts in the article's window",
        r"we logged (\d+) US acts",
        lambda f: {(str(f.found["window"]["us_pressure_acts"]),)},
        ("README.md",),
    ),
    _claims_fact("fact", "statements", "Facts"),
    _claims_fact("argument", "claims", "Argument"),
    Fact(
        "claims: unstable verdicts",
        r"(\d+) verdict(?:\(s\)|s) change at half or double",
        lambda f: {(str(int((~f.ledger["stable"].astype(bool)).sum())),)},
        ("README.md", "notebooks/06_claims.ipynb"),
    ),
    Fact(
        "the seesaw chart's last day",
        r"per week from \d+ \w+ \d{4} to (\d+ \w+ \d{4})",
        lambda f: {(f.last_day,)},
        ("figures/02_seesaw.txt",),
    ),
    Fact(
        "the 2x2 table's period",
        r"US acts from (\d+ \w+ \d{4}) to (\d+ \w+ \d{4}) \(the whole span, (\d+) acts",
        lambda f: {f.table_span},
        ("README.md",),
    ),
    Fact(
        "months the monthly net leaned each way (every month counted)",
        r"leaned on Moscow in (\d+)(?: months)? and on Kyiv in (\d+)(?:(?:,|;) (?:and )?"
        r"(\d+) (?:months? )?(?:was|were) even)?|above zero in (\d+) months, below in "
        r"(\d+)(?: and at zero in (\d+))?",
        # an even month must be said; with none, saying "0" is true too
        lambda f: (
            {tuple(str(n) for n in f.months)}
            | (set() if f.months[2] else {tuple(str(n) for n in f.months[:2])})
        ),
        (
            "notebooks/02_timeline.ipynb",
            "figures/02_monthly_balance.txt",
            "figures/02_monthly_balance.html",
        ),
    ),
    Fact(
        "acts the source article mentions",
        r"(\d+) acts and \d+ quotes are the ones the source article mentions",
        lambda f: {(str(f.seed_acts),)},
        ("notebooks/01_dataset.ipynb",),
    ),
    Fact(
        "Gaza truces or agreements made",
        r"(\d+) (?:ceasefires|truces)(?: or agreements)?|(\d+) agreements or "
        r"(?:ceasefires|truces)",
        lambda f: {(str(n),) for n in f.agreements},
    ),
    Fact(
        "outlets cited",
        r"(\d+) outlets",
        lambda f: {(str(f.outlets),)},
        ("README.md", "notebooks/01_dataset.ipynb"),
    ),
)


def _supported(ledger: pd.DataFrame, part: str) -> tuple[int, int]:
    rows = ledger[ledger["part"].eq(part)]
    return len(rows), int(rows["verdict"].eq("supported").sum())


def _matches(pattern: str, text: str) -> list[tuple[str, ...]]:
    """Each match's non-empty groups (alternatives leave the others empty)."""
    return [
        tuple(g for g in m.groups() if g is not None)
        for m in re.finditer(pattern, text)
    ]


def fact_problems(fact: Fact, texts: dict[str, str]) -> list[str]:
    """Each place in `texts` that states `fact` with another value than the computed
    one, and each place that must state it and does not, by name."""
    allowed = fact.allowed(figures())
    wrong = [
        f"{where}: {fact.name} reads {'/'.join(got)}, computed {sorted(allowed)}"
        for where, text in texts.items()
        if not (fact.windowed and where in SCOPED) and where not in OWN_SPAN
        for got in _matches(fact.pattern, text)
        if got not in allowed
    ]
    missing = [
        f"{where} does not state {fact.name}"
        for where in fact.required
        if not _matches(fact.pattern, texts[where])
    ]
    return wrong + missing


@pytest.mark.parametrize("fact", FACTS, ids=[f.name for f in FACTS])
def test_every_phrase_states_the_computed_figure(fact: Fact) -> None:
    problems = fact_problems(fact, places())
    assert not problems, problems


def test_the_places_are_all_read() -> None:
    """The scan covers every notebook and every alt text, not only the ones a fact names."""
    names = set(places())
    assert {f"notebooks/{p.name}" for p in NOTEBOOKS} <= names
    alts = {f"figures/{p.name}" for p in (paths.ROOT / "figures").glob("*.txt")}
    assert alts <= names and len(alts) >= 20
    for fact in FACTS:
        assert set(fact.required) <= names, fact.name


def test_a_wrong_figure_anywhere_is_caught() -> None:
    """The patterns catch a README that says another number, and an alt text that does."""
    real = places()
    h = figures().h
    bad = {
        "README.md": real["README.md"].replace(
            f"changed direction {h.direction_changes} times",
            f"changed direction {h.direction_changes + 1} times",
        ),
        "figures/02_timeline.txt": real["figures/02_timeline.txt"].replace(
            f"{h.phases} phases", f"{h.phases + 1} phases"
        ),
    }
    by_name = {f.name: f for f in FACTS}
    for name, where in (
        ("direction changes", "README.md"),
        ("phases of the balance", "figures/02_timeline.txt"),
    ):
        fact = by_name[name]
        assert bad[where] != real[where]
        allowed = fact.allowed(figures())
        assert [got for got in _matches(fact.pattern, bad[where]) if got not in allowed]


def test_the_scoped_places_name_their_own_span() -> None:
    """The explorer states its selection's dates beside its figures; each claim of the
    ledger states its window ('Between ... and ...')."""
    assert re.search(r"Between \d+ \w+ \d{4} and \d+ \w+ \d{4}", places()[SCOPED[0]])
    assert re.search(r"\d+ \w+ \d{4} to \d+ \w+ \d{4}", places()[SCOPED[1]])


def test_no_place_calls_phases_minus_one_the_direction_changes() -> None:
    h = figures().h
    if h.direction_changes != h.phases - 1:
        wrong = f"changed direction {h.phases - 1} times"
        assert not [where for where, text in places().items() if wrong in text]


def test_the_paths_exist() -> None:
    for fact in FACTS:
        for where in fact.required:
            assert (paths.ROOT / Path(where)).exists(), where


# --- Labels a fact pattern cannot hold: checked against the data or each other -------

#: Each figure the explorer states in words, and the row of its table that states it
#: again: (pattern in the words, the table's keys, in the pattern's group order).
EXPLORER_PAIRS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"spells test p = (\d\.\d{3}|below 0\.001)", ("turn-taking test p",)),
    (r"runs test p = (\d\.\d{3}|below 0\.001)", ("runs test p",)),
    (r"(\d+) runs against (\d+\.\d) expected", ("runs observed", "runs expected")),
    (
        r"(\d+) of (\d+) episodes, \d+%",
        ("0-3 days after US pressure", "overture episodes"),
    ),
    (r"(\d+%), 95% interval (\d+%) to (\d+%), against", ("share (95% interval)",)),
    (r"against (\d+%) of random days", ("random days",)),
    (r"of random days(?: \(|; )p = (\d\.\d{3}|below 0\.001)", ("timing test p",)),
    (r"(\d+) US acts targeting", ("acts",)),
)


def explorer_problems(where: str, panel: Panel) -> list[str]:
    """Each figure the explorer's words state that its table states otherwise (the
    still's prose once said 42 runs against 56.2 expected, its table 41 and 55.2)."""
    table = dict(panel.table)
    if "acts" not in table:
        found = re.search(r"(\d+) US acts targeting", panel.words)
        table["acts"] = found.group(1) if found else ""
    problems = []
    for pattern, keys in EXPLORER_PAIRS:
        said = _matches(pattern, panel.words)
        if not said:
            problems.append(f"{where}: the words state no {keys[0]!r}")
            continue
        shown = tuple(
            v
            for k in keys
            for v in (
                re.findall(r"\d+%", table.get(k, ""))
                if k == "share (95% interval)"
                else [table.get(k, "")]
            )
        )
        wrong = [got for got in said if got != shown]
        if wrong:
            problems.append(
                f"{where}: the words say {'/'.join(wrong[0])} where the table's "
                f"{', '.join(keys)} say {'/'.join(shown)}"
            )
    return problems


def test_the_explorers_words_and_table_agree() -> None:
    """As it opens and on the article's window, every figure the explorer states in
    words is the figure its table shows."""
    panels = explorer_panels()
    assert {EXPLORER, EXPLORER_WINDOW} <= set(panels)
    for where, panel in panels.items():
        assert panel.table and panel.words and panel.chart, where
        assert not explorer_problems(where, panel)


#: A number in scientific notation (9e-06) or a p-value printed as zero.
UNREADABLE = re.compile(r"\b\d(?:\.\d+)?e[-+]?\d+\b|\bp = 0\.0+(?![1-9\d])")


def format_problems(texts: dict[str, str]) -> list[str]:
    """Each figure a general reader cannot read: 9e-06, or p = 0.000 (which says a
    probability is zero): a p below 0.001 is said so."""
    return [
        f"{where}: {m.group(0)!r} in {text[max(0, m.start() - 50) : m.end() + 10]!r}"
        for where, text in texts.items()
        for m in UNREADABLE.finditer(text)
    ]


def test_no_figure_in_a_form_a_reader_cannot_read() -> None:
    problems = format_problems(places())
    assert not problems, problems


#: The one definition of an unstable verdict (seesaw.data.vocab.UNSTABLE_MEANS).
UNSTABLE_TAIL = vocab.UNSTABLE_MEANS.removeprefix("its verdict changes ")
#: A phrase that says when a verdict changes (defines "unstable").
CHANGES = re.compile(
    r"\bverdicts? (?:changes?|change) (?:at|with|under|when|if)\b[^;)]*"
)


def unstable_problems(texts: dict[str, str]) -> list[str]:
    """Each place that defines an unstable verdict otherwise than the one wording
    (once three: "half or double the window" in the grid's legend, another in the
    README and a third in 06)."""
    return [
        f"{where}: {m.group(0)[:120]!r} is not the one definition ({UNSTABLE_TAIL!r})"
        for where, text in texts.items()
        for m in CHANGES.finditer(text)
        if UNSTABLE_TAIL not in m.group(0).replace("\n", " ")
    ]


def test_unstable_is_defined_one_way() -> None:
    texts = places() | {
        "data/GLOSSARY.md": (paths.DATA / "GLOSSARY.md").read_text(encoding="utf-8")
    }
    problems = unstable_problems(texts)
    assert not problems, problems
    said = [w for w, text in texts.items() if CHANGES.search(text)]
    assert {"README.md", "figures/06_verdict_grid.txt"} <= set(said), said
    glossary = texts["data/GLOSSARY.md"].split("**unstable**", 1)[1].split("\n", 1)[0]
    assert UNSTABLE_TAIL in glossary, glossary


#: A row of 01's adjudication table: a field and its five outcome counts.
ADJUDICATION_ROW = re.compile(
    r"^\| `?\w+`? \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$", re.M
)


def adjudication_problems(texts: dict[str, str]) -> list[str]:
    """A count of disagreements that is not the sum of the adjudication table beside
    it (01 once said 51 while its table summed to 59)."""
    problems = []
    for where, text in texts.items():
        if "first coding kept" not in text:
            continue
        table = text.split("first coding kept", 1)[1]
        total = sum(int(n) for row in ADJUDICATION_ROW.findall(table) for n in row)
        for said in re.findall(r"(\d+) disagreements", text):
            if int(said) != total:
                problems.append(
                    f"{where}: {said} disagreements, but the adjudication table sums "
                    f"to {total}"
                )
    return problems


def test_the_disagreements_are_the_tables_sum() -> None:
    text = places()["notebooks/01_dataset.ipynb"]
    assert ADJUDICATION_ROW.findall(text.split("first coding kept", 1)[1])
    problems = adjudication_problems(places())
    assert not problems, problems


#: A legend entry of 01's kinds chart: what the acts did, and to whom.
LEGEND_ENTRY = re.compile(
    r"^(raised pressure on|relief for) (\w+)$|^no pressure coded$"
)


def legend_problems(where: str, fig: dict[str, Any], events: pd.DataFrame) -> list[str]:
    """Each legend entry of the kinds chart that does not name what its bars count:
    the entry's side and effect are read from its words and its bars are recounted
    from the rows (the chart once called relief acts "pressure on moscow")."""
    kinds = events["kind"].astype(str).map(lambda k: vocab.KIND_NAMES.get(k, k))
    problems = []
    for trace in fig["data"]:
        name = str(trace.get("name", ""))
        m = LEGEND_ENTRY.match(name)
        if not m:
            problems.append(f"{where}: legend entry {name!r} names no side and effect")
            continue
        if m.group(1):
            effect = "raise" if m.group(1).startswith("raised") else "relieve"
            rows = events["pressure_on"].astype(str).eq(m.group(2).lower()) & events[
                "effect"
            ].astype(str).eq(effect)
        else:
            rows = events["pressure_on"].astype(str).eq("none")
        counts = kinds[rows].value_counts()
        drawn = dict(zip(trace["y"], _values(trace["x"]), strict=True))
        wrong = {
            k: (int(v), int(counts.get(k, 0)))
            for k, v in drawn.items()
            if int(v) != int(counts.get(k, 0))
        }
        if wrong:
            k, (v, n) = next(iter(wrong.items()))
            problems.append(
                f"{where}: legend entry {name!r} draws {v} acts of kind {k!r}; the rows "
                f"it names hold {n} ({len(wrong)} kinds differ)"
            )
    return problems


def _values(values: Any) -> list[Any]:
    """A trace's values, plain or as plotly's typed array ({"dtype", "bdata"})."""
    if isinstance(values, dict) and "bdata" in values:
        import base64

        import numpy as np

        raw = base64.b64decode(values["bdata"])
        return np.frombuffer(raw, dtype=np.dtype(values["dtype"])).tolist()
    return list(values)


def _kinds_events() -> pd.DataFrame:
    events = load_dataset(paths.DATA).events
    return events[events["kind"].astype(str).ne("context")]


def test_the_kinds_legend_names_what_its_bars_count() -> None:
    fig = committed_charts()["figures/01_kinds.html"]
    assert len(fig["data"]) >= 5
    problems = legend_problems("figures/01_kinds.html", fig, _kinds_events())
    assert not problems, problems


# --- Each label the reader's edit found untrue, planted again: the checks fail -------

BY_NAME = {f.name: f for f in FACTS}


def _planted(where: str, old: str, new: str) -> dict[str, str]:
    """A copy of the places with `old` replaced by `new` in `where` (which must hold
    `old`: a plant that changes nothing proves nothing)."""
    real = places()
    assert old in real[where], (where, old)
    return {**real, where: real[where].replace(old, new)}


def _fails(fact: str, texts: dict[str, str], where: str) -> None:
    problems = fact_problems(BY_NAME[fact], texts)
    assert problems and all(p.startswith(where) for p in problems), problems


def test_planted_a_seesaw_chart_that_ends_a_week_early() -> None:
    """02_seesaw.txt said the chart ends 12 March 2026; the data end 19 March."""
    f = figures()
    texts = _planted("figures/02_seesaw.txt", f"to {f.last_day}.", "to 12 March 2026.")
    _fails("the seesaw chart's last day", texts, "figures/02_seesaw.txt")


def test_planted_background_rows_counted_as_acts() -> None:
    """01 counted 35 acts the article mentions, two of them background rows."""
    f = figures()
    texts = _planted(
        "notebooks/01_dataset.ipynb",
        f"{f.seed_acts} acts and",
        f"{f.seed_acts + 2} acts and",
    )
    _fails("acts the source article mentions", texts, "notebooks/01_dataset.ipynb")


def test_planted_a_truce_ended_counted_as_an_agreement() -> None:
    """05 counted 6 ceasefires or agreements on the Gaza track in the article's window,
    Israel's ending of the truce (E0055) among them."""
    where = "notebooks/05_gaza_contrast.ipynb"
    events = load_dataset(paths.DATA).events
    gaza = events[
        events["track"].astype(str).eq("gaza")
        & events["kind"].astype(str).isin(["ceasefire", "agreement"])
        & events["date"].between(ANALYSIS_START, vocab.ARTICLE_END)
    ]
    assert "E0055" in set(gaza["id"])  # the truce ended is among the kind's rows
    texts = {
        **places(),
        where: places()[where] + f"\n{len(gaza)} ceasefires or agreements",
    }
    _fails("Gaza truces or agreements made", texts, where)


def test_planted_a_legend_that_calls_relief_pressure() -> None:
    """The kinds chart's legend called relief acts (calls, sanctions relief, declined
    weapons) "pressure on moscow"; swapping two entries' names is caught too."""
    import copy

    where = "figures/01_kinds.html"
    fig = copy.deepcopy(committed_charts()[where])
    names = [t["name"] for t in fig["data"]]
    relief = names.index("relief for Moscow")
    fig["data"][relief]["name"] = "pressure on moscow"
    problems = legend_problems(where, fig, _kinds_events())
    assert any("'pressure on moscow' names no side" in p for p in problems), problems
    raised = names.index("raised pressure on Moscow")
    fig["data"][relief]["name"] = "raised pressure on Moscow"
    fig["data"][raised]["name"] = "relief for Moscow"
    problems = legend_problems(where, fig, _kinds_events())
    assert len(problems) == 2 and all(p.startswith(where) for p in problems), problems


def test_planted_unstable_defined_another_way() -> None:
    """The verdict grid's legend said "half or double the window" alone, and 06 said
    "the verdict changes with the window"."""
    for where, old in (
        ("figures/06_verdict_grid.html", vocab.UNSTABLE_MEANS.removeprefix("its ")),
        ("notebooks/06_claims.ipynb", "verdicts change at half or double the window"),
    ):
        new = (
            "verdict changes at half or double the window"
            if where.endswith("html")
            else "verdicts change with the window"
        )
        problems = unstable_problems(_planted(where, old, new))
        assert problems and all(p.startswith(where) for p in problems), problems


def test_planted_a_month_left_out_of_the_monthly_tilt() -> None:
    """02's monthly chart said "leaned on Moscow in 6 and on Kyiv in 8": 14 of 15
    months, the even month unsaid (the test's figures are today's)."""
    up, down, even = figures().months
    where = "figures/02_monthly_balance.html"
    said = (
        f"leaned on Moscow in {up} and on Kyiv in {down}, and "
        f"{vocab.count(even, 'month')} {'was' if even == 1 else 'were'} even"
    )
    if not even:
        said = f"leaned on Moscow in {up} and on Kyiv in {down}"
    texts = _planted(where, said, f"leaned on Moscow in {up + 1} and on Kyiv in {down}")
    _fails("months the monthly net leaned each way (every month counted)", texts, where)
    if even:  # the even month dropped, the other counts true: still caught
        texts = _planted(where, said, f"leaned on Moscow in {up} and on Kyiv in {down}")
        _fails(
            "months the monthly net leaned each way (every month counted)", texts, where
        )


def test_planted_a_2x2_table_without_its_period() -> None:
    """The README's table gave no period (the whole span) under a lead about the
    article's window."""
    start, end, n = figures().table_span
    old = f"US acts from {start} to {end} (the whole span, {n} acts"
    texts = _planted("README.md", old, "US acts (")
    _fails("the 2x2 table's period", texts, "README.md")
    texts = _planted("README.md", old, old.replace(n, str(int(n) - 55)))
    _fails("the 2x2 table's period", texts, "README.md")


def test_planted_an_explorer_whose_words_and_table_differ() -> None:
    """The explorer's still said "42 runs against 56.2 expected" beside a table of 41
    and 55.2, and showed 9e-06."""
    import dataclasses

    where = EXPLORER
    panel = explorer_panels()[where]
    runs, expected = panel.table["runs observed"], panel.table["runs expected"]
    said = f"{runs} runs against {expected} expected"
    assert said in panel.words
    off = dataclasses.replace(
        panel,
        words=panel.words.replace(said, f"{int(runs) + 1} runs against 56.2 expected"),
    )
    problems = explorer_problems(where, off)
    assert any("runs observed, runs expected" in p for p in problems), problems
    p_value = panel.table["timing test p"]
    tiny = dataclasses.replace(panel, table={**panel.table, "timing test p": "9e-06"})
    assert format_problems({where: tiny.text}), tiny.text
    assert explorer_problems(where, tiny), p_value


def test_planted_disagreements_that_are_not_the_tables_sum() -> None:
    """01 said 51 disagreements while its adjudication table summed to 59."""
    where = "notebooks/01_dataset.ipynb"
    text = places()[where]
    table = text.split("first coding kept", 1)[1]
    total = sum(int(n) for row in ADJUDICATION_ROW.findall(table) for n in row)
    texts = _planted(
        where,
        "Adjudication of each disagreement",
        f"Adjudication of the {total - 8} disagreements",
    )
    problems = adjudication_problems(texts)
    assert problems and all(p.startswith(where) for p in problems), problems
    assert not adjudication_problems(
        _planted(
            where,
            "Adjudication of each disagreement",
            f"Adjudication of the {total} disagreements",
        )
    )


def test_planted_a_p_value_of_zero() -> None:
    where = "notebooks/05_gaza_contrast.ipynb"
    texts = {**places(), where: places()[where] + "\nexact binomial p = 0.000;"}
    problems = format_problems(texts)
    assert problems and all(p.startswith(where) for p in problems), problems
