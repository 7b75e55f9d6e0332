"""The README's opening, generated from the data so its numbers are never typed: the
answer, the lead picture, how we know, the key episodes, what would change our mind,
then the figures in detail."""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

import pandas as pd

from seesaw import paths
from seesaw.analysis import verdicts
from seesaw.analysis.claims import evaluate
from seesaw.analysis.contrast import contrast
from seesaw.analysis.describe import outlet_counts, span_words
from seesaw.analysis.headline import Headline, headline
from seesaw.analysis.masks import select_events, track_rows, us_pressure_acts
from seesaw.analysis.power import timing_hits_needed
from seesaw.analysis.score import direction
from seesaw.data.load import load_episodes
from seesaw.data.safe import md, md_link
from seesaw.data.vocab import (
    ANALYSIS_START,
    DEFAULT_COINCIDENCE_DAYS,
    DEFAULT_SMOOTHING_DAYS,
    UNSTABLE_MEANS,
)
from seesaw.data.vocab import in_words as in_words  # small numbers in words
from seesaw.files import replace_block
from seesaw.text import disclosure
from seesaw.text.answer import answer_sentences
from seesaw.text.contrast import gaza_sentence
from seesaw.text.ledger import bottom_line as claims_bottom_line
from seesaw.text.words import (
    coverage_change,
    coverage_figures,
    cut,
    day,
    day_words,
    short_text,
    when,
)

BEGIN = "<!-- BEGIN GENERATED BOTTOM LINE: `seesaw readme` writes this part; do not edit -->"
END = "<!-- END GENERATED BOTTOM LINE -->"

#: The lead picture and its alt text (the figure's numbers are in its own alt text file).
METHODS_FILE = Path(__file__).with_name("methods.md")
LEAD_PICTURE = (
    "![The seesaw, week by week: US acts that raised pressure on Moscow above the axis, "
    "on Kyiv below, relief as thinner hollow bars, the article's window shaded and its "
    "episodes labelled](figures/02_seesaw.png)"
)


def bottom_line(
    events: pd.DataFrame,
    quotes: pd.DataFrame,
    h: Headline,
    ledger: pd.DataFrame | None = None,
    found: dict[str, Any] | None = None,
    analysed: pd.DataFrame | None = None,
    episodes: pd.DataFrame | None = None,
    swings: int | None = None,
    gaza: str | None = None,
) -> str:
    """The README's opening in Markdown from the headline figures, with the claims
    `ledger` counted, and with `found` (the verdicts) the answer, the methods box, what
    would change our mind and the changes made after seeing the data."""
    span = analysed if analysed is not None else events
    first, last = day(span["date"].min()), day(span["date"].max())
    acts = h.acts_on_kyiv + h.acts_on_moscow
    lines = [BEGIN, ""]
    if found is not None:
        lines += [" ".join(answer_sentences(found, swings, gaza)), "", LEAD_PICTURE, ""]
        lines += [*methods_box(events, quotes, found), ""]
        if episodes is not None:
            lines += [*episode_table(episodes, events), ""]
        lines += [*change_our_mind(found, ledger), "", "### In figures", ""]
    lines += [
        _data_line(events, quotes),
        f"- **The seesaw:** from {first} to {last}, of {acts} US acts that pushed on "
        f"either side, {h.toward_moscow} leaned on Moscow (net: raised pressure on Moscow "
        f"or relief for Kyiv) and {h.toward_kyiv} on Kyiv (net: raised pressure on Kyiv "
        f"or relief for Moscow); the {DEFAULT_SMOOTHING_DAYS}-day balance formed {h.phases} phases and changed "
        f"direction {h.direction_changes} times.",
    ]
    if found is not None:
        lines += _verdict_lines(found)
    if ledger is not None and len(ledger):
        lines.append(
            f"- **The article's claims** ({len(ledger)} statements): "
            + claims_bottom_line(ledger)
            + " ([notebook 06](notebooks/06_claims.ipynb) gives each verdict and its rows.)"
        )
    if found is not None:
        lines += [
            "",
            "**What we changed after seeing the data** (figures computed afresh on these "
            "data):",
            "",
            disclosure.markdown(disclosure.figures(events)),
        ]
    if analysed is not None:
        lines += [
            "",
            f"US acts from {first} to {last} (the whole span, {acts} acts; the article's "
            "window alone is counted above), by what they did and to whom:",
            "",
            *pressure_table_markdown(pressure_table(analysed)),
        ]
    return "\n".join([*lines, "", END])


