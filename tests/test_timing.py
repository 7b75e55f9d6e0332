"""Moscow's timing: the overtures, the event study and its placebo band."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from seesaw.analysis import overtures, timing
from seesaw.analysis.metrics import MetricError
from seesaw.analysis.score import score_events
from tests.factories import other_acts, us_acts

US = us_acts(
    [
        ("2025-07-14", "moscow", "raise", "threat", "deadline"),
        ("2025-07-28", "moscow", "raise", "threat", "deadline"),
        ("2025-08-15", "moscow", "relieve", "material", "summit"),
        ("2025-10-12", "moscow", "raise", "verbal", "weapons_supply"),
        ("2025-10-16", "moscow", "relieve", "verbal", "summit_offer"),
        ("2025-10-22", "moscow", "raise", "material", "sanctions"),
    ]
)
RU = other_acts(
    [
        ("2025-08-06", "russia", "meeting", "cooperative"),
        ("2025-10-16", "russia", "call", "cooperative"),
        ("2025-09-01", "russia", "demand", "hostile"),
    ]
)
EVENTS = pd.concat([US, RU], ignore_index=True)
SCORED = score_events(EVENTS, "flat")
SPAN = (pd.Timestamp("2025-07-01"), pd.Timestamp("2025-10-31"))


def test_overtures_and_hardline_moves() -> None:
    assert overtures.overture_rows(EVENTS)["id"].tolist() == ["E5001", "E5002"]
    assert timing.hardline_moves(EVENTS)["id"].tolist() == ["E5003"]


def test_event_study_profile_by_hand() -> None:
    esc = overtures.escalation_rows(SCORED)
    study = timing.event_study(
        pd.Series([pd.Timestamp("2025-10-16")]),
        esc,
        SPAN,
        event_window_days=7,
        draws=200,
        seed=1,
    )
    prof = study.profile.set_index("offset")["mean"]
    assert prof[-4] == 1.0  # the Tomahawk hint of 12 Oct
    assert prof[6] == 1.0  # the sanctions of 22 Oct
    assert prof.drop([-4, 6]).eq(0).all()
    assert study.pre_mean == pytest.approx(1 / 7)
    assert study.post_mean == pytest.approx(1 / 7)
    assert study.pre_minus_post == 0
    assert 0 < study.p_value <= 1
    assert (study.profile["placebo_low"] <= study.profile["placebo_high"]).all()


def test_event_study_detects_pressure_before_anchors() -> None:
    rng = np.random.default_rng(0)
    anchors = pd.to_datetime("2025-01-01") + pd.to_timedelta(
        np.sort(rng.choice(300, 12, replace=False)) + 20, "D"
    )
    acts = us_acts(
        [(d - pd.Timedelta(days=3), "moscow", "raise", "threat") for d in anchors]
    )
    study = timing.event_study(
        pd.Series(anchors),
        score_events(acts, "flat"),
        (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31")),
        event_window_days=7,
        draws=999,
        seed=2,
    )
    assert study.profile.set_index("offset")["mean"][-3] == 1.0
    assert study.p_value < 0.01


def test_event_study_placebo_draws_every_day_of_the_span() -> None:
    # A 15-day span and a 7-day window: only 8 March leaves room for the window on
    # both sides. The placebo draws from all 15 days (as its docstring says), so some
    # placebo days fall on 1 March, where the one act is, and their missing offsets
    # (before 1 March) count as days without acts.
    acts = score_events(us_acts([("2025-03-01", "moscow", "raise", "threat")]), "flat")
    span = (pd.Timestamp("2025-03-01"), pd.Timestamp("2025-03-15"))
    study = timing.event_study(
        pd.Series([pd.Timestamp("2025-03-08")]), acts, span, 7, draws=2000, seed=3
    )
    band = study.profile.set_index("offset")
    assert band.loc[-7, "mean"] == 1.0 and band["mean"].sum() == 1.0
    # A placebo day on 1 March sees the act at offset 0; one on 8 March at offset -7.
    assert band.loc[0, "placebo_high"] == 1.0
    assert band.loc[-7, "placebo_high"] == 1.0
    assert (band["placebo_low"] == 0).all()


def test_event_study_refuses_a_window_wider_than_the_span() -> None:
    with pytest.raises(
        MetricError, match="event_window_days: 100 needs a span of at least 201 days"
    ):
        timing.event_study(
            pd.Series([pd.Timestamp("2025-08-01")]), SCORED, SPAN, event_window_days=100
        )


def test_one_definition_of_a_russian_overture() -> None:
    """The timeline's strip and the verdicts count the same rows as overtures."""
    from seesaw import paths
    from seesaw.analysis import overtures
    from seesaw.data.load import load_dataset

    events = load_dataset(paths.DATA).events
    strip = overtures.overture_rows(events)["id"].tolist()
    tested = overtures.overture_rows(events, "wide").sort_values(["date", "id"])
    assert strip == tested["id"].tolist() and len(strip) > 0
