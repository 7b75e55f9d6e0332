"""What each test can see: the share of seeded synthetic worlds (`synthetic`) it flags.

Run `i` of world `w` uses `numpy.random.default_rng([seed, w, i])`, so any run can be
re-drawn on its own and the table is the same on every machine.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
from collections.abc import Callable

import numpy as np
import pandas as pd

from seesaw.analysis import describe, overtures, spells, synthetic
from seesaw.analysis.metrics import MetricError
from seesaw.data import memo, vocab

DESCRIPTIONS = {
    "spells": "spells of {}-{} days that take turns".format(*synthetic.SPELL_DAYS),
    "independent_bursts": "two bursty lanes, bursts independent",
    "tit_for_tat": "act-by-act tit-for-tat",
    "no_structure": "no structure",
    "one_swap": "a single swap (one side early, the other late)",
}


#: The timing worlds: name, share of the moves planted `synthetic.PLANTED_LAG_DAYS`
#: after an escalation, description ({one}, {many}: the moves' word,
#: `seesaw.text.words.TrackWords.moves`).
_LAG_WORDS = "{}-{} days".format(*synthetic.PLANTED_LAG_DAYS)
OVERTURE_WORLDS = (
    ("planted", 1.0, "every {one} " + _LAG_WORDS + " after an escalation"),
    ("half_planted", 0.5, "half the {many} " + _LAG_WORDS + " after an escalation"),
    ("random_days", 0.0, "{many} on random days"),
)


#: The tests of the table: the spells test (primary), the spells test with the slow
#: swings kept (sensitivity), the runs test's two tails (secondary).
COLUMNS = ("spells", "spells_slow_kept", "act_by_act", "streaks")


def null_verdict(
    power: float | None, powered: str = "no_pattern", weak: str = "inconclusive"
) -> str:
    """The 80%-power rule for a test that found nothing: `powered` (the data speak
    against the pattern) with a power of at least `vocab.GOOD_POWER`, else `weak`."""
    return powered if power is not None and power >= vocab.GOOD_POWER else weak


#: The worlds' design size, fixed in the analysis plan before the data were tested:
#: about the article's window (days, US pressure acts, escalations on Moscow, overtures).
DESIGN_DAYS = 275
DESIGN_ACTS = 150
DESIGN_ESCALATIONS = 45
DESIGN_OVERTURES = 11


def percent_table(table: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Per world, each rate of `columns` (column: heading) as '86% (84% to 88%)', with
    one decimal near 0% and 100% so an interval never reads '100% to 100%' unless it is."""

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


def _rate(name: str, k: int, runs: int) -> dict[str, float]:
    """The share `k / runs` as `name`, its Wilson 95% interval as `name_low/_high`."""
    low, high = describe.wilson(k, runs)
    return {name: k / runs, f"{name}_low": low, f"{name}_high": high}


@memo.cached
def alternation_power(
    runs: int = vocab.POWER_RUNS,
    seed: int = vocab.DEFAULT_SEED,
    days: int = DESIGN_DAYS,
    acts: int = DESIGN_ACTS,
) -> pd.DataFrame:
    """Per world: the share of runs each test of `COLUMNS` flags, with its Wilson 95%
    interval."""
    rows = []
    for w, (world, make) in enumerate(synthetic.WORLD_MAKERS.items()):
        lanes = [
            make(np.random.default_rng([seed, w, i]), days, acts) for i in range(runs)
        ]
        # the spells test with and without the slow swings, counted where both ran
        p, kept = (
            _spells_p(lanes, "p_value", max_period=m) for m in (spells.MAX_PERIOD, None)
        )
        both = ~np.isnan(p) & ~np.isnan(kept)
        hits = np.array(
            [np.count_nonzero(both & (x < vocab.ALPHA)) for x in (p, kept)] + [0, 0]
        )
        for moscow, kyiv in lanes:
            with contextlib.suppress(MetricError):
                t = spells.runs_tails(spells.daily_signs(moscow, kyiv))
                hits[2:] += [t.p_more < vocab.ALPHA, t.p_fewer < vocab.ALPHA]
        row = {"world": world, "description": DESCRIPTIONS[world], "runs": runs}
        for col, k in zip(COLUMNS, hits, strict=True):
            row |= _rate(col, int(k), runs)
        rows.append(row)
    return pd.DataFrame(rows)


