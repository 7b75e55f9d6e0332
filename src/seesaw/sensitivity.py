"""Sensitivity to the coding: the same events under each contested coding choice.

Each variant is a pure transformation of the events table that changes exactly the rows
it names (tested), so a conclusion can be rerun on it:

- `second_coder`: the blind second coder's codes in place of the first, for the
  double-coded rows (`data/reliability/second_coding.csv`);
- `calls_none`: US calls with Putin coded as pushing on neither side;
- `help_flipped`: help to Kyiv coded the other way (arms or aid for Kyiv that the first
  coding reads as raising pressure on Moscow become relief for Kyiv, and the reverse);
- `drop_weak_sources`: rows whose only source is an aggregator or a weak page dropped;
- `drop_imprecise_dates`: rows dated only to a week or a month dropped;
- `merge_reversals`: an act and the act that reverses it counted once (the reversal
  dropped);
- `drop_state_media`: rows sourced to state media dropped.

`run_variants(events, quotes, evaluate)` applies `evaluate` (a function from the events
and quotes to a flat dict of figures and verdicts) to the data as coded and to each
variant, giving one row per variant.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

#: Kinds that are help to Kyiv's defence (arms, aid, intelligence flowing to Kyiv).
HELP_KINDS = frozenset({"weapons_supply", "aid_resume", "intel_resume"})
#: Source qualities that the `drop_weak_sources` variant drops.
WEAK_QUALITIES = frozenset({"aggregator", "weak"})


@dataclass(frozen=True)
class Variant:
    name: str
    label: str
    apply: Callable[[pd.DataFrame, pd.DataFrame | None], pd.DataFrame]


def _recode(
    events: pd.DataFrame, mask: pd.Series, **values: str | None
) -> pd.DataFrame:
    out = events.copy()
    for col, value in values.items():
        dtype = out[col].dtype
        if isinstance(dtype, pd.CategoricalDtype) and value not in (
            None,
            *dtype.categories,
        ):
            out[col] = out[col].cat.add_categories([value])
        out.loc[mask, col] = value if value is not None else pd.NA
    return out


def second_coder(events: pd.DataFrame, second: pd.DataFrame | None) -> pd.DataFrame:
    """The second coder's pressure_on, effect, mode and kind for the rows they coded."""
    if second is None:
        raise ValueError("the second_coder variant needs the second coding")
    out = events.copy()
    codes = second.set_index("id")
    rows = out["id"].isin(codes.index)
    ids = out.loc[rows, "id"]
    for col in ("pressure_on", "effect", "mode", "kind"):
        new = codes.loc[ids, col].replace("", pd.NA).to_numpy()
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            extra = sorted(
                {v for v in new if isinstance(v, str)} - set(out[col].cat.categories)
            )
            if extra:
                out[col] = out[col].cat.add_categories(extra)
        out.loc[rows, col] = new
    return out


def calls_with_putin(events: pd.DataFrame) -> pd.Series:
    """US calls addressed to Russia (leader calls with Putin, whoever the US caller)."""
    return (
        (events["actor"] == "us")
        & (events["kind"] == "call")
        & (events["recipient"] == "russia")
    )


def calls_none(
    events: pd.DataFrame, _second: pd.DataFrame | None = None
) -> pd.DataFrame:
    mask = calls_with_putin(events) & (events["pressure_on"] != "none")
    return _recode(events, mask, pressure_on="none", effect=None)


def help_to_kyiv(events: pd.DataFrame) -> pd.Series:
    """US help for Kyiv's defence, coded as raising pressure on Moscow or relieving Kyiv."""
    coded = ((events["pressure_on"] == "moscow") & (events["effect"] == "raise")) | (
        (events["pressure_on"] == "kyiv") & (events["effect"] == "relieve")
    )
    return (events["actor"] == "us") & events["kind"].isin(HELP_KINDS) & coded


def help_flipped(
    events: pd.DataFrame, _second: pd.DataFrame | None = None
) -> pd.DataFrame:
    mask = help_to_kyiv(events)
    to_kyiv = mask & (events["pressure_on"] == "moscow")
    to_moscow = mask & (events["pressure_on"] == "kyiv")
    out = _recode(events, to_kyiv, pressure_on="kyiv", effect="relieve")
    return _recode(out, to_moscow, pressure_on="moscow", effect="raise")


def drop_weak_sources(
    events: pd.DataFrame, _second: pd.DataFrame | None = None
) -> pd.DataFrame:
    if "source_quality" not in events:
        raise ValueError(
            "the drop_weak_sources variant needs the source_quality column"
        )
    return events[~events["source_quality"].isin(WEAK_QUALITIES)].copy()


def drop_imprecise_dates(
    events: pd.DataFrame, _second: pd.DataFrame | None = None
) -> pd.DataFrame:
    return events[events["date_precision"] == "day"].copy()


def merge_reversals(
    events: pd.DataFrame, _second: pd.DataFrame | None = None
) -> pd.DataFrame:
    reverses = events["reverses"].astype("string")
    return events[reverses.isna() | (reverses == "")].copy()


def drop_state_media(
    events: pd.DataFrame, _second: pd.DataFrame | None = None
) -> pd.DataFrame:
    return events[~events["state_media"].astype(bool)].copy()


VARIANTS: tuple[Variant, ...] = (
    Variant("second_coder", "second coder's codes", second_coder),
    Variant("calls_none", "calls with Putin coded none", calls_none),
    Variant("help_flipped", "help to Kyiv coded the other way", help_flipped),
    Variant(
        "drop_weak_sources", "aggregator or weak sources dropped", drop_weak_sources
    ),
    Variant(
        "drop_imprecise_dates",
        "week- or month-dated rows dropped",
        drop_imprecise_dates,
    ),
    Variant("merge_reversals", "reversal pairs counted once", merge_reversals),
    Variant("drop_state_media", "state-media sources dropped", drop_state_media),
)
BASELINE = Variant("as_coded", "as coded", lambda events, _second: events)


def changed_rows(before: pd.DataFrame, after: pd.DataFrame) -> set[str]:
    """Ids of rows a variant dropped or recoded (for tests and the notes under the plot)."""
    cols = ["pressure_on", "effect", "mode", "kind"]
    gone = set(before["id"]) - set(after["id"])
    a = before.set_index("id").loc[list(after["id"]), cols].astype("string").fillna("")
    b = after.set_index("id")[cols].astype("string").fillna("")
    recoded = set(a.index[(a != b).any(axis=1)])
    return gone | recoded


def run_variants(
    events: pd.DataFrame,
    second: pd.DataFrame | None,
    evaluate: Callable[[pd.DataFrame], Mapping[str, Any]],
) -> pd.DataFrame:
    """`evaluate` on the data as coded and under each variant; one row per variant with
    `variant`, `label`, `rows_changed` and the figures `evaluate` returns."""
    rows = []
    for variant in (BASELINE, *VARIANTS):
        data = variant.apply(events, second)
        figures = dict(evaluate(data))
        rows.append(
            {
                "variant": variant.name,
                "label": variant.label,
                "rows_changed": len(changed_rows(events, data)),
                **figures,
            }
        )
    return pd.DataFrame(rows)
