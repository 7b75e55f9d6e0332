"""The synthetic generator writes valid data of any size, seeded."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench.synthetic import synthetic_events, write_synthetic

from seesaw.data.load import load_dataset


@pytest.mark.parametrize("n", [1, 50, 2000])
def test_synthetic_data_pass_the_contract(n: int, tmp_path: Path) -> None:
    data = load_dataset(write_synthetic(tmp_path, n, seed=1))
    assert len(data.events) == n
    assert data.events["id"].is_unique
    # load_dataset has refused unknown links; check the quotes are linked at all.
    assert data.quotes["event_id"].notna().all() and len(data.quotes) >= 1


def test_synthetic_is_seeded_and_mixed() -> None:
    a, b = synthetic_events(500, seed=4), synthetic_events(500, seed=4)
    assert a.equals(b)
    assert not a.equals(synthetic_events(500, seed=5))
    assert set(a["actor"]) >= {"us", "russia", "ukraine", "europe"}
    assert set(a["mode"]) == {"verbal", "threat", "material"}
    assert (a["reverses"] != "").any() and (a["responds_to"] != "").any()
    assert a["summary"].str.contains("describes nothing real").all()


def test_synthetic_refuses_zero_rows() -> None:
    with pytest.raises(ValueError, match="n: must be at least 1"):
        synthetic_events(0)


def test_the_same_weeks_world_keeps_each_lanes_size_and_crowds_both_into_busy_days() -> (
    None
):
    import numpy as np

    from seesaw.analysis.synthetic import busy_spells, world_same_weeks

    busy = busy_spells(np.random.default_rng(7), 200)
    assert busy.any() and not busy.all()
    plus, minus = world_same_weeks(np.random.default_rng(7), 200, (40, 25), focus=1.0)
    assert (int(plus.sum()), int(minus.sum())) == (40, 25)
    # the world draws its busy spells first, so the same seed gives the same days:
    # with focus 1 every act of both lanes falls on them
    assert not (plus[~busy].any() or minus[~busy].any())
    plus, minus = world_same_weeks(np.random.default_rng(7), 200, (40, 25), focus=0.0)
    assert not (plus[busy].any() or minus[busy].any())
