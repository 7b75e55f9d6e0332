"""Synthetic worlds for the power of the tests (see data/ANALYSIS.md): two seeded lanes
of daily counts (US acts raising pressure on Moscow, on Kyiv), with or without the
pattern each test looks for, sized like the article's window. They describe no real
events. (The benchmarks' synthetic CSV rows are `bench/synthetic.py`.)
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

#: The spells world's spell lengths in days, and the share of a spell's acts that
#: leak to the other side (so its spells are `1 - SPELL_LEAK` pure).
SPELL_DAYS = (14, 60)
#: A planted overture comes this many days after its escalation (both ends included).
PLANTED_LAG_DAYS = (0, 2)
SPELL_LEAK = 0.15
#: The single swap's share of the acts on the dominant side of the turning day.
SWAP_DOMINANCE = 0.8


def _lanes(day: np.ndarray, on: np.ndarray, days: int) -> tuple[np.ndarray, np.ndarray]:
    """Daily counts of the acts on `day` whose side `on` is 0, and 1."""
    return (
        np.bincount(day[on == 0], minlength=days),
        np.bincount(day[on == 1], minlength=days),
    )


def world_spells(
    rng: np.random.Generator,
    days: int = 275,
    acts: int = 150,
    spell_min: int = SPELL_DAYS[0],
    spell_max: int = SPELL_DAYS[1],
    leak: float = SPELL_LEAK,
) -> tuple[np.ndarray, np.ndarray]:
    """Spells of `spell_min`-`spell_max` days that take turns; within a spell a share
    `1 - leak` of the acts land on the spell's side."""
    side = np.empty(days, dtype=int)
    t, s = 0, int(rng.integers(2))
    while t < days:
        length = int(rng.integers(spell_min, spell_max + 1))
        side[t : t + length] = s
        t, s = t + length, 1 - s
    day = rng.integers(0, days, size=acts)
    return _lanes(
        day, np.where(rng.random(acts) < leak, 1 - side[day], side[day]), days
    )


def _bursty_lane(
    rng: np.random.Generator, days: int, acts: int, bursts: int, background: float
) -> np.ndarray:
    centres = rng.integers(0, days, size=bursts)
    widths = rng.integers(3, 15, size=bursts)
    n_bg = round(acts * background)
    which = rng.integers(0, bursts, size=acts - n_bg)
    day = (
        centres[which] + (rng.random(acts - n_bg) * widths[which]).astype(int)
    ) % days
    day = np.r_[day, rng.integers(0, days, size=n_bg)]
    return np.bincount(day, minlength=days)


def world_independent_bursts(
    rng: np.random.Generator, days: int = 275, acts: int = 150
) -> tuple[np.ndarray, np.ndarray]:
    """Two lanes, each in 6 bursts of 3-14 days at random times (plus a fifth of its
    acts in the background), the bursts of one lane independent of the other's."""
    half = acts // 2
    return (
        _bursty_lane(rng, days, half, 6, 0.2),
        _bursty_lane(rng, days, acts - half, 6, 0.2),
    )


def world_tit_for_tat(
    rng: np.random.Generator, days: int = 275, acts: int = 150
) -> tuple[np.ndarray, np.ndarray]:
    """Act-by-act tit-for-tat: active days at random, and each active day's acts land on
    the side opposite the previous active day's with probability 0.8."""
    active = np.sort(
        rng.choice(days, size=min(round(acts / 1.25), days), replace=False)
    )
    first = rng.integers(2)
    flips = rng.random(len(active)) < 0.8
    flips[0] = False
    side = (first + np.cumsum(flips)) % 2
    count = 1 + rng.poisson(0.25, size=len(active))
    moscow, kyiv = np.zeros(days, int), np.zeros(days, int)
    moscow[active[side == 0]] = count[side == 0]
    kyiv[active[side == 1]] = count[side == 1]
    return moscow, kyiv


def world_no_structure(
    rng: np.random.Generator, days: int = 275, acts: int = 150
) -> tuple[np.ndarray, np.ndarray]:
    """Acts on random days, each on a side chosen by a fair coin."""
    return _lanes(rng.integers(0, days, size=acts), rng.integers(0, 2, size=acts), days)


