"""The README's bottom line, generated from the data so its numbers are never typed."""

from __future__ import annotations

from typing import Any

import pandas as pd

from seesaw.analysis.headline import Headline
from seesaw.data.vocab import DEFAULT_COINCIDENCE_DAYS, MIN_POWER
from seesaw.data.vocab import in_words as in_words  # small numbers in words
from seesaw.text import disclosure

BEGIN = "<!-- BEGIN GENERATED BOTTOM LINE: `seesaw readme` writes this part; do not edit -->"
END = "<!-- END GENERATED BOTTOM LINE -->"


def bottom_line(
    events: pd.DataFrame,
    quotes: pd.DataFrame,
    h: Headline,
    ledger: pd.DataFrame | None = None,
    found: dict[str, Any] | None = None,
    analysed: pd.DataFrame | None = None,
) -> str:
    """The bottom line in Markdown, from the headline figures, the claims ledger of
    `seesaw.analysis.claims.evaluate` (facts and argument counted apart, unstable verdicts
    named) and, with `found` (from `seesaw.analysis.verdicts.verdicts`), the two tests stated by
    their verdicts for the article's window and the holdout, in words generated from them.
    """
    claims_line = []
    if ledger is not None and len(ledger):
        from seesaw.analysis.claims import bottom_line as claims_bottom_line

        claims_line = [
            f"- **The article's claims** ({len(ledger)} statements): "
            + claims_bottom_line(ledger)
            + " ([`06_claims`](notebooks/06_claims.ipynb) gives each verdict and its rows.)"
        ]
    test_lines = _verdict_lines(found) if found is not None else []
    return "\n".join(
        [
            BEGIN,
            "",
            *([plain_words(found), "", "**In figures:**", ""] if found else []),
            _data_line(events, quotes),
            f"- **The seesaw:** from {_day(events, analysed, 'min')} to "
            f"{_day(events, analysed, 'max')}, of {h.acts_on_kyiv + h.acts_on_moscow} US acts "
            f"that pushed on either side, {h.toward_moscow} leaned on Moscow (net: raised pressure on "
            f"Moscow or relief for Kyiv) and {h.toward_kyiv} on Kyiv (net: raised pressure "
            f"on Kyiv or relief for Moscow); the 14-day balance formed {h.phases} phases "
            f"and changed direction {h.direction_changes} times.",
            *test_lines,
            *claims_line,
            *(
                [
                    "",
                    "**What we changed after seeing the data** (figures computed afresh "
                    "on these data):",
                    "",
                    disclosure.markdown(disclosure.figures(events)),
                ]
                if found is not None
                else []
            ),
            *(
                ["", *pressure_table_markdown(pressure_table(analysed))]
                if analysed is not None
                else []
            ),
            "",
            END,
        ]
    )


def _day(events: pd.DataFrame, analysed: pd.DataFrame | None, which: str) -> str:
    """The first or last day of the analysed span, as '20 January 2025'."""
    frame = analysed if analysed is not None else events
    day = frame["date"].min() if which == "min" else frame["date"].max()
    return f"{day:%d %B %Y}".lstrip("0")


def _data_line(events: pd.DataFrame, quotes: pd.DataFrame) -> str:
    from seesaw.analysis.describe import span_words

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