@memo.cached
def overture_power(
    runs: int = vocab.POWER_RUNS,
    seed: int = vocab.DEFAULT_SEED,
    moves: tuple[str, str] = ("overture", "overtures"),
) -> pd.DataFrame:
    """Per timing world, at the design size: the share of runs the timing test flags by
    its p (the exact placebo tail), the mean episodes and chance rate."""
    rows = []
    for w, (world, share, text) in enumerate(OVERTURE_WORLDS):
        flagged, episodes, chance = 0, [], []
        for i in range(runs):
            rng = np.random.default_rng([seed, 10 + w, i])
            esc, ov = synthetic.overture_world(
                rng, share, DESIGN_DAYS, DESIGN_ESCALATIONS, DESIGN_OVERTURES
            )
            r = overtures.timing_test_days(esc, ov, DESIGN_DAYS)
            flagged += bool(r.p_value < vocab.ALPHA and r.rate > r.chance)
            episodes.append(r.episodes)
            chance.append(r.chance)
        rows.append(
            {
                "world": world,
                "description": text.format(one=moves[0], many=moves[1]),
                "runs": runs,
                **_rate("flagged", flagged, runs),
                "mean_episodes": float(np.mean(episodes)),
                "mean_chance": float(np.mean(chance)),
            }
        )
    return pd.DataFrame(rows)


# --- The verdicts' power: against a world calibrated to the data, spells of 14-100 days
# each as pure as the real lanes' 30-day blocks (`block_purity`), at the window's size.

#: Spell lengths of the realistic world, in days.
REALISTIC_SPELLS = (14, 100)
#: The grid of the power table: spell lengths and purities.
SPELL_GRID = ((14, 30), (30, 60), (45, 100), (14, 100))
PURITY_GRID = (0.6, 0.7, 0.8, 0.9)
#: Block length over which purity is measured in the real lanes, in days.
PURITY_BLOCK = 30


def _blocks(x: np.ndarray) -> np.ndarray:
    """Sums of `x` over `PURITY_BLOCK`-day blocks (a short tail dropped)."""
    x = np.asarray(x, float)
    n = len(x) // PURITY_BLOCK * PURITY_BLOCK or len(x)
    return x[:n].reshape(-1, min(PURITY_BLOCK, n)).sum(axis=1)


def block_purity(lane: pd.DataFrame, sides: tuple[str, str]) -> float:
    """The share of a window's acts (`spells.lanes`) on the busier side of their 30-day
    block, 1 when each block is one side's, 0.5 when mixed; rounded to the point: the
    purity the alternation verdict states, and the key its shared power runs use."""
    sa, sb = (_blocks(lane[s].to_numpy()) for s in sides)
    total = (sa + sb).sum()
    return 0.5 if total == 0 else round(float(np.maximum(sa, sb).sum() / total), 2)


@functools.lru_cache(maxsize=4096)
@memo.cached
def spells_power_at(
    acts: int,
    days: int,
    purity: float,
    spell_min: int = REALISTIC_SPELLS[0],
    spell_max: int = REALISTIC_SPELLS[1],
    runs: int = vocab.SPELLS_POWER_RUNS,
    seed: int = vocab.DEFAULT_SEED,
    alpha: float = vocab.ALPHA,
    smooth_days: int = vocab.DEFAULT_SMOOTHING_DAYS,
) -> float:
    """The share of worlds with spells of `spell_min`-`spell_max` days holding
    `purity` of their acts that the spells test flags."""

    def world(i: int) -> tuple[np.ndarray, np.ndarray]:
        rng = np.random.default_rng([seed, 100 + spell_min, spell_max, i])
        return synthetic.world_spells(rng, days, acts, spell_min, spell_max, 1 - purity)

    return _share_flagged(world, runs, "p_value", smooth_days, alpha)


def _share_flagged(
    world: Callable[[int], tuple[np.ndarray, np.ndarray]],
    runs: int,
    tail: str,
    smooth_days: int = vocab.DEFAULT_SMOOTHING_DAYS,
    alpha: float = vocab.ALPHA,
) -> float:
    """The share of `runs` worlds (`world(i)`: run i's lanes) whose spells test's
    `tail` is below `alpha`."""
    p = _spells_p([world(i) for i in range(runs)], tail, smooth_days)
    return int(np.count_nonzero(p < alpha)) / runs


