"""Label placement: levels without overlap, centres spread apart in order, neighbours
grouped into one box."""

from __future__ import annotations

import pandas as pd

from seesaw.charts import label_layout


def test_stack_levels_never_overlap() -> None:
    centres = [0.0, 5.0, 10.0, 100.0, 102.0]
    widths = [20.0, 20.0, 20.0, 4.0, 4.0]
    levels = label_layout.stack_levels(centres, widths, gap=1)
    for i in range(len(centres)):
        for j in range(i + 1, len(centres)):
            if levels[i] == levels[j]:
                gap = abs(centres[i] - centres[j]) - (widths[i] + widths[j]) / 2
                assert gap >= 1
    assert levels[3] == 0


def test_spread_centres_never_overlap_and_keep_order() -> None:
    centres = [100.0, 104.0, 108.0, 110.0]
    widths = [20.0, 20.0, 30.0, 10.0]
    placed = label_layout.spread_centres(centres, widths, 0.0, 200.0, gap=2)
    assert placed == sorted(placed)
    for a, b in zip(range(3), range(1, 4)):
        assert placed[b] - widths[b] / 2 - (placed[a] + widths[a] / 2) >= 2 - 1e-9
    # pulled back inside the right edge
    edge = label_layout.spread_centres([195.0, 198.0], [10.0, 10.0], 0.0, 200.0)
    assert max(c + 5 for c in edge) <= 200.0 + 1e-9


def test_label_groups_join_neighbours() -> None:
    days = [
        pd.Timestamp(d)
        for d in ("2025-10-16", "2025-07-14", "2025-10-22", "2025-10-21")
    ]
    assert label_layout.label_groups(days, 10) == [[1], [0, 3, 2]]


def test_the_name_strip_stacks_names_that_would_overlap() -> None:
    import pandas as pd

    from seesaw.charts.label_layout import name_strip

    starts = pd.Series(pd.to_datetime(["2025-03-01", "2025-03-02", "2025-09-01"]))
    days = pd.DatetimeIndex(pd.to_datetime(["2025-02-01", "2025-10-01"]))
    span, heights, rows = name_strip(starts, days, ["a long name", "another", "far"], 3)
    assert span == 242
    assert rows == 2 and heights[0] != heights[1] and heights[2] == heights[0]
    assert min(heights) == 3.9
