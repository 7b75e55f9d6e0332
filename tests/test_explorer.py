"""The explorer's wiring, without a kernel: build it, set widgets, read the figure."""

from __future__ import annotations

import base64
import datetime as dt

import nbformat
import numpy as np
import pandas as pd
import pytest
from bench.synthetic import write_synthetic

from seesaw import paths
from seesaw.analysis.verdicts import alternation_verdict, overture_verdict
from seesaw.charts import charts
from seesaw.charts.timeline import timeline_data
from seesaw.data import vocab
from seesaw.data.load import load_dataset
from seesaw.data.safe import html_text
from seesaw.data.vocab import p_text
from seesaw.publish.panel import verdict_rows_key
from seesaw.publish.questions import PRESETS
from seesaw.publish.widgets import Explorer, same_values
from seesaw.text.words import cap, day_words
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory):
    return load_dataset(write_synthetic(tmp_path_factory.mktemp("syn"), 400, seed=3))


@pytest.fixture
def explorer(data) -> Explorer:
    return Explorer(data.events, data.quotes)


def _points(ex: Explorer, name: str) -> int:
    trace = next(t for t in ex.figure.data if t.name.startswith(name))
    return len(trace.x) if trace.x is not None else 0


def test_initial_state_equals_the_static_chart(data, explorer: Explorer) -> None:
    tl = timeline_data(data.events[data.events["date"] >= "2025-01-20"])
    static = charts.fig_timeline(
        tl.scored, tl.smoothed, tl.phases, tl.overtures, tl.hardline, data.quotes, 14
    )
    assert [t.name for t in explorer.figure.data] == [t.name for t in static.data]
    for live, fixed in zip(explorer.figure.data, static.data):
        assert np.array_equal(np.asarray(live.y, float), np.asarray(fixed.y, float))
        assert list(live.hovertext or []) == list(fixed.hovertext or [])
    assert explorer.figure.layout.title.text == static.layout.title.text
    assert explorer.figure.layout.shapes == static.layout.shapes


def test_dates_narrow_every_trace_and_the_stats(explorer: Explorer) -> None:
    before = _points(explorer, "US act: verbal")
    acts = explorer.stats_table["acts"]
    explorer.start.value = dt.date(2025, 9, 1)
    explorer.end.value = dt.date(2025, 12, 31)
    assert 0 < _points(explorer, "US act: verbal") < before
    assert explorer.stats_table["acts"] < acts
    xs = np.concatenate(
        [
            np.asarray(t.x, "datetime64[ns]")
            for t in explorer.figure.data
            if t.x is not None and len(t.x)
        ]
    )
    assert xs.min() >= np.datetime64("2025-09-01") and xs.max() <= np.datetime64(
        "2025-12-31"
    )


def test_unticking_an_actor_empties_its_traces(explorer: Explorer) -> None:
    assert _points(explorer, "Russian overture") > 0
    explorer.actors["russia"].value = False
    assert _points(explorer, "Russian overture") == 0
    assert _points(explorer, "Russian hardline move") == 0
    assert _points(explorer, "US act: threat") > 0
    explorer.actors["us"].value = False
    assert all(
        _points(explorer, f"US act: {m}") == 0 for m in ("verbal", "threat", "material")
    )
    assert "error" in explorer.stats_table  # nothing left to test: said, not crashed


def test_scheme_and_custom_weights_change_scores_and_stats(explorer: Explorer) -> None:
    verbal = next(t for t in explorer.figure.data if t.name == "US act: verbal")
    assert set(np.abs(np.asarray(verbal.y, float))) == {1.0}
    explorer.scheme.value = "custom"
    explorer.weights["verbal"].value = 2.5
    verbal = next(t for t in explorer.figure.data if t.name == "US act: verbal")
    assert set(np.abs(np.asarray(verbal.y, float))) == {2.5}
    flat = dict(explorer.stats_table)
    explorer.scheme.value = "goldstein"
    assert explorer.stats_table["runs test p"] != flat["runs test p"] or (
        explorer.stats_table["runs observed"] != flat["runs observed"]
    )


def test_smoothing_changes_the_balance_line(explorer: Explorer) -> None:
    line = next(t for t in explorer.figure.data if t.name.startswith("balance"))
    before = np.asarray(line.y, float).copy()
    explorer.smoothing.value = 3
    line = next(t for t in explorer.figure.data if t.name.startswith("balance"))
    assert line.name == "balance, last 3 days"
    assert not np.array_equal(before, np.asarray(line.y, float))