def _data_line(events: pd.DataFrame, quotes: pd.DataFrame) -> str:
    span = span_words(events)
    background = (
        f" and {span['context']} background rows (the earliest from "
        f"{span['context_first']:%Y})"
        if span["context"]
        else ""
    )
    return (
        f"- **The data:** {span['rows']:,} sourced rows, {span['acts']:,} acts from "
        f"{span['span']}{background}, and {len(quotes):,} quotes."
    )


def methods_box(
    events: pd.DataFrame, quotes: pd.DataFrame, found: dict[str, Any]
) -> list[str]:
    """How we know (the template methods.md beside this module): five plain lines that
    define every term the figures use."""
    span = span_words(events)
    days = int(found["overtures"].get("coincidence_days", DEFAULT_COINCIDENCE_DAYS))
    text = string.Template(
        METHODS_FILE.read_text("utf-8")
    ).substitute(
        acts=f"{span['acts']:,}",
        context=span["context"],
        outlets=f"{len(outlet_counts(events, quotes)):,}",  # rows' and quotes', as 01 counts
        days=in_words(days),
        window=_when(found["window"]),
        smoothing=DEFAULT_SMOOTHING_DAYS,
    )
    return text.removesuffix("\n").split("\n")


def pressure_table(events: pd.DataFrame) -> pd.DataFrame:
    """US acts by effect (rows: raised pressure, relief) and target (columns: on Kyiv,
    on Moscow), with totals: the table that reconciles "on Moscow" (the target) with
    "leaned on Moscow (net)" (raised pressure on Moscow or relief for Kyiv)."""
    us = us_pressure_acts(events)
    table = (
        pd.crosstab(us["effect"].astype(str), us["pressure_on"].astype(str))
        .reindex(index=["raise", "relieve"], columns=["kyiv", "moscow"], fill_value=0)
        .astype(int)
    )
    table.index = pd.Index(["raised pressure", "relief"], name="US act")
    table.columns = pd.Index(["on Kyiv", "on Moscow"], name="target")
    table["total"] = table.sum(axis=1)
    table.loc["total"] = table.sum()
    return table


def pressure_table_markdown(table: pd.DataFrame) -> list[str]:
    """The 2x2 table as Markdown lines, with what each diagonal means."""
    lines = [
        "| US act | on Kyiv | on Moscow | total |",
        "|---|---:|---:|---:|",
    ]
    for name, row in table.iterrows():
        cells = " | ".join(str(int(v)) for v in row)
        lines.append(f"| {name} | {cells} |")
    cell = table.loc
    lean_m = int(cell["raised pressure", "on Moscow"] + cell["relief", "on Kyiv"])
    lean_k = int(cell["raised pressure", "on Kyiv"] + cell["relief", "on Moscow"])
    return [
        *lines,
        "",
        f"Leaned on Moscow (net): raised pressure on Moscow plus relief for Kyiv, "
        f"{lean_m} acts; leaned on Kyiv (net): raised pressure on Kyiv plus relief for "
        f"Moscow, {lean_k}.",
    ]


def moscow_counts_heading(table: pd.DataFrame) -> str:
    """Notebook 01's heading on `pressure_table`'s two counts: the US acts that targeted
    Moscow and those that leaned on Moscow (net), joined by "but only" when fewer
    leaned on Moscow than targeted it, else by "and"."""
    on_moscow = int(table.loc["total", "on Moscow"])
    lean = int(
        table.loc["raised pressure", "on Moscow"] + table.loc["relief", "on Kyiv"]
    )
    joint = "but only" if lean < on_moscow else "and"
    return (
        f"{on_moscow} US acts targeted Moscow, {joint} {lean} leaned on Moscow (net): "
        f"{int(table.loc['relief', 'on Moscow'])} of those on Moscow were relief"
    )


def _when(window: dict[str, Any]) -> str:
    return when(pd.Timestamp(window["start"]), pd.Timestamp(window["end"]))


def _effect(block: dict[str, Any], sign: bool) -> str:
    effect = block.get("effect") or {}
    est, interval = effect.get("estimate"), effect.get("interval")
    if est is None or not interval:
        return ""
    f = "{:+.2f}" if sign else "{:.1f}"
    return f"{f.format(est)} (95% interval {f.format(interval[0])} to {f.format(interval[1])})"


