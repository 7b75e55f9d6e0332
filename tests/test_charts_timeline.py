"""The timeline's parts: escaped hover text, traces in their fixed order, given hover."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from seesaw.analysis.synthetic import write_synthetic
from seesaw.charts import charts_timeline, theme
from seesaw.charts.timeline import timeline_data
from seesaw.data.load import load_dataset
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory):
    return load_dataset(write_synthetic(tmp_path_factory.mktemp("syn"), 300, seed=2))


def test_hover_text_is_escaped() -> None:
    data = load_dataset(FIXTURES / "injection")
    texts = charts_timeline.hover_text(data.events, data.quotes)
    joined = " ".join(texts)
    assert "<img" not in joined and "<script" not in joined
    assert "&lt;img src=x onerror=" in joined and "&lt;script&gt;" in joined


def test_timeline_parts_hover_as_a_mapping_or_a_series(tmp_path) -> None:
    data = load_dataset(write_synthetic(tmp_path, 300, seed=2))
    tl = timeline_data(data.events)
    texts = charts_timeline.hover_text(data.events, data.quotes)
    series = pd.Series(texts, index=data.events["id"].to_numpy())
    mapping = dict(zip(data.events["id"].tolist(), texts))
    args = (tl.scored, tl.smoothed, tl.phases, tl.overtures, tl.hardline)
    by_series = charts_timeline.timeline_parts(*args, hover=series)
    by_mapping = charts_timeline.timeline_parts(*args, hover=mapping)
    computed = charts_timeline.timeline_parts(*args, quotes=data.quotes)
    for parts in (by_mapping, computed):
        assert parts.title == by_series.title and parts.alt == by_series.alt
        assert parts.shapes == by_series.shapes
        for a, b in zip(parts.traces, by_series.traces):
            assert a.keys() == b.keys()
            for key in a:
                if isinstance(a[key], np.ndarray):
                    assert np.array_equal(a[key], b[key]), key
                elif key == "marker":
                    assert a[key].keys() == b[key].keys()
                    assert np.array_equal(
                        np.asarray(a[key].get("size")), np.asarray(b[key].get("size"))
                    )
                else:
                    assert a[key] == b[key], key
    assert any(len(t.get("hovertext") or []) for t in by_mapping.traces)
    # A row the mapping does not know gets no text, as with the Series.
    partial = dict(list(mapping.items())[1:])
    first = charts_timeline.timeline_parts(*args, hover=partial)
    series_partial = charts_timeline.timeline_parts(*args, hover=series.iloc[1:])
    assert [t.get("hovertext") for t in first.traces] == [
        t.get("hovertext") for t in series_partial.traces
    ]


def test_timeline_modes_do_not_share_the_russian_strip_colour() -> None:
    assert theme.ACTOR_COLOURS["russia"] not in theme.MODE_COLOURS.values()
    assert len(set(theme.MODE_COLOURS.values())) == len(theme.MODE_COLOURS)
