"""Sensitivity to the coding in words: whether a verdict survives every contested
coding choice, and where the slow swing's switch falls under them (the table is
`seesaw.analysis.sensitivity.coding_table`'s, or `run_variants`')."""

from __future__ import annotations

import pandas as pd

from seesaw.analysis import sensitivity
from seesaw.analysis.fact_checks import day_text
from seesaw.text.words import verdict_name


def survival_sentence(table: pd.DataFrame, column: str, what: str) -> str:
    """One generated sentence: does the verdict survive every contested coding choice?"""
    table = sensitivity.ran(table)
    base = str(table[column].iloc[0])
    said = verdict_name(base)
    others = table.iloc[1:]
    changed = others[others[column].ne(base)]
    if others.empty:
        return (
            f"No contested coding choice could be tried on the {what} verdict ({said})."
        )
    if changed.empty:
        under = (
            "the one contested coding choice tried"
            if len(others) == 1
            else f"all {len(others)} contested coding choices"
        )
        return f"The {what} verdict ({said}) is the same under {under} (`seesaw sensitivity`)."
    names = "; ".join(
        f"{r.label}: {verdict_name(str(getattr(r, column)))}"
        for r in changed.itertuples(index=False)
    )
    return (
        f"The {what} verdict ({said}) changes under {len(changed)} of the "
        f"{len(others)} contested coding choices ({names})."
    )


#: A switch that moves by more than this many days under a coding choice is named.
SWITCH_MOVE_DAYS = 7


def switch_sentence(table: pd.DataFrame) -> str:
    """One generated sentence: where the slow swing's switch (described, not tested)
    falls under the contested coding choices, naming any that move it by more than
    `SWITCH_MOVE_DAYS` days."""
    table = sensitivity.ran(table)
    if "switch_date" not in table or table["switch_date"].isna().iloc[0]:
        return "The slow swing's switch could not be placed on the data as coded."
    ran = table[table["switch_date"].notna()]
    dates = pd.to_datetime(ran["switch_date"])
    base = dates.iloc[0]
    moved = ran[(dates - base).abs().dt.days > SWITCH_MOVE_DAYS]
    said = (
        "; it moves by more than a week under "
        + "; ".join(
            f"{r.label} ({day_text(pd.Timestamp(r.switch_date), long=True)})"
            for r in moved.itertuples(index=False)
        )
        if len(moved)
        else "; none moves it by more than a week"
    )
    low, high, coded = (
        day_text(d, long=True) for d in (dates.min(), dates.max(), base)
    )
    return (
        f"Under the {len(table) - 1} contested coding choices the switch falls between "
        f"{low} and {high} (as coded: {coded}){said} (`seesaw sensitivity`)."
    )