def _alternation(block: dict[str, Any]) -> str:
    if "headline" not in block:
        return f"untestable: {block.get('reason', '')}"
    power, interval = block.get("power"), block.get("power_interval")
    effect = _effect(block, sign=True)
    parts = [block["plain"]]
    if effect:
        parts.append(f"the weekly correlation of the two sides' pressure is {effect}")
    spells = block["spells"]
    parts.append(
        f"spells test p = {block['p_value']:.3f} over all {spells['shifts']} slides of one side along the "
        f"calendar (about {spells['effective_shifts']:.0f} independent)"
    )
    if power is not None:
        ci = (
            f", 95% interval {interval[0]:.0%} to {interval[1]:.0%}" if interval else ""
        )
        parts.append(
            f"against realistic spells ({block['power_world']}) the spells test's power is "
            f"{power:.0%}{ci}"
        )
    parts.append(block["mde"])
    return "; ".join(parts)


def _overtures(block: dict[str, Any], link: str = "") -> str:
    if "headline" not in block:
        return f"untestable: {block.get('reason', '')}."
    effect = _effect(block, sign=False)
    ratio = (
        f"; overture episodes were {effect} times as likely to come soon after a US "
        "escalation as random days"
        if effect
        else ""
    )
    return (
        f"{block['plain']}{ratio}; {block['hits']} of {block['episodes']} overture "
        f"episodes came 0-{block['coincidence_days']} days after a US escalation on Moscow, "
        f"a hit rate of {block['rate']:.0%}, 95% interval "
        f"{block['rate_low']:.0%} to {block['rate_high']:.0%}, against "
        f"{block['chance']:.0%} of random days; p = {block['p_value']:.3f}"
        + (f" ({link})" if link else "")
        + f". {block['power_line']}"
    )


def _verdict_lines(found: dict[str, Any]) -> list[str]:
    """The two verdicts in words, article window first, then the holdout."""
    w = found["window"]
    hold = found.get("holdout")
    lines = [
        f"- **Spells that take turns?** In the article's window ({_when(w)}): "
        f"{_alternation(found['alternation'])} ([notebook 03](notebooks/03_alternation.ipynb); "
        "the analysis plan: [data/ANALYSIS.md](data/ANALYSIS.md)).",
        "- **Moscow's timing:** in the article's window, "
        + _overtures(
            found["overtures"],
            "[notebook 04](notebooks/04_moscow_timing.ipynb)",
        ),
    ]
    if hold:
        hw = hold["window"]
        lines.append(
            f"- **After the article** ({_when(hw)}, the holdout; "
            f"{coverage_change(w, hw)}: {coverage_figures(w, hw)}; "
            f"{hw['us_pressure_acts_per_30_days']:.1f} US pressure acts per 30 days "
            f"against {w['us_pressure_acts_per_30_days']:.1f}). Spells: "
            f"{_alternation(hold['alternation'])}. Moscow's timing: "
            f"{_overtures(hold['overtures'])}"
        )
    return lines


def update(text: str, block: str) -> str:
    """Replace the generated block in the README text."""
    return replace_block(text, BEGIN, END, block, "README.md")


def episode_table(episodes: pd.DataFrame, events: pd.DataFrame) -> list[str]:
    """The key episodes as a Markdown table: date, the episode's name, what happened
    (the row's own summary), which side it leaned on, and a link to the row's page.
    All data text escaped."""
    rows = events.set_index("id")
    # which side each act leaned on (net): `score.direction`'s +1 Moscow, -1 Kyiv
    leaned = direction(rows).map({1: "Moscow", -1: "Kyiv", 0: "neither"})
    lines = [
        "### The key episodes",
        "",
        "The episodes the article's argument rests on, in the words of their rows in the "
        "data (the list is [data/episodes.csv](data/episodes.csv)):",
        "",
        "| date | episode | what happened | leaned on | source |",
        "|---|---|---|---|---|",
    ]
    for ep in episodes.itertuples(index=False):
        row = rows.loc[ep.id]
        side = leaned.loc[ep.id]
        summary = str(row["summary"]).strip()  # cut to its first sentence
        stop = summary.find(". ")
        what = cut(summary[: stop + 1] if stop > 0 else summary, 160, " ...")
        lines.append(
            f"| {day_words(row['date'])} | {md(ep.label)} | {md(what)} "
            f"| {side} | {md_link(row['source_outlet'], row['source_url'])} |"
        )
    return lines


