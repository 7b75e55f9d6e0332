"""Sensitivity to the coding: the same events under each contested coding choice.

Each variant in `VARIANTS` is a pure transformation of the events table that changes
exactly the rows it names (tested); `run_variants` applies a function of the events to
the data as coded and to each variant, one row per variant.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from seesaw.analysis import views
from seesaw.analysis.masks import equals, track_rows
from seesaw.data import memo, vocab
from seesaw.errors import SeesawError

#: Kinds that are help to Kyiv's defence (arms, aid, intelligence flowing to Kyiv).
HELP_KINDS = frozenset({"weapons_supply", "aid_resume", "intel_resume"})
#: Source qualities that the `drop_weak_sources` variant drops.
WEAK_QUALITIES = frozenset({"aggregator", "weak"})


@dataclass(frozen=True)
class Variant:
    name: str
    label: str
    apply: Callable[[pd.DataFrame, pd.DataFrame | None], pd.DataFrame]


def _put(out: pd.DataFrame, rows: Any, col: str, new: Any) -> None:
    """`out.loc[rows, col] = new`, a categorical column first given any new value."""
    if isinstance(out[col].dtype, pd.CategoricalDtype):
        values = new if isinstance(new, np.ndarray) else [new]
        known = set(out[col].cat.categories)
        extra = sorted({v for v in values if isinstance(v, str)} - known)
        if extra:
            out[col] = out[col].cat.add_categories(extra)
    out.loc[rows, col] = new


def _recode(
    events: pd.DataFrame, mask: pd.Series, **values: str | None
) -> pd.DataFrame:
    out = events.copy()
    for col, value in values.items():
        _put(out, mask, col, value if value is not None else pd.NA)
    return out


def second_coder(events: pd.DataFrame, second: pd.DataFrame | None) -> pd.DataFrame:
    """The second coder's pressure_on, effect, mode and kind for the rows they coded."""
    if second is None:
        raise ValueError("the second_coder variant needs the second coding")
    out = events.copy()
    codes = second.set_index("id")
    rows = out["id"].isin(codes.index)
    for col in ("pressure_on", "effect", "mode", "kind"):
        new = codes.loc[out.loc[rows, "id"], col].replace("", pd.NA).to_numpy()
        _put(out, rows, col, new)
    return out


def calls_none(
    events: pd.DataFrame, _second: pd.DataFrame | None = None
) -> pd.DataFrame:
    """US calls addressed to Russia (whoever the US caller) coded as pushing on neither."""
    call = equals(events["actor"], "us") & equals(events["kind"], "call")
    mask = (
        call & equals(events["recipient"], "russia") & (events["pressure_on"] != "none")
    )
    return _recode(events, mask, pressure_on="none", effect=None)


def help_flipped(
    events: pd.DataFrame, _second: pd.DataFrame | None = None
) -> pd.DataFrame:
    """US help for Kyiv's defence (`HELP_KINDS`) coded the other way: raising pressure on
    Moscow becomes relief for Kyiv, and the reverse."""
    on, effect = events["pressure_on"], events["effect"]
    help_ = equals(events["actor"], "us") & events["kind"].isin(HELP_KINDS)
    to_kyiv = help_ & (on == "moscow") & (effect == "raise")
    to_moscow = help_ & (on == "kyiv") & (effect == "relieve")
    out = _recode(events, to_kyiv, pressure_on="kyiv", effect="relieve")
    return _recode(out, to_moscow, pressure_on="moscow", effect="raise")


def _dropping(drop: Callable[[pd.DataFrame], pd.Series]) -> Callable[..., pd.DataFrame]:
    """A variant that drops the rows `drop` marks."""
    return lambda events, _second=None: events[~drop(events)].copy()


def _weak(events: pd.DataFrame) -> pd.Series:
    if "source_quality" not in events:
        raise ValueError(
            "the drop_weak_sources variant needs the source_quality column"
        )
    return events["source_quality"].isin(WEAK_QUALITIES)


#: The note every row added from the coverage passes carries (issue 23): those rows make
#: April, July and November 2025 more complete than the other months.
COVERAGE_NOTE = "Added from coverage pass"