#: How many simulated worlds `_spells_p` tests at once (bounds the memory of the
#: transforms; the worlds themselves are made first, two lanes each).
BATCH = 500


def _spells_p(
    lanes: list[tuple[np.ndarray, np.ndarray]],
    tail: str,
    smooth_days: int = vocab.DEFAULT_SMOOTHING_DAYS,
    max_period: int | None = spells.MAX_PERIOD,
) -> np.ndarray:
    """Each pair of lanes' spells-test p-value (`tail`: `p_value` or `p_other`), as
    `spells.spells_test_arrays` gives it, tested `BATCH` at a time; NaN where the test
    cannot run (a lane with no variation, or a window shorter than the smoothing)."""
    p = np.full(len(lanes), np.nan)
    for i in range(0, len(lanes), BATCH):
        chunk = lanes[i : i + BATCH]
        with contextlib.suppress(MetricError):
            moscow, kyiv = (np.array([pair[k] for pair in chunk]) for k in (0, 1))
            tails = spells.spells_tails(moscow, kyiv, smooth_days, max_period)
            p[i : i + len(chunk)] = tails[0 if tail == "p_value" else 1]
    return p


def spells_power_grid(
    acts: int,
    days: int,
    runs: int = vocab.POWER_CURVE_RUNS,
    seed: int = vocab.DEFAULT_SEED,
) -> pd.DataFrame:
    """Power of the spells test at this window's size, by spell length and purity."""
    return pd.DataFrame(
        [
            {"spells": f"{lo}-{hi} days"}
            | {
                f"{purity:.0%} on the spell's side": spells_power_at(
                    acts, days, purity, lo, hi, runs, seed
                )
                for purity in PURITY_GRID
            }
            for lo, hi in SPELL_GRID
        ]
    )


@functools.lru_cache(maxsize=1024)
@memo.cached
def spells_mde(
    acts: int,
    days: int,
    runs: int = vocab.POWER_CURVE_RUNS,
    seed: int = vocab.DEFAULT_SEED,
    alpha: float = vocab.ALPHA,
    smooth_days: int = vocab.DEFAULT_SMOOTHING_DAYS,
) -> float | None:
    """The least purity (60% to 100% in steps of 5 points, bisected: power rises with
    purity) at which the spells test finds spells of 14-100 days in 80% of worlds of
    this size; None if even pure spells are found less often."""
    steps = [round(float(x), 2) for x in np.arange(0.60, 1.0001, 0.05)]

    kw = {"runs": runs, "seed": seed, "alpha": alpha, "smooth_days": smooth_days}

    def enough(purity: float) -> bool:
        return spells_power_at(acts, days, purity, **kw) >= vocab.GOOD_POWER

    if not enough(steps[-1]):
        return None
    return steps[bisect.bisect_left(steps, True, hi=len(steps) - 1, key=enough)]


#: Shares of each lane's acts in the shared busy spells, for the same-weeks power table.
FOCUS_GRID = (0.6, 0.7, 0.8, 0.9)


