"""Describing the dataset: tracks, coverage, outlets, counts and levers, by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from seesaw import paths
from seesaw.analysis import describe
from seesaw.data import vocab
from seesaw.data.load import load_dataset
from tests.conftest import GOOD
from tests.factories import other_acts, typed, us_acts


@pytest.fixture(scope="module")
def data():
    return load_dataset(GOOD)


def test_track_of_each_row_by_hand(data) -> None:
    assert describe.track(data.events).tolist() == [
        "US on Kyiv",
        "US on Moscow",
        "US on Kyiv",
        "Ukraine",
        "Russia",
        "US on Moscow",
    ]
    gaza = other_acts([("2025-05-01", "hamas", "statement", "neutral")])
    assert describe.track(gaza).tolist() == ["Gaza track"]


def test_monthly_coverage_lists_every_month_and_leaves_out_context(data) -> None:
    context = other_acts([("2024-01-05", "us", "context", "neutral")])
    gap = us_acts([("2025-06-02", "kyiv", "raise", "verbal")], start_id=900)
    rows = typed(pd.concat([data.events, context, gap], ignore_index=True))
    table = describe.monthly_coverage(rows)
    assert [str(m) for m in table.index] == [
        "2025-03",
        "2025-04",
        "2025-05",
        "2025-06",
    ]
    assert list(table.columns) == [*vocab.TRACKS, "total"]
    assert table["total"].tolist() == [5, 1, 0, 1]
    assert table.loc[pd.Period("2025-03"), "US on Kyiv"] == 2


def test_outlet_counts_by_hand(data) -> None:
    table = describe.outlet_counts(data.events, data.quotes)
    assert table.index.tolist() == ["Example News", "Example Wire"]
    assert table["events"].tolist() == [5, 1]
    assert table["quotes"].tolist() == [1, 1]
    assert table["total"].tolist() == [6, 2]
    assert table["state_media"].tolist() == [False, True]


def test_counts_by_lists_every_category(data) -> None:
    modes = describe.counts_by(data.events, "mode")
    assert modes.to_dict() == {"verbal": 3, "threat": 1, "material": 2}
    actors = describe.counts_by(data.events, "actor")
    assert actors.index.tolist() == list(vocab.ACTORS)
    assert actors.sum() == len(data.events) and actors["qatar"] == 0
    # A column without a vocabulary is counted as it is.
    assert describe.counts_by(data.events, "actor_detail")["Trump"] == 3


def test_linked_share(data) -> None:
    # E0003 reverses E0001 and responds to E0004; E0005 responds to E0002.
    assert describe.linked_share(data.events) == pytest.approx(2 / 6)
    assert describe.linked_share(data.events.iloc[0:0]) == 0.0


def test_gaza_track_reads_the_track_column() -> None:
    rows = other_acts(
        [
            ("2025-05-01", "israel", "strike", "hostile"),
            ("2025-05-02", "russia", "call", "neutral"),
            ("2025-05-03", "us", "statement", "hostile"),
        ]
    )
    # A US act on the Gaza track addressed to no Gaza party (a UN vote, a remark to
    # reporters) is on the Gaza track by its column, whatever its recipient.
    rows["track"] = ["gaza", "ukraine", "gaza"]
    assert describe.gaza_track(typed(rows)).tolist() == [True, False, True]
    assert describe.track(typed(rows)).tolist() == [
        "Gaza track",
        "Russia",
        "Gaza track",
    ]
    assert not describe.gaza_track(load_dataset(GOOD).events).any()


def test_every_row_once_tracked_by_its_parties_keeps_that_track() -> None:
    """The rows in the data before the column came got their track by the rule that
    preceded it (an act by or to Israel, Hamas, Qatar or Egypt); ids below E1001."""
    events = load_dataset(paths.DATA).events
    old = events[events["id"].str[1:].astype(int) < 1001]
    by_party = old["actor"].astype(str).isin(vocab.GAZA_ACTORS) | old[
        "recipient"
    ].astype(str).isin(vocab.GAZA_ACTORS)
    assert describe.gaza_track(old).tolist() == by_party.tolist()


def test_levers_count_us_acts_by_kind_on_each_track(data) -> None:
    table = describe.levers(data.events)
    assert list(table.columns) == ["Ukraine: on Moscow", "Ukraine: on Kyiv", "Gaza"]
    assert table.loc["aid_pause"].tolist() == [0, 1, 0]
    assert table.loc["statement"].tolist() == [1, 0, 0]
    assert table.to_numpy().sum() == 4  # the four US acts


def test_span_words_keep_background_rows_apart() -> None:
    acts = us_acts(
        [
            ("2025-01-22", "moscow", "raise", "threat"),
            ("2025-03-02", "kyiv", "raise", "verbal"),
            ("2018-05-14", "moscow", "raise", "verbal", "context"),
        ]
    )
    span = describe.span_words(acts)
    assert (span["rows"], span["acts"], span["context"], span["months"]) == (3, 2, 1, 3)
    assert span["span"] == "January 2025 to March 2025"
    assert span["context_first"] == pd.Timestamp("2018-05-14")


def test_overtures_by_hand() -> None:
    acts = other_acts(
        [
            ("2025-03-01", "russia", "call", "cooperative"),
            ("2025-03-02", "russia", "counter_proposal", "neutral"),
            ("2025-03-03", "russia", "call", "hostile"),
            ("2025-03-04", "russia", "strike", "hostile"),
            ("2025-03-05", "ukraine", "call", "cooperative"),
        ]
    )
    from seesaw.analysis.overtures import overture_rows

    ids = acts["id"].tolist()
    assert overture_rows(acts)["id"].tolist() == ids[:2]  # not hostile, not Ukraine's
    assert overture_rows(acts, "narrow")["id"].tolist() == ids[:1]


def test_the_wilson_interval_of_no_hits_still_reaches_up() -> None:
    lo, hi = describe.wilson(0, 5)
    assert lo == 0.0 and 0.4 < hi < 0.5  # 0 of 5: the interval still reaches 43%


def test_the_wilson_interval_is_statsmodels_to_the_bit() -> None:
    """Written out to spare the kernels statsmodels' import; it must not drift from it."""
    from statsmodels.stats.proportion import proportion_confint

    for n in range(1, 60):
        for hits in range(n + 1):
            for alpha in (0.05, 0.1, 0.01):
                want = proportion_confint(hits, n, alpha=alpha, method="wilson")
                assert describe.wilson(hits, n, alpha) == tuple(map(float, want))
    assert all(x != x for x in describe.wilson(0, 0))