def drop_coverage_additions(
    events: pd.DataFrame, _second: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The data as they stood before the coverage passes' finds were added: every month
    sourced to the same depth."""
    notes = events["notes"].astype("string").fillna("")
    return events[~notes.str.contains(COVERAGE_NOTE, regex=False)].copy()


VARIANTS: tuple[Variant, ...] = (
    Variant("second_coder", "second coder's codes", second_coder),
    Variant("calls_none", "calls with Putin coded none", calls_none),
    Variant("help_flipped", "help to Kyiv coded the other way", help_flipped),
    Variant(
        "drop_weak_sources", "aggregator or weak sources dropped", _dropping(_weak)
    ),
    Variant(
        "drop_imprecise_dates",
        "week- or month-dated rows dropped",
        _dropping(lambda e: e["date_precision"] != "day"),
    ),
    Variant(
        "merge_reversals",
        "reversal pairs counted once",
        _dropping(lambda e: e["reverses"].astype("string").fillna("").ne("")),
    ),
    Variant(
        "drop_state_media",
        "state-media sources dropped",
        _dropping(lambda e: e["state_media"].astype(bool)),
    ),
    Variant(
        "drop_coverage_additions",
        "acts added from the coverage passes dropped",
        drop_coverage_additions,
    ),
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
    """`evaluate` on the data as coded and under each variant: one row per variant with
    `variant`, `label`, `rows_changed` (of the Ukraine track, the one the verdicts read)
    and the figures; a variant whose input is missing says why in `skipped`."""
    rows: list[dict[str, Any]] = []
    for variant in (BASELINE, *VARIANTS):
        head = {"variant": variant.name, "label": variant.label}
        try:
            data = variant.apply(events, second)
        except ValueError as err:  # an input the variant needs is missing
            rows.append(head | {"skipped": str(err)})
            continue
        changed = changed_rows(track_rows(events), track_rows(data))
        rows.append(head | {"rows_changed": len(changed)} | dict(evaluate(data)))
    return pd.DataFrame(rows)


@memo.cached(project={"events": views.tags_only})
def primary_figures(
    events: pd.DataFrame,
    start: object = None,
    end: object = None,
    permutations: int = vocab.SENSITIVITY_PERMUTATIONS,
    seed: int | None = None,
    power_runs: int = vocab.POWER_RUNS,
    smoothing_days: int = vocab.DEFAULT_SMOOTHING_DAYS,
    coincidence_days: int = vocab.DEFAULT_COINCIDENCE_DAYS,
) -> dict[str, Any]:
    """The two primary verdicts and their statistics for one version of the data
    (the article's window by default), as flat figures for the forest plots; with the
    notebook's settings, the data as coded get the notebook's own verdicts."""
    from seesaw.analysis import verdicts

    start = start or vocab.ANALYSIS_START
    end = end or vocab.ARTICLE_END
    seed = vocab.DEFAULT_SEED if seed is None else seed
    out: dict[str, Any] = {}
    try:
        a = verdicts.alternation_verdict(
            events,
            start,
            end,
            smooth_days=smoothing_days,
            permutations=permutations,
            seed=seed,
            power_runs=power_runs,
        )
        sp, dist = a.spells, a.spells.distribution
        low, high = np.quantile(dist, [0.05, 0.95]) if len(dist) else (np.nan, np.nan)
        out.update(
            alternation_verdict=a.verdict,
            spells_p=sp.p_value,
            spells_statistic=sp.statistic,
            spells_null_low=float(low),
            spells_null_high=float(high),
            us_acts=sp.n_moscow + sp.n_kyiv,
        )
        # The slow swing, described under every variant (not a verdict): whether its
        # switch stays put when the coding or the rows change.
        swing = a.changepoint or {}
        if "switch_date" in swing:
            out.update(
                switch_date=swing["switch_date"],
                moscow_share_before=swing["before"]["share_on_moscow"],
                moscow_share_after=swing["after"]["share_on_moscow"],
                switch_p=swing["p_value"],
            )
    except SeesawError as err:
        out.update(alternation_verdict="untestable", alternation_reason=str(err))
    try:
        o = verdicts.overture_verdict(events, start, end, coincidence_days)
        t = o.timing
        rates = ("rate", "rate_low", "rate_high", "chance")
        out.update(overtures_verdict=o.verdict, overtures_p=t.p_value)
        out.update({f"overture_{k}": getattr(t, k) for k in rates})
        out.update(episodes=t.episodes, hits=t.hits)
    except SeesawError as err:
        out.update(overtures_verdict="untestable", overtures_reason=str(err))
    return out


def ran(table: pd.DataFrame) -> pd.DataFrame:
    """The variants that ran (a variant whose input is missing is `skipped`)."""
    return table[table["skipped"].isna()] if "skipped" in table else table


def survives(table: pd.DataFrame, column: str) -> bool:
    """True when every variant that ran gives the verdict the data as coded give."""
    table = ran(table)
    return bool(table[column].eq(table[column].iloc[0]).all())


def read_second(
    data_dir: Any, events: pd.DataFrame, required: bool = True
) -> pd.DataFrame | None:
    """The second coding in `data_dir`, checked against the events' ids; None when the
    folder has none and `required` is false."""
    from pathlib import Path

    from seesaw.analysis import reliability

    path = Path(data_dir) / reliability.FOLDER / reliability.SECOND_CODING
    if not required and not path.exists():
        return None
    return reliability.read_second_coding(path, set(events["id"]))


def coding_table(
    data_dir: Any,
    events: pd.DataFrame,
    start: object = None,
    end: object = None,
    permutations: int = vocab.SENSITIVITY_PERMUTATIONS,
    seed: int | None = None,
    power_runs: int = vocab.POWER_RUNS,
    smoothing_days: int = vocab.DEFAULT_SMOOTHING_DAYS,
    coincidence_days: int = vocab.DEFAULT_COINCIDENCE_DAYS,
) -> pd.DataFrame:
    """The primary figures for [start, end] as coded and under each contested coding
    choice, reading the second coding from `data_dir` when it is there (the notebooks'
    forest plots)."""
    second = read_second(data_dir, events, required=False)
    table = run_variants(
        events,
        second,
        lambda ev: primary_figures(
            ev,
            start,
            end,
            permutations,
            seed,
            power_runs,
            smoothing_days,
            coincidence_days,
        ),
    )
    return ran(table).drop(columns="skipped", errors="ignore").reset_index(drop=True)


def analytical_claims(
    events: pd.DataFrame, quotes: pd.DataFrame, claims_table: pd.DataFrame
) -> dict[str, str]:
    """The ledger's verdicts on the article's argument (claims whose part is
    `argument`), keyed by claim id."""
    import json

    from seesaw.analysis import claims

    params = [
        json.loads(r) if isinstance(r, str) else r for r in claims_table["params"]
    ]
    parts = [claims.part_of(str(c), q) for c, q in zip(claims_table["check"], params)]
    argument = claims_table[[part == "argument" for part in parts]]
    ledger = claims.evaluate(argument, events, quotes, stability=False)
    return {f"claim {r.id}": str(r.verdict) for r in ledger.itertuples(index=False)}
