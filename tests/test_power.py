"""What each test can see, on 200 seeded runs per world (the project seed; 1,000 in notebook 03).

Across seeds, 1,000 runs put the spells test's false alarms on independent bursts at 5-7%;
100 runs would leave the <= 10% bound about two standard errors away, so 200 are used.
"""

from __future__ import annotations

import numpy as np
import pytest

from seesaw.analysis import power, synthetic

RUNS = 200


@pytest.fixture(scope="module")
def table() -> dict[str, dict[str, float]]:
    frame = power.alternation_power(RUNS)
    return frame.set_index("world").to_dict("index")


def test_spells_world_is_flagged(table: dict[str, dict[str, float]]) -> None:
    assert table["spells"]["spells"] >= 0.80


def test_independent_bursts_stay_quiet(table: dict[str, dict[str, float]]) -> None:
    assert table["independent_bursts"]["spells"] <= 0.10


def test_tit_for_tat_is_flagged_by_the_secondary(
    table: dict[str, dict[str, float]],
) -> None:
    assert table["tit_for_tat"]["act_by_act"] >= 0.80
    # ...and the primary does not mistake it for spells.
    assert table["tit_for_tat"]["spells"] <= 0.10


def test_no_structure_stays_quiet(table: dict[str, dict[str, float]]) -> None:
    assert table["no_structure"]["spells"] <= 0.12
    assert table["no_structure"]["act_by_act"] <= 0.12


def test_a_single_swap_is_mostly_not_read_as_spells(
    table: dict[str, dict[str, float]],
) -> None:
    assert table["one_swap"]["spells"] <= 0.30
    # why the slow swing goes: kept, it is read as spells far more often
    assert table["one_swap"]["spells_slow_kept"] >= table["one_swap"]["spells"] + 0.20


def test_overture_power() -> None:
    frame = power.overture_power(RUNS).set_index("world")
    assert frame.loc["planted", "flagged"] >= 0.80
    assert frame.loc["random_days", "flagged"] <= 0.10


def test_worlds_are_deterministic_and_sized_like_the_data() -> None:
    for name, make in synthetic.WORLD_MAKERS.items():
        one = make(np.random.default_rng([1, 2]))
        two = make(np.random.default_rng([1, 2]))
        assert all((a == b).all() for a, b in zip(one, two)), name
        assert len(one[0]) == len(one[1]) == 275
        assert 110 <= one[0].sum() + one[1].sum() <= 190, name
    assert power.alternation_power(5, seed=3).equals(power.alternation_power(5, seed=3))


def test_percent_table_shows_each_rate_with_its_interval() -> None:
    import pandas as pd

    table = pd.DataFrame(
        {
            "description": ["a world"],
            "spells": [0.5],
            "spells_low": [0.25],
            "spells_high": [0.75],
        }
    )
    shown = power.percent_table(table, {"spells": "spells test"})
    assert shown.to_dict("records") == [
        {"world": "a world", "spells test": "50% (25% to 75%)"}
    ]
    edge = pd.DataFrame(
        {
            "description": ["all", "none"],
            "spells": [1.0, 0.0],
            "spells_low": [0.9962, 0.0],
            "spells_high": [1.0, 0.0038],
        }
    )
    assert power.percent_table(edge, {"spells": "s"})["s"].tolist() == [
        "100% (99.6% to 100%)",
        "0% (0% to 0.4%)",
    ]


def test_timing_power_grid_matches_a_naive_simulation() -> None:
    """The exact binomial grid against simulated samples tested with scipy's own exact
    binomial test (an independent reference)."""
    from scipy import stats

    chance = 0.45
    grid = power.timing_power_grid(chance, rates=(0.6, 0.85), episodes=(10, 20))
    rng = np.random.default_rng(11)
    for rate in grid.index:
        for n in grid.columns:
            hits = rng.binomial(n, rate, size=4000)
            flagged = np.mean(
                [
                    stats.binomtest(int(h), n, chance, alternative="greater").pvalue
                    < 0.05
                    for h in hits
                ]
            )
            assert abs(grid.at[rate, n] - flagged) < 0.03, (rate, n)
    # share-based and rate-based power agree
    share = (0.85 - chance) / (1 - chance)
    assert power.timing_power(10, chance, share) == pytest.approx(grid.at[0.85, 10])
    # more episodes or a higher true rate never lose power
    full = power.timing_power_grid(chance)
    assert (full.diff(axis=0).fillna(0) >= -1e-12).all().all()


def test_timing_power_grid_refuses_a_bad_chance_rate() -> None:
    with pytest.raises(power.MetricError, match="chance must be in"):
        power.timing_power_grid(1.0)


def test_busy_focus_is_a_half_when_even_and_one_when_crowded() -> None:
    even = np.ones(120)
    assert power.busy_focus(even, even) == pytest.approx(0.5)
    crowded = np.zeros(120)
    crowded[:30] = 1  # every act in the first 30-day block of four
    assert power.busy_focus(crowded, crowded) == pytest.approx(1.0)
    assert power.busy_focus(np.zeros(60), np.zeros(60)) == 0.5


def test_same_weeks_power_rises_with_focus_and_is_seeded() -> None:
    low = power.same_weeks_power_at((40, 40), 180, 0.55, runs=60, seed=3)
    high = power.same_weeks_power_at((40, 40), 180, 0.95, runs=60, seed=3)
    assert 0 <= low < high <= 1
    assert power.same_weeks_power_at((40, 40), 180, 0.95, runs=60, seed=3) == high


def test_the_same_weeks_power_table_puts_the_datas_own_world_first() -> None:
    table = power.same_weeks_power_table((30, 20), 150, 0.72, runs=20, seed=1)
    assert list(table["world"]) == ["as in the data"] + ["grid"] * len(power.FOCUS_GRID)
    assert table["focus"].iloc[0] == 0.72
    assert ((table["low"] <= table["power"]) & (table["power"] <= table["high"])).all()


def test_the_timing_worlds_are_worded_by_the_moves_timed() -> None:
    said = power.overture_power(2, moves=("concession", "concessions"))["description"]
    assert list(said) == [
        "every concession 0-2 days after an escalation",
        "half the concessions 0-2 days after an escalation",
        "concessions on random days",
    ]
    assert "every overture 0-2 days after an escalation" in set(
        power.overture_power(2)["description"]
    )