def busy_focus(plus: np.ndarray, minus: np.ndarray) -> float:
    """The share of the two lanes' acts in the busier half of the 30-day blocks: 0.5
    when spread evenly, near 1 when crowded into a few shared busy months (the `focus`
    of the same-weeks world, so that it is as bursty as the data)."""
    total = _blocks(np.asarray(plus, float) + np.asarray(minus, float))
    if total.sum() == 0:
        return 0.5
    ranked = np.sort(total)[::-1]
    return float(ranked[: max(1, len(ranked) // 2)].sum() / total.sum())


@functools.lru_cache(maxsize=1024)
@memo.cached
def same_weeks_power_at(
    acts: tuple[int, int],
    days: int,
    focus: float,
    runs: int = vocab.SPELLS_POWER_RUNS,
    seed: int = vocab.DEFAULT_SEED,
) -> float:
    """The share of same-weeks worlds (`synthetic.world_same_weeks`) in which the
    spells test's high tail (`p_other`: busy in the same weeks) is below alpha."""

    def world(i: int) -> tuple[np.ndarray, np.ndarray]:
        rng = np.random.default_rng([seed, 200, round(focus * 100), i])
        return synthetic.world_same_weeks(rng, days, acts, focus)

    return _share_flagged(world, runs, "p_other")


def same_weeks_power_table(
    acts: tuple[int, int],
    days: int,
    observed_focus: float,
    runs: int = vocab.SPELLS_POWER_RUNS,
    seed: int = vocab.DEFAULT_SEED,
) -> pd.DataFrame:
    """Power of the same-weeks reading at this window's size, per share of the acts in
    shared busy spells (the data's own first, then `FOCUS_GRID`), with Wilson intervals."""
    own = round(observed_focus, 2)
    rows = []
    for i, focus in enumerate([own] + [f for f in FOCUS_GRID if f != own]):
        power = same_weeks_power_at(acts, days, focus, runs, seed)
        low, high = describe.wilson(round(power * runs), runs)
        world = "as in the data" if i == 0 else "grid"
        rows.append(
            dict(world=world, focus=focus, power=power, low=low, high=high, runs=runs)
        )
    return pd.DataFrame(rows)


# --- The timing test's power: exact binomial, no simulation -----------------------


def timing_hits_needed(
    episodes: int, chance: float, alpha: float = vocab.ALPHA
) -> int | None:
    """The fewest hits among `episodes` whose exact tail at `chance` is below alpha."""
    hits = range(episodes + 1)
    return next(
        (k for k in hits if describe.binomial_tail(k, episodes, chance) < alpha), None
    )


def timing_power(
    episodes: int, chance: float, share: float = 0.5, alpha: float = vocab.ALPHA
) -> float:
    """Power against a world where `share` of the episodes follow an escalation and the
    rest fall at random: the exact binomial chance of the fewest significant hits at a
    hit rate of share + (1 - share) x chance."""
    need = timing_hits_needed(episodes, chance, alpha)
    rate = share + (1 - share) * chance
    return 0.0 if need is None else describe.binomial_tail(need, episodes, rate)


@memo.cached
def timing_mde_rate(
    episodes: int, chance: float, alpha: float = vocab.ALPHA
) -> float | None:
    """The least true hit rate (in steps of 1 point) with 80% power at this size."""
    need = timing_hits_needed(episodes, chance, alpha)
    if need is None:
        return None
    rates = np.arange(0.0, 1.0001, 0.01)
    good = (
        r
        for r in rates
        if describe.binomial_tail(need, episodes, r) >= vocab.GOOD_POWER
    )
    return next((float(round(r, 2)) for r in good), None)


def mde_words(
    needed: int | None, mde_rate: float | None, few: str, every: str, noticed: str
) -> str:
    """An exact binomial test's minimum detectable effect at 80% power, in words."""
    if needed is None:
        return (
            f"with {few} the test could not reach significance even if every one had "
            f"{every}"
        )
    rate = (
        ""
        if mde_rate is None
        else f", and would find it in {vocab.GOOD_POWER:.0%} of samples only if the true "
        f"rate were at least {mde_rate:.0%}"
    )
    return (
        f"the test would only have noticed if at least {needed} of the {noticed}{rate}"
    )


#: The timing power table's axes: true hit rates and numbers of overture episodes.
TIMING_GRID_RATES = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
TIMING_GRID_EPISODES = (5, 10, 15, 20, 30, 40, 60)


@memo.cached
def timing_power_grid(
    chance: float,
    rates: tuple[float, ...] = TIMING_GRID_RATES,
    episodes: tuple[int, ...] = TIMING_GRID_EPISODES,
) -> pd.DataFrame:
    """The timing test's power by true hit rate (rows) and episodes (columns)."""
    if not 0 < chance < 1:
        raise MetricError(
            f"timing power grid: chance must be in (0, 1), got {chance!r}"
        )
    need = [timing_hits_needed(n, chance) for n in episodes]
    return pd.DataFrame(
        [
            [
                0.0 if k is None else describe.binomial_tail(k, n, r)
                for n, k in zip(episodes, need)
            ]
            for r in rates
        ],
        index=pd.Index(list(rates), name="true hit rate"),
        columns=pd.Index(list(episodes), name="episodes"),
    )
