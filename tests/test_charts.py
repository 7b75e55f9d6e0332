"""Chart builders, inspected as Figure objects: traces, colours, titles, metadata."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from bench.synthetic import write_synthetic

from seesaw.analysis import describe, metrics, overtures, score, spells, timing
from seesaw.charts import charts, theme
from seesaw.charts.timeline import timeline_data
from seesaw.data import vocab
from seesaw.data.load import load_dataset
from tests.outputs import check_finished


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory):
    return load_dataset(write_synthetic(tmp_path_factory.mktemp("syn"), 300, seed=2))


def test_palette_is_fixed_for_kyiv_and_moscow() -> None:
    assert theme.SIDE_COLOURS["kyiv"] == "#0072B2"
    assert theme.SIDE_COLOURS["moscow"] == "#D55E00"
    # actors are not pressure targets: Russia's acts are not "pressure on Moscow"
    assert theme.ACTOR_COLOURS["russia"] != theme.SIDE_COLOURS["moscow"]
    assert theme.ACTOR_COLOURS["ukraine"] != theme.SIDE_COLOURS["kyiv"]
    assert set(theme.ACTOR_COLOURS) == set(vocab.ACTORS)
    assert set(theme.MODE_COLOURS) == set(vocab.MODES)


def test_timeline(data) -> None:
    tl = timeline_data(data.events)
    s, ph = tl.scored, tl.phases
    fig = charts.fig_timeline(
        tl.scored, tl.smoothed, ph, tl.overtures, tl.hardline, data.quotes
    )
    check_finished(fig, "02_timeline")
    assert [t.name for t in fig.data][:3] == [f"US act: {m}" for m in vocab.MODES]
    assert [t.name for t in fig.data][3:] == [
        f"balance, last {vocab.DEFAULT_SMOOTHING_DAYS} days",
        "Russian overture",
        "Russian hardline move",
    ]
    for t, mode in zip(fig.data[:3], vocab.MODES):
        assert t.marker.color == theme.MODE_COLOURS[mode]
    # Above the axis toward Moscow, below toward Kyiv.
    ys = np.concatenate([np.asarray(t.y, float) for t in fig.data[:3]])
    assert (ys > 0).sum() == (s["score"] > 0).sum() and (ys < 0).sum() == (
        s["score"] < 0
    ).sum()
    rects = [sh for sh in fig.layout.shapes if sh.type == "rect"]
    assert len(rects) == len(ph)
    assert {sh.fillcolor for sh in rects} <= {theme.KYIV, theme.MOSCOW}
    assert (
        fig.layout.xaxis.rangeselector.buttons and fig.layout.xaxis2.rangeslider.visible
    )
    title = html.unescape(fig.layout.title.text.replace("<br>", " "))  # the words
    assert f"{len(ph)} phases" in title
    first, last = s["date"].min(), s["date"].max()
    assert title.startswith(f"From {first:%B %Y} to {last:%B %Y}, Washington's")


def test_escape_handles_missing_values() -> None:
    assert theme.escape(None) == "" and theme.escape(float("nan")) == ""
    assert theme.escape("a < b & c") == "a &lt; b &amp; c"


def test_monthly_balance_sums_to_the_scores(data) -> None:
    s = score.score_events(data.events)
    fig = charts.fig_monthly_balance(s)
    check_finished(fig, "02_monthly_balance")
    up, down, net = (np.asarray(t.y, float) for t in fig.data)
    assert up.sum() == pytest.approx(s["score"].clip(lower=0).sum())
    assert down.sum() == pytest.approx(s["score"].clip(upper=0).sum())
    assert np.allclose(up + down, net)


def test_null_distribution(data) -> None:
    s = score.score_events(data.events)
    seq = metrics.pressure_sequence(s).to_numpy()
    runs = spells.runs_tails(seq)
    fig = charts.fig_runs_null(runs)
    check_finished(fig, "03_null_runs")
    assert len(fig.data) == 1 and f"{runs.runs} runs" in fig.layout.title.text
    bars = fig.data[0]
    assert list(bars.x) == list(runs.distribution)
    assert sum(bars.y) == pytest.approx(1.0)


def test_null_distribution_title_says_than_chance_only_below_alpha() -> None:
    """The title says "than chance" only when the exact p of the data's tail is under
    ALPHA, on either side of the expected count (and neither side at the expected count)."""
    flat = {k: 1 / 19 for k in range(2, 21)}
    below, above = vocab.ALPHA - 0.001, vocab.ALPHA
    for observed, p_more, p_fewer, words in (
        (3, 0.99, below, "fewer switches than chance"),
        (9, 0.7, above, "fewer switches than expected, within chance"),
        (17, below, 0.99, "more often than chance, act by act"),
        (11, above, 0.7, "more often than expected, within chance"),
        (10, 0.6, 0.6, "exactly as often as chance would have them"),
    ):
        runs = spells.RunsTails(20, observed, 10.0, 2.0, p_more, p_fewer, "exact", flat)
        assert words in charts.fig_runs_null(runs).layout.title.text


def test_event_study_chart(data) -> None:
    s = score.score_events(data.events)
    span = (data.events["date"].min(), data.events["date"].max())
    study = timing.event_study(
        overtures.overture_rows(data.events)["date"],
        overtures.escalation_rows(s),
        span,
        7,
        99,
        1,
    )
    fig = charts.fig_event_study(study)
    check_finished(fig, "04_event_study")
    assert len(fig.data[2].x) == 15
    assert fig.data[2].line.color == theme.MOSCOW
    # the title's words follow the placebo p, not the sign of the difference alone;
    # a null is "cannot tell" (the check has no power measure), never "did not ease"
    title = fig.layout.title.text.replace("<br>", " ")
    if study.p_value < vocab.ALPHA:
        assert "eased after Russian overtures, more than around random dates" in title
    else:
        assert title.startswith(
            "The data cannot tell whether US escalation on Moscow eased after Russian "
            "overtures more than around random dates"
        )
    assert "did not ease" not in title
    assert f"placebo p {study.p_value:.3f}" in fig.layout.meta["alt"]
    assert "us escalation" not in fig.layout.meta["alt"]  # names keep their capitals


def test_event_study_words_follow_the_placebo() -> None:
    from types import SimpleNamespace

    profile = pd.DataFrame(
        {
            "offset": [-1, 0, 1],
            "mean": [1.0, 0.5, 0.2],
            "placebo_low": [0.1] * 3,
            "placebo_mid": [0.3] * 3,
            "placebo_high": [0.5] * 3,
        }
    )
    common = dict(profile=profile, n_events=5, event_window_days=1, draws=99, seed=1)
    strong = SimpleNamespace(
        pre_mean=1.0, post_mean=0.2, pre_minus_post=0.8, p_value=0.01, **common
    )
    weak = SimpleNamespace(
        pre_mean=0.3, post_mean=0.4, pre_minus_post=-0.1, p_value=0.6, **common
    )

    def title(study: object) -> str:
        return charts.fig_event_study(study).layout.title.text.replace("<br>", " ")

    assert "eased after Russian overtures, more than around random dates" in title(
        strong
    )
    weak_fig = charts.fig_event_study(weak)
    assert "cannot tell whether US escalation on Moscow eased after" in title(weak)
    assert "did not ease" not in title(weak) and "cannot tell" not in title(strong)
    assert "higher after" in weak_fig.layout.meta["alt"]


def test_tracks_and_levers(data) -> None:
    track = describe.track(data.events).where(
        ~describe.gaza_track(data.events), "Gaza track"
    )
    fig = charts.fig_tracks(
        data.events, track, ["US on Moscow", "US on Kyiv", "Gaza track"]
    )
    check_finished(fig, "05_tracks")
    assert (
        " from " not in fig.layout.meta["alt"].split(";")[-1]
    )  # no span given, none named
    span = (pd.Timestamp("2025-01-20"), pd.Timestamp("2025-10-22"))
    named = charts.fig_tracks(data.events, track, ["Gaza track"], span)
    assert "Gaza-track rows from 20 Jan 2025 to 22 Oct 2025" in named.layout.meta["alt"]
    assert "from 20 Jan 2025 to 22 Oct 2025" in named.layout.title.text
    levers = describe.levers(data.events)
    assert list(levers.columns) == ["Ukraine: on Moscow", "Ukraine: on Kyiv", "Gaza"]
    lv = charts.fig_levers(levers)
    check_finished(lv, "05_levers")
    assert {t.name for t in lv.data} == set(levers.columns)
    # the commonest kind over the columns shown sits on top (plotly draws the last
    # category of a horizontal bar chart at the top)
    ukraine = levers[["Ukraine: on Moscow", "Ukraine: on Kyiv"]]
    uk = charts.fig_levers(ukraine[ukraine.sum(axis=1) > 0])
    order = list(uk.layout.yaxis.categoryarray)
    totals = ukraine.sum(axis=1)
    assert totals[order[-1]] == totals.max()
    assert [totals[k] for k in order] == sorted(totals[k] for k in order)
    assert html.unescape(uk.layout.title.text).startswith("Washington's commonest act")
    assert "Ukraine:" not in uk.layout.title.text


def test_titles_escape_markup() -> None:
    fig = theme.finish(go.Figure(), slug="x", title="<b>a</b>", alt="alt text")
    assert "&lt;b&gt;" in fig.layout.title.text


def test_densest_window_finds_the_burst() -> None:
    from seesaw.charts.charts import densest_window

    dates = pd.Series(
        pd.to_datetime(
            ["2025-01-01", "2025-03-01", "2025-03-10", "2025-03-20", "2025-09-01"]
        )
    )
    start, end, k = densest_window(dates, 30)
    assert (start, end, k) == (
        pd.Timestamp("2025-03-01"),
        pd.Timestamp("2025-03-20"),
        3,
    )


# --- The seesaw picture ---------------------------------------------------------


def test_monthly_balance_names_the_even_months() -> None:
    scored = pd.DataFrame(
        {
            "date": pd.to_datetime(
                ["2025-01-05", "2025-02-05", "2025-02-06", "2025-03-05"]
            ),
            "score": [1.0, 1.0, -1.0, -2.0],
        }
    )
    fig = charts.fig_monthly_balance(scored)
    assert "leaned on Moscow in 1 and on Kyiv in 1, and 1 month was even" in (
        fig.layout.title.text.replace("<br>", " ")
    )
