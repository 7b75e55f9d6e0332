"""Charts of the statistics: titles generated from the results, slugs, alt text, traces."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from seesaw import paths
from seesaw.analysis import overtures, power, spells, synthetic, verdicts
from seesaw.charts import charts_power, charts_stats
from seesaw.charts.theme import MOSCOW
from seesaw.data import vocab
from seesaw.data.load import load_dataset
from tests.outputs import check_finished


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return load_dataset(paths.DATA).events


def test_lanes_and_shift_null(events: pd.DataFrame) -> None:
    v = verdicts.alternation_verdict(events, permutations=99)
    lanes = spells.lanes(events, vocab.ANALYSIS_START, vocab.ARTICLE_END)
    fig = charts_stats.fig_lanes(lanes, v)
    check_finished(fig, "03_lanes")
    assert fig.layout.title.text.startswith(v.headline()[:40])
    assert (np.asarray(fig.data[1].y) <= 0).all()  # Kyiv below the axis
    null = charts_stats.fig_shift_null(v)
    check_finished(null, "03_shift_null")
    assert len(null.data[0].y) == v.spells.shifts
    assert f"p = {v.spells.p_value:.3f}" in null.layout.title.text
    # the statistic is named where it is shown (not the weekly correlation)
    assert f"{v.spells.smooth_days}-day smoothed lanes" in fig.layout.meta["alt"]
    assert f"{v.spells.smooth_days}-day smoothed lanes" in null.layout.meta["alt"]
    # "ordinary" only when neither tail is under alpha; the count from the named tail
    s, a = v.spells, v.alpha
    for p_value, p_other, words, tail in (
        (0.6, 0.4, "is ordinary among chance ones", "low"),
        (0.6, a / 2, "is higher than most chance ones", "high"),
        (a / 2, 0.9, "is rarer than chance", "low"),
    ):
        moved = dataclasses.replace(
            v, spells=dataclasses.replace(s, p_value=p_value, p_other=p_other)
        )
        title = charts_stats.fig_shift_null(moved).layout.title.text
        assert (
            words in title and f"correlation as {tail} as {s.statistic:+.2f}" in title
        )


def test_placebo_and_episodes(events: pd.DataFrame) -> None:
    ov = verdicts.overture_verdict(events)
    fig = charts_stats.fig_placebo(ov.timing)
    check_finished(fig, "04_placebo")
    assert sum(sum(t.y) for t in fig.data) == pytest.approx(1.0)
    # a legend names both groups; neither takes Moscow's vermilion
    assert fig.layout.showlegend is not False and len(fig.data) == 2
    assert all(t.name and t.marker.color != MOSCOW for t in fig.data)
    assert {int(x) for x in fig.data[1].x} == set(
        range(ov.timing.hits, ov.timing.episodes + 1)
    )
    table = overtures.episode_table(events, vocab.ANALYSIS_START, vocab.ARTICLE_END)
    esc = overtures.escalation_rows(events)
    fig = charts_stats.fig_episodes(esc["date"], table, 3)
    check_finished(fig, "04_episodes")
    n_hit = int(table["in_window"].sum())
    assert fig.layout.title.text.startswith(f"{n_hit} of {len(table)}")
    # whole-number ticks for whole counts; no marker below the axis; every episode named
    ticks = list(fig.layout.yaxis.tickvals)
    assert ticks and all(float(t).is_integer() for t in ticks)
    marks = [t for t in fig.data if t.type == "scatter"]
    assert all(min(t.y) > 0 for t in marks if len(t.y))
    names = [n for t in marks for n in t.text]
    assert len(names) == len(table) and "Alaska summit agreed" in names
    assert "Alaska summit agreed, 7 Aug" in fig.layout.meta["alt"]


def test_alternation_worlds_are_the_observed_size() -> None:
    """The small multiples: observed lanes, then spells, tit-for-tat and chance, each
    with as many acts over as many days as the observed lanes."""
    import numpy as np
    import pandas as pd

    from seesaw.charts import charts_stats

    days = pd.date_range("2025-01-20", periods=120, freq="D")
    rng = np.random.default_rng(1)
    lanes = pd.DataFrame(
        {"moscow": rng.poisson(0.2, 120), "kyiv": rng.poisson(0.2, 120)}, index=days
    )
    worlds = synthetic.alternation_worlds(lanes, seed=3)
    assert worlds[0][0].startswith("Observed")
    total = int(lanes.to_numpy().sum())
    for _name, w in worlds:
        assert len(w) == len(lanes)
        assert int(w.to_numpy().sum()) in range(total - 0, total + 60)
    fig = charts_stats.fig_alternation_worlds(lanes, seed=3)
    assert len(fig.data) == 2 * len(worlds)
    assert "spells test" in " ".join(a.text for a in fig.layout.annotations)
    assert fig.layout.meta["slug"] == "03_worlds"
    # the same seed draws the same worlds
    again = synthetic.alternation_worlds(lanes, seed=3)
    assert all(a[1].equals(b[1]) for a, b in zip(worlds, again))


def test_the_statistics_titles_run_to_two_lines_at_most(events: pd.DataFrame) -> None:
    """The shift-null title ran to three lines, the power chart's too."""
    from seesaw.analysis import claims
    from seesaw.charts import charts_claims

    v = verdicts.alternation_verdict(events, permutations=99)
    ov = verdicts.overture_verdict(events)
    table = overtures.episode_table(events, vocab.ANALYSIS_START, vocab.ARTICLE_END)
    esc = overtures.escalation_rows(events)
    power_table = power.alternation_power(10)
    data = load_dataset(paths.DATA)
    figs = [
        charts_stats.fig_shift_null(v),
        charts_stats.fig_placebo(ov.timing),
        charts_stats.fig_episodes(esc["date"], table, 3),
        charts_power.fig_power(
            power_table,
            {"spells": "spells test (primary)", "act_by_act": "runs test"},
            "03_power",
        ),
        charts_power.fig_power(
            power_table,
            {"spells": "spells test (primary)"},
            "03_power",
            0.154,
            "w",
            0.78,
        ),
        charts_claims.fig_verdict_grid(
            claims.evaluate(data.claims, data.events, data.quotes)
        ),
    ]
    for fig in figs:
        assert fig.layout.title.text.count("<br>") <= 1, fig.layout.title.text


def test_the_coding_forest_says_its_verdicts_in_words() -> None:
    """Hover, title and alt text name each coding's verdict in a reader's words, and
    the legend gives the timing test's own window."""
    coding = pd.DataFrame(
        {
            "label": ["as coded", "calls coded none"],
            "overtures_verdict": ["no_pattern", "follow_pressure"],
            "overtures_p": [0.4, 0.01],
            "overture_rate": [0.5, 0.8],
            "overture_rate_low": [0.3, 0.6],
            "overture_rate_high": [0.7, 0.9],
            "overture_chance": [0.45, 0.45],
        }
    )
    fig = charts_stats.fig_coding_forest(coding, which="overtures")
    shares = fig.data[0]
    assert list(shares.customdata[:, 1]) == ["overtures follow pressure", "no pattern"]
    assert f"0-{vocab.DEFAULT_COINCIDENCE_DAYS} days" in shares.name
    assert "no pattern" in fig.layout.title.text
    alt = (
        fig.layout.meta["alt"]
        if isinstance(fig.layout.meta, dict)
        else str(fig.layout.meta)
    )
    assert "no_pattern" not in alt and "follow_pressure" not in alt