def test_smoothing_never_moves_a_verdict(data) -> None:
    # The box smooths the drawn balance only; the spells test keeps the plan's 14 days
    # (07's "How to use it" says so). Verdicts are recomputed, not recalled, each time.
    ex = Explorer(data.events, data.quotes)
    panel = dict(ex.stats_table)
    for days in (3, 30, 60):
        ex.forget_verdicts()
        ex.smoothing.value = days
        assert dict(ex.stats_table) == panel, days


def test_quotes_toggle_removes_quotes_from_hover() -> None:
    data = load_dataset(FIXTURES / "good")
    ex = Explorer(data.events, data.quotes, start=None)
    threat = next(t for t in ex.figure.data if t.name == "US act: threat")
    assert "Fixture words about sanctions." in threat.hovertext[0]
    ex.show_quotes.value = False
    threat = next(t for t in ex.figure.data if t.name == "US act: threat")
    assert "Fixture words" not in threat.hovertext[0]


def test_stats_panel_escapes_and_reports(explorer: Explorer) -> None:
    assert explorer.stats.value.startswith("<div class='seesaw-stats'")
    assert explorer.stats_table["runs observed"] >= 1


def test_the_panel_gives_the_verdicts_in_words(explorer: Explorer) -> None:
    """The panel's sentences are the verdicts' own, for the selection and window."""
    rows = explorer.selection()
    start, end = explorer.start.value, explorer.end.value
    alt = alternation_verdict(rows, start, end, permutations=0, power_runs=0)
    ovt = overture_verdict(rows, start, end)
    from seesaw.data.safe import html_text

    for sentence in (alt.sentence(), ovt.sentence()):
        body = html_text(sentence[:1].upper() + sentence[1:])
        assert body in explorer.stats.value
    assert explorer.stats_table["alternation"] == alt.verdict
    assert explorer.stats_table["turn-taking test p"] == p_text(alt.spells.p_value)
    assert explorer.stats_table["timing test p"] == p_text(ovt.timing.p_value)
    assert "{" not in explorer.stats.value  # not a raw dict


def test_a_change_is_said_in_the_live_region(explorer: Explorer) -> None:
    assert "aria-live='polite'" in explorer.said.value
    explorer.start.value = dt.date(2025, 6, 1)
    assert day_words(dt.date(2025, 6, 1)) in explorer.said.value
    assert "1 Jun 2025" in explorer.said.value


def test_presets_set_the_controls(explorer: Explorer) -> None:
    labels = explorer.preset_labels()
    assert set(labels) <= set(PRESETS)
    explorer.apply_preset("sanctions_tariffs")
    assert set(explorer.selection()["kind"]) <= {
        "sanctions_threat",
        "tariff_threat",
        "sanctions",
        "sanctions_relief",
        "tariff",
    }
    explorer.apply_preset("president")
    us = explorer.selection().query("actor == 'us'")
    assert set(us["actor_detail"]) <= {"Trump"} and "material" not in set(us["mode"])
    explorer.apply_preset("threats_as_deeds")
    assert explorer.custom_weights()["threat"] == explorer.custom_weights()["material"]
    explorer.apply_preset("article_window")
    assert explorer.end.value == dt.date.fromisoformat(vocab.ARTICLE_END)
    explorer.apply_preset("after_article")
    assert explorer.start.value == dt.date.fromisoformat(
        vocab.ARTICLE_END
    ) + dt.timedelta(days=1)
    explorer.preset.value = "everything"
    assert explorer.scheme.value == vocab.DEFAULT_SCHEME
    assert len(explorer.kinds) == len(set(explorer.events["kind"]))
    with pytest.raises(ValueError, match="unknown preset"):
        explorer.apply_preset("nonsense")


def test_since_alaska_comes_from_the_data() -> None:
    data = load_dataset(FIXTURES.parent.parent / "data")
    ex = Explorer(data.events, data.quotes)
    assert ex.alaska == dt.date(2025, 8, 15)
    assert "Since Alaska (15 Aug 2025)" in ex.preset_labels().values()
    ex.apply_preset("since_alaska")
    assert ex.start.value == ex.alaska
    assert ex.selection()["date"].min().date() >= ex.alaska


def test_every_control_has_a_label_that_is_not_cut_off(explorer: Explorer) -> None:
    for control in [explorer.preset, *explorer._controls()]:
        assert control.description, control
        if "description_width" in control.style.keys:
            assert control.style.description_width == "initial", control.description