def plain_words(found: dict[str, Any]) -> str:
    """Three sentences for a general reader, no p-values: what the article said was
    happening, whether US pressure took turns, whether Moscow's overtures followed it.
    Generated from the verdicts of `seesaw.analysis.verdicts.verdicts`."""
    w, alt, ov = found["window"], found["alternation"], found["overtures"]
    first, last = pd.Timestamp(w["start"]), pd.Timestamp(w["end"])
    period = f"{first:%B} to {last:%B %Y}"
    lane = alt.get("first_lane")
    swing = ""
    if alt.get("slow_swing") and lane in ("kyiv", "moscow"):
        later = "Moscow" if lane == "kyiv" else "Kyiv"
        swing = (
            f"; Washington pressed {lane.title()} first and {later} later, in one long "
            "swing"
        )
    s1 = (
        f"From {period}, the months the article covers, we logged "
        f"{w['us_pressure_acts']:,} US acts that raised or relieved pressure on Kyiv or "
        f"on Moscow{swing}."
    )
    if alt["verdict"] == "spells":
        s2 = (
            "Its pressure came in spells that took turns between the two capitals more "
            "regularly than chance would produce: the seesaw the article describes."
        )
    elif alt["verdict"] == "act_by_act":
        s2 = (
            "Its pressure switched between the two capitals from one act to the next "
            "more often than chance would, but not in spells of weeks."
        )
    elif alt["verdict"] == "no_pattern":
        s2 = (
            "But the busy weeks on each side did not take turns more often than chance "
            "would produce, and the test was strong enough to see realistic spells: the "
            "data speak against the regular seesaw the article describes."
        )
    else:
        power = alt.get("power")
        miss = (
            "a test on so few acts misses most realistic spells"
            if power is not None and power < MIN_POWER
            else "a test on so few acts misses realistic spells in a good share of runs"
            if power is not None
            else "the test's power was not measured"
        )
        s2 = (
            "Whether its pressure came in spells that took turns, the data cannot tell: "
            "the busy weeks on each side did not take turns more often than chance would "
            f"produce, but {miss}."
        )
    if "hits" in ov and ov["verdict"] == "follow_pressure":
        s3 = (
            f"Moscow's overtures (calls, summit offers, talks, truces) did tend to come "
            f"within {in_words(int(ov.get('window_days', DEFAULT_COINCIDENCE_DAYS)))} days after US pressure: "
            f"{in_words(ov['hits'])} of {in_words(ov['episodes'])} did, more than random "
            "days would."
        )
    elif "hits" in ov:
        s3 = (
            f"Moscow's overtures (calls, summit offers, talks, truces) came within "
            f"{in_words(int(ov.get('window_days', DEFAULT_COINCIDENCE_DAYS)))} days after US pressure "
            f"{in_words(ov['hits'])} times out of {in_words(ov['episodes'])}, "
            + (
                "a little more often than random days would, but not beyond what chance "
                "allows"
                if ov["rate"] > ov["chance"]
                else "no more often than random days would"
            )
            + (
                ", and the test was strong enough to see a realistic pattern: the data "
                "speak against Moscow timing them to defuse it."
                if ov["verdict"] == "no_pattern"
                else ", so the data can neither show nor rule out that Moscow timed them "
                "to defuse it: with so few episodes only a very strong pattern could be "
                "seen."
            )
        )
    else:
        s3 = "There were too few of Moscow's overtures to time them."
    return " ".join([s1, s2, s3])


