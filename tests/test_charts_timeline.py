"""The timeline's parts: escaped hover text, traces in their fixed order, given hover."""

from __future__ import annotations

import numpy as np
import pytest
from bench.synthetic import write_synthetic

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


def test_timeline_parts_with_hover_given_as_a_mapping(tmp_path) -> None:
    data = load_dataset(write_synthetic(tmp_path, 300, seed=2))
    tl = timeline_data(data.events)
    texts = charts_timeline.hover_text(data.events, data.quotes)
    mapping = dict(zip(data.events["id"].tolist(), texts))
    args = (tl.scored, tl.smoothed, tl.phases, tl.overtures, tl.hardline)
    by_mapping = charts_timeline.timeline_parts(*args, hover=mapping)
    computed = charts_timeline.timeline_parts(*args, quotes=data.quotes)
    for parts in (by_mapping,):
        assert parts.title == computed.title and parts.alt == computed.alt
        assert parts.shapes == computed.shapes
        for a, b in zip(parts.traces, computed.traces):
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
    # A row the mapping does not know gets no text.
    missing = data.events["id"].iloc[0]
    partial = {k: v for k, v in mapping.items() if k != missing}
    first = charts_timeline.timeline_parts(*args, hover=partial)
    for a, b in zip(first.traces, by_mapping.traces):
        if "customdata" in a:
            expect = [
                "" if i == missing else t
                for i, t in zip(b["customdata"], b["hovertext"], strict=True)
            ]
            assert a["hovertext"] == expect


def test_timeline_modes_do_not_share_the_russian_strip_colour() -> None:
    assert theme.ACTOR_COLOURS["russia"] not in theme.MODE_COLOURS.values()
    assert len(set(theme.MODE_COLOURS.values())) == len(theme.MODE_COLOURS)