# --- What a change recomputes, and that nothing shown is stale ---------------------


def test_same_values() -> None:
    a = np.array([1.0, 2.0])
    assert same_values(a, a.copy()) and same_values(None, None)
    assert not same_values(a, np.array([1.0, 3.0]))
    assert not same_values(a, np.array([1, 2]))  # another dtype: sent again
    assert not same_values(a, a[:1]) and not same_values(a, None)
    assert not same_values(a, [1.0, 2.0])  # an array and a list: sent again
    days = np.array(["2025-01-01", "2025-01-02"], dtype="datetime64[ns]")
    assert same_values(days, days.copy()) and not same_values(days, days[::-1])
    ids = np.array(["E1", "E2"], dtype=object)
    assert same_values(ids, ids.copy()) and not same_values(ids, ids[::-1])
    assert same_values(["a", "b"], ["a", "b"]) and not same_values(["a"], ["b"])
    assert same_values("balance", "balance") and not same_values("a", "b")
    assert not same_values([1], (1,))
    shapes = [{"x0": pd.Timestamp("2025-01-01"), "line": {"width": 0}}]
    assert same_values(shapes, [dict(s) for s in shapes])


def _shown(ex: Explorer) -> list[dict]:
    return [
        {
            "name": t.name,
            "x": None if t.x is None else list(np.asarray(t.x, "datetime64[ns]")),
            "y": None if t.y is None else list(np.asarray(t.y, float)),
            "hovertext": None if t.hovertext is None else list(t.hovertext),
            "customdata": None if t.customdata is None else list(t.customdata),
            "size": None
            if t.marker is None or t.marker.size is None
            else list(np.atleast_1d(np.asarray(t.marker.size, float))),
        }
        for t in ex.figure.data
    ]


def test_after_many_changes_the_chart_and_panel_equal_a_fresh_explorer(data) -> None:
    """A redraw sends only what changed, and verdicts are remembered: after a run of
    changes the explorer shows exactly what one built afresh in that state shows."""
    ex = Explorer(data.events, data.quotes)
    ex.smoothing.value = 7
    ex.start.value = dt.date(2025, 5, 1)
    ex.scheme.value = "goldstein"
    ex.actors["russia"].value = False
    ex.actors["russia"].value = True
    ex.show_quotes.value = False
    ex.smoothing.value = 21
    ex.apply_preset("sanctions_tariffs")
    ex.apply_preset("everything")
    ex.start.value = dt.date(2025, 6, 1)
    ex.scheme.value = "flat"
    ex.smoothing.value = 9
    ex.show_quotes.value = True
    fresh = Explorer(
        data.events,
        data.quotes,
        start=dt.date(2025, 6, 1),
        scheme="flat",
        smoothing_days=9,
    )
    assert _shown(ex) == _shown(fresh)
    assert ex.figure.layout.shapes == fresh.figure.layout.shapes
    assert ex.figure.layout.title.text == fresh.figure.layout.title.text
    assert ex.figure.layout.meta == fresh.figure.layout.meta
    assert ex.stats_table == fresh.stats_table
    assert ex.stats.value == fresh.stats.value


def test_verdicts_are_keyed_on_the_rows_they_read(data) -> None:
    ex = Explorer(data.events, data.quotes)
    start, end = ex.start.value, ex.end.value

    def keys() -> tuple:
        rows = ex.selection()
        return (
            verdict_rows_key(rows, start, end, ("us",)),
            verdict_rows_key(rows, start, end, ("us", "russia")),
        )

    everything = keys()
    other = next(a for a in ex.actors if a not in ("us", "russia"))
    ex.actors[other].value = False  # neither verdict reads these rows
    assert keys() == everything
    ex.actors[other].value = True
    ex.actors["russia"].value = False  # only the overture verdict reads Russia's
    alt, ovt = keys()
    assert alt == everything[0] and ovt != everything[1]
    ex.actors["russia"].value = True
    ex.actors["us"].value = False
    alt, ovt = keys()
    assert alt != everything[0] and ovt != everything[1]
    ex.actors["us"].value = True
    # Without a date the window comes from every row: every row counts.
    rows = ex.selection()
    assert verdict_rows_key(rows, None, end, ("us",))[0] == "all"