def world_one_swap(
    rng: np.random.Generator, days: int = 275, acts: int = 150
) -> tuple[np.ndarray, np.ndarray]:
    """A single swap: one side takes a share `SWAP_DOMINANCE` of the acts before a
    turning day (between 35% and 65% of the window), the other side after it. A trend,
    not spells that take turns."""
    cut = int(rng.integers(int(0.35 * days), int(0.65 * days)))
    day = rng.integers(0, days, size=acts)
    first = int(rng.integers(2))
    side = np.where(day < cut, first, 1 - first)
    on = np.where(rng.random(acts) < 1 - SWAP_DOMINANCE, 1 - side, side)
    return _lanes(day, on, days)


def busy_spells(rng: np.random.Generator, days: int) -> np.ndarray:
    """Busy days: spells of `SPELL_DAYS`, busy or quiet by a coin (at least one of each)."""
    busy = np.zeros(days, dtype=bool)
    t = 0
    while t < days:
        length = int(rng.integers(SPELL_DAYS[0], SPELL_DAYS[1] + 1))
        busy[t : t + length] = rng.random() < 0.5
        t += length
    if not busy.any() or busy.all():
        busy[: days // 2] = ~busy[: days // 2]
    return busy


def world_same_weeks(
    rng: np.random.Generator, days: int, acts: tuple[int, int], focus: float
) -> tuple[np.ndarray, np.ndarray]:
    """Both sides pressed in the same weeks (`busy_spells`): a share `focus` of each
    lane's `acts` fall on busy days, the rest on quiet days (`power.busy_focus` measures
    that share in the data)."""
    busy = busy_spells(rng, days)
    busy_days, quiet_days = np.flatnonzero(busy), np.flatnonzero(~busy)
    lanes = []
    for n in acts:
        in_busy = rng.random(n) < focus
        day = np.where(
            in_busy, rng.choice(busy_days, size=n), rng.choice(quiet_days, size=n)
        )
        lanes.append(np.bincount(day, minlength=days))
    return lanes[0], lanes[1]


#: The worlds, in the order the power table lists them.
WORLD_MAKERS: dict[str, Callable[..., tuple[np.ndarray, np.ndarray]]] = {
    "spells": world_spells,
    "independent_bursts": world_independent_bursts,
    "tit_for_tat": world_tit_for_tat,
    "no_structure": world_no_structure,
    "one_swap": world_one_swap,
}


def overture_world(
    rng: np.random.Generator,
    planted: float,
    days: int = 275,
    escalations: int = 45,
    overtures: int = 11,
) -> tuple[np.ndarray, np.ndarray]:
    """(escalation days, overture days): escalations in 10 bursts (40% of them on
    random background days) and overtures, a share `planted` of them `PLANTED_LAG_DAYS`
    after a random escalation, the rest on random days. The defaults are the design size
    fixed in the plan (`power.DESIGN_*`), not the window's own counts."""
    esc_days = np.repeat(np.arange(days), _bursty_lane(rng, days, escalations, 10, 0.4))
    n_planted = round(overtures * float(planted))
    picks = rng.choice(esc_days, size=n_planted, replace=True)
    lo, hi = PLANTED_LAG_DAYS
    after = np.minimum(picks + rng.integers(lo, hi + 1, size=n_planted), days - 1)
    ov = np.r_[after, rng.integers(0, days, size=overtures - n_planted)]
    return esc_days, np.sort(ov)


def alternation_worlds(
    lanes: pd.DataFrame, seed: int
) -> list[tuple[str, pd.DataFrame]]:
    """The observed lanes (`spells.lanes`) and three simulated worlds of their size:
    spells that take turns, tit-for-tat act by act, and chance (a coin per act)."""
    plus, minus = lanes.columns[:2]
    days, acts = len(lanes), int(lanes[plus].sum() + lanes[minus].sum())
    rng = np.random.default_rng(seed)
    lo, hi = SPELL_DAYS
    out = [("Observed: the article's window", lanes[[plus, minus]])]
    worlds = {
        f"Simulated spells of {lo}-{hi} days that take turns: what the spells test "
        "looks for": world_spells,
        "Simulated tit-for-tat, the sides switching act by act: what the runs test "
        "looks for": world_tit_for_tat,
        "Simulated chance, a coin toss for each act's side: neither test should "
        "fire": world_no_structure,
    }
    for name, maker in worlds.items():
        m, k = maker(rng, days=days, acts=acts)
        out.append((name, pd.DataFrame({plus: m, minus: k}, index=lanes.index)))
    return out
