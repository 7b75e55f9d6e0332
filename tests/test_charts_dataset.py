"""The dataset chapter's charts: coverage by month, the kinds of act (every kind
labelled, relief named as relief)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from bench.synthetic import write_synthetic

from seesaw.charts import charts, charts_dataset, theme
from seesaw.data import vocab
from seesaw.data.load import load_dataset
from tests.outputs import check_finished


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory):
    return load_dataset(write_synthetic(tmp_path_factory.mktemp("syn"), 300, seed=2))


def test_coverage_and_kinds(data) -> None:
    cov = charts_dataset.fig_coverage_by_month(data.events)
    check_finished(cov, "01_coverage_by_month")
    codes = {name: code for code, name in vocab.ACTOR_NAMES.items()}
    for trace in cov.data:
        # the legend names the actor in words ("US", not "us"), in its colour
        assert trace.name in codes and trace.name != codes[trace.name]
        assert trace.marker.color == theme.ACTOR_COLOURS[codes[trace.name]]
    total = sum(np.asarray(t.y).sum() for t in cov.data)
    assert total == int(data.events["kind"].astype(str).ne("context").sum())
    kinds = charts_dataset.fig_kinds(data.events)
    check_finished(kinds, "01_kinds")
    acts = data.events["kind"].astype(str).ne("context")
    assert sum(np.asarray(t.x).sum() for t in kinds.data) == int(acts.sum())


def test_category_charts_label_every_category() -> None:
    """01_kinds showed every other kind; the commonest, 'statement', was unlabelled."""
    from seesaw.paths import DATA

    events = load_dataset(DATA).events
    fig = charts_dataset.fig_kinds(events)
    kinds = {
        vocab.KIND_NAMES[k]
        for k in events["kind"].astype(str)
        if k != "context"  # background rows are not acts
    }
    assert set(fig.layout.yaxis.tickvals) == kinds
    assert "statement" in fig.layout.yaxis.ticktext
    assert fig.layout.height >= 24 * len(kinds)
    table = pd.DataFrame({"Gaza": [1, 2, 3]}, index=["a", "b", "c"])
    levers = charts.fig_levers(table)
    assert list(levers.layout.yaxis.tickvals) == ["a", "b", "c"]


def test_kinds_chart_names_relief_as_relief() -> None:
    """01_kinds called relief acts 'pressure on moscow'; kinds read as words."""
    from seesaw.paths import DATA

    fig = charts_dataset.fig_kinds(load_dataset(DATA).events)
    names = [t.name for t in fig.data]
    assert "relief for Moscow" in names and "raised pressure on Moscow" in names
    assert not any(n.startswith("pressure on") for n in names)
    cats = list(fig.layout.yaxis.categoryarray)
    assert "aid pause" in cats and not any("_" in c for c in cats)
