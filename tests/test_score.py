"""Scoring: direction of each act, magnitudes under each scheme, custom weights."""

from __future__ import annotations

import pandas as pd
import pytest

from seesaw import score, vocab
from tests.factories import us_acts

ACTS = us_acts(
    [
        ("2025-03-03", "kyiv", "raise", "material", "aid_pause"),  # toward Kyiv
        (
            "2025-03-07",
            "moscow",
            "raise",
            "threat",
            "sanctions_threat",
        ),  # toward Moscow
        ("2025-03-11", "kyiv", "relieve", "material", "aid_resume"),  # toward Moscow
        ("2025-03-18", "moscow", "relieve", "verbal", "summit_offer"),  # toward Kyiv
    ]
)


def test_direction_follows_the_seesaw_rule() -> None:
    assert score.direction(ACTS).tolist() == [-1, 1, 1, -1]


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [
        ("flat", [-1.0, 1.0, 1.0, -1.0]),
        ("mode", [-3.0, 2.0, 3.0, -1.0]),
        # CAMEO 1622 (5.6), 1312 (5.8), 072 (8.3), 036 (4.0)
        ("goldstein", [-5.6, 5.8, 8.3, -4.0]),
    ],
)
def test_schemes_by_hand(scheme: str, expected: list[float]) -> None:
    scored = score.score_events(ACTS, scheme)
    assert scored["score"].tolist() == pytest.approx(expected)


def test_goldstein_statement_depends_on_tone() -> None:
    acts = us_acts([("2025-02-19", "kyiv", "raise", "verbal", "statement")])
    assert score.magnitude(acts, "goldstein").item() == 2.0  # 111 Criticize or denounce
    acts["tone"] = pd.Categorical(["cooperative"], categories=list(vocab.TONES))
    assert score.magnitude(acts, "goldstein").item() == 3.4  # 019 Express accord


def test_every_kind_has_a_goldstein_entry_within_the_scale() -> None:
    table = score.goldstein_table()
    assert set(table["kind"]) == set(vocab.KINDS)
    assert table["goldstein"].between(-10, 10).all()


def test_custom_weights_kinds_win_over_modes() -> None:
    scored = score.score_events(
        ACTS, weights={"material": 5, "threat": 0, "aid_resume": 2}
    )
    assert scored["score"].tolist() == [-5.0, 0.0, 2.0, -1.0]


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"loud": 1}, "unknown key 'loud'"),
        ({"verbal": -1}, "must be a finite number >= 0"),
        ({"verbal": float("nan")}, "must be a finite number >= 0"),
        ({"verbal": "2"}, "expected a number"),
        ({}, "give a mapping"),
    ],
)
def test_bad_weights_are_refused(weights: dict, message: str) -> None:
    with pytest.raises(score.ScoringError, match=message):
        score.score_events(ACTS, weights=weights)


def test_unknown_scheme_names_the_allowed() -> None:
    with pytest.raises(score.ScoringError, match="allowed: flat, mode, goldstein"):
        score.score_events(ACTS, "loud")


def test_only_us_pressure_acts_are_scored_and_sorted() -> None:
    shuffled = ACTS.sample(frac=1, random_state=3)
    scored = score.score_events(shuffled)
    assert scored["id"].tolist() == ["E0001", "E0002", "E0003", "E0004"]
