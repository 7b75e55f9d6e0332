"""The timing power heat map: its title and alt text follow the grid they draw."""

from __future__ import annotations

from seesaw.analysis import power, synthetic
from seesaw.charts import charts_power
from tests.outputs import check_finished


def test_timing_power_chart_says_what_the_grid_holds() -> None:
    chance = 0.45
    grid = power.timing_power_grid(chance)
    mde = power.timing_mde_rate(10, chance)
    fig = charts_power.fig_timing_power(grid, chance, 10, mde)
    title = fig.layout.title.text.replace("<br>", " ")
    assert f"at least {mde:.0%} of episodes" in title
    assert "chance rate of 45%" in title
    alt = fig.layout.meta["alt"]
    assert fig.layout.meta["slug"] == "04_timing_power"
    # every column's first rate at 80% power, read off the grid itself
    for n in grid.columns:
        first = next(r for r in grid.index if grid.at[r, n] >= 0.8)
        assert f"{n} episodes: 80% power from a hit rate of {first:.0%}" in alt
    assert list(fig.data[0].z[0]) == list(grid.iloc[0])
    assert fig.layout.shapes  # the window's episode count is marked


def test_no_rate_gives_power_is_said() -> None:
    grid = power.timing_power_grid(0.9, episodes=(2, 3))
    fig = charts_power.fig_timing_power(grid, 0.9, 2, None)
    assert "no true hit rate gives it 80% power" in fig.layout.title.text.replace(
        "<br>", " "
    )
    assert "under 80% at every rate shown" in fig.layout.meta["alt"]


def test_power_chart() -> None:
    table = power.alternation_power(10)
    fig = charts_power.fig_power(table, {"spells": "spells test"}, "03_power")
    check_finished(fig, "03_power")
    assert list(fig.data[0].y) == table["spells"].tolist()
    assert "synthetic" in fig.layout.annotations[-1].text
    assert (
        "not the window&#39;s own power" in fig.layout.title.text
        or "not the window's own power" in fig.layout.title.text
    )
    own = charts_power.fig_power(
        table, {"spells": "spells test"}, "03_power", own_power=0.154, own_world="w"
    )
    assert own.layout.title.text.startswith(
        "At the window&#39;s own size the spells test finds realistic spells in 15%"
    ) or own.layout.title.text.startswith(
        "At the window's own size the spells test finds realistic spells in 15%"
    )


def test_power_chart_compares_the_worlds_purity_with_the_data_s() -> None:
    """The title says how pure the spells world is against the data's lanes, from
    `1 - synthetic.SPELL_LEAK` and `own_purity`, never a typed 'cleaner'."""
    table = power.alternation_power(10)
    world = 1 - synthetic.SPELL_LEAK
    for purity, words in (
        (world - 0.07, "their spells purer than the data's"),
        (world + 0.05, "their spells less pure than the data's"),
    ):
        fig = charts_power.fig_power(
            table, {"spells": "spells test"}, "03_power", 0.2, "w", purity
        )
        title = fig.layout.title.text.replace("<br>", " ").replace("&#39;", "'")
        assert words in title and "cleaner" not in title


def test_the_moves_timed_are_named_by_the_track() -> None:
    grid = power.timing_power_grid(0.3, episodes=(5, 10))
    fig = charts_power.fig_timing_power(
        grid, 0.3, 5, None, "04_timing_power_gaza", "concession"
    )
    alt = fig.layout.meta["alt"]
    assert "true share of concession episodes" in alt and "overture" not in alt
    assert fig.layout.meta["slug"] == "04_timing_power_gaza"
    default = charts_power.fig_timing_power(grid, 0.3, 5, None).layout.meta["alt"]
    assert "true share of overture episodes" in default