def test_a_remembered_verdict_is_the_verdict_of_the_new_selection(data) -> None:
    ex = Explorer(data.events, data.quotes)
    other = next(a for a in ex.actors if a not in ("us", "russia"))
    ex.actors[other].value = False  # both verdicts remembered from the first draw
    rows = ex.selection()
    start, end = ex.start.value, ex.end.value
    alt = alternation_verdict(rows, start, end, permutations=0, power_runs=0)
    ovt = overture_verdict(rows, start, end)
    assert ex.stats_table["alternation"] == alt.verdict
    assert ex.stats_table["turn-taking test p"] == p_text(alt.spells.p_value)
    assert ex.stats_table["runs test p"] == p_text(alt.runs.p_more)
    assert "label-shuffle p" not in ex.stats_table
    assert ex.stats_table["timing test p"] == p_text(ovt.timing.p_value)
    assert html_text(cap(alt.sentence())) in ex.stats.value
    assert html_text(cap(ovt.sentence())) in ex.stats.value
    remembered = dict(ex.stats_table)
    ex.forget_verdicts()
    assert not ex.verdicts.cache
    ex.update()  # computed afresh: the same
    assert ex.stats_table == remembered
    assert len(ex.verdicts.cache) == 2  # one alternation and one overture verdict
    ex.scheme.value = "flat"  # the alternation test runs again, the overtures' not
    assert len(ex.verdicts.cache) == 3


def test_the_still_in_07_is_the_one_in_figures() -> None:
    """07 shows readers of the static notebook `figures/explorer.png`, attached to its
    cell; `make screenshot` retakes both at once, so they never drift apart."""
    nb = nbformat.read(paths.NOTEBOOKS / "07_explorer.ipynb", as_version=4)
    cells = [c for c in nb.cells if "explorer.png" in c.get("attachments", {})]
    assert len(cells) == 1
    assert "](attachment:explorer.png)" in cells[0].source
    attached = base64.b64decode(cells[0]["attachments"]["explorer.png"]["image/png"])
    assert attached[:8] == b"\x89PNG\r\n\x1a\n"
    assert attached == (paths.ROOT / "figures" / "explorer.png").read_bytes()


def test_the_track_selector_tests_the_gaza_track_on_its_own_sides() -> None:
    data = load_dataset(paths.DATA)
    ex = Explorer(data.events, data.quotes)
    ukraine = dict(ex.stats_table)
    assert "raised pressure on Moscow" in ukraine and "track" not in ukraine
    ex.track.value = "gaza"
    table = ex.stats_table
    assert table["track"] == "gaza" and "raised pressure on Moscow" not in table
    rows = ex.selection()
    gaza = rows[rows["track"].astype(str).eq("gaza")]
    on_hamas = (
        gaza["actor"].astype(str).eq("us")
        & gaza["pressure_on"].astype(str).eq("hamas")
        & gaza["effect"].astype(str).eq("raise")
    )
    assert table["raised pressure on Hamas"] == int(on_hamas.sum())
    assert table["timing hamas"] in (
        "follow_pressure",
        "no_pattern",
        "inconclusive",
        "untestable",
    )
    assert "concessions follow US pressure on Hamas" in ex.stats.value
    assert "Gaza track" in ex.said_text
    ex.track.value = "ukraine"
    assert ex.stats_table == ukraine


def test_a_cleared_date_is_the_first_or_last_act_not_a_background_row(data) -> None:
    """With From (or To) cleared the verdicts' window runs from the data's first act (or
    to its last): a background row (kind `context`) dated years earlier moves neither."""
    background = data.events.iloc[[0]].assign(
        id="E9999", date=pd.Timestamp("2018-05-14"), kind="context"
    )
    background["kind"] = background["kind"].astype(data.events["kind"].dtype)
    events = pd.concat([background, data.events], ignore_index=True)
    acts = data.events["date"]
    first, last = acts.min().date(), acts.max().date()
    ex = Explorer(events, data.quotes, start=first)
    dated = (ex.said_text, dict(ex.stats_table))
    assert ex.stats_table["window"] == f"{day_words(first)} to {day_words(last)}"
    ex.start.value = None
    assert (ex.said_text, dict(ex.stats_table)) == dated
    ex.end.value = None
    assert (ex.said_text, dict(ex.stats_table)) == dated
    assert ex.dates() == (first, last)
    ex.start.value = dt.date(2018, 5, 14)  # a day the user picks is kept
    assert ex.dates()[0] == dt.date(2018, 5, 14)
