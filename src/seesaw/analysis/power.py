"""What each test can see: the share of seeded synthetic worlds each test flags.

Worlds (from `seesaw.analysis.synthetic`), sized like the article's window (about 150 acts over
275 days): spells of 14-60 days that take turns; two bursty lanes whose bursts are
independent; act-by-act tit-for-tat; no structure. For Moscow's timing: overtures
planted 0-2 days after US escalations, and overtures on random days.

Run `i` of world `w` uses `numpy.random.default_rng([seed, w, i])`, so any run can be
re-drawn on its own and the table is the same on every machine.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from seesaw.analysis import describe, overtures, spells, synthetic
from seesaw.analysis.metrics import MetricError
from seesaw.data import vocab

DESCRIPTIONS = {
    "spells": "spells of 14-60 days that take turns",
    "independent_bursts": "two bursty lanes, bursts independent",
    "tit_for_tat": "act-by-act tit-for-tat",
    "no_structure": "no structure",
    "one_swap": "a single swap (one side early, the other late)",
}


#: Moscow's timing worlds: name, share of overtures planted 0-2 days after an
#: escalation, description.
OVERTURE_WORLDS = (
    ("planted", 1.0, "every overture 0-2 days after an escalation"),
    ("half_planted", 0.5, "half the overtures 0-2 days after an escalation"),
    ("random_days", 0.0, "overtures on random days"),
)


#: The tests of the table: the spells test (primary), the spells test with the slow
#: swings kept (sensitivity), the runs test's two tails (secondary).
COLUMNS = ("spells", "spells_slow_kept", "act_by_act", "streaks")


def _flag(p: float, alpha: float) -> bool:
    return bool(p == p and p < alpha)


#: The design size of the synthetic worlds, fixed in the analysis plan before the data
#: were tested: about the article's window (275 days), with as many US pressure acts as
#: the project holds from the inauguration on (about 150), and about the window's 45
#: escalations on Moscow and 11 Russian overtures. Each notebook also measures power at
#: its window's own size.
DESIGN_DAYS = 275
DESIGN_ACTS = 150
DESIGN_ESCALATIONS = 45
DESIGN_OVERTURES = 11


def percent_table(table: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """A power table for readers: per world, each rate as '86% (84% to 88%)', the
    Wilson 95% interval in parentheses; `columns` maps the table's columns to headings.
    Near 0% and 100% a share shows one decimal, so an interval never reads '100% to 100%'
    unless it is exactly that."""

    def pct(x: float) -> str:
        return f"{x:.1%}" if 0 < x < 0.005 or 0.995 < x < 1 else f"{x:.0%}"

    shown = pd.DataFrame({"world": table["description"]})
    for col, heading in columns.items():
        shown[heading] = [
            f"{pct(rate)} ({pct(lo)} to {pct(hi)})"
            for rate, lo, hi in zip(
                table[col], table[f"{col}_low"], table[f"{col}_high"], strict=True
            )
        ]
    return shown.reset_index(drop=True)


def alternation_power(
    runs: int = 1000,
    seed: int = 20250120,
    alpha: float = 0.05,
    days: int = DESIGN_DAYS,
    acts: int = DESIGN_ACTS,
    smooth_days: int = 14,
    min_shift: int = 28,
) -> pd.DataFrame:
    """Per world: the share of runs flagged by the spells test (primary), by the same
    test with the slow swings kept, by the runs test for more switches (secondary: act
    by act) and for fewer switches (streaks), each with its Wilson 95% interval."""
    rows = []
    for w, world in enumerate(synthetic.WORLDS):
        make = synthetic.WORLD_MAKERS[world]
        flags = np.zeros((runs, 4), dtype=bool)
        for i in range(runs):
            rng = np.random.default_rng([seed, w, i])
            moscow, kyiv = make(rng, days, acts)
            try:
                p = spells.spells_test_arrays(
                    moscow, kyiv, smooth_days, min_shift
                ).p_value
                p_slow = spells.spells_test_arrays(
                    moscow, kyiv, smooth_days, min_shift, max_period=None
                ).p_value
            except MetricError:
                p = p_slow = float("nan")
            try:
                t = spells.runs_tails(spells.daily_signs(moscow, kyiv))
                more, fewer = t.p_more, t.p_fewer
            except MetricError:
                more = fewer = float("nan")
            flags[i] = [
                _flag(p, alpha),
                _flag(p_slow, alpha),
                _flag(more, alpha),
                _flag(fewer, alpha),
            ]
        row: dict[str, object] = {
            "world": world,
            "description": DESCRIPTIONS[world],
            "runs": runs,
        }
        for j, col in enumerate(COLUMNS):
            k = int(flags[:, j].sum())
            lo, hi = describe.wilson(k, runs)
            row[col] = k / runs
            row[f"{col}_low"] = lo
            row[f"{col}_high"] = hi
        rows.append(row)
    return pd.DataFrame(rows)


def overture_power(
    runs: int = 1000,
    seed: int = 20250120,
    alpha: float = 0.05,
    days: int = DESIGN_DAYS,
    escalations: int = DESIGN_ESCALATIONS,
    n_overtures: int = DESIGN_OVERTURES,
    window_days: int = vocab.DEFAULT_COINCIDENCE_DAYS,
    merge_days: int = 3,
) -> pd.DataFrame:
    """Per world (overtures planted 0-2 days after escalations; overtures on random
    days): the share of runs the timing test flags, with the exact placebo tail (the
    placebo null's limit, see `seesaw.analysis.overtures`), the mean number of episodes and the
    mean chance rate."""
    rows = []
    for w, (world, share, text) in enumerate(OVERTURE_WORLDS):
        flagged, episodes, chance = 0, [], []
        for i in range(runs):
            rng = np.random.default_rng([seed, 10 + w, i])
            esc, ov = synthetic.overture_world(
                rng, share, days, escalations, n_overtures
            )
            r = overtures.timing_test_days(
                esc, ov, days, window_days, merge_days, draws=0
            )
            flagged += _flag(r.p_exact, alpha) and r.rate > r.chance
            episodes.append(r.episodes)
            chance.append(r.chance)
        lo, hi = describe.wilson(flagged, runs)
        rows.append(
            {
                "world": world,
                "description": text,
                "runs": runs,
                "flagged": flagged / runs,
                "flagged_low": lo,
                "flagged_high": hi,
                "mean_episodes": float(np.mean(episodes)),
                "mean_chance": float(np.mean(chance)),
            }
        )
    return pd.DataFrame(rows)


def spells_power(
    acts: int,
    days: int,
    runs: int = 400,
    seed: int = 20250120,
    alpha: float = 0.05,
    smooth_days: int = 14,
    min_shift: int = 28,
) -> float:
    """The share of runs of the spells world, at a window's own size (`acts` acts in
    the two lanes over `days` days), that the spells test flags: what it can see there."""
    flagged = 0
    for i in range(runs):
        # The same draws as the spells world of `alternation_power` at this size.
        rng = np.random.default_rng([seed, synthetic.WORLDS.index("spells"), i])
        moscow, kyiv = synthetic.world_spells(rng, days, acts)
        try:
            p = spells.spells_test_arrays(moscow, kyiv, smooth_days, min_shift).p_value
        except MetricError:
            continue
        flagged += _flag(p, alpha)
    return flagged / runs