def pressure_table(events: pd.DataFrame) -> pd.DataFrame:
    """US acts by effect (rows: raised pressure, relief) and target (columns: on Kyiv,
    on Moscow), with totals: the table that reconciles "on Moscow" (the target) with
    "leaned on Moscow (net)" (raised pressure on Moscow or relief for Kyiv)."""
    us = events[
        events["actor"].astype(str).eq("us")
        & events["pressure_on"].astype(str).isin(["kyiv", "moscow"])
    ]
    table = (
        pd.crosstab(us["effect"].astype(str), us["pressure_on"].astype(str))
        .reindex(index=["raise", "relieve"], columns=["kyiv", "moscow"], fill_value=0)
        .fillna(0)
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
    lean_m = int(
        table.loc["raised pressure", "on Moscow"] + table.loc["relief", "on Kyiv"]
    )
    lean_k = int(
        table.loc["raised pressure", "on Kyiv"] + table.loc["relief", "on Moscow"]
    )
    return [
        *lines,
        "",
        f"Leaned on Moscow (net): raised pressure on Moscow plus relief for Kyiv, "
        f"{lean_m} acts; leaned on Kyiv (net): raised pressure on Kyiv plus relief for "
        f"Moscow, {lean_k}.",
    ]


def _when(window: dict[str, Any]) -> str:
    first, last = pd.Timestamp(window["start"]), pd.Timestamp(window["end"])
    return f"{first:%d %B %Y}".lstrip("0") + " to " + f"{last:%d %B %Y}".lstrip("0")


def after_colon(text: str) -> str:
    """A verdict's headline after a colon: its first word in lower case, unless it is a
    name ("US", "Russian", "Moscow", "Kyiv")."""
    first = text.split(" ", 1)[0]
    if first in ("US", "Russian", "Moscow", "Kyiv", "Washington"):
        return text
    return text[:1].lower() + text[1:]


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
        f"spells test p = {block['p_value']:.3f} over all {spells['shifts']} shifts (about "
        f"{spells['effective_shifts']:.0f} independent)"
    )
    if power is not None:
        parts.append(
            f"against realistic spells ({block['power_world']}) the spells test's power is "
            f"{power:.0%}"
            + (
                f", 95% interval {interval[0]:.0%} to {interval[1]:.0%}"
                if interval
                else ""
            )
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
        f"episodes came 0-{block['window_days']} days after a US escalation on Moscow, "
        f"a hit rate of {block['rate']:.0%}, 95% interval "
        f"{block['rate_low']:.0%} to {block['rate_high']:.0%}, against "
        f"{block['chance']:.0%} of random days; placebo p = {block['p_value']:.3f} (verdict "
        f"`{block['verdict']}`{link}). {block['power_line']}"
    )


def _verdict_lines(found: dict[str, Any]) -> list[str]:
    """The two verdicts in words, article window first, then the holdout."""
    w = found["window"]
    hold = found.get("holdout")
    lines = [
        f"- **Spells that take turns?** In the article's window ({_when(w)}): "
        f"{_alternation(found['alternation'])} (verdict `{found['alternation']['verdict']}`; "
        "[`03_alternation`](notebooks/03_alternation.ipynb), plan: "
        "[`data/ANALYSIS.md`](data/ANALYSIS.md)).",
        "- **Moscow's timing:** in the article's window, "
        + _overtures(
            found["overtures"],
            "; [`04_moscow_timing`](notebooks/04_moscow_timing.ipynb)",
        ),
    ]
    if hold:
        hw = hold["window"]
        lines.append(
            f"- **After the article** ({_when(hw)}, the holdout; thinner coverage: "
            f"{hw['us_pressure_acts_per_30_days']:.1f} US pressure acts per 30 days "
            f"against {w['us_pressure_acts_per_30_days']:.1f} before). Spells: "
            f"{_alternation(hold['alternation'])} (verdict "
            f"`{hold['alternation']['verdict']}`). Moscow's timing: "
            f"{_overtures(hold['overtures'])}"
        )
    return lines


def update(text: str, block: str) -> str:
    """Replace the generated block in the README text."""
    from seesaw.files import replace_block

    return replace_block(text, BEGIN, END, block, "README.md")


def block_for(data: Any) -> str:
    """The bottom line for a loaded dataset, with the notebooks' default selection.

    The headline figures cover the analysed span (from the inauguration, as the
    notebooks' `start_date` does) of the Ukraine track; the data line counts every row.
    """
    from seesaw.analysis import verdicts
    from seesaw.analysis.claims import evaluate
    from seesaw.analysis.headline import ANALYSIS_START, headline
    from seesaw.analysis.masks import select_events, track_rows

    analysed = select_events(track_rows(data.events, "ukraine"), ANALYSIS_START)
    ledger = evaluate(data.claims, data.events, data.quotes)
    found = verdicts.verdicts(data.events)
    return bottom_line(
        data.events, data.quotes, headline(analysed), ledger, found, analysed
    )