def test_the_stored_critical_values_are_scipys_to_the_bit() -> None:
    """The kernels read the project alpha's critical value from a table, not scipy."""
    from scipy.special import ndtri

    assert describe.Z_CRITICAL  # the project's alpha is in it
    for alpha, z in describe.Z_CRITICAL.items():
        assert z == -float(ndtri(alpha / 2.0))


def test_the_binomial_tail_is_scipys_to_the_bit() -> None:
    """Written as the incomplete beta function to spare the kernels scipy.stats."""
    from scipy import stats

    for n in range(0, 80):
        for hits in range(-1, n + 2):
            for rate in (0.0, 0.013, 0.25, 0.5, 0.77, 0.999, 1.0):
                want = float(stats.binom.sf(hits - 1, n, rate))
                assert describe.binomial_tail(hits, n, rate) == want, (hits, n, rate)
    assert describe.binomial_tail(2, 5, float("nan")) != describe.binomial_tail(
        2, 5, 0.5
    )


def test_the_binomial_probabilities_are_scipys_within_1e_13() -> None:
    import numpy as np
    from scipy import stats

    for n in (0, 1, 7, 30, 99):
        for rate in (0.0, 0.04, 0.5, 0.93, 1.0):
            got = np.asarray(describe.binomial_pmf(n, rate))
            want = stats.binom.pmf(np.arange(n + 1), n, rate)
            assert np.allclose(got, want, rtol=0, atol=1e-13), (n, rate)
            assert got.sum() == pytest.approx(1.0)
