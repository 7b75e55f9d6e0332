"""The seesaw picture: its episodes are the article's rows with dates from the rows,
its lanes, window and labels (one row of boxes per side, none overlapping)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from seesaw.charts import charts_seesaw
from seesaw.data import vocab


def _seesaw_acts() -> pd.DataFrame:
    from seesaw.data.load import load_dataset
    from seesaw.paths import DATA

    events = load_dataset(DATA).events
    return events[
        events["actor"].astype(str).eq("us")
        & events["pressure_on"].astype(str).isin(["kyiv", "moscow"])
    ]


def test_seesaw_episodes_are_the_articles_rows() -> None:
    """Each labelled episode is a US act the seed article names, pressing the lane it is drawn in."""
    acts = _seesaw_acts().set_index("id")
    for ids, _name in charts_seesaw.SEESAW_EPISODES:
        for i in ids:
            assert i in acts.index, i
    labels = charts_seesaw.episode_labels(acts.reset_index())
    assert len(labels) == len(charts_seesaw.SEESAW_EPISODES)
    lanes = dict(zip(labels["text"].str.split(",").str[0], labels["pressure_on"]))
    assert lanes["Aid and intelligence pause"] == "kyiv"
    assert lanes["July weapons pause"] == "kyiv"
    assert lanes["Rosneft and Lukoil sanctions"] == "moscow"
    assert acts.loc["E0243", "kind"] == "sanctions"
    assert acts.loc["E0238", "kind"] == "summit_cancelled"


def test_seesaw_labels_dates_come_from_the_rows() -> None:
    acts = _seesaw_acts()
    labels = charts_seesaw.episode_labels(acts).set_index("ids")
    assert labels.loc["E0036, E0040", "text"] == "Aid and intelligence pause, 3-5 Mar"
    moved = acts.assign(
        date=acts["date"].where(acts["id"].ne("E0243"), pd.Timestamp("2025-10-23"))
    )
    assert (
        charts_seesaw.episode_labels(moved)
        .set_index("ids")
        .loc["E0243", "text"]
        .endswith("23 Oct")
    )


def test_seesaw_picture_lanes_window_and_labels() -> None:
    acts = _seesaw_acts()
    fig = charts_seesaw.fig_seesaw(acts, vocab.ANALYSIS_START, vocab.ARTICLE_END)
    names = [t.name for t in fig.data]
    assert names == [n for _, _, n in charts_seesaw.seesaw_series()]
    up = {t.name: t for t in fig.data}
    assert (np.asarray(up["raised pressure on Moscow"].y) >= 0).all()
    assert (np.asarray(up["raised pressure on Kyiv"].y) <= 0).all()
    # relief is drawn apart: thinner and hollow
    assert up["relief for Moscow"].width < up["raised pressure on Moscow"].width
    assert up["relief for Moscow"].marker.color == "white"
    texts = " ".join(a.text for a in fig.layout.annotations)
    for _ids, name in charts_seesaw.SEESAW_EPISODES:
        assert name in texts
    # each lane is named for all it holds: raised pressure and relief alike
    assert "US acts on Moscow" in texts and "US acts on Kyiv" in texts
    assert "pressure on Moscow</b>" not in texts
    assert "article published, 22 Oct 2025" in texts
    assert any(s.type == "rect" for s in fig.layout.shapes)
    # the weekly counts add up to the acts drawn
    total = sum(int(np.abs(np.asarray(t.y)).sum()) for t in fig.data)
    assert total == int((acts["date"] >= vocab.ANALYSIS_START).sum())


def test_seesaw_labels_sit_on_one_row_per_side() -> None:
    """No staircase: every label box above the Moscow lane starts at the same height,
    neighbours within ten days share a box, and the chart runs to the `end` it is given."""
    acts = _seesaw_acts()
    end = pd.Timestamp("2026-03-19")
    fig = charts_seesaw.fig_seesaw(
        acts, vocab.ANALYSIS_START, vocab.ARTICLE_END, end=end
    )
    boxes = [a for a in fig.layout.annotations if a.showarrow]
    up = {a.ay for a in boxes if a.ay > 0}
    down = {a.ay for a in boxes if a.ay < 0}
    assert len(up) == 1 and len(down) == 1
    joined = [a.text for a in boxes if "<br>" in a.text]
    assert any("Budapest summit off" in t and "Rosneft" in t for t in joined)
    assert "to 19 March 2026" in fig.layout.meta["alt"]


def test_the_finding_names_a_side_only_when_one_came_first() -> None:
    acts = _seesaw_acts()
    found = charts_seesaw.seesaw_finding(acts, "2025-01-20", vocab.ARTICLE_END)
    assert found.startswith("In the article's window US pressure on")
    generic = "US acts raising pressure on Moscow and on Kyiv, week by week"
    # a window that opens after the article (an accepted run window), and no acts
    assert (
        charts_seesaw.seesaw_finding(acts, "2025-12-17", vocab.ARTICLE_END) == generic
    )
    assert charts_seesaw.seesaw_finding(acts.iloc[:0], "2025-01-20", "2025-10-22") == (
        generic
    )


def test_the_finding_names_its_own_days_when_the_run_starts_elsewhere() -> None:
    """With `-p start_date 2025-03-01` the finding was still labelled "the article's
    window" (which opens on 20 January 2025)."""
    acts = _seesaw_acts()
    found = charts_seesaw.seesaw_finding(acts, "2025-03-01", vocab.ARTICLE_END)
    assert found.startswith("From 1 March 2025 to 22 October 2025 US pressure on Kyiv")