def change_our_mind(found: dict[str, Any], ledger: pd.DataFrame | None) -> list[str]:
    """What would flip each verdict, computed: for Moscow's timing how many more
    episodes within the window would make chance an unlikely explanation; for the
    turn-taking test what it could see; for the claims the unstable ones."""
    lines = ["### What would change our mind", ""]
    if "hits" in found["overtures"]:
        lines.append(f"- **Moscow's timing:** {_timing_change(found['overtures'])}")
    alt = found["alternation"]
    power, mde = alt.get("power"), alt.get("mde", "")
    if alt.get("verdict") in ("spells", "act_by_act"):
        lines.append(
            f"- **Turn-taking:** the test found a pattern (p = {alt['p_value']:.3f}); "
            "it would count for less if it failed to carry on into the holdout months, "
            "or vanished under another way of weighing the acts (notebook 03)."
        )
    elif power is not None and alt.get("verdict") == "no_pattern":
        lines.append(
            f"- **Turn-taking:** the test found nothing, with a power of {power:.0%} "
            "against realistic spells; a seesaw fainter than those worlds could still "
            f"hide in the data: {mde}."
        )
    elif power is not None:
        lines.append(
            f"- **Turn-taking:** the test found nothing, but against realistic spells it "
            f"has a power of {power:.0%}: {mde}. More months of data, or "
            "cleaner spells than the data show, would be needed before a null result "
            "could count against the seesaw."
        )
    if ledger is not None and len(ledger):
        shaky = ledger[~ledger["stable"].astype(bool)]
        named = "; ".join(
            f"{r['id']} ({md(short_text(r.get('claim', ''), 60))}, now {r['verdict']})"
            for _, r in shaky.iterrows()
        )
        lines.append(
            f"- **The article's claims:** a claim is **unstable** when {UNSTABLE_MEANS}. "
            f"{len(shaky)} are: {named}."
            if len(shaky)
            else "- **The article's claims:** none is **unstable** (no verdict changes "
            f"{UNSTABLE_MEANS.removeprefix('its verdict changes ')})."
        )
    return lines


def _timing_change(ov: dict[str, Any]) -> str:
    """How many more (or fewer) overture episodes would flip the timing verdict."""
    hits, n = int(ov["hits"]), int(ov["episodes"])
    need = timing_hits_needed(n, float(ov["chance"]))
    days = in_words(int(ov.get("coincidence_days", DEFAULT_COINCIDENCE_DAYS)))
    if need is None:
        return (
            f"with only {in_words(n)} overture episodes, no count of them could beat "
            "chance; more episodes are needed before the question can be answered."
        )
    if hits >= need:
        return (
            f"{in_words(hits)} of {in_words(n)} overture episodes came within {days} days "
            f"of a US escalation, more than the {in_words(need)} chance rarely reaches; "
            f"{in_words(hits - need + 1)} fewer would make it a result chance could produce."
        )
    return (
        f"{in_words(need - hits)} more of the {in_words(n)} overture episodes coming "
        f"within {days} days of a US escalation ({in_words(need)} in all, against "
        f"{in_words(hits)} now) would make the pattern one that chance rarely produces, "
        "and so a finding."
    )


def block_for(data: Any, data_dir: Path | str | None = None) -> str:
    """The README's opening for a loaded dataset with the notebooks' default selection
    (the Ukraine track from the inauguration), the key episodes read from `data_dir`'s
    `episodes.csv` when it holds one."""
    ukraine = track_rows(data.events, "ukraine")
    analysed = select_events(ukraine, ANALYSIS_START)
    ledger = evaluate(data.claims, data.events, data.quotes)
    found = verdicts.verdicts(data.events)
    w = found["window"]
    swings = headline(select_events(ukraine, w["start"], w["end"])).direction_changes
    path = Path(data_dir if data_dir is not None else paths.DATA) / "episodes.csv"
    episodes = load_episodes(path, data.events) if path.is_file() else None
    return bottom_line(
        data.events,
        data.quotes,
        headline(analysed),
        ledger,
        found,
        analysed,
        episodes,
        swings,
        gaza_sentence(contrast(data.events)),
    )
